//! The Rule Book as pure data: the rule tree of one edition ([`tree`]), its Markdown text
//! format ([`format`](self::format), see `docs/rulebook-format.md`), and matching one edition's nodes against
//! the previous edition's so that clause identity survives renumbering ([`matching`]).

pub mod format;
pub mod matching;
mod similarity;
#[cfg(test)]
pub(crate) mod testgen;
pub mod tree;

pub use format::{FormatError, MAX_BYTES, export_rulebook, parse_rulebook};
pub use matching::{EditionMatch, MatchSummary, NodeMatch, PriorNode, match_editions};
pub use tree::{EditionMeta, Node, RuleBook};
