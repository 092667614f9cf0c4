//! `klynge.Registration` and `validate_registration`: the registration form (REG-FIELDS).

use chrono::NaiveDate;
use pyo3::prelude::*;

use super::Document;
use crate::conversion::{Whole, to_python, validated};
use klynge::Rule;

/// A validated registration form (REG-FIELDS, REG-DOCS).
#[pyclass(frozen, module = "klynge", name = "Registration")]
#[derive(Clone)]
pub struct Registration(pub klynge::Registration);

#[pymethods]
impl Registration {
    #[getter]
    fn cvr(&self) -> String {
        self.0.cvr.to_string()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn founded(&self) -> NaiveDate {
        self.0.founded
    }

    #[getter]
    pub(crate) fn cluster_id(&self) -> String {
        klynge::ClusterId::from(self.0.cvr).to_string()
    }

    /// The registration as a dict (the form's fields, canonical).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!("Registration(cvr={:?}, name={:?})", self.cvr(), self.0.name)
    }
}

/// REG-FIELDS: validates a registration form and raises `ValidationError` with every failing
/// field at once.
#[pyfunction]
#[pyo3(signature = (*, cvr="", name="", coordinator_name="", coordinator_email="", coordinator_phone="", coordinator_ydernummer="", municipality="", founded=None, coordinator_capacities=None, documents=Vec::new()))]
#[allow(clippy::too_many_arguments)]
pub fn validate_registration(
    cvr: &str,
    name: &str,
    coordinator_name: &str,
    coordinator_email: &str,
    coordinator_phone: &str,
    coordinator_ydernummer: &str,
    municipality: &str,
    founded: Option<NaiveDate>,
    coordinator_capacities: Option<Whole>,
    documents: Vec<PyRef<'_, Document>>,
) -> PyResult<Registration> {
    let form = klynge::RegistrationForm {
        cvr: cvr.into(),
        name: name.into(),
        coordinator_name: coordinator_name.into(),
        coordinator_email: coordinator_email.into(),
        coordinator_phone: coordinator_phone.into(),
        coordinator_ydernummer: coordinator_ydernummer.into(),
        coordinator_capacities: coordinator_capacities
            .map(|n| n.get("coordinator_capacities", Rule::MemCapacity))
            .transpose()?,
        municipality: municipality.into(),
        founded,
        documents: documents.iter().map(|d| d.0.clone()).collect(),
    };
    validated(form.validate()).map(Registration)
}
