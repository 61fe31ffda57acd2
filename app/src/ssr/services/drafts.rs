//! Drafting rule changes: create a draft, save clause edits with an optimistic revision (a
//! second writer is told about the conflict, never silently overwritten), detect drafts made
//! stale by a newer edition, and rebase them by re-applying their instructions.
//!
//! Only a draft's authors can see or change it; to anyone else it does not exist.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait,
    sea_query::{Expr, ExprTrait},
};

use crate::domain::citation::{TreeNode, canonical};
use crate::domain::numbering::NodeKind;
use crate::domain::renumber::RenumberPlan;
use crate::domain::rulebook::tree::is_root_kind;
use crate::domain::structure::{
    StructuralEdit, check_independent, consequentials, word_structural_edit,
};
use crate::domain::wording::{apply_instructions, generate};
use crate::model::drafts::{
    ClauseForEdit, ConsequentialView, DraftEdit, DraftSummary, DraftView, EditKind, RebaseOutcome,
    SaveOutcome, UnresolvedReference,
};
use crate::model::wording::MAX_TEXT_CHARS;
use crate::ssr::entities::{
    clause_version, edition, edition_clause, organisation, rule_change, rule_change_author,
    rule_change_edit, user,
};
use crate::ssr::error::ServiceError;
use crate::ssr::services::audit::{self, Target};
use crate::ssr::services::rulebook::{self, citation_of_key};

/// The longest title accepted, in characters.
const MAX_TITLE_CHARS: usize = 200;
/// The longest one-line summary accepted, in characters.
const MAX_SUMMARY_CHARS: usize = 300;

/// What the "about this rule change" form sets.
#[derive(Debug, Clone, Copy)]
pub struct DraftDetails<'a> {
    /// Its title.
    pub title: &'a str,
    /// Why (not rule text).
    pub supporting_argument: &'a str,
    /// One line in plain language, for the reading pack.
    pub summary: &'a str,
    /// The proposing CLP, affiliate or the NEC.
    pub proposer_org_id: Option<i32>,
}

/// Creates an empty draft against an edition (default: the newest) for a conference; the
/// owner is its first author. Returns its id.
pub async fn create_draft(
    db: &impl TransactionTrait,
    owner_id: i32,
    title: &str,
    edition_year: Option<i32>,
    conference_year: i32,
) -> Result<i32, ServiceError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ServiceError::Invalid(
            "Give the rule change a title.".into(),
        ));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(ServiceError::Invalid(format!(
            "The title is too long ({MAX_TITLE_CHARS} characters at most)."
        )));
    }
    let txn = super::begin_write(db).await?;
    let edition = match edition_year {
        Some(year) => {
            edition::Entity::find()
                .filter(edition::Column::Year.eq(year))
                .one(&txn)
                .await?
        }
        None => {
            edition::Entity::find()
                .order_by_desc(edition::Column::Year)
                .one(&txn)
                .await?
        }
    }
    .ok_or_else(|| ServiceError::NotFound("There is no such edition of the Rule Book.".into()))?;
    let now = Utc::now();
    let id = rule_change::Entity::insert(rule_change::ActiveModel {
        id: NotSet,
        title: Set(title.to_owned()),
        owner_id: Set(owner_id),
        proposer_org_id: Set(None),
        supporting_argument: Set(String::new()),
        conference_year: Set(conference_year),
        edition_id: Set(edition.id),
        status: Set("draft".to_owned()),
        package_id: Set(None),
        revision: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    rule_change_author::Entity::insert(rule_change_author::ActiveModel {
        rule_change_id: Set(id),
        user_id: Set(owner_id),
        added_at: Set(now),
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        Some(owner_id),
        "create_draft",
        Target::RuleChange,
        Some(id.to_string()),
        Some(title.to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The draft, if `user_id` is one of its authors.
pub(crate) async fn authored(
    db: &impl ConnectionTrait,
    user_id: i32,
    id: i32,
) -> Result<rule_change::Model, ServiceError> {
    let not_found = || ServiceError::NotFound(format!("There is no draft {id} that you can edit."));
    let draft = rule_change::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    rule_change_author::Entity::find_by_id((id, user_id))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    Ok(draft)
}

/// The draft with every edit, its wording, diff and staleness (a fixed number of queries).
pub async fn load_draft(
    db: &impl ConnectionTrait,
    user_id: i32,
    id: i32,
) -> Result<DraftView, ServiceError> {
    let draft = authored(db, user_id, id).await?;
    view(db, draft).await
}

pub(crate) async fn view(
    db: &impl ConnectionTrait,
    draft: rule_change::Model,
) -> Result<DraftView, ServiceError> {
    let edits = rule_change_edit::Entity::find()
        .filter(rule_change_edit::Column::RuleChangeId.eq(draft.id))
        .all(db)
        .await?;
    let editions = edition::Entity::find()
        .order_by_desc(edition::Column::Year)
        .all(db)
        .await?;
    let draft_edition = editions
        .iter()
        .find(|e| e.id == draft.edition_id)
        .ok_or_else(|| ServiceError::NotFound("The draft's edition no longer exists.".into()))?;
    let newest = editions.first().unwrap_or(draft_edition);
    let node_ids: Vec<i32> = edits.iter().map(|e| e.node_id).collect();
    let placements = edition_clause::Entity::find()
        .filter(edition_clause::Column::NodeId.is_in(node_ids))
        .filter(edition_clause::Column::EditionId.is_in([draft_edition.id, newest.id]))
        .all(db)
        .await?;
    let placed = |edition_id: i32, node_id: i32| {
        placements
            .iter()
            .find(|p| p.edition_id == edition_id && p.node_id == node_id)
    };
    let mut version_ids: Vec<i32> = edits.iter().map(|e| e.base_version_id).collect();
    version_ids.extend(placements.iter().map(|p| p.version_id));
    let versions = rulebook::versions_by_id(db, version_ids).await?;
    let structure = if edits.iter().any(|e| kind_of(e).is_structural()) {
        Some(EditionTree::load(db, draft_edition.id).await?)
    } else {
        None
    };
    let mut worded = WordedStructure::default();

    let mut out = Vec::with_capacity(edits.len());
    for edit in edits {
        let kind = kind_of(&edit);
        let here =
            placed(draft_edition.id, edit.node_id).or_else(|| placed(newest.id, edit.node_id));
        let (key, node_kind, position) = here
            .map_or((String::new(), String::new(), i32::MAX), |p| {
                (p.key.clone(), p.kind.clone(), p.position)
            });
        let citation = citation_of_key(&key, &node_kind);
        let clause_text = versions
            .get(&edit.base_version_id)
            .map(|v| v.body.clone())
            .unwrap_or_default();
        let newest_placement = placed(newest.id, edit.node_id);
        let changed_underneath =
            newest_placement.is_some_and(|p| p.version_id != edit.base_version_id);
        let (current_text, current_year) = match newest_placement {
            // A new node after this one does not depend on its text.
            Some(_) if kind == EditKind::InsertAfter => (None, None),
            Some(p) if changed_underneath => (
                versions.get(&p.version_id).map(|v| v.body.clone()),
                Some(newest.year),
            ),
            Some(_) => (None, None),
            None => (Some(String::new()), Some(newest.year)),
        };
        let (base_text, edited_text, wording, new_node) = match (kind, &structure) {
            (EditKind::Text, _) | (_, None) => {
                let wording = generate(&citation, &clause_text, &edit.edited_text).wording;
                (clause_text, edit.edited_text, wording, None)
            }
            (EditKind::InsertAfter | EditKind::Delete, Some(tree)) => {
                let (wording, new_node) = worded.add(tree, &edit, &citation);
                match kind {
                    EditKind::Delete => (clause_text, String::new(), wording, None),
                    _ => (String::new(), edit.edited_text, wording, new_node),
                }
            }
        };
        let diff = crate::domain::diff::word_diff(&base_text, &edited_text);
        out.push((
            (position, kind_rank(kind)),
            DraftEdit {
                id: edit.id,
                kind,
                new_node,
                node_id: edit.node_id,
                key,
                position,
                citation,
                base_text,
                edited_text,
                wording,
                diff,
                current_text,
                current_year,
            },
        ));
    }
    out.sort_by_key(|(order, _)| *order);
    let edits: Vec<DraftEdit> = out.into_iter().map(|(_, edit)| edit).collect();
    let (consequentials, unresolved_references, consequential_wording) = match &structure {
        Some(tree) => worded.consequentials(tree, &edits),
        None => (Vec::new(), Vec::new(), String::new()),
    };
    let mut wording = edits
        .iter()
        .map(|e| e.wording.as_str())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if !consequential_wording.is_empty() {
        wording.push_str("\n\n");
        wording.push_str(&consequential_wording);
    }
    let author_ids: Vec<i32> = rule_change_author::Entity::find()
        .filter(rule_change_author::Column::RuleChangeId.eq(draft.id))
        .order_by_asc(rule_change_author::Column::AddedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(author_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut authors: Vec<String> = author_ids
        .iter()
        .filter_map(|id| names.get(id).cloned())
        .collect();
    if let Some(owner) = names.get(&draft.owner_id) {
        authors.retain(|n| n != owner);
        authors.insert(0, owner.clone());
    }
    Ok(DraftView {
        id: draft.id,
        title: draft.title,
        supporting_argument: draft.supporting_argument,
        summary: draft.summary,
        conference_year: draft.conference_year,
        edition_year: draft_edition.year,
        status: draft.status,
        revision: draft.revision,
        edits,
        wording,
        package_id: draft.package_id,
        proposer_org_id: draft.proposer_org_id,
        authors,
        consequentials,
        unresolved_references,
        structure_problems: worded.problems,
    })
}

fn kind_of(edit: &rule_change_edit::Model) -> EditKind {
    EditKind::from_str_name(&edit.kind).unwrap_or_default()
}

/// Order of edits on one node: its text, its deletion, then a node added after it.
fn kind_rank(kind: EditKind) -> u8 {
    match kind {
        EditKind::Text => 0,
        EditKind::Delete => 1,
        EditKind::InsertAfter => 2,
    }
}

/// One edition's whole tree with every node's text, for structural edits.
pub(crate) struct EditionTree {
    placements: Vec<edition_clause::Model>,
    tree: Vec<TreeNode>,
    texts: Vec<String>,
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

    fn index_of(&self, node_id: i32) -> Option<usize> {
        self.placements.iter().position(|p| p.node_id == node_id)
    }

    fn texts(&self) -> Vec<(usize, &str)> {
        self.texts.iter().map(String::as_str).enumerate().collect()
    }

    /// The structural edit a stored edit stands for.
    fn structural(&self, edit: &rule_change_edit::Model) -> Option<StructuralEdit> {
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
struct WordedStructure {
    accepted: Vec<(StructuralEdit, RenumberPlan)>,
    problems: Vec<String>,
}

impl WordedStructure {
    /// Words one structural edit; one that cannot be made is reported in `problems`.
    fn add(
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
    fn consequentials(
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

/// Moves the draft from `expected_revision` to the next, atomically: false when another save
/// got there first (the compare-and-set works across several app servers on one database).
async fn bump_revision(
    db: &impl ConnectionTrait,
    id: i32,
    expected_revision: i32,
) -> Result<bool, ServiceError> {
    let result = rule_change::Entity::update_many()
        .col_expr(
            rule_change::Column::Revision,
            Expr::col(rule_change::Column::Revision).add(1),
        )
        .col_expr(rule_change::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(rule_change::Column::Id.eq(id))
        .filter(rule_change::Column::Revision.eq(expected_revision))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Saves the edited text of one clause (by key in the draft's edition). An edit that brings
/// the text back to the rule as it stands is removed. A save that started from an old
/// revision writes nothing and returns the draft as it now stands.
pub async fn save_edit(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i32,
    id: i32,
    expected_revision: i32,
    key: &str,
    edited_text: &str,
) -> Result<SaveOutcome, ServiceError> {
    if edited_text.chars().count() > MAX_TEXT_CHARS {
        return Err(ServiceError::Invalid(format!(
            "The clause text is too long ({MAX_TEXT_CHARS} characters at most)."
        )));
    }
    let txn = super::begin_write(db).await?;
    let draft = authored(&txn, user_id, id).await?;
    let placement = edition_clause::Entity::find()
        .filter(edition_clause::Column::EditionId.eq(draft.edition_id))
        .filter(edition_clause::Column::Key.eq(key))
        .one(&txn)
        .await?
        .ok_or_else(|| {
            ServiceError::Invalid(format!(
                "There is no rule {key} in the edition this draft amends."
            ))
        })?;
    if !bump_revision(&txn, id, expected_revision).await? {
        txn.rollback().await?;
        let current = load_draft(db, user_id, id).await?;
        return Ok(SaveOutcome::Conflict {
            current: Box::new(current),
        });
    }
    let existing = rule_change_edit::Entity::find()
        .filter(rule_change_edit::Column::RuleChangeId.eq(id))
        .filter(rule_change_edit::Column::NodeId.eq(placement.node_id))
        .filter(rule_change_edit::Column::Kind.eq(EditKind::Text.as_str()))
        .one(&txn)
        .await?;
    let base_version_id = existing
        .as_ref()
        .map_or(placement.version_id, |e| e.base_version_id);
    let base = clause_version::Entity::find_by_id(base_version_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("The text of {key} is missing.")))?;
    let now = Utc::now();
    match existing {
        Some(edit) if base.body == edited_text => {
            rule_change_edit::Entity::delete_by_id(edit.id)
                .exec(&txn)
                .await?;
        }
        Some(edit) => {
            rule_change_edit::Entity::update(rule_change_edit::ActiveModel {
                id: Set(edit.id),
                edited_text: Set(edited_text.to_owned()),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
        }
        None if base.body == edited_text => {}
        None => {
            rule_change_edit::Entity::insert(rule_change_edit::ActiveModel {
                id: NotSet,
                rule_change_id: Set(id),
                node_id: Set(placement.node_id),
                base_version_id: Set(base_version_id),
                kind: Set(EditKind::Text.as_str().to_owned()),
                edited_text: Set(edited_text.to_owned()),
                updated_at: Set(now),
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
    let txn = super::begin_write(db).await?;
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

/// Removes one edit (text or structural) from a draft, from `expected_revision`.
pub async fn remove_edit(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i32,
    id: i32,
    expected_revision: i32,
    edit_id: i32,
) -> Result<SaveOutcome, ServiceError> {
    let txn = super::begin_write(db).await?;
    authored(&txn, user_id, id).await?;
    let edit = rule_change_edit::Entity::find_by_id(edit_id)
        .filter(rule_change_edit::Column::RuleChangeId.eq(id))
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("Draft {id} has no edit {edit_id}.")))?;
    if !bump_revision(&txn, id, expected_revision).await? {
        txn.rollback().await?;
        let current = load_draft(db, user_id, id).await?;
        return Ok(SaveOutcome::Conflict {
            current: Box::new(current),
        });
    }
    rule_change_edit::Entity::delete_by_id(edit.id)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(SaveOutcome::Saved {
        revision: expected_revision + 1,
    })
}

/// Re-applies one stale edit's instructions to the newest edition's text of its clause. When
/// every instruction applies, the edit now amends the newest text (and the draft the newest
/// edition once no edit is stale); otherwise nothing changes and the problems say why.
pub async fn rebase_edit(
    db: &impl TransactionTrait,
    user_id: i32,
    id: i32,
    edit_id: i32,
    expected_revision: i32,
) -> Result<RebaseOutcome, ServiceError> {
    let txn = super::begin_write(db).await?;
    let draft = authored(&txn, user_id, id).await?;
    let before = view(&txn, draft.clone()).await?;
    let edit = before
        .edits
        .iter()
        .find(|e| e.id == edit_id)
        .ok_or_else(|| ServiceError::NotFound(format!("Draft {id} has no edit {edit_id}.")))?;
    let Some(current_text) = &edit.current_text else {
        return Ok(RebaseOutcome {
            rebased: true,
            result: edit.edited_text.clone(),
            problems: Vec::new(),
            revision: draft.revision,
        });
    };
    let instructions = generate(&edit.citation, &edit.base_text, &edit.edited_text).instructions;
    let applied = apply_instructions(current_text, &instructions);
    let newest = edition::Entity::find()
        .order_by_desc(edition::Column::Year)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::NotFound("No edition of the Rule Book exists.".into()))?;
    let placement = edition_clause::Entity::find()
        .filter(edition_clause::Column::EditionId.eq(newest.id))
        .filter(edition_clause::Column::NodeId.eq(edit.node_id))
        .one(&txn)
        .await?;
    let (Some(placement), true) = (placement, applied.problems.is_empty()) else {
        txn.rollback().await?;
        return Ok(RebaseOutcome {
            rebased: false,
            result: applied.result,
            problems: applied.problems,
            revision: draft.revision,
        });
    };
    if !bump_revision(&txn, id, expected_revision).await? {
        txn.rollback().await?;
        return Err(ServiceError::Conflict(
            "Someone else changed this draft meanwhile; reload it and rebase again.".into(),
        ));
    }
    rule_change_edit::Entity::update(rule_change_edit::ActiveModel {
        id: Set(edit_id),
        base_version_id: Set(placement.version_id),
        edited_text: Set(applied.result.clone()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        Some(user_id),
        "rebase_draft_edit",
        Target::RuleChange,
        Some(id.to_string()),
        Some(format!(
            "{} re-applied to Rule Book {}",
            edit.citation, newest.year
        )),
    )
    .await?;
    if before
        .edits
        .iter()
        .all(|e| e.id == edit_id || !e.is_stale())
    {
        rule_change::Entity::update_many()
            .col_expr(rule_change::Column::EditionId, Expr::value(newest.id))
            .filter(rule_change::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(RebaseOutcome {
        rebased: true,
        result: applied.result,
        problems: Vec::new(),
        revision: expected_revision + 1,
    })
}

/// The drafts `user_id` is an author of, newest first.
pub async fn list_drafts(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<DraftSummary>, ServiceError> {
    let ids: Vec<i32> = rule_change_author::Entity::find()
        .filter(rule_change_author::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.rule_change_id)
        .collect();
    let drafts = rule_change::Entity::find()
        .filter(rule_change::Column::Id.is_in(ids.clone()))
        .order_by_desc(rule_change::Column::UpdatedAt)
        .all(db)
        .await?;
    let edits = rule_change_edit::Entity::find()
        .filter(rule_change_edit::Column::RuleChangeId.is_in(ids))
        .all(db)
        .await?;
    Ok(drafts
        .into_iter()
        .map(|d| DraftSummary {
            edits: edits.iter().filter(|e| e.rule_change_id == d.id).count() as u64,
            id: d.id,
            title: d.title,
            conference_year: d.conference_year,
            status: d.status,
        })
        .collect())
}

/// Opens one clause of a draft for editing, by citation in any style (resolved in the draft's
/// edition).
pub async fn clause_for_edit(
    db: &impl ConnectionTrait,
    user_id: i32,
    id: i32,
    citation_text: &str,
) -> Result<ClauseForEdit, ServiceError> {
    let draft = authored(db, user_id, id).await?;
    let edition = edition::Entity::find_by_id(draft.edition_id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound("The draft's edition no longer exists.".into()))?;
    let (_, placement) = rulebook::resolve_placement(db, citation_text, Some(edition.year)).await?;
    let key = placement.key.clone();
    let existing = rule_change_edit::Entity::find()
        .filter(rule_change_edit::Column::RuleChangeId.eq(id))
        .filter(rule_change_edit::Column::NodeId.eq(placement.node_id))
        .filter(rule_change_edit::Column::Kind.eq(EditKind::Text.as_str()))
        .one(db)
        .await?;
    let base_version_id = existing
        .as_ref()
        .map_or(placement.version_id, |e| e.base_version_id);
    let base = clause_version::Entity::find_by_id(base_version_id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("The text of {key} is missing.")))?;
    let node_kind = NodeKind::from_str_name(&placement.kind);
    Ok(ClauseForEdit {
        noun: node_kind.map_or("rule", NodeKind::noun).to_owned(),
        can_restructure: node_kind.is_some_and(|k| !is_root_kind(k)),
        citation: citation_of_key(&placement.key, &placement.kind),
        key: placement.key,
        edited_text: existing.map_or_else(|| base.body.clone(), |e| e.edited_text),
        base_text: base.body,
        revision: draft.revision,
    })
}

/// Changes a draft's title, supporting argument and proposing organisation, from
/// `expected_revision` (a concurrent change gives a conflict, as for clause edits).
pub async fn update_details(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i32,
    id: i32,
    expected_revision: i32,
    details: &DraftDetails<'_>,
) -> Result<SaveOutcome, ServiceError> {
    let DraftDetails {
        title,
        supporting_argument,
        summary,
        proposer_org_id,
    } = *details;
    let title = title.trim();
    let summary = summary.trim();
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        return Err(ServiceError::Invalid(format!(
            "The one-line summary is too long ({MAX_SUMMARY_CHARS} characters at most)."
        )));
    }
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(ServiceError::Invalid(format!(
            "Give the rule change a title of at most {MAX_TITLE_CHARS} characters."
        )));
    }
    if supporting_argument.chars().count() > MAX_TEXT_CHARS {
        return Err(ServiceError::Invalid(format!(
            "The supporting argument is too long ({MAX_TEXT_CHARS} characters at most)."
        )));
    }
    let txn = super::begin_write(db).await?;
    authored(&txn, user_id, id).await?;
    if let Some(org) = proposer_org_id
        && organisation::Entity::find_by_id(org)
            .one(&txn)
            .await?
            .is_none()
    {
        return Err(ServiceError::Invalid(
            "Choose the proposing CLP, affiliate or the NEC from the list.".into(),
        ));
    }
    if !bump_revision(&txn, id, expected_revision).await? {
        txn.rollback().await?;
        let current = load_draft(db, user_id, id).await?;
        return Ok(SaveOutcome::Conflict {
            current: Box::new(current),
        });
    }
    rule_change::Entity::update_many()
        .col_expr(rule_change::Column::Title, Expr::value(title))
        .col_expr(
            rule_change::Column::SupportingArgument,
            Expr::value(supporting_argument.trim()),
        )
        .col_expr(
            rule_change::Column::ProposerOrgId,
            Expr::value(proposer_org_id),
        )
        .col_expr(rule_change::Column::Summary, Expr::value(summary))
        .filter(rule_change::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(SaveOutcome::Saved {
        revision: expected_revision + 1,
    })
}

/// Adds a co-author by e-mail address; only an author may, and the address must belong to an
/// account (the message says so without revealing anything else).
pub async fn add_co_author(
    db: &impl TransactionTrait,
    user_id: i32,
    id: i32,
    email: &str,
) -> Result<(), ServiceError> {
    let txn = super::begin_write(db).await?;
    authored(&txn, user_id, id).await?;
    let co_author = crate::ssr::services::accounts::find_by_email(&txn, email)
        .await?
        .ok_or_else(|| {
            ServiceError::Invalid(
                "No account has that e-mail address; ask them to sign up first.".into(),
            )
        })?;
    if rule_change_author::Entity::find_by_id((id, co_author.id))
        .one(&txn)
        .await?
        .is_none()
    {
        rule_change_author::Entity::insert(rule_change_author::ActiveModel {
            rule_change_id: Set(id),
            user_id: Set(co_author.id),
            added_at: Set(Utc::now()),
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            Some(user_id),
            "add_co_author",
            Target::RuleChange,
            Some(id.to_string()),
            Some(format!("user {}", co_author.id)),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
