//! The command line: global options and sub-commands.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::DatabaseConfig;
use crate::{db, web};

/// redline: draft, track and read rule changes to a party Rule Book.
#[derive(Debug, Parser)]
#[command(name = "redline", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every sub-command shares.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database URL (`sqlite://path?mode=rwc` or `postgres://user@host/db`). Default: a SQLite
    /// file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Directory for the embedded SQLite database; created on first start.
    #[arg(long, env = "REDLINE_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Log level or filter (e.g. `info`, `debug`, `redline=debug,sqlx=warn`); `RUST_LOG` wins.
    #[arg(
        long,
        env = "REDLINE_LOG",
        default_value = "info,sqlx=warn,sea_orm=warn",
        global = true
    )]
    pub log: String,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
}

/// Options of `serve`.
#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:3000 or 0.0.0.0:8080 (port 0 picks a free port).
    /// Default: `LEPTOS_SITE_ADDR`, else 127.0.0.1:3000.
    #[arg(long, env = "REDLINE_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Load the demo Rule Book into an empty database.
    #[arg(long, env = "REDLINE_DEMO")]
    pub demo: bool,
}

/// Runs the chosen sub-command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let database =
        DatabaseConfig::resolve(cli.global.database_url.as_deref(), &cli.global.data_dir)?;
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => {
            let db = db::connect_and_migrate(&database).await?;
            web::serve(db, &database, args).await
        }
    }
}
