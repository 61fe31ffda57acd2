//! One text of one node. Append-only: a new edition that changes a node adds a row; an edition
//! that leaves it unchanged points at the previous row.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "clause_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub node_id: i32,
    pub heading: Option<String>,
    pub body: String,
    /// The edition that introduced this text.
    pub edition_id: i32,
    /// What made this version: `imported` or `rule_change`.
    pub change_kind: String,
    /// Provenance in words ("Words substituted by rule change 12 (Broxtowe CLP), …").
    pub change_note: Option<String>,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
