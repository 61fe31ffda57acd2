//! Accounts: who is signed in, sign-up, sign-in and sign-out, passwords and reset tokens, and
//! the admin's user list and audit log. Each function checks the permission table first
//! (`ssr::auth::permissions`); forms post here and work without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::model::accounts::{
    AuditEntry, CurrentUser, IssuedToken, OrganisationSummary, UserSummary,
};

/// The signed-in user, or `None`.
#[server(endpoint = "current_user", input = GetUrl)]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::ssr::auth::{self, permissions::Action};
    auth::authorize(Action::CurrentUser).await
}

/// Every organisation a user can belong to (for the sign-up form).
#[server(endpoint = "organisations", input = GetUrl)]
pub async fn list_organisations() -> Result<Vec<OrganisationSummary>, AppError> {
    use crate::ssr::{prelude::*, services::accounts};
    let (_, db) = caller_and_db(Action::ListOrganisations).await?;
    auth::respond(accounts::list_organisations(&db).await)
}

/// Creates a member account and signs it in.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    organisation: Option<String>,
) -> Result<(), AppError> {
    use crate::model::accounts::{FieldErrors, Role};
    use crate::ssr::auth::rate_limit;
    use crate::ssr::{prelude::*, services::accounts};
    let (_, db) = caller_and_db(Action::SignUp).await?;
    let organisation_id = match organisation.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(text.parse::<i32>().map_err(|_| {
            auth::fail(FieldErrors::single_error(
                "organisation",
                "Choose your CLP or organisation from the list.",
            ))
        })?),
    };
    // Sign-up must say when an address is taken (there is no e-mail to send instead), so each
    // such answer counts against the IP as a failed sign-in does: it cannot be used to list
    // who has an account faster than five addresses per IP per quarter of an hour.
    let ip = auth::client_ip().await;
    let attempt = auth::auth_state()?
        .limiter
        .begin("(sign-up)", &ip)
        .map_err(|wait| {
            auth::fail(AppError::TooManyRequests(rate_limit::too_many(
                "sign-up", wait,
            )))
        })?;
    let created = match auth::respond(
        accounts::create_user(
            &db,
            accounts::NewUser {
                name,
                email,
                password,
                organisation_id,
                role: Role::Member,
                is_demo: false,
            },
            None,
        )
        .await,
    ) {
        Err(error)
            if FieldErrors::message_for(&error, "email").as_deref()
                == Some(accounts::DUPLICATE_EMAIL) =>
        {
            return Err(error);
        }
        other => {
            attempt.forget();
            other?
        }
    };
    auth::start_session(created.id).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Signs in (a fresh session id, so a planted cookie is worth nothing). A wrong e-mail address
/// and a wrong password get the same answer; repeated failures on one account from one IP, or
/// from one IP across accounts, get 429.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::auth::rate_limit;
    use crate::ssr::{prelude::*, services::accounts};
    let (_, db) = caller_and_db(Action::SignIn).await?;
    let limiter = auth::auth_state()?.limiter;
    let account_key =
        accounts::normalise_email(&email).unwrap_or_else(|_| email.trim().to_lowercase());
    let ip = auth::client_ip().await;
    // Counted before the password is hashed, so parallel guesses cannot all get through.
    let attempt = limiter.begin(&account_key, &ip).map_err(|wait| {
        auth::fail(AppError::TooManyRequests(rate_limit::too_many(
            "sign-in", wait,
        )))
    })?;
    let Some(account) = auth::respond(accounts::verify_credentials(&db, &email, &password).await)?
    else {
        return Err(auth::fail(AppError::BadRequest(
            accounts::BAD_CREDENTIALS.into(),
        )));
    };
    attempt.succeeded();
    auth::start_session(account.id).await?;
    auth::respond(accounts::record_session_event(&db, account.id, "sign_in").await)?;
    leptos_axum::redirect(&auth::safe_next(next.as_deref()));
    Ok(())
}

/// Signs out: the session is deleted on the server and its cookie removed.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{prelude::*, services::accounts};
    let (user, db) = user_and_db(Action::SignOut).await?;
    let session = auth::session().await?;
    session.flush().await.map_err(|error| {
        tracing::error!(%error, "cannot delete a session");
        auth::fail(AppError::Internal)
    })?;
    auth::respond(accounts::record_session_event(&db, user.id, "sign_out").await)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Changes the signed-in user's password; every other session of theirs ends. Failed attempts
/// are throttled as sign-ins are.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::rate_limit;
    use crate::ssr::{prelude::*, services::accounts};
    let (user, db) = user_and_db(Action::ChangePassword).await?;
    // Guessing the current password from a signed-in session is throttled like signing in.
    let ip = auth::client_ip().await;
    let attempt = auth::auth_state()?
        .limiter
        .begin(&format!("user:{}", user.id), &ip)
        .map_err(|wait| {
            auth::fail(AppError::TooManyRequests(rate_limit::too_many(
                "password change",
                wait,
            )))
        })?;
    auth::respond(accounts::change_password(&db, user.id, &current_password, &new_password).await)?;
    attempt.succeeded();
    auth::start_session(user.id).await?;
    leptos_axum::redirect("/account/password?changed=1");
    Ok(())
}

/// Sets a new password with a one-time reset code from an admin.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use crate::ssr::{prelude::*, services::accounts};
    let (_, db) = caller_and_db(Action::ResetPassword).await?;
    auth::respond(accounts::reset_password(&db, &token, &new_password).await)?;
    leptos_axum::redirect("/sign-in?reset=1");
    Ok(())
}

/// Every user (admins).
#[server(endpoint = "users", input = GetUrl)]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    use crate::ssr::{prelude::*, services::accounts};
    let (_, db) = user_and_db(Action::ListUsers).await?;
    auth::respond(accounts::list_users(&db).await)
}

/// Changes another user's role (admins).
#[server(endpoint = "set_user_role")]
pub async fn set_user_role(user_id: i32, role: String) -> Result<(), AppError> {
    use crate::model::accounts::Role;
    use crate::ssr::{prelude::*, services::accounts};
    let (admin, db) = user_and_db(Action::SetUserRole).await?;
    let role = Role::parse(role.trim()).ok_or_else(|| {
        auth::fail(AppError::BadRequest(
            "Choose member, delegate, organiser or admin.".into(),
        ))
    })?;
    auth::respond(accounts::set_role(&db, admin.id, user_id, role).await)
}

/// Issues a one-time password-reset code for a user (admins); shown once.
#[server(endpoint = "issue_reset_token")]
pub async fn issue_reset_token(user_id: i32) -> Result<IssuedToken, AppError> {
    use crate::ssr::{prelude::*, services::accounts};
    let (admin, db) = user_and_db(Action::IssueResetToken).await?;
    let issued = auth::respond(accounts::issue_reset_token(&db, admin.id, user_id).await)?;
    if auth::is_form_post() {
        // Without JavaScript the browser is redirected back to the page, which cannot receive
        // this result: keep it in the admin's session until the page shows it, once.
        let session = auth::session().await?;
        session
            .insert(ISSUED_TOKEN_KEY, &issued)
            .await
            .map_err(|error| {
                tracing::error!(%error, "cannot keep the issued token in the session");
                auth::fail(AppError::Internal)
            })?;
    }
    Ok(issued)
}

/// Session key of a reset code issued by a form posted without JavaScript.
#[cfg(feature = "ssr")]
const ISSUED_TOKEN_KEY: &str = "issued_token";

/// The reset code issued by the last form posted without JavaScript, if not yet shown; it is
/// removed as it is returned (admins).
#[server(endpoint = "take_issued_token")]
pub async fn take_issued_token() -> Result<Option<IssuedToken>, AppError> {
    use crate::ssr::prelude::*;
    auth::authorize_user(Action::TakeIssuedToken).await?;
    let session = auth::session().await?;
    session
        .remove::<IssuedToken>(ISSUED_TOKEN_KEY)
        .await
        .map_err(|error| {
            tracing::error!(%error, "cannot read the session");
            auth::fail(AppError::Internal)
        })
}

/// The newest audit-log entries (admins).
#[server(endpoint = "audit_log", input = GetUrl)]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    use crate::ssr::{prelude::*, services::audit};
    let (_, db) = user_and_db(Action::ListAuditLog).await?;
    auth::respond(audit::recent(&db).await)
}
