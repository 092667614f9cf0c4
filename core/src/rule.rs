//! The rules of the rule book (`docs/rules.md`), as a type: each with its id and statement.
//!
//! Every error, checklist item and computed line names the rule that produced it with a
//! [`Rule`]; its [`Display`](std::fmt::Display) is the id as the rule book writes it
//! (`"GR-CLAWBACK"`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! rules {
    ($($variant:ident = $id:literal => $statement:literal,)*) => {
        /// A rule of the rule book, by its id; each variant's documentation is its statement,
        /// as `docs/rules.md` gives it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $(#[doc = $statement] $variant,)*
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

            /// The rule's statement, as the rule book (`docs/rules.md`) gives it.
            pub const fn statement(self) -> &'static str {
                match self {
                    $(Rule::$variant => $statement,)*
                }
            }
        }
    };
}

rules! {
    IdCvr = "ID-CVR" => "A CVR number is 8 ASCII digits, the first not 0, whose digits weighted 2, 7, 6, 5, 4, 3, 2, 1 sum to a multiple of 11. Input may carry spaces and a `DK` prefix; the number is kept as its 8 digits. A wrong length, a non-digit, a leading zero and a failed checksum are each their own error.",
    IdYder = "ID-YDER" => "A ydernummer (a practice's provider number) is 1 to 6 digits after trimming, not all zeros, kept and shown as 6 digits with leading zeros (`61654` is `061654`). It has no check digit.",
    IdPhone = "ID-PHONE" => "A Danish phone number is 8 digits, the first 2 to 9, written with or without spaces or dashes and a `+45` or `0045` prefix; it is kept as `+45` and the 8 digits.",
    IdEmail = "ID-EMAIL" => "An e-mail address has one `@`, a local part of 1 to 64 characters, and a domain of dot-separated labels of letters, digits and hyphens with at least one dot; at most 254 characters in all. The domain is kept in lower case.",
    IdKommune = "ID-KOMMUNE" => "The 98 municipalities, with their 3-digit codes and their regions, and the 5 regions, are found by code or by name, case-insensitively, with `Aarhus`/`Århus` and `Høje-Taastrup`/`Høje Taastrup` alike. Where a scenario names a municipality, it gives the 3-digit code.",
    IdMoney = "ID-MONEY" => "Amounts are Danish kroner with 2 decimals (øre), held as exact decimals and never as floats. Every computed line is rounded once, to øre, half away from zero; a total is the sum of its rounded lines, so totals reconcile to the øre.",
    RegFields = "REG-FIELDS" => "Creating a cluster needs its CVR number, a name (not empty after trimming, at most 200 characters), and the coordinator's name, e-mail, phone and ydernummer, and the municipality. Validation reports every failing field at once, each with its field name, this rule and a message in Danish and English.",
    RegDocs = "REG-DOCS" => "The minutes of the founding general assembly and the statutes are attached before a cluster is created. For a cluster founded on or after 2023-04-01, PLO's cluster rules may stand in for the statutes (such clusters are no longer associations in the legal sense).",
    RegDocsChange = "REG-DOCS-CHANGE" => "A document can be removed or replaced by a newer one of its kind. Once the cluster exists, a kind REG-DOCS requires may be replaced but not removed without a replacement (a cluster founded on or after 2023-04-01 that holds both statutes and cluster rules may remove either). A cluster holds one current document of each kind: attaching one of a kind it holds replaces it. Every removal and replacement is an event of the history, where the old fingerprint stays.",
    RegPdf = "REG-PDF" => "A document is a PDF: not empty, starting with `%PDF-`, at most 20 MiB (policy). The library keeps its kind, file name, size and SHA-256 fingerprint; the bytes are the host's to store.",
    RegAuth = "REG-AUTH" => "Only a coordinator signed in with a health-professional credential may create a cluster; a private credential is refused. Payouts go by ydernummer, so the coordinator's ydernummer is required.",
    RegFounder = "REG-FOUNDER" => "Interpretation: the coordinator's own practice is a member from the founding date.",
    MemAdd = "MEM-ADD" => "The coordinator adds a member practice by ydernummer, with an e-mail if wanted; where one is given, the library returns a confirmation mail for the host to send, and sends nothing itself.",
    MemPeriod = "MEM-PERIOD" => "A membership is a half-open period of days `[joined, left)`: a practice is a member on day d when joined <= d < left. An empty `left` means still a member, and `left` is after `joined`.",
    MemOne = "MEM-ONE" => "A practice is a member of at most one cluster on any day, across the registry or scenario, and has no two overlapping periods in one cluster.",
    MemLeave = "MEM-LEAVE" => "The coordinator ends a membership on a date, with a reason: `left` (the practice left), `excluded` (the cluster excluded it under its rules) or `closed` (its ydernummer ceased); a transfer out has the reason `transferred`. The reason is kept in the history and shown with the membership; for grants each is a leave (Interpretation: the sources name no difference). A ydernummer that closed cannot be added again: adding it is refused, naming the day it closed.",
    MemTransfer = "MEM-TRANSFER" => "A transfer ends a practice's membership of one cluster and begins one of another on the same day; the two periods are linked as a transfer.",
    MemCapacity = "MEM-CAPACITY" => "A practice has a whole number of doctor capacities, at least 1. It changes on a date when the practice's doctors change, and each change is kept in the history. The startup fee and its clawback count the capacities in force on the day the membership began, a change dated that day included (Interpretation: the fee is paid once, at the start); a clawback repays that fee, with the same capacities. A scenario gives each practice its capacities on the day of its first membership.",
    MemDetails = "MEM-DETAILS" => "A member practice's details are its name and clinic address, both optional, each not empty after trimming and at most 200 characters, and its e-mail (ID-EMAIL). The practice itself, the coordinator or the co-coordinator may edit them; an empty value clears a field.",
    MemList = "MEM-LIST" => "The member list of a cluster on a day, as the region and PLO draw it: per member practice its ydernummer, name, clinic address, e-mail, capacities on that day and joining day; for a list over a period, one row per membership in it with its leaving day and reason (details as of the period's last day).",
    MemPatients = "MEM-PATIENTS" => "A practice's group-1 patients are counted per grant year. A computation that needs a count that was not given fails with an error naming the practice and the year; it never assumes zero.",
    GovRoles = "GOV-ROLES" => "A cluster has one coordinator and may have board members, among them a co-coordinator and a treasurer. A change of role takes effect on a date and is kept in the history.",
    GovRights = "GOV-RIGHTS" => "The coordinator and the co-coordinator may change members, roles and documents and declare completion; a member practice may edit only its own practice's details (Interpretation: no source names the members' rights; the sources only say that the coordinator registers changes of members, coordinator and board); the treasurer and members may read; anyone else is refused. A refused action changes nothing.",
    GovLog = "GOV-LOG" => "Every accepted change is an event with its actor, date and content, appended to the cluster's history. Replaying the history gives the same state, and a registry written and read back loses nothing.",
    CmpReady = "CMP-READY" => "The coordinator declares the cluster complete once the required documents are attached and the member practices registered. The library answers what is missing as a checklist of blocking items, and of warnings that do not block: fewer than 30,000 group-1 patients in all (the OK18 guideline for a cluster's size), or members in more than one region.",
    CmpOnce = "CMP-ONCE" => "Completion happens once, on a date, and cannot be undone.",
    CmpPayout = "CMP-PAYOUT" => "Nothing is paid before completion; money due earlier is paid on the completion date (GR-PAYDATE). Funds are expected on the cluster's account 2 to 4 weeks after the payout date, and the library reports that window.",
    CmpCutoff = "CMP-CUTOFF" => "Entitlement runs from the date of the founding general assembly, however long the CVR number, the bank account and completion took.",
    GrRate = "GR-RATE" => "The annual grant per group-1 patient is a dated parameter: 2022 1.12 kr, 2023 2.32 kr, 2024 3.55 kr, 2025 3.65 kr. A grant year without a rate is an error unless the caller supplies one; no rate is invented.",
    GrStartup = "GR-STARTUP" => "Regional scheme: a one-off startup fee of 10,000 kr per doctor capacity for a practice's first membership of any cluster (its earliest), when that membership begins before 2023-04-01. It is due at completion for a membership begun on or before the completion date, otherwise on 1 January after it began. A fee of nothing is no fee.",
    GrAnnualRegional = "GR-ANNUAL-REGIONAL" => "Regional scheme (grant years up to 2023), grant year Y: a member on 1 January Y gets rate(Y) x patients(Y), due that day, for the whole year, whatever it does later in Y; a membership begun during Y, other than by transfer, gets the share for its days of Y, rate(Y) x patients(Y) x days / days in the year (366 in a leap year), rounded once, due at completion where it began on or before the completion date, otherwise on 1 January Y+1; a membership begun during Y by transfer gets nothing for Y from the receiving cluster.",
    GrAnnualPlo = "GR-ANNUAL-PLO" => "PLO scheme (grant years from 2024), grant year Y: the practices that are members on 31 January Y, the registration deadline, count with rate(Y) x patients(Y) each, without proration, due on 1 March Y to the cluster's account at PLO. Joining after 31 January counts from the next year; leaving after it does not reduce Y.",
    GrPaydate = "GR-PAYDATE" => "Nothing is paid before completion, under either scheme: a due date before the completion date moves to the completion date. The payer of a payout is the administrator on its payout date: the region before 2023-04-01, PLO from that day. For a cluster not yet complete, lines are computed without a payout date (pending) and name as payer the administrator on their nominal due date.",
    GrClawback = "GR-CLAWBACK" => "A practice that leaves a cluster before the first anniversary of joining (the same day and month a year later; 28 February for 29 February) repays that membership's startup fee, 10,000 kr per doctor capacity, on the day it leaves, to the fee's payer. Leaving on the anniversary costs nothing. Where the fee's payout date is after the day the practice left, or the fee is still pending, the fee is withheld instead: no fee line and no repayment.",
    GrTransfer = "GR-TRANSFER" => "Interpretation (policy, default off): a transfer to another cluster is not a leave for GR-CLAWBACK; the receiving cluster gets no startup fee, as the fee is earned once per practice.",
    GrConsultant = "GR-CONSULTANT" => "The consultant's hourly rate is the nursing-home rate for 2 hours divided by 2, rounded to øre (from 2024-10-01: 2,144.03 kr, so 1,072.02 kr an hour); a fee is hours x the hourly rate, rounded to øre, for more than 0 hours. The rate is a dated parameter.",
    GrExplain = "GR-EXPLAIN" => "Every computed line names its cluster, practice, kind, grant year, period, the inputs and parameters used (patients, rate, days, capacities), the rule that made it, the payer, the payout date and the amount, so that an analyst can answer why an amount is what it is from the line alone.",
    SkPolitical = "SK-POLITICAL" => "A health cluster's political level has the regional council's chair and at least one other regional council member, and for each participating municipality exactly one mayor, or a deputy in the mayor's stead; further members may be added.",
    SkProfessional = "SK-PROFESSIONAL" => "A health cluster's professional level has exactly 3 representatives of the region and its hospital, at least one of them from psychiatry; exactly one per participating municipality; exactly 2 for general practice; and exactly 2 for patient and relatives' organisations.",
    SkCochair = "SK-COCHAIR" => "A health cluster has two co-chairs: one from the region, and one of its mayors, elected by the municipalities, who also represents the cluster in the region's SSU.",
    SkSsu = "SK-SSU" => "A region's health cooperation committee (SSU) has the regional council's chair, 2 more regional council members, and from each health cluster of the region its municipal co-chair.",
    SkValidate = "SK-VALIDATE" => "Validating a health cluster's composition reports every violation at once, each with its rule id.",
    CalEvents = "CAL-EVENTS" => "A calendar lists, for a scenario, its parameters and a day today, the events from today to a last day (policy, default 31 December of the next year), computed from the scenario's lines of every grant year from its earliest founding year to the last day's year; where a year's rate or a needed count is not known, that cluster has no annual-grant lines of that year, while its startup fees and clawbacks, which need neither, stay. The events, in this order on a day: each PLO-scheme year's registration deadline (31 January) for every cluster founded by then, with the sum of its GR-ANNUAL-PLO lines or the reason there is none; a payout per payout date and payer, with its net and the window in which the money is expected (2 to 4 weeks after for the region, the day itself for PLO); the first anniversary of each ongoing membership with a startup fee, after today, with the fee at stake; for each cluster founded and not complete, dated today, the money held back: its lines due by today that wait for completion; and for each cluster and grant year whose annual grants were left out, dated today, what is missing, so that no year disappears without a word. Events are sorted by date, cluster, kind and practice.",
    CalIcs = "CAL-ICS" => "A calendar can be written as iCalendar (RFC 5545): one all-day event per calendar event, in Danish or English, whose UID is made from its cluster, kind, practice and date, so that importing a newer calendar updates the events instead of doubling them.",
    RecExpected = "REC-EXPECTED" => "The transfers a report expects are its lines with a payout date, summed per cluster, payer, payout date and direction: in (startup fees and annual grants) or out (clawbacks, as a positive amount). Each names the lines it sums. Pending lines are not expected yet, and a sum of zero not at all. A statement of one cluster's account is reconciled against that cluster's expected transfers only. Where the lines are computed from a scenario for the reconciliation, the calendar's tolerance applies: the annual grants of a cluster's grant year whose rate or a count is not known are left out and listed as left out, and everything else, startup fees and clawbacks included, is expected.",
    RecStatement = "REC-STATEMENT" => "A statement lists the transfers booked: date, cluster, amount (exact, at most two decimals, not zero; positive is received by the cluster, negative paid by it), and a payer and a text where given. Every bad row is reported with its row, column and this rule; nothing is matched from a statement that does not validate.",
    RecWindow = "REC-WINDOW" => "A booking can settle an expected transfer of its cluster and direction when it is dated from the payout date to 28 days after it for the region, and to 7 days after it for PLO (both policy). Where the statement names a payer, it must be the expected one.",
    RecMatch = "REC-MATCH" => "Matching is one to one and deterministic. Each expected transfer, in the order of payout date, cluster, payer (plo before region) and direction (in before out), takes the earliest unused booking (the first by row among equals) of exactly its amount inside its window: matched. Then each one left, in the same order, takes the earliest unused booking inside its window: a difference. Of the rest, an expected transfer whose window ended before today is missing, the others are not yet due, and a booking is unexpected. Sums of several bookings are not searched for.",
    RecBalance = "REC-BALANCE" => "A reconciliation balances to the øre, per cluster and in all, each direction on its own: expected = matched + the differences' expected + missing + not yet due, and booked = matched + the differences' booked + unexpected.",
    SwVariants = "SW-VARIANTS" => "A sweep computes one scenario for grant years A to B under many parameter variants at once. A variant may set rates per grant year, the startup fee per capacity and clawback_on_transfer; what it does not set comes from the sweep's base parameters.",
    SwExact = "SW-EXACT" => "Each variant's totals per cluster and grant year (paid, repaid, net) equal, to the øre, those of a full computation with the same parameters, every line rounded once. A variant that lacks a rate is refused with its index and the year, and the sweep reports every such problem at once.",
    LedSpending = "LED-SPENDING" => "A spending of a cluster's funds has a cluster, a date, a kind (refund, meeting, honorarium, consultant, other), a payee (non-empty, at most 200 characters), an exact amount of more than zero with at most two decimals, and a status (paid, dated the day it left the funds and not after today; or requested, dated the day it was asked for), and optionally hours and a text. A consultant spending gives its hours; where a consultant rate is known for its date its amount is hours times the hourly rate (GR-CONSULTANT), computed where left out and a problem where it differs; where none is known the amount must be given. Every bad row is reported with its row, column and this rule, a paid spending before its cluster's founding included; nothing is computed from a list that does not validate.",
    LedEntries = "LED-ENTRIES" => "A cluster's ledger on a day today books, in date order, each line of a grant report covering every year from the ledger's first year that has a payout date on or before today (startup fees and annual grants in, clawbacks out; a line of zero books nothing), and each paid spending out on its date. Pending lines are listed per cluster, not booked. An opening balance (a day and an amount) replaces every entry before its day; without one the ledger starts at zero on the cluster's founding day. On one day: in before out, then report lines in the report's order before spendings in row order. Each entry carries the balance after it.",
    LedBalance = "LED-BALANCE" => "The balance is the running sum of the entries, to the øre. A paid spending after which the balance is below zero is flagged as an overdraft, with the whole amount below zero at that point. Nothing is refused: the ledger records what happened.",
    LedPlan = "LED-PLAN" => "What lies ahead from today: the report's lines with a payout date after today and the requested spendings, each dated the later of its date and today, in date order (one day: in before out, report lines before spendings, spendings in row order), running on from today's balance. A requested spending is covered when the balance right after it is at least zero; otherwise it has a shortfall (the smaller of its amount and the amount below zero) and the first day on or after its date at whose end the balance is at least zero again, or none. Lines of zero kroner are not in the plan.",
    LedYear = "LED-YEAR" => "For each calendar year from the ledger's first year (that of its opening balance's day, else of the cluster's founding) to today's year, per cluster: the opening balance, in per kind (startup fees, annual grants), out per kind (clawbacks and each spending kind), and the closing balance, with closing = opening + in - out to the øre and each year opening at the closing of the year before; today's year closes on today.",
    AdjLines = "ADJ-LINES" => "Two reports over the same grant years are compared, the report as paid and the report as owed (other years are refused; a cluster may have lines in only one of them). Lines are paired by cluster, ydernummer, kind, grant year and their order among the lines with those four equal. Each pair whose amount, payout date or payer differs, and each line found in only one of the two, is an adjustment: the amount owed minus the amount paid, and every cause that applies, in this order: new_line, line_gone, patients, rate, days, capacities, fee_per_capacity, payout_date, payer, each with its value as paid and as owed. A line found in only one of the two has the single cause new_line or line_gone.",
    AdjDue = "ADJ-DUE" => "What is settled now for an adjustment is what should have moved by today less what did: the amount as owed where its payout date as owed is on or before today, less the amount as paid where its payout date as paid is on or before today. With one payer that is one settlement; where the payers differ, the payer as paid gets back what moved and the payer as owed pays what should have. A settlement is due on today, from the payer to the cluster where positive and from the cluster to the payer where negative; zeros are not listed, and an adjustment without settlements only changes before payout. Per cluster and payer the settlements sum to one net amount due.",
    AdjExplain = "ADJ-EXPLAIN" => "Each adjustment has a text in Danish and English naming the practice, the kind, the grant year, the amount and each cause with its two values, so that a coordinator can answer why the cluster got less from the adjustment alone.",
    Format = "FORMAT" => "The formats of docs/formats.md: the scenario (JSON and tables), the grant report, the statement, the calendar, the reconciliation and the sweep. A reader refuses unknown fields and malformed values with the place and this rule; dates are `YYYY-MM-DD` and money is a string with two decimals.",
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
