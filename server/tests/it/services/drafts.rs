//! Drafting rule changes: save, conflict, stale detection and rebase, on SQLite and PostgreSQL.

use app::domain::rulebook::parse_rulebook;
use app::model::accounts::Role;
use app::model::drafts::SaveOutcome;
use app::ssr::services::accounts::{NewUser, create_user};
use app::ssr::services::{drafts, rulebook};
use sea_orm::DatabaseConnection;

use crate::both;
use crate::helpers::{Backend, TestDb};

async fn setup(db: &TestDb) -> (DatabaseConnection, i32, i32) {
    let conn = db.connect_migrated().await;
    for bytes in [
        &include_bytes!("../../../demo/rulebook-2023.md")[..],
        &include_bytes!("../../../demo/rulebook-2024.md")[..],
    ] {
        rulebook::import_edition(&conn, &parse_rulebook(bytes).expect("parse"))
            .await
            .expect("import");
    }
    let mut ids = Vec::new();
    for (name, email) in [
        ("Ada Author", "ada@example.org"),
        ("Ben Other", "ben@example.org"),
    ] {
        let user = create_user(
            &conn,
            NewUser {
                name: name.into(),
                email: email.into(),
                password: "a long enough passphrase".into(),
                organisation_id: None,
                role: Role::Member,
                is_demo: false,
            },
            None,
        )
        .await
        .expect("create user");
        ids.push(user.id);
    }
    (conn, ids[0], ids[1])
}

const SUSPENSION_2023: &str = "6.I.1.B";

both!(
    saves_and_refuses_a_second_writer_from_an_old_revision,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let (conn, ada, ben) = setup(&db).await;
        let id = drafts::create_draft(&conn, ada, "Fair suspensions", Some(2024), 2025)
            .await
            .expect("create");
        let draft = drafts::load_draft(&conn, ada, id).await.expect("load");
        assert_eq!((draft.revision, draft.edits.len()), (1, 0));

        let rule = rulebook::rule_view(&conn, Some(2024), SUSPENSION_2023)
            .await
            .expect("rule");
        let base = rule.nodes[0].text.clone();
        let first = base.replace("may suspend", "may, after hearing the member, suspend");
        let saved = drafts::save_edit(&conn, ada, id, 1, SUSPENSION_2023, &first)
            .await
            .expect("save");
        assert_eq!(saved, SaveOutcome::Saved { revision: 2 });

        // A second tab still on revision 1 is told about the conflict and shown the saved text.
        let second = base.replace("may suspend", "shall not suspend");
        match drafts::save_edit(&conn, ada, id, 1, SUSPENSION_2023, &second)
            .await
            .expect("save")
        {
            SaveOutcome::Conflict { current } => {
                assert_eq!(current.revision, 2);
                assert_eq!(
                    current.edits[0].edited_text, first,
                    "nothing was overwritten"
                );
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let draft = drafts::load_draft(&conn, ada, id).await.expect("load");
        assert_eq!(draft.edits.len(), 1);
        assert!(
            draft.wording.contains("Chapter 6, Clause I.1.B"),
            "{}",
            draft.wording
        );
        assert!(
            draft.wording.contains("after hearing the member"),
            "{}",
            draft.wording
        );
        assert!(!draft.edits[0].is_stale());

        // Editing the text back to the rule as it stands removes the edit.
        let saved = drafts::save_edit(&conn, ada, id, 2, SUSPENSION_2023, &base)
            .await
            .expect("save");
        assert_eq!(saved, SaveOutcome::Saved { revision: 3 });
        assert!(
            drafts::load_draft(&conn, ada, id)
                .await
                .expect("load")
                .edits
                .is_empty()
        );

        // Someone who is not an author cannot see or change it.
        let denied = drafts::load_draft(&conn, ben, id)
            .await
            .expect_err("not an author");
        assert!(denied.to_string().contains("no draft"), "{denied}");
        assert!(
            drafts::save_edit(&conn, ben, id, 3, SUSPENSION_2023, "x")
                .await
                .is_err()
        );
    }
);

both!(
    a_newer_edition_makes_a_draft_stale_and_rebase_reapplies_it,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let (conn, ada, _) = setup(&db).await;
        // Written against 2023; conference 2023 then changed 6.I.1.B for the 2024 edition.
        let id = drafts::create_draft(&conn, ada, "Fair investigations", Some(2023), 2024)
            .await
            .expect("create");
        let rule = rulebook::rule_view(&conn, Some(2023), SUSPENSION_2023)
            .await
            .expect("rule");
        let base = rule.nodes[0].text.clone();
        let edited = base.replace(
            "pending the outcome of an investigation",
            "pending the outcome of a fair investigation",
        );
        assert_ne!(edited, base);
        drafts::save_edit(&conn, ada, id, 1, SUSPENSION_2023, &edited)
            .await
            .expect("save");

        let draft = drafts::load_draft(&conn, ada, id).await.expect("load");
        let edit = &draft.edits[0];
        assert!(
            edit.is_stale(),
            "2024 changed the clause underneath the draft"
        );
        assert_eq!(edit.current_year, Some(2024));
        assert!(
            !edit
                .current_text
                .as_deref()
                .unwrap_or_default()
                .contains("deems appropriate")
        );

        let outcome = drafts::rebase_edit(&conn, ada, id, edit.id, draft.revision)
            .await
            .expect("rebase");
        assert!(outcome.rebased, "{:?}", outcome.problems);
        assert!(outcome.result.contains("a fair investigation"));
        assert!(
            !outcome.result.contains("deems appropriate"),
            "the 2024 change is kept"
        );
        let draft = drafts::load_draft(&conn, ada, id).await.expect("load");
        assert!(!draft.edits[0].is_stale());
        assert_eq!(
            draft.edition_year, 2024,
            "a draft with no stale edit amends the newest edition"
        );
    }
);

both!(
    rebase_reports_an_instruction_that_no_longer_applies,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let (conn, ada, _) = setup(&db).await;
        let id = drafts::create_draft(&conn, ada, "Narrow suspensions", Some(2023), 2024)
            .await
            .expect("create");
        let rule = rulebook::rule_view(&conn, Some(2023), SUSPENSION_2023)
            .await
            .expect("rule");
        let base = rule.nodes[0].text.clone();
        // The words this draft changes were deleted by the 2024 edition.
        let edited = base.replace(
            "in any other circumstances the NEC deems appropriate",
            "in any other circumstances set out in these rules",
        );
        assert_ne!(edited, base);
        drafts::save_edit(&conn, ada, id, 1, SUSPENSION_2023, &edited)
            .await
            .expect("save");
        let draft = drafts::load_draft(&conn, ada, id).await.expect("load");
        let outcome = drafts::rebase_edit(&conn, ada, id, draft.edits[0].id, draft.revision)
            .await
            .expect("rebase");
        assert!(!outcome.rebased);
        assert!(!outcome.problems.is_empty());
        let after = drafts::load_draft(&conn, ada, id).await.expect("load");
        assert_eq!(after.revision, draft.revision, "nothing was written");
        assert!(after.edits[0].is_stale());
    }
);

both!(
    a_package_groups_rule_changes_in_rule_book_order_and_splits_them_out,
    |backend: Backend| async move {
        use app::ssr::services::packages;
        let db = TestDb::new(backend).await;
        let (conn, ada, ben) = setup(&db).await;
        let package =
            packages::create_package(&conn, ada, "Fair process", "Against unjust suspensions.")
                .await
                .expect("create package");
        let mut ids = Vec::new();
        for (title, key) in [("Disciplinary", "6.I.1.B"), ("Membership", "2.VIII.1")] {
            let id = drafts::create_draft(&conn, ada, title, Some(2024), 2025)
                .await
                .expect("create");
            let rule = rulebook::rule_view(&conn, Some(2024), key)
                .await
                .expect("rule");
            let edited = format!("{} This applies to every member.", rule.nodes[0].text);
            drafts::save_edit(&conn, ada, id, 1, key, &edited)
                .await
                .expect("save");
            packages::add_to_package(&conn, ada, package, id)
                .await
                .expect("add");
            ids.push(id);
        }
        let view = packages::package_view(&conn, ada, package)
            .await
            .expect("view");
        let order: Vec<&str> = view
            .rule_changes
            .iter()
            .map(|rc| rc.title.as_str())
            .collect();
        assert_eq!(
            order,
            vec!["Membership", "Disciplinary"],
            "Rule Book order: chapter 2 before 6"
        );
        assert!(
            view.rule_changes
                .iter()
                .all(|rc| rc.package_id == Some(package))
        );

        // Only the owner arranges the package; only an author can move a rule change.
        assert!(packages::package_view(&conn, ben, package).await.is_err());
        assert!(
            packages::add_to_package(&conn, ben, package, ids[0])
                .await
                .is_err()
        );

        packages::split_out(&conn, ada, ids[0])
            .await
            .expect("split out");
        let view = packages::package_view(&conn, ada, package)
            .await
            .expect("view");
        assert_eq!(view.rule_changes.len(), 1);
        assert_eq!(view.rule_changes[0].title, "Membership");
    }
);

both!(details_and_co_authors, |backend: Backend| async move {
    let db = TestDb::new(backend).await;
    let (conn, ada, ben) = setup(&db).await;
    let id = drafts::create_draft(&conn, ada, "First title", Some(2024), 2025)
        .await
        .expect("create");
    let details = |title, supporting_argument, proposer_org_id| drafts::DraftDetails {
        title,
        supporting_argument,
        summary: "Suspended members are told why, in writing.",
        proposer_org_id,
    };
    let saved = drafts::update_details(
        &conn,
        ada,
        id,
        1,
        &details("Fair suspensions", "Because due process matters.", None),
    )
    .await
    .expect("details");
    assert_eq!(saved, SaveOutcome::Saved { revision: 2 });
    assert_eq!(
        drafts::load_draft(&conn, ada, id)
            .await
            .expect("load")
            .summary,
        "Suspended members are told why, in writing."
    );
    // A second editor still on revision 1 is told, not obeyed.
    let stale = drafts::update_details(&conn, ada, id, 1, &details("Other", "", None))
        .await
        .expect("details");
    assert!(matches!(stale, SaveOutcome::Conflict { .. }));
    let unknown_org = drafts::update_details(
        &conn,
        ada,
        id,
        2,
        &details("Fair suspensions", "", Some(9999)),
    )
    .await;
    assert!(
        unknown_org.is_err(),
        "an organisation that does not exist is refused"
    );

    // Ben cannot see the draft until Ada invites him; then he can edit it.
    assert!(drafts::load_draft(&conn, ben, id).await.is_err());
    let refused = drafts::add_co_author(&conn, ada, id, "nobody@example.org").await;
    assert!(
        refused
            .expect_err("no such account")
            .to_string()
            .contains("sign up")
    );
    drafts::add_co_author(&conn, ada, id, "BEN@example.org")
        .await
        .expect("invite");
    let draft = drafts::load_draft(&conn, ben, id)
        .await
        .expect("co-author reads");
    assert_eq!(draft.title, "Fair suspensions");
    assert_eq!(draft.supporting_argument, "Because due process matters.");
    assert_eq!(
        draft.authors,
        vec!["Ada Author".to_owned(), "Ben Other".to_owned()]
    );
    assert!(
        drafts::list_drafts(&conn, ben)
            .await
            .expect("list")
            .iter()
            .any(|d| d.id == id)
    );
});

both!(
    structural_edits_are_worded_with_their_renumbering_consequentials,
    |backend: Backend| async move {
        use app::model::drafts::EditKind;
        use app::ssr::error::ServiceError;

        let db = TestDb::new(backend).await;
        let (conn, ada, ben) = setup(&db).await;
        let id = drafts::create_draft(&conn, ada, "Review of exclusions", Some(2024), 2025)
            .await
            .expect("create");
        let new_text = "Every exclusion shall be reviewed by the NEC within 28 days.";
        let saved = drafts::save_structural_edit(
            &conn,
            ada,
            id,
            1,
            "2.I.4.C",
            EditKind::InsertAfter,
            new_text,
        )
        .await
        .expect("insert");
        assert_eq!(saved, SaveOutcome::Saved { revision: 2 });

        let draft = drafts::load_draft(&conn, ada, id).await.expect("load");
        assert_eq!(draft.edits.len(), 1);
        let edit = &draft.edits[0];
        assert_eq!(edit.kind, EditKind::InsertAfter);
        assert_eq!(
            edit.new_node,
            Some(("2.I.4.D".to_owned(), "4.D".to_owned()))
        );
        assert_eq!(edit.heading(), "New rule 4.D after Chapter 2, Clause I.4.C");
        assert!(
            draft.wording.contains(&format!(
                "Add a new sub-clause 4.D after sub-clause 4.C: \"{new_text}\""
            )),
            "{}",
            draft.wording
        );
        assert!(
            draft
                .wording
                .contains("Renumber existing sub-clause 4.D accordingly")
        );
        // Sub-clauses 4.D–4.F become 4.E–4.G: the references to them elsewhere are amended.
        let replacements: Vec<(String, String, String)> = draft
            .consequentials
            .iter()
            .flat_map(|c| {
                c.replacements
                    .iter()
                    .map(|(from, to)| (c.key.clone(), from.clone(), to.clone()))
            })
            .collect();
        for expected in [
            ("2.I.4.A.iv", "sub-clause 4.E below", "sub-clause 4.F below"),
            ("2.I.4.B", "sub-clause 4.F below", "sub-clause 4.G below"),
        ] {
            assert!(
                replacements
                    .iter()
                    .any(|(k, f, t)| (k.as_str(), f.as_str(), t.as_str()) == expected),
                "{expected:?} not in {replacements:?}"
            );
        }
        assert!(draft.wording.contains("Consequential amendments:"));
        assert!(draft.structure_problems.is_empty());

        // A deletion that renumbers the same sub-clauses is refused; nothing is written.
        let entangled =
            drafts::save_structural_edit(&conn, ada, id, 2, "2.I.4.E", EditKind::Delete, "").await;
        match entangled {
            Err(ServiceError::Invalid(message)) => {
                assert!(message.contains("separate rule change"), "{message}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        // Chapters are not deleted by a rule change.
        assert!(matches!(
            drafts::save_structural_edit(&conn, ada, id, 2, "2", EditKind::Delete, "").await,
            Err(ServiceError::Invalid(_))
        ));
        // A new rule needs text.
        assert!(matches!(
            drafts::save_structural_edit(&conn, ada, id, 2, "2.I.5.A", EditKind::InsertAfter, "  ")
                .await,
            Err(ServiceError::Invalid(_))
        ));
        // Someone who is not an author does not see the draft.
        assert!(matches!(
            drafts::save_structural_edit(&conn, ben, id, 2, "2.I.5.A", EditKind::Delete, "").await,
            Err(ServiceError::NotFound(_))
        ));
        // A save from an old revision is a conflict, not an overwrite.
        let stale =
            drafts::save_structural_edit(&conn, ada, id, 1, "2.I.5.A", EditKind::Delete, "")
                .await
                .expect("stale save");
        assert!(matches!(stale, SaveOutcome::Conflict { .. }));

        // A deletion elsewhere fits beside the insertion.
        let deleted =
            drafts::save_structural_edit(&conn, ada, id, 2, "2.I.5.A", EditKind::Delete, "")
                .await
                .expect("delete");
        assert_eq!(deleted, SaveOutcome::Saved { revision: 3 });
        let draft = drafts::load_draft(&conn, ada, id).await.expect("load");
        assert_eq!(draft.edits.len(), 2);
        assert!(
            draft.wording.contains("Delete sub-clause 5.A"),
            "{}",
            draft.wording
        );
        assert!(draft.edits.iter().any(|e| e.kind == EditKind::Delete
            && e.edited_text.is_empty()
            && !e.base_text.is_empty()));

        // Undoing the insertion takes its consequentials with it.
        let insertion = draft
            .edits
            .iter()
            .find(|e| e.kind == EditKind::InsertAfter)
            .expect("insertion")
            .id;
        drafts::remove_edit(&conn, ada, id, 3, insertion)
            .await
            .expect("remove");
        let draft = drafts::load_draft(&conn, ada, id).await.expect("load");
        assert_eq!(draft.edits.len(), 1);
        assert!(
            draft
                .consequentials
                .iter()
                .all(|c| c.key != "2.I.4.A.iv" && c.key != "2.I.4.B")
        );
        assert!(!draft.wording.contains("4.D after"));
    }
);
