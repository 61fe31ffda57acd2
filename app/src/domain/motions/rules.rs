//! A conference's rules for motions ([`MotionRules`]) and the checks a motion meets against
//! them: the same checks run on every keystroke while drafting (shown as warnings) and once at
//! submission (where a failing check refuses it), each with its reason in plain words.
//!
//! What is checked: a title and a body; the word limit (by [`super::words`]); the deadline of
//! the motion's kind; the CLP's quota (one motion *and* one rule change, or one *or* the other);
//! and for an emergency motion, that it names its event and the event's date, which must fall
//! after the motions deadline and not after today. Whether a motion is contemporary or on one
//! subject is for the CAC to judge; the draft is reminded of the cut-off date.
//!
//! ```
//! use app::domain::motions::date::Date;
//! use app::domain::motions::rules::{check, Draft, MotionRules, Submitter};
//! use app::domain::motions::MotionKind;
//! let rules = MotionRules { motions_deadline: Date::new(2024, 9, 12), ..MotionRules::default() };
//! let body = "word ".repeat(251);
//! let draft = Draft { kind: MotionKind::Contemporary, title: "Save our NHS", body: &body, event: None };
//! let today = Date::new(2024, 9, 13).unwrap();
//! let found = check(&draft, &rules, &Submitter::clp("Riverside CLP", &[]), today);
//! let refusals: Vec<&str> = found.iter().filter(|f| f.refuses).map(|f| f.message.as_str()).collect();
//! assert_eq!(refusals, [
//!     "251 words: 1 word over the limit of 250.",
//!     "Too late: the motions deadline was 12 September 2024.",
//! ]);
//! ```

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::words::count_words;
use super::{MotionKind, join_and};

/// How many motions and rule changes a CLP may submit to one conference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quota {
    /// One contemporary motion and one rule change (2022 reporting).
    #[default]
    MotionAndRuleChange,
    /// One contemporary motion or one rule change, not both (2019, 2023 reporting).
    MotionOrRuleChange,
}

/// One conference year's rules for motions, as stored with the conference; missing fields take
/// the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MotionRules {
    /// Most words in a motion's body (250).
    pub word_limit: u32,
    /// Most words in a title, if the year has such a rule (the older rule had 10).
    pub title_word_limit: Option<u32>,
    /// Contemporary motions must be about matters arising after this date.
    pub contemporary_cutoff: Option<Date>,
    /// The last day for contemporary motions.
    pub motions_deadline: Option<Date>,
    /// The last day for emergency motions.
    pub emergency_deadline: Option<Date>,
    /// Motions and rule changes per CLP.
    pub quota: Quota,
    /// Emergency motions per CLP, besides the quota (1).
    pub emergency_per_clp: u32,
}

impl Default for MotionRules {
    fn default() -> Self {
        MotionRules {
            word_limit: 250,
            title_word_limit: None,
            contemporary_cutoff: None,
            motions_deadline: None,
            emergency_deadline: None,
            quota: Quota::default(),
            emergency_per_clp: 1,
        }
    }
}

/// The event an emergency motion responds to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EmergencyEvent {
    /// What happened, in the proposer's words.
    pub description: String,
    /// When it happened.
    pub date: Option<Date>,
}

/// The motion being drafted or submitted.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    /// Contemporary or emergency.
    pub kind: MotionKind,
    /// The title (not counted).
    pub title: &'a str,
    /// The body.
    pub body: &'a str,
    /// For an emergency motion, its event.
    pub event: Option<&'a EmergencyEvent>,
}

/// What an organisation has already submitted to this conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Earlier {
    /// A motion, with its title.
    Motion(MotionKind, String),
    /// A rule change, with its title.
    RuleChange(String),
}

/// Who submits the motion.
#[derive(Debug, Clone, Copy)]
pub struct Submitter<'a> {
    /// The organisation's name, as messages name it ("Riverside CLP").
    pub name: &'a str,
    /// Whether it is a CLP (the quota binds CLPs only).
    pub is_clp: bool,
    /// Its other submissions to this conference (not withdrawn, not this motion).
    pub earlier: &'a [Earlier],
}

impl<'a> Submitter<'a> {
    /// A CLP with these earlier submissions.
    pub fn clp(name: &'a str, earlier: &'a [Earlier]) -> Self {
        Submitter {
            name,
            is_clp: true,
            earlier,
        }
    }
}

/// What a [`Finding`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// The title is empty.
    NoTitle,
    /// The body is empty.
    NoBody,
    /// The body is over the word limit.
    OverWordLimit,
    /// The title is over the title word limit.
    TitleTooLong,
    /// Past the deadline for the motion's kind.
    Late,
    /// The organisation has used its quota.
    QuotaUsed,
    /// An emergency motion without its event.
    NoEvent,
    /// An emergency motion without the event's date.
    NoEventDate,
    /// The event is not after the motions deadline.
    EventBeforeDeadline,
    /// The event's date is after today.
    EventInFuture,
    /// A reminder of the contemporary cut-off date (never refuses).
    ContemporaryCutoff,
}

/// One result of the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What it is about.
    pub code: FindingCode,
    /// The reason, in plain words.
    pub message: String,
    /// Whether it refuses the motion at submission (while drafting, it is a warning).
    pub refuses: bool,
}

impl Finding {
    /// A finding that refuses the motion at submission.
    pub fn refusal(code: FindingCode, message: String) -> Finding {
        Finding {
            code,
            message,
            refuses: true,
        }
    }
}

/// Every finding for `draft`, in a fixed order: refusing ones first, then reminders.
pub fn check(
    draft: &Draft<'_>,
    rules: &MotionRules,
    submitter: &Submitter<'_>,
    today: Date,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut refuse = |code, message: String| out.push(Finding::refusal(code, message));
    if draft.title.trim().is_empty() {
        refuse(FindingCode::NoTitle, "The motion needs a title.".to_owned());
    }
    if let Some(limit) = rules.title_word_limit {
        let n = count_words(draft.title);
        if n > limit as usize {
            refuse(
                FindingCode::TitleTooLong,
                format!("The title has {n} words; at most {limit} are allowed."),
            );
        }
    }
    let words = count_words(draft.body);
    if words == 0 {
        refuse(FindingCode::NoBody, "The motion has no text.".to_owned());
    }
    if let Some(over) = over_limit(words, rules.word_limit) {
        refuse(FindingCode::OverWordLimit, over);
    }
    let (deadline, which) = match draft.kind {
        MotionKind::Contemporary => (rules.motions_deadline, "motions deadline"),
        MotionKind::Emergency => (rules.emergency_deadline, "emergency motions deadline"),
    };
    if let Some(d) = deadline
        && today > d
    {
        refuse(FindingCode::Late, format!("Too late: the {which} was {d}."));
    }
    if let Some(f) = quota(draft.kind, rules, submitter) {
        refuse(f.code, f.message);
    }
    if draft.kind == MotionKind::Emergency {
        for f in emergency_event(draft.event, rules, today) {
            refuse(f.code, f.message);
        }
    }
    if draft.kind == MotionKind::Contemporary
        && let Some(cutoff) = rules.contemporary_cutoff
    {
        out.push(Finding {
            code: FindingCode::ContemporaryCutoff,
            message: format!(
                "A contemporary motion must be about a matter that arose after {cutoff}."
            ),
            refuses: false,
        });
    }
    out
}

/// The findings that refuse a submission, or `Ok` when it may be submitted.
pub fn submission(findings: Vec<Finding>) -> Result<(), Vec<Finding>> {
    let refusals: Vec<Finding> = findings.into_iter().filter(|f| f.refuses).collect();
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// "251 words: 1 word over the limit of 250." when `words` is over `limit`.
pub fn over_limit(words: usize, limit: u32) -> Option<String> {
    let over = words.checked_sub(limit as usize).filter(|&n| n > 0)?;
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("1 {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    Some(format!(
        "{}: {} over the limit of {limit}.",
        plural(words, "word"),
        plural(over, "word")
    ))
}

/// What an organisation may submit next: a refusal when its quota is used, naming the
/// submission that used it. Used for rule changes too (`kind` `None`).
pub fn quota(
    kind: impl Into<Option<MotionKind>>,
    rules: &MotionRules,
    submitter: &Submitter<'_>,
) -> Option<Finding> {
    if !submitter.is_clp {
        return None;
    }
    let kind = kind.into();
    let name = submitter.name;
    let blocking: Vec<&Earlier> = submitter
        .earlier
        .iter()
        .filter(|e| match (kind, e) {
            (Some(MotionKind::Emergency), Earlier::Motion(MotionKind::Emergency, _)) => true,
            (Some(MotionKind::Emergency), _) => false,
            (_, Earlier::Motion(MotionKind::Emergency, _)) => false,
            (Some(MotionKind::Contemporary), Earlier::Motion(..)) => true,
            (None, Earlier::RuleChange(_)) => true,
            // A motion after a rule change, or the other way round.
            _ => rules.quota == Quota::MotionOrRuleChange,
        })
        .collect();
    let allowed = match kind {
        Some(MotionKind::Emergency) => rules.emergency_per_clp as usize,
        _ => 1,
    };
    if blocking.len() < allowed {
        return None;
    }
    let what = |e: &Earlier| match e {
        Earlier::Motion(MotionKind::Emergency, t) => format!("the emergency motion “{t}”"),
        Earlier::Motion(_, t) => format!("“{t}”"),
        Earlier::RuleChange(t) => format!("the rule change “{t}”"),
    };
    let titles: Vec<String> = blocking.iter().map(|e| what(e)).collect();
    let rule = match (kind, rules.quota) {
        (Some(MotionKind::Emergency), _) => match rules.emergency_per_clp {
            0 => "CLPs may not submit emergency motions this year".to_owned(),
            1 => "a CLP may submit one emergency motion".to_owned(),
            n => format!("a CLP may submit {n} emergency motions"),
        },
        (_, Quota::MotionAndRuleChange) => "a CLP may submit one motion and one rule change".into(),
        (_, Quota::MotionOrRuleChange) => {
            "a CLP may submit one motion or one rule change, not both".into()
        }
    };
    let message = if titles.is_empty() {
        format!("{rule}.")
    } else {
        format!(
            "{name} has already submitted {} this year; {rule}.",
            join_and(&titles)
        )
    };
    Some(Finding::refusal(
        FindingCode::QuotaUsed,
        capitalise(&message),
    ))
}

/// The checks of an emergency motion's event.
fn emergency_event(
    event: Option<&EmergencyEvent>,
    rules: &MotionRules,
    today: Date,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut refuse = |code, message: String| out.push(Finding::refusal(code, message));
    let description = event.map_or("", |e| e.description.trim());
    if description.is_empty() {
        refuse(
            FindingCode::NoEvent,
            "An emergency motion must name the event it responds to.".to_owned(),
        );
    }
    match event.and_then(|e| e.date) {
        None => refuse(
            FindingCode::NoEventDate,
            "An emergency motion must give the date of its event.".to_owned(),
        ),
        Some(date) => {
            if let Some(deadline) = rules.motions_deadline
                && date <= deadline
            {
                let relation = if date == deadline {
                    "is the day of"
                } else {
                    "is before"
                };
                refuse(
                    FindingCode::EventBeforeDeadline,
                    format!(
                        "The event ({date}) {relation} the motions deadline ({deadline}); an \
                         emergency motion must be about an event after it."
                    ),
                );
            }
            if date > today {
                refuse(
                    FindingCode::EventInFuture,
                    format!("The event's date ({date}) is after today ({today})."),
                );
            }
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"))
    }

    fn rules_2024() -> MotionRules {
        MotionRules {
            contemporary_cutoff: Some(date(2024, 7, 5)),
            motions_deadline: Some(date(2024, 9, 12)),
            emergency_deadline: Some(date(2024, 9, 20)),
            ..MotionRules::default()
        }
    }

    fn draft<'a>(kind: MotionKind, body: &'a str, event: Option<&'a EmergencyEvent>) -> Draft<'a> {
        Draft {
            kind,
            title: "Save our NHS",
            body,
            event,
        }
    }

    /// The messages of the checks of `d` for Riverside CLP with nothing submitted yet.
    fn found_by(d: &Draft<'_>, rules: &MotionRules, today: Date) -> Vec<String> {
        let f = check(d, rules, &Submitter::clp("Riverside CLP", &[]), today);
        f.into_iter().map(|f| f.message).collect()
    }

    fn messages(found: &[Finding]) -> Vec<&str> {
        found.iter().map(|f| f.message.as_str()).collect()
    }

    #[test]
    fn a_good_motion_gets_only_the_reminder() {
        let body = "Conference notes the waiting lists. Conference resolves to act.";
        let f = check(
            &draft(MotionKind::Contemporary, body, None),
            &rules_2024(),
            &Submitter::clp("Riverside CLP", &[]),
            date(2024, 9, 1),
        );
        assert_eq!(
            messages(&f),
            ["A contemporary motion must be about a matter that arose after 5 July 2024."]
        );
        assert_eq!(submission(f), Ok(()));
    }

    #[test]
    fn over_the_limit_by_how_many_words() {
        assert_eq!(over_limit(250, 250), None);
        assert_eq!(
            over_limit(251, 250).as_deref(),
            Some("251 words: 1 word over the limit of 250.")
        );
        assert_eq!(
            over_limit(262, 250).as_deref(),
            Some("262 words: 12 words over the limit of 250.")
        );
        let body = "Conference notes ".to_owned() + &"cuts ".repeat(249);
        let f = check(
            &draft(MotionKind::Contemporary, &body, None),
            &MotionRules::default(),
            &Submitter::clp("Riverside CLP", &[]),
            date(2024, 9, 1),
        );
        assert_eq!(f[0].code, FindingCode::OverWordLimit);
        assert!(f[0].message.contains("1 word over the limit"));
    }

    #[test]
    fn late_by_the_deadline_of_its_kind() {
        let body = "Conference notes.";
        let ev = EmergencyEvent {
            description: "Steelworks closure announced".into(),
            date: Some(date(2024, 9, 16)),
        };
        let on_time = |kind, day| {
            let event = (kind == MotionKind::Emergency).then_some(&ev);
            let f = check(
                &draft(kind, body, event),
                &rules_2024(),
                &Submitter::clp("Riverside CLP", &[]),
                date(2024, 9, day),
            );
            submission(f).map_err(|r| messages(&r).join(" | "))
        };
        assert_eq!(on_time(MotionKind::Contemporary, 12), Ok(()));
        assert_eq!(
            on_time(MotionKind::Contemporary, 13),
            Err("Too late: the motions deadline was 12 September 2024.".to_owned())
        );
        assert_eq!(on_time(MotionKind::Emergency, 20), Ok(()));
        assert_eq!(
            on_time(MotionKind::Emergency, 21),
            Err("Too late: the emergency motions deadline was 20 September 2024.".to_owned())
        );
    }

    #[test]
    fn the_quota_names_the_other_submission() {
        let rules = rules_2024();
        let motion = [Earlier::Motion(
            MotionKind::Contemporary,
            "Fund our schools".into(),
        )];
        let rule_change = [Earlier::RuleChange("Fair suspensions".into())];
        let q = |kind: Option<MotionKind>, earlier: &[Earlier], rules: &MotionRules| {
            quota(kind, rules, &Submitter::clp("Riverside CLP", earlier)).map(|f| f.message)
        };
        assert_eq!(
            q(Some(MotionKind::Contemporary), &motion, &rules).as_deref(),
            Some(
                "Riverside CLP has already submitted “Fund our schools” this year; a CLP may \
                 submit one motion and one rule change."
            )
        );
        // One motion and one rule change: a rule change does not use the motion's place.
        assert_eq!(
            q(Some(MotionKind::Contemporary), &rule_change, &rules),
            None
        );
        assert_eq!(q(None, &motion, &rules), None);
        assert!(q(None, &rule_change, &rules).is_some());
        // One or the other.
        let or = MotionRules {
            quota: Quota::MotionOrRuleChange,
            ..rules
        };
        assert_eq!(
            q(Some(MotionKind::Contemporary), &rule_change, &or).as_deref(),
            Some(
                "Riverside CLP has already submitted the rule change “Fair suspensions” this \
                 year; a CLP may submit one motion or one rule change, not both."
            )
        );
        assert!(q(None, &motion, &or).is_some());
        // Emergency motions have their own count.
        assert_eq!(q(Some(MotionKind::Emergency), &motion, &or), None);
        let emergency = [Earlier::Motion(
            MotionKind::Emergency,
            "Save the steelworks".into(),
        )];
        assert_eq!(q(Some(MotionKind::Contemporary), &emergency, &or), None);
        assert_eq!(
            q(Some(MotionKind::Emergency), &emergency, &rules).as_deref(),
            Some(
                "Riverside CLP has already submitted the emergency motion “Save the steelworks” \
                 this year; a CLP may submit one emergency motion."
            )
        );
        let none = MotionRules {
            emergency_per_clp: 0,
            ..rules
        };
        assert_eq!(
            q(Some(MotionKind::Emergency), &[], &none).as_deref(),
            Some("CLPs may not submit emergency motions this year.")
        );
        // Affiliates are not bound by the CLP quota.
        let union = Submitter {
            name: "Unite",
            is_clp: false,
            earlier: &motion,
        };
        assert_eq!(quota(MotionKind::Contemporary, &rules, &union), None);
    }

    #[test]
    fn an_emergency_needs_an_event_after_the_motions_deadline() {
        let check_event = |event: Option<&EmergencyEvent>| {
            let d = draft(MotionKind::Emergency, "Conference notes.", event);
            found_by(&d, &rules_2024(), date(2024, 9, 18))
        };
        assert_eq!(
            check_event(None),
            [
                "An emergency motion must name the event it responds to.",
                "An emergency motion must give the date of its event."
            ]
        );
        let before = EmergencyEvent {
            description: "Water company fined".into(),
            date: Some(date(2024, 9, 3)),
        };
        assert_eq!(
            check_event(Some(&before)),
            [
                "The event (3 September 2024) is before the motions deadline (12 September 2024); \
             an emergency motion must be about an event after it."
            ]
        );
        let same_day = EmergencyEvent {
            date: Some(date(2024, 9, 12)),
            ..before.clone()
        };
        assert!(check_event(Some(&same_day))[0].contains("is the day of the motions deadline"));
        let future = EmergencyEvent {
            date: Some(date(2024, 9, 19)),
            ..before.clone()
        };
        assert_eq!(
            check_event(Some(&future)),
            ["The event's date (19 September 2024) is after today (18 September 2024)."]
        );
        let good = EmergencyEvent {
            date: Some(date(2024, 9, 16)),
            ..before
        };
        assert_eq!(check_event(Some(&good)), Vec::<String>::new());
    }

    #[test]
    fn title_and_body_are_needed() {
        let found = |title: &str, body: &str| {
            let rules = MotionRules {
                title_word_limit: Some(10),
                ..MotionRules::default()
            };
            let d = Draft {
                title,
                ..draft(MotionKind::Contemporary, body, None)
            };
            found_by(&d, &rules, date(2024, 9, 1))
        };
        assert_eq!(
            found("  ", "• – …"),
            ["The motion needs a title.", "The motion has no text."]
        );
        assert_eq!(
            found(
                "one two three four five six seven eight nine ten eleven",
                "Conference notes."
            ),
            ["The title has 11 words; at most 10 are allowed."]
        );
    }

    #[test]
    fn rules_stored_as_json_fill_in_defaults() {
        let r: MotionRules = serde_json::from_str(
            r#"{"motions_deadline":"2024-09-12","quota":"motion_or_rule_change"}"#,
        )
        .unwrap_or_default();
        assert_eq!(r.motions_deadline, Some(date(2024, 9, 12)));
        assert_eq!(r.quota, Quota::MotionOrRuleChange);
        assert_eq!(r.word_limit, 250);
        assert!(
            serde_json::from_str::<MotionRules>(r#"{"motions_deadline":"12/09/2024"}"#).is_err()
        );
    }
}
