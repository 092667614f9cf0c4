//! The grant report of FORMAT.md: explainable lines (GR-EXPLAIN) and totals per cluster and
//! grant year.
//!
//! Lines are stored compactly ([`GrantReport::memory_per_line`]) and by field, one vector a
//! field: cluster ids are interned in the report, practices are indices into the scenario's
//! sorted table of practices (shared, not copied), rates are kept once per grant year, and days
//! follow from the period. Read a line through a [`Line`] view, which carries every field of
//! FORMAT.md, or through a [`CompactLine`]; the Arrow columns
//! ([`GrantReport::arrow_columns`]) read whole fields at once.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::parameters::Payer;
use crate::calendar::{days_in_year, epoch_day, from_epoch_day};
use crate::ids::{ClusterId, Ydernummer};
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors};
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

    /// The name FORMAT.md uses: `startup_fee`, `annual_grant`, `clawback`.
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

/// The fields of a line as flat columns (FORMAT.md's order, `period` split in two), for tables
/// such as CSV or a DataFrame.
pub const FLAT_COLUMNS: [&str; 15] = [
    "cluster",
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
    pub from: NaiveDate,
    /// The first day after.
    pub until: NaiveDate,
}

/// One line with its fields as the report stores them, for consumers that want every field
/// without resolving the others: the cluster is an index into [`GrantReport::clusters`], the
/// practice an index into [`GrantReport::practices`], the rate is looked up once per grant
/// year with [`GrantReport::rate`], and dates are also given as days since 1970-01-01
/// (Arrow's `date32`, see [`epoch_day`]). [`Line`] is the same line with those resolved.
///
/// ```
/// let report = klynge::sample::national().grants(2022, 2022)?;
/// let line = report.compact_line(0).unwrap();
/// let full = report.line(0).unwrap();
/// assert_eq!(report.clusters()[line.cluster_index()], *full.cluster);
/// assert_eq!(report.practices()[line.practice_index()], full.ydernummer);
/// assert_eq!((line.period(), line.days(), line.amount()), (full.period, full.days, full.amount));
/// assert_eq!(line.due_epoch_day(), full.due.map(klynge::calendar::epoch_day));
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

    /// The cluster, as an index into [`GrantReport::clusters`].
    #[inline]
    pub fn cluster_index(&self) -> usize {
        self.cluster as usize
    }

    /// The practice, as an index into [`GrantReport::practices`].
    #[inline]
    pub fn practice_index(&self) -> usize {
        self.practice as usize
    }

    /// Startup fee, annual grant or clawback.
    #[inline]
    pub fn kind(&self) -> LineKind {
        self.kind
    }

    /// The grant year (see FORMAT.md for what it means per kind).
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

/// The report's lines stored by field, one vector a field: entry `i` of each is line `i`. A
/// field that does not apply to a line's kind holds 0 (a fee's period and patients, an annual
/// grant's capacities), so that a table's column is its vector, converted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LineColumns {
    pub(crate) cluster: Vec<u32>,
    pub(crate) practice: Vec<u32>,
    pub(crate) kind: Vec<LineKind>,
    pub(crate) grant_year: Vec<i16>,
    pub(crate) rule: Vec<Rule>,
    /// An annual grant's period, as epoch days.
    pub(crate) from: Vec<i32>,
    pub(crate) until: Vec<i32>,
    pub(crate) patients: Vec<u32>,
    pub(crate) capacities: Vec<u16>,
    /// The amount in øre.
    pub(crate) amount: Vec<i128>,
    pub(crate) payer: Vec<Payer>,
    /// The payout date as an epoch day, or [`PENDING`].
    pub(crate) due: Vec<i32>,
}

impl LineColumns {
    fn with_capacity(lines: usize) -> Self {
        LineColumns {
            cluster: Vec::with_capacity(lines),
            practice: Vec::with_capacity(lines),
            kind: Vec::with_capacity(lines),
            grant_year: Vec::with_capacity(lines),
            rule: Vec::with_capacity(lines),
            from: Vec::with_capacity(lines),
            until: Vec::with_capacity(lines),
            patients: Vec::with_capacity(lines),
            capacities: Vec::with_capacity(lines),
            amount: Vec::with_capacity(lines),
            payer: Vec::with_capacity(lines),
            due: Vec::with_capacity(lines),
        }
    }

    /// Bytes stored per line.
    const BYTES_PER_LINE: usize = std::mem::size_of::<u32>()
        + std::mem::size_of::<u32>()
        + std::mem::size_of::<LineKind>()
        + std::mem::size_of::<i16>()
        + std::mem::size_of::<Rule>()
        + 2 * std::mem::size_of::<i32>()
        + std::mem::size_of::<u32>()
        + std::mem::size_of::<u16>()
        + std::mem::size_of::<i128>()
        + std::mem::size_of::<Payer>()
        + std::mem::size_of::<i32>();

    fn len(&self) -> usize {
        self.kind.len()
    }

    /// Appends `lines`, with 0 in the fields their kind does not have. One field at a time: a
    /// loop a field over a few hundred lines is faster than twelve pushes a line.
    fn extend(&mut self, lines: &[CompactLine]) {
        let annual = |l: &CompactLine| l.is_annual();
        self.cluster.extend(lines.iter().map(|l| l.cluster));
        self.practice.extend(lines.iter().map(|l| l.practice));
        self.kind.extend(lines.iter().map(|l| l.kind));
        self.grant_year.extend(lines.iter().map(|l| l.grant_year));
        self.rule.extend(lines.iter().map(|l| l.rule));
        self.from.extend(lines.iter().map(|l| if annual(l) { l.from } else { 0 }));
        self.until.extend(lines.iter().map(|l| if annual(l) { l.until } else { 0 }));
        self.patients.extend(lines.iter().map(|l| if annual(l) { l.patients } else { 0 }));
        self.capacities.extend(lines.iter().map(|l| if annual(l) { 0 } else { l.capacities }));
        self.amount.extend(lines.iter().map(|l| l.amount.ore()));
        self.payer.extend(lines.iter().map(|l| l.payer));
        self.due.extend(lines.iter().map(|l| l.due));
    }

    /// Line `i`.
    fn get(&self, i: usize) -> Option<CompactLine> {
        Some(CompactLine {
            cluster: *self.cluster.get(i)?,
            practice: *self.practice.get(i)?,
            patients: *self.patients.get(i)?,
            from: *self.from.get(i)?,
            until: *self.until.get(i)?,
            amount: Dkk::from_ore_i128(*self.amount.get(i)?),
            due: *self.due.get(i)?,
            grant_year: *self.grant_year.get(i)?,
            capacities: *self.capacities.get(i)?,
            kind: *self.kind.get(i)?,
            rule: *self.rule.get(i)?,
            payer: *self.payer.get(i)?,
        })
    }

    fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }

    fn shrink_to_fit(&mut self) {
        self.cluster.shrink_to_fit();
        self.practice.shrink_to_fit();
        self.kind.shrink_to_fit();
        self.grant_year.shrink_to_fit();
        self.rule.shrink_to_fit();
        self.from.shrink_to_fit();
        self.until.shrink_to_fit();
        self.patients.shrink_to_fit();
        self.capacities.shrink_to_fit();
        self.amount.shrink_to_fit();
        self.payer.shrink_to_fit();
        self.due.shrink_to_fit();
    }

    /// Bytes held on the heap; the vectors have one capacity, `shrink_to_fit` gives them.
    fn heap_bytes(&self) -> usize {
        self.kind.capacity() * Self::BYTES_PER_LINE
    }
}

/// The lines of a [`LineColumns`] in order.
struct CompactLines<'a> {
    lines: &'a LineColumns,
    rows: std::ops::Range<usize>,
}

impl Iterator for CompactLines<'_> {
    type Item = CompactLine;

    fn next(&mut self) -> Option<CompactLine> {
        self.lines.get(self.rows.next()?)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.rows.size_hint()
    }
}

// Every field's vector has a line for each row, so `next` gives exactly `rows.len()` lines.
impl ExactSizeIterator for CompactLines<'_> {}

/// A line of the report, with every field of FORMAT.md (GR-EXPLAIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The cluster.
    pub cluster: &'a ClusterId,
    /// The practice.
    pub ydernummer: Ydernummer,
    /// Startup fee, annual grant or clawback.
    pub kind: LineKind,
    /// The grant year (see FORMAT.md for what it means per kind).
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

impl Line<'_> {
    fn due_en(&self) -> String {
        match self.due {
            Some(due) => format!("due {due}, paid by {}", payer_en(self.payer)),
            None => format!(
                "pending: the cluster is not complete, so nothing is paid yet (GR-PAYDATE); payer {}",
                payer_en(self.payer)
            ),
        }
    }

    fn due_da(&self) -> String {
        match self.due {
            Some(due) => format!("forfalder {due}, betales af {}", payer_da(self.payer)),
            None => format!(
                "afventer: klyngen er ikke færdigmeldt, så intet udbetales endnu (GR-PAYDATE); betaler {}",
                payer_da(self.payer)
            ),
        }
    }

    /// GR-EXPLAIN: why this amount, in English.
    pub fn explain_en(&self) -> String {
        let head = format!("{} {} for practice {} in cluster {}", self.rule, self.kind, self.ydernummer, self.cluster);
        let body = match (
            self.kind,
            self.period,
            self.patients,
            self.rate,
            self.days,
            self.days_in_year,
            self.capacities,
        ) {
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _)
                if u32::from(diy) == days =>
            {
                let basis = if self.rule == Rule::GrAnnualPlo {
                    format!("a member on the registration deadline of grant year {}", self.grant_year)
                } else {
                    format!("a member on 1 January {}: the whole year, in advance", self.grant_year)
                };
                format!("{n} group-1 patients × {rate} kr = {} kr, as {basis} ({} to {})", self.amount, p.from, p.until)
            }
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _) => format!(
                "{n} group-1 patients × {rate} kr × {days}/{diy} days = {} kr, for the days of membership {} to {} (exclusive)",
                self.amount, p.from, p.until
            ),
            (LineKind::StartupFee, _, _, _, _, _, Some(caps)) => format!(
                "{caps} doctor capacities × the fee per capacity = {} kr, for the practice's first cluster membership, begun in {}",
                self.amount, self.grant_year
            ),
            (LineKind::Clawback, _, _, _, _, _, Some(caps)) => format!(
                "the practice left before the first anniversary of joining, so it repays the startup fee for {caps} doctor capacities: {} kr",
                self.amount
            ),
            _ => format!("{} kr", self.amount),
        };
        format!("{head}: {body}; {}.", self.due_en())
    }

    /// GR-EXPLAIN: why this amount, in Danish.
    pub fn explain_da(&self) -> String {
        let kind = match self.kind {
            LineKind::StartupFee => "opstartshonorar",
            LineKind::AnnualGrant => "årligt tilskud",
            LineKind::Clawback => "tilbagebetaling",
        };
        let head = format!("{} {kind} for praksis {} i klynge {}", self.rule, self.ydernummer, self.cluster);
        let body = match (
            self.kind,
            self.period,
            self.patients,
            self.rate,
            self.days,
            self.days_in_year,
            self.capacities,
        ) {
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _)
                if u32::from(diy) == days =>
            {
                format!(
                    "{n} gruppe 1-patienter × {rate} kr = {} kr for hele tilskudsåret {} ({} til {})",
                    self.amount, self.grant_year, p.from, p.until
                )
            }
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _) => format!(
                "{n} gruppe 1-patienter × {rate} kr × {days}/{diy} dage = {} kr for medlemsdagene {} til {} (eksklusiv)",
                self.amount, p.from, p.until
            ),
            (LineKind::StartupFee, _, _, _, _, _, Some(caps)) => format!(
                "{caps} lægekapaciteter × honoraret pr. kapacitet = {} kr for praksis' første klyngemedlemskab, begyndt i {}",
                self.amount, self.grant_year
            ),
            (LineKind::Clawback, _, _, _, _, _, Some(caps)) => format!(
                "praksis udtrådte før etårsdagen for indtrædelsen og tilbagebetaler opstartshonoraret for {caps} lægekapaciteter: {} kr",
                self.amount
            ),
            _ => format!("{} kr", self.amount),
        };
        format!("{head}: {body}; {}.", self.due_da())
    }
}

fn payer_en(payer: Payer) -> &'static str {
    match payer {
        Payer::Region => "the region",
        Payer::Plo => "PLO",
    }
}

fn payer_da(payer: Payer) -> &'static str {
    match payer {
        Payer::Region => "regionen",
        Payer::Plo => "PLO",
    }
}

/// Totals of one cluster and grant year: `net = paid - repaid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals<'a> {
    /// The cluster.
    pub cluster: &'a ClusterId,
    /// The grant year.
    pub grant_year: i32,
    /// The sum of the positive lines.
    pub paid: Dkk,
    /// The sum of the clawbacks, as a positive number.
    pub repaid: Dkk,
    /// `paid - repaid`.
    pub net: Dkk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StoredTotals {
    cluster: u32,
    grant_year: i32,
    paid: Dkk,
    repaid: Dkk,
}

/// A grant report for grant years `first..=last` (FORMAT.md).
///
/// Two reports are equal when their years, lines and totals are; their tables of practices
/// ([`GrantReport::practices`]) may differ in the practices that have no lines.
#[derive(Debug, Clone)]
pub struct GrantReport {
    first: i32,
    last: i32,
    clusters: Vec<ClusterId>,
    /// Sorted; shared with the scenario (and every report of it), so it may hold practices
    /// without lines.
    practices: Arc<[Ydernummer]>,
    rates: BTreeMap<i32, Rate>,
    lines: LineColumns,
    totals: Vec<StoredTotals>,
}

impl PartialEq for GrantReport {
    fn eq(&self, other: &Self) -> bool {
        let head = (self.first, self.last, &self.clusters, &self.rates, &self.totals);
        let lines = if self.practices == other.practices {
            self.lines == other.lines
        } else {
            // Different tables: compare the practices themselves.
            self.len() == other.len() && self.lines().eq(other.lines())
        };
        head == (other.first, other.last, &other.clusters, &other.rates, &other.totals) && lines
    }
}

impl Eq for GrantReport {}

/// Lines a [`ReportBuilder`] gathers before it stores them by field (12 KB: they stay in the
/// first-level cache).
const BATCH: usize = 256;

/// Builds a report line by line, in FORMAT's order: interns each cluster's id when its first
/// line arrives and keeps the totals as it goes, so the lines are written once and never
/// revisited.
pub(crate) struct ReportBuilder<'a> {
    cluster_ids: &'a [ClusterId],
    /// The table the lines' practice indices point into.
    practices: Arc<[Ydernummer]>,
    /// The caller's cluster index of the last line, and its index in the report.
    current: Option<(u32, u32)>,
    clusters: Vec<ClusterId>,
    lines: LineColumns,
    /// Lines not yet moved into `lines`: at most [`BATCH`].
    batch: Vec<CompactLine>,
    /// (report cluster, grant year, paid øre, repaid øre).
    sums: Vec<(u32, i32, i128, i128)>,
    overflow: bool,
}

impl<'a> ReportBuilder<'a> {
    /// A builder whose lines name clusters by their index in `cluster_ids` and practices by
    /// their index in `practices`.
    pub(crate) fn new(cluster_ids: &'a [ClusterId], practices: Arc<[Ydernummer]>, capacity: usize) -> Self {
        ReportBuilder {
            cluster_ids,
            practices,
            current: None,
            clusters: Vec::new(),
            lines: LineColumns::with_capacity(capacity),
            batch: Vec::with_capacity(BATCH),
            sums: Vec::new(),
            overflow: false,
        }
    }

    /// Adds a line; lines must come grouped by cluster and, within it, by grant year.
    // Inlined into the computation, the line is built where it is stored instead of being
    // copied through the stack (the computation measured 15% faster; plain `#[inline]` was
    // not taken).
    #[inline(always)]
    pub(crate) fn push(&mut self, mut line: CompactLine) {
        let local = match self.current {
            Some((global, local)) if global == line.cluster => local,
            _ => {
                self.clusters.push(self.cluster_ids.get(line.cluster as usize).cloned().unwrap_or(ClusterId::NONE));
                let local = u32::try_from(self.clusters.len() - 1).unwrap_or(u32::MAX);
                self.current = Some((line.cluster, local));
                local
            }
        };
        line.cluster = local;
        let year = i32::from(line.grant_year);
        if !matches!(self.sums.last(), Some((c, y, _, _)) if *c == local && *y == year) {
            self.sums.push((local, year, 0, 0));
        }
        if let Some(row) = self.sums.last_mut() {
            // i128 sums of amounts below 2^96 overflow only past 2^31 lines; checked anyway.
            let ore = line.amount.ore();
            let sum = if ore < 0 {
                row.3.checked_sub(ore).map(|v| row.3 = v)
            } else {
                row.2.checked_add(ore).map(|v| row.2 = v)
            };
            self.overflow |= sum.is_none();
        }
        self.batch.push(line);
        if self.batch.len() == BATCH {
            self.lines.extend(&self.batch);
            self.batch.clear();
        }
    }

    /// The report for `first..=last`, with the rates its annual lines used.
    pub(crate) fn finish(
        mut self,
        first: i32,
        last: i32,
        rates: BTreeMap<i32, Rate>,
    ) -> Result<GrantReport, ValidationErrors> {
        let overflow = || {
            ValidationErrors::from(Problem::new("totals", Rule::IdMoney, "a total overflows", "en total løber over"))
        };
        if self.overflow {
            return Err(overflow());
        }
        let totals = self
            .sums
            .into_iter()
            .map(|(cluster, grant_year, paid, repaid)| {
                Ok(StoredTotals {
                    cluster,
                    grant_year,
                    paid: Dkk::round_ratio(paid, 1).map_err(|_| overflow())?,
                    repaid: Dkk::round_ratio(repaid, 1).map_err(|_| overflow())?,
                })
            })
            .collect::<Result<_, ValidationErrors>>()?;
        self.lines.extend(&self.batch);
        self.lines.shrink_to_fit();
        Ok(GrantReport {
            first,
            last,
            clusters: self.clusters,
            practices: self.practices,
            rates,
            lines: self.lines,
            totals,
        })
    }
}

impl GrantReport {
    /// The first grant year covered.
    pub fn first_year(&self) -> i32 {
        self.first
    }

    /// The last grant year covered.
    pub fn last_year(&self) -> i32 {
        self.last
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there are no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Bytes stored per line: its fields (interned ids and per-year rates are shared).
    pub fn memory_per_line() -> usize {
        LineColumns::BYTES_PER_LINE
    }

    /// Bytes the report holds on the heap (lines, totals, interned ids, rates), counting the
    /// table of practices it shares with its scenario.
    pub fn heap_bytes(&self) -> usize {
        self.lines.heap_bytes()
            + self.totals.capacity() * std::mem::size_of::<StoredTotals>()
            + self.clusters.iter().map(|c| c.as_str().len() + std::mem::size_of::<ClusterId>()).sum::<usize>()
            + std::mem::size_of_val(&*self.practices)
            + self.rates.len() * (std::mem::size_of::<(i32, Rate)>() + 16)
    }

    fn view(&self, line: CompactLine) -> Line<'_> {
        Line {
            cluster: self.clusters.get(line.cluster_index()).unwrap_or(&NO_CLUSTER),
            ydernummer: self.practices.get(line.practice_index()).copied().unwrap_or(Ydernummer::MIN),
            kind: line.kind,
            grant_year: line.grant_year(),
            rule: line.rule,
            period: line.period(),
            patients: line.patients(),
            rate: line.rate_year().and_then(|year| self.rate(year)),
            days: line.days(),
            days_in_year: line.days_in_year(),
            capacities: line.capacities(),
            amount: line.amount,
            payer: line.payer,
            due: line.due(),
        }
    }

    /// The lines with their fields as stored, in FORMAT.md's order. [`GrantReport::lines`]
    /// gives the same lines with every field resolved.
    pub fn compact_lines(&self) -> impl ExactSizeIterator<Item = CompactLine> + '_ {
        CompactLines { lines: &self.lines, rows: 0..self.len() }
    }

    /// Line `index` with its fields as stored, if there is one.
    pub fn compact_line(&self, index: usize) -> Option<CompactLine> {
        self.lines.get(index)
    }

    /// The lines stored by field, for the Arrow columns.
    pub(crate) fn line_columns(&self) -> &LineColumns {
        &self.lines
    }

    /// The rate the annual grants of grant year `year` used, if the report has any.
    pub fn rate(&self, year: i32) -> Option<Rate> {
        self.rates.get(&year).copied()
    }

    /// The lines, in FORMAT.md's order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = Line<'_>> + '_ {
        self.compact_lines().map(|l| self.view(l))
    }

    /// Line `index`, if there is one.
    pub fn line(&self, index: usize) -> Option<Line<'_>> {
        self.lines.get(index).map(|l| self.view(l))
    }

    /// GR-EXPLAIN: line `index` explained in English.
    pub fn explain(&self, index: usize) -> Option<String> {
        self.line(index).map(|l| l.explain_en())
    }

    /// One row per cluster and grant year that has lines.
    pub fn totals(&self) -> impl ExactSizeIterator<Item = Totals<'_>> + '_ {
        self.totals.iter().map(|t| Totals {
            cluster: self.clusters.get(t.cluster as usize).unwrap_or(&NO_CLUSTER),
            grant_year: t.grant_year,
            paid: t.paid,
            repaid: t.repaid,
            // paid and repaid are each sums of bounded lines; their difference cannot overflow.
            net: t.paid.checked_sub(t.repaid).unwrap_or(Dkk::ZERO),
        })
    }

    /// The clusters that have lines, sorted.
    pub fn clusters(&self) -> &[ClusterId] {
        &self.clusters
    }

    /// The practices a line's [`CompactLine::practice_index`] points into, sorted: every
    /// practice of the scenario (a computed report shares the scenario's table), or, for a
    /// report read from JSON, those with lines.
    pub fn practices(&self) -> &[Ydernummer] {
        &self.practices
    }

    /// The report as the JSON of FORMAT.md.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a report written by [`GrantReport::to_json`], checking that lines and totals agree.
    pub fn from_json(text: &str) -> Result<Self, ValidationErrors> {
        let raw: RawReport = serde_json::from_str(text).map_err(|e| {
            ValidationErrors::from(Problem::new(
                "",
                Rule::Format,
                format!("not a grant report: {e}"),
                format!("ikke en tilskudsrapport: {e}"),
            ))
        })?;
        raw.into_report()
    }
}

/// Stands in if a cluster index were ever out of range. It cannot be: every index is made in
/// this module, from the table it indexes; this only spares a panic path.
static NO_CLUSTER: ClusterId = ClusterId::NONE;

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

impl Serialize for Totals<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Totals", 5)?;
        s.serialize_field("cluster", self.cluster)?;
        s.serialize_field("grant_year", &self.grant_year)?;
        s.serialize_field("paid", &self.paid)?;
        s.serialize_field("repaid", &self.repaid)?;
        s.serialize_field("net", &self.net)?;
        s.end()
    }
}

/// Serialises an iterator as a sequence without collecting it.
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.take().into_iter().flatten())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Years {
    first: i32,
    last: i32,
}

impl Serialize for GrantReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("GrantReport", 3)?;
        s.serialize_field("years", &Years { first: self.first, last: self.last })?;
        s.serialize_field("lines", &Seq(std::cell::Cell::new(Some(self.lines()))))?;
        s.serialize_field("totals", &Seq(std::cell::Cell::new(Some(self.totals()))))?;
        s.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    cluster: ClusterId,
    ydernummer: Ydernummer,
    kind: LineKind,
    grant_year: i32,
    rule: Rule,
    period: Option<Period>,
    patients: Option<u32>,
    rate: Option<Rate>,
    days: Option<u32>,
    days_in_year: Option<u16>,
    capacities: Option<u16>,
    amount: Dkk,
    payer: Payer,
    due: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTotals {
    cluster: ClusterId,
    grant_year: i32,
    paid: Dkk,
    repaid: Dkk,
    net: Dkk,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    years: Years,
    lines: Vec<RawLine>,
    totals: Vec<RawTotals>,
}

impl RawReport {
    /// Checks every line against its kind and the totals against the lines.
    fn into_report(self) -> Result<GrantReport, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut bad = |path: String, what: &str| {
            errors.push(Problem::new(path, Rule::GrExplain, what, format!("uoverensstemmelse: {what}")));
        };
        let mut ids: Vec<ClusterId> = self.lines.iter().map(|l| l.cluster.clone()).collect();
        ids.dedup();
        let index: BTreeMap<&ClusterId, u32> =
            ids.iter().enumerate().map(|(i, c)| (c, u32::try_from(i).unwrap_or(u32::MAX))).collect();
        if index.len() != ids.len() {
            bad("lines".into(), "lines are not grouped by cluster");
        }
        let mut practices: Vec<Ydernummer> = self.lines.iter().map(|l| l.ydernummer).collect();
        practices.sort_unstable();
        practices.dedup();
        let practice = |y: Ydernummer| u32::try_from(practices.binary_search(&y).unwrap_or(0)).unwrap_or(0);
        let mut rates = BTreeMap::new();
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            let path = format!("lines[{i}]");
            if !(self.years.first..=self.years.last).contains(&l.grant_year) {
                bad(format!("{path}.grant_year"), "grant year outside the report's years");
            }
            let Ok(grant_year) = i16::try_from(l.grant_year) else {
                bad(format!("{path}.grant_year"), "grant year out of range");
                continue;
            };
            let expected_rule = match l.kind {
                LineKind::StartupFee => matches!(l.rule, Rule::GrStartup),
                LineKind::AnnualGrant => matches!(l.rule, Rule::GrAnnualRegional | Rule::GrAnnualPlo),
                LineKind::Clawback => matches!(l.rule, Rule::GrClawback),
            };
            if !expected_rule {
                bad(format!("{path}.rule"), "the rule does not produce this kind of line");
            }
            if (l.kind == LineKind::Clawback) != l.amount.is_negative() {
                bad(format!("{path}.amount"), "only a clawback is negative");
            }
            let stored = match (l.kind, l.period, l.patients, l.rate, l.days, l.days_in_year, l.capacities) {
                (LineKind::AnnualGrant, Some(p), Some(patients), Some(rate), Some(days), Some(diy), None) => {
                    let span = u32::try_from((p.until - p.from).num_days()).ok();
                    if span != Some(days) || diy != days_in_year(l.grant_year) || p.from.year() != l.grant_year {
                        bad(format!("{path}.days"), "days, days_in_year and period disagree");
                    }
                    if *rates.entry(l.grant_year).or_insert(rate) != rate {
                        bad(format!("{path}.rate"), "two rates for one grant year");
                    }
                    (epoch_day(p.from), epoch_day(p.until), patients, 0)
                }
                (LineKind::StartupFee | LineKind::Clawback, None, None, None, None, None, Some(caps)) => {
                    (0, 0, 0, caps)
                }
                _ => {
                    bad(path, "the fields that apply to this kind must be set and the others null");
                    continue;
                }
            };
            lines.push(CompactLine {
                cluster: index.get(&l.cluster).copied().unwrap_or(0),
                practice: practice(l.ydernummer),
                patients: stored.2,
                from: stored.0,
                until: stored.1,
                amount: l.amount,
                due: stored_due(l.due),
                grant_year,
                capacities: stored.3,
                kind: l.kind,
                rule: l.rule,
                payer: l.payer,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut builder = ReportBuilder::new(&ids, practices.into(), lines.len());
        for line in lines {
            builder.push(line);
        }
        let report = builder.finish(self.years.first, self.years.last, rates)?;
        let given: Vec<(ClusterId, i32, Dkk, Dkk, Dkk)> =
            self.totals.into_iter().map(|t| (t.cluster, t.grant_year, t.paid, t.repaid, t.net)).collect();
        let computed: Vec<(ClusterId, i32, Dkk, Dkk, Dkk)> =
            report.totals().map(|t| (t.cluster.clone(), t.grant_year, t.paid, t.repaid, t.net)).collect();
        if given != computed {
            return Err(ValidationErrors::from(Problem::new(
                "totals",
                Rule::IdMoney,
                "the totals are not the sums of the lines",
                "totalerne er ikke summen af linjerne",
            )));
        }
        Ok(report)
    }
}

impl<'de> Deserialize<'de> for GrantReport {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawReport::deserialize(deserializer)?.into_report().map_err(serde::de::Error::custom)
    }
}
