//! DTOs for tracking support and the conference procedure: whip boards, pledges, backing,
//! status history, procedure warnings, organisations with their delegate entitlement.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::domain::conference::checks::Warning;
use crate::domain::conference::conflicts::ClauseConflicts;
use crate::domain::conference::duplicates::DuplicateGroup;
use crate::domain::conference::forecast::Forecast;

/// A stored or submitted value that names none of a fixed set's members.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {set}")]
pub struct UnknownValue {
    /// What the set is ("stance", "pledge position").
    pub set: &'static str,
    /// The value as found.
    pub value: String,
}

/// Declares a fixed set stored as text: its members with their stored names, `ALL`, `as_str`,
/// `Display` and `FromStr` (failing on anything else), and on the server a sea-orm column type
/// that refuses an unknown stored value instead of reading it as some default.
macro_rules! fixed_set {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
        #[cfg_attr(feature = "ssr", sea_orm(value_type = "String"))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every member, in the order forms offer them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name stored in the database and sent by forms.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|member| member.as_str() == s)
                    .ok_or_else(|| UnknownValue { set: $what, value: s.to_owned() })
            }
        }
    };
}

fixed_set!(
    /// What an organisation decided about a rule change.
    Stance, "stance", {
        /// It proposes the rule change.
        Proposer = "proposer",
        /// It seconds it.
        Seconder = "seconder",
        /// It endorses it.
        Endorser = "endorser",
        /// It opposes it.
        Opposer = "opposer",
    }
);

impl Stance {
    /// How a form offers it.
    pub fn label(self) -> &'static str {
        match self {
            Stance::Proposer => "Proposer",
            Stance::Seconder => "Seconder",
            Stance::Endorser => "Endorser",
            Stance::Opposer => "Opposes",
        }
    }
}

fixed_set!(
    /// How a delegate pledged to vote.
    PledgePosition, "pledge position", {
        /// For the rule change.
        For = "for",
        /// Against it.
        Against = "against",
        /// Not decided.
        Undecided = "undecided",
    }
);

fixed_set!(
    /// A step of the conference procedure as a form records it, in procedure order.
    Step, "step of the conference procedure", {
        /// Submitted to conference by the proposer.
        Submit = "submit",
        /// The CAC ruled it in order.
        InOrder = "in_order",
        /// The CAC ruled it out of order.
        OutOfOrder = "out_of_order",
        /// The ruling is appealed.
        Appeal = "appeal",
        /// The appeal is upheld.
        AppealUpheld = "appeal_upheld",
        /// The appeal is dismissed.
        AppealDismissed = "appeal_dismissed",
        /// The NEC recommends support.
        RecommendSupport = "recommend_support",
        /// The NEC recommends opposition.
        RecommendOppose = "recommend_oppose",
        /// The NEC asks for it to be remitted.
        RecommendRemit = "recommend_remit",
        /// Conference debated it.
        Debate = "debate",
        /// Carried on a card vote.
        Carry = "carry",
        /// Lost on a card vote.
        Lose = "lose",
        /// Remitted to the NEC.
        Remit = "remit",
        /// Withdrawn by its proposer.
        Withdraw = "withdraw",
    }
);

impl Step {
    /// How the procedure form offers it.
    pub fn label(self) -> &'static str {
        match self {
            Step::Submit => "Submit to conference",
            Step::InOrder => "CAC: in order",
            Step::OutOfOrder => "CAC: out of order",
            Step::Appeal => "Appeal the ruling",
            Step::AppealUpheld => "Appeal upheld",
            Step::AppealDismissed => "Appeal dismissed",
            Step::RecommendSupport => "NEC recommends: support",
            Step::RecommendOppose => "NEC recommends: oppose",
            Step::RecommendRemit => "NEC asks to remit",
            Step::Debate => "Debated",
            Step::Carry => "Carried (with card vote)",
            Step::Lose => "Lost (with card vote)",
            Step::Remit => "Remitted",
            Step::Withdraw => "Withdraw",
        }
    }
}

fixed_set!(
    /// What the NEC recommends conference do with a rule change.
    NecRecommendation, "NEC recommendation", {
        /// Support it.
        Support = "support",
        /// Oppose it.
        Oppose = "oppose",
        /// Remit it to the NEC.
        Remit = "remit",
    }
);

/// An organisation's recorded decision on a rule change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackingView {
    /// The organisation.
    pub organisation: String,
    /// `clp`, `affiliate` or `nec`.
    pub kind: String,
    /// Its region, for CLPs.
    pub region: Option<String>,
    /// What it decided.
    pub stance: Stance,
    /// The meeting that decided.
    pub meeting: String,
    /// The date of the decision (`2025-06-12`), if known.
    pub decided_on: Option<String>,
    /// A link or note as evidence.
    pub evidence: String,
}

/// Pledges from one region (CLP delegates) or from affiliates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PledgeTally {
    /// The region, or "Affiliates".
    pub region: String,
    /// Delegates pledged for.
    pub for_: u32,
    /// Delegates pledged against.
    pub against: u32,
    /// Delegates undecided.
    pub undecided: u32,
    /// How many of the above were mandated by their CLP.
    pub mandated: u32,
    /// How many were collected by an organiser rather than recorded by the delegate.
    pub collected: u32,
}

/// One delegate's pledge, as the whip board lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeView {
    /// The delegate's name.
    pub delegate: String,
    /// Their delegation.
    pub organisation: String,
    /// How they pledged.
    pub position: PledgePosition,
    /// Mandated by their CLP.
    pub mandated: bool,
    /// Collected by an organiser (named) rather than recorded by the delegate.
    pub collected_by: Option<String>,
}

/// The whip board of a rule change or a package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhipBoard {
    /// The rule changes it covers (one, or a package's).
    pub rule_change_ids: Vec<i32>,
    /// Title of the rule change or package.
    pub title: String,
    /// Procedure status of each rule change (`submitted`, …), by id.
    pub statuses: Vec<(i32, String)>,
    /// Organisational backing and opposition.
    pub backing: Vec<BackingView>,
    /// Pledges by region.
    pub tallies: Vec<PledgeTally>,
    /// Every pledge.
    pub pledges: Vec<PledgeView>,
    /// The card-vote forecast.
    pub forecast: Forecast,
    /// The counter live updates watch.
    pub revision: i64,
}

/// What a signed-in user may do on a support page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportAccess {
    /// May see the whip board and record backing and collected pledges (organisers, admins).
    pub organiser: bool,
    /// The delegation the user pledges with at the rule change's conference, if any.
    pub delegation: Option<String>,
    /// The user's own pledge, if recorded.
    pub own_pledge: Option<PledgePosition>,
}

/// One step in a rule change's procedure history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusStep {
    /// From status (label).
    pub from: String,
    /// To status (label).
    pub to: String,
    /// Reason, recommendation or vote.
    pub detail: String,
    /// Who recorded it.
    pub actor: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A rule change's place in the conference procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureView {
    /// The rule change.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// The proposing organisation, if chosen.
    pub proposer: Option<String>,
    /// Status (stable name).
    pub status: String,
    /// Status (label).
    pub status_label: String,
    /// The conference that debates it.
    pub debate_year: Option<i32>,
    /// The NEC's recommendation, if made.
    pub nec_recommendation: Option<String>,
    /// Procedure warnings that apply.
    pub warnings: Vec<Warning>,
    /// The history of the status.
    pub history: Vec<StatusStep>,
    /// Events the signed-in user may record now (stable names: `submit`, `cac_ruling`, …).
    pub allowed_events: Vec<Step>,
    /// The card-vote result, once recorded.
    pub result: Option<ResultView>,
}

/// A recorded card-vote result: the votes, the percentages they give, what was printed, and
/// every printed figure that does not add up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultView {
    /// The CLP section, the affiliates' section, then the total.
    pub rows: Vec<ResultRow>,
    /// Whether the votes carry the change.
    pub carried: bool,
    /// Whether printed figures were entered.
    pub printed: bool,
    /// Each printed figure that does not add up, in words.
    pub flags: Vec<String>,
}

/// One line of a card-vote result, formatted for reading (`342,921`, `48.76%`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow {
    /// "CLPs", "Affiliates" or "Total".
    pub section: String,
    /// Votes for (empty for the total).
    pub for_votes: String,
    /// Votes against (empty for the total).
    pub against: String,
    /// "For" in percent of the whole, from the votes.
    pub for_pct: String,
    /// "For" as printed, when printed.
    pub printed_for_pct: Option<String>,
    /// "Against" in percent of the whole, from the votes.
    pub against_pct: String,
    /// "Against" as printed, when printed.
    pub printed_against_pct: Option<String>,
    /// The section's stated total votes, when printed.
    pub stated_total: Option<String>,
}

/// An organisation with its delegate entitlement for a conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRow {
    /// Its id.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// `clp`, `affiliate` or `nec`.
    pub kind: String,
    /// Region (CLPs).
    pub region: Option<String>,
    /// Membership (CLPs).
    pub membership: Option<i32>,
    /// Card-vote weight (affiliates).
    pub card_vote_weight: Option<i64>,
    /// Delegates a CLP is entitled to.
    pub delegates: Option<u32>,
}

/// What an organisations CSV import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportReport {
    /// Organisations created.
    pub created: u32,
    /// Organisations updated.
    pub updated: u32,
    /// Rows not imported: (line number, reason).
    pub rejected: Vec<(u64, String)>,
}

/// One rule change in the conference overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewRow {
    /// Its id.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// Proposer's name.
    pub proposer: Option<String>,
    /// Status label.
    pub status: String,
    /// Keys of the clauses it touches.
    pub clauses: Vec<String>,
}

/// The whole conference: every rule change that is not a draft, near-duplicate groups and the
/// conflict matrix (clauses touched by more than one rule change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// The conference.
    pub year: i32,
    /// Its rule changes.
    pub rule_changes: Vec<OverviewRow>,
    /// Groups of near-identical rule changes from different organisations.
    pub duplicates: Vec<DuplicateGroup>,
    /// Clauses touched by several rule changes, with each pair's verdict.
    pub conflicts: Vec<ClauseConflicts>,
}
