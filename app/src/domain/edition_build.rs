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

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::citation::{CitationError, TreeNode, canonical};
use crate::domain::diff::changes;
use crate::domain::renumber::{RenumberPlan, UnresolvedReason, plan_delete, plan_insert};
use crate::domain::rulebook::tree::{Node, RuleBook};
use crate::domain::structure::{
    StructuralEdit, StructureError, check_independent, consequentials, written_label,
};
use crate::domain::wording::{Instruction, apply_instructions, generate_for};

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

/// A structural edit resolved to node ids.
#[derive(Debug, Clone)]
enum Structural<'c> {
    Insert {
        key: &'c str,
        anchor: usize,
        text: &'c str,
    },
    Delete {
        key: &'c str,
        node: usize,
    },
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

    // -----------------------------------------------------------------------------------------
    // Text edits
    // -----------------------------------------------------------------------------------------

    fn apply_text(&mut self, change: &ChangeSet, key: &str, base: &str, edited: &str) {
        if base == edited {
            return;
        }
        let Some(id) = self.resolve(change, key, "amend") else {
            return;
        };
        let Some(node) = self.position(id).and_then(|i| self.book.nodes.get(i)) else {
            return;
        };
        let current = node.text.as_str();
        if current == edited {
            // Already reads so (the same edit carried twice, or already in this edition).
            return;
        }
        let new_text = if current == base {
            edited.to_string()
        } else {
            let citation = self.citation(key);
            match reapply(node, &citation, current, base, edited) {
                Ok(text) => text,
                Err(reason) => {
                    self.text_failure(change, key, id, &citation, &reason);
                    return;
                }
            }
        };
        let note = format!(
            "{} by {}",
            words_changed(current, &new_text),
            attribution(change)
        );
        if let Some(node) = self.position(id).and_then(|i| self.book.nodes.get_mut(i)) {
            node.text = new_text;
        }
        self.amended_by.insert(id, change.id);
        self.note(id, change, note);
    }

    /// Reports a text edit whose wording no longer fits the node's current text.
    fn text_failure(
        &mut self,
        change: &ChangeSet,
        key: &str,
        id: usize,
        citation: &str,
        reason: &str,
    ) {
        let other = self
            .amended_by
            .get(&id)
            .or_else(|| self.rewritten_by.get(&id))
            .copied()
            .filter(|&other| other != change.id);
        match other {
            Some(other) => {
                let message = format!(
                    "{} and {} both change the words of {citation}, and the second cannot be \
                     applied to the text the first produces: {reason}",
                    self.label_of(other),
                    change.label
                );
                self.fail(change, key, message.clone());
                self.conflict(other, change, key, message);
            }
            None => {
                let message = format!(
                    "The text of {citation} is not the text {} was drafted against, and its \
                     amendment no longer fits: {reason}",
                    change.label
                );
                self.fail(change, key, message);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Structural edits
    // -----------------------------------------------------------------------------------------

    /// Plans the change's structural edits together on the tree as it stands, rewrites the
    /// citations of renumbered rules, then makes the edits one by one.
    fn apply_structural(&mut self, change: &ChangeSet, edits: &[Structural<'_>]) {
        let tree = self.book.tree();
        let mut accepted: Vec<Planned> = Vec::new();
        for edit in edits {
            if let Some(planned) = self.plan(change, &tree, edit, &accepted) {
                accepted.push(planned);
            }
        }
        if accepted.is_empty() {
            return;
        }
        self.rewrite_citations(change, &tree, &accepted);
        for planned in &accepted {
            if let StructuralEdit::Delete { node } = planned.edit {
                self.report_lost_amendments(change, node);
            }
        }
        for planned in accepted {
            match planned.what {
                Structural::Insert { anchor, text, .. } => {
                    self.insert_after(change, planned.at, anchor, text);
                }
                Structural::Delete { node, .. } => {
                    self.delete(change, node, &planned.written);
                }
            }
        }
    }

    /// Plans one structural edit on `tree`, or reports why it cannot be made.
    fn plan<'c>(
        &mut self,
        change: &ChangeSet,
        tree: &[TreeNode],
        edit: &Structural<'c>,
        accepted: &[Planned<'c>],
    ) -> Option<Planned<'c>> {
        let (key, id, verb) = match *edit {
            Structural::Insert { key, anchor, .. } => (key, anchor, "add a rule after"),
            Structural::Delete { key, node } => (key, node, "delete"),
        };
        let citation = self.citation(key);
        let index = self.position(id)?;
        let node = self.book.nodes.get(index)?;
        let Some(parent) = node.parent else {
            let message = format!(
                "{} tries to {verb} {citation}, but whole chapters and appendices cannot be \
                 added or deleted here; this edit was not made.",
                change.label
            );
            self.fail(change, key, message);
            return None;
        };
        let (at, structural, planned) = match *edit {
            Structural::Insert { anchor, text, .. } => {
                let at = self.effective_anchor(anchor);
                let at_index = self.position(at)?;
                (
                    at,
                    StructuralEdit::InsertAfter {
                        anchor: at_index,
                        text: text.to_string(),
                    },
                    plan_insert(tree, Some(at_index), Some(parent), node.kind),
                )
            }
            Structural::Delete { node: id, .. } => (
                id,
                StructuralEdit::Delete { node: index },
                plan_delete(tree, index),
            ),
        };
        let plan = match planned {
            Ok(plan) => plan,
            Err(error) => {
                let message = format!(
                    "{} tries to {verb} {citation}, which cannot be done: {error}.",
                    change.label
                );
                self.fail(change, key, message);
                return None;
            }
        };
        let mut all: Vec<(&StructuralEdit, &RenumberPlan)> =
            accepted.iter().map(|p| (&p.edit, &p.plan)).collect();
        all.push((&structural, &plan));
        if let Err(error) = check_independent(tree, &all) {
            let reason = match error {
                StructureError::Entangled { key: twice } => format!(
                    "another of its structural edits also renumbers or deletes {twice}, so the \
                     result would depend on the order they are read in"
                ),
                other => other.to_string(),
            };
            let message = format!(
                "{} tries to {verb} {citation}, but {reason}; this edit was not made.",
                change.label
            );
            self.fail(change, key, message);
            return None;
        }
        let written = written_label(tree, index);
        Some(Planned {
            what: edit.clone(),
            at,
            edit: structural,
            plan,
            written,
        })
    }

    /// Where a new rule after `anchor` goes: straight after it, or after the rules earlier
    /// changes already inserted after it (so that chosen changes keep their order).
    fn effective_anchor(&self, anchor: usize) -> usize {
        let mut at = anchor;
        for _ in 0..self.ids.len() {
            let Some(index) = self.position(at) else {
                break;
            };
            let end = self.subtree_end(index);
            let (Some(next), Some(node)) = (self.book.nodes.get(end), self.book.nodes.get(index))
            else {
                break;
            };
            if next.parent != node.parent {
                break;
            }
            match self.id_at(end) {
                Some(next_id) if self.anchor_of.get(next_id) == Some(&Some(anchor)) => {
                    at = next_id;
                }
                _ => break,
            }
        }
        at
    }

    /// One past the last position of the subtree at `index` (nodes are in pre-order).
    fn subtree_end(&self, index: usize) -> usize {
        let mut end = index + 1;
        while self
            .book
            .nodes
            .get(end)
            .and_then(|n| n.parent)
            .is_some_and(|p| p >= index && p < end)
        {
            end += 1;
        }
        end
    }

    /// Rewrites citations of the rules the plans renumber, everywhere in the text, and lists
    /// those that cannot be rewritten.
    fn rewrite_citations(&mut self, change: &ChangeSet, tree: &[TreeNode], accepted: &[Planned]) {
        let plans: Vec<&RenumberPlan> = accepted.iter().map(|p| &p.plan).collect();
        let found = {
            let texts = self.texts_that_may_cite(accepted);
            consequentials(tree, &texts, &plans)
        };
        for amendment in &found.amendments {
            let Some(id) = self.id_at(amendment.node) else {
                continue;
            };
            let Some(node) = self.book.nodes.get_mut(amendment.node) else {
                continue;
            };
            if node.text == amendment.edited {
                continue;
            }
            node.text.clone_from(&amendment.edited);
            self.rewritten_by.insert(id, change.id);
            let note = format!(
                "Reference renumbered in consequence of {}",
                attribution(change)
            );
            self.note(id, change, note);
        }
        let mut unresolved: Vec<(usize, String, String)> = found
            .unresolved
            .iter()
            .filter(|u| caused_by_edit(&u.reason))
            .map(|u| (u.node, u.text.clone(), u.reason.message()))
            .collect();
        for skipped in found.amendments.iter().flat_map(|a| &a.skipped) {
            unresolved.push((
                skipped.node,
                skipped.text.clone(),
                format!(
                    "It should now read “{}”, but it overlaps another reference; amend it by \
                     hand.",
                    skipped.replacement
                ),
            ));
        }
        for (index, text, reason) in unresolved {
            let Some(id) = self.id_at(index) else {
                continue;
            };
            let message = format!(
                "“{text}” in {} (after {}): {reason}",
                canonical(tree, index),
                change.label
            );
            self.unresolved.push((
                id,
                UnresolvedCitation {
                    change_id: change.id,
                    key: String::new(),
                    text,
                    message,
                },
            ));
        }
    }

    /// The texts in which a citation of a rule the edits renumber or delete can stand.
    ///
    /// Resolving citations costs a pass over the tree each, so texts that cannot cite the
    /// chapters (or appendices) edited are left out: a citation either names its chapter or
    /// appendix by number (`Chapter 2, …`, `Rule 2.4.1`, `C2.I`, `2.I.4`) or is relative to the
    /// rule it stands in, and so points inside that rule's own chapter or appendix.
    fn texts_that_may_cite(&self, accepted: &[Planned]) -> Vec<(usize, &str)> {
        let nodes = &self.book.nodes;
        let mut root_of: Vec<usize> = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            let root = match node.parent {
                Some(p) if p < i => root_of.get(p).copied().unwrap_or(i),
                _ => i,
            };
            root_of.push(root);
        }
        let roots: HashSet<usize> = accepted
            .iter()
            .filter_map(|p| root_of.get(p.edit.node()).copied())
            .collect();
        let numbers: HashSet<&str> = roots
            .iter()
            .filter_map(|&r| nodes.get(r))
            .map(|n| n.label.as_str())
            .collect();
        nodes
            .iter()
            .enumerate()
            .filter(|&(i, node)| {
                root_of.get(i).is_some_and(|r| roots.contains(r))
                    || digit_runs(&node.text).any(|run| numbers.contains(run))
            })
            .map(|(i, node)| (i, node.text.as_str()))
            .collect()
    }

    /// Reports, as conflicts, amendments by earlier changes to rules the deletion at `index`
    /// removes.
    fn report_lost_amendments(&mut self, change: &ChangeSet, index: usize) {
        let end = self.subtree_end(index);
        let lost: Vec<(usize, i32)> = (index..end)
            .filter_map(|i| self.id_at(i))
            .filter_map(|id| self.amended_by.get(&id).map(|&other| (id, other)))
            .filter(|&(_, other)| other != change.id)
            .collect();
        for (id, other) in lost {
            let key = self.original_key(id);
            let message = format!(
                "{} deletes {}, which {} amends; the amendment is lost with it.",
                change.label,
                self.citation(&key),
                self.label_of(other)
            );
            self.conflict(other, change, &key, message);
        }
    }

    /// Inserts a new node with `text` straight after the node with id `at` (whose subtree it
    /// follows), as requested after `anchor`.
    fn insert_after(&mut self, change: &ChangeSet, at: usize, anchor: usize, text: &str) {
        let Some(index) = self.position(at) else {
            return;
        };
        let Some(sibling) = self.book.nodes.get(index) else {
            return;
        };
        let (kind, parent) = (sibling.kind, sibling.parent);
        let end = self.subtree_end(index);
        for node in &mut self.book.nodes {
            if let Some(p) = node.parent.as_mut()
                && *p >= end
            {
                *p += 1;
            }
        }
        self.book.nodes.insert(
            end,
            Node {
                kind,
                // Set by `relabel` below.
                label: String::new(),
                heading: None,
                text: text.trim().to_string(),
                parent,
                line: 0,
            },
        );
        let id = self.pos.len();
        self.ids.insert(end, id);
        self.pos.push(None);
        self.anchor_of.push(Some(anchor));
        self.reindex();
        self.relabel(parent);
        let note = format!(
            "{} inserted by {}",
            capitalised(kind.noun()),
            attribution(change)
        );
        self.note(id, change, note);
    }

    /// Deletes the node with id `id` and everything under it.
    fn delete(&mut self, change: &ChangeSet, id: usize, written: &str) {
        let Some(index) = self.position(id) else {
            return;
        };
        let Some(node) = self.book.nodes.get(index) else {
            return;
        };
        let (kind, parent) = (node.kind, node.parent);
        let end = self.subtree_end(index);
        let removed = end - index;
        self.book.nodes.drain(index..end);
        for node in &mut self.book.nodes {
            if let Some(p) = node.parent.as_mut()
                && *p >= end
            {
                *p -= removed;
            }
        }
        for gone in self.ids.drain(index..end) {
            self.deleted_by.insert(gone, change.id);
        }
        self.reindex();
        self.relabel(parent);
        if let Some(parent_id) = parent.and_then(|p| self.id_at(p)) {
            let note = format!(
                "{} {written} deleted by {}",
                capitalised(kind.noun()),
                attribution(change)
            );
            self.note(parent_id, change, note);
        }
    }

    fn reindex(&mut self) {
        self.pos.iter_mut().for_each(|p| *p = None);
        for (index, &id) in self.ids.iter().enumerate() {
            if let Some(slot) = self.pos.get_mut(id) {
                *slot = Some(index);
            }
        }
    }

    /// Numbers the children of `parent` 1, 2, 3 … (A, B …; I, II …) in order, per kind.
    fn relabel(&mut self, parent: Option<usize>) {
        let mut counts: HashMap<_, u32> = HashMap::new();
        for node in self.book.nodes.iter_mut().filter(|n| n.parent == parent) {
            let count = counts.entry(node.kind).or_insert(0);
            *count += 1;
            node.label = node.kind.label_style().label(*count);
        }
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

/// A structural edit planned on the tree as it stood before the change's structural edits.
struct Planned<'c> {
    what: Structural<'c>,
    /// Id of the node the edit is anchored on (for an insertion: after earlier insertions).
    at: usize,
    edit: StructuralEdit,
    plan: RenumberPlan,
    /// The node's label as wording writes it (`4.C`), for the note on a deletion.
    written: String,
}

/// The change's text edit re-applied through its wording to a text that is no longer the one it
/// was written against; `Err` gives the reason it does not fit.
fn reapply(
    node: &Node,
    citation: &str,
    current: &str,
    base: &str,
    edited: &str,
) -> Result<String, String> {
    let generated = generate_for(Some(node.kind), citation, base, edited);
    if generated
        .instructions
        .iter()
        .any(|i| i.is_structural() || matches!(i, Instruction::ReplaceAll { .. }))
    {
        return Err(String::from(
            "the change rewrites the whole text, which would undo the words that differ.",
        ));
    }
    let applied = apply_instructions(current, &generated.instructions);
    if applied.problems.is_empty() {
        Ok(applied.result)
    } else {
        Err(applied
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join(" "))
    }
}

/// Whether an unresolved citation is there because of the edit (a deleted target, or an
/// ambiguous citation one of whose readings is renumbered) rather than a defect the edition
/// already had, which every later edit would report again.
fn caused_by_edit(reason: &UnresolvedReason) -> bool {
    matches!(
        reason,
        UnresolvedReason::TargetRemoved { .. }
            | UnresolvedReason::Citation {
                error: CitationError::Ambiguous { .. }
            }
    )
}

/// The runs of ASCII digits in `text` (`"C2.I and 14"` → `2`, `14`).
fn digit_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
}

/// "Words inserted", "Words deleted" or "Words substituted", by what the edit does.
fn words_changed(old: &str, new: &str) -> &'static str {
    let found = changes(old, new, 0);
    if found.iter().all(|c| c.old.is_empty()) {
        "Words inserted"
    } else if found.iter().all(|c| c.new.is_empty()) {
        "Words deleted"
    } else {
        "Words substituted"
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

/// "sub-clause" → "Sub-clause".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rulebook::testgen::arb_rulebook;
    use crate::domain::rulebook::{export_rulebook, parse_rulebook};
    use proptest::prelude::*;

    const DEMO_2024: &str = include_str!("../../../server/demo/rulebook-2024.md");

    const FEE: &str = "Members shall pay a subscription of two pounds a year. Members may vote at meetings of their branch.";

    /// Chapter 2 with Clause I (sections 1–4, section 4 with sub-clauses A–E, E with an item)
    /// and Clause II citing sub-clause 4.E absolutely.
    fn book() -> RuleBook {
        let text = format!(
            "---\ntitle: Rule Book 2024\nyear: 2024\n---\n\n\
             # Chapter 1. Constitutional rules\n\n\
             #### 1.\n\nThe Party shall readmit members as set out in Chapter 2, Clause I.4.E.\n\n\
             # Chapter 2. Membership rules\n\n\
             ### Clause I. Conditions of membership\n\n\
             #### 1.\n\n{FEE}\n\n\
             #### 2.\n\nThe NEC shall keep a list of members.\n\n\
             #### 3.\n\nMembers shall be allocated to a branch.\n\n\
             #### 4. Exclusions\n\n\
             ##### A.\n\nA person excluded may apply to rejoin under sub-clause 4.E below.\n\n\
             ##### B.\n\nA member who joins another party shall be excluded.\n\n\
             ##### C.\n\nThe General Secretary shall notify the member in writing.\n\n\
             ##### D.\n\nA member may submit evidence within twenty-one days.\n\n\
             ##### E.\n\nA person excluded may rejoin after five years.\n\n\
             ###### i.\n\nThe NEC may waive the period.\n\n\
             ### Clause II. Subscriptions\n\n\
             #### 1.\n\nReadmission is governed by Chapter 2, Clause I.4.E, and exclusions by Chapter 2, Clause I.4.B.\n"
        );
        match parse_rulebook(text.as_bytes()) {
            Ok(book) => book,
            Err(e) => panic!("fixture does not parse: {e:?}"),
        }
    }

    fn change(id: i32, edits: Vec<ChangeEdit>) -> ChangeSet {
        ChangeSet {
            id,
            label: format!("Rule change {id} (Broxtowe CLP)"),
            provenance: "Annual Conference 2025".into(),
            edits,
        }
    }

    fn text_edit(key: &str, base: &str, edited: &str) -> ChangeEdit {
        ChangeEdit::Text {
            key: key.into(),
            base_text: base.into(),
            edited_text: edited.into(),
        }
    }

    fn insert(key: &str, text: &str) -> ChangeEdit {
        ChangeEdit::InsertAfter {
            key: key.into(),
            text: text.into(),
        }
    }

    fn delete(key: &str) -> ChangeEdit {
        ChangeEdit::Delete { key: key.into() }
    }

    fn text_at<'a>(book: &'a RuleBook, key: &str) -> &'a str {
        match book.index_of_key(key) {
            Some(i) => &book.nodes[i].text,
            None => panic!("no {key} in the built book"),
        }
    }

    fn keys(book: &RuleBook) -> Vec<String> {
        book.tree().into_iter().map(|n| n.key).collect()
    }

    fn notes(outcome: &BuildOutcome) -> Vec<String> {
        outcome
            .provenance
            .iter()
            .map(|p| format!("{}: {}", p.key, p.note))
            .collect()
    }

    /// The built book must be a valid edition: it exports and reads back to the same tree.
    fn assert_valid(book: &RuleBook) {
        let exported = export_rulebook(book);
        let back = match parse_rulebook(exported.as_bytes()) {
            Ok(back) => back,
            Err(e) => panic!("built book does not read back: {e:?}\n{exported}"),
        };
        assert_eq!(keys(&back), keys(book));
        let texts = |b: &RuleBook| b.nodes.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&back), texts(book));
    }

    #[test]
    fn a_single_text_change_is_applied_with_its_note() {
        let edited = FEE.replace("two pounds", "three pounds");
        let outcome = build(
            &book(),
            &[change(12, vec![text_edit("2.I.1", FEE, &edited)])],
        );
        assert!(outcome.is_clean(), "{outcome:?}");
        assert_eq!(text_at(&outcome.book, "2.I.1"), edited);
        assert_eq!(
            notes(&outcome),
            ["2.I.1: Words substituted by Rule change 12 (Broxtowe CLP), Annual Conference 2025"]
        );
        assert_eq!(outcome.provenance[0].change_id, 12);
        assert_eq!(outcome.book.meta, book().meta);
    }

    #[test]
    fn two_compatible_text_changes_to_one_clause_both_apply() {
        let first = FEE.replace("two pounds", "three pounds");
        let second = FEE.replace("their branch", "their CLP");
        let outcome = build(
            &book(),
            &[
                change(12, vec![text_edit("2.I.1", FEE, &first)]),
                change(14, vec![text_edit("2.I.1", FEE, &second)]),
            ],
        );
        assert!(outcome.is_clean(), "{outcome:?}");
        assert_eq!(
            text_at(&outcome.book, "2.I.1"),
            "Members shall pay a subscription of three pounds a year. Members may vote at meetings of their CLP."
        );
        let ids: Vec<i32> = outcome.provenance.iter().map(|p| p.change_id).collect();
        assert_eq!(ids, [12, 14]);
    }

    #[test]
    fn two_conflicting_text_changes_keep_the_first_and_report_the_second() {
        let first = FEE.replace("two pounds", "three pounds");
        let second = FEE.replace("two pounds a year", "five pounds a month");
        let outcome = build(
            &book(),
            &[
                change(12, vec![text_edit("2.I.1", FEE, &first)]),
                change(14, vec![text_edit("2.I.1", FEE, &second)]),
            ],
        );
        assert!(!outcome.is_clean());
        assert_eq!(text_at(&outcome.book, "2.I.1"), first);
        assert_eq!(outcome.failures.len(), 1);
        let failure = &outcome.failures[0];
        assert_eq!((failure.change_id, failure.key.as_str()), (14, "2.I.1"));
        assert!(
            failure
                .message
                .contains("Rule change 12 (Broxtowe CLP) and Rule change 14")
                && failure.message.contains("Chapter 2, Clause I.1"),
            "{}",
            failure.message
        );
        assert_eq!(outcome.conflicts.len(), 1);
        assert_eq!(outcome.conflicts[0].change_ids, (12, 14));
        assert_eq!(outcome.conflicts[0].key, "2.I.1");
        // Only the change applied is credited.
        assert_eq!(outcome.provenance.len(), 1);
    }

    #[test]
    fn a_whole_text_replacement_cannot_be_reapplied_over_another_change() {
        let first = FEE.replace("two pounds", "three pounds");
        let rewrite = "Subscriptions shall be set by the NEC.";
        let outcome = build(
            &book(),
            &[
                change(12, vec![text_edit("2.I.1", FEE, &first)]),
                change(14, vec![text_edit("2.I.1", FEE, rewrite)]),
            ],
        );
        assert_eq!(text_at(&outcome.book, "2.I.1"), first);
        assert_eq!(outcome.conflicts.len(), 1);
        assert!(
            outcome.failures[0]
                .message
                .contains("rewrites the whole text"),
            "{}",
            outcome.failures[0].message
        );
    }

    #[test]
    fn a_change_drafted_against_an_older_text_is_reapplied_or_reported() {
        let older = "Members shall pay a subscription of two pounds a year. Members may vote.";
        let oldest = "Members shall pay a subscription of one pound a year.";
        let fits = build(
            &book(),
            &[change(
                3,
                vec![text_edit(
                    "2.I.1",
                    older,
                    &older.replace("two pounds", "ten pounds"),
                )],
            )],
        );
        assert!(fits.is_clean(), "{fits:?}");
        assert_eq!(
            text_at(&fits.book, "2.I.1"),
            FEE.replace("two pounds", "ten pounds")
        );
        let stale = build(
            &book(),
            &[change(
                3,
                vec![text_edit(
                    "2.I.1",
                    oldest,
                    &oldest.replace("one pound", "ten pounds"),
                )],
            )],
        );
        assert_eq!(text_at(&stale.book, "2.I.1"), FEE);
        assert!(stale.conflicts.is_empty());
        assert!(
            stale.failures[0]
                .message
                .starts_with("The text of Chapter 2, Clause I.1 is not the text Rule change 3"),
            "{}",
            stale.failures[0].message
        );
    }

    #[test]
    fn an_insertion_renumbers_and_rewrites_citations_elsewhere() {
        let outcome = build(
            &book(),
            &[change(
                12,
                vec![insert(
                    "2.I.4.D",
                    "The NEC shall hear appeals against exclusion.",
                )],
            )],
        );
        assert!(outcome.is_clean(), "{outcome:?}");
        let book = &outcome.book;
        assert_eq!(
            text_at(book, "2.I.4.E"),
            "The NEC shall hear appeals against exclusion."
        );
        assert_eq!(
            text_at(book, "2.I.4.F"),
            "A person excluded may rejoin after five years."
        );
        // Descendants move with their parent, labels and keys alike.
        assert_eq!(text_at(book, "2.I.4.F.i"), "The NEC may waive the period.");
        assert_eq!(book.index_of_key("2.I.4.E.i"), None);
        assert_eq!(
            text_at(book, "2.I.4.A"),
            "A person excluded may apply to rejoin under sub-clause 4.F below."
        );
        assert_eq!(
            text_at(book, "2.II.1"),
            "Readmission is governed by Chapter 2, Clause I.4.F, and exclusions by Chapter 2, Clause I.4.B."
        );
        // In another chapter too.
        assert_eq!(
            text_at(book, "1.1"),
            "The Party shall readmit members as set out in Chapter 2, Clause I.4.F."
        );
        assert_eq!(
            notes(&outcome),
            [
                "1.1: Reference renumbered in consequence of Rule change 12 (Broxtowe CLP), Annual Conference 2025",
                "2.I.4.A: Reference renumbered in consequence of Rule change 12 (Broxtowe CLP), Annual Conference 2025",
                "2.I.4.E: Sub-clause inserted by Rule change 12 (Broxtowe CLP), Annual Conference 2025",
                "2.II.1: Reference renumbered in consequence of Rule change 12 (Broxtowe CLP), Annual Conference 2025",
            ]
        );
        assert_valid(book);
    }

    #[test]
    fn a_deletion_renumbers_down_and_lists_citations_of_the_deleted_rule() {
        let outcome = build(&book(), &[change(7, vec![delete("2.I.4.B")])]);
        assert!(outcome.is_clean(), "{outcome:?}");
        let book = &outcome.book;
        let under_4: Vec<String> = keys(book)
            .into_iter()
            .filter(|k| k.starts_with("2.I.4."))
            .collect();
        assert_eq!(
            under_4,
            ["2.I.4.A", "2.I.4.B", "2.I.4.C", "2.I.4.D", "2.I.4.D.i"]
        );
        assert_eq!(
            text_at(book, "2.I.4.B"),
            "The General Secretary shall notify the member in writing."
        );
        assert_eq!(
            text_at(book, "2.I.4.A"),
            "A person excluded may apply to rejoin under sub-clause 4.D below."
        );
        assert!(text_at(book, "2.II.1").contains("Chapter 2, Clause I.4.D"));
        assert!(notes(&outcome).contains(
            &"2.I.4: Sub-clause 4.B deleted by Rule change 7 (Broxtowe CLP), Annual Conference 2025"
                .to_string()
        ));
        // A citation of the deleted rule: listed, left alone.
        assert_eq!(outcome.unresolved.len(), 1, "{:?}", outcome.unresolved);
        assert_eq!(outcome.unresolved[0].key, "2.II.1");
        assert!(outcome.unresolved[0].message.contains("2.I.4.B"));
        assert!(text_at(book, "2.II.1").ends_with("exclusions by Chapter 2, Clause I.4.B."));
        assert_valid(book);
    }

    #[test]
    fn an_edit_to_a_rule_deleted_by_an_earlier_change_fails() {
        let outcome = build(
            &book(),
            &[
                change(7, vec![delete("2.I.4.C")]),
                change(
                    9,
                    vec![text_edit(
                        "2.I.4.C",
                        "The General Secretary shall notify the member in writing.",
                        "The General Secretary shall notify the member by email.",
                    )],
                ),
                change(11, vec![insert("2.I.4.E.i", "New item.")]),
            ],
        );
        assert_eq!(outcome.failures.len(), 1);
        assert_eq!(outcome.failures[0].change_id, 9);
        assert_eq!(outcome.failures[0].key, "2.I.4.C");
        assert_eq!(
            outcome.failures[0].message,
            "Rule change 9 (Broxtowe CLP) tries to amend Chapter 2, Clause I.4.C, but Rule change 7 (Broxtowe CLP) has deleted it; this edit was not made."
        );
        assert_eq!(outcome.conflicts.len(), 1);
        assert_eq!(outcome.conflicts[0].change_ids, (7, 9));
        // The later insertion names its anchor in the old numbering and still finds it.
        assert_eq!(text_at(&outcome.book, "2.I.4.D.ii"), "New item.");
        assert_valid(&outcome.book);
    }

    #[test]
    fn later_changes_follow_earlier_renumbering() {
        let outcome = build(
            &book(),
            &[
                change(1, vec![insert("2.I.4.A", "First new rule.")]),
                change(
                    2,
                    vec![
                        text_edit(
                            "2.I.4.E",
                            "A person excluded may rejoin after five years.",
                            "A person excluded may rejoin after three years.",
                        ),
                        delete("2.I.4.C"),
                    ],
                ),
                change(3, vec![insert("2.I.4.A", "Second new rule.")]),
            ],
        );
        assert!(outcome.is_clean(), "{outcome:?}");
        let texts: Vec<(String, &str)> = outcome
            .book
            .tree()
            .into_iter()
            .zip(&outcome.book.nodes)
            .filter(|(n, _)| n.key.starts_with("2.I.4."))
            .map(|(n, node)| (n.key, node.text.as_str()))
            .collect();
        let expected = [
            (
                "2.I.4.A",
                "A person excluded may apply to rejoin under sub-clause 4.F below.",
            ),
            ("2.I.4.B", "First new rule."),
            // Inserted after 4.A by a later change: after the earlier change's new rule.
            ("2.I.4.C", "Second new rule."),
            (
                "2.I.4.D",
                "A member who joins another party shall be excluded.",
            ),
            (
                "2.I.4.E",
                "A member may submit evidence within twenty-one days.",
            ),
            ("2.I.4.F", "A person excluded may rejoin after three years."),
            ("2.I.4.F.i", "The NEC may waive the period."),
        ];
        let got: Vec<(&str, &str)> = texts.iter().map(|(k, t)| (k.as_str(), *t)).collect();
        assert_eq!(got, expected);
        assert!(notes(&outcome).contains(
            &"2.I.4.F: Words substituted by Rule change 2 (Broxtowe CLP), Annual Conference 2025"
                .to_string()
        ));
        assert!(notes(&outcome).contains(
            &"2.I.4: Sub-clause 4.D deleted by Rule change 2 (Broxtowe CLP), Annual Conference 2025"
                .to_string()
        ));
        assert_valid(&outcome.book);
    }

    #[test]
    fn a_later_amendment_is_reapplied_over_a_rewritten_citation() {
        let base = "A person excluded may apply to rejoin under sub-clause 4.E below.";
        let outcome = build(
            &book(),
            &[
                change(1, vec![insert("2.I.4.D", "New.")]),
                change(
                    2,
                    vec![text_edit(
                        "2.I.4.A",
                        base,
                        &base.replace("A person excluded", "A person expelled"),
                    )],
                ),
            ],
        );
        assert!(outcome.is_clean(), "{outcome:?}");
        assert_eq!(
            text_at(&outcome.book, "2.I.4.A"),
            "A person expelled may apply to rejoin under sub-clause 4.F below."
        );
    }

    #[test]
    fn provenance_notes_say_what_the_words_did() {
        let base = "The NEC shall keep a list of members.";
        let outcome = build(
            &book(),
            &[
                change(
                    1,
                    vec![text_edit(
                        "2.I.2",
                        base,
                        "The NEC shall keep a secure list of members.",
                    )],
                ),
                change(
                    2,
                    vec![text_edit(
                        "2.I.3",
                        "Members shall be allocated to a branch.",
                        "Members shall be allocated.",
                    )],
                ),
                ChangeSet {
                    provenance: String::new(),
                    ..change(3, vec![delete("2.I.4.E.i")])
                },
            ],
        );
        assert!(outcome.is_clean(), "{outcome:?}");
        assert_eq!(
            notes(&outcome),
            [
                "2.I.2: Words inserted by Rule change 1 (Broxtowe CLP), Annual Conference 2025",
                "2.I.3: Words deleted by Rule change 2 (Broxtowe CLP), Annual Conference 2025",
                "2.I.4.E: Item 4.E.i deleted by Rule change 3 (Broxtowe CLP)",
            ]
        );
    }

    #[test]
    fn entangled_structural_edits_of_one_change_are_refused() {
        let outcome = build(
            &book(),
            &[change(
                5,
                vec![insert("2.I.4.A", "New."), delete("2.I.4.C")],
            )],
        );
        assert_eq!(outcome.failures.len(), 1);
        assert_eq!(outcome.failures[0].key, "2.I.4.C");
        assert!(
            outcome.failures[0].message.contains("2.I.4.C"),
            "{}",
            outcome.failures[0].message
        );
        // The first edit is made.
        assert_eq!(text_at(&outcome.book, "2.I.4.B"), "New.");
        assert!(outcome.conflicts.is_empty());
    }

    #[test]
    fn unknown_keys_and_whole_chapters_are_reported() {
        let outcome = build(
            &book(),
            &[change(5, vec![delete("2"), text_edit("2.IX.1", "a", "b")])],
        );
        assert_eq!(outcome.book, book());
        let messages: Vec<&str> = outcome
            .failures
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "Rule change 5 (Broxtowe CLP) tries to amend 2.IX.1, but Rule Book 2024 has no rule 2.IX.1.",
                "Rule change 5 (Broxtowe CLP) tries to delete Chapter 2, but whole chapters and appendices cannot be added or deleted here; this edit was not made.",
            ]
        );
    }

    #[test]
    fn deleting_a_rule_another_change_amended_is_a_conflict() {
        let base = "The NEC may waive the period.";
        let outcome = build(
            &book(),
            &[
                change(
                    1,
                    vec![text_edit(
                        "2.I.4.E.i",
                        base,
                        "The NEC may shorten the period.",
                    )],
                ),
                change(2, vec![delete("2.I.4.E")]),
            ],
        );
        assert!(outcome.failures.is_empty());
        assert!(!outcome.is_clean());
        assert_eq!(outcome.conflicts.len(), 1);
        assert_eq!(outcome.conflicts[0].key, "2.I.4.E.i");
        assert_eq!(outcome.conflicts[0].change_ids, (1, 2));
        assert_eq!(outcome.book.index_of_key("2.I.4.E"), None);
        // The deleted rule's notes go with it.
        assert!(outcome.provenance.iter().all(|p| p.change_id == 2));
    }

    /// Five changes to the demo edition, and how long the build takes.
    #[test]
    fn the_demo_edition_builds_with_five_changes() {
        let book = match parse_rulebook(DEMO_2024.as_bytes()) {
            Ok(book) => book,
            Err(e) => panic!("demo does not parse: {e:?}"),
        };
        let original = |key: &str| text_at(&book, key).to_string();
        let e_text = original("2.I.4.E");
        let first_para = original("1.I.1");
        let changes = [
            change(
                1,
                vec![insert(
                    "2.I.4.D",
                    "A member excluded in error shall be compensated.",
                )],
            ),
            change(
                2,
                vec![text_edit(
                    "2.I.4.E",
                    &e_text,
                    &e_text.replace("five years", "three years"),
                )],
            ),
            change(3, vec![delete("1.II.3")]),
            change(
                4,
                vec![text_edit(
                    "1.I.1",
                    &first_para,
                    &first_para.replace("The Labour Party", "The Labour and Co-operative Party"),
                )],
            ),
            change(
                5,
                vec![text_edit(
                    "2.I.4.E",
                    &e_text,
                    &e_text.replace(
                        "The NEC shall give reasons",
                        "The NEC shall give written reasons",
                    ),
                )],
            ),
        ];
        let start = std::time::Instant::now();
        let outcome = build(&book, &changes);
        let elapsed = start.elapsed();
        println!(
            "demo edition ({} nodes) with 5 changes built in {elapsed:?}",
            book.nodes.len()
        );
        assert!(
            outcome.is_clean(),
            "{:#?}",
            (&outcome.failures, &outcome.conflicts)
        );
        let built = &outcome.book;
        assert_eq!(built.nodes.len(), book.nodes.len());
        assert!(text_at(built, "2.I.4.A.iv").ends_with("sub-clause 4.F below."));
        assert!(text_at(built, "2.I.4.B").contains("subject to sub-clause 4.G below"));
        let f = text_at(built, "2.I.4.F");
        assert!(
            f.contains("three years") && f.contains("give written reasons"),
            "{f}"
        );
        assert!(text_at(built, "2.I.4.A.i").contains("Chapter 1, Clause II.3,"));
        assert!(text_at(built, "1.I.1").contains("The Labour and Co-operative Party"));
        assert_valid(built);

        // A hundred changes: every one a small edit somewhere, every tenth structural.
        let many: Vec<ChangeSet> = (0..100)
            .map(|i| {
                let index = 1 + (i * 37) % (book.nodes.len() - 1);
                let key = book.key(index);
                let text = book.nodes[index].text.clone();
                let edit = if i % 10 == 0 && book.nodes[index].parent.is_some() {
                    insert(&key, "A new rule.")
                } else {
                    let edited = format!("{text} Amended {i}.");
                    text_edit(&key, &text, edited.trim())
                };
                change(i32::try_from(i).unwrap_or_default(), vec![edit])
            })
            .collect();
        let start = std::time::Instant::now();
        let outcome = build(&book, &many);
        println!(
            "demo edition with 100 changes built in {:?} ({} failures)",
            start.elapsed(),
            outcome.failures.len()
        );
        assert_valid(&outcome.book);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn no_changes_give_the_same_book(book in arb_rulebook()) {
            let outcome = build(&book, &[]);
            prop_assert!(outcome.is_clean());
            prop_assert!(outcome.provenance.is_empty());
            prop_assert_eq!(&outcome.book, &book);
            let empty = build(&book, &[change(1, Vec::new())]);
            prop_assert_eq!(&empty.book, &book);
        }

        #[test]
        fn a_rule_inserted_anywhere_leaves_a_valid_edition(
            book in arb_rulebook(),
            pick in any::<prop::sample::Index>(),
        ) {
            let index = pick.index(book.nodes.len());
            let key = book.key(index);
            let outcome = build(&book, &[change(1, vec![insert(&key, "Inserted.")])]);
            if book.nodes[index].parent.is_none() {
                prop_assert_eq!(outcome.failures.len(), 1);
                prop_assert_eq!(&outcome.book, &book);
            } else {
                prop_assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
                prop_assert_eq!(outcome.book.nodes.len(), book.nodes.len() + 1);
                let exported = export_rulebook(&outcome.book);
                prop_assert!(parse_rulebook(exported.as_bytes()).is_ok(), "{}", exported);
            }
        }

        #[test]
        fn a_rule_deleted_anywhere_leaves_a_valid_edition(
            book in arb_rulebook(),
            pick in any::<prop::sample::Index>(),
        ) {
            let index = pick.index(book.nodes.len());
            let key = book.key(index);
            let outcome = build(&book, &[change(1, vec![delete(&key)])]);
            if book.nodes[index].parent.is_some() {
                prop_assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
                prop_assert!(outcome.book.nodes.len() < book.nodes.len());
                let exported = export_rulebook(&outcome.book);
                prop_assert!(parse_rulebook(exported.as_bytes()).is_ok(), "{}", exported);
            }
        }
    }
}
