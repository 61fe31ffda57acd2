//! DTOs for publishing rule changes: the public page of a rule change or package, the delegate
//! reading pack, and the documents exported from them (DOCX, Markdown, JSON).
//!
//! These types are also the public JSON schema (`docs/json-schema.md`): fields are only ever
//! added, never renamed or removed.

use serde::{Deserialize, Serialize};

use crate::domain::diff::DiffSpan;
use crate::model::drafts::EditKind;

/// One clause a published rule change affects, as it stands and as it would read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedClause {
    /// Key in the edition amended (`2.I.4.B`).
    pub key: String,
    /// What the entry is about: the citation, or "New rule 4.D after Chapter 2, Clause I.4.C",
    /// or "Delete Chapter 2, Clause I.4.B".
    pub heading: String,
    /// The clause as it stands (empty for a new rule).
    pub current_text: String,
    /// The clause as it would read (empty when deleted).
    pub proposed_text: String,
    /// Word diff from the current to the proposed text.
    pub diff: Vec<DiffSpan>,
}

/// A rule change as members and delegates read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedRuleChange {
    /// Its id (the number in the reading pack is its position there).
    pub id: i32,
    /// Its title.
    pub title: String,
    /// The proposing CLP, affiliate or the NEC, if chosen.
    pub proposer: Option<String>,
    /// The conference it is for.
    pub conference_year: i32,
    /// The Rule Book edition it amends.
    pub edition_year: i32,
    /// Procedure status (stable name: `submitted`, `held_over`, …).
    pub status: String,
    /// Procedure status in words.
    pub status_label: String,
    /// The NEC's recommendation (`support`, `oppose`, `remit`), once made.
    pub nec_recommendation: Option<String>,
    /// A one-line summary in plain language (may be empty).
    pub summary: String,
    /// Why (not rule text).
    pub supporting_argument: String,
    /// The formal wording, clause by clause, with any consequential amendments.
    pub wording: String,
    /// The clauses it affects, in Rule Book order.
    pub clauses: Vec<PublishedClause>,
    /// The package it belongs to, if any: (id, title).
    pub package: Option<(i32, String)>,
}

/// A package as members read it: its submitted rule changes, in Rule Book order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedPackage {
    /// Its id.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// What the package does, in a few sentences.
    pub summary: String,
    /// Its public rule changes.
    pub rule_changes: Vec<PublishedRuleChange>,
}

/// The delegate reading pack for one conference: every published rule change in Rule Book
/// order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingPack {
    /// The conference.
    pub conference_year: i32,
    /// When the pack was put together (RFC 3339).
    pub generated_at: String,
    /// The rule changes, in the order of the first clause each amends.
    pub rule_changes: Vec<PublishedRuleChange>,
}

/// A public rule change that amends a clause, for the clause's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseProposal {
    /// The rule change.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// Its status in words.
    pub status_label: String,
    /// The conference that debates it.
    pub conference_year: i32,
    /// What it does to the clause.
    pub kind: EditKind,
}

/// The rule changes proposed for one clause, and whether each pair of them (or of their
/// packages) could both be carried.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseProposalList {
    /// Every public rule change amending the clause, oldest first.
    pub proposals: Vec<ClauseProposal>,
    /// Pairs among those still before conference: conflicts first, at most
    /// [`ClauseProposalList::SHOWN_PAIRS`].
    pub pairs: Vec<ClausePair>,
    /// How many pairs cannot both be carried.
    pub conflicts: usize,
    /// How many pairs were compared in all.
    pub compared: usize,
}

impl ClauseProposalList {
    /// Pairs listed on a clause page; the rest are counted.
    pub const SHOWN_PAIRS: usize = 50;
}

/// Two rule changes or packages amending the same clause, and the verdict on them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClausePair {
    /// The first party: its name and public page.
    pub a: PartyLink,
    /// The second party.
    pub b: PartyLink,
    /// Whether they cannot both be carried as written.
    pub conflict: bool,
    /// The verdict in a sentence.
    pub verdict: String,
}

/// A rule change or package, named and linked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyLink {
    /// "Rule change 12: …" or "Package 3: …".
    pub label: String,
    /// Its public page.
    pub href: String,
}

/// Which rule changes to read the Rule Book with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "selection", rename_all = "snake_case")]
pub enum Selection {
    /// Every public rule change for a conference.
    AllSubmitted {
        /// The conference.
        year: i32,
    },
    /// Every rule change of a package.
    Package {
        /// The package.
        id: i32,
    },
    /// Those the NEC supports at a conference.
    NecSupports {
        /// The conference.
        year: i32,
    },
    /// Those carried at a conference.
    Carried {
        /// The conference.
        year: i32,
    },
}

/// One rule of the Rule Book as it would read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadNode {
    /// Its key in the edition as it would read.
    pub key: String,
    /// Its citation.
    pub citation: String,
    /// Depth in the tree, 1 for chapters.
    pub depth: u32,
    /// Heading, if any.
    pub heading: Option<String>,
    /// Its text as it would read.
    pub text: String,
    /// What changed it ("Words substituted by rule change 12 (Riverside CLP), …").
    pub notes: Vec<String>,
    /// The change from the current text, for changed rules.
    pub diff: Option<Vec<DiffSpan>>,
}

/// The Rule Book (or a chapter) as it would read with a set of rule changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsItWouldRead {
    /// The edition amended.
    pub edition_year: i32,
    /// The rule changes applied: (id, title).
    pub rule_changes: Vec<(i32, String)>,
    /// The rules, in order.
    pub nodes: Vec<ReadNode>,
    /// Chosen rule changes that collide, each in words.
    pub conflicts: Vec<String>,
    /// Instructions that could not be applied, each in words.
    pub failures: Vec<String>,
}

/// What "create next edition" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextEditionReport {
    /// The new edition's year.
    pub year: i32,
    /// The carried rule changes applied.
    pub applied: Vec<i32>,
    /// Instructions that no longer apply or collide; when not empty, nothing was written.
    pub problems: Vec<String>,
    /// Citations to amend by hand in the new edition.
    pub to_check: Vec<String>,
    /// Whether the edition was written.
    pub created: bool,
}

impl PublishedRuleChange {
    /// The rule change as Markdown: heading, proposer, status, wording, each clause as it
    /// stands and as it would read, and the supporting argument. Deleted words are struck
    /// through (`~~…~~`) and inserted words in bold, so the marks survive plain text.
    pub fn to_markdown(&self) -> String {
        use crate::domain::diff::DiffSpan;
        let mut out = format!("# {}\n\n", self.title);
        if let Some(proposer) = &self.proposer {
            out.push_str(&format!("Proposed by {proposer}. "));
        }
        out.push_str(&format!(
            "Annual Conference {}; amends the Rule Book {}. Status: {}.",
            self.conference_year, self.edition_year, self.status_label
        ));
        if let Some(nec) = &self.nec_recommendation {
            out.push_str(&format!(" NEC recommendation: {nec}."));
        }
        out.push_str("\n\n");
        if !self.summary.is_empty() {
            out.push_str(&format!("{}\n\n", self.summary));
        }
        out.push_str("## Rule change\n\n");
        for line in self.wording.lines() {
            out.push_str(&format!("> {line}\n"));
        }
        for clause in &self.clauses {
            out.push_str(&format!("\n## {}\n\n", clause.heading));
            for span in &clause.diff {
                match span {
                    DiffSpan::Equal(t) => out.push_str(t),
                    DiffSpan::Delete(t) if !t.trim().is_empty() => {
                        out.push_str(&format!("~~{}~~", t.trim()))
                    }
                    DiffSpan::Insert(t) if !t.trim().is_empty() => {
                        out.push_str(&format!("**{}**", t.trim()))
                    }
                    DiffSpan::Delete(t) | DiffSpan::Insert(t) => out.push_str(t),
                }
            }
            out.push('\n');
        }
        if !self.supporting_argument.is_empty() {
            out.push_str(&format!(
                "\n## Supporting argument\n\n{}\n",
                self.supporting_argument
            ));
        }
        out
    }
}
