//! DTOs for reading the Rule Book.

use serde::{Deserialize, Serialize};

/// One published edition of the Rule Book, as listed on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionSummary {
    /// The edition's year, which is also its URL segment (`/rules/2024/…`).
    pub year: i32,
    /// "Rule Book 2024"
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published_on: Option<String>,
    /// The Annual Conference whose changes this edition contains.
    pub conference_year: Option<i32>,
    /// How many rule nodes (chapters down to items) the edition has.
    pub node_count: u64,
}
