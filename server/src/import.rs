//! `redline import FILE`: a Rule Book edition from Markdown (the text format), or from the PDF,
//! Word document or text the party publishes: read, detect the structure, match against the
//! previous edition, and import in one transaction, with a progress bar and a report.
//!
//! A careful admin sees what the detector was unsure of before anything is written, so an
//! import with open uncertainties is refused: `--dry-run` prints them (page and line) with the
//! match figures, and `--accept-uncertain` takes the detector's reading of the judgement calls
//! (an ambiguous `i.`/`I.`, a hyphen the text cannot vouch for, text before the first chapter).
//! Numbering that skips or goes backwards, nesting the format does not allow and a missing
//! title or year can never be accepted: the edition would not be a valid Rule Book. Fix those
//! in the source, or give the title and year with `--title` and `--year`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use app::domain::import::{DetectedMeta, Detection, Uncertainty, detect};
use app::domain::rulebook::{MatchSummary, PriorNode, RuleBook, match_editions, parse_rulebook};
use app::ssr::import::{Format, MAX_FILE_BYTES, read_lines};
use app::ssr::services::rulebook;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::DatabaseConnection;

/// Options of `redline import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The edition: Markdown (docs/rulebook-format.md), PDF, Word (.docx) or plain text
    /// (`-` for standard input).
    pub file: PathBuf,
    /// Read, detect and match, print the report, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import even though the detector reported judgement calls (they are listed); numbering
    /// and nesting problems are never accepted.
    #[arg(long)]
    pub accept_uncertain: bool,
    /// The edition's title, when the cover does not give it ("Rule Book 2025").
    #[arg(long)]
    pub title: Option<String>,
    /// The edition's year, when the cover does not give it.
    #[arg(long)]
    pub year: Option<i32>,
    /// Its publication date (YYYY-MM-DD).
    #[arg(long)]
    pub published: Option<String>,
    /// The Annual Conference whose changes it contains.
    #[arg(long)]
    pub conference: Option<i32>,
}

/// Runs the import; `connect` opens the database when it is needed.
pub async fn run<F, Fut>(args: ImportArgs, connect: F) -> anyhow::Result<()>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<DatabaseConnection>>,
{
    let name = args.file.display().to_string();
    let bytes = read_file(&args.file)?;
    let progress = Progress::new(args.dry_run);
    let book = if is_markdown(&args.file, &bytes) {
        progress.stage("reading the Markdown");
        parse_rulebook(&bytes).map_err(|e| anyhow!("{name}: {e}"))?
    } else {
        let detection =
            detect_file(&bytes, &args, &progress).map_err(|e| anyhow!("{name}: {e}"))?;
        let open = detection.uncertainties();
        progress.clear();
        report(&detection, &open);
        let blocking: Vec<&Uncertainty> = open.iter().filter(|u| u.must_fix()).collect();
        if !blocking.is_empty() {
            bail!(
                "{name}: {} problem(s) must be fixed before this can be imported (listed above); \
                 nothing was written",
                blocking.len()
            );
        }
        if !open.is_empty() && !args.accept_uncertain && !args.dry_run {
            bail!(
                "{name}: the detector was unsure {} time(s) (listed above); check them against the \
                 file, then run again with --accept-uncertain to import its reading. Nothing was \
                 written",
                open.len()
            );
        }
        detection
            .to_rulebook()
            .map_err(|problems| anyhow!("{name}: {} problem(s) must be fixed", problems.len()))?
    };
    progress.stage("opening the database");
    let db = connect().await?;
    if args.dry_run {
        progress.stage("matching against the previous edition");
        let summary = dry_match(&db, &book).await?;
        progress.clear();
        println!(
            "{} ({}): {} rules.",
            book.meta.title,
            book.meta.year,
            book.nodes.len()
        );
        match summary {
            Some((previous, summary)) => println!("Compared with {previous}: {summary}"),
            None => println!("There is no earlier edition to compare with."),
        }
        println!("Dry run: nothing was written.");
        return Ok(());
    }
    progress.stage("matching and importing (one transaction)");
    let report = rulebook::import_edition(&db, &book)
        .await
        .map_err(|e| anyhow!("{name}: {e}"))?;
    progress.clear();
    println!("Imported {} ({} rules).", report.title, report.nodes);
    if let (Some(summary), Some(previous)) = (report.summary, report.predecessor) {
        println!("Compared with {previous}: {summary}");
    }
    Ok(())
}

/// A spinner with the stage it is at, on standard error (hidden when that is not a terminal).
struct Progress(ProgressBar);

impl Progress {
    fn new(dry_run: bool) -> Self {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed}] {prefix}{msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        if dry_run {
            bar.set_prefix("dry run: ");
        }
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress(bar)
    }

    fn stage(&self, message: &str) {
        self.0.set_message(message.to_owned());
    }

    fn clear(&self) {
        self.0.finish_and_clear();
    }
}

/// Markdown by extension, or by its first line (`---`, the front matter).
fn is_markdown(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("md" | "markdown")) {
        return true;
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    Format::sniff(bytes) == Format::Text && bytes.starts_with(b"---")
}

fn detect_file(bytes: &[u8], args: &ImportArgs, progress: &Progress) -> anyhow::Result<Detection> {
    progress.stage("reading the file");
    let (format, lines) = read_lines(bytes)?;
    progress.stage(match format {
        Format::Pdf => "detecting the rules in the PDF",
        Format::Docx => "detecting the rules in the Word document",
        Format::Text => "detecting the rules in the text",
    });
    let given = DetectedMeta {
        title: args.title.clone(),
        year: args.year,
        published: args.published.clone(),
        conference: args.conference,
    };
    if let Some(date) = &given.published
        && !app::domain::rulebook::format::is_iso_date(date)
    {
        bail!("--published must be a date written YYYY-MM-DD, not '{date}'");
    }
    Ok(detect(&lines, &given)?)
}

/// The report: what was removed, and every open uncertainty with its page and line.
fn report(detection: &Detection, open: &[Uncertainty]) {
    let c = &detection.counts;
    eprintln!(
        "Detected {} rules; left out {} cover and {} contents lines, {} running headers, {} page \
         numbers; joined {} words broken at line ends; {} footnotes kept with their rules.",
        detection.nodes.len(),
        c.cover,
        c.contents,
        c.running_headers,
        c.page_numbers,
        c.hyphens,
        c.footnotes
    );
    if open.is_empty() {
        eprintln!("Nothing uncertain.");
        return;
    }
    eprintln!("Uncertain ({}):", open.len());
    for u in open {
        let mark = if u.must_fix() { "must fix" } else { "check" };
        eprintln!("  {}: [{mark}] {}", u.at, u.message);
    }
}

/// How the book would match the newest edition in the database, without writing.
async fn dry_match(
    db: &DatabaseConnection,
    book: &RuleBook,
) -> anyhow::Result<Option<(i32, MatchSummary)>> {
    let editions = rulebook::list_editions(db)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let Some(newest) = editions.first() else {
        return Ok(None);
    };
    if newest.year >= book.meta.year {
        bail!(
            "an edition for {} or later is already imported ({}); editions are imported in order",
            book.meta.year,
            newest.title
        );
    }
    let previous = rulebook::export_edition(db, newest.year)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let summary = match_editions(&PriorNode::from_book(&previous), book).summary();
    Ok(Some((newest.year, summary)))
}

/// Reads the whole file (or standard input for `-`), refusing one over the largest limit before
/// reading it all.
fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let limit = MAX_FILE_BYTES as u64;
    let mut bytes = Vec::new();
    let too_large = |size: u64| {
        anyhow!(
            "{} is {size} bytes, over the limit of {} MB; a Rule Book is far smaller",
            path.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        )
    };
    if path == Path::new("-") {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limit {
            return Err(too_large(size));
        }
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}
