//! `klynge.ConfirmationMail`: the mail a new member gets (MEM-ADD).

use chrono::NaiveDate;
use pyo3::prelude::*;

/// MEM-ADD: a confirmation mail for the host to send; klynge sends nothing itself.
#[pyclass(frozen, module = "klynge", name = "ConfirmationMail")]
#[derive(Clone)]
pub struct ConfirmationMail(pub klynge::ConfirmationMail);

#[pymethods]
impl ConfirmationMail {
    #[getter]
    fn to(&self) -> String {
        self.0.to.to_string()
    }

    #[getter]
    fn ydernummer(&self) -> String {
        self.0.ydernummer.to_string()
    }

    #[getter]
    fn cluster(&self) -> String {
        self.0.cluster.to_string()
    }

    #[getter]
    fn joined(&self) -> NaiveDate {
        self.0.joined
    }

    #[getter]
    fn subject_da(&self) -> String {
        self.0.subject_da()
    }

    #[getter]
    fn body_da(&self) -> String {
        self.0.body_da()
    }
}
