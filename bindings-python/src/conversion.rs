//! Conversions between Python values and the core's types. Money is `decimal.Decimal` (or an
//! int or a decimal string) and never a float; dates are `datetime.date`; structured values
//! (health-cluster compositions, checklists, history) travel as JSON-compatible dicts.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use rust_decimal::Decimal;

use crate::exceptions::{problem_error, validation_error};
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
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyInt>() {
        return Ok(value.str()?.to_string());
    }
    let decimal_type = value.py().import("decimal")?.getattr("Decimal")?;
    if value.is_instance(&decimal_type)? {
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

/// A rate per patient (GR-RATE).
pub fn rate(value: &Bound<'_, PyAny>, path: &str) -> PyResult<Rate> {
    let text = decimal_text(value, path, Rule::GrRate)?;
    text.parse::<Rate>().map_err(|e| problem_error(Problem::at(path, &e)))
}

/// An exact decimal such as consultant hours (`rule` names the field's rule).
pub fn decimal(value: &Bound<'_, PyAny>, path: &str, rule: Rule) -> PyResult<Decimal> {
    let text = decimal_text(value, path, rule)?;
    Decimal::from_str_exact(text.trim()).map_err(|_| {
        problem_error(Problem::new(
            path,
            rule,
            format!("{text:?} is not a decimal number"),
            format!("{text:?} er ikke et decimaltal"),
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

/// A JSON-compatible Python value (dict, list, str, int, bool, None) as JSON text; dates and
/// decimals are written as strings, floats stay numbers (and are refused where money is
/// expected by the core's reader).
pub fn to_json_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let json = value.py().import("json")?;
    let kwargs = pyo3::types::PyDict::new(value.py());
    kwargs.set_item("default", value.py().import("builtins")?.getattr("str")?)?;
    json.call_method("dumps", (value,), Some(&kwargs))?.extract::<String>()
}

/// A serialisable core value as a plain Python value (dicts, lists, strings, numbers).
pub fn to_python<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}
