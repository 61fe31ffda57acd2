//! No silent wrong result (issue 17): for random clauses and random wording over the grammar,
//! the engine either reports a problem, or says the result is verified and it equals what an
//! independent, deliberately simple reference application gives. Never a different text with no
//! problem.
//!
//! The reference works on a list of tokens (words and full stops) rather than on text, knows
//! nothing of the engine's matching, spacing or sentence rules, and declines (`None`) whenever
//! the wording is not plainly applicable: the engine must then report a problem.
//! `REDLINE_FUZZ_CASES` sets the number of cases (default 4,000; `make bench` runs the fuzz
//! harness at volume).

use app::domain::wording::apply;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

const VOCAB: &[&str] = &[
    "the", "NEC", "shall", "may", "member", "members", "vote", "appeal", "and", "or", "Party",
    "notice", "meeting", "rules",
];

type Toks = Vec<String>;

fn render(t: &[String]) -> String {
    let mut out = String::new();
    for (i, w) in t.iter().enumerate() {
        if i > 0 && w != "." {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn words(s: &str) -> Toks {
    s.split(' ').map(str::to_owned).collect()
}

/// Token ranges of each sentence, its full stop included.
fn sentence_spans(t: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, w) in t.iter().enumerate() {
        if w == "." {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    out
}

fn occurrences(t: &[String], p: &[String], region: (usize, usize)) -> Vec<(usize, usize)> {
    if p.is_empty() {
        return Vec::new();
    }
    (region.0..region.1)
        .filter(|&i| i + p.len() <= region.1 && t[i..i + p.len()] == *p)
        .map(|i| (i, i + p.len()))
        .collect()
}

#[derive(Debug, Clone)]
enum Which {
    Only,
    Nth(usize),
    Every,
    Both,
}

#[derive(Debug, Clone)]
enum Form {
    Delete(Toks, Which, Option<usize>),
    Replace(Toks, Toks, Which, Option<usize>),
    After(Toks, Toks, Which),
    Before(Toks, Toks, Which),
    RangeThrough(Toks, Toks),
    RangeToSentenceEnd(Toks),
    AllAfter(Toks),
    DeleteSentence(usize),
    SentenceAfter(usize, Toks),
    AmendToRead(Toks),
    AddAtEnd(Toks),
}

fn ordinal(n: usize) -> &'static str {
    ["first", "second", "third", "fourth"][n - 1]
}

fn wording(f: &Form, q: &dyn Fn(&[String]) -> String) -> String {
    let which = |w: &Which, quoted: String| match w {
        Which::Nth(n) => format!("the {} {quoted}", ordinal(*n)),
        _ => quoted,
    };
    let suffix = |w: &Which| match w {
        Which::Every => " throughout",
        Which::Both => " in both places",
        _ => "",
    };
    let within = |s: &Option<usize>| match s {
        Some(n) => format!("In the {} sentence, ", ordinal(*n)),
        None => String::new(),
    };
    match f {
        Form::Delete(p, w, s) => format!("{}delete {}{}", within(s), which(w, q(p)), suffix(w)),
        Form::Replace(p, n, w, s) => format!(
            "{}replace {}{} with {}",
            within(s),
            which(w, q(p)),
            suffix(w),
            q(n)
        ),
        Form::After(a, t, w) => format!("After {}{} insert {}", which(w, q(a)), suffix(w), q(t)),
        Form::Before(a, t, w) => format!("Before {}{} insert {}", which(w, q(a)), suffix(w), q(t)),
        Form::RangeThrough(a, b) => format!("Delete from {} to {} (inclusive)", q(a), q(b)),
        Form::RangeToSentenceEnd(a) => {
            format!("Delete the words from {} to the end of the sentence", q(a))
        }
        Form::AllAfter(a) => format!("Delete all words after {}", q(a)),
        Form::DeleteSentence(n) => format!("Delete the {} sentence", ordinal(*n)),
        Form::SentenceAfter(n, t) => format!("After the {} sentence insert: {}", ordinal(*n), q(t)),
        Form::AmendToRead(t) => format!("Amend to read: {}", q(t)),
        Form::AddAtEnd(t) => format!("Add at end: {}", q(t)),
    }
}

/// One edit on tokens: replace `start..end` by `with`.
struct Edit {
    start: usize,
    end: usize,
    with: Toks,
}

/// The single occurrence meant, or every one, or `None` when the wording is not plain.
fn pick(
    t: &[String],
    p: &[String],
    w: &Which,
    region: (usize, usize),
) -> Option<Vec<(usize, usize)>> {
    let occ = occurrences(t, p, region);
    let picked = match w {
        Which::Only => (occ.len() == 1).then(|| occ.clone())?,
        Which::Nth(n) => vec![*occ.get(n - 1)?],
        Which::Every => (!occ.is_empty()).then(|| occ.clone())?,
        Which::Both => (occ.len() == 2).then(|| occ.clone())?,
    };
    // Overlapping occurrences ("the the" in "the the the") are not plain.
    let plain = picked.windows(2).all(|x| x[0].1 <= x[1].0);
    plain.then_some(picked)
}

fn reference_edits(t: &[String], f: &Form) -> Option<Vec<Edit>> {
    let spans = sentence_spans(t);
    let all = (0, t.len());
    let region = |s: &Option<usize>| match s {
        Some(n) => spans.get(n - 1).copied(),
        None => Some(all),
    };
    let e = |s, e, w: &Toks| Edit {
        start: s,
        end: e,
        with: w.clone(),
    };
    Some(match f {
        Form::Delete(p, w, s) => pick(t, p, w, region(s)?)?
            .into_iter()
            .map(|(a, b)| e(a, b, &Vec::new()))
            .collect(),
        Form::Replace(p, n, w, s) => pick(t, p, w, region(s)?)?
            .into_iter()
            .map(|(a, b)| e(a, b, n))
            .collect(),
        Form::After(a, x, w) => pick(t, a, w, all)?
            .into_iter()
            .map(|(_, b)| e(b, b, x))
            .collect(),
        Form::Before(a, x, w) => pick(t, a, w, all)?
            .into_iter()
            .map(|(s, _)| e(s, s, x))
            .collect(),
        Form::RangeThrough(a, b) => {
            let (s, ae) = *pick(t, a, &Which::Only, all)?.first()?;
            let (_, be) = *pick(t, b, &Which::Only, (ae, t.len()))?.first()?;
            vec![e(s, be, &Vec::new())]
        }
        Form::RangeToSentenceEnd(a) => {
            let (s, _) = *pick(t, a, &Which::Only, all)?.first()?;
            let stop = spans.iter().find(|sp| sp.0 <= s && s < sp.1)?.1 - 1;
            vec![e(s, stop, &Vec::new())]
        }
        Form::AllAfter(a) => {
            let (_, ae) = *pick(t, a, &Which::Only, all)?.first()?;
            let last = *spans.last()?;
            if ae < last.0 || ae >= last.1 - 1 {
                return None;
            }
            vec![e(ae, last.1 - 1, &Vec::new())]
        }
        Form::DeleteSentence(n) => {
            let (s, x) = *spans.get(n - 1)?;
            vec![e(s, x, &Vec::new())]
        }
        Form::SentenceAfter(n, x) => {
            let (_, end) = *spans.get(n - 1)?;
            vec![e(end, end, x)]
        }
        Form::AmendToRead(x) => vec![e(0, t.len(), x)],
        Form::AddAtEnd(x) => vec![e(t.len(), t.len(), x)],
    })
}

/// The reference result of `forms` on `base`, or `None` when it is not plainly applicable.
fn reference(base: &[String], forms: &[Form]) -> Option<String> {
    let mut edits = Vec::new();
    for f in forms {
        edits.extend(reference_edits(base, f)?);
    }
    edits.sort_by_key(|e| (e.start, e.end > e.start));
    let mut out: Toks = Vec::new();
    let mut pos = 0;
    for ed in edits {
        if ed.start < pos {
            return None;
        }
        out.extend_from_slice(&base[pos..ed.start]);
        out.extend(ed.with.iter().cloned());
        pos = ed.end;
    }
    out.extend_from_slice(&base[pos..]);
    Some(render(&out))
}

fn phrase() -> impl Strategy<Value = Toks> {
    prop::collection::vec(prop::sample::select(VOCAB), 1..3)
        .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn base_text() -> impl Strategy<Value = Toks> {
    prop::collection::vec(
        prop::collection::vec(prop::sample::select(VOCAB), 2..7),
        1..4,
    )
    .prop_map(|ss| {
        let mut t = Vec::new();
        for s in ss {
            t.extend(s.into_iter().map(str::to_owned));
            t.push(".".to_owned());
        }
        t
    })
}

fn which() -> impl Strategy<Value = Which> {
    prop_oneof![
        4 => Just(Which::Only),
        2 => (1usize..4).prop_map(Which::Nth),
        1 => Just(Which::Every),
        1 => Just(Which::Both),
    ]
}

fn sentence_no() -> impl Strategy<Value = Option<usize>> {
    prop_oneof![3 => Just(None), 1 => (1usize..4).prop_map(Some)]
}

fn form() -> impl Strategy<Value = Form> {
    fn sentence() -> impl Strategy<Value = Toks> {
        phrase().prop_map(|mut p| {
            p.push(".".to_owned());
            p
        })
    }
    prop_oneof![
        3 => (phrase(), which(), sentence_no()).prop_map(|(p, w, s)| Form::Delete(p, w, s)),
        3 => (phrase(), phrase(), which(), sentence_no()).prop_map(|(p, n, w, s)| Form::Replace(p, n, w, s)),
        2 => (phrase(), phrase(), which()).prop_map(|(a, t, w)| Form::After(a, t, w)),
        1 => (phrase(), phrase(), which()).prop_map(|(a, t, w)| Form::Before(a, t, w)),
        2 => (phrase(), phrase()).prop_map(|(a, b)| Form::RangeThrough(a, b)),
        1 => phrase().prop_map(Form::RangeToSentenceEnd),
        1 => phrase().prop_map(Form::AllAfter),
        1 => (1usize..4).prop_map(Form::DeleteSentence),
        1 => (1usize..4, sentence()).prop_map(|(n, t)| Form::SentenceAfter(n, t)),
        1 => sentence().prop_map(Form::AmendToRead),
        1 => sentence().prop_map(Form::AddAtEnd),
    ]
}

const QUOTES: [(&str, &str); 5] = [("\"", "\""), ("'", "'"), ("‘", "’"), ("“", "”"), ("‘", "'")];

fn check(base: &[String], forms: &[Form], style: usize) -> Result<(), TestCaseError> {
    let (o, c) = QUOTES[style % QUOTES.len()];
    let q = |p: &[String]| format!("{o}{}{c}", render(p));
    let w = match forms {
        [one] => wording(one, &q),
        many => many
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{}. {}", i + 1, wording(f, &q)))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let base_text = render(base);
    let a = apply(&base_text, &w);
    if a.problems.is_empty() {
        prop_assert!(a.verified, "no problem but not verified: {w:?}");
        let expected = reference(base, forms);
        prop_assert_eq!(
            Some(a.result.clone()),
            expected,
            "\nbase {:?}\nwording {:?}",
            base_text,
            w
        );
    } else {
        prop_assert!(!a.verified);
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("REDLINE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4_000)
}

#[test]
fn verified_results_equal_the_reference() {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        base_text(),
        prop::collection::vec(form(), 1..3),
        0usize..QUOTES.len(),
    );
    let result = runner.run(&strategy, |(base, forms, style)| {
        check(&base, &forms, style)
    });
    assert!(result.is_ok(), "{result:?}");
    println!("wording reference property: {} cases", cases());
}

#[test]
fn reference_agrees_on_plain_examples() {
    let base = words("the NEC may vote . members may appeal .");
    let f = [Form::Replace(words("NEC"), words("CLP"), Which::Only, None)];
    assert_eq!(
        reference(&base, &f).as_deref(),
        Some("the CLP may vote. members may appeal.")
    );
    assert!(reference(&base, &[Form::Delete(words("may"), Which::Only, None)]).is_none());
    let a = apply(&render(&base), "Replace 'may' with 'shall' throughout");
    assert!(a.verified);
    assert_eq!(
        Some(a.result),
        reference(
            &base,
            &[Form::Replace(
                words("may"),
                words("shall"),
                Which::Every,
                None
            )]
        )
    );
}
