//! Pure domain logic: the rule tree and its numbering, citations, word diffs and the formal
//! wording of rule changes. No Leptos, no database, no I/O; unit tests live beside the code.

pub mod ballot;
pub mod citation;
pub mod composite;
pub mod conference;
pub mod diff;
pub mod edition_build;
pub mod import;
pub mod motions;
pub mod node_key;
pub mod numbering;
pub mod renumber;
pub mod rulebook;
pub mod structure;
pub mod wording;
