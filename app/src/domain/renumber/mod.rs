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
//! The parts, one file each: `plan` (step 1: the key map of an insertion or deletion),
//! `scanner` (the citation-like text in one node, found by its syntax alone; its keywords are
//! [`crate::domain::citation`]'s table), `resolve` (step 2: each citation found resolved in
//! the tree and, if renumbered, rewritten) and `consequentials` (step 3). Unit and property
//! tests are in `tests`; the check against the demo editions (Rule Book 2023 → 2024) in
//! `demo_tests`.
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

mod consequentials;
mod plan;
mod resolve;
mod scanner;

#[cfg(test)]
mod demo_tests;
#[cfg(test)]
mod tests;

pub use consequentials::{Consequential, consequential_wording, render_consequentials};
pub use plan::{KeyMove, RenumberError, RenumberPlan, plan_delete, plan_insert};
pub use resolve::{Reference, ReferenceScan, Unresolved, UnresolvedReason, find_references};
