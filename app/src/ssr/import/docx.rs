//! Word documents: the body's paragraphs in order, each a whole line for the detector, with the
//! number Word's list numbering gives it (numbering.xml, through the paragraph's own numbering
//! or its style's), its footnotes (footnotes.xml) after it, and pages counted by the explicit
//! breaks (page breaks, "page break before", section breaks).
//!
//! The archive is read with a bound on what it unpacks to ([`MAX_UNPACKED`]), so a "zip bomb"
//! is refused before it fills memory. List counters follow each list instance (`w:num`), which
//! restarts where it overrides its start; Word's rarer sharing of counters between instances
//! of one abstract list is not followed.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::domain::import::SourceLine;
use crate::domain::numbering::LabelStyle;

use super::{ImportError, attribute, entity};

/// The most the parts read may unpack to, together: 64 MB.
pub const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

/// Reads a Word document into lines, one per paragraph.
pub fn read(bytes: &[u8]) -> Result<Vec<SourceLine>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        ImportError::Unreadable(
            "this file is not a Word document (it is not a readable ZIP archive)".into(),
        )
    })?;
    let mut budget = MAX_UNPACKED;
    let document = part(&mut archive, "word/document.xml", &mut budget)?.ok_or_else(|| {
        ImportError::Unreadable(
            "this ZIP archive is not a Word document (it has no word/document.xml)".into(),
        )
    })?;
    let numbering = part(&mut archive, "word/numbering.xml", &mut budget)?
        .map(|x| Numbering::parse(&x))
        .unwrap_or_default();
    let styles = part(&mut archive, "word/styles.xml", &mut budget)?
        .map(|x| Styles::parse(&x))
        .unwrap_or_default();
    let footnotes = part(&mut archive, "word/footnotes.xml", &mut budget)?
        .map(|x| footnotes(&x))
        .unwrap_or_default();
    body(&document, numbering, &styles, &footnotes)
}

/// One part of the archive as text, counting what it unpacks to against `budget`.
fn part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<String>, ImportError> {
    let bomb = ImportError::ZipBomb {
        limit_mb: (MAX_UNPACKED / (1024 * 1024)) as usize,
    };
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => {
            return Err(ImportError::Unreadable(format!(
                "the Word file's {name} cannot be read"
            )));
        }
    };
    if file.size() > *budget {
        return Err(bomb);
    }
    let mut data = Vec::new();
    // The declared size may lie: read at most the budget and one byte more.
    file.take(*budget + 1)
        .read_to_end(&mut data)
        .map_err(|_| ImportError::Unreadable(format!("the Word file's {name} is damaged")))?;
    if data.len() as u64 > *budget {
        return Err(bomb);
    }
    *budget -= data.len() as u64;
    String::from_utf8(data)
        .map(Some)
        .map_err(|_| ImportError::Unreadable(format!("the Word file's {name} is not UTF-8 XML")))
}

/// One level of a list: how it counts and what it prints.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// numbering.xml: abstract lists and their instances.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abstract_id, mut level, mut num, mut override_level) =
            (None, None::<u8>, None, None::<u8>);
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let val = || attribute(&e, b"val");
                    match e.local_name().as_ref() {
                        b"abstractNum" => abstract_id = attribute(&e, b"abstractNumId"),
                        b"lvl" => level = attribute(&e, b"ilvl").and_then(|v| v.parse().ok()),
                        b"num" => {
                            num = attribute(&e, b"numId");
                            abstract_id = None;
                        }
                        b"abstractNumId" => {
                            if let Some(id) = &num {
                                n.nums.entry(id.clone()).or_default().0 = val().unwrap_or_default();
                            }
                        }
                        b"lvlOverride" => {
                            override_level = attribute(&e, b"ilvl").and_then(|v| v.parse().ok())
                        }
                        b"startOverride" => {
                            if let (Some(id), Some(l), Some(v)) =
                                (&num, override_level, val().and_then(|v| v.parse().ok()))
                            {
                                n.nums.entry(id.clone()).or_default().1.insert(l, v);
                            }
                        }
                        name @ (b"start" | b"numFmt" | b"lvlText") => {
                            if let (Some(a), Some(l)) = (&abstract_id, level) {
                                let entry = n
                                    .abstracts
                                    .entry(a.clone())
                                    .or_default()
                                    .entry(l)
                                    .or_insert(Level {
                                        start: 1,
                                        ..Level::default()
                                    });
                                let v = val().unwrap_or_default();
                                match name {
                                    b"start" => entry.start = v.parse().unwrap_or(1),
                                    b"numFmt" => entry.format = v,
                                    _ => entry.text = v,
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"lvl" => level = None,
                    b"abstractNum" => abstract_id = None,
                    b"num" => num = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        n
    }

    fn level(&self, num: &str, ilvl: u8) -> Option<&Level> {
        let (abstract_id, _) = self.nums.get(num)?;
        self.abstracts.get(abstract_id)?.get(&ilvl)
    }
}

/// Counters of every list instance, and the label each numbered paragraph gets.
#[derive(Default)]
struct Counters {
    by_num: HashMap<String, [Option<u32>; 9]>,
}

impl Counters {
    fn label(&mut self, numbering: &Numbering, num: &str, ilvl: u8) -> Option<String> {
        let ilvl = ilvl.min(8);
        let level = numbering.level(num, ilvl)?;
        if level.format == "bullet" || level.format == "none" {
            return None;
        }
        let overrides = numbering
            .nums
            .get(num)
            .map(|(_, o)| o.clone())
            .unwrap_or_default();
        let counters = self.by_num.entry(num.to_owned()).or_default();
        let start = |l: u8| {
            overrides
                .get(&l)
                .copied()
                .or_else(|| numbering.level(num, l).map(|x| x.start))
                .unwrap_or(1)
        };
        let i = usize::from(ilvl);
        counters[i] = Some(counters[i].map_or(start(ilvl), |c| c + 1));
        for deeper in counters.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        let mut text = level.text.clone();
        for l in 0..=ilvl {
            let value = counters[usize::from(l)].unwrap_or_else(|| start(l));
            let format = numbering
                .level(num, l)
                .map_or("decimal", |x| x.format.as_str());
            text = text.replace(&format!("%{}", l + 1), &format_number(value, format));
        }
        Some(text)
    }
}

/// Runs of spaces as one space; a tab is kept (a contents entry's page number follows one).
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '\t' => {
                if out.ends_with(' ') {
                    out.pop();
                }
                out.push('\t');
            }
            c if c.is_whitespace() => {
                if !out.ends_with([' ', '\t']) {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "upperLetter" => LabelStyle::UpperLetter.label(n),
        "lowerLetter" => LabelStyle::UpperLetter.label(n).to_lowercase(),
        "upperRoman" => LabelStyle::UpperRoman.label(n),
        "lowerRoman" => LabelStyle::LowerRoman.label(n),
        _ => n.to_string(),
    }
}

/// styles.xml: for each paragraph style, its numbering and "page break before", and the style
/// it is based on.
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, StyleProps>,
}

#[derive(Debug, Default, Clone)]
struct StyleProps {
    based_on: Option<String>,
    num: Option<String>,
    ilvl: Option<u8>,
    page_break_before: bool,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut s = Styles::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<String> = None;
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    if name.as_ref() == b"style" {
                        current = attribute(&e, b"styleId");
                        continue;
                    }
                    let Some(id) = &current else { continue };
                    let props = s.styles.entry(id.clone()).or_default();
                    match name.as_ref() {
                        b"basedOn" => props.based_on = attribute(&e, b"val"),
                        b"numId" => props.num = attribute(&e, b"val"),
                        b"ilvl" => props.ilvl = attribute(&e, b"val").and_then(|v| v.parse().ok()),
                        b"pageBreakBefore" => {
                            props.page_break_before =
                                attribute(&e, b"val").is_none_or(|v| v != "0" && v != "false")
                        }
                        _ => {}
                    }
                }
                Event::End(e) if e.local_name().as_ref() == b"style" => current = None,
                Event::Eof => break,
                _ => {}
            }
        }
        s
    }

    /// A style's properties with what it inherits.
    fn resolved(&self, id: &str) -> StyleProps {
        let mut out = StyleProps::default();
        let mut at = Some(id.to_owned());
        for _ in 0..16 {
            let Some(props) = at.as_deref().and_then(|i| self.styles.get(i)) else {
                break;
            };
            out.num = out.num.or_else(|| props.num.clone());
            out.ilvl = out.ilvl.or(props.ilvl);
            out.page_break_before |= props.page_break_before;
            at = props.based_on.clone();
        }
        out
    }
}

/// footnotes.xml: each footnote's text by id.
fn footnotes(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"footnote" => {
                let separator = attribute(&e, b"type").is_some_and(|t| t != "normal");
                current =
                    (!separator).then(|| (attribute(&e, b"id").unwrap_or_default(), String::new()));
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_text = false,
            Event::Empty(e) if e.local_name().as_ref() == b"tab" => {
                if let Some((_, t)) = current.as_mut() {
                    t.push(' ');
                }
            }
            Event::Text(t) if in_text => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t.decode().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&entity(&r));
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"footnote" => {
                if let Some((id, text)) = current.take() {
                    out.insert(id, text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num: Option<String>,
    ilvl: Option<u8>,
    page_break_before: bool,
    breaks_after: u32,
    notes: Vec<String>,
}

fn body(
    xml: &str,
    numbering: Numbering,
    styles: &Styles,
    notes: &HashMap<String, String>,
) -> Result<Vec<SourceLine>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<SourceLine> = Vec::new();
    let mut counters = Counters::default();
    let mut marker_of: HashMap<String, usize> = HashMap::new();
    let (mut page, mut line) = (1u32, 0u32);
    let mut para: Option<Para> = None;
    let mut in_text = false;
    let mut skip = 0u32; // inside deleted text or a field's instructions
    let on = |e: &BytesStart<'_>| attribute(e, b"val").is_none_or(|v| v != "0" && v != "false");
    loop {
        let event = reader.read_event().map_err(|e| {
            ImportError::Unreadable(format!("the Word file's text cannot be read: {e}"))
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                match name.as_ref() {
                    b"p" if !empty => para = Some(Para::default()),
                    b"del" | b"instrText" | b"delText" if !empty => skip += 1,
                    b"t" if !empty => in_text = true,
                    _ => {}
                }
                let Some(p) = para.as_mut() else { continue };
                match name.as_ref() {
                    b"pStyle" => p.style = attribute(e, b"val"),
                    b"numId" => p.num = attribute(e, b"val"),
                    b"ilvl" => p.ilvl = attribute(e, b"val").and_then(|v| v.parse().ok()),
                    b"pageBreakBefore" => p.page_break_before = on(e),
                    b"sectPr" => p.breaks_after += 1,
                    b"tab" if skip == 0 => p.text.push('\t'),
                    b"br" if skip == 0 => {
                        if attribute(e, b"type").as_deref() == Some("page") {
                            p.breaks_after += 1;
                        }
                        p.text.push(' ');
                    }
                    b"noBreakHyphen" if skip == 0 => p.text.push('-'),
                    b"footnoteReference" => {
                        if let Some(id) = attribute(e, b"id") {
                            let n = marker_of.len() + 1;
                            let n = *marker_of.entry(id.clone()).or_insert(n);
                            p.text.push_str(&format!("[^{n}]"));
                            p.notes.push(id);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&t.decode().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&entity(&r));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"del" | b"instrText" | b"delText" => skip = skip.saturating_sub(1),
                b"p" => {
                    if let Some(p) = para.take() {
                        let style = p
                            .style
                            .as_deref()
                            .map(|s| styles.resolved(s))
                            .unwrap_or_default();
                        if (p.page_break_before || style.page_break_before) && line > 0 {
                            page += 1;
                            line = 0;
                        }
                        let num = p.num.clone().or(style.num);
                        let ilvl = p.ilvl.or(style.ilvl).unwrap_or(0);
                        let label = num
                            .filter(|n| n != "0")
                            .and_then(|n| counters.label(&numbering, &n, ilvl));
                        let text = p.text.replace('\u{ad}', "");
                        if !text.trim().is_empty() || label.is_some() {
                            line += 1;
                            let mut source =
                                SourceLine::new(page, line, collapse_spaces(&text)).paragraph();
                            source.ends_short = true;
                            source.list_label = label;
                            out.push(source);
                            for id in &p.notes {
                                let Some(note) = notes.get(id) else { continue };
                                line += 1;
                                let mut source =
                                    SourceLine::new(page, line, note.clone()).paragraph();
                                source.ends_short = true;
                                source.footnote = marker_of.get(id).map(ToString::to_string);
                                out.push(source);
                            }
                        }
                        if p.breaks_after > 0 && line > 0 {
                            page += p.breaks_after;
                            line = 0;
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}
