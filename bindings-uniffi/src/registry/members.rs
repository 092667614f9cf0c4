//! Members: the confirmation mail of a new member (MEM-ADD), why a membership ended
//! (MEM-LEAVE), a practice as it stood on a day (MEM-CAPACITY, MEM-DETAILS) and the member
//! list (MEM-LIST).

use crate::types::CalendarDate;

/// MEM-ADD: a confirmation mail for the host to send.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ConfirmationMail {
    pub to: String,
    pub ydernummer: String,
    pub cluster: String,
    pub cluster_name: String,
    pub joined: CalendarDate,
    pub subject_da: String,
    pub body_da: String,
}

/// MEM-LEAVE: why the coordinator ends a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LeaveReason {
    /// The practice left.
    Left,
    /// The cluster excluded it under its rules.
    Excluded,
    /// Its ydernummer ceased: it cannot be added again.
    Closed,
}

impl From<LeaveReason> for klynge::LeaveReason {
    fn from(reason: LeaveReason) -> Self {
        match reason {
            LeaveReason::Left => klynge::LeaveReason::Left,
            LeaveReason::Excluded => klynge::LeaveReason::Excluded,
            LeaveReason::Closed => klynge::LeaveReason::Closed,
        }
    }
}

/// MEM-LEAVE, MEM-TRANSFER: why a membership ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum EndReason {
    /// The practice left.
    Left,
    /// The cluster excluded it.
    Excluded,
    /// Its ydernummer ceased.
    Closed,
    /// It moved to another cluster.
    Transferred,
}

impl From<klynge::EndReason> for EndReason {
    fn from(reason: klynge::EndReason) -> Self {
        match reason {
            klynge::EndReason::Left => EndReason::Left,
            klynge::EndReason::Excluded => EndReason::Excluded,
            klynge::EndReason::Closed => EndReason::Closed,
            klynge::EndReason::Transferred => EndReason::Transferred,
        }
    }
}

/// A practice as it stood on a day: its details (MEM-DETAILS) and doctor capacities
/// (MEM-CAPACITY).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PracticeOnDay {
    pub ydernummer: String,
    pub name: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    /// The capacities in force on the day.
    pub capacities: i64,
}

/// MEM-LIST: one membership on a member list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MemberRow {
    pub ydernummer: String,
    pub name: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    /// The capacities on the list's (last) day.
    pub capacities: i64,
    pub joined: CalendarDate,
    /// The first day without, where one is registered.
    pub left: Option<CalendarDate>,
    /// Why it ended, where it did.
    pub reason: Option<EndReason>,
}

/// MEM-LIST: a cluster's member list on a day or over a period, rows and the CSV text the
/// region and PLO take.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MemberList {
    pub cluster: String,
    pub first: CalendarDate,
    pub last: CalendarDate,
    /// Sorted by joining day, then ydernummer.
    pub rows: Vec<MemberRow>,
    /// docs/formats.md "Member list": CSV with a header row.
    pub csv: String,
}

impl From<&klynge::MemberList> for MemberList {
    fn from(list: &klynge::MemberList) -> Self {
        MemberList {
            cluster: list.cluster.to_string(),
            first: list.first.into(),
            last: list.last.into(),
            rows: list
                .rows()
                .iter()
                .map(|row| MemberRow {
                    ydernummer: row.ydernummer.to_string(),
                    name: row.name.clone(),
                    address: row.address.clone(),
                    email: row.email.as_ref().map(ToString::to_string),
                    capacities: i64::from(row.capacities.get()),
                    joined: row.joined.into(),
                    left: row.left.map(Into::into),
                    reason: row.reason.map(Into::into),
                })
                .collect(),
            csv: list.to_csv(),
        }
    }
}
