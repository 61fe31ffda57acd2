//! Instructions as data: what one formal edit inside a rule change says, independent of how it
//! was worded. Everything here is serde, so instructions can be stored, compared and rendered.

use serde::{Deserialize, Serialize};

use crate::domain::numbering::NodeKind;

/// Which sentence of a clause an instruction refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", content = "n", rename_all = "snake_case")]
pub enum SentenceRef {
    /// Counting from the start, 1-based: `Start(5)` is "the fifth sentence".
    Start(u32),
    /// Counting from the end, 1-based: `End(1)` is "the last sentence", `End(2)` "the
    /// penultimate sentence".
    End(u32),
}

impl SentenceRef {
    /// "The last sentence".
    pub const LAST: SentenceRef = SentenceRef::End(1);

    /// The 0-based index of this sentence among `count` sentences, if there is such a sentence.
    pub fn index(self, count: usize) -> Option<usize> {
        match self {
            SentenceRef::Start(n) => {
                let n = n as usize;
                (n >= 1 && n <= count).then(|| n - 1)
            }
            SentenceRef::End(n) => {
                let n = n as usize;
                (n >= 1 && n <= count).then(|| count - n)
            }
        }
    }
}

/// The start or the end of a unit of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edge {
    /// "At the start of …"
    Start,
    /// "At the end of …"
    End,
}

/// Narrows where quoted words are looked for: "in the third sentence", "at the start of the last
/// sentence".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Within {
    /// The sentence searched.
    pub sentence: SentenceRef,
    /// When set, the words must begin (or end) that sentence.
    pub edge: Option<Edge>,
}

/// Which occurrence of quoted words an instruction means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Occurrence {
    /// The only one (the default): finding more than one is a problem.
    #[default]
    Only,
    /// The n-th, 1-based, counting from the start of the region searched: "the second ‘and’",
    /// "the first occurrence of ‘the NEC’".
    Nth(u32),
    /// Every one, however many: "throughout", "wherever it appears".
    Every,
    /// Every one, and the wording says how many there are: "in both places" is `Each(2)`.
    Each(u32),
}

impl Occurrence {
    /// Whether this is the default, [`Occurrence::Only`].
    pub fn is_only(&self) -> bool {
        *self == Occurrence::Only
    }
}

/// Where a range of deleted words ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeEnd {
    /// Through these words, which are deleted too: "to ‘Y’ (inclusive)".
    Through(String),
    /// Through the end of the sentence the range starts in (its closing full stop is kept).
    EndOfSentence,
    /// Through the end of the clause's text.
    EndOfText,
    /// Not said ("delete all words after ‘X’"): the end of the text, which must also be the end
    /// of the sentence, or the wording is ambiguous.
    Unstated,
}

/// One formal edit of one clause.
///
/// Text edits (`Delete` … `DeleteSentence`, `ReplaceAll`) apply to the clause's text. Structural
/// edits (`InsertNode`, `DeleteNode`, `ReplaceNodes`, `Renumber`) change the rule tree and are
/// reported by [`super::apply`] rather than applied to one clause's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Instruction {
    /// `delete "…"`
    Delete {
        /// The words deleted, as quoted.
        text: String,
        /// Where to look for them, if the wording says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<Within>,
        /// Which occurrence is meant.
        #[serde(default, skip_serializing_if = "Occurrence::is_only")]
        which: Occurrence,
    },
    /// `delete "…" and insert "…"`, `replace the words "…" with the words "…"`
    Replace {
        /// The words deleted, as quoted.
        old: String,
        /// The words put in their place.
        new: String,
        /// Where to look for them, if the wording says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<Within>,
        /// Which occurrence is meant.
        #[serde(default, skip_serializing_if = "Occurrence::is_only")]
        which: Occurrence,
    },
    /// `after "…" insert "…"`
    InsertAfter {
        /// The words after which the text goes.
        anchor: String,
        /// The text inserted.
        text: String,
        /// Where to look for the anchor, if the wording says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<Within>,
        /// Which occurrence is meant.
        #[serde(default, skip_serializing_if = "Occurrence::is_only")]
        which: Occurrence,
    },
    /// `before "…" insert "…"`
    InsertBefore {
        /// The words before which the text goes.
        anchor: String,
        /// The text inserted.
        text: String,
        /// Where to look for the anchor, if the wording says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<Within>,
        /// Which occurrence is meant.
        #[serde(default, skip_serializing_if = "Occurrence::is_only")]
        which: Occurrence,
    },
    /// `add at start: "…"`
    AddAtStart {
        /// The text added.
        text: String,
    },
    /// `add at end: "…"`, or as a new paragraph.
    AddAtEnd {
        /// The text added.
        text: String,
        /// Whether the text starts a new paragraph (a line break) rather than continuing the
        /// last one (a space).
        #[serde(default)]
        new_paragraph: bool,
    },
    /// `at the end of the third sentence add "…"`: goes before the sentence's closing full stop.
    AddToSentence {
        /// The sentence added to.
        sentence: SentenceRef,
        /// Its start or its end.
        edge: Edge,
        /// The text added.
        text: String,
    },
    /// `replace the fifth sentence, which reads "…", with: "…"`
    ReplaceSentence {
        /// The sentence replaced.
        sentence: SentenceRef,
        /// What the wording says the sentence reads, checked against the rule.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reads: Option<String>,
        /// The new sentence.
        text: String,
    },
    /// `delete the fifth sentence, which reads "…"`
    DeleteSentence {
        /// The sentence deleted.
        sentence: SentenceRef,
        /// What the wording says the sentence reads, checked against the rule.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reads: Option<String>,
    },
    /// `delete from "X" to "Y" (inclusive)`, `delete the words from "X" to the end of the
    /// sentence`, `delete all words after "X"`, each optionally `and insert "…"`.
    DeleteRange {
        /// The words the range starts with (or, when not `from_included`, follows).
        from: String,
        /// Whether `from` is deleted too ("from ‘X’") or kept ("after ‘X’").
        from_included: bool,
        /// Where the range ends.
        to: RangeEnd,
        /// The words put in its place, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new: Option<String>,
        /// Where to look for `from`, if the wording says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<Within>,
    },
    /// `after the first sentence insert "…"`, `before the second sentence insert "…"`: a new
    /// sentence between sentences.
    InsertSentence {
        /// The sentence it goes next to.
        sentence: SentenceRef,
        /// `End`: after that sentence; `Start`: before it.
        edge: Edge,
        /// The text inserted.
        text: String,
    },
    /// `delete the sub-clause and replace with: "…"`, `delete these words and replace them
    /// with: …` — the clause's whole text is replaced.
    ReplaceAll {
        /// The unit named ("sub-clause"), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        noun: Option<NodeKind>,
        /// The new text.
        text: String,
    },
    /// `add a new sub-clause 5.F after sub-clause 5.E: "…"` (structural).
    InsertNode {
        /// The kind of node, if named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        noun: Option<NodeKind>,
        /// The new node's label as written ("5.F", "7").
        label: String,
        /// The sibling it follows, as written, if named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        /// Its text, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// `delete sub-clause 5.F` (structural). Without a label ("delete the sub-clause") it
    /// means the clause amended: its text is emptied as well as the node reported.
    DeleteNode {
        /// The kind of node, if named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        noun: Option<NodeKind>,
        /// The node's label as written; `None` for "delete this sub-clause".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// `replace sections 5 and 6 with the following: "…"` (structural).
    ReplaceNodes {
        /// The kind of node, if named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        noun: Option<NodeKind>,
        /// The labels replaced, as written.
        labels: Vec<String>,
        /// The replacement text.
        text: String,
    },
    /// `renumber existing section 7 accordingly`, `renumber accordingly` (structural).
    Renumber {
        /// The kind of node, if named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        noun: Option<NodeKind>,
        /// The first label renumbered, if named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
}

impl Instruction {
    /// Whether this instruction changes the rule tree rather than one clause's text.
    pub fn is_structural(&self) -> bool {
        matches!(
            self,
            Instruction::InsertNode { .. }
                | Instruction::DeleteNode { .. }
                | Instruction::ReplaceNodes { .. }
                | Instruction::Renumber { .. }
        )
    }
}

/// A structural change found while applying wording: data for the caller, who holds the rule
/// tree, to carry out or check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StructuralChange {
    /// Index of the instruction it came from.
    pub instruction: usize,
    /// The instruction itself (one of the structural variants).
    pub change: Instruction,
    /// For a new node: the label that would follow its predecessor (`5.F` after `5.E`), when it
    /// can be worked out; compare with the label the wording gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_label: Option<String>,
}
