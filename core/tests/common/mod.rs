//! Fixtures shared by the integration tests: a small registry built through commands.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use chrono::NaiveDate;
use klynge::*;

pub fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn yder(text: &str) -> Ydernummer {
    text.parse().unwrap()
}

pub fn cid(text: &str) -> ClusterId {
    text.parse().unwrap()
}

pub fn pdf(kind: DocumentKind, seed: &str) -> Document {
    Document::from_pdf(kind, &format!("{seed}.pdf"), format!("%PDF-1.7 {seed} {kind}").as_bytes()).unwrap()
}

pub fn form(cvr: &str, name: &str, coordinator: &str, ydernummer: &str, founded: &str) -> RegistrationForm {
    RegistrationForm {
        cvr: cvr.into(),
        name: name.into(),
        coordinator_name: coordinator.into(),
        coordinator_email: "koordinator@example.dk".into(),
        coordinator_phone: "42144638".into(),
        coordinator_ydernummer: ydernummer.into(),
        coordinator_capacities: Some(2),
        municipality: "Nordfyns".into(),
        founded: Some(day(founded)),
        documents: vec![pdf(DocumentKind::FoundingMinutes, cvr), pdf(DocumentKind::Statutes, cvr)],
    }
}

/// Valid CVR numbers for test clusters.
pub const CVR_A: &str = "12345674";
pub const CVR_B: &str = "10000009";

pub fn anne() -> Actor {
    Actor::health_professional("Anne Hansen", yder("061654"))
}

pub fn bent() -> Actor {
    Actor::health_professional("Bent Bo", yder("070000"))
}

pub fn create(registry: &mut Registry, actor: &Actor, form: RegistrationForm, date: &str) -> ClusterId {
    let registration = form.validate().unwrap();
    let id = ClusterId::from(registration.cvr);
    registry.apply(actor, day(date), Command::CreateCluster { registration }).unwrap();
    id
}

pub fn add(cluster: &ClusterId, ydernummer: &str, capacities: i64) -> Command {
    Command::AddMember {
        cluster: cluster.clone(),
        ydernummer: yder(ydernummer),
        email: None,
        capacities: Some(Capacities::new(capacities).unwrap()),
    }
}

/// Two clusters: A (Anne, 061654, founded 2018-09-15) and B (Bent, 070000, founded 2019-01-01).
pub fn two_clusters() -> (Registry, ClusterId, ClusterId) {
    let mut registry = Registry::new();
    let a =
        create(&mut registry, &anne(), form(CVR_A, "Klynge A", "Anne Hansen", "061654", "2018-09-15"), "2018-10-01");
    let b = create(&mut registry, &bent(), form(CVR_B, "Klynge B", "Bent Bo", "070000", "2019-01-01"), "2019-01-05");
    (registry, a, b)
}

pub fn json(registry: &Registry) -> String {
    serde_json::to_string(registry).unwrap()
}
