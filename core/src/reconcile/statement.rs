//! REC-STATEMENT: a statement of the transfers booked on a cluster's account, read from CSV
//! text in one of two dialects, or built from values.
//!
//! The standard dialect (docs/formats.md): comma-separated, a header row with the columns `date`
//! (`YYYY-MM-DD`), `cluster` (may be left out when the caller names the cluster), `amount` (a
//! decimal with a point and at most two decimals; positive = received by the cluster, negative
//! = paid by it), and optionally `payer` (`region` or `plo`) and `text`; unknown columns are
//! refused. The Danish bank dialect reads what Danish banks export: `;` between fields, dates
//! `DD-MM-YYYY` or `DD.MM.YYYY`, amounts such as `-10.000,00` or `3528,00`, and the columns
//! `Dato`, `Beløb` and `Tekst` (others ignored), with the cluster named by the caller.
//!
//! Every bad row is a problem with its row (1 = the first data row), column and rule id; a
//! statement that has one is refused as a whole, so nothing is matched from it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::dates::{check_date, parse_date};
use crate::grants::Payer;
use crate::ids::ClusterId;
use crate::money::Dkk;
use crate::problem::{Problem, ValidationErrors, quote};
use crate::rule::Rule;

/// Which CSV a statement is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// docs/formats.md's statement: `,`, `YYYY-MM-DD`, `-10000.00`, English column names.
    #[default]
    Standard,
    /// What Danish banks export: `;`, `DD-MM-YYYY`, `-10.000,00`, `Dato`/`Beløb`/`Tekst`.
    DanishBank,
}

impl std::str::FromStr for Dialect {
    type Err = Problem;

    /// `standard` or `danish-bank`.
    fn from_str(s: &str) -> Result<Self, Problem> {
        match s {
            "standard" => Ok(Dialect::Standard),
            "danish-bank" => Ok(Dialect::DanishBank),
            other => Err(Problem::new(
                "dialect",
                Rule::RecStatement,
                format!("the dialect is standard or danish-bank, not {}", quote(other)),
                format!("dialekten er standard eller danish-bank, ikke {}", quote(other)),
            )),
        }
    }
}

/// A transfer booked on a cluster's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// The row of the statement, from 1.
    pub row: usize,
    /// The booking day.
    pub date: NaiveDate,
    /// The cluster whose account it is.
    pub cluster: ClusterId,
    /// Positive when the cluster received it, negative when the cluster paid it.
    pub amount: Dkk,
    /// Who paid or was paid, where the statement says.
    pub payer: Option<Payer>,
    /// The statement's text.
    pub text: Option<String>,
}

/// A validated statement: its bookings, and the cluster it is of where the caller named one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    cluster: Option<ClusterId>,
    bookings: Vec<Booking>,
}

/// At most this many rows are read: a statement is a cluster's account over a few years.
pub const MAX_ROWS: usize = 1_000_000;

impl Statement {
    /// A statement of the given bookings, checked as a CSV statement is: each amount not zero,
    /// each date in the supported years, each cluster the named one (where one is named).
    pub fn new(cluster: Option<ClusterId>, bookings: Vec<Booking>) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        for b in &bookings {
            check_booking(b, cluster.as_ref(), &mut errors);
        }
        errors.into_result(Statement { cluster, bookings })
    }

    /// Reads a statement from CSV text in `dialect`; `cluster` names the cluster whose account
    /// it is (required for the Danish bank dialect, and where the text has no cluster column).
    ///
    /// ```
    /// use klynge::reconcile::{Dialect, Statement};
    /// let text = "Dato;Tekst;Beløb;Saldo\n15-01-2022;Region Syddanmark;3.528,00;3.528,00\n";
    /// let statement = Statement::from_csv(text, Dialect::DanishBank, Some("nordfyn".parse()?))?;
    /// assert_eq!(statement.bookings()[0].amount.to_string(), "3528.00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_csv(text: &str, dialect: Dialect, cluster: Option<ClusterId>) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let delimiter = match dialect {
            Dialect::Standard => b',',
            Dialect::DanishBank => b';',
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let header = |path: String, en: String, da: String| Problem::new(path, Rule::RecStatement, en, da);
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                return Err(ValidationErrors::from(header(
                    "statement".into(),
                    "the statement is empty: it needs a header row".into(),
                    "kontoudtoget er tomt: det skal have en overskriftsrække".into(),
                )));
            }
            Err(e) => {
                return Err(ValidationErrors::from(header(
                    "statement:0".into(),
                    format!("not valid CSV: {e}"),
                    format!("ikke gyldig CSV: {e}"),
                )));
            }
        }
        let columns = Columns::of(&record, dialect, cluster.is_some())?;
        let mut bookings = Vec::new();
        let mut row = 0;
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    errors.push(header(
                        format!("statement:{}", row + 1),
                        format!("not valid CSV: {e}"),
                        format!("ikke gyldig CSV: {e}"),
                    ));
                    break;
                }
            }
            row += 1;
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            if row > MAX_ROWS {
                errors.push(header(
                    format!("statement:{row}"),
                    format!("a statement has at most {MAX_ROWS} rows"),
                    format!("et kontoudtog har højst {MAX_ROWS} rækker"),
                ));
                break;
            }
            if let Some(booking) = columns.booking(&record, row, dialect, cluster.as_ref(), &mut errors) {
                check_booking(&booking, cluster.as_ref(), &mut errors);
                bookings.push(booking);
            }
        }
        errors.into_result(Statement { cluster, bookings })
    }

    /// The cluster the statement is of, where the caller named one.
    pub fn cluster(&self) -> Option<&ClusterId> {
        self.cluster.as_ref()
    }

    /// The bookings, in the statement's order.
    pub fn bookings(&self) -> &[Booking] {
        &self.bookings
    }
}

/// REC-STATEMENT: a booking's own checks.
fn check_booking(b: &Booking, cluster: Option<&ClusterId>, errors: &mut ValidationErrors) {
    let at = |column: &str| format!("statement:{}:{column}", b.row);
    if b.amount.ore() == 0 {
        errors.push(Problem::new(at("amount"), Rule::RecStatement, "the amount is zero", "beløbet er nul"));
    }
    errors.check(&at("date"), check_date(b.date, Rule::RecStatement));
    if let Some(named) = cluster
        && *named != b.cluster
    {
        errors.push(Problem::new(
            at("cluster"),
            Rule::RecStatement,
            format!("the statement is of cluster {named}, not {}", b.cluster),
            format!("kontoudtoget er for klynge {named}, ikke {}", b.cluster),
        ));
    }
}

/// Where each field is among a statement's columns.
struct Columns {
    date: usize,
    amount: usize,
    cluster: Option<usize>,
    payer: Option<usize>,
    text: Option<usize>,
}

impl Columns {
    fn of(header: &csv::StringRecord, dialect: Dialect, cluster_named: bool) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let names: Vec<&str> = header.iter().map(str::trim).collect();
        let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
        let (date, amount, cluster, payer, text) = match dialect {
            Dialect::Standard => {
                const KNOWN: [&str; 5] = ["date", "cluster", "amount", "payer", "text"];
                for (i, name) in names.iter().enumerate() {
                    if !KNOWN.contains(name) {
                        errors.push(Problem::new(
                            format!("statement:0:{}", quote(name).trim_matches('"')),
                            Rule::RecStatement,
                            format!(
                                "unknown column {} (column {}); expected date, cluster, amount, payer, text",
                                quote(name),
                                i + 1
                            ),
                            format!(
                                "ukendt kolonne {} (kolonne {}); forventede date, cluster, amount, payer, text",
                                quote(name),
                                i + 1
                            ),
                        ));
                    }
                }
                (find("date"), find("amount"), find("cluster"), find("payer"), find("text"))
            }
            Dialect::DanishBank => (find("dato"), find("beløb").or_else(|| find("beloeb")), None, None, find("tekst")),
        };
        let required = match dialect {
            Dialect::Standard => [("date", date), ("amount", amount)],
            Dialect::DanishBank => [("Dato", date), ("Beløb", amount)],
        };
        for (name, found) in required {
            if found.is_none() {
                errors.push(Problem::new(
                    format!("statement:0:{name}"),
                    Rule::RecStatement,
                    format!("the column {name} is required"),
                    format!("kolonnen {name} skal være der"),
                ));
            }
        }
        if cluster.is_none() && !cluster_named {
            errors.push(Problem::new(
                "statement:0:cluster",
                Rule::RecStatement,
                "name the cluster whose account the statement is, or give a cluster column",
                "angiv klyngen, hvis konto kontoudtoget er, eller en kolonne cluster",
            ));
        }
        match (date, amount, errors.is_empty()) {
            (Some(date), Some(amount), true) => Ok(Columns { date, amount, cluster, payer, text }),
            _ => Err(errors),
        }
    }

    /// The booking of row `row`, or its problems recorded.
    fn booking(
        &self,
        record: &csv::StringRecord,
        row: usize,
        dialect: Dialect,
        cluster: Option<&ClusterId>,
        errors: &mut ValidationErrors,
    ) -> Option<Booking> {
        let cell = |i: usize| record.get(i).map(str::trim).unwrap_or("");
        let bad = |errors: &mut ValidationErrors, column: &str, en: String, da: String| {
            errors.push(Problem::new(format!("statement:{row}:{column}"), Rule::RecStatement, en, da));
        };
        let (date_name, amount_name) = match dialect {
            Dialect::Standard => ("date", "amount"),
            Dialect::DanishBank => ("Dato", "Beløb"),
        };
        let date_text = cell(self.date);
        let date = match dialect {
            Dialect::Standard => parse_date(date_text),
            Dialect::DanishBank => danish_date(date_text),
        };
        if date.is_none() {
            let (en, da) = match dialect {
                Dialect::Standard => ("YYYY-MM-DD", "ÅÅÅÅ-MM-DD"),
                Dialect::DanishBank => ("DD-MM-YYYY or DD.MM.YYYY", "DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ"),
            };
            bad(
                errors,
                date_name,
                format!("{} is not a date {en}", quote(date_text)),
                format!("{} er ikke en dato {da}", quote(date_text)),
            );
        }
        let amount_text = cell(self.amount);
        let amount = match dialect {
            Dialect::Standard => standard_amount(amount_text),
            Dialect::DanishBank => danish_amount(amount_text),
        };
        if amount.is_none() {
            let (en, da) = match dialect {
                Dialect::Standard => (
                    "a decimal with a point and at most two decimals, such as -10000.00",
                    "et decimaltal med punktum og højst to decimaler, fx -10000.00",
                ),
                Dialect::DanishBank => {
                    ("an amount such as -10.000,00 or 3528,00", "et beløb som -10.000,00 eller 3528,00")
                }
            };
            bad(
                errors,
                amount_name,
                format!("{} is not {en}", quote(amount_text)),
                format!("{} er ikke {da}", quote(amount_text)),
            );
        }
        let booked_cluster = match self.cluster.map(cell) {
            Some(text) if !text.is_empty() => match text.parse::<ClusterId>() {
                Ok(id) => Some(id),
                Err(e) => {
                    errors.push(Problem::at(format!("statement:{row}:cluster"), &e));
                    None
                }
            },
            _ => match cluster {
                Some(named) => Some(named.clone()),
                None => {
                    bad(errors, "cluster", "the cluster is missing".into(), "klyngen mangler".into());
                    None
                }
            },
        };
        let payer = match self.payer.map(cell) {
            None | Some("") => Some(None),
            Some("region") => Some(Some(Payer::Region)),
            Some("plo") => Some(Some(Payer::Plo)),
            Some(other) => {
                bad(
                    errors,
                    "payer",
                    format!("the payer is region or plo, not {}", quote(other)),
                    format!("betaleren er region eller plo, ikke {}", quote(other)),
                );
                None
            }
        };
        let text = self.text.map(cell).filter(|t| !t.is_empty()).map(|t| t.chars().take(500).collect());
        Some(Booking { row, date: date?, cluster: booked_cluster?, amount: amount?, payer: payer?, text })
    }
}

/// A standard amount: an optional minus, digits, and at most two decimals after a point.
fn standard_amount(text: &str) -> Option<Dkk> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let plain = !whole.is_empty()
        && whole.len() <= 15
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.len() <= 2
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(unsigned.contains('.') && fraction.is_empty());
    if !plain {
        return None;
    }
    Decimal::from_str_exact(text).ok().and_then(|d| Dkk::round(d).ok())
}

/// A Danish amount: an optional minus, digits grouped by `.` in threes (or not), and at most
/// two decimals after a `,`: `-10.000,00`, `3528,00`, `250`.
fn danish_amount(text: &str) -> Option<Dkk> {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = unsigned.split_once(',').unwrap_or((unsigned, ""));
    let groups: Vec<&str> = whole.split('.').collect();
    let grouped = groups.len() == 1
        || (groups.first().is_some_and(|g| (1..=3).contains(&g.len())) && groups.iter().skip(1).all(|g| g.len() == 3));
    let digits: String = groups.concat();
    let plain = grouped
        && !digits.is_empty()
        && digits.len() <= 15
        && digits.bytes().all(|b| b.is_ascii_digit())
        && fraction.len() <= 2
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(unsigned.contains(',') && fraction.is_empty());
    if !plain {
        return None;
    }
    let canonical = if fraction.is_empty() { format!("{sign}{digits}") } else { format!("{sign}{digits}.{fraction}") };
    Decimal::from_str_exact(&canonical).ok().and_then(|d| Dkk::round(d).ok())
}

/// A Danish date: `DD-MM-YYYY` or `DD.MM.YYYY`.
fn danish_date(text: &str) -> Option<NaiveDate> {
    let [d1, d2, s1, m1, m2, s2, y1, y2, y3, y4] = *text.as_bytes() else { return None };
    if !((s1 == b'-' && s2 == b'-') || (s1 == b'.' && s2 == b'.')) {
        return None;
    }
    let iso = [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2];
    parse_date(std::str::from_utf8(&iso).ok()?)
}

#[cfg(feature = "arrow")]
impl Statement {
    /// Reads a statement from Arrow record batches (a dataframe's), with the standard
    /// dialect's columns: `date` (a date, a timestamp at midnight, or text `YYYY-MM-DD`),
    /// `amount` (a decimal, whole kroner, or text such as `-10000.00`; never a float, which
    /// cannot hold øre exactly), and optionally `cluster`, `payer` and `text`. Problems name
    /// `statement:row:column`, rows from 1.
    pub fn from_record_batches(
        batches: &[arrow_array::RecordBatch],
        cluster: Option<ClusterId>,
    ) -> Result<Self, ValidationErrors> {
        use crate::scenario::frames::Cells;
        use crate::scenario::read::Raw;

        let mut errors = ValidationErrors::new();
        let Some(schema) = batches.first().map(arrow_array::RecordBatch::schema) else {
            return Statement::new(cluster, Vec::new());
        };
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let mut header = csv::StringRecord::new();
        for name in &names {
            header.push_field(name);
        }
        let columns = Columns::of(&header, Dialect::Standard, cluster.is_some())?;
        let mut bookings = Vec::new();
        let mut row = 0;
        for batch in batches {
            if batch.schema() != schema {
                return Err(ValidationErrors::from(Problem::new(
                    "statement",
                    Rule::RecStatement,
                    "the statement's batches differ in their columns",
                    "kontoudtogets dele har forskellige kolonner",
                )));
            }
            let cells = |i: Option<usize>| i.and_then(|i| batch.columns().get(i)).map(|c| Cells::new(c.as_ref()));
            let (date, amount) = (cells(Some(columns.date)), cells(Some(columns.amount)));
            let (named, payer, text) = (cells(columns.cluster), cells(columns.payer), cells(columns.text));
            for r in 0..batch.num_rows() {
                row += 1;
                let at = |column: &str| format!("statement:{row}:{column}");
                fn cell<'a>(c: &Option<Cells<'a>>, r: usize) -> Raw<'a> {
                    c.as_ref().map_or(Raw::Null, |c| c.raw(r))
                }
                let date = match cell(&date, r) {
                    Raw::Date(d) => Some(d),
                    Raw::Cell(t) => parse_date(t),
                    _ => None,
                };
                if date.is_none() {
                    errors.push(Problem::new(
                        at("date"),
                        Rule::RecStatement,
                        "expected a date YYYY-MM-DD",
                        "forventede en dato ÅÅÅÅ-MM-DD",
                    ));
                }
                let amount = match cell(&amount, r) {
                    Raw::Decimal(d) if d.normalize().scale() <= 2 => Dkk::round(d).ok(),
                    Raw::Int(n) => Some(Dkk::from_kroner(n)),
                    Raw::Cell(t) => standard_amount(t),
                    _ => None,
                };
                if amount.is_none() {
                    errors.push(Problem::new(
                        at("amount"),
                        Rule::RecStatement,
                        "expected an amount with at most two decimals, as a decimal, whole kroner or text (never a float)",
                        "forventede et beløb med højst to decimaler som decimaltal, hele kroner eller tekst (aldrig et kommatal)",
                    ));
                }
                let booked_cluster = match cell(&named, r) {
                    Raw::Cell(t) => {
                        t.parse::<ClusterId>().map_err(|e| errors.push(Problem::at(at("cluster"), &e))).ok()
                    }
                    _ => cluster.clone(),
                };
                let payer = match cell(&payer, r) {
                    Raw::Cell("region") => Some(Some(Payer::Region)),
                    Raw::Cell("plo") => Some(Some(Payer::Plo)),
                    Raw::Null => Some(None),
                    _ => {
                        errors.push(Problem::new(
                            at("payer"),
                            Rule::RecStatement,
                            "the payer is region or plo",
                            "betaleren er region eller plo",
                        ));
                        None
                    }
                };
                let text = match cell(&text, r) {
                    Raw::Cell(t) => Some(t.chars().take(500).collect()),
                    _ => None,
                };
                if let (Some(date), Some(amount), Some(cluster), Some(payer)) = (date, amount, booked_cluster, payer) {
                    bookings.push(Booking { row, date, cluster, amount, payer, text });
                }
            }
        }
        for b in &bookings {
            check_booking(b, cluster.as_ref(), &mut errors);
        }
        errors.into_result(Statement { cluster, bookings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rec_statement_amounts_in_both_dialects() {
        let ore = |d: Option<Dkk>| d.map(Dkk::ore);
        assert_eq!(ore(standard_amount("-10000.00")), Some(-1_000_000));
        assert_eq!(ore(standard_amount("3528")), Some(352_800));
        assert_eq!(ore(standard_amount("3528.5")), Some(352_850));
        for bad in ["", "-", "1.", ".5", "1,5", "1.005", "1 000", "+5", "1e3", "10.000,00"] {
            assert_eq!(standard_amount(bad), None, "{bad}");
        }
        assert_eq!(ore(danish_amount("-10.000,00")), Some(-1_000_000));
        assert_eq!(ore(danish_amount("3528,00")), Some(352_800));
        assert_eq!(ore(danish_amount("1.234.567,5")), Some(123_456_750));
        assert_eq!(ore(danish_amount("250")), Some(25_000));
        for bad in ["", "10.00,00", "1.2345,00", "3528.00", "3528,", "3528,005", "12.345.67"] {
            assert_eq!(danish_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn rec_statement_danish_dates() {
        assert_eq!(danish_date("15-01-2022"), NaiveDate::from_ymd_opt(2022, 1, 15));
        assert_eq!(danish_date("15.01.2022"), NaiveDate::from_ymd_opt(2022, 1, 15));
        for bad in ["15-01.2022", "2022-01-15", "5-1-2022", "31-02-2022"] {
            assert_eq!(danish_date(bad), None, "{bad}");
        }
    }
}
