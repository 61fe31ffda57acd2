//! redline's database schema, one change per file, each with `down`.
//!
//! The same migrations run on SQLite (the embedded default) and PostgreSQL; where the two need
//! different SQL (full-text search), the migration asks the connection for its backend.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_rulebook;
mod m20261124_000002_accounts;
mod m20261124_000003_drafts;
mod m20261124_000004_structural_edits;
mod m20261124_000005_conference;
mod m20261124_000006_publication;
mod m20261125_000007_published_result;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_rulebook::Migration),
            Box::new(m20261124_000002_accounts::Migration),
            Box::new(m20261124_000003_drafts::Migration),
            Box::new(m20261124_000004_structural_edits::Migration),
            Box::new(m20261124_000005_conference::Migration),
            Box::new(m20261124_000006_publication::Migration),
            Box::new(m20261125_000007_published_result::Migration),
        ]
    }
}
