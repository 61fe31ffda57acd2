//! Services: free functions over `&impl ConnectionTrait`, one file per aggregate, so the same
//! code runs on a pool or inside a transaction.

pub mod accounts;
pub mod audit;
pub mod drafts;
pub mod organisations;
pub mod packages;
pub mod procedure;
pub mod publication;
pub mod rulebook;
pub mod support;

use sea_orm::{DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait};

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of one failing with
/// "database is locked" when both try to upgrade a read; other databases ignore the mode.
pub(crate) async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
