//! Server-only code: application state, database entities and services.

pub mod auth;
pub mod entities;
pub mod error;
pub mod import;
pub mod prelude;
pub mod services;
pub mod state;
