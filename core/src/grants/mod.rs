//! Grants (RULES.md section 6): startup fees, annual grants, clawbacks, payout dates and
//! payers, as an explainable [`GrantReport`].
//!
//! [`compute`] takes a validated [`Scenario`], the dated [`Parameters`] and grant years
//! `first..=last`. A missing rate or patient count is an error naming the practice and year
//! (GR-RATE, MEM-PATIENTS); nothing is assumed. The result does not depend on the order of the
//! scenario's lists.

mod clawback;
pub mod compare;
pub mod consultant;
mod explain;
pub mod line;
mod memberships;
pub mod parameters;
pub mod payout;
pub mod report;
mod report_json;
mod schemes;
pub(crate) mod storage;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::Datelike;
use rust_decimal::Decimal;

pub use compare::{ComparisonRow, compare, compare_common};
pub use consultant::{ConsultantError, consultant_fee, consultant_hourly_rate};
pub use line::{CompactLine, Line, LineKind, Period, REPORT_COLUMNS};
pub(crate) use memberships::mark_memberships;
pub use parameters::{DayOfYear, Parameters, Payer, Scheme};
pub use payout::{payout_date, payout_window};
pub use report::{GrantReport, Totals};

use crate::calendar::{FIRST_YEAR, LAST_YEAR, epoch_day};
use crate::ids::Ydernummer;
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;
use crate::scenario::{Compiled, CompiledMembership, Scenario};
use clawback::{FeeOutcome, fee_outcome};
use schemes::YearDates;
use storage::ReportBuilder;

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
    rates: BTreeSet<i32>,
}

impl Missing {
    fn rate(&mut self, year: i32, practice: Ydernummer, cluster: &str) {
        if self.rates.insert(year) {
            self.errors.push(Problem::new(
                "rates",
                Rule::GrRate,
                format!(
                    "no rate for grant year {year} (needed first by practice {practice} in cluster {cluster}); supply one"
                ),
                format!(
                    "ingen sats for tilskudsåret {year} (først nødvendig for praksis {practice} i klynge {cluster}); angiv en"
                ),
            ));
        }
    }

    fn patients(&mut self, year: i32, practice: Ydernummer, cluster: &str) {
        self.errors.push(Problem::new(
            "patients",
            Rule::MemPatients,
            format!("no group-1 patient count for practice {practice} in {year} (member of cluster {cluster})"),
            format!("intet antal gruppe 1-patienter for praksis {practice} i {year} (medlem af klynge {cluster})"),
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
    let mut missing = Missing { errors: ValidationErrors::new(), rates: BTreeSet::new() };
    let rates: Vec<Option<Rate>> = (first..=last).map(|y| parameters.effective_rate(y, &c.rates)).collect();
    let rate_ratios: Vec<Option<RateRatio>> = rates.iter().map(|r| r.and_then(RateRatio::new)).collect();
    let dates: Vec<YearDates> = (first..=last).map(|y| YearDates::new(y, parameters)).collect();
    let mut rate_used = vec![false; rates.len()];
    let fees: Vec<Option<FeePlan>> =
        c.memberships.iter().map(|m| fee_plan(c, m, parameters)).collect::<Result<_, _>>()?;

    // Memberships lie by (cluster, ydernummer, joined), so lines come out in FORMAT's order:
    // cluster, grant year, ydernummer, kind, joining day.
    // A first guess at the number of lines, capped so that a wide span of years cannot ask for
    // more memory up front than the lines will need; the vector grows with the real lines.
    const INITIAL_LINES: usize = 1 << 22;
    let guess = c.memberships.len().saturating_mul(rates.len().min(12)).min(INITIAL_LINES);
    let mut lines = ReportBuilder::new(&c.cluster_ids, &c.cluster_details, Arc::clone(&c.practices), guess);
    let mut start = 0;
    for group in c.memberships.chunk_by(|a, b| a.cluster == b.cluster) {
        let group_fees = fees.get(start..start + group.len()).unwrap_or_default();
        start += group.len();
        let Some(cluster) = group.first().map(|m| m.cluster) else { continue };
        let completed = c.clusters.get(cluster as usize).and_then(|k| k.completed);
        let cluster_id = c.cluster_ids.get(cluster as usize).map_or("", |id| id.as_str());
        let years = group_years(group, first, last);
        for year in years.0..=years.1 {
            let slot = (year - first) as usize;
            let rate = rates.get(slot).copied().flatten().zip(rate_ratios.get(slot).copied().flatten());
            let Some(year_dates) = dates.get(slot) else { continue };
            let mut offset = 0;
            for practice in group.chunk_by(|a, b| a.practice == b.practice) {
                let practice_fees = group_fees.get(offset..offset + practice.len()).unwrap_or_default();
                offset += practice.len();
                let with_fees = || practice.iter().zip(practice_fees.iter().copied());
                for (m, fee) in with_fees() {
                    if let Some(fee) = fee
                        && m.period.joined().year() == year
                        && fee.outcome != FeeOutcome::Withheld
                    {
                        lines.push(fee_line(m, year, fee, fee.amount, fee.due, Rule::GrStartup, LineKind::StartupFee));
                    }
                }
                for m in practice {
                    if let Some(line) =
                        annual_line(c, m, year_dates, completed, parameters, rate, &mut missing, cluster_id)?
                    {
                        if let Some(used) = rate_used.get_mut(slot) {
                            *used = true;
                        }
                        lines.push(line);
                    }
                }
                for (m, fee) in with_fees() {
                    if let Some(fee) = fee
                        && let FeeOutcome::ClawedBack { left } = fee.outcome
                        && left.year() == year
                    {
                        lines.push(fee_line(
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
    let used_rates: BTreeMap<i32, Rate> = (first..=last)
        .zip(rates.iter().zip(&rate_used))
        .filter_map(|(year, (rate, used))| Some((year, (*rate).filter(|_| *used)?)))
        .collect();
    lines.finish(first, last, used_rates)
}

/// The grant years `first..=last` in which a cluster's memberships can have lines: from the
/// earliest joining year to the latest year a membership lasts into or is left in.
fn group_years(group: &[CompiledMembership], first: i32, last: i32) -> (i32, i32) {
    let earliest = group.iter().map(|m| m.period.joined().year()).min().unwrap_or(first);
    let latest = group.iter().map(|m| m.period.left().map_or(last, |left| left.year())).max().unwrap_or(last);
    (earliest.max(first), latest.min(last))
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

/// GR-STARTUP with GR-PAYDATE and GR-CLAWBACK: the fee of a membership, if it earns one.
fn fee_plan(c: &Compiled, m: &CompiledMembership, p: &Parameters) -> Result<Option<FeePlan>, ValidationErrors> {
    let completed = c.clusters.get(m.cluster as usize).and_then(|k| k.completed);
    let Some(nominal) = schemes::startup_fee_due(m, completed, p) else { return Ok(None) };
    let capacities = m.capacities.get();
    let amount = p
        .startup_fee_per_capacity
        .checked_mul(Decimal::from(capacities))
        .map_err(|e| ValidationErrors::from(Problem::at("practices", &e)))?;
    let due = payout_date(nominal, completed);
    let payer = p.payer_on(due.unwrap_or(nominal));
    Ok(Some(FeePlan { amount, due, payer, outcome: fee_outcome(m, due, c.policy) }))
}

fn fee_line(
    m: &CompiledMembership,
    year: i32,
    fee: FeePlan,
    amount: Dkk,
    due: Option<chrono::NaiveDate>,
    rule: Rule,
    kind: LineKind,
) -> CompactLine {
    CompactLine {
        cluster: m.cluster,
        practice: m.practice,
        patients: 0,
        from: 0,
        until: 0,
        amount,
        due: line::stored_due(due),
        grant_year: i16::try_from(year).unwrap_or(i16::MAX),
        capacities: m.capacities.get(),
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
    y: &YearDates,
    completed: Option<chrono::NaiveDate>,
    p: &Parameters,
    rate: Option<(Rate, RateRatio)>,
    missing: &mut Missing,
    cluster_id: &str,
) -> Result<Option<CompactLine>, ValidationErrors> {
    let year = y.year;
    let Some(basis) = schemes::annual(m, y, completed) else { return Ok(None) };
    let due = payout_date(basis.nominal_due, completed);
    let mut line = CompactLine {
        cluster: m.cluster,
        practice: m.practice,
        patients: 0,
        from: epoch_day(basis.from),
        until: epoch_day(basis.until),
        amount: Dkk::ZERO,
        due: line::stored_due(due),
        grant_year: i16::try_from(year).unwrap_or(i16::MAX),
        capacities: 0,
        kind: LineKind::AnnualGrant,
        rule: basis.rule,
        payer: p.payer_on(due.unwrap_or(basis.nominal_due)),
    };
    let patients = c.patients(m, year);
    if rate.is_none() || patients.is_none() {
        // Every membership's practice is in the table (the scenario was checked).
        let practice = c.practices.get(m.practice as usize).copied().unwrap_or(Ydernummer::MIN);
        if rate.is_none() {
            missing.rate(year, practice, cluster_id);
        }
        if patients.is_none() {
            missing.patients(year, practice, cluster_id);
        }
    }
    let (Some((_, ratio)), Some(patients)) = (rate, patients) else { return Ok(None) };
    line.patients = patients.get();
    line.amount = annual_amount(ratio, patients.get(), &basis, y)
        .map_err(|e| ValidationErrors::from(Problem::at("rates", &e)))?;
    Ok(Some(line))
}

/// A rate as an exact ratio of øre per patient: `ore / per`. A rate with at most two decimals
/// is a whole number of øre (`per == 1`), so whole-year amounts need no division.
#[derive(Debug, Clone, Copy)]
struct RateRatio {
    ore: i128,
    per: i128,
}

impl RateRatio {
    fn new(rate: Rate) -> Option<Self> {
        let value = rate.value();
        let (mantissa, scale) = (value.mantissa(), value.scale());
        if scale <= 2 {
            Some(RateRatio { ore: mantissa.checked_mul(10i128.checked_pow(2 - scale)?)?, per: 1 })
        } else {
            Some(RateRatio { ore: mantissa, per: 10i128.checked_pow(scale - 2)? })
        }
    }
}

/// GR-ANNUAL-REGIONAL / GR-ANNUAL-PLO: `rate × patients`, or for a share
/// `rate × patients × days / days_in_year`, as one exact ratio of integers rounded once to øre
/// (ID-MONEY). Bounds: a rate is at most 10^10 millionths of a krone (10,000 kr with 6
/// decimals), patients at most 10^7, days at most 366, so the numerator stays below 4 × 10^21,
/// far inside an i128; the checked operations report anything else instead of panicking.
fn annual_amount(
    rate: RateRatio,
    patients: u32,
    basis: &schemes::AnnualBasis,
    y: &YearDates,
) -> Result<Dkk, crate::MoneyError> {
    let overflow = crate::MoneyError::Overflow;
    let per_year = rate.ore.checked_mul(i128::from(patients)).ok_or(overflow.clone())?;
    if basis.whole_year {
        Dkk::round_ratio(per_year, rate.per)
    } else {
        let days = i128::from((basis.until - basis.from).num_days());
        let numerator = per_year.checked_mul(days).ok_or(overflow.clone())?;
        Dkk::round_ratio(numerator, rate.per.checked_mul(i128::from(y.days_in_year)).ok_or(overflow)?)
    }
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
