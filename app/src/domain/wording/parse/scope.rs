//! Phrases that say *how much* an instruction touches: which occurrence ("the second ‘and’",
//! "throughout", "in both places"), a range of words ("from ‘X’ to ‘Y’ (inclusive)", "all
//! words after ‘X’", "to the end of the sentence"), a whole unit ("amend to read: …"), and the
//! second half of an instruction split over two lines ("Delete: ‘…’" / "Replace with: ‘…’").

use super::Parser;
use super::R;
use super::cursor::{noun_word, ordinal_word};
use super::lex::Kind;
use crate::domain::wording::model::{Instruction, Occurrence, RangeEnd, Within};

/// The start and end of a range of words, as read.
pub(super) struct RangeSpec {
    pub from: String,
    pub from_included: bool,
    pub to: RangeEnd,
}

fn count_word(w: &str) -> Option<u32> {
    Some(match w {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return w.parse().ok().filter(|n| (2..=100).contains(n)),
    })
}

impl Parser<'_> {
    /// "the second", "the first occurrence of", "every", "each instance of" before a quotation.
    pub(super) fn occurrence_prefix(&mut self) -> Option<Occurrence> {
        let save = self.pos;
        self.eat("the");
        if let Some(n) = self
            .word()
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .and_then(ordinal_word)
        {
            self.pos += 1;
            if self.eat_any(&["occurrence", "instance", "appearance", "use", "mention"]) {
                self.eat("of");
            }
            self.skip_fillers();
            if self.at_quote() {
                return Some(Occurrence::Nth(n));
            }
        }
        self.pos = save;
        if self.eat_any(&["every", "each", "all"]) {
            if self.eat_any(&[
                "occurrence",
                "occurrences",
                "instance",
                "instances",
                "appearance",
                "appearances",
            ]) {
                self.eat("of");
            }
            self.eat("the");
            self.skip_fillers();
            if self.at_quote() {
                return Some(Occurrence::Every);
            }
        }
        self.pos = save;
        None
    }

    /// "throughout", "wherever it appears", "in both places", "in all three places" after a
    /// quotation (or after the replacement). Combined with `which` read earlier: two different
    /// statements of the occurrence are not understood.
    pub(super) fn occurrence_suffix(&mut self, which: Occurrence) -> R<Occurrence> {
        let save = self.pos;
        self.eat_punct(',');
        let paren = self.eat_punct('(');
        let found = if self.eat("throughout") {
            let s = self.pos;
            self.eat_any(&["the", "this"]);
            if !(self.word().and_then(noun_word).is_some()
                || matches!(self.word(), Some("text" | "rule" | "wording")))
            {
                self.pos = s;
            } else {
                self.pos += 1;
            }
            Some(Occurrence::Every)
        } else if self.eat_any(&["wherever", "everywhere"])
            || self.eat_seq(&["each", "time"])
            || self.eat_seq(&["every", "time"])
            || self.eat_seq(&["where", "ever"])
        {
            self.eat_any(&["it", "they", "this", "these", "that", "those"]);
            self.eat_any(&["words", "word", "phrase"]);
            self.eat_any(&["appears", "appear", "occurs", "occur", "is", "are"]);
            self.eat_any(&["used", "found"]);
            Some(Occurrence::Every)
        } else if self.eat_seq(&["in", "both", "places"])
            || self.eat_seq(&["on", "both", "occasions"])
            || self.eat_seq(&["in", "both", "instances"])
            || self.eat_seq(&["both", "times"])
        {
            Some(Occurrence::Each(2))
        } else if self.eat_seq(&["in", "each", "place"])
            || self.eat_seq(&["in", "all", "places"])
            || self.eat_seq(&["on", "each", "occasion"])
            || self.eat_seq(&["each", "time"])
        {
            Some(Occurrence::Every)
        } else if self.word() == Some("in")
            && self.word_at(1) == Some("all")
            && self.word_at(2).and_then(count_word).is_some()
            && matches!(self.word_at(3), Some("places" | "instances"))
        {
            let n = self.word_at(2).and_then(count_word).unwrap_or(2);
            self.pos += 4;
            Some(Occurrence::Each(n))
        } else {
            None
        };
        let Some(found) = found else {
            self.pos = save;
            return Ok(which);
        };
        if paren {
            self.eat_punct(')');
        }
        if which != Occurrence::Only && which != found {
            return Err(self.unrecognised());
        }
        Ok(found)
    }

    /// "from ‘X’ to ‘Y’ (inclusive)", "the words from ‘X’ to the end of the sentence", "all
    /// words after ‘X’", right after a verb of deleting or replacing. `None` (nothing eaten)
    /// when the wording is not a range.
    pub(super) fn range_spec(&mut self) -> R<Option<RangeSpec>> {
        let save = self.pos;
        self.eat_any(&["all", "everything"]);
        self.eat("the");
        self.eat_any(&["words", "word", "text", "wording"]);
        let from_included = if self.eat("from") {
            true
        } else if self.eat_any(&["after", "following"]) {
            false
        } else {
            self.pos = save;
            return Ok(None);
        };
        self.eat_seq(&["and", "including"]);
        self.skip_fillers();
        if !self.at_quote() {
            self.pos = save;
            return Ok(None);
        }
        let from = self.quote()?;
        self.skip_line_ref();
        let s = self.pos;
        self.eat_punct(',');
        let to = if self.eat_any(&["to", "until", "till", "through"]) || self.eat_seq(&["up", "to"])
        {
            self.eat_seq(&["and", "including"]);
            self.skip_fillers();
            if self.at_quote() {
                RangeEnd::Through(self.quote()?)
            } else if self.eat_seq(&["the", "end", "of"]) || self.eat_seq(&["end", "of"]) {
                self.eat_any(&["the", "this", "that"]);
                if self.eat("sentence") {
                    RangeEnd::EndOfSentence
                } else if self.word().and_then(noun_word).is_some()
                    || matches!(self.word(), Some("text" | "rule" | "paragraph" | "wording"))
                {
                    self.pos += 1;
                    RangeEnd::EndOfText
                } else {
                    return Err(self.unrecognised());
                }
            } else {
                return Err(self.unrecognised());
            }
        } else if from_included {
            // "Delete from ‘X’" says where the range starts, not where it ends.
            self.pos = s;
            return Err(self.unrecognised());
        } else {
            self.pos = s;
            RangeEnd::Unstated
        };
        self.skip_line_ref();
        let s = self.pos;
        self.eat_punct(',');
        let paren = self.eat_punct('(');
        if self.eat_any(&["inclusive", "inclusively"]) || self.eat_seq(&["both", "inclusive"]) {
            if paren {
                self.eat_punct(')');
            }
        } else {
            self.pos = s;
        }
        self.skip_line_ref();
        Ok(Some(RangeSpec {
            from,
            from_included,
            to,
        }))
    }

    /// A range deletion, with its replacement if one follows.
    pub(super) fn range_instruction(
        &mut self,
        spec: RangeSpec,
        within: Option<Within>,
        replacing: bool,
    ) -> R<Instruction> {
        let within = within.or_else(|| self.trailing_within());
        let new = if replacing {
            let colon = self.with_by()?;
            Some(self.text_arg(colon)?)
        } else {
            match self
                .replacement_link()
                .or_else(|| self.next_line_replacement())
            {
                Some(colon) => Some(self.text_arg(colon)?),
                None => None,
            }
        };
        Ok(Instruction::DeleteRange {
            from: spec.from,
            from_included: spec.from_included,
            to: spec.to,
            new,
            within,
        })
    }

    /// The second line of a split instruction: after "Delete: ‘…’", a line "Replace with:
    /// ‘…’", "And insert: …", "Insert in its place: …". A line "Replace ‘…’ with …" is an
    /// instruction of its own and is not taken. Returns whether a colon followed.
    pub(super) fn next_line_replacement(&mut self) -> Option<bool> {
        let save = self.pos;
        while self
            .tok()
            .is_some_and(|t| matches!(t.kind, Kind::Punct('.' | ';' | ',')))
        {
            self.pos += 1;
        }
        if self.tok().is_none_or(|t| t.kind != Kind::Newline) {
            self.pos = save;
            return None;
        }
        while self.tok().is_some_and(|t| t.kind == Kind::Newline) {
            self.pos += 1;
        }
        // A bullet or list number before it.
        while self
            .tok()
            .is_some_and(|t| matches!(t.kind, Kind::Punct('-' | '•' | '*' | '–' | '(' | ')')))
        {
            self.pos += 1;
        }
        let mut k = 0;
        if self.word_at(k) == Some("and") {
            k += 1;
        }
        let verb = self.word_at(k);
        let replacing = matches!(
            verb,
            Some("replace" | "replacing" | "substitute" | "substituting")
        );
        let inserting = matches!(verb, Some("insert" | "inserting" | "add"));
        let in_its_place = inserting && self.word_at(k + 1) == Some("in");
        if !(replacing || inserting && k == 1 || in_its_place) {
            self.pos = save;
            return None;
        }
        let mut j = k + 1;
        if matches!(
            self.word_at(j),
            Some("them" | "it" | "this" | "these" | "that")
        ) {
            j += 1;
        }
        let linked = matches!(self.word_at(j), Some("with" | "by" | "in"))
            || self
                .toks
                .get(self.pos + j)
                .is_some_and(|t| t.kind == Kind::Punct(':'))
            || k == 1;
        if !linked {
            self.pos = save;
            return None;
        }
        match self.replacement_link() {
            Some(colon) => Some(colon),
            None => {
                self.pos = save;
                None
            }
        }
    }

    /// "Amend to read: ‘…’", "Amend the sub-clause to read", "Amend the third sentence so that
    /// it reads: ‘…’", "Amend sub-clause 5.F to read: ‘…’".
    pub(super) fn amend(&mut self) -> R<Vec<Instruction>> {
        self.pos += 1;
        enum Target {
            Whole(Option<crate::domain::numbering::NodeKind>),
            Sentence(crate::domain::wording::model::SentenceRef),
            Node(Option<crate::domain::numbering::NodeKind>, String),
        }
        let target = if let Some(s) = self.sentence_ref() {
            Target::Sentence(s)
        } else if let Some(noun) = self.whole_unit() {
            Target::Whole(noun)
        } else {
            let save = self.pos;
            let noun = self.word().and_then(noun_word);
            if noun.is_some() {
                self.pos += 1;
            }
            match self.label() {
                Some(l) => Target::Node(noun, l),
                None => {
                    self.pos = save;
                    self.eat("it");
                    Target::Whole(None)
                }
            }
        };
        self.eat_punct(',');
        let read = self.eat_seq(&["to", "read"])
            || self.eat_seq(&["so", "that", "it", "reads"])
            || self.eat_seq(&["so", "it", "reads"])
            || self.eat_seq(&["so", "as", "to", "read"])
            || self.eat_seq(&["to", "say"])
            || self.eat_seq(&["as", "follows"]);
        if !read {
            return Err(self.unrecognised());
        }
        self.eat_seq(&["as", "follows"]);
        self.skip_fillers();
        self.eat_punct(':');
        let text = self.text_arg(true)?;
        Ok(vec![match target {
            Target::Whole(noun) => Instruction::ReplaceAll { noun, text },
            Target::Sentence(sentence) => Instruction::ReplaceSentence {
                sentence,
                reads: None,
                text,
            },
            Target::Node(noun, label) => Instruction::ReplaceNodes {
                noun,
                labels: vec![label],
                text,
            },
        }])
    }
}

/// The text of a new node without its own label: "F. Members …" when adding sub-clause F (or
/// 5.F) is "Members …"; the label is the node's, not its text.
pub(super) fn without_label(label: &str, text: String) -> String {
    let last = label.rsplit('.').next().unwrap_or(label);
    let t = text.trim_start();
    for l in [label, last] {
        if l.is_empty() {
            continue;
        }
        for (open, close) in [("", "."), ("", ")"), ("(", ")")] {
            let prefix = format!("{open}{l}{close}");
            if let Some(rest) = t.strip_prefix(&prefix)
                && rest.starts_with(char::is_whitespace)
                && !rest.trim().is_empty()
            {
                return rest.trim_start().to_owned();
            }
        }
    }
    text
}
