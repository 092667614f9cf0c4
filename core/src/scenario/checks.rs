//! The cross-checks of a scenario: references between the lists, duplicates, MEM-ONE and
//! MEM-TRANSFER. Each runs in O(n log n): the items are sorted once by their key and compared
//! with their neighbours or found by binary search, never compared pair by pair.
//!
//! The checks run over every item that was read, so one bad field does not hide a problem
//! elsewhere; a cluster or practice whose key was read counts as existing even where another
//! of its fields is bad, so that it makes no false follow-on problem.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::items::Collected;
use super::model::ScenarioMembership;
use super::read::{Origin, Section};
use crate::ids::{ClusterId, Ydernummer};
use crate::problem::{Problem, ValidationErrors};
use crate::rule::Rule;

/// Every cross-check of `c`; problems are written for `origin` and added to `errors`.
pub(crate) fn check(c: &Collected, origin: Origin, errors: &mut ValidationErrors) {
    let place = |section, position: usize, field: Option<&str>| match field {
        Some(field) => origin.field(section, position, field),
        None => origin.item(section, position),
    };
    let mut found: Vec<(usize, Problem)> = Vec::new();
    let mut flush = |found: &mut Vec<(usize, Problem)>| {
        found.sort_by_key(|(position, _)| *position);
        for (_, problem) in found.drain(..) {
            errors.push(problem);
        }
    };

    // Clusters: an id used twice (every use after the first); completion before founding.
    let mut clusters: Vec<(&ClusterId, usize, Option<NaiveDate>)> =
        c.cluster_keys.iter().map(|k| (&k.id, k.position, k.founded)).collect();
    clusters.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for pair in clusters.windows(2) {
        if let [(a, _, _), (b, position, _)] = pair
            && a == b
        {
            found.push((
                *position,
                Problem::new(
                    place(Section::Clusters, *position, Some("id")),
                    Rule::Format,
                    format!("the cluster id {b} is used twice"),
                    format!("klynge-id'et {b} er brugt to gange"),
                ),
            ));
        }
    }
    for (cluster, position) in c.parts.clusters.iter().zip(&c.positions.clusters) {
        if let Some(completed) = cluster.completed.filter(|d| *d < cluster.founded) {
            found.push((
                *position,
                Problem::new(
                    place(Section::Clusters, *position, Some("completed")),
                    Rule::CmpReady,
                    format!("completion {completed} is before the founding assembly {}", cluster.founded),
                    format!("færdigmelding {completed} ligger før den stiftende generalforsamling {}", cluster.founded),
                ),
            ));
        }
    }
    flush(&mut found);
    // The first cluster with each id: the one references find.
    clusters.dedup_by(|later, first| later.0 == first.0);
    let founded: HashMap<&ClusterId, Option<NaiveDate>> = clusters.iter().map(|(id, _, f)| (*id, *f)).collect();
    let cluster = |id: &ClusterId| founded.get(id).copied();
    let complete = |section: Section| !c.incomplete.contains(&section);

    // Practices: listed twice.
    let mut practices: Vec<(Ydernummer, usize)> = c.practice_keys.clone();
    practices.sort_unstable();
    for pair in practices.windows(2) {
        if let [(a, _), (b, position)] = pair
            && a == b
        {
            found.push((
                *position,
                Problem::new(
                    place(Section::Practices, *position, Some("ydernummer")),
                    Rule::Format,
                    format!("the practice {b} is listed twice"),
                    format!("praksis {b} er opført to gange"),
                ),
            ));
        }
    }
    flush(&mut found);
    practices.dedup_by_key(|(y, _)| *y);
    let known = |y: &Ydernummer| practices.binary_search_by(|(k, _)| k.cmp(y)).is_ok();
    let practices_list = match origin {
        Origin::Json => "practices[]".to_owned(),
        _ => origin.section(Section::Practices),
    };
    let unknown_practice = |path: String, y: Ydernummer| {
        Problem::new(
            path,
            Rule::Format,
            format!("the practice {y} is not in {practices_list}; add it there with its capacities"),
            format!("praksis {y} findes ikke i {practices_list}; tilføj den der med dens kapaciteter"),
        )
    };

    // Memberships: their practice and cluster exist; joined is not before the founding.
    for (m, position) in c.parts.memberships.iter().zip(&c.positions.memberships) {
        if !known(&m.ydernummer) && complete(Section::Practices) {
            found.push((
                *position,
                unknown_practice(place(Section::Memberships, *position, Some("ydernummer")), m.ydernummer),
            ));
        }
        match cluster(&m.cluster) {
            None if !complete(Section::Clusters) => {}
            None => found.push((
                *position,
                Problem::new(
                    place(Section::Memberships, *position, Some("cluster")),
                    Rule::Format,
                    format!("no cluster has the id {}", m.cluster),
                    format!("ingen klynge har id'et {}", m.cluster),
                ),
            )),
            Some(Some(founded)) if m.period.joined() < founded => found.push((
                *position,
                Problem::new(
                    place(Section::Memberships, *position, Some("joined")),
                    Rule::MemPeriod,
                    format!("joined {} is before the cluster's founding assembly {founded}", m.period.joined()),
                    format!(
                        "indtrædelse {} ligger før klyngens stiftende generalforsamling {founded}",
                        m.period.joined()
                    ),
                ),
            )),
            Some(_) => {}
        }
    }
    flush(&mut found);
    let mut broken = c.broken_memberships.clone();
    broken.sort_unstable();
    let transfers_checked = |y: &Ydernummer| complete(Section::Memberships) && broken.binary_search(y).is_err();
    check_periods(&c.parts.memberships, &c.positions.memberships, origin, transfers_checked, &mut found);
    flush(&mut found);

    // Patients: their practice exists; one count per practice and year. In order of practice
    // and year (as input usually comes, and is then taken as it is; otherwise sorted), then
    // walked beside the sorted practices instead of searching them for each count.
    let in_order = super::model::patients_in_order(&c.parts.patients);
    let mut sorted: Vec<(Ydernummer, i32, usize)> = Vec::new();
    if !in_order {
        sorted =
            c.parts.patients.iter().zip(&c.positions.patients).map(|(p, at)| (p.ydernummer, p.year, *at)).collect();
        sorted.sort_unstable();
    }
    let given = c.parts.patients.iter().zip(&c.positions.patients).map(|(p, at)| (p.ydernummer, p.year, *at));
    let counts = given.take_while(|_| in_order).chain(sorted.iter().copied());
    let mut known_practices = practices.iter().map(|(y, _)| *y).peekable();
    let mut before: Option<(Ydernummer, i32)> = None;
    for (y, year, position) in counts {
        while known_practices.next_if(|k| *k < y).is_some() {}
        if known_practices.peek() != Some(&y) && complete(Section::Practices) {
            found.push((position, unknown_practice(place(Section::Patients, position, Some("ydernummer")), y)));
        }
        if before == Some((y, year)) {
            found.push((
                position,
                Problem::new(
                    place(Section::Patients, position, None),
                    Rule::MemPatients,
                    format!("practice {y} has two counts for {year}"),
                    format!("praksis {y} har to antal for {year}"),
                ),
            ));
        }
        before = Some((y, year));
    }
    flush(&mut found);

    // Rates: one per year.
    let mut years: Vec<(i32, usize)> =
        c.parts.rates.iter().zip(&c.positions.rates).map(|(r, p)| (r.year, *p)).collect();
    years.sort_unstable();
    for pair in years.windows(2) {
        if let [(a, _), (year, position)] = pair
            && a == year
        {
            found.push((
                *position,
                Problem::new(
                    place(Section::Rates, *position, Some("year")),
                    Rule::GrRate,
                    format!("two rates for {year}"),
                    format!("to satser for {year}"),
                ),
            ));
        }
    }
    flush(&mut found);
}

/// MEM-ONE and MEM-TRANSFER over every practice's memberships, sorted by joining day.
fn check_periods(
    memberships: &[ScenarioMembership],
    positions: &[usize],
    origin: Origin,
    transfers_checked: impl Fn(&Ydernummer) -> bool,
    found: &mut Vec<(usize, Problem)>,
) {
    let position = |i: usize| positions.get(i).copied().unwrap_or(i);
    // Sorted by their keys, made once (input in that order is sorted in one pass).
    let mut keyed: Vec<(Ydernummer, NaiveDate, usize, usize)> =
        memberships.iter().enumerate().map(|(i, m)| (m.ydernummer, m.period.joined(), position(i), i)).collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, _, _, i)| i).collect();
    let practice_of = |i: &usize| memberships.get(*i).map(|m| m.ydernummer);
    for group in order.chunk_by(|a, b| practice_of(a) == practice_of(b)) {
        // MEM-ONE: each membership against the earlier one that reaches furthest; an overlap
        // with any earlier one is an overlap with that one.
        let mut furthest: Option<usize> = None;
        for &j in group {
            let Some(b) = memberships.get(j) else { continue };
            if let Some(i) = furthest
                && let Some(a) = memberships.get(i)
                && a.period.overlaps(b.period)
            {
                let (other, here) = (origin.item(Section::Memberships, position(i)), position(j));
                found.push((
                    here,
                    Problem::new(
                        origin.item(Section::Memberships, here),
                        Rule::MemOne,
                        format!(
                            "practice {} is a member of {} ({}) and {} ({}) on the same days ({other})",
                            b.ydernummer, a.cluster, a.period, b.cluster, b.period
                        ),
                        format!(
                            "praksis {} er medlem af {} ({}) og {} ({}) på samme dage ({other})",
                            b.ydernummer, a.cluster, a.period, b.cluster, b.period
                        ),
                    ),
                ));
            }
            let reaches = |k: usize| memberships.get(k).map(|m| m.period.left().map_or(NaiveDate::MAX, |l| l));
            if furthest.is_none_or(|i| reaches(j) > reaches(i)) {
                furthest = Some(j);
            }
        }
        // MEM-TRANSFER: a membership begun by transfer continues one of another cluster that
        // ends on its joining day. The practice's ends, sorted, are searched for that day.
        if !group.iter().any(|i| memberships.get(*i).is_some_and(|m| m.by_transfer && transfers_checked(&m.ydernummer)))
        {
            continue;
        }
        let mut ends: Vec<(NaiveDate, &ClusterId)> = group
            .iter()
            .filter_map(|i| memberships.get(*i))
            .filter_map(|m| Some((m.period.left()?, &m.cluster)))
            .collect();
        ends.sort_unstable();
        for &j in group {
            let Some(m) = memberships.get(j).filter(|m| m.by_transfer) else { continue };
            let day = m.period.joined();
            let from = ends.partition_point(|(left, _)| *left < day);
            let to = ends.partition_point(|(left, _)| *left <= day);
            // Sorted by cluster among equal days: some cluster differs from m's when the first
            // or the last of them does.
            let same_day = ends.get(from..to).unwrap_or_default();
            let continues = [same_day.first(), same_day.last()].into_iter().flatten().any(|(_, c)| **c != m.cluster);
            if !continues {
                let here = position(j);
                found.push((
                    here,
                    Problem::new(
                        origin.field(Section::Memberships, here, "by_transfer"),
                        Rule::MemTransfer,
                        format!("practice {} has no membership of another cluster that ends on {day}", m.ydernummer),
                        format!(
                            "praksis {} har intet medlemskab af en anden klynge, der slutter den {day}",
                            m.ydernummer
                        ),
                    ),
                ));
            }
        }
    }
}
