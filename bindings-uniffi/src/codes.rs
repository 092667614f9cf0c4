//! The core's codes as the host's own enums (Kotlin `enum class`, Swift `enum`): the rule a
//! value cites, a line's kind, who pays, which way money goes, a calendar event's kind and a
//! checklist item. Conversion only: each maps one to one onto the core's type.

/// Generates the FFI's `Rule` from the core's rule variants, with both conversions.
macro_rules! rules {
    ($($variant:ident),* $(,)?) => {
        /// A rule of the rule book (docs/rules.md), by its id: `Rule.GR_CLAWBACK` is
        /// "GR-CLAWBACK" (`ruleId` gives the text).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum Rule {
            $($variant,)*
        }

        impl From<klynge::Rule> for Rule {
            fn from(rule: klynge::Rule) -> Self {
                match rule {
                    $(klynge::Rule::$variant => Rule::$variant,)*
                    // The core's rules are non-exhaustive to other crates; every one is listed
                    // above (the test `every_core_rule_has_its_ffi_rule` keeps it so).
                    _ => Rule::Format,
                }
            }
        }

        impl From<Rule> for klynge::Rule {
            fn from(rule: Rule) -> Self {
                match rule {
                    $(Rule::$variant => klynge::Rule::$variant,)*
                }
            }
        }
    };
}

rules!(
    IdCvr,
    IdYder,
    IdPhone,
    IdEmail,
    IdKommune,
    IdMoney,
    RegFields,
    RegDocs,
    RegDocsChange,
    RegPdf,
    RegAuth,
    RegFounder,
    MemAdd,
    MemPeriod,
    MemOne,
    MemLeave,
    MemTransfer,
    MemCapacity,
    MemDetails,
    MemList,
    MemPatients,
    GovRoles,
    GovRights,
    GovLog,
    CmpReady,
    CmpOnce,
    CmpPayout,
    CmpCutoff,
    GrRate,
    GrStartup,
    GrAnnualRegional,
    GrAnnualPlo,
    GrPaydate,
    GrClawback,
    GrTransfer,
    GrConsultant,
    GrExplain,
    SkPolitical,
    SkProfessional,
    SkCochair,
    SkSsu,
    SkValidate,
    CalEvents,
    CalIcs,
    RecExpected,
    RecStatement,
    RecWindow,
    RecMatch,
    RecBalance,
    SwVariants,
    SwExact,
    LedSpending,
    LedEntries,
    LedBalance,
    LedPlan,
    LedYear,
    AdjLines,
    AdjDue,
    AdjExplain,
    Format,
);

/// The rule's id as the rule book writes it: `"GR-CLAWBACK"`.
#[uniffi::export]
pub fn rule_id(rule: Rule) -> String {
    klynge::Rule::from(rule).id().to_owned()
}

/// The rule's statement, as docs/rules.md gives it.
#[uniffi::export]
pub fn rule_statement(rule: Rule) -> String {
    klynge::Rule::from(rule).statement().to_owned()
}

/// What a grant line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum LineKind {
    /// GR-STARTUP: the startup fee (paid to the cluster).
    StartupFee,
    /// GR-ANNUAL-REGIONAL, GR-ANNUAL-PLO: the annual grant (paid to the cluster).
    AnnualGrant,
    /// GR-CLAWBACK: a repayment of a startup fee by the cluster.
    Clawback,
}

impl From<klynge::LineKind> for LineKind {
    fn from(kind: klynge::LineKind) -> Self {
        match kind {
            klynge::LineKind::StartupFee => LineKind::StartupFee,
            klynge::LineKind::AnnualGrant => LineKind::AnnualGrant,
            klynge::LineKind::Clawback => LineKind::Clawback,
        }
    }
}

/// Who pays the cluster, or is repaid by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Payer {
    /// The region.
    Region,
    /// PLO (from 2023-04-01).
    Plo,
}

impl From<klynge::Payer> for Payer {
    fn from(payer: klynge::Payer) -> Self {
        match payer {
            klynge::Payer::Region => Payer::Region,
            klynge::Payer::Plo => Payer::Plo,
        }
    }
}

impl From<Payer> for klynge::Payer {
    fn from(payer: Payer) -> Self {
        match payer {
            Payer::Region => klynge::Payer::Region,
            Payer::Plo => klynge::Payer::Plo,
        }
    }
}

/// Which way money goes: a payout to the cluster, or a repayment by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Direction {
    /// Money the cluster receives (a payout).
    In,
    /// Money the cluster repays (a repayment).
    Out,
}

impl From<klynge::reconcile::Direction> for Direction {
    fn from(direction: klynge::reconcile::Direction) -> Self {
        match direction {
            klynge::reconcile::Direction::In => Direction::In,
            klynge::reconcile::Direction::Out => Direction::Out,
        }
    }
}

/// What a calendar event is (CAL-EVENTS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum EventKind {
    /// GR-ANNUAL-PLO: 31 January of a PLO-scheme year.
    RegistrationDeadline,
    /// GR-PAYDATE: money paid or repaid on a day, by one payer.
    Payout,
    /// GR-CLAWBACK: the first anniversary of a membership.
    Anniversary,
    /// CMP-PAYOUT: a cluster not yet complete, and the money held back.
    Completion,
    /// GR-RATE, MEM-PATIENTS: annual grants left out for want of a rate or a count.
    LeftOut,
}

impl From<klynge::EventKind> for EventKind {
    fn from(kind: klynge::EventKind) -> Self {
        match kind {
            klynge::EventKind::RegistrationDeadline => EventKind::RegistrationDeadline,
            klynge::EventKind::Payout => EventKind::Payout,
            klynge::EventKind::Anniversary => EventKind::Anniversary,
            klynge::EventKind::Completion => EventKind::Completion,
            klynge::EventKind::LeftOut => EventKind::LeftOut,
        }
    }
}

/// What a checklist item is (CMP-READY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ChecklistCode {
    /// The founding minutes are missing (blocking).
    MissingMinutes,
    /// The statutes (or cluster rules) are missing (blocking).
    MissingStatutes,
    /// No practice is a member on the completion date (blocking).
    NoMembers,
    /// The date is before the founding assembly (blocking).
    BeforeFounding,
    /// The cluster is complete already (blocking).
    AlreadyComplete,
    /// Fewer group-1 patients than the OK18 guideline (warning).
    FewPatients,
    /// Members without a patient count for the year (warning).
    PatientCountsMissing,
    /// Members in more than one region (warning).
    SeveralRegions,
}

impl From<&klynge::ChecklistItem> for ChecklistCode {
    fn from(item: &klynge::ChecklistItem) -> Self {
        use klynge::ChecklistItem as I;
        match item {
            I::MissingMinutes => ChecklistCode::MissingMinutes,
            I::MissingStatutes => ChecklistCode::MissingStatutes,
            I::NoMembers => ChecklistCode::NoMembers,
            I::BeforeFounding { .. } => ChecklistCode::BeforeFounding,
            I::AlreadyComplete { .. } => ChecklistCode::AlreadyComplete,
            I::FewPatients { .. } => ChecklistCode::FewPatients,
            I::PatientCountsMissing { .. } => ChecklistCode::PatientCountsMissing,
            I::SeveralRegions { .. } => ChecklistCode::SeveralRegions,
            // The core's items are non-exhaustive to other crates; every one is listed above
            // (the test `every_checklist_item_has_its_code` keeps it so).
            _ => ChecklistCode::NoMembers,
        }
    }
}

/// A count or size for the host: one integer type (`Long` in Kotlin), as the inputs take.
pub(crate) fn count(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_checklist_item_has_its_code() {
        use klynge::ChecklistItem as I;
        let day = chrono::NaiveDate::MIN;
        let items = [
            I::MissingMinutes,
            I::MissingStatutes,
            I::NoMembers,
            I::BeforeFounding { founded: day },
            I::AlreadyComplete { completed: day },
            I::FewPatients { year: 2024, total: 1 },
            I::PatientCountsMissing { year: 2024, practices: vec![] },
            I::SeveralRegions { regions: vec![] },
        ];
        let codes: Vec<String> = items.iter().map(|i| format!("{:?}", ChecklistCode::from(i))).collect();
        let expected: Vec<String> = items
            .iter()
            .map(|i| i.code().split('_').map(|w| w[..1].to_uppercase() + &w[1..]).collect::<String>())
            .collect();
        assert_eq!(codes, expected);
    }

    #[test]
    fn every_core_rule_has_its_ffi_rule() {
        for &rule in klynge::Rule::ALL {
            assert_eq!(klynge::Rule::from(Rule::from(rule)), rule, "{rule} has no FFI rule of its own");
        }
    }
}
