//! The rule tree of one edition: its metadata, its nodes in document order, and the questions
//! asked of it (a node's path, key, children), plus the structural rules every edition obeys.
//!
//! Structural rules (enforced by the text format, relied on by citations and keys):
//! - chapters and appendices are the roots; every other node has a parent of a *lower* heading
//!   level (levels may be skipped: a section directly under a chapter, an item under a section);
//! - all children of one node are of one kind (a chapter has parts, or clauses, or sections …),
//!   so that labels, keys and citations never collide;
//! - siblings are numbered 1, 2, 3 … (or A, B …; I, II …; i, ii …) in order, with no gaps.

use serde::{Deserialize, Serialize};

use crate::domain::citation::TreeNode;
use crate::domain::numbering::NodeKind;

/// What an edition says about itself (the front matter of the text format).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionMeta {
    /// "Rule Book 2024"
    pub title: String,
    /// The edition's year.
    pub year: i32,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The year of the Annual Conference whose changes this edition contains.
    pub conference: Option<i32>,
}

/// One node of the rule tree: a chapter, appendix, part, clause, section, sub-section or item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// What kind of node this is; fixes its heading level and label style.
    pub kind: NodeKind,
    /// Its number as printed: `2`, `A`, `IV`, `4`, `B`, `ii`.
    pub label: String,
    /// Heading text after the number ("Conditions of membership"), if any.
    pub heading: Option<String>,
    /// Body text: paragraphs separated by `\n\n`, each on one line.
    pub text: String,
    /// Index of the parent in [`RuleBook::nodes`]; `None` for chapters and appendices.
    pub parent: Option<usize>,
    /// 1-based line of the node's heading in the imported file (0 when not imported).
    pub line: usize,
}

/// One edition of the Rule Book: metadata and the nodes in document (pre-)order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleBook {
    /// Front matter.
    pub meta: EditionMeta,
    /// All nodes in document order; a parent always precedes its children.
    pub nodes: Vec<Node>,
}

impl RuleBook {
    /// The labels from the chapter (or appendix) down to node `i`, inclusive.
    /// Empty if `i` is out of range.
    ///
    /// ```
    /// # use app::domain::rulebook::parse_rulebook;
    /// # use app::domain::numbering::NodeKind;
    /// let book = parse_rulebook(b"---\ntitle: T\nyear: 2024\n---\n\n# Chapter 1.\n\n### Clause I.\n").unwrap();
    /// assert_eq!(book.path(1), vec![(NodeKind::Chapter, "1".to_string()), (NodeKind::Clause, "I".to_string())]);
    /// ```
    pub fn path(&self, i: usize) -> Vec<(NodeKind, String)> {
        let mut out = Vec::new();
        let mut cursor = Some(i);
        // Bounded walk: a hand-built book with a parent cycle must not hang.
        while let Some(index) = cursor {
            let Some(node) = self.nodes.get(index) else {
                break;
            };
            if out.len() > self.nodes.len() {
                break;
            }
            out.push((node.kind, node.label.clone()));
            cursor = node.parent;
        }
        out.reverse();
        out
    }

    /// The node's key, unique within the edition and used in URLs: labels joined with `.` from
    /// the chapter down (`2.I.4.B.ii`, `4.A.I.1`); appendix keys start with `appendix-`
    /// (`appendix-4.A.iv`). Empty if `i` is out of range.
    pub fn key(&self, i: usize) -> String {
        key_of_path(&self.path(i))
    }

    /// Indices of the children of node `i` in document order; `None` gives the roots
    /// (chapters and appendices).
    pub fn children(&self, i: Option<usize>) -> Vec<usize> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node.parent == i)
            .map(|(index, _)| index)
            .collect()
    }

    /// The index of the node with this key, if any.
    pub fn index_of_key(&self, key: &str) -> Option<usize> {
        (0..self.nodes.len()).find(|&i| self.key(i) == key)
    }

    /// The key of every node ([`RuleBook::key`]), index for index, built in one pass.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::with_capacity(self.nodes.len());
        for (i, node) in self.nodes.iter().enumerate() {
            // Parents precede children in a parsed book, so their key is already known.
            let key = match node.parent {
                Some(p) if p < i => match keys.get(p) {
                    Some(parent_key) => child_key(parent_key, &node.label),
                    None => self.key(i),
                },
                _ => self.key(i),
            };
            keys.push(key);
        }
        keys
    }

    /// The lightweight tree the citation resolver works on, index for index.
    pub fn tree(&self) -> Vec<TreeNode> {
        self.nodes
            .iter()
            .zip(self.keys())
            .map(|(node, key)| TreeNode {
                key,
                kind: node.kind,
                label: node.label.clone(),
                parent: node.parent,
            })
            .collect()
    }
}

/// `parent_key.label`, allocated once.
fn child_key(parent_key: &str, label: &str) -> String {
    let mut key = String::with_capacity(parent_key.len() + 1 + label.len());
    key.push_str(parent_key);
    key.push('.');
    key.push_str(label);
    key
}

/// Builds a key from a root-first path; see [`RuleBook::key`].
pub fn key_of_path(path: &[(NodeKind, String)]) -> String {
    let mut key = String::new();
    for (depth, (kind, label)) in path.iter().enumerate() {
        if depth == 0 {
            if *kind == NodeKind::Appendix {
                key.push_str("appendix-");
            }
        } else {
            key.push('.');
        }
        key.push_str(label);
    }
    key
}

/// Whether nodes of this kind are roots (have no parent).
pub fn is_root_kind(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Chapter | NodeKind::Appendix)
}

/// The word for a kind in messages to people ("sub-section", not the formal "sub-clause").
pub fn kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Chapter => "chapter",
        NodeKind::Appendix => "appendix",
        NodeKind::Part => "part",
        NodeKind::Clause => "clause",
        NodeKind::Section => "section",
        NodeKind::SubSection => "sub-section",
        NodeKind::Item => "item",
    }
}

/// Plural of [`kind_name`].
pub fn kind_plural(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Chapter => "chapters",
        NodeKind::Appendix => "appendices",
        NodeKind::Part => "parts",
        NodeKind::Clause => "clauses",
        NodeKind::Section => "sections",
        NodeKind::SubSection => "sub-sections",
        NodeKind::Item => "items",
    }
}

/// All kinds, outermost first.
pub const ALL_KINDS: [NodeKind; 7] = [
    NodeKind::Chapter,
    NodeKind::Appendix,
    NodeKind::Part,
    NodeKind::Clause,
    NodeKind::Section,
    NodeKind::SubSection,
    NodeKind::Item,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn node(kind: NodeKind, label: &str, parent: Option<usize>) -> Node {
        Node {
            kind,
            label: label.to_string(),
            heading: None,
            text: String::new(),
            parent,
            line: 0,
        }
    }

    fn book() -> RuleBook {
        RuleBook {
            meta: EditionMeta {
                title: "T".into(),
                year: 2024,
                published: None,
                conference: None,
            },
            nodes: vec![
                node(NodeKind::Chapter, "4", None),
                node(NodeKind::Part, "A", Some(0)),
                node(NodeKind::Clause, "I", Some(1)),
                node(NodeKind::Section, "1", Some(2)),
                node(NodeKind::Appendix, "4", None),
                node(NodeKind::SubSection, "A", Some(4)),
                node(NodeKind::Item, "iv", Some(5)),
            ],
        }
    }

    #[test]
    fn keys_include_parts_and_mark_appendices() {
        let book = book();
        let keys: Vec<String> = (0..book.nodes.len()).map(|i| book.key(i)).collect();
        assert_eq!(
            keys,
            [
                "4",
                "4.A",
                "4.A.I",
                "4.A.I.1",
                "appendix-4",
                "appendix-4.A",
                "appendix-4.A.iv"
            ]
        );
        let tree_keys: Vec<String> = book.tree().into_iter().map(|n| n.key).collect();
        assert_eq!(tree_keys, keys);
        assert_eq!(book.keys(), keys);
        assert_eq!(book.index_of_key("appendix-4.A.iv"), Some(6));
        assert_eq!(book.index_of_key("4.B"), None);
    }

    #[test]
    fn children_and_out_of_range() {
        let book = book();
        assert_eq!(book.children(None), vec![0, 4]);
        assert_eq!(book.children(Some(2)), vec![3]);
        assert_eq!(book.key(99), "");
        assert!(book.path(99).is_empty());
    }

    #[test]
    fn parent_cycle_does_not_hang() {
        let mut book = book();
        book.nodes[0].parent = Some(3);
        assert!(book.path(3).len() <= book.nodes.len() + 1);
    }
}
