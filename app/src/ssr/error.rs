//! Service errors, and their mapping to the client-facing [`AppError`].

use sea_orm::DbErr;

use crate::error::AppError;

/// What a service can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The database failed; logged in full, never shown to the user.
    #[error("database error")]
    Db(#[from] DbErr),
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The input cannot be used; the message says why.
    #[error("{0}")]
    Invalid(String),
    /// The caller may not do this; the message says who may.
    #[error("{0}")]
    Forbidden(String),
    /// Someone else changed the same thing first.
    #[error("{0}")]
    Conflict(String),
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Db(cause) => {
                tracing::error!(error = %cause, debug = ?cause, "database error");
                AppError::Internal
            }
            ServiceError::NotFound(message) => AppError::NotFound(message),
            ServiceError::Invalid(message) => AppError::BadRequest(message),
            ServiceError::Forbidden(message) => AppError::Forbidden(message),
            ServiceError::Conflict(message) => AppError::Conflict(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_forbidden_not_a_bad_request() {
        let error = AppError::from(ServiceError::Forbidden(
            "Only organisers can do this.".into(),
        ));
        assert_eq!(error.status(), 403);
        assert_eq!(error.to_string(), "Only organisers can do this.");
        assert_eq!(
            AppError::from(ServiceError::Invalid("Too long.".into())).status(),
            400
        );
    }
}
