//! A scenario from tables (docs/formats.md "Tables instead of JSON"): the CSV text of
//! `clusters.csv`, `practices.csv`, `memberships.csv`, `patients.csv` and, if wanted,
//! `rates.csv` and a one-row `policy.csv`. The columns are the JSON's field names, in any
//! order; an empty cell is null; `by_transfer` is `true`/`false` (any case) or empty for false.
//!
//! The core reads text, not files: the caller reads the folder (the `grant_report` example and
//! the Python package's `Scenario.from_csv` do). Every problem names its file, row and column,
//! `memberships.csv:12:joined`, where row 1 is the first data row and row 0 the header.

use super::items::{Clusters, Collected, Kind, Memberships, Patients, PolicyKind, Practices, Rates, field_index};
use super::read::{Item, Origin, Problems, Raw, STOP_AFTER, Section};
use crate::csv_rows::{Rows, separator_hint};
use crate::problem::{Problem, quote};
use crate::rule::Rule;

/// The CSV text of each table of a scenario; `None` where there is no such file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScenarioTables<'a> {
    /// `clusters.csv` (required).
    pub clusters: Option<&'a str>,
    /// `practices.csv` (required).
    pub practices: Option<&'a str>,
    /// `memberships.csv` (required).
    pub memberships: Option<&'a str>,
    /// `patients.csv` (required).
    pub patients: Option<&'a str>,
    /// `rates.csv` (optional).
    pub rates: Option<&'a str>,
    /// `policy.csv` (optional, one row).
    pub policy: Option<&'a str>,
}

impl ScenarioTables<'_> {
    /// The file names of the tables, in docs/formats.md's order.
    pub const FILES: [&'static str; 6] =
        ["clusters.csv", "practices.csv", "memberships.csv", "patients.csv", "rates.csv", "policy.csv"];
}

/// Reads every table of `tables`, collecting every problem.
pub(crate) fn read(tables: &ScenarioTables<'_>) -> (Collected, Problems) {
    let mut out = Collected::default();
    let mut problems = Problems::default();
    table::<Clusters>(tables.clusters, true, &mut out, &mut problems);
    table::<Practices>(tables.practices, true, &mut out, &mut problems);
    table::<Memberships>(tables.memberships, true, &mut out, &mut problems);
    table::<Patients>(tables.patients, true, &mut out, &mut problems);
    table::<Rates>(tables.rates, false, &mut out, &mut problems);
    table::<PolicyKind>(tables.policy, false, &mut out, &mut problems);
    (out, problems)
}

/// The fields without which an item of each kind cannot be read.
pub(crate) fn required(section: Section) -> &'static [&'static str] {
    match section {
        Section::Clusters => &["id", "founded"],
        Section::Practices => &["ydernummer", "capacities"],
        Section::Memberships => &["ydernummer", "cluster", "joined"],
        Section::Patients => &["ydernummer", "year", "count"],
        Section::Rates => &["year", "rate"],
        Section::Top | Section::Policy => &[],
    }
}

fn table<K: Kind>(text: Option<&str>, needed: bool, out: &mut Collected, problems: &mut Problems) {
    let file = Origin::Csv.section(K::SECTION);
    let header_problem = |problems: &mut Problems, rank: usize, path: String, en: String, da: String| {
        problems.push((K::SECTION, 0, rank), Problem::new(path, Rule::Format, en, da));
    };
    let Some(text) = text else {
        if needed {
            header_problem(problems, 0, file, "the table is missing".into(), "tabellen mangler".into());
        }
        return;
    };
    let (mut rows, names) = match Rows::open(text, b',') {
        Ok(opened) => opened,
        Err((names, found)) => {
            for p in found {
                let path = match p.column.and_then(|c| names.get(c)) {
                    Some(name) => format!("{file}:0:{}", quote(name).trim_matches('"')),
                    None => format!("{file}:0"),
                };
                header_problem(problems, p.column.unwrap_or(0), path, p.en, p.da);
            }
            out.incomplete.push(K::SECTION);
            return;
        }
    };
    if let Some((en, da)) = separator_hint(&names, b',') {
        header_problem(
            problems,
            0,
            format!("{file}:0"),
            format!("{en}; save the table with commas between cells"),
            format!("{da}; gem tabellen med komma mellem cellerne"),
        );
        out.incomplete.push(K::SECTION);
        return;
    }
    // The header row: each column's field, or `None` for a column that is no field (refused).
    let columns: Vec<Option<usize>> = names.iter().map(|name| field_index(K::FIELDS, name)).collect();
    let unknown: Vec<&str> =
        names.iter().zip(&columns).filter(|(_, field)| field.is_none()).map(|(name, _)| name.as_str()).collect();
    let missing: Vec<&str> =
        required(K::SECTION).iter().filter(|name| !columns.contains(&field_index(K::FIELDS, name))).copied().collect();
    if !unknown.is_empty() || !missing.is_empty() {
        // One problem for the header. Without a required column its rows cannot be read, and
        // nothing is checked against them: a misspelt column gives one problem, not one a row.
        let expected = K::FIELDS.join(", ");
        let list = |names: &[&str]| names.iter().map(|n| quote(n)).collect::<Vec<_>>().join(", ");
        let column = unknown.first().or(missing.first()).copied().unwrap_or("");
        let path = format!("{file}:0:{}", quote(column).trim_matches('"'));
        let (en, da) = if missing.is_empty() {
            (
                format!("unknown column {}; expected columns among {expected}", list(&unknown)),
                format!("ukendt kolonne {}; forventede kolonner blandt {expected}", list(&unknown)),
            )
        } else {
            let (mut en, mut da) = (Vec::new(), Vec::new());
            if !unknown.is_empty() {
                en.push(format!("unknown column {}", list(&unknown)));
                da.push(format!("ukendt kolonne {}", list(&unknown)));
            }
            en.push(format!("the column {} is required", missing.join(", ")));
            da.push(format!("kolonnen {} skal være der", missing.join(", ")));
            (
                format!("{}; the columns are {expected}; the rows are not read", en.join("; ")),
                format!("{}; kolonnerne er {expected}; rækkerne læses ikke", da.join("; ")),
            )
        };
        header_problem(problems, 0, path, en, da);
        if !missing.is_empty() {
            out.incomplete.push(K::SECTION);
            return;
        }
    }
    let at_start = problems.total();
    while let Some(row) = rows.next_row() {
        if problems.total() - at_start > STOP_AFTER {
            // Garbage of any size costs bounded time: the first problems say what is wrong.
            problems.push_kept(
                (K::SECTION, usize::MAX, 0),
                Problem::new(
                    file.clone(),
                    Rule::Format,
                    format!("reading {file} stopped after {STOP_AFTER} problems: correct these first"),
                    format!("læsningen af {file} stoppede efter {STOP_AFTER} problemer: ret dem først"),
                ),
            );
            out.incomplete.push(K::SECTION);
            return;
        }
        let row = match row {
            Ok(row) => row,
            Err(p) => {
                let index = p.row.saturating_sub(1);
                let path = match p.column.and_then(|c| names.get(c)) {
                    Some(name) => Origin::Csv.field(K::SECTION, index, name),
                    None => Origin::Csv.item(K::SECTION, index),
                };
                problems.push((K::SECTION, index, 0), Problem::new(path, Rule::Format, p.en, p.da));
                out.incomplete.push(K::SECTION);
                continue;
            }
        };
        let index = row.number - 1;
        let mut item = Item::new(K::FIELDS, Origin::Csv, K::SECTION, index, problems);
        for (cell, field) in row.cells.iter().zip(&columns) {
            if let Some(field) = field {
                item.set(*field, if cell.is_empty() { Raw::Null } else { Raw::Cell(cell) });
            }
        }
        K::build(&mut item, out);
    }
}
