//! Footnotes to their rules: each goes to the node whose text carries its marker, on the
//! footnote's own page first; a footnote with no marker, or a marker with no footnote, is
//! reported.

use std::collections::HashMap;

use super::detect::Line;
use super::detected::{Detection, Footnote, Issue};
use super::source::LineRef;

/// Gives each footnote to the node whose text carries its marker: on the footnote's own page
/// first, else the nearest one before it; a footnote whose marker is nowhere goes to the node
/// it follows, and is reported, as is a marker with no footnote.
pub(super) fn attach_footnotes(
    detection: &mut Detection,
    notes: Vec<(String, LineRef, String, usize)>,
    body: &[Line],
) {
    let mut marked: HashMap<String, Vec<(usize, LineRef)>> = HashMap::new();
    for (index, node) in detection.nodes.iter().enumerate() {
        for segment in node.paragraphs.iter().flat_map(|p| &p.segments) {
            let mut rest = segment.text.as_str();
            while let Some(start) = rest.find("[^") {
                let after = &rest[start + 2..];
                let Some(end) = after.find(']') else { break };
                marked
                    .entry(after[..end].to_owned())
                    .or_default()
                    .push((index, segment.at));
                rest = &after[end..];
            }
        }
    }
    let mut used: Vec<String> = Vec::new();
    for (marker, at, text, position) in notes {
        let candidates = marked.get(&marker).cloned().unwrap_or_default();
        let on_page = candidates
            .iter()
            .rev()
            .find(|(_, m)| m.page == at.page && at.page > 0);
        let before = candidates.iter().rev().find(|(_, m)| *m <= at);
        let target = on_page.or(before).or(candidates.first()).map(|(i, _)| *i);
        let index = match target {
            Some(i) => i,
            None => {
                // The node being read when the footnote came.
                let follows = body
                    .get(position.saturating_sub(1))
                    .map(|l| l.source.at)
                    .unwrap_or(at);
                let index = detection
                    .nodes
                    .iter()
                    .rposition(|n| n.at <= follows)
                    .unwrap_or(0);
                let message = format!(
                    "footnote {marker} has no marker [^{marker}] in the text; kept with the rule \
                     before it"
                );
                footnote_note(detection, index, at, &marker, message);
                index
            }
        };
        used.push(marker.clone());
        if let Some(node) = detection.nodes.get_mut(index) {
            node.footnotes.push(Footnote { marker, at, text });
            detection.counts.footnotes += 1;
        }
    }
    for (marker, places) in marked {
        if !used.contains(&marker)
            && let Some(&(index, at)) = places.first()
        {
            let message = format!("the marker [^{marker}] has no footnote text");
            footnote_note(detection, index, at, &marker, message);
        }
    }
}

/// Reports a footnote problem about the node at `index`.
fn footnote_note(
    detection: &mut Detection,
    index: usize,
    at: LineRef,
    marker: &str,
    message: String,
) {
    let node = detection.nodes.get(index).map(|n| n.id);
    let issue = Issue::Footnote {
        marker: marker.to_owned(),
    };
    detection.add_note(at, node, issue, message);
}
