//! A delegate's pledge on a rule change, recorded by the delegate or collected by an organiser.

use sea_orm::entity::prelude::*;

use crate::model::support::PledgePosition;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pledge")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub rule_change_id: i32,
    pub delegate_id: i32,
    /// The delegation the delegate votes with.
    pub organisation_id: i32,
    /// How the delegate pledged (an unknown stored value fails the load).
    pub position: PledgePosition,
    /// Whether the delegate's CLP mandated the position.
    pub mandated: bool,
    /// The organiser who collected the pledge; `None` when the delegate recorded it.
    pub collected_by: Option<i32>,
    pub recorded_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
