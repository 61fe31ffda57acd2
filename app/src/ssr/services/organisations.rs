//! Organisations (CLPs, affiliates, the NEC) for conference: the list with each CLP's delegate
//! entitlement, a CSV import with a report of rows it refused, delegations, and CSV export of
//! a rule change's backing and pledges.

use std::collections::HashMap;

use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait,
};
use serde::Deserialize;

use crate::domain::conference::entitlement::{DelegateSettings, entitlement};
use crate::model::support::{ImportReport, OrganisationRow};
use crate::ssr::csv_out::SpreadsheetCsv;
use crate::ssr::entities::{backing, delegation, organisation, pledge, user};
use crate::ssr::error::ServiceError;
use crate::ssr::services::audit::{self, Target};

/// The largest CSV file accepted, in bytes.
pub const MAX_CSV_BYTES: usize = 2 * 1024 * 1024;

/// The kinds of organisation.
pub const KINDS: [&str; 3] = ["clp", "affiliate", "nec"];

/// Every organisation, by kind and name, with CLP delegate entitlement under `settings`.
pub async fn list(
    db: &impl ConnectionTrait,
    settings: &DelegateSettings,
) -> Result<Vec<OrganisationRow>, ServiceError> {
    Ok(organisation::Entity::find()
        .order_by_asc(organisation::Column::Kind)
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OrganisationRow {
            delegates: (o.kind == "clp").then(|| {
                entitlement(
                    u32::try_from(o.membership.unwrap_or(0)).unwrap_or(0),
                    settings,
                )
                .total
            }),
            id: o.id,
            name: o.name,
            kind: o.kind,
            region: o.region,
            membership: o.membership,
            card_vote_weight: o.card_vote_weight,
        })
        .collect())
}

/// One CSV row: `name,kind,region,membership,card_vote_weight`.
#[derive(Debug, Deserialize)]
struct CsvRow {
    name: String,
    kind: String,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    membership: Option<String>,
    #[serde(default)]
    card_vote_weight: Option<String>,
}

/// A row checked: (name, kind, region, membership, card-vote weight).
type CheckedRow = (String, String, Option<String>, Option<i32>, Option<i64>);

fn check_row(row: CsvRow) -> Result<CheckedRow, String> {
    let name = row.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        return Err("the name must be 1 to 200 characters".into());
    }
    let kind = row.kind.trim().to_lowercase();
    if !KINDS.contains(&kind.as_str()) {
        return Err(format!(
            "the kind “{}” is not clp, affiliate or nec",
            row.kind.trim()
        ));
    }
    let region = row
        .region
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if region.as_ref().is_some_and(|r| r.chars().count() > 100) {
        return Err("the region is longer than 100 characters".into());
    }
    let number = |field: &str, text: Option<String>| -> Result<Option<i64>, String> {
        match text
            .map(|t| t.trim().replace(',', ""))
            .filter(|t| !t.is_empty())
        {
            None => Ok(None),
            Some(t) => t
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=100_000_000).contains(n))
                .map(Some)
                .ok_or_else(|| format!("the {field} “{t}” is not a whole number of 0 or more")),
        }
    };
    let membership = number("membership", row.membership)?
        .map(|n| i32::try_from(n).map_err(|_| "the membership is too large".to_owned()))
        .transpose()?;
    let weight = number("card-vote weight", row.card_vote_weight)?;
    if kind == "clp" && membership.is_none() {
        return Err("a CLP needs its membership".into());
    }
    if kind == "affiliate" && weight.is_none() {
        return Err("an affiliate needs its card-vote weight".into());
    }
    Ok((name, kind, region, membership, weight))
}

/// Imports organisations from CSV with the header `name,kind,region,membership,card_vote_weight`:
/// new names are created, known names updated. Bad rows are reported by line and skipped; the
/// good rows are written in one transaction.
pub async fn import_csv(
    db: &impl TransactionTrait,
    actor_id: i32,
    bytes: &[u8],
) -> Result<ImportReport, ServiceError> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(ServiceError::Invalid(format!(
            "The file is too large ({} KB at most).",
            MAX_CSV_BYTES / 1024
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| ServiceError::Invalid(format!("The file is not CSV: {e}")))?
        .clone();
    for required in ["name", "kind"] {
        if !headers.iter().any(|h| h.eq_ignore_ascii_case(required)) {
            return Err(ServiceError::Invalid(format!(
                "The first line must name the columns: name,kind,region,membership,card_vote_weight (“{required}” is missing)."
            )));
        }
    }
    let lower: csv::StringRecord = headers.iter().map(str::to_lowercase).collect();
    reader.set_headers(lower);
    let mut report = ImportReport::default();
    let mut good = Vec::new();
    for (index, record) in reader.deserialize::<CsvRow>().enumerate() {
        // Line 1 is the header.
        let line = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(2);
        match record.map_err(|e| match e.kind() {
            csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8 text".to_owned(),
            _ => format!("the row cannot be read ({e})"),
        }) {
            Ok(row) => match check_row(row) {
                Ok(checked) => good.push((line, checked)),
                Err(reason) => report.rejected.push((line, reason)),
            },
            Err(reason) => report.rejected.push((line, reason)),
        }
    }
    let txn = super::begin_write(db).await?;
    let existing: HashMap<String, i32> = organisation::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|o| (o.name.to_lowercase(), o.id))
        .collect();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, (name, kind, region, membership, weight)) in good {
        if let Some(first) = seen.insert(name.to_lowercase(), line) {
            report
                .rejected
                .push((line, format!("“{name}” already appears on line {first}")));
            continue;
        }
        let model = organisation::ActiveModel {
            id: NotSet,
            name: Set(name.clone()),
            kind: Set(kind),
            region: Set(region),
            membership: Set(membership),
            card_vote_weight: Set(weight),
        };
        match existing.get(&name.to_lowercase()) {
            Some(&id) => {
                organisation::Entity::update(organisation::ActiveModel {
                    id: Set(id),
                    ..model
                })
                .exec(&txn)
                .await?;
                report.updated += 1;
            }
            None => {
                organisation::Entity::insert(model).exec(&txn).await?;
                report.created += 1;
            }
        }
    }
    report.rejected.sort();
    audit::record(
        &txn,
        Some(actor_id),
        "import_organisations",
        Target::SupportRecord,
        None,
        Some(format!(
            "{} created, {} updated, {} rejected",
            report.created,
            report.updated,
            report.rejected.len()
        )),
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

/// Puts the account with `email` in `organisation_id`'s delegation to a conference (moving it
/// from another delegation that year).
pub async fn assign_delegate(
    db: &impl TransactionTrait,
    actor_id: i32,
    year: i32,
    organisation_id: i32,
    email: &str,
) -> Result<(), ServiceError> {
    let txn = super::begin_write(db).await?;
    let delegate = crate::ssr::services::accounts::find_by_email(&txn, email)
        .await?
        .ok_or_else(|| {
            ServiceError::Invalid(
                "No account has that e-mail address; ask them to sign up first.".into(),
            )
        })?;
    organisation::Entity::find_by_id(organisation_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::Invalid("Choose the organisation from the list.".into()))?;
    delegation::Entity::delete_many()
        .filter(delegation::Column::ConferenceYear.eq(year))
        .filter(delegation::Column::UserId.eq(delegate.id))
        .exec(&txn)
        .await?;
    delegation::Entity::insert(delegation::ActiveModel {
        id: NotSet,
        conference_year: Set(year),
        organisation_id: Set(organisation_id),
        user_id: Set(delegate.id),
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor_id),
        "assign_delegate",
        Target::SupportRecord,
        Some(delegate.id.to_string()),
        Some(format!("organisation {organisation_id}, conference {year}")),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A rule change's backing and pledges as CSV (one row each), for organisers.
pub async fn support_csv(
    db: &impl ConnectionTrait,
    rule_change_id: i32,
) -> Result<String, ServiceError> {
    let organisations: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let backings = backing::Entity::find()
        .filter(backing::Column::RuleChangeId.eq(rule_change_id))
        .order_by_asc(backing::Column::Id)
        .all(db)
        .await?;
    let pledges = pledge::Entity::find()
        .filter(pledge::Column::RuleChangeId.eq(rule_change_id))
        .order_by_asc(pledge::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                pledges
                    .iter()
                    .flat_map(|p| [Some(p.delegate_id), p.collected_by])
                    .flatten(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    // Names, evidence and meetings are typed by people: the writer keeps formulas as text.
    let mut out = SpreadsheetCsv::new();
    let failed = |e: csv::Error| ServiceError::Invalid(format!("The export failed: {e}"));
    out.write_record([
        "record",
        "organisation",
        "kind",
        "region",
        "position",
        "delegate",
        "mandated",
        "collected_by",
        "meeting",
        "decided_on",
        "evidence",
    ])
    .map_err(failed)?;
    for b in &backings {
        let org = organisations.get(&b.organisation_id);
        out.write_record([
            "backing",
            org.map_or("", |o| o.name.as_str()),
            org.map_or("", |o| o.kind.as_str()),
            org.and_then(|o| o.region.as_deref()).unwrap_or(""),
            b.stance.as_str(),
            "",
            "",
            "",
            b.meeting.as_str(),
            &b.decided_on.map(|d| d.to_string()).unwrap_or_default(),
            b.evidence.as_str(),
        ])
        .map_err(failed)?;
    }
    for p in &pledges {
        let org = organisations.get(&p.organisation_id);
        out.write_record([
            "pledge",
            org.map_or("", |o| o.name.as_str()),
            org.map_or("", |o| o.kind.as_str()),
            org.and_then(|o| o.region.as_deref()).unwrap_or(""),
            p.position.as_str(),
            names.get(&p.delegate_id).map_or("", String::as_str),
            if p.mandated { "yes" } else { "no" },
            p.collected_by
                .and_then(|c| names.get(&c))
                .map_or("", String::as_str),
            "",
            "",
            "",
        ])
        .map_err(failed)?;
    }
    out.finish()
        .map_err(|e| ServiceError::Invalid(format!("The export failed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, kind: &str, membership: Option<&str>, weight: Option<&str>) -> CsvRow {
        CsvRow {
            name: name.into(),
            kind: kind.into(),
            region: None,
            membership: membership.map(Into::into),
            card_vote_weight: weight.map(Into::into),
        }
    }

    #[test]
    fn rows_are_checked_with_reasons_a_secretary_can_act_on() {
        assert!(check_row(row("Riverside CLP", "CLP", Some("1,240"), None)).is_ok());
        assert!(check_row(row("Unite", "affiliate", None, Some("1000000"))).is_ok());
        let reasons = [
            check_row(row("", "clp", Some("1"), None)),
            check_row(row("X", "party", Some("1"), None)),
            check_row(row("X", "clp", None, None)),
            check_row(row("X", "clp", Some("-4"), None)),
            check_row(row("X", "affiliate", None, None)),
        ];
        let messages: Vec<String> = reasons.into_iter().map(|r| r.unwrap_err()).collect();
        assert!(messages[0].contains("name"));
        assert!(messages[1].contains("“party” is not clp"));
        assert!(messages[2].contains("needs its membership"));
        assert!(messages[3].contains("“-4” is not a whole number"));
        assert!(messages[4].contains("card-vote weight"));
    }
}
