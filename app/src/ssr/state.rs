//! The state every request handler and server function can reach.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

/// Shared state: Leptos options and the database pool.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos' site options (output names, site root).
    pub leptos_options: LeptosOptions,
    /// The connection pool (SQLite or PostgreSQL).
    pub db: DatabaseConnection,
}
