//! Fuzzing at volume of the citation parser and the Rule Book importer (the wording parser has
//! its own, `domain::wording::tests::never_panics_at_volume`): no panic, and a clear error
//! (a non-empty message; for the importer, a line inside the file) every time.
//!
//! Ignored by default because they are slow; `make bench` runs them:
//! `cargo test -p app --release --test fuzz_volume -- --ignored --nocapture`.
//! `REDLINE_FUZZ_CASES` sets the number of cases per property (default 100,000; the mutations
//! of the whole demo edition run a tenth of that). Each property prints
//! `fuzz <name>: <n> executions`.

use std::path::PathBuf;

use app::domain::citation::{parse_citation, resolve};
use app::domain::rulebook::{RuleBook, parse_rulebook};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

fn cases() -> u32 {
    std::env::var("REDLINE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn demo_bytes() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../server/demo/rulebook-2024.md");
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn demo() -> RuleBook {
    parse_rulebook(&demo_bytes()).unwrap_or_else(|e| panic!("demo edition: {e}"))
}

/// Runs `property` on `cases` inputs from `strategy`, then prints and returns the count.
fn run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, property);
    assert!(result.is_ok(), "{name}: {result:?}");
    println!("fuzz {name}: {cases} executions");
}

fn check_import(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(e) = parse_rulebook(bytes) {
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        prop_assert!(!e.message.trim().is_empty(), "empty message");
        prop_assert!(
            e.line >= 1 && e.line <= lines + 1,
            "line {} of {}",
            e.line,
            lines
        );
    }
    Ok(())
}

const HEAD: &str = "---\ntitle: Rule Book 2024\nyear: 2024\n---\n\n";

#[test]
#[ignore = "slow: fuzzing at volume, run by `make bench`"]
fn citation_parser_at_volume() {
    let tree = demo().tree();
    let n = cases();
    let check = |text: String| {
        if let Err(e) = resolve(&text, &tree) {
            prop_assert!(
                !e.to_string().trim().is_empty(),
                "empty message for {text:?}"
            );
        }
        if let Err(e) = parse_citation(&text) {
            prop_assert!(
                !e.to_string().trim().is_empty(),
                "empty message for {text:?}"
            );
        }
        Ok(())
    };
    run("citation: any text", n, "\\PC{0,60}", check);
    run(
        "citation: citation-like text",
        n,
        "(Chapter|Ch\\.|Appendix|App|Rule|C|Part|Clause|cl\\.|sub-clause|§)? ?[0-9IVXLivxlA-Za-z., ()/-]{0,30}",
        check,
    );
}

#[test]
#[ignore = "slow: fuzzing at volume, run by `make bench`"]
fn rulebook_importer_at_volume() {
    let n = cases();
    run(
        "importer: arbitrary bytes",
        n,
        proptest::collection::vec(any::<u8>(), 0..600),
        |input| {
            check_import(&input)?;
            let mut with_head = HEAD.as_bytes().to_vec();
            with_head.extend_from_slice(&input);
            check_import(&with_head)
        },
    );
    run(
        "importer: heading-like lines",
        n,
        proptest::collection::vec(
            "(#{0,7}[ .]?(Chapter|Appendix|Part|Clause)? ?[0-9A-Zivx]{0,4}\\.? ?\\PC{0,12})|\\PC{0,30}|---|[a-z]{1,8}: ?\\PC{0,8}",
            0..40,
        ),
        |lines| check_import(format!("{HEAD}{}", lines.join("\n")).as_bytes()),
    );
    // Byte-level mutations of the whole demo edition: each case flips, deletes or inserts a few
    // bytes anywhere in the 89 KB file.
    let base = demo_bytes();
    let len = base.len();
    run(
        "importer: mutated demo edition",
        (n / 10).max(1),
        proptest::collection::vec((0..len, 0u8..3, any::<u8>()), 1..6),
        |edits| {
            let mut bytes = base.clone();
            for (at, op, byte) in edits {
                let at = at.min(bytes.len().saturating_sub(1));
                match op {
                    0 => bytes[at] = byte,
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, byte),
                }
            }
            check_import(&bytes)
        },
    );
}

/// Lines of arbitrary text, and of text that looks like a Rule Book's numbering, with pages,
/// type sizes and paragraph breaks at random, through the structure detector: no panic, every
/// uncertainty says something and names a line that is in the input, and every fix offered
/// (accepting each judgement call) applies.
#[test]
#[ignore = "slow: fuzzing at volume, run by `make bench`"]
fn structure_detector_at_volume() {
    use app::domain::import::{Break, DetectedMeta, Fix, SourceLine, apply, detect};
    let n = cases();
    let line = (
        prop_oneof![
            "\\PC{0,40}",
            "(Chapter|CHAPTER|Appendix|Part|Clause)? ?[0-9IVXivxA-D]{0,4}[.:]? ?[A-Za-z ,;.]{0,24}",
            "[0-9¹²]{1,3} [a-z ]{0,20}",
            "\\[\\^[0-9]\\]:? [a-z ]{0,10}",
            "[a-z]{2,10}-",
        ],
        0u32..4,
        0u8..3,
        prop_oneof![Just(0.0f32), Just(8.0f32), Just(10.5f32), Just(16.0f32)],
        any::<bool>(),
    );
    run(
        "detector: arbitrary lines",
        n,
        proptest::collection::vec(line, 0..60),
        |lines| {
            let source: Vec<SourceLine> = lines
                .iter()
                .enumerate()
                .map(|(i, (text, page, starts, size, short))| {
                    let mut l = SourceLine::new(*page, i as u32 + 1, text.clone());
                    l.starts =
                        [Break::Paragraph, Break::Unknown, Break::Continues][usize::from(*starts)];
                    l.size = *size;
                    l.ends_short = *short;
                    l
                })
                .collect();
            let Ok(mut detection) = detect(&source, &DetectedMeta::default()) else {
                return Ok(());
            };
            let open = detection.uncertainties();
            for u in &open {
                prop_assert!(!u.message.trim().is_empty(), "empty message");
                prop_assert!(
                    u.at.line == 1 || source.iter().any(|l| l.at == u.at),
                    "{:?} names no line of the input",
                    u.at
                );
            }
            for u in open.iter().filter(|u| !u.must_fix()) {
                let accepted = apply(&mut detection, &Fix::Accept { uncertainty: u.id });
                prop_assert!(accepted.is_ok(), "{accepted:?}");
            }
            prop_assert!(detection.uncertainties().iter().all(|u| u.must_fix()));
            let _ = detection.to_rulebook();
            Ok(())
        },
    );
}
