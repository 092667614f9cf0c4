//! Grants for hosts: a forecast for one cluster, scenario JSON in and report JSON out, the
//! consultant fee and the payout window.

use crate::codes::{LineKind, Payer, Rule, count};
use crate::error::{KlyngeError, explained};
use crate::types::{CalendarDate, ExactDecimal};
use klynge::grants::{Parameters, expected_window};

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
    pub kind: LineKind,
    pub grant_year: i32,
    pub rule: Rule,
    pub period_from: Option<CalendarDate>,
    pub period_until: Option<CalendarDate>,
    pub patients: Option<i64>,
    pub rate: Option<ExactDecimal>,
    pub days: Option<i64>,
    pub days_in_year: Option<i64>,
    pub capacities: Option<i64>,
    /// Positive: a payout to the cluster; negative: a repayment by it.
    pub amount: ExactDecimal,
    pub payer: Payer,
    /// The payout date; none while the cluster is not complete.
    pub due: Option<CalendarDate>,
    /// CMP-PAYOUT, for a payout only: when the money is expected on the cluster's account (the
    /// region's 2 to 4 weeks after `due`, PLO's on `due`, as the calendar gives it); none for a
    /// repayment or a line not yet due.
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

fn window((earliest, latest): (chrono::NaiveDate, chrono::NaiveDate)) -> PayoutWindow {
    PayoutWindow { earliest: earliest.into(), latest: latest.into() }
}

pub(crate) fn parameters(rates: &[RateOverride]) -> Result<Parameters, KlyngeError> {
    let mut parameters = Parameters::official();
    for (i, r) in rates.iter().enumerate() {
        let field = format!("rates[{i}].rate");
        let rate =
            r.rate.text(&field, klynge::Rule::GrRate)?.parse::<klynge::Rate>().map_err(|e| explained(&field, &e))?;
        parameters = parameters.with_rate(r.year, rate);
    }
    Ok(parameters)
}

/// The forecast of `cluster` within `scenario`: the core's view of the cluster
/// (`GrantReport::cluster_view`), converted.
pub(crate) fn forecast(
    scenario: &klynge::Scenario,
    cluster: &str,
    first: i32,
    last: i32,
    rates: &[RateOverride],
) -> Result<Forecast, KlyngeError> {
    let id = scenario.cluster("cluster", cluster)?.id.clone();
    let parameters = parameters(rates)?;
    let report = scenario.grants_with(&parameters, first, last)?;
    let view = report.cluster_view(&id);
    let lines = view
        .lines
        .iter()
        .map(|&klynge::grants::ClusterLine { line: l, window: expected, .. }| GrantLine {
            cluster: l.cluster.to_string(),
            ydernummer: l.ydernummer.to_string(),
            kind: l.kind.into(),
            grant_year: l.grant_year,
            rule: l.rule.into(),
            period_from: l.period.map(|p| p.from.into()),
            period_until: l.period.map(|p| p.until.into()),
            patients: l.patients.map(count),
            rate: l.rate.map(|r| r.value().into()),
            days: l.days.map(count),
            days_in_year: l.days_in_year.map(count),
            capacities: l.capacities.map(count),
            amount: l.amount.into(),
            payer: l.payer.into(),
            due: l.due.map(Into::into),
            payout_window: expected.map(window),
            explanation: l.explain_en(),
        })
        .collect();
    let totals = view
        .totals
        .iter()
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
        None => klynge::grants::Provenance::of(&parameters),
    };
    Ok(Forecast {
        cluster: id.to_string(),
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
    let hours = hours.get("hours", klynge::Rule::GrConsultant)?;
    let date = date.get("date", klynge::Rule::GrConsultant)?;
    klynge::grants::consultant_fee(&Parameters::official(), hours, date)
        .map(Into::into)
        .map_err(|e| explained("hours", &e))
}

/// CMP-PAYOUT: the days in which money paid to the cluster by `payer` on `payout` is
/// expected on its account: the region's 2 to 4 weeks after, PLO's on the day.
#[uniffi::export]
pub fn payout_window(payout: CalendarDate, payer: Payer) -> Result<PayoutWindow, KlyngeError> {
    Ok(window(expected_window(payer.into(), payout.get("payout", klynge::Rule::CmpPayout)?)))
}
