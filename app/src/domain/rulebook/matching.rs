//! Matching edition N+1 against edition N: which new node continues which old one, so that a
//! clause keeps its identity when clauses before it are inserted or deleted and it is
//! renumbered.
//!
//! # Algorithm
//! Nodes only ever match nodes of the same kind. "Content" is a node's heading and text; a node
//! whose content is empty (a bare `#### 4.` whose words are all in its sub-sections) is matched
//! by its children or its position, never by content. Passes, each only over nodes still
//! unmatched on both sides:
//!
//! 1. **Unique anchors**: identical content that occurs exactly once in each edition.
//! 2. **Exact content under the matched parent** (top-down, document order): for repeated
//!    content ("Deleted.", boilerplate), the candidate among the children of the new node's
//!    parent's match, preferring the same label.
//! 3. **Children vote** (bottom-up): a node whose matched children mostly (at least half)
//!    come from one old node of its kind continues that node. This carries empty containers and
//!    clauses whose heading changed.
//!
//! 3b. **Same place, for empty nodes**: a node without content whose children did not decide
//!    matches the node with the same label under its parent's match (for chapters and
//!    appendices: the same number), so that the children of bare containers can be matched
//!    under them by pass 2.
//!
//!    Passes 2, 3 and 3b repeat until nothing changes.
//! 4. **Similar text** (word-multiset Dice, see `similarity`): candidates are the children of the
//!    parent's match numbered within [`LOCAL_WINDOW`] of the node's own number, and, through an
//!    inverted index of the less common words, the [`GLOBAL_CANDIDATES`] nodes anywhere that
//!    share most of them. A candidate under the parent's match needs similarity
//!    [`LOCAL_THRESHOLD`], any other [`GLOBAL_THRESHOLD`]. Pairs are scored (similarity, +0.1
//!    under the parent's match, +0.05 same label) and assigned greedily, best first.
//! 5. **Same place**: pass 3b for every node, whatever its text: a rule rewritten in place
//!    stays the same rule.
//!
//!    Passes 2, 3 and 5 then repeat until nothing changes.
//!
//! A matched pair is `Unchanged` (same key and content), `Changed` (same key, other content) or
//! `Renumbered` (other key, which includes a node whose ancestor was renumbered); unmatched new
//! nodes are `Added` and unmatched old nodes `removed`.
//!
//! Cost: passes 1, 3 and 4 are linear in the number of nodes (pass 1 hashes each node's content
//! once, into one map for both editions; pass 4 compares each unmatched node with at most 2 ×
//! [`LOCAL_WINDOW`] + 1 + [`GLOBAL_CANDIDATES`] candidates); passes 2 and 5 scan the siblings of
//! the parent's match, so are quadratic only in the size of one sibling group. Nodes borrow
//! their text from the inputs (nothing is copied per node), and pass 4 builds word profiles
//! only for the nodes still unmatched when it runs, usually a few percent of them. Measured
//! (release build): the two demo editions (about 470 nodes and 15,000 words each) match in
//! about 0.4 ms; a 2,080-node edition with a clause inserted into Chapter 1 in about 1.5 ms;
//! 2,000 sibling sections all edited (the worst case for pass 4) in well under a second.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::numbering::NodeKind;

use super::similarity::{Profile, Vocabulary, similarity};
use super::tree::RuleBook;

/// Similarity needed to match a node to a sibling-level candidate (child of its parent's match).
pub const LOCAL_THRESHOLD: f64 = 0.5;
/// Similarity needed to match a node to a candidate anywhere in the edition.
pub const GLOBAL_THRESHOLD: f64 = 0.7;
/// How far (in label numbers) a sibling candidate may be from the node's own number.
pub const LOCAL_WINDOW: u32 = 16;
/// How many candidates sharing the most uncommon words are compared in full, per node.
pub const GLOBAL_CANDIDATES: usize = 12;
/// Bound on the repeated passes; the tree is at most six levels deep, so this is never reached
/// in practice.
const MAX_ROUNDS: usize = 16;

/// A node of the previous edition, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorNode {
    /// Stable identity of the clause (database id).
    pub id: i64,
    /// Its key in the previous edition (`2.I.4.B`); keys encode the tree.
    pub key: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Its heading in the previous edition.
    pub heading: Option<String>,
    /// Its text in the previous edition.
    pub text: String,
}

impl PriorNode {
    /// The nodes of a parsed edition as prior nodes, with ids `0, 1, 2 …` (node indices);
    /// handy for comparing two files without a database.
    pub fn from_book(book: &RuleBook) -> Vec<PriorNode> {
        book.keys()
            .into_iter()
            .zip(&book.nodes)
            .enumerate()
            .map(|(i, (key, node))| PriorNode {
                id: i64::try_from(i).unwrap_or(i64::MAX),
                key,
                kind: node.kind,
                heading: node.heading.clone(),
                text: node.text.clone(),
            })
            .collect()
    }
}

/// What became of one node of the new edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum NodeMatch {
    /// Same key, same heading and text.
    Unchanged {
        /// The prior node's id.
        prior: i64,
    },
    /// Same key, heading or text changed.
    Changed {
        /// The prior node's id.
        prior: i64,
    },
    /// A different key (the node or an ancestor was renumbered or moved).
    Renumbered {
        /// The prior node's id.
        prior: i64,
        /// Its key in the previous edition.
        from_key: String,
        /// Whether its heading or text changed as well.
        text_changed: bool,
    },
    /// New in this edition.
    Added,
}

impl NodeMatch {
    /// The prior node's id, unless the node is new.
    pub fn prior(&self) -> Option<i64> {
        match self {
            NodeMatch::Unchanged { prior }
            | NodeMatch::Changed { prior }
            | NodeMatch::Renumbered { prior, .. } => Some(*prior),
            NodeMatch::Added => None,
        }
    }
}

/// The result of matching a new edition against the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionMatch {
    /// One entry per node of the new edition, in the same order.
    pub matches: Vec<NodeMatch>,
    /// Ids of prior nodes with no successor, in their original order.
    pub removed: Vec<i64>,
}

/// Counts of an [`EditionMatch`], for reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchSummary {
    /// Same key, same content.
    pub unchanged: usize,
    /// Same key, new content.
    pub changed: usize,
    /// New key (content may have changed too).
    pub renumbered: usize,
    /// New nodes.
    pub added: usize,
    /// Prior nodes gone.
    pub removed: usize,
}

impl fmt::Display for MatchSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} unchanged, {} changed, {} renumbered, {} added, {} removed",
            self.unchanged, self.changed, self.renumbered, self.added, self.removed
        )
    }
}

impl EditionMatch {
    /// Counts by outcome.
    pub fn summary(&self) -> MatchSummary {
        let mut summary = MatchSummary {
            removed: self.removed.len(),
            ..MatchSummary::default()
        };
        for m in &self.matches {
            match m {
                NodeMatch::Unchanged { .. } => summary.unchanged += 1,
                NodeMatch::Changed { .. } => summary.changed += 1,
                NodeMatch::Renumbered { .. } => summary.renumbered += 1,
                NodeMatch::Added => summary.added += 1,
            }
        }
        summary
    }
}

/// One side's node, reduced to what matching needs (borrowed: nothing is copied per node).
struct Item<'a> {
    kind: NodeKind,
    key: &'a str,
    label: &'a str,
    heading: Option<&'a str>,
    text: &'a str,
    parent: Option<usize>,
}

impl Item<'_> {
    fn has_content(&self) -> bool {
        !self.text.is_empty() || self.heading.is_some_and(|h| !h.is_empty())
    }

    fn same_content(&self, other: &Item<'_>) -> bool {
        self.kind == other.kind && self.heading == other.heading && self.text == other.text
    }

    fn content(&self) -> ContentKey<'_> {
        (self.kind, self.heading, self.text)
    }

    fn profile(&self, vocabulary: &mut Vocabulary) -> Profile {
        vocabulary.profile(self.heading, self.text)
    }
}

type ContentKey<'a> = (NodeKind, Option<&'a str>, &'a str);

/// Where one content occurs on one side (pass 1).
#[derive(Debug, Clone, Copy, Default)]
enum Occurrence {
    #[default]
    Nowhere,
    Once(usize),
    Repeated,
}

impl Occurrence {
    /// This plus an occurrence at node `i`.
    fn and(self, i: usize) -> Self {
        match self {
            Occurrence::Nowhere => Occurrence::Once(i),
            Occurrence::Once(_) | Occurrence::Repeated => Occurrence::Repeated,
        }
    }
}

/// One edition's side of the match: its items and their children.
struct Side<'a> {
    items: Vec<Item<'a>>,
    /// Children of each node; index `len` holds the roots.
    children: Vec<Vec<usize>>,
}

impl<'a> Side<'a> {
    fn new(items: Vec<Item<'a>>) -> Self {
        let mut children = vec![Vec::new(); items.len() + 1];
        let roots = items.len();
        for (i, item) in items.iter().enumerate() {
            let slot = item.parent.filter(|&p| p < roots).unwrap_or(roots);
            if let Some(list) = children.get_mut(slot) {
                list.push(i);
            }
        }
        Side { items, children }
    }

    /// Nodes with content that nothing has matched yet, in order.
    fn unmatched_with_content(&self, matched: &[Option<usize>]) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| matched.get(i) == Some(&None) && self.items[i].has_content())
            .collect()
    }

    /// Word profiles of `nodes` only, by node index (`None` for the others).
    fn profiles(&self, nodes: &[usize], vocabulary: &mut Vocabulary) -> Vec<Option<Profile>> {
        let mut profiles = vec![None; self.items.len()];
        for &i in nodes {
            profiles[i] = Some(self.items[i].profile(vocabulary));
        }
        profiles
    }

    /// Children of `parent` (`None`: the roots).
    fn children_of(&self, parent: Option<usize>) -> &[usize] {
        let slot = parent.unwrap_or(self.items.len());
        self.children.get(slot).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Pass 4's inverted index of the words of the unmatched prior nodes. Word ids are dense
/// (`0..distinct_words`), so lists and counts are vectors indexed by id and node, not hash maps.
struct WordIndex {
    /// For each word id, the prior nodes that use it, in order.
    postings: Vec<Vec<usize>>,
    /// Words used by more nodes than this are left out: they would make every node a candidate.
    common: usize,
    /// Scratch for [`WordIndex::most_shared`]: shared words per prior node, all zero between
    /// calls.
    shared: Vec<usize>,
}

impl WordIndex {
    /// The index of `profiles` (by prior node; `None` for nodes not to index).
    fn new(profiles: &[Option<Profile>], distinct_words: usize) -> Self {
        let mut postings = vec![Vec::new(); distinct_words];
        let mut indexed = 0;
        for (old, profile) in profiles.iter().enumerate() {
            let Some(profile) = profile else {
                continue;
            };
            indexed += 1;
            for word in profile.word_ids() {
                if let Some(list) = postings.get_mut(word as usize) {
                    list.push(old);
                }
            }
        }
        WordIndex {
            postings,
            common: (indexed / 10).max(20),
            shared: vec![0; profiles.len()],
        }
    }

    /// The [`GLOBAL_CANDIDATES`] `eligible` nodes sharing the most uncommon words with
    /// `profile` (ties: earlier node first).
    fn most_shared(&mut self, profile: &Profile, eligible: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut touched: Vec<usize> = Vec::new();
        for word in profile.word_ids() {
            let Some(list) = self.postings.get(word as usize) else {
                continue;
            };
            if list.len() > self.common {
                continue;
            }
            for &old in list {
                if self.shared[old] == 0 {
                    touched.push(old);
                }
                self.shared[old] += 1;
            }
        }
        let mut counted: Vec<(usize, usize)> = touched
            .into_iter()
            .map(|old| (old, std::mem::take(&mut self.shared[old])))
            .filter(|&(old, _)| eligible(old))
            .collect();
        counted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counted.truncate(GLOBAL_CANDIDATES);
        counted.into_iter().map(|(old, _)| old).collect()
    }
}

/// Matching state: who is paired with whom.
struct Matcher<'a> {
    prior: Side<'a>,
    next: Side<'a>,
    /// new index → prior index
    to_prior: Vec<Option<usize>>,
    /// prior index → new index
    to_next: Vec<Option<usize>>,
}

impl Matcher<'_> {
    fn pair(&mut self, new: usize, old: usize) -> bool {
        let free = self.to_prior.get(new) == Some(&None) && self.to_next.get(old) == Some(&None);
        let same_kind = match (self.next.items.get(new), self.prior.items.get(old)) {
            (Some(a), Some(b)) => a.kind == b.kind,
            _ => false,
        };
        if free && same_kind {
            self.to_prior[new] = Some(old);
            self.to_next[old] = Some(new);
        }
        free && same_kind
    }

    /// Where the new node's parent's match is: `Some(None)` for roots, `Some(Some(p))` for a
    /// matched parent, `None` when the parent is unmatched.
    fn parent_match(&self, new: usize) -> Option<Option<usize>> {
        match self.next.items.get(new)?.parent {
            None => Some(None),
            Some(p) => self.to_prior.get(p).copied().flatten().map(Some),
        }
    }

    fn free_prior_children(&self, parent: Option<usize>, kind: NodeKind) -> Vec<usize> {
        self.prior
            .children_of(parent)
            .iter()
            .copied()
            .filter(|&c| self.to_next.get(c) == Some(&None))
            .filter(|&c| {
                self.prior
                    .items
                    .get(c)
                    .is_some_and(|item| item.kind == kind)
            })
            .collect()
    }

    /// Pass 1. Each content is hashed once, into one map for both sides; the pairs are
    /// disjoint, so the map's order does not matter.
    fn unique_anchors(&mut self) {
        // Per content: where it occurs in (prior, next).
        let mut by_content: HashMap<ContentKey<'_>, (Occurrence, Occurrence)> =
            HashMap::with_capacity(self.prior.items.len() + self.next.items.len());
        for (i, item) in self.prior.items.iter().enumerate() {
            if item.has_content() {
                let (prior, _) = by_content.entry(item.content()).or_default();
                *prior = prior.and(i);
            }
        }
        for (i, item) in self.next.items.iter().enumerate() {
            if item.has_content() {
                let (_, next) = by_content.entry(item.content()).or_default();
                *next = next.and(i);
            }
        }
        let pairs: Vec<(usize, usize)> = by_content
            .into_values()
            .filter_map(|occurrences| match occurrences {
                (Occurrence::Once(old), Occurrence::Once(new)) => Some((new, old)),
                _ => None,
            })
            .collect();
        for (new, old) in pairs {
            self.pair(new, old);
        }
    }

    /// Pass 2.
    fn exact_under_parent(&mut self) -> bool {
        let mut changed = false;
        for new in 0..self.next.items.len() {
            if self.to_prior[new].is_some() || !self.next.items[new].has_content() {
                continue;
            }
            let Some(parent) = self.parent_match(new) else {
                continue;
            };
            let item = &self.next.items[new];
            let candidates: Vec<usize> = self
                .free_prior_children(parent, item.kind)
                .into_iter()
                .filter(|&c| self.prior.items[c].same_content(item))
                .collect();
            let chosen = candidates
                .iter()
                .copied()
                .find(|&c| self.prior.items[c].label == item.label)
                .or_else(|| candidates.first().copied());
            if let Some(old) = chosen {
                changed |= self.pair(new, old);
            }
        }
        changed
    }

    /// Pass 3.
    fn children_vote(&mut self) -> bool {
        let mut changed = false;
        for new in (0..self.next.items.len()).rev() {
            if self.to_prior[new].is_some() {
                continue;
            }
            let kind = self.next.items[new].kind;
            let mut votes: HashMap<usize, usize> = HashMap::new();
            let mut matched_children = 0;
            for &child in self.next.children_of(Some(new)) {
                let Some(old_child) = self.to_prior[child] else {
                    continue;
                };
                matched_children += 1;
                if let Some(old_parent) = self.prior.items[old_child].parent
                    && self.to_next.get(old_parent) == Some(&None)
                    && self
                        .prior
                        .items
                        .get(old_parent)
                        .is_some_and(|p| p.kind == kind)
                {
                    *votes.entry(old_parent).or_insert(0) += 1;
                }
            }
            // Most votes; ties go to the earlier old node, for determinism.
            let winner = votes
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((old, count)) = winner
                && count * 2 >= matched_children
            {
                changed |= self.pair(new, old);
            }
        }
        changed
    }

    /// Pass 4.
    fn similar_text(&mut self) {
        let prior_free = self.prior.unmatched_with_content(&self.to_next);
        if prior_free.is_empty() {
            return;
        }
        // Profiles only of the nodes still unmatched: pass 1 settles most nodes by content.
        let next_free = self.next.unmatched_with_content(&self.to_prior);
        let mut vocabulary = Vocabulary::default();
        let prior_profiles = self.prior.profiles(&prior_free, &mut vocabulary);
        let next_profiles = self.next.profiles(&next_free, &mut vocabulary);
        let mut index = WordIndex::new(&prior_profiles, vocabulary.distinct_words());
        let mut scored: Vec<(f64, usize, usize)> = Vec::new();
        for new in next_free {
            let Some(profile) = &next_profiles[new] else {
                continue;
            };
            let kind = self.next.items[new].kind;
            let mut candidates = self.nearby_siblings(new);
            candidates.extend(index.most_shared(profile, |old| self.prior.items[old].kind == kind));
            candidates.sort_unstable();
            candidates.dedup();
            for old in candidates {
                // Every free prior node with content has a profile.
                let Some(other) = &prior_profiles[old] else {
                    continue;
                };
                if let Some(score) = self.score(new, old, similarity(profile, other)) {
                    scored.push((score, new, old));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, new, old) in scored {
            self.pair(new, old);
        }
    }

    /// Pass 4's sibling candidates: free children of the parent's match numbered within
    /// [`LOCAL_WINDOW`] of the node's own number. Renumbering shifts labels by a few places; a
    /// longer move is found by the word index.
    fn nearby_siblings(&self, new: usize) -> Vec<usize> {
        let (Some(parent), Some(item)) = (self.parent_match(new), self.next.items.get(new)) else {
            return Vec::new();
        };
        let style = item.kind.label_style();
        let ordinal = style.ordinal(item.label).unwrap_or(0);
        self.free_prior_children(parent, item.kind)
            .into_iter()
            .filter(|&c| {
                let theirs = style.ordinal(self.prior.items[c].label).unwrap_or(0);
                theirs.abs_diff(ordinal) <= LOCAL_WINDOW
            })
            .collect()
    }

    /// Pass 4's score of pairing `new` with `old`, whose texts have similarity `sim`; `None`
    /// below the threshold.
    fn score(&self, new: usize, old: usize, sim: f64) -> Option<f64> {
        let (item, other) = (&self.next.items[new], &self.prior.items[old]);
        let is_local = self.parent_match(new) == Some(other.parent);
        let threshold = if is_local {
            LOCAL_THRESHOLD
        } else {
            GLOBAL_THRESHOLD
        };
        if sim < threshold {
            return None;
        }
        let mut score = sim;
        if is_local {
            score += 0.1;
        }
        if other.label == item.label {
            score += 0.05;
        }
        Some(score)
    }
    /// Pass 5; with `empty_only`, only for nodes without content (pass 3b).
    fn same_place(&mut self, empty_only: bool) -> bool {
        let mut changed = false;
        for new in 0..self.next.items.len() {
            if self.to_prior[new].is_some() || (empty_only && self.next.items[new].has_content()) {
                continue;
            }
            let Some(parent) = self.parent_match(new) else {
                continue;
            };
            let item = &self.next.items[new];
            let old = self
                .free_prior_children(parent, item.kind)
                .into_iter()
                .find(|&c| self.prior.items[c].label == item.label);
            if let Some(old) = old {
                changed |= self.pair(new, old);
            }
        }
        changed
    }
}

/// The last label of a key (`2.I.4.B` → `B`, `appendix-4` → `4`).
fn label_of_key(key: &str) -> &str {
    let last = key.rsplit('.').next().unwrap_or(key);
    last.strip_prefix("appendix-").unwrap_or(last)
}

/// The parent's key (`2.I.4.B` → `2.I.4`), `None` for a chapter or appendix.
fn parent_key(key: &str) -> Option<&str> {
    key.rsplit_once('.').map(|(parent, _)| parent)
}

/// Matches the nodes of `next` against those of the previous edition; see the module docs.
///
/// ```
/// use app::domain::rulebook::{match_editions, parse_rulebook, PriorNode, NodeMatch};
/// let old = parse_rulebook("---\ntitle: T\nyear: 2023\n---\n\n# Chapter 1.\n\n#### 1.\n\nFirst rule.\n\n#### 2.\n\nSecond rule.\n".as_bytes()).unwrap();
/// let new = parse_rulebook("---\ntitle: T\nyear: 2024\n---\n\n# Chapter 1.\n\n#### 1.\n\nA new rule.\n\n#### 2.\n\nFirst rule.\n\n#### 3.\n\nSecond rule.\n".as_bytes()).unwrap();
/// let result = match_editions(&PriorNode::from_book(&old), &new);
/// assert_eq!(result.matches[1], NodeMatch::Added);
/// assert_eq!(result.matches[2], NodeMatch::Renumbered { prior: 1, from_key: "1.1".into(), text_changed: false });
/// assert_eq!(result.summary().to_string(), "1 unchanged, 0 changed, 2 renumbered, 1 added, 0 removed");
/// ```
pub fn match_editions(prior: &[PriorNode], next: &RuleBook) -> EditionMatch {
    let mut index_of_key: HashMap<&str, usize> = HashMap::with_capacity(prior.len());
    for (i, node) in prior.iter().enumerate() {
        index_of_key.entry(node.key.as_str()).or_insert(i);
    }
    let prior_items: Vec<Item<'_>> = prior
        .iter()
        .map(|node| Item {
            kind: node.kind,
            key: &node.key,
            label: label_of_key(&node.key),
            heading: node.heading.as_deref(),
            text: &node.text,
            parent: parent_key(&node.key).and_then(|k| index_of_key.get(k).copied()),
        })
        .collect();
    let next_keys = next.keys();
    let next_items: Vec<Item<'_>> = next_keys
        .iter()
        .zip(&next.nodes)
        .map(|(key, node)| Item {
            kind: node.kind,
            key,
            label: &node.label,
            heading: node.heading.as_deref(),
            text: &node.text,
            parent: node.parent,
        })
        .collect();
    let mut matcher = Matcher {
        to_prior: vec![None; next_items.len()],
        to_next: vec![None; prior_items.len()],
        prior: Side::new(prior_items),
        next: Side::new(next_items),
    };
    matcher.unique_anchors();
    for _ in 0..MAX_ROUNDS {
        let a = matcher.exact_under_parent();
        let b = matcher.children_vote();
        let c = matcher.same_place(true);
        if !(a || b || c) {
            break;
        }
    }
    matcher.similar_text();
    for _ in 0..MAX_ROUNDS {
        let a = matcher.exact_under_parent();
        let b = matcher.children_vote();
        let c = matcher.same_place(false);
        if !(a || b || c) {
            break;
        }
    }
    let matches = matcher
        .next
        .items
        .iter()
        .zip(&matcher.to_prior)
        .map(|(item, old)| {
            let Some((old, node)) = old.and_then(|o| prior.get(o).map(|n| (o, n))) else {
                return NodeMatch::Added;
            };
            let text_changed = !matcher
                .prior
                .items
                .get(old)
                .is_some_and(|o| o.same_content(item));
            if node.key == item.key {
                if text_changed {
                    NodeMatch::Changed { prior: node.id }
                } else {
                    NodeMatch::Unchanged { prior: node.id }
                }
            } else {
                NodeMatch::Renumbered {
                    prior: node.id,
                    from_key: node.key.clone(),
                    text_changed,
                }
            }
        })
        .collect();
    let removed = prior
        .iter()
        .zip(&matcher.to_next)
        .filter(|(_, new)| new.is_none())
        .map(|(node, _)| node.id)
        .collect();
    EditionMatch { matches, removed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rulebook::parse_rulebook;

    fn book(body: &str) -> RuleBook {
        let input = format!("---\ntitle: T\nyear: 2024\n---\n\n{body}");
        match parse_rulebook(input.as_bytes()) {
            Ok(book) => book,
            Err(e) => panic!("{e}\n{input}"),
        }
    }

    /// Outcome per new key, compactly: `=` unchanged, `~` changed, `>old` renumbered from old
    /// (`>old~` with new text), `+` added.
    fn outcomes(prior: &RuleBook, next: &RuleBook) -> (Vec<String>, Vec<String>) {
        let prior_nodes = PriorNode::from_book(prior);
        let result = match_editions(&prior_nodes, next);
        assert_eq!(result.matches.len(), next.nodes.len());
        let lines = result
            .matches
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let key = next.key(i);
                match m {
                    NodeMatch::Unchanged { .. } => format!("{key} ="),
                    NodeMatch::Changed { .. } => format!("{key} ~"),
                    NodeMatch::Renumbered {
                        from_key,
                        text_changed,
                        prior,
                    } => {
                        assert_eq!(prior_nodes[*prior as usize].key, *from_key);
                        format!("{key} >{from_key}{}", if *text_changed { "~" } else { "" })
                    }
                    NodeMatch::Added => format!("{key} +"),
                }
            })
            .collect();
        let removed = result
            .removed
            .iter()
            .map(|&id| prior_nodes[id as usize].key.clone())
            .collect();
        (lines, removed)
    }

    const CHAPTER_1: &str = "# Chapter 1. Constitutional rules

### Clause I. Name

This organisation shall be known as The Labour Party.

### Clause II. Party structure and affiliated organisations

#### 1.

The Labour Party is made up of affiliated organisations, CLPs and members.

#### 2.

Organisations may affiliate if they accept the programme, principles and policy of the Party.

### Clause III. Party objects

#### 1.

The Party shall organise and maintain in Parliament and in the country a political Labour Party.

### Clause IV. Aims and values

The Labour Party is a democratic socialist party.

# Chapter 2. Membership rules

### Clause I. Conditions of membership

#### 1.

Members must be at least 14 years old and subscribe to the aims and values of the Party.
";

    #[test]
    fn identical_editions_are_unchanged() {
        let old = book(CHAPTER_1);
        let (lines, removed) = outcomes(&old, &old);
        assert!(lines.iter().all(|l| l.ends_with(" =")), "{lines:?}");
        assert!(removed.is_empty());
    }

    #[test]
    fn changed_text_keeps_identity() {
        let old = book(CHAPTER_1);
        let new = book(&CHAPTER_1.replace("at least 14 years old", "at least 15 years old"));
        let (lines, removed) = outcomes(&old, &new);
        assert!(lines.contains(&"2.I.1 ~".to_string()), "{lines:?}");
        assert_eq!(
            lines.iter().filter(|l| !l.ends_with(" =")).count(),
            1,
            "{lines:?}"
        );
        assert!(removed.is_empty());
    }

    #[test]
    fn inserted_clause_renumbers_the_later_ones() {
        let old = book(CHAPTER_1);
        let inserted = CHAPTER_1
            .replace("### Clause IV.", "### Clause V.")
            .replace("### Clause III.", "### Clause IV.")
            .replace("### Clause II.", "### Clause III.")
            .replace(
                "### Clause III. Party structure",
                "### Clause II. Equality\n\nThe Party shall promote equality.\n\n### Clause III. Party structure",
            );
        let new = book(&inserted);
        let (lines, removed) = outcomes(&old, &new);
        assert_eq!(
            lines,
            [
                "1 =",
                "1.I =",
                "1.II +",
                "1.III >1.II",
                "1.III.1 >1.II.1",
                "1.III.2 >1.II.2",
                "1.IV >1.III",
                "1.IV.1 >1.III.1",
                "1.V >1.IV",
                "2 =",
                "2.I =",
                "2.I.1 =",
            ]
        );
        assert!(removed.is_empty());
        let prior = PriorNode::from_book(&old);
        let summary = match_editions(&prior, &new).summary();
        assert_eq!(
            summary,
            MatchSummary {
                unchanged: 5,
                changed: 0,
                renumbered: 6,
                added: 1,
                removed: 0
            }
        );
    }

    #[test]
    fn renumbered_and_edited() {
        let old = book(CHAPTER_1);
        let edited = CHAPTER_1
            .replace("#### 2.\n\nOrganisations", "#### 3.\n\nOrganisations")
            .replace(
                "#### 1.\n\nThe Labour Party is made up",
                "#### 1.\n\nA new first section.\n\n#### 2.\n\nThe Labour Party is made up",
            )
            .replace(
                "programme, principles and policy",
                "programme, principles, policy and rules",
            );
        let new = book(&edited);
        let (lines, _) = outcomes(&old, &new);
        assert!(lines.contains(&"1.II.1 +".to_string()), "{lines:?}");
        assert!(lines.contains(&"1.II.2 >1.II.1".to_string()), "{lines:?}");
        assert!(lines.contains(&"1.II.3 >1.II.2~".to_string()), "{lines:?}");
    }

    #[test]
    fn deleted_node_is_removed_and_later_ones_renumbered() {
        let old = book(CHAPTER_1);
        let deleted = CHAPTER_1
            .replace(
                "### Clause III. Party objects\n\n#### 1.\n\nThe Party shall organise and maintain in Parliament and in the country a political Labour Party.\n\n",
                "",
            )
            .replace("### Clause IV.", "### Clause III.");
        let new = book(&deleted);
        let (lines, removed) = outcomes(&old, &new);
        assert!(lines.contains(&"1.III >1.IV".to_string()), "{lines:?}");
        assert_eq!(removed, ["1.III", "1.III.1"]);
    }

    #[test]
    fn moved_node_is_renumbered() {
        let old = book(CHAPTER_1);
        // Section 2 of Clause II moves to become section 2 of Clause III.
        let moved = CHAPTER_1
            .replace(
                "#### 2.\n\nOrganisations may affiliate if they accept the programme, principles and policy of the Party.\n\n",
                "",
            )
            .replace(
                "a political Labour Party.\n\n",
                "a political Labour Party.\n\n#### 2.\n\nOrganisations may affiliate if they accept the programme, principles and policy of the Party.\n\n",
            );
        let new = book(&moved);
        let (lines, removed) = outcomes(&old, &new);
        assert!(lines.contains(&"1.III.2 >1.II.2".to_string()), "{lines:?}");
        assert_eq!(
            lines.iter().filter(|l| !l.ends_with(" =")).count(),
            1,
            "{lines:?}"
        );
        assert!(removed.is_empty());
    }

    #[test]
    fn empty_containers_follow_their_children() {
        let old = book(
            "# Chapter 1.\n\n### Clause I.\n\n#### 1.\n\n##### A.\n\nAlpha rule text here.\n\n##### B.\n\nBeta rule text here.\n\n#### 2.\n\n##### A.\n\nGamma rule text here.\n",
        );
        let new = book(
            "# Chapter 1.\n\n### Clause I.\n\n#### 1.\n\n##### A.\n\nNew rule text here.\n\n#### 2.\n\n##### A.\n\nAlpha rule text here.\n\n##### B.\n\nBeta rule text here.\n\n#### 3.\n\n##### A.\n\nGamma rule text here.\n",
        );
        let (lines, removed) = outcomes(&old, &new);
        assert_eq!(
            lines,
            [
                "1 =",
                "1.I =",
                "1.I.1 +",
                "1.I.1.A +",
                "1.I.2 >1.I.1",
                "1.I.2.A >1.I.1.A",
                "1.I.2.B >1.I.1.B",
                "1.I.3 >1.I.2",
                "1.I.3.A >1.I.2.A",
            ]
        );
        assert!(removed.is_empty());
    }

    #[test]
    fn repeated_text_is_told_apart_by_parent() {
        let old = book(
            "# Chapter 1.\n\n### Clause I. First\n\n#### 1.\n\nDeleted.\n\n### Clause II. Second\n\n#### 1.\n\nDeleted.\n",
        );
        let new = book(
            "# Chapter 1.\n\n### Clause I. Inserted\n\n### Clause II. First\n\n#### 1.\n\nDeleted.\n\n### Clause III. Second\n\n#### 1.\n\nDeleted.\n",
        );
        let (lines, removed) = outcomes(&old, &new);
        assert_eq!(
            lines,
            [
                "1 =",
                "1.I +",
                "1.II >1.I",
                "1.II.1 >1.I.1",
                "1.III >1.II",
                "1.III.1 >1.II.1"
            ]
        );
        assert!(removed.is_empty());
    }

    #[test]
    fn rewritten_rule_in_place_is_changed() {
        let old = book("# Chapter 1.\n\n#### 1.\n\nOne thing entirely.\n\n#### 2.\n\nAnother.\n");
        let new = book(
            "# Chapter 1.\n\n#### 1.\n\nSomething completely different now.\n\n#### 2.\n\nAnother.\n",
        );
        let (lines, removed) = outcomes(&old, &new);
        assert_eq!(lines, ["1 =", "1.1 ~", "1.2 ="]);
        assert!(removed.is_empty());
    }

    #[test]
    fn empty_prior_means_all_added() {
        let new = book(CHAPTER_1);
        let result = match_editions(&[], &new);
        assert!(result.matches.iter().all(|m| *m == NodeMatch::Added));
        assert_eq!(result.summary().added, new.nodes.len());
    }

    #[test]
    fn every_section_of_a_long_chapter_edited_stays_fast() {
        // Worst case for pass 4: nothing matches exactly, all candidates are siblings.
        let mut old = String::from("# Chapter 1.\n\n");
        let mut new = String::from("# Chapter 1.\n\n");
        for i in 1..=2000 {
            old.push_str(&format!(
                "#### {i}.\n\nThe branch secretary shall give {i} days notice of meeting number {i} to all members.\n\n"
            ));
            new.push_str(&format!(
                "#### {i}.\n\nThe branch secretary shall give {i} clear days notice of meeting number {i} to all members.\n\n"
            ));
        }
        let (old, new) = (book(&old), book(&new));
        let started = std::time::Instant::now();
        let result = match_editions(&PriorNode::from_book(&old), &new);
        let elapsed = started.elapsed();
        eprintln!("2,000 edited siblings matched in {elapsed:?}");
        let summary = result.summary();
        assert_eq!(summary.changed, 2000, "{summary}");
        assert_eq!(summary.unchanged, 1, "{summary}");
        // A blow-up guard, not a speed target (criterion measures speed in benches/diff.rs):
        // quadratic work over the 2,000 siblings would take minutes, the linear pass well under
        // a second even on a loaded machine.
        assert!(elapsed.as_secs_f64() < 60.0, "took {elapsed:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

        #[test]
        fn an_edition_matched_against_itself_is_unchanged(book in crate::domain::rulebook::testgen::arb_rulebook()) {
            let prior = PriorNode::from_book(&book);
            let result = match_editions(&prior, &book);
            for (i, m) in result.matches.iter().enumerate() {
                proptest::prop_assert_eq!(m, &NodeMatch::Unchanged { prior: i as i64 });
            }
            proptest::prop_assert!(result.removed.is_empty());
        }

        #[test]
        fn every_node_matched_at_most_once(
            old in crate::domain::rulebook::testgen::arb_rulebook(),
            new in crate::domain::rulebook::testgen::arb_rulebook(),
        ) {
            let prior = PriorNode::from_book(&old);
            let result = match_editions(&prior, &new);
            let mut seen: Vec<i64> = result.matches.iter().filter_map(NodeMatch::prior).collect();
            let matched = seen.len();
            seen.extend(&result.removed);
            seen.sort_unstable();
            seen.dedup();
            proptest::prop_assert_eq!(seen.len(), prior.len());
            proptest::prop_assert_eq!(matched + result.removed.len(), prior.len());
            for (i, m) in result.matches.iter().enumerate() {
                if let Some(p) = m.prior() {
                    proptest::prop_assert_eq!(prior[p as usize].kind, new.nodes[i].kind);
                }
            }
        }
    }

    /// A deterministic pseudo-random book of about `target` nodes with realistic text.
    fn big_book(target: usize, seed: u64) -> String {
        const WORDS: [&str; 40] = [
            "member",
            "party",
            "shall",
            "the",
            "of",
            "and",
            "CLP",
            "NEC",
            "conference",
            "delegate",
            "rule",
            "may",
            "be",
            "in",
            "accordance",
            "with",
            "procedural",
            "guidelines",
            "officer",
            "election",
            "ballot",
            "affiliated",
            "organisation",
            "candidate",
            "selection",
            "meeting",
            "branch",
            "secretary",
            "chair",
            "treasurer",
            "notice",
            "days",
            "year",
            "annual",
            "general",
            "committee",
            "suspension",
            "complaint",
            "disciplinary",
            "vote",
        ];
        let mut state = seed;
        let mut rand = move |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        };
        let mut out = String::new();
        let mut count = 0;
        let mut chapter = 0;
        while count < target {
            chapter += 1;
            out.push_str(&format!("# Chapter {chapter}. Chapter {chapter}\n\n"));
            count += 1;
            for clause in 1..=(4 + rand(6)) {
                let roman = NodeKind::Clause.label_style().label(clause as u32);
                out.push_str(&format!(
                    "### Clause {roman}. Heading {chapter} {clause}\n\n"
                ));
                count += 1;
                for section in 1..=(2 + rand(8)) {
                    let words: Vec<&str> = (0..(8 + rand(40)))
                        .map(|_| WORDS[rand(WORDS.len())])
                        .collect();
                    out.push_str(&format!(
                        "#### {section}.\n\n{} {chapter}/{clause}/{section}.\n\n",
                        words.join(" ")
                    ));
                    count += 1;
                    for sub in 1..=rand(4) {
                        let letter = NodeKind::SubSection.label_style().label(sub as u32);
                        let words: Vec<&str> = (0..(5 + rand(20)))
                            .map(|_| WORDS[rand(WORDS.len())])
                            .collect();
                        out.push_str(&format!("##### {letter}.\n\n{}.\n\n", words.join(" ")));
                        count += 1;
                    }
                }
            }
        }
        out
    }

    #[test]
    fn two_thousand_nodes_match_quickly() {
        let text = big_book(2000, 7);
        let old = book(&text);
        // Insert a clause at the top of chapter 1, renumbering everything after it in the
        // chapter.
        let mut edited = text.replacen(
            "### Clause I.",
            "### Clause I. Inserted\n\nA brand new clause about something else entirely.\n\n### Clause I.",
            1,
        );
        // Renumber chapter 1's clauses: rebuild the text with the right labels.
        let mut lines: Vec<String> = Vec::new();
        let mut clause = 0u32;
        let mut in_chapter_1 = true;
        for line in edited.lines() {
            if line.starts_with("# Chapter 2.") {
                in_chapter_1 = false;
            }
            if in_chapter_1 && line.starts_with("### Clause ") {
                clause += 1;
                let rest = line.split_once(". ").map(|(_, r)| r).unwrap_or("");
                let roman = NodeKind::Clause.label_style().label(clause);
                lines.push(format!("### Clause {roman}. {rest}"));
            } else {
                lines.push(line.to_string());
            }
        }
        edited = lines.join("\n") + "\n";
        let new = book(&edited);
        assert!(old.nodes.len() >= 2000);
        let prior = PriorNode::from_book(&old);
        let started = std::time::Instant::now();
        let result = match_editions(&prior, &new);
        let elapsed = started.elapsed();
        eprintln!(
            "matched {} → {} nodes in {elapsed:?}",
            old.nodes.len(),
            new.nodes.len()
        );
        let summary = result.summary();
        assert_eq!(summary.added, 1, "{summary}");
        assert_eq!(summary.removed, 0, "{summary}");
        assert_eq!(summary.changed, 0, "{summary}");
        assert!(summary.renumbered > 20, "{summary}");
        // A blow-up guard, not a speed target (see benches/diff.rs for the measured speed).
        assert!(elapsed.as_secs_f64() < 60.0, "took {elapsed:?}");
    }
}
