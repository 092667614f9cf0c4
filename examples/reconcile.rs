//! Did the money arrive? A cluster's bank or account statement against the transfers its grant
//! report promises (REC-*): what matched, and each difference, missing and unexpected
//! transfer with the report lines behind it.
//!
//! ```text
//! cargo run --release --example reconcile -- [--scenario PATH] --statement FILE
//!     --today YYYY-MM-DD [--years A-B] [--rate YEAR=RATE]... [--cluster ID]
//!     [--dialect standard|danish-bank] [--format table|json]
//! ```
//!
//! Exit status: 0 on success; 2 when the arguments, the scenario or the statement do not
//! validate (every problem on standard error); 1 when a file cannot be read or output not
//! written.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use klynge::calendar::Language;
use klynge::calendar::text::kroner;
use klynge::reconcile::{Dialect, Direction, ExpectedTransfer, Reconciliation, Statement, Windows};
use klynge::{ClusterId, GrantReport, Problem, ValidationErrors};
use klynge_examples::{Failure, read_scenario};

const USAGE: &str = "usage: reconcile [--scenario PATH] --statement FILE --today YYYY-MM-DD [--years A-B] [--rate YEAR=RATE]... [--cluster ID] [--dialect standard|danish-bank] [--format table|json]

  --scenario PATH   a scenario JSON file, or a folder of CSV tables; without it, the built-in
                    national sample (synthetic)
  --statement FILE  the statement: CSV with date, amount (and cluster, payer, text), or the file
                    a Danish bank exports, as it is (with --dialect danish-bank: Danske Bank,
                    Sydbank, Nordea, Nykredit and others with Dato and Beløb columns)
  --today DAY       the day reconciled on: a window that ended before it is missing (required)
  --years A-B       the grant years whose lines are expected (default: the scenario's span); a
                    year without a rate or count keeps its fees and clawbacks, and its annual
                    grants are listed as left out
  --rate YEAR=RATE  the rate per group-1 patient for a grant year, such as 2021=1.00; repeatable
  --cluster ID      the cluster whose account the statement is (needed for danish-bank, and
                    where the statement has no cluster column)
  --dialect D       standard (default) or danish-bank (a bank's export: UTF-8 or Windows-1252,
                    `;` or `,`, Dato/Bogføringsdato, Beløb/Beloeb, Tekst)
  --format F        table (default) or json (docs/formats.md's reconciliation)
  -h, --help        this text";

struct Args {
    scenario: Option<PathBuf>,
    statement: PathBuf,
    today: NaiveDate,
    years: Option<(i32, i32)>,
    rates: Vec<(i32, klynge::Rate)>,
    cluster: Option<ClusterId>,
    dialect: Dialect,
    json: bool,
}

fn invalid(problem: Problem) -> Failure {
    Failure::invalid(ValidationErrors::from(problem))
}

fn parse_args() -> Result<Option<Args>, Failure> {
    use lexopt::prelude::*;
    let usage = |e: lexopt::Error| Failure::usage(format!("{e}\n{USAGE}"));
    let text = |value: std::ffi::OsString, what: &str| {
        value.into_string().map_err(|_| Failure::usage(format!("{what} is not UTF-8")))
    };
    let mut parser = lexopt::Parser::from_env();
    let (mut scenario, mut statement, mut today, mut years, mut cluster, mut dialect, mut json) =
        (None, None, None, None, None, Dialect::Standard, false);
    let mut rates = Vec::new();
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            Long("scenario") => scenario = Some(parser.value().map_err(usage)?.into()),
            Long("statement") => statement = Some(parser.value().map_err(usage)?.into()),
            Long("today") => {
                let value = text(parser.value().map_err(usage)?, "--today")?;
                today = Some(klynge_examples::day_argument("--today", &value)?);
            }
            Long("years") => {
                let value = text(parser.value().map_err(usage)?, "--years")?;
                years = Some(klynge_examples::years_argument(&value)?);
            }
            Long("rate") => rates.push(klynge_examples::parse_rate(&text(parser.value().map_err(usage)?, "--rate")?)?),
            Long("cluster") => {
                let value = text(parser.value().map_err(usage)?, "--cluster")?;
                cluster = Some(value.parse::<ClusterId>().map_err(|e| invalid(Problem::at("cluster", &e)))?);
            }
            Long("dialect") => dialect = text(parser.value().map_err(usage)?, "--dialect")?.parse().map_err(invalid)?,
            Long("format") => {
                json =
                    klynge_examples::json_format_argument(&text(parser.value().map_err(usage)?, "--format")?, USAGE)?;
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(usage(other.unexpected())),
        }
    }
    let statement = statement.ok_or_else(|| Failure::usage(format!("--statement FILE is required\n{USAGE}")))?;
    let today = today.ok_or_else(|| Failure::usage(format!("--today YYYY-MM-DD is required\n{USAGE}")))?;
    Ok(Some(Args { scenario, statement, today, years, rates, cluster, dialect, json }))
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(Some(args)) => match run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => failure.report("reconcile"),
        },
        Ok(None) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(failure) => failure.report("reconcile"),
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    let scenario = match &args.scenario {
        None => klynge::sample::national(),
        Some(path) => read_scenario(path)?,
    };
    let bytes = klynge_examples::read_file(&args.statement)?;
    let statement = Statement::from_bytes(&bytes, args.dialect, args.cluster.clone()).map_err(Failure::invalid)?;
    let (first, last) = args
        .years
        .or_else(|| scenario.default_years())
        .ok_or_else(|| Failure::usage("the scenario has no clusters; give --years A-B"))?;
    let parameters =
        args.rates.iter().fold(klynge::Parameters::official(), |p, (year, rate)| p.with_rate(*year, *rate));
    let (report, result) = scenario
        .reconcile(&parameters, (first, last), &statement, args.today, Windows::default())
        .map_err(Failure::invalid)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if args.json {
        writeln!(out, "{}", result.to_json())
    } else {
        write_table(&mut out, &report, &statement, &result)
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(format!("cannot write the reconciliation: {e}"))),
    }
}

fn kr(amount: klynge::Dkk) -> String {
    kroner(amount, Language::English)
}

fn transfer(e: &ExpectedTransfer) -> String {
    let what = match e.direction {
        Direction::In => format!("{} from {}", kr(e.amount), e.payer),
        Direction::Out => format!("{} repaid to {}", kr(e.amount), e.payer),
    };
    format!("{what}, paid {}, expected on the account {} to {}", e.due, e.window.0, e.window.1)
}

/// The report lines behind an expected transfer (GR-EXPLAIN), at most ten.
fn lines(out: &mut impl Write, report: &GrantReport, e: &ExpectedTransfer) -> io::Result<()> {
    for index in e.lines.iter().take(10) {
        if let Some(line) = report.line(*index) {
            writeln!(out, "      line {index}: {}", line.explain_en())?;
        }
    }
    if e.lines.len() > 10 {
        writeln!(out, "      and {} more lines", e.lines.len() - 10)?;
    }
    Ok(())
}

/// Per cluster: the balance and what matched; then each difference, missing, not yet due
/// and unexpected transfer with the lines behind it.
fn write_table(
    out: &mut impl Write,
    report: &GrantReport,
    statement: &Statement,
    r: &Reconciliation,
) -> io::Result<()> {
    writeln!(out, "Reconciliation on {} of grant years {}-{}", r.today, report.first_year(), report.last_year())?;
    if let Some(read) = statement.read() {
        writeln!(
            out,
            "Statement: {} layout, {}, {} row(s) booked, {} reservation(s) left out",
            read.layout, read.encoding, read.booked, read.reservations
        )?;
    }
    for left in r.left_out.iter().flatten() {
        let mut missing = Vec::new();
        if left.missing_rate {
            missing.push(format!("no rate for {} (give it with --rate {}=RATE)", left.grant_year, left.grant_year));
        }
        if !left.practices_without_count.is_empty() {
            let first: Vec<String> = left.practices_without_count.iter().take(5).map(ToString::to_string).collect();
            missing.push(format!(
                "no count for {} practice(s): {}",
                left.practices_without_count.len(),
                first.join(", ")
            ));
        }
        writeln!(
            out,
            "Left out: the annual grants of {} for grant year {}: {} (its fees and repayments are expected)",
            left.cluster,
            left.grant_year,
            missing.join("; ")
        )?;
    }
    let mut clusters: BTreeMap<&ClusterId, ()> = BTreeMap::new();
    for b in &r.balance {
        clusters.insert(&b.cluster, ());
    }
    for cluster in clusters.keys() {
        writeln!(out, "\nCluster {cluster}")?;
        // REC-BALANCE, visibly: expected = matched + differences (expected) + missing + not
        // yet due; booked = matched + differences (booked) + unexpected.
        writeln!(
            out,
            "  {:<4} {:>15} {:>15} {:>15} {:>15} {:>15} {:>15} {:>15} {:>15}",
            "",
            "expected",
            "booked",
            "matched",
            "diff. expected",
            "diff. booked",
            "missing",
            "not yet due",
            "unexpected"
        )?;
        for b in r.balance.iter().filter(|b| b.cluster == **cluster) {
            writeln!(
                out,
                "  {:<4} {:>15} {:>15} {:>15} {:>15} {:>15} {:>15} {:>15} {:>15}",
                b.direction.as_str(),
                kr(b.expected),
                kr(b.booked),
                kr(b.matched),
                kr(b.differences_expected),
                kr(b.differences_booked),
                kr(b.missing),
                kr(b.not_yet_due),
                kr(b.unexpected)
            )?;
        }
        for m in r.matched.iter().filter(|m| m.expected.cluster == **cluster) {
            writeln!(out, "  matched   {}; booked {} (row {})", transfer(&m.expected), m.booked.date, m.booked.row)?;
        }
        for d in r.differences.iter().filter(|d| d.expected.cluster == **cluster) {
            writeln!(
                out,
                "  DIFFERENCE {}; booked {} on {} (row {}): {}",
                transfer(&d.expected),
                kr(d.booked.amount),
                d.booked.date,
                d.booked.row,
                kr(d.difference)
            )?;
            lines(out, report, &d.expected)?;
        }
        for e in r.missing.iter().filter(|e| e.cluster == **cluster) {
            writeln!(out, "  MISSING   {}", transfer(e))?;
            lines(out, report, e)?;
        }
        for e in r.not_yet_due.iter().filter(|e| e.cluster == **cluster) {
            writeln!(out, "  not yet due {}", transfer(e))?;
        }
        for b in r.unexpected.iter().filter(|b| b.cluster == **cluster) {
            let text = b.text.as_deref().map(|t| format!(" \"{t}\"")).unwrap_or_default();
            writeln!(out, "  UNEXPECTED {} on {} (row {}){text}", kr(b.amount), b.date, b.row)?;
        }
    }
    Ok(())
}
