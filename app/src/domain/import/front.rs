//! The cover and the contents: where the rules start (the first chapter or appendix heading
//! that is not an entry of the contents), and what the cover says about the edition (title,
//! year, publication date, conference). Other text before the first chapter is reported.

use crate::domain::numbering::NodeKind;

use super::detect::{Line, short};
use super::detected::{DetectedMeta, Detection, Issue, Removed, RemovedLine};
use super::labels::keyword_heading;
use super::source::Break;

/// Whether a line ends with a page number the way a contents entry does ("…… 14", "\t14").
pub(super) fn is_contents_entry(text: &str) -> bool {
    let t = text.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 4 || digits == t.len() {
        return false;
    }
    let before = &t[..t.len() - digits];
    let trimmed = before.trim_end_matches(' ');
    trimmed.ends_with(['.', '…']) || before.ends_with('\t') || before.len() - trimmed.len() >= 2
}

/// The first chapter or appendix heading that is not a contents entry: the start of the rules.
pub(super) fn first_chapter(body: &[Line]) -> Option<usize> {
    body.iter().enumerate().position(|(i, line)| {
        let Some(h) = keyword_heading(&line.text) else {
            return false;
        };
        if !matches!(h.kind, NodeKind::Chapter | NodeKind::Appendix)
            || line.starts == Break::Continues
            || is_contents_entry(&line.text)
        {
            return false;
        }
        // "Chapter 2" on one line and "Membership rules …… 14" on the next is an entry too, as
        // is an entry that wraps.
        let next_is_entry = body
            .get(i + 1)
            .is_some_and(|n| is_contents_entry(&n.text) && keyword_heading(&n.text).is_none());
        !next_is_entry
    })
}

/// Sorts the lines before the first chapter into cover, contents and anything else (reported),
/// and reads the edition's title, year, date and conference from the cover.
pub(super) fn front_matter(lines: &[Line], first: &Line, detection: &mut Detection) {
    let first_page = first.source.at.page;
    let mut in_contents = false;
    for line in lines {
        let text = line.text.as_str();
        let at = line.source.at;
        let lower = text.to_lowercase();
        if matches!(lower.trim(), "contents" | "table of contents") {
            in_contents = true;
        }
        let earlier_page = first_page > 0 && at.page < first_page;
        let cover_fact = read_cover(text, &mut detection.meta);
        let why = if in_contents || is_contents_entry(text) {
            detection.counts.contents += 1;
            Removed::Contents
        } else if earlier_page || cover_fact {
            detection.counts.cover += 1;
            Removed::Cover
        } else {
            detection.add_note(
                at,
                None,
                Issue::TextBeforeFirstChapter,
                format!(
                    "text before the first chapter is not part of any rule and was left out: \
                     '{}'",
                    short(text)
                ),
            );
            Removed::BeforeFirstChapter
        };
        if why == Removed::BeforeFirstChapter {
            detection.removed.push(RemovedLine {
                at,
                text: text.to_owned(),
                why,
            });
        }
    }
}

/// Reads a cover line: "Rule Book 2024" (title and year), "Published 15 January 2024",
/// "… Annual Conference 2023". Returns whether the line said any of these.
fn read_cover(text: &str, meta: &mut DetectedMeta) -> bool {
    let lower = text.to_lowercase();
    let year = |s: &str| -> Option<i32> {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .filter_map(|w| w.parse::<i32>().ok())
            .find(|y| (1900..=2200).contains(y))
    };
    if lower.contains("published")
        && meta.published.is_none()
        && let Some(date) = english_date(text)
    {
        meta.published = Some(date);
        return true;
    }
    if lower.contains("rule book") || lower.contains("rulebook") {
        if meta.title.is_none()
            && let Some(y) = year(text)
        {
            meta.title = Some(text.trim().to_owned());
            meta.year = Some(y);
        }
        return true;
    }
    if let Some(at) = lower.find("annual conference")
        && meta.conference.is_none()
        && let Some(y) = year(&text[at..])
    {
        meta.conference = Some(y);
        return true;
    }
    false
}

/// "15 January 2024" (anywhere in the text) as `2024-01-15`.
fn english_date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.windows(3).find_map(|w| {
        let day: u32 = w[0].parse().ok().filter(|d| (1..=31).contains(d))?;
        let month = MONTHS.iter().position(|m| *m == w[1])? + 1;
        let year: u32 = w[2].parse().ok().filter(|y| (1900..=2200).contains(y))?;
        Some(format!("{year:04}-{month:02}-{day:02}"))
    })
}
