//! The coordinator's calendar (CAL-EVENTS, CAL-ICS): what a coordinator or treasurer must do,
//! and what money rides on it, from a day *today* on — registration deadlines, payouts and the
//! weeks until the money arrives, first anniversaries before which leaving costs the startup
//! fee, and the money held back until completion is declared.
//!
//! The calendar is made from the very lines of the grant report (the computation hands its
//! lines to the calendar as it makes them; no rule is implemented twice). It never fails on a
//! missing rate or patient count: the cluster then has no lines of that grant year, and its
//! registration deadline says why. Date arithmetic lives in [`crate::dates`].
//!
//! ```
//! use chrono::NaiveDate;
//! let today = NaiveDate::from_ymd_opt(2025, 11, 27).unwrap();
//! let calendar = klynge::sample::national().calendar(today, None)?;
//! let first = &calendar.events()[0];
//! assert!(first.date >= today);
//! assert!(calendar.events().iter().all(|e| e.date <= NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()));
//! println!("{}", first.text_en);
//! # Ok::<(), klynge::ValidationErrors>(())
//! ```

mod events;
mod ics;
pub mod text;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::dates::check_date;
use crate::grants::{Parameters, Payer};
use crate::ids::{ClusterId, Ydernummer};
use crate::money::Dkk;
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;
use crate::scenario::Scenario;

pub use ics::Language;

/// What an event is, in the order CAL-EVENTS lists them on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// GR-ANNUAL-PLO: 31 January of a PLO-scheme year; the members on that day count.
    RegistrationDeadline,
    /// GR-PAYDATE: money paid (or repaid) on a day, by one payer.
    Payout,
    /// GR-CLAWBACK: the first anniversary of a membership; leaving before it costs the fee.
    Anniversary,
    /// CMP-PAYOUT: a cluster not yet complete, and the money held back until it is.
    Completion,
    /// GR-RATE or MEM-PATIENTS: a cluster's annual grants of a grant year left out, for want of
    /// the year's rate or a practice's count (its startup fees and clawbacks stay).
    LeftOut,
}

impl EventKind {
    /// Every kind, in CAL-EVENTS' order.
    pub const ALL: [EventKind; 5] = [
        EventKind::RegistrationDeadline,
        EventKind::Payout,
        EventKind::Anniversary,
        EventKind::Completion,
        EventKind::LeftOut,
    ];

    /// The name docs/formats.md uses: `registration_deadline`, `payout`, `anniversary`,
    /// `completion`, `left_out`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventKind::RegistrationDeadline => "registration_deadline",
            EventKind::Payout => "payout",
            EventKind::Anniversary => "anniversary",
            EventKind::Completion => "completion",
            EventKind::LeftOut => "left_out",
        }
    }

    /// The rule the event comes from.
    pub const fn rule(self) -> Rule {
        match self {
            EventKind::RegistrationDeadline => Rule::GrAnnualPlo,
            EventKind::Payout => Rule::GrPaydate,
            EventKind::Anniversary => Rule::GrClawback,
            EventKind::Completion => Rule::CmpPayout,
            // Where the rate is there, a count is what is missing: the event says MEM-PATIENTS.
            EventKind::LeftOut => Rule::GrRate,
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an event has no amount: an input the rules need was not given (nothing is assumed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// GR-RATE: no rate for the grant year (and, where any, no count for these practices).
    Rate {
        /// The grant year.
        year: i32,
        /// The practices without a count for the year as well (often none).
        practices: Vec<Ydernummer>,
    },
    /// MEM-PATIENTS: no group-1 patient count for these practices in the grant year.
    Patients {
        /// The grant year.
        year: i32,
        /// The practices.
        practices: Vec<Ydernummer>,
    },
}

/// One event of the calendar (docs/formats.md "Calendar").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// The day.
    pub date: NaiveDate,
    /// The cluster.
    pub cluster: ClusterId,
    /// What happens.
    pub kind: EventKind,
    /// The practice concerned (an anniversary), if one is.
    pub ydernummer: Option<Ydernummer>,
    /// The amount at stake: paid (negative where repaid) for a payout, the fee for an
    /// anniversary, the grants for a deadline, the money held back for a completion.
    pub amount: Option<Dkk>,
    /// Why there is no amount, where there is none.
    pub reason: Option<Unknown>,
    /// Who pays: the payer of a payout, or of the fee an anniversary concerns.
    pub payer: Option<Payer>,
    /// A payout's window: when the money is expected on the cluster's account (CMP-PAYOUT).
    pub window: Option<(NaiveDate, NaiveDate)>,
    /// The rule the event comes from.
    pub rule: Rule,
    /// What the event means, in English.
    pub text_en: String,
    /// What the event means, in Danish.
    pub text_da: String,
    /// The grant year a `left_out` event is about (not in the JSON: its reason names it).
    pub grant_year: Option<i32>,
}

impl CalendarEvent {
    /// CAL-ICS: the event's stable identity, from its cluster, kind, practice and date (and a
    /// payout's payer, as two payers can pay on one day): a newer calendar with the same event
    /// updates it instead of adding another. The completion reminder moves with *today*, so its
    /// identity leaves the date out.
    pub fn uid(&self) -> String {
        let practice = self.ydernummer.map_or_else(|| "-".to_owned(), |y| y.to_string());
        let date = self.date.format("%Y%m%d");
        match (self.kind, self.payer) {
            (EventKind::Completion, _) => format!("{}.{}@klynge", self.cluster, self.kind),
            // Dated today like the completion reminder, one per grant year.
            (EventKind::LeftOut, _) => {
                format!("{}.{}.{}@klynge", self.cluster, self.kind, self.grant_year.unwrap_or_default())
            }
            (EventKind::Payout, Some(payer)) => {
                format!("{}.{}.{practice}.{date}.{payer}@klynge", self.cluster, self.kind)
            }
            _ => format!("{}.{}.{practice}.{date}@klynge", self.cluster, self.kind),
        }
    }

    /// The sort key of CAL-EVENTS: date, cluster, kind, practice (none first); a payout's payer
    /// (`plo` before `region`) decides between two payouts of one day.
    fn order(&self) -> (NaiveDate, &ClusterId, EventKind, Option<Ydernummer>, Option<&'static str>, Option<i32>) {
        (self.date, &self.cluster, self.kind, self.ydernummer, self.payer.map(Payer::as_str), self.grant_year)
    }
}

/// A coordinator's calendar: the events from `today` to `last`, both included, sorted as
/// CAL-EVENTS says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    today: NaiveDate,
    last: NaiveDate,
    events: Vec<CalendarEvent>,
    /// The clusters' names, where the scenario gives them, for titles (CAL-ICS).
    names: BTreeMap<ClusterId, String>,
}

impl Calendar {
    /// The first day covered.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The last day covered.
    pub fn last(&self) -> NaiveDate {
        self.last
    }

    /// The events, sorted by date, cluster, kind and practice.
    pub fn events(&self) -> &[CalendarEvent] {
        &self.events
    }

    /// The name of `cluster` where its scenario gives one.
    pub fn cluster_name(&self, cluster: &ClusterId) -> Option<&str> {
        self.names.get(cluster).map(String::as_str)
    }

    /// The events as docs/formats.md's JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.events).unwrap_or_default()
    }

    /// CAL-ICS: the calendar as iCalendar text (RFC 5545), one all-day event per event, in
    /// `language`.
    pub fn to_ics(&self, language: Language) -> String {
        ics::write(self, language)
    }
}

/// CAL-EVENTS: a calendar's days are in the supported years, and the last is not before today.
fn check_days(today: NaiveDate, last: NaiveDate) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    errors.check("today", check_date(today, Rule::CalEvents));
    errors.check("until", check_date(last, Rule::CalEvents));
    if last < today {
        errors.push(Problem::new(
            "until",
            Rule::CalEvents,
            format!("the last day {last} is before today {today}"),
            format!("den sidste dag {last} ligger før i dag {today}"),
        ));
    }
    errors.into_result(())
}

/// CAL-EVENTS: the calendar of `scenario` with `parameters`, from `today` to `last` (default:
/// 31 December of the year after `today`, at most of the last supported year), both included. Its lines are those of every grant
/// year from the scenario's earliest founding year to the last day's year.
pub fn calendar(
    scenario: &Scenario,
    parameters: &Parameters,
    today: NaiveDate,
    last: Option<NaiveDate>,
) -> Result<Calendar, ValidationErrors> {
    let last = match last {
        Some(last) => last,
        None => {
            // The default end comes from a valid `today` and stays in the supported years, so a
            // `today` outside them is the one problem reported.
            let today = check_date(today, Rule::CalEvents).map_err(|e| Problem::at("today", &e))?;
            let next_year = today.year().saturating_add(1).min(crate::dates::LAST_YEAR);
            NaiveDate::from_ymd_opt(next_year, 12, 31).unwrap_or(today)
        }
    };
    check_days(today, last)?;
    let mut events = events::events(scenario, parameters, today, last)?;
    events.sort_by(|a, b| a.order().cmp(&b.order()));
    let c = scenario.compiled();
    let names = c
        .cluster_ids
        .iter()
        .zip(&c.cluster_details)
        .filter_map(|(id, details)| Some((id.clone(), details.name.as_deref()?.to_owned())))
        .collect();
    Ok(Calendar { today, last, events, names })
}

impl Scenario {
    /// CAL-EVENTS: the calendar from `today` to `last` (default: 31 December of the next year)
    /// with the official parameters and the scenario's own rates.
    pub fn calendar(&self, today: NaiveDate, last: Option<NaiveDate>) -> Result<Calendar, ValidationErrors> {
        calendar(self, &Parameters::official(), today, last)
    }

    /// CAL-EVENTS: the calendar with the given parameters (see [`calendar()`]).
    pub fn calendar_with(
        &self,
        parameters: &Parameters,
        today: NaiveDate,
        last: Option<NaiveDate>,
    ) -> Result<Calendar, ValidationErrors> {
        calendar(self, parameters, today, last)
    }
}

impl Serialize for CalendarEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Window {
            from: NaiveDate,
            until: NaiveDate,
        }
        let mut s = serializer.serialize_struct("CalendarEvent", 11)?;
        s.serialize_field("date", &self.date)?;
        s.serialize_field("cluster", &self.cluster)?;
        s.serialize_field("kind", self.kind.as_str())?;
        s.serialize_field("ydernummer", &self.ydernummer)?;
        s.serialize_field("amount", &self.amount)?;
        s.serialize_field("reason", &self.reason.as_ref().map(|r| r.text(Language::English)))?;
        s.serialize_field("payer", &self.payer)?;
        s.serialize_field("window", &self.window.map(|(from, until)| Window { from, until }))?;
        s.serialize_field("rule", &self.rule)?;
        s.serialize_field("text_en", &self.text_en)?;
        s.serialize_field("text_da", &self.text_da)?;
        s.end()
    }
}
