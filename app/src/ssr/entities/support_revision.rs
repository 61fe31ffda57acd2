//! A counter per rule change, bumped whenever its backing or pledges change: live whip boards
//! poll it, so every app server over one database sees a change within seconds.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_revision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule_change_id: i32,
    pub revision: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
