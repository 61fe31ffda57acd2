//! The migrations run both ways: up on an empty database, down (with data in the tables) to
//! nothing but the migration table, and up again to a database the app works on.

use app::domain::rulebook::parse_rulebook;
use app::ssr::services::rulebook;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::both;
use crate::helpers::{Backend, TestDb};

/// The tables in the database, sorted.
async fn tables(conn: &DatabaseConnection, backend: Backend) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        }
    };
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .expect("list tables")
        .iter()
        .map(|row| row.try_get::<String>("", "name").expect("table name"))
        .collect()
}

async fn import_demo(conn: &DatabaseConnection) {
    let book = parse_rulebook(include_bytes!("../../../demo/rulebook-2024.md")).expect("parse");
    rulebook::import_edition(conn, &book)
        .await
        .expect("import the demo edition");
}

both!(up_down_up, |backend: Backend| async move {
    let (_db, conn) = TestDb::migrated(backend).await;
    let all = tables(&conn, backend).await;
    assert!(
        all.len() > 10 && all.iter().any(|t| t == "rule_change"),
        "up creates the schema: {all:?}"
    );
    import_demo(&conn).await;

    Migrator::down(&conn, None)
        .await
        .expect("every migration's down runs, with data in the tables");
    assert_eq!(
        tables(&conn, backend).await,
        ["seaql_migrations"],
        "down removes everything up created"
    );
    assert!(
        Migrator::get_applied_migrations(&conn)
            .await
            .expect("applied")
            .is_empty()
    );

    Migrator::up(&conn, None).await.expect("up again");
    assert_eq!(
        tables(&conn, backend).await,
        all,
        "up again: the same schema"
    );
    import_demo(&conn).await;
});
