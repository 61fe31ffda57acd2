//! `/packages/:id`: a package's combined preview — every rule change in it, in Rule Book
//! order, with its formal wording and diffs — and the way to split a rule change out again.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::drafts::{SplitFromPackage, load_package};
use crate::components::{diff_view::DiffPair, loaded::Loaded};
use crate::error::AppError;
use crate::model::drafts::PackageView;
use crate::pages::id_param;

/// The package preview page.
#[component]
pub fn PackagePage() -> impl IntoView {
    let id = id_param("id");
    let split = ServerAction::<SplitFromPackage>::new();
    let package = Resource::new(
        move || (id(), split.version().get()),
        |(id, _)| load_package(id),
    );
    view! {
        <Loaded loading="Loading the package…">
                {move || Suspend::new(async move {
                    let package = package.await?;
                    Ok::<_, AppError>(view! { <PackageBody package split /> })
                })}
            </Loaded>
    }
}

#[component]
fn PackageBody(package: PackageView, split: ServerAction<SplitFromPackage>) -> impl IntoView {
    let count = package.rule_changes.len();
    view! {
        <Title text=package.title.clone() />
        <p class="breadcrumbs">
            <A href="/drafts">"← My rule changes"</A>
        </p>
        <h1 data-testid="package-title">{package.title.clone()}</h1>
        <p class="lead">{package.summary.clone()}</p>
        <p class="muted" data-testid="package-count">
            {format!("{count} rule change(s) in this package, in Rule Book order. ")}
            <A href=format!("/packages/{}/read", package.id)>"How members will read it"</A>
            " · "
            <A href=format!("/packages/{}/support", package.id)>"Support"</A>
        </p>
        <ol class="compare" data-testid="package-preview">
            {package
                .rule_changes
                .into_iter()
                .map(|rc| {
                    let id = rc.id;
                    view! {
                        <li class="compare__entry" data-testid="package-member">
                            <h2>
                                <A href=format!("/drafts/{id}")>{rc.title.clone()}</A>
                            </h2>
                            <pre class="wording">{rc.wording.clone()}</pre>
                            {rc
                                .edits
                                .into_iter()
                                .map(|edit| {
                                    view! {
                                        <h3 class="compare__title">{edit.heading()}</h3>
                                        <DiffPair spans=edit.diff />
                                    }
                                })
                                .collect_view()}
                            <ActionForm action=split>
                                <input type="hidden" name="rule_change_id" value=id />
                                <button class="button button--secondary" type="submit" data-testid="split-out">
                                    "Split this rule change out of the package"
                                </button>
                            </ActionForm>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
