//! Did the money arrive? For the treasurer's app (REC-*): a cluster's statement (CSV text, in
//! the standard or the Danish bank dialect) against the transfers a registry's or a scenario's
//! grant report promises.

use crate::error::KlyngeError;
use crate::types::{CalendarDate, ExactDecimal};
use klynge::reconcile::{Booking, Dialect, ExpectedTransfer, Windows};
use klynge::{ClusterId, Problem, Rule};

/// Which CSV a statement is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum StatementDialect {
    /// `,`, `YYYY-MM-DD`, `-10000.00`, columns date, amount (cluster, payer, text).
    Standard,
    /// What Danish banks export: `;`, `DD-MM-YYYY`, `-10.000,00`, columns Dato, Beløb, Tekst.
    DanishBank,
}

/// A transfer the report promises (REC-EXPECTED).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExpectedPayment {
    pub cluster: String,
    /// "region" or "plo".
    pub payer: String,
    pub due: CalendarDate,
    /// "in" (fees and grants) or "out" (clawbacks).
    pub direction: String,
    /// Positive either way.
    pub amount: ExactDecimal,
    pub window_from: CalendarDate,
    pub window_until: CalendarDate,
    /// The report lines it sums, with why each has its amount (GR-EXPLAIN).
    pub explanations: Vec<String>,
}

/// A transfer booked on the statement.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BookedPayment {
    pub row: u64,
    pub date: CalendarDate,
    pub cluster: String,
    /// Positive when received, negative when paid.
    pub amount: ExactDecimal,
    pub payer: Option<String>,
    pub text: Option<String>,
}

/// An expected transfer and the booking that settled it; `difference` is booked minus
/// expected (zero when matched exactly).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SettledPayment {
    pub expected: ExpectedPayment,
    pub booked: BookedPayment,
    pub difference: ExactDecimal,
}

/// REC-BALANCE for one cluster and direction.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentBalance {
    pub cluster: String,
    pub direction: String,
    pub expected: ExactDecimal,
    pub booked: ExactDecimal,
    pub matched: ExactDecimal,
    pub missing: ExactDecimal,
    pub not_yet_due: ExactDecimal,
    pub unexpected: ExactDecimal,
}

/// The result of a reconciliation (REC-MATCH).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentReconciliation {
    pub today: CalendarDate,
    pub matched: Vec<SettledPayment>,
    pub differences: Vec<SettledPayment>,
    pub missing: Vec<ExpectedPayment>,
    pub not_yet_due: Vec<ExpectedPayment>,
    pub unexpected: Vec<BookedPayment>,
    pub balance: Vec<PaymentBalance>,
}

fn expected(report: &klynge::GrantReport, e: &ExpectedTransfer) -> ExpectedPayment {
    ExpectedPayment {
        cluster: e.cluster.to_string(),
        payer: e.payer.as_str().to_owned(),
        due: e.due.into(),
        direction: e.direction.as_str().to_owned(),
        amount: e.amount.into(),
        window_from: e.window.0.into(),
        window_until: e.window.1.into(),
        explanations: e.lines.iter().filter_map(|i| report.line(*i)).map(|l| l.explain_en()).collect(),
    }
}

fn booked(b: &Booking) -> BookedPayment {
    BookedPayment {
        row: u64::try_from(b.row).unwrap_or(u64::MAX),
        date: b.date.into(),
        cluster: b.cluster.to_string(),
        amount: b.amount.into(),
        payer: b.payer.map(|p| p.as_str().to_owned()),
        text: b.text.clone(),
    }
}

/// REC-MATCH: `statement_csv` of `cluster`'s account against `scenario`'s grant years
/// `first..=last`, on `today`, with the default windows (REC-WINDOW).
pub(crate) fn reconcile(
    scenario: &klynge::Scenario,
    cluster: &str,
    statement_csv: &str,
    dialect: StatementDialect,
    today: &CalendarDate,
    first: i32,
    last: i32,
) -> Result<PaymentReconciliation, KlyngeError> {
    let cluster: ClusterId = cluster.parse().map_err(|e| KlyngeError::from(Problem::at("cluster", &e)))?;
    if !scenario.clusters().iter().any(|c| c.id == cluster) {
        return Err(Problem::new(
            "cluster",
            Rule::Format,
            format!("no cluster has the id {cluster}"),
            format!("ingen klynge har id'et {cluster}"),
        )
        .into());
    }
    let today = today.get("today", Rule::RecMatch)?;
    let dialect = match dialect {
        StatementDialect::Standard => Dialect::Standard,
        StatementDialect::DanishBank => Dialect::DanishBank,
    };
    let statement = klynge::reconcile::Statement::from_csv(statement_csv, dialect, Some(cluster))?;
    let report = scenario.grants(first, last)?;
    let r = report.reconcile(&statement, today, Windows::default())?;
    let settled = |e: &ExpectedTransfer, b: &Booking, difference: klynge::Dkk| SettledPayment {
        expected: expected(&report, e),
        booked: booked(b),
        difference: difference.into(),
    };
    Ok(PaymentReconciliation {
        today: r.today.into(),
        matched: r.matched.iter().map(|m| settled(&m.expected, &m.booked, klynge::Dkk::ZERO)).collect(),
        differences: r.differences.iter().map(|d| settled(&d.expected, &d.booked, d.difference)).collect(),
        missing: r.missing.iter().map(|e| expected(&report, e)).collect(),
        not_yet_due: r.not_yet_due.iter().map(|e| expected(&report, e)).collect(),
        unexpected: r.unexpected.iter().map(booked).collect(),
        balance: r
            .balance
            .iter()
            .map(|b| PaymentBalance {
                cluster: b.cluster.to_string(),
                direction: b.direction.as_str().to_owned(),
                expected: b.expected.into(),
                booked: b.booked.into(),
                matched: b.matched.into(),
                missing: b.missing.into(),
                not_yet_due: b.not_yet_due.into(),
                unexpected: b.unexpected.into(),
            })
            .collect(),
    })
}

/// REC-MATCH: a cluster's statement against a scenario given as docs/formats.md JSON.
#[uniffi::export]
pub fn reconcile_scenario(
    scenario_json: String,
    cluster: String,
    statement_csv: String,
    dialect: StatementDialect,
    today: CalendarDate,
    first: i32,
    last: i32,
) -> Result<PaymentReconciliation, KlyngeError> {
    let scenario = klynge::Scenario::from_json(&scenario_json)?;
    reconcile(&scenario, &cluster, &statement_csv, dialect, &today, first, last)
}
