//! The Rule Book as versioned data: editions, clause nodes with a stable identity, append-only
//! clause versions, and the placement of each node in each edition (its number and position).

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Edition::Table)
                    .col(pk_auto(Edition::Id))
                    .col(integer_uniq(Edition::Year))
                    .col(string_len(Edition::Title, 200))
                    .col(string_len_null(Edition::PublishedOn, 10))
                    .col(integer_null(Edition::ConferenceYear))
                    .col(integer_null(Edition::PredecessorId))
                    .col(timestamp_with_time_zone(Edition::ImportedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Edition::Table, Edition::PredecessorId)
                            .to(Edition::Table, Edition::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ClauseNode::Table)
                    .col(pk_auto(ClauseNode::Id))
                    .col(string_len(ClauseNode::Kind, 20))
                    .col(integer(ClauseNode::FirstEditionId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ClauseNode::Table, ClauseNode::FirstEditionId)
                            .to(Edition::Table, Edition::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ClauseVersion::Table)
                    .col(pk_auto(ClauseVersion::Id))
                    .col(integer(ClauseVersion::NodeId))
                    .col(text_null(ClauseVersion::Heading))
                    .col(text(ClauseVersion::Body))
                    .col(integer(ClauseVersion::EditionId))
                    .col(string_len(ClauseVersion::ChangeKind, 20))
                    .col(text_null(ClauseVersion::ChangeNote))
                    .col(timestamp_with_time_zone(ClauseVersion::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ClauseVersion::Table, ClauseVersion::NodeId)
                            .to(ClauseNode::Table, ClauseNode::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ClauseVersion::Table, ClauseVersion::EditionId)
                            .to(Edition::Table, Edition::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_clause_version_node")
                    .table(ClauseVersion::Table)
                    .col(ClauseVersion::NodeId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EditionClause::Table)
                    .col(integer(EditionClause::EditionId))
                    .col(integer(EditionClause::NodeId))
                    .col(integer(EditionClause::VersionId))
                    .col(integer_null(EditionClause::ParentNodeId))
                    .col(string_len(EditionClause::ChapterKey, 40))
                    .col(string_len(EditionClause::Key, 120))
                    .col(string_len(EditionClause::Label, 20))
                    .col(string_len(EditionClause::Kind, 20))
                    .col(integer(EditionClause::Position))
                    .col(integer(EditionClause::Depth))
                    .primary_key(
                        Index::create()
                            .col(EditionClause::EditionId)
                            .col(EditionClause::NodeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EditionClause::Table, EditionClause::EditionId)
                            .to(Edition::Table, Edition::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EditionClause::Table, EditionClause::NodeId)
                            .to(ClauseNode::Table, ClauseNode::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EditionClause::Table, EditionClause::VersionId)
                            .to(ClauseVersion::Table, ClauseVersion::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Lookups the pages make: a permalink (edition, key), a chapter in document order
        // (edition, chapter, position), a node's history (node), and which editions use a version.
        for (name, cols) in [
            (
                "idx_edition_clause_key",
                vec![EditionClause::EditionId, EditionClause::Key],
            ),
            (
                "idx_edition_clause_chapter",
                vec![
                    EditionClause::EditionId,
                    EditionClause::ChapterKey,
                    EditionClause::Position,
                ],
            ),
            ("idx_edition_clause_node", vec![EditionClause::NodeId]),
            ("idx_edition_clause_version", vec![EditionClause::VersionId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(EditionClause::Table);
            if name == "idx_edition_clause_key" {
                index.unique();
            }
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE clause_version_fts USING fts5(\
                         heading, body, content='clause_version', content_rowid='id', \
                         tokenize='porter unicode61')",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER clause_version_fts_insert AFTER INSERT ON clause_version BEGIN \
                         INSERT INTO clause_version_fts(rowid, heading, body) \
                         VALUES (new.id, coalesce(new.heading, ''), new.body); END",
                )
                .await?;
            }
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE INDEX idx_clause_version_fts ON clause_version USING GIN \
                     (to_tsvector('english', coalesce(heading, '') || ' ' || body))",
                )
                .await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            let db = manager.get_connection();
            db.execute_unprepared("DROP TRIGGER IF EXISTS clause_version_fts_insert")
                .await?;
            db.execute_unprepared("DROP TABLE IF EXISTS clause_version_fts")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(EditionClause::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ClauseVersion::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ClauseNode::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Edition::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Edition {
    Table,
    Id,
    Year,
    Title,
    PublishedOn,
    ConferenceYear,
    PredecessorId,
    ImportedAt,
}

#[derive(DeriveIden)]
enum ClauseNode {
    Table,
    Id,
    Kind,
    FirstEditionId,
}

#[derive(DeriveIden)]
enum ClauseVersion {
    Table,
    Id,
    NodeId,
    Heading,
    Body,
    EditionId,
    ChangeKind,
    ChangeNote,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EditionClause {
    Table,
    EditionId,
    NodeId,
    VersionId,
    ParentNodeId,
    ChapterKey,
    Key,
    Label,
    Kind,
    Position,
    Depth,
}
