//! Fixes to a detection, as the review page offers them: change a node's kind or number, merge
//! a node into the one before it, drop a line, accept a judgement call, give what the cover did
//! not say. Each is a pure operation on a [`Detection`]; the uncertainties are recomputed after
//! it ([`Detection::uncertainties`]).

use serde::{Deserialize, Serialize};

use crate::domain::numbering::NodeKind;
use crate::domain::rulebook::tree::kind_plural;

use super::detected::{Detection, Paragraph, Removed, RemovedLine, Segment};
use super::source::LineRef;

/// One fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fix", rename_all = "snake_case")]
pub enum Fix {
    /// Give a node another kind or number (its place in the tree follows from its kind).
    SetNode {
        /// The node's id.
        node: u32,
        /// Its kind.
        kind: NodeKind,
        /// Its number, in the kind's style (`IV`, `2`, `B`, `iii`).
        label: String,
    },
    /// The node is not a rule of its own: its number, heading and text become text of the
    /// node before it.
    MergeWithPrevious {
        /// The node's id.
        node: u32,
    },
    /// A line that is not rule text (a stray caption, a misread header).
    DropLine {
        /// Where it is.
        at: LineRef,
    },
    /// A judgement call the detector reported is right as it is.
    Accept {
        /// The uncertainty's id.
        uncertainty: u32,
    },
    /// What the cover did not say (or said wrongly).
    SetMeta {
        /// "Rule Book 2024"
        title: Option<String>,
        /// The edition's year.
        year: Option<i32>,
        /// `YYYY-MM-DD`
        published: Option<String>,
        /// The Annual Conference whose changes it contains.
        conference: Option<i32>,
    },
}

/// Why a fix cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum FixError {
    /// No node has this id.
    #[error("there is no such rule in this import (it may have been merged)")]
    NoSuchNode,
    /// The number is not written in the kind's style.
    #[error("'{label}' is not a number {plural} have (they are numbered {help})")]
    BadLabel {
        /// As given.
        label: String,
        /// "sub-sections"
        plural: String,
        /// "A, B, C …"
        help: String,
    },
    /// The first node has nothing before it.
    #[error("the first rule has nothing before it to merge into")]
    NothingBefore,
    /// No line there.
    #[error("there is no text at {0}")]
    NoSuchLine(LineRef),
    /// The line is a rule's own number.
    #[error("that line holds a rule's number; merge the rule into the one before instead")]
    LineIsNode,
    /// Not a note that can be accepted.
    #[error(
        "only the detector's judgement calls can be accepted; numbering and nesting must be fixed"
    )]
    CannotAccept,
    /// A year or date that is not one.
    #[error("{0}")]
    BadMeta(String),
}

/// Applies one fix. On error nothing changes.
pub fn apply(detection: &mut Detection, fix: &Fix) -> Result<(), FixError> {
    match fix {
        Fix::SetNode { node, kind, label } => set_node(detection, *node, *kind, label),
        Fix::MergeWithPrevious { node } => merge(detection, *node),
        Fix::DropLine { at } => drop_line(detection, *at),
        Fix::Accept { uncertainty } => {
            if !detection.notes.iter().any(|n| n.id == *uncertainty) {
                return Err(FixError::CannotAccept);
            }
            if !detection.accepted.contains(uncertainty) {
                detection.accepted.push(*uncertainty);
            }
            Ok(())
        }
        Fix::SetMeta {
            title,
            year,
            published,
            conference,
        } => set_meta(detection, title, *year, published, *conference),
    }
}

/// Applies fixes in order, stopping at the first that cannot be made (its index and why).
pub fn apply_all(detection: &mut Detection, fixes: &[Fix]) -> Result<(), (usize, FixError)> {
    for (i, fix) in fixes.iter().enumerate() {
        apply(detection, fix).map_err(|e| (i, e))?;
    }
    Ok(())
}

/// Marks every note about `node` as dealt with: the person has looked at it.
fn settle_notes(detection: &mut Detection, node: u32) {
    let ids: Vec<u32> = detection
        .notes
        .iter()
        .filter(|n| n.node == Some(node))
        .map(|n| n.id)
        .collect();
    for id in ids {
        if !detection.accepted.contains(&id) {
            detection.accepted.push(id);
        }
    }
}

fn set_node(
    detection: &mut Detection,
    node: u32,
    kind: NodeKind,
    label: &str,
) -> Result<(), FixError> {
    let index = detection.index_of(node).ok_or(FixError::NoSuchNode)?;
    let style = kind.label_style();
    let label = label.trim().trim_end_matches('.');
    let canonical = style
        .ordinal(label)
        .map(|n| style.label(n))
        .filter(|l| l == label)
        .ok_or_else(|| FixError::BadLabel {
            label: label.to_owned(),
            plural: kind_plural(kind).to_owned(),
            help: match kind {
                NodeKind::Chapter | NodeKind::Appendix | NodeKind::Section => "1, 2, 3 …",
                NodeKind::Part | NodeKind::SubSection => "A, B, C …",
                NodeKind::Clause => "I, II, III …",
                NodeKind::Item => "i, ii, iii …",
            }
            .to_owned(),
        })?;
    let target = &mut detection.nodes[index];
    target.kind = kind;
    target.label = canonical;
    settle_notes(detection, node);
    Ok(())
}

fn merge(detection: &mut Detection, node: u32) -> Result<(), FixError> {
    let index = detection.index_of(node).ok_or(FixError::NoSuchNode)?;
    if index == 0 {
        return Err(FixError::NothingBefore);
    }
    let merged = detection.nodes.remove(index);
    let previous_id = detection.nodes[index - 1].id;
    let previous = &mut detection.nodes[index - 1];
    let mut paragraphs = merged.paragraphs.into_iter();
    // The number and heading as printed lead the merged text again.
    let mut first = paragraphs.next().unwrap_or_default();
    first.segments.insert(
        0,
        Segment {
            at: merged.at,
            text: merged.printed.clone(),
            space_before: true,
        },
    );
    match previous.paragraphs.last_mut() {
        Some(last) if merged.continues => last.segments.extend(first.segments),
        _ => previous.paragraphs.push(first),
    }
    previous.paragraphs.extend(paragraphs);
    previous.footnotes.extend(merged.footnotes);
    settle_notes(detection, node);
    settle_notes(detection, previous_id);
    Ok(())
}

fn drop_line(detection: &mut Detection, at: LineRef) -> Result<(), FixError> {
    if detection.nodes.iter().any(|n| n.at == at) {
        return Err(FixError::LineIsNode);
    }
    let mut text = None;
    for node in &mut detection.nodes {
        node.footnotes.retain(|f| {
            if f.at == at {
                text = Some(f.text.clone());
            }
            f.at != at
        });
        for paragraph in &mut node.paragraphs {
            if let Some(pos) = paragraph.segments.iter().position(|s| s.at == at) {
                text = Some(paragraph.segments.remove(pos).text);
            }
        }
        node.paragraphs
            .retain(|p: &Paragraph| !p.segments.is_empty());
    }
    let text = text.ok_or(FixError::NoSuchLine(at))?;
    detection.removed.push(RemovedLine {
        at,
        text,
        why: Removed::ByFix,
    });
    Ok(())
}

fn set_meta(
    detection: &mut Detection,
    title: &Option<String>,
    year: Option<i32>,
    published: &Option<String>,
    conference: Option<i32>,
) -> Result<(), FixError> {
    for y in [year, conference].into_iter().flatten() {
        if !(1900..=2200).contains(&y) {
            return Err(FixError::BadMeta(format!(
                "{y} is not a year for an edition"
            )));
        }
    }
    if let Some(date) = published
        && !crate::domain::rulebook::format::is_iso_date(date)
    {
        return Err(FixError::BadMeta(format!(
            "'{date}' is not a date written YYYY-MM-DD"
        )));
    }
    if let Some(title) = title {
        if title.trim().is_empty() {
            return Err(FixError::BadMeta("the title is empty".into()));
        }
        detection.meta.title = Some(title.trim().to_owned());
    }
    if year.is_some() {
        detection.meta.year = year;
    }
    if published.is_some() {
        detection.meta.published.clone_from(published);
    }
    if conference.is_some() {
        detection.meta.conference = conference;
    }
    Ok(())
}
