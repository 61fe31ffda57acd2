//! Suggesting a subject for each motion, before the CAC groups the motions in order by subject
//! for the priorities ballot. The CAC (or an organiser) decides; this only suggests.
//!
//! 1. **Near-duplicates first.** Motions from different organisations with (almost) the same
//!    words, such as a model motion adopted by several CLPs, are found by the near-duplicate
//!    grouping of rule changes ([`near_duplicates`], on the motions' content words, at
//!    [`MOTION_DUPLICATE_SIMILARITY`]). A group always gets one suggestion.
//! 2. **Content words.** A motion's words are cut as the diff engine cuts them, normalised as
//!    near-duplicates are ([`normalise`]), with common English words and numbers left out and
//!    plurals made singular; the title's words count twice. Each word is weighted by how rare it
//!    is among the motions (tf–idf), so that "conference" or "government", which every motion
//!    has, weigh nothing.
//! 3. **Existing subjects.** A subject is described by its name and by the motions already
//!    assigned to it (a motion is never compared with itself). The suggestion is the subject
//!    whose description is most like the motion (cosine of the weighted words), when that is at
//!    least [`MIN_SCORE`]; the words they share most are given as the reason.
//! 4. **New subjects.** Motions like no existing subject are grouped with each other (average
//!    linkage at [`MIN_GROUP_SCORE`]) and a new subject is suggested for each group, named after
//!    the title of the motion most like the others.
//!
//! How well this does on the demo motions is measured in the tests and written down in
//! `docs/motions.md`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::MotionId;
use crate::domain::ballot::SubjectId;
use crate::domain::conference::duplicates::{Candidate, near_duplicates, normalise};
use crate::domain::conference::{ClauseEdit, OrgId};
use crate::domain::diff::tokenize;

/// Near-duplicate motions have at least this similarity of their content words (lower than
/// for rule changes, whose compared words are only the changes).
pub const MOTION_DUPLICATE_SIMILARITY: f64 = 0.8;

/// The least likeness (cosine, 0–1) of a motion and an existing subject for a suggestion.
pub const MIN_SCORE: f64 = 0.05;

/// The least average likeness of two groups of motions for one new subject.
pub const MIN_GROUP_SCORE: f64 = 0.1;

/// A motion to suggest a subject for.
#[derive(Debug, Clone, Copy)]
pub struct MotionText<'a> {
    /// The motion.
    pub motion_id: MotionId,
    /// Its proposing organisation.
    pub org_id: OrgId,
    /// Its title.
    pub title: &'a str,
    /// Its body.
    pub body: &'a str,
    /// The subject it is already assigned to, if any.
    pub subject: Option<SubjectId>,
}

/// A subject of the conference.
#[derive(Debug, Clone, Copy)]
pub struct SubjectName<'a> {
    /// The subject.
    pub id: SubjectId,
    /// Its name ("Public ownership of water").
    pub name: &'a str,
}

/// What is suggested for a motion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Suggested {
    /// An existing subject.
    Existing {
        /// The subject.
        subject_id: SubjectId,
        /// How alike they are (cosine, 0–1).
        score: f64,
        /// The words they share that weigh most, as written in the motion.
        shared: Vec<String>,
    },
    /// A new subject, shared with other motions like no existing subject.
    New {
        /// A name for it.
        name: String,
        /// The motions it would group, this one included, ascending.
        motions: Vec<MotionId>,
    },
}

/// The suggestion for one motion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The motion.
    pub motion_id: MotionId,
    /// What is suggested.
    pub suggested: Suggested,
    /// Near-duplicates of it from other organisations, ascending.
    pub duplicates: Vec<MotionId>,
}

/// A sparse vector of word weights.
type Vector = BTreeMap<u32, f64>;

/// Words a motion is not about.
const STOPWORDS: &[&str] = &[
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "all",
    "also",
    "among",
    "and",
    "any",
    "are",
    "as",
    "at",
    "back",
    "be",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "did",
    "does",
    "done",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "her",
    "here",
    "his",
    "how",
    "however",
    "into",
    "its",
    "just",
    "least",
    "less",
    "like",
    "made",
    "make",
    "many",
    "more",
    "most",
    "much",
    "must",
    "new",
    "next",
    "nor",
    "not",
    "now",
    "off",
    "once",
    "one",
    "only",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "cent",
    "same",
    "should",
    "since",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "too",
    "under",
    "until",
    "upon",
    "very",
    "was",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "first",
    "two",
    "three",
    "four",
    "five",
    "six",
    "ten",
    "year",
    "years",
    "last",
    "million",
    "billion",
    "half",
    "people",
    "conference",
    "notes",
    "note",
    "believes",
    "believe",
    "resolves",
    "resolve",
    "calls",
    "call",
    "mandates",
    "welcomes",
    "urges",
    "government",
    "labour",
    "party",
    "motion",
    "campaign",
    "support",
    "work",
    "way",
    "take",
    "put",
    "use",
    "way",
    "step",
    "need",
    "needs",
    "end",
];

/// The content words of a text, stemmed, with the form first seen for each.
fn content_words(text: &str) -> Vec<(String, String)> {
    let norm = normalise(text);
    let mut out = Vec::new();
    for r in tokenize(&norm) {
        let t = &norm[r];
        if !t.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let t = t
            .trim_end_matches("'s")
            .trim_end_matches('\'')
            .trim_end_matches('.');
        let stem = stem(t);
        if stem.chars().count() < 3 || STOPWORDS.contains(&stem.as_str()) {
            continue;
        }
        out.push((stem, t.to_owned()));
    }
    out
}

/// Plurals made singular ("companies" → "company", "homes" → "home"); nothing else.
fn stem(word: &str) -> String {
    if word.len() > 4
        && let Some(base) = word.strip_suffix("ies")
    {
        return format!("{base}y");
    }
    if word.len() > 3
        && word.ends_with('s')
        && !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is"))
    {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// Interned words and their document frequencies.
#[derive(Default)]
struct Corpus {
    ids: HashMap<String, u32>,
    forms: Vec<String>,
    df: Vec<u32>,
    docs: u32,
}

impl Corpus {
    /// Word counts of one document (a motion or a subject's name); counts it for the
    /// document frequencies when `counted`.
    fn counts(&mut self, parts: &[(&str, f64)], counted: bool) -> Vector {
        let mut v = Vector::new();
        for (text, weight) in parts {
            for (stem, form) in content_words(text) {
                let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                let id = *self.ids.entry(stem).or_insert_with(|| {
                    self.forms.push(form);
                    self.df.push(0);
                    next
                });
                *v.entry(id).or_default() += weight;
            }
        }
        if counted {
            self.docs += 1;
            for id in v.keys() {
                self.df[*id as usize] += 1;
            }
        }
        v
    }

    /// tf–idf weights, scaled to length 1.
    fn weigh(&self, counts: &Vector) -> Vector {
        let n = f64::from(self.docs.max(1));
        let mut v: Vector = counts
            .iter()
            .map(|(&id, &tf)| {
                let df = f64::from(self.df[id as usize]);
                (id, tf * ((n + 1.0) / (df + 0.5)).ln().max(0.0))
            })
            .collect();
        let len = v.values().map(|x| x * x).sum::<f64>().sqrt();
        if len > 0.0 {
            v.values_mut().for_each(|x| *x /= len);
        }
        v
    }
}

fn dot(a: &Vector, b: &Vector) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(k, x)| large.get(k).map(|y| x * y))
        .sum()
}

fn norm(v: &Vector) -> f64 {
    v.values().map(|x| x * x).sum::<f64>().sqrt()
}

fn add(into: &mut Vector, v: &Vector, scale: f64) {
    for (k, x) in v {
        *into.entry(*k).or_default() += x * scale;
    }
}

fn cosine(a: &Vector, b: &Vector) -> f64 {
    let d = norm(a) * norm(b);
    if d == 0.0 { 0.0 } else { dot(a, b) / d }
}

/// Suggests a subject for every motion (assigned or not), in the order given.
pub fn suggest(motions: &[MotionText<'_>], subjects: &[SubjectName<'_>]) -> Vec<Suggestion> {
    let mut corpus = Corpus::default();
    let counts: Vec<Vector> = motions
        .iter()
        .map(|m| corpus.counts(&[(m.title, 2.0), (m.body, 1.0)], true))
        .collect();
    let name_counts: Vec<Vector> = subjects
        .iter()
        .map(|s| corpus.counts(&[(s.name, 1.0)], false))
        .collect();
    let vectors: Vec<Vector> = counts.iter().map(|c| corpus.weigh(c)).collect();

    // Near-duplicate groups: their members are described together.
    let groups = duplicate_groups(motions);
    let group_of: HashMap<MotionId, &Vec<MotionId>> = groups
        .iter()
        .flat_map(|g| g.iter().map(move |&m| (m, g)))
        .collect();
    let index: HashMap<MotionId, usize> = motions
        .iter()
        .enumerate()
        .map(|(i, m)| (m.motion_id, i))
        .collect();
    let members = |i: usize| -> Vec<usize> {
        group_of.get(&motions[i].motion_id).map_or_else(
            || vec![i],
            |g| g.iter().filter_map(|m| index.get(m).copied()).collect(),
        )
    };

    // Each subject: its name (as much as one motion) and the motions assigned to it.
    let mut described: Vec<Vector> = name_counts.iter().map(|c| corpus.weigh(c)).collect();
    for (i, m) in motions.iter().enumerate() {
        if let Some(k) = m
            .subject
            .and_then(|s| subjects.iter().position(|x| x.id == s))
        {
            add(&mut described[k], &vectors[i], 1.0);
        }
    }

    let mut out: Vec<Option<Suggested>> = vec![None; motions.len()];
    let mut unmatched: Vec<usize> = Vec::new();
    for (i, slot) in out.iter_mut().enumerate() {
        let group = members(i);
        let mut v = Vector::new();
        for &g in &group {
            add(&mut v, &vectors[g], 1.0);
        }
        let best = subjects
            .iter()
            .enumerate()
            .map(|(k, s)| {
                // Never compare a motion with itself: take the group out of its subject.
                let mut own = Vector::new();
                for &g in &group {
                    if motions[g].subject == Some(s.id) {
                        add(&mut own, &vectors[g], 1.0);
                    }
                }
                let d = &described[k];
                let len2 = dot(d, d) - 2.0 * dot(d, &own) + dot(&own, &own);
                let den = norm(&v) * len2.max(0.0).sqrt();
                let score = if den > 1e-12 {
                    (dot(&v, d) - dot(&v, &own)) / den
                } else {
                    0.0
                };
                (k, score, own)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((k, score, own)) if score >= MIN_SCORE => {
                let mut d = described[k].clone();
                add(&mut d, &own, -1.0);
                *slot = Some(Suggested::Existing {
                    subject_id: subjects[k].id,
                    score,
                    shared: shared_words(&corpus, &v, &d, 4),
                });
            }
            _ => unmatched.push(i),
        }
    }
    for (name, cluster) in new_subjects(motions, &vectors, &unmatched) {
        let ids: Vec<MotionId> = {
            let mut ids: Vec<MotionId> = cluster.iter().map(|&i| motions[i].motion_id).collect();
            ids.sort_unstable();
            ids
        };
        for &i in &cluster {
            out[i] = Some(Suggested::New {
                name: name.clone(),
                motions: ids.clone(),
            });
        }
    }
    motions
        .iter()
        .zip(out)
        .map(|(m, s)| Suggestion {
            motion_id: m.motion_id,
            suggested: s.unwrap_or(Suggested::New {
                name: m.title.to_owned(),
                motions: vec![m.motion_id],
            }),
            duplicates: group_of
                .get(&m.motion_id)
                .map(|g| g.iter().copied().filter(|&x| x != m.motion_id).collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// Near-duplicate groups of motions, by the rule changes' grouping on content words.
fn duplicate_groups(motions: &[MotionText<'_>]) -> Vec<Vec<MotionId>> {
    let candidates: Vec<Candidate> = motions
        .iter()
        .map(|m| {
            let words: Vec<String> = content_words(&format!("{}\n{}", m.title, m.body))
                .into_iter()
                .map(|(stem, _)| stem)
                .collect();
            Candidate {
                rule_change_id: m.motion_id,
                org_id: m.org_id,
                edits: vec![ClauseEdit::text("motion", "", &words.join(" "))],
            }
        })
        .collect();
    near_duplicates(&candidates, MOTION_DUPLICATE_SIMILARITY)
        .into_iter()
        .map(|g| g.rule_change_ids)
        .collect()
}

/// The `n` words that weigh most in both vectors, in the form the motions write them.
fn shared_words(corpus: &Corpus, a: &Vector, b: &Vector, n: usize) -> Vec<String> {
    let mut both: Vec<(u32, f64)> = a
        .iter()
        .filter_map(|(k, x)| b.get(k).map(|y| (*k, x * y)))
        .filter(|(_, w)| *w > 0.0)
        .collect();
    both.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    both.into_iter()
        .take(n)
        .map(|(k, _)| corpus.forms[k as usize].clone())
        .collect()
}

/// Groups of unmatched motions that are alike, each named after the title of its motion most
/// like the others. Groups are merged while the two most alike have an average likeness of at
/// least [`MIN_GROUP_SCORE`] (average linkage: one close pair does not chain two subjects).
fn new_subjects(
    motions: &[MotionText<'_>],
    vectors: &[Vector],
    unmatched: &[usize],
) -> Vec<(String, Vec<usize>)> {
    let sim: Vec<Vec<f64>> = unmatched
        .iter()
        .map(|&a| {
            unmatched
                .iter()
                .map(|&b| cosine(&vectors[a], &vectors[b]))
                .collect()
        })
        .collect();
    let mut groups: Vec<Vec<usize>> = (0..unmatched.len()).map(|x| vec![x]).collect();
    let average = |a: &[usize], b: &[usize]| {
        let total: f64 = a
            .iter()
            .flat_map(|&x| b.iter().map(move |&y| (x, y)))
            .map(|(x, y)| sim[x][y])
            .sum();
        total / (a.len() * b.len()) as f64
    };
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for x in 0..groups.len() {
            for y in x + 1..groups.len() {
                let s = average(&groups[x], &groups[y]);
                if s >= MIN_GROUP_SCORE && best.is_none_or(|(b, _, _)| s > b) {
                    best = Some((s, x, y));
                }
            }
        }
        let Some((_, x, y)) = best else { break };
        let merged = groups.remove(y);
        groups[x].extend(merged);
    }
    groups
        .into_iter()
        .map(|g| {
            let central = g
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    let sum = |x: usize| g.iter().map(|&y| sim[x][y]).sum::<f64>();
                    sum(a).total_cmp(&sum(b)).then(b.cmp(&a))
                })
                .unwrap_or(g[0]);
            let members = g.iter().map(|&x| unmatched[x]).collect();
            (motions[unmatched[central]].title.to_owned(), members)
        })
        .collect()
}

#[cfg(test)]
#[path = "subjects_tests.rs"]
mod tests;
