//! Publication, on SQLite and PostgreSQL: the reading pack, "as it would read" with
//! conflicting changes, the next edition built from carried rule changes (all or nothing, with
//! renumbering and provenance), and the stable JSON shape of a published rule change.

use app::domain::conference::ConferenceSettings;
use app::domain::conference::forecast::PrintedFigures;
use app::domain::rulebook::parse_rulebook;
use app::model::accounts::{CurrentUser, Role};
use app::model::drafts::EditKind;
use app::model::publication::Selection;
use app::ssr::services::procedure::{self, EventForm};
use app::ssr::services::{drafts, organisations, publication, rulebook};
use sea_orm::DatabaseConnection;

use crate::both;
use crate::helpers::{Backend, TestDb, user};

/// The conference the tests carry rule changes at: this year, so nothing is held over.
const CONFERENCE: i32 = 2026;

struct World {
    conn: DatabaseConnection,
    author: CurrentUser,
    admin: CurrentUser,
    clp: i32,
}

async fn world(db: &TestDb) -> World {
    let conn = db.connect_migrated().await;
    rulebook::import_edition(
        &conn,
        &parse_rulebook(include_bytes!("../../../demo/rulebook-2024.md")).expect("parse"),
    )
    .await
    .expect("import");
    let author = user(&conn, "Author", Role::Member).await;
    let admin = user(&conn, "Admin", Role::Admin).await;
    organisations::import_csv(
        &conn,
        admin.id,
        b"name,kind,region,membership,card_vote_weight\nBroxtowe CLP,clp,East Midlands,900,\n",
    )
    .await
    .expect("organisations");
    let clp = organisations::list(&conn, &Default::default())
        .await
        .expect("list")[0]
        .id;
    let settings = ConferenceSettings {
        one_year_delay: false,
        ..ConferenceSettings::default()
    };
    let deadline = chrono::Utc::now() + chrono::Duration::days(30);
    procedure::save_conference(&conn, CONFERENCE, deadline, &settings)
        .await
        .expect("conference");
    World {
        conn,
        author,
        admin,
        clp,
    }
}

/// A submitted rule change with one text edit (`from` → `to` in `key`), or with a new rule
/// after `key` when `from` is empty.
async fn propose(w: &World, title: &str, key: &str, from: &str, to: &str) -> i32 {
    let id = drafts::create_draft(&w.conn, w.author.id, title, Some(2024), CONFERENCE)
        .await
        .expect("create");
    if from.is_empty() {
        drafts::save_structural_edit(&w.conn, w.author.id, id, 1, key, EditKind::InsertAfter, to)
            .await
            .expect("insert");
    } else {
        let clause = drafts::clause_for_edit(&w.conn, w.author.id, id, key)
            .await
            .expect("open");
        let edited = clause.base_text.replacen(from, to, 1);
        assert_ne!(edited, clause.base_text, "{key} no longer has “{from}”");
        drafts::save_edit(&w.conn, w.author.id, id, 1, key, &edited)
            .await
            .expect("save");
    }
    drafts::update_details(
        &w.conn,
        w.author.id,
        id,
        2,
        &drafts::DraftDetails {
            title,
            supporting_argument: "Fairness.",
            summary: "A one-line summary.",
            proposer_org_id: Some(w.clp),
        },
    )
    .await
    .expect("details");
    step(w, &w.author, id, "submit", None).await;
    id
}

async fn step(w: &World, who: &CurrentUser, id: i32, event: &str, votes: Option<[u64; 4]>) {
    let form = EventForm {
        event: event.into(),
        votes,
        ..EventForm::default()
    };
    procedure::transition(&w.conn, who, id, &form)
        .await
        .unwrap_or_else(|e| panic!("{event} on {id}: {e}"));
}

/// Takes a submitted rule change through to carried.
async fn carry(w: &World, id: i32) {
    step(w, &w.admin, id, "in_order", None).await;
    step(w, &w.admin, id, "recommend_support", None).await;
    step(w, &w.admin, id, "debate", None).await;
    step(
        w,
        &w.admin,
        id,
        "carry",
        Some([300_000, 50_000, 1_200_000, 400_000]),
    )
    .await;
}

both!(
    the_next_edition_applies_carried_changes_with_renumbering_and_provenance,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let review = propose(
            &w,
            "Review suspensions",
            "6.I.1.C",
            "within six months",
            "within three months",
        )
        .await;
        let new_rule = "Every exclusion shall be reviewed by the NEC within 28 days.";
        let insert = propose(&w, "Review exclusions", "2.I.4.C", "", new_rule).await;
        let lost = propose(&w, "Lost one", "6.I.1.B", "informed in writing", "told").await;
        for id in [review, insert] {
            carry(&w, id).await;
        }
        step(&w, &w.admin, lost, "in_order", None).await;
        step(&w, &w.admin, lost, "debate", None).await;
        step(&w, &w.admin, lost, "lose", Some([1, 9, 1, 9])).await;

        // The reading pack has all three, in Rule Book order, with their summaries.
        let pack = publication::reading_pack(&w.conn, CONFERENCE)
            .await
            .expect("pack");
        let titles: Vec<&str> = pack.rule_changes.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Review exclusions", "Lost one", "Review suspensions"]
        );
        assert!(
            pack.rule_changes
                .iter()
                .all(|r| r.summary == "A one-line summary.")
        );

        // Only admins create editions (refused as forbidden, a 403); the edition must be newer.
        assert!(matches!(
            publication::create_next_edition(
                &w.conn,
                &w.author,
                CONFERENCE,
                2025,
                "Rule Book 2025"
            )
            .await,
            Err(app::ssr::error::ServiceError::Forbidden(m)) if m.contains("Only admins")
        ));
        assert!(
            publication::create_next_edition(&w.conn, &w.admin, CONFERENCE, 2024, "Rule Book 2024")
                .await
                .is_err()
        );
        let report =
            publication::create_next_edition(&w.conn, &w.admin, CONFERENCE, 2025, "Rule Book 2025")
                .await
                .expect("create");
        assert!(report.created, "{report:?}");
        assert_eq!(report.applied, [review, insert]);

        let read = |key: &'static str| {
            let conn = w.conn.clone();
            async move {
                rulebook::rule_view(&conn, Some(2025), key)
                    .await
                    .expect("rule")
                    .nodes
                    .into_iter()
                    .next()
                    .expect("node")
            }
        };
        let changed = read("6.I.1.C").await;
        assert!(changed.text.contains("within three months"));
        let note = changed.change_note.expect("annotation");
        assert!(note.contains("substituted by rule change"), "{note}");
        assert!(note.contains("Broxtowe CLP"), "{note}");
        assert!(note.contains("Annual Conference 2026"), "{note}");
        assert_eq!(read("2.I.4.D").await.text, new_rule);
        // 4.D–4.F became 4.E–4.G, and the citation of old 4.E now names 4.F.
        assert!(
            read("2.I.4.A.iv")
                .await
                .text
                .contains("sub-clause 4.F below")
        );
        assert!(read("2.I.4.G").await.text.contains("4.A.i"));
        // The lost rule change changed nothing.
        assert!(read("6.I.1.B").await.text.contains("informed in writing"));
        // The old text is in the clause's history.
        let history = rulebook::clause_history(&w.conn, 2025, "6.I.1.C")
            .await
            .expect("history");
        assert!(history.entries.len() >= 2, "{history:?}");
    }
);

both!(
    conflicting_carried_changes_write_nothing_and_as_it_would_read_reports_them,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let a = propose(
            &w,
            "Three months",
            "6.I.1.C",
            "within six months",
            "within three months",
        )
        .await;
        let b = propose(
            &w,
            "Four months",
            "6.I.1.C",
            "within six months",
            "within four months",
        )
        .await;

        let read = publication::as_it_would_read(
            &w.conn,
            &Selection::AllSubmitted { year: CONFERENCE },
            Some("6"),
        )
        .await
        .expect("read");
        assert_eq!(read.rule_changes.len(), 2);
        assert!(
            !read.conflicts.is_empty() || !read.failures.is_empty(),
            "{read:?}"
        );
        let reported = [read.conflicts.clone(), read.failures.clone()]
            .concat()
            .join("\n");
        assert!(reported.contains("Four months"), "{reported}");
        assert!(
            read.nodes
                .iter()
                .all(|n| n.key == "6" || n.key.starts_with("6."))
        );
        let changed = read
            .nodes
            .iter()
            .find(|n| n.key == "6.I.1.C")
            .expect("the clause");
        assert!(changed.text.contains("within three months"));
        assert!(changed.diff.is_some() && !changed.notes.is_empty());

        for id in [a, b] {
            carry(&w, id).await;
        }
        let report =
            publication::create_next_edition(&w.conn, &w.admin, CONFERENCE, 2025, "Rule Book 2025")
                .await
                .expect("report");
        assert!(!report.created);
        assert!(!report.problems.is_empty());
        assert!(
            rulebook::rule_view(&w.conn, Some(2025), "6.I.1.C")
                .await
                .is_err(),
            "no edition was written"
        );
        let editions = rulebook::list_editions(&w.conn).await.expect("editions");
        assert_eq!(editions.len(), 1);
    }
);

both!(
    published_rule_changes_have_a_stable_json_shape,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let id = propose(
            &w,
            "Review suspensions",
            "6.I.1.C",
            "within six months",
            "within three months",
        )
        .await;
        // Drafts are not public; submitted rule changes are.
        let draft = drafts::create_draft(&w.conn, w.author.id, "Private", Some(2024), CONFERENCE)
            .await
            .expect("draft");
        assert!(publication::published(&w.conn, None, draft).await.is_err());
        assert!(
            publication::published(&w.conn, Some(&w.author), draft)
                .await
                .is_ok()
        );
        let published = publication::published(&w.conn, None, id)
            .await
            .expect("public");
        let json = serde_json::to_value(&published).expect("json");
        insta::assert_json_snapshot!("published_rule_change", json, {
            ".id" => "[id]",
            ".package" => "[package]",
        });
        let proposals = publication::proposals_for_clause(&w.conn, Some(2024), "6.I.1.C")
            .await
            .expect("proposals");
        assert_eq!(proposals.proposals.len(), 1);
        assert_eq!(proposals.proposals[0].id, id);
        assert_eq!(proposals.compared, 0, "one rule change has no pair");
    }
);

both!(
    clause_pages_give_a_verdict_on_each_pair_before_conference,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let key = "6.I.1.C";
        let three = propose(
            &w,
            "Three months",
            key,
            "within six months",
            "within three months",
        )
        .await;
        let two = propose(
            &w,
            "Two months",
            key,
            "within six months",
            "within two months",
        )
        .await;
        let lift = propose(&w, "Must lift", key, "shall lift it", "must lift it").await;
        let gone = propose(&w, "Withdrawn", key, "at least once", "at least twice").await;
        step(&w, &w.author, gone, "withdraw", None).await;
        // A package holding "Must lift" is compared as a party of its own.
        let package = app::ssr::services::packages::create_package(
            &w.conn,
            w.author.id,
            "Fair reviews",
            "Reviews that end.",
        )
        .await
        .expect("package");
        app::ssr::services::packages::add_to_package(&w.conn, w.author.id, package, lift)
            .await
            .expect("add");

        let list = publication::proposals_for_clause(&w.conn, Some(2024), key)
            .await
            .expect("proposals");
        // Every public rule change is listed, the withdrawn one too …
        let listed: Vec<i32> = list.proposals.iter().map(|p| p.id).collect();
        assert_eq!(listed, vec![three, two, lift, gone]);
        // … but only those still before conference are compared: three rule-change pairs, and
        // the package against the two rule changes outside it.
        assert_eq!(list.compared, 5, "{:#?}", list.pairs);
        assert_eq!(list.conflicts, 1, "{:#?}", list.pairs);
        let first = &list.pairs[0];
        assert!(first.conflict, "conflicts come first");
        assert_eq!(first.a.href, format!("/rule-changes/{three}"));
        assert_eq!(first.b.href, format!("/rule-changes/{two}"));
        assert!(first.verdict.contains("six"), "{}", first.verdict);
        assert!(
            list.pairs
                .iter()
                .all(|p| !p.a.href.ends_with(&format!("/{gone}"))
                    && !p.b.href.ends_with(&format!("/{gone}")))
        );
        let with_package: Vec<_> = list
            .pairs
            .iter()
            .filter(|p| p.b.href == format!("/packages/{package}/read"))
            .collect();
        assert_eq!(with_package.len(), 2);
        assert!(
            with_package
                .iter()
                .all(|p| !p.conflict && p.b.label.contains("Fair reviews"))
        );
        assert!(
            with_package[0].verdict.contains("merge"),
            "{}",
            with_package[0].verdict
        );
    }
);

both!(
    published_card_vote_results_are_checked_and_flagged,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let printed_result = |id: i32, clp_total: u64, total_for_pct: f64| EventForm {
            event: "carry".into(),
            votes: Some([342_921, 8_723, 1_810_113, 4_825]),
            printed: PrintedFigures {
                clp_total: Some(clp_total),
                clp_for_pct: Some(48.76),
                affiliates_for_pct: Some(49.87),
                total_for_pct: Some(total_for_pct),
                ..PrintedFigures::default()
            },
            reason: format!("result for {id}"),
            ruling_reason: String::new(),
        };
        let mut ids = Vec::new();
        for title in ["Consistent", "Misprinted", "Impossible"] {
            let id = propose(
                &w,
                title,
                "6.I.1.C",
                "within six months",
                "within three months",
            )
            .await;
            for event in ["in_order", "recommend_support", "debate"] {
                step(&w, &w.admin, id, event, None).await;
            }
            ids.push(id);
        }
        // The worked example as printed: 48.76% + 49.87% = 98.63%, CLP total 351,644.
        let ok = procedure::transition(
            &w.conn,
            &w.admin,
            ids[0],
            &printed_result(ids[0], 351_644, 98.63),
        )
        .await
        .expect("consistent result");
        let result = ok.result.expect("a result is shown");
        assert!(result.carried && result.printed);
        assert!(result.flags.is_empty(), "{:?}", result.flags);
        assert_eq!(result.rows[0].for_votes, "342,921");
        assert_eq!(result.rows[0].for_pct, "48.76%");
        assert_eq!(result.rows[2].for_pct, "98.63%");

        // A transposed total and a misprinted CLP total are recorded, and flagged.
        let flagged = procedure::transition(
            &w.conn,
            &w.admin,
            ids[1],
            &printed_result(ids[1], 351_464, 98.36),
        )
        .await
        .expect("a misprinted result is still recorded");
        assert_eq!(flagged.status, "carried");
        let result = flagged.result.expect("result");
        assert_eq!(result.flags.len(), 3, "{:?}", result.flags);
        assert!(
            result.flags.iter().any(|f| f.contains("351,464")),
            "{:?}",
            result.flags
        );
        assert!(
            result.flags.iter().any(|f| f.contains("98.36%")),
            "{:?}",
            result.flags
        );
        assert!(
            flagged
                .history
                .last()
                .expect("step")
                .detail
                .contains("3 printed figures do not add up")
        );
        // Read back, the flags are the same.
        let again = procedure::procedure_view(&w.conn, &w.admin, ids[1])
            .await
            .expect("view");
        assert_eq!(again.result.expect("result").flags, result.flags);

        // A percentage that is not one is refused, and nothing is recorded.
        let mut impossible = printed_result(ids[2], 351_644, 98.63);
        impossible.printed.total_for_pct = Some(198.63);
        let refused = procedure::transition(&w.conn, &w.admin, ids[2], &impossible).await;
        assert!(
            matches!(&refused, Err(app::ssr::error::ServiceError::Invalid(m)) if m.contains("from 0 to 100")),
            "{refused:?}"
        );
        let unchanged = procedure::procedure_view(&w.conn, &w.admin, ids[2])
            .await
            .expect("view");
        assert_eq!(unchanged.status, "debated");
        assert!(unchanged.result.is_none());
    }
);
