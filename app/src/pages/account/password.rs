//! `/account/password`: change your password (signed-in users).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{Field, FormMessage, field_message, form_message};
use crate::api::accounts::ChangePassword;
use crate::providers::session::use_session;

/// `/account/password`
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let session = use_session();
    let action = ServerAction::<ChangePassword>::new();
    session.refresh_on(action);
    let value = action.value();
    let user = session.user;
    let query = use_query_map();
    let changed = move || query.with(|q| q.get("changed")).is_some();
    view! {
        <Title text="Your account" />
        <h1>"Your account"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => view! {
                        <p data-testid="account-summary">
                            "Signed in as " <strong>{user.name}</strong> " (" {user.email} "), "
                            {user.role.label()}
                            {user.organisation.map(|o| format!(", {o}"))} "."
                        </p>
                    }.into_any(),
                    _ => view! {
                        <p class="notice" data-testid="not-signed-in">
                            "Please " <a href="/sign-in?next=/account/password">"sign in"</a> " first."
                        </p>
                    }.into_any(),
                }
            })}
        </Suspense>
        <h2>"Change your password"</h2>
        <Show when=changed>
            <p class="notice" data-testid="password-changed">"Your password has been changed. Other sessions were signed out."</p>
        </Show>
        <FormMessage message=Signal::derive(move || value.with(form_message)) />
        <ActionForm action attr:class="form" attr:data-testid="change-password-form">
            <Field
                name="current_password"
                label="Current password"
                kind="password"
                autocomplete="current-password"
                error=Signal::derive(move || value.with(|v| field_message(v, "current_password")))
            />
            <Field
                name="new_password"
                label="New password"
                kind="password"
                autocomplete="new-password"
                hint="At least 10 characters."
                error=Signal::derive(move || value.with(|v| field_message(v, "new_password")))
            />
            <button type="submit" class="button" data-testid="change-password-submit">"Change password"</button>
        </ActionForm>
    }
}
