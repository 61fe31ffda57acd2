//! Bad input to every server function in the permission table and to the JSON API: bodies over
//! the limit, invalid UTF-8, deeply nested JSON and pasted text far longer than any field. Each
//! is refused with a 4xx the caller can read — never a 5xx, never a 200 that stored it — and the
//! server keeps serving afterwards.

use std::collections::HashMap;

use app::ssr::auth::permissions::TABLE;
use http::Method;

use crate::both;
use crate::helpers::Client;
use crate::helpers::{Backend, TestServer};

/// Over the 2 MB limit on request bodies.
const OVERSIZED_BYTES: usize = 3 * 1024 * 1024;
/// A pasted text far longer than any field accepts, still under the body limit.
const HUGE_CHARS: usize = 300_000;
/// The longest value sent in a query string that still fits under the URI limit (64 KiB).
const LONG_QUERY_CHARS: usize = 30_000;
/// Nesting depth of the JSON bomb.
const JSON_DEPTH: usize = 100_000;

/// Text a person might paste: words and spaces, `len` characters.
fn pasted(len: usize) -> String {
    "Conference notes ".chars().cycle().take(len).collect()
}

/// One caller sending raw requests to one server.
struct Caller<'a> {
    server: &'a TestServer,
    name: &'static str,
    cookie: Option<String>,
    /// A new connection per request: a refused body leaves its connection unusable.
    http: reqwest::Client,
}

fn unpooled() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("HTTP client")
}

impl Caller<'_> {
    /// Sends a body larger than the limit over a raw connection, reading the answer while the
    /// body is still being written (the server answers 413 from the headers and hangs up, which
    /// an HTTP client that writes the whole body first reports as a broken connection).
    async fn send_oversized(&self, method: &Method, path: &str, body: Vec<u8>) -> Answer {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let host = self
            .server
            .base_url
            .trim_start_matches("http://")
            .to_owned();
        let Ok(stream) = tokio::net::TcpStream::connect(&host).await else {
            return no_answer(format!("cannot connect to {host}"));
        };
        let cookie = self
            .cookie
            .as_ref()
            .map(|c| format!("Cookie: redline_session={c}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nAccept: application/json\r\n\
             Content-Type: {FORM}\r\nContent-Length: {}\r\n{cookie}Connection: close\r\n\r\n",
            self.server.base_url,
            body.len()
        );
        let (mut reader, mut writer) = stream.into_split();
        let write = tokio::spawn(async move {
            if writer.write_all(head.as_bytes()).await.is_ok() {
                let _ = writer.write_all(&body).await;
            }
        });
        let mut answer = Vec::new();
        let read = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            reader.read_to_end(&mut answer),
        )
        .await;
        write.abort();
        if answer.is_empty() {
            return no_answer(format!("no answer: {read:?}"));
        }
        let text = String::from_utf8_lossy(&answer).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_owned();
        Answer { status, body }
    }
}

/// What came back: the status and the body as text (or why nothing came back).
#[derive(Debug)]
struct Answer {
    status: u16,
    body: String,
}

impl Caller<'_> {
    /// Sends `body` with `method` to `path_and_query`, as the browser's JavaScript would.
    async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<Answer, String> {
        let mut request = self
            .http
            .request(method, self.server.url(path_and_query))
            .header("Origin", &self.server.base_url)
            .header("Accept", "application/json");
        if !body.is_empty() {
            request = request.header("Content-Type", content_type).body(body);
        }
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", format!("redline_session={cookie}"));
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("no answer: {e}"))?;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        Ok(Answer { status, body })
    }

    async fn form(&self, endpoint: &str, get: bool, fields: &[(String, String)]) -> Answer {
        let encoded = encode_form(fields);
        let result = if get {
            let path = format!("/api/{endpoint}?{encoded}");
            self.send(Method::GET, &path, "", Vec::new()).await
        } else {
            self.send(
                Method::POST,
                &format!("/api/{endpoint}"),
                FORM,
                encoded.into_bytes(),
            )
            .await
        };
        result.unwrap_or_else(|e| Answer { status: 0, body: e })
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// `a=1&b=2`, percent-encoded as a browser encodes a form.
fn encode_form(fields: &[(String, String)]) -> String {
    fields
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
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A plausible value for a field, by its name; `None` when the name says nothing.
fn sample_for(field: &str) -> Option<&'static str> {
    Some(match field {
        "year" | "conference_year" => "2027",
        "edition" | "to" => "2024",
        "from" => "2023",
        "key" | "clause" => "2.I.4.B",
        "email" | "delegate_email" => "member@example.org",
        "position" => "for",
        "stance" => "backs",
        "kind" => "delete",
        _ => return None,
    })
}

/// The fields a server function takes, found from its own answers: send what is known, read
/// "missing field `x`", add `x`, repeat. Sent anonymously, so a complete call is refused by
/// the permission check (or is a harmless failed sign-in) instead of changing anything. Each
/// field gets a value that parses: a sample by name, else `1`, else `false` (booleans).
async fn discover_fields(
    anonymous: &Caller<'_>,
    endpoint: &str,
    get: bool,
) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for _ in 0..16 {
        let answer = anonymous.form(endpoint, get, &fields).await;
        let Some(missing) = missing_field(&answer.body) else {
            break;
        };
        if fields.iter().any(|(k, _)| *k == missing) {
            break;
        }
        let mut chosen = None;
        let candidates = sample_for(&missing).into_iter().chain(["1", "false"]);
        for candidate in candidates {
            let mut trial = fields.clone();
            trial.push((missing.clone(), candidate.to_owned()));
            let answer = anonymous.form(endpoint, get, &trial).await;
            // Everything sent so far parsed; a "malformed" answer is about the new field.
            if !answer.body.contains("malformed") || missing_field(&answer.body).is_some() {
                chosen = Some(candidate);
                break;
            }
        }
        fields.push((missing, chosen.unwrap_or("1").to_owned()));
    }
    fields
}

/// The optional arguments (`#[server(default)]`) of a server function, read from its source
/// in `app/src/api/`: a call without them is complete, so [`discover_fields`] cannot see them.
fn optional_fields(endpoint: &str) -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/api");
    let needle = format!("endpoint = \"{endpoint}\"");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("app/src/api").flatten() {
        let source = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let Some(start) = source.find(&needle) else {
            continue;
        };
        let signature = &source[start..];
        let signature = &signature[..signature.find(") ->").unwrap_or(signature.len())];
        for rest in signature.split("#[server(default)]").skip(1) {
            if let Some((name, _)) = rest.trim_start().split_once(':') {
                found.push(name.trim().to_owned());
            }
        }
    }
    found
}

fn missing_field(body: &str) -> Option<String> {
    let rest = body.split("missing field `").nth(1)?;
    rest.split('`').next().map(str::to_owned)
}

/// Records a failure unless `answer` is a 4xx; with `message`, the body must say something.
fn expect_4xx(failures: &mut Vec<String>, what: &str, answer: &Answer, message: bool) {
    let ok = (400..500).contains(&answer.status) && (!message || !answer.body.trim().is_empty());
    if !ok {
        failures.push(format!(
            "{what}: expected a 4xx{}, got {}: {}",
            if message { " with a message" } else { "" },
            answer.status,
            answer.body.chars().take(300).collect::<String>()
        ));
    }
}

/// Records a failure when `answer` is a 5xx or no answer at all.
fn expect_no_5xx(failures: &mut Vec<String>, what: &str, answer: &Answer) {
    if answer.status == 0 || answer.status >= 500 {
        failures.push(format!(
            "{what}: expected no server error, got {}: {}",
            answer.status,
            answer.body.chars().take(300).collect::<String>()
        ));
    }
}

fn no_answer(error: String) -> Answer {
    Answer {
        status: 0,
        body: error,
    }
}

/// After the abuse: the server is healthy and still renders a rule page.
async fn assert_still_serving(server: &TestServer) {
    let health = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .expect("GET /healthz");
    assert_eq!(health.status(), 200, "healthz after bad input");
    let page = server
        .http
        .get(server.url("/rules/2024/2.I.4.B"))
        .send()
        .await
        .expect("GET a rule page");
    assert_eq!(page.status(), 200, "a rule page after bad input");
    let html = page.text().await.expect("page");
    assert!(
        html.contains("2.I.4.B") || html.contains("I.4.B"),
        "the rule is shown"
    );
}

both!(
    every_server_function_refuses_bad_input,
    |backend: Backend| async move {
        let server = TestServer::start(backend, &["--demo"]).await;
        let mut admin = Client::new(&server);
        admin.sign_in("admin@example.org", "admin-demo-pass").await;
        let callers = [
            Caller {
                server: &server,
                name: "anonymous",
                cookie: None,
                http: unpooled(),
            },
            Caller {
                server: &server,
                name: "admin",
                cookie: admin.cookie.clone(),
                http: unpooled(),
            },
        ];
        let methods: HashMap<String, Method> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, method)| (path.to_owned(), method))
            .collect();
        let oversized = vec![b'a'; OVERSIZED_BYTES];
        let invalid_utf8: Vec<u8> = b"title=\xff\xfe\xfd&text=\xc3\x28&email=\x80"
            .iter()
            .copied()
            .cycle()
            .take(4096)
            .collect();
        let deep_json = "[".repeat(JSON_DEPTH).into_bytes();
        let huge = pasted(HUGE_CHARS);
        let long = pasted(LONG_QUERY_CHARS);

        let mut failures = Vec::new();
        for permission in TABLE {
            let endpoint = permission.endpoint;
            let path = format!("/api/{endpoint}");
            let method = methods
                .get(&path)
                .unwrap_or_else(|| panic!("{path} is in the permission table but not registered"))
                .clone();
            let get = method == Method::GET;
            let mut fields = discover_fields(&callers[0], endpoint, get).await;
            for name in optional_fields(endpoint) {
                let value = sample_for(&name).unwrap_or("1").to_owned();
                fields.push((name, value));
            }
            for caller in &callers {
                let who = format!("{} {method} {path}", caller.name);

                // Bodies are refused by size before anything reads them, whatever the method.
                let answer = caller
                    .send_oversized(&method, &path, oversized.clone())
                    .await;
                expect_4xx(
                    &mut failures,
                    &format!("{who} with a 3 MB body"),
                    &answer,
                    false,
                );
                if answer.status != 413 {
                    failures.push(format!(
                        "{who} with a 3 MB body: expected 413, got {}",
                        answer.status
                    ));
                }

                // A GET server function reads its query string, not the body: no 5xx is all.
                let answer = caller
                    .send(method.clone(), &path, FORM, invalid_utf8.clone())
                    .await
                    .unwrap_or_else(no_answer);
                let what = format!("{who} with invalid UTF-8");
                if get {
                    expect_no_5xx(&mut failures, &what, &answer);
                    let query = format!("{path}?{}", "%FF%FE%C3%28=%80".repeat(8));
                    let answer = caller
                        .send(Method::GET, &query, "", Vec::new())
                        .await
                        .unwrap_or_else(no_answer);
                    expect_no_5xx(
                        &mut failures,
                        &format!("{who} with invalid UTF-8 in the query"),
                        &answer,
                    );
                } else {
                    expect_4xx(&mut failures, &what, &answer, true);
                }

                let answer = caller
                    .send(method.clone(), &path, "application/json", deep_json.clone())
                    .await
                    .unwrap_or_else(no_answer);
                let what = format!("{who} with {JSON_DEPTH} nested JSON arrays");
                if get {
                    expect_no_5xx(&mut failures, &what, &answer);
                } else {
                    expect_4xx(&mut failures, &what, &answer, true);
                }

                // Huge text in each field in turn (the others plausible), then in all at once.
                // Sign-out and friends take no field: nothing to fill (and calling them as the
                // admin would end the session the rest of the test uses).
                if fields.is_empty() {
                    continue;
                }
                let filled = if get { &long } else { &huge };
                let mut forms: Vec<(String, Vec<(String, String)>)> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, (name, _))| {
                        let mut form = fields.clone();
                        form[i].1 = filled.clone();
                        (format!("`{name}`"), form)
                    })
                    .collect();
                // A query string must stay under the 64 KiB URL limit (of reqwest and of the
                // server's HTTP stack alike): the GET share is split between the fields.
                let share = if get {
                    pasted(LONG_QUERY_CHARS / fields.len())
                } else {
                    huge.clone()
                };
                let all: Vec<(String, String)> = fields
                    .iter()
                    .map(|(name, _)| (name.clone(), share.clone()))
                    .collect();
                if all.len() > 1 && encode_form(&all).len() < 2 * 1024 * 1024 {
                    forms.push(("every field".to_owned(), all));
                }
                for (which, form) in forms {
                    let answer = caller.form(endpoint, get, &form).await;
                    if get {
                        // Nothing is stored by a GET: any answer but a server error will do.
                        let what = format!("{who} with {LONG_QUERY_CHARS} characters in {which}");
                        expect_no_5xx(&mut failures, &what, &answer);
                    } else {
                        let what = format!("{who} with {HUGE_CHARS} characters in {which}");
                        expect_4xx(&mut failures, &what, &answer, true);
                    }
                }
            }
        }
        assert_still_serving(&server).await;
        assert!(
            failures.is_empty(),
            "{} bad answers:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);

both!(json_api_refuses_bad_input, |backend: Backend| async move {
    let server = TestServer::start(backend, &["--demo"]).await;
    let caller = Caller {
        server: &server,
        name: "anonymous",
        cookie: None,
        http: unpooled(),
    };
    let huge = pasted(HUGE_CHARS);
    let cases: [(&str, &[&str]); 2] = [
        ("/api/v1/wording/generate", &["citation", "base", "edited"]),
        ("/api/v1/wording/apply", &["base", "wording"]),
    ];
    let mut failures = Vec::new();
    for (path, fields) in cases {
        let who = format!("{} POST {path}", caller.name);
        let json = "application/json";
        let bodies: Vec<(String, Vec<u8>, Option<u16>)> = vec![
            ("a 3 MB body".into(), vec![b' '; OVERSIZED_BYTES], Some(413)),
            // Under the server's limit, over the JSON API's own.
            (
                "a 1.5 MB body".into(),
                format!("{{\"base\": \"{}\"}}", pasted(1_500_000)).into_bytes(),
                Some(413),
            ),
            (
                "invalid UTF-8".into(),
                b"{\"base\": \"\xff\xfe\xfd\", \"wording\": \"\xc3\x28\"}".to_vec(),
                None,
            ),
            (
                format!("{JSON_DEPTH} nested arrays"),
                "[".repeat(JSON_DEPTH).into_bytes(),
                None,
            ),
            (
                format!("{HUGE_CHARS} characters in every field"),
                serde_json::to_vec(&serde_json::Value::Object(
                    fields
                        .iter()
                        .map(|f| ((*f).to_owned(), serde_json::Value::from(huge.as_str())))
                        .collect(),
                ))
                .expect("JSON"),
                Some(413),
            ),
        ];
        for (what, body, status) in bodies {
            // Over the server-wide limit the answer comes from the body-limit layer, before the
            // API: a plain-text 413 ("length limit exceeded"), not the API's JSON error.
            let api_answers = body.len() <= 2 * 1024 * 1024;
            // Over the server-wide limit the server answers from the headers and hangs up:
            // read that answer while the body is still being written.
            let answer = if api_answers {
                caller
                    .send(Method::POST, path, json, body)
                    .await
                    .unwrap_or_else(no_answer)
            } else {
                caller.send_oversized(&Method::POST, path, body).await
            };
            let what = format!("{who} with {what}");
            expect_4xx(&mut failures, &what, &answer, true);
            if let Some(status) = status
                && answer.status != status
            {
                failures.push(format!("{what}: expected {status}, got {}", answer.status));
            }
            if api_answers
                && (400..500).contains(&answer.status)
                && !answer.body.contains("\"error\"")
            {
                failures.push(format!(
                    "{what}: no {{\"error\": …}} message: {}",
                    answer.body
                ));
            }
        }
        // Each field alone over the limit is named in the answer.
        for field in fields {
            let body = serde_json::to_vec(&serde_json::Value::Object(
                fields
                    .iter()
                    .map(|f| {
                        let value = if f == field { huge.as_str() } else { "x" };
                        ((*f).to_owned(), serde_json::Value::from(value))
                    })
                    .collect(),
            ))
            .expect("JSON");
            let answer = caller
                .send(Method::POST, path, json, body)
                .await
                .unwrap_or_else(no_answer);
            let what = format!("{who} with {HUGE_CHARS} characters in `{field}`");
            expect_4xx(&mut failures, &what, &answer, true);
            if !answer.body.contains(field) {
                failures.push(format!(
                    "{what}: the message does not name the field: {}",
                    answer.body
                ));
            }
        }
    }
    assert_still_serving(&server).await;
    assert!(
        failures.is_empty(),
        "{} bad answers:\n{}",
        failures.len(),
        failures.join("\n")
    );
});
