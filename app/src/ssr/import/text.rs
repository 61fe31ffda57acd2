//! Plain text, pasted or uploaded: UTF-8 (a byte-order mark and Windows line endings are
//! accepted), a form feed starts a page, a blank line starts a paragraph. Text pasted with one
//! paragraph per line (lines far longer than a printed line) reads each line as a paragraph.

use crate::domain::import::{Break, SourceLine};

use super::ImportError;

/// A line longer than this was not wrapped by a printer: each line is a paragraph.
const UNWRAPPED: usize = 160;

/// Reads text into lines.
pub fn read(bytes: &[u8]) -> Result<Vec<SourceLine>, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        ImportError::Unreadable(format!(
            "line {line}: the text is not valid UTF-8; save it as UTF-8 and try again"
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let widest = raw
        .iter()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0);
    let unwrapped = widest > UNWRAPPED;
    let paged = text.contains('\u{c}');
    let mut out = Vec::with_capacity(raw.len());
    let mut page = u32::from(paged);
    let mut line_no = 0u32;
    let mut blank_before = true;
    for (index, line) in raw.iter().enumerate() {
        let mut line = *line;
        while let Some(rest) = line.strip_prefix('\u{c}') {
            page += 1;
            line_no = 0;
            line = rest;
        }
        line_no += 1;
        if line.trim().is_empty() {
            blank_before = true;
            continue;
        }
        let next = raw.get(index + 1).map(|n| n.trim_start_matches('\u{c}'));
        let len = line.trim_end().chars().count();
        let mut source = SourceLine::new(page, line_no, line.trim());
        source.starts = if blank_before || unwrapped {
            Break::Paragraph
        } else {
            Break::Unknown
        };
        source.ends_short = unwrapped
            || next.is_none_or(|n| n.trim().is_empty())
            || len * 4 < widest.min(UNWRAPPED) * 3;
        source.indent = (line.len() - line.trim_start().len()) as f32;
        blank_before = false;
        out.push(source);
    }
    Ok(out)
}
