//! Structural edits in a rule change — a new node after one of its siblings, or a node deleted
//! with everything under it — as formal wording, with their renumbering consequentials.
//!
//! [`word_structural_edit`] plans one edit with [`crate::domain::renumber`] and words it the way
//! conference papers do (`Chapter 2, Clause I.4: 1. Add a new sub-clause 4.B after sub-clause
//! 4.A: "…" 2. Renumber existing sub-clause 4.B accordingly`). [`consequentials`] takes the
//! plans of every structural edit of one rule change, finds the citations elsewhere in the Rule
//! Book that point at a renumbered node, and words their amendment; citations it cannot amend
//! (a reference to a deleted node, an ambiguous one) are listed for the drafter instead.
//!
//! Two structural edits of one rule change must renumber different nodes: when one edit's
//! renumbering reaches a node that another edit also moves, deletes or anchors on, the result
//! would depend on the order they are read in, so the second is refused with a reason.
//!
//! ```
//! use app::domain::citation::TreeNode;
//! use app::domain::numbering::NodeKind;
//! use app::domain::structure::{StructuralEdit, word_structural_edit};
//!
//! let n = |key: &str, kind, label: &str, parent| TreeNode { key: key.into(), kind, label: label.into(), parent };
//! let tree = vec![
//!     n("2", NodeKind::Chapter, "2", None),
//!     n("2.I", NodeKind::Clause, "I", Some(0)),
//!     n("2.I.4", NodeKind::Section, "4", Some(1)),
//!     n("2.I.4.A", NodeKind::SubSection, "A", Some(2)),
//!     n("2.I.4.B", NodeKind::SubSection, "B", Some(2)),
//! ];
//! let edit = StructuralEdit::InsertAfter { anchor: 3, text: "Members shall be heard.".into() };
//! let worded = word_structural_edit(&tree, &edit).unwrap();
//! assert_eq!(worded.new_key.as_deref(), Some("2.I.4.B"));
//! assert_eq!(
//!     worded.wording,
//!     "Chapter 2, Clause I.4:\n\
//!      1. Add a new sub-clause 4.B after sub-clause 4.A: \"Members shall be heard.\"\n\
//!      2. Renumber existing sub-clause 4.B accordingly"
//! );
//! ```

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::citation::{TreeNode, canonical};
use crate::domain::numbering::NodeKind;
use crate::domain::renumber::{
    Consequential, Reference, RenumberError, RenumberPlan, Unresolved, consequential_wording,
    find_references, plan_delete, plan_insert, render_consequentials,
};
use crate::domain::wording::{Instruction, render};

/// One structural edit, by tree index in the edition amended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StructuralEdit {
    /// A new node of the anchor's kind, straight after it, with this text.
    InsertAfter {
        /// Index of the sibling the new node follows.
        anchor: usize,
        /// The new node's text.
        text: String,
    },
    /// The node and everything under it deleted.
    Delete {
        /// Index of the node deleted.
        node: usize,
    },
}

impl StructuralEdit {
    /// The node the edit is anchored on (the sibling before a new node, or the node deleted).
    pub fn node(&self) -> usize {
        match self {
            StructuralEdit::InsertAfter { anchor, .. } => *anchor,
            StructuralEdit::Delete { node } => *node,
        }
    }
}

/// A structural edit planned and worded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordedStructuralEdit {
    /// The formal wording, citing the parent node.
    pub wording: String,
    /// The new node's key (`2.I.4.B`), for an insertion.
    pub new_key: Option<String>,
    /// The new node's label as the wording writes it (`4.B`), for an insertion.
    pub new_label: Option<String>,
    /// What the edit does to the numbering.
    pub plan: RenumberPlan,
}

/// Why a structural edit cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum StructureError {
    /// The edit cannot be planned on this tree.
    #[error("{0}")]
    Renumber(#[from] RenumberError),
    /// Chapters and appendices are not added or deleted by a rule change here.
    #[error("Whole chapters and appendices cannot be added or deleted here; amend their clauses.")]
    TopLevel,
    /// Two structural edits of one rule change renumber the same nodes.
    #[error(
        "This rule change already adds or deletes a rule that renumbers {key}; make this \
         structural change in a separate rule change."
    )]
    Entangled {
        /// A key both edits move, delete or anchor on.
        key: String,
    },
}

/// The label of a node as formal wording writes it: from its section down (`4.B`, `4.B.ii`),
/// or its own label for a section and anything above.
pub fn written_label(tree: &[TreeNode], index: usize) -> String {
    let mut labels = Vec::new();
    let mut at = Some(index);
    while let Some(i) = at {
        let Some(node) = tree.get(i) else { break };
        labels.push(node.label.clone());
        if !matches!(node.kind, NodeKind::SubSection | NodeKind::Item) {
            break;
        }
        at = node.parent;
    }
    labels.reverse();
    labels.join(".")
}

/// Plans and words one structural edit.
pub fn word_structural_edit(
    tree: &[TreeNode],
    edit: &StructuralEdit,
) -> Result<WordedStructuralEdit, StructureError> {
    let index = edit.node();
    let node = tree.get(index).ok_or(RenumberError::NoSuchNode { index })?;
    let parent = node.parent.ok_or(StructureError::TopLevel)?;
    let kind = node.kind;
    let noun = Some(kind);
    let citation = canonical(tree, parent);
    // The first following sibling: it is the one whose number changes first.
    let next_sibling = tree
        .iter()
        .enumerate()
        .skip(index + 1)
        .find(|(_, n)| n.parent == Some(parent) && n.kind == kind)
        .map(|(i, _)| i);
    let renumber_from = next_sibling.map(|i| written_label(tree, i));
    match edit {
        StructuralEdit::InsertAfter { text, .. } => {
            let plan = plan_insert(tree, Some(index), Some(parent), kind)?;
            let written_new = {
                let mut written = written_label(tree, index);
                let own = node.label.len();
                written.truncate(written.len().saturating_sub(own));
                written.push_str(plan.new_label.as_deref().unwrap_or_default());
                written
            };
            let mut instructions = vec![Instruction::InsertNode {
                noun,
                label: written_new.clone(),
                after: Some(written_label(tree, index)),
                text: Some(text.trim().to_owned()),
            }];
            if !plan.moves.is_empty() {
                instructions.push(Instruction::Renumber {
                    noun,
                    from: renumber_from,
                });
            }
            Ok(WordedStructuralEdit {
                wording: render(&citation, &instructions),
                new_key: plan.new_key.clone(),
                new_label: Some(written_new),
                plan,
            })
        }
        StructuralEdit::Delete { .. } => {
            let plan = plan_delete(tree, index)?;
            let mut instructions = vec![Instruction::DeleteNode {
                noun,
                label: Some(written_label(tree, index)),
            }];
            if !plan.moves.is_empty() {
                instructions.push(Instruction::Renumber {
                    noun,
                    from: renumber_from,
                });
            }
            Ok(WordedStructuralEdit {
                wording: render(&citation, &instructions),
                new_key: None,
                new_label: None,
                plan,
            })
        }
    }
}

/// Refuses a set of plans whose renumberings meet: each edit's anchor, deleted and moved keys
/// must be untouched by every other edit.
pub fn check_independent(
    tree: &[TreeNode],
    edits: &[(&StructuralEdit, &RenumberPlan)],
) -> Result<(), StructureError> {
    let touched = |(edit, plan): &(&StructuralEdit, &RenumberPlan)| -> HashSet<String> {
        let mut keys: HashSet<String> = plan.moves.iter().map(|m| m.from.clone()).collect();
        keys.extend(plan.removed.iter().cloned());
        if let Some(anchor) = tree.get(edit.node()) {
            keys.insert(anchor.key.clone());
        }
        keys
    };
    let sets: Vec<HashSet<String>> = edits.iter().map(touched).collect();
    for (i, a) in sets.iter().enumerate() {
        for b in sets.iter().skip(i + 1) {
            if let Some(key) = a.intersection(b).min() {
                return Err(StructureError::Entangled { key: key.clone() });
            }
        }
    }
    Ok(())
}

/// The consequential amendments of a rule change's structural edits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Consequentials {
    /// Citations of renumbered nodes, with their replacements.
    pub references: Vec<Reference>,
    /// One amendment per citing node.
    pub amendments: Vec<Consequential>,
    /// Citation-like text that must be looked at by hand.
    pub unresolved: Vec<Unresolved>,
    /// The amendments as formal wording, headed "Consequential amendments:" (empty if none).
    pub wording: String,
}

/// Finds and words the consequential amendments of independent `plans` (see
/// [`check_independent`]) over the edition's node texts.
pub fn consequentials(
    tree: &[TreeNode],
    texts: &[(usize, &str)],
    plans: &[&RenumberPlan],
) -> Consequentials {
    let mut references = Vec::new();
    let mut unresolved = Vec::new();
    for plan in plans {
        let scan = find_references(texts, tree, plan);
        references.extend(scan.references);
        unresolved.extend(scan.unresolved);
    }
    references.sort_by_key(|r| (r.node, r.range.start));
    references.dedup();
    unresolved.sort_by_key(|u| (u.node, u.range.start));
    unresolved.dedup();
    let amendments = consequential_wording(texts, tree, &references);
    Consequentials {
        wording: render_consequentials(&amendments),
        references,
        amendments,
        unresolved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::wording::apply;

    fn n(key: &str, kind: NodeKind, label: &str, parent: Option<usize>) -> TreeNode {
        TreeNode {
            key: key.into(),
            kind,
            label: label.into(),
            parent,
        }
    }

    /// Chapter 2, Clause I, section 4 with sub-clauses A–D; Chapter 6, Clause I, sections 1–3.
    fn tree() -> Vec<TreeNode> {
        vec![
            n("2", NodeKind::Chapter, "2", None),             // 0
            n("2.I", NodeKind::Clause, "I", Some(0)),         // 1
            n("2.I.4", NodeKind::Section, "4", Some(1)),      // 2
            n("2.I.4.A", NodeKind::SubSection, "A", Some(2)), // 3
            n("2.I.4.B", NodeKind::SubSection, "B", Some(2)), // 4
            n("2.I.4.C", NodeKind::SubSection, "C", Some(2)), // 5
            n("2.I.4.D", NodeKind::SubSection, "D", Some(2)), // 6
            n("6", NodeKind::Chapter, "6", None),             // 7
            n("6.I", NodeKind::Clause, "I", Some(7)),         // 8
            n("6.I.1", NodeKind::Section, "1", Some(8)),      // 9
            n("6.I.2", NodeKind::Section, "2", Some(8)),      // 10
            n("6.I.3", NodeKind::Section, "3", Some(8)),      // 11
        ]
    }

    #[test]
    fn written_labels_start_at_the_section() {
        let tree = tree();
        assert_eq!(written_label(&tree, 4), "4.B");
        assert_eq!(written_label(&tree, 2), "4");
        assert_eq!(written_label(&tree, 1), "I");
    }

    #[test]
    fn deleting_a_sub_clause_renumbers_the_ones_after_it() {
        let tree = tree();
        let worded = word_structural_edit(&tree, &StructuralEdit::Delete { node: 4 }).unwrap();
        assert_eq!(
            worded.wording,
            "Chapter 2, Clause I.4:\n1. Delete sub-clause 4.B\n2. Renumber existing sub-clause 4.C accordingly"
        );
        assert_eq!(worded.plan.removed, ["2.I.4.B"]);
        assert_eq!(worded.plan.moved_to("2.I.4.D"), Some("2.I.4.C"));
    }

    #[test]
    fn deleting_the_last_sibling_needs_no_renumbering() {
        let tree = tree();
        let worded = word_structural_edit(&tree, &StructuralEdit::Delete { node: 11 }).unwrap();
        assert_eq!(worded.wording, "Chapter 6, Clause I — delete section 3");
        assert!(worded.plan.moves.is_empty());
    }

    #[test]
    fn an_insertion_of_a_section_is_worded_with_its_number() {
        let tree = tree();
        let edit = StructuralEdit::InsertAfter {
            anchor: 9,
            text: "  Appeals shall be heard within 28 days.  ".into(),
        };
        let worded = word_structural_edit(&tree, &edit).unwrap();
        assert_eq!(worded.new_key.as_deref(), Some("6.I.2"));
        assert_eq!(worded.new_label.as_deref(), Some("2"));
        assert!(
            worded.wording.contains(
                "Add a new section 2 after section 1: \"Appeals shall be heard within 28 days.\""
            ),
            "{}",
            worded.wording
        );
        assert!(
            worded
                .wording
                .ends_with("Renumber existing section 2 accordingly")
        );
    }

    #[test]
    fn the_wording_reads_back_as_the_same_structural_instructions() {
        let tree = tree();
        let edit = StructuralEdit::InsertAfter {
            anchor: 3,
            text: "New text.".into(),
        };
        let worded = word_structural_edit(&tree, &edit).unwrap();
        let body = worded
            .wording
            .split_once(":\n")
            .map_or(worded.wording.as_str(), |(_, rest)| rest);
        let applied = apply("", body);
        let kinds: Vec<_> = applied
            .structural
            .iter()
            .map(|s| match &s.change {
                Instruction::InsertNode { label, after, .. } => {
                    format!("insert {label} after {after:?}")
                }
                Instruction::Renumber { from, .. } => format!("renumber from {from:?}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "insert 4.B after Some(\"4.A\")",
                "renumber from Some(\"4.B\")"
            ]
        );
    }

    #[test]
    fn chapters_cannot_be_added_or_deleted() {
        let tree = tree();
        assert_eq!(
            word_structural_edit(&tree, &StructuralEdit::Delete { node: 0 }),
            Err(StructureError::TopLevel)
        );
    }

    #[test]
    fn citations_of_renumbered_rules_are_amended_and_of_deleted_ones_listed() {
        let tree = tree();
        let delete = word_structural_edit(&tree, &StructuralEdit::Delete { node: 4 }).unwrap();
        let texts = [
            (3, "Subject to sub-clause 4.D below."),
            (
                10,
                "As in Chapter 2, Clause I.4.B and Chapter 2, Clause I.4.C.",
            ),
        ];
        let found = consequentials(&tree, &texts, &[&delete.plan]);
        let replaced: Vec<_> = found
            .references
            .iter()
            .map(|r| format!("{} → {}", r.text, r.replacement))
            .collect();
        assert_eq!(
            replaced,
            [
                "sub-clause 4.D below → sub-clause 4.C below",
                "Chapter 2, Clause I.4.C → Chapter 2, Clause I.4.B"
            ]
        );
        assert_eq!(found.unresolved.len(), 1);
        assert!(found.unresolved[0].reason.message().contains("2.I.4.B"));
        assert!(found.wording.starts_with("Consequential amendments:\n"));
        assert_eq!(found.amendments.len(), 2);
        assert_eq!(
            found.amendments[0].edited,
            "Subject to sub-clause 4.C below."
        );
    }

    #[test]
    fn edits_that_renumber_the_same_rules_are_refused() {
        let tree = tree();
        let insert = StructuralEdit::InsertAfter {
            anchor: 3,
            text: "x".into(),
        };
        let delete = StructuralEdit::Delete { node: 5 };
        let far = StructuralEdit::Delete { node: 10 };
        let plan = |e: &StructuralEdit| word_structural_edit(&tree, e).unwrap().plan;
        let (pi, pd, pf) = (plan(&insert), plan(&delete), plan(&far));
        assert!(matches!(
            check_independent(&tree, &[(&insert, &pi), (&delete, &pd)]),
            Err(StructureError::Entangled { .. })
        ));
        assert_eq!(
            check_independent(&tree, &[(&insert, &pi), (&far, &pf)]),
            Ok(())
        );
    }
}
