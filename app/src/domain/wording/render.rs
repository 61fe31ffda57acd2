//! Writing instructions as formal wording in the party's style.
//!
//! One instruction reads `Chapter 2, Clause I.4.B — delete "may" and insert "shall"`; several
//! are numbered, one per line, under the citation. Quotations use straight double quotation
//! marks unless the quoted words contain marks that would make the end of the quotation
//! unclear; then curly double, curly single or straight single marks are tried, and the first
//! choice that reads back to the same instruction is used.

use super::model::{Edge, Instruction, Occurrence, RangeEnd, SentenceRef, Within};
use super::parse::parse;
use super::quotes::{DELIMITERS, family, quote_with};
use crate::domain::numbering::NodeKind;

/// The ordinals written as words, "first" to "twentieth" (read by the parser, written here).
pub(crate) const ORDINAL_WORDS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// "first", "second" … "twentieth", then "21st" ….
pub fn ordinal_name(n: usize) -> String {
    if (1..=20).contains(&n) {
        return ORDINAL_WORDS[n - 1].to_owned();
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "fifth sentence", "last sentence", "penultimate sentence", "third to last sentence".
pub fn describe_sentence(s: SentenceRef) -> String {
    match s {
        SentenceRef::Start(n) => format!("{} sentence", ordinal_name(n as usize)),
        SentenceRef::End(1) => "last sentence".to_owned(),
        SentenceRef::End(2) => "penultimate sentence".to_owned(),
        SentenceRef::End(n) => format!("{} to last sentence", ordinal_name(n as usize)),
    }
}

fn plural(noun: NodeKind) -> String {
    match noun {
        NodeKind::Appendix => "appendices".to_owned(),
        other => format!("{}s", other.noun()),
    }
}

fn within_prefix(w: Option<Within>) -> String {
    match w {
        None => String::new(),
        Some(Within {
            sentence,
            edge: None,
        }) => format!("in the {}, ", describe_sentence(sentence)),
        Some(Within {
            sentence,
            edge: Some(Edge::Start),
        }) => format!("at the start of the {}, ", describe_sentence(sentence)),
        Some(Within {
            sentence,
            edge: Some(Edge::End),
        }) => format!("at the end of the {}, ", describe_sentence(sentence)),
    }
}

/// "the second ‘and’" for an ordinal occurrence; the quotation alone otherwise.
fn occ(which: Occurrence, quoted: String) -> String {
    match which {
        Occurrence::Nth(n) => format!("the {} {quoted}", ordinal_name(n as usize)),
        _ => quoted,
    }
}

/// " throughout", " in both places" for every occurrence; empty otherwise.
fn occ_suffix(which: Occurrence) -> String {
    match which {
        Occurrence::Every => " throughout".to_owned(),
        Occurrence::Each(2) => " in both places".to_owned(),
        Occurrence::Each(n) => format!(" in all {n} places"),
        _ => String::new(),
    }
}

/// Writes one instruction with the quotation marks chosen by `q` (called once per quotation, in
/// order).
fn write(ins: &Instruction, q: &mut dyn FnMut(&str) -> String) -> String {
    match ins {
        Instruction::Delete {
            text,
            within,
            which,
        } => {
            let text = occ(*which, q(text));
            format!(
                "{}delete {text}{}",
                within_prefix(*within),
                occ_suffix(*which)
            )
        }
        Instruction::Replace {
            old,
            new,
            within,
            which: which @ (Occurrence::Every | Occurrence::Each(_)),
        } => {
            let old = q(old);
            format!(
                "{}replace {old} with {}{}",
                within_prefix(*within),
                q(new),
                occ_suffix(*which)
            )
        }
        Instruction::Replace {
            old,
            new,
            within,
            which,
        } => {
            let old = occ(*which, q(old));
            format!(
                "{}delete {old} and insert {}",
                within_prefix(*within),
                q(new)
            )
        }
        Instruction::InsertAfter {
            anchor,
            text,
            within,
            which,
        } => {
            let anchor = occ(*which, q(anchor));
            format!(
                "{}after {anchor}{} insert {}",
                within_prefix(*within),
                occ_suffix(*which),
                q(text)
            )
        }
        Instruction::InsertBefore {
            anchor,
            text,
            within,
            which,
        } => {
            let anchor = occ(*which, q(anchor));
            format!(
                "{}before {anchor}{} insert {}",
                within_prefix(*within),
                occ_suffix(*which),
                q(text)
            )
        }
        Instruction::DeleteRange {
            from,
            from_included,
            to,
            new,
            within,
        } => {
            let from = q(from);
            let start = if *from_included {
                format!("delete the words from {from}")
            } else {
                format!("delete all words after {from}")
            };
            let end = match to {
                RangeEnd::Through(to) => format!(" to {} (inclusive)", q(to)),
                RangeEnd::EndOfSentence => " to the end of the sentence".to_owned(),
                RangeEnd::EndOfText => " to the end of the text".to_owned(),
                RangeEnd::Unstated => String::new(),
            };
            let insert = new
                .as_ref()
                .map(|n| format!(" and insert {}", q(n)))
                .unwrap_or_default();
            format!("{}{start}{end}{insert}", within_prefix(*within))
        }
        Instruction::InsertSentence {
            sentence,
            edge,
            text,
        } => {
            let side = match edge {
                Edge::Start => "before",
                Edge::End => "after",
            };
            format!(
                "{side} the {} insert: {}",
                describe_sentence(*sentence),
                q(text)
            )
        }
        Instruction::AddAtStart { text } => format!("add at start: {}", q(text)),
        Instruction::AddAtEnd {
            text,
            new_paragraph,
        } => {
            if *new_paragraph {
                format!("add at end, as a new paragraph: {}", q(text))
            } else {
                format!("add at end: {}", q(text))
            }
        }
        Instruction::AddToSentence {
            sentence,
            edge,
            text,
        } => {
            let edge = match edge {
                Edge::Start => "start",
                Edge::End => "end",
            };
            format!(
                "at the {edge} of the {}, add: {}",
                describe_sentence(*sentence),
                q(text)
            )
        }
        Instruction::ReplaceSentence {
            sentence,
            reads,
            text,
        } => match reads {
            Some(reads) => {
                let reads = q(reads);
                format!(
                    "replace the {}, which reads {reads}, with: {}",
                    describe_sentence(*sentence),
                    q(text)
                )
            }
            None => format!(
                "replace the {} with: {}",
                describe_sentence(*sentence),
                q(text)
            ),
        },
        Instruction::DeleteSentence { sentence, reads } => match reads {
            Some(reads) => format!(
                "delete the {}, which reads {}",
                describe_sentence(*sentence),
                q(reads)
            ),
            None => format!("delete the {}", describe_sentence(*sentence)),
        },
        Instruction::ReplaceAll { noun, text } => {
            let noun = noun.map_or("text", NodeKind::noun);
            format!("delete the {noun} and replace with: {}", q(text))
        }
        Instruction::InsertNode {
            noun,
            label,
            after,
            text,
        } => {
            let mut out = String::from("add a new ");
            if let Some(n) = noun {
                out.push_str(n.noun());
                out.push(' ');
            }
            out.push_str(label);
            if let Some(after) = after {
                out.push_str(" after ");
                if let Some(n) = noun {
                    out.push_str(n.noun());
                    out.push(' ');
                }
                out.push_str(after);
            }
            if let Some(text) = text {
                out.push_str(": ");
                out.push_str(&q(text));
            }
            out
        }
        Instruction::DeleteNode { noun, label } => match (noun, label) {
            (Some(n), Some(l)) => format!("delete {} {l}", n.noun()),
            (None, Some(l)) => format!("delete {l}"),
            (Some(n), None) => format!("delete the {}", n.noun()),
            (None, None) => "delete the text".to_owned(),
        },
        Instruction::ReplaceNodes { noun, labels, text } => {
            let noun = noun.unwrap_or(NodeKind::Section);
            let nouns = if labels.len() > 1 {
                plural(noun)
            } else {
                noun.noun().to_owned()
            };
            format!(
                "replace {nouns} {} with the following: {}",
                labels.join(" and "),
                q(text)
            )
        }
        Instruction::Renumber { noun, from } => match (noun, from) {
            (Some(n), Some(f)) => format!("renumber existing {} {f} accordingly", n.noun()),
            (None, Some(f)) => format!("renumber existing {f} accordingly"),
            _ => "renumber accordingly".to_owned(),
        },
    }
}

/// The delimiter choices for `text`: those whose family does not occur in it first, so that a
/// reader never meets nested marks of the same kind when another kind would do.
fn preferred_delimiters(text: &str) -> [usize; 4] {
    let mut order = [0, 1, 2, 3];
    order.sort_by_key(|&i| {
        let fam = family(DELIMITERS[i].0);
        text.chars().any(|c| family(c) == fam)
    });
    order
}

fn quote_count(ins: &Instruction) -> usize {
    let mut n = 0;
    write(ins, &mut |_| {
        n += 1;
        String::new()
    });
    n
}

/// One instruction as wording (starting lower case), with quotation marks that read back to
/// the same instruction whenever any of the four styles does.
pub fn render_instruction(ins: &Instruction) -> String {
    let n = quote_count(ins);
    let combos = DELIMITERS.len().pow(u32::try_from(n.min(3)).unwrap_or(3));
    for combo in 0..combos {
        let mut k = 0usize;
        let line = write(ins, &mut |t| {
            let shift = u32::try_from(k).unwrap_or(0);
            let nth = (combo / DELIMITERS.len().pow(shift)) % DELIMITERS.len();
            k += 1;
            quote_with(t, preferred_delimiters(t)[nth])
        });
        let back = parse(&line);
        if back.problems.is_empty() && back.instructions.len() == 1 && back.instructions[0] == *ins
        {
            return line;
        }
    }
    // Text no quotation marks can hold (a stray closing mark followed by "and"): the whole
    // replacement can still be given unquoted, on the lines after the colon.
    if let Instruction::ReplaceAll { noun, text } = ins {
        let line = format!(
            "delete the {} and replace with:\n{text}",
            noun.map_or("text", NodeKind::noun)
        );
        let back = parse(&line);
        if back.problems.is_empty() && back.instructions.len() == 1 && back.instructions[0] == *ins
        {
            return line;
        }
    }
    write(ins, &mut |t| quote_with(t, 0))
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// The formal wording of `instructions` against the clause cited as `citation`.
///
/// No instructions give an empty string. One instruction follows the citation after a dash;
/// several are numbered, one per line.
pub fn render(citation: &str, instructions: &[Instruction]) -> String {
    let citation = citation.trim();
    match instructions {
        [] => String::new(),
        [one] => {
            let line = render_instruction(one);
            if citation.is_empty() {
                capitalise(&line)
            } else {
                format!("{citation} — {line}")
            }
        }
        many => {
            let mut out = String::new();
            if !citation.is_empty() {
                out.push_str(citation);
                out.push_str(":\n");
            }
            for (i, ins) in many.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&format!(
                    "{}. {}",
                    i + 1,
                    capitalise(&render_instruction(ins))
                ));
            }
            out
        }
    }
}
