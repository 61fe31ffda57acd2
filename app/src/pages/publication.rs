//! Reading what conference will decide, with or without JavaScript, on a phone and on paper:
//! a rule change's public page (`/rule-changes/:id`), the delegate reading pack
//! (`/conference/:year/reading-pack`), the Rule Book "as it would read" with a chosen set of
//! rule changes (`/as-it-would-read`), and the admin page that creates the next edition from
//! the carried rule changes (`/admin/editions`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

use crate::api::publication::{
    CreateNextEdition, conferences, load_as_it_would_read, load_published_package,
    load_published_rule_change, load_reading_pack,
};
use crate::components::{
    diff_view::{DiffPair, DiffView},
    loaded::Loaded,
};
use crate::error::AppError;
use crate::model::publication::{PublishedClause, PublishedRuleChange};
use crate::pages::id_param;

/// One clause of a rule change: the diff (inline, or side by side on wide screens) and the
/// clean text as it would read.
#[component]
fn ClauseChange(clause: PublishedClause) -> impl IntoView {
    let clean = if clause.proposed_text.is_empty() {
        "(deleted)".to_owned()
    } else {
        clause.proposed_text.clone()
    };
    view! {
        <section class="published-clause">
            <h3 class="compare__title">
                <A href=format!("/rules/{}", clause.key)>{clause.heading.clone()}</A>
            </h3>
            <DiffPair spans=clause.diff />
            <details class="clean-text">
                <summary>"Clean text as it would read"</summary>
                <p class="rule__text" data-testid="clean-text">{clean}</p>
            </details>
        </section>
    }
}

/// The body of a published rule change, shared by its page and the reading pack.
#[component]
fn RuleChangeBody(
    rc: PublishedRuleChange,
    #[prop(optional)] number: Option<usize>,
) -> impl IntoView {
    let heading = match number {
        Some(n) => format!("{n}. {}", rc.title),
        None => rc.title.clone(),
    };
    let facts = {
        let mut parts = Vec::new();
        if let Some(p) = &rc.proposer {
            parts.push(format!("Proposed by {p}"));
        }
        parts.push(format!("Annual Conference {}", rc.conference_year));
        parts.push(format!("Status: {}", rc.status_label));
        parts.push(format!(
            "NEC recommendation: {}",
            rc.nec_recommendation
                .clone()
                .unwrap_or_else(|| "not yet made".into())
        ));
        parts.join(" · ")
    };
    let id = rc.id;
    view! {
        <article class="published" id=format!("rule-change-{id}") data-testid="published-rule-change">
            {if number.is_some() {
                view! { <h2 class="published__title">{heading}</h2> }.into_any()
            } else {
                view! { <h1 class="published__title" data-testid="published-title">{heading}</h1> }.into_any()
            }}
            <p class="muted" data-testid="published-facts">{facts}</p>
            {(!rc.summary.is_empty()).then(|| view! { <p class="published__summary"><strong>{rc.summary.clone()}</strong></p> })}
            {rc.package.clone().map(|(pid, title)| view! {
                <p>"Part of the package " <A href=format!("/packages/{pid}/read")>{title}</A></p>
            })}
            <h3>"Formal wording"</h3>
            <pre class="wording" data-testid="published-wording">{rc.wording.clone()}</pre>
            {rc.clauses.into_iter().map(|c| view! { <ClauseChange clause=c /> }).collect_view()}
            {(!rc.supporting_argument.is_empty()).then(|| view! {
                <h3>"Supporting argument"</h3>
                <p class="rule__text">{rc.supporting_argument.clone()}</p>
            })}
        </article>
    }
}

/// `/rule-changes/:id`.
#[component]
pub fn PublishedRuleChangePage() -> impl IntoView {
    let id = id_param("id");
    let rc = Resource::new(id, load_published_rule_change);
    view! {
        <Loaded loading="Loading the rule change…">
                {move || Suspend::new(async move {
                    let rc = rc.await?;
                    let id = rc.id;
                    Ok::<_, AppError>(view! {
                        <Title text=rc.title.clone() />
                        <RuleChangeBody rc />
                        <p class="downloads">
                            "Download: "
                            <a href=format!("/export/rule-changes/{id}/submission.docx") rel="external" data-testid="download-docx">"Word (submission)"</a>
                            " · "
                            <a href=format!("/export/rule-changes/{id}/rule-change.md") rel="external">"Markdown"</a>
                            " · "
                            <a href=format!("/export/rule-changes/{id}/rule-change.json") rel="external">"JSON"</a>
                            " · "
                            <A href=format!("/rule-changes/{id}/support")>"Support and procedure"</A>
                        </p>
                    })
                })}
            </Loaded>
    }
}

/// `/conference/:year/reading-pack`.
#[component]
pub fn ReadingPackPage() -> impl IntoView {
    let year = id_param("year");
    let pack = Resource::new(year, load_reading_pack);
    view! {
        <Loaded loading="Loading the reading pack…">
                {move || Suspend::new(async move {
                    let pack = pack.await?;
                    let year = pack.conference_year;
                    let contents = pack
                        .rule_changes
                        .iter()
                        .enumerate()
                        .map(|(i, rc)| {
                            let line = format!(
                                "{}. {} ({}; {})",
                                i + 1,
                                rc.title,
                                rc.proposer.clone().unwrap_or_else(|| "no proposer".into()),
                                rc.status_label
                            );
                            view! { <li><a href=format!("#rule-change-{}", rc.id)>{line}</a></li> }
                        })
                        .collect_view();
                    let empty = pack.rule_changes.is_empty();
                    Ok::<_, AppError>(view! {
                        <Title text=format!("Reading pack: Annual Conference {year}") />
                        <div class="reading-pack" data-testid="reading-pack">
                            <h1>{format!("Annual Conference {year}: rule changes")}</h1>
                            <p class="muted">
                                {format!("{} rule changes, in Rule Book order. ", pack.rule_changes.len())}
                                "Deleted words are struck through; inserted words are underlined. "
                                <a href=format!("/export/reading-pack/{year}/reading-pack.docx") rel="external" data-testid="reading-pack-docx">"Word version"</a>
                            </p>
                            {empty.then(|| view! { <p>"No rule change has been submitted for this conference yet."</p> })}
                            <section aria-label="Contents" class="reading-pack__toc">
                                <h2>"Contents"</h2>
                                <ol class="toc" data-testid="reading-pack-toc">{contents}</ol>
                            </section>
                            {pack
                                .rule_changes
                                .into_iter()
                                .enumerate()
                                .map(|(i, rc)| view! { <RuleChangeBody rc number=i + 1 /> })
                                .collect_view()}
                        </div>
                    })
                })}
            </Loaded>
    }
}

/// `/as-it-would-read?set=all&year=2027&chapter=2`.
#[component]
pub fn AsItWouldReadPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |name: &str| query.read().get(name).filter(|v| !v.trim().is_empty());
    let args = move || {
        (
            get("set").unwrap_or_else(|| "all".into()),
            get("year").and_then(|y| y.parse::<i32>().ok()),
            get("package").and_then(|p| p.parse::<i32>().ok()),
            get("chapter"),
        )
    };
    let read = Resource::new(args, |(set, year, package, chapter)| async move {
        if year.is_none() && package.is_none() {
            return Ok(None);
        }
        load_as_it_would_read(set, year, package, chapter)
            .await
            .map(Some)
    });
    let selected = move |name: &'static str| get("set").as_deref().unwrap_or("all") == name;
    view! {
        <Title text="The Rule Book as it would read" />
        <h1>"The Rule Book as it would read"</h1>
        <Form method="GET" action="/as-it-would-read" attr:class="compare-form">
            <label for="read-set">"With "</label>
            <select id="read-set" name="set" data-testid="read-set">
                <option value="all" selected=move || selected("all")>"every submitted rule change"</option>
                <option value="nec" selected=move || selected("nec")>"those the NEC supports"</option>
                <option value="carried" selected=move || selected("carried")>"those carried"</option>
                <option value="package" selected=move || selected("package")>"one package"</option>
            </select>
            <label for="read-year">" at Annual Conference "</label>
            <input id="read-year" type="number" name="year" min="2000" max="2100" value=move || get("year").unwrap_or_default() data-testid="read-year" />
            <label for="read-package">" package number "</label>
            <input id="read-package" type="number" name="package" min="1" value=move || get("package").unwrap_or_default() />
            <label for="read-chapter">" chapter "</label>
            <input id="read-chapter" type="text" name="chapter" maxlength="20" placeholder="all" value=move || get("chapter").unwrap_or_default() data-testid="read-chapter" />
            <button class="button" type="submit" data-testid="read-go">"Show"</button>
        </Form>
        <Loaded loading="Applying the rule changes…">
                {move || Suspend::new(async move {
                    let Some(read) = read.await? else {
                        return Ok::<_, AppError>(view! { <p class="muted">"Choose the conference (or the package) to read the Rule Book with its rule changes applied."</p> }.into_any());
                    };
                    let problems = (!read.conflicts.is_empty() || !read.failures.is_empty()).then(|| view! {
                        <div class="notice notice--error" role="alert" data-testid="read-conflicts">
                            <p class="notice__title">"These rule changes cannot all be applied as they stand"</p>
                            <ul>
                                {read.conflicts.iter().chain(read.failures.iter()).map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                            </ul>
                        </div>
                    });
                    let changed = read.nodes.iter().filter(|n| n.diff.is_some()).count();
                    Ok(view! {
                        <p class="muted" data-testid="read-summary">
                            {format!(
                                "Rule Book {} with {} rule changes applied; {} rules changed.",
                                read.edition_year,
                                read.rule_changes.len(),
                                changed
                            )}
                        </p>
                        {problems}
                        <div class="rules" data-testid="read-nodes">
                            {read.nodes.into_iter().map(|n| {
                                let changed = n.diff.is_some();
                                view! {
                                    <div class=format!("rule rule--depth-{}{}", n.depth.min(5), if changed { " rule--changed" } else { "" })>
                                        <p class="rule__heading">{n.citation.clone()}{n.heading.clone().map(|h| format!(" — {h}"))}</p>
                                        {match n.diff {
                                            Some(spans) => view! { <DiffView spans /> }.into_any(),
                                            None => view! { <p class="rule__text">{n.text.clone()}</p> }.into_any(),
                                        }}
                                        {n.notes.into_iter().map(|note| view! { <p class="rule__note muted">{note}</p> }).collect_view()}
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any())
                })}
            </Loaded>
    }
}

/// `/admin/editions`: create the next edition from the carried rule changes.
#[component]
pub fn EditionsAdminPage() -> impl IntoView {
    let create = ServerAction::<CreateNextEdition>::new();
    let pending = create.pending();
    view! {
        <Title text="Create the next edition" />
        <h1>"Create the next edition"</h1>
        <p>
            "Applies every rule change marked carried at a conference to the newest edition, in one transaction, with consequential renumbering. Nothing is written if any instruction no longer applies."
        </p>
        <ActionForm action=create attr:class="form" attr:data-testid="next-edition-form">
            <label for="ne-conference">"Conference"</label>
            <input id="ne-conference" type="number" name="conference_year" min="2000" max="2100" data-testid="ne-conference" />
            <label for="ne-year">"Year of the new edition"</label>
            <input id="ne-year" type="number" name="new_year" min="2000" max="2100" data-testid="ne-year" />
            <label for="ne-title">"Title"</label>
            <input id="ne-title" type="text" name="title" maxlength="200" data-testid="ne-title" />
            <button class="button" type="submit" data-testid="ne-create" disabled=move || pending.get()>"Create the edition"</button>
        </ActionForm>
        <p role="status" aria-live="polite" data-testid="ne-progress">
            {move || pending.get().then_some("Applying the carried rule changes and writing the edition…")}
        </p>
        {move || create.value().get().map(|result| match result {
            Ok(report) if report.created => view! {
                <div class="notice" data-testid="ne-report">
                    <p>
                        {format!("Rule Book {} created from {} carried rule changes. ", report.year, report.applied.len())}
                        <A href=format!("/rules/{}", report.year)>"Read it"</A>
                    </p>
                    {(!report.to_check.is_empty()).then(|| view! {
                        <p>"References to check by hand:"</p>
                        <ul>{report.to_check.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    })}
                </div>
            }.into_any(),
            Ok(report) => view! {
                <div class="notice notice--error" role="alert" data-testid="ne-report">
                    <p>"Nothing was written: these instructions no longer apply."</p>
                    <ul>{report.problems.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </div>
            }.into_any(),
            Err(e) => view! { <p class="notice notice--error" role="alert" data-testid="ne-report">{e.to_string()}</p> }.into_any(),
        })}
    }
}

/// `/conference`: each conference with its reading pack, its Rule Book as it would read, and
/// (for organisers) its overview.
#[component]
pub fn ConferencesPage() -> impl IntoView {
    let years = Resource::new(|| (), |_| conferences());
    view! {
        <Title text="Annual Conference" />
        <h1>"Annual Conference"</h1>
        <Loaded loading="Loading…">
                {move || Suspend::new(async move {
                    let years = years.await?;
                    Ok::<_, AppError>(view! {
                        {years.is_empty().then(|| view! { <p>"No conference has been set up yet."</p> })}
                        <ul class="edition-list" data-testid="conferences">
                            {years.into_iter().map(|y| view! {
                                <li class="edition-list__item">
                                    <strong>{format!("Annual Conference {y}")}</strong>
                                    ": "
                                    <A href=format!("/conference/{y}/reading-pack")>"Reading pack"</A>
                                    " · "
                                    <A href=format!("/as-it-would-read?set=all&year={y}")>"The Rule Book as it would read"</A>
                                    " · "
                                    <A href=format!("/conference/{y}")>"Overview (organisers)"</A>
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Loaded>
    }
}

/// `/packages/:id/read`: a package as members read it.
#[component]
pub fn PublishedPackagePage() -> impl IntoView {
    let id = id_param("id");
    let package = Resource::new(id, load_published_package);
    view! {
        <Loaded loading="Loading the package…">
                {move || Suspend::new(async move {
                    let package = package.await?;
                    let id = package.id;
                    Ok::<_, AppError>(view! {
                        <Title text=package.title.clone() />
                        <div class="published-package" data-testid="published-package">
                            <h1>{package.title.clone()}</h1>
                            <p class="lead">{package.summary.clone()}</p>
                            <p class="muted">
                                {format!("{} rule changes, in Rule Book order. ", package.rule_changes.len())}
                                <A href=format!("/as-it-would-read?set=package&package={id}")>"The Rule Book as it would read with this package"</A>
                                " · "
                                <A href=format!("/packages/{id}/support")>"Support"</A>
                            </p>
                            {package
                                .rule_changes
                                .into_iter()
                                .enumerate()
                                .map(|(i, rc)| view! { <RuleChangeBody rc number=i + 1 /> })
                                .collect_view()}
                        </div>
                    })
                })}
            </Loaded>
    }
}
