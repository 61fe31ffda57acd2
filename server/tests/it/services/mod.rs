//! Service-level tests: `app::ssr::services` called directly on a migrated database (see
//! `helpers::TestDb::migrated`), on SQLite and PostgreSQL.

mod drafts;
mod publication;
mod rulebook;
mod schema_migrations;
mod support;
