//! The command line: global options and sub-commands.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use app::domain::rulebook::{MAX_BYTES, export_rulebook};
use app::model::wording::{ApplyRequest, GenerateRequest, WordingResponse, check_sizes};
use app::ssr::services::rulebook;
use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, FromArgMatches, Parser, Subcommand};

use crate::config::DatabaseConfig;
use crate::{accounts, db, demo, web};

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
    /// Create an admin account. The password is read from `REDLINE_ADMIN_PASSWORD` or the
    /// first line of standard input.
    CreateAdmin {
        /// The admin's e-mail address (they sign in with it).
        #[arg(long)]
        email: String,
        /// The admin's name as others see it.
        #[arg(long)]
        name: String,
        /// The organisation they belong to (created when missing).
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Make the demo accounts unusable (before serving with --production).
    LockDemoUsers,
    /// Import a Rule Book edition as the newest edition, from Markdown (docs/rulebook-format.md)
    /// or the published PDF, Word document or text (docs/importing.md), and report what changed
    /// since the previous one.
    Import(crate::import::ImportArgs),
    /// Check rule-change wording without the web UI (no database needed).
    Wording {
        #[command(subcommand)]
        action: WordingCommand,
    },
    /// Export an edition as Markdown (the same format `import` reads).
    Export {
        /// The edition's year.
        year: i32,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// `redline wording …`
#[derive(Debug, Subcommand)]
pub enum WordingCommand {
    /// Write the formal wording for an edit of one clause.
    Generate {
        /// The rule being amended, e.g. "Chapter 2, Clause I.4.B".
        #[arg(long)]
        citation: String,
        /// File with the clause text as it stands (`-` for standard input).
        #[arg(long)]
        base: PathBuf,
        /// File with the clause text as the rule change would have it.
        #[arg(long)]
        edited: PathBuf,
        /// Print the full result as JSON (the `/api/v1/wording/generate` shape).
        #[arg(long)]
        json: bool,
    },
    /// Apply a rule change's wording to a clause: print the new text and every problem.
    /// Exits with status 3 when some instruction cannot be applied unambiguously.
    Apply {
        /// File with the clause text as it stands (`-` for standard input).
        #[arg(long)]
        base: PathBuf,
        /// File with the wording (`-` for standard input).
        #[arg(long)]
        wording: PathBuf,
        /// Print the full result as JSON (the `/api/v1/wording/apply` shape).
        #[arg(long)]
        json: bool,
    },
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:3000 or 0.0.0.0:8080 (port 0 picks a free port).
    /// Default: `LEPTOS_SITE_ADDR`, else 127.0.0.1:3000.
    #[arg(long, env = "REDLINE_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Load the demo Rule Book into an empty database.
    #[arg(long, env = "REDLINE_DEMO", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub demo: bool,
    /// Production: session cookies are `Secure` (serve behind https), and the server refuses to
    /// start while demo accounts still have their published passwords.
    // Not clap's `conflicts_with`: a variable set to "0" counts as given and would conflict.
    #[arg(
        long,
        env = "REDLINE_PRODUCTION",
        action = ArgAction::SetTrue,
        value_parser = BoolishValueParser::new()
    )]
    pub production: bool,
    /// Sign a session out after this many seconds without a request.
    #[arg(long, env = "REDLINE_SESSION_IDLE_SECS", default_value_t = DEFAULT_SESSION_IDLE_SECS)]
    pub session_idle_secs: u64,
    /// Sign a session out this many seconds after signing in, however active it is.
    #[arg(long, env = "REDLINE_SESSION_MAX_SECS", default_value_t = DEFAULT_SESSION_MAX_SECS)]
    pub session_max_secs: u64,
    /// Keep rendered reader pages for anonymous readers this many seconds (0: render every
    /// request). Writes through this server drop them at once; the time bounds how soon a write
    /// through another server over the same database shows.
    #[arg(long, env = "REDLINE_PAGE_CACHE_SECS", default_value_t = DEFAULT_PAGE_CACHE_SECS)]
    pub page_cache_secs: u64,
}

/// Sessions end after eight hours without a request.
const DEFAULT_SESSION_IDLE_SECS: u64 = 8 * 60 * 60;
/// Sessions end twelve hours after signing in: a conference day, not a week.
const DEFAULT_SESSION_MAX_SECS: u64 = 12 * 60 * 60;
/// Reader pages are kept ten seconds at most.
const DEFAULT_PAGE_CACHE_SECS: u64 = 10;

impl ServeArgs {
    /// What `redline` alone runs: `redline serve` with no options, so the defaults and the
    /// same environment variables. A bad variable ends the process with clap's message.
    fn from_environment() -> Self {
        let command = <ServeArgs as Args>::augment_args(clap::Command::new("redline serve"));
        command
            .try_get_matches_from(["redline serve"])
            .and_then(|matches| ServeArgs::from_arg_matches(&matches))
            .unwrap_or_else(|error| error.exit())
    }

    /// The server's configuration from these options.
    fn serve_config(&self) -> web::ServeConfig {
        web::ServeConfig {
            addr: self.addr,
            session_idle: std::time::Duration::from_secs(self.session_idle_secs),
            session_max: std::time::Duration::from_secs(self.session_max_secs),
            secure_cookies: self.production,
            page_cache_ttl: std::time::Duration::from_secs(self.page_cache_secs),
        }
    }
}

/// Exit status of `wording apply` when the wording has problems.
const EXIT_PROBLEMS: u8 = 3;

/// Runs the chosen sub-command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let command = cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::from_environment()));
    if let Command::Wording { action } = command {
        return wording(action);
    }
    let database =
        DatabaseConfig::resolve(cli.global.database_url.as_deref(), &cli.global.data_dir)?;
    match command {
        Command::Wording { .. } => Ok(ExitCode::SUCCESS),
        Command::Serve(args) => {
            // Checked here, not by clap: clap counts `REDLINE_PRODUCTION=0` as the flag given.
            if args.demo && args.production {
                bail!(
                    "--demo and --production cannot be used together: the demo accounts have published passwords. Serve with one of them (REDLINE_DEMO / REDLINE_PRODUCTION)"
                );
            }
            let db = db::connect_and_migrate(&database).await?;
            if args.demo {
                demo::load_if_empty(&db).await?;
                accounts::ensure_demo_accounts(&db).await?;
                demo::load_demo_package(&db).await?;
                demo::load_demo_conference(&db).await?;
            }
            if args.production {
                accounts::refuse_demo_accounts(&db).await?;
            }
            web::serve(db, &database, args.serve_config()).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::CreateAdmin {
            email,
            name,
            organisation,
        } => {
            let db = db::connect_and_migrate(&database).await?;
            accounts::create_admin(&db, &email, &name, organisation.as_deref()).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::LockDemoUsers => {
            let db = db::connect_and_migrate(&database).await?;
            accounts::lock_demo_users(&db).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(args) => {
            crate::import::run(args, || db::connect_and_migrate(&database)).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { year, output } => {
            let db = db::connect_and_migrate(&database).await?;
            let book = rulebook::export_edition(&db, year)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let text = export_rulebook(&book);
            match output {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn wording(action: WordingCommand) -> anyhow::Result<ExitCode> {
    let text = |path: &Path| -> anyhow::Result<String> {
        let bytes = read_input(path)?;
        String::from_utf8(bytes).map_err(|e| {
            anyhow!(
                "{} is not UTF-8 text (invalid byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })
    };
    let (response, json) = match action {
        WordingCommand::Generate {
            citation,
            base,
            edited,
            json,
        } => {
            let request = GenerateRequest {
                citation,
                base: text(&base)?,
                edited: text(&edited)?,
            };
            check_sizes(&[("base", &request.base), ("edited", &request.edited)])
                .map_err(|m| anyhow!(m))?;
            let response = WordingResponse::generate(&request);
            if !json {
                if response.wording.is_empty() {
                    println!("The two texts are the same: there is nothing to amend.");
                } else {
                    println!("{}", response.wording);
                }
                return Ok(ExitCode::SUCCESS);
            }
            (response, json)
        }
        WordingCommand::Apply {
            base,
            wording,
            json,
        } => {
            let request = ApplyRequest {
                base: text(&base)?,
                wording: text(&wording)?,
            };
            check_sizes(&[("base", &request.base), ("wording", &request.wording)])
                .map_err(|m| anyhow!(m))?;
            (WordingResponse::apply(&request), json)
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&response).context("cannot write JSON")?
        );
    } else {
        println!("{}", response.result);
        for problem in &response.problems {
            match problem.line {
                Some(line) => eprintln!("problem (line {line}): {}", problem.message),
                None => eprintln!("problem: {}", problem.message),
            }
        }
        for change in &response.structural {
            eprintln!(
                "structural change to carry out: {}",
                serde_json::to_string(change).unwrap_or_default()
            );
        }
    }
    Ok(if response.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    })
}

/// Reads a whole file, or standard input for `-`, refusing anything over the format's limit
/// before reading it all.
fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let limit = u64::try_from(MAX_BYTES).unwrap_or(u64::MAX);
    let too_large = |what: String| {
        anyhow!("{what} is over the limit of 10 MB ({MAX_BYTES} bytes); split it or trim it")
    };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        if bytes.len() > MAX_BYTES {
            return Err(too_large("standard input".to_owned()));
        }
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limit {
            return Err(too_large(format!("{} ({size} bytes)", path.display())));
        }
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(bytes)
}
