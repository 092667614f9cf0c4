//! Reconciliation (REC-EXPECTED, REC-STATEMENT, REC-WINDOW, REC-MATCH, REC-BALANCE): did
//! the money arrive? The transfers a grant report's lines promise, against a statement of what
//! was booked on the cluster's account.
//!
//! ```
//! use klynge::reconcile::{Dialect, Statement, Windows};
//! let report = klynge::sample::national().grants(2022, 2022)?;
//! let first = report.expected_transfers().into_iter().find(|t| t.cluster.as_str() == "k00000-101").unwrap();
//! let text = format!("date,amount,text\n{},{},grant\n", first.window.0, first.amount);
//! let statement = Statement::from_csv(&text, Dialect::Standard, Some(first.cluster.clone()))?;
//! let today = "2023-06-01".parse()?;
//! let result = report.reconcile(&statement, today, Windows::default())?;
//! assert_eq!(result.matched.len(), 1);
//! assert!(result.missing.iter().all(|m| m.cluster.as_str() == "k00000-101"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod matching;
mod output;
pub(crate) mod statement;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Days, NaiveDate};

use crate::grants::{GrantReport, LineKind, Payer};
use crate::ids::ClusterId;
use crate::money::Dkk;
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;

pub use output::{Row, Status};
pub use statement::{Booking, Dialect, Layout, MAX_ROWS, Statement, StatementRead};

/// Which way money goes on the cluster's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Paid to the cluster: startup fees and annual grants.
    In,
    /// Repaid by the cluster: clawbacks.
    Out,
}

impl Direction {
    /// `in` or `out`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    /// The direction of a booked amount: positive is received, negative paid.
    pub fn of(amount: Dkk) -> Self {
        if amount.is_negative() { Direction::Out } else { Direction::In }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// REC-WINDOW (*policy*): how many days after its payout date a transfer may be booked and
/// still settle it: 28 for the region (CMP-PAYOUT's four weeks), 7 for PLO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    /// Days after a regional payout.
    pub region_days: u32,
    /// Days after a PLO payout.
    pub plo_days: u32,
}

impl Default for Windows {
    fn default() -> Self {
        Windows { region_days: 28, plo_days: 7 }
    }
}

impl Windows {
    /// The largest window accepted, a year: a longer one would let any booking settle anything.
    pub const MAX_DAYS: u32 = 366;

    /// Windows checked to lie within 0 to [`Windows::MAX_DAYS`] days.
    pub fn new(region_days: u32, plo_days: u32) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        for (name, days) in [("windows.region_days", region_days), ("windows.plo_days", plo_days)] {
            if days > Self::MAX_DAYS {
                errors.push(Problem::new(
                    name,
                    Rule::RecWindow,
                    format!("a window is 0 to {} days, not {days}", Self::MAX_DAYS),
                    format!("et vindue er 0 til {} dage, ikke {days}", Self::MAX_DAYS),
                ));
            }
        }
        errors.into_result(Windows { region_days, plo_days })
    }

    /// REC-WINDOW: the days a transfer of `payer` paid on `due` may be booked.
    pub fn of(&self, payer: Payer, due: NaiveDate) -> (NaiveDate, NaiveDate) {
        let days = match payer {
            Payer::Region => self.region_days,
            Payer::Plo => self.plo_days,
        };
        (due, due.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX))
    }
}

/// REC-EXPECTED: a transfer a report promises: its lines with one payout date, summed per
/// cluster, payer and direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedTransfer {
    /// The cluster.
    pub cluster: ClusterId,
    /// Who pays (in) or is repaid (out).
    pub payer: Payer,
    /// The payout date (GR-PAYDATE).
    pub due: NaiveDate,
    /// In (fees and grants) or out (clawbacks).
    pub direction: Direction,
    /// The sum of the lines, positive in either direction.
    pub amount: Dkk,
    /// REC-WINDOW: when it may be booked (with the default windows until set otherwise).
    pub window: (NaiveDate, NaiveDate),
    /// The report's lines it sums, by index (GR-EXPLAIN line by line).
    pub lines: Vec<usize>,
}

impl ExpectedTransfer {
    /// REC-MATCH's order: payout date, cluster, payer (`plo` before `region`), direction.
    fn order(&self) -> (NaiveDate, &ClusterId, &'static str, Direction) {
        (self.due, &self.cluster, self.payer.as_str(), self.direction)
    }
}

/// An expected transfer settled by a booking of its exact amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// What was expected.
    pub expected: ExpectedTransfer,
    /// What was booked.
    pub booked: Booking,
}

/// An expected transfer and the booking inside its window that did not have its amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What was expected.
    pub expected: ExpectedTransfer,
    /// What was booked.
    pub booked: Booking,
    /// Booked minus expected, in the transfer's direction (a short payment is negative).
    pub difference: Dkk,
}

/// REC-BALANCE: one cluster's sums in one direction, each positive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    /// The cluster.
    pub cluster: ClusterId,
    /// In or out.
    pub direction: Direction,
    /// Everything expected: matched + differences' expected + missing + not yet due.
    pub expected: Dkk,
    /// Everything booked: matched + differences' booked + unexpected.
    pub booked: Dkk,
    /// Settled exactly.
    pub matched: Dkk,
    /// Expected, with the booking that came in its window: the expected side.
    pub differences_expected: Dkk,
    /// The same bookings: the booked side.
    pub differences_booked: Dkk,
    /// Expected, its window over, nothing booked for it.
    pub missing: Dkk,
    /// Expected, its window not over yet.
    pub not_yet_due: Dkk,
    /// Booked, not settling anything.
    pub unexpected: Dkk,
}

/// The result of a reconciliation (docs/formats.md "Reconciliation").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    /// The day reconciled on: a window that ended before it and has nothing booked is missing.
    pub today: NaiveDate,
    /// Settled exactly.
    pub matched: Vec<Matched>,
    /// Settled with another amount.
    pub differences: Vec<Difference>,
    /// Expected, window over, nothing booked.
    pub missing: Vec<ExpectedTransfer>,
    /// Expected, window not over.
    pub not_yet_due: Vec<ExpectedTransfer>,
    /// Booked, settling nothing.
    pub unexpected: Vec<Booking>,
    /// REC-BALANCE per cluster and direction.
    pub balance: Vec<Balance>,
    /// REC-EXPECTED: where the lines were computed from a scenario, the clusters' grant years
    /// whose annual grants were left out for want of a rate or a count; `None` for a
    /// reconciliation against a given report.
    pub left_out: Option<Vec<crate::grants::LeftOut>>,
}

impl GrantReport {
    /// REC-EXPECTED: the transfers the report's lines promise, with the default windows: the
    /// lines with a payout date, summed per cluster, payer, payout date and direction, each
    /// naming its lines. Pending lines are not expected yet, and a sum of zero not at all.
    pub fn expected_transfers(&self) -> Vec<ExpectedTransfer> {
        self.expected_transfers_with(Windows::default())
    }

    /// REC-EXPECTED with the given windows.
    pub fn expected_transfers_with(&self, windows: Windows) -> Vec<ExpectedTransfer> {
        // Per (cluster index, payout date, payer, direction): øre and the lines summed.
        type Key = (usize, NaiveDate, Payer, Direction);
        let mut sums: BTreeMap<Key, (i128, Vec<usize>)> = BTreeMap::new();
        for (index, (compact, line)) in self.compact_lines().zip(self.lines()).enumerate() {
            let Some(due) = line.due else { continue };
            let direction = if line.kind == LineKind::Clawback { Direction::Out } else { Direction::In };
            let entry = sums.entry((compact.cluster_index(), due, line.payer, direction)).or_default();
            entry.0 += line.amount.ore().abs();
            entry.1.push(index);
        }
        let mut expected: Vec<ExpectedTransfer> = sums
            .into_iter()
            .filter(|(_, (ore, _))| *ore != 0)
            .filter_map(|((cluster, due, payer, direction), (ore, lines))| {
                Some(ExpectedTransfer {
                    cluster: self.clusters().get(cluster)?.clone(),
                    payer,
                    due,
                    direction,
                    amount: Dkk::round_ratio(ore, 1).ok()?,
                    window: windows.of(payer, due),
                    lines,
                })
            })
            .collect();
        expected.sort_by(|a, b| a.order().cmp(&b.order()));
        expected
    }

    /// REC-MATCH: reconciles `statement` against the report on `today`. A statement of one
    /// named cluster is reconciled against that cluster's expected transfers only. A booking
    /// for a cluster without lines in the report is a bad row (REC-STATEMENT).
    pub fn reconcile(
        &self,
        statement: &Statement,
        today: NaiveDate,
        windows: Windows,
    ) -> Result<Reconciliation, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        // The report's clusters are sorted: each booking's is found by binary search.
        for b in statement.bookings() {
            if self.clusters().binary_search(&b.cluster).is_err() {
                errors.push(Problem::new(
                    format!("statement:{}:cluster", b.row),
                    Rule::RecStatement,
                    format!("cluster {} has no lines in the report", b.cluster),
                    format!("klynge {} har ingen linjer i rapporten", b.cluster),
                ));
            }
        }
        errors.check("today", crate::dates::check_date(today, Rule::RecMatch));
        errors.into_result(())?;
        let expected: Vec<ExpectedTransfer> = self
            .expected_transfers_with(windows)
            .into_iter()
            .filter(|e| statement.cluster().is_none_or(|c| *c == e.cluster))
            .collect();
        Ok(matching::reconcile(expected, statement.bookings(), today))
    }
}

impl crate::scenario::Scenario {
    /// REC-EXPECTED from a scenario: its report for grant years `first..=last` with
    /// `parameters`, with CAL-EVENTS' tolerance (a cluster's annual grants of a year whose rate
    /// or a count is not known are left out and listed; startup fees and clawbacks are
    /// expected), reconciled against `statement` on `today`. Returns the report the expected
    /// transfers' line indices point into, and the reconciliation with its `left_out` list.
    pub fn reconcile(
        &self,
        parameters: &crate::grants::Parameters,
        (first, last): (i32, i32),
        statement: &Statement,
        today: NaiveDate,
        windows: Windows,
    ) -> Result<(GrantReport, Reconciliation), ValidationErrors> {
        let (report, left_out) = self.grants_known(parameters, first, last)?;
        let mut reconciliation = report.reconcile(statement, today, windows)?;
        reconciliation.left_out =
            Some(left_out.into_iter().filter(|l| statement.cluster().is_none_or(|c| *c == l.cluster)).collect());
        Ok((report, reconciliation))
    }
}
