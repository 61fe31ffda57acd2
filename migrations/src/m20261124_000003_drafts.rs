//! Rule changes and packages as drafts: who wrote them, which edition they amend, and one edit
//! per clause node, each remembering the clause version it was written against (so a newer
//! edition that changes the clause makes the draft stale). `revision` is the optimistic lock.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Package::Table)
                    .col(pk_auto(Package::Id))
                    .col(string_len(Package::Title, 200))
                    .col(text(Package::Summary))
                    .col(integer(Package::OwnerId))
                    .col(timestamp_with_time_zone(Package::CreatedAt))
                    .col(timestamp_with_time_zone(Package::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Package::Table, Package::OwnerId)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RuleChange::Table)
                    .col(pk_auto(RuleChange::Id))
                    .col(string_len(RuleChange::Title, 200))
                    .col(integer(RuleChange::OwnerId))
                    .col(integer_null(RuleChange::ProposerOrgId))
                    .col(text(RuleChange::SupportingArgument))
                    .col(integer(RuleChange::ConferenceYear))
                    .col(integer(RuleChange::EditionId))
                    .col(string_len(RuleChange::Status, 20))
                    .col(integer_null(RuleChange::PackageId))
                    .col(integer(RuleChange::Revision))
                    .col(timestamp_with_time_zone(RuleChange::CreatedAt))
                    .col(timestamp_with_time_zone(RuleChange::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChange::Table, RuleChange::OwnerId)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChange::Table, RuleChange::ProposerOrgId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChange::Table, RuleChange::EditionId)
                            .to(Edition::Table, Edition::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChange::Table, RuleChange::PackageId)
                            .to(Package::Table, Package::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rule_change_owner")
                    .table(RuleChange::Table)
                    .col(RuleChange::OwnerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rule_change_package")
                    .table(RuleChange::Table)
                    .col(RuleChange::PackageId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RuleChangeAuthor::Table)
                    .col(integer(RuleChangeAuthor::RuleChangeId))
                    .col(integer(RuleChangeAuthor::UserId))
                    .col(timestamp_with_time_zone(RuleChangeAuthor::AddedAt))
                    .primary_key(
                        Index::create()
                            .col(RuleChangeAuthor::RuleChangeId)
                            .col(RuleChangeAuthor::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChangeAuthor::Table, RuleChangeAuthor::RuleChangeId)
                            .to(RuleChange::Table, RuleChange::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChangeAuthor::Table, RuleChangeAuthor::UserId)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rule_change_author_user")
                    .table(RuleChangeAuthor::Table)
                    .col(RuleChangeAuthor::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RuleChangeEdit::Table)
                    .col(pk_auto(RuleChangeEdit::Id))
                    .col(integer(RuleChangeEdit::RuleChangeId))
                    .col(integer(RuleChangeEdit::NodeId))
                    .col(integer(RuleChangeEdit::BaseVersionId))
                    .col(string_len(RuleChangeEdit::Kind, 20))
                    .col(text(RuleChangeEdit::EditedText))
                    .col(timestamp_with_time_zone(RuleChangeEdit::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChangeEdit::Table, RuleChangeEdit::RuleChangeId)
                            .to(RuleChange::Table, RuleChange::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChangeEdit::Table, RuleChangeEdit::NodeId)
                            .to(ClauseNode::Table, ClauseNode::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RuleChangeEdit::Table, RuleChangeEdit::BaseVersionId)
                            .to(ClauseVersion::Table, ClauseVersion::Id),
                    )
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
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rule_change_edit_clause")
                    .table(RuleChangeEdit::Table)
                    .col(RuleChangeEdit::NodeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RuleChangeEdit::Table.into_iden(),
            RuleChangeAuthor::Table.into_iden(),
            RuleChange::Table.into_iden(),
            Package::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Package {
    Table,
    Id,
    Title,
    Summary,
    OwnerId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RuleChange {
    Table,
    Id,
    Title,
    OwnerId,
    ProposerOrgId,
    SupportingArgument,
    ConferenceYear,
    EditionId,
    Status,
    PackageId,
    Revision,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RuleChangeAuthor {
    Table,
    RuleChangeId,
    UserId,
    AddedAt,
}

#[derive(DeriveIden)]
enum RuleChangeEdit {
    Table,
    Id,
    RuleChangeId,
    NodeId,
    BaseVersionId,
    Kind,
    EditedText,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Edition {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ClauseNode {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ClauseVersion {
    Table,
    Id,
}
