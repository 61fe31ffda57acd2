//! The priorities ballot: after the CAC has grouped the motions in order by subject, the CLP
//! delegations and the affiliate delegations each vote for the subjects they want debated; the
//! two sections are counted separately and the top N subjects of each go forward.
//!
//! - [`count`]: checking a vote (a subject of this ballot, within the quota, no subject twice,
//!   one vote per delegation), counting both sections, and ties at the cut-off.
//! - [`advice`]: warning a CLP before it spends a vote on a subject the affiliates are already
//!   choosing (a subject both sections choose is debated once, so that CLP vote is wasted).
//! - [`published`]: checking a ballot result as published, like card votes: figures that do not
//!   add up are flagged.
//!
//! Everything that has changed over the years is a setting ([`BallotSettings`]): how many
//! subjects a delegation may choose, whether a CLP's vote is one vote or weighted by its
//! membership, how many subjects go forward (4, then 10, then 6), and what happens on a tie.

use serde::{Deserialize, Serialize};

use super::conference::OrgId;

pub mod advice;
pub mod count;
pub mod published;

/// The database id of a subject.
pub type SubjectId = i32;

/// The two sections of the ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Constituency Labour Parties.
    Clp,
    /// Trade unions and socialist societies.
    Affiliates,
}

impl Section {
    /// How results name it ("CLP section").
    pub fn label(self) -> &'static str {
        match self {
            Section::Clp => "CLP section",
            Section::Affiliates => "Affiliates' section",
        }
    }

    /// The stable snake_case form.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Clp => "clp",
            Section::Affiliates => "affiliates",
        }
    }
}

/// How much one delegation's vote for a subject counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    /// One vote per delegation.
    #[default]
    OneVote,
    /// The delegation's weight (a CLP's membership, an affiliate's affiliated membership).
    ByWeight,
}

/// What happens when subjects tie for the last places going forward.
///
/// The count never picks silently: every tie at the cut-off is reported with the rule applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum TieRule {
    /// Every subject tied for the last places goes forward (more than N may).
    AllGoForward,
    /// The places are drawn by lot among the tied subjects, from a recorded seed, so that anyone
    /// can re-run the draw and get the same result.
    DrawByLot {
        /// The seed drawn (and announced) for this ballot.
        seed: u64,
    },
    /// The CAC decides; until it has, the tied subjects are undecided and the result says so.
    #[default]
    CacDecides,
}

/// One section's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SectionSettings {
    /// Most subjects one delegation may choose.
    pub picks: u32,
    /// How much a delegation's vote counts.
    pub weighting: Weighting,
}

impl Default for SectionSettings {
    fn default() -> Self {
        SectionSettings {
            picks: DEFAULT_FORWARD,
            weighting: Weighting::OneVote,
        }
    }
}

/// Subjects going forward from each section by default.
pub const DEFAULT_FORWARD: u32 = 6;

/// One conference's ballot settings, as stored with the conference; missing fields take the
/// defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BallotSettings {
    /// The CLP section.
    pub clp: SectionSettings,
    /// The affiliates' section.
    pub affiliates: SectionSettings,
    /// Subjects going forward from each section (6).
    pub forward: u32,
    /// What happens on a tie for the last places.
    pub tie_rule: TieRule,
}

impl Default for BallotSettings {
    fn default() -> Self {
        BallotSettings {
            clp: SectionSettings::default(),
            affiliates: SectionSettings::default(),
            forward: DEFAULT_FORWARD,
            tie_rule: TieRule::default(),
        }
    }
}

impl BallotSettings {
    /// The settings of one section.
    pub fn section(&self, s: Section) -> &SectionSettings {
        match s {
            Section::Clp => &self.clp,
            Section::Affiliates => &self.affiliates,
        }
    }
}

/// A subject on the ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// Its id.
    pub id: SubjectId,
    /// Its name ("Public ownership of water").
    pub name: String,
}

impl Subject {
    /// Subjects with these names, numbered from 1 in order (a ballot before it is stored).
    pub fn numbered(names: &[&str]) -> Vec<Subject> {
        names
            .iter()
            .zip(1..)
            .map(|(name, id)| Subject {
                id,
                name: (*name).to_owned(),
            })
            .collect()
    }
}

/// A delegation entitled to vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    /// Its organisation.
    pub org_id: OrgId,
    /// The organisation's name ("Riverside CLP").
    pub name: String,
    /// Its section.
    pub section: Section,
    /// Its weight, used with [`Weighting::ByWeight`].
    pub weight: u64,
}

/// One delegation's ballot paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// The voting organisation.
    pub org_id: OrgId,
    /// The subjects it chose.
    pub subjects: Vec<SubjectId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_stored_as_json_fill_in_defaults() {
        let s: BallotSettings = serde_json::from_str(
            r#"{"forward":4,"clp":{"weighting":"by_weight"},"tie_rule":{"rule":"draw_by_lot","seed":7}}"#,
        )
        .unwrap_or_default();
        assert_eq!(s.forward, 4);
        assert_eq!(s.clp.weighting, Weighting::ByWeight);
        assert_eq!(s.clp.picks, 6);
        assert_eq!(s.tie_rule, TieRule::DrawByLot { seed: 7 });
        assert_eq!(s.affiliates, SectionSettings::default());
        assert_eq!(BallotSettings::default().tie_rule, TieRule::CacDecides);
    }
}
