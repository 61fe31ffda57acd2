//! Test-only generators of random, structurally valid rule books (proptest strategies), shared
//! by the format, citation and matching tests.

use proptest::prelude::*;

use crate::domain::numbering::NodeKind;

use super::tree::{EditionMeta, Node, RuleBook};

/// One line of text with no surrounding whitespace: what a canonical paragraph or heading is.
/// Covers any Unicode, quotes, and lines starting with `#` or `\` (which export must escape).
fn one_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[^\\s]([^\n]{0,24}[^\\s])?",
        1 => "[a-zA-Z'‘’“”\"#\\\\—.,()\\[\\]^0-9][a-zA-Z'‘’“”\"#\\\\ —.,()\\[\\]^0-9]{0,20}[a-z.’”]",
        1 => Just("This organisation shall be known as 'The Labour Party' (hereinafter ‘the Party’).".to_string()),
        1 => Just("#1 priority".to_string()),
        1 => Just("\\ backslash".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(one_line(), 0..3).prop_map(|paragraphs| paragraphs.join("\n\n"))
}

fn meta() -> impl Strategy<Value = EditionMeta> {
    (
        one_line(),
        1900i32..2100,
        proptest::option::of((1990u32..2030, 1u32..13, 1u32..29)),
        proptest::option::of(1900i32..2100),
    )
        .prop_map(|(title, year, published, conference)| EditionMeta {
            title,
            year,
            published: published.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            conference,
        })
}

/// Kinds a child of `parent` may have in a generated book.
fn child_kinds(parent: NodeKind) -> &'static [NodeKind] {
    match parent {
        NodeKind::Chapter | NodeKind::Appendix => &[
            NodeKind::Clause,
            NodeKind::Clause,
            NodeKind::Part,
            NodeKind::Section,
            NodeKind::SubSection,
            NodeKind::Item,
        ],
        NodeKind::Part => &[NodeKind::Clause, NodeKind::Clause, NodeKind::Section],
        NodeKind::Clause => &[
            NodeKind::Section,
            NodeKind::Section,
            NodeKind::SubSection,
            NodeKind::Item,
        ],
        NodeKind::Section => &[NodeKind::SubSection, NodeKind::SubSection, NodeKind::Item],
        NodeKind::SubSection => &[NodeKind::Item],
        NodeKind::Item => &[],
    }
}

/// Deterministic builder driven by random bytes: shape, kinds and counts come from `shape`,
/// text from `texts` and `headings` in turn.
struct Builder<'a> {
    shape: &'a [u8],
    at: usize,
    texts: &'a [String],
    headings: &'a [Option<String>],
    nodes: Vec<Node>,
    budget: usize,
}

impl Builder<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.shape.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn push(&mut self, kind: NodeKind, ordinal: u32, parent: Option<usize>) -> usize {
        let i = self.nodes.len();
        let text = self
            .texts
            .get(i % self.texts.len().max(1))
            .cloned()
            .unwrap_or_default();
        let heading = self
            .headings
            .get(i % self.headings.len().max(1))
            .cloned()
            .flatten();
        self.nodes.push(Node {
            kind,
            label: kind.label_style().label(ordinal),
            heading,
            text,
            parent,
            line: 0,
        });
        self.budget = self.budget.saturating_sub(1);
        i
    }

    fn children(&mut self, parent: usize, kind: NodeKind) {
        let options = child_kinds(kind);
        if options.is_empty() || self.budget == 0 {
            return;
        }
        let count = usize::from(self.byte() % 4);
        if count == 0 {
            return;
        }
        let child_kind = options[usize::from(self.byte()) % options.len()];
        // Now and then a long run, so that labels such as IX, XIV, AA or xii appear.
        let count = if self.byte().is_multiple_of(8) {
            count + 8 + usize::from(self.byte() % 24)
        } else {
            count
        };
        for ordinal in 1..=count {
            if self.budget == 0 {
                return;
            }
            let child = self.push(child_kind, ordinal as u32, Some(parent));
            self.children(child, child_kind);
        }
    }
}

/// Random valid rule books: 1–3 chapters, 0–2 appendices, up to 90 nodes.
pub fn arb_rulebook() -> impl Strategy<Value = RuleBook> {
    (
        meta(),
        proptest::collection::vec(any::<u8>(), 0..160),
        proptest::collection::vec(text(), 1..12),
        proptest::collection::vec(proptest::option::of(one_line()), 1..7),
        1u32..4,
        0u32..3,
    )
        .prop_map(|(meta, shape, texts, headings, chapters, appendices)| {
            let mut builder = Builder {
                shape: &shape,
                at: 0,
                texts: &texts,
                headings: &headings,
                nodes: Vec::new(),
                budget: 90,
            };
            for (kind, count) in [
                (NodeKind::Chapter, chapters),
                (NodeKind::Appendix, appendices),
            ] {
                for ordinal in 1..=count {
                    let root = builder.push(kind, ordinal, None);
                    builder.children(root, kind);
                }
            }
            RuleBook {
                meta,
                nodes: builder.nodes,
            }
        })
}
