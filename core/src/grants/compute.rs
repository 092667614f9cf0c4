//! The computation: every line of a scenario's grant years, made once by the rules of
//! `schemes` and `clawback` and handed to a [`LineSink`] (a report being built, or a consumer
//! such as the calendar). A missing rate or patient count is recorded with the practice and
//! year (GR-RATE, MEM-PATIENTS) and never assumed; the result does not depend on the order of
//! the scenario's lists.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::amounts::{self, RateRatio};
use super::clawback::{FeeOutcome, fee_outcome};
use super::line::{self, CompactLine, LineKind};
use super::parameters::{Parameters, Payer};
use super::payout::payout_date;
use super::report::GrantReport;
use super::schemes::{self, YearDates};
use super::storage::ReportBuilder;
use crate::dates::{FIRST_YEAR, LAST_YEAR, epoch_day};
use crate::ids::{ClusterId, Ydernummer};
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;
use crate::scenario::{Compiled, CompiledMembership, Scenario};

/// A membership's startup fee and what became of it.
#[derive(Clone, Copy)]
struct FeePlan {
    amount: Dkk,
    /// GR-PAYDATE: the date it would be due were the cluster complete then.
    nominal_due: NaiveDate,
    due: Option<NaiveDate>,
    payer: Payer,
    outcome: FeeOutcome,
}

/// The inputs a computation needed and did not get: the problems of the whole computation,
/// and which of them the current cluster's grant year lacks.
struct Missing {
    errors: ValidationErrors,
    rates: BTreeSet<i32>,
    /// MEM-PATIENTS per grant year: how many practices lack a count, and the first few of them
    /// with their cluster (listed one by one; the rest summed up in one problem a year).
    counts: BTreeMap<i32, (usize, Vec<(Ydernummer, String)>)>,
    /// The current cluster and grant year lack the year's rate.
    rate_here: bool,
    /// The current cluster and grant year lack these practices' counts.
    patients_here: Vec<Ydernummer>,
}

/// How many practices without a count are listed one by one per grant year.
const LISTED_COUNTS: usize = 5;

impl Missing {
    fn rate(&mut self, year: i32, practice: Ydernummer, cluster: &str) {
        self.rate_here = true;
        if self.rates.insert(year) {
            self.errors.push(Problem::new(
                "rates",
                Rule::GrRate,
                format!(
                    "no rate for grant year {year} (needed first by practice {practice} in cluster {cluster}): \
                     add the year's rate to the scenario (a row {year},RATE in rates.csv, or rates[] in JSON), \
                     or compute from {} on",
                    year.saturating_add(1)
                ),
                format!(
                    "ingen sats for tilskudsåret {year} (først nødvendig for praksis {practice} i klynge {cluster}): \
                     tilføj årets sats til scenariet (en række {year},SATS i rates.csv eller rates[] i JSON), \
                     eller beregn fra {}",
                    year.saturating_add(1)
                ),
            ));
        }
    }

    fn patients(&mut self, year: i32, practice: Ydernummer, cluster: &str) {
        if self.patients_here.last() != Some(&practice) {
            self.patients_here.push(practice);
            let (count, first) = self.counts.entry(year).or_default();
            *count += 1;
            if first.len() < LISTED_COUNTS {
                first.push((practice, cluster.to_owned()));
            }
        }
    }

    /// What the current cluster's grant year lacked, and ready for the next.
    fn take_here(&mut self) -> Lacking {
        Lacking { rate: std::mem::take(&mut self.rate_here), patients: std::mem::take(&mut self.patients_here) }
    }

    /// The problems, the missing counts grouped by year: the first few practices each at its
    /// own place (its row of the scenario's practices), the rest in one problem a year.
    fn into_errors(mut self, scenario: &Scenario) -> ValidationErrors {
        if self.counts.is_empty() {
            return self.errors;
        }
        let patients_file = scenario.source_list("patients");
        let place = scenario.practice_places();
        for (year, (count, first)) in std::mem::take(&mut self.counts) {
            for (practice, cluster) in &first {
                self.errors.push(Problem::new(
                    place(*practice),
                    Rule::MemPatients,
                    format!(
                        "no group-1 patient count for practice {practice} in {year} (member of cluster {cluster}): \
                         add a row {practice},{year},COUNT to {patients_file}"
                    ),
                    format!(
                        "intet antal gruppe 1-patienter for praksis {practice} i {year} (medlem af klynge {cluster}): \
                         tilføj en række {practice},{year},ANTAL til {patients_file}"
                    ),
                ));
            }
            if count > first.len() {
                let more = count - first.len();
                self.errors.push(Problem::new(
                    patients_file.clone(),
                    Rule::MemPatients,
                    format!("and {more} more practices without a group-1 patient count for {year}"),
                    format!("og {more} praksisser mere uden antal gruppe 1-patienter for {year}"),
                ));
            }
        }
        self.errors
    }
}

/// What a computation hands each line to: a report being built, or a consumer that keeps only
/// what it needs of the lines (the calendar). One implementation of the rules feeds both.
pub(crate) trait LineSink {
    /// A line, in FORMAT's order, with what it was made from.
    fn line(&mut self, line: CompactLine, made: &Made<'_>);

    /// Every line of `cluster`'s grant `year` has been handed over; `lacking` says which inputs
    /// that year lacked (its annual lines that needed them were not made).
    fn year_done(&mut self, _cluster: u32, _year: i32, _lacking: &Lacking) {}
}

/// What a line was made from, beyond its fields.
pub(crate) struct Made<'a> {
    /// The membership.
    pub(crate) membership: &'a CompiledMembership,
    /// GR-PAYDATE: the date the line would be due were its cluster complete then; a line's
    /// payout date is this date or the completion date, whichever is later.
    pub(crate) nominal_due: NaiveDate,
}

/// The inputs a cluster's grant year lacked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lacking {
    /// GR-RATE: the year's rate.
    pub(crate) rate: bool,
    /// MEM-PATIENTS: these practices' counts for the year.
    pub(crate) patients: Vec<Ydernummer>,
}

impl Lacking {
    /// True when nothing was lacking.
    pub(crate) fn is_empty(&self) -> bool {
        !self.rate && self.patients.is_empty()
    }
}

impl LineSink for ReportBuilder<'_> {
    #[inline(always)]
    fn line(&mut self, line: CompactLine, _made: &Made<'_>) {
        self.push(line);
    }
}

/// Computes the grant report of `scenario` for grant years `first..=last`.
///
/// Rates: the caller's overrides in `parameters`, else the scenario's own, else the built-in
/// table; a year without any is an error (GR-RATE), as is a missing patient count
/// (MEM-PATIENTS).
pub fn compute(
    scenario: &Scenario,
    parameters: &Parameters,
    first: i32,
    last: i32,
) -> Result<GrantReport, ValidationErrors> {
    check_years(first, last)?;
    let c = scenario.compiled();
    // A first guess at the number of lines, capped so that a wide span of years cannot ask for
    // more memory up front than the lines will need; the vector grows with the real lines.
    const INITIAL_LINES: usize = 1 << 22;
    let years = usize::try_from(last - first + 1).unwrap_or(1);
    let guess = c.memberships.len().saturating_mul(years.min(12)).min(INITIAL_LINES);
    let mut lines = ReportBuilder::new(&c.cluster_ids, &c.cluster_details, Arc::clone(&c.practices), guess);
    make_lines(scenario, parameters, first, last, &mut lines)?.into_result(())?;
    let rates = used_rates(scenario, parameters, first, last, &lines);
    let mut report = lines.finish(first, last, rates)?;
    report.provenance = Some(super::report::Provenance::of(parameters));
    Ok(report)
}

/// CAL-EVENTS, REC-EXPECTED: a cluster's grant year whose annual grants were left out of a
/// computation that tolerates missing inputs, and what was missing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LeftOut {
    /// The cluster.
    pub cluster: ClusterId,
    /// The grant year.
    pub grant_year: i32,
    /// GR-RATE: the year has no rate.
    pub missing_rate: bool,
    /// MEM-PATIENTS: the practices without a count for the year.
    pub practices_without_count: Vec<Ydernummer>,
}

/// A sink that leaves out the annual grants of a cluster's grant year that lacked an input and
/// hands everything else to a report.
struct Tolerant<'a> {
    report: ReportBuilder<'a>,
    year: Vec<CompactLine>,
    left_out: Vec<(u32, i32, Lacking)>,
}

impl LineSink for Tolerant<'_> {
    fn line(&mut self, line: CompactLine, _made: &Made<'_>) {
        self.year.push(line);
    }

    fn year_done(&mut self, cluster: u32, year: i32, lacking: &Lacking) {
        let lacked = !lacking.is_empty();
        for line in self.year.drain(..) {
            if !(lacked && line.kind().is_annual()) {
                self.report.push(line);
            }
        }
        if lacked {
            self.left_out.push((cluster, year, lacking.clone()));
        }
    }
}

/// CAL-EVENTS' and REC-EXPECTED's tolerance: the report of every line that can be computed,
/// with the annual grants of each cluster's grant year whose rate or a count is missing left
/// out, and the list of what was left out. Startup fees and clawbacks, which need neither, stay.
/// Only bad years, parameters or an overflow are errors.
pub fn compute_known(
    scenario: &Scenario,
    parameters: &Parameters,
    first: i32,
    last: i32,
) -> Result<(GrantReport, Vec<LeftOut>), ValidationErrors> {
    check_years(first, last)?;
    let c = scenario.compiled();
    let mut sink = Tolerant {
        report: ReportBuilder::new(&c.cluster_ids, &c.cluster_details, Arc::clone(&c.practices), 0),
        year: Vec::new(),
        left_out: Vec::new(),
    };
    // What was lacking is in `left_out`; the problems are not errors here.
    make_lines(scenario, parameters, first, last, &mut sink)?;
    let rates = used_rates(scenario, parameters, first, last, &sink.report);
    let left_out = sink
        .left_out
        .into_iter()
        .map(|(cluster, grant_year, lacking)| LeftOut {
            cluster: c.cluster_ids.get(cluster as usize).cloned().unwrap_or(ClusterId::NONE),
            grant_year,
            missing_rate: lacking.rate,
            practices_without_count: lacking.patients,
        })
        .collect();
    let mut report = sink.report.finish(first, last, rates)?;
    report.provenance = Some(super::report::Provenance::of(parameters));
    Ok((report, left_out))
}

/// Makes every line of `scenario` for grant years `first..=last` and hands them to `sink`.
/// Returns the problems of the inputs that were lacking (empty when none were); only an
/// amount that overflows stops the computation.
pub(crate) fn make_lines(
    scenario: &Scenario,
    parameters: &Parameters,
    first: i32,
    last: i32,
    sink: &mut impl LineSink,
) -> Result<ValidationErrors, ValidationErrors> {
    check_years(first, last)?;
    parameters.validate()?;
    let c = scenario.compiled();
    check_size(&c.memberships, first, last)?;
    let mut missing = Missing {
        errors: ValidationErrors::new(),
        rates: BTreeSet::new(),
        counts: BTreeMap::new(),
        rate_here: false,
        patients_here: Vec::new(),
    };
    let rates: Vec<Option<Rate>> = (first..=last).map(|y| parameters.effective_rate(y, &c.rates)).collect();
    let rate_ratios: Vec<Option<RateRatio>> = rates.iter().map(|r| r.and_then(RateRatio::new)).collect();
    let dates: Vec<YearDates> = (first..=last).map(|y| YearDates::new(y, parameters)).collect();
    let fees: Vec<Option<FeePlan>> =
        c.memberships.iter().map(|m| fee_plan(c, m, parameters)).collect::<Result<_, _>>()?;

    // Memberships lie by (cluster, ydernummer, joined), so lines come out in FORMAT's order:
    // cluster, grant year, ydernummer, kind, joining day.
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
                        let line = fee_line(m, year, fee, fee.amount, fee.due, Rule::GrStartup, LineKind::StartupFee);
                        sink.line(line, &Made { membership: m, nominal_due: fee.nominal_due });
                    }
                }
                for m in practice {
                    if let Some((line, nominal_due)) =
                        annual_line(c, m, year_dates, completed, parameters, rate, &mut missing, cluster_id)?
                    {
                        sink.line(line, &Made { membership: m, nominal_due });
                    }
                }
                for (m, fee) in with_fees() {
                    if let Some(fee) = fee
                        && let FeeOutcome::ClawedBack { left } = fee.outcome
                        && left.year() == year
                    {
                        let line =
                            fee_line(m, year, fee, -fee.amount, Some(left), Rule::GrClawback, LineKind::Clawback);
                        sink.line(line, &Made { membership: m, nominal_due: left });
                    }
                }
            }
            sink.year_done(cluster, year, &missing.take_here());
        }
    }
    Ok(missing.into_errors(scenario))
}

/// The rates the annual lines of a report used, per grant year.
fn used_rates(
    scenario: &Scenario,
    parameters: &Parameters,
    first: i32,
    last: i32,
    lines: &ReportBuilder<'_>,
) -> BTreeMap<i32, Rate> {
    let c = scenario.compiled();
    (first..=last)
        .filter(|year| lines.has_annual(*year))
        .filter_map(|year| Some((year, parameters.effective_rate(year, &c.rates)?)))
        .collect()
}

/// The grant years `first..=last` in which a cluster's memberships can have lines: from the
/// earliest joining year to the latest year a membership lasts into or is left in.
fn group_years(group: &[CompiledMembership], first: i32, last: i32) -> (i32, i32) {
    let earliest = group.iter().map(|m| m.period.joined().year()).min().unwrap_or(first);
    let latest = group.iter().map(|m| m.period.left().map_or(last, |left| left.year())).max().unwrap_or(last);
    (earliest.max(first), latest.min(last))
}

/// The most membership-years one computation takes on: each membership counts once for every
/// grant year its cluster has lines in (from the cluster's earliest joining to its latest
/// leaving, within the years asked for). Twenty million is ten times the largest built-in sample
/// (100 times national size) over nine years; a computation above it is refused before it
/// starts: its lines alone could take a gigabyte (a report keeps about 50 bytes a line).
pub const MAX_MEMBERSHIP_YEARS: u64 = 20_000_000;

/// FORMAT: refuses, before any work, a computation above [`MAX_MEMBERSHIP_YEARS`].
fn check_size(memberships: &[CompiledMembership], first: i32, last: i32) -> Result<(), ValidationErrors> {
    let mut total: u64 = 0;
    for group in memberships.chunk_by(|a, b| a.cluster == b.cluster) {
        let (from, until) = group_years(group, first, last);
        let years = u64::try_from(until - from + 1).unwrap_or(0);
        total = total.saturating_add(years.saturating_mul(group.len() as u64));
    }
    if total <= MAX_MEMBERSHIP_YEARS {
        return Ok(());
    }
    Err(ValidationErrors::from(Problem::new(
        "years",
        Rule::Format,
        format!(
            "grant years {first}-{last} over {} memberships are {total} membership-years to compute, more than the {MAX_MEMBERSHIP_YEARS} one computation takes on: ask for fewer years",
            memberships.len()
        ),
        format!(
            "tilskudsårene {first}-{last} over {} medlemskaber er {total} medlemskabsår at beregne, mere end de {MAX_MEMBERSHIP_YEARS}, én beregning påtager sig: bed om færre år",
            memberships.len()
        ),
    )))
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
    let capacities = i128::from(m.capacities.get());
    let amount = amounts::fee_ore(p.startup_fee_per_capacity.ore(), capacities)
        .ok_or(crate::MoneyError::Overflow)
        .and_then(|ore| Dkk::round_ratio(ore, 1))
        .map_err(|e| ValidationErrors::from(Problem::at("practices", &e)))?;
    // GR-STARTUP: a fee of nothing (a what-if with no fee) is no fee: no line, no clawback.
    if amount.ore() == 0 {
        return Ok(None);
    }
    let due = payout_date(nominal, completed);
    let payer = p.payer_on(due.unwrap_or(nominal));
    let policy = crate::scenario::Policy {
        clawback_on_transfer: p.clawback_on_transfer.unwrap_or(c.policy.clawback_on_transfer),
    };
    Ok(Some(FeePlan { amount, nominal_due: nominal, due, payer, outcome: fee_outcome(m, due, policy) }))
}

fn fee_line(
    m: &CompiledMembership,
    year: i32,
    fee: FeePlan,
    amount: Dkk,
    due: Option<NaiveDate>,
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
/// year, if it has one, with its nominal due date. Missing inputs are recorded, not assumed.
#[allow(clippy::too_many_arguments)]
fn annual_line(
    c: &Compiled,
    m: &CompiledMembership,
    y: &YearDates,
    completed: Option<NaiveDate>,
    p: &Parameters,
    rate: Option<(Rate, RateRatio)>,
    missing: &mut Missing,
    cluster_id: &str,
) -> Result<Option<(CompactLine, NaiveDate)>, ValidationErrors> {
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
    Ok(Some((line, basis.nominal_due)))
}

/// GR-ANNUAL-REGIONAL / GR-ANNUAL-PLO: the line's amount, by the formulas of
/// [`amounts`](super::amounts) (the sweep's too).
fn annual_amount(
    rate: RateRatio,
    patients: u32,
    basis: &schemes::AnnualBasis,
    y: &YearDates,
) -> Result<Dkk, crate::MoneyError> {
    let ore = if basis.whole_year {
        amounts::whole_year_ore(rate, i128::from(patients))
    } else {
        let days = (basis.until - basis.from).num_days();
        i64::from(patients)
            .checked_mul(days)
            .and_then(|patient_days| amounts::share_ore(rate, patient_days, i64::from(y.days_in_year)))
    };
    ore.ok_or(crate::MoneyError::Overflow).and_then(|ore| Dkk::round_ratio(ore, 1))
}
