//! Who is calling, and may they: the session, the signed-in user, the permission check every
//! server function makes through [`authorize`], and sign-in throttling.

pub mod password;
pub mod permissions;
pub mod rate_limit;
pub mod session_store;

use std::sync::Arc;

use leptos::prelude::*;
use tower_sessions::Session;

use crate::error::AppError;
use crate::model::accounts::CurrentUser;
use crate::ssr::error::ServiceError;
use crate::ssr::services::accounts;
use crate::ssr::state::AppState;
use permissions::{Action, Caller};
use rate_limit::SignInLimiter;
use session_store::{STARTED_KEY, SessionSettings, USER_ID_KEY};

/// Authentication state shared by all requests; provided as a context next to [`AppState`].
#[derive(Clone, Debug)]
pub struct AuthState {
    /// Failed sign-in counts per account and per IP.
    pub limiter: Arc<SignInLimiter>,
    /// Session cookie and timeout settings.
    pub sessions: SessionSettings,
}

/// The request's session (tower-sessions puts it in the request extensions).
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer on this request");
        AppError::Internal
    })
}

/// The signed-in user, if any. A session naming a deleted account counts as signed out.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let session = session().await?;
    let user_id = match session.get::<i32>(USER_ID_KEY).await {
        Ok(id) => id,
        Err(error) => {
            tracing::error!(%error, "cannot read the session");
            return Err(fail(AppError::Internal));
        }
    };
    let Some(user_id) = user_id else {
        return Ok(None);
    };
    keep_private();
    if outlived(&session).await {
        if let Err(error) = session.flush().await {
            tracing::warn!(%error, "cannot end an expired session");
        }
        return Ok(None);
    }
    touch(&session).await;
    let state = expect_context::<AppState>();
    accounts::current_user(&state.db, user_id)
        .await
        .map_err(|error| fail(error.into()))
}

/// The `Cache-Control` of every answer made for a signed-in user: no shared cache (the page
/// cache, a proxy) may keep it, and the browser may not store it on disk.
pub const PRIVATE: &str = "private, no-store";

/// Marks the response as made for a signed-in user ([`PRIVATE`]): called wherever the session
/// yields a user, so that what the render used, not the cookie as some other layer reads it,
/// decides whether the answer may be shared.
fn keep_private() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static(PRIVATE),
        );
    }
}

/// Whether the session is older than its absolute lifetime (counted from signing in; a session
/// from before lifetimes were kept counts from now).
async fn outlived(session: &Session) -> bool {
    let Some(max) = use_context::<AuthState>().map(|auth| auth.sessions.max_lifetime) else {
        return false;
    };
    let now = chrono::Utc::now().timestamp();
    match session.get::<i64>(STARTED_KEY).await.ok().flatten() {
        Some(started) => now - started >= i64::try_from(max.as_secs()).unwrap_or(i64::MAX),
        None => {
            if let Err(error) = session.insert(STARTED_KEY, now).await {
                tracing::warn!(%error, "cannot date a session");
            }
            false
        }
    }
}

/// Puts `user_id` into the session under a new session id (so a planted cookie is worth
/// nothing), dated for the absolute lifetime.
pub async fn start_session(user_id: i32) -> Result<(), AppError> {
    let session = session().await?;
    let result = match session.cycle_id().await {
        Ok(()) => match session.insert(USER_ID_KEY, user_id).await {
            Ok(()) => {
                session
                    .insert(STARTED_KEY, chrono::Utc::now().timestamp())
                    .await
            }
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    result.map_err(|error| {
        tracing::error!(%error, "cannot start a session");
        fail(AppError::Internal)
    })
}

/// Session key of the last time the session was renewed (Unix seconds).
const SEEN_KEY: &str = "seen";

/// Renews a signed-in session's inactivity deadline, writing it at most every quarter of the
/// timeout (and at least every minute) rather than on every request: pages and server
/// functions renew it, static files do not.
async fn touch(session: &Session) {
    let idle = use_context::<AuthState>().map_or(60, |auth| auth.sessions.idle_timeout.as_secs());
    let every = (idle / 4).clamp(1, 60);
    let now = chrono::Utc::now().timestamp();
    let last = session.get::<i64>(SEEN_KEY).await.ok().flatten();
    if last.is_none_or(|last| now - last >= i64::try_from(every).unwrap_or(60))
        && let Err(error) = session.insert(SEEN_KEY, now).await
    {
        tracing::warn!(%error, "cannot renew a session");
    }
}

/// Checks the permission table for `action` and the caller, and returns the caller. Anonymous
/// callers refused get 401 (“Please sign in”), signed-in ones 403.
pub async fn authorize(action: Action) -> Result<Option<CurrentUser>, AppError> {
    let user = current_user().await?;
    let caller = user
        .as_ref()
        .map_or(Caller::Anonymous, |u| Caller::User(u.role));
    if permissions::allows(action, caller) {
        Ok(user)
    } else if user.is_none() {
        Err(fail(AppError::Unauthorized))
    } else {
        Err(fail(AppError::Forbidden(
            "You do not have permission to do that.".into(),
        )))
    }
}

/// [`authorize`] for actions that need a signed-in user.
pub async fn authorize_user(action: Action) -> Result<CurrentUser, AppError> {
    authorize(action)
        .await?
        .ok_or_else(|| fail(AppError::Unauthorized))
}

/// True when the request is a plain HTML form post (JavaScript off): server functions then
/// answer with a redirect back to the form carrying the error, and must keep the 302 status.
pub fn is_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Sets the response's HTTP status to the error's (except for plain form posts, see
/// [`is_form_post`]) and returns the error.
pub fn fail(error: AppError) -> AppError {
    if !is_form_post()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(
            http::StatusCode::from_u16(error.status())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    error
}

/// Maps a service result for a server function, setting the HTTP status on failure.
pub fn respond<T>(result: Result<T, ServiceError>) -> Result<T, AppError> {
    result.map_err(|error| fail(error.into()))
}

/// The client's IP address as the socket saw it (`unknown` when not available).
pub async fn client_ip() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The [`AuthState`] context, or an internal error when the server did not provide it.
pub fn auth_state() -> Result<AuthState, AppError> {
    use_context::<AuthState>().ok_or_else(|| {
        tracing::error!("AuthState is not provided to server functions");
        fail(AppError::Internal)
    })
}

/// A same-site path to return to after signing in; anything else becomes `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_paths_stay_on_the_site() {
        assert_eq!(safe_next(Some("/rules/2024/1.2")), "/rules/2024/1.2");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
