//! `klynge._klynge`: the Python bindings of klynge. Thin wrappers and conversions; every rule
//! lives in the core crate.
//!
//! Layout (after polars' `polars-python`): conversions in `conversion`, exceptions in
//! `exceptions`, one file per exposed concept.

/// Rust's allocator in this extension (see Cargo.toml for why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod adjustments;
mod calendar;
mod comparison;
mod conversion;
mod exceptions;
mod geography;
mod grants;
mod health;
mod ids;
mod ledger;
mod line;
mod reconciliation;
mod registry;
mod report;
mod scenario;
mod statement;
mod sweep;
mod table;
mod totals;

/// Danish general-practice quality clusters: registry, rights, completion and exact grants.
#[pyo3::pymodule]
mod _klynge {
    #[pymodule_export]
    use crate::adjustments::Adjustments;
    #[pymodule_export]
    use crate::calendar::Calendar;
    #[pymodule_export]
    use crate::comparison::{Comparison, compare};
    #[pymodule_export]
    use crate::exceptions::{KlyngeError, ProblemInfo, RegistryError, ValidationError};
    #[pymodule_export]
    use crate::geography::{Municipality, Region};
    #[pymodule_export]
    use crate::grants::{consultant_fee, consultant_hourly_rate, payout_window};
    #[pymodule_export]
    use crate::health::{validate_health_cluster, validate_ssu};
    #[pymodule_export]
    use crate::ids::{ClusterId, Cvr, Email, PhoneNumber, Ydernummer};
    #[pymodule_export]
    use crate::ledger::{Ledger, Spendings};
    #[pymodule_export]
    use crate::line::Line;
    #[pymodule_export]
    use crate::reconciliation::Reconciliation;
    #[pymodule_export]
    use crate::registry::{
        Actor, Checklist, ChecklistItem, ConfirmationMail, Document, MemberList, Registration, Registry,
        validate_registration,
    };
    #[pymodule_export]
    use crate::report::GrantReport;
    #[pymodule_export]
    use crate::scenario::{Scenario, sample_scenario};
    #[pymodule_export]
    use crate::statement::Statement;
    #[pymodule_export]
    use crate::sweep::Sweep;
    #[pymodule_export]
    use crate::table::Table;
    #[pymodule_export]
    use crate::totals::Totals;

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}
