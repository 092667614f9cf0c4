//! MEM-ADD: the confirmation mail of a new member.

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
