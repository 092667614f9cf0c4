//! Practices and their memberships: doctor capacities (MEM-CAPACITY), group-1 patients per
//! year (MEM-PATIENTS), membership records (MEM-PERIOD, MEM-TRANSFER) and the confirmation
//! mail request of MEM-ADD.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::MembershipPeriod;
use crate::geography::Municipality;
use crate::ids::{ClusterId, Email, Ydernummer};
use crate::problem::Explain;
use crate::rule::Rule;

/// A count is outside its bounds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CountError {
    /// MEM-CAPACITY: capacities are 1 to [`Capacities::MAX`].
    #[error("a practice has 1 to {max} doctor capacities, not {given}", max = Capacities::MAX)]
    Capacities {
        /// The value given.
        given: String,
    },
    /// MEM-PATIENTS: patients are 0 to [`PatientCount::MAX`].
    #[error("a practice has 0 to {max} group-1 patients, not {given}", max = PatientCount::MAX)]
    Patients {
        /// The value given.
        given: String,
    },
}

impl Explain for CountError {
    fn rule(&self) -> Rule {
        match self {
            CountError::Capacities { .. } => Rule::MemCapacity,
            CountError::Patients { .. } => Rule::MemPatients,
        }
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        match self {
            CountError::Capacities { given } => {
                format!("en praksis har 1 til {} lægekapaciteter, ikke {given}", Capacities::MAX)
            }
            CountError::Patients { given } => {
                format!("en praksis har 0 til {} gruppe 1-patienter, ikke {given}", PatientCount::MAX)
            }
        }
    }
}

/// MEM-CAPACITY: a practice's whole number of doctor capacities, 1 to 1,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u16")]
pub struct Capacities(u16);

impl Capacities {
    /// The most capacities one practice may have; bounds the startup fee (no overflow).
    pub const MAX: u16 = 1000;

    /// Checks the bounds.
    pub fn new(value: i64) -> Result<Self, CountError> {
        u16::try_from(value)
            .ok()
            .filter(|v| (1..=Self::MAX).contains(v))
            .map(Capacities)
            .ok_or_else(|| CountError::Capacities { given: value.to_string() })
    }

    /// The number of capacities.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<i64> for Capacities {
    type Error = CountError;

    fn try_from(value: i64) -> Result<Self, CountError> {
        Capacities::new(value)
    }
}

impl From<Capacities> for u16 {
    fn from(value: Capacities) -> u16 {
        value.0
    }
}

impl FromStr for Capacities {
    type Err = CountError;

    fn from_str(s: &str) -> Result<Self, CountError> {
        s.trim().parse::<i64>().map_err(|_| CountError::Capacities { given: s.to_owned() }).and_then(Capacities::new)
    }
}

impl fmt::Display for Capacities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// MEM-PATIENTS: a practice's group-1 patients in a grant year, 0 to 10,000,000 (more than
/// Denmark's population, and a bound that keeps every grant line far from overflow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct PatientCount(u32);

impl PatientCount {
    /// The largest count accepted.
    pub const MAX: u32 = 10_000_000;

    /// Checks the bounds.
    pub fn new(value: i64) -> Result<Self, CountError> {
        u32::try_from(value)
            .ok()
            .filter(|v| *v <= Self::MAX)
            .map(PatientCount)
            .ok_or_else(|| CountError::Patients { given: value.to_string() })
    }

    /// The count.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for PatientCount {
    type Error = CountError;

    fn try_from(value: i64) -> Result<Self, CountError> {
        PatientCount::new(value)
    }
}

impl From<PatientCount> for u32 {
    fn from(value: PatientCount) -> u32 {
        value.0
    }
}

impl FromStr for PatientCount {
    type Err = CountError;

    fn from_str(s: &str) -> Result<Self, CountError> {
        s.trim().parse::<i64>().map_err(|_| CountError::Patients { given: s.to_owned() }).and_then(PatientCount::new)
    }
}

impl fmt::Display for PatientCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A general practice, known to the registry by its ydernummer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub(crate) ydernummer: Ydernummer,
    pub(crate) capacities: Capacities,
    pub(crate) email: Option<Email>,
    pub(crate) municipality: Option<Municipality>,
    pub(crate) patients: BTreeMap<i32, PatientCount>,
}

impl Practice {
    /// The practice's ydernummer.
    pub fn ydernummer(&self) -> Ydernummer {
        self.ydernummer
    }

    /// Its doctor capacities (MEM-CAPACITY).
    pub fn capacities(&self) -> Capacities {
        self.capacities
    }

    /// Its e-mail address, if known.
    pub fn email(&self) -> Option<&Email> {
        self.email.as_ref()
    }

    /// Its municipality, if known (used by the CMP-READY region warning).
    pub fn municipality(&self) -> Option<Municipality> {
        self.municipality
    }

    /// Its group-1 patients in `year`, if given (MEM-PATIENTS: never assumed).
    pub fn patients(&self, year: i32) -> Option<PatientCount> {
        self.patients.get(&year).copied()
    }

    /// Every year with a patient count.
    pub fn patient_counts(&self) -> impl Iterator<Item = (i32, PatientCount)> + '_ {
        self.patients.iter().map(|(y, c)| (*y, *c))
    }
}

/// The number of a membership in its registry, in the order memberships were made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MembershipId(pub(crate) u32);

impl MembershipId {
    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// One practice's membership of one cluster for one period (MEM-PERIOD).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub(crate) id: MembershipId,
    pub(crate) ydernummer: Ydernummer,
    pub(crate) cluster: ClusterId,
    pub(crate) period: MembershipPeriod,
    pub(crate) transferred_from: Option<MembershipId>,
}

impl Membership {
    /// Its number in the registry.
    pub fn id(&self) -> MembershipId {
        self.id
    }

    /// The member practice.
    pub fn ydernummer(&self) -> Ydernummer {
        self.ydernummer
    }

    /// The cluster.
    pub fn cluster(&self) -> &ClusterId {
        &self.cluster
    }

    /// Its days (MEM-PERIOD).
    pub fn period(&self) -> MembershipPeriod {
        self.period
    }

    /// MEM-TRANSFER: the membership in another cluster that this one continues, if it began
    /// by transfer.
    pub fn transferred_from(&self) -> Option<MembershipId> {
        self.transferred_from
    }

    /// True when the membership began by transfer.
    pub fn by_transfer(&self) -> bool {
        self.transferred_from.is_some()
    }
}

/// MEM-ADD: a request for the host to send a confirmation mail to a practice that was added.
/// The library sends nothing itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationMail {
    /// Where to send it.
    pub to: Email,
    /// The practice that was added.
    pub ydernummer: Ydernummer,
    /// The cluster it was added to.
    pub cluster: ClusterId,
    /// The cluster's name.
    pub cluster_name: String,
    /// The first day of membership.
    #[serde(with = "crate::dates::strict")]
    pub joined: NaiveDate,
}

impl ConfirmationMail {
    /// A subject line in Danish.
    pub fn subject_da(&self) -> String {
        format!("Ydernummer {} er tilføjet til {}", self.ydernummer, self.cluster_name)
    }

    /// A body in Danish.
    pub fn body_da(&self) -> String {
        format!(
            "Klyngekoordinatoren har tilføjet ydernummer {} til klyngen {} fra {}.\n\
             Kontakt klyngekoordinatoren, hvis det ikke er korrekt.",
            self.ydernummer, self.cluster_name, self.joined
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mem_capacity_is_a_whole_number_of_at_least_one() {
        assert_eq!(Capacities::new(1).unwrap().get(), 1);
        assert!(Capacities::new(0).is_err());
        assert!(Capacities::new(-1).is_err());
        assert!(Capacities::new(1001).is_err());
        assert_eq!("0".parse::<Capacities>().unwrap_err().rule(), Rule::MemCapacity);
        assert!(serde_json::from_str::<Capacities>("2.5").is_err());
        assert!(serde_json::from_str::<Capacities>("0").is_err());
        assert_eq!(serde_json::from_str::<Capacities>("2").unwrap().get(), 2);
    }

    #[test]
    fn mem_patients_are_bounded() {
        assert_eq!(PatientCount::new(0).unwrap().get(), 0);
        assert!(PatientCount::new(-1).is_err());
        assert!(PatientCount::new(10_000_001).is_err());
        assert_eq!("x".parse::<PatientCount>().unwrap_err().rule(), Rule::MemPatients);
    }
}
