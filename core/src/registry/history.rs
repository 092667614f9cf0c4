//! GOV-LOG: the commands that change a registry, and the events that record them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::cluster::Registration;
use super::documents::{Document, DocumentKind};
use super::members::{Capacities, LeaveReason, PatientCount};
use super::roles::{Actor, Person, Role};
use crate::geography::Municipality;
use crate::ids::{ClusterId, Email, Ydernummer};

/// A change to one practice's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PracticeChange {
    /// MEM-CAPACITY: the practice's doctor capacities.
    Capacities(Capacities),
    /// MEM-PATIENTS: the practice's group-1 patients in a grant year.
    Patients {
        /// The grant year.
        year: i32,
        /// The count.
        count: PatientCount,
    },
    /// MEM-DETAILS: the practice's e-mail, or none.
    Email(Option<Email>),
    /// MEM-DETAILS: the practice's name; an empty text clears it.
    Name(String),
    /// MEM-DETAILS: the practice's clinic address; an empty text clears it.
    Address(String),
    /// The practice's municipality, or none.
    Municipality(Option<Municipality>),
}

/// A change to the registry. Each is applied with an actor and a date by
/// [`Registry::apply`](super::Registry::apply); the date is the day the change takes effect
/// (the joining day, the leaving day, the day a role begins, the completion date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// REG-FIELDS, REG-AUTH, REG-FOUNDER: create a cluster; the coordinator's practice joins
    /// from the founding date.
    CreateCluster {
        /// The validated form.
        registration: Registration,
    },
    /// MEM-ADD: add a practice from the command's date.
    AddMember {
        /// The cluster.
        cluster: ClusterId,
        /// The practice.
        ydernummer: Ydernummer,
        /// Where to send a confirmation mail, if anywhere.
        email: Option<Email>,
        /// The practice's capacities: required when the registry does not know it yet.
        capacities: Option<Capacities>,
    },
    /// MEM-LEAVE: end the practice's membership; the command's date is the first day without.
    RemoveMember {
        /// The cluster.
        cluster: ClusterId,
        /// The practice.
        ydernummer: Ydernummer,
        /// Why (`left` for a leave stored before reasons were kept).
        #[serde(default)]
        reason: LeaveReason,
    },
    /// MEM-TRANSFER: end the membership in `from` and begin one in `to` on the same day.
    TransferMember {
        /// The cluster the practice leaves.
        from: ClusterId,
        /// The cluster it joins.
        to: ClusterId,
        /// The practice.
        ydernummer: Ydernummer,
    },
    /// GOV-ROLES: give a person a role from the command's date (replacing the holder of a
    /// single-holder role).
    AssignRole {
        /// The cluster.
        cluster: ClusterId,
        /// The role.
        role: Role,
        /// The new holder.
        person: Person,
    },
    /// GOV-ROLES: end a person's role (not the coordinator's: a coordinator is replaced).
    EndRole {
        /// The cluster.
        cluster: ClusterId,
        /// The role.
        role: Role,
        /// The holder.
        person: Person,
    },
    /// REG-DOCS, REG-DOCS-CHANGE: attach a document; one of a kind the cluster holds replaces
    /// it.
    AttachDocument {
        /// The cluster.
        cluster: ClusterId,
        /// The document.
        document: Document,
    },
    /// REG-DOCS-CHANGE: remove the cluster's document of a kind (a kind REG-DOCS requires only
    /// while another document meets the requirement).
    RemoveDocument {
        /// The cluster.
        cluster: ClusterId,
        /// The kind of document.
        kind: DocumentKind,
    },
    /// MEM-CAPACITY, MEM-PATIENTS, MEM-DETAILS: change a practice's details from the command's
    /// date.
    EditPractice {
        /// The practice.
        ydernummer: Ydernummer,
        /// What changes.
        change: PracticeChange,
    },
    /// CMP-READY, CMP-ONCE: declare the cluster complete on the command's date.
    Complete {
        /// The cluster.
        cluster: ClusterId,
    },
}

impl Command {
    /// The clusters the command concerns (none for a practice edit, two for a transfer).
    pub fn clusters(&self) -> Vec<ClusterId> {
        match self {
            Command::CreateCluster { registration } => vec![ClusterId::from(registration.cvr)],
            Command::AddMember { cluster, .. }
            | Command::RemoveMember { cluster, .. }
            | Command::AssignRole { cluster, .. }
            | Command::EndRole { cluster, .. }
            | Command::AttachDocument { cluster, .. }
            | Command::RemoveDocument { cluster, .. }
            | Command::Complete { cluster } => vec![cluster.clone()],
            Command::TransferMember { from, to, .. } => vec![from.clone(), to.clone()],
            Command::EditPractice { .. } => Vec::new(),
        }
    }
}

/// GOV-LOG: an accepted change, with who made it and the day it took effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The day the change took effect.
    #[serde(with = "crate::dates::strict")]
    pub date: NaiveDate,
    /// Who made it.
    pub actor: Actor,
    /// What it was.
    pub command: Command,
}
