//! `redline import` of the published formats: the 2024 demo edition as a printed PDF (made by
//! `scripts/import-fixtures.py`) over the 2023 Markdown edition, with a dry run first; a text
//! with an uncertainty refused until accepted; bad files refused with nothing written.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::helpers::redline;

const DEMO_2024: &str = include_str!("../../../demo/rulebook-2024.md");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../app/tests/fixtures/import")
        .join(name)
}

fn run(data: &Path, args: &[&str]) -> Output {
    redline()
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run redline")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn editions(data: &Path) -> String {
    let out = run(data, &["export", "2024"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_printed_pdf_imports_over_2023_with_the_markdown_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let demo_2023 = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/rulebook-2023.md");
    let first = run(data, &["import", demo_2023.to_str().unwrap()]);
    assert!(first.status.success(), "{}", text(&first));

    let pdf = fixture("rulebook-2024-printed.pdf");
    let dry = run(data, &["import", pdf.to_str().unwrap(), "--dry-run"]);
    let report = text(&dry);
    assert!(dry.status.success(), "{report}");
    // The same figures the Markdown import of 2024 gives (server/demo/README.md).
    assert!(
        report.contains(
            "Compared with 2023: 407 unchanged, 19 changed, 39 renumbered, 8 added, 1 removed"
        ),
        "{report}"
    );
    assert!(report.contains("Nothing uncertain."), "{report}");
    assert!(
        report.contains("2 footnotes kept with their rules"),
        "{report}"
    );
    assert!(report.contains("Dry run: nothing was written."), "{report}");
    assert!(editions(data).is_empty(), "a dry run writes nothing");

    let real = run(data, &["import", pdf.to_str().unwrap()]);
    let report = text(&real);
    assert!(real.status.success(), "{report}");
    assert!(
        report.contains("Imported Rule Book 2024 (473 rules)."),
        "{report}"
    );
    assert!(
        report.contains("407 unchanged, 19 changed, 39 renumbered, 8 added, 1 removed"),
        "{report}"
    );
    // Round trip: the export of the imported PDF is the demo's Markdown, byte for byte.
    assert_eq!(editions(data), DEMO_2024);
}

#[test]
fn uncertainties_are_listed_and_refused_until_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let file = dir.path().join("pasted.txt");
    let subs: String = "ABCDEFGH"
        .chars()
        .map(|c| format!("{c}. a thing;\n\n"))
        .collect();
    std::fs::write(
        &file,
        format!("Rule Book 2030\n\nChapter 1. Rules\n\n1. Members:\n\n{subs}i. an item.\n"),
    )
    .unwrap();
    let refused = run(data, &["import", file.to_str().unwrap()]);
    let report = text(&refused);
    assert!(!refused.status.success(), "{report}");
    assert!(
        report.contains("line 23: [check] 'i.' could be an item or a sub-section"),
        "{report}"
    );
    assert!(report.contains("--accept-uncertain"), "{report}");
    assert!(!report.contains("panicked"), "{report}");
    assert!(String::from_utf8_lossy(&run(data, &["export", "2030"]).stdout).is_empty());

    let accepted = run(
        data,
        &["import", file.to_str().unwrap(), "--accept-uncertain"],
    );
    assert!(accepted.status.success(), "{}", text(&accepted));
    let exported = String::from_utf8_lossy(&run(data, &["export", "2030"]).stdout).into_owned();
    assert!(
        exported.contains("##### H.\n\na thing;\n\n###### i.\n\nan item."),
        "{exported}"
    );
}

#[test]
fn bad_files_are_refused_clearly_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let numbering = dir.path().join("skips.txt");
    std::fs::write(
        &numbering,
        "Rule Book 2030\n\nChapter 1. Rules\n\n1. One.\n\n3. Three.\n",
    )
    .unwrap();
    let prose = dir.path().join("letter.txt");
    std::fs::write(&prose, "Dear members,\n\nThe rules are attached.\n").unwrap();
    let big = dir.path().join("big.pdf");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(60 * 1024 * 1024).unwrap();
    let encrypted = fixture("encrypted.pdf");
    let cases: [(&Path, &[&str], &str); 5] = [
        (
            &numbering,
            &[],
            "section 3 is out of order: expected section 2",
        ),
        (&numbering, &["--accept-uncertain"], "must be fixed"),
        (&prose, &[], "no numbering found"),
        (&big, &[], "over the limit of 50 mb"),
        (&encrypted, &[], "encrypted with a password"),
    ];
    for (path, extra, expect) in cases {
        let mut args = vec!["import", path.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = run(data, &args);
        let report = text(&out).to_lowercase();
        assert!(!out.status.success(), "{}: {report}", path.display());
        assert!(
            report.contains(&expect.to_lowercase()),
            "{}: {report}",
            path.display()
        );
        assert!(!report.contains("panicked"), "{report}");
    }
    let listing = run(data, &["export", "2030"]);
    assert!(!listing.status.success(), "nothing was imported");
}
