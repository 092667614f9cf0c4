//! What the example programs share: reading a scenario from a JSON file or a folder of CSV
//! tables (the core reads text; reading files is the program's job), and printing problems.
//! The examples themselves live beside this file (`grant_report.rs`, `calendar.rs`, ...).

use std::io::Write;
use std::path::Path;

use klynge::{Scenario, ScenarioTables, ValidationErrors};

/// Why a program stops: what it prints to standard error and its exit status (2 for input that
/// does not validate, 1 for a file that cannot be read or written).
#[derive(Debug)]
pub struct Failure {
    /// The exit status.
    pub status: u8,
    /// The problems of the input, if that is why.
    pub problems: Option<ValidationErrors>,
    /// Otherwise, the message.
    pub message: String,
}

impl Failure {
    /// Input that does not validate: every problem, exit status 2.
    pub fn invalid(problems: ValidationErrors) -> Self {
        Failure { status: 2, problems: Some(problems), message: String::new() }
    }

    /// A usage or input error with a message, exit status 2.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { status: 2, problems: None, message: message.into() }
    }

    /// A file that cannot be read or written, exit status 1.
    pub fn io(message: impl Into<String>) -> Self {
        Failure { status: 1, problems: None, message: message.into() }
    }

    /// The failure as one line of text (its message, or its problems joined).
    pub fn describe(&self) -> String {
        match &self.problems {
            Some(problems) => problems
                .all()
                .iter()
                .map(|p| format!("{}: [{}] {}", p.path, p.rule, p.message_en))
                .collect::<Vec<_>>()
                .join("; "),
            None => self.message.clone(),
        }
    }

    /// Prints the failure to standard error as `program: message`, or every problem.
    pub fn report(&self, program: &str) -> std::process::ExitCode {
        match &self.problems {
            Some(problems) => print_problems(problems),
            None => eprintln!("{program}: {}", self.message),
        }
        std::process::ExitCode::from(self.status)
    }
}

/// Every problem on standard error: its place, rule id and message.
/// `println!` that stops quietly where standard output is closed (`| head`), instead of
/// panicking on the broken pipe.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// For an example that takes no options: `--help` (or `-h`) prints `usage` and gives exit
/// status 0, anything else prints it to standard error and gives 2; with no arguments it
/// returns, and the example runs.
pub fn no_options(program: &str, usage: &str) {
    let Some(first) = std::env::args_os().nth(1) else { return };
    if first == "--help" || first == "-h" {
        say!("{usage}");
        std::process::exit(0);
    }
    eprintln!("{program}: unexpected argument {first:?}\n{usage}");
    std::process::exit(2);
}

pub fn print_problems(errors: &ValidationErrors) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{} problem(s):", errors.len());
    let all = errors.all();
    for p in &all {
        let path = if p.path.is_empty() { "(scenario)" } else { &p.path };
        let _ = writeln!(err, "  {path}: [{}] {}", p.rule, p.message_en);
    }
    // The way forward from the command line, where a rate is what is missing.
    if all.iter().any(|p| p.rule == klynge::Rule::GrRate && p.path == "rates") {
        let _ = writeln!(
            err,
            "hint: give the missing rate with --rate YEAR=RATE (such as --rate 2021=1.00), add it to the \
             scenario's rates, or choose later years with --years A-B"
        );
    }
}

/// `--rate YEAR=RATE`: the rate per group-1 patient for a grant year (GR-RATE), such as
/// `2021=1.00`; it overrides the scenario's own and the rule book's.
pub fn parse_rate(text: &str) -> Result<(i32, klynge::Rate), Failure> {
    let bad = || {
        Failure::usage(format!(
            "--rate takes YEAR=RATE, such as 2021=1.00 (kroner per group-1 patient), not {}",
            klynge::problem::quote(text)
        ))
    };
    let (year, rate) = text.split_once('=').ok_or_else(bad)?;
    let year: i64 = year.trim().parse().map_err(|_| bad())?;
    let year = klynge::dates::check_year(year, klynge::Rule::GrRate)
        .map_err(|e| Failure::invalid(ValidationErrors::from(klynge::Problem::at("rate", &e))))?;
    let rate = rate
        .trim()
        .parse::<klynge::Rate>()
        .map_err(|e| Failure::invalid(ValidationErrors::from(klynge::Problem::at("rate", &e))))?;
    Ok((year, rate))
}

/// The bytes of the file at `path`, at most `klynge::scenario::MAX_FILE_BYTES` of them: a larger
/// file (or a device that never ends) is refused with the limit named, before it is read whole.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let limit = klynge::scenario::MAX_FILE_BYTES;
    let file = std::fs::File::open(path).map_err(|e| Failure::io(format!("cannot read {}: {e}", path.display())))?;
    let too_large = file.metadata().is_ok_and(|m| m.is_file() && m.len() > limit);
    let mut bytes = Vec::new();
    if !too_large {
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::io(format!("cannot read {}: {e}", path.display())))?;
    }
    if too_large || bytes.len() as u64 > limit {
        let problem = klynge::scenario::file_too_large(&path.display().to_string());
        return Err(Failure::invalid(ValidationErrors::from(problem)));
    }
    Ok(bytes)
}

/// Reads the scenario at `path`: a JSON file (docs/formats.md), or a folder of CSV files
/// (`clusters.csv`, `practices.csv`, `memberships.csv`, `patients.csv`, and optionally
/// `rates.csv` and `policy.csv`).
pub fn read_scenario(path: &Path) -> Result<Scenario, Failure> {
    if path.is_dir() {
        let mut texts: Vec<Option<String>> = Vec::new();
        for name in ScenarioTables::FILES {
            let file = path.join(name);
            if !file.exists() {
                texts.push(None);
                continue;
            }
            texts.push(match read_file(&file) {
                Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                    Failure::invalid(ValidationErrors::from(klynge::Problem::new(
                        name,
                        klynge::Rule::Format,
                        format!("{name} is not UTF-8 text"),
                        format!("{name} er ikke UTF-8-tekst"),
                    )))
                })?),
                Err(failure) => return Err(failure),
            });
        }
        let text = |i: usize| texts.get(i).and_then(|t| t.as_deref());
        let tables = ScenarioTables {
            clusters: text(0),
            practices: text(1),
            memberships: text(2),
            patients: text(3),
            rates: text(4),
            policy: text(5),
        };
        return Scenario::from_tables(&tables).map_err(Failure::invalid);
    }
    let bytes = read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::invalid(ValidationErrors::from(klynge::Problem::new(
            "",
            klynge::Rule::Format,
            format!("{} is not UTF-8 text, so it is not scenario JSON", path.display()),
            format!("{} er ikke UTF-8-tekst og derfor ikke scenarie-JSON", path.display()),
        )))
    })?;
    Scenario::from_json(&text).map_err(Failure::invalid)
}

/// `--years A-B` (or one year `A`): the grant years, or a usage failure.
pub fn years_argument(value: &str) -> Result<(i32, i32), Failure> {
    let (a, b) = value.split_once('-').unwrap_or((value, value));
    a.trim()
        .parse()
        .ok()
        .zip(b.trim().parse().ok())
        .ok_or_else(|| Failure::usage(format!("--years takes A-B, such as 2022-2025, not {value:?}")))
}

/// A day option (`--today`, `--until`) written `YYYY-MM-DD`: the day, or the problem (FORMAT)
/// in English and Danish.
pub fn day_argument(option: &str, value: &str) -> Result<chrono::NaiveDate, Failure> {
    klynge::dates::parse_date(value).ok_or_else(|| {
        Failure::invalid(ValidationErrors::from(klynge::Problem::new(
            option.trim_start_matches('-'),
            klynge::Rule::Format,
            format!("{option} takes a day YYYY-MM-DD, not {}", klynge::problem::quote(value)),
            format!("{option} tager en dag ÅÅÅÅ-MM-DD, ikke {}", klynge::problem::quote(value)),
        )))
    })
}

/// `--lang da|en`: the language of a table's texts, or the problem naming both.
pub fn language_argument(value: &str) -> Result<klynge::calendar::Language, Failure> {
    value.parse().map_err(|p: klynge::Problem| Failure::invalid(ValidationErrors::from(p)))
}

/// `--format table|json`: `true` for JSON, or a usage failure (with `usage`).
pub fn json_format_argument(value: &str, usage: &str) -> Result<bool, Failure> {
    match value {
        "table" => Ok(false),
        "json" => Ok(true),
        other => Err(Failure::usage(format!("--format is table or json, not {other:?}\n{usage}"))),
    }
}
