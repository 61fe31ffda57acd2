//! Tests of building an edition: text edits applied, re-applied or reported, insertions and
//! deletions renumbering and rewriting citations across changes, conflicts, provenance notes,
//! the demo edition with five changes, and properties over generated Rule Books.

use super::*;
use crate::domain::rulebook::testgen::arb_rulebook;
use crate::domain::rulebook::{export_rulebook, parse_rulebook};
use proptest::prelude::*;

const DEMO_2024: &str = include_str!("../../../../server/demo/rulebook-2024.md");

const FEE: &str = "Members shall pay a subscription of two pounds a year. Members may vote at meetings of their branch.";

/// Chapter 2 with Clause I (sections 1–4, section 4 with sub-clauses A–E, E with an item)
/// and Clause II citing sub-clause 4.E absolutely.
fn book() -> RuleBook {
    let text = format!(
        "---\ntitle: Rule Book 2024\nyear: 2024\n---\n\n\
         # Chapter 1. Constitutional rules\n\n\
         #### 1.\n\nThe Party shall readmit members as set out in Chapter 2, Clause I.4.E.\n\n\
         # Chapter 2. Membership rules\n\n\
         ### Clause I. Conditions of membership\n\n\
         #### 1.\n\n{FEE}\n\n\
         #### 2.\n\nThe NEC shall keep a list of members.\n\n\
         #### 3.\n\nMembers shall be allocated to a branch.\n\n\
         #### 4. Exclusions\n\n\
         ##### A.\n\nA person excluded may apply to rejoin under sub-clause 4.E below.\n\n\
         ##### B.\n\nA member who joins another party shall be excluded.\n\n\
         ##### C.\n\nThe General Secretary shall notify the member in writing.\n\n\
         ##### D.\n\nA member may submit evidence within twenty-one days.\n\n\
         ##### E.\n\nA person excluded may rejoin after five years.\n\n\
         ###### i.\n\nThe NEC may waive the period.\n\n\
         ### Clause II. Subscriptions\n\n\
         #### 1.\n\nReadmission is governed by Chapter 2, Clause I.4.E, and exclusions by Chapter 2, Clause I.4.B.\n"
    );
    match parse_rulebook(text.as_bytes()) {
        Ok(book) => book,
        Err(e) => panic!("fixture does not parse: {e:?}"),
    }
}

fn change(id: i32, edits: Vec<ChangeEdit>) -> ChangeSet {
    ChangeSet {
        id,
        label: format!("Rule change {id} (Broxtowe CLP)"),
        provenance: "Annual Conference 2025".into(),
        edits,
    }
}

fn text_edit(key: &str, base: &str, edited: &str) -> ChangeEdit {
    ChangeEdit::Text {
        key: key.into(),
        base_text: base.into(),
        edited_text: edited.into(),
    }
}

fn insert(key: &str, text: &str) -> ChangeEdit {
    ChangeEdit::InsertAfter {
        key: key.into(),
        text: text.into(),
    }
}

fn delete(key: &str) -> ChangeEdit {
    ChangeEdit::Delete { key: key.into() }
}

fn text_at<'a>(book: &'a RuleBook, key: &str) -> &'a str {
    match book.index_of_key(key) {
        Some(i) => &book.nodes[i].text,
        None => panic!("no {key} in the built book"),
    }
}

fn keys(book: &RuleBook) -> Vec<String> {
    book.tree().into_iter().map(|n| n.key).collect()
}

fn notes(outcome: &BuildOutcome) -> Vec<String> {
    outcome
        .provenance
        .iter()
        .map(|p| format!("{}: {}", p.key, p.note))
        .collect()
}

/// The built book must be a valid edition: it exports and reads back to the same tree.
fn assert_valid(book: &RuleBook) {
    let exported = export_rulebook(book);
    let back = match parse_rulebook(exported.as_bytes()) {
        Ok(back) => back,
        Err(e) => panic!("built book does not read back: {e:?}\n{exported}"),
    };
    assert_eq!(keys(&back), keys(book));
    let texts = |b: &RuleBook| b.nodes.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&back), texts(book));
}

#[test]
fn a_single_text_change_is_applied_with_its_note() {
    let edited = FEE.replace("two pounds", "three pounds");
    let outcome = build(
        &book(),
        &[change(12, vec![text_edit("2.I.1", FEE, &edited)])],
    );
    assert!(outcome.is_clean(), "{outcome:?}");
    assert_eq!(text_at(&outcome.book, "2.I.1"), edited);
    assert_eq!(
        notes(&outcome),
        ["2.I.1: Words substituted by Rule change 12 (Broxtowe CLP), Annual Conference 2025"]
    );
    assert_eq!(outcome.provenance[0].change_id, 12);
    assert_eq!(outcome.book.meta, book().meta);
}

#[test]
fn two_compatible_text_changes_to_one_clause_both_apply() {
    let first = FEE.replace("two pounds", "three pounds");
    let second = FEE.replace("their branch", "their CLP");
    let outcome = build(
        &book(),
        &[
            change(12, vec![text_edit("2.I.1", FEE, &first)]),
            change(14, vec![text_edit("2.I.1", FEE, &second)]),
        ],
    );
    assert!(outcome.is_clean(), "{outcome:?}");
    assert_eq!(
        text_at(&outcome.book, "2.I.1"),
        "Members shall pay a subscription of three pounds a year. Members may vote at meetings of their CLP."
    );
    let ids: Vec<i32> = outcome.provenance.iter().map(|p| p.change_id).collect();
    assert_eq!(ids, [12, 14]);
}

#[test]
fn two_conflicting_text_changes_keep_the_first_and_report_the_second() {
    let first = FEE.replace("two pounds", "three pounds");
    let second = FEE.replace("two pounds a year", "five pounds a month");
    let outcome = build(
        &book(),
        &[
            change(12, vec![text_edit("2.I.1", FEE, &first)]),
            change(14, vec![text_edit("2.I.1", FEE, &second)]),
        ],
    );
    assert!(!outcome.is_clean());
    assert_eq!(text_at(&outcome.book, "2.I.1"), first);
    assert_eq!(outcome.failures.len(), 1);
    let failure = &outcome.failures[0];
    assert_eq!((failure.change_id, failure.key.as_str()), (14, "2.I.1"));
    assert!(
        failure
            .message
            .contains("Rule change 12 (Broxtowe CLP) and Rule change 14")
            && failure.message.contains("Chapter 2, Clause I.1"),
        "{}",
        failure.message
    );
    assert_eq!(outcome.conflicts.len(), 1);
    assert_eq!(outcome.conflicts[0].change_ids, (12, 14));
    assert_eq!(outcome.conflicts[0].key, "2.I.1");
    // Only the change applied is credited.
    assert_eq!(outcome.provenance.len(), 1);
}

#[test]
fn a_whole_text_replacement_cannot_be_reapplied_over_another_change() {
    let first = FEE.replace("two pounds", "three pounds");
    let rewrite = "Subscriptions shall be set by the NEC.";
    let outcome = build(
        &book(),
        &[
            change(12, vec![text_edit("2.I.1", FEE, &first)]),
            change(14, vec![text_edit("2.I.1", FEE, rewrite)]),
        ],
    );
    assert_eq!(text_at(&outcome.book, "2.I.1"), first);
    assert_eq!(outcome.conflicts.len(), 1);
    assert!(
        outcome.failures[0]
            .message
            .contains("rewrites the whole text"),
        "{}",
        outcome.failures[0].message
    );
}

#[test]
fn a_change_drafted_against_an_older_text_is_reapplied_or_reported() {
    let older = "Members shall pay a subscription of two pounds a year. Members may vote.";
    let oldest = "Members shall pay a subscription of one pound a year.";
    let fits = build(
        &book(),
        &[change(
            3,
            vec![text_edit(
                "2.I.1",
                older,
                &older.replace("two pounds", "ten pounds"),
            )],
        )],
    );
    assert!(fits.is_clean(), "{fits:?}");
    assert_eq!(
        text_at(&fits.book, "2.I.1"),
        FEE.replace("two pounds", "ten pounds")
    );
    let stale = build(
        &book(),
        &[change(
            3,
            vec![text_edit(
                "2.I.1",
                oldest,
                &oldest.replace("one pound", "ten pounds"),
            )],
        )],
    );
    assert_eq!(text_at(&stale.book, "2.I.1"), FEE);
    assert!(stale.conflicts.is_empty());
    assert!(
        stale.failures[0]
            .message
            .starts_with("The text of Chapter 2, Clause I.1 is not the text Rule change 3"),
        "{}",
        stale.failures[0].message
    );
}

#[test]
fn an_insertion_renumbers_and_rewrites_citations_elsewhere() {
    let outcome = build(
        &book(),
        &[change(
            12,
            vec![insert(
                "2.I.4.D",
                "The NEC shall hear appeals against exclusion.",
            )],
        )],
    );
    assert!(outcome.is_clean(), "{outcome:?}");
    let book = &outcome.book;
    assert_eq!(
        text_at(book, "2.I.4.E"),
        "The NEC shall hear appeals against exclusion."
    );
    assert_eq!(
        text_at(book, "2.I.4.F"),
        "A person excluded may rejoin after five years."
    );
    // Descendants move with their parent, labels and keys alike.
    assert_eq!(text_at(book, "2.I.4.F.i"), "The NEC may waive the period.");
    assert_eq!(book.index_of_key("2.I.4.E.i"), None);
    assert_eq!(
        text_at(book, "2.I.4.A"),
        "A person excluded may apply to rejoin under sub-clause 4.F below."
    );
    assert_eq!(
        text_at(book, "2.II.1"),
        "Readmission is governed by Chapter 2, Clause I.4.F, and exclusions by Chapter 2, Clause I.4.B."
    );
    // In another chapter too.
    assert_eq!(
        text_at(book, "1.1"),
        "The Party shall readmit members as set out in Chapter 2, Clause I.4.F."
    );
    assert_eq!(
        notes(&outcome),
        [
            "1.1: Reference renumbered in consequence of Rule change 12 (Broxtowe CLP), Annual Conference 2025",
            "2.I.4.A: Reference renumbered in consequence of Rule change 12 (Broxtowe CLP), Annual Conference 2025",
            "2.I.4.E: Sub-clause inserted by Rule change 12 (Broxtowe CLP), Annual Conference 2025",
            "2.II.1: Reference renumbered in consequence of Rule change 12 (Broxtowe CLP), Annual Conference 2025",
        ]
    );
    assert_valid(book);
}

#[test]
fn a_deletion_renumbers_down_and_lists_citations_of_the_deleted_rule() {
    let outcome = build(&book(), &[change(7, vec![delete("2.I.4.B")])]);
    assert!(outcome.is_clean(), "{outcome:?}");
    let book = &outcome.book;
    let under_4: Vec<String> = keys(book)
        .into_iter()
        .filter(|k| k.starts_with("2.I.4."))
        .collect();
    assert_eq!(
        under_4,
        ["2.I.4.A", "2.I.4.B", "2.I.4.C", "2.I.4.D", "2.I.4.D.i"]
    );
    assert_eq!(
        text_at(book, "2.I.4.B"),
        "The General Secretary shall notify the member in writing."
    );
    assert_eq!(
        text_at(book, "2.I.4.A"),
        "A person excluded may apply to rejoin under sub-clause 4.D below."
    );
    assert!(text_at(book, "2.II.1").contains("Chapter 2, Clause I.4.D"));
    assert!(notes(&outcome).contains(
        &"2.I.4: Sub-clause 4.B deleted by Rule change 7 (Broxtowe CLP), Annual Conference 2025"
            .to_string()
    ));
    // A citation of the deleted rule: listed, left alone.
    assert_eq!(outcome.unresolved.len(), 1, "{:?}", outcome.unresolved);
    assert_eq!(outcome.unresolved[0].key, "2.II.1");
    assert!(outcome.unresolved[0].message.contains("2.I.4.B"));
    assert!(text_at(book, "2.II.1").ends_with("exclusions by Chapter 2, Clause I.4.B."));
    assert_valid(book);
}

#[test]
fn an_edit_to_a_rule_deleted_by_an_earlier_change_fails() {
    let outcome = build(
        &book(),
        &[
            change(7, vec![delete("2.I.4.C")]),
            change(
                9,
                vec![text_edit(
                    "2.I.4.C",
                    "The General Secretary shall notify the member in writing.",
                    "The General Secretary shall notify the member by email.",
                )],
            ),
            change(11, vec![insert("2.I.4.E.i", "New item.")]),
        ],
    );
    assert_eq!(outcome.failures.len(), 1);
    assert_eq!(outcome.failures[0].change_id, 9);
    assert_eq!(outcome.failures[0].key, "2.I.4.C");
    assert_eq!(
        outcome.failures[0].message,
        "Rule change 9 (Broxtowe CLP) tries to amend Chapter 2, Clause I.4.C, but Rule change 7 (Broxtowe CLP) has deleted it; this edit was not made."
    );
    assert_eq!(outcome.conflicts.len(), 1);
    assert_eq!(outcome.conflicts[0].change_ids, (7, 9));
    // The later insertion names its anchor in the old numbering and still finds it.
    assert_eq!(text_at(&outcome.book, "2.I.4.D.ii"), "New item.");
    assert_valid(&outcome.book);
}

#[test]
fn later_changes_follow_earlier_renumbering() {
    let outcome = build(
        &book(),
        &[
            change(1, vec![insert("2.I.4.A", "First new rule.")]),
            change(
                2,
                vec![
                    text_edit(
                        "2.I.4.E",
                        "A person excluded may rejoin after five years.",
                        "A person excluded may rejoin after three years.",
                    ),
                    delete("2.I.4.C"),
                ],
            ),
            change(3, vec![insert("2.I.4.A", "Second new rule.")]),
        ],
    );
    assert!(outcome.is_clean(), "{outcome:?}");
    let texts: Vec<(String, &str)> = outcome
        .book
        .tree()
        .into_iter()
        .zip(&outcome.book.nodes)
        .filter(|(n, _)| n.key.starts_with("2.I.4."))
        .map(|(n, node)| (n.key, node.text.as_str()))
        .collect();
    let expected = [
        (
            "2.I.4.A",
            "A person excluded may apply to rejoin under sub-clause 4.F below.",
        ),
        ("2.I.4.B", "First new rule."),
        // Inserted after 4.A by a later change: after the earlier change's new rule.
        ("2.I.4.C", "Second new rule."),
        (
            "2.I.4.D",
            "A member who joins another party shall be excluded.",
        ),
        (
            "2.I.4.E",
            "A member may submit evidence within twenty-one days.",
        ),
        ("2.I.4.F", "A person excluded may rejoin after three years."),
        ("2.I.4.F.i", "The NEC may waive the period."),
    ];
    let got: Vec<(&str, &str)> = texts.iter().map(|(k, t)| (k.as_str(), *t)).collect();
    assert_eq!(got, expected);
    assert!(
        notes(&outcome).contains(
            &"2.I.4.F: Words substituted by Rule change 2 (Broxtowe CLP), Annual Conference 2025"
                .to_string()
        )
    );
    assert!(notes(&outcome).contains(
        &"2.I.4: Sub-clause 4.D deleted by Rule change 2 (Broxtowe CLP), Annual Conference 2025"
            .to_string()
    ));
    assert_valid(&outcome.book);
}

#[test]
fn a_later_amendment_is_reapplied_over_a_rewritten_citation() {
    let base = "A person excluded may apply to rejoin under sub-clause 4.E below.";
    let outcome = build(
        &book(),
        &[
            change(1, vec![insert("2.I.4.D", "New.")]),
            change(
                2,
                vec![text_edit(
                    "2.I.4.A",
                    base,
                    &base.replace("A person excluded", "A person expelled"),
                )],
            ),
        ],
    );
    assert!(outcome.is_clean(), "{outcome:?}");
    assert_eq!(
        text_at(&outcome.book, "2.I.4.A"),
        "A person expelled may apply to rejoin under sub-clause 4.F below."
    );
}

#[test]
fn provenance_notes_say_what_the_words_did() {
    let base = "The NEC shall keep a list of members.";
    let outcome = build(
        &book(),
        &[
            change(
                1,
                vec![text_edit(
                    "2.I.2",
                    base,
                    "The NEC shall keep a secure list of members.",
                )],
            ),
            change(
                2,
                vec![text_edit(
                    "2.I.3",
                    "Members shall be allocated to a branch.",
                    "Members shall be allocated.",
                )],
            ),
            ChangeSet {
                provenance: String::new(),
                ..change(3, vec![delete("2.I.4.E.i")])
            },
        ],
    );
    assert!(outcome.is_clean(), "{outcome:?}");
    assert_eq!(
        notes(&outcome),
        [
            "2.I.2: Words inserted by Rule change 1 (Broxtowe CLP), Annual Conference 2025",
            "2.I.3: Words deleted by Rule change 2 (Broxtowe CLP), Annual Conference 2025",
            "2.I.4.E: Item 4.E.i deleted by Rule change 3 (Broxtowe CLP)",
        ]
    );
}

#[test]
fn entangled_structural_edits_of_one_change_are_refused() {
    let outcome = build(
        &book(),
        &[change(
            5,
            vec![insert("2.I.4.A", "New."), delete("2.I.4.C")],
        )],
    );
    assert_eq!(outcome.failures.len(), 1);
    assert_eq!(outcome.failures[0].key, "2.I.4.C");
    assert!(
        outcome.failures[0].message.contains("2.I.4.C"),
        "{}",
        outcome.failures[0].message
    );
    // The first edit is made.
    assert_eq!(text_at(&outcome.book, "2.I.4.B"), "New.");
    assert!(outcome.conflicts.is_empty());
}

#[test]
fn unknown_keys_and_whole_chapters_are_reported() {
    let outcome = build(
        &book(),
        &[change(5, vec![delete("2"), text_edit("2.IX.1", "a", "b")])],
    );
    assert_eq!(outcome.book, book());
    let messages: Vec<&str> = outcome
        .failures
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "Rule change 5 (Broxtowe CLP) tries to amend 2.IX.1, but Rule Book 2024 has no rule 2.IX.1.",
            "Rule change 5 (Broxtowe CLP) tries to delete Chapter 2, but whole chapters and appendices cannot be added or deleted here; this edit was not made.",
        ]
    );
}

#[test]
fn deleting_a_rule_another_change_amended_is_a_conflict() {
    let base = "The NEC may waive the period.";
    let outcome = build(
        &book(),
        &[
            change(
                1,
                vec![text_edit(
                    "2.I.4.E.i",
                    base,
                    "The NEC may shorten the period.",
                )],
            ),
            change(2, vec![delete("2.I.4.E")]),
        ],
    );
    assert!(outcome.failures.is_empty());
    assert!(!outcome.is_clean());
    assert_eq!(outcome.conflicts.len(), 1);
    assert_eq!(outcome.conflicts[0].key, "2.I.4.E.i");
    assert_eq!(outcome.conflicts[0].change_ids, (1, 2));
    assert_eq!(outcome.book.index_of_key("2.I.4.E"), None);
    // The deleted rule's notes go with it.
    assert!(outcome.provenance.iter().all(|p| p.change_id == 2));
}

/// Five changes to the demo edition, and how long the build takes.
#[test]
fn the_demo_edition_builds_with_five_changes() {
    let book = match parse_rulebook(DEMO_2024.as_bytes()) {
        Ok(book) => book,
        Err(e) => panic!("demo does not parse: {e:?}"),
    };
    let original = |key: &str| text_at(&book, key).to_string();
    let e_text = original("2.I.4.E");
    let first_para = original("1.I.1");
    let changes = [
        change(
            1,
            vec![insert(
                "2.I.4.D",
                "A member excluded in error shall be compensated.",
            )],
        ),
        change(
            2,
            vec![text_edit(
                "2.I.4.E",
                &e_text,
                &e_text.replace("five years", "three years"),
            )],
        ),
        change(3, vec![delete("1.II.3")]),
        change(
            4,
            vec![text_edit(
                "1.I.1",
                &first_para,
                &first_para.replace("The Labour Party", "The Labour and Co-operative Party"),
            )],
        ),
        change(
            5,
            vec![text_edit(
                "2.I.4.E",
                &e_text,
                &e_text.replace(
                    "The NEC shall give reasons",
                    "The NEC shall give written reasons",
                ),
            )],
        ),
    ];
    let start = std::time::Instant::now();
    let outcome = build(&book, &changes);
    let elapsed = start.elapsed();
    println!(
        "demo edition ({} nodes) with 5 changes built in {elapsed:?}",
        book.nodes.len()
    );
    assert!(
        outcome.is_clean(),
        "{:#?}",
        (&outcome.failures, &outcome.conflicts)
    );
    let built = &outcome.book;
    assert_eq!(built.nodes.len(), book.nodes.len());
    assert!(text_at(built, "2.I.4.A.iv").ends_with("sub-clause 4.F below."));
    assert!(text_at(built, "2.I.4.B").contains("subject to sub-clause 4.G below"));
    let f = text_at(built, "2.I.4.F");
    assert!(
        f.contains("three years") && f.contains("give written reasons"),
        "{f}"
    );
    assert!(text_at(built, "2.I.4.A.i").contains("Chapter 1, Clause II.3,"));
    assert!(text_at(built, "1.I.1").contains("The Labour and Co-operative Party"));
    assert_valid(built);

    // A hundred changes: every one a small edit somewhere, every tenth structural.
    let many: Vec<ChangeSet> = (0..100)
        .map(|i| {
            let index = 1 + (i * 37) % (book.nodes.len() - 1);
            let key = book.key(index);
            let text = book.nodes[index].text.clone();
            let edit = if i % 10 == 0 && book.nodes[index].parent.is_some() {
                insert(&key, "A new rule.")
            } else {
                let edited = format!("{text} Amended {i}.");
                text_edit(&key, &text, edited.trim())
            };
            change(i32::try_from(i).unwrap_or_default(), vec![edit])
        })
        .collect();
    let start = std::time::Instant::now();
    let outcome = build(&book, &many);
    println!(
        "demo edition with 100 changes built in {:?} ({} failures)",
        start.elapsed(),
        outcome.failures.len()
    );
    assert_valid(&outcome.book);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_changes_give_the_same_book(book in arb_rulebook()) {
        let outcome = build(&book, &[]);
        prop_assert!(outcome.is_clean());
        prop_assert!(outcome.provenance.is_empty());
        prop_assert_eq!(&outcome.book, &book);
        let empty = build(&book, &[change(1, Vec::new())]);
        prop_assert_eq!(&empty.book, &book);
    }

    #[test]
    fn a_rule_inserted_anywhere_leaves_a_valid_edition(
        book in arb_rulebook(),
        pick in any::<prop::sample::Index>(),
    ) {
        let index = pick.index(book.nodes.len());
        let key = book.key(index);
        let outcome = build(&book, &[change(1, vec![insert(&key, "Inserted.")])]);
        if book.nodes[index].parent.is_none() {
            prop_assert_eq!(outcome.failures.len(), 1);
            prop_assert_eq!(&outcome.book, &book);
        } else {
            prop_assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
            prop_assert_eq!(outcome.book.nodes.len(), book.nodes.len() + 1);
            let exported = export_rulebook(&outcome.book);
            prop_assert!(parse_rulebook(exported.as_bytes()).is_ok(), "{}", exported);
        }
    }

    #[test]
    fn a_rule_deleted_anywhere_leaves_a_valid_edition(
        book in arb_rulebook(),
        pick in any::<prop::sample::Index>(),
    ) {
        let index = pick.index(book.nodes.len());
        let key = book.key(index);
        let outcome = build(&book, &[change(1, vec![delete(&key)])]);
        if book.nodes[index].parent.is_some() {
            prop_assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
            prop_assert!(outcome.book.nodes.len() < book.nodes.len());
            let exported = export_rulebook(&outcome.book);
            prop_assert!(parse_rulebook(exported.as_bytes()).is_ok(), "{}", exported);
        }
    }
}
