//! A synthetic national registry the size of the real one, generated deterministically: about
//! 116 clusters, 2,000 practices, 3,500 doctor capacities and 5.9 million group-1 patients,
//! 2018 to 2026, with founding members and later joiners, leaves inside and after the first
//! year, transfers within a region, rejoins, clusters completed at different dates (a few not
//! yet), and real municipality codes.
//!
//! The sample is made up: no real cluster, practice or count is in it. It carries its own rates
//! for the grant years the rule book has none for (2018 to 2021, and 2026); these are sample
//! values, not official ones, and are written into the scenario's `rates` like any caller's.

use chrono::{Days, NaiveDate};

use crate::dates::MembershipPeriod;
use crate::geography::Municipality;
use crate::ids::{ClusterId, Cvr, Ydernummer};
use crate::money::Rate;
use crate::registry::members::{Capacities, PatientCount};
use crate::scenario::{
    Policy, Scenario, ScenarioCluster, ScenarioMembership, ScenarioParts, ScenarioPatients, ScenarioPractice,
    ScenarioRate,
};

/// The national size: clusters and practices at factor 1.
pub const NATIONAL_CLUSTERS: u32 = 116;
/// The national size: practices at factor 1.
pub const NATIONAL_PRACTICES: u32 = 2_000;
/// The first and last grant years the sample has patient counts for.
pub const YEARS: (i32, i32) = (2018, 2026);
/// The sample's own rates for the years without an official one (sample values, not official).
pub const SAMPLE_RATES: [(i32, &str); 5] =
    [(2018, "1.00"), (2019, "1.00"), (2020, "1.05"), (2021, "1.08"), (2026, "3.75")];
/// The largest factor: 100 × national keeps every ydernummer within 6 digits.
pub const MAX_FACTOR: u32 = 100;

/// SplitMix64: a tiny, well-known deterministic generator. The sample must be the same on
/// every machine and in every version, which a seeded generator from a crate does not promise
/// across its releases; eight lines of code do.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..high` (`low` when the range is empty).
    fn range(&mut self, low: u32, high: u32) -> u32 {
        let span = u64::from(high.saturating_sub(low)).max(1);
        low + u32::try_from(self.next() % span).unwrap_or(0)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u32) -> bool {
        self.range(0, 100) < percent
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn plus(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days))).unwrap_or(date)
}

/// A valid CVR number from a generator: 7 random digits and a check digit that makes the
/// modulus-11 sum work (ID-CVR).
fn cvr(rng: &mut SplitMix64) -> Option<Cvr> {
    loop {
        let head = rng.range(1_000_000, 10_000_000);
        let digits: Vec<u32> = head.to_string().bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = digits.iter().zip([2, 7, 6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
        let check = (11 - sum % 11) % 11;
        if check < 10 {
            return format!("{head}{check}").parse().ok();
        }
    }
}

/// The national sample (factor 1).
///
/// ```
/// let sample = klynge::sample::national();
/// assert_eq!(sample.clusters().len(), 116);
/// let report = sample.grants(2018, 2026).unwrap();
/// assert!(report.len() > 15_000);
/// ```
pub fn national() -> Scenario {
    scaled(1)
}

/// A scenario as the CSV tables of docs/formats.md ("Tables instead of JSON"), in the order of
/// [`ScenarioTables::FILES`](crate::ScenarioTables::FILES): the columns in the format's order,
/// cells quoted where needed, lines ended by `\n`. What the benchmarks and tests of the table
/// reader read the sample from.
///
/// ```
/// let sample = klynge::sample::national();
/// let [clusters, practices, memberships, patients, rates, policy] = klynge::sample::csv_tables(&sample);
/// assert!(practices.starts_with("ydernummer,capacities\n"));
/// let tables = klynge::ScenarioTables {
///     clusters: Some(&clusters),
///     practices: Some(&practices),
///     memberships: Some(&memberships),
///     patients: Some(&patients),
///     rates: Some(&rates),
///     policy: Some(&policy),
/// };
/// assert_eq!(klynge::Scenario::from_tables(&tables).unwrap(), sample);
/// ```
pub fn csv_tables(scenario: &Scenario) -> [String; 6] {
    fn table<const N: usize>(header: [&str; N], rows: impl Iterator<Item = [String; N]>) -> String {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        // Writing to memory cannot fail; an error would leave the text short, never wrong.
        let _ = writer.write_record(header);
        for row in rows {
            let _ = writer.write_record(row);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }
    let text = |value: Option<String>| value.unwrap_or_default();
    [
        table(
            ["id", "name", "cvr", "municipality", "founded", "completed"],
            scenario.clusters().iter().map(|c| {
                [
                    c.id.to_string(),
                    text(c.name.clone()),
                    text(c.cvr.map(|cvr| cvr.to_string())),
                    text(c.municipality.map(|m| format!("{:03}", m.code()))),
                    c.founded.to_string(),
                    text(c.completed.map(|d| d.to_string())),
                ]
            }),
        ),
        table(
            ["ydernummer", "capacities"],
            scenario.practices().iter().map(|p| [p.ydernummer.to_string(), p.capacities.get().to_string()]),
        ),
        table(
            ["ydernummer", "cluster", "joined", "left", "by_transfer"],
            scenario.memberships().iter().map(|m| {
                [
                    m.ydernummer.to_string(),
                    m.cluster.to_string(),
                    m.period.joined().to_string(),
                    text(m.period.left().map(|d| d.to_string())),
                    m.by_transfer.to_string(),
                ]
            }),
        ),
        table(
            ["ydernummer", "year", "count"],
            scenario
                .patients()
                .iter()
                .map(|p| [p.ydernummer.to_string(), p.year.to_string(), p.count.get().to_string()]),
        ),
        table(["year", "rate"], scenario.rates().iter().map(|r| [r.year.to_string(), r.rate.to_string()])),
        table(["clawback_on_transfer"], std::iter::once([scenario.policy().clawback_on_transfer.to_string()])),
    ]
}

/// The sample at `factor` × national size (1 to [`MAX_FACTOR`]; other values are clamped).
pub fn scaled(factor: u32) -> Scenario {
    let factor = factor.clamp(1, MAX_FACTOR);
    let mut rng = SplitMix64(0x6B6C_796E_6765_2026);
    let last_day = day(YEARS.1, 11, 1);
    let municipalities: Vec<Municipality> = Municipality::all().collect();

    let cluster_count = NATIONAL_CLUSTERS * factor;
    let mut clusters = Vec::new();
    // Names are unique: a municipality's clusters are numbered in the order they are made.
    let mut in_municipality = vec![0u32; municipalities.len()];
    for k in 0..cluster_count {
        let pick = if k < 98 { k } else { rng.range(0, 98) };
        let Some(municipality) = municipalities.get(pick as usize).copied() else { continue };
        let founded = plus(day(2018, 1, 15), rng.range(0, 540));
        let completed = (!rng.chance(3)).then(|| plus(founded, rng.range(20, 200)));
        let Ok(id) = format!("k{k:05}-{}", municipality.code()).parse::<ClusterId>() else { continue };
        let number = in_municipality.get_mut(pick as usize).map_or(1, |n| {
            *n += 1;
            *n
        });
        clusters.push(ScenarioCluster {
            id,
            name: Some(format!("Klynge {} {number}", municipality.name())),
            cvr: cvr(&mut rng),
            municipality: Some(municipality),
            founded,
            completed,
        });
    }

    let mut parts = ScenarioParts { policy: Policy::default(), ..ScenarioParts::default() };
    for i in 0..NATIONAL_PRACTICES * factor {
        let Ok(ydernummer) = Ydernummer::from_value(1_000 + i * 3) else { continue };
        let capacities = match rng.range(0, 100) {
            0..54 => 1,
            54..81 => 2,
            81..92 => 3,
            92..97 => 4,
            _ => 5,
        };
        let Ok(caps) = Capacities::new(capacities) else { continue };
        parts.practices.push(ScenarioPractice { ydernummer, capacities: caps });
        let base = capacities * i64::from(rng.range(1_550, 1_850));
        for year in YEARS.0..=YEARS.1 {
            let drift = base * i64::from(year - 2022) / 100 + i64::from(rng.range(0, 40)) - 20;
            if let Ok(count) = PatientCount::new(base + drift) {
                parts.patients.push(ScenarioPatients { ydernummer, year, count });
            }
        }

        let home_index = rng.range(0, cluster_count) as usize;
        let Some(home) = clusters.get(home_index) else { continue };
        let joined = if rng.chance(65) { home.founded } else { plus(home.founded, rng.range(30, 2_400)).min(last_day) };
        let mut push = |cluster: &ScenarioCluster, joined: NaiveDate, left: Option<NaiveDate>, by_transfer: bool| {
            if let Ok(period) = MembershipPeriod::new(joined, left.filter(|l| *l > joined && *l <= last_day)) {
                parts.memberships.push(ScenarioMembership {
                    ydernummer,
                    cluster: cluster.id.clone(),
                    period,
                    by_transfer,
                });
            }
        };
        match rng.range(0, 100) {
            // Leaves inside the first year (GR-CLAWBACK: repaid or withheld).
            0..4 => push(home, joined, Some(plus(joined, rng.range(30, 364))), false),
            // Leaves after the first year.
            4..9 => push(home, joined, Some(plus(joined, rng.range(400, 2_000))), false),
            // Moves to another cluster of the same region (MEM-TRANSFER).
            9..12 => {
                let moved = plus(joined, rng.range(200, 1_500));
                let region = home.municipality.map(|m| m.region());
                let target = clusters
                    .iter()
                    .find(|c| c.id != home.id && c.municipality.map(|m| m.region()) == region && c.founded <= moved);
                match target {
                    Some(target) if moved < last_day => {
                        push(home, joined, Some(moved), false);
                        push(target, moved, None, true);
                    }
                    _ => push(home, joined, None, false),
                }
            }
            // Leaves, and rejoins the same cluster later.
            12..13 => {
                let left = plus(joined, rng.range(100, 700));
                let back = plus(left, rng.range(30, 400));
                if back < last_day {
                    push(home, joined, Some(left), false);
                    push(home, back, None, false);
                } else {
                    push(home, joined, None, false);
                }
            }
            _ => push(home, joined, None, false),
        }
    }
    parts.clusters = clusters;
    parts.rates = SAMPLE_RATES
        .iter()
        .filter_map(|(year, rate)| Some(ScenarioRate { year: *year, rate: rate.parse::<Rate>().ok()? }))
        .collect();
    // Built only from values that passed their own checks, and with MEM-ONE kept by
    // construction; should a future edit break that, the sample comes out empty, not a panic.
    Scenario::new(parts).unwrap_or_else(|_| Scenario::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_sample_has_the_national_size() {
        let s = national();
        assert_eq!(s.clusters().len(), 116);
        assert_eq!(s.practices().len(), 2000);
        let capacities: u32 = s.practices().iter().map(|p| u32::from(p.capacities.get())).sum();
        assert!((3_300..3_700).contains(&capacities), "{capacities}");
        let patients_2024: u64 = s.patients().iter().filter(|p| p.year == 2024).map(|p| u64::from(p.count.get())).sum();
        assert!((5_600_000..6_200_000).contains(&patients_2024), "{patients_2024}");
        assert!(s.memberships().iter().any(|m| m.by_transfer));
        assert!(s.memberships().iter().any(|m| m.period.left().is_some()));
        assert!(s.clusters().iter().any(|c| c.completed.is_none()));
    }

    #[test]
    fn the_sample_names_its_clusters_once_each() {
        for scenario in [national(), scaled(3)] {
            let mut names: Vec<&str> = scenario.clusters().iter().filter_map(|c| c.name.as_deref()).collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), count, "a name used twice");
        }
    }

    #[test]
    fn the_sample_is_deterministic_and_scales() {
        assert_eq!(national(), national());
        let ten = scaled(10);
        assert_eq!(ten.clusters().len(), 1160);
        assert_eq!(ten.practices().len(), 20_000);
        assert_eq!(scaled(0).clusters().len(), 116, "clamped to 1");
    }

    #[test]
    fn the_sample_computes_with_every_kind_of_line() {
        let report = national().grants(YEARS.0, YEARS.1).unwrap();
        for kind in [crate::LineKind::StartupFee, crate::LineKind::AnnualGrant, crate::LineKind::Clawback] {
            assert!(report.lines().any(|l| l.kind == kind), "{kind}");
        }
        assert!(report.lines().any(|l| l.due.is_none()));
    }
}
