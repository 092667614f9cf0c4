//! `klynge.Spendings` and `klynge.Ledger`: the cluster's funds (LED-*): what came in, what was
//! spent, what is left, and whether what is requested is covered.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::conversion::{read_file, record_batches, validated};
use crate::exceptions::problem_error;
use crate::table::{Table, made};
use klynge::ClusterId;

/// LED-SPENDING: a cluster's spendings, validated.
#[pyclass(frozen, module = "klynge", name = "Spendings")]
pub struct Spendings(pub klynge::ledger::Spendings);

fn cluster_id(cluster: Option<&str>) -> PyResult<Option<ClusterId>> {
    cluster.map(|c| crate::conversion::parse::<ClusterId>(c, "cluster")).transpose()
}

#[pymethods]
impl Spendings {
    /// Reads spendings from a CSV file: a path (`str` or `os.PathLike`; a missing file is
    /// `FileNotFoundError`) or an open file, in `dialect` `"standard"` or `"danish-bank"`;
    /// `cluster` names the cluster where the file has no cluster column. Every bad row is a
    /// `ValidationError` problem at `FILE:ROW:COLUMN` (LED-SPENDING).
    #[staticmethod]
    #[pyo3(signature = (path_or_file, dialect="standard", cluster=None))]
    fn from_csv(
        py: Python<'_>,
        path_or_file: &Bound<'_, PyAny>,
        dialect: &str,
        cluster: Option<&str>,
    ) -> PyResult<Self> {
        let dialect = dialect.parse().map_err(problem_error)?;
        let cluster = cluster_id(cluster)?;
        let (bytes, file) = if path_or_file.hasattr("read")? {
            let content = path_or_file.call_method0("read")?;
            let bytes = match content.extract::<String>() {
                Ok(text) => text.into_bytes(),
                Err(_) => content.extract::<Vec<u8>>()?,
            };
            (bytes, "spendings.csv".to_owned())
        } else {
            let path: std::path::PathBuf = path_or_file
                .extract()
                .map_err(|_| pyo3::exceptions::PyTypeError::new_err("from_csv takes a path or an open file"))?;
            let file = path.file_name().map_or_else(|| "spendings.csv".into(), |n| n.to_string_lossy().into_owned());
            (read_file(&path)?, file)
        };
        validated(py.detach(|| klynge::ledger::Spendings::from_bytes(&bytes, &file, dialect, cluster))).map(Spendings)
    }

    /// Reads spendings from a dataframe (anything with the Arrow PyCapsule interface) with the
    /// CSV's columns: amounts and hours as decimals, whole numbers or text, never floats.
    #[staticmethod]
    #[pyo3(signature = (frame, cluster=None))]
    fn from_frame(frame: &Bound<'_, PyAny>, cluster: Option<&str>) -> PyResult<Self> {
        let cluster = cluster_id(cluster)?;
        let batches = record_batches(frame, "spendings")?;
        validated(klynge::ledger::Spendings::from_record_batches(&batches, cluster)).map(Spendings)
    }

    /// Reads spendings written by `to_json`, or any JSON list of spendings.
    #[staticmethod]
    #[pyo3(signature = (text, cluster=None))]
    fn from_json(text: &str, cluster: Option<&str>) -> PyResult<Self> {
        validated(klynge::ledger::Spendings::from_json(text, cluster_id(cluster)?)).map(Spendings)
    }

    /// The spendings as a JSON list.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The spendings as dicts (row, cluster, date, kind, payee, amount, hours, status, text).
    #[getter]
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for s in self.0.items() {
            let d = PyDict::new(py);
            d.set_item("row", s.row)?;
            d.set_item("cluster", s.cluster.as_str())?;
            d.set_item("date", s.date)?;
            d.set_item("kind", s.kind.as_str())?;
            d.set_item("payee", &s.payee)?;
            d.set_item("amount", s.amount.amount())?;
            d.set_item("hours", s.hours)?;
            d.set_item("status", s.status.as_str())?;
            d.set_item("text", s.text.as_deref())?;
            list.append(d)?;
        }
        Ok(list)
    }

    fn __len__(&self) -> usize {
        self.0.items().len()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().getattr("from_json")?, (slf.get().0.to_json(),)))
    }

    fn __repr__(&self) -> String {
        format!("Spendings({} rows)", self.0.items().len())
    }
}

/// LED-ENTRIES, LED-BALANCE, LED-PLAN, LED-YEAR: a cluster's funds on a day. `entries`,
/// `plan` and `years` are tables (`to_pandas()`, `to_polars()`, `to_arrow()`, the Arrow
/// PyCapsule interface); `balance(cluster)` is the balance on `today`.
#[pyclass(frozen, module = "klynge", name = "Ledger")]
pub struct Ledger(pub klynge::ledger::Ledger);

#[pymethods]
impl Ledger {
    /// The day of the ledger.
    #[getter]
    fn today(&self) -> chrono::NaiveDate {
        self.0.today
    }

    /// What was booked up to `today`, with the balance after each entry and overdrafts.
    #[getter]
    fn entries(&self) -> PyResult<Table> {
        Ok(Table(made(self.0.entries_record_batch())?))
    }

    /// What lies ahead: expected lines and requested spendings, each spending covered or not.
    #[getter]
    fn plan(&self) -> PyResult<Table> {
        Ok(Table(made(self.0.plan_record_batch())?))
    }

    /// The year summaries: opening, in and out per kind, closing.
    #[getter]
    fn years(&self) -> PyResult<Table> {
        Ok(Table(made(self.0.years_record_batch())?))
    }

    /// Per cluster, the report's lines waiting for completion: dicts (cluster, amount, lines).
    #[getter]
    fn pending<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .pending
            .iter()
            .map(|p| {
                let d = PyDict::new(py);
                d.set_item("cluster", p.cluster.as_str())?;
                d.set_item("amount", p.amount.amount())?;
                d.set_item("lines", p.lines.clone())?;
                Ok(d)
            })
            .collect()
    }

    /// The balance of `cluster` on `today`, or `None` for a cluster the ledger does not have.
    fn balance(&self, cluster: &str) -> PyResult<Option<rust_decimal::Decimal>> {
        let cluster = crate::conversion::parse::<ClusterId>(cluster, "cluster")?;
        Ok(self.0.balance(&cluster).map(klynge::Dkk::amount))
    }

    /// docs/formats.md's ledger JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Reads a ledger written by `to_json`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        validated(klynge::ledger::Ledger::from_json(text)).map(Ledger)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().getattr("from_json")?, (slf.get().0.to_json(),)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Ledger({}: {} entries, {} planned, {} clusters)",
            self.0.today,
            self.0.entries.len(),
            self.0.plan.len(),
            self.0.clusters().len()
        )
    }
}

/// LED-ENTRIES: opening balances from a dict `{cluster: (date, amount)}`.
pub fn openings(given: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<klynge::ledger::Opening>> {
    let Some(given) = given else { return Ok(Vec::new()) };
    let mut openings = Vec::with_capacity(given.len());
    for (key, value) in given.iter() {
        let (described, _) = crate::conversion::dict_key(&key);
        let cluster: String = key.extract().map_err(|_| {
            problem_error(klynge::Problem::new(
                "openings",
                klynge::Rule::LedEntries,
                format!("an opening's key is a cluster id, not {described}"),
                format!("en startsaldos nøgle er et klynge-id, ikke {described}"),
            ))
        })?;
        let (date, amount): (chrono::NaiveDate, Bound<'_, PyAny>) = value.extract().map_err(|_| {
            problem_error(klynge::Problem::new(
                format!("openings.{}", klynge::problem::quote(&cluster).trim_matches('"')),
                klynge::Rule::LedEntries,
                "an opening balance is a (date, amount) pair",
                "en startsaldo er et par (dato, beløb)",
            ))
        })?;
        openings.push(klynge::ledger::Opening {
            cluster: crate::conversion::parse::<ClusterId>(&cluster, "openings")?,
            date,
            amount: crate::conversion::money(&amount, "openings", klynge::Rule::LedEntries)?,
        });
    }
    Ok(openings)
}
