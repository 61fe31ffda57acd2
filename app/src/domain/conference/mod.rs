//! Tracking support and the conference procedure: the arithmetic and the rules a rule change
//! meets between drafting and the card vote, as pure functions over plain data.
//!
//! - [`entitlement`]: how many delegates a CLP sends, from its membership.
//! - [`forecast`]: card-vote forecasts (CLPs and affiliates each weighted to 50%) and checks of
//!   published results.
//! - [`workflow`]: a rule change's status, the events that move it on, and who may record them.
//! - [`checks`]: procedure warnings (one rule change per CLP, the deadline, the three-year rule).
//! - [`duplicates`]: rule changes from different organisations with (almost) the same wording,
//!   such as a model rule change adopted by many CLPs.
//! - [`conflicts`]: rule changes and packages that amend the same clause, and whether their
//!   edits can both be applied.
//!
//! Every rule that has changed over the years (the one-year delay, the delegate cap, the
//! three-year period, the number of rule changes per CLP) is a setting, never a constant.

use serde::{Deserialize, Serialize};

pub mod checks;
pub mod conflicts;
pub mod duplicates;
pub mod entitlement;
pub mod forecast;
pub mod workflow;

/// One conference year's settings, as stored with the conference (JSON); missing fields take
/// the rules in force since 2022.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConferenceSettings {
    /// Delegate entitlement.
    pub delegates: entitlement::DelegateSettings,
    /// Rule changes per organisation and the three-year period.
    pub procedure: checks::ProcedureSettings,
    /// The one-year delay for CLP rule changes.
    pub one_year_delay: bool,
    /// Whether the submission deadline binds the NEC's own rule changes.
    pub deadline_binds_nec: bool,
}

impl Default for ConferenceSettings {
    fn default() -> Self {
        ConferenceSettings {
            delegates: entitlement::DelegateSettings::default(),
            procedure: checks::ProcedureSettings::default(),
            one_year_delay: true,
            deadline_binds_nec: false,
        }
    }
}

impl ConferenceSettings {
    /// The workflow context for a rule change submitted to the conference of
    /// `submission_year` (whose settings these are), with its deadline in unix seconds.
    pub fn context(
        &self,
        proposer: workflow::Proposer,
        submission_year: i32,
        current_year: i32,
        deadline: Option<i64>,
    ) -> workflow::Context {
        workflow::Context {
            proposer,
            submission_year,
            current_year,
            one_year_delay: self.one_year_delay,
            deadline,
            deadline_binds_nec: self.deadline_binds_nec,
        }
    }
}

/// The database id of a rule change.
pub type RuleChangeId = i32;

/// The database id of an organisation (a CLP, an affiliate or the NEC).
pub type OrgId = i32;

/// What a rule change does to one clause.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    /// The clause's text is edited (`rule_change_edit.kind = 'text'`).
    #[default]
    Text,
    /// The whole node is deleted; `edited_text` is empty.
    DeleteNode,
    /// The whole node is replaced ("delete these words and replace them with: …").
    ReplaceNode,
}

impl EditKind {
    /// Whether the edit takes the whole node, so that no other edit of it can also apply.
    pub fn is_whole_node(self) -> bool {
        matches!(self, EditKind::DeleteNode | EditKind::ReplaceNode)
    }
}

/// One clause's edit inside a rule change: the text it was written against and the text it
/// would give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseEdit {
    /// Key of the clause (`2.I.4.B`). Edits compared with each other must use keys of the same
    /// edition (or stable node ids written as keys).
    pub node_key: String,
    /// The clause text the edit was written against.
    pub base_text: String,
    /// The clause text as the rule change would have it (empty for [`EditKind::DeleteNode`]).
    pub edited_text: String,
    /// Text edit or whole-node edit.
    #[serde(default)]
    pub kind: EditKind,
}

impl ClauseEdit {
    /// A text edit of one clause.
    pub fn text(node_key: &str, base_text: &str, edited_text: &str) -> Self {
        ClauseEdit {
            node_key: node_key.to_owned(),
            base_text: base_text.to_owned(),
            edited_text: edited_text.to_owned(),
            kind: EditKind::Text,
        }
    }
}

/// The next Annual Conference on a date in `year` and `month` (1–12): this year's until it has
/// met (it meets in late September), then next year's.
pub fn next_annual_conference(year: i32, month: u32) -> i32 {
    if month >= 10 { year + 1 } else { year }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_conference_is_next_years_once_this_years_has_met() {
        assert_eq!(next_annual_conference(2026, 3), 2026);
        assert_eq!(next_annual_conference(2026, 9), 2026);
        assert_eq!(next_annual_conference(2026, 11), 2027);
    }

    #[test]
    fn settings_stored_as_json_fill_in_defaults() {
        let s: ConferenceSettings =
            serde_json::from_str(r#"{"one_year_delay":false,"delegates":{"cap":8}}"#)
                .unwrap_or_default();
        assert!(!s.one_year_delay);
        assert_eq!(s.delegates.cap, Some(8));
        assert_eq!(s.delegates.first_band, 749);
        assert_eq!(s.procedure.max_per_org, 1);
        let ctx = s.context(workflow::Proposer::Clp, 2025, 2025, None);
        assert_eq!(ctx.debate_year(), 2025);
        let json = serde_json::to_string(&ConferenceSettings::default()).unwrap_or_default();
        assert_eq!(
            serde_json::from_str::<ConferenceSettings>(&json).ok(),
            Some(ConferenceSettings::default())
        );
    }
}
