//! Downloads: a rule change as the DOCX a CLP submits, as Markdown and as JSON; the reading
//! pack as DOCX; an edition as Markdown (the import format) and JSON. The JSON shapes are the
//! documented, stable schema in `docs/json-schema.md`.
//!
//! The same visibility as the pages: a published rule change for everyone, a draft only for
//! its authors, organisers and admins.

use app::model::accounts::CurrentUser;
use app::ssr::auth::session_store::USER_ID_KEY;
use app::ssr::error::ServiceError;
use app::ssr::services::{accounts, publication, rulebook};
use app::ssr::state::AppState;
use axum::{
    Json, Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use tower_sessions::Session;

use crate::docx;

/// The download routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/export/rule-changes/{id}/submission.docx",
            get(rule_change_docx),
        )
        .route(
            "/export/rule-changes/{id}/rule-change.md",
            get(rule_change_markdown),
        )
        .route(
            "/export/rule-changes/{id}/rule-change.json",
            get(rule_change_json),
        )
        .route(
            "/export/reading-pack/{year}/reading-pack.docx",
            get(reading_pack_docx),
        )
        .route("/export/editions/{year}/rulebook.md", get(edition_markdown))
        .route("/export/editions/{year}/rulebook.json", get(edition_json))
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

async fn viewer(state: &AppState, session: &Session) -> Option<CurrentUser> {
    let id = session.get::<i32>(USER_ID_KEY).await.ok().flatten()?;
    accounts::current_user(&state.db, id).await.ok().flatten()
}

fn failed(error: &ServiceError) -> Response {
    let status = match error {
        ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
        ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
        ServiceError::Invalid(_) | ServiceError::Conflict(_) => StatusCode::BAD_REQUEST,
        ServiceError::Db(cause) => {
            tracing::error!(error = %cause, "export failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, "The export failed.").into_response();
        }
    };
    (status, error.to_string()).into_response()
}

fn download(content_type: &str, filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

async fn published(
    state: &AppState,
    session: &Session,
    id: i32,
) -> Result<app::model::publication::PublishedRuleChange, Response> {
    let viewer = viewer(state, session).await;
    publication::published(&state.db, viewer.as_ref(), id)
        .await
        .map_err(|e| failed(&e))
}

async fn rule_change_docx(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i32>,
) -> Response {
    let rc = match published(&state, &session, id).await {
        Ok(rc) => rc,
        Err(response) => return response,
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    match docx::rule_change_docx(&rc, &now) {
        Ok(bytes) => download(DOCX, &format!("rule-change-{id}.docx"), bytes),
        Err(error) => {
            tracing::error!(%error, "DOCX export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "The export failed.").into_response()
        }
    }
}

async fn rule_change_markdown(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i32>,
) -> Response {
    match published(&state, &session, id).await {
        Ok(rc) => download(
            "text/markdown; charset=utf-8",
            &format!("rule-change-{id}.md"),
            rc.to_markdown().into_bytes(),
        ),
        Err(response) => response,
    }
}

async fn rule_change_json(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i32>,
) -> Response {
    match published(&state, &session, id).await {
        Ok(rc) => Json(rc).into_response(),
        Err(response) => response,
    }
}

async fn reading_pack_docx(State(state): State<AppState>, Path(year): Path<i32>) -> Response {
    let pack = match publication::reading_pack(&state.db, year).await {
        Ok(pack) => pack,
        Err(error) => return failed(&error),
    };
    match docx::reading_pack_docx(&pack) {
        Ok(bytes) => download(DOCX, &format!("reading-pack-{year}.docx"), bytes),
        Err(error) => {
            tracing::error!(%error, "DOCX export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "The export failed.").into_response()
        }
    }
}

async fn edition_markdown(State(state): State<AppState>, Path(year): Path<i32>) -> Response {
    match rulebook::export_edition(&state.db, year).await {
        Ok(book) => download(
            "text/markdown; charset=utf-8",
            &format!("rulebook-{year}.md"),
            app::domain::rulebook::export_rulebook(&book).into_bytes(),
        ),
        Err(error) => failed(&error),
    }
}

async fn edition_json(State(state): State<AppState>, Path(year): Path<i32>) -> Response {
    match rulebook::export_edition(&state.db, year).await {
        Ok(book) => Json(book).into_response(),
        Err(error) => failed(&error),
    }
}
