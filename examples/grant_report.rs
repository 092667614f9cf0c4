//! The main job: compute the grant report of a scenario (docs/formats.md), or of the built-in
//! national sample, and print it as a table, JSON or CSV, or write it as a Parquet file.
//!
//! ```text
//! cargo run --release --example grant_report -- [--scenario PATH] [--years A-B]
//!     [--rate YEAR=RATE]... [--format table|json|csv|parquet] [--output FILE]
//! ```
//!
//! `--scenario` takes a JSON file or a folder of CSV tables. Exit status: 0 on success; 2 when
//! the arguments or the scenario do not validate (every problem is printed to standard error);
//! 1 when a file cannot be read or written.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use klynge::grants::{LineKind, REPORT_COLUMNS};
use klynge::{Dkk, GrantReport, Region, Scenario};
use klynge_examples::{Failure, read_scenario};

const USAGE: &str =
    "usage: grant_report [--scenario PATH] [--years A-B] [--rate YEAR=RATE]... [--format table|json|csv|parquet] [--output FILE]

  --scenario PATH   a scenario JSON file, or a folder of CSV tables (clusters.csv,
                    practices.csv, memberships.csv, patients.csv, rates.csv, policy.csv);
                    without it, the built-in national sample (synthetic)
  --years A-B       the grant years (default: the earliest founding year to the last count)
  --rate YEAR=RATE  the rate per group-1 patient for a grant year, such as 2021=1.00 (for the
                    years before 2022, which the rule book has no rate for); repeatable
  --format F        table (default), json (docs/formats.md's grant report), csv (one row per
                    line), parquet (one row per line, for DuckDB and Spark; needs --output)
  --output FILE     write to FILE instead of standard output
  -h, --help        this text";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
    Parquet,
}

struct Args {
    scenario: Option<PathBuf>,
    years: Option<(i32, i32)>,
    rates: Vec<(i32, klynge::Rate)>,
    format: Format,
    output: Option<PathBuf>,
}

/// The arguments, or `None` for `--help`.
fn parse_args() -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut args = Args { scenario: None, years: None, rates: Vec::new(), format: Format::Table, output: None };
    let mut parser = lexopt::Parser::from_env();
    let text = |value: Result<std::ffi::OsString, lexopt::Error>, what: &str| -> Result<String, String> {
        value.map_err(|e| e.to_string())?.into_string().map_err(|_| format!("{what} is not UTF-8"))
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("scenario") => args.scenario = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("output") => args.output = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("years") => {
                let text = text(parser.value(), "--years")?;
                args.years = Some(klynge_examples::years_argument(&text).map_err(|f| f.describe())?);
            }
            Long("rate") => {
                let text = text(parser.value(), "--rate")?;
                args.rates.push(klynge_examples::parse_rate(&text).map_err(|f| f.describe())?);
            }
            Long("format") => {
                args.format = match text(parser.value(), "--format")?.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    "parquet" => Format::Parquet,
                    other => return Err(format!("--format is table, json, csv or parquet, not {other:?}")),
                };
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if args.format == Format::Parquet && args.output.is_none() {
        return Err("--format parquet writes a file: give --output FILE".into());
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("grant_report: {message}");
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report("grant_report"),
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    let (scenario, source) = match &args.scenario {
        None => (klynge::sample::national(), "built-in national sample (synthetic)".to_string()),
        Some(path) => (read_scenario(path)?, path.display().to_string()),
    };
    let (first, last) = args
        .years
        .or_else(|| scenario.default_years())
        .ok_or_else(|| Failure::usage("the scenario has no clusters; give --years A-B"))?;
    let parameters =
        args.rates.iter().fold(klynge::Parameters::official(), |p, (year, rate)| p.with_rate(*year, *rate));
    let report = scenario.grants_with(&parameters, first, last).map_err(Failure::invalid)?;
    let written = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| Failure::io(format!("cannot write {}: {e}", path.display())))?;
            write(args.format, file, &scenario, &report, &source)
        }
        None => write(args.format, io::stdout(), &scenario, &report, &source),
    };
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(format!("cannot write the report: {e}"))),
    }
}

fn write(
    format: Format,
    out: impl Write + Send,
    scenario: &Scenario,
    report: &GrantReport,
    source: &str,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(out, report),
        Format::Csv => write_csv(out, report),
        Format::Parquet => write_parquet(out, report),
        Format::Table => write_table(out, scenario, report, source),
    }
}

fn write_json(out: impl Write, report: &GrantReport) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, report)?;
    writeln!(out)?;
    out.flush()
}

/// The report's Arrow table as a Parquet file: the same columns and types as `to_pandas()` in
/// Python (money as exact decimals, dates as dates).
fn write_parquet(out: impl Write + Send, report: &GrantReport) -> io::Result<()> {
    let batch = report.to_record_batch().map_err(io::Error::other)?;
    let mut writer = parquet::arrow::ArrowWriter::try_new(out, batch.schema(), None).map_err(io::Error::other)?;
    writer.write(&batch).map_err(io::Error::other)?;
    writer.close().map_err(io::Error::other)?;
    Ok(())
}

/// The I/O error inside a CSV error (so that a closed pipe is seen as one).
fn csv_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn write_csv(out: impl Write, report: &GrantReport) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(REPORT_COLUMNS).map_err(csv_io)?;
    let text = |v: Option<String>| v.unwrap_or_default();
    for (compact, l) in report.compact_lines().zip(report.lines()) {
        let cluster = compact.cluster_index();
        w.write_record([
            l.cluster.to_string(),
            text(report.cluster_name(cluster).map(str::to_owned)),
            text(report.cluster_region(cluster).map(|r| r.name().to_owned())),
            l.ydernummer.to_string(),
            l.kind.to_string(),
            l.grant_year.to_string(),
            l.rule.to_string(),
            text(l.period.map(|p| p.from.to_string())),
            text(l.period.map(|p| p.until.to_string())),
            text(l.patients.map(|n| n.to_string())),
            text(l.rate.map(|r| r.to_string())),
            text(l.days.map(|n| n.to_string())),
            text(l.days_in_year.map(|n| n.to_string())),
            text(l.capacities.map(|n| n.to_string())),
            l.amount.to_string(),
            l.payer.to_string(),
            text(l.due.map(|d| d.to_string())),
        ])
        .map_err(csv_io)?;
    }
    w.flush()
}

/// Kroner with thousands separators: 1,234,567.89.
fn kr(amount: Dkk) -> String {
    let text = amount.to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let (whole, ore) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{ore}")
}

fn region_label(region: Option<Region>) -> &'static str {
    match region {
        Some(Region::Nordjylland) => "Nordjylland",
        Some(Region::Midtjylland) => "Midtjylland",
        Some(Region::Syddanmark) => "Syddanmark",
        Some(Region::Hovedstaden) => "Hovedstaden",
        Some(Region::Sjaelland) => "Sjælland",
        None => "(no region)",
    }
}

fn add(a: &mut Dkk, b: Dkk) {
    *a = a.checked_add(b).unwrap_or(*a);
}

fn write_table(out: impl Write, scenario: &Scenario, report: &GrantReport, source: &str) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    let regions: BTreeMap<&str, Option<Region>> =
        scenario.clusters().iter().map(|c| (c.id.as_str(), c.municipality.map(|m| m.region()))).collect();
    let names: BTreeMap<&str, &str> =
        scenario.clusters().iter().map(|c| (c.id.as_str(), c.name.as_deref().unwrap_or(""))).collect();
    let capacities: u64 = scenario.practices().iter().map(|p| u64::from(p.capacities.get())).sum();

    writeln!(out, "klynge grant report, grant years {}-{}", report.first_year(), report.last_year())?;
    writeln!(
        out,
        "source: {source}: {} clusters, {} practices, {} doctor capacities, {} memberships; {} lines",
        scenario.clusters().len(),
        scenario.practices().len(),
        capacities,
        scenario.memberships().len(),
        report.len()
    )?;
    writeln!(out, "amounts in kroner; net = paid - repaid, the entitlement of every line, pending ones included;")?;
    writeln!(out, "pending = the part of net not payable until its cluster declares completion")?;

    // Net (the entitlement) per grant year and region, and the pending part of it.
    let columns: Vec<Option<Region>> = Region::ALL.into_iter().map(Some).chain([None]).collect();
    let used: Vec<Option<Region>> = columns.into_iter().filter(|r| regions.values().any(|v| v == r)).collect();
    let mut grid: BTreeMap<(i32, Option<Region>), Dkk> = BTreeMap::new();
    let mut pending_by_year: BTreeMap<i32, Dkk> = BTreeMap::new();
    for l in report.lines() {
        let region = regions.get(l.cluster.as_str()).copied().flatten();
        add(grid.entry((l.grant_year, region)).or_default(), l.amount);
        if l.due.is_none() {
            add(pending_by_year.entry(l.grant_year).or_default(), l.amount);
        }
    }
    writeln!(out, "\nNet per grant year and region (pending included), and the pending part")?;
    write!(out, "{:<6}", "year")?;
    for r in &used {
        write!(out, " {:>15}", region_label(*r))?;
    }
    writeln!(out, " {:>16} {:>14}", "Denmark", "pending")?;
    let mut column_totals = vec![Dkk::ZERO; used.len()];
    let (mut grand, mut grand_pending) = (Dkk::ZERO, Dkk::ZERO);
    for year in report.first_year()..=report.last_year() {
        write!(out, "{year:<6}")?;
        let mut row = Dkk::ZERO;
        for (i, r) in used.iter().enumerate() {
            let v = grid.get(&(year, *r)).copied().unwrap_or_default();
            add(&mut row, v);
            if let Some(total) = column_totals.get_mut(i) {
                add(total, v);
            }
            write!(out, " {:>15}", kr(v))?;
        }
        let pending = pending_by_year.get(&year).copied().unwrap_or_default();
        add(&mut grand, row);
        add(&mut grand_pending, pending);
        writeln!(out, " {:>16} {:>14}", kr(row), kr(pending))?;
    }
    write!(out, "{:<6}", "all")?;
    for v in &column_totals {
        write!(out, " {:>15}", kr(*v))?;
    }
    writeln!(out, " {:>16} {:>14}", kr(grand), kr(grand_pending))?;

    // Per cluster, over all years.
    #[derive(Default)]
    struct Row {
        lines: usize,
        fees: usize,
        clawbacks: usize,
        paid: Dkk,
        repaid: Dkk,
        pending: Dkk,
    }
    impl Row {
        fn add(&mut self, other: &Row) {
            self.lines += other.lines;
            self.fees += other.fees;
            self.clawbacks += other.clawbacks;
            add(&mut self.paid, other.paid);
            add(&mut self.repaid, other.repaid);
            add(&mut self.pending, other.pending);
        }

        fn net(&self) -> Dkk {
            self.paid.checked_sub(self.repaid).unwrap_or_default()
        }
    }
    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    for l in report.lines() {
        let row = rows.entry(l.cluster.as_str()).or_default();
        row.lines += 1;
        row.fees += usize::from(l.kind == LineKind::StartupFee);
        row.clawbacks += usize::from(l.kind == LineKind::Clawback);
        if l.amount.is_negative() {
            add(&mut row.repaid, l.amount.abs());
        } else {
            add(&mut row.paid, l.amount);
        }
        if l.due.is_none() {
            add(&mut row.pending, l.amount);
        }
    }
    writeln!(
        out,
        "\nPer cluster, grant years {}-{} (fees and claws: how many lines)",
        report.first_year(),
        report.last_year()
    )?;
    fn line(out: &mut impl Write, id: &str, name: &str, region: &str, row: &Row) -> io::Result<()> {
        writeln!(
            out,
            "{:<16} {:<28} {:<12} {:>6} {:>5} {:>5} {:>14} {:>12} {:>14} {:>14}",
            id,
            name,
            region,
            row.lines,
            row.fees,
            row.clawbacks,
            kr(row.paid),
            kr(row.repaid),
            kr(row.net()),
            kr(row.pending)
        )
    }
    writeln!(
        out,
        "{:<16} {:<28} {:<12} {:>6} {:>5} {:>5} {:>14} {:>12} {:>14} {:>14}",
        "cluster", "name", "region", "lines", "fees", "claws", "paid", "repaid", "net", "pending"
    )?;
    let mut all = Row::default();
    for (id, row) in &rows {
        let name: String = names.get(id).copied().unwrap_or("").chars().take(28).collect();
        line(&mut out, id, &name, region_label(regions.get(id).copied().flatten()), row)?;
        all.add(row);
    }
    line(&mut out, "all clusters", "", "", &all)?;
    out.flush()
}
