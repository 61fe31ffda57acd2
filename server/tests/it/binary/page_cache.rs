//! The page cache for anonymous readers, through the real server: a reader page is rendered
//! once and then served from memory (in the encoding asked for, with its own CSP nonce);
//! signed-in readers always get a rendered page; a write drops the cache at once, so nobody
//! reads a stale page; signing in does not.

use crate::both;
use crate::helpers::Client;
use crate::helpers::{Backend, TestServer};

const PAGE: &str = "/rules/2024/6.I.1.C";

struct Read {
    cache: String,
    csp: String,
    encoding: String,
    body: Vec<u8>,
}

async fn read(server: &TestServer, accept_encoding: Option<&str>) -> Read {
    let mut request = server.http.get(server.url(PAGE));
    if let Some(encoding) = accept_encoding {
        request = request.header("Accept-Encoding", encoding);
    }
    let response = request.send().await.expect("GET");
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    Read {
        cache: header("x-redline-cache"),
        csp: header("content-security-policy"),
        encoding: header("content-encoding"),
        body: response.bytes().await.expect("body").to_vec(),
    }
}

fn text(read: &Read) -> String {
    String::from_utf8(read.body.clone()).expect("UTF-8 page")
}

fn nonce(csp: &str) -> String {
    csp.split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the CSP")
        .to_owned()
}

both!(
    anonymous_reader_pages_come_from_the_cache_until_a_write,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;

        // Rendered once, then served from the cache: the same bytes, the same nonce.
        let first = read(&server, None).await;
        assert_eq!(first.cache, "miss");
        let html = text(&first);
        assert!(html.contains("Proposed changes to this rule"), "{html}");
        let first_nonce = nonce(&first.csp);
        assert!(html.contains(&format!("nonce=\"{first_nonce}\"")));
        let second = read(&server, None).await;
        assert_eq!(second.cache, "hit");
        assert_eq!(second.body, first.body);
        assert_eq!(second.csp, first.csp);

        // Compressed copies decompress to the same page.
        let br = read(&server, Some("gzip, deflate, br")).await;
        assert_eq!((br.cache.as_str(), br.encoding.as_str()), ("hit", "br"));
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &br.body[..], &mut decoded).expect("brotli");
        assert_eq!(decoded, first.body);
        assert!(
            br.body.len() * 2 < first.body.len(),
            "brotli shrinks the page: {} of {} bytes",
            br.body.len(),
            first.body.len()
        );
        let gz = read(&server, Some("gzip")).await;
        assert_eq!(gz.encoding, "gzip");

        // A signed-in reader gets a rendered page of their own.
        let mut member = Client::new(&server);
        member
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        let own = member.get(PAGE).await;
        assert!(own.headers().get("x-redline-cache").is_none());
        let own_html = own.text().await.expect("page");
        assert!(own_html.contains("Sign out"), "signed-in navigation");
        assert!(!html.contains("Sign out"), "the cached page is anonymous");

        // Signing in wrote nothing public: still cached.
        assert_eq!(read(&server, None).await.cache, "hit");

        // The member withdraws the demo rule change on this clause: the next anonymous read is
        // rendered again and shows it, with a new nonce.
        let id = html
            .split("href=\"/rule-changes/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a proposal links its rule change")
            .to_owned();
        let withdrawn = member
            .post("record_step", &[("id", id.as_str()), ("event", "withdraw")])
            .await;
        assert_eq!(
            withdrawn.status(),
            200,
            "{}",
            withdrawn.text().await.unwrap_or_default()
        );
        let after = read(&server, None).await;
        assert_eq!(after.cache, "miss");
        assert!(text(&after).contains("Withdrawn"), "{}", text(&after));
        assert_ne!(nonce(&after.csp), first_nonce);
        assert_eq!(read(&server, None).await.cache, "hit");
    }
);

both!(
    a_zero_page_cache_time_renders_every_request,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo", "--page-cache-secs", "0"]).await;
        let first = read(&server, None).await;
        let second = read(&server, None).await;
        assert_eq!((first.cache.as_str(), second.cache.as_str()), ("", ""));
        assert_ne!(nonce(&first.csp), nonce(&second.csp));
    }
);

both!(
    a_signed_in_render_is_never_kept_however_the_cookie_is_written,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut member = Client::new(&server);
        member
            .sign_in("member@example.org", "member-demo-pass")
            .await;
        let me = member.whoami().await;
        let name = me["name"].as_str().expect("a name").to_owned();
        let email = me["email"].as_str().expect("an e-mail").to_owned();
        let id = member.cookie.clone().expect("a session");

        // The session layer reads `redline_session =<id>` (a space before `=`) as the session;
        // the page cache's own look at the cookie does not have to.
        for cookie in [
            format!("redline_session ={id}"),
            format!("theme=dark; redline_session ={id}"),
            format!("redline_session={id}"),
        ] {
            let response = server
                .http
                .get(server.url(PAGE))
                .header("Cookie", cookie.as_str())
                .send()
                .await
                .expect("GET");
            assert_eq!(response.status(), 200);
            assert_eq!(
                response
                    .headers()
                    .get("cache-control")
                    .and_then(|v| v.to_str().ok()),
                Some("private, no-store"),
                "{cookie}: a signed-in page is private"
            );
            let html = response.text().await.expect("page");
            assert!(html.contains("Sign out"), "{cookie}: signed in");
        }

        // Anonymous readers never get the signed-in render, first read or later.
        for _ in 0..2 {
            let anonymous = read(&server, None).await;
            let html = text(&anonymous);
            assert!(!html.contains("Sign out"), "an anonymous page");
            assert!(!html.contains(&name), "the member's name leaked: {name}");
            assert!(!html.contains(&email), "the member's e-mail leaked");
        }

        // JSON with personal data is private too; an anonymous answer is not marked.
        let json = member.get("/api/current_user").await;
        assert_eq!(
            json.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("private, no-store")
        );
        let mut organiser = Client::new(&server);
        organiser
            .sign_in("organiser@example.org", "organiser-demo-pass")
            .await;
        let csv = organiser.get("/export/support/1").await;
        assert_eq!(
            csv.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("private, no-store"),
            "the support CSV: {}",
            csv.status()
        );
        let public = server
            .http
            .get(server.url("/api/current_user"))
            .send()
            .await
            .expect("GET");
        assert!(public.headers().get("cache-control").is_none());
    }
);
