//! What the reading pages show: the editions, an edition's contents, a rule with everything
//! below it, a citation's permalink, and a rule's history across editions.

use super::*;

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

pub(super) async fn node_counts(
    db: &impl ConnectionTrait,
) -> Result<HashMap<i32, u64>, ServiceError> {
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

pub(super) fn summary(e: edition::Model, node_count: u64) -> EditionSummary {
    EditionSummary {
        year: e.year,
        title: e.title,
        published_on: e.published_on,
        conference_year: e.conference_year,
        node_count,
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

pub(super) fn rule_node(
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

pub(super) fn crumb_title(node: &TreeNode) -> String {
    match node.kind {
        NodeKind::Chapter => format!("Chapter {}", node.label),
        NodeKind::Appendix => format!("Appendix {}", node.label),
        NodeKind::Part => format!("Part {}", node.label),
        NodeKind::Clause => format!("Clause {}", node.label),
        _ => node.label.clone(),
    }
}

/// Every edition that contains the node, newest first, with its key there.
pub(super) async fn editions_of_node(
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
