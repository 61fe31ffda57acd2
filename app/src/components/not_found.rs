//! The page for any address that names nothing (the router's fallback, and a rule address
//! that matches no rule).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::go_to_rule::GoToRule;

/// Fallback route: a real 404 with a way onwards.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="notice" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p>
                "There is nothing at this address. If you followed a link to a rule, it may have been renumbered: try the box below, or start from the "
                <A href="/rules">"table of contents"</A>"."
            </p>
            <GoToRule />
        </section>
    }
}
