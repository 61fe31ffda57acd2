//! Server functions: thin, public endpoints under `/api/`. Each checks who may call it, makes one
//! service call and maps errors to [`crate::error::AppError`]. Anything here can be called by
//! anyone on the internet with any arguments.

pub mod accounts;
pub mod rulebook;

/// Maps a service result to the client-facing error and sets the response's HTTP status to
/// match, so that a failed server function is a real 4xx/5xx (also for scripts calling the API).
#[cfg(feature = "ssr")]
pub(crate) fn respond<T>(
    result: Result<T, crate::ssr::error::ServiceError>,
) -> Result<T, crate::error::AppError> {
    result.map_err(|error| {
        let error = crate::error::AppError::from(error);
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(
                http::StatusCode::from_u16(error.status())
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        error
    })
}
