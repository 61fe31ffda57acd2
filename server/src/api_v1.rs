//! The public JSON API (`/api/v1/…`): stateless endpoints other tools can build on.
//!
//! Bodies are JSON with the shapes in `app::model::wording`; errors are `{"error": "…"}` with a
//! 4xx status that says what to change. Work runs off the async threads, so a large text cannot
//! stall other requests.

use app::model::wording::{ApplyRequest, GenerateRequest, WordingResponse, check_sizes};
use app::ssr::state::AppState;
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, rejection::JsonRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::json;

/// Largest JSON body accepted by the wording endpoints.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

/// The `/api/v1` routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/wording/generate", post(generate))
        .route("/api/v1/wording/apply", post(apply))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

async fn generate(body: Result<Json<GenerateRequest>, JsonRejection>) -> Response {
    let request = match body {
        Ok(Json(request)) => request,
        Err(rejection) => return rejected(&rejection),
    };
    if let Err(message) = check_sizes(&[
        ("citation", &request.citation),
        ("base", &request.base),
        ("edited", &request.edited),
    ]) {
        return error(StatusCode::PAYLOAD_TOO_LARGE, &message);
    }
    run(move || WordingResponse::generate(&request)).await
}

async fn apply(body: Result<Json<ApplyRequest>, JsonRejection>) -> Response {
    let request = match body {
        Ok(Json(request)) => request,
        Err(rejection) => return rejected(&rejection),
    };
    if let Err(message) = check_sizes(&[("base", &request.base), ("wording", &request.wording)]) {
        return error(StatusCode::PAYLOAD_TOO_LARGE, &message);
    }
    if request.wording.trim().is_empty() {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "“wording” is empty: paste the rule change's instructions.",
        );
    }
    run(move || WordingResponse::apply(&request)).await
}

async fn run(work: impl FnOnce() -> WordingResponse + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(work).await {
        Ok(response) => Json(response).into_response(),
        Err(join_error) => {
            tracing::error!(error = %join_error, "wording engine failed");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The wording engine failed on this input; it has been logged.",
            )
        }
    }
}

fn rejected(rejection: &JsonRejection) -> Response {
    let status = rejection.status();
    let message = match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            "Send the body as JSON with the header Content-Type: application/json.".to_owned()
        }
        JsonRejection::BytesRejection(_) if status == StatusCode::PAYLOAD_TOO_LARGE => {
            format!("The body is too large; the most accepted is {MAX_JSON_BYTES} bytes.")
        }
        other => format!(
            "The body is not what this endpoint expects: {}",
            other.body_text()
        ),
    };
    error(status, &message)
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}
