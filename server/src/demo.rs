//! The demo data set: two consecutive editions of an illustrative Rule Book written for this
//! project (see `server/demo/README.md`), loaded into an empty database by `serve --demo`.

use anyhow::Context;
use app::domain::rulebook::parse_rulebook;
use app::ssr::services::rulebook;
use sea_orm::DatabaseConnection;

/// The demo editions, oldest first.
pub const EDITIONS: [(&str, &[u8]); 2] = [
    (
        "rulebook-2023.md",
        include_bytes!("../demo/rulebook-2023.md"),
    ),
    (
        "rulebook-2024.md",
        include_bytes!("../demo/rulebook-2024.md"),
    ),
];

/// Loads the demo editions when the database has none; leaves a database with data alone.
pub async fn load_if_empty(db: &DatabaseConnection) -> anyhow::Result<()> {
    if rulebook::has_editions(db)
        .await
        .context("cannot read the editions")?
    {
        return Ok(());
    }
    for (name, bytes) in EDITIONS {
        let book = parse_rulebook(bytes).with_context(|| format!("demo file {name}"))?;
        let report = rulebook::import_edition(db, &book)
            .await
            .map_err(|e| anyhow::anyhow!("cannot load demo file {name}: {e}"))?;
        tracing::info!(
            edition = report.year,
            nodes = report.nodes,
            "loaded demo edition"
        );
    }
    Ok(())
}
