//! Reading the number at the start of a paragraph: keyword headings ("Chapter 2. Membership
//! rules", "Appendix 4", "Part A.", "Clause IV. Procedural rules") and bare labels ("1.", "B.",
//! "iv."), with every kind a bare label could be.

use crate::domain::numbering::{LabelStyle, NodeKind};

/// A keyword heading at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordHeading {
    /// Chapter, appendix, part or clause.
    pub kind: NodeKind,
    /// The label in canonical form.
    pub label: String,
    /// The label was printed in another style (`Clause 1` for Clause I, `clause iv`).
    pub restyled: bool,
    /// The heading text after the number, if any.
    pub rest: Option<String>,
    /// The number was followed by `.` or `:` (so the rest is surely a heading).
    pub punctuated: bool,
}

/// A bare label at the start of a paragraph (`1.`, `B.`, `iv.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareLabel {
    /// As printed, without the dot.
    pub printed: String,
    /// The text after it (empty for a label alone on its line).
    pub rest: String,
}

/// One reading of a bare label: a kind, its ordinal, and whether the case matches the kind's
/// style (`i` as an item) or not (`I` read as an item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The kind.
    pub kind: NodeKind,
    /// 1-based ordinal.
    pub ordinal: u32,
    /// Whether the label is written in the kind's own style.
    pub exact: bool,
}

const KEYWORDS: [(&str, NodeKind); 4] = [
    ("chapter", NodeKind::Chapter),
    ("appendix", NodeKind::Appendix),
    ("part", NodeKind::Part),
    ("clause", NodeKind::Clause),
];

/// Reads a keyword heading: the keyword capitalised or in capitals (`Chapter`, `CHAPTER`; a
/// lower-case `chapter 2 …` is running text), then a number, then `.`/`:` or the end of the
/// word. Without punctuation, the rest must look like a heading (short, no final full stop),
/// so that "Chapter 6 shall apply …" stays text.
pub fn keyword_heading(text: &str) -> Option<KeywordHeading> {
    let text = text.trim();
    let (word, rest) = split_word(text);
    let lower = word.to_ascii_lowercase();
    let &(_, kind) = KEYWORDS.iter().find(|(k, _)| *k == lower)?;
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    if !capitalised {
        return None;
    }
    let (number, after) = split_word(rest);
    let (number, punct) = match number.strip_suffix(['.', ':']) {
        Some(n) => (n, true),
        None => (number, false),
    };
    let (label, restyled) = canonical_label(kind, number)?;
    let after = after
        .trim_start()
        .trim_start_matches(['–', '—', '-', ':'])
        .trim();
    if !punct && !after.is_empty() && !looks_like_heading(after) {
        return None;
    }
    Some(KeywordHeading {
        kind,
        label,
        restyled,
        rest: (!after.is_empty()).then(|| after.to_owned()),
        punctuated: punct,
    })
}

/// The canonical label of `number` for `kind`, and whether it had to be restyled (an arabic
/// clause number, a lower-case Roman or letter where capitals are the style).
fn canonical_label(kind: NodeKind, number: &str) -> Option<(String, bool)> {
    let style = kind.label_style();
    if let Some(n) = style.ordinal(number) {
        return Some((style.label(n), false));
    }
    let upper = number.to_ascii_uppercase();
    if let Some(n) = style.ordinal(&upper) {
        return Some((style.label(n), true));
    }
    if kind == NodeKind::Clause
        && let Some(n) = LabelStyle::Arabic.ordinal(number)
    {
        return Some((style.label(n), true));
    }
    None
}

/// Whether `text` reads as a heading rather than rule text: it starts with a capital letter,
/// has at most 14 words, and does not end as a sentence or a list entry does (a full stop,
/// semicolon, colon or comma; "and", "or"; a footnote marker).
pub fn looks_like_heading(text: &str) -> bool {
    let text = text.trim();
    let last = text.rsplit(char::is_whitespace).next().unwrap_or("");
    text.chars().next().is_some_and(char::is_uppercase)
        && text.split_whitespace().count() <= 14
        && !text.ends_with(['.', ';', ':', ',', '?', '!', ']'])
        && !matches!(last, "and" | "or")
}

/// Whether `text` can be the first line of a heading that goes on on the next line (it may
/// end with "and" or a broken word; [`looks_like_heading`] decides once it is whole).
pub fn may_start_heading(text: &str) -> bool {
    let text = text.trim();
    text.chars().next().is_some_and(char::is_uppercase)
        && text.split_whitespace().count() <= 14
        && !text.ends_with(['.', ';', ':', ',', '?', '!', ']'])
}

/// Reads a bare label: one to three digits, one or two capital letters, or a Roman numeral in
/// either case, then `.` and a space (or the end of the line).
pub fn bare_label(text: &str) -> Option<BareLabel> {
    let text = text.trim_start();
    let end = text.find('.')?;
    let printed = &text[..end];
    let after = &text[end + 1..];
    if printed.is_empty() || printed.len() > 7 {
        return None;
    }
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    if readings(printed).is_empty() {
        return None;
    }
    Some(BareLabel {
        printed: printed.to_owned(),
        rest: after.trim().to_owned(),
    })
}

/// Every kind a bare label can be read as, exact readings first.
pub fn readings(printed: &str) -> Vec<Reading> {
    let mut out = Vec::new();
    let mut add = |kind: NodeKind, label: &str, exact: bool| {
        if let Some(ordinal) = kind.label_style().ordinal(label)
            && ordinal <= max_ordinal(kind)
            && !out
                .iter()
                .any(|r: &Reading| r.kind == kind && r.ordinal == ordinal)
        {
            out.push(Reading {
                kind,
                ordinal,
                exact,
            });
        }
    };
    let digits = printed.bytes().all(|b| b.is_ascii_digit());
    if digits {
        if printed.len() <= 3 {
            add(NodeKind::Section, printed, true);
        }
        return out;
    }
    if !printed.bytes().all(|b| b.is_ascii_alphabetic()) {
        return out;
    }
    let upper = printed.to_ascii_uppercase();
    let lower = printed.to_ascii_lowercase();
    if printed.len() <= 2 {
        add(NodeKind::SubSection, printed, true);
    }
    add(NodeKind::Item, printed, true);
    // The other case: `I.` or `IV.` where an item is due, `b.` for sub-section B (not a
    // lower-case word such as "be.", nor a capitalised one such as "Mix.").
    if printed.len() == 1 {
        add(NodeKind::SubSection, &upper, false);
    }
    if printed == upper {
        add(NodeKind::Item, &lower, false);
    }
    out
}

/// The highest number a bare label of each kind is read as: beyond it, "mix." or "BE." is a
/// word, not a label.
fn max_ordinal(kind: NodeKind) -> u32 {
    match kind {
        NodeKind::SubSection => 52,
        NodeKind::Item => 60,
        _ => 999,
    }
}

fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(end) => (&text[..end], &text[end..]),
        None => (text, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_headings() {
        let h = keyword_heading("Chapter 2. Membership rules").unwrap();
        assert_eq!((h.kind, h.label.as_str()), (NodeKind::Chapter, "2"));
        assert_eq!(h.rest.as_deref(), Some("Membership rules"));
        let h = keyword_heading("CHAPTER 2").unwrap();
        assert_eq!((h.kind, h.rest), (NodeKind::Chapter, None));
        let h = keyword_heading("Clause IV. Procedural rules").unwrap();
        assert_eq!((h.label.as_str(), h.restyled), ("IV", false));
        let h = keyword_heading("Clause 4: Procedural rules").unwrap();
        assert_eq!((h.label.as_str(), h.restyled), ("IV", true));
        let h = keyword_heading("Part B – Other national officers").unwrap();
        assert_eq!(h.rest.as_deref(), Some("Other national officers"));
        assert!(keyword_heading("Chapter 6 shall apply to every member.").is_none());
        assert!(keyword_heading("chapter 2. lower case").is_none());
        assert!(keyword_heading("Clause III.3 below applies").is_none());
        assert!(keyword_heading("Chapters 2 and 3").is_none());
    }

    #[test]
    fn bare_labels_and_their_readings() {
        let l = bare_label("1. This organisation").unwrap();
        assert_eq!(
            (l.printed.as_str(), l.rest.as_str()),
            ("1", "This organisation")
        );
        assert_eq!(bare_label("iv.").unwrap().rest, "");
        assert!(bare_label("I.4.B applies").is_none());
        assert!(bare_label("etc. and more").is_none());
        assert!(bare_label("2024. The year").is_none());
        let kinds = |p: &str| -> Vec<(NodeKind, u32, bool)> {
            readings(p)
                .into_iter()
                .map(|r| (r.kind, r.ordinal, r.exact))
                .collect()
        };
        assert_eq!(
            kinds("I"),
            [(NodeKind::SubSection, 9, true), (NodeKind::Item, 1, false)]
        );
        assert_eq!(
            kinds("i"),
            [(NodeKind::Item, 1, true), (NodeKind::SubSection, 9, false)]
        );
        assert_eq!(kinds("B"), [(NodeKind::SubSection, 2, true)]);
        assert_eq!(kinds("xiv"), [(NodeKind::Item, 14, true)]);
        assert_eq!(kinds("3"), [(NodeKind::Section, 3, true)]);
    }
}
