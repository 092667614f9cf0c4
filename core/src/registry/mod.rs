//! The cluster registry: clusters, practices, memberships, roles, documents and history.
//!
//! Every change is a [`Command`] applied by [`Registry::apply`] with an [`Actor`] and the
//! date it takes effect. A command is checked completely (rights, then rules) before anything
//! changes, so a refused command returns a [`RegistryError`] and leaves the registry exactly as
//! it was. Every accepted command is appended to the history as an [`Event`] (GOV-LOG);
//! replaying the history reproduces the registry, and reading a stored registry back replays
//! its history and checks that the stored state matches.

pub mod cluster;
pub mod documents;
pub mod error;
pub mod history;
mod index;
pub mod members;
pub mod roles;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::completion::Checklist;
use crate::dates::{MembershipPeriod, check_date, check_year};
use crate::ids::{ClusterId, Ydernummer};
use crate::problem::ValidationErrors;
use crate::registry::cluster::{Cluster, Registration, RegistrationForm, check_name, missing_documents};
use crate::registry::documents::Document;
use crate::registry::error::{CreateRefusal, RegistryError};
use crate::registry::history::{Command, Event, PracticeChange};
use crate::registry::index::Index;
use crate::registry::members::{Capacities, ConfirmationMail, Membership, MembershipId, Practice};
use crate::registry::roles::{Action, Actor, Credential, Person, Role, RoleAssignment, Standing, may};
use crate::rule::Rule;

/// What an accepted command gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The event's position in the history.
    pub event: usize,
    /// MEM-ADD: a confirmation mail for the host to send, when an e-mail was given.
    pub confirmation: Option<ConfirmationMail>,
}

/// The registry of clusters, practices and memberships, with its history.
///
/// ```
/// use klynge::*;
/// use chrono::NaiveDate;
///
/// let day = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let pdf = |kind| Document::from_pdf(kind, "doc.pdf", b"%PDF-1.7").unwrap();
/// let form = RegistrationForm {
///     cvr: "12345674".into(),
///     name: "Klynge Nordfyn".into(),
///     coordinator_name: "Anne Hansen".into(),
///     coordinator_email: "anne@example.dk".into(),
///     coordinator_phone: "42144638".into(),
///     coordinator_ydernummer: "061654".into(),
///     coordinator_capacities: Some(2),
///     municipality: "480".into(),
///     founded: Some(day("2018-09-15")),
///     documents: vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::Statutes)],
/// };
/// let anne = Actor::health_professional("Anne Hansen", "061654".parse()?);
/// let mut registry = Registry::new();
/// registry.apply(&anne, day("2018-10-01"), Command::CreateCluster { registration: form.validate()? })?;
/// let cluster: ClusterId = "12345674".parse()?;
/// let added = registry.apply(&anne, day("2018-10-01"), Command::AddMember {
///     cluster: cluster.clone(),
///     ydernummer: "12345".parse()?,
///     email: Some("praksis@example.dk".parse()?),
///     capacities: Some(Capacities::new(1)?),
/// })?;
/// assert!(added.confirmation.is_some());
/// registry.apply(&anne, day("2019-01-20"), Command::Complete { cluster: cluster.clone() })?;
/// assert_eq!(registry.cluster(&cluster).unwrap().completed(), Some(day("2019-01-20")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "RegistryFile")]
pub struct Registry {
    clusters: BTreeMap<ClusterId, Cluster>,
    practices: BTreeMap<Ydernummer, Practice>,
    memberships: Vec<Membership>,
    history: Vec<Event>,
    #[serde(skip)]
    index: Index,
}

/// The stored form of a registry: its state and its history.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    clusters: BTreeMap<ClusterId, Cluster>,
    practices: BTreeMap<Ydernummer, Practice>,
    memberships: Vec<Membership>,
    history: Vec<Event>,
}

impl TryFrom<RegistryFile> for Registry {
    type Error = RegistryError;

    /// GOV-LOG: replays the history and checks that it gives the stored state.
    fn try_from(file: RegistryFile) -> Result<Self, RegistryError> {
        let registry = Registry::replay(file.history)?;
        let mismatch = |what: &str| Err(RegistryError::ReplayMismatch(what.to_owned()));
        if registry.clusters != file.clusters {
            return mismatch("clusters");
        }
        if registry.practices != file.practices {
            return mismatch("practices");
        }
        if registry.memberships != file.memberships {
            return mismatch("memberships");
        }
        Ok(registry)
    }
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// GOV-LOG: the registry that applying `events` in order gives.
    pub fn replay(events: impl IntoIterator<Item = Event>) -> Result<Self, RegistryError> {
        let mut registry = Registry::new();
        for (index, event) in events.into_iter().enumerate() {
            registry
                .apply(&event.actor, event.date, event.command)
                .map_err(|error| RegistryError::Replay { index, error: Box::new(error) })?;
        }
        Ok(registry)
    }

    /// Every cluster, by id.
    pub fn clusters(&self) -> impl Iterator<Item = &Cluster> {
        self.clusters.values()
    }

    /// The cluster with this id.
    pub fn cluster(&self, id: &ClusterId) -> Option<&Cluster> {
        self.clusters.get(id)
    }

    /// Every practice, by ydernummer.
    pub fn practices(&self) -> impl Iterator<Item = &Practice> {
        self.practices.values()
    }

    /// The practice with this ydernummer.
    pub fn practice(&self, ydernummer: Ydernummer) -> Option<&Practice> {
        self.practices.get(&ydernummer)
    }

    /// REG-FIELDS, REG-DOCS, MEM-CAPACITY: checks a registration form as creating its cluster
    /// in this registry would, every problem at once: the form's own fields and documents, a CVR
    /// already registered, and the doctor capacities of a coordinator's practice that the
    /// registry does not know yet. A form that passes can be submitted (only the actor's right
    /// and the dates are left to the command).
    pub fn check_registration(&self, form: &RegistrationForm) -> Result<Registration, ValidationErrors> {
        let registration = form.validate();
        let mut errors = match &registration {
            Ok(_) => ValidationErrors::new(),
            Err(errors) => errors.clone(),
        };
        if let Ok(cvr) = form.cvr.trim().parse::<crate::ids::Cvr>()
            && self.clusters.contains_key(&ClusterId::from(cvr))
        {
            errors.push(crate::problem::Problem::at("cvr", &RegistryError::CvrTaken { cvr }));
        }
        if let Ok(ydernummer) = form.coordinator_ydernummer.trim().parse::<Ydernummer>()
            && form.coordinator_capacities.is_none()
            && !self.practices.contains_key(&ydernummer)
        {
            errors.push(crate::problem::Problem::at(
                "coordinator_capacities",
                &RegistryError::CapacitiesRequired { ydernummer },
            ));
        }
        match registration {
            Ok(registration) if errors.is_empty() => Ok(registration),
            _ => Err(errors),
        }
    }

    /// Every membership, in the order they were made.
    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }

    /// The memberships of one cluster.
    pub fn memberships_of<'a>(&'a self, cluster: &'a ClusterId) -> impl Iterator<Item = &'a Membership> + 'a {
        self.index.of_cluster(cluster).iter().filter_map(|&p| self.memberships.get(p))
    }

    /// The practices that are members of `cluster` on `day` (MEM-PERIOD).
    pub fn members_on<'a>(&'a self, cluster: &'a ClusterId, day: NaiveDate) -> impl Iterator<Item = Ydernummer> + 'a {
        self.memberships_of(cluster).filter(move |m| m.period.contains(day)).map(|m| m.ydernummer)
    }

    /// GOV-LOG: every accepted change, oldest first.
    pub fn history(&self) -> &[Event] {
        &self.history
    }

    /// GOV-LOG: the changes that concern one cluster.
    pub fn history_of<'a>(&'a self, cluster: &'a ClusterId) -> impl Iterator<Item = &'a Event> + 'a {
        self.history.iter().filter(move |e| e.command.clusters().contains(cluster))
    }

    /// GOV-RIGHTS: the actor's standings in a cluster on a day. Roles count while current;
    /// a practice counts as a member when its membership covers the day or is still open.
    pub fn standings(&self, actor: &Actor, cluster: &ClusterId, day: NaiveDate) -> Vec<Standing> {
        let mut standings = Vec::new();
        if let Some(c) = self.clusters.get(cluster) {
            let current = self.index.current_named(cluster, &actor.person).filter_map(|p| c.roles.get(p));
            for assignment in current.filter(|a| a.until.is_none() && actor.is(&a.person)) {
                standings.push(Standing::from(assignment.role));
            }
        }
        let member = actor.ydernummer.is_some_and(|y| self.index.is_member(&self.memberships, y, cluster, day));
        if member {
            standings.push(Standing::MemberPractice);
        }
        if standings.is_empty() {
            standings.push(Standing::Outsider);
        }
        standings.sort();
        standings.dedup();
        standings
    }

    /// GOV-RIGHTS: whether the actor may take `action` in `cluster` on `day`.
    pub fn may(&self, actor: &Actor, cluster: &ClusterId, action: Action, day: NaiveDate) -> bool {
        self.standings(actor, cluster, day).into_iter().any(|s| may(s, action))
    }

    fn authorize(
        &self,
        actor: &Actor,
        cluster: &ClusterId,
        action: Action,
        day: NaiveDate,
    ) -> Result<(), RegistryError> {
        if self.may(actor, cluster, action, day) {
            Ok(())
        } else {
            Err(RegistryError::Refused {
                rule: Rule::GovRights,
                actor: actor.to_string(),
                action,
                cluster: cluster.to_string(),
            })
        }
    }

    /// GOV-RIGHTS: the cluster, for an actor who may read it.
    pub fn read(&self, actor: &Actor, cluster: &ClusterId, day: NaiveDate) -> Result<&Cluster, RegistryError> {
        let found = self.find(cluster, Rule::GovRights)?;
        self.authorize(actor, cluster, Action::Read, day)?;
        Ok(found)
    }

    fn find(&self, cluster: &ClusterId, rule: Rule) -> Result<&Cluster, RegistryError> {
        self.clusters.get(cluster).ok_or_else(|| RegistryError::UnknownCluster { rule, cluster: cluster.clone() })
    }

    /// CMP-READY: what blocks completing `cluster` on `date`, and the warnings.
    pub fn checklist(&self, cluster: &ClusterId, date: NaiveDate) -> Result<Checklist, RegistryError> {
        let found = self.find(cluster, Rule::CmpReady)?;
        let members: Vec<&Practice> = self.members_on(cluster, date).filter_map(|y| self.practices.get(&y)).collect();
        Ok(crate::completion::checklist(found, date, &members))
    }

    /// Applies a command as `actor`, taking effect on `date`.
    ///
    /// Rights are checked first (GOV-RIGHTS, REG-AUTH), then the rules of the command. On
    /// any error the registry is unchanged; on success the command is appended to the history
    /// (GOV-LOG).
    pub fn apply(&mut self, actor: &Actor, date: NaiveDate, command: Command) -> Result<Applied, RegistryError> {
        check_date(date, Rule::GovLog)?;
        let confirmation = match &command {
            Command::CreateCluster { registration } => self.create_cluster(actor, date, registration)?,
            Command::AddMember { cluster, ydernummer, email, capacities } => {
                self.add_member(actor, date, cluster, *ydernummer, email.as_ref(), *capacities)?
            }
            Command::RemoveMember { cluster, ydernummer } => self.remove_member(actor, date, cluster, *ydernummer)?,
            Command::TransferMember { from, to, ydernummer } => self.transfer(actor, date, from, to, *ydernummer)?,
            Command::AssignRole { cluster, role, person } => self.assign_role(actor, date, cluster, *role, person)?,
            Command::EndRole { cluster, role, person } => self.end_role(actor, date, cluster, *role, person)?,
            Command::AttachDocument { cluster, document } => self.attach_document(actor, date, cluster, document)?,
            Command::EditPractice { ydernummer, change } => self.edit_practice(actor, date, *ydernummer, change)?,
            Command::Complete { cluster } => self.complete(actor, date, cluster)?,
        };
        self.history.push(Event { date, actor: actor.clone(), command });
        Ok(Applied { event: self.history.len() - 1, confirmation })
    }

    /// MEM-ONE: the first membership of `ydernummer` (other than `except`) that shares a day
    /// with `requested`.
    fn check_overlap(
        &self,
        ydernummer: Ydernummer,
        requested: MembershipPeriod,
        except: Option<MembershipId>,
    ) -> Result<(), RegistryError> {
        match self.index.overlapping(&self.memberships, ydernummer, requested, except) {
            Some(m) => {
                Err(RegistryError::Overlap { ydernummer, cluster: m.cluster.clone(), existing: m.period, requested })
            }
            None => Ok(()),
        }
    }

    /// MEM-CAPACITY: the capacities of a practice that joins: known, or given for a new one.
    fn joining_capacities(
        &self,
        ydernummer: Ydernummer,
        given: Option<Capacities>,
    ) -> Result<Capacities, RegistryError> {
        match (self.practices.get(&ydernummer), given) {
            (Some(p), Some(given)) if p.capacities != given => {
                Err(RegistryError::CapacitiesDiffer { ydernummer, known: p.capacities.get(), given: given.get() })
            }
            (Some(p), _) => Ok(p.capacities),
            (None, Some(given)) => Ok(given),
            (None, None) => Err(RegistryError::CapacitiesRequired { ydernummer }),
        }
    }

    fn next_membership_id(&self) -> MembershipId {
        MembershipId(u32::try_from(self.memberships.len()).unwrap_or(u32::MAX))
    }

    /// Records a practice that joins, if new, and its membership.
    fn enrol(&mut self, ydernummer: Ydernummer, capacities: Capacities, membership: Membership) {
        self.practices.entry(ydernummer).or_insert_with(|| Practice {
            ydernummer,
            capacities,
            email: None,
            municipality: None,
            patients: BTreeMap::new(),
        });
        self.index.add_membership(self.memberships.len(), &membership);
        self.memberships.push(membership);
    }

    /// REG-AUTH, REG-FIELDS, REG-DOCS, REG-FOUNDER.
    fn create_cluster(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        reg: &Registration,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let id = ClusterId::from(reg.cvr);
        let refused = |reason| RegistryError::CreateRefused { actor: actor.to_string(), cvr: id.to_string(), reason };
        if actor.credential != Credential::HealthProfessional {
            return Err(refused(CreateRefusal::PrivateCredential));
        }
        if actor.ydernummer.is_none() {
            return Err(refused(CreateRefusal::NoYdernummer));
        }
        if !actor.is(&reg.coordinator) {
            return Err(refused(CreateRefusal::NotTheCoordinator { coordinator: reg.coordinator.name.clone() }));
        }
        let founder = reg.coordinator.ydernummer.ok_or(RegistryError::CoordinatorYdernummer)?;
        if self.clusters.contains_key(&id) {
            return Err(RegistryError::CvrTaken { cvr: reg.cvr });
        }
        if reg.founded > date {
            return Err(RegistryError::FoundedAfterRegistration { founded: reg.founded, date });
        }
        if let Some(missing) = missing_documents(reg.founded, &reg.documents).into_iter().next() {
            return Err(missing.into());
        }
        let capacities = self.joining_capacities(founder, reg.coordinator_capacities)?;
        let period = MembershipPeriod::new(reg.founded, None)?;
        self.check_overlap(founder, period, None)?;

        let membership = Membership {
            id: self.next_membership_id(),
            ydernummer: founder,
            cluster: id.clone(),
            period,
            transferred_from: None,
        };
        self.enrol(founder, capacities, membership);
        let coordinator =
            RoleAssignment { role: Role::Coordinator, person: reg.coordinator.clone(), from: reg.founded, until: None };
        self.index.add_role(&id, 0, &coordinator);
        for document in &reg.documents {
            self.index.add_document(&id, document.sha256());
        }
        self.clusters.insert(
            id.clone(),
            Cluster {
                id,
                cvr: reg.cvr,
                name: reg.name.clone(),
                municipality: reg.municipality,
                founded: reg.founded,
                registered: date,
                documents: reg.documents.clone(),
                roles: vec![coordinator],
                completed: None,
            },
        );
        Ok(None)
    }

    /// MEM-ADD, MEM-PERIOD, MEM-ONE, MEM-CAPACITY.
    fn add_member(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        ydernummer: Ydernummer,
        email: Option<&crate::ids::Email>,
        capacities: Option<Capacities>,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::MemAdd)?;
        self.authorize(actor, cluster, Action::ChangeMembers, date)?;
        if date < c.founded {
            return Err(RegistryError::BeforeFounding { rule: Rule::MemPeriod, date, founded: c.founded });
        }
        let capacities = self.joining_capacities(ydernummer, capacities)?;
        let period = MembershipPeriod::new(date, None)?;
        self.check_overlap(ydernummer, period, None)?;

        let confirmation = email.map(|to| ConfirmationMail {
            to: to.clone(),
            ydernummer,
            cluster: cluster.clone(),
            cluster_name: c.name.clone(),
            joined: date,
        });
        let membership = Membership {
            id: self.next_membership_id(),
            ydernummer,
            cluster: cluster.clone(),
            period,
            transferred_from: None,
        };
        self.enrol(ydernummer, capacities, membership);
        if let (Some(to), Some(practice)) = (email, self.practices.get_mut(&ydernummer)) {
            practice.email = Some(to.clone());
        }
        Ok(confirmation)
    }

    /// The index of the practice's open membership of `cluster`.
    fn open_membership(&self, cluster: &ClusterId, ydernummer: Ydernummer, rule: Rule) -> Result<usize, RegistryError> {
        self.index.open_in(&self.memberships, ydernummer, cluster).ok_or_else(|| RegistryError::NotAMember {
            rule,
            cluster: cluster.clone(),
            ydernummer,
        })
    }

    /// MEM-LEAVE.
    fn remove_member(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        ydernummer: Ydernummer,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        self.find(cluster, Rule::MemLeave)?;
        self.authorize(actor, cluster, Action::ChangeMembers, date)?;
        let index = self.open_membership(cluster, ydernummer, Rule::MemLeave)?;
        let membership = self.memberships.get_mut(index).ok_or(RegistryError::NotAMember {
            rule: Rule::MemLeave,
            cluster: cluster.clone(),
            ydernummer,
        })?;
        membership.period = membership.period.ending(date)?;
        Ok(None)
    }

    /// MEM-TRANSFER: needs the right to change members in both clusters.
    fn transfer(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        from: &ClusterId,
        to: &ClusterId,
        ydernummer: Ydernummer,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        self.find(from, Rule::MemTransfer)?;
        let target = self.find(to, Rule::MemTransfer)?;
        if from == to {
            return Err(RegistryError::SameCluster { cluster: from.clone() });
        }
        self.authorize(actor, from, Action::ChangeMembers, date)?;
        self.authorize(actor, to, Action::ChangeMembers, date)?;
        if date < target.founded {
            return Err(RegistryError::BeforeFounding { rule: Rule::MemTransfer, date, founded: target.founded });
        }
        let index = self.open_membership(from, ydernummer, Rule::MemTransfer)?;
        let old = self.memberships.get(index).ok_or(RegistryError::NotAMember {
            rule: Rule::MemTransfer,
            cluster: from.clone(),
            ydernummer,
        })?;
        let ended = old.period.ending(date)?;
        let old_id = old.id;
        let period = MembershipPeriod::new(date, None)?;
        self.check_overlap(ydernummer, period, Some(old_id))?;

        let new = Membership {
            id: self.next_membership_id(),
            ydernummer,
            cluster: to.clone(),
            period,
            transferred_from: Some(old_id),
        };
        if let Some(old) = self.memberships.get_mut(index) {
            old.period = ended;
        }
        self.index.add_membership(self.memberships.len(), &new);
        self.memberships.push(new);
        Ok(None)
    }

    /// GOV-ROLES: assign a role from `date`.
    fn assign_role(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        role: Role,
        person: &Person,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::GovRoles)?;
        self.authorize(actor, cluster, Action::ChangeRoles, date)?;
        let name = check_name("person.name", &person.name)?;
        if role == Role::Coordinator && person.ydernummer.is_none() {
            return Err(RegistryError::CoordinatorYdernummer);
        }
        if date < c.founded {
            return Err(RegistryError::BeforeFounding { rule: Rule::GovRoles, date, founded: c.founded });
        }
        let person = Person { name, ..person.clone() };
        if self.index.holder(&c.roles, cluster, role, &person).is_some() {
            return Err(RegistryError::AlreadyHolds { role, person });
        }
        let replaced: Vec<usize> =
            if role.is_single() { self.index.current_of_role(cluster, role).collect() } else { Vec::new() };
        if let Some(a) = replaced.iter().filter_map(|i| c.roles.get(*i)).find(|a| a.from >= date) {
            return Err(RegistryError::RoleDate { role, date, from: a.from });
        }

        if let Some(c) = self.clusters.get_mut(cluster) {
            for i in replaced {
                if let Some(a) = c.roles.get_mut(i) {
                    a.until = Some(date);
                    self.index.end_role(cluster, i, a);
                }
            }
            let assignment = RoleAssignment { role, person, from: date, until: None };
            self.index.add_role(cluster, c.roles.len(), &assignment);
            c.roles.push(assignment);
        }
        Ok(None)
    }

    /// GOV-ROLES: end a role on `date` (never the coordinator's).
    fn end_role(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        role: Role,
        person: &Person,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::GovRoles)?;
        self.authorize(actor, cluster, Action::ChangeRoles, date)?;
        if role == Role::Coordinator {
            return Err(RegistryError::CoordinatorRequired);
        }
        let index = self
            .index
            .holder(&c.roles, cluster, role, person)
            .ok_or_else(|| RegistryError::NotHolder { role, person: person.clone() })?;
        let from = c.roles.get(index).map_or(date, |a| a.from);
        if date <= from {
            return Err(RegistryError::RoleDate { role, date, from });
        }
        if let Some(a) = self.clusters.get_mut(cluster).and_then(|c| c.roles.get_mut(index)) {
            a.until = Some(date);
            self.index.end_role(cluster, index, a);
        }
        Ok(None)
    }

    /// REG-DOCS, REG-PDF.
    fn attach_document(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
        document: &Document,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        self.find(cluster, Rule::RegDocs)?;
        self.authorize(actor, cluster, Action::ChangeDocuments, date)?;
        if self.index.has_document(cluster, document.sha256()) {
            return Err(RegistryError::DuplicateDocument { file_name: document.file_name().to_owned() });
        }
        if let Some(c) = self.clusters.get_mut(cluster) {
            c.documents.push(document.clone());
            self.index.add_document(cluster, document.sha256());
        }
        Ok(None)
    }

    /// GOV-RIGHTS: a member practice edits its own details; the coordinator and co-coordinator
    /// of a cluster the practice is or was a member of edit any.
    fn edit_practice(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        ydernummer: Ydernummer,
        change: &PracticeChange,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        if !self.practices.contains_key(&ydernummer) {
            return Err(RegistryError::UnknownPractice { rule: Rule::GovRights, ydernummer });
        }
        let action =
            if actor.ydernummer == Some(ydernummer) { Action::EditOwnPractice } else { Action::EditOtherPractice };
        if !self.index.clusters_of(ydernummer).any(|c| self.may(actor, c, action, date)) {
            // The message names a few of the clusters, however many the practice was in.
            const NAMED: usize = 5;
            let count = self.index.clusters_of(ydernummer).count();
            let first: Vec<String> = self.index.clusters_of(ydernummer).take(NAMED).map(ToString::to_string).collect();
            let mut named = first.join(", ");
            if count > NAMED {
                named.push_str(&format!(" … (+{})", count - NAMED));
            }
            return Err(RegistryError::Refused {
                rule: Rule::GovRights,
                actor: actor.to_string(),
                action,
                cluster: named,
            });
        }
        if let PracticeChange::Patients { year, .. } = change {
            check_year(i64::from(*year), Rule::MemPatients)?;
        }
        if let Some(p) = self.practices.get_mut(&ydernummer) {
            match change {
                PracticeChange::Capacities(c) => p.capacities = *c,
                PracticeChange::Patients { year, count } => {
                    p.patients.insert(*year, *count);
                }
                PracticeChange::Email(email) => p.email = email.clone(),
                PracticeChange::Municipality(m) => p.municipality = *m,
            }
        }
        Ok(None)
    }

    /// CMP-READY, CMP-ONCE.
    fn complete(
        &mut self,
        actor: &Actor,
        date: NaiveDate,
        cluster: &ClusterId,
    ) -> Result<Option<ConfirmationMail>, RegistryError> {
        let c = self.find(cluster, Rule::CmpReady)?;
        self.authorize(actor, cluster, Action::Complete, date)?;
        if let Some(completed) = c.completed {
            return Err(RegistryError::AlreadyComplete { cluster: cluster.clone(), completed });
        }
        let checklist = self.checklist(cluster, date)?;
        if !checklist.is_ready() {
            return Err(RegistryError::NotReady { cluster: cluster.clone(), checklist });
        }
        if let Some(c) = self.clusters.get_mut(cluster) {
            c.completed = Some(date);
        }
        Ok(None)
    }
}
