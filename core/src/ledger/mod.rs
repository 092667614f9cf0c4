//! The cluster's funds (LED-SPENDING, LED-ENTRIES, LED-BALANCE, LED-PLAN, LED-YEAR): what came
//! in, what was spent, what is left, and whether what is requested can be afforded.
//!
//! A [`Ledger`] is made from a grant report (what the cluster is paid and repays), the
//! cluster's [`Spendings`], a day *today* and, where wanted, an opening balance per cluster.
//!
//! ```
//! use klynge::ledger::{Ledger, Spendings};
//! use klynge::reconcile::Dialect;
//! let scenario = klynge::Scenario::from_json(r#"{
//!   "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
//!   "practices": [{"ydernummer": "000001", "capacities": 1}],
//!   "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
//!   "patients": [{"ydernummer": "000001", "year": 2022, "count": 2000}]
//! }"#)?;
//! let report = scenario.grants(2022, 2022)?;
//! let text = "date,kind,payee,amount,status\n2022-06-10,meeting,Hotel Fyn,1250.00,paid\n";
//! let spendings = Spendings::from_csv(text, "spendings.csv", Dialect::Standard, Some("k".parse()?))?;
//! let ledger = Ledger::new(&report, &spendings, "2022-12-31".parse()?, &[])?;
//! // 10,000.00 startup fee + 2,240.00 annual grant - 1,250.00 meeting.
//! assert_eq!(ledger.balance(&"k".parse()?).map(|b| b.to_string()), Some("10990.00".into()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod json;
pub mod spendings;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::dates::check_date;
use crate::grants::{GrantReport, LineKind};
use crate::ids::ClusterId;
use crate::money::Dkk;
use crate::problem::{Problem, ValidationErrors};
use crate::reconcile::Direction;
use crate::rule::Rule;

pub use spendings::{MAX_PAYEE_CHARS, Spending, SpendingKind, SpendingStatus, Spendings};

/// What an entry is: a report line's kind, or a spending's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A line of the grant report.
    Line(LineKind),
    /// A spending.
    Spending(SpendingKind),
}

impl EntryKind {
    /// The kind's name in docs/formats.md: a line's (`startup_fee`, `annual_grant`,
    /// `clawback`) or a spending's (`refund`, `meeting`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            EntryKind::Line(kind) => kind.as_str(),
            EntryKind::Spending(kind) => kind.as_str(),
        }
    }
}

/// An opening balance of a cluster's funds (LED-ENTRIES): it replaces every entry before its
/// day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// The cluster.
    pub cluster: ClusterId,
    /// The day the balance is on.
    pub date: NaiveDate,
    /// The balance on that day, before its entries.
    pub amount: Dkk,
}

/// An entry of the ledger or of its plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The cluster.
    pub cluster: ClusterId,
    /// The day it was (or will be) booked.
    pub date: NaiveDate,
    /// In (to the funds) or out (from them).
    pub direction: Direction,
    /// What it is.
    pub kind: EntryKind,
    /// How much, positive either way.
    pub amount: Dkk,
    /// The balance after it.
    pub balance: Dkk,
    /// The report line's index, for a line.
    pub line: Option<usize>,
    /// The spending's row, for a spending.
    pub row: Option<usize>,
    /// The spending's payee.
    pub payee: Option<String>,
    /// LED-BALANCE: after a paid spending that leaves the balance below zero, how far below.
    pub overdraft: Option<Dkk>,
    /// LED-PLAN, for a requested spending: whether the balance after it is at least zero.
    pub covered: Option<bool>,
    /// LED-PLAN, for a requested spending not covered: the smaller of its amount and the
    /// amount below zero.
    pub shortfall: Option<Dkk>,
    /// LED-PLAN, for a requested spending not covered: the first day on or after its date at
    /// whose end the balance is at least zero again, if one comes.
    pub covered_from: Option<NaiveDate>,
}

/// The report lines of a cluster without a payout date yet (its completion is not declared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The cluster.
    pub cluster: ClusterId,
    /// Their net.
    pub amount: Dkk,
    /// Their indices in the report.
    pub lines: Vec<usize>,
}

/// LED-YEAR: one calendar year of a cluster's funds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSummary {
    /// The cluster.
    pub cluster: ClusterId,
    /// The calendar year.
    pub year: i32,
    /// The balance at the start of the year.
    pub opening: Dkk,
    /// In: startup fees.
    pub startup_fees: Dkk,
    /// In: annual grants.
    pub annual_grants: Dkk,
    /// Out: clawbacks, then each spending kind in [`SpendingKind::CODES`]' order.
    pub out: [Dkk; 6],
    /// The balance at the end of the year (or on *today*, in *today*'s year).
    pub closing: Dkk,
}

/// A cluster's funds on a day: what was booked, what is pending, what lies ahead, and the years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    /// The day of the ledger.
    pub today: NaiveDate,
    /// LED-ENTRIES: what was booked, per cluster in date order, each with the balance after it.
    pub entries: Vec<Entry>,
    /// The report lines waiting for completion, per cluster.
    pub pending: Vec<Pending>,
    /// LED-PLAN: what lies ahead, per cluster in date order.
    pub plan: Vec<Entry>,
    /// LED-YEAR: per cluster and year.
    pub years: Vec<YearSummary>,
}

/// One thing to book: its place in a day's order, and what it is.
struct Item<'a> {
    date: NaiveDate,
    direction: Direction,
    /// 0 for a report line, 1 for a spending.
    source: u8,
    /// The line's index or the spending's row.
    order: usize,
    kind: EntryKind,
    amount: Dkk,
    spending: Option<&'a Spending>,
}

impl Item<'_> {
    fn key(&self) -> (NaiveDate, Direction, u8, usize) {
        (self.date, self.direction, self.source, self.order)
    }

    fn signed_ore(&self) -> i128 {
        match self.direction {
            Direction::In => self.amount.ore(),
            Direction::Out => -self.amount.ore(),
        }
    }

    fn entry(&self, cluster: &ClusterId, balance: i128) -> Entry {
        Entry {
            cluster: cluster.clone(),
            date: self.date,
            direction: self.direction,
            kind: self.kind,
            amount: self.amount,
            balance: ore(balance),
            line: (self.source == 0).then_some(self.order),
            row: (self.source == 1).then_some(self.order),
            payee: self.spending.map(|s| s.payee.clone()),
            overdraft: None,
            covered: None,
            shortfall: None,
            covered_from: None,
        }
    }
}

/// Øre as kroner; a ledger's sums are of bounded lines and spendings and fit.
fn ore(ore: i128) -> Dkk {
    Dkk::round_ratio(ore, 1).unwrap_or(Dkk::ZERO)
}

impl Ledger {
    /// LED-ENTRIES, LED-BALANCE, LED-PLAN, LED-YEAR: the ledger of every cluster of `report` on
    /// `today`, with `spendings` and the opening balances given. A spending of a cluster the
    /// report does not have, a paid spending after *today* or before its cluster's founding,
    /// and a report that starts after a ledger's first year are problems, all at once.
    pub fn new(
        report: &GrantReport,
        spendings: &Spendings,
        today: NaiveDate,
        openings: &[Opening],
    ) -> Result<Ledger, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        errors.check("today", check_date(today, Rule::LedEntries));
        let clusters = report.clusters();
        let index = |c: &ClusterId| clusters.binary_search(c).ok();
        // The ledger's first day per cluster: its opening balance's day, else its founding (for
        // a report read from JSON, which does not know it, 1 January of its first year).
        // Whether the day is known (a founding or an opening), which the report must cover.
        let mut starts: BTreeMap<usize, (NaiveDate, i128, bool)> = BTreeMap::new();
        for (i, _) in clusters.iter().enumerate() {
            let founded = report.cluster_founded(i);
            let first = NaiveDate::from_ymd_opt(report.first_year(), 1, 1).unwrap_or(today);
            starts.insert(i, (founded.unwrap_or(first), 0, founded.is_some()));
        }
        for (n, o) in openings.iter().enumerate() {
            let at = |field: &str| format!("openings[{n}].{field}");
            match index(&o.cluster) {
                None => errors.push(Problem::new(
                    at("cluster"),
                    Rule::LedEntries,
                    format!("cluster {} has no lines in the report", o.cluster),
                    format!("klynge {} har ingen linjer i rapporten", o.cluster),
                )),
                Some(_) if o.date > today => errors.push(Problem::new(
                    at("date"),
                    Rule::LedEntries,
                    format!("the opening balance's day {} is after today {today}", o.date),
                    format!("startsaldoens dag {} ligger efter i dag {today}", o.date),
                )),
                Some(i) => {
                    errors.check(&at("date"), check_date(o.date, Rule::LedEntries));
                    starts.insert(i, (o.date, o.amount.ore(), true));
                }
            }
        }
        for (&i, &(start, _, known)) in &starts {
            if known && start.year() < report.first_year() {
                let cluster = clusters.get(i).map(ToString::to_string).unwrap_or_default();
                errors.push(Problem::new(
                    "report",
                    Rule::LedEntries,
                    format!(
                        "the report starts with grant year {}; the ledger of cluster {cluster} needs every grant year from {}",
                        report.first_year(),
                        start.year()
                    ),
                    format!(
                        "rapporten begynder med tilskudsåret {}; regnskabet for klynge {cluster} skal have alle tilskudsår fra {}",
                        report.first_year(),
                        start.year()
                    ),
                ));
            }
        }
        // LED-SPENDING: what only the ledger can check.
        let mut by_cluster: BTreeMap<usize, Vec<&Spending>> = BTreeMap::new();
        for s in spendings.items() {
            let Some(i) = index(&s.cluster) else {
                errors.push(Problem::new(
                    spendings.place(s.row, "cluster"),
                    Rule::LedSpending,
                    format!("cluster {} has no lines in the report", s.cluster),
                    format!("klynge {} har ingen linjer i rapporten", s.cluster),
                ));
                continue;
            };
            if s.status == SpendingStatus::Paid && s.date > today {
                errors.push(Problem::new(
                    spendings.place(s.row, "date"),
                    Rule::LedSpending,
                    format!("a paid spending is dated the day it left the funds, not after today {today}: {}", s.date),
                    format!(
                        "en betalt udgift dateres den dag, den forlod midlerne, ikke efter i dag {today}: {}",
                        s.date
                    ),
                ));
            }
            if let Some(founded) = report.cluster_founded(i)
                && s.status == SpendingStatus::Paid
                && s.date < founded
            {
                errors.push(Problem::new(
                    spendings.place(s.row, "date"),
                    Rule::LedSpending,
                    format!("the spending {} is before the cluster's founding assembly {founded}", s.date),
                    format!("udgiften {} ligger før klyngens stiftende generalforsamling {founded}", s.date),
                ));
            }
            by_cluster.entry(i).or_default().push(s);
        }
        errors.into_result(())?;

        let mut lines_by_cluster: BTreeMap<usize, Vec<(usize, crate::grants::Line<'_>)>> = BTreeMap::new();
        for (n, (compact, line)) in report.compact_lines().zip(report.lines()).enumerate() {
            lines_by_cluster.entry(compact.cluster_index()).or_default().push((n, line));
        }
        let mut ledger =
            Ledger { today, entries: Vec::new(), pending: Vec::new(), plan: Vec::new(), years: Vec::new() };
        for (&i, &(start, opening, _)) in &starts {
            let Some(cluster) = clusters.get(i) else { continue };
            let lines = lines_by_cluster.get(&i).map(Vec::as_slice).unwrap_or_default();
            let spent = by_cluster.get(&i).map(Vec::as_slice).unwrap_or_default();
            ledger.add_cluster(cluster, start, opening, lines, spent);
        }
        Ok(ledger)
    }

    /// The books of one cluster.
    fn add_cluster(
        &mut self,
        cluster: &ClusterId,
        start: NaiveDate,
        opening: i128,
        lines: &[(usize, crate::grants::Line<'_>)],
        spent: &[&Spending],
    ) {
        let today = self.today;
        let mut booked: Vec<Item<'_>> = Vec::new();
        let mut ahead: Vec<Item<'_>> = Vec::new();
        let (mut pending_ore, mut pending_lines) = (0i128, Vec::new());
        for (n, line) in lines {
            let Some(due) = line.due else {
                pending_ore += line.amount.ore();
                pending_lines.push(*n);
                continue;
            };
            if line.amount.ore() == 0 || due < start {
                continue;
            }
            let direction = if line.kind == LineKind::Clawback { Direction::Out } else { Direction::In };
            let item = Item {
                date: due,
                direction,
                source: 0,
                order: *n,
                kind: EntryKind::Line(line.kind),
                amount: line.amount.abs(),
                spending: None,
            };
            if due <= today { booked.push(item) } else { ahead.push(item) }
        }
        if !pending_lines.is_empty() {
            self.pending.push(Pending { cluster: cluster.clone(), amount: ore(pending_ore), lines: pending_lines });
        }
        for s in spent {
            let item = |date| Item {
                date,
                direction: Direction::Out,
                source: 1,
                order: s.row,
                kind: EntryKind::Spending(s.kind),
                amount: s.amount,
                spending: Some(*s),
            };
            match s.status {
                SpendingStatus::Paid if s.date >= start => booked.push(item(s.date)),
                SpendingStatus::Paid => {}
                SpendingStatus::Requested => ahead.push(item(s.date.max(today))),
            }
        }
        booked.sort_by_key(Item::key);
        ahead.sort_by_key(Item::key);

        // LED-ENTRIES, LED-BALANCE.
        let mut balance = opening;
        for item in &booked {
            balance += item.signed_ore();
            let mut entry = item.entry(cluster, balance);
            if item.source == 1 && balance < 0 {
                entry.overdraft = Some(ore(-balance));
            }
            self.entries.push(entry);
        }

        // LED-YEAR.
        let mut year_open = opening;
        let mut items = booked.iter().peekable();
        for year in start.year()..=today.year() {
            let mut summary = YearSummary {
                cluster: cluster.clone(),
                year,
                opening: ore(year_open),
                startup_fees: Dkk::ZERO,
                annual_grants: Dkk::ZERO,
                out: [Dkk::ZERO; 6],
                closing: Dkk::ZERO,
            };
            let mut sums = [0i128; 8];
            while let Some(item) = items.next_if(|i| i.date.year() == year) {
                let slot = match item.kind {
                    EntryKind::Line(LineKind::StartupFee) => 0,
                    EntryKind::Line(LineKind::AnnualGrant) => 1,
                    EntryKind::Line(LineKind::Clawback) => 2,
                    EntryKind::Spending(kind) => {
                        3 + SpendingKind::CODES.iter().position(|(_, k)| *k == kind).unwrap_or(4)
                    }
                };
                if let Some(sum) = sums.get_mut(slot) {
                    *sum += item.amount.ore();
                }
                year_open += item.signed_ore();
            }
            let [fees, grants, claws, refund, meeting, honorarium, consultant, other] = sums;
            summary.startup_fees = ore(fees);
            summary.annual_grants = ore(grants);
            summary.out = [ore(claws), ore(refund), ore(meeting), ore(honorarium), ore(consultant), ore(other)];
            summary.closing = ore(year_open);
            self.years.push(summary);
        }

        // LED-PLAN: the balance at the end of each day ahead, then each requested spending's
        // cover.
        let mut running = balance;
        let mut after: Vec<i128> = Vec::with_capacity(ahead.len());
        for item in &ahead {
            running += item.signed_ore();
            after.push(running);
        }
        // For each entry, the end of its day: the balance after the day's last entry.
        let mut end_of_day = after.clone();
        for i in (0..ahead.len().saturating_sub(1)).rev() {
            if let (Some(a), Some(b)) = (ahead.get(i), ahead.get(i + 1))
                && a.date == b.date
                && let Some(next) = end_of_day.get(i + 1).copied()
                && let Some(slot) = end_of_day.get_mut(i)
            {
                *slot = next;
            }
        }
        // For each entry, the first entry at or after it whose day ends at zero or more.
        let mut first_covered: Vec<Option<NaiveDate>> = vec![None; ahead.len()];
        let mut next: Option<NaiveDate> = None;
        for i in (0..ahead.len()).rev() {
            if end_of_day.get(i).is_some_and(|b| *b >= 0) {
                next = ahead.get(i).map(|a| a.date);
            }
            if let Some(slot) = first_covered.get_mut(i) {
                *slot = next;
            }
        }
        for (i, item) in ahead.iter().enumerate() {
            let balance = after.get(i).copied().unwrap_or(0);
            let mut entry = item.entry(cluster, balance);
            if item.source == 1 {
                let covered = balance >= 0;
                entry.covered = Some(covered);
                if !covered {
                    entry.shortfall = Some(ore(item.amount.ore().min(-balance)));
                    entry.covered_from = first_covered.get(i).copied().flatten();
                }
            }
            self.plan.push(entry);
        }
    }

    /// This ledger with only `cluster`'s entries, pending lines, plan and years.
    pub fn of_cluster(&self, cluster: &ClusterId) -> Ledger {
        Ledger {
            today: self.today,
            entries: self.entries.iter().filter(|e| e.cluster == *cluster).cloned().collect(),
            pending: self.pending.iter().filter(|p| p.cluster == *cluster).cloned().collect(),
            plan: self.plan.iter().filter(|e| e.cluster == *cluster).cloned().collect(),
            years: self.years.iter().filter(|y| y.cluster == *cluster).cloned().collect(),
        }
    }

    /// The clusters the ledger has, sorted.
    pub fn clusters(&self) -> Vec<&ClusterId> {
        let mut clusters: Vec<&ClusterId> = self.years.iter().map(|y| &y.cluster).collect();
        clusters.dedup();
        clusters
    }

    /// The balance of `cluster` on *today*: after its last entry, or its opening balance.
    pub fn balance(&self, cluster: &ClusterId) -> Option<Dkk> {
        self.years.iter().rev().find(|y| y.cluster == *cluster).map(|y| y.closing)
    }
}

impl GrantReport {
    /// LED-*: the ledger of this report's clusters on `today` with `spendings` and opening
    /// balances (see [`Ledger::new`]).
    pub fn ledger(
        &self,
        spendings: &Spendings,
        today: NaiveDate,
        openings: &[Opening],
    ) -> Result<Ledger, ValidationErrors> {
        Ledger::new(self, spendings, today, openings)
    }
}

impl crate::scenario::Scenario {
    /// LED-*: the grant years a ledger on `today` needs by default: from the earliest founding
    /// of the scenario's clusters (or an earlier opening balance's year) to `today`'s year. One
    /// choice for every caller (the `ledger` example, the host apps).
    pub fn ledger_years(&self, today: NaiveDate, openings: &[Opening]) -> (i32, i32) {
        let founded = self.clusters().iter().map(|c| c.founded.year());
        let opened = openings.iter().map(|o| o.date.year());
        let first = founded.chain(opened).min().unwrap_or(today.year());
        (first, today.year().max(first))
    }

    /// LED-*: the ledger of this scenario's grants with `parameters` over `years` (default
    /// [`Scenario::ledger_years`](crate::scenario::Scenario::ledger_years)) on `today`, with `spendings` and opening balances. A grant
    /// year without a rate or a count keeps its fees and clawbacks; its annual grants are left
    /// out and listed (as a calendar and a reconciliation do).
    pub fn ledger(
        &self,
        parameters: &crate::grants::Parameters,
        years: Option<(i32, i32)>,
        spendings: &Spendings,
        today: NaiveDate,
        openings: &[Opening],
    ) -> Result<(Ledger, Vec<crate::grants::LeftOut>), ValidationErrors> {
        let (first, last) = years.unwrap_or_else(|| self.ledger_years(today, openings));
        let (report, left_out) = self.grants_known(parameters, first, last)?;
        Ok((report.ledger(spendings, today, openings)?, left_out))
    }
}
