//! CMP-READY and CMP-ONCE: what a cluster still lacks before it can be declared complete
//! (*færdigmelding*), and the warnings that do not block it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use std::collections::BTreeSet;

use chrono::Datelike;

use crate::geography::Region;
use crate::ids::{ClusterId, Ydernummer};
use crate::problem::Explain;
use crate::registry::cluster::{Cluster, FormError, missing_documents};
use crate::registry::members::Practice;
use crate::rule::Rule;

/// CMP-READY: the OK18 guideline for a cluster's size, in group-1 patients.
pub const PATIENT_GUIDELINE: u64 = 30_000;

/// One item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChecklistItem {
    /// REG-DOCS (blocking): the founding minutes are missing.
    MissingMinutes,
    /// REG-DOCS (blocking): the statutes (or cluster rules) are missing.
    MissingStatutes,
    /// CMP-READY (blocking): no practice is a member on the completion date.
    NoMembers,
    /// CMP-READY (blocking): the date is before the founding assembly.
    BeforeFounding {
        /// The founding date.
        #[serde(with = "crate::dates::strict")]
        founded: NaiveDate,
    },
    /// CMP-ONCE (blocking): the cluster is complete already.
    AlreadyComplete {
        /// When it was completed.
        #[serde(with = "crate::dates::strict")]
        completed: NaiveDate,
    },
    /// CMP-READY (warning): fewer group-1 patients than the OK18 guideline.
    FewPatients {
        /// The year counted.
        year: i32,
        /// The members' total.
        total: u64,
    },
    /// MEM-PATIENTS (warning): members without a patient count for the year, so the size
    /// check is incomplete.
    PatientCountsMissing {
        /// The year.
        year: i32,
        /// The practices without a count.
        practices: Vec<Ydernummer>,
    },
    /// CMP-READY (warning): member practices lie in more than one region.
    SeveralRegions {
        /// The regions, by code.
        regions: Vec<Region>,
    },
}

impl ChecklistItem {
    /// A stable code for hosts, as serde writes the item: `missing_minutes`, `few_patients` …
    pub const fn code(&self) -> &'static str {
        match self {
            ChecklistItem::MissingMinutes => "missing_minutes",
            ChecklistItem::MissingStatutes => "missing_statutes",
            ChecklistItem::NoMembers => "no_members",
            ChecklistItem::BeforeFounding { .. } => "before_founding",
            ChecklistItem::AlreadyComplete { .. } => "already_complete",
            ChecklistItem::FewPatients { .. } => "few_patients",
            ChecklistItem::PatientCountsMissing { .. } => "patient_counts_missing",
            ChecklistItem::SeveralRegions { .. } => "several_regions",
        }
    }
}

impl Explain for ChecklistItem {
    fn rule(&self) -> Rule {
        match self {
            ChecklistItem::MissingMinutes | ChecklistItem::MissingStatutes => Rule::RegDocs,
            ChecklistItem::AlreadyComplete { .. } => Rule::CmpOnce,
            ChecklistItem::PatientCountsMissing { .. } => Rule::MemPatients,
            ChecklistItem::NoMembers
            | ChecklistItem::BeforeFounding { .. }
            | ChecklistItem::FewPatients { .. }
            | ChecklistItem::SeveralRegions { .. } => Rule::CmpReady,
        }
    }

    fn message_en(&self) -> String {
        match self {
            ChecklistItem::MissingMinutes => FormError::MissingMinutes.message_en(),
            ChecklistItem::MissingStatutes => FormError::MissingStatutes.message_en(),
            ChecklistItem::NoMembers => "no practice is a member on the completion date".into(),
            ChecklistItem::BeforeFounding { founded } => {
                format!("completion cannot be before the founding assembly on {founded}")
            }
            ChecklistItem::AlreadyComplete { completed } => format!("the cluster was completed on {completed}"),
            ChecklistItem::FewPatients { year, total } => format!(
                "the members have {total} group-1 patients in {year}, fewer than the {PATIENT_GUIDELINE} of the OK18 guideline"
            ),
            ChecklistItem::PatientCountsMissing { year, practices } => {
                format!("no group-1 patient count for {year} for {}", list(practices))
            }
            ChecklistItem::SeveralRegions { regions } => {
                format!("member practices lie in more than one region: {}", list(regions))
            }
        }
    }

    fn message_da(&self) -> String {
        match self {
            ChecklistItem::MissingMinutes => FormError::MissingMinutes.message_da(),
            ChecklistItem::MissingStatutes => FormError::MissingStatutes.message_da(),
            ChecklistItem::NoMembers => "ingen praksis er medlem på færdigmeldingsdatoen".into(),
            ChecklistItem::BeforeFounding { founded } => {
                format!("færdigmelding kan ikke ligge før den stiftende generalforsamling den {founded}")
            }
            ChecklistItem::AlreadyComplete { completed } => format!("klyngen blev færdigmeldt den {completed}"),
            ChecklistItem::FewPatients { year, total } => format!(
                "medlemmerne har {total} gruppe 1-patienter i {year}, færre end OK18-retningslinjens {PATIENT_GUIDELINE}"
            ),
            ChecklistItem::PatientCountsMissing { year, practices } => {
                format!("intet antal gruppe 1-patienter for {year} for {}", list(practices))
            }
            ChecklistItem::SeveralRegions { regions } => {
                format!("medlemspraksis ligger i mere end én region: {}", list(regions))
            }
        }
    }
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// CMP-READY: what blocks completion of a cluster on a date, and what only warns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    /// The cluster.
    pub cluster: ClusterId,
    /// The completion date asked about.
    #[serde(with = "crate::dates::strict")]
    pub date: NaiveDate,
    /// Items that block completion.
    pub blocking: Vec<ChecklistItem>,
    /// Items that do not block it.
    pub warnings: Vec<ChecklistItem>,
}

impl Checklist {
    /// True when nothing blocks completion.
    pub fn is_ready(&self) -> bool {
        self.blocking.is_empty()
    }

    /// The blocking items, in English, separated by `"; "`.
    pub fn blocking_summary_en(&self) -> String {
        self.blocking.iter().map(Explain::message_en).collect::<Vec<_>>().join("; ")
    }

    /// The blocking items, in Danish, separated by `"; "`.
    pub fn blocking_summary_da(&self) -> String {
        self.blocking.iter().map(Explain::message_da).collect::<Vec<_>>().join("; ")
    }
}

/// CMP-READY: the checklist of `cluster` on `date`, whose member practices on that day are
/// `members`. Blocking: already complete (CMP-ONCE), before the founding, a missing document
/// (REG-DOCS), no members. Warnings: patient counts missing for the year, fewer patients than
/// the OK18 guideline, members in more than one region.
pub(crate) fn checklist(cluster: &Cluster, date: NaiveDate, members: &[&Practice]) -> Checklist {
    let mut blocking = Vec::new();
    let mut warnings = Vec::new();
    if let Some(completed) = cluster.completed {
        blocking.push(ChecklistItem::AlreadyComplete { completed });
    }
    if date < cluster.founded {
        blocking.push(ChecklistItem::BeforeFounding { founded: cluster.founded });
    }
    for missing in missing_documents(cluster.founded, &cluster.documents) {
        blocking.push(match missing {
            FormError::MissingMinutes => ChecklistItem::MissingMinutes,
            _ => ChecklistItem::MissingStatutes,
        });
    }
    if members.is_empty() {
        blocking.push(ChecklistItem::NoMembers);
    } else {
        let year = date.year();
        let (counted, missing): (Vec<&Practice>, Vec<&Practice>) =
            members.iter().copied().partition(|p| p.patients(year).is_some());
        let total: u64 = counted.iter().filter_map(|p| p.patients(year)).map(|n| u64::from(n.get())).sum();
        if !missing.is_empty() {
            let practices = missing.iter().map(|p| p.ydernummer).collect();
            warnings.push(ChecklistItem::PatientCountsMissing { year, practices });
        }
        if total < PATIENT_GUIDELINE {
            warnings.push(ChecklistItem::FewPatients { year, total });
        }
        let regions: BTreeSet<Region> = members.iter().filter_map(|p| p.municipality).map(|m| m.region()).collect();
        if regions.len() > 1 {
            warnings.push(ChecklistItem::SeveralRegions { regions: regions.into_iter().collect() });
        }
    }
    Checklist { cluster: cluster.id.clone(), date, blocking, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmp_ready_item_codes_are_what_serde_writes() {
        let items = [
            ChecklistItem::MissingMinutes,
            ChecklistItem::MissingStatutes,
            ChecklistItem::NoMembers,
            ChecklistItem::BeforeFounding { founded: NaiveDate::MIN },
            ChecklistItem::AlreadyComplete { completed: NaiveDate::MIN },
            ChecklistItem::FewPatients { year: 2022, total: 1 },
            ChecklistItem::PatientCountsMissing { year: 2022, practices: vec![] },
            ChecklistItem::SeveralRegions { regions: vec![] },
        ];
        for item in items {
            let json = serde_json::to_value(&item).unwrap();
            assert_eq!(json["item"], item.code());
        }
    }
}
