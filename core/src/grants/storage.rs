//! How a report stores its lines: one column a field, entry `i` of each column being line `i`,
//! in the form the report's Arrow table has them. Cluster ids are interned in the report
//! (a line holds an index), practices are indices into the scenario's sorted table (shared,
//! not copied), kinds, rules and payers are small codes (the keys of their Arrow
//! dictionaries), dates are days since 1970 (Arrow's `date32`), amounts are øre (`decimal128`
//! with scale 2), and a field that does not apply to a line's kind holds 0.
//!
//! With the `arrow` feature a column is an Arrow buffer, so that most columns of the Arrow
//! table are the report's own, shared and not copied; without it, a vector.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::line::{CompactLine, LineKind};
use super::parameters::Payer;
use super::report::{ClusterDetails, GrantReport, StoredTotals};
use crate::ids::{ClusterId, Ydernummer};
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;

/// A column of the report's lines.
#[cfg(feature = "arrow")]
pub(crate) type Stored<T> = arrow_buffer::ScalarBuffer<T>;
/// A column of the report's lines.
#[cfg(not(feature = "arrow"))]
pub(crate) type Stored<T> = Vec<T>;

/// A type a column holds.
#[cfg(feature = "arrow")]
pub(crate) trait Native: arrow_buffer::ArrowNativeType {}
#[cfg(feature = "arrow")]
impl<T: arrow_buffer::ArrowNativeType> Native for T {}
/// A type a column holds.
#[cfg(not(feature = "arrow"))]
pub(crate) trait Native: Copy {}
#[cfg(not(feature = "arrow"))]
impl<T: Copy> Native for T {}

/// The kinds of line, by their stored code.
pub(crate) const KINDS: [LineKind; 3] = [LineKind::StartupFee, LineKind::AnnualGrant, LineKind::Clawback];
/// The rules of a report's lines, by their stored code.
pub(crate) const RULES: [Rule; 4] = [Rule::GrStartup, Rule::GrAnnualRegional, Rule::GrAnnualPlo, Rule::GrClawback];
/// The payers, by their stored code.
pub(crate) const PAYERS: [Payer; 2] = [Payer::Region, Payer::Plo];

/// The stored code of an annual grant.
pub(crate) const ANNUAL_GRANT_CODE: i8 = 1;

/// A kind's stored code: its position in [`KINDS`].
#[inline]
fn kind_code(kind: LineKind) -> i8 {
    match kind {
        LineKind::StartupFee => 0,
        LineKind::AnnualGrant => ANNUAL_GRANT_CODE,
        LineKind::Clawback => 2,
    }
}

/// A line's rule's stored code: its position in [`RULES`].
#[inline]
fn rule_code(rule: Rule) -> i8 {
    match rule {
        Rule::GrStartup => 0,
        Rule::GrAnnualRegional => 1,
        Rule::GrAnnualPlo => 2,
        _ => 3,
    }
}

/// A payer's stored code: its position in [`PAYERS`].
#[inline]
fn payer_code(payer: Payer) -> i8 {
    match payer {
        Payer::Region => 0,
        Payer::Plo => 1,
    }
}

/// A region's code among [`Region::ALL`](crate::geography::Region::ALL): the key of the
/// region column's dictionary.
#[cfg_attr(not(feature = "arrow"), allow(dead_code))]
pub(crate) fn region_code(region: crate::geography::Region) -> i8 {
    code(&crate::geography::Region::ALL, &region)
}

/// The stored code of `value` in `table`: its position (tables are a few entries long).
fn code<T: PartialEq>(table: &[T], value: &T) -> i8 {
    table.iter().position(|t| t == value).and_then(|i| i8::try_from(i).ok()).unwrap_or(0)
}

/// The entry of `table` with stored code `code`; every stored code was made by [`code`].
fn decode<T: Copy>(table: &[T], code: i8, fallback: T) -> T {
    usize::try_from(code).ok().and_then(|i| table.get(i)).copied().unwrap_or(fallback)
}

/// An index or count as stored: they are bounded far below 2^31.
fn stored_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// The report's lines stored by field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LineColumns {
    /// The cluster, as an index into the report's clusters.
    pub(crate) cluster: Stored<i32>,
    /// The practice, as an index into the report's table of practices.
    pub(crate) practice: Stored<i32>,
    /// The kind's code in [`KINDS`].
    pub(crate) kind: Stored<i8>,
    pub(crate) grant_year: Stored<i32>,
    /// The rule's code in [`RULES`].
    pub(crate) rule: Stored<i8>,
    /// An annual grant's period, as epoch days.
    pub(crate) from: Stored<i32>,
    pub(crate) until: Stored<i32>,
    pub(crate) patients: Stored<i32>,
    pub(crate) capacities: Stored<i32>,
    /// The amount in øre.
    pub(crate) amount: Stored<i128>,
    /// The payer's code in [`PAYERS`].
    pub(crate) payer: Stored<i8>,
    /// The payout date as an epoch day, or [`PENDING`](super::line::PENDING).
    pub(crate) due: Stored<i32>,
}

impl LineColumns {
    /// Bytes stored per line.
    pub(crate) const BYTES_PER_LINE: usize =
        8 * std::mem::size_of::<i32>() + 3 * std::mem::size_of::<i8>() + std::mem::size_of::<i128>();

    pub(crate) fn len(&self) -> usize {
        self.kind.len()
    }

    /// Line `i`.
    pub(crate) fn get(&self, i: usize) -> Option<CompactLine> {
        let u32_of = |v: i32| u32::try_from(v).unwrap_or(0);
        Some(CompactLine {
            cluster: u32_of(*self.cluster.get(i)?),
            practice: u32_of(*self.practice.get(i)?),
            patients: u32_of(*self.patients.get(i)?),
            from: *self.from.get(i)?,
            until: *self.until.get(i)?,
            amount: Dkk::from_ore_i128(*self.amount.get(i)?),
            due: *self.due.get(i)?,
            grant_year: i16::try_from(*self.grant_year.get(i)?).unwrap_or(i16::MAX),
            capacities: u16::try_from(*self.capacities.get(i)?).unwrap_or(0),
            kind: decode(&KINDS, *self.kind.get(i)?, LineKind::AnnualGrant),
            rule: decode(&RULES, *self.rule.get(i)?, Rule::GrExplain),
            payer: decode(&PAYERS, *self.payer.get(i)?, Payer::Region),
        })
    }

    /// Bytes held on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.len() * Self::BYTES_PER_LINE
    }
}

/// Lines being gathered: a vector a field, stored as [`LineColumns`] when the report is done.
#[derive(Default)]
struct Gathered {
    cluster: Vec<i32>,
    practice: Vec<i32>,
    kind: Vec<i8>,
    grant_year: Vec<i32>,
    rule: Vec<i8>,
    from: Vec<i32>,
    until: Vec<i32>,
    patients: Vec<i32>,
    capacities: Vec<i32>,
    amount: Vec<i128>,
    payer: Vec<i8>,
    due: Vec<i32>,
}

impl Gathered {
    fn with_capacity(lines: usize) -> Self {
        Gathered {
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

    /// Appends `lines`, with 0 in the fields their kind does not have. One field at a time: a
    /// loop a field over a few hundred lines is faster than twelve pushes a line.
    fn extend(&mut self, lines: &[CompactLine]) {
        let annual = |l: &CompactLine| l.kind.is_annual();
        self.cluster.extend(lines.iter().map(|l| stored_i32(l.cluster)));
        self.practice.extend(lines.iter().map(|l| stored_i32(l.practice)));
        self.kind.extend(lines.iter().map(|l| kind_code(l.kind)));
        self.grant_year.extend(lines.iter().map(|l| i32::from(l.grant_year)));
        self.rule.extend(lines.iter().map(|l| rule_code(l.rule)));
        self.from.extend(lines.iter().map(|l| if annual(l) { l.from } else { 0 }));
        self.until.extend(lines.iter().map(|l| if annual(l) { l.until } else { 0 }));
        self.patients.extend(lines.iter().map(|l| if annual(l) { stored_i32(l.patients) } else { 0 }));
        self.capacities.extend(lines.iter().map(|l| if annual(l) { 0 } else { i32::from(l.capacities) }));
        self.amount.extend(lines.iter().map(|l| l.amount.ore()));
        self.payer.extend(lines.iter().map(|l| payer_code(l.payer)));
        self.due.extend(lines.iter().map(|l| l.due));
    }

    /// The lines as stored: each vector becomes its column (without a copy).
    fn store(self) -> LineColumns {
        fn fit<T: Native>(mut v: Vec<T>) -> Stored<T> {
            v.shrink_to_fit();
            Stored::from(v)
        }
        LineColumns {
            cluster: fit(self.cluster),
            practice: fit(self.practice),
            kind: fit(self.kind),
            grant_year: fit(self.grant_year),
            rule: fit(self.rule),
            from: fit(self.from),
            until: fit(self.until),
            patients: fit(self.patients),
            capacities: fit(self.capacities),
            amount: fit(self.amount),
            payer: fit(self.payer),
            due: fit(self.due),
        }
    }
}

/// The lines of a [`LineColumns`] in order.
pub(crate) struct CompactLines<'a> {
    pub(crate) lines: &'a LineColumns,
    pub(crate) rows: std::ops::Range<usize>,
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

// Every field's column has a line for each row, so `next` gives exactly `rows.len()` lines.
impl ExactSizeIterator for CompactLines<'_> {}

/// Lines a [`ReportBuilder`] gathers before it stores them by field (12 KB: they stay in the
/// first-level cache).
const BATCH: usize = 256;

/// Builds a report line by line, in FORMAT's order: interns each cluster's id when its first
/// line arrives and keeps the totals as it goes, so the lines are written once and never
/// revisited.
pub(crate) struct ReportBuilder<'a> {
    cluster_ids: &'a [ClusterId],
    /// The name and region of each of `cluster_ids`, where known.
    cluster_details: &'a [ClusterDetails],
    /// The table the lines' practice indices point into.
    practices: Arc<[Ydernummer]>,
    /// The caller's cluster index of the last line, and its index in the report.
    current: Option<(u32, u32)>,
    clusters: Vec<ClusterId>,
    details: Vec<ClusterDetails>,
    lines: Gathered,
    /// Lines not yet moved into `lines`: at most [`BATCH`].
    batch: Vec<CompactLine>,
    /// (report cluster, grant year, paid øre, repaid øre, pending øre).
    sums: Vec<(u32, i32, i128, i128, i128)>,
    /// The grant years with annual lines, in the order met (repeating per cluster).
    annual_years: Vec<i32>,
    overflow: bool,
}

impl<'a> ReportBuilder<'a> {
    /// A builder whose lines name clusters by their index in `cluster_ids` and practices by
    /// their index in `practices`.
    pub(crate) fn new(
        cluster_ids: &'a [ClusterId],
        cluster_details: &'a [ClusterDetails],
        practices: Arc<[Ydernummer]>,
        capacity: usize,
    ) -> Self {
        ReportBuilder {
            cluster_ids,
            cluster_details,
            practices,
            current: None,
            clusters: Vec::new(),
            details: Vec::new(),
            lines: Gathered::with_capacity(capacity),
            batch: Vec::with_capacity(BATCH),
            sums: Vec::new(),
            annual_years: Vec::new(),
            overflow: false,
        }
    }

    /// Adds a line; lines must come grouped by cluster and, within it, by grant year.
    // Inlined into the computation, the line is built where it is stored instead of being
    // copied through the stack; a plain `#[inline]` is not taken here.
    #[inline(always)]
    pub(crate) fn push(&mut self, mut line: CompactLine) {
        let local = match self.current {
            Some((global, local)) if global == line.cluster => local,
            _ => {
                self.clusters.push(self.cluster_ids.get(line.cluster as usize).cloned().unwrap_or(ClusterId::NONE));
                self.details.push(self.cluster_details.get(line.cluster as usize).cloned().unwrap_or_default());
                let local = u32::try_from(self.clusters.len() - 1).unwrap_or(u32::MAX);
                self.current = Some((line.cluster, local));
                local
            }
        };
        line.cluster = local;
        let year = i32::from(line.grant_year);
        if line.kind.is_annual() && self.annual_years.last() != Some(&year) {
            self.annual_years.push(year);
        }
        if !matches!(self.sums.last(), Some((c, y, _, _, _)) if *c == local && *y == year) {
            self.sums.push((local, year, 0, 0, 0));
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
            if line.due == super::line::PENDING {
                self.overflow |= row.4.checked_add(ore).map(|v| row.4 = v).is_none();
            }
        }
        self.batch.push(line);
        if self.batch.len() == BATCH {
            self.lines.extend(&self.batch);
            self.batch.clear();
        }
    }

    /// True when an annual line of grant year `year` was added.
    pub(crate) fn has_annual(&self, year: i32) -> bool {
        self.annual_years.contains(&year)
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
            .map(|(cluster, grant_year, paid, repaid, pending)| {
                Ok(StoredTotals {
                    cluster,
                    grant_year,
                    paid: Dkk::round_ratio(paid, 1).map_err(|_| overflow())?,
                    repaid: Dkk::round_ratio(repaid, 1).map_err(|_| overflow())?,
                    pending: Dkk::round_ratio(pending, 1).map_err(|_| overflow())?,
                })
            })
            .collect::<Result<_, ValidationErrors>>()?;
        self.lines.extend(&self.batch);
        Ok(GrantReport {
            first,
            last,
            clusters: self.clusters,
            details: self.details,
            practices: self.practices,
            rates,
            lines: self.lines.store(),
            totals,
            provenance: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gr_explain_stored_codes_are_the_positions_in_their_tables() {
        for (i, kind) in KINDS.iter().enumerate() {
            assert_eq!(usize::try_from(kind_code(*kind)).ok(), Some(i));
            assert_eq!(decode(&KINDS, kind_code(*kind), LineKind::Clawback), *kind);
        }
        for (i, rule) in RULES.iter().enumerate() {
            assert_eq!(usize::try_from(rule_code(*rule)).ok(), Some(i));
        }
        for (i, payer) in PAYERS.iter().enumerate() {
            assert_eq!(usize::try_from(payer_code(*payer)).ok(), Some(i));
        }
        assert_eq!(kind_code(LineKind::AnnualGrant), ANNUAL_GRANT_CODE);
    }
}
