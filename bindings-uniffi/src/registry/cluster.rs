//! REG-FIELDS: the registration form.

use super::*;
use crate::error::{KlyngeError, explained};
use crate::types::CalendarDate;
use klynge::Rule;

/// The registration form as typed (REG-FIELDS).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RegistrationForm {
    pub cvr: String,
    pub name: String,
    pub coordinator_name: String,
    pub coordinator_email: String,
    pub coordinator_phone: String,
    pub coordinator_ydernummer: String,
    pub coordinator_capacities: Option<i64>,
    pub municipality: String,
    /// The date of the founding general assembly (required).
    pub founded: CalendarDate,
    pub documents: Vec<Document>,
}

pub(crate) fn core_form(form: &RegistrationForm) -> Result<klynge::RegistrationForm, KlyngeError> {
    Ok(klynge::RegistrationForm {
        cvr: form.cvr.clone(),
        name: form.name.clone(),
        coordinator_name: form.coordinator_name.clone(),
        coordinator_email: form.coordinator_email.clone(),
        coordinator_phone: form.coordinator_phone.clone(),
        coordinator_ydernummer: form.coordinator_ydernummer.clone(),
        coordinator_capacities: form.coordinator_capacities,
        municipality: form.municipality.clone(),
        founded: Some(form.founded.get("founded", Rule::RegFields)?),
        documents: form.documents.iter().map(core_document).collect::<Result<_, _>>()?,
    })
}

/// REG-FIELDS, REG-DOCS: checks a registration form on its own; the error lists every failing
/// field, named as the form's Kotlin properties (`coordinatorPhone`). `Registry.validateRegistration`
/// also checks it against the registry (a CVR taken, the capacities of a new practice).
#[uniffi::export]
pub fn validate_registration(form: RegistrationForm) -> Result<(), KlyngeError> {
    core_form(&form)?.validate().map(drop).map_err(form_error)
}

/// A form's problems with their fields named as the form's Kotlin properties.
pub(crate) fn form_error(errors: klynge::ValidationErrors) -> KlyngeError {
    let mut error = KlyngeError::from(errors);
    if let KlyngeError::Invalid { field, problems, .. } = &mut error {
        *field = crate::error::kotlin_field(field);
        for p in problems {
            p.field = crate::error::kotlin_field(&p.field);
        }
    }
    error
}

pub(crate) fn parse<T>(text: &str, field: &str) -> Result<T, KlyngeError>
where
    T: std::str::FromStr,
    T::Err: klynge::Explain,
{
    text.parse::<T>().map_err(|e| explained(field, &e))
}
