//! Finding quoted words in rule text, and cutting rule text into sentences.
//!
//! Matching is exact except for typography a person cannot see or does not control: any run of
//! whitespace matches any other, all single quotation marks match each other (`'` `‘` `’`), all
//! double ones likewise, dashes match hyphens, and `…` matches `...`. Quoted words never match
//! part of a word ("may" is not found in "mayor"). A quotation with an ellipsis in the middle
//! ("joins and/ or supports … or") matches from its first part to the nearest following
//! occurrence of its last part.

use std::ops::Range;

/// Rule text prepared for matching: normalised characters, each with the byte range it came
/// from.
pub(crate) struct Haystack<'a> {
    text: &'a str,
    chars: Vec<char>,
    spans: Vec<Range<usize>>,
}

/// Normalises one character for matching; `None` for whitespace.
fn norm_char(c: char) -> Option<char> {
    if c.is_whitespace() {
        return None;
    }
    Some(match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '–' | '—' | '‑' | '‒' | '−' => '-',
        other => other,
    })
}

/// Pushes the normalised form of `text` into `chars`/`spans`.
fn normalise_into(text: &str, chars: &mut Vec<char>, spans: &mut Vec<Range<usize>>) {
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match norm_char(c) {
            None => {
                if in_space {
                    if let Some(last) = spans.last_mut() {
                        last.end = end;
                    }
                } else {
                    chars.push(' ');
                    spans.push(i..end);
                    in_space = true;
                }
            }
            Some('…') => {
                for _ in 0..3 {
                    chars.push('.');
                    spans.push(i..end);
                }
                in_space = false;
            }
            Some(n) => {
                chars.push(n);
                spans.push(i..end);
                in_space = false;
            }
        }
    }
}

/// The normalised characters of a quotation, trimmed.
pub(crate) fn normalise(text: &str) -> Vec<char> {
    let mut chars = Vec::new();
    let mut spans = Vec::new();
    normalise_into(text.trim(), &mut chars, &mut spans);
    chars
}

/// Whether `a` and `b` are the same text for matching purposes.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    normalise(a) == normalise(b)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

impl<'a> Haystack<'a> {
    /// Prepares `text` for matching.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut spans = Vec::with_capacity(text.len());
        normalise_into(text, &mut chars, &mut spans);
        Haystack { text, chars, spans }
    }

    /// All places (byte ranges) where `quote` appears inside byte range `region`.
    pub(crate) fn find_all(
        &self,
        quote: &str,
        region: &Range<usize>,
        fold_case: bool,
    ) -> Vec<Range<usize>> {
        let needle = normalise(quote);
        if needle.is_empty() {
            return Vec::new();
        }
        let found = self.find_chars(&needle, region, fold_case);
        if !found.is_empty() {
            return found;
        }
        // "joins and/ or supports … or": first part through the nearest last part.
        if let Some((head, tail)) = split_ellipsis(&needle) {
            let mut out = Vec::new();
            for h in self.find_chars(head, region, fold_case) {
                let rest = h.end..region.end;
                if let Some(t) = self.find_chars(tail, &rest, fold_case).into_iter().next() {
                    out.push(h.start..t.end);
                }
            }
            return out;
        }
        Vec::new()
    }

    fn find_chars(
        &self,
        needle: &[char],
        region: &Range<usize>,
        fold_case: bool,
    ) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let n = needle.len();
        if n == 0 || n > self.chars.len() {
            return out;
        }
        let eq = |a: char, b: char| a == b || (fold_case && a.to_lowercase().eq(b.to_lowercase()));
        for start in 0..=self.chars.len() - n {
            if self.spans[start].start < region.start {
                continue;
            }
            if self.spans[start + n - 1].end > region.end {
                break;
            }
            if !(0..n).all(|k| eq(self.chars[start + k], needle[k])) {
                continue;
            }
            // Word boundaries: never match part of a word.
            if is_word(needle[0]) && start > 0 && is_word(self.chars[start - 1]) {
                continue;
            }
            if is_word(needle[n - 1]) && self.chars.get(start + n).is_some_and(|c| is_word(*c)) {
                continue;
            }
            // A match that begins or ends with a space would leave stray whitespace; quotations are
            // trimmed, so this only happens for a needle of one space.
            out.push(self.spans[start].start..self.spans[start + n - 1].end);
        }
        out
    }

    /// The text in the rule closest to `quote`, if anything is reasonably close.
    pub(crate) fn closest(&self, quote: &str, region: &Range<usize>) -> Option<String> {
        let needle: String = normalise(quote).into_iter().collect();
        if needle.is_empty() {
            return None;
        }
        // Quotations longer than this are compared by their start only: the message needs a
        // hint, not an exact alignment, and the work must stay bounded.
        const MAX_QUOTE: usize = 200;
        let needle: String = needle.to_lowercase().chars().take(MAX_QUOTE).collect();
        let words = word_starts(self.text, region);
        let qwords = needle.split(' ').count().max(1);
        // Only windows that share a word with the quotation are scored (a typo rarely changes
        // every word), unless the rule is short enough to score them all.
        let key = |w: &str| -> String {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let qset: Vec<String> = needle
            .split(' ')
            .map(key)
            .filter(|k| !k.is_empty())
            .collect();
        let mut starts = vec![words.len() <= 400; words.len()];
        for (j, w) in words.iter().enumerate() {
            if qset.contains(&key(&self.text[w.clone()])) {
                starts[j.saturating_sub(qwords)..=j].fill(true);
            }
        }
        let mut best: Option<(f64, Range<usize>)> = None;
        // At most this many windows are scored.
        let mut left = 2_000usize;
        for (i, w) in words.iter().enumerate() {
            if !starts[i] {
                continue;
            }
            left = match left.checked_sub(1) {
                Some(l) => l,
                None => break,
            };
            for len in qwords.saturating_sub(1).max(1)..=qwords + 1 {
                let Some(last) = words.get(i + len - 1) else {
                    break;
                };
                let candidate = w.start..last.end;
                let norm: String = normalise(&self.text[candidate.clone()])
                    .into_iter()
                    .flat_map(char::to_lowercase)
                    .take(MAX_QUOTE + 20)
                    .collect();
                let score = strsim::normalized_levenshtein(&needle, &norm);
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, candidate));
                }
            }
        }
        let (score, range) = best?;
        (score >= 0.5).then(|| self.text[range].to_owned())
    }
}

/// Byte ranges of the words (runs of non-whitespace) inside `region`.
fn word_starts(text: &str, region: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let Some(slice) = text.get(region.clone()) else {
        return out;
    };
    for (i, c) in slice.char_indices() {
        let at = region.start + i;
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(s..at);
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        out.push(s..region.end);
    }
    out
}

/// Splits a normalised quotation at a spaced ellipsis (" ... "), if it has one with words on
/// both sides.
fn split_ellipsis(needle: &[char]) -> Option<(&[char], &[char])> {
    let pat = [' ', '.', '.', '.', ' '];
    let pos = needle.windows(pat.len()).position(|w| w == pat)?;
    let head = &needle[..pos];
    let tail = &needle[pos + pat.len()..];
    (!head.is_empty() && !tail.is_empty()).then_some((head, tail))
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "no", "nos", "cf", "viz", "para", "paras", "cllr", "mr", "mrs", "ms",
    "dr", "st", "vs", "approx", "inc", "ltd", "rev", "hon", "art", "sec", "ch", "op", "p", "pp",
];

/// The sentences of `text` as byte ranges, without surrounding whitespace.
///
/// A sentence ends at `.`, `?` or `!` (with any closing quotation marks or brackets) followed by
/// whitespace or the end of the text, and at every line break. A full stop after a known
/// abbreviation ("e.g.", "No."), a single letter ("A.") or a number ("4.") does not end a
/// sentence.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c == '\n' {
            if let Some(s) = start.take() {
                push_trimmed(text, s..at, &mut out);
            }
            i += 1;
            continue;
        }
        if start.is_none() && !c.is_whitespace() {
            start = Some(at);
        }
        if matches!(c, '.' | '?' | '!') {
            // Closing quotation marks and brackets belong to the sentence.
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '’' | '”' | ')' | ']') {
                j += 1;
            }
            let at_break = j >= chars.len() || chars[j].1.is_whitespace();
            if at_break && !(c == '.' && is_abbreviation(text, at)) {
                let end = chars.get(j).map_or(text.len(), |x| x.0);
                if let Some(s) = start.take() {
                    push_trimmed(text, s..end, &mut out);
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if let Some(s) = start {
        push_trimmed(text, s..text.len(), &mut out);
    }
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[r.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Whether the full stop at byte `dot` ends an abbreviation, a single letter or a number.
fn is_abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '(')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let mut cs = word.chars();
    let single_letter = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic());
    single_letter || word.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn finds_across_typography() {
        let text = "A member who joins and/ or supports a political\norganisation ‘opposed’ to the Party—or";
        let h = Haystack::new(text);
        let all = 0..text.len();
        assert_eq!(
            h.find_all("political organisation 'opposed'", &all, false)
                .len(),
            1
        );
        assert_eq!(h.find_all("Party-or", &all, false).len(), 1);
        let elided = h.find_all("joins and/ or supports … opposed’", &all, false);
        assert_eq!(elided.len(), 1);
        assert_eq!(
            &text[elided[0].clone()],
            "joins and/ or supports a political\norganisation ‘opposed’"
        );
        assert!(h.find_all("join", &all, false).is_empty());
        assert_eq!(h.find_all("a member", &all, true).len(), 1);
        assert!(h.find_all("a member", &all, false).is_empty());
    }

    #[test]
    fn closest_text() {
        let text = "Nominations close three months before the meeting.";
        let h = Haystack::new(text);
        assert_eq!(
            h.closest("two months", &(0..text.len())).as_deref(),
            Some("three months")
        );
        assert_eq!(
            h.closest("zzzzzzzzzzzzzzzz qqqqqqqq", &(0..text.len())),
            None
        );
    }

    #[test]
    fn splits_sentences() {
        let text = "The NEC may, e.g. in urgent cases, act. Members (see No. 4.) vote! A. Sub-clause \"quoted.\" Last\nNew para";
        let s = sentences(text);
        assert_eq!(
            texts(text, &s),
            vec![
                "The NEC may, e.g. in urgent cases, act.",
                "Members (see No. 4.) vote!",
                "A. Sub-clause \"quoted.\"",
                "Last",
                "New para"
            ]
        );
    }
}
