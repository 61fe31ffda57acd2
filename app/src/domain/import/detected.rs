//! What the detector found: the nodes in document order (each with the lines it came from),
//! the footnotes, what was removed, and every uncertainty, with the page and line it is on.
//!
//! The nodes are a flat list, like the headings of the Markdown format: a node's parent is the
//! nearest node before it of a lower heading level ([`NodeKind::heading_level`]). So a fix that
//! changes a node's kind moves it in the tree with no other bookkeeping, and [`Detection::to_rulebook`]
//! is the same nesting the Markdown importer does.

use serde::{Deserialize, Serialize};

use crate::domain::numbering::NodeKind;
use crate::domain::rulebook::tree::kind_name;
use crate::domain::rulebook::{EditionMeta, Node, RuleBook};

use super::source::LineRef;

/// A piece of a paragraph taken from one source line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// The line it came from.
    pub at: LineRef,
    /// Its text, after a line-end hyphen was resolved.
    pub text: String,
    /// Whether a space separates it from the segment before (false after a hyphenated line end).
    pub space_before: bool,
}

/// One paragraph of a node's text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Paragraph {
    /// Its pieces, one per source line.
    pub segments: Vec<Segment>,
}

impl Paragraph {
    /// The paragraph's text on one line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            if segment.space_before && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&segment.text);
        }
        out.trim().to_owned()
    }
}

/// A footnote of a node: its marker (`1` for `[^1]`) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnote {
    /// The marker as written in the node's text, without `[^` and `]`.
    pub marker: String,
    /// Where its text starts.
    pub at: LineRef,
    /// Its text on one line.
    pub text: String,
}

/// A node as detected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectedNode {
    /// Stable id within this detection (survives fixes; not a position).
    pub id: u32,
    /// Kind, as detected or as fixed.
    pub kind: NodeKind,
    /// Label in canonical form (`IV`, `2`, `B`, `iii`).
    pub label: String,
    /// Heading text, if any.
    pub heading: Option<String>,
    /// Where its number is printed.
    pub at: LineRef,
    /// The number and heading as printed ("2.", "Clause IV. Procedural rules"), put back into
    /// the text when a fix merges the node into the one before.
    pub printed: String,
    /// Whether its first line could continue the paragraph before (no paragraph break was
    /// seen), so that a merge joins it to that paragraph.
    pub continues: bool,
    /// Its text, paragraph by paragraph.
    pub paragraphs: Vec<Paragraph>,
    /// Its footnotes, in marker order.
    pub footnotes: Vec<Footnote>,
}

impl DetectedNode {
    /// The node's text as stored: paragraphs separated by a blank line, then each footnote as
    /// a paragraph `[^1]: …` (how the Markdown format keeps footnotes).
    pub fn text(&self) -> String {
        let mut parts: Vec<String> = self
            .paragraphs
            .iter()
            .map(Paragraph::text)
            .filter(|t| !t.is_empty())
            .collect();
        parts.extend(
            self.footnotes
                .iter()
                .map(|f| format!("[^{}]: {}", f.marker, f.text)),
        );
        parts.join("\n\n")
    }

    /// "sub-section B", "clause IV".
    pub fn describe(&self) -> String {
        format!("{} {}", kind_name(self.kind), self.label)
    }
}

/// What the edition says about itself, as far as the cover tells.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DetectedMeta {
    /// "Rule Book 2024"
    pub title: Option<String>,
    /// The edition's year.
    pub year: Option<i32>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The Annual Conference whose changes it contains.
    pub conference: Option<i32>,
}

/// Why a line is not part of any rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Removed {
    /// The cover (pages before the contents or the first chapter).
    Cover,
    /// The contents pages.
    Contents,
    /// A running header or footer, repeated page after page.
    RunningHeader,
    /// A page number.
    PageNumber,
    /// Text before the first chapter that is neither cover nor contents.
    BeforeFirstChapter,
    /// Dropped by a fix.
    ByFix,
}

/// A line that is not in the rule text, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    /// Where it was.
    pub at: LineRef,
    /// Its text.
    pub text: String,
    /// Why it was removed.
    pub why: Removed,
}

/// What a detector is unsure about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
pub enum Issue {
    /// A label that reads as two kinds (`i.` after sub-section H: item i, or sub-section I?).
    AmbiguousLabel {
        /// The label as printed.
        printed: String,
        /// What it was read as.
        read_as: NodeKind,
        /// The other reading.
        other: NodeKind,
    },
    /// A label read in another case or style than printed (`I.` where an item is due,
    /// `Clause 1` for Clause I).
    LabelStyle {
        /// The label as printed.
        printed: String,
        /// What it was read as.
        read_as: NodeKind,
    },
    /// A line that starts like a numbered rule but does not fit the numbering, read as text.
    NumberReadAsText {
        /// The label at the start of the line.
        printed: String,
    },
    /// Numbering that skips, repeats or goes backwards.
    Numbering {
        /// The node's kind.
        kind: NodeKind,
        /// What the number should have been.
        expected: String,
        /// What it is.
        found: String,
    },
    /// A node whose siblings are of another kind (a sub-section among sections' items …).
    MixedKinds {
        /// The parent's description.
        parent: String,
    },
    /// A node with no chapter or appendix above it.
    Orphan,
    /// Text before the first chapter that is not the cover or the contents.
    TextBeforeFirstChapter,
    /// A word broken at a line end whose hyphen could be the word's own or the typesetter's.
    Hyphenation {
        /// The word as joined.
        joined: String,
    },
    /// A footnote whose marker is nowhere in the text, or a marker with no footnote.
    Footnote {
        /// The marker.
        marker: String,
    },
    /// The cover does not say this, and it was not given.
    MissingMeta {
        /// `title` or `year`.
        field: String,
    },
}

/// One uncertainty, with where it is and what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncertainty {
    /// Stable id (for accepting it); structural problems get ids from 1,000,000 up, recomputed.
    pub id: u32,
    /// Where it is.
    pub at: LineRef,
    /// The node it concerns, by id.
    pub node: Option<u32>,
    /// What it is.
    pub issue: Issue,
    /// A sentence for people.
    pub message: String,
}

impl Uncertainty {
    /// Whether accepting it is enough (a judgement call), or the result would not be a valid
    /// Rule Book until it is fixed (numbering, nesting, missing title or year).
    pub fn must_fix(&self) -> bool {
        matches!(
            self.issue,
            Issue::Numbering { .. }
                | Issue::MixedKinds { .. }
                | Issue::Orphan
                | Issue::MissingMeta { .. }
        )
    }
}

/// Counts of what was removed, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RemovedCounts {
    /// Cover lines.
    pub cover: usize,
    /// Contents lines.
    pub contents: usize,
    /// Running header and footer lines.
    pub running_headers: usize,
    /// Page numbers.
    pub page_numbers: usize,
    /// Words joined across a line-end hyphen.
    pub hyphens: usize,
    /// Footnotes moved to their node.
    pub footnotes: usize,
}

/// The detector's result, and the state the review page edits with [`super::Fix`]es.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Detection {
    /// From the cover (or given).
    pub meta: DetectedMeta,
    /// The nodes in document order.
    pub nodes: Vec<DetectedNode>,
    /// Lines that are not rule text and why (cover and contents lines are only counted).
    pub removed: Vec<RemovedLine>,
    /// What was removed, counted.
    pub counts: RemovedCounts,
    /// Judgement calls made while detecting (structural problems are computed, see
    /// [`Detection::uncertainties`]).
    pub notes: Vec<Uncertainty>,
    /// Ids of notes accepted as they are.
    pub accepted: Vec<u32>,
    /// The next node id to hand out.
    pub next_id: u32,
}

/// Structural problem ids start here, so that they never collide with note ids.
pub(crate) const PROBLEM_IDS: u32 = 1_000_000;

impl Detection {
    /// Records a judgement call (a note) and returns its id.
    pub(crate) fn add_note(
        &mut self,
        at: LineRef,
        node: Option<u32>,
        issue: Issue,
        message: String,
    ) -> u32 {
        let id = u32::try_from(self.notes.len()).unwrap_or(u32::MAX - 1) + 1;
        self.notes.push(Uncertainty {
            id,
            at,
            node,
            issue,
            message,
        });
        id
    }

    /// The index of the node with this id.
    pub fn index_of(&self, id: u32) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// Parents by heading level, index for index (`None` for chapters and appendices, and for a
    /// node with nothing above it).
    pub fn parents(&self) -> Vec<Option<usize>> {
        let mut open: Vec<usize> = Vec::new();
        let mut parents = Vec::with_capacity(self.nodes.len());
        for (i, node) in self.nodes.iter().enumerate() {
            let level = node.kind.heading_level();
            while open
                .last()
                .is_some_and(|&o| self.nodes[o].kind.heading_level() >= level)
            {
                open.pop();
            }
            parents.push(open.last().copied());
            open.push(i);
        }
        parents
    }

    /// Every open uncertainty: the notes not yet accepted, then the structural problems of the
    /// nodes as they are now (numbering, nesting), in document order.
    pub fn uncertainties(&self) -> Vec<Uncertainty> {
        let mut out: Vec<Uncertainty> = self
            .notes
            .iter()
            .filter(|n| !self.accepted.contains(&n.id))
            .cloned()
            .collect();
        out.extend(self.structural_problems());
        for field in ["title", "year"] {
            let missing = match field {
                "title" => self.meta.title.is_none(),
                _ => self.meta.year.is_none(),
            };
            if missing {
                out.push(Uncertainty {
                    id: PROBLEM_IDS - 2 + u32::from(field == "year"),
                    at: LineRef { page: 1, line: 1 },
                    node: None,
                    issue: Issue::MissingMeta {
                        field: field.to_owned(),
                    },
                    message: format!(
                        "the cover does not give the edition's {field}; give it with the import"
                    ),
                });
            }
        }
        out.sort_by_key(|u| (u.at, u.id));
        out
    }

    /// Numbering and nesting problems, as the Markdown format would reject them.
    fn structural_problems(&self) -> Vec<Uncertainty> {
        use std::collections::HashMap;
        let parents = self.parents();
        let mut out = Vec::new();
        let mut child_kind: HashMap<Option<usize>, NodeKind> = HashMap::new();
        let mut next: HashMap<(Option<usize>, NodeKind), u32> = HashMap::new();
        for (i, node) in self.nodes.iter().enumerate() {
            let parent = parents[i];
            let mut problem = |issue: Issue, message: String| {
                out.push(Uncertainty {
                    id: PROBLEM_IDS + u32::try_from(i).unwrap_or(u32::MAX - PROBLEM_IDS),
                    at: node.at,
                    node: Some(node.id),
                    issue,
                    message,
                });
            };
            let root = matches!(node.kind, NodeKind::Chapter | NodeKind::Appendix);
            if parent.is_none() && !root {
                problem(
                    Issue::Orphan,
                    format!("{} has no chapter or appendix above it", node.describe()),
                );
                continue;
            }
            if let Some(p) = parent {
                match child_kind.get(&Some(p)) {
                    Some(&kind) if kind != node.kind => {
                        let parent_node = &self.nodes[p];
                        problem(
                            Issue::MixedKinds {
                                parent: parent_node.describe(),
                            },
                            format!(
                                "{} is under {}, which already has {} directly under it",
                                node.describe(),
                                parent_node.describe(),
                                crate::domain::rulebook::tree::kind_plural(kind)
                            ),
                        );
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        child_kind.insert(Some(p), node.kind);
                    }
                }
            }
            let style = node.kind.label_style();
            let expected = next.entry((parent, node.kind)).or_insert(1);
            let ordinal = style.ordinal(&node.label);
            if ordinal != Some(*expected) {
                let expected_label = style.label(*expected);
                problem(
                    Issue::Numbering {
                        kind: node.kind,
                        expected: expected_label.clone(),
                        found: node.label.clone(),
                    },
                    format!(
                        "{} is out of order: expected {} {expected_label}",
                        node.describe(),
                        kind_name(node.kind)
                    ),
                );
            }
            if let Some(n) = ordinal {
                *expected = n + 1;
            }
        }
        out
    }

    /// The detected book as a Rule Book, with `meta` filling in what the cover did not say.
    /// Fails with the open uncertainties that make it invalid (see [`Uncertainty::must_fix`]).
    pub fn to_rulebook(&self) -> Result<RuleBook, Vec<Uncertainty>> {
        let blocking: Vec<Uncertainty> = self
            .uncertainties()
            .into_iter()
            .filter(Uncertainty::must_fix)
            .collect();
        if !blocking.is_empty() {
            return Err(blocking);
        }
        let parents = self.parents();
        let nodes = self
            .nodes
            .iter()
            .zip(parents)
            .map(|(node, parent)| Node {
                kind: node.kind,
                label: node.label.clone(),
                heading: node.heading.clone(),
                text: node.text(),
                parent,
                line: 0,
            })
            .collect();
        Ok(RuleBook {
            meta: EditionMeta {
                title: self.meta.title.clone().unwrap_or_default(),
                year: self.meta.year.unwrap_or_default(),
                published: self.meta.published.clone(),
                conference: self.meta.conference,
            },
            nodes,
        })
    }
}
