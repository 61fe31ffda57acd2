//! Near-duplicate rule changes: the same (or almost the same) instructions submitted by
//! different organisations, as when many CLPs adopt a campaign's model rule change.
//!
//! Two rule changes are near-duplicates when they amend the same set of clauses and, clause by
//! clause, their changes are alike. A clause's change is the multiset of tokens (words and
//! punctuation) deleted from and inserted into the base text, after [`normalise`] (case,
//! whitespace, curly quotes and dashes), so that the same change is recognised even when made to
//! a slightly different base text (another edition) or typed with other quote marks. Changes
//! are compared by the Dice coefficient of these multisets (2·shared / (|a| + |b|)); the
//! similarity of two rule changes is the lowest over their clauses, and they are near-duplicates
//! at [`DEFAULT_MIN_SIMILARITY`] (0.9) or above. Only a deleted word is compared with a deleted
//! word, and an inserted with an inserted one, so "15 per cent" → "5 per cent" and → "10 per
//! cent" are not alike (similarity 0.5).
//!
//! Near-duplicates are grouped transitively (if A is like B and B like C, all three are one
//! group). Rule changes of one organisation are never linked with each other directly (two
//! submissions of one CLP are a matter for [`super::checks::submission_limit`]), though they may
//! meet in a group through another organisation's.
//!
//! Work is bounded for hundreds of rule changes: candidates are bucketed by clause set,
//! identical normalised changes are merged before any comparison, and pairs whose sizes alone
//! rule out the threshold are skipped.
//!
//! ```
//! use app::domain::conference::ClauseEdit;
//! use app::domain::conference::duplicates::{near_duplicates, Candidate, DEFAULT_MIN_SIMILARITY};
//! let base = "The NEC may suspend a member.";
//! let c = |id, org, edited: &str| Candidate {
//!     rule_change_id: id,
//!     org_id: org,
//!     edits: vec![ClauseEdit::text("2.I.8", base, edited)],
//! };
//! let groups = near_duplicates(&[
//!     c(1, 10, "The NEC may suspend a member after a hearing."),
//!     c(2, 11, "The NEC may suspend a member  after a  Hearing."),
//!     c(3, 12, "The NEC may not suspend a member."),
//! ], DEFAULT_MIN_SIMILARITY);
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].rule_change_ids, vec![1, 2]);
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{ClauseEdit, EditKind, OrgId, RuleChangeId};
use crate::domain::diff::{changes, tokenize};

/// The similarity at or above which two rule changes are near-duplicates.
pub const DEFAULT_MIN_SIMILARITY: f64 = 0.9;

/// A rule change to compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The rule change.
    pub rule_change_id: RuleChangeId,
    /// Its proposing organisation.
    pub org_id: OrgId,
    /// Its edits, one per clause.
    pub edits: Vec<ClauseEdit>,
}

/// Rule changes that are (near-)duplicates of each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// The rule changes, ascending.
    pub rule_change_ids: Vec<RuleChangeId>,
    /// Their organisations, ascending, each once.
    pub org_ids: Vec<OrgId>,
}

/// Text as compared: lower case, curly quotes and dashes made plain, whitespace runs collapsed
/// to one space, trimmed.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '‘' | '’' | '‚' | '‛' | '`' | '′' => out.push('\''),
            '“' | '”' | '„' | '‟' | '«' | '»' | '″' => out.push('"'),
            '‐' | '‑' | '‒' | '–' | '—' | '−' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The similarity of two rule changes in 0..=1, `None` when they amend different clauses.
pub fn similarity(a: &Candidate, b: &Candidate) -> Option<f64> {
    let mut vocab = Vocabulary::default();
    let pa = vocab.profile(a);
    let pb = vocab.profile(b);
    (pa.clauses == pb.clauses).then(|| pa.similarity(&pb))
}

/// Groups of two or more near-duplicate rule changes, ordered by their lowest id.
/// `min_similarity` is clamped to 0..=1.
pub fn near_duplicates(candidates: &[Candidate], min_similarity: f64) -> Vec<DuplicateGroup> {
    let t = if min_similarity.is_nan() {
        DEFAULT_MIN_SIMILARITY
    } else {
        min_similarity.clamp(0.0, 1.0)
    };
    let mut vocab = Vocabulary::default();
    let profiles: Vec<Profile> = candidates.iter().map(|c| vocab.profile(c)).collect();
    let mut sets = UnionFind::new(candidates.len());

    // Candidates with exactly the same normalised changes form one class, compared once.
    let mut classes: HashMap<&Profile, Vec<usize>> = HashMap::new();
    for (i, p) in profiles.iter().enumerate() {
        classes.entry(p).or_default().push(i);
    }
    let mut buckets: HashMap<&[String], Vec<Class<'_>>> = HashMap::new();
    for (profile, members) in classes {
        let orgs: BTreeSet<OrgId> = members.iter().map(|&i| candidates[i].org_id).collect();
        if orgs.len() > 1 {
            for &m in &members[1..] {
                sets.union(members[0], m);
            }
        }
        buckets
            .entry(profile.clauses.as_slice())
            .or_default()
            .push(Class {
                profile,
                members,
                orgs,
            });
    }

    for mut bucket in buckets.into_values() {
        // Smallest first, ties in input order, so that the size bound can end the inner loop.
        bucket.sort_by_key(|c| (c.profile.size, c.members[0]));
        for (i, x) in bucket.iter().enumerate() {
            let max_size = if t > 0.0 {
                x.profile.size as f64 * (2.0 - t) / t + 1e-9
            } else {
                f64::INFINITY
            };
            for y in &bucket[i + 1..] {
                if y.profile.size as f64 > max_size {
                    break;
                }
                let one_org = x.orgs.len() == 1 && x.orgs == y.orgs;
                if one_org || x.profile.similarity(y.profile) < t {
                    continue;
                }
                for &m in x.members.iter().chain(&y.members) {
                    sets.union(x.members[0], m);
                }
            }
        }
    }

    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..candidates.len() {
        let root = sets.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut out: Vec<DuplicateGroup> = groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|g| {
            let mut rule_change_ids: Vec<RuleChangeId> =
                g.iter().map(|&i| candidates[i].rule_change_id).collect();
            rule_change_ids.sort_unstable();
            rule_change_ids.dedup();
            let org_ids: BTreeSet<OrgId> = g.iter().map(|&i| candidates[i].org_id).collect();
            DuplicateGroup {
                rule_change_ids,
                org_ids: org_ids.into_iter().collect(),
            }
        })
        .filter(|g| g.rule_change_ids.len() > 1)
        .collect();
    out.sort_by(|a, b| a.rule_change_ids.cmp(&b.rule_change_ids));
    out
}

/// Candidates with identical profiles.
struct Class<'a> {
    profile: &'a Profile,
    members: Vec<usize>,
    orgs: BTreeSet<OrgId>,
}

/// One candidate's changes, ready for comparison.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Profile {
    /// The clauses amended, sorted, each once.
    clauses: Vec<String>,
    /// Per clause (same order): (token id, count), sorted by token id.
    changes: Vec<Vec<(u32, u32)>>,
    /// Tokens in all clauses' changes.
    size: usize,
}

impl Profile {
    /// The lowest per-clause Dice coefficient; profiles of one clause set only.
    fn similarity(&self, other: &Profile) -> f64 {
        self.changes
            .iter()
            .zip(&other.changes)
            .map(|(a, b)| dice(a, b))
            .fold(1.0, f64::min)
    }
}

/// 2·|a ∩ b| / (|a| + |b|) of two sorted multisets; 1 for two empty ones.
fn dice(a: &[(u32, u32)], b: &[(u32, u32)]) -> f64 {
    let total: u64 = a.iter().chain(b).map(|&(_, n)| u64::from(n)).sum();
    if total == 0 {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0u64);
    while let (Some(&(ta, na)), Some(&(tb, nb))) = (a.get(i), b.get(j)) {
        match ta.cmp(&tb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += u64::from(na.min(nb));
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / total as f64
}

/// Interns signed tokens ("-six", "+ten") so that profiles hold integers.
#[derive(Debug, Default)]
struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    fn id(&mut self, token: String) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(token).or_insert(next)
    }

    fn profile(&mut self, c: &Candidate) -> Profile {
        let mut by_clause: BTreeMap<&str, BTreeMap<u32, u32>> = BTreeMap::new();
        for e in &c.edits {
            let tokens = changed_tokens(e);
            let counts = by_clause.entry(e.node_key.as_str()).or_default();
            for t in tokens {
                *counts.entry(self.id(t)).or_default() += 1;
            }
        }
        let size = by_clause
            .values()
            .flat_map(|m| m.values())
            .map(|&n| n as usize)
            .sum();
        Profile {
            clauses: by_clause.keys().map(|k| (*k).to_owned()).collect(),
            changes: by_clause
                .into_values()
                .map(|m| m.into_iter().collect())
                .collect(),
            size,
        }
    }
}

/// The signed, normalised tokens an edit deletes and inserts.
fn changed_tokens(e: &ClauseEdit) -> Vec<String> {
    let edited = normalise(&e.edited_text);
    let mut out = Vec::new();
    let mut push = |sign: char, text: &str| {
        for r in tokenize(text) {
            let t = &text[r];
            if !t.trim().is_empty() {
                out.push(format!("{sign}{t}"));
            }
        }
    };
    match e.kind {
        EditKind::DeleteNode => return vec!["!delete".to_owned()],
        EditKind::ReplaceNode => {
            push('+', &edited);
            out.push("!replace".to_owned());
        }
        EditKind::Text => {
            let base = normalise(&e.base_text);
            for c in changes(&base, &edited, 0) {
                push('-', &base[c.old]);
                push('+', &edited[c.new]);
            }
        }
    }
    out
}

/// Disjoint sets over candidate indices.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The lower index becomes the root, so the result does not depend on call order.
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "The NEC may suspend a member pending an investigation.";
    const MODEL: &str = "The NEC may suspend a member pending an investigation. A suspended \
        member shall be told the allegations in writing within two weeks and may reply.";

    fn cand(id: RuleChangeId, org: OrgId, edits: &[(&str, &str, &str)]) -> Candidate {
        Candidate {
            rule_change_id: id,
            org_id: org,
            edits: edits
                .iter()
                .map(|(k, b, e)| ClauseEdit::text(k, b, e))
                .collect(),
        }
    }

    fn one(id: RuleChangeId, org: OrgId, edited: &str) -> Candidate {
        cand(id, org, &[("2.I.8", BASE, edited)])
    }

    fn ids(groups: &[DuplicateGroup]) -> Vec<Vec<RuleChangeId>> {
        groups.iter().map(|g| g.rule_change_ids.clone()).collect()
    }

    #[test]
    fn a_model_adopted_by_several_clps() {
        let cs = [
            one(5, 10, MODEL),
            one(2, 11, MODEL),
            one(9, 12, MODEL),
            one(
                4,
                13,
                "The NEC shall not suspend a member pending an investigation.",
            ),
        ];
        let g = near_duplicates(&cs, DEFAULT_MIN_SIMILARITY);
        assert_eq!(ids(&g), vec![vec![2, 5, 9]]);
        assert_eq!(g[0].org_ids, vec![10, 11, 12]);
    }

    #[test]
    fn case_spacing_and_quotes_do_not_matter() {
        let curly = MODEL.replace("allegations", "‘allegations’");
        let straight = MODEL.replace("allegations", "'allegations'");
        let shouty = straight.replace("A suspended", "A  SUSPENDED");
        let cs = [one(1, 10, &curly), one(2, 11, &shouty)];
        assert_eq!(similarity(&cs[0], &cs[1]), Some(1.0));
        assert_eq!(ids(&near_duplicates(&cs, 0.999)), vec![vec![1, 2]]);
    }

    #[test]
    fn a_typo_is_near_but_another_number_is_not() {
        let typo = MODEL.replace("allegations", "alegations");
        let other = MODEL.replace("two weeks", "four weeks");
        let cs = [one(1, 10, MODEL), one(2, 11, &typo)];
        let s = similarity(&cs[0], &cs[1]).unwrap_or_default();
        assert!(s > 0.9 && s < 1.0, "{s}");
        assert_eq!(
            ids(&near_duplicates(&cs, DEFAULT_MIN_SIMILARITY)),
            vec![vec![1, 2]]
        );

        let five = one(
            3,
            12,
            "The NEC may suspend a member pending an investigation of 5 days.",
        );
        let ten = one(
            4,
            13,
            "The NEC may suspend a member pending an investigation of 10 days.",
        );
        assert!(similarity(&five, &ten).unwrap_or(1.0) < 0.9);
        assert_eq!(
            near_duplicates(&[five, ten], DEFAULT_MIN_SIMILARITY),
            vec![]
        );
        // Changing one of 17 inserted tokens keeps them near-duplicates.
        let cs = [one(1, 10, MODEL), one(5, 14, &other)];
        assert_eq!(
            ids(&near_duplicates(&cs, DEFAULT_MIN_SIMILARITY)),
            vec![vec![1, 5]]
        );
    }

    #[test]
    fn the_same_change_against_another_edition_is_recognised() {
        let old_base = "The NEC may suspend a member pending investigation.";
        let old_model = "The NEC may suspend a member pending investigation. A suspended member \
            shall be told the allegations in writing within two weeks and may reply.";
        let a = one(1, 10, MODEL);
        let b = cand(2, 11, &[("2.I.8", old_base, old_model)]);
        assert_eq!(similarity(&a, &b), Some(1.0));
    }

    #[test]
    fn different_clause_sets_are_not_duplicates() {
        let a = one(1, 10, MODEL);
        let b = cand(2, 11, &[("2.I.8", BASE, MODEL), ("6.I.1", "Old.", "New.")]);
        assert_eq!(similarity(&a, &b), None);
        assert_eq!(near_duplicates(&[a, b], DEFAULT_MIN_SIMILARITY), vec![]);
    }

    #[test]
    fn every_clause_must_be_alike() {
        let a = cand(
            1,
            10,
            &[("2.I.8", BASE, MODEL), ("6.I.1", "Old text.", "New text.")],
        );
        let b = cand(
            2,
            11,
            &[
                ("2.I.8", BASE, MODEL),
                ("6.I.1", "Old text.", "Other text."),
            ],
        );
        let c = cand(
            3,
            12,
            &[("6.I.1", "Old text.", "New text."), ("2.I.8", BASE, MODEL)],
        );
        assert_eq!(similarity(&a, &b), Some(0.5));
        assert_eq!(
            ids(&near_duplicates(&[a, b, c], DEFAULT_MIN_SIMILARITY)),
            vec![vec![1, 3]]
        );
    }

    #[test]
    fn one_organisation_twice_is_not_a_group_but_joins_through_another() {
        let cs = [one(1, 10, MODEL), one(2, 10, MODEL)];
        assert_eq!(near_duplicates(&cs, DEFAULT_MIN_SIMILARITY), vec![]);
        let typo = MODEL.replace("writing", "writting");
        let cs = [one(1, 10, MODEL), one(2, 10, MODEL), one(3, 11, &typo)];
        let g = near_duplicates(&cs, DEFAULT_MIN_SIMILARITY);
        assert_eq!(ids(&g), vec![vec![1, 2, 3]]);
        assert_eq!(g[0].org_ids, vec![10, 11]);
    }

    #[test]
    fn grouping_is_transitive() {
        let insert = "one two three four five six seven eight nine ten eleven twelve";
        let text = |words: &str| format!("{BASE} {words}");
        let a = text(insert);
        let b = text(&insert.replace("four", "FOUR4"));
        let c = text(&insert.replace("four", "FOUR4").replace("nine", "NINE9"));
        let cs = [one(1, 10, &a), one(2, 11, &b), one(3, 12, &c)];
        assert!(similarity(&cs[0], &cs[2]).unwrap_or(1.0) < 0.9);
        assert_eq!(
            ids(&near_duplicates(&cs, DEFAULT_MIN_SIMILARITY)),
            vec![vec![1, 2, 3]]
        );
    }

    #[test]
    fn whole_node_deletions_match_each_other_only() {
        let del = |id, org| Candidate {
            rule_change_id: id,
            org_id: org,
            edits: vec![ClauseEdit {
                kind: EditKind::DeleteNode,
                ..ClauseEdit::text("2.I.8", BASE, "")
            }],
        };
        let emptied = one(3, 12, "");
        assert_eq!(
            ids(&near_duplicates(&[del(1, 10), del(2, 11), emptied], 0.9)),
            vec![vec![1, 2]]
        );
    }

    #[test]
    fn normalising() {
        assert_eq!(
            normalise("  A “Quoted”\u{a0}\n word – here "),
            "a \"quoted\" word - here"
        );
    }

    #[test]
    fn five_hundred_rule_changes_quickly_and_in_a_stable_order() {
        let mut cs = Vec::new();
        for i in 0..500 {
            let edited = match i % 5 {
                // Two models, each adopted by many CLPs, some with a typo.
                0 | 1 => MODEL.to_owned(),
                2 => MODEL.replace("two weeks", "14 days"),
                3 if i % 2 == 0 => MODEL.replace("allegations", "alegations"),
                // The rest are all different.
                _ => format!("{BASE} Members number {i} shall be heard."),
            };
            cs.push(one(i, 1_000 + i, &edited));
        }
        let start = std::time::Instant::now();
        let g = near_duplicates(&cs, DEFAULT_MIN_SIMILARITY);
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
        let sizes: Vec<usize> = g.iter().map(|g| g.rule_change_ids.len()).collect();
        // Model plus typo (i % 5 in 0, 1, or 3 with i even): 200 + 50; "14 days" changes 2 of
        // 17 tokens on each side, so it is a group of its own.
        assert_eq!(sizes, vec![250, 100]);
        cs.reverse();
        let again = near_duplicates(&cs, DEFAULT_MIN_SIMILARITY);
        assert_eq!(g, again);
    }
}
