//! DTOs for reading the Rule Book.

use serde::{Deserialize, Serialize};

use crate::domain::diff::DiffSpan;
use crate::domain::numbering::NodeKind;

/// One published edition of the Rule Book, as listed on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionSummary {
    /// The edition's year, which is also its URL segment (`/rules/2024/…`).
    pub year: i32,
    /// "Rule Book 2024"
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published_on: Option<String>,
    /// The Annual Conference whose changes this edition contains.
    pub conference_year: Option<i32>,
    /// How many rule nodes (chapters down to items) the edition has.
    pub node_count: u64,
}

/// One entry of a table of contents (chapters, parts and clauses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// Node key (`2.I`).
    pub key: String,
    /// Kind of node.
    pub kind: NodeKind,
    /// Canonical citation ("Chapter 2, Clause I").
    pub citation: String,
    /// Heading text, if any.
    pub heading: Option<String>,
    /// 1 for chapters and appendices.
    pub depth: i32,
}

/// The table of contents of one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionToc {
    /// The edition shown.
    pub edition: EditionSummary,
    /// Every edition, newest first (for the edition switcher).
    pub editions: Vec<EditionSummary>,
    /// Chapters, parts and clauses in document order.
    pub entries: Vec<TocEntry>,
}

/// One node of rule text as displayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleNode {
    /// Stable identity across editions.
    pub node_id: i32,
    /// Key in this edition (`2.I.4.B`).
    pub key: String,
    /// Kind of node.
    pub kind: NodeKind,
    /// Its own label (`B`).
    pub label: String,
    /// Canonical citation ("Chapter 2, Clause I.4.B").
    pub citation: String,
    /// Heading text, if any.
    pub heading: Option<String>,
    /// The rule text (paragraphs separated by blank lines).
    pub text: String,
    /// Depth in the tree, 1 for chapters.
    pub depth: i32,
    /// Provenance of this text when it was changed by a rule change, in words.
    pub change_note: Option<String>,
}

/// A link up the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    /// Node key.
    pub key: String,
    /// What to show ("Chapter 2", "Clause I", "4").
    pub title: String,
}

/// Where the same node stands in another edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionLink {
    /// Edition year.
    pub year: i32,
    /// The node's key in that edition.
    pub key: String,
}

/// A rule (any node) with everything below it, as it stands in one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    /// The edition shown.
    pub edition: EditionSummary,
    /// The node asked for, then its descendants in document order.
    pub nodes: Vec<RuleNode>,
    /// Ancestors, outermost first.
    pub breadcrumbs: Vec<Crumb>,
    /// Every edition that contains this node (by identity), newest first.
    pub in_editions: Vec<EditionLink>,
    /// Previous and next sibling-or-chapter links for paging through a chapter.
    pub previous: Option<Crumb>,
    /// See `previous`.
    pub next: Option<Crumb>,
}

/// One edition's version of a node in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Edition year.
    pub year: i32,
    /// Edition title.
    pub title: String,
    /// The node's key in that edition.
    pub key: String,
    /// Canonical citation in that edition.
    pub citation: String,
    /// Heading text in that edition.
    pub heading: Option<String>,
    /// Text in that edition.
    pub text: String,
    /// Whether the text differs from the previous edition's (false for the first).
    pub changed: bool,
    /// Whether the number differs from the previous edition's.
    pub renumbered: bool,
    /// Word diff from the previous edition's text, when it changed.
    pub diff: Vec<DiffSpan>,
    /// What changed it, in words ("Imported", "Words substituted by rule change 12 …").
    pub change_note: String,
}

/// A node's history across editions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseHistory {
    /// Citation in the edition the page was opened from.
    pub citation: String,
    /// The edition the page was opened from.
    pub year: i32,
    /// The node's key there.
    pub key: String,
    /// One entry per edition that contains the node.
    pub entries: Vec<HistoryEntry>,
}

/// What happened to one node between two editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareStatus {
    /// Only in the later edition.
    Added,
    /// Only in the earlier edition.
    Removed,
    /// Text changed (maybe renumbered too).
    Changed,
    /// Same text, new number.
    Renumbered,
}

/// One changed node in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareEntry {
    /// What happened.
    pub status: CompareStatus,
    /// Citation in the earlier edition, if it was there.
    pub from_citation: Option<String>,
    /// Citation in the later edition, if it is there.
    pub to_citation: Option<String>,
    /// Key in the later edition (or the earlier, when removed), for links.
    pub key: String,
    /// Word diff of heading and text (all-insert for added, all-delete for removed).
    pub diff: Vec<DiffSpan>,
}

/// Two editions compared, only what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionComparison {
    /// The earlier edition.
    pub from: EditionSummary,
    /// The later edition.
    pub to: EditionSummary,
    /// Chapter key the comparison was limited to, if any.
    pub chapter: Option<String>,
    /// How many nodes were compared (in the later edition's scope).
    pub compared: usize,
    /// Changed nodes in the later edition's order (removed ones where they stood).
    pub entries: Vec<CompareEntry>,
    /// Every edition, for the pickers.
    pub editions: Vec<EditionSummary>,
}

/// A full-text search hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Node key.
    pub key: String,
    /// Canonical citation.
    pub citation: String,
    /// Heading text, if any.
    pub heading: Option<String>,
    /// Excerpt with matches marked by [`HIT_START`] / [`HIT_END`] (rendered as `<mark>`, escaped).
    pub snippet: String,
}

/// Marks the start of a highlighted match inside [`SearchHit::snippet`] (a private-use character,
/// so rule text can never forge one).
pub const HIT_START: char = '\u{E000}';
/// Marks the end of a highlighted match.
pub const HIT_END: char = '\u{E001}';

/// Search results in one edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// The edition searched.
    pub edition: EditionSummary,
    /// Best hits first, at most [`SEARCH_LIMIT`].
    pub hits: Vec<SearchHit>,
}

/// The most hits a search returns.
pub const SEARCH_LIMIT: usize = 50;
