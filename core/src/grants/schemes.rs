//! The two schemes' rules for one membership: the startup fee (GR-STARTUP) and the annual
//! grant (GR-ANNUAL-REGIONAL, GR-ANNUAL-PLO), each with its nominal due date.

use chrono::{Datelike, NaiveDate};

use super::parameters::{Parameters, Scheme};
use crate::dates::{days_in_year, new_year};
use crate::rule::Rule;
use crate::scenario::CompiledMembership;

/// The days of a grant year that the rules look at, computed once per year.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YearDates {
    pub(crate) year: i32,
    pub(crate) scheme: Scheme,
    /// 1 January.
    pub(crate) jan1: NaiveDate,
    /// 1 January of the next year.
    pub(crate) next: NaiveDate,
    pub(crate) days_in_year: u16,
    /// GR-ANNUAL-PLO: the registration deadline and the payout day.
    pub(crate) plo_snapshot: Option<NaiveDate>,
    pub(crate) plo_payout: Option<NaiveDate>,
}

impl YearDates {
    pub(crate) fn new(year: i32, p: &Parameters) -> Self {
        YearDates {
            year,
            scheme: p.scheme(year),
            jan1: new_year(year),
            next: new_year(year.saturating_add(1)),
            days_in_year: days_in_year(year),
            plo_snapshot: p.plo_snapshot.in_year(year),
            plo_payout: p.plo_payout.in_year(year),
        }
    }
}

/// The days an annual grant covers, the nominal due date, and the rule.
pub(crate) struct AnnualBasis {
    pub(crate) from: NaiveDate,
    pub(crate) until: NaiveDate,
    /// True when the whole year counts (no proration).
    pub(crate) whole_year: bool,
    pub(crate) nominal_due: NaiveDate,
    pub(crate) rule: Rule,
}

/// Where a membership's startup fee or share falls due: at completion for a membership that
/// began on or before the completion date (founding members retroactively, CMP-CUTOFF),
/// otherwise on 1 January after it began (the regions' payout FAQ).
fn due_at_completion_or_new_year(joined: NaiveDate, completed: Option<NaiveDate>) -> NaiveDate {
    match completed {
        Some(completed) if joined <= completed => completed,
        _ => new_year(joined.year().saturating_add(1)),
    }
}

/// GR-STARTUP: the nominal due date of a membership's startup fee, if it earns one: the
/// practice's first membership of any cluster, begun before 2023-04-01.
pub(crate) fn startup_fee_due(
    m: &CompiledMembership,
    completed: Option<NaiveDate>,
    p: &Parameters,
) -> Option<NaiveDate> {
    let joined = m.period.joined();
    (m.first && joined < p.startup_fee_before).then(|| due_at_completion_or_new_year(joined, completed))
}

/// GR-ANNUAL-REGIONAL: a member on 1 January gets the whole year, due that day; a membership
/// that begins during the year gets its days' share (none if it began by transfer).
fn regional(m: &CompiledMembership, y: &YearDates, completed: Option<NaiveDate>) -> Option<AnnualBasis> {
    let (jan1, next) = (y.jan1, y.next);
    let joined = m.period.joined();
    if m.period.contains(jan1) {
        return Some(AnnualBasis {
            from: jan1,
            until: next,
            whole_year: true,
            nominal_due: jan1,
            rule: Rule::GrAnnualRegional,
        });
    }
    if joined <= jan1 || joined >= next || m.by_transfer {
        return None;
    }
    let until = m.period.left().map_or(next, |left| left.min(next));
    Some(AnnualBasis {
        from: joined,
        until,
        whole_year: false,
        nominal_due: due_at_completion_or_new_year(joined, completed),
        rule: Rule::GrAnnualRegional,
    })
}

/// GR-ANNUAL-PLO: the members on the registration deadline (31 January) count for the whole
/// year, no proration, due on the payout day (1 March).
fn plo(m: &CompiledMembership, y: &YearDates) -> Option<AnnualBasis> {
    if !m.period.contains(y.plo_snapshot?) {
        return None;
    }
    Some(AnnualBasis {
        from: y.jan1,
        until: y.next,
        whole_year: true,
        nominal_due: y.plo_payout?,
        rule: Rule::GrAnnualPlo,
    })
}

/// The annual grant basis of membership `m` for grant year `y`, under that year's scheme.
pub(crate) fn annual(m: &CompiledMembership, y: &YearDates, completed: Option<NaiveDate>) -> Option<AnnualBasis> {
    match y.scheme {
        Scheme::Regional => regional(m, y, completed),
        Scheme::Plo => plo(m, y),
    }
}
