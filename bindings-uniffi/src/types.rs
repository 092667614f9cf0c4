//! Custom types: dates and decimals cross the FFI as text and arrive as the host's own types
//! (`java.time.LocalDate` / `java.math.BigDecimal` in Kotlin, `datetime.date` /
//! `decimal.Decimal` in Python; Swift gets the text). Lifting never fails: a value the core
//! cannot read is kept as text and reported as a `KlyngeError` by the function that uses it, so
//! nothing the host sends can make the boundary panic.

use chrono::NaiveDate;

use crate::error::KlyngeError;
use klynge::problem::quote;
use klynge::{Problem, Rule};

/// A calendar date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDate(Result<NaiveDate, String>);

uniffi::custom_type!(CalendarDate, String, {
    lower: |date| match date.0 {
        Ok(date) => date.to_string(),
        Err(text) => text,
    },
    try_lift: |text| Ok(CalendarDate(text.parse::<NaiveDate>().map_err(|_| text))),
});

impl CalendarDate {
    /// The date, or an error naming `field` and `rule`.
    pub fn get(&self, field: &str, rule: Rule) -> Result<NaiveDate, KlyngeError> {
        self.0.clone().map_err(|text| {
            KlyngeError::from(Problem::new(
                field,
                rule,
                format!("{} is not a date YYYY-MM-DD between the years 1 and 9999", quote(&text)),
                format!("{} er ikke en dato ÅÅÅÅ-MM-DD mellem år 1 og 9999", quote(&text)),
            ))
        })
    }
}

impl From<NaiveDate> for CalendarDate {
    fn from(date: NaiveDate) -> Self {
        CalendarDate(Ok(date))
    }
}

/// An exact decimal: money, rates, hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExactDecimal(Result<rust_decimal::Decimal, String>);

uniffi::custom_type!(ExactDecimal, String, {
    lower: |value| match value.0 {
        Ok(value) => value.to_string(),
        Err(text) => text,
    },
    try_lift: |text| Ok(ExactDecimal(rust_decimal::Decimal::from_str_exact(text.trim()).map_err(|_| text))),
});

impl ExactDecimal {
    /// The decimal, or an error naming `field` and `rule`.
    pub fn get(&self, field: &str, rule: Rule) -> Result<rust_decimal::Decimal, KlyngeError> {
        self.0.clone().map_err(|text| {
            KlyngeError::from(Problem::new(
                field,
                rule,
                format!("{} is not a decimal number with at most 28 digits", quote(&text)),
                format!("{} er ikke et decimaltal med højst 28 cifre", quote(&text)),
            ))
        })
    }

    /// The decimal as the text the core parses, or an error naming `field` and `rule`.
    pub fn text(&self, field: &str, rule: Rule) -> Result<String, KlyngeError> {
        self.get(field, rule).map(|value| value.to_string())
    }
}

impl From<rust_decimal::Decimal> for ExactDecimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        ExactDecimal(Ok(value))
    }
}

impl From<klynge::Dkk> for ExactDecimal {
    fn from(value: klynge::Dkk) -> Self {
        ExactDecimal(Ok(value.amount()))
    }
}
