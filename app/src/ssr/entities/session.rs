//! A server-side session record (see `ssr::auth::session_store`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    /// The session id as tower-sessions formats it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The session's key-value data as JSON.
    pub data: String,
    /// The signed-in user, copied out of `data` so that all of a user's sessions can be ended.
    pub user_id: Option<i32>,
    pub expires_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
