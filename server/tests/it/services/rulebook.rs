//! The Rule Book as versioned data: import, re-import, history, compare, search and citations,
//! and the bounded query count of a chapter page, on SQLite and PostgreSQL.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use app::domain::diff::DiffSpan;
use app::domain::rulebook::{export_rulebook, parse_rulebook};
use app::model::rulebook::{CompareStatus, HIT_END, HIT_START};
use app::ssr::services::rulebook;
use sea_orm::DatabaseConnection;

use crate::both;
use crate::helpers::{Backend, TestDb};

const DEMO_2023: &[u8] = include_bytes!("../../../demo/rulebook-2023.md");
const DEMO_2024: &[u8] = include_bytes!("../../../demo/rulebook-2024.md");

async fn migrated(db: &TestDb) -> DatabaseConnection {
    db.connect_migrated().await
}

async fn with_demo(db: &TestDb) -> DatabaseConnection {
    let conn = migrated(db).await;
    for bytes in [DEMO_2023, DEMO_2024] {
        let book = parse_rulebook(bytes).expect("demo parses");
        rulebook::import_edition(&conn, &book)
            .await
            .expect("demo imports");
    }
    conn
}

both!(
    import_matches_editions_and_exports_back,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let conn = migrated(&db).await;
        let first = rulebook::import_edition(&conn, &parse_rulebook(DEMO_2023).expect("parse"))
            .await
            .expect("import 2023");
        assert_eq!(first.nodes, 466);
        assert!(
            first.summary.is_none(),
            "the first edition has nothing to compare with"
        );
        let second = rulebook::import_edition(&conn, &parse_rulebook(DEMO_2024).expect("parse"))
            .await
            .expect("import 2024");
        let summary = second.summary.expect("compared with 2023");
        // The demo inserts Clause 1.VI (renumbering VI–X and their 32 descendants) and 2.I.4.D
        // (renumbering E and F), and removes 8.II.3: see server/demo/README.md.
        assert_eq!(
            (summary.added, summary.removed, summary.renumbered),
            (8, 1, 39),
            "{summary}"
        );
        assert!(summary.changed >= 10, "{summary}");

        for (year, original) in [(2023, DEMO_2023), (2024, DEMO_2024)] {
            let exported =
                export_rulebook(&rulebook::export_edition(&conn, year).await.expect("export"));
            assert_eq!(
                exported.as_bytes(),
                original,
                "export(import(x)) == x for {year}"
            );
        }

        // Re-importing an edition is refused and writes nothing.
        let again =
            rulebook::import_edition(&conn, &parse_rulebook(DEMO_2024).expect("parse")).await;
        assert!(again.unwrap_err().to_string().contains("already imported"));
        let editions = rulebook::list_editions(&conn).await.expect("list");
        assert_eq!(
            editions
                .iter()
                .map(|e| (e.year, e.node_count))
                .collect::<Vec<_>>(),
            vec![(2024, 473), (2023, 466)]
        );
    }
);

both!(
    unchanged_clauses_share_their_version,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let conn = with_demo(&db).await;
        // 2.I.1 is identical in both editions: one version row serves both.
        let old = rulebook::clause_history(&conn, 2024, "2.I.1")
            .await
            .expect("history");
        assert_eq!(old.entries.len(), 2);
        assert!(!old.entries[1].changed);
        assert_eq!(old.entries[1].change_note, "Unchanged");
    }
);

both!(
    history_follows_a_renumbered_and_changed_clause,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let conn = with_demo(&db).await;
        // Chapter 1, Clause VI in 2023 became Clause VII in 2024.
        let history = rulebook::clause_history(&conn, 2024, "1.VII")
            .await
            .expect("history");
        let keys: Vec<(i32, &str)> = history
            .entries
            .iter()
            .map(|e| (e.year, e.key.as_str()))
            .collect();
        assert_eq!(keys, vec![(2023, "1.VI"), (2024, "1.VII")]);
        assert!(history.entries[1].renumbered);

        // 4.A.I.2.A: "15 per cent" became "10 per cent".
        let history = rulebook::clause_history(&conn, 2024, "4.A.I.2.A")
            .await
            .expect("history");
        let last = history.entries.last().expect("2024 entry");
        assert!(last.changed);
        assert!(
            last.diff.contains(&DiffSpan::Delete("15".into())),
            "{:?}",
            last.diff
        );
        assert!(
            last.diff.contains(&DiffSpan::Insert("10".into())),
            "{:?}",
            last.diff
        );
        assert_eq!(history.citation, "Chapter 4, Part A, Clause I.2.A");
    }
);

both!(
    compare_shows_only_what_changed,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let conn = with_demo(&db).await;
        let whole = rulebook::compare_editions(&conn, 2023, 2024, None)
            .await
            .expect("compare");
        let count = |status| whole.entries.iter().filter(|e| e.status == status).count();
        assert_eq!(count(CompareStatus::Added), 8);
        assert_eq!(count(CompareStatus::Removed), 1);
        assert!(count(CompareStatus::Changed) >= 10);
        assert!(
            whole.entries.len() < 100,
            "only changes are listed, not all 473 rules"
        );

        let chapter = rulebook::compare_editions(&conn, 2023, 2024, Some("6"))
            .await
            .expect("compare");
        assert!(
            chapter.entries.iter().all(|e| e.key.starts_with("6.")),
            "{:?}",
            chapter.entries
        );
        let suspension = chapter
            .entries
            .iter()
            .find(|e| e.key == "6.I.1.B")
            .expect("6.I.1.B changed");
        assert!(
            suspension
                .diff
                .iter()
                .any(|s| matches!(s, DiffSpan::Delete(t) if t.contains("NEC deems appropriate")))
        );
    }
);

both!(
    search_finds_and_marks_words,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let conn = with_demo(&db).await;
        let results = rulebook::search(&conn, "suspension", Some(2024))
            .await
            .expect("search");
        assert!(!results.hits.is_empty());
        assert!(
            results.hits.iter().any(|h| h.key == "6.I.1.B"),
            "{:?}",
            results.hits.iter().map(|h| &h.key).collect::<Vec<_>>()
        );
        assert!(
            results
                .hits
                .iter()
                .all(|h| h.snippet.contains(HIT_START) && h.snippet.contains(HIT_END))
        );
        // Search syntax typed by a user is searched for, never an error.
        for odd in [
            "\"",
            "AND OR NOT",
            "suspen*",
            "(a",
            "NEAR(",
            "'; DROP TABLE edition; --",
        ] {
            rulebook::search(&conn, odd, None)
                .await
                .unwrap_or_else(|e| panic!("{odd}: {e}"));
        }
        let none = rulebook::search(&conn, "xylophone", None)
            .await
            .expect("search");
        assert!(none.hits.is_empty());
    }
);

both!(
    citations_resolve_in_every_style,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let conn = with_demo(&db).await;
        for text in [
            "2.I.4.B",
            "C2.I.4.B",
            "Chapter 2, Clause I.4.B",
            "Chapter 2 Clause I, Section 4.B",
            "chapter 2, clause i, subclause 4, (b)",
        ] {
            let url = rulebook::resolve_citation(&conn, text, None)
                .await
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(url, "/rules/2024/2.I.4.B", "{text}");
        }
        let url = rulebook::resolve_citation(&conn, "Rule 5.4.1", Some(2023))
            .await
            .expect("informal");
        assert_eq!(url, "/rules/2023/5.IV.1");
        let unknown = rulebook::resolve_citation(&conn, "Chapter 2, Clause IX.9", None)
            .await
            .unwrap_err();
        assert!(unknown.to_string().contains("nearest"), "{unknown}");
        let ambiguous = rulebook::resolve_citation(&conn, "4.I", None)
            .await
            .unwrap_err();
        assert!(ambiguous.to_string().contains("could mean"), "{ambiguous}");
    }
);

both!(
    a_chapter_page_costs_a_bounded_number_of_queries,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let mut conn = with_demo(&db).await;
        let queries = Arc::new(AtomicUsize::new(0));
        let counter = queries.clone();
        conn.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        // Chapter 2 has well over 100 rules in the demo.
        let chapter = rulebook::rule_view(&conn, Some(2024), "2")
            .await
            .expect("chapter 2");
        assert!(chapter.nodes.len() > 100, "{}", chapter.nodes.len());
        let used = queries.load(Ordering::Relaxed);
        assert!(used <= 6, "a chapter page made {used} queries");
    }
);
