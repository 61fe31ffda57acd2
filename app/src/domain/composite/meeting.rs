//! The compositing meeting: at most [`super::CompositeSettings::delegates_per_org`] delegates
//! from each organisation that submitted a motion on the subject, and a mover and a seconder
//! chosen from those who attended.
//!
//! ```
//! use app::domain::composite::meeting::{check_meeting, Attendee, Meeting, SubmittingOrg};
//! let riverside = SubmittingOrg { org_id: 1, name: "Riverside CLP".into() };
//! let ann = Attendee { member_id: 7, name: "Ann Jones".into(), org_id: 1 };
//! let bob = Attendee { member_id: 8, name: "Bob Lee".into(), org_id: 2 };
//! let m = Meeting { attendees: &[ann, bob], mover: Some(7), seconder: Some(7) };
//! let problems: Vec<String> = check_meeting(&m, &[riverside], 2).iter().map(ToString::to_string).collect();
//! assert_eq!(problems, [
//!     "Bob Lee is from an organisation that submitted no motion on this subject.",
//!     "The mover and the seconder must be different people.",
//! ]);
//! ```

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::conference::OrgId;

/// An organisation that submitted a motion on the subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittingOrg {
    /// The organisation.
    pub org_id: OrgId,
    /// Its name.
    pub name: String,
}

/// A delegate at the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// The member.
    pub member_id: i32,
    /// Their name.
    pub name: String,
    /// The organisation they represent.
    pub org_id: OrgId,
}

/// What the meeting recorded.
#[derive(Debug, Clone, Copy)]
pub struct Meeting<'a> {
    /// Who attended.
    pub attendees: &'a [Attendee],
    /// The mover, by member id.
    pub mover: Option<i32>,
    /// The seconder, by member id.
    pub seconder: Option<i32>,
}

/// Something the meeting's record may not say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum MeetingProblem {
    /// A delegate of an organisation with no motion on the subject.
    #[error("{name} is from an organisation that submitted no motion on this subject.")]
    NotSubmitting {
        /// The delegate.
        name: String,
    },
    /// More delegates of one organisation than allowed.
    #[error(
        "{org} has {count} delegates at the meeting; each submitting organisation may send at most {max}."
    )]
    TooMany {
        /// The organisation.
        org: String,
        /// How many attended.
        count: usize,
        /// How many may.
        max: u32,
    },
    /// A delegate entered twice.
    #[error("{name} is entered twice.")]
    Twice {
        /// The delegate.
        name: String,
    },
    /// A mover or seconder who did not attend.
    #[error("The {role} must be one of the delegates at the meeting.")]
    NotAttending {
        /// "mover" or "seconder".
        role: String,
    },
    /// The same person moves and seconds.
    #[error("The mover and the seconder must be different people.")]
    SamePerson,
}

/// Everything wrong with the meeting's record, in order: attendees, then mover and seconder.
pub fn check_meeting(
    m: &Meeting<'_>,
    submitting: &[SubmittingOrg],
    delegates_per_org: u32,
) -> Vec<MeetingProblem> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut per_org: BTreeMap<OrgId, usize> = BTreeMap::new();
    for a in m.attendees {
        if !seen.insert(a.member_id) {
            out.push(MeetingProblem::Twice {
                name: a.name.clone(),
            });
            continue;
        }
        if !submitting.iter().any(|s| s.org_id == a.org_id) {
            out.push(MeetingProblem::NotSubmitting {
                name: a.name.clone(),
            });
            continue;
        }
        *per_org.entry(a.org_id).or_default() += 1;
    }
    for s in submitting {
        let count = per_org.get(&s.org_id).copied().unwrap_or(0);
        if count > delegates_per_org as usize {
            out.push(MeetingProblem::TooMany {
                org: s.name.clone(),
                count,
                max: delegates_per_org,
            });
        }
    }
    for (role, who) in [("mover", m.mover), ("seconder", m.seconder)] {
        if let Some(id) = who
            && !m.attendees.iter().any(|a| a.member_id == id)
        {
            out.push(MeetingProblem::NotAttending { role: role.into() });
        }
    }
    if m.mover.is_some() && m.mover == m.seconder {
        out.push(MeetingProblem::SamePerson);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(member_id: i32, org_id: OrgId) -> Attendee {
        Attendee {
            member_id,
            name: format!("Delegate {member_id}"),
            org_id,
        }
    }

    fn orgs() -> Vec<SubmittingOrg> {
        [(1, "Riverside CLP"), (2, "Unison")]
            .map(|(org_id, name)| SubmittingOrg {
                org_id,
                name: name.into(),
            })
            .to_vec()
    }

    fn problems(
        attendees: &[Attendee],
        mover: Option<i32>,
        seconder: Option<i32>,
        max: u32,
    ) -> Vec<String> {
        let m = Meeting {
            attendees,
            mover,
            seconder,
        };
        check_meeting(&m, &orgs(), max)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn two_delegates_per_submitting_organisation() {
        let ok = [a(1, 1), a(2, 1), a(3, 2)];
        assert_eq!(problems(&ok, Some(1), Some(3), 2), Vec::<String>::new());
        let three = [a(1, 1), a(2, 1), a(4, 1), a(3, 2)];
        assert_eq!(
            problems(&three, None, None, 2),
            [
                "Riverside CLP has 3 delegates at the meeting; each submitting organisation may send \
             at most 2."
            ]
        );
        assert_eq!(problems(&three, None, None, 3), Vec::<String>::new());
    }

    #[test]
    fn mover_and_seconder_attended_and_differ() {
        let att = [a(1, 1), a(3, 2), a(3, 2)];
        assert_eq!(
            problems(&att, Some(9), Some(1), 2),
            [
                "Delegate 3 is entered twice.",
                "The mover must be one of the delegates at the meeting."
            ]
        );
        assert_eq!(
            problems(&att[..2], Some(3), Some(3), 2),
            ["The mover and the seconder must be different people."]
        );
    }
}
