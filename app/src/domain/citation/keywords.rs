//! The words of citations, in one table: what each keyword says about the numbering, and where
//! it is read — in a citation typed on its own ([`super::parse_citation`]) and in running rule
//! text (the renumbering scanner, [`crate::domain::renumber::find_references`]).
//!
//! Running text is read more strictly than a typed citation: abbreviations and fillers are not
//! read there at all (`ch`, `cl`, `the`), and most keywords only in lower case or with a
//! capital (`clause`, `Clause`; never `part`, an everyday word).

use crate::domain::numbering::NodeKind;

/// What a keyword says about the labels around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Means {
    /// The chapter or appendix the citation starts from. `short` for an abbreviation (`ch`,
    /// `app`): after the start of a citation it may be a label (`sub-clause c`), while the
    /// word written out there starts another citation.
    Root {
        /// [`NodeKind::Chapter`] or [`NodeKind::Appendix`].
        kind: NodeKind,
        /// Whether the word is an abbreviation.
        short: bool,
    },
    /// The next label is a part's or a clause's (`Clause I`, `Part A`).
    Level(NodeKind),
    /// Stands before a label without fixing its kind (`section`, `sub-clause`, `item`): real
    /// citations use these words too loosely to count.
    Loose,
    /// `sub` or `subpara` in a typed citation, where `sub-clause` is two words: joined with
    /// the next word when `sub-` and that word is in the table (`sub` `clause`, `subpara`
    /// `clause`).
    SubPrefix,
    /// `Rule 5.4.3`: in running text it starts a citation whose clause is written as a number;
    /// in a typed citation it carries no numbering.
    Rule,
    /// Carries no numbering (`the`, `Labour`, `number`).
    Filler,
}

/// How running text must write a keyword for the scanner to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// In any case (`section`, `Section`, `SECTION`).
    Any,
    /// In lower case or with a capital (`clause`, `Clause`).
    LowerOrCapital,
    /// With a capital only (`Part`).
    Capital,
}

impl Case {
    /// Whether `written` is `word` (lower case) written in this case.
    fn admits(self, written: &str, word: &str) -> bool {
        match self {
            Case::Any => written.eq_ignore_ascii_case(word),
            Case::LowerOrCapital => written == word || is_capitalised(written, word),
            Case::Capital => is_capitalised(written, word),
        }
    }
}

/// Whether `written` is `word` (lower case) with its first letter a capital.
fn is_capitalised(written: &str, word: &str) -> bool {
    match (
        written.as_bytes().split_first(),
        word.as_bytes().split_first(),
    ) {
        (Some((first, rest)), Some((word_first, word_rest))) => {
            *first == word_first.to_ascii_uppercase() && rest == word_rest
        }
        _ => false,
    }
}

/// One keyword.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keyword {
    /// The word in lower case (`sub-clause`).
    pub(crate) word: &'static str,
    /// What it says.
    pub(crate) means: Means,
    /// Whether a typed citation reads it (case ignored; a typed citation splits `sub-clause`
    /// into `sub` and `clause`, see [`Means::SubPrefix`]).
    pub(crate) typed: bool,
    /// How running text must write it to be read, `None` if running text does not read it.
    pub(crate) text: Option<Case>,
}

const fn keyword(word: &'static str, means: Means, typed: bool, text: Option<Case>) -> Keyword {
    Keyword {
        word,
        means,
        typed,
        text,
    }
}

const fn root(kind: NodeKind, short: bool) -> Means {
    Means::Root { kind, short }
}

const CHAPTER: Means = root(NodeKind::Chapter, false);
const CH: Means = root(NodeKind::Chapter, true);
const APPENDIX: Means = root(NodeKind::Appendix, false);
const APP: Means = root(NodeKind::Appendix, true);
const CLAUSE: Means = Means::Level(NodeKind::Clause);
const PART: Means = Means::Level(NodeKind::Part);
const LOOSE: Means = Means::Loose;
const FILLER: Means = Means::Filler;
const ANY: Option<Case> = Some(Case::Any);
const LOWER_OR_CAPITAL: Option<Case> = Some(Case::LowerOrCapital);
const NOT_IN_TEXT: Option<Case> = None;

/// Every keyword, each word once.
pub(crate) const KEYWORDS: &[Keyword] = &[
    keyword("chapter", CHAPTER, true, LOWER_OR_CAPITAL),
    keyword("chap", CH, true, NOT_IN_TEXT),
    keyword("ch", CH, true, NOT_IN_TEXT),
    keyword("c", CH, true, NOT_IN_TEXT),
    keyword("appendix", APPENDIX, true, LOWER_OR_CAPITAL),
    keyword("app", APP, true, NOT_IN_TEXT),
    keyword("appx", APP, true, NOT_IN_TEXT),
    keyword("clause", CLAUSE, true, LOWER_OR_CAPITAL),
    keyword("clauses", CLAUSE, false, LOWER_OR_CAPITAL),
    keyword("cl", CLAUSE, true, NOT_IN_TEXT),
    keyword("part", PART, true, Some(Case::Capital)),
    keyword("pt", PART, true, NOT_IN_TEXT),
    keyword("section", LOOSE, true, ANY),
    keyword("sections", LOOSE, true, ANY),
    keyword("sec", LOOSE, true, NOT_IN_TEXT),
    keyword("sect", LOOSE, true, NOT_IN_TEXT),
    keyword("sub-section", LOOSE, true, ANY),
    keyword("sub-sections", LOOSE, false, ANY),
    keyword("subsection", LOOSE, true, ANY),
    keyword("subsections", LOOSE, true, ANY),
    keyword("sub-clause", LOOSE, true, ANY),
    keyword("sub-clauses", LOOSE, false, ANY),
    keyword("subclause", LOOSE, true, ANY),
    keyword("subclauses", LOOSE, true, ANY),
    keyword("paragraph", LOOSE, true, ANY),
    keyword("paragraphs", LOOSE, true, ANY),
    keyword("para", LOOSE, true, NOT_IN_TEXT),
    keyword("sub-paragraph", LOOSE, true, NOT_IN_TEXT),
    keyword("sub-para", LOOSE, true, NOT_IN_TEXT),
    keyword("item", LOOSE, true, ANY),
    keyword("items", LOOSE, true, ANY),
    keyword("point", LOOSE, true, NOT_IN_TEXT),
    keyword("sub", Means::SubPrefix, true, NOT_IN_TEXT),
    keyword("subpara", Means::SubPrefix, true, NOT_IN_TEXT),
    keyword("rule", Means::Rule, true, LOWER_OR_CAPITAL),
    keyword("rules", FILLER, true, NOT_IN_TEXT),
    keyword("book", FILLER, true, NOT_IN_TEXT),
    keyword("rulebook", FILLER, true, NOT_IN_TEXT),
    keyword("the", FILLER, true, NOT_IN_TEXT),
    keyword("of", FILLER, true, NOT_IN_TEXT),
    keyword("labour", FILLER, true, NOT_IN_TEXT),
    keyword("party", FILLER, true, NOT_IN_TEXT),
    keyword("no", FILLER, true, NOT_IN_TEXT),
    keyword("number", FILLER, true, NOT_IN_TEXT),
];

/// What a word of a typed citation means, given in lower case.
pub(crate) fn typed(word: &str) -> Option<Means> {
    KEYWORDS
        .iter()
        .find(|k| k.typed && k.word == word)
        .map(|k| k.means)
}

/// What a word of running text means, as written (`Clause`, `sub-clause`).
pub(crate) fn in_text(written: &str) -> Option<Means> {
    KEYWORDS
        .iter()
        .find(|k| k.text.is_some_and(|case| case.admits(written, k.word)))
        .map(|k| k.means)
}

/// Whether `sub-` + `next` (lower case) is a compound a typed citation reads, written there
/// as two words (`sub` `clause`, `subpara` `clause`): see [`Means::SubPrefix`].
pub(crate) fn joins_sub(next: &str) -> bool {
    KEYWORDS
        .iter()
        .any(|k| k.typed && k.word.strip_prefix("sub-") == Some(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_once_in_lower_case() {
        let mut words: Vec<&str> = KEYWORDS.iter().map(|k| k.word).collect();
        for word in &words {
            assert_eq!(*word, word.to_ascii_lowercase());
        }
        words.sort_unstable();
        let count = words.len();
        words.dedup();
        assert_eq!(words.len(), count, "a word is in the table twice");
    }

    #[test]
    fn running_text_reads_keywords_in_their_case() {
        assert_eq!(in_text("Clause"), Some(CLAUSE));
        assert_eq!(in_text("clauses"), Some(CLAUSE));
        assert_eq!(in_text("CLAUSE"), None);
        assert_eq!(in_text("Part"), Some(PART));
        assert_eq!(in_text("part"), None);
        assert_eq!(in_text("SUB-CLAUSE"), Some(LOOSE));
        assert_eq!(in_text("cl"), None);
        assert_eq!(in_text("Rule"), Some(Means::Rule));
        assert_eq!(in_text("the"), None);
        assert_eq!(typed("clauses"), None);
        assert_eq!(typed("c"), Some(CH));
        assert!(joins_sub("clause"));
        assert!(joins_sub("para"));
        assert!(!joins_sub("clauses"));
        assert!(!joins_sub("item"));
    }
}
