//! Drafting rule changes: the list of my drafts (`/drafts`) and the editor (`/drafts/:id`).
//!
//! The editor is a plain form first: pick a clause by citation, edit its text, save. Once the
//! page has hydrated, the diff and the formal wording update as you type (computed in the
//! browser by the same `domain` code the server uses) and the draft saves itself a moment
//! after you stop typing, with the optimistic revision so a second tab is told, not overwritten.
//!
//! Its parts: here the list page; [`editor`] the editor page around the draft (its title,
//! details, package and structural edits); [`clause_editor`] the clause being edited, with the
//! live diff, wording and autosave.

mod clause_editor;
mod editor;

pub use editor::DraftEditorPage;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

use crate::api::accounts::list_organisations;
use crate::api::drafts::{
    AddCoAuthor, AddToPackage, CreateDraft, CreatePackage, RebaseDraftEdit, RemoveDraftEdit,
    SaveDraftEdit, SaveStructuralEdit, SplitFromPackage, UpdateDraftDetails, load_draft, my_drafts,
    my_packages, open_draft_clause,
};
use crate::components::{
    diff_view::{DiffPair, DiffView},
    escape::textarea_text,
    loaded::Loaded,
};
use crate::domain::{
    diff::word_diff,
    wording::{apply, generate},
};
use crate::error::AppError;
use crate::model::accounts::OrganisationSummary;
use crate::model::drafts::{
    ClauseForEdit, DraftEdit, DraftView, EditKind, PackageSummary, SaveOutcome,
};
use crate::pages::id_param;

/// `/drafts`: my drafts and a form to start one.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let create = ServerAction::<CreateDraft>::new();
    let query = use_query_map();
    // "Propose a change" on a rule page arrives here with the rule's key.
    let proposing = move || query.read().get("clause").filter(|c| !c.trim().is_empty());
    let drafts = Resource::new(|| (), |_| my_drafts());
    view! {
        <Title text="My rule changes" />
        <h1>"My rule changes"</h1>
        <Loaded loading="Loading your drafts…">
                {move || Suspend::new(async move {
                    let drafts = match drafts.await {
                        Err(AppError::Unauthorized) => {
                            let back = match proposing() {
                                Some(key) => format!("/drafts%3Fclause%3D{key}"),
                                None => "/drafts".to_owned(),
                            };
                            return Ok(view! {
                                <p class="notice" data-testid="sign-in-to-draft">
                                    "Sign in to draft rule changes. "
                                    <A href=format!("/sign-in?next={back}")>"Sign in"</A>
                                    " or "
                                    <A href="/sign-up">"sign up"</A>
                                    "."
                                </p>
                            }
                                .into_any());
                        }
                        other => other?,
                    };
                    Ok::<_, AppError>(view! {
                        <ul class="edition-list" data-testid="draft-list">
                            {drafts
                                .into_iter()
                                .map(|d| {
                                    view! {
                                        <li class="edition-list__item">
                                            <A href=format!("/drafts/{}", d.id)>{d.title}</A>
                                            <span class="muted">
                                                {format!(
                                                    " · for Annual Conference {} · {} · {} clause(s)",
                                                    d.conference_year,
                                                    d.status,
                                                    d.edits,
                                                )}
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any())
                })}
            </Loaded>
        <h2>
            {move || match proposing() {
                Some(key) => format!("Start a rule change to {key}"),
                None => "Start a rule change".to_owned(),
            }}
        </h2>
        <ActionForm action=create attr:class="form" attr:data-testid="new-draft-form">
            <input type="hidden" name="clause" value=move || proposing().unwrap_or_default() />
            <label for="draft-title">"Title"</label>
            <input id="draft-title" type="text" name="title" maxlength="200" required />
            <label for="draft-year">"For Annual Conference"</label>
            <input id="draft-year" type="text" name="conference_year" inputmode="numeric" maxlength="4" placeholder="the next one" />
            <button class="button" type="submit" data-testid="new-draft-submit">"Start drafting"</button>
        </ActionForm>
        {move || {
            create
                .value()
                .get()
                .and_then(Result::err)
                .map(|e| view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> })
        }}
        <PackagesSection />
    }
}

/// My packages, and a form to start one.
#[component]
fn PackagesSection() -> impl IntoView {
    let create = ServerAction::<CreatePackage>::new();
    let packages = Resource::new(|| (), |_| my_packages());
    view! {
        <h2>"Packages"</h2>
        <p class="muted">
            "A package groups rule changes that belong together, so they can be read and voted on as one."
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let packages = packages.await.unwrap_or_default();
                view! {
                    <ul class="edition-list" data-testid="package-list">
                        {packages
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <li class="edition-list__item">
                                        <A href=format!("/packages/{}", p.id)>{p.title}</A>
                                        <span class="muted">{format!(" · {} rule change(s)", p.rule_changes)}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        </Suspense>
        <ActionForm action=create attr:class="form" attr:data-testid="new-package-form">
            <label for="package-title">"Package title"</label>
            <input id="package-title" type="text" name="title" maxlength="200" required />
            <label for="package-summary">"What the package does"</label>
            <textarea id="package-summary" name="summary" rows="3" maxlength="5000"></textarea>
            <button class="button" type="submit" data-testid="new-package-submit">"Create package"</button>
        </ActionForm>
        {move || {
            create
                .value()
                .get()
                .and_then(Result::err)
                .map(|e| view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> })
        }}
    }
}
