//! `klynge_ffi`: klynge for host applications through uniffi (Kotlin, Swift, Python).
//!
//! Thin wrappers over the core crate: records and enums for the host, one error enum
//! ([`KlyngeError`]), and custom types that bring dates and exact decimals across as the host's
//! own (`java.time.LocalDate`, `java.math.BigDecimal`; `datetime.date`, `decimal.Decimal`).
//! No rule logic lives here.

uniffi::setup_scaffolding!();

mod adjust;
mod calendar;
mod codes;
mod error;
mod grants;
mod health;
mod ledger;
mod reconcile;
mod registry;
mod types;

pub use adjust::{AdjustmentCause, ClusterAdjustments, LineAdjustment, adjustments_from_reports};
pub use calendar::{CalendarEvent, CalendarLanguage, calendar_from_scenario, calendar_ics_from_scenario};
pub use error::{KlyngeError, Problem};
pub use grants::{
    Forecast, GrantLine, PayoutWindow, RateOverride, YearTotals, consultant_fee, forecast_from_scenario,
    grant_report_json, payout_window,
};
pub use health::{validate_health_cluster, validate_ssu};
pub use ledger::{ClusterLedger, LedgerEntry, LedgerYear, OpeningBalance, ledger_from_scenario};
pub use reconcile::{
    BookedPayment, ExpectedPayment, LeftOutGrants, PaymentBalance, PaymentReconciliation, SettledPayment,
    StatementDialect, StatementRead, reconcile_scenario,
};
pub use registry::{
    Action, Actor, Checklist, ChecklistItem, ConfirmationMail, Credential, Document, DocumentKind, RegistrationForm,
    Registry, Role, document_from_pdf, validate_registration,
};
pub use types::{CalendarDate, ExactDecimal};
