//! The ledger as docs/formats.md's JSON ("Ledger").

use chrono::NaiveDate;
use serde::Serialize;

use super::{Entry, Ledger};
use crate::money::Dkk;

#[derive(Serialize)]
struct EntryJson<'a> {
    cluster: &'a str,
    date: NaiveDate,
    direction: &'static str,
    kind: &'static str,
    amount: Dkk,
    balance: Dkk,
    line: Option<usize>,
    row: Option<usize>,
    payee: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overdraft: Option<Option<Dkk>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    covered: Option<Option<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shortfall: Option<Option<Dkk>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    covered_from: Option<Option<NaiveDate>>,
}

impl<'a> EntryJson<'a> {
    /// A booked entry (with `overdraft`) or a plan's (with `covered`, `shortfall`,
    /// `covered_from`), as docs/formats.md shows them.
    fn of(e: &'a Entry, plan: bool) -> Self {
        EntryJson {
            cluster: e.cluster.as_str(),
            date: e.date,
            direction: e.direction.as_str(),
            kind: e.kind.as_str(),
            amount: e.amount,
            balance: e.balance,
            line: e.line,
            row: e.row,
            payee: e.payee.as_deref(),
            overdraft: (!plan).then_some(e.overdraft),
            covered: plan.then_some(e.covered),
            shortfall: plan.then_some(e.shortfall),
            covered_from: plan.then_some(e.covered_from),
        }
    }
}

#[derive(Serialize)]
struct PendingJson<'a> {
    cluster: &'a str,
    amount: Dkk,
    lines: &'a [usize],
}

#[derive(Serialize)]
struct InJson {
    startup_fee: Dkk,
    annual_grant: Dkk,
}

#[derive(Serialize)]
struct OutJson {
    clawback: Dkk,
    refund: Dkk,
    meeting: Dkk,
    honorarium: Dkk,
    consultant: Dkk,
    other: Dkk,
}

#[derive(Serialize)]
struct YearJson<'a> {
    cluster: &'a str,
    year: i32,
    opening: Dkk,
    #[serde(rename = "in")]
    into: InJson,
    out: OutJson,
    closing: Dkk,
}

#[derive(Serialize)]
struct LedgerJson<'a> {
    today: NaiveDate,
    entries: Vec<EntryJson<'a>>,
    pending: Vec<PendingJson<'a>>,
    plan: Vec<EntryJson<'a>>,
    years: Vec<YearJson<'a>>,
}

impl Ledger {
    /// docs/formats.md's ledger JSON.
    pub fn to_json(&self) -> String {
        let json = LedgerJson {
            today: self.today,
            entries: self.entries.iter().map(|e| EntryJson::of(e, false)).collect(),
            pending: self
                .pending
                .iter()
                .map(|p| PendingJson { cluster: p.cluster.as_str(), amount: p.amount, lines: &p.lines })
                .collect(),
            plan: self.plan.iter().map(|e| EntryJson::of(e, true)).collect(),
            years: self
                .years
                .iter()
                .map(|y| {
                    let [clawback, refund, meeting, honorarium, consultant, other] = y.out;
                    YearJson {
                        cluster: y.cluster.as_str(),
                        year: y.year,
                        opening: y.opening,
                        into: InJson { startup_fee: y.startup_fees, annual_grant: y.annual_grants },
                        out: OutJson { clawback, refund, meeting, honorarium, consultant, other },
                        closing: y.closing,
                    }
                })
                .collect(),
        };
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }
}
