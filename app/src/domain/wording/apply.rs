//! Applying instructions to one clause's text.
//!
//! Every instruction is located in the *base* text (the rule as printed, which is what the
//! wording quotes), never in the text produced by an earlier instruction. The located edits are
//! then made together; two instructions that change the same words are a problem, not an order
//! of precedence. An instruction that cannot be located unambiguously is reported and left out;
//! the others are still applied.
//!
//! Spacing is tidied where a person would expect it: deleting words never leaves a double space
//! or a space before punctuation, and inserted words are separated from their neighbours by one
//! space unless they begin or end with punctuation.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::locate::{Haystack, same_text, sentences};
use super::model::{
    Edge, Instruction, Occurrence, RangeEnd, SentenceRef, StructuralChange, Within,
};
use super::problem::{Problem, ProblemKind};
use super::render::{describe_sentence, ordinal_name};
use super::verify::{Claim, verify};
use crate::domain::diff::{DiffSpan, word_diff};
use crate::domain::numbering::{LabelStyle, NodeKind};

/// The outcome of applying wording or instructions to a clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Applied {
    /// The clause text with every applicable instruction made. When `problems` is not empty this
    /// is *not* the text the rule change intends.
    pub result: String,
    /// The instructions read (or given).
    pub instructions: Vec<Instruction>,
    /// Word diff from the base text to `result`.
    pub diff: Vec<DiffSpan>,
    /// Everything that could not be applied unambiguously.
    pub problems: Vec<Problem>,
    /// Changes to the rule tree, for the caller to carry out.
    pub structural: Vec<StructuralChange>,
    /// Whether the result was checked against every instruction and found to be exactly what
    /// they say, with nothing else changed. `false` whenever there is any problem: the result
    /// must then not be taken as the rule change's text.
    #[serde(default)]
    pub verified: bool,
}

/// One located edit of the base text.
#[derive(Debug, Clone)]
struct Edit {
    range: Range<usize>,
    text: String,
    instruction: usize,
}

/// The text result of applying instructions, without the diff.
pub(crate) struct Core {
    pub result: String,
    pub problems: Vec<Problem>,
    pub structural: Vec<StructuralChange>,
}

/// Applies `instructions` to `base`. `lines` gives, where known, the wording line of each
/// instruction (for messages).
pub(crate) fn apply_core(base: &str, instructions: &[Instruction], lines: &[usize]) -> Core {
    let ctx = Context::new(base);
    let mut edits = Vec::new();
    let mut problems = Vec::new();
    let mut structural = Vec::new();
    for (i, ins) in instructions.iter().enumerate() {
        let line = lines.get(i).copied();
        if ins.is_structural() {
            // "Delete the sub-clause" (this one): its text goes, and the node with it.
            if let Instruction::DeleteNode { label: None, .. } = ins {
                edits.push(Edit {
                    range: 0..base.len(),
                    text: String::new(),
                    instruction: i,
                });
            }
            let (change, problem) = structural_change(i, ins);
            if let Some(kind) = problem {
                problems.push(Problem::new(kind, Some(i), line));
            }
            structural.push(change);
            continue;
        }
        match ctx.locate(ins) {
            Ok(found) => edits.extend(found.into_iter().map(|(range, text)| Edit {
                range,
                text,
                instruction: i,
            })),
            Err(kind) => problems.push(Problem::new(kind, Some(i), line)),
        }
    }
    // Insertions at a point go before a change that starts there; otherwise the wording's order.
    edits.sort_by_key(|e| (e.range.start, !e.range.is_empty(), e.instruction));
    let mut result = String::with_capacity(base.len() + 64);
    let mut pos = 0;
    let mut last: Option<(usize, usize)> = None; // (end of last non-empty edit, its instruction)
    let mut made: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut trailing: Vec<(usize, usize)> = Vec::new();
    for e in edits {
        if let Some((end, other)) = last
            && (e.range.start < end)
        {
            problems.push(Problem::new(
                ProblemKind::Overlapping { other: other + 1 },
                Some(e.instruction),
                lines.get(e.instruction).copied(),
            ));
            continue;
        }
        result.push_str(&base[pos..e.range.start]);
        let mut e = e;
        // An insertion spaced against the base text ("… the. ␣New sentence.") whose left
        // neighbour another instruction has just deleted: no space at the start of the text or
        // after a space.
        if e.range.is_empty()
            && e.text.starts_with(' ')
            && result.chars().next_back().is_none_or(char::is_whitespace)
        {
            e.text.remove(0);
        }
        result.push_str(&e.text);
        if e.range.is_empty() && e.text.ends_with(' ') {
            trailing.push((result.len() - 1, made.len()));
        }
        pos = e.range.end;
        if !e.range.is_empty() {
            last = Some((e.range.end, e.instruction));
        }
        made.push(e);
    }
    result.push_str(&base[pos..]);
    // Likewise an insertion's closing space whose right neighbour was deleted.
    for &(at, k) in trailing.iter().rev() {
        let next = result[at + 1..].chars().next();
        if next.is_none_or(|c| c.is_whitespace() || CLOSING_PUNCT.contains(&c)) {
            result.remove(at);
            made[k].text.pop();
        }
    }
    // Nothing is trusted: the result is checked against every instruction.
    if problems.is_empty() {
        let claims: Vec<Claim> = made
            .iter()
            .map(|e| Claim {
                range: e.range.clone(),
                text: e.text.clone(),
                instruction: e.instruction,
            })
            .collect();
        for mut p in verify(base, &result, instructions, &claims) {
            p.line = p.instruction.and_then(|i| lines.get(i).copied());
            problems.push(p);
        }
    }
    problems.sort_by_key(|p| (p.instruction, p.line));
    Core {
        result,
        problems,
        structural,
    }
}

/// Applies `instructions` to `base` (see the module documentation).
pub fn apply_instructions(base: &str, instructions: &[Instruction]) -> Applied {
    let core = apply_core(base, instructions, &[]);
    Applied {
        verified: core.problems.is_empty(),
        diff: word_diff(base, &core.result),
        result: core.result,
        instructions: instructions.to_vec(),
        problems: core.problems,
        structural: core.structural,
    }
}

struct Context<'a> {
    text: &'a str,
    hay: Haystack<'a>,
    sentences: Vec<Range<usize>>,
}

const CLOSING_PUNCT: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '”', '’'];
const OPENING: &[char] = &['(', '[', '“', '‘', '/'];

fn is_hspace(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// The text to put at byte `p` of `text` so that `ins` is spaced like its neighbours.
pub(crate) fn joined(text: &str, p: usize, ins: &str) -> String {
    let before = text[..p].chars().next_back();
    let after = text[p..].chars().next();
    let first = ins.chars().next();
    let last = ins.chars().next_back();
    let space_before = before.is_some_and(|b| !b.is_whitespace() && !OPENING.contains(&b))
        && first.is_some_and(|c| !c.is_whitespace() && !CLOSING_PUNCT.contains(&c));
    let space_after = after.is_some_and(|a| !a.is_whitespace() && !CLOSING_PUNCT.contains(&a))
        && last.is_some_and(|c| !c.is_whitespace() && !OPENING.contains(&c));
    let mut out = String::with_capacity(ins.len() + 2);
    if space_before {
        out.push(' ');
    }
    out.push_str(ins);
    if space_after {
        out.push(' ');
    }
    out
}

/// The text put in place of base range `r`: the quoted words without spaces around them, and a
/// space where the words replaced began (or ended) with punctuation next to a word, so that
/// "who, in the opinion of the NEC, engages" replaced by "engages" reads "who engages".
pub(crate) fn replaced(text: &str, r: &Range<usize>, new: &str) -> String {
    let new = new.trim();
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    let first_old = text[r.clone()].chars().next();
    let last_old = text[r.clone()].chars().next_back();
    let mut out = String::with_capacity(new.len() + 2);
    if before.is_some_and(char::is_alphanumeric)
        && first_old.is_some_and(|c| !c.is_alphanumeric())
        && new.starts_with(char::is_alphanumeric)
    {
        out.push(' ');
    }
    out.push_str(new);
    if after.is_some_and(char::is_alphanumeric)
        && last_old.is_some_and(|c| !c.is_alphanumeric())
        && new.ends_with(char::is_alphanumeric)
    {
        out.push(' ');
    }
    out
}

/// Widens a deleted range so that no double space, and no space before punctuation, is left.
pub(crate) fn tidy_deletion(text: &str, r: Range<usize>) -> Range<usize> {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    let ws_before = text[..r.start].len() - text[..r.start].trim_end_matches(is_hspace).len();
    let ws_after = text[r.end..].len() - text[r.end..].trim_start_matches(is_hspace).len();
    let at_line_start = before.is_none_or(|b| b == '\n');
    let before_space = before.is_some_and(is_hspace);
    let after_end = after.is_none_or(|a| a == '\n' || a == '\r' || CLOSING_PUNCT.contains(&a));
    if at_line_start && after.is_some_and(is_hspace) {
        r.start..r.end + ws_after
    } else if before_space && (after_end || after.is_some_and(is_hspace)) {
        r.start - ws_before..r.end
    } else {
        r
    }
}

impl<'a> Context<'a> {
    fn new(text: &'a str) -> Self {
        Context {
            text,
            hay: Haystack::new(text),
            sentences: sentences(text),
        }
    }

    fn all(&self) -> Range<usize> {
        0..self.text.len()
    }

    fn sentence(&self, s: SentenceRef) -> Result<(usize, Range<usize>), ProblemKind> {
        match s.index(self.sentences.len()) {
            Some(i) => Ok((i, self.sentences[i].clone())),
            None => Err(ProblemKind::SentenceOutOfRange {
                requested: describe_sentence(s),
                count: self.sentences.len(),
            }),
        }
    }

    fn sentence_of(&self, pos: usize) -> Option<usize> {
        self.sentences
            .iter()
            .position(|r| r.start <= pos && pos < r.end.max(r.start + 1))
    }

    /// The single place where `quote` appears (within `within`, if given).
    fn find(&self, quote: &str, within: Option<Within>) -> Result<Range<usize>, ProblemKind> {
        let quoted = quote.trim().to_owned();
        let Some(w) = within else {
            return self.find_in(&quoted, &self.all());
        };
        let (_, region) = self.sentence(w.sentence)?;
        let place = match w.edge {
            None => format!("in the {}", describe_sentence(w.sentence)),
            Some(Edge::Start) => format!("at the start of the {}", describe_sentence(w.sentence)),
            Some(Edge::End) => format!("at the end of the {}", describe_sentence(w.sentence)),
        };
        let in_sentence = self.hay.find_all(&quoted, &region, false);
        let at_edge: Vec<Range<usize>> = in_sentence
            .iter()
            .filter(|m| match w.edge {
                None => true,
                Some(Edge::Start) => m.start == region.start,
                Some(Edge::End) => {
                    let trimmed =
                        self.text[region.clone()].trim_end_matches(['.', '!', '?', ';', ':']);
                    m.end == region.end || m.end == region.start + trimmed.len()
                }
            })
            .cloned()
            .collect();
        match at_edge.len() {
            1 => return Ok(at_edge[0].clone()),
            0 => {}
            count => return Err(ProblemKind::AnchorAmbiguous { quoted, count }),
        }
        if !in_sentence.is_empty() {
            return Err(ProblemKind::NotWhereStated {
                quoted,
                place,
                elsewhere: "; they appear elsewhere in that sentence".into(),
            });
        }
        let elsewhere = self.hay.find_all(&quoted, &self.all(), false);
        if !elsewhere.is_empty() {
            let mut where_: Vec<String> = elsewhere
                .iter()
                .filter_map(|m| self.sentence_of(m.start))
                .map(|i| format!("the {} sentence", ordinal_name(i + 1)))
                .collect();
            where_.dedup();
            return Err(ProblemKind::NotWhereStated {
                quoted,
                place,
                elsewhere: format!(
                    "; they are in {} of {} sentences",
                    where_.join(" and "),
                    self.sentences.len()
                ),
            });
        }
        self.find_in(&quoted, &region)
    }

    fn find_in(&self, quoted: &str, region: &Range<usize>) -> Result<Range<usize>, ProblemKind> {
        let quoted = quoted.to_owned();
        if quoted.is_empty() {
            return Err(ProblemKind::EmptyQuote);
        }
        let found = self.hay.find_all(&quoted, region, false);
        match found.len() {
            1 => return Ok(found[0].clone()),
            0 => {}
            count => return Err(ProblemKind::AnchorAmbiguous { quoted, count }),
        }
        let folded = self.hay.find_all(&quoted, region, true);
        if let Some(m) = folded.first() {
            return Err(ProblemKind::QuotedTextDiffers {
                quoted,
                closest: self.text[m.clone()].to_owned(),
            });
        }
        match self.hay.closest(&quoted, region) {
            Some(closest) => Err(ProblemKind::QuotedTextDiffers { quoted, closest }),
            None => Err(ProblemKind::AnchorNotFound { quoted }),
        }
    }

    /// The region searched for `within` (its sentence), or the whole text, with its name for
    /// messages.
    fn region(&self, within: Option<Within>) -> Result<(Range<usize>, String), ProblemKind> {
        match within {
            None => Ok((self.all(), "the rule".to_owned())),
            Some(w) => {
                let (_, r) = self.sentence(w.sentence)?;
                Ok((r, format!("the {}", describe_sentence(w.sentence))))
            }
        }
    }

    /// The places meant by `quote` and `which` (within `within`, if given).
    fn find_occ(
        &self,
        quote: &str,
        within: Option<Within>,
        which: Occurrence,
    ) -> Result<Vec<Range<usize>>, ProblemKind> {
        if which == Occurrence::Only {
            return Ok(vec![self.find(quote, within)?]);
        }
        let quoted = quote.trim().to_owned();
        let (region, name) = self.region(within)?;
        let found = self.hay.find_all(&quoted, &region, false);
        if found.is_empty() {
            // Not there at all: the same message (and closest text) as for a single quotation.
            return Err(self
                .find_in(&quoted, &region)
                .err()
                .unwrap_or(ProblemKind::AnchorNotFound { quoted }));
        }
        match which {
            Occurrence::Nth(n) => match found.get((n as usize).wrapping_sub(1)) {
                Some(r) => Ok(vec![r.clone()]),
                None => Err(ProblemKind::OccurrenceOutOfRange {
                    quoted,
                    requested: ordinal_name(n as usize),
                    count: found.len(),
                    region: name,
                }),
            },
            Occurrence::Each(k) if k as usize != found.len() => Err(ProblemKind::OccurrenceCount {
                quoted,
                expected: k as usize,
                count: found.len(),
            }),
            _ => Ok(found),
        }
    }

    /// The range of words a [`Instruction::DeleteRange`] deletes: from `from` (or the first
    /// word after it) through `to`. A range that runs to the end of a sentence or of the text
    /// keeps the closing full stop.
    fn find_range(
        &self,
        from: &str,
        from_included: bool,
        to: &RangeEnd,
        within: Option<Within>,
    ) -> Result<Range<usize>, ProblemKind> {
        let text = self.text;
        let f = self.find(from, within)?;
        let start = if from_included {
            f.start
        } else {
            f.end + text[f.end..].len() - text[f.end..].trim_start().len()
        };
        let sentence_end = |pos: usize| -> usize {
            let i = self
                .sentence_of(pos.min(text.len().saturating_sub(1)))
                .unwrap_or(0);
            let r = self.sentences.get(i).cloned().unwrap_or(0..text.len());
            r.start
                + text[r.clone()]
                    .trim_end_matches(['.', '!', '?', ';', ':'])
                    .len()
        };
        let text_end = text
            .trim_end()
            .trim_end_matches(['.', '!', '?', ';', ':'])
            .len();
        let end = match to {
            RangeEnd::Through(to) => {
                let region_end = match within {
                    Some(w) => self.sentence(w.sentence)?.1.end,
                    None => text.len(),
                };
                let quoted = to.trim().to_owned();
                let rest = f.end..region_end;
                let found = self.hay.find_all(&quoted, &rest, false);
                match found.len() {
                    1 => found[0].end,
                    0 => {
                        return Err(ProblemKind::RangeEndNotFound {
                            from: from.trim().to_owned(),
                            to: quoted,
                            place: if within.is_some() {
                                " in that sentence".to_owned()
                            } else {
                                String::new()
                            },
                        });
                    }
                    count => return Err(ProblemKind::AnchorAmbiguous { quoted, count }),
                }
            }
            RangeEnd::EndOfSentence => sentence_end(f.start),
            RangeEnd::EndOfText => text_end,
            RangeEnd::Unstated => {
                let e = sentence_end(f.start);
                if e != text_end {
                    return Err(ProblemKind::RangeEndUnclear {
                        quoted: from.trim().to_owned(),
                    });
                }
                e
            }
        };
        if end <= start || text[start..end].trim().is_empty() {
            return Err(ProblemKind::RangeEndNotFound {
                from: from.trim().to_owned(),
                to: match to {
                    RangeEnd::Through(t) => t.trim().to_owned(),
                    _ => "any further words".to_owned(),
                },
                place: String::new(),
            });
        }
        Ok(start..end)
    }

    /// Checks `reads` against sentence `idx`.
    fn check_reads(
        &self,
        s: SentenceRef,
        idx: usize,
        reads: Option<&str>,
    ) -> Result<(), ProblemKind> {
        let Some(reads) = reads else {
            return Ok(());
        };
        let actual = &self.text[self.sentences[idx].clone()];
        let strip = |t: &str| t.trim().trim_end_matches(['.', '!', '?']).to_owned();
        if same_text(&strip(reads), &strip(actual)) {
            return Ok(());
        }
        let quoted = reads.trim().to_owned();
        if let Some(other) = self
            .sentences
            .iter()
            .position(|r| same_text(&strip(&self.text[r.clone()]), &strip(reads)))
        {
            return Err(ProblemKind::NotWhereStated {
                quoted,
                place: format!("the {}", describe_sentence(s)),
                elsewhere: format!(
                    "; they are the {} sentence of {}",
                    ordinal_name(other + 1),
                    self.sentences.len()
                ),
            });
        }
        Err(ProblemKind::QuotedTextDiffers {
            quoted,
            closest: actual.to_owned(),
        })
    }

    /// Locates a text instruction: the base range it replaces and the text put there.
    fn locate(&self, ins: &Instruction) -> Result<Vec<(Range<usize>, String)>, ProblemKind> {
        let text = self.text;
        match ins {
            Instruction::Delete {
                text: quote,
                within,
                which,
            } => Ok(self
                .find_occ(quote, *within, *which)?
                .into_iter()
                .map(|r| (tidy_deletion(text, r), String::new()))
                .collect()),
            Instruction::Replace {
                old,
                new,
                within,
                which,
            } => Ok(self
                .find_occ(old, *within, *which)?
                .into_iter()
                .map(|r| {
                    if new.trim().is_empty() {
                        (tidy_deletion(text, r), String::new())
                    } else {
                        let n = replaced(text, &r, new);
                        (r, n)
                    }
                })
                .collect()),
            Instruction::InsertAfter {
                anchor,
                text: ins,
                within,
                which,
            } => Ok(self
                .find_occ(anchor, *within, *which)?
                .into_iter()
                .map(|r| (r.end..r.end, joined(text, r.end, ins)))
                .collect()),
            Instruction::InsertBefore {
                anchor,
                text: ins,
                within,
                which,
            } => Ok(self
                .find_occ(anchor, *within, *which)?
                .into_iter()
                .map(|r| (r.start..r.start, joined(text, r.start, ins)))
                .collect()),
            Instruction::DeleteRange {
                from,
                from_included,
                to,
                new,
                within,
            } => {
                let r = self.find_range(from, *from_included, to, *within)?;
                Ok(vec![match new {
                    Some(n) if !n.trim().is_empty() => (r.clone(), replaced(text, &r, n)),
                    _ => (tidy_deletion(text, r), String::new()),
                }])
            }
            Instruction::InsertSentence {
                sentence,
                edge,
                text: ins,
            } => {
                let (_, r) = self.sentence(*sentence)?;
                let p = match edge {
                    Edge::Start => r.start,
                    Edge::End => r.end,
                };
                Ok(vec![(p..p, joined(text, p, ins))])
            }
            Instruction::AddAtStart { text: ins } => {
                let p = text.len() - text.trim_start().len();
                Ok(vec![(p..p, joined(text, p, ins))])
            }
            Instruction::AddAtEnd {
                text: ins,
                new_paragraph,
            } => {
                let p = text.trim_end().len();
                if *new_paragraph && p > 0 {
                    Ok(vec![(p..p, format!("\n{ins}"))])
                } else {
                    Ok(vec![(p..p, joined(text, p, ins))])
                }
            }
            Instruction::AddToSentence {
                sentence,
                edge,
                text: ins,
            } => {
                let (_, r) = self.sentence(*sentence)?;
                let p = match edge {
                    Edge::Start => r.start,
                    Edge::End => {
                        r.start
                            + text[r.clone()]
                                .trim_end_matches(['.', '!', '?', ';', ':'])
                                .len()
                    }
                };
                Ok(vec![(p..p, joined(text, p, ins))])
            }
            Instruction::ReplaceSentence {
                sentence,
                reads,
                text: ins,
            } => {
                let (idx, r) = self.sentence(*sentence)?;
                self.check_reads(*sentence, idx, reads.as_deref())?;
                Ok(vec![(r, ins.clone())])
            }
            Instruction::DeleteSentence { sentence, reads } => {
                let (idx, r) = self.sentence(*sentence)?;
                self.check_reads(*sentence, idx, reads.as_deref())?;
                let after = text[r.end..].len() - text[r.end..].trim_start_matches(is_hspace).len();
                let before =
                    text[..r.start].len() - text[..r.start].trim_end_matches(is_hspace).len();
                let at_line_end =
                    text[r.end + after..].is_empty() || text[r.end + after..].starts_with('\n');
                if at_line_end {
                    Ok(vec![(r.start - before..r.end + after, String::new())])
                } else {
                    Ok(vec![(r.start..r.end + after, String::new())])
                }
            }
            Instruction::ReplaceAll { text: ins, .. } => Ok(vec![(0..text.len(), ins.clone())]),
            _ => Err(ProblemKind::Unrecognised {
                text: "structural instruction".into(),
            }),
        }
    }
}

/// The style of a label component, from the noun if known, else from its form.
fn style_of(noun: Option<NodeKind>, component: &str) -> Option<LabelStyle> {
    if let Some(n) = noun {
        return Some(n.label_style());
    }
    if component.chars().all(|c| c.is_ascii_digit()) {
        return Some(LabelStyle::Arabic);
    }
    if LabelStyle::LowerRoman.ordinal(component).is_some() {
        return Some(LabelStyle::LowerRoman);
    }
    // "I" could be a letter or a numeral: only a letter that is not a numeral is certain.
    if LabelStyle::UpperLetter.ordinal(component).is_some()
        && LabelStyle::UpperRoman.ordinal(component).is_none()
    {
        return Some(LabelStyle::UpperLetter);
    }
    None
}

/// The structural change for instruction `i`, with a label-sequence problem if its numbering
/// does not follow.
fn structural_change(i: usize, ins: &Instruction) -> (StructuralChange, Option<ProblemKind>) {
    let mut expected_label = None;
    let mut problem = None;
    if let Instruction::InsertNode {
        noun,
        label,
        after: Some(after),
        ..
    } = ins
    {
        let (prefix, last) = after
            .rsplit_once('.')
            .map_or(("", after.as_str()), |(p, l)| (p, l));
        if let Some(next) = style_of(*noun, last).and_then(|s| s.next(last)) {
            let expected = if prefix.is_empty() {
                next
            } else {
                format!("{prefix}.{next}")
            };
            if &expected != label {
                problem = Some(ProblemKind::LabelSequence {
                    noun: noun.map_or("node", NodeKind::noun).to_owned(),
                    after: after.clone(),
                    expected: expected.clone(),
                    label: label.clone(),
                });
            }
            expected_label = Some(expected);
        }
    }
    (
        StructuralChange {
            instruction: i,
            change: ins.clone(),
            expected_label,
        },
        problem,
    )
}

#[cfg(test)]
#[path = "apply_tests.rs"]
mod tests;
