//! Tracking support and the conference procedure, on SQLite and PostgreSQL: organisations by
//! CSV, delegations, backing, pledges, the whip board's forecast, the status workflow with its
//! refusals, procedure warnings and the CSV export.

use app::domain::conference::ConferenceSettings;
use app::domain::conference::forecast::Verdict;
use app::domain::rulebook::parse_rulebook;
use app::model::accounts::{CurrentUser, Role};
use app::model::support::Step;
use app::ssr::error::ServiceError;
use app::ssr::services::procedure::{self, EventForm};
use app::ssr::services::support::{self, NewBacking};
use app::ssr::services::{drafts, organisations, rulebook};
use sea_orm::DatabaseConnection;

use crate::both;
use crate::helpers::{Backend, TestDb, user};

const ORGANISATIONS: &str = "name,kind,region,membership,card_vote_weight
Riverside CLP,clp,London,1000,
Northgate CLP,clp,North West,600,
Eastfield CLP,clp,London,400,
Example Workers' Union,affiliate,,,50000
Other Union,affiliate,,,20000
Broken CLP,clp,London,lots,
,clp,London,5,
Mystery Party,party,,,
";

struct World {
    conn: DatabaseConnection,
    author: CurrentUser,
    organiser: CurrentUser,
    delegates: [CurrentUser; 2],
    outsider: CurrentUser,
    org: std::collections::HashMap<String, i32>,
}

async fn world(db: &TestDb) -> World {
    let conn = db.connect_migrated().await;
    rulebook::import_edition(
        &conn,
        &parse_rulebook(include_bytes!("../../../demo/rulebook-2024.md")).expect("parse"),
    )
    .await
    .expect("import");
    let author = user(&conn, "Ann Author", Role::Member).await;
    let organiser = user(&conn, "Olu Organiser", Role::Organiser).await;
    let delegates = [
        user(&conn, "Dee Delegate", Role::Delegate).await,
        user(&conn, "Dev Delegate", Role::Delegate).await,
    ];
    let outsider = user(&conn, "Otto Outsider", Role::Delegate).await;
    let report = organisations::import_csv(&conn, organiser.id, ORGANISATIONS.as_bytes())
        .await
        .expect("import organisations");
    assert_eq!((report.created, report.updated), (5, 0));
    let lines: Vec<u64> = report.rejected.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [7, 8, 9], "{:?}", report.rejected);
    assert!(
        report.rejected[0]
            .1
            .contains("“lots” is not a whole number")
    );
    assert!(report.rejected[2].1.contains("“party” is not clp"));
    let org = organisations::list(&conn, &Default::default())
        .await
        .expect("list")
        .into_iter()
        .map(|o| (o.name, o.id))
        .collect();
    World {
        conn,
        author,
        organiser,
        delegates,
        outsider,
        org,
    }
}

/// A submitted rule change by Riverside CLP for conference 2027.
async fn submitted(w: &World, title: &str, key: &str, from: &str, to: &str) -> i32 {
    let id = drafts::create_draft(&w.conn, w.author.id, title, Some(2024), 2027)
        .await
        .expect("create");
    let clause = drafts::clause_for_edit(&w.conn, w.author.id, id, key)
        .await
        .expect("open");
    let edited = clause.base_text.replacen(from, to, 1);
    assert_ne!(edited, clause.base_text, "the demo text of {key} changed");
    drafts::save_edit(&w.conn, w.author.id, id, 1, key, &edited)
        .await
        .expect("save");
    drafts::update_details(
        &w.conn,
        w.author.id,
        id,
        2,
        &drafts::DraftDetails {
            title,
            supporting_argument: "Because.",
            summary: "",
            proposer_org_id: Some(w.org["Riverside CLP"]),
        },
    )
    .await
    .expect("details");
    step(w, &w.author, id, "submit").await.expect("submit");
    id
}

async fn step(
    w: &World,
    who: &CurrentUser,
    id: i32,
    event: &str,
) -> Result<app::model::support::ProcedureView, ServiceError> {
    let form = EventForm {
        event: event.into(),
        reason: "The CAC's reason.".into(),
        ..EventForm::default()
    };
    procedure::transition(&w.conn, who, id, &form).await
}

fn message(result: Result<impl std::fmt::Debug, ServiceError>) -> String {
    match result {
        Err(ServiceError::Invalid(m) | ServiceError::NotFound(m) | ServiceError::Forbidden(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

both!(
    backing_and_pledges_make_the_whip_board_and_forecast,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        procedure::save_conference(
            &w.conn,
            2027,
            procedure::default_deadline(2027),
            &ConferenceSettings::default(),
        )
        .await
        .expect("conference");
        for (delegate, clp) in w.delegates.iter().zip(["Riverside CLP", "Northgate CLP"]) {
            organisations::assign_delegate(
                &w.conn,
                w.organiser.id,
                2027,
                w.org[clp],
                &delegate.email,
            )
            .await
            .expect("seat delegate");
        }
        let id = submitted(
            &w,
            "Review suspensions",
            "6.I.1.C",
            "within six months",
            "within three months",
        )
        .await;

        let backing = |org: &str, stance: &'static str| NewBacking {
            organisation_id: w.org[org],
            stance,
            meeting: "All-member meeting",
            decided_on: Some("2027-03-14"),
            evidence: "https://example.org/minutes",
        };
        for (org, stance) in [
            ("Riverside CLP", "proposer"),
            ("Eastfield CLP", "seconder"),
            ("Example Workers' Union", "endorser"),
        ] {
            support::record_backing(&w.conn, &w.organiser, id, false, backing(org, stance))
                .await
                .expect("record backing");
        }
        // Members cannot record backing; a bad date is refused with the format to use.
        assert!(
            message(
                support::record_backing(
                    &w.conn,
                    &w.author,
                    id,
                    false,
                    backing("Northgate CLP", "endorser")
                )
                .await
            )
            .contains("organisers")
        );
        let bad_date = NewBacking {
            decided_on: Some("14/03/2027"),
            ..backing("Northgate CLP", "endorser")
        };
        assert!(
            message(support::record_backing(&w.conn, &w.organiser, id, false, bad_date).await)
                .contains("2025-06-12")
        );

        let before = support::whip_board(&w.conn, &w.organiser, id, false)
            .await
            .expect("board")
            .revision;
        // Riverside's delegate pledges against (overriding the CLP's backing for its vote),
        // Northgate's delegate for, mandated.
        support::record_pledge(&w.conn, &w.delegates[0], id, false, None, "against", false)
            .await
            .expect("pledge");
        support::record_pledge(&w.conn, &w.delegates[1], id, false, None, "for", true)
            .await
            .expect("pledge");
        assert!(
            message(
                support::record_pledge(&w.conn, &w.outsider, id, false, None, "for", false).await
            )
            .contains("Only delegates to Annual Conference 2027")
        );
        assert!(
            message(
                support::record_pledge(
                    &w.conn,
                    &w.delegates[0],
                    id,
                    false,
                    Some(w.delegates[1].id),
                    "against",
                    false
                )
                .await
            )
            .contains("Only organisers")
        );

        let board = support::whip_board(&w.conn, &w.organiser, id, false)
            .await
            .expect("board");
        assert!(board.revision > before, "the live revision moves");
        assert_eq!(board.backing.len(), 3);
        assert_eq!(board.pledges.len(), 2);
        let london = board
            .tallies
            .iter()
            .find(|t| t.region == "London")
            .expect("London tally");
        assert_eq!((london.for_, london.against), (0, 1));
        // CLPs: Riverside 1,000 against (its delegate), Northgate 600 for, Eastfield 400 for
        // (seconder): 1,000 for / 1,000 against → 25%. Affiliates: 50,000 for (endorser),
        // 20,000 undecided → 50% as point estimate. Range: 25%+35.71% … 25%+50%.
        let f = board.forecast;
        assert!((f.clp_for - 25.0).abs() < 0.01, "{f:?}");
        assert!((f.affiliates_for - 50.0).abs() < 0.01, "{f:?}");
        assert!((f.total_for - 75.0).abs() < 0.01, "{f:?}");
        assert!((f.lowest_for - 60.71).abs() < 0.01, "{f:?}");
        assert!((f.highest_for - 75.0).abs() < 0.01, "{f:?}");
        assert_eq!(f.verdict, Verdict::Carried);

        // Delegates do not see the whip board; organisers export it.
        assert!(
            support::whip_board(&w.conn, &w.delegates[0], id, false)
                .await
                .is_err()
        );
        let csv = organisations::support_csv(&w.conn, id).await.expect("csv");
        assert!(csv.starts_with("record,organisation,kind,region,position"));
        assert!(csv.contains("backing,Example Workers' Union,affiliate,,endorser"));
        assert!(csv.contains("pledge,Northgate CLP,clp,North West,for,Dev Delegate,yes"));
    }
);

both!(
    the_procedure_refuses_illegal_steps_and_keeps_a_history,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let id = drafts::create_draft(
            &w.conn,
            w.author.id,
            "Shorter suspensions",
            Some(2024),
            2027,
        )
        .await
        .expect("create");
        // Not yet: no proposer chosen.
        assert!(message(step(&w, &w.author, id, "submit").await).contains("proposing CLP"));
        drafts::update_details(
            &w.conn,
            w.author.id,
            id,
            1,
            &drafts::DraftDetails {
                title: "Shorter suspensions",
                supporting_argument: "",
                summary: "",
                proposer_org_id: Some(w.org["Northgate CLP"]),
            },
        )
        .await
        .expect("details");
        // Only authors, organisers or admins may submit it; to others a draft does not exist.
        assert!(message(step(&w, &w.outsider, id, "submit").await).contains("no rule change"));
        let view = step(&w, &w.author, id, "submit").await.expect("submit");
        assert_eq!(view.status, "submitted");
        let admin = user(&w.conn, "Ada Admin", Role::Admin).await;
        // A debate before the CAC has ruled is refused, with the reason.
        assert!(message(step(&w, &admin, id, "debate").await).contains("CAC has not ruled"));
        // The CAC's ruling is for admins, not authors or organisers.
        assert!(
            message(step(&w, &w.author, id, "in_order").await).contains("cannot record this step")
        );
        assert!(
            message(step(&w, &w.organiser, id, "in_order").await)
                .contains("cannot record this step")
        );
        let ruled = step(&w, &admin, id, "in_order").await.expect("ruling");
        // A CLP rule change for 2027 is held over a year.
        assert_eq!(
            (ruled.status.as_str(), ruled.debate_year),
            ("held_over", Some(2028))
        );
        assert_eq!(ruled.history.len(), 2);
        assert_eq!(ruled.history[1].actor, "Ada Admin");
        assert!(
            ruled.history[1]
                .detail
                .contains("held over to Annual Conference 2028")
        );
        // Out of the author's hands now: they may still withdraw it.
        let authors_view = procedure::procedure_view(&w.conn, &w.author, id)
            .await
            .expect("view");
        assert_eq!(authors_view.allowed_events, [Step::Withdraw]);
        let withdrawn = step(&w, &w.author, id, "withdraw").await.expect("withdraw");
        assert_eq!(withdrawn.status, "withdrawn");
        assert!(
            message(step(&w, &admin, id, "debate").await).contains("nothing more can be recorded")
        );
        // A form naming no real step is refused.
        assert!(message(step(&w, &admin, id, "abolish").await).contains("not a step"));
    }
);

both!(
    a_second_rule_change_from_one_clp_is_warned_about,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let first = submitted(
            &w,
            "First",
            "6.I.1.C",
            "within six months",
            "within three months",
        )
        .await;
        let second = submitted(
            &w,
            "Second",
            "6.I.1.B",
            "informed in writing",
            "informed in writing and by telephone",
        )
        .await;
        let view = procedure::procedure_view(&w.conn, &w.organiser, second)
            .await
            .expect("view");
        assert!(
            view.warnings
                .iter()
                .any(|w| w.rule_change_ids.contains(&first) && w.rule_change_ids.contains(&second)),
            "{:?}",
            view.warnings
        );
        let overview = procedure::overview(&w.conn, 2027).await.expect("overview");
        assert_eq!(overview.rule_changes.len(), 2);
    }
);

both!(
    an_out_of_order_ruling_names_the_cacs_reason,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let id = submitted(
            &w,
            "Late one",
            "6.I.1.C",
            "within six months",
            "within a month",
        )
        .await;
        let admin = user(&w.conn, "Ada Admin", Role::Admin).await;
        let rule = |ruling_reason: &str, reason: &str| EventForm {
            event: "out_of_order".into(),
            ruling_reason: ruling_reason.into(),
            reason: reason.into(),
            ..EventForm::default()
        };
        // A reason the list does not have, and "another reason" with no words, are refused.
        assert!(
            message(procedure::transition(&w.conn, &admin, id, &rule("too_bold", "")).await)
                .contains("not one of the CAC's reasons")
        );
        assert!(
            message(procedure::transition(&w.conn, &admin, id, &rule("", "")).await)
                .contains("Give the CAC's reason")
        );
        let ruled = procedure::transition(&w.conn, &admin, id, &rule("late", ""))
            .await
            .expect("ruled out of order");
        assert_eq!(ruled.status, "out_of_order");
        assert_eq!(
            ruled.history.last().map(|h| h.detail.as_str()),
            Some("Out of order: it was submitted after the deadline")
        );
    }
);

both!(
    a_stored_status_that_names_no_status_is_a_fault_not_a_draft,
    |backend: Backend| async move {
        use sea_orm::ConnectionTrait;
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let id = submitted(
            &w,
            "Corrupted",
            "6.I.1.C",
            "within six months",
            "within a month",
        )
        .await;
        w.conn
            .execute_unprepared(&format!(
                "UPDATE rule_change SET status = 'bogus' WHERE id = {id}"
            ))
            .await
            .expect("corrupt the status");
        assert!(matches!(
            procedure::procedure_view(&w.conn, &w.organiser, id).await,
            Err(ServiceError::Db(_))
        ));
    }
);

both!(
    the_support_csv_keeps_formulas_as_text,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let w = world(&db).await;
        let hostile = "=HYPERLINK(\"http://evil.example\",\"Minutes\")";
        let report = organisations::import_csv(
            &w.conn,
            w.organiser.id,
            format!(
                "name,kind,region,membership,card_vote_weight\n\"{}\",clp,@London,100,\n",
                hostile.replace('"', "\"\"")
            )
            .as_bytes(),
        )
        .await
        .expect("import");
        assert_eq!(report.created, 1, "{:?}", report.rejected);
        let org_id = organisations::list(&w.conn, &Default::default())
            .await
            .expect("list")
            .into_iter()
            .find(|o| o.name == hostile)
            .expect("the organisation")
            .id;
        let id = submitted(
            &w,
            "Review suspensions",
            "6.I.1.C",
            "within six months",
            "within three months",
        )
        .await;
        support::record_backing(
            &w.conn,
            &w.organiser,
            id,
            false,
            NewBacking {
                organisation_id: org_id,
                stance: "endorser",
                meeting: "+1+cmd|' /C calc'!A0",
                decided_on: None,
                evidence: "-2+3",
            },
        )
        .await
        .expect("backing");

        let csv = organisations::support_csv(&w.conn, id).await.expect("csv");
        let rows: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(|r| r.expect("a row").iter().map(str::to_owned).collect())
            .collect();
        let row = rows
            .iter()
            .find(|r| r[0] == "backing")
            .expect("the backing row");
        assert_eq!(row[1], format!("'{hostile}"), "{csv}");
        assert_eq!(row[3], "'@London");
        assert_eq!(row[8], "'+1+cmd|' /C calc'!A0");
        assert_eq!(row[10], "'-2+3");
        for cell in rows.iter().flatten() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
);
