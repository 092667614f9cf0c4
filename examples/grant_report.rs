//! The main job: compute the grant report of a scenario (FORMAT.md), or of the built-in
//! national sample, and print it as a table, JSON or CSV.
//!
//! ```text
//! cargo run --release --example grant_report -- [--scenario FILE] [--years A-B] [--format table|json|csv]
//! ```
//!
//! Exit status: 0 on success; 2 when the arguments or the scenario do not validate (every
//! problem is printed to standard error); 1 when a file cannot be read or output not written.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::process::ExitCode;

use klynge::grants::LineKind;
use klynge::{Dkk, GrantReport, Region, Scenario, ValidationErrors};

const USAGE: &str = "usage: grant_report [--scenario FILE] [--years A-B] [--format table|json|csv]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

struct Args {
    scenario: Option<String>,
    years: Option<(i32, i32)>,
    format: Format,
}

fn parse_years(text: &str) -> Option<(i32, i32)> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut args = Args { scenario: None, years: None, format: Format::Table };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("scenario") => {
                args.scenario = Some(
                    parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "the file name is not UTF-8")?,
                )
            }
            Long("years") => {
                let text = parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "--years is not UTF-8")?;
                args.years =
                    Some(parse_years(&text).ok_or(format!("--years takes A-B, such as 2022-2025, not {text:?}"))?);
            }
            Long("format") => {
                let text = parser.value().map_err(|e| e.to_string())?.string().map_err(|_| "--format is not UTF-8")?;
                args.format = match text.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => return Err(format!("--format is table, json or csv, not {other:?}")),
                };
            }
            Short('h') | Long("help") => return Err(String::new()),
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(args)
}

fn print_problems(errors: &ValidationErrors) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{} problem(s):", errors.problems().len());
    for p in errors.problems() {
        let path = if p.path.is_empty() { "(scenario)" } else { &p.path };
        let _ = writeln!(err, "  {path}: [{}] {}", p.rule, p.message_en);
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("grant_report: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (scenario, source) = match &args.scenario {
        None => (klynge::sample::national(), "built-in national sample (synthetic)".to_string()),
        Some(path) => {
            let bytes = match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("grant_report: cannot read {path}: {e}");
                    return ExitCode::from(1);
                }
            };
            let Ok(text) = String::from_utf8(bytes) else {
                eprintln!("1 problem(s):\n  (scenario): [FORMAT] {path} is not UTF-8 text, so it is not scenario JSON");
                return ExitCode::from(2);
            };
            match Scenario::from_json(&text) {
                Ok(s) => (s, path.clone()),
                Err(errors) => {
                    print_problems(&errors);
                    return ExitCode::from(2);
                }
            }
        }
    };
    let Some((first, last)) = args.years.or_else(|| scenario.default_years()) else {
        eprintln!("grant_report: the scenario has no clusters; give --years A-B");
        return ExitCode::from(2);
    };
    let report = match scenario.grants(first, last) {
        Ok(report) => report,
        Err(errors) => {
            print_problems(&errors);
            return ExitCode::from(2);
        }
    };
    let out = io::stdout().lock();
    let written = match args.format {
        Format::Json => write_json(out, &report),
        Format::Csv => write_csv(out, &report),
        Format::Table => write_table(out, &scenario, &report, &source),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("grant_report: cannot write the report: {e}");
            ExitCode::from(1)
        }
    }
}

fn write_json(out: impl Write, report: &GrantReport) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, report)?;
    writeln!(out)?;
    out.flush()
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
    w.write_record(klynge::grants::FLAT_COLUMNS).map_err(csv_io)?;
    let text = |v: Option<String>| v.unwrap_or_default();
    for l in report.lines() {
        w.write_record([
            l.cluster.to_string(),
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
    writeln!(
        out,
        "amounts in kroner; net = paid - repaid; pending = computed but not payable until the cluster completes"
    )?;

    // Totals per grant year and region.
    let columns: Vec<Option<Region>> = Region::ALL.into_iter().map(Some).chain([None]).collect();
    let used: Vec<Option<Region>> = columns.into_iter().filter(|r| regions.values().any(|v| v == r)).collect();
    let mut grid: BTreeMap<(i32, Option<Region>), Dkk> = BTreeMap::new();
    for t in report.totals() {
        add(grid.entry((t.grant_year, regions.get(t.cluster.as_str()).copied().flatten())).or_default(), t.net);
    }
    writeln!(out, "\nNet per grant year and region")?;
    write!(out, "{:<6}", "year")?;
    for r in &used {
        write!(out, " {:>15}", region_label(*r))?;
    }
    writeln!(out, " {:>16}", "Denmark")?;
    let mut column_totals = vec![Dkk::ZERO; used.len()];
    let mut grand = Dkk::ZERO;
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
        add(&mut grand, row);
        writeln!(out, " {:>16}", kr(row))?;
    }
    write!(out, "{:<6}", "all")?;
    for v in &column_totals {
        write!(out, " {:>15}", kr(*v))?;
    }
    writeln!(out, " {:>16}", kr(grand))?;

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
    writeln!(out, "\nPer cluster, grant years {}-{}", report.first_year(), report.last_year())?;
    writeln!(
        out,
        "{:<16} {:<28} {:<12} {:>5} {:>4} {:>4} {:>14} {:>12} {:>14} {:>14}",
        "cluster", "name", "region", "lines", "fees", "claw", "paid", "repaid", "net", "pending"
    )?;
    for (id, row) in &rows {
        let name: String = names.get(id).copied().unwrap_or("").chars().take(28).collect();
        let net = row.paid.checked_sub(row.repaid).unwrap_or_default();
        writeln!(
            out,
            "{:<16} {:<28} {:<12} {:>5} {:>4} {:>4} {:>14} {:>12} {:>14} {:>14}",
            id,
            name,
            region_label(regions.get(id).copied().flatten()),
            row.lines,
            row.fees,
            row.clawbacks,
            kr(row.paid),
            kr(row.repaid),
            kr(net),
            kr(row.pending)
        )?;
    }
    out.flush()
}
