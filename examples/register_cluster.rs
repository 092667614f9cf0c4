//! A coordinator registers a cluster: the form's errors (every field at once, in Danish), the
//! registration itself, a member with a confirmation mail, a refused action, the completion
//! checklist, and the completion. The people are made up.
//!
//! ```text
//! cargo run --example register_cluster
//! ```

use chrono::NaiveDate;
use klynge::{
    Actor, Capacities, Command, Document, DocumentKind, Explain, LeaveReason, PracticeChange, RegistrationForm,
    Registry, ValidationErrors, Ydernummer,
};

const USAGE: &str = "usage: register_cluster [--help]

Walks a coordinator through registering a cluster: the form's errors (every field at once),
the registration, a member with a confirmation mail, a refused action, the completion
checklist and the completion. Takes no options; the people are made up.";

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap_or(NaiveDate::MIN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    klynge_examples::no_options("register_cluster", USAGE);
    // A first attempt, typed in a hurry: every problem comes back at once.
    let mut form = RegistrationForm {
        cvr: "DK 1234 5678".into(),
        name: "Klynge Nordfyn".into(),
        coordinator_name: "Anne Hansen".into(),
        coordinator_email: "anne@".into(),
        coordinator_phone: "42 14 46 38".into(),
        coordinator_ydernummer: "61654".into(),
        coordinator_capacities: Some(2),
        municipality: "Nordfyn Kommune".into(),
        founded: Some(day("2018-09-15")),
        documents: vec![],
    };
    if let Err(problems) = form.validate() {
        print_problems(&problems);
    }

    // Corrected, with the founding minutes and the statutes attached (REG-DOCS, REG-PDF).
    form.cvr = "DK 1234 5674".into();
    form.coordinator_email = "anne@klinik-nordfyn.dk".into();
    form.municipality = "Nordfyns Kommune".into();
    form.documents = vec![
        Document::from_pdf(DocumentKind::FoundingMinutes, "referat.pdf", b"%PDF-1.7 referat")?,
        Document::from_pdf(DocumentKind::Statutes, "vedtaegter.pdf", b"%PDF-1.7 vedtaegter")?,
    ];
    let registration = form.validate()?;

    let anne = Actor::health_professional("Anne Hansen", "061654".parse()?);
    let mut registry = Registry::new();
    registry.apply(&anne, day("2018-10-01"), Command::CreateCluster { registration })?;
    let cluster = "12345674".parse()?;
    klynge_examples::say!(
        "\nregistered cluster {cluster}; members: {:?}",
        registry.members_on(&cluster, day("2018-10-01")).collect::<Vec<_>>()
    );

    // A member, with a confirmation mail for the app to send (MEM-ADD).
    let added = registry.apply(
        &anne,
        day("2018-10-01"),
        Command::AddMember {
            cluster: cluster.clone(),
            ydernummer: "012345".parse()?,
            email: Some("praksis@example.dk".parse()?),
            capacities: Some(Capacities::new(3)?),
        },
    )?;
    if let Some(mail) = added.confirmation {
        klynge_examples::say!("send to {}: {}\n{}", mail.to, mail.subject_da(), mail.body_da());
    }

    // Someone without rights tries to declare completion (GOV-RIGHTS): refused, nothing changes.
    let stranger = Actor::health_professional("Bo Berg", "070000".parse()?);
    if let Err(refused) = registry.apply(&stranger, day("2019-01-20"), Command::Complete { cluster: cluster.clone() }) {
        klynge_examples::say!(
            "\nrefused [{}]: {}\n         {}",
            refused.rule(),
            refused.message_en(),
            refused.message_da()
        );
    }

    // What is missing? Nothing blocks; the size only warns (CMP-READY).
    let checklist = registry.checklist(&cluster, day("2019-01-20"))?;
    klynge_examples::say!("\nready to complete: {}", checklist.is_ready());
    for warning in &checklist.warnings {
        klynge_examples::say!("  warning [{}] {}", warning.rule(), warning.message_da());
    }
    registry.apply(&anne, day("2019-01-20"), Command::Complete { cluster: cluster.clone() })?;
    klynge_examples::say!(
        "completed on {:?}; {} events in the history",
        registry.cluster(&cluster).and_then(|c| c.completed()),
        registry.history().len()
    );

    // The year after: a second practice joins and is excluded, a doctor joins the first
    // (MEM-CAPACITY: its startup fee keeps the 3 capacities it joined with), its name is
    // recorded (MEM-DETAILS), the statutes are replaced (REG-DOCS-CHANGE), and on 31 January the
    // member list goes to the region and PLO (MEM-LIST).
    let second = Command::AddMember {
        cluster: cluster.clone(),
        ydernummer: "023456".parse()?,
        email: None,
        capacities: Some(Capacities::new(1)?),
    };
    registry.apply(&anne, day("2019-03-01"), second)?;
    let excluded = Command::RemoveMember {
        cluster: cluster.clone(),
        ydernummer: "023456".parse()?,
        reason: LeaveReason::Excluded,
    };
    registry.apply(&anne, day("2019-09-01"), excluded)?;
    let first: Ydernummer = "012345".parse()?;
    let doctor_joins = PracticeChange::Capacities(Capacities::new(4)?);
    registry.apply(&anne, day("2019-06-01"), Command::EditPractice { ydernummer: first, change: doctor_joins })?;
    let name = PracticeChange::Name("Lægehuset Otterup".into());
    registry.apply(&anne, day("2019-06-01"), Command::EditPractice { ydernummer: first, change: name })?;
    let statutes = Document::from_pdf(DocumentKind::Statutes, "vedtaegter-2019.pdf", b"%PDF-1.7 vedtaegter 2019")?;
    registry.apply(
        &anne,
        day("2019-11-20"),
        Command::AttachDocument { cluster: cluster.clone(), document: statutes },
    )?;
    klynge_examples::say!(
        "
the member list of 2019 (MEM-LIST):"
    );
    klynge_examples::say!("{}", registry.member_list_over(&cluster, day("2019-01-01"), day("2019-12-31"))?.to_csv());
    klynge_examples::say!("the member list on 31 January 2020:");
    klynge_examples::say!("{}", registry.member_list(&cluster, day("2020-01-31"))?.to_csv());
    Ok(())
}

fn print_problems(problems: &ValidationErrors) {
    klynge_examples::say!("the form has {} problem(s):", problems.problems().len());
    for p in problems.problems() {
        klynge_examples::say!("  {:<24} [{}] {}", p.path, p.rule, p.message_da);
    }
}
