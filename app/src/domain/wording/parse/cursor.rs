//! The parser's cursor: looking at and eating tokens, and the small phrases every instruction
//! shares (quotations, fillers such as "the words", sentence references, labels, line
//! references, the link between a deletion and its replacement).

use super::lex::{Kind, Tok};
use super::{EDIT_VERBS, Parser, R, STARTS};
use crate::domain::numbering::{LabelStyle, NodeKind};
use crate::domain::wording::model::{SentenceRef, Within};
use crate::domain::wording::problem::{Problem, ProblemKind};
use crate::domain::wording::render::ORDINAL_WORDS;

/// The ordinal meant by a word ("fifth", "5th", "5").
pub(super) fn ordinal_word(w: &str) -> Option<u32> {
    if let Some(i) = ORDINAL_WORDS.iter().position(|x| *x == w) {
        return u32::try_from(i + 1).ok();
    }
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    let suffix = &w[digits.len()..];
    if !digits.is_empty() && digits.len() <= 4 && matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return digits.parse().ok().filter(|n| *n > 0);
    }
    None
}

/// A list number or letter: "1", "b", "iv", "F".
fn is_list_marker(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit())
        || (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
        || LabelStyle::LowerRoman.ordinal(w).is_some()
}

/// Inserted text as read. Quotation marks around it are gone by now (the lexer takes the
/// words inside them); a text wrapped in a second pair (`“‘Members …’”`) keeps the inner pair,
/// since rule text may itself begin and end with a quotation.
fn rule_text(text: String) -> R<String> {
    Ok(text)
}

pub(super) fn noun_word(w: &str) -> Option<NodeKind> {
    Some(match w {
        "sub-clause" | "subclause" | "sub-clauses" | "subclauses" | "sub-section"
        | "subsection" | "sub-sections" | "subsections" => NodeKind::SubSection,
        "section" | "sections" => NodeKind::Section,
        "clause" | "clauses" => NodeKind::Clause,
        "item" | "items" => NodeKind::Item,
        "chapter" | "chapters" => NodeKind::Chapter,
        "appendix" | "appendices" => NodeKind::Appendix,
        "part" | "parts" => NodeKind::Part,
        _ => return None,
    })
}

/// Whether a word written in the wording can be a node label ("5.F", "7", "IV", "ii").
pub(super) fn is_label(raw: &str) -> bool {
    if raw.is_empty() || raw.len() > 16 {
        return false;
    }
    if !raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return false;
    }
    raw.chars().any(|c| c.is_ascii_digit())
        || (raw.len() <= 4 && raw.chars().all(|c| c.is_ascii_uppercase()))
        || LabelStyle::LowerRoman.ordinal(raw).is_some_and(|n| n <= 40)
}

impl Parser<'_> {
    pub(super) fn tok(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    pub(super) fn word(&self) -> Option<&str> {
        self.tok()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
    }

    pub(super) fn word_at(&self, k: usize) -> Option<&str> {
        self.toks
            .get(self.pos + k)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
    }

    pub(super) fn eat(&mut self, w: &str) -> bool {
        if self.word() == Some(w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn eat_any(&mut self, ws: &[&str]) -> bool {
        if self.word().is_some_and(|x| ws.contains(&x)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Eats the words `ws` in sequence, or nothing.
    pub(super) fn eat_seq(&mut self, ws: &[&str]) -> bool {
        let ok = ws
            .iter()
            .enumerate()
            .all(|(k, w)| self.word_at(k) == Some(*w));
        if ok {
            self.pos += ws.len();
        }
        ok
    }

    pub(super) fn eat_punct(&mut self, c: char) -> bool {
        if self.tok().is_some_and(|t| t.kind == Kind::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn at_quote(&self) -> bool {
        self.tok()
            .is_some_and(|t| matches!(t.kind, Kind::Quote { .. }))
    }

    pub(super) fn at_line_end(&self) -> bool {
        self.tok().is_none_or(|t| t.kind == Kind::Newline)
    }

    pub(super) fn raw(&self, t: &Tok) -> String {
        self.text[t.span.clone()].to_owned()
    }

    /// A quotation, or a problem if it is not closed.
    pub(super) fn quote(&mut self) -> R<String> {
        let Some(t) = self.tok().cloned() else {
            return Err(self.unrecognised());
        };
        match t.kind {
            Kind::Quote { closed } => {
                self.pos += 1;
                let content = self.raw(&t);
                if !closed {
                    let near: String = content.trim().chars().take(40).collect();
                    return Err(ProblemKind::UnbalancedQuotes { near });
                }
                if content.trim().is_empty() {
                    return Err(ProblemKind::EmptyQuote);
                }
                Ok(content)
            }
            _ => Err(self.unrecognised()),
        }
    }

    /// The text of a replacement: a quotation (on this line, or starting on the next after a
    /// colon), or (after a colon or at the end of a line) the unquoted rest of the wording.
    /// What is returned is rule text only: never the quotation marks, never a further
    /// instruction swallowed by an unquoted text.
    pub(super) fn text_arg(&mut self, after_colon: bool) -> R<String> {
        if self.at_quote() {
            let q = self.quote()?;
            return rule_text(q);
        }
        if after_colon || self.at_line_end() {
            let save = self.pos;
            while self.tok().is_some_and(|t| t.kind == Kind::Newline) {
                self.pos += 1;
            }
            // "add:\n‘Votes are secret.’": the quotation on the next line.
            if self.at_quote() {
                // A quotation that is not closed at the end of its line leaves the text to be
                // read as it stands (below).
                let q = self.quote();
                if let Ok(q) = q
                    && (self.at_line_end() || self.rest_of_line_is_separator())
                    && self.next_line_is_instruction_or_end()
                {
                    return rule_text(q);
                }
                self.pos = save;
                while self.tok().is_some_and(|t| t.kind == Kind::Newline) {
                    self.pos += 1;
                }
            }
            let Some(first) = self.tok() else {
                return Err(ProblemKind::EmptyQuote);
            };
            let start = first.outer.start;
            let end = self.toks.last().map_or(start, |t| t.outer.end);
            // An unquoted text runs to the end of the wording; a later line that reads as an
            // instruction means it is not all rule text.
            let first_line = first.line;
            let run_on = (!self.nested)
                .then(|| {
                    (self.pos..self.toks.len())
                        .filter(|&k| {
                            let t = &self.toks[k];
                            t.line > first_line
                                && t.kind == Kind::Word
                                && STARTS.contains(&t.lower.as_str())
                                && self.starts_line(k)
                        })
                        .take(3)
                        .find(|&k| self.reads_as_instruction(k))
                })
                .flatten();
            if let Some(k) = run_on {
                let text = self.text[self.toks[k].outer.start..end].trim();
                return Err(ProblemKind::NotRuleText {
                    text: text.chars().take(60).collect(),
                    what: "is not quoted and runs on into what reads as a further instruction"
                        .to_owned(),
                });
            }
            self.pos = self.toks.len();
            let text = self.text[start..end].trim().to_owned();
            if text.is_empty() {
                return Err(ProblemKind::EmptyQuote);
            }
            return rule_text(text);
        }
        Err(self.unrecognised())
    }

    /// Whether the wording from token `k` reads as a whole instruction.
    fn reads_as_instruction(&self, k: usize) -> bool {
        let mut sub = Parser {
            text: self.text,
            toks: self.toks.clone(),
            pos: k,
            trailing: Vec::new(),
            line_ref: None,
            nested: true,
        };
        sub.instruction().is_ok()
    }

    /// Whether token `k` is the first word of its line, after any list number or bullet.
    fn starts_line(&self, k: usize) -> bool {
        let mut j = k;
        while j > 0 {
            let t = &self.toks[j - 1];
            match &t.kind {
                Kind::Newline => return true,
                Kind::Punct(_) => {}
                Kind::Word if t.lower.len() <= 4 && is_list_marker(&t.lower) => {}
                _ => return false,
            }
            j -= 1;
        }
        true
    }

    /// Whether the wording after this line is empty or goes on with an instruction (so that a
    /// quotation on a line of its own is the whole text, not the start of an unquoted one).
    fn next_line_is_instruction_or_end(&self) -> bool {
        let next = (self.pos..self.toks.len()).find(|&k| {
            let t = &self.toks[k];
            t.kind == Kind::Word || matches!(t.kind, Kind::Quote { .. })
        });
        next.is_none_or(|k| {
            let t = &self.toks[k];
            t.kind == Kind::Word && STARTS.contains(&t.lower.as_str()) && self.starts_line(k)
                || t.kind == Kind::Word
                    && is_list_marker(&t.lower)
                    && self
                        .toks
                        .get(k + 1)
                        .is_some_and(|n| matches!(n.kind, Kind::Punct('.' | ')')))
        })
    }

    /// Whether only separators (".", ";") remain on the line.
    fn rest_of_line_is_separator(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline)
            .all(|t| matches!(t.kind, Kind::Punct('.' | ';' | ',')))
    }

    /// The rest of the current line, for a message.
    pub(super) fn line_text(&self) -> String {
        let Some(t) = self.tok() else {
            return String::new();
        };
        let start = t.outer.start;
        let end = self.toks[self.pos..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline)
            .last()
            .map_or(start, |t| t.outer.end);
        let text = self.text[start..end].trim();
        let mut short: String = text.chars().take(80).collect();
        if text.chars().count() > 80 {
            short.push('…');
        }
        short
    }

    pub(super) fn unrecognised(&self) -> ProblemKind {
        ProblemKind::Unrecognised {
            text: self.line_text(),
        }
    }

    pub(super) fn skip_line(&mut self) {
        while let Some(newline) = self.tok().map(|t| t.kind == Kind::Newline) {
            self.pos += 1;
            if newline {
                break;
            }
        }
    }

    pub(super) fn line_has_start(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline && !matches!(t.kind, Kind::Quote { .. }))
            .any(|t| t.kind == Kind::Word && STARTS.contains(&t.lower.as_str()))
    }

    /// Whether the line uses a verb of editing this tool does not know ("strike out"), so that
    /// it is reported rather than skipped as a heading.
    pub(super) fn line_has_edit_verb(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline)
            .any(|t| t.kind == Kind::Word && EDIT_VERBS.contains(&t.lower.as_str()))
    }

    pub(super) fn line_has_quote(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline)
            .any(|t| matches!(t.kind, Kind::Quote { .. }))
    }

    pub(super) fn skip_to_start(&mut self) {
        while let Some(t) = self.tok() {
            if t.kind == Kind::Word && STARTS.contains(&t.lower.as_str()) {
                break;
            }
            self.pos += 1;
        }
    }

    /// After an instruction: punctuation, "and", a line break or another instruction. Anything
    /// else on the line is reported.
    pub(super) fn expect_separator(&mut self) {
        while self.tok().is_some_and(|t| {
            matches!(
                t.kind,
                Kind::Punct('.' | ';' | ',' | ':' | '—' | '–' | '-' | ')')
            )
        }) {
            self.pos += 1;
        }
        self.eat_any(&["and", "then", "also"]);
        match self.tok() {
            None => {}
            Some(t) if t.kind == Kind::Newline => {}
            Some(t) if t.kind == Kind::Word && STARTS.contains(&t.lower.as_str()) => {}
            Some(t) => {
                let line = t.line;
                let text = self.line_text();
                self.trailing.push(Problem::new(
                    ProblemKind::Unrecognised { text },
                    None,
                    Some(line),
                ));
                self.skip_line();
            }
        }
    }

    /// "(line 2)", "(lines 2-3)", "on line 4", "line 5", "on the third line": references to a
    /// printed page. They are not used to find words (the page's lines are not known), but the
    /// last one read is kept in `line_ref` so that an ambiguity it was meant to settle is
    /// reported as such.
    pub(super) fn skip_line_ref(&mut self) {
        loop {
            let save = self.pos;
            let start = self.tok().map(|t| t.outer.start);
            if self.eat_punct('(') {
                if self.eat_any(&["line", "lines", "page", "para", "paragraph", "l"])
                    || self.word().and_then(ordinal_word).is_some()
                        && self.word_at(1) == Some("line")
                {
                    let mut end = start;
                    while let Some(kind) = self.tok().map(|t| t.kind.clone()) {
                        if kind == Kind::Newline {
                            break;
                        }
                        end = self.tok().map(|t| t.outer.end);
                        self.pos += 1;
                        if kind == Kind::Punct(')') {
                            break;
                        }
                    }
                    self.note_line_ref(start, end);
                    continue;
                }
                self.pos = save;
                return;
            }
            self.eat_punct(',');
            self.eat_any(&["on", "in", "at"]);
            if self.eat_any(&["line", "lines"])
                && self
                    .word()
                    .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-'))
            {
                self.pos += 1;
                let end = self.toks.get(self.pos - 1).map(|t| t.outer.end);
                self.note_line_ref(start, end);
                continue;
            }
            self.pos = save;
            self.eat_punct(',');
            if self.eat_any(&["on", "in", "at"])
                && self.eat("the")
                && (self.word().and_then(ordinal_word).is_some() || self.word() == Some("last"))
                && self.word_at(1) == Some("line")
            {
                self.pos += 2;
                let end = self.toks.get(self.pos - 1).map(|t| t.outer.end);
                self.note_line_ref(start, end);
                continue;
            }
            self.pos = save;
            return;
        }
    }

    pub(super) fn note_line_ref(&mut self, start: Option<usize>, end: Option<usize>) {
        if let (Some(s), Some(e)) = (start, end) {
            let r = self.text[s..e]
                .trim()
                .trim_start_matches([',', '('])
                .trim_end_matches(')')
                .trim();
            let r = r
                .strip_prefix("on ")
                .or_else(|| r.strip_prefix("in "))
                .or_else(|| r.strip_prefix("at "))
                .unwrap_or(r);
            self.line_ref = Some(r.to_owned());
        }
    }

    /// Filler words between a verb and its quotation: "the words", "the following", "text".
    pub(super) fn skip_fillers(&mut self) {
        loop {
            let before = self.pos;
            self.eat_any(&["the", "a", "this"]);
            if !self.eat_any(&[
                "word",
                "words",
                "text",
                "phrase",
                "following",
                "wording",
                "new",
                "sentence",
                "sentences",
                "letters",
            ]) {
                self.pos = before;
                break;
            }
        }
        self.eat_any(&["text", "words", "wording", "sentence", "new"]);
    }

    /// A sentence named by position: "the fifth sentence", "the last sentence", "sentence 3".
    pub(super) fn sentence_ref(&mut self) -> Option<SentenceRef> {
        let save = self.pos;
        self.eat("the");
        let r = if self.eat_any(&["last", "final"]) {
            if self.eat_seq(&["but", "one"]) {
                Some(SentenceRef::End(2))
            } else {
                Some(SentenceRef::End(1))
            }
        } else if self.eat("penultimate") || self.eat("second-to-last") || self.eat("next-to-last")
        {
            Some(SentenceRef::End(2))
        } else if self.eat("third-to-last") {
            Some(SentenceRef::End(3))
        } else if let Some(n) = self.word().and_then(ordinal_word) {
            self.pos += 1;
            if self.eat_seq(&["to", "last"])
                || self.eat_seq(&["from", "last"])
                || self.eat_seq(&["from", "the", "end"])
            {
                Some(SentenceRef::End(n))
            } else {
                Some(SentenceRef::Start(n))
            }
        } else if self.word() == Some("sentence") {
            if let Some(n) = self.word_at(1).and_then(ordinal_word) {
                self.pos += 2;
                return Some(SentenceRef::Start(n));
            }
            None
        } else {
            None
        };
        if r.is_some() && self.eat("sentence") {
            return r;
        }
        self.pos = save;
        None
    }

    /// ", which reads '…'," after a sentence.
    pub(super) fn which_reads(&mut self) -> R<Option<String>> {
        let save = self.pos;
        self.eat_punct(',');
        self.eat_punct('(');
        if self.eat_any(&["which", "that"]) && self.eat_any(&["reads", "says", "states"])
            || self.eat("reading")
        {
            self.eat_punct(':');
            let q = self.quote()?;
            self.eat_punct(')');
            self.eat_punct(',');
            return Ok(Some(q));
        }
        self.pos = save;
        Ok(None)
    }

    /// A reference to the whole clause being amended: "these words", "the sub-clause", "it".
    /// Returns the noun, if one was used.
    pub(super) fn whole_unit(&mut self) -> Option<Option<NodeKind>> {
        let save = self.pos;
        if self.eat_seq(&["these", "words"])
            || self.eat_seq(&["this", "text"])
            || self.eat_seq(&["this", "wording"])
        {
            return Some(None);
        }
        if self.eat_any(&["the", "this"]) {
            self.eat_any(&["whole", "entire", "existing", "current"]);
            // "the whole of the sub-clause", "the text of this clause".
            let of = self.pos;
            if self.eat("of") || self.eat_any(&["text", "wording"]) && self.eat("of") {
                if self.eat_any(&["the", "this"])
                    && let Some(kind) = self.word().and_then(noun_word)
                    && !self.toks.get(self.pos + 1).is_some_and(|t| {
                        t.kind == Kind::Word && is_label(&self.text[t.span.clone()])
                    })
                {
                    self.pos += 1;
                    let _ =
                        self.eat_seq(&["in", "full"]) || self.eat_seq(&["in", "its", "entirety"]);
                    return Some(Some(kind));
                }
                self.pos = of;
            }
            if self.eat_any(&["text", "wording", "rule"]) {
                let _ = self.eat_seq(&["in", "full"]) || self.eat_seq(&["in", "its", "entirety"]);
                return Some(None);
            }
            if let Some(kind) = self.word().and_then(noun_word) {
                self.pos += 1;
                // "the sub-clause 5.F" names a node, not this one.
                if self
                    .tok()
                    .is_some_and(|t| t.kind == Kind::Word && is_label(&self.text[t.span.clone()]))
                {
                    self.pos = save;
                    return None;
                }
                let _ = self.eat_seq(&["in", "full"]) || self.eat_seq(&["in", "its", "entirety"]);
                return Some(Some(kind));
            }
        }
        self.pos = save;
        None
    }

    /// A node label as written: "5.F", "7", "(B)".
    pub(super) fn label(&mut self) -> Option<String> {
        let save = self.pos;
        let paren = self.eat_punct('(');
        let t = self.tok().cloned()?;
        if t.kind == Kind::Word {
            let raw = self.raw(&t);
            if is_label(&raw) {
                self.pos += 1;
                if paren && !self.eat_punct(')') {
                    self.pos = save;
                    return None;
                }
                return Some(raw);
            }
        }
        self.pos = save;
        None
    }

    /// "and replace with", ", insert", "and substitute by the words", "replacing with": the
    /// link between a deletion and its replacement. Returns whether a colon followed.
    pub(super) fn replacement_link(&mut self) -> Option<bool> {
        let save = self.pos;
        self.skip_line_ref();
        self.eat_punct(',');
        self.eat("and");
        if !self.eat_any(&[
            "replace",
            "insert",
            "substitute",
            "add",
            "replacing",
            "inserting",
            "substituting",
            "put",
        ]) {
            self.pos = save;
            return None;
        }
        let _ = self.eat_seq(&["in", "its", "place"]) || self.eat_seq(&["in", "their", "place"]);
        self.eat_any(&["them", "it", "this", "these", "in"]);
        self.eat_any(&["with", "by"]);
        self.skip_fillers();
        Some(self.eat_punct(':'))
    }

    pub(super) fn with_by(&mut self) -> R<bool> {
        self.eat_punct(',');
        if !self.eat_any(&["with", "by"]) {
            return Err(self.unrecognised());
        }
        self.skip_fillers();
        Ok(self.eat_punct(':'))
    }

    /// "in the third sentence" after an instruction's quotation.
    pub(super) fn trailing_within(&mut self) -> Option<Within> {
        let save = self.pos;
        self.eat_punct(',');
        if self.eat("in")
            && let Some(sentence) = self.sentence_ref()
        {
            return Some(Within {
                sentence,
                edge: None,
            });
        }
        self.pos = save;
        None
    }
}
