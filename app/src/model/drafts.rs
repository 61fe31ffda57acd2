//! DTOs for drafting rule changes.

use serde::{Deserialize, Serialize};

use crate::domain::diff::DiffSpan;
use crate::domain::wording::Problem;

/// What an edit does to its clause node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    /// The clause's text is changed.
    #[default]
    Text,
    /// A new node of the same kind is added straight after this one.
    InsertAfter,
    /// The node is deleted, with everything under it.
    Delete,
}

impl EditKind {
    /// Stable name, as stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Text => "text",
            EditKind::InsertAfter => "insert_after",
            EditKind::Delete => "delete",
        }
    }

    /// The kind stored as `name`.
    pub fn from_str_name(name: &str) -> Option<Self> {
        [EditKind::Text, EditKind::InsertAfter, EditKind::Delete]
            .into_iter()
            .find(|k| k.as_str() == name)
    }

    /// Whether the edit changes the rule tree (and so the numbering).
    pub fn is_structural(self) -> bool {
        self != EditKind::Text
    }
}

/// One clause's edit inside a draft, with everything the editor shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftEdit {
    /// The edit's id.
    pub id: i32,
    /// Text edit, new node after this one, or deletion.
    pub kind: EditKind,
    /// For a new node: its key and its label as the wording writes it (`2.I.4.B`, `4.B`).
    pub new_node: Option<(String, String)>,
    /// Stable identity of the clause.
    pub node_id: i32,
    /// Key of the clause in the draft's edition (`2.I.4.B`).
    pub key: String,
    /// Its place in Rule Book order (document position in the draft's edition).
    pub position: i32,
    /// Canonical citation ("Chapter 2, Clause I.4.B").
    pub citation: String,
    /// The clause text the edit was written against (for a new node: empty).
    pub base_text: String,
    /// The clause text as the rule change would have it (for a new node: its text; for a
    /// deletion: empty).
    pub edited_text: String,
    /// The formal wording, generated from base and edited text.
    pub wording: String,
    /// Word diff from base to edited text.
    pub diff: Vec<DiffSpan>,
    /// The newest edition's text of the clause, when it differs from `base_text` (stale).
    pub current_text: Option<String>,
    /// The newest edition's year, when the edit is stale.
    pub current_year: Option<i32>,
}

impl DraftEdit {
    /// A heading for the edit: the clause, or the rule added or deleted.
    pub fn heading(&self) -> String {
        match (self.kind, &self.new_node) {
            (EditKind::InsertAfter, Some((_, label))) => {
                format!("New rule {label} after {}", self.citation)
            }
            (EditKind::InsertAfter, None) => format!("New rule after {}", self.citation),
            (EditKind::Delete, _) => format!("Delete {}", self.citation),
            (EditKind::Text, _) => self.citation.clone(),
        }
    }

    /// Whether a newer edition changed the clause underneath this edit.
    pub fn is_stale(&self) -> bool {
        self.current_text.is_some()
    }
}

/// A draft rule change as its authors see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    /// The rule change's id.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// The supporting argument (not rule text).
    pub supporting_argument: String,
    /// A one-line summary in plain language, for the reading pack.
    pub summary: String,
    /// The conference it is for.
    pub conference_year: i32,
    /// The edition it amends.
    pub edition_year: i32,
    /// `draft`, …
    pub status: String,
    /// The optimistic lock: send it back with the next save.
    pub revision: i32,
    /// One entry per amended clause, in Rule Book order.
    pub edits: Vec<DraftEdit>,
    /// The whole rule change's formal wording, clause by clause.
    pub wording: String,
    /// The package it belongs to, if any.
    pub package_id: Option<i32>,
    /// The proposing organisation (a CLP, an affiliate or the NEC), if chosen.
    pub proposer_org_id: Option<i32>,
    /// Its authors' names, the owner first.
    pub authors: Vec<String>,
    /// Citations elsewhere in the Rule Book that the structural edits renumber, and how.
    pub consequentials: Vec<ConsequentialView>,
    /// Citation-like text the structural edits affect that must be amended by hand.
    pub unresolved_references: Vec<UnresolvedReference>,
    /// Structural edits that cannot be made as they stand (each says why).
    pub structure_problems: Vec<String>,
}

/// A consequential amendment: a rule that cites a renumbered rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsequentialView {
    /// Key of the citing rule in the draft's edition.
    pub key: String,
    /// Its citation.
    pub citation: String,
    /// Each reference as written and as it must read (`sub-clause 4.D below` → `… 4.E below`).
    pub replacements: Vec<(String, String)>,
    /// The formal wording of the amendment.
    pub wording: String,
}

/// A reference the structural edits affect that could not be amended automatically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnresolvedReference {
    /// Key of the citing rule.
    pub key: String,
    /// Its citation.
    pub citation: String,
    /// The reference as written.
    pub text: String,
    /// Why it needs a person.
    pub reason: String,
}

/// The outcome of a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    /// Saved; the draft's new revision.
    Saved {
        /// Send this with the next save.
        revision: i32,
    },
    /// Someone else saved first: nothing was written; here is what they saved.
    Conflict {
        /// The draft as it now stands on the server.
        current: Box<DraftView>,
    },
}

/// What re-applying an edit to the newest edition did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebaseOutcome {
    /// True when every instruction applied and the edit now amends the newest text.
    pub rebased: bool,
    /// The text the edit would give on the newest edition.
    pub result: String,
    /// Instructions that no longer apply, with reasons; nothing was changed when not empty.
    pub problems: Vec<Problem>,
    /// The draft's revision after the rebase.
    pub revision: i32,
}

/// A draft in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    /// Its id.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// The conference it is for.
    pub conference_year: i32,
    /// `draft`, …
    pub status: String,
    /// How many clauses it amends.
    pub edits: u64,
}

/// One clause opened for editing inside a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseForEdit {
    /// Key in the draft's edition.
    pub key: String,
    /// Canonical citation.
    pub citation: String,
    /// The clause text the edit is written against.
    pub base_text: String,
    /// The draft's text for the clause (the base text when not yet edited).
    pub edited_text: String,
    /// The draft's revision, for the next save.
    pub revision: i32,
    /// What the wording calls a rule of this kind ("sub-clause").
    pub noun: String,
    /// Whether a rule can be added after this one or it can be deleted (not a chapter or an
    /// appendix).
    pub can_restructure: bool,
}

/// A package in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSummary {
    /// Its id.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// How many rule changes it groups.
    pub rule_changes: u64,
}

/// A package with every rule change in it: the combined preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageView {
    /// Its id.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// What the package does, in a few sentences.
    pub summary: String,
    /// Its rule changes, each with edits, wording and diffs.
    pub rule_changes: Vec<DraftView>,
}
