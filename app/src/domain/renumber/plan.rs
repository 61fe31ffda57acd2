//! Step 1 of renumbering: planning an insertion or deletion. The plan is the new node's label
//! and key and the simultaneous map of old keys to new keys for every following sibling and
//! everything below it, refused with a reason when the siblings are not numbered in order or
//! the node cannot go there.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::citation::TreeNode;
use crate::domain::numbering::NodeKind;
use crate::domain::rulebook::tree::{is_root_kind, kind_name, kind_plural};

/// One renumbered node: its key before and after the structural edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyMove {
    /// The key in the edition amended (`1.VI.3`).
    pub from: String,
    /// The key it will have (`1.VII.3`).
    pub to: String,
}

/// What a structural edit does to the numbering of one edition.
///
/// `moves` is a simultaneous map (apply it to every key at once, as [`RenumberPlan::apply_to_key`]
/// does): applied one by one, `4.B → 4.C` would collide with the existing `4.C`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RenumberPlan {
    /// The inserted node's label (`B`); `None` for a deletion.
    pub new_label: Option<String>,
    /// The inserted node's key (`2.I.4.B`); `None` for a deletion.
    pub new_key: Option<String>,
    /// The deleted node's key and its descendants' keys, in document order; empty for an
    /// insertion.
    pub removed: Vec<String>,
    /// Every renumbered node (following siblings and all their descendants), in document order.
    pub moves: Vec<KeyMove>,
}

impl RenumberPlan {
    /// The new key of a renumbered node, `None` if `key` is not renumbered.
    pub fn moved_to(&self, key: &str) -> Option<&str> {
        self.moves
            .iter()
            .find(|m| m.from == key)
            .map(|m| m.to.as_str())
    }

    /// Whether the edit deletes the node with this key.
    pub fn is_removed(&self, key: &str) -> bool {
        self.removed.iter().any(|k| k == key)
    }

    /// A key of the edition amended as it will be after the edit: renumbered, unchanged, or
    /// `None` when the node is deleted.
    ///
    /// ```
    /// use app::domain::renumber::{KeyMove, RenumberPlan};
    /// let plan = RenumberPlan {
    ///     moves: vec![KeyMove { from: "1.VI".into(), to: "1.VII".into() }],
    ///     ..RenumberPlan::default()
    /// };
    /// assert_eq!(plan.apply_to_key("1.VI").as_deref(), Some("1.VII"));
    /// assert_eq!(plan.apply_to_key("1.V").as_deref(), Some("1.V"));
    /// ```
    pub fn apply_to_key(&self, key: &str) -> Option<String> {
        if self.is_removed(key) {
            return None;
        }
        Some(self.moved_to(key).unwrap_or(key).to_string())
    }
}

/// Why a structural edit cannot be planned on this tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum RenumberError {
    /// An index is outside the tree.
    #[error("there is no node number {index} in this edition")]
    NoSuchNode {
        /// The index given.
        index: usize,
    },
    /// `after` is not a child of `parent`.
    #[error("{after} is not directly under {parent}")]
    NotASibling {
        /// Key of the node given as `after`.
        after: String,
        /// Key of the parent given (`the top level` for roots).
        parent: String,
    },
    /// A node of this kind cannot go there.
    #[error("a {kind} cannot be placed under {parent}")]
    WrongPlace {
        /// Name of the kind to insert.
        kind: String,
        /// Key of the parent (`the top level` for roots).
        parent: String,
    },
    /// The parent's children are of another kind; all children of one node are of one kind.
    #[error("{parent} holds {existing}, so a {kind} cannot be added to it")]
    MixedKinds {
        /// Name of the kind to insert.
        kind: String,
        /// Plural name of the kind of the existing children.
        existing: String,
        /// Key of the parent.
        parent: String,
    },
    /// Siblings are not numbered 1, 2, 3 … in order, so renumbering them would be a guess.
    #[error("{key} is out of sequence: it should be numbered {expected}")]
    IrregularNumbering {
        /// Key of the first sibling out of sequence.
        key: String,
        /// The label it should have.
        expected: String,
    },
}

const TOP_LEVEL: &str = "the top level";

/// Children lists of a tree and the roots, built once.
pub(super) struct Children {
    roots: Vec<usize>,
    lists: Vec<Vec<usize>>,
}

impl Children {
    pub(super) fn new(tree: &[TreeNode]) -> Self {
        let mut roots = Vec::new();
        let mut lists = vec![Vec::new(); tree.len()];
        for (i, node) in tree.iter().enumerate() {
            match node.parent {
                None => roots.push(i),
                Some(p) => {
                    if let Some(list) = lists.get_mut(p) {
                        list.push(i);
                    }
                }
            }
        }
        Children { roots, lists }
    }

    pub(super) fn of(&self, i: usize) -> &[usize] {
        self.lists.get(i).map(Vec::as_slice).unwrap_or(&[])
    }
}

fn node(tree: &[TreeNode], index: usize) -> Result<&TreeNode, RenumberError> {
    tree.get(index).ok_or(RenumberError::NoSuchNode { index })
}

fn parent_name(tree: &[TreeNode], parent: Option<usize>) -> String {
    parent
        .and_then(|p| tree.get(p))
        .map_or_else(|| TOP_LEVEL.to_string(), |n| n.key.clone())
}

/// The key of a child of `parent` with this kind and label (`appendix-` for appendices).
pub(super) fn child_key(parent: Option<&TreeNode>, kind: NodeKind, label: &str) -> String {
    match parent {
        Some(p) => format!("{}.{label}", p.key),
        None if kind == NodeKind::Appendix => format!("appendix-{label}"),
        None => label.to_string(),
    }
}

/// The siblings among which a node of `kind` goes under `parent`, checked for kind and
/// numbering.
fn sibling_group(
    tree: &[TreeNode],
    children: &Children,
    parent: Option<usize>,
    kind: NodeKind,
) -> Result<Vec<usize>, RenumberError> {
    let group: Vec<usize> = match parent {
        None => {
            if !is_root_kind(kind) {
                return Err(RenumberError::WrongPlace {
                    kind: kind_name(kind).to_string(),
                    parent: TOP_LEVEL.to_string(),
                });
            }
            children
                .roots
                .iter()
                .copied()
                .filter(|&r| tree.get(r).is_some_and(|n| n.kind == kind))
                .collect()
        }
        Some(p) => {
            let parent_node = node(tree, p)?;
            if is_root_kind(kind) || kind.heading_level() <= parent_node.kind.heading_level() {
                return Err(RenumberError::WrongPlace {
                    kind: kind_name(kind).to_string(),
                    parent: parent_node.key.clone(),
                });
            }
            let group = children.of(p).to_vec();
            if let Some(other) = group
                .iter()
                .filter_map(|&c| tree.get(c))
                .find(|c| c.kind != kind)
            {
                return Err(RenumberError::MixedKinds {
                    kind: kind_name(kind).to_string(),
                    existing: kind_plural(other.kind).to_string(),
                    parent: parent_node.key.clone(),
                });
            }
            group
        }
    };
    let style = kind.label_style();
    for (position, &sibling) in group.iter().enumerate() {
        let expected = style.label(ordinal_at(position));
        let sibling = node(tree, sibling)?;
        if sibling.label != expected {
            return Err(RenumberError::IrregularNumbering {
                key: sibling.key.clone(),
                expected,
            });
        }
    }
    Ok(group)
}

/// The 1-based ordinal of the sibling at 0-based `position`.
fn ordinal_at(position: usize) -> u32 {
    u32::try_from(position)
        .unwrap_or(u32::MAX - 1)
        .saturating_add(1)
}

/// Moves for `sibling` relabelled `new_label` and for all its descendants, in document order.
fn subtree_moves(
    tree: &[TreeNode],
    children: &Children,
    parent: Option<&TreeNode>,
    sibling: usize,
    new_label: &str,
    out: &mut Vec<(usize, KeyMove)>,
) {
    let Some(top) = tree.get(sibling) else {
        return;
    };
    let mut stack = vec![(sibling, child_key(parent, top.kind, new_label))];
    let mut seen: HashSet<usize> = HashSet::new();
    while let Some((index, to)) = stack.pop() {
        // A hand-built tree with a parent cycle must not loop.
        if !seen.insert(index) {
            continue;
        }
        let Some(current) = tree.get(index) else {
            continue;
        };
        for &child in children.of(index).iter().rev() {
            if let Some(c) = tree.get(child) {
                stack.push((child, format!("{to}.{}", c.label)));
            }
        }
        if current.key != to {
            out.push((
                index,
                KeyMove {
                    from: current.key.clone(),
                    to,
                },
            ));
        }
    }
}

fn finish(mut moves: Vec<(usize, KeyMove)>) -> Vec<KeyMove> {
    moves.sort_by_key(|(index, _)| *index);
    moves.into_iter().map(|(_, m)| m).collect()
}

/// Plans inserting a new node of `kind` under `parent` (`None`: a chapter or appendix), right
/// after the sibling with tree index `after` (`None`: as the first child). Every following
/// sibling moves up one label, with all its descendants.
///
/// ```
/// use app::domain::citation::TreeNode;
/// use app::domain::numbering::NodeKind;
/// use app::domain::renumber::plan_insert;
/// let n = |key: &str, kind, label: &str, parent| TreeNode { key: key.into(), kind, label: label.into(), parent };
/// let tree = vec![
///     n("1", NodeKind::Chapter, "1", None),
///     n("1.I", NodeKind::Clause, "I", Some(0)),
///     n("1.II", NodeKind::Clause, "II", Some(0)),
///     n("1.II.1", NodeKind::Section, "1", Some(2)),
/// ];
/// let plan = plan_insert(&tree, None, Some(0), NodeKind::Clause).unwrap();
/// assert_eq!(plan.new_key.as_deref(), Some("1.I"));
/// let moves: Vec<_> = plan.moves.iter().map(|m| format!("{}→{}", m.from, m.to)).collect();
/// assert_eq!(moves, ["1.I→1.II", "1.II→1.III", "1.II.1→1.III.1"]);
/// ```
pub fn plan_insert(
    tree: &[TreeNode],
    after: Option<usize>,
    parent: Option<usize>,
    kind: NodeKind,
) -> Result<RenumberPlan, RenumberError> {
    let children = Children::new(tree);
    let group = sibling_group(tree, &children, parent, kind)?;
    let position = match after {
        None => 0,
        Some(a) => {
            let after_node = node(tree, a)?;
            match group.iter().position(|&s| s == a) {
                Some(p) => p + 1,
                None => {
                    return Err(RenumberError::NotASibling {
                        after: after_node.key.clone(),
                        parent: parent_name(tree, parent),
                    });
                }
            }
        }
    };
    let parent_node = parent.and_then(|p| tree.get(p));
    let style = kind.label_style();
    let new_label = style.label(ordinal_at(position));
    let mut moves = Vec::new();
    for (offset, &sibling) in group.iter().enumerate().skip(position) {
        let label = style.label(ordinal_at(offset).saturating_add(1));
        subtree_moves(tree, &children, parent_node, sibling, &label, &mut moves);
    }
    Ok(RenumberPlan {
        new_key: Some(child_key(parent_node, kind, &new_label)),
        new_label: Some(new_label),
        removed: Vec::new(),
        moves: finish(moves),
    })
}

/// Plans deleting node `index` with everything below it. Every following sibling moves down
/// one label, with all its descendants.
///
/// ```
/// use app::domain::citation::TreeNode;
/// use app::domain::numbering::NodeKind;
/// use app::domain::renumber::plan_delete;
/// let n = |key: &str, kind, label: &str, parent| TreeNode { key: key.into(), kind, label: label.into(), parent };
/// let tree = vec![
///     n("appendix-2", NodeKind::Appendix, "2", None),
///     n("appendix-2.3", NodeKind::Section, "3", Some(0)),
///     n("appendix-2.3.A", NodeKind::SubSection, "A", Some(1)),
///     n("appendix-2.3.B", NodeKind::SubSection, "B", Some(1)),
///     n("appendix-2.3.B.i", NodeKind::Item, "i", Some(3)),
/// ];
/// let plan = plan_delete(&tree, 2).unwrap();
/// assert_eq!(plan.removed, ["appendix-2.3.A"]);
/// let moves: Vec<_> = plan.moves.iter().map(|m| format!("{}→{}", m.from, m.to)).collect();
/// assert_eq!(moves, ["appendix-2.3.B→appendix-2.3.A", "appendix-2.3.B.i→appendix-2.3.A.i"]);
/// ```
pub fn plan_delete(tree: &[TreeNode], index: usize) -> Result<RenumberPlan, RenumberError> {
    let target = node(tree, index)?;
    let children = Children::new(tree);
    let group = sibling_group(tree, &children, target.parent, target.kind)?;
    let position =
        group
            .iter()
            .position(|&s| s == index)
            .ok_or_else(|| RenumberError::NotASibling {
                after: target.key.clone(),
                parent: parent_name(tree, target.parent),
            })?;
    // The deleted subtree, in document order.
    let mut removed: Vec<usize> = Vec::new();
    let mut stack = vec![index];
    let mut seen: HashSet<usize> = HashSet::new();
    while let Some(i) = stack.pop() {
        if seen.insert(i) {
            removed.push(i);
            stack.extend(children.of(i).iter().copied());
        }
    }
    removed.sort_unstable();
    let parent_node = target.parent.and_then(|p| tree.get(p));
    let style = target.kind.label_style();
    let mut moves = Vec::new();
    for (offset, &sibling) in group.iter().enumerate().skip(position + 1) {
        // The sibling at 0-based `offset` takes ordinal `offset` (one down).
        let label = style.label(ordinal_at(offset).saturating_sub(1).max(1));
        subtree_moves(tree, &children, parent_node, sibling, &label, &mut moves);
    }
    Ok(RenumberPlan {
        new_label: None,
        new_key: None,
        removed: removed
            .into_iter()
            .filter_map(|i| tree.get(i).map(|n| n.key.clone()))
            .collect(),
        moves: finish(moves),
    })
}
