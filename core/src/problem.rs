//! Problems with their path, rule id and messages in English and Danish.
//!
//! Every error of the library can explain itself through [`Explain`]; a form or a scenario
//! that fails collects *every* problem at once in [`ValidationErrors`], each with the path
//! of the offending field, so a form can show them all (REG-FIELDS, docs/formats.md).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rule::Rule;

/// A plain enum whose variants have fixed codes (`"co_coordinator"`): `as_str` gives the code,
/// `Display` writes it, and `FromStr` reads it back, refusing anything else with a [`Problem`]
/// at `field` under `rule` that lists the codes, in English and Danish. The codes are those of
/// serde, so a value reads the same from JSON, a binding's string, or a command line.
macro_rules! codes {
    ($ty:ident, $field:literal, $rule:expr, ($what_en:literal, $what_da:literal), { $($variant:ident = $code:literal,)* }) => {
        impl $ty {
            /// Every value, in order.
            pub const CODES: &'static [(&'static str, $ty)] = &[$(($code, $ty::$variant),)*];

            /// The code, as serde writes it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $code,)*
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::problem::Problem;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($code => Ok($ty::$variant),)*
                    other => Err($crate::problem::unknown_code($field, $rule, ($what_en, $what_da), Self::CODES.iter().map(|(code, _)| *code), other)),
                }
            }
        }
    };
}
pub(crate) use codes;

/// The problem of a text that is none of `codes` (see `codes!`).
pub(crate) fn unknown_code<'a>(
    field: &str,
    rule: Rule,
    (what_en, what_da): (&str, &str),
    codes: impl Iterator<Item = &'a str>,
    found: &str,
) -> Problem {
    let codes: Vec<&str> = codes.collect();
    let list = |or: &str| match codes.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
        None => String::new(),
    };
    Problem::new(
        field,
        rule,
        format!("{what_en} is {}, not {}", list("or"), quote(found)),
        format!("{what_da} er {}, ikke {}", list("eller"), quote(found)),
    )
}

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
    /// Whom or what it concerns, where the path alone does not say: a municipality, a person,
    /// a seat kind (the health clusters' SK-VALIDATE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concerns: Option<String>,
}

impl Problem {
    /// A problem at `path` explained by `error`.
    pub fn at(path: impl Into<String>, error: &impl Explain) -> Self {
        Problem::new(path, error.rule(), error.message_en(), error.message_da())
    }

    /// The problem, saying whom or what it concerns.
    pub fn concerning(self, concerns: impl Into<String>) -> Self {
        Problem { concerns: Some(concerns.into()), ..self }
    }

    /// A problem at `path` with the given rule and messages.
    pub fn new(
        path: impl Into<String>,
        rule: Rule,
        message_en: impl Into<String>,
        message_da: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            rule,
            message_en: message_en.into(),
            message_da: message_da.into(),
            concerns: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: [{}] {}", self.path, self.rule, self.message_en)?;
        match &self.concerns {
            Some(concerns) => write!(f, " ({concerns})"),
            None => Ok(()),
        }
    }
}

/// Every problem of a form or scenario, in the order they were found. Never empty when
/// returned as an error.
///
/// The list is bounded: the first [`ValidationErrors::LISTED`] problems are kept in full;
/// after that, each rule's further problems are only counted, with the places of the first few
/// ([`Omitted`]), so that a scenario with millions of problems makes a short, readable error
/// in bounded memory. [`ValidationErrors::all`] gives the kept problems followed by one
/// summary problem per rule with omitted ones; every binding and example shows those.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors {
    problems: Vec<Problem>,
    omitted: Vec<Omitted>,
}

/// The problems of one rule beyond the list's bound: how many, and where the first were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omitted {
    /// The rule the problems break.
    pub rule: Rule,
    /// How many were not kept.
    pub count: usize,
    /// The places of the first few of them.
    pub first_paths: Vec<String>,
}

impl Omitted {
    /// How many places of omitted problems are kept per rule.
    pub const PATHS: usize = 3;

    /// The omitted problems as one summary problem, at the first omitted place.
    pub fn summary(&self) -> Problem {
        let places = self.first_paths.join(", ");
        Problem::new(
            self.first_paths.first().cloned().unwrap_or_default(),
            self.rule,
            format!("and {} more problem(s) of rule {}, first at {places}", self.count, self.rule),
            format!("og {} problem(er) mere under reglen {}, først ved {places}", self.count, self.rule),
        )
    }
}

impl ValidationErrors {
    /// How many problems are kept in full.
    pub const LISTED: usize = 1_000;

    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a problem (counted only, beyond [`ValidationErrors::LISTED`]).
    pub fn push(&mut self, problem: Problem) {
        let rule = problem.rule;
        self.note(rule, || problem);
    }

    /// Adds the problem `make` makes, made only where it is kept or its place is: for
    /// producers of very many problems, so that those beyond the bound cost a count.
    pub fn note(&mut self, rule: Rule, make: impl FnOnce() -> Problem) {
        if self.problems.len() < Self::LISTED {
            self.problems.push(make());
            return;
        }
        let omitted = match self.omitted.iter().position(|o| o.rule == rule) {
            Some(i) => self.omitted.get_mut(i),
            None => {
                self.omitted.push(Omitted { rule, count: 0, first_paths: Vec::new() });
                self.omitted.last_mut()
            }
        };
        if let Some(omitted) = omitted {
            omitted.count += 1;
            if omitted.first_paths.len() < Omitted::PATHS {
                omitted.first_paths.push(make().path);
            }
        }
    }

    /// Keeps `problem` in full whatever the bound (for the few that must be read, such as a
    /// reader saying it stopped).
    pub(crate) fn push_kept(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Counts `problem` among the omitted ones of its rule without keeping it (for a reader
    /// that keeps its own bounded list).
    pub(crate) fn omit(&mut self, problem: Problem) {
        let omitted = match self.omitted.iter().position(|o| o.rule == problem.rule) {
            Some(i) => self.omitted.get_mut(i),
            None => {
                self.omitted.push(Omitted { rule: problem.rule, count: 0, first_paths: Vec::new() });
                self.omitted.last_mut()
            }
        };
        if let Some(omitted) = omitted {
            omitted.count += 1;
            if omitted.first_paths.len() < Omitted::PATHS {
                omitted.first_paths.push(problem.path);
            }
        }
    }

    /// Adds the omitted counts of `other` (whose kept problems are ignored) to these.
    pub(crate) fn absorb_omitted(&mut self, other: ValidationErrors) {
        for o in other.omitted {
            match self.omitted.iter_mut().find(|mine| mine.rule == o.rule) {
                Some(mine) => {
                    mine.count += o.count;
                    for path in o.first_paths {
                        if mine.first_paths.len() < Omitted::PATHS {
                            mine.first_paths.push(path);
                        }
                    }
                }
                None => self.omitted.push(o),
            }
        }
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

    /// The problems kept in full, in the order found (see [`ValidationErrors::all`]).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The problems beyond the bound, per rule.
    pub fn omitted(&self) -> &[Omitted] {
        &self.omitted
    }

    /// The problems kept in full, then one summary problem per rule with omitted problems:
    /// what a user is shown.
    pub fn all(&self) -> Vec<Problem> {
        self.problems.iter().cloned().chain(self.omitted.iter().map(Omitted::summary)).collect()
    }

    /// How many problems were found in all, kept or not.
    pub fn len(&self) -> usize {
        self.problems.len() + self.omitted.iter().map(|o| o.count).sum::<usize>()
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
        ValidationErrors { problems: vec![problem], omitted: Vec::new() }
    }
}

impl IntoIterator for ValidationErrors {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;

    /// Every problem kept, then the summaries of the omitted ones.
    fn into_iter(self) -> Self::IntoIter {
        self.all().into_iter()
    }
}

impl Serialize for ValidationErrors {
    /// The list of problems a user is shown ([`ValidationErrors::all`]).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.all().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ValidationErrors {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let problems = Vec::<Problem>::deserialize(deserializer)?;
        let mut errors = ValidationErrors::new();
        for problem in problems {
            errors.push(problem);
        }
        Ok(errors)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s)", self.len())?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        for omitted in &self.omitted {
            write!(f, "\n  {}", omitted.summary())?;
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
        let mut text = format!("{} fejl", self.len());
        for problem in self.problems.iter().cloned().chain(self.omitted.iter().map(Omitted::summary)) {
            text.push_str(&format!("\n  {}: [{}] {}", problem.path, problem.rule, problem.message_da));
            if let Some(concerns) = &problem.concerns {
                text.push_str(&format!(" ({concerns})"));
            }
        }
        text
    }
}

/// How much of an offending text a message quotes: enough to recognise it, never so much that
/// a huge input is copied into every message.
const QUOTE_CHARS: usize = 40;

/// `text` quoted for a message (`"2022-13-01"`): at most the first 40 characters,
/// and the length of what was cut.
pub fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => {
            let prefix = text.get(..cut).unwrap_or_default();
            format!("{prefix:?}… ({} characters)", text.chars().count())
        }
    }
}

/// How much of a name a message repeats: every real name, never a huge input.
const NAME_CHARS: usize = 80;

/// A name (a person's, an actor's) for a message: whole up to 80 characters, else its start
/// and "…".
pub fn shorten(name: &str) -> std::borrow::Cow<'_, str> {
    match name.char_indices().nth(NAME_CHARS) {
        None => std::borrow::Cow::Borrowed(name),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", name.get(..cut).unwrap_or_default())),
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
