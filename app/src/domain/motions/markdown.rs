//! A file of motions in Markdown: a conference's rules for motions, its subjects and its
//! motions, as the demo data keeps them (`server/demo/motions-2027.md`) and as a list of
//! motions can be imported. The format is in `docs/motions.md`:
//!
//! ```text
//! # Motions to Annual Conference 2027      (the file's title)
//! Any text: an introduction.
//! ## Rules                                  (optional: MotionRules fields)
//! - word limit: 250
//! - motions deadline: 2027-09-09
//! ## Subjects                               (optional)
//! - The NHS
//! ## Motion: Fund the NHS workforce plan    (one per motion)
//! - proposer: Riverside CLP
//! - from: clp                               (clp, affiliate or nec)
//! - kind: emergency                         (optional, contemporary by default)
//! - subject: The NHS                        (optional; one of the subjects)
//! - event: …  / - event date: 2027-09-13    (emergency motions only, both required)
//!
//! Conference notes …                        (the body, to the next "## ")
//! ```
//!
//! In the body, lines of a paragraph are joined with a space (the file may wrap them), list
//! items (`- `, `1. `, `(a) ` …) keep a line each, and paragraphs are separated by a blank
//! line. Every error names its line. [`render`] writes a file back; reading what it wrote gives
//! the same file.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::MotionKind;
use super::date::Date;
use super::rules::{EmergencyEvent, MotionRules, Quota};
use crate::domain::conference::workflow::Proposer;

/// A file of motions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MotionsFile {
    /// The title (the `# ` line).
    pub title: String,
    /// The text between the title and the first section, trimmed.
    pub intro: String,
    /// The conference's rules for motions, if the file gives them.
    pub rules: Option<MotionRules>,
    /// The subjects, in order.
    pub subjects: Vec<String>,
    /// The motions, in order.
    pub motions: Vec<FileMotion>,
}

/// One motion of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMotion {
    /// Its title.
    pub title: String,
    /// The proposing organisation's name.
    pub proposer: String,
    /// What kind of organisation proposes it.
    pub from: Proposer,
    /// Contemporary or emergency.
    pub kind: MotionKind,
    /// Its subject, one of the file's subjects.
    pub subject: Option<String>,
    /// For an emergency motion, its event.
    pub event: Option<EmergencyEvent>,
    /// The body: paragraphs separated by a blank line, list items one to a line.
    pub body: String,
}

/// A file that cannot be read, with the line at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FileError {
    /// The line (from 1).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn err<T>(line: usize, message: impl fmt::Display) -> Result<T, FileError> {
    Err(FileError {
        line,
        message: message.to_string(),
    })
}

/// Which section of the file a line is in.
enum Part {
    Intro,
    Rules,
    Subjects,
    Motion,
}

/// Reads a file of motions.
pub fn parse(text: &str) -> Result<MotionsFile, FileError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut file = MotionsFile::default();
    let mut i = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    match lines.get(i).and_then(|l| l.strip_prefix("# ")) {
        Some(title) if !title.trim().is_empty() => file.title = title.trim().to_owned(),
        _ => return err(i + 1, "the file must start with its title: a line “# …”"),
    }
    i += 1;
    let mut part = Part::Intro;
    let mut intro: Vec<&str> = Vec::new();
    let mut motion_start = 0;
    let mut body: Vec<(usize, &str)> = Vec::new();
    while i <= lines.len() {
        let line = lines.get(i).copied();
        let heading = line.and_then(|l| l.strip_prefix("## "));
        if (heading.is_some() || line.is_none()) && matches!(part, Part::Motion) {
            finish_motion(&mut file, motion_start, &lines, &body)?;
            body.clear();
        }
        let Some(line) = line else { break };
        let n = i + 1;
        i += 1;
        if let Some(h) = heading {
            let h = h.trim();
            part = match h {
                "Rules" if file.rules.is_none() && file.motions.is_empty() => {
                    file.rules = Some(MotionRules::default());
                    Part::Rules
                }
                "Subjects" if file.subjects.is_empty() && file.motions.is_empty() => Part::Subjects,
                "Rules" | "Subjects" => {
                    return err(n, format!("“## {h}” must come once, before the motions"));
                }
                _ => match h.strip_prefix("Motion:") {
                    Some(title) if !title.trim().is_empty() => {
                        motion_start = n;
                        Part::Motion
                    }
                    _ => {
                        return err(
                            n,
                            format!(
                                "“## {h}” is not a section: use “## Rules”, “## Subjects” or \
                                 “## Motion: <title>”"
                            ),
                        );
                    }
                },
            };
            continue;
        }
        match part {
            Part::Intro => intro.push(line),
            Part::Rules => rule_line(&mut file, n, line)?,
            Part::Subjects => subject_line(&mut file, n, line)?,
            Part::Motion => body.push((n, line)),
        }
    }
    file.intro = intro.join("\n").trim().to_owned();
    Ok(file)
}

/// A `- key: value` line, or `None` for a blank line.
fn item(n: usize, line: &str) -> Result<Option<(String, &str)>, FileError> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let Some((key, value)) = line.strip_prefix("- ").and_then(|l| l.split_once(':')) else {
        return err(n, "expected a line “- key: value”");
    };
    Ok(Some((key.trim().to_lowercase(), value.trim())))
}

fn date(n: usize, value: &str) -> Result<Date, FileError> {
    Date::parse_iso(value).or_else(|e| err(n, e))
}

fn number(n: usize, value: &str) -> Result<u32, FileError> {
    value
        .parse()
        .or_else(|_| err(n, format!("“{value}” is not a whole number")))
}

fn rule_line(file: &mut MotionsFile, n: usize, line: &str) -> Result<(), FileError> {
    let Some((key, value)) = item(n, line)? else {
        return Ok(());
    };
    let Some(r) = file.rules.as_mut() else {
        return Ok(());
    };
    match key.as_str() {
        "word limit" => r.word_limit = number(n, value)?,
        "title word limit" => r.title_word_limit = Some(number(n, value)?),
        "contemporary cut-off" => r.contemporary_cutoff = Some(date(n, value)?),
        "motions deadline" => r.motions_deadline = Some(date(n, value)?),
        "emergency deadline" => r.emergency_deadline = Some(date(n, value)?),
        "emergency motions per clp" => r.emergency_per_clp = number(n, value)?,
        "quota" => {
            r.quota = match value {
                "one motion and one rule change" => Quota::MotionAndRuleChange,
                "one motion or one rule change" => Quota::MotionOrRuleChange,
                _ => {
                    return err(
                        n,
                        "the quota is “one motion and one rule change” or “one motion or one \
                         rule change”",
                    );
                }
            }
        }
        _ => return err(n, format!("“{key}” is not a rule for motions")),
    }
    Ok(())
}

fn subject_line(file: &mut MotionsFile, n: usize, line: &str) -> Result<(), FileError> {
    if line.trim().is_empty() {
        return Ok(());
    }
    let Some(name) = line
        .strip_prefix("- ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return err(n, "expected a subject: a line “- <name>”");
    };
    if file.subjects.iter().any(|s| s.eq_ignore_ascii_case(name)) {
        return err(n, format!("the subject “{name}” is listed twice"));
    }
    file.subjects.push(name.to_owned());
    Ok(())
}

/// Reads one motion: the heading's line `start`, then `lines` up to the next section.
fn finish_motion(
    file: &mut MotionsFile,
    start: usize,
    all: &[&str],
    lines: &[(usize, &str)],
) -> Result<(), FileError> {
    let title = all[start - 1]
        .trim_start_matches("## Motion:")
        .trim()
        .to_owned();
    if file.motions.iter().any(|m| m.title == title) {
        return err(
            start,
            format!("a motion titled “{title}” is already in the file"),
        );
    }
    let (mut proposer, mut from, mut kind, mut subject) = (None, None, MotionKind::default(), None);
    let (mut event, mut event_date) = (None, None);
    let mut k = lines
        .iter()
        .take_while(|(_, l)| l.trim().is_empty())
        .count();
    while let Some(&(n, line)) = lines.get(k) {
        if !line.starts_with("- ") || !line.contains(':') {
            break;
        }
        k += 1;
        let Some((key, value)) = item(n, line)? else {
            break;
        };
        match key.as_str() {
            "proposer" if !value.is_empty() => proposer = Some(value.to_owned()),
            "from" => {
                from = Some(match value {
                    "clp" => Proposer::Clp,
                    "affiliate" => Proposer::Affiliate,
                    "nec" => Proposer::Nec,
                    _ => return err(n, "“from” is clp, affiliate or nec"),
                })
            }
            "kind" => kind = value.parse().or_else(|e| err(n, e))?,
            "subject" => {
                let Some(s) = file.subjects.iter().find(|s| s.eq_ignore_ascii_case(value)) else {
                    return err(n, format!("“{value}” is not one of the subjects listed"));
                };
                subject = Some(s.clone());
            }
            "event" if !value.is_empty() => event = Some(value.to_owned()),
            "event date" => event_date = Some(date(n, value)?),
            _ => return err(n, format!("“{key}: {value}” is not something a motion has")),
        }
    }
    let (Some(proposer), Some(from)) = (proposer, from) else {
        return err(start, "a motion needs “- proposer: …” and “- from: …”");
    };
    let event = match (kind, event, event_date) {
        (MotionKind::Emergency, Some(description), Some(date)) => Some(EmergencyEvent {
            description,
            date: Some(date),
        }),
        (MotionKind::Emergency, _, _) => {
            return err(
                start,
                "an emergency motion needs “- event: …” and “- event date: …”",
            );
        }
        (MotionKind::Contemporary, None, None) => None,
        (MotionKind::Contemporary, _, _) => {
            return err(start, "only an emergency motion has an event");
        }
    };
    let body = unwrap_body(&lines[k..]);
    if body.is_empty() {
        return err(start, format!("the motion “{title}” has no text"));
    }
    file.motions.push(FileMotion {
        title,
        proposer,
        from,
        kind,
        subject,
        event,
        body,
    });
    Ok(())
}

/// Whether a body line opens a list item.
fn is_item(line: &str) -> bool {
    let first = line.split(' ').next().unwrap_or("");
    let label = first
        .strip_suffix(['.', ')'])
        .map(|l| l.trim_start_matches('('));
    matches!(first, "-" | "*" | "•")
        || label.is_some_and(|l| {
            (1..=3).contains(&l.len())
                && (l.bytes().all(|b| b.is_ascii_digit())
                    || (l.len() == 1 && l.bytes().all(|b| b.is_ascii_lowercase())))
        })
}

/// A body as stored: wrapped lines of a paragraph or list item joined with a space.
fn unwrap_body(lines: &[(usize, &str)]) -> String {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut open = false;
    for &(_, line) in lines {
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        let text = line.trim();
        match paragraphs.last_mut() {
            Some(p) if open && !is_item(text) => {
                if let Some(last) = p.last_mut() {
                    last.push(' ');
                    last.push_str(text);
                }
            }
            Some(p) if open => p.push(text.to_owned()),
            _ => {
                paragraphs.push(vec![text.to_owned()]);
                open = true;
            }
        }
    }
    paragraphs
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Writes a file of motions; [`parse`] reads it back unchanged.
pub fn render(file: &MotionsFile) -> String {
    let mut out = format!("# {}\n", file.title);
    if !file.intro.is_empty() {
        out.push_str(&format!("\n{}\n", file.intro));
    }
    if let Some(r) = &file.rules {
        out.push_str(&format!("\n## Rules\n\n- word limit: {}\n", r.word_limit));
        if let Some(n) = r.title_word_limit {
            out.push_str(&format!("- title word limit: {n}\n"));
        }
        let dates = [
            ("contemporary cut-off", r.contemporary_cutoff),
            ("motions deadline", r.motions_deadline),
            ("emergency deadline", r.emergency_deadline),
        ];
        for (key, d) in dates {
            if let Some(d) = d {
                out.push_str(&format!("- {key}: {}\n", d.iso()));
            }
        }
        let quota = match r.quota {
            Quota::MotionAndRuleChange => "one motion and one rule change",
            Quota::MotionOrRuleChange => "one motion or one rule change",
        };
        out.push_str(&format!(
            "- quota: {quota}\n- emergency motions per CLP: {}\n",
            r.emergency_per_clp
        ));
    }
    if !file.subjects.is_empty() {
        out.push_str("\n## Subjects\n\n");
        for s in &file.subjects {
            out.push_str(&format!("- {s}\n"));
        }
    }
    for m in &file.motions {
        let from = match m.from {
            Proposer::Clp => "clp",
            Proposer::Affiliate => "affiliate",
            Proposer::Nec => "nec",
        };
        out.push_str(&format!(
            "\n## Motion: {}\n\n- proposer: {}\n- from: {from}\n- kind: {}\n",
            m.title,
            m.proposer,
            m.kind.as_str()
        ));
        if let Some(s) = &m.subject {
            out.push_str(&format!("- subject: {s}\n"));
        }
        if let Some(e) = &m.event {
            out.push_str(&format!("- event: {}\n", e.description));
            if let Some(d) = e.date {
                out.push_str(&format!("- event date: {}\n", d.iso()));
            }
        }
        out.push_str(&format!("\n{}\n", m.body));
    }
    out
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
pub(crate) mod tests;
