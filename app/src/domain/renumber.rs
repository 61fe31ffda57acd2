//! Renumbering consequentials of structural edits: inserting or deleting a node renumbers its
//! following siblings and everything below them, and citations elsewhere in the Rule Book that
//! point at a renumbered node must be amended in the same rule change.
//!
//! Three steps, all pure data in and out:
//! 1. [`plan_insert`] / [`plan_delete`] give a [`RenumberPlan`]: the new node's label and key,
//!    and the simultaneous map of old keys to new keys (`2.I.4.D → 2.I.4.E`, with every
//!    descendant: `1.VII.2.A → 1.VIII.2.A`).
//! 2. [`find_references`] scans every node's text for citations in the styles the Rule Book
//!    uses — absolute (`Chapter 6, Clause I.1.B`, `Chapter 4, Part A, Clause II.3`, `C1.X.2`,
//!    `2.I.4.B`, `Rule 5.4.3`, `Appendix 2.3.A`) and relative to the citing node (`Clause IV.5
//!    below` within its chapter or part, `sub-clause 4.D below` / `4.D below` / `section 2
//!    above` within its clause) — resolves each with [`crate::domain::citation`], and reports
//!    those whose target is renumbered, with the replacement written in the same style
//!    (`Clause VII below` → `Clause VIII below`, `Rule 5.4.3` → `Rule 5.5.3`).
//! 3. [`consequential_wording`] turns those replacements into formal instructions with the
//!    wording engine ([`crate::domain::wording::generate_for`]), one amendment per citing node.
//!
//! The scan is conservative: a citation is reported only when it resolves to exactly one node;
//! anything that looks like a citation but does not (no such rule, ambiguous, no scope for a
//! relative reference, "below" pointing above, a target the change deletes) is listed in
//! [`ReferenceScan::unresolved`] with its reason, never guessed at.
//!
//! A relative citation is read in the nearest enclosing scope whose children carry its first
//! label exactly (`4.D` inside Clause I of Chapter 2 means `2.I.4.D`); its replacement changes
//! only the labels it spells out, so `section 2 below` inside a clause that is itself renumbered
//! needs no amendment.
//!
//! ```
//! use app::domain::citation::TreeNode;
//! use app::domain::numbering::NodeKind;
//! use app::domain::renumber::{consequential_wording, find_references, plan_insert, render_consequentials};
//!
//! let n = |key: &str, kind, label: &str, parent| TreeNode { key: key.into(), kind, label: label.into(), parent };
//! let tree = vec![
//!     n("2", NodeKind::Chapter, "2", None),
//!     n("2.I", NodeKind::Clause, "I", Some(0)),
//!     n("2.I.4", NodeKind::Section, "4", Some(1)),
//!     n("2.I.4.A", NodeKind::SubSection, "A", Some(2)),
//!     n("2.I.4.B", NodeKind::SubSection, "B", Some(2)),
//!     n("6", NodeKind::Chapter, "6", None),
//!     n("6.I", NodeKind::Clause, "I", Some(5)),
//!     n("6.I.3", NodeKind::Section, "3", Some(6)),
//! ];
//! // A new sub-clause 4.B after 4.A: the old 4.B becomes 4.C.
//! let plan = plan_insert(&tree, Some(3), Some(2), NodeKind::SubSection).unwrap();
//! assert_eq!(plan.new_key.as_deref(), Some("2.I.4.B"));
//! assert_eq!((plan.moves[0].from.as_str(), plan.moves[0].to.as_str()), ("2.I.4.B", "2.I.4.C"));
//!
//! let texts = [
//!     (3, "Subject to sub-clause 4.B below."),
//!     (7, "As provided in Chapter 2, Clause I.4.B."),
//! ];
//! let scan = find_references(&texts, &tree, &plan);
//! assert_eq!(scan.references.len(), 2);
//! assert_eq!(scan.references[0].replacement, "sub-clause 4.C below");
//! let amendments = consequential_wording(&texts, &tree, &scan.references);
//! assert_eq!(
//!     render_consequentials(&amendments),
//!     "Consequential amendments:\n\
//!      Chapter 2, Clause I.4.A — delete \"4.B\" and insert \"4.C\"\n\
//!      Chapter 6, Clause I.3 — delete \"I.4.B\" and insert \"I.4.C\""
//! );
//! ```

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::domain::citation::{
    Citation, CitationError, Segment, TreeNode, canonical, resolve_citation,
};
use crate::domain::numbering::{LabelStyle, NodeKind};
use crate::domain::rulebook::tree::{is_root_kind, kind_name, kind_plural};
use crate::domain::wording::{Generated, generate_for};

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
struct Children {
    roots: Vec<usize>,
    lists: Vec<Vec<usize>>,
}

impl Children {
    fn new(tree: &[TreeNode]) -> Self {
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

    fn of(&self, i: usize) -> &[usize] {
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
fn child_key(parent: Option<&TreeNode>, kind: NodeKind, label: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// Finding references
// ---------------------------------------------------------------------------------------------

/// A citation in some node's text that points at a renumbered node, with its replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Tree index of the citing node.
    pub node: usize,
    /// Key of the citing node (before the edit).
    pub node_key: String,
    /// Byte range of the citation in the citing node's text.
    pub range: Range<usize>,
    /// The citation as written (`sub-clause 4.D below`).
    pub text: String,
    /// Key of the node cited, before the edit (`2.I.4.D`).
    pub target_old: String,
    /// Its key after the edit (`2.I.4.E`).
    pub target_new: String,
    /// The citation rewritten in the same style (`sub-clause 4.E below`).
    pub replacement: String,
}

/// Something that looks like a citation but could not be checked or amended automatically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unresolved {
    /// Tree index of the citing node.
    pub node: usize,
    /// Key of the citing node.
    pub node_key: String,
    /// Byte range of the text in the citing node's text.
    pub range: Range<usize>,
    /// The text as written.
    pub text: String,
    /// Why it was not resolved.
    pub reason: UnresolvedReason,
}

/// Why a citation-like text was not resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum UnresolvedReason {
    /// The citation names no rule, or several (and one of them is affected by the edit).
    Citation {
        /// What the citation resolver said.
        error: CitationError,
    },
    /// A relative citation whose first label fits no scope around the citing node.
    NoScope,
    /// "below" naming a rule above the citing node, or "above" one below it.
    WrongDirection {
        /// Key of the node the citation resolved to.
        key: String,
    },
    /// The citation names a node that the edit deletes: it must be amended by hand.
    TargetRemoved {
        /// Key of the deleted node.
        key: String,
    },
}

impl UnresolvedReason {
    /// One sentence for the person drafting.
    pub fn message(&self) -> String {
        match self {
            UnresolvedReason::Citation { error } => error.to_string(),
            UnresolvedReason::NoScope => String::from(
                "This reference is relative to the rule it stands in, but no rule around it \
                 contains one numbered so.",
            ),
            UnresolvedReason::WrongDirection { key } => format!(
                "This reference says “above” or “below”, but the rule it names ({key}) is on \
                 the other side."
            ),
            UnresolvedReason::TargetRemoved { key } => {
                format!("This reference names {key}, which the change deletes; amend it by hand.")
            }
        }
    }
}

/// Result of [`find_references`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReferenceScan {
    /// Citations of renumbered nodes, by citing node and position.
    pub references: Vec<Reference>,
    /// Citation-like text that could not be resolved, or names a deleted node.
    pub unresolved: Vec<Unresolved>,
}

/// "above" or "below" after a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Above,
    Below,
}

/// One label of a citation found in text.
#[derive(Debug, Clone)]
struct FoundSegment {
    range: Range<usize>,
    kind: Option<NodeKind>,
}

/// A citation found in text, before resolution.
#[derive(Debug, Clone)]
struct Found {
    /// The whole citation, keyword and direction included.
    range: Range<usize>,
    /// For an absolute citation: the root's kind and the range of its number.
    root: Option<(NodeKind, Range<usize>)>,
    /// Labels below the root (absolute) or below the scope (relative).
    segments: Vec<FoundSegment>,
    direction: Option<Direction>,
}

/// Longest label read (`xxxviii`); longer words are not labels.
const MAX_LABEL: usize = 8;

/// Whether `word` can be a label in some numbering style. Lower-case Roman numerals are limited
/// to small values so that English words ("mix", "mid") are not read as items.
fn is_label(word: &str) -> bool {
    if word.is_empty() || word.len() > MAX_LABEL {
        return false;
    }
    LabelStyle::Arabic.ordinal(word).is_some()
        || (word.len() <= 2 && LabelStyle::UpperLetter.ordinal(word).is_some())
        || LabelStyle::UpperRoman.ordinal(word).is_some()
        || LabelStyle::LowerRoman
            .ordinal(word)
            .is_some_and(|n| n <= 40)
        || (word.len() == 1 && word.bytes().all(|b| b.is_ascii_lowercase()))
}

/// A cursor over one text's bytes; every position it stops at is an ASCII character or the
/// end, so slicing at it is safe.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
        }
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn is_alnum(&self, i: usize) -> bool {
        self.byte(i).is_some_and(|b| b.is_ascii_alphanumeric())
    }

    /// End of the run of ASCII alphanumerics starting at `i`.
    fn alnum_end(&self, i: usize) -> usize {
        let mut end = i;
        while self.is_alnum(end) {
            end += 1;
        }
        end
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.byte(i) == Some(b' ') {
            i += 1;
        }
        i
    }

    /// A word of letters with inner hyphens (`sub-clause`), ending at a non-alphanumeric.
    fn word(&self, i: usize) -> Option<(usize, &'a str)> {
        let mut end = i;
        loop {
            while self.byte(end).is_some_and(|b| b.is_ascii_alphabetic()) {
                end += 1;
            }
            if self.byte(end) == Some(b'-')
                && self.byte(end + 1).is_some_and(|b| b.is_ascii_alphabetic())
                && end > i
            {
                end += 1;
                continue;
            }
            break;
        }
        if end == i || self.is_alnum(end) {
            return None;
        }
        self.text.get(i..end).map(|w| (end, w))
    }

    /// One label at `i`: an alphanumeric run that is a label and ends at a word boundary.
    fn label(&self, i: usize) -> Option<Range<usize>> {
        let end = self.alnum_end(i);
        let word = self.text.get(i..end)?;
        is_label(word).then_some(i..end)
    }

    /// Labels joined by dots (`I.4.B`): a trailing full stop is not part of it.
    fn path(&self, i: usize) -> Option<Vec<Range<usize>>> {
        let first = self.label(i)?;
        let mut end = first.end;
        let mut out = vec![first];
        while self.byte(end) == Some(b'.') {
            match self.label(end + 1) {
                Some(next) => {
                    end = next.end;
                    out.push(next);
                }
                None => break,
            }
        }
        Some(out)
    }

    /// " above" / " below" right after `i`.
    fn direction(&self, i: usize) -> Option<(usize, Direction)> {
        let start = self.skip_spaces(i);
        if start == i {
            return None;
        }
        let (end, word) = self.word(start)?;
        match word {
            "above" => Some((end, Direction::Above)),
            "below" => Some((end, Direction::Below)),
            _ => None,
        }
    }

    fn with_direction(&self, mut found: Found) -> Found {
        if let Some((end, direction)) = self.direction(found.range.end) {
            found.range.end = end;
            found.direction = Some(direction);
        }
        found
    }

    /// Every citation in the text, in order.
    fn scan(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.bytes.len() {
            let at_start = self.is_alnum(i)
                && (i == 0
                    || !matches!(self.byte(i - 1), Some(b) if b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
            if at_start {
                if let Some(found) = self.citation_at(i) {
                    i = found.range.end.max(i + 1);
                    out.push(found);
                    continue;
                }
                i = self.alnum_end(i).max(i + 1);
            } else {
                i += 1;
            }
        }
        out
    }

    fn citation_at(&self, i: usize) -> Option<Found> {
        self.absolute(i)
            .or_else(|| self.rule(i))
            .or_else(|| self.compact(i, false))
            .or_else(|| self.keyword_relative(i))
            .or_else(|| self.bare_relative(i))
            .or_else(|| self.compact(i, true))
            .map(|found| self.with_direction(found))
    }

    /// `Chapter 6, Clause I.1.B`, `Chapter 4, Part A, Clause II.3`, `Chapter 3.2.A`,
    /// `Appendix 2.3.A`.
    fn absolute(&self, i: usize) -> Option<Found> {
        let (end, word) = self.word(i)?;
        let root_kind = match word {
            "Chapter" | "chapter" => NodeKind::Chapter,
            "Appendix" | "appendix" => NodeKind::Appendix,
            _ => return None,
        };
        let number_start = self.skip_spaces(end);
        if number_start == end {
            return None;
        }
        let number_end = self.alnum_end(number_start);
        let number = self.text.get(number_start..number_end)?;
        LabelStyle::Arabic.ordinal(number)?;
        let mut found = Found {
            range: i..number_end,
            root: Some((root_kind, number_start..number_end)),
            segments: Vec::new(),
            direction: None,
        };
        if self.byte(number_end) == Some(b'.') {
            // `Chapter 3.2.A`
            self.push_path(&mut found, number_end + 1, None);
        }
        loop {
            // `, Part A`, `, Clause I.4`, ` Clause I`, `, section 4.B`.
            let mut at = found.range.end;
            if self.byte(at) == Some(b',') {
                at += 1;
            }
            let at = self.skip_spaces(at);
            if at == found.range.end {
                break;
            }
            let Some((word_end, word)) = self.word(at) else {
                break;
            };
            let Some(kind) = keyword_kind(word) else {
                break;
            };
            let label_start = self.skip_spaces(word_end);
            if label_start == word_end || !self.push_path(&mut found, label_start, kind) {
                break;
            }
        }
        Some(found)
    }

    /// Extends `found` with the dotted path starting at `start`; its first label gets `kind`.
    /// Returns whether a path was read.
    fn push_path(&self, found: &mut Found, start: usize, kind: Option<NodeKind>) -> bool {
        let Some(path) = self.path(start) else {
            return false;
        };
        for (n, range) in path.into_iter().enumerate() {
            found.range.end = range.end;
            found.segments.push(FoundSegment {
                range,
                kind: if n == 0 { kind } else { None },
            });
        }
        true
    }

    /// `C1.X.2`; with `bare`, a key without the `C` whose second label is a small Roman
    /// numeral (`2.I.4.B`), so that `4.D` or `4.C` is not read as a chapter and clause.
    fn compact(&self, i: usize, bare: bool) -> Option<Found> {
        let end = self.alnum_end(i);
        let word = self.text.get(i..end)?;
        let number_start = if bare {
            i
        } else if word.starts_with('C') {
            i + 1
        } else {
            return None;
        };
        let number = self.text.get(number_start..end)?;
        LabelStyle::Arabic.ordinal(number)?;
        if self.byte(end) != Some(b'.') {
            return None;
        }
        let path = self.path(end + 1)?;
        let second = path.first().and_then(|r| self.text.get(r.clone()))?;
        if bare
            && !(second.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
                && LabelStyle::UpperRoman.ordinal(second).is_some())
        {
            return None;
        }
        let range_end = path.last().map_or(end, |r| r.end);
        Some(Found {
            range: i..range_end,
            root: Some((NodeKind::Chapter, number_start..end)),
            segments: path
                .into_iter()
                .map(|range| FoundSegment { range, kind: None })
                .collect(),
            direction: None,
        })
    }

    /// `Rule 5.4.3`: chapter, then clause and section as numbers.
    fn rule(&self, i: usize) -> Option<Found> {
        let (end, word) = self.word(i)?;
        if !matches!(word, "Rule" | "rule") {
            return None;
        }
        let start = self.skip_spaces(end);
        if start == end {
            return None;
        }
        let path = self.path(start)?;
        let (root, rest) = path.split_first()?;
        LabelStyle::Arabic.ordinal(self.text.get(root.clone())?)?;
        if rest.is_empty() {
            return None;
        }
        Some(Found {
            range: i..rest.last().map_or(root.end, |r| r.end),
            root: Some((NodeKind::Chapter, root.clone())),
            segments: rest
                .iter()
                .map(|range| FoundSegment {
                    range: range.clone(),
                    kind: None,
                })
                .collect(),
            direction: None,
        })
    }

    /// `Clause IV.5`, `sub-clause 4.D`, `section 2`, `Part B` — relative to the citing node.
    fn keyword_relative(&self, i: usize) -> Option<Found> {
        let (end, word) = self.word(i)?;
        let kind = keyword_kind(word)?;
        let start = self.skip_spaces(end);
        if start == end {
            return None;
        }
        let path = self.path(start)?;
        let mut found = Found {
            range: i..path.last().map_or(start, |r| r.end),
            root: None,
            segments: Vec::new(),
            direction: None,
        };
        for (n, range) in path.into_iter().enumerate() {
            found.segments.push(FoundSegment {
                range,
                kind: if n == 0 { kind } else { None },
            });
        }
        Some(found)
    }

    /// `4.D below`, `I.6 above`: a dotted path followed by a direction.
    fn bare_relative(&self, i: usize) -> Option<Found> {
        let path = self.path(i)?;
        if path.len() < 2 {
            return None;
        }
        let first = self.text.get(path.first()?.clone())?;
        if LabelStyle::Arabic.ordinal(first).is_none()
            && LabelStyle::UpperRoman.ordinal(first).is_none()
        {
            return None;
        }
        let end = path.last().map_or(i, |r| r.end);
        self.direction(end)?;
        Some(Found {
            range: i..end,
            root: None,
            segments: path
                .into_iter()
                .map(|range| FoundSegment { range, kind: None })
                .collect(),
            direction: None,
        })
    }
}

/// Whether `word` introduces a label, and the kind it fixes: `Some(Some(Clause))` for
/// "Clause", `Some(None)` for the loose words ("sub-clause", "section"), `None` for other words.
fn keyword_kind(word: &str) -> Option<Option<NodeKind>> {
    match word {
        "Clause" | "clause" | "Clauses" | "clauses" => Some(Some(NodeKind::Clause)),
        "Part" => Some(Some(NodeKind::Part)),
        _ => matches!(
            word.to_ascii_lowercase().as_str(),
            "sub-clause"
                | "sub-clauses"
                | "subclause"
                | "subclauses"
                | "section"
                | "sections"
                | "sub-section"
                | "sub-sections"
                | "subsection"
                | "subsections"
                | "paragraph"
                | "paragraphs"
                | "item"
                | "items"
        )
        .then_some(None),
    }
}

/// Shared lookups over one tree.
struct Lookup<'a> {
    tree: &'a [TreeNode],
    children: Children,
    by_canonical: HashMap<String, usize>,
}

impl<'a> Lookup<'a> {
    fn new(tree: &'a [TreeNode]) -> Self {
        let by_canonical = (0..tree.len()).map(|i| (canonical(tree, i), i)).collect();
        Lookup {
            tree,
            children: Children::new(tree),
            by_canonical,
        }
    }

    /// Root-first path of node `i`, bounded against parent cycles.
    fn path(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cursor = Some(i);
        while let Some(index) = cursor {
            if out.len() > self.tree.len() || self.tree.get(index).is_none() {
                break;
            }
            out.push(index);
            cursor = self.tree.get(index).and_then(|n| n.parent);
        }
        out.reverse();
        out
    }

    /// The citation of the labels on `path` (a root-first path) followed by `extra`.
    fn citation_of(&self, path: &[usize], extra: Vec<Segment>, text: &str) -> Option<Citation> {
        let (&root, rest) = path.split_first()?;
        let root = self.tree.get(root)?;
        let mut segments: Vec<Segment> = rest
            .iter()
            .filter_map(|&i| self.tree.get(i))
            .map(|n| Segment {
                label: n.label.clone(),
                kind: matches!(n.kind, NodeKind::Part | NodeKind::Clause).then_some(n.kind),
            })
            .collect();
        segments.extend(extra);
        Some(Citation {
            text: text.to_string(),
            root_kind: root.kind,
            root: root.label.parse().ok()?,
            segments,
        })
    }
}

/// Whether a written label reads as `node`'s label: equal ignoring case, or an arabic number
/// for a Roman clause number (`Rule 5.4.3`).
fn label_matches(written: &str, node: &TreeNode) -> bool {
    if written.eq_ignore_ascii_case(&node.label) {
        return true;
    }
    node.kind == NodeKind::Clause
        && written.bytes().all(|b| b.is_ascii_digit())
        && LabelStyle::Arabic.ordinal(written) == LabelStyle::UpperRoman.ordinal(&node.label)
}

/// `label` (a node of `kind`'s new label) written the way `written` was: arabic for a clause
/// cited by number, lower or upper case as written.
fn restyle(written: &str, kind: NodeKind, label: &str) -> String {
    let style = kind.label_style();
    let Some(ordinal) = style.ordinal(label) else {
        return label.to_string();
    };
    if written.bytes().all(|b| b.is_ascii_digit()) {
        return LabelStyle::Arabic.label(ordinal);
    }
    let rendered = style.label(ordinal);
    if written.bytes().all(|b| b.is_ascii_lowercase()) {
        rendered.to_ascii_lowercase()
    } else if written.bytes().all(|b| b.is_ascii_uppercase()) {
        rendered.to_ascii_uppercase()
    } else {
        rendered
    }
}

/// The label a key ends with (`1.VII.3` → `3`, `appendix-2` → `2`).
fn last_label(key: &str) -> &str {
    let last = key.rsplit('.').next().unwrap_or(key);
    last.strip_prefix("appendix-").unwrap_or(last)
}

/// Scans the text of every node for citations of nodes that `plan` renumbers or deletes.
///
/// `texts` pairs tree indices with the node's text (the heading is not scanned). The nodes the
/// plan deletes are not scanned: their text goes with them. References are returned in the
/// order of `texts`, then by position. See the module documentation for the styles read.
pub fn find_references(
    texts: &[(usize, &str)],
    tree: &[TreeNode],
    plan: &RenumberPlan,
) -> ReferenceScan {
    let lookup = Lookup::new(tree);
    let mut scan = ReferenceScan::default();
    for &(citing, text) in texts {
        let Some(citing_node) = tree.get(citing) else {
            continue;
        };
        if plan.is_removed(&citing_node.key) {
            continue;
        }
        for found in Scanner::new(text).scan() {
            check_one(&lookup, plan, citing, text, &found, &mut scan);
        }
    }
    scan
}

/// Resolves one found citation and files it as a reference, as unresolved, or not at all (it
/// names a node the plan leaves alone).
fn check_one(
    lookup: &Lookup<'_>,
    plan: &RenumberPlan,
    citing: usize,
    text: &str,
    found: &Found,
    scan: &mut ReferenceScan,
) {
    let tree = lookup.tree;
    let node_key = tree.get(citing).map(|n| n.key.clone()).unwrap_or_default();
    let quoted = text
        .get(found.range.clone())
        .unwrap_or_default()
        .to_string();
    let unresolved = |reason: UnresolvedReason| Unresolved {
        node: citing,
        node_key: node_key.clone(),
        range: found.range.clone(),
        text: quoted.clone(),
        reason,
    };
    let segments: Vec<Segment> = found
        .segments
        .iter()
        .map(|s| Segment {
            label: text.get(s.range.clone()).unwrap_or_default().to_string(),
            kind: s.kind,
        })
        .collect();
    let target = match &found.root {
        Some((root_kind, root_range)) => {
            let Some(root) = text
                .get(root_range.clone())
                .and_then(|r| LabelStyle::Arabic.ordinal(r))
            else {
                return;
            };
            let citation = Citation {
                text: quoted.clone(),
                root_kind: *root_kind,
                root,
                segments,
            };
            resolve_citation(&citation, tree)
        }
        None => match resolve_relative(lookup, citing, &segments, &quoted) {
            Some(result) => result,
            None => {
                scan.unresolved.push(unresolved(UnresolvedReason::NoScope));
                return;
            }
        },
    };
    let target = match target {
        Ok(target) => target,
        Err(error) => {
            // An ambiguous citation matters only if one of its readings is affected.
            if let CitationError::Ambiguous { candidates, .. } = &error {
                let affected = candidates.iter().any(|c| {
                    lookup
                        .by_canonical
                        .get(c)
                        .and_then(|&i| tree.get(i))
                        .is_some_and(|n| plan.is_removed(&n.key) || plan.moved_to(&n.key).is_some())
                });
                if !affected {
                    return;
                }
            }
            scan.unresolved
                .push(unresolved(UnresolvedReason::Citation { error }));
            return;
        }
    };
    let path = lookup.path(target);
    if let Some(removed) = path
        .iter()
        .filter_map(|&i| tree.get(i))
        .find(|n| plan.is_removed(&n.key))
    {
        scan.unresolved
            .push(unresolved(UnresolvedReason::TargetRemoved {
                key: removed.key.clone(),
            }));
        return;
    }
    let wrong_way = match found.direction {
        Some(Direction::Below) => target <= citing,
        Some(Direction::Above) => target >= citing,
        None => false,
    };
    if wrong_way {
        let key = tree.get(target).map(|n| n.key.clone()).unwrap_or_default();
        scan.unresolved
            .push(unresolved(UnresolvedReason::WrongDirection { key }));
        return;
    }
    let Some(target_node) = tree.get(target) else {
        return;
    };
    let Some(target_new) = plan.moved_to(&target_node.key) else {
        return;
    };
    let Some(replacement) = rewrite(lookup, plan, text, found, &path) else {
        return;
    };
    if replacement == quoted {
        // Only labels the citation does not spell out change (a relative reference inside a
        // renumbered clause): nothing to amend.
        return;
    }
    scan.references.push(Reference {
        node: citing,
        node_key,
        range: found.range.clone(),
        text: quoted,
        target_old: target_node.key.clone(),
        target_new: target_new.to_string(),
        replacement,
    });
}

/// Reads a relative citation in the nearest scope around `citing` (itself, then each ancestor
/// outwards) whose children carry the first label exactly. `None` when no scope does.
fn resolve_relative(
    lookup: &Lookup<'_>,
    citing: usize,
    segments: &[Segment],
    quoted: &str,
) -> Option<Result<usize, CitationError>> {
    let first = segments.first()?;
    let tree = lookup.tree;
    let path = lookup.path(citing);
    for depth in (0..path.len()).rev() {
        let scope = *path.get(depth)?;
        let fits = lookup.children.of(scope).iter().any(|&c| {
            tree.get(c).is_some_and(|n| {
                n.label == first.label && first.kind.is_none_or(|kind| kind == n.kind)
            })
        });
        if !fits {
            continue;
        }
        let citation = lookup.citation_of(path.get(..=depth)?, segments.to_vec(), quoted)?;
        return Some(resolve_citation(&citation, tree));
    }
    None
}

/// The citation as written with each renumbered label replaced by its new label, written in
/// the same style. `None` if the written labels cannot be aligned with the target's path.
fn rewrite(
    lookup: &Lookup<'_>,
    plan: &RenumberPlan,
    text: &str,
    found: &Found,
    path: &[usize],
) -> Option<String> {
    let tree = lookup.tree;
    // Pair each written label (root first, if written) with a node of the path.
    let mut written: Vec<Range<usize>> = Vec::new();
    if let Some((_, root)) = &found.root {
        written.push(root.clone());
    }
    written.extend(found.segments.iter().map(|s| s.range.clone()));
    let mut pairs: Vec<(Range<usize>, usize)> = Vec::new();
    // Relative citations spell out the tail of the path; absolute ones start at the root.
    let mut at = if found.root.is_some() {
        0
    } else {
        path.len().checked_sub(written.len())?
    };
    for range in written {
        let label = text.get(range.clone())?;
        loop {
            let &index = path.get(at)?;
            let node = tree.get(index)?;
            at += 1;
            if label_matches(label, node) {
                pairs.push((range, index));
                break;
            }
            // Only a part may be left out of a citation.
            if node.kind != NodeKind::Part {
                return None;
            }
        }
    }
    if at != path.len() {
        return None;
    }
    let start = found.range.start;
    let mut out = String::new();
    let mut cursor = start;
    for (range, index) in pairs {
        let node = tree.get(index)?;
        let Some(new_key) = plan.moved_to(&node.key) else {
            continue;
        };
        let label = text.get(range.clone())?;
        out.push_str(text.get(cursor..range.start)?);
        out.push_str(&restyle(label, node.kind, last_label(new_key)));
        cursor = range.end;
    }
    out.push_str(text.get(cursor..found.range.end)?);
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Consequential wording
// ---------------------------------------------------------------------------------------------

/// The consequential amendment of one citing node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consequential {
    /// Tree index of the citing node.
    pub node: usize,
    /// Canonical citation of the citing node in the edition amended (`Chapter 6, Clause I.3`).
    pub citation: String,
    /// The node's text now.
    pub base: String,
    /// Its text with the references replaced.
    pub edited: String,
    /// The instructions and their formal wording.
    pub generated: Generated,
    /// References not applied: their text no longer stands at their range, or they overlap an
    /// earlier one.
    pub skipped: Vec<Reference>,
}

/// The formal amendment of every citing node: its text with the references' replacements, and
/// the wording the wording engine generates for that edit, in the order of `texts`.
pub fn consequential_wording(
    texts: &[(usize, &str)],
    tree: &[TreeNode],
    references: &[Reference],
) -> Vec<Consequential> {
    let mut out = Vec::new();
    for &(index, base) in texts {
        let mut mine: Vec<&Reference> = references.iter().filter(|r| r.node == index).collect();
        if mine.is_empty() {
            continue;
        }
        mine.sort_by_key(|r| (r.range.start, r.range.end));
        let mut edited = String::with_capacity(base.len() + 8);
        let mut cursor = 0;
        let mut skipped = Vec::new();
        for reference in mine {
            let stands = reference.range.start >= cursor
                && base.get(reference.range.clone()) == Some(reference.text.as_str());
            match (stands, base.get(cursor..reference.range.start)) {
                (true, Some(before)) => {
                    edited.push_str(before);
                    edited.push_str(&reference.replacement);
                    cursor = reference.range.end;
                }
                _ => skipped.push(reference.clone()),
            }
        }
        edited.push_str(base.get(cursor..).unwrap_or_default());
        let citation = canonical(tree, index);
        let kind = tree.get(index).map(|n| n.kind);
        let generated = generate_for(kind, &citation, base, &edited);
        out.push(Consequential {
            node: index,
            citation,
            base: base.to_string(),
            edited,
            generated,
            skipped,
        });
    }
    out
}

/// The consequential amendments as one block of wording, headed "Consequential amendments:";
/// empty when there are none.
pub fn render_consequentials(amendments: &[Consequential]) -> String {
    let wordings: Vec<&str> = amendments
        .iter()
        .map(|a| a.generated.wording.as_str())
        .filter(|w| !w.is_empty())
        .collect();
    if wordings.is_empty() {
        return String::new();
    }
    format!("Consequential amendments:\n{}", wordings.join("\n"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::rulebook::testgen::arb_rulebook;
    use crate::domain::rulebook::{RuleBook, parse_rulebook};
    use proptest::prelude::*;

    const DEMO_2023: &str = include_str!("../../../server/demo/rulebook-2023.md");
    const DEMO_2024: &str = include_str!("../../../server/demo/rulebook-2024.md");

    /// A tree from keys in document order; kinds given, labels and parents read off the keys.
    fn tree_of(spec: &[(&str, NodeKind)]) -> Vec<TreeNode> {
        let mut tree: Vec<TreeNode> = Vec::new();
        for &(key, kind) in spec {
            let parent =
                key.rsplit_once('.')
                    .map(|(p, _)| match tree.iter().position(|n| n.key == p) {
                        Some(i) => i,
                        None => panic!("no parent for {key}"),
                    });
            tree.push(TreeNode {
                key: key.to_string(),
                kind,
                label: last_label(key).to_string(),
                parent,
            });
        }
        tree
    }

    fn at(tree: &[TreeNode], key: &str) -> usize {
        match tree.iter().position(|n| n.key == key) {
            Some(i) => i,
            None => panic!("no {key}"),
        }
    }

    fn moves(plan: &RenumberPlan) -> Vec<String> {
        plan.moves
            .iter()
            .map(|m| format!("{}→{}", m.from, m.to))
            .collect()
    }

    fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(e) => panic!("{e}"),
        }
    }

    use NodeKind::{Appendix, Chapter, Clause, Item, Part, Section, SubSection};

    fn letters_tree() -> Vec<TreeNode> {
        tree_of(&[
            ("2", Chapter),
            ("2.I", Clause),
            ("2.I.1", Section),
            ("2.I.2", Section),
            ("2.I.3", Section),
            ("2.I.4", Section),
            ("2.I.4.A", SubSection),
            ("2.I.4.A.i", Item),
            ("2.I.4.B", SubSection),
            ("2.I.4.B.i", Item),
            ("2.I.4.B.ii", Item),
            ("2.I.4.C", SubSection),
            ("2.I.5", Section),
        ])
    }

    #[test]
    fn insert_at_start_middle_and_end_of_lettered_sub_clauses() {
        let tree = letters_tree();
        let parent = Some(at(&tree, "2.I.4"));
        let start = ok(plan_insert(&tree, None, parent, SubSection));
        assert_eq!(start.new_label.as_deref(), Some("A"));
        assert_eq!(start.new_key.as_deref(), Some("2.I.4.A"));
        assert_eq!(
            moves(&start),
            [
                "2.I.4.A→2.I.4.B",
                "2.I.4.A.i→2.I.4.B.i",
                "2.I.4.B→2.I.4.C",
                "2.I.4.B.i→2.I.4.C.i",
                "2.I.4.B.ii→2.I.4.C.ii",
                "2.I.4.C→2.I.4.D"
            ]
        );
        let middle = ok(plan_insert(
            &tree,
            Some(at(&tree, "2.I.4.A")),
            parent,
            SubSection,
        ));
        assert_eq!(middle.new_key.as_deref(), Some("2.I.4.B"));
        assert_eq!(
            moves(&middle),
            [
                "2.I.4.B→2.I.4.C",
                "2.I.4.B.i→2.I.4.C.i",
                "2.I.4.B.ii→2.I.4.C.ii",
                "2.I.4.C→2.I.4.D"
            ]
        );
        let end = ok(plan_insert(
            &tree,
            Some(at(&tree, "2.I.4.C")),
            parent,
            SubSection,
        ));
        assert_eq!(end.new_key.as_deref(), Some("2.I.4.D"));
        assert!(end.moves.is_empty());
        assert!(end.removed.is_empty());
    }

    #[test]
    fn delete_at_start_middle_and_end_shifts_back() {
        let tree = letters_tree();
        let start = ok(plan_delete(&tree, at(&tree, "2.I.4.A")));
        assert_eq!(start.removed, ["2.I.4.A", "2.I.4.A.i"]);
        assert_eq!(start.new_key, None);
        assert_eq!(
            moves(&start),
            [
                "2.I.4.B→2.I.4.A",
                "2.I.4.B.i→2.I.4.A.i",
                "2.I.4.B.ii→2.I.4.A.ii",
                "2.I.4.C→2.I.4.B"
            ]
        );
        let middle = ok(plan_delete(&tree, at(&tree, "2.I.4.B")));
        assert_eq!(middle.removed, ["2.I.4.B", "2.I.4.B.i", "2.I.4.B.ii"]);
        assert_eq!(moves(&middle), ["2.I.4.C→2.I.4.B"]);
        let end = ok(plan_delete(&tree, at(&tree, "2.I.4.C")));
        assert_eq!(end.removed, ["2.I.4.C"]);
        assert!(end.moves.is_empty());
        // A whole section: its sub-clauses go with it, and section 5 becomes 4.
        let section = ok(plan_delete(&tree, at(&tree, "2.I.4")));
        assert_eq!(section.removed.len(), 7);
        assert_eq!(moves(&section), ["2.I.5→2.I.4"]);
        assert_eq!(section.apply_to_key("2.I.4.B"), None);
        assert_eq!(section.apply_to_key("2.I.5").as_deref(), Some("2.I.4"));
        assert_eq!(section.apply_to_key("2.I.1").as_deref(), Some("2.I.1"));
    }

    fn roman_tree() -> Vec<TreeNode> {
        let mut spec: Vec<(String, NodeKind)> = vec![("1".into(), Chapter)];
        for n in 1..=10 {
            spec.push((format!("1.{}", LabelStyle::UpperRoman.label(n)), Clause));
        }
        spec.extend([
            ("1.X.1".to_string(), Section),
            ("1.X.1.A".to_string(), SubSection),
            ("1.X.1.A.i".to_string(), Item),
            ("1.X.1.A.ii".to_string(), Item),
            ("1.X.1.A.iii".to_string(), Item),
            ("1.X.1.A.iv".to_string(), Item),
        ]);
        let spec: Vec<(&str, NodeKind)> = spec.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        tree_of(&spec)
    }

    #[test]
    fn roman_clauses_and_items_renumber() {
        let tree = roman_tree();
        let plan = ok(plan_insert(
            &tree,
            Some(at(&tree, "1.VIII")),
            Some(0),
            Clause,
        ));
        assert_eq!(plan.new_label.as_deref(), Some("IX"));
        assert_eq!(
            moves(&plan),
            [
                "1.IX→1.X",
                "1.X→1.XI",
                "1.X.1→1.XI.1",
                "1.X.1.A→1.XI.1.A",
                "1.X.1.A.i→1.XI.1.A.i",
                "1.X.1.A.ii→1.XI.1.A.ii",
                "1.X.1.A.iii→1.XI.1.A.iii",
                "1.X.1.A.iv→1.XI.1.A.iv"
            ]
        );
        let delete = ok(plan_delete(&tree, at(&tree, "1.IV")));
        assert_eq!(delete.moves.first().map(|m| m.to.as_str()), Some("1.IV"));
        // Clauses V–X, and X's six descendants.
        assert_eq!(delete.moves.len(), 6 + 6);
        assert_eq!(delete.moved_to("1.X.1.A.iv"), Some("1.IX.1.A.iv"));
        let items = ok(plan_insert(
            &tree,
            Some(at(&tree, "1.X.1.A.iii")),
            Some(at(&tree, "1.X.1.A")),
            Item,
        ));
        assert_eq!(items.new_key.as_deref(), Some("1.X.1.A.iv"));
        assert_eq!(moves(&items), ["1.X.1.A.iv→1.X.1.A.v"]);
    }

    fn appendix_tree() -> Vec<TreeNode> {
        tree_of(&[
            ("1", Chapter),
            ("1.I", Clause),
            ("appendix-1", Appendix),
            ("appendix-2", Appendix),
            ("appendix-2.1", Section),
            ("appendix-2.2", Section),
            ("appendix-2.3", Section),
            ("appendix-2.3.A", SubSection),
            ("appendix-2.3.A.i", Item),
            ("appendix-2.3.B", SubSection),
        ])
    }

    #[test]
    fn appendix_keys_keep_their_prefix() {
        let tree = appendix_tree();
        let inner = ok(plan_insert(
            &tree,
            None,
            Some(at(&tree, "appendix-2.3")),
            SubSection,
        ));
        assert_eq!(inner.new_key.as_deref(), Some("appendix-2.3.A"));
        assert_eq!(
            moves(&inner),
            [
                "appendix-2.3.A→appendix-2.3.B",
                "appendix-2.3.A.i→appendix-2.3.B.i",
                "appendix-2.3.B→appendix-2.3.C"
            ]
        );
        let root = ok(plan_insert(
            &tree,
            Some(at(&tree, "appendix-1")),
            None,
            Appendix,
        ));
        assert_eq!(root.new_key.as_deref(), Some("appendix-2"));
        assert_eq!(root.moves.len(), 7);
        assert_eq!(root.moved_to("appendix-2.3.A.i"), Some("appendix-3.3.A.i"));
        // Chapters are numbered apart from appendices.
        let chapter = ok(plan_insert(&tree, None, None, Chapter));
        assert_eq!(chapter.new_key.as_deref(), Some("1"));
        assert_eq!(moves(&chapter), ["1→2", "1.I→2.I"]);
        let deleted = ok(plan_delete(&tree, at(&tree, "appendix-2.3.A")));
        assert_eq!(deleted.removed, ["appendix-2.3.A", "appendix-2.3.A.i"]);
        assert_eq!(moves(&deleted), ["appendix-2.3.B→appendix-2.3.A"]);
    }

    #[test]
    fn impossible_edits_are_refused_with_a_reason() {
        let tree = appendix_tree();
        let errors = [
            plan_insert(&tree, None, Some(99), Section),
            plan_insert(&tree, None, None, Section),
            plan_insert(&tree, None, Some(at(&tree, "appendix-2.3")), Section),
            plan_insert(&tree, None, Some(at(&tree, "appendix-2")), SubSection),
            plan_insert(
                &tree,
                Some(at(&tree, "1.I")),
                Some(at(&tree, "appendix-2")),
                Section,
            ),
            plan_delete(&tree, 99),
        ];
        let messages: Vec<String> = errors
            .into_iter()
            .map(|r| match r {
                Err(e) => e.to_string(),
                Ok(plan) => panic!("planned {plan:?}"),
            })
            .collect();
        assert_eq!(
            messages,
            [
                "there is no node number 99 in this edition",
                "a section cannot be placed under the top level",
                "a section cannot be placed under appendix-2.3",
                "appendix-2 holds sections, so a sub-section cannot be added to it",
                "1.I is not directly under appendix-2",
                "there is no node number 99 in this edition",
            ]
        );
        let mut gappy = letters_tree();
        let c = at(&gappy, "2.I.4.C");
        gappy[c].label = "D".into();
        assert_eq!(
            plan_delete(&gappy, at(&gappy, "2.I.4.A")),
            Err(RenumberError::IrregularNumbering {
                key: "2.I.4.C".into(),
                expected: "C".into()
            })
        );
    }

    /// A tree for reading citations: chapters 1 (Clauses I–X), 2, 4 (parts) and 5, Appendix 2.
    fn citing_tree() -> Vec<TreeNode> {
        let mut spec: Vec<(String, NodeKind)> = vec![("1".into(), Chapter)];
        for n in 1..=10 {
            let clause = format!("1.{}", LabelStyle::UpperRoman.label(n));
            spec.push((clause.clone(), Clause));
            for s in 1..=2 {
                spec.push((format!("{clause}.{s}"), Section));
            }
        }
        for (key, kind) in [
            ("2", Chapter),
            ("2.I", Clause),
            ("2.I.1", Section),
            ("2.I.2", Section),
            ("2.I.3", Section),
            ("2.I.4", Section),
            ("2.I.4.A", SubSection),
            ("2.I.4.A.i", Item),
            ("2.I.4.B", SubSection),
            ("2.I.4.C", SubSection),
            ("2.I.4.D", SubSection),
            ("2.I.4.E", SubSection),
            ("2.II", Clause),
            ("2.II.1", Section),
            ("3", Chapter),
            ("3.1", Section),
            ("4", Chapter),
            ("4.A", Part),
            ("4.A.I", Clause),
            ("4.A.I.1", Section),
            ("4.A.II", Clause),
            ("4.B", Part),
            ("4.B.I", Clause),
            ("5", Chapter),
            ("5.I", Clause),
            ("5.II", Clause),
            ("5.III", Clause),
            ("5.IV", Clause),
            ("5.IV.1", Section),
            ("5.IV.2", Section),
            ("5.IV.3", Section),
            ("appendix-2", Appendix),
            ("appendix-2.1", Section),
            ("appendix-2.2", Section),
        ] {
            spec.push((key.into(), kind));
        }
        let spec: Vec<(&str, NodeKind)> = spec.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        tree_of(&spec)
    }

    fn replacements(scan: &ReferenceScan) -> Vec<(String, String, String)> {
        scan.references
            .iter()
            .map(|r| (r.node_key.clone(), r.text.clone(), r.replacement.clone()))
            .collect()
    }

    fn triples(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        items
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn every_citation_style_is_rewritten_in_its_own_style() {
        let tree = citing_tree();
        // A new Clause IV in Chapter 1: IV–X become V–XI.
        let plan = ok(plan_insert(
            &tree,
            Some(at(&tree, "1.III")),
            Some(0),
            Clause,
        ));
        let texts = [
            (
                at(&tree, "2.I.1"),
                "As in Chapter 1, Clause IV.1, C1.X.2. and 1.VII.2; see also Rule 1.9.1 and chapter 1, clause iv.",
            ),
            (
                at(&tree, "1.II.1"),
                "Subject to Clause IV below and Clause III below, and to Clause V.2 below.",
            ),
            // Inside a renumbered clause, its own sections keep their numbers.
            (
                at(&tree, "1.V.1"),
                "Subject to section 2 below and Clause VI.1 below.",
            ),
            (
                at(&tree, "appendix-2.1"),
                "Chapter 1, Clause III and Chapter 5, Clause IV.3.",
            ),
        ];
        let scan = find_references(&texts, &tree, &plan);
        assert_eq!(
            replacements(&scan),
            triples(&[
                ("2.I.1", "Chapter 1, Clause IV.1", "Chapter 1, Clause V.1"),
                ("2.I.1", "C1.X.2", "C1.XI.2"),
                ("2.I.1", "1.VII.2", "1.VIII.2"),
                ("2.I.1", "Rule 1.9.1", "Rule 1.10.1"),
                ("2.I.1", "chapter 1, clause iv", "chapter 1, clause v"),
                ("1.II.1", "Clause IV below", "Clause V below"),
                ("1.II.1", "Clause V.2 below", "Clause VI.2 below"),
                ("1.V.1", "Clause VI.1 below", "Clause VII.1 below"),
            ])
        );
        assert!(scan.unresolved.is_empty(), "{:?}", scan.unresolved);
        let first = &scan.references[0];
        assert_eq!(first.target_old, "1.IV.1");
        assert_eq!(first.target_new, "1.V.1");
        assert_eq!(&texts[0].1[first.range.clone()], "Chapter 1, Clause IV.1");
    }

    #[test]
    fn relative_sub_clauses_and_sections_are_read_in_their_clause() {
        let tree = citing_tree();
        // A new 2.I.4.B: B–E become C–F.
        let plan = ok(plan_insert(
            &tree,
            Some(at(&tree, "2.I.4.A")),
            Some(at(&tree, "2.I.4")),
            SubSection,
        ));
        let texts = [
            (
                at(&tree, "2.I.4.A.i"),
                "Save under sub-clause 4.D below, sub-clauses 4.A.i and 4.B below, or 4.E below.",
            ),
            (
                at(&tree, "2.I.2"),
                "Under sub-clause I.4.C below and section 3 below.",
            ),
            (
                at(&tree, "2.II.1"),
                "See Clause I.4.B above and Clause I.4.A above.",
            ),
            (
                at(&tree, "1.I.1"),
                "See Chapter 2, Clause I, sub-clause 4.B.",
            ),
        ];
        let scan = find_references(&texts, &tree, &plan);
        assert_eq!(
            replacements(&scan),
            triples(&[
                ("2.I.4.A.i", "sub-clause 4.D below", "sub-clause 4.E below"),
                ("2.I.4.A.i", "4.B below", "4.C below"),
                ("2.I.4.A.i", "4.E below", "4.F below"),
                ("2.I.2", "sub-clause I.4.C below", "sub-clause I.4.D below"),
                ("2.II.1", "Clause I.4.B above", "Clause I.4.C above"),
                (
                    "1.I.1",
                    "Chapter 2, Clause I, sub-clause 4.B",
                    "Chapter 2, Clause I, sub-clause 4.C"
                ),
            ])
        );
        assert!(scan.unresolved.is_empty(), "{:?}", scan.unresolved);
    }

    #[test]
    fn what_cannot_be_resolved_is_listed_with_a_reason() {
        let tree = citing_tree();
        // A new clause at the start of Chapter 4, Part A: "Chapter 4, Clause I" could be
        // either part's Clause I, and one of them moves.
        let plan = ok(plan_insert(&tree, None, Some(at(&tree, "4.A")), Clause));
        let texts = [(
            at(&tree, "1.I.1"),
            "Chapter 4, Clause I; Chapter 9, Clause II; Chapter 4, Part A, Clause II; 7.IX.1 below.",
        )];
        let scan = find_references(&texts, &tree, &plan);
        assert_eq!(
            replacements(&scan),
            triples(&[(
                "1.I.1",
                "Chapter 4, Part A, Clause II",
                "Chapter 4, Part A, Clause III"
            )])
        );
        let reasons: Vec<(String, String)> = scan
            .unresolved
            .iter()
            .map(|u| (u.text.clone(), u.reason.message()))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "Chapter 4, Clause I".to_string(),
                    "“Chapter 4, Clause I” could mean Chapter 4, Part A, Clause I or Chapter 4, \
                     Part B, Clause I; write the part or clause out in full to say which."
                        .to_string()
                ),
                (
                    "Chapter 9, Clause II".to_string(),
                    "“Chapter 9, Clause II” names no rule in this edition; the nearest are \
                     Chapter 5, Chapter 4 and Chapter 3."
                        .to_string()
                ),
                (
                    "7.IX.1 below".to_string(),
                    "This reference is relative to the rule it stands in, but no rule around it \
                     contains one numbered so."
                        .to_string()
                ),
            ]
        );
        // With a plan that moves neither Clause I, the ambiguity does not matter.
        let other = ok(plan_insert(&tree, None, Some(0), Clause));
        let scan = find_references(&texts, &tree, &other);
        assert_eq!(scan.unresolved.len(), 2);
        assert!(scan.references.is_empty());
    }

    #[test]
    fn deleted_targets_and_wrong_directions_are_not_guessed() {
        let tree = citing_tree();
        let plan = ok(plan_delete(&tree, at(&tree, "2.I.4.B")));
        let texts = [
            (
                at(&tree, "2.I.4.A"),
                "Under sub-clause 4.B below, sub-clause 4.C below and Chapter 2, Clause I.4.E.",
            ),
            (at(&tree, "2.I.4.E"), "Unlike sub-clause 4.D below."),
            // The deleted node's own text goes with it.
            (at(&tree, "2.I.4.B"), "See sub-clause 4.C below."),
        ];
        let scan = find_references(&texts, &tree, &plan);
        assert_eq!(
            replacements(&scan),
            triples(&[
                ("2.I.4.A", "sub-clause 4.C below", "sub-clause 4.B below"),
                (
                    "2.I.4.A",
                    "Chapter 2, Clause I.4.E",
                    "Chapter 2, Clause I.4.D"
                ),
            ])
        );
        let reasons: Vec<&UnresolvedReason> = scan.unresolved.iter().map(|u| &u.reason).collect();
        assert_eq!(
            reasons,
            [
                &UnresolvedReason::TargetRemoved {
                    key: "2.I.4.B".into()
                },
                &UnresolvedReason::WrongDirection {
                    key: "2.I.4.D".into()
                },
            ]
        );
    }

    #[test]
    fn inserting_a_chapter_renumbers_absolute_citations_only() {
        let tree = citing_tree();
        let plan = ok(plan_insert(&tree, Some(0), None, Chapter));
        assert_eq!(plan.new_key.as_deref(), Some("2"));
        let texts = [(
            at(&tree, "2.I.1"),
            "Chapter 2, Clause I.4.B, C4.A.I, Rule 5.4.3, Clause II below and Chapter 1, Clause II.",
        )];
        let scan = find_references(&texts, &tree, &plan);
        assert_eq!(
            replacements(&scan),
            triples(&[
                (
                    "2.I.1",
                    "Chapter 2, Clause I.4.B",
                    "Chapter 3, Clause I.4.B"
                ),
                ("2.I.1", "C4.A.I", "C5.A.I"),
                ("2.I.1", "Rule 5.4.3", "Rule 6.4.3"),
            ])
        );
        assert!(scan.unresolved.is_empty(), "{:?}", scan.unresolved);
    }

    #[test]
    fn words_that_only_look_like_numbers_are_left_alone() {
        let tree = citing_tree();
        let plan = ok(plan_insert(&tree, None, Some(0), Clause));
        let texts = [(
            at(&tree, "2.I.1"),
            "This Clause. The section of the sub-clause shall. Part of a rule change; 1.5 million; \
             I.e. Clause; 4.D is not. chapter and Rule 2 — Chapter 1, Clause",
        )];
        let scan = find_references(&texts, &tree, &plan);
        assert_eq!(scan, ReferenceScan::default());
    }

    #[test]
    fn consequential_wording_amends_each_citing_node_once() {
        let tree = citing_tree();
        let plan = ok(plan_insert(
            &tree,
            Some(at(&tree, "1.III")),
            Some(0),
            Clause,
        ));
        let text = "Under Chapter 1, Clause IV.1 and Chapter 1, Clause V.2, as C1.VI.1 provides.";
        let texts = [
            (at(&tree, "2.I.1"), text),
            (at(&tree, "2.I.2"), "Nothing here."),
        ];
        let scan = find_references(&texts, &tree, &plan);
        let mut references = scan.references.clone();
        // A reference from an older scan whose text has changed since is not applied.
        let mut stale = references[0].clone();
        stale.text = "Chapter 1, Clause IX".into();
        references.push(stale.clone());
        let amendments = consequential_wording(&texts, &tree, &references);
        assert_eq!(amendments.len(), 1);
        let amendment = &amendments[0];
        assert_eq!(amendment.citation, "Chapter 2, Clause I.1");
        assert_eq!(
            amendment.edited,
            "Under Chapter 1, Clause V.1 and Chapter 1, Clause VI.2, as C1.VII.1 provides."
        );
        assert_eq!(amendment.skipped, [stale]);
        assert_eq!(
            amendment.generated.wording,
            "Chapter 2, Clause I.1:\n\
             1. Delete \"IV.1\" and insert \"V.1\"\n\
             2. Delete \"V.2, as C1.VI.1\" and insert \"VI.2, as C1.VII.1\""
        );
        assert_eq!(
            crate::domain::wording::apply(text, &amendment.generated.wording).result,
            amendment.edited
        );
        assert_eq!(render_consequentials(&[]), "");
    }

    // ---- the demo editions -------------------------------------------------------------------

    fn book(text: &str) -> RuleBook {
        ok(parse_rulebook(text.as_bytes()))
    }

    fn index(book: &RuleBook, key: &str) -> usize {
        match book.index_of_key(key) {
            Some(i) => i,
            None => panic!("no {key}"),
        }
    }

    /// The two insertions carried into Rule Book 2024, planned on Rule Book 2023.
    fn demo_plans(old: &RuleBook, tree: &[TreeNode]) -> [RenumberPlan; 2] {
        [
            ok(plan_insert(
                tree,
                Some(index(old, "1.V")),
                Some(index(old, "1")),
                Clause,
            )),
            ok(plan_insert(
                tree,
                Some(index(old, "2.I.4.C")),
                Some(index(old, "2.I.4")),
                SubSection,
            )),
        ]
    }

    #[test]
    fn demo_insertions_find_exactly_the_cross_references_2024_changed() {
        let old = book(DEMO_2023);
        let new = book(DEMO_2024);
        let tree = old.tree();
        let texts: Vec<(usize, &str)> = old
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (i, n.text.as_str()))
            .collect();
        let plans = demo_plans(&old, &tree);
        assert_eq!(plans[0].new_key.as_deref(), Some("1.VI"));
        assert_eq!(plans[1].new_key.as_deref(), Some("2.I.4.D"));
        // README: 39 nodes renumbered, 37 in Chapter 1 and 2 in Chapter 2.
        assert_eq!((plans[0].moves.len(), plans[1].moves.len()), (37, 2));

        let mut references = Vec::new();
        for plan in &plans {
            let scan = find_references(&texts, &tree, plan);
            assert!(scan.unresolved.is_empty(), "{:?}", scan.unresolved);
            references.extend(scan.references);
        }
        // The table "Consequential changes to cross-references" in server/demo/README.md.
        let mut found: Vec<(String, String, String)> = references
            .iter()
            .map(|r| (r.node_key.clone(), r.text.clone(), r.replacement.clone()))
            .collect();
        found.sort();
        assert_eq!(
            found,
            triples(&[
                ("1.VI.3", "Clause VII below", "Clause VIII below"),
                ("2.I.4.A.iv", "sub-clause 4.D below", "sub-clause 4.E below"),
                ("2.I.4.B", "sub-clause 4.E below", "sub-clause 4.F below"),
                ("3.I.1", "Chapter 1, Clause VI", "Chapter 1, Clause VII"),
                (
                    "4.B.II.1",
                    "Chapter 1, Clause VII.2.D",
                    "Chapter 1, Clause VIII.2.D"
                ),
                ("5.I.4", "Chapter 1, Clause IX.2", "Chapter 1, Clause X.2"),
                (
                    "6.I.1",
                    "Chapter 1, Clause VII.3",
                    "Chapter 1, Clause VIII.3"
                ),
                (
                    "6.I.3",
                    "Chapter 2, Clause I.4.D",
                    "Chapter 2, Clause I.4.E"
                ),
                ("9.II.3", "C1.X.2", "C1.XI.2"),
                (
                    "appendix-2.5.B",
                    "Chapter 2, Clause I.4.E",
                    "Chapter 2, Clause I.4.F"
                ),
            ])
        );

        // Ground truth: every 2023 node, renumbered by both plans and with the consequential
        // amendments applied, reads as its 2024 counterpart — except the text changes carried
        // at conference (README "Text changes") and the deleted 8.II.3.
        let amended: HashMap<usize, String> = consequential_wording(&texts, &tree, &references)
            .into_iter()
            .map(|a| (a.node, a.edited))
            .collect();
        let carried = [
            "1.VII.5",
            "2.IV.1",
            "2.VIII.4",
            "3.II.2.C",
            "3.IV.3",
            "4.A.I.2.A",
            "5.IV.5.F",
            "6.I.1.B",
            "6.III.2",
            "7.VI.2",
            "appendix-2.3.B",
        ];
        let mut differing: Vec<String> = Vec::new();
        let mut matched: HashSet<usize> = HashSet::new();
        for (i, node) in old.nodes.iter().enumerate() {
            let key = &tree[i].key;
            let new_key = plans.iter().find_map(|p| p.moved_to(key)).unwrap_or(key);
            let Some(j) = new.index_of_key(new_key) else {
                differing.push(format!("{key} (gone)"));
                continue;
            };
            matched.insert(j);
            let text = amended.get(&i).map_or(node.text.as_str(), String::as_str);
            if text != new.nodes[j].text || node.heading != new.nodes[j].heading {
                differing.push(key.clone());
            }
        }
        let mut expected: Vec<String> = carried.iter().map(|k| k.to_string()).collect();
        expected.push("8.II.3 (gone)".into());
        differing.sort();
        expected.sort();
        assert_eq!(differing, expected);
        // What 2024 has that 2023 had not: exactly the two inserted nodes and their subtrees.
        let new_tree = new.tree();
        let unmatched: Vec<&str> = (0..new.nodes.len())
            .filter(|j| !matched.contains(j))
            .map(|j| new_tree[j].key.as_str())
            .collect();
        assert_eq!(
            unmatched,
            [
                "1.VI", "1.VI.1", "1.VI.2", "1.VI.2.A", "1.VI.2.B", "1.VI.2.C", "1.VI.3", "2.I.4.D"
            ]
        );
    }

    #[test]
    fn demo_consequential_wording_for_clause_1_vi() {
        let old = book(DEMO_2023);
        let tree = old.tree();
        let texts: Vec<(usize, &str)> = old
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (i, n.text.as_str()))
            .collect();
        let [plan, _] = demo_plans(&old, &tree);
        let scan = find_references(&texts, &tree, &plan);
        let amendments = consequential_wording(&texts, &tree, &scan.references);
        for a in &amendments {
            assert_eq!(
                crate::domain::wording::apply(&a.base, &a.generated.wording).result,
                a.edited
            );
        }
        insta::assert_snapshot!(
            "demo_insert_clause_1_vi",
            render_consequentials(&amendments)
        );
    }

    // ---- properties --------------------------------------------------------------------------

    /// Checks that `new_keys` (index-aligned with `tree`, `None` for removed nodes, plus the
    /// inserted node) are unique, consistent with the tree and gap-free in every sibling group.
    fn check_numbering(
        tree: &[TreeNode],
        new_keys: &[Option<String>],
        inserted: Option<(Option<usize>, NodeKind, String)>,
    ) -> Result<(), TestCaseError> {
        let mut seen: HashSet<&str> = HashSet::new();
        // (parent's new key, kind) → ordinals.
        let mut groups: BTreeMap<(String, NodeKind), Vec<u32>> = BTreeMap::new();
        let mut add =
            |parent: Option<usize>, kind: NodeKind, key: &str| -> Result<(), TestCaseError> {
                let parent_key = match parent {
                    Some(p) => new_keys.get(p).cloned().flatten().unwrap_or_default(),
                    None => String::new(),
                };
                let label = last_label(key);
                let expected = match parent {
                    Some(_) => format!("{parent_key}.{label}"),
                    None => child_key(None, kind, label),
                };
                prop_assert_eq!(key, expected.as_str());
                let ordinal = kind.label_style().ordinal(label);
                prop_assert!(ordinal.is_some(), "label {}", label);
                groups
                    .entry((parent_key, kind))
                    .or_default()
                    .push(ordinal.unwrap_or_default());
                Ok(())
            };
        for (i, key) in new_keys.iter().enumerate() {
            if let Some(key) = key {
                prop_assert!(seen.insert(key.as_str()), "duplicate {}", key);
                add(tree[i].parent, tree[i].kind, key)?;
            }
        }
        if let Some((parent, kind, key)) = &inserted {
            prop_assert!(!seen.contains(key.as_str()), "duplicate {}", key);
            add(*parent, *kind, key)?;
        }
        for ((parent, kind), mut ordinals) in groups {
            ordinals.sort_unstable();
            let expected: Vec<u32> = (1..=u32::try_from(ordinals.len()).unwrap_or(0)).collect();
            prop_assert_eq!(ordinals, expected, "{} {:?}", parent, kind);
        }
        Ok(())
    }

    /// The tree after `plan` (an insertion under `parent`): keys and labels renumbered, the new
    /// node appended.
    fn renumbered_tree(
        tree: &[TreeNode],
        plan: &RenumberPlan,
        parent: Option<usize>,
        kind: NodeKind,
    ) -> Vec<TreeNode> {
        let mut out: Vec<TreeNode> = tree
            .iter()
            .map(|n| {
                let key = plan.apply_to_key(&n.key).unwrap_or_default();
                TreeNode {
                    label: last_label(&key).to_string(),
                    key,
                    kind: n.kind,
                    parent: n.parent,
                }
            })
            .collect();
        let key = plan.new_key.clone().unwrap_or_default();
        out.push(TreeNode {
            label: last_label(&key).to_string(),
            key,
            kind,
            parent,
        });
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn insert_then_moves_gives_unique_gap_free_keys(
            book in arb_rulebook(),
            pick in any::<prop::sample::Index>(),
            first in any::<bool>(),
        ) {
            let tree = book.tree();
            let sibling = pick.index(tree.len());
            let node = &tree[sibling];
            let after = if first { None } else { Some(sibling) };
            let plan = plan_insert(&tree, after, node.parent, node.kind);
            prop_assert!(plan.is_ok(), "{:?}", plan);
            let plan = plan.unwrap_or_default();
            let new_keys: Vec<Option<String>> =
                tree.iter().map(|n| plan.apply_to_key(&n.key)).collect();
            let new_key = plan.new_key.clone().unwrap_or_default();
            check_numbering(&tree, &new_keys, Some((node.parent, node.kind, new_key)))?;
        }

        #[test]
        fn delete_then_moves_gives_unique_gap_free_keys(
            book in arb_rulebook(),
            pick in any::<prop::sample::Index>(),
        ) {
            let tree = book.tree();
            let plan = plan_delete(&tree, pick.index(tree.len()));
            prop_assert!(plan.is_ok(), "{:?}", plan);
            let plan = plan.unwrap_or_default();
            let new_keys: Vec<Option<String>> =
                tree.iter().map(|n| plan.apply_to_key(&n.key)).collect();
            prop_assert!(!plan.removed.is_empty());
            check_numbering(&tree, &new_keys, None)?;
        }

        #[test]
        fn canonical_citations_of_moved_nodes_are_found_and_rewritten(
            book in arb_rulebook(),
            pick in any::<prop::sample::Index>(),
            cited in any::<prop::sample::Index>(),
        ) {
            let tree = book.tree();
            let sibling = pick.index(tree.len());
            let plan = plan_insert(&tree, None, tree[sibling].parent, tree[sibling].kind)
                .unwrap_or_default();
            let target = cited.index(tree.len());
            let text = format!("As set out in {}.", canonical(&tree, target));
            let texts = [(0, text.as_str())];
            let scan = find_references(&texts, &tree, &plan);
            prop_assert!(scan.unresolved.is_empty(), "{:?}", scan.unresolved);
            match plan.moved_to(&tree[target].key) {
                Some(to) => {
                    prop_assert_eq!(scan.references.len(), 1);
                    let reference = &scan.references[0];
                    prop_assert_eq!(reference.target_new.as_str(), to);
                    // The replacement names the same node in the renumbered tree.
                    let renumbered = renumbered_tree(&tree, &plan, tree[sibling].parent, tree[sibling].kind);
                    let resolved = crate::domain::citation::resolve(&reference.replacement, &renumbered)
                        .map(|i| renumbered[i].key.clone());
                    prop_assert_eq!(resolved, Ok(to.to_string()));
                }
                None => prop_assert!(scan.references.is_empty()),
            }
        }

        #[test]
        fn malformed_trees_never_panic_or_hang(
            nodes in proptest::collection::vec(
                (0usize..7, proptest::option::of(0usize..12), "[1-3A-Ciiv]{1,2}"),
                0..12,
            ),
            pick in 0usize..14,
            text in "(Chapter 1, Clause I|C1.I.1|sub-clause 1.A below|Clause II above|[ .,]){0,6}",
        ) {
            let kinds = [Chapter, Appendix, Part, Clause, Section, SubSection, Item];
            let tree: Vec<TreeNode> = nodes
                .iter()
                .enumerate()
                .map(|(i, (kind, parent, label))| TreeNode {
                    key: format!("k{i}"),
                    kind: kinds[*kind % kinds.len()],
                    label: label.clone(),
                    parent: *parent,
                })
                .collect();
            let kind = kinds[pick % kinds.len()];
            let plans = [
                plan_insert(&tree, Some(pick), Some(pick / 2), kind),
                plan_insert(&tree, None, None, kind),
                plan_delete(&tree, pick),
            ];
            let texts: Vec<(usize, &str)> = (0..tree.len() + 1).map(|i| (i, text.as_str())).collect();
            let made_up = RenumberPlan {
                new_label: None,
                new_key: None,
                removed: vec!["k1".into()],
                moves: vec![KeyMove { from: "k0".into(), to: "k9.X".into() }],
            };
            for plan in plans.into_iter().flatten().chain([made_up]) {
                let scan = find_references(&texts, &tree, &plan);
                let _ = consequential_wording(&texts, &tree, &scan.references);
            }
        }

        #[test]
        fn any_text_never_panics(text in "\\PC{0,60}") {
            let tree = citing_tree();
            let plan = plan_insert(&tree, None, Some(0), Clause).unwrap_or_default();
            let texts = [(1, text.as_str())];
            let scan = find_references(&texts, &tree, &plan);
            let _ = consequential_wording(&texts, &tree, &scan.references);
        }

        #[test]
        fn citation_like_text_never_panics(
            text in "((Chapter|Appendix|Rule|C|Clause|sub-clause|section|Part|above|below) ?|[0-9IVXivxA-Fa-f]{1,3}|[., ]){0,12}"
        ) {
            let tree = citing_tree();
            let plan = plan_insert(&tree, Some(at(&tree, "1.III")), Some(0), Clause)
                .unwrap_or_default();
            let texts = [(at(&tree, "2.I.4.A"), text.as_str())];
            let scan = find_references(&texts, &tree, &plan);
            for r in &scan.references {
                prop_assert_eq!(&text[r.range.clone()], r.text.as_str());
            }
            let amendments = consequential_wording(&texts, &tree, &scan.references);
            for a in &amendments {
                prop_assert!(a.skipped.is_empty());
            }
        }
    }
}
