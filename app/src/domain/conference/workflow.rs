//! A rule change's way through the procedure: its [`Status`], the [`Event`]s that move it on,
//! and who may record each of them.
//!
//! ```text
//! draft ─submit─▶ submitted ─CAC: in order─▶ in_order ──────────────┐
//!                     │         (CLP, one-year delay) ─▶ held_over ─┤ (at the next conference)
//!                     └─CAC: out of order─▶ out_of_order            ├─NEC─▶ recommended ─┐
//!                          ▲        └─appeal─▶ appealed ─upheld─▶ (as "in order")        │
//!                          └──────────────dismissed──┘                                   ▼
//!        carried / lost (card-vote figures) / remitted ◀── debated ◀──────────────────────┘
//! ```
//!
//! Withdrawal is possible from every state that is not final; the NEC may revise its
//! recommendation; a proposer may remit once the NEC has recommended, or during the debate; a
//! change may be debated without an NEC recommendation. A carried or lost result must come with
//! card-vote figures that give that result.
//!
//! **One-year delay** (DOMAIN.md: "since 2022 a CLP rule change submitted in year N is debated
//! at conference in year N+1"): when [`Context::one_year_delay`] is on, a CLP's rule change
//! ruled in order goes to [`Status::HeldOver`], and cannot be recommended on or debated before
//! [`Context::debate_year`]. Affiliates' and the NEC's rule changes are not delayed.
//!
//! The CAC and the NEC are not users of this app: their decisions are recorded by admins
//! ([`who_may`]).
//!
//! ```
//! use app::domain::conference::workflow::{apply, Context, Event, Proposer, Ruling, Status};
//! let ctx = Context::new(Proposer::Clp, 2024, 2024);
//! let s = apply(Status::Submitted, &Event::CacRuling { ruling: Ruling::InOrder }, &ctx).unwrap();
//! assert_eq!(s, Status::HeldOver);
//! let err = apply(s, &Event::Debate, &ctx).unwrap_err();
//! assert_eq!(err.to_string(), "This rule change is held over to the 2025 conference; it can be \
//!     recommended on and debated only then.");
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::checks::format_utc;
use super::forecast::CardVote;

/// Where a rule change stands. Stored as [`Status::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being written; not yet submitted.
    Draft,
    /// Submitted to conference; the CAC has not ruled.
    Submitted,
    /// Ruled in order, for this year's conference.
    InOrder,
    /// Ruled out of order by the CAC.
    OutOfOrder,
    /// A ruling out of order is under appeal.
    Appealed,
    /// In order and held over to next year's conference (the one-year delay).
    HeldOver,
    /// The NEC has made its recommendation.
    Recommended,
    /// Debated at conference; the vote is not yet recorded.
    Debated,
    /// Carried by conference. Final.
    Carried,
    /// Lost at conference. Final.
    Lost,
    /// Remitted to the NEC. Final.
    Remitted,
    /// Withdrawn by its proposer. Final.
    Withdrawn,
}

impl Status {
    /// Every status, in procedural order.
    pub const ALL: [Status; 12] = [
        Status::Draft,
        Status::Submitted,
        Status::InOrder,
        Status::OutOfOrder,
        Status::Appealed,
        Status::HeldOver,
        Status::Recommended,
        Status::Debated,
        Status::Carried,
        Status::Lost,
        Status::Remitted,
        Status::Withdrawn,
    ];

    /// The stable snake_case form stored in the database (`rule_change.status`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::InOrder => "in_order",
            Status::OutOfOrder => "out_of_order",
            Status::Appealed => "appealed",
            Status::HeldOver => "held_over",
            Status::Recommended => "recommended",
            Status::Debated => "debated",
            Status::Carried => "carried",
            Status::Lost => "lost",
            Status::Remitted => "remitted",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// How the status reads on a page.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Submitted => "Submitted",
            Status::InOrder => "In order",
            Status::OutOfOrder => "Ruled out of order",
            Status::Appealed => "Ruling appealed",
            Status::HeldOver => "Held over",
            Status::Recommended => "NEC recommendation made",
            Status::Debated => "Debated",
            Status::Carried => "Carried",
            Status::Lost => "Lost",
            Status::Remitted => "Remitted",
            Status::Withdrawn => "Withdrawn",
        }
    }

    /// Whether nothing more can happen to the rule change.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Carried | Status::Lost | Status::Remitted | Status::Withdrawn
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored status that names no [`Status`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule change status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for Status {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

/// Who proposes a rule change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proposer {
    /// A Constituency Labour Party.
    Clp,
    /// A trade union or socialist society.
    Affiliate,
    /// The National Executive Committee.
    Nec,
}

/// Why the CAC ruled a rule change out of order (DOMAIN.md's list, plus anything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfOrderReason {
    /// No chapter or clause cited.
    NoRuleCited,
    /// More than one subject.
    MoreThanOneSubject,
    /// The part of the rules was decided on within the last three years.
    ThreeYearRule,
    /// Submitted after the deadline.
    Late,
    /// Not submitted by an organisation entitled to, or not in the required way.
    WronglySubmitted,
    /// Another reason, given in the ruling's detail.
    Other,
}

impl OutOfOrderReason {
    /// Every reason, in the order a form offers them.
    pub const ALL: [OutOfOrderReason; 6] = [
        OutOfOrderReason::NoRuleCited,
        OutOfOrderReason::MoreThanOneSubject,
        OutOfOrderReason::ThreeYearRule,
        OutOfOrderReason::Late,
        OutOfOrderReason::WronglySubmitted,
        OutOfOrderReason::Other,
    ];

    /// The stable name forms send.
    pub fn as_str(self) -> &'static str {
        match self {
            OutOfOrderReason::NoRuleCited => "no_rule_cited",
            OutOfOrderReason::MoreThanOneSubject => "more_than_one_subject",
            OutOfOrderReason::ThreeYearRule => "three_year_rule",
            OutOfOrderReason::Late => "late",
            OutOfOrderReason::WronglySubmitted => "wrongly_submitted",
            OutOfOrderReason::Other => "other",
        }
    }

    /// The reason as the CAC's report words it.
    pub fn label(self) -> &'static str {
        match self {
            OutOfOrderReason::NoRuleCited => "it cites no chapter or clause",
            OutOfOrderReason::MoreThanOneSubject => "it deals with more than one subject",
            OutOfOrderReason::ThreeYearRule => {
                "that part of the rules was decided on within the last three years"
            }
            OutOfOrderReason::Late => "it was submitted after the deadline",
            OutOfOrderReason::WronglySubmitted => {
                "it was not submitted by an organisation entitled to, or not in the required way"
            }
            OutOfOrderReason::Other => "another reason",
        }
    }

    /// The reason a form named, if it names one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// A CAC ruling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ruling", rename_all = "snake_case")]
pub enum Ruling {
    /// In order.
    InOrder,
    /// Out of order.
    OutOfOrder {
        /// The reason given.
        reason: OutOfOrderReason,
        /// The CAC's words, if recorded.
        detail: String,
    },
}

/// The NEC's recommendation to conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// Support.
    Support,
    /// Oppose.
    Oppose,
    /// Ask the proposer to remit.
    Remit,
}

/// Something that happens to a rule change, with the data it is recorded with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// Submitted to conference.
    Submit {
        /// When, in unix seconds.
        submitted_at: i64,
    },
    /// The CAC rules on it.
    CacRuling {
        /// In or out of order.
        ruling: Ruling,
    },
    /// The proposer appeals a ruling out of order.
    Appeal {
        /// The grounds of the appeal.
        grounds: String,
    },
    /// The appeal is decided.
    AppealDecided {
        /// True when the appeal succeeds and the rule change is in order.
        upheld: bool,
    },
    /// The NEC makes (or revises) its recommendation.
    NecRecommendation {
        /// Support, oppose or remit.
        recommendation: Recommendation,
    },
    /// Conference debates it.
    Debate,
    /// Conference carries it.
    Carry {
        /// The card-vote figures.
        vote: CardVote,
    },
    /// Conference rejects it.
    Lose {
        /// The card-vote figures.
        vote: CardVote,
    },
    /// The proposer remits it to the NEC.
    Remit,
    /// The proposer withdraws it.
    Withdraw,
}

/// The kind of an [`Event`], without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// [`Event::Submit`].
    Submit,
    /// [`Event::CacRuling`].
    CacRuling,
    /// [`Event::Appeal`].
    Appeal,
    /// [`Event::AppealDecided`].
    AppealDecided,
    /// [`Event::NecRecommendation`].
    NecRecommendation,
    /// [`Event::Debate`].
    Debate,
    /// [`Event::Carry`].
    Carry,
    /// [`Event::Lose`].
    Lose,
    /// [`Event::Remit`].
    Remit,
    /// [`Event::Withdraw`].
    Withdraw,
}

impl Event {
    /// The event's kind.
    pub fn kind(&self) -> EventKind {
        match self {
            Event::Submit { .. } => EventKind::Submit,
            Event::CacRuling { .. } => EventKind::CacRuling,
            Event::Appeal { .. } => EventKind::Appeal,
            Event::AppealDecided { .. } => EventKind::AppealDecided,
            Event::NecRecommendation { .. } => EventKind::NecRecommendation,
            Event::Debate => EventKind::Debate,
            Event::Carry { .. } => EventKind::Carry,
            Event::Lose { .. } => EventKind::Lose,
            Event::Remit => EventKind::Remit,
            Event::Withdraw => EventKind::Withdraw,
        }
    }
}

/// A role in this app that may record events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// An author of the rule change (for its proposer).
    Author,
    /// An organiser tracking the rule change (a campaign's or a CLP's).
    Organiser,
    /// An admin, who records the CAC's, the NEC's and conference's decisions.
    Admin,
}

/// Who may record an event of this kind. Admins may record everything, to correct the record.
pub fn who_may(kind: EventKind) -> &'static [Actor] {
    match kind {
        EventKind::Submit | EventKind::Appeal => &[Actor::Author, Actor::Admin],
        EventKind::Withdraw => &[Actor::Author, Actor::Organiser, Actor::Admin],
        // The proposer agrees to remit, usually from the platform; the author can record it.
        EventKind::Remit => &[Actor::Author, Actor::Admin],
        EventKind::CacRuling
        | EventKind::AppealDecided
        | EventKind::NecRecommendation
        | EventKind::Debate
        | EventKind::Carry
        | EventKind::Lose => &[Actor::Admin],
    }
}

/// Whether `actor` may record `event`.
pub fn may(actor: Actor, event: &Event) -> bool {
    who_may(event.kind()).contains(&actor)
}

/// What [`apply`] needs to know besides the status and the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// Who proposes the rule change.
    pub proposer: Proposer,
    /// The conference year the rule change was submitted to.
    pub submission_year: i32,
    /// The conference year in which the event is recorded.
    pub current_year: i32,
    /// The one-year delay for CLP rule changes (on since 2022).
    pub one_year_delay: bool,
    /// The submission deadline in unix seconds, if set.
    pub deadline: Option<i64>,
    /// Whether the deadline binds the NEC's own rule changes too.
    pub deadline_binds_nec: bool,
}

impl Context {
    /// A context with the one-year delay on and no deadline.
    pub fn new(proposer: Proposer, submission_year: i32, current_year: i32) -> Self {
        Context {
            proposer,
            submission_year,
            current_year,
            one_year_delay: true,
            deadline: None,
            deadline_binds_nec: false,
        }
    }

    /// Whether a rule change in order is held over to the next conference.
    pub fn is_held_over(&self) -> bool {
        self.one_year_delay && self.proposer == Proposer::Clp
    }

    /// The conference year at which the rule change is debated.
    pub fn debate_year(&self) -> i32 {
        self.submission_year + i32::from(self.is_held_over())
    }

    /// The status a rule change goes to when found in order.
    fn in_order(&self) -> Status {
        if self.is_held_over() {
            Status::HeldOver
        } else {
            Status::InOrder
        }
    }
}

/// Why an event cannot be recorded in the current status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{reason}")]
pub struct IllegalTransition {
    /// The status the rule change is in.
    pub from: Status,
    /// The event refused.
    pub event: EventKind,
    /// Why, in words the user can act on.
    pub reason: String,
}

/// The status after `event`, or why the event cannot happen now.
pub fn apply(status: Status, event: &Event, ctx: &Context) -> Result<Status, IllegalTransition> {
    use Status as S;
    let refuse = |reason: String| IllegalTransition {
        from: status,
        event: event.kind(),
        reason,
    };
    let closed = || {
        refuse(format!(
            "This rule change is {}; nothing more can be recorded for it.",
            status.label().to_lowercase()
        ))
    };
    if status.is_final() {
        return Err(closed());
    }
    let held_over_gate = || {
        if status == S::HeldOver && ctx.current_year < ctx.debate_year() {
            Err(refuse(format!(
                "This rule change is held over to the {} conference; it can be recommended on \
                 and debated only then.",
                ctx.debate_year()
            )))
        } else {
            Ok(())
        }
    };
    match (status, event) {
        (_, Event::Withdraw) => Ok(S::Withdrawn),
        (S::Draft, Event::Submit { submitted_at }) => {
            let binds = ctx.proposer != Proposer::Nec || ctx.deadline_binds_nec;
            match ctx.deadline {
                Some(deadline) if binds && *submitted_at > deadline => Err(refuse(format!(
                    "The deadline for rule changes ({}) has passed; a late rule change would \
                     be ruled out of order.",
                    format_utc(deadline)
                ))),
                _ => Ok(S::Submitted),
            }
        }
        (S::Draft, _) => Err(refuse(
            "This rule change is still a draft; submit it first.".to_owned(),
        )),
        (_, Event::Submit { .. }) => Err(refuse(
            "This rule change has already been submitted.".to_owned(),
        )),
        (S::Submitted, Event::CacRuling { ruling }) => Ok(match ruling {
            Ruling::InOrder => ctx.in_order(),
            Ruling::OutOfOrder { .. } => S::OutOfOrder,
        }),
        (S::Submitted, _) => Err(refuse(
            "The CAC has not ruled on this rule change yet; record its ruling first.".to_owned(),
        )),
        (S::Appealed, Event::AppealDecided { upheld }) => Ok(if *upheld {
            ctx.in_order()
        } else {
            S::OutOfOrder
        }),
        (S::Appealed, _) => Err(refuse(
            "The appeal against the CAC's ruling has not been decided; record its outcome first."
                .to_owned(),
        )),
        (_, Event::CacRuling { .. }) => Err(refuse(
            "The CAC has already ruled on this rule change.".to_owned(),
        )),
        (S::OutOfOrder, Event::Appeal { .. }) => Ok(S::Appealed),
        (S::OutOfOrder, Event::Debate) => Err(refuse(
            "A rule change ruled out of order cannot be debated; appeal the ruling first."
                .to_owned(),
        )),
        (S::OutOfOrder, _) => Err(refuse(
            "This rule change was ruled out of order; appeal the ruling first.".to_owned(),
        )),
        (_, Event::Appeal { .. }) => Err(refuse(
            "Only a ruling out of order can be appealed.".to_owned(),
        )),
        (_, Event::AppealDecided { .. }) => Err(refuse(
            "There is no appeal to decide: the rule change's ruling has not been appealed."
                .to_owned(),
        )),
        (S::InOrder | S::HeldOver | S::Recommended, Event::NecRecommendation { .. }) => {
            held_over_gate()?;
            Ok(S::Recommended)
        }
        (S::InOrder | S::HeldOver | S::Recommended, Event::Debate) => {
            held_over_gate()?;
            Ok(S::Debated)
        }
        (S::Recommended | S::Debated, Event::Remit) => Ok(S::Remitted),
        (_, Event::Remit) => Err(refuse(
            "A rule change can be remitted once the NEC has made its recommendation; record \
             the recommendation first."
                .to_owned(),
        )),
        (S::Debated, Event::Carry { vote }) => match vote.result() {
            r if r.carried == Some(true) => Ok(S::Carried),
            r => Err(refuse(vote_mismatch("carried", r.carried, r.total_for))),
        },
        (S::Debated, Event::Lose { vote }) => match vote.result() {
            r if r.carried == Some(false) => Ok(S::Lost),
            r => Err(refuse(vote_mismatch("lost", r.carried, r.total_for))),
        },
        (S::Debated, Event::NecRecommendation { .. }) => Err(refuse(
            "The NEC's recommendation comes before the debate; this rule change has been \
             debated."
                .to_owned(),
        )),
        (S::Debated, Event::Debate) => Err(refuse(
            "This rule change has already been debated; record the vote.".to_owned(),
        )),
        (_, Event::Carry { .. } | Event::Lose { .. }) => Err(refuse(
            "Conference has not debated this rule change yet; record the debate first.".to_owned(),
        )),
        // Only final statuses are left, and they returned above.
        (_, Event::NecRecommendation { .. } | Event::Debate) => Err(closed()),
    }
}

/// Why card-vote figures do not support the result being recorded.
fn vote_mismatch(result: &str, carried: Option<bool>, total_for: f64) -> String {
    match carried {
        None => {
            format!("Enter the card-vote figures before recording the rule change as {result}.")
        }
        Some(_) => format!(
            "The card-vote figures give {total_for:.2}% for, so the rule change was not \
             {result}: a change is carried only with more than 50% of the weighted vote."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conference::forecast::Votes;

    fn vote(clp_for: u64, aff_for: u64) -> CardVote {
        CardVote {
            clp: Votes {
                for_votes: clp_for,
                against: 100 - clp_for,
            },
            affiliates: Votes {
                for_votes: aff_for,
                against: 100 - aff_for,
            },
        }
    }

    /// One sample event per column of the table below.
    fn samples() -> Vec<(&'static str, Event)> {
        vec![
            ("submit", Event::Submit { submitted_at: 0 }),
            (
                "in_order",
                Event::CacRuling {
                    ruling: Ruling::InOrder,
                },
            ),
            (
                "out_of_order",
                Event::CacRuling {
                    ruling: Ruling::OutOfOrder {
                        reason: OutOfOrderReason::MoreThanOneSubject,
                        detail: String::new(),
                    },
                },
            ),
            (
                "appeal",
                Event::Appeal {
                    grounds: "One subject".into(),
                },
            ),
            ("upheld", Event::AppealDecided { upheld: true }),
            ("dismissed", Event::AppealDecided { upheld: false }),
            (
                "oppose",
                Event::NecRecommendation {
                    recommendation: Recommendation::Oppose,
                },
            ),
            ("debate", Event::Debate),
            ("carry", Event::Carry { vote: vote(60, 60) }),
            ("lose", Event::Lose { vote: vote(40, 40) }),
            ("remit", Event::Remit),
            ("withdraw", Event::Withdraw),
        ]
    }

    /// Expected results: one row per status, one column per sample event; `-` is refused.
    const TABLE: &[(Status, &str)] = &[
        (Status::Draft, "submitted - - - - - - - - - - withdrawn"),
        (
            Status::Submitted,
            "- held_over out_of_order - - - - - - - - withdrawn",
        ),
        (
            Status::InOrder,
            "- - - - - - recommended debated - - - withdrawn",
        ),
        (Status::OutOfOrder, "- - - appealed - - - - - - - withdrawn"),
        (
            Status::Appealed,
            "- - - - held_over out_of_order - - - - - withdrawn",
        ),
        (
            Status::HeldOver,
            "- - - - - - recommended debated - - - withdrawn",
        ),
        (
            Status::Recommended,
            "- - - - - - recommended debated - - remitted withdrawn",
        ),
        (
            Status::Debated,
            "- - - - - - - - carried lost remitted withdrawn",
        ),
        (Status::Carried, "- - - - - - - - - - - -"),
        (Status::Lost, "- - - - - - - - - - - -"),
        (Status::Remitted, "- - - - - - - - - - - -"),
        (Status::Withdrawn, "- - - - - - - - - - - -"),
    ];

    #[test]
    fn every_status_and_event() {
        // A CLP's rule change submitted in 2024, now at the 2025 conference.
        let ctx = Context::new(Proposer::Clp, 2024, 2025);
        let samples = samples();
        assert_eq!(TABLE.len(), Status::ALL.len());
        for (status, row) in TABLE {
            let expected: Vec<&str> = row.split(' ').collect();
            assert_eq!(expected.len(), samples.len(), "row for {status}");
            for ((name, event), want) in samples.iter().zip(expected) {
                let got = apply(*status, event, &ctx);
                match (want, &got) {
                    ("-", Err(e)) => {
                        assert_eq!((e.from, e.event), (*status, event.kind()));
                        assert!(e.reason.ends_with('.'), "{status} + {name}: {}", e.reason);
                    }
                    (w, Ok(s)) => assert_eq!(s.as_str(), w, "{status} + {name}"),
                    _ => panic!("{status} + {name}: expected {want}, got {got:?}"),
                }
            }
        }
    }

    #[test]
    fn reasons_tell_the_user_what_to_do() {
        let ctx = Context::new(Proposer::Clp, 2024, 2025);
        let reason = |s, e: &Event| apply(s, e, &ctx).map_err(|e| e.reason).err();
        assert_eq!(
            reason(Status::OutOfOrder, &Event::Debate).as_deref(),
            Some("A rule change ruled out of order cannot be debated; appeal the ruling first.")
        );
        assert_eq!(
            reason(Status::Carried, &Event::Withdraw).as_deref(),
            Some("This rule change is carried; nothing more can be recorded for it.")
        );
        assert_eq!(
            reason(Status::InOrder, &Event::Carry { vote: vote(60, 60) }).as_deref(),
            Some("Conference has not debated this rule change yet; record the debate first.")
        );
    }

    #[test]
    fn held_over_waits_for_the_next_conference() {
        let ctx = Context::new(Proposer::Clp, 2024, 2024);
        assert_eq!(ctx.debate_year(), 2025);
        let support = Event::NecRecommendation {
            recommendation: Recommendation::Support,
        };
        for event in [&support, &Event::Debate] {
            let err = apply(Status::HeldOver, event, &ctx).err();
            assert!(err.is_some_and(|e| e.reason.contains("held over to the 2025 conference")));
        }
        // It can still be withdrawn while it waits.
        assert_eq!(
            apply(Status::HeldOver, &Event::Withdraw, &ctx),
            Ok(Status::Withdrawn)
        );
        let next = Context {
            current_year: 2025,
            ..ctx
        };
        assert_eq!(
            apply(Status::HeldOver, &support, &next),
            Ok(Status::Recommended)
        );
    }

    #[test]
    fn only_clp_rule_changes_are_delayed_and_only_when_the_setting_is_on() {
        let ruling = Event::CacRuling {
            ruling: Ruling::InOrder,
        };
        let cases = [
            (Proposer::Clp, true, Status::HeldOver, 2025),
            (Proposer::Clp, false, Status::InOrder, 2024),
            (Proposer::Affiliate, true, Status::InOrder, 2024),
            (Proposer::Nec, true, Status::InOrder, 2024),
        ];
        for (proposer, delay, want, year) in cases {
            let ctx = Context {
                one_year_delay: delay,
                ..Context::new(proposer, 2024, 2024)
            };
            assert_eq!(apply(Status::Submitted, &ruling, &ctx), Ok(want));
            assert_eq!(ctx.debate_year(), year);
        }
        // A successful appeal lands where an "in order" ruling would.
        let ctx = Context::new(Proposer::Clp, 2024, 2024);
        assert_eq!(
            apply(
                Status::Appealed,
                &Event::AppealDecided { upheld: true },
                &ctx
            ),
            Ok(Status::HeldOver)
        );
    }

    #[test]
    fn late_submissions_are_refused_except_from_the_nec() {
        let deadline = 1_749_834_000; // 2025-06-13 17:00 UTC
        let ctx = Context {
            deadline: Some(deadline),
            ..Context::new(Proposer::Clp, 2025, 2025)
        };
        let at = |t| Event::Submit { submitted_at: t };
        assert_eq!(
            apply(Status::Draft, &at(deadline), &ctx),
            Ok(Status::Submitted)
        );
        let err = apply(Status::Draft, &at(deadline + 1), &ctx).err();
        assert_eq!(
            err.map(|e| e.reason).as_deref(),
            Some(
                "The deadline for rule changes (2025-06-13 17:00 UTC) has passed; a late rule \
                 change would be ruled out of order."
            )
        );
        let nec = Context {
            proposer: Proposer::Nec,
            ..ctx
        };
        assert_eq!(
            apply(Status::Draft, &at(deadline + 1), &nec),
            Ok(Status::Submitted)
        );
        let strict = Context {
            deadline_binds_nec: true,
            ..nec
        };
        assert!(apply(Status::Draft, &at(deadline + 1), &strict).is_err());
    }

    #[test]
    fn results_must_agree_with_their_figures() {
        let ctx = Context::new(Proposer::Affiliate, 2025, 2025);
        let carried = apply(Status::Debated, &Event::Carry { vote: vote(40, 55) }, &ctx);
        assert_eq!(
            carried.err().map(|e| e.reason).as_deref(),
            Some(
                "The card-vote figures give 47.50% for, so the rule change was not carried: a \
                 change is carried only with more than 50% of the weighted vote."
            )
        );
        // A tie is lost.
        assert_eq!(
            apply(Status::Debated, &Event::Lose { vote: vote(50, 50) }, &ctx),
            Ok(Status::Lost)
        );
        let none = apply(
            Status::Debated,
            &Event::Lose {
                vote: CardVote::default(),
            },
            &ctx,
        );
        assert!(none.is_err_and(|e| e.reason.starts_with("Enter the card-vote figures")));
    }

    #[test]
    fn roles() {
        assert_eq!(
            who_may(EventKind::Withdraw),
            &[Actor::Author, Actor::Organiser, Actor::Admin]
        );
        assert!(may(Actor::Author, &Event::Submit { submitted_at: 0 }));
        assert!(!may(Actor::Organiser, &Event::Submit { submitted_at: 0 }));
        assert!(!may(Actor::Author, &Event::Debate));
        assert!(!may(
            Actor::Organiser,
            &Event::CacRuling {
                ruling: Ruling::InOrder
            }
        ));
        // Admins may record every event.
        for (_, event) in samples() {
            assert!(may(Actor::Admin, &event));
        }
    }

    #[test]
    fn status_storage_form_is_stable() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(s));
            let json = serde_json::to_string(&s).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!("draft".parse::<Status>(), Ok(Status::Draft));
        assert_eq!(
            "Draft".parse::<Status>(),
            Err(UnknownStatus("Draft".into()))
        );
    }

    #[test]
    fn events_serialise_with_their_data() {
        let e = Event::CacRuling {
            ruling: Ruling::OutOfOrder {
                reason: OutOfOrderReason::ThreeYearRule,
                detail: "Decided in 2023".into(),
            },
        };
        let json = serde_json::to_string(&e).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"event":"cac_ruling","ruling":{"ruling":"out_of_order","reason":"three_year_rule","detail":"Decided in 2023"}}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&json).ok(), Some(e));
    }
}
