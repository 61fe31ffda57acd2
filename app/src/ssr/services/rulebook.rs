//! Rule Book editions: import and export, and every read the reading pages make.
//!
//! Reads load an edition's placements in one query and the versions they point at in another,
//! so a chapter or clause page costs a fixed number of queries however many rules it shows.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Statement, TransactionSession, TransactionTrait,
};

use crate::domain::citation::{self, TreeNode};
use crate::domain::diff::{DiffSpan, word_diff};
use crate::domain::numbering::NodeKind;
use crate::domain::rulebook::{
    EditionMeta, MatchSummary, Node, NodeMatch, PriorNode, RuleBook, match_editions,
};
use crate::model::rulebook::{
    ClauseHistory, CompareEntry, CompareStatus, Crumb, EditionComparison, EditionLink,
    EditionSummary, EditionToc, HIT_END, HIT_START, HistoryEntry, RuleNode, RuleView, SEARCH_LIMIT,
    SearchHit, SearchResults, TocEntry,
};
use crate::ssr::entities::{clause_node, clause_version, edition, edition_clause};
use crate::ssr::error::ServiceError;

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
    let txn = super::begin_write(db).await?;
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

async fn import_in(
    db: &impl ConnectionTrait,
    book: &RuleBook,
) -> Result<ImportReport, ServiceError> {
    import_noted(db, book, None).await
}

async fn import_noted(
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
    super::audit::record(
        db,
        None,
        "import_edition",
        super::audit::Target::Edition,
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

/// The longest citation or search accepted, in characters.
const MAX_QUERY_CHARS: usize = 200;

/// Refuses typed input over `max` characters with a message naming `what` it was.
fn at_most(text: &str, max: usize, what: &str) -> Result<(), ServiceError> {
    if text.chars().count() > max {
        return Err(ServiceError::Invalid(format!(
            "That is too long for {what} ({max} characters at most)."
        )));
    }
    Ok(())
}

/// The key of the chapter or appendix a key belongs to (`2.I.4` → `2`).
fn root_key(key: &str) -> String {
    key.split('.').next().unwrap_or(key).to_owned()
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

/// Whether any edition has been imported.
pub async fn has_editions(db: &impl ConnectionTrait) -> Result<bool, ServiceError> {
    Ok(edition::Entity::find().count(db).await? > 0)
}

/// Every edition, newest first, with its node count (two queries).
pub async fn list_editions(db: &impl ConnectionTrait) -> Result<Vec<EditionSummary>, ServiceError> {
    let editions = edition::Entity::find()
        .order_by_desc(edition::Column::Year)
        .all(db)
        .await?;
    let counts = node_counts(db).await?;
    Ok(editions
        .into_iter()
        .map(|e| {
            let count = counts.get(&e.id).copied().unwrap_or(0);
            summary(e, count)
        })
        .collect())
}

async fn node_counts(db: &impl ConnectionTrait) -> Result<HashMap<i32, u64>, ServiceError> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT edition_id, COUNT(*) AS n FROM edition_clause GROUP BY edition_id",
        ))
        .await?;
    let mut out = HashMap::new();
    for row in rows {
        let id: i32 = row.try_get("", "edition_id")?;
        let n: i64 = row.try_get("", "n")?;
        out.insert(id, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

fn summary(e: edition::Model, node_count: u64) -> EditionSummary {
    EditionSummary {
        year: e.year,
        title: e.title,
        published_on: e.published_on,
        conference_year: e.conference_year,
        node_count,
    }
}

async fn edition_by_year(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<edition::Model, ServiceError> {
    edition::Entity::find()
        .filter(edition::Column::Year.eq(year))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("There is no Rule Book edition for {year}.")))
}

/// The edition for `year`, or the newest when `None`.
async fn edition_or_newest(
    db: &impl ConnectionTrait,
    year: Option<i32>,
) -> Result<edition::Model, ServiceError> {
    match year {
        Some(year) => edition_by_year(db, year).await,
        None => edition::Entity::find()
            .order_by_desc(edition::Column::Year)
            .one(db)
            .await?
            .ok_or_else(|| {
                ServiceError::NotFound("No edition of the Rule Book has been imported yet.".into())
            }),
    }
}

/// All placements of an edition in document order (one query).
pub(crate) async fn placements(
    db: &impl ConnectionTrait,
    edition_id: i32,
) -> Result<Vec<edition_clause::Model>, ServiceError> {
    Ok(edition_clause::Entity::find()
        .filter(edition_clause::Column::EditionId.eq(edition_id))
        .order_by_asc(edition_clause::Column::Position)
        .all(db)
        .await?)
}

/// Clause versions by id (one query per 500 versions).
pub(crate) async fn versions_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, clause_version::Model>, ServiceError> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for v in clause_version::Entity::find()
            .filter(clause_version::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.insert(v.id, v);
        }
    }
    Ok(out)
}

/// The citation resolver's view of an edition, index-aligned with `placements`.
pub(crate) fn tree_of(placements: &[edition_clause::Model]) -> Vec<TreeNode> {
    let index_of: HashMap<i32, usize> = placements
        .iter()
        .enumerate()
        .map(|(i, p)| (p.node_id, i))
        .collect();
    placements
        .iter()
        .map(|p| TreeNode {
            key: p.key.clone(),
            kind: NodeKind::from_str_name(&p.kind).unwrap_or(NodeKind::Section),
            label: p.label.clone(),
            parent: p.parent_node_id.and_then(|id| index_of.get(&id).copied()),
        })
        .collect()
}

/// Resolves a citation in any common style to the rule it names in an edition (default:
/// newest): the edition and the rule's placement there.
pub(crate) async fn resolve_placement(
    db: &impl ConnectionTrait,
    text: &str,
    edition_year: Option<i32>,
) -> Result<(edition::Model, edition_clause::Model), ServiceError> {
    let text = text.trim();
    at_most(text, MAX_QUERY_CHARS, "a rule reference")?;
    let edition = edition_or_newest(db, edition_year).await?;
    let mut placements = placements(db, edition.id).await?;
    let tree = tree_of(&placements);
    match citation::resolve(text, &tree) {
        Ok(index) => Ok((edition, placements.swap_remove(index))),
        Err(error @ citation::CitationError::NotFound { .. }) => {
            Err(ServiceError::NotFound(error.to_string()))
        }
        Err(other) => Err(ServiceError::Invalid(other.to_string())),
    }
}

/// Resolves a citation in any common style to the permalink of the rule it names.
pub async fn resolve_citation(
    db: &impl ConnectionTrait,
    text: &str,
    edition_year: Option<i32>,
) -> Result<String, ServiceError> {
    let (edition, placement) = resolve_placement(db, text, edition_year).await?;
    Ok(format!("/rules/{}/{}", edition.year, placement.key))
}

/// The table of contents (chapters, parts, clauses) of an edition (default: newest).
pub async fn edition_toc(
    db: &impl ConnectionTrait,
    year: Option<i32>,
) -> Result<EditionToc, ServiceError> {
    let edition = edition_or_newest(db, year).await?;
    let placements = placements(db, edition.id).await?;
    let versions = versions_by_id(db, placements.iter().map(|p| p.version_id)).await?;
    let tree = tree_of(&placements);
    let entries = placements
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.kind.as_str(), "chapter" | "appendix" | "part" | "clause"))
        .map(|(i, p)| TocEntry {
            key: p.key.clone(),
            kind: tree[i].kind,
            citation: citation::canonical(&tree, i),
            heading: versions.get(&p.version_id).and_then(|v| v.heading.clone()),
            depth: p.depth,
        })
        .collect();
    let count = placements.len() as u64;
    Ok(EditionToc {
        edition: summary(edition, count),
        editions: list_editions(db).await?,
        entries,
    })
}

/// A rule and everything below it, as it stands in an edition (default: newest).
/// Bounded queries: edition, placements, versions, the node's other editions, and editions.
pub async fn rule_view(
    db: &impl ConnectionTrait,
    year: Option<i32>,
    key: &str,
) -> Result<RuleView, ServiceError> {
    let edition = edition_or_newest(db, year).await?;
    let placements = placements(db, edition.id).await?;
    let tree = tree_of(&placements);
    let Some(start) = placements.iter().position(|p| p.key == key) else {
        let hint = match citation::resolve(key, &tree) {
            Ok(i) => format!(" Did you mean {}?", citation::canonical(&tree, i)),
            Err(error) => format!(" {error}"),
        };
        return Err(ServiceError::NotFound(format!(
            "There is no rule {key} in {}.{hint}",
            edition.title
        )));
    };
    // Descendants follow their ancestor in document order and are deeper.
    let depth = placements[start].depth;
    let end = placements[start + 1..]
        .iter()
        .position(|p| p.depth <= depth)
        .map_or(placements.len(), |offset| start + 1 + offset);
    let shown = &placements[start..end];
    let versions = versions_by_id(db, shown.iter().map(|p| p.version_id)).await?;
    let nodes = shown
        .iter()
        .enumerate()
        .map(|(offset, p)| rule_node(p, &tree, start + offset, versions.get(&p.version_id)))
        .collect();

    let mut breadcrumbs = Vec::new();
    let mut cursor = tree[start].parent;
    while let Some(i) = cursor {
        breadcrumbs.push(Crumb {
            key: tree[i].key.clone(),
            title: crumb_title(&tree[i]),
        });
        cursor = tree[i].parent;
    }
    breadcrumbs.reverse();

    let siblings: Vec<usize> = (0..tree.len())
        .filter(|&i| tree[i].parent == tree[start].parent)
        .collect();
    let at = siblings.iter().position(|&i| i == start);
    let crumb = |i: usize| Crumb {
        key: tree[i].key.clone(),
        title: citation::canonical(&tree, i),
    };
    let previous = at
        .and_then(|a| a.checked_sub(1))
        .and_then(|a| siblings.get(a))
        .map(|&i| crumb(i));
    let next = at.and_then(|a| siblings.get(a + 1)).map(|&i| crumb(i));

    let node_id = placements[start].node_id;
    let in_editions = editions_of_node(db, node_id).await?;
    let count = placements.len() as u64;
    Ok(RuleView {
        edition: summary(edition, count),
        nodes,
        breadcrumbs,
        in_editions,
        previous,
        next,
    })
}

fn rule_node(
    p: &edition_clause::Model,
    tree: &[TreeNode],
    index: usize,
    version: Option<&clause_version::Model>,
) -> RuleNode {
    RuleNode {
        node_id: p.node_id,
        key: p.key.clone(),
        kind: tree[index].kind,
        label: p.label.clone(),
        citation: citation::canonical(tree, index),
        heading: version.and_then(|v| v.heading.clone()),
        text: version.map(|v| v.body.clone()).unwrap_or_default(),
        depth: p.depth,
        change_note: version
            .filter(|v| v.change_kind == "rule_change")
            .and_then(|v| v.change_note.clone()),
    }
}

fn crumb_title(node: &TreeNode) -> String {
    match node.kind {
        NodeKind::Chapter => format!("Chapter {}", node.label),
        NodeKind::Appendix => format!("Appendix {}", node.label),
        NodeKind::Part => format!("Part {}", node.label),
        NodeKind::Clause => format!("Clause {}", node.label),
        _ => node.label.clone(),
    }
}

/// Every edition that contains the node, newest first, with its key there.
async fn editions_of_node(
    db: &impl ConnectionTrait,
    node_id: i32,
) -> Result<Vec<EditionLink>, ServiceError> {
    let rows = edition_clause::Entity::find()
        .filter(edition_clause::Column::NodeId.eq(node_id))
        .all(db)
        .await?;
    let editions: HashMap<i32, i32> = edition::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.year))
        .collect();
    let mut links: Vec<EditionLink> = rows
        .into_iter()
        .filter_map(|r| {
            Some(EditionLink {
                year: *editions.get(&r.edition_id)?,
                key: r.key,
            })
        })
        .collect();
    links.sort_by_key(|link| std::cmp::Reverse(link.year));
    Ok(links)
}

/// Every edition's version of a node, oldest first, each diffed against the one before.
pub async fn clause_history(
    db: &impl ConnectionTrait,
    year: i32,
    key: &str,
) -> Result<ClauseHistory, ServiceError> {
    let edition = edition_by_year(db, year).await?;
    let here = edition_clause::Entity::find()
        .filter(edition_clause::Column::EditionId.eq(edition.id))
        .filter(edition_clause::Column::Key.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| {
            ServiceError::NotFound(format!("There is no rule {key} in {}.", edition.title))
        })?;
    let mut rows = edition_clause::Entity::find()
        .filter(edition_clause::Column::NodeId.eq(here.node_id))
        .all(db)
        .await?;
    let editions: HashMap<i32, edition::Model> = edition::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    rows.sort_by_key(|r| editions.get(&r.edition_id).map_or(0, |e| e.year));
    let versions = versions_by_id(db, rows.iter().map(|p| p.version_id)).await?;

    let mut entries: Vec<HistoryEntry> = Vec::with_capacity(rows.len());
    let mut citation_here = key.to_owned();
    let mut previous: Option<(&edition_clause::Model, &clause_version::Model)> = None;
    for row in &rows {
        let (Some(e), Some(v)) = (editions.get(&row.edition_id), versions.get(&row.version_id))
        else {
            continue;
        };
        // The canonical citation needs the edition's tree: build it from the key instead
        // (keys encode the path), which costs no query per edition.
        let citation = citation_of_key(&row.key, &row.kind);
        if row.edition_id == edition.id {
            citation_here = citation.clone();
        }
        let (changed, renumbered, diff) = match previous {
            Some((prev_row, prev_v)) => {
                let changed = prev_v.id != v.id;
                let diff = if changed {
                    diff_node(Some(prev_v), Some(v))
                } else {
                    Vec::new()
                };
                (changed, prev_row.key != row.key, diff)
            }
            None => (false, false, Vec::new()),
        };
        let change_note = if changed || previous.is_none() {
            v.change_note
                .clone()
                .unwrap_or_else(|| "Imported".to_owned())
        } else if renumbered {
            format!("Renumbered in {}; text unchanged", e.title)
        } else {
            "Unchanged".to_owned()
        };
        entries.push(HistoryEntry {
            year: e.year,
            title: e.title.clone(),
            key: row.key.clone(),
            citation,
            heading: v.heading.clone(),
            text: v.body.clone(),
            changed,
            renumbered,
            diff,
            change_note,
        });
        previous = Some((row, v));
    }
    Ok(ClauseHistory {
        citation: citation_here,
        year,
        key: key.to_owned(),
        entries,
    })
}

/// The canonical citation of a node from its key alone (keys encode the path; parts and
/// clauses are told apart by the node kinds recorded along it where known).
pub(crate) fn citation_of_key(key: &str, kind: &str) -> String {
    let (root_kind, rest) = match key.strip_prefix("appendix-") {
        Some(rest) => (NodeKind::Appendix, rest),
        None => (NodeKind::Chapter, key),
    };
    let labels: Vec<&str> = rest.split('.').collect();
    // Rebuild a minimal tree along the path and let `canonical` format it.
    let kinds = infer_kinds(root_kind, &labels, NodeKind::from_str_name(kind));
    let mut tree = Vec::with_capacity(labels.len());
    let mut key_so_far = String::new();
    for (i, (label, kind)) in labels.iter().zip(kinds).enumerate() {
        if i == 0 {
            key_so_far = if root_kind == NodeKind::Appendix {
                format!("appendix-{label}")
            } else {
                (*label).to_owned()
            };
        } else {
            key_so_far = format!("{key_so_far}.{label}");
        }
        tree.push(TreeNode {
            key: key_so_far.clone(),
            kind,
            label: (*label).to_owned(),
            parent: i.checked_sub(1),
        });
    }
    citation::canonical(&tree, tree.len().saturating_sub(1))
}

/// Guesses the kind of each label on a key's path from label styles, fixing the last one.
fn infer_kinds(root: NodeKind, labels: &[&str], last: Option<NodeKind>) -> Vec<NodeKind> {
    use crate::domain::numbering::LabelStyle;
    let mut kinds = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        let kind = if i == 0 {
            root
        } else if i + 1 == labels.len()
            && let Some(last) = last
        {
            last
        } else {
            let prev = kinds.last().copied().unwrap_or(root);
            match prev {
                NodeKind::Chapter | NodeKind::Appendix => {
                    if LabelStyle::UpperRoman.ordinal(label).is_some() {
                        NodeKind::Clause
                    } else if LabelStyle::UpperLetter.ordinal(label).is_some() {
                        NodeKind::Part
                    } else {
                        NodeKind::Section
                    }
                }
                NodeKind::Part => NodeKind::Clause,
                NodeKind::Clause => NodeKind::Section,
                NodeKind::Section => {
                    if LabelStyle::LowerRoman.ordinal(label).is_some() {
                        NodeKind::Item
                    } else {
                        NodeKind::SubSection
                    }
                }
                NodeKind::SubSection | NodeKind::Item => NodeKind::Item,
            }
        };
        kinds.push(kind);
    }
    kinds
}

/// Word diff of a node's heading and text between two versions (either may be absent).
fn diff_node(
    old: Option<&clause_version::Model>,
    new: Option<&clause_version::Model>,
) -> Vec<DiffSpan> {
    let render = |v: Option<&clause_version::Model>| match v {
        Some(v) => match &v.heading {
            Some(h) if !h.is_empty() => format!("{h}\n{}", v.body),
            _ => v.body.clone(),
        },
        None => String::new(),
    };
    word_diff(&render(old), &render(new))
}

/// Compares two editions (optionally one chapter): only what changed, word-level inside
/// changed nodes. Nodes are paired by identity, so renumbering is not mistaken for change.
pub async fn compare_editions(
    db: &impl ConnectionTrait,
    from_year: i32,
    to_year: i32,
    chapter: Option<&str>,
) -> Result<EditionComparison, ServiceError> {
    if from_year == to_year {
        return Err(ServiceError::Invalid(
            "Choose two different editions to compare.".into(),
        ));
    }
    let from = edition_by_year(db, from_year).await?;
    let to = edition_by_year(db, to_year).await?;
    let from_rows = placements(db, from.id).await?;
    let to_rows = placements(db, to.id).await?;
    let from_tree = tree_of(&from_rows);
    let to_tree = tree_of(&to_rows);
    let in_scope = |p: &edition_clause::Model| chapter.is_none_or(|c| p.chapter_key == c);

    let from_by_node: HashMap<i32, usize> = from_rows
        .iter()
        .enumerate()
        .map(|(i, p)| (p.node_id, i))
        .collect();
    let to_nodes: std::collections::HashSet<i32> = to_rows.iter().map(|p| p.node_id).collect();

    // First level: which nodes differ at all (by version id and key) — no text needed.
    let mut changed_rows: Vec<&edition_clause::Model> = Vec::new();
    let mut plan: Vec<(CompareStatus, Option<usize>, Option<usize>)> = Vec::new();
    let mut compared = 0;
    for (ti, p) in to_rows.iter().enumerate() {
        let from_index = from_by_node.get(&p.node_id).copied();
        let from_in_scope = from_index.is_some_and(|fi| in_scope(&from_rows[fi]));
        if !in_scope(p) && !from_in_scope {
            continue;
        }
        compared += 1;
        match from_index {
            None => plan.push((CompareStatus::Added, None, Some(ti))),
            Some(fi) => {
                let before = &from_rows[fi];
                if before.version_id != p.version_id {
                    plan.push((CompareStatus::Changed, Some(fi), Some(ti)));
                    changed_rows.push(before);
                } else if before.key != p.key {
                    plan.push((CompareStatus::Renumbered, Some(fi), Some(ti)));
                } else {
                    continue;
                }
            }
        }
        changed_rows.push(p);
    }
    // Removed nodes go where they stood: after the plan entries of their previous neighbour.
    let mut removed: Vec<(CompareStatus, Option<usize>, Option<usize>)> = Vec::new();
    for (fi, p) in from_rows.iter().enumerate() {
        if !to_nodes.contains(&p.node_id) && in_scope(p) {
            removed.push((CompareStatus::Removed, Some(fi), None));
            changed_rows.push(p);
        }
    }
    // Second level: words, only inside the nodes that changed.
    let versions = versions_by_id(db, changed_rows.iter().map(|p| p.version_id)).await?;
    let entry = |(status, fi, ti): (CompareStatus, Option<usize>, Option<usize>)| {
        let old = fi.and_then(|i| versions.get(&from_rows[i].version_id));
        let new = ti.and_then(|i| versions.get(&to_rows[i].version_id));
        let diff = match status {
            CompareStatus::Renumbered => Vec::new(),
            _ => diff_node(old, new),
        };
        CompareEntry {
            status,
            from_citation: fi.map(|i| citation::canonical(&from_tree, i)),
            to_citation: ti.map(|i| citation::canonical(&to_tree, i)),
            key: ti.map_or_else(
                || from_rows[fi.unwrap_or(0)].key.clone(),
                |i| to_rows[i].key.clone(),
            ),
            diff,
        }
    };
    let mut entries: Vec<CompareEntry> = plan.into_iter().map(entry).collect();
    entries.extend(removed.into_iter().map(entry));
    let editions = list_editions(db).await?;
    let find = |year: i32| editions.iter().find(|e| e.year == year).cloned();
    Ok(EditionComparison {
        from: find(from_year).unwrap_or_else(|| summary(from, 0)),
        to: find(to_year).unwrap_or_else(|| summary(to, 0)),
        chapter: chapter.map(str::to_owned),
        compared,
        entries,
        editions,
    })
}

/// Full-text search over clause text in one edition (default: newest): SQLite FTS5 or
/// PostgreSQL full-text search, best hits first, matches marked in an excerpt.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &str,
    year: Option<i32>,
) -> Result<SearchResults, ServiceError> {
    let query = query.trim();
    at_most(query, MAX_QUERY_CHARS, "a search")?;
    let edition = edition_or_newest(db, year).await?;
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .take(12)
        .map(str::to_owned)
        .collect();
    let summary_of = |e: edition::Model| summary(e, 0);
    if words.is_empty() {
        return Ok(SearchResults {
            query: query.to_owned(),
            edition: summary_of(edition),
            hits: Vec::new(),
        });
    }
    let backend = db.get_database_backend();
    let limit = SEARCH_LIMIT as i64;
    let statement = match backend {
        DbBackend::Postgres => {
            let ts_query = words.join(" ");
            Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT ec.key, ec.kind, v.heading, \
                     ts_headline('english', coalesce(v.heading || ' — ', '') || v.body, plainto_tsquery('english', $1), \
                        'StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter= … ') AS snippet \
                     FROM edition_clause ec JOIN clause_version v ON v.id = ec.version_id \
                     WHERE ec.edition_id = $2 \
                       AND to_tsvector('english', coalesce(v.heading, '') || ' ' || v.body) @@ plainto_tsquery('english', $1) \
                     ORDER BY ts_rank(to_tsvector('english', coalesce(v.heading, '') || ' ' || v.body), plainto_tsquery('english', $1)) DESC, ec.position \
                     LIMIT $3"
                ),
                [ts_query.into(), edition.id.into(), limit.into()],
            )
        }
        _ => {
            // Each word quoted: FTS5 operators typed by a user are searched for, not obeyed.
            let fts_query = words
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" ");
            Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT ec.key, ec.kind, v.heading, \
                     snippet(clause_version_fts, -1, '{HIT_START}', '{HIT_END}', ' … ', 24) AS snippet \
                     FROM clause_version_fts \
                     JOIN clause_version v ON v.id = clause_version_fts.rowid \
                     JOIN edition_clause ec ON ec.version_id = v.id AND ec.edition_id = ? \
                     WHERE clause_version_fts MATCH ? \
                     ORDER BY bm25(clause_version_fts), ec.position \
                     LIMIT ?"
                ),
                [edition.id.into(), fts_query.into(), limit.into()],
            )
        }
    };
    let rows = db.query_all_raw(statement).await?;
    let mut hits = Vec::with_capacity(rows.len());
    for row in rows {
        let key: String = row.try_get("", "key")?;
        let kind: String = row.try_get("", "kind")?;
        let heading: Option<String> = row.try_get("", "heading")?;
        let snippet: String = row.try_get("", "snippet")?;
        hits.push(SearchHit {
            citation: citation_of_key(&key, &kind),
            key,
            heading,
            snippet,
        });
    }
    Ok(SearchResults {
        query: query.to_owned(),
        edition: summary_of(edition),
        hits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_from_keys() {
        assert_eq!(
            citation_of_key("2.I.4.B", "sub_section"),
            "Chapter 2, Clause I.4.B"
        );
        assert_eq!(citation_of_key("2", "chapter"), "Chapter 2");
        assert_eq!(
            citation_of_key("4.A.I.1", "section"),
            "Chapter 4, Part A, Clause I.1"
        );
        assert_eq!(
            citation_of_key("appendix-2.3.A.iv", "item"),
            "Appendix 2.3.A.iv"
        );
    }
}
