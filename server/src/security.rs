//! The security baseline every response gets: cross-origin request refusal (CSRF), and security
//! headers — a Content-Security-Policy that lets the WebAssembly bundle and Leptos' nonce-tagged
//! hydration scripts run and nothing else inline, `nosniff`, `Referrer-Policy`, no framing,
//! HSTS in production; and `Cache-Control: private, no-store` on downloads made for a
//! signed-in user.

use app::ssr::auth::session_store::USER_ID_KEY;
use axum::{
    extract::{Request, State},
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

/// HSTS: browsers use only https for this site for two years once they have seen it.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Middleware: adds the security headers to every response (a page's own CSP, with its nonce,
/// is kept), and HSTS when the server is behind https (`https_only`, from `--production`).
pub async fn security_headers(
    State(https_only): State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if https_only {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
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

/// Middleware for routes outside Leptos (downloads, live streams) that read the session
/// themselves: an answer given while a user is signed in is `Cache-Control: private, no-store`,
/// as every page and server function made for a signed-in user is (`app::ssr::auth`).
pub async fn private_when_signed_in(request: Request, next: Next) -> Response {
    let session = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned();
    let mut response = next.run(request).await;
    let Some(session) = session else {
        return response;
    };
    if let Ok(Some(_)) = session.get::<i32>(USER_ID_KEY).await {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(app::ssr::auth::PRIVATE),
        );
    }
    response
}

/// What a person is told when a field holds a control character.
pub const CONTROL_CHARACTER: &str = "A field contains an invisible control character (such as NUL), which redline does not store. Remove it (retyping the text usually does) and try again.";

/// Whether `c` is refused in text: a control character other than tab, line feed and carriage
/// return (NUL, the other C0 codes, DEL and the C1 codes).
pub fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Percent-decodes form or query text (`+` is a space) and says whether it holds a refused
/// control character. Malformed escapes are kept as they are: the server function itself
/// refuses malformed input.
fn encoded_has_control(encoded: &[u8]) -> bool {
    let mut decoded = Vec::with_capacity(encoded.len());
    let mut i = 0;
    while i < encoded.len() {
        let byte = encoded[i];
        let hex = |b: u8| (b as char).to_digit(16);
        match byte {
            b'%' if i + 2 < encoded.len() => match (hex(encoded[i + 1]), hex(encoded[i + 2])) {
                (Some(hi), Some(lo)) => {
                    decoded.push(u8::try_from(hi * 16 + lo).unwrap_or(0));
                    i += 3;
                    continue;
                }
                _ => decoded.push(byte),
            },
            b'+' => decoded.push(b' '),
            _ => decoded.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&decoded)
        .chars()
        .any(is_refused_control)
}

/// Whether any string in a JSON document (keys included) holds a refused control character.
fn json_has_control(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => text.chars().any(is_refused_control),
        serde_json::Value::Array(items) => items.iter().any(json_has_control),
        serde_json::Value::Object(map) => map
            .iter()
            .any(|(key, value)| key.chars().any(is_refused_control) || json_has_control(value)),
        _ => false,
    }
}

/// Middleware: every server function and API call (`/api/…`) whose text holds a control
/// character — in its query string, its form or its JSON body — is refused with 400 and
/// [`CONTROL_CHARACTER`], before any server function sees it. The one check for every text
/// field, at the boundary.
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    if request
        .uri()
        .query()
        .is_some_and(|q| encoded_has_control(q.as_bytes()))
    {
        return control_refusal(request.headers());
    }
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    let is_json = content_type.starts_with("application/json");
    if !is_form && !is_json {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
        }
    };
    let refused = if is_form {
        encoded_has_control(&bytes)
    } else {
        // Not JSON at all: the server function answers that itself.
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .is_ok_and(|value| json_has_control(&value))
    };
    if refused {
        return control_refusal(&parts.headers);
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// The 400 for a control character: the error a server function sends (JSON, so the page
/// shows it by the form), or the message as text to a form posted without JavaScript.
fn control_refusal(headers: &HeaderMap) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html {
        return (StatusCode::BAD_REQUEST, CONTROL_CHARACTER).into_response();
    }
    let body = serde_json::to_string(&app::error::AppError::BadRequest(
        CONTROL_CHARACTER.to_owned(),
    ))
    .unwrap_or_default();
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
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
    fn control_characters_are_found_however_encoded() {
        assert!(encoded_has_control(b"title=a%00b"));
        assert!(encoded_has_control(b"title=a%1Bb&x=1"));
        assert!(encoded_has_control(b"title=a%C2%85b"), "C1 next line");
        assert!(encoded_has_control(b"title=a%7f"));
        assert!(encoded_has_control(b"title=a\x00b"));
        assert!(!encoded_has_control(b"text=line+one%0D%0Aline%09two"));
        assert!(!encoded_has_control(b"title=50%25+of+CLPs&x=%"));
        assert!(!encoded_has_control(b"q=%ZZ"));
        let json: serde_json::Value =
            serde_json::from_str(r#"{"a":["ok",{"b":"x\u0000y"}]}"#).expect("JSON");
        assert!(json_has_control(&json));
        let json: serde_json::Value =
            serde_json::from_str(r#"{"a":"line\nnext\ttab"}"#).expect("JSON");
        assert!(!json_has_control(&json));
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
