//! One module per route.

pub mod go;
pub mod home;
pub mod not_found;
