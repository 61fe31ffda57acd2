//! The Rule Book through the binary: the reading pages rendered on the server, and `redline
//! import` refusing broken files with the line at fault and writing nothing.

use crate::both;
use crate::helpers::{Backend, TestServer, redline};

both!(
    reading_pages_render_on_the_server,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let get = |path: &'static str| {
            let http = server.http.clone();
            let url = server.url(path);
            async move {
                let response = http.get(url).send().await.expect("GET");
                (
                    response.status().as_u16(),
                    response.text().await.expect("body"),
                )
            }
        };
        let (status, html) = get("/rules/2024/2.I.4.B").await;
        assert_eq!(status, 200);
        assert!(html.contains("Chapter 2, Clause I.4.B"));
        let (status, html) = get("/rules/2.I.4.B").await;
        assert_eq!(
            status, 200,
            "edition-less permalink shows the newest edition"
        );
        assert!(html.contains("Rule Book 2024"));
        let (status, _) = get("/rules/2024/9.IX.9").await;
        assert_eq!(status, 404);
        let (status, html) = get("/rules/2024/1.VII/history").await;
        assert_eq!(status, 200);
        assert!(html.contains("Renumbered"), "history shows the renumbering");
        let (status, html) = get("/compare?from=2023&to=2024").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("<del") && html.contains("<ins"),
            "compare shows word diffs"
        );
        let (status, html) = get("/search?q=suspension").await;
        assert_eq!(status, 200);
        assert!(html.contains("<mark>"), "search marks hits");
        // A browser (Accept: text/html) following the go-to-rule form is redirected.
        let no_redirects = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let response = no_redirects
            .get(server.url("/go?q=Rule%205.4.1"))
            .header("Accept", "text/html")
            .send()
            .await
            .expect("GET /go");
        assert_eq!(response.status(), 302);
        assert_eq!(
            response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok()),
            Some("/rules/2024/5.IV.1")
        );
        let (status, html) = get("/go?q=Chapter%2099").await;
        assert_eq!(
            status, 404,
            "an unknown citation is a helpful 404, not a 500"
        );
        assert!(html.contains("names no rule"), "{html}");
    }
);

#[test]
fn importing_a_broken_file_names_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("broken.md");
    std::fs::write(
        &file,
        "---\ntitle: Rule Book 2030\nyear: 2030\n---\n\n# Chapter 1. One\n\n# Chapter 3. Three\n",
    )
    .expect("write");
    let output = redline()
        .arg("--data-dir")
        .arg(dir.path())
        .arg("import")
        .arg(&file)
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 8"), "{stderr}");
    let listing = redline()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["export", "2030"])
        .output()
        .expect("run");
    assert!(!listing.status.success(), "nothing was imported");
    assert!(String::from_utf8_lossy(&listing.stderr).contains("no Rule Book edition for 2030"));
}

#[test]
fn invalid_utf8_and_empty_files_are_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes, expect) in [
        ("empty.md", b"".to_vec(), "empty"),
        (
            "latin1.md",
            b"---\ntitle: T\nyear: 2030\n---\n\n# Chapter 1. Caf\xe9\n".to_vec(),
            "line 6",
        ),
        (
            "huge.md",
            vec![b'a'; 50 * 1024 * 1024],
            "over the limit of 10 mb",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).expect("write");
        let output = redline()
            .arg("--data-dir")
            .arg(dir.path())
            .arg("import")
            .arg(&file)
            .output()
            .expect("run");
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr).to_lowercase();
        assert!(stderr.contains(expect), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
