//! Drafting rule changes: signed-in members only, and each draft only for its authors (the
//! service answers "not found" to anyone else).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::model::drafts::{
    ClauseForEdit, DraftSummary, DraftView, PackageSummary, PackageView, RebaseOutcome, SaveOutcome,
};

/// The signed-in user's drafts, newest first.
#[server(endpoint = "drafts", input = GetUrl)]
pub async fn my_drafts() -> Result<Vec<DraftSummary>, AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::ListDrafts).await?;
    auth::respond(drafts::list_drafts(&db, user.id).await)
}

/// Starts a draft against the newest edition and opens it (at `clause`, when given: the key of
/// the rule the member chose "propose a change" on).
#[server(endpoint = "create_draft")]
pub async fn create_draft(
    title: String,
    #[server(default)] conference_year: Option<i32>,
    clause: Option<String>,
) -> Result<i32, AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::CreateDraft).await?;
    let conference_year = conference_year.unwrap_or_else(|| {
        use chrono::Datelike;
        let today = chrono::Utc::now();
        crate::domain::conference::next_annual_conference(today.year(), today.month())
    });
    if !(2000..=2100).contains(&conference_year) {
        return Err(auth::fail(AppError::BadRequest(
            "Give the conference year as four digits, e.g. 2025.".into(),
        )));
    }
    let id =
        auth::respond(drafts::create_draft(&db, user.id, &title, None, conference_year).await)?;
    // Keys are made of letters, digits, dots and hyphens; anything else is dropped, not sent on.
    let clause = clause.filter(|c| {
        !c.is_empty()
            && c.len() <= 60
            && c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-')
    });
    leptos_axum::redirect(&match clause {
        Some(key) => format!("/drafts/{id}?clause={key}"),
        None => format!("/drafts/{id}"),
    });
    Ok(id)
}

/// A draft with its edits, wording, diffs and staleness.
#[server(endpoint = "draft", input = GetUrl)]
pub async fn load_draft(id: i32) -> Result<DraftView, AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::LoadDraft).await?;
    auth::respond(drafts::load_draft(&db, user.id, id).await)
}

/// Opens one clause of a draft for editing (citation in any style).
#[server(endpoint = "draft_clause", input = GetUrl)]
pub async fn open_draft_clause(id: i32, clause: String) -> Result<ClauseForEdit, AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::OpenDraftClause).await?;
    auth::respond(drafts::clause_for_edit(&db, user.id, id, &clause).await)
}

/// Saves a clause's edited text; `revision` is the draft revision the editor started from.
#[server(endpoint = "save_draft_edit")]
pub async fn save_draft_edit(
    id: i32,
    revision: i32,
    key: String,
    text: String,
) -> Result<SaveOutcome, AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::SaveDraftEdit).await?;
    let outcome = auth::respond(drafts::save_edit(&db, user.id, id, revision, &key, &text).await)?;
    if auth::is_form_post() {
        // Without JavaScript, go back to the editor, which shows the saved text or the conflict.
        leptos_axum::redirect(&format!("/drafts/{id}?clause={key}"));
    }
    Ok(outcome)
}

/// Adds a structural edit: `kind` is `insert_after` (a new rule after `key`, with `text`) or
/// `delete` (the rule `key` and everything under it).
#[server(endpoint = "save_structural_edit")]
pub async fn save_structural_edit(
    id: i32,
    revision: i32,
    key: String,
    kind: String,
    #[server(default)] text: String,
) -> Result<SaveOutcome, AppError> {
    use crate::model::drafts::EditKind;
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::SaveStructuralEdit).await?;
    let kind = EditKind::from_str_name(&kind)
        .filter(|k| k.is_structural())
        .ok_or_else(|| {
            auth::fail(AppError::BadRequest(
                "Choose to add a rule after this one or to delete it.".into(),
            ))
        })?;
    let outcome = auth::respond(
        drafts::save_structural_edit(&db, user.id, id, revision, &key, kind, &text).await,
    )?;
    if auth::is_form_post() {
        leptos_axum::redirect(&format!("/drafts/{id}?clause={key}"));
    }
    Ok(outcome)
}

/// Removes one edit (a text change, a new rule or a deletion) from a draft.
#[server(endpoint = "remove_draft_edit")]
pub async fn remove_draft_edit(
    id: i32,
    revision: i32,
    edit_id: i32,
) -> Result<SaveOutcome, AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::RemoveDraftEdit).await?;
    let outcome = auth::respond(drafts::remove_edit(&db, user.id, id, revision, edit_id).await)?;
    if auth::is_form_post() {
        leptos_axum::redirect(&format!("/drafts/{id}"));
    }
    Ok(outcome)
}

/// Re-applies a stale edit to the newest edition's text of its clause.
#[server(endpoint = "rebase_draft_edit")]
pub async fn rebase_draft_edit(
    id: i32,
    edit_id: i32,
    revision: i32,
) -> Result<RebaseOutcome, AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::RebaseDraftEdit).await?;
    let outcome = auth::respond(drafts::rebase_edit(&db, user.id, id, edit_id, revision).await)?;
    if auth::is_form_post() {
        leptos_axum::redirect(&format!("/drafts/{id}"));
    }
    Ok(outcome)
}

/// The signed-in user's packages.
#[server(endpoint = "packages", input = GetUrl)]
pub async fn my_packages() -> Result<Vec<PackageSummary>, AppError> {
    use crate::ssr::{prelude::*, services::packages};
    let (user, db) = user_and_db(Action::ListPackages).await?;
    auth::respond(packages::list_packages(&db, user.id).await)
}

/// Creates a package and opens its preview.
#[server(endpoint = "create_package")]
pub async fn create_package(title: String, summary: String) -> Result<i32, AppError> {
    use crate::ssr::{prelude::*, services::packages};
    let (user, db) = user_and_db(Action::CreatePackage).await?;
    let id = auth::respond(packages::create_package(&db, user.id, &title, &summary).await)?;
    leptos_axum::redirect(&format!("/packages/{id}"));
    Ok(id)
}

/// A package's combined preview: every rule change in it with wording and diffs.
#[server(endpoint = "package", input = GetUrl)]
pub async fn load_package(id: i32) -> Result<PackageView, AppError> {
    use crate::ssr::{prelude::*, services::packages};
    let (user, db) = user_and_db(Action::LoadPackage).await?;
    auth::respond(packages::package_view(&db, user.id, id).await)
}

/// Puts one of the user's rule changes into one of their packages.
#[server(endpoint = "add_to_package")]
pub async fn add_to_package(package_id: i32, rule_change_id: i32) -> Result<(), AppError> {
    use crate::ssr::{prelude::*, services::packages};
    let (user, db) = user_and_db(Action::AddToPackage).await?;
    auth::respond(packages::add_to_package(&db, user.id, package_id, rule_change_id).await)?;
    if auth::is_form_post() {
        leptos_axum::redirect(&format!("/drafts/{rule_change_id}"));
    }
    Ok(())
}

/// Takes a rule change out of its package.
#[server(endpoint = "split_from_package")]
pub async fn split_from_package(rule_change_id: i32) -> Result<(), AppError> {
    use crate::ssr::{prelude::*, services::packages};
    let (user, db) = user_and_db(Action::SplitFromPackage).await?;
    auth::respond(packages::split_out(&db, user.id, rule_change_id).await)?;
    if auth::is_form_post() {
        leptos_axum::redirect(&format!("/drafts/{rule_change_id}"));
    }
    Ok(())
}

/// Changes a draft's title, supporting argument, one-line summary and proposing organisation.
#[server(endpoint = "update_draft_details")]
pub async fn update_draft_details(
    id: i32,
    revision: i32,
    title: String,
    supporting_argument: String,
    #[server(default)] summary: String,
    proposer: Option<String>,
) -> Result<SaveOutcome, AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::UpdateDraftDetails).await?;
    let proposer = match proposer.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(text.parse::<i32>().map_err(|_| {
            auth::fail(AppError::BadRequest(
                "Choose the proposing CLP, affiliate or the NEC from the list.".into(),
            ))
        })?),
    };
    let outcome = auth::respond(
        drafts::update_details(
            &db,
            user.id,
            id,
            revision,
            &drafts::DraftDetails {
                title: &title,
                supporting_argument: &supporting_argument,
                summary: &summary,
                proposer_org_id: proposer,
            },
        )
        .await,
    )?;
    if auth::is_form_post() {
        leptos_axum::redirect(&format!("/drafts/{id}"));
    }
    Ok(outcome)
}

/// Invites a co-author (by the e-mail address of their account).
#[server(endpoint = "add_co_author")]
pub async fn add_co_author(id: i32, email: String) -> Result<(), AppError> {
    use crate::ssr::{prelude::*, services::drafts};
    let (user, db) = user_and_db(Action::AddCoAuthor).await?;
    auth::respond(drafts::add_co_author(&db, user.id, id, &email).await)?;
    if auth::is_form_post() {
        leptos_axum::redirect(&format!("/drafts/{id}"));
    }
    Ok(())
}
