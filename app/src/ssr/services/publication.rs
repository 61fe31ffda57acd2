//! Publishing rule changes: the public page of a submitted rule change, the proposals touching
//! a clause, the delegate reading pack, the Rule Book "as it would read" with a chosen set of
//! rule changes (conflicts reported, never silently resolved), and — after conference — the
//! next edition built from the carried rule changes, all or nothing.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait,
};

use crate::domain::conference::ClauseEdit;
use crate::domain::conference::conflicts::{self, Package, Party, RuleChangeEdits};
use crate::domain::conference::workflow::Status;
use crate::domain::diff::word_diff;
use crate::domain::edition_build::{self, ChangeEdit, ChangeSet};
use crate::model::accounts::{CurrentUser, Role};
use crate::model::drafts::{DraftView, EditKind};
use crate::model::publication::{
    AsItWouldRead, ClausePair, ClauseProposal, ClauseProposalList, NextEditionReport, PartyLink,
    PublishedClause, PublishedPackage, PublishedRuleChange, ReadNode, ReadingPack, Selection,
};
use crate::model::support::NecRecommendation;
use crate::ssr::entities::{
    clause_version, edition, edition_clause, organisation, package, rule_change,
    rule_change_author, rule_change_edit,
};
use crate::ssr::error::ServiceError;
use crate::ssr::services::audit::{self, Target};
use crate::ssr::services::{drafts, procedure, rulebook};

/// Statuses whose rule changes are public.
fn is_public(status: &str) -> bool {
    status != Status::Draft.as_str()
}

fn label_of(status: &str) -> String {
    status
        .parse::<Status>()
        .map_or_else(|_| status.to_owned(), |s| s.label().to_owned())
}

/// A rule change as members read it: public once submitted; before that, only for its
/// authors, organisers and admins (a preview).
pub async fn published(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    id: i32,
) -> Result<PublishedRuleChange, ServiceError> {
    let not_found = || ServiceError::NotFound(format!("There is no published rule change {id}."));
    let rc = rule_change::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    if !is_public(&rc.status) {
        let may_preview = match viewer {
            Some(user) if matches!(user.role, Role::Organiser | Role::Admin) => true,
            Some(user) => rule_change_author::Entity::find_by_id((id, user.id))
                .one(db)
                .await?
                .is_some(),
            None => false,
        };
        if !may_preview {
            return Err(not_found());
        }
    }
    Ok(publish(db, rc).await?.1)
}

/// The rule change published, with the Rule Book position of the first clause it amends.
async fn publish(
    db: &impl ConnectionTrait,
    rc: rule_change::Model,
) -> Result<(i32, PublishedRuleChange), ServiceError> {
    let proposer = match rc.proposer_org_id {
        Some(org) => organisation::Entity::find_by_id(org)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    let package = match rc.package_id {
        Some(p) => package::Entity::find_by_id(p)
            .one(db)
            .await?
            .map(|p| (p.id, p.title)),
        None => None,
    };
    let status = rc.status.clone();
    let nec_recommendation = rc.nec_recommendation.map(|r| r.as_str().to_owned());
    let view = drafts::view(db, rc).await?;
    let position = view
        .edits
        .iter()
        .map(|e| e.position)
        .min()
        .unwrap_or(i32::MAX);
    Ok((
        position,
        published_from(view, proposer, package, status, nec_recommendation),
    ))
}

fn published_from(
    view: DraftView,
    proposer: Option<String>,
    package: Option<(i32, String)>,
    status: String,
    nec_recommendation: Option<String>,
) -> PublishedRuleChange {
    PublishedRuleChange {
        id: view.id,
        title: view.title,
        proposer,
        conference_year: view.conference_year,
        edition_year: view.edition_year,
        status_label: label_of(&status),
        status,
        nec_recommendation,
        summary: view.summary,
        supporting_argument: view.supporting_argument,
        wording: view.wording,
        clauses: view
            .edits
            .into_iter()
            .map(|e| PublishedClause {
                heading: e.heading(),
                key: e.key,
                current_text: e.base_text,
                proposed_text: e.edited_text,
                diff: e.diff,
            })
            .collect(),
        package,
    }
}

/// Public rule changes for a conference (its own year, or held over to it), in Rule Book
/// order of the first clause each amends.
async fn public_for(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<PublishedRuleChange>, ServiceError> {
    let found = rule_change::Entity::find()
        .filter(rule_change::Column::Status.ne(Status::Draft.as_str()))
        .filter(rule_change::Column::Status.ne(Status::Withdrawn.as_str()))
        .order_by_asc(rule_change::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|rc| {
            rc.debate_year.unwrap_or(rc.conference_year) == year || rc.conference_year == year
        });
    let mut out = Vec::new();
    for rc in found {
        out.push(publish(db, rc).await?);
    }
    out.sort_by_key(|(position, p)| (*position, p.id));
    Ok(out.into_iter().map(|(_, p)| p).collect())
}

/// A package as members read it: its public rule changes (all of them for its owner), in
/// Rule Book order; not found while none is public.
pub async fn published_package(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    id: i32,
) -> Result<PublishedPackage, ServiceError> {
    let not_found = || ServiceError::NotFound(format!("There is no published package {id}."));
    let found = package::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let owner = viewer.is_some_and(|v| v.id == found.owner_id);
    let members = rule_change::Entity::find()
        .filter(rule_change::Column::PackageId.eq(id))
        .order_by_asc(rule_change::Column::Id)
        .all(db)
        .await?;
    let mut rule_changes = Vec::new();
    for rc in members
        .into_iter()
        .filter(|rc| owner || is_public(&rc.status))
    {
        rule_changes.push(publish(db, rc).await?);
    }
    if rule_changes.is_empty() && !owner {
        return Err(not_found());
    }
    rule_changes.sort_by_key(|(position, p)| (*position, p.id));
    Ok(PublishedPackage {
        id: found.id,
        title: found.title,
        summary: found.summary,
        rule_changes: rule_changes.into_iter().map(|(_, p)| p).collect(),
    })
}

/// The delegate reading pack for a conference.
pub async fn reading_pack(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<ReadingPack, ServiceError> {
    Ok(ReadingPack {
        conference_year: year,
        generated_at: Utc::now().to_rfc3339(),
        rule_changes: public_for(db, year).await?,
    })
}

/// Public rule changes that amend a clause (by key in an edition; the newest by default).
pub async fn proposals_for_clause(
    db: &impl ConnectionTrait,
    edition_year: Option<i32>,
    key: &str,
) -> Result<ClauseProposalList, ServiceError> {
    let edition = match edition_year {
        Some(year) => {
            edition::Entity::find()
                .filter(edition::Column::Year.eq(year))
                .one(db)
                .await?
        }
        None => {
            edition::Entity::find()
                .order_by_desc(edition::Column::Year)
                .one(db)
                .await?
        }
    };
    let Some(edition) = edition else {
        return Ok(ClauseProposalList::default());
    };
    let Some(placement) = edition_clause::Entity::find()
        .filter(edition_clause::Column::EditionId.eq(edition.id))
        .filter(edition_clause::Column::Key.eq(key))
        .one(db)
        .await?
    else {
        return Ok(ClauseProposalList::default());
    };
    let edits = rule_change_edit::Entity::find()
        .filter(rule_change_edit::Column::NodeId.eq(placement.node_id))
        .order_by_asc(rule_change_edit::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = edits.iter().map(|e| e.rule_change_id).collect();
    let rule_changes = rule_change::Entity::find()
        .filter(rule_change::Column::Id.is_in(ids))
        .filter(rule_change::Column::Status.ne(Status::Draft.as_str()))
        .order_by_asc(rule_change::Column::Id)
        .all(db)
        .await?;
    let proposals = rule_changes
        .iter()
        .map(|rc| ClauseProposal {
            id: rc.id,
            title: rc.title.clone(),
            status_label: label_of(&rc.status),
            conference_year: rc.debate_year.unwrap_or(rc.conference_year),
            kind: edits
                .iter()
                .find(|e| e.rule_change_id == rc.id)
                .map(|e| EditKind::from_str_name(&e.kind).unwrap_or_default())
                .unwrap_or_default(),
        })
        .collect();
    let (pairs, conflicts, compared) = clause_pairs(db, key, &edits, &rule_changes).await?;
    Ok(ClauseProposalList {
        proposals,
        pairs,
        conflicts,
        compared,
    })
}

/// Every pair of rule changes (and packages) still before conference that amend the clause
/// `key`, with the verdict on each: conflicts first, at most [`ClauseProposalList::SHOWN_PAIRS`];
/// also how many conflict and how many were compared.
async fn clause_pairs(
    db: &impl ConnectionTrait,
    key: &str,
    edits: &[rule_change_edit::Model],
    rule_changes: &[rule_change::Model],
) -> Result<(Vec<ClausePair>, usize, usize), ServiceError> {
    let live: HashMap<i32, &rule_change::Model> = rule_changes
        .iter()
        .filter(|rc| {
            rc.status
                .parse::<Status>()
                .is_ok_and(|s| !s.is_final() && s != Status::OutOfOrder)
        })
        .map(|rc| (rc.id, rc))
        .collect();
    if live.len() < 2 {
        return Ok((Vec::new(), 0, 0));
    }
    let version_ids: Vec<i32> = edits.iter().map(|e| e.base_version_id).collect();
    let base_texts: HashMap<i32, String> = clause_version::Entity::find()
        .filter(clause_version::Column::Id.is_in(version_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.body))
        .collect();
    let insert_key = format!("{key}+");
    let mut by_rc: std::collections::BTreeMap<i32, Vec<ClauseEdit>> = Default::default();
    for e in edits
        .iter()
        .filter(|e| live.contains_key(&e.rule_change_id))
    {
        let kind = EditKind::from_str_name(&e.kind).unwrap_or_default();
        let base_text = base_texts
            .get(&e.base_version_id)
            .map_or("", String::as_str);
        by_rc
            .entry(e.rule_change_id)
            .or_default()
            .push(procedure::conflict_edit(
                key,
                kind,
                base_text,
                &e.edited_text,
            ));
    }
    let sets: Vec<RuleChangeEdits> = by_rc
        .into_iter()
        .map(|(rule_change_id, edits)| RuleChangeEdits {
            rule_change_id,
            edits,
        })
        .collect();
    let mut members: std::collections::BTreeMap<i32, Vec<i32>> = Default::default();
    for rc in live.values() {
        if let Some(p) = rc.package_id {
            members.entry(p).or_default().push(rc.id);
        }
    }
    let packages: Vec<Package> = members
        .into_iter()
        .map(|(package_id, rule_change_ids)| Package {
            package_id,
            rule_change_ids,
        })
        .collect();
    let package_titles: HashMap<i32, String> = package::Entity::find()
        .filter(package::Column::Id.is_in(packages.iter().map(|p| p.package_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    let mut verdicts = conflicts::clause_conflicts(key, &sets, &packages).pairs;
    verdicts.extend(conflicts::clause_conflicts(&insert_key, &sets, &packages).pairs);
    let compared = verdicts.len();
    // Conflicts first, then in party order; the sort is stable.
    verdicts.sort_by_key(|v| !v.verdict.is_conflict());
    let conflict_count = verdicts.iter().filter(|v| v.verdict.is_conflict()).count();
    let link = |party: Party| match party {
        Party::RuleChange(id) => PartyLink {
            label: format!(
                "Rule change {id}: {}",
                live.get(&id).map_or("", |rc| rc.title.as_str())
            ),
            href: format!("/rule-changes/{id}"),
        },
        Party::Package(id) => PartyLink {
            label: format!(
                "Package {id}: {}",
                package_titles.get(&id).map_or("", String::as_str)
            ),
            href: format!("/packages/{id}/read"),
        },
    };
    let pairs = verdicts
        .into_iter()
        .take(ClauseProposalList::SHOWN_PAIRS)
        .map(|v| ClausePair {
            a: link(v.a),
            b: link(v.b),
            conflict: v.verdict.is_conflict(),
            verdict: v.verdict.summary(),
        })
        .collect();
    Ok((pairs, conflict_count, compared))
}

/// The rule changes a selection names, oldest first.
async fn selected(
    db: &impl ConnectionTrait,
    selection: &Selection,
) -> Result<Vec<rule_change::Model>, ServiceError> {
    let public = rule_change::Entity::find()
        .filter(rule_change::Column::Status.ne(Status::Draft.as_str()))
        .filter(rule_change::Column::Status.ne(Status::Withdrawn.as_str()))
        .order_by_asc(rule_change::Column::Id);
    Ok(match selection {
        Selection::AllSubmitted { year } => public
            .all(db)
            .await?
            .into_iter()
            .filter(|rc| {
                rc.debate_year.unwrap_or(rc.conference_year) == *year || rc.conference_year == *year
            })
            .collect(),
        Selection::Package { id } => {
            public
                .filter(rule_change::Column::PackageId.eq(*id))
                .all(db)
                .await?
        }
        Selection::NecSupports { year } => public
            .filter(rule_change::Column::NecRecommendation.eq(NecRecommendation::Support))
            .all(db)
            .await?
            .into_iter()
            .filter(|rc| rc.debate_year.unwrap_or(rc.conference_year) == *year)
            .collect(),
        Selection::Carried { year } => public
            .filter(rule_change::Column::Status.eq(Status::Carried.as_str()))
            .all(db)
            .await?
            .into_iter()
            .filter(|rc| rc.debate_year.unwrap_or(rc.conference_year) == *year)
            .collect(),
    })
}

/// A rule change as the edition builder takes it.
async fn change_set(
    db: &impl ConnectionTrait,
    rc: rule_change::Model,
    names: &HashMap<i32, String>,
) -> Result<ChangeSet, ServiceError> {
    let proposer = rc
        .proposer_org_id
        .and_then(|o| names.get(&o).cloned())
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let year = rc.debate_year.unwrap_or(rc.conference_year);
    let label = format!("rule change {}{proposer}", rc.id);
    let card = rc
        .card_vote
        .as_deref()
        .and_then(|json| {
            serde_json::from_str::<crate::domain::conference::forecast::CardVote>(json).ok()
        })
        .map(|vote| format!(", card vote {:.2}% for", vote.result().total_for))
        .unwrap_or_default();
    let view = drafts::view(db, rc.clone()).await?;
    let edits = view
        .edits
        .into_iter()
        .map(|e| match e.kind {
            EditKind::Text => ChangeEdit::Text {
                key: e.key,
                base_text: e.base_text,
                edited_text: e.edited_text,
            },
            EditKind::InsertAfter => ChangeEdit::InsertAfter {
                key: e.key,
                text: e.edited_text,
            },
            EditKind::Delete => ChangeEdit::Delete { key: e.key },
        })
        .collect();
    Ok(ChangeSet {
        id: rc.id,
        label,
        provenance: format!("Annual Conference {year}{card}"),
        edits,
    })
}

async fn organisation_names(
    db: &impl ConnectionTrait,
) -> Result<HashMap<i32, String>, ServiceError> {
    Ok(organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The newest edition's year.
async fn newest_year(db: &impl ConnectionTrait) -> Result<i32, ServiceError> {
    edition::Entity::find()
        .order_by_desc(edition::Column::Year)
        .one(db)
        .await?
        .map(|e| e.year)
        .ok_or_else(|| ServiceError::NotFound("No edition of the Rule Book exists.".into()))
}

/// The newest edition (or one chapter of it, by key) with the selected rule changes applied:
/// every changed rule marked with what changed it, and the conflicts and failures between the
/// chosen changes listed.
pub async fn as_it_would_read(
    db: &impl ConnectionTrait,
    selection: &Selection,
    chapter: Option<&str>,
) -> Result<AsItWouldRead, ServiceError> {
    let year = newest_year(db).await?;
    let book = rulebook::export_edition(db, year).await?;
    let names = organisation_names(db).await?;
    let mut changes = Vec::new();
    let mut titles = HashMap::new();
    for rc in selected(db, selection).await? {
        titles.insert(rc.id, rc.title.clone());
        changes.push(change_set(db, rc, &names).await?);
    }
    let outcome = edition_build::build(&book, &changes);
    let old_text: HashMap<String, &str> = book
        .tree()
        .into_iter()
        .zip(book.nodes.iter())
        .map(|(t, n)| (t.key, n.text.as_str()))
        .collect();
    let mut notes: HashMap<&str, Vec<String>> = HashMap::new();
    for p in &outcome.provenance {
        notes
            .entry(p.key.as_str())
            .or_default()
            .push(p.note.clone());
    }
    let tree = outcome.book.tree();
    let nodes = outcome
        .book
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(index, node)| {
            let key = tree.get(index)?.key.clone();
            let in_chapter = chapter.is_none_or(|c| key == c || key.starts_with(&format!("{c}.")));
            if !in_chapter {
                return None;
            }
            let node_notes = notes.get(key.as_str()).cloned().unwrap_or_default();
            let diff = (!node_notes.is_empty()).then(|| {
                let before = if node_notes.iter().any(|n| n.contains("inserted by")) {
                    ""
                } else {
                    old_text.get(&key).copied().unwrap_or_default()
                };
                word_diff(before, &node.text)
            });
            Some(ReadNode {
                citation: crate::domain::citation::canonical(&tree, index),
                depth: u32::try_from(book_depth(&outcome.book, index)).unwrap_or(1),
                heading: node.heading.clone(),
                text: node.text.clone(),
                key,
                notes: node_notes,
                diff,
            })
        })
        .collect();
    let title_of = |id: i32| {
        titles
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("rule change {id}"))
    };
    Ok(AsItWouldRead {
        edition_year: year,
        rule_changes: changes.iter().map(|c| (c.id, title_of(c.id))).collect(),
        nodes,
        conflicts: outcome
            .conflicts
            .iter()
            .map(|c| {
                format!(
                    "{} — “{}” and “{}”: {}",
                    c.key,
                    title_of(c.change_ids.0),
                    title_of(c.change_ids.1),
                    c.message
                )
            })
            .collect(),
        failures: outcome
            .failures
            .iter()
            .map(|f| format!("{} — “{}”: {}", f.key, title_of(f.change_id), f.message))
            .collect(),
    })
}

fn book_depth(book: &crate::domain::rulebook::RuleBook, index: usize) -> usize {
    book.path(index).len()
}

/// Builds the next edition from the rule changes carried at `conference_year`, applied to the
/// newest edition in one transaction. Nothing is written unless every carried instruction
/// applies; the report then says which did not.
pub async fn create_next_edition(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    conference_year: i32,
    new_year: i32,
    title: &str,
) -> Result<NextEditionReport, ServiceError> {
    if admin.role != Role::Admin {
        return Err(ServiceError::Forbidden(
            "Only admins can create an edition.".into(),
        ));
    }
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(ServiceError::Invalid(
            "Give the new edition a title of at most 200 characters.".into(),
        ));
    }
    let txn = super::begin_write(db).await?;
    let base_year = newest_year(&txn).await?;
    if new_year <= base_year {
        return Err(ServiceError::Invalid(format!(
            "The new edition must be later than the newest one ({base_year})."
        )));
    }
    let names = organisation_names(&txn).await?;
    let carried = selected(
        &txn,
        &Selection::Carried {
            year: conference_year,
        },
    )
    .await?;
    if carried.is_empty() {
        return Err(ServiceError::Invalid(format!(
            "No rule change is marked carried at Annual Conference {conference_year}."
        )));
    }
    let mut changes = Vec::new();
    for rc in carried {
        changes.push(change_set(&txn, rc, &names).await?);
    }
    let book = rulebook::export_edition(&txn, base_year).await?;
    let outcome = edition_build::build(&book, &changes);
    let mut report = NextEditionReport {
        year: new_year,
        applied: changes.iter().map(|c| c.id).collect(),
        problems: outcome
            .failures
            .iter()
            .map(|f| format!("{} (rule change {}): {}", f.key, f.change_id, f.message))
            .chain(outcome.conflicts.iter().map(|c| {
                format!(
                    "{} (rule changes {} and {}): {}",
                    c.key, c.change_ids.0, c.change_ids.1, c.message
                )
            }))
            .collect(),
        to_check: outcome
            .unresolved
            .iter()
            .map(|u| format!("{}: “{}” — {}", u.key, u.text, u.message))
            .collect(),
        created: false,
    };
    if !outcome.is_clean() {
        txn.rollback().await?;
        return Ok(report);
    }
    let mut new_book = outcome.book;
    new_book.meta.year = new_year;
    new_book.meta.title = title.to_owned();
    new_book.meta.conference = Some(conference_year);
    let notes: HashMap<String, String> =
        outcome.provenance.iter().fold(HashMap::new(), |mut m, p| {
            m.entry(p.key.clone())
                .and_modify(|n: &mut String| {
                    n.push_str("; ");
                    n.push_str(&p.note);
                })
                .or_insert_with(|| p.note.clone());
            m
        });
    rulebook::import_with_notes(&txn, &new_book, &notes).await?;
    audit::record(
        &txn,
        Some(admin.id),
        "create_next_edition",
        Target::Edition,
        Some(new_year.to_string()),
        Some(format!(
            "{} rule changes carried at Annual Conference {conference_year}",
            report.applied.len()
        )),
    )
    .await?;
    txn.commit().await?;
    report.created = true;
    Ok(report)
}
