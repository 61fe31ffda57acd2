//! The readers on the fixtures made from the 2024 demo edition (`scripts/import-fixtures.py`):
//! every layout, PDF and Word, reads back to exactly the demo's tree and texts with nothing left
//! to fix, and bad files are refused with a message that says what to do.

use std::path::PathBuf;

use crate::domain::import::{DetectError, DetectedMeta, Issue};
use crate::domain::rulebook::{export_rulebook, parse_rulebook};

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn demo_markdown() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../server/demo/rulebook-2024.md");
    std::fs::read_to_string(path).expect("the demo edition")
}

/// Imports a fixture and checks it against the demo edition, line by line of the Markdown
/// export (so a failure names the first rule that differs).
fn imports_to_the_demo(name: &str) {
    let detection = read_and_detect(&fixture(name), &DetectedMeta::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let open: Vec<String> = detection
        .uncertainties()
        .iter()
        .map(|u| format!("{}: {}", u.at, u.message))
        .collect();
    assert!(open.is_empty(), "{name}: {open:#?}");
    let book = detection.to_rulebook().expect("a valid book");
    let exported = export_rulebook(&book);
    let demo = demo_markdown();
    if let Some((got, want)) = exported.lines().zip(demo.lines()).find(|(g, w)| g != w) {
        panic!("{name}: got\n{got}\nwant\n{want}");
    }
    assert_eq!(
        exported, demo,
        "{name}: export(import(file)) is the demo's Markdown"
    );
    assert_eq!(
        book,
        parse_rulebook(demo.as_bytes())
            .map(|mut b| {
                b.nodes.iter_mut().for_each(|n| n.line = 0);
                b
            })
            .unwrap()
    );
    assert_eq!(
        detection.counts.footnotes, 2,
        "{name}: both footnotes found"
    );
}

#[test]
fn printed_pdf_imports_to_the_demo() {
    imports_to_the_demo("rulebook-2024-printed.pdf");
}

#[test]
fn two_column_pdf_imports_to_the_demo() {
    imports_to_the_demo("rulebook-2024-two-column.pdf");
}

#[test]
fn margin_numbers_pdf_imports_to_the_demo() {
    imports_to_the_demo("rulebook-2024-margin.pdf");
}

#[test]
fn list_numbered_pdf_imports_to_the_demo() {
    imports_to_the_demo("rulebook-2024-listnum.pdf");
}

#[test]
fn printed_docx_imports_to_the_demo() {
    imports_to_the_demo("rulebook-2024-printed.docx");
}

#[test]
fn two_column_docx_imports_to_the_demo() {
    imports_to_the_demo("rulebook-2024-two-column.docx");
}

#[test]
fn margin_docx_imports_to_the_demo() {
    imports_to_the_demo("rulebook-2024-margin.docx");
}

#[test]
fn list_numbering_docx_imports_to_the_demo() {
    // The numbers are not in the text at all: only list numbering gives them.
    let docx = fixture("rulebook-2024-listnum.docx");
    let lines = docx::read(&docx).unwrap();
    let clause = lines
        .iter()
        .find(|l| l.text == "Name and objects")
        .expect("clause I");
    assert_eq!(clause.list_label.as_deref(), Some("Clause I."));
    imports_to_the_demo("rulebook-2024-listnum.docx");
}

#[test]
fn the_pdf_footnote_is_its_rules_own() {
    let detection = read_and_detect(
        &fixture("rulebook-2024-printed.pdf"),
        &DetectedMeta::default(),
    )
    .unwrap();
    let node = detection
        .nodes
        .iter()
        .find(|n| !n.footnotes.is_empty())
        .expect("a node with a footnote");
    assert_eq!(node.footnotes[0].marker, "1");
    assert!(
        node.text().contains("remain a member.[^1]"),
        "{}",
        node.text()
    );
    assert!(node.footnotes[0].at.page > 1);
}

#[test]
fn a_scanned_pdf_is_refused() {
    // One page, a filled rectangle and no text: what a scan without OCR looks like to a reader.
    let body = "0 0 0 rg 72 72 400 600 re f";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{body}\nendstream", body.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    let err = read_lines(&pdf).unwrap_err();
    assert_eq!(err, ImportError::NoTextLayer);
    assert_eq!(
        err.to_string(),
        "this PDF has no text; run OCR first (it looks like scanned pages)"
    );
}

#[test]
fn an_encrypted_pdf_is_refused() {
    let err = read_lines(&fixture("encrypted.pdf")).unwrap_err();
    assert_eq!(err, ImportError::Encrypted);
    assert!(err.to_string().contains("encrypted with a password"));
}

#[test]
fn a_damaged_pdf_is_refused() {
    let mut pdf = fixture("rulebook-2024-printed.pdf");
    pdf.truncate(2000);
    let err = read_lines(&pdf).unwrap_err();
    assert!(
        matches!(err, ImportError::Unreadable(_) | ImportError::NoTextLayer),
        "{err:?}"
    );
}

#[test]
fn a_sixty_megabyte_file_is_refused_before_it_is_read() {
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(60 * 1024 * 1024, b' ');
    let err = read_lines(&big).unwrap_err();
    assert!(
        matches!(err, ImportError::TooLarge { limit_mb: 50, .. }),
        "{err:?}"
    );
    let mut text = vec![b'a'; 11 * 1024 * 1024];
    text[0] = b'x';
    assert!(matches!(
        read_lines(&text),
        Err(ImportError::TooLarge { limit_mb: 10, .. })
    ));
}

#[test]
fn a_zip_bomb_is_refused() {
    use std::io::Write as _;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("word/document.xml", options).unwrap();
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..80 {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
    }
    let bytes = out.into_inner();
    assert!(
        bytes.len() < 1024 * 1024,
        "a small file: {} bytes",
        bytes.len()
    );
    let err = read_lines(&bytes).unwrap_err();
    assert_eq!(err, ImportError::ZipBomb { limit_mb: 64 });
}

#[test]
fn a_zip_that_is_not_a_word_file_is_refused() {
    use std::io::Write as _;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"hello").unwrap();
        zip.finish().unwrap();
    }
    let err = read_lines(&out.into_inner()).unwrap_err();
    assert!(err.to_string().contains("no word/document.xml"), "{err}");
}

#[test]
fn text_without_numbering_is_refused() {
    let err = read_and_detect(
        b"Dear members,\n\nThe rules are attached.\n",
        &DetectedMeta::default(),
    )
    .unwrap_err();
    assert_eq!(err, ImportError::Detect(DetectError::NoNumbering));
    assert!(err.to_string().starts_with("no numbering found"));
    let err = read_lines(b"caf\xe9\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("line 1: the text is not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn pasted_text_reads_with_one_paragraph_per_line() {
    let demo = demo_markdown();
    // The demo's text as someone would paste it from a web page: headings and numbers as
    // printed, one paragraph per line, no blank lines.
    let book = parse_rulebook(demo.as_bytes()).unwrap();
    let mut text = format!("{}\n", book.meta.title);
    for node in &book.nodes {
        use crate::domain::numbering::NodeKind::*;
        let heading = node
            .heading
            .as_deref()
            .map(|h| format!(" {h}"))
            .unwrap_or_default();
        let head = match node.kind {
            Chapter => format!("Chapter {}.{heading}", node.label),
            Appendix => format!("Appendix {}.{heading}", node.label),
            Part => format!("Part {}.{heading}", node.label),
            Clause => format!("Clause {}.{heading}", node.label),
            _ => format!("{}.{heading}", node.label),
        };
        let mut paragraphs = node.text.split("\n\n").filter(|p| !p.is_empty());
        match (
            node.heading.is_some() || matches!(node.kind, Chapter | Appendix | Part | Clause),
            paragraphs.next(),
        ) {
            (true, first) => {
                text.push_str(&format!("{head}\n"));
                if let Some(p) = first {
                    text.push_str(&format!("{p}\n"));
                }
            }
            (false, Some(p)) => text.push_str(&format!("{head} {p}\n")),
            (false, None) => text.push_str(&format!("{head}\n")),
        }
        for p in paragraphs {
            text.push_str(&format!("{p}\n"));
        }
    }
    let given = DetectedMeta {
        published: Some("2024-01-15".into()),
        conference: Some(2023),
        ..DetectedMeta::default()
    };
    let detection = read_and_detect(text.as_bytes(), &given).unwrap();
    let open: Vec<_> = detection
        .uncertainties()
        .into_iter()
        .filter(|u| !matches!(u.issue, Issue::Hyphenation { .. }))
        .collect();
    assert!(open.is_empty(), "{open:#?}");
    assert_eq!(export_rulebook(&detection.to_rulebook().unwrap()), demo);
}
