//! `klynge.Sweep`: one scenario under many parameter variants at once (SW-VARIANTS), the
//! totals per variant, cluster and grant year as a table.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::conversion::{Whole, money, rate};
use crate::exceptions::problem_error;
use crate::table::made;
use klynge::grants::Variant;
use klynge::{Problem, Rule};

/// The variants of a sweep from a list of dicts, checked with the core's SW-VARIANTS checks
/// and messages (the same as for a JSON list of variants).
pub fn variants(given: &Bound<'_, PyAny>) -> PyResult<Vec<Variant>> {
    use klynge::grants::variants as checks;
    let refused = |problem: Problem| problem_error(problem);
    let list = given.cast::<PyList>().map_err(|_| refused(checks::not_a_list()))?;
    let mut variants = Vec::with_capacity(list.len());
    for (index, item) in list.iter().enumerate() {
        let at = |key: &str| checks::variant_path(index, Some(key));
        let dict = item.cast::<PyDict>().map_err(|_| refused(checks::not_a_mapping(index)))?;
        let mut variant = Variant::default();
        for (key, value) in dict.iter() {
            let (described, short) = crate::conversion::dict_key(&key);
            let key: String = key.extract().unwrap_or_default();
            match key.as_str() {
                "rates" => {
                    let rates = value.cast::<PyDict>().map_err(|_| refused(checks::rates_not_a_mapping(index)))?;
                    for (year, value) in rates.iter() {
                        let year: i32 = year.extract().map_err(|_| {
                            refused(checks::year_not_whole(index, &crate::conversion::dict_key(&year).0))
                        })?;
                        variant = variant.with_rate(year, rate(&value, &format!("variants[{index}].rates[{year}]"))?);
                    }
                }
                "startup_fee_per_capacity" => {
                    variant = variant.with_startup_fee_per_capacity(money(&value, &at(&key), Rule::GrStartup)?);
                }
                "clawback_on_transfer" => {
                    let policy: bool = value.extract().map_err(|_| refused(checks::policy_not_bool(index)))?;
                    variant = variant.with_clawback_on_transfer(policy);
                }
                _ => return Err(refused(checks::unknown_key(index, &described, short.as_deref()))),
            }
        }
        variants.push(variant);
    }
    Ok(variants)
}

/// The totals of a sweep: one row per variant, cluster and grant year (`variant`, `cluster`,
/// `grant_year`, `paid`, `repaid`, `net` (pending included), `pending`), as a table for pandas, polars, pyarrow and DuckDB.
#[pyclass(frozen, module = "klynge", name = "Sweep")]
pub struct Sweep(pub klynge::grants::Sweep);

impl crate::table::Tabular for Sweep {
    fn batch(&self, py: Python<'_>) -> PyResult<arrow_array::RecordBatch> {
        let sweep = &self.0;
        made(py.detach(|| sweep.to_record_batch()))
    }

    fn caption(&self) -> String {
        self.__repr__()
    }
}

crate::table::tabular!(Sweep);

#[pymethods]
impl Sweep {
    /// How many variants were swept.
    #[getter]
    fn variants(&self) -> usize {
        self.0.variants()
    }

    /// The grant years swept.
    #[getter]
    fn years(&self) -> (i32, i32) {
        self.0.years()
    }

    /// A variant's net over every cluster and grant year, pending lines included.
    fn net(&self, variant: Whole) -> PyResult<rust_decimal::Decimal> {
        let variant = variant.index(self.0.variants(), "the sweep's variants")?;
        Ok(self.0.net(variant).amount())
    }

    /// docs/formats.md's sweep JSON.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        let (first, last) = self.0.years();
        format!("Sweep(years={first}-{last}, variants={}, rows={})", self.0.variants(), self.0.len())
    }
}
