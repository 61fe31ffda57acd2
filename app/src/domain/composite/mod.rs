//! Composites: for each subject that goes forward from the priorities ballot, the motions on it
//! are merged into one composite at a compositing meeting, whose words must be drawn from the
//! submitted motions.
//!
//! - [`provenance`]: every phrase of a composite traced to the motion(s) whose words it uses,
//!   the words from no motion, and sentence by sentence which motions it came from.
//! - [`meeting`]: who may attend the compositing meeting (at most N delegates per submitting
//!   organisation) and the mover and seconder.
//!
//! The limits are settings ([`CompositeSettings`]).

use serde::{Deserialize, Serialize};

pub mod meeting;
pub mod provenance;

/// One conference's compositing settings, as stored with the conference; missing fields take
/// the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompositeSettings {
    /// Delegates each submitting organisation may send to the compositing meeting (2).
    pub delegates_per_org: u32,
    /// Above this share (0–1) of words from no submitted motion, a composite gets a warning,
    /// not a refusal (0.15: a composite adds joining words, not new policy).
    pub max_share_from_no_motion: f64,
}

impl Default for CompositeSettings {
    fn default() -> Self {
        CompositeSettings {
            delegates_per_org: 2,
            max_share_from_no_motion: 0.15,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_stored_as_json_fill_in_defaults() {
        let s: CompositeSettings =
            serde_json::from_str(r#"{"delegates_per_org":3}"#).unwrap_or_default();
        assert_eq!(s.delegates_per_org, 3);
        assert_eq!(s.max_share_from_no_motion, 0.15);
    }
}
