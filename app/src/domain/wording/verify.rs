//! The check after applying: no silent wrong result.
//!
//! Applying locates every instruction and splices the located edits ("claims") into the base
//! text. This module trusts none of that. It checks, with its own simple matching:
//!
//! 1. the result is exactly the base text with the claimed edits made, and the word diff of base
//!    and result shows nothing outside them (nothing else changed);
//! 2. each claim does what its instruction says: the words removed are the words quoted (and the
//!    occurrence meant: the only one, the n-th, every one), the words put in are the words
//!    quoted, an insertion sits right after (or before) its anchor, a sentence edit covers
//!    exactly that sentence, a whole replacement covers the whole text;
//! 3. every text instruction has a claim, and an instruction for every occurrence has one
//!    claim per occurrence.
//!
//! Anything that fails is a [`ProblemKind::Unexplained`] naming the text, so the caller marks
//! the result unverified.

use std::ops::Range;

use super::locate::{normalise, sentences};
use super::model::{Edge, Instruction, Occurrence, RangeEnd, SentenceRef, Within};
use super::problem::{Problem, ProblemKind};
use crate::domain::diff::changes;

/// One edit as made: base range replaced by `text`, for instruction `instruction`.
pub(crate) struct Claim {
    pub range: Range<usize>,
    pub text: String,
    pub instruction: usize,
}

/// Normalised text for matching: one char per visible character, whitespace runs as one
/// space, quotation marks and dashes folded; with the byte range each came from.
struct Norm {
    chars: Vec<char>,
    spans: Vec<Range<usize>>,
}

fn fold(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '–' | '—' | '‑' | '‒' | '−' => '-',
        c => c,
    }
}

impl Norm {
    fn new(text: &str) -> Norm {
        let mut chars: Vec<char> = Vec::new();
        let mut spans: Vec<Range<usize>> = Vec::new();
        for (i, c) in text.char_indices() {
            let r = i..i + c.len_utf8();
            if c.is_whitespace() {
                if chars.last() == Some(&' ') {
                    if let Some(s) = spans.last_mut() {
                        s.end = r.end;
                    }
                    continue;
                }
                chars.push(' ');
            } else if c == '…' {
                for _ in 0..3 {
                    chars.push('.');
                    spans.push(r.clone());
                }
                continue;
            } else {
                chars.push(fold(c));
            }
            spans.push(r);
        }
        Norm { chars, spans }
    }

    /// Byte ranges of every whole-word occurrence of `needle` inside `region`.
    fn find(&self, needle: &[char], region: &Range<usize>) -> Vec<Range<usize>> {
        let n = needle.len();
        let mut out = Vec::new();
        if n == 0 || n > self.chars.len() {
            return out;
        }
        let word = |c: char| c.is_alphanumeric();
        for s in 0..=self.chars.len() - n {
            let r = self.spans[s].start..self.spans[s + n - 1].end;
            if r.start < region.start || r.end > region.end || self.chars[s..s + n] != *needle {
                continue;
            }
            if word(needle[0]) && s > 0 && word(self.chars[s - 1]) {
                continue;
            }
            if word(needle[n - 1]) && self.chars.get(s + n).is_some_and(|c| word(*c)) {
                continue;
            }
            out.push(r);
        }
        out
    }
}

/// Whether `slice` reads as `quote` (an elided quotation "first … last" matches a slice that
/// starts with its first part and ends with its last).
fn reads_as(slice: &str, quote: &str) -> bool {
    let s = normalise(slice);
    let q = normalise(quote);
    if s == q {
        return true;
    }
    let pat = [' ', '.', '.', '.', ' '];
    if let Some(p) = q.windows(5).position(|w| w == pat) {
        let (head, tail) = (&q[..p], &q[p + 5..]);
        return !head.is_empty()
            && !tail.is_empty()
            && s.starts_with(head)
            && s.ends_with(tail)
            && s.len() >= head.len() + tail.len();
    }
    false
}

struct Checker<'a> {
    base: &'a str,
    norm: Norm,
    sentences: Vec<Range<usize>>,
}

impl Checker<'_> {
    fn sentence(&self, s: SentenceRef) -> Option<Range<usize>> {
        s.index(self.sentences.len())
            .map(|i| self.sentences[i].clone())
    }

    fn region(&self, within: Option<Within>) -> Option<Range<usize>> {
        match within {
            None => Some(0..self.base.len()),
            Some(w) => self.sentence(w.sentence),
        }
    }

    /// The occurrences of `quote` in `within`'s region.
    fn occurrences(&self, quote: &str, within: Option<Within>) -> Vec<Range<usize>> {
        let Some(region) = self.region(within) else {
            return Vec::new();
        };
        self.norm.find(&normalise(quote), &region)
    }

    /// The base range a claim really removes, without the spaces tidied away with it.
    fn core(&self, r: &Range<usize>) -> Range<usize> {
        let slice = &self.base[r.clone()];
        let lead = slice.len() - slice.trim_start().len();
        let trail = slice.len() - slice.trim_end().len();
        if lead + trail >= slice.len() {
            return r.start..r.start;
        }
        r.start + lead..r.end - trail
    }

    /// Whether the occurrence a claim used is the one `which` means among `occ`.
    fn right_occurrence(
        &self,
        which: Occurrence,
        occ: &[Range<usize>],
        at: &Range<usize>,
        claims: usize,
        edge_ok: bool,
    ) -> bool {
        match which {
            // An edge ("at the start of the last sentence") narrows the search further.
            Occurrence::Only => (occ.len() == 1 || edge_ok) && occ.contains(at) && claims == 1,
            Occurrence::Nth(n) => occ.get((n as usize).wrapping_sub(1)) == Some(at) && claims == 1,
            Occurrence::Every => occ.contains(at) && claims == occ.len(),
            Occurrence::Each(k) => {
                occ.contains(at) && claims == occ.len() && occ.len() == k as usize
            }
        }
    }

    /// Checks one claim against its instruction; `claims` is how many claims it has.
    fn explains(&self, ins: &Instruction, c: &Claim, claims: usize) -> bool {
        let base = self.base;
        let core = self.core(&c.range);
        let removed = &base[core.clone()];
        let inserted = c.text.trim();
        let point = c.range.is_empty();
        let text_end = base.trim_end().len();
        let text_start = base.len() - base.trim_start().len();
        match ins {
            Instruction::Delete {
                text,
                within,
                which,
            } => {
                let occ = self.occurrences(text, *within);
                let elided = !occ.contains(&core) && reads_as(removed, text);
                c.text.is_empty()
                    && reads_as(removed, text)
                    && (elided || self.right_occurrence(*which, &occ, &core, claims, edge(within)))
            }
            Instruction::Replace {
                old,
                new,
                within,
                which,
            } => {
                let occ = self.occurrences(old, *within);
                let elided = !occ.contains(&core) && reads_as(removed, old);
                inserted == new.trim()
                    && reads_as(removed, old)
                    && (elided || self.right_occurrence(*which, &occ, &core, claims, edge(within)))
            }
            Instruction::InsertAfter {
                anchor,
                text,
                within,
                which,
            } => {
                let occ = self.occurrences(anchor, *within);
                let before = base[..c.range.start].trim_end();
                let at = occ.iter().find(|r| r.end == before.len()).cloned();
                point
                    && inserted == text.trim()
                    && at.is_some_and(|a| {
                        self.right_occurrence(*which, &occ, &a, claims, edge(within))
                    })
            }
            Instruction::InsertBefore {
                anchor,
                text,
                within,
                which,
            } => {
                let occ = self.occurrences(anchor, *within);
                let after = c.range.start + base[c.range.start..].len()
                    - base[c.range.start..].trim_start().len();
                let at = occ.iter().find(|r| r.start == after).cloned();
                point
                    && inserted == text.trim()
                    && at.is_some_and(|a| {
                        self.right_occurrence(*which, &occ, &a, claims, edge(within))
                    })
            }
            Instruction::AddAtStart { text } => {
                point && c.range.start == text_start && inserted == text.trim()
            }
            Instruction::AddAtEnd { text, .. } => {
                point && c.range.start == text_end && inserted == text.trim()
            }
            Instruction::AddToSentence {
                sentence,
                edge,
                text,
            } => self.sentence(*sentence).is_some_and(|s| {
                let body = base[s.clone()].trim_end_matches(['.', '!', '?', ';', ':']);
                let p = match edge {
                    Edge::Start => s.start,
                    Edge::End => s.start + body.len(),
                };
                point && c.range.start == p && inserted == text.trim()
            }),
            Instruction::InsertSentence {
                sentence,
                edge,
                text,
            } => self.sentence(*sentence).is_some_and(|s| {
                let p = match edge {
                    Edge::Start => s.start,
                    Edge::End => s.end,
                };
                point && c.range.start == p && inserted == text.trim()
            }),
            Instruction::ReplaceSentence {
                sentence,
                reads,
                text,
            } => self.sentence(*sentence).is_some_and(|s| {
                c.range == s
                    && inserted == text.trim()
                    && reads.as_deref().is_none_or(|r| {
                        let strip = |t: &str| t.trim().trim_end_matches(['.', '!', '?']).to_owned();
                        normalise(&strip(r)) == normalise(&strip(&base[s.clone()]))
                    })
            }),
            Instruction::DeleteSentence { sentence, .. } => self
                .sentence(*sentence)
                .is_some_and(|s| c.text.is_empty() && core == s),
            Instruction::DeleteRange {
                from,
                from_included,
                to,
                new,
                within,
            } => {
                let occ = self.occurrences(from, *within);
                let starts_right = if *from_included {
                    occ.len() == 1 && occ[0].start == core.start
                } else {
                    occ.len() == 1 && base[..core.start].trim_end().len() == occ[0].end
                };
                let rest = base[core.end..].trim_start();
                let ends_right = match to {
                    RangeEnd::Through(t) => {
                        let q = normalise(t);
                        normalise(removed).ends_with(&q)
                    }
                    RangeEnd::EndOfSentence | RangeEnd::EndOfText | RangeEnd::Unstated => {
                        let after_stop = rest.trim_start_matches(['.', '!', '?', ';', ':']);
                        let at_stop = after_stop.len() < rest.len() || rest.is_empty();
                        let end_of_text = after_stop.trim().is_empty();
                        match to {
                            RangeEnd::EndOfSentence => at_stop,
                            _ => at_stop && end_of_text,
                        }
                    }
                };
                let new_ok = match new {
                    Some(n) if !n.is_empty() => inserted == n.trim(),
                    _ => c.text.is_empty(),
                };
                starts_right && ends_right && new_ok && claims == 1
            }
            Instruction::ReplaceAll { text, .. } => c.range == (0..base.len()) && c.text == *text,
            Instruction::DeleteNode { label: None, .. } => {
                c.range == (0..base.len()) && c.text.is_empty()
            }
            _ => false,
        }
    }
}

fn edge(within: &Option<Within>) -> bool {
    within.is_some_and(|w| w.edge.is_some())
}

fn snippet(text: &str) -> String {
    let t = text.trim();
    let mut s: String = t.chars().take(60).collect();
    if t.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// Checks `result` against `instructions` and the claims they were applied by; every failure
/// is a problem.
pub(crate) fn verify(
    base: &str,
    result: &str,
    instructions: &[Instruction],
    claims: &[Claim],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let unexplained = |text: &str, what: &str, i: Option<usize>| {
        Problem::new(
            ProblemKind::Unexplained {
                text: snippet(text),
                what: what.to_owned(),
            },
            i,
            None,
        )
    };
    // 1. The result is the base with the claims made, and nothing else.
    let mut rebuilt = String::with_capacity(result.len());
    let mut pos = 0;
    let mut sorted: Vec<&Claim> = claims.iter().collect();
    sorted.sort_by_key(|c| (c.range.start, !c.range.is_empty(), c.instruction));
    for c in &sorted {
        if c.range.start < pos || c.range.end > base.len() {
            problems.push(unexplained(
                &c.text,
                "overlaps another change at",
                Some(c.instruction),
            ));
            return problems;
        }
        rebuilt.push_str(&base[pos..c.range.start]);
        rebuilt.push_str(&c.text);
        pos = c.range.end;
    }
    rebuilt.push_str(&base[pos..]);
    if rebuilt != result {
        let at = rebuilt
            .char_indices()
            .zip(result.chars())
            .find(|((_, a), b)| a != b)
            .map_or(rebuilt.len().min(result.len()), |((i, _), _)| i);
        let near = result.get(at..).or(result.get(..)).unwrap_or_default();
        problems.push(unexplained(near, "changes", None));
        return problems;
    }
    for ch in changes(base, result, 0) {
        let slack = |c: &Claim| c.text.len().max(c.range.len()) + 2;
        let covered = claims.iter().any(|c| {
            ch.old.start + slack(c) >= c.range.start && ch.old.end <= c.range.end + slack(c)
        });
        if !covered {
            let text = if ch.old.is_empty() {
                &result[ch.new.clone()]
            } else {
                &base[ch.old.clone()]
            };
            problems.push(unexplained(text, "changes", None));
        }
    }
    // 2. and 3. Each claim does what its instruction says; each instruction has its claims.
    let checker = Checker {
        base,
        norm: Norm::new(base),
        sentences: sentences(base),
    };
    for (i, ins) in instructions.iter().enumerate() {
        let mine: Vec<&Claim> = claims.iter().filter(|c| c.instruction == i).collect();
        let needs_claim =
            !ins.is_structural() || matches!(ins, Instruction::DeleteNode { label: None, .. });
        if mine.is_empty() && needs_claim {
            problems.push(unexplained(
                &super::render::render_instruction(ins),
                "does not show the effect of the instruction",
                Some(i),
            ));
            continue;
        }
        for c in &mine {
            if !checker.explains(ins, c, mine.len()) {
                let text = if c.range.is_empty() {
                    c.text.as_str()
                } else {
                    &base[c.range.clone()]
                };
                problems.push(unexplained(text, "changes", Some(i)));
            }
        }
    }
    problems
}
