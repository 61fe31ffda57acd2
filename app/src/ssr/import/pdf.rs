//! PDFs as published: poppler's `pdftotext -bbox` gives every word with its box; this module
//! builds the lines from the boxes (words on one baseline, left to right), finds a second
//! column by the gutter no word crosses, and tells the detector each line's type size, whether
//! it starts a paragraph (the space above it) and whether it ends short. A superscript number
//! right after a word is a footnote reference, written `[^1]`.
//!
//! Why pdftotext and not a Rust crate: see `docs/importing.md` (it keeps dot leaders and page
//! numbers, separates superscripts, and is several times faster on our fixtures).

use std::io::Write as _;
use std::process::{Command, Stdio};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::domain::import::{Break, SourceLine};

use super::{ImportError, attribute, entity};

/// One word and its box (points, origin at the top left).
#[derive(Debug, Clone)]
struct Word {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: String,
}

impl Word {
    fn height(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// Reads a PDF into lines, page by page in reading order.
pub fn read(bytes: &[u8]) -> Result<Vec<SourceLine>, ImportError> {
    let xhtml = bbox(bytes)?;
    let pages = parse_bbox(&xhtml)?;
    if pages.iter().all(|(_, words)| words.is_empty()) {
        return Err(ImportError::NoTextLayer);
    }
    let mut out = Vec::new();
    for (index, (width, words)) in pages.into_iter().enumerate() {
        page_lines(
            u32::try_from(index + 1).unwrap_or(u32::MAX),
            width,
            words,
            &mut out,
        );
    }
    Ok(out)
}

/// Runs `pdftotext -bbox` on the PDF (through a private temporary file: pdftotext cannot read
/// a pipe) and returns its XHTML.
fn bbox(bytes: &[u8]) -> Result<String, ImportError> {
    let path = std::env::temp_dir().join(format!(
        "redline-import-{}-{}.pdf",
        std::process::id(),
        unique()
    ));
    let written = std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&path);
        return Err(ImportError::Unreadable(format!(
            "cannot stage the PDF for reading: {e}"
        )));
    }
    let output = Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8", "-bbox"])
        .arg(&path)
        .arg("-")
        .stdin(Stdio::null())
        .output();
    let _ = std::fs::remove_file(&path);
    let output = match output {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ImportError::ToolMissing),
        Err(e) => {
            return Err(ImportError::Unreadable(format!(
                "cannot run pdftotext: {e}"
            )));
        }
    };
    if !output.status.success() {
        // Exit status 1: the file could not be opened; 3: permissions. With `-q` the reason is
        // not printed, so ask again for it.
        return Err(if is_encrypted(bytes) {
            ImportError::Encrypted
        } else {
            ImportError::Unreadable(
                "this file is not a readable PDF (it may be damaged or cut short)".into(),
            )
        });
    }
    String::from_utf8(output.stdout)
        .map_err(|_| ImportError::Unreadable("pdftotext gave text that is not UTF-8".into()))
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::from(d.subsec_nanos()));
    nanos ^ (NEXT.fetch_add(1, Ordering::Relaxed) << 32)
}

/// Whether the PDF's trailer names an encryption dictionary.
fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}

/// The pages of pdftotext's XHTML: each page's width and its words.
fn parse_bbox(xhtml: &str) -> Result<Vec<(f32, Vec<Word>)>, ImportError> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<(f32, Vec<Word>)> = Vec::new();
    let mut word: Option<Word> = None;
    let number = |e: &quick_xml::events::BytesStart<'_>, name: &[u8]| -> f32 {
        attribute(e, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"page" => pages.push((number(&e, b"width"), Vec::new())),
                b"word" => {
                    word = Some(Word {
                        x0: number(&e, b"xMin"),
                        y0: number(&e, b"yMin"),
                        x1: number(&e, b"xMax"),
                        y1: number(&e, b"yMax"),
                        text: String::new(),
                    });
                }
                _ => {}
            },
            Ok(Event::Text(t)) => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&t.decode().unwrap_or_default());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&entity(&r));
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == b"word" => {
                if let (Some(w), Some((_, words))) = (word.take(), pages.last_mut())
                    && !w.text.trim().is_empty()
                {
                    words.push(w);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(ImportError::Unreadable(format!(
                    "cannot read the PDF's text layer: {e}"
                )));
            }
        }
    }
    Ok(pages)
}

/// A line being built: its words left to right.
struct Line {
    words: Vec<Word>,
    baseline: f32,
    height: f32,
}

impl Line {
    fn x0(&self) -> f32 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    fn x1(&self) -> f32 {
        self.words.iter().map(|w| w.x1).fold(0.0, f32::max)
    }
    fn y0(&self) -> f32 {
        self.baseline - self.height
    }
}

/// Groups words into lines: sorted by baseline, a word joins the line whose baseline is within
/// half its height (a raised superscript still does).
fn lines_of(words: Vec<Word>) -> Vec<Line> {
    lines_within(words, 0.5)
}

/// [`lines_of`] with the baseline tolerance as a share of the height.
fn lines_within(mut words: Vec<Word>, tolerance: f32) -> Vec<Line> {
    words.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Line> = Vec::new();
    for word in words {
        let fits = lines.last().is_some_and(|l| {
            (word.y1 - l.baseline).abs() < tolerance * l.height.max(word.height())
        });
        if fits && let Some(line) = lines.last_mut() {
            if word.height() > line.height {
                line.height = word.height();
                line.baseline = word.y1;
            }
            line.words.push(word);
        } else {
            lines.push(Line {
                baseline: word.y1,
                height: word.height(),
                words: vec![word],
            });
        }
    }
    for line in &mut lines {
        line.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// The band between two columns, if the page has one: a band in the middle third that no word
/// of the body crosses.
fn gutter(width: f32, words: &[Word]) -> Option<(f32, f32)> {
    if width <= 0.0 || words.len() < 40 {
        return None;
    }
    let bins = width.ceil() as usize + 1;
    let mut cover = vec![0u32; bins];
    for w in words {
        let (a, b) = (
            w.x0.max(0.0) as usize,
            (w.x1.max(0.0) as usize).min(bins - 1),
        );
        for c in cover.iter_mut().take(b + 1).skip(a) {
            *c += 1;
        }
    }
    let (lo, hi) = (
        (width * 0.35) as usize,
        ((width * 0.65) as usize).min(bins - 1),
    );
    // The longest run of the least-crossed bins (a centred header or page number may cross
    // the gutter; the first words of an unindented line in the next column must not widen it).
    let least = *cover.get(lo..=hi)?.iter().min()?;
    let limit = (words.len() / 50).max(2) as u32;
    if least > limit {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    let mut start = None;
    for x in lo..=hi + 1 {
        let low = x <= hi && cover.get(x).is_some_and(|&c| c <= least + 1);
        if low {
            start.get_or_insert(x);
        } else if let Some(s) = start.take()
            && best.is_none_or(|(a, b)| x - s > b - a)
        {
            best = Some((s, x));
        }
    }
    let (a, b) = best?;
    // A real gutter has text on both sides (the second column may be short, at the end of a
    // chapter).
    let mid = (a + b) as f32 / 2.0;
    let left = words.iter().filter(|w| w.x1 < mid).count();
    let right = words.iter().filter(|w| w.x0 > mid).count();
    (b - a >= 8 && left > words.len() / 12 && right > words.len() / 12)
        .then_some((a as f32, b as f32))
}

/// The page's lines in reading order: lines across the gutter above the columns, the left
/// column, the right column, then lines across it below.
fn page_lines(page: u32, width: f32, words: Vec<Word>, out: &mut Vec<SourceLine>) {
    let Some((band_left, band_right)) = gutter(width, &words) else {
        let lines = lines_of(words);
        emit(page, vec![lines], out);
        return;
    };
    // A line whose words meet at the gutter with no more than a word space between them runs
    // across it (a centred header, a page number); any other line is split at the gutter.
    // Lines here are grouped strictly (one baseline), so that a large heading in one column
    // does not take in the other column's lines beside it.
    let mid = (band_left + band_right) / 2.0;
    let (mut left, mut right, mut across) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines_within(words, 0.1) {
        let last_left = line
            .words
            .iter()
            .filter(|w| w.x1 <= mid)
            .map(|w| w.x1)
            .fold(f32::MIN, f32::max);
        let first_right = line
            .words
            .iter()
            .filter(|w| w.x0 >= mid)
            .map(|w| w.x0)
            .fold(f32::MAX, f32::min);
        let crosses = line
            .words
            .iter()
            .any(|w| w.x0 < band_right && w.x1 > band_left);
        let joined = crosses || (first_right - last_left) < line.height;
        if joined {
            across.extend(line.words);
        } else {
            for w in line.words {
                if w.x1 <= mid {
                    left.push(w);
                } else {
                    right.push(w);
                }
            }
        }
    }
    let (left, right) = (lines_of(left), lines_of(right));
    let top = left
        .first()
        .map_or(f32::MAX, Line::y0)
        .min(right.first().map_or(f32::MAX, Line::y0));
    let (above, below): (Vec<Line>, Vec<Line>) = lines_of(across)
        .into_iter()
        .partition(|l| l.baseline <= top);
    emit(page, vec![above, left, right, below], out);
}

/// Turns the page's blocks of lines (columns) into source lines.
fn emit(page: u32, blocks: Vec<Vec<Line>>, out: &mut Vec<SourceLine>) {
    let mut number = 0u32;
    for block in blocks {
        if block.is_empty() {
            continue;
        }
        let left = block.iter().map(Line::x0).fold(f32::MAX, f32::min);
        // The column's right edge: where most lines end (one line running wide must not make
        // every other line look short).
        let mut ends: Vec<f32> = block.iter().map(Line::x1).collect();
        ends.sort_by(f32::total_cmp);
        let right = ends.get(ends.len() * 4 / 5).copied().unwrap_or(0.0);
        let column = (right - left).max(1.0);
        let mut gaps: Vec<f32> = block
            .windows(2)
            .map(|w| w[1].y0() - w[0].baseline)
            .collect();
        gaps.sort_by(f32::total_cmp);
        // The gap between lines of one paragraph: low in the distribution, since short
        // paragraphs (items, sub-sections) make paragraph gaps common.
        let usual = gaps.get(gaps.len() / 5).copied().unwrap_or(0.0);
        let mut previous: Option<&Line> = None;
        for line in &block {
            number += 1;
            let mut source = SourceLine::new(page, number, text_of(line));
            source.size = line.height;
            source.indent = line.x0() - left;
            source.ends_short = right - line.x1() > column * 0.12;
            source.starts = match previous {
                None => Break::Unknown,
                Some(p) => {
                    let gap = line.y0() - p.baseline;
                    if gap > usual + (0.25 * line.height).max(2.0) {
                        Break::Paragraph
                    } else if right - p.x1() > column * 0.12 {
                        Break::Unknown
                    } else {
                        Break::Continues
                    }
                }
            };
            previous = Some(line);
            out.push(source);
        }
    }
}

/// A line's text: words a space apart, except where they touch; a small raised number right
/// after a word is a footnote reference.
fn text_of(line: &Line) -> String {
    let mut text = String::new();
    let mut last: Option<&Word> = None;
    for word in &line.words {
        let raised =
            word.height() < line.height * 0.8 && word.y1 < line.baseline - line.height * 0.12;
        let marker = raised
            && word
                .text
                .chars()
                .all(|c| c.is_ascii_digit() || "*†‡".contains(c))
            && last.is_some_and(|l| word.x0 - l.x1 < 1.5);
        if marker {
            text.push_str("[^");
            text.push_str(&word.text);
            text.push(']');
        } else {
            let touching = last.is_some_and(|l| word.x0 - l.x1 < 0.1 * line.height);
            if !text.is_empty() && !touching {
                text.push(' ');
            }
            text.push_str(&word.text);
        }
        last = Some(word);
    }
    text
}
