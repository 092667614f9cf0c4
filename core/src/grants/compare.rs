//! Comparing two grant reports: the difference per cluster and grant year, an analyst's first
//! question ("what if the 2026 rate were 4 kr?").
//!
//! Two reports are compared over what both cover. A report over other grant years, or with
//! other clusters, would make missing rows look like zeros (a "difference" of a whole year's
//! grants), so [`compare`] refuses it and names the difference; [`compare_common`] compares
//! the grant years and clusters the two have in common, when that is what the caller wants.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::report::GrantReport;
use crate::ids::ClusterId;
use crate::money::Dkk;
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;

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

/// The difference between two reports over the same grant years and clusters, per cluster and
/// grant year, sorted by cluster and year. Reports over other years or with other clusters are
/// refused with a problem that names the difference (see [`compare_common`]).
///
/// ```
/// use klynge::grants::{Parameters, compare};
/// let sample = klynge::sample::national();
/// let baseline = sample.grants(2025, 2026)?;
/// let what_if = sample.grants_with(&Parameters::official().with_rate(2026, "4".parse()?), 2025, 2026)?;
/// let rows = compare(&baseline, &what_if)?;
/// assert!(rows.iter().filter(|r| r.grant_year == 2025).all(|r| r.difference.ore() == 0));
/// assert!(rows.iter().any(|r| r.grant_year == 2026 && r.difference.ore() > 0));
///
/// let shorter = sample.grants(2026, 2026)?;
/// let refused = compare(&baseline, &shorter).unwrap_err();
/// assert!(refused.problems()[0].message_en.contains("2025-2026"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare(baseline: &GrantReport, other: &GrantReport) -> Result<Vec<ComparisonRow>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let years = |r: &GrantReport| (r.first_year(), r.last_year());
    if years(baseline) != years(other) {
        let (a, b) = (years(baseline), years(other));
        errors.push(Problem::new(
            "other",
            Rule::Format,
            format!(
                "the reports cover other grant years: the baseline {}-{}, the other {}-{}; compute both over the same years, or compare the common part",
                a.0, a.1, b.0, b.1
            ),
            format!(
                "rapporterne dækker forskellige tilskudsår: grundlaget {}-{}, den anden {}-{}; beregn begge over de samme år, eller sammenlign den fælles del",
                a.0, a.1, b.0, b.1
            ),
        ));
    }
    let mine: BTreeSet<&ClusterId> = baseline.clusters().iter().collect();
    let theirs: BTreeSet<&ClusterId> = other.clusters().iter().collect();
    if mine != theirs {
        let list = |ids: Vec<&&ClusterId>| {
            let shown: Vec<String> = ids.iter().take(5).map(|c| c.to_string()).collect();
            let more = ids.len().saturating_sub(shown.len());
            if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
        };
        let only_mine = list(mine.difference(&theirs).collect());
        let only_theirs = list(theirs.difference(&mine).collect());
        let none = |s: &str| if s.is_empty() { "none".to_owned() } else { s.to_owned() };
        let ingen = |s: &str| if s.is_empty() { "ingen".to_owned() } else { s.to_owned() };
        errors.push(Problem::new(
            "other",
            Rule::Format,
            format!(
                "the reports have other clusters: only in the baseline {}; only in the other {}; compare the common part if that is meant",
                none(&only_mine),
                none(&only_theirs)
            ),
            format!(
                "rapporterne har forskellige klynger: kun i grundlaget {}; kun i den anden {}; sammenlign den fælles del, hvis det er meningen",
                ingen(&only_mine),
                ingen(&only_theirs)
            ),
        ));
    }
    errors.into_result(())?;
    rows(baseline, other, |_, _| true)
}

/// The difference over what both reports cover: the grant years in both ranges and the
/// clusters with lines in both. Within those, a cluster without lines in a year counts zero.
pub fn compare_common(baseline: &GrantReport, other: &GrantReport) -> Result<Vec<ComparisonRow>, ValidationErrors> {
    let first = baseline.first_year().max(other.first_year());
    let last = baseline.last_year().min(other.last_year());
    let theirs: BTreeSet<&ClusterId> = other.clusters().iter().collect();
    let mine: BTreeSet<&ClusterId> = baseline.clusters().iter().collect();
    rows(baseline, other, |cluster, year| {
        (first..=last).contains(&year) && mine.contains(cluster) && theirs.contains(cluster)
    })
}

fn rows(
    baseline: &GrantReport,
    other: &GrantReport,
    keep: impl Fn(&ClusterId, i32) -> bool,
) -> Result<Vec<ComparisonRow>, ValidationErrors> {
    let mut nets: BTreeMap<(ClusterId, i32), (Dkk, Dkk)> = BTreeMap::new();
    for t in baseline.totals().filter(|t| keep(t.cluster, t.grant_year)) {
        nets.entry((t.cluster.clone(), t.grant_year)).or_default().0 = t.net;
    }
    for t in other.totals().filter(|t| keep(t.cluster, t.grant_year)) {
        nets.entry((t.cluster.clone(), t.grant_year)).or_default().1 = t.net;
    }
    nets.into_iter()
        .map(|((cluster, grant_year), (baseline, other))| {
            let difference =
                other.checked_sub(baseline).map_err(|e| ValidationErrors::from(Problem::at("difference", &e)))?;
            Ok(ComparisonRow { cluster, grant_year, baseline, other, difference })
        })
        .collect()
}
