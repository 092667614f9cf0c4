//! A health cluster (*sundhedsklynge*, docs/rules.md section 7): Region Nordjylland's northern
//! cluster — Hjørring, Brønderslev, Frederikshavn and Læsø — with its two levels and co-chairs,
//! the region's health cooperation committee (SSU), and what validation says about a correct
//! and a faulty composition. The people are made up.
//!
//! ```text
//! cargo run --example health_cluster
//! ```

use klynge::{CoChairs, HealthCluster, Municipality, Region, Seat, SeatKind, Ssu};

const USAGE: &str = "usage: health_cluster [--help]

Shows a health cluster (sundhedsklynge) of Region Nordjylland composed to the rules, what
validation says about a faulty composition (SK-POLITICAL, SK-PROFESSIONAL, SK-COCHAIR), and
the region's health cooperation committee (SK-SSU). Takes no options; the people are made up.";

fn town(name: &str) -> Municipality {
    name.parse().unwrap_or_else(|e| panic!("{name} is one of the 98 municipalities: {e}"))
}

/// A health cluster composed to the rules (SK-POLITICAL, SK-PROFESSIONAL, SK-COCHAIR), with
/// the mayor of the first municipality as municipal co-chair.
fn cluster(name: &str, towns: &[&str], mayors: &[&str]) -> HealthCluster {
    let municipalities: Vec<Municipality> = towns.iter().map(|t| town(t)).collect();
    let mut political = vec![
        Seat::new("Ulla Regionsformand", SeatKind::RegionalCouncilChair),
        Seat::new(&format!("Rådsmedlem for {name}"), SeatKind::RegionalCouncilMember),
    ];
    political.extend(
        municipalities.iter().zip(mayors).map(|(m, mayor)| Seat::new(mayor, SeatKind::Mayor { municipality: *m })),
    );
    let mut professional = vec![
        Seat::new("Direktør, Regionshospital", SeatKind::RegionRepresentative { psychiatry: false }),
        Seat::new("Cheflæge, Regionshospital", SeatKind::RegionRepresentative { psychiatry: false }),
        Seat::new("Direktør, Psykiatrien", SeatKind::RegionRepresentative { psychiatry: true }),
        Seat::new("Praktiserende læge A", SeatKind::GeneralPractice),
        Seat::new("Praktiserende læge B", SeatKind::GeneralPractice),
        Seat::new("Danske Patienter", SeatKind::PatientRepresentative),
        Seat::new("Pårørendeforeningen", SeatKind::PatientRepresentative),
    ];
    professional.extend(municipalities.iter().map(|m| {
        Seat::new(&format!("Sundhedsdirektør, {}", m.name()), SeatKind::MunicipalityRepresentative { municipality: *m })
    }));
    HealthCluster {
        name: name.to_owned(),
        region: Region::Nordjylland,
        municipalities,
        political,
        professional,
        co_chairs: CoChairs {
            regional: Some("Ulla Regionsformand".into()),
            municipal: mayors.first().map(|m| (*m).to_owned()),
        },
    }
}

fn report(title: &str, result: Result<(), klynge::ValidationErrors>) {
    match result {
        Ok(()) => klynge_examples::say!("{title}: valid"),
        Err(violations) => {
            klynge_examples::say!("{title}: {} violation(s)", violations.len());
            for v in violations.all() {
                let concerns = v.concerns.as_deref().unwrap_or("the cluster");
                klynge_examples::say!("  [{}] {} — {} (concerns: {concerns})", v.rule, v.path, v.message_en);
                klynge_examples::say!("         {}", v.message_da);
            }
        }
    }
}

fn main() {
    klynge_examples::no_options("health_cluster", USAGE);
    let north = cluster(
        "Sundhedsklynge Nord",
        &["Hjørring", "Brønderslev", "Frederikshavn", "Læsø"],
        &["Borgmester Hjørring", "Borgmester Brønderslev", "Borgmester Frederikshavn", "Borgmester Læsø"],
    );
    let others = [
        cluster("Sundhedsklynge Aalborg", &["Aalborg", "Jammerbugt"], &["Borgmester Aalborg", "Borgmester Jammerbugt"]),
        cluster(
            "Sundhedsklynge Himmerland",
            &["Mariagerfjord", "Vesthimmerland", "Rebild"],
            &["Borgmester Mariagerfjord", "Borgmester Vesthimmerland", "Borgmester Rebild"],
        ),
        cluster("Sundhedsklynge Thy-Mors", &["Thisted", "Morsø"], &["Borgmester Thisted", "Borgmester Morsø"]),
    ];

    klynge_examples::say!(
        "{} ({}): {}",
        north.name,
        north.region,
        north.municipalities.iter().map(|m| m.name()).collect::<Vec<_>>().join(", ")
    );
    klynge_examples::say!(
        "  political level: {} seats; professional level: {} seats",
        north.political.len(),
        north.professional.len()
    );
    klynge_examples::say!(
        "  co-chairs: {:?} (region), {:?} (municipalities)\n",
        north.co_chairs.regional,
        north.co_chairs.municipal
    );
    report("The northern cluster as composed", north.validate());

    // A faulty composition: Læsø's mayor is missing, psychiatry is not represented, a third
    // general-practice seat was added, and the municipal co-chair is not a mayor.
    let mut faulty = north.clone();
    faulty.political.retain(|s| s.kind != SeatKind::Mayor { municipality: town("Læsø") });
    faulty.professional[2].kind = SeatKind::RegionRepresentative { psychiatry: false };
    faulty.professional.push(Seat::new("Praktiserende læge C", SeatKind::GeneralPractice));
    faulty.co_chairs.municipal = Some("Praktiserende læge A".into());
    klynge_examples::say!();
    report("A faulty composition", faulty.validate());

    // The region's SSU: the chair, two more council members, and each cluster's municipal co-chair.
    let all: Vec<HealthCluster> = std::iter::once(north.clone()).chain(others).collect();
    let mut ssu = Ssu {
        region: Region::Nordjylland,
        members: vec![
            Seat::new("Ulla Regionsformand", SeatKind::RegionalCouncilChair),
            Seat::new("Rådsmedlem for Sundhedsklynge Nord", SeatKind::RegionalCouncilMember),
            Seat::new("Rådsmedlem for Sundhedsklynge Aalborg", SeatKind::RegionalCouncilMember),
        ],
    };
    ssu.members.extend(all.iter().filter_map(|c| c.municipal_co_chair_seat().cloned()));
    klynge_examples::say!();
    report("Region Nordjylland's SSU", ssu.validate(&all));
    let mut short = ssu.clone();
    short.members.retain(|s| s.holder != "Borgmester Thisted");
    report("The SSU without Thy-Mors' co-chair", short.validate(&all));
}
