//! CAL-EVENTS: the events of a calendar, made from the lines a computation hands over.
//!
//! The computation runs over every grant year from the scenario's earliest founding year to
//! the last day's year, handing each line to [`Gather`]. A cluster's grant year that lacked a
//! rate or a count loses its annual-grant lines (its fees and clawbacks stay) and is
//! remembered, so that its registration deadline and a `left_out` event can say why. What is kept is summed per payout, per registration deadline and per
//! cluster; the lines themselves are not kept.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::text::{self, Language};
use super::{CalendarEvent, EventKind, Unknown};
use crate::dates::{MembershipPeriod, anniversary, from_epoch_day};
use crate::grants::engine::{Lacking, LineSink, Made, make_lines};
use crate::grants::{CompactLine, LineKind, Parameters, Payer, Scheme, expected_window};
use crate::money::Dkk;
use crate::problem::ValidationErrors;
use crate::rule::Rule;
use crate::scenario::Scenario;

/// A line kept until its cluster's grant year is known to be whole.
struct Kept {
    line: CompactLine,
    nominal_due: NaiveDate,
    period: MembershipPeriod,
}

/// A startup fee, for the anniversary of its membership.
struct Fee {
    cluster: u32,
    practice: u32,
    period: MembershipPeriod,
    amount: Dkk,
    payer: Payer,
}

/// What the events need of the lines.
struct Gather {
    today: NaiveDate,
    /// The lines of the cluster's grant year being made.
    year: Vec<Kept>,
    /// Net øre per cluster, payout day (epoch day) and payer.
    payouts: BTreeMap<(u32, i32, Payer), i128>,
    /// GR-ANNUAL-PLO øre per cluster and grant year.
    plo: BTreeMap<(u32, i32), i128>,
    fees: Vec<Fee>,
    /// Øre of the pending lines whose nominal payout date is on or before today, per cluster.
    held: BTreeMap<u32, i128>,
    /// The cluster's grant years that lacked an input, and what.
    lacking: BTreeMap<(u32, i32), Lacking>,
}

impl LineSink for Gather {
    fn line(&mut self, line: CompactLine, made: &Made<'_>) {
        self.year.push(Kept { line, nominal_due: made.nominal_due, period: made.membership.period });
    }

    fn year_done(&mut self, cluster: u32, year: i32, lacking: &Lacking) {
        if !lacking.is_empty() {
            // CAL-EVENTS: a grant year whose rate or a count is not known has no annual-grant
            // lines; its startup fees and clawbacks, which need neither, stay.
            self.year.retain(|kept| kept.line.kind() != LineKind::AnnualGrant);
            self.lacking.insert((cluster, year), lacking.clone());
        }
        for Kept { line, nominal_due, period } in std::mem::take(&mut self.year) {
            let ore = line.amount().ore();
            if let Some(day) = line.due_epoch_day() {
                *self.payouts.entry((cluster, day, line.payer())).or_default() += ore;
            }
            // Held back: due by its nominal date, not paid by today for want of completion
            // (pending, or waiting for a completion dated after today).
            if nominal_due <= self.today && line.due().is_none_or(|due| due > self.today) {
                *self.held.entry(cluster).or_default() += ore;
            }
            if line.rule() == Rule::GrAnnualPlo {
                *self.plo.entry((cluster, year)).or_default() += ore;
            }
            if line.kind() == LineKind::StartupFee {
                let (practice, amount, payer) = (line.practice_index() as u32, line.amount(), line.payer());
                self.fees.push(Fee { cluster, practice, period, amount, payer });
            }
        }
    }
}

/// What a cluster's grant year lacked, as an event's reason.
fn unknown(year: i32, lacking: &Lacking) -> Unknown {
    match lacking.rate {
        true => Unknown::Rate { year, practices: lacking.patients.clone() },
        false => Unknown::Patients { year, practices: lacking.patients.clone() },
    }
}

/// Øre as kroner; a calendar's sums are of bounded lines and fit.
fn kroner(ore: i128) -> Dkk {
    Dkk::round_ratio(ore, 1).unwrap_or(Dkk::ZERO)
}

/// The events from `today` to `last` (not yet sorted).
pub(super) fn events(
    scenario: &Scenario,
    parameters: &Parameters,
    today: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<CalendarEvent>, ValidationErrors> {
    let c = scenario.compiled();
    let Some(first_year) = c.clusters.iter().map(|k| k.founded.year()).min() else { return Ok(Vec::new()) };
    let mut gather = Gather {
        today,
        year: Vec::new(),
        payouts: BTreeMap::new(),
        plo: BTreeMap::new(),
        fees: Vec::new(),
        held: BTreeMap::new(),
        lacking: BTreeMap::new(),
    };
    // Missing inputs are not errors here: they are what `lacking` gathered.
    make_lines(scenario, parameters, first_year.min(last.year()), last.year(), &mut gather)?;

    let in_range = |day: NaiveDate| today <= day && day <= last;
    let names: Vec<String> = (0..c.cluster_ids.len())
        .map(|i| {
            let id = c.cluster_ids.get(i).map_or("", |id| id.as_str());
            match c.cluster_details.get(i).and_then(|d| d.name.as_deref()) {
                Some(name) => format!("{name} ({id})"),
                None => id.to_owned(),
            }
        })
        .collect();
    let name = |cluster: u32| names.get(cluster as usize).map_or("", String::as_str);
    let id = |cluster: u32| c.cluster_ids.get(cluster as usize).cloned().unwrap_or(crate::ids::ClusterId::NONE);
    let mut events = Vec::new();
    let event = |date, cluster: u32, kind: EventKind, texts: (String, String)| CalendarEvent {
        date,
        cluster: id(cluster),
        kind,
        ydernummer: None,
        amount: None,
        reason: None,
        payer: None,
        window: None,
        rule: kind.rule(),
        text_en: texts.0,
        text_da: texts.1,
        grant_year: None,
    };
    let both = |f: &dyn Fn(Language) -> String| (f(Language::English), f(Language::Danish));

    // 1. Registration deadlines of the PLO-scheme years (GR-ANNUAL-PLO).
    for year in today.year()..=last.year() {
        let Some(deadline) = parameters.plo_snapshot.in_year(year).filter(|d| in_range(*d)) else { continue };
        if parameters.scheme(year) != Scheme::Plo {
            continue;
        }
        for (k, cluster) in c.clusters.iter().enumerate() {
            let k = k as u32;
            if cluster.founded > deadline {
                continue;
            }
            let (amount, reason) = match gather.lacking.get(&(k, year)) {
                Some(lacking) => (None, Some(unknown(year, lacking))),
                None => (Some(kroner(gather.plo.get(&(k, year)).copied().unwrap_or(0))), None),
            };
            let texts = both(&|l| text::deadline(l, name(k), year, amount, reason.as_ref()));
            events.push(CalendarEvent { amount, reason, ..event(deadline, k, EventKind::RegistrationDeadline, texts) });
        }
    }

    // 2. Payouts, per cluster, day and payer, with the weeks until the money arrives.
    for (&(k, day, payer), &net) in &gather.payouts {
        let Some(date) = from_epoch_day(day).filter(|d| in_range(*d)) else { continue };
        if net == 0 {
            continue;
        }
        // CMP-PAYOUT: the region's 2 to 4 weeks after the payout date, PLO's on the day; a
        // repayment (the net is the cluster's to pay) has no such window.
        let window = expected_window(payer, date);
        let amount = kroner(net);
        let texts = both(&|l| text::payout(l, name(k), amount, payer, window));
        events.push(CalendarEvent {
            amount: Some(amount),
            payer: Some(payer),
            window: (net > 0).then_some(window),
            ..event(date, k, EventKind::Payout, texts)
        });
    }

    // 3. First anniversaries of ongoing memberships with a startup fee (GR-CLAWBACK).
    let transfer_counts = c.policy.clawback_on_transfer;
    for fee in &gather.fees {
        let date = anniversary(fee.period.joined());
        if !fee.period.contains(today) || date <= today || !in_range(date) {
            continue;
        }
        let ydernummer = c.practices.get(fee.practice as usize).copied();
        let practice = ydernummer.map(|y| y.to_string()).unwrap_or_default();
        let texts = both(&|l| text::anniversary(l, name(fee.cluster), &practice, fee.amount, transfer_counts));
        events.push(CalendarEvent {
            ydernummer,
            amount: Some(fee.amount),
            payer: Some(fee.payer),
            ..event(date, fee.cluster, EventKind::Anniversary, texts)
        });
    }

    // 4. Clusters founded and not complete today (a completion dated later is not yet
    //    declared): the money held back (CMP-PAYOUT).
    for (k, cluster) in c.clusters.iter().enumerate() {
        let k = k as u32;
        if cluster.founded > today || cluster.completed.is_some_and(|d| d <= today) {
            continue;
        }
        let amount = kroner(gather.held.get(&k).copied().unwrap_or(0));
        let texts = both(&|l| text::completion(l, name(k), amount));
        events.push(CalendarEvent { amount: Some(amount), ..event(today, k, EventKind::Completion, texts) });
    }

    // 5. Annual grants left out for want of a rate or a count, dated today: no grant year
    //    disappears without a word.
    for (&(k, year), lacking) in &gather.lacking {
        let reason = unknown(year, lacking);
        let texts = both(&|l| text::left_out(l, name(k), year, &reason));
        let rule = if lacking.rate { Rule::GrRate } else { Rule::MemPatients };
        events.push(CalendarEvent {
            reason: Some(reason),
            rule,
            grant_year: Some(year),
            ..event(today, k, EventKind::LeftOut, texts)
        });
    }
    Ok(events)
}
