//! Accounts: organisations (CLPs, affiliates, the NEC), users with one role each, server-side
//! sessions, one-time password-reset tokens and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(pk_auto(Organisation::Id))
                    .col(string_len_uniq(Organisation::Name, 200))
                    .col(string_len(Organisation::Kind, 20))
                    .col(string_len_null(Organisation::Region, 100))
                    .col(integer_null(Organisation::Membership))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserAccount::Table)
                    .col(pk_auto(UserAccount::Id))
                    // Normalised (NFKC, lower case): the unique index makes duplicates
                    // case-insensitive on both backends.
                    .col(string_len_uniq(UserAccount::Email, 254))
                    .col(string_len(UserAccount::Name, 100))
                    .col(string_len(UserAccount::PasswordHash, 200))
                    .col(string_len(UserAccount::Role, 20))
                    .col(integer_null(UserAccount::OrganisationId))
                    .col(boolean(UserAccount::IsDemo).default(false))
                    .col(timestamp_with_time_zone(UserAccount::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserAccount::Table, UserAccount::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string_len(Session::Id, 64).primary_key())
                    .col(text(Session::Data))
                    .col(integer_null(Session::UserId))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_expires_at")
                    .table(Session::Table)
                    .col(Session::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_user")
                    .table(Session::Table)
                    .col(Session::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PasswordResetToken::Table)
                    .col(pk_auto(PasswordResetToken::Id))
                    .col(integer(PasswordResetToken::UserId))
                    // SHA-256 of the token, hex: the token itself is shown once and never stored.
                    .col(string_len_uniq(PasswordResetToken::TokenHash, 64))
                    .col(integer(PasswordResetToken::IssuedBy))
                    .col(timestamp_with_time_zone(PasswordResetToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordResetToken::UsedAt))
                    .col(timestamp_with_time_zone(PasswordResetToken::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PasswordResetToken::Table, PasswordResetToken::UserId)
                            .to(UserAccount::Table, UserAccount::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PasswordResetToken::Table, PasswordResetToken::IssuedBy)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_auto(AuditLog::Id))
                    .col(integer_null(AuditLog::ActorId))
                    .col(string_len(AuditLog::Action, 50))
                    .col(string_len(AuditLog::TargetKind, 50))
                    .col(string_len_null(AuditLog::TargetId, 100))
                    .col(text_null(AuditLog::Detail))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuditLog::Table, AuditLog::ActorId)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PasswordResetToken::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Session::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(UserAccount::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Organisation::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    Name,
    Kind,
    Region,
    Membership,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    OrganisationId,
    IsDemo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    Data,
    UserId,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum PasswordResetToken {
    Table,
    Id,
    UserId,
    TokenHash,
    IssuedBy,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    TargetKind,
    TargetId,
    Detail,
    At,
}
