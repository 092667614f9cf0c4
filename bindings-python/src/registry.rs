//! The registry: registration forms, actors, documents, commands with rights, the completion
//! checklist, history and persistence. Thin wrappers over `klynge::Registry`.

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};

use crate::conversion::{explained, parse, to_python, validated};
use crate::exceptions::registry_error;
use crate::scenario::Scenario;
use klynge::{Capacities, Command, Explain, PatientCount, PracticeChange};

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

/// REG-PDF: a PDF attached to a cluster: kind, file name, size and SHA-256 fingerprint. The
/// bytes are the host's to store.
#[pyclass(frozen, module = "klynge", name = "Document", eq)]
#[derive(Clone, PartialEq)]
pub struct Document(pub klynge::Document);

#[pymethods]
impl Document {
    /// Checks the bytes (non-empty, starts with %PDF-, at most 20 MiB) and fingerprints them.
    /// `kind` is founding_minutes, statutes, cluster_rules or other.
    #[staticmethod]
    fn from_pdf(kind: &str, file_name: &str, data: &Bound<'_, PyBytes>) -> PyResult<Self> {
        explained(klynge::Document::from_pdf(code(kind)?, file_name, data.as_bytes()), "document").map(Document)
    }

    #[getter]
    fn kind(&self) -> String {
        self.0.kind().to_string()
    }

    #[getter]
    fn file_name(&self) -> &str {
        self.0.file_name()
    }

    #[getter]
    fn size(&self) -> u64 {
        self.0.size()
    }

    #[getter]
    fn sha256(&self) -> String {
        self.0.sha256_hex()
    }

    fn __repr__(&self) -> String {
        format!("Document(kind={:?}, file_name={:?}, size={})", self.kind(), self.0.file_name(), self.0.size())
    }
}

/// A validated registration form (REG-FIELDS, REG-DOCS).
#[pyclass(frozen, module = "klynge", name = "Registration")]
#[derive(Clone)]
pub struct Registration(pub klynge::Registration);

#[pymethods]
impl Registration {
    #[getter]
    fn cvr(&self) -> String {
        self.0.cvr.to_string()
    }

    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    #[getter]
    fn founded(&self) -> NaiveDate {
        self.0.founded
    }

    #[getter]
    fn cluster_id(&self) -> String {
        klynge::ClusterId::from(self.0.cvr).to_string()
    }

    /// The registration as a dict (the form's fields, canonical).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!("Registration(cvr={:?}, name={:?})", self.cvr(), self.0.name)
    }
}

/// REG-FIELDS: validates a registration form and raises `ValidationError` with every failing
/// field at once.
#[pyfunction]
#[pyo3(signature = (*, cvr="", name="", coordinator_name="", coordinator_email="", coordinator_phone="", coordinator_ydernummer="", municipality="", founded=None, coordinator_capacities=None, documents=Vec::new()))]
#[allow(clippy::too_many_arguments)]
pub fn validate_registration(
    cvr: &str,
    name: &str,
    coordinator_name: &str,
    coordinator_email: &str,
    coordinator_phone: &str,
    coordinator_ydernummer: &str,
    municipality: &str,
    founded: Option<NaiveDate>,
    coordinator_capacities: Option<i64>,
    documents: Vec<PyRef<'_, Document>>,
) -> PyResult<Registration> {
    let form = klynge::RegistrationForm {
        cvr: cvr.into(),
        name: name.into(),
        coordinator_name: coordinator_name.into(),
        coordinator_email: coordinator_email.into(),
        coordinator_phone: coordinator_phone.into(),
        coordinator_ydernummer: coordinator_ydernummer.into(),
        coordinator_capacities,
        municipality: municipality.into(),
        founded,
        documents: documents.iter().map(|d| d.0.clone()).collect(),
    };
    validated(form.validate()).map(Registration)
}

/// MEM-ADD: a confirmation mail for the host to send; klynge sends nothing itself.
#[pyclass(frozen, module = "klynge", name = "ConfirmationMail")]
#[derive(Clone)]
pub struct ConfirmationMail(pub klynge::ConfirmationMail);

#[pymethods]
impl ConfirmationMail {
    #[getter]
    fn to(&self) -> String {
        self.0.to.to_string()
    }

    #[getter]
    fn ydernummer(&self) -> String {
        self.0.ydernummer.to_string()
    }

    #[getter]
    fn cluster(&self) -> String {
        self.0.cluster.to_string()
    }

    #[getter]
    fn joined(&self) -> NaiveDate {
        self.0.joined
    }

    #[getter]
    fn subject_da(&self) -> String {
        self.0.subject_da()
    }

    #[getter]
    fn body_da(&self) -> String {
        self.0.body_da()
    }
}

/// One item of the completion checklist (CMP-READY).
#[pyclass(frozen, module = "klynge", name = "ChecklistItem")]
#[derive(Clone)]
pub struct ChecklistItem {
    #[pyo3(get)]
    item: String,
    #[pyo3(get)]
    rule: String,
    #[pyo3(get)]
    message_en: String,
    #[pyo3(get)]
    message_da: String,
}

impl ChecklistItem {
    fn of(item: &klynge::ChecklistItem) -> Self {
        ChecklistItem {
            item: item.code().to_owned(),
            rule: item.rule().id().into(),
            message_en: item.message_en(),
            message_da: item.message_da(),
        }
    }
}

#[pymethods]
impl ChecklistItem {
    fn __repr__(&self) -> String {
        format!("ChecklistItem({:?}, rule={:?})", self.item, self.rule)
    }
}

/// CMP-READY: what blocks completion, and the warnings that do not.
#[pyclass(frozen, module = "klynge", name = "Checklist")]
pub struct Checklist {
    #[pyo3(get)]
    blocking: Vec<ChecklistItem>,
    #[pyo3(get)]
    warnings: Vec<ChecklistItem>,
}

#[pymethods]
impl Checklist {
    /// True when nothing blocks completion.
    #[getter]
    fn is_ready(&self) -> bool {
        self.blocking.is_empty()
    }

    fn __repr__(&self) -> String {
        format!("Checklist(blocking={}, warnings={})", self.blocking.len(), self.warnings.len())
    }
}

/// A code of the core's (`"co_coordinator"`, `"founding_minutes"`), or a `ValidationError`
/// that lists the codes.
fn code<T: std::str::FromStr<Err = klynge::Problem>>(text: &str) -> PyResult<T> {
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

fn capacities(n: i64) -> PyResult<Capacities> {
    explained(Capacities::new(n), "capacities")
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
        capacities: Option<i64>,
    ) -> PyResult<Option<ConfirmationMail>> {
        let command = Command::AddMember {
            cluster: cluster_id(cluster)?,
            ydernummer: yder(ydernummer)?,
            email: email.map(|e| parse(e, "email")).transpose()?,
            capacities: capacities.map(self::capacities).transpose()?,
        };
        self.apply(actor, date, command, "add_member")
    }

    /// MEM-LEAVE: ends the practice's membership; `date` is the first day without.
    fn remove_member(&mut self, actor: &Actor, date: NaiveDate, cluster: &str, ydernummer: &str) -> PyResult<()> {
        let command = Command::RemoveMember { cluster: cluster_id(cluster)?, ydernummer: yder(ydernummer)? };
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

    /// REG-DOCS: attaches a document.
    fn attach_document(&mut self, actor: &Actor, date: NaiveDate, cluster: &str, document: &Document) -> PyResult<()> {
        let command = Command::AttachDocument { cluster: cluster_id(cluster)?, document: document.0.clone() };
        self.apply(actor, date, command, "attach_document").map(drop)
    }

    /// MEM-PATIENTS: sets a practice's group-1 patients for a grant year.
    fn set_patients(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        ydernummer: &str,
        year: i32,
        count: i64,
    ) -> PyResult<()> {
        let change = PracticeChange::Patients { year, count: explained(PatientCount::new(count), "count")? };
        self.edit_practice(actor, date, ydernummer, change, "set_patients")
    }

    /// MEM-CAPACITY: sets a practice's doctor capacities.
    fn set_capacities(&mut self, actor: &Actor, date: NaiveDate, ydernummer: &str, capacities: i64) -> PyResult<()> {
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
        serde_json::to_string(&self.0).map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
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
