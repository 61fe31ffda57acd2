//! Account pages: sign up, sign in, change password, reset a password with a code, and the
//! admin pages (users and reset codes, audit log). Every form is an `ActionForm`, so it works
//! with JavaScript off; errors come back field by field.

pub mod admin;
pub mod audit;
pub mod password;
pub mod reset;
pub mod sign_in;
pub mod sign_up;

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::accounts::FieldErrors;

/// The message for `field` in an action's last result, if it failed on that field.
pub fn field_message<T>(value: &Option<Result<T, AppError>>, field: &str) -> Option<String> {
    match value {
        Some(Err(error)) => FieldErrors::message_for(error, field),
        _ => None,
    }
}

/// The summary for the top of a form when the action's last result failed.
pub fn form_message<T>(value: &Option<Result<T, AppError>>) -> Option<String> {
    match value {
        Some(Err(error)) => Some(FieldErrors::summary(error)),
        _ => None,
    }
}

/// A labelled input with its error message underneath (announced by screen readers).
#[component]
pub fn Field(
    /// The form field's name (also the server function argument).
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    /// The field's error message, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint muted">{hint}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                data-testid=format!("input-{name}")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
            />
            <p class="field__error" id=error_id data-testid=format!("error-{name}") aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The form-level message (role="alert") for an action's failure.
#[component]
pub fn FormMessage(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class="notice notice--error" role="alert" data-testid="form-error">
                {move || message.get()}
            </p>
        </Show>
    }
}
