//! Tracking support and the conference procedure. Organisers see whip boards and record
//! backing; delegates pledge; authors, organisers and admins record procedure steps (the
//! workflow says which); admins import organisations and seat delegates.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::error::AppError;
use crate::model::support::{
    ImportReport, OrganisationRow, Overview, ProcedureView, SupportAccess, WhipBoard,
};

/// What the signed-in user may do on the support page of a rule change (or package).
#[server(endpoint = "support_access", input = GetUrl)]
pub async fn load_support_access(id: i32, package: bool) -> Result<SupportAccess, AppError> {
    use crate::ssr::{prelude::*, services::support};
    let (user, db) = user_and_db(Action::SupportAccess).await?;
    auth::respond(support::access(&db, &user, id, package).await)
}

/// The whip board of a rule change (or package).
#[server(endpoint = "whip_board", input = GetUrl)]
pub async fn load_whip_board(id: i32, package: bool) -> Result<WhipBoard, AppError> {
    use crate::ssr::{prelude::*, services::support};
    let (user, db) = user_and_db(Action::WhipBoard).await?;
    auth::respond(support::whip_board(&db, &user, id, package).await)
}

/// Records an organisation's backing or opposition.
#[server(endpoint = "record_backing")]
#[allow(clippy::too_many_arguments)]
pub async fn record_backing(
    id: i32,
    package: bool,
    organisation_id: i32,
    stance: String,
    #[server(default)] meeting: String,
    #[server(default)] decided_on: String,
    #[server(default)] evidence: String,
) -> Result<(), AppError> {
    use crate::ssr::prelude::*;
    use crate::ssr::services::support::{self, NewBacking};
    let (user, db) = user_and_db(Action::RecordBacking).await?;
    let input = NewBacking {
        organisation_id,
        stance: &stance,
        meeting: &meeting,
        decided_on: Some(decided_on.as_str()),
        evidence: &evidence,
    };
    auth::respond(support::record_backing(&db, &user, id, package, input).await)?;
    if auth::is_form_post() {
        leptos_axum::redirect(&support_path(id, package));
    }
    Ok(())
}

/// Records a pledge: the signed-in delegate's own, or (organisers) one collected from the
/// delegate with `delegate_email`.
#[server(endpoint = "record_pledge")]
pub async fn record_pledge(
    id: i32,
    package: bool,
    position: String,
    #[server(default)] mandated: Option<String>,
    #[server(default)] delegate_email: String,
) -> Result<(), AppError> {
    use crate::ssr::{prelude::*, services::support};
    let (user, db) = user_and_db(Action::RecordPledge).await?;
    let delegate_id = match delegate_email.trim() {
        "" => None,
        email => Some(auth::respond(
            support::pledging_delegate(&db, &user, email).await,
        )?),
    };
    let mandated = mandated.is_some_and(|m| !m.is_empty() && m != "false");
    auth::respond(
        support::record_pledge(&db, &user, id, package, delegate_id, &position, mandated).await,
    )?;
    if auth::is_form_post() {
        leptos_axum::redirect(&support_path(id, package));
    }
    Ok(())
}

/// The page a support form returns to.
pub fn support_path(id: i32, package: bool) -> String {
    if package {
        format!("/packages/{id}/support")
    } else {
        format!("/rule-changes/{id}/support")
    }
}

/// A rule change's place in the conference procedure.
#[server(endpoint = "procedure", input = GetUrl)]
pub async fn procedure(id: i32) -> Result<ProcedureView, AppError> {
    use crate::ssr::{prelude::*, services::procedure};
    let (user, db) = user_and_db(Action::Procedure).await?;
    auth::respond(procedure::procedure_view(&db, &user, id).await)
}

pub use step::{RecordStep, record_step};

/// `record_step` in a module of its own: a result's printed figures are one form field each,
/// so the function takes more arguments than clippy allows elsewhere.
mod step {
    #![allow(clippy::too_many_arguments)]
    use super::*;

    /// Records a step of the procedure (`event` is a [`Step`](crate::model::support::Step)'s name). A result
    /// (`carry`, `lose`) takes the card votes of both sections and, optionally, the figures the
    /// result sheet printed; printed figures that do not add up are flagged, not refused.
    #[server(endpoint = "record_step")]
    pub async fn record_step(
        id: i32,
        event: String,
        #[server(default)] reason: String,
        #[server(default)] ruling_reason: String,
        #[server(default)] clp_for: Option<u64>,
        #[server(default)] clp_against: Option<u64>,
        #[server(default)] affiliates_for: Option<u64>,
        #[server(default)] affiliates_against: Option<u64>,
        #[server(default)] clp_total: Option<u64>,
        #[server(default)] clp_for_pct: Option<f64>,
        #[server(default)] clp_against_pct: Option<f64>,
        #[server(default)] affiliates_total: Option<u64>,
        #[server(default)] affiliates_for_pct: Option<f64>,
        #[server(default)] affiliates_against_pct: Option<f64>,
        #[server(default)] total_for_pct: Option<f64>,
        #[server(default)] total_against_pct: Option<f64>,
    ) -> Result<ProcedureView, AppError> {
        use crate::domain::conference::forecast::PrintedFigures;
        use crate::ssr::{prelude::*, services::procedure, services::procedure::EventForm};
        let (user, db) = user_and_db(Action::RecordStep).await?;
        let votes = match (clp_for, clp_against, affiliates_for, affiliates_against) {
            (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
            _ => None,
        };
        let form = EventForm {
            event,
            reason,
            ruling_reason,
            votes,
            printed: PrintedFigures {
                clp_total,
                clp_for_pct,
                clp_against_pct,
                affiliates_total,
                affiliates_for_pct,
                affiliates_against_pct,
                total_for_pct,
                total_against_pct,
            },
        };
        let view = auth::respond(procedure::transition(&db, &user, id, &form).await)?;
        if auth::is_form_post() {
            leptos_axum::redirect(&format!("/rule-changes/{id}/support"));
        }
        Ok(view)
    }
}

/// The conference overview: rule changes, near-duplicates, the conflict matrix.
#[server(endpoint = "conference_overview", input = GetUrl)]
pub async fn conference_overview(year: i32) -> Result<Overview, AppError> {
    use crate::ssr::{prelude::*, services::procedure};
    let (_, db) = user_and_db(Action::ConferenceOverview).await?;
    auth::respond(procedure::overview(&db, year).await)
}

/// Organisations with their delegate entitlement for a conference.
#[server(endpoint = "conference_organisations", input = GetUrl)]
pub async fn conference_organisations(year: i32) -> Result<Vec<OrganisationRow>, AppError> {
    use crate::ssr::{prelude::*, services::organisations, services::procedure};
    let (_, db) = user_and_db(Action::ConferenceOrganisations).await?;
    let (settings, _) = auth::respond(procedure::settings(&db, year).await)?;
    auth::respond(organisations::list(&db, &settings.delegates).await)
}

/// Imports organisations from CSV text (admins).
#[server(endpoint = "import_organisations")]
pub async fn import_organisations(csv: String) -> Result<ImportReport, AppError> {
    use crate::ssr::{prelude::*, services::organisations};
    let (user, db) = user_and_db(Action::ImportOrganisations).await?;
    auth::respond(organisations::import_csv(&db, user.id, csv.as_bytes()).await)
}

/// Seats a delegate in an organisation's delegation to a conference (admins).
#[server(endpoint = "assign_delegate")]
pub async fn assign_delegate(
    year: i32,
    organisation_id: i32,
    email: String,
) -> Result<(), AppError> {
    use crate::ssr::{prelude::*, services::organisations};
    let (user, db) = user_and_db(Action::AssignDelegate).await?;
    auth::respond(
        organisations::assign_delegate(&db, user.id, year, organisation_id, &email).await,
    )?;
    if auth::is_form_post() {
        leptos_axum::redirect(&format!("/conference/{year}"));
    }
    Ok(())
}
