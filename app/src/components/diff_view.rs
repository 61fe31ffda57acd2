//! A word diff as text with insertions underlined (`<ins>`) and deletions struck through
//! (`<del>`), readable without colour and in print.

use leptos::prelude::*;

use crate::domain::diff::DiffSpan;

/// Renders diff spans inline; all text is escaped by the view layer.
#[component]
pub fn DiffView(spans: Vec<DiffSpan>) -> impl IntoView {
    view! {
        <div class="diff" data-testid="diff">
            {spans
                .into_iter()
                .map(|span| match span {
                    DiffSpan::Equal(text) => view! { <span>{text}</span> }.into_any(),
                    DiffSpan::Delete(text) => {
                        view! {
                            <del class="diff-del" aria-label="deleted">
                                {text}
                            </del>
                        }
                            .into_any()
                    }
                    DiffSpan::Insert(text) => {
                        view! {
                            <ins class="diff-ins" aria-label="inserted">
                                {text}
                            </ins>
                        }
                            .into_any()
                    }
                })
                .collect_view()}
        </div>
    }
}
