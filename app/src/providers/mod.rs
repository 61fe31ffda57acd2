//! Contexts provided once at the top of the app.

pub mod session;
