//! The cluster registry: clusters, practices, memberships, roles, documents and history.
//!
//! Every change is a [`Command`](history::Command) applied by [`Registry::apply`] with an [`Actor`](roles::Actor) and the
//! date it takes effect. A command is checked completely (rights, then rules) before anything
//! changes, so a refused command returns a [`RegistryError`] and leaves the registry exactly as
//! it was. Every accepted command is appended to the history as an [`Event`] (GOV-LOG);
//! replaying the history reproduces the registry, and reading a stored registry back replays
//! its history and checks that the stored state matches.

pub mod cluster;
mod commands;
pub mod completion;
pub mod documents;
pub mod error;
pub mod history;
mod index;
pub mod member_list;
pub mod members;
mod rights;
pub mod roles;
mod storage;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{ClusterId, Ydernummer};
use crate::problem::ValidationErrors;
use crate::registry::cluster::{Cluster, Registration, RegistrationForm};
use crate::registry::completion::Checklist;
use crate::registry::error::RegistryError;
use crate::registry::history::Event;
use crate::registry::index::Index;
use crate::registry::members::{ConfirmationMail, EndReason, Membership, Practice};
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
#[serde(try_from = "storage::RegistryFile")]
pub struct Registry {
    clusters: BTreeMap<ClusterId, Cluster>,
    practices: BTreeMap<Ydernummer, Practice>,
    memberships: Vec<Membership>,
    history: Vec<Event>,
    #[serde(skip)]
    index: Index,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
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

    /// A practice's memberships, by the day they begin (the first is its first membership).
    pub fn memberships_of_practice(&self, ydernummer: Ydernummer) -> impl Iterator<Item = &Membership> + '_ {
        self.index.of_practice(ydernummer).filter_map(|p| self.memberships.get(p))
    }

    /// MEM-LEAVE: the day a practice's ydernummer closed (its membership ended with the reason
    /// `closed`), if it did.
    pub fn closed_on(&self, ydernummer: Ydernummer) -> Option<NaiveDate> {
        self.memberships_of_practice(ydernummer)
            .find(|m| m.reason == Some(EndReason::Closed))
            .and_then(|m| m.period.left())
    }

    /// GOV-LOG: every accepted change, oldest first.
    pub fn history(&self) -> &[Event] {
        &self.history
    }

    /// GOV-LOG: the changes that concern one cluster.
    pub fn history_of<'a>(&'a self, cluster: &'a ClusterId) -> impl Iterator<Item = &'a Event> + 'a {
        self.history.iter().filter(move |e| e.command.clusters().contains(cluster))
    }

    fn find(&self, cluster: &ClusterId, rule: Rule) -> Result<&Cluster, RegistryError> {
        self.clusters.get(cluster).ok_or_else(|| RegistryError::UnknownCluster { rule, cluster: cluster.clone() })
    }

    /// CMP-READY: what blocks completing `cluster` on `date`, and the warnings.
    pub fn checklist(&self, cluster: &ClusterId, date: NaiveDate) -> Result<Checklist, RegistryError> {
        let found = self.find(cluster, Rule::CmpReady)?;
        let members: Vec<&Practice> = self.members_on(cluster, date).filter_map(|y| self.practices.get(&y)).collect();
        Ok(crate::registry::completion::checklist(found, date, &members))
    }
}
