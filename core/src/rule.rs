//! The rule ids of the rule book (`RULES.md`), as a type.
//!
//! Every error, checklist item and computed line names the rule that produced it with a
//! [`Rule`]; its [`Display`](std::fmt::Display) is the id as the rule book writes it
//! (`"GR-CLAWBACK"`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $id:literal,)*) => {
        /// A rule of the rule book, by its id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the rule book.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The id as the rule book writes it, e.g. `"ID-CVR"`.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }
        }
    };
}

rules! {
    /// CVR number: 8 digits, modulus-11 checksum.
    IdCvr = "ID-CVR",
    /// Ydernummer: 1 to 6 digits, not all zeros.
    IdYder = "ID-YDER",
    /// Danish phone number.
    IdPhone = "ID-PHONE",
    /// Pragmatic e-mail address check.
    IdEmail = "ID-EMAIL",
    /// The 98 municipalities and 5 regions.
    IdKommune = "ID-KOMMUNE",
    /// Kroner with two decimals, exact, rounded once per line.
    IdMoney = "ID-MONEY",
    /// The fields required to create a cluster.
    RegFields = "REG-FIELDS",
    /// Founding minutes and statutes (or PLO's cluster rules) before creation.
    RegDocs = "REG-DOCS",
    /// Documents are PDFs of bounded size, fingerprinted.
    RegPdf = "REG-PDF",
    /// Only a health-professional credential may create a cluster.
    RegAuth = "REG-AUTH",
    /// The coordinator's practice is a founding member.
    RegFounder = "REG-FOUNDER",
    /// Adding a member, with an optional confirmation mail.
    MemAdd = "MEM-ADD",
    /// A membership is a half-open period of days.
    MemPeriod = "MEM-PERIOD",
    /// One cluster per practice per day.
    MemOne = "MEM-ONE",
    /// Ending a membership.
    MemLeave = "MEM-LEAVE",
    /// Moving from one cluster to another on one day.
    MemTransfer = "MEM-TRANSFER",
    /// Whole doctor capacities, at least 1.
    MemCapacity = "MEM-CAPACITY",
    /// Group-1 patients per practice and grant year.
    MemPatients = "MEM-PATIENTS",
    /// Coordinator, co-coordinator, treasurer, board members.
    GovRoles = "GOV-ROLES",
    /// Who may do what.
    GovRights = "GOV-RIGHTS",
    /// The history of accepted changes.
    GovLog = "GOV-LOG",
    /// The completion checklist.
    CmpReady = "CMP-READY",
    /// Completion happens once.
    CmpOnce = "CMP-ONCE",
    /// Nothing paid before completion; funds 2 to 4 weeks after payout.
    CmpPayout = "CMP-PAYOUT",
    /// Entitlement from the founding assembly.
    CmpCutoff = "CMP-CUTOFF",
    /// The annual rate per group-1 patient.
    GrRate = "GR-RATE",
    /// The startup fee per doctor capacity.
    GrStartup = "GR-STARTUP",
    /// The regional annual grant.
    GrAnnualRegional = "GR-ANNUAL-REGIONAL",
    /// The PLO annual grant.
    GrAnnualPlo = "GR-ANNUAL-PLO",
    /// Payout dates never before completion.
    GrPaydate = "GR-PAYDATE",
    /// Repaying the startup fee on leaving within a year.
    GrClawback = "GR-CLAWBACK",
    /// Whether a transfer counts as a leave.
    GrTransfer = "GR-TRANSFER",
    /// The consultant fee.
    GrConsultant = "GR-CONSULTANT",
    /// Every line explains itself.
    GrExplain = "GR-EXPLAIN",
    /// Health cluster political level.
    SkPolitical = "SK-POLITICAL",
    /// Health cluster professional/strategic level.
    SkProfessional = "SK-PROFESSIONAL",
    /// Health cluster co-chairs.
    SkCochair = "SK-COCHAIR",
    /// The region's health cooperation committee.
    SkSsu = "SK-SSU",
    /// Every violation of a composition at once.
    SkValidate = "SK-VALIDATE",
    /// The coordinator's calendar: deadlines, payouts, anniversaries, completion.
    CalEvents = "CAL-EVENTS",
    /// The calendar as iCalendar, with stable event identities.
    CalIcs = "CAL-ICS",
    /// The transfers a report's lines promise, per cluster, payer, day and direction.
    RecExpected = "REC-EXPECTED",
    /// A statement of what was booked.
    RecStatement = "REC-STATEMENT",
    /// When a booking can settle an expected transfer.
    RecWindow = "REC-WINDOW",
    /// How bookings are matched to expected transfers.
    RecMatch = "REC-MATCH",
    /// A reconciliation balances to the øre.
    RecBalance = "REC-BALANCE",
    /// A sweep computes many parameter variants at once.
    SwVariants = "SW-VARIANTS",
    /// Each variant's totals equal a full computation's.
    SwExact = "SW-EXACT",
    /// The scenario and report formats of FORMAT.md (unknown fields, ids, shape).
    Format = "FORMAT",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The text is not a rule id of the rule book.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule id {0:?}")]
pub struct UnknownRule(pub String);

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL.iter().copied().find(|rule| rule.id() == s).ok_or_else(|| UnknownRule(s.to_owned()))
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_parses_back() {
        for rule in Rule::ALL {
            assert_eq!(rule.id().parse::<Rule>().unwrap(), *rule);
        }
        assert!("GR-NOPE".parse::<Rule>().is_err());
    }
}
