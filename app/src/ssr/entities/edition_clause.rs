//! Where a node stands in one edition: its number (key, label), parent, position and text version.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "edition_clause")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub edition_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub node_id: i32,
    pub version_id: i32,
    pub parent_node_id: Option<i32>,
    /// Key of the chapter or appendix this node is in (`2`, `appendix-1`).
    pub chapter_key: String,
    /// Full key (`2.I.4.B`), unique per edition.
    pub key: String,
    pub label: String,
    /// `NodeKind::as_str`
    pub kind: String,
    /// Document order within the edition.
    pub position: i32,
    pub depth: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
