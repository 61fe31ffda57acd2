//! What every server function uses, in one line: `use crate::ssr::prelude::*;`.
//!
//! A server function checks who is calling, then hands the caller and the database to one
//! service: [`user_and_db`] (signed in) and [`caller_and_db`] (anyone) do the first part.

pub use crate::ssr::auth::{self, permissions::Action};
pub use crate::ssr::error::ServiceError;
pub use crate::ssr::state::AppState;

use leptos::prelude::expect_context;
use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::model::accounts::CurrentUser;

/// Checks the permission table for `action` with a signed-in caller (401 when signed out, 403
/// when not allowed), and returns the caller and the database.
pub async fn user_and_db(action: Action) -> Result<(CurrentUser, DatabaseConnection), AppError> {
    let user = auth::authorize_user(action).await?;
    Ok((user, db()))
}

/// Checks the permission table for `action` with any caller, signed in or not, and returns the
/// caller (if signed in) and the database.
pub async fn caller_and_db(
    action: Action,
) -> Result<(Option<CurrentUser>, DatabaseConnection), AppError> {
    let caller = auth::authorize(action).await?;
    Ok((caller, db()))
}

/// The database pool from the app state (a cheap clone of a shared pool).
pub fn db() -> DatabaseConnection {
    expect_context::<AppState>().db
}
