//! `/search?q=…&edition=2024`: full-text search of rule text with highlighted matches.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

use crate::api::rulebook::search_rules;
use crate::components::loaded::Loaded;
use crate::error::AppError;
use crate::model::rulebook::{HIT_END, HIT_START, SearchResults};

/// Splits a snippet into plain and highlighted runs at the hit markers.
pub fn snippet_runs(snippet: &str) -> Vec<(bool, String)> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let mut marked = false;
    for c in snippet.chars() {
        if c == HIT_START || c == HIT_END {
            if !current.is_empty() {
                runs.push((marked, std::mem::take(&mut current)));
            }
            marked = c == HIT_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        runs.push((marked, current));
    }
    runs
}

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (
            q.get("q").unwrap_or_default(),
            q.get("edition").and_then(|e| e.parse::<i32>().ok()),
        )
    };
    let results = Resource::new(args, |(q, edition)| async move {
        if q.trim().is_empty() {
            Ok(None)
        } else {
            search_rules(q, edition).await.map(Some)
        }
    });
    let current_q = move || args().0;
    let current_edition = move || args().1.map(|e| e.to_string()).unwrap_or_default();
    view! {
        <Title text="Search the Rule Book" />
        <h1>"Search the Rule Book"</h1>
        <Form method="GET" action="/search" attr:class="goto" attr:role="search">
            <label class="goto__label" for="search-q">"Words to find"</label>
            <div class="goto__row">
                <input
                    id="search-q"
                    type="search"
                    name="q"
                    value=current_q
                    maxlength="200"
                    data-testid="search-input"
                />
                <input type="hidden" name="edition" value=current_edition />
                <button class="button" type="submit" data-testid="search-submit">"Search"</button>
            </div>
        </Form>
        <Loaded loading="Searching…">
                {move || Suspend::new(async move {
                    let results = results.await?;
                    Ok::<_, AppError>(results.map(|r| view! { <SearchBody r /> }))
                })}
            </Loaded>
    }
}

#[component]
fn SearchBody(r: SearchResults) -> impl IntoView {
    let year = r.edition.year;
    let count = r.hits.len();
    view! {
        <p data-testid="search-summary">
            {match count {
                0 => format!("No rule in {} contains “{}”.", r.edition.title, r.query),
                1 => format!("1 rule in {} matches “{}”.", r.edition.title, r.query),
                n => format!("{n} rules in {} match “{}”.", r.edition.title, r.query),
            }}
        </p>
        <ol class="search-results" data-testid="search-results">
            {r
                .hits
                .into_iter()
                .map(|hit| {
                    view! {
                        <li class="search-hit">
                            <A href=format!("/rules/{year}/{}", hit.key)>{hit.citation}</A>
                            {hit.heading.map(|h| view! { <span class="muted">{format!(" — {h}")}</span> })}
                            <p>
                                {snippet_runs(&hit.snippet)
                                    .into_iter()
                                    .map(|(marked, text)| {
                                        if marked {
                                            view! { <mark>{text}</mark> }.into_any()
                                        } else {
                                            view! { <span>{text}</span> }.into_any()
                                        }
                                    })
                                    .collect_view()}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_snippets_at_markers() {
        let s = format!("a {HIT_START}suspension{HIT_END} of <b>");
        assert_eq!(
            snippet_runs(&s),
            vec![
                (false, "a ".into()),
                (true, "suspension".into()),
                (false, " of <b>".into())
            ]
        );
    }
}
