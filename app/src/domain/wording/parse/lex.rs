//! Cutting wording into tokens: words (with their joiners, "and/or", "sub-clause", "5.F"),
//! quotations (see [`super::super::quotes`] for where one ends), punctuation and line breaks.
//! Text after a heading such as "Supporting argument" is not tokenised.

use std::ops::Range;

use super::ARGUMENT_HEADINGS;
use crate::domain::wording::quotes;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Word,
    Quote { closed: bool },
    Punct(char),
    Newline,
}

#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) kind: Kind,
    /// For a quotation: the quoted words; otherwise the token itself.
    pub(super) span: Range<usize>,
    /// The whole token including quotation marks.
    pub(super) outer: Range<usize>,
    pub(super) line: usize,
    pub(super) lower: String,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '-' | '‑' | '/' | '\'' | '’' | '_')
}

pub(super) fn lex(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let mut line_start = true;
    let mut budget = 4 * text.len() + 100_000;
    while let Some(c) = text[i..].chars().next() {
        let len = c.len_utf8();
        if c == '\n' {
            toks.push(Tok {
                kind: Kind::Newline,
                span: i..i + 1,
                outer: i..i + 1,
                line,
                lower: String::new(),
            });
            line += 1;
            i += 1;
            line_start = true;
            continue;
        }
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if line_start {
            let word: String = text[i..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect();
            if ARGUMENT_HEADINGS.contains(&word.as_str()) {
                break;
            }
        }
        line_start = false;
        if quotes::opens_quote(text, i, c) {
            let s = quotes::scan(text, i, c, &mut budget);
            let start_line = line;
            line += text[i..s.end].matches('\n').count();
            toks.push(Tok {
                kind: Kind::Quote { closed: s.closed },
                span: s.content,
                outer: i..s.end,
                line: start_line,
                lower: String::new(),
            });
            i = s.end.max(i + len);
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + len;
            let mut it = text[end..].char_indices().peekable();
            while let Some((off, d)) = it.next() {
                let joins = is_joiner(d) && it.peek().is_some_and(|(_, e)| e.is_alphanumeric());
                if !(d.is_alphanumeric() || joins) {
                    break;
                }
                end = i + len + off + d.len_utf8();
            }
            toks.push(Tok {
                kind: Kind::Word,
                span: i..end,
                outer: i..end,
                line,
                lower: text[i..end].to_lowercase(),
            });
            i = end;
            continue;
        }
        toks.push(Tok {
            kind: Kind::Punct(c),
            span: i..i + len,
            outer: i..i + len,
            line,
            lower: String::new(),
        });
        i += len;
    }
    toks
}
