//! Faults: a server killed with SIGKILL in the middle of a stream of autosaves loses no save
//! it acknowledged, and the database opens cleanly afterwards (SQLite WAL; PostgreSQL).

use std::time::Duration;

use serde_json::Value;

use crate::both;
use crate::helpers::Client;
use crate::helpers::{Backend, TestServer};

both!(
    kill_9_during_autosaves_loses_no_acknowledged_save,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let (cookie, id) = {
            let mut client = Client::new(&server);
            client
                .sign_in("member@example.org", "member-demo-pass")
                .await;
            let created = client
                .post(
                    "create_draft",
                    &[
                        ("title", "Autosave under fire"),
                        ("conference_year", "2025"),
                    ],
                )
                .await;
            assert_eq!(created.status(), 200);
            let id: i32 = created.json().await.expect("draft id");
            (client.cookie.clone().expect("session cookie"), id)
        };
        let base_url = server.base_url.clone();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("client");

        // Autosave as the editor does: each save names the revision the last one acknowledged.
        let saver = tokio::spawn(async move {
            let mut acknowledged: Option<(i32, usize)> = None;
            let mut revision = 1;
            for i in 0..10_000 {
                let text = autosave_text(i);
                let response = http
                    .post(format!("{base_url}/api/save_draft_edit"))
                    .header("Origin", &base_url)
                    .header("Accept", "application/json")
                    .header("Cookie", format!("redline_session={cookie}"))
                    .form(&[
                        ("id", id.to_string()),
                        ("revision", revision.to_string()),
                        ("key", "3.I.1".to_owned()),
                        ("text", text.clone()),
                    ])
                    .send()
                    .await;
                let Ok(response) = response else { break };
                if response.status() != 200 {
                    break;
                }
                let Ok(body) = response.json::<Value>().await else {
                    break;
                };
                let Some(next) = body["Saved"]["revision"].as_i64() else {
                    panic!("an autosave was refused while nothing else wrote: {body}");
                };
                revision = i32::try_from(next).expect("revision");
                acknowledged = Some((revision, i));
            }
            acknowledged
        });
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let db = server.kill_hard();
        let (revision, index) = saver
            .await
            .expect("saver")
            .expect("some saves were acknowledged");
        assert!(
            revision > 3,
            "the stream was running when the server died (revision {revision})"
        );

        let server = TestServer::start_on(db, &[]).await;
        let health = server
            .http
            .get(server.url("/healthz"))
            .send()
            .await
            .expect("healthz");
        assert_eq!(health.status(), 200, "the database opens cleanly");
        let mut client = Client::new(&server);
        client
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        let draft: Value = client
            .get(&format!("/api/draft?id={id}"))
            .await
            .json()
            .await
            .expect("draft JSON");
        // Every acknowledged save is there. The save in flight when the server died may have
        // been committed without its answer arriving: then the draft is one save further on.
        let stored = draft["revision"].as_i64().expect("revision");
        let expected_text = match stored - i64::from(revision) {
            0 => autosave_text(index),
            1 => autosave_text(index + 1),
            _ => panic!("acknowledged revision {revision}, stored {stored}: {draft}"),
        };
        assert_eq!(
            draft["edits"][0]["edited_text"].as_str(),
            Some(expected_text.as_str()),
            "{draft}"
        );
    }
);

fn autosave_text(i: usize) -> String {
    format!("Each CLP may submit one rule change. Autosave number {i}.")
}

both!(
    two_writers_on_one_draft_lose_no_update,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut client = Client::new(&server);
        client
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        let created = client
            .post(
                "create_draft",
                &[("title", "Two writers"), ("conference_year", "2025")],
            )
            .await;
        let id: i32 = created.json().await.expect("draft id");
        let cookie = client.cookie.clone().expect("cookie");

        // Two tabs save 40 times each, as fast as they can. A save that meets a conflict takes the
        // current revision from the answer and tries again, as the editor lets its user do.
        let writer = |name: &'static str| {
            let http = server.http.clone();
            let base_url = server.base_url.clone();
            let cookie = cookie.clone();
            tokio::spawn(async move {
                let (mut revision, mut saved, mut conflicts) = (1_i64, 0, 0);
                while saved < 40 {
                    let body: Value = http
                        .post(format!("{base_url}/api/save_draft_edit"))
                        .header("Origin", &base_url)
                        .header("Accept", "application/json")
                        .header("Cookie", format!("redline_session={cookie}"))
                        .form(&[
                            ("id", id.to_string()),
                            ("revision", revision.to_string()),
                            ("key", "3.I.1".to_owned()),
                            ("text", format!("{name} wrote save {saved}.")),
                        ])
                        .send()
                        .await
                        .expect("save")
                        .json()
                        .await
                        .expect("JSON");
                    if let Some(next) = body["Saved"]["revision"].as_i64() {
                        revision = next;
                        saved += 1;
                    } else {
                        revision = body["Conflict"]["current"]["revision"]
                            .as_i64()
                            .expect("conflict");
                        conflicts += 1;
                    }
                }
                (saved, conflicts)
            })
        };
        let (a, b) = (writer("Tab A"), writer("Tab B"));
        let ((saved_a, conflicts_a), (saved_b, conflicts_b)) =
            (a.await.expect("tab A"), b.await.expect("tab B"));
        // Both tabs start from revision 1 and only one save can take it, so the other tab must
        // have been told of a conflict at least once: the test really raced two writers.
        assert!(
            conflicts_a + conflicts_b >= 1,
            "the two tabs never conflicted: A {conflicts_a}, B {conflicts_b}"
        );
        let draft: Value = client
            .get(&format!("/api/draft?id={id}"))
            .await
            .json()
            .await
            .expect("draft");
        // Every acknowledged save moved the revision by exactly one: none overwrote another unseen.
        assert_eq!(
            draft["revision"].as_i64(),
            Some(1 + saved_a + saved_b),
            "{draft}"
        );
    }
);
