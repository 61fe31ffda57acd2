//! Comparing two editions: only what changed, word by word inside changed rules.

use super::*;

/// Word diff of a node's heading and text between two versions (either may be absent).
pub(super) fn diff_node(
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
