//! A rule change (constitutional amendment) against one edition of the Rule Book.

use sea_orm::entity::prelude::*;

use crate::model::support::NecRecommendation;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rule_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    pub owner_id: i32,
    pub proposer_org_id: Option<i32>,
    /// Why: not part of the rule text.
    pub supporting_argument: String,
    pub conference_year: i32,
    /// The edition the edits were written against.
    pub edition_id: i32,
    /// The procedure status (`crate::domain::conference::workflow`): `draft` until submitted.
    pub status: String,
    pub package_id: Option<i32>,
    /// Optimistic lock: every save must name the revision it started from.
    pub revision: i32,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    /// When it was submitted to conference.
    pub submitted_at: Option<ChronoDateTimeUtc>,
    /// The conference that debates it (a CLP rule change is held over a year).
    pub debate_year: Option<i32>,
    /// `support`, `oppose` or `remit`, once the NEC has said.
    pub nec_recommendation: Option<NecRecommendation>,
    /// The published card-vote result, as JSON, once entered.
    pub card_vote: Option<String>,
    /// The result as printed (percentages, stated totals), as JSON, when it was entered.
    pub published_result: Option<String>,
    /// A one-line summary in plain language, for the reading pack.
    pub summary: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
