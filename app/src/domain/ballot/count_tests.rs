//! Tests of the priorities ballot count: examples and properties.

use proptest::prelude::*;

use super::*;
use crate::domain::ballot::SectionSettings;

const NAMES: [&str; 8] = [
    "The NHS",
    "Housing",
    "Public ownership of water",
    "Climate and jobs",
    "Workers' rights",
    "Gaza and the Middle East",
    "Child poverty",
    "Social care",
];

fn subjects() -> Vec<Subject> {
    Subject::numbered(&NAMES)
}

fn delegation(org_id: OrgId, section: Section, weight: u64) -> Delegation {
    let name = match section {
        Section::Clp => format!("CLP {org_id}"),
        Section::Affiliates => format!("Union {org_id}"),
    };
    Delegation {
        org_id,
        name,
        section,
        weight,
    }
}

fn vote(org_id: OrgId, subjects: &[SubjectId]) -> Vote {
    Vote {
        org_id,
        subjects: subjects.to_vec(),
    }
}

fn settings(forward: u32, tie_rule: TieRule) -> BallotSettings {
    BallotSettings {
        forward,
        tie_rule,
        ..BallotSettings::default()
    }
}

fn outcomes(r: &SectionResult) -> Vec<(&str, u64, Outcome)> {
    r.rows
        .iter()
        .map(|r| (r.name.as_str(), r.votes, r.outcome))
        .collect()
}

#[test]
fn refuses_a_bad_ballot_paper_with_the_reason() {
    let s = subjects();
    let d = delegation(10, Section::Clp, 1);
    let set = BallotSettings {
        clp: SectionSettings {
            picks: 2,
            ..SectionSettings::default()
        },
        ..BallotSettings::default()
    };
    let refused = |subjects: &[SubjectId]| {
        validate_vote(&vote(10, subjects), &d, &s, &set)
            .err()
            .map(|e| e.to_string())
    };
    assert_eq!(refused(&[1, 2]), None);
    assert_eq!(
        refused(&[1, 99]).as_deref(),
        Some("Subject #99 is not in this ballot.")
    );
    assert_eq!(
        refused(&[1, 2, 3]).as_deref(),
        Some("CLP 10 chose 3 subjects; a delegation in the CLP section may choose at most 2.")
    );
    assert_eq!(
        refused(&[2, 2]).as_deref(),
        Some("CLP 10 chose “Housing” twice.")
    );
    assert_eq!(refused(&[]).as_deref(), Some("CLP 10 chose no subject."));

    let delegations = [d.clone()];
    let twice = [vote(10, &[1]), vote(10, &[2])];
    assert_eq!(
        count(&s, &delegations, &twice, &set, &[]).map(|_| ()),
        Err(CountError::Vote(VoteRefusal::AlreadyVoted {
            delegation: "CLP 10".into()
        }))
    );
    let stranger = [vote(77, &[1])];
    assert_eq!(
        count(&s, &delegations, &stranger, &set, &[])
            .err()
            .map(|e| e.to_string())
            .as_deref(),
        Some("Organisation #77 has no delegation in this ballot.")
    );
}

#[test]
fn the_sections_are_counted_separately() {
    let s = subjects();
    let delegations = [
        delegation(1, Section::Clp, 900),
        delegation(2, Section::Clp, 300),
        delegation(3, Section::Clp, 300),
        delegation(20, Section::Affiliates, 500_000),
    ];
    let votes = [
        vote(1, &[1]),
        vote(2, &[2]),
        vote(3, &[2, 3]),
        vote(20, &[3]),
    ];
    let r = count(
        &s,
        &delegations,
        &votes,
        &settings(1, TieRule::CacDecides),
        &[],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.clp.forward(), [2]);
    assert_eq!(r.clp.rows[0].share_pct, 50.0);
    assert_eq!(r.clp.total_votes, 4);
    assert_eq!(r.affiliates.forward(), [3]);
    assert_eq!(r.affiliates.delegations_voted, 1);
    assert_eq!(r.debated(), [2, 3]);
    assert!(r.chosen_by_both().is_empty());

    // Weighted by membership, the big CLP's choice wins the CLP section.
    let weighted = BallotSettings {
        clp: SectionSettings {
            weighting: Weighting::ByWeight,
            ..SectionSettings::default()
        },
        ..settings(1, TieRule::CacDecides)
    };
    let r = count(&s, &delegations, &votes, &weighted, &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.clp.forward(), [1]);
    assert_eq!(
        outcomes(&r.clp)[..3],
        [
            ("The NHS", 900, Outcome::Forward),
            ("Housing", 600, Outcome::Out),
            ("Public ownership of water", 300, Outcome::Out),
        ]
    );
    assert_eq!(r.clp.rows[1].delegations, 2);
}

#[test]
fn the_top_n_with_votes_go_forward() {
    let s = subjects();
    let delegations: Vec<Delegation> = (1..=5).map(|i| delegation(i, Section::Clp, 1)).collect();
    let votes = [
        vote(1, &[1, 2, 3]),
        vote(2, &[1, 2]),
        vote(3, &[1]),
        vote(4, &[4]),
        vote(5, &[1, 2]),
    ];
    let r = count(
        &s,
        &delegations,
        &votes,
        &settings(2, TieRule::CacDecides),
        &[],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.clp.forward(), [1, 2]);
    assert_eq!(r.clp.tie, None);
    let ranks: Vec<u32> = r.clp.rows.iter().map(|r| r.rank).collect();
    // 4, 3, 1, 1, then four subjects without votes sharing fifth place.
    assert_eq!(ranks, [1, 2, 3, 3, 5, 5, 5, 5]);
    // Fewer subjects with votes than places: only those with votes go forward.
    let r = count(
        &s,
        &delegations,
        &votes,
        &settings(6, TieRule::CacDecides),
        &[],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Tied subjects are listed by name.
    assert_eq!(r.clp.forward(), [1, 2, 4, 3]);
    assert_eq!(r.clp.rows[4].outcome, Outcome::Out);
    // Nobody voted: nothing goes forward.
    let r = count(
        &s,
        &delegations,
        &[],
        &settings(6, TieRule::CacDecides),
        &[],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(r.debated().is_empty());
    assert_eq!(r.clp.votes_outstanding, 5);
}

/// Subjects 1 (3 votes), then 2, 3, 4 (2 votes each) for two places after the first.
fn tied() -> (Vec<Subject>, Vec<Delegation>, Vec<Vote>) {
    let delegations: Vec<Delegation> = (1..=5).map(|i| delegation(i, Section::Clp, 1)).collect();
    let votes = vec![
        vote(1, &[1, 2]),
        vote(2, &[1, 3]),
        vote(3, &[1, 4]),
        vote(4, &[2, 3]),
        vote(5, &[4]),
    ];
    (subjects(), delegations, votes)
}

#[test]
fn a_tie_for_the_last_places_is_reported_whatever_the_rule() {
    let (s, d, v) = tied();
    let all = count(&s, &d, &v, &settings(3, TieRule::AllGoForward), &[])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.clp.forward(), [1, 4, 2, 3]);
    assert_eq!(
        all.clp.tie_message().as_deref(),
        Some(
            "CLP section: “Housing”, “Public ownership of water” and “Climate and jobs” tied on \
             2 votes for the last 2 places: all of them go forward."
        )
    );

    let cac =
        count(&s, &d, &v, &settings(3, TieRule::CacDecides), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cac.clp.forward(), [1]);
    assert!(cac.needs_decision());
    assert_eq!(
        cac.clp
            .rows
            .iter()
            .filter(|r| r.outcome == Outcome::Undecided)
            .count(),
        3
    );
    assert!(
        cac.clp
            .tie_message()
            .is_some_and(|m| m.ends_with("the CAC must decide which go forward."))
    );
    let decided = [TieDecision {
        section: Section::Clp,
        forward: vec![4, 2],
    }];
    let cac = count(&s, &d, &v, &settings(3, TieRule::CacDecides), &decided)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cac.clp.forward(), [1, 4, 2]);
    assert!(!cac.needs_decision());

    let lot = |seed| {
        count(&s, &d, &v, &settings(3, TieRule::DrawByLot { seed }), &[])
            .unwrap_or_else(|e| panic!("{e}"))
            .clp
    };
    let first = lot(2027);
    assert_eq!(first, lot(2027));
    assert_eq!(first.forward().len(), 3);
    assert!(
        first
            .tie_message()
            .is_some_and(|m| m.contains("drawn by lot (seed 2027)"))
    );
    // Over many seeds, every tied subject is sometimes drawn and sometimes not.
    for id in [2, 3, 4] {
        let drawn = (0..64)
            .filter(|&seed| lot(seed).forward().contains(&id))
            .count();
        assert!(
            drawn > 5 && drawn < 59,
            "subject {id} drawn {drawn} of 64 times"
        );
    }
}

#[test]
fn a_cac_decision_must_fit_the_tie() {
    let (s, d, v) = tied();
    let decide = |forward: Vec<SubjectId>| {
        count(
            &s,
            &d,
            &v,
            &settings(3, TieRule::CacDecides),
            &[TieDecision {
                section: Section::Clp,
                forward,
            }],
        )
        .err()
        .map(|e| e.to_string())
    };
    assert_eq!(
        decide(vec![2]).as_deref(),
        Some("CLP section: the CAC must choose 2 of the tied subjects, not 1.")
    );
    assert_eq!(
        decide(vec![1, 2]).as_deref(),
        Some("CLP section: subject #1 is not one of the tied subjects.")
    );
    assert_eq!(
        count(
            &s,
            &d,
            &v,
            &settings(4, TieRule::CacDecides),
            &[TieDecision {
                section: Section::Clp,
                forward: vec![2]
            }]
        )
        .err()
        .map(|e| e.to_string())
        .as_deref(),
        Some("CLP section: there is no tie for the CAC to decide.")
    );
}

#[test]
fn a_subject_both_sections_choose_is_debated_once() {
    let s = subjects();
    let d = [
        delegation(1, Section::Clp, 1),
        delegation(20, Section::Affiliates, 1),
    ];
    let v = [vote(1, &[1, 2]), vote(20, &[2, 3])];
    let r =
        count(&s, &d, &v, &settings(2, TieRule::CacDecides), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.chosen_by_both(), [2]);
    assert_eq!(r.debated(), [2, 1, 3]);
}

fn ballot() -> impl Strategy<Value = (Vec<Delegation>, Vec<Vote>)> {
    prop::collection::vec(
        (
            prop::sample::subsequence((1..=8).collect::<Vec<SubjectId>>(), 1..=6),
            1u64..5_000,
            any::<bool>(),
        ),
        0..40,
    )
    .prop_map(|papers| {
        let mut d = Vec::new();
        let mut v = Vec::new();
        for (i, (subjects, weight, clp)) in papers.into_iter().enumerate() {
            let org = OrgId::try_from(i).unwrap_or(0);
            let section = if clp {
                Section::Clp
            } else {
                Section::Affiliates
            };
            d.push(delegation(org, section, weight));
            v.push(vote(org, &subjects));
        }
        (d, v)
    })
}

fn tie_rule() -> impl Strategy<Value = TieRule> {
    prop_oneof![
        Just(TieRule::AllGoForward),
        Just(TieRule::CacDecides),
        any::<u64>().prop_map(|seed| TieRule::DrawByLot { seed }),
    ]
}

proptest! {
    #[test]
    fn forward_subjects_outpoll_the_rest(
        (d, v) in ballot(),
        forward in 0u32..8,
        rule in tie_rule(),
        weighted in any::<bool>(),
    ) {
        let weighting = if weighted { Weighting::ByWeight } else { Weighting::OneVote };
        let set = BallotSettings {
            clp: SectionSettings { weighting, ..SectionSettings::default() },
            ..settings(forward, rule)
        };
        let r = count(&subjects(), &d, &v, &set, &[]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for sec in [&r.clp, &r.affiliates] {
            let fwd: Vec<&Row> = sec.rows.iter().filter(|r| r.outcome == Outcome::Forward).collect();
            let rest: Vec<&Row> = sec.rows.iter().filter(|r| r.outcome != Outcome::Forward).collect();
            let min_fwd = fwd.iter().map(|r| r.votes).min();
            let max_rest = rest.iter().map(|r| r.votes).max();
            if let (Some(a), Some(b)) = (min_fwd, max_rest) {
                prop_assert!(a >= b);
                // Equal only when a tie was settled by the rule.
                prop_assert!(a > b || sec.tie.is_some());
            }
            prop_assert!(fwd.iter().all(|r| r.votes > 0));
            if rule != TieRule::AllGoForward {
                prop_assert!(fwd.len() <= forward as usize);
            }
            prop_assert_eq!(sec.rows.iter().map(|r| r.votes).sum::<u64>(), sec.total_votes);
            prop_assert!(sec.rows.windows(2).all(|w| w[0].votes >= w[1].votes));
            // Without a tie, exactly min(N, subjects with votes) go forward.
            if sec.tie.is_none() {
                let with_votes = sec.rows.iter().filter(|r| r.votes > 0).count();
                prop_assert_eq!(fwd.len(), with_votes.min(forward as usize));
            }
        }
        // The order of the papers does not matter.
        let mut reversed = v.clone();
        reversed.reverse();
        let again = count(&subjects(), &d, &reversed, &set, &[]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, r);
    }

    #[test]
    fn a_draw_takes_that_many_of_the_tied(n in 0usize..10, places in 0usize..10, seed in any::<u64>()) {
        let ids: Vec<SubjectId> = (0..n).map(|i| SubjectId::try_from(i).unwrap_or(0)).collect();
        let drawn = draw(&ids, places, seed);
        prop_assert_eq!(drawn.len(), places.min(n));
        prop_assert!(drawn.iter().all(|d| ids.contains(d)));
        let mut unique = drawn.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), drawn.len());
        prop_assert_eq!(draw(&ids, places, seed), drawn);
    }
}
