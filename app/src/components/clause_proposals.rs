//! The box on a rule's page listing the public rule changes that amend it, with whether each
//! pair of them can be carried together.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::model::drafts::EditKind;
use crate::model::publication::ClauseProposalList;

/// The public rule changes that amend a rule, for its page (loaded by the page with the rule,
/// so the page renders once both have arrived).
#[component]
pub fn ClauseProposals(list: ClauseProposalList) -> impl IntoView {
    let ClauseProposalList {
        proposals,
        pairs,
        conflicts,
        compared,
    } = list;
    let verdicts = (compared > 0).then(|| {
        let heading = match conflicts {
            0 => format!(
                "The {} rule changes before conference on this rule can all be carried together.",
                proposals.len()
            ),
            1 => "One pair cannot both be carried as written:".to_owned(),
            n => format!("{n} pairs cannot both be carried as written:"),
        };
        let more = compared.saturating_sub(pairs.len());
        view! {
            <div class="clause-conflicts" data-testid="clause-conflicts">
                <p class="notice__title">{heading}</p>
                <ul>
                    {pairs
                        .into_iter()
                        .map(|p| {
                            let class = if p.conflict { "verdict verdict--conflict" } else { "verdict" };
                            let mark = if p.conflict { "Conflict: " } else { "Compatible: " };
                            view! {
                                <li class=class>
                                    <strong>{mark}</strong>
                                    <A href=p.a.href>{p.a.label}</A>
                                    " and "
                                    <A href=p.b.href>{p.b.label}</A>
                                    {format!(" — {}", p.verdict)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {(more > 0).then(|| view! {
                    <p class="muted">{format!("…and {more} more pairs, of {compared} compared.")}</p>
                })}
            </div>
        }
    });
    (!proposals.is_empty()).then(|| {
        view! {
            <aside class="notice" data-testid="clause-proposals">
                <p class="notice__title">"Proposed changes to this rule"</p>
                <ul>
                    {proposals
                        .into_iter()
                        .map(|p| {
                            let what = match p.kind {
                                EditKind::Text => "amends it",
                                EditKind::InsertAfter => "adds a rule after it",
                                EditKind::Delete => "deletes it",
                            };
                            view! {
                                <li>
                                    <A href=format!("/rule-changes/{}", p.id)>{p.title}</A>
                                    {format!(" — {what}; {}, Annual Conference {}", p.status_label, p.conference_year)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {verdicts}
            </aside>
        }
    })
}
