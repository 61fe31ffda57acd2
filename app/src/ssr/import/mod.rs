//! Readers for the files a Rule Book comes in: a PDF as published ([`pdf`], through poppler's
//! `pdftotext`), a Word document ([`docx`], list numbering included) and plain text
//! ([`text`]). Each turns bytes into the line stream the structure detector
//! ([`crate::domain::import`]) reads; bad input ends in an [`ImportError`] a person can act on,
//! before anything is detected or written.

pub mod docx;
pub mod pdf;
pub mod text;

use crate::domain::import::{DetectError, DetectedMeta, Detection, SourceLine, detect};

/// Largest PDF or Word file accepted: 50 MB. A printed Rule Book of 120 pages is about 1 MB.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Largest text accepted: 10 MB, as for the Markdown format.
pub const MAX_TEXT_BYTES: usize = 10 * 1024 * 1024;

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF.
    Pdf,
    /// Word (OOXML) document.
    Docx,
    /// Plain UTF-8 text.
    Text,
}

impl Format {
    /// The format by the file's first bytes: `%PDF`, a ZIP archive, else text.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"%PDF") {
            Format::Pdf
        } else if bytes.starts_with(b"PK\x03\x04") {
            Format::Docx
        } else {
            Format::Text
        }
    }
}

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Over the size limit.
    #[error("the file is {size} bytes, over the limit of {limit_mb} MB for this kind of file")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit in MB.
        limit_mb: usize,
    },
    /// A PDF with pages but no text layer (a scan).
    #[error("this PDF has no text; run OCR first (it looks like scanned pages)")]
    NoTextLayer,
    /// A PDF that needs a password.
    #[error("this PDF is encrypted with a password; save an unprotected copy and import that")]
    Encrypted,
    /// A file that is not what it claims.
    #[error("{0}")]
    Unreadable(String),
    /// A Word file that unpacks to far more than any Rule Book.
    #[error(
        "the Word file unpacks to more than {limit_mb} MB, far more than any Rule Book: it is \
         damaged or not a real document"
    )]
    ZipBomb {
        /// The limit in MB.
        limit_mb: usize,
    },
    /// A tool the PDF reader needs is not installed.
    #[error("reading PDFs needs poppler's pdftotext (Debian: apt-get install poppler-utils)")]
    ToolMissing,
    /// Read, but no Rule Book structure in it.
    #[error("{0}")]
    Detect(#[from] DetectError),
}

/// Reads a file of any supported format into the detector's lines.
pub fn read_lines(bytes: &[u8]) -> Result<(Format, Vec<SourceLine>), ImportError> {
    let format = Format::sniff(bytes);
    let limit = match format {
        Format::Text => MAX_TEXT_BYTES,
        _ => MAX_FILE_BYTES,
    };
    if bytes.len() > limit {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit_mb: limit / (1024 * 1024),
        });
    }
    let lines = match format {
        Format::Pdf => pdf::read(bytes)?,
        Format::Docx => docx::read(bytes)?,
        Format::Text => text::read(bytes)?,
    };
    Ok((format, lines))
}

/// Reads and detects: the whole way from bytes to a detection ready for review.
pub fn read_and_detect(bytes: &[u8], given: &DetectedMeta) -> Result<Detection, ImportError> {
    let (_, lines) = read_lines(bytes)?;
    Ok(detect(&lines, given)?)
}

/// The value of attribute `name` (matched by local name, `w:val` as `val`) of an element.
pub(crate) fn attribute(
    element: &quick_xml::events::BytesStart<'_>,
    name: &[u8],
) -> Option<String> {
    element.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// The text an entity reference (`&amp;`, `&#8217;`) stands for.
pub(crate) fn entity(reference: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return c.to_string();
    }
    match &**reference {
        b"amp" => "&",
        b"lt" => "<",
        b"gt" => ">",
        b"quot" => "\"",
        b"apos" => "'",
        _ => "",
    }
    .to_owned()
}

#[cfg(test)]
mod tests;
