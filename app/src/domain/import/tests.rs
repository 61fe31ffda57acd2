//! Tests of the detector and the fixes: small documents for each thing the detector must
//! recognise or report, and property tests over generated rule books rendered in several
//! layouts.

use proptest::prelude::*;

use crate::domain::numbering::NodeKind;
use crate::domain::rulebook::testgen::arb_rulebook;
use crate::domain::rulebook::{RuleBook, export_rulebook};

use super::testrender::{Layout, render};
use super::*;

/// Lines of pasted text: one line each, a blank line starting a paragraph, page breaks at `\f`.
fn text_lines(text: &str) -> Vec<SourceLine> {
    let mut out = Vec::new();
    let mut page = 0;
    let mut blank = true;
    let mut line = 0;
    let raws: Vec<&str> = text.split('\n').collect();
    for (index, raw) in raws.iter().enumerate() {
        if raw.starts_with('\u{c}') {
            page += 1;
            line = 0;
        }
        let raw = raw.trim_start_matches('\u{c}');
        line += 1;
        if raw.trim().is_empty() {
            blank = true;
            continue;
        }
        let mut l = SourceLine::new(page, line, raw);
        if blank {
            l = l.paragraph();
        }
        // A line ends short where its paragraph ends (a text reader sees the blank line).
        l.ends_short = raws
            .get(index + 1)
            .is_none_or(|next| next.trim().is_empty() || next.starts_with('\u{c}'));
        blank = false;
        out.push(l);
    }
    out
}

fn detect_text(text: &str) -> Detection {
    detect(&text_lines(text), &DetectedMeta::default()).expect("detects")
}

fn outline(d: &Detection) -> Vec<String> {
    let book = d.to_rulebook().unwrap_or_else(|e| panic!("{e:#?}"));
    book.keys()
        .into_iter()
        .zip(&book.nodes)
        .map(|(key, node)| {
            let mut s = key;
            if let Some(h) = &node.heading {
                s.push_str(&format!(" [{h}]"));
            }
            if !node.text.is_empty() {
                s.push_str(&format!(" {}", node.text));
            }
            s
        })
        .collect()
}

fn issues(d: &Detection) -> Vec<String> {
    d.uncertainties()
        .iter()
        .map(|u| format!("{}: {}", u.at, u.message))
        .collect()
}

const SMALL: &str = "Rule Book 2024\n\nChapter 1\nConstitutional rules\n\nClause I. Name\n\n1. This organisation shall be known\nas the Party.\n\n2. Its purposes are:\n\nA. to organise;\n\nB. to campaign.\n\ni. in every place;\n\nii. at all times.\n\nClause II.\n\n1. Rules may be amended.\n\nAppendix 1. Standing orders\n\n1. Meetings shall be quorate.";

#[test]
fn reads_a_small_book() {
    let d = detect_text(SMALL);
    assert_eq!(d.meta.title.as_deref(), Some("Rule Book 2024"));
    assert_eq!(d.meta.year, Some(2024));
    assert_eq!(
        outline(&d),
        [
            "1 [Constitutional rules]",
            "1.I [Name]",
            "1.I.1 This organisation shall be known as the Party.",
            "1.I.2 Its purposes are:",
            "1.I.2.A to organise;",
            "1.I.2.B to campaign.",
            "1.I.2.B.i in every place;",
            "1.I.2.B.ii at all times.",
            "1.II",
            "1.II.1 Rules may be amended.",
            "appendix-1 [Standing orders]",
            "appendix-1.1 Meetings shall be quorate.",
        ]
    );
    assert!(d.uncertainties().is_empty(), "{:#?}", issues(&d));
}

#[test]
fn cover_contents_headers_and_page_numbers_are_not_rule_text() {
    let text = "\u{c}The Labour Party\nRule Book 2024\nPublished 15 January 2024\nContaining the changes carried at Annual Conference 2023\n\u{c}Rule Book 2024 · Page 2\nContents\nChapter 1. Constitutional rules .......... 3\nChapter 2. Membership rules .......... 4\n\u{c}Rule Book 2024 · Page 3\n\nChapter 1. Constitutional rules\n\nClause I. Name\n\n1. This organisation shall be known as\n3\n\u{c}Rule Book 2024 · Page 4\nthe Party.\n\nChapter 2. Membership rules\n\n1. Members pay a subscription.\n4";
    let d = detect_text(text);
    assert_eq!(
        outline(&d),
        [
            "1 [Constitutional rules]",
            "1.I [Name]",
            "1.I.1 This organisation shall be known as the Party.",
            "2 [Membership rules]",
            "2.1 Members pay a subscription.",
        ]
    );
    assert_eq!(
        (
            d.meta.published.as_deref(),
            d.meta.conference,
            d.counts.contents,
            d.counts.page_numbers,
            d.counts.running_headers
        ),
        (Some("2024-01-15"), Some(2023), 3, 2, 3)
    );
    assert!(d.uncertainties().is_empty(), "{:#?}", issues(&d));
}

#[test]
fn headed_sections_and_wrapped_text() {
    let text = "Rule Book 2024\n\nChapter 1. Membership rules\n\nClause I. Conditions\n\n1. Exclusions\n\nA. No person shall be a member if they join another\nparty;\n\nB. or support a candidate against the Party.";
    assert_eq!(
        outline(&detect_text(text))[2..],
        [
            "1.I.1 [Exclusions]",
            "1.I.1.A No person shall be a member if they join another party;",
            "1.I.1.B or support a candidate against the Party.",
        ]
    );
}

#[test]
fn footnotes_stay_with_their_rule_and_out_of_the_words() {
    let text = "Rule Book 2024\n\nChapter 1. Rules\n\n1. A member shall pay.¹ Then more.\n\n2. Other text.\n\n¹ The fee is set each year.";
    let mut lines = text_lines(text);
    let last = lines.len() - 1;
    for (i, l) in lines.iter_mut().enumerate() {
        l.size = if i == last { 8.0 } else { 10.5 };
    }
    lines[last].text = "1 The fee is set each year.".into();
    let d = detect(&lines, &DetectedMeta::default()).unwrap();
    assert_eq!(
        outline(&d),
        [
            "1 [Rules]",
            "1.1 A member shall pay.[^1] Then more.\n\n[^1]: The fee is set each year.",
            "1.2 Other text.",
        ]
    );
    assert_eq!(d.counts.footnotes, 1);
    // Written out as Markdown footnotes, in pasted text.
    let d = detect_text(
        "Rule Book 2024\n\nChapter 1. Rules\n\n1. Text.[^1]\n\n[^1]: A note.\n\n2. More.[^2]",
    );
    let notes = issues(&d);
    assert_eq!(outline(&d)[1], "1.1 Text.[^1]\n\n[^1]: A note.");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("[^2] has no footnote text"), "{notes:?}");
}

#[test]
fn i_after_h_is_reported_not_guessed() {
    let subs: String = ["A", "B", "C", "D", "E", "F", "G", "H"]
        .iter()
        .map(|l| format!("{l}. a thing;\n\n"))
        .collect();
    let text = format!("Rule Book 2024\n\nChapter 1. Rules\n\n1. Members:\n\n{subs}i. an item.");
    let d = detect_text(&text);
    let u = d.uncertainties();
    assert_eq!(u.len(), 1, "{:#?}", issues(&d));
    assert!(
        matches!(
            u[0].issue,
            Issue::AmbiguousLabel {
                read_as: NodeKind::Item,
                other: NodeKind::SubSection,
                ..
            }
        ),
        "{u:#?}"
    );
    assert!(
        u[0].message.contains("could be an item or a sub-section"),
        "{}",
        u[0].message
    );
    assert!(!u[0].must_fix());
    // Accepting it leaves nothing open; the item stays an item.
    let mut fixed = d.clone();
    apply(
        &mut fixed,
        &Fix::Accept {
            uncertainty: u[0].id,
        },
    )
    .unwrap();
    assert!(fixed.uncertainties().is_empty());
    assert_eq!(outline(&fixed).last().unwrap(), "1.1.H.i an item.");
    // Or it was sub-section I after all.
    let node = u[0].node.unwrap();
    let mut fixed = d;
    apply(
        &mut fixed,
        &Fix::SetNode {
            node,
            kind: NodeKind::SubSection,
            label: "I".into(),
        },
    )
    .unwrap();
    assert!(fixed.uncertainties().is_empty(), "{:#?}", issues(&fixed));
    assert_eq!(outline(&fixed).last().unwrap(), "1.1.I an item.");
}

#[test]
fn numbering_that_skips_or_goes_backwards_is_reported() {
    let d = detect_text(
        "Rule Book 2024\n\nChapter 1. Rules\n\n1. One.\n\n2. Two.\n\n4. Four.\n\n3. Three.",
    );
    let notes = issues(&d);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].contains("section 4 is out of order: expected section 3"),
        "{notes:?}"
    );
    assert!(
        notes[1].contains("section 3 is out of order: expected section 5"),
        "{notes:?}"
    );
    assert!(d.uncertainties().iter().all(Uncertainty::must_fix));
    assert!(
        d.to_rulebook().is_err(),
        "an invalid tree is never a Rule Book"
    );
    // Renumbering fixes it.
    let mut fixed = d.clone();
    let ids: Vec<u32> = fixed.nodes.iter().map(|n| n.id).collect();
    apply(
        &mut fixed,
        &Fix::SetNode {
            node: ids[3],
            kind: NodeKind::Section,
            label: "3".into(),
        },
    )
    .unwrap();
    apply(
        &mut fixed,
        &Fix::SetNode {
            node: ids[4],
            kind: NodeKind::Section,
            label: "4".into(),
        },
    )
    .unwrap();
    assert!(fixed.uncertainties().is_empty(), "{:#?}", issues(&fixed));
    let bad = apply(
        &mut fixed,
        &Fix::SetNode {
            node: ids[4],
            kind: NodeKind::Section,
            label: "IV".into(),
        },
    );
    assert!(matches!(bad, Err(FixError::BadLabel { .. })), "{bad:?}");
}

#[test]
fn a_wrapped_number_is_text_and_merge_and_drop_fix_what_was_misread() {
    // A line starting "2." inside a paragraph (no paragraph break known) that does not fit.
    let mut lines = text_lines(
        "Rule Book 2024\n\nChapter 1. Rules\n\n1. Members in the\n4. districts shall vote.\n\n2. Next.\n\nA stray caption\n\n3. Last.",
    );
    lines[3].starts = Break::Unknown;
    let d = detect(&lines, &DetectedMeta::default()).unwrap();
    let notes = issues(&d);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("'4.' starts a line but does not fit"),
        "{notes:?}"
    );
    assert_eq!(
        outline(&d)[1],
        "1.1 Members in the 4. districts shall vote."
    );
    // Drop the caption (a paragraph of 1.2).
    let mut fixed = d.clone();
    let caption = fixed.nodes[2].paragraphs[1].segments[0].at;
    apply(&mut fixed, &Fix::DropLine { at: caption }).unwrap();
    assert_eq!(outline(&fixed)[2], "1.2 Next.");
    assert_eq!(
        fixed.removed.last().map(|r| r.text.as_str()),
        Some("A stray caption")
    );
    // Merge 1.2 into 1.1: its number and text become text of 1.1; 3 is then out of order.
    let id = fixed.nodes[2].id;
    apply(&mut fixed, &Fix::MergeWithPrevious { node: id }).unwrap();
    assert_eq!(outline(&d).len(), 4);
    assert!(fixed.to_rulebook().is_err());
    assert!(
        issues(&fixed)
            .iter()
            .any(|n| n.contains("section 3 is out of order: expected section 2"))
    );
    assert_eq!(
        fixed.nodes[1].text(),
        "Members in the 4. districts shall vote.\n\n2. Next."
    );
    assert_eq!(
        apply(&mut fixed, &Fix::MergeWithPrevious { node: id }),
        Err(FixError::NoSuchNode)
    );
    assert_eq!(
        apply(&mut fixed, &Fix::DropLine { at: caption }),
        Err(FixError::NoSuchLine(caption))
    );
}

#[test]
fn text_before_the_first_chapter_is_reported() {
    let d = detect_text(
        "Rule Book 2024\n\nA foreword by the General Secretary.\n\nChapter 1. Rules\n\n1. One.",
    );
    let u = d.uncertainties();
    assert_eq!(u.len(), 1, "{:#?}", issues(&d));
    assert_eq!(u[0].issue, Issue::TextBeforeFirstChapter);
    assert_eq!(u[0].at, LineRef { page: 0, line: 3 });
    assert!(
        d.removed
            .iter()
            .any(|r| r.why == Removed::BeforeFirstChapter)
    );
}

#[test]
fn missing_title_and_year_must_be_given() {
    let d = detect_text("Chapter 1. Rules\n\n1. One.");
    let fields: Vec<Issue> = d.uncertainties().into_iter().map(|u| u.issue).collect();
    assert_eq!(fields.len(), 2, "{fields:?}");
    let mut fixed = d;
    let set = Fix::SetMeta {
        title: Some("Rule Book 2031".into()),
        year: Some(2031),
        published: Some("2031-02-30".into()),
        conference: None,
    };
    assert!(matches!(apply(&mut fixed, &set), Err(FixError::BadMeta(_))));
    let set = Fix::SetMeta {
        title: Some("Rule Book 2031".into()),
        year: Some(2031),
        published: None,
        conference: Some(2030),
    };
    apply(&mut fixed, &set).unwrap();
    assert_eq!(fixed.to_rulebook().unwrap().meta.year, 2031);
    let given = DetectedMeta {
        title: Some("Given".into()),
        year: Some(2040),
        ..DetectedMeta::default()
    };
    let d = detect(&text_lines("Rule Book 2024\n\nChapter 1. Rules"), &given).unwrap();
    assert_eq!(
        (d.meta.title.as_deref(), d.meta.year),
        (Some("Given"), Some(2040))
    );
}

#[test]
fn clear_errors_for_no_text_no_numbering_and_no_chapters() {
    let none = detect(&[SourceLine::new(1, 1, "  ")], &DetectedMeta::default());
    assert_eq!(none.unwrap_err(), DetectError::NoText);
    let prose = detect(
        &text_lines("Dear members,\n\nThis is a letter about the rules."),
        &DetectedMeta::default(),
    );
    assert_eq!(prose.unwrap_err(), DetectError::NoNumbering);
    let sections = detect(&text_lines("1. One.\n\n2. Two."), &DetectedMeta::default());
    assert_eq!(sections.unwrap_err(), DetectError::NoChapter);
}

#[test]
fn list_numbering_gives_the_paragraph_its_number() {
    let mut lines = vec![
        SourceLine::new(1, 1, "Rule Book 2024").paragraph(),
        SourceLine::new(1, 2, "Chapter 1. Rules").paragraph(),
        SourceLine::new(1, 3, "Name and objects").paragraph(),
        SourceLine::new(1, 4, "This organisation shall be known as the Party.").paragraph(),
        SourceLine::new(1, 5, "").paragraph(),
        SourceLine::new(1, 6, "trade unions;").paragraph(),
    ];
    lines[2].list_label = Some("Clause I.".into());
    lines[3].list_label = Some("1.".into());
    lines[4].list_label = Some("2.".into());
    lines[5].list_label = Some("A.".into());
    let d = detect(&lines, &DetectedMeta::default()).unwrap();
    assert_eq!(
        outline(&d),
        [
            "1 [Rules]",
            "1.I [Name and objects]",
            "1.I.1 This organisation shall be known as the Party.",
            "1.I.2",
            "1.I.2.A trade unions;",
        ]
    );
}

/// Words for generated text: ordinary ones and long ones that get hyphenated.
const WORDS: [&str; 16] = [
    "members",
    "party",
    "shall",
    "the",
    "conference",
    "rules",
    "be",
    "of",
    "and",
    "elected",
    "constitutional",
    "representatives",
    "administrative",
    "organisations",
    "within",
    "year",
];

fn sentence() -> impl Strategy<Value = String> {
    (proptest::collection::vec(0..WORDS.len(), 1..24), 0u8..3).prop_map(|(words, end)| {
        let mut text: String = words
            .iter()
            .map(|&w| WORDS[w])
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(first) = text.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        text.push(['.', ';', ':'][usize::from(end)]);
        text
    })
}

fn heading() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..WORDS.len(), 0..4).prop_map(|words| {
        let mut text: String = words
            .iter()
            .map(|&w| WORDS[w])
            .chain(["rules"])
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(first) = text.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        text
    })
}

/// A generated book with texts and headings a printed Rule Book would have: sentences ending
/// in punctuation, short headings without it.
fn printable_book() -> impl Strategy<Value = RuleBook> {
    (
        arb_rulebook(),
        proptest::collection::vec(proptest::collection::vec(sentence(), 1..3), 1..12),
        proptest::collection::vec(heading(), 1..6),
    )
        .prop_map(|(mut book, texts, headings)| {
            book.meta.title = "Rule Book 2030".into();
            book.meta.year = 2030;
            book.meta.published = None;
            book.meta.conference = None;
            for (i, node) in book.nodes.iter_mut().enumerate() {
                if !node.text.is_empty() {
                    // Each text gets words of its own, every few words, as real rules differ
                    // from each other line by line.
                    let own: String = format!("zq{i:x}")
                        .chars()
                        .map(|c| (b'g' + c.to_digit(16).unwrap_or(0) as u8) as char)
                        .collect();
                    node.text = texts[i % texts.len()]
                        .iter()
                        .map(|t| {
                            let words: Vec<&str> = t.split(' ').collect();
                            let mut out = Vec::new();
                            if words.len() == 1 {
                                out.push(format!("{own}z"));
                            }
                            for (k, w) in words.iter().enumerate() {
                                out.push((*w).to_owned());
                                if (k % 3 == 0 || k + 2 == words.len()) && k + 1 < words.len() {
                                    out.push(format!(
                                        "{own}{}",
                                        (b'a' + (k / 3 % 26) as u8) as char
                                    ));
                                }
                            }
                            out.join(" ")
                        })
                        .collect::<Vec<_>>()
                        .join("\n\n");
                }
                if node.heading.is_some() {
                    node.heading = Some(headings[i % headings.len()].clone());
                }
            }
            book
        })
}

const LAYOUTS: [Layout; 4] = [
    Layout {
        width: 72,
        lines: 40,
        columns: 1,
        numbers_alone: false,
        two_line_chapters: true,
        hyphenate: false,
        furniture: true,
        paragraph_breaks: true,
    },
    Layout {
        width: 38,
        lines: 50,
        columns: 2,
        numbers_alone: false,
        two_line_chapters: false,
        hyphenate: true,
        furniture: true,
        paragraph_breaks: true,
    },
    Layout {
        width: 60,
        lines: 30,
        columns: 1,
        numbers_alone: true,
        two_line_chapters: true,
        hyphenate: false,
        furniture: true,
        paragraph_breaks: true,
    },
    Layout {
        width: 80,
        lines: 1000,
        columns: 1,
        numbers_alone: false,
        two_line_chapters: false,
        hyphenate: true,
        furniture: false,
        paragraph_breaks: false,
    },
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn rendered_books_are_detected_back(book in printable_book(), layout in 0usize..LAYOUTS.len()) {
        let lines = render(&book, LAYOUTS[layout]);
        let given = DetectedMeta { title: Some(book.meta.title.clone()), year: Some(2030), ..DetectedMeta::default() };
        let d = detect(&lines, &given).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let detected = d.to_rulebook().map_err(|e| TestCaseError::fail(format!("{e:#?}")))?;
        let (got, want) = (export_rulebook(&detected), export_rulebook(&book));
        if let Some(k) = got.lines().zip(want.lines()).position(|(g, w)| g != w) {
            let g: Vec<&str> = got.lines().skip(k).take(3).collect();
            let w: Vec<&str> = want.lines().skip(k).take(3).collect();
            let first = w.first().copied().unwrap_or("").trim_start_matches('#').trim();
            let near: Vec<String> = lines
                .iter()
                .skip_while(|l| !l.text.starts_with(first.split(' ').next().unwrap_or("")))
                .take(6)
                .map(|l| format!("{:?} {:?} short={} {}", l.at, l.starts, l.ends_short, l.text))
                .collect();
            prop_assert!(false, "layout {layout}: got {g:?}\nwant {w:?}\n{}", near.join("\n"));
        }
        prop_assert_eq!(got, want);
        // Only judgement calls remain, never a guess left unsaid: an ambiguous i/I or a
        // hyphen the text cannot vouch for.
        for u in d.uncertainties() {
            prop_assert!(matches!(u.issue, Issue::AmbiguousLabel { .. } | Issue::Hyphenation { .. }), "{:?}", u);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}", pages in proptest::collection::vec("(Chapter|Clause|Part|Appendix)? ?[0-9IVXivxA-C]{0,3}[.:]? ?[a-z ]{0,20}|[¹²0-9]{1,3} note|\\PC{0,30}", 0..40)) {
        let mut lines = text_lines(&text);
        lines.extend(pages.iter().enumerate().map(|(i, t)| {
            let mut l = SourceLine::new(1 + i as u32 / 7, i as u32 % 7 + 1, t.clone());
            l.size = if i % 7 == 6 { 8.0 } else { 10.0 };
            l
        }));
        if let Ok(d) = detect(&lines, &DetectedMeta::default()) {
            let _ = d.to_rulebook();
            for u in d.uncertainties() {
                prop_assert!(!u.message.is_empty());
            }
        }
    }
}
