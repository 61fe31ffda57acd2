//! A priorities ballot result as published (entered from the CAC's report), checked the way
//! published card votes are ([`crate::domain::conference::forecast::check_published_result`]):
//! every figure that does not add up is flagged with a [`ResultFlag`] a delegate can check
//! against the printed page, and nothing printed is trusted or corrected.
//!
//! What is checked, per section: the subjects' votes against the stated total; each printed
//! percentage against the votes (a percentage is of the votes cast in the section, and may be
//! off by half a unit of its last printed decimal); the printed percentages against 100%; with
//! one vote per delegation, no subject above the number of delegations that voted and no more
//! votes in all than they could cast; and which subjects are declared to go forward against the
//! top N by the printed votes and the tie rule.
//!
//! ```
//! use app::domain::ballot::published::{check_published, PublishedRow, PublishedSection};
//! use app::domain::ballot::{BallotSettings, Section};
//! let row = |subject: &str, votes, pct, forward| PublishedRow { subject: subject.into(), votes, pct: Some(pct), forward };
//! let printed = PublishedSection {
//!     section: Section::Clp,
//!     rows: vec![row("Housing", 300, 60.0, true), row("Steel", 200, 40.0, false)],
//!     stated_total: Some(510),
//!     delegations_voting: None,
//!     pct_decimals: 1,
//! };
//! let settings = BallotSettings { forward: 1, ..BallotSettings::default() };
//! let flags = check_published(&printed, &settings);
//! assert_eq!(flags[0].message, "CLP section: the subjects' votes add up to 500, but the stated total is 510.");
//! ```

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::count::SectionResult;
use super::{BallotSettings, Section, TieRule, Weighting};
use crate::domain::conference::forecast::{FlagCode, ResultFlag, thousands};

/// One subject's line as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedRow {
    /// The subject's name as printed.
    pub subject: String,
    /// Its votes.
    pub votes: u64,
    /// Its percentage of the section's votes, if printed.
    pub pct: Option<f64>,
    /// Whether it is declared to go forward.
    pub forward: bool,
}

/// One section of a published ballot result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedSection {
    /// The section.
    pub section: Section,
    /// The subjects as printed.
    pub rows: Vec<PublishedRow>,
    /// The section's total votes, if printed.
    pub stated_total: Option<u64>,
    /// How many delegations voted, if printed.
    pub delegations_voting: Option<u64>,
    /// Decimals the percentages are printed with (1 for "12.3%").
    pub pct_decimals: u8,
}

impl PublishedSection {
    /// Refuses what cannot be a published result (no subjects, a subject twice, a percentage
    /// out of 0–100, more than 4 decimals), naming it.
    pub fn validate(&self) -> Result<(), String> {
        let label = self.section.label();
        if self.rows.is_empty() {
            return Err(format!("{label}: enter at least one subject."));
        }
        if self.pct_decimals > 4 {
            return Err(format!("{label}: percentages have at most 4 decimals."));
        }
        let mut seen = HashSet::new();
        for r in &self.rows {
            let name = r.subject.trim();
            if name.is_empty() {
                return Err(format!("{label}: every line needs the subject's name."));
            }
            if !seen.insert(name.to_lowercase()) {
                return Err(format!("{label}: “{name}” is entered twice."));
            }
            if let Some(p) = r.pct
                && !(p.is_finite() && (0.0..=100.0).contains(&p))
            {
                return Err(format!(
                    "{label}: the percentage for “{name}” must be from 0 to 100."
                ));
            }
        }
        Ok(())
    }

    /// The section as it would be published from a count, percentages rounded to
    /// `pct_decimals`.
    pub fn from_result(r: &SectionResult, pct_decimals: u8) -> PublishedSection {
        let scale = 10f64.powi(i32::from(pct_decimals));
        PublishedSection {
            section: r.section,
            rows: r
                .rows
                .iter()
                .map(|row| PublishedRow {
                    subject: row.name.clone(),
                    votes: row.votes,
                    pct: Some((row.share_pct * scale).round() / scale),
                    forward: row.outcome == super::count::Outcome::Forward,
                })
                .collect(),
            stated_total: Some(r.total_votes),
            delegations_voting: Some(u64::from(r.delegations_voted)),
            pct_decimals,
        }
    }
}

/// Every figure in `p` that does not add up; empty when it is consistent.
pub fn check_published(p: &PublishedSection, settings: &BallotSettings) -> Vec<ResultFlag> {
    let mut flags = Vec::new();
    let label = p.section.label();
    let mut flag = |code, message: String| {
        flags.push(ResultFlag {
            code,
            message: format!("{label}: {message}"),
        })
    };
    let sum: u128 = p.rows.iter().map(|r| u128::from(r.votes)).sum();
    if let Some(stated) = p.stated_total
        && u128::from(stated) != sum
    {
        flag(
            FlagCode::SectionTotal,
            format!(
                "the subjects' votes add up to {}, but the stated total is {}.",
                thousands(sum),
                thousands(stated.into())
            ),
        );
    }
    let tolerance = 0.5 / 10f64.powi(i32::from(p.pct_decimals)) + 1e-9;
    let decimals = usize::from(p.pct_decimals);
    for r in &p.rows {
        let Some(printed) = r.pct else { continue };
        let expected = if sum == 0 {
            0.0
        } else {
            r.votes as f64 * 100.0 / sum as f64
        };
        if (printed - expected).abs() > tolerance {
            flag(
                FlagCode::Percentage,
                format!(
                    "“{}” has {} of {} votes, which is {expected:.decimals$}%, but \
                     {printed:.decimals$}% is printed.",
                    r.subject,
                    thousands(r.votes.into()),
                    thousands(sum)
                ),
            );
        }
    }
    if sum > 0 && p.rows.iter().all(|r| r.pct.is_some()) {
        let total: f64 = p.rows.iter().filter_map(|r| r.pct).sum();
        if (total - 100.0).abs() > tolerance * p.rows.len() as f64 {
            flag(
                FlagCode::Sum,
                format!("the printed percentages add up to {total:.decimals$}%, not 100%."),
            );
        }
    }
    let section = settings.section(p.section);
    if section.weighting == Weighting::OneVote
        && let Some(voting) = p.delegations_voting
    {
        for r in p.rows.iter().filter(|r| r.votes > voting) {
            flag(
                FlagCode::SectionTotal,
                format!(
                    "“{}” has {} votes, but only {} delegations voted, with one vote each.",
                    r.subject,
                    thousands(r.votes.into()),
                    thousands(voting.into())
                ),
            );
        }
        let most = u128::from(voting) * u128::from(section.picks);
        if sum > most {
            flag(
                FlagCode::SectionTotal,
                format!(
                    "{} votes in all is more than {} delegations choosing at most {} subjects \
                     each could cast ({}).",
                    thousands(sum),
                    thousands(voting.into()),
                    section.picks,
                    thousands(most)
                ),
            );
        }
    }
    for message in outcome_problems(p, settings) {
        flag(FlagCode::Outcome, message);
    }
    flags
}

/// Where the subjects declared to go forward do not follow from the printed votes.
fn outcome_problems(p: &PublishedSection, settings: &BallotSettings) -> Vec<String> {
    let n = settings.forward as usize;
    let mut votes: Vec<u64> = p.rows.iter().map(|r| r.votes).filter(|&v| v > 0).collect();
    votes.sort_unstable_by(|a, b| b.cmp(a));
    // Subjects above `cut` go forward and those below it do not; `places` are left for the
    // `level` subjects at it.
    let (cut, places, level) = if n == 0 {
        (u64::MAX, 0, 0)
    } else if votes.len() <= n {
        (1, usize::MAX, 0)
    } else {
        let cut = votes[n - 1];
        let above = votes.iter().filter(|&&v| v > cut).count();
        let level = votes.iter().filter(|&&v| v == cut).count();
        (cut, n - above, level)
    };
    // A tie drawn by lot or decided by the CAC: any `places` of the tied subjects may go.
    let open_tie = level > places && settings.tie_rule != TieRule::AllGoForward;
    let more = |v: u64| p.rows.iter().filter(|r| r.votes > v).count();
    let mut out = Vec::new();
    for r in &p.rows {
        let must_go = r.votes > 0 && (r.votes > cut || (r.votes == cut && !open_tie));
        let must_not = r.votes == 0 || r.votes < cut;
        if r.forward && must_not {
            out.push(if r.votes == 0 {
                format!("“{}” is declared to go forward without a vote.", r.subject)
            } else {
                format!(
                    "“{}” is declared to go forward with {} votes, but {} subjects have more \
                     and only {n} go forward.",
                    r.subject,
                    thousands(r.votes.into()),
                    more(r.votes)
                )
            });
        }
        if !r.forward && must_go {
            out.push(format!(
                "“{}” has {} votes, enough to be among the top {n}, but is not declared to go \
                 forward.",
                r.subject,
                thousands(r.votes.into())
            ));
        }
    }
    if open_tie {
        let declared = p
            .rows
            .iter()
            .filter(|r| r.votes == cut && r.forward)
            .count();
        if declared != places {
            out.push(format!(
                "{level} subjects tied on {} votes for {places} {}, but {declared} of them {} \
                 declared to go forward.",
                thousands(cut.into()),
                if places == 1 { "place" } else { "places" },
                if declared == 1 { "is" } else { "are" },
            ));
        }
    }
    out
}

#[cfg(test)]
#[path = "published_tests.rs"]
mod tests;
