//! Calendar: membership periods (MEM-PERIOD), anniversaries (GR-CLAWBACK), days in a year
//! (GR-ANNUAL-REGIONAL), and the range of dates the library accepts.
//!
//! Every date the library takes in lies in years [`FIRST_YEAR`]..=[`LAST_YEAR`], so date
//! arithmetic (the next 1 January, an anniversary) can never leave chrono's range.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::problem::Explain;
use crate::rule::Rule;

/// The first year the library accepts in a date or grant year.
pub const FIRST_YEAR: i32 = 1900;
/// The last year the library accepts in a date or grant year.
pub const LAST_YEAR: i32 = 2999;

/// A date, a year or a period is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A date outside the supported years.
    #[error("the date {date} is outside the years {FIRST_YEAR} to {LAST_YEAR}")]
    DateOutOfRange {
        /// The rule of the field.
        rule: Rule,
        /// The date given.
        date: NaiveDate,
    },
    /// A year outside the supported years.
    #[error("the year {year} is outside {FIRST_YEAR} to {LAST_YEAR}")]
    YearOutOfRange {
        /// The rule of the field.
        rule: Rule,
        /// The year given.
        year: i64,
    },
    /// MEM-PERIOD: `left` is not after `joined`.
    #[error("a membership must end after it begins: left {left} is not after joined {joined}")]
    EmptyPeriod {
        /// The first day of membership.
        joined: NaiveDate,
        /// The first day without membership.
        left: NaiveDate,
    },
    /// MEM-PERIOD: the text is not `YYYY-MM-DD..` or `YYYY-MM-DD..YYYY-MM-DD`.
    #[error("{0:?} is not a period such as \"2022-03-01..2022-12-31\" or \"2022-03-01..\"")]
    PeriodSyntax(String),
}

impl Explain for CalendarError {
    fn rule(&self) -> Rule {
        match self {
            CalendarError::DateOutOfRange { rule, .. } | CalendarError::YearOutOfRange { rule, .. } => *rule,
            CalendarError::EmptyPeriod { .. } | CalendarError::PeriodSyntax(_) => Rule::MemPeriod,
        }
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        match self {
            CalendarError::DateOutOfRange { date, .. } => {
                format!("datoen {date} ligger uden for årene {FIRST_YEAR} til {LAST_YEAR}")
            }
            CalendarError::YearOutOfRange { year, .. } => {
                format!("året {year} ligger uden for {FIRST_YEAR} til {LAST_YEAR}")
            }
            CalendarError::EmptyPeriod { joined, left } => {
                format!(
                    "et medlemskab skal slutte efter det begynder: udtrædelse {left} er ikke efter indtrædelse {joined}"
                )
            }
            CalendarError::PeriodSyntax(text) => {
                format!("{text:?} er ikke en periode som \"2022-03-01..2022-12-31\" eller \"2022-03-01..\"")
            }
        }
    }
}

/// Checks that a date lies in the supported years; `rule` is the rule of the field.
pub fn check_date(date: NaiveDate, rule: Rule) -> Result<NaiveDate, CalendarError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(CalendarError::DateOutOfRange { rule, date })
    }
}

/// Checks that a year is supported; `rule` is the rule of the field.
pub fn check_year(year: i64, rule: Rule) -> Result<i32, CalendarError> {
    i32::try_from(year)
        .ok()
        .filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y))
        .ok_or(CalendarError::YearOutOfRange { rule, year })
}

/// 1 January of `year`. Total for every year chrono can hold of a supported date plus one.
pub fn new_year(year: i32) -> NaiveDate {
    NaiveDate::from_yo_opt(year, 1).unwrap_or(NaiveDate::MAX)
}

/// GR-ANNUAL-REGIONAL: 366 in a leap year, otherwise 365.
///
/// The Gregorian rule (every fourth year, but not centuries unless divisible by 400), the
/// calendar chrono uses; a test checks the two agree on every supported year.
pub fn days_in_year(year: i32) -> u16 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    if leap { 366 } else { 365 }
}

/// The days from `from` up to `until` (`until` not before `from`), as `until - from` counts
/// them, by the dates' day of the year when they lie in the same or neighbouring years (an
/// annual grant's period always does) rather than through chrono's durations; 0 if `until`
/// is before `from`.
pub fn days_between(from: NaiveDate, until: NaiveDate) -> u32 {
    let (first, last) = (from.year(), until.year());
    let days = if last == first {
        i64::from(until.ordinal()) - i64::from(from.ordinal())
    } else if last == first + 1 {
        i64::from(days_in_year(first)) - i64::from(from.ordinal()) + i64::from(until.ordinal())
    } else {
        i64::from(until.num_days_from_ce()) - i64::from(from.num_days_from_ce())
    };
    u32::try_from(days).unwrap_or(0)
}

/// GR-CLAWBACK: the first anniversary of `date`, the same day and month a year later; for
/// 29 February it is 28 February.
pub fn anniversary(date: NaiveDate) -> NaiveDate {
    let year = date.year().saturating_add(1);
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))
        .unwrap_or(NaiveDate::MAX)
}

/// MEM-PERIOD: a membership's days, half-open `[joined, left)`; `left == None` means still a
/// member. Can only exist with `left > joined` and both dates in the supported years.
///
/// ```
/// use klynge::MembershipPeriod;
/// let period: MembershipPeriod = "2022-03-01..2022-12-31".parse()?;
/// assert_eq!(period.days_in(2022), 305);
/// assert!(!period.contains("2022-12-31".parse().unwrap()));
/// # Ok::<(), klynge::CalendarError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "RawPeriod", into = "RawPeriod")]
pub struct MembershipPeriod {
    joined: NaiveDate,
    left: Option<NaiveDate>,
}

/// The serialised form of a period: `{"joined": "...", "left": null}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    joined: NaiveDate,
    left: Option<NaiveDate>,
}

impl TryFrom<RawPeriod> for MembershipPeriod {
    type Error = CalendarError;

    fn try_from(raw: RawPeriod) -> Result<Self, CalendarError> {
        MembershipPeriod::new(raw.joined, raw.left)
    }
}

impl From<MembershipPeriod> for RawPeriod {
    fn from(period: MembershipPeriod) -> Self {
        RawPeriod { joined: period.joined, left: period.left }
    }
}

impl MembershipPeriod {
    /// A period from `joined`, until `left` (exclusive) if given.
    pub fn new(joined: NaiveDate, left: Option<NaiveDate>) -> Result<Self, CalendarError> {
        check_date(joined, Rule::MemPeriod)?;
        if let Some(left) = left {
            check_date(left, Rule::MemPeriod)?;
            if left <= joined {
                return Err(CalendarError::EmptyPeriod { joined, left });
            }
        }
        Ok(MembershipPeriod { joined, left })
    }

    /// The first day of membership.
    pub fn joined(self) -> NaiveDate {
        self.joined
    }

    /// The first day without membership, if the membership has ended.
    pub fn left(self) -> Option<NaiveDate> {
        self.left
    }

    /// True when the practice is a member on `day`: `joined <= day < left`.
    pub fn contains(self, day: NaiveDate) -> bool {
        self.joined <= day && self.left.is_none_or(|left| day < left)
    }

    /// True when the two periods share a day.
    pub fn overlaps(self, other: MembershipPeriod) -> bool {
        let starts_before_other_ends = other.left.is_none_or(|end| self.joined < end);
        let other_starts_before_end = self.left.is_none_or(|end| other.joined < end);
        starts_before_other_ends && other_starts_before_end
    }

    /// The days of the period within `[from, until)`.
    pub fn days_between(self, from: NaiveDate, until: NaiveDate) -> u32 {
        let start = self.joined.max(from);
        let end = self.left.map_or(until, |left| left.min(until));
        u32::try_from((end - start).num_days()).unwrap_or(0)
    }

    /// The days of the period within calendar year `year`.
    pub fn days_in(self, year: i32) -> u32 {
        self.days_between(new_year(year), new_year(year.saturating_add(1)))
    }

    /// The same period ending on `left`.
    pub fn ending(self, left: NaiveDate) -> Result<Self, CalendarError> {
        MembershipPeriod::new(self.joined, Some(left))
    }
}

impl FromStr for MembershipPeriod {
    type Err = CalendarError;

    /// `"2022-03-01..2022-12-31"` or `"2022-03-01.."`.
    fn from_str(s: &str) -> Result<Self, CalendarError> {
        let syntax = || CalendarError::PeriodSyntax(s.to_owned());
        let (joined, left) = s.trim().split_once("..").ok_or_else(syntax)?;
        let joined: NaiveDate = joined.parse().map_err(|_| syntax())?;
        let left = match left {
            "" => None,
            text => Some(text.parse::<NaiveDate>().map_err(|_| syntax())?),
        };
        MembershipPeriod::new(joined, left)
    }
}

impl fmt::Display for MembershipPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.left {
            Some(left) => write!(f, "{}..{}", self.joined, left),
            None => write!(f, "{}..", self.joined),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn mem_period_is_half_open() {
        let p = MembershipPeriod::new(d("2022-03-01"), Some(d("2022-12-31"))).unwrap();
        assert!(p.contains(d("2022-03-01")));
        assert!(p.contains(d("2022-12-30")));
        assert!(!p.contains(d("2022-12-31")));
        assert!(!p.contains(d("2022-02-28")));
        assert_eq!(p.days_in(2022), 305);
        assert_eq!(p.days_in(2023), 0);
        let open = MembershipPeriod::new(d("2022-03-01"), None).unwrap();
        assert_eq!(open.days_in(2022), 306);
        assert_eq!(open.days_in(2024), 366);
    }

    #[test]
    fn mem_period_left_after_joined() {
        let day = d("2022-03-01");
        assert_eq!(MembershipPeriod::new(day, Some(day)), Err(CalendarError::EmptyPeriod { joined: day, left: day }));
        assert!(MembershipPeriod::new(d("1899-12-31"), None).is_err());
        assert_eq!("2022-03-01..2022-03-01".parse::<MembershipPeriod>().unwrap_err().rule(), Rule::MemPeriod);
    }

    #[test]
    fn mem_period_overlap_is_on_shared_days() {
        let a: MembershipPeriod = "2020-01-01..2021-01-01".parse().unwrap();
        let b: MembershipPeriod = "2021-01-01..".parse().unwrap();
        let c: MembershipPeriod = "2020-12-31..2021-01-02".parse().unwrap();
        assert!(!a.overlaps(b) && !b.overlaps(a));
        assert!(a.overlaps(c) && c.overlaps(b));
    }

    #[test]
    fn mem_period_serialises_as_joined_and_left() {
        let p: MembershipPeriod = "2022-03-01..".parse().unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"joined":"2022-03-01","left":null}"#);
        assert_eq!(serde_json::from_str::<MembershipPeriod>(&json).unwrap(), p);
        assert!(serde_json::from_str::<MembershipPeriod>(r#"{"joined":"2022-03-01","left":"2022-01-01"}"#).is_err());
    }

    #[test]
    fn gr_clawback_anniversary_of_29_february_is_28_february() {
        assert_eq!(anniversary(d("2024-02-29")), d("2025-02-28"));
        assert_eq!(anniversary(d("2022-03-01")), d("2023-03-01"));
        assert_eq!(days_in_year(2024), 366);
        assert_eq!(days_in_year(2100), 365);
    }

    #[test]
    fn gr_annual_regional_days_in_year_agrees_with_chrono_on_every_supported_year() {
        for year in FIRST_YEAR..=LAST_YEAR {
            let chrono = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() { 366 } else { 365 };
            assert_eq!(days_in_year(year), chrono, "{year}");
        }
    }
}
