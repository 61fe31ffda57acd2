//! Reading what conference will decide: published rule changes, the reading pack, proposals on
//! a clause, the Rule Book "as it would read"; and, for admins, the next edition from the
//! carried rule changes.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::model::publication::{
    AsItWouldRead, ClauseProposalList, NextEditionReport, PublishedPackage, PublishedRuleChange,
    ReadingPack,
};

/// A rule change as members read it (public once submitted; a preview for its authors).
#[server(endpoint = "published_rule_change", input = GetUrl)]
pub async fn load_published_rule_change(id: i32) -> Result<PublishedRuleChange, AppError> {
    use crate::ssr::{prelude::*, services::publication};
    let (viewer, db) = caller_and_db(Action::PublishedRuleChange).await?;
    auth::respond(publication::published(&db, viewer.as_ref(), id).await)
}

/// The delegate reading pack for a conference.
#[server(endpoint = "reading_pack", input = GetUrl)]
pub async fn load_reading_pack(year: i32) -> Result<ReadingPack, AppError> {
    use crate::ssr::{prelude::*, services::publication};
    let (_, db) = caller_and_db(Action::ReadingPack).await?;
    auth::respond(publication::reading_pack(&db, year).await)
}

/// Public rule changes that amend a clause, and the verdict on each pair still before
/// conference (whether both could be carried).
#[server(endpoint = "clause_proposals", input = GetUrl)]
pub async fn clause_proposals(
    edition: Option<i32>,
    key: String,
) -> Result<ClauseProposalList, AppError> {
    use crate::ssr::{prelude::*, services::publication};
    let (_, db) = caller_and_db(Action::ClauseProposals).await?;
    if key.len() > 100 {
        return Err(auth::fail(AppError::BadRequest(
            "That is not a rule.".into(),
        )));
    }
    auth::respond(publication::proposals_for_clause(&db, edition, &key).await)
}

/// The newest edition (or one chapter) as it would read with a set of rule changes: `set` is
/// `all`, `nec` or `carried` (with `year`), or `package` (with `package`).
#[server(endpoint = "as_it_would_read", input = GetUrl)]
pub async fn load_as_it_would_read(
    set: String,
    year: Option<i32>,
    package: Option<i32>,
    chapter: Option<String>,
) -> Result<AsItWouldRead, AppError> {
    use crate::model::publication::Selection;
    use crate::ssr::{prelude::*, services::publication};
    let (_, db) = caller_and_db(Action::AsItWouldRead).await?;
    let bad = |m: &str| auth::fail(AppError::BadRequest(m.to_owned()));
    let year_or = |y: Option<i32>| y.ok_or_else(|| bad("Choose the conference year."));
    let selection = match set.as_str() {
        "all" => Selection::AllSubmitted {
            year: year_or(year)?,
        },
        "nec" => Selection::NecSupports {
            year: year_or(year)?,
        },
        "carried" => Selection::Carried {
            year: year_or(year)?,
        },
        "package" => Selection::Package {
            id: package.ok_or_else(|| bad("Choose the package."))?,
        },
        _ => {
            return Err(bad(
                "Choose which rule changes to apply: all, nec, carried or package.",
            ));
        }
    };
    let chapter = chapter.filter(|c| !c.trim().is_empty());
    if chapter.as_ref().is_some_and(|c| c.len() > 20) {
        return Err(bad("That is not a chapter."));
    }
    auth::respond(publication::as_it_would_read(&db, &selection, chapter.as_deref()).await)
}

/// Builds the next edition from the rule changes carried at a conference (admins).
#[server(endpoint = "create_next_edition")]
pub async fn create_next_edition(
    conference_year: i32,
    new_year: i32,
    title: String,
) -> Result<NextEditionReport, AppError> {
    use crate::ssr::{prelude::*, services::publication};
    let (admin, db) = user_and_db(Action::CreateNextEdition).await?;
    auth::respond(
        publication::create_next_edition(&db, &admin, conference_year, new_year, &title).await,
    )
}

/// The conferences with settings recorded, newest first.
#[server(endpoint = "conferences", input = GetUrl)]
pub async fn conferences() -> Result<Vec<i32>, AppError> {
    use crate::ssr::{prelude::*, services::procedure};
    let (_, db) = caller_and_db(Action::Conferences).await?;
    auth::respond(procedure::conference_years(&db).await)
}

/// A package as members read it (public once one of its rule changes is submitted).
#[server(endpoint = "published_package", input = GetUrl)]
pub async fn load_published_package(id: i32) -> Result<PublishedPackage, AppError> {
    use crate::ssr::{prelude::*, services::publication};
    let (viewer, db) = caller_and_db(Action::PublishedPackage).await?;
    auth::respond(publication::published_package(&db, viewer.as_ref(), id).await)
}
