//! Grants (RULES.md section 6): startup fees, annual grants, clawbacks, payout dates and
//! payers, as an explainable [`GrantReport`].
//!
//! [`compute`] takes a validated [`Scenario`], the dated [`Parameters`] and grant years
//! `first..=last`. A missing rate or patient count is an error naming the practice and year
//! (GR-RATE, MEM-PATIENTS); nothing is assumed. The result does not depend on the order of the
//! scenario's lists.

mod clawback;
pub mod consultant;
pub mod parameters;
pub mod payout;
pub mod report;
mod schemes;

use std::collections::BTreeMap;

use chrono::Datelike;
use rust_decimal::Decimal;

pub use consultant::{ConsultantError, consultant_fee, consultant_hourly_rate};
pub use parameters::{DayOfYear, Parameters, Payer, Scheme};
pub use payout::{payout_date, payout_window};
pub use report::{GrantReport, Line, LineKind, Period, Totals};

use crate::calendar::{FIRST_YEAR, LAST_YEAR, days_in_year};
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;
use crate::scenario::{Compiled, CompiledMembership, Scenario};
use clawback::{FeeOutcome, fee_outcome};
use report::StoredLine;

/// A membership's startup fee and what became of it.
#[derive(Clone, Copy)]
struct FeePlan {
    amount: Dkk,
    due: Option<chrono::NaiveDate>,
    payer: Payer,
    outcome: FeeOutcome,
}

/// Collects the inputs a computation needed and did not get.
struct Missing {
    errors: ValidationErrors,
    rates: BTreeMap<i32, ()>,
}

impl Missing {
    fn rate(&mut self, year: i32, line: &StoredLine, cluster: &str) {
        if self.rates.insert(year, ()).is_none() {
            self.errors.push(Problem::new(
                "rates",
                Rule::GrRate,
                format!(
                    "no rate for grant year {year} (needed first by practice {} in cluster {cluster}); supply one",
                    line.ydernummer
                ),
                format!(
                    "ingen sats for tilskudsåret {year} (først nødvendig for praksis {} i klynge {cluster}); angiv en",
                    line.ydernummer
                ),
            ));
        }
    }

    fn patients(&mut self, year: i32, line: &StoredLine, cluster: &str) {
        self.errors.push(Problem::new(
            "patients",
            Rule::MemPatients,
            format!(
                "no group-1 patient count for practice {} in {year} (member of cluster {cluster})",
                line.ydernummer
            ),
            format!(
                "intet antal gruppe 1-patienter for praksis {} i {year} (medlem af klynge {cluster})",
                line.ydernummer
            ),
        ));
    }
}

/// Computes the grant report of `scenario` for grant years `first..=last`.
///
/// Rates: the caller's overrides in `parameters`, else the scenario's own, else the built-in
/// table; a year without any is an error (GR-RATE).
pub fn compute(
    scenario: &Scenario,
    parameters: &Parameters,
    first: i32,
    last: i32,
) -> Result<GrantReport, ValidationErrors> {
    check_years(first, last)?;
    let c = scenario.compiled();
    let mut missing = Missing { errors: ValidationErrors::new(), rates: BTreeMap::new() };
    let rates: BTreeMap<i32, Rate> =
        (first..=last).filter_map(|y| Some((y, parameters.effective_rate(y, &c.rates)?))).collect();
    let fees: Vec<Option<FeePlan>> =
        c.memberships.iter().map(|m| fee_plan(c, m, parameters)).collect::<Result<_, _>>()?;

    let mut lines: Vec<StoredLine> =
        Vec::with_capacity(c.memberships.len() * (last - first + 1).unsigned_abs() as usize);
    let mut used_rates = BTreeMap::new();
    for group in by_cluster(c) {
        let Some(cluster) = group.first().and_then(|i| c.memberships.get(*i)).map(|m| m.cluster) else { continue };
        let completed = c.clusters.get(cluster as usize).and_then(|k| k.completed);
        let cluster_id = c.cluster_ids.get(cluster as usize).map_or("", |id| id.as_str());
        for year in first..=last {
            for practice_group in group
                .chunk_by(|a, b| c.memberships.get(*a).map(|m| m.practice) == c.memberships.get(*b).map(|m| m.practice))
            {
                let members = || practice_group.iter().filter_map(|i| Some((*i, c.memberships.get(*i)?)));
                // FORMAT order within a practice and year: startup fee, annual grant, clawback,
                // each by joining day.
                for (i, m) in members() {
                    if let Some(fee) = fees.get(i).copied().flatten()
                        && m.period.joined().year() == year
                        && fee.outcome != FeeOutcome::Withheld
                    {
                        lines.push(fee_line(
                            c,
                            m,
                            year,
                            fee,
                            fee.amount,
                            fee.due,
                            Rule::GrStartup,
                            LineKind::StartupFee,
                        ));
                    }
                }
                for (_, m) in members() {
                    if let Some(line) = annual_line(c, m, year, completed, parameters, &rates, &mut missing, cluster_id)
                    {
                        used_rates.insert(year, line.1);
                        lines.push(line.0);
                    }
                }
                for (i, m) in members() {
                    if let Some(fee) = fees.get(i).copied().flatten()
                        && let FeeOutcome::ClawedBack { left } = fee.outcome
                        && left.year() == year
                    {
                        lines.push(fee_line(
                            c,
                            m,
                            year,
                            fee,
                            -fee.amount,
                            Some(left),
                            Rule::GrClawback,
                            LineKind::Clawback,
                        ));
                    }
                }
            }
        }
    }
    if !missing.errors.is_empty() {
        return Err(missing.errors);
    }
    GrantReport::assemble(first, last, &c.cluster_ids, used_rates, lines)
}

/// FORMAT: a report covers `first..=last`, within the supported years.
fn check_years(first: i32, last: i32) -> Result<(), ValidationErrors> {
    if first > last || first < FIRST_YEAR || last > LAST_YEAR {
        return Err(ValidationErrors::from(Problem::new(
            "years",
            Rule::Format,
            format!("the years must run from A to B with {FIRST_YEAR} <= A <= B <= {LAST_YEAR}, not {first}-{last}"),
            format!("årene skal gå fra A til B med {FIRST_YEAR} <= A <= B <= {LAST_YEAR}, ikke {first}-{last}"),
        )));
    }
    Ok(())
}

/// The memberships' indices grouped by cluster, each group sorted by practice and joining day.
fn by_cluster(c: &Compiled) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); c.cluster_ids.len()];
    // Memberships are sorted by (practice, joined), so each group comes out in that order.
    for (i, m) in c.memberships.iter().enumerate() {
        if let Some(group) = groups.get_mut(m.cluster as usize) {
            group.push(i);
        }
    }
    groups
}

/// GR-STARTUP with GR-PAYDATE and GR-CLAWBACK: the fee of a membership, if it earns one.
fn fee_plan(c: &Compiled, m: &CompiledMembership, p: &Parameters) -> Result<Option<FeePlan>, ValidationErrors> {
    let completed = c.clusters.get(m.cluster as usize).and_then(|k| k.completed);
    let Some(nominal) = schemes::startup_fee_due(m, completed, p) else { return Ok(None) };
    let capacities = c.practices.get(m.practice as usize).map_or(0, |pr| pr.capacities.get());
    let amount = p
        .startup_fee_per_capacity
        .checked_mul(Decimal::from(capacities))
        .map_err(|e| ValidationErrors::from(Problem::at("practices", &e)))?;
    let due = payout_date(nominal, completed);
    let payer = p.payer_on(due.unwrap_or(nominal));
    Ok(Some(FeePlan { amount, due, payer, outcome: fee_outcome(m, due, c.policy) }))
}

#[allow(clippy::too_many_arguments)]
fn fee_line(
    c: &Compiled,
    m: &CompiledMembership,
    year: i32,
    fee: FeePlan,
    amount: Dkk,
    due: Option<chrono::NaiveDate>,
    rule: Rule,
    kind: LineKind,
) -> StoredLine {
    let practice = c.practices.get(m.practice as usize);
    StoredLine {
        cluster: m.cluster,
        ydernummer: practice.map_or(crate::ids::Ydernummer::MIN, |p| p.ydernummer),
        patients: 0,
        from: chrono::NaiveDate::MIN,
        until: chrono::NaiveDate::MIN,
        amount,
        due,
        grant_year: i16::try_from(year).unwrap_or(i16::MAX),
        capacities: practice.map_or(0, |p| p.capacities.get()),
        kind,
        rule,
        payer: fee.payer,
    }
}

/// GR-ANNUAL-REGIONAL / GR-ANNUAL-PLO with GR-PAYDATE: the annual line of a membership for a
/// year, if it has one, and the rate used. Missing inputs are recorded, not assumed.
#[allow(clippy::too_many_arguments)]
fn annual_line(
    c: &Compiled,
    m: &CompiledMembership,
    year: i32,
    completed: Option<chrono::NaiveDate>,
    p: &Parameters,
    rates: &BTreeMap<i32, Rate>,
    missing: &mut Missing,
    cluster_id: &str,
) -> Option<(StoredLine, Rate)> {
    let basis = schemes::annual(m, year, completed, p)?;
    let practice = c.practices.get(m.practice as usize)?;
    let due = payout_date(basis.nominal_due, completed);
    let mut line = StoredLine {
        cluster: m.cluster,
        ydernummer: practice.ydernummer,
        patients: 0,
        from: basis.from,
        until: basis.until,
        amount: Dkk::ZERO,
        due,
        grant_year: i16::try_from(year).unwrap_or(i16::MAX),
        capacities: 0,
        kind: LineKind::AnnualGrant,
        rule: basis.rule,
        payer: p.payer_on(due.unwrap_or(basis.nominal_due)),
    };
    let rate = rates.get(&year).copied();
    let patients = practice.patients(year);
    if rate.is_none() {
        missing.rate(year, &line, cluster_id);
    }
    if patients.is_none() {
        missing.patients(year, &line, cluster_id);
    }
    let (rate, patients) = (rate?, patients?);
    line.patients = patients.get();
    // Bounds: rate <= 10,000 with 6 decimals, patients <= 10^7, days <= 366: the product is
    // below 4 * 10^19 at scale 6, far inside a decimal's 7.9 * 10^28, so nothing overflows.
    let yearly = rate.value() * Decimal::from(patients.get());
    let exact = if basis.whole_year {
        yearly
    } else {
        let days = (basis.until - basis.from).num_days();
        yearly * Decimal::from(days) / Decimal::from(days_in_year(year))
    };
    line.amount = Dkk::round(exact);
    Some((line, rate))
}

impl Scenario {
    /// The grant report for `first..=last` with the official parameters and the scenario's own
    /// rates.
    pub fn grants(&self, first: i32, last: i32) -> Result<GrantReport, ValidationErrors> {
        compute(self, &Parameters::official(), first, last)
    }

    /// The grant report for `first..=last` with the given parameters (see [`compute`]).
    pub fn grants_with(&self, parameters: &Parameters, first: i32, last: i32) -> Result<GrantReport, ValidationErrors> {
        compute(self, parameters, first, last)
    }
}
