//! FORMAT: the fast and the careful readers of scenario tables give the same answer. The fast
//! one (`Scenario::from_tables`) splits rows from lines where a table has no quote, reads plainly
//! valid rows without the general item, and reads a long table on two cores; the careful one
//! (`Scenario::from_tables_carefully`) reads every row with the CSV parser and the general way.
//! Both must give the same scenario or the same problems, wherever a problem stands: before, at
//! and after the place where reading is split.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use klynge::{Scenario, ScenarioTables};

/// The scenario's lists as CSV tables, with line ends `end`.
fn tables(s: &Scenario, end: &str) -> [String; 6] {
    klynge::sample::csv_tables(s).map(|table| table.replace('\n', end))
}

fn both(t: &[String; 6]) -> (Result<Scenario, klynge::ValidationErrors>, Result<Scenario, klynge::ValidationErrors>) {
    let tables = ScenarioTables {
        clusters: Some(&t[0]),
        practices: Some(&t[1]),
        memberships: Some(&t[2]),
        patients: Some(&t[3]),
        rates: Some(&t[4]),
        policy: Some(&t[5]),
    };
    (Scenario::from_tables(&tables), Scenario::from_tables_carefully(&tables))
}

#[test]
fn format_fast_and_careful_table_readers_read_the_national_sample_alike() {
    let national = klynge::sample::national();
    for end in ["\n", "\r\n"] {
        let t = tables(&national, end);
        let (fast, careful) = both(&t);
        assert_eq!(fast.as_ref().unwrap(), &national);
        assert_eq!(fast, careful);
    }
    // Columns in another order, and a quoted cell: the general ways.
    let mut t = tables(&national, "\n");
    t[3] = t[3].replacen("ydernummer,year,count", "year,ydernummer,count", 1);
    let (fast, careful) = both(&t);
    assert!(fast.is_err());
    assert_eq!(fast, careful);
    let mut t = tables(&national, "\n");
    t[3] = t[3].replacen(",2019,", ",\"2019\",", 1);
    let (fast, careful) = both(&t);
    assert_eq!(fast.as_ref().unwrap(), &national);
    assert_eq!(fast, careful);
}

/// A problem in any row about the place where the patients are split between the cores (and
/// in rows far from it), a blank line there, a row of spaces: the same answer both ways.
#[test]
fn format_the_split_of_a_long_table_reads_as_the_careful_reader_reads_it() {
    let national = klynge::sample::national();
    let t = tables(&national, "\n");
    let total: usize = t.iter().map(String::len).sum();
    let about = t[3].len() - total / 2;
    let starts: Vec<usize> = (about - 200..about + 200).filter(|at| t[3].as_bytes()[at - 1] == b'\n').collect();
    assert!(starts.len() > 5);
    let mut compared = 0;
    for &start in &starts {
        for edit in ["-", "\n", " ,\n", "x,", "\n\n"] {
            let mut changed = t.clone();
            changed[3].insert_str(start, edit);
            let (fast, careful) = both(&changed);
            assert_eq!(fast, careful, "{edit:?} at {start}");
            compared += 1;
        }
    }
    // Rows each valid on its own, wrong together (a practice not listed, a count given twice):
    // problems the cross-checks find, naming the rows' numbers, on either side of the split.
    let last = t[3].len() - 2;
    for at in [100, about - 100, about, about + 100, last - 100, last] {
        let start = t[3][..at].rfind('\n').unwrap() + 1;
        let end = start + t[3][start..].find('\n').unwrap();
        for replacement in ["999999,2022,1", ""] {
            let mut changed = t.clone();
            let row = changed[3][start..end].to_owned();
            let new = if replacement.is_empty() { format!("{row}\n{row}") } else { replacement.to_owned() };
            changed[3].replace_range(start..end, &new);
            let (fast, careful) = both(&changed);
            assert!(fast.is_err());
            assert_eq!(fast, careful, "{new:?} at {start}");
            compared += 1;
        }
    }
    // Far from the split: early in the patients, and in the memberships.
    for (table, at) in [(3, 100), (2, 500)] {
        let mut changed = t.clone();
        let start = changed[table][at..].find('\n').unwrap() + at + 1;
        changed[table].insert(start, '-');
        let (fast, careful) = both(&changed);
        assert!(fast.is_err());
        assert_eq!(fast, careful);
        compared += 1;
    }
    assert!(compared > 25);
}
