//! A grant report as docs/formats.md's JSON, written and read back: reading checks every line
//! against its kind (GR-EXPLAIN) and the totals against the lines (ID-MONEY).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::line::{CompactLine, LineKind, Period, stored_due};
use super::parameters::Payer;
use super::report::GrantReport;
use super::storage::ReportBuilder;
use crate::dates::{days_in_year, epoch_day};
use crate::ids::{ClusterId, Ydernummer};
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;

impl GrantReport {
    /// The report as the JSON of docs/formats.md.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a report written by [`GrantReport::to_json`], checking that lines and totals agree.
    pub fn from_json(text: &str) -> Result<Self, ValidationErrors> {
        let raw: RawReport = serde_json::from_str(crate::json_text::without_bom(text)).map_err(|e| {
            ValidationErrors::from(Problem::new(
                "",
                Rule::Format,
                format!("not a grant report: {e}"),
                format!("ikke en tilskudsrapport: {e}"),
            ))
        })?;
        raw.into_report()
    }
}

/// Serialises an iterator as a sequence without collecting it.
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.take().into_iter().flatten())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Years {
    first: i32,
    last: i32,
}

impl Serialize for GrantReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("GrantReport", 5)?;
        s.serialize_field("years", &Years { first: self.first, last: self.last })?;
        s.serialize_field("klynge_version", &self.provenance.as_ref().map(|p| &p.klynge_version))?;
        s.serialize_field("parameters_fingerprint", &self.provenance.as_ref().map(|p| &p.parameters_fingerprint))?;
        s.serialize_field("lines", &Seq(std::cell::Cell::new(Some(self.lines()))))?;
        s.serialize_field("totals", &Seq(std::cell::Cell::new(Some(self.totals()))))?;
        s.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    cluster: ClusterId,
    ydernummer: Ydernummer,
    kind: LineKind,
    grant_year: i32,
    rule: Rule,
    period: Option<Period>,
    patients: Option<u32>,
    rate: Option<Rate>,
    days: Option<u32>,
    days_in_year: Option<u16>,
    capacities: Option<u16>,
    amount: Dkk,
    payer: Payer,
    #[serde(default, with = "crate::dates::strict::option")]
    due: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTotals {
    cluster: ClusterId,
    grant_year: i32,
    paid: Dkk,
    repaid: Dkk,
    net: Dkk,
    /// Written since `pending` joined the totals; a stored report without it reads back.
    #[serde(default)]
    pending: Option<Dkk>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    years: Years,
    /// Written since reports name what computed them; a stored report without it reads back.
    #[serde(default)]
    klynge_version: Option<String>,
    #[serde(default)]
    parameters_fingerprint: Option<String>,
    lines: Vec<RawLine>,
    totals: Vec<RawTotals>,
}

impl RawReport {
    /// Checks every line against its kind and the totals against the lines.
    fn into_report(self) -> Result<GrantReport, ValidationErrors> {
        let provenance = match (self.klynge_version.as_deref(), self.parameters_fingerprint.as_deref()) {
            (None, None) => None,
            (Some(version), Some(fingerprint))
                if !version.is_empty()
                    && version.len() <= 64
                    && fingerprint.len() == 64
                    && fingerprint.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
            {
                Some(super::report::Provenance {
                    klynge_version: version.to_owned(),
                    parameters_fingerprint: fingerprint.to_owned(),
                })
            }
            _ => {
                return Err(ValidationErrors::from(Problem::new(
                    "klynge_version",
                    Rule::Format,
                    "klynge_version (at most 64 characters) and parameters_fingerprint (64 hexadecimal digits) come together, or neither",
                    "klynge_version (højst 64 tegn) og parameters_fingerprint (64 hexadecimale cifre) angives sammen, eller ingen af dem",
                )));
            }
        };
        let mut errors = ValidationErrors::new();
        let mut bad = |path: String, what: &str| {
            errors.push(Problem::new(path, Rule::GrExplain, what, format!("uoverensstemmelse: {what}")));
        };
        let mut ids: Vec<ClusterId> = self.lines.iter().map(|l| l.cluster.clone()).collect();
        ids.dedup();
        let index: BTreeMap<&ClusterId, u32> =
            ids.iter().enumerate().map(|(i, c)| (c, u32::try_from(i).unwrap_or(u32::MAX))).collect();
        if index.len() != ids.len() {
            bad("lines".into(), "lines are not grouped by cluster");
        }
        let mut practices: Vec<Ydernummer> = self.lines.iter().map(|l| l.ydernummer).collect();
        practices.sort_unstable();
        practices.dedup();
        let practice = |y: Ydernummer| u32::try_from(practices.binary_search(&y).unwrap_or(0)).unwrap_or(0);
        let mut rates = BTreeMap::new();
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            let path = format!("lines[{i}]");
            if !(self.years.first..=self.years.last).contains(&l.grant_year) {
                bad(format!("{path}.grant_year"), "grant year outside the report's years");
            }
            let Ok(grant_year) = i16::try_from(l.grant_year) else {
                bad(format!("{path}.grant_year"), "grant year out of range");
                continue;
            };
            let expected_rule = match l.kind {
                LineKind::StartupFee => matches!(l.rule, Rule::GrStartup),
                LineKind::AnnualGrant => matches!(l.rule, Rule::GrAnnualRegional | Rule::GrAnnualPlo),
                LineKind::Clawback => matches!(l.rule, Rule::GrClawback),
            };
            if !expected_rule {
                bad(format!("{path}.rule"), "the rule does not produce this kind of line");
            }
            if (l.kind == LineKind::Clawback) != l.amount.is_negative() {
                bad(format!("{path}.amount"), "only a clawback is negative");
            }
            let stored = match (l.kind, l.period, l.patients, l.rate, l.days, l.days_in_year, l.capacities) {
                (LineKind::AnnualGrant, Some(p), Some(patients), Some(rate), Some(days), Some(diy), None) => {
                    let span = u32::try_from((p.until - p.from).num_days()).ok();
                    if span != Some(days) || diy != days_in_year(l.grant_year) || p.from.year() != l.grant_year {
                        bad(format!("{path}.days"), "days, days_in_year and period disagree");
                    }
                    if *rates.entry(l.grant_year).or_insert(rate) != rate {
                        bad(format!("{path}.rate"), "two rates for one grant year");
                    }
                    (epoch_day(p.from), epoch_day(p.until), patients, 0)
                }
                (LineKind::StartupFee | LineKind::Clawback, None, None, None, None, None, Some(caps)) => {
                    (0, 0, 0, caps)
                }
                _ => {
                    bad(path, "the fields that apply to this kind must be set and the others null");
                    continue;
                }
            };
            lines.push(CompactLine {
                cluster: index.get(&l.cluster).copied().unwrap_or(0),
                practice: practice(l.ydernummer),
                patients: stored.2,
                from: stored.0,
                until: stored.1,
                amount: l.amount,
                due: stored_due(l.due),
                grant_year,
                capacities: stored.3,
                kind: l.kind,
                rule: l.rule,
                payer: l.payer,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut builder = ReportBuilder::new(&ids, &[], practices.into(), lines.len());
        for line in lines {
            builder.push(line);
        }
        let report = builder.finish(self.years.first, self.years.last, rates)?;
        let given: Vec<(ClusterId, i32, Dkk, Dkk, Dkk)> =
            self.totals.iter().map(|t| (t.cluster.clone(), t.grant_year, t.paid, t.repaid, t.net)).collect();
        let computed: Vec<(ClusterId, i32, Dkk, Dkk, Dkk)> =
            report.totals().map(|t| (t.cluster.clone(), t.grant_year, t.paid, t.repaid, t.net)).collect();
        let pending_agrees = self
            .totals
            .iter()
            .zip(report.totals())
            .all(|(given, computed)| given.pending.is_none_or(|p| p == computed.pending));
        if given != computed || !pending_agrees {
            return Err(ValidationErrors::from(Problem::new(
                "totals",
                Rule::IdMoney,
                "the totals are not the sums of the lines",
                "totalerne er ikke summen af linjerne",
            )));
        }
        Ok(GrantReport { provenance, ..report })
    }
}

impl<'de> Deserialize<'de> for GrantReport {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawReport::deserialize(deserializer)?.into_report().map_err(serde::de::Error::custom)
    }
}
