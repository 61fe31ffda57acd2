//! What the readers hand the structure detector: the document as lines, each with where it was
//! found (page and line) and what the reader could tell about it (size, indentation, whether it
//! starts a paragraph, a list-numbering label, a footnote body).

use serde::{Deserialize, Serialize};

/// Where a line was found: its page (1-based; 0 when the source has no pages, such as pasted
/// text) and its line on that page (1-based; for a Word document, the paragraph).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineRef {
    /// 1-based page; 0 when unknown.
    pub page: u32,
    /// 1-based line on the page (or paragraph, for a Word document).
    pub line: u32,
}

impl std::fmt::Display for LineRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.page == 0 {
            write!(f, "line {}", self.line)
        } else {
            write!(f, "page {}, line {}", self.page, self.line)
        }
    }
}

/// Whether the reader knows that a line starts a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Break {
    /// A new paragraph starts here (space above it, a blank line before it, a Word paragraph).
    Paragraph,
    /// The line may continue the paragraph before it or start a new one (the first line of a
    /// page or column, a line after a line ending short).
    #[default]
    Unknown,
    /// The line continues the paragraph before it (no space above, the line before ran to the
    /// right margin).
    Continues,
}

/// One line (or, from a Word document, one paragraph) of the source document, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceLine {
    /// Where it is.
    pub at: LineRef,
    /// Its text. A footnote reference is written `[^1]`.
    pub text: String,
    /// Font size in points (0 when unknown); footnotes are told by their smaller size.
    pub size: f32,
    /// Indentation from the left edge of the text column, in points (0 when unknown).
    pub indent: f32,
    /// Whether the line starts a paragraph.
    pub starts: Break,
    /// The line ends well short of the right edge of its column (the last line of a
    /// paragraph, a heading).
    pub ends_short: bool,
    /// The number Word's list numbering gives this paragraph ("1.", "A.", "Clause IV."), which
    /// is not part of its text.
    pub list_label: Option<String>,
    /// The line is (the start of) the body of this footnote, as the reader knows it (a Word
    /// footnote); the detector finds printed footnotes by their size.
    pub footnote: Option<String>,
}

impl SourceLine {
    /// A line with nothing known about it but its text and place.
    pub fn new(page: u32, line: u32, text: impl Into<String>) -> Self {
        SourceLine {
            at: LineRef { page, line },
            text: text.into(),
            size: 0.0,
            indent: 0.0,
            starts: Break::Unknown,
            ends_short: false,
            list_label: None,
            footnote: None,
        }
    }

    /// The same line, known to start a paragraph.
    pub fn paragraph(mut self) -> Self {
        self.starts = Break::Paragraph;
        self
    }
}
