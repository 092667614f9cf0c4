//! `klynge._klynge`: the Python bindings of klynge. Thin wrappers and conversions; every rule
//! lives in the core crate.
//!
//! Layout (after polars' `polars-python`): conversions in `conversion`, exceptions in
//! `exceptions`, one file per exposed concept.

/// Rust's allocator in this extension (see Cargo.toml for why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod arrow;
mod conversion;
mod exceptions;
mod health;
mod registry;
mod scenario;
mod values;

/// Danish general-practice quality clusters: registry, rights, completion and exact grants.
#[pyo3::pymodule]
mod _klynge {
    #[pymodule_export]
    use crate::exceptions::{KlyngeError, ProblemInfo, RegistryError, ValidationError};
    #[pymodule_export]
    use crate::health::{validate_health_cluster, validate_ssu};
    #[pymodule_export]
    use crate::registry::{
        Actor, Checklist, ChecklistItem, ConfirmationMail, Document, Registration, Registry, validate_registration,
    };
    #[pymodule_export]
    use crate::scenario::{
        Comparison, GrantReport, Line, Scenario, Totals, compare, consultant_fee, consultant_hourly_rate,
        payout_window, sample_scenario,
    };
    #[pymodule_export]
    use crate::values::{ClusterId, Cvr, Email, Municipality, PhoneNumber, Region, Ydernummer};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}
