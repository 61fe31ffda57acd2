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
    use crate::ssr::{prelude::*, services::rulebook};
    let (_, db) = caller_and_db(Action::ListEditions).await?;
    auth::respond(rulebook::list_editions(&db).await)
}

/// Resolves a citation in any common style against an edition (default: the newest) and
/// returns the rule's permalink.
#[server(endpoint = "resolve_citation", input = GetUrl)]
pub async fn resolve_citation(citation: String, edition: Option<i32>) -> Result<String, AppError> {
    use crate::ssr::{prelude::*, services::rulebook};
    let (_, db) = caller_and_db(Action::ResolveCitation).await?;
    auth::respond(rulebook::resolve_citation(&db, &citation, edition).await)
}

/// The table of contents of an edition (default: the newest).
#[server(endpoint = "edition_toc", input = GetUrl)]
pub async fn load_toc(edition: Option<i32>) -> Result<EditionToc, AppError> {
    use crate::ssr::{prelude::*, services::rulebook};
    let (_, db) = caller_and_db(Action::LoadToc).await?;
    auth::respond(rulebook::edition_toc(&db, edition).await)
}

/// A rule with everything below it, in an edition (default: the newest).
#[server(endpoint = "rule", input = GetUrl)]
pub async fn load_rule(edition: Option<i32>, key: String) -> Result<RuleView, AppError> {
    use crate::ssr::{prelude::*, services::rulebook};
    let (_, db) = caller_and_db(Action::LoadRule).await?;
    auth::respond(rulebook::rule_view(&db, edition, &key).await)
}

/// A rule's versions across editions with word diffs.
#[server(endpoint = "history", input = GetUrl)]
pub async fn load_history(edition: i32, key: String) -> Result<ClauseHistory, AppError> {
    use crate::ssr::{prelude::*, services::rulebook};
    let (_, db) = caller_and_db(Action::LoadHistory).await?;
    auth::respond(rulebook::clause_history(&db, edition, &key).await)
}

/// What changed between two editions, for the whole book or one chapter.
#[server(endpoint = "compare", input = GetUrl)]
pub async fn compare_editions(
    from: i32,
    to: i32,
    chapter: Option<String>,
) -> Result<EditionComparison, AppError> {
    use crate::ssr::{prelude::*, services::rulebook};
    let (_, db) = caller_and_db(Action::CompareEditions).await?;
    let chapter = chapter.filter(|c| !c.trim().is_empty());
    auth::respond(rulebook::compare_editions(&db, from, to, chapter.as_deref()).await)
}

/// Full-text search of rule text in an edition (default: the newest).
#[server(endpoint = "search", input = GetUrl)]
pub async fn search_rules(q: String, edition: Option<i32>) -> Result<SearchResults, AppError> {
    use crate::ssr::{prelude::*, services::rulebook};
    let (_, db) = caller_and_db(Action::SearchRules).await?;
    auth::respond(rulebook::search(&db, &q, edition).await)
}
