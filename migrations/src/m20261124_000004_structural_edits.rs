//! Structural edits: a rule change may now add a node after a clause, or delete it, as well as
//! edit its text, so one edit per (rule change, node, kind) rather than per (rule change, node).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_rule_change_edit_node")
                    .table(RuleChangeEdit::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rule_change_edit_node_kind")
                    .table(RuleChangeEdit::Table)
                    .col(RuleChangeEdit::RuleChangeId)
                    .col(RuleChangeEdit::NodeId)
                    .col(RuleChangeEdit::Kind)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Structural edits cannot be kept under the old one-edit-per-node rule.
        manager
            .get_connection()
            .execute_unprepared("DELETE FROM rule_change_edit WHERE kind <> 'text'")
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_rule_change_edit_node_kind")
                    .table(RuleChangeEdit::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rule_change_edit_node")
                    .table(RuleChangeEdit::Table)
                    .col(RuleChangeEdit::RuleChangeId)
                    .col(RuleChangeEdit::NodeId)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum RuleChangeEdit {
    Table,
    RuleChangeId,
    NodeId,
    Kind,
}
