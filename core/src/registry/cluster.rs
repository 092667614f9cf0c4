//! A cluster and the registration form that creates it (REG-FIELDS, REG-DOCS, REG-FOUNDER).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::documents::{Document, DocumentKind};
use super::members::Capacities;
use super::roles::{Person, Role, RoleAssignment};
use crate::dates::check_date;
use crate::geography::Municipality;
use crate::ids::{ClusterId, Cvr, Email, PhoneNumber, Ydernummer};
use crate::problem::{Explain, Problem, ValidationErrors};
use crate::rule::Rule;

/// REG-DOCS: from this day PLO's cluster rules may stand in for statutes (PLO's cluster administration page).
pub fn cluster_rules_accepted_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 4, 1).unwrap_or(NaiveDate::MIN)
}

/// The most characters of a cluster name or person name (REG-FIELDS).
pub const MAX_NAME_CHARS: usize = 200;

/// A field of a form is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormError {
    /// REG-FIELDS: a required field is empty.
    #[error("{} is required", field_en(field))]
    Required {
        /// The field.
        field: &'static str,
    },
    /// REG-FIELDS: a text is longer than allowed.
    #[error("{} has {len} characters, more than {max}", field_en(field))]
    TooLong {
        /// The field.
        field: &'static str,
        /// Its length in characters.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// REG-DOCS: the founding minutes are missing.
    #[error("the minutes of the founding general assembly must be attached")]
    MissingMinutes,
    /// REG-DOCS: the statutes (or, from 2023-04-01, PLO's cluster rules) are missing.
    #[error("the statutes must be attached (or PLO's cluster rules, for a cluster founded on or after 2023-04-01)")]
    MissingStatutes,
}

impl Explain for FormError {
    fn rule(&self) -> Rule {
        match self {
            FormError::Required { .. } | FormError::TooLong { .. } => Rule::RegFields,
            FormError::MissingMinutes | FormError::MissingStatutes => Rule::RegDocs,
        }
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        match self {
            FormError::Required { field } => format!("{} skal udfyldes", field_da(field)),
            FormError::TooLong { field, len, max } => format!("{} har {len} tegn, mere end {max}", field_da(field)),
            FormError::MissingMinutes => "referatet af den stiftende generalforsamling skal vedhæftes".into(),
            FormError::MissingStatutes => {
                "vedtægterne skal vedhæftes (eller PLO's klyngeregler for en klynge stiftet 1. april 2023 eller senere)"
                    .into()
            }
        }
    }
}

impl FormError {
    /// The form's field the error is about (`documents` for a missing document).
    pub fn field(&self) -> &'static str {
        match self {
            FormError::Required { field } | FormError::TooLong { field, .. } => field,
            FormError::MissingMinutes | FormError::MissingStatutes => "documents",
        }
    }
}

/// A form field as an English sentence names it.
fn field_en(field: &str) -> &str {
    match field {
        "cvr" => "the CVR number",
        "name" => "the cluster's name",
        "coordinator_name" => "the coordinator's name",
        "coordinator_email" => "the coordinator's e-mail",
        "coordinator_phone" => "the coordinator's phone number",
        "coordinator_ydernummer" => "the coordinator's ydernummer",
        "coordinator_capacities" => "the coordinator's doctor capacities",
        "municipality" => "the municipality",
        "founded" => "the date of the founding general assembly",
        other => other,
    }
}

/// A form field as a Danish sentence names it.
fn field_da(field: &str) -> &str {
    match field {
        "cvr" => "CVR-nummeret",
        "name" => "klyngens navn",
        "coordinator_name" => "koordinatorens navn",
        "coordinator_email" => "koordinatorens e-mail",
        "coordinator_phone" => "koordinatorens telefonnummer",
        "coordinator_ydernummer" => "koordinatorens ydernummer",
        "coordinator_capacities" => "koordinatorens lægekapaciteter",
        "municipality" => "kommunen",
        "founded" => "datoen for den stiftende generalforsamling",
        "person" => "personens navn",
        other => other,
    }
}

/// REG-FIELDS: a name that is non-empty after trimming and at most 200 characters.
pub(crate) fn check_name(field: &'static str, text: &str) -> Result<String, FormError> {
    let name = text.trim();
    let len = name.chars().count();
    if name.is_empty() {
        Err(FormError::Required { field })
    } else if len > MAX_NAME_CHARS {
        Err(FormError::TooLong { field, len, max: MAX_NAME_CHARS })
    } else {
        Ok(name.to_owned())
    }
}

/// REG-DOCS-CHANGE: the documents a cluster holds after attaching `documents` in order: one of
/// each kind, a later one replacing an earlier one in its place.
pub(crate) fn current_documents(documents: Vec<Document>) -> Vec<Document> {
    let mut current: Vec<Document> = Vec::with_capacity(documents.len());
    for document in documents {
        match current.iter_mut().find(|held| held.kind() == document.kind()) {
            Some(held) => *held = document,
            None => current.push(document),
        }
    }
    current
}

/// REG-DOCS: the documents a cluster founded on `founded` still lacks.
pub fn missing_documents(founded: NaiveDate, documents: &[Document]) -> Vec<FormError> {
    let has = |kind| documents.iter().any(|d| d.kind() == kind);
    let mut missing = Vec::new();
    if !has(DocumentKind::FoundingMinutes) {
        missing.push(FormError::MissingMinutes);
    }
    let rules_suffice = founded >= cluster_rules_accepted_from() && has(DocumentKind::ClusterRules);
    if !has(DocumentKind::Statutes) && !rules_suffice {
        missing.push(FormError::MissingStatutes);
    }
    missing
}

/// The registration form as a coordinator fills it in: raw text, as typed (REG-FIELDS).
///
/// [`RegistrationForm::validate`] reports every failing field at once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationForm {
    /// The cluster's CVR number (ID-CVR).
    pub cvr: String,
    /// The cluster's name, 1 to 200 characters.
    pub name: String,
    /// The coordinator's name.
    pub coordinator_name: String,
    /// The coordinator's e-mail (ID-EMAIL).
    pub coordinator_email: String,
    /// The coordinator's phone (ID-PHONE).
    pub coordinator_phone: String,
    /// The coordinator's ydernummer (ID-YDER, REG-AUTH).
    pub coordinator_ydernummer: String,
    /// The coordinator's practice's doctor capacities; required when the registry does not
    /// know the practice yet (MEM-CAPACITY, REG-FOUNDER).
    #[serde(default)]
    pub coordinator_capacities: Option<i64>,
    /// The municipality, by code or name (ID-KOMMUNE).
    pub municipality: String,
    /// The date of the founding general assembly (CMP-CUTOFF).
    #[serde(default, with = "crate::dates::strict::option")]
    pub founded: Option<NaiveDate>,
    /// The attached documents (REG-DOCS, REG-PDF).
    #[serde(default)]
    pub documents: Vec<Document>,
}

/// A validated registration: everything needed to create a cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RegistrationForm", into = "RegistrationForm")]
pub struct Registration {
    /// The cluster's CVR number.
    pub cvr: Cvr,
    /// The cluster's name.
    pub name: String,
    /// The coordinator, with e-mail, phone and ydernummer.
    pub coordinator: Person,
    /// The coordinator's practice's capacities, if given.
    pub coordinator_capacities: Option<Capacities>,
    /// The municipality.
    pub municipality: Municipality,
    /// The date of the founding general assembly.
    #[serde(with = "crate::dates::strict")]
    pub founded: NaiveDate,
    /// The attached documents.
    pub documents: Vec<Document>,
}

/// Parses a required text field: empty is `Required`, anything else goes to `parse`.
fn required<T, E: Explain>(
    errors: &mut ValidationErrors,
    field: &'static str,
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<T> {
    if text.trim().is_empty() {
        errors.push(Problem::at(field, &FormError::Required { field }));
        return None;
    }
    errors.check(field, parse(text))
}

impl RegistrationForm {
    /// REG-FIELDS, REG-DOCS: checks every field and returns every problem at once.
    ///
    /// ```
    /// let problems = klynge::RegistrationForm::default().validate().unwrap_err();
    /// assert!(problems.problems().iter().any(|p| p.path == "cvr"));
    /// assert!(problems.problems().iter().any(|p| p.path == "documents"));
    /// ```
    pub fn validate(&self) -> Result<Registration, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let cvr = required(&mut errors, "cvr", &self.cvr, str::parse::<Cvr>);
        let name = errors.check("name", check_name("name", &self.name));
        let coordinator_name = errors.check("coordinator_name", check_name("coordinator_name", &self.coordinator_name));
        let email = required(&mut errors, "coordinator_email", &self.coordinator_email, str::parse::<Email>);
        let phone = required(&mut errors, "coordinator_phone", &self.coordinator_phone, str::parse::<PhoneNumber>);
        let ydernummer =
            required(&mut errors, "coordinator_ydernummer", &self.coordinator_ydernummer, str::parse::<Ydernummer>);
        let capacities = match self.coordinator_capacities {
            Some(n) => errors.check("coordinator_capacities", Capacities::new(n)).map(Some),
            None => Some(None),
        };
        let municipality = required(&mut errors, "municipality", &self.municipality, str::parse::<Municipality>);
        let founded = match self.founded {
            None => {
                errors.push(Problem::at("founded", &FormError::Required { field: "founded" }));
                None
            }
            Some(date) => errors.check("founded", check_date(date, Rule::RegFields)),
        };
        // Without a founding date, PLO's cluster rules get the benefit of the doubt.
        for missing in missing_documents(founded.unwrap_or(NaiveDate::MAX), &self.documents) {
            errors.push(Problem::at("documents", &missing));
        }
        match (cvr, name, coordinator_name, email, phone, ydernummer, capacities, municipality, founded) {
            (
                Some(cvr),
                Some(name),
                Some(coordinator_name),
                Some(email),
                Some(phone),
                Some(ydernummer),
                Some(coordinator_capacities),
                Some(municipality),
                Some(founded),
            ) if errors.is_empty() => Ok(Registration {
                cvr,
                name,
                coordinator: Person {
                    name: coordinator_name,
                    ydernummer: Some(ydernummer),
                    email: Some(email),
                    phone: Some(phone),
                },
                coordinator_capacities,
                municipality,
                founded,
                documents: self.documents.clone(),
            }),
            _ => Err(errors),
        }
    }
}

impl TryFrom<RegistrationForm> for Registration {
    type Error = ValidationErrors;

    fn try_from(form: RegistrationForm) -> Result<Self, ValidationErrors> {
        form.validate()
    }
}

impl From<Registration> for RegistrationForm {
    fn from(reg: Registration) -> Self {
        let text = |value: Option<String>| value.unwrap_or_default();
        RegistrationForm {
            cvr: reg.cvr.to_string(),
            name: reg.name,
            coordinator_email: text(reg.coordinator.email.map(|e| e.to_string())),
            coordinator_phone: text(reg.coordinator.phone.map(|p| p.to_string())),
            coordinator_ydernummer: text(reg.coordinator.ydernummer.map(|y| y.to_string())),
            coordinator_name: reg.coordinator.name,
            coordinator_capacities: reg.coordinator_capacities.map(|c| i64::from(c.get())),
            municipality: reg.municipality.code().to_string(),
            founded: Some(reg.founded),
            documents: reg.documents,
        }
    }
}

/// A registered cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub(crate) id: ClusterId,
    pub(crate) cvr: Cvr,
    pub(crate) name: String,
    pub(crate) municipality: Municipality,
    #[serde(with = "crate::dates::strict")]
    pub(crate) founded: NaiveDate,
    #[serde(with = "crate::dates::strict")]
    pub(crate) registered: NaiveDate,
    pub(crate) documents: Vec<Document>,
    pub(crate) roles: Vec<RoleAssignment>,
    #[serde(default, with = "crate::dates::strict::option")]
    pub(crate) completed: Option<NaiveDate>,
}

impl Cluster {
    /// Its key in the registry (its CVR number).
    pub fn id(&self) -> &ClusterId {
        &self.id
    }

    /// Its CVR number.
    pub fn cvr(&self) -> Cvr {
        self.cvr
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its municipality.
    pub fn municipality(&self) -> Municipality {
        self.municipality
    }

    /// The date of the founding general assembly (CMP-CUTOFF).
    pub fn founded(&self) -> NaiveDate {
        self.founded
    }

    /// The day it was registered.
    pub fn registered(&self) -> NaiveDate {
        self.registered
    }

    /// Its documents (REG-DOCS).
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// Every role assignment, past and current (GOV-ROLES).
    pub fn roles(&self) -> &[RoleAssignment] {
        &self.roles
    }

    /// The current holders of `role`.
    pub fn holders(&self, role: Role) -> impl Iterator<Item = &Person> {
        self.roles.iter().filter(move |a| a.role == role && a.until.is_none()).map(|a| &a.person)
    }

    /// The current coordinator.
    pub fn coordinator(&self) -> Option<&Person> {
        self.holders(Role::Coordinator).next()
    }

    /// The completion date, once complete (CMP-ONCE).
    pub fn completed(&self) -> Option<NaiveDate> {
        self.completed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(kind: DocumentKind) -> Document {
        Document::from_pdf(kind, "x.pdf", format!("%PDF-{kind}").as_bytes()).unwrap()
    }

    fn form() -> RegistrationForm {
        RegistrationForm {
            cvr: "12345674".into(),
            name: "Klynge Nordfyn".into(),
            coordinator_name: "Anne Hansen".into(),
            coordinator_email: "anne@example.dk".into(),
            coordinator_phone: "42 14 46 38".into(),
            coordinator_ydernummer: "61654".into(),
            coordinator_capacities: Some(2),
            municipality: "Nordfyns".into(),
            founded: NaiveDate::from_ymd_opt(2018, 9, 15),
            documents: vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::Statutes)],
        }
    }

    #[test]
    fn reg_fields_valid_form_validates() {
        let reg = form().validate().unwrap();
        assert_eq!(reg.cvr.to_string(), "12345674");
        assert_eq!(reg.municipality.code(), 480);
        assert_eq!(reg.coordinator.phone.unwrap().to_string(), "+4542144638");
    }

    #[test]
    fn reg_fields_reports_every_failing_field_at_once() {
        let bad = RegistrationForm {
            cvr: "12345678".into(),
            name: " ".into(),
            coordinator_name: String::new(),
            coordinator_email: "nope".into(),
            coordinator_phone: "123".into(),
            coordinator_ydernummer: "abc".into(),
            coordinator_capacities: Some(0),
            municipality: "Atlantis".into(),
            founded: None,
            documents: vec![],
        };
        let errors = bad.validate().unwrap_err();
        let found: Vec<(&str, Rule)> = errors.problems().iter().map(|p| (p.path.as_str(), p.rule)).collect();
        assert_eq!(
            found,
            vec![
                ("cvr", Rule::IdCvr),
                ("name", Rule::RegFields),
                ("coordinator_name", Rule::RegFields),
                ("coordinator_email", Rule::IdEmail),
                ("coordinator_phone", Rule::IdPhone),
                ("coordinator_ydernummer", Rule::IdYder),
                ("coordinator_capacities", Rule::MemCapacity),
                ("municipality", Rule::IdKommune),
                ("founded", Rule::RegFields),
                ("documents", Rule::RegDocs),
                ("documents", Rule::RegDocs),
            ]
        );
        assert!(errors.problems().iter().all(|p| !p.message_da.is_empty() && !p.message_en.is_empty()));
    }

    #[test]
    fn reg_fields_name_at_most_200_characters() {
        let mut long = form();
        long.name = "å".repeat(201);
        let errors = long.validate().unwrap_err();
        assert_eq!(errors.problems()[0].path, "name");
        long.name = "å".repeat(200);
        assert!(long.validate().is_ok());
    }

    #[test]
    fn reg_docs_minutes_and_statutes_required() {
        let mut f = form();
        f.documents = vec![pdf(DocumentKind::Statutes)];
        assert_eq!(f.validate().unwrap_err().problems()[0].rule, Rule::RegDocs);
        f.documents = vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::ClusterRules)];
        assert_eq!(f.validate().unwrap_err().problems()[0].rule, Rule::RegDocs, "rules too early in 2018");
    }

    #[test]
    fn reg_docs_cluster_rules_stand_in_from_2023_04_01() {
        let mut f = form();
        f.documents = vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::ClusterRules)];
        f.founded = NaiveDate::from_ymd_opt(2023, 4, 1);
        assert!(f.validate().is_ok());
        f.founded = NaiveDate::from_ymd_opt(2023, 3, 31);
        assert!(f.validate().is_err());
    }

    #[test]
    fn reg_fields_registration_serde_round_trips_and_validates() {
        let reg = form().validate().unwrap();
        let json = serde_json::to_string(&reg).unwrap();
        assert_eq!(serde_json::from_str::<Registration>(&json).unwrap(), reg);
        let broken = json.replace("12345674", "12345678");
        assert!(serde_json::from_str::<Registration>(&broken).is_err());
    }
}
