//! Comparing two grant reports: the difference per cluster and grant year, an analyst's first
//! question ("what if the 2026 rate were 4 kr?").

use std::collections::BTreeMap;

use serde::Serialize;

use super::report::GrantReport;
use crate::ids::ClusterId;
use crate::money::{Dkk, MoneyError};

/// One cluster and grant year of a comparison: the net of each report and the difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonRow {
    /// The cluster.
    pub cluster: ClusterId,
    /// The grant year.
    pub grant_year: i32,
    /// The baseline's net (zero where it has no lines for this cluster and year).
    pub baseline: Dkk,
    /// The other report's net (zero where it has no lines).
    pub other: Dkk,
    /// `other - baseline`.
    pub difference: Dkk,
}

/// The difference between two reports, per cluster and grant year, sorted by cluster and year.
///
/// ```
/// use klynge::grants::{Parameters, compare};
/// let sample = klynge::sample::national();
/// let baseline = sample.grants(2025, 2026).unwrap();
/// let what_if = sample.grants_with(&Parameters::official().with_rate(2026, "4".parse()?), 2025, 2026).unwrap();
/// let rows = compare(&baseline, &what_if)?;
/// assert!(rows.iter().filter(|r| r.grant_year == 2025).all(|r| r.difference.ore() == 0));
/// assert!(rows.iter().any(|r| r.grant_year == 2026 && r.difference.ore() > 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare(baseline: &GrantReport, other: &GrantReport) -> Result<Vec<ComparisonRow>, MoneyError> {
    let mut nets: BTreeMap<(ClusterId, i32), (Dkk, Dkk)> = BTreeMap::new();
    for t in baseline.totals() {
        nets.entry((t.cluster.clone(), t.grant_year)).or_default().0 = t.net;
    }
    for t in other.totals() {
        nets.entry((t.cluster.clone(), t.grant_year)).or_default().1 = t.net;
    }
    nets.into_iter()
        .map(|((cluster, grant_year), (baseline, other))| {
            Ok(ComparisonRow { cluster, grant_year, baseline, other, difference: other.checked_sub(baseline)? })
        })
        .collect()
}
