//! The test harness. Its parts:
//!
//! - [`db`]: a fresh database per test on either backend, migrated on request;
//! - [`server`]: the real binary on port 0 against such a database;
//! - [`client`]: an HTTP client with a session, the demo accounts, and the injection check;
//! - here: the backend switch, the `both!` macro that runs a test on each, and test users.
//!
//! Service-level tests call `app::ssr::services` on a [`TestDb::migrated`] connection; black-box
//! tests drive a [`TestServer`] over HTTP.

mod client;
mod db;
mod server;

pub use client::{Client, DEMO, assert_no_injection};
pub use db::TestDb;
pub use server::{TestServer, redline};

use app::model::accounts::{CurrentUser, Role};
use app::ssr::services::accounts::{NewUser, create_user, current_user};
use sea_orm::DatabaseConnection;

/// Which database a test runs against.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
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
