//! The structure detector: source lines in reading order → the rule tree, with an
//! uncertainty wherever the numbering does not say unambiguously what a line is.
//!
//! 1. Page furniture goes ([`super::pages`]): running headers and footers, page numbers;
//!    footnotes are set aside.
//! 2. Everything before the first chapter or appendix heading that is not an entry of the
//!    contents (no page number at its end) is the cover and the contents: the cover gives the
//!    title, year, publication date and conference; other text there is reported.
//! 3. Each paragraph that starts with a keyword heading (`Chapter 2`, `Part A`, `Clause IV`)
//!    or a bare label (`1.`, `B.`, `iv.`) starts a node. A bare label can be several kinds
//!    (`I.` is sub-section I or, mis-cased, item i): the reading that continues the numbering
//!    of an open node, or starts the first child of the deepest one, wins; when two readings
//!    fit, or only a mis-cased one, it is reported. Other lines continue the current paragraph,
//!    or start a new paragraph of the current node; a word broken at a line end is joined.
//! 4. Footnotes go to the node whose text carries their marker.

use crate::domain::numbering::NodeKind;

use super::detected::{DetectedMeta, DetectedNode, Detection, Issue, Paragraph, Removed, Segment};
use super::footnotes::attach_footnotes;
use super::front::{first_chapter, front_matter};
use super::join::{Vocabulary, join_hyphen, superscripts_to_markers};
use super::labels::{
    KeywordHeading, bare_label, keyword_heading, looks_like_heading, may_start_heading, readings,
};
use super::pages::{Role, clean};
use super::source::{Break, LineRef, SourceLine};

/// Why nothing could be detected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum DetectError {
    /// No text at all.
    #[error("the document has no text")]
    NoText,
    /// Text, but no numbering of any kind.
    #[error(
        "no numbering found: a Rule Book's rules start with numbers ('Chapter 1', 'Clause I.', \
         '1.', 'A.', 'i.'), and this text has none"
    )]
    NoNumbering,
    /// Numbered text, but no chapter or appendix heading to place it under.
    #[error(
        "no chapter or appendix heading found ('Chapter 1 …', 'Appendix 1 …'): the rules need \
         their chapters; import the whole Rule Book"
    )]
    NoChapter,
}

/// A body line after page furniture, with its text ready to read.
pub(super) struct Line<'a> {
    pub source: &'a SourceLine,
    /// Text with the list-numbering label in front and superscript markers rewritten.
    pub text: String,
    /// Whether it starts a paragraph: the reader's word, except that the first line on a page
    /// may always go on from the page before (the space above it was the header's).
    pub starts: Break,
}

/// Detects the rule tree in `lines` (in reading order). `given` fills in, and wins over, what
/// the cover says about the edition.
pub fn detect(lines: &[SourceLine], given: &DetectedMeta) -> Result<Detection, DetectError> {
    if lines
        .iter()
        .all(|l| l.text.trim().is_empty() && l.list_label.is_none())
    {
        return Err(DetectError::NoText);
    }
    let cleaned = clean(lines);
    let mut detection = Detection {
        removed: cleaned.removed,
        ..Detection::default()
    };
    for r in &detection.removed {
        match r.why {
            Removed::RunningHeader => detection.counts.running_headers += 1,
            Removed::PageNumber => detection.counts.page_numbers += 1,
            _ => {}
        }
    }
    let mut body: Vec<Line> = Vec::new();
    let mut notes_raw: Vec<(String, LineRef, String, usize)> = Vec::new();
    for (index, role) in cleaned.kept {
        let source = &lines[index];
        let text = match &source.list_label {
            Some(label) => format!("{} {}", label.trim(), source.text.trim()),
            None => source.text.trim().to_owned(),
        };
        let text = superscripts_to_markers(&text);
        match role {
            Role::Body => {
                if let Some((marker, note)) = footnote_definition(&text) {
                    notes_raw.push((marker, source.at, note, body.len()));
                } else {
                    let new_page = body
                        .last()
                        .is_some_and(|l: &Line| l.source.at.page != source.at.page);
                    let starts = if new_page
                        && source.starts == Break::Paragraph
                        && source.list_label.is_none()
                        && source.footnote.is_none()
                        && source.size > 0.0
                    {
                        Break::Unknown
                    } else {
                        source.starts
                    };
                    body.push(Line {
                        source,
                        text,
                        starts,
                    });
                }
            }
            Role::FootnoteStart(marker) => {
                let note = strip_marker(&text, &marker);
                notes_raw.push((marker, source.at, note, body.len()));
            }
            Role::FootnoteMore => {
                if let Some(last) = notes_raw.last_mut() {
                    let (joined, _) = join_hyphen(&last.2, &text, None);
                    last.2 = joined;
                }
            }
        }
    }
    let Some(first) = first_chapter(&body) else {
        let numbered = body
            .iter()
            .any(|l| bare_label(&l.text).is_some() || keyword_heading(&l.text).is_some());
        return Err(if numbered {
            DetectError::NoChapter
        } else {
            DetectError::NoNumbering
        });
    };
    front_matter(&body[..first], &body[first], &mut detection);
    let vocabulary = Vocabulary::of(body[first..].iter().map(|l| l.text.as_str()));
    let mut builder = Builder {
        detection,
        vocabulary,
        open: Vec::new(),
        pending_title: false,
        last: None,
        tentative: None,
    };
    for line in &body[first..] {
        builder.line(line);
    }
    let mut detection = builder.detection;
    unfinished_headings(&mut detection);
    attach_footnotes(&mut detection, notes_raw, &body[first..]);
    for (field, value) in [("title", &given.title), ("published", &given.published)] {
        if let Some(value) = value {
            match field {
                "title" => detection.meta.title = Some(value.clone()),
                _ => detection.meta.published = Some(value.clone()),
            }
        }
    }
    if given.year.is_some() {
        detection.meta.year = given.year;
    }
    if given.conference.is_some() {
        detection.meta.conference = given.conference;
    }
    Ok(detection)
}

/// `[^1]: text` at the start of a paragraph: a footnote written out.
fn footnote_definition(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix("[^")?;
    let (marker, rest) = rest.split_once("]:")?;
    (!marker.is_empty() && !marker.contains(char::is_whitespace))
        .then(|| (marker.to_owned(), rest.trim().to_owned()))
}

fn strip_marker(text: &str, marker: &str) -> String {
    let t = text.trim_start();
    let t = t
        .strip_prefix(&format!("[^{marker}]"))
        .or_else(|| t.strip_prefix(marker))
        .unwrap_or(t);
    t.trim_start_matches([':', '.', ' ']).trim().to_owned()
}

pub(super) fn short(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Builds the nodes line by line.
struct Builder {
    detection: Detection,
    vocabulary: Vocabulary,
    /// Indices of the open nodes, outermost first (strictly increasing heading levels).
    open: Vec<usize>,
    /// The last node was a keyword heading with no title yet ("Chapter 2" alone).
    pending_title: bool,
    /// The last line read, for paragraph breaks: whether it ended short and its text.
    last: Option<(bool, String, f32)>,
    /// A heading read from a line that may instead be the first line of the node's text; the
    /// next line decides (it goes on with the same paragraph: it was text).
    tentative: Option<Tentative>,
}

/// A heading taken on trust until the next line: if that line goes on with the same paragraph,
/// the "heading" was the start of the node's text.
struct Tentative {
    /// The node's index.
    node: usize,
    /// Its heading and printed form before the tentative lines.
    before: Option<String>,
    printed: String,
    /// The tentative lines: where each was and its text.
    lines: Vec<(LineRef, String)>,
}

/// How a bare label fits the numbering.
struct Placement {
    kind: NodeKind,
    ordinal: u32,
}

impl Builder {
    fn note(&mut self, at: LineRef, node: Option<u32>, issue: Issue, message: String) {
        self.detection.add_note(at, node, issue, message);
    }

    fn line(&mut self, line: &Line) {
        let source = line.source;
        let text = line.text.as_str();
        let previous = self
            .last
            .replace((source.ends_short, text.to_owned(), source.size));
        let tentative = self.tentative.take();
        let starts = match line.starts {
            Break::Paragraph => Some(true),
            Break::Continues => Some(false),
            Break::Unknown => None,
        };
        if starts != Some(false) {
            if let Some(h) = keyword_heading(text) {
                self.keyword(line, h);
                return;
            }
            if let Some(label) = bare_label(text)
                && self.bare(line, &label.printed, &label.rest, starts == Some(true))
            {
                return;
            }
        } else if let Some(label) = bare_label(text)
            && previous
                .as_ref()
                .is_some_and(|(_, prev, _)| prev.trim_end().ends_with(['.', ';', ':']))
            && self.continues_numbering(&label.printed)
        {
            // The reader saw no paragraph break, but the line before ended a sentence and this
            // one carries the next number of an open sequence: a new rule.
            self.bare(line, &label.printed, &label.rest, false);
            return;
        }
        if self.take_title(line, starts, previous.as_ref(), tentative.as_ref()) {
            return;
        }
        let new_paragraph = match starts {
            Some(s) => s,
            // A page or column break, or a line after a short one: a new paragraph if the line
            // before ended short on a full stop (or colon, semicolon).
            None => previous.as_ref().is_some_and(|(short, prev, _)| {
                *short && prev.trim_end().ends_with(['.', ':', ';'])
            }),
        };
        // A heading line is short; the line after it goes on with it only if the reader says
        // so (or the heading line ran to the margin after all).
        let goes_on =
            starts == Some(false) || (starts.is_none() && !previous.as_ref().is_some_and(|p| p.0));
        if let Some(t) = tentative
            && !new_paragraph
            && goes_on
            && t.node + 1 == self.detection.nodes.len()
            && self.detection.nodes[t.node].paragraphs.is_empty()
        {
            // The "heading" goes on into this line: it was the start of the text.
            let node = &mut self.detection.nodes[t.node];
            node.heading = t.before;
            node.printed = t.printed;
            for (i, (at, piece)) in t.lines.iter().enumerate() {
                self.push_text(*at, piece, i == 0);
            }
            self.push_text(source.at, text, false);
            return;
        }
        self.push_text(source.at, text, new_paragraph);
    }

    /// A keyword heading starts a node; a chapter heading with no title takes the next line.
    fn keyword(&mut self, line: &Line, h: KeywordHeading) {
        let at = line.source.at;
        let printed = match &h.rest {
            Some(rest) => line.text.strip_suffix(rest.as_str()).unwrap_or(&line.text),
            None => line.text.as_str(),
        }
        .trim()
        .to_owned();
        let id = self.push_node(h.kind, h.label.clone(), h.rest.clone(), at, printed, false);
        if h.restyled {
            self.note(
                at,
                Some(id),
                Issue::LabelStyle {
                    printed: line
                        .text
                        .split_whitespace()
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(" "),
                    read_as: h.kind,
                },
                format!(
                    "'{}' read as {} {}",
                    short(&line.text),
                    crate::domain::rulebook::tree::kind_name(h.kind),
                    h.label
                ),
            );
        }
        // "Chapter 2" alone takes its title from the next line; a heading that ran to the end
        // of its line may go on on the next.
        // With type sizes known, a line in the heading's own size goes on with it even after a
        // short line (a long word carried over).
        self.pending_title = (h.rest.is_none() && !h.punctuated)
            || !line.source.ends_short
            || (h.rest.is_some() && line.source.size > 0.0);
    }

    /// A chapter's title on the line after "Chapter 2", or the rest of a heading that did not
    /// fit on its line, taken on trust until the next line (see [`Tentative`]). Returns whether
    /// the line was taken.
    fn take_title(
        &mut self,
        line: &Line,
        starts: Option<bool>,
        previous: Option<&(bool, String, f32)>,
        tentative: Option<&Tentative>,
    ) -> bool {
        if !std::mem::take(&mut self.pending_title) {
            return false;
        }
        let Some(index) = self.detection.nodes.len().checked_sub(1) else {
            return false;
        };
        let node = &self.detection.nodes[index];
        if !node.paragraphs.is_empty() {
            return false;
        }
        let piece = line.text.trim();
        let heading = match &node.heading {
            Some(h) => {
                // The rest of a wrapped heading: the reader says the line goes on, or it is in
                // the same (known) type.
                let same_size = previous.is_some_and(|(_, _, size)| {
                    *size > 0.0 && (line.source.size - size).abs() < 0.5
                });
                let broken = h.ends_with(['-', '\u{ad}']);
                if !(starts == Some(false) || (starts.is_none() && (same_size || broken))) {
                    return false;
                }
                join_hyphen(h, piece, Some(&self.vocabulary)).0
            }
            // A title that wraps goes on on the next line (decided there).
            None if line.source.ends_short || may_start_heading(piece) => piece.to_owned(),
            None => return false,
        };
        let complete = looks_like_heading(&heading);
        if !complete && (line.source.ends_short || !may_start_heading(&heading)) {
            return false;
        }
        let node = &mut self.detection.nodes[index];
        let mut t = match tentative {
            Some(t) if t.node == index => Tentative {
                node: index,
                before: t.before.clone(),
                printed: t.printed.clone(),
                lines: t.lines.clone(),
            },
            _ => Tentative {
                node: index,
                before: node.heading.clone(),
                printed: node.printed.clone(),
                lines: Vec::new(),
            },
        };
        t.lines.push((line.source.at, piece.to_owned()));
        node.heading = Some(heading);
        node.printed.push(' ');
        node.printed.push_str(piece);
        self.pending_title = !line.source.ends_short;
        self.tentative = Some(t);
        true
    }

    /// A bare label: places it, or returns false when the line should be read as text.
    fn bare(&mut self, line: &Line, printed: &str, rest: &str, known_start: bool) -> bool {
        let at = line.source.at;
        let options = readings(printed);
        let fits: Vec<(usize, Placement, bool)> = options
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                self.fits(r.kind, r.ordinal).then_some((
                    i,
                    Placement {
                        kind: r.kind,
                        ordinal: r.ordinal,
                    },
                    r.exact,
                ))
            })
            .collect();
        let exact: Vec<&(usize, Placement, bool)> = fits.iter().filter(|f| f.2).collect();
        let inexact: Vec<&(usize, Placement, bool)> = fits.iter().filter(|f| !f.2).collect();
        let (chosen, issue) = if let Some(first) = exact.first() {
            let other = exact.get(1).or(inexact.first());
            let issue = other.map(|o| Issue::AmbiguousLabel {
                printed: printed.to_owned(),
                read_as: first.1.kind,
                other: o.1.kind,
            });
            (
                Placement {
                    kind: first.1.kind,
                    ordinal: first.1.ordinal,
                },
                issue,
            )
        } else if let Some(first) = inexact.first() {
            let issue = Issue::LabelStyle {
                printed: printed.to_owned(),
                read_as: first.1.kind,
            };
            (
                Placement {
                    kind: first.1.kind,
                    ordinal: first.1.ordinal,
                },
                Some(issue),
            )
        } else {
            if !known_start {
                // A number at the start of a line that may be running text ("… under Chapter
                // / 2. …"): read as text, and say so.
                self.note(
                    at,
                    self.detection.nodes.last().map(|n| n.id),
                    Issue::NumberReadAsText {
                        printed: printed.to_owned(),
                    },
                    format!(
                        "'{printed}.' starts a line but does not fit the numbering here; read as \
                         text continuing the paragraph"
                    ),
                );
                return false;
            }
            let Some(r) = options.first() else {
                return false;
            };
            // Out of order: kept as printed; the numbering check reports it.
            (
                Placement {
                    kind: r.kind,
                    ordinal: r.ordinal,
                },
                None,
            )
        };
        let label = chosen.kind.label_style().label(chosen.ordinal);
        let heading_like = if line.source.ends_short {
            looks_like_heading(rest)
        } else {
            may_start_heading(rest)
        };
        let (heading, text) = if !rest.is_empty() && heading_like {
            (Some(rest.to_owned()), "")
        } else {
            (None, rest)
        };
        let printed_text = match &heading {
            Some(h) => format!("{printed}. {h}"),
            None => format!("{printed}."),
        };
        let tentative = heading.is_some();
        let id = self.push_node(
            chosen.kind,
            label.clone(),
            heading,
            at,
            printed_text,
            !known_start,
        );
        if tentative {
            self.tentative = Some(Tentative {
                node: self.detection.nodes.len() - 1,
                before: None,
                printed: format!("{printed}."),
                lines: vec![(at, rest.to_owned())],
            });
            self.pending_title = !line.source.ends_short;
        }
        if !text.is_empty() {
            self.push_text(at, text, true);
        }
        if let Some(issue) = issue {
            let message = match &issue {
                Issue::AmbiguousLabel { read_as, other, .. } => format!(
                    "'{printed}.' could be {} or {}; read as {} {label}",
                    kind_a(*read_as),
                    kind_a(*other),
                    crate::domain::rulebook::tree::kind_name(*read_as)
                ),
                _ => format!(
                    "'{printed}.' is not written as {} numbers are; read as {} {label}",
                    crate::domain::rulebook::tree::kind_name(chosen.kind),
                    crate::domain::rulebook::tree::kind_name(chosen.kind)
                ),
            };
            self.note(at, Some(id), issue, message);
        }
        true
    }

    /// Whether a bare label, read in its own style, is the next number of an open node's kind.
    fn continues_numbering(&self, printed: &str) -> bool {
        let nodes = &self.detection.nodes;
        readings(printed)
            .iter()
            .filter(|r| r.exact && r.ordinal > 1)
            .any(|r| {
                self.open.iter().any(|&i| {
                    nodes[i].kind == r.kind
                        && r.kind.label_style().ordinal(&nodes[i].label) == Some(r.ordinal - 1)
                })
            })
    }

    /// Whether a node of `kind` numbered `ordinal` fits here: it continues the numbering of
    /// the open node of its kind, or is the first child of the deepest open node.
    fn fits(&self, kind: NodeKind, ordinal: u32) -> bool {
        let nodes = &self.detection.nodes;
        if let Some(&same) = self.open.iter().find(|&&i| nodes[i].kind == kind) {
            let last = kind.label_style().ordinal(&nodes[same].label).unwrap_or(0);
            if ordinal == last + 1 {
                return true;
            }
        }
        let Some(&deepest) = self.open.last() else {
            return false;
        };
        ordinal == 1
            && nodes[deepest].kind.heading_level() < kind.heading_level()
            && deepest + 1 == nodes.len()
    }

    fn push_node(
        &mut self,
        kind: NodeKind,
        label: String,
        heading: Option<String>,
        at: LineRef,
        printed: String,
        continues: bool,
    ) -> u32 {
        let level = kind.heading_level();
        while self
            .open
            .last()
            .is_some_and(|&o| self.detection.nodes[o].kind.heading_level() >= level)
        {
            self.open.pop();
        }
        let id = self.detection.next_id;
        self.detection.next_id += 1;
        self.open.push(self.detection.nodes.len());
        self.detection.nodes.push(DetectedNode {
            id,
            kind,
            label,
            heading,
            at,
            printed,
            continues,
            paragraphs: Vec::new(),
            footnotes: Vec::new(),
        });
        self.pending_title = false;
        id
    }

    fn push_text(&mut self, at: LineRef, text: &str, new_paragraph: bool) {
        let Some(node) = self.detection.nodes.last_mut() else {
            return;
        };
        let paragraph = match node.paragraphs.last_mut() {
            Some(p) if !new_paragraph => p,
            _ => {
                node.paragraphs.push(Paragraph::default());
                node.paragraphs.last_mut().expect("just pushed")
            }
        };
        let mut space_before = true;
        if let Some(prev) = paragraph.segments.last_mut() {
            let (joined, hyphen) = join_hyphen(&prev.text, text, Some(&self.vocabulary));
            if let Some(hyphen) = hyphen {
                prev.text.truncate(hyphen.cut);
                if hyphen.keep {
                    prev.text.push('-');
                }
                space_before = false;
                self.detection.counts.hyphens += 1;
                if hyphen.unsure {
                    let id = node.id;
                    let word = joined
                        .get(hyphen.word_start..)
                        .and_then(|w| w.split_whitespace().next())
                        .unwrap_or("")
                        .to_owned();
                    self.note(
                        at,
                        Some(id),
                        Issue::Hyphenation {
                            joined: word.clone(),
                        },
                        format!(
                            "a word broken at the end of the line before was joined as '{word}'; \
                             the text never writes it elsewhere, with or without the hyphen"
                        ),
                    );
                }
            }
        }
        let Some(node) = self.detection.nodes.last_mut() else {
            return;
        };
        if let Some(paragraph) = node.paragraphs.last_mut() {
            paragraph.segments.push(Segment {
                at,
                text: text.to_owned(),
                space_before,
            });
        }
    }
}

/// A section, sub-section or item whose "heading" never became one (it ended with "and", or a
/// new rule followed it mid-sentence): it was the start of its text.
fn unfinished_headings(detection: &mut Detection) {
    for node in &mut detection.nodes {
        let bare = matches!(
            node.kind,
            NodeKind::Section | NodeKind::SubSection | NodeKind::Item
        );
        if bare && let Some(h) = node.heading.take_if(|h| !looks_like_heading(h)) {
            node.printed = format!("{}.", node.printed.split('.').next().unwrap_or(""));
            node.paragraphs.insert(
                0,
                Paragraph {
                    segments: vec![Segment {
                        at: node.at,
                        text: h,
                        space_before: true,
                    }],
                },
            );
        }
    }
}

/// "an item", "a sub-section".
fn kind_a(kind: NodeKind) -> String {
    let name = crate::domain::rulebook::tree::kind_name(kind);
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}
