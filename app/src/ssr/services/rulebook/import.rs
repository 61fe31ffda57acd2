//! Importing an edition (matched against the previous one, so unchanged rules keep their
//! identity and renumbered ones are recognised) and exporting one as Markdown.

use super::*;

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The new edition's year.
    pub year: i32,
    /// Its title.
    pub title: String,
    /// Nodes in the new edition.
    pub nodes: usize,
    /// How it matched the previous edition (none for the first edition).
    pub summary: Option<MatchSummary>,
    /// The previous edition's year, if there was one.
    pub predecessor: Option<i32>,
}

/// Imports a parsed edition as the newest edition, in one transaction: nothing is written if
/// anything fails. Nodes are matched against the previous edition so that clause identity
/// survives renumbering; unchanged nodes share the previous edition's text version.
pub async fn import_edition(
    db: &impl TransactionTrait,
    book: &RuleBook,
) -> Result<ImportReport, ServiceError> {
    let txn = crate::ssr::services::begin_write(db).await?;
    let report = import_in(&txn, book).await?;
    txn.commit().await?;
    Ok(report)
}

/// Imports an edition built from carried rule changes inside the caller's transaction: the
/// versions of nodes with a note (by key) record it as their provenance.
pub(crate) async fn import_with_notes(
    db: &impl ConnectionTrait,
    book: &RuleBook,
    notes: &HashMap<String, String>,
) -> Result<ImportReport, ServiceError> {
    import_noted(db, book, Some(notes)).await
}

pub(super) async fn import_in(
    db: &impl ConnectionTrait,
    book: &RuleBook,
) -> Result<ImportReport, ServiceError> {
    import_noted(db, book, None).await
}

pub(super) async fn import_noted(
    db: &impl ConnectionTrait,
    book: &RuleBook,
    notes: Option<&HashMap<String, String>>,
) -> Result<ImportReport, ServiceError> {
    let meta = &book.meta;
    if book.nodes.is_empty() {
        return Err(ServiceError::Invalid(
            "The file has no rules: it needs at least one chapter.".into(),
        ));
    }
    let newest = edition::Entity::find()
        .order_by_desc(edition::Column::Year)
        .one(db)
        .await?;
    if let Some(newest) = &newest
        && newest.year >= meta.year
    {
        return Err(ServiceError::Invalid(if newest.year == meta.year {
            format!(
                "An edition for {} is already imported ({}).",
                meta.year, newest.title
            )
        } else {
            format!(
                "Editions are imported in order: {} is older than the newest edition, {}.",
                meta.year, newest.year
            )
        }));
    }

    let now = Utc::now();
    let inserted = edition::Entity::insert(edition::ActiveModel {
        id: NotSet,
        year: Set(meta.year),
        title: Set(meta.title.clone()),
        published_on: Set(meta.published.clone()),
        conference_year: Set(meta.conference),
        predecessor_id: Set(newest.as_ref().map(|e| e.id)),
        imported_at: Set(now),
    })
    .exec(db)
    .await?;
    let edition_id = inserted.last_insert_id;

    // Match against the previous edition, if any.
    let (matches, prior_versions, summary) = match &newest {
        Some(prev) => {
            let placements = placements(db, prev.id).await?;
            let versions = versions_by_id(db, placements.iter().map(|p| p.version_id)).await?;
            let prior: Vec<PriorNode> = placements
                .iter()
                .filter_map(|p| {
                    let v = versions.get(&p.version_id)?;
                    Some(PriorNode {
                        id: i64::from(p.node_id),
                        key: p.key.clone(),
                        kind: NodeKind::from_str_name(&p.kind)?,
                        heading: v.heading.clone(),
                        text: v.body.clone(),
                    })
                })
                .collect();
            let matched = match_editions(&prior, book);
            let summary = matched.summary();
            let version_of_node: HashMap<i32, i32> = placements
                .iter()
                .map(|p| (p.node_id, p.version_id))
                .collect();
            (matched.matches, version_of_node, Some(summary))
        }
        None => (
            vec![NodeMatch::Added; book.nodes.len()],
            HashMap::new(),
            None,
        ),
    };

    let tree = book.tree();
    let mut node_ids: Vec<i32> = Vec::with_capacity(book.nodes.len());
    let mut rows: Vec<edition_clause::ActiveModel> = Vec::with_capacity(book.nodes.len());
    for (index, node) in book.nodes.iter().enumerate() {
        let key = tree.get(index).map(|t| t.key.clone()).unwrap_or_default();
        let rule_change_note = notes.and_then(|n| n.get(&key)).cloned();
        let outcome = matches.get(index).cloned().unwrap_or(NodeMatch::Added);
        let prior_id = outcome.prior().and_then(|id| i32::try_from(id).ok());
        let text_changed = match &outcome {
            NodeMatch::Unchanged { .. } => false,
            NodeMatch::Renumbered { text_changed, .. } => *text_changed,
            NodeMatch::Changed { .. } | NodeMatch::Added => true,
        };
        let node_id = match prior_id {
            Some(id) => id,
            None => {
                clause_node::Entity::insert(clause_node::ActiveModel {
                    id: NotSet,
                    kind: Set(node.kind.as_str().to_owned()),
                    first_edition_id: Set(edition_id),
                })
                .exec(db)
                .await?
                .last_insert_id
            }
        };
        // A rule a carried rule change touched gets its own version, to carry the note.
        let reused = prior_id
            .filter(|_| !text_changed && rule_change_note.is_none())
            .and_then(|id| prior_versions.get(&id).copied());
        let version_id = match reused {
            Some(version_id) => version_id,
            None => {
                let kind = if rule_change_note.is_some() {
                    "rule_change"
                } else {
                    "imported"
                };
                let note = if let Some(note) = rule_change_note.clone() {
                    note
                } else if prior_id.is_some() {
                    format!("Text changed in {} (imported)", meta.title)
                } else if newest.is_some() {
                    format!("Inserted in {} (imported)", meta.title)
                } else {
                    format!("Imported with {}", meta.title)
                };
                clause_version::Entity::insert(clause_version::ActiveModel {
                    id: NotSet,
                    node_id: Set(node_id),
                    heading: Set(node.heading.clone()),
                    body: Set(node.text.clone()),
                    edition_id: Set(edition_id),
                    change_kind: Set(kind.to_owned()),
                    change_note: Set(Some(note)),
                    created_at: Set(now),
                })
                .exec(db)
                .await?
                .last_insert_id
            }
        };
        node_ids.push(node_id);
        let chapter_key = root_key(&key);
        rows.push(edition_clause::ActiveModel {
            edition_id: Set(edition_id),
            node_id: Set(node_id),
            version_id: Set(version_id),
            parent_node_id: Set(node.parent.and_then(|p| node_ids.get(p).copied())),
            chapter_key: Set(chapter_key),
            key: Set(key),
            label: Set(node.label.clone()),
            kind: Set(node.kind.as_str().to_owned()),
            position: Set(i32::try_from(index).unwrap_or(i32::MAX)),
            depth: Set(i32::try_from(book.path(index).len()).unwrap_or(i32::MAX)),
        });
    }
    for chunk in rows.chunks(200) {
        edition_clause::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    crate::ssr::services::audit::record(
        db,
        None,
        "import_edition",
        crate::ssr::services::audit::Target::Edition,
        Some(meta.year.to_string()),
        Some(format!("{} ({} rules)", meta.title, book.nodes.len())),
    )
    .await?;

    Ok(ImportReport {
        year: meta.year,
        title: meta.title.clone(),
        nodes: book.nodes.len(),
        summary,
        predecessor: newest.map(|e| e.year),
    })
}

/// An edition as a parsed Rule Book (for export).
pub async fn export_edition(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<RuleBook, ServiceError> {
    let edition = edition_by_year(db, year).await?;
    let placements = placements(db, edition.id).await?;
    let versions = versions_by_id(db, placements.iter().map(|p| p.version_id)).await?;
    let index_of: HashMap<i32, usize> = placements
        .iter()
        .enumerate()
        .map(|(i, p)| (p.node_id, i))
        .collect();
    let mut nodes = Vec::with_capacity(placements.len());
    for p in &placements {
        let version = versions
            .get(&p.version_id)
            .ok_or_else(|| ServiceError::NotFound(format!("The text of {} is missing.", p.key)))?;
        nodes.push(Node {
            kind: NodeKind::from_str_name(&p.kind)
                .ok_or_else(|| ServiceError::Invalid(format!("Unknown node kind {}", p.kind)))?,
            label: p.label.clone(),
            heading: version.heading.clone(),
            text: version.body.clone(),
            parent: p.parent_node_id.and_then(|id| index_of.get(&id).copied()),
            line: 0,
        });
    }
    Ok(RuleBook {
        meta: EditionMeta {
            title: edition.title,
            year: edition.year,
            published: edition.published_on,
            conference: edition.conference_year,
        },
        nodes,
    })
}
