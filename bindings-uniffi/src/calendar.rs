//! The coordinator's calendar for host apps (CAL-EVENTS, CAL-ICS): the events of a registry or
//! of scenario JSON, with dates and amounts as the host's own types, and as iCalendar text to
//! hand to the platform's calendar.

use crate::codes::{EventKind, Payer, Rule};
use crate::error::KlyngeError;
use crate::grants::{RateOverride, parameters};
use crate::types::{CalendarDate, ExactDecimal};
use klynge::calendar::Language;

/// The language of a calendar's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CalendarLanguage {
    Danish,
    English,
}

impl From<CalendarLanguage> for Language {
    fn from(language: CalendarLanguage) -> Self {
        match language {
            CalendarLanguage::Danish => Language::Danish,
            CalendarLanguage::English => Language::English,
        }
    }
}

/// One event of a coordinator's calendar (docs/formats.md "Calendar").
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CalendarEvent {
    pub date: CalendarDate,
    pub cluster: String,
    pub kind: EventKind,
    /// The practice concerned (an anniversary).
    pub ydernummer: Option<String>,
    /// The amount at stake, negative where the cluster repays.
    pub amount: Option<ExactDecimal>,
    /// Why there is no amount, in English and Danish.
    pub reason_en: Option<String>,
    pub reason_da: Option<String>,
    pub payer: Option<Payer>,
    /// A payout's window (CMP-PAYOUT): when the money is expected on the cluster's account; none
    /// for a repayment.
    pub window_from: Option<CalendarDate>,
    pub window_until: Option<CalendarDate>,
    pub rule: Rule,
    pub text_en: String,
    pub text_da: String,
    /// CAL-ICS: the event's stable identity in the iCalendar text.
    pub uid: String,
}

impl From<&klynge::CalendarEvent> for CalendarEvent {
    fn from(e: &klynge::CalendarEvent) -> Self {
        CalendarEvent {
            date: e.date.into(),
            cluster: e.cluster.to_string(),
            kind: e.kind.into(),
            ydernummer: e.ydernummer.map(|y| y.to_string()),
            amount: e.amount.map(Into::into),
            reason_en: e.reason.as_ref().map(|r| r.text(Language::English)),
            reason_da: e.reason.as_ref().map(|r| r.text(Language::Danish)),
            payer: e.payer.map(Into::into),
            window_from: e.window.map(|w| w.0.into()),
            window_until: e.window.map(|w| w.1.into()),
            rule: e.rule.into(),
            text_en: e.text_en.clone(),
            text_da: e.text_da.clone(),
            uid: e.uid(),
        }
    }
}

/// The calendar of `scenario` from `today` to `until` (default: 31 December of next year).
pub(crate) fn of_scenario(
    scenario: &klynge::Scenario,
    today: &CalendarDate,
    until: Option<&CalendarDate>,
    rates: &[RateOverride],
) -> Result<klynge::Calendar, KlyngeError> {
    let today = today.get("today", klynge::Rule::CalEvents)?;
    let until = until.map(|u| u.get("until", klynge::Rule::CalEvents)).transpose()?;
    Ok(scenario.calendar_with(&parameters(rates)?, today, until)?)
}

/// CAL-EVENTS: the events of a scenario given as docs/formats.md JSON.
#[uniffi::export]
pub fn calendar_from_scenario(
    scenario_json: String,
    today: CalendarDate,
    until: Option<CalendarDate>,
    rates: Vec<RateOverride>,
) -> Result<Vec<CalendarEvent>, KlyngeError> {
    let calendar = of_scenario(&klynge::Scenario::from_json(&scenario_json)?, &today, until.as_ref(), &rates)?;
    Ok(calendar.events().iter().map(CalendarEvent::from).collect())
}

/// CAL-ICS: the calendar of a scenario given as docs/formats.md JSON, as iCalendar text.
#[uniffi::export]
pub fn calendar_ics_from_scenario(
    scenario_json: String,
    today: CalendarDate,
    until: Option<CalendarDate>,
    rates: Vec<RateOverride>,
    language: CalendarLanguage,
) -> Result<String, KlyngeError> {
    let calendar = of_scenario(&klynge::Scenario::from_json(&scenario_json)?, &today, until.as_ref(), &rates)?;
    Ok(calendar.to_ics(language.into()))
}
