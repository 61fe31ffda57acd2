//! `/admin/users`: every user, their role (changeable), and one-time password-reset codes.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::accounts::{IssueResetToken, SetUserRole, list_users, take_issued_token};
use crate::components::error_view::ErrorView;
use crate::error::AppError;
use crate::model::accounts::{IssuedToken, Role};

/// `/admin/users`
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let set_role = ServerAction::<SetUserRole>::new();
    let issue = ServerAction::<IssueResetToken>::new();
    // Blocking: the list is in the first HTML, so the page works with JavaScript off.
    let users = Resource::new_blocking(move || set_role.version().get(), |_| list_users());
    // A code issued by a form posted without JavaScript comes back through the session.
    let from_form = Resource::new_blocking(|| (), |_| take_issued_token());
    let issued = issue.value();
    let role_error = set_role.value();
    view! {
        <Title text="Users" />
        <h1>"Users"</h1>
        <p><A href="/admin/audit">"Audit log"</A></p>
        {move || role_error.get().and_then(Result::err).map(|e| view! {
            <p class="notice notice--error" role="alert" data-testid="role-error">{e.to_string()}</p>
        })}
        {move || issued.get().map(issued_view)}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                from_form.await.ok().flatten().map(|token| issued_view(Ok(token)))
            })}
        </Suspense>
        <ErrorBoundary fallback=|errors| view! { <ErrorView errors /> }>
            <Transition fallback=|| view! { <p class="muted">"Loading users…"</p> }>
                {move || Suspend::new(async move {
                    let users = users.await?;
                    let rows = users
                        .into_iter()
                        .map(|user| {
                            let id = user.id.to_string();
                            let token_id = id.clone();
                            let role = user.role;
                            view! {
                                <tr data-testid="user-row">
                                    <td>{user.name}</td>
                                    <td>{user.email}</td>
                                    <td>{user.organisation.unwrap_or_default()}</td>
                                    <td>
                                        <ActionForm action=set_role attr:class="inline-form">
                                            <input type="hidden" name="user_id" value=id />
                                            <select name="role" aria-label="Role">
                                                {Role::ALL
                                                    .into_iter()
                                                    .map(|r| view! {
                                                        <option value=r.as_str() selected=r == role>{r.label()}</option>
                                                    })
                                                    .collect_view()}
                                            </select>
                                            <button type="submit" class="link-button">"Save"</button>
                                        </ActionForm>
                                    </td>
                                    <td>
                                        <ActionForm action=issue attr:class="inline-form">
                                            <input type="hidden" name="user_id" value=token_id />
                                            <button type="submit" class="link-button" data-testid="issue-token">
                                                "Issue reset code"
                                            </button>
                                        </ActionForm>
                                    </td>
                                    <td>{user.created_at}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    Ok::<_, crate::error::AppError>(view! {
                        <table class="table" data-testid="user-table">
                            <thead>
                                <tr>
                                    <th>"Name"</th><th>"E-mail"</th><th>"Organisation"</th>
                                    <th>"Role"</th><th>"Password"</th><th>"Joined"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    })
                })}
            </Transition>
        </ErrorBoundary>
    }
}

/// A freshly issued reset code (shown once), or why issuing failed.
fn issued_view(result: Result<IssuedToken, AppError>) -> AnyView {
    match result {
        Ok(token) => view! {
            <div class="notice" role="status" data-testid="issued-token">
                <p>
                    "Reset code for " {token.user_name} " (" {token.user_email} "), valid until "
                    {token.expires_at} ". Give it to them privately; it is shown only once."
                </p>
                <p><code data-testid="token-value">{token.token}</code></p>
                <p>"They enter it at " <A href="/account/reset">"/account/reset"</A> "."</p>
            </div>
        }
        .into_any(),
        Err(error) => view! {
            <p class="notice notice--error" role="alert">{error.to_string()}</p>
        }
        .into_any(),
    }
}
