//! CAL-ICS: the calendar as iCalendar (RFC 5545), written with the `icalendar` crate: one
//! all-day event per calendar event, in Danish or English, whose UID comes from the event
//! ([`CalendarEvent::uid`]), so that importing a newer calendar into Outlook or Google Calendar
//! updates the events instead of doubling them.

use icalendar::{Calendar as Ics, Component, Event, Property};

use super::text;
use super::{Calendar, CalendarEvent, EventKind};

pub use super::text::Language;

/// The one-line title of an event.
fn summary(event: &CalendarEvent, cluster: &str, language: Language) -> String {
    let amount = event.amount.map(|a| format!(": {}", text::kroner(a, language))).unwrap_or_default();
    let repays = event.amount.is_some_and(crate::money::Dkk::is_negative);
    let repaid = event.amount.map(|a| format!(": {}", text::kroner(a.abs(), language))).unwrap_or_default();
    match (event.kind, language) {
        (EventKind::RegistrationDeadline, Language::English) => format!("Registration deadline, {cluster}{amount}"),
        (EventKind::RegistrationDeadline, Language::Danish) => format!("Tilmeldingsfrist, {cluster}{amount}"),
        // A negative net is money the cluster repays: the title says so, with the amount repaid.
        (EventKind::Payout, Language::English) if repays => format!("Repayment, {cluster}{repaid}"),
        (EventKind::Payout, Language::Danish) if repays => format!("Tilbagebetaling, {cluster}{repaid}"),
        (EventKind::Payout, Language::English) => format!("Payout, {cluster}{amount}"),
        (EventKind::Payout, Language::Danish) => format!("Udbetaling, {cluster}{amount}"),
        (EventKind::Anniversary, Language::English) => {
            format!(
                "First anniversary {}, {cluster}{amount}",
                event.ydernummer.map(|y| y.to_string()).unwrap_or_default()
            )
        }
        (EventKind::Anniversary, Language::Danish) => {
            format!("Etårsdag {}, {cluster}{amount}", event.ydernummer.map(|y| y.to_string()).unwrap_or_default())
        }
        (EventKind::Completion, Language::English) => format!("Declare completion, {cluster}{amount}"),
        (EventKind::Completion, Language::Danish) => format!("Færdigmeld, {cluster}{amount}"),
        (EventKind::LeftOut, Language::English) => {
            format!("Grants left out: grant year {}, {cluster}", event.grant_year.unwrap_or_default())
        }
        (EventKind::LeftOut, Language::Danish) => {
            format!("Tilskud udeladt: tilskudsår {}, {cluster}", event.grant_year.unwrap_or_default())
        }
    }
}

/// The event's category, in the calendar's language (a repayment is no payout).
fn category(event: &CalendarEvent, language: Language) -> &'static str {
    let repays = event.amount.is_some_and(crate::money::Dkk::is_negative);
    match (event.kind, language) {
        (EventKind::RegistrationDeadline, Language::English) => "Registration deadline",
        (EventKind::RegistrationDeadline, Language::Danish) => "Tilmeldingsfrist",
        (EventKind::Payout, Language::English) if repays => "Repayment",
        (EventKind::Payout, Language::Danish) if repays => "Tilbagebetaling",
        (EventKind::Payout, Language::English) => "Payout",
        (EventKind::Payout, Language::Danish) => "Udbetaling",
        (EventKind::Anniversary, Language::English) => "First anniversary",
        (EventKind::Anniversary, Language::Danish) => "Etårsdag",
        (EventKind::Completion, Language::English) => "Completion",
        (EventKind::Completion, Language::Danish) => "Færdigmelding",
        (EventKind::LeftOut, Language::English) => "Grants left out",
        (EventKind::LeftOut, Language::Danish) => "Udeladte tilskud",
    }
}

/// A date property of an all-day event (`VALUE=DATE`).
fn date(name: &str, day: chrono::NaiveDate) -> Property {
    Property::new(name, day.format("%Y%m%d").to_string()).add_parameter("VALUE", "DATE").done()
}

/// The calendar as iCalendar text.
pub(super) fn write(calendar: &Calendar, language: Language) -> String {
    let mut ics = Ics::empty();
    ics.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//klynge//coordinator calendar//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"));
    let name = match language {
        Language::English => "Cluster calendar",
        Language::Danish => "Klyngekalender",
    };
    ics.name(name);
    // The stamp is the calendar's own day, so that the same calendar is the same text.
    let stamp = calendar.today().format("%Y%m%dT000000Z").to_string();
    for event in calendar.events() {
        let description = match language {
            Language::English => &event.text_en,
            Language::Danish => &event.text_da,
        };
        let next = event.date.succ_opt().unwrap_or(event.date);
        let item = Event::new()
            .uid(&event.uid())
            .add_property("DTSTAMP", stamp.as_str())
            .append_property(date("DTSTART", event.date))
            .append_property(date("DTEND", next))
            .summary(&summary(event, calendar.cluster_name(&event.cluster).unwrap_or(event.cluster.as_str()), language))
            .description(description)
            .add_property("CATEGORIES", category(event, language))
            .add_property("X-KLYNGE-RULE", event.rule.id())
            .done();
        ics.push(item);
    }
    fold(&ics.to_string())
}

/// RFC 5545 3.1: content lines folded at 75 octets (the crate folds by characters, so a line
/// with æ, ø and å grew longer), a continuation starting with one space, and never inside a
/// character. The crate's own folds are undone first.
fn fold(text: &str) -> String {
    const OCTETS: usize = 75;
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 64 * 3);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let mut rest = line;
        let mut room = OCTETS;
        loop {
            if rest.len() <= room {
                out.push_str(rest);
                break;
            }
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let (head, tail) = rest.split_at(cut);
            out.push_str(head);
            out.push_str("\r\n ");
            rest = tail;
            room = OCTETS - 1;
        }
        out.push_str("\r\n");
    }
    out
}
