//! The wording corpus (issue 17): realistic rule-change wording, as CLPs write it, read and
//! applied to clauses in the Rule Book's register. Every case has its exact expected text, the
//! exact text of a new node, or the kind of problem that must be reported instead; all must be
//! right. The cases are data in `tests/fixtures/wording/corpus.txt` (written by
//! `scripts/wording_corpus.py`, which spells every expected text out by hand).

use std::collections::HashMap;
use std::path::PathBuf;

use app::domain::wording::{Instruction, ProblemKind, apply};

enum Expect {
    Text(String),
    Problem(String),
    NodeText(String),
}

struct Case {
    name: String,
    base: String,
    wording: String,
    expect: Expect,
}

fn kind_name(kind: &ProblemKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

fn corpus() -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wording/corpus.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let mut bases: HashMap<String, String> = HashMap::new();
    let mut cases = Vec::new();
    for block in text.split("\n=== ").skip(1) {
        let (head, body) = block.split_once('\n').unwrap_or((block, ""));
        let body = body.strip_suffix('\n').unwrap_or(body);
        if let Some(name) = head.strip_prefix("BASE ") {
            bases.insert(name.to_owned(), body.to_owned());
            continue;
        }
        let name = head.strip_prefix("CASE ").unwrap_or(head).to_owned();
        let (base_line, rest) = body.split_once('\n').unwrap_or((body, ""));
        let base_name = base_line.strip_prefix("base: ").unwrap_or(base_line);
        let base = bases
            .get(base_name)
            .unwrap_or_else(|| panic!("{name}: no base {base_name}"))
            .clone();
        let rest = rest.strip_prefix("--- wording\n").unwrap_or(rest);
        let (wording, expect) = ["expect", "problem", "node-text"]
            .iter()
            .find_map(|k| {
                rest.split_once(&format!("\n--- {k}\n"))
                    .map(|(w, e)| (w.to_owned(), (k.to_owned(), e.to_owned())))
            })
            .unwrap_or_else(|| panic!("{name}: no expectation"));
        let expect = match expect.0 {
            "expect" => Expect::Text(expect.1),
            "problem" => Expect::Problem(expect.1),
            _ => Expect::NodeText(expect.1),
        };
        cases.push(Case {
            name,
            base,
            wording,
            expect,
        });
    }
    cases
}

fn check(case: &Case) -> Result<(), String> {
    let a = apply(&case.base, &case.wording);
    let kinds: Vec<String> = a.problems.iter().map(|p| kind_name(&p.kind)).collect();
    match &case.expect {
        Expect::Text(t) => {
            if !a.problems.is_empty() || !a.verified {
                return Err(format!("problems {:?}", a.problems));
            }
            if a.result != *t {
                return Err(format!("result\n  {:?}\nexpected\n  {t:?}", a.result));
            }
        }
        Expect::NodeText(t) => {
            if !a.problems.is_empty() || !a.verified {
                return Err(format!("problems {:?}", a.problems));
            }
            let node = a.instructions.iter().find_map(|i| match i {
                Instruction::InsertNode { text, .. } => text.clone(),
                _ => None,
            });
            if node.as_deref() != Some(t.as_str()) {
                return Err(format!("node text {node:?}, expected {t:?}"));
            }
            if a.result != case.base {
                return Err(format!("clause text changed: {:?}", a.result));
            }
        }
        Expect::Problem(k) => {
            if a.verified {
                return Err("marked verified despite the problem".into());
            }
            if !kinds.contains(k) {
                return Err(format!(
                    "expected a {k} problem, got {kinds:?}; result {:?}",
                    a.result
                ));
            }
            let p = &a.problems[kinds.iter().position(|x| x == k).unwrap_or(0)];
            if p.message.trim().is_empty() {
                return Err("empty message".into());
            }
        }
    }
    Ok(())
}

#[test]
fn every_corpus_case_is_right() {
    let cases = corpus();
    let flagged = cases
        .iter()
        .filter(|c| matches!(c.expect, Expect::Problem(_)))
        .count();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    assert!(flagged >= 30, "only {flagged} flagged cases");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            check(c)
                .err()
                .map(|e| format!("- {}\n  wording {:?}\n  {e}", c.name, c.wording))
        })
        .collect();
    // Parse + apply + verify, per case (a figure for the report, not an assertion: debug
    // builds are slow; `make bench` measures release builds).
    let start = std::time::Instant::now();
    let rounds = 20;
    for _ in 0..rounds {
        for c in &cases {
            std::hint::black_box(apply(&c.base, &c.wording));
        }
    }
    let per_case = start.elapsed() / (rounds * u32::try_from(cases.len()).unwrap_or(1));
    println!(
        "wording corpus: {} cases, {flagged} flagged, {} passing; parse + apply + verify {per_case:?} per case",
        cases.len(),
        cases.len() - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
