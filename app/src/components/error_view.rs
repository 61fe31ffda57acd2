//! The one error view every section's `ErrorBoundary` uses. During server rendering it also sets
//! the HTTP status, so a missing rule is a real 404 and a failure a real 500.

use leptos::prelude::*;

use crate::error::AppError;

/// Shows errors as a person can act on them.
#[component]
pub fn ErrorView(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let shown = errors.clone();
    let messages = move || {
        shown
            .get()
            .into_iter()
            .map(|(_, error)| match error.downcast_ref::<AppError>() {
                Some(app_error) => app_error.to_string(),
                None => error.to_string(),
            })
            .collect::<Vec<_>>()
    };
    #[cfg(feature = "ssr")]
    {
        let status = errors
            .get_untracked()
            .into_iter()
            .map(|(_, error)| {
                error
                    .downcast_ref::<AppError>()
                    .map_or(500, AppError::status)
            })
            .max()
            .unwrap_or(500);
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(
                http::StatusCode::from_u16(status)
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
    }
    view! {
        <section class="notice notice--error" role="alert" data-testid="error">
            <h2 class="notice__title">"Sorry, that did not work"</h2>
            <ul class="notice__list">
                {move || messages().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        </section>
    }
}
