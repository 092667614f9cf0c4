//! A scenario under many parameter variants at once (SW-VARIANTS), the variants read from a
//! JSON file: what each variant pays in all, and the totals per variant, cluster and grant year.
//!
//! ```text
//! cargo run --release --example sweep -- --variants FILE.json [--scenario PATH] [--years A-B]
//!     [--format table|json]
//! ```
//!
//! The variants file is a JSON list of variants, each setting any of `rates` (grant year to
//! rate, as text), `startup_fee_per_capacity` and `clawback_on_transfer` (docs/formats.md
//! "Sweep"):
//!
//! ```json
//! [{ "rates": { "2026": "3.65" } }, { "rates": { "2026": "4.00" }, "startup_fee_per_capacity": "12000.00" }]
//! ```
//!
//! Exit status: 0 on success; 2 when the arguments, the scenario or the variants do not
//! validate (every problem on standard error with its place and rule); 1 when a file cannot be
//! read or output not written.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use klynge::grants::Variant;
use klynge::{Problem, Rule, ValidationErrors};
use klynge_examples::{Failure, read_file, read_scenario};

const USAGE: &str = "usage: sweep --variants FILE.json [--scenario PATH] [--years A-B] [--format table|json]

  --variants FILE   a JSON list of variants: each sets any of rates ({\"2026\": \"3.75\"}),
                    startup_fee_per_capacity (\"10000.00\") and clawback_on_transfer (true/false)
  --scenario PATH   a scenario JSON file or a folder of CSV tables; without it, the built-in
                    national sample (synthetic)
  --years A-B       the grant years (default: 2022-2025, the years with a rate)
  --format F        table (default: each variant's net in all) or json (docs/formats.md's sweep)
  -h, --help        this text";

struct Args {
    variants: PathBuf,
    scenario: Option<PathBuf>,
    years: (i32, i32),
    json: bool,
}

fn parse_args() -> Result<Option<Args>, Failure> {
    use lexopt::prelude::*;
    let usage = |e: lexopt::Error| Failure::usage(format!("{e}\n{USAGE}"));
    let text = |value: std::ffi::OsString, what: &str| {
        value.into_string().map_err(|_| Failure::usage(format!("{what} is not UTF-8")))
    };
    let mut parser = lexopt::Parser::from_env();
    let (mut variants, mut scenario, mut years, mut json) = (None, None, (2022, 2025), false);
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            Long("variants") => variants = Some(parser.value().map_err(usage)?.into()),
            Long("scenario") => scenario = Some(parser.value().map_err(usage)?.into()),
            Long("years") => {
                let value = text(parser.value().map_err(usage)?, "--years")?;
                years = klynge_examples::years_argument(&value)?;
            }
            Long("format") => {
                json =
                    klynge_examples::json_format_argument(&text(parser.value().map_err(usage)?, "--format")?, USAGE)?;
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(usage(other.unexpected())),
        }
    }
    let variants = variants.ok_or_else(|| Failure::usage(format!("--variants FILE is required\n{USAGE}")))?;
    Ok(Some(Args { variants, scenario, years, json }))
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(Some(args)) => match run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => failure.report("sweep"),
        },
        Ok(None) => {
            klynge_examples::say!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(failure) => failure.report("sweep"),
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    let bytes = read_file(&args.variants)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::invalid(ValidationErrors::from(Problem::new(
            "variants",
            Rule::SwVariants,
            format!("{} is not UTF-8 text", args.variants.display()),
            format!("{} er ikke UTF-8-tekst", args.variants.display()),
        )))
    })?;
    let variants = Variant::list_from_json(&text).map_err(Failure::invalid)?;
    let scenario = match &args.scenario {
        Some(path) => read_scenario(path)?,
        None => klynge::sample::national(),
    };
    let (first, last) = args.years;
    let sweep = scenario.sweep(first, last, &variants).map_err(Failure::invalid)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if args.json {
        writeln!(out, "{}", sweep.to_json())
    } else {
        (|| {
            writeln!(
                out,
                "{} variants, grant years {first}-{last}; net = payouts less repayments, pending included",
                variants.len()
            )?;
            writeln!(out, "{:>7}  {:>18}  sets", "variant", "net (kr)")?;
            for (index, variant) in variants.iter().enumerate() {
                let set = serde_json::to_string(variant).unwrap_or_default();
                writeln!(out, "{index:>7}  {:>18}  {set}", sweep.net(index).to_string())?;
            }
            Ok(())
        })()
    };
    written.and_then(|()| out.flush()).map_err(|e| Failure::io(format!("cannot write the output: {e}")))
}
