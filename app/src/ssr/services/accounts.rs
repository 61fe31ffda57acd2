//! Accounts: input checks, sign-up, credentials, passwords and reset tokens, roles, and the
//! organisations users belong to. Every write that touches several rows is one transaction and
//! writes its audit-log entry inside it.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, SqlErr, TransactionSession, TransactionTrait,
};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::model::accounts::{
    CurrentUser, FieldErrors, IssuedToken, OrganisationSummary, Role, UserSummary,
};
use crate::ssr::auth::password;
use crate::ssr::entities::{organisation, password_reset_token, session, user};
use crate::ssr::error::ServiceError;
use crate::ssr::services::audit::{self, Target};

/// Longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest e-mail address (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Shortest password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password, in characters (hashing cost does not depend on it, but requests should be
/// bounded).
pub const MAX_PASSWORD_CHARS: usize = 128;
/// How long a password-reset token stays valid.
pub const RESET_TOKEN_HOURS: i64 = 24;

/// The one message for a failed sign-in, whichever half was wrong.
pub const BAD_CREDENTIALS: &str = "That e-mail address and password do not match an account.";

/// The message for an e-mail address that already has an account.
pub const DUPLICATE_EMAIL: &str =
    "An account with that e-mail address already exists. Sign in instead.";

/// NFKC-normalises a display name, trims it and collapses inner whitespace.
pub fn normalise_name(raw: &str) -> Result<String, String> {
    let name = raw.nfkc().collect::<String>();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("Enter your name.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("Names cannot contain control characters.".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "Names can be at most {MAX_NAME_CHARS} characters long."
        ));
    }
    Ok(name)
}

/// NFKC-normalises and lower-cases an e-mail address and checks its shape. Only plain ASCII is
/// accepted: letters from other scripts that look like Latin ones (Cyrillic “а” for “a”) would
/// let one person hold two addresses that read the same.
pub fn normalise_email(raw: &str) -> Result<String, String> {
    let email = raw.nfkc().collect::<String>().trim().to_lowercase();
    if email.is_empty() {
        return Err("Enter your e-mail address.".into());
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(format!(
            "E-mail addresses can be at most {MAX_EMAIL_CHARS} characters long."
        ));
    }
    if !email.is_ascii() {
        return Err(
            "Use an e-mail address written with plain Latin letters, digits and . _ % + - \
             (look-alike letters from other alphabets are not accepted)."
                .into(),
        );
    }
    let shape_ok = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c))
                && domain.contains('.')
                && !domain.starts_with(['.', '-'])
                && !domain.ends_with(['.', '-'])
                && !domain.contains("..")
                && domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        }
        None => false,
    };
    if !shape_ok {
        return Err("Enter an e-mail address like name@example.org.".into());
    }
    Ok(email)
}

/// Checks a new password's length. It is NFKC-normalised before hashing (as when verifying), so
/// the same password typed on another keyboard still matches.
pub fn check_password(raw: &str) -> Result<String, String> {
    let password = raw.nfkc().collect::<String>();
    let chars = password.chars().count();
    if password.trim().is_empty() {
        return Err("Enter a password.".into());
    }
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "Passwords must be at least {MIN_PASSWORD_CHARS} characters long."
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(format!(
            "Passwords can be at most {MAX_PASSWORD_CHARS} characters long."
        ));
    }
    Ok(password)
}

/// How many Argon2 computations may run at once. Each takes 19 MiB and tens of milliseconds
/// of a core: a crowd signing in at once queues here instead of exhausting memory.
fn argon2_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        tokio::sync::Semaphore::new(cores * 2)
    })
}

/// Hashes on a blocking thread: Argon2 takes tens of milliseconds of CPU.
async fn hash_password(password: String) -> Result<String, ServiceError> {
    let _permit = argon2_permits()
        .acquire()
        .await
        .map_err(|e| ServiceError::Db(DbErr::Custom(format!("hashing closed: {e}"))))?;
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| ServiceError::Db(DbErr::Custom(format!("hashing task failed: {e}"))))?
        .map_err(|e| ServiceError::Db(DbErr::Custom(format!("cannot hash a password: {e}"))))
}

async fn verify_password(password: String, stored: Option<String>) -> bool {
    let Ok(_permit) = argon2_permits().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let password = password.nfkc().collect::<String>();
        match stored {
            Some(stored) => password::verify(&password, &stored),
            None => password::verify_dummy(&password),
        }
    })
    .await
    .unwrap_or(false)
}

/// What a sign-up form (or the command line) submits.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub email: String,
    pub password: String,
    pub organisation_id: Option<i32>,
    pub role: Role,
    pub is_demo: bool,
}

/// Creates an account with its audit entry in one transaction. Invalid fields come back as one
/// [`ServiceError::Invalid`] carrying field-level messages ([`FieldErrors`]).
pub async fn create_user<C>(
    db: &C,
    input: NewUser,
    actor_id: Option<i32>,
) -> Result<user::Model, ServiceError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let mut errors = FieldErrors::default();
    let name = normalise_name(&input.name)
        .map_err(|message| errors.add("name", message))
        .ok();
    let email = normalise_email(&input.email)
        .map_err(|message| errors.add("email", message))
        .ok();
    let password = check_password(&input.password)
        .map_err(|message| errors.add("password", message))
        .ok();
    // Checked here too (not only by the unique index) so that every field's message comes
    // back at once; the index still decides when two sign-ups race.
    if let Some(email) = &email
        && user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(db)
            .await?
            .is_some()
    {
        errors.add("email", DUPLICATE_EMAIL);
    }
    if let Some(id) = input.organisation_id
        && organisation::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none()
    {
        errors.add(
            "organisation",
            "Choose your CLP or organisation from the list.",
        );
    }
    let (Some(name), Some(email), Some(password)) = (name, email, password) else {
        return Err(ServiceError::Invalid(errors.encode()));
    };
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors.encode()));
    }
    let password_hash = hash_password(password).await?;

    let txn = super::begin_write(db).await?;
    let inserted = user::Entity::insert(user::ActiveModel {
        email: Set(email),
        name: Set(name),
        password_hash: Set(password_hash),
        role: Set(input.role.as_str().to_owned()),
        organisation_id: Set(input.organisation_id),
        is_demo: Set(input.is_demo),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await;
    let created = match inserted {
        Ok(created) => created,
        Err(error) => {
            return Err(match error.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => {
                    ServiceError::Invalid(FieldErrors::single("email", DUPLICATE_EMAIL))
                }
                _ => ServiceError::Db(error),
            });
        }
    };
    audit::record(
        &txn,
        actor_id.or(Some(created.id)),
        "create_account",
        Target::User,
        Some(created.id.to_string()),
        Some(format!("role {}", input.role.as_str())),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// The account for an e-mail address and password, or `None` — whichever was wrong, and in
/// about the same time either way.
pub async fn verify_credentials(
    db: &impl ConnectionTrait,
    email: &str,
    password: &str,
) -> Result<Option<user::Model>, ServiceError> {
    // No account has a longer password; refusing early keeps huge inputs away from Argon2.
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Ok(None);
    }
    let found = match normalise_email(email) {
        Ok(email) => {
            user::Entity::find()
                .filter(user::Column::Email.eq(email))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    let stored = found.as_ref().map(|u| u.password_hash.clone());
    let ok = verify_password(password.to_owned(), stored).await;
    Ok(found.filter(|_| ok))
}

/// The signed-in user's details, or `None` when the account no longer exists.
pub async fn current_user(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<CurrentUser>, ServiceError> {
    let Some((user, organisation)) = user::Entity::find_by_id(id)
        .find_also_related(organisation::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(role) = Role::parse(&user.role) else {
        tracing::error!(user = user.id, role = %user.role, "stored role is unknown; treating as signed out");
        return Ok(None);
    };
    Ok(Some(CurrentUser {
        id: user.id,
        name: user.name,
        email: user.email,
        role,
        organisation: organisation.map(|o| o.name),
    }))
}

/// Every organisation, by name.
pub async fn list_organisations(
    db: &impl ConnectionTrait,
) -> Result<Vec<OrganisationSummary>, ServiceError> {
    Ok(organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OrganisationSummary {
            id: o.id,
            name: o.name,
            kind: o.kind,
        })
        .collect())
}

/// The organisation with this name, created when missing; returns its id.
pub async fn ensure_organisation(
    db: &impl ConnectionTrait,
    name: &str,
    kind: &str,
    region: Option<&str>,
    membership: Option<i32>,
) -> Result<i32, ServiceError> {
    if let Some(existing) = organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(db)
        .await?
    {
        return Ok(existing.id);
    }
    let created = organisation::Entity::insert(organisation::ActiveModel {
        name: Set(name.to_owned()),
        kind: Set(kind.to_owned()),
        region: Set(region.map(str::to_owned)),
        membership: Set(membership),
        ..Default::default()
    })
    .exec_with_returning(db)
    .await?;
    Ok(created.id)
}

/// The account with this e-mail address, if any.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, ServiceError> {
    let Ok(email) = normalise_email(email) else {
        return Ok(None);
    };
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// Changes a password after checking the current one, and ends all of the user's sessions (the
/// caller starts a fresh one).
pub async fn change_password<C>(
    db: &C,
    user_id: i32,
    current: &str,
    new: &str,
) -> Result<(), ServiceError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let Some(account) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Err(ServiceError::NotFound(
            "Your account no longer exists.".into(),
        ));
    };
    let mut errors = FieldErrors::default();
    if !verify_password(current.to_owned(), Some(account.password_hash.clone())).await {
        errors.add("current_password", "That is not your current password.");
    }
    let new = check_password(new)
        .map_err(|message| errors.add("new_password", message))
        .ok();
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(ServiceError::Invalid(errors.encode()));
    };
    let hash = hash_password(new).await?;
    let txn = super::begin_write(db).await?;
    set_password_hash(&txn, account, hash).await?;
    audit::record(
        &txn,
        Some(user_id),
        "change_password",
        Target::User,
        Some(user_id.to_string()),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn set_password_hash(
    db: &impl ConnectionTrait,
    account: user::Model,
    hash: String,
) -> Result<(), ServiceError> {
    let id = account.id;
    let mut active = account.into_active_model();
    active.password_hash = Set(hash);
    // A demo account whose password was changed no longer has the published one.
    active.is_demo = Set(false);
    active.update(db).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_token() -> Result<String, ServiceError> {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 20];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| ServiceError::Db(DbErr::Custom(format!("no randomness: {e}"))))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Issues a one-time password-reset token for a user; only its hash is stored.
pub async fn issue_reset_token<C>(
    db: &C,
    admin_id: i32,
    user_id: i32,
) -> Result<IssuedToken, ServiceError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let Some(account) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Err(ServiceError::NotFound("There is no such user.".into()));
    };
    let token = new_token()?;
    let now = Utc::now();
    let expires_at = now + Duration::hours(RESET_TOKEN_HOURS);
    let txn = super::begin_write(db).await?;
    password_reset_token::Entity::insert(password_reset_token::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash(&token)),
        issued_by: Set(admin_id),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        Some(admin_id),
        "issue_reset_token",
        Target::User,
        Some(user_id.to_string()),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(IssuedToken {
        user_name: account.name,
        user_email: account.email,
        token,
        expires_at: expires_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    })
}

/// Sets a new password with a one-time token; the token is used up and every session of the
/// account ends.
pub async fn reset_password<C>(db: &C, token: &str, new: &str) -> Result<(), ServiceError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let mut errors = FieldErrors::default();
    let new = check_password(new)
        .map_err(|message| errors.add("new_password", message))
        .ok();
    let bad_token = "That reset code is not valid: it may have been used or have expired. Ask an admin for a new one.";
    let found = if token.trim().is_empty() {
        None
    } else {
        password_reset_token::Entity::find()
            .filter(password_reset_token::Column::TokenHash.eq(token_hash(token)))
            .filter(password_reset_token::Column::UsedAt.is_null())
            .filter(password_reset_token::Column::ExpiresAt.gt(Utc::now()))
            .one(db)
            .await?
    };
    if found.is_none() {
        errors.add("token", bad_token);
    }
    let (Some(found), Some(new)) = (found, new) else {
        return Err(ServiceError::Invalid(errors.encode()));
    };
    let Some(account) = user::Entity::find_by_id(found.user_id).one(db).await? else {
        return Err(ServiceError::Invalid(FieldErrors::single(
            "token", bad_token,
        )));
    };
    let hash = hash_password(new).await?;
    let txn = super::begin_write(db).await?;
    // Mark used only if still unused: two concurrent uses cannot both succeed.
    let marked = password_reset_token::Entity::update_many()
        .col_expr(
            password_reset_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(password_reset_token::Column::Id.eq(found.id))
        .filter(password_reset_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Err(ServiceError::Invalid(FieldErrors::single(
            "token", bad_token,
        )));
    }
    let user_id = account.id;
    set_password_hash(&txn, account, hash).await?;
    audit::record(
        &txn,
        Some(user_id),
        "reset_password",
        Target::User,
        Some(user_id.to_string()),
        Some(format!("token issued by user {}", found.issued_by)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Every user, by name.
pub async fn list_users(db: &impl ConnectionTrait) -> Result<Vec<UserSummary>, ServiceError> {
    Ok(user::Entity::find()
        .find_also_related(organisation::Entity)
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|(u, org)| UserSummary {
            id: u.id,
            role: Role::parse(&u.role).unwrap_or(Role::Member),
            name: u.name,
            email: u.email,
            organisation: org.map(|o| o.name),
            created_at: u.created_at.format("%Y-%m-%d").to_string(),
        })
        .collect())
}

/// Changes a user's role (not one's own: an admin cannot lock themselves out).
pub async fn set_role<C>(
    db: &C,
    admin_id: i32,
    user_id: i32,
    role: Role,
) -> Result<(), ServiceError>
where
    C: ConnectionTrait + TransactionTrait,
{
    if admin_id == user_id {
        return Err(ServiceError::Invalid(
            "You cannot change your own role; ask another admin.".into(),
        ));
    }
    let Some(account) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Err(ServiceError::NotFound("There is no such user.".into()));
    };
    let before = account.role.clone();
    let txn = super::begin_write(db).await?;
    let mut active = account.into_active_model();
    active.role = Set(role.as_str().to_owned());
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(admin_id),
        "set_role",
        Target::User,
        Some(user_id.to_string()),
        Some(format!("{before} → {}", role.as_str())),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records a sign-in or sign-out.
pub async fn record_session_event(
    db: &impl ConnectionTrait,
    user_id: i32,
    action: &str,
) -> Result<(), ServiceError> {
    audit::record(
        db,
        Some(user_id),
        action,
        Target::User,
        Some(user_id.to_string()),
        None,
    )
    .await
}

/// Demo accounts (`is_demo`) that still accept the given published password.
pub async fn demo_accounts_with_password(
    db: &impl ConnectionTrait,
    published: &[(&str, &str)],
) -> Result<Vec<String>, ServiceError> {
    let mut found = Vec::new();
    for (email, password) in published {
        if let Some(account) = find_by_email(db, email).await?
            && account.is_demo
            && verify_password((*password).to_owned(), Some(account.password_hash.clone())).await
        {
            found.push(account.email);
        }
    }
    Ok(found)
}

/// Makes every demo account unusable (its password hash is replaced by one nothing matches)
/// and ends its sessions; returns how many were locked.
pub async fn lock_demo_accounts<C>(db: &C) -> Result<u64, ServiceError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = super::begin_write(db).await?;
    let demo = user::Entity::find()
        .filter(user::Column::IsDemo.eq(true))
        .all(&txn)
        .await?;
    let count = demo.len() as u64;
    for account in demo {
        let id = account.id;
        set_password_hash(&txn, account, "!locked demo account".into()).await?;
        audit::record(
            &txn,
            None,
            "lock_demo_account",
            Target::User,
            Some(id.to_string()),
            None,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_and_bounded() {
        assert_eq!(
            normalise_name("  Ada   Lovelace ").as_deref(),
            Ok("Ada Lovelace")
        );
        // Full-width letters fold to ASCII under NFKC.
        assert_eq!(normalise_name("Ａｄａ").as_deref(), Ok("Ada"));
        assert!(normalise_name("   ").is_err());
        assert!(normalise_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(normalise_name("a\u{7}b").is_err());
    }

    #[test]
    fn emails_are_normalised_and_look_alikes_refused() {
        assert_eq!(
            normalise_email(" Ada@Example.ORG ").as_deref(),
            Ok("ada@example.org")
        );
        assert_eq!(
            normalise_email("ａｄａ@example.org").as_deref(),
            Ok("ada@example.org"),
            "full-width folds to the same address"
        );
        // Cyrillic "а" (U+0430) looks like Latin "a".
        assert!(normalise_email("\u{430}da@example.org").is_err());
        assert!(normalise_email("").is_err());
        assert!(normalise_email("no-at-sign").is_err());
        assert!(normalise_email("a@b").is_err());
        assert!(normalise_email(&format!("{}@example.org", "a".repeat(250))).is_err());
        assert!(normalise_email("<script>@example.org").is_err());
    }

    #[test]
    fn passwords_are_bounded() {
        assert!(check_password("short").is_err());
        assert!(check_password("          ").is_err());
        assert!(check_password(&"p".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
        assert!(check_password("long enough password").is_ok());
    }
}
