//! What a node's key alone tells: the chapter or appendix it belongs to, and its canonical
//! citation (keys encode the path; the kinds along it are inferred from label styles).

use crate::domain::citation::{self, TreeNode};
use crate::domain::numbering::NodeKind;

/// The key of the chapter or appendix a key belongs to (`2.I.4` → `2`).
pub fn root_key(key: &str) -> String {
    key.split('.').next().unwrap_or(key).to_owned()
}

/// The canonical citation of a node from its key alone (keys encode the path; parts and
/// clauses are told apart by the node kinds recorded along it where known).
pub fn citation_of_key(key: &str, kind: &str) -> String {
    let (root_kind, rest) = match key.strip_prefix("appendix-") {
        Some(rest) => (NodeKind::Appendix, rest),
        None => (NodeKind::Chapter, key),
    };
    let labels: Vec<&str> = rest.split('.').collect();
    // Rebuild a minimal tree along the path and let `canonical` format it.
    let kinds = infer_kinds(root_kind, &labels, NodeKind::from_str_name(kind));
    let mut tree = Vec::with_capacity(labels.len());
    let mut key_so_far = String::new();
    for (i, (label, kind)) in labels.iter().zip(kinds).enumerate() {
        if i == 0 {
            key_so_far = if root_kind == NodeKind::Appendix {
                format!("appendix-{label}")
            } else {
                (*label).to_owned()
            };
        } else {
            key_so_far = format!("{key_so_far}.{label}");
        }
        tree.push(TreeNode {
            key: key_so_far.clone(),
            kind,
            label: (*label).to_owned(),
            parent: i.checked_sub(1),
        });
    }
    citation::canonical(&tree, tree.len().saturating_sub(1))
}

/// Guesses the kind of each label on a key's path from label styles, fixing the last one.
fn infer_kinds(root: NodeKind, labels: &[&str], last: Option<NodeKind>) -> Vec<NodeKind> {
    use crate::domain::numbering::LabelStyle;
    let mut kinds = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        let kind = if i == 0 {
            root
        } else if i + 1 == labels.len()
            && let Some(last) = last
        {
            last
        } else {
            let prev = kinds.last().copied().unwrap_or(root);
            match prev {
                NodeKind::Chapter | NodeKind::Appendix => {
                    if LabelStyle::UpperRoman.ordinal(label).is_some() {
                        NodeKind::Clause
                    } else if LabelStyle::UpperLetter.ordinal(label).is_some() {
                        NodeKind::Part
                    } else {
                        NodeKind::Section
                    }
                }
                NodeKind::Part => NodeKind::Clause,
                NodeKind::Clause => NodeKind::Section,
                NodeKind::Section => {
                    if LabelStyle::LowerRoman.ordinal(label).is_some() {
                        NodeKind::Item
                    } else {
                        NodeKind::SubSection
                    }
                }
                NodeKind::SubSection | NodeKind::Item => NodeKind::Item,
            }
        };
        kinds.push(kind);
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_from_keys() {
        assert_eq!(
            citation_of_key("2.I.4.B", "sub_section"),
            "Chapter 2, Clause I.4.B"
        );
        assert_eq!(citation_of_key("2", "chapter"), "Chapter 2");
        assert_eq!(
            citation_of_key("4.A.I.1", "section"),
            "Chapter 4, Part A, Clause I.1"
        );
        assert_eq!(
            citation_of_key("appendix-2.3.A.iv", "item"),
            "Appendix 2.3.A.iv"
        );
    }
}
