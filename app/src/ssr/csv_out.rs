//! Every CSV the app writes goes through [`SpreadsheetCsv`], which makes each cell safe to open
//! in a spreadsheet: text that a spreadsheet would run as a formula is written as text.

use std::borrow::Cow;

/// OWASP's rule against CSV injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (or their full-width forms, which some spreadsheets also read) is prefixed
/// with `'`, so that a spreadsheet shows it as the text it is and never runs it.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠') => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV writer into memory whose every cell is [`spreadsheet_safe`].
pub struct SpreadsheetCsv {
    out: csv::Writer<Vec<u8>>,
}

impl Default for SpreadsheetCsv {
    fn default() -> Self {
        Self::new()
    }
}

impl SpreadsheetCsv {
    /// An empty file.
    pub fn new() -> Self {
        Self {
            out: csv::Writer::from_writer(Vec::new()),
        }
    }

    /// Writes one row.
    pub fn write_record<'a>(
        &mut self,
        cells: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), csv::Error> {
        self.out
            .write_record(cells.into_iter().map(|c| spreadsheet_safe(c).into_owned()))
    }

    /// The file's text.
    pub fn finish(self) -> Result<String, String> {
        let bytes = self.out.into_inner().map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        for cell in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "＝1+1",
        ] {
            assert_eq!(spreadsheet_safe(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in [
            "Hackney South CLP",
            "",
            "2026-09-21",
            "a=b",
            " =x",
            "'quoted",
        ] {
            assert_eq!(spreadsheet_safe(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn every_cell_of_a_file_is_safe() {
        let mut csv = SpreadsheetCsv::new();
        csv.write_record(["name", "evidence"]).expect("header");
        csv.write_record(["=cmd|' /C calc'!A0", "@x, and more"])
            .expect("row");
        let text = csv.finish().expect("text");
        assert_eq!(
            text,
            "name,evidence\n'=cmd|' /C calc'!A0,\"'@x, and more\"\n"
        );
    }
}
