//! Structural edits (a new rule after another, a deleted rule): the edition's tree they are
//! checked against, their wording with the renumbering they cause, and saving one.

use super::*;

/// One edition's whole tree with every node's text, for structural edits.
pub(crate) struct EditionTree {
    pub(super) placements: Vec<edition_clause::Model>,
    pub(super) tree: Vec<TreeNode>,
    pub(super) texts: Vec<String>,
}

impl EditionTree {
    /// Loads the tree and texts of an edition (two queries, plus one per 500 versions).
    pub(crate) async fn load(
        db: &impl ConnectionTrait,
        edition_id: i32,
    ) -> Result<Self, ServiceError> {
        let placements = rulebook::placements(db, edition_id).await?;
        let tree = rulebook::tree_of(&placements);
        let mut versions =
            rulebook::versions_by_id(db, placements.iter().map(|p| p.version_id)).await?;
        let texts = placements
            .iter()
            .map(|p| {
                versions
                    .remove(&p.version_id)
                    .map(|v| v.body)
                    .unwrap_or_default()
            })
            .collect();
        Ok(Self {
            placements,
            tree,
            texts,
        })
    }

    pub(super) fn index_of(&self, node_id: i32) -> Option<usize> {
        self.placements.iter().position(|p| p.node_id == node_id)
    }

    pub(super) fn texts(&self) -> Vec<(usize, &str)> {
        self.texts.iter().map(String::as_str).enumerate().collect()
    }

    /// The structural edit a stored edit stands for.
    pub(super) fn structural(&self, edit: &rule_change_edit::Model) -> Option<StructuralEdit> {
        let index = self.index_of(edit.node_id)?;
        match kind_of(edit) {
            EditKind::InsertAfter => Some(StructuralEdit::InsertAfter {
                anchor: index,
                text: edit.edited_text.clone(),
            }),
            EditKind::Delete => Some(StructuralEdit::Delete { node: index }),
            EditKind::Text => None,
        }
    }
}

/// The structural edits of one draft worded so far, kept independent of each other.
#[derive(Default)]
pub(super) struct WordedStructure {
    pub(super) accepted: Vec<(StructuralEdit, RenumberPlan)>,
    pub(super) problems: Vec<String>,
}

impl WordedStructure {
    /// Words one structural edit; one that cannot be made is reported in `problems`.
    pub(super) fn add(
        &mut self,
        tree: &EditionTree,
        edit: &rule_change_edit::Model,
        citation: &str,
    ) -> (String, Option<(String, String)>) {
        let Some(structural) = tree.structural(edit) else {
            self.problems.push(format!(
                "{citation}: the rule is not in the edition this draft amends."
            ));
            return (String::new(), None);
        };
        let result = word_structural_edit(&tree.tree, &structural).and_then(|worded| {
            let mut all: Vec<(&StructuralEdit, &RenumberPlan)> =
                self.accepted.iter().map(|(e, p)| (e, p)).collect();
            all.push((&structural, &worded.plan));
            check_independent(&tree.tree, &all).map(|()| worded)
        });
        match result {
            Ok(worded) => {
                let new_node = worded.new_key.clone().zip(worded.new_label.clone());
                self.accepted.push((structural, worded.plan));
                (worded.wording, new_node)
            }
            Err(error) => {
                self.problems.push(format!("{citation}: {error}"));
                (String::new(), None)
            }
        }
    }

    /// The consequential amendments of the accepted edits, and text edits of deleted rules
    /// reported as problems.
    pub(super) fn consequentials(
        &mut self,
        tree: &EditionTree,
        edits: &[DraftEdit],
    ) -> (Vec<ConsequentialView>, Vec<UnresolvedReference>, String) {
        for edit in edits.iter().filter(|e| e.kind == EditKind::Text) {
            if self
                .accepted
                .iter()
                .any(|(_, plan)| plan.is_removed(&edit.key))
            {
                self.problems.push(format!(
                    "{}: this rule change deletes the rule, so its text edit has no effect; remove one of them.",
                    edit.citation
                ));
            }
        }
        let plans: Vec<&RenumberPlan> = self.accepted.iter().map(|(_, plan)| plan).collect();
        let texts = tree.texts();
        let found = consequentials(&tree.tree, &texts, &plans);
        let key_of = |index: usize| {
            tree.tree
                .get(index)
                .map(|n| n.key.clone())
                .unwrap_or_default()
        };
        let views = found
            .amendments
            .iter()
            .map(|a| ConsequentialView {
                key: key_of(a.node),
                citation: a.citation.clone(),
                replacements: found
                    .references
                    .iter()
                    .filter(|r| r.node == a.node)
                    .map(|r| (r.text.clone(), r.replacement.clone()))
                    .collect(),
                wording: a.generated.wording.clone(),
            })
            .collect();
        let unresolved = found
            .unresolved
            .iter()
            .map(|u| UnresolvedReference {
                key: u.node_key.clone(),
                citation: canonical(&tree.tree, u.node),
                text: u.text.clone(),
                reason: u.reason.message(),
            })
            .collect();
        (views, unresolved, found.wording)
    }
}

/// Adds a structural edit to a draft: a new node of the same kind straight after the rule
/// `key` (with `text`), or the deletion of `key` with everything under it. Refused with a
/// reason when the tree does not allow it (a chapter, irregular numbering) or when it would
/// renumber rules another structural edit of the same draft renumbers. A second new node
/// after the same rule replaces the first one's text.
pub async fn save_structural_edit(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i32,
    id: i32,
    expected_revision: i32,
    key: &str,
    kind: EditKind,
    text: &str,
) -> Result<SaveOutcome, ServiceError> {
    let text = match kind {
        EditKind::Text => {
            return Err(ServiceError::Invalid(
                "Choose to add a rule after this one or to delete it.".into(),
            ));
        }
        EditKind::Delete => "",
        EditKind::InsertAfter => text.trim(),
    };
    if kind == EditKind::InsertAfter && text.is_empty() {
        return Err(ServiceError::Invalid(
            "Write the text of the new rule.".into(),
        ));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ServiceError::Invalid(format!(
            "The text of the new rule is too long ({MAX_TEXT_CHARS} characters at most)."
        )));
    }
    let txn = crate::ssr::services::begin_write(db).await?;
    let draft = authored(&txn, user_id, id).await?;
    let tree = EditionTree::load(&txn, draft.edition_id).await?;
    let index = tree
        .placements
        .iter()
        .position(|p| p.key == key)
        .ok_or_else(|| {
            ServiceError::Invalid(format!(
                "There is no rule {key} in the edition this draft amends."
            ))
        })?;
    let placement = &tree.placements[index];
    let others: Vec<rule_change_edit::Model> = rule_change_edit::Entity::find()
        .filter(rule_change_edit::Column::RuleChangeId.eq(id))
        .all(&txn)
        .await?;
    let same = others
        .iter()
        .find(|e| e.node_id == placement.node_id && kind_of(e) == kind)
        .cloned();
    // The new edit must fit with the draft's other structural edits.
    let mut worded = WordedStructure::default();
    for other in others
        .iter()
        .filter(|e| kind_of(e).is_structural() && Some(e.id) != same.as_ref().map(|s| s.id))
    {
        worded.add(&tree, other, "");
    }
    worded.problems.clear();
    let candidate = rule_change_edit::Model {
        id: 0,
        rule_change_id: id,
        node_id: placement.node_id,
        base_version_id: placement.version_id,
        kind: kind.as_str().to_owned(),
        edited_text: text.to_owned(),
        updated_at: Utc::now(),
    };
    let citation = citation_of_key(&placement.key, &placement.kind);
    worded.add(&tree, &candidate, &citation);
    if let Some(problem) = worded.problems.pop() {
        return Err(ServiceError::Invalid(problem));
    }
    if kind == EditKind::Delete {
        let removed = worded
            .accepted
            .last()
            .map(|(_, plan)| plan.removed.clone())
            .unwrap_or_default();
        if let Some(edited) = others.iter().find(|e| {
            kind_of(e) == EditKind::Text
                && tree
                    .index_of(e.node_id)
                    .is_some_and(|i| removed.contains(&tree.tree[i].key))
        }) {
            let key = tree
                .index_of(edited.node_id)
                .map(|i| canonical(&tree.tree, i))
                .unwrap_or_default();
            return Err(ServiceError::Invalid(format!(
                "This draft also changes the text of {key}, which the deletion would remove; \
                 undo that text change first."
            )));
        }
    }
    if !bump_revision(&txn, id, expected_revision).await? {
        txn.rollback().await?;
        let current = load_draft(db, user_id, id).await?;
        return Ok(SaveOutcome::Conflict {
            current: Box::new(current),
        });
    }
    match same {
        Some(edit) => {
            rule_change_edit::Entity::update(rule_change_edit::ActiveModel {
                id: Set(edit.id),
                edited_text: Set(text.to_owned()),
                updated_at: Set(Utc::now()),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
        }
        None => {
            rule_change_edit::Entity::insert(rule_change_edit::ActiveModel {
                id: NotSet,
                ..candidate.into()
            })
            .exec(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(SaveOutcome::Saved {
        revision: expected_revision + 1,
    })
}
