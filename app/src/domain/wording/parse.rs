//! Reading wording as CLPs write it into [`Instruction`]s.
//!
//! The wording is cut into tokens (words, quotations, punctuation, line breaks; see
//! [`super::quotes`] for where a quotation ends) and read instruction by instruction. Anything
//! before the first instruction on a line (a citation, a list number "2.", "(b)") is skipped;
//! anything after a heading such as "Supporting argument" is not part of the instructions.
//! Line references ("(line 2)", "on line 3") are ignored: they refer to a printed page.
//! Words that are not understood, and quotations that are not closed, become problems; the
//! rest of the wording is still read.

use std::ops::Range;

use super::model::{Edge, Instruction, SentenceRef, Within};
use super::problem::{Problem, ProblemKind};
use super::quotes;
use crate::domain::numbering::{LabelStyle, NodeKind};

/// Instructions read from wording, with the problems met on the way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub struct Parsed {
    /// The instructions understood, in order.
    pub instructions: Vec<Instruction>,
    /// For each instruction, the 1-based line of the wording it starts on.
    pub lines: Vec<usize>,
    /// Everything not understood.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Word,
    Quote { closed: bool },
    Punct(char),
    Newline,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    /// For a quotation: the quoted words; otherwise the token itself.
    span: Range<usize>,
    /// The whole token including quotation marks.
    outer: Range<usize>,
    line: usize,
    lower: String,
}

/// The most instructions read from one wording (real rule changes have a handful); bounds the
/// work of applying wording sent to a public endpoint.
pub const MAX_PARSED_INSTRUCTIONS: usize = 200;

/// Headings after which the text is argument, not instructions.
const ARGUMENT_HEADINGS: &[&str] = &[
    "supporting",
    "reason",
    "reasons",
    "rationale",
    "explanation",
    "argument",
    "justification",
    "background",
];

/// Words that begin an instruction.
const STARTS: &[&str] = &[
    "delete",
    "remove",
    "omit",
    "replace",
    "substitute",
    "after",
    "before",
    "add",
    "insert",
    "at",
    "in",
    "renumber",
];

/// Verbs of editing that this tool does not read as instructions; a line using one is reported.
const EDIT_VERBS: &[&str] = &[
    "strike", "amend", "alter", "swap", "reword", "cut", "remove", "omit", "rewrite", "modify",
];

fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '-' | '‑' | '/' | '\'' | '’' | '_')
}

fn lex(text: &str) -> Vec<Tok> {
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

/// Reads `wording` into instructions.
pub fn parse(wording: &str) -> Parsed {
    let toks = lex(wording);
    let mut p = Parser {
        text: wording,
        toks,
        pos: 0,
        trailing: Vec::new(),
    };
    let mut out = Parsed::default();
    while p.pos < p.toks.len() {
        if out.instructions.len() >= MAX_PARSED_INSTRUCTIONS {
            let limit = MAX_PARSED_INSTRUCTIONS;
            let line = p.toks[p.pos].line;
            out.problems.push(Problem::new(
                ProblemKind::TooManyInstructions { limit },
                None,
                Some(line),
            ));
            break;
        }
        let tok = &p.toks[p.pos];
        let line = tok.line;
        match &tok.kind {
            Kind::Newline => {
                p.pos += 1;
            }
            Kind::Punct(_) => {
                p.pos += 1;
            }
            Kind::Word if matches!(tok.lower.as_str(), "and" | "then" | "also") => {
                p.pos += 1;
            }
            Kind::Word if STARTS.contains(&tok.lower.as_str()) => {
                let start = p.pos;
                match p.instruction() {
                    Ok(list) => {
                        for ins in list {
                            out.instructions.push(ins);
                            out.lines.push(line);
                        }
                        // What follows an instruction on its line must be another one.
                        p.expect_separator();
                    }
                    Err(kind) => {
                        out.problems.push(Problem::new(kind, None, Some(line)));
                        p.pos = start;
                        p.skip_line();
                    }
                }
            }
            _ => {
                // Text before an instruction on the same line (a citation, a list number) is
                // skipped; a line of other text after the first instruction is reported.
                let has_start = p.line_has_start();
                if has_start {
                    p.skip_to_start();
                } else if out.instructions.is_empty()
                    && !p.line_has_quote()
                    && !p.line_has_edit_verb()
                {
                    p.skip_line();
                } else {
                    let text = p.line_text();
                    out.problems.push(Problem::new(
                        ProblemKind::Unrecognised { text },
                        None,
                        Some(line),
                    ));
                    p.skip_line();
                }
            }
        }
    }
    // Reports collected by `expect_separator`.
    out.problems.append(&mut p.trailing);
    out.problems.sort_by_key(|p| p.line);
    if out.instructions.is_empty() && out.problems.is_empty() {
        out.problems
            .push(Problem::new(ProblemKind::NoInstructions, None, None));
    }
    out
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    pos: usize,
    /// Problems met after an instruction, on its line.
    trailing: Vec<Problem>,
}

type R<T> = Result<T, ProblemKind>;

/// The ordinal meant by a word ("fifth", "5th", "5").
fn ordinal_word(w: &str) -> Option<u32> {
    const WORDS: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(i) = WORDS.iter().position(|x| *x == w) {
        return u32::try_from(i + 1).ok();
    }
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    let suffix = &w[digits.len()..];
    if !digits.is_empty() && digits.len() <= 4 && matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return digits.parse().ok().filter(|n| *n > 0);
    }
    None
}

fn noun_word(w: &str) -> Option<NodeKind> {
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
fn is_label(raw: &str) -> bool {
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
    fn tok(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn word(&self) -> Option<&str> {
        self.tok()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
    }

    fn word_at(&self, k: usize) -> Option<&str> {
        self.toks
            .get(self.pos + k)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
    }

    fn eat(&mut self, w: &str) -> bool {
        if self.word() == Some(w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_any(&mut self, ws: &[&str]) -> bool {
        if self.word().is_some_and(|x| ws.contains(&x)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Eats the words `ws` in sequence, or nothing.
    fn eat_seq(&mut self, ws: &[&str]) -> bool {
        let ok = ws
            .iter()
            .enumerate()
            .all(|(k, w)| self.word_at(k) == Some(*w));
        if ok {
            self.pos += ws.len();
        }
        ok
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.tok().is_some_and(|t| t.kind == Kind::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn at_quote(&self) -> bool {
        self.tok()
            .is_some_and(|t| matches!(t.kind, Kind::Quote { .. }))
    }

    fn at_line_end(&self) -> bool {
        self.tok().is_none_or(|t| t.kind == Kind::Newline)
    }

    fn raw(&self, t: &Tok) -> String {
        self.text[t.span.clone()].to_owned()
    }

    /// A quotation, or a problem if it is not closed.
    fn quote(&mut self) -> R<String> {
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

    /// The text of a replacement: a quotation, or (after a colon or at the end of a line) the
    /// unquoted rest of the wording.
    fn text_arg(&mut self, after_colon: bool) -> R<String> {
        if self.at_quote() {
            return self.quote();
        }
        if after_colon || self.at_line_end() {
            while self.tok().is_some_and(|t| t.kind == Kind::Newline) {
                self.pos += 1;
            }
            let Some(first) = self.tok() else {
                return Err(ProblemKind::EmptyQuote);
            };
            let start = first.outer.start;
            let end = self.toks.last().map_or(start, |t| t.outer.end);
            self.pos = self.toks.len();
            let text = self.text[start..end].trim().to_owned();
            if text.is_empty() {
                return Err(ProblemKind::EmptyQuote);
            }
            return Ok(text);
        }
        Err(self.unrecognised())
    }

    /// The rest of the current line, for a message.
    fn line_text(&self) -> String {
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

    fn unrecognised(&self) -> ProblemKind {
        ProblemKind::Unrecognised {
            text: self.line_text(),
        }
    }

    fn skip_line(&mut self) {
        while let Some(newline) = self.tok().map(|t| t.kind == Kind::Newline) {
            self.pos += 1;
            if newline {
                break;
            }
        }
    }

    fn line_has_start(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline && !matches!(t.kind, Kind::Quote { .. }))
            .any(|t| t.kind == Kind::Word && STARTS.contains(&t.lower.as_str()))
    }

    /// Whether the line uses a verb of editing this tool does not know ("strike out"), so that
    /// it is reported rather than skipped as a heading.
    fn line_has_edit_verb(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline)
            .any(|t| t.kind == Kind::Word && EDIT_VERBS.contains(&t.lower.as_str()))
    }

    fn line_has_quote(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline)
            .any(|t| matches!(t.kind, Kind::Quote { .. }))
    }

    fn skip_to_start(&mut self) {
        while let Some(t) = self.tok() {
            if t.kind == Kind::Word && STARTS.contains(&t.lower.as_str()) {
                break;
            }
            self.pos += 1;
        }
    }

    /// After an instruction: punctuation, "and", a line break or another instruction. Anything
    /// else on the line is reported.
    fn expect_separator(&mut self) {
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

    /// "(line 2)", "(lines 2-3)", "on line 4", "line 5": references to a printed page.
    fn skip_line_ref(&mut self) {
        loop {
            let save = self.pos;
            if self.eat_punct('(') {
                if self.eat_any(&["line", "lines", "page", "para", "paragraph", "l"]) {
                    while let Some(kind) = self.tok().map(|t| t.kind.clone()) {
                        if kind == Kind::Newline {
                            break;
                        }
                        self.pos += 1;
                        if kind == Kind::Punct(')') {
                            break;
                        }
                    }
                    continue;
                }
                self.pos = save;
                return;
            }
            self.eat_any(&["on", "in", "at"]);
            if self.eat_any(&["line", "lines"])
                && self
                    .word()
                    .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-'))
            {
                self.pos += 1;
                continue;
            }
            self.pos = save;
            return;
        }
    }

    /// Filler words between a verb and its quotation: "the words", "the following", "text".
    fn skip_fillers(&mut self) {
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
    fn sentence_ref(&mut self) -> Option<SentenceRef> {
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
    fn which_reads(&mut self) -> R<Option<String>> {
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
    fn whole_unit(&mut self) -> Option<Option<NodeKind>> {
        let save = self.pos;
        if self.eat_seq(&["these", "words"])
            || self.eat_seq(&["this", "text"])
            || self.eat_seq(&["this", "wording"])
        {
            return Some(None);
        }
        if self.eat_any(&["the", "this"]) {
            self.eat_any(&["whole", "entire", "existing", "current"]);
            if self.eat_any(&["text", "wording", "rule"]) {
                self.eat_seq(&["in", "full"]);
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
                self.eat_seq(&["in", "full"]);
                return Some(Some(kind));
            }
        }
        self.pos = save;
        None
    }

    /// A node label as written: "5.F", "7", "(B)".
    fn label(&mut self) -> Option<String> {
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
    fn replacement_link(&mut self) -> Option<bool> {
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
        self.eat_any(&["them", "it", "this", "these", "in"]);
        self.eat_any(&["with", "by"]);
        self.skip_fillers();
        Some(self.eat_punct(':'))
    }

    fn with_by(&mut self) -> R<bool> {
        self.eat_punct(',');
        if !self.eat_any(&["with", "by"]) {
            return Err(self.unrecognised());
        }
        self.skip_fillers();
        Ok(self.eat_punct(':'))
    }

    /// "in the third sentence" after an instruction's quotation.
    fn trailing_within(&mut self) -> Option<Within> {
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

    fn instruction(&mut self) -> R<Vec<Instruction>> {
        let Some(w) = self.word().map(str::to_owned) else {
            return Err(self.unrecognised());
        };
        let mut out = match w.as_str() {
            "delete" | "remove" | "omit" => self.delete(None)?,
            "replace" => self.replace(None)?,
            "substitute" => self.substitute()?,
            "after" | "before" => vec![self.anchored(None)?],
            "add" | "insert" => self.add()?,
            "at" => self.at()?,
            "in" => self.in_()?,
            "renumber" => vec![self.renumber()?],
            _ => return Err(self.unrecognised()),
        };
        if let Some(within) = self.trailing_within() {
            for ins in &mut out {
                set_within(ins, within);
            }
        }
        Ok(out)
    }

    fn delete(&mut self, within: Option<Within>) -> R<Vec<Instruction>> {
        self.pos += 1;
        self.eat_punct(':');
        self.skip_fillers();
        self.eat_punct(':');
        if self.at_quote() {
            let q = self.quote()?;
            self.skip_line_ref();
            let within = within.or_else(|| self.trailing_within());
            if let Some(colon) = self.replacement_link() {
                let new = self.text_arg(colon)?;
                return Ok(vec![Instruction::Replace {
                    old: q,
                    new,
                    within,
                }]);
            }
            return Ok(vec![Instruction::Delete { text: q, within }]);
        }
        if within.is_some() {
            return Err(self.unrecognised());
        }
        if let Some(sentence) = self.sentence_ref() {
            let reads = self.which_reads()?;
            if let Some(colon) = self.replacement_link() {
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceSentence {
                    sentence,
                    reads,
                    text,
                }]);
            }
            return Ok(vec![Instruction::DeleteSentence { sentence, reads }]);
        }
        if let Some(noun) = self.whole_unit() {
            if let Some(colon) = self.replacement_link() {
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceAll { noun, text }]);
            }
            return Ok(vec![Instruction::DeleteNode { noun, label: None }]);
        }
        let noun = self.word().and_then(noun_word);
        if noun.is_some() {
            self.pos += 1;
        }
        if let Some(label) = self.label() {
            if let Some(colon) = self.replacement_link() {
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceNodes {
                    noun,
                    labels: vec![label],
                    text,
                }]);
            }
            return Ok(vec![Instruction::DeleteNode {
                noun,
                label: Some(label),
            }]);
        }
        Err(self.unrecognised())
    }

    fn replace(&mut self, within: Option<Within>) -> R<Vec<Instruction>> {
        self.pos += 1;
        if within.is_none() {
            if let Some(sentence) = self.sentence_ref() {
                let reads = self.which_reads()?;
                let colon = self.with_by()?;
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceSentence {
                    sentence,
                    reads,
                    text,
                }]);
            }
            if let Some(noun) = self.whole_unit() {
                let colon = self.with_by()?;
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceAll { noun, text }]);
            }
            if let Some(noun) = self.word().and_then(noun_word) {
                self.pos += 1;
                let mut labels = Vec::new();
                while let Some(l) = self.label() {
                    labels.push(l);
                    if !(self.eat_punct(',') | self.eat_any(&["and", "to"]) | self.eat_punct('&')) {
                        break;
                    }
                }
                if labels.is_empty() {
                    return Err(self.unrecognised());
                }
                self.eat_punct(',');
                if !self.eat_any(&["with", "by"]) {
                    return Err(self.unrecognised());
                }
                self.skip_fillers();
                let mut extra = Vec::new();
                if self.word() == Some("and") && self.word_at(1) == Some("renumber") {
                    self.pos += 1;
                    extra.push(self.renumber()?);
                }
                let colon = self.eat_punct(':');
                let text = self.text_arg(colon)?;
                let mut out = vec![Instruction::ReplaceNodes {
                    noun: Some(noun),
                    labels,
                    text,
                }];
                out.append(&mut extra);
                return Ok(out);
            }
        }
        self.skip_fillers();
        let old = self.quote()?;
        self.skip_line_ref();
        let within = within.or_else(|| self.trailing_within());
        let colon = self.with_by()?;
        let new = self.text_arg(colon)?;
        Ok(vec![Instruction::Replace { old, new, within }])
    }

    /// "Substitute 'shall' for 'may'".
    fn substitute(&mut self) -> R<Vec<Instruction>> {
        self.pos += 1;
        self.skip_fillers();
        let new = self.quote()?;
        if !self.eat("for") {
            return Err(self.unrecognised());
        }
        self.skip_fillers();
        let old = self.quote()?;
        self.skip_line_ref();
        Ok(vec![Instruction::Replace {
            old,
            new,
            within: None,
        }])
    }

    /// "After '…' (line 2) add: '…'", "Before '…' insert '…'".
    fn anchored(&mut self, within: Option<Within>) -> R<Instruction> {
        let after = self.word() == Some("after");
        self.pos += 1;
        self.skip_fillers();
        let anchor = self.quote()?;
        self.skip_line_ref();
        let within = within.or_else(|| self.trailing_within());
        self.eat_punct(',');
        if !self.eat_any(&["add", "insert", "include", "adding", "inserting"]) {
            return Err(self.unrecognised());
        }
        self.skip_fillers();
        let colon = self.eat_punct(':');
        let text = self.text_arg(colon)?;
        Ok(if after {
            Instruction::InsertAfter {
                anchor,
                text,
                within,
            }
        } else {
            Instruction::InsertBefore {
                anchor,
                text,
                within,
            }
        })
    }

    /// "at the end", "at the start of the last sentence", "at the end of the sub-clause".
    /// Returns the edge and the sentence, if one was named.
    fn position(&mut self) -> Option<(Edge, Option<SentenceRef>)> {
        let save = self.pos;
        if !self.eat("at") {
            return None;
        }
        self.eat_any(&["the", "its"]);
        let edge = if self.eat("end") {
            Edge::End
        } else if self.eat_any(&["start", "beginning"]) {
            Edge::Start
        } else {
            self.pos = save;
            return None;
        };
        if self.eat("of") {
            if let Some(s) = self.sentence_ref() {
                return Some((edge, Some(s)));
            }
            if self.whole_unit().is_none() && !self.eat("it") {
                self.pos = save;
                return None;
            }
        }
        Some((edge, None))
    }

    /// "as a new paragraph", "in a new paragraph", "on a new line".
    fn new_paragraph(&mut self) -> bool {
        let save = self.pos;
        self.eat_punct(',');
        if self.eat_any(&["as", "in", "on"])
            && self.eat_any(&["a", "its"])
            && self.eat_any(&["new", "separate", "own"])
            && self.eat_any(&["paragraph", "line"])
        {
            return true;
        }
        self.pos = save;
        false
    }

    fn add(&mut self) -> R<Vec<Instruction>> {
        self.pos += 1;
        // "Add a new sub-clause 5.F after sub-clause 5.E: '…'", "Add a new 7".
        let save = self.pos;
        if self.eat_seq(&["a", "new"]) || self.eat("new") {
            let noun = self.word().and_then(noun_word);
            if noun.is_some() {
                self.pos += 1;
            }
            if let Some(label) = self.label() {
                let mut after = None;
                if self.eat("after") {
                    if self.word().and_then(noun_word).is_some() {
                        self.pos += 1;
                    }
                    after = self.label();
                    if after.is_none() {
                        return Err(self.unrecognised());
                    }
                }
                let mut extra = Vec::new();
                if self.word() == Some("and") && self.word_at(1) == Some("renumber") {
                    self.pos += 1;
                    extra.push(self.renumber()?);
                }
                self.eat_punct(',');
                let introduced = self.eat_seq(&["to", "read"])
                    | self.eat_seq(&["as", "follows"])
                    | self.eat_seq(&["which", "reads"])
                    | self.eat("reading");
                let colon = self.eat_punct(':');
                let text = if self.at_quote() || colon || introduced {
                    Some(self.text_arg(colon || introduced)?)
                } else {
                    None
                };
                let mut out = vec![Instruction::InsertNode {
                    noun,
                    label,
                    after,
                    text,
                }];
                out.append(&mut extra);
                return Ok(out);
            }
            self.pos = save;
        }
        self.skip_fillers();
        if let Some((edge, sentence)) = self.position() {
            let new_paragraph = self.new_paragraph();
            self.skip_fillers();
            let colon = self.eat_punct(':');
            let text = self.text_arg(colon)?;
            return Ok(vec![at_edge(edge, sentence, text, new_paragraph)]);
        }
        let colon = self.eat_punct(':');
        let text = self.text_arg(colon)?;
        self.skip_line_ref();
        self.eat_punct(',');
        let save = self.pos;
        if self.eat_any(&["after", "before"]) {
            let after = self.toks[self.pos - 1].lower == "after";
            self.skip_fillers();
            let anchor = self.quote()?;
            self.skip_line_ref();
            return Ok(vec![if after {
                Instruction::InsertAfter {
                    anchor,
                    text,
                    within: None,
                }
            } else {
                Instruction::InsertBefore {
                    anchor,
                    text,
                    within: None,
                }
            }]);
        }
        self.pos = save;
        if let Some((edge, sentence)) = self.position() {
            let new_paragraph = self.new_paragraph();
            return Ok(vec![at_edge(edge, sentence, text, new_paragraph)]);
        }
        Err(self.unrecognised())
    }

    /// "At the start of the last sentence delete '…' and replace by '…'", "At the end add '…'".
    fn at(&mut self) -> R<Vec<Instruction>> {
        let Some((edge, sentence)) = self.position() else {
            return Err(self.unrecognised());
        };
        self.eat_punct(',');
        match (self.word(), sentence) {
            (Some("delete" | "remove" | "omit"), Some(sentence)) => self.delete(Some(Within {
                sentence,
                edge: Some(edge),
            })),
            (Some("replace"), Some(sentence)) => self.replace(Some(Within {
                sentence,
                edge: Some(edge),
            })),
            (Some("add" | "insert"), _) => {
                self.pos += 1;
                let new_paragraph = self.new_paragraph();
                self.skip_fillers();
                let colon = self.eat_punct(':');
                let text = self.text_arg(colon)?;
                Ok(vec![at_edge(edge, sentence, text, new_paragraph)])
            }
            _ => Err(self.unrecognised()),
        }
    }

    /// "In the third sentence, delete …", "In line 3, after …", "In sub-clause B, …".
    fn in_(&mut self) -> R<Vec<Instruction>> {
        self.pos += 1;
        let within = if let Some(sentence) = self.sentence_ref() {
            Some(Within {
                sentence,
                edge: None,
            })
        } else {
            if self.eat_any(&["line", "lines"]) {
                self.label();
            } else {
                self.eat("the");
                if self.word().and_then(noun_word).is_none() {
                    return Err(self.unrecognised());
                }
                self.pos += 1;
                self.label();
            }
            None
        };
        self.eat_punct(',');
        match self.word() {
            Some("delete" | "remove" | "omit") => self.delete(within),
            Some("replace") => self.replace(within),
            Some("after" | "before") => Ok(vec![self.anchored(within)?]),
            Some(w) if STARTS.contains(&w) && within.is_none() => self.instruction(),
            _ => Err(self.unrecognised()),
        }
    }

    /// "renumber existing section 7 accordingly", "renumber accordingly".
    fn renumber(&mut self) -> R<Instruction> {
        self.pos += 1;
        self.eat_any(&["the", "all"]);
        self.eat_any(&[
            "existing",
            "remaining",
            "subsequent",
            "following",
            "current",
            "old",
        ]);
        let noun = self.word().and_then(noun_word);
        if noun.is_some() {
            self.pos += 1;
        }
        let from = self.label();
        if from.is_some() {
            while self.eat_any(&["and", "onwards", "onward", "subsequent", "following", "to"]) {
                self.label();
                if self.word().and_then(noun_word).is_some() {
                    self.pos += 1;
                }
            }
        }
        let _ = self.eat_any(&["accordingly", "consequentially", "consequently"])
            || self.eat_seq(&["as", "necessary"])
            || self.eat_seq(&["as", "appropriate"])
            || self.eat_seq(&["as", "required"]);
        Ok(Instruction::Renumber { noun, from })
    }
}

fn at_edge(
    edge: Edge,
    sentence: Option<SentenceRef>,
    text: String,
    new_paragraph: bool,
) -> Instruction {
    match (sentence, edge) {
        (Some(sentence), _) => Instruction::AddToSentence {
            sentence,
            edge,
            text,
        },
        (None, Edge::End) => Instruction::AddAtEnd {
            text,
            new_paragraph,
        },
        (None, Edge::Start) => Instruction::AddAtStart { text },
    }
}

fn set_within(ins: &mut Instruction, w: Within) {
    match ins {
        Instruction::Delete { within, .. }
        | Instruction::Replace { within, .. }
        | Instruction::InsertAfter { within, .. }
        | Instruction::InsertBefore { within, .. }
            if within.is_none() =>
        {
            *within = Some(w);
        }
        _ => {}
    }
}
