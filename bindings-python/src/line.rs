//! `klynge.Line`: one line of a grant report with the fields of docs/formats.md (GR-EXPLAIN).

use chrono::NaiveDate;
use pyo3::prelude::*;
use rust_decimal::Decimal;

/// The fields of a line, in docs/formats.md's order, and its explanation: what a line pickles as
/// (in two tuples, as Python's conversions take at most twelve).
type LineState = (
    (String, String, String, i32, String, Option<(NaiveDate, NaiveDate)>, Option<u32>),
    (Option<Decimal>, Option<u32>, Option<u16>, Option<u16>, Decimal, String, Option<NaiveDate>, String),
);

/// One line of a grant report, with the fields of docs/formats.md (GR-EXPLAIN). `period` is a
/// `(from, until)` pair of dates or None.
#[pyclass(frozen, module = "klynge", name = "Line", eq)]
#[derive(Clone, PartialEq)]
pub struct Line {
    #[pyo3(get)]
    cluster: String,
    #[pyo3(get)]
    ydernummer: String,
    #[pyo3(get)]
    kind: String,
    #[pyo3(get)]
    grant_year: i32,
    #[pyo3(get)]
    rule: String,
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
    payer: String,
    #[pyo3(get)]
    due: Option<NaiveDate>,
    explanation: String,
}

impl From<klynge::Line<'_>> for Line {
    fn from(l: klynge::Line<'_>) -> Self {
        Line {
            cluster: l.cluster.to_string(),
            ydernummer: l.ydernummer.to_string(),
            kind: l.kind.as_str().to_owned(),
            grant_year: l.grant_year,
            rule: l.rule.id().to_owned(),
            period: l.period.map(|p| (p.from, p.until)),
            patients: l.patients,
            rate: l.rate.map(|r| r.value()),
            days: l.days,
            days_in_year: l.days_in_year,
            capacities: l.capacities,
            amount: l.amount.amount(),
            payer: l.payer.as_str().to_owned(),
            due: l.due,
            explanation: l.explain_en(),
        }
    }
}

impl Line {
    /// GR-EXPLAIN: the English explanation.
    pub fn explanation(&self) -> &str {
        &self.explanation
    }
}

#[pymethods]
impl Line {
    /// GR-EXPLAIN: why this amount, in English.
    fn explain(&self) -> &str {
        &self.explanation
    }

    /// A line from its pickled state.
    #[staticmethod]
    fn _from_state(state: LineState) -> Self {
        let (
            (cluster, ydernummer, kind, grant_year, rule, period, patients),
            (rate, days, days_in_year, capacities, amount, payer, due, explanation),
        ) = state;
        Line {
            cluster,
            ydernummer,
            kind,
            grant_year,
            rule,
            period,
            patients,
            rate,
            days,
            days_in_year,
            capacities,
            amount,
            payer,
            due,
            explanation,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (LineState,))> {
        let l = slf.get().clone();
        let state = (
            (l.cluster, l.ydernummer, l.kind, l.grant_year, l.rule, l.period, l.patients),
            (l.rate, l.days, l.days_in_year, l.capacities, l.amount, l.payer, l.due, l.explanation),
        );
        Ok((slf.get_type().getattr("_from_state")?, (state,)))
    }

    fn __repr__(&self) -> String {
        let due = self.due.map_or_else(|| "None".to_owned(), |d| d.to_string());
        format!(
            "Line({} {} {} {} {} due={due})",
            self.cluster, self.ydernummer, self.kind, self.grant_year, self.amount
        )
    }
}
