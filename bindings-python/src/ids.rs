//! Identifiers (ID-*): `Cvr`, `Ydernummer`, `PhoneNumber`, `Email`, `ClusterId`. Each
//! constructor parses and validates (raising `klynge.ValidationError` with the rule id); each
//! value is frozen, hashable, compares by value, and pickles.

use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::conversion::parse;

/// A string-backed value class around a core type whose `Display` is canonical.
macro_rules! value_class {
    ($name:ident, $core:ty, $py:literal, $field:literal, $doc:literal $(, { $($extra:tt)* })?) => {
        #[doc = $doc]
        #[pyclass(frozen, module = "klynge", name = $py, eq, hash)]
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(pub $core);

        #[pymethods]
        impl $name {
            #[new]
            fn new(text: &str) -> PyResult<Self> {
                parse::<$core>(text, $field).map($name)
            }

            fn __str__(&self) -> String {
                self.0.to_string()
            }

            fn __repr__(&self) -> String {
                format!("{}({:?})", $py, self.0.to_string())
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String,)) {
                (slf.get_type(), (slf.get().0.to_string(),))
            }

            $($($extra)*)?
        }
    };
}

value_class!(Cvr, klynge::Cvr, "Cvr", "cvr", "ID-CVR: a CVR number; spaces and a DK prefix are accepted.", {
    /// The number as an int.
    #[getter]
    fn value(&self) -> u32 {
        self.0.value()
    }
});
value_class!(
    Ydernummer,
    klynge::Ydernummer,
    "Ydernummer",
    "ydernummer",
    "ID-YDER: a practice's ydernummer, shown with 6 digits.",
    {
        /// The number as an int.
        #[getter]
        fn value(&self) -> u32 {
            self.0.value()
        }
    }
);
value_class!(
    PhoneNumber,
    klynge::PhoneNumber,
    "PhoneNumber",
    "phone",
    "ID-PHONE: a Danish phone number, stored as +45 and 8 digits."
);
value_class!(Email, klynge::Email, "Email", "email", "ID-EMAIL: an e-mail address; the domain is stored lower-case.");
value_class!(
    ClusterId,
    klynge::ClusterId,
    "ClusterId",
    "cluster",
    "A cluster's stable key: 1 to 64 characters of a-z, 0-9, - and _."
);
