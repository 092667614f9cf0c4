//! `klynge.GrantReport`: a grant report (docs/formats.md) with its lines, totals, explanations, and
//! its tables for pandas, polars, pyarrow and DuckDB.

use std::collections::HashMap;

use chrono::NaiveDate;
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::conversion::{Whole, validated};
use crate::line::Line;
use crate::table::{Table, made};
use crate::totals::Totals;
use klynge::grants::REPORT_COLUMNS;

/// A cluster's id, name and region code, as a report pickles them (docs/formats.md's JSON does not
/// carry names and regions).
type ClusterDetails = (String, Option<String>, Option<u16>);

/// What a report pickles as: the function that reads it back, and its JSON and clusters.
type Reduced<'py> = (Bound<'py, PyAny>, (String, Vec<ClusterDetails>));

/// A grant report (docs/formats.md): `.lines`, `.totals`, explanations, and its lines as a table:
/// `pyarrow.table(report)`, `polars.DataFrame(report)`, `duckdb.sql("select * from report")`,
/// or `to_pandas()`, `to_polars()`, `to_arrow()`.
#[pyclass(frozen, module = "klynge", name = "GrantReport", eq)]
#[derive(PartialEq)]
pub struct GrantReport(pub klynge::GrantReport);

/// Python dates made once per distinct date (reports repeat a few due dates many times).
struct Dates<'py> {
    py: Python<'py>,
    made: HashMap<NaiveDate, Bound<'py, PyAny>>,
}

impl<'py> Dates<'py> {
    fn get(&mut self, date: Option<NaiveDate>) -> PyResult<Bound<'py, PyAny>> {
        let Some(date) = date else { return Ok(self.py.None().into_bound(self.py)) };
        if let Some(made) = self.made.get(&date) {
            return Ok(made.clone());
        }
        let made = date.into_pyobject(self.py)?.into_any();
        self.made.insert(date, made.clone());
        Ok(made)
    }
}

impl crate::table::Tabular for GrantReport {
    fn batch(&self, py: Python<'_>) -> PyResult<arrow_array::RecordBatch> {
        let report = &self.0;
        made(py.detach(|| report.to_record_batch()))
    }

    fn caption(&self) -> String {
        self.__repr__()
    }
}

crate::table::tabular!(GrantReport);

#[pymethods]
impl GrantReport {
    /// The first and last grant year covered.
    #[getter]
    fn years(&self) -> (i32, i32) {
        (self.0.first_year(), self.0.last_year())
    }

    /// Every line, in FORMAT's order.
    #[getter]
    fn lines(&self) -> Vec<Line> {
        self.0.lines().map(Line::from).collect()
    }

    /// One row per cluster and grant year.
    #[getter]
    fn totals(&self) -> Vec<Totals> {
        self.0.totals().map(Totals::from).collect()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __getitem__(&self, index: Whole) -> PyResult<Line> {
        let i = index.index(self.0.len(), "the report's lines")?;
        self.0.line(i).map(Line::from).ok_or_else(|| PyIndexError::new_err(format!("no line {i}")))
    }

    /// GR-EXPLAIN: a readable explanation of line `index`.
    fn explain(&self, index: Whole) -> PyResult<String> {
        Ok(self.__getitem__(index)?.explanation().to_owned())
    }

    /// The lines as a dict of lists, one list per column of the report's table (FORMAT's
    /// fields, `period` split into `period_from` and `period_until`, and the cluster's name and
    /// region); amounts and rates are Decimals, dates are dates.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let n = self.0.len();
        let mut cols: Vec<Vec<Bound<'py, PyAny>>> = (0..REPORT_COLUMNS.len()).map(|_| Vec::with_capacity(n)).collect();
        let none = py.None().into_bound(py);
        let text = |t: Option<&str>| -> Bound<'py, PyAny> {
            t.map_or_else(|| none.clone(), |t| PyString::new(py, t).into_any())
        };
        // Strings that repeat are made once: cluster ids, names and regions, ydernumre, kinds,
        // rules, payers.
        let clusters: Vec<[Bound<'py, PyAny>; 3]> = (0..self.0.clusters().len())
            .map(|i| {
                [
                    text(self.0.clusters().get(i).map(|c| c.as_str())),
                    text(self.0.cluster_name(i)),
                    text(self.0.cluster_region(i).map(|r| r.name())),
                ]
            })
            .collect();
        let mut ydernumre: HashMap<klynge::Ydernummer, Bound<'py, PyAny>> = HashMap::new();
        let mut texts: HashMap<&'static str, Bound<'py, PyAny>> = HashMap::new();
        let mut word = |t: &'static str| texts.entry(t).or_insert_with(|| PyString::new(py, t).into_any()).clone();
        let mut dates = Dates { py, made: HashMap::new() };
        let mut rates: HashMap<i32, Bound<'py, PyAny>> = HashMap::new();
        let opt = |v: Option<u32>| -> PyResult<Bound<'py, PyAny>> {
            Ok(match v {
                Some(v) => v.into_pyobject(py)?.into_any(),
                None => none.clone(),
            })
        };
        for (compact, l) in self.0.compact_lines().zip(self.0.lines()) {
            let rate = match l.rate {
                Some(r) => match rates.get(&l.grant_year) {
                    Some(made) => made.clone(),
                    None => {
                        let made = r.value().into_pyobject(py)?.into_any();
                        rates.insert(l.grant_year, made.clone());
                        made
                    }
                },
                None => none.clone(),
            };
            let [cluster, name, region] = clusters
                .get(compact.cluster_index())
                .cloned()
                .unwrap_or_else(|| [text(Some(l.cluster.as_str())), none.clone(), none.clone()]);
            let ydernummer = ydernumre
                .entry(l.ydernummer)
                .or_insert_with(|| PyString::new(py, &l.ydernummer.to_string()).into_any())
                .clone();
            let row: [Bound<'py, PyAny>; 17] = [
                cluster,
                name,
                region,
                ydernummer,
                word(l.kind.as_str()),
                l.grant_year.into_pyobject(py)?.into_any(),
                word(l.rule.id()),
                dates.get(l.period.map(|p| p.from))?,
                dates.get(l.period.map(|p| p.until))?,
                opt(l.patients)?,
                rate,
                opt(l.days)?,
                opt(l.days_in_year.map(u32::from))?,
                opt(l.capacities.map(u32::from))?,
                l.amount.amount().into_pyobject(py)?.into_any(),
                word(l.payer.as_str()),
                dates.get(l.due)?,
            ];
            for (col, value) in cols.iter_mut().zip(row) {
                col.push(value);
            }
        }
        let dict = PyDict::new(py);
        for (name, col) in REPORT_COLUMNS.iter().zip(cols) {
            dict.set_item(name, PyList::new(py, col)?)?;
        }
        Ok(dict)
    }

    /// Every line as a dict (the fields of `columns`).
    fn to_dicts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let columns = self.columns(py)?;
        let lists: Vec<Bound<'py, PyList>> = REPORT_COLUMNS
            .iter()
            .map(|c| {
                columns
                    .get_item(c)
                    .and_then(|v| v.ok_or_else(|| PyIndexError::new_err(*c)))
                    .and_then(|v| Ok(v.cast_into::<PyList>()?))
            })
            .collect::<PyResult<_>>()?;
        let rows = PyList::empty(py);
        for i in 0..self.0.len() {
            let row = PyDict::new(py);
            for (name, list) in REPORT_COLUMNS.iter().zip(&lists) {
                row.set_item(name, list.get_item(i)?)?;
            }
            rows.append(row)?;
        }
        Ok(rows)
    }

    /// One cluster's part of the report, as the coordinator's app shows it (the core's
    /// `GrantReport::cluster_view`): `lines`, each a dict of `line` (a `Line`), `index` (for
    /// `explain`) and `payout_window` (CMP-PAYOUT: when a payout's money is expected on the
    /// account, the region's 2 to 4 weeks after its payout date, PLO's on the day; None for a
    /// repayment or a pending line), and `totals`. A cluster without lines gives empty lists.
    fn cluster_view<'py>(&self, py: Python<'py>, cluster: &str) -> PyResult<Bound<'py, PyDict>> {
        let id: klynge::ClusterId = crate::conversion::parse(cluster, "cluster")?;
        let view = self.0.cluster_view(&id);
        let lines = PyList::empty(py);
        for l in &view.lines {
            let entry = PyDict::new(py);
            entry.set_item("line", Line::from(l.line))?;
            entry.set_item("index", l.index)?;
            entry.set_item("payout_window", l.window)?;
            lines.append(entry)?;
        }
        let result = PyDict::new(py);
        result.set_item("cluster", id.to_string())?;
        result.set_item("lines", lines)?;
        result.set_item("totals", view.totals.into_iter().map(Totals::from).collect::<Vec<_>>())?;
        Ok(result)
    }

    /// The totals as a table: cluster, cluster_name, region, grant_year, paid, repaid, net
    /// (pending included), pending.
    fn totals_table(&self, py: Python<'_>) -> PyResult<Table> {
        let report = &self.0;
        Ok(Table(made(py.detach(|| report.totals_record_batch()))?))
    }

    /// The totals as a pandas DataFrame.
    fn totals_to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table = self.totals_table(py)?;
        crate::table::to_pandas(py, &table.0)
    }

    /// REC-EXPECTED: the transfers the report promises, as dicts (cluster, payer, due,
    /// direction, amount, window, lines).
    fn expected_transfers<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .expected_transfers()
            .iter()
            .map(|e| {
                let d = PyDict::new(py);
                d.set_item("cluster", e.cluster.as_str())?;
                d.set_item("payer", e.payer.as_str())?;
                d.set_item("due", e.due)?;
                d.set_item("direction", e.direction.as_str())?;
                d.set_item("amount", e.amount.amount())?;
                d.set_item("window", e.window)?;
                d.set_item("lines", e.lines.clone())?;
                Ok(d)
            })
            .collect()
    }

    /// REC-MATCH: reconciles `statement` against the report on `today`. `windows` sets how
    /// many days after a payout a booking may settle it: `{"region": 28, "plo": 7}` (REC-WINDOW).
    #[pyo3(signature = (statement, today, windows=None))]
    fn reconcile(
        &self,
        py: Python<'_>,
        statement: &crate::statement::Statement,
        today: NaiveDate,
        windows: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<crate::reconciliation::Reconciliation> {
        let windows = crate::reconciliation::windows(windows)?;
        let report = &self.0;
        validated(py.detach(|| report.reconcile(&statement.0, today, windows)))
            .map(crate::reconciliation::Reconciliation)
    }

    /// ADJ-*: the adjustments from `paid` (the report as it stood when the money went out,
    /// e.g. read back with `GrantReport.from_json`) to this report (as owed now), settled on
    /// `today`. Reports over other grant years are refused.
    fn adjustments(
        &self,
        py: Python<'_>,
        paid: &GrantReport,
        today: NaiveDate,
    ) -> PyResult<crate::adjustments::Adjustments> {
        let (owed, paid) = (&self.0, &paid.0);
        let result = validated(py.detach(|| owed.adjustments(paid, today)))?;
        Ok(crate::adjustments::Adjustments { result, paid: paid.clone(), owed: owed.clone() })
    }

    /// LED-*: the cluster's funds on `today`: this report's lines and `spendings`, with
    /// `openings` (a dict `{cluster: (date, amount)}`: each replaces what came before its day)
    /// and, where given, one `cluster` only.
    #[pyo3(signature = (spendings, today, openings=None, cluster=None))]
    fn ledger(
        &self,
        py: Python<'_>,
        spendings: &crate::ledger::Spendings,
        today: NaiveDate,
        openings: Option<&Bound<'_, pyo3::types::PyDict>>,
        cluster: Option<&str>,
    ) -> PyResult<crate::ledger::Ledger> {
        let openings = crate::ledger::openings(openings)?;
        let cluster = cluster.map(|c| crate::conversion::parse::<klynge::ClusterId>(c, "cluster")).transpose()?;
        let report = &self.0;
        let ledger = validated(py.detach(|| report.ledger(&spendings.0, today, &openings)))?;
        Ok(crate::ledger::Ledger(match cluster {
            Some(cluster) => ledger.of_cluster(&cluster),
            None => ledger,
        }))
    }

    /// The version of klynge that computed the report (`None` for a report read from JSON
    /// written without it).
    #[getter]
    fn klynge_version(&self) -> Option<String> {
        self.0.provenance().map(|p| p.klynge_version.clone())
    }

    /// SHA-256 (hex) of the parameters the report was computed with, as canonical JSON.
    #[getter]
    fn parameters_fingerprint(&self) -> Option<String> {
        self.0.provenance().map(|p| p.parameters_fingerprint.clone())
    }

    /// The report as the JSON of docs/formats.md.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Reads a report written by `to_json`, checking that lines and totals agree.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        validated(klynge::GrantReport::from_json(text)).map(GrantReport)
    }

    /// A report from its pickled state: its JSON and its clusters' names and regions.
    #[staticmethod]
    fn _from_state(json: &str, clusters: Vec<ClusterDetails>) -> PyResult<Self> {
        let report = validated(klynge::GrantReport::from_json(json))?;
        let details = clusters.into_iter().filter_map(|(id, name, region)| {
            let region = region.and_then(|code| klynge::Region::ALL.into_iter().find(|r| r.code() == code));
            Some((id.parse().ok()?, name, region))
        });
        Ok(GrantReport(report.with_cluster_details(details)))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let report = &slf.get().0;
        let clusters = (0..report.clusters().len())
            .filter_map(|i| {
                let id = report.clusters().get(i)?.to_string();
                Some((id, report.cluster_name(i).map(str::to_owned), report.cluster_region(i).map(|r| r.code())))
            })
            .collect();
        Ok((slf.get_type().getattr("_from_state")?, (report.to_json(), clusters)))
    }

    fn __repr__(&self) -> String {
        format!(
            "GrantReport(years={}-{}, lines={}, clusters={})",
            self.0.first_year(),
            self.0.last_year(),
            self.0.len(),
            self.0.clusters().len()
        )
    }
}
