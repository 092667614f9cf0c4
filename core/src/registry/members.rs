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
use crate::registry::error::RegistryError;
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

/// A value that changes on dated days (MEM-CAPACITY, MEM-DETAILS): each change holds from its
/// day until the next. Two changes dated the same day: the later one registered stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dated<T>(Vec<(NaiveDate, T)>);

impl<T> Default for Dated<T> {
    fn default() -> Self {
        Dated(Vec::new())
    }
}

impl<T> Dated<T> {
    /// The value holds from `from` on (until the next change).
    pub(crate) fn set(&mut self, from: NaiveDate, value: T) {
        match self.0.binary_search_by_key(&from, |(day, _)| *day) {
            Ok(at) => {
                if let Some(slot) = self.0.get_mut(at) {
                    slot.1 = value;
                }
            }
            Err(at) => self.0.insert(at, (from, value)),
        }
    }

    /// The value in force on `day`: the last change on or before it.
    pub(crate) fn on(&self, day: NaiveDate) -> Option<&T> {
        let after = self.0.partition_point(|(from, _)| *from <= day);
        after.checked_sub(1).and_then(|at| self.0.get(at)).map(|(_, value)| value)
    }

    /// The earliest value.
    pub(crate) fn first(&self) -> Option<&T> {
        self.0.first().map(|(_, value)| value)
    }

    /// The value from the latest change on.
    pub(crate) fn latest(&self) -> Option<&T> {
        self.0.last().map(|(_, value)| value)
    }

    /// Every change, by day.
    pub(crate) fn changes(&self) -> impl Iterator<Item = (NaiveDate, &T)> + '_ {
        self.0.iter().map(|(day, value)| (*day, value))
    }
}

/// The dated values of a practice, derived from the history (a replay builds them; they are
/// not stored).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct PracticeTimeline {
    pub(crate) capacities: Dated<Capacities>,
    pub(crate) name: Dated<Option<String>>,
    pub(crate) address: Dated<Option<String>>,
    pub(crate) email: Dated<Option<Email>>,
}

/// A general practice, known to the registry by its ydernummer.
///
/// The stored form keeps the values in force from the latest change on; the registry also
/// answers them on any day ([`Practice::capacities_on`], [`Practice::details_on`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub(crate) ydernummer: Ydernummer,
    pub(crate) capacities: Capacities,
    pub(crate) email: Option<Email>,
    pub(crate) municipality: Option<Municipality>,
    pub(crate) patients: BTreeMap<i32, PatientCount>,
    /// MEM-DETAILS (absent from registries stored before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// MEM-DETAILS (absent from registries stored before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) address: Option<String>,
    #[serde(skip)]
    pub(crate) timeline: PracticeTimeline,
}

/// MEM-DETAILS: a practice's name, clinic address and e-mail, as on one day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PracticeDetails {
    /// Its name, if given.
    pub name: Option<String>,
    /// Its clinic address, if given.
    pub address: Option<String>,
    /// Its e-mail, if given.
    pub email: Option<Email>,
}

impl Practice {
    /// A practice that joins for the first time on `day` with `capacities`.
    pub(crate) fn new(ydernummer: Ydernummer, capacities: Capacities, day: NaiveDate) -> Self {
        let mut timeline = PracticeTimeline::default();
        timeline.capacities.set(day, capacities);
        Practice {
            ydernummer,
            capacities,
            email: None,
            municipality: None,
            patients: BTreeMap::new(),
            name: None,
            address: None,
            timeline,
        }
    }

    /// Sets the stored values to those in force from the latest change on.
    pub(crate) fn refresh(&mut self) {
        if let Some(capacities) = self.timeline.capacities.latest() {
            self.capacities = *capacities;
        }
        self.name = self.timeline.name.latest().cloned().flatten();
        self.address = self.timeline.address.latest().cloned().flatten();
        self.email = self.timeline.email.latest().cloned().flatten();
    }

    /// The practice's ydernummer.
    pub fn ydernummer(&self) -> Ydernummer {
        self.ydernummer
    }

    /// Its doctor capacities from the latest change on (MEM-CAPACITY).
    pub fn capacities(&self) -> Capacities {
        self.capacities
    }

    /// MEM-CAPACITY: its doctor capacities on `day`: those of the last change on or before it,
    /// a change dated that day included. Before the first change, the capacities given when the
    /// registry first heard of the practice (nothing earlier is known).
    pub fn capacities_on(&self, day: NaiveDate) -> Capacities {
        let capacities = &self.timeline.capacities;
        capacities.on(day).or_else(|| capacities.first()).copied().unwrap_or(self.capacities)
    }

    /// MEM-CAPACITY: every dated change of its capacities, by day (the first is the joining).
    pub fn capacity_changes(&self) -> impl Iterator<Item = (NaiveDate, Capacities)> + '_ {
        self.timeline.capacities.changes().map(|(day, c)| (day, *c))
    }

    /// Its e-mail address from the latest change on, if known.
    pub fn email(&self) -> Option<&Email> {
        self.email.as_ref()
    }

    /// MEM-DETAILS: its name from the latest change on, if given.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// MEM-DETAILS: its clinic address from the latest change on, if given.
    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }

    /// MEM-DETAILS: its name, clinic address and e-mail as they stood on `day` (each as of its
    /// last change on or before the day; none before its first).
    pub fn details_on(&self, day: NaiveDate) -> PracticeDetails {
        PracticeDetails {
            name: self.timeline.name.on(day).cloned().flatten(),
            address: self.timeline.address.on(day).cloned().flatten(),
            email: self.timeline.email.on(day).cloned().flatten(),
        }
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

/// MEM-DETAILS: the most characters of a name or an address.
pub const MAX_DETAIL_CHARS: usize = 200;

/// MEM-DETAILS: a name or an address, trimmed; an empty one clears the field.
pub(crate) fn check_detail(field: &'static str, text: &str) -> Result<Option<String>, RegistryError> {
    let value = text.trim();
    let chars = value.chars().count();
    if value.chars().any(char::is_control) {
        Err(RegistryError::DetailControl { field })
    } else if chars > MAX_DETAIL_CHARS {
        Err(RegistryError::DetailTooLong { field, chars })
    } else {
        Ok((!value.is_empty()).then(|| value.to_owned()))
    }
}

/// MEM-LEAVE: why the coordinator ends a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveReason {
    /// The practice left (the reason of a leave stored without one).
    #[default]
    Left,
    /// The cluster excluded it under its rules.
    Excluded,
    /// Its ydernummer ceased; it cannot be added again.
    Closed,
}

crate::problem::codes!(LeaveReason, "reason", Rule::MemLeave, ("a reason for leaving", "en årsag til udmeldelse"), {
    Left = "left",
    Excluded = "excluded",
    Closed = "closed",
});

/// MEM-LEAVE, MEM-TRANSFER: why a membership ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The practice left.
    Left,
    /// The cluster excluded it.
    Excluded,
    /// Its ydernummer ceased.
    Closed,
    /// It moved to another cluster (MEM-TRANSFER).
    Transferred,
}

crate::problem::codes!(EndReason, "reason", Rule::MemLeave, ("a reason a membership ended", "en årsag til at et medlemskab sluttede"), {
    Left = "left",
    Excluded = "excluded",
    Closed = "closed",
    Transferred = "transferred",
});

impl From<LeaveReason> for EndReason {
    fn from(reason: LeaveReason) -> Self {
        match reason {
            LeaveReason::Left => EndReason::Left,
            LeaveReason::Excluded => EndReason::Excluded,
            LeaveReason::Closed => EndReason::Closed,
        }
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
    /// MEM-LEAVE: why it ended (absent from registries stored before reasons were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<EndReason>,
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

    /// MEM-LEAVE: why it ended; `None` while it is open.
    pub fn reason(&self) -> Option<EndReason> {
        self.reason
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
