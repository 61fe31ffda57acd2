//! Procedure checks on rule changes, each giving [`Warning`]s rather than refusals: the CAC
//! rules, this app only warns early.
//!
//! - [`submission_limit`]: "Each CLP may submit one rule change a year" (DOMAIN.md; the number
//!   is [`ProcedureSettings::max_per_org`]).
//! - [`past_deadline`]: submitted after the year's deadline (the CAC rules late changes out of
//!   order).
//! - [`three_year_rule`]: DOMAIN.md: "once conference has decided on a change to a part of the
//!   rules, no amendment to that part may appear for three years unless the NEC deems it
//!   urgent". A decision (carried or lost) at conference year D bars that part from the agendas
//!   of D+1 … D+3, so a rule change for the conference of year Y is warned about when a decision
//!   falls in Y−3 … Y−1. "That part" is read as the same node, any node above it or any node
//!   below it: a decision on `2.I.4` covers a change to `2.I.4.B`, and the other way round.
//!
//! Times are unix seconds (the domain has no date library); [`format_utc`] writes them.
//!
//! ```
//! use app::domain::conference::checks::{three_year_rule, Decision, ProcedureSettings};
//! let history = [Decision { conference_year: 2023, node_key: "2.I.4".into(), rule_change_id: Some(9) }];
//! let w = three_year_rule(1, 2025, &["2.I.4.B"], &history, &ProcedureSettings::default());
//! assert_eq!(w[0].message, "2.I.4.B: conference decided on 2.I.4 in 2023 (rule change #9); under \
//!     the three-year rule it may not be amended again before the 2027 conference unless the NEC \
//!     deems the change urgent.");
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{OrgId, RuleChangeId};

/// The year's procedure settings used by these checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcedureSettings {
    /// Rule changes one organisation may submit to one conference (1).
    pub max_per_org: u32,
    /// Years during which a part of the rules decided on may not be amended again (3).
    pub three_year_period: u32,
}

impl Default for ProcedureSettings {
    fn default() -> Self {
        ProcedureSettings {
            max_per_org: 1,
            three_year_period: 3,
        }
    }
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// An organisation submitted more rule changes than allowed.
    TooManyRuleChanges,
    /// Submitted after the deadline.
    PastDeadline,
    /// The part of the rules was decided on too recently.
    ThreeYearRule,
}

impl WarningCode {
    /// The stable snake_case form.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::TooManyRuleChanges => "too_many_rule_changes",
            WarningCode::PastDeadline => "past_deadline",
            WarningCode::ThreeYearRule => "three_year_rule",
        }
    }
}

/// A procedure warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What it is about.
    pub code: WarningCode,
    /// What is wrong, in words.
    pub message: String,
    /// The rule changes concerned, ascending.
    pub rule_change_ids: Vec<RuleChangeId>,
}

/// One rule change submitted by an organisation to a conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// The submitting organisation.
    pub org_id: OrgId,
    /// The conference year it was submitted to.
    pub year: i32,
    /// The rule change.
    pub rule_change_id: RuleChangeId,
}

/// One warning for every organisation and year with more submissions than
/// [`ProcedureSettings::max_per_org`], ordered by year and organisation. Pass only the
/// submissions the limit applies to (CLPs' rule changes, not withdrawn ones).
pub fn submission_limit(submissions: &[Submission], settings: &ProcedureSettings) -> Vec<Warning> {
    let mut by_org: BTreeMap<(i32, OrgId), Vec<RuleChangeId>> = BTreeMap::new();
    for s in submissions {
        by_org
            .entry((s.year, s.org_id))
            .or_default()
            .push(s.rule_change_id);
    }
    let max = settings.max_per_org;
    by_org
        .into_iter()
        .filter_map(|((year, org), mut ids)| {
            ids.sort_unstable();
            ids.dedup();
            if ids.len() <= max as usize {
                return None;
            }
            let list: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
            let allowed = match max {
                0 => "none are allowed".to_owned(),
                1 => "only one is allowed".to_owned(),
                n => format!("only {n} are allowed"),
            };
            Some(Warning {
                code: WarningCode::TooManyRuleChanges,
                message: format!(
                    "Organisation {org} has {} rule changes for the {year} conference ({}); \
                     {allowed}.",
                    ids.len(),
                    list.join(", ")
                ),
                rule_change_ids: ids,
            })
        })
        .collect()
}

/// A warning when a rule change was submitted after the deadline (both in unix seconds).
pub fn past_deadline(
    rule_change_id: RuleChangeId,
    submitted_at: i64,
    deadline: i64,
) -> Option<Warning> {
    if submitted_at <= deadline {
        return None;
    }
    Some(Warning {
        code: WarningCode::PastDeadline,
        message: format!(
            "Submitted on {}, {} after the deadline ({}); the CAC rules late rule changes out of \
             order.",
            format_utc(submitted_at),
            format_duration(submitted_at.saturating_sub(deadline)),
            format_utc(deadline)
        ),
        rule_change_ids: vec![rule_change_id],
    })
}

/// A decision of conference on a part of the rules: a rule change amending it was carried or
/// lost. (Remitted and withdrawn rule changes were not decided on.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The conference year of the decision.
    pub conference_year: i32,
    /// The node decided on, as a key of the same edition as the keys checked against it.
    pub node_key: String,
    /// The rule change decided, if known.
    pub rule_change_id: Option<RuleChangeId>,
}

/// Three-year-rule warnings for a rule change for the conference of `conference_year` that
/// amends the nodes `touched`: one warning per touched node with a decision in the period,
/// naming the latest.
pub fn three_year_rule(
    rule_change_id: RuleChangeId,
    conference_year: i32,
    touched: &[&str],
    history: &[Decision],
    settings: &ProcedureSettings,
) -> Vec<Warning> {
    let period = i32::try_from(settings.three_year_period).unwrap_or(i32::MAX);
    let first = conference_year.saturating_sub(period);
    let mut keys: Vec<&str> = touched.to_vec();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let latest = history
                .iter()
                .filter(|d| (first..conference_year).contains(&d.conference_year))
                .filter(|d| same_part(key, &d.node_key))
                .max_by_key(|d| (d.conference_year, d.rule_change_id))?;
            let what = if latest.node_key == key {
                "this part of the rules".to_owned()
            } else {
                latest.node_key.clone()
            };
            let which = latest
                .rule_change_id
                .map(|id| format!(" (rule change #{id})"))
                .unwrap_or_default();
            Some(Warning {
                code: WarningCode::ThreeYearRule,
                message: format!(
                    "{key}: conference decided on {what} in {}{which}; under the three-year \
                     rule it may not be amended again before the {} conference unless the NEC \
                     deems the change urgent.",
                    latest.conference_year,
                    latest
                        .conference_year
                        .saturating_add(period)
                        .saturating_add(1)
                ),
                rule_change_ids: vec![rule_change_id],
            })
        })
        .collect()
}

/// Whether two keys name the same node or one lies under the other (`2.I.4` and `2.I.4.B`, not
/// `2.I.4` and `2.I.40`).
fn same_part(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A unix time as `2025-06-13 17:00 UTC`.
pub fn format_utc(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60
    )
}

/// A positive number of seconds as `2 days 3 hours`, `5 minutes` or `40 seconds`.
fn format_duration(secs: i64) -> String {
    let unit = |n: i64, name: &str| {
        if n == 1 {
            format!("1 {name}")
        } else {
            format!("{n} {name}s")
        }
    };
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    match (d, h, m) {
        (0, 0, 0) => unit(secs, "second"),
        (0, 0, m) => unit(m, "minute"),
        (0, h, 0) => unit(h, "hour"),
        (0, h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
        (d, 0, _) => unit(d, "day"),
        (d, h, _) => format!("{} {}", unit(d, "day"), unit(h, "hour")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(org_id: OrgId, year: i32, rule_change_id: RuleChangeId) -> Submission {
        Submission {
            org_id,
            year,
            rule_change_id,
        }
    }

    fn decision(year: i32, key: &str, id: RuleChangeId) -> Decision {
        Decision {
            conference_year: year,
            node_key: key.into(),
            rule_change_id: Some(id),
        }
    }

    #[test]
    fn one_rule_change_per_clp_per_year() {
        let subs = [
            sub(12, 2025, 7),
            sub(12, 2025, 3),
            sub(12, 2024, 1),
            sub(13, 2025, 4),
        ];
        let w = submission_limit(&subs, &ProcedureSettings::default());
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, WarningCode::TooManyRuleChanges);
        assert_eq!(w[0].rule_change_ids, vec![3, 7]);
        assert_eq!(
            w[0].message,
            "Organisation 12 has 2 rule changes for the 2025 conference (#3, #7); only one is \
             allowed."
        );
        let two = ProcedureSettings {
            max_per_org: 2,
            ..ProcedureSettings::default()
        };
        assert_eq!(submission_limit(&subs, &two), vec![]);
    }

    #[test]
    fn the_same_submission_listed_twice_is_counted_once() {
        let subs = [sub(12, 2025, 7), sub(12, 2025, 7)];
        assert_eq!(
            submission_limit(&subs, &ProcedureSettings::default()),
            vec![]
        );
    }

    #[test]
    fn warnings_are_ordered_by_year_then_organisation() {
        let subs = [
            sub(2, 2026, 1),
            sub(2, 2026, 2),
            sub(1, 2026, 3),
            sub(1, 2026, 4),
            sub(9, 2025, 5),
            sub(9, 2025, 6),
        ];
        let zero = ProcedureSettings {
            max_per_org: 0,
            ..ProcedureSettings::default()
        };
        assert_eq!(submission_limit(&subs, &zero).len(), 3);
        let w = submission_limit(&subs, &ProcedureSettings::default());
        let ids: Vec<Vec<RuleChangeId>> = w.into_iter().map(|w| w.rule_change_ids).collect();
        assert_eq!(ids, vec![vec![5, 6], vec![3, 4], vec![1, 2]]);
    }

    #[test]
    fn deadline() {
        let deadline = 1_749_834_000; // 2025-06-13 17:00 UTC
        assert_eq!(past_deadline(1, deadline, deadline), None);
        assert_eq!(past_deadline(1, deadline - 3_600, deadline), None);
        let w = past_deadline(1, deadline + 93_600 + 120, deadline);
        assert_eq!(
            w.map(|w| w.message).as_deref(),
            Some(
                "Submitted on 2025-06-14 19:02 UTC, 1 day 2 hours after the deadline \
                 (2025-06-13 17:00 UTC); the CAC rules late rule changes out of order."
            )
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(1), "1 second");
        assert_eq!(format_duration(59), "59 seconds");
        assert_eq!(format_duration(60), "1 minute");
        assert_eq!(format_duration(7_260), "2 hours 1 minute");
        assert_eq!(format_duration(3 * 86_400 + 59), "3 days");
    }

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_735_689_599), "2024-12-31 23:59 UTC");
        assert_eq!(format_utc(-1), "1969-12-31 23:59 UTC");
    }

    #[test]
    fn three_year_window_is_the_three_previous_conferences() {
        let settings = ProcedureSettings::default();
        let warned = |year| {
            let history = [decision(year, "2.I.4.B", 9)];
            !three_year_rule(1, 2025, &["2.I.4.B"], &history, &settings).is_empty()
        };
        assert!(!warned(2021));
        assert!(warned(2022));
        assert!(warned(2023));
        assert!(warned(2024));
        // A decision at the same or a later conference is not a previous decision.
        assert!(!warned(2025));
        assert!(!warned(2026));
    }

    #[test]
    fn three_year_rule_covers_nodes_above_and_below() {
        let settings = ProcedureSettings::default();
        let history = [
            decision(2022, "2.I.4", 3),
            decision(2024, "2.I.4.B", 8),
            decision(2024, "2.I.40", 5),
            decision(2023, "1.VIII", 6),
        ];
        let w = three_year_rule(1, 2025, &["2.I", "2.I.4.C", "2.I.5"], &history, &settings);
        let messages: Vec<&str> = w.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "2.I: conference decided on 2.I.4.B in 2024 (rule change #8); under the \
                 three-year rule it may not be amended again before the 2028 conference unless \
                 the NEC deems the change urgent.",
                "2.I.4.C: conference decided on 2.I.4 in 2022 (rule change #3); under the \
                 three-year rule it may not be amended again before the 2026 conference unless \
                 the NEC deems the change urgent.",
            ]
        );
        let same = three_year_rule(1, 2025, &["1.VIII"], &history, &settings);
        assert!(
            same[0]
                .message
                .contains("decided on this part of the rules in 2023")
        );
    }

    #[test]
    fn the_period_is_a_setting() {
        let history = [decision(2022, "2.I.4", 3)];
        let two = ProcedureSettings {
            three_year_period: 2,
            ..ProcedureSettings::default()
        };
        assert!(three_year_rule(1, 2025, &["2.I.4"], &history, &two).is_empty());
        let none = ProcedureSettings {
            three_year_period: 0,
            ..ProcedureSettings::default()
        };
        let last_year = [decision(2024, "2.I.4", 3)];
        assert!(three_year_rule(1, 2025, &["2.I.4"], &last_year, &none).is_empty());
    }

    #[test]
    fn keys_name_parts_at_dot_boundaries() {
        assert!(same_part("2.I.4", "2.I.4"));
        assert!(same_part("2.I.4", "2.I.4.B"));
        assert!(same_part("2.I.4.B.ii", "2.I"));
        assert!(!same_part("2.I.4", "2.I.40"));
        assert!(!same_part("2.I.4", "2.I.5"));
    }
}
