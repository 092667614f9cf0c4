//! Scenarios (docs/formats.md): the clusters, practices, memberships, patient counts, rates and
//! policy that a grant computation takes in.
//!
//! A scenario is read from JSON ([`Scenario::from_json`]), from CSV tables
//! ([`Scenario::from_tables`]), from Arrow record batches (`Scenario::from_record_batches`,
//! with the `arrow` feature), from a registry ([`Scenario::from_registry`]) or built from
//! values ([`Scenario::new`]). Every reader reports *every* problem at once, each with its
//! place (`memberships[3].left`, `memberships.csv:4:left`) and rule id: unknown fields,
//! malformed values, unknown references, overlapping memberships (MEM-ONE), transfers without
//! the membership they continue (MEM-TRANSFER). Nothing is computed from a scenario that does
//! not validate: a [`Scenario`] can only exist valid.
//!
//! The parts: [`model`] (the items), `read` and `items` (one field's checks, shared by the
//! readers), `json` and `tables` (the readers), `checks` (the cross-checks), `compiled` (the
//! indexed form the computation reads).

mod checks;
mod compiled;
mod fast_json;
#[cfg(feature = "arrow")]
pub(crate) mod frames;
mod items;
mod json;
mod memberships;
pub mod model;
pub(crate) mod read;
mod tables;

use std::str::FromStr;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::two_cores;
pub(crate) use compiled::{ClusterDetails, Compiled, CompiledMembership};
#[cfg(feature = "arrow")]
pub use frames::ScenarioBatches;
use items::Collected;
pub use model::{
    Policy, ScenarioCluster, ScenarioMembership, ScenarioParts, ScenarioPatients, ScenarioPractice, ScenarioRate,
};
use read::Origin;
pub(crate) use read::STOP_AFTER;
pub use tables::ScenarioTables;

/// The most bytes of one input file (a scenario's JSON or table, a statement) that a program
/// or binding reading files for klynge reads: 512 MiB, more than twice the JSON of the largest
/// built-in sample. A larger file is refused with this limit named: a regular file from its
/// size before it is read, a stream (a pipe, a device) once it passes the limit.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// The problem of a file larger than [`MAX_FILE_BYTES`], at `name` (FORMAT).
pub fn file_too_large(name: &str) -> crate::problem::Problem {
    crate::problem::Problem::new(
        name,
        crate::rule::Rule::Format,
        format!(
            "{} is larger than {MAX_FILE_BYTES} bytes, more than klynge reads from one file",
            crate::problem::quote(name)
        ),
        format!(
            "{} er større end {MAX_FILE_BYTES} byte, mere end klynge læser fra én fil",
            crate::problem::quote(name)
        ),
    )
}

use crate::problem::ValidationErrors;
use crate::registry::Registry;

/// A validated scenario, ready for grant computation.
///
/// ```
/// let json = r#"{
///   "clusters": [{"id": "nordfyn", "founded": "2018-09-15", "completed": "2019-01-20"}],
///   "practices": [{"ydernummer": "061654", "capacities": 2}],
///   "memberships": [{"ydernummer": "061654", "cluster": "nordfyn", "joined": "2018-09-15",
///                    "left": null, "by_transfer": false}],
///   "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}]
/// }"#;
/// let scenario = klynge::Scenario::from_json(json)?;
/// let report = scenario.grants(2022, 2022)?;
/// assert_eq!(report.lines().next().unwrap().amount.to_string(), "3528.00");
/// # Ok::<(), klynge::ValidationErrors>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    parts: ScenarioParts,
    compiled: Compiled,
    source: Source,
}

/// Where a scenario was read from, for the places messages name (`practices.csv:3`): how it
/// was read and where each practice stood. Not part of the scenario's value: two scenarios with
/// the same content are equal however they were read.
#[derive(Debug, Clone, Default)]
struct Source {
    origin: Option<Origin>,
    /// The position of each of `parts.practices` in its list or table.
    practices: Vec<usize>,
}

impl PartialEq for Source {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Source {}

/// The number of items from which checking and compiling side by side pays for waking the
/// helper thread.
const PARALLEL_FROM: usize = 10_000;

/// Cross-checks what a reader collected and compiles it, or lists every problem: the
/// reader's first (`problems`), then the cross-checks'.
fn validate(collected: Collected, problems: ValidationErrors, origin: Origin) -> Result<Scenario, ValidationErrors> {
    let mut errors = problems;
    // Where the reader found problems already, nothing is compiled.
    if !errors.is_empty() {
        checks::check(&collected, origin, &mut errors);
        return Err(errors);
    }
    let many = collected.parts.patients.len() + collected.parts.memberships.len() >= PARALLEL_FROM;
    let compiled = match many.then(two_cores::helper).flatten() {
        // The checks and the compilation read the same items: on the helper thread (see
        // `two_cores.rs`) they run side by side, and the compiled form is dropped should the
        // checks find a problem.
        Some(helper) => {
            let compile = || compiled::compile(&collected.parts);
            let (compiled, ()) = helper.join(compile, || checks::check(&collected, origin, &mut errors));
            compiled.unwrap_or_else(compile)
        }
        None => {
            checks::check(&collected, origin, &mut errors);
            if !errors.is_empty() {
                return Err(errors);
            }
            compiled::compile(&collected.parts)
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let source = Source { origin: Some(origin), practices: collected.positions.practices };
    Ok(Scenario { parts: collected.parts, compiled, source })
}

impl Scenario {
    /// Checks the parts against each other (references, MEM-ONE, MEM-TRANSFER, duplicates)
    /// and compiles them. Paths name the list and index, as in the JSON.
    pub fn new(parts: ScenarioParts) -> Result<Self, ValidationErrors> {
        validate(Collected::from_parts(parts), ValidationErrors::new(), Origin::Json)
    }

    /// A scenario with nothing in it (valid by construction).
    pub fn empty() -> Self {
        let parts = ScenarioParts::default();
        let compiled = compiled::compile(&parts);
        Scenario { parts, compiled, source: Source::default() }
    }

    /// The places of the practices' rows (`practices.csv:3`, `practices[2]`) for messages:
    /// a function of a practice, giving `practices` where the scenario does not list it.
    pub(crate) fn practice_places(&self) -> impl Fn(crate::ids::Ydernummer) -> String + '_ {
        let origin = self.source.origin.unwrap_or(Origin::Json);
        let rows: std::collections::HashMap<crate::ids::Ydernummer, usize> = self
            .parts
            .practices
            .iter()
            .enumerate()
            .map(|(i, p)| (p.ydernummer, self.source.practices.get(i).copied().unwrap_or(i)))
            .collect();
        move |practice| match rows.get(&practice) {
            Some(row) => origin.item(read::Section::Practices, *row),
            None => origin.section(read::Section::Practices),
        }
    }

    /// The name of a list as the scenario's source names it: `patients.csv`, or `patients[]`.
    pub(crate) fn source_list(&self, list: &str) -> String {
        match self.source.origin {
            Some(Origin::Csv) => format!("{list}.csv"),
            Some(Origin::Frames) => list.to_owned(),
            _ => format!("{list}[]"),
        }
    }

    /// Reads the JSON of docs/formats.md, reporting every problem with its path and rule id.
    pub fn from_json(text: &str) -> Result<Self, ValidationErrors> {
        let text = crate::json_text::without_bom(text);
        let read = json::read_text(text).map_err(ValidationErrors::from)?;
        validate(read.collected, read.problems.into_errors(), Origin::Json)
    }

    /// [`Scenario::from_json`] without its fast path: the careful reader alone. For tests and
    /// fuzzing, which check that both give the same answer.
    #[doc(hidden)]
    pub fn from_json_carefully(text: &str) -> Result<Self, ValidationErrors> {
        let text = crate::json_text::without_bom(text);
        let read = json::read_text_carefully(text).map_err(ValidationErrors::from)?;
        validate(read.collected, read.problems.into_errors(), Origin::Json)
    }

    /// Whether [`Scenario::from_json`] reads `text` by its fast path. For tests.
    #[doc(hidden)]
    pub fn json_fast_path_reads(text: &str) -> bool {
        fast_json::read(text).is_some()
    }

    /// Reads a scenario from a JSON value (for hosts that hold one already).
    pub fn from_value(value: &Value) -> Result<Self, ValidationErrors> {
        match json::read(value) {
            Ok(read) => validate(read.collected, read.problems.into_errors(), Origin::Json),
            // A value is never broken JSON; the reader takes every type of value.
            Err(e) => Err(ValidationErrors::from(crate::problem::Problem::new(
                "",
                crate::rule::Rule::Format,
                e.to_string(),
                e.to_string(),
            ))),
        }
    }

    /// Reads the CSV tables of docs/formats.md ("Tables instead of JSON"); every problem names its
    /// file, row and column (`memberships.csv:12:joined`).
    ///
    /// ```
    /// use klynge::{Scenario, ScenarioTables};
    /// let tables = ScenarioTables {
    ///     clusters: Some("id,founded,completed\nnordfyn,2018-09-15,2019-01-20\n"),
    ///     practices: Some("ydernummer,capacities\n061654,2\n"),
    ///     memberships: Some("ydernummer,cluster,joined,left,by_transfer\n061654,nordfyn,2018-09-15,,false\n"),
    ///     patients: Some("ydernummer,year,count\n061654,2022,3150\n"),
    ///     ..ScenarioTables::default()
    /// };
    /// let report = Scenario::from_tables(&tables)?.grants(2022, 2022)?;
    /// assert_eq!(report.line(0).unwrap().amount.to_string(), "3528.00");
    ///
    /// let bad = ScenarioTables { patients: Some("ydernummer,year,count\n061654,2022,many\n"), ..tables };
    /// let problems = Scenario::from_tables(&bad).unwrap_err();
    /// assert_eq!(problems.problems()[0].path, "patients.csv:1:count");
    /// # Ok::<(), klynge::ValidationErrors>(())
    /// ```
    pub fn from_tables(tables: &ScenarioTables<'_>) -> Result<Self, ValidationErrors> {
        let (collected, problems) = tables::read(tables);
        validate(collected, problems.into_errors(), Origin::Csv)
    }

    /// [`Scenario::from_tables`] without its fast ways (rows split from lines, read without the
    /// general item, on two cores): the CSV parser and the general way alone. For tests and
    /// fuzzing, which check that both give the same answer.
    #[doc(hidden)]
    pub fn from_tables_carefully(tables: &ScenarioTables<'_>) -> Result<Self, ValidationErrors> {
        let (collected, problems) = tables::read_carefully(tables);
        validate(collected, problems.into_errors(), Origin::Csv)
    }

    /// Reads the tables of docs/formats.md ("Tables instead of JSON") from Arrow record batches, as
    /// a dataframe library holds them (feature `arrow`); every problem names its table, row
    /// and column (`memberships:12:joined`). See [`ScenarioBatches`] for the column types taken.
    #[cfg(feature = "arrow")]
    pub fn from_record_batches(batches: &ScenarioBatches<'_>) -> Result<Self, ValidationErrors> {
        let (collected, problems) = frames::read(batches);
        validate(collected, problems.into_errors(), Origin::Frames)
    }

    /// The scenario as the JSON of docs/formats.md.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The scenario of a registry: its clusters (keyed by CVR), practices, memberships and
    /// patient counts, with no extra rates and the default policy. Each practice has the
    /// capacities in force on the day its first membership began (MEM-CAPACITY), however its
    /// doctors changed later.
    pub fn from_registry(registry: &Registry) -> Result<Self, ValidationErrors> {
        let clusters = registry
            .clusters()
            .map(|c| ScenarioCluster {
                id: c.id().clone(),
                name: Some(c.name().to_owned()),
                cvr: Some(c.cvr()),
                municipality: Some(c.municipality()),
                founded: c.founded(),
                completed: c.completed(),
            })
            .collect();
        let practices = registry
            .practices()
            .map(|p| {
                // MEM-CAPACITY: the fee counts the capacities on the day the first membership began.
                let first = registry.memberships_of_practice(p.ydernummer()).next().map(|m| m.period().joined());
                let capacities = first.map_or(p.capacities(), |day| p.capacities_on(day));
                ScenarioPractice { ydernummer: p.ydernummer(), capacities }
            })
            .collect();
        let memberships = registry
            .memberships()
            .iter()
            .map(|m| ScenarioMembership {
                ydernummer: m.ydernummer(),
                cluster: m.cluster().clone(),
                period: m.period(),
                by_transfer: m.by_transfer(),
            })
            .collect();
        let patients = registry
            .practices()
            .flat_map(|p| {
                p.patient_counts().map(|(year, count)| ScenarioPatients { ydernummer: p.ydernummer(), year, count })
            })
            .collect();
        Scenario::new(ScenarioParts {
            clusters,
            practices,
            memberships,
            patients,
            rates: Vec::new(),
            policy: Policy::default(),
        })
    }

    /// The parts, as given.
    pub fn parts(&self) -> &ScenarioParts {
        &self.parts
    }

    /// The clusters, as given.
    pub fn clusters(&self) -> &[ScenarioCluster] {
        &self.parts.clusters
    }

    /// The cluster with the id written `id`, or the one answer to an id that names none
    /// (FORMAT, at `field`): not an id, or no cluster has it.
    pub fn cluster(&self, field: &str, id: &str) -> Result<&ScenarioCluster, crate::problem::Problem> {
        let parsed: crate::ids::ClusterId = id.parse().map_err(|e| crate::problem::Problem::at(field, &e))?;
        self.parts.clusters.iter().find(|c| c.id == parsed).ok_or_else(|| parsed.unknown(field))
    }

    /// The practices, as given.
    pub fn practices(&self) -> &[ScenarioPractice] {
        &self.parts.practices
    }

    /// The memberships, as given.
    pub fn memberships(&self) -> &[ScenarioMembership] {
        &self.parts.memberships
    }

    /// The patient counts, as given.
    pub fn patients(&self) -> &[ScenarioPatients] {
        &self.parts.patients
    }

    /// The scenario's own rates.
    pub fn rates(&self) -> &[ScenarioRate] {
        &self.parts.rates
    }

    /// The policy.
    pub fn policy(&self) -> Policy {
        self.parts.policy
    }

    /// This scenario with another policy.
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.parts.policy = policy;
        self.compiled.policy = policy;
        self
    }

    /// The earliest founding year and the latest year with a patient count: the span a
    /// report covers by default.
    pub fn default_years(&self) -> Option<(i32, i32)> {
        let first = self.parts.clusters.iter().map(|c| chrono::Datelike::year(&c.founded)).min()?;
        let last = self.parts.patients.iter().map(|p| p.year).max().unwrap_or(first);
        Some((first, last.max(first)))
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.compiled
    }
}

impl Serialize for Scenario {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Scenario", 6)?;
        s.serialize_field("clusters", &self.parts.clusters)?;
        s.serialize_field("practices", &self.parts.practices)?;
        s.serialize_field("memberships", &self.parts.memberships)?;
        s.serialize_field("patients", &self.parts.patients)?;
        s.serialize_field("rates", &self.parts.rates)?;
        s.serialize_field("policy", &self.parts.policy)?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for Scenario {
    /// Validates as [`Scenario::from_json`] does, in one pass over the input; the error lists
    /// every problem.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = json::read(deserializer)?;
        validate(read.collected, read.problems.into_errors(), Origin::Json).map_err(serde::de::Error::custom)
    }
}

impl FromStr for Scenario {
    type Err = ValidationErrors;

    fn from_str(s: &str) -> Result<Self, ValidationErrors> {
        Scenario::from_json(s)
    }
}
