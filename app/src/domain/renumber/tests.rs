//! Unit and property tests of renumbering: plans on small trees, every citation style found
//! and rewritten in its own style, what cannot be resolved, the consequential wording, and
//! properties over generated Rule Books (unique gap-free keys, canonical citations found and
//! rewritten, malformed input that never panics or hangs).

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{TestCaseResult, TestRunner};

use super::plan::child_key;
use super::resolve::last_label;
use super::*;
use crate::domain::citation::{TreeNode, canonical};
use crate::domain::numbering::{LabelStyle, NodeKind};
use crate::domain::rulebook::testgen::arb_rulebook;

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

pub(super) fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
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

pub(super) fn triples(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
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
fn keywords_are_read_only_as_running_text_writes_them() {
    let tree = citing_tree();
    // A new Clause IV in Chapter 1: IV–X become V–XI.
    let plan = ok(plan_insert(
        &tree,
        Some(at(&tree, "1.III")),
        Some(0),
        Clause,
    ));
    // "CLAUSE", "part", "cl." and "RULE" are not keywords in running text; "Clauses" and
    // the loose words in any case are.
    let texts = [(
        at(&tree, "1.II.1"),
        "Under Clauses IV.1 below, CLAUSE VI below, part IV below, Part IV below, Sub-Clause \
         VII.1 below, SUB-CLAUSE VIII.2 below, cl. IX.1 below, rule 1.10.1 and RULE 1.9.1.",
    )];
    let scan = find_references(&texts, &tree, &plan);
    assert_eq!(
        replacements(&scan),
        triples(&[
            ("1.II.1", "Clauses IV.1 below", "Clauses V.1 below"),
            (
                "1.II.1",
                "Sub-Clause VII.1 below",
                "Sub-Clause VIII.1 below"
            ),
            ("1.II.1", "SUB-CLAUSE VIII.2 below", "SUB-CLAUSE IX.2 below"),
            ("1.II.1", "IX.1 below", "X.1 below"),
            ("1.II.1", "rule 1.10.1", "rule 1.11.1"),
        ])
    );
    let unresolved: Vec<(&str, &UnresolvedReason)> = scan
        .unresolved
        .iter()
        .map(|u| (u.text.as_str(), &u.reason))
        .collect();
    assert_eq!(unresolved, [("Part IV below", &UnresolvedReason::NoScope)]);
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
    let mut add = |parent: Option<usize>, kind: NodeKind, key: &str| -> Result<(), TestCaseError> {
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

/// The plan a property needs, or the case fails with the planning error.
fn planned(result: Result<RenumberPlan, RenumberError>) -> Result<RenumberPlan, TestCaseError> {
    result.map_err(|e| TestCaseError::fail(format!("planning failed: {e}")))
}

/// Cases per property.
const CASES: u32 = 128;

/// Runs a property on `config.cases` generated cases, as `proptest!` does (failing cases
/// shrunk and saved), and returns how many cases `test` counted as exercising what the
/// property is about, so that the caller can check that it did not pass by testing little.
fn run_counting<S: Strategy>(
    config: ProptestConfig,
    strategy: &S,
    test: impl Fn(S::Value, &Cell<u32>) -> TestCaseResult,
) -> u32 {
    let counted = Cell::new(0);
    let config = ProptestConfig {
        source_file: Some(file!()),
        ..config
    };
    let result = TestRunner::new(config).run(strategy, |value| test(value, &counted));
    if let Err(error) = result {
        panic!("{error}");
    }
    counted.get()
}

/// Runs `work` on a thread of its own and fails if it has not finished within `bound`. A hang
/// detector, not a speed check: the bound is thousands of times what the work takes. A panic
/// in `work` is passed on as it is.
fn finishes_within<T: Send + 'static>(
    bound: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, TestCaseError> {
    let (done, finished) = mpsc::channel();
    let worker = thread::spawn(move || {
        // The receiver is gone only after a timeout, which has failed the case already.
        let _ = done.send(work());
    });
    match finished.recv_timeout(bound) {
        Ok(value) => Ok(value),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
            "still running after {bound:?}: it loops"
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => Err(TestCaseError::fail("the work ended without a result")),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

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
        let plan = planned(plan_insert(&tree, after, node.parent, node.kind))?;
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
        let plan = planned(plan_delete(&tree, pick.index(tree.len())))?;
        let new_keys: Vec<Option<String>> =
            tree.iter().map(|n| plan.apply_to_key(&n.key)).collect();
        prop_assert!(!plan.removed.is_empty());
        check_numbering(&tree, &new_keys, None)?;
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,60}") {
        let tree = citing_tree();
        let plan = ok(plan_insert(&tree, None, Some(0), Clause));
        let texts = [(1, text.as_str())];
        let scan = find_references(&texts, &tree, &plan);
        let _ = consequential_wording(&texts, &tree, &scan.references);
    }

    #[test]
    fn citation_like_text_never_panics(
        text in "((Chapter|Appendix|Rule|C|Clause|sub-clause|section|Part|above|below) ?|[0-9IVXivxA-Fa-f]{1,3}|[., ]){0,12}"
    ) {
        let tree = citing_tree();
        let plan = ok(plan_insert(&tree, Some(at(&tree, "1.III")), Some(0), Clause));
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

/// After a new first child in a random sibling group, the canonical citation of a random node
/// is found exactly when the node is renumbered, and its replacement names the same node in
/// the renumbered tree. The insertion can always be planned on a well-formed Rule Book.
#[test]
fn canonical_citations_of_moved_nodes_are_found_and_rewritten() {
    let strategy = (
        arb_rulebook(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
    );
    let moved = run_counting(
        ProptestConfig::with_cases(CASES),
        &strategy,
        |(book, pick, cited), moved| {
            let tree = book.tree();
            let sibling = pick.index(tree.len());
            let (parent, kind) = (tree[sibling].parent, tree[sibling].kind);
            let plan = planned(plan_insert(&tree, None, parent, kind))?;
            let target = cited.index(tree.len());
            let text = format!("As set out in {}.", canonical(&tree, target));
            let texts = [(0, text.as_str())];
            let scan = find_references(&texts, &tree, &plan);
            prop_assert!(scan.unresolved.is_empty(), "{:?}", scan.unresolved);
            match plan.moved_to(&tree[target].key) {
                Some(to) => {
                    moved.set(moved.get() + 1);
                    prop_assert_eq!(scan.references.len(), 1);
                    let reference = &scan.references[0];
                    prop_assert_eq!(reference.target_new.as_str(), to);
                    // The replacement names the same node in the renumbered tree.
                    let renumbered = renumbered_tree(&tree, &plan, parent, kind);
                    let resolved =
                        crate::domain::citation::resolve(&reference.replacement, &renumbered)
                            .map(|i| renumbered[i].key.clone());
                    prop_assert_eq!(resolved, Ok(to.to_string()));
                }
                None => prop_assert!(scan.references.is_empty()),
            }
            Ok(())
        },
    );
    // Nearly half the cases cite a renumbered node; far fewer would mean the property mostly
    // checks that nothing is found.
    assert!(
        moved >= CASES / 8,
        "only {moved} of {CASES} cases cite a renumbered node"
    );
}

/// Planning and scanning on trees that are not Rule Books (cycles, dangling parents, labels
/// out of sequence) neither panic nor loop. Most such trees cannot be planned on, and those
/// plans are skipped; every case also scans with a made-up plan.
#[test]
fn malformed_trees_never_panic_or_hang() {
    let strategy = (
        proptest::collection::vec(
            (
                0usize..7,
                proptest::option::of(0usize..12),
                "[1-3A-Ciiv]{1,2}",
            ),
            0..12,
        ),
        0usize..14,
        "(Chapter 1, Clause I|C1.I.1|sub-clause 1.A below|Clause II above|[ .,]){0,6}",
    );
    // A case takes well under a millisecond; a case still running after this is a hang.
    let bound = Duration::from_secs(20);
    // The cases are cheap and few of them can be planned on: run more of them.
    let cases = CASES * 4;
    // Each shrinking step of a case that hangs waits out the bound: keep the report prompt.
    let config = ProptestConfig {
        max_shrink_time: 60_000,
        ..ProptestConfig::with_cases(cases)
    };
    let planned_cases = run_counting(config, &strategy, |(nodes, pick, text), planned_cases| {
        let plans_made = finishes_within(bound, move || {
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
            let plans: Vec<RenumberPlan> = [
                plan_insert(&tree, Some(pick), Some(pick / 2), kind),
                plan_insert(&tree, None, None, kind),
                plan_delete(&tree, pick),
            ]
            .into_iter()
            .flatten()
            .collect();
            let plans_made = plans.len();
            let texts: Vec<(usize, &str)> =
                (0..tree.len() + 1).map(|i| (i, text.as_str())).collect();
            let made_up = RenumberPlan {
                new_label: None,
                new_key: None,
                removed: vec!["k1".into()],
                moves: vec![KeyMove {
                    from: "k0".into(),
                    to: "k9.X".into(),
                }],
            };
            for plan in plans.into_iter().chain([made_up]) {
                let scan = find_references(&texts, &tree, &plan);
                let _ = consequential_wording(&texts, &tree, &scan.references);
            }
            plans_made
        })?;
        if plans_made > 0 {
            planned_cases.set(planned_cases.get() + 1);
        }
        Ok(())
    });
    // About one case in five can be planned on, if mostly to no effect (an empty tree).
    assert!(
        planned_cases >= cases / 16,
        "only {planned_cases} of {cases} malformed trees could be planned on"
    );
}
