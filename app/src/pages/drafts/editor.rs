//! The editor page (`/drafts/:id`): the draft's title, details, package and structural edits
//! around the clause being edited.

use super::clause_editor::ClauseEditor;
use super::*;

/// `/drafts/:id?clause=…`: the editor.
#[component]
pub fn DraftEditorPage() -> impl IntoView {
    let query = use_query_map();
    let id = id_param("id");
    let clause = move || query.read().get("clause").filter(|c| !c.trim().is_empty());
    let pasted = move || query.read().get("wording").unwrap_or_default();
    let rebase = ServerAction::<RebaseDraftEdit>::new();
    let add = ServerAction::<AddToPackage>::new();
    let split = ServerAction::<SplitFromPackage>::new();
    let details = ServerAction::<UpdateDraftDetails>::new();
    let co_author = ServerAction::<AddCoAuthor>::new();
    let structure = ServerAction::<SaveStructuralEdit>::new();
    let remove = ServerAction::<RemoveDraftEdit>::new();
    let draft = Resource::new(
        move || {
            (
                id(),
                structure.version().get(),
                remove.version().get(),
                rebase.version().get(),
                add.version().get(),
                split.version().get(),
                details.version().get(),
                co_author.version().get(),
            )
        },
        |(id, ..)| load_draft(id),
    );
    let organisations = Resource::new(|| (), |_| list_organisations());
    let packages = Resource::new(|| (), |_| my_packages());
    let opened = Resource::new(
        move || (id(), clause()),
        |(id, clause)| async move {
            match clause {
                Some(clause) => open_draft_clause(id, clause).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Loaded loading="Loading the draft…">
                {move || Suspend::new(async move {
                    let draft = draft.await?;
                    let opened = opened.await?;
                    let packages = packages.await.unwrap_or_default();
                    let current = draft.package_id;
                    let organisations = organisations.await.unwrap_or_default();
                    let details_view = view! {
                        <DraftDetails draft=draft.clone() organisations details co_author />
                    };
                    Ok::<_, AppError>(view! {
                        <DraftBody draft opened rebase structure remove pasted=pasted() />
                        <PackageChoice id=id() current packages add split />
                        {details_view}
                    })
                })}
            </Loaded>
    }
}

#[component]
fn DraftBody(
    draft: DraftView,
    opened: Option<ClauseForEdit>,
    rebase: ServerAction<RebaseDraftEdit>,
    structure: ServerAction<SaveStructuralEdit>,
    remove: ServerAction<RemoveDraftEdit>,
    pasted: String,
) -> impl IntoView {
    let id = draft.id;
    let revision = draft.revision;
    let consequentials = draft.consequentials.clone();
    let unresolved = draft.unresolved_references.clone();
    let problems = draft.structure_problems.clone();
    view! {
        <Title text=draft.title.clone() />
        <p class="breadcrumbs">
            <A href="/drafts">"← My rule changes"</A>
        </p>
        <h1 data-testid="draft-title">{draft.title.clone()}</h1>
        <p class="muted">
            {format!(
                "Amends Rule Book {} · for Annual Conference {} · {}",
                draft.edition_year,
                draft.conference_year,
                draft.status,
            )}
        </p>
        <p class="muted">
            <A href=format!("/rule-changes/{id}") attr:data-testid="public-page-link">"How members will read it"</A>
            " · "
            <A href=format!("/rule-changes/{id}/support") attr:data-testid="support-link">"Support and procedure"</A>
        </p>
        <Form method="GET" action=format!("/drafts/{id}") attr:class="goto">
            <label class="goto__label" for="draft-clause">"Amend a clause"</label>
            <div class="goto__row">
                <input
                    id="draft-clause"
                    type="text"
                    name="clause"
                    placeholder="e.g. Chapter 6, Clause I.1.B"
                    maxlength="200"
                    data-testid="draft-clause-input"
                />
                <button class="button" type="submit" data-testid="draft-clause-open">"Open"</button>
            </div>
        </Form>
        {opened.map(|clause| view! { <ClauseEditor id clause pasted structure draft_revision=revision /> })}
        <h2>"Formal wording"</h2>
        {if draft.wording.is_empty() {
            view! { <p class="muted">"No clause has been amended yet."</p> }.into_any()
        } else {
            view! { <pre class="wording" data-testid="draft-wording">{draft.wording.clone()}</pre> }.into_any()
        }}
        <h2>"Clauses amended"</h2>
        <ol class="compare" data-testid="draft-edits">
            {draft
                .edits
                .into_iter()
                .map(|edit| {
                    let stale = edit.current_text.clone().map(|current| {
                        let changed_underneath = word_diff(&edit.base_text, &current);
                        view! {
                            <div class="notice" data-testid="stale">
                                <p>
                                    {format!(
                                        "Rule Book {} changed this clause after you wrote this amendment. What changed underneath:",
                                        edit.current_year.unwrap_or_default(),
                                    )}
                                </p>
                                <DiffView spans=changed_underneath />
                                <ActionForm action=rebase>
                                    <input type="hidden" name="id" value=id />
                                    <input type="hidden" name="edit_id" value=edit.id />
                                    <input type="hidden" name="revision" value=revision />
                                    <button class="button" type="submit" data-testid="rebase">
                                        "Re-apply my amendment to the new text"
                                    </button>
                                </ActionForm>
                            </div>
                        }
                    });
                    let edit_id = edit.id;
                    view! {
                        <li class="compare__entry" data-testid="draft-edit">
                            <h3 class="compare__title">
                                <EditTitle id edit=edit.clone() />
                            </h3>
                            {stale}
                            <DiffPair spans=edit.diff />
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="revision" value=revision />
                                <input type="hidden" name="edit_id" value=edit_id />
                                <button class="link-button" type="submit" data-testid="remove-edit">
                                    "Undo this change"
                                </button>
                            </ActionForm>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <StructureReport consequentials unresolved problems />
        {move || {
            remove.value().get().and_then(|result| match result {
                Ok(SaveOutcome::Conflict { .. }) => Some(
                    "Not changed: someone else changed this draft meanwhile. Reload to see their version."
                        .to_owned(),
                ),
                Ok(SaveOutcome::Saved { .. }) => None,
                Err(e) => Some(e.to_string()),
            })
                .map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })
        }}
        {move || {
            rebase.value().get().map(|result| match result {
                Ok(outcome) if !outcome.rebased => view! {
                    <div class="notice notice--error" role="alert" data-testid="rebase-problems">
                        <p>"The amendment could not be re-applied; nothing was changed:"</p>
                        <ul>
                            {outcome.problems.into_iter().map(|p| view! { <li>{p.message}</li> }).collect_view()}
                        </ul>
                    </div>
                }
                .into_any(),
                Ok(_) => view! { <p class="notice" role="status">"Re-applied to the new text."</p> }.into_any(),
                Err(e) => view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> }.into_any(),
            })
        }}
    }
}

/// The heading of one edit in the list: the clause, or the rule added or deleted.
#[component]
fn EditTitle(id: i32, edit: DraftEdit) -> impl IntoView {
    let href = format!("/drafts/{id}?clause={}", edit.key);
    match (edit.kind, edit.new_node) {
        (EditKind::InsertAfter, Some((_, label))) => view! {
            "New rule " {label} " after " <A href=href>{edit.citation}</A>
        }
        .into_any(),
        (EditKind::InsertAfter, None) => view! {
            "New rule after " <A href=href>{edit.citation}</A>
        }
        .into_any(),
        (EditKind::Delete, _) => view! { "Delete " <A href=href>{edit.citation}</A> }.into_any(),
        (EditKind::Text, _) => view! { <A href=href>{edit.citation}</A> }.into_any(),
    }
}

/// What the structural edits do elsewhere: citations renumbered (amended in the wording),
/// references to check by hand, and edits that cannot be made.
#[component]
fn StructureReport(
    consequentials: Vec<crate::model::drafts::ConsequentialView>,
    unresolved: Vec<crate::model::drafts::UnresolvedReference>,
    problems: Vec<String>,
) -> impl IntoView {
    let problems = (!problems.is_empty()).then(|| {
        view! {
            <div class="notice notice--error" role="alert" data-testid="structure-problems">
                <p>"These structural changes cannot be made as they stand:"</p>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let consequentials = (!consequentials.is_empty()).then(|| {
        view! {
            <h2>"Renumbering: references elsewhere"</h2>
            <p class="muted">
                "These rules cite rules your change renumbers. The consequential amendments are part of the formal wording above."
            </p>
            <ul data-testid="consequentials">
                {consequentials
                    .into_iter()
                    .map(|c| {
                        let replacements = c
                            .replacements
                            .iter()
                            .map(|(from, to)| format!("“{from}” becomes “{to}”"))
                            .collect::<Vec<_>>()
                            .join("; ");
                        view! {
                            <li>
                                <A href=format!("/rules/{}", c.key)>{c.citation}</A>
                                ": "
                                {replacements}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let unresolved = (!unresolved.is_empty()).then(|| {
        view! {
            <h3>"References to check by hand"</h3>
            <ul data-testid="unresolved-references">
                {unresolved
                    .into_iter()
                    .map(|u| {
                        view! {
                            <li>
                                <A href=format!("/rules/{}", u.key)>{u.citation}</A>
                                ": “" {u.text} "” — " {u.reason}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        {problems}
        {consequentials}
        {unresolved}
    }
}

/// Structural edits of the opened rule: add a rule after it, or delete it. Plain forms, so
/// they work without JavaScript.
#[component]
pub(super) fn StructureForms(
    id: i32,
    revision: i32,
    clause: ClauseForEdit,
    structure: ServerAction<SaveStructuralEdit>,
) -> impl IntoView {
    let noun = clause.noun.clone();
    let heading = format!("Add or delete a {noun}");
    let insert_label = format!("Text of a new {noun} to add straight after this one");
    let insert_button = format!("Add the new {noun}");
    let delete_button = format!("Delete this {noun} and everything under it");
    let key = clause.key.clone();
    let delete_key = clause.key;
    let message = move || {
        structure.value().get().and_then(|result| match result {
            Ok(SaveOutcome::Conflict { .. }) => Some(
                "Not changed: someone else changed this draft meanwhile. Reload to see their version."
                    .to_owned(),
            ),
            Ok(SaveOutcome::Saved { .. }) => None,
            Err(e) => Some(e.to_string()),
        })
            .map(|m| view! { <p class="notice notice--error" role="alert" data-testid="structure-error">{m}</p> })
    };
    view! {
        <section class="structure" aria-labelledby="structure-heading">
            <h3 id="structure-heading">{heading}</h3>
            <ActionForm action=structure attr:class="form" attr:data-testid="insert-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="revision" value=revision />
                <input type="hidden" name="key" value=key.clone() />
                <input type="hidden" name="kind" value="insert_after" />
                <label for="new-rule-text">{insert_label.clone()}</label>
                <textarea id="new-rule-text" name="text" rows="4" data-testid="new-rule-text"></textarea>
                <button class="button button--secondary" type="submit" data-testid="insert-after">
                    {insert_button.clone()}
                </button>
            </ActionForm>
            <ActionForm action=structure attr:class="compare-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="revision" value=revision />
                <input type="hidden" name="key" value=delete_key.clone() />
                <input type="hidden" name="kind" value="delete" />
                <button class="button button--secondary" type="submit" data-testid="delete-rule">
                    {delete_button.clone()}
                </button>
            </ActionForm>
            {message}
        </section>
    }
}

/// Which package the draft is in: add it to one of mine, or split it out.
#[component]
fn PackageChoice(
    id: i32,
    current: Option<i32>,
    packages: Vec<PackageSummary>,
    add: ServerAction<AddToPackage>,
    split: ServerAction<SplitFromPackage>,
) -> impl IntoView {
    let body = match current {
        Some(package_id) => {
            let title = packages
                .iter()
                .find(|p| p.id == package_id)
                .map_or_else(|| format!("package {package_id}"), |p| p.title.clone());
            view! {
                <p data-testid="in-package">
                    "This rule change is in the package "
                    <A href=format!("/packages/{package_id}")>{title}</A>
                    "."
                </p>
                <ActionForm action=split>
                    <input type="hidden" name="rule_change_id" value=id />
                    <button class="button button--secondary" type="submit" data-testid="split-out">
                        "Take it out of the package"
                    </button>
                </ActionForm>
            }
            .into_any()
        }
        None if packages.is_empty() => view! {
            <p class="muted">
                "To group this rule change with others, create a package on "
                <A href="/drafts">"My rule changes"</A>"."
            </p>
        }
        .into_any(),
        None => view! {
            <ActionForm action=add attr:class="compare-form">
                <input type="hidden" name="rule_change_id" value=id />
                <label for="package-choice">"Add this rule change to "</label>
                <select id="package-choice" name="package_id" data-testid="package-choice">
                    {packages
                        .into_iter()
                        .map(|p| view! { <option value=p.id.to_string()>{p.title}</option> })
                        .collect_view()}
                </select>
                <button class="button button--secondary" type="submit" data-testid="add-to-package">
                    "Add to package"
                </button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <h2>"Package"</h2>
        {body}
    }
}

/// Title, proposer, supporting argument and co-authors of a draft.
#[component]
fn DraftDetails(
    draft: DraftView,
    organisations: Vec<OrganisationSummary>,
    details: ServerAction<UpdateDraftDetails>,
    co_author: ServerAction<AddCoAuthor>,
) -> impl IntoView {
    let id = draft.id;
    let proposer = draft.proposer_org_id;
    let message = move || {
        let details_error = details.value().get().and_then(|r| match r {
            Ok(SaveOutcome::Conflict { .. }) => Some(
                "Not saved: someone else changed this draft meanwhile. Reload to see their version.".to_owned(),
            ),
            Ok(SaveOutcome::Saved { .. }) => None,
            Err(e) => Some(e.to_string()),
        });
        let author_error = co_author
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string());
        details_error
            .or(author_error)
            .map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })
    };
    view! {
        <h2>"About this rule change"</h2>
        <ActionForm action=details attr:class="form" attr:data-testid="details-form">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=draft.revision />
            <label for="details-title">"Title"</label>
            <input id="details-title" type="text" name="title" maxlength="200" value=draft.title.clone() />
            <label for="details-proposer">"Proposed by"</label>
            <select id="details-proposer" name="proposer" data-testid="details-proposer">
                <option value="" selected=proposer.is_none()>"Not chosen yet"</option>
                {organisations
                    .into_iter()
                    .map(|o| {
                        let selected = proposer == Some(o.id);
                        view! {
                            <option value=o.id.to_string() selected=selected>
                                {format!("{} ({})", o.name, o.kind)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <label for="details-summary">"One-line summary in plain language (for the delegates' reading pack)"</label>
            <input id="details-summary" type="text" name="summary" maxlength="300" value=draft.summary.clone() data-testid="details-summary" />
            <label for="details-argument">"Supporting argument (not part of the rule text)"</label>
            <textarea id="details-argument" name="supporting_argument" rows="5" data-testid="details-argument">
                {textarea_text(&draft.supporting_argument)}
            </textarea>
            <button class="button" type="submit" data-testid="details-save">"Save details"</button>
        </ActionForm>
        <h3>"Authors"</h3>
        <ul data-testid="authors">
            {draft.authors.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}
        </ul>
        <ActionForm action=co_author attr:class="compare-form">
            <input type="hidden" name="id" value=id />
            <label for="co-author-email">"Invite a co-author (their account's e-mail) "</label>
            <input id="co-author-email" type="email" name="email" maxlength="254" data-testid="co-author-email" />
            <button class="button button--secondary" type="submit" data-testid="co-author-add">"Add co-author"</button>
        </ActionForm>
        {message}
    }
}
