//! Adjustments (ADJ-*): what changed since the money went out, and why. The report as paid (what
//! `grant_report --format json` wrote when the money went out) against the report as owed
//! (another such file, or computed now from a scenario over the same years), settled on a day.
//!
//! ```text
//! cargo run --release --example adjust -- --paid REPORT.json (--owed REPORT.json | --scenario PATH)
//!     --today YYYY-MM-DD [--cluster ID] [--format table|json|csv] [--lang da|en]
//! ```
//!
//! Exit status: 0 on success; 2 when the arguments or an input do not validate (the problems
//! on standard error); 1 when a file cannot be read or output not written.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use klynge::calendar::Language;
use klynge::calendar::text::kroner;
use klynge::grants::Adjustments;
use klynge::{ClusterId, GrantReport, Problem, Rule, ValidationErrors};
use klynge_examples::{Failure, read_file, read_scenario};

const USAGE: &str = "usage: adjust --paid REPORT.json (--owed REPORT.json | --scenario PATH) --today YYYY-MM-DD [--cluster ID] [--format table|json|csv] [--lang da|en]

  --paid FILE       the report as paid: grant_report --format json, as it was when the money went out
  --owed FILE       the report as owed now (the same years), or
  --scenario PATH   a scenario (JSON or a folder of CSV tables) computed now over the paid report's years
  --today DAY       the day settlements are due (required)
  --cluster ID      one cluster only
  --format F        table (default: per cluster the net due and each adjustment in words),
                    json (docs/formats.md's adjustments), csv (one row per adjustment)
  --lang L          da or en (default): the table's language
  -h, --help        this text";

enum Owed {
    Report(PathBuf),
    Scenario(PathBuf),
}

struct Args {
    paid: PathBuf,
    owed: Owed,
    today: NaiveDate,
    cluster: Option<ClusterId>,
    format: String,
    language: Language,
}

fn parse_args() -> Result<Option<Args>, Failure> {
    use lexopt::prelude::*;
    let usage = |e: lexopt::Error| Failure::usage(format!("{e}\n{USAGE}"));
    let text = |value: std::ffi::OsString, what: &str| {
        value.into_string().map_err(|_| Failure::usage(format!("{what} is not UTF-8")))
    };
    let mut parser = lexopt::Parser::from_env();
    let (mut paid, mut owed, mut today, mut cluster) = (None, None, None, None);
    let (mut format, mut language) = ("table".to_owned(), Language::English);
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            Long("paid") => paid = Some(parser.value().map_err(usage)?.into()),
            Long("owed") => owed = Some(Owed::Report(parser.value().map_err(usage)?.into())),
            Long("scenario") => owed = Some(Owed::Scenario(parser.value().map_err(usage)?.into())),
            Long("today") => {
                let value = text(parser.value().map_err(usage)?, "--today")?;
                today = Some(klynge_examples::day_argument("--today", &value)?);
            }
            Long("cluster") => {
                let value = text(parser.value().map_err(usage)?, "--cluster")?;
                cluster = Some(
                    value
                        .parse::<ClusterId>()
                        .map_err(|e| Failure::invalid(ValidationErrors::from(Problem::at("cluster", &e))))?,
                );
            }
            Long("format") => {
                format = text(parser.value().map_err(usage)?, "--format")?;
                if !["table", "json", "csv"].contains(&format.as_str()) {
                    return Err(Failure::usage(format!("--format is table, json or csv, not {format:?}\n{USAGE}")));
                }
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
        paid: paid.ok_or_else(|| required("--paid FILE"))?,
        owed: owed.ok_or_else(|| required("--owed FILE or --scenario PATH"))?,
        today: today.ok_or_else(|| required("--today YYYY-MM-DD"))?,
        cluster,
        format,
        language,
    }))
}

fn report(path: &std::path::Path) -> Result<GrantReport, Failure> {
    let bytes = read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::invalid(ValidationErrors::from(Problem::new(
            path.display().to_string(),
            Rule::Format,
            "the report is not UTF-8 text",
            "rapporten er ikke UTF-8-tekst",
        )))
    })?;
    GrantReport::from_json(&text).map_err(|e| {
        let problems: ValidationErrors =
            e.all().into_iter().map(|p| Problem { path: format!("{}: {}", path.display(), p.path), ..p }).collect();
        Failure::invalid(problems)
    })
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(Some(args)) => match run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => failure.report("adjust"),
        },
        Ok(None) => {
            klynge_examples::say!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(failure) => failure.report("adjust"),
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    let paid = report(&args.paid)?;
    let owed = match &args.owed {
        Owed::Report(path) => report(path)?,
        Owed::Scenario(path) => {
            read_scenario(path)?.grants(paid.first_year(), paid.last_year()).map_err(Failure::invalid)?
        }
    };
    let mut result = owed.adjustments(&paid, args.today).map_err(Failure::invalid)?;
    if let Some(cluster) = &args.cluster {
        result.adjustments.retain(|a| a.cluster == *cluster);
        result.due.retain(|d| d.cluster == *cluster);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match args.format.as_str() {
        "json" => writeln!(out, "{}", result.to_json()),
        "csv" => write_csv(&mut out, &result),
        _ => write_table(&mut out, &result, args.language),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(format!("cannot write the adjustments: {e}"))),
    }
}

fn write_csv(out: &mut impl Write, r: &Adjustments) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "cluster",
        "ydernummer",
        "kind",
        "grant_year",
        "paid",
        "owed",
        "difference",
        "payer",
        "settled_now",
        "causes",
    ])
    .map_err(io::Error::other)?;
    for a in &r.adjustments {
        let settled: klynge::Dkk = a.settled.iter().map(|s| s.amount).sum();
        let causes: Vec<&str> = a.causes.iter().map(|c| c.cause.as_str()).collect();
        w.write_record([
            a.cluster.to_string(),
            a.ydernummer.to_string(),
            a.kind.as_str().to_owned(),
            a.grant_year.to_string(),
            a.paid.to_string(),
            a.owed.to_string(),
            a.difference.to_string(),
            a.payer.as_str().to_owned(),
            settled.to_string(),
            causes.join(" "),
        ])
        .map_err(io::Error::other)?;
    }
    w.flush()
}

/// Per cluster: the net due per payer, then each adjustment in words.
fn write_table(out: &mut impl Write, r: &Adjustments, language: Language) -> io::Result<()> {
    let en = language == Language::English;
    let mut clusters: Vec<&ClusterId> = r.adjustments.iter().map(|a| &a.cluster).collect();
    clusters.dedup();
    if clusters.is_empty() {
        writeln!(
            out,
            "{}",
            if en { "Nothing changed: no adjustments." } else { "Intet er ændret: ingen reguleringer." }
        )?;
    }
    for cluster in clusters {
        writeln!(out, "{} {cluster}", if en { "Cluster" } else { "Klynge" })?;
        for d in r.due.iter().filter(|d| d.cluster == *cluster) {
            let kr = kroner(d.amount.abs(), language);
            let payer = match (d.payer, en) {
                (klynge::grants::Payer::Plo, _) => "PLO",
                (_, true) => "the region",
                (_, false) => "regionen",
            };
            let line = match (en, d.amount.is_negative()) {
                (true, true) => format!("  due on {}: the cluster repays {kr} to {payer}", r.today),
                (true, false) => format!("  due on {}: {payer} pays the cluster {kr}", r.today),
                (false, true) => format!("  forfalder {}: klyngen tilbagebetaler {kr} til {payer}", r.today),
                (false, false) => format!("  forfalder {}: {payer} betaler klyngen {kr}", r.today),
            };
            writeln!(out, "{line}")?;
        }
        for a in r.adjustments.iter().filter(|a| a.cluster == *cluster) {
            writeln!(out, "  - {}", if en { a.text_en() } else { a.text_da() })?;
        }
        writeln!(out)?;
    }
    Ok(())
}
