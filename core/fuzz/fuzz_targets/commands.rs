//! Registry commands one after another (GOV-RIGHTS, GOV-LOG): a refused command leaves the
//! serialised registry byte for byte the same; an accepted one is appended to the history.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    let Ok(events) = serde_json::from_str::<Vec<klynge::Event>>(text) else { return };
    let mut registry = klynge::Registry::new();
    for event in events.into_iter().take(256) {
        let before = serde_json::to_string(&registry).expect("a registry serialises");
        let unchanged = registry.clone();
        let length = registry.history().len();
        match registry.apply(&event.actor, event.date, event.command) {
            Ok(_) => assert_eq!(registry.history().len(), length + 1),
            Err(_) => {
                assert_eq!(serde_json::to_string(&registry).expect("a registry serialises"), before);
                // The dated capacities and details, which are not stored, too.
                assert_eq!(registry, unchanged);
            }
        }
    }
    klynge_fuzz::registry_round_trips(&registry);
});
