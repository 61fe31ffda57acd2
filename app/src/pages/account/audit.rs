//! `/admin/audit`: the newest audit-log entries (admins).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::accounts::audit_log;
use crate::components::loaded::Loaded;

/// `/admin/audit`
#[component]
pub fn AuditLogPage() -> impl IntoView {
    // Blocking: the log is in the first HTML, so the page works with JavaScript off.
    let entries = Resource::new_blocking(|| (), |_| audit_log());
    view! {
        <Title text="Audit log" />
        <h1>"Audit log"</h1>
        <p><A href="/admin/users">"Users"</A></p>
        <Loaded loading="Loading…">
                {move || Suspend::new(async move {
                    let entries = entries.await?;
                    let rows = entries
                        .into_iter()
                        .map(|e| view! {
                            <tr data-testid="audit-row">
                                <td>{e.at}</td>
                                <td>{e.actor.unwrap_or_else(|| "system".to_owned())}</td>
                                <td>{e.action}</td>
                                <td>{format!("{} {}", e.target_kind, e.target_id.unwrap_or_default())}</td>
                                <td>{e.detail.unwrap_or_default()}</td>
                            </tr>
                        })
                        .collect_view();
                    Ok::<_, crate::error::AppError>(view! {
                        <table class="table" data-testid="audit-table">
                            <thead>
                                <tr><th>"When"</th><th>"Who"</th><th>"Did"</th><th>"To"</th><th>"Detail"</th></tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    })
                })}
            </Loaded>
    }
}
