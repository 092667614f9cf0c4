//! ID-MONEY: Danish kroner as exact decimals with two places (øre), and per-patient rates.
//!
//! Amounts are [`rust_decimal::Decimal`] behind the [`Dkk`] newtype, never floats. Rounding
//! happens in exactly one place, [`Dkk::round_ratio`]: once per computed line, to øre, half
//! away from zero, of an exact ratio of integers; [`Dkk::round`] rounds a decimal through it.
//! Totals add rounded lines, so they reconcile to the øre.
//!
//! Overflow: `Decimal` holds about 7.9 × 10^28. Parsing bounds every input (a [`Rate`] is at
//! most 10,000 kr with 6 decimals, see also the bounds on patient counts and capacities), so a
//! single line cannot overflow; sums use [`Dkk::checked_add`] and report overflow as an error
//! instead of panicking.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::problem::{Explain, quote, serde_via_str};
use crate::rule::Rule;

/// A text is not an amount or a rate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Not a plain decimal number such as `"3528.00"` or `"-10000"`.
    #[error("{} is not a decimal number such as \"3528.00\"", quote(text))]
    NotDecimal {
        /// The rule of the field (ID-MONEY for amounts, GR-RATE for rates).
        rule: Rule,
        /// The text given.
        text: String,
    },
    /// More decimals than the value may have.
    #[error("{} has more than {max} decimals", quote(text))]
    TooManyDecimals {
        /// The rule of the field.
        rule: Rule,
        /// The text given.
        text: String,
        /// The most decimals allowed.
        max: u32,
    },
    /// Outside the allowed range.
    #[error("{} is outside {min}..={max}", quote(text))]
    OutOfRange {
        /// The rule of the field.
        rule: Rule,
        /// The text given.
        text: String,
        /// The smallest value allowed.
        min: Decimal,
        /// The largest value allowed.
        max: Decimal,
    },
    /// ID-MONEY: a sum does not fit in a decimal.
    #[error("a sum of amounts overflows")]
    Overflow,
}

impl Explain for MoneyError {
    fn rule(&self) -> Rule {
        match self {
            MoneyError::NotDecimal { rule, .. }
            | MoneyError::TooManyDecimals { rule, .. }
            | MoneyError::OutOfRange { rule, .. } => *rule,
            MoneyError::Overflow => Rule::IdMoney,
        }
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        match self {
            MoneyError::NotDecimal { text, .. } => format!("{} er ikke et decimaltal som \"3528.00\"", quote(text)),
            MoneyError::TooManyDecimals { text, max, .. } => format!("{} har mere end {max} decimaler", quote(text)),
            MoneyError::OutOfRange { text, min, max, .. } => format!("{} ligger uden for {min}..={max}", quote(text)),
            MoneyError::Overflow => "en sum af beløb løber over".into(),
        }
    }
}

/// Parses a plain decimal (`-?digits(.digits)?`), with at most `max_scale` decimals.
fn parse_decimal(text: &str, rule: Rule, max_scale: u32, min: Decimal, max: Decimal) -> Result<Decimal, MoneyError> {
    let trimmed = text.trim();
    let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && (!fraction.is_empty() || !unsigned.ends_with('.'));
    let not_decimal = || MoneyError::NotDecimal { rule, text: text.to_owned() };
    if !plain {
        return Err(not_decimal());
    }
    // A number, only far too large for any amount or rate (and for a decimal to hold).
    if whole.trim_start_matches('0').len() > 20 {
        return Err(MoneyError::OutOfRange { rule, text: text.to_owned(), min, max });
    }
    let fraction_digits = fraction.trim_end_matches('0');
    if fraction_digits.len() > max_scale as usize {
        return Err(MoneyError::TooManyDecimals { rule, text: text.to_owned(), max: max_scale });
    }
    let value = Decimal::from_str_exact(trimmed).map_err(|_| not_decimal())?;
    if value < min || value > max {
        return Err(MoneyError::OutOfRange { rule, text: text.to_owned(), min, max });
    }
    Ok(value.normalize())
}

/// ID-MONEY: `numerator / denominator` øre rounded once to a whole øre, half away from zero —
/// the one rounding of the library; [`Dkk::round_ratio`] makes an amount of it. `None` for a
/// zero denominator or `i128::MIN / -1`.
#[inline]
pub(crate) fn round_ore(numerator: i128, denominator: i128) -> Option<i128> {
    if denominator == 0 {
        return None;
    }
    if denominator == 1 {
        return Some(numerator);
    }
    if let (Ok(n), Ok(d)) = (i64::try_from(numerator), i64::try_from(denominator)) {
        return round_ore_i64(n, d).map(i128::from);
    }
    let quotient = numerator.checked_div(denominator)?;
    let remainder = numerator.checked_rem(denominator)?;
    // Half away from zero: one øre further from zero when |remainder| >= |denominator| / 2.
    let (r, d) = (remainder.unsigned_abs(), denominator.unsigned_abs());
    Some(if r >= d - r { quotient + numerator.signum() * denominator.signum() } else { quotient })
}

/// [`round_ore`] in 64 bits, which divide far faster; inlined, so that a caller dividing by a
/// constant (the 365 or 366 days of a year) gets a multiplication instead of a division.
/// `None` for a zero denominator or `i64::MIN / -1`.
#[inline(always)]
pub(crate) fn round_ore_i64(n: i64, d: i64) -> Option<i64> {
    let quotient = n.checked_div(d)?;
    let remainder = n.checked_rem(d)?;
    // Half away from zero: one øre further from zero when |remainder| >= |denominator| / 2.
    let (r, d_abs) = (remainder.unsigned_abs(), d.unsigned_abs());
    Some(if r >= d_abs - r { quotient + n.signum() * d.signum() } else { quotient })
}

/// An amount in Danish kroner with exactly two decimals (ID-MONEY).
///
/// ```
/// use klynge::Dkk;
/// let fee: Dkk = "10000".parse()?;
/// assert_eq!(fee.to_string(), "10000.00");
/// assert_eq!((-fee).to_string(), "-10000.00");
/// assert!("1.005".parse::<Dkk>().is_err()); // never silently rounded
/// # Ok::<(), klynge::MoneyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Dkk(Decimal);

impl Dkk {
    /// Zero kroner.
    pub const ZERO: Dkk = Dkk(Decimal::ZERO);

    /// The largest amount that parses: 10^18 kr, far beyond any real sum, so that adding up
    /// to a billion of them cannot overflow.
    pub const MAX_PARSE: Decimal = Decimal::from_parts(0xA764_0000, 0x0DE0_B6B3, 0, false, 0);

    /// ID-MONEY: the amount of exactly `numerator / denominator` øre, rounded once to a whole
    /// øre, half away from zero. This is the only place the library rounds money.
    ///
    /// Errors with [`MoneyError::Overflow`] for a zero denominator or an amount beyond what a
    /// decimal holds with two places (about 7.9 × 10^26 kr).
    ///
    /// ```
    /// use klynge::Dkk;
    /// assert_eq!(Dkk::round_ratio(5, 2)?.to_string(), "0.03");   // 2.5 øre
    /// assert_eq!(Dkk::round_ratio(-5, 2)?.to_string(), "-0.03");
    /// assert_eq!(Dkk::round_ratio(7, 3)?.to_string(), "0.02");   // 2.33 øre
    /// # Ok::<(), klynge::MoneyError>(())
    /// ```
    pub fn round_ratio(numerator: i128, denominator: i128) -> Result<Dkk, MoneyError> {
        let ore = round_ore(numerator, denominator).ok_or(MoneyError::Overflow)?;
        Decimal::try_from_i128_with_scale(ore, 2).map(Dkk).map_err(|_| MoneyError::Overflow)
    }

    /// ID-MONEY: rounds an exact decimal amount once, to øre, half away from zero, through
    /// [`Dkk::round_ratio`].
    pub fn round(exact: Decimal) -> Result<Dkk, MoneyError> {
        let scale = 10i128.checked_pow(exact.scale()).ok_or(MoneyError::Overflow)?;
        let ore = exact.mantissa().checked_mul(100).ok_or(MoneyError::Overflow)?;
        Dkk::round_ratio(ore, scale)
    }

    /// Whole kroner.
    pub fn from_kroner(kroner: i64) -> Dkk {
        Dkk::from_ore_i128(i128::from(kroner) * 100)
    }

    /// An amount of øre that always fits (|øre| < 2^95).
    pub(crate) fn from_ore_i128(ore: i128) -> Dkk {
        Dkk(Decimal::try_from_i128_with_scale(ore, 2).unwrap_or(Decimal::ZERO))
    }

    /// The amount in øre.
    #[inline]
    pub fn ore(self) -> i128 {
        if self.0.scale() == 2 {
            return self.0.mantissa();
        }
        let mut value = self.0;
        value.rescale(2);
        value.mantissa()
    }

    /// An amount of øre (hundredths of a krone).
    pub const fn from_ore(ore: i64) -> Dkk {
        Dkk(Decimal::from_parts(ore.unsigned_abs() as u32, (ore.unsigned_abs() >> 32) as u32, 0, ore < 0, 2))
    }

    /// The amount as a decimal with two places.
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// True for amounts below zero (clawbacks).
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// The absolute amount.
    pub fn abs(self) -> Dkk {
        Dkk(self.0.abs())
    }

    /// `self + other`, or [`MoneyError::Overflow`]. Exact: summed in øre (a decimal's own
    /// addition would drop decimals rather than overflow).
    pub fn checked_add(self, other: Dkk) -> Result<Dkk, MoneyError> {
        Dkk::round_ratio(self.ore().checked_add(other.ore()).ok_or(MoneyError::Overflow)?, 1)
    }

    /// `self - other`, or [`MoneyError::Overflow`]. Exact, in øre.
    pub fn checked_sub(self, other: Dkk) -> Result<Dkk, MoneyError> {
        Dkk::round_ratio(self.ore().checked_sub(other.ore()).ok_or(MoneyError::Overflow)?, 1)
    }

    /// `self × factor`, rounded to øre, or [`MoneyError::Overflow`].
    pub fn checked_mul(self, factor: Decimal) -> Result<Dkk, MoneyError> {
        self.0.checked_mul(factor).ok_or(MoneyError::Overflow).and_then(Dkk::round)
    }

    /// The sum of amounts, or [`MoneyError::Overflow`].
    pub fn sum(amounts: impl IntoIterator<Item = Dkk>) -> Result<Dkk, MoneyError> {
        amounts.into_iter().try_fold(Dkk::ZERO, Dkk::checked_add)
    }
}

/// `amounts.sum::<Dkk>()`: exact, in øre. The amounts the library makes and reads are at most
/// 10^18 kr each, so any sum of fewer than 10^8 of them is exact; a sum beyond what a decimal
/// with two places holds (about 7.9 × 10^26 kr) stops at that bound. Where that matters, sum
/// into a `Result<Dkk, MoneyError>` instead, which errs with [`MoneyError::Overflow`].
///
/// ```
/// use klynge::Dkk;
/// let lines = [Dkk::from_kroner(10_000), Dkk::from_ore(352_800), -Dkk::from_kroner(10_000)];
/// assert_eq!(lines.iter().sum::<Dkk>().to_string(), "3528.00");
/// let checked: Result<Dkk, klynge::MoneyError> = lines.into_iter().sum();
/// assert_eq!(checked?, Dkk::from_ore(352_800));
/// # Ok::<(), klynge::MoneyError>(())
/// ```
impl std::iter::Sum for Dkk {
    fn sum<I: Iterator<Item = Dkk>>(amounts: I) -> Dkk {
        let ore = amounts.fold(0i128, |sum, amount| sum.saturating_add(amount.ore()));
        // The largest øre a two-place decimal holds: 2^96 - 1.
        const BOUND: i128 = (1 << 96) - 1;
        Dkk::from_ore_i128(ore.clamp(-BOUND, BOUND))
    }
}

impl<'a> std::iter::Sum<&'a Dkk> for Dkk {
    fn sum<I: Iterator<Item = &'a Dkk>>(amounts: I) -> Dkk {
        amounts.copied().sum()
    }
}

impl std::iter::Sum<Dkk> for Result<Dkk, MoneyError> {
    fn sum<I: Iterator<Item = Dkk>>(amounts: I) -> Result<Dkk, MoneyError> {
        Dkk::sum(amounts)
    }
}

impl std::ops::Neg for Dkk {
    type Output = Dkk;

    /// Negation cannot overflow: decimals are sign-magnitude.
    fn neg(self) -> Dkk {
        Dkk(-self.0)
    }
}

impl FromStr for Dkk {
    type Err = MoneyError;

    /// A plain decimal with at most two decimals, e.g. `"3528"`, `"3528.5"`, `"-10000.00"`.
    fn from_str(s: &str) -> Result<Self, MoneyError> {
        parse_decimal(s, Rule::IdMoney, 2, -Dkk::MAX_PARSE, Dkk::MAX_PARSE).and_then(Dkk::round)
    }
}

impl fmt::Display for Dkk {
    /// Always two decimals, no thousands separator: `"3528.00"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

serde_via_str!(Dkk);

/// GR-RATE: kroner per group-1 patient per year: 0 to 10,000, at most 6 decimals.
///
/// ```
/// let rate: klynge::Rate = "1.12".parse()?;
/// assert_eq!(rate.to_string(), "1.12");
/// assert_eq!("4".parse::<klynge::Rate>()?.to_string(), "4.00");
/// # Ok::<(), klynge::MoneyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rate(Decimal);

impl Rate {
    /// The highest rate accepted, 10,000 kr per patient.
    pub const MAX: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

    /// A rate from a decimal, checked as parsing checks it.
    pub fn new(value: Decimal) -> Result<Rate, MoneyError> {
        value.to_string().parse()
    }

    /// The rate as a decimal.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl FromStr for Rate {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, MoneyError> {
        parse_decimal(s, Rule::GrRate, 6, Decimal::ZERO, Rate::MAX).map(Rate)
    }
}

impl fmt::Display for Rate {
    /// At least two decimals, more only where the rate has them: `"1.12"`, `"4.00"`, `"1.125"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.scale() < 2 { write!(f, "{:.2}", self.0) } else { write!(f, "{}", self.0) }
    }
}

serde_via_str!(Rate);

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn id_money_rounds_half_away_from_zero() {
        assert_eq!(Dkk::round(dec("1690.125")).unwrap().to_string(), "1690.13");
        assert_eq!(Dkk::round(dec("-1690.125")).unwrap().to_string(), "-1690.13");
        assert_eq!(Dkk::round(dec("1690.1249")).unwrap().to_string(), "1690.12");
        assert_eq!(Dkk::round(dec("7")).unwrap().to_string(), "7.00");
        assert_eq!(Dkk::round_ratio(1, 0), Err(MoneyError::Overflow));
        assert_eq!(Dkk::round_ratio(-3, -2).unwrap(), Dkk::from_ore(2), "1.5 øre");
        assert_eq!(Dkk::round_ratio(i128::MAX, 1), Err(MoneyError::Overflow));
        assert_eq!(Dkk::from_kroner(-3).ore(), -300);
    }

    #[test]
    fn id_money_parses_at_most_two_decimals() {
        assert_eq!("3528".parse::<Dkk>().unwrap().to_string(), "3528.00");
        assert_eq!("-10000.00".parse::<Dkk>().unwrap(), -Dkk::from_kroner(10_000));
        assert_eq!("1.10".parse::<Dkk>().unwrap(), Dkk::from_ore(110));
        assert!(matches!("1.005".parse::<Dkk>(), Err(MoneyError::TooManyDecimals { .. })));
        for bad in ["", "abc", "1e5", "1.", ".5", "1,5", "NaN", "+1", "--1", "1 000"] {
            assert!(matches!(bad.parse::<Dkk>(), Err(MoneyError::NotDecimal { .. })), "{bad}");
        }
        assert!(matches!("9999999999999999999".parse::<Dkk>(), Err(MoneyError::OutOfRange { .. })));
        // Digits beyond any amount are out of range, not "not a number", and quoted by their start.
        let long = "1".repeat(10_000);
        let error = long.parse::<Dkk>().unwrap_err();
        assert!(matches!(error, MoneyError::OutOfRange { .. }));
        assert!(error.message_en().len() < 200 && error.message_da().len() < 200, "{}", error.message_en());
        assert_eq!("-0000000000000000000000000012.50".parse::<Dkk>().unwrap(), Dkk::from_ore(-1250));
        assert_eq!("x".parse::<Dkk>().unwrap_err().rule(), Rule::IdMoney);
    }

    #[test]
    fn id_money_serialises_as_a_string_with_two_decimals() {
        let amount = Dkk::from_kroner(3528);
        assert_eq!(serde_json::to_string(&amount).unwrap(), "\"3528.00\"");
        assert_eq!(serde_json::from_str::<Dkk>("\"3528.00\"").unwrap(), amount);
        assert!(serde_json::from_str::<Dkk>("3528.00").is_err(), "a JSON number is refused");
    }

    #[test]
    fn id_money_sums_are_checked() {
        assert_eq!(Dkk::round(Decimal::MAX), Err(MoneyError::Overflow), "no room for two decimals");
        let big = Dkk::round(Decimal::MAX / Decimal::from(100)).unwrap();
        assert_eq!(big.checked_add(big), Err(MoneyError::Overflow));
        assert_eq!((-big).checked_sub(big), Err(MoneyError::Overflow));
        assert_eq!(big.checked_sub(big).unwrap(), Dkk::ZERO);
        assert_eq!(Dkk::sum([Dkk::from_ore(1), Dkk::from_ore(2)]).unwrap(), Dkk::from_ore(3));
    }

    #[test]
    fn gr_rate_is_bounded_and_displays_two_decimals() {
        assert_eq!("3.65".parse::<Rate>().unwrap().value(), dec("3.65"));
        assert_eq!("1.125000".parse::<Rate>().unwrap().to_string(), "1.125");
        assert!(matches!("-1".parse::<Rate>(), Err(MoneyError::OutOfRange { .. })));
        assert!(matches!("10000.01".parse::<Rate>(), Err(MoneyError::OutOfRange { .. })));
        assert!(matches!("1.0000001".parse::<Rate>(), Err(MoneyError::TooManyDecimals { .. })));
        assert_eq!("x".parse::<Rate>().unwrap_err().rule(), Rule::GrRate);
    }
}
