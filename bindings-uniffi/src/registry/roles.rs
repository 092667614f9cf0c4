//! GOV-ROLES, GOV-RIGHTS, REG-AUTH: who acts, in which role, doing what.

use super::*;
use crate::error::KlyngeError;

/// How an actor signed in (REG-AUTH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Credential {
    /// A health-professional credential (sundhedsfagligt ID).
    HealthProfessional,
    /// A private credential (private NemID/MitID).
    Private,
}

/// Who issues a command.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Actor {
    /// The person's name.
    pub person: String,
    /// How they signed in.
    pub credential: Credential,
    /// Their practice's ydernummer, if they act for one.
    pub ydernummer: Option<String>,
}

/// A role in a cluster (GOV-ROLES).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Role {
    /// The coordinator.
    Coordinator,
    /// The co-coordinator.
    CoCoordinator,
    /// The treasurer.
    Treasurer,
    /// A board member.
    BoardMember,
}

/// An action, for asking about rights (GOV-RIGHTS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Action {
    /// Add, remove or transfer members.
    ChangeMembers,
    /// Assign or end roles.
    ChangeRoles,
    /// Attach documents.
    ChangeDocuments,
    /// Declare completion.
    Complete,
    /// Edit one's own practice.
    EditOwnPractice,
    /// Edit another member practice.
    EditOtherPractice,
    /// Read the cluster.
    Read,
}

pub(crate) fn core_actor(actor: &Actor) -> Result<klynge::Actor, KlyngeError> {
    Ok(klynge::Actor {
        person: actor.person.clone(),
        credential: match actor.credential {
            Credential::HealthProfessional => klynge::Credential::HealthProfessional,
            Credential::Private => klynge::Credential::Private,
        },
        ydernummer: actor.ydernummer.as_deref().map(|y| parse(y, "actor.ydernummer")).transpose()?,
    })
}

pub(crate) fn core_role(role: Role) -> klynge::Role {
    match role {
        Role::Coordinator => klynge::Role::Coordinator,
        Role::CoCoordinator => klynge::Role::CoCoordinator,
        Role::Treasurer => klynge::Role::Treasurer,
        Role::BoardMember => klynge::Role::BoardMember,
    }
}

pub(crate) fn core_action(action: Action) -> klynge::Action {
    match action {
        Action::ChangeMembers => klynge::Action::ChangeMembers,
        Action::ChangeRoles => klynge::Action::ChangeRoles,
        Action::ChangeDocuments => klynge::Action::ChangeDocuments,
        Action::Complete => klynge::Action::Complete,
        Action::EditOwnPractice => klynge::Action::EditOwnPractice,
        Action::EditOtherPractice => klynge::Action::EditOtherPractice,
        Action::Read => klynge::Action::Read,
    }
}
