//! Step 3 of renumbering: the consequential amendments. Each citing node's text with its
//! references replaced, worded by the wording engine, one amendment per node.

use serde::{Deserialize, Serialize};

use super::resolve::Reference;
use crate::domain::citation::{TreeNode, canonical};
use crate::domain::wording::{Generated, generate_for};

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
