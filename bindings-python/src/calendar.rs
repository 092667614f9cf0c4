//! `klynge.Calendar`: the coordinator's calendar (CAL-EVENTS) with its events, iCalendar text
//! (CAL-ICS), and its table for pandas, polars, pyarrow and DuckDB.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::table::made;
use klynge::Problem;
use klynge::calendar::Language;

/// A coordinator's calendar: `.events`, `to_ics(lang)`, `to_json()`, and the events as a table
/// (`to_pandas()`, `to_polars()`, `to_arrow()`, `pyarrow.table(calendar)`).
#[pyclass(frozen, module = "klynge", name = "Calendar")]
pub struct Calendar(pub klynge::Calendar);

impl crate::table::Tabular for Calendar {
    fn batch(&self, _: Python<'_>) -> PyResult<arrow_array::RecordBatch> {
        made(self.0.to_record_batch())
    }

    fn caption(&self) -> String {
        self.__repr__()
    }
}

crate::table::tabular!(Calendar);

#[pymethods]
impl Calendar {
    /// The first and last day covered.
    #[getter]
    fn days(&self) -> (chrono::NaiveDate, chrono::NaiveDate) {
        (self.0.today(), self.0.last())
    }

    /// The events, sorted by date, cluster, kind and practice, as dicts: date, cluster, kind,
    /// ydernummer, amount (Decimal), reason, payer, window (a pair of dates), rule, text_en,
    /// text_da, uid.
    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .events()
            .iter()
            .map(|e| {
                let d = PyDict::new(py);
                d.set_item("date", e.date)?;
                d.set_item("cluster", e.cluster.as_str())?;
                d.set_item("kind", e.kind.as_str())?;
                d.set_item("ydernummer", e.ydernummer.map(|y| y.to_string()))?;
                d.set_item("amount", e.amount.map(|a| a.amount()))?;
                d.set_item("reason", e.reason.as_ref().map(|r| r.text(Language::English)))?;
                d.set_item("payer", e.payer.map(|p| p.as_str()))?;
                d.set_item("window", e.window)?;
                d.set_item("rule", e.rule.id())?;
                d.set_item("text_en", &e.text_en)?;
                d.set_item("text_da", &e.text_da)?;
                d.set_item("uid", e.uid())?;
                Ok(d)
            })
            .collect()
    }

    /// CAL-ICS: the calendar as iCalendar text, in Danish (`"da"`) or English (`"en"`).
    #[pyo3(signature = (lang="da"))]
    fn to_ics(&self, lang: &str) -> PyResult<String> {
        let language: Language = lang.parse().map_err(|p: Problem| crate::exceptions::problem_error(p))?;
        Ok(self.0.to_ics(language))
    }

    /// The events as docs/formats.md's JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __len__(&self) -> usize {
        self.0.events().len()
    }

    fn __repr__(&self) -> String {
        format!("Calendar({} – {}, events={})", self.0.today(), self.0.last(), self.0.events().len())
    }
}
