//! `/rules/:edition/:key/history`: every edition's version of a rule, oldest first, each with a
//! word diff against the one before and what changed it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

use crate::api::rulebook::load_history;
use crate::components::{diff_view::DiffView, loaded::Loaded};
use crate::error::AppError;
use crate::model::rulebook::ClauseHistory;

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let args = move || {
        let map = params.read();
        (
            map.get("edition")
                .and_then(|e| e.parse::<i32>().ok())
                .unwrap_or(0),
            map.get("key").unwrap_or_default(),
        )
    };
    let history = Resource::new(args, |(year, key)| load_history(year, key));
    view! {
        <Loaded loading="Loading the history…">
                {move || Suspend::new(async move {
                    let history: ClauseHistory = history.await?;
                    Ok::<_, AppError>(view! { <HistoryBody history /> })
                })}
            </Loaded>
    }
}

#[component]
fn HistoryBody(history: ClauseHistory) -> impl IntoView {
    let back = format!("/rules/{}/{}", history.year, history.key);
    view! {
        <Title text=format!("History of {}", history.citation) />
        <p class="breadcrumbs">
            <A href=back>{format!("← {}", history.citation)}</A>
        </p>
        <h1>{format!("History of {}", history.citation)}</h1>
        <ol class="history" reversed=false data-testid="history">
            {history
                .entries
                .into_iter()
                .map(|entry| {
                    let href = format!("/rules/{}/{}", entry.year, entry.key);
                    let status = if entry.changed && entry.renumbered {
                        "Changed and renumbered"
                    } else if entry.changed {
                        "Changed"
                    } else if entry.renumbered {
                        "Renumbered"
                    } else {
                        ""
                    };
                    let body = if entry.changed {
                        view! { <DiffView spans=entry.diff /> }.into_any()
                    } else {
                        let text = match entry.heading {
                            Some(h) if !h.is_empty() => format!("{h}\n{}", entry.text),
                            _ => entry.text,
                        };
                        view! { <div class="diff">{text}</div> }.into_any()
                    };
                    view! {
                        <li class="history__entry" data-testid="history-entry">
                            <h2>
                                <A href=href>{entry.title}</A>
                                {(!status.is_empty())
                                    .then(|| view! { <span class="change-badge">{status}</span> })}
                            </h2>
                            <p class="muted">{format!("{} — {}", entry.citation, entry.change_note)}</p>
                            {body}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
