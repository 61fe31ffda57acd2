//! Renumbering against the demo editions: the two insertions Rule Book 2024 carried, planned
//! on Rule Book 2023, find exactly the cross-references 2024 changed, and their consequential
//! amendments turn every 2023 text into its 2024 counterpart.

use std::collections::{HashMap, HashSet};

use super::tests::{ok, triples};
use super::*;
use crate::domain::citation::TreeNode;
use crate::domain::numbering::NodeKind::{Clause, SubSection};
use crate::domain::rulebook::{RuleBook, parse_rulebook};

const DEMO_2023: &str = include_str!("../../../../server/demo/rulebook-2023.md");
const DEMO_2024: &str = include_str!("../../../../server/demo/rulebook-2024.md");

fn book(text: &str) -> RuleBook {
    ok(parse_rulebook(text.as_bytes()))
}

fn index(book: &RuleBook, key: &str) -> usize {
    match book.index_of_key(key) {
        Some(i) => i,
        None => panic!("no {key}"),
    }
}

/// Every node's text, by tree index.
fn texts(book: &RuleBook) -> Vec<(usize, &str)> {
    book.nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (i, n.text.as_str()))
        .collect()
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
    let texts = texts(&old);
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
    let texts = texts(&old);
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
