//! The calendar (CAL-EVENTS, CAL-ICS): the first two bytes choose today and the span, the rest
//! is scenario JSON; the events are sorted, within their days, and write as iCalendar.
#![no_main]

use klynge::NaiveDate;
use klynge::calendar::Language;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (day, rest) = klynge_fuzz::take_byte(data);
    let (span, rest) = klynge_fuzz::take_byte(rest);
    let Some(text) = klynge_fuzz::text(rest) else { return };
    let Ok(scenario) = klynge::Scenario::from_json(text) else { return };
    let Some(today) =
        NaiveDate::from_ymd_opt(2018, 1, 1).and_then(|d| d.checked_add_days(chrono_days(u64::from(day) * 31)))
    else {
        return;
    };
    let last = today.checked_add_days(chrono_days(u64::from(span) * 7));
    let Ok(calendar) = scenario.calendar(today, last) else { return };
    for pair in calendar.events().windows(2) {
        assert!(pair[0].date <= pair[1].date, "events are sorted by date");
    }
    for event in calendar.events() {
        assert!(event.date >= today && event.date <= calendar.last(), "{event:?}");
    }
    let _ = calendar.to_ics(Language::English);
});

fn chrono_days(n: u64) -> chrono::Days {
    chrono::Days::new(n)
}
