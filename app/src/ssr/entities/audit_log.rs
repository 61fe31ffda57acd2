//! One audit-log entry: who did what to which thing, and when. Append-only.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Who acted; `None` for the system or the command line.
    pub actor_id: Option<i32>,
    pub action: String,
    /// What kind of thing was acted on (`user`, `rule_change`, `support_record`, `edition`).
    pub target_kind: String,
    pub target_id: Option<String>,
    pub detail: Option<String>,
    pub at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
