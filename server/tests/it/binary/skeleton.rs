//! The walking skeleton: the binary starts, migrates, serves, and fails clearly on bad config.

use crate::both;
use crate::helpers::{Backend, TestServer, redline};

both!(
    healthz_and_a_server_function,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &[]).await;
        let scheme = match server.db.backend {
            Backend::Sqlite => "sqlite:",
            Backend::Postgres => "postgres:",
        };
        assert!(
            server.db.url.starts_with(scheme),
            "the server runs on the database asked for"
        );
        let health = server
            .http
            .get(server.url("/healthz"))
            .send()
            .await
            .expect("GET /healthz");
        assert_eq!(health.status(), 200);
        assert_eq!(health.text().await.expect("body"), "ok");

        let editions = server.server_fn_get("editions", &[]).await;
        assert_eq!(editions.status(), 200);
        let list: serde_json::Value = editions.json().await.expect("JSON list of editions");
        assert_eq!(
            list,
            serde_json::json!([]),
            "a fresh database has no editions"
        );

        let home = server
            .http
            .get(server.url("/"))
            .send()
            .await
            .expect("GET /");
        assert_eq!(home.status(), 200);
        let html = home.text().await.expect("home page");
        assert!(
            html.contains("Editions of the Rule Book"),
            "server-rendered home page"
        );
        assert!(
            html.contains("No edition has been imported yet"),
            "rendered from the database"
        );
    }
);

both!(
    unknown_page_is_a_404_a_person_understands,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &[]).await;
        let response = server
            .http
            .get(server.url("/no/such/page"))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), 404);
        let html = response.text().await.expect("body");
        assert!(html.contains("Page not found"), "{html}");
    }
);

#[test]
fn unreachable_database_is_one_clear_line() {
    let output = redline()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/nothing")
        .output()
        .expect("run redline");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: cannot connect to the database"),
        "{stderr}"
    );
    assert!(last.contains("check DATABASE_URL"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unwritable_data_directory_is_one_clear_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").expect("write file");
    let output = redline()
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(file.join("data"))
        .output()
        .expect("run redline");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: cannot create the data directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn port_in_use_is_one_clear_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let dir = tempfile::tempdir().expect("tempdir");
    let output = redline()
        .args(["serve", "--addr", &addr, "--data-dir"])
        .arg(dir.path())
        .output()
        .expect("run redline");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("error: cannot listen on {addr}")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `redline` alone serves as `redline serve` does, reading the same variables, and boolean
/// variables take the values people type (1/0, yes/no, true/false). The port is taken, so each
/// run gets as far as listening and stops there with that error, not a parse error.
#[test]
fn environment_is_read_as_people_type_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    for (demo, production) in [("1", "0"), ("yes", "no"), ("true", "false"), ("0", "off")] {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = redline()
            .arg("--data-dir")
            .arg(dir.path())
            .env("REDLINE_ADDR", &addr)
            .env("REDLINE_DEMO", demo)
            .env("REDLINE_PRODUCTION", production)
            .output()
            .expect("run redline");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(
            stderr.contains(&format!("error: cannot listen on {addr}")),
            "REDLINE_DEMO={demo} REDLINE_PRODUCTION={production}: {stderr}"
        );
    }
    // Demo data and production mode exclude each other, however they are asked for.
    let output = redline()
        .env("REDLINE_ADDR", &addr)
        .env("REDLINE_DEMO", "yes")
        .env("REDLINE_PRODUCTION", "1")
        .output()
        .expect("run redline");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("--demo and --production cannot be used together"),
        "{stderr}"
    );
    let output = redline()
        .env("REDLINE_ADDR", &addr)
        .env("REDLINE_DEMO", "maybe")
        .output()
        .expect("run redline");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("maybe") && !stderr.contains("cannot listen"),
        "a value that is no boolean is refused before anything starts: {stderr}"
    );
}
