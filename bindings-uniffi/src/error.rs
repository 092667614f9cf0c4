//! The one public error enum of the FFI. Every value carries the rule id, the field and the
//! messages in English and Danish; `Invalid` also lists every problem of a form or scenario.

use klynge::{Explain, Problem as CoreProblem, ValidationErrors};

/// One problem of a form, scenario or composition.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Problem {
    /// The rule id, e.g. "ID-CVR".
    pub rule: String,
    /// The field or path, e.g. `cvr` or `memberships[3].left`.
    pub field: String,
    /// Whom it concerns (health-cluster violations), if said.
    pub concerns: Option<String>,
    /// What is wrong, in English.
    pub message_en: String,
    /// What is wrong, in Danish.
    pub message_da: String,
}

/// Why a call failed. Nothing else crosses the boundary: no panic, no other error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum KlyngeError {
    /// Input that does not validate; `problems` lists every problem, the other fields repeat
    /// the first.
    #[error("[{rule}] {field}: {message_en}")]
    Invalid { rule: String, field: String, message_en: String, message_da: String, problems: Vec<Problem> },
    /// A registry command was refused (rights or rules); the registry is unchanged.
    #[error("[{rule}] {field}: {message_en}")]
    Refused { rule: String, field: String, message_en: String, message_da: String },
}

impl From<CoreProblem> for Problem {
    fn from(p: CoreProblem) -> Self {
        Problem {
            rule: p.rule.id().to_owned(),
            field: p.path,
            concerns: p.concerns,
            message_en: p.message_en,
            message_da: p.message_da,
        }
    }
}

fn invalid(problems: Vec<Problem>) -> KlyngeError {
    let first = problems.first().cloned().unwrap_or(Problem {
        rule: klynge::Rule::Format.id().to_owned(),
        field: String::new(),
        concerns: None,
        message_en: "invalid input".into(),
        message_da: "ugyldigt input".into(),
    });
    KlyngeError::Invalid {
        rule: first.rule,
        field: first.field,
        message_en: first.message_en,
        message_da: first.message_da,
        problems,
    }
}

impl From<CoreProblem> for KlyngeError {
    fn from(p: CoreProblem) -> Self {
        invalid(vec![p.into()])
    }
}

impl From<ValidationErrors> for KlyngeError {
    fn from(errors: ValidationErrors) -> Self {
        invalid(errors.into_iter().map(Problem::from).collect())
    }
}

/// A core error that explains itself, for `field`.
pub fn explained(field: &str, error: &impl Explain) -> KlyngeError {
    CoreProblem::at(field, error).into()
}

/// A field or path as Kotlin names it: `coordinator_phone` is `coordinatorPhone`
/// (`memberships[3].by_transfer` keeps its JSON spelling: it names a JSON field).
pub fn kotlin_field(field: &str) -> String {
    if field.contains(['.', '[', ':']) {
        return field.to_owned();
    }
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        match (c, upper) {
            ('_', _) => upper = true,
            (c, true) => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            (c, false) => out.push(c),
        }
    }
    out
}

/// A refused registry command: `Refused`, with the input it concerns as its field; an unknown
/// cluster or practice, or input that does not validate, is `Invalid`, as it is from every
/// other call.
pub fn refused(command: &str, error: &klynge::RegistryError) -> KlyngeError {
    use klynge::RegistryError as E;
    let field = error.field().map_or_else(|| kotlin_field(command), kotlin_field);
    match error {
        E::Invalid(errors) => errors.clone().into(),
        E::UnknownCluster { .. }
        | E::UnknownPractice { .. }
        | E::Form(_)
        | E::Calendar(_)
        | E::Count(_)
        | E::DetailTooLong { .. }
        | E::DetailControl { .. }
        | E::ListPeriod { .. } => invalid(vec![Problem {
            rule: error.rule().id().to_owned(),
            field,
            concerns: None,
            message_en: error.message_en(),
            message_da: error.message_da(),
        }]),
        _ => KlyngeError::Refused {
            rule: error.rule().id().to_owned(),
            field,
            message_en: error.message_en(),
            message_da: error.message_da(),
        },
    }
}
