//! GR-CONSULTANT: the consultant fee, from PLO's nursing-home rate (PLO's cluster administration page).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::parameters::Parameters;
use crate::money::{Dkk, MoneyError};
use crate::problem::Explain;
use crate::rule::Rule;

/// The consultant fee cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsultantError {
    /// Hours must be more than 0 and at most 10,000, with at most 4 decimals.
    #[error("hours must be more than 0 and at most 10000 with at most 4 decimals, not {hours}")]
    Hours {
        /// The hours given.
        hours: Decimal,
    },
    /// No nursing-home rate is in effect on the day (none is invented).
    #[error("no consultant rate is in effect on {date}{}", first.map(|f| format!("; the first takes effect on {f}")).unwrap_or_default())]
    NoRate {
        /// The day of the work.
        date: NaiveDate,
        /// The first day a rate is known, if any.
        first: Option<NaiveDate>,
    },
    /// An amount overflowed (cannot happen within the bounds; reported, never a panic).
    #[error("{0}")]
    Money(MoneyError),
}

impl Explain for ConsultantError {
    fn rule(&self) -> Rule {
        match self {
            ConsultantError::Money(e) => e.rule(),
            _ => Rule::GrConsultant,
        }
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        match self {
            ConsultantError::Hours { hours } => {
                format!("timer skal være over 0 og højst 10000 med højst 4 decimaler, ikke {hours}")
            }
            ConsultantError::NoRate { date, first: Some(first) } => {
                format!("ingen konsulenttakst gælder den {date}; den første gælder fra {first}")
            }
            ConsultantError::NoRate { date, first: None } => format!("ingen konsulenttakst gælder den {date}"),
            ConsultantError::Money(e) => e.message_da(),
        }
    }
}

/// GR-CONSULTANT: the hourly rate on `date`: the nursing-home rate for 2 hours divided by 2,
/// rounded to øre (from 2024-10-01: 2,144.03 kr → 1,072.02 kr).
pub fn consultant_hourly_rate(parameters: &Parameters, date: NaiveDate) -> Result<Dkk, ConsultantError> {
    let two_hours =
        parameters.consultant_two_hour_rates.range(..=date).next_back().map(|(_, rate)| *rate).ok_or(
            ConsultantError::NoRate { date, first: parameters.consultant_two_hour_rates.keys().next().copied() },
        )?;
    two_hours.checked_mul(Decimal::new(5, 1)).map_err(ConsultantError::Money)
}

/// GR-CONSULTANT: the fee for `hours` of consultant work on `date`: hours × hourly rate,
/// rounded to øre. Hours are bounded (more than 0, at most 10,000), so nothing overflows.
///
/// ```
/// use klynge::grants::{Parameters, consultant_fee};
/// let fee = consultant_fee(&Parameters::official(), "1.5".parse().unwrap(), "2024-11-10".parse().unwrap())?;
/// assert_eq!(fee.to_string(), "1608.03");
/// # Ok::<(), klynge::grants::ConsultantError>(())
/// ```
pub fn consultant_fee(parameters: &Parameters, hours: Decimal, date: NaiveDate) -> Result<Dkk, ConsultantError> {
    if hours <= Decimal::ZERO || hours > Decimal::from(10_000) || hours.normalize().scale() > 4 {
        return Err(ConsultantError::Hours { hours });
    }
    consultant_hourly_rate(parameters, date)?.checked_mul(hours).map_err(ConsultantError::Money)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn gr_consultant_hourly_rate_is_half_the_two_hour_rate_rounded() {
        let rate = consultant_hourly_rate(&Parameters::official(), d("2024-10-01")).unwrap();
        assert_eq!(rate.to_string(), "1072.02");
    }

    #[test]
    fn gr_consultant_hours_must_be_positive_and_a_rate_must_exist() {
        let p = Parameters::official();
        assert!(matches!(consultant_fee(&p, Decimal::ZERO, d("2025-01-01")), Err(ConsultantError::Hours { .. })));
        assert!(matches!(consultant_fee(&p, Decimal::new(-1, 0), d("2025-01-01")), Err(ConsultantError::Hours { .. })));
        let error = consultant_fee(&p, Decimal::ONE, d("2024-09-30")).unwrap_err();
        assert_eq!(error.rule(), Rule::GrConsultant);
        let later = p.with_consultant_rate(d("2025-10-01"), Dkk::from_kroner(2200));
        assert_eq!(consultant_fee(&later, Decimal::ONE, d("2025-10-01")).unwrap().to_string(), "1100.00");
    }
}
