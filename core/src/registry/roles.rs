//! GOV-ROLES and GOV-RIGHTS: who holds which role in a cluster, and who may do what.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{Email, PhoneNumber, Ydernummer};
use crate::problem::codes;
use crate::rule::Rule;

/// How an actor signed in (REG-AUTH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Credential {
    /// A health-professional credential (*sundhedsfagligt ID*).
    HealthProfessional,
    /// A private credential (private NemID/MitID).
    Private,
}

codes!(Credential, "credential", Rule::RegAuth, ("a credential", "en legitimation"), {
    HealthProfessional = "health_professional",
    Private = "private",
});

/// Who issues a command: a person, how they signed in, and their practice's ydernummer if any.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The person's name.
    pub person: String,
    /// How they signed in.
    pub credential: Credential,
    /// Their practice, if they act for one.
    pub ydernummer: Option<Ydernummer>,
}

impl Actor {
    /// An actor signed in with a health-professional credential for practice `ydernummer`.
    pub fn health_professional(person: &str, ydernummer: Ydernummer) -> Self {
        Actor { person: person.to_owned(), credential: Credential::HealthProfessional, ydernummer: Some(ydernummer) }
    }

    /// True when this actor is `person`: the same name (trimmed, case-insensitive) and, where
    /// the role holder has a ydernummer, the same ydernummer.
    pub fn is(&self, person: &Person) -> bool {
        let same_name = name_key(&self.person) == name_key(&person.name);
        same_name && person.ydernummer.is_none_or(|y| self.ydernummer == Some(y))
    }
}

/// A person's name as names are compared: trimmed, in lower case.
pub(crate) fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ydernummer {
            Some(y) => write!(f, "{} ({y})", self.person),
            None => f.write_str(&self.person),
        }
    }
}

/// A person who holds a role.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name, non-empty.
    pub name: String,
    /// The person's practice, if any (required for the coordinator, REG-AUTH).
    pub ydernummer: Option<Ydernummer>,
    /// E-mail, if known.
    pub email: Option<Email>,
    /// Phone, if known.
    pub phone: Option<PhoneNumber>,
}

impl Person {
    /// A person with a name and a practice, no contact details.
    pub fn new(name: &str, ydernummer: Option<Ydernummer>) -> Self {
        Person { name: name.trim().to_owned(), ydernummer, email: None, phone: None }
    }
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ydernummer {
            Some(y) => write!(f, "{} ({y})", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// GOV-ROLES: a role in a cluster's leadership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The coordinator (*klyngekoordinator*): exactly one at a time.
    Coordinator,
    /// The co-coordinator (*medkoordinator*): at most one at a time.
    CoCoordinator,
    /// The treasurer (*kasserer*): at most one at a time.
    Treasurer,
    /// A board member (*bestyrelsesmedlem*): any number.
    BoardMember,
}

impl Role {
    /// True for the roles that one person holds at a time (assigning replaces the holder).
    pub fn is_single(self) -> bool {
        !matches!(self, Role::BoardMember)
    }
}

codes!(Role, "role", Rule::GovRoles, ("a role", "en rolle"), {
    Coordinator = "coordinator",
    CoCoordinator = "co_coordinator",
    Treasurer = "treasurer",
    BoardMember = "board_member",
});

impl Role {
    /// The role in English words, for messages: `co-coordinator`.
    pub const fn name_en(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::CoCoordinator => "co-coordinator",
            Role::Treasurer => "treasurer",
            Role::BoardMember => "board member",
        }
    }

    /// The role in Danish words, for messages: `medkoordinator`.
    pub const fn name_da(self) -> &'static str {
        match self {
            Role::Coordinator => "klyngekoordinator",
            Role::CoCoordinator => "medkoordinator",
            Role::Treasurer => "kasserer",
            Role::BoardMember => "bestyrelsesmedlem",
        }
    }
}

/// GOV-ROLES: a person held a role from a day, until a day (exclusive) if it has ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleAssignment {
    /// The role.
    pub role: Role,
    /// Who holds it.
    pub person: Person,
    /// The first day.
    #[serde(with = "crate::dates::strict")]
    pub from: NaiveDate,
    /// The first day without the role, once it has ended.
    #[serde(default, with = "crate::dates::strict::option")]
    pub until: Option<NaiveDate>,
}

/// An actor's standing in one cluster, for GOV-RIGHTS. An actor may have several (a treasurer
/// is usually also a member practice); rights are their union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    /// Holds the coordinator role.
    Coordinator,
    /// Holds the co-coordinator role.
    CoCoordinator,
    /// Holds the treasurer role.
    Treasurer,
    /// Holds a board member role.
    BoardMember,
    /// Acts for a practice that is a member of the cluster.
    MemberPractice,
    /// None of the above.
    Outsider,
}

impl Standing {
    /// Every standing, for the role × action table.
    pub const ALL: [Standing; 6] = [
        Standing::Coordinator,
        Standing::CoCoordinator,
        Standing::Treasurer,
        Standing::BoardMember,
        Standing::MemberPractice,
        Standing::Outsider,
    ];
}

impl From<Role> for Standing {
    fn from(role: Role) -> Self {
        match role {
            Role::Coordinator => Standing::Coordinator,
            Role::CoCoordinator => Standing::CoCoordinator,
            Role::Treasurer => Standing::Treasurer,
            Role::BoardMember => Standing::BoardMember,
        }
    }
}

/// What an actor tries to do in a cluster, for GOV-RIGHTS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Create a cluster: REG-AUTH's, not a right within a cluster; no standing allows it, and
    /// [`Action::ALL`] leaves it out.
    CreateCluster,
    /// Add, remove or transfer members.
    ChangeMembers,
    /// Assign or end roles.
    ChangeRoles,
    /// Attach documents.
    ChangeDocuments,
    /// Declare completion.
    Complete,
    /// Edit the details of the actor's own practice (capacities, patients, name, address,
    /// e-mail, municipality).
    EditOwnPractice,
    /// Edit the details of another member practice.
    EditOtherPractice,
    /// Read the cluster.
    Read,
}

impl Action {
    /// Every action within a cluster, for GOV-RIGHTS' role × action table.
    pub const ALL: [Action; 7] = [
        Action::ChangeMembers,
        Action::ChangeRoles,
        Action::ChangeDocuments,
        Action::Complete,
        Action::EditOwnPractice,
        Action::EditOtherPractice,
        Action::Read,
    ];
}

codes!(Action, "action", Rule::GovRights, ("an action", "en handling"), {
    CreateCluster = "create_cluster",
    ChangeMembers = "change_members",
    ChangeRoles = "change_roles",
    ChangeDocuments = "change_documents",
    Complete = "complete",
    EditOwnPractice = "edit_own_practice",
    EditOtherPractice = "edit_other_practice",
    Read = "read",
});

impl Action {
    /// What the action does, in English, for messages: `change members`.
    pub const fn name_en(self) -> &'static str {
        match self {
            Action::CreateCluster => "create a cluster",
            Action::ChangeMembers => "change members",
            Action::ChangeRoles => "change roles",
            Action::ChangeDocuments => "change documents",
            Action::Complete => "declare completion",
            Action::EditOwnPractice => "edit its own practice",
            Action::EditOtherPractice => "edit another practice",
            Action::Read => "read",
        }
    }

    /// What the action does, in Danish, for messages: `ændre medlemmer`.
    pub const fn name_da(self) -> &'static str {
        match self {
            Action::CreateCluster => "oprette en klynge",
            Action::ChangeMembers => "ændre medlemmer",
            Action::ChangeRoles => "ændre roller",
            Action::ChangeDocuments => "ændre dokumenter",
            Action::Complete => "færdigmelde",
            Action::EditOwnPractice => "redigere egen praksis",
            Action::EditOtherPractice => "redigere en anden praksis",
            Action::Read => "læse",
        }
    }
}

/// GOV-RIGHTS: whether a standing allows an action.
///
/// The coordinator and co-coordinator may change members, roles, documents, member practices'
/// details and declare completion; a member practice may edit only its own details; the
/// treasurer, board members and members may read; anyone else may do nothing.
pub fn may(standing: Standing, action: Action) -> bool {
    use Action::*;
    match standing {
        _ if action == CreateCluster => false,
        Standing::Coordinator | Standing::CoCoordinator => true,
        Standing::MemberPractice => matches!(action, EditOwnPractice | Read),
        Standing::Treasurer | Standing::BoardMember => matches!(action, Read),
        Standing::Outsider => false,
    }
}
