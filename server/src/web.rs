//! The HTTP server: router, middleware, graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use app::app::{App, shell};
use app::ssr::state::AppState;
use axum::serve::ListenerExt;
use axum::{Router, extract::State, http::StatusCode, response::IntoResponse, routing::get};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use tower_http::{compression::CompressionLayer, limit::RequestBodyLimitLayer, trace::TraceLayer};

use crate::api_v1;
use crate::config::DatabaseConfig;
use crate::exports;
use crate::live;
use crate::page_cache::{self, PageCache};
use crate::security;
use app::ssr::auth::{AuthState, rate_limit, session_store};

/// Largest request body accepted anywhere (a whole Rule Book import goes through the CLI).
const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Memory the page cache may use (rendered pages in three encodings).
const PAGE_CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// Builds the application router for the given state.
pub fn router(state: AppState, auth: AuthState, pages: Arc<PageCache>) -> Router {
    let routes = generate_route_list(App);
    let leptos_options = state.leptos_options.clone();
    let sessions = session_store::session_layer(state.db.clone(), &auth.sessions);
    let https_only = auth.sessions.secure_cookie;
    // What every page render and server function can reach, and the page's CSP nonce header.
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(auth.clone());
            security::provide_page_csp();
        }
    };
    Router::new()
        .route("/healthz", get(healthz))
        .merge(api_v1::routes())
        .merge(
            live::routes()
                .merge(exports::routes())
                .route_layer(axum::middleware::from_fn(security::private_when_signed_in)),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn(server_fn_error_status))
        .layer(sessions)
        .layer(CompressionLayer::new())
        // Outside compression: cached pages are kept compressed once, not per request.
        .layer(axum::middleware::from_fn_with_state(
            pages,
            page_cache::serve,
        ))
        // Inside the body limit: it reads whole bodies.
        .layer(axum::middleware::from_fn(
            security::refuse_control_characters,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Outermost: cross-origin writes are refused before routing, and every response
        // (the refusal included) carries the security headers.
        .layer(axum::middleware::from_fn(security::reject_cross_origin))
        .layer(axum::middleware::from_fn_with_state(
            https_only,
            security::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Gives a server function's error answer the status of its [`AppError`].
///
/// `server_fn` sends every error it raises itself with 500, among them a body it cannot decode
/// (invalid UTF-8, a missing or malformed field), which never reaches the function and so never
/// sets a status. Such an answer is the caller's mistake: 400, with the message as it is. An
/// error the function set a status for (not 500) is left alone, and so is `Internal`.
async fn server_fn_error_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use app::error::AppError;
    use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
    /// Error bodies are one short JSON message; anything larger is left alone.
    const MAX_ERROR_BYTES: usize = 64 * 1024;
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    parts.status = match serde_json::from_slice::<AppError>(&bytes) {
        Ok(AppError::Internal) | Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
        // Raised on the server only while reading the request (its body could not be read or
        // decoded): the request is at fault.
        Ok(AppError::Transport(_)) => StatusCode::BAD_REQUEST,
        Ok(error) => {
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        }
    };
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// `/healthz`: 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::error!(%error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// How to serve: built by the command line from its flags and environment.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen; `None` takes Leptos' `site-addr`.
    pub addr: Option<std::net::SocketAddr>,
    /// Sign a session out after this long without a request.
    pub session_idle: Duration,
    /// Sign a session out this long after signing in.
    pub session_max: Duration,
    /// Session cookies are `Secure` and `__Host-` prefixed, and browsers are told to use https
    /// only (HSTS): the server is behind https (`--production`).
    pub secure_cookies: bool,
    /// How long anonymous readers' rendered pages are kept.
    pub page_cache_ttl: Duration,
}

/// Listens, serves until SIGINT/SIGTERM, then lets in-flight requests finish.
pub async fn serve(
    db: DatabaseConnection,
    database: &DatabaseConfig,
    config: ServeConfig,
) -> anyhow::Result<()> {
    let conf = get_configuration(None).context("cannot read the Leptos site options")?;
    let mut leptos_options = conf.leptos_options;
    if leptos_options.output_name.is_empty() {
        leptos_options.output_name = "redline".into();
    }
    let addr = config.addr.unwrap_or(leptos_options.site_addr);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("cannot listen on {addr}; is another server using the port? Choose another with --addr or REDLINE_ADDR")
    })?;
    let local = listener
        .local_addr()
        .context("cannot read the listening address")?;
    leptos_options.site_addr = local;

    let state = AppState { leptos_options, db };
    let auth = AuthState {
        limiter: Arc::new(rate_limit::SignInLimiter::new(rate_limit::Limits::default())),
        sessions: session_store::SessionSettings {
            idle_timeout: config.session_idle,
            secure_cookie: config.secure_cookies,
            max_lifetime: config.session_max,
        },
    };
    session_store::spawn_expiry_cleanup(state.db.clone(), Duration::from_secs(600));
    let pages = Arc::new(PageCache::new(config.page_cache_ttl, PAGE_CACHE_BYTES));
    let app = router(state, auth, pages);

    tracing::info!(database = %database.display_url(), embedded = database.embedded, "database ready");
    // The one line a person (or a test harness) looks for.
    println!("redline is listening on http://{local}");
    // Responses are small and many: without TCP_NODELAY they stall on Nagle + delayed ACK.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "cannot set TCP_NODELAY");
        }
    });
    // The client address is needed for per-IP sign-in limits.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
