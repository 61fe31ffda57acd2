//! Quotation marks: where a quotation in wording starts and ends, and which marks to use when
//! writing one.
//!
//! Real wording mixes straight and curly marks (‘ ' “ "), uses apostrophes inside quoted words
//! ("members’ rights", "Labour's") and sometimes forgets to close a quotation. A quotation
//! therefore ends at the first mark that both *looks like* a closing mark and is *followed by
//! what an instruction can continue with* ("and", "with", "(line 2)", a line break, the end …).
//! A mark of the same family (single or double) is preferred; a mark of the other family is
//! accepted only when it is followed by such a continuation (`‘two months" and replace …`).
//! If nothing qualifies, the quotation is unclosed and the parser reports it.

/// The family of a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Single,
    Double,
}

/// The family of `c`, if it is a quotation mark.
pub(crate) fn family(c: char) -> Option<Family> {
    match c {
        '\'' | '‘' | '’' | '‚' | '‛' | '`' => Some(Family::Single),
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' => Some(Family::Double),
        _ => None,
    }
}

/// Words after a closing quotation mark that show the quotation has ended.
const CONTINUATIONS: &[&str] = &[
    "and",
    "with",
    "by",
    "insert",
    "inserting",
    "add",
    "adding",
    "replace",
    "replacing",
    "delete",
    "after",
    "before",
    "in",
    "at",
    "to",
    "which",
    "then",
    "renumber",
    "substitute",
    "for",
    "on",
    "so",
];

/// The longest quotation read, in bytes.
pub(crate) const MAX_QUOTATION_BYTES: usize = 20_000;

/// The result of scanning one quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scanned {
    /// Byte range of the quoted words (between the marks).
    pub content: std::ops::Range<usize>,
    /// Byte offset just after the closing mark (or the end of the scanned area if unclosed).
    pub end: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the text starting at byte `pos` is a valid continuation after a closing mark.
fn continues(text: &str, pos: usize) -> bool {
    let rest = &text[pos..];
    let trimmed = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    let Some(first) = trimmed.chars().next() else {
        return true;
    };
    if first == '\n' || first == '\r' {
        return true;
    }
    if matches!(first, '.' | ';' | ',' | ':') {
        let after = trimmed[first.len_utf8()..].trim_start_matches([' ', '\t', '\u{a0}']);
        return match after.chars().next() {
            None | Some('\n' | '\r') => true,
            Some(next) => match first {
                ',' => starts_with_continuation(after) || starts_with_keyword(after),
                ':' => family(next).is_some() || starts_with_keyword(after),
                _ => starts_with_keyword(after),
            },
        };
    }
    if first == '(' {
        let inner = trimmed[1..].trim_start().to_lowercase();
        return inner.starts_with("line") || inner.starts_with("page") || inner.starts_with("para");
    }
    if first == '—' || first == '–' {
        return true;
    }
    starts_with_continuation(trimmed)
}

/// Whether a word of an instruction (or a line reference) follows byte `pos`.
fn continues_strongly(text: &str, pos: usize) -> bool {
    let trimmed = text[pos..].trim_start_matches([' ', '\t', '\u{a0}']);
    let trimmed = trimmed.strip_prefix(',').map_or(trimmed, str::trim_start);
    if let Some(inner) = trimmed.strip_prefix('(') {
        return inner.trim_start().to_lowercase().starts_with("line");
    }
    starts_with_continuation(trimmed)
}

fn first_word_lower(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

fn starts_with_continuation(text: &str) -> bool {
    let w = first_word_lower(text);
    CONTINUATIONS.contains(&w.as_str())
}

/// Words that start a new instruction (after a full stop or semicolon).
fn starts_with_keyword(text: &str) -> bool {
    let w = first_word_lower(text);
    matches!(
        w.as_str(),
        "delete"
            | "replace"
            | "after"
            | "before"
            | "add"
            | "insert"
            | "at"
            | "in"
            | "renumber"
            | "substitute"
            | "and"
            | "then"
    ) || text.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether the mark at byte `i` looks like a closing mark.
fn closing_shaped(text: &str, i: usize, c: char) -> bool {
    let after = text[i + c.len_utf8()..].chars().next();
    match c {
        '”' | '»' => true,
        '“' | '‘' | '„' | '«' => false,
        // Straight marks and ’: not when a letter follows (an apostrophe: "Labour's").
        _ => !after.is_some_and(is_word),
    }
}

/// Whether the mark at byte `i` looks like an opening mark (inside a quotation: a nested one).
fn opening_shaped(text: &str, i: usize, c: char) -> bool {
    let before = text[..i].chars().next_back();
    let after = text[i + c.len_utf8()..].chars().next();
    let opens_word = after.is_some_and(|a| !a.is_whitespace());
    match c {
        '“' | '‘' | '„' | '«' => opens_word,
        '”' | '»' | '’' => false,
        _ => before.is_none_or(|b| b.is_whitespace() || b == '(') && opens_word,
    }
}

/// Scans the quotation whose opening mark `open` is at byte `start` of `text`.
///
/// `budget` bounds the bytes scanned over a whole text: once it is spent, a quotation is only
/// looked for up to the end of its line, so wording full of unclosed marks is read in linear
/// time.
pub(crate) fn scan(text: &str, start: usize, open: char, budget: &mut usize) -> Scanned {
    let content_start = start + open.len_utf8();
    let Some(fam) = family(open) else {
        return Scanned {
            content: content_start..content_start,
            end: content_start,
            closed: false,
        };
    };
    // Nested quotations are skipped, for each family separately ("known as “the Party” and").
    let mut depth = [0usize; 2];
    let slot = |f: Family| usize::from(f == Family::Double);
    let mut first_same: Option<(usize, char)> = None;
    let mut first_other: Option<(usize, char)> = None;
    // A quotation never runs further than this: bounds the work on wording that is all
    // unclosed marks (a whole clause is about 3,000 characters).
    let line_end = text[content_start..]
        .find('\n')
        .map_or(text.len(), |n| content_start + n);
    let reach = MAX_QUOTATION_BYTES
        .min(*budget)
        .max(line_end - content_start);
    let limit = text.len().min(content_start + reach);
    let limit = (limit..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    *budget = budget.saturating_sub(limit - content_start);
    for (off, c) in text[content_start..limit].char_indices() {
        let i = content_start + off;
        let Some(f) = family(c) else {
            continue;
        };
        if opening_shaped(text, i, c) && !closing_shaped(text, i, c) {
            depth[slot(f)] += 1;
            continue;
        }
        if !closing_shaped(text, i, c) {
            continue;
        }
        if depth[slot(f)] > 0 {
            depth[slot(f)] -= 1;
            continue;
        }
        let end = i + c.len_utf8();
        // A mark of the same family closes when anything an instruction can continue with
        // follows; a mark of the other family only when a word of the instruction follows
        // (`‘two months" and replace …`), so that quoted text may contain the other family.
        let closes = if f == fam {
            continues(text, end)
        } else {
            continues_strongly(text, end)
        };
        if closes {
            return Scanned {
                content: content_start..i,
                end,
                closed: true,
            };
        }
        if f == fam && first_same.is_none() {
            first_same = Some((i, c));
        }
        if f != fam && first_other.is_none() && continues(text, end) {
            first_other = Some((i, c));
        }
    }
    // No mark followed by a continuation: the first mark of the same family, else one of the
    // other family at the end of the line (`"six weeks’`).
    if let Some((i, c)) = first_same.or(first_other) {
        return Scanned {
            content: content_start..i,
            end: i + c.len_utf8(),
            closed: true,
        };
    }
    // Unclosed: the quotation is taken to run to the end of its line, for the message.
    Scanned {
        content: content_start..line_end,
        end: line_end,
        closed: false,
    }
}

/// Whether `c` at byte `i` of `text` opens a quotation (rather than being an apostrophe).
pub(crate) fn opens_quote(text: &str, i: usize, c: char) -> bool {
    match family(c) {
        Some(Family::Double) => true,
        Some(Family::Single) => {
            let before = text[..i].chars().next_back();
            !before.is_some_and(is_word)
        }
        None => false,
    }
}

/// Delimiter pairs tried when writing a quotation, in order of preference.
pub(crate) const DELIMITERS: [(char, char); 4] = [('"', '"'), ('“', '”'), ('‘', '’'), ('\'', '\'')];

/// Writes `text` between the delimiters of pair `choice`.
pub(crate) fn quote_with(text: &str, choice: usize) -> String {
    let (open, close) = DELIMITERS[choice.min(DELIMITERS.len() - 1)];
    let mut out = String::with_capacity(text.len() + 6);
    out.push(open);
    out.push_str(text);
    out.push(close);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str) -> (String, bool) {
        let (i, c) = text
            .char_indices()
            .find(|(i, c)| opens_quote(text, *i, *c))
            .unwrap_or((0, ' '));
        let s = scan(text, i, c, &mut 1_000_000);
        (text[s.content].to_owned(), s.closed)
    }

    #[test]
    fn finds_the_closing_mark() {
        assert_eq!(content("Delete 'two months' and replace").0, "two months");
        assert_eq!(
            content("Delete ‘members’ rights’ and replace").0,
            "members’ rights"
        );
        assert_eq!(content("Delete \"Labour's\" (line 2)").0, "Labour's");
        assert_eq!(
            content("Delete ‘two months\" and replace with").0,
            "two months"
        );
        assert_eq!(
            content("Add at end: “the “Party” shall”").0,
            "the “Party” shall"
        );
        assert_eq!(
            content("Add at end: \"He said \"hi\"\"").0,
            "He said \"hi\""
        );
        assert_eq!(
            content("Delete 'two months and replace with 'three'"),
            ("two months and replace with 'three'".into(), false)
        );
    }
}
