//! Card-vote arithmetic: forecasts before the vote and checks of the figures published after it.
//!
//! Conference decides rule changes by card vote. Each delegation's votes are proportional to its
//! membership, and the two sections are scaled so that CLPs decide 50% and affiliates 50% of the
//! result; a change is carried with a majority (more than 50%) of the weighted vote. A section's
//! "for" share of the whole is therefore `50 × for / (for + against)`, and the published results
//! print each section's share of the whole (so 48.76% + 49.87% = 98.63%).
//!
//! **A section in which no votes are cast** contributes nothing and the other section is scaled
//! to 100%: the result is a majority of the votes cast, and counting a silent section as 0% for
//! would make every change fail. In a forecast this is what "no data yet for this section"
//! means. When neither section has votes there is no result ([`Verdict::NoVotes`]), never a
//! division by zero.
//!
//! A forecast's point estimate leaves undecided votes out (as abstentions are left out of a
//! card vote); its range runs from "every undecided vote against" to "every undecided vote for".
//! Whether a change is carried is decided in exact integer arithmetic, so a tie is never carried
//! by a rounding error.
//!
//! ```
//! use app::domain::conference::forecast::{round2, CardVote, Votes};
//! let vote = CardVote {
//!     clp: Votes { for_votes: 342_921, against: 8_723 },
//!     affiliates: Votes { for_votes: 1_810_113, against: 4_825 },
//! };
//! let r = vote.result();
//! assert_eq!((round2(r.clp_for), round2(r.affiliates_for), round2(r.total_for)), (48.76, 49.87, 98.63));
//! assert_eq!(r.carried, Some(true));
//! ```

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// Rounds a percentage to two decimals, as results are printed.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Votes cast in one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Votes {
    /// Votes for.
    pub for_votes: u64,
    /// Votes against.
    pub against: u64,
}

/// A card vote: the votes cast in each section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CardVote {
    /// The CLP section (membership-weighted).
    pub clp: Votes,
    /// The affiliates' section (by card-vote weight).
    pub affiliates: Votes,
}

/// A card vote worked out as percentages of the whole.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CardVoteResult {
    /// The CLP section's "for" votes as a percentage of the whole (at most 50 when both sections
    /// voted).
    pub clp_for: f64,
    /// The CLP section's "against" votes as a percentage of the whole.
    pub clp_against: f64,
    /// The affiliates' "for" votes as a percentage of the whole.
    pub affiliates_for: f64,
    /// The affiliates' "against" votes as a percentage of the whole.
    pub affiliates_against: f64,
    /// Weighted "for" in percent.
    pub total_for: f64,
    /// Weighted "against" in percent.
    pub total_against: f64,
    /// Whether the change is carried (a majority of the weighted vote); `None` when no votes
    /// were cast.
    pub carried: Option<bool>,
}

impl CardVote {
    /// The weighted result of this vote.
    pub fn result(&self) -> CardVoteResult {
        let c = Tally::decided(self.clp.for_votes, self.clp.against);
        let a = Tally::decided(self.affiliates.for_votes, self.affiliates.against);
        let (wc, wa) = weights(c.cast > 0, a.cast > 0);
        let clp_for = c.pct_yes(wc);
        let clp_against = c.pct_no(wc);
        let affiliates_for = a.pct_yes(wa);
        let affiliates_against = a.pct_no(wa);
        CardVoteResult {
            clp_for,
            clp_against,
            affiliates_for,
            affiliates_against,
            total_for: clp_for + affiliates_for,
            total_against: clp_against + affiliates_against,
            carried: majority(c, a),
        }
    }
}

/// Support in one section before the vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SectionForecast {
    /// Votes pledged for.
    pub for_votes: u64,
    /// Votes expected against.
    pub against: u64,
    /// Votes whose intention is not known.
    pub undecided: u64,
}

/// What a forecast says will happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Carried even if every undecided vote goes against.
    Carried,
    /// Lost even if every undecided vote goes for.
    Lost,
    /// The undecided votes decide it.
    TooCloseToCall,
    /// No votes known in either section.
    NoVotes,
}

/// A card-vote forecast.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The CLP section's "for" as a percentage of the whole, undecided votes left out.
    pub clp_for: f64,
    /// The affiliates' "for" as a percentage of the whole, undecided votes left out.
    pub affiliates_for: f64,
    /// The point estimate: weighted "for" in percent, undecided votes left out.
    pub total_for: f64,
    /// Weighted "for" if every undecided vote goes against.
    pub lowest_for: f64,
    /// Weighted "for" if every undecided vote goes for.
    pub highest_for: f64,
    /// Carried, lost or too close to call.
    pub verdict: Verdict,
}

/// Forecasts a card vote from the support known in each section.
///
/// For the point estimate a section counts only when some of its votes are decided; for the
/// range, when it has any votes at all (undecided included).
pub fn forecast(clp: &SectionForecast, affiliates: &SectionForecast) -> Forecast {
    let point = CardVote {
        clp: Votes {
            for_votes: clp.for_votes,
            against: clp.against,
        },
        affiliates: Votes {
            for_votes: affiliates.for_votes,
            against: affiliates.against,
        },
    }
    .result();
    let low = |s: &SectionForecast| Tally {
        yes: u128::from(s.for_votes),
        cast: u128::from(s.for_votes) + u128::from(s.against) + u128::from(s.undecided),
    };
    let high = |s: &SectionForecast| Tally {
        yes: u128::from(s.for_votes) + u128::from(s.undecided),
        ..low(s)
    };
    let (lc, la) = (low(clp), low(affiliates));
    let (hc, ha) = (high(clp), high(affiliates));
    let (wc, wa) = weights(lc.cast > 0, la.cast > 0);
    let verdict = if lc.cast == 0 && la.cast == 0 {
        Verdict::NoVotes
    } else if majority(lc, la) == Some(true) {
        Verdict::Carried
    } else if majority(hc, ha) == Some(false) {
        Verdict::Lost
    } else {
        Verdict::TooCloseToCall
    };
    Forecast {
        clp_for: point.clp_for,
        affiliates_for: point.affiliates_for,
        total_for: point.total_for,
        lowest_for: lc.pct_yes(wc) + la.pct_yes(wa),
        highest_for: hc.pct_yes(wc) + ha.pct_yes(wa),
        verdict,
    }
}

/// One section's "yes" votes out of the votes it cast, wide enough never to overflow.
#[derive(Debug, Clone, Copy)]
struct Tally {
    yes: u128,
    cast: u128,
}

impl Tally {
    fn decided(for_votes: u64, against: u64) -> Self {
        Tally {
            yes: u128::from(for_votes),
            cast: u128::from(for_votes) + u128::from(against),
        }
    }

    fn pct_yes(self, weight: f64) -> f64 {
        share(self.yes, self.cast, weight)
    }

    fn pct_no(self, weight: f64) -> f64 {
        share(self.cast - self.yes, self.cast, weight)
    }
}

/// `weight × part / whole`, 0 for an empty whole.
fn share(part: u128, whole: u128, weight: f64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    weight * (part as f64 / whole as f64)
}

/// Each section's weight in percent: 50/50, or 100 for the only section that voted.
fn weights(clp_voted: bool, affiliates_voted: bool) -> (f64, f64) {
    match (clp_voted, affiliates_voted) {
        (true, true) => (50.0, 50.0),
        (true, false) => (100.0, 0.0),
        (false, true) => (0.0, 100.0),
        (false, false) => (0.0, 0.0),
    }
}

/// Whether the weighted "yes" is a majority, exactly; `None` when nothing was cast.
fn majority(c: Tally, a: Tally) -> Option<bool> {
    match (c.cast > 0, a.cast > 0) {
        (false, false) => None,
        (true, false) => Some(c.yes > c.cast - c.yes),
        (false, true) => Some(a.yes > a.cast - a.yes),
        // yes_c/cast_c + yes_a/cast_a > 1  ⇔  yes_c/cast_c > no_a/cast_a.
        (true, true) => {
            Some(cmp_products(c.yes, a.cast, a.cast - a.yes, c.cast) == Ordering::Greater)
        }
    }
}

/// Compares `a × b` with `c × d`, exactly unless the products overflow 128 bits.
fn cmp_products(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    match (a.checked_mul(b), c.checked_mul(d)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => (a as f64 * b as f64)
            .partial_cmp(&(c as f64 * d as f64))
            .unwrap_or(Ordering::Equal),
    }
}

/// How far a printed percentage may be from the figure worked out from the votes.
pub const PRINT_TOLERANCE: f64 = 0.01;

/// One section of a published card-vote result, as printed.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PublishedSection {
    /// Votes for.
    pub for_votes: u64,
    /// Votes against.
    pub against: u64,
    /// "For" as printed, in percent of the whole (e.g. 48.76).
    pub for_pct: f64,
    /// "Against" as printed, in percent of the whole, if printed.
    pub against_pct: Option<f64>,
    /// The section's total votes, if printed.
    pub stated_total: Option<u64>,
}

/// A published card-vote result, entered after the vote.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PublishedResult {
    /// The CLP section.
    pub clp: PublishedSection,
    /// The affiliates' section.
    pub affiliates: PublishedSection,
    /// The total "for" as printed, in percent.
    pub total_for_pct: f64,
    /// The total "against" as printed, if printed.
    pub total_against_pct: Option<f64>,
    /// The outcome declared from the platform, if recorded: `true` for carried.
    pub declared_carried: Option<bool>,
}

/// The figures a result sheet prints beside the votes. Each is optional: only what was printed
/// is entered, and only what was printed can be wrong.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PrintedFigures {
    /// The CLP section's stated total votes.
    pub clp_total: Option<u64>,
    /// The CLP section's "for", in percent of the whole.
    pub clp_for_pct: Option<f64>,
    /// The CLP section's "against", in percent of the whole.
    pub clp_against_pct: Option<f64>,
    /// The affiliates' stated total votes.
    pub affiliates_total: Option<u64>,
    /// The affiliates' "for", in percent of the whole.
    pub affiliates_for_pct: Option<f64>,
    /// The affiliates' "against", in percent of the whole.
    pub affiliates_against_pct: Option<f64>,
    /// The total "for", in percent.
    pub total_for_pct: Option<f64>,
    /// The total "against", in percent.
    pub total_against_pct: Option<f64>,
}

impl PrintedFigures {
    /// Whether any figure was entered.
    pub fn is_empty(&self) -> bool {
        *self == PrintedFigures::default()
    }

    /// Refuses a percentage that is not a number from 0 to 100, naming it.
    pub fn validate(&self) -> Result<(), String> {
        let pcts = [
            ("CLP section \"for\"", self.clp_for_pct),
            ("CLP section \"against\"", self.clp_against_pct),
            ("affiliates' \"for\"", self.affiliates_for_pct),
            ("affiliates' \"against\"", self.affiliates_against_pct),
            ("total \"for\"", self.total_for_pct),
            ("total \"against\"", self.total_against_pct),
        ];
        for (name, pct) in pcts {
            if let Some(p) = pct
                && !(p.is_finite() && (0.0..=100.0).contains(&p))
            {
                return Err(format!(
                    "The printed {name} figure must be a percentage from 0 to 100."
                ));
            }
        }
        Ok(())
    }
}

impl PublishedResult {
    /// The published result of `vote` with the figures that were printed; a percentage that was
    /// not printed is taken from the votes (so it cannot be flagged).
    pub fn from_votes(
        vote: &CardVote,
        printed: &PrintedFigures,
        declared_carried: Option<bool>,
    ) -> Self {
        let computed = vote.result();
        PublishedResult {
            clp: PublishedSection {
                for_votes: vote.clp.for_votes,
                against: vote.clp.against,
                for_pct: printed.clp_for_pct.unwrap_or(computed.clp_for),
                against_pct: printed.clp_against_pct,
                stated_total: printed.clp_total,
            },
            affiliates: PublishedSection {
                for_votes: vote.affiliates.for_votes,
                against: vote.affiliates.against,
                for_pct: printed
                    .affiliates_for_pct
                    .unwrap_or(computed.affiliates_for),
                against_pct: printed.affiliates_against_pct,
                stated_total: printed.affiliates_total,
            },
            total_for_pct: printed.total_for_pct.unwrap_or(computed.total_for),
            total_against_pct: printed.total_against_pct,
            declared_carried,
        }
    }
}

/// What kind of inconsistency a [`ResultFlag`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagCode {
    /// A section's for + against is not its stated total.
    SectionTotal,
    /// A printed percentage does not match the votes.
    Percentage,
    /// The section percentages do not add up to the printed total.
    Sum,
    /// The declared outcome does not follow from the votes.
    Outcome,
}

/// One inconsistency in published figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultFlag {
    /// What kind of inconsistency.
    pub code: FlagCode,
    /// What is wrong, in words a delegate can check against the printed page.
    pub message: String,
}

/// Recomputes a published result from its votes and lists every figure that does not add up.
/// An empty list means the figures are consistent.
pub fn check_published_result(p: &PublishedResult) -> Vec<ResultFlag> {
    let mut flags = Vec::new();
    let mut flag = |code, message: String| flags.push(ResultFlag { code, message });
    let computed = CardVote {
        clp: Votes {
            for_votes: p.clp.for_votes,
            against: p.clp.against,
        },
        affiliates: Votes {
            for_votes: p.affiliates.for_votes,
            against: p.affiliates.against,
        },
    }
    .result();
    let sections = [
        (
            "CLP section",
            &p.clp,
            computed.clp_for,
            computed.clp_against,
        ),
        (
            "Affiliates' section",
            &p.affiliates,
            computed.affiliates_for,
            computed.affiliates_against,
        ),
    ];
    for (name, s, for_pct, against_pct) in sections {
        let cast = u128::from(s.for_votes) + u128::from(s.against);
        if let Some(stated) = s.stated_total
            && u128::from(stated) != cast
        {
            flag(
                FlagCode::SectionTotal,
                format!(
                    "{name}: {} for + {} against = {}, but the stated total is {}.",
                    thousands(s.for_votes.into()),
                    thousands(s.against.into()),
                    thousands(cast),
                    thousands(stated.into())
                ),
            );
        }
        if differs(s.for_pct, for_pct) {
            flag(
                FlagCode::Percentage,
                format!(
                    "{name}: {} for out of {} votes is {:.2}% of the whole, but {:.2}% is printed.",
                    thousands(s.for_votes.into()),
                    thousands(cast),
                    for_pct,
                    s.for_pct
                ),
            );
        }
        if let Some(printed) = s.against_pct
            && differs(printed, against_pct)
        {
            flag(
                FlagCode::Percentage,
                format!(
                    "{name}: {} against out of {} votes is {:.2}% of the whole, but {:.2}% is \
                     printed.",
                    thousands(s.against.into()),
                    thousands(cast),
                    against_pct,
                    printed
                ),
            );
        }
    }
    let printed_sum = p.clp.for_pct + p.affiliates.for_pct;
    if differs(printed_sum, p.total_for_pct) {
        flag(
            FlagCode::Sum,
            format!(
                "The sections' printed \"for\" figures add up to {printed_sum:.2}%, but the total \
                 printed is {:.2}%.",
                p.total_for_pct
            ),
        );
    }
    if differs(p.total_for_pct, computed.total_for) {
        flag(
            FlagCode::Percentage,
            format!(
                "The votes give {:.2}% for in total, but {:.2}% is printed.",
                computed.total_for, p.total_for_pct
            ),
        );
    }
    if let (Some(a), Some(b)) = (p.clp.against_pct, p.affiliates.against_pct)
        && let Some(total) = p.total_against_pct
        && differs(a + b, total)
    {
        flag(
            FlagCode::Sum,
            format!(
                "The sections' printed \"against\" figures add up to {:.2}%, but the total \
                 printed is {total:.2}%.",
                a + b
            ),
        );
    }
    if let Some(total) = p.total_against_pct
        && differs(total, computed.total_against)
    {
        flag(
            FlagCode::Percentage,
            format!(
                "The votes give {:.2}% against in total, but {total:.2}% is printed.",
                computed.total_against
            ),
        );
    }
    if let Some(declared) = p.declared_carried
        && computed.carried != Some(declared)
    {
        let said = if declared { "carried" } else { "lost" };
        let message = match computed.carried {
            None => format!("The change was declared {said}, but no votes are recorded."),
            Some(_) => format!(
                "The change was declared {said}, but the votes give {:.2}% for; a change needs \
                 more than 50%.",
                computed.total_for
            ),
        };
        flag(FlagCode::Outcome, message);
    }
    flags
}

/// Whether two percentages differ by more than printing can explain.
fn differs(a: f64, b: f64) -> bool {
    a.is_nan() || b.is_nan() || (a - b).abs() > PRINT_TOLERANCE + 1e-9
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn section(for_votes: u64, against: u64, undecided: u64) -> SectionForecast {
        SectionForecast {
            for_votes,
            against,
            undecided,
        }
    }

    #[test]
    fn printed_figures_that_were_not_printed_cannot_be_flagged() {
        let vote = CardVote {
            clp: Votes {
                for_votes: 342_921,
                against: 8_723,
            },
            affiliates: Votes {
                for_votes: 1_810_113,
                against: 4_825,
            },
        };
        let nothing = PublishedResult::from_votes(&vote, &PrintedFigures::default(), Some(true));
        assert!(check_published_result(&nothing).is_empty());
        let as_printed = PrintedFigures {
            clp_for_pct: Some(48.76),
            affiliates_for_pct: Some(49.87),
            total_for_pct: Some(98.63),
            clp_total: Some(351_644),
            ..PrintedFigures::default()
        };
        assert!(as_printed.validate().is_ok());
        let p = PublishedResult::from_votes(&vote, &as_printed, Some(true));
        assert!(
            check_published_result(&p).is_empty(),
            "{:?}",
            check_published_result(&p)
        );
        let misprinted = PrintedFigures {
            total_for_pct: Some(98.36),
            clp_total: Some(351_464),
            ..as_printed
        };
        let flags =
            check_published_result(&PublishedResult::from_votes(&vote, &misprinted, Some(true)));
        let codes: Vec<FlagCode> = flags.iter().map(|f| f.code).collect();
        assert!(codes.contains(&FlagCode::SectionTotal), "{flags:?}");
        assert!(codes.contains(&FlagCode::Sum), "{flags:?}");
        assert!(codes.contains(&FlagCode::Percentage), "{flags:?}");
        let silly = PrintedFigures {
            affiliates_for_pct: Some(149.0),
            ..PrintedFigures::default()
        };
        assert!(silly.validate().unwrap_err().contains("affiliates"));
        assert!(PrintedFigures::default().is_empty() && !as_printed.is_empty());
    }

    fn worked_example() -> PublishedResult {
        PublishedResult {
            clp: PublishedSection {
                for_votes: 342_921,
                against: 8_723,
                for_pct: 48.76,
                against_pct: Some(1.24),
                stated_total: Some(351_644),
            },
            affiliates: PublishedSection {
                for_votes: 1_810_113,
                against: 4_825,
                for_pct: 49.87,
                against_pct: Some(0.13),
                stated_total: None,
            },
            total_for_pct: 98.63,
            total_against_pct: Some(1.37),
            declared_carried: Some(true),
        }
    }

    #[test]
    fn worked_example_gives_98_63() {
        let f = forecast(&section(342_921, 8_723, 0), &section(1_810_113, 4_825, 0));
        assert_eq!(round2(f.clp_for), 48.76);
        assert_eq!(round2(f.affiliates_for), 49.87);
        assert_eq!(round2(f.total_for), 98.63);
        assert_eq!((f.lowest_for, f.highest_for), (f.total_for, f.total_for));
        assert_eq!(f.verdict, Verdict::Carried);
    }

    #[test]
    fn worked_example_publishes_consistently() {
        assert_eq!(check_published_result(&worked_example()), vec![]);
    }

    #[test]
    fn sections_weigh_half_each_whatever_their_size() {
        // A tiny CLP vote all for, a huge affiliate vote mostly against: exactly 50% + 10%.
        let v = CardVote {
            clp: Votes {
                for_votes: 10,
                against: 0,
            },
            affiliates: Votes {
                for_votes: 1_000_000,
                against: 9_000_000,
            },
        }
        .result();
        assert_eq!(
            (v.clp_for, v.affiliates_for, v.total_for),
            (50.0, 5.0, 55.0)
        );
        assert_eq!(v.carried, Some(true));
    }

    #[test]
    fn an_exact_tie_is_lost() {
        let v = CardVote {
            clp: Votes {
                for_votes: 1,
                against: 2,
            },
            affiliates: Votes {
                for_votes: 2,
                against: 1,
            },
        }
        .result();
        assert_eq!(v.carried, Some(false));
        assert!((v.total_for - 50.0).abs() < 1e-9);
    }

    #[test]
    fn undecided_votes_give_a_range() {
        let f = forecast(&section(400, 400, 200), &section(500, 500, 0));
        assert_eq!(f.total_for, 50.0);
        assert_eq!(f.lowest_for, 45.0);
        assert_eq!(f.highest_for, 55.0);
        assert_eq!(f.verdict, Verdict::TooCloseToCall);
        let f = forecast(&section(700, 100, 200), &section(600, 400, 0));
        assert_eq!(f.verdict, Verdict::Carried);
        let f = forecast(&section(100, 700, 200), &section(400, 600, 0));
        assert_eq!(f.verdict, Verdict::Lost);
    }

    #[test]
    fn a_silent_section_leaves_the_other_at_100_percent() {
        let f = forecast(&section(300, 100, 0), &section(0, 0, 0));
        assert_eq!(
            (f.clp_for, f.affiliates_for, f.total_for),
            (75.0, 0.0, 75.0)
        );
        assert_eq!(f.verdict, Verdict::Carried);
        // Affiliates undecided: no point estimate from them, but they widen the range.
        let f = forecast(&section(300, 100, 0), &section(0, 0, 1_000));
        assert_eq!(f.total_for, 75.0);
        assert_eq!((f.lowest_for, f.highest_for), (37.5, 87.5));
        assert_eq!(f.verdict, Verdict::TooCloseToCall);
    }

    #[test]
    fn no_votes_at_all() {
        let f = forecast(&section(0, 0, 0), &section(0, 0, 0));
        assert_eq!(f.verdict, Verdict::NoVotes);
        assert_eq!((f.total_for, f.lowest_for, f.highest_for), (0.0, 0.0, 0.0));
        assert_eq!(CardVote::default().result().carried, None);
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let f = forecast(
            &section(u64::MAX, u64::MAX, u64::MAX),
            &section(u64::MAX, 0, 0),
        );
        // CLPs a third for at worst (16.67%), affiliates all for (50%).
        assert!((f.lowest_for - 50.0 / 3.0 - 50.0).abs() < 1e-9);
        assert_eq!(f.verdict, Verdict::Carried);
    }

    #[test]
    fn flags_a_wrong_section_total() {
        let mut p = worked_example();
        p.clp.stated_total = Some(351_645);
        let flags = check_published_result(&p);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].code, FlagCode::SectionTotal);
        assert_eq!(
            flags[0].message,
            "CLP section: 342,921 for + 8,723 against = 351,644, but the stated total is 351,645."
        );
    }

    #[test]
    fn flags_a_transposed_percentage() {
        let mut p = worked_example();
        p.clp.for_pct = 48.67;
        p.total_for_pct = 98.54;
        let codes: Vec<FlagCode> = check_published_result(&p).iter().map(|f| f.code).collect();
        // The section figure is wrong and so is the total worked out from it; they still sum.
        assert_eq!(codes, vec![FlagCode::Percentage, FlagCode::Percentage]);
        let msg = &check_published_result(&p)[0].message;
        assert_eq!(
            msg,
            "CLP section: 342,921 for out of 351,644 votes is 48.76% of the whole, but 48.67% \
             is printed."
        );
    }

    #[test]
    fn flags_a_total_that_does_not_add_up() {
        let mut p = worked_example();
        p.total_for_pct = 98.36;
        p.total_against_pct = Some(1.64);
        let flags = check_published_result(&p);
        let codes: Vec<FlagCode> = flags.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            vec![
                FlagCode::Sum,
                FlagCode::Percentage,
                FlagCode::Sum,
                FlagCode::Percentage
            ]
        );
        assert!(flags[0].message.contains("add up to 98.63%"));
    }

    #[test]
    fn rounding_within_a_hundredth_is_not_flagged() {
        let mut p = worked_example();
        p.clp.for_pct = 48.75;
        p.total_for_pct = 98.62;
        assert_eq!(check_published_result(&p), vec![]);
    }

    #[test]
    fn flags_a_declared_outcome_the_votes_do_not_give() {
        let mut p = worked_example();
        p.declared_carried = Some(false);
        let flags = check_published_result(&p);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].code, FlagCode::Outcome);
        assert_eq!(
            flags[0].message,
            "The change was declared lost, but the votes give 98.63% for; a change needs more \
             than 50%."
        );
        let empty = PublishedResult {
            declared_carried: Some(true),
            ..PublishedResult::default()
        };
        assert_eq!(check_published_result(&empty)[0].code, FlagCode::Outcome);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_810_113), "1,810,113");
    }

    proptest! {
        #[test]
        fn forecast_range_holds_the_point(
            cf in 0u64..2_000_000, ca in 0u64..2_000_000, cu in 0u64..2_000_000,
            af in 0u64..3_000_000, aa in 0u64..3_000_000, au in 0u64..3_000_000,
        ) {
            let f = forecast(&section(cf, ca, cu), &section(af, aa, au));
            let eps = 1e-9;
            prop_assert!(f.lowest_for <= f.total_for + eps, "{f:?}");
            prop_assert!(f.total_for <= f.highest_for + eps, "{f:?}");
            for x in [f.lowest_for, f.total_for, f.highest_for, f.clp_for, f.affiliates_for] {
                prop_assert!((0.0..=100.0 + eps).contains(&x), "{f:?}");
            }
            match f.verdict {
                Verdict::Carried => prop_assert!(f.lowest_for > 50.0 - eps),
                Verdict::Lost => prop_assert!(f.highest_for <= 50.0 + eps),
                Verdict::TooCloseToCall => {
                    prop_assert!(f.lowest_for <= 50.0 + eps && f.highest_for > 50.0 - eps);
                }
                Verdict::NoVotes => prop_assert_eq!(cf + ca + cu + af + aa + au, 0),
            }
        }

        #[test]
        fn a_consistent_publication_has_no_flags(
            cf in 0u64..2_000_000, ca in 1u64..2_000_000, af in 0u64..3_000_000, aa in 1u64..3_000_000,
        ) {
            let r = CardVote {
                clp: Votes { for_votes: cf, against: ca },
                affiliates: Votes { for_votes: af, against: aa },
            }
            .result();
            let p = PublishedResult {
                clp: PublishedSection {
                    for_votes: cf,
                    against: ca,
                    for_pct: round2(r.clp_for),
                    against_pct: Some(round2(r.clp_against)),
                    stated_total: Some(cf + ca),
                },
                affiliates: PublishedSection {
                    for_votes: af,
                    against: aa,
                    for_pct: round2(r.affiliates_for),
                    against_pct: Some(round2(r.affiliates_against)),
                    stated_total: Some(af + aa),
                },
                total_for_pct: round2(r.total_for),
                total_against_pct: Some(round2(r.total_against)),
                declared_carried: r.carried,
            };
            prop_assert_eq!(check_published_result(&p), vec![]);
        }
    }
}
