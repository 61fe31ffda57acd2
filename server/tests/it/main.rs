//! Integration tests, each once on SQLite and once on PostgreSQL (each test gets a fresh
//! database of its own).
//!
//! `services/` calls the services on a database; `binary/` drives the binary over HTTP and its
//! command line; `helpers/` is the harness both use.

mod binary;
mod helpers;
mod services;
