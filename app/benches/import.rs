//! Importing a 119-page Rule Book PDF: extract (poppler's pdftotext, one process, one core) +
//! detect + match against the previous edition of the same size. Target: ≤ 2 s.
//!
//! The PDF is the demo edition four times over (chapters renumbered on), laid out as printed by
//! `scripts/import-fixtures.py --large DIR`; `make bench` makes it (it needs LibreOffice) and
//! passes its path in `REDLINE_IMPORT_BENCH_PDF`. The previous edition is the 2023 demo four
//! times over, the same way. The bench checks once, untimed, that the import is exact and
//! writes the figures to `$REDLINE_BENCH_OUT/import.json`.

use std::path::PathBuf;

use app::domain::import::{DetectedMeta, detect};
use app::domain::numbering::NodeKind;
use app::domain::rulebook::{PriorNode, RuleBook, match_editions, parse_rulebook};
use app::ssr::import::read_lines;
use criterion::{Criterion, criterion_group, criterion_main};

fn demo(year: i32) -> RuleBook {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../server/demo/rulebook-{year}.md"));
    parse_rulebook(&std::fs::read(path).expect("the demo edition")).expect("parses")
}

/// The book `times` over: chapters 1–10, 11–20 …, then appendices 1–2, 3–4 … (as the fixture
/// script lays it out).
fn enlarged(book: &RuleBook, times: usize) -> RuleBook {
    let mut chapters = Vec::new();
    let mut appendices = Vec::new();
    for k in 0..times {
        let mut current: Option<bool> = None;
        for node in &book.nodes {
            let mut node = node.clone();
            if node.parent.is_none() {
                let appendix = node.kind == NodeKind::Appendix;
                let step = if appendix { 2 } else { 10 };
                let n: usize = node.label.parse().expect("arabic");
                node.label = (n + k * step).to_string();
                current = Some(appendix);
            }
            match current {
                Some(true) => appendices.push(node),
                _ => chapters.push(node),
            }
        }
    }
    // Re-index parents: each node's parent is the nearest node before it of a lower level.
    let mut nodes: Vec<_> = chapters.into_iter().chain(appendices).collect();
    let mut open: Vec<usize> = Vec::new();
    for i in 0..nodes.len() {
        let level = nodes[i].kind.heading_level();
        while open
            .last()
            .is_some_and(|&o| nodes[o].kind.heading_level() >= level)
        {
            open.pop();
        }
        nodes[i].parent = open.last().copied();
        open.push(i);
    }
    RuleBook {
        meta: book.meta.clone(),
        nodes,
    }
}

fn bench(c: &mut Criterion) {
    let Some(path) = std::env::var_os("REDLINE_IMPORT_BENCH_PDF") else {
        eprintln!("import bench: set REDLINE_IMPORT_BENCH_PDF (make bench does); skipped");
        return;
    };
    let bytes = std::fs::read(&path).expect("the bench PDF");
    let prior = PriorNode::from_book(&enlarged(&demo(2023), 4));
    let expected = enlarged(&demo(2024), 4);
    let import = || {
        let (_, lines) = read_lines(&bytes).expect("reads");
        let detection = detect(&lines, &DetectedMeta::default()).expect("detects");
        let book = detection.to_rulebook().expect("a valid book");
        let summary = match_editions(&prior, &book).summary();
        (detection, book, summary, lines.len())
    };
    // Once, untimed: the import is exact and nothing is uncertain.
    let (detection, mut book, summary, lines) = import();
    let open = detection.uncertainties().len();
    book.nodes.iter_mut().for_each(|n| n.line = 0);
    let mut want = expected.clone();
    want.nodes.iter_mut().for_each(|n| n.line = 0);
    // Word numbers the footnotes of the four copies 1 to 8, where every copy of the demo says
    // [^1] and [^2]: number the expected markers as printed.
    let mut footnote = 0;
    for node in &mut want.nodes {
        for marker in ["[^1]", "[^2]"] {
            if node.text.contains(marker) {
                footnote += 1;
                node.text = node.text.replace(marker, &format!("[^{footnote}]"));
            }
        }
    }
    let exact = book.nodes == want.nodes;
    if !exact && let Some((got, wanted)) = book.nodes.iter().zip(&want.nodes).find(|(a, b)| a != b)
    {
        println!("import bench: first difference: {got:?}\nwanted {wanted:?}");
    }
    let pages = detection.nodes.last().map_or(0, |n| n.at.page);
    println!(
        "import bench: {pages} pages, {lines} lines, {} rules, {open} uncertain, exact: {exact}; {summary}",
        book.nodes.len()
    );
    if let Some(out) = std::env::var_os("REDLINE_BENCH_OUT") {
        let json = format!(
            "{{\"pages\": {pages}, \"lines\": {lines}, \"rules\": {}, \"uncertain\": {open}, \"exact\": {exact}, \"summary\": \"{summary}\"}}\n",
            book.nodes.len()
        );
        std::fs::write(PathBuf::from(out).join("import.json"), json).expect("write import.json");
    }
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("pdf_extract_detect_match", |b| b.iter(import));
    group.bench_function("extract_only", |b| {
        b.iter(|| read_lines(&bytes).expect("reads"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
