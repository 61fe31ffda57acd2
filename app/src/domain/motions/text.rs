//! The structure of a motion's text: a title, then the body in the usual "Conference notes /
//! believes / resolves" form, where every heading is optional and others ("Conference
//! mandates", "Conference calls on the NEC to") may follow.
//!
//! The body is stored as the member wrote it; [`MotionBody`] is a view of it in sections, cut
//! where a heading starts a line or a sentence. Cutting loses nothing: [`MotionBody::render`]
//! gives back the body byte for byte. [`parse_pasted`] splits a motion pasted from a document
//! into its title and body, and [`insert_heading`] is what the editor does when the member picks
//! one of the [`offers`].
//!
//! ```
//! use app::domain::motions::text::{parse_pasted, HeadingKind, MotionBody};
//! let pasted = parse_pasted("Save our NHS\r\n\r\nConference notes: waiting lists.\r\nConference resolves to act.");
//! assert_eq!(pasted.title, "Save our NHS");
//! let body = MotionBody::parse(&pasted.body);
//! let kinds: Vec<_> = body.sections.iter().filter_map(|s| s.heading.as_ref().map(|h| h.kind)).collect();
//! assert_eq!(kinds, [HeadingKind::Notes, HeadingKind::Resolves]);
//! assert_eq!(body.render(), pasted.body);
//! ```

use serde::{Deserialize, Serialize};

use super::words::count_words;

/// What a section heading says conference does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadingKind {
    /// "Conference notes" (also "further notes"): the facts.
    Notes,
    /// "Conference believes": the argument.
    Believes,
    /// "Conference resolves": what conference decides.
    Resolves,
    /// Any other ("mandates", "calls on", "instructs", "welcomes" …).
    Other,
}

/// A section heading as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// What kind of section it opens.
    pub kind: HeadingKind,
    /// The heading exactly as written, with its colon if it has one ("This Conference notes:").
    pub text: String,
    /// The verb, lower case, with any adverb ("notes", "further notes", "calls on").
    pub verb: String,
}

/// One section of a motion's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading that opens it; `None` for text before the first heading.
    pub heading: Option<Heading>,
    /// Everything after the heading up to the next one, exactly as written (with the blank
    /// lines that end it).
    pub text: String,
}

/// A motion's body cut into sections.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MotionBody {
    /// The sections in order; a body without headings is one section without a heading.
    pub sections: Vec<Section>,
}

/// Verbs (lower case, possibly of two words) that make "Conference …" a section heading.
const VERBS: &[&str] = &[
    "notes",
    "believes",
    "resolves",
    "mandates",
    "calls on",
    "calls upon",
    "calls for",
    "instructs",
    "requests",
    "welcomes",
    "recognises",
    "recognizes",
    "condemns",
    "agrees",
    "supports",
    "urges",
    "asks",
    "commits",
    "reaffirms",
    "affirms",
    "demands",
    "congratulates",
    "applauds",
    "deplores",
    "regrets",
    "acknowledges",
    "endorses",
    "opposes",
    "rejects",
];

/// Adverbs allowed between "Conference" and the verb.
const ADVERBS: &[&str] = &[
    "further",
    "also",
    "therefore",
    "furthermore",
    "additionally",
    "thus",
    "accordingly",
    "firmly",
    "strongly",
];

impl HeadingKind {
    /// The heading the editor writes for this kind ("Conference notes:"); for
    /// [`HeadingKind::Other`], "Conference mandates:".
    pub fn canonical(self) -> &'static str {
        match self {
            HeadingKind::Notes => "Conference notes:",
            HeadingKind::Believes => "Conference believes:",
            HeadingKind::Resolves => "Conference resolves:",
            HeadingKind::Other => "Conference mandates:",
        }
    }

    fn of_verb(verb: &str) -> HeadingKind {
        match verb {
            "notes" => HeadingKind::Notes,
            "believes" => HeadingKind::Believes,
            "resolves" => HeadingKind::Resolves,
            _ => HeadingKind::Other,
        }
    }
}

impl MotionBody {
    /// Cuts a body into sections at every heading that starts a line or a sentence.
    pub fn parse(body: &str) -> MotionBody {
        let mut starts: Vec<(usize, Heading)> = Vec::new();
        for at in candidate_starts(body) {
            if let Some(h) = heading_at(body, at) {
                starts.push((at, h));
            }
        }
        let mut sections = Vec::with_capacity(starts.len() + 1);
        let first = starts.first().map_or(body.len(), |(at, _)| *at);
        if first > 0 || starts.is_empty() {
            sections.push(Section {
                heading: None,
                text: body[..first].to_owned(),
            });
        }
        for (k, (at, heading)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(body.len(), |(next, _)| *next);
            sections.push(Section {
                text: body[at + heading.text.len()..end].to_owned(),
                heading: Some(heading.clone()),
            });
        }
        MotionBody { sections }
    }

    /// The body as written: the sections' headings and texts joined.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for s in &self.sections {
            if let Some(h) = &s.heading {
                out.push_str(&h.text);
            }
            out.push_str(&s.text);
        }
        out
    }

    /// The headings, in order.
    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.sections.iter().filter_map(|s| s.heading.as_ref())
    }
}

/// Byte offsets where a heading may start: the first non-blank character of each line, and
/// the capital letter opening a sentence inside a line (". Conference believes …").
fn candidate_starts(body: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut line = 0;
    for piece in body.split_inclusive('\n') {
        let indent = piece.len() - piece.trim_start_matches([' ', '\t']).len();
        out.push(line + indent);
        let b = piece.as_bytes();
        for i in 0..b.len() {
            if matches!(b[i], b'.' | b'?' | b'!') {
                let rest = &piece[i + 1..];
                let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                if gap > 0 && matches!(rest.as_bytes().get(gap), Some(b'C' | b'T')) {
                    out.push(line + i + 1 + gap);
                }
            }
        }
        line += piece.len();
    }
    out
}

/// The heading starting at `at`, if there is one.
fn heading_at(body: &str, at: usize) -> Option<Heading> {
    let mut words = Words {
        text: body,
        pos: at,
    };
    let mut w = words.next()?;
    if matches!(w.1, "This" | "That" | "this" | "that") {
        w = words.next()?;
    }
    if !w.1.eq_ignore_ascii_case("conference") {
        return None;
    }
    let mut w = words.next()?;
    let mut verb = String::new();
    let lower = w.1.to_ascii_lowercase();
    if ADVERBS.contains(&lower.as_str()) {
        verb.push_str(&lower);
        verb.push(' ');
        w = words.next()?;
    }
    let first = w.1.to_ascii_lowercase();
    let mut end = w.0 + w.1.len();
    let two = words
        .clone()
        .next()
        .map(|n| (format!("{first} {}", n.1.to_ascii_lowercase()), n));
    let base = match two {
        Some((phrase, n)) if VERBS.contains(&phrase.as_str()) => {
            end = n.0 + n.1.len();
            phrase
        }
        _ if VERBS.contains(&first.as_str()) => first,
        _ => return None,
    };
    // The heading ends at a word boundary; a colon (or dash) right after it belongs to it.
    let rest = &body[end..];
    match rest.chars().next() {
        None => {}
        Some(c) if c.is_whitespace() || matches!(c, ',' | '.' | ';' | '–' | '—') => {}
        Some(':') => end += 1,
        Some(_) => return None,
    }
    verb.push_str(&base);
    Some(Heading {
        kind: HeadingKind::of_verb(&base),
        text: body[at..end].to_owned(),
        verb,
    })
}

/// Alphabetic words on one line, from a position.
#[derive(Clone)]
struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let rest = &self.text[self.pos..];
        let skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let start = self.pos + skip;
        let word_len = self.text[start..]
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(self.text.len() - start);
        if word_len == 0 {
            return None;
        }
        self.pos = start + word_len;
        Some((start, &self.text[start..start + word_len]))
    }
}

/// A motion pasted from a document, cut into title and body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Pasted {
    /// The title (empty when the paste did not start with one).
    pub title: String,
    /// The body, trimmed, with line breaks as `\n`.
    pub body: String,
}

/// A first line longer than this many words is a paragraph, not a title.
const TITLE_MAX_WORDS: usize = 30;

/// Splits pasted text into title and body. Line breaks become `\n`; the first line is the
/// title when it is short and not a section heading, with a "Title:" label or Markdown `#`
/// taken off. Nothing else is changed.
pub fn parse_pasted(text: &str) -> Pasted {
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let text = text.trim();
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let rest = rest.trim();
    let first_trim = first.trim();
    let is_heading = heading_at(first, first.len() - first.trim_start().len()).is_some();
    if rest.is_empty() || is_heading || count_words(first) > TITLE_MAX_WORDS {
        return Pasted {
            title: String::new(),
            body: text.to_owned(),
        };
    }
    Pasted {
        title: clean_title(first_trim),
        body: rest.to_owned(),
    }
}

/// A title without a Markdown `#`, bold marks or a "Title:" label.
fn clean_title(line: &str) -> String {
    let mut t = line.trim_start_matches('#').trim();
    if let Some(inner) = t.strip_prefix("**").and_then(|x| x.strip_suffix("**")) {
        t = inner.trim();
    }
    for label in ["motion title:", "title:", "motion:"] {
        if t.len() >= label.len()
            && t.is_char_boundary(label.len())
            && t[..label.len()].eq_ignore_ascii_case(label)
        {
            t = t[label.len()..].trim();
            break;
        }
    }
    t.to_owned()
}

/// A pasted motion written back as one text: the title, a blank line, the body.
pub fn render_pasted(p: &Pasted) -> String {
    if p.title.is_empty() {
        return p.body.clone();
    }
    format!("{}\n\n{}", p.title, p.body)
}

/// A heading the editor offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// The heading as inserted ("Conference notes:").
    pub text: &'static str,
    /// Its kind.
    pub kind: HeadingKind,
    /// Whether the body already has a heading with this verb.
    pub present: bool,
}

/// The headings the editor offers, in the usual order: the three of the usual form, then
/// extras.
const OFFERS: [(&str, &str, HeadingKind); 6] = [
    ("Conference notes:", "notes", HeadingKind::Notes),
    ("Conference believes:", "believes", HeadingKind::Believes),
    ("Conference resolves:", "resolves", HeadingKind::Resolves),
    (
        "Conference further notes:",
        "further notes",
        HeadingKind::Notes,
    ),
    ("Conference mandates:", "mandates", HeadingKind::Other),
    ("Conference calls on", "calls on", HeadingKind::Other),
];

/// The headings the editor offers for `body`, saying which it already has.
pub fn offers(body: &MotionBody) -> Vec<Offer> {
    OFFERS
        .iter()
        .map(|&(text, verb, kind)| Offer {
            text,
            kind,
            present: body.headings().any(|h| h.verb == verb),
        })
        .collect()
}

/// A body with a heading put in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inserted {
    /// The new body.
    pub body: String,
    /// Where the member goes on typing (a byte offset into `body`): the line after the heading.
    pub cursor: usize,
}

/// Puts `heading` (one of [`offers`]) into `body` where the usual order wants it: notes before
/// believes before resolves, anything else at the end; after the sections of its own kind.
/// The heading gets a blank line before it and a line of its own; the rest of the body is
/// unchanged apart from blank space at the join.
pub fn insert_heading(body: &str, heading: &str, kind: HeadingKind) -> Inserted {
    let parsed = MotionBody::parse(body);
    let mut at = 0;
    let mut offset = 0;
    for s in &parsed.sections {
        let len = s.heading.as_ref().map_or(0, |h| h.text.len()) + s.text.len();
        let goes_before = s.heading.as_ref().is_some_and(|h| h.kind > kind);
        if goes_before {
            break;
        }
        offset += len;
        at = offset;
    }
    let before = body[..at].trim_end();
    let after = &body[at..];
    let mut out = String::with_capacity(body.len() + heading.len() + 4);
    out.push_str(before);
    if !before.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(heading);
    out.push('\n');
    let cursor = out.len();
    if !after.is_empty() {
        out.push_str("\n\n");
        out.push_str(after);
    }
    Inserted { body: out, cursor }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MOTION: &str = "Conference notes:\nThe NHS waiting list stands at 7.6 million.\n\n\
        This Conference believes that the NHS needs a funded workforce plan. \
        Conference further notes the pay award.\n\n\
        Conference resolves to:\n1. campaign for a fully funded plan;\n2. oppose outsourcing.\n\n\
        Conference calls on the NEC to report back.";

    fn verbs(body: &MotionBody) -> Vec<(&str, HeadingKind)> {
        body.headings().map(|h| (h.verb.as_str(), h.kind)).collect()
    }

    #[test]
    fn cuts_the_usual_form_into_sections() {
        let b = MotionBody::parse(MOTION);
        assert_eq!(
            verbs(&b),
            [
                ("notes", HeadingKind::Notes),
                ("believes", HeadingKind::Believes),
                ("further notes", HeadingKind::Notes),
                ("resolves", HeadingKind::Resolves),
                ("calls on", HeadingKind::Other),
            ]
        );
        let texts: Vec<&str> = b.headings().map(|h| h.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Conference notes:",
                "This Conference believes",
                "Conference further notes",
                "Conference resolves",
                "Conference calls on"
            ]
        );
        assert_eq!(
            b.sections[1].text,
            " that the NHS needs a funded workforce plan. "
        );
        assert_eq!(b.render(), MOTION);
    }

    #[test]
    fn headings_are_optional_and_text_before_them_is_kept() {
        let b = MotionBody::parse("We are proud of our NHS.\nConference resolves to fund it.");
        assert_eq!(b.sections.len(), 2);
        assert_eq!(b.sections[0].heading, None);
        assert_eq!(b.sections[0].text, "We are proud of our NHS.\n");
        let none = MotionBody::parse("Just words.");
        assert_eq!(none.sections.len(), 1);
        assert_eq!(MotionBody::parse("").render(), "");
    }

    #[test]
    fn only_a_heading_at_the_start_of_a_line_or_sentence_counts() {
        for text in [
            "as Conference notes the cuts",
            "Conference noted the cuts",
            "Conference notesthat",
            "The conference resolves nothing.",
            "Conferences notes",
        ] {
            assert_eq!(MotionBody::parse(text).headings().count(), 0, "{text}");
        }
        assert_eq!(
            MotionBody::parse("  conference Mandates: x")
                .headings()
                .count(),
            1
        );
        let b = MotionBody::parse("It failed. Conference believes, however, that");
        assert_eq!(verbs(&b), [("believes", HeadingKind::Believes)]);
    }

    #[test]
    fn pasting_splits_off_the_title() {
        let p = parse_pasted(
            "\u{feff}Title: Public ownership of water\r\n\r\nConference notes the sewage.\r\n",
        );
        assert_eq!(p.title, "Public ownership of water");
        assert_eq!(p.body, "Conference notes the sewage.");
        let p = parse_pasted("## **Save our steel**\nConference resolves to act.");
        assert_eq!(p.title, "Save our steel");
        // No title: the paste starts with a heading, or is one paragraph.
        let p = parse_pasted("Conference notes:\nthe cuts.");
        assert_eq!(
            (p.title.as_str(), p.body.as_str()),
            ("", "Conference notes:\nthe cuts.")
        );
        assert_eq!(parse_pasted("One paragraph only.").title, "");
        let long = format!("{}\nmore", "word ".repeat(31));
        assert_eq!(parse_pasted(&long).title, "");
    }

    #[test]
    fn offers_the_usual_headings_and_says_which_are_there() {
        let b = MotionBody::parse("Conference notes the cuts.\nConference resolves to act.");
        let present: Vec<(&str, bool)> = offers(&b).iter().map(|o| (o.text, o.present)).collect();
        assert_eq!(
            present,
            [
                ("Conference notes:", true),
                ("Conference believes:", false),
                ("Conference resolves:", true),
                ("Conference further notes:", false),
                ("Conference mandates:", false),
                ("Conference calls on", false),
            ]
        );
    }

    #[test]
    fn inserting_a_heading_puts_it_in_the_usual_order() {
        let body = "Conference notes the cuts.\n\nConference resolves to act.";
        let ins = insert_heading(body, "Conference believes:", HeadingKind::Believes);
        assert_eq!(
            ins.body,
            "Conference notes the cuts.\n\nConference believes:\n\n\nConference resolves to act."
        );
        assert_eq!(
            &ins.body[..ins.cursor],
            "Conference notes the cuts.\n\nConference believes:\n"
        );
        let ins = insert_heading(body, "Conference mandates:", HeadingKind::Other);
        assert!(ins.body.ends_with("act.\n\nConference mandates:\n"));
        assert_eq!(ins.cursor, ins.body.len());
        let ins = insert_heading("", "Conference notes:", HeadingKind::Notes);
        assert_eq!((ins.body.as_str(), ins.cursor), ("Conference notes:\n", 18));
        // Text before any heading stays first.
        let ins = insert_heading(
            "Intro.\nConference resolves: x",
            "Conference notes:",
            HeadingKind::Notes,
        );
        assert_eq!(
            ins.body,
            "Intro.\n\nConference notes:\n\n\nConference resolves: x"
        );
    }

    fn body_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Conference notes".to_owned()),
            Just("This Conference believes:".to_owned()),
            Just("Conference further resolves".to_owned()),
            Just("Conference calls on".to_owned()),
            Just(". ".to_owned()),
            Just("\n".to_owned()),
            Just(" ".to_owned()),
            "[a-zA-Z:,. ]{1,12}",
            "\\PC{1,4}",
        ];
        prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn cutting_into_sections_loses_nothing(body in body_text()) {
            let parsed = MotionBody::parse(&body);
            prop_assert_eq!(parsed.render(), body.clone());
            for s in &parsed.sections[1..] {
                prop_assert!(s.heading.is_some());
            }
        }

        #[test]
        fn a_title_and_body_survive_pasting(
            title in "[A-Z][a-z]{1,8}( [a-z0-9’']{1,8}){0,8}",
            body in body_text(),
            crlf in any::<bool>(),
        ) {
            let body = body.replace('\r', "").trim().to_owned();
            prop_assume!(!body.is_empty());
            prop_assume!(heading_at(&title, 0).is_none());
            prop_assume!(!title.to_ascii_lowercase().starts_with("title") && !title.to_ascii_lowercase().starts_with("motion"));
            let text = format!("{title}\n\n{body}");
            let text = if crlf { text.replace('\n', "\r\n") } else { text };
            let p = parse_pasted(&text);
            prop_assert_eq!(&p.title, &title);
            prop_assert_eq!(&p.body, &body);
            prop_assert_eq!(render_pasted(&p), format!("{title}\n\n{body}"));
        }

        #[test]
        fn inserting_a_heading_keeps_every_word(body in body_text(), k in 0usize..6) {
            let (text, _, kind) = OFFERS[k];
            let ins = insert_heading(&body, text, kind);
            let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
            let mut expected = words(&body);
            expected.extend(words(text));
            let mut got = words(&ins.body);
            expected.sort();
            got.sort();
            prop_assert_eq!(got, expected);
            prop_assert!(ins.body.is_char_boundary(ins.cursor));
            let line = format!("{}\n", text);
            prop_assert!(ins.body[..ins.cursor].ends_with(&line));
        }
    }
}
