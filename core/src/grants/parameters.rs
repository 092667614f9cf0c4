//! Dated parameters of the grant rules: annual rates (GR-RATE), the startup fee
//! (GR-STARTUP), the scheme per grant year, the administrator change (GR-PAYDATE), PLO's
//! snapshot and payout days (GR-ANNUAL-PLO), and the consultant rate (GR-CONSULTANT).
//!
//! [`Parameters::official`] holds the values of the sources (docs/rules.md). A computation can
//! override or add any of them on a copy ([`Parameters::with_rate`] and friends); the built-ins
//! never change.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{check_date, check_year};
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;

/// Which scheme computes a grant year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// The regional scheme (GR-STARTUP, GR-ANNUAL-REGIONAL).
    Regional,
    /// The PLO scheme (GR-ANNUAL-PLO).
    Plo,
}

/// Who pays a payout: the administrator on its payout date (GR-PAYDATE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// The region, before 2023-04-01.
    Region,
    /// PLO, from 2023-04-01.
    Plo,
}

// The names docs/formats.md uses: `region` or `plo`.
crate::problem::codes!(Payer, "payer", crate::rule::Rule::CmpPayout, ("a payer", "en betaler"), {
    Region = "region",
    Plo = "plo",
});

/// A day of the year (month and day), for PLO's snapshot and payout days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOfYear {
    /// 1 to 12.
    pub month: u32,
    /// 1 to the month's last day in a year that is not a leap year, so that it exists in
    /// every year ([`Parameters::validate`]).
    pub day: u32,
}

impl DayOfYear {
    /// The date in `year`, or `None` where the day does not exist.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Every dated parameter of the grant rules.
///
/// ```
/// use klynge::grants::Parameters;
/// let official = Parameters::official();
/// assert_eq!(official.rate(2025).unwrap().to_string(), "3.65");
/// assert!(official.rate(2026).is_none(), "no rate is invented");
/// let what_if = official.clone().with_rate(2026, "4".parse()?);
/// assert_eq!(what_if.rate(2026).unwrap().to_string(), "4.00");
/// assert!(official.rate(2026).is_none(), "the built-ins are untouched");
/// # Ok::<(), klynge::MoneyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameters {
    /// GR-RATE: kroner per group-1 patient, by grant year (the built-in table).
    pub rates: BTreeMap<i32, Rate>,
    /// GR-RATE: the caller's "what if" rates; they win over a scenario's rates and the table.
    pub rate_overrides: BTreeMap<i32, Rate>,
    /// GR-STARTUP: the fee per doctor capacity.
    pub startup_fee_per_capacity: Dkk,
    /// GR-STARTUP: a first membership that begins before this day earns the fee.
    #[serde(with = "crate::dates::strict")]
    pub startup_fee_before: NaiveDate,
    /// The last grant year of the regional scheme; later years use the PLO scheme (*policy*).
    pub regional_until_year: i32,
    /// GR-PAYDATE: from this day PLO administers and pays; before it, the region.
    #[serde(with = "crate::dates::strict")]
    pub plo_administers_from: NaiveDate,
    /// GR-ANNUAL-PLO: the registration deadline whose members count (31 January).
    pub plo_snapshot: DayOfYear,
    /// GR-ANNUAL-PLO: the payout day (1 March).
    pub plo_payout: DayOfYear,
    /// GR-CONSULTANT: the nursing-home rate for 2 hours, by the day it takes effect.
    pub consultant_two_hour_rates: BTreeMap<NaiveDate, Dkk>,
    /// GR-TRANSFER (*policy*): the caller's "what if" for `clawback_on_transfer`; it wins over
    /// the scenario's policy.
    #[serde(default)]
    pub clawback_on_transfer: Option<bool>,
}

impl Parameters {
    /// The values the sources give (docs/rules.md section 6).
    pub fn official() -> Self {
        let rate = |text: &str| text.parse::<Rate>().ok();
        let rates = [(2022, "1.12"), (2023, "2.32"), (2024, "3.55"), (2025, "3.65")]
            .into_iter()
            .filter_map(|(year, text)| Some((year, rate(text)?)))
            .collect();
        Parameters {
            rates,
            rate_overrides: BTreeMap::new(),
            startup_fee_per_capacity: Dkk::from_kroner(10_000),
            startup_fee_before: date(2023, 4, 1),
            regional_until_year: 2023,
            plo_administers_from: date(2023, 4, 1),
            plo_snapshot: DayOfYear { month: 1, day: 31 },
            plo_payout: DayOfYear { month: 3, day: 1 },
            consultant_two_hour_rates: [(date(2024, 10, 1), Dkk::from_ore(214_403))].into_iter().collect(),
            clawback_on_transfer: None,
        }
    }

    /// This copy with `rate` for `year`, overriding the built-in table and any scenario's
    /// own rate for that year.
    pub fn with_rate(mut self, year: i32, rate: Rate) -> Self {
        self.rate_overrides.insert(year, rate);
        self
    }

    /// This copy with `fee` as the startup fee per doctor capacity (GR-STARTUP).
    pub fn with_startup_fee_per_capacity(mut self, fee: Dkk) -> Self {
        self.startup_fee_per_capacity = fee;
        self
    }

    /// This copy treating a transfer as a leave for GR-CLAWBACK, or not, whatever the
    /// scenario's policy says (GR-TRANSFER).
    pub fn with_clawback_on_transfer(mut self, clawback_on_transfer: bool) -> Self {
        self.clawback_on_transfer = Some(clawback_on_transfer);
        self
    }

    /// This copy with a nursing-home two-hour rate in effect from `from`.
    pub fn with_consultant_rate(mut self, from: NaiveDate, two_hours: Dkk) -> Self {
        self.consultant_two_hour_rates.insert(from, two_hours);
        self
    }

    /// The highest startup fee per doctor capacity accepted: 1,000,000 kr, a hundred times the
    /// official one (GR-STARTUP).
    pub const MAX_STARTUP_FEE: Dkk = Dkk::from_ore(100_000_000);
    /// The highest nursing-home rate for 2 hours accepted: 100,000 kr (GR-CONSULTANT).
    pub const MAX_CONSULTANT_RATE: Dkk = Dkk::from_ore(10_000_000);

    /// Every parameter checked to be one the rules can use: a startup fee from 0 (no fee) to
    /// [`Parameters::MAX_STARTUP_FEE`] with whole øre; consultant rates above 0 and at most
    /// [`Parameters::MAX_CONSULTANT_RATE`]; PLO's days days that every year has; the years and
    /// days within the supported ones. Rates are [`Rate`]s, bounded when made. A computation
    /// checks its parameters first, so a report is only made from parameters that can be.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let fee = self.startup_fee_per_capacity;
        if fee.is_negative() || fee > Self::MAX_STARTUP_FEE {
            errors.push(Problem::new(
                "startup_fee_per_capacity",
                Rule::GrStartup,
                format!("the startup fee per capacity is 0 to {} kr, not {fee}", Self::MAX_STARTUP_FEE),
                format!("opstartshonoraret pr. kapacitet er 0 til {} kr, ikke {fee}", Self::MAX_STARTUP_FEE),
            ));
        }
        for (day, rate) in &self.consultant_two_hour_rates {
            if rate.is_negative() || rate.ore() == 0 || *rate > Self::MAX_CONSULTANT_RATE {
                errors.push(Problem::new(
                    format!("consultant_two_hour_rates[{day}]"),
                    Rule::GrConsultant,
                    format!("a two-hour rate is above 0 and at most {} kr, not {rate}", Self::MAX_CONSULTANT_RATE),
                    format!("en totimessats er over 0 og højst {} kr, ikke {rate}", Self::MAX_CONSULTANT_RATE),
                ));
            }
            errors.check(&format!("consultant_two_hour_rates[{day}]"), check_date(*day, Rule::GrConsultant));
        }
        for (name, day) in [("plo_snapshot", self.plo_snapshot), ("plo_payout", self.plo_payout)] {
            // A day every year has: one of a year that is not a leap year.
            if day.in_year(2001).is_none() {
                errors.push(Problem::new(
                    name,
                    Rule::GrAnnualPlo,
                    format!("{}-{} is not a day every year has (month-day)", day.month, day.day),
                    format!("{}-{} er ikke en dag, alle år har (måned-dag)", day.month, day.day),
                ));
            }
        }
        errors.check("regional_until_year", check_year(i64::from(self.regional_until_year), Rule::GrAnnualRegional));
        errors.check("startup_fee_before", check_date(self.startup_fee_before, Rule::GrStartup));
        errors.check("plo_administers_from", check_date(self.plo_administers_from, Rule::GrPaydate));
        for year in self.rates.keys().chain(self.rate_overrides.keys()) {
            errors.check("rates", check_year(i64::from(*year), Rule::GrRate));
        }
        errors.into_result(())
    }

    /// GR-RATE: the rate of `year`, if known (an override, else the table). Never invented.
    pub fn rate(&self, year: i32) -> Option<Rate> {
        self.rate_overrides.get(&year).or_else(|| self.rates.get(&year)).copied()
    }

    /// GR-RATE: the rate of `year` for a computation with a scenario's own `scenario` rates:
    /// the caller's override, else the scenario's, else the table.
    pub fn effective_rate(&self, year: i32, scenario: &BTreeMap<i32, Rate>) -> Option<Rate> {
        self.rate_overrides.get(&year).or_else(|| scenario.get(&year)).or_else(|| self.rates.get(&year)).copied()
    }

    /// The scheme that computes grant year `year`.
    pub fn scheme(&self, year: i32) -> Scheme {
        if year <= self.regional_until_year { Scheme::Regional } else { Scheme::Plo }
    }

    /// GR-PAYDATE: the administrator that pays on `day`.
    pub fn payer_on(&self, day: NaiveDate) -> Payer {
        if day < self.plo_administers_from { Payer::Region } else { Payer::Plo }
    }
}

impl Default for Parameters {
    fn default() -> Self {
        Parameters::official()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gr_rate_official_values() {
        let p = Parameters::official();
        let rates: Vec<(i32, String)> = p.rates.iter().map(|(y, r)| (*y, r.to_string())).collect();
        assert_eq!(
            rates,
            vec![(2022, "1.12".into()), (2023, "2.32".into()), (2024, "3.55".into()), (2025, "3.65".into())]
        );
        assert_eq!(p.rate(2021), None);
    }

    #[test]
    fn gr_paydate_payer_changes_on_2023_04_01() {
        let p = Parameters::official();
        assert_eq!(p.payer_on(date(2023, 3, 31)), Payer::Region);
        assert_eq!(p.payer_on(date(2023, 4, 1)), Payer::Plo);
        assert_eq!(p.scheme(2023), Scheme::Regional);
        assert_eq!(p.scheme(2024), Scheme::Plo);
    }
}
