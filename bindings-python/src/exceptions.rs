//! The exceptions of the `klynge` package: `KlyngeError` and its subclasses. Every instance
//! carries `.rule`, `.path`, `.message_en` and `.message_da`; a `ValidationError` carries every
//! problem in `.problems`. Attributes live in the instance's `__dict__`, so they pickle.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyList;

use klynge::{Explain, Problem, ValidationErrors};

create_exception!(
    klynge,
    KlyngeError,
    PyException,
    "Base class of every klynge error; carries .rule, .path, .message_en, .message_da."
);
create_exception!(klynge, ValidationError, KlyngeError, "Input that does not validate; .problems lists every problem.");
create_exception!(klynge, RegistryError, KlyngeError, "A registry command was refused; the registry is unchanged.");

/// The constructor arguments of a `Problem`, for pickling.
type ProblemArgs = (String, String, String, String, Option<String>);

/// One problem of a form, scenario or composition: where, which rule, what is wrong.
#[pyclass(frozen, module = "klynge", name = "Problem", eq)]
#[derive(Clone, PartialEq)]
pub struct ProblemInfo {
    /// The path of the offending field, e.g. `memberships[3].left`.
    #[pyo3(get)]
    pub path: String,
    /// The rule id, e.g. `MEM-PERIOD`.
    #[pyo3(get)]
    pub rule: String,
    /// What is wrong, in English.
    #[pyo3(get)]
    pub message_en: String,
    /// What is wrong, in Danish.
    #[pyo3(get)]
    pub message_da: String,
    /// Whom it concerns (health-cluster violations), if said.
    #[pyo3(get)]
    pub concerns: Option<String>,
}

#[pymethods]
impl ProblemInfo {
    #[new]
    #[pyo3(signature = (path, rule, message_en, message_da, concerns=None))]
    fn new(path: String, rule: String, message_en: String, message_da: String, concerns: Option<String>) -> Self {
        ProblemInfo { path, rule, message_en, message_da, concerns }
    }

    fn __repr__(&self) -> String {
        format!("Problem(path={:?}, rule={:?}, message_en={:?})", self.path, self.rule, self.message_en)
    }

    fn __str__(&self) -> String {
        format!("{}: [{}] {}", self.path, self.rule, self.message_en)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, pyo3::types::PyType>, ProblemArgs) {
        let p = slf.get();
        (
            slf.get_type(),
            (p.path.clone(), p.rule.clone(), p.message_en.clone(), p.message_da.clone(), p.concerns.clone()),
        )
    }
}

impl From<Problem> for ProblemInfo {
    fn from(p: Problem) -> Self {
        ProblemInfo {
            path: p.path,
            rule: p.rule.id().to_owned(),
            message_en: p.message_en,
            message_da: p.message_da,
            concerns: p.concerns,
        }
    }
}

/// Sets the shared attributes on an exception instance.
fn with_attributes(err: PyErr, rule: &str, path: &str, en: &str, da: &str, problems: Vec<ProblemInfo>) -> PyErr {
    Python::attach(|py| {
        let value = err.value(py);
        let set = || -> PyResult<()> {
            value.setattr("rule", rule)?;
            value.setattr("path", path)?;
            value.setattr("message_en", en)?;
            value.setattr("message_da", da)?;
            value.setattr("problems", PyList::new(py, problems)?)?;
            Ok(())
        };
        match set() {
            Ok(()) => err,
            Err(e) => e,
        }
    })
}

/// A `ValidationError` with one problem.
pub fn problem_error(problem: Problem) -> PyErr {
    validation_error(ValidationErrors::from(problem))
}

/// A `ValidationError` with every problem; `.rule` and `.path` are the first problem's.
pub fn validation_error(errors: ValidationErrors) -> PyErr {
    let problems: Vec<ProblemInfo> = errors.all().into_iter().map(ProblemInfo::from).collect();
    let first = problems.first().cloned();
    let (rule, path) = first.map(|p| (p.rule, p.path)).unwrap_or_default();
    let err = ValidationError::new_err(errors.message_en());
    with_attributes(err, &rule, &path, &errors.message_en(), &errors.message_da(), problems)
}

/// A `RegistryError` for a refused command; `.path` names the command.
pub fn registry_error(error: klynge::RegistryError, command: &str) -> PyErr {
    // The input the refusal concerns (`actor`, `ydernummer`, `kind`, ...), as in the uniffi
    // binding; the command's name where the error names no one input.
    let path = error.field().unwrap_or(command);
    let problem = Problem::at(path, &error);
    let err = RegistryError::new_err(error.message_en());
    with_attributes(err, error.rule().id(), path, &error.message_en(), &error.message_da(), vec![problem.into()])
}
