//! The state every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

/// Settings the application needs at run time (the server reads them once at start-up).
#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    /// Demo mode: demo accounts and data are allowed.
    pub demo: bool,
}

/// Shared state: Leptos options, the database pool and the configuration.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos' site options (output names, site root).
    pub leptos_options: LeptosOptions,
    /// The connection pool (SQLite or PostgreSQL).
    pub db: DatabaseConnection,
    /// Run-time settings.
    pub config: Arc<AppConfig>,
}
