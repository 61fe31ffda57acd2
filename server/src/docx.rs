//! Word (DOCX) documents exported from published rule changes: the submission document a CLP
//! secretary e-mails to the party, and the delegate reading pack for one conference.
//!
//! Both are built from the publication DTOs alone ([`app::model::publication`]), so what a
//! document says is exactly what the public page says. The rule "as it would read" carries the
//! change as Word's own tracked changes (`w:del` and `w:ins`, with the proposer as author and a
//! date), so a CLP secretary can open it in Word or LibreOffice and accept or reject each
//! change; Word shows and prints deletions struck through and insertions underlined, so colour
//! is never the only cue.
//!
//! Headings use Word's built-in style names ("heading 1" …), so Word's navigation pane works
//! and a reader can insert a page-numbered table of contents with one click. The reading pack's
//! own contents list is plain text with links to each rule change rather than a TOC field: a
//! field either shows wrong page numbers until updated, or (marked dirty) makes Word ask on
//! opening whether to update fields, which reads like a security warning to most delegates.

use std::io::Cursor;

use anyhow::Context as _;
use app::domain::diff::DiffSpan;
use app::model::publication::{PublishedClause, PublishedRuleChange, ReadingPack};
use docx_rs::{
    Delete, Docx, Hyperlink, HyperlinkType, Insert, LineSpacing, Paragraph, Run, Style, StyleType,
};

/// Style ids (what paragraphs refer to) and the built-in names Word knows them by.
const TITLE: (&str, &str) = ("Title", "Title");
const SUBTITLE: (&str, &str) = ("Subtitle", "Subtitle");
const HEADING_1: (&str, &str) = ("Heading1", "heading 1");
const HEADING_2: (&str, &str) = ("Heading2", "heading 2");
const HEADING_3: (&str, &str) = ("Heading3", "heading 3");
/// Rule text (current, proposed and the formal wording), set off from the prose around it.
const RULE_TEXT: (&str, &str) = ("RuleText", "Rule text");

/// One line explaining the marks, printed wherever they appear.
const KEY: &str = "The changes are tracked changes: deleted words are struck through, inserted \
                   words underlined; accept or reject each one in Word or LibreOffice (Review).";

/// Who made a tracked change, and when (`2027-06-01T09:30:00Z`).
pub struct Revision {
    /// The author Word shows for each change.
    pub author: String,
    /// When, as an ISO 8601 date and time.
    pub date: String,
}

impl Revision {
    fn of(rc: &PublishedRuleChange, date: &str) -> Revision {
        Revision {
            author: proposer_name(rc),
            date: date.to_owned(),
        }
    }
}

/// The submission document for one rule change, as a CLP secretary sends it to the party.
///
/// Title, proposer and conference, then the current text of every clause it amends, the formal
/// wording (once, as written), every clause as it would read with deletions struck through and
/// insertions underlined, and the supporting argument.
/// `date` dates the tracked changes (ISO 8601).
pub fn rule_change_docx(rc: &PublishedRuleChange, date: &str) -> anyhow::Result<Vec<u8>> {
    let revision = Revision::of(rc, date);
    let mut doc = new_document();

    doc = doc.add_paragraph(plain_paragraph(&rc.title).style(TITLE.0));
    doc = doc.add_paragraph(plain_paragraph(&proposed_by(rc)).style(SUBTITLE.0));
    doc = doc.add_paragraph(plain_paragraph(&format!(
        "For Annual Conference {}. Amends the Rule Book {}.",
        rc.conference_year, rc.edition_year
    )));
    if let Some((_, package)) = &rc.package {
        doc = doc.add_paragraph(plain_paragraph(&format!("Part of the package: {package}")));
    }

    doc = doc.add_paragraph(plain_paragraph("Current text").style(HEADING_1.0));
    for clause in &rc.clauses {
        doc = doc.add_paragraph(plain_paragraph(&clause.heading).style(HEADING_2.0));
        doc = add_all(doc, current_text(clause));
    }

    doc = doc.add_paragraph(plain_paragraph("Rule change").style(HEADING_1.0));
    doc = add_all(doc, rule_text(&rc.wording));

    doc = doc.add_paragraph(plain_paragraph("The rule as it would read").style(HEADING_1.0));
    doc = doc.add_paragraph(italic_paragraph(KEY));
    for clause in &rc.clauses {
        doc = doc.add_paragraph(plain_paragraph(&clause.heading).style(HEADING_2.0));
        doc = add_all(doc, proposed_text(clause, &revision));
    }

    doc = doc.add_paragraph(plain_paragraph("Supporting argument").style(HEADING_1.0));
    doc = add_all(doc, prose(&rc.supporting_argument));

    to_bytes(doc)
}

/// The delegate reading pack: a title line, a numbered contents list linking to each rule
/// change, then every rule change on its own page, numbered 1..n in the pack's order, with its
/// summary, proposer, status, NEC recommendation, wording, marked-up text and supporting
/// argument.
pub fn reading_pack_docx(pack: &ReadingPack) -> anyhow::Result<Vec<u8>> {
    let mut doc = new_document();

    doc = doc.add_paragraph(
        plain_paragraph(&format!(
            "Annual Conference {}: rule changes",
            pack.conference_year
        ))
        .style(TITLE.0),
    );
    let count = match pack.rule_changes.len() {
        1 => "1 rule change".to_owned(),
        n => format!("{n} rule changes"),
    };
    let compiled = pack.generated_at.get(..10).unwrap_or(&pack.generated_at);
    doc = doc.add_paragraph(
        plain_paragraph(&format!(
            "Delegate reading pack: {count}, compiled {compiled}."
        ))
        .style(SUBTITLE.0),
    );
    doc = doc.add_paragraph(italic_paragraph(KEY));

    // Not a heading style: the contents list should not list itself in a TOC a reader inserts.
    doc = doc
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Contents").bold().size(28)));
    if pack.rule_changes.is_empty() {
        doc = doc.add_paragraph(italic_paragraph("No rule changes have been published yet."));
    }
    for (index, rc) in pack.rule_changes.iter().enumerate() {
        let number = index + 1;
        let entry = format!(
            "{number}. {} ({}; {})",
            one_line(&rc.title),
            one_line(&proposer_name(rc)),
            one_line(&rc.status_label)
        );
        doc = doc.add_paragraph(
            Paragraph::new().add_hyperlink(
                Hyperlink::new(bookmark(number), HyperlinkType::Anchor)
                    .add_run(Run::new().add_text(entry)),
            ),
        );
    }

    for (index, rc) in pack.rule_changes.iter().enumerate() {
        let number = index + 1;
        doc = doc.add_paragraph(
            Paragraph::new()
                .style(HEADING_1.0)
                .page_break_before(true)
                .add_bookmark_start(number, bookmark(number))
                .add_run(Run::new().add_text(format!("{number}. {}", one_line(&rc.title))))
                .add_bookmark_end(number),
        );
        if !rc.summary.trim().is_empty() {
            doc = doc.add_paragraph(italic_paragraph(&rc.summary));
        }
        doc = doc.add_paragraph(labelled("Proposed by", &proposer_name(rc)));
        doc = doc.add_paragraph(labelled("Status", &rc.status_label));
        doc = doc.add_paragraph(labelled(
            "NEC recommendation",
            &nec_recommendation(rc.nec_recommendation.as_deref()),
        ));
        if let Some((_, package)) = &rc.package {
            doc = doc.add_paragraph(labelled("Package", package));
        }
        doc = doc.add_paragraph(labelled(
            "Amends",
            &format!("the Rule Book {}", rc.edition_year),
        ));

        doc = doc.add_paragraph(plain_paragraph("Rule change").style(HEADING_2.0));
        doc = add_all(doc, rule_text(&rc.wording));

        doc = doc.add_paragraph(plain_paragraph("The rule as it would read").style(HEADING_2.0));
        let revision = Revision::of(rc, &pack.generated_at);
        for clause in &rc.clauses {
            doc = doc.add_paragraph(plain_paragraph(&clause.heading).style(HEADING_3.0));
            doc = add_all(doc, proposed_text(clause, &revision));
        }

        doc = doc.add_paragraph(plain_paragraph("Supporting argument").style(HEADING_2.0));
        doc = add_all(doc, prose(&rc.supporting_argument));
    }

    to_bytes(doc)
}

/// An empty document with this module's styles: 12 pt body text, a little space after each
/// paragraph, and headings under Word's built-in names.
fn new_document() -> Docx {
    let paragraph = |(id, name): (&str, &str)| Style::new(id, StyleType::Paragraph).name(name);
    Docx::new()
        .default_size(24)
        .default_line_spacing(LineSpacing::new().after(120))
        .add_style(paragraph(TITLE).size(44).bold())
        .add_style(paragraph(SUBTITLE).size(28))
        .add_style(paragraph(HEADING_1).size(32).bold().outline_lvl(0))
        .add_style(paragraph(HEADING_2).size(28).bold().outline_lvl(1))
        .add_style(paragraph(HEADING_3).size(24).bold().outline_lvl(2))
        .add_style(paragraph(RULE_TEXT).indent(Some(567), None, None, None))
}

/// Writes the document into a ZIP archive in memory.
fn to_bytes(doc: Docx) -> anyhow::Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .context("writing the DOCX archive")?;
    Ok(out.into_inner())
}

fn add_all(doc: Docx, paragraphs: Vec<Paragraph>) -> Docx {
    paragraphs.into_iter().fold(doc, Docx::add_paragraph)
}

fn bookmark(number: usize) -> String {
    format!("rule_change_{number}")
}

fn proposer_name(rc: &PublishedRuleChange) -> String {
    rc.proposer
        .clone()
        .unwrap_or_else(|| "proposer not yet chosen".to_owned())
}

fn proposed_by(rc: &PublishedRuleChange) -> String {
    match &rc.proposer {
        Some(proposer) => format!("Proposed by {proposer}"),
        None => "Proposed by: (proposer not yet chosen)".to_owned(),
    }
}

/// The NEC's recommendation in words; unknown values are shown as given rather than hidden.
fn nec_recommendation(value: Option<&str>) -> String {
    match value {
        None => "not yet made".to_owned(),
        Some("support") => "Support".to_owned(),
        Some("oppose") => "Oppose".to_owned(),
        Some("remit") => "Remit (asks the proposer to withdraw it to the NEC)".to_owned(),
        Some(other) => other.to_owned(),
    }
}

/// "Label: value", the label in bold.
fn labelled(label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{label}: ")).bold())
        .add_run(Run::new().add_text(one_line(value)))
}

/// A one-line paragraph (line breaks in `text` become spaces).
fn plain_paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(one_line(text)))
}

fn italic_paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(one_line(text)).italic())
}

/// Free text (the supporting argument): one paragraph per line.
fn prose(text: &str) -> Vec<Paragraph> {
    let mut out = Marked::default();
    out.push(text, Mark::None);
    out.finish(None, None)
}

/// Rule text or wording, indented, one paragraph per line.
fn rule_text(text: &str) -> Vec<Paragraph> {
    let mut out = Marked::default();
    out.push(text, Mark::None);
    out.finish(Some(RULE_TEXT.0), None)
}

fn current_text(clause: &PublishedClause) -> Vec<Paragraph> {
    if clause.current_text.trim().is_empty() {
        vec![italic_paragraph("New rule: there is no current text.")]
    } else {
        rule_text(&clause.current_text)
    }
}

/// The clause as it would read, its diff as tracked changes. A clause with no diff (nothing was
/// compared) is shown as plain proposed text.
///
/// No space is added between a deletion and the insertion next to it, although they then run
/// together on screen: accepting every change, or rejecting every change, must leave exactly
/// the proposed, or the current, text.
fn proposed_text(clause: &PublishedClause, revision: &Revision) -> Vec<Paragraph> {
    let mut out = if clause.diff.is_empty() {
        rule_text(&clause.proposed_text)
    } else {
        let mut marked = Marked::default();
        for span in &clause.diff {
            match span {
                DiffSpan::Equal(text) => marked.push(text, Mark::None),
                DiffSpan::Delete(text) => marked.push(text, Mark::Deleted),
                DiffSpan::Insert(text) => marked.push(text, Mark::Inserted),
            }
        }
        marked.finish(Some(RULE_TEXT.0), Some(revision))
    };
    if clause.proposed_text.trim().is_empty() {
        out.push(italic_paragraph("This rule would be deleted."));
    }
    out
}

/// How a stretch of rule text is marked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    None,
    Deleted,
    Inserted,
}

/// Builds paragraphs from marked stretches of text, starting a new paragraph at each line break
/// whichever stretch it falls in.
#[derive(Default)]
struct Marked {
    done: Vec<Vec<(Run, Mark)>>,
    current: Vec<(Run, Mark)>,
}

impl Marked {
    fn push(&mut self, text: &str, mark: Mark) {
        let text = clean(text);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.done.push(std::mem::take(&mut self.current));
            }
            for (j, piece) in line.split('\t').enumerate() {
                if j > 0 {
                    self.current.push((Run::new().add_tab(), mark));
                }
                if !piece.is_empty() {
                    // Deleted text is `w:delText`, as Word writes it inside `w:del`.
                    let run = match mark {
                        Mark::Deleted => Run::new().add_delete_text(piece),
                        _ => Run::new().add_text(piece),
                    };
                    self.current.push((run, mark));
                }
            }
        }
    }

    /// The paragraphs, in `style` if given, deletions and insertions as tracked changes by
    /// `revision`. Blank lines are dropped: paragraph spacing already separates paragraphs, and
    /// an empty paragraph would only add a gap.
    fn finish(mut self, style: Option<&str>, revision: Option<&Revision>) -> Vec<Paragraph> {
        self.done.push(self.current);
        self.done
            .into_iter()
            .filter(|runs| !runs.is_empty())
            .map(|runs| {
                let paragraph = runs.into_iter().fold(Paragraph::new(), |p, (run, mark)| {
                    match (mark, revision) {
                        (Mark::Deleted, Some(r)) => p.add_delete(
                            Delete::new()
                                .add_run(run)
                                .author(r.author.clone())
                                .date(r.date.clone()),
                        ),
                        (Mark::Inserted, Some(r)) => p.add_insert(
                            Insert::new(run)
                                .author(r.author.clone())
                                .date(r.date.clone()),
                        ),
                        _ => p.add_run(run),
                    }
                });
                match style {
                    Some(style) => paragraph.style(style),
                    None => paragraph,
                }
            })
            .collect()
    }
}

/// [`clean`] text on one line, for titles, headings and labels.
fn one_line(text: &str) -> String {
    clean(text).replace('\n', " ")
}

/// Text made safe for a Word document: line breaks normalised to `\n` (Word's manual line
/// break, U+000B, and form feeds included, as text pasted from Word carries them), and the
/// control characters XML 1.0 cannot carry removed — one of them would make the file unreadable.
/// docx-rs escapes `<`, `&` and quotes itself.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\u{b}' | '\u{c}' => Some('\n'),
            '\n' | '\t' => Some(c),
            '\u{fffe}' | '\u{ffff}' => None,
            c if c.is_control() && (c as u32) < 0x20 => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use docx_rs::{DocumentChild, ParagraphChild, RunChild};

    use super::*;

    const TITLE_TEXT: &str = "Fair <suspensions> & “due process” for Zoë";
    const DATE: &str = "2027-05-20T10:00:00Z";
    const ARGUMENT: &str = "Members' fees (£5) mustn't fund <unfair> suspensions & delays.\n\
                            A second paragraph of argument, café-tested.";
    const WORDING: &str = "Chapter 2, Clause I.4.B: Delete 'may be' and replace with \
                           'shall not be'.\nAdd at end: \"within 8 weeks & no longer\".";

    fn clause() -> PublishedClause {
        PublishedClause {
            key: "2.I.4.B".into(),
            heading: "Chapter 2, Clause I.4.B".into(),
            current_text: "Members may be suspended pending an investigation.".into(),
            proposed_text: "Members shall not be suspended pending an investigation \
                            within 8 weeks & no longer."
                .into(),
            diff: vec![
                DiffSpan::Equal("Members ".into()),
                DiffSpan::Delete("may be".into()),
                DiffSpan::Insert("shall not be".into()),
                DiffSpan::Equal(" suspended pending an investigation".into()),
                DiffSpan::Insert(" within 8 weeks & no longer".into()),
                DiffSpan::Equal(".".into()),
            ],
        }
    }

    fn rule_change(id: i32, title: &str, proposer: Option<&str>) -> PublishedRuleChange {
        PublishedRuleChange {
            id,
            title: title.into(),
            proposer: proposer.map(Into::into),
            conference_year: 2027,
            edition_year: 2026,
            status: "submitted".into(),
            status_label: "Submitted to the CAC".into(),
            nec_recommendation: Some("oppose".into()),
            summary: "Ends open-ended suspensions (costs < £1).".into(),
            supporting_argument: ARGUMENT.into(),
            wording: WORDING.into(),
            clauses: vec![clause()],
            package: Some((3, "Justice for members".into())),
        }
    }

    fn pack() -> ReadingPack {
        let mut second = rule_change(8, "Second: delegates' entitlement", None);
        second.nec_recommendation = None;
        second.summary = String::new();
        second.clauses = vec![PublishedClause {
            key: "3.II.1".into(),
            heading: "New rule 3.II.1.A after Chapter 3, Clause II.1".into(),
            current_text: String::new(),
            proposed_text: "A brand-new rule.".into(),
            diff: vec![DiffSpan::Insert("A brand-new rule.".into())],
        }];
        let mut third = rule_change(9, "Third: scrap the levy", Some("Unite"));
        third.clauses = vec![PublishedClause {
            key: "5.IV.5.F".into(),
            heading: "Delete Chapter 5, Clause IV.5.F".into(),
            current_text: "A levy of 10p applies.".into(),
            proposed_text: String::new(),
            diff: vec![DiffSpan::Delete("A levy of 10p applies.".into())],
        }];
        ReadingPack {
            conference_year: 2027,
            generated_at: "2027-06-01T09:30:00Z".into(),
            rule_changes: vec![
                rule_change(7, TITLE_TEXT, Some("Hackney Sóuth CLP")),
                second,
                third,
            ],
        }
    }

    /// One part of a DOCX archive (with `<x />` spelt `<x/>`), read from the ZIP's central
    /// directory. docx-rs stores parts
    /// uncompressed, which keeps this reader small (and needs no extra dependency).
    fn zip_part(archive: &[u8], name: &str) -> String {
        let u16_at = |at: usize| usize::from(u16::from_le_bytes([archive[at], archive[at + 1]]));
        let u32_at = |at: usize| {
            let bytes = [
                archive[at],
                archive[at + 1],
                archive[at + 2],
                archive[at + 3],
            ];
            usize::try_from(u32::from_le_bytes(bytes)).unwrap()
        };
        let end = (0..archive.len() - 21)
            .rev()
            .find(|&at| archive[at..at + 4] == [0x50, 0x4b, 0x05, 0x06])
            .expect("an end-of-central-directory record");
        let mut at = u32_at(end + 16);
        for _ in 0..u16_at(end + 10) {
            assert_eq!(
                archive[at..at + 4],
                [0x50, 0x4b, 0x01, 0x02],
                "central directory"
            );
            let (name_len, extra_len, comment_len) =
                (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
            if &archive[at + 46..at + 46 + name_len] == name.as_bytes() {
                assert_eq!(
                    u16_at(at + 10),
                    0,
                    "docx-rs now compresses parts: read them with the zip crate instead"
                );
                let size = u32_at(at + 20);
                let local = u32_at(at + 42);
                let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
                let xml = String::from_utf8(archive[data..data + size].to_vec()).unwrap();
                // docx-rs writes `<w:strike />`; compare tags in their usual spelling.
                return xml.replace(" />", "/>");
            }
            at += 46 + name_len + extra_len + comment_len;
        }
        panic!("no {name} in the archive");
    }

    /// Every tracked change of one kind (`ins` or `del`) in `xml`: its author, date and text
    /// (`w:t` in an insertion, `w:delText` in a deletion), decoded.
    fn tracked(xml: &str, kind: &str) -> Vec<(String, String, String)> {
        let text_tag = if kind == "del" { "w:delText" } else { "w:t" };
        xml.split(&format!("<w:{kind} "))
            .skip(1)
            .filter_map(|change| {
                let (attributes, body) = change.split_once('>')?;
                let body = body.split(&format!("</w:{kind}>")).next()?;
                let attr = |name: &str| {
                    attributes
                        .split(&format!("w:{name}=\""))
                        .nth(1)
                        .and_then(|v| v.split('"').next())
                        .map(decode)
                        .unwrap_or_default()
                };
                let text: String = body
                    .split(&format!("<{text_tag}"))
                    .skip(1)
                    .filter_map(|t| {
                        Some(decode(
                            t.split_once('>')?
                                .1
                                .split(&format!("</{text_tag}>"))
                                .next()?,
                        ))
                    })
                    .collect();
                Some((attr("author"), attr("date"), text))
            })
            .collect()
    }

    fn texts(changes: Vec<(String, String, String)>) -> Vec<String> {
        changes.into_iter().map(|(_, _, t)| t).collect()
    }

    fn decode(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    }

    /// Every paragraph's text as docx-rs's own reader decodes it from the archive, tracked
    /// changes accepted.
    fn read_back(archive: &[u8]) -> Vec<String> {
        fn collect(children: &[ParagraphChild], out: &mut String) {
            for child in children {
                match child {
                    ParagraphChild::Run(run) => {
                        for rc in &run.children {
                            match rc {
                                RunChild::Text(t) => out.push_str(&t.text),
                                RunChild::Tab(_) => out.push('\t'),
                                _ => {}
                            }
                        }
                    }
                    ParagraphChild::Hyperlink(link) => collect(&link.children, out),
                    // The text as it reads with every change accepted.
                    ParagraphChild::Insert(insert) => {
                        for child in &insert.children {
                            if let docx_rs::InsertChild::Run(run) = child {
                                collect(&[ParagraphChild::Run(run.clone())], out);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let docx = docx_rs::read_docx(archive).expect("a DOCX docx-rs can read");
        docx.document
            .children
            .iter()
            .filter_map(|child| match child {
                DocumentChild::Paragraph(p) => {
                    let mut text = String::new();
                    collect(&p.children, &mut text);
                    Some(text)
                }
                _ => None,
            })
            .collect()
    }

    fn position(paragraphs: &[String], wanted: &str) -> usize {
        paragraphs
            .iter()
            .position(|p| p == wanted)
            .unwrap_or_else(|| panic!("no paragraph {wanted:?} in {paragraphs:#?}"))
    }

    #[test]
    fn submission_reads_back_with_every_part_in_order() {
        let bytes =
            rule_change_docx(&rule_change(7, TITLE_TEXT, Some("Hackney Sóuth CLP")), DATE).unwrap();
        let paragraphs = read_back(&bytes);

        let title = position(&paragraphs, TITLE_TEXT);
        let proposer = position(&paragraphs, "Proposed by Hackney Sóuth CLP");
        let year = position(
            &paragraphs,
            "For Annual Conference 2027. Amends the Rule Book 2026.",
        );
        let current = position(&paragraphs, "Current text");
        let citation = position(&paragraphs, "Chapter 2, Clause I.4.B");
        let current_text = position(
            &paragraphs,
            "Members may be suspended pending an investigation.",
        );
        let change = position(&paragraphs, "Rule change");
        let wording = position(
            &paragraphs,
            "Chapter 2, Clause I.4.B: Delete 'may be' and replace with 'shall not be'.",
        );
        let wording_2 = position(&paragraphs, "Add at end: \"within 8 weeks & no longer\".");
        let would_read = position(&paragraphs, "The rule as it would read");
        // With the tracked changes accepted, the rule reads as proposed.
        let marked = position(
            &paragraphs,
            "Members shall not be suspended pending an investigation within 8 weeks & no longer.",
        );
        let argument = position(&paragraphs, "Supporting argument");
        let argument_1 = position(
            &paragraphs,
            "Members' fees (£5) mustn't fund <unfair> suspensions & delays.",
        );
        let argument_2 = position(&paragraphs, "A second paragraph of argument, café-tested.");
        let order = [
            title,
            proposer,
            year,
            current,
            citation,
            current_text,
            change,
            wording,
            wording_2,
            would_read,
            marked,
            argument,
            argument_1,
            argument_2,
        ];
        assert!(order.is_sorted(), "parts out of order: {order:?}");
        assert_eq!(
            paragraphs
                .iter()
                .filter(|p| p.contains("Delete 'may be'"))
                .count(),
            1,
            "the wording appears once"
        );
        assert_eq!(
            paragraphs
                .iter()
                .filter(|p| **p == "Chapter 2, Clause I.4.B")
                .count(),
            2,
            "the citation heads the current text and the text as it would read"
        );
    }

    #[test]
    fn submission_marks_deletions_and_insertions_and_escapes_text() {
        let bytes =
            rule_change_docx(&rule_change(7, TITLE_TEXT, Some("Hackney Sóuth CLP")), DATE).unwrap();
        let xml = zip_part(&bytes, "word/document.xml");

        // The change is Word's own tracked changes, by the proposer, dated.
        let author = "Hackney Sóuth CLP".to_owned();
        assert_eq!(
            tracked(&xml, "del"),
            [(author.clone(), DATE.to_owned(), "may be".to_owned())]
        );
        assert_eq!(
            tracked(&xml, "ins"),
            [
                (author.clone(), DATE.to_owned(), "shall not be".to_owned()),
                (
                    author,
                    DATE.to_owned(),
                    " within 8 weeks & no longer".to_owned()
                ),
            ]
        );
        // No manual strike or underline: accepting the changes leaves plain text.
        assert!(!xml.contains("<w:strike/>") && !xml.contains("<w:u "));
        // Special characters are escaped in the XML, and non-ASCII is written as is.
        assert!(xml.contains("Fair &lt;suspensions&gt; &amp; “due process” for Zoë"));
        assert!(xml.contains("(£5) mustn&apos;t fund &lt;unfair&gt;"));
        assert!(!xml.contains("<unfair>"));
        assert!(xml.contains("Sóuth"));
        // Headings use Word's built-in heading styles.
        let styles = zip_part(&bytes, "word/styles.xml");
        assert!(styles.contains(r#"w:styleId="Heading1"><w:name w:val="heading 1"/>"#));
    }

    #[test]
    fn control_characters_cannot_break_the_document() {
        let mut rc = rule_change(1, "Bell\u{7} and\u{0} nul", None);
        rc.supporting_argument = "Line one\u{b}line two\r\nline three\ttabbed".into();
        let bytes = rule_change_docx(&rc, DATE).unwrap();
        let paragraphs = read_back(&bytes);
        position(&paragraphs, "Bell and nul");
        position(&paragraphs, "Line one");
        position(&paragraphs, "line two");
        position(&paragraphs, "line three\ttabbed");
        position(&paragraphs, "Proposed by: (proposer not yet chosen)");
    }

    #[test]
    fn reading_pack_numbers_every_rule_change_on_its_own_page() {
        let bytes = reading_pack_docx(&pack()).unwrap();
        let paragraphs = read_back(&bytes);

        let title = position(&paragraphs, "Annual Conference 2027: rule changes");
        let contents = [
            position(
                &paragraphs,
                &format!("1. {TITLE_TEXT} (Hackney Sóuth CLP; Submitted to the CAC)"),
            ),
            position(
                &paragraphs,
                "2. Second: delegates' entitlement (proposer not yet chosen; Submitted to the CAC)",
            ),
            position(
                &paragraphs,
                "3. Third: scrap the levy (Unite; Submitted to the CAC)",
            ),
        ];
        let first = position(&paragraphs, &format!("1. {TITLE_TEXT}"));
        let second = position(&paragraphs, "2. Second: delegates' entitlement");
        let third = position(&paragraphs, "3. Third: scrap the levy");
        assert!(title < contents[0] && contents.is_sorted() && contents[2] < first);
        assert!(first < second && second < third);

        let section = &paragraphs[first..second];
        for wanted in [
            "Ends open-ended suspensions (costs < £1).",
            "Proposed by: Hackney Sóuth CLP",
            "Status: Submitted to the CAC",
            "NEC recommendation: Oppose",
            "Package: Justice for members",
            "Rule change",
            "Add at end: \"within 8 weeks & no longer\".",
            "Chapter 2, Clause I.4.B",
            "Members shall not be suspended pending an investigation within 8 weeks & no longer.",
            "Supporting argument",
            "A second paragraph of argument, café-tested.",
        ] {
            position(section, wanted);
        }
        position(
            &paragraphs[second..third],
            "NEC recommendation: not yet made",
        );
        position(&paragraphs[second..third], "A brand-new rule.");
        position(&paragraphs[third..], "This rule would be deleted.");

        let xml = zip_part(&bytes, "word/document.xml");
        assert_eq!(
            xml.matches("<w:pageBreakBefore/>").count(),
            3,
            "each rule change starts a page"
        );
        assert_eq!(
            texts(tracked(&xml, "del")),
            ["may be", "A levy of 10p applies."]
        );
        assert_eq!(
            texts(tracked(&xml, "ins")),
            [
                "shall not be",
                " within 8 weeks & no longer",
                "A brand-new rule.",
            ]
        );
        // Each change is dated when the pack was compiled, by its rule change's proposer.
        let authors: Vec<String> = tracked(&xml, "ins")
            .into_iter()
            .map(|(a, d, _)| format!("{a} {d}"))
            .collect();
        assert_eq!(
            authors,
            [
                "Hackney Sóuth CLP 2027-06-01T09:30:00Z",
                "Hackney Sóuth CLP 2027-06-01T09:30:00Z",
                "proposer not yet chosen 2027-06-01T09:30:00Z",
            ]
        );
        // Each contents entry links to the bookmark on its rule change's heading.
        for n in 1..=3 {
            assert!(
                xml.contains(&format!(r#"w:anchor="rule_change_{n}""#)),
                "link {n}"
            );
            assert!(
                xml.contains(&format!(r#"w:name="rule_change_{n}""#)),
                "bookmark {n}"
            );
        }
    }

    #[test]
    #[ignore = "needs LibreOffice; `make test` runs it (cargo test -p server --bin redline -- \
                --ignored libreoffice)"]
    fn libreoffice_reads_the_reading_pack() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let file = dir.join("pack.docx");
        std::fs::write(&file, reading_pack_docx(&pack()).unwrap()).unwrap();
        let output = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.join("profile").display()
            ))
            .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
            .arg(dir)
            .arg(&file)
            .output()
            .expect("soffice on PATH");
        assert!(output.status.success(), "soffice failed: {output:?}");
        let text = std::fs::read_to_string(dir.join("pack.txt")).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        for wanted in [
            "Annual Conference 2027: rule changes",
            &format!("1. {TITLE_TEXT}"),
            "3. Third: scrap the levy",
            "Proposed by: Hackney Sóuth CLP",
            "NEC recommendation: Oppose",
            "Chapter 2, Clause I.4.B",
            // The tracked-changes view: the deleted words, then the inserted ones.
            "Members may beshall not be suspended pending an investigation within 8 weeks & no longer.",
            "Members' fees (£5) mustn't fund <unfair> suspensions & delays.",
            "This rule would be deleted.",
        ] {
            assert!(text.contains(wanted), "{wanted:?} missing from:\n{text}");
        }
    }

    /// Converts `docx` with LibreOffice to `format` (`pdf`, `docx`, `txt:Text`) in `dir`.
    fn soffice(dir: &std::path::Path, docx: &std::path::Path, format: &str) {
        let output = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.join("profile").display()
            ))
            .args(["--headless", "--convert-to", format, "--outdir"])
            .arg(dir.join(format.split(':').next().unwrap_or(format)))
            .arg(docx)
            .output()
            .expect("soffice on PATH");
        assert!(output.status.success(), "soffice failed: {output:?}");
    }

    #[test]
    #[ignore = "needs LibreOffice and pdftotext; `make test` runs it (cargo test -p server --bin \
                redline -- --ignored libreoffice)"]
    fn libreoffice_reads_the_tracked_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let file = dir.join("submission.docx");
        let rc = rule_change(7, TITLE_TEXT, Some("Hackney Sóuth CLP"));
        std::fs::write(&file, rule_change_docx(&rc, DATE).unwrap()).unwrap();

        // Printed as LibreOffice shows tracked changes: the deleted and the inserted words.
        soffice(dir, &file, "pdf");
        let pdf = dir.join("pdf/submission.pdf");
        let text = Command::new("pdftotext")
            .arg("-layout")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains("Members may beshall not be suspended pending an investigation within 8 weeks & no longer."), "{text}");

        // Saved again by LibreOffice, the changes are still tracked changes, by their author:
        // LibreOffice read them as changes to accept or reject, not as text.
        soffice(dir, &file, "docx");
        let resaved = std::fs::read(dir.join("docx/submission.docx")).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(resaved)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        let deleted: Vec<(String, String)> = tracked(&xml, "del")
            .into_iter()
            .map(|(a, _, t)| (a, t))
            .collect();
        let inserted: Vec<(String, String)> = tracked(&xml, "ins")
            .into_iter()
            .map(|(a, _, t)| (a, t))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let by = |t: &str| ("Hackney Sóuth CLP".to_owned(), t.to_owned());
        assert_eq!(deleted, [by("may be")], "{xml}");
        assert_eq!(
            inserted,
            [by("shall not be"), by(" within 8 weeks & no longer")],
            "{xml}"
        );
    }
}
