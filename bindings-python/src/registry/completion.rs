//! `klynge.Checklist` and `klynge.ChecklistItem`: what completion still lacks (CMP-READY).

use pyo3::prelude::*;

use klynge::Explain;

/// One item of the completion checklist (CMP-READY).
#[pyclass(frozen, module = "klynge", name = "ChecklistItem")]
#[derive(Clone)]
pub struct ChecklistItem {
    #[pyo3(get)]
    item: String,
    #[pyo3(get)]
    rule: String,
    #[pyo3(get)]
    message_en: String,
    #[pyo3(get)]
    message_da: String,
}

impl ChecklistItem {
    pub(crate) fn of(item: &klynge::ChecklistItem) -> Self {
        ChecklistItem {
            item: item.code().to_owned(),
            rule: item.rule().id().into(),
            message_en: item.message_en(),
            message_da: item.message_da(),
        }
    }
}

#[pymethods]
impl ChecklistItem {
    fn __repr__(&self) -> String {
        format!("ChecklistItem({:?}, rule={:?})", self.item, self.rule)
    }
}

/// CMP-READY: what blocks completion, and the warnings that do not.
#[pyclass(frozen, module = "klynge", name = "Checklist")]
pub struct Checklist {
    #[pyo3(get)]
    pub(crate) blocking: Vec<ChecklistItem>,
    #[pyo3(get)]
    pub(crate) warnings: Vec<ChecklistItem>,
}

#[pymethods]
impl Checklist {
    /// True when nothing blocks completion.
    #[getter]
    fn is_ready(&self) -> bool {
        self.blocking.is_empty()
    }

    fn __repr__(&self) -> String {
        format!("Checklist(blocking={}, warnings={})", self.blocking.len(), self.warnings.len())
    }
}
