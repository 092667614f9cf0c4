//! # klynge
//!
//! Danish general-practice quality clusters (*kvalitetsklynger*): register a cluster, manage
//! its member practices, roles and documents, declare it complete, and compute — exactly, to
//! the øre — what the regions and PLO pay it and claw back.
//!
//! Every rule of the rule book (`docs/rules.md`) has an id ([`Rule`]); every error names the
//! rule it enforces and explains itself in English and Danish ([`Explain`]).
//!
//! ## The pipeline
//!
//! 1. **Validate** what people type: [`RegistrationForm::validate`] returns every failing field
//!    at once ([`ValidationErrors`]); value types such as [`Cvr`], [`Ydernummer`], [`Dkk`] can
//!    only hold valid values.
//! 2. **Register** and change clusters through [`Registry::apply`], one [`Command`] at a time,
//!    each with an [`Actor`] and a date. Rights are checked (GOV-RIGHTS), a refused command
//!    changes nothing, and every accepted one is kept in the history (GOV-LOG).
//! 3. **Complete** a cluster once its [`Checklist`] has no blocking items (CMP-READY).
//! 4. **Compute grants**: a [`Scenario`] (from a registry, or the JSON of `docs/formats.md`)
//!    and grant years give a [`GrantReport`] whose every [`Line`] names its rule, inputs, payer
//!    and payout date (GR-EXPLAIN), with totals per cluster and year. [`grants::Parameters`]
//!    hold the dated rates and rules, and a computation can override any of them ("what if").
//!
//! ```
//! use klynge::*;
//!
//! let day = |s: &str| s.parse::<NaiveDate>().unwrap();
//! let pdf = |kind| Document::from_pdf(kind, "doc.pdf", b"%PDF-1.7").unwrap();
//!
//! // 1. The coordinator fills in the registration form.
//! let form = RegistrationForm {
//!     cvr: "DK 1234 5674".into(),
//!     name: "Klynge Nordfyn".into(),
//!     coordinator_name: "Anne Hansen".into(),
//!     coordinator_email: "anne@example.dk".into(),
//!     coordinator_phone: "+45 42 14 46 38".into(),
//!     coordinator_ydernummer: "61654".into(),
//!     coordinator_capacities: Some(2),
//!     municipality: "Nordfyns".into(),
//!     founded: Some(day("2018-09-15")),
//!     documents: vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::Statutes)],
//! };
//! let registration = form.validate()?;
//!
//! // 2. She registers it, signed in with her health-professional credential (REG-AUTH).
//! let anne = Actor::health_professional("Anne Hansen", "061654".parse()?);
//! let mut registry = Registry::new();
//! registry.apply(&anne, day("2018-10-01"), Command::CreateCluster { registration })?;
//! let nordfyn: ClusterId = "12345674".parse()?;
//!
//! // A stranger cannot add members (GOV-RIGHTS), and the registry is unchanged.
//! let stranger = Actor::health_professional("Bo Berg", "000042".parse()?);
//! let add = Command::AddMember {
//!     cluster: nordfyn.clone(),
//!     ydernummer: "000042".parse()?,
//!     email: None,
//!     capacities: Some(Capacities::new(1)?),
//! };
//! let refused = registry.apply(&stranger, day("2018-10-01"), add.clone()).unwrap_err();
//! assert_eq!(refused.rule(), Rule::GovRights);
//! registry.apply(&anne, day("2018-10-01"), add)?;
//!
//! // 3. Nothing blocks completion; the small size only warns (CMP-READY).
//! let checklist = registry.checklist(&nordfyn, day("2019-01-20"))?;
//! assert!(checklist.is_ready());
//! registry.apply(&anne, day("2019-01-20"), Command::Complete { cluster: nordfyn.clone() })?;
//!
//! // The registry round-trips through JSON, replaying its history (GOV-LOG).
//! let json = serde_json::to_string(&registry)?;
//! assert_eq!(serde_json::from_str::<Registry>(&json)?, registry);
//!
//! // 4. Both practices report their group-1 patients for 2022; the grant follows (W2).
//! for (ydernummer, patients) in [("061654", 3150), ("000042", 1000)] {
//!     let change = PracticeChange::Patients { year: 2022, count: PatientCount::new(patients)? };
//!     let edit = Command::EditPractice { ydernummer: ydernummer.parse()?, change };
//!     registry.apply(&anne, day("2022-01-10"), edit)?;
//! }
//! let scenario = Scenario::from_registry(&registry)?;
//! let report = scenario.grants(2022, 2022)?;
//! let line = report.lines().find(|l| l.ydernummer.to_string() == "061654").unwrap();
//! assert_eq!(line.amount.to_string(), "3528.00"); // 1.12 kr × 3,150
//! assert_eq!(line.due, Some(day("2022-01-01")));
//! println!("{}", line.explain_en());
//!
//! // What if the 2022 rate had been 2 kr? The built-in table is untouched.
//! let what_if = grants::Parameters::official().with_rate(2022, "2".parse()?);
//! let other = scenario.grants_with(&what_if, 2022, 2022)?;
//! let rows = grants::compare(&report, &other)?;
//! assert_eq!(rows[0].difference.to_string(), "3652.00"); // 0.88 kr × 4,150
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Guarantees
//!
//! No function of this crate panics on any input; money is exact ([`Dkk`], never floats);
//! no rate, count or date is invented (docs/rules.md section 8).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod calendar;
/// CMP-READY: the completion checklist (part of the registry: `registry::completion`).
pub use registry::completion;
pub mod csv_rows;
pub mod dates;
pub mod geography;
pub mod grants;
pub mod health;
pub mod ids;
mod json_text;
pub mod ledger;
pub mod money;
pub mod problem;
pub mod reconcile;
pub mod registry;
pub mod rule;
pub mod sample;
pub mod scenario;
mod two_cores;

pub use calendar::{Calendar, CalendarEvent, EventKind};
pub use completion::{Checklist, ChecklistItem};
pub use dates::{DateError, MembershipPeriod};
pub use geography::{GeographyError, Municipality, Region};
pub use grants::{GrantReport, Line, LineKind, Parameters, Payer};
pub use health::{CoChairs, HealthCluster, Seat, SeatKind, Ssu};
pub use ids::{ClusterId, Cvr, Email, IdError, PhoneNumber, Ydernummer};
pub use money::{Dkk, MoneyError, Rate};
pub use problem::{Explain, Problem, ValidationErrors};
pub use registry::cluster::{Cluster, FormError, Registration, RegistrationForm};
pub use registry::documents::{Document, DocumentError, DocumentKind};
pub use registry::error::RegistryError;
pub use registry::error::StoredPart;
pub use registry::history::{Command, Event, PracticeChange};
pub use registry::member_list::{MEMBER_LIST_COLUMNS, MemberList, MemberRow};
pub use registry::members::{
    Capacities, ConfirmationMail, CountError, EndReason, LeaveReason, Membership, MembershipId, PatientCount, Practice,
    PracticeDetails,
};
pub use registry::roles::{Action, Actor, Credential, Person, Role, RoleAssignment, Standing};
pub use registry::{Applied, Registry};
pub use rule::Rule;

/// The date type of every date klynge takes and gives, re-exported so that a user needs no
/// `chrono` dependency of their own: `klynge::NaiveDate::from_ymd_opt(2025, 1, 31)`.
pub use chrono::NaiveDate;
#[cfg(feature = "arrow")]
pub use scenario::ScenarioBatches;
pub use scenario::{
    Policy, Scenario, ScenarioCluster, ScenarioMembership, ScenarioParts, ScenarioPatients, ScenarioPractice,
    ScenarioRate, ScenarioTables,
};

/// The README's Rust examples run as doctests, so the README cannot drift from the code.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
