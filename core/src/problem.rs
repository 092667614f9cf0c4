//! Problems with their path, rule id and messages in English and Danish.
//!
//! Every error of the library can explain itself through [`Explain`]; a form or a scenario
//! that fails collects *every* problem at once in [`ValidationErrors`], each with the path
//! of the offending field, so a form can show them all (REG-FIELDS, FORMAT.md).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rule::Rule;

/// An error that names the rule it enforces and says what is wrong in English and Danish.
pub trait Explain {
    /// The rule whose check failed.
    fn rule(&self) -> Rule;
    /// What is wrong, in English (also the `Display` text).
    fn message_en(&self) -> String;
    /// What is wrong, in Danish.
    fn message_da(&self) -> String;
}

/// One problem of a form or scenario: where, which rule, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// The path of the offending field, e.g. `"memberships[3].left"` or `"cvr"`.
    pub path: String,
    /// The rule that the field breaks.
    pub rule: Rule,
    /// What is wrong, in English.
    pub message_en: String,
    /// What is wrong, in Danish.
    pub message_da: String,
}

impl Problem {
    /// A problem at `path` explained by `error`.
    pub fn at(path: impl Into<String>, error: &impl Explain) -> Self {
        Problem {
            path: path.into(),
            rule: error.rule(),
            message_en: error.message_en(),
            message_da: error.message_da(),
        }
    }

    /// A problem at `path` with the given rule and messages.
    pub fn new(
        path: impl Into<String>,
        rule: Rule,
        message_en: impl Into<String>,
        message_da: impl Into<String>,
    ) -> Self {
        Problem { path: path.into(), rule, message_en: message_en.into(), message_da: message_da.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: [{}] {}", self.path, self.rule, self.message_en)
    }
}

/// Every problem of a form or scenario, in the order they were found. Never empty when
/// returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ValidationErrors {
    problems: Vec<Problem>,
}

impl ValidationErrors {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a problem.
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Records the error of `result` at `path`, if any, and returns its value otherwise.
    pub fn check<T, E: Explain>(&mut self, path: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(Problem::at(path, &error));
                None
            }
        }
    }

    /// The problems, in the order found.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// `Ok(value)` when nothing was found, else `Err(self)`.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl From<Problem> for ValidationErrors {
    fn from(problem: Problem) -> Self {
        ValidationErrors { problems: vec![problem] }
    }
}

impl IntoIterator for ValidationErrors {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.problems.into_iter()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s)", self.problems.len())?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl Explain for ValidationErrors {
    /// The rule of the first problem (every problem carries its own).
    fn rule(&self) -> Rule {
        self.problems.first().map_or(Rule::Format, |p| p.rule)
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        let mut text = format!("{} fejl", self.problems.len());
        for problem in &self.problems {
            text.push_str(&format!("\n  {}: [{}] {}", problem.path, problem.rule, problem.message_da));
        }
        text
    }
}

/// Implements `Serialize` as the `Display` text and `Deserialize` through `FromStr`, so that
/// reading a value validates it and writing it gives its canonical form.
macro_rules! serde_via_str {
    ($type:ty) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(|e: <$type as std::str::FromStr>::Err| {
                    serde::de::Error::custom(format_args!("[{}] {}", crate::problem::Explain::rule(&e), e))
                })
            }
        }
    };
}
pub(crate) use serde_via_str;
