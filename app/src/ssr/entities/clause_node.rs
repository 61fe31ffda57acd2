//! The stable identity of one node of the rule tree, surviving renumbering across editions.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "clause_node")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `NodeKind::as_str`
    pub kind: String,
    pub first_edition_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
