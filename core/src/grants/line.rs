//! A line of a grant report (GR-EXPLAIN): its kind, its period, and the two ways to read it,
//! [`Line`] with every field of docs/formats.md resolved and [`CompactLine`] with the fields as the
//! report stores them.

use std::fmt;

use chrono::NaiveDate;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::parameters::Payer;
use crate::dates::{days_in_year, epoch_day, from_epoch_day};
use crate::ids::{ClusterId, Ydernummer};
use crate::money::{Dkk, Rate};
use crate::rule::Rule;

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// GR-STARTUP.
    StartupFee,
    /// GR-ANNUAL-REGIONAL or GR-ANNUAL-PLO.
    AnnualGrant,
    /// GR-CLAWBACK (negative).
    Clawback,
}

impl LineKind {
    /// True for an annual grant, the only kind with a period, patients and a rate (and the
    /// only one without capacities).
    #[inline]
    pub const fn is_annual(self) -> bool {
        matches!(self, LineKind::AnnualGrant)
    }

    /// The name docs/formats.md uses: `startup_fee`, `annual_grant`, `clawback`.
    pub const fn as_str(self) -> &'static str {
        match self {
            LineKind::StartupFee => "startup_fee",
            LineKind::AnnualGrant => "annual_grant",
            LineKind::Clawback => "clawback",
        }
    }
}

impl fmt::Display for LineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The columns of a report as a table (Arrow, pandas, CSV): docs/formats.md's line fields, `period`
/// split in two, with the cluster's name and region (where its scenario gives them) after its
/// id.
pub const REPORT_COLUMNS: [&str; 17] = [
    "cluster",
    "cluster_name",
    "region",
    "ydernummer",
    "kind",
    "grant_year",
    "rule",
    "period_from",
    "period_until",
    "patients",
    "rate",
    "days",
    "days_in_year",
    "capacities",
    "amount",
    "payer",
    "due",
];

/// The days an annual grant covers, half-open `[from, until)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day.
    #[serde(with = "crate::dates::strict")]
    pub from: NaiveDate,
    /// The first day after.
    #[serde(with = "crate::dates::strict")]
    pub until: NaiveDate,
}

/// One line with its fields as the report stores them, for consumers that want every field
/// without resolving the others: the cluster is an index into [`GrantReport::clusters`](super::GrantReport::clusters), the
/// practice an index into [`GrantReport::practices`](super::GrantReport::practices), the rate is looked up once per grant
/// year with [`GrantReport::rate`](super::GrantReport::rate), and dates are also given as days since 1970-01-01
/// (Arrow's `date32`, see [`epoch_day`]). [`Line`] is the same line with those resolved.
///
/// ```
/// let report = klynge::sample::national().grants(2022, 2022)?;
/// let line = report.compact_line(0).unwrap();
/// let full = report.line(0).unwrap();
/// assert_eq!(report.clusters()[line.cluster_index()], *full.cluster);
/// assert_eq!(report.practices()[line.practice_index()], full.ydernummer);
/// assert_eq!((line.period(), line.days(), line.amount()), (full.period, full.days, full.amount));
/// assert_eq!(line.due_epoch_day(), full.due.map(klynge::dates::epoch_day));
/// # Ok::<(), klynge::ValidationErrors>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompactLine {
    pub(crate) cluster: u32,
    pub(crate) practice: u32,
    pub(crate) patients: u32,
    /// An annual grant's period as epoch days; 0 for a fee or clawback.
    pub(crate) from: i32,
    pub(crate) until: i32,
    pub(crate) amount: Dkk,
    /// The payout date as an epoch day, or [`PENDING`].
    pub(crate) due: i32,
    pub(crate) grant_year: i16,
    pub(crate) capacities: u16,
    pub(crate) kind: LineKind,
    pub(crate) rule: Rule,
    pub(crate) payer: Payer,
}

/// The stored `due` of a line that is not due yet: no date's epoch day (chrono's dates lie
/// within ±100 million days of 1970).
pub(crate) const PENDING: i32 = i32::MIN;

/// The stored form of a payout date.
pub(crate) fn stored_due(due: Option<NaiveDate>) -> i32 {
    due.map_or(PENDING, epoch_day)
}

/// A stored epoch day as a date. Every stored day was made from a date by [`epoch_day`], so the
/// fallback is never taken; it only spares a panic path.
fn stored_date(day: i32) -> NaiveDate {
    from_epoch_day(day).unwrap_or(NaiveDate::MIN)
}

impl CompactLine {
    /// See [`LineKind::is_annual`].
    #[inline]
    fn is_annual(&self) -> bool {
        self.kind.is_annual()
    }

    /// The cluster, as an index into [`GrantReport::clusters`](super::GrantReport::clusters).
    #[inline]
    pub fn cluster_index(&self) -> usize {
        self.cluster as usize
    }

    /// The practice, as an index into [`GrantReport::practices`](super::GrantReport::practices).
    #[inline]
    pub fn practice_index(&self) -> usize {
        self.practice as usize
    }

    /// Startup fee, annual grant or clawback.
    #[inline]
    pub fn kind(&self) -> LineKind {
        self.kind
    }

    /// The grant year (see docs/formats.md for what it means per kind).
    #[inline]
    pub fn grant_year(&self) -> i32 {
        i32::from(self.grant_year)
    }

    /// The rule that produced the line.
    #[inline]
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The days an annual grant covers; `None` for a fee or clawback.
    #[inline]
    pub fn period(&self) -> Option<Period> {
        self.is_annual().then(|| Period { from: stored_date(self.from), until: stored_date(self.until) })
    }

    /// An annual grant's period as epoch days (`from`, `until`): [`CompactLine::period`]
    /// without making dates.
    #[inline]
    pub fn period_epoch_days(&self) -> Option<(i32, i32)> {
        self.is_annual().then_some((self.from, self.until))
    }

    /// Group-1 patients of an annual grant.
    #[inline]
    pub fn patients(&self) -> Option<u32> {
        self.is_annual().then_some(self.patients)
    }

    /// The grant year whose rate the line used: an annual grant's own year; `None` for a fee
    /// or clawback, which carry no rate.
    #[inline]
    pub fn rate_year(&self) -> Option<i32> {
        self.is_annual().then(|| self.grant_year())
    }

    /// The days of an annual grant's period.
    #[inline]
    pub fn days(&self) -> Option<u32> {
        // `until` is never before `from` (the period is half-open and not empty).
        self.is_annual().then(|| self.until.abs_diff(self.from))
    }

    /// 365 or 366, for an annual grant.
    #[inline]
    pub fn days_in_year(&self) -> Option<u16> {
        self.is_annual().then(|| days_in_year(self.grant_year()))
    }

    /// Doctor capacities of a fee or clawback.
    #[inline]
    pub fn capacities(&self) -> Option<u16> {
        (!self.is_annual()).then_some(self.capacities)
    }

    /// The amount, negative for a clawback.
    #[inline]
    pub fn amount(&self) -> Dkk {
        self.amount
    }

    /// Who pays (or is repaid).
    #[inline]
    pub fn payer(&self) -> Payer {
        self.payer
    }

    /// The payout date; `None` while the cluster is not complete.
    #[inline]
    pub fn due(&self) -> Option<NaiveDate> {
        (self.due != PENDING).then(|| stored_date(self.due))
    }

    /// The payout date as an epoch day: [`CompactLine::due`] without making a date.
    #[inline]
    pub fn due_epoch_day(&self) -> Option<i32> {
        (self.due != PENDING).then_some(self.due)
    }
}

/// A line of the report, with every field of docs/formats.md (GR-EXPLAIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The cluster.
    pub cluster: &'a ClusterId,
    /// The practice.
    pub ydernummer: Ydernummer,
    /// Startup fee, annual grant or clawback.
    pub kind: LineKind,
    /// The grant year (see docs/formats.md for what it means per kind).
    pub grant_year: i32,
    /// The rule that produced the line.
    pub rule: Rule,
    /// The days an annual grant covers; `None` for a fee or clawback.
    pub period: Option<Period>,
    /// Group-1 patients of an annual grant.
    pub patients: Option<u32>,
    /// The rate of an annual grant.
    pub rate: Option<Rate>,
    /// The days of the period.
    pub days: Option<u32>,
    /// 365 or 366.
    pub days_in_year: Option<u16>,
    /// Doctor capacities of a fee or clawback.
    pub capacities: Option<u16>,
    /// The amount, negative for a clawback.
    pub amount: Dkk,
    /// Who pays (or is repaid).
    pub payer: Payer,
    /// The payout date; `None` while the cluster is not complete.
    pub due: Option<NaiveDate>,
}

impl Serialize for Line<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Line", 14)?;
        s.serialize_field("cluster", self.cluster)?;
        s.serialize_field("ydernummer", &self.ydernummer)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("grant_year", &self.grant_year)?;
        s.serialize_field("rule", &self.rule)?;
        s.serialize_field("period", &self.period)?;
        s.serialize_field("patients", &self.patients)?;
        s.serialize_field("rate", &self.rate)?;
        s.serialize_field("days", &self.days)?;
        s.serialize_field("days_in_year", &self.days_in_year)?;
        s.serialize_field("capacities", &self.capacities)?;
        s.serialize_field("amount", &self.amount)?;
        s.serialize_field("payer", &self.payer)?;
        s.serialize_field("due", &self.due)?;
        s.end()
    }
}
