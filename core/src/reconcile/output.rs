//! A reconciliation as docs/formats.md's JSON, and as one row per expected or booked transfer with
//! its status (the rows of its table).

use chrono::NaiveDate;
use serde::Serialize;

use super::{Booking, ExpectedTransfer, Reconciliation};
use crate::money::Dkk;

#[derive(Serialize)]
struct Window {
    from: NaiveDate,
    until: NaiveDate,
}

#[derive(Serialize)]
struct ExpectedJson<'a> {
    cluster: &'a str,
    payer: &'static str,
    due: NaiveDate,
    direction: &'static str,
    amount: Dkk,
    window: Window,
    lines: &'a [usize],
}

impl<'a> From<&'a ExpectedTransfer> for ExpectedJson<'a> {
    fn from(e: &'a ExpectedTransfer) -> Self {
        ExpectedJson {
            cluster: e.cluster.as_str(),
            payer: e.payer.as_str(),
            due: e.due,
            direction: e.direction.as_str(),
            amount: e.amount,
            window: Window { from: e.window.0, until: e.window.1 },
            lines: &e.lines,
        }
    }
}

#[derive(Serialize)]
struct BookedJson<'a> {
    row: usize,
    date: NaiveDate,
    cluster: &'a str,
    amount: Dkk,
    payer: Option<&'static str>,
    text: Option<&'a str>,
}

impl<'a> From<&'a Booking> for BookedJson<'a> {
    fn from(b: &'a Booking) -> Self {
        BookedJson {
            row: b.row,
            date: b.date,
            cluster: b.cluster.as_str(),
            amount: b.amount,
            payer: b.payer.map(|p| p.as_str()),
            text: b.text.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct MatchedJson<'a> {
    expected: ExpectedJson<'a>,
    booked: BookedJson<'a>,
}

#[derive(Serialize)]
struct DifferenceJson<'a> {
    expected: ExpectedJson<'a>,
    booked: BookedJson<'a>,
    difference: Dkk,
}

#[derive(Serialize)]
struct BalanceJson<'a> {
    cluster: &'a str,
    direction: &'static str,
    expected: Dkk,
    booked: Dkk,
    matched: Dkk,
    missing: Dkk,
    not_yet_due: Dkk,
    unexpected: Dkk,
}

#[derive(Serialize)]
struct ReconciliationJson<'a> {
    today: NaiveDate,
    matched: Vec<MatchedJson<'a>>,
    differences: Vec<DifferenceJson<'a>>,
    missing: Vec<ExpectedJson<'a>>,
    not_yet_due: Vec<ExpectedJson<'a>>,
    unexpected: Vec<BookedJson<'a>>,
    balance: Vec<BalanceJson<'a>>,
    /// Only for a reconciliation computed from a scenario (docs/formats.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    left_out: Option<&'a [crate::grants::LeftOut]>,
}

/// The status of a row of a reconciliation's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Settled exactly.
    Matched,
    /// Settled with another amount.
    Difference,
    /// Expected, window over, nothing booked.
    Missing,
    /// Expected, window not over.
    NotYetDue,
    /// Booked, settling nothing.
    Unexpected,
}

impl Status {
    /// `matched`, `difference`, `missing`, `not_yet_due`, `unexpected`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Matched => "matched",
            Status::Difference => "difference",
            Status::Missing => "missing",
            Status::NotYetDue => "not_yet_due",
            Status::Unexpected => "unexpected",
        }
    }
}

/// One row of a reconciliation's table: an expected transfer with what settled it, or a
/// booking that settled nothing.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// What became of it.
    pub status: Status,
    /// The expected transfer, if the row is one.
    pub expected: Option<&'a ExpectedTransfer>,
    /// The booking, if one is in the row.
    pub booked: Option<&'a Booking>,
    /// Booked minus expected, where both are.
    pub difference: Option<Dkk>,
}

impl Reconciliation {
    /// docs/formats.md's reconciliation JSON.
    pub fn to_json(&self) -> String {
        let json = ReconciliationJson {
            today: self.today,
            matched: self
                .matched
                .iter()
                .map(|m| MatchedJson { expected: (&m.expected).into(), booked: (&m.booked).into() })
                .collect(),
            differences: self
                .differences
                .iter()
                .map(|d| DifferenceJson {
                    expected: (&d.expected).into(),
                    booked: (&d.booked).into(),
                    difference: d.difference,
                })
                .collect(),
            missing: self.missing.iter().map(ExpectedJson::from).collect(),
            not_yet_due: self.not_yet_due.iter().map(ExpectedJson::from).collect(),
            unexpected: self.unexpected.iter().map(BookedJson::from).collect(),
            balance: self
                .balance
                .iter()
                .map(|b| BalanceJson {
                    cluster: b.cluster.as_str(),
                    direction: b.direction.as_str(),
                    expected: b.expected,
                    booked: b.booked,
                    matched: b.matched,
                    missing: b.missing,
                    not_yet_due: b.not_yet_due,
                    unexpected: b.unexpected,
                })
                .collect(),
            left_out: self.left_out.as_deref(),
        };
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }

    /// Every expected transfer with its status (matched, difference, missing, not yet due),
    /// then every booking that settled nothing (unexpected).
    pub fn rows(&self) -> Vec<Row<'_>> {
        fn expected(status: Status, e: &ExpectedTransfer) -> Row<'_> {
            Row { status, expected: Some(e), booked: None, difference: None }
        }
        let mut rows: Vec<Row<'_>> = Vec::new();
        rows.extend(self.matched.iter().map(|m| Row {
            status: Status::Matched,
            expected: Some(&m.expected),
            booked: Some(&m.booked),
            difference: Some(Dkk::ZERO),
        }));
        rows.extend(self.differences.iter().map(|d| Row {
            status: Status::Difference,
            expected: Some(&d.expected),
            booked: Some(&d.booked),
            difference: Some(d.difference),
        }));
        rows.extend(self.missing.iter().map(|e| expected(Status::Missing, e)));
        rows.extend(self.not_yet_due.iter().map(|e| expected(Status::NotYetDue, e)));
        rows.extend(self.unexpected.iter().map(|b| Row {
            status: Status::Unexpected,
            expected: None,
            booked: Some(b),
            difference: None,
        }));
        rows
    }
}
