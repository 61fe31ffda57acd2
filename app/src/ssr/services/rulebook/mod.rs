//! Rule Book editions: import and export, and every read the reading pages make. Its parts:
//!
//! - [`import`]: importing an edition (matched against the previous one) and exporting one;
//! - [`read`]: editions, contents, a rule, a citation's permalink, a rule's history;
//! - [`compare`]: what changed between two editions;
//! - [`search`]: full-text search;
//! - here: the queries they share (an edition by year, its placements and versions, the
//!   citation tree, resolving a citation to a placement).
//!
//! Reads load an edition's placements in one query and the versions they point at in another,
//! so a chapter or clause page costs a fixed number of queries however many rules it shows.

mod compare;
mod import;
mod read;
mod search;

pub use compare::compare_editions;
use compare::diff_node;
pub(crate) use import::import_with_notes;
pub use import::{ImportReport, export_edition, import_edition};
use read::summary;
pub use read::{
    clause_history, edition_toc, has_editions, list_editions, resolve_citation, rule_view,
};
pub use search::search;

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Statement, TransactionSession, TransactionTrait,
};

use crate::domain::citation::{self, TreeNode};
use crate::domain::diff::{DiffSpan, word_diff};
use crate::domain::node_key::{citation_of_key, root_key};
use crate::domain::numbering::NodeKind;
use crate::domain::rulebook::{
    EditionMeta, MatchSummary, Node, NodeMatch, PriorNode, RuleBook, match_editions,
};
use crate::model::rulebook::{
    ClauseHistory, CompareEntry, CompareStatus, Crumb, EditionComparison, EditionLink,
    EditionSummary, EditionToc, HIT_END, HIT_START, HistoryEntry, RuleNode, RuleView, SEARCH_LIMIT,
    SearchHit, SearchResults, TocEntry,
};
use crate::ssr::entities::{clause_node, clause_version, edition, edition_clause};
use crate::ssr::error::ServiceError;

/// The longest citation or search accepted, in characters.
pub(crate) const MAX_QUERY_CHARS: usize = 200;

/// Refuses typed input over `max` characters with a message naming `what` it was.
pub(crate) fn at_most(text: &str, max: usize, what: &str) -> Result<(), ServiceError> {
    if text.chars().count() > max {
        return Err(ServiceError::Invalid(format!(
            "That is too long for {what} ({max} characters at most)."
        )));
    }
    Ok(())
}

pub(crate) async fn edition_by_year(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<edition::Model, ServiceError> {
    edition::Entity::find()
        .filter(edition::Column::Year.eq(year))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("There is no Rule Book edition for {year}.")))
}

/// The edition for `year`, or the newest when `None`.
pub(crate) async fn edition_or_newest(
    db: &impl ConnectionTrait,
    year: Option<i32>,
) -> Result<edition::Model, ServiceError> {
    match year {
        Some(year) => edition_by_year(db, year).await,
        None => edition::Entity::find()
            .order_by_desc(edition::Column::Year)
            .one(db)
            .await?
            .ok_or_else(|| {
                ServiceError::NotFound("No edition of the Rule Book has been imported yet.".into())
            }),
    }
}

/// All placements of an edition in document order (one query).
pub(crate) async fn placements(
    db: &impl ConnectionTrait,
    edition_id: i32,
) -> Result<Vec<edition_clause::Model>, ServiceError> {
    Ok(edition_clause::Entity::find()
        .filter(edition_clause::Column::EditionId.eq(edition_id))
        .order_by_asc(edition_clause::Column::Position)
        .all(db)
        .await?)
}

/// Clause versions by id (one query per 500 versions).
pub(crate) async fn versions_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, clause_version::Model>, ServiceError> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for v in clause_version::Entity::find()
            .filter(clause_version::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.insert(v.id, v);
        }
    }
    Ok(out)
}

/// The citation resolver's view of an edition, index-aligned with `placements`.
pub(crate) fn tree_of(placements: &[edition_clause::Model]) -> Vec<TreeNode> {
    let index_of: HashMap<i32, usize> = placements
        .iter()
        .enumerate()
        .map(|(i, p)| (p.node_id, i))
        .collect();
    placements
        .iter()
        .map(|p| TreeNode {
            key: p.key.clone(),
            kind: NodeKind::from_str_name(&p.kind).unwrap_or(NodeKind::Section),
            label: p.label.clone(),
            parent: p.parent_node_id.and_then(|id| index_of.get(&id).copied()),
        })
        .collect()
}

/// Resolves a citation in any common style to the rule it names in an edition (default:
/// newest): the edition and the rule's placement there.
pub(crate) async fn resolve_placement(
    db: &impl ConnectionTrait,
    text: &str,
    edition_year: Option<i32>,
) -> Result<(edition::Model, edition_clause::Model), ServiceError> {
    let text = text.trim();
    at_most(text, MAX_QUERY_CHARS, "a rule reference")?;
    let edition = edition_or_newest(db, edition_year).await?;
    let mut placements = placements(db, edition.id).await?;
    let tree = tree_of(&placements);
    match citation::resolve(text, &tree) {
        Ok(index) => Ok((edition, placements.swap_remove(index))),
        Err(error @ citation::CitationError::NotFound { .. }) => {
            Err(ServiceError::NotFound(error.to_string()))
        }
        Err(other) => Err(ServiceError::Invalid(other.to_string())),
    }
}
