//! Health clusters (SK-*): validation of compositions given as JSON (the core's serde form).

use crate::error::KlyngeError;
use klynge::{HealthCluster, Problem, Rule, Ssu};

fn read<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> Result<T, KlyngeError> {
    serde_json::from_str(json).map_err(|e| {
        Problem::new(what, Rule::SkValidate, format!("not a {what}: {e}"), format!("ikke en gyldig {what}: {e}")).into()
    })
}

/// SK-VALIDATE: every violation of a health cluster's composition, or Ok.
#[uniffi::export]
pub fn validate_health_cluster(cluster_json: String) -> Result<(), KlyngeError> {
    read::<HealthCluster>(&cluster_json, "health cluster")?.validate().map_err(KlyngeError::from)
}

/// SK-SSU: every violation of a region's SSU given the region's health clusters, or Ok.
#[uniffi::export]
pub fn validate_ssu(ssu_json: String, clusters_json: String) -> Result<(), KlyngeError> {
    let ssu: Ssu = read(&ssu_json, "SSU")?;
    let clusters: Vec<HealthCluster> = read(&clusters_json, "list of health clusters")?;
    ssu.validate(&clusters).map_err(KlyngeError::from)
}
