//! The ledger as docs/formats.md's JSON ("Ledger").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Entry, EntryKind, Ledger, Pending, SpendingKind, YearSummary};
use crate::grants::LineKind;
use crate::ids::ClusterId;
use crate::money::Dkk;
use crate::problem::{Problem, ValidationErrors, quote};
use crate::reconcile::Direction;
use crate::rule::Rule;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    cluster: ClusterId,
    #[serde(with = "crate::dates::strict")]
    date: NaiveDate,
    direction: String,
    kind: String,
    amount: Dkk,
    balance: Dkk,
    line: Option<usize>,
    row: Option<usize>,
    payee: Option<String>,
    #[serde(default)]
    overdraft: Option<Dkk>,
    #[serde(default)]
    covered: Option<bool>,
    #[serde(default)]
    shortfall: Option<Dkk>,
    #[serde(default, with = "crate::dates::strict::option")]
    covered_from: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPending {
    cluster: ClusterId,
    amount: Dkk,
    lines: Vec<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIn {
    startup_fee: Dkk,
    annual_grant: Dkk,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOut {
    clawback: Dkk,
    refund: Dkk,
    meeting: Dkk,
    honorarium: Dkk,
    consultant: Dkk,
    other: Dkk,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    cluster: ClusterId,
    year: i32,
    opening: Dkk,
    #[serde(rename = "in")]
    into: RawIn,
    out: RawOut,
    closing: Dkk,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLedger {
    #[serde(with = "crate::dates::strict")]
    today: NaiveDate,
    entries: Vec<RawEntry>,
    pending: Vec<RawPending>,
    plan: Vec<RawEntry>,
    years: Vec<RawYear>,
}

fn entry(raw: RawEntry) -> Result<Entry, String> {
    let direction = match raw.direction.as_str() {
        "in" => Direction::In,
        "out" => Direction::Out,
        other => return Err(format!("the direction is in or out, not {}", quote(other))),
    };
    let kind = match serde_json::from_value::<LineKind>(serde_json::Value::String(raw.kind.clone())) {
        Ok(kind) => EntryKind::Line(kind),
        Err(_) => EntryKind::Spending(raw.kind.parse::<SpendingKind>().map_err(|p| p.message_en)?),
    };
    Ok(Entry {
        cluster: raw.cluster,
        date: raw.date,
        direction,
        kind,
        amount: raw.amount,
        balance: raw.balance,
        line: raw.line,
        row: raw.row,
        payee: raw.payee,
        overdraft: raw.overdraft,
        covered: raw.covered,
        shortfall: raw.shortfall,
        covered_from: raw.covered_from,
    })
}

impl Ledger {
    /// Reads a ledger written by [`Ledger::to_json`] (FORMAT).
    pub fn from_json(text: &str) -> Result<Ledger, ValidationErrors> {
        let bad = |e: String| ValidationErrors::from(Problem::new("ledger", Rule::Format, e.clone(), e));
        let raw: RawLedger =
            serde_json::from_str(crate::json_text::without_bom(text)).map_err(|e| bad(quote(&e.to_string())))?;
        let entries = raw.entries.into_iter().map(entry).collect::<Result<_, _>>().map_err(bad)?;
        let plan = raw.plan.into_iter().map(entry).collect::<Result<_, _>>().map_err(bad)?;
        Ok(Ledger {
            today: raw.today,
            entries,
            pending: raw
                .pending
                .into_iter()
                .map(|p| Pending { cluster: p.cluster, amount: p.amount, lines: p.lines })
                .collect(),
            plan,
            years: raw
                .years
                .into_iter()
                .map(|y| YearSummary {
                    cluster: y.cluster,
                    year: y.year,
                    opening: y.opening,
                    startup_fees: y.into.startup_fee,
                    annual_grants: y.into.annual_grant,
                    out: [y.out.clawback, y.out.refund, y.out.meeting, y.out.honorarium, y.out.consultant, y.out.other],
                    closing: y.closing,
                })
                .collect(),
        })
    }
}
