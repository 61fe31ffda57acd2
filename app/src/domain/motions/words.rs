//! The word count of a motion, the way the CAC counts it, and where the limit falls in the text.
//!
//! The rule (written out with examples in `docs/motions.md`):
//!
//! - The title is not counted; the section headings ("Conference notes") are, since they are part
//!   of the motion's text.
//! - A word is what lies between spaces or line breaks, as a word processor counts, except that
//!   - it counts only if it has a letter or a digit (or is `&`, read as "and"): a dash, a bullet
//!     `•`, a lone quote mark or an ellipsis standing between spaces is not a word;
//!   - an em dash (`—`, `―`), two or more hyphens (`--`), an ellipsis (`…`, `...`) and a comma,
//!     semicolon, colon, `!` or `?` between two letters split what they join: "word—word" and
//!     "notes,believes" are two words, as a reader reads them;
//!   - hyphens, en dashes and slashes join: "well-being", "2019–2024", "and/or" are one word each;
//!   - a number is one word however it is written ("£1.5", "1,000", "50%", "10 000" with a
//!     no-break or thin space between the digit groups); "£1.5 billion" is two words and
//!     "5 July 2024" three;
//!   - a web or e-mail address is one word;
//!   - a list marker is not a word: `1.`, `2)`, `a.`, `b)`, `iv.` at the start of a line, and
//!     `(a)`, `(ii)`, `(3)` standing alone anywhere. The text is the same whether a list was
//!     numbered by hand or by a word processor (whose numbers a word count leaves out), so its
//!     count should be too.
//!
//! Counting allocates nothing and is linear in the text: a keystroke re-counts the whole motion.
//!
//! ```
//! use app::domain::motions::words::count_words;
//! assert_eq!(count_words("Conference notes the CLP's well-being survey — 2019–2024."), 7);
//! assert_eq!(count_words("1. Restore £1.5 billion\n(a) and/or more"), 5);
//! ```

use std::ops::Range;

/// The number of words in `text` by the CAC's rule.
pub fn count_words(text: &str) -> usize {
    let mut n = 0;
    for_each_word(text, |_| n += 1);
    n
}

/// The byte ranges of the counted words, in order.
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for_each_word(text, |r| out.push(r));
    out
}

/// Where a text goes over `limit` words: the byte offset of the first word past the limit, or
/// `None` when the text is within it.
pub fn limit_exceeded_at(text: &str, limit: usize) -> Option<usize> {
    let mut n = 0;
    let mut at = None;
    for_each_word(text, |r| {
        n += 1;
        if n == limit + 1 {
            at = Some(r.start);
        }
    });
    at
}

/// Calls `f` with the byte range of every counted word, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(Range<usize>)) {
    let mut i = 0;
    let mut line_start = true;
    while let Some(c) = text[i..].chars().next() {
        if is_separating_space(text, i, c) {
            if is_line_break(c) {
                line_start = true;
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while let Some(c) = text[i..].chars().next() {
            if is_separating_space(text, i, c) {
                break;
            }
            i += c.len_utf8();
        }
        chunk_words(text, start..i, line_start, &mut f);
        line_start = false;
    }
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whitespace that separates words: all of it except a no-break or thin space between two
/// digits, which groups the digits of one number.
fn is_separating_space(text: &str, i: usize, c: char) -> bool {
    if !c.is_whitespace() {
        return false;
    }
    if matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}') {
        let before = text[..i].chars().next_back();
        let after = text[i + c.len_utf8()..].chars().next();
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        return !(digit(before) && digit(after));
    }
    true
}

/// The words of one whitespace-delimited chunk.
fn chunk_words(
    text: &str,
    chunk: Range<usize>,
    line_start: bool,
    f: &mut impl FnMut(Range<usize>),
) {
    let s = &text[chunk.clone()];
    if is_list_marker(s, line_start) {
        return;
    }
    if is_address(s) {
        f(chunk);
        return;
    }
    let mut piece = chunk.start;
    let mut prev: Option<char> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((off, c)) = iter.next() {
        let at = chunk.start + off;
        let next = iter.peek().map(|&(_, n)| n);
        let split_len = match c {
            '—' | '―' | '⸺' | '⸻' | '…' => Some(c.len_utf8()),
            // A run of two or more hyphens or full stops: a typed dash or ellipsis.
            '-' | '.' if next == Some(c) => {
                let run = s[off..].chars().take_while(|&d| d == c).count();
                Some(run)
            }
            ',' | ';' | ':' | '!' | '?'
                if prev.is_some_and(char::is_alphabetic)
                    && next.is_some_and(char::is_alphabetic) =>
            {
                Some(1)
            }
            _ => None,
        };
        if let Some(len) = split_len {
            emit(text, piece..at, f);
            piece = at + len;
            // Skip the rest of a run of hyphens or full stops.
            for _ in 1..s[off..off + len].chars().count() {
                iter.next();
            }
            prev = None;
            continue;
        }
        prev = Some(c);
    }
    emit(text, piece..chunk.end, f);
}

/// Reports a piece of a chunk when it counts as a word.
fn emit(text: &str, r: Range<usize>, f: &mut impl FnMut(Range<usize>)) {
    if text[r.clone()]
        .chars()
        .any(|c| c.is_alphanumeric() || c == '&')
    {
        f(r);
    }
}

/// A web or e-mail address, counted as one word whatever punctuation it holds.
fn is_address(s: &str) -> bool {
    let s = s.trim_start_matches(['(', '<', '"', '\'', '“', '‘']);
    s.contains("://")
        || s.starts_with("www.")
        || s.starts_with("WWW.")
        || (s.contains('@') && s.contains('.'))
}

/// A list marker: `1.`, `12)`, `a.`, `b)`, `iv.` at the start of a line, or `(a)`, `(ii)`, `(3)`
/// anywhere.
fn is_list_marker(s: &str, line_start: bool) -> bool {
    let label = match s.strip_prefix('(') {
        Some(rest) => match rest.strip_suffix(')') {
            Some(label) => label,
            None => return false,
        },
        None if line_start => match s.strip_suffix(['.', ')']) {
            Some(label) => label,
            None => return false,
        },
        None => return false,
    };
    let digits = (1..=3).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_digit());
    let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_alphabetic());
    digits || letter || is_small_roman(label)
}

/// A roman numeral from 1 to 39 written the usual way (`iv`, `xii`, `XIX`), all in one case:
/// lists are not numbered further, and a word such as "civil" or "mix" is not a numeral.
fn is_small_roman(label: &str) -> bool {
    const ONES: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    let lower = label.to_ascii_lowercase();
    if lower != label && label.to_ascii_uppercase() != label {
        return false;
    }
    let tens = lower.bytes().take_while(|&b| b == b'x').count();
    tens <= 3 && !lower.is_empty() && ONES.contains(&&lower[tens..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<&str> {
        word_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn hyphenated_words_and_possessives_are_one_word() {
        assert_eq!(
            words("well-being cost-of-living CLP's CLPs’ members'"),
            ["well-being", "cost-of-living", "CLP's", "CLPs’", "members'"]
        );
    }

    #[test]
    fn numbers_are_one_word_each() {
        assert_eq!(count_words("£1.5 billion"), 2);
        assert_eq!(count_words("1,000 members"), 2);
        assert_eq!(count_words("50% of 1.2m"), 3);
        assert_eq!(
            count_words("10\u{a0}000 and 10\u{202f}000 and 10\u{2009}000"),
            5
        );
        // A no-break space between words still separates them.
        assert_eq!(count_words("Labour\u{a0}Party"), 2);
        assert_eq!(count_words("the 5th time, 2nd place"), 5);
    }

    #[test]
    fn dates_are_counted_as_written() {
        assert_eq!(count_words("on 5 July 2024"), 4);
        assert_eq!(count_words("on 05/07/2024"), 2);
        assert_eq!(count_words("22–25 September"), 2);
    }

    #[test]
    fn em_dashes_split_and_are_not_words() {
        assert_eq!(words("word—word"), ["word", "word"]);
        assert_eq!(words("word — word"), ["word", "word"]);
        assert_eq!(
            words("word--word word -- word"),
            ["word", "word", "word", "word"]
        );
        assert_eq!(count_words("cuts―and ⸺ closures"), 3);
    }

    #[test]
    fn en_dashes_and_hyphens_join() {
        assert_eq!(words("2019–2024"), ["2019–2024"]);
        assert_eq!(
            words("London–Paris route – today"),
            ["London–Paris", "route", "today"]
        );
        assert_eq!(words("pre- and post-war"), ["pre-", "and", "post-war"]);
        assert_eq!(words("a - b"), ["a", "b"]);
    }

    #[test]
    fn bullets_and_list_markers_are_not_words() {
        let text = "Conference resolves to:\n• fund the NHS\n- build homes\n1. end \
                    outsourcing\n2) repeal the Act\n(a) first\n(ii) second\n  iv. third\n\
                    a) fourth\nb. fifth";
        assert_eq!(count_words(text), 18);
        // Inline parenthesised labels are markers too; attached ones are part of the word.
        assert_eq!(
            words("to: (a) fund; (b) build; section 3(a)"),
            ["to:", "fund;", "build;", "section", "3(a)"]
        );
        // Away from the start of a line, "1." is a number at the end of a sentence.
        assert_eq!(count_words("rose by 1. Then"), 4);
        // A marker stuck to its word is one word.
        assert_eq!(count_words("•fund 1.fund"), 2);
        // Not markers: too long, or not a label; a word made of roman letters is a word.
        assert_eq!(count_words("1234. ab. (ab)"), 3);
        assert_eq!(
            count_words("civil.\nmix.\nxii. twelve\n(XIV) fourteen\n(iiii) four"),
            6
        );
    }

    #[test]
    fn percentages_and_money() {
        assert_eq!(count_words("a 5% rise, 5 per cent, £5bn, $5"), 8);
    }

    #[test]
    fn addresses_are_one_word() {
        assert_eq!(
            count_words("see https://www.labour.org.uk/motions?id=5,page=2 now"),
            3
        );
        assert_eq!(count_words("www.example.org/a:b and cac@labour.org.uk"), 3);
    }

    #[test]
    fn slashes_join_unless_spaced() {
        assert_eq!(count_words("and/or"), 1);
        assert_eq!(count_words("and/ or"), 2);
        assert_eq!(count_words("NHS / social care"), 3);
    }

    #[test]
    fn ellipses_split_and_are_not_words() {
        assert_eq!(
            words("wait… and...see ... now"),
            ["wait", "and", "see", "now"]
        );
        assert_eq!(count_words("e.g. U.K. 1.5"), 3);
    }

    #[test]
    fn punctuation_between_letters_splits() {
        assert_eq!(
            words("notes,believes;resolves:mandates"),
            ["notes", "believes", "resolves", "mandates"]
        );
        assert_eq!(count_words("why?Because!Now 10:30 1,5"), 5);
    }

    #[test]
    fn ampersands_count_and_lone_marks_do_not() {
        assert_eq!(count_words("Health & Social Care “ ” ' \" ( ) * #"), 4);
        assert_eq!(count_words("R&D #NHS @UKLabour"), 3);
    }

    #[test]
    fn where_the_limit_is_exceeded() {
        let text = "one two three four";
        assert_eq!(limit_exceeded_at(text, 4), None);
        assert_eq!(limit_exceeded_at(text, 3), Some(14));
        assert_eq!(limit_exceeded_at(text, 0), Some(0));
        assert_eq!(limit_exceeded_at("", 0), None);
    }

    /// A piece of motion text: words, numbers, punctuation and the cases of the rule.
    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z]{1,8}",
            "[0-9]{1,4}",
            Just("—".to_owned()),
            Just("–".to_owned()),
            Just("-".to_owned()),
            Just("•".to_owned()),
            Just("(a)".to_owned()),
            Just("1.".to_owned()),
            Just("CLP's".to_owned()),
            Just("and/or".to_owned()),
            Just("…".to_owned()),
            Just("\u{a0}".to_owned()),
            Just(",".to_owned()),
            "\\PC{1,3}",
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                token(),
                prop_oneof![Just(""), Just(" "), Just("\n"), Just("  ")],
            ),
            0..40,
        )
        .prop_map(|v| v.into_iter().map(|(t, s)| t + s).collect())
    }

    proptest! {
        #[test]
        fn spans_are_ordered_words_of_the_text(t in text()) {
            let spans = word_spans(&t);
            prop_assert_eq!(spans.len(), count_words(&t));
            let mut end = 0;
            for r in &spans {
                prop_assert!(r.start >= end && r.start < r.end);
                prop_assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
                prop_assert!(t[r.clone()].chars().any(|c| c.is_alphanumeric() || c == '&'));
                let word = &t[r.clone()];
                let grouped = word.contains(['\u{a0}', '\u{202f}', '\u{2009}']);
                prop_assert!(!word.contains(char::is_whitespace) || grouped);
                end = r.end;
            }
        }

        #[test]
        fn counts_add_up_across_a_line_break(a in text(), b in text()) {
            prop_assert_eq!(count_words(&format!("{a}\n{b}")), count_words(&a) + count_words(&b));
        }

        #[test]
        fn plain_words_are_counted_one_each(ws in prop::collection::vec("[a-zA-Z0-9]{1,5}(['-][a-zA-Z0-9]{1,4})?", 0..60), sep in prop_oneof![Just(" "), Just("  "), Just("\t"), Just(" \n ")]) {
            let text = ws.join(sep);
            // A word like "a." never occurs here, so no word is a list marker.
            prop_assert_eq!(count_words(&text), ws.len());
        }

        #[test]
        fn more_spaces_change_nothing(t in text()) {
            let wider = t.replace(' ', "   ").replace('\n', " \n\t");
            prop_assert_eq!(count_words(&wider), count_words(&t));
        }

        #[test]
        fn never_panics(t in "\\PC{0,200}") {
            let n = count_words(&t);
            prop_assert!(n <= t.len());
            let _ = limit_exceeded_at(&t, n.saturating_sub(1));
        }
    }
}
