//! `klynge.MemberList`: a cluster's member list (MEM-LIST), as the region and PLO draw it: CSV
//! text, rows as dicts, and a table through the Arrow interface.

use pyo3::prelude::*;

use crate::conversion::to_python;
use crate::table::made;

/// MEM-LIST: one row per membership: ydernummer, name, address, email, capacities (on the
/// list's last day), joined, left, reason; sorted by joining day then ydernummer.
#[pyclass(frozen, module = "klynge", name = "MemberList")]
pub struct MemberList(pub klynge::MemberList);

impl crate::table::Tabular for MemberList {
    fn batch(&self, _: Python<'_>) -> PyResult<arrow_array::RecordBatch> {
        made(self.0.to_record_batch())
    }

    fn caption(&self) -> String {
        self.__repr__()
    }
}

crate::table::tabular!(MemberList);

#[pymethods]
impl MemberList {
    /// The cluster.
    #[getter]
    fn cluster(&self) -> String {
        self.0.cluster.to_string()
    }

    /// The list's first day.
    #[getter]
    fn first(&self) -> chrono::NaiveDate {
        self.0.first
    }

    /// The list's last day (details and capacities are those of this day).
    #[getter]
    fn last(&self) -> chrono::NaiveDate {
        self.0.last
    }

    /// The rows as dicts, dates as `YYYY-MM-DD` text and `None` where a value is not given.
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.rows())
    }

    /// A member list from its JSON (what pickling stores).
    #[staticmethod]
    fn _from_json(text: &str) -> PyResult<Self> {
        serde_json::from_str(text).map(MemberList).map_err(|e| {
            crate::exceptions::problem_error(klynge::Problem::new(
                "member_list",
                klynge::Rule::MemList,
                format!("not a member list: {e}"),
                format!("ikke en medlemsliste: {e}"),
            ))
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let text = serde_json::to_string(&slf.get().0).unwrap_or_default();
        Ok((slf.get_type().getattr("_from_json")?, (text,)))
    }

    /// docs/formats.md "Member list" as CSV text with a header row.
    fn to_csv(&self) -> String {
        self.0.to_csv()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        let days = if self.0.first == self.0.last {
            self.0.first.to_string()
        } else {
            format!("{}..={}", self.0.first, self.0.last)
        };
        format!("MemberList(cluster={}, {days}: {} memberships)", self.0.cluster, self.0.len())
    }
}
