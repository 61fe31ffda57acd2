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

/// The demo package: three rule changes of the demo member's, across the membership and the
/// disciplinary chapters, grouped as "Fair process for suspended members". Created once.
const DEMO_PACKAGE: [(&str, &str, &str, &str); 3] = [
    (
        "Tell suspended members what they are accused of",
        "6.I.1.B",
        "the member shall be informed in writing of the suspension and of its terms",
        "the member shall be informed in writing, within seven days, of the suspension, of its terms and of the allegation made",
    ),
    (
        "Review administrative suspensions every three months",
        "6.I.1.C",
        "within six months and at least once in every six months thereafter",
        "within three months and at least once in every three months thereafter",
    ),
    (
        "Suspended members keep their vote in national ballots",
        "2.VIII.1",
        "shall remain a member of the Party",
        "shall remain a member of the Party, shall keep the right to vote in ballots for national officers,",
    ),
];

/// Creates the demo package for the demo member, unless they already have drafts.
pub async fn load_demo_package(db: &DatabaseConnection) -> anyhow::Result<()> {
    use app::model::drafts::SaveOutcome;
    use app::ssr::services::{accounts, drafts, packages};
    let fail = |e: app::ssr::error::ServiceError| anyhow::anyhow!("demo package: {e}");
    let Some(member) = accounts::find_by_email(db, "member@example.org")
        .await
        .map_err(fail)?
    else {
        return Ok(());
    };
    if !drafts::list_drafts(db, member.id)
        .await
        .map_err(fail)?
        .is_empty()
    {
        return Ok(());
    }
    let package = packages::create_package(
        db,
        member.id,
        "Fair process for suspended members",
        "Three rule changes from the campaign against unjust suspensions: members are told what \
         they are accused of, suspensions are reviewed every three months, and suspended \
         members keep their vote in national ballots.",
    )
    .await
    .map_err(fail)?;
    for (title, key, from, to) in DEMO_PACKAGE {
        let id = drafts::create_draft(db, member.id, title, Some(2024), DEMO_CONFERENCE)
            .await
            .map_err(fail)?;
        let rule = rulebook::rule_view(db, Some(2024), key)
            .await
            .map_err(fail)?;
        let text = rule
            .nodes
            .first()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        let edited = text.replacen(from, to, 1);
        if edited == text {
            tracing::warn!(
                key,
                "demo package: the demo Rule Book no longer has the text to amend"
            );
            continue;
        }
        let saved = drafts::save_edit(db, member.id, id, 1, key, &edited)
            .await
            .map_err(fail)?;
        if !matches!(saved, SaveOutcome::Saved { .. }) {
            anyhow::bail!("demo package: could not save the demo draft for {key}");
        }
        packages::add_to_package(db, member.id, package, id)
            .await
            .map_err(fail)?;
    }
    tracing::info!("loaded the demo package");
    Ok(())
}

/// The conference the demo rule changes are for: the next one.
pub const DEMO_CONFERENCE: i32 = 2027;

/// Demo organisations for conference, imported through the CSV importer: CLPs across regions
/// with their membership, affiliates with their card-vote weight.
const DEMO_ORGANISATIONS_CSV: &str = "name,kind,region,membership,card_vote_weight
Riverside CLP,clp,London,1240,
Northgate CLP,clp,North West,860,
Eastfield CLP,clp,Yorkshire and the Humber,530,
Harbourside CLP,clp,South West,1710,
Millbrook CLP,clp,West Midlands,640,
Example Workers' Union,affiliate,,,250000
Public Service Union,affiliate,,,410000
Socialist Health Association,affiliate,,,3000
National Executive Committee,nec,,,
";

/// Sets up the demo conference once: organisations, the conference's deadline and settings,
/// the demo delegates seated in their CLPs' delegations, and the demo package's rule changes
/// proposed by Riverside CLP and submitted.
pub async fn load_demo_conference(db: &DatabaseConnection) -> anyhow::Result<()> {
    use app::domain::conference::ConferenceSettings;
    use app::ssr::services::{accounts, drafts, organisations, procedure};
    let fail = |e: app::ssr::error::ServiceError| anyhow::anyhow!("demo conference: {e}");
    if procedure::settings(db, DEMO_CONFERENCE)
        .await
        .map_err(fail)?
        .1
        .is_some()
    {
        return Ok(());
    }
    let Some(admin) = accounts::find_by_email(db, "admin@example.org")
        .await
        .map_err(fail)?
    else {
        return Ok(());
    };
    let report = organisations::import_csv(db, admin.id, DEMO_ORGANISATIONS_CSV.as_bytes())
        .await
        .map_err(fail)?;
    if !report.rejected.is_empty() {
        anyhow::bail!(
            "demo conference: organisations refused: {:?}",
            report.rejected
        );
    }
    procedure::save_conference(
        db,
        DEMO_CONFERENCE,
        procedure::default_deadline(DEMO_CONFERENCE),
        &ConferenceSettings::default(),
    )
    .await
    .map_err(fail)?;
    let rows = organisations::list(db, &Default::default())
        .await
        .map_err(fail)?;
    let org = |name: &str| rows.iter().find(|o| o.name == name).map(|o| o.id);
    for (email, clp) in [
        ("delegate@example.org", "Riverside CLP"),
        ("delegate2@example.org", "Northgate CLP"),
    ] {
        if let Some(org_id) = org(clp) {
            organisations::assign_delegate(db, admin.id, DEMO_CONFERENCE, org_id, email)
                .await
                .map_err(fail)?;
        }
    }
    let Some(member) = accounts::find_by_email(db, "member@example.org")
        .await
        .map_err(fail)?
    else {
        return Ok(());
    };
    let member_user = accounts::current_user(db, member.id)
        .await
        .map_err(fail)?
        .ok_or_else(|| anyhow::anyhow!("demo conference: the demo member is missing"))?;
    for draft in drafts::list_drafts(db, member.id).await.map_err(fail)? {
        let view = drafts::load_draft(db, member.id, draft.id)
            .await
            .map_err(fail)?;
        drafts::update_details(
            db,
            member.id,
            draft.id,
            view.revision,
            &drafts::DraftDetails {
                title: &view.title,
                supporting_argument: "Members facing suspension deserve to know the case \
                                      against them, a prompt review and their voice in the \
                                      Party while it is decided.",
                summary: &view.title,
                proposer_org_id: org("Riverside CLP"),
            },
        )
        .await
        .map_err(fail)?;
        let form = procedure::EventForm {
            event: "submit".into(),
            ..Default::default()
        };
        procedure::transition(db, &member_user, draft.id, &form)
            .await
            .map_err(fail)?;
    }
    tracing::info!("loaded the demo conference");
    Ok(())
}
