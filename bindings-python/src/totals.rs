//! `klynge.Totals`: the totals of one cluster and grant year of a grant report.

use pyo3::prelude::*;
use rust_decimal::Decimal;

/// Totals of one cluster and grant year: net = paid - repaid over every line, pending ones
/// included (the entitlement); pending = the part of net held back until completion.
#[pyclass(frozen, module = "klynge", name = "Totals", eq)]
#[derive(Clone, PartialEq)]
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
    #[pyo3(get)]
    pending: Decimal,
}

impl From<klynge::grants::Totals<'_>> for Totals {
    fn from(t: klynge::grants::Totals<'_>) -> Self {
        Totals {
            cluster: t.cluster.to_string(),
            grant_year: t.grant_year,
            paid: t.paid.amount(),
            repaid: t.repaid.amount(),
            net: t.net.amount(),
            pending: t.pending.amount(),
        }
    }
}

#[pymethods]
impl Totals {
    /// Totals from their pickled state.
    #[staticmethod]
    fn _from_state(
        cluster: String,
        grant_year: i32,
        paid: Decimal,
        repaid: Decimal,
        net: Decimal,
        pending: Decimal,
    ) -> Self {
        Totals { cluster, grant_year, paid, repaid, net, pending }
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (String, i32, Decimal, Decimal, Decimal, Decimal))> {
        let t = slf.get();
        Ok((
            slf.get_type().getattr("_from_state")?,
            (t.cluster.clone(), t.grant_year, t.paid, t.repaid, t.net, t.pending),
        ))
    }

    fn __repr__(&self) -> String {
        format!("Totals({} {} net={} pending={})", self.cluster, self.grant_year, self.net, self.pending)
    }
}
