//! REC-STATEMENT: a statement of the transfers booked on a cluster's account, read from CSV
//! text in one of two dialects, or built from values.
//!
//! The standard dialect (docs/formats.md): comma-separated UTF-8, a header row with the
//! columns `date` (`YYYY-MM-DD`), `cluster` (may be left out when the caller names the
//! cluster), `amount` (a decimal with a point and at most two decimals; positive = received by
//! the cluster, negative = paid by it), and optionally `payer` (`region` or `plo`) and `text`;
//! unknown columns are refused.
//!
//! The Danish bank dialect reads what Danish banks export, as they export it: UTF-8 or
//! Windows-1252, `;` or `,` between fields (found from the header), a date column `Dato` or
//! `Bogføringsdato`, an amount column `Beløb` or `Beloeb`, the text from `Tekst` or from `Navn`
//! and `Beskrivelse`, other columns ignored; dates `DD-MM-YYYY`, `DD.MM.YYYY`, `DD/MM/YYYY`,
//! `YYYY/MM/DD` or `YYYY-MM-DD`; amounts `-10.000,00` (or `-10000.00` where `,` separates
//! fields). A row dated `Reserveret` is a card reservation, not yet booked: left out and
//! counted. The result says what was read ([`StatementRead`]): the layout, the encoding, the
//! rows booked and the reservations.
//!
//! Rows go through the one strict CSV row reader ([`crate::csv_rows`]): a row with more or
//! fewer cells than the header, a column named twice or a quote left open is a problem, never
//! a booking read from the wrong cell. Every bad row is a problem with its row (1 = the line
//! after the header), column and rule id; a statement that has one is refused as a whole, so
//! nothing is matched from it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::csv_rows::{Encoding, RowProblem, Rows, decode, separator_hint, separator_of};
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
    /// What Danish banks export: `;` (or `,`), `DD-MM-YYYY` and other date forms, `-10.000,00`,
    /// `Dato`/`Bogføringsdato`, `Beløb`/`Beloeb`, `Tekst` (or `Navn` and `Beskrivelse`).
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

/// The column layout a statement was read in: the standard one, or a bank's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// The standard dialect's columns.
    Standard,
    /// Danske Bank: `Dato;Tekst;Beløb;Saldo;Status;Afstemt`.
    DanskeBank,
    /// Sydbank: `Dato;Tekst;Beløb;Saldo`, in Windows-1252.
    Sydbank,
    /// Nordea: `Bogføringsdato;Beløb;Afsender;Modtager;Navn;Beskrivelse;Saldo;Valuta;Afstemt;`.
    Nordea,
    /// Nykredit: `Dato,Tekst,Beloeb,Saldo`.
    Nykredit,
    /// Another bank's header with a date and an amount column of the known names.
    OtherBank,
}

impl Layout {
    /// `standard`, `danske-bank`, `sydbank`, `nordea`, `nykredit` or `other-bank`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Layout::Standard => "standard",
            Layout::DanskeBank => "danske-bank",
            Layout::Sydbank => "sydbank",
            Layout::Nordea => "nordea",
            Layout::Nykredit => "nykredit",
            Layout::OtherBank => "other-bank",
        }
    }

    /// The bank layouts and their headers (names in lower case, the empty name of a `;`
    /// closing every line included).
    const BANKS: [(Layout, &'static [&'static str]); 4] = [
        (Layout::DanskeBank, &["dato", "tekst", "beløb", "saldo", "status", "afstemt"]),
        (Layout::Sydbank, &["dato", "tekst", "beløb", "saldo"]),
        (
            Layout::Nordea,
            &[
                "bogføringsdato",
                "beløb",
                "afsender",
                "modtager",
                "navn",
                "beskrivelse",
                "saldo",
                "valuta",
                "afstemt",
                "",
            ],
        ),
        (Layout::Nykredit, &["dato", "tekst", "beloeb", "saldo"]),
    ];

    fn of_bank_header(names: &[String]) -> Layout {
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        Layout::BANKS
            .iter()
            .find(|(_, header)| header.len() == lower.len() && header.iter().zip(&lower).all(|(a, b)| a == b))
            .map_or(Layout::OtherBank, |(layout, _)| *layout)
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What reading a statement's CSV found: the layout, the encoding, how many rows were booked
/// and how many reservations (rows dated `Reserveret`) were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementRead {
    /// The column layout recognised.
    pub layout: Layout,
    /// The encoding the text was read in.
    pub encoding: Encoding,
    /// The rows booked.
    pub booked: usize,
    /// The reservations left out (the Danish bank dialect's rows dated `Reserveret`).
    pub reservations: usize,
}

/// A transfer booked on a cluster's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// The row of the statement, from 1 (the line after the header).
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

/// A validated statement: its bookings, the cluster it is of where the caller named one, and
/// what reading it found where it was read from CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    cluster: Option<ClusterId>,
    bookings: Vec<Booking>,
    read: Option<StatementRead>,
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
        errors.into_result(Statement { cluster, bookings, read: None })
    }

    /// Reads a statement from CSV text in `dialect`; `cluster` names the cluster whose account
    /// it is (required for the Danish bank dialect, and where the text has no cluster column).
    ///
    /// ```
    /// use klynge::reconcile::{Dialect, Layout, Statement};
    /// let text = "Dato;Tekst;Beløb;Saldo\n15-01-2022;Region Syddanmark;3.528,00;3.528,00\n";
    /// let statement = Statement::from_csv(text, Dialect::DanishBank, Some("nordfyn".parse()?))?;
    /// assert_eq!(statement.bookings()[0].amount.to_string(), "3528.00");
    /// assert_eq!(statement.read().map(|r| r.layout), Some(Layout::Sydbank));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_csv(text: &str, dialect: Dialect, cluster: Option<ClusterId>) -> Result<Self, ValidationErrors> {
        read_csv(text, Encoding::Utf8, dialect, cluster)
    }

    /// Reads a statement from the bytes of a CSV file: UTF-8 (a byte-order mark is ignored)
    /// and, in the Danish bank dialect, Windows-1252 where the bytes are not UTF-8 (Sydbank and
    /// older exports). [`Statement::read`] says which.
    ///
    /// ```
    /// use klynge::reconcile::{Dialect, Statement};
    /// use klynge::csv_rows::Encoding;
    /// let latin1 = b"Dato;Tekst;Bel\xf8b;Saldo\n20-01-2022;Tilskud \xe6\xf8\xe5;3360,00;3360,00\n";
    /// let statement = Statement::from_bytes(latin1, Dialect::DanishBank, Some("nordfyn".parse()?))?;
    /// assert_eq!(statement.bookings()[0].text.as_deref(), Some("Tilskud æøå"));
    /// assert_eq!(statement.read().map(|r| r.encoding), Some(Encoding::Windows1252));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_bytes(bytes: &[u8], dialect: Dialect, cluster: Option<ClusterId>) -> Result<Self, ValidationErrors> {
        let (text, encoding) = decode(bytes);
        if encoding != Encoding::Utf8 && dialect == Dialect::Standard {
            return Err(ValidationErrors::from(Problem::new(
                "statement",
                Rule::RecStatement,
                "the statement is not UTF-8 text; a bank's own export is read with the dialect danish-bank",
                "kontoudtoget er ikke UTF-8-tekst; en banks eget udtræk læses med dialekten danish-bank",
            )));
        }
        read_csv(&text, encoding, dialect, cluster)
    }

    /// The cluster the statement is of, where the caller named one.
    pub fn cluster(&self) -> Option<&ClusterId> {
        self.cluster.as_ref()
    }

    /// The bookings, in the statement's order.
    pub fn bookings(&self) -> &[Booking] {
        &self.bookings
    }

    /// What reading the CSV found (layout, encoding, rows booked, reservations left out);
    /// `None` for a statement made from values or a dataframe.
    pub fn read(&self) -> Option<&StatementRead> {
        self.read.as_ref()
    }
}

/// A problem of the statement at `row` (0: the header) and `column` (a name), under
/// REC-STATEMENT.
fn problem_at(row: usize, column: Option<&str>, en: impl Into<String>, da: impl Into<String>) -> Problem {
    let path = match column {
        Some(column) => format!("statement:{row}:{}", quote(column).trim_matches('"')),
        None => format!("statement:{row}"),
    };
    Problem::new(path, Rule::RecStatement, en, da)
}

/// A problem of the row reader, with the column's name where it is in one.
fn row_problem(p: RowProblem, names: &[String]) -> Problem {
    let column = p.column.and_then(|c| names.get(c)).map(String::as_str);
    problem_at(p.row, column, p.en, p.da)
}

fn read_csv(
    text: &str,
    encoding: Encoding,
    dialect: Dialect,
    cluster: Option<ClusterId>,
) -> Result<Statement, ValidationErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = match dialect {
        Dialect::Standard => b',',
        Dialect::DanishBank => separator_of(text),
    };
    let (mut rows, names) = Rows::open(text, delimiter).map_err(|(names, problems)| {
        problems.into_iter().map(|p| row_problem(p, &names)).collect::<ValidationErrors>()
    })?;
    let columns = Columns::of(&names, text, delimiter, dialect, cluster.is_some())?;
    let mut errors = ValidationErrors::new();
    let mut bookings = Vec::new();
    let mut reservations = 0;
    while let Some(row) = rows.next_row() {
        if errors.len() > crate::scenario::STOP_AFTER {
            errors.push_kept(problem_at(
                0,
                None,
                format!(
                    "reading the statement stopped after {} problems: correct these first",
                    crate::scenario::STOP_AFTER
                ),
                format!(
                    "læsningen af kontoudtoget stoppede efter {} problemer: ret dem først",
                    crate::scenario::STOP_AFTER
                ),
            ));
            break;
        }
        let row = match row {
            Ok(row) => row,
            Err(p) => {
                errors.push(row_problem(p, &names));
                continue;
            }
        };
        if row.number > MAX_ROWS {
            errors.push(problem_at(
                row.number,
                None,
                format!("a statement has at most {MAX_ROWS} rows"),
                format!("et kontoudtog har højst {MAX_ROWS} rækker"),
            ));
            break;
        }
        let date_cell = row.cells.get(columns.date).map_or("", str::trim);
        if dialect == Dialect::DanishBank && date_cell.eq_ignore_ascii_case("reserveret") {
            reservations += 1;
            continue;
        }
        if let Some(booking) = columns.booking(&row, cluster.as_ref(), &mut errors) {
            check_booking(&booking, cluster.as_ref(), &mut errors);
            bookings.push(booking);
        }
    }
    let read = StatementRead { layout: columns.layout, encoding, booked: bookings.len(), reservations };
    errors.into_result(Statement { cluster, bookings, read: Some(read) })
}

impl FromIterator<Problem> for ValidationErrors {
    fn from_iter<I: IntoIterator<Item = Problem>>(problems: I) -> Self {
        let mut errors = ValidationErrors::new();
        for p in problems {
            errors.push(p);
        }
        errors
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

/// The Danish bank dialect's column names (lower case): dates and amounts.
const BANK_DATES: [&str; 2] = ["dato", "bogføringsdato"];
const BANK_AMOUNTS: [&str; 2] = ["beløb", "beloeb"];

/// How many lines after the first a bank export's real header is looked for, for the hint.
const PREAMBLE_LINES: usize = 20;

/// Where each field is among a statement's columns, and how its cells are written.
struct Columns {
    date: usize,
    amount: usize,
    cluster: Option<usize>,
    payer: Option<usize>,
    /// The text's columns: one, or two joined (Nordea's `Navn` and `Beskrivelse`).
    text: Vec<usize>,
    dialect: Dialect,
    /// Amounts with a decimal comma (`;`-separated bank exports) or a point.
    comma: bool,
    layout: Layout,
    date_name: &'static str,
    amount_name: &'static str,
}

impl Columns {
    fn of(
        names: &[String],
        text: &str,
        delimiter: u8,
        dialect: Dialect,
        cluster_named: bool,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        let find = |name: &str| lower.iter().position(|n| n == name);
        let find_any = |names: &[&str]| names.iter().find_map(|n| find(n));
        let (date, amount, cluster, payer, text_columns) = match dialect {
            Dialect::Standard => {
                const KNOWN: [&str; 5] = ["date", "cluster", "amount", "payer", "text"];
                if let Some((en, da)) = separator_hint(names, delimiter) {
                    return Err(ValidationErrors::from(problem_at(
                        0,
                        None,
                        format!("{en}; a Danish bank's export is read with the dialect danish-bank"),
                        format!("{da}; en dansk banks udtræk læses med dialekten danish-bank"),
                    )));
                }
                for (i, name) in lower.iter().enumerate() {
                    if !KNOWN.contains(&name.as_str()) {
                        errors.push(problem_at(
                            0,
                            Some(name),
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
                (find("date"), find("amount"), find("cluster"), find("payer"), find("text").into_iter().collect())
            }
            Dialect::DanishBank => {
                let text_columns: Vec<usize> = match find("tekst") {
                    Some(i) => vec![i],
                    None => ["navn", "beskrivelse"].iter().filter_map(|n| find(n)).collect(),
                };
                (find_any(&BANK_DATES), find_any(&BANK_AMOUNTS), None, None, text_columns)
            }
        };
        match dialect {
            Dialect::Standard => {
                for (name, found) in [("date", date), ("amount", amount)] {
                    if found.is_none() {
                        errors.push(problem_at(
                            0,
                            Some(name),
                            format!("the column {name} is required"),
                            format!("kolonnen {name} skal være der"),
                        ));
                    }
                }
            }
            Dialect::DanishBank if date.is_none() || amount.is_none() => {
                errors.push(bank_header_problem(names, text, delimiter));
            }
            Dialect::DanishBank => {}
        }
        if cluster.is_none() && !cluster_named {
            errors.push(problem_at(
                0,
                Some("cluster"),
                "name the cluster whose account the statement is, or give a cluster column",
                "angiv klyngen, hvis konto kontoudtoget er, eller en kolonne cluster",
            ));
        }
        let layout = match dialect {
            Dialect::Standard => Layout::Standard,
            Dialect::DanishBank => Layout::of_bank_header(names),
        };
        let name = |i: Option<usize>, default: &'static str| -> &'static str {
            let found = i.and_then(|i| lower.get(i)).map(String::as_str);
            BANK_DATES.iter().chain(&BANK_AMOUNTS).find(|n| Some(**n) == found).copied().unwrap_or(default)
        };
        let (date_name, amount_name) = match dialect {
            Dialect::Standard => ("date", "amount"),
            Dialect::DanishBank => (name(date, "Dato"), name(amount, "Beløb")),
        };
        match (date, amount, errors.is_empty()) {
            (Some(date), Some(amount), true) => Ok(Columns {
                date,
                amount,
                cluster,
                payer,
                text: text_columns,
                dialect,
                comma: dialect == Dialect::DanishBank && delimiter != b',',
                layout,
                date_name,
                amount_name,
            }),
            _ => Err(errors),
        }
    }

    /// The booking of `row`, or its problems recorded.
    fn booking(
        &self,
        row: &crate::csv_rows::Row<'_>,
        cluster: Option<&ClusterId>,
        errors: &mut ValidationErrors,
    ) -> Option<Booking> {
        let number = row.number;
        let cell = |i: usize| row.cells.get(i).map_or("", str::trim);
        let bad = |errors: &mut ValidationErrors, column: &str, en: String, da: String| {
            errors.push(problem_at(number, Some(column), en, da));
        };
        let date_text = cell(self.date);
        let date = match self.dialect {
            Dialect::Standard => parse_date(date_text),
            Dialect::DanishBank => bank_date(date_text),
        };
        if date.is_none() {
            let (en, da) = match self.dialect {
                Dialect::Standard => ("a date YYYY-MM-DD", "en dato ÅÅÅÅ-MM-DD"),
                Dialect::DanishBank => (
                    "a date DD-MM-YYYY, DD.MM.YYYY, DD/MM/YYYY, YYYY/MM/DD or YYYY-MM-DD",
                    "en dato DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ, DD/MM/ÅÅÅÅ, ÅÅÅÅ/MM/DD eller ÅÅÅÅ-MM-DD",
                ),
            };
            let (why_en, why_da) = crate::dates::why_not_a_date(date_text);
            bad(
                errors,
                self.date_name,
                format!("{} is not {en}{why_en}", quote(date_text)),
                format!("{} er ikke {da}{why_da}", quote(date_text)),
            );
        }
        let amount_text = cell(self.amount);
        let amount = if self.comma { danish_amount(amount_text) } else { standard_amount(amount_text) };
        if amount.is_none() {
            let (en, da) = if self.comma {
                ("an amount such as -10.000,00 or 3528,00", "et beløb som -10.000,00 eller 3528,00")
            } else {
                (
                    "a decimal with a point and at most two decimals, such as -10000.00",
                    "et decimaltal med punktum og højst to decimaler, fx -10000.00",
                )
            };
            bad(
                errors,
                self.amount_name,
                format!("{} is not {en}", quote(amount_text)),
                format!("{} er ikke {da}", quote(amount_text)),
            );
        }
        let booked_cluster = match self.cluster.map(cell) {
            Some(text) if !text.is_empty() => match text.parse::<ClusterId>() {
                Ok(id) => Some(id),
                Err(e) => {
                    errors.push(Problem::at(format!("statement:{number}:cluster"), &e));
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
        let parts: Vec<&str> = self.text.iter().map(|&i| cell(i)).filter(|t| !t.is_empty()).collect();
        let text = (!parts.is_empty()).then(|| parts.join(" - "));
        Some(Booking { row: number, date: date?, cluster: booked_cluster?, amount: amount?, payer: payer?, text })
    }
}

/// The one problem of a bank export's header without a date or an amount column: the names
/// recognised, the names found, and where a later line looks like the header (a preamble
/// above it), which line that is.
fn bank_header_problem(names: &[String], text: &str, delimiter: u8) -> Problem {
    let recognised = "Dato or Bogføringsdato, Beløb or Beloeb, and for the text Tekst, or Navn and Beskrivelse";
    let recognised_da = "Dato eller Bogføringsdato, Beløb eller Beloeb og til teksten Tekst eller Navn og Beskrivelse";
    let found: Vec<String> = names.iter().take(12).map(|n| quote(n)).collect();
    let found = found.join(", ");
    let is_header = |line: &str| {
        let cells: Vec<String> =
            line.split(delimiter as char).map(|c| c.trim().trim_matches('"').to_lowercase()).collect();
        cells.iter().any(|c| BANK_DATES.contains(&c.as_str()))
            && cells.iter().any(|c| BANK_AMOUNTS.contains(&c.as_str()))
    };
    let later = text.lines().enumerate().skip(1).take(PREAMBLE_LINES).find(|(_, line)| is_header(line));
    let (hint_en, hint_da) = match later {
        Some((i, _)) => (
            format!("; line {} looks like the header: remove the {} line(s) above it", i + 1, i),
            format!("; linje {} ligner overskriften: fjern de {} linje(r) over den", i + 1, i),
        ),
        None => (String::new(), String::new()),
    };
    problem_at(
        0,
        None,
        format!(
            "the header has no date or no amount column of a Danish bank's export; the columns recognised are \
             {recognised}; found {found}{hint_en}"
        ),
        format!(
            "overskriften har ingen dato- eller beløbskolonne fra en dansk banks udtræk; de kendte kolonner er \
             {recognised_da}; fundet {found}{hint_da}"
        ),
    )
}

/// A standard amount: an optional minus, digits, and at most two decimals after a point.
pub(crate) fn standard_amount(text: &str) -> Option<Dkk> {
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
pub(crate) fn danish_amount(text: &str) -> Option<Dkk> {
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

/// A date as Danish banks write it: `DD-MM-YYYY`, `DD.MM.YYYY`, `DD/MM/YYYY`, `YYYY/MM/DD` or
/// `YYYY-MM-DD`.
pub(crate) fn bank_date(text: &str) -> Option<NaiveDate> {
    let iso = match *text.as_bytes() {
        [d1, d2, s1, m1, m2, s2, y1, y2, y3, y4] if s1 == s2 && matches!(s1, b'-' | b'.' | b'/') => {
            [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]
        }
        [y1, y2, y3, y4, s1, m1, m2, s2, d1, d2] if s1 == s2 && matches!(s1, b'/' | b'-') => {
            [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]
        }
        _ => return None,
    };
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
        let names: Vec<String> = schema.fields().iter().map(|f| f.name().trim().to_owned()).collect();
        let columns = Columns::of(&names, "", b',', Dialect::Standard, cluster.is_some())?;
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
            // FORMAT: every array is checked in full before a value of it is read.
            for (i, array) in batch.columns().iter().enumerate() {
                if let Err((bad_row, en, da)) = crate::scenario::frames::check_array(array.as_ref()) {
                    let column = names.get(i).map_or("", String::as_str);
                    let place = bad_row.map_or(row + 1, |r| row + r + 1);
                    errors.push(problem_at(place, Some(column), en, da));
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            let cells = |i: Option<usize>| i.and_then(|i| batch.columns().get(i)).map(|c| Cells::new(c.as_ref()));
            let (date, amount) = (cells(Some(columns.date)), cells(Some(columns.amount)));
            let (named, payer, text) =
                (cells(columns.cluster), cells(columns.payer), cells(columns.text.first().copied()));
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
        errors.into_result(Statement { cluster, bookings, read: None })
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
    fn rec_statement_bank_dates() {
        let day = NaiveDate::from_ymd_opt(2022, 1, 15);
        for good in ["15-01-2022", "15.01.2022", "15/01/2022", "2022/01/15", "2022-01-15"] {
            assert_eq!(bank_date(good), day, "{good}");
        }
        for bad in ["15-01.2022", "2022.01.15", "5-1-2022", "31-02-2022", "Reserveret"] {
            assert_eq!(bank_date(bad), None, "{bad}");
        }
    }
}
