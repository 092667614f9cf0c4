//! A scenario from tables (docs/formats.md "Tables instead of JSON"): the CSV text of
//! `clusters.csv`, `practices.csv`, `memberships.csv`, `patients.csv` and, if wanted,
//! `rates.csv` and a one-row `policy.csv`. The columns are the JSON's field names, in any
//! order; an empty cell is null; `by_transfer` is `true`/`false` (any case) or empty for false.
//!
//! The core reads text, not files: the caller reads the folder (the `grant_report` example and
//! the Python package's `Scenario.from_csv` do). Every problem names its file, row and column,
//! `memberships.csv:12:joined`, where row 1 is the first data row and row 0 the header.

use std::sync::mpsc;

use super::items::{Clusters, Collected, Kind, Memberships, Patients, PolicyKind, Practices, Rates, field_index};
use super::read::{Item, Origin, Problems, Raw, STOP_AFTER, Section};
use crate::csv_rows::{Cells, Rows, separator_hint};
use crate::problem::{Problem, quote};
use crate::rule::Rule;
use crate::two_cores;

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

/// Tables from which reading is split between two cores: below it, handing half to the
/// helper thread and joining its rows costs more than it saves.
const SPLIT_FROM: usize = 256 * 1024;

/// Reads every table of `tables`, collecting every problem.
///
/// Long tables are read on two cores: the helper thread (`two_cores.rs`) reads the rows of the
/// longest of practices, memberships and patients from a line about where half of all the text
/// is left ([`Rows::split_point`]), while this thread reads the tables in order up to that
/// line. The helper's rows are kept where both read that table from lines (no quote in it,
/// every line ended by `\n` alone, so a row's number is its line's) and the helper found no
/// problem; otherwise this thread reads on from the line alone. Either way the items, their
/// order and their numbers are those of reading row by row.
pub(crate) fn read(tables: &ScenarioTables<'_>) -> (Collected, Problems) {
    read_as(tables, Mode::Fast)
}

/// [`read`] without its fast ways: every row read by the CSV parser and the general way, one
/// after the other on this thread. For tests, which check that both give the same answer.
pub(crate) fn read_carefully(tables: &ScenarioTables<'_>) -> (Collected, Problems) {
    read_as(tables, Mode::Careful)
}

fn read_as(tables: &ScenarioTables<'_>, mode: Mode) -> (Collected, Problems) {
    let total: usize =
        [tables.clusters, tables.practices, tables.memberships, tables.patients, tables.rates, tables.policy]
            .iter()
            .map(|t| t.map_or(0, str::len))
            .sum();
    let longest = [
        (Section::Practices, tables.practices),
        (Section::Memberships, tables.memberships),
        (Section::Patients, tables.patients),
    ]
    .into_iter()
    .filter_map(|(section, text)| Some((section, text?)))
    .max_by_key(|(_, text)| text.len());
    let read_all = |handoff: &mut Option<Handoff>| {
        let mut out = Collected::default();
        let mut problems = Problems::default();
        table::<Clusters>(tables.clusters, true, mode, &mut out, &mut problems, handoff);
        table::<Practices>(tables.practices, true, mode, &mut out, &mut problems, handoff);
        table::<Memberships>(tables.memberships, true, mode, &mut out, &mut problems, handoff);
        table::<Patients>(tables.patients, true, mode, &mut out, &mut problems, handoff);
        table::<Rates>(tables.rates, false, mode, &mut out, &mut problems, handoff);
        table::<PolicyKind>(tables.policy, false, mode, &mut out, &mut problems, handoff);
        (out, problems)
    };
    let split = longest.filter(|_| total >= SPLIT_FROM && mode == Mode::Fast);
    // Where no helper can be had, this thread reads alone.
    let Some(((section, text), helper)) = split.and_then(|longest| Some((longest, two_cores::helper()?))) else {
        return read_all(&mut None);
    };
    // The helper's share: half of all the text, from the longest table's end.
    let at = text.len().saturating_sub(total / 2);
    let (rows, received) = mpsc::sync_channel(1);
    let (_, read) = helper.join(
        move || {
            let read = match section {
                Section::Practices => rows_after::<Practices>(text, at),
                Section::Memberships => rows_after::<Memberships>(text, at),
                _ => rows_after::<Patients>(text, at),
            };
            // Nobody may be waiting any more: the rows are then dropped.
            let _ = rows.send(read);
        },
        move || read_all(&mut Some(Handoff { section, at, rows: received })),
    );
    read
}

/// The helper thread's part of reading a long table (see [`read`]).
struct Handoff {
    section: Section,
    /// Where the helper looks for its first line ([`Rows::split_point`]).
    at: usize,
    rows: mpsc::Receiver<Option<Collected>>,
}

/// The items of the rows of `text` (a table of kind `K`) from its split point after `at` to its
/// end, read as reading every row would; `None` where it cannot be split, or at any problem.
fn rows_after<K: QuickRow>(text: &str, at: usize) -> Option<Collected> {
    let mut out = Collected::default();
    let mut problems = Problems::default();
    let mut table = open::<K>(Some(text), true, Mode::Helper, &mut out, &mut problems)?;
    let split = table.rows.split_point(at)?;
    table.rows.skip_to(split)?;
    problems.is_empty().then_some(())?;
    read_rows::<K>(&mut table, &mut out, &mut problems, 0, Mode::Helper);
    problems.is_empty().then_some(out)
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

/// Reads table `K` (`needed`: a missing table is a problem), the rows after a split on the
/// helper's side where it reads this table.
fn table<K: QuickRow>(
    text: Option<&str>,
    needed: bool,
    mode: Mode,
    out: &mut Collected,
    problems: &mut Problems,
    handoff: &mut Option<Handoff>,
) {
    let Some(mut table) = open::<K>(text, needed, mode, out, problems) else { return };
    let at_start = problems.total();
    let split = match handoff.as_ref().filter(|h| h.section == K::SECTION) {
        Some(h) => table.rows.split_point(h.at).filter(|split| table.rows.hold_at(*split)),
        None => None,
    };
    if !read_rows::<K>(&mut table, out, problems, at_start, mode) || split.is_none() {
        return;
    }
    let tail = handoff.take().and_then(|h| h.rows.recv().ok().flatten());
    match tail {
        // Reading row by row would have stopped before the helper's first row had this side
        // found too many problems.
        Some(tail) if problems.total() - at_start <= STOP_AFTER => out.append(tail, 0),
        _ => {
            table.rows.read_on();
            read_rows::<K>(&mut table, out, problems, at_start, mode);
        }
    }
}

/// A table whose header was read.
struct Table<'t> {
    rows: Rows<'t>,
    /// The column names.
    names: Vec<String>,
    /// Each column's field, or `None` for a column that is no field.
    columns: Vec<Option<usize>>,
}

/// Opens table `K`'s text and reads its header, recording its problems; `None` where its rows
/// cannot be read.
fn open<'t, K: Kind>(
    text: Option<&'t str>,
    needed: bool,
    mode: Mode,
    out: &mut Collected,
    problems: &mut Problems,
) -> Option<Table<'t>> {
    let file = Origin::Csv.section(K::SECTION);
    let header_problem = |problems: &mut Problems, rank: usize, path: String, en: String, da: String| {
        problems.push((K::SECTION, 0, rank), Problem::new(path, Rule::Format, en, da));
    };
    let Some(text) = text else {
        if needed {
            header_problem(problems, 0, file, "the table is missing".into(), "tabellen mangler".into());
        }
        return None;
    };
    let opened = if mode == Mode::Careful { Rows::open_parser_only(text, b',') } else { Rows::open(text, b',') };
    let (rows, names) = match opened {
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
            return None;
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
        return None;
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
            return None;
        }
    }
    Some(Table { rows, names, columns })
}

/// How rows are read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The quick way where it can, on two cores where the tables are long.
    Fast,
    /// The helper's side: the quick way, stopping at the first problem.
    Helper,
    /// The CSV parser and the general way alone, on one core.
    Careful,
}

/// Reads the rows of table `K`, recording their problems; the problems counted from
/// `at_start`. False where reading stopped after too many problems (the rows after are not
/// read), or at the first problem on the helper's side.
fn read_rows<K: QuickRow>(
    table: &mut Table<'_>,
    out: &mut Collected,
    problems: &mut Problems,
    at_start: usize,
    mode: Mode,
) -> bool {
    let Table { rows, names, columns } = table;
    let columns: &[Option<usize>] = columns;
    let file = Origin::Csv.section(K::SECTION);
    // The columns in the format's order, each field once: rows may be read the quick way.
    let in_order = mode != Mode::Careful
        && columns.len() == K::FIELDS.len()
        && columns.iter().enumerate().all(|(i, c)| *c == Some(i));
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
            return false;
        }
        if mode == Mode::Helper && !problems.is_empty() {
            return false;
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
        if in_order && K::quick(row.cells, out, index).is_some() {
            continue;
        }
        let mut item = Item::new(K::FIELDS, Origin::Csv, K::SECTION, index, problems);
        for (cell, field) in row.cells.iter().zip(columns) {
            if let Some(field) = field {
                item.set(*field, if cell.is_empty() { Raw::Null } else { Raw::Cell(cell) });
            }
        }
        K::build(&mut item, out);
    }
    true
}

/// Rows of the long tables whose columns stand in the format's order, read without the
/// [`Item`] of the general way where every cell is plainly valid (digits without spaces, a date
/// `YYYY-MM-DD`, `true`/`false`), with the same constructors [`Kind::build`] calls. Anything
/// else, including any value those refuse, is read the general way, so a quick read gives what
/// [`Kind::build`] gives, and a problem is always made by the general way.
trait QuickRow: Kind {
    /// Reads row `index`'s cells into `out` as [`Kind::build`] would, or `None` having put
    /// nothing there.
    fn quick(_cells: Cells<'_>, _out: &mut Collected, _index: usize) -> Option<()> {
        None
    }
}

impl QuickRow for Clusters {}
impl QuickRow for Rates {}
impl QuickRow for PolicyKind {}

/// A whole number of 1 to 18 digits and nothing else, as [`Item::integer`] reads such a cell.
fn whole(cell: &str) -> Option<i64> {
    if cell.is_empty() || cell.len() > 18 || !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(cell.bytes().fold(0i64, |value, digit| value * 10 + i64::from(digit - b'0')))
}

impl QuickRow for Practices {
    fn quick(cells: Cells<'_>, out: &mut Collected, index: usize) -> Option<()> {
        out.quick_practice(index, cells.get(0)?.as_bytes(), whole(cells.get(1)?)?)
    }
}

impl QuickRow for Memberships {
    fn quick(cells: Cells<'_>, out: &mut Collected, index: usize) -> Option<()> {
        // As [`Item::boolean`] reads a cell.
        let by_transfer = match cells.get(4)? {
            "" => false,
            text if text.eq_ignore_ascii_case("true") => true,
            text if text.eq_ignore_ascii_case("false") => false,
            _ => return None,
        };
        let left = Some(cells.get(3)?).filter(|left| !left.is_empty());
        out.quick_membership(index, cells.get(0)?.as_bytes(), cells.get(1)?, cells.get(2)?, left, by_transfer)
    }
}

impl QuickRow for Patients {
    fn quick(cells: Cells<'_>, out: &mut Collected, index: usize) -> Option<()> {
        out.quick_patients(index, cells.get(0)?.as_bytes(), whole(cells.get(1)?)?, whole(cells.get(2)?)?)
    }
}
