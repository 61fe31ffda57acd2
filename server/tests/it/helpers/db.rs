//! Fresh databases: an empty SQLite file or PostgreSQL database per test, dropped with it.

use std::process::{Command, Stdio};

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

use super::Backend;

/// The PostgreSQL server used for tests; its `test` database is only used to create others.
pub fn postgres_admin_url() -> String {
    std::env::var("REDLINE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A fresh, empty database, dropped (PostgreSQL) or deleted (SQLite) with the value.
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    pub(super) _dir: Option<tempfile::TempDir>,
    pub(super) pg_name: Option<String>,
}

impl TestDb {
    /// A fresh, empty database on `backend`.
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

impl TestDb {
    /// A fresh database with every migration applied, and a connection to it.
    pub async fn migrated(backend: Backend) -> (Self, DatabaseConnection) {
        let db = Self::new(backend).await;
        let conn = db.connect_migrated().await;
        (db, conn)
    }

    /// Connects to this database and applies every migration.
    pub async fn connect_migrated(&self) -> DatabaseConnection {
        let conn = Database::connect(&self.url)
            .await
            .expect("connect to the test database");
        Migrator::up(&conn, None).await.expect("migrate");
        conn
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
