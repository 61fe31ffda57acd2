//! A section that waits for its data: the `ErrorBoundary` + `Suspense` pair every page wraps
//! around what it loads.

use leptos::prelude::*;

use crate::components::error_view::ErrorView;

/// Shows `loading` while the resources its children read are on their way, then the children;
/// an error any of them returns is shown by [`ErrorView`] (which also sets the HTTP status
/// while rendering on the server). The children are usually
/// `{move || Suspend::new(async move { … })}`.
#[component]
pub fn Loaded(
    /// What the reader sees while the data comes, e.g. "Loading the rule…".
    loading: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <ErrorBoundary fallback=|errors| view! { <ErrorView errors /> }>
            <Suspense fallback=move || view! { <p class="muted">{loading}</p> }>
                {children()}
            </Suspense>
        </ErrorBoundary>
    }
}
