//! The wording API's request and response bodies (`/api/v1/wording/*`, `redline wording`).
//! A stable, documented JSON shape: fields are only ever added.

use serde::{Deserialize, Serialize};

use crate::domain::diff::DiffSpan;
use crate::domain::wording::{Instruction, Problem, StructuralChange};

/// The most characters accepted in one text field (a long clause is ~3,000).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// `POST /api/v1/wording/generate`: turn an edit of a clause into formal wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateRequest {
    /// The rule being amended, in any citation style ("Chapter 2, Clause I.4.B").
    pub citation: String,
    /// The clause text as it stands.
    pub base: String,
    /// The clause text as the rule change would have it.
    pub edited: String,
}

/// `POST /api/v1/wording/apply`: apply formal wording to a clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyRequest {
    /// The clause text as it stands.
    pub base: String,
    /// The rule change's wording, as a CLP wrote it.
    pub wording: String,
}

/// The answer to both requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordingResponse {
    /// The clause text after the instructions (for generate: the edited text).
    pub result: String,
    /// The formal wording (for apply: the wording re-rendered in the party's style).
    pub wording: String,
    /// The instructions as data.
    pub instructions: Vec<Instruction>,
    /// Word diff from `base` to `result`.
    pub diff: Vec<DiffSpan>,
    /// What could not be applied unambiguously, each with a reason; empty when all is well.
    pub problems: Vec<Problem>,
    /// Changes to the rule tree (new, deleted or renumbered nodes) the wording asks for.
    pub structural: Vec<StructuralChange>,
    /// Whether `result` was checked against every instruction and is exactly what they say
    /// (see [`crate::domain::wording::Applied::verified`]); `false` whenever `problems` is not
    /// empty.
    #[serde(default)]
    pub verified: bool,
}

/// Checks the size of each text field; the message names the field.
pub fn check_sizes(fields: &[(&str, &str)]) -> Result<(), String> {
    for (name, value) in fields {
        let chars = value.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(format!(
                "“{name}” is {chars} characters long; the most accepted is {MAX_TEXT_CHARS}."
            ));
        }
    }
    Ok(())
}

impl WordingResponse {
    /// Generates wording for an edit (pure; see [`crate::domain::wording::generate`]).
    pub fn generate(request: &GenerateRequest) -> Self {
        use crate::domain::wording;
        let generated = wording::generate(&request.citation, &request.base, &request.edited);
        let applied = wording::apply_instructions(&request.base, &generated.instructions);
        WordingResponse {
            result: applied.result,
            wording: generated.wording,
            instructions: generated.instructions,
            diff: applied.diff,
            problems: applied.problems,
            structural: applied.structural,
            verified: applied.verified,
        }
    }

    /// Applies wording to a clause (pure; see [`crate::domain::wording::apply`]).
    pub fn apply(request: &ApplyRequest) -> Self {
        use crate::domain::wording;
        let applied = wording::apply(&request.base, &request.wording);
        let rendered = wording::render("", &applied.instructions);
        WordingResponse {
            result: applied.result,
            wording: rendered,
            instructions: applied.instructions,
            diff: applied.diff,
            problems: applied.problems,
            structural: applied.structural,
            verified: applied.verified,
        }
    }
}
