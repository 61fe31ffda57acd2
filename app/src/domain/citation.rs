//! Citations of rules: parsing every real citation style (`2.I.4.B`, `C2.I.4.B`,
//! `Chapter 2, Clause I, subclause 4, (B)`, `Rule 5.4.1`, `Appendix 4.A.iv` …), resolving a
//! citation against one edition's tree, and rendering a node's canonical citation
//! (`Chapter 2, Clause I.4.B`).
//!
//! Parsing is syntax only: a citation is a chapter or appendix number followed by labels, some
//! of them marked as a part or clause by the words around them. Resolution walks the tree level
//! by level, reading each label the ways people write it:
//! - case does not matter (`i.4.b` is `I.4.B`);
//! - an arabic number where a clause is expected means the Roman one (`Rule 5.4.1` is
//!   Chapter 5, Clause IV, section 1) — a reading that costs one point;
//! - a chapter's parts may be left out (`Chapter 4, Clause I` for a clause inside Part A) —
//!   also one point.
//!
//! Of all complete readings, those with the fewest points win; if several nodes remain, the
//! citation is ambiguous. A literal key (`4.I`) therefore always means the node it names.
//!
//! The words a citation may contain (`Chapter`, `cl.`, `sub-clause`, `the`) are one table,
//! [`keywords`], which the renumbering scanner reads running text with too.

pub(crate) mod keywords;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::numbering::{LabelStyle, NodeKind};
use keywords::Means;

/// A node of one edition's tree as the resolver sees it; index-aligned with the edition's nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeNode {
    /// The node's key (`2.I.4.B`, `appendix-4.A.iv`).
    pub key: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Its label (`B`).
    pub label: String,
    /// Index of its parent in the same slice; `None` for chapters and appendices.
    pub parent: Option<usize>,
}

/// A citation as written, read for its syntax only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The citation as typed, trimmed.
    pub text: String,
    /// [`NodeKind::Chapter`] or [`NodeKind::Appendix`].
    pub root_kind: NodeKind,
    /// The chapter or appendix number.
    pub root: u32,
    /// The labels below the chapter or appendix, outermost first.
    pub segments: Vec<Segment>,
}

/// One label of a citation below the chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// The label as written (`I`, `4`, `b`, `iv`).
    pub label: String,
    /// [`NodeKind::Part`] or [`NodeKind::Clause`] when the citation names it so ("Clause I").
    /// Other words ("section", "subclause") are used too loosely in real citations to count.
    pub kind: Option<NodeKind>,
}

/// Why a citation does not name exactly one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CitationError {
    /// Nothing was typed.
    Empty,
    /// The text is not a citation; `message` says what to write instead.
    Unreadable {
        /// One sentence for the member.
        message: String,
    },
    /// No node has this number.
    NotFound {
        /// The citation as typed.
        citation: String,
        /// Canonical citations of up to three nearest real nodes.
        nearest: Vec<String>,
    },
    /// Several nodes fit.
    Ambiguous {
        /// The citation as typed.
        citation: String,
        /// Canonical citations of the nodes it could mean.
        candidates: Vec<String>,
    },
}

impl fmt::Display for CitationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CitationError::Empty => write!(
                f,
                "Type a rule reference, such as “Chapter 2, Clause I.4.B” or “2.I.4.B”."
            ),
            CitationError::Unreadable { message } => f.write_str(message),
            CitationError::NotFound { citation, nearest } => match nearest.as_slice() {
                [] => write!(f, "“{citation}” names no rule in this edition."),
                [one] => write!(
                    f,
                    "“{citation}” names no rule in this edition; the nearest is {one}."
                ),
                many => write!(
                    f,
                    "“{citation}” names no rule in this edition; the nearest are {}.",
                    join_or(many, "and")
                ),
            },
            CitationError::Ambiguous {
                citation,
                candidates,
            } => write!(
                f,
                "“{citation}” could mean {}; write the part or clause out in full to say which.",
                join_or(candidates, "or")
            ),
        }
    }
}

impl std::error::Error for CitationError {}

fn join_or(items: &[String], last_word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {last_word} {last}", init.join(", ")),
    }
}

/// Longest citation read, in characters; longer text is not a citation.
const MAX_CITATION_CHARS: usize = 200;
/// Most labels below the chapter (a tree is at most six levels deep).
const MAX_SEGMENTS: usize = 8;

const EXAMPLE: &str = "“Chapter 2, Clause I.4.B”";

fn unreadable<T>(message: String) -> Result<T, CitationError> {
    Err(CitationError::Unreadable { message })
}

/// A token: a run of ASCII digits or a run of ASCII letters.
#[derive(Debug)]
struct Token<'a> {
    text: &'a str,
    digits: bool,
}

fn tokenize(text: &str) -> Result<Vec<Token<'_>>, CitationError> {
    let mut tokens = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let class = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_ascii_alphabetic() {
            Some(false)
        } else if c.is_alphanumeric() {
            return unreadable(format!(
                "“{c}” is not part of a rule number; write a reference such as {EXAMPLE}."
            ));
        } else {
            None
        };
        match (start, class) {
            (Some((_, d)), Some(now)) if d == now => {}
            (Some((s, d)), _) => {
                tokens.push(Token {
                    text: &text[s..i],
                    digits: d,
                });
                start = class.map(|now| (i, now));
            }
            (None, _) => start = class.map(|now| (i, now)),
        }
    }
    if let Some((s, d)) = start {
        tokens.push(Token {
            text: &text[s..],
            digits: d,
        });
    }
    Ok(tokens)
}

fn is_label_like(token: &Token<'_>) -> bool {
    if token.digits {
        return token.text.len() <= 4;
    }
    let upper = token.text.to_ascii_uppercase();
    token.text.len() <= 2 || LabelStyle::UpperRoman.ordinal(&upper).is_some()
}

fn root_number(token: &Token<'_>) -> Option<u32> {
    if token.digits {
        return LabelStyle::Arabic.ordinal(token.text);
    }
    LabelStyle::UpperRoman.ordinal(&token.text.to_ascii_uppercase())
}

/// Reads a citation's syntax.
///
/// ```
/// use app::domain::citation::parse_citation;
/// use app::domain::numbering::NodeKind;
/// let c = parse_citation("Chapter 6, Clause 1.1, sub-clause B").unwrap();
/// assert_eq!(c.root, 6);
/// let labels: Vec<_> = c.segments.iter().map(|s| (s.label.as_str(), s.kind)).collect();
/// assert_eq!(labels, [("1", Some(NodeKind::Clause)), ("1", None), ("B", None)]);
/// ```
pub fn parse_citation(text: &str) -> Result<Citation, CitationError> {
    let trimmed = text.trim();
    if trimmed.chars().count() > MAX_CITATION_CHARS {
        return unreadable(format!(
            "That is too long for a rule reference; write one such as {EXAMPLE}."
        ));
    }
    let tokens = tokenize(trimmed)?;
    if tokens.is_empty() {
        return Err(CitationError::Empty);
    }
    let lower: Vec<String> = tokens.iter().map(|t| t.text.to_ascii_lowercase()).collect();
    let word = |i: usize| lower.get(i).map(String::as_str).unwrap_or("");
    let means = |i: usize| keywords::typed(word(i));
    let mut i = 0;
    while matches!(means(i), Some(Means::Filler | Means::Rule | Means::Loose)) {
        i += 1;
    }
    let (root_kind, keyworded) = match means(i) {
        Some(Means::Root { kind, .. }) => (kind, true),
        _ => (NodeKind::Chapter, false),
    };
    if keyworded {
        i += 1;
    }
    let root = match tokens.get(i) {
        // After "Chapter" a Roman numeral will do; a bare start must be a number.
        Some(token) if token.digits || keyworded => match root_number(token) {
            Some(n) => n,
            None => {
                let what = if root_kind == NodeKind::Appendix {
                    "an appendix"
                } else {
                    "a chapter"
                };
                return unreadable(format!(
                    "“{}” is not {what} number; write a reference such as {EXAMPLE}.",
                    token.text
                ));
            }
        },
        _ => {
            return unreadable(format!(
                "Start with the chapter or appendix, as in {EXAMPLE} or “Appendix 4.A.iv”."
            ));
        }
    };
    i += 1;
    let mut segments = Vec::new();
    let mut pending: Option<(NodeKind, &str)> = None;
    while let Some(token) = tokens.get(i) {
        let w = word(i);
        i += 1;
        if !token.digits {
            match keywords::typed(w) {
                Some(Means::SubPrefix) => {
                    // "sub-clause", "sub-section", "sub-paragraph": one loose word.
                    if keywords::joins_sub(word(i)) {
                        i += 1;
                    }
                    continue;
                }
                Some(Means::Level(kind)) => {
                    pending = Some((kind, token.text));
                    continue;
                }
                Some(Means::Root { short: false, .. }) => {
                    return unreadable(format!("Cite one rule at a time, as in {EXAMPLE}."));
                }
                Some(Means::Loose | Means::Rule | Means::Filler) => continue,
                Some(Means::Root { short: true, .. }) | None => {}
            }
        }
        if !is_label_like(token) {
            return unreadable(format!(
                "“{}” is not part of a rule number; write a reference such as {EXAMPLE}.",
                token.text
            ));
        }
        segments.push(Segment {
            label: token.text.to_string(),
            kind: pending.take().map(|(kind, _)| kind),
        });
        if segments.len() > MAX_SEGMENTS {
            return unreadable(format!(
                "That reference has more levels than the Rule Book; write one such as {EXAMPLE}."
            ));
        }
    }
    if let Some((_, keyword)) = pending {
        return unreadable(format!(
            "“{keyword}” needs a number after it, as in {EXAMPLE}."
        ));
    }
    Ok(Citation {
        text: trimmed.to_string(),
        root_kind,
        root,
        segments,
    })
}

/// Children lists of a tree, built once per resolution.
struct Index<'a> {
    tree: &'a [TreeNode],
    roots: Vec<usize>,
    children: Vec<Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(tree: &'a [TreeNode]) -> Self {
        let mut roots = Vec::new();
        let mut children = vec![Vec::new(); tree.len()];
        for (i, node) in tree.iter().enumerate() {
            match node.parent {
                None => roots.push(i),
                Some(p) => {
                    if let Some(list) = children.get_mut(p) {
                        list.push(i);
                    }
                }
            }
        }
        Index {
            tree,
            roots,
            children,
        }
    }

    fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map(Vec::as_slice).unwrap_or(&[])
    }

    fn kind(&self, i: usize) -> Option<NodeKind> {
        self.tree.get(i).map(|n| n.kind)
    }

    /// Children of `i` that are parts (the level a citation may leave out).
    fn parts(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.children(i)
            .iter()
            .copied()
            .filter(|&c| self.kind(c) == Some(NodeKind::Part))
    }
}

/// Cost of reading `segment` as `node`'s label, or `None` if it cannot be.
fn label_cost(node: &TreeNode, segment: &Segment) -> Option<u32> {
    if segment.kind.is_some_and(|k| k != node.kind) {
        return None;
    }
    if node.label.eq_ignore_ascii_case(&segment.label) {
        return Some(0);
    }
    if node.kind == NodeKind::Clause && segment.label.bytes().all(|b| b.is_ascii_digit()) {
        let wanted: Option<u32> = segment.label.parse().ok();
        let have = LabelStyle::UpperRoman.ordinal(&node.label);
        if wanted.is_some() && wanted == have {
            return Some(1);
        }
    }
    None
}

/// One step of the walk: every reading of `segment` below the nodes in `frontier`.
fn step(index: &Index<'_>, frontier: &[(usize, u32)], segment: &Segment) -> Vec<(usize, u32)> {
    let mut next = Vec::new();
    let try_children = |parent: usize, cost: u32, next: &mut Vec<(usize, u32)>| {
        for &child in index.children(parent) {
            if let Some(node) = index.tree.get(child)
                && let Some(extra) = label_cost(node, segment)
            {
                next.push((child, cost + extra));
            }
        }
    };
    for &(node, cost) in frontier {
        try_children(node, cost, &mut next);
        if segment.kind != Some(NodeKind::Part) {
            for part in index.parts(node) {
                try_children(part, cost + 1, &mut next);
            }
        }
    }
    next
}

/// Where a walk stopped: the nodes reached so far and the segment none of their children fit.
struct Stuck {
    frontier: Vec<(usize, u32)>,
    at: usize,
}

fn walk(
    index: &Index<'_>,
    start: Vec<(usize, u32)>,
    segments: &[Segment],
) -> Result<Vec<(usize, u32)>, Stuck> {
    let mut frontier = start;
    for (at, segment) in segments.iter().enumerate() {
        let next = step(index, &frontier, segment);
        if next.is_empty() {
            return Err(Stuck { frontier, at });
        }
        frontier = next;
    }
    Ok(frontier)
}

/// The best readings: lowest cost, each node once, in tree order.
fn best(readings: &[(usize, u32)]) -> Vec<usize> {
    let Some(min) = readings.iter().map(|&(_, cost)| cost).min() else {
        return Vec::new();
    };
    let mut nodes: Vec<usize> = readings
        .iter()
        .filter(|&&(_, cost)| cost == min)
        .map(|&(node, _)| node)
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    nodes
}

/// Resolves a citation against an edition's tree; returns the index of the node it names.
///
/// ```
/// use app::domain::citation::{canonical, resolve};
/// use app::domain::rulebook::parse_rulebook;
/// let book = parse_rulebook(b"---\ntitle: T\nyear: 2024\n---\n\n# Chapter 1.\n\n### Clause I.\n\n#### 1.\n\n##### A.\n").unwrap();
/// let tree = book.tree();
/// let i = resolve("Chapter 1, Clause 1, sub-clause 1.a", &tree).unwrap();
/// assert_eq!(canonical(&tree, i), "Chapter 1, Clause I.1.A");
/// let err = resolve("1.I.2", &tree).unwrap_err();
/// assert_eq!(err.to_string(), "“1.I.2” names no rule in this edition; the nearest is Chapter 1, Clause I.1.");
/// ```
pub fn resolve(text: &str, tree: &[TreeNode]) -> Result<usize, CitationError> {
    let citation = parse_citation(text)?;
    resolve_citation(&citation, tree)
}

/// Resolves an already parsed citation; see [`resolve`].
pub fn resolve_citation(citation: &Citation, tree: &[TreeNode]) -> Result<usize, CitationError> {
    let index = Index::new(tree);
    let root_label = citation.root.to_string();
    let start: Vec<(usize, u32)> = index
        .roots
        .iter()
        .copied()
        .filter(|&r| {
            tree.get(r)
                .is_some_and(|n| n.kind == citation.root_kind && n.label == root_label)
        })
        .map(|r| (r, 0))
        .collect();
    if start.is_empty() {
        return Err(CitationError::NotFound {
            citation: citation.text.clone(),
            nearest: nearest_roots(&index, citation),
        });
    }
    match walk(&index, start, &citation.segments) {
        Ok(readings) => match best(&readings).as_slice() {
            [one] => Ok(*one),
            many => Err(CitationError::Ambiguous {
                citation: citation.text.clone(),
                candidates: many.iter().map(|&i| canonical(tree, i)).collect(),
            }),
        },
        Err(stuck) => Err(CitationError::NotFound {
            citation: citation.text.clone(),
            nearest: suggestions(&index, &stuck, &citation.segments),
        }),
    }
}

/// How far `segment` is from `node`'s label: the difference of ordinals where the segment can be
/// read in the node's numbering style, otherwise a large number plus the edit distance.
fn distance(node: &TreeNode, segment: &Segment) -> u32 {
    let style = node.kind.label_style();
    let label = &segment.label;
    let ordinal = style
        .ordinal(label)
        .or_else(|| style.ordinal(&label.to_ascii_uppercase()))
        .or_else(|| style.ordinal(&label.to_ascii_lowercase()))
        .or_else(|| {
            (node.kind == NodeKind::Clause)
                .then(|| LabelStyle::Arabic.ordinal(label))
                .flatten()
        });
    match (ordinal, style.ordinal(&node.label)) {
        (Some(want), Some(have)) => want.abs_diff(have),
        _ => {
            let edit = strsim::levenshtein(
                &label.to_ascii_lowercase(),
                &node.label.to_ascii_lowercase(),
            );
            1000 + u32::try_from(edit).unwrap_or(u32::MAX - 1000)
        }
    }
}

/// Up to three real nodes near where the walk got stuck: the stuck level's nearest labels,
/// followed down the rest of the citation where that path exists.
fn suggestions(index: &Index<'_>, stuck: &Stuck, segments: &[Segment]) -> Vec<String> {
    let Some(segment) = segments.get(stuck.at) else {
        return Vec::new();
    };
    let reached: Vec<usize> = best(&stuck.frontier);
    let mut candidates: Vec<usize> = Vec::new();
    for &node in &reached {
        candidates.extend_from_slice(index.children(node));
        for part in index.parts(node) {
            candidates.extend_from_slice(index.children(part));
        }
    }
    if candidates.is_empty() {
        // The citation goes deeper than the tree: offer where it ends.
        return reached
            .iter()
            .take(3)
            .map(|&i| canonical(index.tree, i))
            .collect();
    }
    let mut ranked: Vec<(u32, usize)> = candidates
        .into_iter()
        .filter_map(|c| index.tree.get(c).map(|node| (distance(node, segment), c)))
        .collect();
    ranked.sort_unstable();
    let rest = segments.get(stuck.at + 1..).unwrap_or(&[]);
    let mut out: Vec<String> = Vec::new();
    for &(_, candidate) in &ranked {
        if out.len() == 3 {
            break;
        }
        // Same path with this one label changed, if the rest of it exists.
        let target = match walk(index, vec![(candidate, 0)], rest) {
            Ok(readings) => best(&readings).first().copied().unwrap_or(candidate),
            Err(_) => candidate,
        };
        let rendered = canonical(index.tree, target);
        if !out.contains(&rendered) {
            out.push(rendered);
        }
    }
    out
}

fn nearest_roots(index: &Index<'_>, citation: &Citation) -> Vec<String> {
    let mut roots: Vec<(u32, usize)> = index
        .roots
        .iter()
        .filter_map(|&r| {
            let node = index.tree.get(r)?;
            let n: u32 = node.label.parse().ok()?;
            let penalty = if node.kind == citation.root_kind {
                0
            } else {
                10_000
            };
            Some((n.abs_diff(citation.root) + penalty, r))
        })
        .collect();
    roots.sort_unstable();
    roots
        .into_iter()
        .take(3)
        .map(|(_, r)| canonical(index.tree, r))
        .collect()
}

/// The canonical citation of node `index`: `Chapter 2`, `Chapter 2, Clause I.4.B`,
/// `Chapter 4, Part A, Clause I.1`, `Chapter 3.2.A` (sections directly under a chapter),
/// `Appendix 4.A.iv`. Empty if `index` is out of range.
///
/// ```
/// use app::domain::citation::{canonical, TreeNode};
/// use app::domain::numbering::NodeKind;
/// let n = |key: &str, kind, label: &str, parent| TreeNode { key: key.into(), kind, label: label.into(), parent };
/// let tree = vec![
///     n("2", NodeKind::Chapter, "2", None),
///     n("2.I", NodeKind::Clause, "I", Some(0)),
///     n("2.I.4", NodeKind::Section, "4", Some(1)),
///     n("2.I.4.B", NodeKind::SubSection, "B", Some(2)),
/// ];
/// assert_eq!(canonical(&tree, 3), "Chapter 2, Clause I.4.B");
/// assert_eq!(canonical(&tree, 0), "Chapter 2");
/// ```
pub fn canonical(tree: &[TreeNode], index: usize) -> String {
    let mut path: Vec<&TreeNode> = Vec::new();
    let mut cursor = Some(index);
    while let Some(i) = cursor {
        let Some(node) = tree.get(i) else {
            break;
        };
        if path.len() > tree.len() {
            break;
        }
        path.push(node);
        cursor = node.parent;
    }
    path.reverse();
    let Some((root, rest)) = path.split_first() else {
        return String::new();
    };
    let mut out = match root.kind {
        NodeKind::Appendix => format!("Appendix {}", root.label),
        _ => format!("Chapter {}", root.label),
    };
    let mut rest = rest;
    for (kind, word) in [(NodeKind::Part, "Part"), (NodeKind::Clause, "Clause")] {
        if let Some((first, tail)) = rest.split_first()
            && first.kind == kind
        {
            out.push_str(", ");
            out.push_str(word);
            out.push(' ');
            out.push_str(&first.label);
            rest = tail;
        }
    }
    for node in rest {
        out.push('.');
        out.push_str(&node.label);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rulebook::testgen::arb_rulebook;
    use crate::domain::rulebook::{RuleBook, parse_rulebook};
    use proptest::prelude::*;

    const FIXTURE: &str = "---
title: Citation fixture
year: 2024
---

# Chapter 1. Constitutional rules

### Clause I. Name

#### 1.

### Clause II. Objects

# Chapter 2. Membership rules

### Clause I. Conditions of membership

#### 1.

#### 2.

#### 3.

#### 4.

##### A.

##### B.

###### i.

###### ii.

### Clause II. Admission

# Chapter 3. Conference

#### 1.

##### A.

# Chapter 4. Elections

## Part A. Leader

### Clause I. Election of leader

#### 1.

## Part B. NEC

### Clause I. Election of the NEC

#### 1.

### Clause II. Vacancies

# Chapter 5. Selections

### Clause I.

### Clause II.

### Clause III.

### Clause IV. Selection of parliamentary candidates

#### 1.

#### 2.

#### 3.

#### 4.

#### 5.

##### A.

##### B.

##### C.

##### D.

##### E.

##### F.

# Chapter 6. Disciplinary rules

### Clause I. National Constitutional Committee

#### 1.

##### A.

##### B.

# Appendix 1. One

# Appendix 2. Two

# Appendix 3. Three

# Appendix 4. Procedural guidelines

##### A.

###### i.

###### ii.

###### iii.

###### iv.
";

    fn fixture() -> (RuleBook, Vec<TreeNode>) {
        match parse_rulebook(FIXTURE.as_bytes()) {
            Ok(book) => {
                let tree = book.tree();
                (book, tree)
            }
            Err(e) => panic!("fixture: {e}"),
        }
    }

    fn key_of(tree: &[TreeNode], text: &str) -> Result<String, CitationError> {
        resolve(text, tree).map(|i| tree[i].key.clone())
    }

    #[test]
    fn every_real_style_resolves() {
        let (_, tree) = fixture();
        let table = [
            ("2.I.4.B", "2.I.4.B"),
            ("C2.I.4.B", "2.I.4.B"),
            ("c2.i.4.b", "2.I.4.B"),
            ("Chapter 2, Clause I.4.B", "2.I.4.B"),
            ("Chapter 2 Clause I, Section 4.B", "2.I.4.B"),
            ("Chapter 2, Clause I, subclause 4, (B)", "2.I.4.B"),
            ("Chapter 2 Clause I.4.b", "2.I.4.B"),
            ("chapter 2, clause i.4.b", "2.I.4.B"),
            ("CHAPTER 2, CLAUSE I.4.B", "2.I.4.B"),
            ("  Chapter  2 ,   Clause I . 4 . B .  ", "2.I.4.B"),
            ("Chapter 2, Clause I.4.B;", "2.I.4.B"),
            ("‘2.I.4.B’", "2.I.4.B"),
            ("Ch. 2, cl. I.4.B", "2.I.4.B"),
            ("Chapter 2, Clause I, sub-section 4.B.ii", "2.I.4.B.ii"),
            ("Chapter 6, Clause 1.1, sub-clause B", "6.I.1.B"),
            ("5.IV.5.F", "5.IV.5.F"),
            ("Rule 5.4.1", "5.IV.1"),
            ("Rule 5.4.5.f", "5.IV.5.F"),
            ("Appendix 4.A.iv", "appendix-4.A.iv"),
            ("appendix-4.A.iv", "appendix-4.A.iv"),
            ("APPENDIX 4.a.IV", "appendix-4.A.iv"),
            ("Appendix 4", "appendix-4"),
            ("Chapter 2", "2"),
            ("2", "2"),
            ("Chapter II", "2"),
            ("Chapter 4, Part B, Clause II", "4.B.II"),
            ("4.B.II", "4.B.II"),
            ("Chapter 4, Clause II", "4.B.II"),
            ("Chapter 4, Part A", "4.A"),
            ("Chapter 3.1.A", "3.1.A"),
            ("3.1.a", "3.1.A"),
            ("Chapter 3, section 1, sub-section A", "3.1.A"),
            // Abbreviations and fillers of the keyword table.
            ("App. 4.A.iv", "appendix-4.A.iv"),
            ("Appx 4, para A, point iv", "appendix-4.A.iv"),
            ("Chap. 4, Pt B, Cl. II", "4.B.II"),
            (
                "The Labour Party Rule Book, Chapter 2, Clause I.4.B",
                "2.I.4.B",
            ),
            ("Rules of the Party, rule no. 2.I.4", "2.I.4"),
            ("Section 3.1.A", "3.1.A"),
            ("Chapter 2, Clause I, sec. 4, sub-para B", "2.I.4.B"),
            ("Chapter 2, Clause I, sect 4, subpara B", "2.I.4.B"),
            ("Chapter 2, Clause I, number 4, sub-paragraph B", "2.I.4.B"),
            ("Chapter 2, Clause I, paragraph 4, item B.ii", "2.I.4.B.ii"),
            // "sub clause" is one loose word, not "Clause B".
            ("Chapter 2, Clause I.4, sub clause B", "2.I.4.B"),
            // After the start, an abbreviated chapter is a label.
            ("Chapter 5, Clause IV.5, sub-clause c", "5.IV.5.C"),
        ];
        for (text, key) in table {
            assert_eq!(key_of(&tree, text), Ok(key.to_string()), "{text}");
        }
    }

    #[test]
    fn ambiguous_citations_list_the_candidates() {
        let (_, tree) = fixture();
        let expected = CitationError::Ambiguous {
            citation: "Chapter 4, Clause I".into(),
            candidates: vec![
                "Chapter 4, Part A, Clause I".into(),
                "Chapter 4, Part B, Clause I".into(),
            ],
        };
        assert_eq!(resolve("Chapter 4, Clause I", &tree), Err(expected.clone()));
        assert_eq!(
            expected.to_string(),
            "“Chapter 4, Clause I” could mean Chapter 4, Part A, Clause I or Chapter 4, Part B, \
             Clause I; write the part or clause out in full to say which."
        );
        match resolve("4.1.1", &tree) {
            Err(CitationError::Ambiguous { candidates, .. }) => assert_eq!(
                candidates,
                [
                    "Chapter 4, Part A, Clause I.1",
                    "Chapter 4, Part B, Clause I.1"
                ]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[track_caller]
    fn assert_not_found(tree: &[TreeNode], text: &str, nearest: &[&str]) {
        match resolve(text, tree) {
            Err(CitationError::NotFound {
                citation,
                nearest: got,
            }) => {
                assert_eq!(citation, text.trim());
                assert_eq!(got, nearest, "{text}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn missing_rules_suggest_the_nearest() {
        let (_, tree) = fixture();
        assert_not_found(
            &tree,
            "2.I.9",
            &[
                "Chapter 2, Clause I.4",
                "Chapter 2, Clause I.3",
                "Chapter 2, Clause I.2",
            ],
        );
        // Same path with one label off.
        assert_not_found(
            &tree,
            "5.IV.6.F",
            &[
                "Chapter 5, Clause IV.5.F",
                "Chapter 5, Clause IV.4",
                "Chapter 5, Clause IV.3",
            ],
        );
        assert_not_found(&tree, "Chapter 9", &["Chapter 6", "Chapter 5", "Chapter 4"]);
        assert_not_found(
            &tree,
            "Appendix 7.A",
            &["Appendix 4", "Appendix 3", "Appendix 2"],
        );
        // Deeper than the tree goes.
        assert_not_found(&tree, "2.I.4.B.ii.x", &["Chapter 2, Clause I.4.B.ii"]);
        // "Clause" where the chapter has sections only.
        assert_not_found(&tree, "Chapter 3, Clause 1", &["Chapter 3.1"]);
        let message = match resolve("2.III", &tree) {
            Err(e) => e.to_string(),
            Ok(i) => panic!("resolved to {i}"),
        };
        assert_eq!(
            message,
            "“2.III” names no rule in this edition; the nearest are Chapter 2, Clause II and Chapter 2, Clause I."
        );
    }

    #[test]
    fn unreadable_and_empty() {
        let (_, tree) = fixture();
        assert_eq!(resolve("", &tree), Err(CitationError::Empty));
        assert_eq!(resolve(" .,; ", &tree), Err(CitationError::Empty));
        for text in [
            "Clause I.4.B",
            "hello world",
            "2.I.4.B and 2.I.4.C",
            "Chapter 2 and Chapter 3",
            "Chapter 2, Clause",
            "Chapter two",
            "Chapter 2, Clause I.4.B.ii.i.i.i.i.i",
            "Chapitre 2, clause 1.é",
        ] {
            match resolve(text, &tree) {
                Err(CitationError::Unreadable { message }) => {
                    assert!(message.ends_with('.'), "{message}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        // A chapter written out after the start is a second citation.
        assert_eq!(
            resolve("2.I.4 appendix 4", &tree),
            Err(CitationError::Unreadable {
                message: "Cite one rule at a time, as in “Chapter 2, Clause I.4.B”.".into()
            })
        );
        let long = "1.".repeat(300);
        assert!(matches!(
            parse_citation(&long),
            Err(CitationError::Unreadable { .. })
        ));
    }

    #[test]
    fn canonical_forms() {
        let (book, tree) = fixture();
        let canon = |key: &str| match book.index_of_key(key) {
            Some(i) => canonical(&tree, i),
            None => panic!("no {key}"),
        };
        assert_eq!(canon("2"), "Chapter 2");
        assert_eq!(canon("2.I.4.B"), "Chapter 2, Clause I.4.B");
        assert_eq!(canon("4.A"), "Chapter 4, Part A");
        assert_eq!(canon("4.B.I.1"), "Chapter 4, Part B, Clause I.1");
        assert_eq!(canon("3.1.A"), "Chapter 3.1.A");
        assert_eq!(canon("appendix-4.A.iv"), "Appendix 4.A.iv");
        assert_eq!(canonical(&tree, 10_000), "");
    }

    #[test]
    fn every_fixture_node_round_trips() {
        let (_, tree) = fixture();
        for (i, node) in tree.iter().enumerate() {
            assert_eq!(resolve(&canonical(&tree, i), &tree), Ok(i));
            assert_eq!(resolve(&node.key, &tree), Ok(i));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn canonical_and_key_resolve_to_the_node(book in arb_rulebook()) {
            let tree = book.tree();
            for (i, node) in tree.iter().enumerate() {
                let canon = canonical(&tree, i);
                prop_assert_eq!(resolve(&canon, &tree), Ok(i), "canonical {}", canon);
                prop_assert_eq!(resolve(&node.key, &tree), Ok(i), "key {}", node.key);
            }
        }

        #[test]
        fn any_text_never_panics(text in "\\PC{0,40}") {
            let (_, tree) = fixture();
            let _ = resolve(&text, &tree);
        }

        #[test]
        fn citation_like_text_never_panics(text in "(Chapter|Appendix|Rule|C|Part|Clause|sub-clause)? ?[0-9IVXivxA-Fa-f., ()-]{0,20}") {
            let (_, tree) = fixture();
            let _ = resolve(&text, &tree);
        }
    }
}
