//! Where a composite's words came from: every word of the composite traced to the source
//! motion(s) whose words it uses, and the words that come from no motion.
//!
//! **Words** are those of the CAC's word count ([`crate::domain::motions::words`]), compared
//! without case, surrounding punctuation or the style of quote marks and dashes, so that list
//! numbers (renumbered in every composite) and "Conference’s" against "Conference's" do not
//! count as changes.
//!
//! **Tracing.** A word of the composite is traced to a source motion when it lies in a run of
//! equal words that the composite and the motion share, and the run is a phrase, not a
//! coincidence of common words:
//!
//! - at least [`MIN_PHRASE`] (3) words; or
//! - at least 2 words beginning (or ending) a sentence in both texts ("Conference notes …"); or
//! - a whole sentence of both texts (a heading line "Conference resolves:").
//!
//! Every place the motion has each word is tried, and the run through it widened to the
//! longest stretch of equal words, so that the tracing does not depend on order: a composite
//! reorders and merges its sources, which a diff (keeping order) cannot follow. Widening never
//! turns a phrase into a non-phrase, so every phrase the two texts share is found.
//!
//! **Alignment.** For the word-level view of what the composite changed, each sentence is then
//! aligned with the sentence of the motion it draws on most, by the word diff of
//! [`crate::domain::diff`] ([`Closest`]): a delegate sees the words it added or dropped.
//!
//! **Attribution.** A word is attributed to *every* motion it was traced to: a phrase common to
//! several motions is credited to all of them, never to one picked by position or by chance.
//! A word traced to no motion is "from no motion". Each sentence of the composite lists the
//! motions it draws on, with how many of its words each supplied and how many only it supplied.
//!
//! ```
//! use app::domain::composite::provenance::{trace, Source};
//! let a = Source { motion_id: 1, text: "Conference notes the closure of Riverside hospital." };
//! let b = Source { motion_id: 2, text: "Conference believes the NHS must be publicly run." };
//! let p = trace("Conference believes the NHS must be publicly run. Conference notes the \
//!     closure of Riverside hospital and calls for a march.", &[a, b]);
//! // "and calls for a march" is in neither motion.
//! assert_eq!((p.words, p.words_from_no_motion), (20, 5));
//! assert_eq!(p.sentences[0].sources[0].motion_id, 2);
//! assert_eq!(p.sentences[1].sources[0].motion_id, 1);
//! ```

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::domain::diff::{DiffSpan, word_diff};
use crate::domain::motions::MotionId;
use crate::domain::motions::words::word_spans;

/// Runs of equal words shorter than this count only at the start or end of a sentence.
pub const MIN_PHRASE: usize = 3;

/// A source motion.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The motion.
    pub motion_id: MotionId,
    /// Its body.
    pub text: &'a str,
}

impl<'a> Source<'a> {
    /// Source motions numbered from 1, in order.
    pub fn numbered(texts: &'a [String]) -> Vec<Source<'a>> {
        texts
            .iter()
            .zip(1..)
            .map(|(t, id)| Source {
                motion_id: id,
                text: t,
            })
            .collect()
    }
}

/// A stretch of the composite whose words all come from the same motions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte range in the composite; the spans cover it exactly, in order.
    pub range: Range<usize>,
    /// The motions its words come from, in the order the sources were given; empty for words
    /// from no motion (and for text without words).
    pub sources: Vec<MotionId>,
    /// Whether the span holds any word.
    pub has_words: bool,
}

/// How much one motion supplied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The motion.
    pub motion_id: MotionId,
    /// Words traced to it (shared with other motions or not).
    pub words: usize,
    /// Words traced to it alone.
    pub only_here: usize,
}

/// One sentence of the composite and the motions it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte range in the composite (the sentences cover it exactly, in order).
    pub range: Range<usize>,
    /// Its words.
    pub words: usize,
    /// Its words traced to no motion.
    pub words_from_no_motion: usize,
    /// The motions it draws on: most words supplied by that motion alone first, then most
    /// words; motions it does not draw on are left out.
    pub sources: Vec<Share>,
    /// The sentence of the first of those motions it draws on most, and the word diff from it.
    pub closest: Option<Closest>,
}

/// The source sentence a composite sentence draws on most, and what the composite changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closest {
    /// The motion.
    pub motion_id: MotionId,
    /// Byte range of the sentence in that motion's text.
    pub range: Range<usize>,
    /// Word diff from the motion's sentence (old) to the composite's (new), both trimmed.
    pub diff: Vec<DiffSpan>,
}

/// Where a composite's words came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Words in the composite.
    pub words: usize,
    /// Words traced to no motion.
    pub words_from_no_motion: usize,
    /// The composite cut where the set of source motions changes.
    pub spans: Vec<Span>,
    /// The composite sentence by sentence.
    pub sentences: Vec<Sentence>,
    /// Each source motion's share of the whole composite, in the order given.
    pub by_motion: Vec<Share>,
}

impl Provenance {
    /// The share (0–1) of the composite's words that come from no motion.
    pub fn share_from_no_motion(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.words_from_no_motion as f64 / self.words as f64
        }
    }

    /// A warning when more than `max_share` (0–1) of the words come from no motion.
    pub fn warning(&self, max_share: f64) -> Option<String> {
        let share = self.share_from_no_motion();
        (share > max_share).then(|| {
            format!(
                "{}% of the composite's words ({} of {}) come from no submitted motion, more \
                 than the {}% a composite may add before this warning.",
                percent(share),
                self.words_from_no_motion,
                self.words,
                percent(max_share)
            )
        })
    }
}

/// A share as a whole percentage, rounded down so that a warning never overstates it.
fn percent(share: f64) -> String {
    format!("{}", (share * 100.0 + 1e-9).floor())
}

/// A text's words ready to align: their byte ranges, interned keys and sentence edges.
struct Words {
    spans: Vec<Range<usize>>,
    keys: Vec<u32>,
    /// Whether word `i` begins a sentence.
    starts: Vec<bool>,
    /// Whether word `i` ends a sentence.
    ends: Vec<bool>,
    /// The sentence of word `i`.
    unit: Vec<usize>,
}

impl Words {
    /// The byte range of sentence `u` (from its first word to the end of its last).
    fn unit_range(&self, u: usize) -> Range<usize> {
        let first = self.unit.partition_point(|&x| x < u);
        let last = self.unit.partition_point(|&x| x <= u);
        match (
            self.spans.get(first),
            last.checked_sub(1).and_then(|l| self.spans.get(l)),
        ) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        }
    }
}

/// Interns normalised words so that texts are compared as integers.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32>,
    buf: String,
}

impl Vocabulary {
    fn words(&mut self, text: &str) -> Words {
        let spans = word_spans(text);
        let mut keys = Vec::with_capacity(spans.len());
        let mut starts = Vec::with_capacity(spans.len());
        let mut ends = Vec::with_capacity(spans.len());
        for (i, r) in spans.iter().enumerate() {
            let word = &text[r.clone()];
            self.buf.clear();
            normalise_into(word, &mut self.buf);
            let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
            let id = match self.ids.get(self.buf.as_str()) {
                Some(&id) => id,
                None => {
                    self.ids.insert(self.buf.clone(), next);
                    next
                }
            };
            keys.push(id);
            let gap_before = &text[i.checked_sub(1).map_or(0, |p| spans[p].end)..r.start];
            starts.push(i == 0 || gap_before.contains('\n') || ends.last() == Some(&true));
            let gap_after = &text[r.end..spans.get(i + 1).map_or(text.len(), |n| n.start)];
            ends.push(ends_sentence(word) || gap_after.contains('\n') || i + 1 == spans.len());
        }
        let mut unit = Vec::with_capacity(spans.len());
        let mut u = 0;
        for (i, &start) in starts.iter().enumerate() {
            if i > 0 && start {
                u += 1;
            }
            unit.push(u);
        }
        Words {
            spans,
            keys,
            starts,
            ends,
            unit,
        }
    }
}

/// Whether a word closes a sentence (or a heading): it ends, before any closing quote or
/// bracket, in `.`, `?`, `!`, `;` or `:`.
fn ends_sentence(word: &str) -> bool {
    let trimmed = word.trim_end_matches(['"', '\'', '’', '”', ')', ']']);
    trimmed.ends_with(['.', '?', '!', ';', ':']) && !trimmed.ends_with("..")
}

/// A word as compared: lower case, without surrounding punctuation, one style of apostrophe
/// and dash.
fn normalise_into(word: &str, out: &mut String) {
    let keep =
        |c: char| c.is_alphanumeric() || matches!(c, '£' | '$' | '€' | '%' | '&' | '#' | '@');
    let core = word.trim_matches(|c: char| !keep(c));
    for c in core.chars() {
        match c {
            '’' | '‘' | '`' => out.push('\''),
            '‐' | '‑' | '‒' | '–' | '−' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Traces every word of `composite` to the `sources` whose words it uses.
pub fn trace(composite: &str, sources: &[Source<'_>]) -> Provenance {
    let mut vocab = Vocabulary::default();
    let comp = vocab.words(composite);
    let n = comp.keys.len();
    // at[s][i]: where word i of the composite is in source s, if it is traced to it.
    let srcs: Vec<Words> = sources.iter().map(|s| vocab.words(s.text)).collect();
    let at: Vec<Vec<Option<usize>>> = srcs.iter().map(|src| trace_one(&comp, src)).collect();
    let covered = |s: usize, i: usize| at[s][i].is_some();
    let sets: Vec<Vec<usize>> = (0..n)
        .map(|i| (0..sources.len()).filter(|&s| covered(s, i)).collect())
        .collect();
    let ids = |set: &[usize]| {
        set.iter()
            .map(|&s| sources[s].motion_id)
            .collect::<Vec<_>>()
    };

    let mut spans: Vec<Span> = Vec::new();
    for (i, r) in comp.spans.iter().enumerate() {
        let start = if i == 0 { 0 } else { r.start };
        match spans.last_mut() {
            Some(last) if i > 0 && sets[i] == sets[i - 1] => last.range.end = r.end,
            _ => {
                if let Some(last) = spans.last_mut() {
                    last.range.end = start;
                }
                spans.push(Span {
                    range: start..r.end,
                    sources: ids(&sets[i]),
                    has_words: true,
                });
            }
        }
    }
    match spans.last_mut() {
        Some(last) => last.range.end = composite.len(),
        None if !composite.is_empty() => spans.push(Span {
            range: 0..composite.len(),
            sources: Vec::new(),
            has_words: false,
        }),
        None => {}
    }

    let share_of = |words: Range<usize>| {
        let mut shares: Vec<Share> = (0..sources.len())
            .map(|s| Share {
                motion_id: sources[s].motion_id,
                words: words.clone().filter(|&i| covered(s, i)).count(),
                only_here: words
                    .clone()
                    .filter(|&i| sets[i].len() == 1 && sets[i][0] == s)
                    .count(),
            })
            .collect();
        let none = words.clone().filter(|&i| sets[i].is_empty()).count();
        shares.retain(|s| s.words > 0);
        (shares, none)
    };

    let mut sentences = Vec::new();
    let mut first = 0;
    for i in 0..n {
        if comp.ends[i] {
            let start = if first == 0 {
                0
            } else {
                comp.spans[first].start
            };
            let end = comp
                .spans
                .get(i + 1)
                .map_or(composite.len(), |next| next.start);
            let (mut shares, none) = share_of(first..i + 1);
            shares.sort_by(|a, b| b.only_here.cmp(&a.only_here).then(b.words.cmp(&a.words)));
            let closest = shares.first().and_then(|best| {
                let s = sources.iter().position(|x| x.motion_id == best.motion_id)?;
                closest(composite, &comp, first..i + 1, sources[s], &srcs[s], &at[s])
            });
            sentences.push(Sentence {
                range: start..end,
                words: i + 1 - first,
                words_from_no_motion: none,
                sources: shares,
                closest,
            });
            first = i + 1;
        }
    }
    let (all, none) = share_of(0..n);
    let by_motion = sources
        .iter()
        .map(|s| {
            all.iter()
                .find(|x| x.motion_id == s.motion_id)
                .cloned()
                .unwrap_or(Share {
                    motion_id: s.motion_id,
                    words: 0,
                    only_here: 0,
                })
        })
        .collect();
    Provenance {
        words: n,
        words_from_no_motion: none,
        spans,
        sentences,
        by_motion,
    }
}

/// Where each word of the composite is in one source, for the words traced to it.
fn trace_one(comp: &Words, src: &Words) -> Vec<Option<usize>> {
    let n = comp.keys.len();
    let mut at: Vec<Option<usize>> = vec![None; n];
    if src.keys.is_empty() {
        return at;
    }
    let mut places: HashMap<u32, Vec<usize>> = HashMap::new();
    for (j, &k) in src.keys.iter().enumerate() {
        places.entry(k).or_default().push(j);
    }
    for i in 0..n {
        if at[i].is_some() {
            continue;
        }
        for &j in places.get(&comp.keys[i]).map_or(&[][..], Vec::as_slice) {
            let (a, b, len) = widen(comp, src, i, j, 1);
            if counts(comp, src, a, b, len) {
                for k in 0..len {
                    at[a + k].get_or_insert(b + k);
                }
                break;
            }
        }
    }
    at
}

/// The sentence of `src` that the composite's words `words` draw on most, with the word diff
/// from it to the composite's sentence.
fn closest(
    composite: &str,
    comp: &Words,
    words: Range<usize>,
    source: Source<'_>,
    src: &Words,
    at: &[Option<usize>],
) -> Option<Closest> {
    let mut by_unit: HashMap<usize, usize> = HashMap::new();
    for i in words.clone() {
        if let Some(j) = at[i] {
            *by_unit.entry(src.unit[j]).or_default() += 1;
        }
    }
    let unit = by_unit
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?
        .0;
    let range = src.unit_range(unit);
    let mine = comp.spans[words.start].start..comp.spans[words.end - 1].end;
    Some(Closest {
        motion_id: source.motion_id,
        diff: word_diff(&source.text[range.clone()], &composite[mine]),
        range,
    })
}

/// Widens a run of equal words (composite `i`, source `j`, `len`) to the longest equal
/// stretch around it.
fn widen(
    comp: &Words,
    src: &Words,
    mut i: usize,
    mut j: usize,
    mut len: usize,
) -> (usize, usize, usize) {
    while i > 0 && j > 0 && comp.keys[i - 1] == src.keys[j - 1] {
        i -= 1;
        j -= 1;
        len += 1;
    }
    while i + len < comp.keys.len()
        && j + len < src.keys.len()
        && comp.keys[i + len] == src.keys[j + len]
    {
        len += 1;
    }
    (i, j, len)
}

/// Whether a run of equal words is a phrase worth tracing (see the module documentation).
fn counts(comp: &Words, src: &Words, i: usize, j: usize, len: usize) -> bool {
    if len == 0 {
        return false;
    }
    let (last_i, last_j) = (i + len - 1, j + len - 1);
    let starts = comp.starts[i] && src.starts[j];
    let ends = comp.ends[last_i] && src.ends[last_j];
    len >= MIN_PHRASE || (len >= 2 && (starts || ends)) || (starts && ends)
}

#[cfg(test)]
#[path = "provenance_tests.rs"]
mod tests;
