//! Joining lines into paragraphs: a word broken at a line end by a hyphen is joined, keeping
//! the hyphen when it is the word's own ("co-operative", as the text writes it elsewhere) and
//! dropping it when it is the typesetter's; footnote references printed as superscript digits
//! become markers (`member.¹` → `member.[^1]`), so that they are never glued into a word.

use std::collections::HashMap;

/// How often each word occurs in the text, folded to lower case.
#[derive(Debug, Default)]
pub(super) struct Vocabulary {
    counts: HashMap<String, u32>,
}

impl Vocabulary {
    /// Counts the words of `lines` (a word broken at a line end counts as neither part).
    pub fn of<'a>(lines: impl Iterator<Item = &'a str>) -> Self {
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut broken = false;
        for line in lines {
            let words: Vec<&str> = line.split_whitespace().collect();
            let starts_broken = std::mem::take(&mut broken);
            for (i, word) in words.iter().enumerate() {
                if i + 1 == words.len() && word.ends_with(['-', '\u{ad}', '\u{2010}']) {
                    broken = true;
                    continue;
                }
                if i == 0 && starts_broken {
                    continue;
                }
                let word = word_core(word);
                if !word.is_empty() {
                    *counts.entry(word.to_lowercase()).or_default() += 1;
                }
            }
        }
        Vocabulary { counts }
    }

    fn count(&self, word: &str) -> u32 {
        self.counts.get(&word.to_lowercase()).copied().unwrap_or(0)
    }
}

/// A word without the punctuation around it (an inner hyphen or apostrophe stays).
fn word_core(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Prefixes that keep their hyphen before a word ("vice-chair", "ex-officio", "non-voting");
/// "re" is not among them: "re-elected" and "reelected" are both written.
const HYPHENATED_PREFIXES: [&str; 8] =
    ["vice", "ex", "non", "self", "co", "anti", "cross", "multi"];

/// What to do with a hyphen at the end of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hyphen {
    /// Byte offset in the first line where the hyphen starts.
    pub cut: usize,
    /// Keep it (the word's own hyphen).
    pub keep: bool,
    /// Neither form of the word occurs elsewhere: joined without the hyphen, but unsure.
    pub unsure: bool,
    /// Byte offset in the joined text where the joined word starts.
    pub word_start: usize,
}

/// `first` and `next` joined into one line, and the hyphen decision if `first` ended with a
/// word broken by a hyphen (the caller then joins without a space).
pub(super) fn join_hyphen(
    first: &str,
    next: &str,
    vocabulary: Option<&Vocabulary>,
) -> (String, Option<Hyphen>) {
    let first = first.trim_end();
    let next = next.trim_start();
    let plain = || {
        let mut s = String::with_capacity(first.len() + next.len() + 1);
        s.push_str(first);
        if !s.is_empty() && !next.is_empty() {
            s.push(' ');
        }
        s.push_str(next);
        (s, None)
    };
    let Some(hyphen) = first
        .chars()
        .last()
        .filter(|c| ['-', '\u{ad}', '\u{2010}'].contains(c))
    else {
        return plain();
    };
    let cut = first.len() - hyphen.len_utf8();
    let head = &first[..cut];
    let before_ok = head.chars().last().is_some_and(char::is_alphabetic);
    let after_ok = next.chars().next().is_some_and(char::is_alphabetic);
    if !before_ok || !after_ok {
        return plain();
    }
    let word_start = head
        .rfind(|c: char| !c.is_alphabetic() && c != '-' && c != '\'' && c != '’')
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let a = &head[word_start..];
    let b_end = next
        .find(|c: char| !c.is_alphabetic() && c != '-' && c != '\'' && c != '’')
        .unwrap_or(next.len());
    let b = &next[..b_end];
    let (keep, unsure) = if hyphen == '\u{ad}' {
        (false, false)
    } else {
        let upper = b.chars().next().is_some_and(char::is_uppercase);
        match vocabulary {
            Some(v) => {
                let joined = v.count(&format!("{a}{b}"));
                let hyphenated = v.count(&format!("{a}-{b}"));
                if hyphenated > joined {
                    (true, false)
                } else if joined > hyphenated {
                    (false, false)
                } else if upper {
                    (true, false)
                } else {
                    match (v.count(a) > 0, v.count(b) > 0) {
                        // Two words the text uses on their own ("levy-paying"): a compound.
                        (true, true) => (true, false),
                        // Neither part is a word ("interpre-" "tation"): the typesetter's.
                        (false, false) => (false, false),
                        // A prefix that is written with its hyphen ("vice-chair").
                        (false, true)
                            if HYPHENATED_PREFIXES.contains(&a.to_lowercase().as_str()) =>
                        {
                            (true, false)
                        }
                        // "co-" "operative": could be either.
                        _ => (false, true),
                    }
                }
            }
            None => (upper, false),
        }
    };
    let mut joined = String::with_capacity(first.len() + next.len());
    joined.push_str(head);
    if keep {
        joined.push('-');
    }
    joined.push_str(next);
    (
        joined,
        Some(Hyphen {
            cut,
            keep,
            unsure,
            word_start,
        }),
    )
}

/// Superscript digits right after a word (`member.¹²`) as a footnote marker (`member.[^12]`).
pub(super) fn superscripts_to_markers(text: &str) -> String {
    const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    if !text.chars().any(|c| SUPERSCRIPTS.contains(&c)) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut digits = String::new();
    let mut previous: Option<char> = None;
    let flush = |out: &mut String, digits: &mut String| {
        if !digits.is_empty() {
            out.push_str("[^");
            out.push_str(digits);
            out.push(']');
            digits.clear();
        }
    };
    for c in text.chars() {
        if let Some(d) = SUPERSCRIPTS.iter().position(|&s| s == c)
            && (!digits.is_empty() || previous.is_some_and(|p| !p.is_whitespace()))
        {
            digits.push(char::from(b'0' + d as u8));
        } else {
            flush(&mut out, &mut digits);
            out.push(c);
        }
        previous = Some(c);
    }
    flush(&mut out, &mut digits);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_are_the_words_own_when_the_text_says_so() {
        let v = Vocabulary::of(
            ["co-operative societies and representatives, levy and paying"].into_iter(),
        );
        let (joined, _) = join_hyphen("the levy-", "paying members", Some(&v));
        assert_eq!(joined, "the levy-paying members");
        let (joined, h) = join_hyphen("the co-", "operative party", Some(&v));
        assert_eq!(joined, "the co-operative party");
        assert!(h.is_some_and(|h| h.keep && !h.unsure));
        let (joined, h) = join_hyphen("to represe-", "ntatives of", Some(&v));
        assert_eq!(joined, "to representatives of");
        assert!(h.is_some_and(|h| !h.keep && !h.unsure));
        let (joined, h) = join_hyphen("an interpre-", "tation of", Some(&v));
        assert_eq!(joined, "an interpretation of");
        assert!(h.is_some_and(|h| !h.keep && !h.unsure));
        let (joined, _) = join_hyphen("the vice-", "paying", Some(&v));
        assert_eq!(joined, "the vice-paying");
        let (joined, h) = join_hyphen("the re-", "paying", Some(&v));
        assert_eq!(joined, "the repaying");
        assert!(h.is_some_and(|h| h.unsure), "one part is a word: unsure");
        let (joined, h) = join_hyphen("the Anglo-", "Irish", Some(&v));
        assert_eq!(joined, "the Anglo-Irish");
        assert!(h.is_some_and(|h| h.keep));
        let (joined, h) = join_hyphen("soft\u{ad}", "ware", Some(&v));
        assert_eq!(
            (joined.as_str(), h.map(|h| h.keep)),
            ("software", Some(false))
        );
        assert_eq!(join_hyphen("pages 3 -", "5", Some(&v)).0, "pages 3 - 5");
        assert_eq!(
            join_hyphen("a line", "and more", None),
            ("a line and more".to_owned(), None)
        );
    }

    #[test]
    fn superscripts_become_markers() {
        assert_eq!(
            superscripts_to_markers("a member.¹ Then"),
            "a member.[^1] Then"
        );
        assert_eq!(superscripts_to_markers("note¹² here"), "note[^12] here");
        assert_eq!(superscripts_to_markers("x ² alone"), "x ² alone");
        assert_eq!(superscripts_to_markers("plain"), "plain");
    }
}
