//! Step 2 of renumbering: every citation the scanner finds in a node's text resolved against
//! the tree ([`crate::domain::citation::resolve_citation`], or in the scope around the citing
//! node for a relative one), and, when its target is renumbered, rewritten in its own style.
//! What cannot be resolved is listed with its reason.

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::plan::{Children, RenumberPlan};
use super::scanner::{Direction, Found, Scanner};
use crate::domain::citation::{
    Citation, CitationError, Segment, TreeNode, canonical, resolve_citation,
};
use crate::domain::numbering::{LabelStyle, NodeKind};

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
pub(super) fn last_label(key: &str) -> &str {
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
