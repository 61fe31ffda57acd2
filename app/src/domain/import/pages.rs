//! Page furniture: running headers and footers (the same words at the top or bottom of page
//! after page, page numbers aside), page numbers, and the footnotes at the foot of a page
//! (told by their smaller type). What is left is the text in reading order.

use std::collections::HashMap;

use crate::domain::numbering::NodeKind;

use super::detected::{Removed, RemovedLine};
use super::labels::{bare_label, keyword_heading};
use super::source::SourceLine;

/// What a kept line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Role {
    /// Rule text (or cover and contents, sorted out later).
    Body,
    /// The first line of a footnote's text, with its marker.
    FootnoteStart(String),
    /// A further line of the footnote before it.
    FootnoteMore,
}

/// The lines with page furniture taken out.
pub(super) struct Cleaned {
    /// Indices of the kept lines into the source, with their role.
    pub kept: Vec<(usize, Role)>,
    /// What was taken out.
    pub removed: Vec<RemovedLine>,
}

/// How many lines at the top and at the bottom of a page may be furniture.
const EDGE: usize = 2;

/// Takes out running headers and footers, page numbers and (by size) footnotes.
pub(super) fn clean(lines: &[SourceLine]) -> Cleaned {
    let pages = page_ranges(lines);
    let mut furniture = vec![None; lines.len()];
    if pages.len() >= 2 {
        mark_running(lines, &pages, &mut furniture);
    }
    for range in &pages {
        if lines[range.start].at.page == 0 {
            continue;
        }
        for i in edge_indices(range, lines, &furniture) {
            if furniture[i].is_none() && is_page_number(&lines[i].text) {
                furniture[i] = Some(Removed::PageNumber);
            }
        }
    }
    let roles = footnote_roles(lines, &pages, &furniture);
    let mut kept = Vec::with_capacity(lines.len());
    let mut removed = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match furniture[i] {
            Some(why) => removed.push(RemovedLine {
                at: line.at,
                text: line.text.clone(),
                why,
            }),
            None if line.text.trim().is_empty() && line.list_label.is_none() => {}
            None => kept.push((i, roles[i].clone())),
        }
    }
    Cleaned { kept, removed }
}

/// Consecutive runs of lines on one page.
fn page_ranges(lines: &[SourceLine]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=lines.len() {
        if i == lines.len() || lines[i].at.page != lines[start].at.page {
            if start < i {
                out.push(start..i);
            }
            start = i;
        }
    }
    out
}

/// The first and last [`EDGE`] non-blank, not yet removed lines of a page.
fn edge_indices(
    range: &std::ops::Range<usize>,
    lines: &[SourceLine],
    furniture: &[Option<Removed>],
) -> Vec<usize> {
    let live: Vec<usize> = range
        .clone()
        .filter(|&i| furniture[i].is_none() && !lines[i].text.trim().is_empty())
        .collect();
    let mut out: Vec<usize> = live.iter().take(EDGE).copied().collect();
    for &i in live.iter().rev().take(EDGE) {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    // A line the reader knows goes on from the one before is text, never furniture.
    out.retain(|&i| lines[i].starts != super::source::Break::Continues);
    out
}

/// A line's text with digits folded and spaces collapsed, so that "Rule Book 2024 · 7" and
/// "Rule Book 2024 · 8" compare equal.
fn furniture_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.extend(if c.is_ascii_digit() { '#' } else { c }.to_lowercase());
            last_space = false;
        }
    }
    out.trim_end().to_owned()
}

/// Marks lines near the top or bottom of a page that repeat (digits aside) on at least half of
/// the pages as running headers and footers. A line that reads as a heading or starts with a
/// number is never furniture: a chapter heading opens many pages, too.
fn mark_running(
    lines: &[SourceLine],
    pages: &[std::ops::Range<usize>],
    furniture: &mut [Option<Removed>],
) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for range in pages {
        let mut keys: Vec<String> = edge_indices(range, lines, furniture)
            .into_iter()
            .map(|i| furniture_key(&lines[i].text))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let threshold = pages.len().div_ceil(2).max(3);
    // Where each heading-like key is first seen anywhere: a chapter heading repeated at the top
    // of the pages after it is a running header, the heading itself is not.
    let exact = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut at_edges: HashMap<String, usize> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        first_seen.entry(exact(&line.text)).or_insert(i);
    }
    for range in pages {
        for i in edge_indices(range, lines, furniture) {
            *at_edges.entry(exact(&lines[i].text)).or_default() += 1;
        }
    }
    for range in pages {
        for i in edge_indices(range, lines, furniture) {
            let text = &lines[i].text;
            let key = furniture_key(text);
            let count = seen.get(&key).copied().unwrap_or(0);
            let chapter = keyword_heading(text)
                .is_some_and(|h| matches!(h.kind, NodeKind::Chapter | NodeKind::Appendix));
            // A chapter heading repeated at the top of its pages is a running header; clause
            // headings ("Clause I. Name and objects") legitimately repeat from chapter to
            // chapter, and numbered lines are never furniture.
            let repeated =
                if bare_label(text).is_some() || (keyword_heading(text).is_some() && !chapter) {
                    false
                } else if chapter {
                    let key = exact(text);
                    at_edges.get(&key).copied().unwrap_or(0) >= 2
                        && first_seen.get(&key).is_some_and(|&f| f < i)
                } else {
                    // Page numbers are left to their own rule; a header has words.
                    count >= threshold && !is_page_number(text) && key.split(' ').count() >= 2
                };
            if repeated {
                furniture[i] = Some(Removed::RunningHeader);
            }
        }
    }
}

/// "7", "- 7 -", "Page 7", "7 of 30", "vii": a page number alone on its line.
fn is_page_number(text: &str) -> bool {
    let t = text.trim().trim_matches(['-', '–', '—', '|', ' ']).trim();
    let t = t
        .strip_prefix("Page ")
        .or_else(|| t.strip_prefix("page "))
        .unwrap_or(t);
    let t = match t.split_once(" of ") {
        Some((n, total)) if total.trim().bytes().all(|b| b.is_ascii_digit()) => n.trim(),
        _ => t,
    };
    let digits = !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
    let roman = !t.is_empty()
        && t.len() <= 6
        && t.bytes().all(|b| b"ivxlc".contains(&b))
        && crate::domain::numbering::LabelStyle::LowerRoman
            .ordinal(t)
            .is_some();
    digits || roman
}

/// Footnotes: lines the reader marked as footnote text, and, on a page, the trailing run of
/// lines in type clearly smaller than the body's (its most common size) whose first line
/// starts with a footnote number.
fn footnote_roles(
    lines: &[SourceLine],
    pages: &[std::ops::Range<usize>],
    furniture: &[Option<Removed>],
) -> Vec<Role> {
    let mut roles = vec![Role::Body; lines.len()];
    let mut in_note = false;
    for (i, line) in lines.iter().enumerate() {
        if let Some(marker) = &line.footnote {
            roles[i] = Role::FootnoteStart(marker.clone());
            in_note = true;
        } else if in_note && line.starts != super::source::Break::Paragraph && line.size > 0.0 {
            roles[i] = Role::FootnoteMore;
        } else {
            in_note = false;
        }
    }
    let body = body_size(lines);
    if body <= 0.0 {
        return roles;
    }
    for range in pages {
        let live: Vec<usize> = range
            .clone()
            .filter(|&i| furniture[i].is_none() && !lines[i].text.trim().is_empty())
            .collect();
        let small = |i: usize| lines[i].size > 0.0 && lines[i].size < body * 0.85;
        // A run of small lines is footnotes when it ends the page or a column (the line after
        // it starts a column: the reader cannot tell it from the line before).
        let mut k = 0;
        while k < live.len() {
            if !small(live[k]) {
                k += 1;
                continue;
            }
            let start = k;
            while k < live.len() && small(live[k]) {
                k += 1;
            }
            let ends_column =
                k == live.len() || lines[live[k]].starts == super::source::Break::Unknown;
            if !ends_column {
                continue;
            }
            let mut current = false;
            for &i in &live[start..k] {
                if let Some(marker) = footnote_marker(&lines[i].text) {
                    roles[i] = Role::FootnoteStart(marker);
                    current = true;
                } else if current {
                    roles[i] = Role::FootnoteMore;
                }
            }
        }
    }
    roles
}

/// The most common font size, weighted by characters (0 when no line has a size).
fn body_size(lines: &[SourceLine]) -> f32 {
    let mut by_size: HashMap<u32, usize> = HashMap::new();
    for line in lines {
        if line.size > 0.0 {
            *by_size
                .entry((line.size * 10.0).round() as u32)
                .or_default() += line.text.len();
        }
    }
    by_size
        .into_iter()
        .max_by_key(|&(size, count)| (count, size))
        .map_or(0.0, |(size, _)| size as f32 / 10.0)
}

/// The marker a printed footnote starts with: `1 Text`, `[^1] Text`, `* Text`.
fn footnote_marker(text: &str) -> Option<String> {
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix("[^") {
        let (marker, _) = rest.split_once(']')?;
        return (!marker.is_empty()).then(|| marker.to_owned());
    }
    let end = text.find(char::is_whitespace)?;
    let marker = &text[..end];
    let ok = (marker.len() <= 3 && marker.bytes().all(|b| b.is_ascii_digit()))
        || ["*", "†", "‡"].contains(&marker);
    ok.then(|| marker.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: u32, texts: &[&str]) -> Vec<SourceLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| SourceLine::new(n, i as u32 + 1, *t))
            .collect()
    }

    #[test]
    fn running_headers_and_page_numbers_go() {
        let mut lines = Vec::new();
        for n in 1..=4 {
            lines.extend(page(
                n,
                &[
                    "The Labour Party · Rule Book 2024",
                    &format!("Chapter {n}"),
                    "1. Some text.",
                    &format!("{n}"),
                ],
            ));
        }
        let cleaned = clean(&lines);
        let kept: Vec<&str> = cleaned
            .kept
            .iter()
            .map(|(i, _)| lines[*i].text.as_str())
            .collect();
        assert_eq!(kept.len(), 8, "{kept:?}");
        assert!(
            kept.iter()
                .all(|t| t.starts_with("Chapter") || t.starts_with("1."))
        );
        let why: Vec<Removed> = cleaned.removed.iter().map(|r| r.why).collect();
        assert_eq!(why.iter().filter(|w| **w == Removed::PageNumber).count(), 4);
        assert_eq!(
            why.iter().filter(|w| **w == Removed::RunningHeader).count(),
            4
        );
    }

    #[test]
    fn page_numbers() {
        for yes in ["7", " 12 ", "- 3 -", "Page 4", "4 of 30", "vii"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["7.", "iv.", "2024 edition", "A.", "Chapter 2"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn small_type_at_the_foot_of_a_page_is_a_footnote() {
        let mut lines = page(
            1,
            &[
                "1. Text with a note.[^1]",
                "more text.",
                "1 The note",
                "goes on.",
            ],
        );
        for (i, line) in lines.iter_mut().enumerate() {
            line.size = if i < 2 { 10.5 } else { 8.0 };
        }
        let roles: Vec<Role> = clean(&lines).kept.into_iter().map(|(_, r)| r).collect();
        assert_eq!(
            roles,
            [
                Role::Body,
                Role::Body,
                Role::FootnoteStart("1".into()),
                Role::FootnoteMore
            ]
        );
    }
}
