//! REC-MATCH and REC-BALANCE: matching expected transfers with bookings, one to one and
//! deterministically, and the sums that show the result reconciles to the øre.
//!
//! Bookings are indexed by cluster, direction and named payer (and, for exact matches,
//! amount), each index sorted by date and row; a "next unused" pointer per index skips used
//! bookings in amortised constant time, so matching is O(n log n) however long the statement.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Balance, Booking, Difference, Direction, ExpectedTransfer, Matched, Reconciliation};
use crate::grants::Payer;
use crate::ids::ClusterId;
use crate::money::Dkk;

/// Bookings of one kind, sorted by date and row, taken one by one.
struct Queue<'b> {
    bookings: &'b [Booking],
    /// Indices into `bookings`, by (date, row).
    items: Vec<usize>,
    /// For each position, the next position that may be unused (a pointer with compression).
    next: Vec<usize>,
}

impl<'b> Queue<'b> {
    fn new(bookings: &'b [Booking], mut items: Vec<usize>) -> Self {
        items.sort_by_key(|i| bookings.get(*i).map(|b| (b.date, b.row)));
        let next = (0..=items.len()).collect();
        Queue { bookings, items, next }
    }

    /// The first position at or after `position` whose booking is unused here.
    fn unused_from(&mut self, position: usize) -> usize {
        let mut root = position;
        while let Some(&up) = self.next.get(root) {
            if up == root {
                break;
            }
            root = up;
        }
        // Compress the path walked.
        let mut at = position;
        while let Some(up) = self.next.get_mut(at) {
            if *up == root {
                break;
            }
            at = std::mem::replace(up, root);
        }
        root
    }

    /// The earliest unused booking dated within `window`: its position and (date, row).
    fn earliest(&mut self, window: (NaiveDate, NaiveDate), used: &[bool]) -> Option<(usize, (NaiveDate, usize))> {
        let bookings = self.bookings;
        let start = self.items.partition_point(|i| bookings.get(*i).is_some_and(|b| b.date < window.0));
        let mut position = self.unused_from(start);
        loop {
            let index = *self.items.get(position)?;
            let booking = bookings.get(index)?;
            if booking.date > window.1 {
                return None;
            }
            if !used.get(index).copied().unwrap_or(true) {
                return Some((position, (booking.date, booking.row)));
            }
            // Used through another queue: skip it here too.
            self.take(position);
            position = self.unused_from(position);
        }
    }

    /// Marks the booking at `position` used in this queue.
    fn take(&mut self, position: usize) {
        if let Some(up) = self.next.get_mut(position) {
            *up = position + 1;
        }
    }

    fn index(&self, position: usize) -> Option<usize> {
        self.items.get(position).copied()
    }
}

/// The queues a transfer of `payer` may take bookings from: those naming no payer and those
/// naming it.
fn candidates<K: Ord + Clone>(
    queues: &mut BTreeMap<K, Queue<'_>>,
    keys: [K; 2],
    window: (NaiveDate, NaiveDate),
    used: &mut [bool],
) -> Option<usize> {
    let mut best: Option<(K, usize, (NaiveDate, usize))> = None;
    for key in keys {
        if let Some(queue) = queues.get_mut(&key)
            && let Some((position, order)) = queue.earliest(window, used)
            && best.as_ref().is_none_or(|(_, _, b)| order < *b)
        {
            best = Some((key, position, order));
        }
    }
    let (key, position, _) = best?;
    let queue = queues.get_mut(&key)?;
    let index = queue.index(position)?;
    queue.take(position);
    if let Some(flag) = used.get_mut(index) {
        *flag = true;
    }
    Some(index)
}

/// A booking's amount in its direction: positive either way.
fn magnitude(booking: &Booking) -> i128 {
    booking.amount.ore().abs()
}

fn kroner(ore: i128) -> Dkk {
    Dkk::round_ratio(ore, 1).unwrap_or(Dkk::ZERO)
}

/// REC-MATCH: `expected` (in REC-MATCH's order) against `bookings`, on `today`.
pub(super) fn reconcile(expected: Vec<ExpectedTransfer>, bookings: &[Booking], today: NaiveDate) -> Reconciliation {
    let mut used = vec![false; bookings.len()];
    let direction = |b: &Booking| Direction::of(b.amount);
    type Exact = (ClusterId, Direction, i128, Option<Payer>);
    type Any = (ClusterId, Direction, Option<Payer>);

    // 1. Each expected transfer takes the earliest unused booking of exactly its amount inside
    //    its window (the first by row among equals).
    let mut exact: BTreeMap<Exact, Vec<usize>> = BTreeMap::new();
    for (i, b) in bookings.iter().enumerate() {
        exact.entry((b.cluster.clone(), direction(b), magnitude(b), b.payer)).or_default().push(i);
    }
    let mut exact: BTreeMap<Exact, Queue<'_>> =
        exact.into_iter().map(|(k, items)| (k, Queue::new(bookings, items))).collect();
    let mut settled: Vec<Option<usize>> = Vec::with_capacity(expected.len());
    for e in &expected {
        let key = |payer| (e.cluster.clone(), e.direction, e.amount.ore(), payer);
        settled.push(candidates(&mut exact, [key(None), key(Some(e.payer))], e.window, &mut used));
    }
    let exactly: Vec<bool> = settled.iter().map(Option::is_some).collect();

    // 2. Each expected transfer left takes the earliest unused booking inside its window.
    let mut any: BTreeMap<Any, Vec<usize>> = BTreeMap::new();
    for (i, b) in bookings.iter().enumerate().filter(|(i, _)| !used.get(*i).copied().unwrap_or(true)) {
        any.entry((b.cluster.clone(), direction(b), b.payer)).or_default().push(i);
    }
    let mut any: BTreeMap<Any, Queue<'_>> =
        any.into_iter().map(|(k, items)| (k, Queue::new(bookings, items))).collect();
    for (e, slot) in expected.iter().zip(settled.iter_mut()) {
        if slot.is_none() {
            let key = |payer| (e.cluster.clone(), e.direction, payer);
            *slot = candidates(&mut any, [key(None), key(Some(e.payer))], e.window, &mut used);
        }
    }

    // 3. What is left: missing or not yet due; and what was booked for nothing.
    let mut result = Reconciliation {
        today,
        matched: Vec::new(),
        differences: Vec::new(),
        missing: Vec::new(),
        not_yet_due: Vec::new(),
        unexpected: Vec::new(),
        balance: Vec::new(),
        left_out: None,
    };
    let mut sums: BTreeMap<(ClusterId, Direction), [i128; 8]> = BTreeMap::new();
    // [expected, booked, matched, differences' expected, differences' booked, missing, not yet due, unexpected]
    for ((e, slot), exact) in expected.into_iter().zip(settled).zip(exactly) {
        let row = sums.entry((e.cluster.clone(), e.direction)).or_default();
        row[0] += e.amount.ore();
        match slot.and_then(|i| bookings.get(i)) {
            Some(booked) if exact => {
                row[1] += magnitude(booked);
                row[2] += e.amount.ore();
                result.matched.push(Matched { expected: e, booked: booked.clone() });
            }
            Some(booked) => {
                row[1] += magnitude(booked);
                row[3] += e.amount.ore();
                row[4] += magnitude(booked);
                let difference = kroner(magnitude(booked) - e.amount.ore());
                result.differences.push(Difference { expected: e, booked: booked.clone(), difference });
            }
            None if e.window.1 < today => {
                row[5] += e.amount.ore();
                result.missing.push(e);
            }
            None => {
                row[6] += e.amount.ore();
                result.not_yet_due.push(e);
            }
        }
    }
    for (booked, _) in bookings.iter().zip(&used).filter(|(_, used)| !**used) {
        let row = sums.entry((booked.cluster.clone(), direction(booked))).or_default();
        row[1] += magnitude(booked);
        row[7] += magnitude(booked);
        result.unexpected.push(booked.clone());
    }
    result.balance = sums
        .into_iter()
        .map(|((cluster, direction), s)| Balance {
            cluster,
            direction,
            expected: kroner(s[0]),
            booked: kroner(s[1]),
            matched: kroner(s[2]),
            differences_expected: kroner(s[3]),
            differences_booked: kroner(s[4]),
            missing: kroner(s[5]),
            not_yet_due: kroner(s[6]),
            unexpected: kroner(s[7]),
        })
        .collect();
    result
}
