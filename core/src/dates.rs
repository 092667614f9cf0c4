//! Dates: membership periods (MEM-PERIOD), anniversaries (GR-CLAWBACK), days in a year
//! (GR-ANNUAL-REGIONAL), and the range of dates the library accepts.
//!
//! Every date the library takes in lies in years [`FIRST_YEAR`]..=[`LAST_YEAR`], so date
//! arithmetic (the next 1 January, an anniversary) can never leave chrono's range.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::problem::{Explain, quote};
use crate::rule::Rule;

/// The first year the library accepts in a date or grant year.
pub const FIRST_YEAR: i32 = 1900;
/// The last year the library accepts in a date or grant year.
pub const LAST_YEAR: i32 = 2999;

/// A date, a year or a period is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
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
    #[error("{} is not a period such as \"2022-03-01..2022-12-31\" or \"2022-03-01..\"", quote(.0))]
    PeriodSyntax(String),
}

impl Explain for DateError {
    fn rule(&self) -> Rule {
        match self {
            DateError::DateOutOfRange { rule, .. } | DateError::YearOutOfRange { rule, .. } => *rule,
            DateError::EmptyPeriod { .. } | DateError::PeriodSyntax(_) => Rule::MemPeriod,
        }
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        match self {
            DateError::DateOutOfRange { date, .. } => {
                format!("datoen {date} ligger uden for årene {FIRST_YEAR} til {LAST_YEAR}")
            }
            DateError::YearOutOfRange { year, .. } => {
                format!("året {year} ligger uden for {FIRST_YEAR} til {LAST_YEAR}")
            }
            DateError::EmptyPeriod { joined, left } => {
                format!(
                    "et medlemskab skal slutte efter det begynder: udtrædelse {left} er ikke efter indtrædelse {joined}"
                )
            }
            DateError::PeriodSyntax(text) => {
                format!("{} er ikke en periode som \"2022-03-01..2022-12-31\" eller \"2022-03-01..\"", quote(text))
            }
        }
    }
}

/// Checks that a date lies in the supported years; `rule` is the rule of the field.
pub fn check_date(date: NaiveDate, rule: Rule) -> Result<NaiveDate, DateError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError::DateOutOfRange { rule, date })
    }
}

/// A date written exactly `YYYY-MM-DD` (docs/formats.md): four digits, two, two, with dashes, and
/// nothing around them; `None` for anything else, such as `2022-1-5`, `+2022-01-05` or a date
/// that does not exist.
///
/// ```
/// use klynge::dates::parse_date;
/// assert_eq!(parse_date("2022-03-01").map(|d| d.to_string()), Some("2022-03-01".into()));
/// assert_eq!(parse_date("2022-1-5"), None);
/// assert_eq!(parse_date(" 2022-03-01"), None);
/// assert_eq!(parse_date("2022-02-30"), None);
/// ```
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text.as_bytes() else { return None };
    let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    let year = ((digit(y1)? * 10 + digit(y2)?) * 10 + digit(y3)?) * 10 + digit(y4)?;
    let month = digit(m1)? * 10 + digit(m2)?;
    let day = digit(d1)? * 10 + digit(d2)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The months' names, in English.
pub(crate) const MONTHS_EN: [&str; 12] = [
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
/// The months' names, in Danish.
pub(crate) const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// Why a text shaped like a date (`2023-06-31`, `31-06-2023`) is none: its month or day does
/// not exist. The reason starts with `"; "`, to follow a message that the text is not a date;
/// both are empty for a text that is not shaped like a date at all.
///
/// ```
/// use klynge::dates::why_not_a_date;
/// assert_eq!(why_not_a_date("2023-06-31").0, "; June 2023 has 30 days, so 31 June does not exist");
/// assert_eq!(why_not_a_date("13.13.2023").0, "; there is no month 13");
/// assert_eq!(why_not_a_date("soon").0, "");
/// ```
pub fn why_not_a_date(text: &str) -> (String, String) {
    let parts: Vec<&str> = text.split(['-', '.', '/']).collect();
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
        })
        .collect();
    let (year, month, day) = match (parts.as_slice(), numbers.as_deref()) {
        ([y, ..], Some(&[year, month, day])) if y.len() == 4 => (year, month, day),
        ([.., y], Some(&[day, month, year])) if y.len() == 4 => (year, month, day),
        _ => return (String::new(), String::new()),
    };
    if !(1..=12).contains(&month) {
        return (format!("; there is no month {month}"), format!("; der er ingen måned {month}"));
    }
    let Ok(year_i) = i32::try_from(year) else { return (String::new(), String::new()) };
    let first = NaiveDate::from_ymd_opt(year_i, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year_i + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year_i, month + 1, 1)
    };
    let (Some(first), Some(next)) = (first, next) else { return (String::new(), String::new()) };
    let length = next.signed_duration_since(first).num_days();
    let index = usize::try_from(month - 1).unwrap_or(0);
    let (en, da) = (MONTHS_EN.get(index).copied().unwrap_or(""), MONTHS_DA.get(index).copied().unwrap_or(""));
    if day == 0 || i64::from(day) > length {
        return (
            format!("; {en} {year} has {length} days, so {day} {en} does not exist"),
            format!("; {da} {year} har {length} dage, så den {day}. {da} findes ikke"),
        );
    }
    (String::new(), String::new())
}

/// Serde for dates written exactly `YYYY-MM-DD`, as docs/formats.md says: chrono's own
/// reader also takes `2022-1-5`, `+2022-01-05` and surrounding spaces, which would not write
/// back as they were read. Used as `#[serde(with = "crate::dates::strict")]`, and
/// `strict::option` for `Option<NaiveDate>`.
pub(crate) mod strict {
    use chrono::NaiveDate;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::problem::quote;

    pub(crate) fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        date.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_date(&text).ok_or_else(|| {
            D::Error::custom(format!("{} is not a date YYYY-MM-DD{}", quote(&text), super::why_not_a_date(&text).0))
        })
    }

    pub(crate) mod option {
        use chrono::NaiveDate;
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        pub(crate) fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
            date.serialize(serializer)
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
            #[derive(Deserialize)]
            struct Strict(#[serde(with = "super")] NaiveDate);
            Ok(Option::<Strict>::deserialize(deserializer)?.map(|Strict(date)| date))
        }
    }
}

/// Checks that a year is supported; `rule` is the rule of the field.
pub fn check_year(year: i64, rule: Rule) -> Result<i32, DateError> {
    i32::try_from(year)
        .ok()
        .filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y))
        .ok_or(DateError::YearOutOfRange { rule, year })
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

/// Days from 0001-01-01, day 1 of chrono's common-era count, to 1970-01-01.
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// The epoch day of 1 January of each year from [`FIRST_YEAR`] to the year after
/// [`LAST_YEAR`] (a period can end on that New Year's Day), by the Gregorian rule; a property
/// test checks [`epoch_day`] against chrono over and beyond these years.
#[expect(clippy::indexing_slicing, reason = "evaluated while compiling: a bad index would not compile")]
const NEW_YEAR_EPOCH_DAYS: [i32; (LAST_YEAR - FIRST_YEAR + 2) as usize] = {
    let mut days = [0; (LAST_YEAR - FIRST_YEAR + 2) as usize];
    let mut i = 0;
    while i < days.len() {
        // 1 January as chrono counts it (0001-01-01 is day 1): 365 days a year before it plus
        // the leap days among those years.
        let before = FIRST_YEAR + i as i32 - 1;
        days[i] = 365 * before + before / 4 - before / 100 + before / 400 + 1 - UNIX_EPOCH_FROM_CE;
        i += 1;
    }
    days
};

/// `date` as a count of days since 1970-01-01, negative before: Arrow's `date32` and numpy's
/// `datetime64[D]`. Two dates' counts differ by the days between them, so a report stores its
/// dates this way and a column of them is a copy. A table lookup for the supported years
/// (a report converts three dates a line), chrono's count otherwise.
#[inline]
pub fn epoch_day(date: NaiveDate) -> i32 {
    let year = usize::try_from(date.year() - FIRST_YEAR).unwrap_or(usize::MAX);
    match NEW_YEAR_EPOCH_DAYS.get(year) {
        // The ordinal is at most 366, so the cast cannot wrap.
        Some(new_year) => new_year + date.ordinal0() as i32,
        None => date.num_days_from_ce() - UNIX_EPOCH_FROM_CE,
    }
}

/// The date `day` days after 1970-01-01 (before it, if negative), the inverse of
/// [`epoch_day`]; `None` outside the dates chrono can hold.
pub fn from_epoch_day(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(UNIX_EPOCH_FROM_CE)?)
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
/// # Ok::<(), klynge::DateError>(())
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
    #[serde(with = "strict")]
    joined: NaiveDate,
    #[serde(default, with = "strict::option")]
    left: Option<NaiveDate>,
}

impl TryFrom<RawPeriod> for MembershipPeriod {
    type Error = DateError;

    fn try_from(raw: RawPeriod) -> Result<Self, DateError> {
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
    pub fn new(joined: NaiveDate, left: Option<NaiveDate>) -> Result<Self, DateError> {
        check_date(joined, Rule::MemPeriod)?;
        if let Some(left) = left {
            check_date(left, Rule::MemPeriod)?;
            if left <= joined {
                return Err(DateError::EmptyPeriod { joined, left });
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
    pub fn ending(self, left: NaiveDate) -> Result<Self, DateError> {
        MembershipPeriod::new(self.joined, Some(left))
    }
}

impl FromStr for MembershipPeriod {
    type Err = DateError;

    /// `"2022-03-01..2022-12-31"` or `"2022-03-01.."`.
    fn from_str(s: &str) -> Result<Self, DateError> {
        let syntax = || DateError::PeriodSyntax(s.to_owned());
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
        assert_eq!(MembershipPeriod::new(day, Some(day)), Err(DateError::EmptyPeriod { joined: day, left: day }));
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
    fn epoch_days_count_from_1970() {
        assert_eq!(epoch_day(d("1970-01-01")), 0);
        assert_eq!(epoch_day(d("2022-01-01")), 18_993);
        assert_eq!(epoch_day(d("1969-12-31")), -1);
        assert_eq!(from_epoch_day(18_993), Some(d("2022-01-01")));
        assert_eq!(from_epoch_day(i32::MIN), None);
        assert_eq!(from_epoch_day(i32::MAX), None);
    }

    #[test]
    fn epoch_days_agree_with_chrono_around_every_new_year_of_the_table_and_beyond_it() {
        for year in FIRST_YEAR - 2..=LAST_YEAR + 3 {
            for date in [new_year(year), new_year(year).pred_opt().unwrap(), new_year(year).succ_opt().unwrap()] {
                assert_eq!(epoch_day(date), date.num_days_from_ce() - UNIX_EPOCH_FROM_CE, "{date}");
            }
        }
    }

    #[test]
    fn gr_annual_regional_days_in_year_agrees_with_chrono_on_every_supported_year() {
        for year in FIRST_YEAR..=LAST_YEAR {
            let chrono = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() { 366 } else { 365 };
            assert_eq!(days_in_year(year), chrono, "{year}");
        }
    }
}
