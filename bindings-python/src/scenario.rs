//! `klynge.Scenario`: a validated grant scenario (docs/formats.md), from JSON, a dict, a folder of
//! CSV files or dataframes, and the grant report it gives.

use std::path::{Path, PathBuf};

use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::calendar::Calendar;
use crate::conversion::{Whole, json_value, money, rate, record_batches, validated};
use crate::exceptions::problem_error;
use crate::report::GrantReport;
use crate::sweep::Sweep;
use klynge::grants::Parameters;
use klynge::{Problem, Rule, ScenarioBatches, ScenarioTables};

/// A validated grant scenario (docs/formats.md).
#[pyclass(frozen, module = "klynge", name = "Scenario", eq)]
#[derive(PartialEq)]
pub struct Scenario(pub klynge::Scenario);

impl From<klynge::Scenario> for Scenario {
    fn from(s: klynge::Scenario) -> Self {
        Scenario(s)
    }
}

/// The official parameters with the caller's rates (year → Decimal, int or str; GR-RATE).
fn with_rates(rates: Option<&Bound<'_, PyDict>>) -> PyResult<Parameters> {
    let mut parameters = Parameters::official();
    for (year, value) in rates.iter().flat_map(|rates| rates.iter()) {
        let year = year.extract::<Whole>()?.year("rates", Rule::GrRate)?;
        parameters = parameters.with_rate(year, rate(&value, &format!("rates[{year}]"))?);
    }
    Ok(parameters)
}

/// The text of each CSV file of a scenario folder; `None` where a file is not there.
fn read_folder(folder: &Path) -> PyResult<[Option<String>; 6]> {
    if !folder.is_dir() {
        return Err(PyOSError::new_err(format!("{} is not a folder of scenario CSV files", folder.display())));
    }
    let read = |name: &str| -> PyResult<Option<String>> {
        let path = folder.join(name);
        if !path.exists() {
            return Ok(None);
        }
        match crate::conversion::read_file(&path) {
            Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
                problem_error(Problem::new(
                    name,
                    Rule::Format,
                    format!("{name} is not UTF-8 text"),
                    format!("{name} er ikke UTF-8-tekst"),
                ))
            }),
            Err(e) => Err(e),
        }
    };
    let [a, b, c, d, e, f] = ScenarioTables::FILES;
    Ok([read(a)?, read(b)?, read(c)?, read(d)?, read(e)?, read(f)?])
}

#[pymethods]
impl Scenario {
    /// Reads scenario JSON, a `str` or the `bytes` of a UTF-8 file
    /// (`Scenario.from_json(path.read_bytes())` skips decoding it into a str); raises
    /// `ValidationError` listing every problem with its path.
    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = text.py();
        let text = crate::conversion::json_text(text, "text")?;
        validated(py.detach(|| klynge::Scenario::from_json(text))).map(Scenario)
    }

    /// Reads a scenario from a dict shaped like the JSON, as an analyst's data comes: dates may
    /// be `datetime.date` or pandas `Timestamp`s at midnight, rates `decimal.Decimal`, ints
    /// numpy's; None, NaN and NaT are null; a list may be a DataFrame. A float where money is
    /// expected is refused.
    #[staticmethod]
    fn from_dict(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        let value = json_value(obj)?;
        validated(obj.py().detach(|| klynge::Scenario::from_value(&value))).map(Scenario)
    }

    /// Reads a folder of CSV files: `clusters.csv`, `practices.csv`, `memberships.csv`,
    /// `patients.csv`, and optionally `rates.csv` and `policy.csv` (docs/formats.md "Tables instead
    /// of JSON"). Every problem names its file, row and column (`memberships.csv:12:joined`).
    #[staticmethod]
    fn from_csv(py: Python<'_>, folder: PathBuf) -> PyResult<Self> {
        let [clusters, practices, memberships, patients, rates, policy] = read_folder(&folder)?;
        let tables = ScenarioTables {
            clusters: clusters.as_deref(),
            practices: practices.as_deref(),
            memberships: memberships.as_deref(),
            patients: patients.as_deref(),
            rates: rates.as_deref(),
            policy: policy.as_deref(),
        };
        validated(py.detach(|| klynge::Scenario::from_tables(&tables))).map(Scenario)
    }

    /// Reads the same tables from dataframes: anything with the Arrow PyCapsule interface
    /// (pandas through pyarrow, polars, pyarrow tables), read through Arrow, not through Python
    /// objects. Columns may be strings or native (ints, bools, dates, Timestamps at midnight;
    /// None/NaN/NaT as null). `policy` is a one-row table or a dict. Every problem names its
    /// table, row (from 1) and column (`memberships:12:joined`).
    #[staticmethod]
    #[pyo3(signature = (*, clusters, practices, memberships, patients, rates=None, policy=None))]
    fn from_frames(
        py: Python<'_>,
        clusters: &Bound<'_, PyAny>,
        practices: &Bound<'_, PyAny>,
        memberships: &Bound<'_, PyAny>,
        patients: &Bound<'_, PyAny>,
        rates: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let clusters = record_batches(clusters, "clusters")?;
        let practices = record_batches(practices, "practices")?;
        let memberships = record_batches(memberships, "memberships")?;
        let patients = record_batches(patients, "patients")?;
        let rates = rates.map(|r| record_batches(r, "rates")).transpose()?;
        // A policy given as a dict is its one row.
        let policy = match policy {
            Some(p) if p.is_instance_of::<pyo3::types::PyDict>() => {
                let table = py.import("pyarrow")?.getattr("Table")?.call_method1("from_pylist", ([p],))?;
                Some(record_batches(&table, "policy")?)
            }
            Some(p) => Some(record_batches(p, "policy")?),
            None => None,
        };
        let batches = ScenarioBatches {
            clusters: Some(&clusters),
            practices: Some(&practices),
            memberships: Some(&memberships),
            patients: Some(&patients),
            rates: rates.as_deref(),
            policy: policy.as_deref(),
        };
        validated(py.detach(|| klynge::Scenario::from_record_batches(&batches))).map(Scenario)
    }

    /// The scenario as JSON (docs/formats.md).
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The grant report for grant years `first..=last`. `rates` maps a year to a rate
    /// (Decimal, int or str) that overrides the scenario's and the built-in one (GR-RATE);
    /// `startup_fee_per_capacity` (Decimal, int or str) and `clawback_on_transfer` override
    /// GR-STARTUP's fee and the GR-TRANSFER policy, so that a sweep's variant can be looked at
    /// line by line.
    #[pyo3(signature = (first, last, rates=None, startup_fee_per_capacity=None, clawback_on_transfer=None))]
    fn grants(
        &self,
        py: Python<'_>,
        first: Whole,
        last: Whole,
        rates: Option<&Bound<'_, PyDict>>,
        startup_fee_per_capacity: Option<&Bound<'_, PyAny>>,
        clawback_on_transfer: Option<bool>,
    ) -> PyResult<GrantReport> {
        let (first, last) = (first.year("first", Rule::Format)?, last.year("last", Rule::Format)?);
        let mut parameters = with_rates(rates)?;
        if let Some(fee) = startup_fee_per_capacity {
            parameters =
                parameters.with_startup_fee_per_capacity(money(fee, "startup_fee_per_capacity", Rule::GrStartup)?);
        }
        if let Some(policy) = clawback_on_transfer {
            parameters = parameters.with_clawback_on_transfer(policy);
        }
        let scenario = &self.0;
        let report = py.detach(|| scenario.grants_with(&parameters, first, last));
        validated(report).map(GrantReport)
    }

    /// CAL-EVENTS: the coordinator's calendar from `today` to `until` (default: 31 December of
    /// the next year): registration deadlines, payouts and when the money arrives, first
    /// anniversaries, and the money held back until completion. `rates` as for `grants`.
    #[pyo3(signature = (today, until=None, rates=None))]
    fn calendar(
        &self,
        py: Python<'_>,
        today: chrono::NaiveDate,
        until: Option<chrono::NaiveDate>,
        rates: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Calendar> {
        let parameters = with_rates(rates)?;
        let scenario = &self.0;
        validated(py.detach(|| scenario.calendar_with(&parameters, today, until))).map(Calendar)
    }

    /// REC-EXPECTED from the scenario: its lines for grant years `first..=last` (with `rates` as
    /// for `grants`) against `statement` on `today`. A cluster's grant year without a rate or a
    /// count keeps its startup fees and clawbacks; its annual grants are left out and listed in
    /// the result's `left_out`. Returns the report the expected transfers' `lines` point into,
    /// and the reconciliation.
    #[pyo3(signature = (statement, today, first, last, rates=None, windows=None))]
    #[allow(clippy::too_many_arguments)]
    fn reconcile(
        &self,
        py: Python<'_>,
        statement: &crate::statement::Statement,
        today: chrono::NaiveDate,
        first: Whole,
        last: Whole,
        rates: Option<&Bound<'_, PyDict>>,
        windows: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<(GrantReport, crate::reconciliation::Reconciliation)> {
        let (first, last) = (first.year("first", Rule::Format)?, last.year("last", Rule::Format)?);
        let parameters = with_rates(rates)?;
        let windows = crate::reconciliation::windows(windows)?;
        let scenario = &self.0;
        let (report, reconciliation) =
            validated(py.detach(|| scenario.reconcile(&parameters, (first, last), &statement.0, today, windows)))?;
        Ok((GrantReport(report), crate::reconciliation::Reconciliation(reconciliation)))
    }

    /// SW-VARIANTS: this scenario for grant years `first..=last` under each of `variants`, a
    /// list of dicts with optional `rates` (year → Decimal, int or str), `startup_fee_per_capacity`
    /// and `clawback_on_transfer`; what a variant does not set is the official one. Each
    /// variant's totals equal a full computation's (SW-EXACT). A variant without a rate for a
    /// year with annual grants is refused with its index and year, all such at once.
    fn sweep(&self, py: Python<'_>, first: Whole, last: Whole, variants: &Bound<'_, PyAny>) -> PyResult<Sweep> {
        let (first, last) = (first.year("first", Rule::Format)?, last.year("last", Rule::Format)?);
        let variants = crate::sweep::variants(variants)?;
        let scenario = &self.0;
        validated(py.detach(|| scenario.sweep(first, last, &variants))).map(Sweep)
    }

    /// The clusters as dicts (id, name, cvr, municipality code, founded, completed).
    #[getter]
    fn clusters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::conversion::to_python(py, &self.0.clusters())
    }

    /// The number of clusters, practices and memberships.
    #[getter]
    fn size(&self) -> (usize, usize, usize) {
        (self.0.clusters().len(), self.0.practices().len(), self.0.memberships().len())
    }

    /// The span of grant years covered by default: earliest founding year to latest count.
    #[getter]
    fn default_years(&self) -> Option<(i32, i32)> {
        self.0.default_years()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().getattr("from_json")?, (slf.get().0.to_json(),)))
    }

    fn __repr__(&self) -> String {
        let (c, p, m) = self.size();
        format!("Scenario(clusters={c}, practices={p}, memberships={m})")
    }
}

/// The built-in synthetic national sample (`factor` × national size, 1 to 100; another factor
/// is a `ValidationError`).
#[pyfunction]
#[pyo3(signature = (factor=Whole::from(1)), text_signature = "(factor=1)")]
pub fn sample_scenario(py: Python<'_>, factor: Whole) -> PyResult<Scenario> {
    let most = klynge::sample::MAX_FACTOR;
    let factor = factor.get("factor", Rule::Format)?;
    let factor = u32::try_from(factor).ok().filter(|f| (1..=most).contains(f)).ok_or_else(|| {
        problem_error(Problem::new(
            "factor",
            Rule::Format,
            format!("the sample's factor is 1 to {most}, not {factor}"),
            format!("eksemplets faktor er 1 til {most}, ikke {factor}"),
        ))
    })?;
    Ok(Scenario(py.detach(|| klynge::sample::scaled(factor))))
}
