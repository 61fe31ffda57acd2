//! A signed-in browser as the tests play it: one session cookie, server functions called as the
//! page's JavaScript calls them; the demo accounts; and the check that user text stayed text.

use app::model::accounts::Role;

use super::TestServer;

/// The demo accounts `serve --demo` creates: (role, e-mail, password).
pub const DEMO: [(Role, &str, &str); 4] = [
    (Role::Member, "member@example.org", "member-demo-pass"),
    (Role::Delegate, "delegate@example.org", "delegate-demo-pass"),
    (
        Role::Organiser,
        "organiser@example.org",
        "organiser-demo-pass",
    ),
    (Role::Admin, "admin@example.org", "admin-demo-pass"),
];

/// A client with one session cookie, kept by hand so tests can see it change.
pub struct Client<'a> {
    pub server: &'a TestServer,
    pub cookie: Option<String>,
}

impl<'a> Client<'a> {
    pub fn new(server: &'a TestServer) -> Self {
        Self {
            server,
            cookie: None,
        }
    }

    fn remember(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all("set-cookie") {
            let Ok(text) = value.to_str() else { continue };
            let Some(rest) = text.strip_prefix("redline_session=") else {
                continue;
            };
            let value = rest.split(';').next().unwrap_or_default();
            let removed = value.is_empty() || text.contains("Max-Age=0");
            self.cookie = (!removed).then(|| value.to_owned());
        }
    }

    fn with_cookie(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.cookie {
            Some(cookie) => request.header("Cookie", format!("redline_session={cookie}")),
            None => request,
        }
    }

    /// POSTs a server function as the browser's JavaScript would (JSON back, same origin).
    pub async fn post(&mut self, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let request = self
            .server
            .http
            .post(self.server.url(&format!("/api/{name}")))
            .header("Origin", &self.server.base_url)
            .header("Accept", "application/json")
            .form(form);
        let response = self.with_cookie(request).send().await.expect("POST");
        self.remember(&response);
        response
    }

    /// GETs a path (a page, or a GET server function with its query string).
    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        let request = self.server.http.get(self.server.url(path));
        let response = self.with_cookie(request).send().await.expect("GET");
        self.remember(&response);
        response
    }

    /// The signed-in user's JSON, or `null`.
    pub async fn whoami(&mut self) -> serde_json::Value {
        let response = self.get("/api/current_user").await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("JSON")
    }

    /// Signs in and checks it worked.
    pub async fn sign_in(&mut self, email: &str, password: &str) {
        let response = self
            .post("sign_in", &[("email", email), ("password", password)])
            .await;
        let status = response.status();
        assert_eq!(
            status,
            200,
            "sign in as {email}: {}",
            response.text().await.unwrap_or_default()
        );
        assert!(self.cookie.is_some(), "a session cookie was set");
    }
}

/// Fails when a payload made it into markup: an event-handler attribute inside a tag, an
/// `<img src=x>`, or a script element that the page did not open itself.
pub fn assert_no_injection(html: &str, path: &str) {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |e| start + e);
        let tag = &rest[start..tag_end];
        // Inside a tag (not text): no handler attribute may appear. Quoted attribute values are
        // left out: text inside them is escaped (a `"` would be `&quot;`), so it cannot be markup.
        let unquoted: String = tag.split('"').step_by(2).collect();
        for needle in ["onerror", "onmouseover", "<img src=x"] {
            assert!(
                !unquoted.contains(needle),
                "{path}: injected markup {tag:?}"
            );
        }
        rest = &rest[tag_end..];
        // Skip script bodies: serialized data is checked below, not parsed as tags.
        if tag.starts_with("<script") {
            rest = rest.find("</script>").map_or("", |e| &rest[e..]);
        }
    }
    assert!(!html.contains("<script>alert"), "{path}: injected script");
    assert_eq!(
        html.matches("<script").count(),
        html.matches("</script>").count(),
        "{path}: a payload closed a script element early"
    );
}
