//! Tests of composite provenance: examples and properties.

use proptest::prelude::*;

use super::*;

const RIVERSIDE: &str = "Conference notes that seven water companies discharged raw sewage \
    into rivers on more than 400,000 occasions last year.\n\nConference believes that water is a \
    natural monopoly and should be run for people, not for shareholders.\n\nConference resolves \
    to campaign for the public ownership of the water industry.";

const HILLSIDE: &str = "Conference notes that household water bills will rise by an average of \
    21% over the next five years.\n\nConference believes that the regulator has failed bill \
    payers and the environment.\n\nConference resolves to campaign for the public ownership of \
    the water industry and for a ban on bonuses for water bosses.";

fn sources() -> [Source<'static>; 2] {
    [
        Source {
            motion_id: 11,
            text: RIVERSIDE,
        },
        Source {
            motion_id: 12,
            text: HILLSIDE,
        },
    ]
}

/// The words of the composite with the motions each was traced to.
fn traced(composite: &str, p: &Provenance) -> Vec<(String, Vec<MotionId>)> {
    let mut out = Vec::new();
    for s in &p.spans {
        for w in word_spans(&composite[s.range.clone()]) {
            let word = &composite[s.range.start + w.start..s.range.start + w.end];
            out.push((word.to_owned(), s.sources.clone()));
        }
    }
    out
}

fn untraced_words(composite: &str, p: &Provenance) -> Vec<String> {
    traced(composite, p)
        .into_iter()
        .filter(|(_, s)| s.is_empty())
        .map(|(w, _)| w)
        .collect()
}

#[test]
fn a_composite_of_source_sentences_is_traced_whole_and_reordered() {
    let composite = "Conference notes that household water bills will rise by an average of 21% \
        over the next five years.\nConference notes that seven water companies discharged raw \
        sewage into rivers on more than 400,000 occasions last year.\nConference believes that \
        the regulator has failed bill payers and the environment.";
    let p = trace(composite, &sources());
    assert_eq!(
        p.words_from_no_motion,
        0,
        "{:?}",
        untraced_words(composite, &p)
    );
    let firsts: Vec<MotionId> = p.sentences.iter().map(|s| s.sources[0].motion_id).collect();
    assert_eq!(firsts, [12, 11, 12]);
    assert_eq!(p.share_from_no_motion(), 0.0);
    assert_eq!(p.warning(0.15), None);
}

#[test]
fn an_inserted_phrase_is_from_no_motion() {
    let composite = "Conference resolves to campaign for the public ownership of the water \
        industry, with a national day of action in every region, and for a ban on bonuses for \
        water bosses.";
    let p = trace(composite, &sources());
    // "a" and "of" are words both motions use, but a word alone is no evidence of where it
    // came from.
    assert_eq!(
        untraced_words(composite, &p),
        [
            "with", "a", "national", "day", "of", "action", "in", "every", "region,"
        ]
    );
    assert_eq!(p.words_from_no_motion, 9);
    let w = p.warning(0.15);
    assert_eq!(
        w.as_deref(),
        Some(
            "30% of the composite's words (9 of 30) come from no submitted motion, more than the \
             15% a composite may add before this warning."
        )
    );
    assert_eq!(p.warning(0.3), None);
    // The sentence is aligned with Hillside's, which it draws on most, word by word.
    let closest = p.sentences[0]
        .closest
        .as_ref()
        .unwrap_or_else(|| panic!("no closest"));
    assert_eq!(closest.motion_id, 12);
    let old: String = closest
        .diff
        .iter()
        .filter(|d| !matches!(d, DiffSpan::Insert(_)))
        .map(DiffSpan::text)
        .collect();
    assert_eq!(
        old,
        "Conference resolves to campaign for the public ownership of the water industry and for \
         a ban on bonuses for water bosses."
    );
    assert_eq!(&HILLSIDE[closest.range.clone()], old);
    let inserted: Vec<&str> = closest
        .diff
        .iter()
        .filter(|d| matches!(d, DiffSpan::Insert(_)))
        .map(DiffSpan::text)
        .collect();
    assert_eq!(
        inserted,
        [", with a national day of action in every region,"]
    );
}

#[test]
fn a_phrase_common_to_every_motion_is_attributed_to_all() {
    let composite = "Conference resolves to campaign for the public ownership of the water \
        industry.";
    let p = trace(composite, &sources());
    assert!(
        traced(composite, &p).iter().all(|(_, s)| s == &[11, 12]),
        "{:?}",
        traced(composite, &p)
    );
    let shares: Vec<(MotionId, usize, usize)> = p.sentences[0]
        .sources
        .iter()
        .map(|s| (s.motion_id, s.words, s.only_here))
        .collect();
    assert_eq!(shares, [(11, 12, 0), (12, 12, 0)]);
    // The heading every motion has is credited to every motion, the rest to its own.
    let p = trace(
        "Conference believes that the regulator has failed.",
        &sources(),
    );
    let t = traced("Conference believes that the regulator has failed.", &p);
    assert_eq!(t[0], ("Conference".to_owned(), vec![11, 12]));
    assert_eq!(t[2], ("that".to_owned(), vec![11, 12]));
    assert_eq!(t[3], ("the".to_owned(), vec![12]));
    assert_eq!(p.sentences[0].sources[0].motion_id, 12);
}

#[test]
fn case_punctuation_and_list_numbers_do_not_matter() {
    let source = Source {
        motion_id: 1,
        text: "Conference resolves to:\n1. campaign for public ownership;\n2. oppose bonuses.",
    };
    let composite = "CONFERENCE RESOLVES TO:\n(a) oppose bonuses;\n(b) Campaign for ‘public \
        ownership’.";
    let p = trace(composite, &[source]);
    assert_eq!(
        p.words_from_no_motion,
        0,
        "{:?}",
        untraced_words(composite, &p)
    );
    assert_eq!(p.words, 9);
    assert_eq!(p.sentences.len(), 3);
}

#[test]
fn short_coincidences_are_not_evidence() {
    let source = Source {
        motion_id: 1,
        text: "The NHS is in crisis and the government must act.",
    };
    let composite = "Steel is in danger and the plant may close.";
    let p = trace(composite, &[source]);
    // "is in" (2 words, mid-sentence) and "and the" (2 words) are not phrases.
    assert_eq!(p.words_from_no_motion, p.words);
    assert!(p.sentences[0].sources.is_empty());
}

#[test]
fn nothing_to_trace() {
    let p = trace("", &sources());
    assert_eq!((p.words, p.spans.len(), p.sentences.len()), (0, 0, 0));
    let p = trace(" • — ", &[]);
    assert_eq!(p.words, 0);
    assert_eq!(p.spans.len(), 1);
    assert!(!p.spans[0].has_words);
    let p = trace("Conference notes the cuts.", &[]);
    assert_eq!(p.words_from_no_motion, 4);
    assert!(p.by_motion.is_empty());
}

// ---- Properties --------------------------------------------------------------------------

/// Sentences of 1–12 words from a small vocabulary, so that words recur across motions.
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB.to_vec()), 1..12).prop_map(|ws| {
        let mut s = ws.join(" ");
        if let Some(first) = s.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        s + "."
    })
}

const VOCAB: [&str; 24] = [
    "the",
    "conference",
    "notes",
    "water",
    "public",
    "ownership",
    "nhs",
    "of",
    "and",
    "for",
    "campaign",
    "workers",
    "rights",
    "an",
    "to",
    "is",
    "in",
    "housing",
    "cuts",
    "council",
    "homes",
    "fund",
    "pay",
    "strike",
];

/// Words no motion uses.
const NEW: [&str; 6] = ["zebra", "quantum", "marmalade", "yodel", "kazoo", "velvet"];

fn motions() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(sentence(), 1..6), 1..5)
}

fn texts(ms: &[Vec<String>]) -> Vec<String> {
    ms.iter().map(|m| m.join(" ")).collect()
}

proptest! {
    #[test]
    fn source_sentences_in_any_order_trace_every_word(
        ms in motions(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..8),
        newline in any::<bool>(),
    ) {
        let chosen: Vec<&str> = picks
            .iter()
            .map(|(m, s)| {
                let m = &ms[m.index(ms.len())];
                m[s.index(m.len())].as_str()
            })
            .collect();
        let composite = chosen.join(if newline { "\n" } else { " " });
        let t = texts(&ms);
        let p = trace(&composite, &Source::numbered(&t));
        prop_assert_eq!(p.words_from_no_motion, 0, "untraced {:?} in {:?}", untraced_words(&composite, &p), composite);
        prop_assert_eq!(p.sentences.len(), chosen.len());
    }

    #[test]
    fn inserted_words_are_never_attributed(
        ms in motions(),
        m in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        phrase in prop::collection::vec(prop::sample::select(NEW.to_vec()), 1..5),
    ) {
        let t = texts(&ms);
        let base = &t[m.index(t.len())];
        let words: Vec<&str> = base.split(' ').collect();
        let cut = at.index(words.len() + 1);
        let composite = [&words[..cut], &phrase[..], &words[cut..]].concat().join(" ");
        let p = trace(&composite, &Source::numbered(&t));
        let untraced = untraced_words(&composite, &p);
        for w in &phrase {
            prop_assert!(untraced.iter().any(|u| u.trim_end_matches('.') == *w));
        }
        for (word, sources) in traced(&composite, &p) {
            if NEW.contains(&word.trim_end_matches('.').to_ascii_lowercase().as_str()) {
                prop_assert!(sources.is_empty());
            }
        }
        // Only the inserted words and at most a short fragment of up to two words on each side
        // of the insertion go untraced.
        prop_assert!(p.words_from_no_motion <= phrase.len() + 4, "{:?}", untraced);
    }

    #[test]
    fn a_phrase_in_every_motion_is_credited_to_every_motion(
        ms in motions(),
        shared in prop::collection::vec(prop::sample::select(NEW.to_vec()), 3..6),
    ) {
        let shared = shared.join(" ");
        let t: Vec<String> = texts(&ms).into_iter().map(|x| format!("{x} {shared}.")).collect();
        let composite = format!("Kazoo velvet. {shared}.");
        let p = trace(&composite, &Source::numbered(&t));
        let all: Vec<MotionId> = (1..=MotionId::try_from(t.len()).unwrap_or(0)).collect();
        let words = traced(&composite, &p);
        for (_, sources) in &words[2..] {
            prop_assert_eq!(sources, &all);
        }
    }

    #[test]
    fn spans_and_sentences_cover_the_composite(
        ms in motions(),
        composite in "[A-Za-z .,\n’'—-]{0,80}",
    ) {
        let t = texts(&ms);
        let p = trace(&composite, &Source::numbered(&t));
        let mut end = 0;
        for s in &p.spans {
            prop_assert_eq!(s.range.start, end);
            prop_assert!(s.range.end > s.range.start);
            end = s.range.end;
        }
        prop_assert_eq!(end, composite.len());
        if p.words > 0 {
            let mut end = 0;
            for s in &p.sentences {
                prop_assert_eq!(s.range.start, end);
                end = s.range.end;
            }
            prop_assert_eq!(end, composite.len());
            prop_assert_eq!(p.sentences.iter().map(|s| s.words).sum::<usize>(), p.words);
        }
        prop_assert!(p.words_from_no_motion <= p.words);
        for share in &p.by_motion {
            prop_assert!(share.only_here <= share.words && share.words <= p.words);
        }
    }
}
