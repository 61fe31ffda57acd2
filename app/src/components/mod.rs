//! Reusable views.

pub mod diff_view;
pub mod error_view;
pub mod go_to_rule;
pub mod rule_text;
pub mod user_nav;
