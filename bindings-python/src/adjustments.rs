//! `klynge.Adjustments`: what changed between a report as paid and a report as owed, line by
//! line with its causes, and what is settled on a day (ADJ-LINES, ADJ-DUE, ADJ-EXPLAIN).

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The adjustments from a report as paid to one as owed: `.adjustments` (dicts with cluster,
/// ydernummer, kind, grant_year, paid, owed, difference, payer, settled, causes, text_en,
/// text_da), `.due` (the net per cluster and payer), `to_json()`.
#[pyclass(frozen, module = "klynge", name = "Adjustments")]
pub struct Adjustments(pub klynge::grants::Adjustments);

#[pymethods]
impl Adjustments {
    /// The day settlements are due.
    #[getter]
    fn today(&self) -> chrono::NaiveDate {
        self.0.today
    }

    /// One dict per changed, new or gone line.
    #[getter]
    fn adjustments<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
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
                d.set_item("text_en", &a.text_en)?;
                d.set_item("text_da", &a.text_da)?;
                Ok(d)
            })
            .collect()
    }

    /// The net due on `today` per cluster and payer: dicts (cluster, payer, amount); negative:
    /// the cluster repays.
    #[getter]
    fn due<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
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

    /// docs/formats.md's adjustments JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __len__(&self) -> usize {
        self.0.adjustments.len()
    }

    fn __repr__(&self) -> String {
        format!("Adjustments({}: {} adjustments, {} due)", self.0.today, self.0.adjustments.len(), self.0.due.len())
    }
}
