//! A calendar date without a time or a zone, for the dates a conference sets (cut-off,
//! deadlines) and the date of an event an emergency motion responds to.
//!
//! The domain needs only to compare dates and write them as people do ("12 September 2024"), so
//! this small type stands in for a date library (the browser build carries none). It is stored
//! and sent as ISO 8601 (`2024-09-12`). Which day "today" is, in the conference's time zone, is
//! for the caller to say.
//!
//! ```
//! use app::domain::motions::date::Date;
//! let deadline = Date::parse_iso("2024-09-12").unwrap();
//! assert_eq!(deadline.to_string(), "12 September 2024");
//! assert!(Date::new(2024, 9, 3).unwrap() < deadline);
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid Gregorian calendar date from year 1 to 9999. Ordered by year, month, day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not in the form `YYYY-MM-DD`.
    #[error("“{0}” is not a date in the form YYYY-MM-DD")]
    Format(String),
    /// The form is right but no such day exists.
    #[error("{0} is not a day of the calendar")]
    NoSuchDay(String),
}

impl Date {
    /// The date, if it exists (`Date::new(2023, 2, 29)` is `None`).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let year = u16::try_from(year)
            .ok()
            .filter(|y| (1..=9999).contains(y))?;
        let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        let day = u8::try_from(day)
            .ok()
            .filter(|&d| d >= 1 && d <= days_in_month(year, month))?;
        Some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Reads `YYYY-MM-DD` (surrounding whitespace ignored).
    pub fn parse_iso(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        let format = || DateError::Format(t.to_owned());
        let mut parts = t.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format());
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(format());
        }
        let num = |s: &str| s.parse::<u32>().map_err(|_| format());
        let year = i32::try_from(num(y)?).map_err(|_| format())?;
        Date::new(year, num(m)?, num(d)?).ok_or_else(|| DateError::NoSuchDay(t.to_owned()))
    }

    /// The date as `2024-09-12`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    /// As written in a conference report: `5 July 2024`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = MONTHS[usize::from(self.month - 1)];
        write!(f, "{} {month} {}", self.day, self.year)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse_iso(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse_iso(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_and_writes_dates_as_people_do() {
        let d = Date::parse_iso(" 2024-07-05 ").ok();
        assert_eq!(d, Date::new(2024, 7, 5));
        assert_eq!(d.map(|d| d.to_string()), Some("5 July 2024".to_owned()));
        assert_eq!(d.map(Date::iso), Some("2024-07-05".to_owned()));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert_eq!(Date::new(2023, 2, 29), None);
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2100, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert_eq!(
            Date::parse_iso("2024-09-31").map_err(|e| e.to_string()),
            Err("2024-09-31 is not a day of the calendar".to_owned())
        );
        for bad in [
            "12 September 2024",
            "2024-9-12",
            "2024-09-12-01",
            "",
            "２０２４-09-12",
        ] {
            assert!(
                matches!(Date::parse_iso(bad), Err(DateError::Format(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn serde_is_iso() {
        let d = Date::new(2024, 9, 12);
        assert_eq!(
            serde_json::to_string(&d).ok().as_deref(),
            Some("\"2024-09-12\"")
        );
        assert_eq!(serde_json::from_str::<Date>("\"2024-09-12\"").ok(), d);
        assert!(serde_json::from_str::<Date>("\"2024-13-01\"").is_err());
    }

    proptest! {
        #[test]
        fn iso_round_trips_and_orders_like_its_text(
            a in (1i32..=9999, 1u32..=12, 1u32..=31),
            b in (1i32..=9999, 1u32..=12, 1u32..=31),
        ) {
            if let (Some(x), Some(y)) = (Date::new(a.0, a.1, a.2), Date::new(b.0, b.1, b.2)) {
                prop_assert_eq!(Date::parse_iso(&x.iso()).ok(), Some(x));
                prop_assert_eq!(x.cmp(&y), x.iso().cmp(&y.iso()));
            }
        }
    }
}
