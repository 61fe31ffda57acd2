//! Full-text search of an edition's rules.

use super::*;

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
