//! Drafting rule changes: create a draft, save clause edits with an optimistic revision (a
//! second writer is told about the conflict, never silently overwritten), detect drafts made
//! stale by a newer edition, and rebase them by re-applying their instructions.
//!
//! Only a draft's authors can see or change it; to anyone else it does not exist.
//!
//! Its parts: [`commands`] (create, details, co-authors, save, remove, rebase), [`views`] (a
//! draft, my drafts, a clause opened for editing), [`structure`] (structural edits and the
//! tree they are checked against); here, what they share (the author check, the revision bump).

mod commands;
mod structure;
mod views;

pub use commands::{
    DraftDetails, add_co_author, create_draft, rebase_edit, remove_edit, save_edit, update_details,
};
pub use structure::save_structural_edit;
use structure::{EditionTree, WordedStructure};
pub(crate) use views::view;
pub use views::{clause_for_edit, list_drafts, load_draft};

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait,
    sea_query::{Expr, ExprTrait},
};

use crate::domain::citation::{TreeNode, canonical};
use crate::domain::node_key::citation_of_key;
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
use crate::ssr::services::rulebook;

/// The longest title accepted, in characters.
pub(super) const MAX_TITLE_CHARS: usize = 200;

/// The longest one-line summary accepted, in characters.
pub(super) const MAX_SUMMARY_CHARS: usize = 300;

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

pub(super) fn kind_of(edit: &rule_change_edit::Model) -> EditKind {
    EditKind::from_str_name(&edit.kind).unwrap_or_default()
}

/// Order of edits on one node: its text, its deletion, then a node added after it.
pub(super) fn kind_rank(kind: EditKind) -> u8 {
    match kind {
        EditKind::Text => 0,
        EditKind::Delete => 1,
        EditKind::InsertAfter => 2,
    }
}

/// Moves the draft from `expected_revision` to the next, atomically: false when another save
/// got there first (the compare-and-set works across several app servers on one database).
pub(super) async fn bump_revision(
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
