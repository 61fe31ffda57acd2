//! Data that crosses the wire between server functions and pages (serde DTOs).
//! Database models never reach the browser; they are mapped to these types in `ssr`.

pub mod accounts;
pub mod drafts;
pub mod publication;
pub mod rulebook;
pub mod support;
pub mod wording;
