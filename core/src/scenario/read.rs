//! What every scenario reader shares: a value as it was found ([`Raw`]), where an item came
//! from ([`Origin`], [`Section`]), and the checks of one field ([`Item`]), so that JSON, CSV
//! tables and Arrow frames are held to the same rules with the same messages.
//!
//! A reader collects *every* problem; a problem's text is made only when there is one, so the
//! readers cost nothing extra on valid input.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::dates::{check_date, check_year, parse_date};
use crate::money::Rate;
use crate::problem::{Explain, Problem, ValidationErrors, quote};
use crate::rule::Rule;

/// A value as a reader found it, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw<'a> {
    /// Not given at all (no such key, no such column).
    Absent,
    /// JSON `null`, an empty table cell, an Arrow null (or NaN, NaT).
    Null,
    /// A JSON or Arrow boolean.
    Bool(bool),
    /// A JSON or Arrow whole number.
    Int(i64),
    /// A JSON number with a fraction or exponent, an Arrow float.
    Float(f64),
    /// A JSON string.
    Text(Cow<'a, str>),
    /// A table cell or an Arrow string: text that may also stand for a number or a boolean.
    /// Never empty (an empty cell is [`Raw::Null`]).
    Cell(&'a str),
    /// An Arrow date (or a timestamp at midnight).
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    Date(NaiveDate),
    /// An Arrow decimal.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    Decimal(Decimal),
    /// Something no field takes: `"an array"`, `"an object"`, `"a time of day"`.
    Other(&'static str),
}

impl Raw<'_> {
    /// What was found, for a message: `a string`, `the text "abc"`.
    fn found_en(&self) -> String {
        match self {
            Raw::Absent | Raw::Null => "nothing (null)".into(),
            Raw::Bool(_) => "a boolean".into(),
            Raw::Int(n) => format!("the whole number {n}"),
            Raw::Float(x) => format!("the number {x}"),
            Raw::Text(_) => "a string".into(),
            Raw::Cell(text) => format!("the text {}", quote(text)),
            Raw::Date(date) => format!("the date {date}"),
            Raw::Decimal(d) => format!("the decimal {d}"),
            Raw::Other(what) => (*what).into(),
        }
    }

    fn found_da(&self) -> String {
        match self {
            Raw::Absent | Raw::Null => "ingenting (null)".into(),
            Raw::Bool(_) => "en sandhedsværdi".into(),
            Raw::Int(n) => format!("heltallet {n}"),
            Raw::Float(x) => format!("tallet {x}"),
            Raw::Text(_) => "en tekst".into(),
            Raw::Cell(text) => format!("teksten {}", quote(text)),
            Raw::Date(date) => format!("datoen {date}"),
            Raw::Decimal(d) => format!("decimaltallet {d}"),
            Raw::Other(what) => match *what {
                "an array" => "en liste".into(),
                "an object" => "et objekt".into(),
                "a time of day" => "et klokkeslæt".into(),
                "a number too large" => "et for stort tal".into(),
                "a date out of range" => "en dato uden for det mulige".into(),
                "a value of another type" => "en værdi af en anden type".into(),
                "a timestamp in a timezone other than UTC, Danish time or a fixed offset (give dates, or timestamps without a timezone)" => {
                    "et tidsstempel i en anden tidszone end UTC, dansk tid eller en fast forskydning (angiv datoer eller tidsstempler uden tidszone)".into()
                }
                other => other.into(),
            },
        }
    }
}

/// The parts of a scenario, in the order problems are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Section {
    /// The scenario as a whole (its top-level fields, or its files).
    Top,
    Clusters,
    Practices,
    Memberships,
    Patients,
    Rates,
    Policy,
}

impl Section {
    /// The name of the list in JSON, and of the table without `.csv`.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Section::Top => "",
            Section::Clusters => "clusters",
            Section::Practices => "practices",
            Section::Memberships => "memberships",
            Section::Patients => "patients",
            Section::Rates => "rates",
            Section::Policy => "policy",
        }
    }
}

/// Where a scenario was read from, which decides how a problem's place is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// JSON or values: `memberships[3].joined` (indices from 0, as in the list).
    Json,
    /// A folder of CSV files: `memberships.csv:4:joined` (rows from 1, the first data row).
    Csv,
    /// Tables from a dataframe library: `memberships:4:joined` (rows from 1).
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    Frames,
}

impl Origin {
    /// The place of a whole section: `rates`, `rates.csv`.
    pub(crate) fn section(self, section: Section) -> String {
        match self {
            Origin::Csv if section != Section::Top => format!("{}.csv", section.name()),
            _ => section.name().to_owned(),
        }
    }

    /// The place of item `index` of `section`: `memberships[3]`, `memberships.csv:4`.
    pub(crate) fn item(self, section: Section, index: usize) -> String {
        match (self, section) {
            (Origin::Json, Section::Top | Section::Policy) => section.name().to_owned(),
            (Origin::Json, _) => format!("{}[{index}]", section.name()),
            (Origin::Csv | Origin::Frames, _) => format!("{}:{}", self.section(section), index.saturating_add(1)),
        }
    }

    /// The place of `field` of item `index` of `section`: `memberships[3].joined`,
    /// `memberships.csv:4:joined`.
    pub(crate) fn field(self, section: Section, index: usize, field: &str) -> String {
        match (self, section) {
            (Origin::Json, Section::Top) => field.to_owned(),
            (Origin::Json, _) => format!("{}.{field}", self.item(section, index)),
            (Origin::Csv | Origin::Frames, _) => format!("{}:{field}", self.item(section, index)),
        }
    }
}

/// Where a problem sorts: by section, item and field (0 for the item itself and its unknown
/// fields, then the fields in their order), whatever order the input had its keys in.
type SortKey = (Section, usize, usize);

/// The problems a reader found, listed in the order of the format at the end. Bounded: the
/// first [`ValidationErrors::LISTED`] found are kept in full; beyond them each problem is only
/// counted per rule (with its place among the first few), so that garbage of any size makes a
/// short list in bounded memory.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    /// The problems kept, and whether each must be listed whatever the bound.
    found: Vec<(SortKey, Problem, bool)>,
    beyond: ValidationErrors,
    total: usize,
}

/// How many problems a table's rows may have before reading it stops.
pub(crate) const STOP_AFTER: usize = 10_000;

impl Problems {
    /// True when no problem was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub(crate) fn push(&mut self, key: SortKey, problem: Problem) {
        self.total += 1;
        if self.found.len() < ValidationErrors::LISTED {
            self.found.push((key, problem, false));
        } else {
            self.beyond.omit(problem);
        }
    }

    /// Keeps `problem` whatever the bound: for the one problem that says a table's reading
    /// stopped, which must be read.
    pub(crate) fn push_kept(&mut self, key: SortKey, problem: Problem) {
        self.total += 1;
        self.found.push((key, problem, true));
    }

    /// How many problems were found in all, kept or counted.
    pub(crate) fn total(&self) -> usize {
        self.total
    }

    /// The problems sorted by place (stable: problems of one field keep their order), then
    /// the counts of those not kept.
    pub(crate) fn into_errors(mut self) -> ValidationErrors {
        self.found.sort_by_key(|(key, _, _)| *key);
        let mut errors = ValidationErrors::new();
        for (_, problem, always) in self.found {
            if always { errors.push_kept(problem) } else { errors.push(problem) }
        }
        errors.absorb_omitted(self.beyond);
        errors
    }
}

/// The largest number of fields an item has (a cluster's six).
pub(crate) const MAX_FIELDS: usize = 6;

/// The fields of one item as read, [`Raw::Absent`] where not given, ready to be checked one by
/// one.
pub(crate) struct Item<'r, 'a> {
    values: [Raw<'a>; MAX_FIELDS],
    names: &'static [&'static str],
    origin: Origin,
    section: Section,
    index: usize,
    problems: &'r mut Problems,
}

impl<'r, 'a> Item<'r, 'a> {
    /// An item with no field read yet; `names` are its fields, in the format's order.
    pub(crate) fn new(
        names: &'static [&'static str],
        origin: Origin,
        section: Section,
        index: usize,
        problems: &'r mut Problems,
    ) -> Self {
        Item { values: [const { Raw::Absent }; MAX_FIELDS], names, origin, section, index, problems }
    }

    /// The position of the item in its list or table.
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    /// The place of field `field`.
    fn path(&self, field: usize) -> String {
        self.origin.field(self.section, self.index, self.names.get(field).copied().unwrap_or(""))
    }

    /// Records a problem with field `field`.
    pub(crate) fn problem(&mut self, field: usize, rule: Rule, en: String, da: String) {
        let path = self.path(field);
        self.problems.push((self.section, self.index, field + 1), Problem::new(path, rule, en, da));
    }

    /// Records a problem with field `field` explained by `error`.
    fn explained(&mut self, field: usize, error: &impl Explain) {
        let path = self.path(field);
        self.problems.push((self.section, self.index, field + 1), Problem::at(path, error));
    }

    /// The value of `result`, or its error recorded at field `field` as a problem of how the
    /// item's fields relate (MEM-PERIOD's `left` after `joined`): listed after the problems of
    /// the fields themselves.
    pub(crate) fn check_relation<T, E: Explain>(&mut self, field: usize, result: Result<T, E>) -> Option<T> {
        result
            .map_err(|error| {
                let path = self.path(field);
                self.problems.push((self.section, self.index, MAX_FIELDS + 1), Problem::at(path, &error));
            })
            .ok()
    }

    /// Records a problem with the item as a whole.
    pub(crate) fn item_problem(&mut self, rule: Rule, en: String, da: String) {
        let path = self.origin.item(self.section, self.index);
        self.problems.push((self.section, self.index, 0), Problem::new(path, rule, en, da));
    }

    /// Sets field `field` (the first time); a second value for it is a problem.
    pub(crate) fn set(&mut self, field: usize, value: Raw<'a>) {
        match self.values.get_mut(field) {
            Some(slot @ Raw::Absent) => *slot = value,
            Some(_) => {
                let name = self.names.get(field).copied().unwrap_or("");
                self.problem(
                    field,
                    Rule::Format,
                    format!("the field {name:?} is given twice"),
                    format!("feltet {name:?} er angivet to gange"),
                );
            }
            None => {}
        }
    }

    /// An unknown field, named by its key (quoted, at most a short prefix of it).
    pub(crate) fn unknown(&mut self, key: &str) {
        let path = self.origin.field(self.section, self.index, key);
        let path = if path.len() > 120 { self.origin.item(self.section, self.index) } else { path };
        let expected = self.names.join(", ");
        self.problems.push(
            (self.section, self.index, 0),
            Problem::new(
                path,
                Rule::Format,
                format!("unknown field {}; expected one of {expected}", quote(key)),
                format!("ukendt felt {}; forventede et af {expected}", quote(key)),
            ),
        );
    }

    /// Field `field`'s value, taken out; `None` where it was not given.
    fn take(&mut self, field: usize) -> Option<Raw<'a>> {
        match self.values.get_mut(field).map(|slot| std::mem::replace(slot, Raw::Absent)) {
            None | Some(Raw::Absent) => None,
            Some(value) => Some(value),
        }
    }

    pub(crate) fn missing(&mut self, field: usize) {
        self.problem(field, Rule::Format, "this field is required".into(), "feltet skal udfyldes".into());
    }

    fn wrong(&mut self, field: usize, rule: Rule, expected: &str, expected_da: &str, found: &Raw<'_>) {
        let (en, da) = (found.found_en(), found.found_da());
        self.problem(
            field,
            rule,
            format!("expected {expected}, found {en}"),
            format!("forventede {expected_da}, fandt {da}"),
        );
    }

    /// A text field parsed by `FromStr`; `Some(None)` when absent or null and not required. A
    /// whole number is taken as its digits: a ydernummer, CVR number or municipality code that
    /// a spreadsheet or pandas read as a number is still exactly that identifier.
    pub(crate) fn parsed<T>(&mut self, field: usize, required: bool) -> Option<Option<T>>
    where
        T: FromStr,
        T::Err: Explain,
    {
        match self.take(field) {
            None | Some(Raw::Null) if !required => Some(None),
            None | Some(Raw::Null) => {
                self.missing(field);
                None
            }
            Some(Raw::Text(text)) => self.check(field, text.parse::<T>()).map(Some),
            Some(Raw::Cell(text)) => self.check(field, text.parse::<T>()).map(Some),
            Some(Raw::Int(n)) if n >= 0 => self.check(field, n.to_string().parse::<T>()).map(Some),
            Some(other) => {
                self.wrong(field, Rule::Format, "a string", "en tekst", &other);
                None
            }
        }
    }

    /// A text field checked by `check`; `Some(None)` when absent or null.
    pub(crate) fn text_with<T, E: Explain>(
        &mut self,
        field: usize,
        check: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        match self.take(field) {
            None | Some(Raw::Null) => Some(None),
            Some(Raw::Text(text)) => self.check(field, check(&text)).map(Some),
            Some(Raw::Cell(text)) => self.check(field, check(text)).map(Some),
            Some(Raw::Int(n)) if n >= 0 => self.check(field, check(&n.to_string())).map(Some),
            Some(other) => {
                self.wrong(field, Rule::Format, "a string", "en tekst", &other);
                None
            }
        }
    }

    /// The value of `result`, or its error recorded at field `field`.
    pub(crate) fn check<T, E: Explain>(&mut self, field: usize, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.explained(field, &error);
                None
            }
        }
    }

    /// A date `YYYY-MM-DD` (exactly), within the supported years; `rule` is the field's.
    pub(crate) fn date(&mut self, field: usize, required: bool, rule: Rule) -> Option<Option<NaiveDate>> {
        let text = match self.take(field) {
            None | Some(Raw::Null) if !required => return Some(None),
            None | Some(Raw::Null) => {
                self.missing(field);
                return None;
            }
            Some(Raw::Date(date)) => return self.check(field, check_date(date, rule)).map(Some),
            Some(Raw::Text(text)) => text,
            Some(Raw::Cell(text)) => Cow::Borrowed(text),
            Some(other) => {
                self.wrong(field, Rule::Format, "a date YYYY-MM-DD", "en dato ÅÅÅÅ-MM-DD", &other);
                return None;
            }
        };
        match parse_date(&text) {
            Some(date) => self.check(field, check_date(date, rule)).map(Some),
            None => {
                let (why_en, why_da) = crate::dates::why_not_a_date(&text);
                self.problem(
                    field,
                    Rule::Format,
                    format!("{} is not a date YYYY-MM-DD{why_en}", quote(&text)),
                    format!("{} er ikke en dato ÅÅÅÅ-MM-DD{why_da}", quote(&text)),
                );
                None
            }
        }
    }

    /// A required whole number: a JSON or Arrow integer (or a float that is exactly one), or a
    /// table cell of digits.
    pub(crate) fn integer(&mut self, field: usize, rule: Rule) -> Option<i64> {
        let found = match self.take(field) {
            None | Some(Raw::Null) => {
                self.missing(field);
                return None;
            }
            Some(Raw::Int(n)) => return Some(n),
            // A float that is exactly a whole number is one (pandas makes an integer column
            // float where it has a gap); 1.5 is not.
            Some(Raw::Float(x)) if x.fract() == 0.0 && x.abs() < 1e15 => return Some(x as i64),
            Some(Raw::Cell(text)) => match parse_integer(text) {
                Some(n) => return Some(n),
                None => Raw::Cell(text),
            },
            Some(other) => other,
        };
        self.wrong(field, rule, "a whole number", "et helt tal", &found);
        None
    }

    /// A year within the supported years.
    pub(crate) fn year(&mut self, field: usize, rule: Rule) -> Option<i32> {
        let year = self.integer(field, rule)?;
        self.check(field, check_year(year, rule))
    }

    /// `true` or `false`; absent, null or an empty cell is `false`.
    pub(crate) fn boolean(&mut self, field: usize) -> Option<bool> {
        match self.take(field) {
            None | Some(Raw::Null) => Some(false),
            Some(Raw::Bool(b)) => Some(b),
            Some(Raw::Cell(text)) if text.eq_ignore_ascii_case("true") => Some(true),
            Some(Raw::Cell(text)) if text.eq_ignore_ascii_case("false") => Some(false),
            Some(other) => {
                self.wrong(field, Rule::Format, "true or false", "true eller false", &other);
                None
            }
        }
    }

    /// GR-RATE: a decimal string, a whole number, or an exact decimal; never a binary float,
    /// which cannot hold every rate exactly (ID-MONEY).
    pub(crate) fn rate(&mut self, field: usize) -> Option<Rate> {
        match self.take(field) {
            None | Some(Raw::Null) => {
                self.missing(field);
                None
            }
            Some(Raw::Text(text)) => self.check(field, text.parse::<Rate>()),
            Some(Raw::Cell(text)) => self.check(field, text.parse::<Rate>()),
            Some(Raw::Int(n)) => self.check(field, n.to_string().parse::<Rate>()),
            Some(Raw::Decimal(d)) => self.check(field, Rate::new(d)),
            Some(other @ Raw::Float(_)) => {
                let (en, da) = (other.found_en(), other.found_da());
                self.problem(
                    field,
                    Rule::Format,
                    format!(
                        "expected a decimal string such as \"1.12\", found {en}: a binary float cannot hold every rate exactly (read the column as text)"
                    ),
                    format!(
                        "forventede et decimaltal som tekst, fx \"1.12\", fandt {da}: et binært kommatal kan ikke rumme enhver sats præcist (læs kolonnen som tekst)"
                    ),
                );
                None
            }
            Some(other) => {
                self.wrong(
                    field,
                    Rule::Format,
                    "a decimal string such as \"1.12\"",
                    "et decimaltal som tekst, fx \"1.12\"",
                    &other,
                );
                None
            }
        }
    }
}

/// A whole number written in a table cell: an optional minus and 1 to 18 digits, spaces around
/// allowed.
fn parse_integer(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_places_are_written_per_origin() {
        assert_eq!(Origin::Json.field(Section::Memberships, 3, "joined"), "memberships[3].joined");
        assert_eq!(Origin::Json.field(Section::Policy, 0, "x"), "policy.x");
        assert_eq!(Origin::Json.field(Section::Top, 0, "rates"), "rates");
        assert_eq!(Origin::Csv.field(Section::Memberships, 11, "joined"), "memberships.csv:12:joined");
        assert_eq!(Origin::Csv.item(Section::Memberships, 0), "memberships.csv:1");
        assert_eq!(Origin::Frames.field(Section::Patients, 0, "count"), "patients:1:count");
        assert_eq!(Origin::Csv.section(Section::Rates), "rates.csv");
    }

    #[test]
    fn format_table_integers_are_plain_digits() {
        assert_eq!(parse_integer(" 3150 "), Some(3150));
        assert_eq!(parse_integer("-2"), Some(-2));
        for bad in ["", "-", "1.0", "1e3", "+1", "12345678901234567890", "٣"] {
            assert_eq!(parse_integer(bad), None, "{bad}");
        }
    }
}
