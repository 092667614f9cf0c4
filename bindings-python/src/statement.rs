//! `klynge.Statement`: a cluster's statement (CSV text or file, in the standard or the Danish
//! bank dialect, or a dataframe) of the transfers booked (REC-STATEMENT).

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::conversion::{record_batches, validated};
use crate::exceptions::problem_error;
use crate::reconciliation::booked;
use klynge::ClusterId;

/// A validated statement of the transfers booked on a cluster's account (REC-STATEMENT).
#[pyclass(frozen, module = "klynge", name = "Statement")]
pub struct Statement(pub klynge::reconcile::Statement);

fn cluster_id(cluster: Option<&str>) -> PyResult<Option<ClusterId>> {
    cluster.map(|c| crate::conversion::parse::<ClusterId>(c, "cluster")).transpose()
}

#[pymethods]
impl Statement {
    /// Reads a statement from a CSV file: a path (`str` or `os.PathLike`; a missing file is
    /// `FileNotFoundError`, as in pandas) or an open file (`io.StringIO`, a binary file).
    /// `cluster` names the cluster whose account it is (needed for the Danish bank dialect and
    /// where the statement has no cluster column); `dialect` is `"standard"` or
    /// `"danish-bank"`, which reads a bank's export as it is (UTF-8 or Windows-1252; Danske
    /// Bank, Sydbank, Nordea, Nykredit). Every bad row is a `ValidationError` problem with its
    /// row and column. CSV text in a `str` is read with `from_csv_text`.
    #[staticmethod]
    #[pyo3(signature = (path_or_file, cluster=None, dialect="standard"))]
    fn from_csv(
        py: Python<'_>,
        path_or_file: &Bound<'_, PyAny>,
        cluster: Option<&str>,
        dialect: &str,
    ) -> PyResult<Self> {
        let dialect = dialect.parse().map_err(problem_error)?;
        let cluster = cluster_id(cluster)?;
        let bytes: Vec<u8> = if path_or_file.hasattr("read")? {
            let content = path_or_file.call_method0("read")?;
            match content.extract::<String>() {
                Ok(text) => text.into_bytes(),
                Err(_) => content.extract::<Vec<u8>>().map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err("the file's read() gives neither str nor bytes")
                })?,
            }
        } else {
            let path: std::path::PathBuf = path_or_file.extract().map_err(|_| {
                pyo3::exceptions::PyTypeError::new_err(
                    "from_csv takes a path or an open file; CSV text goes to Statement.from_csv_text",
                )
            })?;
            crate::conversion::read_file(&path)?
        };
        validated(py.detach(|| klynge::reconcile::Statement::from_bytes(&bytes, dialect, cluster))).map(Statement)
    }

    /// Reads a statement from CSV text, as `from_csv` reads a file.
    #[staticmethod]
    #[pyo3(signature = (text, cluster=None, dialect="standard"))]
    fn from_csv_text(py: Python<'_>, text: &str, cluster: Option<&str>, dialect: &str) -> PyResult<Self> {
        let dialect = dialect.parse().map_err(problem_error)?;
        let cluster = cluster_id(cluster)?;
        validated(py.detach(|| klynge::reconcile::Statement::from_csv(text, dialect, cluster))).map(Statement)
    }

    /// What reading the CSV found: the layout recognised (`standard`, `danske-bank`,
    /// `sydbank`, `nordea`, `nykredit`, `other-bank`); `None` for a statement from a dataframe.
    #[getter]
    fn layout(&self) -> Option<&'static str> {
        self.0.read().map(|r| r.layout.as_str())
    }

    /// The encoding the CSV was read in: `utf-8` or `windows-1252`.
    #[getter]
    fn encoding(&self) -> Option<&'static str> {
        self.0.read().map(|r| r.encoding.as_str())
    }

    /// The rows booked.
    #[getter]
    fn booked(&self) -> usize {
        self.0.bookings().len()
    }

    /// The reservations left out (a bank export's rows dated `Reserveret`).
    #[getter]
    fn reservations(&self) -> usize {
        self.0.read().map_or(0, |r| r.reservations)
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
        match self.0.read() {
            Some(read) => format!(
                "Statement(cluster={cluster}, bookings={}, layout={}, encoding={}, reservations={})",
                self.0.bookings().len(),
                read.layout,
                read.encoding,
                read.reservations
            ),
            None => format!("Statement(cluster={cluster}, bookings={})", self.0.bookings().len()),
        }
    }
}
