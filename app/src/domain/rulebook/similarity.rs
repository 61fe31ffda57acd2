//! Text similarity for edition matching: how alike two clauses' words are, cheaply enough to
//! compare thousands of clauses.
//!
//! A clause is reduced to the multiset of its lower-cased words (heading and text). Two clauses
//! with at least [`MIN_WORDS`] words each are compared by the Dice coefficient of the multisets
//! (2·shared / (|a| + |b|)), linear in their length; shorter ones by normalised Levenshtein
//! distance on the lower-cased text, where word counts say too little.

use std::collections::HashMap;

/// Below this many words, similarity is measured on characters instead.
pub const MIN_WORDS: u32 = 4;

/// Interns words so that profiles compare integers, not strings.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
}

/// The words of one clause, ready for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// (word id, count), sorted by word id.
    words: Vec<(u32, u32)>,
    total: u32,
    /// Lower-cased heading and text, for short clauses.
    flat: String,
}

impl Vocabulary {
    /// The profile of a clause's heading and text.
    pub fn profile(&mut self, heading: Option<&str>, text: &str) -> Profile {
        let flat = match heading {
            Some(h) if !h.is_empty() => format!("{h} {text}").to_lowercase(),
            _ => text.to_lowercase(),
        };
        let mut ids: Vec<u32> = flat
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|word| self.id_of(word))
            .collect();
        ids.sort_unstable();
        let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        Profile {
            words: counted(&ids),
            total,
            flat,
        }
    }

    /// How many distinct words have been seen; ids are `0..distinct_words()`.
    pub fn distinct_words(&self) -> usize {
        self.ids.len()
    }

    /// The word's id, interning it (and allocating) only the first time it is seen.
    fn id_of(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(word.to_owned(), id);
        id
    }
}

/// (id, count) for each distinct id of a sorted list.
fn counted(sorted_ids: &[u32]) -> Vec<(u32, u32)> {
    let mut words: Vec<(u32, u32)> = Vec::new();
    for &id in sorted_ids {
        match words.last_mut() {
            Some((last, count)) if *last == id => *count = count.saturating_add(1),
            _ => words.push((id, 1)),
        }
    }
    words
}

impl Profile {
    /// Distinct word ids in this profile.
    pub fn word_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().map(|&(id, _)| id)
    }

    /// Whether the clause has no words at all.
    pub fn is_empty(&self) -> bool {
        self.flat.trim().is_empty()
    }
}

/// Similarity in `0.0..=1.0`; 1.0 for identical word multisets.
pub fn similarity(a: &Profile, b: &Profile) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    if a.total < MIN_WORDS || b.total < MIN_WORDS {
        return strsim::normalized_levenshtein(&a.flat, &b.flat);
    }
    let (mut i, mut j, mut shared) = (0, 0, 0u64);
    while let (Some(&(wa, ca)), Some(&(wb, cb))) = (a.words.get(i), b.words.get(j)) {
        match wa.cmp(&wb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += u64::from(ca.min(cb));
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (f64::from(a.total) + f64::from(b.total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_texts_score_high_and_unrelated_low() {
        let mut vocab = Vocabulary::default();
        let a = vocab.profile(
            None,
            "A member must be at least 14 years old and pay the membership subscription.",
        );
        let b = vocab.profile(
            None,
            "A member must be at least 15 years old and pay the membership subscription.",
        );
        let c = vocab.profile(
            Some("Suspensions"),
            "The NEC may suspend a member pending an investigation of a complaint.",
        );
        assert!(similarity(&a, &b) > 0.9);
        assert!(similarity(&a, &c) < 0.4);
        assert_eq!(similarity(&a, &a), 1.0);
    }

    #[test]
    fn short_texts_compare_by_characters() {
        let mut vocab = Vocabulary::default();
        let a = vocab.profile(Some("Name"), "");
        let b = vocab.profile(Some("Names"), "");
        let empty = vocab.profile(None, "");
        assert!(similarity(&a, &b) > 0.7);
        assert_eq!(similarity(&a, &empty), 0.0);
        assert_eq!(similarity(&empty, &empty), 1.0);
    }
}
