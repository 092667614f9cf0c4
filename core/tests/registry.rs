//! The registry through its commands: REG-*, MEM-*, GOV-*, CMP-READY and CMP-ONCE.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)] // test helpers fail loudly

mod common;

use common::*;
use klynge::*;

/// Applies a command that must be refused, and checks the registry did not change at all.
fn refused(registry: &mut Registry, actor: &Actor, date: &str, command: Command) -> RegistryError {
    let before = json(registry);
    let error = registry.apply(actor, day(date), command).unwrap_err();
    assert_eq!(json(registry), before, "a refused command changed the registry");
    error
}

#[test]
fn reg_auth_private_credential_is_refused() {
    let mut registry = Registry::new();
    let registration = form(CVR_A, "Klynge A", "Anne Hansen", "061654", "2018-09-15").validate().unwrap();
    let private = Actor { credential: Credential::Private, ..anne() };
    let error =
        refused(&mut registry, &private, "2018-10-01", Command::CreateCluster { registration: registration.clone() });
    assert_eq!(error.rule(), Rule::RegAuth);
    assert!(error.message_en().contains("sign in with a health-professional ID"), "{}", error.message_en());
    assert!(registry.clusters().next().is_none());
    // An actor without a ydernummer is told so, not that the action is not theirs.
    let no_number = Actor { ydernummer: None, ..anne() };
    let error = refused(&mut registry, &no_number, "2018-10-01", Command::CreateCluster { registration });
    assert!(error.message_en().contains("sign in with your ydernummer"), "{}", error.message_en());
}

#[test]
fn reg_auth_only_the_coordinator_of_the_form_creates() {
    let mut registry = Registry::new();
    let registration = form(CVR_A, "Klynge A", "Anne Hansen", "061654", "2018-09-15").validate().unwrap();
    let error = refused(&mut registry, &bent(), "2018-10-01", Command::CreateCluster { registration });
    assert_eq!(error.rule(), Rule::RegAuth);
    assert_eq!(
        error.message_en(),
        "Bent Bo (070000) may not create the cluster with CVR 12345674: only the form's coordinator, Anne Hansen, may create it"
    );
    assert!(error.message_da().contains("kun formularens koordinator, Anne Hansen"), "{}", error.message_da());
}

#[test]
fn reg_founder_coordinator_practice_is_a_member_from_founding() {
    let (registry, a, _) = two_clusters();
    let members: Vec<Ydernummer> = registry.members_on(&a, day("2018-09-15")).collect();
    assert_eq!(members, vec![yder("061654")]);
    assert!(registry.members_on(&a, day("2018-09-14")).next().is_none());
    let cluster = registry.cluster(&a).unwrap();
    assert_eq!(cluster.coordinator().unwrap().name, "Anne Hansen");
    assert_eq!(registry.practice(yder("061654")).unwrap().capacities().get(), 2);
}

#[test]
fn reg_fields_cvr_is_unique_and_founding_not_after_registration() {
    let (mut registry, _, _) = two_clusters();
    let again = form(CVR_A, "Klynge A2", "Anne Hansen", "061654", "2018-09-15").validate().unwrap();
    let error = refused(&mut registry, &anne(), "2020-01-01", Command::CreateCluster { registration: again });
    assert_eq!(error.rule(), Rule::RegFields);

    let mut fresh = Registry::new();
    let future = form(CVR_A, "Klynge A", "Anne Hansen", "061654", "2019-01-01").validate().unwrap();
    let error = refused(&mut fresh, &anne(), "2018-12-31", Command::CreateCluster { registration: future });
    assert!(matches!(error, RegistryError::FoundedAfterRegistration { .. }));
}

#[test]
fn reg_docs_and_reg_pdf_attach_documents_once() {
    let (mut registry, a, _) = two_clusters();
    let rules = pdf(DocumentKind::ClusterRules, "regler");
    registry
        .apply(&anne(), day("2023-05-01"), Command::AttachDocument { cluster: a.clone(), document: rules.clone() })
        .unwrap();
    assert_eq!(registry.cluster(&a).unwrap().documents().len(), 3);
    let error = refused(&mut registry, &anne(), "2023-05-02", Command::AttachDocument { cluster: a, document: rules });
    assert_eq!(error.rule(), Rule::RegPdf);
}

#[test]
fn mem_add_returns_a_confirmation_mail_request() {
    let (mut registry, a, _) = two_clusters();
    let applied = registry
        .apply(
            &anne(),
            day("2019-03-01"),
            Command::AddMember {
                cluster: a.clone(),
                ydernummer: yder("12345"),
                email: Some("praksis@example.dk".parse().unwrap()),
                capacities: Some(Capacities::new(3).unwrap()),
            },
        )
        .unwrap();
    let mail = applied.confirmation.unwrap();
    assert_eq!(mail.to.as_str(), "praksis@example.dk");
    assert_eq!(mail.ydernummer, yder("012345"));
    assert_eq!(mail.joined, day("2019-03-01"));
    assert!(mail.body_da().contains("Klynge A"));
    assert_eq!(registry.practice(yder("12345")).unwrap().email().unwrap().as_str(), "praksis@example.dk");
    let without = registry.apply(&anne(), day("2019-03-01"), add(&a, "54321", 1)).unwrap();
    assert!(without.confirmation.is_none());
}

#[test]
fn mem_capacity_required_for_a_new_practice_and_consistent_for_a_known_one() {
    let (mut registry, a, b) = two_clusters();
    let no_caps = Command::AddMember { cluster: a.clone(), ydernummer: yder("12345"), email: None, capacities: None };
    assert_eq!(refused(&mut registry, &anne(), "2019-03-01", no_caps).rule(), Rule::MemCapacity);
    registry.apply(&anne(), day("2019-03-01"), add(&a, "12345", 2)).unwrap();
    registry
        .apply(
            &anne(),
            day("2019-06-01"),
            Command::RemoveMember { cluster: a.clone(), ydernummer: yder("12345"), reason: LeaveReason::Left },
        )
        .unwrap();
    let error = refused(&mut registry, &bent(), "2020-01-01", add(&b, "12345", 3));
    assert!(matches!(error, RegistryError::CapacitiesDiffer { known: 2, given: 3, .. }));
    let known = Command::AddMember { cluster: b, ydernummer: yder("12345"), email: None, capacities: None };
    registry.apply(&bent(), day("2020-01-01"), known).unwrap();
}

#[test]
fn mem_one_a_practice_is_in_one_cluster_a_day() {
    let (mut registry, a, b) = two_clusters();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "12345", 1)).unwrap();
    let error = refused(&mut registry, &bent(), "2019-06-01", add(&b, "12345", 1));
    assert_eq!(error.rule(), Rule::MemOne);
    assert!(matches!(&error, RegistryError::Overlap { cluster, .. } if cluster == &a));
    // The same cluster twice is refused too.
    assert_eq!(refused(&mut registry, &anne(), "2019-07-01", add(&a, "12345", 1)).rule(), Rule::MemOne);
    // Retroactively joining B for days that overlap A is refused.
    registry
        .apply(
            &anne(),
            day("2020-01-01"),
            Command::RemoveMember { cluster: a.clone(), ydernummer: yder("12345"), reason: LeaveReason::Left },
        )
        .unwrap();
    assert_eq!(refused(&mut registry, &bent(), "2019-12-31", add(&b, "12345", 1)).rule(), Rule::MemOne);
    registry.apply(&bent(), day("2020-01-01"), add(&b, "12345", 1)).unwrap();
}

#[test]
fn mem_period_no_joining_before_founding_and_leaving_after_joining() {
    let (mut registry, a, _) = two_clusters();
    assert_eq!(refused(&mut registry, &anne(), "2018-09-14", add(&a, "12345", 1)).rule(), Rule::MemPeriod);
    registry.apply(&anne(), day("2019-03-01"), add(&a, "12345", 1)).unwrap();
    let leave = Command::RemoveMember { cluster: a.clone(), ydernummer: yder("12345"), reason: LeaveReason::Left };
    assert_eq!(refused(&mut registry, &anne(), "2019-03-01", leave.clone()).rule(), Rule::MemPeriod);
    assert_eq!(refused(&mut registry, &anne(), "2019-02-01", leave).rule(), Rule::MemPeriod);
}

#[test]
fn mem_leave_ends_the_membership_on_the_day() {
    let (mut registry, a, _) = two_clusters();
    registry.apply(&anne(), day("2022-03-01"), add(&a, "12345", 1)).unwrap();
    let leave = Command::RemoveMember { cluster: a.clone(), ydernummer: yder("12345"), reason: LeaveReason::Left };
    registry.apply(&anne(), day("2022-12-31"), leave.clone()).unwrap();
    let m = registry.memberships_of(&a).find(|m| m.ydernummer() == yder("12345")).unwrap();
    assert_eq!(m.period().to_string(), "2022-03-01..2022-12-31");
    assert!(!registry.members_on(&a, day("2022-12-31")).any(|y| y == yder("12345")));
    assert_eq!(refused(&mut registry, &anne(), "2023-01-01", leave).rule(), Rule::MemLeave);
}

#[test]
fn mem_transfer_ends_one_membership_and_links_the_next() {
    let (mut registry, a, b) = two_clusters();
    // Anne coordinates A; she becomes co-coordinator of B so she may move the practice.
    registry
        .apply(
            &bent(),
            day("2019-02-01"),
            Command::AssignRole {
                cluster: b.clone(),
                role: Role::CoCoordinator,
                person: Person::new("Anne Hansen", Some(yder("061654"))),
            },
        )
        .unwrap();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "12345", 1)).unwrap();
    let transfer = Command::TransferMember { from: a.clone(), to: b.clone(), ydernummer: yder("12345") };
    // Bent has no rights in A.
    assert_eq!(refused(&mut registry, &bent(), "2020-06-01", transfer.clone()).rule(), Rule::GovRights);
    registry.apply(&anne(), day("2020-06-01"), transfer).unwrap();
    let old = registry.memberships_of(&a).find(|m| m.ydernummer() == yder("12345")).unwrap();
    let new = registry.memberships_of(&b).find(|m| m.ydernummer() == yder("12345")).unwrap();
    assert_eq!(old.period().left(), Some(day("2020-06-01")));
    assert_eq!(new.period().joined(), day("2020-06-01"));
    assert_eq!(new.transferred_from(), Some(old.id()));
    let back = Command::TransferMember { from: b.clone(), to: b, ydernummer: yder("12345") };
    assert_eq!(refused(&mut registry, &anne(), "2021-01-01", back).rule(), Rule::MemTransfer);
}

#[test]
fn mem_patients_are_given_per_year_by_the_practice_or_its_coordinator() {
    let (mut registry, a, _) = two_clusters();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "12345", 1)).unwrap();
    let own = Actor::health_professional("Carl Carlsen", yder("12345"));
    let set = |year, count| Command::EditPractice {
        ydernummer: yder("12345"),
        change: PracticeChange::Patients { year, count: PatientCount::new(count).unwrap() },
    };
    registry.apply(&own, day("2022-01-15"), set(2022, 1800)).unwrap();
    registry.apply(&anne(), day("2023-01-15"), set(2023, 1850)).unwrap();
    let practice = registry.practice(yder("12345")).unwrap();
    assert_eq!(practice.patients(2022).unwrap().get(), 1800);
    assert_eq!(practice.patients(2023).unwrap().get(), 1850);
    assert_eq!(practice.patients(2024), None, "never assumed");
    assert_eq!(refused(&mut registry, &bent(), "2023-01-15", set(2023, 1)).rule(), Rule::GovRights);
    assert_eq!(refused(&mut registry, &own, "2023-01-15", set(3500, 1)).rule(), Rule::MemPatients);
}

#[test]
fn gov_roles_single_roles_replace_and_history_keeps_them() {
    let (mut registry, a, _) = two_clusters();
    let dorte = Person::new("Dorte Due", Some(yder("080000")));
    let assign = |role, person: &Person| Command::AssignRole { cluster: a.clone(), role, person: person.clone() };
    registry.apply(&anne(), day("2020-01-01"), assign(Role::Treasurer, &Person::new("Tove Kasserer", None))).unwrap();
    registry.apply(&anne(), day("2021-01-01"), assign(Role::Coordinator, &dorte)).unwrap();
    let cluster = registry.cluster(&a).unwrap();
    assert_eq!(cluster.coordinator(), Some(&dorte));
    let ended = cluster.roles().iter().find(|r| r.person.name == "Anne Hansen").unwrap();
    assert_eq!(ended.until, Some(day("2021-01-01")));
    // Anne is no longer coordinator: she is refused.
    assert_eq!(
        refused(&mut registry, &anne(), "2021-02-01", assign(Role::BoardMember, &dorte)).rule(),
        Rule::GovRights
    );
    let dorte_actor = Actor::health_professional("Dorte Due", yder("080000"));
    assert_eq!(
        refused(&mut registry, &dorte_actor, "2021-02-01", assign(Role::Coordinator, &dorte)).rule(),
        Rule::GovRoles
    );
    let nameless = Person::new("Nobody", None);
    assert_eq!(
        refused(&mut registry, &dorte_actor, "2021-02-01", assign(Role::Coordinator, &nameless)).rule(),
        Rule::RegAuth
    );
    let end = Command::EndRole { cluster: a.clone(), role: Role::Coordinator, person: dorte.clone() };
    assert_eq!(refused(&mut registry, &dorte_actor, "2021-02-01", end).rule(), Rule::GovRoles);
    let end =
        Command::EndRole { cluster: a.clone(), role: Role::Treasurer, person: Person::new("Tove Kasserer", None) };
    registry.apply(&dorte_actor, day("2021-02-01"), end.clone()).unwrap();
    assert_eq!(refused(&mut registry, &dorte_actor, "2021-03-01", end).rule(), Rule::GovRoles);
    assert_eq!(registry.history_of(&a).count(), 4, "create, two assignments and one end; nothing refused");
}

/// The actors of the role × action table, one per standing in cluster A.
fn table_fixture() -> (Registry, ClusterId, Vec<(Standing, Actor)>) {
    let (mut registry, a, b) = two_clusters();
    let assign = |role, name: &str, y: Option<&str>| Command::AssignRole {
        cluster: a.clone(),
        role,
        person: Person::new(name, y.map(yder)),
    };
    registry.apply(&anne(), day("2019-01-01"), assign(Role::CoCoordinator, "Cecilie Co", Some("090000"))).unwrap();
    registry.apply(&anne(), day("2019-01-01"), assign(Role::Treasurer, "Tove Kasserer", None)).unwrap();
    registry.apply(&anne(), day("2019-01-01"), assign(Role::BoardMember, "Birthe Board", None)).unwrap();
    registry.apply(&anne(), day("2019-01-01"), add(&a, "090000", 1)).unwrap();
    registry.apply(&anne(), day("2019-01-01"), add(&a, "012345", 1)).unwrap();
    let _ = b;
    let actors = vec![
        (Standing::Coordinator, anne()),
        (Standing::CoCoordinator, Actor::health_professional("Cecilie Co", yder("090000"))),
        (
            Standing::Treasurer,
            Actor { person: "Tove Kasserer".into(), credential: Credential::Private, ydernummer: None },
        ),
        (
            Standing::BoardMember,
            Actor { person: "Birthe Board".into(), credential: Credential::Private, ydernummer: None },
        ),
        (Standing::MemberPractice, Actor::health_professional("Mads Medlem", yder("012345"))),
        (Standing::Outsider, bent()),
    ];
    (registry, a, actors)
}

/// A command that needs exactly `action` in cluster `a`, as `actor`; `None` where the action
/// cannot be expressed for this actor (editing one's own practice without a practice).
fn command_for(action: Action, a: &ClusterId, actor: &Actor) -> Option<Command> {
    let patients = |y| Command::EditPractice {
        ydernummer: y,
        change: PracticeChange::Patients { year: 2022, count: PatientCount::new(100).unwrap() },
    };
    Some(match action {
        Action::ChangeMembers => add(a, "055555", 1),
        Action::ChangeRoles => {
            Command::AssignRole { cluster: a.clone(), role: Role::BoardMember, person: Person::new("Ny Person", None) }
        }
        Action::ChangeDocuments => {
            Command::AttachDocument { cluster: a.clone(), document: pdf(DocumentKind::Other, "x") }
        }
        Action::Complete => Command::Complete { cluster: a.clone() },
        Action::EditOwnPractice => patients(actor.ydernummer.filter(|y| *y != yder("070000"))?),
        Action::EditOtherPractice if actor.ydernummer == Some(yder("061654")) => patients(yder("090000")),
        Action::EditOtherPractice => patients(yder("061654")),
        Action::Read | Action::CreateCluster => return None,
    })
}

#[test]
fn gov_rights_role_by_action_table() {
    let (registry, a, actors) = table_fixture();
    let date = day("2019-06-01");
    for (standing, actor) in &actors {
        assert!(registry.standings(actor, &a, date).contains(standing), "{actor} should be {standing:?}");
        for action in Action::ALL {
            let allowed = klynge::registry::roles::may(*standing, action);
            assert_eq!(registry.may(actor, &a, action, date), allowed, "{standing:?} × {action:?}");
            if action == Action::Read {
                assert_eq!(registry.read(actor, &a, date).is_ok(), allowed, "{standing:?} reads");
                continue;
            }
            let Some(command) = command_for(action, &a, actor) else { continue };
            let mut trial = registry.clone();
            let result = trial.apply(actor, date, command);
            match (&result, allowed) {
                (Ok(_), true) => {}
                (Err(error), false) => {
                    assert_eq!(error.rule(), Rule::GovRights, "{standing:?} × {action:?}: {error}");
                    assert_eq!(trial, registry, "a refused command changed the registry");
                }
                _ => panic!("{standing:?} × {action:?}: allowed={allowed}, got {result:?}"),
            }
        }
    }
}

#[test]
fn gov_rights_expected_table() {
    use Action::*;
    let allowed = |s| Action::ALL.into_iter().filter(|a| klynge::registry::roles::may(s, *a)).collect::<Vec<_>>();
    assert_eq!(allowed(Standing::Coordinator), Action::ALL.to_vec());
    assert_eq!(allowed(Standing::CoCoordinator), Action::ALL.to_vec());
    assert_eq!(allowed(Standing::MemberPractice), vec![EditOwnPractice, Read]);
    assert_eq!(allowed(Standing::Treasurer), vec![Read]);
    assert_eq!(allowed(Standing::BoardMember), vec![Read]);
    assert_eq!(allowed(Standing::Outsider), vec![]);
}

#[test]
fn gov_log_every_change_is_an_event_and_replay_reproduces() {
    let (mut registry, a, b) = two_clusters();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "12345", 1)).unwrap();
    registry
        .apply(
            &anne(),
            day("2019-04-01"),
            Command::RemoveMember { cluster: a.clone(), ydernummer: yder("12345"), reason: LeaveReason::Left },
        )
        .unwrap();
    let _ = refused(&mut registry, &bent(), "2019-05-01", add(&a, "22222", 1));
    assert_eq!(registry.history().len(), 4);
    let event = &registry.history()[2];
    assert_eq!(event.actor, anne());
    assert_eq!(event.date, day("2019-03-01"));
    assert_eq!(registry.history_of(&b).count(), 1);
    let replayed = Registry::replay(registry.history().to_vec()).unwrap();
    assert_eq!(replayed, registry);
    let text = json(&registry);
    assert_eq!(serde_json::from_str::<Registry>(&text).unwrap(), registry);
}

#[test]
fn gov_log_a_tampered_registry_does_not_load() {
    let (registry, _, _) = two_clusters();
    let text = json(&registry).replace("\"capacities\":2", "\"capacities\":9");
    let error = serde_json::from_str::<Registry>(&text).unwrap_err();
    assert!(error.to_string().contains("history"), "{error}");
    let unknown = json(&registry).replacen('{', "{\"extra\":1,", 1);
    assert!(serde_json::from_str::<Registry>(&unknown).is_err());
}

#[test]
fn cmp_ready_lists_blocking_items_and_warnings() {
    let (mut registry, a, _) = two_clusters();
    let checklist = registry.checklist(&a, day("2018-09-01")).unwrap();
    assert!(checklist.blocking.contains(&ChecklistItem::BeforeFounding { founded: day("2018-09-15") }));
    let checklist = registry.checklist(&a, day("2019-01-20")).unwrap();
    assert!(checklist.is_ready());
    assert_eq!(
        checklist.warnings,
        vec![
            ChecklistItem::PatientCountsMissing { year: 2019, practices: vec![yder("061654")] },
            ChecklistItem::FewPatients { year: 2019, total: 0 },
        ]
    );
    let set = |y: &str, change| Command::EditPractice { ydernummer: yder(y), change };
    registry.apply(&anne(), day("2019-01-10"), add(&a, "12345", 1)).unwrap();
    for (y, n, m) in [("061654", 20_000, "Odense"), ("12345", 12_000, "Aalborg")] {
        let count = PatientCount::new(n).unwrap();
        registry.apply(&anne(), day("2019-01-10"), set(y, PracticeChange::Patients { year: 2019, count })).unwrap();
        registry
            .apply(&anne(), day("2019-01-10"), set(y, PracticeChange::Municipality(Some(m.parse().unwrap()))))
            .unwrap();
    }
    let checklist = registry.checklist(&a, day("2019-01-20")).unwrap();
    assert_eq!(
        checklist.warnings,
        vec![ChecklistItem::SeveralRegions { regions: vec![Region::Nordjylland, Region::Syddanmark] }]
    );
    assert!(checklist.warnings.iter().all(|w| w.rule() == Rule::CmpReady));
}

#[test]
fn cmp_ready_blocks_completion_without_members() {
    let (mut registry, a, _) = two_clusters();
    registry
        .apply(
            &anne(),
            day("2019-01-01"),
            Command::RemoveMember { cluster: a.clone(), ydernummer: yder("061654"), reason: LeaveReason::Left },
        )
        .unwrap();
    let error = refused(&mut registry, &anne(), "2019-01-20", Command::Complete { cluster: a.clone() });
    assert_eq!(error.rule(), Rule::CmpReady);
    match error {
        RegistryError::NotReady { checklist, .. } => assert_eq!(checklist.blocking, vec![ChecklistItem::NoMembers]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn cmp_once_completion_is_dated_and_cannot_be_repeated() {
    let (mut registry, a, _) = two_clusters();
    registry.apply(&anne(), day("2019-01-20"), Command::Complete { cluster: a.clone() }).unwrap();
    assert_eq!(registry.cluster(&a).unwrap().completed(), Some(day("2019-01-20")));
    let error = refused(&mut registry, &anne(), "2019-02-20", Command::Complete { cluster: a.clone() });
    assert_eq!(error.rule(), Rule::CmpOnce);
    assert!(registry.checklist(&a, day("2019-03-01")).unwrap().blocking.iter().any(|i| i.rule() == Rule::CmpOnce));
}

#[test]
fn unknown_clusters_and_practices_are_errors_not_panics() {
    let (mut registry, _, _) = two_clusters();
    let nowhere = cid("nowhere");
    assert!(matches!(
        refused(&mut registry, &anne(), "2020-01-01", add(&nowhere, "1", 1)),
        RegistryError::UnknownCluster { .. }
    ));
    let edit = Command::EditPractice { ydernummer: yder("999999"), change: PracticeChange::Email(None) };
    assert!(matches!(refused(&mut registry, &anne(), "2020-01-01", edit), RegistryError::UnknownPractice { .. }));
    assert!(registry.checklist(&nowhere, day("2020-01-01")).is_err());
    let far = chrono::NaiveDate::from_ymd_opt(9999, 1, 1).unwrap();
    assert!(registry.apply(&anne(), far, Command::Complete { cluster: nowhere }).is_err());
}

#[test]
fn gov_roles_codes_read_back_and_an_unknown_one_lists_them() {
    for (code, role) in Role::CODES {
        assert_eq!(code.parse::<Role>().unwrap(), *role);
        assert_eq!(serde_json::to_value(role).unwrap(), *code, "the code is serde's");
    }
    for (code, action) in Action::CODES {
        assert_eq!(action.to_string().parse::<Action>().unwrap(), *action, "{code}");
    }
    for (code, kind) in DocumentKind::CODES {
        assert_eq!(serde_json::to_value(kind).unwrap(), *code);
    }
    assert_eq!("private".parse::<Credential>().unwrap(), Credential::Private);
    let problem = "chair".parse::<Role>().unwrap_err();
    assert_eq!((problem.path.as_str(), problem.rule), ("role", Rule::GovRoles));
    assert_eq!(problem.message_en, "a role is coordinator, co_coordinator, treasurer or board_member, not \"chair\"");
    assert!(problem.message_da.starts_with("en rolle er coordinator, co_coordinator, treasurer eller board_member"));
    let refused = RegistryError::Refused {
        rule: Rule::GovRights,
        actor: "Bent".into(),
        action: Action::ChangeMembers,
        cluster: "k".into(),
    };
    assert_eq!(refused.to_string(), "Bent may not change members in cluster k");
    assert!(refused.message_da().contains("ændre medlemmer"));
}

#[test]
fn gov_log_a_stored_registry_takes_dates_and_fingerprints_exactly_as_written() {
    let (registry, _, _) = two_clusters();
    let text = json(&registry);
    assert!(serde_json::from_str::<Registry>(&text).is_ok());
    let date = text.find("\"2018-10-01\"").unwrap();
    for lenient in ["\"2018-10-1\"", "\"+2018-10-01\"", "\" 2018-10-01\""] {
        let mut changed = text.clone();
        changed.replace_range(date..date + 12, lenient);
        assert!(serde_json::from_str::<Registry>(&changed).is_err(), "{lenient} is not YYYY-MM-DD");
    }
    let sha = registry.history().iter().find_map(|e| match &e.command {
        Command::CreateCluster { registration } => registration.documents.first().map(Document::sha256_hex),
        _ => None,
    });
    let sha = sha.unwrap();
    let signed = text.replacen(&sha, &format!("+{}", &sha[1..]), 1);
    assert!(serde_json::from_str::<Registry>(&signed).is_err(), "a sign is not a hexadecimal digit");
}

#[test]
fn gov_rights_a_refusal_repeats_at_most_the_start_of_a_huge_name() {
    let (mut registry, a, _) = two_clusters();
    let huge = "Å".repeat(1_000_000);
    let stranger = Actor::health_professional(&huge, yder("000009"));
    let error = refused(&mut registry, &stranger, "2019-02-01", add(&a, "000010", 1));
    assert_eq!(error.rule(), Rule::GovRights);
    let person = Person::new(&huge, None);
    let end = Command::EndRole { cluster: a.clone(), role: Role::Treasurer, person };
    let not_holder = refused(&mut registry, &anne(), "2019-02-01", end);
    assert_eq!(not_holder.rule(), Rule::GovRoles);
    for e in [error, not_holder] {
        assert!(e.message_en().len() < 400 && e.message_da().len() < 400, "{}", e.message_en());
        assert!(e.message_en().contains("ÅÅÅÅ…"), "{}", e.message_en());
    }
}

// REG-DOCS-CHANGE, MEM-LEAVE (reasons), MEM-CAPACITY (dated), MEM-DETAILS, MEM-LIST.

fn statutes(registry: &Registry, cluster: &ClusterId) -> Vec<String> {
    let c = registry.cluster(cluster).unwrap();
    c.documents().iter().filter(|d| d.kind() == DocumentKind::Statutes).map(|d| d.file_name().to_owned()).collect()
}

#[test]
fn reg_docs_change_a_document_of_a_held_kind_replaces_it() {
    let (mut registry, a, _) = two_clusters();
    let old = registry.cluster(&a).unwrap().documents()[1].sha256_hex();
    let new = pdf(DocumentKind::Statutes, "vedtaegter-2024");
    let attach = Command::AttachDocument { cluster: a.clone(), document: new.clone() };
    registry.apply(&anne(), day("2024-05-01"), attach.clone()).unwrap();
    assert_eq!(statutes(&registry, &a), ["vedtaegter-2024.pdf"]);
    assert_eq!(registry.cluster(&a).unwrap().documents().len(), 2, "the new statutes took the old one's place");
    // The old fingerprint stays in the history (GOV-LOG).
    let history = serde_json::to_string(registry.history()).unwrap();
    assert!(history.contains(&old) && history.contains(&new.sha256_hex()));
    // The same document again is refused; the old one back is a replacement like any other.
    assert_eq!(refused(&mut registry, &anne(), "2024-05-02", attach).rule(), Rule::RegPdf);
    let back = Command::AttachDocument { cluster: a.clone(), document: pdf(DocumentKind::Statutes, CVR_A) };
    registry.apply(&anne(), day("2024-06-01"), back).unwrap();
    assert_eq!(statutes(&registry, &a), [format!("{CVR_A}.pdf")]);
    // Only those who may change documents may replace them (GOV-RIGHTS).
    let other = Command::AttachDocument { cluster: a.clone(), document: pdf(DocumentKind::Statutes, "x") };
    assert_eq!(refused(&mut registry, &bent(), "2024-06-02", other).rule(), Rule::GovRights);
}

#[test]
fn reg_docs_change_a_required_kind_is_replaced_never_removed() {
    let (mut registry, a, _) = two_clusters();
    for kind in [DocumentKind::Statutes, DocumentKind::FoundingMinutes] {
        let remove = Command::RemoveDocument { cluster: a.clone(), kind };
        let error = refused(&mut registry, &anne(), "2024-05-01", remove);
        assert_eq!(error.rule(), Rule::RegDocsChange);
        assert_eq!(error.field(), Some("kind"));
        assert!(error.message_en().contains("attach a new document of its kind instead"), "{}", error.message_en());
        assert!(error.message_da().contains("vedhæft i stedet"), "{}", error.message_da());
    }
    // A kind the cluster does not hold: nothing to remove.
    let none = Command::RemoveDocument { cluster: a.clone(), kind: DocumentKind::Other };
    let error = refused(&mut registry, &anne(), "2024-05-01", none.clone());
    assert!(matches!(error, RegistryError::NoDocument { kind: DocumentKind::Other }));
    // Any other kind goes, as an event of the history.
    registry
        .apply(
            &anne(),
            day("2024-05-01"),
            Command::AttachDocument { cluster: a.clone(), document: pdf(DocumentKind::Other, "budget") },
        )
        .unwrap();
    registry.apply(&anne(), day("2024-05-02"), none).unwrap();
    assert_eq!(registry.cluster(&a).unwrap().documents().len(), 2);
    assert!(matches!(registry.history().last().unwrap().command, Command::RemoveDocument { .. }));
    // Removed from a cluster that is complete, the cluster still is.
    assert!(registry.checklist(&a, day("2024-05-03")).unwrap().blocking.is_empty());
}

#[test]
fn reg_docs_change_from_2023_04_01_either_statutes_or_cluster_rules_may_go_not_both() {
    let mut registry = Registry::new();
    let mut late = form(CVR_A, "Klynge Ny", "Anne Hansen", "061654", "2023-09-01");
    late.documents.push(pdf(DocumentKind::ClusterRules, "klyngeregler"));
    let a = create(&mut registry, &anne(), late, "2023-09-10");
    let remove = |kind| Command::RemoveDocument { cluster: a.clone(), kind };
    registry.apply(&anne(), day("2024-01-01"), remove(DocumentKind::Statutes)).unwrap();
    assert_eq!(
        refused(&mut registry, &anne(), "2024-01-02", remove(DocumentKind::ClusterRules)).rule(),
        Rule::RegDocsChange
    );
    // A cluster founded before 2023-04-01 keeps its statutes even with cluster rules.
    let (mut registry, old, _) = two_clusters();
    let rules = Command::AttachDocument { cluster: old.clone(), document: pdf(DocumentKind::ClusterRules, "regler") };
    registry.apply(&anne(), day("2024-01-01"), rules).unwrap();
    let statutes = Command::RemoveDocument { cluster: old.clone(), kind: DocumentKind::Statutes };
    assert_eq!(refused(&mut registry, &anne(), "2024-01-02", statutes).rule(), Rule::RegDocsChange);
}

#[test]
fn mem_leave_keeps_its_reason_and_a_transfer_is_transferred() {
    let (mut registry, a, b) = two_clusters();
    for y in ["000011", "000012", "000013", "000014"] {
        registry.apply(&anne(), day("2019-03-01"), add(&a, y, 1)).unwrap();
    }
    let leave = |y: &str, reason| Command::RemoveMember { cluster: a.clone(), ydernummer: yder(y), reason };
    registry.apply(&anne(), day("2020-01-01"), leave("000011", LeaveReason::Left)).unwrap();
    registry.apply(&anne(), day("2020-02-01"), leave("000012", LeaveReason::Excluded)).unwrap();
    registry.apply(&anne(), day("2020-03-01"), leave("000013", LeaveReason::Closed)).unwrap();
    let co = Person::new("Anne Hansen", Some(yder("061654")));
    registry
        .apply(
            &bent(),
            day("2019-02-01"),
            Command::AssignRole { cluster: b.clone(), role: Role::CoCoordinator, person: co },
        )
        .unwrap();
    let transfer = Command::TransferMember { from: a.clone(), to: b.clone(), ydernummer: yder("000014") };
    registry.apply(&anne(), day("2020-04-01"), transfer).unwrap();
    let reason = |y: &str| registry.memberships_of(&a).find(|m| m.ydernummer() == yder(y)).unwrap().reason();
    assert_eq!(reason("000011"), Some(EndReason::Left));
    assert_eq!(reason("000012"), Some(EndReason::Excluded));
    assert_eq!(reason("000013"), Some(EndReason::Closed));
    assert_eq!(reason("000014"), Some(EndReason::Transferred));
    assert_eq!(registry.memberships_of(&b).find(|m| m.ydernummer() == yder("000014")).unwrap().reason(), None);
    // The reason is in the history and in the stored membership.
    let text = json(&registry);
    assert!(text.contains(r#""reason":"excluded""#) && text.contains(r#""reason":"transferred""#));
    assert_eq!(serde_json::from_str::<Registry>(&text).unwrap(), registry);
}

#[test]
fn mem_leave_a_closed_ydernummer_cannot_be_added_again() {
    let (mut registry, a, b) = two_clusters();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "000013", 1)).unwrap();
    let close = Command::RemoveMember { cluster: a.clone(), ydernummer: yder("000013"), reason: LeaveReason::Closed };
    registry.apply(&anne(), day("2021-07-01"), close).unwrap();
    assert_eq!(registry.closed_on(yder("000013")), Some(day("2021-07-01")));
    for (actor, cluster) in [(anne(), &a), (bent(), &b)] {
        let error = refused(&mut registry, &actor, "2022-01-01", add(cluster, "000013", 1));
        assert_eq!(error.rule(), Rule::MemLeave);
        assert_eq!(error.field(), Some("ydernummer"));
        assert!(error.message_en().contains("closed on 2021-07-01"), "{}", error.message_en());
        assert!(error.message_da().contains("ophørte den 2021-07-01"), "{}", error.message_da());
    }
    // A practice that left (not closed) may come back.
    registry.apply(&anne(), day("2019-03-01"), add(&a, "000011", 1)).unwrap();
    let left = Command::RemoveMember { cluster: a.clone(), ydernummer: yder("000011"), reason: LeaveReason::Left };
    registry.apply(&anne(), day("2020-01-01"), left).unwrap();
    registry.apply(&bent(), day("2020-06-01"), add(&b, "000011", 1)).unwrap();
}

#[test]
fn mem_capacity_changes_on_a_date_and_the_fee_counts_the_first_day() {
    let (mut registry, a, _) = two_clusters();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "000021", 1)).unwrap();
    let grow = Command::EditPractice {
        ydernummer: yder("000021"),
        change: PracticeChange::Capacities(Capacities::new(3).unwrap()),
    };
    registry.apply(&anne(), day("2020-08-01"), grow).unwrap();
    let practice = registry.practice(yder("000021")).unwrap();
    assert_eq!(practice.capacities().get(), 3);
    assert_eq!(practice.capacities_on(day("2020-07-31")).get(), 1);
    assert_eq!(practice.capacities_on(day("2020-08-01")).get(), 3);
    assert_eq!(practice.capacities_on(day("2018-01-01")).get(), 1, "before the first change: as it joined");
    let changes: Vec<(NaiveDate, u16)> = practice.capacity_changes().map(|(d, c)| (d, c.get())).collect();
    assert_eq!(changes, [(day("2019-03-01"), 1), (day("2020-08-01"), 3)]);
    // A change dated between others is put in its place; the latest change stays current.
    let back = Command::EditPractice {
        ydernummer: yder("000021"),
        change: PracticeChange::Capacities(Capacities::new(2).unwrap()),
    };
    registry.apply(&anne(), day("2020-01-01"), back).unwrap();
    let practice = registry.practice(yder("000021")).unwrap();
    assert_eq!((practice.capacities_on(day("2020-02-01")).get(), practice.capacities().get()), (2, 3));
    // GR-STARTUP: the fee counts the capacities of the first membership's first day.
    let scenario = Scenario::from_registry(&registry).unwrap();
    let p = scenario.practices().iter().find(|p| p.ydernummer == yder("000021")).unwrap();
    assert_eq!(p.capacities.get(), 1);
    let (report, _) = scenario.grants_known(&Parameters::default(), 2019, 2019).unwrap();
    let fee = report.lines().find(|l| l.ydernummer == yder("000021") && l.kind == LineKind::StartupFee).unwrap();
    assert_eq!(fee.amount.to_string(), "10000.00");
    // Joining again later: the capacities known on that day, or a refusal if others are given.
    let leave = Command::RemoveMember { cluster: a.clone(), ydernummer: yder("000021"), reason: LeaveReason::Left };
    registry.apply(&anne(), day("2021-01-01"), leave).unwrap();
    let error = refused(&mut registry, &anne(), "2021-06-01", add(&a, "000021", 1));
    assert!(matches!(error, RegistryError::CapacitiesDiffer { known: 3, given: 1, .. }));
    // A change dated the joining day counts for the fee (MEM-CAPACITY: "a change dated that day included").
    registry.apply(&anne(), day("2019-03-01"), add(&a, "000022", 1)).unwrap();
    let same_day = Command::EditPractice {
        ydernummer: yder("000022"),
        change: PracticeChange::Capacities(Capacities::new(2).unwrap()),
    };
    registry.apply(&anne(), day("2019-03-01"), same_day).unwrap();
    let scenario = Scenario::from_registry(&registry).unwrap();
    assert_eq!(scenario.practices().iter().find(|p| p.ydernummer == yder("000022")).unwrap().capacities.get(), 2);
}

#[test]
fn mem_details_edited_by_the_practice_or_the_coordinators_never_others() {
    let (mut registry, a, _) = two_clusters();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "000031", 1)).unwrap();
    let name = |text: &str| Command::EditPractice {
        ydernummer: yder("000031"),
        change: PracticeChange::Name(text.to_owned()),
    };
    let address = |text: &str| Command::EditPractice {
        ydernummer: yder("000031"),
        change: PracticeChange::Address(text.to_owned()),
    };
    let own = Actor::health_professional("Dorte Læge", yder("000031"));
    registry.apply(&own, day("2020-01-01"), name("  Lægerne i Bogense ")).unwrap();
    registry.apply(&anne(), day("2020-01-01"), address("Østergade 1, 5400 Bogense")).unwrap();
    let practice = registry.practice(yder("000031")).unwrap();
    assert_eq!((practice.name(), practice.address()), (Some("Lægerne i Bogense"), Some("Østergade 1, 5400 Bogense")));
    // Another cluster's coordinator, and another member practice, may not.
    assert_eq!(refused(&mut registry, &bent(), "2020-02-01", name("X")).rule(), Rule::GovRights);
    registry.apply(&anne(), day("2019-03-01"), add(&a, "000032", 1)).unwrap();
    let neighbour = Actor::health_professional("Nabo", yder("000032"));
    assert_eq!(refused(&mut registry, &neighbour, "2020-02-01", name("X")).rule(), Rule::GovRights);
    // At most 200 characters, on one line; an empty value clears.
    let error = refused(&mut registry, &own, "2020-02-01", name(&"x".repeat(201)));
    assert_eq!((error.rule(), error.field()), (Rule::MemDetails, Some("name")));
    assert!(error.message_da().contains("201 tegn"), "{}", error.message_da());
    let error = refused(&mut registry, &own, "2020-02-01", address("Østergade 1\n5400 Bogense"));
    assert_eq!((error.rule(), error.field()), (Rule::MemDetails, Some("address")));
    registry.apply(&own, day("2021-01-01"), name(" ")).unwrap();
    let practice = registry.practice(yder("000031")).unwrap();
    assert_eq!(practice.name(), None);
    // As they stood on a day.
    assert_eq!(practice.details_on(day("2020-06-01")).name.as_deref(), Some("Lægerne i Bogense"));
    assert_eq!(practice.details_on(day("2019-06-01")).name, None);
}

#[test]
fn mem_list_on_a_day_and_over_a_period() {
    let (mut registry, a, _) = two_clusters();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "000041", 1)).unwrap();
    registry.apply(&anne(), day("2019-03-01"), add(&a, "000042", 2)).unwrap();
    let edit = |y: &str, change| Command::EditPractice { ydernummer: yder(y), change };
    registry
        .apply(&anne(), day("2019-04-01"), edit("000041", PracticeChange::Name("Lægerne, \"Nord\"".into())))
        .unwrap();
    registry
        .apply(
            &anne(),
            day("2019-04-01"),
            edit("000041", PracticeChange::Email(Some("nord@example.dk".parse().unwrap()))),
        )
        .unwrap();
    registry
        .apply(&anne(), day("2024-02-01"), edit("000041", PracticeChange::Capacities(Capacities::new(2).unwrap())))
        .unwrap();
    let excluded =
        Command::RemoveMember { cluster: a.clone(), ydernummer: yder("000042"), reason: LeaveReason::Excluded };
    registry.apply(&anne(), day("2023-07-01"), excluded).unwrap();

    let list = registry.member_list(&a, day("2024-01-31")).unwrap();
    assert_eq!(
        list.to_csv(),
        "ydernummer,name,address,email,capacities,joined,left,reason\n\
         061654,,,,2,2018-09-15,,\n\
         000041,\"Lægerne, \"\"Nord\"\"\",,nord@example.dk,1,2019-03-01,,\n"
    );
    let year = registry.member_list_over(&a, day("2023-01-01"), day("2024-12-31")).unwrap();
    let rows: Vec<(String, u16, Option<NaiveDate>, Option<EndReason>)> =
        year.rows().iter().map(|r| (r.ydernummer.to_string(), r.capacities.get(), r.left, r.reason)).collect();
    assert_eq!(
        rows,
        [
            ("061654".into(), 2, None, None),
            ("000041".into(), 2, None, None),
            ("000042".into(), 2, Some(day("2023-07-01")), Some(EndReason::Excluded)),
        ]
    );
    // Refusals: an unknown cluster, a period backwards.
    assert_eq!(registry.member_list(&cid("nowhere"), day("2024-01-31")).unwrap_err().rule(), Rule::Format);
    let error = registry.member_list_over(&a, day("2024-12-31"), day("2024-01-01")).unwrap_err();
    assert_eq!((error.rule(), error.field()), (Rule::MemList, Some("last")));
    assert!(registry.member_list(&a, day("2018-01-01")).unwrap().is_empty());
}

#[test]
fn gov_log_a_registry_stored_before_reasons_and_dated_changes_still_loads() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/registry-before-reasons.json"))
        .unwrap();
    assert!(!text.contains("\"reason\""));
    let registry: Registry = serde_json::from_str(&text).unwrap();
    let a: ClusterId = CVR_A.parse().unwrap();
    // A leave without a reason reads as `left`; the transfer as `transferred`.
    let reason = |y: &str| registry.memberships_of(&a).find(|m| m.ydernummer() == yder(y)).unwrap().reason();
    assert_eq!(reason("023456"), Some(EndReason::Left));
    assert_eq!(reason("034567"), Some(EndReason::Transferred));
    assert_eq!(reason("012345"), None);
    // The later statutes replaced the first, the later other document the earlier.
    let kinds: Vec<(DocumentKind, String)> =
        registry.cluster(&a).unwrap().documents().iter().map(|d| (d.kind(), d.file_name().to_owned())).collect();
    assert_eq!(
        kinds,
        [
            (DocumentKind::FoundingMinutes, format!("{CVR_A}-referat.pdf")),
            (DocumentKind::Statutes, "vedtaegter-2021.pdf".to_owned()),
            (DocumentKind::Other, "budget-2022.pdf".to_owned()),
        ]
    );
    // No details; capacities dated by their events.
    let practice = registry.practice(yder("012345")).unwrap();
    assert_eq!((practice.name(), practice.address()), (None, None));
    assert_eq!((practice.capacities_on(day("2020-01-01")).get(), practice.capacities().get()), (1, 3));
    // Written again, it reads back the same.
    assert_eq!(serde_json::from_str::<Registry>(&json(&registry)).unwrap(), registry);
}

/// A coordinator's year, end to end: found the cluster, add members, one leaves and one is
/// excluded, a doctor joins a practice, the statutes are replaced, and the member list is drawn
/// on 31 January for the region and PLO.
#[test]
fn mem_list_a_coordinators_year() {
    let mut registry = Registry::new();
    let cluster = create(
        &mut registry,
        &anne(),
        form(CVR_A, "Klynge Nordfyn", "Anne Hansen", "061654", "2025-02-01"),
        "2025-02-10",
    );
    for (y, capacities) in [("000051", 1), ("000052", 2), ("000053", 1)] {
        registry.apply(&anne(), day("2025-03-01"), add(&cluster, y, capacities)).unwrap();
    }
    let name =
        Command::EditPractice { ydernummer: yder("000051"), change: PracticeChange::Name("Lægehuset Otterup".into()) };
    registry.apply(&Actor::health_professional("Ida Otterup", yder("000051")), day("2025-03-02"), name).unwrap();
    let leave = |y: &str, reason| Command::RemoveMember { cluster: cluster.clone(), ydernummer: yder(y), reason };
    registry.apply(&anne(), day("2025-06-01"), leave("000052", LeaveReason::Left)).unwrap();
    registry.apply(&anne(), day("2025-09-01"), leave("000053", LeaveReason::Excluded)).unwrap();
    let doctor_joins = Command::EditPractice {
        ydernummer: yder("000051"),
        change: PracticeChange::Capacities(Capacities::new(2).unwrap()),
    };
    registry.apply(&anne(), day("2025-10-01"), doctor_joins).unwrap();
    let statutes =
        Command::AttachDocument { cluster: cluster.clone(), document: pdf(DocumentKind::Statutes, "vedtaegter-2025") };
    registry.apply(&anne(), day("2025-11-15"), statutes).unwrap();

    let list = registry.member_list(&cluster, day("2026-01-31")).unwrap();
    assert_eq!(
        list.to_csv(),
        "ydernummer,name,address,email,capacities,joined,left,reason\n\
         061654,,,,2,2025-02-01,,\n\
         000051,Lægehuset Otterup,,,2,2025-03-01,,\n"
    );
    let year = registry.member_list_over(&cluster, day("2025-01-01"), day("2025-12-31")).unwrap();
    let reasons: Vec<Option<EndReason>> = year.rows().iter().map(|r| r.reason).collect();
    assert_eq!(reasons, [None, None, Some(EndReason::Left), Some(EndReason::Excluded)]);
    // The fee was earned with the capacities of the joining day.
    let scenario = Scenario::from_registry(&registry).unwrap();
    assert_eq!(scenario.practices().iter().find(|p| p.ydernummer == yder("000051")).unwrap().capacities.get(), 1);
    // And the whole year replays from its history.
    assert_eq!(Registry::replay(registry.history().to_vec()).unwrap(), registry);
}
