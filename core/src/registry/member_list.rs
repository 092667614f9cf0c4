//! MEM-LIST: a cluster's member list, as the region and PLO draw it, on a day or over a period.
//!
//! One row per membership: `ydernummer`, `name`, `address`, `email`, `capacities` (on the
//! list's day, or the period's last day), `joined`, `left` (empty while no end is registered),
//! `reason` (`left`, `excluded`, `closed`, `transferred`; empty likewise), sorted by joining day
//! then ydernummer. Details are those in force on the list's (last) day. CSV text here; an Arrow
//! record batch with the `arrow` feature.
//!
//! ```
//! use klynge::*;
//! use chrono::NaiveDate;
//!
//! let day = |s: &str| s.parse::<NaiveDate>().unwrap();
//! let pdf = |kind| Document::from_pdf(kind, "doc.pdf", b"%PDF-1.7").unwrap();
//! let form = RegistrationForm {
//!     cvr: "12345674".into(),
//!     name: "Klynge Nordfyn".into(),
//!     coordinator_name: "Anne Hansen".into(),
//!     coordinator_email: "anne@example.dk".into(),
//!     coordinator_phone: "42144638".into(),
//!     coordinator_ydernummer: "061654".into(),
//!     coordinator_capacities: Some(2),
//!     municipality: "480".into(),
//!     founded: Some(day("2023-09-15")),
//!     documents: vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::Statutes)],
//! };
//! let anne = Actor::health_professional("Anne Hansen", "061654".parse()?);
//! let mut registry = Registry::new();
//! registry.apply(&anne, day("2023-10-01"), Command::CreateCluster { registration: form.validate()? })?;
//! let cluster: ClusterId = "12345674".parse()?;
//! let list = registry.member_list(&cluster, day("2024-01-31"))?;
//! assert_eq!(
//!     list.to_csv(),
//!     "ydernummer,name,address,email,capacities,joined,left,reason\n\
//!      061654,,,,2,2023-09-15,,\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Registry;
use super::error::RegistryError;
use super::members::{Capacities, EndReason, Membership};
use crate::ids::{ClusterId, Email, Ydernummer};
use crate::rule::Rule;

/// The columns of a member list, in order (docs/formats.md "Member list").
pub const MEMBER_LIST_COLUMNS: [&str; 8] =
    ["ydernummer", "name", "address", "email", "capacities", "joined", "left", "reason"];

/// One membership on a member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    /// The practice.
    pub ydernummer: Ydernummer,
    /// Its name, if given (MEM-DETAILS).
    pub name: Option<String>,
    /// Its clinic address, if given.
    pub address: Option<String>,
    /// Its e-mail, if given.
    pub email: Option<Email>,
    /// Its doctor capacities on the list's (last) day (MEM-CAPACITY).
    pub capacities: Capacities,
    /// The first day of the membership.
    #[serde(with = "crate::dates::strict")]
    pub joined: NaiveDate,
    /// The first day without, if registered.
    #[serde(with = "crate::dates::strict::option")]
    pub left: Option<NaiveDate>,
    /// Why it ended, if it did (MEM-LEAVE).
    pub reason: Option<EndReason>,
}

/// MEM-LIST: a cluster's member list on a day (`first == last`) or over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberList {
    /// The cluster.
    pub cluster: ClusterId,
    /// The first day of the list.
    #[serde(with = "crate::dates::strict")]
    pub first: NaiveDate,
    /// The last day of the list (the day the details and capacities are taken from).
    #[serde(with = "crate::dates::strict")]
    pub last: NaiveDate,
    rows: Vec<MemberRow>,
}

impl MemberList {
    /// The rows, sorted by joining day then ydernummer.
    pub fn rows(&self) -> &[MemberRow] {
        &self.rows
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no practice was a member.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The list as CSV text with a header row (docs/formats.md "Member list"); an empty cell
    /// where a value is not given.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        // Writing to memory cannot fail; an error would leave the text short, never wrong.
        let _ = writer.write_record(MEMBER_LIST_COLUMNS);
        for row in &self.rows {
            let date = |day: Option<NaiveDate>| day.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
            let _ = writer.write_record([
                row.ydernummer.to_string(),
                row.name.clone().unwrap_or_default(),
                row.address.clone().unwrap_or_default(),
                row.email.as_ref().map(ToString::to_string).unwrap_or_default(),
                row.capacities.to_string(),
                date(Some(row.joined)),
                date(row.left),
                row.reason.map(|r| r.as_str().to_owned()).unwrap_or_default(),
            ]);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

impl Registry {
    /// MEM-LIST: the member list of `cluster` on `day`: every membership that covers the day.
    pub fn member_list(&self, cluster: &ClusterId, day: NaiveDate) -> Result<MemberList, RegistryError> {
        self.member_list_over(cluster, day, day)
    }

    /// MEM-LIST: the member list of `cluster` over the days `first..=last`: every membership
    /// with a day in it, details and capacities as of `last`.
    pub fn member_list_over(
        &self,
        cluster: &ClusterId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<MemberList, RegistryError> {
        self.find(cluster, Rule::MemList)?;
        if last < first {
            return Err(RegistryError::ListPeriod { first, last });
        }
        let in_period = |m: &&Membership| m.period.joined() <= last && m.period.left().is_none_or(|left| left > first);
        let mut rows: Vec<MemberRow> = self
            .memberships_of(cluster)
            .filter(in_period)
            .filter_map(|m| {
                let practice = self.practices.get(&m.ydernummer)?;
                let details = practice.details_on(last);
                Some(MemberRow {
                    ydernummer: m.ydernummer,
                    name: details.name,
                    address: details.address,
                    email: details.email,
                    capacities: practice.capacities_on(last),
                    joined: m.period.joined(),
                    left: m.period.left(),
                    reason: m.reason,
                })
            })
            .collect();
        rows.sort_by_key(|row| (row.joined, row.ydernummer));
        Ok(MemberList { cluster: cluster.clone(), first, last, rows })
    }
}
