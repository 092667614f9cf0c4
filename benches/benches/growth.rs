//! Bounded work: how time grows with the number of items, at 10,000, 100,000 and 1,000,000.
//! Each step is ten times the items; a time that grows about ten times (n log n) shows that no
//! path is quadratic.
//!
//! - `registry_replay`: reading a stored registry replays its history (GOV-LOG); here 100
//!   practices each moved between two clusters day after day (MEM-TRANSFER), n events in all.
//! - `scenario_transfers`: reading a scenario whose memberships are chains of transfers (the
//!   MEM-TRANSFER cross-checks), n memberships in chains of n/10 (at most 100,000 a chain,
//!   as the supported years hold about 400,000 days).
//! - `health_validate`: SK-VALIDATE of a health cluster with n seats.
//! - `reconcile`: REC-MATCH of a statement of n rows against the report of the sample at 10 and
//!   100 times national size (about 10,700 and 107,000 expected transfers; 1,000,000 rows go
//!   against the larger), every row naming one of the report's clusters, one in ten a
//!   difference.
//!
//! Run: `cargo bench -p klynge-benches --bench growth` (about 6 minutes).

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use klynge::health::{CoChairs, HealthCluster, Seat, SeatKind};
use klynge::{
    Actor, Capacities, ClusterId, Command, Document, DocumentKind, Municipality, Person, Region, RegistrationForm,
    Registry, Role, Scenario,
};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1901, 1, 1).and_then(|d| d.checked_add_days(Days::new(offset))).unwrap_or(NaiveDate::MIN)
}

fn or_die<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("the benchmark's input is wrong: {e}"))
}

fn register(registry: &mut Registry, cvr: &str, coordinator: &str, ydernummer: &str) -> ClusterId {
    let pdf = |kind| or_die(Document::from_pdf(kind, "d.pdf", format!("%PDF-1.7 {cvr} {kind}").as_bytes()));
    let form = RegistrationForm {
        cvr: cvr.into(),
        name: format!("Klynge {cvr}"),
        coordinator_name: coordinator.into(),
        coordinator_email: "k@example.dk".into(),
        coordinator_phone: "42144638".into(),
        coordinator_ydernummer: ydernummer.into(),
        coordinator_capacities: Some(1),
        municipality: "Nordfyns".into(),
        founded: Some(day(0)),
        documents: vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::Statutes)],
    };
    let actor = Actor::health_professional(coordinator, or_die(ydernummer.parse()));
    let registration = or_die(form.validate());
    or_die(registry.apply(&actor, day(0), Command::CreateCluster { registration }));
    or_die(cvr.parse())
}

/// A registry of about `n` events: two clusters, 100 practices, each moved between them daily.
fn history(n: usize) -> Vec<klynge::Event> {
    let mut registry = Registry::new();
    let a = register(&mut registry, "12345674", "Anne Hansen", "061654");
    let b = register(&mut registry, "10000009", "Bent Bo", "070000");
    let anne = Actor::health_professional("Anne Hansen", or_die("061654".parse()));
    let bent = Actor::health_professional("Bent Bo", or_die("070000".parse()));
    let person = Person::new("Anne Hansen", Some(or_die("061654".parse())));
    or_die(registry.apply(
        &bent,
        day(0),
        Command::AssignRole { cluster: b.clone(), role: Role::CoCoordinator, person },
    ));
    let practices: Vec<klynge::Ydernummer> = (1..=100).map(|i| or_die(format!("{i:06}").parse())).collect();
    for &ydernummer in &practices {
        let capacities = Some(or_die(Capacities::new(1)));
        let add = Command::AddMember { cluster: a.clone(), ydernummer, email: None, capacities };
        or_die(registry.apply(&anne, day(1), add));
    }
    let days = (n / practices.len()).max(1) as u64;
    for offset in 2..days + 2 {
        let (from, to) = if offset % 2 == 0 { (&a, &b) } else { (&b, &a) };
        for &ydernummer in &practices {
            let transfer = Command::TransferMember { from: from.clone(), to: to.clone(), ydernummer };
            or_die(registry.apply(&anne, day(offset), transfer));
        }
    }
    registry.history().to_vec()
}

/// A scenario of `n` memberships: ten practices, each a chain of transfers between two
/// clusters, a membership a day.
fn transfer_chains(n: usize) -> String {
    let per_practice = n / 10;
    let mut memberships = Vec::with_capacity(n);
    for p in 1..=10 {
        let ydernummer = format!("{p:06}");
        for i in 0..per_practice as u64 {
            let cluster = if i % 2 == 0 { "a" } else { "b" };
            memberships.push(serde_json::json!({
                "ydernummer": ydernummer, "cluster": cluster, "joined": day(i).to_string(),
                "left": day(i + 1).to_string(), "by_transfer": i > 0,
            }));
        }
    }
    let practices: Vec<_> =
        (1..=10).map(|p| serde_json::json!({"ydernummer": format!("{p:06}"), "capacities": 1})).collect();
    serde_json::json!({
        "clusters": [{"id": "a", "founded": day(0).to_string()}, {"id": "b", "founded": day(0).to_string()}],
        "practices": practices,
        "memberships": memberships,
        "patients": [],
        "policy": {"clawback_on_transfer": true},
    })
    .to_string()
}

/// A health cluster of `n` seats: the region's municipalities with their mayors and
/// representatives, then regional council members.
fn health_cluster(n: usize) -> HealthCluster {
    let municipalities: Vec<Municipality> = Municipality::all().filter(|m| m.region() == Region::Syddanmark).collect();
    let mut political: Vec<Seat> =
        municipalities.iter().map(|&m| Seat::new("Mayor", SeatKind::Mayor { municipality: m })).collect();
    political.push(Seat::new("Chair", SeatKind::RegionalCouncilChair));
    let mut professional: Vec<Seat> = municipalities
        .iter()
        .map(|&m| Seat::new("Rep", SeatKind::MunicipalityRepresentative { municipality: m }))
        .collect();
    for i in 0..n.saturating_sub(political.len() + professional.len()) {
        let seat = Seat::new(&format!("Member {i}"), SeatKind::RegionalCouncilMember);
        if i % 2 == 0 { political.push(seat) } else { professional.push(seat) }
    }
    HealthCluster {
        name: "Sundhedsklynge Fyn".into(),
        region: Region::Syddanmark,
        municipalities,
        political,
        professional,
        co_chairs: CoChairs { regional: Some("Chair".into()), municipal: Some("Mayor".into()) },
    }
}

/// A statement of `rows` bookings of `report`'s expected transfers, taken in turn: each three
/// days after its payout date, one in ten a krone off.
fn statement_of(report: &klynge::GrantReport, rows: usize) -> klynge::reconcile::Statement {
    let expected = report.expected_transfers();
    let bookings = (0..rows)
        .filter_map(|i| {
            let e = expected.get(i % expected.len().max(1))?;
            let off = if i % 10 == 0 { klynge::Dkk::from_kroner(1) } else { klynge::Dkk::ZERO };
            let amount = or_die(e.amount.checked_add(off));
            let amount = if e.direction == klynge::reconcile::Direction::Out { -amount } else { amount };
            Some(klynge::reconcile::Booking {
                row: i + 1,
                date: e.due.checked_add_days(Days::new(3)).unwrap_or(e.due),
                cluster: e.cluster.clone(),
                amount,
                payer: None,
                text: None,
            })
        })
        .collect();
    or_die(klynge::reconcile::Statement::new(None, bookings))
}

fn growth(c: &mut Criterion) {
    let mut group = c.benchmark_group("registry_replay");
    group.sample_size(10);
    for n in SIZES {
        let events = history(n);
        group.throughput(Throughput::Elements(events.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &events, |b, events| {
            b.iter(|| black_box(Registry::replay(events.iter().cloned())))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("scenario_transfers");
    group.sample_size(10);
    for n in SIZES {
        let text = transfer_chains(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| black_box(Scenario::from_json(text)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("health_validate");
    group.sample_size(10);
    for n in SIZES {
        let cluster = health_cluster(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &cluster, |b, cluster| {
            b.iter(|| black_box(cluster.validate()))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("reconcile");
    group.sample_size(10);
    let today = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or(NaiveDate::MIN);
    let ten = or_die(klynge::sample::scaled(10).grants(2018, 2026));
    let hundred = or_die(klynge::sample::scaled(100).grants(2018, 2026));
    for (report, rows) in [(&ten, 10_000), (&hundred, 100_000), (&hundred, 1_000_000)] {
        let statement = statement_of(report, rows);
        group.throughput(Throughput::Elements(rows as u64));
        let name = format!("{}_transfers", report.expected_transfers().len());
        group.bench_with_input(BenchmarkId::new(name, rows), &statement, |b, statement| {
            b.iter(|| black_box(report.reconcile(statement, today, klynge::reconcile::Windows::default())))
        });
    }
    group.finish();
}

criterion_group!(benches, growth);
criterion_main!(benches);
