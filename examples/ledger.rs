//! The cluster's funds (LED-*): what came in, what was spent, what is left, and whether what is
//! requested can be afforded, from a scenario (its grants) and a CSV of spendings.
//!
//! ```text
//! cargo run --release --example ledger -- --scenario PATH --spendings PATH --today YYYY-MM-DD
//!     [--years A-B] [--cluster ID] [--opening CLUSTER:YYYY-MM-DD:AMOUNT]...
//!     [--dialect standard|danish-bank] [--rate YEAR=RATE]... [--format table|json] [--lang da|en]
//! ```
//!
//! Exit status: 0 on success; 2 when the arguments, the scenario or the spendings do not
//! validate (every problem on standard error with its file, row, column and rule); 1 when a
//! file cannot be read or output not written.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use klynge::calendar::Language;
use klynge::calendar::text::{day, kroner};
use klynge::ledger::{Ledger, Opening, Spendings};
use klynge::reconcile::Dialect;
use klynge::{ClusterId, Problem, Rule, ValidationErrors};
use klynge_examples::{Failure, read_file, read_scenario};

const USAGE: &str = "usage: ledger --scenario PATH --spendings PATH --today YYYY-MM-DD [--years A-B] [--cluster ID] [--opening CLUSTER:YYYY-MM-DD:AMOUNT]... [--dialect standard|danish-bank] [--rate YEAR=RATE]... [--format table|json] [--lang da|en]

  --scenario PATH   the clusters' scenario: a JSON file or a folder of CSV tables (its grants
                    are what comes in)
  --spendings PATH  the spendings: CSV with date, kind, payee, amount, hours, status (and
                    cluster, text); docs/formats.md \"Spendings\"
  --today DAY       the day of the ledger: paid spendings up to it are booked, requested ones
                    are planned (required)
  --years A-B       the grant years (default: the earliest founding year to today's year)
  --cluster ID      one cluster only (needed where the spendings have no cluster column)
  --opening C:D:A   an opening balance A of cluster C on day D (replaces what came before it)
  --dialect D       standard (default) or danish-bank (`;`, DD-MM-YYYY, 1.250,00)
  --rate YEAR=RATE  the rate per group-1 patient for a grant year, such as 2021=1.00
  --format F        table (default) or json (docs/formats.md's ledger)
  --lang L          da or en (default): the table's language
  -h, --help        this text";

struct Args {
    scenario: PathBuf,
    spendings: PathBuf,
    today: NaiveDate,
    years: Option<(i32, i32)>,
    cluster: Option<ClusterId>,
    openings: Vec<Opening>,
    dialect: Dialect,
    rates: Vec<(i32, klynge::Rate)>,
    json: bool,
    language: Language,
}

fn invalid(problem: Problem) -> Failure {
    Failure::invalid(ValidationErrors::from(problem))
}

fn opening(text: &str) -> Result<Opening, Failure> {
    let bad = || {
        invalid(Problem::new(
            "opening",
            Rule::LedEntries,
            format!(
                "--opening takes CLUSTER:YYYY-MM-DD:AMOUNT, such as k:2023-04-01:15000.00, not {}",
                klynge::problem::quote(text)
            ),
            format!(
                "--opening tager KLYNGE:ÅÅÅÅ-MM-DD:BELØB, fx k:2023-04-01:15000.00, ikke {}",
                klynge::problem::quote(text)
            ),
        ))
    };
    let mut parts = text.splitn(3, ':');
    let (cluster, date, amount) =
        (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
    Ok(Opening {
        cluster: cluster.parse().map_err(|e| invalid(Problem::at("opening", &e)))?,
        date: klynge::dates::parse_date(date).ok_or_else(bad)?,
        amount: amount.parse().map_err(|e| invalid(Problem::at("opening", &e)))?,
    })
}

fn parse_args() -> Result<Option<Args>, Failure> {
    use lexopt::prelude::*;
    let usage = |e: lexopt::Error| Failure::usage(format!("{e}\n{USAGE}"));
    let text = |value: std::ffi::OsString, what: &str| {
        value.into_string().map_err(|_| Failure::usage(format!("{what} is not UTF-8")))
    };
    let mut parser = lexopt::Parser::from_env();
    let (mut scenario, mut spendings, mut today, mut years, mut cluster) = (None, None, None, None, None);
    let (mut openings, mut rates, mut dialect, mut json, mut language) =
        (Vec::new(), Vec::new(), Dialect::Standard, false, Language::English);
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            Long("scenario") => scenario = Some(parser.value().map_err(usage)?.into()),
            Long("spendings") => spendings = Some(parser.value().map_err(usage)?.into()),
            Long("today") => {
                let value = text(parser.value().map_err(usage)?, "--today")?;
                today = Some(klynge_examples::day_argument("--today", &value)?);
            }
            Long("years") => {
                let value = text(parser.value().map_err(usage)?, "--years")?;
                years = Some(klynge_examples::years_argument(&value)?);
            }
            Long("cluster") => {
                let value = text(parser.value().map_err(usage)?, "--cluster")?;
                cluster = Some(value.parse::<ClusterId>().map_err(|e| invalid(Problem::at("cluster", &e)))?);
            }
            Long("opening") => openings.push(opening(&text(parser.value().map_err(usage)?, "--opening")?)?),
            Long("rate") => rates.push(klynge_examples::parse_rate(&text(parser.value().map_err(usage)?, "--rate")?)?),
            Long("dialect") => dialect = text(parser.value().map_err(usage)?, "--dialect")?.parse().map_err(invalid)?,
            Long("format") => {
                json =
                    klynge_examples::json_format_argument(&text(parser.value().map_err(usage)?, "--format")?, USAGE)?;
            }
            Long("lang") => {
                language = klynge_examples::language_argument(&text(parser.value().map_err(usage)?, "--lang")?)?
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(usage(other.unexpected())),
        }
    }
    let required = |what: &str| Failure::usage(format!("{what} is required\n{USAGE}"));
    Ok(Some(Args {
        scenario: scenario.ok_or_else(|| required("--scenario PATH"))?,
        spendings: spendings.ok_or_else(|| required("--spendings PATH"))?,
        today: today.ok_or_else(|| required("--today YYYY-MM-DD"))?,
        years,
        cluster,
        openings,
        dialect,
        rates,
        json,
        language,
    }))
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(Some(args)) => match run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => failure.report("ledger"),
        },
        Ok(None) => {
            klynge_examples::say!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(failure) => failure.report("ledger"),
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    let scenario = read_scenario(&args.scenario)?;
    let bytes = read_file(&args.spendings)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        invalid(Problem::new(
            "spendings",
            Rule::LedSpending,
            format!("{} is not UTF-8 text", args.spendings.display()),
            format!("{} er ikke UTF-8-tekst", args.spendings.display()),
        ))
    })?;
    let file =
        args.spendings.file_name().map_or_else(|| "spendings.csv".to_owned(), |n| n.to_string_lossy().into_owned());
    let spendings = Spendings::from_csv(&text, &file, args.dialect, args.cluster.clone()).map_err(Failure::invalid)?;
    let parameters =
        args.rates.iter().fold(klynge::Parameters::official(), |p, (year, rate)| p.with_rate(*year, *rate));
    // A year without a rate keeps its fees: its annual grants are left out and said so.
    let (ledger, left_out) =
        scenario.ledger(&parameters, args.years, &spendings, args.today, &args.openings).map_err(Failure::invalid)?;
    let ledger = match &args.cluster {
        Some(cluster) => ledger.of_cluster(cluster),
        None => ledger,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if args.json {
        writeln!(out, "{}", ledger.to_json())
    } else {
        write_table(&mut out, &ledger, &left_out, args.language)
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(format!("cannot write the ledger: {e}"))),
    }
}

/// Per cluster: the balance today, what is pending, each requested spending and whether it is
/// covered (and from when), then the years.
fn write_table(
    out: &mut impl Write,
    ledger: &Ledger,
    left_out: &[klynge::grants::LeftOut],
    language: Language,
) -> io::Result<()> {
    let en = language == Language::English;
    let kr = |a: klynge::Dkk| kroner(a, language);
    for cluster in ledger.clusters() {
        let balance = ledger.balance(cluster).unwrap_or_default();
        if en {
            writeln!(out, "Cluster {cluster}: balance on {}: {}", day(ledger.today, language), kr(balance))?;
        } else {
            writeln!(out, "Klynge {cluster}: saldo {}: {}", day(ledger.today, language), kr(balance))?;
        }
        for p in ledger.pending.iter().filter(|p| p.cluster == *cluster) {
            let (what, lines) =
                if en { ("pending until completion", "lines") } else { ("afventer færdigmelding", "linjer") };
            writeln!(out, "  {what}: {} ({} {lines})", kr(p.amount), p.lines.len())?;
        }
        for l in left_out.iter().filter(|l| l.cluster == *cluster) {
            if en {
                writeln!(
                    out,
                    "  left out: the annual grants of {} (no rate or count; give it with --rate)",
                    l.grant_year
                )?;
            } else {
                writeln!(
                    out,
                    "  udeladt: de årlige tilskud for {} (ingen sats eller antal; angiv med --rate)",
                    l.grant_year
                )?;
            }
        }
        let requested: Vec<_> = ledger.plan.iter().filter(|e| e.cluster == *cluster && e.row.is_some()).collect();
        if !requested.is_empty() {
            writeln!(out, "  {}", if en { "requested:" } else { "ønsket:" })?;
        }
        for e in requested {
            let answer = match (e.covered, e.covered_from) {
                (Some(true), _) => (if en { "covered" } else { "dækket" }).to_owned(),
                (_, Some(from)) if en => {
                    format!(
                        "NOT covered: short by {}; covered from {}",
                        kr(e.shortfall.unwrap_or_default()),
                        day(from, language)
                    )
                }
                (_, Some(from)) => {
                    format!(
                        "IKKE dækket: mangler {}; dækket fra {}",
                        kr(e.shortfall.unwrap_or_default()),
                        day(from, language)
                    )
                }
                _ if en => {
                    format!("NOT covered: short by {}; nothing ahead covers it", kr(e.shortfall.unwrap_or_default()))
                }
                _ => format!("IKKE dækket: mangler {}; intet forude dækker det", kr(e.shortfall.unwrap_or_default())),
            };
            writeln!(
                out,
                "    row {:<4} {} {:<11} {:<24} {:>16}  {answer}",
                e.row.unwrap_or_default(),
                e.date,
                e.kind.as_str(),
                e.payee.as_deref().unwrap_or(""),
                kr(e.amount)
            )?;
        }
        let header =
            if en { ("year", "opening", "in", "out", "closing") } else { ("år", "primo", "ind", "ud", "ultimo") };
        writeln!(out, "  {:<6} {:>16} {:>16} {:>16} {:>16}", header.0, header.1, header.2, header.3, header.4)?;
        for y in ledger.years.iter().filter(|y| y.cluster == *cluster) {
            let into = y.startup_fees.checked_add(y.annual_grants).unwrap_or_default();
            let spent: klynge::Dkk = y.out.iter().sum();
            writeln!(
                out,
                "  {:<6} {:>16} {:>16} {:>16} {:>16}",
                y.year,
                kr(y.opening),
                kr(into),
                kr(spent),
                kr(y.closing)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
