//! Integration tests: the real `redline` binary on port 0 against a fresh database, once on
//! SQLite and once on PostgreSQL (each test gets its own database).

mod accounts;
mod bad_input;
mod drafts;
mod faults;
mod helpers;
mod import;
mod page_cache;
mod publication;
mod rulebook;
mod schema_migrations;
mod security;
mod skeleton;
mod support;
mod wording;
