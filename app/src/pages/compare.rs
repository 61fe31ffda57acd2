//! `/compare?from=2023&to=2024&chapter=2`: what changed between two editions, for the whole
//! book or one chapter. Nodes are paired by identity, so renumbering shows as renumbering.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

use crate::api::rulebook::compare_editions;
use crate::components::{diff_view::DiffView, loaded::Loaded};
use crate::error::AppError;
use crate::model::rulebook::{CompareStatus, EditionComparison};

/// The compare page.
#[component]
pub fn ComparePage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        let year = |name: &str| q.get(name).and_then(|v| v.parse::<i32>().ok());
        (year("from"), year("to"), q.get("chapter"))
    };
    let comparison = Resource::new(args, |(from, to, chapter)| async move {
        match (from, to) {
            (Some(from), Some(to)) => compare_editions(from, to, chapter).await.map(Some),
            _ => Ok(None),
        }
    });
    view! {
        <Title text="Compare editions" />
        <h1>"Compare editions"</h1>
        <Loaded loading="Comparing…">
                {move || Suspend::new(async move {
                    let comparison = comparison.await?;
                    Ok::<_, AppError>(match comparison {
                        Some(c) => view! { <CompareBody c /> }.into_any(),
                        None => view! {
                            <p>
                                "Choose two editions, e.g. "
                                <A href="/compare?from=2023&to=2024">"2023 with 2024"</A>"."
                            </p>
                        }
                            .into_any(),
                    })
                })}
            </Loaded>
    }
}

#[component]
fn CompareBody(c: EditionComparison) -> impl IntoView {
    let years: Vec<i32> = c.editions.iter().map(|e| e.year).collect();
    let picker = move |name: &'static str, selected: i32| {
        let years = years.clone();
        view! {
            <select name=name id=format!("compare-{name}")>
                {years
                    .into_iter()
                    .map(|y| view! { <option value=y.to_string() selected=y == selected>{y}</option> })
                    .collect_view()}
            </select>
        }
    };
    let scope = c.chapter.clone().map_or_else(
        || "the whole Rule Book".to_owned(),
        |ch| match ch.strip_prefix("appendix-") {
            Some(number) => format!("Appendix {number}"),
            None => format!("Chapter {ch}"),
        },
    );
    let count = c.entries.len();
    view! {
        <Form method="GET" action="/compare" attr:class="compare-form">
            <label for="compare-from">"From "</label>
            {picker("from", c.from.year)}
            <label for="compare-to">" to "</label>
            {picker("to", c.to.year)}
            <label for="compare-chapter">" chapter (blank for all) "</label>
            <input
                type="text"
                id="compare-chapter"
                name="chapter"
                value=c.chapter.clone().unwrap_or_default()
                size="6"
                maxlength="20"
            />
            " "
            <button class="button" type="submit">"Compare"</button>
        </Form>
        <p data-testid="compare-summary">
            {format!(
                "{count} of {} rules in {scope} differ between {} and {}.",
                c.compared,
                c.from.title,
                c.to.title,
            )}
        </p>
        <ol class="compare" data-testid="compare">
            {c
                .entries
                .into_iter()
                .map(|entry| {
                    let (badge, citation) = match entry.status {
                        CompareStatus::Added => ("Inserted", entry.to_citation.clone().unwrap_or_default()),
                        CompareStatus::Removed => ("Deleted", entry.from_citation.clone().unwrap_or_default()),
                        CompareStatus::Changed => ("Changed", entry.to_citation.clone().unwrap_or_default()),
                        CompareStatus::Renumbered => ("Renumbered", entry.to_citation.clone().unwrap_or_default()),
                    };
                    let was = match (&entry.from_citation, &entry.to_citation) {
                        (Some(f), Some(t)) if f != t => Some(format!("(was {f})")),
                        _ => None,
                    };
                    view! {
                        <li class="compare__entry" data-status=badge.to_lowercase()>
                            <h2 class="compare__title">
                                {citation}
                                <span class="change-badge">{badge}</span>
                            </h2>
                            {was.map(|w| view! { <p class="muted">{w}</p> })}
                            {(!entry.diff.is_empty()).then(|| view! { <DiffView spans=entry.diff /> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
