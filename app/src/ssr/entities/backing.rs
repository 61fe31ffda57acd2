//! An organisation's decision on a rule change: proposer, seconder, endorser or opposer, at a
//! meeting on a date, with evidence.

use sea_orm::entity::prelude::*;

use crate::model::support::Stance;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "backing")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub rule_change_id: i32,
    pub organisation_id: i32,
    /// What the organisation decided (an unknown stored value fails the load).
    pub stance: Stance,
    pub meeting: String,
    pub decided_on: Option<Date>,
    pub evidence: String,
    pub recorded_by: i32,
    pub recorded_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
