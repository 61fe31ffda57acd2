//! The grammar of instructions: one method per form of instruction (delete, replace,
//! substitute, insert at an anchor, add at an edge, "at the start of …", "in the third
//! sentence, …", renumber).

use super::cursor::noun_word;
use super::scope::without_label;
use super::{Parser, R, STARTS};
use crate::domain::wording::model::{Edge, Instruction, SentenceRef, Within};

impl Parser<'_> {
    pub(super) fn instruction(&mut self) -> R<Vec<Instruction>> {
        let Some(w) = self.word().map(str::to_owned) else {
            return Err(self.unrecognised());
        };
        let mut out = match w.as_str() {
            "delete" | "remove" | "omit" => self.delete(None)?,
            "replace" => self.replace(None)?,
            "substitute" => self.substitute()?,
            "after" | "before" => vec![self.anchored(None)?],
            "add" | "insert" => self.add()?,
            "at" => self.at()?,
            "in" => self.in_()?,
            "renumber" => vec![self.renumber()?],
            "amend" => self.amend()?,
            _ => return Err(self.unrecognised()),
        };
        if let Some(within) = self.trailing_within() {
            for ins in &mut out {
                set_within(ins, within);
            }
        }
        Ok(out)
    }

    pub(super) fn delete(&mut self, within: Option<Within>) -> R<Vec<Instruction>> {
        self.pos += 1;
        self.eat_punct(':');
        if let Some(spec) = self.range_spec()? {
            return Ok(vec![self.range_instruction(spec, within, false)?]);
        }
        self.skip_fillers();
        self.eat_punct(':');
        let prefix = self.occurrence_prefix();
        if self.at_quote() {
            let q = self.quote()?;
            self.skip_line_ref();
            let which = self.occurrence_suffix(prefix.unwrap_or_default())?;
            let within = within.or_else(|| self.trailing_within());
            let which = self.occurrence_suffix(which)?;
            if let Some(colon) = self
                .replacement_link()
                .or_else(|| self.next_line_replacement())
            {
                let new = self.text_arg(colon)?;
                let which = self.occurrence_suffix(which)?;
                return Ok(vec![Instruction::Replace {
                    old: q,
                    new,
                    within,
                    which,
                }]);
            }
            return Ok(vec![Instruction::Delete {
                text: q,
                within,
                which,
            }]);
        }
        if within.is_some() || prefix.is_some() {
            return Err(self.unrecognised());
        }
        if let Some(sentence) = self.sentence_ref() {
            let reads = self.which_reads()?;
            if let Some(colon) = self
                .replacement_link()
                .or_else(|| self.next_line_replacement())
            {
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceSentence {
                    sentence,
                    reads,
                    text,
                }]);
            }
            return Ok(vec![Instruction::DeleteSentence { sentence, reads }]);
        }
        if let Some(noun) = self.whole_unit() {
            if let Some(colon) = self
                .replacement_link()
                .or_else(|| self.next_line_replacement())
            {
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceAll { noun, text }]);
            }
            return Ok(vec![Instruction::DeleteNode { noun, label: None }]);
        }
        let noun = self.word().and_then(noun_word);
        if noun.is_some() {
            self.pos += 1;
        }
        if let Some(label) = self.label() {
            if let Some(colon) = self.replacement_link() {
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceNodes {
                    noun,
                    labels: vec![label],
                    text,
                }]);
            }
            return Ok(vec![Instruction::DeleteNode {
                noun,
                label: Some(label),
            }]);
        }
        Err(self.unrecognised())
    }

    pub(super) fn replace(&mut self, within: Option<Within>) -> R<Vec<Instruction>> {
        self.pos += 1;
        if let Some(spec) = self.range_spec()? {
            return Ok(vec![self.range_instruction(spec, within, true)?]);
        }
        if within.is_none() {
            if let Some(sentence) = self.sentence_ref() {
                let reads = self.which_reads()?;
                let colon = self.with_by()?;
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceSentence {
                    sentence,
                    reads,
                    text,
                }]);
            }
            if let Some(noun) = self.whole_unit() {
                let colon = self.with_by()?;
                let text = self.text_arg(colon)?;
                return Ok(vec![Instruction::ReplaceAll { noun, text }]);
            }
            if let Some(noun) = self.word().and_then(noun_word) {
                self.pos += 1;
                let mut labels = Vec::new();
                while let Some(l) = self.label() {
                    labels.push(l);
                    if !(self.eat_punct(',') | self.eat_any(&["and", "to"]) | self.eat_punct('&')) {
                        break;
                    }
                }
                if labels.is_empty() {
                    return Err(self.unrecognised());
                }
                self.eat_punct(',');
                if !self.eat_any(&["with", "by"]) {
                    return Err(self.unrecognised());
                }
                self.skip_fillers();
                let mut extra = Vec::new();
                if self.word() == Some("and") && self.word_at(1) == Some("renumber") {
                    self.pos += 1;
                    extra.push(self.renumber()?);
                }
                let colon = self.eat_punct(':');
                let text = self.text_arg(colon)?;
                let mut out = vec![Instruction::ReplaceNodes {
                    noun: Some(noun),
                    labels,
                    text,
                }];
                out.append(&mut extra);
                return Ok(out);
            }
        }
        self.skip_fillers();
        let prefix = self.occurrence_prefix();
        let old = self.quote()?;
        self.skip_line_ref();
        let which = self.occurrence_suffix(prefix.unwrap_or_default())?;
        let within = within.or_else(|| self.trailing_within());
        let which = self.occurrence_suffix(which)?;
        let colon = self.with_by()?;
        let new = self.text_arg(colon)?;
        let which = self.occurrence_suffix(which)?;
        Ok(vec![Instruction::Replace {
            old,
            new,
            within,
            which,
        }])
    }

    /// "Substitute 'shall' for 'may'".
    pub(super) fn substitute(&mut self) -> R<Vec<Instruction>> {
        self.pos += 1;
        self.skip_fillers();
        let new = self.quote()?;
        if !self.eat("for") {
            return Err(self.unrecognised());
        }
        self.skip_fillers();
        let prefix = self.occurrence_prefix();
        let old = self.quote()?;
        self.skip_line_ref();
        let which = self.occurrence_suffix(prefix.unwrap_or_default())?;
        Ok(vec![Instruction::Replace {
            old,
            new,
            within: None,
            which,
        }])
    }

    /// "After '…' (line 2) add: '…'", "Before '…' insert '…'".
    pub(super) fn anchored(&mut self, within: Option<Within>) -> R<Instruction> {
        let after = self.word() == Some("after");
        self.pos += 1;
        // "After the first sentence insert: ‘…’": a new sentence.
        if within.is_none()
            && let Some(sentence) = self.sentence_ref()
        {
            self.eat_punct(',');
            if !self.eat_any(&["add", "insert", "include", "adding", "inserting"]) {
                return Err(self.unrecognised());
            }
            self.skip_fillers();
            let colon = self.eat_punct(':');
            let text = self.text_arg(colon)?;
            return Ok(Instruction::InsertSentence {
                sentence,
                edge: if after { Edge::End } else { Edge::Start },
                text,
            });
        }
        self.skip_fillers();
        let prefix = self.occurrence_prefix();
        let anchor = self.quote()?;
        self.skip_line_ref();
        let which = self.occurrence_suffix(prefix.unwrap_or_default())?;
        let within = within.or_else(|| self.trailing_within());
        let which = self.occurrence_suffix(which)?;
        self.eat_punct(',');
        if !self.eat_any(&["add", "insert", "include", "adding", "inserting"]) {
            return Err(self.unrecognised());
        }
        self.skip_fillers();
        let colon = self.eat_punct(':');
        let text = self.text_arg(colon)?;
        Ok(if after {
            Instruction::InsertAfter {
                anchor,
                text,
                within,
                which,
            }
        } else {
            Instruction::InsertBefore {
                anchor,
                text,
                within,
                which,
            }
        })
    }

    /// "at the end", "at the start of the last sentence", "at the end of the sub-clause".
    /// Returns the edge and the sentence, if one was named.
    pub(super) fn position(&mut self) -> Option<(Edge, Option<SentenceRef>)> {
        let save = self.pos;
        if !self.eat("at") {
            return None;
        }
        self.eat_any(&["the", "its"]);
        let edge = if self.eat("end") {
            Edge::End
        } else if self.eat_any(&["start", "beginning"]) {
            Edge::Start
        } else {
            self.pos = save;
            return None;
        };
        if self.eat("of") {
            if let Some(s) = self.sentence_ref() {
                return Some((edge, Some(s)));
            }
            if self.whole_unit().is_none() && !self.eat("it") {
                self.pos = save;
                return None;
            }
        }
        Some((edge, None))
    }

    /// "as a new paragraph", "in a new paragraph", "on a new line".
    pub(super) fn new_paragraph(&mut self) -> bool {
        let save = self.pos;
        self.eat_punct(',');
        if self.eat_any(&["as", "in", "on"])
            && self.eat_any(&["a", "its"])
            && self.eat_any(&["new", "separate", "own"])
            && self.eat_any(&["paragraph", "line"])
        {
            return true;
        }
        self.pos = save;
        false
    }

    pub(super) fn add(&mut self) -> R<Vec<Instruction>> {
        self.pos += 1;
        // "Add a new sub-clause 5.F after sub-clause 5.E: '…'", "Add a new 7".
        let save = self.pos;
        if self.eat_seq(&["a", "new"]) || self.eat("new") {
            let noun = self.word().and_then(noun_word);
            if noun.is_some() {
                self.pos += 1;
            }
            if let Some(label) = self.label() {
                let mut after = None;
                if self.eat("after") {
                    if self.word().and_then(noun_word).is_some() {
                        self.pos += 1;
                    }
                    after = self.label();
                    if after.is_none() {
                        return Err(self.unrecognised());
                    }
                }
                let mut extra = Vec::new();
                if self.word() == Some("and") && self.word_at(1) == Some("renumber") {
                    self.pos += 1;
                    extra.push(self.renumber()?);
                }
                self.eat_punct(',');
                let introduced = self.eat_seq(&["to", "read"])
                    | self.eat_seq(&["as", "follows"])
                    | self.eat_seq(&["which", "reads"])
                    | self.eat("reading");
                let colon = self.eat_punct(':');
                let text = if self.at_quote() || colon || introduced {
                    Some(without_label(&label, self.text_arg(colon || introduced)?))
                } else {
                    None
                };
                let mut out = vec![Instruction::InsertNode {
                    noun,
                    label,
                    after,
                    text,
                }];
                out.append(&mut extra);
                return Ok(out);
            }
            self.pos = save;
        }
        self.skip_fillers();
        if let Some((edge, sentence)) = self.position() {
            let new_paragraph = self.new_paragraph();
            self.skip_fillers();
            let colon = self.eat_punct(':');
            let text = self.text_arg(colon)?;
            return Ok(vec![at_edge(edge, sentence, text, new_paragraph)]);
        }
        // "Insert after the second sentence: ‘…’".
        if let Some(edge) = self.sentence_side() {
            let sentence = self.sentence_ref().ok_or_else(|| self.unrecognised())?;
            self.eat_punct(',');
            let colon = self.eat_punct(':');
            let text = self.text_arg(colon)?;
            return Ok(vec![Instruction::InsertSentence {
                sentence,
                edge,
                text,
            }]);
        }
        let colon = self.eat_punct(':');
        let text = self.text_arg(colon)?;
        self.skip_line_ref();
        self.eat_punct(',');
        // "Insert ‘…’ after the first sentence".
        if let Some(edge) = self.sentence_side() {
            let sentence = self.sentence_ref().ok_or_else(|| self.unrecognised())?;
            return Ok(vec![Instruction::InsertSentence {
                sentence,
                edge,
                text,
            }]);
        }
        let save = self.pos;
        if self.eat_any(&["after", "before"]) {
            let after = self.toks[self.pos - 1].lower == "after";
            self.skip_fillers();
            let prefix = self.occurrence_prefix();
            let anchor = self.quote()?;
            self.skip_line_ref();
            let which = self.occurrence_suffix(prefix.unwrap_or_default())?;
            return Ok(vec![if after {
                Instruction::InsertAfter {
                    anchor,
                    text,
                    within: None,
                    which,
                }
            } else {
                Instruction::InsertBefore {
                    anchor,
                    text,
                    within: None,
                    which,
                }
            }]);
        }
        self.pos = save;
        if let Some((edge, sentence)) = self.position() {
            let new_paragraph = self.new_paragraph();
            return Ok(vec![at_edge(edge, sentence, text, new_paragraph)]);
        }
        Err(self.unrecognised())
    }

    /// "after" / "before" followed by a sentence named by position; nothing eaten otherwise.
    fn sentence_side(&mut self) -> Option<Edge> {
        let save = self.pos;
        let edge = if self.eat("after") {
            Edge::End
        } else if self.eat("before") {
            Edge::Start
        } else {
            return None;
        };
        let at = self.pos;
        if self.sentence_ref().is_some() {
            self.pos = at;
            return Some(edge);
        }
        self.pos = save;
        None
    }

    /// "At the start of the last sentence delete '…' and replace by '…'", "At the end add '…'".
    pub(super) fn at(&mut self) -> R<Vec<Instruction>> {
        let Some((edge, sentence)) = self.position() else {
            return Err(self.unrecognised());
        };
        self.eat_punct(',');
        match (self.word(), sentence) {
            (Some("delete" | "remove" | "omit"), Some(sentence)) => self.delete(Some(Within {
                sentence,
                edge: Some(edge),
            })),
            (Some("replace"), Some(sentence)) => self.replace(Some(Within {
                sentence,
                edge: Some(edge),
            })),
            (Some("add" | "insert"), _) => {
                self.pos += 1;
                let new_paragraph = self.new_paragraph();
                self.skip_fillers();
                let colon = self.eat_punct(':');
                let text = self.text_arg(colon)?;
                Ok(vec![at_edge(edge, sentence, text, new_paragraph)])
            }
            _ => Err(self.unrecognised()),
        }
    }

    /// "In the third sentence, delete …", "In line 3, after …", "In sub-clause B, …".
    pub(super) fn in_(&mut self) -> R<Vec<Instruction>> {
        self.pos += 1;
        let within = if let Some(sentence) = self.sentence_ref() {
            Some(Within {
                sentence,
                edge: None,
            })
        } else {
            let start = self.tok().map(|t| t.outer.start);
            if self.eat_any(&["line", "lines"]) {
                self.label();
                let end = self.toks.get(self.pos - 1).map(|t| t.outer.end);
                self.note_line_ref(start, end);
            } else if self.eat("the")
                && (self.word().and_then(super::cursor::ordinal_word).is_some()
                    || self.word() == Some("last"))
                && self.word_at(1) == Some("line")
            {
                // "In the third line, delete …".
                self.pos += 2;
                let end = self.toks.get(self.pos - 1).map(|t| t.outer.end);
                self.note_line_ref(start, end);
            } else {
                if self.word().and_then(noun_word).is_none() {
                    return Err(self.unrecognised());
                }
                self.pos += 1;
                self.label();
            }
            None
        };
        self.eat_punct(',');
        match self.word() {
            Some("delete" | "remove" | "omit") => self.delete(within),
            Some("replace") => self.replace(within),
            Some("after" | "before") => Ok(vec![self.anchored(within)?]),
            Some(w) if STARTS.contains(&w) && within.is_none() => self.instruction(),
            _ => Err(self.unrecognised()),
        }
    }

    /// "renumber existing section 7 accordingly", "renumber accordingly".
    pub(super) fn renumber(&mut self) -> R<Instruction> {
        self.pos += 1;
        self.eat_any(&["the", "all"]);
        self.eat_any(&[
            "existing",
            "remaining",
            "subsequent",
            "following",
            "current",
            "old",
        ]);
        let noun = self.word().and_then(noun_word);
        if noun.is_some() {
            self.pos += 1;
        }
        let from = self.label();
        if from.is_some() {
            while self.eat_any(&["and", "onwards", "onward", "subsequent", "following", "to"]) {
                self.label();
                if self.word().and_then(noun_word).is_some() {
                    self.pos += 1;
                }
            }
        }
        let _ = self.eat_any(&["accordingly", "consequentially", "consequently"])
            || self.eat_seq(&["as", "necessary"])
            || self.eat_seq(&["as", "appropriate"])
            || self.eat_seq(&["as", "required"]);
        Ok(Instruction::Renumber { noun, from })
    }
}

fn at_edge(
    edge: Edge,
    sentence: Option<SentenceRef>,
    text: String,
    new_paragraph: bool,
) -> Instruction {
    match (sentence, edge) {
        (Some(sentence), _) => Instruction::AddToSentence {
            sentence,
            edge,
            text,
        },
        (None, Edge::End) => Instruction::AddAtEnd {
            text,
            new_paragraph,
        },
        (None, Edge::Start) => Instruction::AddAtStart { text },
    }
}

fn set_within(ins: &mut Instruction, w: Within) {
    match ins {
        Instruction::Delete { within, .. }
        | Instruction::Replace { within, .. }
        | Instruction::InsertAfter { within, .. }
        | Instruction::InsertBefore { within, .. }
            if within.is_none() =>
        {
            *within = Some(w);
        }
        _ => {}
    }
}
