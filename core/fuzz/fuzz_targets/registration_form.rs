//! The registration form (REG-FIELDS, REG-DOCS, ID-*): a form as typed validates or lists its
//! problems; a valid one creates a cluster for its own coordinator.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    let Ok(form) = serde_json::from_str::<klynge::RegistrationForm>(text) else { return };
    match form.validate() {
        Ok(registration) => {
            let Some(ydernummer) = registration.coordinator.ydernummer else { return };
            let actor = klynge::Actor::health_professional(&registration.coordinator.name, ydernummer);
            let mut registry = klynge::Registry::new();
            let date = registration.founded;
            let _ = registry.apply(&actor, date, klynge::Command::CreateCluster { registration });
            klynge_fuzz::registry_round_trips(&registry);
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
});
