//! Health clusters (SK-*): a composition and an SSU from JSON, validated; every violation is
//! listed, bounded, and nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    if let Ok(cluster) = serde_json::from_str::<klynge::HealthCluster>(text) {
        if let Err(errors) = cluster.validate() {
            assert!(!errors.is_empty());
        }
        let ssu = klynge::Ssu { region: cluster.region, members: cluster.political.clone() };
        let _ = ssu.validate(std::slice::from_ref(&cluster));
    }
    if let Ok((ssu, clusters)) = serde_json::from_str::<(klynge::Ssu, Vec<klynge::HealthCluster>)>(text) {
        let _ = ssu.validate(&clusters);
    }
});
