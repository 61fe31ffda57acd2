//! Publication: a one-line plain-language summary of each rule change for the reading pack.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RuleChange::Table)
                    .add_column(string_len(RuleChange::Summary, 300).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RuleChange::Table)
                    .drop_column(RuleChange::Summary)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum RuleChange {
    Table,
    Summary,
}
