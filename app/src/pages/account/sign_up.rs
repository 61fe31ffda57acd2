//! `/sign-up`: a new member account in a CLP or other organisation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{Field, FormMessage, field_message, form_message};
use crate::api::accounts::{SignUp, list_organisations};
use crate::providers::session::use_session;

/// `/sign-up`
#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    use_session().refresh_on(action);
    let value = action.value();
    // Blocking, so the choices are in the first HTML even with JavaScript off.
    let organisations = Resource::new_blocking(|| (), |_| list_organisations());
    let org_error = Signal::derive(move || value.with(|v| field_message(v, "organisation")));
    view! {
        <Title text="Sign up" />
        <h1>"Sign up"</h1>
        <p>"New accounts are members. An admin can make you a delegate or organiser."</p>
        <FormMessage message=Signal::derive(move || value.with(form_message)) />
        <ActionForm action attr:class="form" attr:data-testid="sign-up-form">
            <Field
                name="name"
                label="Your name"
                autocomplete="name"
                hint=NAME_HINT
                error=Signal::derive(move || value.with(|v| field_message(v, "name")))
            />
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
                autocomplete="new-password"
                hint=PASSWORD_HINT
                error=Signal::derive(move || value.with(|v| field_message(v, "password")))
            />
            <div class="field">
                <label for="field-organisation">"Your CLP or organisation"</label>
                <select id="field-organisation" name="organisation" data-testid="input-organisation">
                    <option value="">"— none —"</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            organisations
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|o| view! { <option value=o.id.to_string()>{o.name}</option> })
                                .collect_view()
                        })}
                    </Suspense>
                </select>
                <p class="field__error" data-testid="error-organisation">{move || org_error.get()}</p>
            </div>
            <button type="submit" class="button" data-testid="sign-up-submit">"Create account"</button>
        </ActionForm>
        <p>"Already have an account? " <A href="/sign-in">"Sign in"</A> "."</p>
    }
}

const NAME_HINT: &str = "As others should see it, up to 100 characters.";
const PASSWORD_HINT: &str = "At least 10 characters. A few unrelated words make a good one.";
