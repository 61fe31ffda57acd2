//! Escaping user text for the places the server renders it raw: the document `<title>` and a
//! `<textarea>`'s initial content. Everywhere else Leptos escapes text itself.

/// The document title for a page title. Page titles carry user text (a draft's title), and
/// leptos_meta writes the server-rendered `<title>` without escaping it, so the server escapes
/// it here; in the browser the title is set as text and needs nothing.
pub fn page_title(title: String) -> String {
    let full = if title.is_empty() {
        "redline".to_owned()
    } else {
        format!("{title} · redline")
    };
    if cfg!(feature = "ssr") {
        escape_html_text(&full)
    } else {
        full
    }
}

/// The initial content of a `<textarea>`. The server renders textarea content without escaping
/// it, so user text (which may hold `</textarea>`) is escaped here on the server; in the
/// browser the content is set as text and needs nothing.
pub fn textarea_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        escape_html_text(text)
    } else {
        text.to_owned()
    }
}

/// Escapes text for an HTML text context.
pub fn escape_html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_user_text_stays_text() {
        assert_eq!(
            escape_html_text("a </textarea><script>x & y</script>"),
            "a &lt;/textarea&gt;&lt;script&gt;x &amp; y&lt;/script&gt;"
        );
    }

    #[test]
    fn empty_title_is_the_site_name() {
        assert_eq!(page_title(String::new()), "redline");
    }
}
