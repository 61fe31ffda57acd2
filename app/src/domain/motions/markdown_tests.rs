//! Tests of the motions file format: examples and round-trip properties.

use proptest::prelude::*;

use super::*;
use crate::domain::motions::rules::{Submitter, check, submission};
use crate::domain::motions::text::MotionBody;
use crate::domain::motions::words::count_words;

/// The demo's motions.
pub(crate) const DEMO: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../server/demo/motions-2027.md"
));

/// The demo's motions, read.
pub(crate) fn demo() -> MotionsFile {
    parse(DEMO).unwrap_or_else(|e| panic!("motions-2027.md: {e}"))
}

#[test]
fn the_demo_file_reads() {
    let f = demo();
    assert_eq!(f.title, "Motions to Annual Conference 2027");
    assert!(f.intro.contains("These motions are invented."));
    assert_eq!(f.subjects.len(), 8);
    assert_eq!(f.motions.len(), 18);
    let rules = f.rules.unwrap_or_default();
    assert_eq!(rules.motions_deadline, Date::new(2027, 9, 9));
    assert_eq!(rules.emergency_deadline, Date::new(2027, 9, 17));
    // Every subject has at least two motions; every motion has a subject.
    for s in &f.subjects {
        let n = f
            .motions
            .iter()
            .filter(|m| m.subject.as_ref() == Some(s))
            .count();
        assert!(n >= 2, "{s}: {n}");
    }
    assert!(f.motions.iter().all(|m| m.subject.is_some()));
    let emergencies: Vec<&str> = f
        .motions
        .iter()
        .filter(|m| m.kind == MotionKind::Emergency)
        .map(|m| m.proposer.as_str())
        .collect();
    assert_eq!(emergencies, ["Harbourside CLP", "Millbrook CLP"]);
    // Wrapped lines are joined, list items keep their lines.
    let nhs = &f.motions[0];
    assert!(nhs.body.starts_with(
        "Conference notes that the waiting list for hospital treatment in England stood at 7.4 \
         million in July 2027,"
    ));
    assert!(nhs.body.contains(
        "Conference resolves to:\n\n1. call on the Government to fund the long-term workforce \
         plan in full, with training places for nurses, midwives and GPs rising every year to \
         2032;\n2. restore"
    ));
}

#[test]
fn every_demo_motion_would_be_accepted() {
    let f = demo();
    let rules = f.rules.unwrap_or_default();
    for m in &f.motions {
        let today = match m.kind {
            MotionKind::Contemporary => rules.motions_deadline,
            MotionKind::Emergency => rules.emergency_deadline,
        }
        .unwrap_or_else(|| panic!("deadline"));
        let draft = super::super::rules::Draft {
            kind: m.kind,
            title: &m.title,
            body: &m.body,
            event: m.event.as_ref(),
        };
        let submitter = Submitter {
            name: &m.proposer,
            is_clp: m.from == Proposer::Clp,
            earlier: &[],
        };
        let found = check(&draft, &rules, &submitter, today);
        assert_eq!(submission(found), Ok(()), "{}", m.title);
        let words = count_words(&m.body);
        assert!((120..=250).contains(&words), "{}: {words} words", m.title);
        let body = MotionBody::parse(&m.body);
        assert!(body.headings().count() >= 3, "{}", m.title);
        assert_eq!(body.render(), m.body);
    }
    // Each organisation has one contemporary motion.
    let mut proposers: Vec<&str> = f
        .motions
        .iter()
        .filter(|m| m.kind == MotionKind::Contemporary)
        .map(|m| m.proposer.as_str())
        .collect();
    proposers.sort_unstable();
    let n = proposers.len();
    proposers.dedup();
    assert_eq!(proposers.len(), n);
}

fn error(text: &str) -> String {
    parse(text).err().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn errors_name_the_line() {
    assert_eq!(
        error("Motions\n"),
        "line 1: the file must start with its title: a line “# …”"
    );
    let head = "# Motions\n\n## Subjects\n\n- Housing\n\n## Motion: Homes\n\n";
    let body = "\nConference notes.\n";
    let with = |meta: &str| error(&format!("{head}{meta}{body}"));
    assert_eq!(
        with("- proposer: Riverside CLP\n- from: clp\n- subject: Water\n"),
        "line 11: “Water” is not one of the subjects listed"
    );
    assert_eq!(
        with("- proposer: Riverside CLP\n- from: clp\n- colour: red\n"),
        "line 11: “colour: red” is not something a motion has"
    );
    assert_eq!(
        with("- proposer: Riverside CLP\n"),
        "line 7: a motion needs “- proposer: …” and “- from: …”"
    );
    assert_eq!(
        with("- proposer: Riverside CLP\n- from: clp\n- kind: emergency\n"),
        "line 7: an emergency motion needs “- event: …” and “- event date: …”"
    );
    assert_eq!(
        with("- proposer: Riverside CLP\n- from: clp\n- event date: 2027-02-30\n"),
        "line 11: 2027-02-30 is not a day of the calendar"
    );
    assert_eq!(
        with("- proposer: X\n- from: clp\n- kind: urgent\n"),
        "line 11: “urgent” is not a kind of motion (contemporary or emergency)"
    );
    assert_eq!(
        error(&format!("{head}- proposer: X\n- from: clp\n\n")),
        "line 7: the motion “Homes” has no text"
    );
    let twice = format!(
        "{head}- proposer: X\n- from: clp\n{body}\n## Motion: Homes\n\n- proposer: Y\n- from: clp\n{body}"
    );
    assert_eq!(
        error(&twice),
        "line 14: a motion titled “Homes” is already in the file"
    );
    assert_eq!(
        error("# M\n## Rules\n- word limit: many\n"),
        "line 3: “many” is not a whole number"
    );
    assert_eq!(
        error("# M\n## Rules\n- deadline: 2027-09-09\n"),
        "line 3: “deadline” is not a rule for motions"
    );
    assert_eq!(
        error("# M\n## Appendix\n"),
        "line 2: “## Appendix” is not a section: use “## Rules”, “## Subjects” or “## Motion: \
         <title>”"
    );
    assert_eq!(
        error("# M\n## Subjects\n- Housing\n- housing\n"),
        "line 4: the subject “housing” is listed twice"
    );
}

// ---- Round trip -------------------------------------------------------------------------------

fn line() -> impl Strategy<Value = String> {
    "[A-Z][a-z,;:£%0-9’' ]{0,30}[a-z.]".prop_map(|s| s.trim_end().to_owned())
}

fn paragraph() -> impl Strategy<Value = String> {
    (
        line(),
        prop::collection::vec(
            (prop_oneof![Just("- "), Just("1. "), Just("(b) ")], line()),
            0..4,
        ),
    )
        .prop_map(|(first, items)| {
            let mut lines = vec![first];
            lines.extend(items.into_iter().map(|(m, l)| format!("{m}{l}")));
            lines.join("\n")
        })
}

fn motion() -> impl Strategy<Value = FileMotion> {
    (
        line(),
        "[A-Z][a-z]{2,10} CLP",
        any::<bool>(),
        prop::option::of(0usize..3),
        prop::option::of((line(), 1u32..=28)),
        prop::collection::vec(paragraph(), 1..4),
    )
        .prop_map(
            |(title, proposer, clp, subject, event, paragraphs)| FileMotion {
                title,
                proposer,
                from: if clp {
                    Proposer::Clp
                } else {
                    Proposer::Affiliate
                },
                kind: if event.is_some() {
                    MotionKind::Emergency
                } else {
                    MotionKind::Contemporary
                },
                subject: subject.map(|i| ["Housing", "The NHS", "Water"][i].to_owned()),
                event: event.map(|(description, day)| EmergencyEvent {
                    description,
                    date: Date::new(2027, 9, day),
                }),
                body: paragraphs.join("\n\n"),
            },
        )
}

fn file() -> impl Strategy<Value = MotionsFile> {
    (
        line(),
        prop::option::of(line()),
        prop::option::of((100u32..400, any::<bool>(), 1u32..=28)),
        prop::collection::vec(motion(), 0..4),
    )
        .prop_map(|(title, intro, rules, motions)| {
            let mut motions = motions;
            let mut seen = std::collections::HashSet::new();
            motions.retain(|m| seen.insert(m.title.clone()));
            MotionsFile {
                title,
                intro: intro.unwrap_or_default(),
                rules: rules.map(|(word_limit, or, day)| MotionRules {
                    word_limit,
                    quota: if or {
                        Quota::MotionOrRuleChange
                    } else {
                        Quota::MotionAndRuleChange
                    },
                    motions_deadline: Date::new(2027, 9, day),
                    ..MotionRules::default()
                }),
                subjects: ["Housing", "The NHS", "Water"].map(String::from).to_vec(),
                motions,
            }
        })
}

proptest! {
    #[test]
    fn reading_what_was_written_gives_the_same_file(f in file()) {
        let text = render(&f);
        let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, f);
    }
}
