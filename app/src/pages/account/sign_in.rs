//! `/sign-in`: e-mail address and password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{Field, FormMessage, field_message, form_message};
use crate::api::accounts::SignIn;
use crate::providers::session::use_session;

/// `/sign-in`
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    use_session().refresh_on(action);
    let value = action.value();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let was_reset = move || query.with(|q| q.get("reset")).is_some();
    view! {
        <Title text="Sign in" />
        <h1>"Sign in"</h1>
        <Show when=was_reset>
            <p class="notice" data-testid="reset-done">"Your password has been changed. Sign in with the new one."</p>
        </Show>
        <FormMessage message=Signal::derive(move || value.with(form_message)) />
        <ActionForm action attr:class="form" attr:data-testid="sign-in-form">
            <input type="hidden" name="next" value=next />
            <Field
                name="email"
                label="E-mail address"
                kind="email"
                autocomplete="username"
                error=Signal::derive(move || value.with(|v| field_message(v, "email")))
            />
            <Field
                name="password"
                label="Password"
                kind="password"
                autocomplete="current-password"
                error=Signal::derive(move || value.with(|v| field_message(v, "password")))
            />
            <button type="submit" class="button" data-testid="sign-in-submit">"Sign in"</button>
        </ActionForm>
        <p>
            "No account yet? " <A href="/sign-up">"Sign up"</A> ". Forgotten your password? "
            "Ask an admin for a reset code, then " <A href="/account/reset">"set a new password"</A> "."
        </p>
    }
}
