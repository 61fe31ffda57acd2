//! Reading drafts: a draft with every edit worded and diffed, the list of mine, and a clause
//! opened for editing.

use super::*;

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
