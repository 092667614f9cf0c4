//! `klynge.Reconciliation`: did the money arrive? A statement against the transfers a grant
//! report promises (REC-EXPECTED, REC-WINDOW, REC-MATCH, REC-BALANCE).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::conversion::validated;
use crate::exceptions::problem_error;
use crate::table::made;
use klynge::reconcile::{Booking, ExpectedTransfer, Windows};
use klynge::{Problem, Rule};

pub(crate) fn booked<'py>(py: Python<'py>, b: &Booking) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("row", b.row)?;
    d.set_item("date", b.date)?;
    d.set_item("cluster", b.cluster.as_str())?;
    d.set_item("amount", b.amount.amount())?;
    d.set_item("payer", b.payer.map(|p| p.as_str()))?;
    d.set_item("text", b.text.as_deref())?;
    Ok(d)
}

fn expected<'py>(py: Python<'py>, e: &ExpectedTransfer) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("cluster", e.cluster.as_str())?;
    d.set_item("payer", e.payer.as_str())?;
    d.set_item("due", e.due)?;
    d.set_item("direction", e.direction.as_str())?;
    d.set_item("amount", e.amount.amount())?;
    d.set_item("window", e.window)?;
    d.set_item("lines", e.lines.clone())?;
    Ok(d)
}

/// REC-WINDOW: the windows of a reconciliation, from a dict `{"region": days, "plo": days}`.
pub fn windows(given: Option<&Bound<'_, PyDict>>) -> PyResult<Windows> {
    let Some(given) = given else { return Ok(Windows::default()) };
    let default = Windows::default();
    let days = |key: &str, default: u32| -> PyResult<u32> {
        match given.get_item(key)? {
            Some(value) => value.extract::<u32>().map_err(|_| {
                problem_error(Problem::new(
                    format!("windows.{key}"),
                    Rule::RecWindow,
                    "a window is a whole number of days",
                    "et vindue er et helt antal dage",
                ))
            }),
            None => Ok(default),
        }
    };
    for key in given.keys() {
        let text: Option<String> = key.extract().ok();
        if text.as_deref() != Some("region") && text.as_deref() != Some("plo") {
            let (described, short) = crate::conversion::dict_key(&key);
            return Err(problem_error(Problem::new(
                short.map_or_else(|| "windows".to_owned(), |k| format!("windows.{k}")),
                Rule::RecWindow,
                format!("unknown window {described}: the windows are region and plo"),
                format!("ukendt vindue {described}: vinduerne er region og plo"),
            )));
        }
    }
    validated(Windows::new(days("region", default.region_days)?, days("plo", default.plo_days)?))
}

/// The result of a reconciliation (REC-MATCH, REC-BALANCE): `.matched`, `.differences`,
/// `.missing`, `.not_yet_due`, `.unexpected`, `.balance`, `to_json()`, and one row per expected
/// or booked transfer with its status as a table (`to_pandas()`, `pyarrow.table(r)`, ...).
#[pyclass(frozen, module = "klynge", name = "Reconciliation")]
pub struct Reconciliation(pub klynge::reconcile::Reconciliation);

impl crate::table::Tabular for Reconciliation {
    fn batch(&self, _: Python<'_>) -> PyResult<arrow_array::RecordBatch> {
        made(self.0.to_record_batch())
    }

    fn caption(&self) -> String {
        self.__repr__()
    }
}

crate::table::tabular!(Reconciliation);

#[pymethods]
impl Reconciliation {
    /// The day reconciled on.
    #[getter]
    fn today(&self) -> chrono::NaiveDate {
        self.0.today
    }

    /// Settled exactly: dicts with `expected` and `booked`.
    #[getter]
    fn matched<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .matched
            .iter()
            .map(|m| {
                let d = PyDict::new(py);
                d.set_item("expected", expected(py, &m.expected)?)?;
                d.set_item("booked", booked(py, &m.booked)?)?;
                Ok(d)
            })
            .collect()
    }

    /// Settled with another amount: dicts with `expected`, `booked` and `difference`.
    #[getter]
    fn differences<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .differences
            .iter()
            .map(|m| {
                let d = PyDict::new(py);
                d.set_item("expected", expected(py, &m.expected)?)?;
                d.set_item("booked", booked(py, &m.booked)?)?;
                d.set_item("difference", m.difference.amount())?;
                Ok(d)
            })
            .collect()
    }

    /// Expected, window over, nothing booked.
    #[getter]
    fn missing<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0.missing.iter().map(|e| expected(py, e)).collect()
    }

    /// Expected, window not over yet.
    #[getter]
    fn not_yet_due<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0.not_yet_due.iter().map(|e| expected(py, e)).collect()
    }

    /// Booked, settling nothing.
    #[getter]
    fn unexpected<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0.unexpected.iter().map(|b| booked(py, b)).collect()
    }

    /// REC-BALANCE per cluster and direction: expected, booked, matched, missing, not_yet_due,
    /// unexpected, and the differences' expected and booked sides.
    #[getter]
    fn balance<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .balance
            .iter()
            .map(|b| {
                let d = PyDict::new(py);
                d.set_item("cluster", b.cluster.as_str())?;
                d.set_item("direction", b.direction.as_str())?;
                for (key, value) in [
                    ("expected", b.expected),
                    ("booked", b.booked),
                    ("matched", b.matched),
                    ("differences_expected", b.differences_expected),
                    ("differences_booked", b.differences_booked),
                    ("missing", b.missing),
                    ("not_yet_due", b.not_yet_due),
                    ("unexpected", b.unexpected),
                ] {
                    d.set_item(key, value.amount())?;
                }
                Ok(d)
            })
            .collect()
    }

    /// REC-EXPECTED: for a reconciliation computed from a scenario, the clusters' grant years
    /// whose annual grants were left out, as dicts (cluster, grant_year, missing_rate,
    /// practices_without_count); `None` for one against a given report.
    #[getter]
    fn left_out<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyDict>>>> {
        let Some(left_out) = &self.0.left_out else { return Ok(None) };
        left_out
            .iter()
            .map(|l| {
                let d = PyDict::new(py);
                d.set_item("cluster", l.cluster.as_str())?;
                d.set_item("grant_year", l.grant_year)?;
                d.set_item("missing_rate", l.missing_rate)?;
                d.set_item(
                    "practices_without_count",
                    l.practices_without_count.iter().map(ToString::to_string).collect::<Vec<_>>(),
                )?;
                Ok(d)
            })
            .collect::<PyResult<Vec<_>>>()
            .map(Some)
    }

    /// docs/formats.md's reconciliation JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "Reconciliation({}: matched={}, differences={}, missing={}, not_yet_due={}, unexpected={})",
            r.today,
            r.matched.len(),
            r.differences.len(),
            r.missing.len(),
            r.not_yet_due.len(),
            r.unexpected.len()
        )
    }
}
