//! A change's structural edits: new rules and deletions, planned together on the tree as it
//! stands ([`crate::domain::renumber`]), refused when they renumber the same rules, and made
//! one by one with the following siblings renumbered and the citations of renumbered rules
//! rewritten ([`crate::domain::structure::consequentials`]).

use std::collections::{HashMap, HashSet};

use super::{ChangeSet, UnresolvedCitation, Work, attribution};
use crate::domain::citation::{CitationError, TreeNode, canonical};
use crate::domain::renumber::{RenumberPlan, UnresolvedReason, plan_delete, plan_insert};
use crate::domain::rulebook::tree::Node;
use crate::domain::structure::{
    StructuralEdit, StructureError, check_independent, consequentials, written_label,
};

/// A structural edit resolved to node ids.
#[derive(Debug, Clone)]
pub(super) enum Structural<'c> {
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

impl Work<'_> {
    /// Plans the change's structural edits together on the tree as it stands, rewrites the
    /// citations of renumbered rules, then makes the edits one by one.
    pub(super) fn apply_structural(&mut self, change: &ChangeSet, edits: &[Structural<'_>]) {
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

/// "sub-clause" → "Sub-clause".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
