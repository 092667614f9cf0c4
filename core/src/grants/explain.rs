//! GR-EXPLAIN: why a line has its amount, in English and in Danish, from the line alone.

use super::line::{Line, LineKind};
use super::parameters::Payer;
use crate::rule::Rule;

impl Line<'_> {
    /// Who pays whom, and when: a payout to the cluster, or a repayment by it.
    fn due_en(&self) -> String {
        let payer = payer_en(self.payer);
        match (self.due, self.kind) {
            (Some(due), LineKind::Clawback) => format!("a repayment by the cluster to {payer}, due {due}"),
            (Some(due), _) => format!("a payout from {payer} to the cluster, due {due}"),
            (None, LineKind::Clawback) => {
                format!("a repayment by the cluster to {payer}, pending: the cluster is not complete (GR-PAYDATE)")
            }
            (None, _) => format!(
                "a payout from {payer} to the cluster, pending: the cluster is not complete, so nothing is paid yet (GR-PAYDATE)"
            ),
        }
    }

    fn due_da(&self) -> String {
        let payer = payer_da(self.payer);
        match (self.due, self.kind) {
            (Some(due), LineKind::Clawback) => format!("en tilbagebetaling fra klyngen til {payer}, forfalder {due}"),
            (Some(due), _) => format!("en udbetaling fra {payer} til klyngen, forfalder {due}"),
            (None, LineKind::Clawback) => format!(
                "en tilbagebetaling fra klyngen til {payer}, afventer: klyngen er ikke færdigmeldt (GR-PAYDATE)"
            ),
            (None, _) => format!(
                "en udbetaling fra {payer} til klyngen, afventer: klyngen er ikke færdigmeldt, så intet udbetales endnu (GR-PAYDATE)"
            ),
        }
    }

    /// The fee per capacity a fee or clawback line was computed with: its amount divided by
    /// its capacities (exact: the amount is that product).
    fn fee_per_capacity(&self) -> Option<crate::money::Dkk> {
        let caps = i128::from(self.capacities?);
        let ore = self.amount.ore().abs();
        (caps > 0 && ore % caps == 0).then(|| crate::money::Dkk::round_ratio(ore / caps, 1).ok()).flatten()
    }

    /// GR-EXPLAIN: why this amount, in English.
    pub fn explain_en(&self) -> String {
        let head =
            format!("{} {} for practice {} in {}", self.rule, self.kind, self.ydernummer, cluster_en(self.cluster));
        let body = match (
            self.kind,
            self.period,
            self.patients,
            self.rate,
            self.days,
            self.days_in_year,
            self.capacities,
        ) {
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _)
                if u32::from(diy) == days =>
            {
                let basis = if self.rule == Rule::GrAnnualPlo {
                    format!("a member on the registration deadline, 31 January {}, for the whole year", self.grant_year)
                } else {
                    format!("a member on 1 January {}: the whole year, in advance", self.grant_year)
                };
                format!("{n} group-1 patients × {rate} kr = {} kr, as {basis} ({} to {})", self.amount, p.from, p.until)
            }
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _) => format!(
                "{n} group-1 patients × {rate} kr × {days}/{diy} days = {} kr, for the days of membership {} to {} (exclusive)",
                self.amount, p.from, p.until
            ),
            (LineKind::StartupFee, _, _, _, _, _, Some(caps)) => format!(
                "{} × {} kr per capacity = {} kr, for the practice's first cluster membership, begun in {}",
                capacities_en(caps),
                self.fee_per_capacity().map_or_else(|| "the fee".to_owned(), |f| f.to_string()),
                self.amount,
                self.grant_year
            ),
            (LineKind::Clawback, _, _, _, _, _, Some(caps)) => format!(
                "the practice left before the first anniversary of joining, so the cluster repays its startup fee of {} × {} kr per capacity: {} kr",
                capacities_en(caps),
                self.fee_per_capacity().map_or_else(|| "the fee".to_owned(), |f| f.to_string()),
                self.amount.abs()
            ),
            _ => format!("{} kr", self.amount),
        };
        format!("{head}: {body}; {}.", self.due_en())
    }

    /// GR-EXPLAIN: why this amount, in Danish.
    pub fn explain_da(&self) -> String {
        let kind = match self.kind {
            LineKind::StartupFee => "opstartshonorar",
            LineKind::AnnualGrant => "årligt tilskud",
            LineKind::Clawback => "tilbagebetaling",
        };
        let head = format!("{} {kind} for praksis {} i {}", self.rule, self.ydernummer, cluster_da(self.cluster));
        let body = match (
            self.kind,
            self.period,
            self.patients,
            self.rate,
            self.days,
            self.days_in_year,
            self.capacities,
        ) {
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _)
                if u32::from(diy) == days =>
            {
                let basis = if self.rule == Rule::GrAnnualPlo {
                    format!("som medlem på tilmeldingsfristen 31. januar {}", self.grant_year)
                } else {
                    format!("som medlem 1. januar {}", self.grant_year)
                };
                format!(
                    "{n} gruppe 1-patienter × {rate} kr = {} kr for hele tilskudsåret {}, {basis} ({} til {})",
                    self.amount, self.grant_year, p.from, p.until
                )
            }
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _) => format!(
                "{n} gruppe 1-patienter × {rate} kr × {days}/{diy} dage = {} kr for medlemsdagene {} til {} (eksklusiv)",
                self.amount, p.from, p.until
            ),
            (LineKind::StartupFee, _, _, _, _, _, Some(caps)) => format!(
                "{} × {} kr pr. kapacitet = {} kr for praksis' første klyngemedlemskab, begyndt i {}",
                capacities_da(caps),
                self.fee_per_capacity().map_or_else(|| "honoraret".to_owned(), |f| f.to_string()),
                self.amount,
                self.grant_year
            ),
            (LineKind::Clawback, _, _, _, _, _, Some(caps)) => format!(
                "praksis udtrådte før etårsdagen for indtrædelsen, så klyngen tilbagebetaler dens opstartshonorar på {} × {} kr pr. kapacitet: {} kr",
                capacities_da(caps),
                self.fee_per_capacity().map_or_else(|| "honoraret".to_owned(), |f| f.to_string()),
                self.amount.abs()
            ),
            _ => format!("{} kr", self.amount),
        };
        format!("{head}: {body}; {}.", self.due_da())
    }
}

fn payer_en(payer: Payer) -> &'static str {
    match payer {
        Payer::Region => "the region",
        Payer::Plo => "PLO",
    }
}

fn payer_da(payer: Payer) -> &'static str {
    match payer {
        Payer::Region => "regionen",
        Payer::Plo => "PLO",
    }
}

fn capacities_en(caps: u16) -> String {
    if caps == 1 { "1 doctor capacity".to_owned() } else { format!("{caps} doctor capacities") }
}

fn capacities_da(caps: u16) -> String {
    if caps == 1 { "1 lægekapacitet".to_owned() } else { format!("{caps} lægekapaciteter") }
}

/// A cluster as a text names it: `cluster nordfyn` by its id.
fn cluster_en(cluster: &crate::ids::ClusterId) -> String {
    format!("cluster {cluster}")
}

fn cluster_da(cluster: &crate::ids::ClusterId) -> String {
    format!("klynge {cluster}")
}
