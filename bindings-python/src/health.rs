//! Health clusters (SK-*): validation of a composition and of a region's SSU, given as dicts
//! shaped like the core's JSON.

use pyo3::prelude::*;

use crate::conversion::json_value;
use crate::exceptions::{problem_error, validation_error};
use klynge::{HealthCluster, Problem, Rule, Ssu};

fn read<T: serde::de::DeserializeOwned>(value: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    serde_json::from_value(json_value(value)?).map_err(|e| {
        problem_error(Problem::new(
            what,
            Rule::SkValidate,
            format!("not a {what}: {e}"),
            format!("ikke en gyldig {what}: {e}"),
        ))
    })
}

/// SK-VALIDATE: raises `ValidationError` with every violation of SK-POLITICAL,
/// SK-PROFESSIONAL and SK-COCHAIR (each problem has `.concerns`); returns None when valid.
#[pyfunction]
pub fn validate_health_cluster(cluster: &Bound<'_, PyAny>) -> PyResult<()> {
    let cluster: HealthCluster = read(cluster, "health cluster")?;
    cluster.validate().map_err(validation_error)
}

/// SK-SSU: raises `ValidationError` with every violation of a region's SSU, given the
/// region's health clusters; returns None when valid.
#[pyfunction]
pub fn validate_ssu(ssu: &Bound<'_, PyAny>, clusters: &Bound<'_, PyAny>) -> PyResult<()> {
    let ssu: Ssu = read(ssu, "SSU")?;
    let clusters: Vec<HealthCluster> = read(clusters, "list of health clusters")?;
    ssu.validate(&clusters).map_err(validation_error)
}
