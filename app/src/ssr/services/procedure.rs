//! The conference procedure: status transitions (checked by
//! [`crate::domain::conference::workflow`], timestamped, in the audit log), procedure warnings
//! (one rule change per CLP, the deadline, the three-year rule), and the conference overview
//! with near-duplicate groups and the conflict matrix.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, TimeZone, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::domain::conference::checks::{
    Decision, Submission, Warning, past_deadline, submission_limit, three_year_rule,
};
use crate::domain::conference::conflicts::{self, RuleChangeEdits};
use crate::domain::conference::duplicates::{self, Candidate};
use crate::domain::conference::forecast::{
    CardVote, PrintedFigures, PublishedResult, check_published_result, thousands,
};
use crate::domain::conference::workflow::{
    self, Actor, Event, EventKind, Proposer, Recommendation, Ruling, Status,
};
use crate::domain::conference::{ClauseEdit, ConferenceSettings};
use crate::model::accounts::{CurrentUser, Role};
use crate::model::drafts::EditKind;
use crate::model::support::{
    NecRecommendation, Overview, OverviewRow, ProcedureView, ResultRow, ResultView, StatusStep,
    Step,
};
use crate::ssr::entities::{
    conference, organisation, rule_change, rule_change_author, status_event, user,
};
use crate::ssr::error::ServiceError;
use crate::ssr::services::audit::{self, Target};
use crate::ssr::services::drafts;

/// A conference's settings and deadline (unix seconds); defaults when none are recorded.
pub async fn settings(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<(ConferenceSettings, Option<i64>), ServiceError> {
    Ok(match conference::Entity::find_by_id(year).one(db).await? {
        Some(c) => (
            serde_json::from_str(&c.settings).unwrap_or_default(),
            Some(c.submission_deadline.timestamp()),
        ),
        None => (ConferenceSettings::default(), None),
    })
}

/// Records a conference's deadline and settings (admins).
pub async fn save_conference(
    db: &impl ConnectionTrait,
    year: i32,
    deadline: chrono::DateTime<Utc>,
    settings: &ConferenceSettings,
) -> Result<(), ServiceError> {
    let json = serde_json::to_string(settings)
        .map_err(|e| ServiceError::Invalid(format!("Settings could not be stored: {e}")))?;
    conference::Entity::insert(conference::ActiveModel {
        year: Set(year),
        submission_deadline: Set(deadline),
        settings: Set(json),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(conference::Column::Year)
            .update_columns([
                conference::Column::SubmissionDeadline,
                conference::Column::Settings,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// The capacities in which `user` acts on a rule change.
async fn capacities(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    rc: &rule_change::Model,
) -> Result<Vec<Actor>, ServiceError> {
    let mut actors = Vec::new();
    if rule_change_author::Entity::find_by_id((rc.id, user.id))
        .one(db)
        .await?
        .is_some()
    {
        actors.push(Actor::Author);
    }
    match user.role {
        Role::Organiser => actors.push(Actor::Organiser),
        Role::Admin => actors.extend([Actor::Organiser, Actor::Admin]),
        Role::Member | Role::Delegate => {}
    }
    Ok(actors)
}

async fn proposer_of(
    db: &impl ConnectionTrait,
    rc: &rule_change::Model,
) -> Result<Option<(organisation::Model, Proposer)>, ServiceError> {
    let Some(org_id) = rc.proposer_org_id else {
        return Ok(None);
    };
    Ok(organisation::Entity::find_by_id(org_id)
        .one(db)
        .await?
        .map(|org| {
            let proposer = match org.kind.as_str() {
                "affiliate" => Proposer::Affiliate,
                "nec" => Proposer::Nec,
                _ => Proposer::Clp,
            };
            (org, proposer)
        }))
}

/// An event as a form sends it: its stable name and the fields it needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventForm {
    /// `submit`, `in_order`, `out_of_order`, `appeal`, `appeal_upheld`, `appeal_dismissed`,
    /// `recommend_support`, `recommend_oppose`, `recommend_remit`, `debate`, `carry`, `lose`,
    /// `remit`, `withdraw`.
    pub event: String,
    /// The reason (out of order) or grounds (appeal), in the recorder's words.
    pub reason: String,
    /// Out of order: which of the CAC's reasons ([`workflow::OutOfOrderReason::as_str`]);
    /// empty means another reason, given in `reason`.
    pub ruling_reason: String,
    /// Card votes for a result: CLP for, CLP against, affiliates for, affiliates against.
    pub votes: Option<[u64; 4]>,
    /// For a result: the figures the result sheet printed, as far as they were entered.
    pub printed: PrintedFigures,
}

/// How an out-of-order ruling reads in the procedure's history.
fn out_of_order_detail(reason: workflow::OutOfOrderReason, detail: &str) -> String {
    match (reason, detail.is_empty()) {
        (workflow::OutOfOrderReason::Other, _) => format!("Out of order: {detail}"),
        (reason, true) => format!("Out of order: {}", reason.label()),
        (reason, false) => format!("Out of order: {}. {detail}", reason.label()),
    }
}

/// The status a rule change has stored. A value that names no status is a fault in the data,
/// reported as such (and logged), never read as some other status.
fn stored_status(rc: &rule_change::Model) -> Result<Status, ServiceError> {
    rc.status.parse().map_err(|error: workflow::UnknownStatus| {
        ServiceError::Db(sea_orm::DbErr::Custom(format!(
            "rule change {}: {error}",
            rc.id
        )))
    })
}

/// Reads an event form; `now` is when it is recorded.
pub fn event_from_form(form: &EventForm, now: i64) -> Result<Event, ServiceError> {
    let votes = || -> Result<CardVote, ServiceError> {
        let [clp_for, clp_against, aff_for, aff_against] = form.votes.ok_or_else(|| {
            ServiceError::Invalid("Enter the card-vote figures of both sections.".into())
        })?;
        Ok(CardVote {
            clp: crate::domain::conference::forecast::Votes {
                for_votes: clp_for,
                against: clp_against,
            },
            affiliates: crate::domain::conference::forecast::Votes {
                for_votes: aff_for,
                against: aff_against,
            },
        })
    };
    let reason = form.reason.trim().to_owned();
    if reason.chars().count() > 2_000 {
        return Err(ServiceError::Invalid(
            "The reason is limited to 2,000 characters.".into(),
        ));
    }
    let step: Step = form.event.parse().map_err(|_| {
        ServiceError::Invalid(format!(
            "“{}” is not a step of the conference procedure.",
            form.event
        ))
    })?;
    Ok(match step {
        Step::Submit => Event::Submit { submitted_at: now },
        Step::InOrder => Event::CacRuling {
            ruling: Ruling::InOrder,
        },
        Step::OutOfOrder => {
            let kind = match form.ruling_reason.trim() {
                "" => workflow::OutOfOrderReason::Other,
                name => workflow::OutOfOrderReason::from_name(name).ok_or_else(|| {
                    ServiceError::Invalid(format!(
                        "“{name}” is not one of the CAC's reasons; choose one from the list."
                    ))
                })?,
            };
            if kind == workflow::OutOfOrderReason::Other && reason.is_empty() {
                return Err(ServiceError::Invalid(
                    "Give the CAC's reason for ruling the rule change out of order.".into(),
                ));
            }
            Event::CacRuling {
                ruling: Ruling::OutOfOrder {
                    reason: kind,
                    detail: reason,
                },
            }
        }
        Step::Appeal => Event::Appeal { grounds: reason },
        Step::AppealUpheld => Event::AppealDecided { upheld: true },
        Step::AppealDismissed => Event::AppealDecided { upheld: false },
        Step::RecommendSupport => Event::NecRecommendation {
            recommendation: Recommendation::Support,
        },
        Step::RecommendOppose => Event::NecRecommendation {
            recommendation: Recommendation::Oppose,
        },
        Step::RecommendRemit => Event::NecRecommendation {
            recommendation: Recommendation::Remit,
        },
        Step::Debate => Event::Debate,
        Step::Carry | Step::Lose => {
            form.printed.validate().map_err(ServiceError::Invalid)?;
            let vote = votes()?;
            if step == Step::Carry {
                Event::Carry { vote }
            } else {
                Event::Lose { vote }
            }
        }
        Step::Remit => Event::Remit,
        Step::Withdraw => Event::Withdraw,
    })
}

/// Records a step of the procedure. Refused, with the reason, when the user may not record it
/// or the rule change is not at a stage where it can happen.
pub async fn transition(
    db: &(impl ConnectionTrait + TransactionTrait),
    user: &CurrentUser,
    id: i32,
    form: &EventForm,
) -> Result<ProcedureView, ServiceError> {
    let now = Utc::now();
    let event = event_from_form(form, now.timestamp())?;
    let txn = super::begin_write(db).await?;
    let rc = visible(&txn, user, id).await?;
    let actors = capacities(&txn, user, &rc).await?;
    if !actors.iter().any(|a| workflow::may(*a, &event)) {
        return Err(ServiceError::Forbidden(format!(
            "You cannot record this step: {} is recorded by {}.",
            event_label(event.kind()),
            workflow::who_may(event.kind())
                .iter()
                .map(|a| actor_label(*a))
                .collect::<Vec<_>>()
                .join(" or ")
        )));
    }
    let status = stored_status(&rc)?;
    let proposer = proposer_of(&txn, &rc).await?;
    if matches!(event, Event::Submit { .. }) && proposer.is_none() {
        return Err(ServiceError::Invalid(
            "Choose the proposing CLP, affiliate or the NEC before submitting.".into(),
        ));
    }
    let (conference_settings, deadline) = settings(&txn, rc.conference_year).await?;
    let ctx = conference_settings.context(
        proposer.as_ref().map_or(Proposer::Clp, |(_, p)| *p),
        rc.conference_year,
        now.year(),
        deadline,
    );
    let next = workflow::apply(status, &event, &ctx)
        .map_err(|refused| ServiceError::Invalid(refused.reason))?;
    let mut update = rule_change::ActiveModel {
        id: Set(rc.id),
        status: Set(next.as_str().to_owned()),
        updated_at: Set(now),
        ..Default::default()
    };
    let detail = match &event {
        Event::Submit { .. } => {
            update.submitted_at = Set(Some(now));
            format!(
                "Submitted by {}",
                proposer.as_ref().map_or("", |(o, _)| o.name.as_str())
            )
        }
        Event::CacRuling { ruling } => {
            update.debate_year = Set(Some(ctx.debate_year()));
            match ruling {
                Ruling::InOrder if next == Status::HeldOver => format!(
                    "In order; held over to Annual Conference {}",
                    ctx.debate_year()
                ),
                Ruling::InOrder => "In order".to_owned(),
                Ruling::OutOfOrder { reason, detail } => out_of_order_detail(*reason, detail),
            }
        }
        Event::Appeal { grounds } => format!("Appealed: {grounds}"),
        Event::AppealDecided { upheld } => {
            update.debate_year = Set(Some(ctx.debate_year()));
            if *upheld {
                "Appeal upheld".to_owned()
            } else {
                "Appeal dismissed".to_owned()
            }
        }
        Event::NecRecommendation { recommendation } => {
            let recommendation = match recommendation {
                Recommendation::Support => NecRecommendation::Support,
                Recommendation::Oppose => NecRecommendation::Oppose,
                Recommendation::Remit => NecRecommendation::Remit,
            };
            update.nec_recommendation = Set(Some(recommendation));
            format!("NEC recommends: {recommendation}")
        }
        Event::Debate => "Debated".to_owned(),
        Event::Carry { vote } | Event::Lose { vote } => {
            update.card_vote = Set(serde_json::to_string(vote).ok());
            let published = PublishedResult::from_votes(
                vote,
                &form.printed,
                Some(matches!(event, Event::Carry { .. })),
            );
            let flags = check_published_result(&published);
            if !form.printed.is_empty() {
                update.published_result = Set(serde_json::to_string(&published).ok());
            }
            let r = vote.result();
            let mut detail = format!(
                "Card vote: {:.2}% for (CLPs {:.2}%, affiliates {:.2}%)",
                r.total_for, r.clp_for, r.affiliates_for
            );
            if !flags.is_empty() {
                let _ = write!(
                    detail,
                    "; {} printed figure{} do not add up",
                    flags.len(),
                    if flags.len() == 1 { "" } else { "s" }
                );
            }
            detail
        }
        Event::Remit => "Remitted to the NEC".to_owned(),
        Event::Withdraw => "Withdrawn".to_owned(),
    };
    rule_change::Entity::update(update).exec(&txn).await?;
    status_event::Entity::insert(status_event::ActiveModel {
        id: NotSet,
        rule_change_id: Set(rc.id),
        from_status: Set(status.as_str().to_owned()),
        to_status: Set(next.as_str().to_owned()),
        detail: Set(detail.clone()),
        actor_id: Set(user.id),
        at: Set(now),
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        Some(user.id),
        "status_transition",
        Target::RuleChange,
        Some(rc.id.to_string()),
        Some(format!("{} → {}: {detail}", status.as_str(), next.as_str())),
    )
    .await?;
    txn.commit().await?;
    procedure_view(db, user, id).await
}

fn event_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Submit => "submission",
        EventKind::CacRuling => "the CAC's ruling",
        EventKind::Appeal => "an appeal",
        EventKind::AppealDecided => "the outcome of an appeal",
        EventKind::NecRecommendation => "the NEC's recommendation",
        EventKind::Debate => "the debate",
        EventKind::Carry | EventKind::Lose => "the result",
        EventKind::Remit => "remission",
        EventKind::Withdraw => "withdrawal",
    }
}

fn actor_label(actor: Actor) -> &'static str {
    match actor {
        Actor::Author => "its authors",
        Actor::Organiser => "organisers",
        Actor::Admin => "admins",
    }
}

/// A rule change the user may see in the procedure: any that is not a draft, and drafts for
/// their authors and organisers.
pub(crate) async fn visible(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
) -> Result<rule_change::Model, ServiceError> {
    let not_found = || ServiceError::NotFound(format!("There is no rule change {id}."));
    let rc = rule_change::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    if rc.status == Status::Draft.as_str()
        && !matches!(user.role, Role::Organiser | Role::Admin)
        && rule_change_author::Entity::find_by_id((id, user.id))
            .one(db)
            .await?
            .is_none()
    {
        return Err(not_found());
    }
    Ok(rc)
}

/// A rule change's place in the procedure, its history, warnings, and the steps the user may
/// record now.
pub async fn procedure_view(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
) -> Result<ProcedureView, ServiceError> {
    let rc = visible(db, user, id).await?;
    let status = stored_status(&rc)?;
    let events = status_event::Entity::find()
        .filter(status_event::Column::RuleChangeId.eq(id))
        .order_by_asc(status_event::Column::Id)
        .all(db)
        .await?;
    let actor_ids: Vec<i32> = events.iter().map(|e| e.actor_id).collect();
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let label = |s: &str| {
        s.parse::<Status>()
            .map_or_else(|_| s.to_owned(), |s| s.label().to_owned())
    };
    let history = events
        .iter()
        .map(|e| StatusStep {
            from: label(&e.from_status),
            to: label(&e.to_status),
            detail: e.detail.clone(),
            actor: names.get(&e.actor_id).cloned().unwrap_or_default(),
            at: e.at.to_rfc3339(),
        })
        .collect();
    let proposer = proposer_of(db, &rc).await?;
    let (conference_settings, deadline) = settings(db, rc.conference_year).await?;
    let warnings = warnings(db, &rc, &conference_settings, deadline).await?;
    let actors = capacities(db, user, &rc).await?;
    let now = Utc::now();
    let ctx = conference_settings.context(
        proposer.as_ref().map_or(Proposer::Clp, |(_, p)| *p),
        rc.conference_year,
        now.year(),
        deadline,
    );
    let allowed_events = Step::ALL
        .iter()
        .copied()
        .filter(|step| {
            let form = EventForm {
                event: step.as_str().to_owned(),
                reason: "reason".into(),
                ruling_reason: String::new(),
                votes: Some(match step {
                    Step::Lose => [0, 1, 0, 1],
                    _ => [1, 0, 1, 0],
                }),
                printed: PrintedFigures::default(),
            };
            event_from_form(&form, now.timestamp()).is_ok_and(|event| {
                actors.iter().any(|a| workflow::may(*a, &event))
                    && workflow::apply(status, &event, &ctx).is_ok()
            })
        })
        .collect();
    Ok(ProcedureView {
        id: rc.id,
        title: rc.title.clone(),
        proposer: proposer.map(|(o, _)| o.name),
        status: status.as_str().to_owned(),
        status_label: status.label().to_owned(),
        debate_year: rc.debate_year,
        nec_recommendation: rc.nec_recommendation.map(|r| r.as_str().to_owned()),
        warnings,
        history,
        allowed_events,
        result: recorded_result(&rc),
    })
}

/// The card-vote result recorded on a rule change, with its printed figures checked.
fn recorded_result(rc: &rule_change::Model) -> Option<ResultView> {
    let vote: CardVote = serde_json::from_str(rc.card_vote.as_deref()?).ok()?;
    let published: Option<PublishedResult> = rc
        .published_result
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok());
    Some(result_view(&vote, published.as_ref()))
}

/// A card-vote result for reading: the percentages the votes give beside those printed, and
/// every printed figure that does not add up.
pub fn result_view(vote: &CardVote, published: Option<&PublishedResult>) -> ResultView {
    let r = vote.result();
    let pct = |p: f64| format!("{p:.2}%");
    let votes = |n: u64| thousands(n.into());
    let section =
        |name: &str,
         v: &crate::domain::conference::forecast::Votes,
         for_pct: f64,
         against_pct: f64,
         printed: Option<&crate::domain::conference::forecast::PublishedSection>| {
            ResultRow {
                section: name.to_owned(),
                for_votes: votes(v.for_votes),
                against: votes(v.against),
                for_pct: pct(for_pct),
                printed_for_pct: printed.map(|s| pct(s.for_pct)),
                against_pct: pct(against_pct),
                printed_against_pct: printed.and_then(|s| s.against_pct).map(pct),
                stated_total: printed.and_then(|s| s.stated_total).map(votes),
            }
        };
    let rows = vec![
        section(
            "CLPs",
            &vote.clp,
            r.clp_for,
            r.clp_against,
            published.map(|p| &p.clp),
        ),
        section(
            "Affiliates",
            &vote.affiliates,
            r.affiliates_for,
            r.affiliates_against,
            published.map(|p| &p.affiliates),
        ),
        ResultRow {
            section: "Total".to_owned(),
            for_votes: String::new(),
            against: String::new(),
            for_pct: pct(r.total_for),
            printed_for_pct: published.map(|p| pct(p.total_for_pct)),
            against_pct: pct(r.total_against),
            printed_against_pct: published.and_then(|p| p.total_against_pct).map(pct),
            stated_total: None,
        },
    ];
    ResultView {
        rows,
        carried: r.carried == Some(true),
        printed: published.is_some(),
        flags: published
            .map(check_published_result)
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.message)
            .collect(),
    }
}

/// Procedure warnings for one rule change.
async fn warnings(
    db: &impl ConnectionTrait,
    rc: &rule_change::Model,
    settings: &ConferenceSettings,
    deadline: Option<i64>,
) -> Result<Vec<Warning>, ServiceError> {
    let mut out = Vec::new();
    if let (Some(submitted), Some(deadline)) = (rc.submitted_at, deadline) {
        out.extend(past_deadline(rc.id, submitted.timestamp(), deadline));
    }
    if let Some(org) = rc.proposer_org_id {
        let submissions: Vec<Submission> = rule_change::Entity::find()
            .filter(rule_change::Column::ProposerOrgId.eq(org))
            .filter(rule_change::Column::ConferenceYear.eq(rc.conference_year))
            .filter(rule_change::Column::SubmittedAt.is_not_null())
            .all(db)
            .await?
            .into_iter()
            .map(|other| Submission {
                org_id: org,
                year: other.conference_year,
                rule_change_id: other.id,
            })
            .collect();
        out.extend(
            submission_limit(&submissions, &settings.procedure)
                .into_iter()
                .filter(|w| w.rule_change_ids.contains(&rc.id)),
        );
    }
    // The three-year rule: the clauses this change touches, against conference's decisions.
    let mine = drafts::view(db, rc.clone()).await?;
    let touched: Vec<&str> = mine.edits.iter().map(|e| e.key.as_str()).collect();
    if !touched.is_empty() {
        let decided = rule_change::Entity::find()
            .filter(
                rule_change::Column::Status
                    .is_in([Status::Carried.as_str(), Status::Lost.as_str()]),
            )
            .filter(rule_change::Column::Id.ne(rc.id))
            .all(db)
            .await?;
        let mut history = Vec::new();
        for other in decided {
            let year = other.debate_year.unwrap_or(other.conference_year);
            let id = other.id;
            for edit in drafts::view(db, other).await?.edits {
                history.push(Decision {
                    conference_year: year,
                    node_key: edit.key,
                    rule_change_id: Some(id),
                });
            }
        }
        let year = rc.debate_year.unwrap_or(rc.conference_year);
        out.extend(three_year_rule(
            rc.id,
            year,
            &touched,
            &history,
            &settings.procedure,
        ));
    }
    Ok(out)
}

/// The conference overview (organisers and admins).
pub async fn overview(db: &impl ConnectionTrait, year: i32) -> Result<Overview, ServiceError> {
    let rule_changes = rule_change::Entity::find()
        .filter(rule_change::Column::Status.ne(Status::Draft.as_str()))
        .filter(
            Condition::any()
                .add(rule_change::Column::DebateYear.eq(year))
                .add(rule_change::Column::ConferenceYear.eq(year)),
        )
        .order_by_asc(rule_change::Column::Id)
        .all(db)
        .await?;
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut rows = Vec::new();
    let mut edits = Vec::new();
    let mut candidates = Vec::new();
    for rc in rule_changes {
        let view = drafts::view(db, rc.clone()).await?;
        let clause_edits: Vec<ClauseEdit> = view
            .edits
            .iter()
            .map(|e| conflict_edit(&e.key, e.kind, &e.base_text, &e.edited_text))
            .collect();
        rows.push(OverviewRow {
            id: rc.id,
            title: rc.title.clone(),
            proposer: rc
                .proposer_org_id
                .and_then(|o| organisations.get(&o).cloned()),
            status: rc
                .status
                .parse::<Status>()
                .map_or_else(|_| rc.status.clone(), |s| s.label().to_owned()),
            clauses: view.edits.iter().map(|e| e.key.clone()).collect(),
        });
        candidates.push(Candidate {
            rule_change_id: rc.id,
            org_id: rc.proposer_org_id.unwrap_or(-rc.id),
            edits: clause_edits.clone(),
        });
        edits.push(RuleChangeEdits {
            rule_change_id: rc.id,
            edits: clause_edits,
        });
    }
    let conflicts = conflicts::conflict_matrix(&edits, &[])
        .into_iter()
        .filter(|c| !c.pairs.is_empty())
        .collect();
    Ok(Overview {
        year,
        rule_changes: rows,
        duplicates: duplicates::near_duplicates(&candidates, duplicates::DEFAULT_MIN_SIMILARITY),
        conflicts,
    })
}

/// A draft's edit of one clause as the conflict checks compare it: a new rule after `key` is
/// compared only with other new rules after `key` (key `{key}+`), a deletion takes the whole
/// node.
pub(crate) fn conflict_edit(
    key: &str,
    kind: EditKind,
    base_text: &str,
    edited_text: &str,
) -> ClauseEdit {
    ClauseEdit {
        node_key: match kind {
            EditKind::InsertAfter => format!("{key}+"),
            _ => key.to_owned(),
        },
        base_text: base_text.to_owned(),
        edited_text: edited_text.to_owned(),
        kind: match kind {
            EditKind::Delete => crate::domain::conference::EditKind::DeleteNode,
            _ => crate::domain::conference::EditKind::Text,
        },
    }
}

/// The start of a year's conference deadline default: noon UTC on 1 June.
pub fn default_deadline(year: i32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(year, 6, 1, 12, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

/// The conferences with settings recorded, newest first.
pub async fn conference_years(db: &impl ConnectionTrait) -> Result<Vec<i32>, ServiceError> {
    Ok(conference::Entity::find()
        .order_by_desc(conference::Column::Year)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.year)
        .collect())
}
