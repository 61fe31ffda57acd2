//! Advice to a CLP before it votes: a subject it wants that the affiliates are already choosing
//! would be debated anyway, since a subject both sections choose is debated once, so a CLP vote
//! for it is wasted (organisers coordinate to avoid this).
//!
//! The advice reads the affiliates' votes recorded so far (a [`SectionResult`] from
//! [`super::count::count`]). A subject is among their *likely* choices when it has votes and
//! fewer than N subjects have more; it is *certain* to go forward when even the votes still to
//! come (every delegation that has not voted choosing every other subject) could not put N
//! other subjects level with it or above it.
//!
//! ```
//! use app::domain::ballot::advice::wasted_votes;
//! use app::domain::ballot::count::count;
//! use app::domain::ballot::{BallotSettings, Delegation, Section, Subject, Vote};
//! let subjects = [Subject { id: 1, name: "Public ownership of water".into() }, Subject { id: 2, name: "Housing".into() }];
//! let union = |org_id| Delegation { org_id, name: format!("Union {org_id}"), section: Section::Affiliates, weight: 1 };
//! let delegations = [union(1), union(2), union(3)];
//! let votes = [Vote { org_id: 1, subjects: vec![1] }];
//! let settings = BallotSettings { forward: 1, ..BallotSettings::default() };
//! let so_far = count(&subjects, &delegations, &votes, &settings, &[]).unwrap();
//! let w = wasted_votes(&[1, 2], &so_far.affiliates, settings.forward);
//! assert_eq!(w.len(), 1);
//! assert!(w[0].message.starts_with("“Public ownership of water” is already among the affiliates' likely choices"));
//! ```

use serde::{Deserialize, Serialize};

use super::SubjectId;
use super::count::SectionResult;
use crate::domain::wording::ordinal_name;

/// A warning that a CLP vote for a subject would be wasted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WastedVote {
    /// The subject.
    pub subject_id: SubjectId,
    /// Whether the subject is certain to go forward from the affiliates' section (otherwise
    /// only likely).
    pub certain: bool,
    /// The warning, in words.
    pub message: String,
}

/// Warnings for the subjects in `wanted` that are among the affiliates' likely choices, in the
/// order wanted. `forward` is the number of subjects going forward from each section.
pub fn wasted_votes(
    wanted: &[SubjectId],
    affiliates: &SectionResult,
    forward: u32,
) -> Vec<WastedVote> {
    let n = forward as usize;
    let outstanding = affiliates.votes_outstanding;
    wanted
        .iter()
        .filter_map(|&id| {
            let row = affiliates.rows.iter().find(|r| r.subject_id == id)?;
            let more = affiliates
                .rows
                .iter()
                .filter(|r| r.votes > row.votes)
                .count();
            if row.votes == 0 || more >= n {
                return None;
            }
            let could_reach = affiliates
                .rows
                .iter()
                .filter(|r| r.subject_id != id)
                .filter(|r| r.votes.saturating_add(outstanding) >= row.votes)
                .count();
            let certain = could_reach < n;
            let standing = format!(
                "{} with {} {} from {} of {} affiliate delegations{}",
                ordinal_name(more + 1),
                row.votes,
                if row.votes == 1 { "vote" } else { "votes" },
                affiliates.delegations_voted,
                affiliates.delegations_entitled,
                if outstanding == 0 { "" } else { " so far" }
            );
            let message = if certain {
                format!(
                    "“{}” will go forward from the affiliates' section whatever the remaining \
                     affiliates vote ({standing}). A subject both sections choose is debated \
                     once, so a CLP vote for it would be wasted.",
                    row.name
                )
            } else {
                format!(
                    "“{}” is already among the affiliates' likely choices ({standing}). A \
                     subject both sections choose is debated once, so a CLP vote for it may be \
                     wasted.",
                    row.name
                )
            };
            Some(WastedVote {
                subject_id: id,
                certain,
                message,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ballot::count::count;
    use crate::domain::ballot::{BallotSettings, Delegation, Section, Subject, Vote};

    fn subjects() -> Vec<Subject> {
        Subject::numbered(&["Public ownership of water", "Housing", "The NHS", "Steel"])
    }

    fn unions(n: i32) -> Vec<Delegation> {
        (1..=n)
            .map(|org_id| Delegation {
                org_id,
                name: format!("Union {org_id}"),
                section: Section::Affiliates,
                weight: 1,
            })
            .collect()
    }

    fn so_far(votes: &[(i32, &[i32])], entitled: i32, forward: u32) -> Vec<WastedVote> {
        let votes: Vec<Vote> = votes
            .iter()
            .map(|(org_id, s)| Vote {
                org_id: *org_id,
                subjects: s.to_vec(),
            })
            .collect();
        let settings = BallotSettings {
            forward,
            ..BallotSettings::default()
        };
        let r = count(&subjects(), &unions(entitled), &votes, &settings, &[])
            .unwrap_or_else(|e| panic!("{e}"));
        wasted_votes(&[1, 2, 3, 4], &r.affiliates, forward)
    }

    #[test]
    fn warns_of_subjects_the_affiliates_are_choosing() {
        let w = so_far(&[(1, &[1, 2]), (2, &[1]), (3, &[3])], 10, 2);
        let ids: Vec<(SubjectId, bool)> = w.iter().map(|w| (w.subject_id, w.certain)).collect();
        // Water leads; Housing and the NHS share second place; Steel has no votes.
        assert_eq!(ids, [(1, false), (2, false), (3, false)]);
        assert_eq!(
            w[0].message,
            "“Public ownership of water” is already among the affiliates' likely choices (first \
             with 2 votes from 3 of 10 affiliate delegations so far). A subject both sections \
             choose is debated once, so a CLP vote for it may be wasted."
        );
    }

    #[test]
    fn certain_once_the_remaining_votes_cannot_change_it() {
        // Five of six unions have voted: water has 5, the others at most 1, and one union
        // is left, so at most one other subject can reach water's 5… none can.
        let votes: &[(i32, &[i32])] = &[(1, &[1]), (2, &[1]), (3, &[1, 2]), (4, &[1]), (5, &[1])];
        let w = so_far(votes, 6, 1);
        assert_eq!(w.len(), 1);
        assert!(w[0].certain, "{}", w[0].message);
        assert!(
            w[0].message
                .contains("will go forward from the affiliates' section")
        );
        // With many unions still to vote, it is only likely.
        let w = so_far(votes, 20, 1);
        assert!(!w[0].certain);
        // When all have voted, "so far" is not said.
        let w = so_far(votes, 5, 1);
        assert!(w[0].certain && w[0].message.contains("from 5 of 5 affiliate delegations)"));
    }

    #[test]
    fn no_warning_before_any_affiliate_votes_or_outside_the_top() {
        assert!(so_far(&[], 10, 2).is_empty());
        let w = so_far(&[(1, &[1]), (2, &[1, 2]), (3, &[2, 3])], 10, 1);
        // Water and Housing tie at the top with 2 votes: both likely; the NHS (1) is not.
        let ids: Vec<SubjectId> = w.iter().map(|w| w.subject_id).collect();
        assert_eq!(ids, [1, 2]);
    }
}
