//! An organisation a user belongs to: a CLP, an affiliate or the NEC.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    /// `clp`, `affiliate` or `nec`.
    pub kind: String,
    pub region: Option<String>,
    pub membership: Option<i32>,
    /// An affiliate's card-vote weight.
    pub card_vote_weight: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
