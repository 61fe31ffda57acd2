//! A change's text edits: the node's text replaced by the change's, or, when the words have
//! changed since the change was drafted, its formal wording re-applied to the words as they
//! are; what no longer fits is a failure, and a conflict with the change that made the
//! current words.

use super::{ChangeSet, Work, attribution};
use crate::domain::diff::changes;
use crate::domain::rulebook::tree::Node;
use crate::domain::wording::{Instruction, apply_instructions, generate_for};

impl Work<'_> {
    pub(super) fn apply_text(&mut self, change: &ChangeSet, key: &str, base: &str, edited: &str) {
        if base == edited {
            return;
        }
        let Some(id) = self.resolve(change, key, "amend") else {
            return;
        };
        let Some(node) = self.position(id).and_then(|i| self.book.nodes.get(i)) else {
            return;
        };
        let current = node.text.as_str();
        if current == edited {
            // Already reads so (the same edit carried twice, or already in this edition).
            return;
        }
        let new_text = if current == base {
            edited.to_string()
        } else {
            let citation = self.citation(key);
            match reapply(node, &citation, current, base, edited) {
                Ok(text) => text,
                Err(reason) => {
                    self.text_failure(change, key, id, &citation, &reason);
                    return;
                }
            }
        };
        let note = format!(
            "{} by {}",
            words_changed(current, &new_text),
            attribution(change)
        );
        if let Some(node) = self.position(id).and_then(|i| self.book.nodes.get_mut(i)) {
            node.text = new_text;
        }
        self.amended_by.insert(id, change.id);
        self.note(id, change, note);
    }

    /// Reports a text edit whose wording no longer fits the node's current text.
    fn text_failure(
        &mut self,
        change: &ChangeSet,
        key: &str,
        id: usize,
        citation: &str,
        reason: &str,
    ) {
        let other = self
            .amended_by
            .get(&id)
            .or_else(|| self.rewritten_by.get(&id))
            .copied()
            .filter(|&other| other != change.id);
        match other {
            Some(other) => {
                let message = format!(
                    "{} and {} both change the words of {citation}, and the second cannot be \
                     applied to the text the first produces: {reason}",
                    self.label_of(other),
                    change.label
                );
                self.fail(change, key, message.clone());
                self.conflict(other, change, key, message);
            }
            None => {
                let message = format!(
                    "The text of {citation} is not the text {} was drafted against, and its \
                     amendment no longer fits: {reason}",
                    change.label
                );
                self.fail(change, key, message);
            }
        }
    }
}

/// The change's text edit re-applied through its wording to a text that is no longer the one it
/// was written against; `Err` gives the reason it does not fit.
fn reapply(
    node: &Node,
    citation: &str,
    current: &str,
    base: &str,
    edited: &str,
) -> Result<String, String> {
    let generated = generate_for(Some(node.kind), citation, base, edited);
    if generated
        .instructions
        .iter()
        .any(|i| i.is_structural() || matches!(i, Instruction::ReplaceAll { .. }))
    {
        return Err(String::from(
            "the change rewrites the whole text, which would undo the words that differ.",
        ));
    }
    let applied = apply_instructions(current, &generated.instructions);
    if applied.problems.is_empty() {
        Ok(applied.result)
    } else {
        Err(applied
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join(" "))
    }
}

/// "Words inserted", "Words deleted" or "Words substituted", by what the edit does.
fn words_changed(old: &str, new: &str) -> &'static str {
    let found = changes(old, new, 0);
    if found.iter().all(|c| c.old.is_empty()) {
        "Words inserted"
    } else if found.iter().all(|c| c.new.is_empty()) {
        "Words deleted"
    } else {
        "Words substituted"
    }
}
