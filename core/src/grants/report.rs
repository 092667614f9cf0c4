//! The grant report of docs/formats.md: explainable lines (GR-EXPLAIN) and totals per cluster and
//! grant year.
//!
//! Lines are stored compactly ([`GrantReport::memory_per_line`]) and by field (see the
//! `storage` module): read a line through a [`Line`] view, which carries every field of
//! docs/formats.md, or through a [`CompactLine`]; the Arrow table (`GrantReport::to_record_batch`,
//! feature `arrow`) reads whole fields at once.

use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) use crate::scenario::ClusterDetails;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::line::{CompactLine, Line};
use super::storage::{CompactLines, LineColumns};
use crate::geography::Region;
use crate::ids::{ClusterId, Ydernummer};
use crate::money::{Dkk, Rate};

/// Totals of one cluster and grant year (docs/formats.md): `paid`, `repaid` and `net = paid -
/// repaid` over every line of the year, pending or not: what the cluster is entitled to;
/// `pending` is the net of those lines without a payout date yet (held back until completion).
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
    /// `paid - repaid`: the year's entitlement, pending lines included.
    pub net: Dkk,
    /// The net of the lines without a payout date (the cluster is not complete), part of `net`.
    pub pending: Dkk,
}

/// The totals of a cluster and grant year as a report keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StoredTotals {
    pub(crate) cluster: u32,
    pub(crate) grant_year: i32,
    pub(crate) paid: Dkk,
    pub(crate) repaid: Dkk,
    pub(crate) pending: Dkk,
}

/// A grant report for grant years `first..=last` (docs/formats.md).
///
/// Two reports are equal when their years, lines and totals are; their tables of practices
/// ([`GrantReport::practices`]) may differ in the practices that have no lines.
#[derive(Debug, Clone)]
pub struct GrantReport {
    pub(crate) first: i32,
    pub(crate) last: i32,
    pub(crate) clusters: Vec<ClusterId>,
    /// The name and region of each of `clusters`, where the scenario gave them.
    pub(crate) details: Vec<ClusterDetails>,
    /// Sorted; shared with the scenario (and every report of it), so it may hold practices
    /// without lines.
    pub(crate) practices: Arc<[Ydernummer]>,
    pub(crate) rates: BTreeMap<i32, Rate>,
    pub(crate) lines: LineColumns,
    pub(crate) totals: Vec<StoredTotals>,
    /// Which computation made it; `None` for a report read from JSON written without it.
    pub(crate) provenance: Option<Provenance>,
}

/// Which computation made a report (docs/formats.md "Grant report"): the klynge version and a
/// fingerprint of the parameters it used, so that a report *as paid* can be traced to what
/// computed it. Not part of the report's value: two reports with the same lines are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The version of klynge that computed the report.
    pub klynge_version: String,
    /// SHA-256, in hex, of the parameters written as canonical JSON (sorted keys, no spaces).
    pub parameters_fingerprint: String,
}

impl Provenance {
    /// The provenance of a report this library computes now with `parameters`.
    pub fn of(parameters: &super::Parameters) -> Self {
        use sha2::{Digest, Sha256};
        // serde_json's maps are sorted by key and `to_string` writes no spaces: canonical.
        let canonical = serde_json::to_value(parameters).map(|v| v.to_string()).unwrap_or_default();
        let digest = Sha256::digest(canonical.as_bytes());
        let parameters_fingerprint = digest.iter().map(|b| format!("{b:02x}")).collect();
        Provenance { klynge_version: env!("CARGO_PKG_VERSION").to_owned(), parameters_fingerprint }
    }
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
        self.lines.len() == 0
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

    /// The lines with their fields as stored, in docs/formats.md's order. [`GrantReport::lines`]
    /// gives the same lines with every field resolved.
    pub fn compact_lines(&self) -> impl ExactSizeIterator<Item = CompactLine> + '_ {
        CompactLines { lines: &self.lines, rows: 0..self.len() }
    }

    /// Line `index` with its fields as stored, if there is one.
    pub fn compact_line(&self, index: usize) -> Option<CompactLine> {
        self.lines.get(index)
    }

    /// The lines stored by field, for the Arrow columns.
    #[cfg(feature = "arrow")]
    pub(crate) fn line_columns(&self) -> &LineColumns {
        &self.lines
    }

    /// The rate the annual grants of grant year `year` used, if the report has any.
    pub fn rate(&self, year: i32) -> Option<Rate> {
        self.rates.get(&year).copied()
    }

    /// The lines, in docs/formats.md's order.
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
            pending: t.pending,
        })
    }

    /// Which computation made the report: `None` for one read from JSON written without it.
    pub fn provenance(&self) -> Option<&Provenance> {
        self.provenance.as_ref()
    }

    /// The clusters that have lines, sorted.
    pub fn clusters(&self) -> &[ClusterId] {
        &self.clusters
    }

    /// The name of cluster `index` (of [`GrantReport::clusters`]), where the scenario gave one
    /// (a report read from JSON has none).
    pub fn cluster_name(&self, index: usize) -> Option<&str> {
        self.details.get(index).and_then(|d| d.name.as_deref())
    }

    /// The founding day of cluster `index` (of [`GrantReport::clusters`]), where the report was
    /// computed from a scenario (a report read from JSON has none).
    pub fn cluster_founded(&self, index: usize) -> Option<chrono::NaiveDate> {
        self.details.get(index).and_then(|d| d.founded)
    }

    /// The region of cluster `index` (of [`GrantReport::clusters`]), where the scenario gave
    /// its municipality (a report read from JSON has none).
    pub fn cluster_region(&self, index: usize) -> Option<Region> {
        self.details.get(index).and_then(|d| d.region)
    }

    /// This report with the name and region of its clusters, as a report read from JSON lacks
    /// them (docs/formats.md's JSON does not carry them); clusters the report does not have are
    /// ignored.
    pub fn with_cluster_details(
        mut self,
        details: impl IntoIterator<Item = (ClusterId, Option<String>, Option<Region>)>,
    ) -> Self {
        self.details.resize(self.clusters.len(), ClusterDetails::default());
        for (id, name, region) in details {
            if let Some(i) = self.clusters.iter().position(|c| *c == id)
                && let Some(slot) = self.details.get_mut(i)
            {
                *slot = ClusterDetails { name: name.map(Arc::from), region, founded: slot.founded };
            }
        }
        self
    }

    /// The practices a line's [`CompactLine::practice_index`] points into, sorted: every
    /// practice of the scenario (a computed report shares the scenario's table), or, for a
    /// report read from JSON, those with lines.
    pub fn practices(&self) -> &[Ydernummer] {
        &self.practices
    }
}

/// Stands in if a cluster index were ever out of range. It cannot be: every index is made in
/// this module, from the table it indexes; this only spares a panic path.
static NO_CLUSTER: ClusterId = ClusterId::NONE;

impl Serialize for Totals<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Totals", 6)?;
        s.serialize_field("cluster", self.cluster)?;
        s.serialize_field("grant_year", &self.grant_year)?;
        s.serialize_field("paid", &self.paid)?;
        s.serialize_field("repaid", &self.repaid)?;
        s.serialize_field("net", &self.net)?;
        s.serialize_field("pending", &self.pending)?;
        s.end()
    }
}
