//! Grants (docs/rules.md section 6): startup fees, annual grants, clawbacks, payout dates and
//! payers, as an explainable [`GrantReport`].
//!
//! [`compute`] takes a validated [`Scenario`], the dated [`Parameters`] and grant years
//! `first..=last`. A missing rate or patient count is an error naming the practice and year
//! (GR-RATE, MEM-PATIENTS); nothing is assumed. The result does not depend on the order of the
//! scenario's lists.

pub mod adjust;
mod amounts;
mod clawback;
pub mod compare;
pub(crate) mod compute;
pub mod consultant;
mod explain;
pub mod line;
pub mod parameters;
pub mod payout;
pub mod report;
mod report_json;
mod schemes;
pub(crate) mod storage;
pub mod sweep;
pub mod variants;
pub mod view;

/// The grant engine's stream of lines: the one interface the computations built on it (the
/// report, the sweep, the calendar) use: every line in FORMAT's order with what it was made
/// from, and each cluster's grant year as it is done, with the inputs it lacked.
pub(crate) mod engine {
    pub(crate) use super::compute::{Lacking, LineSink, Made, make_lines};
}

pub use adjust::{Adjustment, Adjustments, Cause, CauseKind, Due, Settlement, adjustments};
pub use compare::{ComparisonRow, compare, compare_common};
pub use compute::{LeftOut, MAX_MEMBERSHIP_YEARS, compute, compute_known};
pub use consultant::{ConsultantError, consultant_fee, consultant_hourly_rate};
pub use line::{CompactLine, Line, LineKind, Period, REPORT_COLUMNS};
pub use parameters::{DayOfYear, Parameters, Payer, Scheme};
pub use payout::{payout_date, payout_window};
pub use report::{GrantReport, Provenance, Totals};
pub use sweep::{Sweep, SweepRow, Variant, sweep};
pub use view::{ClusterLine, ClusterView, expected_window};

use crate::problem::ValidationErrors;
use crate::scenario::Scenario;

impl Scenario {
    /// The grant report for `first..=last` with the official parameters and the scenario's own
    /// rates.
    pub fn grants(&self, first: i32, last: i32) -> Result<GrantReport, ValidationErrors> {
        compute(self, &Parameters::official(), first, last)
    }

    /// The grant report for `first..=last` with the given parameters (see [`compute`]).
    pub fn grants_with(&self, parameters: &Parameters, first: i32, last: i32) -> Result<GrantReport, ValidationErrors> {
        compute(self, parameters, first, last)
    }

    /// The report of what can be computed, and what was left out for want of a rate or a
    /// count (see [`compute_known`]): for calendars and reconciliations of clusters founded
    /// before the first rate.
    pub fn grants_known(
        &self,
        parameters: &Parameters,
        first: i32,
        last: i32,
    ) -> Result<(GrantReport, Vec<LeftOut>), ValidationErrors> {
        compute_known(self, parameters, first, last)
    }
}
