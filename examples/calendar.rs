//! The coordinator's calendar (CAL-EVENTS, CAL-ICS): registration deadlines, payouts and when
//! the money arrives, first anniversaries, and the money held back until completion, from a
//! day on, as a table by month, docs/formats.md's JSON, or an iCalendar file to import.
//!
//! ```text
//! cargo run --release --example calendar -- [--scenario PATH] [--today YYYY-MM-DD]
//!     [--until YYYY-MM-DD] [--format table|json|ics] [--lang da|en]
//! ```
//!
//! Exit status: 0 on success; 2 when the arguments or the scenario do not validate (every
//! problem on standard error); 1 when a file cannot be read or output not written.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use klynge::calendar::text::{day, kroner, month};
use klynge::calendar::{Calendar, EventKind, Language};
use klynge_examples::{Failure, read_scenario};

const USAGE: &str =
    "usage: calendar [--scenario PATH] [--today YYYY-MM-DD] [--until YYYY-MM-DD] [--rate YEAR=RATE]... [--format table|json|ics] [--lang da|en]

  --scenario PATH   a scenario JSON file, or a folder of CSV tables; without it, the built-in
                    national sample (synthetic)
  --today DAY       the first day of the calendar (default: today's date, in UTC)
  --until DAY       the last day (default: 31 December of the year after --today)
  --rate YEAR=RATE  the rate per group-1 patient for a grant year, such as 2021=1.00; a year
                    without one keeps its fees, and its grants are listed as left out
  --format F        table (default: the events by month), json (docs/formats.md's calendar),
                    ics (iCalendar, to import into Outlook or Google Calendar)
  --lang L          da (default) or en: the language of the table's and the iCalendar's texts
  -h, --help        this text";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Ics,
}

struct Args {
    scenario: Option<PathBuf>,
    rates: Vec<(i32, klynge::Rate)>,
    today: NaiveDate,
    until: Option<NaiveDate>,
    format: Format,
    language: Language,
}

/// The arguments, or `None` for `--help`.
fn parse_args() -> Result<Option<Args>, Failure> {
    use lexopt::prelude::*;
    let usage = |e: lexopt::Error| Failure::usage(format!("{e}\n{USAGE}"));
    let mut parser = lexopt::Parser::from_env();
    let (mut scenario, mut today, mut until, mut format, mut language) =
        (None, None, None, Format::Table, Language::Danish);
    let mut rates = Vec::new();
    let text = |value: std::ffi::OsString, what: &str| {
        value.into_string().map_err(|_| Failure::usage(format!("{what} is not UTF-8")))
    };
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            Long("scenario") => scenario = Some(parser.value().map_err(usage)?.into()),
            Long("today") => {
                today =
                    Some(klynge_examples::day_argument("--today", &text(parser.value().map_err(usage)?, "--today")?)?)
            }
            Long("rate") => rates.push(klynge_examples::parse_rate(&text(parser.value().map_err(usage)?, "--rate")?)?),
            Long("until") => {
                until =
                    Some(klynge_examples::day_argument("--until", &text(parser.value().map_err(usage)?, "--until")?)?)
            }
            Long("format") => {
                format = match text(parser.value().map_err(usage)?, "--format")?.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    "ics" => Format::Ics,
                    other => {
                        return Err(Failure::usage(format!("--format is table, json or ics, not {other:?}\n{USAGE}")));
                    }
                }
            }
            Long("lang") => {
                language = klynge_examples::language_argument(&text(parser.value().map_err(usage)?, "--lang")?)?
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(usage(other.unexpected())),
        }
    }
    let today = match today {
        Some(today) => today,
        None => {
            current_date().ok_or_else(|| Failure::usage(format!("the clock gives no date: give --today\n{USAGE}")))?
        }
    };
    Ok(Some(Args { scenario, rates, today, until, format, language }))
}

/// Today's date in UTC, from the system clock.
fn current_date() -> Option<NaiveDate> {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    klynge::dates::from_epoch_day(i32::try_from(seconds / 86_400).ok()?)
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(Some(args)) => match run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => failure.report("calendar"),
        },
        Ok(None) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(failure) => failure.report("calendar"),
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    let scenario = match &args.scenario {
        None => klynge::sample::national(),
        Some(path) => read_scenario(path)?,
    };
    let parameters =
        args.rates.iter().fold(klynge::Parameters::official(), |p, (year, rate)| p.with_rate(*year, *rate));
    let calendar = scenario.calendar_with(&parameters, args.today, args.until).map_err(Failure::invalid)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match args.format {
        Format::Json => writeln!(out, "{}", calendar.to_json()),
        Format::Ics => write!(out, "{}", calendar.to_ics(args.language)),
        Format::Table => write_table(&mut out, &calendar, args.language),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(format!("cannot write the calendar: {e}"))),
    }
}

/// What an event is, in a word or two; a payout whose net is negative is a repayment.
fn label(event: &klynge::CalendarEvent, language: Language) -> &'static str {
    let repays = event.amount.is_some_and(klynge::Dkk::is_negative);
    match (event.kind, language) {
        (EventKind::Payout, Language::English) if repays => "repayment",
        (EventKind::Payout, Language::Danish) if repays => "tilbagebetaling",
        (EventKind::RegistrationDeadline, Language::English) => "registration deadline",
        (EventKind::RegistrationDeadline, Language::Danish) => "tilmeldingsfrist",
        (EventKind::Payout, Language::English) => "payout",
        (EventKind::Payout, Language::Danish) => "udbetaling",
        (EventKind::Anniversary, Language::English) => "first anniversary",
        (EventKind::Anniversary, Language::Danish) => "etårsdag",
        (EventKind::Completion, Language::English) => "declare completion",
        (EventKind::Completion, Language::Danish) => "færdigmeld",
        (EventKind::LeftOut, Language::English) => "grants left out",
        (EventKind::LeftOut, Language::Danish) => "tilskud udeladt",
    }
}

/// The events by month: day, cluster, what, practice, amount, and when the money arrives (or
/// why no amount is known); each month ends with what is paid in it.
fn write_table(out: &mut impl Write, calendar: &Calendar, language: Language) -> io::Result<()> {
    let english = language == Language::English;
    let (title, none) = if english {
        ("Cluster calendar", "nothing happens in these days")
    } else {
        ("Klyngekalender", "der sker intet i disse dage")
    };
    writeln!(out, "{title} {} – {}", day(calendar.today(), language), day(calendar.last(), language))?;
    if calendar.events().is_empty() {
        return writeln!(out, "{none}");
    }
    let header = if english {
        ("day", "cluster", "event", "practice", "amount", "note")
    } else {
        ("dag", "klynge", "hændelse", "praksis", "beløb", "bemærkning")
    };
    let mut current: Option<(i32, u32)> = None;
    let mut paid = klynge::Dkk::ZERO;
    let month_total = |out: &mut dyn Write, paid: klynge::Dkk| {
        let what = if english {
            "net this month (payouts less repayments)"
        } else {
            "netto denne måned (udbetalinger minus tilbagebetalinger)"
        };
        writeln!(out, "{:>72} {:>16}", what, kroner(paid, language))
    };
    for event in calendar.events() {
        use chrono::Datelike;
        let key = (event.date.year(), event.date.month());
        if current != Some(key) {
            if current.is_some() {
                month_total(out, paid)?;
            }
            paid = klynge::Dkk::ZERO;
            current = Some(key);
            writeln!(out, "\n{} {}", month(event.date, language), event.date.year())?;
            writeln!(
                out,
                "{:<10} {:<16} {:<22} {:<8} {:>16}  {}",
                header.0, header.1, header.2, header.3, header.4, header.5
            )?;
        }
        if event.kind == EventKind::Payout
            && let Some(amount) = event.amount
        {
            paid = paid.checked_add(amount).unwrap_or(paid);
        }
        let repays = event.amount.is_some_and(klynge::Dkk::is_negative);
        let payer = match (event.payer, english) {
            (Some(klynge::grants::Payer::Plo), _) => "PLO",
            (_, true) => "the region",
            (_, false) => "regionen",
        };
        let note = match (&event.reason, event.window) {
            (Some(reason), _) => reason.text(language),
            (None, _) if repays && event.kind == klynge::EventKind::Payout => {
                if english {
                    format!("repaid by the cluster to {payer}, due {}", day(event.date, language))
                } else {
                    format!("tilbagebetales af klyngen til {payer}, forfalder {}", day(event.date, language))
                }
            }
            (None, Some((from, until))) if event.payer == Some(klynge::grants::Payer::Region) => {
                if english {
                    format!("from the region, on the account {} – {}", day(from, language), day(until, language))
                } else {
                    format!("fra regionen, på kontoen {} – {}", day(from, language), day(until, language))
                }
            }
            (None, Some(_)) => (if english {
                "from PLO, on the cluster's PLO account the same day"
            } else {
                "fra PLO, på klyngens PLO-konto samme dag"
            })
            .to_owned(),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "{:<10} {:<16} {:<22} {:<8} {:>16}  {}",
            event.date.to_string(),
            event.cluster.as_str(),
            label(event, language),
            event.ydernummer.map(|y| y.to_string()).unwrap_or_default(),
            event.amount.map(|a| kroner(a, language)).unwrap_or_default(),
            note
        )?;
    }
    month_total(out, paid)
}
