//! Reusable views.

pub mod error_view;
pub mod go_to_rule;
