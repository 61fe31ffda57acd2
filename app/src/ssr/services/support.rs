//! Tracking support: organisations' backing, delegates' pledges and the whip board with its
//! card-vote forecast. Every write bumps the rule change's support revision, which live whip
//! boards poll.
//!
//! Who may do what: organisers and admins see every whip board and record backing and pledges
//! they collected; a delegate records their own pledge, with the delegation they sit in for the
//! conference that debates the rule change.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::domain::conference::forecast::{SectionForecast, forecast};
use crate::model::accounts::{CurrentUser, Role};
use crate::model::support::{
    BackingView, PledgePosition, PledgeTally, PledgeView, Stance, SupportAccess, WhipBoard,
};
use crate::ssr::entities::{
    backing, delegation, organisation, package, pledge, rule_change, support_revision, user,
};
use crate::ssr::error::ServiceError;
use crate::ssr::services::audit::{self, Target};
use crate::ssr::services::procedure;

/// The longest meeting name and evidence note accepted, in characters.
const MAX_NOTE_CHARS: usize = 2_000;

fn is_organiser(user: &CurrentUser) -> bool {
    matches!(user.role, Role::Organiser | Role::Admin)
}

fn forbidden() -> ServiceError {
    ServiceError::Forbidden("Only organisers can do this.".into())
}

/// Bumps the support revision of each rule change (creating the counter when missing).
async fn bump(db: &impl ConnectionTrait, ids: &[i32]) -> Result<(), ServiceError> {
    for &id in ids {
        support_revision::Entity::insert(support_revision::ActiveModel {
            rule_change_id: Set(id),
            revision: Set(1),
        })
        .on_conflict(
            OnConflict::column(support_revision::Column::RuleChangeId)
                .value(
                    support_revision::Column::Revision,
                    Expr::col((support_revision::Entity, support_revision::Column::Revision))
                        .add(1),
                )
                .to_owned(),
        )
        .exec(db)
        .await?;
    }
    Ok(())
}

/// The highest support revision over some rule changes (0 when nothing was recorded).
pub async fn revision(db: &impl ConnectionTrait, ids: &[i32]) -> Result<i64, ServiceError> {
    Ok(support_revision::Entity::find()
        .filter(support_revision::Column::RuleChangeId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.revision)
        .sum())
}

/// What a backing form carries.
#[derive(Debug, Clone)]
pub struct NewBacking<'a> {
    pub organisation_id: i32,
    pub stance: &'a str,
    pub meeting: &'a str,
    pub decided_on: Option<&'a str>,
    pub evidence: &'a str,
}

/// Records (or replaces) an organisation's backing of a rule change, or of every rule change
/// in a package (`package = true`, `id` the package). Organisers only.
pub async fn record_backing(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    id: i32,
    package: bool,
    input: NewBacking<'_>,
) -> Result<(), ServiceError> {
    if !is_organiser(user) {
        return Err(forbidden());
    }
    let stance: Stance = input.stance.parse().map_err(|_| {
        ServiceError::Invalid("Choose proposer, seconder, endorser or opposer.".into())
    })?;
    let meeting = input.meeting.trim();
    let evidence = input.evidence.trim();
    if meeting.chars().count() > 200 || evidence.chars().count() > MAX_NOTE_CHARS {
        return Err(ServiceError::Invalid(format!(
            "The meeting is limited to 200 characters and the evidence to {MAX_NOTE_CHARS}."
        )));
    }
    let decided_on = match input.decided_on.map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(text) => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            ServiceError::Invalid(format!("“{text}” is not a date; write it as 2025-06-12."))
        })?),
    };
    let txn = super::begin_write(db).await?;
    let ids = target_ids(&txn, user, id, package).await?;
    organisation::Entity::find_by_id(input.organisation_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::Invalid("Choose the organisation from the list.".into()))?;
    for &rule_change_id in &ids {
        backing::Entity::insert(backing::ActiveModel {
            id: NotSet,
            rule_change_id: Set(rule_change_id),
            organisation_id: Set(input.organisation_id),
            stance: Set(stance),
            meeting: Set(meeting.to_owned()),
            decided_on: Set(decided_on),
            evidence: Set(evidence.to_owned()),
            recorded_by: Set(user.id),
            recorded_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::columns([
                backing::Column::RuleChangeId,
                backing::Column::OrganisationId,
            ])
            .update_columns([
                backing::Column::Stance,
                backing::Column::Meeting,
                backing::Column::DecidedOn,
                backing::Column::Evidence,
                backing::Column::RecordedBy,
                backing::Column::RecordedAt,
            ])
            .to_owned(),
        )
        .exec(&txn)
        .await?;
    }
    bump(&txn, &ids).await?;
    audit::record(
        &txn,
        Some(user.id),
        "record_backing",
        Target::SupportRecord,
        Some(format!("{ids:?}")),
        Some(format!(
            "organisation {} {}",
            input.organisation_id, input.stance
        )),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The rule changes a support record applies to: one, or a package's.
async fn target_ids(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
    package: bool,
) -> Result<Vec<i32>, ServiceError> {
    if !package {
        return Ok(vec![procedure::visible(db, user, id).await?.id]);
    }
    package::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("There is no package {id}.")))?;
    let ids: Vec<i32> = rule_change::Entity::find()
        .filter(rule_change::Column::PackageId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .filter(|rc| rc.status != "draft" || is_organiser(user))
        .map(|rc| rc.id)
        .collect();
    if ids.is_empty() {
        return Err(ServiceError::NotFound(format!(
            "Package {id} has no rule changes to track yet."
        )));
    }
    Ok(ids)
}

/// The conference a rule change is debated at (its debate year once ruled on, else the
/// conference it was written for).
fn conference_of(rc: &rule_change::Model) -> i32 {
    rc.debate_year.unwrap_or(rc.conference_year)
}

/// The delegate whose pledge `user` records by e-mail address: the user themselves, or (for
/// organisers only) someone else. Who may collect is checked before any account is looked up,
/// so the answer tells nobody else whether an address has an account.
pub async fn pledging_delegate(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    email: &str,
) -> Result<i32, ServiceError> {
    let own = super::accounts::normalise_email(email).is_ok_and(|e| e == user.email);
    if own {
        return Ok(user.id);
    }
    if !is_organiser(user) {
        return Err(ServiceError::Forbidden(
            "Only organisers can record a pledge for someone else.".into(),
        ));
    }
    super::accounts::find_by_email(db, email)
        .await?
        .map(|u| u.id)
        .ok_or_else(|| ServiceError::Invalid("No account has that e-mail address.".into()))
}

/// Records a pledge. A delegate pledges for themselves (`delegate_id` `None`); an organiser
/// may record a pledge they collected from a delegate (`delegate_id` given), marked as such.
pub async fn record_pledge(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    id: i32,
    package: bool,
    delegate_id: Option<i32>,
    position: &str,
    mandated: bool,
) -> Result<(), ServiceError> {
    let position: PledgePosition = position
        .parse()
        .map_err(|_| ServiceError::Invalid("Pledge for, against or undecided.".into()))?;
    let (delegate, collected_by) = match delegate_id {
        Some(other) if other != user.id => {
            if !is_organiser(user) {
                return Err(ServiceError::Forbidden(
                    "Only organisers can record a pledge for someone else.".into(),
                ));
            }
            (other, Some(user.id))
        }
        _ => (user.id, None),
    };
    let txn = super::begin_write(db).await?;
    let ids = target_ids(&txn, user, id, package).await?;
    let rule_changes = rule_change::Entity::find()
        .filter(rule_change::Column::Id.is_in(ids.clone()))
        .all(&txn)
        .await?;
    for rc in &rule_changes {
        let year = conference_of(rc);
        let seat = delegation::Entity::find()
            .filter(delegation::Column::ConferenceYear.eq(year))
            .filter(delegation::Column::UserId.eq(delegate))
            .one(&txn)
            .await?
            .ok_or_else(|| {
                ServiceError::Invalid(format!(
                    "Only delegates to Annual Conference {year} can pledge; {} not in a delegation for {year}.",
                    if collected_by.is_some() { "that person is" } else { "you are" }
                ))
            })?;
        pledge::Entity::insert(pledge::ActiveModel {
            id: NotSet,
            rule_change_id: Set(rc.id),
            delegate_id: Set(delegate),
            organisation_id: Set(seat.organisation_id),
            position: Set(position),
            mandated: Set(mandated),
            collected_by: Set(collected_by),
            recorded_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::columns([pledge::Column::RuleChangeId, pledge::Column::DelegateId])
                .update_columns([
                    pledge::Column::OrganisationId,
                    pledge::Column::Position,
                    pledge::Column::Mandated,
                    pledge::Column::CollectedBy,
                    pledge::Column::RecordedAt,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    }
    bump(&txn, &ids).await?;
    audit::record(
        &txn,
        Some(user.id),
        "record_pledge",
        Target::SupportRecord,
        Some(format!("{ids:?}")),
        Some(format!("delegate {delegate} {position}")),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What the user may do on the support page of a rule change or package.
pub async fn access(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
    package: bool,
) -> Result<SupportAccess, ServiceError> {
    let ids = target_ids(db, user, id, package).await?;
    let first = rule_change::Entity::find_by_id(ids[0])
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("There is no rule change {id}.")))?;
    let seat = delegation::Entity::find()
        .filter(delegation::Column::ConferenceYear.eq(conference_of(&first)))
        .filter(delegation::Column::UserId.eq(user.id))
        .one(db)
        .await?;
    let delegation = match seat {
        Some(seat) => organisation::Entity::find_by_id(seat.organisation_id)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    let own_pledge = pledge::Entity::find()
        .filter(pledge::Column::RuleChangeId.eq(first.id))
        .filter(pledge::Column::DelegateId.eq(user.id))
        .one(db)
        .await?
        .map(|p| p.position);
    Ok(SupportAccess {
        organiser: is_organiser(user),
        delegation,
        own_pledge,
    })
}

/// The whip board of a rule change or a package: backing, pledges by region and the card-vote
/// forecast. Organisers only.
pub async fn whip_board(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
    package: bool,
) -> Result<WhipBoard, ServiceError> {
    if !is_organiser(user) {
        return Err(forbidden());
    }
    let ids = target_ids(db, user, id, package).await?;
    let rule_changes = rule_change::Entity::find()
        .filter(rule_change::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    let title = if package {
        package::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| p.title)
            .unwrap_or_default()
    } else {
        rule_changes
            .first()
            .map(|rc| rc.title.clone())
            .unwrap_or_default()
    };
    let backings = backing::Entity::find()
        .filter(backing::Column::RuleChangeId.is_in(ids.clone()))
        .all(db)
        .await?;
    let pledges = pledge::Entity::find()
        .filter(pledge::Column::RuleChangeId.is_in(ids.clone()))
        .all(db)
        .await?;
    let organisations: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut user_ids: Vec<i32> = pledges.iter().map(|p| p.delegate_id).collect();
    user_ids.extend(pledges.iter().filter_map(|p| p.collected_by));
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();

    // A package's board shows each organisation and delegate once: their stance on the
    // package's first rule change (they are recorded on all of them together).
    let first_id = ids.iter().min().copied().unwrap_or(id);
    let mut backing_views: Vec<BackingView> = backings
        .iter()
        .filter(|b| !package || b.rule_change_id == first_id)
        .filter_map(|b| {
            let org = organisations.get(&b.organisation_id)?;
            Some(BackingView {
                organisation: org.name.clone(),
                kind: org.kind.clone(),
                region: org.region.clone(),
                stance: b.stance,
                meeting: b.meeting.clone(),
                decided_on: b.decided_on.map(|d| d.format("%Y-%m-%d").to_string()),
                evidence: b.evidence.clone(),
            })
        })
        .collect();
    backing_views.sort_by(|a, b| {
        (a.stance.as_str(), &a.organisation).cmp(&(b.stance.as_str(), &b.organisation))
    });
    let board_pledges: Vec<&pledge::Model> = pledges
        .iter()
        .filter(|p| !package || p.rule_change_id == first_id)
        .collect();

    let mut tallies: BTreeMap<String, PledgeTally> = BTreeMap::new();
    let mut pledge_views = Vec::new();
    for p in &board_pledges {
        let org = organisations.get(&p.organisation_id);
        let region = match org {
            Some(o) if o.kind == "affiliate" => "Affiliates".to_owned(),
            Some(o) => o.region.clone().unwrap_or_else(|| "No region".to_owned()),
            None => "No region".to_owned(),
        };
        let tally = tallies
            .entry(region.clone())
            .or_insert_with(|| PledgeTally {
                region,
                ..PledgeTally::default()
            });
        match p.position {
            PledgePosition::For => tally.for_ += 1,
            PledgePosition::Against => tally.against += 1,
            PledgePosition::Undecided => tally.undecided += 1,
        }
        tally.mandated += u32::from(p.mandated);
        tally.collected += u32::from(p.collected_by.is_some());
        pledge_views.push(PledgeView {
            delegate: names.get(&p.delegate_id).cloned().unwrap_or_default(),
            organisation: org.map(|o| o.name.clone()).unwrap_or_default(),
            position: p.position,
            mandated: p.mandated,
            collected_by: p.collected_by.and_then(|c| names.get(&c).cloned()),
        });
    }
    pledge_views
        .sort_by(|a, b| (&a.organisation, &a.delegate).cmp(&(&b.organisation, &b.delegate)));

    let (clp, affiliates) = sections(
        organisations.values(),
        backings
            .iter()
            .filter(|b| b.rule_change_id == first_id)
            .map(|b| (b.organisation_id, b.stance)),
        board_pledges
            .iter()
            .map(|p| (p.organisation_id, p.position)),
    );
    let mut statuses: Vec<(i32, String)> = rule_changes
        .iter()
        .map(|rc| (rc.id, rc.status.clone()))
        .collect();
    statuses.sort_unstable();
    Ok(WhipBoard {
        rule_change_ids: ids.clone(),
        title,
        statuses,
        backing: backing_views,
        tallies: tallies.into_values().collect(),
        pledges: pledge_views,
        forecast: forecast(&clp, &affiliates),
        revision: revision(db, &ids).await?,
    })
}

/// The two card-vote sections as far as support is known.
///
/// CLP section: each CLP's vote is its membership. Its delegates' pledges split that vote
/// between for, against and undecided; with no pledges, a CLP that proposed, seconded or
/// endorsed the change counts for it, one that opposes counts against, and any other CLP is
/// undecided. Affiliate section: each affiliate's card-vote weight, for or against by its
/// backing, else by its delegates' majority, else undecided.
fn sections<'a>(
    organisations: impl Iterator<Item = &'a organisation::Model>,
    backing: impl Iterator<Item = (i32, Stance)>,
    pledges: impl Iterator<Item = (i32, PledgePosition)>,
) -> (SectionForecast, SectionForecast) {
    let stance: HashMap<i32, Stance> = backing.collect();
    let mut by_org: HashMap<i32, [u64; 3]> = HashMap::new();
    for (org, position) in pledges {
        let slot = match position {
            PledgePosition::For => 0,
            PledgePosition::Against => 1,
            PledgePosition::Undecided => 2,
        };
        by_org.entry(org).or_default()[slot] += 1;
    }
    let mut clp = SectionForecast::default();
    let mut affiliates = SectionForecast::default();
    for org in organisations {
        let (section, weight) = match org.kind.as_str() {
            "clp" => (
                &mut clp,
                u64::try_from(org.membership.unwrap_or(0)).unwrap_or(0),
            ),
            "affiliate" => (
                &mut affiliates,
                u64::try_from(org.card_vote_weight.unwrap_or(0)).unwrap_or(0),
            ),
            _ => continue,
        };
        if weight == 0 {
            continue;
        }
        let backed = stance.get(&org.id).copied();
        match (org.kind.as_str(), by_org.get(&org.id), backed) {
            ("clp", Some(counts), _) => {
                let pledged: u64 = counts.iter().sum();
                let for_votes = weight * counts[0] / pledged;
                let against = weight * counts[1] / pledged;
                section.for_votes += for_votes;
                section.against += against;
                section.undecided += weight - for_votes - against;
            }
            (_, _, Some(Stance::Opposer)) => section.against += weight,
            (_, _, Some(_)) => section.for_votes += weight,
            (_, Some(counts), None) if counts[0] > counts[1] => section.for_votes += weight,
            (_, Some(counts), None) if counts[1] > counts[0] => section.against += weight,
            _ => section.undecided += weight,
        }
    }
    (clp, affiliates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(
        id: i32,
        kind: &str,
        membership: Option<i32>,
        weight: Option<i64>,
    ) -> organisation::Model {
        organisation::Model {
            id,
            name: format!("org {id}"),
            kind: kind.into(),
            region: None,
            membership,
            card_vote_weight: weight,
        }
    }

    #[test]
    fn sections_weigh_clps_by_membership_and_affiliates_by_card_vote() {
        let orgs = [
            org(1, "clp", Some(1_000), None),
            org(2, "clp", Some(600), None),
            org(3, "clp", Some(400), None),
            org(4, "affiliate", None, Some(50_000)),
            org(5, "affiliate", None, Some(20_000)),
            org(6, "nec", None, None),
        ];
        let backing = [(2, Stance::Endorser), (4, Stance::Proposer)];
        // CLP 1: two delegates, one for and one undecided; CLP 3: nothing known.
        let pledges = [
            (1, PledgePosition::For),
            (1, PledgePosition::Undecided),
            (5, PledgePosition::Against),
        ];
        let (clp, aff) = sections(orgs.iter(), backing.into_iter(), pledges.into_iter());
        assert_eq!((clp.for_votes, clp.against, clp.undecided), (1_100, 0, 900));
        assert_eq!(
            (aff.for_votes, aff.against, aff.undecided),
            (50_000, 20_000, 0)
        );
    }
}
