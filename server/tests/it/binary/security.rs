//! The security baseline: cross-origin writes refused, security headers on every response, and
//! production mode refusing demo accounts; `create-admin` makes a working admin.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::both;
use crate::helpers::Client;
use crate::helpers::{Backend, TestDb, TestServer, redline};

both!(
    cross_origin_writes_are_refused,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let form = [
            ("email", "member@example.org"),
            ("password", "member-demo-pass"),
        ];
        let post = |headers: &[(&'static str, String)]| {
            let mut request = server.http.post(server.url("/api/sign_in")).form(&form);
            for (name, value) in headers {
                request = request.header(*name, value);
            }
            request.send()
        };

        for headers in [
            vec![("Origin", "https://evil.example".to_owned())],
            vec![("Origin", "null".to_owned())],
            vec![("Sec-Fetch-Site", "cross-site".to_owned())],
            vec![
                ("Sec-Fetch-Site", "same-site".to_owned()),
                ("Origin", server.base_url.clone()),
            ],
        ] {
            let response = post(&headers).await.expect("POST");
            assert_eq!(response.status(), 403, "{headers:?}");
            assert!(
                response.headers().get("set-cookie").is_none(),
                "no session: {headers:?}"
            );
            let text = response.text().await.expect("body");
            assert!(text.contains("Cross-origin request refused"), "{text}");
        }
        // A form posted to a page path is refused the same way, before routing.
        let response = server
            .http
            .post(server.url("/sign-in"))
            .header("Origin", "https://evil.example")
            .form(&form)
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), 403);

        // Same-origin requests go through, including the harness's own server-function calls.
        assert_eq!(server.server_fn("sign_in", &form).await.status(), 200);
        for headers in [
            vec![("Origin", server.base_url.clone())],
            vec![("Sec-Fetch-Site", "same-origin".to_owned())],
        ] {
            let response = post(&headers).await.expect("POST");
            assert_eq!(response.status(), 200, "{headers:?}");
        }
    }
);

both!(
    security_headers_and_a_nonce_for_leptos_scripts,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &[]).await;
        let page = server
            .http
            .get(server.url("/"))
            .send()
            .await
            .expect("GET /");
        let header = |response: &reqwest::Response, name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header(&page, "x-content-type-options"), "nosniff");
        assert_eq!(header(&page, "referrer-policy"), "same-origin");
        let csp = header(&page, "content-security-policy");
        for directive in [
            "script-src 'self' 'nonce-",
            "'wasm-unsafe-eval'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(directive), "{directive} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce")
            .to_owned();
        let html = page.text().await.expect("page");
        let scripts = html.matches("<script").count();
        assert!(scripts > 0, "the page has Leptos' hydration script");
        assert_eq!(
            html.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "every script carries this response's nonce"
        );

        // Every render gets a new nonce (`/sign-in` is rendered for each request; a reader
        // page served from the page cache keeps its own copy's nonce, see page_cache.rs).
        let render = |path: &'static str| server.http.get(server.url(path)).send();
        let one = render("/sign-in").await.expect("GET /sign-in");
        let two = render("/sign-in").await.expect("GET /sign-in");
        assert_ne!(
            header(&one, "content-security-policy"),
            header(&two, "content-security-policy")
        );
        assert_ne!(header(&one, "content-security-policy"), csp);

        // Non-page responses get the strict policy without a nonce.
        let api = server
            .http
            .get(server.url("/api/current_user"))
            .send()
            .await
            .expect("GET");
        let csp = header(&api, "content-security-policy");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert_eq!(header(&api, "x-content-type-options"), "nosniff");
    }
);

both!(
    session_cookie_is_http_only_and_same_site,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut client = Client::new(&server);
        let response = client
            .post(
                "sign_in",
                &[
                    ("email", "member@example.org"),
                    ("password", "member-demo-pass"),
                ],
            )
            .await;
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(cookie.starts_with("redline_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(
            !cookie.contains("Secure"),
            "plain http outside production: {cookie}"
        );
    }
);

/// Starts `redline serve` with `args` on `db`: `Ok((child, base URL))` once it listens,
/// `Err(stderr)` when it exits first.
fn start(db: &TestDb, args: &[&str]) -> Result<(std::process::Child, String), String> {
    let mut child = redline()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .env("DATABASE_URL", &db.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start redline");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = lines.by_ref().map_while(Result::ok).find_map(|line| {
        line.split_once("listening on ")
            .map(|(_, url)| url.trim().to_owned())
    });
    match url {
        Some(url) => {
            std::thread::spawn(move || for _ in lines {});
            Ok((child, url))
        }
        None => {
            let output = child.wait_with_output().expect("wait");
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

/// Signs the admin that `create-admin` made in, as the browser's JavaScript would.
async fn sign_in_as_chair(http: &reqwest::Client, url: &str) -> reqwest::Response {
    http.post(format!("{url}/api/sign_in"))
        .header("Origin", url)
        .header("Accept", "application/json")
        .form(&[
            ("email", "chair@example.org"),
            ("password", "chair password 1"),
        ])
        .send()
        .await
        .expect("sign in")
}

fn stop((mut child, _): (std::process::Child, String)) {
    let _ = child.kill();
    let _ = child.wait();
}

both!(
    production_mode_refuses_demo_accounts_until_locked,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        stop(start(&db, &["--demo"]).expect("demo server starts"));

        let stderr = start(&db, &["--production"])
            .map(stop)
            .expect_err("refused");
        let last = stderr.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("error: refusing to start in production mode"),
            "{stderr}"
        );
        assert!(last.contains("admin@example.org"), "{stderr}");
        assert!(
            last.contains("redline lock-demo-users"),
            "says what to do: {stderr}"
        );

        let output = redline()
            .arg("lock-demo-users")
            .env("DATABASE_URL", &db.url)
            .output()
            .expect("lock-demo-users");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("Locked 5 demo account(s)."));

        stop(start(&db, &["--production"]).expect("starts once the demo accounts are locked"));
    }
);

both!(
    create_admin_makes_an_admin_who_can_sign_in,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let output = redline()
            .args([
                "create-admin",
                "--email",
                "Chair@Example.org",
                "--name",
                "The Chair",
                "--organisation",
                "Riverside CLP",
            ])
            .env("DATABASE_URL", &db.url)
            .env("REDLINE_ADMIN_PASSWORD", "chair password 1")
            .output()
            .expect("create-admin");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let output = redline()
            .args([
                "create-admin",
                "--email",
                "chair@example.org",
                "--name",
                "Again",
            ])
            .env("DATABASE_URL", &db.url)
            .env("REDLINE_ADMIN_PASSWORD", "chair password 1")
            .output()
            .expect("create-admin");
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("already exists"), "{stderr}");

        // TestServer makes its own database; start this one by hand.
        let (child, url) = start(&db, &[]).expect("serves");
        let http = reqwest::Client::new();
        let response = sign_in_as_chair(&http, &url).await;
        assert_eq!(response.status(), 200);
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|c| c.split(';').next())
            .expect("cookie")
            .to_owned();
        let me: serde_json::Value = http
            .get(format!("{url}/api/current_user"))
            .header("Cookie", cookie)
            .send()
            .await
            .expect("whoami")
            .json()
            .await
            .expect("JSON");
        assert_eq!(me["role"], "Admin");
        assert_eq!(me["organisation"], "Riverside CLP");
        stop((child, url));
    }
);

both!(
    production_is_https_only_with_a_host_cookie_that_ends,
    |backend: Backend| async move {
        let db = TestDb::new(backend).await;
        let output = redline()
            .args([
                "create-admin",
                "--email",
                "chair@example.org",
                "--name",
                "The Chair",
            ])
            .env("DATABASE_URL", &db.url)
            .env("REDLINE_ADMIN_PASSWORD", "chair password 1")
            .output()
            .expect("create-admin");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let server = start(&db, &["--production", "--session-max-secs", "3"]).expect("serves");
        let url = server.1.clone();
        let http = reqwest::Client::new();
        let home = http.get(format!("{url}/")).send().await.expect("GET");
        assert_eq!(
            home.headers()
                .get("strict-transport-security")
                .and_then(|v| v.to_str().ok()),
            Some("max-age=63072000; includeSubDomains")
        );
        let response = sign_in_as_chair(&http, &url).await;
        assert_eq!(response.status(), 200);
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("a cookie")
            .to_owned();
        assert!(
            set_cookie.starts_with("__Host-redline_session="),
            "{set_cookie}"
        );
        assert!(set_cookie.contains("Secure") && set_cookie.contains("Path=/"));
        assert!(!set_cookie.contains("Domain"), "{set_cookie}");
        let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();
        let whoami = || {
            let request = http
                .get(format!("{url}/api/current_user"))
                .header("Cookie", &cookie);
            async move {
                request
                    .send()
                    .await
                    .expect("GET")
                    .json::<serde_json::Value>()
                    .await
                    .expect("JSON")
            }
        };
        // Active all along, and still signed out once the absolute lifetime has passed.
        assert_eq!(whoami().await["name"], "The Chair");
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(whoami().await["name"], "The Chair");
        tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
        assert_eq!(whoami().await, serde_json::Value::Null, "the session ended");
        stop(server);

        // Outside production: no HSTS (plain http on a laptop).
        let demo = TestServer::start(backend, &["--demo"]).await;
        let home = demo.http.get(demo.url("/")).send().await.expect("GET");
        assert!(home.headers().get("strict-transport-security").is_none());
    }
);

both!(
    control_characters_are_refused_in_every_text_field,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut member = Client::new(&server);
        member
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        for (name, form) in [
            (
                "sign_up",
                vec![
                    ("name", "Sam\u{0}Stranger"),
                    ("email", "sam@example.org"),
                    ("password", "a-long-enough-password"),
                ],
            ),
            (
                "create_draft",
                vec![
                    ("title", "Shorter\u{1b}[2J suspensions"),
                    ("conference_year", "2027"),
                ],
            ),
            (
                "add_co_author",
                vec![("id", "1"), ("email", "a\u{7f}@example.org")],
            ),
            (
                "add_co_author",
                vec![("id", "1"), ("email", "a\u{85}@example.org")],
            ),
        ] {
            let response = member.post(name, &form).await;
            let status = response.status().as_u16();
            let text = response.text().await.unwrap_or_default();
            assert_eq!(status, 400, "{name}: {text}");
            assert!(
                text.contains("invisible control character"),
                "{name}: {text}"
            );
        }
        // In a query string too.
        let response = member.get("/api/search?q=a%00b").await;
        assert_eq!(response.status(), 400);
        // Line breaks and tabs are text.
        let response = member
            .post(
                "sign_in",
                &[
                    ("email", "member@example.org"),
                    ("password", "two\nlines\tand a tab"),
                ],
            )
            .await;
        let text = response.text().await.unwrap_or_default();
        assert!(!text.contains("control character"), "{text}");
        assert!(text.contains("do not match"), "{text}");
        // Nothing was stored.
        assert_eq!(
            server
                .server_fn(
                    "sign_in",
                    &[
                        ("email", "sam@example.org"),
                        ("password", "a-long-enough-password")
                    ]
                )
                .await
                .status(),
            400
        );
    }
);
