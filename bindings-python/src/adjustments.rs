//! `klynge.Adjustments`: what changed between a report as paid and a report as owed, line by
//! line with its causes, and what is settled on a day (ADJ-LINES, ADJ-DUE, ADJ-EXPLAIN).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::conversion::validated;
use crate::table::made;

/// The adjustments from a report as paid to one as owed: `.adjustments` (dicts with cluster,
/// ydernummer, kind, grant_year, paid, owed, difference, payer, settled, causes, text_en,
/// text_da), `.due` (the net per cluster and payer), `to_json()`.
/// As a table (`to_pandas()`, `to_polars()`, `to_arrow()`, the Arrow PyCapsule interface):
/// one row per adjustment.
#[pyclass(frozen, module = "klynge", name = "Adjustments")]
pub struct Adjustments {
    pub result: klynge::grants::Adjustments,
    /// The two reports, for pickling (an adjustment is made again from them).
    pub paid: klynge::GrantReport,
    pub owed: klynge::GrantReport,
}

impl crate::table::Tabular for Adjustments {
    fn batch(&self, _: Python<'_>) -> PyResult<arrow_array::RecordBatch> {
        made(self.result.to_record_batch())
    }

    fn caption(&self) -> String {
        self.__repr__()
    }
}

crate::table::tabular!(Adjustments);

#[pymethods]
impl Adjustments {
    /// The day settlements are due.
    #[getter]
    fn today(&self) -> chrono::NaiveDate {
        self.result.today
    }

    /// One dict per changed, new or gone line.
    #[getter]
    fn adjustments<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.result
            .adjustments
            .iter()
            .map(|a| {
                let d = PyDict::new(py);
                d.set_item("cluster", a.cluster.as_str())?;
                d.set_item("ydernummer", a.ydernummer.to_string())?;
                d.set_item("kind", a.kind.as_str())?;
                d.set_item("grant_year", a.grant_year)?;
                d.set_item("paid", a.paid.amount())?;
                d.set_item("owed", a.owed.amount())?;
                d.set_item("difference", a.difference.amount())?;
                d.set_item("payer", a.payer.as_str())?;
                let settled = a
                    .settled
                    .iter()
                    .map(|s| {
                        let d = PyDict::new(py);
                        d.set_item("payer", s.payer.as_str())?;
                        d.set_item("amount", s.amount.amount())?;
                        Ok(d)
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                d.set_item("settled", settled)?;
                let causes = a
                    .causes
                    .iter()
                    .map(|c| {
                        let d = PyDict::new(py);
                        d.set_item("cause", c.cause.as_str())?;
                        d.set_item("paid", c.paid.as_deref())?;
                        d.set_item("owed", c.owed.as_deref())?;
                        Ok(d)
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                d.set_item("causes", causes)?;
                d.set_item("text_en", a.text_en())?;
                d.set_item("text_da", a.text_da())?;
                Ok(d)
            })
            .collect()
    }

    /// The net due on `today` per cluster and payer: dicts (cluster, payer, amount); negative:
    /// the cluster repays.
    #[getter]
    fn due<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.result
            .due
            .iter()
            .map(|d| {
                let dict = PyDict::new(py);
                dict.set_item("cluster", d.cluster.as_str())?;
                dict.set_item("payer", d.payer.as_str())?;
                dict.set_item("amount", d.amount.amount())?;
                Ok(dict)
            })
            .collect()
    }

    /// The adjustments of two reports' JSON on a day (what pickling stores).
    #[staticmethod]
    fn _from_reports(paid_json: &str, owed_json: &str, today: chrono::NaiveDate) -> PyResult<Self> {
        let paid = validated(klynge::GrantReport::from_json(paid_json))?;
        let owed = validated(klynge::GrantReport::from_json(owed_json))?;
        let result = validated(owed.adjustments(&paid, today))?;
        Ok(Adjustments { result, paid, owed })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String, String, chrono::NaiveDate))> {
        let a = slf.get();
        Ok((slf.get_type().getattr("_from_reports")?, (a.paid.to_json(), a.owed.to_json(), a.result.today)))
    }

    /// docs/formats.md's adjustments JSON.
    fn to_json(&self) -> String {
        self.result.to_json()
    }

    fn __len__(&self) -> usize {
        self.result.adjustments.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Adjustments({}: {} adjustments, {} due)",
            self.result.today,
            self.result.adjustments.len(),
            self.result.due.len()
        )
    }
}
