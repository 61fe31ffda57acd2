//! A simulated conference day against a running `redline serve --demo`: delegates sign in, read
//! a rule change's support page and a rule, and pledge; anonymous readers read rule pages,
//! chapter pages and (when one is public) the package's or a rule change's page — all at once, with a
//! bounded number of requests in flight. Prints and writes (`--report`) a markdown section with
//! requests, errors, p50/p99 latency per kind of request and throughput; exits non-zero on any
//! error.
//!
//! The delegate accounts cannot come through sign-up (per-IP limits): they are created in the
//! server's database with the app's own services before the load starts, with the real Argon2
//! cost (the services offer no cheaper hash), so sign-in latency is what delegates will see.
//!
//! ```text
//! cargo run --release -p server --example conference_day -- \
//!     --base-url http://127.0.0.1:3000 --database-url sqlite://data/redline.db \
//!     --delegates 1200 --readers 10000 --concurrency 200
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use app::model::accounts::Role;
use app::ssr::services::{accounts, drafts, organisations, packages};
use clap::Parser;
use futures::StreamExt;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};

/// The conference the demo rule changes are for.
const CONFERENCE: i32 = 2027;
/// The demo edition readers read.
const EDITION: i32 = 2024;
/// Every load-test delegate has this password (at least 10 characters).
const PASSWORD: &str = "conference-day-pass";
/// The load-test delegates' e-mail domain.
const DELEGATE_DOMAIN: &str = "conference.example.org";
/// How many accounts are created at once (each costs one Argon2 hash).
const CREATE_AT_ONCE: usize = 4;

#[derive(Debug, Parser)]
#[command(about = "Simulated conference day against a running `redline serve --demo`")]
struct Args {
    /// The server, as it printed it ("redline is listening on …").
    #[arg(long)]
    base_url: String,
    /// The server's DATABASE_URL (delegate accounts are created there first).
    #[arg(long)]
    database_url: String,
    /// Delegates: sign in, support page, rule page, pledge.
    #[arg(long, default_value_t = 1_200)]
    delegates: usize,
    /// Anonymous readers: a rule page, a chapter page and the package page (when public).
    #[arg(long, default_value_t = 10_000)]
    readers: usize,
    /// Requests in flight at most.
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// What to call this run in the report ("SQLite", "PostgreSQL").
    #[arg(long, default_value = "run")]
    label: String,
    /// Append the markdown section to this file.
    #[arg(long)]
    report: Option<std::path::PathBuf>,
}

/// What the load needs to know about the demo data.
struct Plan {
    rule_changes: Vec<i32>,
    /// What readers read besides rules: (kind, path).
    public_page: Option<(&'static str, String)>,
    rules: Vec<String>,
    chapters: Vec<String>,
}

/// Latencies and failures per kind of request.
#[derive(Default)]
struct Stats {
    kinds: BTreeMap<&'static str, Kind>,
}

#[derive(Default)]
struct Kind {
    micros: Vec<u64>,
    errors: u64,
    samples: Vec<String>,
}

impl Stats {
    fn record(&mut self, kind: &'static str, elapsed: Duration, outcome: Result<(), String>) {
        let entry = self.kinds.entry(kind).or_default();
        entry
            .micros
            .push(u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX));
        if let Err(error) = outcome {
            entry.errors += 1;
            if entry.samples.len() < 5 {
                entry
                    .samples
                    .push(format!("{error} (after {} ms)", elapsed.as_millis()));
            }
        }
    }
}

type Shared = Arc<Mutex<Stats>>;

fn record(stats: &Shared, kind: &'static str, started: Instant, outcome: Result<(), String>) {
    let elapsed = started.elapsed();
    if let Ok(mut stats) = stats.lock() {
        stats.record(kind, elapsed, outcome);
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let base = args.base_url.trim_end_matches('/').to_owned();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .pool_max_idle_per_host(args.concurrency)
        .tcp_nodelay(true)
        .build()
        .context("cannot build the HTTP client")?;

    let mut options = ConnectOptions::new(args.database_url.clone());
    options.max_connections(4).sqlx_logging(false);
    let db = Database::connect(options)
        .await
        .with_context(|| format!("cannot connect to {}", args.database_url))?;

    let setup_started = Instant::now();
    let emails = create_delegates(&db, args.delegates).await?;
    let setup = setup_started.elapsed();
    eprintln!(
        "conference-day: {} delegate accounts ready in {:.1} s",
        emails.len(),
        setup.as_secs_f64()
    );
    let plan = plan(&db, &http, &base).await?;

    // Delegates and readers interleaved, as they would arrive.
    let jobs: Vec<Job> = {
        let mut jobs = Vec::with_capacity(emails.len() + args.readers);
        let (mut d, mut r) = (0, 0);
        while d < emails.len() || r < args.readers {
            // One delegate for every `readers / delegates` readers.
            if d < emails.len() && (r >= args.readers || d * args.readers <= r * emails.len()) {
                jobs.push(Job::Delegate(d));
                d += 1;
            } else {
                jobs.push(Job::Reader(r));
                r += 1;
            }
        }
        jobs
    };
    let stats: Shared = Arc::default();
    let plan = Arc::new(plan);
    let emails = Arc::new(emails);
    // Each job makes its requests in turn; `concurrency` jobs run at once.
    let started = Instant::now();
    futures::stream::iter(jobs)
        .for_each_concurrent(args.concurrency, |job| {
            let (http, base, plan, emails, stats) = (
                http.clone(),
                base.clone(),
                plan.clone(),
                emails.clone(),
                stats.clone(),
            );
            async move {
                match job {
                    Job::Delegate(i) => delegate(&http, &base, &plan, &emails[i], i, &stats).await,
                    Job::Reader(i) => reader(&http, &base, &plan, i, &stats).await,
                }
            }
        })
        .await;
    let wall = started.elapsed();
    let pledges = count_pledges(&db).await?;

    let stats = stats
        .lock()
        .map_err(|_| anyhow::anyhow!("a load task panicked"))?;
    let report = report(&args, &stats, wall, setup, &plan, pledges);
    println!("{report}");
    if let Some(path) = &args.report {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        writeln!(file, "{report}").with_context(|| format!("cannot write {}", path.display()))?;
    }
    let errors: u64 = stats.kinds.values().map(|k| k.errors).sum();
    if errors > 0 {
        for (name, kind) in &stats.kinds {
            for sample in &kind.samples {
                eprintln!("conference-day: {name}: {sample}");
            }
        }
        bail!("{errors} request(s) failed");
    }
    // One pledge per delegate (an upsert: a re-run on the same database keeps the count).
    if pledges != emails.len() as u64 {
        bail!(
            "{pledges} load-test pledges stored, {} acknowledged",
            emails.len()
        );
    }
    Ok(())
}

enum Job {
    Delegate(usize),
    Reader(usize),
}

/// Creates (or finds) `count` delegate accounts seated in the demo CLPs' delegations.
async fn create_delegates(db: &DatabaseConnection, count: usize) -> anyhow::Result<Vec<String>> {
    let fail = |e: app::ssr::error::ServiceError| anyhow::anyhow!("{e}");
    let admin = accounts::find_by_email(db, "admin@example.org")
        .await
        .map_err(fail)?
        .context("no admin@example.org: is the server running with --demo?")?;
    let clps: Vec<i32> = organisations::list(db, &Default::default())
        .await
        .map_err(fail)?
        .into_iter()
        .filter(|o| o.kind == "clp")
        .map(|o| o.id)
        .collect();
    if clps.is_empty() {
        bail!("the demo conference has no CLPs: is the server running with --demo?");
    }
    let emails: Vec<String> = (0..count)
        .map(|i| format!("delegate{i:05}@{DELEGATE_DOMAIN}"))
        .collect();
    let results: Vec<anyhow::Result<()>> = futures::stream::iter(emails.iter().enumerate())
        .map(|(i, email)| {
            let clp = clps[i % clps.len()];
            async move {
                if accounts::find_by_email(db, email)
                    .await
                    .map_err(fail)?
                    .is_none()
                {
                    accounts::create_user(
                        db,
                        accounts::NewUser {
                            name: format!("Delegate {i}"),
                            email: email.clone(),
                            password: PASSWORD.to_owned(),
                            organisation_id: Some(clp),
                            role: Role::Delegate,
                            is_demo: false,
                        },
                        Some(admin.id),
                    )
                    .await
                    .map_err(fail)
                    .with_context(|| format!("cannot create {email}"))?;
                }
                organisations::assign_delegate(db, admin.id, CONFERENCE, clp, email)
                    .await
                    .map_err(fail)
                    .with_context(|| format!("cannot seat {email}"))
            }
        })
        .buffer_unordered(CREATE_AT_ONCE)
        .collect()
        .await;
    for result in results {
        result?;
    }
    Ok(emails)
}

/// Finds the demo rule changes and package, and the rules and chapters of the edition.
async fn plan(db: &DatabaseConnection, http: &reqwest::Client, base: &str) -> anyhow::Result<Plan> {
    let fail = |e: app::ssr::error::ServiceError| anyhow::anyhow!("{e}");
    let member = accounts::find_by_email(db, "member@example.org")
        .await
        .map_err(fail)?
        .context("no member@example.org: is the server running with --demo?")?;
    let rule_changes: Vec<i32> = drafts::list_drafts(db, member.id)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let package = packages::list_packages(db, member.id)
        .await
        .map_err(fail)?
        .first()
        .map(|p| p.id)
        .context("the demo package is missing")?;
    if rule_changes.is_empty() {
        bail!("the demo rule changes are missing");
    }
    let toc = http
        .get(format!("{base}/rules/{EDITION}"))
        .send()
        .await
        .context("cannot read the table of contents")?
        .text()
        .await?;
    let prefix = format!("href=\"/rules/{EDITION}/");
    let mut keys: Vec<String> = toc
        .split(&prefix)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|key| !key.is_empty() && !key.contains('/'))
        .map(str::to_owned)
        .collect();
    keys.sort();
    keys.dedup();
    // Only keys with a page of their own (parts are anchors in their chapter's page).
    let mut readable = Vec::new();
    for key in keys {
        let url = format!("{base}/rules/{EDITION}/{key}");
        if http.get(&url).send().await.is_ok_and(|r| r.status() == 200) {
            readable.push(key);
        }
    }
    let (chapters, rules): (Vec<String>, Vec<String>) =
        readable.into_iter().partition(|key| !key.contains('.'));
    if chapters.is_empty() || rules.is_empty() {
        bail!("the table of contents of {EDITION} lists no chapters or rules");
    }
    // The public page of the package, or else of a rule change in it, if this build has one.
    let mut public_page = None;
    for (kind, path) in [
        ("package page", format!("/packages/{package}")),
        (
            "rule change page",
            format!("/rule-changes/{}", rule_changes[0]),
        ),
    ] {
        let url = format!("{base}{path}");
        if http.get(&url).send().await.is_ok_and(|r| r.status() == 200) {
            public_page = Some((kind, path));
            break;
        }
    }
    Ok(Plan {
        rule_changes,
        public_page,
        rules,
        chapters,
    })
}

/// Pledges stored for the load-test delegates.
async fn count_pledges(db: &DatabaseConnection) -> anyhow::Result<u64> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            format!(
                "SELECT COUNT(*) AS n FROM pledge JOIN user_account ON user_account.id = \
                 pledge.delegate_id WHERE user_account.email LIKE '%@{DELEGATE_DOMAIN}'"
            ),
        ))
        .await?
        .context("no count")?;
    let n: i64 = row.try_get("", "n")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// GETs a page; anything but 200 with a body is an error.
async fn page(
    http: &reqwest::Client,
    url: String,
    cookie: Option<&str>,
    must_contain: &str,
) -> Result<(), String> {
    let mut request = http.get(&url);
    if let Some(cookie) = cookie {
        request = request.header("Cookie", format!("redline_session={cookie}"));
    }
    let response = request.send().await.map_err(|e| format!("{url}: {e}"))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| format!("{url}: body: {e}"))?;
    if status != 200 {
        return Err(format!("{url}: {status}"));
    }
    if !body.contains(must_contain) {
        return Err(format!("{url}: 200 without {must_contain:?}"));
    }
    Ok(())
}

async fn delegate(
    http: &reqwest::Client,
    base: &str,
    plan: &Plan,
    email: &str,
    i: usize,
    stats: &Shared,
) {
    let started = Instant::now();
    let signed_in = sign_in(http, base, email).await;
    let cookie = match signed_in {
        Ok(cookie) => {
            record(stats, "sign in", started, Ok(()));
            cookie
        }
        Err(error) => {
            record(stats, "sign in", started, Err(error));
            return;
        }
    };
    let cookie = Some(cookie.as_str());
    let rule_change = plan.rule_changes[i % plan.rule_changes.len()];

    let started = Instant::now();
    let url = format!("{base}/rule-changes/{rule_change}/support");
    let outcome = page(http, url, cookie, "</main>").await;
    record(stats, "support page (signed in)", started, outcome);

    let started = Instant::now();
    let url = format!(
        "{base}/rules/{EDITION}/{}",
        plan.rules[i % plan.rules.len()]
    );
    let outcome = page(http, url, cookie, "</main>").await;
    record(stats, "rule page (signed in)", started, outcome);

    let started = Instant::now();
    let position = ["for", "against", "undecided"][i % 3];
    let outcome = post(
        http,
        base,
        "record_pledge",
        cookie,
        &[
            ("id", rule_change.to_string().as_str()),
            ("package", "false"),
            ("position", position),
            ("mandated", if i.is_multiple_of(2) { "true" } else { "" }),
        ],
    )
    .await
    .map(drop);
    record(stats, "record pledge", started, outcome);
}

async fn reader(http: &reqwest::Client, base: &str, plan: &Plan, i: usize, stats: &Shared) {
    let started = Instant::now();
    let url = format!(
        "{base}/rules/{EDITION}/{}",
        plan.rules[i % plan.rules.len()]
    );
    let outcome = page(http, url, None, "</main>").await;
    record(stats, "rule page", started, outcome);

    let started = Instant::now();
    let url = format!(
        "{base}/rules/{EDITION}/{}",
        plan.chapters[i % plan.chapters.len()]
    );
    let outcome = page(http, url, None, "</main>").await;
    record(stats, "chapter page", started, outcome);

    if let Some((kind, path)) = &plan.public_page {
        let started = Instant::now();
        let outcome = page(http, format!("{base}{path}"), None, "</main>").await;
        record(stats, kind, started, outcome);
    }
}

/// Signs in; returns the session cookie.
async fn sign_in(http: &reqwest::Client, base: &str, email: &str) -> Result<String, String> {
    let response = http
        .post(format!("{base}/api/sign_in"))
        .header("Origin", base)
        .header("Accept", "application/json")
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .map_err(|e| format!("sign in {email}: {e}"))?;
    let status = response.status();
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("redline_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    match (status.as_u16(), cookie) {
        (200, Some(cookie)) if !cookie.is_empty() => Ok(cookie),
        _ => Err(format!(
            "sign in {email}: {status}: {}",
            response.text().await.unwrap_or_default()
        )),
    }
}

/// POSTs a server function as the page's JavaScript does.
async fn post(
    http: &reqwest::Client,
    base: &str,
    endpoint: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> Result<String, String> {
    let mut request = http
        .post(format!("{base}/api/{endpoint}"))
        .header("Origin", base)
        .header("Accept", "application/json")
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header("Cookie", format!("redline_session={cookie}"));
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("{endpoint}: {e}"))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if status == 200 {
        Ok(body)
    } else {
        Err(format!("{endpoint}: {status}: {body}"))
    }
}

/// The `q`-quantile of sorted microseconds, in milliseconds.
fn quantile_ms(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64 / 1000.0
}

fn report(
    args: &Args,
    stats: &Stats,
    wall: Duration,
    setup: Duration,
    plan: &Plan,
    pledges: u64,
) -> String {
    let requests: usize = stats.kinds.values().map(|k| k.micros.len()).sum();
    let errors: u64 = stats.kinds.values().map(|k| k.errors).sum();
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", args.label);
    let _ = writeln!(
        out,
        "{} delegates and {} anonymous readers, at most {} requests in flight; {} delegate \
         accounts created (Argon2, {} at once) in {:.1} s before the run.\n",
        args.delegates,
        args.readers,
        args.concurrency,
        args.delegates,
        CREATE_AT_ONCE,
        setup.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "| Request | Count | Errors | p50 (ms) | p99 (ms) | max (ms) |\n|---|---:|---:|---:|---:|---:|"
    );
    for (name, kind) in &stats.kinds {
        let mut sorted = kind.micros.clone();
        sorted.sort_unstable();
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {:.1} | {:.1} | {:.1} |",
            sorted.len(),
            kind.errors,
            quantile_ms(&sorted, 0.50),
            quantile_ms(&sorted, 0.99),
            quantile_ms(&sorted, 1.0),
        );
    }
    let _ = writeln!(
        out,
        "\n**{requests} requests, {errors} errors, {:.1} s, {:.0} requests/s.** {pledges} \
         load-test pledges stored.{}",
        wall.as_secs_f64(),
        requests as f64 / wall.as_secs_f64().max(1e-9),
        match &plan.public_page {
            Some((kind, path)) => format!(" Readers' {kind}: `{path}`."),
            None => " No package or rule change page is public in this build: readers skip it."
                .to_owned(),
        }
    );
    out
}
