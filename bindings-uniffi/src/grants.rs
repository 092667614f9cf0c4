//! Grants for hosts: a forecast for one cluster, scenario JSON in and report JSON out, the
//! consultant fee and the payout window.

use crate::error::{KlyngeError, explained};
use crate::types::{CalendarDate, ExactDecimal};
use klynge::grants::{Parameters, payout_window as core_window};
use klynge::{Problem, Rule};

/// A rate for a grant year, overriding the built-in one (GR-RATE).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RateOverride {
    pub year: i32,
    pub rate: ExactDecimal,
}

/// CMP-PAYOUT: when funds are expected on the cluster's account.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PayoutWindow {
    pub earliest: CalendarDate,
    pub latest: CalendarDate,
}

/// One line of a forecast, with the fields of docs/formats.md and its payout window.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GrantLine {
    pub cluster: String,
    pub ydernummer: String,
    /// "startup_fee", "annual_grant" or "clawback".
    pub kind: String,
    pub grant_year: i32,
    pub rule: String,
    pub period_from: Option<CalendarDate>,
    pub period_until: Option<CalendarDate>,
    pub patients: Option<u32>,
    pub rate: Option<ExactDecimal>,
    pub days: Option<u32>,
    pub days_in_year: Option<u16>,
    pub capacities: Option<u16>,
    pub amount: ExactDecimal,
    /// "region" or "plo".
    pub payer: String,
    /// The payout date; none while the cluster is not complete.
    pub due: Option<CalendarDate>,
    /// CMP-PAYOUT: 2 to 4 weeks after `due`.
    pub payout_window: Option<PayoutWindow>,
    /// GR-EXPLAIN: why this amount, in English.
    pub explanation: String,
}

/// Totals of one grant year: net = paid - repaid over every line, pending ones included (the
/// entitlement); pending = the part of net held back until the cluster completes.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct YearTotals {
    pub grant_year: i32,
    pub paid: ExactDecimal,
    pub repaid: ExactDecimal,
    pub net: ExactDecimal,
    pub pending: ExactDecimal,
}

/// A grant forecast for one cluster.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Forecast {
    pub cluster: String,
    pub first_year: i32,
    pub last_year: i32,
    pub lines: Vec<GrantLine>,
    pub totals: Vec<YearTotals>,
    /// The version of klynge that computed it.
    pub klynge_version: String,
    /// SHA-256 (hex) of the parameters it was computed with, as canonical JSON.
    pub parameters_fingerprint: String,
}

fn window(date: chrono::NaiveDate) -> PayoutWindow {
    let (earliest, latest) = core_window(date);
    PayoutWindow { earliest: earliest.into(), latest: latest.into() }
}

pub(crate) fn parameters(rates: &[RateOverride]) -> Result<Parameters, KlyngeError> {
    let mut parameters = Parameters::official();
    for (i, r) in rates.iter().enumerate() {
        let field = format!("rates[{i}].rate");
        let rate = r.rate.text(&field, Rule::GrRate)?.parse::<klynge::Rate>().map_err(|e| explained(&field, &e))?;
        parameters = parameters.with_rate(r.year, rate);
    }
    Ok(parameters)
}

/// The forecast of `cluster` within `scenario`.
pub(crate) fn forecast(
    scenario: &klynge::Scenario,
    cluster: &str,
    first: i32,
    last: i32,
    rates: &[RateOverride],
) -> Result<Forecast, KlyngeError> {
    let id: klynge::ClusterId = cluster.parse().map_err(|e| KlyngeError::from(Problem::at("cluster", &e)))?;
    if !scenario.clusters().iter().any(|c| c.id == id) {
        let unknown = klynge::RegistryError::UnknownCluster { rule: Rule::Format, cluster: id };
        return Err(Problem::at("cluster", &unknown).into());
    }
    let report = scenario.grants_with(&parameters(rates)?, first, last)?;
    let lines = report
        .lines()
        .filter(|l| l.cluster.as_str() == cluster)
        .map(|l| GrantLine {
            cluster: l.cluster.to_string(),
            ydernummer: l.ydernummer.to_string(),
            kind: l.kind.as_str().to_owned(),
            grant_year: l.grant_year,
            rule: l.rule.id().to_owned(),
            period_from: l.period.map(|p| p.from.into()),
            period_until: l.period.map(|p| p.until.into()),
            patients: l.patients,
            rate: l.rate.map(|r| r.value().into()),
            days: l.days,
            days_in_year: l.days_in_year,
            capacities: l.capacities,
            amount: l.amount.into(),
            payer: l.payer.to_string(),
            due: l.due.map(Into::into),
            payout_window: l.due.map(window),
            explanation: l.explain_en(),
        })
        .collect();
    let totals = report
        .totals()
        .filter(|t| t.cluster.as_str() == cluster)
        .map(|t| YearTotals {
            grant_year: t.grant_year,
            paid: t.paid.into(),
            repaid: t.repaid.into(),
            net: t.net.into(),
            pending: t.pending.into(),
        })
        .collect();
    // A computed report always says what computed it.
    let provenance = match report.provenance() {
        Some(p) => p.clone(),
        None => klynge::grants::Provenance::of(&parameters(rates)?),
    };
    Ok(Forecast {
        cluster: cluster.to_owned(),
        first_year: first,
        last_year: last,
        lines,
        totals,
        klynge_version: provenance.klynge_version,
        parameters_fingerprint: provenance.parameters_fingerprint,
    })
}

/// A grant forecast for one cluster of a scenario given as docs/formats.md JSON.
#[uniffi::export]
pub fn forecast_from_scenario(
    scenario_json: String,
    cluster: String,
    first: i32,
    last: i32,
    rates: Vec<RateOverride>,
) -> Result<Forecast, KlyngeError> {
    forecast(&klynge::Scenario::from_json(&scenario_json)?, &cluster, first, last, &rates)
}

/// Scenario JSON in, grant report JSON out (docs/formats.md), for any host.
#[uniffi::export]
pub fn grant_report_json(scenario_json: String, first: i32, last: i32) -> Result<String, KlyngeError> {
    Ok(klynge::Scenario::from_json(&scenario_json)?.grants(first, last)?.to_json())
}

/// GR-CONSULTANT: the fee for `hours` of consultant work on `date`.
#[uniffi::export]
pub fn consultant_fee(hours: ExactDecimal, date: CalendarDate) -> Result<ExactDecimal, KlyngeError> {
    let hours = hours.get("hours", Rule::GrConsultant)?;
    let date = date.get("date", Rule::GrConsultant)?;
    klynge::grants::consultant_fee(&Parameters::official(), hours, date)
        .map(Into::into)
        .map_err(|e| explained("hours", &e))
}

/// CMP-PAYOUT: the window in which funds paid on `payout` are expected on the account.
#[uniffi::export]
pub fn payout_window(payout: CalendarDate) -> Result<PayoutWindow, KlyngeError> {
    Ok(window(payout.get("payout", Rule::CmpPayout)?))
}
