//! One cluster's part of a report, as a coordinator's app shows it: its lines, each payout
//! with the days its money is expected on the account (CMP-PAYOUT, chosen by the payer, as the
//! calendar gives them), and its totals per grant year.

use chrono::NaiveDate;

use super::payout::payout_window;
use super::report::{GrantReport, Totals};
use super::{Line, Payer};
use crate::ids::ClusterId;

/// CMP-PAYOUT: the days money paid to the cluster by `payer` on `payout` is expected on its
/// account: the region's 2 to 4 weeks after the payout date; PLO pays into the cluster's account
/// at PLO on the payout date itself.
///
/// ```
/// use klynge::Payer;
/// let paid = "2024-02-01".parse().unwrap();
/// let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// assert_eq!(klynge::grants::expected_window(Payer::Region, paid), (day("2024-02-15"), day("2024-02-29")));
/// assert_eq!(klynge::grants::expected_window(Payer::Plo, paid), (paid, paid));
/// ```
pub fn expected_window(payer: Payer, payout: NaiveDate) -> (NaiveDate, NaiveDate) {
    match payer {
        Payer::Region => payout_window(payout),
        Payer::Plo => (payout, payout),
    }
}

/// A line of one cluster's view, with its expected window where it is money paid to the
/// cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterLine<'a> {
    /// The report's line.
    pub line: Line<'a>,
    /// Its index in the report (for [`GrantReport::explain`]).
    pub index: usize,
    /// CMP-PAYOUT: when the money is expected on the account: only for a payout (a positive
    /// amount with a payout date); a repayment and a pending line have none.
    pub window: Option<(NaiveDate, NaiveDate)>,
}

/// One cluster's lines and totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterView<'a> {
    /// The cluster.
    pub cluster: ClusterId,
    /// Its lines, in the report's order.
    pub lines: Vec<ClusterLine<'a>>,
    /// Its totals per grant year.
    pub totals: Vec<Totals<'a>>,
}

impl GrantReport {
    /// One cluster's part of the report: its lines with their expected windows, and its
    /// totals. A cluster without lines in the report has an empty view; whether the id names a
    /// cluster at all is the scenario's to say ([`Scenario::cluster`](crate::Scenario::cluster)).
    pub fn cluster_view(&self, cluster: &ClusterId) -> ClusterView<'_> {
        let lines = self
            .lines()
            .enumerate()
            .filter(|(_, line)| line.cluster == cluster)
            .map(|(index, line)| {
                let window = line
                    .due
                    .filter(|_| line.amount > crate::money::Dkk::ZERO)
                    .map(|due| expected_window(line.payer, due));
                ClusterLine { line, index, window }
            })
            .collect();
        let totals = self.totals().filter(|t| t.cluster == cluster).collect();
        ClusterView { cluster: cluster.clone(), lines, totals }
    }
}
