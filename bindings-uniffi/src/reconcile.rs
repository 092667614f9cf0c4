//! Did the money arrive? For the treasurer's app (REC-*): a cluster's statement (the bytes of a
//! CSV file, in the standard or the Danish bank dialect: a bank's export as it is) against the
//! transfers a registry's or a scenario's grant report promises.

use crate::codes::{Direction, Payer, count};
use crate::error::KlyngeError;
use crate::types::{CalendarDate, ExactDecimal};
use klynge::reconcile::{Booking, Dialect, ExpectedTransfer, Windows};
use klynge::{ClusterId, Rule};

/// Which CSV a statement is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum StatementDialect {
    /// `,`, `YYYY-MM-DD`, `-10000.00`, columns date, amount (cluster, payer, text).
    Standard,
    /// What Danish banks export, as they export it: UTF-8 or Windows-1252, `;` or `,`, columns
    /// Dato or Bogføringsdato, Beløb or Beloeb, Tekst (Danske Bank, Sydbank, Nordea, Nykredit).
    DanishBank,
}

/// A transfer the report promises (REC-EXPECTED).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExpectedPayment {
    pub cluster: String,
    pub payer: Payer,
    pub due: CalendarDate,
    /// `IN` (payouts: fees and grants) or `OUT` (repayments: clawbacks).
    pub direction: Direction,
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
    pub row: i64,
    pub date: CalendarDate,
    pub cluster: String,
    /// Positive when received, negative when paid.
    pub amount: ExactDecimal,
    pub payer: Option<Payer>,
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

/// REC-BALANCE for one cluster and direction: expected = matched + differences_expected +
/// missing + not_yet_due; booked = matched + differences_booked + unexpected.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PaymentBalance {
    pub cluster: String,
    pub direction: Direction,
    pub expected: ExactDecimal,
    pub booked: ExactDecimal,
    pub matched: ExactDecimal,
    /// The expected side of the transfers settled with another amount.
    pub differences_expected: ExactDecimal,
    /// The booked side of the same transfers.
    pub differences_booked: ExactDecimal,
    pub missing: ExactDecimal,
    pub not_yet_due: ExactDecimal,
    pub unexpected: ExactDecimal,
}

/// REC-EXPECTED: a grant year whose annual grants were left out of the expected transfers, for
/// want of its rate or a practice's count; its startup fees and clawbacks are expected.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeftOutGrants {
    pub cluster: String,
    pub grant_year: i32,
    /// GR-RATE: the year has no rate (give one in `rates`).
    pub missing_rate: bool,
    /// MEM-PATIENTS: the practices without a count for the year.
    pub practices_without_count: Vec<String>,
}

/// What reading the statement found.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StatementRead {
    /// `standard`, `danske-bank`, `sydbank`, `nordea`, `nykredit` or `other-bank`.
    pub layout: String,
    /// `utf-8` or `windows-1252`.
    pub encoding: String,
    /// The rows booked.
    pub booked: i64,
    /// The reservations left out (rows dated `Reserveret`).
    pub reservations: i64,
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
    /// The grant years whose annual grants were left out (none where every rate and count is
    /// known).
    pub left_out: Vec<LeftOutGrants>,
    /// What reading the statement found.
    pub statement: StatementRead,
}

fn expected(report: &klynge::GrantReport, e: &ExpectedTransfer) -> ExpectedPayment {
    ExpectedPayment {
        cluster: e.cluster.to_string(),
        payer: e.payer.into(),
        due: e.due.into(),
        direction: e.direction.into(),
        amount: e.amount.into(),
        window_from: e.window.0.into(),
        window_until: e.window.1.into(),
        explanations: e.lines.iter().filter_map(|i| report.line(*i)).map(|l| l.explain_en()).collect(),
    }
}

fn booked(b: &Booking) -> BookedPayment {
    BookedPayment {
        row: count(b.row),
        date: b.date.into(),
        cluster: b.cluster.to_string(),
        amount: b.amount.into(),
        payer: b.payer.map(Into::into),
        text: b.text.clone(),
    }
}

/// The inputs of a reconciliation, as a host hands them over.
pub(crate) struct StatementInput<'a> {
    pub cluster: &'a str,
    /// The bytes of the CSV file, as the bank exported it.
    pub csv: &'a [u8],
    pub dialect: StatementDialect,
    pub today: &'a CalendarDate,
    pub years: (i32, i32),
    pub rates: &'a [crate::grants::RateOverride],
}

/// REC-MATCH: the statement of `cluster`'s account against `scenario`'s grant years, on
/// `today`, with the default windows (REC-WINDOW). A grant year without a rate or a count keeps
/// its fees and clawbacks; its annual grants are left out and listed (REC-EXPECTED).
pub(crate) fn reconcile(
    scenario: &klynge::Scenario,
    input: StatementInput<'_>,
) -> Result<PaymentReconciliation, KlyngeError> {
    let StatementInput { cluster, csv, dialect, today, years: (first, last), rates } = input;
    let cluster: ClusterId = scenario.cluster("cluster", cluster)?.id.clone();
    let today = today.get("today", Rule::RecMatch)?;
    let dialect = match dialect {
        StatementDialect::Standard => Dialect::Standard,
        StatementDialect::DanishBank => Dialect::DanishBank,
    };
    let statement = klynge::reconcile::Statement::from_bytes(csv, dialect, Some(cluster))?;
    let parameters = crate::grants::parameters(rates)?;
    let (report, r) = scenario.reconcile(&parameters, (first, last), &statement, today, Windows::default())?;
    let read = statement.read().copied();
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
                direction: b.direction.into(),
                expected: b.expected.into(),
                booked: b.booked.into(),
                matched: b.matched.into(),
                differences_expected: b.differences_expected.into(),
                differences_booked: b.differences_booked.into(),
                missing: b.missing.into(),
                not_yet_due: b.not_yet_due.into(),
                unexpected: b.unexpected.into(),
            })
            .collect(),
        left_out: r
            .left_out
            .iter()
            .flatten()
            .map(|l| LeftOutGrants {
                cluster: l.cluster.to_string(),
                grant_year: l.grant_year,
                missing_rate: l.missing_rate,
                practices_without_count: l.practices_without_count.iter().map(ToString::to_string).collect(),
            })
            .collect(),
        statement: StatementRead {
            layout: read.map_or("standard", |r| r.layout.as_str()).to_owned(),
            encoding: read.map_or("utf-8", |r| r.encoding.as_str()).to_owned(),
            booked: count(statement.bookings().len()),
            reservations: read.map_or(0, |r| count(r.reservations)),
        },
    })
}

/// REC-MATCH: a cluster's statement (the CSV file's bytes) against a scenario given as
/// docs/formats.md JSON; `rates` add or override rates per grant year (GR-RATE).
#[uniffi::export]
#[allow(clippy::too_many_arguments)]
pub fn reconcile_scenario(
    scenario_json: String,
    cluster: String,
    statement: Vec<u8>,
    dialect: StatementDialect,
    today: CalendarDate,
    first: i32,
    last: i32,
    rates: Vec<crate::grants::RateOverride>,
) -> Result<PaymentReconciliation, KlyngeError> {
    let scenario = klynge::Scenario::from_json(&scenario_json)?;
    let input = StatementInput {
        cluster: &cluster,
        csv: &statement,
        dialect,
        today: &today,
        years: (first, last),
        rates: &rates,
    };
    reconcile(&scenario, input)
}
