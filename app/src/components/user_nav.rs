//! The header's account links: sign in / sign up for visitors; the user's name, “Admin” for
//! admins, and a sign-out button (a real form, so it works without JavaScript) for users.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::accounts::SignOut;
use crate::providers::session::use_session;

/// Account navigation for the site header.
#[component]
pub fn UserNav() -> impl IntoView {
    let session = use_session();
    let user = session.user;
    let sign_out = ServerAction::<SignOut>::new();
    session.refresh_on(sign_out);
    view! {
        <div class="user-nav" data-testid="user-nav">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) => {
                            let admin = user.is_admin();
                            view! {
                                <A href="/account/password" attr:class="user-nav__name" attr:data-testid="nav-user">
                                    {user.name.clone()}
                                </A>
                                <span class="user-nav__role muted" data-testid="nav-role">{user.role.label()}</span>
                                <Show when=move || admin>
                                    <A href="/admin/users" attr:data-testid="nav-admin">"Admin"</A>
                                </Show>
                                <ActionForm action=sign_out attr:class="user-nav__sign-out">
                                    <button type="submit" class="link-button" data-testid="sign-out">
                                        "Sign out"
                                    </button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <A href="/sign-in" attr:data-testid="nav-sign-in">"Sign in"</A>
                                <A href="/sign-up" attr:data-testid="nav-sign-up">"Sign up"</A>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}
