//! Scenarios, grant reports and comparisons: `Scenario`, `GrantReport`, `Line`, `Totals`,
//! `Comparison`, plus the consultant fee and the payout window.

use std::collections::HashMap;

use chrono::NaiveDate;
use pyo3::exceptions::{PyImportError, PyIndexError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rust_decimal::Decimal;

use crate::conversion::{decimal, explained, rate, to_json_text, validated};
use klynge::Rule;
use klynge::grants::{FLAT_COLUMNS, Parameters};

/// A validated grant scenario (FORMAT.md).
#[pyclass(frozen, module = "klynge", name = "Scenario")]
pub struct Scenario(pub klynge::Scenario);

impl From<klynge::Scenario> for Scenario {
    fn from(s: klynge::Scenario) -> Self {
        Scenario(s)
    }
}

#[pymethods]
impl Scenario {
    /// Reads scenario JSON; raises `ValidationError` listing every problem with its path.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        validated(klynge::Scenario::from_json(text)).map(Scenario)
    }

    /// Reads a scenario from a dict shaped like the JSON (dates and decimals may be
    /// `datetime.date` and `decimal.Decimal`; a float where money is expected is refused).
    #[staticmethod]
    fn from_dict(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::from_json(&to_json_text(obj)?)
    }

    /// The scenario as JSON (FORMAT.md).
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The grant report for grant years `first..=last`. `rates` maps a year to a rate
    /// (Decimal, int or str) that overrides the scenario's and the built-in one (GR-RATE).
    #[pyo3(signature = (first, last, rates=None))]
    fn grants(
        &self,
        py: Python<'_>,
        first: i32,
        last: i32,
        rates: Option<HashMap<i32, Bound<'_, PyAny>>>,
    ) -> PyResult<GrantReport> {
        let mut parameters = Parameters::official();
        for (year, value) in rates.unwrap_or_default() {
            parameters = parameters.with_rate(year, rate(&value, &format!("rates[{year}]"))?);
        }
        let scenario = &self.0;
        let report = py.detach(|| scenario.grants_with(&parameters, first, last));
        validated(report).map(GrantReport)
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

    fn __repr__(&self) -> String {
        let (c, p, m) = self.size();
        format!("Scenario(clusters={c}, practices={p}, memberships={m})")
    }
}

/// The built-in synthetic national sample (`factor` × national size, 1 to 100).
#[pyfunction]
#[pyo3(signature = (factor=1))]
pub fn sample_scenario(py: Python<'_>, factor: u32) -> Scenario {
    Scenario(py.detach(|| klynge::sample::scaled(factor)))
}

/// One line of a grant report, with the fields of FORMAT.md (GR-EXPLAIN). `period` is a
/// `(from, until)` pair of dates or None.
#[pyclass(frozen, module = "klynge", name = "Line")]
pub struct Line {
    #[pyo3(get)]
    cluster: String,
    #[pyo3(get)]
    ydernummer: String,
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    grant_year: i32,
    #[pyo3(get)]
    rule: &'static str,
    #[pyo3(get)]
    period: Option<(NaiveDate, NaiveDate)>,
    #[pyo3(get)]
    patients: Option<u32>,
    #[pyo3(get)]
    rate: Option<Decimal>,
    #[pyo3(get)]
    days: Option<u32>,
    #[pyo3(get)]
    days_in_year: Option<u16>,
    #[pyo3(get)]
    capacities: Option<u16>,
    #[pyo3(get)]
    amount: Decimal,
    #[pyo3(get)]
    payer: &'static str,
    #[pyo3(get)]
    due: Option<NaiveDate>,
    explanation: String,
}

impl From<klynge::Line<'_>> for Line {
    fn from(l: klynge::Line<'_>) -> Self {
        Line {
            cluster: l.cluster.to_string(),
            ydernummer: l.ydernummer.to_string(),
            kind: l.kind.as_str(),
            grant_year: l.grant_year,
            rule: l.rule.id(),
            period: l.period.map(|p| (p.from, p.until)),
            patients: l.patients,
            rate: l.rate.map(|r| r.value()),
            days: l.days,
            days_in_year: l.days_in_year,
            capacities: l.capacities,
            amount: l.amount.amount(),
            payer: l.payer.as_str(),
            due: l.due,
            explanation: l.explain_en(),
        }
    }
}

#[pymethods]
impl Line {
    /// GR-EXPLAIN: why this amount, in English.
    fn explain(&self) -> &str {
        &self.explanation
    }

    fn __repr__(&self) -> String {
        let due = self.due.map_or_else(|| "None".to_owned(), |d| d.to_string());
        format!(
            "Line({} {} {} {} {} due={due})",
            self.cluster, self.ydernummer, self.kind, self.grant_year, self.amount
        )
    }
}

/// Totals of one cluster and grant year: net = paid - repaid.
#[pyclass(frozen, module = "klynge", name = "Totals")]
pub struct Totals {
    #[pyo3(get)]
    cluster: String,
    #[pyo3(get)]
    grant_year: i32,
    #[pyo3(get)]
    paid: Decimal,
    #[pyo3(get)]
    repaid: Decimal,
    #[pyo3(get)]
    net: Decimal,
}

#[pymethods]
impl Totals {
    fn __repr__(&self) -> String {
        format!("Totals({} {} net={})", self.cluster, self.grant_year, self.net)
    }
}

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

/// A grant report (FORMAT.md): `.lines`, `.totals`, columns for pandas, explanations.
#[pyclass(frozen, module = "klynge", name = "GrantReport")]
pub struct GrantReport(pub klynge::GrantReport);

fn pandas(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pandas")
        .map_err(|_| PyImportError::new_err("to_pandas needs pandas: pip install pandas (klynge itself does not)"))
}

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
        self.0
            .totals()
            .map(|t| Totals {
                cluster: t.cluster.to_string(),
                grant_year: t.grant_year,
                paid: t.paid.amount(),
                repaid: t.repaid.amount(),
                net: t.net.amount(),
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __getitem__(&self, index: isize) -> PyResult<Line> {
        let len = isize::try_from(self.0.len()).unwrap_or(isize::MAX);
        let i = if index < 0 { index + len } else { index };
        usize::try_from(i)
            .ok()
            .and_then(|i| self.0.line(i))
            .map(Line::from)
            .ok_or_else(|| PyIndexError::new_err(format!("line {index} of a report with {len} lines")))
    }

    /// GR-EXPLAIN: a readable explanation of line `index`.
    fn explain(&self, index: isize) -> PyResult<String> {
        Ok(self.__getitem__(index)?.explanation)
    }

    /// The lines as a dict of lists, one list per FORMAT field (`period` split into
    /// `period_from` and `period_until`); amounts and rates are Decimals, dates are dates.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let n = self.0.len();
        let mut cols: Vec<Vec<Bound<'py, PyAny>>> = (0..FLAT_COLUMNS.len()).map(|_| Vec::with_capacity(n)).collect();
        // Strings that repeat are made once: cluster ids, ydernumre, kinds, rules, payers.
        let clusters: HashMap<&str, Bound<'py, PyAny>> =
            self.0.clusters().iter().map(|c| (c.as_str(), PyString::new(py, c.as_str()).into_any())).collect();
        let mut ydernumre: HashMap<klynge::Ydernummer, Bound<'py, PyAny>> = HashMap::new();
        let mut texts: HashMap<&'static str, Bound<'py, PyAny>> = HashMap::new();
        let mut text = |t: &'static str| texts.entry(t).or_insert_with(|| PyString::new(py, t).into_any()).clone();
        let none = py.None().into_bound(py);
        let mut dates = Dates { py, made: HashMap::new() };
        let mut rates: HashMap<i32, Bound<'py, PyAny>> = HashMap::new();
        let opt = |v: Option<u32>| -> PyResult<Bound<'py, PyAny>> {
            Ok(match v {
                Some(v) => v.into_pyobject(py)?.into_any(),
                None => none.clone(),
            })
        };
        for l in self.0.lines() {
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
            let cluster = match clusters.get(l.cluster.as_str()) {
                Some(c) => c.clone(),
                None => PyString::new(py, l.cluster.as_str()).into_any(),
            };
            let ydernummer = ydernumre
                .entry(l.ydernummer)
                .or_insert_with(|| PyString::new(py, &l.ydernummer.to_string()).into_any())
                .clone();
            let row: [Bound<'py, PyAny>; 15] = [
                cluster,
                ydernummer,
                text(l.kind.as_str()),
                l.grant_year.into_pyobject(py)?.into_any(),
                text(l.rule.id()),
                dates.get(l.period.map(|p| p.from))?,
                dates.get(l.period.map(|p| p.until))?,
                opt(l.patients)?,
                rate,
                opt(l.days)?,
                opt(l.days_in_year.map(u32::from))?,
                opt(l.capacities.map(u32::from))?,
                l.amount.amount().into_pyobject(py)?.into_any(),
                text(l.payer.as_str()),
                dates.get(l.due)?,
            ];
            for (col, value) in cols.iter_mut().zip(row) {
                col.push(value);
            }
        }
        let dict = PyDict::new(py);
        for (name, col) in FLAT_COLUMNS.iter().zip(cols) {
            dict.set_item(name, PyList::new(py, col)?)?;
        }
        Ok(dict)
    }

    /// Every line as a dict (the fields of `columns`).
    fn to_dicts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let columns = self.columns(py)?;
        let lists: Vec<Bound<'py, PyList>> = FLAT_COLUMNS
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
            for (name, list) in FLAT_COLUMNS.iter().zip(&lists) {
                row.set_item(name, list.get_item(i)?)?;
            }
            rows.append(row)?;
        }
        Ok(rows)
    }

    /// The lines as a pandas DataFrame (pandas is imported only here). With pyarrow installed
    /// the columns are Arrow-backed (`ArrowDtype`): money as exact `decimal128`, dates as
    /// `date32`, and cells read back as `decimal.Decimal` and `datetime.date`; without it, the
    /// DataFrame is built from `columns()`.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = pandas(py)?;
        match py.import("pyarrow") {
            Ok(pyarrow) => crate::arrow::report_frame(&self.0, &pyarrow, &pandas),
            Err(_) => pandas.getattr("DataFrame")?.call1((self.columns(py)?,)),
        }
    }

    /// The totals as a pandas DataFrame.
    fn totals_to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = pandas(py)?;
        let dict = PyDict::new(py);
        let totals = self.totals();
        dict.set_item("cluster", totals.iter().map(|t| t.cluster.clone()).collect::<Vec<_>>())?;
        dict.set_item("grant_year", totals.iter().map(|t| t.grant_year).collect::<Vec<_>>())?;
        dict.set_item("paid", totals.iter().map(|t| t.paid).collect::<Vec<_>>())?;
        dict.set_item("repaid", totals.iter().map(|t| t.repaid).collect::<Vec<_>>())?;
        dict.set_item("net", totals.iter().map(|t| t.net).collect::<Vec<_>>())?;
        pandas.getattr("DataFrame")?.call1((dict,))
    }

    /// The report as the JSON of FORMAT.md.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Reads a report written by `to_json`, checking that lines and totals agree.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        validated(klynge::GrantReport::from_json(text)).map(GrantReport)
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

    /// A summary table for notebooks: net per grant year, and the first totals rows.
    fn _repr_html_(&self) -> String {
        let mut per_year: std::collections::BTreeMap<i32, klynge::Dkk> = std::collections::BTreeMap::new();
        for t in self.0.totals() {
            let entry = per_year.entry(t.grant_year).or_default();
            *entry = entry.checked_add(t.net).unwrap_or(*entry);
        }
        let mut html = format!(
            "<div><strong>GrantReport</strong> {}–{}: {} lines, {} clusters<table><thead><tr><th>grant year</th><th>net (kr)</th></tr></thead><tbody>",
            self.0.first_year(),
            self.0.last_year(),
            self.0.len(),
            self.0.clusters().len()
        );
        for (year, net) in per_year {
            html.push_str(&format!("<tr><td>{year}</td><td style=\"text-align:right\">{net}</td></tr>"));
        }
        html.push_str("</tbody></table></div>");
        html
    }
}

/// The difference per cluster and grant year between two reports.
#[pyclass(frozen, module = "klynge", name = "Comparison")]
pub struct Comparison(Vec<klynge::grants::ComparisonRow>);

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

    /// The rows as a pandas DataFrame.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pandas(py)?.getattr("DataFrame")?.call1((self.columns(py)?,))
    }

    /// The total difference over every row.
    #[getter]
    fn total_difference(&self) -> PyResult<Decimal> {
        explained(klynge::Dkk::sum(self.0.iter().map(|r| r.difference)), "difference").map(|d| d.amount())
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!("Comparison(rows={})", self.0.len())
    }
}

/// The difference per cluster and grant year between two reports ("what if").
#[pyfunction]
pub fn compare(baseline: &GrantReport, other: &GrantReport) -> PyResult<Comparison> {
    explained(klynge::grants::compare(&baseline.0, &other.0), "compare").map(Comparison)
}

/// GR-CONSULTANT: the fee for `hours` (Decimal, int or str; never a float) of work on `date`.
#[pyfunction]
pub fn consultant_fee(hours: &Bound<'_, PyAny>, date: NaiveDate) -> PyResult<Decimal> {
    let hours = decimal(hours, "hours", Rule::GrConsultant)?;
    explained(klynge::grants::consultant_fee(&Parameters::official(), hours, date), "hours").map(|d| d.amount())
}

/// GR-CONSULTANT: the hourly consultant rate in effect on `date`.
#[pyfunction]
pub fn consultant_hourly_rate(date: NaiveDate) -> PyResult<Decimal> {
    explained(klynge::grants::consultant_hourly_rate(&Parameters::official(), date), "date").map(|d| d.amount())
}

/// CMP-PAYOUT: when funds paid on `payout` are expected on the account (2 to 4 weeks later).
#[pyfunction]
pub fn payout_window(payout: NaiveDate) -> (NaiveDate, NaiveDate) {
    klynge::grants::payout_window(payout)
}
