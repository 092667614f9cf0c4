//! Sweeps (SW-VARIANTS, SW-EXACT): one scenario computed for grant years A..B under many
//! parameter variants at once — rates per grant year, the startup fee per capacity,
//! `clawback_on_transfer` — giving the totals per variant, cluster and grant year without
//! keeping any variant's lines.
//!
//! What does not depend on a variant is worked out once, by the very computation that makes a
//! report's lines: who is a member when, the days, the patients, the payout dates, which fees
//! are kept, repaid or withheld under either policy. Per variant, each cluster's grant year
//! then costs a few multiplications: a whole-year grant at a rate of whole øre is exactly
//! `rate × patients`, so those lines add up before the rate is applied; every share of a year
//! is still rounded on its own (ID-MONEY), as a full computation rounds it. So each variant's
//! totals equal a full computation's to the øre (SW-EXACT).
//!
//! Variants run on every core where there are several: a pool of threads is started for the
//! call (its size is rayon's: `RAYON_NUM_THREADS`, else one per core) and is gone when it
//! returns, so that a process may fork between calls.
//!
//! ```
//! use klynge::grants::{Parameters, Variant, sweep};
//! let scenario = klynge::sample::national();
//! let variants: Vec<Variant> = (0..3)
//!     .map(|i| Variant::default().with_rate(2026, format!("3.{}", 50 + i * 25).parse().unwrap()))
//!     .collect();
//! let result = sweep(&scenario, &Parameters::official(), 2026, 2026, &variants)?;
//! // SW-EXACT: each variant's totals are a full computation's.
//! let full = scenario.grants_with(&Parameters::official().with_rate(2026, "3.75".parse()?), 2026, 2026)?;
//! let net: i128 = full.totals().map(|t| t.net.ore()).sum();
//! assert_eq!(result.net(1).ore(), net);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::amounts::{self, RateRatio};
use super::compute::{LineSink, Made, make_lines};
use super::line::{CompactLine, LineKind};
use super::parameters::Parameters;
use crate::ids::ClusterId;
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;
use crate::scenario::Scenario;

/// One variant of a sweep (SW-VARIANTS): what it sets; the rest comes from the sweep's base
/// parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variant {
    /// Rates per grant year, overriding the base ones (GR-RATE).
    pub rates: BTreeMap<i32, Rate>,
    /// The startup fee per doctor capacity (GR-STARTUP).
    pub startup_fee_per_capacity: Option<Dkk>,
    /// Whether a transfer counts as a leave for GR-CLAWBACK (GR-TRANSFER).
    pub clawback_on_transfer: Option<bool>,
}

impl Variant {
    /// This variant with `rate` for `year`.
    pub fn with_rate(mut self, year: i32, rate: Rate) -> Self {
        self.rates.insert(year, rate);
        self
    }

    /// This variant with `fee` per doctor capacity.
    pub fn with_startup_fee_per_capacity(mut self, fee: Dkk) -> Self {
        self.startup_fee_per_capacity = Some(fee);
        self
    }

    /// This variant with `clawback_on_transfer`.
    pub fn with_clawback_on_transfer(mut self, clawback_on_transfer: bool) -> Self {
        self.clawback_on_transfer = Some(clawback_on_transfer);
        self
    }

    /// The base parameters with what this variant sets.
    pub fn parameters(&self, base: &Parameters) -> Parameters {
        let mut p = base.clone();
        for (year, rate) in &self.rates {
            p = p.with_rate(*year, *rate);
        }
        if let Some(fee) = self.startup_fee_per_capacity {
            p = p.with_startup_fee_per_capacity(fee);
        }
        if let Some(policy) = self.clawback_on_transfer {
            p = p.with_clawback_on_transfer(policy);
        }
        p
    }
}

/// What a cluster's grant year is made of, whatever the variant.
#[derive(Debug, Clone, Default)]
struct Group {
    cluster: u32,
    year: i32,
    /// Whole-year annual grants: how many, their patients one by one, and in sum.
    whole: Vec<u32>,
    whole_patients: i128,
    /// Shares of the year: `patients × days` each.
    shares: Vec<i64>,
    /// The days of the year.
    days_in_year: i64,
    /// Fee lines and the capacities they pay, and clawbacks and the capacities they repay,
    /// under each policy (`clawback_on_transfer` false, true).
    fees: [(u32, i64); 2],
    clawbacks: [(u32, i64); 2],
}

impl Group {
    fn has_lines(&self, policy: usize, fee: i128) -> bool {
        let fee_lines = self.fees.get(policy).map_or(0, |f| f.0) + self.clawbacks.get(policy).map_or(0, |c| c.0);
        !self.whole.is_empty() || !self.shares.is_empty() || (fee != 0 && fee_lines > 0)
    }
}

/// Gathers the groups from the lines of one policy's computation.
struct Gather {
    policy: usize,
    groups: BTreeMap<(u32, i32), Group>,
}

impl LineSink for Gather {
    fn line(&mut self, line: CompactLine, _made: &Made<'_>) {
        let (cluster, year) = (line.cluster_index() as u32, line.grant_year());
        let group = self.groups.entry((cluster, year)).or_insert_with(|| Group { cluster, year, ..Group::default() });
        let capacities = i64::from(line.capacities().unwrap_or(0));
        let slot = |pair: &mut [(u32, i64); 2], policy: usize| {
            if let Some((lines, caps)) = pair.get_mut(policy) {
                *lines += 1;
                *caps += capacities;
            }
        };
        match line.kind() {
            // The annual lines do not depend on the policy: taken from the first computation.
            LineKind::AnnualGrant if self.policy == 0 => {
                let patients = line.patients().unwrap_or(0);
                let (days, days_in_year) = (line.days().unwrap_or(0), line.days_in_year().unwrap_or(365));
                group.days_in_year = i64::from(days_in_year);
                if days == u32::from(days_in_year) {
                    group.whole.push(patients);
                    group.whole_patients += i128::from(patients);
                } else {
                    group.shares.push(i64::from(patients) * i64::from(days));
                }
            }
            LineKind::AnnualGrant => {}
            LineKind::StartupFee => slot(&mut group.fees, self.policy),
            LineKind::Clawback => slot(&mut group.clawbacks, self.policy),
        }
    }
}

/// The totals of a sweep: one row per variant, cluster and grant year where the variant has
/// lines, in that order (docs/formats.md "Sweep"); paid and repaid in øre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sweep {
    first: i32,
    last: i32,
    clusters: Vec<ClusterId>,
    /// Which of `clusters` are not complete: all their lines are pending (GR-PAYDATE).
    incomplete: Vec<bool>,
    /// Every cluster's grant year with lines under some variant: (cluster, year), sorted.
    groups: Vec<(u32, i32)>,
    /// Which of `groups` each kind of variant (policy, fee or none) has lines in.
    present: Vec<Vec<bool>>,
    /// Each variant's kind: an index into `present`.
    kinds: Vec<usize>,
    /// Øre per variant and group, variant after variant (`groups.len()` values each).
    paid: Vec<i64>,
    repaid: Vec<i64>,
}

/// One row of a sweep, with amounts in øre (they are sums of bounded lines and fit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepRow {
    /// The variant's index in the caller's list, from 0.
    pub variant: u32,
    /// The cluster, as an index into [`Sweep::clusters`].
    pub cluster: u32,
    /// The grant year.
    pub grant_year: i32,
    /// The sum of the positive lines, in øre.
    pub paid_ore: i64,
    /// The sum of the clawbacks, positive, in øre.
    pub repaid_ore: i64,
    /// The net of the lines without a payout date, in øre: all of them where the cluster is not
    /// complete, none where it is (GR-PAYDATE).
    pub pending_ore: i64,
}

impl SweepRow {
    /// The sum of the positive lines.
    pub fn paid(&self) -> Dkk {
        Dkk::from_ore(self.paid_ore)
    }

    /// The sum of the clawbacks, as a positive amount.
    pub fn repaid(&self) -> Dkk {
        Dkk::from_ore(self.repaid_ore)
    }

    /// `paid - repaid`: the entitlement, pending lines included (docs/formats.md).
    pub fn net(&self) -> Dkk {
        Dkk::from_ore(self.paid_ore.saturating_sub(self.repaid_ore))
    }

    /// The part of `net` that is pending until the cluster completes.
    pub fn pending(&self) -> Dkk {
        Dkk::from_ore(self.pending_ore)
    }
}

impl Sweep {
    /// The grant years swept.
    pub fn years(&self) -> (i32, i32) {
        (self.first, self.last)
    }

    /// The clusters a row's cluster index points into, sorted.
    pub fn clusters(&self) -> &[ClusterId] {
        &self.clusters
    }

    /// How many variants were swept.
    pub fn variants(&self) -> usize {
        self.kinds.len()
    }

    /// The rows of variant `variant`, by cluster and grant year.
    pub fn variant_rows(&self, variant: usize) -> impl Iterator<Item = SweepRow> + '_ {
        let present = self.kinds.get(variant).and_then(|k| self.present.get(*k));
        let start = variant.saturating_mul(self.groups.len());
        let (paid, repaid) = (self.paid.get(start..).unwrap_or_default(), self.repaid.get(start..).unwrap_or_default());
        self.groups
            .iter()
            .zip(paid.iter().zip(repaid))
            .zip(present.into_iter().flatten())
            .filter(|(_, here)| **here)
            .map(move |((&(cluster, grant_year), (&paid_ore, &repaid_ore)), _)| SweepRow {
                variant: u32::try_from(variant).unwrap_or(u32::MAX),
                cluster,
                grant_year,
                paid_ore,
                repaid_ore,
                pending_ore: match self.incomplete.get(cluster as usize) {
                    Some(true) => paid_ore.saturating_sub(repaid_ore),
                    _ => 0,
                },
            })
    }

    /// Every row, by variant, cluster and grant year.
    pub fn rows(&self) -> impl Iterator<Item = SweepRow> + '_ {
        (0..self.variants()).flat_map(|v| self.variant_rows(v))
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.kinds.iter().map(|k| self.present.get(*k).map_or(0, |p| p.iter().filter(|h| **h).count())).sum()
    }

    /// True when no variant has any line.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A variant's net over every cluster and grant year, pending lines included.
    pub fn net(&self, variant: usize) -> Dkk {
        let ore: i128 = self.variant_rows(variant).map(|r| i128::from(r.paid_ore) - i128::from(r.repaid_ore)).sum();
        Dkk::round_ratio(ore, 1).unwrap_or(Dkk::ZERO)
    }

    /// docs/formats.md's sweep: a JSON list of `{ variant, cluster, grant_year, paid, repaid,
    /// net, pending }`.
    pub fn to_json(&self) -> String {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            variant: u32,
            cluster: &'a str,
            grant_year: i32,
            paid: Dkk,
            repaid: Dkk,
            net: Dkk,
            pending: Dkk,
        }
        let rows: Vec<Row<'_>> = self
            .rows()
            .map(|r| Row {
                variant: r.variant,
                cluster: self.clusters.get(r.cluster as usize).map_or("", |c| c.as_str()),
                grant_year: r.grant_year,
                paid: r.paid(),
                repaid: r.repaid(),
                net: r.net(),
                pending: r.pending(),
            })
            .collect();
        serde_json::to_string_pretty(&rows).unwrap_or_default()
    }
}

/// The most rows a sweep makes: variants × clusters × years beyond this are refused up front.
pub const MAX_SWEEP_ROWS: usize = 50_000_000;

/// A variant made ready: its rate ratio per grant year, its fee in øre, its policy slot.
struct Ready {
    rates: Vec<Option<RateRatio>>,
    fee: i128,
    policy: usize,
}

/// SW-VARIANTS: `scenario` for grant years `first..=last` under each of `variants`, each
/// starting from `base`. A variant without a rate for a year that has annual grants is refused
/// with its index and the year; every such problem is reported at once.
pub fn sweep(
    scenario: &Scenario,
    base: &Parameters,
    first: i32,
    last: i32,
    variants: &[Variant],
) -> Result<Sweep, ValidationErrors> {
    base.validate()?;
    // The lines of both policies, with any rate: rates only scale what the lines are made of.
    let any_rate = Rate::new(Decimal::ONE).map_err(|e| ValidationErrors::from(Problem::at("rates", &e)))?;
    let mut groups: BTreeMap<(u32, i32), Group> = BTreeMap::new();
    for (policy, clawback_on_transfer) in [false, true].into_iter().enumerate() {
        let mut params = base.clone().with_clawback_on_transfer(clawback_on_transfer);
        params.startup_fee_per_capacity = Dkk::from_kroner(1);
        for year in first.max(crate::dates::FIRST_YEAR)..=last.min(crate::dates::LAST_YEAR) {
            params = params.with_rate(year, any_rate);
        }
        let mut gather = Gather { policy, groups: std::mem::take(&mut groups) };
        make_lines(scenario, &params, first, last, &mut gather)?.into_result(())?;
        groups = gather.groups;
    }
    let groups: Vec<Group> = groups.into_values().collect();
    let c = scenario.compiled();
    let clusters = c.cluster_ids.clone();
    let incomplete: Vec<bool> = c.clusters.iter().map(|k| k.completed.is_none()).collect();
    let rows_up_to = groups.len().saturating_mul(variants.len());
    if rows_up_to > MAX_SWEEP_ROWS {
        return Err(ValidationErrors::from(Problem::new(
            "variants",
            Rule::SwVariants,
            format!(
                "{} variants of {} cluster-years would make more than {MAX_SWEEP_ROWS} rows; sweep fewer at a time",
                variants.len(),
                groups.len()
            ),
            format!(
                "{} varianter af {} klynge-år ville give mere end {MAX_SWEEP_ROWS} rækker; gennemløb færre ad gangen",
                variants.len(),
                groups.len()
            ),
        )));
    }

    // Each variant made ready; a year with annual grants needs a rate.
    let annual_years: Vec<i32> = {
        let mut years: Vec<i32> =
            groups.iter().filter(|g| !g.whole.is_empty() || !g.shares.is_empty()).map(|g| g.year).collect();
        years.sort_unstable();
        years.dedup();
        years
    };
    let mut errors = ValidationErrors::new();
    let mut ready = Vec::with_capacity(variants.len());
    for (index, variant) in variants.iter().enumerate() {
        // SW-VARIANTS: a rate for a year outside the sweep changes nothing; it is a mistake
        // (a year typed wrong), not a variant.
        for year in variant.rates.keys().filter(|y| !(first..=last).contains(*y)) {
            errors.push(Problem::new(
                format!("variants[{index}].rates.{year}"),
                Rule::SwVariants,
                format!("variant {index} sets a rate for {year}, outside the grant years swept, {first}-{last}"),
                format!("variant {index} sætter en sats for {year}, uden for de gennemløbne tilskudsår {first}-{last}"),
            ));
        }
        let params = variant.parameters(base);
        if let Err(problems) = params.validate() {
            for p in problems {
                errors.push(Problem::new(format!("variants[{index}].{}", p.path), p.rule, p.message_en, p.message_da));
            }
            continue;
        }
        let mut rates = Vec::with_capacity(usize::try_from(last - first + 1).unwrap_or(0));
        for year in first..=last {
            let rate = params.effective_rate(year, &c.rates);
            if rate.is_none() && annual_years.contains(&year) {
                errors.note(Rule::SwVariants, || {
                    Problem::new(
                        format!("variants[{index}].rates"),
                        Rule::SwVariants,
                        format!("variant {index} has no rate for grant year {year} (GR-RATE); supply one"),
                        format!("variant {index} har ingen sats for tilskudsåret {year} (GR-RATE); angiv en"),
                    )
                });
            }
            rates.push(rate.and_then(RateRatio::new));
        }
        let policy = usize::from(params.clawback_on_transfer.unwrap_or(c.policy.clawback_on_transfer));
        ready.push(Ready { rates, fee: params.startup_fee_per_capacity.ore(), policy });
    }
    errors.into_result(())?;

    // The kinds of variant by which groups have lines: policy, and whether there is a fee.
    let mut kinds_seen: Vec<(usize, bool)> = Vec::new();
    let kinds: Vec<usize> = ready
        .iter()
        .map(|v| {
            let kind = (v.policy, v.fee != 0);
            match kinds_seen.iter().position(|k| *k == kind) {
                Some(i) => i,
                None => {
                    kinds_seen.push(kind);
                    kinds_seen.len() - 1
                }
            }
        })
        .collect();
    let present: Vec<Vec<bool>> = kinds_seen
        .iter()
        .map(|(policy, fee)| groups.iter().map(|g| g.has_lines(*policy, i128::from(*fee))).collect())
        .collect();

    // Every variant's totals, a variant a chunk, on as many threads as rayon gives.
    let width = groups.len();
    let mut paid = vec![0i64; width.saturating_mul(ready.len())];
    let mut repaid = vec![0i64; width.saturating_mul(ready.len())];
    // A variant's index, and its totals to fill.
    type Task<'a, 'b> = (usize, ((&'a Ready, &'b mut [i64]), &'b mut [i64]));
    let compute = |(index, ((variant, paid), repaid)): Task<'_, '_>| -> Result<(), ValidationErrors> {
        for ((group, paid), repaid) in groups.iter().zip(paid.iter_mut()).zip(repaid.iter_mut()) {
            (*paid, *repaid) = totals(group, variant, first).ok_or_else(|| {
                ValidationErrors::from(Problem::at(format!("variants[{index}]"), &crate::MoneyError::Overflow))
            })?;
        }
        Ok(())
    };
    let outcome: Result<(), ValidationErrors> = match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) if ready.len() > 1 && width > 0 => pool.install(|| {
            use rayon::prelude::*;
            ready
                .par_iter()
                .zip(paid.par_chunks_mut(width))
                .zip(repaid.par_chunks_mut(width))
                .enumerate()
                .try_for_each(compute)
        }),
        _ if width == 0 => Ok(()),
        _ => ready.iter().zip(paid.chunks_mut(width)).zip(repaid.chunks_mut(width)).enumerate().try_for_each(compute),
    };
    outcome?;
    Ok(Sweep {
        first,
        last,
        clusters,
        incomplete,
        groups: groups.iter().map(|g| (g.cluster, g.year)).collect(),
        present,
        kinds,
        paid,
        repaid,
    })
}

/// One cluster's grant year under one variant: (paid, repaid) in øre, `None` on overflow
/// (which the bounds on rates, counts and fees rule out). Each share of a year is rounded on
/// its own (ID-MONEY); whole-year grants at a rate of whole øre add up exactly first.
fn totals(group: &Group, variant: &Ready, first: i32) -> Option<(i64, i64)> {
    let rate = usize::try_from(group.year - first).ok().and_then(|i| variant.rates.get(i)).copied().flatten();
    let mut paid: i128 = 0;
    if let Some(rate) = rate {
        if rate.per == 1 {
            // Nothing is rounded at a rate of whole øre: the summed patients' grant is the sum.
            paid = amounts::whole_year_ore(rate, group.whole_patients)?;
        } else {
            for patients in &group.whole {
                paid += amounts::whole_year_ore(rate, i128::from(*patients))?;
            }
        }
        paid += shares(&group.shares, rate, group.days_in_year)?;
    }
    let (fees, clawbacks) = (group.fees.get(variant.policy), group.clawbacks.get(variant.policy));
    paid += amounts::fee_ore(variant.fee, i128::from(fees.map_or(0, |f| f.1)))?;
    let repaid = amounts::fee_ore(variant.fee, i128::from(clawbacks.map_or(0, |c| c.1)))?;
    Some((i64::try_from(paid).ok()?, i64::try_from(repaid).ok()?))
}

/// The shares of a year at `rate`, each rounded on its own (ID-MONEY), by the report's own
/// formula ([`amounts::share_ore`]). The year's 365 or 366 days are passed as constants, so
/// that the inlined formula divides by a constant (a multiplication): the sweep's inner loop.
fn shares(shares: &[i64], rate: RateRatio, days_in_year: i64) -> Option<i128> {
    fn sum(shares: &[i64], share: impl Fn(i64) -> Option<i128>) -> Option<i128> {
        shares.iter().try_fold(0i128, |sum, patient_days| Some(sum + share(*patient_days)?))
    }
    match days_in_year {
        365 => sum(shares, |pd| amounts::share_ore(rate, pd, 365)),
        366 => sum(shares, |pd| amounts::share_ore(rate, pd, 366)),
        other => sum(shares, |pd| amounts::share_ore(rate, pd, other)),
    }
}

impl Scenario {
    /// SW-VARIANTS: this scenario for grant years `first..=last` under each of `variants`,
    /// from the official parameters (see [`sweep`]).
    pub fn sweep(&self, first: i32, last: i32, variants: &[Variant]) -> Result<Sweep, ValidationErrors> {
        sweep(self, &Parameters::official(), first, last, variants)
    }
}
