//! The formal wording engine: turning an edit of rule text into the wording the party requires,
//! and turning the wording CLPs actually write back into rule text — exactly, or with a clear
//! reason why not.
//!
//! - [`generate`]: base text + edited text → [`Instruction`]s and their wording.
//! - [`parse`]: wording → instructions, with [`Problem`]s for what is not understood.
//! - [`apply`] / [`apply_instructions`]: base text + wording (or instructions) → the new text,
//!   its word diff, the problems, and the structural changes (new or deleted nodes,
//!   renumbering) that the caller must carry out on the rule tree.
//! - [`render`]: instructions → wording.
//!
//! Round trip: for any base and edited text,
//! `apply(base, &generate(citation, base, edited).wording).result == edited`.
//!
//! ```
//! use app::domain::wording::{apply, generate};
//!
//! let base = "A member may be expelled by the NEC. Appeals shall be heard within two months.";
//! let edited = "A member may be suspended by the NEC. Appeals shall be heard within three months.";
//! let g = generate("Chapter 2, Clause I.4.B", base, edited);
//! assert_eq!(
//!     g.wording,
//!     "Chapter 2, Clause I.4.B:\n\
//!      1. Delete \"expelled\" and insert \"suspended\"\n\
//!      2. Delete \"two\" and insert \"three\""
//! );
//! assert_eq!(apply(base, &g.wording).result, edited);
//! ```
//!
//! Wording as people write it, with its problems:
//!
//! ```
//! use app::domain::wording::{apply, ProblemKind};
//!
//! let base = "Nominations close three months before the meeting. Members may vote.";
//! let a = apply(base, "Delete ‘two months' and replace with 'six weeks'.\nAfter 'vote.' (line 2) add: 'Votes are secret.'");
//! assert_eq!(a.result, "Nominations close three months before the meeting. Members may vote. Votes are secret.");
//! assert!(matches!(
//!     &a.problems[0].kind,
//!     ProblemKind::QuotedTextDiffers { closest, .. } if closest == "three months"
//! ));
//! assert_eq!(
//!     a.problems[0].message,
//!     "The words ‘two months’ do not appear in the rule; the closest text is ‘three months’."
//! );
//! ```

mod apply;
mod generate;
mod locate;
mod model;
mod parse;
mod problem;
mod quotes;
mod render;
mod verify;

#[cfg(test)]
mod tests;

pub use apply::{Applied, apply_instructions};
pub use generate::{
    Generated, MAX_INSTRUCTIONS, WHOLE_REPLACEMENT_RATIO, generate, generate_for, noun_for_citation,
};
pub use model::{Edge, Instruction, Occurrence, RangeEnd, SentenceRef, StructuralChange, Within};
pub use parse::{MAX_PARSED_INSTRUCTIONS, Parsed, parse};
pub use problem::{Problem, ProblemKind};
pub use render::{describe_sentence, ordinal_name, render, render_instruction};

use crate::domain::diff::word_diff;

/// Reads `wording` and applies it to `base`: the new text, the instructions read, the word
/// diff, every problem (from reading and from applying, each with its line) and the structural
/// changes.
///
/// ```
/// use app::domain::wording::{apply, Instruction};
///
/// let a = apply(
///     "Each CLP may submit one motion.",
///     "Chapter 3, Clause III.2 — delete \"one motion\" and insert \"one motion and one rule change\"\n\
///      Add a new sub-clause 2.C after sub-clause 2.B and renumber accordingly",
/// );
/// assert_eq!(a.result, "Each CLP may submit one motion and one rule change.");
/// assert_eq!(a.structural.len(), 2);
/// assert_eq!(a.structural[0].expected_label.as_deref(), Some("2.C"));
/// assert!(a.problems.is_empty());
/// ```
pub fn apply(base: &str, wording: &str) -> Applied {
    let parsed = parse(wording);
    let core = apply::apply_core(base, &parsed.instructions, &parsed.lines);
    let mut problems = parsed.problems;
    problems.extend(core.problems.into_iter().map(|mut p| {
        // A line reference cannot choose between occurrences until the printed page's lines
        // are known: say so rather than only "appears twice".
        if let (ProblemKind::AnchorAmbiguous { quoted, count }, Some(Some(line))) =
            (&p.kind, p.instruction.and_then(|i| parsed.line_refs.get(i)))
        {
            p = Problem::new(
                ProblemKind::LineReference {
                    quoted: quoted.clone(),
                    line: line.clone(),
                    count: *count,
                },
                p.instruction,
                p.line,
            );
        }
        p
    }));
    problems.sort_by_key(|p| p.line);
    Applied {
        verified: problems.is_empty(),
        diff: word_diff(base, &core.result),
        result: core.result,
        instructions: parsed.instructions,
        problems,
        structural: core.structural,
    }
}
