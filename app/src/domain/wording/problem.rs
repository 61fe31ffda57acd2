//! Problems: everything that stops wording from being applied unambiguously, each with a
//! machine-readable kind and a message a CLP secretary can act on.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What is wrong. The `Display` text is the human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// Quoted words are nowhere in the rule, and nothing close is.
    #[error("The words ‘{quoted}’ do not appear in the rule.")]
    AnchorNotFound {
        /// The words as quoted.
        quoted: String,
    },
    /// Quoted words appear more than once, so it is unclear which is meant.
    #[error(
        "The words ‘{quoted}’ appear {count} times in the rule; quote more of the text around the one you mean."
    )]
    AnchorAmbiguous {
        /// The words as quoted.
        quoted: String,
        /// How often they appear.
        count: usize,
    },
    /// Quoted words are not in the rule, but something close is.
    #[error("The words ‘{quoted}’ do not appear in the rule; the closest text is ‘{closest}’.")]
    QuotedTextDiffers {
        /// The words as quoted.
        quoted: String,
        /// The closest text in the rule.
        closest: String,
    },
    /// The quoted words are in the rule, but not where the wording says.
    #[error("The words ‘{quoted}’ are not {place}{elsewhere}.")]
    NotWhereStated {
        /// The words as quoted.
        quoted: String,
        /// Where the wording says they are ("at the start of the last sentence").
        place: String,
        /// Where they are instead, as a clause starting with "; ", or empty.
        elsewhere: String,
    },
    /// A sentence is named by position but the rule has fewer sentences.
    #[error("The rule has {count} sentence(s), so there is no {requested}.")]
    SentenceOutOfRange {
        /// The sentence asked for ("fifth sentence").
        requested: String,
        /// How many sentences the rule has.
        count: usize,
    },
    /// A quotation mark is not closed (or not opened), so the quoted words are unclear.
    #[error(
        "A quotation mark near ‘{near}’ is not closed, so it is unclear where the quoted words end."
    )]
    UnbalancedQuotes {
        /// The text around the stray quotation mark.
        near: String,
    },
    /// Part of the wording is not an instruction this tool knows.
    #[error("‘{text}’ is not a rule-change instruction this tool understands.")]
    Unrecognised {
        /// The text that was not understood.
        text: String,
    },
    /// Two instructions change the same words.
    #[error("This instruction changes the same words as instruction {other}.")]
    Overlapping {
        /// The 1-based number of the other instruction.
        other: usize,
    },
    /// A quotation is empty.
    #[error("An instruction quotes no words.")]
    EmptyQuote,
    /// The label of a new node does not follow the label it is placed after.
    #[error("A new {noun} placed after {after} would be numbered {expected}, not {label}.")]
    LabelSequence {
        /// The noun used ("sub-clause").
        noun: String,
        /// The sibling it follows.
        after: String,
        /// The label it would get.
        expected: String,
        /// The label the wording gives.
        label: String,
    },
    /// The wording has more instructions than are read.
    #[error("The wording has more than {limit} instructions; only the first {limit} were read.")]
    TooManyInstructions {
        /// How many instructions are read.
        limit: usize,
    },
    /// An ordinal names an occurrence that is not there.
    #[error(
        "The words ‘{quoted}’ appear {count} time(s) in {region}, so there is no {requested} occurrence."
    )]
    OccurrenceOutOfRange {
        /// The words as quoted.
        quoted: String,
        /// The occurrence asked for ("second").
        requested: String,
        /// How often they appear.
        count: usize,
        /// Where they were counted ("the rule", "the third sentence").
        region: String,
    },
    /// The wording says how many times words appear ("in both places"), and it is wrong.
    #[error(
        "The wording says ‘{quoted}’ appears {expected} times, but it appears {count} time(s)."
    )]
    OccurrenceCount {
        /// The words as quoted.
        quoted: String,
        /// How many times the wording says.
        expected: usize,
        /// How many times they appear.
        count: usize,
    },
    /// "Delete all words after ‘X’" where the end of the sentence is not the end of the rule.
    #[error(
        "It is unclear whether the words after ‘{quoted}’ are deleted to the end of the sentence or to the end of the rule; say which."
    )]
    RangeEndUnclear {
        /// The words the range follows.
        quoted: String,
    },
    /// The end of a range is not found after its start.
    #[error("The words ‘{to}’ do not appear after ‘{from}’{place}.")]
    RangeEndNotFound {
        /// Where the range starts.
        from: String,
        /// Where it should end.
        to: String,
        /// " in that sentence", or empty.
        place: String,
    },
    /// A line reference was given to choose between occurrences; the printed page's lines are
    /// not known, so it cannot be used.
    #[error(
        "The words ‘{quoted}’ appear {count} times in the rule; the reference to {line} is to a printed page this tool cannot see, so quote more of the text around the one you mean."
    )]
    LineReference {
        /// The words as quoted.
        quoted: String,
        /// The reference as written ("line 3").
        line: String,
        /// How often the words appear.
        count: usize,
    },
    /// Inserted text carries something that is not rule text: quotation marks, a list number,
    /// the instruction's own words.
    #[error("The text to insert, ‘{text}’, {what}; quote only the words that go into the rule.")]
    NotRuleText {
        /// The text as read.
        text: String,
        /// What is wrong with it ("is itself wrapped in quotation marks").
        what: String,
    },
    /// The check after applying found a change no instruction explains, or an instruction whose
    /// effect is not in the result. The result is not used as the rule change's text.
    #[error("The result {what} ‘{text}’, which the instructions do not explain.")]
    Unexplained {
        /// The text concerned.
        text: String,
        /// What happened to it ("changes", "does not contain").
        what: String,
    },
    /// No instruction was found at all.
    #[error("No rule-change instruction was found in the wording.")]
    NoInstructions,
}

/// One problem, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// 0-based index of the instruction it concerns, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction: Option<usize>,
    /// 1-based line of the wording it concerns, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The human message (the same as `Display`), for clients that only show text.
    pub message: String,
}

impl Problem {
    /// A problem of `kind`, about instruction `instruction` on line `line`.
    pub fn new(kind: ProblemKind, instruction: Option<usize>, line: Option<usize>) -> Self {
        let message = kind.to_string();
        Problem {
            kind,
            instruction,
            line,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.instruction, self.line) {
            (Some(i), Some(l)) => write!(f, "Instruction {} (line {l}): {}", i + 1, self.message),
            (Some(i), None) => write!(f, "Instruction {}: {}", i + 1, self.message),
            (None, Some(l)) => write!(f, "Line {l}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_reads_as_in_the_brief() {
        let p = Problem::new(
            ProblemKind::QuotedTextDiffers {
                quoted: "two months".into(),
                closest: "three months".into(),
            },
            Some(0),
            Some(2),
        );
        assert_eq!(
            p.to_string(),
            "Instruction 1 (line 2): The words ‘two months’ do not appear in the rule; the closest text is ‘three months’."
        );
    }
}
