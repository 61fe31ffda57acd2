//! Accounts end to end: sign-up, sign-in and sign-out, session rotation and expiry, sign-in
//! throttling, bad input, password change and reset, escaping of user text, and the
//! authorization matrix generated from the permission table.

use std::time::Duration;

use app::ssr::auth::permissions::{Caller, TABLE};

use crate::both;
use crate::helpers::{Backend, Client, DEMO, TestServer, assert_no_injection};

/// A sign-up form, the field that is wrong, and part of the message expected for it.
type SignUpCase = (Vec<(&'static str, String)>, &'static str, &'static str);

/// The body of an error response as text.
async fn body(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

both!(
    sign_up_sign_in_and_sign_out,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut client = Client::new(&server);
        assert_eq!(client.whoami().await, serde_json::Value::Null);

        let response = client
            .post(
                "sign_up",
                &[
                    ("name", "  Rosa   Parks "),
                    ("email", "Rosa@Example.org"),
                    ("password", "a long enough password"),
                    ("organisation", ""),
                ],
            )
            .await;
        assert_eq!(
            response.status(),
            200,
            "{}",
            response.text().await.unwrap_or_default()
        );
        let me = client.whoami().await;
        assert_eq!(me["name"], "Rosa Parks", "name normalised");
        assert_eq!(me["email"], "rosa@example.org", "email normalised");
        assert_eq!(me["role"], "Member");

        let home = client.get("/").await.text().await.expect("home");
        assert!(home.contains("Rosa Parks"), "the header names the user");
        assert!(home.contains("Sign out"));
        assert!(
            !home.contains("data-testid=\"nav-admin\""),
            "no admin link for members"
        );

        let response = client.post("sign_out", &[]).await;
        assert_eq!(response.status(), 200);
        assert_eq!(client.cookie, None, "the cookie is removed");
        assert_eq!(client.whoami().await, serde_json::Value::Null);
        let home = client.get("/").await.text().await.expect("home");
        assert!(home.contains("Sign in") && home.contains("Sign up"));

        client
            .sign_in("ROSA@example.org", "a long enough password")
            .await;
        assert_eq!(client.whoami().await["name"], "Rosa Parks");

        // Admins see the admin link.
        let mut admin = Client::new(&server);
        admin.sign_in("admin@example.org", "admin-demo-pass").await;
        let home = admin.get("/").await.text().await.expect("home");
        assert!(
            home.contains("data-testid=\"nav-admin\""),
            "admin link for admins"
        );
    }
);

both!(
    wrong_password_and_unknown_email_get_the_same_answer,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut client = Client::new(&server);
        let wrong_password = body(
            client
                .post(
                    "sign_in",
                    &[
                        ("email", "member@example.org"),
                        ("password", "not-the-password"),
                    ],
                )
                .await,
        )
        .await;
        let unknown_email = body(
            client
                .post(
                    "sign_in",
                    &[
                        ("email", "nobody@example.org"),
                        ("password", "not-the-password"),
                    ],
                )
                .await,
        )
        .await;
        let huge = "p".repeat(100_000);
        let huge_password = body(
            client
                .post(
                    "sign_in",
                    &[("email", "member@example.org"), ("password", &huge)],
                )
                .await,
        )
        .await;
        assert_eq!(wrong_password.0, 400);
        assert_eq!(wrong_password, unknown_email);
        assert_eq!(wrong_password, huge_password);
        assert!(
            wrong_password.1.contains("do not match an account"),
            "{}",
            wrong_password.1
        );
        assert_eq!(client.cookie, None, "no session for a failed sign-in");
    }
);

both!(
    session_id_rotates_at_sign_in,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut client = Client::new(&server);
        client
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        let first = client.cookie.clone().expect("cookie");
        client
            .sign_in("delegate@example.org", "delegate-demo-pass")
            .await;
        let second = client.cookie.clone().expect("cookie");
        assert_ne!(first, second, "a new session id at sign-in");
        assert_eq!(client.whoami().await["role"], "Delegate");

        // The old id is worth nothing now (no session fixation).
        let mut old = Client::new(&server);
        old.cookie = Some(first);
        assert_eq!(old.whoami().await, serde_json::Value::Null);
    }
);

both!(
    session_expires_after_inactivity,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo", "--session-idle-secs", "2"]).await;
        let mut client = Client::new(&server);
        client
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        // Activity keeps the session alive past the timeout...
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(900)).await;
            assert_eq!(client.whoami().await["role"], "Member");
        }
        // ...inactivity ends it.
        tokio::time::sleep(Duration::from_millis(3000)).await;
        assert_eq!(client.whoami().await, serde_json::Value::Null);
    }
);

both!(
    sign_in_is_throttled_per_account_and_per_ip,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut client = Client::new(&server);
        for attempt in 1..=5 {
            let response = client
                .post(
                    "sign_in",
                    &[
                        ("email", "member@example.org"),
                        ("password", "guess-number-x"),
                    ],
                )
                .await;
            assert_eq!(response.status(), 400, "attempt {attempt}");
        }
        // The sixth attempt is refused even with the right password.
        let (status, text) = body(
            client
                .post(
                    "sign_in",
                    &[
                        ("email", "Member@Example.org"),
                        ("password", "member-demo-pass"),
                    ],
                )
                .await,
        )
        .await;
        assert_eq!(status, 429, "{text}");
        assert!(text.contains("Too many failed sign-in attempts"), "{text}");
        assert_eq!(client.cookie, None);

        // Another account from the same address still works (the IP limit is higher)...
        client
            .sign_in("delegate@example.org", "delegate-demo-pass")
            .await;

        // ...until the address itself has failed too often, whichever accounts it tried.
        let mut other = Client::new(&server);
        let mut statuses = Vec::new();
        for n in 0..20 {
            let email = format!("nobody{n}@example.org");
            let response = other
                .post(
                    "sign_in",
                    &[("email", &email), ("password", "guess-number-x")],
                )
                .await;
            statuses.push(response.status().as_u16());
        }
        assert!(statuses.contains(&429), "per-IP limit: {statuses:?}");
        assert_eq!(
            other
                .post(
                    "sign_in",
                    &[
                        ("email", "organiser@example.org"),
                        ("password", "organiser-demo-pass")
                    ],
                )
                .await
                .status(),
            429,
            "a blocked address cannot sign in to any account"
        );
    }
);

/// Posts a sign-in from the loopback address `from` (127.0.0.0/8 all reach the server).
async fn sign_in_from(
    server: &TestServer,
    from: [u8; 4],
    email: &str,
    password: &str,
) -> reqwest::Response {
    let http = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(from))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    http.post(server.url("/api/sign_in"))
        .header("Origin", &server.base_url)
        .header("Accept", "application/json")
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("POST")
}

both!(
    parallel_guesses_are_counted_and_cannot_lock_the_owner_out,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        // Twelve wrong passwords at once from one address: only the first five are checked.
        let guesses = (0..12).map(|n| {
            let server = &server;
            async move {
                sign_in_from(
                    server,
                    [127, 0, 0, 1],
                    "member@example.org",
                    &format!("guess-number-{n}"),
                )
                .await
                .status()
                .as_u16()
            }
        });
        let mut statuses = futures::future::join_all(guesses).await;
        statuses.sort_unstable();
        assert_eq!(
            statuses.iter().filter(|s| **s == 400).count(),
            5,
            "{statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 429).count(),
            7,
            "{statuses:?}"
        );
        // The guesser stays refused, even with the right password...
        let (status, text) = body(
            sign_in_from(
                &server,
                [127, 0, 0, 1],
                "member@example.org",
                "member-demo-pass",
            )
            .await,
        )
        .await;
        assert_eq!(status, 429, "{text}");
        // ...while the owner, from their own address, signs in at once.
        let (status, text) = body(
            sign_in_from(
                &server,
                [127, 0, 0, 2],
                "member@example.org",
                "member-demo-pass",
            )
            .await,
        )
        .await;
        assert_eq!(status, 200, "the owner is not locked out: {text}");

        // Guessing the current password of a signed-in account is throttled too.
        let mut delegate = Client::new(&server);
        delegate
            .sign_in("delegate@example.org", "delegate-demo-pass")
            .await;
        let mut statuses = Vec::new();
        for n in 0..6 {
            let response = delegate
                .post(
                    "change_password",
                    &[
                        ("current_password", format!("guess-number-{n}").as_str()),
                        ("new_password", "a-long-new-password-1"),
                    ],
                )
                .await;
            statuses.push(response.status().as_u16());
        }
        assert_eq!(statuses, [400, 400, 400, 400, 400, 429], "{statuses:?}");
    }
);

both!(
    bad_sign_up_input_gets_field_messages_and_creates_nothing,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut client = Client::new(&server);
        let field = |text: &str, name: &str| {
            let json: serde_json::Value = serde_json::from_str(text).expect("JSON error");
            let message = json["BadRequest"].as_str().unwrap_or_default().to_owned();
            message
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{name}\t")).map(str::to_owned))
        };
        let cases: Vec<SignUpCase> = vec![
            (
                vec![
                    ("name", "".into()),
                    ("email", "x@example.org".into()),
                    ("password", "long enough pw".into()),
                ],
                "name",
                "Enter your name",
            ),
            (
                vec![
                    ("name", "A".repeat(101)),
                    ("email", "x@example.org".into()),
                    ("password", "long enough pw".into()),
                ],
                "name",
                "at most 100",
            ),
            (
                vec![
                    ("name", "Ann".into()),
                    ("email", "".into()),
                    ("password", "long enough pw".into()),
                ],
                "email",
                "Enter your e-mail",
            ),
            (
                vec![
                    ("name", "Ann".into()),
                    ("email", format!("{}@example.org", "a".repeat(250))),
                    ("password", "long enough pw".into()),
                ],
                "email",
                "at most 254",
            ),
            // Cyrillic "а" in place of Latin "a".
            (
                vec![
                    ("name", "Ann".into()),
                    ("email", "\u{430}dmin@example.org".into()),
                    ("password", "long enough pw".into()),
                ],
                "email",
                "look-alike",
            ),
            (
                vec![
                    ("name", "Ann".into()),
                    ("email", "x@example.org".into()),
                    ("password", "".into()),
                ],
                "password",
                "Enter a password",
            ),
            (
                vec![
                    ("name", "Ann".into()),
                    ("email", "x@example.org".into()),
                    ("password", "short".into()),
                ],
                "password",
                "at least 10",
            ),
            (
                vec![
                    ("name", "Ann".into()),
                    ("email", "x@example.org".into()),
                    ("password", "p".repeat(129)),
                ],
                "password",
                "at most 128",
            ),
            (
                vec![
                    ("name", "Ann".into()),
                    ("email", "MEMBER@example.ORG".into()),
                    ("password", "long enough pw".into()),
                ],
                "email",
                "already exists",
            ),
            (
                vec![
                    ("name", "Ann".into()),
                    ("email", "x@example.org".into()),
                    ("password", "long enough pw".into()),
                    ("organisation", "99999".into()),
                ],
                "organisation",
                "Choose your CLP",
            ),
        ];
        for (form, name, expected) in cases {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, text) = body(client.post("sign_up", &form).await).await;
            assert_eq!(status, 400, "{form:?}: {text}");
            let message =
                field(&text, name).unwrap_or_else(|| panic!("no {name} message in {text}"));
            assert!(message.contains(expected), "{name}: {message}");
        }
        // Several fields wrong at once: a message for each.
        let (_, text) = body(
            client
                .post(
                    "sign_up",
                    &[("name", " "), ("email", "nope"), ("password", "x")],
                )
                .await,
        )
        .await;
        for name in ["name", "email", "password"] {
            assert!(field(&text, name).is_some(), "{name} in {text}");
        }
        assert_eq!(client.cookie, None);

        // Nothing was created: the admin's list still has only the demo accounts.
        let mut admin = Client::new(&server);
        admin.sign_in("admin@example.org", "admin-demo-pass").await;
        let users: serde_json::Value = admin.get("/api/users").await.json().await.expect("users");
        assert_eq!(users.as_array().map(Vec::len), Some(5), "{users}");
    }
);

both!(
    racing_sign_ups_with_one_email_create_one_account,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &[]).await;
        let emails = [
            "twin@example.org",
            "Twin@example.org",
            "TWIN@example.org",
            "twin@EXAMPLE.org",
        ];
        let requests = emails.iter().map(|email| {
            server
                .http
                .post(server.url("/api/sign_up"))
                .header("Origin", &server.base_url)
                .form(&[
                    ("name", "Twin"),
                    ("email", email),
                    ("password", "long enough pw"),
                ])
                .send()
        });
        let mut statuses = Vec::new();
        for response in futures_join(requests).await {
            let (status, text) = body(response.expect("POST")).await;
            if status == 400 {
                assert!(
                    text.contains("email\\tAn account with that e-mail address already exists"),
                    "{text}"
                );
            }
            statuses.push(status);
        }
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 400, 400, 400], "one account, never a 500");
    }
);

/// Runs the futures concurrently and collects their outputs in order.
async fn futures_join<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for handle in handles {
        outputs.push(handle.await.expect("task"));
    }
    outputs
}

both!(
    password_change_and_admin_reset_code,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut member = Client::new(&server);
        member
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        let mut other_device = Client::new(&server);
        other_device
            .sign_in("member@example.org", "member-demo-pass")
            .await;

        let (status, text) = body(
            member
                .post(
                    "change_password",
                    &[
                        ("current_password", "wrong one!"),
                        ("new_password", "new member password"),
                    ],
                )
                .await,
        )
        .await;
        assert_eq!(status, 400);
        assert!(
            text.contains("current_password\\tThat is not your current password"),
            "{text}"
        );

        let response = member
            .post(
                "change_password",
                &[
                    ("current_password", "member-demo-pass"),
                    ("new_password", "new member password"),
                ],
            )
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            member.whoami().await["role"],
            "Member",
            "still signed in here"
        );
        assert_eq!(
            other_device.whoami().await,
            serde_json::Value::Null,
            "other sessions end"
        );

        // An admin issues a reset code; it works once.
        let mut admin = Client::new(&server);
        admin.sign_in("admin@example.org", "admin-demo-pass").await;
        let users: serde_json::Value = admin.get("/api/users").await.json().await.expect("users");
        let member_id = users
            .as_array()
            .and_then(|list| list.iter().find(|u| u["email"] == "member@example.org"))
            .map(|u| u["id"].to_string())
            .expect("member listed");
        let issued: serde_json::Value = admin
            .post("issue_reset_token", &[("user_id", &member_id)])
            .await
            .json()
            .await
            .expect("token");
        let token = issued["token"].as_str().expect("token text").to_owned();

        let mut anonymous = Client::new(&server);
        let response = anonymous
            .post(
                "reset_password",
                &[("token", &token), ("new_password", "reset member password")],
            )
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            member.whoami().await,
            serde_json::Value::Null,
            "reset ends sessions"
        );
        let (status, text) = body(
            anonymous
                .post(
                    "reset_password",
                    &[("token", &token), ("new_password", "another password")],
                )
                .await,
        )
        .await;
        assert_eq!(status, 400, "a code works once");
        assert!(text.contains("token\\t"), "{text}");
        member
            .sign_in("member@example.org", "reset member password")
            .await;

        // The audit log shows it all, to admins only.
        let log = admin.get("/api/audit_log").await.text().await.expect("log");
        for action in [
            "change_password",
            "issue_reset_token",
            "reset_password",
            "sign_in",
        ] {
            assert!(log.contains(action), "{action} in {log}");
        }
        assert_eq!(member.get("/api/audit_log").await.status(), 403);
    }
);

both!(
    user_text_comes_back_escaped,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let payloads = [
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(2)>",
            "' onmouseover='alert(3)",
        ];
        for (n, payload) in payloads.iter().enumerate() {
            let mut client = Client::new(&server);
            let email = format!("xss{n}@example.org");
            let response = client
                .post(
                    "sign_up",
                    &[
                        ("name", payload),
                        ("email", &email),
                        ("password", "long enough pw"),
                    ],
                )
                .await;
            assert_eq!(
                response.status(),
                200,
                "{}",
                response.text().await.unwrap_or_default()
            );
            for path in ["/", "/account/password"] {
                let html = client.get(path).await.text().await.expect("page");
                assert_no_injection(&html, path);
                assert!(
                    html.contains("&lt;") || !payload.contains('<'),
                    "{path}: the name is shown, escaped"
                );
            }
            // A malicious e-mail address is refused outright.
            let (status, _) = body(
                Client::new(&server)
                    .post(
                        "sign_up",
                        &[
                            ("name", "x"),
                            ("email", &format!("{payload}@example.org")),
                            ("password", "long enough pw"),
                        ],
                    )
                    .await,
            )
            .await;
            assert_eq!(status, 400);
        }
        let mut admin = Client::new(&server);
        admin.sign_in("admin@example.org", "admin-demo-pass").await;
        let html = admin
            .get("/admin/users")
            .await
            .text()
            .await
            .expect("admin page");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "escaped in the user list"
        );
        assert_no_injection(&html, "/admin/users");
    }
);

/// Arguments that make each server function do its job when allowed (so an allowed call is a
/// success or an ordinary validation answer, never 401/403): (GET?, query or form).
fn sample_call(endpoint: &str) -> Option<(bool, Vec<(&'static str, &'static str)>)> {
    Some(match endpoint {
        "editions" => (true, vec![]),
        "resolve_citation" => (true, vec![("citation", "Chapter 1, Clause I")]),
        "edition_toc" => (true, vec![]),
        "rule" => (true, vec![("key", "1")]),
        "history" => (true, vec![("edition", "2024"), ("key", "1")]),
        "compare" => (true, vec![("from", "2023"), ("to", "2024")]),
        "search" => (true, vec![("q", "member")]),
        "current_user" => (true, vec![]),
        "organisations" => (true, vec![]),
        "sign_up" => (
            false,
            vec![
                ("name", "New Person"),
                ("email", "new.person@example.org"),
                ("password", "long enough pw"),
            ],
        ),
        "sign_in" => (
            false,
            vec![
                ("email", "member@example.org"),
                ("password", "member-demo-pass"),
            ],
        ),
        "sign_out" => (false, vec![]),
        // Wrong current password: allowed callers get a field message, and nothing changes.
        "change_password" => (
            false,
            vec![
                ("current_password", "not it at all"),
                ("new_password", "whatever password"),
            ],
        ),
        "reset_password" => (
            false,
            vec![
                ("token", "not-a-token"),
                ("new_password", "whatever password"),
            ],
        ),
        "users" => (true, vec![]),
        // The demo member (id 1) keeps the role it has.
        "set_user_role" => (false, vec![("user_id", "1"), ("role", "member")]),
        "issue_reset_token" => (false, vec![("user_id", "1")]),
        "take_issued_token" => (false, vec![]),
        "audit_log" => (true, vec![]),
        // Drafts: allowed callers reach the service, which answers 404 for a draft that is
        // not theirs (here: none exists).
        "drafts" => (true, vec![]),
        "create_draft" => (
            false,
            vec![("title", "Matrix draft"), ("conference_year", "2025")],
        ),
        "draft" => (true, vec![("id", "999")]),
        "draft_clause" => (true, vec![("id", "999"), ("clause", "2.I.4.B")]),
        "save_draft_edit" => (
            false,
            vec![
                ("id", "999"),
                ("revision", "1"),
                ("key", "2.I.4.B"),
                ("text", "x"),
            ],
        ),
        "save_structural_edit" => (
            false,
            vec![
                ("id", "999"),
                ("revision", "1"),
                ("key", "2.I.4.B"),
                ("kind", "delete"),
            ],
        ),
        "remove_draft_edit" => (
            false,
            vec![("id", "999"), ("revision", "1"), ("edit_id", "1")],
        ),
        // Support, procedure and publication: the services answer 404 or a 400 with a reason
        // for the rule change 999 that does not exist.
        "support_access" => (true, vec![("id", "999"), ("package", "false")]),
        "whip_board" => (true, vec![("id", "999"), ("package", "false")]),
        "record_backing" => (
            false,
            vec![
                ("id", "999"),
                ("package", "false"),
                ("organisation_id", "1"),
                ("stance", "endorser"),
            ],
        ),
        "record_pledge" => (
            false,
            vec![("id", "999"), ("package", "false"), ("position", "for")],
        ),
        "procedure" => (true, vec![("id", "999")]),
        "record_step" => (false, vec![("id", "999"), ("event", "withdraw")]),
        "conference_overview" => (true, vec![("year", "2027")]),
        "conference_organisations" => (true, vec![("year", "2027")]),
        "import_organisations" => (false, vec![("csv", "name,kind\n")]),
        "assign_delegate" => (
            false,
            vec![
                ("year", "2027"),
                ("organisation_id", "999"),
                ("email", "nobody@example.org"),
            ],
        ),
        "published_rule_change" => (true, vec![("id", "999")]),
        "conferences" => (true, vec![]),
        "published_package" => (true, vec![("id", "999")]),
        "reading_pack" => (true, vec![("year", "2027")]),
        "clause_proposals" => (true, vec![("edition", "2024"), ("key", "2.I.4.B")]),
        "as_it_would_read" => (true, vec![("set", "all"), ("year", "2027")]),
        "create_next_edition" => (
            false,
            vec![
                ("conference_year", "2027"),
                ("new_year", "2001"),
                ("title", "Too early"),
            ],
        ),
        "rebase_draft_edit" => (
            false,
            vec![("id", "999"), ("edit_id", "1"), ("revision", "1")],
        ),
        "packages" => (true, vec![]),
        "create_package" => (false, vec![("title", "Matrix package"), ("summary", "")]),
        "package" => (true, vec![("id", "999")]),
        "add_to_package" => (
            false,
            vec![("package_id", "999"), ("rule_change_id", "999")],
        ),
        "split_from_package" => (false, vec![("rule_change_id", "999")]),
        "update_draft_details" => (
            false,
            vec![
                ("id", "999"),
                ("revision", "1"),
                ("title", "T"),
                ("supporting_argument", ""),
            ],
        ),
        "add_co_author" => (false, vec![("id", "999"), ("email", "member@example.org")]),
        _ => return None,
    })
}

both!(
    authorization_matrix_follows_the_permission_table,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let callers: Vec<(Caller, Option<(&str, &str)>)> =
            std::iter::once((Caller::Anonymous, None))
                .chain(
                    DEMO.iter()
                        .map(|(role, email, pw)| (Caller::User(*role), Some((*email, *pw)))),
                )
                .collect();
        let mut failures = Vec::new();
        for permission in TABLE {
            let (get, args) = sample_call(permission.endpoint).unwrap_or_else(|| {
                panic!(
                    "the matrix has no sample call for /api/{}: add one to sample_call",
                    permission.endpoint
                )
            });
            for (caller, credentials) in &callers {
                // A fresh session per call: some calls (sign-out) end the session.
                let mut client = Client::new(&server);
                if let Some((email, password)) = credentials {
                    client.sign_in(email, password).await;
                }
                let response = if get {
                    let query = serde_urlencoded_pairs(&args);
                    client
                        .get(&format!("/api/{}?{query}", permission.endpoint))
                        .await
                } else {
                    client.post(permission.endpoint, &args).await
                };
                let status = response.status().as_u16();
                let allowed = permission.audience.admits(*caller);
                let ok = if allowed {
                    !matches!(status, 401 | 403 | 405) && status < 500
                } else {
                    status
                        == if *caller == Caller::Anonymous {
                            401
                        } else {
                            403
                        }
                };
                if !ok {
                    failures.push(format!(
                        "/api/{} as {caller:?}: expected {}, got {status}: {}",
                        permission.endpoint,
                        if allowed { "allowed" } else { "refused" },
                        response.text().await.unwrap_or_default()
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
);

/// `a=1&b=2`, percent-encoded.
fn serde_urlencoded_pairs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

both!(
    answers_do_not_tell_who_has_an_account,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;

        // A delegate may not collect pledges: the same refusal whether or not the address has
        // an account (it used to say "No account has that e-mail address" for one of them).
        let mut delegate = Client::new(&server);
        delegate
            .sign_in("delegate@example.org", "delegate-demo-pass")
            .await;
        let mut answers = Vec::new();
        for email in ["member@example.org", "nobody-at-all@example.org"] {
            let response = delegate
                .post(
                    "record_pledge",
                    &[
                        ("id", "1"),
                        ("package", "false"),
                        ("position", "for"),
                        ("delegate_email", email),
                    ],
                )
                .await;
            answers.push(body(response).await);
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[0].0, 403, "{:?}", answers[0]);
        assert!(answers[0].1.contains("Only organisers"), "{:?}", answers[0]);

        // Inviting a co-author to someone else's draft: the same refusal either way.
        let mut answers = Vec::new();
        for email in ["member@example.org", "nobody-at-all@example.org"] {
            let response = delegate
                .post("add_co_author", &[("id", "1"), ("email", email)])
                .await;
            answers.push(body(response).await);
        }
        assert_eq!(answers[0], answers[1]);
        assert!(
            answers[0].0 == 403 || answers[0].0 == 404,
            "{:?}",
            answers[0]
        );

        // Sign-up has to say an address is taken; asking it over and over is throttled.
        let mut stranger = Client::new(&server);
        let mut statuses = Vec::new();
        for email in [
            "member@example.org",
            "delegate@example.org",
            "organiser@example.org",
            "admin@example.org",
            "member@example.org",
            "delegate@example.org",
        ] {
            let response = stranger
                .post(
                    "sign_up",
                    &[
                        ("name", "Sam Stranger"),
                        ("email", email),
                        ("password", "a-long-enough-password"),
                    ],
                )
                .await;
            statuses.push(response.status().as_u16());
        }
        assert_eq!(statuses, [400, 400, 400, 400, 400, 429], "{statuses:?}");
    }
);
