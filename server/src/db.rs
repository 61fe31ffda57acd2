//! Connecting to the database and bringing its schema up to date.

use std::time::Duration;

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use crate::config::DatabaseConfig;

/// Connects (failing fast when the database cannot be reached) and runs pending migrations.
pub async fn connect_and_migrate(config: &DatabaseConfig) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(config.url.clone());
    options
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .max_connections(if config.url.starts_with("sqlite:") {
            8
        } else {
            20
        })
        .sqlx_logging(false);
    let db = Database::connect(options).await.with_context(|| {
        format!(
            "cannot connect to the database at {}; check DATABASE_URL and that the server is running",
            config.display_url()
        )
    })?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL: readers never wait for the writer, and a killed server loses no committed write.
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    Migrator::up(&db, None).await.with_context(|| {
        format!(
            "cannot bring the database schema at {} up to date",
            config.display_url()
        )
    })?;
    Ok(db)
}
