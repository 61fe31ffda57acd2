//! Views that pages share: a rule's text ([`rule_text`]) and its proposed changes
//! ([`clause_proposals`]), word diffs ([`diff_view`]), the error view and the loading wrapper
//! around every section that waits for data ([`error_view`], [`loaded`]), the not-found page,
//! the "go to a rule" box, the signed-in user's menu, and escaping for the two places the server
//! writes user text raw ([`escape`]).

pub mod clause_proposals;
pub mod diff_view;
pub mod error_view;
pub mod escape;
pub mod go_to_rule;
pub mod loaded;
pub mod not_found;
pub mod rule_text;
pub mod user_nav;
