//! Rule text as read: each node with its number, heading and paragraphs, indented by depth.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::numbering::NodeKind;
use crate::model::rulebook::RuleNode;

/// The heading line of a node: "Clause I. Conditions of membership", "4.", "B.".
pub fn node_title(node: &RuleNode) -> String {
    let number = match node.kind {
        NodeKind::Chapter => format!("Chapter {}", node.label),
        NodeKind::Appendix => format!("Appendix {}", node.label),
        NodeKind::Part => format!("Part {}", node.label),
        NodeKind::Clause => format!("Clause {}", node.label),
        _ => node.label.clone(),
    };
    match &node.heading {
        Some(heading) if !heading.is_empty() => format!("{number}. {heading}"),
        _ => format!("{number}."),
    }
}

/// A list of rule nodes; each number links to the node's permalink in `year`.
#[component]
pub fn RuleText(nodes: Vec<RuleNode>, year: i32) -> impl IntoView {
    view! {
        <div class="rules">
            {nodes
                .into_iter()
                .map(|node| {
                    let href = format!("/rules/{year}/{}", node.key);
                    let title = node_title(&node);
                    let depth = node.depth.clamp(1, 6);
                    let is_heading = matches!(
                        node.kind,
                        NodeKind::Chapter | NodeKind::Appendix | NodeKind::Part | NodeKind::Clause
                    );
                    let paragraphs: Vec<String> = node
                        .text
                        .split("\n\n")
                        .filter(|p| !p.is_empty())
                        .map(str::to_owned)
                        .collect();
                    let note = node.change_note.map(|note| view! { <p class="rule__note muted">{note}</p> });
                    let body = view! {
                        <div class="rule__body">
                            {paragraphs
                                .into_iter()
                                .map(|p| view! { <p class="rule__text">{p}</p> })
                                .collect_view()}
                            {note}
                        </div>
                    };
                    let class = if is_heading {
                        format!("rule rule--depth-{depth}")
                    } else {
                        format!("rule rule--numbered rule--depth-{depth}")
                    };
                    let title_view = if is_heading {
                        view! {
                            <h3 class="rule__heading">
                                <A href=href>{title}</A>
                            </h3>
                        }
                            .into_any()
                    } else {
                        view! {
                            <A href=href attr:class="rule__label">
                                {title}
                            </A>
                        }
                            .into_any()
                    };
                    view! {
                        <section
                            class=class
                            id=node.key.clone()
                            data-key=node.key.clone()
                            aria-label=node.citation.clone()
                        >
                            {title_view}
                            {body}
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}
