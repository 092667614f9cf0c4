//! Geography (ID-KOMMUNE): `Region` and `Municipality`, looked up by code or name. Each
//! constructor parses and validates (raising `klynge.ValidationError` with the rule id); each
//! value is frozen, hashable, compares by value, and pickles.

use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::conversion::parse;

/// ID-KOMMUNE: one of the 5 Danish regions.
#[pyclass(frozen, module = "klynge", name = "Region", eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Region(pub klynge::Region);

#[pymethods]
impl Region {
    #[new]
    fn new(text: &str) -> PyResult<Self> {
        parse::<klynge::Region>(text, "region").map(Region)
    }

    /// The 4-digit region code, e.g. 1081.
    #[getter]
    fn code(&self) -> u16 {
        self.0.code()
    }

    /// The official name, e.g. "Region Nordjylland".
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The ISO 3166-2 code, e.g. "DK-81".
    #[getter]
    fn iso_3166_2(&self) -> &'static str {
        self.0.iso_3166_2()
    }

    /// The region's municipalities.
    fn municipalities(&self) -> Vec<Municipality> {
        self.0.municipalities().map(Municipality).collect()
    }

    /// All five regions.
    #[staticmethod]
    fn all() -> Vec<Region> {
        klynge::Region::ALL.into_iter().map(Region).collect()
    }

    fn __str__(&self) -> &'static str {
        self.0.name()
    }

    fn __repr__(&self) -> String {
        format!("Region({:?})", self.0.name())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String,)) {
        (slf.get_type(), (slf.get().0.code().to_string(),))
    }
}

/// ID-KOMMUNE: one of the 98 municipalities, by 3-digit code or by name.
#[pyclass(frozen, module = "klynge", name = "Municipality", eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Municipality(pub klynge::Municipality);

#[pymethods]
impl Municipality {
    #[new]
    fn new(text: &str) -> PyResult<Self> {
        parse::<klynge::Municipality>(text, "municipality").map(Municipality)
    }

    /// The 3-digit code, e.g. 461.
    #[getter]
    fn code(&self) -> u16 {
        self.0.code()
    }

    /// The name, e.g. "Odense".
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The region.
    #[getter]
    fn region(&self) -> Region {
        Region(self.0.region())
    }

    /// All 98 municipalities, by code.
    #[staticmethod]
    fn all() -> Vec<Municipality> {
        klynge::Municipality::all().map(Municipality).collect()
    }

    fn __str__(&self) -> &'static str {
        self.0.name()
    }

    fn __repr__(&self) -> String {
        format!("Municipality({:?})", self.0.name())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String,)) {
        (slf.get_type(), (slf.get().0.code().to_string(),))
    }
}
