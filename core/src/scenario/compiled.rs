//! A valid scenario as the computation reads it: clusters and practices sorted and indexed,
//! each cluster's memberships together in the order of the report's lines, and each
//! membership's patient counts laid out beside it. Built once per scenario, so that every
//! computation of it (a report, a sweep's variants, a calendar) starts from the same tables.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;

use super::model::{Policy, ScenarioParts, ScenarioPatients};
use crate::ids::{ClusterId, Ydernummer};
use crate::money::Rate;
use crate::registry::members::{Capacities, PatientCount};

/// A cluster as the computation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledCluster {
    pub(crate) completed: Option<NaiveDate>,
    /// The founding day (CMP-CUTOFF).
    pub(crate) founded: NaiveDate,
}

/// A membership as the computation sees it, with what it needs of its practice, so that the
/// computation reads memory in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledMembership {
    pub(crate) cluster: u32,
    /// The practice, as an index into [`Compiled::practices`].
    pub(crate) practice: u32,
    pub(crate) capacities: Capacities,
    pub(crate) period: crate::dates::MembershipPeriod,
    /// The practice's patient counts: `Compiled::patients[start..start + len]`, by year.
    pub(crate) patients_start: u32,
    pub(crate) patients_len: u32,
    pub(crate) by_transfer: bool,
    /// GR-STARTUP: the practice's earliest membership of any cluster (decided in `grants`).
    pub(crate) first: bool,
    /// MEM-TRANSFER: the membership ends by a transfer to another cluster (decided in `grants`).
    pub(crate) ends_by_transfer: bool,
}

/// Everything sorted and indexed, so the result does not depend on the order of the input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Compiled {
    /// Sorted by id; a line's cluster is an index into this.
    pub(crate) cluster_ids: Vec<ClusterId>,
    pub(crate) clusters: Vec<CompiledCluster>,
    /// The name and region of each cluster, where given, for the reports' tables.
    pub(crate) cluster_details: Vec<ClusterDetails>,
    /// Every practice, sorted; a line's practice is an index into this. Shared with the
    /// reports, which keep it as their table of practices.
    pub(crate) practices: Arc<[Ydernummer]>,
    /// Sorted by (cluster, ydernummer, joined): each cluster's memberships lie together, in
    /// the order of the report's lines.
    pub(crate) memberships: Vec<CompiledMembership>,
    /// (year, count) of each membership's practice, in membership order, by year.
    pub(crate) patients: Vec<(i32, PatientCount)>,
    pub(crate) rates: BTreeMap<i32, Rate>,
    pub(crate) policy: Policy,
}

impl Compiled {
    /// MEM-PATIENTS: a membership's practice's count for `year`, if given.
    pub(crate) fn patients(&self, m: &CompiledMembership, year: i32) -> Option<PatientCount> {
        let start = m.patients_start as usize;
        let counts = self.patients.get(start..start + m.patients_len as usize)?;
        counts.iter().find(|(y, _)| *y == year).map(|(_, c)| *c)
    }
}

/// An index that fits in 32 bits: a scenario's lists are bounded far below 2^32 items.
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Sorts and indexes valid parts for the computation (the cross-checks have passed, so every
/// reference resolves). Sorting, not hashing: O(n log n) with no table of keys to build.
pub(crate) fn compile(parts: &ScenarioParts) -> Compiled {
    let mut clusters: Vec<&super::ScenarioCluster> = parts.clusters.iter().collect();
    clusters.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let cluster_index: HashMap<&ClusterId, u32> = clusters.iter().enumerate().map(|(i, c)| (&c.id, index(i))).collect();

    // Practices sorted, so that practice indices sort as the ydernumre do.
    let mut practices: Vec<(Ydernummer, Capacities)> =
        parts.practices.iter().map(|p| (p.ydernummer, p.capacities)).collect();
    practices.sort_unstable_by_key(|(y, _)| *y);
    practices.dedup_by_key(|(y, _)| *y);
    let practice_index = |y: &Ydernummer| practices.binary_search_by(|(k, _)| k.cmp(y)).ok();

    // Each practice's counts by year, `counts[starts[p]..starts[p + 1]]`: in order of practice
    // and year (as input usually comes, and is then taken as it is; otherwise sorted), and
    // walked beside the sorted practices, instead of searching them for each count.
    let counts: Cow<'_, [ScenarioPatients]> = if super::model::patients_in_order(&parts.patients) {
        Cow::Borrowed(&parts.patients)
    } else {
        let mut sorted = parts.patients.clone();
        sorted.sort_unstable_by_key(|p| (p.ydernummer, p.year));
        Cow::Owned(sorted)
    };
    let mut starts = Vec::with_capacity(practices.len() + 1);
    let mut next = 0;
    for (y, _) in &practices {
        while counts.get(next).is_some_and(|p| p.ydernummer < *y) {
            next += 1;
        }
        starts.push(index(next));
    }
    starts.push(index(counts.len()));

    let mut memberships: Vec<CompiledMembership> = parts
        .memberships
        .iter()
        .filter_map(|m| {
            let practice = practice_index(&m.ydernummer)?;
            let (_, capacities) = practices.get(practice)?;
            let start = starts.get(practice).copied().unwrap_or(0);
            let end = starts.get(practice + 1).copied().unwrap_or(start);
            Some(CompiledMembership {
                cluster: *cluster_index.get(&m.cluster)?,
                practice: index(practice),
                capacities: *capacities,
                period: m.period,
                patients_start: start,
                patients_len: end - start,
                by_transfer: m.by_transfer,
                first: false,
                ends_by_transfer: false,
            })
        })
        .collect();
    super::memberships::mark_memberships(&mut memberships);
    memberships.sort_unstable_by_key(|m| (m.cluster, m.practice, m.period.joined()));
    // Each membership gets its own copy of its practice's counts, laid out in membership
    // order, so that the computation reads them in sequence rather than jumping around.
    let mut laid_out: Vec<(i32, PatientCount)> = Vec::with_capacity(counts.len());
    for m in &mut memberships {
        let start = m.patients_start as usize;
        let own = counts.get(start..start + m.patients_len as usize).unwrap_or_default();
        m.patients_start = index(laid_out.len());
        laid_out.extend(own.iter().map(|p| (p.year, p.count)));
    }
    Compiled {
        cluster_ids: clusters.iter().map(|c| c.id.clone()).collect(),
        clusters: clusters.iter().map(|c| CompiledCluster { completed: c.completed, founded: c.founded }).collect(),
        cluster_details: clusters
            .iter()
            .map(|c| ClusterDetails {
                name: c.name.as_deref().map(Arc::from),
                region: c.municipality.map(|m| m.region()),
                founded: Some(c.founded),
            })
            .collect(),
        practices: practices.iter().map(|(y, _)| *y).collect(),
        memberships,
        patients: laid_out,
        rates: parts.rates.iter().map(|r| (r.year, r.rate)).collect(),
        policy: parts.policy,
    }
}

/// A cluster's name and region, as its scenario gave them: what a table of the report shows
/// beside the id. Not part of docs/formats.md's JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ClusterDetails {
    pub(crate) name: Option<Arc<str>>,
    pub(crate) region: Option<crate::geography::Region>,
    /// The founding assembly, where the scenario gave it (a report read from JSON has none).
    pub(crate) founded: Option<chrono::NaiveDate>,
}
