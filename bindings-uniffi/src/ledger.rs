//! The cluster's funds, for the treasurer's app (LED-*): what came in, what was spent, what is
//! left, and whether what is requested can be afforded, for one cluster of a scenario (or a
//! registry) and the bytes of its spendings CSV.

use crate::codes::Direction;
use crate::error::KlyngeError;
use crate::reconcile::StatementDialect;
use crate::types::{CalendarDate, ExactDecimal};
use klynge::ledger::{Entry, Opening, Spendings};
use klynge::reconcile::Dialect;
use klynge::{ClusterId, Problem, Rule};

/// An entry of the ledger or of its plan.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LedgerEntry {
    pub date: CalendarDate,
    /// `IN` (to the funds) or `OUT` (from them).
    pub direction: Direction,
    /// A report line's kind (`startup_fee`, `annual_grant`, `clawback`) or a spending's.
    pub kind: String,
    /// Positive either way.
    pub amount: ExactDecimal,
    /// The balance after it.
    pub balance: ExactDecimal,
    /// The report line's index, for a line.
    pub line: Option<i64>,
    /// The spending's row, for a spending.
    pub row: Option<i64>,
    pub payee: Option<String>,
    /// After a paid spending that leaves the balance below zero: how far below.
    pub overdraft: Option<ExactDecimal>,
    /// A requested spending in the plan: whether the balance after it is at least zero.
    pub covered: Option<bool>,
    /// A requested spending not covered: the smaller of its amount and the amount below zero.
    pub shortfall: Option<ExactDecimal>,
    /// A requested spending not covered: the first day at whose end the balance is at least
    /// zero again, if one comes.
    pub covered_from: Option<CalendarDate>,
}

/// LED-YEAR: one calendar year of the funds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LedgerYear {
    pub year: i32,
    pub opening: ExactDecimal,
    pub in_startup_fees: ExactDecimal,
    pub in_annual_grants: ExactDecimal,
    pub out_clawbacks: ExactDecimal,
    pub out_refunds: ExactDecimal,
    pub out_meetings: ExactDecimal,
    pub out_honoraria: ExactDecimal,
    pub out_consultants: ExactDecimal,
    pub out_other: ExactDecimal,
    pub closing: ExactDecimal,
}

/// An opening balance: it replaces every entry before its day (LED-ENTRIES).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OpeningBalance {
    pub date: CalendarDate,
    pub amount: ExactDecimal,
}

/// One cluster's funds on a day.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ClusterLedger {
    pub cluster: String,
    pub today: CalendarDate,
    /// The balance on `today`.
    pub balance: ExactDecimal,
    /// What was booked up to `today`.
    pub entries: Vec<LedgerEntry>,
    /// The report's lines waiting for completion (their net), zero for a complete cluster.
    pub pending: ExactDecimal,
    /// What lies ahead: expected lines and requested spendings, each covered or not.
    pub plan: Vec<LedgerEntry>,
    pub years: Vec<LedgerYear>,
    /// docs/formats.md's ledger JSON.
    pub json: String,
}

fn count(n: Option<usize>) -> Option<i64> {
    n.map(crate::codes::count)
}

fn entry(e: &Entry) -> LedgerEntry {
    LedgerEntry {
        date: e.date.into(),
        direction: e.direction.into(),
        kind: e.kind.as_str().to_owned(),
        amount: e.amount.into(),
        balance: e.balance.into(),
        line: count(e.line),
        row: count(e.row),
        payee: e.payee.clone(),
        overdraft: e.overdraft.map(Into::into),
        covered: e.covered,
        shortfall: e.shortfall.map(Into::into),
        covered_from: e.covered_from.map(Into::into),
    }
}

/// LED-*: the funds of `cluster` in `scenario` on `today`, from its grants (every grant year
/// from its founding to `today`'s year; a year without a rate keeps its fees) and the bytes of
/// its spendings CSV in `dialect`, with an opening balance where given.
pub(crate) fn ledger(
    scenario: &klynge::Scenario,
    cluster: &str,
    spendings_csv: &[u8],
    dialect: StatementDialect,
    today: &CalendarDate,
    opening: Option<OpeningBalance>,
) -> Result<ClusterLedger, KlyngeError> {
    let id: ClusterId = scenario.cluster("cluster", cluster)?.id.clone();
    let today = today.get("today", Rule::LedEntries)?;
    let dialect = match dialect {
        StatementDialect::Standard => Dialect::Standard,
        StatementDialect::DanishBank => Dialect::DanishBank,
    };
    let spendings = Spendings::from_bytes(spendings_csv, "spendings.csv", dialect, Some(id.clone()))?;
    let openings = match opening {
        Some(OpeningBalance { date, amount }) => vec![Opening {
            cluster: id.clone(),
            date: date.get("opening.date", Rule::LedEntries)?,
            amount: klynge::Dkk::round(amount.get("opening.amount", Rule::LedEntries)?)
                .map_err(|e| KlyngeError::from(Problem::at("opening.amount", &e)))?,
        }],
        None => Vec::new(),
    };
    let (ledger, _) = scenario.ledger(&klynge::Parameters::official(), None, &spendings, today, &openings)?;
    let ledger = ledger.of_cluster(&id);
    Ok(ClusterLedger {
        cluster: id.to_string(),
        today: today.into(),
        balance: ledger.balance(&id).unwrap_or_default().into(),
        entries: ledger.entries.iter().map(entry).collect(),
        pending: ledger.pending.iter().map(|p| p.amount).sum::<klynge::Dkk>().into(),
        plan: ledger.plan.iter().map(entry).collect(),
        years: ledger
            .years
            .iter()
            .map(|y| {
                let [claws, refunds, meetings, honoraria, consultants, other] = y.out;
                LedgerYear {
                    year: y.year,
                    opening: y.opening.into(),
                    in_startup_fees: y.startup_fees.into(),
                    in_annual_grants: y.annual_grants.into(),
                    out_clawbacks: claws.into(),
                    out_refunds: refunds.into(),
                    out_meetings: meetings.into(),
                    out_honoraria: honoraria.into(),
                    out_consultants: consultants.into(),
                    out_other: other.into(),
                    closing: y.closing.into(),
                }
            })
            .collect(),
        json: ledger.to_json(),
    })
}

/// LED-*: the funds of `cluster` of a scenario given as docs/formats.md JSON on `today`, with
/// the bytes of its spendings CSV (docs/formats.md "Spendings") in `dialect`, and an opening
/// balance where the ledger should start from one.
#[uniffi::export]
pub fn ledger_from_scenario(
    scenario_json: String,
    cluster: String,
    spendings_csv: Vec<u8>,
    dialect: StatementDialect,
    today: CalendarDate,
    opening: Option<OpeningBalance>,
) -> Result<ClusterLedger, KlyngeError> {
    let scenario = klynge::Scenario::from_json(&scenario_json)?;
    ledger(&scenario, &cluster, &spendings_csv, dialect, &today, opening)
}
