//! The registry: registration forms, actors, documents, commands with rights, the completion
//! checklist, history and persistence. Thin wrappers over `klynge::Registry`.

mod cluster;
mod completion;
mod documents;
mod member_list;
mod members;
mod roles;

pub use cluster::{Registration, validate_registration};
pub use completion::{Checklist, ChecklistItem};
pub use documents::Document;
pub use member_list::MemberList;
pub use members::ConfirmationMail;
pub use roles::Actor;

use chrono::NaiveDate;
use pyo3::prelude::*;

use crate::conversion::{Whole, explained, parse, to_python, validated};
use crate::exceptions::registry_error;
use crate::scenario::Scenario;
use klynge::{Capacities, Command, PatientCount, PracticeChange, Rule};

/// A code of the core's (`"co_coordinator"`, `"founding_minutes"`), or a `ValidationError`
/// that lists the codes.
pub(crate) fn code<T: std::str::FromStr<Err = klynge::Problem>>(text: &str) -> PyResult<T> {
    text.parse().map_err(crate::exceptions::problem_error)
}

/// The cluster registry (REG, MEM, GOV, CMP). Every method that changes it takes an `Actor` and
/// the date the change takes effect, checks rights (GOV-RIGHTS) and rules, and either applies
/// the change (appending it to the history) or raises `RegistryError` leaving it unchanged.
#[pyclass(module = "klynge", name = "Registry")]
#[derive(Default)]
pub struct Registry(pub klynge::Registry);

impl Registry {
    fn apply(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        command: Command,
        name: &str,
    ) -> PyResult<Option<ConfirmationMail>> {
        self.0
            .apply(&actor.0, date, command)
            .map(|applied| applied.confirmation.map(ConfirmationMail))
            .map_err(|e| registry_error(e, name))
    }

    /// Applies a practice edit as command `name`.
    fn edit_practice(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        ydernummer: &str,
        change: PracticeChange,
        name: &str,
    ) -> PyResult<()> {
        self.apply(actor, date, Command::EditPractice { ydernummer: yder(ydernummer)?, change }, name).map(drop)
    }
}

fn cluster_id(text: &str) -> PyResult<klynge::ClusterId> {
    parse(text, "cluster")
}

fn yder(text: &str) -> PyResult<klynge::Ydernummer> {
    parse(text, "ydernummer")
}

fn capacities(n: Whole) -> PyResult<Capacities> {
    explained(Capacities::new(n.get("capacities", Rule::MemCapacity)?), "capacities")
}

#[pymethods]
impl Registry {
    #[new]
    fn new() -> Self {
        Registry::default()
    }

    /// REG-AUTH, REG-FOUNDER: creates a cluster; its id is its CVR number.
    fn create_cluster(&mut self, actor: &Actor, date: NaiveDate, registration: &Registration) -> PyResult<String> {
        let id = registration.cluster_id();
        self.apply(actor, date, Command::CreateCluster { registration: registration.0.clone() }, "create_cluster")?;
        Ok(id)
    }

    /// MEM-ADD: adds a practice from `date`; returns a confirmation mail request when `email`
    /// is given. `capacities` is required for a practice the registry does not know.
    #[pyo3(signature = (actor, date, cluster, ydernummer, email=None, capacities=None))]
    fn add_member(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &str,
        ydernummer: &str,
        email: Option<&str>,
        capacities: Option<Whole>,
    ) -> PyResult<Option<ConfirmationMail>> {
        let command = Command::AddMember {
            cluster: cluster_id(cluster)?,
            ydernummer: yder(ydernummer)?,
            email: email.map(|e| parse(e, "email")).transpose()?,
            capacities: capacities.map(self::capacities).transpose()?,
        };
        self.apply(actor, date, command, "add_member")
    }

    /// MEM-LEAVE: ends the practice's membership; `date` is the first day without. `reason`:
    /// `left` (the practice left), `excluded` (the cluster excluded it) or `closed` (its
    /// ydernummer ceased: it cannot be added again).
    #[pyo3(signature = (actor, date, cluster, ydernummer, reason="left"))]
    fn remove_member(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &str,
        ydernummer: &str,
        reason: &str,
    ) -> PyResult<()> {
        let command = Command::RemoveMember {
            cluster: cluster_id(cluster)?,
            ydernummer: yder(ydernummer)?,
            reason: code::<klynge::LeaveReason>(reason)?,
        };
        self.apply(actor, date, command, "remove_member").map(drop)
    }

    /// MEM-TRANSFER: moves a practice from one cluster to another on `date`.
    fn transfer_member(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        source: &str,
        target: &str,
        ydernummer: &str,
    ) -> PyResult<()> {
        let command = Command::TransferMember {
            from: cluster_id(source)?,
            to: cluster_id(target)?,
            ydernummer: yder(ydernummer)?,
        };
        self.apply(actor, date, command, "transfer_member").map(drop)
    }

    /// GOV-ROLES: gives `person` a role (coordinator, co_coordinator, treasurer, board_member).
    #[pyo3(signature = (actor, date, cluster, role, person, ydernummer=None))]
    fn assign_role(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &str,
        role: &str,
        person: &str,
        ydernummer: Option<&str>,
    ) -> PyResult<()> {
        let person = klynge::Person::new(person, ydernummer.map(yder).transpose()?);
        let command = Command::AssignRole { cluster: cluster_id(cluster)?, role: code::<klynge::Role>(role)?, person };
        self.apply(actor, date, command, "assign_role").map(drop)
    }

    /// GOV-ROLES: ends a person's role (never the coordinator's).
    #[pyo3(signature = (actor, date, cluster, role, person, ydernummer=None))]
    fn end_role(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &str,
        role: &str,
        person: &str,
        ydernummer: Option<&str>,
    ) -> PyResult<()> {
        let person = klynge::Person::new(person, ydernummer.map(yder).transpose()?);
        let command = Command::EndRole { cluster: cluster_id(cluster)?, role: code::<klynge::Role>(role)?, person };
        self.apply(actor, date, command, "end_role").map(drop)
    }

    /// REG-DOCS, REG-DOCS-CHANGE: attaches a document; one of a kind the cluster holds replaces
    /// it (the old one's fingerprint stays in the history).
    fn attach_document(&mut self, actor: &Actor, date: NaiveDate, cluster: &str, document: &Document) -> PyResult<()> {
        let command = Command::AttachDocument { cluster: cluster_id(cluster)?, document: document.0.clone() };
        self.apply(actor, date, command, "attach_document").map(drop)
    }

    /// REG-DOCS-CHANGE: removes the cluster's document of `kind` (`founding_minutes`,
    /// `statutes`, `cluster_rules`, `other`); a kind REG-DOCS requires is replaced, never left
    /// missing.
    fn remove_document(&mut self, actor: &Actor, date: NaiveDate, cluster: &str, kind: &str) -> PyResult<()> {
        let command =
            Command::RemoveDocument { cluster: cluster_id(cluster)?, kind: code::<klynge::DocumentKind>(kind)? };
        self.apply(actor, date, command, "remove_document").map(drop)
    }

    /// MEM-PATIENTS: sets a practice's group-1 patients for a grant year.
    fn set_patients(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        ydernummer: &str,
        year: Whole,
        count: Whole,
    ) -> PyResult<()> {
        let year = year.year("year", Rule::MemPatients)?;
        let count = explained(PatientCount::new(count.get("count", Rule::MemPatients)?), "count")?;
        let change = PracticeChange::Patients { year, count };
        self.edit_practice(actor, date, ydernummer, change, "set_patients")
    }

    /// MEM-DETAILS: sets (or, with None or an empty text, clears) a practice's name from `date`.
    #[pyo3(signature = (actor, date, ydernummer, name))]
    fn set_name(&mut self, actor: &Actor, date: NaiveDate, ydernummer: &str, name: Option<&str>) -> PyResult<()> {
        let change = PracticeChange::Name(name.unwrap_or_default().to_owned());
        self.edit_practice(actor, date, ydernummer, change, "set_name")
    }

    /// MEM-DETAILS: sets (or, with None or an empty text, clears) a practice's clinic address
    /// from `date`.
    #[pyo3(signature = (actor, date, ydernummer, address))]
    fn set_address(&mut self, actor: &Actor, date: NaiveDate, ydernummer: &str, address: Option<&str>) -> PyResult<()> {
        let change = PracticeChange::Address(address.unwrap_or_default().to_owned());
        self.edit_practice(actor, date, ydernummer, change, "set_address")
    }

    /// MEM-CAPACITY: a practice's doctor capacities from `date` (the day its doctors changed);
    /// the grants count those of the day a membership began.
    fn set_capacities(&mut self, actor: &Actor, date: NaiveDate, ydernummer: &str, capacities: Whole) -> PyResult<()> {
        let change = PracticeChange::Capacities(self::capacities(capacities)?);
        self.edit_practice(actor, date, ydernummer, change, "set_capacities")
    }

    /// ID-EMAIL: sets (or, with None, clears) a practice's e-mail.
    #[pyo3(signature = (actor, date, ydernummer, email))]
    fn set_email(&mut self, actor: &Actor, date: NaiveDate, ydernummer: &str, email: Option<&str>) -> PyResult<()> {
        let change = PracticeChange::Email(email.map(|e| parse(e, "email")).transpose()?);
        self.edit_practice(actor, date, ydernummer, change, "set_email")
    }

    /// ID-KOMMUNE: sets (or, with None, clears) a practice's municipality, by code or name.
    #[pyo3(signature = (actor, date, ydernummer, municipality))]
    fn set_municipality(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        ydernummer: &str,
        municipality: Option<&str>,
    ) -> PyResult<()> {
        let change = PracticeChange::Municipality(municipality.map(|m| parse(m, "municipality")).transpose()?);
        self.edit_practice(actor, date, ydernummer, change, "set_municipality")
    }

    /// CMP-READY, CMP-ONCE: declares the cluster complete on `date`.
    fn complete(&mut self, actor: &Actor, date: NaiveDate, cluster: &str) -> PyResult<()> {
        self.apply(actor, date, Command::Complete { cluster: cluster_id(cluster)? }, "complete").map(drop)
    }

    /// CMP-READY: what blocks completing `cluster` on `date`, and the warnings.
    fn checklist(&self, cluster: &str, date: NaiveDate) -> PyResult<Checklist> {
        let checklist = self.0.checklist(&cluster_id(cluster)?, date).map_err(|e| registry_error(e, "checklist"))?;
        Ok(Checklist {
            blocking: checklist.blocking.iter().map(ChecklistItem::of).collect(),
            warnings: checklist.warnings.iter().map(ChecklistItem::of).collect(),
        })
    }

    /// GOV-RIGHTS: whether `actor` may take `action` in `cluster` on `date` (change_members,
    /// change_roles, change_documents, complete, edit_own_practice, edit_other_practice, read).
    fn may(&self, actor: &Actor, cluster: &str, action: &str, date: NaiveDate) -> PyResult<bool> {
        Ok(self.0.may(&actor.0, &cluster_id(cluster)?, code::<klynge::Action>(action)?, date))
    }

    /// GOV-RIGHTS: the cluster as a dict, for an actor who may read it.
    fn read<'py>(&self, py: Python<'py>, actor: &Actor, cluster: &str, date: NaiveDate) -> PyResult<Bound<'py, PyAny>> {
        let found = self.0.read(&actor.0, &cluster_id(cluster)?, date).map_err(|e| registry_error(e, "read"))?;
        to_python(py, found)
    }

    /// The ids of every cluster.
    fn cluster_ids(&self) -> Vec<String> {
        self.0.clusters().map(|c| c.id().to_string()).collect()
    }

    /// The cluster as a dict (name, CVR, municipality, founded, documents, roles, completed).
    fn cluster<'py>(&self, py: Python<'py>, cluster: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.cluster(&cluster_id(cluster)?).map(|c| to_python(py, c)).transpose()
    }

    /// The practices that are members of `cluster` on `date`.
    fn members_on(&self, cluster: &str, date: NaiveDate) -> PyResult<Vec<String>> {
        let id = cluster_id(cluster)?;
        Ok(self.0.members_on(&id, date).map(|y| y.to_string()).collect())
    }

    /// A practice as it stood on `date` (default: from its latest change on), as a dict:
    /// ydernummer, name, address, email, capacities, municipality, capacity_changes (every
    /// dated change, `[date, capacities]`); None for a practice the registry does not know.
    #[pyo3(signature = (ydernummer, date=None))]
    fn practice<'py>(
        &self,
        py: Python<'py>,
        ydernummer: &str,
        date: Option<NaiveDate>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(practice) = self.0.practice(yder(ydernummer)?) else { return Ok(None) };
        let (details, capacities) = match date {
            Some(day) => (practice.details_on(day), practice.capacities_on(day)),
            None => (
                klynge::PracticeDetails {
                    name: practice.name().map(str::to_owned),
                    address: practice.address().map(str::to_owned),
                    email: practice.email().cloned(),
                },
                practice.capacities(),
            ),
        };
        let changes: Vec<(String, u16)> =
            practice.capacity_changes().map(|(day, c)| (day.to_string(), c.get())).collect();
        let value = serde_json::json!({
            "ydernummer": practice.ydernummer().to_string(),
            "name": details.name,
            "address": details.address,
            "email": details.email.map(|e| e.to_string()),
            "capacities": capacities.get(),
            "municipality": practice.municipality().map(|m| m.code()),
            "capacity_changes": changes,
        });
        to_python(py, &value).map(Some)
    }

    /// MEM-LIST: the member list of `cluster` on `first`, or over the days `first` to `last`
    /// (one row per membership with a day in them; details and capacities as of `last`).
    #[pyo3(signature = (cluster, first, last=None))]
    fn member_list(&self, cluster: &str, first: NaiveDate, last: Option<NaiveDate>) -> PyResult<MemberList> {
        let id = cluster_id(cluster)?;
        self.0
            .member_list_over(&id, first, last.unwrap_or(first))
            .map(MemberList)
            .map_err(|e| registry_error(e, "member_list"))
    }

    /// Every membership as a dict.
    fn memberships<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.memberships())
    }

    /// GOV-LOG: every accepted change as a dict (date, actor, command), oldest first.
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.history())
    }

    /// The registry as JSON: its state and history.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.0).map_err(|e| {
            crate::exceptions::problem_error(klynge::Problem::new(
                "registry",
                Rule::GovLog,
                format!("the registry could not be written: {e}"),
                format!("registret kunne ikke skrives: {e}"),
            ))
        })
    }

    /// GOV-LOG: reads a registry written by `to_json`, replaying its history and checking that
    /// it gives the stored state.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        serde_json::from_str::<klynge::Registry>(text).map(Registry).map_err(|e| {
            crate::exceptions::problem_error(klynge::Problem::new(
                "",
                klynge::Rule::GovLog,
                format!("not a stored registry: {e}"),
                format!("ikke et gemt register: {e}"),
            ))
        })
    }

    /// The registry as a grant scenario.
    fn scenario(&self) -> PyResult<Scenario> {
        validated(klynge::Scenario::from_registry(&self.0)).map(Scenario::from)
    }

    fn __repr__(&self) -> String {
        format!("Registry(clusters={}, events={})", self.0.clusters().count(), self.0.history().len())
    }
}
