//! Rule Book numbering: the kinds of node in the rule tree, the label style each kind uses
//! (arabic, letters, Roman numerals) and arithmetic on labels (parse, render, next).
//!
//! Shared vocabulary of the citation parser, the Rule Book format and renumbering.

use serde::{Deserialize, Serialize};

/// The kind of a node in the rule tree, from the outside in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// `Chapter 2`
    Chapter,
    /// `Appendix 4`: numbered, with the same inner structure as a chapter.
    Appendix,
    /// A lettered part of a chapter: `Part A`.
    Part,
    /// `Clause IV`
    Clause,
    /// Numbered section `1`, `2` …
    Section,
    /// Lettered sub-section `A`, `B` …
    SubSection,
    /// Lower-case Roman item `i`, `ii` …
    Item,
}

impl NodeKind {
    /// How labels of this kind are written.
    pub fn label_style(self) -> LabelStyle {
        match self {
            NodeKind::Chapter | NodeKind::Appendix | NodeKind::Section => LabelStyle::Arabic,
            NodeKind::Part | NodeKind::SubSection => LabelStyle::UpperLetter,
            NodeKind::Clause => LabelStyle::UpperRoman,
            NodeKind::Item => LabelStyle::LowerRoman,
        }
    }

    /// The word used for this kind in formal wording ("sub-clause 5.F").
    pub fn noun(self) -> &'static str {
        match self {
            NodeKind::Chapter => "chapter",
            NodeKind::Appendix => "appendix",
            NodeKind::Part => "part",
            NodeKind::Clause => "clause",
            NodeKind::Section => "section",
            NodeKind::SubSection => "sub-clause",
            NodeKind::Item => "item",
        }
    }

    /// Stable lower-case name, as stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Chapter => "chapter",
            NodeKind::Appendix => "appendix",
            NodeKind::Part => "part",
            NodeKind::Clause => "clause",
            NodeKind::Section => "section",
            NodeKind::SubSection => "sub_section",
            NodeKind::Item => "item",
        }
    }

    /// Inverse of [`NodeKind::as_str`].
    pub fn from_str_name(name: &str) -> Option<Self> {
        Some(match name {
            "chapter" => NodeKind::Chapter,
            "appendix" => NodeKind::Appendix,
            "part" => NodeKind::Part,
            "clause" => NodeKind::Clause,
            "section" => NodeKind::Section,
            "sub_section" => NodeKind::SubSection,
            "item" => NodeKind::Item,
            _ => return None,
        })
    }

    /// Markdown heading level of this kind in the Rule Book format (see `docs/rulebook-format.md`).
    pub fn heading_level(self) -> usize {
        match self {
            NodeKind::Chapter | NodeKind::Appendix => 1,
            NodeKind::Part => 2,
            NodeKind::Clause => 3,
            NodeKind::Section => 4,
            NodeKind::SubSection => 5,
            NodeKind::Item => 6,
        }
    }
}

/// How a label is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LabelStyle {
    /// 1, 2, 3 …
    Arabic,
    /// A, B, … Z, AA, AB …
    UpperLetter,
    /// I, II, III, IV …
    UpperRoman,
    /// i, ii, iii, iv …
    LowerRoman,
}

impl LabelStyle {
    /// The ordinal (1-based) of `label` in this style, if it is well formed.
    ///
    /// ```
    /// use app::domain::numbering::LabelStyle;
    /// assert_eq!(LabelStyle::UpperRoman.ordinal("XII"), Some(12));
    /// assert_eq!(LabelStyle::UpperLetter.ordinal("F"), Some(6));
    /// assert_eq!(LabelStyle::LowerRoman.ordinal("IV"), None);
    /// ```
    pub fn ordinal(self, label: &str) -> Option<u32> {
        match self {
            LabelStyle::Arabic => {
                if label.is_empty() || label.len() > 4 || !label.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                label.parse().ok().filter(|n| *n > 0)
            }
            LabelStyle::UpperLetter => letters_to_ordinal(label),
            LabelStyle::UpperRoman => {
                if label.bytes().all(|b| b.is_ascii_uppercase()) {
                    roman_to_ordinal(&label.to_ascii_lowercase())
                } else {
                    None
                }
            }
            LabelStyle::LowerRoman => {
                if label.bytes().all(|b| b.is_ascii_lowercase()) {
                    roman_to_ordinal(label)
                } else {
                    None
                }
            }
        }
    }

    /// The label for a 1-based ordinal in this style.
    ///
    /// ```
    /// use app::domain::numbering::LabelStyle;
    /// assert_eq!(LabelStyle::LowerRoman.label(9), "ix");
    /// assert_eq!(LabelStyle::UpperLetter.label(27), "AA");
    /// ```
    pub fn label(self, ordinal: u32) -> String {
        match self {
            LabelStyle::Arabic => ordinal.to_string(),
            LabelStyle::UpperLetter => ordinal_to_letters(ordinal),
            LabelStyle::UpperRoman => ordinal_to_roman(ordinal).to_ascii_uppercase(),
            LabelStyle::LowerRoman => ordinal_to_roman(ordinal),
        }
    }

    /// The label following `label`, if `label` is well formed.
    pub fn next(self, label: &str) -> Option<String> {
        self.ordinal(label).map(|n| self.label(n + 1))
    }
}

fn letters_to_ordinal(label: &str) -> Option<u32> {
    if label.is_empty() || label.len() > 3 || !label.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(
        label
            .bytes()
            .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1)),
    )
}

fn ordinal_to_letters(mut n: u32) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

const ROMAN: [(u32, &str); 13] = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
];

fn ordinal_to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, digits) in ROMAN {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Parses a canonical lower-case Roman numeral; rejects non-canonical forms such as "iiii".
fn roman_to_ordinal(label: &str) -> Option<u32> {
    if label.is_empty() || label.len() > 12 {
        return None;
    }
    let mut rest = label;
    let mut total = 0;
    for (value, digits) in ROMAN {
        while let Some(stripped) = rest.strip_prefix(digits) {
            total += value;
            rest = stripped;
        }
    }
    (rest.is_empty() && total > 0 && ordinal_to_roman(total) == label).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_round_trip() {
        for n in 1..=300 {
            let label = LabelStyle::UpperRoman.label(n);
            assert_eq!(LabelStyle::UpperRoman.ordinal(&label), Some(n), "{label}");
            let label = LabelStyle::LowerRoman.label(n);
            assert_eq!(LabelStyle::LowerRoman.ordinal(&label), Some(n), "{label}");
        }
    }

    #[test]
    fn letters_round_trip() {
        for n in 1..=800 {
            let label = LabelStyle::UpperLetter.label(n);
            assert_eq!(LabelStyle::UpperLetter.ordinal(&label), Some(n), "{label}");
        }
    }

    #[test]
    fn rejects_malformed_labels() {
        assert_eq!(LabelStyle::UpperRoman.ordinal("IIII"), None);
        assert_eq!(LabelStyle::UpperRoman.ordinal("iv"), None);
        assert_eq!(LabelStyle::Arabic.ordinal("0"), None);
        assert_eq!(LabelStyle::Arabic.ordinal("1a"), None);
        assert_eq!(LabelStyle::UpperLetter.ordinal("a"), None);
        assert_eq!(LabelStyle::UpperLetter.next("E").as_deref(), Some("F"));
        assert_eq!(LabelStyle::UpperRoman.next("IX").as_deref(), Some("X"));
    }
}
