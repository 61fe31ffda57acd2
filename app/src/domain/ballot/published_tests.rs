//! Tests of reading a published ballot result: examples and properties.

use proptest::prelude::*;

use super::*;
use crate::domain::ballot::count::count;
use crate::domain::ballot::{Delegation, Subject, Vote};

fn row(subject: &str, votes: u64, pct: Option<f64>, forward: bool) -> PublishedRow {
    PublishedRow {
        subject: subject.into(),
        votes,
        pct,
        forward,
    }
}

/// A consistent CLP section: 640 delegations, two subjects forward.
fn good() -> PublishedSection {
    PublishedSection {
        section: Section::Clp,
        rows: vec![
            row("Housing", 412, Some(32.2), true),
            row("The NHS", 398, Some(31.1), true),
            row("Public ownership of water", 301, Some(23.5), false),
            row("Steel", 169, Some(13.2), false),
        ],
        stated_total: Some(1_280),
        delegations_voting: Some(640),
        pct_decimals: 1,
    }
}

fn settings(forward: u32, tie_rule: TieRule) -> BallotSettings {
    BallotSettings {
        forward,
        tie_rule,
        ..BallotSettings::default()
    }
}

fn messages(p: &PublishedSection, s: &BallotSettings) -> Vec<(FlagCode, String)> {
    check_published(p, s)
        .into_iter()
        .map(|f| (f.code, f.message))
        .collect()
}

#[test]
fn a_consistent_result_has_no_flags() {
    assert_eq!(messages(&good(), &settings(2, TieRule::CacDecides)), []);
    assert_eq!(good().validate(), Ok(()));
}

#[test]
fn totals_and_percentages_that_do_not_add_up_are_flagged() {
    let mut p = good();
    p.stated_total = Some(1_290);
    p.rows[2].pct = Some(25.3);
    let flags = messages(&p, &settings(2, TieRule::CacDecides));
    assert_eq!(
        flags,
        [
            (
                FlagCode::SectionTotal,
                "CLP section: the subjects' votes add up to 1,280, but the stated total is 1,290."
                    .to_owned()
            ),
            (
                FlagCode::Percentage,
                "CLP section: “Public ownership of water” has 301 of 1,280 votes, which is 23.5%, \
             but 25.3% is printed."
                    .to_owned()
            ),
            (
                FlagCode::Sum,
                "CLP section: the printed percentages add up to 101.8%, not 100%.".to_owned()
            ),
        ]
    );
    // Rounding to the printed decimal is not an error.
    let mut p = good();
    for (r, pct) in p.rows.iter_mut().zip([32.19, 31.09, 23.52, 13.2]) {
        r.pct = Some(pct);
    }
    p.pct_decimals = 2;
    assert_eq!(messages(&p, &settings(2, TieRule::CacDecides)), []);
}

#[test]
fn more_votes_than_delegations_could_cast_are_flagged() {
    let mut p = good();
    p.delegations_voting = Some(400);
    let flags = messages(&p, &settings(2, TieRule::CacDecides));
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(
        flags[0].1,
        "CLP section: “Housing” has 412 votes, but only 400 delegations voted, with one vote each."
    );
    p.delegations_voting = Some(200);
    let flags = messages(
        &p,
        &BallotSettings {
            clp: crate::domain::ballot::SectionSettings {
                picks: 4,
                ..Default::default()
            },
            ..settings(2, TieRule::CacDecides)
        },
    );
    assert!(flags.iter().any(|f| f.1
        == "CLP section: 1,280 votes in all is more than 200 delegations choosing at most 4 \
            subjects each could cast (800)."));
    // Weighted sections are not held to one vote per delegation.
    let weighted = BallotSettings {
        clp: crate::domain::ballot::SectionSettings {
            weighting: Weighting::ByWeight,
            ..Default::default()
        },
        ..settings(2, TieRule::CacDecides)
    };
    assert_eq!(messages(&p, &weighted), []);
}

#[test]
fn the_declared_subjects_must_follow_from_the_votes() {
    let mut p = good();
    p.rows[1].forward = false;
    p.rows[2].forward = true;
    let flags = messages(&p, &settings(2, TieRule::CacDecides));
    let texts: Vec<&str> = flags.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(
        texts,
        [
            "CLP section: “The NHS” has 398 votes, enough to be among the top 2, but is not declared \
         to go forward.",
            "CLP section: “Public ownership of water” is declared to go forward with 301 votes, but 2 \
         subjects have more and only 2 go forward.",
        ]
    );
    assert!(flags.iter().all(|f| f.0 == FlagCode::Outcome));
    let mut p = good();
    p.rows[3].votes = 0;
    p.rows[3].pct = None;
    p.rows[3].forward = true;
    p.stated_total = None;
    let flags = messages(&p, &settings(6, TieRule::CacDecides));
    assert!(
        flags
            .iter()
            .any(|f| f.1 == "CLP section: “Steel” is declared to go forward without a vote."),
        "{flags:?}"
    );
}

#[test]
fn ties_are_judged_by_the_tie_rule() {
    let tied = |declared: [bool; 3]| PublishedSection {
        section: Section::Affiliates,
        rows: vec![
            row("Housing", 50, None, true),
            row("The NHS", 30, None, declared[0]),
            row("Steel", 30, None, declared[1]),
            row("Water", 30, None, declared[2]),
        ],
        stated_total: None,
        delegations_voting: None,
        pct_decimals: 1,
    };
    let lot = settings(2, TieRule::DrawByLot { seed: 1 });
    assert_eq!(messages(&tied([false, true, false]), &lot), []);
    assert_eq!(
        messages(&tied([true, true, false]), &lot)
            .into_iter()
            .map(|f| f.1)
            .collect::<Vec<_>>(),
        [
            "Affiliates' section: 3 subjects tied on 30 votes for 1 place, but 2 of them are \
          declared to go forward."
        ]
    );
    let all = settings(2, TieRule::AllGoForward);
    assert_eq!(messages(&tied([true, true, true]), &all), []);
    assert_eq!(messages(&tied([true, false, true]), &all).len(), 1);
}

#[test]
fn what_cannot_be_a_result_is_refused() {
    let mut p = good();
    p.rows[1].subject = " housing ".into();
    assert_eq!(
        p.validate(),
        Err("CLP section: “housing” is entered twice.".into())
    );
    let mut p = good();
    p.rows[0].pct = Some(f64::NAN);
    assert!(p.validate().is_err());
    let mut p = good();
    p.rows.clear();
    assert_eq!(
        p.validate(),
        Err("CLP section: enter at least one subject.".into())
    );
}

fn ballot() -> impl Strategy<Value = (Vec<Delegation>, Vec<Vote>)> {
    prop::collection::vec(
        prop::sample::subsequence(vec![1, 2, 3, 4, 5, 6], 1..=3),
        1..60,
    )
    .prop_map(|papers| {
        let d = (0..papers.len())
            .map(|i| Delegation {
                org_id: i32::try_from(i).unwrap_or(0),
                name: format!("CLP {i}"),
                section: Section::Clp,
                weight: 1,
            })
            .collect();
        let v = papers
            .into_iter()
            .enumerate()
            .map(|(i, subjects)| Vote {
                org_id: i32::try_from(i).unwrap_or(0),
                subjects,
            })
            .collect();
        (d, v)
    })
}

proptest! {
    #[test]
    fn a_count_published_faithfully_has_no_flags_and_a_changed_figure_has(
        (d, v) in ballot(),
        decimals in 0u8..3,
        seed in any::<u64>(),
        all in any::<bool>(),
        bump in 0usize..6,
    ) {
        let subjects: Vec<Subject> = (1..=6).map(|id| Subject { id, name: format!("Subject {id}") }).collect();
        let rule = if all { TieRule::AllGoForward } else { TieRule::DrawByLot { seed } };
        let set = BallotSettings { forward: 3, tie_rule: rule, ..BallotSettings::default() };
        let r = count(&subjects, &d, &v, &set, &[]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let published = PublishedSection::from_result(&r.clp, decimals);
        prop_assert_eq!(published.validate(), Ok(()));
        prop_assert_eq!(check_published(&published, &set), vec![]);
        let mut wrong = published.clone();
        wrong.rows[bump].votes += 1;
        prop_assert!(check_published(&wrong, &set).iter().any(|f| f.code == FlagCode::SectionTotal));
    }
}
