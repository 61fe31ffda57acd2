//! Generating instructions and wording from a base text and its edited version.
//!
//! 1. The word diff ([`crate::domain::diff::changes`]) gives the changed stretches; stretches
//!    separated by at most one word (or two short ones) are merged, so a reader gets one
//!    instruction per edit a person would describe, not one per word.
//! 2. Each stretch becomes the most natural instruction that reproduces it exactly: `delete`,
//!    `after … insert`, `before … insert`, `add at start`, `add at end` (as a new paragraph
//!    when it starts on a new line), or `delete … and insert …`. Anchors quote just enough whole
//!    words to be unique in the clause; failing that, unique in their sentence ("in the third
//!    sentence, …"); failing that, the quotation is widened with the words around the change.
//!    A long deletion is quoted by its first and last words around an ellipsis.
//! 3. Every candidate is checked by applying it to the base text and by reading its wording
//!    back; only a candidate that reproduces the edit exactly is used.
//! 4. When the edit is extensive the whole text is replaced instead
//!    (`delete the sub-clause and replace with: "…"`): see [`WHOLE_REPLACEMENT_RATIO`] and
//!    [`MAX_INSTRUCTIONS`]. The same happens, as a last resort, if the piecewise wording would not
//!    read back to exactly the edited text.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::apply::apply_core;
use super::locate::{Haystack, sentences};
use super::model::{Instruction, Occurrence, RangeEnd, SentenceRef, Within};
use super::parse::parse;
use super::render::{render, render_instruction};
use crate::domain::diff::changes;
use crate::domain::numbering::{LabelStyle, NodeKind};

/// Above this share of changed characters (deleted plus inserted, over the length of both
/// texts), the whole text is replaced rather than edited piece by piece.
pub const WHOLE_REPLACEMENT_RATIO: f64 = 0.5;

/// Above this many instructions, the whole text is replaced.
pub const MAX_INSTRUCTIONS: usize = 8;

/// Deletions of more than this many words are quoted with an ellipsis.
const ELIDE_WORDS: usize = 14;

/// The most words an anchor is widened to before giving up on a short form.
const MAX_ANCHOR_WORDS: usize = 12;

/// Instructions generated from an edit, with their wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Generated {
    /// The instructions, in text order.
    pub instructions: Vec<Instruction>,
    /// Their formal wording (empty when nothing changed).
    pub wording: String,
}

/// The kind of the node a citation names, read from its shape: `2.I.4.B` and
/// `Chapter 2, Clause I.4.B` name a sub-clause, `Rule 5.4.1` a section, `Appendix 4.A.iv` an
/// item. `None` when the shape does not say.
pub fn noun_for_citation(citation: &str) -> Option<NodeKind> {
    let lower = citation.to_lowercase();
    let comps: Vec<&str> = citation
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|c| !c.is_empty())
        .filter(|c| {
            !matches!(
                c.to_lowercase().as_str(),
                "chapter"
                    | "clause"
                    | "section"
                    | "sub"
                    | "subclause"
                    | "rule"
                    | "appendix"
                    | "part"
                    | "item"
            )
        })
        .map(|c| {
            // "C2" is chapter 2.
            match c.strip_prefix('C') {
                Some(rest) if !rest.is_empty() && rest.chars().all(|d| d.is_ascii_digit()) => rest,
                _ => c,
            }
        })
        .collect();
    let last = *comps.last()?;
    if LabelStyle::LowerRoman.ordinal(last).is_some() && comps.len() > 1 {
        return Some(NodeKind::Item);
    }
    if lower.contains("appendix") {
        return None;
    }
    let is_upper_letter = LabelStyle::UpperLetter.ordinal(last).is_some();
    let is_number = LabelStyle::Arabic.ordinal(last).is_some();
    let is_roman = LabelStyle::UpperRoman.ordinal(last).is_some();
    match comps.len() {
        1 if is_number => Some(NodeKind::Chapter),
        2 if is_roman || is_number => Some(NodeKind::Clause),
        3 if is_number => Some(NodeKind::Section),
        4 if is_upper_letter => Some(NodeKind::SubSection),
        _ => None,
    }
}

/// Generates instructions and wording turning `base` into `edited`, naming the unit from the
/// citation (see [`noun_for_citation`]).
pub fn generate(citation: &str, base: &str, edited: &str) -> Generated {
    generate_for(noun_for_citation(citation), citation, base, edited)
}

/// Like [`generate`], with the kind of node given by the caller (who may know it from the rule
/// tree).
pub fn generate_for(noun: Option<NodeKind>, citation: &str, base: &str, edited: &str) -> Generated {
    if base == edited {
        return Generated::default();
    }
    if edited.is_empty() {
        // Emptying the clause is deleting it.
        let instructions = vec![Instruction::DeleteNode { noun, label: None }];
        return Generated {
            wording: render(citation, &instructions),
            instructions,
        };
    }
    let whole = vec![Instruction::ReplaceAll {
        noun,
        text: edited.to_owned(),
    }];
    let whole = Generated {
        wording: render(citation, &whole),
        instructions: whole,
    };
    let whole_ok = reads_back(base, edited, &whole);
    if base.trim().is_empty() {
        return whole;
    }
    let hunks = merged_changes(base, edited);
    let changed: usize = hunks
        .iter()
        .map(|h| base[h.old.clone()].chars().count() + edited[h.new.clone()].chars().count())
        .sum();
    let total = base.chars().count() + edited.chars().count();
    let extensive =
        hunks.len() > MAX_INSTRUCTIONS || (changed as f64) > WHOLE_REPLACEMENT_RATIO * total as f64;
    if extensive && whole_ok {
        return whole;
    }
    let piecewise = piecewise(citation, base, edited, &hunks, true)
        .filter(|g| reads_back(base, edited, g))
        .or_else(|| {
            piecewise(citation, base, edited, &hunks, false).filter(|g| reads_back(base, edited, g))
        });
    match piecewise {
        Some(p) if !whole_ok || p.wording.chars().count() <= whole.wording.chars().count() => p,
        _ => whole,
    }
}

/// Whether `g`'s wording reads back to its instructions and they turn `base` into `edited`.
fn reads_back(base: &str, edited: &str, g: &Generated) -> bool {
    let back = parse(&g.wording);
    back.problems.is_empty()
        && back.instructions == g.instructions
        && apply_core(base, &g.instructions, &[]).result == edited
}

/// One instruction per hunk, if every hunk has one that works; with `grouped`, the same
/// replacement made at every occurrence of the same words is one instruction ("replace ‘…’
/// with ‘…’ throughout", "in both places").
fn piecewise(
    citation: &str,
    base: &str,
    edited: &str,
    hunks: &[Hunk],
    grouped: bool,
) -> Option<Generated> {
    let g = Generator::new(base, edited);
    let mut done = vec![false; hunks.len()];
    let mut instructions = Vec::new();
    for (i, h) in hunks.iter().enumerate() {
        if done[i] {
            continue;
        }
        if grouped && let Some((ins, members)) = g.every(hunks, i) {
            for m in members {
                done[m] = true;
            }
            instructions.push(ins);
            continue;
        }
        instructions.push(g.instruction_for(h)?);
    }
    Some(Generated {
        wording: render(citation, &instructions),
        instructions,
    })
}

/// One change, in byte ranges of the base and edited texts.
#[derive(Debug, Clone)]
struct Hunk {
    old: Range<usize>,
    new: Range<usize>,
}

/// The diff's changes, merged across gaps of one word and shrunk so that neither side starts
/// or ends with whitespace both sides share.
fn merged_changes(base: &str, edited: &str) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for c in changes(base, edited, 2) {
        if let Some(last) = out.last_mut() {
            let gap = &base[last.old.end..c.old.start];
            if gap.split_whitespace().count() <= 1 && !gap.contains('\n') {
                last.old.end = c.old.end;
                last.new.end = c.new.end;
                continue;
            }
        }
        out.push(Hunk {
            old: c.old,
            new: c.new,
        });
    }
    out
}

struct Generator<'a> {
    base: &'a str,
    edited: &'a str,
    hay: Haystack<'a>,
    sentences: Vec<Range<usize>>,
}

/// Byte offset of the start of the whitespace-delimited word that ends at or before `p`.
fn word_start_before(text: &str, p: usize) -> Option<usize> {
    let head = text[..p].trim_end();
    if head.is_empty() {
        return None;
    }
    Some(head.rfind(char::is_whitespace).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    }))
}

/// Byte offset of the end of the whitespace-delimited word that starts at or after `p`.
fn word_end_after(text: &str, p: usize) -> Option<usize> {
    let tail = &text[p..];
    let lead = tail.len() - tail.trim_start().len();
    if lead == tail.len() {
        return None;
    }
    let rest = &tail[lead..];
    Some(p + lead + rest.find(char::is_whitespace).unwrap_or(rest.len()))
}

impl<'a> Generator<'a> {
    fn new(base: &'a str, edited: &'a str) -> Self {
        Generator {
            base,
            edited,
            hay: Haystack::new(base),
            sentences: sentences(base),
        }
    }

    fn unique(&self, quote: &str, region: &Range<usize>) -> bool {
        self.hay.find_all(quote, region, false).len() == 1
    }

    /// The text `base` becomes when only hunk `h` is made.
    fn expected(&self, h: &Hunk) -> String {
        let mut s = String::with_capacity(self.base.len() + h.new.len());
        s.push_str(&self.base[..h.old.start]);
        s.push_str(&self.edited[h.new.clone()]);
        s.push_str(&self.base[h.old.end..]);
        s
    }

    /// Whether `ins` alone turns `base` into `expected` and reads back from its own wording.
    fn works(&self, ins: &Instruction, expected: &str) -> bool {
        let core = apply_core(self.base, std::slice::from_ref(ins), &[]);
        if !core.problems.is_empty() || core.result != expected {
            return false;
        }
        let back = parse(&render_instruction(ins));
        back.problems.is_empty() && back.instructions.len() == 1 && back.instructions[0] == *ins
    }

    /// The sentence containing base range `r`, as a reference and its range.
    fn sentence_ref(&self, r: &Range<usize>) -> Option<(SentenceRef, Range<usize>)> {
        let i = self
            .sentences
            .iter()
            .position(|s| s.start <= r.start && r.end <= s.end)?;
        let n = self.sentences.len();
        let sref = if i + 1 == n && n > 1 {
            SentenceRef::LAST
        } else {
            SentenceRef::Start(u32::try_from(i + 1).ok()?)
        };
        Some((sref, self.sentences[i].clone()))
    }

    /// When hunk `i` replaces (or deletes) words that every other occurrence of them loses
    /// the same way, one instruction for all of them, with the hunks it covers.
    fn every(&self, hunks: &[Hunk], i: usize) -> Option<(Instruction, Vec<usize>)> {
        let trimmed = |r: &Range<usize>, t: &'a str| -> Range<usize> {
            let s = &t[r.clone()];
            let lead = s.len() - s.trim_start().len();
            r.start + lead..r.start + lead + s.trim().len()
        };
        let old_of = |h: &Hunk| self.base[h.old.clone()].trim();
        let new_of = |h: &Hunk| self.edited[h.new.clone()].trim();
        let (old, new) = (old_of(&hunks[i]), new_of(&hunks[i]));
        if old.is_empty() || new.is_empty() {
            return None;
        }
        let found = self.hay.find_all(old, &(0..self.base.len()), false);
        if found.len() < 2 {
            return None;
        }
        let members: Vec<usize> = (i..hunks.len())
            .filter(|&j| old_of(&hunks[j]) == old && new_of(&hunks[j]) == new)
            .collect();
        let covered = found.iter().all(|m| {
            members
                .iter()
                .any(|&j| trimmed(&hunks[j].old, self.base) == *m)
        });
        if members.len() != found.len() || !covered {
            return None;
        }
        let which = if found.len() == 2 {
            Occurrence::Each(2)
        } else {
            Occurrence::Every
        };
        let ins = Instruction::Replace {
            old: old.to_owned(),
            new: new.to_owned(),
            within: None,
            which,
        };
        // It must do exactly what those hunks do, and read back.
        let mut expected = String::with_capacity(self.base.len());
        let mut pos = 0;
        for &j in &members {
            expected.push_str(&self.base[pos..hunks[j].old.start]);
            expected.push_str(&self.edited[hunks[j].new.clone()]);
            pos = hunks[j].old.end;
        }
        expected.push_str(&self.base[pos..]);
        self.works(&ins, &expected).then_some((ins, members))
    }

    fn instruction_for(&self, h: &Hunk) -> Option<Instruction> {
        let expected = self.expected(h);
        self.candidates(h)
            .into_iter()
            .find(|ins| self.works(ins, &expected))
    }

    /// Candidate instructions for one hunk, most natural first.
    fn candidates(&self, h: &Hunk) -> Vec<Instruction> {
        let base = self.base;
        let old = &base[h.old.clone()];
        let new = &self.edited[h.new.clone()];
        let all = 0..base.len();
        let mut out = Vec::new();
        let mut by_ordinal = None;
        let old_t = old.trim();
        let new_t = new.trim();
        if old_t.is_empty() {
            // Pure insertion (possibly of whitespace-separated words).
            let p = h.old.start;
            if base[..p].trim().is_empty() {
                out.push(Instruction::AddAtStart {
                    text: new_t.to_owned(),
                });
            }
            if base[p..].trim().is_empty() {
                let new_paragraph = new.trim_start_matches([' ', '\t']).starts_with('\n');
                out.push(Instruction::AddAtEnd {
                    text: new_t.to_owned(),
                    new_paragraph,
                });
            }
            let after = self.anchor_before(p, &all);
            let before = self.anchor_after(p, &all);
            let mut anchored = Vec::new();
            if let Some(a) = after {
                anchored.push(Instruction::InsertAfter {
                    anchor: a,
                    text: new_t.to_owned(),
                    within: None,
                    which: Occurrence::Only,
                });
            }
            if let Some(b) = before {
                anchored.push(Instruction::InsertBefore {
                    anchor: b,
                    text: new_t.to_owned(),
                    within: None,
                    which: Occurrence::Only,
                });
            }
            // The shorter anchor first.
            // An anchor with a word in it first, then the shorter.
            anchored.sort_by_key(|i| match i {
                Instruction::InsertAfter { anchor, .. }
                | Instruction::InsertBefore { anchor, .. } => {
                    (!anchor.chars().any(char::is_alphanumeric), anchor.len())
                }
                _ => (true, usize::MAX),
            });
            out.extend(anchored);
        } else if new_t.is_empty() {
            let words = old_t.split_whitespace().count();
            if words > ELIDE_WORDS
                && let Some(e) = self.elided(old_t, &all)
            {
                out.push(Instruction::Delete {
                    text: e,
                    within: None,
                    which: Occurrence::Only,
                });
            }
            if self.unique(old_t, &all) {
                out.push(Instruction::Delete {
                    text: old_t.to_owned(),
                    within: None,
                    which: Occurrence::Only,
                });
            } else if let Some((sentence, region)) = self.sentence_ref(&h.old)
                && self.unique(old_t, &region)
            {
                out.push(Instruction::Delete {
                    text: old_t.to_owned(),
                    within: Some(Within {
                        sentence,
                        edge: None,
                    }),
                    which: Occurrence::Only,
                });
            } else if let Some((within, which)) = self.ordinal(h, old_t) {
                by_ordinal = Some(Instruction::Delete {
                    text: old_t.to_owned(),
                    within,
                    which,
                });
            }
            if words > ELIDE_WORDS
                && let Some(ins) = self.to_sentence_end(h, old_t)
            {
                out.insert(0, ins);
            }
        } else if self.unique(old_t, &all) {
            out.push(Instruction::Replace {
                old: old_t.to_owned(),
                new: new_t.to_owned(),
                within: None,
                which: Occurrence::Only,
            });
        } else if let Some((sentence, region)) = self.sentence_ref(&h.old)
            && self.unique(old_t, &region)
        {
            out.push(Instruction::Replace {
                old: old_t.to_owned(),
                new: new_t.to_owned(),
                within: Some(Within {
                    sentence,
                    edge: None,
                }),
                which: Occurrence::Only,
            });
        } else if let Some((within, which)) = self.ordinal(h, old_t) {
            by_ordinal = Some(Instruction::Replace {
                old: old_t.to_owned(),
                new: new_t.to_owned(),
                within,
                which,
            });
        }
        if let Some(w) = self.widened(h) {
            out.push(w);
        }
        // An ordinal ("the second ‘six’") only when no quoted context is unique: it counts in
        // whatever text the instruction meets, so applied after another rule change to the same
        // clause it can land on a different occurrence, where quoted context fails and is
        // reported as a conflict.
        out.extend(by_ordinal);
        out
    }

    /// "The second ‘and’" (in the hunk's sentence when it has one): the occurrence of `old`
    /// the hunk changes, by its ordinal.
    fn ordinal(&self, h: &Hunk, old: &str) -> Option<(Option<Within>, Occurrence)> {
        let (within, region) = match self.sentence_ref(&h.old) {
            Some((sentence, region)) => (
                Some(Within {
                    sentence,
                    edge: None,
                }),
                region,
            ),
            None => (None, 0..self.base.len()),
        };
        let start = h.old.start
            + (self.base[h.old.clone()].len() - self.base[h.old.clone()].trim_start().len());
        let k = self
            .hay
            .find_all(old, &region, false)
            .iter()
            .position(|m| m.start == start)?;
        Some((within, Occurrence::Nth(u32::try_from(k + 1).ok()?)))
    }

    /// "Delete the words from ‘…’ to the end of the sentence", for a long deletion that runs
    /// to its sentence's closing full stop.
    fn to_sentence_end(&self, h: &Hunk, old: &str) -> Option<Instruction> {
        let (_, region) = self.sentence_ref(&h.old)?;
        let body_end = region.start
            + self.base[region.clone()]
                .trim_end_matches(['.', '!', '?', ';', ':'])
                .len();
        let start = h.old.start
            + (self.base[h.old.clone()].len() - self.base[h.old.clone()].trim_start().len());
        if start + old.len() != body_end {
            return None;
        }
        let from = self.anchor_after(start, &(0..self.base.len()))?;
        Some(Instruction::DeleteRange {
            from,
            from_included: true,
            to: RangeEnd::EndOfSentence,
            new: None,
            within: None,
        })
    }

    /// The shortest run of whole words ending at `p` that is unique in `region`.
    fn anchor_before(&self, p: usize, region: &Range<usize>) -> Option<String> {
        let end = self.base[..p].trim_end().len();
        if end == 0 {
            return None;
        }
        let mut start = word_start_before(self.base, end)?;
        for _ in 0..MAX_ANCHOR_WORDS {
            let quote = &self.base[start..end];
            if self.unique(quote, region) {
                return Some(quote.to_owned());
            }
            start = word_start_before(self.base, start)?;
        }
        None
    }

    /// The shortest run of whole words starting at `p` that is unique in `region`.
    fn anchor_after(&self, p: usize, region: &Range<usize>) -> Option<String> {
        let tail = &self.base[p..];
        let start = p + (tail.len() - tail.trim_start().len());
        if start >= self.base.len() {
            return None;
        }
        let mut end = word_end_after(self.base, start)?;
        for _ in 0..MAX_ANCHOR_WORDS {
            let quote = &self.base[start..end];
            if self.unique(quote, region) {
                return Some(quote.to_owned());
            }
            end = word_end_after(self.base, end)?;
        }
        None
    }

    /// "first words … last words" for a long deletion, if unique.
    fn elided(&self, text: &str, region: &Range<usize>) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.iter().any(|w| w.contains("...") || w.contains('…')) {
            return None;
        }
        for k in 3..=6 {
            if 2 * k + 2 > words.len() {
                break;
            }
            let quote = format!(
                "{} … {}",
                words[..k].join(" "),
                words[words.len() - k..].join(" ")
            );
            if self.unique(&quote, region) {
                return Some(quote);
            }
        }
        None
    }

    /// `delete "<context> old <context>" and insert "<context> new <context>"`, widened with
    /// whole words on both sides until unique.
    fn widened(&self, h: &Hunk) -> Option<Instruction> {
        let base = self.base;
        let edited = self.edited;
        let all = 0..base.len();
        // Start at whitespace boundaries around the change (the context is equal on both sides).
        let mut left = base[..h.old.start]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
        let mut right = base[h.old.end..]
            .find(char::is_whitespace)
            .map_or(base.len(), |i| h.old.end + i);
        // Whitespace characters may be multi-byte; move to char boundaries.
        while !base.is_char_boundary(left) {
            left += 1;
        }
        for step in 0..(2 * MAX_ANCHOR_WORDS + 2) {
            let l = left.min(h.old.start);
            let r = right.max(h.old.end);
            let old_q = &base[l..r];
            let new_q = format!(
                "{}{}{}",
                &base[l..h.old.start],
                &edited[h.new.clone()],
                &base[h.old.end..r]
            );
            let exact = old_q.trim() == old_q && new_q.trim() == new_q;
            if exact && !old_q.is_empty() && self.unique(old_q, &all) {
                return Some(if new_q.is_empty() {
                    Instruction::Delete {
                        text: old_q.to_owned(),
                        within: None,
                        which: Occurrence::Only,
                    }
                } else {
                    Instruction::Replace {
                        old: old_q.to_owned(),
                        new: new_q,
                        within: None,
                        which: Occurrence::Only,
                    }
                });
            }
            // Widen alternately to the left and to the right.
            if step % 2 == 0 && l > 0 {
                left = word_start_before(base, l).unwrap_or(0);
            } else if r < base.len() {
                right = word_end_after(base, r).unwrap_or(base.len());
            } else if l > 0 {
                left = word_start_before(base, l).unwrap_or(0);
            } else {
                break;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_from_citations() {
        assert_eq!(
            noun_for_citation("Chapter 2, Clause I.4.B"),
            Some(NodeKind::SubSection)
        );
        assert_eq!(noun_for_citation("2.I.4.B"), Some(NodeKind::SubSection));
        assert_eq!(noun_for_citation("C2.I.4.B"), Some(NodeKind::SubSection));
        assert_eq!(noun_for_citation("Rule 5.4.1"), Some(NodeKind::Section));
        assert_eq!(noun_for_citation("Appendix 4.A.iv"), Some(NodeKind::Item));
        assert_eq!(
            noun_for_citation("Chapter 6, Clause 1.1, sub-clause B"),
            Some(NodeKind::SubSection)
        );
        assert_eq!(
            noun_for_citation("Chapter 1, Clause II"),
            Some(NodeKind::Clause)
        );
        assert_eq!(noun_for_citation("the membership rules"), None);
    }
}
