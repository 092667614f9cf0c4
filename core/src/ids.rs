//! Identifiers: CVR number (ID-CVR), ydernummer (ID-YDER), phone number (ID-PHONE), e-mail
//! address (ID-EMAIL), and the caller's cluster id of docs/formats.md.
//!
//! Each type can only hold a valid value: construct it with [`FromStr`] (`"…".parse()`),
//! which trims and normalises the input and returns an [`IdError`] naming the rule.

use std::fmt;
use std::str::FromStr;

use crate::problem::{Explain, Problem, serde_via_str};
use crate::rule::Rule;

/// Why a text is not a valid identifier. Each failure is its own variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// ID-CVR: not 8 digits long.
    #[error("a CVR number has 8 digits, this has {len}")]
    CvrLength {
        /// The number of characters after removing spaces and `DK`.
        len: usize,
    },
    /// ID-CVR: a character that is not a digit.
    #[error("a CVR number has only digits, this has {found:?}")]
    CvrNotDigit {
        /// The first offending character.
        found: char,
    },
    /// ID-CVR: starts with 0.
    #[error("a CVR number does not start with 0")]
    CvrLeadingZero,
    /// ID-CVR: the modulus-11 check fails.
    #[error("the CVR number {digits} fails the modulus-11 check")]
    CvrChecksum {
        /// The 8 digits.
        digits: String,
    },
    /// ID-YDER: nothing after trimming.
    #[error("the ydernummer is empty")]
    YderEmpty,
    /// ID-YDER: more than 6 digits.
    #[error("a ydernummer has at most 6 digits, this has {len}")]
    YderTooLong {
        /// The number of characters.
        len: usize,
    },
    /// ID-YDER: a character that is not a digit.
    #[error("a ydernummer has only digits, this has {found:?}")]
    YderNotDigit {
        /// The first offending character.
        found: char,
    },
    /// ID-YDER: all zeros.
    #[error("a ydernummer is not all zeros")]
    YderZero,
    /// ID-PHONE: not 8 digits after the prefix.
    #[error("a Danish phone number has 8 digits, this has {len}")]
    PhoneLength {
        /// The number of characters after removing spaces, dashes and the prefix.
        len: usize,
    },
    /// ID-PHONE: a character that is not a digit.
    #[error("a phone number has only digits, spaces and dashes, this has {found:?}")]
    PhoneNotDigit {
        /// The first offending character.
        found: char,
    },
    /// ID-PHONE: the first digit is 0 or 1.
    #[error("a Danish phone number starts with a digit from 2 to 9, not {first}")]
    PhoneFirstDigit {
        /// The first digit.
        first: char,
    },
    /// ID-EMAIL: not exactly one `@`.
    #[error("an e-mail address has exactly one @, this has {count}")]
    EmailAt {
        /// How many `@` the text has.
        count: usize,
    },
    /// ID-EMAIL: the part before `@` is empty, longer than 64 characters, or has spaces.
    #[error("the part before @ must be 1 to 64 characters without spaces")]
    EmailLocal,
    /// ID-EMAIL: the domain is not dot-separated labels of letters, digits and hyphens.
    #[error("the domain {domain:?} must be labels of letters, digits and hyphens with at least one dot")]
    EmailDomain {
        /// The domain as given.
        domain: String,
    },
    /// ID-EMAIL: longer than 254 characters.
    #[error("an e-mail address has at most 254 characters, this has {len}")]
    EmailTooLong {
        /// The number of characters.
        len: usize,
    },
    /// FORMAT: a cluster id is 1 to 64 characters of `a-z 0-9 - _`.
    #[error("a cluster id is 1 to 64 characters of a-z, 0-9, - and _")]
    ClusterId,
}

impl Explain for IdError {
    fn rule(&self) -> Rule {
        use IdError::*;
        match self {
            CvrLength { .. } | CvrNotDigit { .. } | CvrLeadingZero | CvrChecksum { .. } => Rule::IdCvr,
            YderEmpty | YderTooLong { .. } | YderNotDigit { .. } | YderZero => Rule::IdYder,
            PhoneLength { .. } | PhoneNotDigit { .. } | PhoneFirstDigit { .. } => Rule::IdPhone,
            EmailAt { .. } | EmailLocal | EmailDomain { .. } | EmailTooLong { .. } => Rule::IdEmail,
            ClusterId => Rule::Format,
        }
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        use IdError::*;
        match self {
            CvrLength { len } => format!("et CVR-nummer har 8 cifre, dette har {len}"),
            CvrNotDigit { found } => format!("et CVR-nummer består kun af cifre, dette har {found:?}"),
            CvrLeadingZero => "et CVR-nummer begynder ikke med 0".into(),
            CvrChecksum { digits } => format!("CVR-nummeret {digits} fejler modulus 11-kontrollen"),
            YderEmpty => "ydernummeret er tomt".into(),
            YderTooLong { len } => format!("et ydernummer har højst 6 cifre, dette har {len}"),
            YderNotDigit { found } => format!("et ydernummer består kun af cifre, dette har {found:?}"),
            YderZero => "et ydernummer kan ikke være lutter nuller".into(),
            PhoneLength { len } => format!("et dansk telefonnummer har 8 cifre, dette har {len}"),
            PhoneNotDigit { found } => {
                format!("et telefonnummer består kun af cifre, mellemrum og bindestreger, dette har {found:?}")
            }
            PhoneFirstDigit { first } => {
                format!("et dansk telefonnummer begynder med et ciffer fra 2 til 9, ikke {first}")
            }
            EmailAt { count } => format!("en e-mailadresse har præcis ét @, denne har {count}"),
            EmailLocal => "delen før @ skal være 1 til 64 tegn uden mellemrum".into(),
            EmailDomain { domain } => {
                format!("domænet {domain:?} skal være bogstaver, cifre og bindestreger adskilt af mindst ét punktum")
            }
            EmailTooLong { len } => format!("en e-mailadresse har højst 254 tegn, denne har {len}"),
            ClusterId => "et klynge-id er 1 til 64 tegn blandt a-z, 0-9, - og _".into(),
        }
    }
}

/// ID-CVR: a CVR number, 8 digits, first not 0, weighted sum (2,7,6,5,4,3,2,1) divisible by 11.
///
/// Parsing accepts spaces and an optional `DK` prefix:
/// ```
/// let cvr: klynge::Cvr = "DK 1234 5674".parse()?;
/// assert_eq!(cvr.to_string(), "12345674");
/// # Ok::<(), klynge::IdError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cvr(u32);

impl Cvr {
    const WEIGHTS: [u32; 8] = [2, 7, 6, 5, 4, 3, 2, 1];

    /// The number as an integer (8 digits, so at least 10,000,000).
    pub fn value(self) -> u32 {
        self.0
    }
}

impl FromStr for Cvr {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let digits = compact.strip_prefix("DK").or_else(|| compact.strip_prefix("dk")).unwrap_or(&compact);
        if let Some(found) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(IdError::CvrNotDigit { found });
        }
        if digits.len() != 8 {
            return Err(IdError::CvrLength { len: digits.len() });
        }
        if digits.starts_with('0') {
            return Err(IdError::CvrLeadingZero);
        }
        let mut value = 0u32;
        let mut sum = 0u32;
        for (digit, weight) in digits.bytes().map(|b| u32::from(b - b'0')).zip(Self::WEIGHTS) {
            value = value * 10 + digit;
            sum += digit * weight;
        }
        if !sum.is_multiple_of(11) {
            return Err(IdError::CvrChecksum { digits: digits.to_owned() });
        }
        Ok(Cvr(value))
    }
}

impl fmt::Display for Cvr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08}", self.0)
    }
}

serde_via_str!(Cvr);

impl fmt::Debug for Cvr {
    /// The canonical text, e.g. `Cvr("061654")`: the number alone would hide leading zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cvr({:?})", self.to_string())
    }
}

/// ID-YDER: a practice's provider number, 1 to 6 digits, not all zeros, shown with 6 digits.
///
/// ```
/// let yder: klynge::Ydernummer = " 61654 ".parse()?;
/// assert_eq!(yder.to_string(), "061654");
/// # Ok::<(), klynge::IdError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ydernummer(u32);

impl Ydernummer {
    /// The largest ydernummer value, 999999.
    pub const MAX: u32 = 999_999;

    /// The smallest ydernummer, 000001.
    pub const MIN: Ydernummer = Ydernummer(1);

    /// The number as an integer, 1 to 999,999.
    pub fn value(self) -> u32 {
        self.0
    }

    /// The canonical text as six ASCII digits, zero-padded ("061654"): what `to_string` gives,
    /// without allocating. Three digits at a time from a table, so that a column of thousands
    /// of ydernumre is written in microseconds.
    pub fn digits(self) -> [u8; 6] {
        let triple = |n: u32| u64::from(TRIPLES.get(n as usize).copied().unwrap_or(0));
        // The value is at most 999,999 (ID-YDER), so both halves are below 1000. Each triple
        // is three bytes of a little-endian word: the six digits are one shift and an or.
        let [a, b, c, d, e, f, _, _] = (triple(self.0 / 1000) | triple(self.0 % 1000) << 24).to_le_bytes();
        [a, b, c, d, e, f]
    }

    /// The ydernummer with this value, if it is 1 to 999,999.
    pub fn from_value(value: u32) -> Result<Self, IdError> {
        match value {
            0 => Err(IdError::YderZero),
            1..=Self::MAX => Ok(Ydernummer(value)),
            _ => Err(IdError::YderTooLong { len: value.to_string().len() }),
        }
    }
}

/// "000", "001", ..., "999": the three ASCII digits of every number below 1000, as the low three
/// bytes of a little-endian `u32`.
#[expect(clippy::indexing_slicing, reason = "evaluated while compiling: a bad index would not compile")]
const TRIPLES: [u32; 1000] = {
    let mut triples = [0u32; 1000];
    let mut n = 0;
    while n < 1000 {
        // n < 1000, so each digit is below 10 and the casts cannot truncate.
        triples[n] = u32::from_le_bytes([b'0' + (n / 100) as u8, b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8, 0]);
        n += 1;
    }
    triples
};

impl FromStr for Ydernummer {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let digits = s.trim();
        if digits.is_empty() {
            return Err(IdError::YderEmpty);
        }
        if let Some(found) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(IdError::YderNotDigit { found });
        }
        if digits.len() > 6 {
            return Err(IdError::YderTooLong { len: digits.len() });
        }
        let value = digits.bytes().fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        Ydernummer::from_value(value)
    }
}

impl fmt::Display for Ydernummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.digits();
        f.write_str(std::str::from_utf8(&digits).map_err(|_| fmt::Error)?)
    }
}

serde_via_str!(Ydernummer);

impl fmt::Debug for Ydernummer {
    /// The canonical text, e.g. `Ydernummer("061654")`: the number alone would hide leading zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ydernummer({:?})", self.to_string())
    }
}

/// ID-PHONE: a Danish phone number, stored as `+45` and 8 digits.
///
/// ```
/// let phone: klynge::PhoneNumber = "0045 42 14-46 38".parse()?;
/// assert_eq!(phone.to_string(), "+4542144638");
/// # Ok::<(), klynge::IdError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(u32);

impl FromStr for PhoneNumber {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let compact: String = s.trim().chars().filter(|c| *c != ' ' && *c != '-').collect();
        let digits = compact.strip_prefix("+45").or_else(|| compact.strip_prefix("0045")).unwrap_or(&compact);
        if let Some(found) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(IdError::PhoneNotDigit { found });
        }
        if digits.len() != 8 {
            return Err(IdError::PhoneLength { len: digits.len() });
        }
        match digits.chars().next() {
            Some(first @ ('0' | '1')) => Err(IdError::PhoneFirstDigit { first }),
            _ => Ok(PhoneNumber(digits.bytes().fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0')))),
        }
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+45{:08}", self.0)
    }
}

serde_via_str!(PhoneNumber);

impl fmt::Debug for PhoneNumber {
    /// The canonical text, e.g. `PhoneNumber("061654")`: the number alone would hide leading zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({:?})", self.to_string())
    }
}

/// ID-EMAIL: an e-mail address by a pragmatic check; the domain is stored lower-case.
///
/// ```
/// let email: klynge::Email = "Klynge@Example.DK".parse()?;
/// assert_eq!(email.to_string(), "Klynge@example.dk");
/// # Ok::<(), klynge::IdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let text = s.trim();
        let len = text.chars().count();
        if len > 254 {
            return Err(IdError::EmailTooLong { len });
        }
        let count = text.matches('@').count();
        let Some((local, domain)) = text.split_once('@').filter(|_| count == 1) else {
            return Err(IdError::EmailAt { count });
        };
        if local.is_empty() || local.chars().count() > 64 || local.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(IdError::EmailLocal);
        }
        let labels_ok = domain.contains('.')
            && domain
                .split('.')
                .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if !labels_ok {
            return Err(IdError::EmailDomain { domain: domain.to_owned() });
        }
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

serde_via_str!(Email);

/// A cluster's stable key (docs/formats.md): 1 to 64 characters of `a-z 0-9 - _`.
///
/// A registry keys its clusters by their CVR number ([`ClusterId::from`]); a scenario uses
/// the caller's own ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClusterId(String);

impl ClusterId {
    /// "No cluster has the id": the one answer to an id that names no cluster (FORMAT), at
    /// `field`, whichever call it came to.
    pub fn unknown(&self, field: &str) -> Problem {
        Problem::new(
            field,
            Rule::Format,
            format!("no cluster has the id {self}"),
            format!("ingen klynge har id'et {self}"),
        )
    }

    /// An empty id, never valid; only a stand-in for lookups that cannot fail.
    pub(crate) const NONE: ClusterId = ClusterId(String::new());

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ClusterId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let ok = (1..=64).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok { Ok(ClusterId(s.to_owned())) } else { Err(IdError::ClusterId) }
    }
}

impl From<Cvr> for ClusterId {
    fn from(cvr: Cvr) -> Self {
        ClusterId(cvr.to_string())
    }
}

impl fmt::Display for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

serde_via_str!(ClusterId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_cvr_accepts_spaces_and_dk_prefix() {
        assert_eq!("12345674".parse::<Cvr>().unwrap().to_string(), "12345674");
        assert_eq!("DK12345674".parse::<Cvr>().unwrap().to_string(), "12345674");
        assert_eq!(" dk 12 34 56 74 ".parse::<Cvr>().unwrap().value(), 12_345_674);
    }

    #[test]
    fn id_cvr_has_one_error_per_failure() {
        assert_eq!("1234567".parse::<Cvr>(), Err(IdError::CvrLength { len: 7 }));
        assert_eq!("1234567a".parse::<Cvr>(), Err(IdError::CvrNotDigit { found: 'a' }));
        assert_eq!("02345674".parse::<Cvr>(), Err(IdError::CvrLeadingZero));
        assert_eq!("12345678".parse::<Cvr>(), Err(IdError::CvrChecksum { digits: "12345678".into() }));
        assert_eq!("12345678".parse::<Cvr>().unwrap_err().rule(), Rule::IdCvr);
    }

    #[test]
    fn id_yder_pads_to_six_digits() {
        assert_eq!("61654".parse::<Ydernummer>().unwrap().to_string(), "061654");
        assert_eq!("999999".parse::<Ydernummer>().unwrap().value(), 999_999);
        assert_eq!("".parse::<Ydernummer>(), Err(IdError::YderEmpty));
        assert_eq!("000000".parse::<Ydernummer>(), Err(IdError::YderZero));
        assert_eq!("1234567".parse::<Ydernummer>(), Err(IdError::YderTooLong { len: 7 }));
        assert_eq!("12a".parse::<Ydernummer>(), Err(IdError::YderNotDigit { found: 'a' }));
        assert_eq!("12a".parse::<Ydernummer>().unwrap_err().rule(), Rule::IdYder);
    }

    #[test]
    fn id_phone_normalises_prefix_spaces_and_dashes() {
        for text in ["42144638", "+45 42 14 46 38", "0045-4214-4638"] {
            assert_eq!(text.parse::<PhoneNumber>().unwrap().to_string(), "+4542144638");
        }
        assert_eq!("12345678".parse::<PhoneNumber>(), Err(IdError::PhoneFirstDigit { first: '1' }));
        assert_eq!("4214463".parse::<PhoneNumber>(), Err(IdError::PhoneLength { len: 7 }));
        assert_eq!("4214463x".parse::<PhoneNumber>(), Err(IdError::PhoneNotDigit { found: 'x' }));
        assert_eq!("+46 42144638".parse::<PhoneNumber>().unwrap_err().rule(), Rule::IdPhone);
    }

    #[test]
    fn id_email_checks_and_lowercases_the_domain() {
        assert_eq!("a.b@Dadl.DK".parse::<Email>().unwrap().as_str(), "a.b@dadl.dk");
        assert_eq!("ab.dk".parse::<Email>(), Err(IdError::EmailAt { count: 0 }));
        assert_eq!("a@b@c.dk".parse::<Email>(), Err(IdError::EmailAt { count: 2 }));
        assert_eq!("@c.dk".parse::<Email>(), Err(IdError::EmailLocal));
        assert_eq!(format!("{}@c.dk", "x".repeat(65)).parse::<Email>(), Err(IdError::EmailLocal));
        assert!(matches!("a@localhost".parse::<Email>(), Err(IdError::EmailDomain { .. })));
        assert!(matches!("a@b..dk".parse::<Email>(), Err(IdError::EmailDomain { .. })));
        let long = format!("a@{}.dk", "b".repeat(260));
        assert!(matches!(long.parse::<Email>(), Err(IdError::EmailTooLong { .. })));
        assert_eq!("ab.dk".parse::<Email>().unwrap_err().rule(), Rule::IdEmail);
    }

    #[test]
    fn every_id_error_has_a_danish_message() {
        let errors = [
            "1".parse::<Cvr>().unwrap_err(),
            "x".parse::<Ydernummer>().unwrap_err(),
            "1".parse::<PhoneNumber>().unwrap_err(),
            "x".parse::<Email>().unwrap_err(),
            "X".parse::<ClusterId>().unwrap_err(),
        ];
        for error in errors {
            assert!(!error.message_da().is_empty());
            assert_ne!(error.message_da(), error.message_en());
        }
    }

    #[test]
    fn serde_validates_on_the_way_in() {
        let yder: Ydernummer = serde_json::from_str("\"61654\"").unwrap();
        assert_eq!(format!("{yder:?}"), "Ydernummer(\"061654\")");
        assert_eq!(serde_json::to_string(&yder).unwrap(), "\"061654\"");
        let error = serde_json::from_str::<Cvr>("\"12345678\"").unwrap_err();
        assert!(error.to_string().contains("ID-CVR"), "{error}");
    }
}
