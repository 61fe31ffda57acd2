//! One module per route.

pub mod account;
pub mod compare;
pub mod drafts;
pub mod go;
pub mod history;
pub mod home;
pub mod not_found;
pub mod packages;
pub mod publication;
pub mod rules;
pub mod search;
pub mod support;
