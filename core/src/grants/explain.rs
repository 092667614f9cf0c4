//! GR-EXPLAIN: why a line has its amount, in English and in Danish, from the line alone.

use super::line::{Line, LineKind};
use super::parameters::Payer;
use crate::rule::Rule;

impl Line<'_> {
    fn due_en(&self) -> String {
        match self.due {
            Some(due) => format!("due {due}, paid by {}", payer_en(self.payer)),
            None => format!(
                "pending: the cluster is not complete, so nothing is paid yet (GR-PAYDATE); payer {}",
                payer_en(self.payer)
            ),
        }
    }

    fn due_da(&self) -> String {
        match self.due {
            Some(due) => format!("forfalder {due}, betales af {}", payer_da(self.payer)),
            None => format!(
                "afventer: klyngen er ikke færdigmeldt, så intet udbetales endnu (GR-PAYDATE); betaler {}",
                payer_da(self.payer)
            ),
        }
    }

    /// GR-EXPLAIN: why this amount, in English.
    pub fn explain_en(&self) -> String {
        let head = format!("{} {} for practice {} in cluster {}", self.rule, self.kind, self.ydernummer, self.cluster);
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
                    format!("a member on the registration deadline of grant year {}", self.grant_year)
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
                "{caps} doctor capacities × the fee per capacity = {} kr, for the practice's first cluster membership, begun in {}",
                self.amount, self.grant_year
            ),
            (LineKind::Clawback, _, _, _, _, _, Some(caps)) => format!(
                "the practice left before the first anniversary of joining, so it repays the startup fee for {caps} doctor capacities: {} kr",
                self.amount
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
        let head = format!("{} {kind} for praksis {} i klynge {}", self.rule, self.ydernummer, self.cluster);
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
                format!(
                    "{n} gruppe 1-patienter × {rate} kr = {} kr for hele tilskudsåret {} ({} til {})",
                    self.amount, self.grant_year, p.from, p.until
                )
            }
            (LineKind::AnnualGrant, Some(p), Some(n), Some(rate), Some(days), Some(diy), _) => format!(
                "{n} gruppe 1-patienter × {rate} kr × {days}/{diy} dage = {} kr for medlemsdagene {} til {} (eksklusiv)",
                self.amount, p.from, p.until
            ),
            (LineKind::StartupFee, _, _, _, _, _, Some(caps)) => format!(
                "{caps} lægekapaciteter × honoraret pr. kapacitet = {} kr for praksis' første klyngemedlemskab, begyndt i {}",
                self.amount, self.grant_year
            ),
            (LineKind::Clawback, _, _, _, _, _, Some(caps)) => format!(
                "praksis udtrådte før etårsdagen for indtrædelsen og tilbagebetaler opstartshonoraret for {caps} lægekapaciteter: {} kr",
                self.amount
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
