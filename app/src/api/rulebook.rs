//! Reading the Rule Book: public, no sign-in needed.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::rulebook::EditionSummary;

/// Every edition, newest first.
#[server(endpoint = "editions")]
pub async fn list_editions() -> Result<Vec<EditionSummary>, AppError> {
    use crate::ssr::{services::rulebook, state::AppState};
    let state = expect_context::<AppState>();
    super::respond(rulebook::list_editions(&state.db).await)
}

/// Resolves a citation in any common style against an edition (default: the newest) and
/// returns the rule's permalink.
#[server(endpoint = "resolve_citation")]
pub async fn resolve_citation(citation: String, edition: Option<i32>) -> Result<String, AppError> {
    use crate::ssr::{services::rulebook, state::AppState};
    let state = expect_context::<AppState>();
    super::respond(rulebook::resolve_citation(&state.db, &citation, edition).await)
}
