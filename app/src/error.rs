//! The one error type that crosses the wire to the browser.
//!
//! Every server function returns `Result<T, AppError>`. Messages are written for a person to act
//! on; internal causes are logged on the server (see `ssr::error`) and never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A client-facing error with an HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist; the message says what was looked for.
    #[error("{0}")]
    NotFound(String),
    /// The request cannot be carried out as sent; the message says what to change.
    #[error("{0}")]
    BadRequest(String),
    /// The caller must sign in first.
    #[error("Please sign in to do that.")]
    Unauthorized,
    /// The caller is signed in but may not do this; the message says who may.
    #[error("{0}")]
    Forbidden(String),
    /// Someone else changed the same thing first.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts (sign-in throttling); the message says how long to wait.
    #[error("{0}")]
    TooManyRequests(String),
    /// Something failed on the server; details are in the server log.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request did not reach the server function (network, encoding).
    #[error("The request could not be completed: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::BadRequest(_) => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                AppError::BadRequest(format!("The form was incomplete or malformed: {message}"))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}
