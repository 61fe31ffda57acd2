//! Benchmarks of the word diff and the whole-edition compare, run by `make bench`
//! (`scripts/bench.sh`), which compares them with `git diff --no-index --word-diff` on the same
//! files and writes `BENCHMARKS.md`.
//!
//! - `clause/word_diff`: the largest clause (≤ 300 words) whose text changed between the demo
//!   editions (`server/demo/rulebook-2023.md` → `-2024.md`); `clause/word_diff_300`: a
//!   generated 300-word clause with six edits, the top of the clause range.
//! - `edition/*`: the two-level compare of the demo editions: match the clauses of the two
//!   editions (identity survives renumbering), then diff words only inside the clauses whose
//!   text changed, as `ssr::services::rulebook::compare_editions` does from the database.
//!   `parse_match_diff` starts from the two files' bytes (like git), `match_diff` from parsed
//!   editions, `diff_only` from matched editions (the app's per-request work: it stores clause
//!   identities at import).
//! - `adversarial/*`: inputs that break naive diffs (a full rewrite, two unrelated
//!   50,000-word texts, a phrase repeated thousands of times, one 100,000-word clause).
//!
//! Before timing anything, the bench writes its fixtures and a correctness report to
//! `$REDLINE_BENCH_OUT` (default `target/bench`): `clause-old.txt` / `clause-new.txt` and
//! `clause-300-old.txt` / `clause-300-new.txt` (the clause pairs, for git), `edition.json` (what the compare found) and `adversarial.json` (for
//! each adversarial input: words changed, time for one run, whether both texts are rebuilt
//! exactly). It panics if an adversarial input with a small edit is not diffed as a small edit.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use app::domain::diff::{DiffSpan, word_diff};
use app::domain::rulebook::{
    EditionMatch, NodeMatch, PriorNode, RuleBook, match_editions, parse_rulebook,
};
use common::{Rng, write};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

fn demo(year: u32) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../server/demo")
        .join(format!("rulebook-{year}.md"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A node as the compare shows it: heading on the first line, then the body.
fn render(heading: Option<&str>, text: &str) -> String {
    match heading {
        Some(h) if !h.is_empty() => format!("{h}\n{text}"),
        _ => text.to_owned(),
    }
}

/// What the two-level compare produced, for the report and to keep the work observable.
#[derive(Default)]
struct Compared {
    changed: usize,
    added: usize,
    removed: usize,
    renumbered: usize,
    spans: usize,
}

/// The two-level compare: clauses first (matching), then words inside changed clauses.
fn compare(prior: &[PriorNode], next: &RuleBook) -> Compared {
    diff_matched(prior, next, &match_editions(prior, next))
}

/// The second level alone: word diffs inside the nodes that changed, given the clause
/// identities. This is the work the app does per compare request, since it stores identities
/// at import and does not re-match.
fn diff_matched(prior: &[PriorNode], next: &RuleBook, result: &EditionMatch) -> Compared {
    let mut out = Compared::default();
    for (node, m) in next.nodes.iter().zip(&result.matches) {
        let new = || render(node.heading.as_deref(), &node.text);
        let old = |id: i64| {
            let p = &prior[usize::try_from(id).unwrap_or(usize::MAX)];
            render(p.heading.as_deref(), &p.text)
        };
        match m {
            NodeMatch::Unchanged { .. } => {}
            NodeMatch::Renumbered {
                text_changed: false,
                ..
            } => out.renumbered += 1,
            NodeMatch::Changed { prior } | NodeMatch::Renumbered { prior, .. } => {
                out.changed += 1;
                out.spans += word_diff(&old(*prior), &new()).len();
            }
            NodeMatch::Added => {
                out.added += 1;
                out.spans += word_diff("", &new()).len();
            }
        }
    }
    for id in &result.removed {
        let p = &prior[usize::try_from(*id).unwrap_or(usize::MAX)];
        out.removed += 1;
        out.spans += word_diff(&render(p.heading.as_deref(), &p.text), "").len();
    }
    out
}

fn parse_match_diff(old: &[u8], new: &[u8]) -> Compared {
    let old = parse_rulebook(old).expect("2023 edition parses");
    let new = parse_rulebook(new).expect("2024 edition parses");
    compare(&PriorNode::from_book(&old), &new)
}

/// The largest clause of at most 300 words (either side) whose text changed between the demo
/// editions.
fn clause_pair(prior: &[PriorNode], next: &RuleBook) -> (String, String) {
    let result = match_editions(prior, next);
    let mut best: Option<(String, String)> = None;
    for (node, m) in next.nodes.iter().zip(&result.matches) {
        let id = match m {
            NodeMatch::Changed { prior } => *prior,
            NodeMatch::Renumbered {
                prior,
                text_changed: true,
                ..
            } => *prior,
            _ => continue,
        };
        let p = &prior[usize::try_from(id).unwrap_or(usize::MAX)];
        let (old, new) = (p.text.clone(), node.text.clone());
        if words(&old).max(words(&new)) > 300 {
            continue;
        }
        if best.as_ref().is_none_or(|(o, _)| words(&old) > words(o)) {
            best = Some((old, new));
        }
    }
    best.expect("the demo editions have a changed clause of at most 300 words")
}

/// The upper end of the clause range: a 300-word clause of rule-like prose with five edits
/// spread through it (three words replaced, one deleted, one sentence added at the end).
fn clause_300() -> (String, String) {
    let old = prose(300, 7, &vocabulary(3_000, ""), true);
    let mut new = old.clone();
    for (at, with) in [
        (12, "amended"),
        (95, "shall"),
        (160, ""),
        (210, "not"),
        (280, "Party"),
    ] {
        new = edit_word(&new, at, with);
    }
    new.push_str(" This sub-clause shall expire at the close of Annual Conference 2025.");
    (old, new)
}

// ---- Generated text ---------------------------------------------------------------------------

/// A vocabulary of `n` made-up words built from syllables; `salt` gives a disjoint vocabulary.
fn vocabulary(n: usize, salt: &str) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "la", "bo", "par", "ty", "con", "fer", "ence", "mem", "ber", "rule", "clause", "sec",
        "tion", "nom", "in", "at", "ion", "vote", "del", "eg", "ate", "com", "mit", "tee",
    ];
    (0..n)
        .map(|i| {
            let mut w = String::from(salt);
            let mut k = i + 1;
            while k > 0 {
                w.push_str(SYLLABLES[k % SYLLABLES.len()]);
                k /= SYLLABLES.len();
            }
            w
        })
        .collect()
}

/// `n` words of rule-like prose: a skewed word distribution (a few very common words, like
/// English), sentences of 8–30 words ending in a full stop when `sentences` is set.
fn prose(n: usize, seed: u64, vocab: &[String], sentences: bool) -> String {
    let mut rng = Rng(seed | 1);
    let mut out = String::with_capacity(n * 8);
    let mut left_in_sentence = 8 + rng.below(23);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        // Squaring a uniform index skews towards the first (common) words.
        let u = rng.below(vocab.len());
        out.push_str(&vocab[u * u / vocab.len()]);
        left_in_sentence -= 1;
        if left_in_sentence == 0 {
            if sentences {
                out.push('.');
            }
            left_in_sentence = 8 + rng.below(23);
        }
    }
    if sentences {
        out.push('.');
    }
    out
}

/// Replaces word number `at` (counting from 0) with `with` (empty: deletes it).
fn edit_word(text: &str, at: usize, with: &str) -> String {
    let mut ws: Vec<&str> = text.split(' ').collect();
    if with.is_empty() {
        ws.remove(at);
    } else {
        ws[at] = with;
    }
    ws.join(" ")
}

/// One adversarial input: `bound` is the most words a correct diff may mark as changed when the
/// input is a small edit (`None`: no small edit exists).
struct Case {
    name: &'static str,
    old: String,
    new: String,
    bound: Option<usize>,
}

fn cases() -> Vec<Case> {
    let common = vocabulary(3_000, "");
    let other = vocabulary(3_000, "q");
    // A chapter-sized text rewritten from scratch with other words.
    let rewrite_old = prose(5_000, 11, &common, true);
    let rewrite_new = prose(5_000, 12, &other, true);
    // Two unrelated 50,000-word texts over the same vocabulary.
    let unrelated_old = prose(50_000, 21, &common, true);
    let unrelated_new = prose(50_000, 22, &common, true);
    // A phrase repeated 5,000 times; three words changed far apart and one phrase inserted.
    let phrase = "the Party shall";
    let repeated_old = vec![phrase; 5_000].join(" ");
    let mut reps: Vec<String> = vec![phrase.to_owned(); 5_000];
    for at in [7, 2_500, 4_990] {
        reps[at] = "the Party may".to_owned();
    }
    reps.insert(3_333, phrase.to_owned());
    let repeated_new = reps.join(" ");
    // One 100,000-word clause with a small edit: a word replaced near the start, one deleted in
    // the middle, one replaced near the end.
    let huge_old = prose(100_000, 31, &common, true);
    let huge_new = edit_word(
        &edit_word(&edit_word(&huge_old, 99_990, "amended"), 50_000, ""),
        10,
        "amended",
    );
    // The same without any sentence breaks: the sentence-level first pass cannot help.
    let run_on_old = prose(100_000, 41, &common, false);
    let run_on_new = edit_word(
        &edit_word(&edit_word(&run_on_old, 99_990, "amended"), 50_000, ""),
        10,
        "amended",
    );
    vec![
        Case {
            name: "full_rewrite_5k",
            old: rewrite_old,
            new: rewrite_new,
            bound: None,
        },
        Case {
            name: "unrelated_50k",
            old: unrelated_old,
            new: unrelated_new,
            bound: None,
        },
        Case {
            name: "repeated_phrase_15k",
            old: repeated_old,
            new: repeated_new,
            // 3 × (may for shall) = 6 words, plus the 3 words of the inserted phrase.
            bound: Some(9),
        },
        Case {
            name: "clause_100k_small_edit",
            old: huge_old,
            new: huge_new,
            // 2 × (1 deleted + 1 inserted) + 1 deleted, with slack for folded short words.
            bound: Some(12),
        },
        Case {
            name: "clause_100k_no_sentences",
            old: run_on_old,
            new: run_on_new,
            bound: Some(12),
        },
    ]
}

fn is_word(t: &str) -> bool {
    t.chars().any(char::is_alphanumeric)
}

/// Words marked deleted or inserted.
fn changed_words(spans: &[DiffSpan]) -> usize {
    spans
        .iter()
        .filter(|s| !matches!(s, DiffSpan::Equal(_)))
        .map(|s| s.text().split_whitespace().filter(|w| is_word(w)).count())
        .sum()
}

fn rebuilds(spans: &[DiffSpan], old: &str, new: &str) -> bool {
    let side = |keep_delete: bool| {
        spans
            .iter()
            .filter_map(|s| match s {
                DiffSpan::Equal(t) => Some(t.as_str()),
                DiffSpan::Delete(t) if keep_delete => Some(t.as_str()),
                DiffSpan::Insert(t) if !keep_delete => Some(t.as_str()),
                _ => None,
            })
            .collect::<String>()
    };
    side(true) == old && side(false) == new
}

/// Runs every adversarial case once, untimed by criterion, and records what the diff did.
fn check_adversarial(cases: &[Case]) {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for case in cases {
        let start = Instant::now();
        let spans = word_diff(&case.old, &case.new);
        let elapsed = start.elapsed();
        let changed = changed_words(&spans);
        let exact = rebuilds(&spans, &case.old, &case.new);
        let total = words(&case.old) + words(&case.new);
        let small_ok = case.bound.is_none_or(|b| changed <= b);
        if !exact || !small_ok || elapsed > Duration::from_secs(10) {
            failures.push(case.name);
        }
        report.push(json!({
            "name": case.name,
            "old_words": words(&case.old),
            "new_words": words(&case.new),
            "changed_words": changed,
            "changed_share": changed as f64 / total.max(1) as f64,
            "bound": case.bound,
            "small_edit_kept_small": small_ok,
            "rebuilds_both_texts": exact,
            "one_run_ms": elapsed.as_secs_f64() * 1e3,
        }));
    }
    write(
        "adversarial.json",
        &serde_json::to_string_pretty(&report).unwrap_or_default(),
    );
    assert!(
        failures.is_empty(),
        "adversarial diff checks failed: {failures:?}"
    );
}

// ---- Benchmarks -------------------------------------------------------------------------------

fn benches(c: &mut Criterion) {
    let old_bytes = demo(2023);
    let new_bytes = demo(2024);
    let old_book = parse_rulebook(&old_bytes).expect("2023 edition parses");
    let new_book = parse_rulebook(&new_bytes).expect("2024 edition parses");
    let prior = PriorNode::from_book(&old_book);

    let (clause_old, clause_new) = clause_pair(&prior, &new_book);
    write("clause-old.txt", &format!("{clause_old}\n"));
    write("clause-new.txt", &format!("{clause_new}\n"));
    let (long_old, long_new) = clause_300();
    write("clause-300-old.txt", &format!("{long_old}\n"));
    write("clause-300-new.txt", &format!("{long_new}\n"));
    let found = parse_match_diff(&old_bytes, &new_bytes);
    write(
        "edition.json",
        &serde_json::to_string_pretty(&json!({
            "old_nodes": old_book.nodes.len(),
            "new_nodes": new_book.nodes.len(),
            "old_words": words(&String::from_utf8_lossy(&old_bytes)),
            "new_words": words(&String::from_utf8_lossy(&new_bytes)),
            "changed": found.changed,
            "added": found.added,
            "removed": found.removed,
            "renumbered_only": found.renumbered,
            "diff_spans": found.spans,
            "clause_old_words": words(&clause_old),
            "clause_new_words": words(&clause_new),
            "clause_300_old_words": words(&long_old),
            "clause_300_new_words": words(&long_new),
        }))
        .unwrap_or_default(),
    );
    let cases = cases();
    check_adversarial(&cases);

    let mut group = c.benchmark_group("clause");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("word_diff", |b| {
        b.iter(|| word_diff(black_box(&clause_old), black_box(&clause_new)))
    });
    group.bench_function("word_diff_300", |b| {
        b.iter(|| word_diff(black_box(&long_old), black_box(&long_new)))
    });
    group.finish();

    let mut group = c.benchmark_group("edition");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group.sample_size(30);
    group.bench_function("parse_match_diff", |b| {
        b.iter(|| parse_match_diff(black_box(&old_bytes), black_box(&new_bytes)).spans)
    });
    group.bench_function("match_diff", |b| {
        b.iter(|| compare(black_box(&prior), black_box(&new_book)).spans)
    });
    let matched = match_editions(&prior, &new_book);
    group.bench_function("diff_only", |b| {
        b.iter(|| diff_matched(black_box(&prior), black_box(&new_book), black_box(&matched)).spans)
    });
    group.finish();

    let mut group = c.benchmark_group("adversarial");
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    group.sample_size(10);
    for case in &cases {
        group.bench_function(case.name, |b| {
            b.iter(|| word_diff(black_box(&case.old), black_box(&case.new)))
        });
    }
    group.finish();
}

criterion_group!(diff, benches);
criterion_main!(diff);
