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

/// The same diff side by side: the rule as it stands (deletions struck through) and as it
/// would read (insertions underlined), in two columns.
#[component]
pub fn DiffColumns(spans: Vec<DiffSpan>) -> impl IntoView {
    let side = |keep_insert: bool| {
        spans
            .iter()
            .filter_map(|span| match span {
                DiffSpan::Equal(text) => Some(view! { <span>{text.clone()}</span> }.into_any()),
                DiffSpan::Delete(text) if !keep_insert => Some(
                    view! { <del class="diff-del" aria-label="deleted">{text.clone()}</del> }
                        .into_any(),
                ),
                DiffSpan::Insert(text) if keep_insert => Some(
                    view! { <ins class="diff-ins" aria-label="inserted">{text.clone()}</ins> }
                        .into_any(),
                ),
                _ => None,
            })
            .collect_view()
    };
    let before = side(false);
    let after = side(true);
    view! {
        <div class="diff-columns" data-testid="diff-columns">
            <div class="diff-columns__side">
                <h4 class="diff-columns__title">"Now"</h4>
                <div class="diff">{before}</div>
            </div>
            <div class="diff-columns__side">
                <h4 class="diff-columns__title">"As it would read"</h4>
                <div class="diff">{after}</div>
            </div>
        </div>
    }
}

/// A diff inline, and side by side on wide screens (the stylesheet chooses).
#[component]
pub fn DiffPair(spans: Vec<DiffSpan>) -> impl IntoView {
    view! {
        <div class="diff-pair">
            <DiffView spans=spans.clone() />
            <DiffColumns spans />
        </div>
    }
}
