//! The registry for a coordinator app: registration, members, roles, documents, completion.

mod cluster;
mod completion;
mod documents;
mod members;
mod roles;

pub use cluster::*;
pub use completion::*;
pub use documents::*;
pub use members::*;
pub use roles::*;

use std::sync::{Arc, Mutex, MutexGuard};

use crate::calendar::{CalendarEvent, CalendarLanguage};
use crate::error::{KlyngeError, explained, refused};
use crate::grants::{Forecast, RateOverride, forecast};
use crate::reconcile::{PaymentReconciliation, StatementDialect};
use crate::types::CalendarDate;
use klynge::{Command, PracticeChange, Problem, Rule};

/// The cluster registry. Every changing method takes the actor and the date the change takes
/// effect; a refused change returns `KlyngeError.Refused` and leaves the registry unchanged.
#[derive(uniffi::Object)]
pub struct Registry {
    inner: Mutex<klynge::Registry>,
}

impl Registry {
    fn lock(&self) -> Result<MutexGuard<'_, klynge::Registry>, KlyngeError> {
        // A poisoned lock cannot happen (nothing panics while holding it); recover the data.
        Ok(self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    fn apply(
        &self,
        name: &str,
        actor: &Actor,
        date: &CalendarDate,
        command: Command,
    ) -> Result<Option<klynge::ConfirmationMail>, KlyngeError> {
        let actor = core_actor(actor)?;
        let date = date.get("date", Rule::GovLog)?;
        let mut registry = self.lock()?;
        registry.apply(&actor, date, command).map(|a| a.confirmation).map_err(|e| refused(name, &e))
    }

    /// Applies a practice edit as command `name`.
    fn edit_practice(
        &self,
        name: &str,
        actor: &Actor,
        date: &CalendarDate,
        ydernummer: &str,
        change: PracticeChange,
    ) -> Result<(), KlyngeError> {
        self.apply(name, actor, date, Command::EditPractice { ydernummer: yder(ydernummer)?, change }).map(drop)
    }
}

fn cluster_id(text: &str) -> Result<klynge::ClusterId, KlyngeError> {
    parse(text, "cluster")
}

fn yder(text: &str) -> Result<klynge::Ydernummer, KlyngeError> {
    parse(text, "ydernummer")
}

#[uniffi::export]
impl Registry {
    /// An empty registry.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Registry { inner: Mutex::new(klynge::Registry::new()) })
    }

    /// GOV-LOG: a registry stored with `to_json`, replayed and checked.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, KlyngeError> {
        let registry: klynge::Registry = serde_json::from_str(&text).map_err(|e| {
            KlyngeError::from(Problem::new(
                "registry",
                Rule::GovLog,
                format!("not a stored registry: {e}"),
                format!("ikke et gemt register: {e}"),
            ))
        })?;
        Ok(Arc::new(Registry { inner: Mutex::new(registry) }))
    }

    /// The registry as JSON (state and history).
    pub fn to_json(&self) -> Result<String, KlyngeError> {
        let registry = self.lock()?;
        serde_json::to_string(&*registry).map_err(|e| {
            KlyngeError::from(Problem::new(
                "registry",
                Rule::GovLog,
                format!("the registry could not be written: {e}"),
                format!("registret kunne ikke skrives: {e}"),
            ))
        })
    }

    /// REG-FIELDS, REG-AUTH, REG-FOUNDER: registers a cluster; returns its id (the CVR).
    pub fn create_cluster(
        &self,
        actor: Actor,
        date: CalendarDate,
        form: RegistrationForm,
    ) -> Result<String, KlyngeError> {
        let registration =
            self.lock()?.check_registration(&core_form(&form)?).map_err(crate::registry::cluster::form_error)?;
        let id = klynge::ClusterId::from(registration.cvr).to_string();
        self.apply("create_cluster", &actor, &date, Command::CreateCluster { registration })?;
        Ok(id)
    }

    /// REG-FIELDS, REG-DOCS, MEM-CAPACITY: checks a registration form as `createCluster` would
    /// in this registry, every problem at once: its fields and documents, a CVR already
    /// registered, and the capacities of a coordinator's practice new to the registry. A form
    /// that passes can be submitted.
    pub fn validate_registration(&self, form: RegistrationForm) -> Result<(), KlyngeError> {
        self.lock()?.check_registration(&core_form(&form)?).map(drop).map_err(crate::registry::cluster::form_error)
    }

    /// MEM-ADD: adds a practice; returns a confirmation mail request when an e-mail is given.
    pub fn add_member(
        &self,
        actor: Actor,
        date: CalendarDate,
        cluster: String,
        ydernummer: String,
        email: Option<String>,
        capacities: Option<i64>,
    ) -> Result<Option<ConfirmationMail>, KlyngeError> {
        let command = Command::AddMember {
            cluster: cluster_id(&cluster)?,
            ydernummer: yder(&ydernummer)?,
            email: email.as_deref().map(|e| parse(e, "email")).transpose()?,
            capacities: capacities
                .map(|n| klynge::Capacities::new(n).map_err(|e| explained("capacities", &e)))
                .transpose()?,
        };
        let mail = self.apply("add_member", &actor, &date, command)?;
        Ok(mail.map(|m| ConfirmationMail {
            subject_da: m.subject_da(),
            body_da: m.body_da(),
            to: m.to.to_string(),
            ydernummer: m.ydernummer.to_string(),
            cluster: m.cluster.to_string(),
            cluster_name: m.cluster_name.clone(),
            joined: m.joined.into(),
        }))
    }

    /// MEM-LEAVE: ends a membership for `reason`; `date` is the first day without. A closed
    /// ydernummer cannot be added again.
    pub fn remove_member(
        &self,
        actor: Actor,
        date: CalendarDate,
        cluster: String,
        ydernummer: String,
        reason: LeaveReason,
    ) -> Result<(), KlyngeError> {
        let command = Command::RemoveMember {
            cluster: cluster_id(&cluster)?,
            ydernummer: yder(&ydernummer)?,
            reason: reason.into(),
        };
        self.apply("remove_member", &actor, &date, command).map(drop)
    }

    /// MEM-TRANSFER: moves a practice to another cluster on `date`.
    pub fn transfer_member(
        &self,
        actor: Actor,
        date: CalendarDate,
        source: String,
        target: String,
        ydernummer: String,
    ) -> Result<(), KlyngeError> {
        let command = Command::TransferMember {
            from: cluster_id(&source)?,
            to: cluster_id(&target)?,
            ydernummer: yder(&ydernummer)?,
        };
        self.apply("transfer_member", &actor, &date, command).map(drop)
    }

    /// GOV-ROLES: gives a person a role from `date`.
    pub fn assign_role(
        &self,
        actor: Actor,
        date: CalendarDate,
        cluster: String,
        role: Role,
        person: String,
        ydernummer: Option<String>,
    ) -> Result<(), KlyngeError> {
        let person = klynge::Person::new(&person, ydernummer.as_deref().map(yder).transpose()?);
        let command = Command::AssignRole { cluster: cluster_id(&cluster)?, role: core_role(role), person };
        self.apply("assign_role", &actor, &date, command).map(drop)
    }

    /// GOV-ROLES: ends a person's role on `date` (never the coordinator's).
    pub fn end_role(
        &self,
        actor: Actor,
        date: CalendarDate,
        cluster: String,
        role: Role,
        person: String,
        ydernummer: Option<String>,
    ) -> Result<(), KlyngeError> {
        let person = klynge::Person::new(&person, ydernummer.as_deref().map(yder).transpose()?);
        let command = Command::EndRole { cluster: cluster_id(&cluster)?, role: core_role(role), person };
        self.apply("end_role", &actor, &date, command).map(drop)
    }

    /// REG-DOCS-CHANGE: removes the cluster's document of `kind`; a kind REG-DOCS requires is
    /// replaced (attach a new one), never left missing.
    pub fn remove_document(
        &self,
        actor: Actor,
        date: CalendarDate,
        cluster: String,
        kind: DocumentKind,
    ) -> Result<(), KlyngeError> {
        let command = Command::RemoveDocument { cluster: cluster_id(&cluster)?, kind: core_kind(kind) };
        self.apply("remove_document", &actor, &date, command).map(drop)
    }

    /// REG-DOCS, REG-DOCS-CHANGE: attaches a checked document; one of a kind the cluster holds
    /// replaces it.
    pub fn attach_document(
        &self,
        actor: Actor,
        date: CalendarDate,
        cluster: String,
        document: Document,
    ) -> Result<(), KlyngeError> {
        let command = Command::AttachDocument { cluster: cluster_id(&cluster)?, document: core_document(&document)? };
        self.apply("attach_document", &actor, &date, command).map(drop)
    }

    /// MEM-PATIENTS: a practice's group-1 patients for a grant year.
    pub fn set_patients(
        &self,
        actor: Actor,
        date: CalendarDate,
        ydernummer: String,
        year: i32,
        count: i64,
    ) -> Result<(), KlyngeError> {
        let count = klynge::PatientCount::new(count).map_err(|e| explained("count", &e))?;
        self.edit_practice("set_patients", &actor, &date, &ydernummer, PracticeChange::Patients { year, count })
    }

    /// MEM-DETAILS: sets (or, with `null` or an empty text, clears) a practice's name from `date`.
    pub fn set_name(
        &self,
        actor: Actor,
        date: CalendarDate,
        ydernummer: String,
        name: Option<String>,
    ) -> Result<(), KlyngeError> {
        self.edit_practice("set_name", &actor, &date, &ydernummer, PracticeChange::Name(name.unwrap_or_default()))
    }

    /// MEM-DETAILS: sets (or, with `null` or an empty text, clears) a practice's clinic address
    /// from `date`.
    pub fn set_address(
        &self,
        actor: Actor,
        date: CalendarDate,
        ydernummer: String,
        address: Option<String>,
    ) -> Result<(), KlyngeError> {
        let change = PracticeChange::Address(address.unwrap_or_default());
        self.edit_practice("set_address", &actor, &date, &ydernummer, change)
    }

    /// A practice as it stood on `date`: details and capacities; `null` for a practice the
    /// registry does not know.
    pub fn practice(&self, ydernummer: String, date: CalendarDate) -> Result<Option<PracticeOnDay>, KlyngeError> {
        let (ydernummer, day) = (yder(&ydernummer)?, date.get("date", Rule::MemCapacity)?);
        let registry = self.lock()?;
        Ok(registry.practice(ydernummer).map(|p| {
            let details = p.details_on(day);
            PracticeOnDay {
                ydernummer: ydernummer.to_string(),
                name: details.name,
                address: details.address,
                email: details.email.map(|e| e.to_string()),
                capacities: i64::from(p.capacities_on(day).get()),
            }
        }))
    }

    /// MEM-LIST: the member list of `cluster` on `first`, or over the days `first` to `last`.
    pub fn member_list(
        &self,
        cluster: String,
        first: CalendarDate,
        last: Option<CalendarDate>,
    ) -> Result<MemberList, KlyngeError> {
        let id = cluster_id(&cluster)?;
        let first = first.get("first", Rule::MemList)?;
        let last = last.map(|d| d.get("last", Rule::MemList)).transpose()?.unwrap_or(first);
        let list = self.lock()?.member_list_over(&id, first, last).map_err(|e| refused("member_list", &e))?;
        Ok(MemberList::from(&list))
    }

    /// MEM-CAPACITY: a practice's doctor capacities from `date` (the day its doctors changed);
    /// the grants count those of the day a membership began.
    pub fn set_capacities(
        &self,
        actor: Actor,
        date: CalendarDate,
        ydernummer: String,
        capacities: i64,
    ) -> Result<(), KlyngeError> {
        let capacities = klynge::Capacities::new(capacities).map_err(|e| explained("capacities", &e))?;
        self.edit_practice("set_capacities", &actor, &date, &ydernummer, PracticeChange::Capacities(capacities))
    }

    /// ID-EMAIL: sets (or, with `None`, clears) a practice's e-mail.
    pub fn set_email(
        &self,
        actor: Actor,
        date: CalendarDate,
        ydernummer: String,
        email: Option<String>,
    ) -> Result<(), KlyngeError> {
        let email = email.map(|e| parse(&e, "email")).transpose()?;
        self.edit_practice("set_email", &actor, &date, &ydernummer, PracticeChange::Email(email))
    }

    /// ID-KOMMUNE: sets (or, with `None`, clears) a practice's municipality, by code or
    /// name.
    pub fn set_municipality(
        &self,
        actor: Actor,
        date: CalendarDate,
        ydernummer: String,
        municipality: Option<String>,
    ) -> Result<(), KlyngeError> {
        let municipality = municipality.map(|m| parse(&m, "municipality")).transpose()?;
        self.edit_practice("set_municipality", &actor, &date, &ydernummer, PracticeChange::Municipality(municipality))
    }

    /// CMP-READY: the checklist for completing `cluster` on `date`.
    pub fn checklist(&self, cluster: String, date: CalendarDate) -> Result<Checklist, KlyngeError> {
        let date = date.get("date", Rule::CmpReady)?;
        let checklist = self.lock()?.checklist(&cluster_id(&cluster)?, date).map_err(|e| refused("checklist", &e))?;
        Ok(Checklist {
            ready: checklist.is_ready(),
            blocking: checklist.blocking.iter().map(checklist_item).collect(),
            warnings: checklist.warnings.iter().map(checklist_item).collect(),
        })
    }

    /// CMP-READY, CMP-ONCE: declares the cluster complete on `date`.
    pub fn complete(&self, actor: Actor, date: CalendarDate, cluster: String) -> Result<(), KlyngeError> {
        self.apply("complete", &actor, &date, Command::Complete { cluster: cluster_id(&cluster)? }).map(drop)
    }

    /// GOV-RIGHTS: whether `actor` may take `action` in `cluster` on `date`.
    pub fn may(&self, actor: Actor, cluster: String, action: Action, date: CalendarDate) -> Result<bool, KlyngeError> {
        let (actor, cluster, date) = (core_actor(&actor)?, cluster_id(&cluster)?, date.get("date", Rule::GovRights)?);
        Ok(self.lock()?.may(&actor, &cluster, core_action(action), date))
    }

    /// The practices that are members of `cluster` on `date`.
    pub fn members_on(&self, cluster: String, date: CalendarDate) -> Result<Vec<String>, KlyngeError> {
        let (cluster, date) = (cluster_id(&cluster)?, date.get("date", Rule::MemPeriod)?);
        Ok(self.lock()?.members_on(&cluster, date).map(|y| y.to_string()).collect())
    }

    /// The ids of every cluster.
    pub fn cluster_ids(&self) -> Result<Vec<String>, KlyngeError> {
        Ok(self.lock()?.clusters().map(|c| c.id().to_string()).collect())
    }

    /// The registry's documents of a cluster.
    pub fn documents(&self, cluster: String) -> Result<Vec<Document>, KlyngeError> {
        let id = cluster_id(&cluster)?;
        let registry = self.lock()?;
        let found = registry.cluster(&id).ok_or_else(|| {
            refused("documents", &klynge::RegistryError::UnknownCluster { rule: Rule::RegDocs, cluster: id.clone() })
        })?;
        Ok(found
            .documents()
            .iter()
            .map(|d| Document {
                kind: ffi_kind(d.kind()),
                file_name: d.file_name().to_owned(),
                size: crate::codes::count(d.size()),
                sha256: d.sha256_hex(),
            })
            .collect())
    }

    /// A grant forecast for one cluster (lines, totals and payout windows), grant years
    /// `first..=last`, with extra rates where the built-in ones do not reach.
    pub fn grant_forecast(
        &self,
        cluster: String,
        first: i32,
        last: i32,
        rates: Vec<RateOverride>,
    ) -> Result<Forecast, KlyngeError> {
        let scenario = klynge::Scenario::from_registry(&*self.lock()?)?;
        forecast(&scenario, &cluster, first, last, &rates)
    }

    /// CAL-EVENTS: the coordinator's calendar of the registry's clusters, from `today` to
    /// `until` (default: 31 December of next year).
    pub fn calendar(
        &self,
        today: CalendarDate,
        until: Option<CalendarDate>,
        rates: Vec<RateOverride>,
    ) -> Result<Vec<CalendarEvent>, KlyngeError> {
        let scenario = klynge::Scenario::from_registry(&*self.lock()?)?;
        let calendar = crate::calendar::of_scenario(&scenario, &today, until.as_ref(), &rates)?;
        Ok(calendar.events().iter().map(CalendarEvent::from).collect())
    }

    /// CAL-ICS: the coordinator's calendar as iCalendar text, in `language`.
    pub fn calendar_ics(
        &self,
        today: CalendarDate,
        until: Option<CalendarDate>,
        rates: Vec<RateOverride>,
        language: CalendarLanguage,
    ) -> Result<String, KlyngeError> {
        let scenario = klynge::Scenario::from_registry(&*self.lock()?)?;
        let calendar = crate::calendar::of_scenario(&scenario, &today, until.as_ref(), &rates)?;
        Ok(calendar.to_ics(language.into()))
    }

    /// LED-*: the funds of `cluster` on `today`: its grants, the bytes of its spendings CSV in
    /// `dialect`, and an opening balance where given.
    pub fn ledger(
        &self,
        cluster: String,
        spendings_csv: Vec<u8>,
        dialect: StatementDialect,
        today: CalendarDate,
        opening: Option<crate::ledger::OpeningBalance>,
    ) -> Result<crate::ledger::ClusterLedger, KlyngeError> {
        let scenario = klynge::Scenario::from_registry(&*self.lock()?)?;
        crate::ledger::ledger(&scenario, &cluster, &spendings_csv, dialect, &today, opening)
    }

    /// REC-MATCH: `cluster`'s statement (the bytes of the CSV file, in `dialect`: a bank's
    /// export as it is) against the registry's grant years `first..=last`, on `today`, with
    /// `rates` for years the rule book has none for: what matched, differs, is missing or
    /// unexpected, and the annual grants left out for want of a rate or count.
    #[allow(clippy::too_many_arguments)]
    pub fn reconcile(
        &self,
        cluster: String,
        statement: Vec<u8>,
        dialect: StatementDialect,
        today: CalendarDate,
        first: i32,
        last: i32,
        rates: Vec<crate::grants::RateOverride>,
    ) -> Result<PaymentReconciliation, KlyngeError> {
        let scenario = klynge::Scenario::from_registry(&*self.lock()?)?;
        let input = crate::reconcile::StatementInput {
            cluster: &cluster,
            csv: &statement,
            dialect,
            today: &today,
            years: (first, last),
            rates: &rates,
        };
        crate::reconcile::reconcile(&scenario, input)
    }
}
