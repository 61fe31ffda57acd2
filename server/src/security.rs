//! The security baseline every response gets: cross-origin request refusal (CSRF), and security
//! headers — a Content-Security-Policy that lets the WebAssembly bundle and Leptos' nonce-tagged
//! hydration scripts run and nothing else inline, `nosniff`, `Referrer-Policy`, no framing.

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::prelude::use_context;

/// The policy for everything except server-rendered pages: no scripts but our own files.
const BASE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy for a rendered page: as [`BASE_CSP`], plus the page's one-time nonce, which
/// Leptos puts on its hydration and streaming `<script>` tags.
fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Called in the Leptos context of every render: when Leptos made a nonce for this page, sends
/// the matching CSP header with the page.
pub fn provide_page_csp() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&page_csp(&nonce.to_string())) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Whether a state-changing request comes from our own pages. Browsers send `Sec-Fetch-Site`
/// (all current ones) and `Origin` (on every cross-origin POST); a request with neither is not
/// from a browser, carries no ambient credentials a third-party site could abuse, and is allowed
/// (the same rule as Go's `http.CrossOriginProtection`).
pub fn is_same_origin(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let (Ok(origin), Some(host)) = (
        origin.to_str(),
        headers.get(header::HOST).and_then(|h| h.to_str().ok()),
    ) else {
        return false;
    };
    // `Origin` is `scheme://host[:port]`; it must name this very host and port.
    origin.split_once("://").is_some_and(|(scheme, rest)| {
        matches!(scheme, "http" | "https") && rest.eq_ignore_ascii_case(host)
    })
}

/// Middleware: refuses cross-origin state-changing requests with 403 before any routing.
pub async fn reject_cross_origin(request: Request, next: Next) -> Response {
    if is_same_origin(request.method(), request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(
        method = %request.method(),
        path = %request.uri().path(),
        origin = ?request.headers().get(header::ORIGIN),
        "refused a cross-origin request"
    );
    (
        StatusCode::FORBIDDEN,
        "Cross-origin request refused: forms and server functions only accept requests from this site's own pages.",
    )
        .into_response()
}

/// Middleware: adds the security headers to every response (a page's own CSP, with its nonce,
/// is kept).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(BASE_CSP));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_rules() {
        let post = Method::POST;
        assert!(is_same_origin(
            &Method::GET,
            &headers(&[("origin", "https://evil.example")])
        ));
        assert!(is_same_origin(
            &post,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(is_same_origin(
            &post,
            &headers(&[("sec-fetch-site", "none")])
        ));
        assert!(!is_same_origin(
            &post,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(!is_same_origin(
            &post,
            &headers(&[("sec-fetch-site", "same-site")])
        ));
        assert!(is_same_origin(
            &post,
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ])
        ));
        assert!(!is_same_origin(
            &post,
            &headers(&[
                ("origin", "http://127.0.0.1:3001"),
                ("host", "127.0.0.1:3000")
            ])
        ));
        assert!(!is_same_origin(
            &post,
            &headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])
        ));
        assert!(
            is_same_origin(&post, &headers(&[("host", "127.0.0.1:3000")])),
            "not a browser"
        );
    }
}
