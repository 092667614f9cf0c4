//! Tests of the health clusters' rules (SK-*), with a composition to the rules and one
//! seat changed at a time.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;

fn m(name: &str) -> Municipality {
    name.parse().unwrap()
}

fn northern() -> HealthCluster {
    let towns = ["Hjørring", "Brønderslev", "Frederikshavn", "Læsø"];
    let mut political = vec![
        Seat::new("Rita Region", SeatKind::RegionalCouncilChair),
        Seat::new("Rolf Rådsmedlem", SeatKind::RegionalCouncilMember),
    ];
    political
        .extend(towns.iter().map(|t| Seat::new(&format!("Borgmester {t}"), SeatKind::Mayor { municipality: m(t) })));
    let mut professional = vec![
        Seat::new("Sygehus A", SeatKind::RegionRepresentative { psychiatry: false }),
        Seat::new("Sygehus B", SeatKind::RegionRepresentative { psychiatry: false }),
        Seat::new("Psykiatri C", SeatKind::RegionRepresentative { psychiatry: true }),
        Seat::new("Læge 1", SeatKind::GeneralPractice),
        Seat::new("Læge 2", SeatKind::GeneralPractice),
        Seat::new("Patient 1", SeatKind::PatientRepresentative),
        Seat::new("Patient 2", SeatKind::PatientRepresentative),
    ];
    professional.extend(
        towns
            .iter()
            .map(|t| Seat::new(&format!("Direktør {t}"), SeatKind::MunicipalityRepresentative { municipality: m(t) })),
    );
    HealthCluster {
        name: "Sundhedsklynge Nord".into(),
        region: Region::Nordjylland,
        municipalities: towns.iter().map(|t| m(t)).collect(),
        political,
        professional,
        co_chairs: CoChairs { regional: Some("Rita Region".into()), municipal: Some("Borgmester Hjørring".into()) },
    }
}

#[test]
fn sk_validate_a_composition_to_the_rules_is_valid() {
    assert_eq!(northern().validate(), Ok(()));
}

#[test]
fn sk_political_each_municipality_needs_exactly_one_mayor_or_deputy() {
    let mut c = northern();
    c.political.retain(|s| s.kind != SeatKind::Mayor { municipality: m("Læsø") });
    c.political.push(Seat::new("Rådmand Læsø", SeatKind::DeputyMayor { municipality: m("Læsø") }));
    assert_eq!(c.validate(), Ok(()), "a deputy may sit in the mayor's stead");
    c.political.push(Seat::new("Borgmester Læsø", SeatKind::Mayor { municipality: m("Læsø") }));
    let v = c.validate().unwrap_err().all();
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].rule, v[0].concerns.as_deref().unwrap_or_default()), (Rule::SkPolitical, "Læsø"));
    assert!(v[0].message_da.contains("Læsø"));
}

#[test]
fn sk_political_extra_members_may_be_added_but_not_mayors_of_other_municipalities() {
    let mut c = northern();
    c.political.push(Seat::new("Ekstra", SeatKind::Extra));
    assert_eq!(c.validate(), Ok(()));
    c.political.push(Seat::new("Borgmester Aalborg", SeatKind::Mayor { municipality: m("Aalborg") }));
    let v = c.validate().unwrap_err().all();
    assert_eq!((v[0].rule, v[0].path.as_str()), (Rule::SkPolitical, "political[7]"));
}

#[test]
fn sk_professional_needs_a_psychiatry_representative() {
    let mut c = northern();
    c.professional[2].kind = SeatKind::RegionRepresentative { psychiatry: false };
    let v = c.validate().unwrap_err().all();
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].rule, v[0].concerns.as_deref().unwrap_or_default()), (Rule::SkProfessional, "psychiatry"));
}

#[test]
fn sk_cochair_municipal_co_chair_is_a_mayor_and_regional_one_from_the_council() {
    let mut c = northern();
    c.co_chairs.municipal = Some("Læge 1".into());
    c.co_chairs.regional = None;
    let v = c.validate().unwrap_err().all();
    let rules: Vec<(&str, Rule)> = v.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(rules, vec![("co_chairs.regional", Rule::SkCochair), ("co_chairs.municipal", Rule::SkCochair)]);
}

#[test]
fn sk_validate_municipalities_lie_in_the_region_and_several_clusters_may_share_one() {
    let mut c = northern();
    c.municipalities.push(m("Odense"));
    let v = c.validate().unwrap_err().all();
    assert!(v.iter().any(|v| v.rule == Rule::SkValidate && v.concerns.as_deref() == Some("Odense")));
    // København in two clusters is fine: each cluster validates on its own.
    let kbh = |name: &str| HealthCluster {
        name: name.into(),
        region: Region::Hovedstaden,
        municipalities: vec![m("København")],
        ..northern()
    };
    assert!(kbh("A").validate().unwrap_err().all().iter().all(|v| v.rule != Rule::SkValidate));
    assert!(kbh("B").validate().unwrap_err().all().iter().all(|v| v.rule != Rule::SkValidate));
}

#[test]
fn sk_ssu_the_chair_two_members_and_each_clusters_municipal_co_chair() {
    let cluster = northern();
    let ssu = Ssu {
        region: Region::Nordjylland,
        members: vec![
            Seat::new("Rita Region", SeatKind::RegionalCouncilChair),
            Seat::new("Rolf Rådsmedlem", SeatKind::RegionalCouncilMember),
            Seat::new("Randi Rådsmedlem", SeatKind::RegionalCouncilMember),
            Seat::new("Borgmester Hjørring", SeatKind::Mayor { municipality: m("Hjørring") }),
        ],
    };
    assert_eq!(ssu.validate(std::slice::from_ref(&cluster)), Ok(()));
    let mut wrong = ssu.clone();
    wrong.members[3] = Seat::new("Borgmester Læsø", SeatKind::Mayor { municipality: m("Læsø") });
    wrong.members.remove(2);
    let v = wrong.validate(std::slice::from_ref(&cluster)).unwrap_err().all();
    let found: Vec<(Rule, &str)> = v.iter().map(|v| (v.rule, v.concerns.as_deref().unwrap_or_default())).collect();
    assert_eq!(
        found,
        vec![
            (Rule::SkSsu, "regional council member"),
            (Rule::SkSsu, "Borgmester Hjørring"),
            (Rule::SkSsu, "Borgmester Læsø"),
        ]
    );
}

#[test]
fn sk_validate_round_trips_through_json() {
    let c = northern();
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains(r#""kind":"mayor","municipality":"860""#), "{json}");
    assert_eq!(serde_json::from_str::<HealthCluster>(&json).unwrap(), c);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A composition built to the rules: region, 1..5 of its municipalities, 1..3 regional
    /// council members, a mayor or deputy per municipality (the first always a mayor, the
    /// municipal co-chair), 0..3 extras, and the professional level as SK-PROFESSIONAL says.
    fn valid() -> impl Strategy<Value = HealthCluster> {
        (0usize..5, proptest::collection::vec(any::<bool>(), 1..6), 1usize..4, 0usize..3, 1usize..4, any::<bool>())
            .prop_map(|(r, deputies, members, extras, psychiatry, chair_is_co_chair)| {
                let region = Region::ALL[r];
                let towns: Vec<Municipality> = region.municipalities().take(deputies.len()).collect();
                let mut political = vec![Seat::new("Chair", SeatKind::RegionalCouncilChair)];
                political
                    .extend((0..members).map(|i| Seat::new(&format!("Member {i}"), SeatKind::RegionalCouncilMember)));
                for (i, (town, deputy)) in towns.iter().zip(&deputies).enumerate() {
                    let kind = if *deputy && i > 0 {
                        SeatKind::DeputyMayor { municipality: *town }
                    } else {
                        SeatKind::Mayor { municipality: *town }
                    };
                    political.push(Seat::new(&format!("Politician {}", town.code()), kind));
                }
                political.extend((0..extras).map(|i| Seat::new(&format!("Extra {i}"), SeatKind::Extra)));
                let mut professional: Vec<Seat> = (0..3)
                    .map(|i| {
                        Seat::new(&format!("Region {i}"), SeatKind::RegionRepresentative { psychiatry: i < psychiatry })
                    })
                    .collect();
                professional.extend(towns.iter().map(|t| {
                    Seat::new(
                        &format!("Official {}", t.code()),
                        SeatKind::MunicipalityRepresentative { municipality: *t },
                    )
                }));
                professional.extend((0..2).map(|i| Seat::new(&format!("GP {i}"), SeatKind::GeneralPractice)));
                professional
                    .extend((0..2).map(|i| Seat::new(&format!("Patient {i}"), SeatKind::PatientRepresentative)));
                let municipal = towns.first().map(|t| format!("Politician {}", t.code()));
                let regional = Some(if chair_is_co_chair { "Chair".to_owned() } else { "Member 0".to_owned() });
                HealthCluster {
                    name: format!("Klynge {}", region.name()),
                    region,
                    municipalities: towns,
                    political,
                    professional,
                    co_chairs: CoChairs { regional, municipal },
                }
            })
    }

    fn found(c: &HealthCluster) -> Vec<(Rule, String)> {
        let mut v: Vec<(Rule, String)> = match c.validate() {
            Ok(()) => Vec::new(),
            Err(v) => v.all().into_iter().map(|v| (v.rule, v.concerns.unwrap_or_default())).collect(),
        };
        v.sort();
        v
    }

    fn sorted(mut v: Vec<(Rule, String)>) -> Vec<(Rule, String)> {
        v.sort();
        v
    }

    proptest! {
        #[test]
        fn sk_validate_a_composition_built_to_the_rules_validates(c in valid()) {
            prop_assert_eq!(c.validate(), Ok(()));
        }

        #[test]
        fn sk_political_removing_one_seat_gives_exactly_the_expected_violation(c in valid(), pick in any::<prop::sample::Index>()) {
            let i = pick.index(c.political.len());
            let seat = c.political[i].clone();
            let mut without = c.clone();
            without.political.remove(i);
            let co_chair = |name: &Option<String>| name.as_deref() == Some(seat.holder.as_str());
            let mut expected = Vec::new();
            match seat.kind {
                SeatKind::RegionalCouncilChair => expected.push((Rule::SkPolitical, seat.kind.name_en())),
                SeatKind::RegionalCouncilMember
                    if !without.political.iter().any(|s| s.kind == SeatKind::RegionalCouncilMember) =>
                {
                    expected.push((Rule::SkPolitical, seat.kind.name_en()));
                }
                SeatKind::Mayor { municipality } | SeatKind::DeputyMayor { municipality } => {
                    expected.push((Rule::SkPolitical, municipality.name().to_owned()));
                }
                _ => {}
            }
            if co_chair(&c.co_chairs.regional) || co_chair(&c.co_chairs.municipal) {
                expected.push((Rule::SkCochair, seat.holder.clone()));
            }
            prop_assert_eq!(found(&without), sorted(expected));
        }

        #[test]
        fn sk_professional_removing_one_seat_gives_exactly_the_expected_violation(c in valid(), pick in any::<prop::sample::Index>()) {
            let i = pick.index(c.professional.len());
            let seat = c.professional[i].clone();
            let mut without = c.clone();
            without.professional.remove(i);
            let mut expected = Vec::new();
            match seat.kind {
                SeatKind::RegionRepresentative { psychiatry } => {
                    expected.push((Rule::SkProfessional, "region/hospital representative".to_owned()));
                    let left = without.professional.iter().any(|s| s.kind == SeatKind::RegionRepresentative { psychiatry: true });
                    if psychiatry && !left {
                        expected.push((Rule::SkProfessional, "psychiatry".to_owned()));
                    }
                }
                kind => expected.push((Rule::SkProfessional, kind.name_en())),
            }
            prop_assert_eq!(found(&without), sorted(expected));
        }

        #[test]
        fn sk_validate_adding_one_required_seat_gives_exactly_the_expected_violation(c in valid(), pick in any::<prop::sample::Index>()) {
            let required: Vec<(bool, SeatKind)> = c.political.iter().map(|s| (true, s.kind))
                .chain(c.professional.iter().map(|s| (false, s.kind)))
                .filter(|(_, k)| !matches!(k, SeatKind::RegionalCouncilMember | SeatKind::Extra))
                .collect();
            let (political, kind) = required[pick.index(required.len())];
            let mut with = c.clone();
            let extra = Seat::new("Newcomer", kind);
            let expected = match kind {
                SeatKind::Mayor { municipality } | SeatKind::DeputyMayor { municipality } => (Rule::SkPolitical, municipality.name().to_owned()),
                SeatKind::RegionRepresentative { .. } => (Rule::SkProfessional, "region/hospital representative".to_owned()),
                kind if political => (Rule::SkPolitical, kind.name_en()),
                kind => (Rule::SkProfessional, kind.name_en()),
            };
            if political { with.political.push(extra) } else { with.professional.push(extra) }
            prop_assert_eq!(found(&with), vec![expected]);
        }
    }
}
