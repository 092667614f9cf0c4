//! `klynge.Comparison` and `klynge.compare`: the difference per cluster and grant year between
//! two grant reports ("what if").

use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

use crate::conversion::{explained, validated};
use crate::report::GrantReport;
use crate::table::made;
use klynge::grants::ComparisonRow;

/// A row as it pickles: cluster, grant year, baseline, other, difference.
type RowState = (String, i32, Decimal, Decimal, Decimal);

/// The difference per cluster and grant year between two reports; a table like the others
/// (`pyarrow.table(c)`, `polars.DataFrame(c)`, `to_pandas()`), money as exact decimals.
#[pyclass(frozen, module = "klynge", name = "Comparison", eq)]
#[derive(PartialEq)]
pub struct Comparison(Vec<ComparisonRow>);

impl crate::table::Tabular for Comparison {
    fn batch(&self, _: Python<'_>) -> PyResult<arrow_array::RecordBatch> {
        made(klynge::arrow::comparison_record_batch(&self.0))
    }

    fn caption(&self) -> String {
        self.__repr__()
    }
}

crate::table::tabular!(Comparison);

#[pymethods]
impl Comparison {
    /// The rows as dicts: cluster, grant_year, baseline, other, difference (Decimals).
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .iter()
            .map(|r| {
                let d = PyDict::new(py);
                d.set_item("cluster", r.cluster.as_str())?;
                d.set_item("grant_year", r.grant_year)?;
                d.set_item("baseline", r.baseline.amount())?;
                d.set_item("other", r.other.amount())?;
                d.set_item("difference", r.difference.amount())?;
                Ok(d)
            })
            .collect()
    }

    /// The rows as a dict of lists.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("cluster", self.0.iter().map(|r| r.cluster.to_string()).collect::<Vec<_>>())?;
        d.set_item("grant_year", self.0.iter().map(|r| r.grant_year).collect::<Vec<_>>())?;
        d.set_item("baseline", self.0.iter().map(|r| r.baseline.amount()).collect::<Vec<_>>())?;
        d.set_item("other", self.0.iter().map(|r| r.other.amount()).collect::<Vec<_>>())?;
        d.set_item("difference", self.0.iter().map(|r| r.difference.amount()).collect::<Vec<_>>())?;
        Ok(d)
    }

    /// The total difference over every row.
    #[getter]
    fn total_difference(&self) -> PyResult<Decimal> {
        explained(klynge::Dkk::sum(self.0.iter().map(|r| r.difference)), "difference").map(|d| d.amount())
    }

    /// A comparison from its pickled rows.
    #[staticmethod]
    fn _from_state(rows: Vec<RowState>) -> PyResult<Self> {
        let dkk = |d: Decimal, path: &str| explained(klynge::Dkk::round(d), path);
        rows.into_iter()
            .map(|(cluster, grant_year, baseline, other, difference)| {
                Ok(ComparisonRow {
                    cluster: crate::conversion::parse(&cluster, "cluster")?,
                    grant_year,
                    baseline: dkk(baseline, "baseline")?,
                    other: dkk(other, "other")?,
                    difference: dkk(difference, "difference")?,
                })
            })
            .collect::<PyResult<_>>()
            .map(Comparison)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Vec<RowState>,))> {
        let rows = slf
            .get()
            .0
            .iter()
            .map(|r| {
                (r.cluster.to_string(), r.grant_year, r.baseline.amount(), r.other.amount(), r.difference.amount())
            })
            .collect();
        Ok((slf.get_type().getattr("_from_state")?, (rows,)))
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!("Comparison(rows={})", self.0.len())
    }
}

/// The difference per cluster and grant year between two reports ("what if"). Reports over
/// other grant years or with other clusters are refused with a `ValidationError` naming the
/// difference, unless `common=True` asks for the years and clusters the two have in common.
#[pyfunction]
#[pyo3(signature = (baseline, other, common=false))]
pub fn compare(baseline: &GrantReport, other: &GrantReport, common: bool) -> PyResult<Comparison> {
    let rows = if common {
        klynge::grants::compare_common(&baseline.0, &other.0)
    } else {
        klynge::grants::compare(&baseline.0, &other.0)
    };
    validated(rows).map(Comparison)
}
