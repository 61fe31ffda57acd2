//! `/account/reset`: set a new password with a one-time code an admin issued.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{Field, FormMessage, field_message, form_message};
use crate::api::accounts::ResetPassword;

/// `/account/reset`
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let value = action.value();
    view! {
        <Title text="Reset your password" />
        <h1>"Reset your password"</h1>
        <p>"An admin can give you a one-time reset code. It works once, for 24 hours."</p>
        <FormMessage message=Signal::derive(move || value.with(form_message)) />
        <ActionForm action attr:class="form" attr:data-testid="reset-form">
            <Field
                name="token"
                label="Reset code"
                autocomplete="one-time-code"
                error=Signal::derive(move || value.with(|v| field_message(v, "token")))
            />
            <Field
                name="new_password"
                label="New password"
                kind="password"
                autocomplete="new-password"
                hint="At least 10 characters."
                error=Signal::derive(move || value.with(|v| field_message(v, "new_password")))
            />
            <button type="submit" class="button" data-testid="reset-submit">"Set new password"</button>
        </ActionForm>
    }
}
