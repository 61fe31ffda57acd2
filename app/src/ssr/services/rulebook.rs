//! Reading and importing Rule Book editions.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::model::rulebook::EditionSummary;
use crate::ssr::entities::{edition, edition_clause};
use crate::ssr::error::ServiceError;

/// Every edition, newest first, with its node count.
pub async fn list_editions(db: &impl ConnectionTrait) -> Result<Vec<EditionSummary>, ServiceError> {
    let editions = edition::Entity::find()
        .order_by_desc(edition::Column::Year)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(editions.len());
    for e in editions {
        let node_count = edition_clause::Entity::find()
            .filter(edition_clause::Column::EditionId.eq(e.id))
            .count(db)
            .await?;
        out.push(EditionSummary {
            year: e.year,
            title: e.title,
            published_on: e.published_on,
            conference_year: e.conference_year,
            node_count,
        });
    }
    Ok(out)
}

/// Resolves a citation to the permalink of the rule it names.
pub async fn resolve_citation(
    db: &impl ConnectionTrait,
    citation: &str,
    edition_year: Option<i32>,
) -> Result<String, ServiceError> {
    let citation = citation.trim();
    if citation.is_empty() {
        return Err(ServiceError::Invalid(
            "Type a rule's citation, for example “Chapter 2, Clause I.4.B” or “2.I.4.B”.".into(),
        ));
    }
    let edition = match edition_year {
        Some(year) => {
            edition::Entity::find()
                .filter(edition::Column::Year.eq(year))
                .one(db)
                .await?
        }
        None => {
            edition::Entity::find()
                .order_by_desc(edition::Column::Year)
                .one(db)
                .await?
        }
    }
    .ok_or_else(|| {
        ServiceError::NotFound("No edition of the Rule Book has been imported yet.".into())
    })?;
    let found = edition_clause::Entity::find()
        .filter(edition_clause::Column::EditionId.eq(edition.id))
        .filter(edition_clause::Column::Key.eq(citation))
        .one(db)
        .await?;
    match found {
        Some(node) => Ok(format!("/rules/{}/{}", edition.year, node.key)),
        None => Err(ServiceError::NotFound(format!(
            "There is no rule “{citation}” in {}.",
            edition.title
        ))),
    }
}
