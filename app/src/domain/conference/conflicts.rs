//! Conflict matrix: rule changes (and packages, as sets of rule changes) that amend the same
//! clause, and for each pair whether both could be carried.
//!
//! Each edit is reduced to its changed regions in the clause's base text
//! ([`crate::domain::diff::changes`], words kept whole). Two edits of one clause
//! - are [`Verdict::Identical`] when they give the same text;
//! - **overlap** when one of them deletes or replaces the whole node, or when a changed region
//!   of one overlaps or *touches* a changed region of the other. Regions touch when nothing but
//!   whitespace and punctuation lies between them (two insertions at one place, a deletion
//!   ending where the other's replacement begins): whichever is applied first changes the words
//!   the other's instruction quotes;
//! - are otherwise **compatible**, and the verdict carries the merged text (base text with both
//!   edits' regions replaced), which proves they merge;
//! - cannot be compared when written against different texts of the clause
//!   ([`Verdict::DifferentBase`], e.g. against different editions): rebase them first.
//!
//! An edit that changes nothing is compatible with everything. A package is compared as the
//! union of its members' edits of the clause, so "package A against package B" overlaps when
//! any of their edits overlap (including two edits inside one package).
//!
//! ```
//! use app::domain::conference::ClauseEdit;
//! use app::domain::conference::conflicts::{compare, Verdict};
//! let base = "Members may vote at meetings of the CLP.";
//! let a = ClauseEdit::text("4.B", base, "Members shall vote at meetings of the CLP.");
//! let b = ClauseEdit::text("4.B", base, "Members may vote at all meetings of the CLP.");
//! assert_eq!(compare(&a, &b), Verdict::Compatible {
//!     merged: "Members shall vote at all meetings of the CLP.".into(),
//! });
//! let c = ClauseEdit::text("4.B", base, "Members must vote at meetings of the CLP.");
//! assert!(matches!(compare(&a, &c), Verdict::Overlap { .. }));
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{ClauseEdit, EditKind, RuleChangeId};
use crate::domain::diff::{Change, changes};

/// The database id of a package.
pub type PackageId = i32;

/// A rule change's edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleChangeEdits {
    /// The rule change.
    pub rule_change_id: RuleChangeId,
    /// One edit per clause it amends.
    pub edits: Vec<ClauseEdit>,
}

/// A package: rule changes voted on as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// The package.
    pub package_id: PackageId,
    /// Its rule changes.
    pub rule_change_ids: Vec<RuleChangeId>,
}

/// One side of a pair: a rule change or a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Party {
    /// A rule change.
    RuleChange(RuleChangeId),
    /// A package.
    Package(PackageId),
}

/// Whether two edits of one clause can both be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Both give the same text.
    Identical,
    /// They change different words; `merged` is the clause with both applied.
    Compatible {
        /// The clause text with both edits applied.
        merged: String,
    },
    /// They cannot both be applied.
    Overlap {
        /// True when an edit deletes or replaces the whole node.
        whole_node: bool,
        /// The base words both change (from the start of the first clashing region to the
        /// end of the last); empty for the whole node or two insertions at one place.
        excerpt: String,
    },
    /// Written against different texts of the clause; they cannot be compared.
    DifferentBase,
}

impl Verdict {
    /// Whether the pair cannot both be carried as written.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Verdict::Overlap { .. } | Verdict::DifferentBase)
    }

    /// The verdict in a sentence.
    pub fn summary(&self) -> String {
        match self {
            Verdict::Identical => "Both make the same change.".to_owned(),
            Verdict::Compatible { .. } => {
                "They change different words and merge cleanly.".to_owned()
            }
            Verdict::Overlap {
                whole_node: true, ..
            } => "One replaces or deletes the whole clause, so they cannot both apply.".to_owned(),
            Verdict::Overlap { excerpt, .. } if excerpt.trim().is_empty() => {
                "Both insert words at the same place.".to_owned()
            }
            Verdict::Overlap { excerpt, .. } => format!("Both change “{}”.", excerpt.trim()),
            Verdict::DifferentBase => {
                "They amend different versions of the clause; bring them up to date first."
                    .to_owned()
            }
        }
    }
}

/// The verdict on one pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairVerdict {
    /// The first party (the lower).
    pub a: Party,
    /// The second party.
    pub b: Party,
    /// Whether they can both be applied.
    pub verdict: Verdict,
}

/// Every pair amending one clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseConflicts {
    /// The clause.
    pub node_key: String,
    /// Rule-change pairs, then pairs involving packages, each ordered by (a, b).
    pub pairs: Vec<PairVerdict>,
}

impl ClauseConflicts {
    /// The pairs that cannot both be carried.
    pub fn conflicts(&self) -> impl Iterator<Item = &PairVerdict> {
        self.pairs.iter().filter(|p| p.verdict.is_conflict())
    }
}

/// Compares two edits of the same clause.
pub fn compare(a: &ClauseEdit, b: &ClauseEdit) -> Verdict {
    compare_sets(&[Prepared::new(a)], &[Prepared::new(b)])
}

/// The conflict matrix: one entry per clause amended by at least two parties, in key order.
pub fn conflict_matrix(
    rule_changes: &[RuleChangeEdits],
    packages: &[Package],
) -> Vec<ClauseConflicts> {
    let keys: BTreeSet<&str> = rule_changes
        .iter()
        .flat_map(|rc| rc.edits.iter().map(|e| e.node_key.as_str()))
        .collect();
    keys.into_iter()
        .map(|key| clause_conflicts(key, rule_changes, packages))
        .filter(|c| !c.pairs.is_empty())
        .collect()
}

/// Every pair of rule changes and packages amending the clause `node_key` (for a clause page).
pub fn clause_conflicts(
    node_key: &str,
    rule_changes: &[RuleChangeEdits],
    packages: &[Package],
) -> ClauseConflicts {
    // Each rule change's edits of this clause, prepared once.
    let mut by_rc: BTreeMap<RuleChangeId, Vec<Prepared<'_>>> = BTreeMap::new();
    for rc in rule_changes {
        for e in rc.edits.iter().filter(|e| e.node_key == node_key) {
            by_rc
                .entry(rc.rule_change_id)
                .or_default()
                .push(Prepared::new(e));
        }
    }
    let mut pairs = Vec::new();
    let rcs: Vec<(&RuleChangeId, &Vec<Prepared<'_>>)> = by_rc.iter().collect();
    for (i, (a, ea)) in rcs.iter().enumerate() {
        for (b, eb) in &rcs[i + 1..] {
            pairs.push(PairVerdict {
                a: Party::RuleChange(**a),
                b: Party::RuleChange(**b),
                verdict: compare_sets(ea, eb),
            });
        }
    }
    // Packages with at least one member amending the clause.
    let mut pkgs: Vec<(PackageId, BTreeSet<RuleChangeId>)> = packages
        .iter()
        .map(|p| {
            let members = p
                .rule_change_ids
                .iter()
                .copied()
                .filter(|id| by_rc.contains_key(id))
                .collect();
            (p.package_id, members)
        })
        .filter(|(_, m): &(PackageId, BTreeSet<RuleChangeId>)| !m.is_empty())
        .collect();
    pkgs.sort_by_key(|(id, _)| *id);
    let edits_of = |members: &BTreeSet<RuleChangeId>| -> Vec<Prepared<'_>> {
        members
            .iter()
            .filter_map(|id| by_rc.get(id))
            .flatten()
            .cloned()
            .collect()
    };
    let mut package_pairs = Vec::new();
    for (i, (pa, ma)) in pkgs.iter().enumerate() {
        let ea = edits_of(ma);
        for (rc, eb) in &by_rc {
            if !ma.contains(rc) {
                package_pairs.push(PairVerdict {
                    a: Party::RuleChange(*rc),
                    b: Party::Package(*pa),
                    verdict: compare_sets(eb, &ea),
                });
            }
        }
        for (pb, mb) in &pkgs[i + 1..] {
            package_pairs.push(PairVerdict {
                a: Party::Package(*pa),
                b: Party::Package(*pb),
                verdict: compare_sets(&ea, &edits_of(mb)),
            });
        }
    }
    package_pairs.sort_by_key(|p| (p.a, p.b));
    pairs.extend(package_pairs);
    ClauseConflicts {
        node_key: node_key.to_owned(),
        pairs,
    }
}

/// An edit with its changed regions.
#[derive(Debug, Clone)]
struct Prepared<'a> {
    edit: &'a ClauseEdit,
    changes: Vec<Change>,
}

impl<'a> Prepared<'a> {
    fn new(edit: &'a ClauseEdit) -> Self {
        let changes = if edit.kind.is_whole_node() {
            Vec::new()
        } else {
            changes(&edit.base_text, &edit.edited_text, 0)
        };
        Prepared { edit, changes }
    }

    fn is_noop(&self) -> bool {
        self.edit.kind == EditKind::Text && self.changes.is_empty()
    }

    fn effect(&self) -> (EditKind, &str) {
        (self.edit.kind, self.edit.edited_text.as_str())
    }
}

/// Compares two sets of edits of one clause (a rule change's, or a package's members').
fn compare_sets(a: &[Prepared<'_>], b: &[Prepared<'_>]) -> Verdict {
    let mut all = a.iter().chain(b);
    if let Some(first) = all.next()
        && all.any(|p| p.edit.base_text != first.edit.base_text)
    {
        return Verdict::DifferentBase;
    }
    let effects = |side: &[Prepared<'_>]| -> BTreeSet<(EditKind, String)> {
        side.iter()
            .filter(|p| !p.is_noop())
            .map(|p| (p.edit.kind, p.edit.edited_text.clone()))
            .collect()
    };
    if effects(a) == effects(b) {
        return Verdict::Identical;
    }
    // Each distinct effective edit once: an edit both sides make is applied once.
    let mut seen = BTreeSet::new();
    let edits: Vec<&Prepared<'_>> = a
        .iter()
        .chain(b)
        .filter(|p| !p.is_noop() && seen.insert(p.effect()))
        .collect();
    let base = a
        .iter()
        .chain(b)
        .map(|p| p.edit.base_text.as_str())
        .next()
        .unwrap_or("");
    if edits.len() > 1 && edits.iter().any(|p| p.edit.kind.is_whole_node()) {
        return Verdict::Overlap {
            whole_node: true,
            excerpt: String::new(),
        };
    }
    if let [only] = edits.as_slice() {
        return Verdict::Compatible {
            merged: only.edit.edited_text.clone(),
        };
    }
    let mut regions: Vec<(&Change, &str)> = edits
        .iter()
        .flat_map(|p| p.changes.iter().map(|c| (c, p.edit.edited_text.as_str())))
        .collect();
    regions.sort_by_key(|(c, _)| (c.old.start, c.old.end));
    for (i, (x, _)) in regions.iter().enumerate() {
        for (y, _) in &regions[i + 1..] {
            if touch(base, x, y) {
                let start = x.old.start.min(y.old.start);
                let end = x.old.end.max(y.old.end);
                return Verdict::Overlap {
                    whole_node: false,
                    excerpt: base.get(start..end).unwrap_or_default().to_owned(),
                };
            }
        }
    }
    let mut merged = String::with_capacity(base.len());
    let mut pos = 0;
    for (c, text) in regions {
        merged.push_str(base.get(pos..c.old.start).unwrap_or_default());
        merged.push_str(text.get(c.new.clone()).unwrap_or_default());
        pos = c.old.end;
    }
    merged.push_str(base.get(pos..).unwrap_or_default());
    Verdict::Compatible { merged }
}

/// Whether two changed regions of `base` overlap or touch; `x` starts no later than `y`.
fn touch(base: &str, x: &Change, y: &Change) -> bool {
    if y.old.start < x.old.end {
        return true;
    }
    base.get(x.old.end..y.old.start)
        .is_none_or(|gap| !gap.chars().any(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BASE: &str = "The CLP shall meet at least six times a year. Notice shall be given.";

    fn edit(edited: &str) -> ClauseEdit {
        ClauseEdit::text("1.VII.2", BASE, edited)
    }

    fn rc(id: RuleChangeId, edits: Vec<ClauseEdit>) -> RuleChangeEdits {
        RuleChangeEdits {
            rule_change_id: id,
            edits,
        }
    }

    #[test]
    fn changes_in_different_sentences_merge() {
        let a = edit("The CLP shall meet at least ten times a year. Notice shall be given.");
        let b =
            edit("The CLP shall meet at least six times a year. Written notice shall be given.");
        let want = "The CLP shall meet at least ten times a year. Written notice shall be given.";
        assert_eq!(
            compare(&a, &b),
            Verdict::Compatible {
                merged: want.into()
            }
        );
        assert_eq!(
            compare(&b, &a),
            Verdict::Compatible {
                merged: want.into()
            }
        );
    }

    #[test]
    fn the_same_words_changed_differently_overlap() {
        let a = edit("The CLP shall meet at least ten times a year. Notice shall be given.");
        let b = edit("The CLP shall meet at least four times a year. Notice shall be given.");
        let v = compare(&a, &b);
        assert_eq!(
            v,
            Verdict::Overlap {
                whole_node: false,
                excerpt: "six".into()
            }
        );
        assert_eq!(v.summary(), "Both change “six”.");
    }

    #[test]
    fn neighbouring_words_touch() {
        // "six" and "times" with only a space between: one instruction's quoted words would
        // no longer be found after the other is applied.
        let a = edit("The CLP shall meet at least ten times a year. Notice shall be given.");
        let b = edit("The CLP shall meet at least six occasions a year. Notice shall be given.");
        assert!(matches!(compare(&a, &b), Verdict::Overlap { .. }));
        // Two insertions at the same place.
        let c = edit("The CLP shall meet at least six times a year. Due notice shall be given.");
        let d = edit("The CLP shall meet at least six times a year. Fair notice shall be given.");
        assert!(matches!(compare(&c, &d), Verdict::Overlap { .. }));
        // One unchanged word between them is enough.
        let e = edit("The CLP shall meet at least six times each year. Notice shall be given.");
        assert_eq!(
            compare(&a, &e),
            Verdict::Compatible {
                merged: "The CLP shall meet at least ten times each year. Notice shall be given."
                    .into()
            }
        );
    }

    #[test]
    fn whole_node_edits_overlap_with_everything() {
        let delete = ClauseEdit {
            kind: EditKind::DeleteNode,
            ..edit("")
        };
        let a = edit("The CLP shall meet at least ten times a year. Notice shall be given.");
        let v = compare(&delete, &a);
        assert_eq!(
            v,
            Verdict::Overlap {
                whole_node: true,
                excerpt: String::new()
            }
        );
        assert_eq!(compare(&delete, &delete.clone()), Verdict::Identical);
        // A change that changes nothing is no obstacle.
        assert_eq!(
            compare(&delete, &edit(BASE)),
            Verdict::Compatible {
                merged: String::new()
            }
        );
    }

    #[test]
    fn identical_and_different_base() {
        let a = edit("The CLP shall meet monthly. Notice shall be given.");
        assert_eq!(compare(&a, &a.clone()), Verdict::Identical);
        let other = ClauseEdit::text("1.VII.2", "Older text.", "Newer text.");
        assert_eq!(compare(&a, &other), Verdict::DifferentBase);
        assert!(compare(&a, &other).is_conflict());
    }

    #[test]
    fn matrix_lists_rule_change_and_package_pairs_per_clause() {
        let ten = edit("The CLP shall meet at least ten times a year. Notice shall be given.");
        let four = edit("The CLP shall meet at least four times a year. Notice shall be given.");
        let written =
            edit("The CLP shall meet at least six times a year. Written notice shall be given.");
        let other_clause = ClauseEdit::text("2.I.1", "Old.", "New.");
        let rcs = vec![
            rc(3, vec![four]),
            rc(1, vec![ten, other_clause.clone()]),
            rc(2, vec![written]),
            rc(4, vec![other_clause]),
        ];
        let packages = vec![Package {
            package_id: 10,
            rule_change_ids: vec![1, 2],
        }];
        let matrix = conflict_matrix(&rcs, &packages);
        let keys: Vec<&str> = matrix.iter().map(|c| c.node_key.as_str()).collect();
        assert_eq!(keys, vec!["1.VII.2", "2.I.1"]);
        let clause = &matrix[0];
        let got: Vec<(Party, Party, bool)> = clause
            .pairs
            .iter()
            .map(|p| (p.a, p.b, p.verdict.is_conflict()))
            .collect();
        use Party::{Package as P, RuleChange as R};
        assert_eq!(
            got,
            vec![
                (R(1), R(2), false),
                (R(1), R(3), true),
                (R(2), R(3), false),
                (R(3), P(10), true),
            ]
        );
        assert_eq!(clause.conflicts().count(), 2);
        // The other clause: rule change 4 makes the same edit as package 10's member 1.
        let other: Vec<&Verdict> = matrix[1].pairs.iter().map(|p| &p.verdict).collect();
        assert_eq!(other, vec![&Verdict::Identical, &Verdict::Identical]);
        assert_eq!(clause_conflicts("9.IX", &rcs, &packages).pairs, vec![]);
    }

    #[test]
    fn a_package_merges_its_members_edits() {
        let ten = edit("The CLP shall meet at least ten times a year. Notice shall be given.");
        let written =
            edit("The CLP shall meet at least six times a year. Written notice shall be given.");
        let each = edit("The CLP shall meet at least six times each year. Notice shall be given.");
        let rcs = vec![rc(1, vec![ten]), rc(2, vec![written]), rc(5, vec![each])];
        let packages = vec![
            Package {
                package_id: 10,
                rule_change_ids: vec![1, 2],
            },
            Package {
                package_id: 11,
                rule_change_ids: vec![5, 99],
            },
        ];
        let c = clause_conflicts("1.VII.2", &rcs, &packages);
        let last = c.pairs.last().map(|p| (p.a, p.b, p.verdict.clone()));
        assert_eq!(
            last,
            Some((
                Party::Package(10),
                Party::Package(11),
                Verdict::Compatible {
                    merged: "The CLP shall meet at least ten times each year. Written notice \
                             shall be given."
                        .into()
                }
            ))
        );
    }

    /// Unique base words, and replacement words from another vocabulary, so that the diff of
    /// each edit is exactly the words it replaces.
    fn words(n: usize, prefix: &str) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    }

    fn replace(base: &[String], range: (usize, usize), with: &[String]) -> String {
        let mut out: Vec<String> = base[..range.0].to_vec();
        out.extend(with.iter().cloned());
        out.extend(base[range.1..].iter().cloned());
        out.join(" ")
    }

    proptest! {
        #[test]
        fn separated_edits_merge_to_both_and_adjacent_ones_overlap(
            n in 2usize..12,
            cuts in proptest::collection::vec(0usize..12, 4),
            first_new in 0usize..3,
            second_new in 0usize..3,
            gap in 0usize..2,
            swap: bool,
        ) {
            let base = words(n, "w");
            let mut c: Vec<usize> = cuts.iter().map(|x| x % (n + 1)).collect();
            c.sort_unstable();
            let (r1, mut r2) = ((c[0], c[1]), (c[2], c[3]));
            // Either at least one unchanged word between the regions, or none.
            if gap == 1 && r2.0 <= r1.1 {
                prop_assume!(r1.1 < n);
                r2 = (r1.1 + 1, r2.1.max(r1.1 + 1));
            }
            if gap == 0 {
                r2 = (r1.1, r2.1.max(r1.1));
            }
            let first_words = words(first_new, "x");
            let second_words = words(second_new, "y");
            let base_text = base.join(" ");
            let e1 = ClauseEdit::text("k", &base_text, &replace(&base, r1, &first_words));
            let e2 = ClauseEdit::text("k", &base_text, &replace(&base, r2, &second_words));
            let mut both = base[..r1.0].to_vec();
            both.extend(first_words.iter().cloned());
            both.extend(base[r1.1..r2.0].iter().cloned());
            both.extend(second_words.iter().cloned());
            both.extend(base[r2.1..].iter().cloned());
            let expected = both.join(" ");
            let noop1 = r1.0 == r1.1 && first_new == 0;
            let noop2 = r2.0 == r2.1 && second_new == 0;
            let (a, b) = if swap { (&e2, &e1) } else { (&e1, &e2) };
            let v = compare(a, b);
            if noop1 && noop2 {
                prop_assert_eq!(v, Verdict::Identical);
            } else if noop1 || noop2 || r2.0 > r1.1 {
                prop_assert_eq!(v, Verdict::Compatible { merged: expected });
            } else {
                prop_assert!(matches!(v, Verdict::Overlap { .. }), "{:?}", v);
            }
        }

        #[test]
        fn compatible_merges_are_symmetric_and_carry_both_edits(
            base in "[a-d ,]{0,24}", ea in "[a-d ,]{0,24}", eb in "[a-d ,]{0,24}",
        ) {
            let a = ClauseEdit::text("k", &base, &ea);
            let b = ClauseEdit::text("k", &base, &eb);
            let v = compare(&a, &b);
            prop_assert_eq!(&v, &compare(&b, &a));
            if let Verdict::Compatible { merged } = &v {
                // Each edit's regions are spliced in whole: the lengths add up.
                let grown = |e: &str| e.len() as isize - base.len() as isize;
                prop_assert_eq!(
                    merged.len() as isize,
                    base.len() as isize + grown(&ea) + grown(&eb)
                );
                if ea == base {
                    prop_assert_eq!(merged, &eb);
                }
            }
            if ea == eb {
                prop_assert_eq!(v, Verdict::Identical);
            }
        }
    }
}
