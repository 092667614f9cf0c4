//! Adjustments for the coordinator's app (ADJ-*): why did we get less? One cluster's
//! adjustments between a report as paid and one as owed (docs/formats.md JSON), on a day.

use crate::codes::LineKind;
use crate::error::KlyngeError;
use crate::types::{CalendarDate, ExactDecimal};
use klynge::{ClusterId, Problem, Rule};

/// A cause of an adjustment, with its value as paid and as owed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AdjustmentCause {
    /// `new_line`, `line_gone`, `patients`, `rate`, `days`, `capacities`, `fee_per_capacity`,
    /// `payout_date` or `payer`.
    pub cause: String,
    pub paid: Option<String>,
    pub owed: Option<String>,
}

/// One adjusted line.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LineAdjustment {
    pub ydernummer: String,
    pub kind: LineKind,
    pub grant_year: i32,
    pub paid: ExactDecimal,
    pub owed: ExactDecimal,
    pub difference: ExactDecimal,
    /// What is settled on `today` (negative: the cluster repays); zero where the change only
    /// comes before payout.
    pub settled_now: ExactDecimal,
    pub causes: Vec<AdjustmentCause>,
    pub text_en: String,
    pub text_da: String,
}

/// A cluster's adjustments on a day.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ClusterAdjustments {
    pub cluster: String,
    pub today: CalendarDate,
    pub adjustments: Vec<LineAdjustment>,
    /// The net due on `today` from the region (negative: the cluster repays it).
    pub due_region: ExactDecimal,
    /// The net due on `today` from PLO.
    pub due_plo: ExactDecimal,
}

/// ADJ-*: the adjustments of `cluster` from the report as paid to the report as owed (both
/// docs/formats.md grant-report JSON over the same years), settled on `today`.
#[uniffi::export]
pub fn adjustments_from_reports(
    paid_json: String,
    owed_json: String,
    cluster: String,
    today: CalendarDate,
) -> Result<ClusterAdjustments, KlyngeError> {
    let id: ClusterId = cluster.parse().map_err(|e| KlyngeError::from(Problem::at("cluster", &e)))?;
    let today = today.get("today", Rule::AdjDue)?;
    let paid = klynge::GrantReport::from_json(&paid_json)?;
    let owed = klynge::GrantReport::from_json(&owed_json)?;
    let result = owed.adjustments(&paid, today)?;
    let due = |payer: klynge::grants::Payer| -> klynge::Dkk {
        result.due.iter().filter(|d| d.cluster == id && d.payer == payer).map(|d| d.amount).sum()
    };
    Ok(ClusterAdjustments {
        cluster: id.to_string(),
        today: today.into(),
        adjustments: result
            .adjustments
            .iter()
            .filter(|a| a.cluster == id)
            .map(|a| LineAdjustment {
                ydernummer: a.ydernummer.to_string(),
                kind: a.kind.into(),
                grant_year: a.grant_year,
                paid: a.paid.into(),
                owed: a.owed.into(),
                difference: a.difference.into(),
                settled_now: a.settled.iter().map(|s| s.amount).sum::<klynge::Dkk>().into(),
                causes: a
                    .causes
                    .iter()
                    .map(|c| AdjustmentCause {
                        cause: c.cause.as_str().to_owned(),
                        paid: c.paid.clone(),
                        owed: c.owed.clone(),
                    })
                    .collect(),
                text_en: a.text_en(),
                text_da: a.text_da(),
            })
            .collect(),
        due_region: due(klynge::grants::Payer::Region).into(),
        due_plo: due(klynge::grants::Payer::Plo).into(),
    })
}
