//! Word-level diff of rule text, built on the `similar` crate.
//!
//! Text is cut into tokens (words, runs of whitespace, single punctuation marks) and the token
//! sequences are compared with Myers' algorithm. Three guards keep the result readable and the
//! work bounded whatever the input:
//!
//! - the common prefix and suffix of tokens are stripped before any diffing, so a small edit in a
//!   long text only ever diffs the changed middle;
//! - when the changed middle is long, it is first diffed sentence by sentence and only the
//!   changed sentences are then diffed word by word, so a pathological input cannot collapse into
//!   "delete everything, insert everything" when a small edit exists;
//! - every call to `similar` carries a deadline ([`DIFF_DEADLINE`]); past it `similar` returns an
//!   approximate (still correct, less minimal) diff instead of hanging. On `wasm32` the app crate
//!   enables `similar`'s `wasm32_web_time` feature, without which `Instant::now()` would panic.
//!
//! Short unchanged stretches between two changes (whitespace, punctuation, one short word) are
//! folded into the change, so that a reader sees "delete `may be`, insert `shall not be`" rather
//! than three interleaved fragments.
//!
//! ```
//! use app::domain::diff::{word_diff, DiffSpan};
//! let spans = word_diff("Members may vote.", "Members shall vote.");
//! assert_eq!(spans, vec![
//!     DiffSpan::Equal("Members ".into()),
//!     DiffSpan::Delete("may".into()),
//!     DiffSpan::Insert("shall".into()),
//!     DiffSpan::Equal(" vote.".into()),
//! ]);
//! ```

use std::ops::Range;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffTag};

/// How long one call into `similar` may search for a minimal diff before settling for an
/// approximate one.
pub const DIFF_DEADLINE: Duration = Duration::from_millis(100);

/// Above this many tokens on either side, the changed middle is diffed sentence by sentence
/// first.
const CHUNK_THRESHOLD: usize = 1_500;

/// One stretch of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum DiffSpan {
    /// Text present in both versions.
    Equal(String),
    /// Text only in the old version.
    Delete(String),
    /// Text only in the new version.
    Insert(String),
}

impl DiffSpan {
    /// The text of this span.
    pub fn text(&self) -> &str {
        match self {
            DiffSpan::Equal(t) | DiffSpan::Delete(t) | DiffSpan::Insert(t) => t,
        }
    }
}

/// A changed region: bytes `old` of the old text became bytes `new` of the new text.
///
/// Regions are in order, do not overlap, and at least one side is non-empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Byte range in the old text.
    pub old: Range<usize>,
    /// Byte range in the new text.
    pub new: Range<usize>,
}

/// Word diff of `old` and `new`.
///
/// Adjacent spans of the same kind are merged and whitespace is kept, so that concatenating the
/// `Equal` and `Delete` spans gives `old` exactly, and the `Equal` and `Insert` spans give `new`.
/// Within one changed stretch the `Delete` span comes before the `Insert` span.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffSpan> {
    let mut spans = Vec::new();
    let mut old_pos = 0;
    for change in changes(old, new, 1) {
        if change.old.start > old_pos {
            spans.push(DiffSpan::Equal(old[old_pos..change.old.start].to_owned()));
        }
        if !change.old.is_empty() {
            spans.push(DiffSpan::Delete(old[change.old.clone()].to_owned()));
        }
        if !change.new.is_empty() {
            spans.push(DiffSpan::Insert(new[change.new.clone()].to_owned()));
        }
        old_pos = change.old.end;
    }
    if old_pos < old.len() {
        spans.push(DiffSpan::Equal(old[old_pos..].to_owned()));
    }
    spans
}

/// The changed regions between `old` and `new`, with unchanged stretches of at most
/// `absorb_words` short words (and any whitespace or punctuation) between two changes folded
/// into one change.
pub fn changes(old: &str, new: &str, absorb_words: usize) -> Vec<Change> {
    let a = tokenize(old);
    let b = tokenize(new);
    let a_str: Vec<&str> = a.iter().map(|r| &old[r.clone()]).collect();
    let b_str: Vec<&str> = b.iter().map(|r| &new[r.clone()]).collect();
    let token_changes = slide_to_boundaries(&a_str, &b_str, diff_tokens(&a_str, &b_str));
    let merged = absorb_short_equalities(&a_str, token_changes, absorb_words);
    merged
        .into_iter()
        .map(|(ra, rb)| Change {
            old: byte_range(&a, ra, old.len()),
            new: byte_range(&b, rb, new.len()),
        })
        .collect()
}

/// Converts a token range into a byte range; an empty token range maps to the position of its
/// start token (or the end of the text).
fn byte_range(tokens: &[Range<usize>], r: Range<usize>, len: usize) -> Range<usize> {
    let start = tokens.get(r.start).map_or(len, |t| t.start);
    if r.is_empty() {
        return start..start;
    }
    let end = tokens.get(r.end - 1).map_or(len, |t| t.end);
    start..end
}

/// The class of a character for tokenizing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Space,
    Other,
}

fn class(c: char) -> Class {
    if c.is_alphanumeric() {
        Class::Word
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

/// Joiners that stay inside a word when letters follow them: `Labour's`, `sub-clause`, `5.1`.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‑' | '.' | '/' | '_')
}

/// Cuts text into tokens: words (letters and digits, with inner apostrophes, hyphens and dots),
/// runs of whitespace, and single other characters. The ranges cover the text exactly.
pub fn tokenize(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let cls = class(c);
        let mut end = start + c.len_utf8();
        match cls {
            Class::Word => loop {
                match chars.peek().copied() {
                    Some((i, d)) if class(d) == Class::Word => {
                        end = i + d.len_utf8();
                        chars.next();
                    }
                    Some((i, d)) if is_joiner(d) => {
                        // A joiner only stays in the word when a letter or digit follows it.
                        let after = text[i + d.len_utf8()..].chars().next();
                        if after.is_some_and(|x| class(x) == Class::Word) {
                            end = i + d.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            },
            Class::Space => {
                while let Some((i, d)) = chars.peek().copied() {
                    if class(d) != Class::Space {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
            }
            Class::Other => {}
        }
        out.push(start..end);
    }
    out
}

/// A changed region in token indices.
type TokenChange = (Range<usize>, Range<usize>);

/// Diffs two token sequences and returns the changed regions in token indices.
fn diff_tokens(a: &[&str], b: &[&str]) -> Vec<TokenChange> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let a_mid = prefix..a.len() - suffix;
    let b_mid = prefix..b.len() - suffix;
    let mut out = Vec::new();
    diff_middle(a, a_mid, b, b_mid, &mut out);
    out
}

/// Diffs `a[ra]` against `b[rb]`, appending changed regions (in absolute token indices).
fn diff_middle(
    a: &[&str],
    ra: Range<usize>,
    b: &[&str],
    rb: Range<usize>,
    out: &mut Vec<TokenChange>,
) {
    if ra.is_empty() && rb.is_empty() {
        return;
    }
    if ra.is_empty() || rb.is_empty() {
        out.push((ra, rb));
        return;
    }
    if ra.len() > CHUNK_THRESHOLD || rb.len() > CHUNK_THRESHOLD {
        let ca = sentence_chunks(a, ra.clone());
        let cb = sentence_chunks(b, rb.clone());
        // Only worth it when the text really has several sentences.
        if ca.len() > 1 || cb.len() > 1 {
            let ka: Vec<String> = ca.iter().map(|r| a[r.clone()].concat()).collect();
            let kb: Vec<String> = cb.iter().map(|r| b[r.clone()].concat()).collect();
            let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &ka, &kb, deadline());
            for op in ops {
                let (tag, oa, ob) = op.as_tag_tuple();
                if tag == DiffTag::Equal {
                    continue;
                }
                let ta = chunk_span(&ca, oa, ra.start);
                let tb = chunk_span(&cb, ob, rb.start);
                // Words inside changed sentences are diffed plainly; this is bounded because
                // unchanged sentences have been taken out.
                diff_plain(a, ta, b, tb, out);
            }
            return;
        }
    }
    diff_plain(a, ra, b, rb, out);
}

/// The token range covered by chunks `r`; an empty chunk range maps to the boundary position.
fn chunk_span(chunks: &[Range<usize>], r: Range<usize>, fallback: usize) -> Range<usize> {
    if r.is_empty() {
        let pos = chunks
            .get(r.start)
            .map(|c| c.start)
            .or_else(|| chunks.last().map(|c| c.end))
            .unwrap_or(fallback);
        return pos..pos;
    }
    let start = chunks.get(r.start).map_or(fallback, |c| c.start);
    let end = chunks.get(r.end - 1).map_or(start, |c| c.end);
    start..end
}

/// One Myers diff of two token ranges.
fn diff_plain(
    a: &[&str],
    ra: Range<usize>,
    b: &[&str],
    rb: Range<usize>,
    out: &mut Vec<TokenChange>,
) {
    if ra.is_empty() || rb.is_empty() {
        if !(ra.is_empty() && rb.is_empty()) {
            out.push((ra, rb));
        }
        return;
    }
    let ops =
        similar::capture_diff_deadline(Algorithm::Myers, a, ra.clone(), b, rb.clone(), deadline());
    for op in ops {
        let (tag, oa, ob) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            push_change(out, (oa, ob));
        }
    }
}

/// Appends a change, merging it with the previous one when they touch.
fn push_change(out: &mut Vec<TokenChange>, c: TokenChange) {
    if let Some(last) = out.last_mut()
        && last.0.end == c.0.start
        && last.1.end == c.1.start
    {
        last.0.end = c.0.end;
        last.1.end = c.1.end;
        return;
    }
    out.push(c);
}

/// The deadline for one call into `similar`. On `wasm32`, `std::time::Instant::now()` panics, so
/// the clock comes from `similar`'s re-exported `web-time` instant (feature `wasm32_web_time`,
/// which the app crate enables for that target).
#[cfg(target_arch = "wasm32")]
fn deadline() -> Option<similar::Instant> {
    similar::Instant::now().checked_add(DIFF_DEADLINE)
}

/// The deadline for one call into `similar`.
#[cfg(not(target_arch = "wasm32"))]
fn deadline() -> Option<std::time::Instant> {
    std::time::Instant::now().checked_add(DIFF_DEADLINE)
}

/// Splits a token range into sentence-sized chunks (ending after `.`, `?`, `!`, `;` or a line
/// break).
fn sentence_chunks(tokens: &[&str], r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    for i in r.clone() {
        let t = tokens[i];
        let ends = matches!(t, "." | "?" | "!" | ";") || (t.contains('\n') && t.trim().is_empty());
        if ends {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < r.end {
        out.push(start..r.end);
    }
    out
}

/// How well a pure insertion or deletion of `t[r]` sits on word and sentence boundaries.
fn boundary_score(t: &[&str], r: &Range<usize>) -> u32 {
    let is_space = |x: &str| x.chars().all(char::is_whitespace);
    let ends_sentence = |x: &str| matches!(x, "." | ";" | ":" | "!" | "?");
    let mut score = 0;
    // The first and last non-whitespace tokens of the stretch.
    let first = (r.start..r.end).find(|&i| !is_space(t[i]));
    let last = (r.start..r.end).rev().find(|&i| !is_space(t[i]));
    if let Some(f) = first {
        let before = (0..f).rev().find(|&i| !is_space(t[i]));
        if before.is_none_or(|b| ends_sentence(t[b])) {
            score += 2;
        }
    }
    if let Some(l) = last
        && ends_sentence(t[l])
    {
        score += 2;
    }
    let starts_at_word = r.start == 0 || is_space(t[r.start]) || is_space(t[r.start - 1]);
    let ends_at_word = r.end == t.len() || is_space(t[r.end - 1]) || is_space(t[r.end]);
    score + u32::from(starts_at_word) + u32::from(ends_at_word)
}

/// Slides each pure insertion or deletion along the equal text around it (where that gives the
/// same result) to the position that best fits word and sentence boundaries: a deleted last
/// sentence reads "The CAC shall rule." rather than ". The CAC shall rule".
fn slide_to_boundaries(a: &[&str], b: &[&str], mut changes: Vec<TokenChange>) -> Vec<TokenChange> {
    for k in 0..changes.len() {
        let (ra, rb) = changes[k].clone();
        let deleting = rb.is_empty() && !ra.is_empty();
        let inserting = ra.is_empty() && !rb.is_empty();
        if !deleting && !inserting {
            continue;
        }
        let (side, r) = if deleting {
            (a, ra.clone())
        } else {
            (b, rb.clone())
        };
        let (lo_a, lo_b) = if k > 0 {
            (changes[k - 1].0.end, changes[k - 1].1.end)
        } else {
            (0, 0)
        };
        let (hi_a, hi_b) = changes
            .get(k + 1)
            .map_or((a.len(), b.len()), |n| (n.0.start, n.1.start));
        // The equal context around the change is the same on both sides.
        let lo = ra
            .start
            .saturating_sub(lo_a)
            .min(rb.start.saturating_sub(lo_b));
        let hi = hi_a.saturating_sub(ra.end).min(hi_b.saturating_sub(rb.end));
        let mut left = 0;
        while left < lo && side[r.start - left - 1] == side[r.end - left - 1] {
            left += 1;
        }
        let mut right = 0;
        while right < hi && side[r.start + right] == side[r.end + right] {
            right += 1;
        }
        // Candidates from furthest left to furthest right; ties keep the diff's own choice.
        let mut best_score = boundary_score(side, &r);
        let mut best_start = r.start;
        for start in r.start - left..=r.start + right {
            let score = boundary_score(side, &(start..start + r.len()));
            if score > best_score {
                best_score = score;
                best_start = start;
            }
        }
        let (ra, rb) = if best_start >= r.start {
            let d = best_start - r.start;
            (ra.start + d..ra.end + d, rb.start + d..rb.end + d)
        } else {
            let d = r.start - best_start;
            (ra.start - d..ra.end - d, rb.start - d..rb.end - d)
        };
        changes[k] = (ra, rb);
    }
    changes
}

/// Folds unchanged stretches of at most `max_words` words of at most three letters (plus any
/// whitespace and punctuation) that sit between two changes into one change.
fn absorb_short_equalities(
    a: &[&str],
    changes: Vec<TokenChange>,
    max_words: usize,
) -> Vec<TokenChange> {
    let mut out: Vec<TokenChange> = Vec::with_capacity(changes.len());
    for c in changes {
        if let Some(last) = out.last_mut() {
            let gap = &a[last.0.end..c.0.start];
            let words: Vec<&&str> = gap
                .iter()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .collect();
            let short = words.len() <= max_words && words.iter().all(|w| w.chars().count() <= 3);
            // A line break is a boundary a reader sees; never fold across it.
            let has_break = gap.iter().any(|t| t.contains('\n'));
            if short && !has_break {
                last.0.end = c.0.end;
                last.1.end = c.1.end;
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn old_of(spans: &[DiffSpan]) -> String {
        spans
            .iter()
            .filter(|s| !matches!(s, DiffSpan::Insert(_)))
            .map(DiffSpan::text)
            .collect()
    }

    fn new_of(spans: &[DiffSpan]) -> String {
        spans
            .iter()
            .filter(|s| !matches!(s, DiffSpan::Delete(_)))
            .map(DiffSpan::text)
            .collect()
    }

    #[test]
    fn merges_interleaved_small_changes() {
        let spans = word_diff(
            "the members may be expelled",
            "the members shall not be expelled",
        );
        assert_eq!(
            spans,
            vec![
                DiffSpan::Equal("the members ".into()),
                DiffSpan::Delete("may".into()),
                DiffSpan::Insert("shall not".into()),
                DiffSpan::Equal(" be expelled".into()),
            ]
        );
    }

    #[test]
    fn serde_shape() {
        let json = serde_json::to_string(&DiffSpan::Insert("x".into())).unwrap_or_default();
        assert_eq!(json, r#"{"op":"insert","text":"x"}"#);
    }

    #[test]
    fn tokenizer_keeps_words_whole() {
        let text = "Labour's sub-clause 5.1, (i) members’ rights";
        let toks: Vec<&str> = tokenize(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            toks,
            vec![
                "Labour's",
                " ",
                "sub-clause",
                " ",
                "5.1",
                ",",
                " ",
                "(",
                "i",
                ")",
                " ",
                "members",
                "’",
                " ",
                "rights"
            ]
        );
    }

    #[test]
    fn small_edit_in_huge_text_stays_small() {
        let sentence = "Each CLP may submit one rule change to Annual Conference. ";
        let old = sentence.repeat(3_000);
        let mut new = old.clone();
        new.replace_range(60_000..60_003, "XYZ");
        let start = std::time::Instant::now();
        let spans = word_diff(&old, &new);
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(old_of(&spans), old);
        assert_eq!(new_of(&spans), new);
        let changed: usize = spans
            .iter()
            .filter(|s| !matches!(s, DiffSpan::Equal(_)))
            .map(|s| s.text().len())
            .sum();
        assert!(changed < 100, "changed {changed} bytes");
    }

    #[test]
    fn pathological_input_finishes_and_keeps_common_sentences() {
        // Two long texts sharing every other sentence, words shuffled in between.
        let mut old = String::new();
        let mut new = String::new();
        for i in 0..2_000 {
            old.push_str(&format!("alpha beta {i} gamma. "));
            new.push_str(&format!("gamma {i} beta alpha. "));
            old.push_str("This sentence is shared. ");
            new.push_str("This sentence is shared. ");
        }
        let start = std::time::Instant::now();
        let spans = word_diff(&old, &new);
        assert!(start.elapsed() < Duration::from_secs(10));
        assert_eq!(old_of(&spans), old);
        assert_eq!(new_of(&spans), new);
        let equal: usize = spans
            .iter()
            .filter(|s| matches!(s, DiffSpan::Equal(_)))
            .map(|s| s.text().len())
            .sum();
        assert!(equal > old.len() / 3, "equal {equal} of {}", old.len());
    }

    proptest! {
        #[test]
        fn spans_rebuild_both_texts(old in "[a-c .,\n’'é]{0,40}", new in "[a-c .,\n’'é]{0,40}") {
            let spans = word_diff(&old, &new);
            prop_assert_eq!(old_of(&spans), old);
            prop_assert_eq!(new_of(&spans), new);
            for pair in spans.windows(2) {
                prop_assert!(std::mem::discriminant(&pair[0]) != std::mem::discriminant(&pair[1]));
            }
        }
    }
}
