//! The home page: what redline is, the editions held, and the go-to-rule box.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::rulebook::list_editions;
use crate::components::{go_to_rule::GoToRule, loaded::Loaded};

/// `/`
#[component]
pub fn HomePage() -> impl IntoView {
    let editions = Resource::new(|| (), |_| list_editions());
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"Rule changes, drafted right and read clearly"</h1>
            <p class="lead">
                "Read the Rule Book as it stands in any edition, see how each clause got there, and follow the rule changes going to Annual Conference."
            </p>
            <GoToRule />
        </section>
        <section aria-labelledby="editions-heading">
            <h2 id="editions-heading">"Editions of the Rule Book"</h2>
            <Loaded loading="Loading editions…">
                    {move || Suspend::new(async move {
                        let editions = editions.await?;
                        let view = if editions.is_empty() {
                            view! {
                                <p class="muted" data-testid="no-editions">
                                    "No edition has been imported yet. An admin can import one with "
                                    <code>"redline import"</code>"."
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <ul class="edition-list" data-testid="edition-list">
                                    {editions
                                        .into_iter()
                                        .map(|e| {
                                            let href = format!("/rules/{}", e.year);
                                            view! {
                                                <li class="edition-list__item">
                                                    <A href=href>{e.title}</A>
                                                    <span class="muted">
                                                        {e
                                                            .published_on
                                                            .map(|d| format!(" · published {d}"))
                                                            .unwrap_or_default()}
                                                        {format!(" · {} rules", e.node_count)}
                                                    </span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        };
                        Ok::<_, crate::error::AppError>(view)
                    })}
                </Loaded>
        </section>
    }
}
