//! `klynge.MemberList`: a cluster's member list (MEM-LIST), as the region and PLO draw it: CSV
//! text, rows as dicts, and a table through the Arrow interface.

use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::conversion::to_python;
use crate::table::{made, stream_capsule, to_polars, to_pyarrow};

/// MEM-LIST: one row per membership: ydernummer, name, address, email, capacities (on the
/// list's last day), joined, left, reason; sorted by joining day then ydernummer.
#[pyclass(frozen, module = "klynge", name = "MemberList")]
pub struct MemberList(pub klynge::MemberList);

impl MemberList {
    fn record_batch(&self) -> PyResult<arrow_array::RecordBatch> {
        made(self.0.to_record_batch())
    }
}

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

    /// docs/formats.md "Member list" as CSV text with a header row.
    fn to_csv(&self) -> String {
        self.0.to_csv()
    }

    /// The Arrow PyCapsule interface: one row per membership.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        stream_capsule(py, &self.record_batch()?, requested_schema)
    }

    /// The rows as a `pyarrow.Table`.
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_pyarrow(py, &self.record_batch()?)
    }

    /// The rows as a polars DataFrame.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(slf.py(), slf.as_any())
    }

    /// The rows as a pandas DataFrame (Arrow-backed columns).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::table::to_pandas(py, &self.record_batch()?)
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

    /// The list as an HTML table for notebooks.
    fn _repr_html_(&self) -> String {
        let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let mut html = format!(
            "<div><strong>MemberList</strong> {} {}–{}: {} memberships<table><thead><tr>",
            self.0.cluster,
            self.0.first,
            self.0.last,
            self.0.len()
        );
        for column in klynge::MEMBER_LIST_COLUMNS {
            html.push_str(&format!("<th>{column}</th>"));
        }
        html.push_str("</tr></thead><tbody>");
        for row in self.0.rows() {
            let cells = [
                row.ydernummer.to_string(),
                row.name.clone().unwrap_or_default(),
                row.address.clone().unwrap_or_default(),
                row.email.as_ref().map(ToString::to_string).unwrap_or_default(),
                row.capacities.to_string(),
                row.joined.to_string(),
                row.left.map(|d| d.to_string()).unwrap_or_default(),
                row.reason.map(|r| r.as_str().to_owned()).unwrap_or_default(),
            ];
            html.push_str("<tr>");
            for cell in cells {
                html.push_str(&format!("<td>{}</td>", escape(&cell)));
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></div>");
        html
    }
}
