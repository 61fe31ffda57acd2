//! Server functions: thin, public endpoints under `/api/`. Each checks who may call it through
//! the permission table (`ssr::auth::authorize`), makes one service call and maps errors to
//! [`crate::error::AppError`] (`ssr::auth::respond`). Anything here can be called by anyone on
//! the internet with any arguments.

pub mod accounts;
pub mod drafts;
pub mod publication;
pub mod rulebook;
pub mod support;
