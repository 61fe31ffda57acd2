//! Importing a published Rule Book: the structure detector that turns the lines of a PDF, a
//! Word document or pasted text ([`SourceLine`], from the readers in `ssr::import`) into the
//! rule tree, reporting every uncertainty with its page and line instead of guessing
//! ([`detect`]), and the fixes a person makes before anything is written ([`review`]).
//!
//! The result converts to the same [`RuleBook`](crate::domain::rulebook::RuleBook) the
//! Markdown import produces ([`Detection::to_rulebook`]), so the match against the previous
//! edition and the import itself are the existing ones.

mod detect;
pub mod detected;
mod footnotes;
mod front;
mod join;
mod labels;
mod pages;
pub mod review;
pub mod source;
#[cfg(test)]
mod testrender;
#[cfg(test)]
mod tests;

pub use detect::{DetectError, detect};
pub use detected::{
    DetectedMeta, DetectedNode, Detection, Footnote, Issue, Paragraph, Removed, RemovedCounts,
    RemovedLine, Segment, Uncertainty,
};
pub use review::{Fix, FixError, apply, apply_all};
pub use source::{Break, LineRef, SourceLine};
