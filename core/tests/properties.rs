//! Property tests for the invariants of docs/rules.md section 8 over the registry and value types:
//! MEM-ONE and MEM-PERIOD always hold, a refused command changes nothing, replaying the
//! history (GOV-LOG) gives the same registry, JSON round trips are the identity, and no parser
//! panics on any text.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use chrono::{Days, NaiveDate};
use common::*;
use klynge::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

const PRACTICES: [&str; 6] = ["061654", "070000", "000001", "000002", "000003", "000004"];

fn actors() -> Vec<Actor> {
    vec![
        anne(),
        bent(),
        Actor::health_professional("Cecilie Co", yder("000001")),
        Actor::health_professional("Mads Medlem", yder("000002")),
        Actor { credential: Credential::Private, ..anne() },
        Actor { person: "Ukendt".into(), credential: Credential::HealthProfessional, ydernummer: None },
    ]
}

/// Clusters A and B; Anne coordinates A and co-coordinates B, so she can move practices.
fn base() -> Registry {
    let (mut registry, a, b) = two_clusters();
    let anne_person = Person::new("Anne Hansen", Some(yder("061654")));
    let assign = Command::AssignRole { cluster: b.clone(), role: Role::CoCoordinator, person: anne_person };
    registry.apply(&bent(), day("2019-01-02"), assign).unwrap();
    // A document that may go (REG-DOCS-CHANGE) in each cluster.
    for (actor, cluster) in [(anne(), a), (bent(), b)] {
        let attach = Command::AttachDocument { cluster, document: pdf(DocumentKind::Other, "budget") };
        registry.apply(&actor, day("2019-01-03"), attach).unwrap();
    }
    registry
}

fn date(offset: u16) -> NaiveDate {
    day("2018-01-01").checked_add_days(Days::new(u64::from(offset))).unwrap()
}

fn cluster(i: u8) -> ClusterId {
    match i % 9 {
        0..4 => ClusterId::from(CVR_A.parse::<Cvr>().unwrap()),
        4..8 => ClusterId::from(CVR_B.parse::<Cvr>().unwrap()),
        _ => cid("nowhere"),
    }
}

/// An arbitrary command over two clusters, six practices and a handful of people.
fn command() -> impl Strategy<Value = Command> {
    let practice = (0..PRACTICES.len()).prop_map(|i| yder(PRACTICES[i]));
    let person = (0usize..3, any::<bool>()).prop_map(|(i, with_yder)| {
        let (name, y) = [("Anne Hansen", "061654"), ("Cecilie Co", "000001"), ("Tove Kasserer", "000003")][i];
        Person::new(name, with_yder.then(|| yder(y)))
    });
    let role =
        prop_oneof![Just(Role::Coordinator), Just(Role::CoCoordinator), Just(Role::Treasurer), Just(Role::BoardMember)];
    prop_oneof![
        1 => (0u8..2, 0u16..800).prop_map(|(i, founded)| {
            let (cvr, name, coordinator, y) =
                if i == 0 { (CVR_A, "A", "Anne Hansen", "061654") } else { (CVR_B, "B", "Bent Bo", "070000") };
            let founded = date(founded).to_string();
            Command::CreateCluster { registration: form(cvr, name, coordinator, y, &founded).validate().unwrap() }
        }),
        8 => (any::<u8>(), practice.clone(), proptest::option::of(1i64..4)).prop_map(|(c, y, caps)| Command::AddMember {
            cluster: cluster(c),
            ydernummer: y,
            email: None,
            capacities: caps.map(|n| Capacities::new(n).unwrap()),
        }),
        3 => (any::<u8>(), practice.clone(), reason()).prop_map(|(c, y, reason)| Command::RemoveMember { cluster: cluster(c), ydernummer: y, reason }),
        3 => (any::<u8>(), any::<u8>(), practice.clone())
            .prop_map(|(f, t, y)| Command::TransferMember { from: cluster(f), to: cluster(t), ydernummer: y }),
        2 => (any::<u8>(), role.clone(), person.clone())
            .prop_map(|(c, role, person)| Command::AssignRole { cluster: cluster(c), role, person }),
        1 => (any::<u8>(), role, person).prop_map(|(c, role, person)| Command::EndRole { cluster: cluster(c), role, person }),
        2 => (any::<u8>(), kind(), 0u8..4).prop_map(|(c, kind, seed)| Command::AttachDocument {
            cluster: cluster(c),
            document: pdf(kind, &seed.to_string()),
        }),
        2 => (any::<u8>(), kind()).prop_map(|(c, kind)| Command::RemoveDocument { cluster: cluster(c), kind }),
        2 => (practice.clone(), 1i64..5).prop_map(|(y, n)| Command::EditPractice {
            ydernummer: y,
            change: PracticeChange::Capacities(Capacities::new(n).unwrap()),
        }),
        1 => (practice.clone(), any::<bool>(), prop_oneof![Just(""), Just(" Lægerne i Bogense "), Just("Klinik\nNord"), Just("Østergade 1, 5400 Bogense")])
            .prop_map(|(y, name, text)| Command::EditPractice {
                ydernummer: y,
                change: if name { PracticeChange::Name(text.to_owned()) } else { PracticeChange::Address(text.to_owned()) },
            }),
        2 => (practice, 2018i32..2027, 0i64..5000).prop_map(|(y, year, n)| Command::EditPractice {
            ydernummer: y,
            change: PracticeChange::Patients { year, count: PatientCount::new(n).unwrap() },
        }),
        1 => any::<u8>().prop_map(|c| Command::Complete { cluster: cluster(c) }),
    ]
}

fn reason() -> impl Strategy<Value = LeaveReason> {
    // Mostly `left`: a closed ydernummer never joins again, and the sequences should move
    // practices about.
    prop_oneof![4 => Just(LeaveReason::Left), 1 => Just(LeaveReason::Excluded), 1 => Just(LeaveReason::Closed)]
}

fn kind() -> impl Strategy<Value = DocumentKind> {
    prop_oneof![
        Just(DocumentKind::FoundingMinutes),
        Just(DocumentKind::Statutes),
        Just(DocumentKind::ClusterRules),
        Just(DocumentKind::Other)
    ]
}

fn steps() -> impl Strategy<Value = Vec<(usize, u16, Command)>> {
    // Mostly the two coordinators, so that many commands are accepted; the others test refusals.
    let actor = prop_oneof![4 => Just(0usize), 4 => Just(1usize), 3 => 2..actors().len()];
    proptest::collection::vec((actor, 200u16..3000, command()), 1..40)
}

/// MEM-ONE and MEM-PERIOD over the whole registry.
fn assert_membership_invariants(registry: &Registry) {
    let memberships = registry.memberships();
    for (i, m) in memberships.iter().enumerate() {
        if let Some(left) = m.period().left() {
            assert!(left > m.period().joined(), "MEM-PERIOD broken: {m:?}");
        }
        for other in &memberships[i + 1..] {
            if other.ydernummer() == m.ydernummer() {
                assert!(!m.period().overlaps(other.period()), "MEM-ONE broken: {m:?} and {other:?}");
            }
        }
    }
}

/// GOV-RIGHTS as the rule book says it, read from the registry's state by scanning everything:
/// what the registry's own lookups must agree with.
fn standings_by_scanning(registry: &Registry, actor: &Actor, cluster: &ClusterId, day: NaiveDate) -> Vec<Standing> {
    let mut standings: Vec<Standing> = registry
        .cluster(cluster)
        .map(|c| c.roles().iter().filter(|a| a.until.is_none() && actor.is(&a.person)).map(|a| a.role.into()).collect())
        .unwrap_or_default();
    let member = registry.memberships().iter().any(|m| {
        Some(m.ydernummer()) == actor.ydernummer
            && m.cluster() == cluster
            && (m.period().contains(day) || m.period().left().is_none())
    });
    if member {
        standings.push(Standing::MemberPractice);
    }
    if standings.is_empty() {
        standings.push(Standing::Outsider);
    }
    standings.sort();
    standings.dedup();
    standings
}

/// The action a command needs in each cluster it concerns (GOV-RIGHTS); none for creating a
/// cluster (REG-AUTH) and editing a practice (checked against every cluster it was in).
fn needed(command: &Command) -> Vec<(ClusterId, Action)> {
    match command {
        Command::AddMember { cluster, .. } | Command::RemoveMember { cluster, .. } => {
            vec![(cluster.clone(), Action::ChangeMembers)]
        }
        Command::TransferMember { from, to, .. } => {
            vec![(from.clone(), Action::ChangeMembers), (to.clone(), Action::ChangeMembers)]
        }
        Command::AssignRole { cluster, .. } | Command::EndRole { cluster, .. } => {
            vec![(cluster.clone(), Action::ChangeRoles)]
        }
        Command::AttachDocument { cluster, .. } | Command::RemoveDocument { cluster, .. } => {
            vec![(cluster.clone(), Action::ChangeDocuments)]
        }
        Command::Complete { cluster } => vec![(cluster.clone(), Action::Complete)],
        _ => Vec::new(),
    }
}

// Section 8 of docs/rules.md: each invariant over 1,000 random command sequences or values.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn gov_rights_standings_and_members_agree_with_the_state_read_in_full(steps in steps(), probe in 0u16..3200) {
        let actors = actors();
        let mut registry = base();
        for (actor, offset, command) in steps {
            let _ = registry.apply(&actors[actor], date(offset), command);
        }
        let day = date(probe);
        for cluster in [cluster(0), cluster(4), cluster(8)] {
            for actor in &actors {
                prop_assert_eq!(registry.standings(actor, &cluster, day), standings_by_scanning(&registry, actor, &cluster, day));
            }
            let mut members: Vec<Ydernummer> = registry.members_on(&cluster, day).collect();
            let mut scanned: Vec<Ydernummer> = registry
                .memberships()
                .iter()
                .filter(|m| m.cluster() == &cluster && m.period().contains(day))
                .map(|m| m.ydernummer())
                .collect();
            members.sort();
            scanned.sort();
            prop_assert_eq!(members, scanned);
        }
    }

    #[test]
    fn gov_rights_no_command_is_accepted_from_someone_without_the_right(steps in steps()) {
        let actors = actors();
        let mut registry = base();
        for (actor, offset, command) in steps {
            let (actor, day) = (&actors[actor], date(offset));
            let needed = needed(&command);
            let had_the_right = needed
                .iter()
                .all(|(cluster, action)| standings_by_scanning(&registry, actor, cluster, day).into_iter().any(|s| klynge::registry::roles::may(s, *action)));
            if registry.apply(actor, day, command).is_ok() {
                prop_assert!(had_the_right, "accepted without the right: {:?}", needed);
            }
        }
    }

    #[test]
    fn mem_one_and_mem_period_hold_after_any_commands(steps in steps()) {
        let actors = actors();
        let mut registry = base();
        for (actor, offset, command) in steps {
            let _ = registry.apply(&actors[actor], date(offset), command);
            assert_membership_invariants(&registry);
        }
    }

    #[test]
    fn gov_rights_a_refused_command_leaves_the_state_byte_for_byte(steps in steps()) {
        let actors = actors();
        let mut registry = base();
        let mut before = json(&registry);
        for (actor, offset, command) in steps {
            let unchanged = registry.clone();
            let accepted = registry.apply(&actors[actor], date(offset), command).is_ok();
            let after = json(&registry);
            if !accepted {
                prop_assert_eq!(&after, &before);
                // The dated values (never stored) too.
                prop_assert_eq!(&registry, &unchanged);
            }
            before = after;
        }
    }

    #[test]
    fn reg_docs_change_a_required_kind_is_never_left_missing(steps in steps()) {
        let actors = actors();
        let mut registry = base();
        for (actor, offset, command) in steps {
            let _ = registry.apply(&actors[actor], date(offset), command);
            for cluster in registry.clusters() {
                let missing = klynge::registry::cluster::missing_documents(cluster.founded(), cluster.documents());
                prop_assert!(missing.is_empty(), "{} lacks {:?}", cluster.id(), missing);
                let mut kinds: Vec<DocumentKind> = cluster.documents().iter().map(Document::kind).collect();
                let held = kinds.len();
                kinds.sort();
                kinds.dedup();
                prop_assert_eq!(kinds.len(), held, "one current document of each kind");
            }
        }
    }

    #[test]
    fn mem_capacity_on_any_day_is_the_last_dated_change_and_scenarios_take_the_first_membership_day(steps in steps(), probe in 0u16..3200) {
        let actors = actors();
        let mut registry = base();
        for (actor, offset, command) in steps {
            let _ = registry.apply(&actors[actor], date(offset), command);
        }
        let day = date(probe);
        for practice in registry.practices() {
            // Read from the history alone: the joining capacities, then each accepted change by
            // its date (the later event on a tie).
            let mut changes: Vec<(NaiveDate, usize, Capacities)> = Vec::new();
            for (at, event) in registry.history().iter().enumerate() {
                match &event.command {
                    Command::EditPractice { ydernummer, change: PracticeChange::Capacities(c) } if *ydernummer == practice.ydernummer() => {
                        changes.push((event.date, at, *c));
                    }
                    _ => {}
                }
            }
            let joined_with = registry.history().iter().find_map(|event| match &event.command {
                Command::AddMember { ydernummer, capacities: Some(c), .. } if *ydernummer == practice.ydernummer() => Some((event.date, *c)),
                Command::CreateCluster { registration } if registration.coordinator.ydernummer == Some(practice.ydernummer()) => {
                    registration.coordinator_capacities.map(|c| (registration.founded, c))
                }
                _ => None,
            });
            changes.sort();
            let expected = changes
                .iter()
                .filter(|(d, _, _)| *d <= day)
                .map(|(d, _, c)| (*d, *c))
                .chain(joined_with.filter(|(d, _)| *d <= day && !changes.iter().any(|(cd, _, _)| cd == d)))
                .max_by_key(|(d, _)| *d)
                .map(|(_, c)| c);
            if let Some(expected) = expected {
                prop_assert_eq!(practice.capacities_on(day), expected);
            }
        }
        if let Ok(scenario) = Scenario::from_registry(&registry) {
            for p in scenario.practices() {
                let practice = registry.practice(p.ydernummer).unwrap();
                let first = registry.memberships_of_practice(p.ydernummer).next().unwrap().period().joined();
                prop_assert_eq!(p.capacities, practice.capacities_on(first));
            }
        }
    }

    #[test]
    fn mem_leave_a_closed_ydernummer_never_joins_again(steps in steps()) {
        let actors = actors();
        let mut registry = base();
        for (actor, offset, command) in steps {
            let _ = registry.apply(&actors[actor], date(offset), command);
        }
        for m in registry.memberships() {
            if m.reason() == Some(EndReason::Closed) {
                let closed = m.period().left().unwrap();
                prop_assert_eq!(registry.closed_on(m.ydernummer()), Some(closed));
                let later = registry.memberships_of_practice(m.ydernummer()).filter(|o| o.period().joined() >= closed).count();
                prop_assert_eq!(later, 0);
            }
            prop_assert_eq!(m.reason().is_some(), m.period().left().is_some());
        }
    }

    #[test]
    fn gov_log_replay_and_json_round_trip_give_the_same_registry(steps in steps()) {
        let actors = actors();
        let mut registry = base();
        for (actor, offset, command) in steps {
            let _ = registry.apply(&actors[actor], date(offset), command);
        }
        prop_assert_eq!(&Registry::replay(registry.history().to_vec()).unwrap(), &registry);
        let text = json(&registry);
        let back: Registry = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &registry);
        prop_assert_eq!(json(&back), text);
    }

    #[test]
    fn id_cvr_parse_display_round_trips(n in 10_000_000u32..100_000_000) {
        if let Ok(cvr) = n.to_string().parse::<Cvr>() {
            prop_assert_eq!(cvr.to_string().parse::<Cvr>().unwrap(), cvr);
            prop_assert_eq!(cvr.value(), n);
        }
    }

    #[test]
    fn epoch_days_count_as_chrono_does(from in -800_000i64..400_000, length in 0i64..2_000) {
        let from = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap().checked_add_signed(chrono::TimeDelta::days(from)).unwrap();
        let until = from + Days::new(length as u64);
        let (a, b) = (klynge::dates::epoch_day(from), klynge::dates::epoch_day(until));
        prop_assert_eq!(i64::from(b - a), (until - from).num_days());
        prop_assert_eq!(klynge::dates::from_epoch_day(a), Some(from));
        prop_assert_eq!(klynge::dates::from_epoch_day(b), Some(until));
    }

    #[test]
    fn id_yder_parse_display_round_trips(n in 1u32..=999_999) {
        let y = Ydernummer::from_value(n).unwrap();
        prop_assert_eq!(y.to_string().len(), 6);
        prop_assert_eq!(y.to_string().parse::<Ydernummer>().unwrap(), y);
        prop_assert_eq!(n.to_string().parse::<Ydernummer>().unwrap(), y);
        prop_assert_eq!(y.digits().to_vec(), format!("{n:06}").into_bytes());
    }

    #[test]
    fn id_phone_parse_display_round_trips(n in 20_000_000u32..100_000_000) {
        let phone: PhoneNumber = n.to_string().parse().unwrap();
        prop_assert_eq!(phone.to_string().parse::<PhoneNumber>().unwrap(), phone);
    }

    #[test]
    fn id_email_parse_display_round_trips(text in "[a-zA-Z0-9._%+-]{1,30}@[a-zA-Z0-9-]{1,20}(\\.[a-zA-Z]{2,6}){1,3}") {
        let email: Email = text.parse().unwrap();
        prop_assert_eq!(email.to_string().parse::<Email>().unwrap(), email);
    }

    #[test]
    fn id_kommune_parse_display_round_trips(i in 0usize..98) {
        let m = Municipality::all().nth(i).unwrap();
        prop_assert_eq!(m.to_string().parse::<Municipality>().unwrap(), m);
        prop_assert_eq!(m.code().to_string().parse::<Municipality>().unwrap(), m);
        prop_assert_eq!(m.region().to_string().parse::<Region>().unwrap(), m.region());
    }

    #[test]
    fn id_money_parse_display_round_trips(ore in any::<i64>()) {
        let amount = Dkk::from_ore(ore);
        prop_assert_eq!(amount.to_string().parse::<Dkk>().unwrap(), amount);
        let json = serde_json::to_string(&amount).unwrap();
        prop_assert_eq!(serde_json::from_str::<Dkk>(&json).unwrap(), amount);
    }

    #[test]
    fn gr_rate_parse_display_round_trips(micro in 0u64..=10_000_000_000) {
        let rate: Rate = rust_decimal::Decimal::new(i64::try_from(micro).unwrap(), 6).to_string().parse().unwrap();
        prop_assert_eq!(rate.to_string().parse::<Rate>().unwrap(), rate);
    }

    #[test]
    fn mem_period_parse_display_round_trips(a in 0u16..30000, len in proptest::option::of(1u16..3000)) {
        let joined = date(a);
        let left = len.map(|n| joined.checked_add_days(Days::new(u64::from(n))).unwrap());
        let period = MembershipPeriod::new(joined, left).unwrap();
        prop_assert_eq!(period.to_string().parse::<MembershipPeriod>().unwrap(), period);
    }

    #[test]
    fn no_parser_panics_on_any_text(text in "\\PC{0,40}|[0-9 +DKdk.-]{0,12}") {
        let _ = text.parse::<Cvr>();
        let _ = text.parse::<Ydernummer>();
        let _ = text.parse::<PhoneNumber>();
        let _ = text.parse::<Email>();
        let _ = text.parse::<ClusterId>();
        let _ = text.parse::<Municipality>();
        let _ = text.parse::<Region>();
        let _ = text.parse::<Dkk>();
        let _ = text.parse::<Rate>();
        let _ = text.parse::<MembershipPeriod>();
        let _ = text.parse::<Capacities>();
        let _ = text.parse::<PatientCount>();
        let _ = text.parse::<Rule>();
        let _ = serde_json::from_str::<Registry>(&text);
        let _ = serde_json::from_str::<RegistrationForm>(&text);
    }
}

/// The random sequences must do real work: many of their commands are accepted.
#[test]
fn command_sequences_are_not_all_refused() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let actors = actors();
    let mut accepted = 0;
    let mut memberships = 0;
    // Each new kind of command is accepted at times: a document removed or replaced, a leave
    // for each reason, capacities and details changed.
    let mut kinds = std::collections::BTreeSet::new();
    for _ in 0..64 {
        let steps = steps().new_tree(&mut runner).unwrap().current();
        let mut registry = base();
        for (actor, offset, command) in steps {
            let kind = match &command {
                Command::RemoveDocument { .. } => "remove_document".to_owned(),
                Command::AttachDocument { cluster, document } => {
                    let held = registry
                        .cluster(cluster)
                        .is_some_and(|c| c.documents().iter().any(|d| d.kind() == document.kind()));
                    (if held { "replace_document" } else { "attach_document" }).to_owned()
                }
                Command::RemoveMember { reason, .. } => format!("leave {reason}"),
                Command::EditPractice { change: PracticeChange::Capacities(_), .. } => "capacities".to_owned(),
                Command::EditPractice { change: PracticeChange::Name(_) | PracticeChange::Address(_), .. } => {
                    "details".to_owned()
                }
                _ => String::new(),
            };
            let ok = registry.apply(&actors[actor], date(offset), command).is_ok();
            accepted += usize::from(ok);
            if ok && !kind.is_empty() {
                kinds.insert(kind);
            }
        }
        memberships += registry.memberships().len();
    }
    let expected = [
        "attach_document",
        "capacities",
        "details",
        "leave closed",
        "leave excluded",
        "leave left",
        "remove_document",
        "replace_document",
    ];
    assert_eq!(kinds.iter().map(String::as_str).collect::<Vec<_>>(), expected);
    assert!(accepted > 150, "only {accepted} commands accepted");
    assert!(memberships > 64 * 2 + 50, "only {memberships} memberships made (the base has 2 each)");
}
