//! Reading the Rule Book: the table of contents of an edition, and any rule with everything
//! below it (a chapter page is the rule page of a chapter). `/rules/2.I.4.B` without an edition
//! shows the newest edition.

use leptos::prelude::*;

use crate::api::publication::clause_proposals;
use crate::components::clause_proposals::ClauseProposals;
use crate::model::publication::ClauseProposalList;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

use crate::api::rulebook::{load_rule, load_toc};
use crate::components::{go_to_rule::GoToRule, loaded::Loaded, rule_text::RuleText};
use crate::error::AppError;
use crate::model::rulebook::{Crumb, EditionSummary, EditionToc, RuleView};

/// An edition year in a URL segment (`2024`), as opposed to a rule key.
fn as_year(segment: &str) -> Option<i32> {
    (segment.len() == 4 && segment.bytes().all(|b| b.is_ascii_digit()))
        .then(|| segment.parse().ok())
        .flatten()
}

/// `/rules`: the newest edition's table of contents.
#[component]
pub fn RulesIndexPage() -> impl IntoView {
    view! { <TocView year=None /> }
}

/// `/rules/:first`: an edition's contents (`/rules/2024`) or a rule in the newest edition
/// (`/rules/2.I.4.B`).
#[component]
pub fn RulesFirstSegmentPage() -> impl IntoView {
    let params = use_params_map();
    let first = move || params.read().get("first").unwrap_or_default();
    move || match as_year(&first()) {
        Some(year) => view! { <TocView year=Some(year) /> }.into_any(),
        None => view! { <RuleViewPage year=None key=first() /> }.into_any(),
    }
}

/// `/rules/:edition/:key`: a rule in a given edition.
#[component]
pub fn RulePermalinkPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let map = params.read();
        let edition = map.get("edition").unwrap_or_default();
        let key = map.get("key").unwrap_or_default();
        match as_year(&edition) {
            Some(year) => view! { <RuleViewPage year=Some(year) key /> }.into_any(),
            None => view! { <crate::components::not_found::NotFoundPage /> }.into_any(),
        }
    }
}

#[component]
fn EditionSwitcher(
    editions: Vec<EditionSummary>,
    current: i32,
    path_suffix: String,
) -> impl IntoView {
    view! {
        <nav class="edition-switch" aria-label="Editions">
            <span class="muted">"Edition: "</span>
            {editions
                .into_iter()
                .map(|e| {
                    let href = format!("/rules/{}{}", e.year, path_suffix);
                    let is_current = e.year == current;
                    view! {
                        <A href=href attr:class=if is_current { "edition-switch__current" } else { "" }>
                            {e.year}
                        </A>
                        " "
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn TocView(year: Option<i32>) -> impl IntoView {
    let toc = Resource::new(move || year, load_toc);
    view! {
        <Loaded loading="Loading the contents…">
                {move || Suspend::new(async move {
                    let toc: EditionToc = toc.await?;
                    let year = toc.edition.year;
                    Ok::<_, AppError>(
                        view! {
                            <Title text=toc.edition.title.clone() />
                            <h1>{toc.edition.title.clone()}</h1>
                            <EditionSwitcher
                                editions=toc.editions.clone()
                                current=year
                                path_suffix=String::new()
                            />
                            <GoToRule />
                            <p>
                                <A href=format!("/search?edition={year}")>"Search this edition"</A>
                                " · "
                                {toc
                                    .editions
                                    .iter()
                                    .find(|e| e.year < year)
                                    .map(|prev| {
                                        view! {
                                            <A href=format!(
                                                "/compare?from={}&to={year}",
                                                prev.year,
                                            )>{format!("What changed since {}", prev.year)}</A>
                                        }
                                    })}
                            </p>
                            <h2>"Contents"</h2>
                            <ul class="toc" data-testid="toc">
                                {toc
                                    .entries
                                    .into_iter()
                                    .map(|entry| {
                                        let href = format!("/rules/{year}/{}", entry.key);
                                        let text = match entry.heading {
                                            Some(h) if !h.is_empty() => format!("{} — {h}", entry.citation),
                                            _ => entry.citation.clone(),
                                        };
                                        view! {
                                            <li class=format!("toc__entry toc__entry--{}", entry.kind.as_str())>
                                                <A href=href>{text}</A>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        },
                    )
                })}
            </Loaded>
    }
}

/// A rule and its subtree in an edition (newest when `year` is `None`).
#[component]
pub fn RuleViewPage(year: Option<i32>, key: String) -> impl IntoView {
    let key_for_fetch = key.clone();
    let rule = Resource::new(
        move || (year, key_for_fetch.clone()),
        |(year, key)| load_rule(year, key),
    );
    let key_for_proposals = key.clone();
    let proposals = Resource::new(
        move || (year, key_for_proposals.clone()),
        |(year, key)| clause_proposals(year, key),
    );
    view! {
        <Loaded loading="Loading the rule…">
                {move || Suspend::new(async move {
                    let rule: RuleView = rule.await?;
                    let proposals = proposals.await.unwrap_or_default();
                    Ok::<_, AppError>(view! { <RuleBody rule proposals /> })
                })}
            </Loaded>
    }
}

#[component]
fn RuleBody(rule: RuleView, proposals: ClauseProposalList) -> impl IntoView {
    let year = rule.edition.year;
    let Some(first) = rule.nodes.first().cloned() else {
        return view! { <p>"This rule has no text."</p> }.into_any();
    };
    let title = format!("{} — {}", first.citation, rule.edition.title);
    let history = format!("/rules/{year}/{}/history", first.key);
    let propose = format!("/drafts?clause={}", first.key);
    let other_editions = rule.in_editions.clone();
    let edition_title = rule.edition.title.clone();
    let as_it_stands = format!("As it stands in {}. ", rule.edition.title);
    let crumbs = rule.breadcrumbs.clone();
    let nodes = rule.nodes.clone();
    view! {
        <Title text=title />
        <nav class="breadcrumbs" aria-label="Breadcrumbs">
            <A href=format!("/rules/{year}")>{edition_title}</A>
            {crumbs
                .into_iter()
                .map(|c| {
                    view! {
                        " › "
                        <A href=format!("/rules/{year}/{}", c.key)>{c.title}</A>
                    }
                })
                .collect_view()}
        </nav>
        <h1 data-testid="rule-citation">{first.citation.clone()}</h1>
        <p class="muted">
            {as_it_stands}
            <A href=history attr:data-testid="history-link">"History of this rule"</A>
            " · "
            <A href=propose attr:data-testid="propose-link">"Propose a change"</A>
        </p>
        <nav class="edition-switch" aria-label="This rule in other editions">
            <span class="muted">"In other editions: "</span>
            {other_editions
                .into_iter()
                .map(|link| {
                    let label = if link.key == first.key {
                        link.year.to_string()
                    } else {
                        format!("{} (as {})", link.year, link.key)
                    };
                    let current = link.year == year;
                    view! {
                        <A
                            href=format!("/rules/{}/{}", link.year, link.key)
                            attr:class=if current { "edition-switch__current" } else { "" }
                        >
                            {label}
                        </A>
                        " "
                    }
                })
                .collect_view()}
        </nav>
        <ClauseProposals list=proposals />
        <article class="rule-article" data-testid="rule-text">
            <RuleText nodes year />
        </article>
        <nav class="pager" aria-label="Neighbouring rules">
            {rule.previous.map(|c| pager_link(year, c, "prev"))}
            " "
            {rule.next.map(|c| pager_link(year, c, "next"))}
        </nav>
    }
    .into_any()
}

/// A link to a neighbouring rule: `rel` is `prev` or `next`.
fn pager_link(year: i32, crumb: Crumb, rel: &'static str) -> impl IntoView {
    let text = if rel == "prev" {
        format!("← {}", crumb.title)
    } else {
        format!("{} →", crumb.title)
    };
    view! {
        <A href=format!("/rules/{year}/{}", crumb.key) attr:rel=rel>
            {text}
        </A>
    }
}
