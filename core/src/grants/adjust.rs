//! Adjustments (ADJ-LINES, ADJ-DUE, ADJ-EXPLAIN): what changed between a report *as paid* and a
//! report *as owed*, line by line, each with its causes and what is settled on a day *today*.
//!
//! "The region sees the changes and makes the necessary adjustment of the payouts": a leave
//! registered late, a corrected count, a new rate, a member added after the payout. Lines are
//! paired by cluster, ydernummer, kind, grant year and their order among the lines with those
//! four equal (the report's order puts them by joining day).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::line::{Line, LineKind};
use super::parameters::Payer;
use super::report::GrantReport;
use crate::ids::{ClusterId, Ydernummer};
use crate::money::Dkk;
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;

/// Why a line's amount, payout date or payer changed (ADJ-LINES), in the rule book's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CauseKind {
    /// The line is owed now and was not paid.
    NewLine,
    /// The line was paid and is not owed now.
    LineGone,
    /// The group-1 patient count.
    Patients,
    /// The rate.
    Rate,
    /// The days of membership.
    Days,
    /// The doctor capacities.
    Capacities,
    /// A fee's or clawback's amount per capacity.
    FeePerCapacity,
    /// The payout date.
    PayoutDate,
    /// Who pays.
    Payer,
}

impl CauseKind {
    /// The name docs/formats.md uses.
    pub const fn as_str(self) -> &'static str {
        match self {
            CauseKind::NewLine => "new_line",
            CauseKind::LineGone => "line_gone",
            CauseKind::Patients => "patients",
            CauseKind::Rate => "rate",
            CauseKind::Days => "days",
            CauseKind::Capacities => "capacities",
            CauseKind::FeePerCapacity => "fee_per_capacity",
            CauseKind::PayoutDate => "payout_date",
            CauseKind::Payer => "payer",
        }
    }
}

/// A cause with its value as paid and as owed (as text; `None` where a line has no such value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// What changed.
    pub cause: CauseKind,
    /// The value as paid.
    pub paid: Option<String>,
    /// The value as owed.
    pub owed: Option<String>,
}

/// ADJ-DUE: money that moves on *today*: positive from the payer to the cluster, negative from
/// the cluster to the payer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    /// The region or PLO.
    pub payer: Payer,
    /// The amount.
    pub amount: Dkk,
}

/// One adjusted line (ADJ-LINES, ADJ-DUE, ADJ-EXPLAIN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    /// The cluster.
    pub cluster: ClusterId,
    /// The practice.
    pub ydernummer: Ydernummer,
    /// The line's kind.
    pub kind: LineKind,
    /// The grant year.
    pub grant_year: i32,
    /// The amount as paid (zero for a new line).
    pub paid: Dkk,
    /// The amount as owed (zero for a line gone).
    pub owed: Dkk,
    /// `owed - paid`.
    pub difference: Dkk,
    /// The payer as owed, or as paid for a line gone.
    pub payer: Payer,
    /// What is settled on *today*; empty where the change only comes before payout.
    pub settled: Vec<Settlement>,
    /// Every cause that applies, in the rule book's order.
    pub causes: Vec<Cause>,
}

impl Adjustment {
    /// ADJ-EXPLAIN: the adjustment in words, in English (made when asked for: a computation of
    /// many adjustments does not write texts nobody reads).
    pub fn text_en(&self) -> String {
        explain(self).0
    }

    /// ADJ-EXPLAIN: the adjustment in words, in Danish.
    pub fn text_da(&self) -> String {
        explain(self).1
    }
}

/// The net due on *today* of one cluster and payer: the sum of its settlements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The cluster.
    pub cluster: ClusterId,
    /// The region or PLO.
    pub payer: Payer,
    /// Positive: the payer pays the cluster; negative: the cluster repays.
    pub amount: Dkk,
}

/// The adjustments between two reports on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustments {
    /// The day settlements are due.
    pub today: NaiveDate,
    /// One per changed, new or gone line, sorted by cluster, grant year, ydernummer, kind and
    /// pairing order.
    pub adjustments: Vec<Adjustment>,
    /// The net due per cluster and payer, zeros left out.
    pub due: Vec<Due>,
    /// What computed the report as paid, where it says.
    pub paid_report: Option<super::report::Provenance>,
    /// What computed the report as owed, where it says.
    pub owed_report: Option<super::report::Provenance>,
}

/// A fee's or clawback's amount per capacity, exact where it divides.
fn per_capacity(line: &Line<'_>) -> Option<Dkk> {
    let caps = i128::from(line.capacities?);
    let ore = line.amount.ore().abs();
    (caps > 0).then(|| Dkk::round_ratio(ore, caps).ok()).flatten()
}

fn text<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

/// ADJ-LINES: the causes of a pair, every one that applies.
fn causes(paid: &Line<'_>, owed: &Line<'_>) -> Vec<Cause> {
    let mut found = Vec::new();
    let mut check = |cause: CauseKind, a: Option<String>, b: Option<String>| {
        if a != b {
            found.push(Cause { cause, paid: a, owed: b });
        }
    };
    check(CauseKind::Patients, text(paid.patients), text(owed.patients));
    check(CauseKind::Rate, text(paid.rate), text(owed.rate));
    check(CauseKind::Days, text(paid.days), text(owed.days));
    check(CauseKind::Capacities, text(paid.capacities), text(owed.capacities));
    if paid.kind != LineKind::AnnualGrant {
        check(CauseKind::FeePerCapacity, text(per_capacity(paid)), text(per_capacity(owed)));
    }
    check(CauseKind::PayoutDate, text(paid.due), text(owed.due));
    check(CauseKind::Payer, Some(paid.payer.as_str().to_owned()), Some(owed.payer.as_str().to_owned()));
    found
}

/// ADJ-DUE: what is settled on `today` for a pair (either side may be missing).
fn settle(paid: Option<&Line<'_>>, owed: Option<&Line<'_>>, today: NaiveDate) -> Vec<Settlement> {
    let moved = |l: Option<&Line<'_>>| l.filter(|l| l.due.is_some_and(|d| d <= today)).map_or(0, |l| l.amount.ore());
    let (was, should) = (moved(paid), moved(owed));
    let mut settled = Vec::new();
    let mut add = |payer: Payer, ore: i128| {
        if ore != 0 {
            settled.push(Settlement { payer, amount: Dkk::round_ratio(ore, 1).unwrap_or(Dkk::ZERO) });
        }
    };
    match (paid, owed) {
        (Some(p), Some(o)) if p.payer != o.payer => {
            add(p.payer, -was);
            add(o.payer, should);
        }
        (Some(l), _) | (None, Some(l)) => add(owed.map_or(l.payer, |o| o.payer), should - was),
        (None, None) => {}
    }
    settled
}

fn kind_en(kind: LineKind) -> &'static str {
    match kind {
        LineKind::StartupFee => "startup fee",
        LineKind::AnnualGrant => "annual grant",
        LineKind::Clawback => "repayment of the startup fee",
    }
}

fn kind_da(kind: LineKind) -> &'static str {
    match kind {
        LineKind::StartupFee => "opstartshonoraret",
        LineKind::AnnualGrant => "det årlige tilskud",
        LineKind::Clawback => "tilbagebetalingen af opstartshonoraret",
    }
}

/// ADJ-EXPLAIN: the adjustment in words.
fn explain(a: &Adjustment) -> (String, String) {
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    let værdi = |v: &Option<String>| v.clone().unwrap_or_else(|| "ingen".to_owned());
    let causes_en: Vec<String> = a
        .causes
        .iter()
        .map(|c| match c.cause {
            CauseKind::NewLine => "the line is new: it was not paid".to_owned(),
            CauseKind::LineGone => "the line is gone: it is no longer owed".to_owned(),
            other => format!("{} {} -> {}", other.as_str().replace('_', " "), value(&c.paid), value(&c.owed)),
        })
        .collect();
    let causes_da: Vec<String> = a
        .causes
        .iter()
        .map(|c| {
            let name = match c.cause {
                CauseKind::NewLine => return "linjen er ny: den blev ikke udbetalt".to_owned(),
                CauseKind::LineGone => return "linjen er bortfaldet: den skyldes ikke længere".to_owned(),
                CauseKind::Patients => "patienter",
                CauseKind::Rate => "sats",
                CauseKind::Days => "dage",
                CauseKind::Capacities => "lægekapaciteter",
                CauseKind::FeePerCapacity => "honorar pr. kapacitet",
                CauseKind::PayoutDate => "udbetalingsdato",
                CauseKind::Payer => "betaler",
            };
            format!("{name} {} -> {}", værdi(&c.paid), værdi(&c.owed))
        })
        .collect();
    let settled: i128 = a.settled.iter().map(|s| s.amount.ore()).sum();
    let (now_en, now_da) = match settled {
        0 => (
            "nothing is settled now; the change comes before payout".to_owned(),
            "intet afregnes nu; ændringen kommer før udbetaling".to_owned(),
        ),
        n if n > 0 => {
            let kr = Dkk::round_ratio(n, 1).unwrap_or(Dkk::ZERO);
            (format!("settled now: {kr} kr paid to the cluster"), format!("afregnes nu: {kr} kr udbetales til klyngen"))
        }
        n => {
            let kr = Dkk::round_ratio(-n, 1).unwrap_or(Dkk::ZERO);
            (format!("settled now: the cluster repays {kr} kr"), format!("afregnes nu: klyngen tilbagebetaler {kr} kr"))
        }
    };
    (
        format!(
            "Practice {} in cluster {}, {} for {}: {} kr paid, {} kr owed, a difference of {} kr, because {}; {now_en} (ADJ-LINES, ADJ-DUE).",
            a.ydernummer,
            a.cluster,
            kind_en(a.kind),
            a.grant_year,
            a.paid,
            a.owed,
            a.difference,
            causes_en.join(", "),
        ),
        format!(
            "Praksis {} i klynge {}, {} for {}: {} kr udbetalt, {} kr skyldes, en forskel på {} kr, fordi {}; {now_da} (ADJ-LINES, ADJ-DUE).",
            a.ydernummer,
            a.cluster,
            kind_da(a.kind),
            a.grant_year,
            a.paid,
            a.owed,
            a.difference,
            causes_da.join(", "),
        ),
    )
}

/// ADJ-LINES, ADJ-DUE, ADJ-EXPLAIN: the adjustments from `paid` (the report as it stood when
/// the money went out) to `owed` (computed now), settled on `today`. Reports over other grant
/// years are refused; a cluster found in only one of them is no error (its lines are new or
/// gone).
pub fn adjustments(paid: &GrantReport, owed: &GrantReport, today: NaiveDate) -> Result<Adjustments, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if (paid.first_year(), paid.last_year()) != (owed.first_year(), owed.last_year()) {
        errors.push(Problem::new(
            "owed",
            Rule::AdjLines,
            format!(
                "the reports cover other grant years: as paid {}-{}, as owed {}-{}; compute the report as owed over the years of the report as paid",
                paid.first_year(),
                paid.last_year(),
                owed.first_year(),
                owed.last_year()
            ),
            format!(
                "rapporterne dækker forskellige tilskudsår: som udbetalt {}-{}, som skyldt {}-{}; beregn rapporten som skyldt over den udbetaltes år",
                paid.first_year(),
                paid.last_year(),
                owed.first_year(),
                owed.last_year()
            ),
        ));
    }
    errors.check("today", crate::dates::check_date(today, Rule::AdjDue));
    errors.into_result(())?;
    // Both reports' lines lie in FORMAT's order (cluster, grant year, ydernummer, kind, joining
    // day): one merge over the two pairs them, group by group, in linear time.
    let (was, now): (Vec<Line<'_>>, Vec<Line<'_>>) = (paid.lines().collect(), owed.lines().collect());
    fn key<'a>(l: &Line<'a>) -> (&'a ClusterId, i32, Ydernummer, LineKind) {
        (l.cluster, l.grant_year, l.ydernummer, l.kind)
    }
    let group_end = |lines: &[Line<'_>], from: usize| {
        let first = lines.get(from).map(key);
        from + lines.get(from..).unwrap_or_default().iter().take_while(|l| Some(key(l)) == first).count()
    };
    let mut adjustments = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < was.len() || j < now.len() {
        let order = match (was.get(i), now.get(j)) {
            (Some(a), Some(b)) => key(a).cmp(&key(b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, _) => std::cmp::Ordering::Greater,
        };
        let (end_i, end_j) = match order {
            std::cmp::Ordering::Less => (group_end(&was, i), j),
            std::cmp::Ordering::Greater => (i, group_end(&now, j)),
            std::cmp::Ordering::Equal => (group_end(&was, i), group_end(&now, j)),
        };
        let (before, after) = (was.get(i..end_i).unwrap_or_default(), now.get(j..end_j).unwrap_or_default());
        (i, j) = (end_i, end_j);
        for n in 0..before.len().max(after.len()) {
            let (p, o) = (before.get(n), after.get(n));
            let causes = match (p, o) {
                (Some(p), Some(o)) if p.amount == o.amount && p.due == o.due && p.payer == o.payer => continue,
                (Some(p), Some(o)) => causes(p, o),
                (None, Some(o)) => {
                    vec![Cause { cause: CauseKind::NewLine, paid: None, owed: Some(o.amount.to_string()) }]
                }
                (Some(p), None) => {
                    vec![Cause { cause: CauseKind::LineGone, paid: Some(p.amount.to_string()), owed: None }]
                }
                (None, None) => continue,
            };
            let (paid_amount, owed_amount) = (p.map_or(Dkk::ZERO, |l| l.amount), o.map_or(Dkk::ZERO, |l| l.amount));
            let Some(line) = o.or(p) else { continue };
            adjustments.push(Adjustment {
                cluster: line.cluster.clone(),
                ydernummer: line.ydernummer,
                kind: line.kind,
                grant_year: line.grant_year,
                paid: paid_amount,
                owed: owed_amount,
                difference: owed_amount.checked_sub(paid_amount).unwrap_or(Dkk::ZERO),
                payer: line.payer,
                settled: settle(p, o, today),
                causes,
            });
        }
    }
    let mut sums: BTreeMap<(ClusterId, &'static str), (Payer, i128)> = BTreeMap::new();
    for a in &adjustments {
        for s in &a.settled {
            let entry = sums.entry((a.cluster.clone(), s.payer.as_str())).or_insert((s.payer, 0));
            entry.1 += s.amount.ore();
        }
    }
    let due = sums
        .into_iter()
        .filter(|(_, (_, ore))| *ore != 0)
        .map(|((cluster, _), (payer, ore))| Due {
            cluster,
            payer,
            amount: Dkk::round_ratio(ore, 1).unwrap_or(Dkk::ZERO),
        })
        .collect();
    Ok(Adjustments {
        today,
        adjustments,
        due,
        paid_report: paid.provenance().cloned(),
        owed_report: owed.provenance().cloned(),
    })
}

impl GrantReport {
    /// ADJ-*: the adjustments from `paid` (the report as it stood when the money went out) to
    /// this report (as owed now), settled on `today` (see [`adjustments`]).
    pub fn adjustments(&self, paid: &GrantReport, today: NaiveDate) -> Result<Adjustments, ValidationErrors> {
        adjustments(paid, self, today)
    }
}

#[derive(Serialize)]
struct CauseJson<'a> {
    cause: &'static str,
    paid: &'a Option<String>,
    owed: &'a Option<String>,
}

#[derive(Serialize)]
struct SettledJson {
    payer: Payer,
    amount: Dkk,
}

#[derive(Serialize)]
struct AdjustmentJson<'a> {
    cluster: &'a str,
    ydernummer: String,
    kind: LineKind,
    grant_year: i32,
    paid: Dkk,
    owed: Dkk,
    difference: Dkk,
    payer: Payer,
    settled: Vec<SettledJson>,
    causes: Vec<CauseJson<'a>>,
    text_en: String,
    text_da: String,
}

#[derive(Serialize)]
struct DueJson<'a> {
    cluster: &'a str,
    payer: Payer,
    amount: Dkk,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    klynge_version: Option<&'a str>,
    parameters_fingerprint: Option<&'a str>,
}

impl<'a> ReportJson<'a> {
    fn of(p: Option<&'a super::report::Provenance>) -> Self {
        ReportJson {
            klynge_version: p.map(|p| p.klynge_version.as_str()),
            parameters_fingerprint: p.map(|p| p.parameters_fingerprint.as_str()),
        }
    }
}

#[derive(Serialize)]
struct AdjustmentsJson<'a> {
    today: NaiveDate,
    adjustments: Vec<AdjustmentJson<'a>>,
    due: Vec<DueJson<'a>>,
    paid_report: ReportJson<'a>,
    owed_report: ReportJson<'a>,
}

impl Adjustments {
    /// docs/formats.md's adjustments JSON.
    pub fn to_json(&self) -> String {
        let json = AdjustmentsJson {
            today: self.today,
            adjustments: self
                .adjustments
                .iter()
                .map(|a| AdjustmentJson {
                    cluster: a.cluster.as_str(),
                    ydernummer: a.ydernummer.to_string(),
                    kind: a.kind,
                    grant_year: a.grant_year,
                    paid: a.paid,
                    owed: a.owed,
                    difference: a.difference,
                    payer: a.payer,
                    settled: a.settled.iter().map(|s| SettledJson { payer: s.payer, amount: s.amount }).collect(),
                    causes: a
                        .causes
                        .iter()
                        .map(|c| CauseJson { cause: c.cause.as_str(), paid: &c.paid, owed: &c.owed })
                        .collect(),
                    text_en: a.text_en(),
                    text_da: a.text_da(),
                })
                .collect(),
            due: self
                .due
                .iter()
                .map(|d| DueJson { cluster: d.cluster.as_str(), payer: d.payer, amount: d.amount })
                .collect(),
            paid_report: ReportJson::of(self.paid_report.as_ref()),
            owed_report: ReportJson::of(self.owed_report.as_ref()),
        };
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }
}
