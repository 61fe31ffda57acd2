//! One module per route (a directory where a page has parts, as [`drafts`] and [`account`]);
//! a page never names a sibling page (docs/architecture.md). Routing helpers they share live
//! here ([`id_param`]).

pub mod account;
pub mod compare;
pub mod drafts;
pub mod go;
pub mod history;
pub mod home;
pub mod packages;
pub mod publication;
pub mod rules;
pub mod search;
pub mod support;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A whole-number route parameter (0 when missing or not a number, which the server answers
/// with "not found").
pub(crate) fn id_param(name: &'static str) -> impl Fn() -> i32 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get(name)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    }
}
