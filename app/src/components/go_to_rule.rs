//! The "go to rule" box: type a citation in any common style and jump to the rule.
//! A plain GET form, so it works before (and without) WebAssembly.

use leptos::prelude::*;
use leptos_router::components::Form;

/// A search-style box that submits to `/go?q=…`.
#[component]
pub fn GoToRule(#[prop(optional, into)] value: String) -> impl IntoView {
    view! {
        <Form method="GET" action="/go" attr:class="goto" attr:role="search">
            <label class="goto__label" for="goto-q">
                "Go to rule"
            </label>
            <div class="goto__row">
                <input
                    id="goto-q"
                    class="goto__input"
                    type="text"
                    name="q"
                    value=value
                    placeholder="e.g. Chapter 2, Clause I.4.B"
                    autocomplete="off"
                    maxlength="200"
                    data-testid="goto-input"
                />
                <button class="button" type="submit" data-testid="goto-submit">
                    "Go"
                </button>
            </div>
        </Form>
    }
}
