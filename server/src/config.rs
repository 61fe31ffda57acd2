//! Configuration: read once at start-up from flags and the environment, checked, and fixed for
//! the life of the process.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use tracing_subscriber::EnvFilter;

/// Where the data lives: `DATABASE_URL` when given, else a SQLite file in the data directory.
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// The sea-orm/sqlx connection URL.
    pub url: String,
    /// True when the URL was derived from the data directory (the embedded default).
    pub embedded: bool,
}

impl DatabaseConfig {
    /// Chooses the database; for the embedded default, creates the data directory and checks
    /// that it is writable, so a bad directory fails here with a clear message.
    pub fn resolve(database_url: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(url) = database_url.map(str::trim).filter(|u| !u.is_empty()) {
            if !(url.starts_with("sqlite:")
                || url.starts_with("postgres://")
                || url.starts_with("postgresql://"))
            {
                bail!(
                    "DATABASE_URL must start with sqlite:, postgres:// or postgresql:// (got “{}”)",
                    redact(url)
                );
            }
            return Ok(Self {
                url: url.to_owned(),
                embedded: false,
            });
        }
        std::fs::create_dir_all(data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}; choose another with --data-dir or set DATABASE_URL",
                data_dir.display()
            )
        })?;
        let probe = data_dir.join(".write-test");
        std::fs::write(&probe, b"ok").with_context(|| {
            format!(
                "the data directory {} is not writable; fix its permissions, choose another with --data-dir, or set DATABASE_URL",
                data_dir.display()
            )
        })?;
        let _ = std::fs::remove_file(&probe);
        let file: PathBuf = data_dir.join("redline.db");
        Ok(Self {
            url: format!("sqlite://{}?mode=rwc", file.display()),
            embedded: true,
        })
    }

    /// The URL without any password, for messages and logs.
    pub fn display_url(&self) -> String {
        redact(&self.url)
    }
}

/// Hides the password part of a database URL.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}://{}:***{}",
                    &url[..scheme_end],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Logs to stderr with tracing; `RUST_LOG` overrides the `--log` level.
pub fn init_tracing(level: &str) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[test]
    fn rejects_unknown_schemes() {
        let err = DatabaseConfig::resolve(Some("mysql://x"), Path::new("data")).unwrap_err();
        assert!(
            err.to_string().contains("DATABASE_URL must start with"),
            "{err}"
        );
    }
}
