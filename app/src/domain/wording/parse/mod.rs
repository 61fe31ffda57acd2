//! Reading wording as CLPs write it into [`Instruction`]s.
//!
//! The wording is cut into tokens (words, quotations, punctuation, line breaks; see
//! [`super::quotes`] for where a quotation ends) and read instruction by instruction. Anything
//! before the first instruction on a line (a citation, a list number "2.", "(b)") is skipped;
//! anything after a heading such as "Supporting argument" is not part of the instructions.
//! Line references ("(line 2)", "on line 3") are ignored: they refer to a printed page.
//! Words that are not understood, and quotations that are not closed, become problems; the
//! rest of the wording is still read.

mod cursor;
mod forms;
mod lex;
mod scope;

use super::model::Instruction;
use super::problem::{Problem, ProblemKind};
use lex::{Kind, Tok, lex};

/// Instructions read from wording, with the problems met on the way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub struct Parsed {
    /// The instructions understood, in order.
    pub instructions: Vec<Instruction>,
    /// For each instruction, the 1-based line of the wording it starts on.
    pub lines: Vec<usize>,
    /// Everything not understood.
    pub problems: Vec<Problem>,
    /// For each instruction, the line reference it gave ("line 3"), if any. Line numbers of
    /// the printed page are not known, so these are only used to explain an ambiguity.
    #[serde(default)]
    pub line_refs: Vec<Option<String>>,
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
    "amend",
];

/// Verbs of editing that this tool does not read as instructions; a line using one is reported.
const EDIT_VERBS: &[&str] = &[
    "strike", "amend", "alter", "swap", "reword", "cut", "remove", "omit", "rewrite", "modify",
];

/// Reads `wording` into instructions.
pub fn parse(wording: &str) -> Parsed {
    let toks = lex(wording);
    let mut p = Parser {
        text: wording,
        toks,
        pos: 0,
        trailing: Vec::new(),
        line_ref: None,
        nested: false,
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
                p.line_ref = None;
                match p.instruction() {
                    Ok(list) => {
                        for ins in list {
                            out.instructions.push(ins);
                            out.lines.push(line);
                            out.line_refs.push(p.line_ref.clone());
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

pub(super) struct Parser<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    pos: usize,
    /// Problems met after an instruction, on its line.
    trailing: Vec<Problem>,
    /// The line reference met in the current instruction.
    line_ref: Option<String>,
    /// Whether this parser only checks whether some wording reads as an instruction.
    nested: bool,
}

type R<T> = Result<T, ProblemKind>;
