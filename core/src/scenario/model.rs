//! The items of a scenario as the caller gives them: clusters, practices, memberships, patient
//! counts, rates and the policy. Each item holds only valid values; how they relate to each
//! other is checked by [`Scenario::new`](super::Scenario::new).

use chrono::NaiveDate;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::dates::MembershipPeriod;
use crate::geography::Municipality;
use crate::ids::{ClusterId, Cvr, Ydernummer};
use crate::money::Rate;
use crate::registry::members::{Capacities, PatientCount};

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
    /// docs/formats.md writes the period as `joined` and `left`.
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

/// Whether `patients` stand in order of practice and year (as input usually comes): the
/// cross-checks and the compilation then walk them as they are, instead of sorting a copy.
pub(crate) fn patients_in_order(patients: &[ScenarioPatients]) -> bool {
    patients.windows(2).all(|pair| match pair {
        [a, b] => (a.ydernummer, a.year) <= (b.ydernummer, b.year),
        _ => true,
    })
}
