//! The Rule Book text format (`docs/rulebook-format.md`): parsing a Markdown file into a
//! [`RuleBook`] with errors that name a line, and exporting a book in canonical form.

use std::collections::HashMap;

use crate::domain::numbering::NodeKind;

use super::tree::{EditionMeta, Node, RuleBook, is_root_kind, kind_name, kind_plural};

/// Largest file accepted: 10 MB (10 × 1024 × 1024 bytes).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Why a file is not a Rule Book edition, and on which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("line {line}: {message}")]
pub struct FormatError {
    /// 1-based line the problem is on.
    pub line: usize,
    /// What is wrong and, where possible, what to write instead.
    pub message: String,
}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, FormatError> {
    Err(FormatError {
        line,
        message: message.into(),
    })
}

/// The line (1-based) on which byte offset `offset` of `input` lies.
fn line_of_offset(input: &[u8], offset: usize) -> usize {
    let end = offset.min(input.len());
    input[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Parses one edition in the Rule Book text format.
///
/// ```
/// use app::domain::rulebook::parse_rulebook;
/// let book = parse_rulebook(b"---\ntitle: Rule Book 2024\nyear: 2024\n---\n\n# Chapter 1. Constitutional rules\n\n### Clause I. Name\n\n#### 1.\nThis organisation shall be known as\n'The Labour Party'.\n").unwrap();
/// assert_eq!(book.nodes[2].text, "This organisation shall be known as 'The Labour Party'.");
/// let bad = parse_rulebook(b"---\ntitle: T\nyear: 2024\n---\n\n# Chapter 1.\n\n### Clause II.\n").unwrap_err();
/// assert_eq!(bad.to_string(), "line 8: clause II is out of order: expected clause I");
/// ```
pub fn parse_rulebook(input: &[u8]) -> Result<RuleBook, FormatError> {
    if input.len() > MAX_BYTES {
        return err(
            line_of_offset(input, MAX_BYTES),
            format!(
                "the file is {} bytes, over the limit of 10 MB ({MAX_BYTES} bytes); this line crosses the limit",
                input.len()
            ),
        );
    }
    let text = match std::str::from_utf8(input) {
        Ok(text) => text,
        Err(e) => {
            return err(
                line_of_offset(input, e.valid_up_to()),
                "the text is not valid UTF-8; save the file as UTF-8 and try again",
            );
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return err(1, "the file is empty");
    }
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let (meta, body_start) = parse_front_matter(&lines)?;
    let nodes = parse_body(&lines, body_start)?;
    Ok(RuleBook { meta, nodes })
}

const FRONT_MATTER_HELP: &str = "a Rule Book file starts with front matter: a line '---', then 'title: …' and 'year: …', then '---'";

/// Parses the front matter; returns it and the index of the first line after it.
fn parse_front_matter(lines: &[&str]) -> Result<(EditionMeta, usize), FormatError> {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return err(1, FRONT_MATTER_HELP);
    }
    let mut title: Option<String> = None;
    let mut year: Option<i32> = None;
    let mut published: Option<String> = None;
    let mut conference: Option<i32> = None;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, raw) in lines.iter().enumerate().skip(1) {
        let line_no = index + 1;
        let line = raw.trim();
        if line == "---" {
            let Some(title) = title else {
                return err(line_no, "the front matter has no 'title: …' line");
            };
            let Some(year) = year else {
                return err(line_no, "the front matter has no 'year: …' line");
            };
            let meta = EditionMeta {
                title,
                year,
                published,
                conference,
            };
            return Ok((meta, index + 1));
        }
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return err(
                line_no,
                format!("expected 'key: value' in the front matter, found '{line}'"),
            );
        };
        let key = key.trim();
        let value = value.trim();
        if let Some(first) = seen.insert(key, line_no) {
            return err(
                line_no,
                format!("'{key}' is given twice in the front matter (first at line {first})"),
            );
        }
        match key {
            "title" => {
                if value.is_empty() {
                    return err(line_no, "the title is empty");
                }
                title = Some(value.to_string());
            }
            "year" => year = Some(parse_year(value, "year", line_no)?),
            "conference" => conference = Some(parse_year(value, "conference", line_no)?),
            "published" => {
                if !is_iso_date(value) {
                    return err(
                        line_no,
                        format!("'published' must be a date written YYYY-MM-DD, found '{value}'"),
                    );
                }
                published = Some(value.to_string());
            }
            _ => {
                return err(
                    line_no,
                    format!(
                        "unknown front matter key '{key}'; the keys are title, year, published and conference"
                    ),
                );
            }
        }
    }
    err(
        lines.len(),
        "the front matter is not closed: add a line '---' after it",
    )
}

fn parse_year(value: &str, key: &str, line: usize) -> Result<i32, FormatError> {
    match value.parse::<i32>() {
        // Only the canonical spelling, so that export writes back what was read.
        Ok(year) if year.to_string() == value => Ok(year),
        _ => err(
            line,
            format!("'{key}' must be a year such as 2024, found '{value}'"),
        ),
    }
}

/// Whether `value` is a real date written `YYYY-MM-DD`.
pub fn is_iso_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = value.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Numbering state of one group of siblings (same parent, same kind).
struct Siblings {
    /// Ordinal the next sibling must have.
    next: u32,
    /// Line of each sibling so far: `lines[k - 1]` for ordinal `k`.
    lines: Vec<usize>,
}

/// Accumulates the text of the node being read: its lines joined by a space within a
/// paragraph, paragraphs joined by a blank line (`\n\n`), written straight into one string.
#[derive(Default)]
struct TextBuffer {
    text: String,
    paragraphs: usize,
    in_paragraph: bool,
}

impl TextBuffer {
    fn push_line(&mut self, line: &str) {
        let line = line.trim();
        // `\#` and `\\` at the start of a line escape a text line that would otherwise read as
        // a heading (see export).
        let line = if line.starts_with("\\#") || line.starts_with("\\\\") {
            &line[1..]
        } else {
            line
        };
        if self.in_paragraph {
            self.text.push(' ');
        } else {
            if self.paragraphs > 0 {
                self.text.push_str("\n\n");
            }
            self.paragraphs += 1;
            self.in_paragraph = true;
        }
        self.text.push_str(line);
    }

    fn end_paragraph(&mut self) {
        self.in_paragraph = false;
    }

    fn take(&mut self) -> String {
        self.paragraphs = 0;
        self.in_paragraph = false;
        std::mem::take(&mut self.text)
    }
}

fn parse_body(lines: &[&str], start: usize) -> Result<Vec<Node>, FormatError> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut child_kind: HashMap<usize, (NodeKind, usize)> = HashMap::new();
    let mut siblings: HashMap<(Option<usize>, NodeKind), Siblings> = HashMap::new();
    let mut text = TextBuffer::default();
    for (index, raw) in lines.iter().enumerate().skip(start) {
        let line_no = index + 1;
        if raw.starts_with('#') {
            if let Some(last) = nodes.last_mut() {
                last.text = text.take();
            }
            let heading = parse_heading(raw, line_no)?;
            let level = heading.kind.heading_level();
            while open
                .last()
                .and_then(|&i| nodes.get(i))
                .is_some_and(|n| n.kind.heading_level() >= level)
            {
                open.pop();
            }
            let parent = open.last().copied();
            check_parent(&nodes, parent, heading.kind, line_no, &mut child_kind)?;
            check_numbering(&mut siblings, parent, &heading, line_no)?;
            open.push(nodes.len());
            nodes.push(Node {
                kind: heading.kind,
                label: heading.label,
                heading: heading.text,
                text: String::new(),
                parent,
                line: line_no,
            });
        } else if raw.trim().is_empty() {
            text.end_paragraph();
        } else if nodes.is_empty() {
            return err(
                line_no,
                "text before the first heading; start the rules with a heading such as '# Chapter 1. …'",
            );
        } else {
            text.push_line(raw);
        }
    }
    match nodes.last_mut() {
        Some(last) => last.text = text.take(),
        None => {
            return err(
                lines.len(),
                "the file has no headings; a Rule Book needs at least one '# Chapter 1. …'",
            );
        }
    }
    Ok(nodes)
}

fn describe(node: &Node) -> String {
    format!("{} {}", kind_name(node.kind), node.label)
}

fn check_parent(
    nodes: &[Node],
    parent: Option<usize>,
    kind: NodeKind,
    line: usize,
    child_kind: &mut HashMap<usize, (NodeKind, usize)>,
) -> Result<(), FormatError> {
    let Some(parent) = parent else {
        if is_root_kind(kind) {
            return Ok(());
        }
        return err(
            line,
            format!(
                "a {} must be inside a chapter or appendix; add a '# Chapter …' heading before it",
                kind_name(kind)
            ),
        );
    };
    let Some(parent_node) = nodes.get(parent) else {
        return Ok(());
    };
    match child_kind.get(&parent).copied() {
        Some((existing, first_line)) if existing != kind => err(
            line,
            format!(
                "{} already has {} directly under it (line {first_line}), so it cannot also have {}; \
                 check the number of '#' in this heading",
                describe(parent_node),
                kind_plural(existing),
                kind_plural(kind)
            ),
        ),
        Some(_) => Ok(()),
        None => {
            child_kind.insert(parent, (kind, line));
            Ok(())
        }
    }
}

fn check_numbering(
    siblings: &mut HashMap<(Option<usize>, NodeKind), Siblings>,
    parent: Option<usize>,
    heading: &Heading,
    line: usize,
) -> Result<(), FormatError> {
    let style = heading.kind.label_style();
    let group = siblings
        .entry((parent, heading.kind))
        .or_insert_with(|| Siblings {
            next: 1,
            lines: Vec::new(),
        });
    // Labels are canonical (`parse_heading`), so comparing ordinals compares labels.
    if heading.ordinal != group.next {
        let expected = style.label(group.next);
        let name = kind_name(heading.kind);
        let earlier = heading
            .ordinal
            .checked_sub(1)
            .and_then(|k| group.lines.get(k as usize));
        if let Some(first) = earlier {
            return err(
                line,
                format!(
                    "duplicate {name} {} (already at line {first}); the next {name} here is {expected}",
                    heading.label
                ),
            );
        }
        return err(
            line,
            format!(
                "{name} {} is out of order: expected {name} {expected}",
                heading.label
            ),
        );
    }
    group.lines.push(line);
    group.next += 1;
    Ok(())
}

/// A parsed heading line.
struct Heading {
    kind: NodeKind,
    /// The label in canonical form, and its ordinal.
    label: String,
    ordinal: u32,
    text: Option<String>,
}

fn example_heading(level: usize) -> &'static str {
    match level {
        1 => "'# Chapter 2.' or '# Appendix 4.'",
        2 => "'## Part A.'",
        3 => "'### Clause IV.'",
        4 => "'#### 1.'",
        5 => "'##### B.'",
        _ => "'###### iv.'",
    }
}

fn numbering_help(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Chapter | NodeKind::Appendix | NodeKind::Section => "1, 2, 3 …",
        NodeKind::Part | NodeKind::SubSection => "capital letters A, B, C …",
        NodeKind::Clause => "capital Roman numerals I, II, III …",
        NodeKind::Item => "lower-case Roman numerals i, ii, iii …",
    }
}

fn parse_heading(line: &str, line_no: usize) -> Result<Heading, FormatError> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if level > 6 {
        return err(
            line_no,
            "headings deeper than six levels (######) are not part of the format",
        );
    }
    let rest = &line[level..];
    if !rest.starts_with([' ', '\t']) {
        return err(
            line_no,
            format!(
                "put a space after the '#' characters, as in {}",
                example_heading(level)
            ),
        );
    }
    let rest = rest.trim_start();
    let (kind, rest) = match level {
        1..=3 => {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..end];
            let keyword = |name: &str| word.eq_ignore_ascii_case(name);
            let kind = match level {
                1 if keyword("chapter") => NodeKind::Chapter,
                1 if keyword("appendix") => NodeKind::Appendix,
                2 if keyword("part") => NodeKind::Part,
                3 if keyword("clause") => NodeKind::Clause,
                _ => {
                    return err(
                        line_no,
                        format!(
                            "unknown heading keyword '{word}'; a level-{level} heading is {}",
                            example_heading(level)
                        ),
                    );
                }
            };
            (kind, rest[end..].trim_start())
        }
        4 => (NodeKind::Section, rest),
        5 => (NodeKind::SubSection, rest),
        _ => (NodeKind::Item, rest),
    };
    let end = rest
        .find(|c: char| c == '.' || c.is_whitespace())
        .unwrap_or(rest.len());
    let label = &rest[..end];
    let after = &rest[end..];
    let name = kind_name(kind);
    if label.is_empty() {
        return err(
            line_no,
            format!(
                "the {name} has no number; write it as {}",
                example_heading(level)
            ),
        );
    }
    let style = kind.label_style();
    let canonical = style.ordinal(label).filter(|&n| style.label(n) == label);
    let Some(ordinal) = canonical else {
        return err(
            line_no,
            format!(
                "malformed {name} number '{label}': {} are numbered {}",
                kind_plural(kind),
                numbering_help(kind)
            ),
        );
    };
    let Some(after) = after.strip_prefix('.') else {
        return err(
            line_no,
            format!("expected '.' after the {name} number '{label}'"),
        );
    };
    let text = if after.is_empty() {
        None
    } else if after.starts_with(char::is_whitespace) {
        Some(after.trim().to_string()).filter(|t| !t.is_empty())
    } else {
        return err(
            line_no,
            format!("expected a space between '{label}.' and the heading text"),
        );
    };
    Ok(Heading {
        kind,
        label: label.to_string(),
        ordinal,
        text,
    })
}

/// Writes a book in the canonical form of the format (see the module docs and
/// `docs/rulebook-format.md`). Text is normalised on the way out (one line per paragraph,
/// surrounding spaces dropped), so the output of any book parses back to the same tree
/// provided its structure is valid.
///
/// ```
/// use app::domain::rulebook::{export_rulebook, parse_rulebook};
/// let canonical = "---\ntitle: T\nyear: 2024\n---\n\n# Chapter 1. Rules\n\n#### 1.\n\nFirst paragraph.\n\nSecond.\n";
/// assert_eq!(export_rulebook(&parse_rulebook(canonical.as_bytes()).unwrap()), canonical);
/// ```
pub fn export_rulebook(book: &RuleBook) -> String {
    let mut out = String::new();
    out.push_str("---\n");
    push_line(&mut out, &format!("title: {}", one_line(&book.meta.title)));
    push_line(&mut out, &format!("year: {}", book.meta.year));
    if let Some(published) = &book.meta.published {
        push_line(&mut out, &format!("published: {}", one_line(published)));
    }
    if let Some(conference) = book.meta.conference {
        push_line(&mut out, &format!("conference: {conference}"));
    }
    out.push_str("---\n");
    for node in &book.nodes {
        out.push('\n');
        out.push_str(&"#".repeat(node.kind.heading_level()));
        out.push(' ');
        match node.kind {
            NodeKind::Chapter => out.push_str("Chapter "),
            NodeKind::Appendix => out.push_str("Appendix "),
            NodeKind::Part => out.push_str("Part "),
            NodeKind::Clause => out.push_str("Clause "),
            NodeKind::Section | NodeKind::SubSection | NodeKind::Item => {}
        }
        out.push_str(&node.label);
        out.push('.');
        if let Some(heading) = node.heading.as_deref().map(one_line)
            && !heading.is_empty()
        {
            out.push(' ');
            out.push_str(&heading);
        }
        out.push('\n');
        for paragraph in paragraphs(&node.text) {
            out.push('\n');
            if paragraph.starts_with(['#', '\\']) {
                out.push('\\');
            }
            out.push_str(&paragraph);
            out.push('\n');
        }
    }
    out
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// Collapses a value onto one line, as the format has no line continuation.
fn one_line(value: &str) -> String {
    value
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The paragraphs of a node's text as the importer would read them back.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rulebook::testgen::arb_rulebook;
    use proptest::prelude::*;

    const HEAD: &str = "---\ntitle: Rule Book 2024\nyear: 2024\n---\n\n";

    fn parse_str(s: &str) -> Result<RuleBook, FormatError> {
        parse_rulebook(s.as_bytes())
    }

    fn error_of(s: &str) -> FormatError {
        match parse_str(s) {
            Ok(book) => panic!("expected an error, parsed {book:?}"),
            Err(e) => e,
        }
    }

    #[track_caller]
    fn assert_error(s: &str, line: usize, fragment: &str) {
        let e = error_of(s);
        assert_eq!(e.line, line, "{e}");
        assert!(
            e.message.contains(fragment),
            "message {:?} lacks {fragment:?}",
            e.message
        );
    }

    const SAMPLE: &str = "---
title: Rule Book 2024
year: 2024
published: 2024-01-15
conference: 2023
---

# Chapter 1. Constitutional rules

### Clause I. Name and objects

#### 1.
This organisation shall be known as 'The Labour Party' (hereinafter 'the Party').

#### 2.
The Party shall bring together members and supporters
who share its values.

Second paragraph — with “quotes” and a footnote[^3].

##### A.
Its purpose shall be to organise.

###### i.
An item inside sub-section 2.A.

# Chapter 2. Membership rules

# Chapter 3. Party conference

# Chapter 4. Elections of national officers of the party

## Part A. Leader and deputy leader

### Clause I. Election of leader and deputy leader

#### 1.
…

# Appendix 1. Financial guidelines

#### 1.
…
";

    #[test]
    fn parses_the_documented_example_with_the_elided_chapters() -> Result<(), FormatError> {
        let book = parse_str(SAMPLE)?;
        assert_eq!(
            book.meta,
            EditionMeta {
                title: "Rule Book 2024".into(),
                year: 2024,
                published: Some("2024-01-15".into()),
                conference: Some(2023),
            }
        );
        let keys: Vec<String> = (0..book.nodes.len()).map(|i| book.key(i)).collect();
        assert_eq!(
            keys,
            [
                "1",
                "1.I",
                "1.I.1",
                "1.I.2",
                "1.I.2.A",
                "1.I.2.A.i",
                "2",
                "3",
                "4",
                "4.A",
                "4.A.I",
                "4.A.I.1",
                "appendix-1",
                "appendix-1.1"
            ]
        );
        assert_eq!(book.nodes[1].heading.as_deref(), Some("Name and objects"));
        assert_eq!(book.nodes[2].heading, None);
        assert_eq!(book.nodes[2].line, 12);
        assert_eq!(
            book.nodes[3].text,
            "The Party shall bring together members and supporters who share its values.\n\n\
             Second paragraph — with “quotes” and a footnote[^3]."
        );
        assert_eq!(book.nodes[0].text, "");
        Ok(())
    }

    #[test]
    fn export_is_canonical_and_stable() -> Result<(), FormatError> {
        let book = parse_str(SAMPLE)?;
        let exported = export_rulebook(&book);
        insta::assert_snapshot!(exported);
        assert_eq!(export_rulebook(&parse_str(&exported)?), exported);
        Ok(())
    }

    #[test]
    fn accepts_crlf_bom_and_escaped_hash() -> Result<(), FormatError> {
        let input = "\u{feff}---\r\ntitle: T\r\nyear: 2024\r\n---\r\n\r\n# Chapter 1.\r\n\r\n\\#1 priority\r\n";
        let book = parse_str(input)?;
        assert_eq!(book.nodes[0].text, "#1 priority");
        assert_eq!(
            export_rulebook(&book),
            "---\ntitle: T\nyear: 2024\n---\n\n# Chapter 1.\n\n\\#1 priority\n"
        );
        Ok(())
    }

    #[test]
    fn empty_file() {
        assert_error("", 1, "empty");
        assert_error(" \n\n\t\n", 1, "empty");
    }

    #[test]
    fn missing_or_broken_front_matter() {
        assert_error("# Chapter 1.\n", 1, "front matter");
        assert_error("\n---\ntitle: T\nyear: 1\n---\n", 1, "front matter");
        assert_error("---\ntitle: T\nyear: 2024\n", 4, "not closed");
        assert_error("---\nyear: 2024\n---\n# Chapter 1.\n", 3, "title");
        assert_error("---\ntitle: T\n---\n# Chapter 1.\n", 3, "year");
        assert_error(
            "---\ntitle: T\nyear: 2024\nauthor: me\n---\n",
            4,
            "unknown front matter key 'author'",
        );
        assert_error("---\ntitle: T\nyear: twenty\n---\n", 3, "year");
        assert_error(
            "---\ntitle: T\nyear: 2024\npublished: 2024-02-30\n---\n",
            4,
            "YYYY-MM-DD",
        );
        assert_error("---\ntitle: T\ntitle: U\nyear: 2024\n---\n", 3, "twice");
        assert_error("---\ntitle:\nyear: 2024\n---\n", 2, "title is empty");
        assert_error("---\ntitle T\n---\n", 2, "key: value");
    }

    #[test]
    fn no_headings() {
        assert_error("---\ntitle: T\nyear: 2024\n---\n\n", 6, "no headings");
        assert_error(
            &format!("{HEAD}Some text.\n"),
            6,
            "before the first heading",
        );
    }

    #[test]
    fn broken_numbering_gap() {
        let input = format!("{HEAD}# Chapter 1.\n\n### Clause I.\n\n### Clause III.\n");
        assert_error(&input, 10, "clause III is out of order: expected clause II");
        assert_error(&format!("{HEAD}# Chapter 2.\n"), 6, "expected chapter 1");
        let input = format!("{HEAD}# Chapter 1.\n\n#### 1.\n\n##### B.\n");
        assert_error(&input, 10, "expected sub-section A");
    }

    #[test]
    fn duplicate_number() {
        let input =
            format!("{HEAD}# Chapter 1.\n\n### Clause I.\n\n#### 1.\n\n#### 2.\n\n#### 2.\n");
        assert_error(&input, 14, "duplicate section 2 (already at line 12)");
        // Numbering restarts under each parent.
        let ok = format!(
            "{HEAD}# Chapter 1.\n\n### Clause I.\n\n#### 1.\n\n### Clause II.\n\n#### 1.\n"
        );
        assert!(parse_str(&ok).is_ok());
    }

    #[test]
    fn unknown_keyword_and_malformed_headings() {
        assert_error(
            &format!("{HEAD}# Chapter 1.\n\n### Section I.\n"),
            8,
            "unknown heading keyword 'Section'",
        );
        assert_error(
            &format!("{HEAD}## Chapter 1.\n"),
            6,
            "unknown heading keyword 'Chapter'",
        );
        assert_error(
            &format!("{HEAD}# Chapter 1.\n\n### Clause 4.\n"),
            8,
            "malformed clause number '4'",
        );
        assert_error(
            &format!("{HEAD}# Chapter 1.\n\n#### 01.\n"),
            8,
            "malformed section number '01'",
        );
        assert_error(&format!("{HEAD}# Chapter 1 Rules\n"), 6, "expected '.'");
        assert_error(&format!("{HEAD}# Chapter 1.Rules\n"), 6, "space");
        assert_error(&format!("{HEAD}#Chapter 1.\n"), 6, "space after the '#'");
        assert_error(&format!("{HEAD}# Chapter\n"), 6, "no number");
        assert_error(
            &format!("{HEAD}# Chapter 1.\n\n####### 1.\n"),
            8,
            "six levels",
        );
    }

    #[test]
    fn skipping_into_an_impossible_level() {
        assert_error(
            &format!("{HEAD}### Clause I.\n"),
            6,
            "must be inside a chapter",
        );
        assert_error(
            &format!("{HEAD}##### A.\n"),
            6,
            "sub-section must be inside a chapter",
        );
        let mixed = format!("{HEAD}# Chapter 1.\n\n#### 1.\n\n### Clause I.\n");
        assert_error(
            &mixed,
            10,
            "chapter 1 already has sections directly under it (line 8)",
        );
        // Allowed skips: a section directly under a chapter, an item directly under a section.
        let ok =
            format!("{HEAD}# Chapter 1.\n\n#### 1.\n\n###### i.\n\n# Appendix 1.\n\n##### A.\n");
        assert!(parse_str(&ok).is_ok());
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let mut input = format!("{HEAD}# Chapter 1.\n\n").into_bytes();
        input.extend_from_slice(b"Good text, then \xff\xfe bad.\n");
        let e = match parse_rulebook(&input) {
            Err(e) => e,
            Ok(_) => panic!("accepted invalid UTF-8"),
        };
        assert_eq!(e.line, 8);
        assert!(e.message.contains("UTF-8"));
    }

    #[test]
    fn oversized_file_is_rejected() {
        let mut input = format!("{HEAD}# Chapter 1.\n\n").into_bytes();
        let line = "x".repeat(99) + "\n";
        while input.len() <= MAX_BYTES {
            input.extend_from_slice(line.as_bytes());
        }
        let e = match parse_rulebook(&input) {
            Err(e) => e,
            Ok(_) => panic!("accepted an oversized file"),
        };
        assert!(e.message.contains("10 MB"), "{e}");
        assert_eq!(e.line, line_of_offset(&input, MAX_BYTES));
        assert!(e.line > 100_000);
        // Exactly at the limit is fine as far as size goes.
        input.truncate(MAX_BYTES);
        assert!(parse_rulebook(&input).is_ok());
    }

    #[test]
    fn garbage_never_panics() {
        for input in [
            &b"---"[..],
            b"---\n---",
            b"---\ntitle: a\nyear: 1\n---\n#",
            b"---\ntitle: a\nyear: 1\n---\n# \xc3",
            b"---\ntitle: a\nyear: 1\n---\n# Chapter \xc3\xa9.",
            b"---\ntitle: a\nyear: 1\n---\n###### ",
        ] {
            let _ = parse_rulebook(input);
        }
    }

    fn without_lines(mut book: RuleBook) -> RuleBook {
        for node in &mut book.nodes {
            node.line = 0;
        }
        book
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn export_parse_round_trip(book in arb_rulebook()) {
            let exported = export_rulebook(&book);
            let parsed = parse_rulebook(exported.as_bytes());
            prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed, exported);
            let parsed = parsed.map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(export_rulebook(&parsed), exported.clone());
            prop_assert_eq!(without_lines(parsed), without_lines(book));
        }

        #[test]
        fn arbitrary_input_never_panics(input in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut bytes = HEAD.as_bytes().to_vec();
            bytes.extend_from_slice(&input);
            let _ = parse_rulebook(&bytes);
            let _ = parse_rulebook(&input);
        }

        #[test]
        fn arbitrary_lines_never_panic(lines in proptest::collection::vec("(#{0,7}[ .]?(Chapter|Part|Clause|Appendix)? ?[0-9A-Zivx]{0,3}\\.? ?.{0,5})|[^\n]{0,10}", 0..30)) {
            let input = format!("{HEAD}{}", lines.join("\n"));
            let _ = parse_str(&input);
        }
    }
}
