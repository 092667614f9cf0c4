//! Conversions between Python values and the core's types. Money is `decimal.Decimal` (or an
//! int or a decimal string) and never a float; dates are `datetime.date`; structured values
//! (health-cluster compositions, checklists, history) travel as JSON-compatible dicts.

use pyo3::exceptions::{PyIndexError, PyOverflowError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use rust_decimal::Decimal;

use crate::exceptions::{problem_error, validation_error};
use klynge::dates::check_year;
use klynge::problem::quote;
use klynge::{Explain, Problem, Rate, Rule, ValidationErrors};

/// The text of a Python value that stands for an exact decimal: a `decimal.Decimal`, an int
/// or a string. A float (or bool) is refused: money never passes through a float (ID-MONEY).
fn decimal_text(value: &Bound<'_, PyAny>, path: &str, rule: Rule) -> PyResult<String> {
    if value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyBool>() {
        return Err(problem_error(Problem::new(
            path,
            rule,
            format!(
                "{path} must be a decimal.Decimal, an int or a string, never a float (binary floats cannot hold øre exactly)"
            ),
            format!(
                "{path} skal være decimal.Decimal, et heltal eller en tekst, aldrig et kommatal (float kan ikke rumme øre præcist)"
            ),
        )));
    }
    if value.is_instance_of::<PyString>() {
        return Ok(value.str()?.to_string());
    }
    if value.is_instance_of::<PyInt>() {
        // Python writes no int of more than 4,300 digits as text; none that large is money.
        return match value.extract::<i128>() {
            Ok(n) => Ok(n.to_string()),
            Err(_) => Err(problem_error(Problem::new(
                path,
                rule,
                format!("{path} is too large: more than {MOST_DIGITS} digits before the point"),
                format!("{path} er for stort: mere end {MOST_DIGITS} cifre før kommaet"),
            ))),
        };
    }
    let decimal_type = value.py().import("decimal")?.getattr("Decimal")?;
    if value.is_instance(&decimal_type)? {
        if check_magnitude(value, path, rule)? == Magnitude::Zero {
            return Ok("0".to_owned());
        }
        // `format(d, 'f')` writes plain digits (no exponent), which the core parses exactly.
        let text = value.py().import("builtins")?.getattr("format")?.call1((value, "f"))?;
        return Ok(text.str()?.to_string());
    }
    Err(problem_error(Problem::new(
        path,
        rule,
        format!("{path} must be a decimal.Decimal, an int or a string, not {}", value.get_type().name()?),
        format!("{path} skal være decimal.Decimal, et heltal eller en tekst, ikke {}", value.get_type().name()?),
    )))
}

/// What [`check_magnitude`] found of a decimal that is not refused.
#[derive(PartialEq)]
enum Magnitude {
    Zero,
    Fits,
}

/// The most digits a decimal has on either side of the point: what `rust_decimal` holds.
const MOST_DIGITS: i64 = 28;

/// Refuses a finite `decimal.Decimal` whose exponent puts it beyond what any amount, rate or
/// count can be (`Decimal('1e100000000')` or `Decimal('1e-100000000')`): written out as digits
/// it would take seconds and gigabytes, only to be refused after. Trailing zeros do not count,
/// so `Decimal('3528.000')` and `Decimal('35E2')` pass to the field's own check. A zero is
/// zero whatever its exponent (`Decimal('0E-100000000')`).
fn check_magnitude(value: &Bound<'_, PyAny>, path: &str, rule: Rule) -> PyResult<Magnitude> {
    let tuple = value.call_method0("as_tuple")?;
    // NaN and infinities have a letter for an exponent; their text is refused by the field.
    let Ok(exponent) = tuple.getattr("exponent")?.extract::<i64>() else { return Ok(Magnitude::Fits) };
    let digits: Vec<u8> = tuple.getattr("digits")?.extract()?;
    let trailing = digits.iter().rev().take_while(|&&d| d == 0).count();
    if trailing == digits.len() {
        return Ok(Magnitude::Zero);
    }
    let significant = i64::try_from(digits.len() - trailing).unwrap_or(i64::MAX);
    let lowest = exponent.saturating_add(i64::try_from(trailing).unwrap_or(i64::MAX));
    let highest = lowest.saturating_add(significant - 1);
    let (en, da) = if highest >= MOST_DIGITS {
        (
            format!("{path} is too large: more than {MOST_DIGITS} digits before the point"),
            format!("{path} er for stort: mere end {MOST_DIGITS} cifre før kommaet"),
        )
    } else if lowest < -MOST_DIGITS {
        (format!("{path} has more than {MOST_DIGITS} decimals"), format!("{path} har mere end {MOST_DIGITS} decimaler"))
    } else {
        return Ok(Magnitude::Fits);
    };
    Err(problem_error(Problem::new(path, rule, en, da)))
}

/// A Python int as a parameter takes it. One beyond 64 bits is kept as "too large" rather than
/// raising Python's bare `OverflowError`, so that the function refuses it with its rule and the
/// parameter's name (a `ValidationError`), or as an `IndexError` where it is an index.
#[derive(Clone, Copy, Debug)]
pub struct Whole(Option<i64>);

impl<'a, 'py> FromPyObject<'a, 'py> for Whole {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match obj.extract::<i64>() {
            Ok(n) => Ok(Whole(Some(n))),
            Err(e) if e.is_instance_of::<PyOverflowError>(obj.py()) => Ok(Whole(None)),
            Err(e) => Err(e),
        }
    }
}

impl From<i64> for Whole {
    fn from(n: i64) -> Self {
        Whole(Some(n))
    }
}

impl Whole {
    /// The number, or a `ValidationError` naming `path` and `rule` when it is beyond 64 bits.
    pub fn get(self, path: &str, rule: Rule) -> PyResult<i64> {
        self.0.ok_or_else(|| {
            problem_error(Problem::new(
                path,
                rule,
                "a whole number beyond 64 bits: no count, capacity or year is that large",
                "et helt tal ud over 64 bit: intet antal, ingen kapacitet og intet år er så stort",
            ))
        })
    }

    /// A year (a grant year, or the key of a rate): a `ValidationError` naming `path` unless it
    /// lies in the supported years.
    pub fn year(self, path: &str, rule: Rule) -> PyResult<i32> {
        explained(check_year(self.get(path, rule)?, rule), path)
    }

    /// An index into a sequence of `len` items, negative counting from the end, as Python
    /// indexes a list; out of range (or beyond 64 bits) is an `IndexError` saying `what`.
    pub fn index(self, len: usize, what: &str) -> PyResult<usize> {
        let Some(index) = self.0 else {
            return Err(PyIndexError::new_err(format!("cannot fit 'int' into an index of {what}")));
        };
        let signed_len = i64::try_from(len).unwrap_or(i64::MAX);
        let from_start = if index < 0 { index.checked_add(signed_len) } else { Some(index) };
        from_start
            .and_then(|i| usize::try_from(i).ok())
            .filter(|&i| i < len)
            .ok_or_else(|| PyIndexError::new_err(format!("index {index} out of range: {what} has {len}")))
    }
}

/// A rate per patient (GR-RATE).
pub fn rate(value: &Bound<'_, PyAny>, path: &str) -> PyResult<Rate> {
    let text = decimal_text(value, path, Rule::GrRate)?;
    text.parse::<Rate>().map_err(|e| problem_error(Problem::at(path, &e)))
}

/// An amount of money in kroner (ID-MONEY): a `decimal.Decimal`, an int or a string, at most two
/// decimals; never a float.
pub fn money(value: &Bound<'_, PyAny>, path: &str, rule: Rule) -> PyResult<klynge::Dkk> {
    let text = decimal_text(value, path, rule)?;
    text.parse::<klynge::Dkk>().map_err(|e| problem_error(Problem::at(path, &e)))
}

/// An exact decimal such as consultant hours (`rule` names the field's rule).
pub fn decimal(value: &Bound<'_, PyAny>, path: &str, rule: Rule) -> PyResult<Decimal> {
    let text = decimal_text(value, path, rule)?;
    Decimal::from_str_exact(text.trim()).map_err(|_| {
        problem_error(Problem::new(
            path,
            rule,
            format!("{} is not a decimal number", quote(&text)),
            format!("{} er ikke et decimaltal", quote(&text)),
        ))
    })
}

/// Parses text into a core value type, raising `klynge.ValidationError` naming `path`.
pub fn parse<T>(text: &str, path: &str) -> PyResult<T>
where
    T: std::str::FromStr,
    T::Err: Explain,
{
    text.parse::<T>().map_err(|e| problem_error(Problem::at(path, &e)))
}

/// A core result whose error explains itself, as a Python result.
pub fn explained<T, E: Explain>(result: Result<T, E>, path: &str) -> PyResult<T> {
    result.map_err(|e| problem_error(Problem::at(path, &e)))
}

/// A core result with every problem of a form or scenario.
pub fn validated<T>(result: Result<T, ValidationErrors>) -> PyResult<T> {
    result.map_err(validation_error)
}

/// A serialisable core value as a plain Python value (dicts, lists, strings, numbers).
pub fn to_python<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| {
        crate::exceptions::problem_error(klynge::Problem::new(
            "",
            klynge::Rule::Format,
            format!("the value could not be written for Python: {e}"),
            format!("værdien kunne ikke skrives til Python: {e}"),
        ))
    })?;
    py.import("json")?.call_method1("loads", (text,))
}

/// How deep a dict given for JSON may nest: a scenario needs three levels; far deeper is not a
/// scenario, and is refused before Python's own recursion limit is met.
const MAX_DEPTH: usize = 32;

/// A dict, list or value as the JSON value the core reads, the way an analyst's data comes:
/// `None`, NaN and NaT are null; numpy integers, floats and booleans are numbers and booleans;
/// `datetime.date` is `YYYY-MM-DD`, and so is a `datetime`/pandas `Timestamp` at midnight;
/// `decimal.Decimal` is its exact text; a pandas or polars DataFrame in a list's place is its
/// rows as dicts. Anything else is a `ValidationError` naming its place.
pub fn json_value(value: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    to_value(value, "", 0)
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

fn refused(path: &str, en: String, da: String) -> PyErr {
    problem_error(Problem::new(if path.is_empty() { "(scenario)" } else { path }, Rule::Format, en, da))
}

fn to_value(value: &Bound<'_, PyAny>, path: &str, depth: usize) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Err(refused(
            path,
            format!("nested more than {MAX_DEPTH} levels deep: not data klynge reads"),
            format!("indlejret mere end {MAX_DEPTH} niveauer: ikke data, klynge læser"),
        ));
    }
    let py = value.py();
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if value.is_instance_of::<PyString>() {
        return Ok(Value::String(value.extract::<String>()?));
    }
    if value.is_instance_of::<PyInt>() {
        return int_value(value, path);
    }
    if let Ok(x) = value.cast::<PyFloat>() {
        let x = x.value();
        // NaN is pandas' "missing" in a float column.
        return Ok(if x.is_nan() {
            Value::Null
        } else {
            serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
        });
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (key, item) in dict.iter() {
            let Ok(key) = key.extract::<String>() else {
                return Err(refused(path, "a key is not a string".into(), "en nøgle er ikke en tekst".into()));
            };
            let value = to_value(&item, &child(path, &key), depth + 1)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            items.push(to_value(&item?, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    let type_name = value.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    let module = value.get_type().module().map(|m| m.to_string()).unwrap_or_default();
    // Missing values of pandas and numpy (NaT, pd.NA, NaN decimals) are not equal to themselves
    // or are pandas' NA.
    if type_name == "NaTType" || type_name == "NAType" || value.ne(value).unwrap_or(false) {
        return Ok(Value::Null);
    }
    if module == "numpy" {
        if type_name == "bool" || type_name == "bool_" {
            return Ok(Value::Bool(value.is_truthy()?));
        }
        if value.hasattr("__index__")? {
            return int_value(&py.import("operator")?.getattr("index")?.call1((value,))?, path);
        }
    }
    let datetime = py.import("datetime")?;
    if value.is_instance(&datetime.getattr("datetime")?)? {
        let midnight = value.getattr("hour")?.extract::<u32>()? == 0
            && value.getattr("minute")?.extract::<u32>()? == 0
            && value.getattr("second")?.extract::<u32>()? == 0
            && value.getattr("microsecond")?.extract::<u32>()? == 0
            && value.getattr("nanosecond").map_or(Ok(0), |n| n.extract::<u32>())? == 0;
        if !midnight {
            return Err(refused(
                path,
                format!("{} has a time of day; give the date", value.str()?),
                format!("{} har et klokkeslæt; angiv datoen", value.str()?),
            ));
        }
        return Ok(Value::String(value.call_method0("date")?.call_method0("isoformat")?.extract()?));
    }
    if value.is_instance(&datetime.getattr("date")?)? {
        return Ok(Value::String(value.call_method0("isoformat")?.extract()?));
    }
    if value.is_instance(&py.import("decimal")?.getattr("Decimal")?)? {
        return Ok(Value::String(decimal_text(value, path, Rule::Format)?));
    }
    // A DataFrame where a list of rows belongs: its rows (pandas, then polars).
    if value.hasattr("to_dict")? && value.hasattr("columns")? && value.hasattr("iloc")? {
        return to_value(&value.call_method1("to_dict", ("records",))?, path, depth);
    }
    if value.hasattr("to_dicts")? {
        return to_value(&value.call_method0("to_dicts")?, path, depth);
    }
    Err(refused(
        path,
        format!("{type_name} is not a value a scenario takes (dict, list, str, int, bool, None, date, Decimal)"),
        format!("{type_name} er ikke en værdi, et scenarie tager (dict, list, str, int, bool, None, date, Decimal)"),
    ))
}

/// A Python int as a JSON number; one beyond 64 bits is refused (no count or year is that big).
fn int_value(value: &Bound<'_, PyAny>, path: &str) -> PyResult<serde_json::Value> {
    if let Ok(n) = value.extract::<i64>() {
        return Ok(n.into());
    }
    if let Ok(n) = value.extract::<u64>() {
        return Ok(n.into());
    }
    Err(refused(path, "a whole number too large".into(), "et for stort helt tal".into()))
}

/// Every record batch of a table given as anything with the Arrow PyCapsule interface (a
/// pyarrow table, a polars DataFrame, a pandas DataFrame through pyarrow); `name` names the
/// table in a problem.
pub fn record_batches(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<arrow_array::RecordBatch>> {
    let py = value.py();
    let type_name = value.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    // A Series (pandas or polars) is one column, not a table: say so rather than fail inside a
    // converter.
    if type_name == "Series" {
        return Err(refused(
            name,
            "a Series is one column, not a table: give a DataFrame (series.to_frame()) or an Arrow table".into(),
            "en Series er én kolonne, ikke en tabel: angiv en DataFrame (series.to_frame()) eller en Arrow-tabel"
                .into(),
        ));
    }
    let readable = match value.extract::<pyo3_arrow::input::AnyRecordBatch>() {
        Ok(readable) => readable,
        // A pandas DataFrame without the interface (pandas before 2.2): through pyarrow.
        Err(_) if value.hasattr("iloc")? && value.hasattr("columns")? => match py.import("pyarrow") {
            Ok(pyarrow) => {
                let kwargs = PyDict::new(py);
                kwargs.set_item("preserve_index", false)?;
                let table = pyarrow.getattr("Table")?.call_method("from_pandas", (value,), Some(&kwargs))?;
                table.extract::<pyo3_arrow::input::AnyRecordBatch>()?
            }
            Err(_) => {
                return Err(refused(
                    name,
                    "a pandas DataFrame is read through Arrow: pip install pyarrow".into(),
                    "en pandas DataFrame læses gennem Arrow: pip install pyarrow".into(),
                ));
            }
        },
        Err(_) => {
            return Err(refused(
                name,
                format!("{type_name} is not a table: give a pandas or polars DataFrame or a pyarrow Table"),
                format!("{type_name} er ikke en tabel: angiv en pandas- eller polars-DataFrame eller en pyarrow-Table"),
            ));
        }
    };
    let reader = readable.into_reader()?;
    reader.collect::<Result<Vec<_>, _>>().map_err(|e| {
        refused(name, format!("the table could not be read: {e}"), format!("tabellen kunne ikke læses: {e}"))
    })
}

/// The text of a JSON document given as a `str` or as `bytes` (UTF-8, as a file holds it). A
/// `str` is read where it is (Python keeps a str's UTF-8 beside it once asked for it); `bytes`
/// need no `str` at all: `from_json(path.read_bytes())` skips decoding the file and encoding
/// it again. Bytes that are not UTF-8 are refused, naming the first byte that is not.
pub fn json_text<'a>(value: &'a Bound<'_, PyAny>, path: &str) -> PyResult<&'a str> {
    if let Ok(text) = value.cast::<PyString>() {
        return text.to_str();
    }
    let Ok(bytes) = value.cast::<PyBytes>() else {
        let type_name = value.get_type().name()?;
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{path} must be a str or bytes holding JSON, not {type_name}"
        )));
    };
    std::str::from_utf8(bytes.as_bytes()).map_err(|e| {
        let at = e.valid_up_to();
        problem_error(Problem::new(
            path,
            Rule::Format,
            format!("the JSON is not UTF-8 text: byte {at} does not begin a UTF-8 character; save it as UTF-8"),
            format!("JSON-teksten er ikke UTF-8: byte {at} begynder ikke et UTF-8-tegn; gem den som UTF-8"),
        ))
    })
}

/// The bytes of the file at `path`, at most `klynge::scenario::MAX_FILE_BYTES` of them: a
/// larger file (or a device that never ends) is a `ValidationError` naming the limit, a missing
/// one `FileNotFoundError`, as Python's `open` says.
pub fn read_file(path: &std::path::Path) -> PyResult<Vec<u8>> {
    use std::io::Read;
    let limit = klynge::scenario::MAX_FILE_BYTES;
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            pyo3::exceptions::PyFileNotFoundError::new_err(format!("no such file: {}", path.display()))
        }
        _ => pyo3::exceptions::PyOSError::new_err(format!("cannot read {}: {e}", path.display())),
    })?;
    let too_large = file.metadata().is_ok_and(|m| m.is_file() && m.len() > limit);
    let mut bytes = Vec::new();
    if !too_large {
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("cannot read {}: {e}", path.display())))?;
    }
    if too_large || bytes.len() as u64 > limit {
        return Err(crate::exceptions::problem_error(klynge::scenario::file_too_large(&path.display().to_string())));
    }
    Ok(bytes)
}

/// A dict's key as a message names it: a string quoted (at most its first 40 characters), any
/// other key by its type; and as a path names it: the string where it is short, else nothing.
pub fn dict_key(key: &Bound<'_, PyAny>) -> (String, Option<String>) {
    match key.extract::<String>() {
        Ok(text) => {
            let short = (text.chars().count() <= 40 && !text.contains(['.', '[', ']'])).then(|| text.clone());
            (klynge::problem::quote(&text), short)
        }
        Err(_) => {
            let type_name = key.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            (format!("a key of type {}", klynge::problem::quote(&type_name).trim_matches('"')), None)
        }
    }
}
