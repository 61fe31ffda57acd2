//! Test harness: fresh databases and a running server per test.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use app::model::accounts::{CurrentUser, Role};
use app::ssr::services::accounts::{NewUser, create_user, current_user};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// Which database a test runs against.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server used for tests; its `test` database is only used to create others.
pub fn postgres_admin_url() -> String {
    std::env::var("REDLINE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A fresh, empty database, dropped (PostgreSQL) or deleted (SQLite) with the value.
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("create a temporary directory");
                let url = format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("redline.db").display()
                );
                Self {
                    url,
                    backend,
                    _dir: Some(dir),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                // A test that needs PostgreSQL fails (never skips) when it cannot connect.
                let admin = Database::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is required for this test and is not reachable at {admin_url}: {e}")
                });
                let name = format!("redline_it_{}", unique_suffix());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create a test database");
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(b, _)| b)
                    .to_owned();
                Self {
                    url: format!("{base}/{name}"),
                    backend,
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Best effort; a leftover database has a unique name and harms nothing.
            let _ = Command::new("psql")
                .arg(postgres_admin_url())
                .arg("-qc")
                .arg(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

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

/// Declares one async test per backend: `both!(name, |backend| async move { … })`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)($crate::helpers::Backend::Postgres).await
            }
        }
    };
}

/// A user named `name` (e-mail `first.last@example.org`) with `role`, as the app loads them.
pub async fn user(conn: &DatabaseConnection, name: &str, role: Role) -> CurrentUser {
    let created = create_user(
        conn,
        NewUser {
            name: name.into(),
            email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
            password: "a long enough passphrase".into(),
            organisation_id: None,
            role,
            is_demo: false,
        },
        None,
    )
    .await
    .expect("create user");
    current_user(conn, created.id)
        .await
        .expect("load user")
        .expect("user exists")
}
