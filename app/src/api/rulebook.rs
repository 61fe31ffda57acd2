//! Reading the Rule Book: public, no sign-in needed. Reads are GET requests.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::model::rulebook::{
    ClauseHistory, EditionComparison, EditionSummary, EditionToc, RuleView, SearchResults,
};

/// Every edition, newest first.
#[server(endpoint = "editions", input = GetUrl)]
pub async fn list_editions() -> Result<Vec<EditionSummary>, AppError> {
    use crate::ssr::{auth, auth::permissions::Action, services::rulebook, state::AppState};
    auth::authorize(Action::ListEditions).await?;
    let state = expect_context::<AppState>();
    auth::respond(rulebook::list_editions(&state.db).await)
}

/// Resolves a citation in any common style against an edition (default: the newest) and
/// returns the rule's permalink.
#[server(endpoint = "resolve_citation", input = GetUrl)]
pub async fn resolve_citation(citation: String, edition: Option<i32>) -> Result<String, AppError> {
    use crate::ssr::{auth, auth::permissions::Action, services::rulebook, state::AppState};
    auth::authorize(Action::ResolveCitation).await?;
    let state = expect_context::<AppState>();
    auth::respond(rulebook::resolve_citation(&state.db, &citation, edition).await)
}

/// The table of contents of an edition (default: the newest).
#[server(endpoint = "edition_toc", input = GetUrl)]
pub async fn load_toc(edition: Option<i32>) -> Result<EditionToc, AppError> {
    use crate::ssr::{auth, auth::permissions::Action, services::rulebook, state::AppState};
    auth::authorize(Action::LoadToc).await?;
    let state = expect_context::<AppState>();
    auth::respond(rulebook::edition_toc(&state.db, edition).await)
}

/// A rule with everything below it, in an edition (default: the newest).
#[server(endpoint = "rule", input = GetUrl)]
pub async fn load_rule(edition: Option<i32>, key: String) -> Result<RuleView, AppError> {
    use crate::ssr::{auth, auth::permissions::Action, services::rulebook, state::AppState};
    auth::authorize(Action::LoadRule).await?;
    let state = expect_context::<AppState>();
    auth::respond(rulebook::rule_view(&state.db, edition, &key).await)
}

/// A rule's versions across editions with word diffs.
#[server(endpoint = "history", input = GetUrl)]
pub async fn load_history(edition: i32, key: String) -> Result<ClauseHistory, AppError> {
    use crate::ssr::{auth, auth::permissions::Action, services::rulebook, state::AppState};
    auth::authorize(Action::LoadHistory).await?;
    let state = expect_context::<AppState>();
    auth::respond(rulebook::clause_history(&state.db, edition, &key).await)
}

/// What changed between two editions, for the whole book or one chapter.
#[server(endpoint = "compare", input = GetUrl)]
pub async fn compare_editions(
    from: i32,
    to: i32,
    chapter: Option<String>,
) -> Result<EditionComparison, AppError> {
    use crate::ssr::{auth, auth::permissions::Action, services::rulebook, state::AppState};
    auth::authorize(Action::CompareEditions).await?;
    let state = expect_context::<AppState>();
    let chapter = chapter.filter(|c| !c.trim().is_empty());
    auth::respond(rulebook::compare_editions(&state.db, from, to, chapter.as_deref()).await)
}

/// Full-text search of rule text in an edition (default: the newest).
#[server(endpoint = "search", input = GetUrl)]
pub async fn search_rules(q: String, edition: Option<i32>) -> Result<SearchResults, AppError> {
    use crate::ssr::{auth, auth::permissions::Action, services::rulebook, state::AppState};
    auth::authorize(Action::SearchRules).await?;
    let state = expect_context::<AppState>();
    auth::respond(rulebook::search(&state.db, &q, edition).await)
}
