//! The wording engine's public interfaces: `/api/v1/wording/*` and `redline wording`.

use std::io::Write;
use std::process::Stdio;

use serde_json::{Value, json};

use crate::helpers::{Backend, TestServer, redline};

const BASE: &str = "A member may be suspended by the NEC pending an investigation. \
                    Appeals shall be heard within two months.";
const EDITED: &str = "A member may be suspended by the NEC pending an investigation, \
                      which shall conclude within six months. Appeals shall be heard within three months.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generate_then_apply_round_trips_over_http() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let generated: Value = server
        .http
        .post(server.url("/api/v1/wording/generate"))
        .json(&json!({ "citation": "Chapter 6, Clause I.1.B", "base": BASE, "edited": EDITED }))
        .send()
        .await
        .expect("generate")
        .json()
        .await
        .expect("JSON");
    let wording = generated["wording"].as_str().expect("wording").to_owned();
    assert!(wording.starts_with("Chapter 6, Clause I.1.B"), "{wording}");
    assert!(wording.contains("\"two\""), "{wording}");
    assert_eq!(generated["result"], EDITED);
    assert_eq!(generated["problems"], json!([]));

    let response = server
        .http
        .post(server.url("/api/v1/wording/apply"))
        .json(&json!({ "base": BASE, "wording": wording }))
        .send()
        .await
        .expect("apply");
    assert_eq!(response.status(), 200);
    let applied: Value = response.json().await.expect("JSON");
    assert_eq!(
        applied["result"], EDITED,
        "apply(generate(base, edited)) == edited"
    );
    assert!(applied["diff"].as_array().is_some_and(|d| !d.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messy_wording_reports_problems_with_reasons() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let applied: Value = server
        .http
        .post(server.url("/api/v1/wording/apply"))
        .json(&json!({ "base": BASE, "wording": "Delete ‘three months' and replace with 'six weeks'" }))
        .send()
        .await
        .expect("apply")
        .json()
        .await
        .expect("JSON");
    assert_eq!(applied["result"], BASE, "nothing is guessed");
    let message = applied["problems"][0]["message"]
        .as_str()
        .expect("a problem");
    assert!(
        message.contains("two months"),
        "the closest text is offered: {message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_clear_4xx_errors() {
    let server = TestServer::start(Backend::Sqlite, &[]).await;
    let post = |body: String, content_type: &'static str| {
        let request = server
            .http
            .post(server.url("/api/v1/wording/apply"))
            .header("Content-Type", content_type)
            .body(body);
        async move {
            let response = request.send().await.expect("request");
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (
                status,
                body["error"].as_str().unwrap_or_default().to_owned(),
            )
        }
    };
    let (status, error) = post("{not json".into(), "application/json").await;
    assert_eq!(status, 400, "{error}");
    assert!(!error.is_empty());
    let (status, error) = post(json!({ "base": BASE }).to_string(), "application/json").await;
    assert_eq!(status, 422, "{error}");
    assert!(error.contains("wording"), "{error}");
    let (status, error) = post(
        json!({ "base": BASE, "wording": "x" }).to_string(),
        "text/plain",
    )
    .await;
    assert_eq!(status, 415, "{error}");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let (status, _) = post(deep, "application/json").await;
    assert!((400..500).contains(&status), "deep JSON: {status}");
    let huge = json!({ "base": "word ".repeat(300_000), "wording": "Add at end: 'x'" }).to_string();
    let (status, _) = post(huge, "application/json").await;
    assert_eq!(status, 413);
    let long = json!({ "base": "é".repeat(150_000), "wording": "Add at end: 'x'" }).to_string();
    let (status, error) = post(long, "application/json").await;
    assert_eq!(status, 413, "{error}");
    assert!(error.contains("base"), "{error}");
    // The server is still up.
    let health = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
}

#[test]
fn cli_generates_and_applies_wording() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base.txt");
    let edited = dir.path().join("edited.txt");
    std::fs::write(&base, BASE).expect("write");
    std::fs::write(&edited, EDITED).expect("write");
    let output = redline()
        .args(["wording", "generate", "--citation", "6.I.1.B", "--base"])
        .arg(&base)
        .arg("--edited")
        .arg(&edited)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let wording = String::from_utf8(output.stdout).expect("utf8");
    assert!(wording.contains("6.I.1.B"), "{wording}");

    let mut child = redline()
        .args(["wording", "apply", "--json", "--wording", "-", "--base"])
        .arg(&base)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(wording.as_bytes())
        .expect("write wording");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success());
    let applied: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(applied["result"], EDITED);

    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "Delete 'expelled'").expect("write");
    let output = redline()
        .args(["wording", "apply", "--base"])
        .arg(&base)
        .arg("--wording")
        .arg(&wrong)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(3), "problems give exit status 3");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("problem"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
