//! GR-CLAWBACK and GR-TRANSFER: repaying (or withholding) the startup fee when a practice
//! leaves before the first anniversary of joining.

use chrono::NaiveDate;

use crate::dates::anniversary;
use crate::scenario::{CompiledMembership, Policy};

/// What happens to a membership's startup fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeeOutcome {
    /// The fee stands.
    Kept,
    /// The fee was paid and is repaid on the leaving day.
    ClawedBack {
        /// The leaving day: the repayment's due date.
        left: NaiveDate,
    },
    /// The fee is not paid at all: no fee line and no repayment.
    Withheld,
}

/// GR-CLAWBACK: a practice that leaves before the first anniversary of joining repays its fee
/// on the leaving day; leaving on the anniversary costs nothing. Where the fee's payout date is
/// after the leaving day, or the fee is pending, it is withheld instead. GR-TRANSFER (*policy*):
/// unless `clawback_on_transfer`, a transfer to another cluster is not a leave.
pub(crate) fn fee_outcome(m: &CompiledMembership, fee_due: Option<NaiveDate>, policy: Policy) -> FeeOutcome {
    let Some(left) = m.period.left() else { return FeeOutcome::Kept };
    let counts_as_leave = !m.ends_by_transfer || policy.clawback_on_transfer;
    if !counts_as_leave || left >= anniversary(m.period.joined()) {
        return FeeOutcome::Kept;
    }
    match fee_due {
        Some(due) if due <= left => FeeOutcome::ClawedBack { left },
        _ => FeeOutcome::Withheld,
    }
}
