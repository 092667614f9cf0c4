//! `klynge.Statement`: a cluster's statement (CSV text or file, in the standard or the Danish
//! bank dialect, or a dataframe) of the transfers booked (REC-STATEMENT).

use std::path::Path;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::conversion::{record_batches, validated};
use crate::exceptions::problem_error;
use crate::reconciliation::booked;
use klynge::{ClusterId, Problem, Rule};

/// A validated statement of the transfers booked on a cluster's account (REC-STATEMENT).
#[pyclass(frozen, module = "klynge", name = "Statement")]
pub struct Statement(pub klynge::reconcile::Statement);

fn cluster_id(cluster: Option<&str>) -> PyResult<Option<ClusterId>> {
    cluster.map(|c| crate::conversion::parse::<ClusterId>(c, "cluster")).transpose()
}

#[pymethods]
impl Statement {
    /// Reads a statement from a CSV file (a path) or CSV text. `cluster` names the cluster
    /// whose account it is (needed for the Danish bank dialect and where the statement has no
    /// cluster column); `dialect` is `"standard"` or `"danish-bank"`. Every bad row is a
    /// `ValidationError` problem with its row and column.
    #[staticmethod]
    #[pyo3(signature = (path_or_text, cluster=None, dialect="standard"))]
    fn from_csv(
        py: Python<'_>,
        path_or_text: &Bound<'_, PyAny>,
        cluster: Option<&str>,
        dialect: &str,
    ) -> PyResult<Self> {
        let dialect = dialect.parse().map_err(problem_error)?;
        let cluster = cluster_id(cluster)?;
        let text: String = match path_or_text.extract::<String>() {
            Ok(text) if text.contains('\n') || !Path::new(&text).exists() => text,
            _ => {
                let path: std::path::PathBuf = path_or_text.extract()?;
                let bytes = std::fs::read(&path).map_err(|e| {
                    pyo3::exceptions::PyOSError::new_err(format!("cannot read {}: {e}", path.display()))
                })?;
                String::from_utf8(bytes).map_err(|_| {
                    problem_error(Problem::new(
                        "statement",
                        Rule::RecStatement,
                        format!("{} is not UTF-8 text", path.display()),
                        format!("{} er ikke UTF-8-tekst", path.display()),
                    ))
                })?
            }
        };
        validated(py.detach(|| klynge::reconcile::Statement::from_csv(&text, dialect, cluster))).map(Statement)
    }

    /// Reads a statement from a dataframe (anything with the Arrow PyCapsule interface) with
    /// the columns date, amount (a decimal, whole kroner or text; never a float), and
    /// optionally cluster, payer and text.
    #[staticmethod]
    #[pyo3(signature = (frame, cluster=None))]
    fn from_frame(frame: &Bound<'_, PyAny>, cluster: Option<&str>) -> PyResult<Self> {
        let cluster = cluster_id(cluster)?;
        let batches = record_batches(frame, "statement")?;
        validated(klynge::reconcile::Statement::from_record_batches(&batches, cluster)).map(Statement)
    }

    /// The cluster the statement is of, where one was named.
    #[getter]
    fn cluster(&self) -> Option<String> {
        self.0.cluster().map(ToString::to_string)
    }

    /// The bookings, as dicts (row, date, cluster, amount, payer, text).
    #[getter]
    fn bookings<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0.bookings().iter().map(|b| booked(py, b)).collect()
    }

    fn __len__(&self) -> usize {
        self.0.bookings().len()
    }

    fn __repr__(&self) -> String {
        let cluster = self.0.cluster().map_or_else(|| "any".to_owned(), ToString::to_string);
        format!("Statement(cluster={cluster}, bookings={})", self.0.bookings().len())
    }
}
