//! Test-only: renders a Rule Book as the lines a reader would hand the detector, in a given
//! layout (page size, one or two columns, numbers alone on their line as when hung in the
//! margin, chapter headings over two lines, hyphenation, running headers and page numbers,
//! a cover and a contents page).

use crate::domain::numbering::NodeKind;
use crate::domain::rulebook::RuleBook;

use super::source::{Break, SourceLine};

/// How to lay a book out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Characters per line.
    pub width: usize,
    /// Lines per column.
    pub lines: usize,
    /// Columns per page.
    pub columns: usize,
    /// Numbers of sections, sub-sections and items on a line of their own.
    pub numbers_alone: bool,
    /// "Chapter 2" and its title on two lines.
    pub two_line_chapters: bool,
    /// Long words broken at line ends with a hyphen.
    pub hyphenate: bool,
    /// A running header, page numbers, a cover and a contents page.
    pub furniture: bool,
    /// Whether the reader knows where paragraphs start (a PDF's spacing, a Word paragraph).
    pub paragraph_breaks: bool,
}

struct Out {
    layout: Layout,
    lines: Vec<SourceLine>,
    page: u32,
    column: usize,
    row: usize,
}

impl Out {
    fn new_page(&mut self) {
        if self.layout.furniture && self.page > 0 {
            let page = self.page;
            self.push_raw(format!("{page}"), Break::Paragraph, true);
        }
        self.page += 1;
        self.column = 0;
        self.row = 0;
        if self.layout.furniture {
            self.push_raw("The Party · Rule Book".into(), Break::Paragraph, true);
        }
    }

    fn push_raw(&mut self, text: String, starts: Break, short: bool) {
        let line = self
            .lines
            .iter()
            .rev()
            .take_while(|l| l.at.page == self.page)
            .count() as u32
            + 1;
        let mut l = SourceLine::new(self.page, line, text);
        l.starts = starts;
        l.ends_short = short;
        self.lines.push(l);
    }

    fn push(&mut self, text: String, starts: Break, short: bool) {
        self.push_sized(text, starts, short, 10.0);
    }

    fn push_sized(&mut self, text: String, starts: Break, short: bool, size: f32) {
        if self.row >= self.layout.lines {
            self.column += 1;
            self.row = 0;
            if self.column >= self.layout.columns {
                self.new_page();
            }
        }
        // The first line of a column: the reader cannot tell.
        let starts = if self.row == 0 {
            Break::Unknown
        } else {
            starts
        };
        self.row += 1;
        self.push_raw(text, starts, short);
        if let Some(last) = self.lines.last_mut() {
            last.size = size;
        }
    }

    /// A paragraph, wrapped, in body type.
    fn paragraph(&mut self, text: &str) {
        self.paragraph_sized(text, 10.0);
    }

    /// A heading, wrapped, in larger type.
    fn heading(&mut self, text: &str) {
        self.paragraph_sized(text, 14.0);
    }

    fn paragraph_sized(&mut self, text: &str, size: f32) {
        let width = self.layout.width;
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let room =
                width.saturating_sub(current.chars().count() + usize::from(!current.is_empty()));
            if word.chars().count() <= room {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
                continue;
            }
            let letters = word.chars().all(char::is_alphabetic);
            if self.layout.hyphenate && letters && word.chars().count() >= 8 && room >= 4 {
                let cut = (room - 1).min(word.chars().count() - 3);
                let head: String = word.chars().take(cut).collect();
                let tail: String = word.chars().skip(cut).collect();
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&head);
                current.push('-');
                lines.push(std::mem::take(&mut current));
                current = tail;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            current.push_str(word);
        }
        if !current.is_empty() || lines.is_empty() {
            lines.push(current);
        }
        let breaks = self.layout.paragraph_breaks;
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let starts = match (i, breaks) {
                (0, true) => Break::Paragraph,
                (_, true) => Break::Continues,
                _ => Break::Unknown,
            };
            self.push_sized(line, starts, i + 1 == count, size);
        }
    }
}

/// Renders `book` (whose title is the cover's) in `layout`.
pub fn render(book: &RuleBook, layout: Layout) -> Vec<SourceLine> {
    let mut out = Out {
        layout,
        lines: Vec::new(),
        page: 0,
        column: 0,
        row: 0,
    };
    out.new_page();
    if layout.furniture {
        out.paragraph(&book.meta.title);
        out.new_page();
        out.paragraph("Contents");
        for node in book.nodes.iter().filter(|n| n.parent.is_none()) {
            let heading = node.heading.as_deref().unwrap_or("");
            // A contents entry keeps its dot leader and page number on one line (a right tab).
            let entry = format!("{} {}. {heading} ...... 3", keyword(node.kind), node.label);
            out.push(entry, Break::Paragraph, true);
        }
        out.new_page();
    }
    for node in &book.nodes {
        let heading = node.heading.as_deref();
        match node.kind {
            NodeKind::Chapter | NodeKind::Appendix | NodeKind::Part | NodeKind::Clause => {
                let word = keyword(node.kind);
                match heading {
                    Some(h) if layout.two_line_chapters && node.parent.is_none() => {
                        out.heading(&format!("{word} {}", node.label));
                        out.heading(h);
                    }
                    Some(h) => out.heading(&format!("{word} {}. {h}", node.label)),
                    None => out.heading(&format!("{word} {}.", node.label)),
                }
                for p in node.text.split("\n\n").filter(|p| !p.is_empty()) {
                    out.paragraph(p);
                }
            }
            _ => {
                let label = format!("{}.", node.label);
                let mut paragraphs = node.text.split("\n\n").filter(|p| !p.is_empty());
                match heading {
                    Some(h) => out.paragraph(&format!("{label} {h}")),
                    None if layout.numbers_alone => out.paragraph(&label),
                    None => {
                        let first = paragraphs.next().unwrap_or("");
                        out.paragraph(format!("{label} {first}").trim());
                    }
                }
                let mut first = true;
                for p in paragraphs {
                    if layout.numbers_alone && first && heading.is_none() {
                        // The text goes on from the number on its own line.
                        let before = out.layout.paragraph_breaks;
                        out.layout.paragraph_breaks = false;
                        out.paragraph(p);
                        out.layout.paragraph_breaks = before;
                    } else {
                        out.paragraph(p);
                    }
                    first = false;
                }
            }
        }
    }
    if layout.furniture {
        let page = out.page;
        out.push_raw(format!("{page}"), Break::Paragraph, true);
    }
    out.lines
}

fn keyword(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Chapter => "Chapter",
        NodeKind::Appendix => "Appendix",
        NodeKind::Part => "Part",
        _ => "Clause",
    }
}
