//! Why the registry refused a command. Every refusal leaves the registry exactly as it was.

use chrono::NaiveDate;

use super::documents::DocumentKind;
use super::roles::{Action, Person, Role};
use crate::dates::{DateError, MembershipPeriod};
use crate::ids::{ClusterId, Cvr, Ydernummer};
use crate::problem::{Explain, ValidationErrors, shorten};
use crate::registry::cluster::FormError;
use crate::registry::completion::Checklist;
use crate::registry::members::CountError;
use crate::rule::Rule;

/// A command was refused; the registry is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// GOV-RIGHTS or REG-AUTH: the actor may not do this.
    #[error("{} may not {} in cluster {cluster}", shorten(actor), .action.name_en())]
    Refused {
        /// GOV-RIGHTS, or REG-AUTH for creating a cluster.
        rule: Rule,
        /// Who tried.
        actor: String,
        /// What they tried.
        action: Action,
        /// Where (the cluster's id, or its CVR when creating it).
        cluster: String,
    },
    /// REG-AUTH: the actor may not create this cluster, and why.
    #[error("{} may not create the cluster with CVR {cvr}: {}", shorten(actor), .reason.en())]
    CreateRefused {
        /// Who tried.
        actor: String,
        /// The CVR of the cluster.
        cvr: String,
        /// Why not.
        reason: CreateRefusal,
    },
    /// A form or document did not validate.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// A field is malformed (REG-FIELDS, REG-DOCS).
    #[error("{0}")]
    Form(FormError),
    /// A date, year or period is not acceptable (MEM-PERIOD and others).
    #[error("{0}")]
    Calendar(DateError),
    /// A count is outside its bounds (MEM-CAPACITY, MEM-PATIENTS).
    #[error("{0}")]
    Count(CountError),
    /// No cluster has this id.
    #[error("no cluster has the id {cluster}")]
    UnknownCluster {
        /// The rule of the command.
        rule: Rule,
        /// The id given.
        cluster: ClusterId,
    },
    /// The registry does not know this practice.
    #[error("the registry does not know the practice {ydernummer}")]
    UnknownPractice {
        /// The rule of the command.
        rule: Rule,
        /// The ydernummer given.
        ydernummer: Ydernummer,
    },
    /// REG-FIELDS: another cluster has this CVR number.
    #[error("a cluster with CVR {cvr} is already registered")]
    CvrTaken {
        /// The CVR number.
        cvr: Cvr,
    },
    /// REG-FIELDS: the founding assembly is after the registration date.
    #[error("the founding assembly ({founded}) cannot be after the registration date ({date})")]
    FoundedAfterRegistration {
        /// The founding date.
        founded: NaiveDate,
        /// The registration date.
        date: NaiveDate,
    },
    /// A date before the cluster's founding assembly.
    #[error("{date} is before the cluster's founding assembly on {founded}")]
    BeforeFounding {
        /// The rule of the field.
        rule: Rule,
        /// The date given.
        date: NaiveDate,
        /// The founding date.
        founded: NaiveDate,
    },
    /// MEM-ONE: the practice is a member elsewhere (or already here) on some of these days.
    #[error("practice {ydernummer} is a member of cluster {cluster} in {existing}, which overlaps {requested}")]
    Overlap {
        /// The practice.
        ydernummer: Ydernummer,
        /// The cluster of the existing membership.
        cluster: ClusterId,
        /// The existing membership's period.
        existing: MembershipPeriod,
        /// The period asked for.
        requested: MembershipPeriod,
    },
    /// MEM-LEAVE, MEM-TRANSFER: the practice has no current membership of the cluster.
    #[error("practice {ydernummer} is not a current member of cluster {cluster}")]
    NotAMember {
        /// The rule of the command.
        rule: Rule,
        /// The cluster.
        cluster: ClusterId,
        /// The practice.
        ydernummer: Ydernummer,
    },
    /// MEM-TRANSFER: from and to are the same cluster.
    #[error("a transfer goes to another cluster, not back to {cluster}")]
    SameCluster {
        /// The cluster.
        cluster: ClusterId,
    },
    /// MEM-CAPACITY: a practice the registry does not know needs its capacities.
    #[error("practice {ydernummer} is new to the registry: give its doctor capacities")]
    CapacitiesRequired {
        /// The practice.
        ydernummer: Ydernummer,
    },
    /// MEM-CAPACITY: the capacities given differ from those known.
    #[error("practice {ydernummer} has {known} doctor capacities, not {given}: change them with edit_practice")]
    CapacitiesDiffer {
        /// The practice.
        ydernummer: Ydernummer,
        /// What the registry has.
        known: u16,
        /// What the command gave.
        given: u16,
    },
    /// REG-AUTH: the coordinator needs a ydernummer.
    #[error("the coordinator must have a ydernummer (payouts are tied to ydernumre)")]
    CoordinatorYdernummer,
    /// GOV-ROLES: the person already holds the role.
    #[error("{} already holds the role {}", shorten(&person.to_string()), .role.name_en())]
    AlreadyHolds {
        /// The role.
        role: Role,
        /// The person.
        person: Person,
    },
    /// GOV-ROLES: the person does not hold the role.
    #[error("{} does not hold the role {}", shorten(&person.to_string()), .role.name_en())]
    NotHolder {
        /// The role.
        role: Role,
        /// The person.
        person: Person,
    },
    /// GOV-ROLES: the coordinator's role ends only when another coordinator is assigned.
    #[error("a cluster always has a coordinator: assign a new one instead of ending the role")]
    CoordinatorRequired,
    /// GOV-ROLES: a role change must come after the current holder's start.
    #[error("the role {} cannot change on {date}, not after its holder began on {from}", .role.name_en())]
    RoleDate {
        /// The role.
        role: Role,
        /// The date given.
        date: NaiveDate,
        /// When the current holder began.
        from: NaiveDate,
    },
    /// REG-PDF: the same document is already attached.
    #[error("the document {file_name:?} is already attached")]
    DuplicateDocument {
        /// Its file name.
        file_name: String,
    },
    /// REG-DOCS-CHANGE: the cluster holds no document of this kind.
    #[error("the cluster holds no {}: nothing to remove", .kind.name_en())]
    NoDocument {
        /// The kind asked for.
        kind: DocumentKind,
    },
    /// REG-DOCS-CHANGE: removing the document would leave a required one missing.
    #[error("the {} cannot be removed: the cluster would then lack what REG-DOCS requires ({}); attach a new document of its kind instead, which replaces it", .kind.name_en(), .missing.message_en())]
    RequiredDocument {
        /// The kind asked for.
        kind: DocumentKind,
        /// What would be missing.
        missing: FormError,
    },
    /// MEM-LEAVE: the practice's ydernummer closed; it is never added again.
    #[error("practice {ydernummer}'s ydernummer closed on {closed}: a closed ydernummer cannot be added again")]
    Closed {
        /// The practice.
        ydernummer: Ydernummer,
        /// The first day it was no longer a member.
        closed: NaiveDate,
    },
    /// MEM-DETAILS: a name or address longer than 200 characters.
    #[error("the practice's {field} has {chars} characters, more than the {max} allowed", max = crate::registry::members::MAX_DETAIL_CHARS)]
    DetailTooLong {
        /// `name` or `address`.
        field: &'static str,
        /// Its length.
        chars: usize,
    },
    /// MEM-DETAILS: a name or address holding a line break or another control character.
    #[error("the practice's {field} holds a line break or another control character: write it on one line")]
    DetailControl {
        /// `name` or `address`.
        field: &'static str,
    },
    /// MEM-LIST: a period whose last day is before its first.
    #[error("a member list's period ends ({last}) before it begins ({first})")]
    ListPeriod {
        /// The first day.
        first: NaiveDate,
        /// The last day.
        last: NaiveDate,
    },
    /// CMP-ONCE: the cluster was completed already.
    #[error("cluster {cluster} was declared complete on {completed}; completion happens once")]
    AlreadyComplete {
        /// The cluster.
        cluster: ClusterId,
        /// When.
        completed: NaiveDate,
    },
    /// CMP-READY: something blocks completion.
    #[error("cluster {cluster} cannot be declared complete: {}", checklist.blocking_summary_en())]
    NotReady {
        /// The cluster.
        cluster: ClusterId,
        /// What is missing.
        checklist: Checklist,
    },
    /// GOV-LOG: a stored registry's state is not what replaying its history gives.
    #[error("the stored registry's {} are not what its history gives", .0.name_en())]
    ReplayMismatch(StoredPart),
    /// GOV-LOG: an event of a stored history was refused on replay.
    #[error("event {index} of the history was refused on replay: {error}")]
    Replay {
        /// The event's position.
        index: usize,
        /// Why.
        error: Box<RegistryError>,
    },
}

impl RegistryError {
    /// The input the refusal concerns, as a command's parameter is named (`actor`, `cluster`,
    /// `ydernummer`, `date`, ...); `None` where the error's own problems name their fields.
    pub fn field(&self) -> Option<&'static str> {
        use RegistryError::*;
        Some(match self {
            Refused { .. } | CreateRefused { .. } => "actor",
            UnknownCluster { .. } | SameCluster { .. } | AlreadyComplete { .. } | NotReady { .. } => "cluster",
            UnknownPractice { .. }
            | Overlap { .. }
            | NotAMember { .. }
            | CapacitiesDiffer { .. }
            | CoordinatorYdernummer => "ydernummer",
            CapacitiesRequired { .. } => "capacities",
            CvrTaken { .. } => "cvr",
            FoundedAfterRegistration { .. } => "founded",
            Calendar(_) | BeforeFounding { .. } | RoleDate { .. } => "date",
            AlreadyHolds { .. } | NotHolder { .. } | CoordinatorRequired => "person",
            DuplicateDocument { .. } => "document",
            NoDocument { .. } | RequiredDocument { .. } => "kind",
            Closed { .. } => "ydernummer",
            DetailTooLong { field, .. } | DetailControl { field } => field,
            ListPeriod { .. } => "last",
            Form(error) => error.field(),
            Invalid(_) | Count(_) | ReplayMismatch(_) | Replay { .. } => return None,
        })
    }
}

/// MEM-DETAILS: a detail's name in Danish.
fn detail_da(field: &str) -> &'static str {
    match field {
        "name" => "navn",
        _ => "klinikadresse",
    }
}

/// GOV-LOG: a part of a stored registry's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredPart {
    /// The clusters.
    Clusters,
    /// The practices.
    Practices,
    /// The memberships.
    Memberships,
}

impl StoredPart {
    /// Its name in English.
    pub const fn name_en(self) -> &'static str {
        match self {
            StoredPart::Clusters => "clusters",
            StoredPart::Practices => "practices",
            StoredPart::Memberships => "memberships",
        }
    }

    /// Its name in Danish.
    pub const fn name_da(self) -> &'static str {
        match self {
            StoredPart::Clusters => "klynger",
            StoredPart::Practices => "praksisser",
            StoredPart::Memberships => "medlemskaber",
        }
    }
}

/// REG-AUTH: why an actor may not create a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CreateRefusal {
    /// Signed in with a private ID rather than as a health professional.
    PrivateCredential,
    /// The actor has no ydernummer: a cluster is created by a general practitioner.
    NoYdernummer,
    /// The actor is not the form's coordinator.
    NotTheCoordinator {
        /// The form's coordinator.
        coordinator: String,
    },
}

impl CreateRefusal {
    /// Why not, and what to do, in English.
    pub fn en(&self) -> String {
        match self {
            CreateRefusal::PrivateCredential => "sign in with a health-professional ID, not a private one".to_owned(),
            CreateRefusal::NoYdernummer => {
                "a cluster is created by a general practitioner: sign in with your ydernummer".to_owned()
            }
            CreateRefusal::NotTheCoordinator { coordinator } => {
                format!("only the form's coordinator, {}, may create it", shorten(coordinator))
            }
        }
    }

    /// Why not, and what to do, in Danish.
    pub fn da(&self) -> String {
        match self {
            CreateRefusal::PrivateCredential => "log ind med et sundhedsfagligt login, ikke et privat".to_owned(),
            CreateRefusal::NoYdernummer => {
                "en klynge oprettes af en almen praktiserende læge: log ind med dit ydernummer".to_owned()
            }
            CreateRefusal::NotTheCoordinator { coordinator } => {
                format!("kun formularens koordinator, {}, kan oprette den", shorten(coordinator))
            }
        }
    }
}

impl Explain for RegistryError {
    fn rule(&self) -> Rule {
        use RegistryError::*;
        match self {
            // An unknown cluster id is a malformed reference, whatever the command: one answer
            // for one mistake, as everywhere else (FORMAT).
            UnknownCluster { .. } => Rule::Format,
            Refused { rule, .. } | UnknownPractice { rule, .. } => *rule,
            BeforeFounding { rule, .. } | NotAMember { rule, .. } => *rule,
            Invalid(errors) => errors.rule(),
            Form(error) => error.rule(),
            Calendar(error) => error.rule(),
            Count(error) => error.rule(),
            CvrTaken { .. } | FoundedAfterRegistration { .. } => Rule::RegFields,
            Overlap { .. } => Rule::MemOne,
            SameCluster { .. } => Rule::MemTransfer,
            CapacitiesRequired { .. } | CapacitiesDiffer { .. } => Rule::MemCapacity,
            CoordinatorYdernummer | CreateRefused { .. } => Rule::RegAuth,
            AlreadyHolds { .. } | NotHolder { .. } | CoordinatorRequired | RoleDate { .. } => Rule::GovRoles,
            DuplicateDocument { .. } => Rule::RegPdf,
            NoDocument { .. } | RequiredDocument { .. } => Rule::RegDocsChange,
            Closed { .. } => Rule::MemLeave,
            DetailTooLong { .. } | DetailControl { .. } => Rule::MemDetails,
            ListPeriod { .. } => Rule::MemList,
            AlreadyComplete { .. } => Rule::CmpOnce,
            NotReady { .. } => Rule::CmpReady,
            ReplayMismatch(_) => Rule::GovLog,
            Replay { error, .. } => error.rule(),
        }
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        use RegistryError::*;
        match self {
            Refused { actor, action, cluster, .. } => {
                format!("{} har ikke ret til at {} i klynge {cluster}", shorten(actor), action.name_da())
            }
            CreateRefused { actor, cvr, reason } => {
                format!("{} har ikke ret til at oprette klyngen med CVR {cvr}: {}", shorten(actor), reason.da())
            }
            Invalid(errors) => errors.message_da(),
            Form(error) => error.message_da(),
            Calendar(error) => error.message_da(),
            Count(error) => error.message_da(),
            UnknownCluster { cluster, .. } => format!("ingen klynge har id'et {cluster}"),
            UnknownPractice { ydernummer, .. } => format!("registret kender ikke praksis {ydernummer}"),
            CvrTaken { cvr } => format!("en klynge med CVR {cvr} er allerede registreret"),
            FoundedAfterRegistration { founded, date } => {
                format!("den stiftende generalforsamling ({founded}) kan ikke ligge efter registreringsdatoen ({date})")
            }
            BeforeFounding { date, founded, .. } => {
                format!("{date} ligger før klyngens stiftende generalforsamling den {founded}")
            }
            Overlap { ydernummer, cluster, existing, requested } => {
                format!("praksis {ydernummer} er medlem af klynge {cluster} i {existing}, som overlapper {requested}")
            }
            NotAMember { cluster, ydernummer, .. } => {
                format!("praksis {ydernummer} er ikke aktuelt medlem af klynge {cluster}")
            }
            SameCluster { cluster } => format!("en overflytning går til en anden klynge, ikke tilbage til {cluster}"),
            CapacitiesRequired { ydernummer } => {
                format!("praksis {ydernummer} er ny i registret: angiv dens lægekapaciteter")
            }
            CapacitiesDiffer { ydernummer, known, given } => {
                format!("praksis {ydernummer} har {known} lægekapaciteter, ikke {given}: ret dem med edit_practice")
            }
            CoordinatorYdernummer => {
                "klyngekoordinatoren skal have et ydernummer (udbetaling sker til ydernumre)".into()
            }
            AlreadyHolds { role, person } => {
                format!("{} har allerede rollen {}", shorten(&person.to_string()), role.name_da())
            }
            NotHolder { role, person } => {
                format!("{} har ikke rollen {}", shorten(&person.to_string()), role.name_da())
            }
            CoordinatorRequired => {
                "en klynge har altid en klyngekoordinator: udpeg en ny i stedet for at afslutte rollen".into()
            }
            RoleDate { role, date, from } => format!(
                "rollen {} kan ikke skifte den {date}, der ikke ligger efter at indehaveren begyndte den {from}",
                role.name_da()
            ),
            DuplicateDocument { file_name } => format!("dokumentet {file_name:?} er allerede vedhæftet"),
            AlreadyComplete { cluster, completed } => {
                format!("klynge {cluster} blev færdigmeldt den {completed}; færdigmelding sker én gang")
            }
            NotReady { cluster, checklist } => {
                format!("klynge {cluster} kan ikke færdigmeldes: {}", checklist.blocking_summary_da())
            }
            ReplayMismatch(part) => {
                format!("det gemte registers {} er ikke dem, dets historik giver", part.name_da())
            }
            NoDocument { kind } => {
                format!("klyngen har ikke {}: der er intet at fjerne", kind.name_da())
            }
            RequiredDocument { kind, missing } => format!(
                "{} kan ikke fjernes: klyngen ville da mangle det, REG-DOCS kræver ({}); vedhæft i stedet et nyt \
                 dokument af samme type, som erstatter det",
                kind.name_da(),
                missing.message_da()
            ),
            Closed { ydernummer, closed } => format!(
                "praksis {ydernummer}s ydernummer ophørte den {closed}: et ophørt ydernummer kan ikke tilføjes igen"
            ),
            DetailTooLong { field, chars } => format!(
                "praksissens {} har {chars} tegn, mere end de tilladte {}",
                detail_da(field),
                crate::registry::members::MAX_DETAIL_CHARS
            ),
            DetailControl { field } => format!(
                "praksissens {} indeholder et linjeskift eller et andet kontroltegn: skriv den på én linje",
                detail_da(field)
            ),
            ListPeriod { first, last } => {
                format!("medlemslistens periode slutter ({last}) før den begynder ({first})")
            }
            Replay { index, error } => {
                format!("hændelse {index} i historikken blev afvist ved genafspilning: {}", error.message_da())
            }
        }
    }
}

impl From<DateError> for RegistryError {
    fn from(error: DateError) -> Self {
        RegistryError::Calendar(error)
    }
}

impl From<CountError> for RegistryError {
    fn from(error: CountError) -> Self {
        RegistryError::Count(error)
    }
}

impl From<FormError> for RegistryError {
    fn from(error: FormError) -> Self {
        RegistryError::Form(error)
    }
}
