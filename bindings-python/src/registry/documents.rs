//! `klynge.Document`: a PDF attached to a cluster (REG-PDF).

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::code;
use crate::conversion::explained;

/// REG-PDF: a PDF attached to a cluster: kind, file name, size and SHA-256 fingerprint. The
/// bytes are the host's to store.
#[pyclass(frozen, module = "klynge", name = "Document", eq)]
#[derive(Clone, PartialEq)]
pub struct Document(pub klynge::Document);

#[pymethods]
impl Document {
    /// Checks the bytes (non-empty, starts with %PDF-, at most 20 MiB) and fingerprints them.
    /// `kind` is founding_minutes, statutes, cluster_rules or other.
    #[staticmethod]
    fn from_pdf(kind: &str, file_name: &str, data: &Bound<'_, PyBytes>) -> PyResult<Self> {
        explained(klynge::Document::from_pdf(code(kind)?, file_name, data.as_bytes()), "document").map(Document)
    }

    #[getter]
    fn kind(&self) -> String {
        self.0.kind().to_string()
    }

    #[getter]
    fn file_name(&self) -> &str {
        self.0.file_name()
    }

    #[getter]
    fn size(&self) -> u64 {
        self.0.size()
    }

    #[getter]
    fn sha256(&self) -> String {
        self.0.sha256_hex()
    }

    fn __repr__(&self) -> String {
        format!("Document(kind={:?}, file_name={:?}, size={})", self.kind(), self.0.file_name(), self.0.size())
    }
}
