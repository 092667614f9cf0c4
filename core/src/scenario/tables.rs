//! A scenario from tables (docs/formats.md "Tables instead of JSON"): the CSV text of
//! `clusters.csv`, `practices.csv`, `memberships.csv`, `patients.csv` and, if wanted,
//! `rates.csv` and a one-row `policy.csv`. The columns are the JSON's field names, in any
//! order; an empty cell is null; `by_transfer` is `true`/`false` (any case) or empty for false.
//!
//! The core reads text, not files: the caller reads the folder (the `grant_report` example and
//! the Python package's `Scenario.from_csv` do). Every problem names its file, row and column,
//! `memberships.csv:12:joined`, where row 1 is the first data row and row 0 the header.

use super::items::{Clusters, Collected, Kind, Memberships, Patients, PolicyKind, Practices, Rates, field_index};
use super::read::{Item, Origin, Problems, Raw, Section};
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
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // The header row: each column's field, or `None` for a column that is no field (refused).
    let columns: Vec<Option<usize>> = match reader.read_record(&mut record) {
        Ok(true) => record
            .iter()
            .enumerate()
            .map(|(i, name)| {
                // A byte-order mark before the first name is not part of it.
                let name = if i == 0 { name.trim_start_matches('\u{feff}') } else { name };
                let name = name.trim();
                let field = field_index(K::FIELDS, name);
                if field.is_none() {
                    let expected = K::FIELDS.join(", ");
                    header_problem(
                        problems,
                        0,
                        format!("{file}:0:{}", quote(name).trim_matches('"')),
                        format!("unknown column {}; expected columns among {expected}", quote(name)),
                        format!("ukendt kolonne {}; forventede kolonner blandt {expected}", quote(name)),
                    );
                }
                field
            })
            .collect(),
        Ok(false) => {
            header_problem(
                problems,
                0,
                file,
                "the table is empty: it needs a header row".into(),
                "tabellen er tom: den skal have en overskriftsrække".into(),
            );
            return;
        }
        Err(e) => {
            header_problem(
                problems,
                0,
                format!("{file}:0"),
                format!("not valid CSV: {e}"),
                format!("ikke gyldig CSV: {e}"),
            );
            return;
        }
    };
    let mut complete = true;
    for name in required(K::SECTION) {
        let index = field_index(K::FIELDS, name).unwrap_or(0);
        if !columns.contains(&Some(index)) {
            complete = false;
            header_problem(
                problems,
                index + 1,
                format!("{file}:0:{name}"),
                format!("the column {name} is required"),
                format!("kolonnen {name} skal være der"),
            );
        }
    }
    let mut seen = vec![false; K::FIELDS.len()];
    for (column, field) in columns.iter().enumerate() {
        if let Some(field) = field
            && let Some(seen) = seen.get_mut(*field)
        {
            if *seen {
                let name = K::FIELDS.get(*field).copied().unwrap_or("");
                header_problem(
                    problems,
                    field + 1,
                    format!("{file}:0:{name}"),
                    format!("the column {name} appears twice (column {})", column + 1),
                    format!("kolonnen {name} optræder to gange (kolonne {})", column + 1),
                );
                complete = false;
            }
            *seen = true;
        }
    }
    if !complete {
        return;
    }
    // Rows are numbered by the file's lines after the header's, as an editor shows them
    // (row 1 is the line after the header); `index` counts from 0.
    let header_line = record.position().map_or(1, csv::Position::line);
    let mut next = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                problems.push(
                    (K::SECTION, next, 0),
                    Problem::new(
                        Origin::Csv.item(K::SECTION, next),
                        Rule::Format,
                        format!("not valid CSV: {e}"),
                        format!("ikke gyldig CSV: {e}"),
                    ),
                );
                return;
            }
        }
        let line = record.position().map(csv::Position::line);
        let index = line
            .and_then(|line| usize::try_from(line.checked_sub(header_line)?.checked_sub(1)?).ok())
            .map_or(next, |index| index.max(next));
        next = index + 1;
        // A row of nothing but empty cells (a trailing blank line of a spreadsheet) is no item.
        if record.iter().all(str::is_empty) {
            continue;
        }
        let mut item = Item::new(K::FIELDS, Origin::Csv, K::SECTION, index, problems);
        if record.len() != columns.len() {
            item.item_problem(
                Rule::Format,
                format!("the row has {} cells, the header {}", record.len(), columns.len()),
                format!("rækken har {} celler, overskriften {}", record.len(), columns.len()),
            );
        }
        for (cell, field) in record.iter().zip(&columns) {
            if let Some(field) = field {
                item.set(*field, if cell.is_empty() { Raw::Null } else { Raw::Cell(cell) });
            }
        }
        K::build(&mut item, out);
    }
}
