//! LED-SPENDING: what a cluster spends from its funds, read from CSV text (the standard dialect,
//! or the Danish bank dialect's separators, dates and amounts) or from JSON, through the one
//! strict CSV row reader. Every bad row is a problem at `spendings.csv:ROW:COLUMN` with its rule.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::csv_rows::{Rows, separator_of};
use crate::dates::{check_date, parse_date};
use crate::grants::{Parameters, consultant_fee};
use crate::ids::ClusterId;
use crate::money::Dkk;
use crate::problem::{Problem, ValidationErrors, codes, quote, shorten};
use crate::reconcile::Dialect;
use crate::reconcile::statement::{bank_date, danish_amount, standard_amount};
use crate::rule::Rule;

/// What a spending pays for (LED-SPENDING).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpendingKind {
    /// A refund of a member's outlay.
    Refund,
    /// A reimbursement for a cluster meeting.
    Meeting,
    /// A payout under a contract for a task in the cluster.
    Honorarium,
    /// Hours of a consultant at the consultant rate (GR-CONSULTANT).
    Consultant,
    /// Anything else.
    Other,
}

codes!(SpendingKind, "kind", Rule::LedSpending, ("the kind", "arten"), {
    Refund = "refund",
    Meeting = "meeting",
    Honorarium = "honorarium",
    Consultant = "consultant",
    Other = "other",
});

/// Whether a spending has left the funds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpendingStatus {
    /// Paid: its date is the day it left the funds.
    Paid,
    /// Requested: its date is the day it was asked for.
    Requested,
}

codes!(SpendingStatus, "status", Rule::LedSpending, ("the status", "status"), {
    Paid = "paid",
    Requested = "requested",
});

/// One spending of a cluster's funds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spending {
    /// The row (from 1) or the position in a JSON list (from 1).
    pub row: usize,
    /// The cluster whose funds pay.
    pub cluster: ClusterId,
    /// The day it was paid, or asked for.
    pub date: NaiveDate,
    /// What it pays for.
    pub kind: SpendingKind,
    /// Who is paid.
    pub payee: String,
    /// How much, more than zero.
    pub amount: Dkk,
    /// A consultant's hours.
    pub hours: Option<Decimal>,
    /// Paid or requested.
    pub status: SpendingStatus,
    /// A text, where given.
    pub text: Option<String>,
}

/// The spendings of one or more clusters, validated (LED-SPENDING).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spendings {
    file: String,
    items: Vec<Spending>,
}

/// A spending as it was read, before its checks.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpending {
    cluster: Option<String>,
    date: Option<String>,
    kind: Option<String>,
    payee: Option<String>,
    amount: Option<String>,
    hours: Option<String>,
    status: Option<String>,
    text: Option<String>,
}

impl RawSpending {
    /// Sets the field of [`COLUMNS`] at `field` (the text, for anything past the known ones).
    fn set(&mut self, field: usize, value: Option<String>) {
        let slot = match field {
            0 => &mut self.cluster,
            1 => &mut self.date,
            2 => &mut self.kind,
            3 => &mut self.payee,
            4 => &mut self.amount,
            5 => &mut self.hours,
            6 => &mut self.status,
            _ => &mut self.text,
        };
        *slot = value;
    }
}

const COLUMNS: [&str; 8] = ["cluster", "date", "kind", "payee", "amount", "hours", "status", "text"];

/// How many characters a payee's name may have (LED-SPENDING).
pub const MAX_PAYEE_CHARS: usize = 200;

impl Spendings {
    /// Reads spendings from CSV text named `file` (for problems' places) in `dialect`: the
    /// standard one (`,`, `YYYY-MM-DD`, `1250.00`) or the Danish bank one (`;`, `DD-MM-YYYY`,
    /// `1.250,00`, hours `1,5`), with the same column names; `cluster` names the cluster where
    /// the text has no cluster column.
    ///
    /// ```
    /// use klynge::ledger::Spendings;
    /// use klynge::reconcile::Dialect;
    /// let text = "date,kind,payee,amount,hours,status\n2024-11-10,consultant,Konsulent A/S,,1.5,paid\n";
    /// let spendings = Spendings::from_csv(text, "spendings.csv", Dialect::Standard, Some("k".parse()?))?;
    /// assert_eq!(spendings.items()[0].amount.to_string(), "1608.03"); // GR-CONSULTANT
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_csv(
        text: &str,
        file: &str,
        dialect: Dialect,
        cluster: Option<ClusterId>,
    ) -> Result<Self, ValidationErrors> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let delimiter = match dialect {
            Dialect::Standard => b',',
            Dialect::DanishBank => separator_of(text),
        };
        let comma = dialect == Dialect::DanishBank && delimiter != b',';
        let at = |row: usize, column: Option<&str>| match column {
            Some(c) => format!("{file}:{row}:{}", quote(c).trim_matches('"')),
            None => format!("{file}:{row}"),
        };
        let (mut rows, names) = Rows::open(text, delimiter).map_err(|(names, problems)| {
            problems
                .into_iter()
                .map(|p| {
                    let column = p.column.and_then(|c| names.get(c)).map(String::as_str);
                    Problem::new(at(p.row, column), Rule::LedSpending, p.en, p.da)
                })
                .collect::<ValidationErrors>()
        })?;
        let mut errors = ValidationErrors::new();
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        let mut fields = Vec::with_capacity(lower.len());
        for (i, name) in lower.iter().enumerate() {
            match COLUMNS.iter().position(|c| c == name) {
                Some(f) => fields.push(f),
                None => errors.push(Problem::new(
                    at(0, Some(name)),
                    Rule::LedSpending,
                    format!(
                        "unknown column {} (column {}); the columns are {}",
                        quote(name),
                        i + 1,
                        COLUMNS.join(", ")
                    ),
                    format!("ukendt kolonne {} (kolonne {}); kolonnerne er {}", quote(name), i + 1, COLUMNS.join(", ")),
                )),
            }
        }
        for required in ["date", "kind", "payee", "status"] {
            if !lower.iter().any(|n| n == required) {
                errors.push(Problem::new(
                    at(0, Some(required)),
                    Rule::LedSpending,
                    format!("the column {required} is required"),
                    format!("kolonnen {required} skal være der"),
                ));
            }
        }
        if cluster.is_none() && !lower.iter().any(|n| n == "cluster") {
            errors.push(Problem::new(
                at(0, Some("cluster")),
                Rule::LedSpending,
                "name the cluster whose spendings these are, or give a cluster column",
                "angiv klyngen, hvis udgifter det er, eller en kolonne cluster",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut items = Vec::new();
        while let Some(row) = rows.next_row() {
            if errors.len() > crate::scenario::STOP_AFTER {
                errors.push_kept(Problem::new(
                    file,
                    Rule::LedSpending,
                    format!(
                        "reading {file} stopped after {} problems: correct these first",
                        crate::scenario::STOP_AFTER
                    ),
                    format!(
                        "læsningen af {file} stoppede efter {} problemer: ret dem først",
                        crate::scenario::STOP_AFTER
                    ),
                ));
                break;
            }
            let row = match row {
                Ok(row) => row,
                Err(p) => {
                    let column = p.column.and_then(|c| names.get(c)).map(String::as_str);
                    errors.push(Problem::new(at(p.row, column), Rule::LedSpending, p.en, p.da));
                    continue;
                }
            };
            let mut raw = RawSpending::default();
            for (cell, field) in row.cells.iter().zip(&fields) {
                let cell = cell.trim();
                let value = (!cell.is_empty()).then(|| cell.to_owned());
                raw.set(*field, value);
            }
            let place = |column: &str| at(row.number, Some(column));
            if let Some(spending) = check(raw, row.number, cluster.as_ref(), comma, dialect, &place, &mut errors) {
                items.push(spending);
            }
        }
        errors.into_result(Spendings { file: file.to_owned(), items })
    }

    /// Reads spendings from the bytes of a CSV file named `file`: UTF-8 and, in the Danish bank
    /// dialect, Windows-1252 where the bytes are not UTF-8 (a spreadsheet saved by Excel with
    /// `;`).
    pub fn from_bytes(
        bytes: &[u8],
        file: &str,
        dialect: Dialect,
        cluster: Option<ClusterId>,
    ) -> Result<Self, ValidationErrors> {
        let (text, encoding) = crate::csv_rows::decode(bytes);
        if encoding != crate::csv_rows::Encoding::Utf8 && dialect == Dialect::Standard {
            return Err(ValidationErrors::from(Problem::new(
                file,
                Rule::LedSpending,
                format!(
                    "{} is not UTF-8 text; a file saved with `;` in Windows-1252 is read with the dialect danish-bank",
                    quote(file)
                ),
                format!(
                    "{} er ikke UTF-8-tekst; en fil gemt med `;` i Windows-1252 læses med dialekten danish-bank",
                    quote(file)
                ),
            )));
        }
        Spendings::from_csv(&text, file, dialect, cluster)
    }

    /// Reads spendings from a JSON list of objects with the CSV's fields, money and hours as
    /// strings (`"1250.00"`, `"1.5"`); problems name `spendings[INDEX].FIELD` (from 0).
    pub fn from_json(text: &str, cluster: Option<ClusterId>) -> Result<Self, ValidationErrors> {
        let raw: Vec<RawSpending> = serde_json::from_str(crate::json_text::without_bom(text)).map_err(|e| {
            ValidationErrors::from(Problem::new(
                "spendings",
                Rule::LedSpending,
                format!("not a JSON list of spendings: {}", quote(&e.to_string())),
                format!("ikke en JSON-liste af udgifter: {}", quote(&e.to_string())),
            ))
        })?;
        let mut errors = ValidationErrors::new();
        let mut items = Vec::new();
        for (index, raw) in raw.into_iter().enumerate() {
            let place = |field: &str| format!("spendings[{index}].{field}");
            if let Some(s) = check(raw, index + 1, cluster.as_ref(), false, Dialect::Standard, &place, &mut errors) {
                items.push(s);
            }
        }
        errors.into_result(Spendings { file: "spendings".to_owned(), items })
    }

    /// The spendings as JSON (a list of objects with the CSV's fields, money and hours as
    /// strings), which [`Spendings::from_json`] reads back.
    pub fn to_json(&self) -> String {
        let list: Vec<serde_json::Value> = self
            .items
            .iter()
            .map(|s| {
                serde_json::json!({
                    "cluster": s.cluster.as_str(),
                    "date": s.date.to_string(),
                    "kind": s.kind.as_str(),
                    "payee": s.payee,
                    "amount": s.amount.to_string(),
                    "hours": s.hours.map(|h| h.normalize().to_string()),
                    "status": s.status.as_str(),
                    "text": s.text,
                })
            })
            .collect();
        serde_json::to_string(&list).unwrap_or_default()
    }

    /// Reads spendings from Arrow record batches (a dataframe's) with the CSV's columns: dates
    /// as dates or text, amounts and hours as decimals, whole numbers or text (never a float),
    /// the rest as text. Problems name `spendings:ROW:COLUMN`, rows from 1.
    #[cfg(feature = "arrow")]
    pub fn from_record_batches(
        batches: &[arrow_array::RecordBatch],
        cluster: Option<ClusterId>,
    ) -> Result<Self, ValidationErrors> {
        use crate::scenario::frames::{Cells, check_array};
        use crate::scenario::read::Raw;

        let mut errors = ValidationErrors::new();
        let Some(schema) = batches.first().map(arrow_array::RecordBatch::schema) else {
            return Ok(Spendings { file: "spendings".into(), items: Vec::new() });
        };
        let names: Vec<String> = schema.fields().iter().map(|f| f.name().trim().to_lowercase()).collect();
        let at = |row: usize, column: &str| format!("spendings:{row}:{}", quote(column).trim_matches('"'));
        let mut fields = Vec::new();
        for name in &names {
            match COLUMNS.iter().position(|c| c == name) {
                Some(f) => fields.push(f),
                None => errors.push(Problem::new(
                    at(0, name),
                    Rule::LedSpending,
                    format!("unknown column {}; the columns are {}", quote(name), COLUMNS.join(", ")),
                    format!("ukendt kolonne {}; kolonnerne er {}", quote(name), COLUMNS.join(", ")),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut items = Vec::new();
        let mut row = 0;
        for batch in batches {
            if batch.schema() != schema {
                return Err(ValidationErrors::from(Problem::new(
                    "spendings",
                    Rule::LedSpending,
                    "the spendings' batches differ in their columns",
                    "udgifternes dele har forskellige kolonner",
                )));
            }
            for (i, array) in batch.columns().iter().enumerate() {
                if let Err((bad, en, da)) = check_array(array.as_ref()) {
                    errors.push(Problem::new(
                        at(row + bad.unwrap_or(0) + 1, names.get(i).map_or("", String::as_str)),
                        Rule::LedSpending,
                        en,
                        da,
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            let cells: Vec<(Cells<'_>, usize)> =
                batch.columns().iter().zip(&fields).map(|(c, f)| (Cells::new(c.as_ref()), *f)).collect();
            for r in 0..batch.num_rows() {
                row += 1;
                let mut raw = RawSpending::default();
                for (column, field) in &cells {
                    let name = COLUMNS.get(*field).copied().unwrap_or("");
                    let value = match column.raw(r) {
                        Raw::Null | Raw::Absent => None,
                        Raw::Cell(text) => Some(text.trim().to_owned()),
                        Raw::Text(text) => Some(text.trim().to_owned()),
                        Raw::Date(date) => Some(date.to_string()),
                        Raw::Int(n) => Some(n.to_string()),
                        Raw::Decimal(d) => Some(d.normalize().to_string()),
                        Raw::Float(_) => {
                            errors.push(Problem::new(
                                at(row, name),
                                Rule::LedSpending,
                                "a float cannot hold øre exactly: give the column as decimals or text",
                                "et kommatal kan ikke rumme øre præcist: angiv kolonnen som decimaltal eller tekst",
                            ));
                            None
                        }
                        Raw::Bool(_) | Raw::Other(_) => {
                            errors.push(Problem::new(
                                at(row, name),
                                Rule::LedSpending,
                                "expected text, a date or a decimal",
                                "forventede tekst, en dato eller et decimaltal",
                            ));
                            None
                        }
                    };
                    raw.set(*field, value);
                }
                let place = |column: &str| at(row, column);
                if let Some(s) = check(raw, row, cluster.as_ref(), false, Dialect::Standard, &place, &mut errors) {
                    items.push(s);
                }
            }
        }
        errors.into_result(Spendings { file: "spendings-frame".into(), items })
    }

    /// The spendings, in the order read.
    pub fn items(&self) -> &[Spending] {
        &self.items
    }

    /// The place of `row`'s `column`, as problems name it.
    pub(crate) fn place(&self, row: usize, column: &str) -> String {
        match self.file.as_str() {
            "spendings" => format!("spendings[{}].{column}", row.saturating_sub(1)),
            "spendings-frame" => format!("spendings:{row}:{column}"),
            file => format!("{file}:{row}:{column}"),
        }
    }
}

/// LED-SPENDING: one spending's checks; its problems at `place(column)`.
fn check(
    raw: RawSpending,
    row: usize,
    named: Option<&ClusterId>,
    comma: bool,
    dialect: Dialect,
    place: &dyn Fn(&str) -> String,
    errors: &mut ValidationErrors,
) -> Option<Spending> {
    let bad = |errors: &mut ValidationErrors, column: &str, en: String, da: String| {
        errors.push(Problem::new(place(column), Rule::LedSpending, en, da));
    };
    let missing = |errors: &mut ValidationErrors, column: &str| {
        bad(errors, column, format!("the {column} is missing"), format!("{column} mangler"));
    };
    let cluster = match (raw.cluster.as_deref(), named) {
        (Some(text), named) => match text.parse::<ClusterId>() {
            Ok(id) if named.is_none_or(|n| *n == id) => Some(id),
            Ok(id) => {
                let n = named.map(ToString::to_string).unwrap_or_default();
                bad(
                    errors,
                    "cluster",
                    format!("these are the spendings of {n}, not {id}"),
                    format!("det er udgifterne for {n}, ikke {id}"),
                );
                None
            }
            Err(e) => {
                errors.push(Problem::at(place("cluster"), &e));
                None
            }
        },
        (None, Some(named)) => Some(named.clone()),
        (None, None) => {
            missing(errors, "cluster");
            None
        }
    };
    let date = match raw.date.as_deref() {
        None => {
            missing(errors, "date");
            None
        }
        Some(text) => {
            let date = match dialect {
                Dialect::Standard => parse_date(text),
                Dialect::DanishBank => bank_date(text),
            };
            match date.map(|d| check_date(d, Rule::LedSpending)) {
                Some(Ok(date)) => Some(date),
                Some(Err(e)) => {
                    errors.push(Problem::at(place("date"), &e));
                    None
                }
                None => {
                    let (why_en, why_da) = crate::dates::why_not_a_date(text);
                    bad(
                        errors,
                        "date",
                        format!("{} is not a date{why_en}", quote(text)),
                        format!("{} er ikke en dato{why_da}", quote(text)),
                    );
                    None
                }
            }
        }
    };
    let kind = match raw.kind.as_deref().map(str::parse::<SpendingKind>) {
        Some(Ok(kind)) => Some(kind),
        Some(Err(p)) => {
            errors.push(Problem { path: place("kind"), ..p });
            None
        }
        None => {
            missing(errors, "kind");
            None
        }
    };
    let status = match raw.status.as_deref().map(str::parse::<SpendingStatus>) {
        Some(Ok(status)) => Some(status),
        Some(Err(p)) => {
            errors.push(Problem { path: place("status"), ..p });
            None
        }
        None => {
            missing(errors, "status");
            None
        }
    };
    let payee = match raw.payee {
        None => {
            missing(errors, "payee");
            None
        }
        Some(payee) if payee.trim().chars().count() > MAX_PAYEE_CHARS => {
            bad(
                errors,
                "payee",
                format!("the payee {} has more than {MAX_PAYEE_CHARS} characters", shorten(&payee)),
                format!("modtageren {} har mere end {MAX_PAYEE_CHARS} tegn", shorten(&payee)),
            );
            None
        }
        Some(payee) => Some(payee.trim().to_owned()),
    };
    let decimal = |text: &str| -> Option<Decimal> {
        let amount = if comma { danish_amount(text) } else { standard_amount(text) }?;
        Some(amount.amount())
    };
    let hours = match raw.hours.as_deref() {
        None => None,
        Some(text) => match decimal(text).filter(|h| *h > Decimal::ZERO) {
            Some(hours) if kind == Some(SpendingKind::Consultant) || kind.is_none() => Some(hours),
            Some(_) => {
                bad(errors, "hours", "hours are only for a consultant".into(), "timer er kun for en konsulent".into());
                None
            }
            None => {
                bad(
                    errors,
                    "hours",
                    format!("{} is not a number of hours more than 0 with at most two decimals", quote(text)),
                    format!("{} er ikke et antal timer over 0 med højst to decimaler", quote(text)),
                );
                None
            }
        },
    };
    let given = match raw.amount.as_deref() {
        None => None,
        Some(text) => {
            let amount = if comma { danish_amount(text) } else { standard_amount(text) };
            match amount {
                Some(a) if a.ore() > 0 => Some(a),
                _ => {
                    let example = if comma { "1.250,00" } else { "1250.00" };
                    bad(
                        errors,
                        "amount",
                        format!(
                            "{} is not an amount more than 0 with at most two decimals, such as {example}",
                            quote(text)
                        ),
                        format!("{} er ikke et beløb over 0 med højst to decimaler, fx {example}", quote(text)),
                    );
                    return None;
                }
            }
        }
    };
    // GR-CONSULTANT: a consultant's amount is hours × the hourly rate where a rate is known.
    let amount = match (kind, hours, date) {
        (Some(SpendingKind::Consultant), None, _) => {
            bad(
                errors,
                "hours",
                "a consultant spending gives its hours".into(),
                "en konsulentudgift angiver sine timer".into(),
            );
            None
        }
        (Some(SpendingKind::Consultant), Some(hours), Some(date)) => {
            match consultant_fee(&Parameters::official(), hours, date) {
                Ok(computed) => match given {
                    Some(given) if given != computed => {
                        bad(
                            errors,
                            "amount",
                            format!(
                                "{given} is not {hours} hours at the consultant rate: {computed} (GR-CONSULTANT); leave the amount out, or correct it"
                            ),
                            format!(
                                "{given} er ikke {hours} timer til konsulenttaksten: {computed} (GR-CONSULTANT); udelad beløbet, eller ret det"
                            ),
                        );
                        None
                    }
                    _ => Some(computed),
                },
                Err(_) if given.is_some() => given,
                Err(e) => {
                    use crate::problem::Explain;
                    bad(
                        errors,
                        "amount",
                        format!("{}: give the amount (no rate is invented)", e.message_en()),
                        format!("{}: angiv beløbet (ingen takst opfindes)", e.message_da()),
                    );
                    None
                }
            }
        }
        (_, _, _) => {
            if given.is_none() && kind.is_some() && kind != Some(SpendingKind::Consultant) {
                missing(errors, "amount");
            }
            given
        }
    };
    let text = raw.text.filter(|t| !t.trim().is_empty());
    Some(Spending {
        row,
        cluster: cluster?,
        date: date?,
        kind: kind?,
        payee: payee?,
        amount: amount?,
        hours,
        status: status?,
        text,
    })
}
