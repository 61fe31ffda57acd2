//! `/go?q=…`: resolves a citation typed in any common style and redirects to the rule, or
//! explains why it cannot (unknown, ambiguous) with the nearest real rules.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

use crate::api::rulebook::resolve_citation;
use crate::components::{go_to_rule::GoToRule, loaded::Loaded};

/// `/go`
#[component]
pub fn GoToRulePage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let target = Resource::new(q, |q| resolve_citation(q, None));
    view! {
        <Title text="Go to rule" />
        <h1>"Go to rule"</h1>
        <GoToRule value=q() />
        <Loaded loading="Looking up…">
                {move || Suspend::new(async move {
                    let url = target.await?;
                    Ok::<_, crate::error::AppError>(view! { <Redirect path=url /> })
                })}
            </Loaded>
    }
}
