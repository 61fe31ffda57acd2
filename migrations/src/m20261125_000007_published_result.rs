//! The published card-vote result as printed (percentages and stated totals), kept beside the
//! votes so that figures which do not add up can be flagged.

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
                    .add_column(text_null(RuleChange::PublishedResult))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RuleChange::Table)
                    .drop_column(RuleChange::PublishedResult)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum RuleChange {
    Table,
    PublishedResult,
}
