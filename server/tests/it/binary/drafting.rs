//! Drafting over HTTP: what a member types into drafts and packages comes back as text, never
//! as markup.

use crate::both;
use crate::helpers::Backend;

both!(
    draft_and_package_text_comes_back_escaped,
    |backend: Backend| async move {
        use crate::helpers::TestServer;
        use crate::helpers::{Client, assert_no_injection};
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut client = Client::new(&server);
        client
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        let created = client
            .post(
                "create_draft",
                &[("title", payload), ("conference_year", "2025")],
            )
            .await;
        let id: i32 = created.json().await.expect("draft id");
        let id_text = id.to_string();
        let saved = client
            .post(
                "update_draft_details",
                &[
                    ("id", &id_text),
                    ("revision", "1"),
                    ("title", payload),
                    ("supporting_argument", payload),
                ],
            )
            .await;
        assert_eq!(saved.status(), 200);
        let rule = client
            .get("/api/rule?key=2.I.4.B")
            .await
            .json::<serde_json::Value>()
            .await
            .expect("rule");
        let text = format!(
            "{} {payload}",
            rule["nodes"][0]["text"].as_str().expect("text")
        );
        let saved = client
            .post(
                "save_draft_edit",
                &[
                    ("id", &id_text),
                    ("revision", "2"),
                    ("key", "2.I.4.B"),
                    ("text", &text),
                ],
            )
            .await;
        assert_eq!(saved.status(), 200);
        let package = client
            .post(
                "create_package",
                &[("title", payload), ("summary", payload)],
            )
            .await;
        let package_id: i32 = package.json().await.expect("package id");
        client
            .post(
                "add_to_package",
                &[
                    ("package_id", &package_id.to_string()),
                    ("rule_change_id", &id_text),
                ],
            )
            .await;
        for path in [
            "/drafts".to_owned(),
            format!("/drafts/{id}"),
            format!("/drafts/{id}?clause=2.I.4.B&wording=%3Cscript%3Ealert(1)%3C/script%3E"),
            format!("/packages/{package_id}"),
        ] {
            let html = client.get(&path).await.text().await.expect("page");
            assert_no_injection(&html, &path);
            assert!(
                html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{path}: shown, escaped"
            );
        }
    }
);
