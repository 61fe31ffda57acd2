//! Tracking support and the conference procedure: each conference's settings, delegations,
//! organisational backing, delegates' pledges, the status history of every rule change, and a
//! per-rule-change revision that live whip boards poll (so several app servers over one
//! database all see a change within seconds).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // An affiliate's card-vote weight (affiliated membership).
        manager
            .alter_table(
                Table::alter()
                    .table(Organisation::Table)
                    .add_column(big_integer_null(Organisation::CardVoteWeight))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RuleChange::Table)
                    .add_column(timestamp_with_time_zone_null(RuleChange::SubmittedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RuleChange::Table)
                    .add_column(integer_null(RuleChange::DebateYear))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RuleChange::Table)
                    .add_column(string_len_null(RuleChange::NecRecommendation, 20))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RuleChange::Table)
                    // The published card-vote result, as JSON, once entered.
                    .add_column(text_null(RuleChange::CardVote))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Conference::Table)
                    .col(integer(Conference::Year).primary_key())
                    .col(timestamp_with_time_zone(Conference::SubmissionDeadline))
                    // Delegate entitlement and procedure settings, as JSON.
                    .col(text(Conference::Settings))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Delegation::Table)
                    .col(pk_auto(Delegation::Id))
                    .col(integer(Delegation::ConferenceYear))
                    .col(integer(Delegation::OrganisationId))
                    .col(integer(Delegation::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Delegation::Table, Delegation::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Delegation::Table, Delegation::UserId)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_delegation_year_user")
                    .table(Delegation::Table)
                    .col(Delegation::ConferenceYear)
                    .col(Delegation::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Backing::Table)
                    .col(pk_auto(Backing::Id))
                    .col(integer(Backing::RuleChangeId))
                    .col(integer(Backing::OrganisationId))
                    // proposer, seconder, endorser or opposer
                    .col(string_len(Backing::Stance, 20))
                    .col(string_len(Backing::Meeting, 200))
                    .col(date_null(Backing::DecidedOn))
                    .col(text(Backing::Evidence))
                    .col(integer(Backing::RecordedBy))
                    .col(timestamp_with_time_zone(Backing::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Backing::Table, Backing::RuleChangeId)
                            .to(RuleChange::Table, RuleChange::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Backing::Table, Backing::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_backing_rule_change_org")
                    .table(Backing::Table)
                    .col(Backing::RuleChangeId)
                    .col(Backing::OrganisationId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Pledge::Table)
                    .col(pk_auto(Pledge::Id))
                    .col(integer(Pledge::RuleChangeId))
                    .col(integer(Pledge::DelegateId))
                    .col(integer(Pledge::OrganisationId))
                    // for, against or undecided
                    .col(string_len(Pledge::Position, 20))
                    .col(boolean(Pledge::Mandated))
                    // The organiser who collected it; null when the delegate recorded it.
                    .col(integer_null(Pledge::CollectedBy))
                    .col(timestamp_with_time_zone(Pledge::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Pledge::Table, Pledge::RuleChangeId)
                            .to(RuleChange::Table, RuleChange::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Pledge::Table, Pledge::DelegateId)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pledge_rule_change_delegate")
                    .table(Pledge::Table)
                    .col(Pledge::RuleChangeId)
                    .col(Pledge::DelegateId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StatusEvent::Table)
                    .col(pk_auto(StatusEvent::Id))
                    .col(integer(StatusEvent::RuleChangeId))
                    .col(string_len(StatusEvent::FromStatus, 30))
                    .col(string_len(StatusEvent::ToStatus, 30))
                    .col(text(StatusEvent::Detail))
                    .col(integer(StatusEvent::ActorId))
                    .col(timestamp_with_time_zone(StatusEvent::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StatusEvent::Table, StatusEvent::RuleChangeId)
                            .to(RuleChange::Table, RuleChange::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_status_event_rule_change")
                    .table(StatusEvent::Table)
                    .col(StatusEvent::RuleChangeId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SupportRevision::Table)
                    .col(integer(SupportRevision::RuleChangeId).primary_key())
                    .col(big_integer(SupportRevision::Revision))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SupportRevision::Table.into_iden(),
            StatusEvent::Table.into_iden(),
            Pledge::Table.into_iden(),
            Backing::Table.into_iden(),
            Delegation::Table.into_iden(),
            Conference::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [
            RuleChange::CardVote,
            RuleChange::NecRecommendation,
            RuleChange::DebateYear,
            RuleChange::SubmittedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RuleChange::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Organisation::Table)
                    .drop_column(Organisation::CardVoteWeight)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    CardVoteWeight,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RuleChange {
    Table,
    Id,
    SubmittedAt,
    DebateYear,
    NecRecommendation,
    CardVote,
}

#[derive(DeriveIden)]
enum Conference {
    Table,
    Year,
    SubmissionDeadline,
    Settings,
}

#[derive(DeriveIden)]
enum Delegation {
    Table,
    Id,
    ConferenceYear,
    OrganisationId,
    UserId,
}

#[derive(DeriveIden)]
enum Backing {
    Table,
    Id,
    RuleChangeId,
    OrganisationId,
    Stance,
    Meeting,
    DecidedOn,
    Evidence,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Pledge {
    Table,
    Id,
    RuleChangeId,
    DelegateId,
    OrganisationId,
    Position,
    Mandated,
    CollectedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum StatusEvent {
    Table,
    Id,
    RuleChangeId,
    FromStatus,
    ToStatus,
    Detail,
    ActorId,
    At,
}

#[derive(DeriveIden)]
enum SupportRevision {
    Table,
    RuleChangeId,
    Revision,
}
