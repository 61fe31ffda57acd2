//! Server-only code: application state, database entities and services, auth, the import
//! readers, and the one CSV writer (`csv_out`).

pub mod auth;
pub mod csv_out;
pub mod entities;
pub mod error;
pub mod import;
pub mod prelude;
pub mod services;
pub mod state;
