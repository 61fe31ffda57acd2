//! One clause node's edit inside a rule change: the text as the change would have it, and the
//! clause version it was written against. The formal wording is derived, never stored.
//! For `insert_after`, `edited_text` is the new node's text; for `delete`, it is empty.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rule_change_edit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub rule_change_id: i32,
    pub node_id: i32,
    pub base_version_id: i32,
    /// [`crate::model::drafts::EditKind`]: `text`, `insert_after` or `delete`.
    pub kind: String,
    pub edited_text: String,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
