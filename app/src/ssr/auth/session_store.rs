//! A tower-sessions [`SessionStore`] over sea-orm, so sessions live in the same database (SQLite
//! or PostgreSQL) as everything else, plus the session layer's settings and expiry cleanup.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::ssr::entities::session;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "redline_session";
/// The session cookie's name over https (`--production`): the `__Host-` prefix makes browsers
/// refuse it unless it is `Secure`, for `/` and without a `Domain`, so no other site or
/// subdomain can set it.
pub const HOST_COOKIE_NAME: &str = "__Host-redline_session";
/// The session key holding when the user signed in (Unix seconds), for the absolute lifetime.
pub const STARTED_KEY: &str = "started";
/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";

/// Sessions in the `session` table.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    /// A store over the application's connection pool.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Deletes every expired session; returns how many went.
    pub async fn delete_expired(&self) -> Result<u64, sea_orm::DbErr> {
        let result = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(Utc::now()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected)
    }

    fn active_model(record: &Record) -> session_store::Result<session::ActiveModel> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let user_id = record
            .data
            .get(USER_ID_KEY)
            .and_then(serde_json::Value::as_i64)
            .and_then(|id| i32::try_from(id).ok());
        Ok(session::ActiveModel {
            id: Set(record.id.to_string()),
            data: Set(data),
            user_id: Set(user_id),
            expires_at: Set(to_chrono(record.expiry_date)),
        })
    }
}

fn to_chrono(at: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_default()
}

fn to_time(at: DateTime<Utc>) -> session_store::Result<time::OffsetDateTime> {
    let nanos =
        i128::from(at.timestamp()) * 1_000_000_000 + i128::from(at.timestamp_subsec_nanos());
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .map_err(|e| session_store::Error::Decode(e.to_string()))
}

fn backend(error: sea_orm::DbErr) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A 128-bit random id practically never collides; if it does, draw another.
        loop {
            let exists = session::Entity::find_by_id(record.id.to_string())
                .one(&self.db)
                .await
                .map_err(backend)?
                .is_some();
            if !exists {
                break;
            }
            record.id = Id::default();
        }
        session::Entity::insert(Self::active_model(record)?)
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        session::Entity::insert(Self::active_model(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::Data,
                        session::Column::UserId,
                        session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: to_time(row.expires_at)?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Session settings, chosen at start-up.
#[derive(Debug, Clone)]
pub struct SessionSettings {
    /// A session ends after this long without a request.
    pub idle_timeout: Duration,
    /// Send the cookie only over https, named [`HOST_COOKIE_NAME`].
    pub secure_cookie: bool,
    /// A session ends this long after signing in, however active.
    pub max_lifetime: Duration,
}

/// The session layer: an `HttpOnly`, `SameSite=Lax` cookie naming a row in the `session` table,
/// expiring after `idle_timeout` without a page or server-function request (see
/// `auth::current_user`, which renews it, and ends it `max_lifetime` after signing in).
pub fn session_layer(
    db: DatabaseConnection,
    settings: &SessionSettings,
) -> SessionManagerLayer<DbSessionStore> {
    let idle = time::Duration::try_from(settings.idle_timeout).unwrap_or(time::Duration::HOUR);
    SessionManagerLayer::new(DbSessionStore::new(db))
        .with_name(if settings.secure_cookie {
            HOST_COOKIE_NAME
        } else {
            COOKIE_NAME
        })
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookie)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// Deletes expired sessions every `period`, for the life of the process.
pub fn spawn_expiry_cleanup(db: DatabaseConnection, period: Duration) {
    let store = DbSessionStore::new(db);
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(period);
        loop {
            interval.tick().await;
            match store.delete_expired().await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(sessions = n, "deleted expired sessions"),
                Err(error) => tracing::warn!(%error, "cannot delete expired sessions"),
            }
        }
    });
}
