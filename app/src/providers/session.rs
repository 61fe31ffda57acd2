//! The signed-in user as a context: one resource every page and the header read, refetched
//! whenever a sign-in, sign-up, sign-out or password change completes. It decides nothing: the
//! server checks permissions on every call; this only chooses what to show.

use leptos::prelude::*;

use crate::api::accounts::{ChangePassword, SignIn, SignOut, SignUp, get_current_user};
use crate::error::AppError;
use crate::model::accounts::CurrentUser;

/// The session context: the current user and the actions that change who that is.
#[derive(Clone, Copy)]
pub struct SessionContext {
    /// `Ok(None)` when nobody is signed in.
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
    pub change_password: ServerAction<ChangePassword>,
}

/// Creates the session context; call once, inside the router.
pub fn provide_session() -> SessionContext {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_up = ServerAction::<SignUp>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let user = Resource::new(
        move || {
            (
                sign_in.version().get(),
                sign_up.version().get(),
                sign_out.version().get(),
                change_password.version().get(),
            )
        },
        |_| get_current_user(),
    );
    let context = SessionContext {
        user,
        sign_in,
        sign_up,
        sign_out,
        change_password,
    };
    provide_context(context);
    context
}

/// The session context (panics if [`provide_session`] was not called: a programming error).
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
