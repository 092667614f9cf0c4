//! The grant rules' small functions: the consultant fee (GR-CONSULTANT) and the payout window
//! (CMP-PAYOUT).

use chrono::NaiveDate;
use pyo3::prelude::*;
use rust_decimal::Decimal;

use crate::conversion::{decimal, explained};
use klynge::Rule;
use klynge::grants::Parameters;

/// GR-CONSULTANT: the fee for `hours` (Decimal, int or str; never a float) of work on `date`.
#[pyfunction]
pub fn consultant_fee(hours: &Bound<'_, PyAny>, date: NaiveDate) -> PyResult<Decimal> {
    let hours = decimal(hours, "hours", Rule::GrConsultant)?;
    explained(klynge::grants::consultant_fee(&Parameters::official(), hours, date), "hours").map(|d| d.amount())
}

/// GR-CONSULTANT: the hourly consultant rate in effect on `date`.
#[pyfunction]
pub fn consultant_hourly_rate(date: NaiveDate) -> PyResult<Decimal> {
    explained(klynge::grants::consultant_hourly_rate(&Parameters::official(), date), "date").map(|d| d.amount())
}

/// CMP-PAYOUT: when money paid to the cluster by `payer` (`region` or `plo`) on `payout` is
/// expected on its account: the region's 2 to 4 weeks later, PLO's on the day (as the calendar
/// gives it). A payout outside the supported years is a `ValidationError` (the window could
/// pass the last date Python has).
#[pyfunction]
pub fn payout_window(payout: NaiveDate, payer: &str) -> PyResult<(NaiveDate, NaiveDate)> {
    let payout = explained(klynge::dates::check_date(payout, Rule::CmpPayout), "payout")?;
    let payer = crate::registry::code::<klynge::Payer>(payer)?;
    Ok(klynge::grants::expected_window(payer, payout))
}
