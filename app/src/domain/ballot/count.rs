//! Checking ballot papers and counting the priorities ballot.
//!
//! Each section is counted on its own: a subject's votes are the sum, over the section's
//! delegations that chose it, of one vote each (or the delegation's weight, as the section's
//! [`Weighting`] says). Subjects are ranked by votes; the top [`BallotSettings::forward`] with
//! at least one vote go forward. When subjects tie for the last places, the [`TieRule`] decides
//! and the result reports the tie ([`Tie`]) whatever the rule: all tied go forward, the places
//! are drawn by lot from the recorded seed, or the CAC decides (the subjects stay
//! [`Outcome::Undecided`] until its decision is passed in).
//!
//! A ballot paper is refused, with the reason, when it names a subject not in this ballot,
//! chooses more subjects than allowed or one subject twice, chooses none, or comes from an
//! organisation without a delegation or one that has already voted. Counting refuses the whole
//! count on any such paper rather than leave a vote out silently.
//!
//! ```
//! use app::domain::ballot::count::{count, Outcome};
//! use app::domain::ballot::{BallotSettings, Delegation, Section, Subject, Vote};
//! let subjects = [Subject { id: 1, name: "Housing".into() }, Subject { id: 2, name: "The NHS".into() }];
//! let clp = |org_id, name: &str| Delegation { org_id, name: name.into(), section: Section::Clp, weight: 1 };
//! let delegations = [clp(10, "Riverside CLP"), clp(11, "Hillside CLP")];
//! let votes = [Vote { org_id: 10, subjects: vec![1, 2] }, Vote { org_id: 11, subjects: vec![2] }];
//! let settings = BallotSettings { forward: 1, ..BallotSettings::default() };
//! let result = count(&subjects, &delegations, &votes, &settings, &[]).unwrap();
//! assert_eq!(result.clp.rows[0].name, "The NHS");
//! assert_eq!(result.clp.rows[0].outcome, Outcome::Forward);
//! assert_eq!(result.clp.rows[1].outcome, Outcome::Out);
//! ```

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{BallotSettings, Delegation, Section, Subject, SubjectId, TieRule, Vote, Weighting};
use crate::domain::conference::OrgId;
use crate::domain::motions::join_and;

/// Why a ballot paper is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum VoteRefusal {
    /// The organisation has no delegation in this ballot.
    #[error("Organisation #{org_id} has no delegation in this ballot.")]
    NotADelegation {
        /// The organisation.
        org_id: OrgId,
    },
    /// A subject that is not in this ballot.
    #[error("Subject #{subject_id} is not in this ballot.")]
    UnknownSubject {
        /// The subject named.
        subject_id: SubjectId,
    },
    /// More subjects than allowed.
    #[error(
        "{delegation} chose {given} subjects; a delegation in the {section} may choose at most {allowed}."
    )]
    TooMany {
        /// The delegation.
        delegation: String,
        /// Its section, as named in results.
        section: String,
        /// How many it chose.
        given: usize,
        /// How many it may choose.
        allowed: u32,
    },
    /// One subject chosen twice.
    #[error("{delegation} chose “{subject}” twice.")]
    Duplicate {
        /// The delegation.
        delegation: String,
        /// The subject.
        subject: String,
    },
    /// No subject chosen.
    #[error("{delegation} chose no subject.")]
    Empty {
        /// The delegation.
        delegation: String,
    },
    /// The delegation has already voted.
    #[error("{delegation} has already voted in this ballot.")]
    AlreadyVoted {
        /// The delegation.
        delegation: String,
    },
}

/// Checks one ballot paper from `delegation` against the ballot's subjects and settings.
/// (Whether it has already voted is for [`count`], or the caller, to check.)
pub fn validate_vote(
    vote: &Vote,
    delegation: &Delegation,
    subjects: &[Subject],
    settings: &BallotSettings,
) -> Result<(), VoteRefusal> {
    let name = |id: SubjectId| subjects.iter().find(|s| s.id == id).map(|s| s.name.clone());
    if vote.subjects.is_empty() {
        return Err(VoteRefusal::Empty {
            delegation: delegation.name.clone(),
        });
    }
    for (i, &id) in vote.subjects.iter().enumerate() {
        let Some(subject) = name(id) else {
            return Err(VoteRefusal::UnknownSubject { subject_id: id });
        };
        if vote.subjects[..i].contains(&id) {
            return Err(VoteRefusal::Duplicate {
                delegation: delegation.name.clone(),
                subject,
            });
        }
    }
    let allowed = settings.section(delegation.section).picks;
    if vote.subjects.len() > allowed as usize {
        return Err(VoteRefusal::TooMany {
            delegation: delegation.name.clone(),
            section: delegation.section.label().to_owned(),
            given: vote.subjects.len(),
            allowed,
        });
    }
    Ok(())
}

/// What became of a subject in one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It goes forward to be debated.
    Forward,
    /// It does not.
    Out,
    /// It is tied for the last places and the CAC has not yet decided.
    Undecided,
}

/// One subject's line in a section's result table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The subject.
    pub subject_id: SubjectId,
    /// Its name.
    pub name: String,
    /// Its votes (weighted if the section is).
    pub votes: u64,
    /// How many delegations chose it.
    pub delegations: u32,
    /// Its votes as a percentage of all votes cast in the section.
    pub share_pct: f64,
    /// Its place (1 for the most votes; tied subjects share a place).
    pub rank: u32,
    /// Whether it goes forward.
    pub outcome: Outcome,
    /// Whether it was tied for the last places.
    pub tied: bool,
}

/// How a tie for the last places was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum TieResolution {
    /// All tied subjects go forward.
    AllGoForward,
    /// Drawn by lot from `seed`; `drawn` went forward.
    DrawnByLot {
        /// The seed.
        seed: u64,
        /// The subjects drawn, in the order drawn.
        drawn: Vec<SubjectId>,
    },
    /// The CAC chose `chosen`.
    DecidedByCac {
        /// The subjects chosen.
        chosen: Vec<SubjectId>,
    },
    /// The CAC must still decide.
    NeedsDecision,
}

/// Subjects tied for the last places of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tie {
    /// The votes each of them has.
    pub votes: u64,
    /// The tied subjects, by id.
    pub subjects: Vec<SubjectId>,
    /// How many places were left for them.
    pub places: u32,
    /// How it was settled.
    pub resolution: TieResolution,
}

/// The CAC's decision on a tie in one section: the subjects it sends forward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieDecision {
    /// The section.
    pub section: Section,
    /// The subjects going forward from the tie.
    pub forward: Vec<SubjectId>,
}

/// One section's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionResult {
    /// The section.
    pub section: Section,
    /// Every subject, most votes first (ties by name).
    pub rows: Vec<Row>,
    /// All votes cast in the section.
    pub total_votes: u64,
    /// Delegations that voted.
    pub delegations_voted: u32,
    /// Delegations entitled to vote.
    pub delegations_entitled: u32,
    /// The most votes still to come: the weight (or number) of delegations that have not voted.
    pub votes_outstanding: u64,
    /// A tie for the last places, if there was one.
    pub tie: Option<Tie>,
}

impl SectionResult {
    /// The subjects going forward, in the table's order.
    pub fn forward(&self) -> Vec<SubjectId> {
        self.rows
            .iter()
            .filter(|r| r.outcome == Outcome::Forward)
            .map(|r| r.subject_id)
            .collect()
    }

    /// The tie in words, naming the subjects ("“Housing” and “Water” tied on 31 votes for the
    /// last place: the CAC must decide which goes forward.").
    pub fn tie_message(&self) -> Option<String> {
        let tie = self.tie.as_ref()?;
        let name = |id: &SubjectId| {
            self.rows
                .iter()
                .find(|r| r.subject_id == *id)
                .map_or_else(|| format!("#{id}"), |r| format!("“{}”", r.name))
        };
        let names: Vec<String> = tie.subjects.iter().map(name).collect();
        let places = if tie.places == 1 {
            "the last place".to_owned()
        } else {
            format!("the last {} places", tie.places)
        };
        let votes = if tie.votes == 1 { "vote" } else { "votes" };
        let head = format!(
            "{}: {} tied on {} {votes} for {places}",
            self.section.label(),
            join_and(&names),
            tie.votes
        );
        let tail = match &tie.resolution {
            TieResolution::AllGoForward => "all of them go forward.".to_owned(),
            TieResolution::DrawnByLot { seed, drawn } => format!(
                "drawn by lot (seed {seed}): {} {} forward.",
                join_and(&drawn.iter().map(name).collect::<Vec<_>>()),
                if drawn.len() == 1 { "goes" } else { "go" }
            ),
            TieResolution::DecidedByCac { chosen } => format!(
                "the CAC chose {}.",
                join_and(&chosen.iter().map(name).collect::<Vec<_>>())
            ),
            TieResolution::NeedsDecision => format!(
                "the CAC must decide which {} forward.",
                if tie.places == 1 { "goes" } else { "go" }
            ),
        };
        Some(format!("{head}: {tail}"))
    }
}

/// Both sections' results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotResult {
    /// The CLP section.
    pub clp: SectionResult,
    /// The affiliates' section.
    pub affiliates: SectionResult,
}

impl BallotResult {
    /// The subjects to be debated: those going forward from either section, CLPs' first, each
    /// once.
    pub fn debated(&self) -> Vec<SubjectId> {
        let mut out = self.clp.forward();
        for s in self.affiliates.forward() {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    /// Subjects both sections sent forward (each is debated once, so the two sections together
    /// chose fewer subjects than they could have).
    pub fn chosen_by_both(&self) -> Vec<SubjectId> {
        let aff = self.affiliates.forward();
        self.clp
            .forward()
            .into_iter()
            .filter(|s| aff.contains(s))
            .collect()
    }

    /// Whether a tie still waits for the CAC.
    pub fn needs_decision(&self) -> bool {
        [&self.clp, &self.affiliates].into_iter().any(|s| {
            s.tie
                .as_ref()
                .is_some_and(|t| t.resolution == TieResolution::NeedsDecision)
        })
    }
}

/// Why a count could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CountError {
    /// A ballot paper was refused.
    #[error("{0}")]
    Vote(#[from] VoteRefusal),
    /// The CAC's decision on a tie does not fit the tie.
    #[error("{section}: {message}")]
    Decision {
        /// The section.
        section: String,
        /// What is wrong with the decision.
        message: String,
    },
}

/// Counts both sections. `decisions` are the CAC's decisions on ties (used with
/// [`TieRule::CacDecides`]; a decision for a section without a tie, or naming the wrong number
/// of subjects or a subject not tied, is refused).
pub fn count(
    subjects: &[Subject],
    delegations: &[Delegation],
    votes: &[Vote],
    settings: &BallotSettings,
    decisions: &[TieDecision],
) -> Result<BallotResult, CountError> {
    let by_org: HashMap<OrgId, &Delegation> = delegations.iter().map(|d| (d.org_id, d)).collect();
    let index: HashMap<SubjectId, usize> = subjects
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let mut tallies = [Tally::new(subjects.len()), Tally::new(subjects.len())];
    let mut voted: HashSet<OrgId> = HashSet::with_capacity(votes.len());
    for vote in votes {
        let d = by_org
            .get(&vote.org_id)
            .ok_or(VoteRefusal::NotADelegation {
                org_id: vote.org_id,
            })?;
        validate_vote(vote, d, subjects, settings)?;
        if !voted.insert(vote.org_id) {
            return Err(VoteRefusal::AlreadyVoted {
                delegation: d.name.clone(),
            }
            .into());
        }
        let weight = match settings.section(d.section).weighting {
            Weighting::OneVote => 1,
            Weighting::ByWeight => d.weight,
        };
        let t = &mut tallies[section_index(d.section)];
        t.delegations_voted += 1;
        t.weight_voted = t.weight_voted.saturating_add(weight);
        for s in &vote.subjects {
            if let Some(&i) = index.get(s) {
                t.votes[i] = t.votes[i].saturating_add(weight);
                t.chosen_by[i] += 1;
                t.total = t.total.saturating_add(weight);
            }
        }
    }
    let [clp, aff] = tallies;
    let section = |s: Section, t: Tally| {
        let entitled: Vec<&Delegation> = delegations.iter().filter(|d| d.section == s).collect();
        let weight_all = match settings.section(s).weighting {
            Weighting::OneVote => entitled.len() as u64,
            Weighting::ByWeight => entitled
                .iter()
                .map(|d| d.weight)
                .fold(0, u64::saturating_add),
        };
        let decision = decisions.iter().find(|d| d.section == s);
        let mut r = rank(s, subjects, &t, settings, decision)?;
        r.delegations_entitled = u32::try_from(entitled.len()).unwrap_or(u32::MAX);
        r.votes_outstanding = weight_all.saturating_sub(t.weight_voted);
        Ok::<_, CountError>(r)
    };
    Ok(BallotResult {
        clp: section(Section::Clp, clp)?,
        affiliates: section(Section::Affiliates, aff)?,
    })
}

fn section_index(s: Section) -> usize {
    match s {
        Section::Clp => 0,
        Section::Affiliates => 1,
    }
}

/// Running totals of one section, by subject index.
struct Tally {
    votes: Vec<u64>,
    chosen_by: Vec<u32>,
    total: u64,
    delegations_voted: u32,
    weight_voted: u64,
}

impl Tally {
    fn new(n: usize) -> Tally {
        Tally {
            votes: vec![0; n],
            chosen_by: vec![0; n],
            total: 0,
            delegations_voted: 0,
            weight_voted: 0,
        }
    }
}

/// Ranks one section's subjects and settles the cut-off (the caller fills in who is entitled
/// and what is outstanding).
fn rank(
    section: Section,
    subjects: &[Subject],
    t: &Tally,
    settings: &BallotSettings,
    decision: Option<&TieDecision>,
) -> Result<SectionResult, CountError> {
    let mut order: Vec<usize> = (0..subjects.len()).collect();
    order.sort_by(|&a, &b| {
        t.votes[b]
            .cmp(&t.votes[a])
            .then_with(|| subjects[a].name.cmp(&subjects[b].name))
            .then_with(|| subjects[a].id.cmp(&subjects[b].id))
    });
    let n = settings.forward as usize;
    let positive = order.iter().take_while(|&&i| t.votes[i] > 0).count();
    let mut outcome = vec![Outcome::Out; subjects.len()];
    let mut tied = vec![false; subjects.len()];
    let mut tie = None;
    if positive <= n {
        for &i in &order[..positive] {
            outcome[i] = Outcome::Forward;
        }
    } else if n > 0 {
        let cut = t.votes[order[n - 1]];
        let above: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| t.votes[i] > cut)
            .collect();
        let level: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| t.votes[i] == cut)
            .collect();
        for &i in &above {
            outcome[i] = Outcome::Forward;
        }
        let places = n - above.len();
        if level.len() == places {
            for &i in &level {
                outcome[i] = Outcome::Forward;
            }
        } else {
            for &i in &level {
                tied[i] = true;
            }
            let mut ids: Vec<SubjectId> = level.iter().map(|&i| subjects[i].id).collect();
            ids.sort_unstable();
            let resolution = settle(section, &ids, places, settings.tie_rule, decision)?;
            let forward: &[SubjectId] = match &resolution {
                TieResolution::AllGoForward => &ids,
                TieResolution::DrawnByLot { drawn, .. } => drawn,
                TieResolution::DecidedByCac { chosen } => chosen,
                TieResolution::NeedsDecision => &[],
            };
            for &i in &level {
                outcome[i] = if resolution == TieResolution::NeedsDecision {
                    Outcome::Undecided
                } else if forward.contains(&subjects[i].id) {
                    Outcome::Forward
                } else {
                    Outcome::Out
                };
            }
            tie = Some(Tie {
                votes: cut,
                subjects: ids,
                places: u32::try_from(places).unwrap_or(u32::MAX),
                resolution,
            });
        }
    }
    if tie.is_none()
        && let Some(d) = decision
        && !d.forward.is_empty()
    {
        return Err(CountError::Decision {
            section: section.label().to_owned(),
            message: "there is no tie for the CAC to decide.".to_owned(),
        });
    }
    let mut rows = Vec::with_capacity(subjects.len());
    let mut rank = 0;
    for (k, &i) in order.iter().enumerate() {
        if k == 0 || t.votes[i] != t.votes[order[k - 1]] {
            rank = u32::try_from(k + 1).unwrap_or(u32::MAX);
        }
        rows.push(Row {
            subject_id: subjects[i].id,
            name: subjects[i].name.clone(),
            votes: t.votes[i],
            delegations: t.chosen_by[i],
            share_pct: if t.total == 0 {
                0.0
            } else {
                t.votes[i] as f64 * 100.0 / t.total as f64
            },
            rank,
            outcome: outcome[i],
            tied: tied[i],
        });
    }
    Ok(SectionResult {
        section,
        rows,
        total_votes: t.total,
        delegations_voted: t.delegations_voted,
        delegations_entitled: 0,
        votes_outstanding: 0,
        tie,
    })
}

/// Settles a tie of `ids` (ascending) for `places` places by `rule`.
fn settle(
    section: Section,
    ids: &[SubjectId],
    places: usize,
    rule: TieRule,
    decision: Option<&TieDecision>,
) -> Result<TieResolution, CountError> {
    Ok(match rule {
        TieRule::AllGoForward => TieResolution::AllGoForward,
        TieRule::DrawByLot { seed } => TieResolution::DrawnByLot {
            seed,
            drawn: draw(ids, places, seed),
        },
        TieRule::CacDecides => match decision {
            None => TieResolution::NeedsDecision,
            Some(d) => {
                let refuse = |message: String| CountError::Decision {
                    section: section.label().to_owned(),
                    message,
                };
                let mut chosen = d.forward.clone();
                chosen.sort_unstable();
                chosen.dedup();
                if let Some(bad) = chosen.iter().find(|s| !ids.contains(s)) {
                    return Err(refuse(format!(
                        "subject #{bad} is not one of the tied subjects."
                    )));
                }
                if chosen.len() != places {
                    return Err(refuse(format!(
                        "the CAC must choose {places} of the tied subjects, not {}.",
                        chosen.len()
                    )));
                }
                TieResolution::DecidedByCac { chosen }
            }
        },
    })
}

/// Draws `places` of `ids` by lot: a Fisher–Yates shuffle driven by SplitMix64 from `seed`, the
/// first `places` taken. The same seed and subjects always draw the same.
pub fn draw(ids: &[SubjectId], places: usize, seed: u64) -> Vec<SubjectId> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut pool = ids.to_vec();
    for i in (1..pool.len()).rev() {
        let j = usize::try_from(next() % (i as u64 + 1)).unwrap_or(0);
        pool.swap(i, j);
    }
    pool.truncate(places);
    pool
}

#[cfg(test)]
#[path = "count_tests.rs"]
mod tests;
