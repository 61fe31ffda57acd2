//! The `redline` binary under test, and a server started from it on port 0.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::{Backend, TestDb};

/// The `redline` binary under test.
pub fn redline() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redline"));
    command.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    command
}

/// A server started on 127.0.0.1:0; killed when dropped.
pub struct TestServer {
    pub base_url: String,
    pub db: TestDb,
    child: Child,
    pub http: reqwest::Client,
}

impl TestServer {
    /// Starts `redline serve` with the given extra arguments against a fresh database.
    pub async fn start(backend: Backend, extra_args: &[&str]) -> Self {
        Self::start_on(TestDb::new(backend).await, extra_args).await
    }

    /// Kills the server with SIGKILL (no chance to clean up) and returns its database.
    pub fn kill_hard(mut self) -> TestDb {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // `Drop` would kill again; take the database out instead.
        let backend = self.db.backend;
        std::mem::replace(
            &mut self.db,
            TestDb {
                url: String::new(),
                backend,
                _dir: None,
                pg_name: None,
            },
        )
    }

    /// Starts `redline serve` on an existing database (e.g. after [`TestServer::kill_hard`]).
    pub async fn start_on(db: TestDb, extra_args: &[&str]) -> Self {
        let mut child = redline()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra_args)
            .env("DATABASE_URL", &db.url)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the redline binary");
        let stdout = child.stdout.take().expect("server stdout");
        let base_url = tokio::task::spawn_blocking(move || {
            let mut lines = BufReader::new(stdout).lines();
            let found = lines.by_ref().map_while(Result::ok).find_map(|line| {
                line.split_once("listening on ")
                    .map(|(_, url)| url.trim().to_owned())
            });
            // Keep draining so the server never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines {});
            found
        })
        .await
        .expect("read server output")
        .expect("the server printed the URL it listens on");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client");
        Self {
            base_url,
            db,
            child,
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Calls a read-only server function (GET with a query string, JSON out).
    pub async fn server_fn_get(&self, name: &str, query: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .get(self.url(&format!("/api/{name}")))
            .query(query)
            .send()
            .await
            .expect("server function request")
    }

    /// Calls a server function (URL-encoded form in, JSON out).
    pub async fn server_fn(&self, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/{name}")))
            .header("Origin", &self.base_url)
            .form(form)
            .send()
            .await
            .expect("server function request")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
