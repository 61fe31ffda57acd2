//! Building the next edition of the Rule Book: the rule changes chosen (carried at conference,
//! or picked for an "as it would read" view) applied, in order, to one edition.
//!
//! Every rule change is written against the edition given to [`build`]: its edits name nodes by
//! their key *in that edition*. Each node keeps a stable identity while earlier changes insert
//! and delete rules around it, so an edit to `2.I.4.E` still reaches that sub-clause after an
//! earlier change has renumbered it `2.I.4.F`.
//!
//! Within one change the text edits are made first, then its structural edits (new rules and
//! deletions), planned together on the tree as it stands and refused when they renumber the
//! same rules ([`crate::domain::structure::check_independent`]). Each structural edit renumbers
//! the following siblings with everything under them, and the citations elsewhere in the text
//! that point at a renumbered rule are rewritten in the style they are written in
//! ([`crate::domain::structure::consequentials`]); citations that cannot be rewritten (one
//! naming a deleted rule, an ambiguous one) are listed, never guessed at.
//!
//! A text edit written against words that have since changed (by an earlier change in the
//! build, or because the change was drafted against an older edition) is re-applied through
//! its formal wording: the instructions generated from `base_text → edited_text` are applied to
//! the current text. When their quoted words are no longer there, the edit is a
//! [`BuildFailure`], and, when another chosen change produced the current words, a
//! [`Conflict`] between the two. Edits that still apply are applied: the outcome is the Rule
//! Book as it would read with every applicable edit made, plus the list of those that were not.
//! A caller creating the next edition must refuse unless [`BuildOutcome::is_clean`].
//!
//! Rules where the procedure leaves a choice:
//! - Failures and conflicts name nodes by their key in the edition built on (the key the change
//!   was written with); provenance and unresolved citations by their key in the new edition.
//! - Edits apply one by one: a change with a failed edit still has its other edits made.
//! - A new rule after a rule that an earlier change already added a rule after goes after that
//!   one: the chosen order of the changes is the order of the new rules.
//! - A text edit whose result the node already reads (the same edit carried twice) is no-op.
//! - Deleting a rule that an earlier change amended is made, and reported as a [`Conflict`]
//!   (the amendment is lost) without a failure.
//! - Unresolved citations are only those the edits cause (a citation of a deleted rule, an
//!   ambiguous one that may name a renumbered rule); they do not make the build unclean, since
//!   the text then reads as conference carried it and must be tidied by hand.
//!
//! The parts: this file has the types and [`build`] with the edition being built; `text` makes
//! a change's text edits (re-applied through their wording when the words have changed) and
//! `structural` its new rules and deletions, with the renumbering and the rewritten
//! citations. The tests are in `tests`.
//!
//! ```
//! use app::domain::edition_build::{ChangeEdit, ChangeSet, build};
//! use app::domain::rulebook::parse_rulebook;
//!
//! let book = parse_rulebook(
//!     b"---\ntitle: Rule Book 2024\nyear: 2024\n---\n\n# Chapter 1. Rules\n\n#### 1.\n\nMembers pay two pounds.\n",
//! ).unwrap();
//! let change = ChangeSet {
//!     id: 12,
//!     label: "Rule change 12 (Broxtowe CLP)".into(),
//!     provenance: "Annual Conference 2025".into(),
//!     edits: vec![ChangeEdit::Text {
//!         key: "1.1".into(),
//!         base_text: "Members pay two pounds.".into(),
//!         edited_text: "Members pay three pounds.".into(),
//!     }],
//! };
//! let outcome = build(&book, &[change]);
//! assert!(outcome.is_clean());
//! assert_eq!(outcome.book.nodes[1].text, "Members pay three pounds.");
//! assert_eq!(
//!     outcome.provenance[0].note,
//!     "Words substituted by Rule change 12 (Broxtowe CLP), Annual Conference 2025"
//! );
//! ```

mod structural;
mod text;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::citation::{TreeNode, canonical};
use crate::domain::rulebook::tree::RuleBook;
use structural::Structural;

/// One rule change chosen for the build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// The rule change's id; reported back in provenance, failures and conflicts.
    pub id: i32,
    /// How the change is named to people: "Rule change 12 (Broxtowe CLP)".
    pub label: String,
    /// Where its authority comes from: "Annual Conference 2025, card vote 61.2% for". Quoted
    /// verbatim after the label in provenance notes; may be empty.
    pub provenance: String,
    /// Its edits, all against nodes of the edition built on.
    pub edits: Vec<ChangeEdit>,
}

/// One edit of a rule change, naming its node by key in the edition built on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeEdit {
    /// The clause's text as the change would have it.
    Text {
        /// The node amended (`2.I.4.B`).
        key: String,
        /// The text the change was written against.
        base_text: String,
        /// The text the change gives it.
        edited_text: String,
    },
    /// A new node of the same kind straight after `key`, with this text.
    InsertAfter {
        /// The sibling the new node follows.
        key: String,
        /// The new node's text.
        text: String,
    },
    /// The node and everything under it deleted.
    Delete {
        /// The node deleted.
        key: String,
    },
}

impl ChangeEdit {
    /// The key of the node the edit names.
    pub fn key(&self) -> &str {
        match self {
            ChangeEdit::Text { key, .. }
            | ChangeEdit::InsertAfter { key, .. }
            | ChangeEdit::Delete { key } => key,
        }
    }
}

/// Where a node of the new edition got its wording from, in the style of legislation.gov.uk
/// annotations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The node's key in the NEW edition (for a deletion: the parent of the rule deleted).
    pub key: String,
    /// The change responsible.
    pub change_id: i32,
    /// "Words substituted by Rule change 12 (Broxtowe CLP), Annual Conference 2025".
    pub note: String,
}

/// An edit that could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildFailure {
    /// The change whose edit failed.
    pub change_id: i32,
    /// The key the edit names, in the edition built on.
    pub key: String,
    /// One sentence (or two) for an admin.
    pub message: String,
}

/// Two chosen changes that touch the same node and could not both take full effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The node, by its key in the edition built on.
    pub key: String,
    /// The earlier change (applied) and the later one, in build order.
    pub change_ids: (i32, i32),
    /// What happened, for an admin.
    pub message: String,
}

/// A citation that points at a renumbered or deleted rule and could not be rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnresolvedCitation {
    /// The change whose renumbering or deletion affects the citation.
    pub change_id: i32,
    /// Key in the NEW edition of the node whose text contains the citation.
    pub key: String,
    /// The citation as written.
    pub text: String,
    /// Why it was left alone, for an admin.
    pub message: String,
}

/// Result of [`build`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildOutcome {
    /// The new edition's tree, meta copied from the edition built on (the caller sets year and
    /// title).
    pub book: RuleBook,
    /// Notes on the nodes changed, in document order of the new edition.
    pub provenance: Vec<Provenance>,
    /// Edits not made, in build order.
    pub failures: Vec<BuildFailure>,
    /// Pairs of changes that collide, in build order.
    pub conflicts: Vec<Conflict>,
    /// Citations to be amended by hand. Advisory: they do not make the build unclean, since
    /// the text reads as conference carried it.
    pub unresolved: Vec<UnresolvedCitation>,
}

impl BuildOutcome {
    /// Whether every edit of every change was made and no two changes collided: the only
    /// state in which the next edition may be written.
    pub fn is_clean(&self) -> bool {
        self.failures.is_empty() && self.conflicts.is_empty()
    }
}

/// Applies `changes`, in order, to `book`. See the module documentation.
pub fn build(book: &RuleBook, changes: &[ChangeSet]) -> BuildOutcome {
    let mut work = Work::new(book);
    for change in changes {
        work.apply_change(change);
    }
    work.finish()
}

/// A note attached to a node by stable id, resolved to a key at the end.
struct Note {
    id: usize,
    change_id: i32,
    note: String,
}

/// The edition being built. Nodes keep a stable id (original nodes: their index in the edition
/// built on; new nodes: numbered on) so that keys of the edition built on can be followed
/// through renumbering.
struct Work<'b> {
    original: &'b RuleBook,
    original_tree: Vec<TreeNode>,
    original_ids: HashMap<String, usize>,
    book: RuleBook,
    /// Stable id of the node at each position.
    ids: Vec<usize>,
    /// Position of each stable id; `None` once deleted.
    pos: Vec<Option<usize>>,
    /// For a node inserted by a change: the id of the node it was inserted after.
    anchor_of: Vec<Option<usize>>,
    deleted_by: HashMap<usize, i32>,
    amended_by: HashMap<usize, i32>,
    rewritten_by: HashMap<usize, i32>,
    notes: Vec<Note>,
    unresolved: Vec<(usize, UnresolvedCitation)>,
    failures: Vec<BuildFailure>,
    conflicts: Vec<Conflict>,
    /// Labels of the changes seen so far, for messages.
    labels: HashMap<i32, String>,
}

impl<'b> Work<'b> {
    fn new(book: &'b RuleBook) -> Self {
        let original_tree = book.tree();
        let original_ids = original_tree
            .iter()
            .enumerate()
            .map(|(i, n)| (n.key.clone(), i))
            .collect();
        let n = book.nodes.len();
        Work {
            original: book,
            original_tree,
            original_ids,
            book: book.clone(),
            ids: (0..n).collect(),
            pos: (0..n).map(Some).collect(),
            anchor_of: vec![None; n],
            deleted_by: HashMap::new(),
            amended_by: HashMap::new(),
            rewritten_by: HashMap::new(),
            notes: Vec::new(),
            unresolved: Vec::new(),
            failures: Vec::new(),
            conflicts: Vec::new(),
            labels: HashMap::new(),
        }
    }

    fn apply_change(&mut self, change: &ChangeSet) {
        self.labels
            .entry(change.id)
            .or_insert_with(|| change.label.clone());
        let mut structural = Vec::new();
        for edit in &change.edits {
            match edit {
                ChangeEdit::Text {
                    key,
                    base_text,
                    edited_text,
                } => self.apply_text(change, key, base_text, edited_text),
                ChangeEdit::InsertAfter { key, text } => {
                    if let Some(anchor) = self.resolve(change, key, "add a rule after") {
                        structural.push(Structural::Insert { key, anchor, text });
                    }
                }
                ChangeEdit::Delete { key } => {
                    if let Some(node) = self.resolve(change, key, "delete") {
                        structural.push(Structural::Delete { key, node });
                    }
                }
            }
        }
        if !structural.is_empty() {
            self.apply_structural(change, &structural);
        }
    }

    /// "Chapter 2, Clause I.4.B" for a key of the edition built on (the key itself if unknown).
    fn citation(&self, key: &str) -> String {
        match self.original_ids.get(key) {
            Some(&id) => canonical(&self.original_tree, id),
            None => key.to_string(),
        }
    }

    fn fail(&mut self, change: &ChangeSet, key: &str, message: String) {
        self.failures.push(BuildFailure {
            change_id: change.id,
            key: key.to_string(),
            message,
        });
    }

    /// Records a conflict between an earlier change `other` (by id) and `change`, unless they
    /// are the same change.
    fn conflict(&mut self, other: i32, change: &ChangeSet, key: &str, message: String) {
        if other == change.id {
            return;
        }
        let pair = (other, change.id);
        if self
            .conflicts
            .iter()
            .any(|c| c.key == key && c.change_ids == pair)
        {
            return;
        }
        self.conflicts.push(Conflict {
            key: key.to_string(),
            change_ids: pair,
            message,
        });
    }

    /// The stable id of the node `key` names, if it still exists; otherwise a failure (and a
    /// conflict with the change that deleted it). `verb` says what the edit wanted to do.
    fn resolve(&mut self, change: &ChangeSet, key: &str, verb: &str) -> Option<usize> {
        let Some(&id) = self.original_ids.get(key) else {
            let message = format!(
                "{} tries to {verb} {key}, but {} has no rule {key}.",
                change.label, self.original.meta.title
            );
            self.fail(change, key, message);
            return None;
        };
        if self.pos.get(id).copied().flatten().is_some() {
            return Some(id);
        }
        let citation = self.citation(key);
        let by = self.deleted_by.get(&id).copied();
        let deleter = by.map_or_else(|| String::from("an earlier change"), |d| self.label_of(d));
        let message = format!(
            "{} tries to {verb} {citation}, but {deleter} has deleted it; this edit was not made.",
            change.label
        );
        self.fail(change, key, message.clone());
        if let Some(other) = by {
            self.conflict(other, change, key, message);
        }
        None
    }

    /// The label of a change seen so far, by id (its id if not recorded).
    fn label_of(&self, id: i32) -> String {
        self.labels
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("rule change {id}"))
    }

    fn position(&self, id: usize) -> Option<usize> {
        self.pos.get(id).copied().flatten()
    }

    fn id_at(&self, index: usize) -> Option<usize> {
        self.ids.get(index).copied()
    }

    /// The key a node had in the edition built on (its current key for a new node).
    fn original_key(&self, id: usize) -> String {
        match self.original_tree.get(id) {
            Some(node) => node.key.clone(),
            None => self
                .position(id)
                .map_or_else(String::new, |i| self.book.key(i)),
        }
    }

    fn note(&mut self, id: usize, change: &ChangeSet, note: String) {
        self.notes.push(Note {
            id,
            change_id: change.id,
            note,
        });
    }

    fn finish(self) -> BuildOutcome {
        let tree = self.book.tree();
        let key_of = |id: usize| -> Option<(usize, String)> {
            let index = self.pos.get(id).copied().flatten()?;
            Some((index, tree.get(index)?.key.clone()))
        };
        let mut notes: Vec<(usize, usize, Provenance)> = self
            .notes
            .iter()
            .enumerate()
            .filter_map(|(seq, n)| {
                let (index, key) = key_of(n.id)?;
                Some((
                    index,
                    seq,
                    Provenance {
                        key,
                        change_id: n.change_id,
                        note: n.note.clone(),
                    },
                ))
            })
            .collect();
        notes.sort_by_key(|(index, seq, _)| (*index, *seq));
        let mut seen = HashSet::new();
        let unresolved = self
            .unresolved
            .iter()
            .filter_map(|(id, u)| {
                let (_, key) = key_of(*id)?;
                Some(UnresolvedCitation { key, ..u.clone() })
            })
            .filter(|u| seen.insert((u.change_id, u.key.clone(), u.text.clone())))
            .collect();
        BuildOutcome {
            provenance: notes.into_iter().map(|(_, _, p)| p).collect(),
            failures: self.failures,
            conflicts: self.conflicts,
            unresolved,
            book: self.book,
        }
    }
}

/// "Rule change 12 (Broxtowe CLP), Annual Conference 2025".
fn attribution(change: &ChangeSet) -> String {
    let provenance = change.provenance.trim();
    if provenance.is_empty() {
        change.label.clone()
    } else {
        format!("{}, {provenance}", change.label)
    }
}
