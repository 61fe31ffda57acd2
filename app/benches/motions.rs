//! Benchmarks of motions, the priorities ballot and composite provenance, run by `make bench`
//! (`scripts/bench.sh`) against the targets of issues 18 and 19:
//!
//! - `motions/keystroke_250`: what the editor does on every keystroke of a 250-word motion:
//!   cut the body into sections, count its words and run the checks (target ≤ 2 ms in the
//!   browser); `motions/count_words_250` is the count alone.
//! - `ballot/count_650_clps_70_affiliates`: a priorities ballot of 40 subjects, 650 CLP
//!   delegations and 70 affiliate delegations each choosing 6, counted with both sections
//!   (target ≤ 10 ms); `_weighted` with CLP votes weighted by membership.
//! - `provenance/composite_250_vs_20`: a 250-word composite (paragraphs of two demo motions,
//!   reordered, with joining words and a phrase of its own) traced against 20 source motions
//!   of the demo (target ≤ 20 ms); `_unrelated` traces the same composite against 20 motions
//!   that share only common words with it, where the aligner finds nothing to anchor on.
//!
//! The motions come from `server/demo/motions-2027.md`. Before timing anything the bench checks
//! that the inputs are what they claim (the word counts, every ballot paper valid, the
//! composite traced) and writes them to `$REDLINE_BENCH_OUT` (default `target/bench`) as
//! `motions.json`.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use app::domain::ballot::count::count;
use app::domain::ballot::{BallotSettings, Delegation, Section, Subject, Vote, Weighting};
use app::domain::composite::provenance::{Source, trace};
use app::domain::motions::MotionKind;
use app::domain::motions::date::Date;
use app::domain::motions::markdown::{FileMotion, parse};
use app::domain::motions::rules::{Draft, Earlier, MotionRules, Submitter, check};
use app::domain::motions::text::MotionBody;
use app::domain::motions::words::count_words;
use common::{Rng, write};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

fn demo() -> Vec<FileMotion> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../server/demo/motions-2027.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .motions
}

/// A 250-word motion: a demo motion's body, lengthened with its own sentences to 250 words.
fn motion_250(m: &FileMotion) -> String {
    let mut body = m.body.clone();
    let sentences: Vec<&str> = m.body.split_inclusive(". ").collect();
    let mut k = 0;
    while count_words(&body) < 250 {
        body.push(' ');
        body.push_str(sentences[k % sentences.len()].trim());
        k += 1;
    }
    let words: Vec<&str> = body.split(' ').collect();
    let mut cut = words.len();
    while count_words(&words[..cut].join(" ")) > 250 {
        cut -= 1;
    }
    words[..cut].join(" ")
}

/// What the editor does on a keystroke.
fn keystroke(body: &str, rules: &MotionRules, today: Date, earlier: &[Earlier]) -> usize {
    let sections = MotionBody::parse(body);
    let draft = Draft {
        kind: MotionKind::Contemporary,
        title: "Fund the NHS workforce plan in full",
        body,
        event: None,
    };
    let found = check(
        &draft,
        rules,
        &Submitter::clp("Riverside CLP", earlier),
        today,
    );
    sections.sections.len() + found.len() + count_words(body)
}

/// 40 subjects, 650 CLPs and 70 affiliates each choosing 6, with a skew towards some subjects
/// as in a real ballot.
fn ballot() -> (Vec<Subject>, Vec<Delegation>, Vec<Vote>) {
    let subjects: Vec<Subject> = (1..=40)
        .map(|id| Subject {
            id,
            name: format!("Subject {id}"),
        })
        .collect();
    let mut rng = Rng(2027);
    let mut delegations = Vec::new();
    let mut votes = Vec::new();
    for org_id in 0..720 {
        let section = if org_id < 650 {
            Section::Clp
        } else {
            Section::Affiliates
        };
        delegations.push(Delegation {
            org_id,
            name: format!("Organisation {org_id}"),
            section,
            weight: 200 + rng.below(3_000) as u64,
        });
        let mut chosen: Vec<i32> = Vec::new();
        while chosen.len() < 6 {
            // Squaring a uniform index skews towards the first subjects.
            let u = rng.below(40);
            let id = i32::try_from(u * u / 40 + 1).unwrap_or(1);
            if !chosen.contains(&id) {
                chosen.push(id);
            }
        }
        votes.push(Vote {
            org_id,
            subjects: chosen,
        });
    }
    (subjects, delegations, votes)
}

/// A composite of about 250 words: paragraphs and list items of two water motions, reordered,
/// with joining words and a phrase no motion has.
fn composite(motions: &[FileMotion]) -> String {
    // Paragraphs and list items of a demo motion.
    let lines = |i: usize| -> Vec<String> {
        motions[i]
            .body
            .lines()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let (hillside, harbourside) = (lines(5), lines(7));
    let mut parts = vec![
        harbourside[0].clone(),
        hillside[0].clone(),
        "Conference further notes that bill payers have never been asked.".to_owned(),
        hillside[1].clone(),
        harbourside[1].clone(),
        "Conference resolves, with immediate effect and in every region, to:".to_owned(),
        harbourside[3].clone(),
        hillside[3].clone(),
        hillside[4].clone(),
        harbourside[4].clone(),
        harbourside[5].clone(),
    ];
    let mut text = parts.join("\n");
    while count_words(&text) > 250 {
        parts.pop();
        text = parts.join("\n");
    }
    text
}

fn benches(c: &mut Criterion) {
    let motions = demo();
    let rules = MotionRules {
        contemporary_cutoff: Date::new(2027, 7, 1),
        motions_deadline: Date::new(2027, 9, 9),
        emergency_deadline: Date::new(2027, 9, 17),
        ..MotionRules::default()
    };
    let today = Date::new(2027, 9, 1).unwrap_or_else(|| panic!("a date"));
    let earlier = [Earlier::RuleChange("Fair suspensions".into())];
    let body = motion_250(&motions[0]);
    assert_eq!(count_words(&body), 250);

    let (subjects, delegations, votes) = ballot();
    let settings = BallotSettings::default();
    let weighted = BallotSettings {
        clp: app::domain::ballot::SectionSettings {
            weighting: Weighting::ByWeight,
            ..Default::default()
        },
        ..settings
    };
    let result = count(&subjects, &delegations, &votes, &settings, &[])
        .unwrap_or_else(|e| panic!("the bench's ballot is valid: {e}"));
    assert_eq!(result.clp.delegations_voted, 650);
    assert_eq!(result.affiliates.delegations_voted, 70);

    let comp = composite(&motions);
    let mut texts: Vec<String> = motions.iter().map(|m| m.body.clone()).collect();
    texts.push(motion_250(&motions[10]));
    texts.push(motion_250(&motions[12]));
    let sources = Source::numbered(&texts);
    assert!(
        (230..=250).contains(&count_words(&comp)),
        "{}",
        count_words(&comp)
    );
    let traced = trace(&comp, &sources);
    // Only the joining words and the composite's own phrase come from no motion.
    assert!(
        traced.share_from_no_motion() < 0.1,
        "{}",
        traced.share_from_no_motion()
    );
    let unrelated: Vec<String> = (0..20)
        .map(|i| motion_250(&motions[(i * 7) % 5 + 13]))
        .collect();
    let unrelated_sources = Source::numbered(&unrelated);
    let far = trace(&comp, &unrelated_sources);
    write(
        "motions.json",
        &serde_json::to_string_pretty(&json!({
            "keystroke_motion_words": count_words(&body),
            "ballot": {
                "subjects": subjects.len(),
                "clp_delegations": result.clp.delegations_voted,
                "affiliate_delegations": result.affiliates.delegations_voted,
                "clp_forward": result.clp.forward(),
                "affiliates_forward": result.affiliates.forward(),
            },
            "composite": {
                "words": traced.words,
                "sources": sources.len(),
                "source_words": sources.iter().map(|s| count_words(s.text)).sum::<usize>(),
                "share_from_no_motion": traced.share_from_no_motion(),
                "sentences": traced.sentences.len(),
                "unrelated_share_from_no_motion": far.share_from_no_motion(),
            },
        }))
        .unwrap_or_default(),
    );

    let mut group = c.benchmark_group("motions");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("keystroke_250", |b| {
        b.iter(|| keystroke(black_box(&body), &rules, today, &earlier))
    });
    group.bench_function("count_words_250", |b| {
        b.iter(|| count_words(black_box(&body)))
    });
    group.finish();

    let mut group = c.benchmark_group("ballot");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("count_650_clps_70_affiliates", |b| {
        b.iter(|| count(&subjects, &delegations, black_box(&votes), &settings, &[]))
    });
    group.bench_function("count_650_clps_70_affiliates_weighted", |b| {
        b.iter(|| count(&subjects, &delegations, black_box(&votes), &weighted, &[]))
    });
    group.finish();

    let mut group = c.benchmark_group("provenance");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("composite_250_vs_20", |b| {
        b.iter(|| trace(black_box(&comp), black_box(&sources)))
    });
    group.bench_function("composite_250_vs_20_unrelated", |b| {
        b.iter(|| trace(black_box(&comp), black_box(&unrelated_sources)))
    });
    group.finish();
}

criterion_group!(motions, benches);
criterion_main!(motions);
