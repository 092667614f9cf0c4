//! The amounts of the lines, in øre: the one place their formulas are written. The report
//! ([`compute`](super::compute)) makes each line's amount with them, and the sweep
//! ([`sweep`](super::sweep)) re-prices the same lines under each variant with them, so the two
//! cannot disagree.
//!
//! Bounds (ID-MONEY): a rate is at most 10,000 kr with 6 decimals, a count at most 10^7
//! patients, a share at most 366 days, a fee at most 10^12 kr per capacity and a practice at
//! most 1,000 capacities; every product stays far inside an `i128`, and the checked operations
//! answer `None` for anything else rather than panicking.

use crate::money::Rate;
use crate::money::{round_ore, round_ore_i64};

/// GR-ANNUAL-REGIONAL / GR-ANNUAL-PLO: a whole year's annual grant, `rate × patients`, rounded
/// once to øre (ID-MONEY). With a rate of whole øre nothing is rounded, so the sum of several
/// practices' grants is the grant of their summed patients.
#[inline(always)]
pub(crate) fn whole_year_ore(rate: RateRatio, patients: i128) -> Option<i128> {
    let per_year = rate.ore.checked_mul(patients)?;
    if rate.per == 1 { Some(per_year) } else { round_ore(per_year, rate.per) }
}

/// GR-ANNUAL-REGIONAL / GR-ANNUAL-PLO: a share of a year's annual grant,
/// `rate × patients × days / days_in_year`, given `patient_days = patients × days`, rounded
/// once to øre (ID-MONEY). Inlined: a caller that passes 365 or 366 as a constant divides by a
/// constant (a multiplication), the sweep's inner loop.
#[inline(always)]
pub(crate) fn share_ore(rate: RateRatio, patient_days: i64, days_in_year: i64) -> Option<i128> {
    if rate.per == 1
        && let Ok(ore) = i64::try_from(rate.ore)
        && let Some(numerator) = ore.checked_mul(patient_days)
    {
        return round_ore_i64(numerator, days_in_year).map(i128::from);
    }
    round_ore(rate.ore.checked_mul(i128::from(patient_days))?, rate.per.checked_mul(i128::from(days_in_year))?)
}

/// GR-STARTUP: the startup fee of `capacities` doctor capacities at `per_capacity` øre each;
/// GR-CLAWBACK repays the same amount.
#[inline(always)]
pub(crate) fn fee_ore(per_capacity: i128, capacities: i128) -> Option<i128> {
    per_capacity.checked_mul(capacities)
}

/// A rate as an exact ratio of øre per patient: `ore / per`. A rate with at most two decimals
/// is a whole number of øre (`per == 1`), so whole-year amounts need no division.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RateRatio {
    pub(crate) ore: i128,
    pub(crate) per: i128,
}

impl RateRatio {
    pub(crate) fn new(rate: Rate) -> Option<Self> {
        let value = rate.value();
        let (mantissa, scale) = (value.mantissa(), value.scale());
        if scale <= 2 {
            Some(RateRatio { ore: mantissa.checked_mul(10i128.checked_pow(2 - scale)?)?, per: 1 })
        } else {
            Some(RateRatio { ore: mantissa, per: 10i128.checked_pow(scale - 2)? })
        }
    }
}
