//! A cache of rendered reader pages for anonymous readers.
//!
//! A reader page (the Rule Book, a published rule change or package, the reading pack, the Rule
//! Book as it would read) is the same for every reader who is not signed in, and changes only
//! when something is written. So the first anonymous `GET` of such a page is rendered as usual
//! and its HTML kept — as it is, brotli-compressed and gzip-compressed — keyed by path and
//! query; later anonymous requests get those bytes without rendering or touching the database.
//!
//! - **Who:** only requests without a session cookie are answered from the cache; and a page
//!   whose render loaded a signed-in user (drafts, pledges, the navigation with their name) is
//!   never kept, however the cookie was written: such answers carry `Cache-Control: private,
//!   no-store`, set where the session yields the user.
//! - **What:** only `200 text/html` answers that set no cookie, on the paths of
//!   [`is_reader_path`].
//! - **Until when:** every write through this server that can change a public page (any
//!   successful request other than `GET`/`HEAD`, except those listed in [`KEEPS_PAGES`]) drops
//!   the whole cache; a render that was under way during a write is not kept. Entries also
//!   expire after `ttl`, which bounds how long a write on *another* app server over the same
//!   PostgreSQL, or an import by the CLI, can take to show.
//! - **The CSP nonce** of a cached page is kept with it: every reader of one cached copy gets the
//!   page's own nonce, and a new copy gets a new one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::ssr::auth::session_store::{COOKIE_NAME, HOST_COOKIE_NAME};

/// Server functions whose success changes no public page: accounts, sessions, and support
/// (backing and pledges are shown to organisers and delegates only).
pub const KEEPS_PAGES: [&str; 9] = [
    "/api/sign_in",
    "/api/sign_out",
    "/api/sign_up",
    "/api/change_password",
    "/api/reset_password",
    "/api/issue_reset_token",
    "/api/take_issued_token",
    "/api/record_backing",
    "/api/record_pledge",
];

/// A page larger than this is served but not kept.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Header telling whether a reader page came from the cache (`hit`) or was rendered (`miss`).
pub const CACHE_HEADER: &str = "x-redline-cache";

/// Rendered reader pages, shared by every request of one server.
pub struct PageCache {
    /// False when the cache is switched off (a `ttl` of 0): every page is rendered.
    enabled: bool,
    pages: moka::sync::Cache<String, Arc<CachedPage>>,
    /// Bumped by every write that drops the cache; a render that saw another generation when it
    /// started is not kept.
    generation: AtomicU64,
}

/// One rendered page in each encoding, with the headers it was sent with.
struct CachedPage {
    content_type: HeaderValue,
    csp: Option<HeaderValue>,
    identity: Bytes,
    br: Bytes,
    gzip: Bytes,
}

impl CachedPage {
    fn size(&self) -> usize {
        self.identity.len() + self.br.len() + self.gzip.len()
    }
}

/// Which encoding to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `br`.
    Brotli,
    /// `gzip`.
    Gzip,
    /// Uncompressed.
    Identity,
}

impl PageCache {
    /// A cache holding at most `max_bytes` of pages (all encodings counted), each for `ttl`;
    /// a `ttl` of zero switches it off.
    pub fn new(ttl: Duration, max_bytes: u64) -> Self {
        PageCache {
            enabled: !ttl.is_zero(),
            pages: moka::sync::Cache::builder()
                .time_to_live(ttl)
                .max_capacity(max_bytes)
                .weigher(|key: &String, page: &Arc<CachedPage>| {
                    u32::try_from(key.len() + page.size()).unwrap_or(u32::MAX)
                })
                .build(),
            generation: AtomicU64::new(0),
        }
    }

    /// Drops every page.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.pages.invalidate_all();
    }
}

/// Whether `path` is a reader page that is the same for every anonymous reader.
pub fn is_reader_path(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    match segments.as_slice() {
        [""] | [] => true,
        ["rules", ..] | ["as-it-would-read"] => true,
        ["rule-changes", id] => id.parse::<u32>().is_ok(),
        ["packages", id, "read"] => id.parse::<u32>().is_ok(),
        ["conference", year, "reading-pack"] => year.parse::<u32>().is_ok(),
        _ => false,
    }
}

/// Whether the request may carry a session cookie: then the cache is not even looked in.
///
/// Only a shortcut. Whether a rendered page may be kept is decided by what the render did
/// ([`is_private`]): the session layer may read a cookie this does not (`redline_session =id`),
/// so a page is never kept because this said "anonymous".
fn has_session(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| {
            let name = c.split('=').next().unwrap_or_default().trim();
            name == COOKIE_NAME || name == HOST_COOKIE_NAME
        })
}

/// Whether the answer was made for one person: the render loaded a signed-in user, which marks
/// it `Cache-Control: private, no-store` (`app::ssr::auth::current_user`).
fn is_private(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|d| {
            let d = d.trim();
            d.eq_ignore_ascii_case("private") || d.eq_ignore_ascii_case("no-store")
        })
}

/// The best encoding the client accepts: brotli, then gzip, then none (`q=0` refuses one).
pub fn negotiate(headers: &HeaderMap) -> Encoding {
    let mut br = false;
    let mut gzip = false;
    for value in headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            match name.as_str() {
                "br" => br = true,
                "gzip" => gzip = true,
                _ => {}
            }
        }
    }
    if br {
        Encoding::Brotli
    } else if gzip {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Middleware: answers anonymous reader pages from the cache, fills it, and drops it on writes.
pub async fn serve(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    if !cache.enabled {
        return next.run(request).await;
    }
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let path = request.uri().path().to_owned();
        let response = next.run(request).await;
        let succeeded = response.status().is_success() || response.status().is_redirection();
        if succeeded && !KEEPS_PAGES.contains(&path.as_str()) {
            cache.clear();
        }
        return response;
    }
    if method != Method::GET
        || !is_reader_path(request.uri().path())
        || has_session(request.headers())
    {
        return next.run(request).await;
    }
    let key = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    let encoding = negotiate(request.headers());
    if let Some(page) = cache.pages.get(&key) {
        return answer(&page, encoding, "hit");
    }
    let generation = cache.generation.load(Ordering::SeqCst);
    // Rendered uncompressed, to be kept in every encoding.
    let mut request = request;
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !is_html
        || response.headers().contains_key(header::SET_COOKIE)
        || is_private(response.headers())
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let identity = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, path = %key, "a reader page could not be read for the cache");
            return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
        }
    };
    let page = Arc::new(CachedPage {
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8")),
        csp: parts.headers.get(header::CONTENT_SECURITY_POLICY).cloned(),
        br: compress_br(&identity),
        gzip: compress_gzip(&identity),
        identity,
    });
    if cache.generation.load(Ordering::SeqCst) == generation {
        cache.pages.insert(key, Arc::clone(&page));
    }
    answer(&page, encoding, "miss")
}

/// A response with a cached page in the chosen encoding.
fn answer(page: &CachedPage, encoding: Encoding, cache: &'static str) -> Response {
    let (body, content_encoding) = match encoding {
        Encoding::Brotli if !page.br.is_empty() => (page.br.clone(), Some("br")),
        Encoding::Gzip if !page.gzip.is_empty() => (page.gzip.clone(), Some("gzip")),
        _ => (page.identity.clone(), None),
    };
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, page.content_type.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(CACHE_HEADER, HeaderValue::from_static(cache));
    if let Some(csp) = &page.csp {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
    if let Some(encoding) = content_encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

/// Brotli at a middle quality: most of the gain of the highest, at a small cost once per page.
/// Empty when compression fails (the page is then served uncompressed).
fn compress_br(bytes: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(bytes.len() / 6);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 6,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

/// Gzip at the default level; empty when compression fails.
fn compress_gzip(bytes: &[u8]) -> Bytes {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 5),
        flate2::Compression::default(),
    );
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(out) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn reader_paths_are_the_public_pages() {
        for path in [
            "/",
            "/rules",
            "/rules/2024/2",
            "/rules/2024/6.I.1.C/history",
            "/rule-changes/12",
            "/packages/3/read",
            "/conference/2027/reading-pack",
            "/as-it-would-read",
        ] {
            assert!(is_reader_path(path), "{path}");
        }
        for path in [
            "/drafts",
            "/drafts/4",
            "/rule-changes/12/support",
            "/packages/3/support",
            "/conference/2027",
            "/admin/editions",
            "/api/rule",
            "/sign-in",
            "/rule-changes/x",
        ] {
            assert!(!is_reader_path(path), "{path}");
        }
    }

    #[test]
    fn a_session_cookie_among_others_is_found() {
        assert!(has_session(&headers(&[(
            header::COOKIE,
            "theme=dark; redline_session=abc"
        )])));
        assert!(has_session(&headers(&[(
            header::COOKIE,
            "theme=dark; redline_session =abc"
        )])));
        assert!(!has_session(&headers(&[(header::COOKIE, "theme=dark")])));
        assert!(!has_session(&headers(&[(
            header::COOKIE,
            "redline_session_old=abc"
        )])));
        assert!(!has_session(&HeaderMap::new()));
    }

    #[test]
    fn a_page_made_for_one_person_is_private() {
        assert!(is_private(&headers(&[(
            header::CACHE_CONTROL,
            "private, no-store"
        )])));
        assert!(is_private(&headers(&[(header::CACHE_CONTROL, "No-Store")])));
        assert!(!is_private(&headers(&[(
            header::CACHE_CONTROL,
            "max-age=60"
        )])));
        assert!(!is_private(&HeaderMap::new()));
    }

    #[test]
    fn encodings_are_negotiated_with_refusals() {
        let accept = |v: &'static str| negotiate(&headers(&[(header::ACCEPT_ENCODING, v)]));
        assert_eq!(accept("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(accept("gzip, br;q=0"), Encoding::Gzip);
        assert_eq!(accept("identity"), Encoding::Identity);
        assert_eq!(negotiate(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn compressed_copies_decompress_to_the_page() {
        use std::io::Read as _;
        let page = "<p>The NEC shall review it within six months.</p>".repeat(200);
        let br = compress_br(page.as_bytes());
        assert!(!br.is_empty() && br.len() < page.len() / 10);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).expect("brotli");
        assert_eq!(out, page.as_bytes());
        let gz = compress_gzip(page.as_bytes());
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut text)
            .expect("gzip");
        assert_eq!(text, page);
    }
}
