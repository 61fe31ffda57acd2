//! The renumbering scanner: the citation-like text in one node's text, found by its syntax
//! alone — absolute (`Chapter 6, Clause I.1.B`, `C1.X.2`, `2.I.4.B`, `Rule 5.4.3`) or relative
//! (`Clause IV.5 below`, `sub-clause 4.D`, `4.D below`) — with the byte range of each label.
//! Resolving what was found is [`super::resolve`]'s; the keywords read are the citation
//! keyword table ([`crate::domain::citation::keywords`]).

use std::ops::Range;

use crate::domain::citation::keywords::{self, Means};
use crate::domain::numbering::{LabelStyle, NodeKind};

/// "above" or "below" after a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Above,
    Below,
}

/// One label of a citation found in text.
#[derive(Debug, Clone)]
pub(super) struct FoundSegment {
    pub(super) range: Range<usize>,
    pub(super) kind: Option<NodeKind>,
}

/// A citation found in text, before resolution.
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// The whole citation, keyword and direction included.
    pub(super) range: Range<usize>,
    /// For an absolute citation: the root's kind and the range of its number.
    pub(super) root: Option<(NodeKind, Range<usize>)>,
    /// Labels below the root (absolute) or below the scope (relative).
    pub(super) segments: Vec<FoundSegment>,
    /// "above" or "below" written after it.
    pub(super) direction: Option<Direction>,
}

/// Longest label read (`xxxviii`); longer words are not labels.
const MAX_LABEL: usize = 8;

/// Whether `word` can be a label in some numbering style. Lower-case Roman numerals are limited
/// to small values so that English words ("mix", "mid") are not read as items.
fn is_label(word: &str) -> bool {
    if word.is_empty() || word.len() > MAX_LABEL {
        return false;
    }
    LabelStyle::Arabic.ordinal(word).is_some()
        || (word.len() <= 2 && LabelStyle::UpperLetter.ordinal(word).is_some())
        || LabelStyle::UpperRoman.ordinal(word).is_some()
        || LabelStyle::LowerRoman
            .ordinal(word)
            .is_some_and(|n| n <= 40)
        || (word.len() == 1 && word.bytes().all(|b| b.is_ascii_lowercase()))
}

/// A cursor over one text's bytes; every position it stops at is an ASCII character or the
/// end, so slicing at it is safe.
pub(super) struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
        }
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn is_alnum(&self, i: usize) -> bool {
        self.byte(i).is_some_and(|b| b.is_ascii_alphanumeric())
    }

    /// End of the run of ASCII alphanumerics starting at `i`.
    fn alnum_end(&self, i: usize) -> usize {
        let mut end = i;
        while self.is_alnum(end) {
            end += 1;
        }
        end
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.byte(i) == Some(b' ') {
            i += 1;
        }
        i
    }

    /// A word of letters with inner hyphens (`sub-clause`), ending at a non-alphanumeric.
    fn word(&self, i: usize) -> Option<(usize, &'a str)> {
        let mut end = i;
        loop {
            while self.byte(end).is_some_and(|b| b.is_ascii_alphabetic()) {
                end += 1;
            }
            if self.byte(end) == Some(b'-')
                && self.byte(end + 1).is_some_and(|b| b.is_ascii_alphabetic())
                && end > i
            {
                end += 1;
                continue;
            }
            break;
        }
        if end == i || self.is_alnum(end) {
            return None;
        }
        self.text.get(i..end).map(|w| (end, w))
    }

    /// One label at `i`: an alphanumeric run that is a label and ends at a word boundary.
    fn label(&self, i: usize) -> Option<Range<usize>> {
        let end = self.alnum_end(i);
        let word = self.text.get(i..end)?;
        is_label(word).then_some(i..end)
    }

    /// Labels joined by dots (`I.4.B`): a trailing full stop is not part of it.
    fn path(&self, i: usize) -> Option<Vec<Range<usize>>> {
        let first = self.label(i)?;
        let mut end = first.end;
        let mut out = vec![first];
        while self.byte(end) == Some(b'.') {
            match self.label(end + 1) {
                Some(next) => {
                    end = next.end;
                    out.push(next);
                }
                None => break,
            }
        }
        Some(out)
    }

    /// " above" / " below" right after `i`.
    fn direction(&self, i: usize) -> Option<(usize, Direction)> {
        let start = self.skip_spaces(i);
        if start == i {
            return None;
        }
        let (end, word) = self.word(start)?;
        match word {
            "above" => Some((end, Direction::Above)),
            "below" => Some((end, Direction::Below)),
            _ => None,
        }
    }

    fn with_direction(&self, mut found: Found) -> Found {
        if let Some((end, direction)) = self.direction(found.range.end) {
            found.range.end = end;
            found.direction = Some(direction);
        }
        found
    }

    /// Every citation in the text, in order.
    pub(super) fn scan(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.bytes.len() {
            let at_start = self.is_alnum(i)
                && (i == 0
                    || !matches!(self.byte(i - 1), Some(b) if b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
            if at_start {
                if let Some(found) = self.citation_at(i) {
                    i = found.range.end.max(i + 1);
                    out.push(found);
                    continue;
                }
                i = self.alnum_end(i).max(i + 1);
            } else {
                i += 1;
            }
        }
        out
    }

    fn citation_at(&self, i: usize) -> Option<Found> {
        self.absolute(i)
            .or_else(|| self.rule(i))
            .or_else(|| self.compact(i, false))
            .or_else(|| self.keyword_relative(i))
            .or_else(|| self.bare_relative(i))
            .or_else(|| self.compact(i, true))
            .map(|found| self.with_direction(found))
    }

    /// `Chapter 6, Clause I.1.B`, `Chapter 4, Part A, Clause II.3`, `Chapter 3.2.A`,
    /// `Appendix 2.3.A`.
    fn absolute(&self, i: usize) -> Option<Found> {
        let (end, word) = self.word(i)?;
        let Some(Means::Root {
            kind: root_kind, ..
        }) = keywords::in_text(word)
        else {
            return None;
        };
        let number_start = self.skip_spaces(end);
        if number_start == end {
            return None;
        }
        let number_end = self.alnum_end(number_start);
        let number = self.text.get(number_start..number_end)?;
        LabelStyle::Arabic.ordinal(number)?;
        let mut found = Found {
            range: i..number_end,
            root: Some((root_kind, number_start..number_end)),
            segments: Vec::new(),
            direction: None,
        };
        if self.byte(number_end) == Some(b'.') {
            // `Chapter 3.2.A`
            self.push_path(&mut found, number_end + 1, None);
        }
        loop {
            // `, Part A`, `, Clause I.4`, ` Clause I`, `, section 4.B`.
            let mut at = found.range.end;
            if self.byte(at) == Some(b',') {
                at += 1;
            }
            let at = self.skip_spaces(at);
            if at == found.range.end {
                break;
            }
            let Some((word_end, word)) = self.word(at) else {
                break;
            };
            let Some(kind) = keyword_kind(word) else {
                break;
            };
            let label_start = self.skip_spaces(word_end);
            if label_start == word_end || !self.push_path(&mut found, label_start, kind) {
                break;
            }
        }
        Some(found)
    }

    /// Extends `found` with the dotted path starting at `start`; its first label gets `kind`.
    /// Returns whether a path was read.
    fn push_path(&self, found: &mut Found, start: usize, kind: Option<NodeKind>) -> bool {
        let Some(path) = self.path(start) else {
            return false;
        };
        for (n, range) in path.into_iter().enumerate() {
            found.range.end = range.end;
            found.segments.push(FoundSegment {
                range,
                kind: if n == 0 { kind } else { None },
            });
        }
        true
    }

    /// `C1.X.2`; with `bare`, a key without the `C` whose second label is a small Roman
    /// numeral (`2.I.4.B`), so that `4.D` or `4.C` is not read as a chapter and clause.
    fn compact(&self, i: usize, bare: bool) -> Option<Found> {
        let end = self.alnum_end(i);
        let word = self.text.get(i..end)?;
        let number_start = if bare {
            i
        } else if word.starts_with('C') {
            i + 1
        } else {
            return None;
        };
        let number = self.text.get(number_start..end)?;
        LabelStyle::Arabic.ordinal(number)?;
        if self.byte(end) != Some(b'.') {
            return None;
        }
        let path = self.path(end + 1)?;
        let second = path.first().and_then(|r| self.text.get(r.clone()))?;
        if bare
            && !(second.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
                && LabelStyle::UpperRoman.ordinal(second).is_some())
        {
            return None;
        }
        let range_end = path.last().map_or(end, |r| r.end);
        Some(Found {
            range: i..range_end,
            root: Some((NodeKind::Chapter, number_start..end)),
            segments: path
                .into_iter()
                .map(|range| FoundSegment { range, kind: None })
                .collect(),
            direction: None,
        })
    }

    /// `Rule 5.4.3`: chapter, then clause and section as numbers.
    fn rule(&self, i: usize) -> Option<Found> {
        let (end, word) = self.word(i)?;
        if keywords::in_text(word) != Some(Means::Rule) {
            return None;
        }
        let start = self.skip_spaces(end);
        if start == end {
            return None;
        }
        let path = self.path(start)?;
        let (root, rest) = path.split_first()?;
        LabelStyle::Arabic.ordinal(self.text.get(root.clone())?)?;
        if rest.is_empty() {
            return None;
        }
        Some(Found {
            range: i..rest.last().map_or(root.end, |r| r.end),
            root: Some((NodeKind::Chapter, root.clone())),
            segments: rest
                .iter()
                .map(|range| FoundSegment {
                    range: range.clone(),
                    kind: None,
                })
                .collect(),
            direction: None,
        })
    }

    /// `Clause IV.5`, `sub-clause 4.D`, `section 2`, `Part B` — relative to the citing node.
    fn keyword_relative(&self, i: usize) -> Option<Found> {
        let (end, word) = self.word(i)?;
        let kind = keyword_kind(word)?;
        let start = self.skip_spaces(end);
        if start == end {
            return None;
        }
        let path = self.path(start)?;
        let mut found = Found {
            range: i..path.last().map_or(start, |r| r.end),
            root: None,
            segments: Vec::new(),
            direction: None,
        };
        for (n, range) in path.into_iter().enumerate() {
            found.segments.push(FoundSegment {
                range,
                kind: if n == 0 { kind } else { None },
            });
        }
        Some(found)
    }

    /// `4.D below`, `I.6 above`: a dotted path followed by a direction.
    fn bare_relative(&self, i: usize) -> Option<Found> {
        let path = self.path(i)?;
        if path.len() < 2 {
            return None;
        }
        let first = self.text.get(path.first()?.clone())?;
        if LabelStyle::Arabic.ordinal(first).is_none()
            && LabelStyle::UpperRoman.ordinal(first).is_none()
        {
            return None;
        }
        let end = path.last().map_or(i, |r| r.end);
        self.direction(end)?;
        Some(Found {
            range: i..end,
            root: None,
            segments: path
                .into_iter()
                .map(|range| FoundSegment { range, kind: None })
                .collect(),
            direction: None,
        })
    }
}

/// Whether `word` introduces a label, and the kind it fixes: `Some(Some(Clause))` for
/// "Clause", `Some(None)` for the loose words ("sub-clause", "section"), `None` for other words.
fn keyword_kind(word: &str) -> Option<Option<NodeKind>> {
    match keywords::in_text(word)? {
        Means::Level(kind) => Some(Some(kind)),
        Means::Loose => Some(None),
        Means::Root { .. } | Means::SubPrefix | Means::Rule | Means::Filler => None,
    }
}
