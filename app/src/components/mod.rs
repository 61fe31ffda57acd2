//! Reusable views.

pub mod clause_proposals;
pub mod diff_view;
pub mod error_view;
pub mod escape;
pub mod go_to_rule;
pub mod loaded;
pub mod not_found;
pub mod rule_text;
pub mod user_nav;
