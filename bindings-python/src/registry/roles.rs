//! `klynge.Actor`: who issues a command (GOV-RIGHTS, REG-AUTH).

use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::conversion::parse;

/// Who issues a command: a person, how they signed in, and their practice's ydernummer.
#[pyclass(frozen, module = "klynge", name = "Actor", eq)]
#[derive(Clone, PartialEq)]
pub struct Actor(pub klynge::Actor);

#[pymethods]
impl Actor {
    /// `credential` is "health_professional" (sundhedsfagligt ID) or "private" (REG-AUTH).
    #[new]
    #[pyo3(signature = (person, ydernummer=None, credential="health_professional"))]
    fn new(person: &str, ydernummer: Option<&str>, credential: &str) -> PyResult<Self> {
        let credential = credential.parse::<klynge::Credential>().map_err(crate::exceptions::problem_error)?;
        let ydernummer = ydernummer.map(|y| parse(y, "ydernummer")).transpose()?;
        Ok(Actor(klynge::Actor { person: person.to_owned(), credential, ydernummer }))
    }

    #[getter]
    fn person(&self) -> &str {
        &self.0.person
    }

    #[getter]
    fn ydernummer(&self) -> Option<String> {
        self.0.ydernummer.map(|y| y.to_string())
    }

    #[getter]
    fn credential(&self) -> &'static str {
        self.0.credential.as_str()
    }

    fn __repr__(&self) -> String {
        format!("Actor({:?}, ydernummer={:?}, credential={:?})", self.0.person, self.ydernummer(), self.credential())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String, Option<String>, &'static str)) {
        let a = slf.get();
        (slf.get_type(), (a.0.person.clone(), a.ydernummer(), a.credential()))
    }
}
