//! Routes outside the server-function API, for organisers: the live whip-board stream
//! (server-sent events) and the CSV export of a rule change's backing and pledges.
//!
//! The stream polls the rule change's support revision in the database once a second and sends
//! an event when it moves, so every app server over one database tells its browsers within
//! seconds, whichever server recorded the change.

use std::time::Duration;

use app::model::accounts::{CurrentUser, Role};
use app::ssr::auth::session_store::USER_ID_KEY;
use app::ssr::services::{accounts, organisations, support};
use app::ssr::state::AppState;
use axum::{
    Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
    routing::get,
};
use futures::stream::{self, Stream};
use tower_sessions::Session;

/// How often a live stream looks for new support.
const POLL: Duration = Duration::from_secs(1);

/// The organiser-only routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/live/support/{id}", get(whip_stream))
        .route("/live/package-support/{id}", get(package_whip_stream))
        .route("/export/support/{id}", get(support_csv))
}

/// The signed-in organiser or admin, or the response to send instead.
async fn organiser(state: &AppState, session: &Session) -> Result<CurrentUser, Response> {
    let id = session
        .get::<i32>(USER_ID_KEY)
        .await
        .ok()
        .flatten()
        .ok_or_else(|| (StatusCode::UNAUTHORIZED, "Please sign in.").into_response())?;
    let user = accounts::current_user(&state.db, id)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())?
        .ok_or_else(|| (StatusCode::UNAUTHORIZED, "Please sign in.").into_response())?;
    if matches!(user.role, Role::Organiser | Role::Admin) {
        Ok(user)
    } else {
        Err((StatusCode::FORBIDDEN, "Only organisers can see this.").into_response())
    }
}

async fn whip_stream(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i32>,
) -> Response {
    stream_for(state, session, id, false).await
}

async fn package_whip_stream(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i32>,
) -> Response {
    stream_for(state, session, id, true).await
}

async fn stream_for(state: AppState, session: Session, id: i32, package: bool) -> Response {
    let user = match organiser(&state, &session).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let board = match support::whip_board(&state.db, &user, id, package).await {
        Ok(board) => board,
        Err(error) => return (StatusCode::NOT_FOUND, error.to_string()).into_response(),
    };
    Sse::new(revisions(state, board.rule_change_ids, board.revision))
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// An event carrying the new revision each time the support revision moves.
fn revisions(
    state: AppState,
    ids: Vec<i32>,
    start: i64,
) -> impl Stream<Item = Result<Event, std::convert::Infallible>> {
    stream::unfold(start, move |last| {
        let state = state.clone();
        let ids = ids.clone();
        async move {
            loop {
                tokio::time::sleep(POLL).await;
                match support::revision(&state.db, &ids).await {
                    Ok(now) if now != last => {
                        let event = Event::default().event("support").data(now.to_string());
                        return Some((Ok(event), now));
                    }
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "live support poll failed"),
                }
            }
        }
    })
}

async fn support_csv(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i32>,
) -> Response {
    let user = match organiser(&state, &session).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    if let Err(error) = support::whip_board(&state.db, &user, id, false).await {
        return (StatusCode::NOT_FOUND, error.to_string()).into_response();
    }
    match organisations::support_csv(&state.db, id).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"rule-change-{id}-support.csv\""),
                ),
            ],
            body,
        )
            .into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}
