//! One step of a rule change through the conference procedure: who, when, from and to which
//! status, and why.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "status_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub rule_change_id: i32,
    pub from_status: String,
    pub to_status: String,
    pub detail: String,
    pub actor_id: i32,
    pub at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
