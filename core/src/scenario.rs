//! Scenarios (FORMAT.md): the clusters, practices, memberships, patient counts, rates and
//! policy that a grant computation takes in.
//!
//! [`Scenario::from_json`] reads the JSON of FORMAT.md and reports *every* problem at once,
//! each with its path (`memberships[3].left`) and rule id: unknown fields, malformed values,
//! unknown references, overlapping memberships (MEM-ONE), transfers without the membership they
//! continue (MEM-TRANSFER). Nothing is computed from a scenario that does not validate: a
//! [`Scenario`] can only exist valid. A registry becomes a scenario with
//! [`Scenario::from_registry`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::calendar::{MembershipPeriod, check_date, check_year};
use crate::geography::Municipality;
use crate::ids::{ClusterId, Cvr, Ydernummer};
use crate::money::Rate;
use crate::problem::{Explain, Problem, ValidationErrors};
use crate::registry::Registry;
use crate::registry::cluster::check_name;
use crate::registry::members::{Capacities, PatientCount};
use crate::rule::Rule;

/// A cluster of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioCluster {
    /// The caller's stable key.
    pub id: ClusterId,
    /// The name, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The CVR number, if given (ID-CVR).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvr: Option<Cvr>,
    /// The municipality, if given (ID-KOMMUNE), written as its 3-digit code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality: Option<Municipality>,
    /// The date of the founding general assembly (CMP-CUTOFF).
    pub founded: NaiveDate,
    /// The completion date, or `None` while not complete (CMP-ONCE).
    pub completed: Option<NaiveDate>,
}

/// A practice of a scenario (MEM-CAPACITY).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioPractice {
    /// Its ydernummer.
    pub ydernummer: Ydernummer,
    /// Its doctor capacities.
    pub capacities: Capacities,
}

/// A membership of a scenario (MEM-PERIOD, MEM-TRANSFER).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioMembership {
    /// The practice.
    pub ydernummer: Ydernummer,
    /// The cluster's id.
    pub cluster: ClusterId,
    /// Its days.
    pub period: MembershipPeriod,
    /// True when it began by transfer from another cluster.
    pub by_transfer: bool,
}

impl Serialize for ScenarioMembership {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ScenarioMembership", 5)?;
        s.serialize_field("ydernummer", &self.ydernummer)?;
        s.serialize_field("cluster", &self.cluster)?;
        s.serialize_field("joined", &self.period.joined())?;
        s.serialize_field("left", &self.period.left())?;
        s.serialize_field("by_transfer", &self.by_transfer)?;
        s.end()
    }
}

/// A practice's group-1 patients in a grant year (MEM-PATIENTS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScenarioPatients {
    /// The practice.
    pub ydernummer: Ydernummer,
    /// The grant year.
    pub year: i32,
    /// The count.
    pub count: PatientCount,
}

/// A rate that adds to or overrides GR-RATE for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScenarioRate {
    /// The grant year.
    pub year: i32,
    /// The rate.
    pub rate: Rate,
}

/// The policy switches of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Policy {
    /// GR-TRANSFER (*policy*, default `false`): treat a transfer as a leave for GR-CLAWBACK.
    pub clawback_on_transfer: bool,
}

/// The parts of a scenario, before they are checked against each other.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScenarioParts {
    /// The clusters.
    pub clusters: Vec<ScenarioCluster>,
    /// The practices.
    pub practices: Vec<ScenarioPractice>,
    /// The memberships.
    pub memberships: Vec<ScenarioMembership>,
    /// The patient counts.
    pub patients: Vec<ScenarioPatients>,
    /// Rates that add to or override the built-ins.
    pub rates: Vec<ScenarioRate>,
    /// The policy.
    pub policy: Policy,
}

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
}

/// A cluster as the computation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledCluster {
    pub(crate) completed: Option<NaiveDate>,
}

/// A membership as the computation sees it, with what it needs of its practice, so that the
/// computation reads memory in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledMembership {
    pub(crate) cluster: u32,
    /// The practice, as an index into [`Compiled::practices`].
    pub(crate) practice: u32,
    pub(crate) capacities: Capacities,
    pub(crate) period: MembershipPeriod,
    /// The practice's patient counts: `Compiled::patients[start..start + len]`, by year.
    pub(crate) patients_start: u32,
    pub(crate) patients_len: u32,
    pub(crate) by_transfer: bool,
    /// GR-STARTUP: the practice's earliest membership of any cluster.
    pub(crate) first: bool,
    /// MEM-TRANSFER: the membership ends by a transfer to another cluster.
    pub(crate) ends_by_transfer: bool,
}

/// Everything sorted and indexed, so the result does not depend on the order of the input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Compiled {
    /// Sorted by id; a line's cluster is an index into this.
    pub(crate) cluster_ids: Vec<ClusterId>,
    pub(crate) clusters: Vec<CompiledCluster>,
    /// Every practice, sorted; a line's practice is an index into this. Shared with the
    /// reports, which keep it as their table of practices.
    pub(crate) practices: Arc<[Ydernummer]>,
    /// Sorted by (cluster, ydernummer, joined): each cluster's memberships lie together, in
    /// the order of the report's lines.
    pub(crate) memberships: Vec<CompiledMembership>,
    /// (year, count) of each membership's practice, in membership order, by year.
    pub(crate) patients: Vec<(i32, PatientCount)>,
    pub(crate) rates: BTreeMap<i32, Rate>,
    pub(crate) policy: Policy,
}

impl Compiled {
    /// MEM-PATIENTS: a membership's practice's count for `year`, if given.
    pub(crate) fn patients(&self, m: &CompiledMembership, year: i32) -> Option<PatientCount> {
        let start = m.patients_start as usize;
        let counts = self.patients.get(start..start + m.patients_len as usize)?;
        counts.iter().find(|(y, _)| *y == year).map(|(_, c)| *c)
    }
}

fn problem(path: impl Into<String>, rule: Rule, en: impl Into<String>, da: impl Into<String>) -> Problem {
    Problem::new(path, rule, en, da)
}

impl Scenario {
    /// Checks the parts against each other (references, MEM-ONE, MEM-TRANSFER, duplicates)
    /// and compiles them. Paths name the list and index, as in the JSON.
    pub fn new(parts: ScenarioParts) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        check_parts(&parts, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let compiled = compile(&parts);
        Ok(Scenario { parts, compiled })
    }

    /// A scenario with nothing in it (valid by construction).
    pub fn empty() -> Self {
        let parts = ScenarioParts::default();
        let compiled = compile(&parts);
        Scenario { parts, compiled }
    }

    /// Reads the JSON of FORMAT.md, reporting every problem with its path and rule id.
    pub fn from_json(text: &str) -> Result<Self, ValidationErrors> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ValidationErrors::from(problem(
                "",
                Rule::Format,
                format!("not valid JSON: {e}"),
                format!("ikke gyldig JSON: {e}"),
            ))
        })?;
        Scenario::from_value(&value)
    }

    /// Reads a scenario from a JSON value (for hosts that hold one already).
    pub fn from_value(value: &Value) -> Result<Self, ValidationErrors> {
        let mut reader = Reader { errors: ValidationErrors::new() };
        let read = reader.scenario(value);
        let mut errors = reader.errors;
        // The cross-checks run over the items that parsed, so one bad date does not hide an
        // overlap elsewhere; their problems still name the JSON index.
        if let Some((parts, positions)) = read {
            check_parts_at(&parts, &positions, &mut errors);
            if errors.is_empty() {
                let compiled = compile(&parts);
                return Ok(Scenario { parts, compiled });
            }
        }
        Err(errors)
    }

    /// The scenario as the JSON of FORMAT.md.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The scenario of a registry: its clusters (keyed by CVR), practices, memberships and
    /// patient counts, with no extra rates and the default policy.
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
            .map(|p| ScenarioPractice { ydernummer: p.ydernummer(), capacities: p.capacities() })
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
    /// Validates as [`Scenario::from_json`] does; the error lists every problem.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Scenario::from_value(&value).map_err(serde::de::Error::custom)
    }
}

impl FromStr for Scenario {
    type Err = ValidationErrors;

    fn from_str(s: &str) -> Result<Self, ValidationErrors> {
        Scenario::from_json(s)
    }
}

/// Where each item of the parts stood in the JSON lists, so that problems found among the
/// items that parsed still name their JSON index.
#[derive(Default)]
struct Positions {
    clusters: Vec<usize>,
    practices: Vec<usize>,
    memberships: Vec<usize>,
    patients: Vec<usize>,
    rates: Vec<usize>,
}

impl Positions {
    fn identity(parts: &ScenarioParts) -> Self {
        Positions {
            clusters: (0..parts.clusters.len()).collect(),
            practices: (0..parts.practices.len()).collect(),
            memberships: (0..parts.memberships.len()).collect(),
            patients: (0..parts.patients.len()).collect(),
            rates: (0..parts.rates.len()).collect(),
        }
    }
}

fn at(positions: &[usize], i: usize) -> usize {
    positions.get(i).copied().unwrap_or(i)
}

/// The cross-checks of a scenario; each problem names the list and index of the JSON.
fn check_parts(parts: &ScenarioParts, errors: &mut ValidationErrors) {
    check_parts_at(parts, &Positions::identity(parts), errors);
}

fn check_parts_at(parts: &ScenarioParts, pos: &Positions, errors: &mut ValidationErrors) {
    let mut clusters: HashMap<&ClusterId, &ScenarioCluster> = HashMap::new();
    for (i, c) in parts.clusters.iter().enumerate() {
        if clusters.insert(&c.id, c).is_some() {
            errors.push(problem(
                format!("clusters[{}].id", at(&pos.clusters, i)),
                Rule::Format,
                format!("the cluster id {} is used twice", c.id),
                format!("klynge-id'et {} er brugt to gange", c.id),
            ));
        }
        if let Some(completed) = c.completed.filter(|d| *d < c.founded) {
            errors.push(problem(
                format!("clusters[{}].completed", at(&pos.clusters, i)),
                Rule::CmpReady,
                format!("completion {completed} is before the founding assembly {}", c.founded),
                format!("færdigmelding {completed} ligger før den stiftende generalforsamling {}", c.founded),
            ));
        }
    }
    let mut practices = BTreeSet::new();
    for (i, p) in parts.practices.iter().enumerate() {
        if !practices.insert(p.ydernummer) {
            errors.push(problem(
                format!("practices[{}].ydernummer", at(&pos.practices, i)),
                Rule::Format,
                format!("the practice {} is listed twice", p.ydernummer),
                format!("praksis {} er opført to gange", p.ydernummer),
            ));
        }
    }
    let unknown_practice = |path: String, y: Ydernummer| {
        problem(
            path,
            Rule::Format,
            format!("the practice {y} is not in practices[]"),
            format!("praksis {y} findes ikke i practices[]"),
        )
    };
    let mut by_practice: BTreeMap<Ydernummer, Vec<(usize, &ScenarioMembership)>> = BTreeMap::new();
    for (i, m) in parts.memberships.iter().enumerate() {
        if !practices.contains(&m.ydernummer) {
            errors.push(unknown_practice(format!("memberships[{}].ydernummer", at(&pos.memberships, i)), m.ydernummer));
        }
        match clusters.get(&m.cluster) {
            None => errors.push(problem(
                format!("memberships[{}].cluster", at(&pos.memberships, i)),
                Rule::Format,
                format!("no cluster has the id {}", m.cluster),
                format!("ingen klynge har id'et {}", m.cluster),
            )),
            Some(c) if m.period.joined() < c.founded => errors.push(problem(
                format!("memberships[{}].joined", at(&pos.memberships, i)),
                Rule::MemPeriod,
                format!("joined {} is before the cluster's founding assembly {}", m.period.joined(), c.founded),
                format!(
                    "indtrædelse {} ligger før klyngens stiftende generalforsamling {}",
                    m.period.joined(),
                    c.founded
                ),
            )),
            Some(_) => {}
        }
        by_practice.entry(m.ydernummer).or_default().push((i, m));
    }
    for list in by_practice.values_mut() {
        list.sort_by_key(|(i, m)| (m.period.joined(), *i));
        for pair in list.windows(2) {
            if let [(i, a), (j, b)] = pair
                && a.period.overlaps(b.period)
            {
                errors.push(problem(
                    format!("memberships[{}]", at(&pos.memberships, *j)),
                    Rule::MemOne,
                    format!(
                        "practice {} is a member of {} ({}) and {} ({}) on the same days (memberships[{}])",
                        b.ydernummer,
                        a.cluster,
                        a.period,
                        b.cluster,
                        b.period,
                        at(&pos.memberships, *i)
                    ),
                    format!(
                        "praksis {} er medlem af {} ({}) og {} ({}) på samme dage (memberships[{}])",
                        b.ydernummer,
                        a.cluster,
                        a.period,
                        b.cluster,
                        b.period,
                        at(&pos.memberships, *i)
                    ),
                ));
            }
        }
        for (i, m) in list.iter().filter(|(_, m)| m.by_transfer) {
            let continues =
                list.iter().any(|(_, o)| o.cluster != m.cluster && o.period.left() == Some(m.period.joined()));
            if !continues {
                errors.push(problem(
                    format!("memberships[{}].by_transfer", at(&pos.memberships, *i)),
                    Rule::MemTransfer,
                    format!(
                        "practice {} has no membership of another cluster that ends on {}",
                        m.ydernummer,
                        m.period.joined()
                    ),
                    format!(
                        "praksis {} har intet medlemskab af en anden klynge, der slutter den {}",
                        m.ydernummer,
                        m.period.joined()
                    ),
                ));
            }
        }
    }
    let mut counted = BTreeSet::new();
    for (i, p) in parts.patients.iter().enumerate() {
        if !practices.contains(&p.ydernummer) {
            errors.push(unknown_practice(format!("patients[{}].ydernummer", at(&pos.patients, i)), p.ydernummer));
        }
        if !counted.insert((p.ydernummer, p.year)) {
            errors.push(problem(
                format!("patients[{}]", at(&pos.patients, i)),
                Rule::MemPatients,
                format!("practice {} has two counts for {}", p.ydernummer, p.year),
                format!("praksis {} har to antal for {}", p.ydernummer, p.year),
            ));
        }
    }
    let mut years = BTreeSet::new();
    for (i, r) in parts.rates.iter().enumerate() {
        if !years.insert(r.year) {
            errors.push(problem(
                format!("rates[{}].year", at(&pos.rates, i)),
                Rule::GrRate,
                format!("two rates for {}", r.year),
                format!("to satser for {}", r.year),
            ));
        }
    }
}

/// Sorts and indexes valid parts for the computation.
fn compile(parts: &ScenarioParts) -> Compiled {
    let mut clusters: Vec<&ScenarioCluster> = parts.clusters.iter().collect();
    clusters.sort_by(|a, b| a.id.cmp(&b.id));
    let cluster_index: HashMap<&ClusterId, u32> =
        clusters.iter().enumerate().map(|(i, c)| (&c.id, u32::try_from(i).unwrap_or(u32::MAX))).collect();

    let mut patients: Vec<(Ydernummer, i32, PatientCount)> =
        parts.patients.iter().map(|p| (p.ydernummer, p.year, p.count)).collect();
    patients.sort_unstable();
    // Where each practice's counts start, and how many it has.
    let mut slices: HashMap<Ydernummer, (u32, u32)> = HashMap::new();
    for (i, (y, _, _)) in patients.iter().enumerate() {
        let entry = slices.entry(*y).or_insert((u32::try_from(i).unwrap_or(u32::MAX), 0));
        entry.1 += 1;
    }
    let capacities: HashMap<Ydernummer, Capacities> =
        parts.practices.iter().map(|p| (p.ydernummer, p.capacities)).collect();
    // Sorted, so that practice indices sort as the ydernumre do.
    let mut practices: Vec<Ydernummer> = parts.practices.iter().map(|p| p.ydernummer).collect();
    practices.sort_unstable();
    practices.dedup();
    let practice_index: HashMap<Ydernummer, u32> =
        practices.iter().enumerate().map(|(i, y)| (*y, u32::try_from(i).unwrap_or(u32::MAX))).collect();

    let mut memberships: Vec<CompiledMembership> = parts
        .memberships
        .iter()
        .filter_map(|m| {
            let (patients_start, patients_len) = slices.get(&m.ydernummer).copied().unwrap_or((0, 0));
            Some(CompiledMembership {
                cluster: *cluster_index.get(&m.cluster)?,
                practice: *practice_index.get(&m.ydernummer)?,
                capacities: *capacities.get(&m.ydernummer)?,
                period: m.period,
                patients_start,
                patients_len,
                by_transfer: m.by_transfer,
                first: false,
                ends_by_transfer: false,
            })
        })
        .collect();
    // GR-STARTUP: the earliest membership of each practice; MEM-TRANSFER: the membership that
    // the next one (begun by transfer on its leaving day) continues. Both by practice order.
    let mut by_practice: Vec<usize> = (0..memberships.len()).collect();
    by_practice.sort_by_key(|i| memberships.get(*i).map(|m| (m.practice, m.period.joined())));
    let mut previous: Option<u32> = None;
    for (k, i) in by_practice.iter().enumerate() {
        let next = by_practice
            .get(k + 1)
            .and_then(|n| memberships.get(*n))
            .map(|n| (n.practice, n.by_transfer, n.cluster, n.period.joined()));
        if let Some(m) = memberships.get_mut(*i) {
            m.first = previous != Some(m.practice);
            previous = Some(m.practice);
            m.ends_by_transfer = matches!(next, Some((p, true, c, joined))
                if p == m.practice && c != m.cluster && Some(joined) == m.period.left());
        }
    }
    memberships.sort_by_key(|m| (m.cluster, m.practice, m.period.joined()));
    // Each membership gets its own copy of its practice's counts, laid out in membership
    // order, so that the computation reads them in sequence rather than jumping around.
    let mut laid_out: Vec<(i32, PatientCount)> = Vec::with_capacity(patients.len());
    for m in &mut memberships {
        let start = m.patients_start as usize;
        let counts = patients.get(start..start + m.patients_len as usize).unwrap_or_default();
        m.patients_start = u32::try_from(laid_out.len()).unwrap_or(u32::MAX);
        laid_out.extend(counts.iter().map(|(_, year, count)| (*year, *count)));
    }
    Compiled {
        cluster_ids: clusters.iter().map(|c| c.id.clone()).collect(),
        clusters: clusters.iter().map(|c| CompiledCluster { completed: c.completed }).collect(),
        practices: practices.into(),
        memberships,
        patients: laid_out,
        rates: parts.rates.iter().map(|r| (r.year, r.rate)).collect(),
        policy: parts.policy,
    }
}

/// Walks a JSON value, collecting every problem with its path.
struct Reader {
    errors: ValidationErrors,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Reader {
    fn wrong(&mut self, path: &str, rule: Rule, expected: &str, expected_da: &str, found: &Value) {
        let found_name = type_name(found);
        self.errors.push(problem(
            path,
            rule,
            format!("expected {expected}, found {found_name}"),
            format!("forventede {expected_da}, fandt {found_name}"),
        ));
    }

    /// An object whose keys are all in `allowed` (unknown fields are refused, FORMAT).
    fn object<'v>(&mut self, value: &'v Value, path: &str, allowed: &[&str]) -> Option<&'v Map<String, Value>> {
        let Value::Object(map) = value else {
            self.wrong(path, Rule::Format, "an object", "et objekt", value);
            return None;
        };
        for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.errors.push(problem(
                join(path, key),
                Rule::Format,
                format!("unknown field {key:?}; expected one of {}", allowed.join(", ")),
                format!("ukendt felt {key:?}; forventede et af {}", allowed.join(", ")),
            ));
        }
        Some(map)
    }

    fn missing(&mut self, path: &str) {
        self.errors.push(problem(path, Rule::Format, "this field is required", "feltet skal udfyldes"));
    }

    /// The items of an array field; absent is `None` (and a problem when `required`).
    fn array<'v>(&mut self, map: &'v Map<String, Value>, key: &str, required: bool) -> Option<&'v [Value]> {
        match map.get(key) {
            None if required => {
                self.missing(key);
                None
            }
            None => None,
            Some(Value::Array(items)) => Some(items),
            Some(other) => {
                self.wrong(key, Rule::Format, "an array", "en liste", other);
                None
            }
        }
    }

    /// A string field parsed by `FromStr`; `None` when absent or null and not required.
    fn parsed<T>(&mut self, map: &Map<String, Value>, path: &str, key: &str, required: bool) -> Option<Option<T>>
    where
        T: FromStr,
        T::Err: Explain,
    {
        let path = join(path, key);
        match map.get(key) {
            None | Some(Value::Null) if !required => Some(None),
            None => {
                self.missing(&path);
                None
            }
            Some(Value::String(text)) => self.errors.check(&path, text.parse::<T>()).map(Some),
            Some(other) => {
                self.wrong(&path, Rule::Format, "a string", "en tekst", other);
                None
            }
        }
    }

    fn date(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
        rule: Rule,
    ) -> Option<Option<NaiveDate>> {
        let full = join(path, key);
        match map.get(key) {
            None | Some(Value::Null) if !required => Some(None),
            None | Some(Value::Null) => {
                self.missing(&full);
                None
            }
            Some(Value::String(text)) => match text.parse::<NaiveDate>() {
                Ok(date) => self.errors.check(&full, check_date(date, rule)).map(Some),
                Err(_) => {
                    self.errors.push(problem(
                        &full,
                        Rule::Format,
                        format!("{text:?} is not a date YYYY-MM-DD"),
                        format!("{text:?} er ikke en dato ÅÅÅÅ-MM-DD"),
                    ));
                    None
                }
            },
            Some(other) => {
                self.wrong(&full, Rule::Format, "a date string YYYY-MM-DD", "en dato ÅÅÅÅ-MM-DD", other);
                None
            }
        }
    }

    fn integer(&mut self, map: &Map<String, Value>, path: &str, key: &str, rule: Rule) -> Option<i64> {
        let full = join(path, key);
        match map.get(key) {
            None => {
                self.missing(&full);
                None
            }
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(other) => {
                self.wrong(&full, rule, "a whole number", "et helt tal", other);
                None
            }
        }
    }

    fn boolean(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> Option<bool> {
        match map.get(key) {
            None => Some(false),
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.wrong(&join(path, key), Rule::Format, "true or false", "true eller false", other);
                None
            }
        }
    }

    /// Reads every item of a list: the items that parsed, and their positions in the list.
    fn list<T>(
        &mut self,
        items: Option<&[Value]>,
        name: &str,
        mut read: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
    ) -> (Vec<T>, Vec<usize>) {
        let mut out = Vec::new();
        let mut positions = Vec::new();
        for (i, item) in items.unwrap_or_default().iter().enumerate() {
            if let Some(value) = read(self, item, &format!("{name}[{i}]")) {
                out.push(value);
                positions.push(i);
            }
        }
        (out, positions)
    }

    fn scenario(&mut self, value: &Value) -> Option<(ScenarioParts, Positions)> {
        const FIELDS: [&str; 6] = ["clusters", "practices", "memberships", "patients", "rates", "policy"];
        let map = self.object(value, "", &FIELDS)?;
        let clusters = self.array(map, "clusters", true);
        let practices = self.array(map, "practices", true);
        let memberships = self.array(map, "memberships", true);
        let patients = self.array(map, "patients", true);
        let rates = self.array(map, "rates", false);
        let (clusters, cluster_positions) = self.list(clusters, "clusters", Reader::cluster);
        let (practices, practice_positions) = self.list(practices, "practices", Reader::practice);
        let (memberships, membership_positions) = self.list(memberships, "memberships", Reader::membership);
        let (patients, patient_positions) = self.list(patients, "patients", Reader::patients);
        let (rates, rate_positions) = self.list(rates, "rates", Reader::rate);
        let policy = match map.get("policy") {
            None | Some(Value::Null) => Policy::default(),
            Some(value) => self.policy(value).unwrap_or_default(),
        };
        let positions = Positions {
            clusters: cluster_positions,
            practices: practice_positions,
            memberships: membership_positions,
            patients: patient_positions,
            rates: rate_positions,
        };
        Some((ScenarioParts { clusters, practices, memberships, patients, rates, policy }, positions))
    }

    fn cluster(&mut self, value: &Value, path: &str) -> Option<ScenarioCluster> {
        let map = self.object(value, path, &["id", "name", "cvr", "municipality", "founded", "completed"])?;
        let id = self.parsed::<ClusterId>(map, path, "id", true);
        let name = match map.get("name") {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(text)) => self.errors.check(&join(path, "name"), check_name("name", text)).map(Some),
            Some(other) => {
                self.wrong(&join(path, "name"), Rule::Format, "a string", "en tekst", other);
                None
            }
        };
        let cvr = self.parsed::<Cvr>(map, path, "cvr", false);
        let municipality = match map.get("municipality") {
            Some(Value::String(code)) if !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())) => {
                self.errors.push(problem(
                    join(path, "municipality"),
                    Rule::IdKommune,
                    format!("{code:?} is not a 3-digit municipality code"),
                    format!("{code:?} er ikke en 3-cifret kommunekode"),
                ));
                None
            }
            _ => self.parsed::<Municipality>(map, path, "municipality", false),
        };
        let founded = self.date(map, path, "founded", true, Rule::Format);
        let completed = self.date(map, path, "completed", false, Rule::CmpOnce);
        Some(ScenarioCluster {
            id: id??,
            name: name?,
            cvr: cvr?,
            municipality: municipality?,
            founded: founded??,
            completed: completed?,
        })
    }

    fn practice(&mut self, value: &Value, path: &str) -> Option<ScenarioPractice> {
        let map = self.object(value, path, &["ydernummer", "capacities"])?;
        let ydernummer = self.parsed::<Ydernummer>(map, path, "ydernummer", true);
        let capacities = self
            .integer(map, path, "capacities", Rule::MemCapacity)
            .and_then(|n| self.errors.check(&join(path, "capacities"), Capacities::new(n)));
        Some(ScenarioPractice { ydernummer: ydernummer??, capacities: capacities? })
    }

    fn membership(&mut self, value: &Value, path: &str) -> Option<ScenarioMembership> {
        let map = self.object(value, path, &["ydernummer", "cluster", "joined", "left", "by_transfer"])?;
        let ydernummer = self.parsed::<Ydernummer>(map, path, "ydernummer", true);
        let cluster = self.parsed::<ClusterId>(map, path, "cluster", true);
        let joined = self.date(map, path, "joined", true, Rule::MemPeriod);
        let left = self.date(map, path, "left", false, Rule::MemPeriod);
        let by_transfer = self.boolean(map, path, "by_transfer");
        let period = match (joined, left) {
            (Some(Some(joined)), Some(left)) => {
                self.errors.check(&join(path, "left"), MembershipPeriod::new(joined, left))
            }
            _ => None,
        };
        Some(ScenarioMembership {
            ydernummer: ydernummer??,
            cluster: cluster??,
            period: period?,
            by_transfer: by_transfer?,
        })
    }

    fn patients(&mut self, value: &Value, path: &str) -> Option<ScenarioPatients> {
        let map = self.object(value, path, &["ydernummer", "year", "count"])?;
        let ydernummer = self.parsed::<Ydernummer>(map, path, "ydernummer", true);
        let year = self.year(map, path, Rule::MemPatients);
        let count = self
            .integer(map, path, "count", Rule::MemPatients)
            .and_then(|n| self.errors.check(&join(path, "count"), PatientCount::new(n)));
        Some(ScenarioPatients { ydernummer: ydernummer??, year: year?, count: count? })
    }

    fn rate(&mut self, value: &Value, path: &str) -> Option<ScenarioRate> {
        let map = self.object(value, path, &["year", "rate"])?;
        let year = self.year(map, path, Rule::GrRate);
        let rate = self.parsed::<Rate>(map, path, "rate", true);
        Some(ScenarioRate { year: year?, rate: rate?? })
    }

    fn year(&mut self, map: &Map<String, Value>, path: &str, rule: Rule) -> Option<i32> {
        self.integer(map, path, "year", rule).and_then(|y| self.errors.check(&join(path, "year"), check_year(y, rule)))
    }

    fn policy(&mut self, value: &Value) -> Option<Policy> {
        let map = self.object(value, "policy", &["clawback_on_transfer"])?;
        Some(Policy { clawback_on_transfer: self.boolean(map, "policy", "clawback_on_transfer")? })
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}
