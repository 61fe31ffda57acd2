//! The signed-in user as a context: one resource every page and the header read, refetched
//! whenever a form that changes who is signed in completes. It decides nothing: the server
//! checks permissions on every call; this only chooses what to show.
//!
//! The forms' `ServerAction`s are made by the pages themselves, inside the router: only there
//! do they see the error a form posted without JavaScript brings back in the URL.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::accounts::get_current_user;
use crate::error::AppError;
use crate::model::accounts::CurrentUser;

/// The session context.
#[derive(Clone, Copy)]
pub struct SessionContext {
    /// `Ok(None)` when nobody is signed in.
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    /// Bumped when a sign-in, sign-up, sign-out or password change completes.
    version: RwSignal<u64>,
}

impl SessionContext {
    /// Refetches the user whenever `action` completes.
    pub fn refresh_on<S>(self, action: ServerAction<S>)
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        let version = self.version;
        Effect::new(move |_| {
            if action.version().get() > 0 {
                version.update(|v| *v += 1);
            }
        });
    }
}

/// Creates the session context; call once at the top of the app.
pub fn provide_session() -> SessionContext {
    let version = RwSignal::new(0_u64);
    // Blocking: the page is not sent until it is known, so the header is complete in the
    // first HTML even with JavaScript off (out-of-order streaming needs a script to show it).
    let user = Resource::new_blocking(move || version.get(), |_| get_current_user());
    let context = SessionContext { user, version };
    provide_context(context);
    context
}

/// The session context (panics if [`provide_session`] was not called: a programming error).
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
