//! The CAC's ruling on a motion: in order, or out of order for one or more reasons from a fixed
//! set, each with a label a delegate reads ("not contemporary") and a sentence saying what it
//! means. The reasons are a typed set, so an appeal can name the reasons it disputes.
//!
//! ```
//! use app::domain::motions::ruling::{OutOfOrderReason, Reasons, Ruling};
//! let ruling = Ruling::out_of_order([OutOfOrderReason::Late, OutOfOrderReason::NotContemporary]).unwrap();
//! assert_eq!(ruling.to_string(), "out of order: not contemporary; late");
//! ```

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::MotionKind;
use super::rules::{Finding, FindingCode};

/// Why the CAC rules a motion out of order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfOrderReason {
    /// Not about a matter that arose after the cut-off date.
    NotContemporary,
    /// An emergency motion whose event is not after the motions deadline.
    NotAnEmergency,
    /// About more than one subject.
    MoreThanOneSubject,
    /// Over the word limit.
    OverWordLimit,
    /// Received after the deadline.
    Late,
    /// Not submitted by the organisation's authorised officer, or by an organisation not
    /// entitled to submit (quota used, not affiliated).
    WronglySubmitted,
}

impl OutOfOrderReason {
    /// Every reason, in the order they are listed.
    pub const ALL: [OutOfOrderReason; 6] = [
        OutOfOrderReason::NotContemporary,
        OutOfOrderReason::NotAnEmergency,
        OutOfOrderReason::MoreThanOneSubject,
        OutOfOrderReason::OverWordLimit,
        OutOfOrderReason::Late,
        OutOfOrderReason::WronglySubmitted,
    ];

    /// The stable snake_case form stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OutOfOrderReason::NotContemporary => "not_contemporary",
            OutOfOrderReason::NotAnEmergency => "not_an_emergency",
            OutOfOrderReason::MoreThanOneSubject => "more_than_one_subject",
            OutOfOrderReason::OverWordLimit => "over_word_limit",
            OutOfOrderReason::Late => "late",
            OutOfOrderReason::WronglySubmitted => "wrongly_submitted",
        }
    }

    /// The label ("not contemporary").
    pub fn label(self) -> &'static str {
        match self {
            OutOfOrderReason::NotContemporary => "not contemporary",
            OutOfOrderReason::NotAnEmergency => "not an emergency",
            OutOfOrderReason::MoreThanOneSubject => "more than one subject",
            OutOfOrderReason::OverWordLimit => "over the word limit",
            OutOfOrderReason::Late => "late",
            OutOfOrderReason::WronglySubmitted => "wrongly submitted",
        }
    }

    /// What the reason means, in a sentence.
    pub fn explanation(self) -> &'static str {
        match self {
            OutOfOrderReason::NotContemporary => {
                "The motion is not about a matter that arose after the cut-off date."
            }
            OutOfOrderReason::NotAnEmergency => {
                "The event the motion responds to did not happen after the motions deadline."
            }
            OutOfOrderReason::MoreThanOneSubject => "The motion deals with more than one subject.",
            OutOfOrderReason::OverWordLimit => "The motion is longer than the word limit.",
            OutOfOrderReason::Late => "The motion arrived after the deadline.",
            OutOfOrderReason::WronglySubmitted => {
                "The motion was not submitted by someone entitled to submit it, or the \
                 organisation had already used its quota."
            }
        }
    }

    /// Whether the reason can apply to a motion of `kind`.
    pub fn applies_to(self, kind: MotionKind) -> bool {
        match self {
            OutOfOrderReason::NotContemporary => kind == MotionKind::Contemporary,
            OutOfOrderReason::NotAnEmergency => kind == MotionKind::Emergency,
            _ => true,
        }
    }

    /// The reasons for `kind`, in order.
    pub fn for_kind(kind: MotionKind) -> Vec<OutOfOrderReason> {
        Self::ALL
            .into_iter()
            .filter(|r| r.applies_to(kind))
            .collect()
    }

    /// The reason a check's finding points to, if it points to one.
    pub fn of_finding(code: FindingCode) -> Option<OutOfOrderReason> {
        match code {
            FindingCode::OverWordLimit => Some(OutOfOrderReason::OverWordLimit),
            FindingCode::Late => Some(OutOfOrderReason::Late),
            FindingCode::QuotaUsed => Some(OutOfOrderReason::WronglySubmitted),
            FindingCode::EventBeforeDeadline
            | FindingCode::EventInFuture
            | FindingCode::NoEvent
            | FindingCode::NoEventDate => Some(OutOfOrderReason::NotAnEmergency),
            FindingCode::NoTitle
            | FindingCode::NoBody
            | FindingCode::TitleTooLong
            | FindingCode::ContemporaryCutoff => None,
        }
    }
}

impl std::str::FromStr for OutOfOrderReason {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("“{s}” is not a reason for ruling a motion out of order"))
    }
}

/// A set of reasons, listed in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Reasons(BTreeSet<OutOfOrderReason>);

impl Reasons {
    /// The reasons, in order.
    pub fn iter(&self) -> impl Iterator<Item = OutOfOrderReason> + '_ {
        self.0.iter().copied()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `r` is among them.
    pub fn contains(&self, r: OutOfOrderReason) -> bool {
        self.0.contains(&r)
    }

    /// The reasons the checks' findings point to (what the CAC may want to look at).
    pub fn suggested_by(findings: &[Finding]) -> Reasons {
        findings
            .iter()
            .filter(|f| f.refuses)
            .filter_map(|f| OutOfOrderReason::of_finding(f.code))
            .collect()
    }
}

impl FromIterator<OutOfOrderReason> for Reasons {
    fn from_iter<I: IntoIterator<Item = OutOfOrderReason>>(iter: I) -> Self {
        Reasons(iter.into_iter().collect())
    }
}

impl fmt::Display for Reasons {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let labels: Vec<&str> = self.iter().map(OutOfOrderReason::label).collect();
        f.write_str(&labels.join("; "))
    }
}

/// The CAC's ruling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ruling", content = "reasons", rename_all = "snake_case")]
pub enum Ruling {
    /// In order.
    InOrder,
    /// Out of order, for at least one reason.
    OutOfOrder(Reasons),
}

/// A ruling out of order needs a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("A motion ruled out of order needs at least one reason.")]
pub struct NoReason;

impl Ruling {
    /// Out of order for `reasons`, refused when there are none.
    pub fn out_of_order(
        reasons: impl IntoIterator<Item = OutOfOrderReason>,
    ) -> Result<Ruling, NoReason> {
        let reasons: Reasons = reasons.into_iter().collect();
        if reasons.is_empty() {
            return Err(NoReason);
        }
        Ok(Ruling::OutOfOrder(reasons))
    }

    /// Whether the motion goes on to the priorities ballot.
    pub fn is_in_order(&self) -> bool {
        matches!(self, Ruling::InOrder)
    }
}

impl fmt::Display for Ruling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ruling::InOrder => f.write_str("in order"),
            Ruling::OutOfOrder(r) => write!(f, "out of order: {r}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_have_labels_and_stable_names() {
        for r in OutOfOrderReason::ALL {
            assert_eq!(r.as_str().parse::<OutOfOrderReason>(), Ok(r));
            assert_eq!(
                serde_json::to_string(&r).ok(),
                Some(format!("\"{}\"", r.as_str()))
            );
            assert!(!r.label().is_empty() && r.explanation().ends_with('.'));
        }
        assert!("too_long".parse::<OutOfOrderReason>().is_err());
        assert_eq!(
            OutOfOrderReason::for_kind(MotionKind::Contemporary)
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>(),
            [
                "not contemporary",
                "more than one subject",
                "over the word limit",
                "late",
                "wrongly submitted"
            ]
        );
        assert!(!OutOfOrderReason::NotContemporary.applies_to(MotionKind::Emergency));
    }

    #[test]
    fn a_ruling_out_of_order_needs_a_reason() {
        assert_eq!(Ruling::out_of_order([]), Err(NoReason));
        let r = Ruling::out_of_order([OutOfOrderReason::MoreThanOneSubject]);
        assert_eq!(
            r.as_ref().map(ToString::to_string).ok().as_deref(),
            Some("out of order: more than one subject")
        );
        let json = r.map(|r| serde_json::to_string(&r).unwrap_or_default());
        assert_eq!(
            json.ok().as_deref(),
            Some(r#"{"ruling":"out_of_order","reasons":["more_than_one_subject"]}"#)
        );
        assert!(Ruling::InOrder.is_in_order());
    }

    #[test]
    fn findings_suggest_reasons() {
        let f = |code, refuses| Finding {
            code,
            message: String::new(),
            refuses,
        };
        let reasons = Reasons::suggested_by(&[
            f(FindingCode::Late, true),
            f(FindingCode::OverWordLimit, true),
            f(FindingCode::ContemporaryCutoff, false),
            f(FindingCode::QuotaUsed, true),
        ]);
        assert_eq!(
            reasons.to_string(),
            "over the word limit; late; wrongly submitted"
        );
    }
}
