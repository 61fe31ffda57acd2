//! Changing a draft: creating it, its details and co-authors, saving and removing clause
//! edits with an optimistic revision, and rebasing an edit made stale by a newer edition.

use super::*;

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
    let txn = crate::ssr::services::begin_write(db).await?;
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
    let txn = crate::ssr::services::begin_write(db).await?;
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
    let txn = crate::ssr::services::begin_write(db).await?;
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
    let txn = crate::ssr::services::begin_write(db).await?;
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

/// Removes one edit (text or structural) from a draft, from `expected_revision`.
pub async fn remove_edit(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i32,
    id: i32,
    expected_revision: i32,
    edit_id: i32,
) -> Result<SaveOutcome, ServiceError> {
    let txn = crate::ssr::services::begin_write(db).await?;
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
    let txn = crate::ssr::services::begin_write(db).await?;
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
