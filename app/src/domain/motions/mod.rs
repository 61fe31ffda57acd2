//! Motions to Annual Conference (contemporary and emergency), as pure functions over plain data:
//! what a motion's text is made of and how it is counted, and the rules it meets on its way from
//! a member's draft to the CAC.
//!
//! - [`words`]: the word count the way the CAC counts (title excluded; hyphenated words and
//!   numbers one word each), and where the limit falls.
//! - [`text`]: a motion's title and its "Conference notes / believes / resolves" sections;
//!   splitting a pasted motion; the headings the editor offers.
//! - [`date`]: calendar dates for the cut-off, the deadlines and an emergency's event.
//! - [`rules`]: a conference's rules for motions and the checks against them (warnings while
//!   drafting, refusals at submission).
//! - [`ruling`]: the CAC's ruling and its reasons for ruling a motion out of order.
//! - [`subjects`]: suggesting a subject for each motion before the priorities ballot.
//! - [`markdown`]: a file of motions in Markdown (the demo's motions are one).
//!
//! The rules that have changed over the years (the word limit, the quota, the deadlines) are
//! settings ([`rules::MotionRules`]), never constants.

use serde::{Deserialize, Serialize};

pub mod date;
pub mod markdown;
pub mod rules;
pub mod ruling;
pub mod subjects;
pub mod text;
pub mod words;

/// The kind of a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionKind {
    /// A contemporary motion: about a matter arising after the cut-off date.
    #[default]
    Contemporary,
    /// An emergency motion: about an event after the motions deadline.
    Emergency,
}

impl MotionKind {
    /// The stable snake_case form stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            MotionKind::Contemporary => "contemporary",
            MotionKind::Emergency => "emergency",
        }
    }

    /// How a page names it ("contemporary motion").
    pub fn label(self) -> &'static str {
        match self {
            MotionKind::Contemporary => "contemporary motion",
            MotionKind::Emergency => "emergency motion",
        }
    }
}

impl std::str::FromStr for MotionKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "contemporary" => Ok(MotionKind::Contemporary),
            "emergency" => Ok(MotionKind::Emergency),
            _ => Err(format!(
                "“{s}” is not a kind of motion (contemporary or emergency)"
            )),
        }
    }
}

/// The database id of a motion.
pub type MotionId = i32;

/// A list in prose: "a", "a and b", "a, b and c".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_stable_names() {
        for k in [MotionKind::Contemporary, MotionKind::Emergency] {
            assert_eq!(k.as_str().parse::<MotionKind>(), Ok(k));
        }
        assert!("urgent".parse::<MotionKind>().is_err());
    }
}
