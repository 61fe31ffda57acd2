//! redline: draft, track and read rule changes to a party Rule Book.
//!
//! One crate for both sides of the Leptos application: `ssr` builds it into the server (with the
//! database layer in [`ssr`]), `hydrate` into the browser's WebAssembly. The direction of use is
//! `pages` → `api` → `ssr` → `domain`; [`domain`] is pure Rust and uses nothing else of ours.
// The support page's view type is deeper than rustc's default limit allows when its layout
// is computed (a debug build of the server fails with "queries overflow the depth limit").
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod model;
pub mod pages;
pub mod providers;
#[cfg(feature = "ssr")]
pub mod ssr;

/// The browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
