//! SW-VARIANTS: how a sweep's variants are written, in JSON and from a host's own values (a
//! Python list of dicts), with one set of checks and messages.
//!
//! ```json
//! [
//!   { "rates": { "2026": "3.75" } },
//!   { "rates": { "2026": "4.00" }, "startup_fee_per_capacity": "12000.00" },
//!   { "clawback_on_transfer": true }
//! ]
//! ```
//!
//! A variant is an object that sets any of `rates` (grant year to rate, as text),
//! `startup_fee_per_capacity` (kroner, as text) and `clawback_on_transfer` (true or false); what
//! it does not set comes from the sweep's base parameters.
//!
//! ```
//! let variants = klynge::grants::Variant::list_from_json(r#"[{"rates": {"2026": "3.75"}}, {}]"#)?;
//! assert_eq!(variants.len(), 2);
//! assert_eq!(klynge::grants::Variant::list_to_json(&variants), r#"[{"rates":{"2026":"3.75"}},{}]"#);
//! let wrong = klynge::grants::Variant::list_from_json(r#"[{"rate": {"2026": "3.75"}}]"#).unwrap_err();
//! assert_eq!(wrong.problems()[0].path, "variants[0].rate");
//! # Ok::<(), klynge::ValidationErrors>(())
//! ```

use serde::Serialize;
use serde_json::{Map, Value};

use super::sweep::Variant;
use crate::money::{Dkk, Rate};
use crate::problem::{Problem, ValidationErrors, quote};
use crate::rule::Rule;

/// The keys a variant may set, in the order they are named.
pub const VARIANT_KEYS: [&str; 3] = ["rates", "startup_fee_per_capacity", "clawback_on_transfer"];

fn problem(path: String, en: &str, da: &str) -> Problem {
    Problem::new(path, Rule::SwVariants, en, da)
}

/// The place of variant `index`'s `key`.
pub fn variant_path(index: usize, key: Option<&str>) -> String {
    match key {
        Some(key) => format!("variants[{index}].{key}"),
        None => format!("variants[{index}]"),
    }
}

/// SW-VARIANTS: the variants are not a list.
pub fn not_a_list() -> Problem {
    problem(
        "variants".into(),
        "the variants are a list of variants, each a mapping of keys to values (a JSON object, a Python dict)",
        "varianterne er en liste af varianter, hver en afbildning af nøgler på værdier (et JSON-objekt, en Python-dict)",
    )
}

/// SW-VARIANTS: variant `index` is not a mapping.
pub fn not_a_mapping(index: usize) -> Problem {
    problem(
        variant_path(index, None),
        "a variant is a mapping of keys to values (a JSON object, a Python dict)",
        "en variant er en afbildning af nøgler på værdier (et JSON-objekt, en Python-dict)",
    )
}

/// SW-VARIANTS: variant `index`'s rates are not a mapping of years to rates.
pub fn rates_not_a_mapping(index: usize) -> Problem {
    problem(
        variant_path(index, Some("rates")),
        "rates map a grant year to a rate",
        "satser afbilder et tilskudsår på en sats",
    )
}

/// SW-VARIANTS: a year of variant `index`'s rates is not a whole number; `described` is how
/// the year is shown (quoted).
pub fn year_not_whole(index: usize, described: &str) -> Problem {
    problem(
        variant_path(index, Some("rates")),
        &format!("a rate's grant year is a whole number, not {described}"),
        &format!("en sats' tilskudsår er et helt tal, ikke {described}"),
    )
}

/// SW-VARIANTS: variant `index`'s `clawback_on_transfer` is not true or false.
pub fn policy_not_bool(index: usize) -> Problem {
    problem(
        variant_path(index, Some("clawback_on_transfer")),
        "clawback_on_transfer is true or false",
        "clawback_on_transfer er true eller false",
    )
}

/// SW-VARIANTS: variant `index` has a key it cannot set; `described` is how the key is shown
/// (quoted), `key` its text where it has one.
pub fn unknown_key(index: usize, described: &str, key: Option<&str>) -> Problem {
    let keys = VARIANT_KEYS.join(", ");
    problem(
        variant_path(index, key),
        &format!("unknown key {described}; a variant sets {keys}"),
        &format!("ukendt nøgle {described}; en variant sætter {keys}"),
    )
}

impl Variant {
    /// SW-VARIANTS: a JSON list of variants, every problem at once with its place
    /// (`variants[3].rates[2026]`).
    pub fn list_from_json(text: &str) -> Result<Vec<Variant>, ValidationErrors> {
        let value: Value = serde_json::from_str(crate::json_text::without_bom(text)).map_err(|e| {
            ValidationErrors::from(problem(
                "variants".into(),
                &format!("the variants are not JSON: {e}"),
                &format!("varianterne er ikke JSON: {e}"),
            ))
        })?;
        let Value::Array(items) = value else { return Err(not_a_list().into()) };
        let mut errors = ValidationErrors::new();
        let mut variants = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            match item {
                Value::Object(keys) => variants.push(Self::from_object(index, keys, &mut errors)),
                _ => errors.push(not_a_mapping(index)),
            }
        }
        errors.into_result(variants)
    }

    fn from_object(index: usize, keys: &Map<String, Value>, errors: &mut ValidationErrors) -> Variant {
        let mut variant = Variant::default();
        for (key, value) in keys {
            let at = variant_path(index, Some(key));
            match (key.as_str(), value) {
                ("rates", Value::Object(rates)) => {
                    for (year, rate) in rates {
                        let Ok(year_number) = year.trim().parse::<i32>() else {
                            errors.push(year_not_whole(index, &quote(year)));
                            continue;
                        };
                        let place = format!("variants[{index}].rates[{year_number}]");
                        match rate.as_str().map(str::parse::<Rate>) {
                            Some(Ok(rate)) => {
                                variant.rates.insert(year_number, rate);
                            }
                            Some(Err(e)) => errors.push(Problem::at(place, &e)),
                            None => errors.push(Problem::new(
                                place,
                                Rule::GrRate,
                                "a rate is written as text, such as \"3.75\" (a JSON number could be a float)",
                                "en sats skrives som tekst, fx \"3.75\" (et JSON-tal kunne være et kommatal)",
                            )),
                        }
                    }
                }
                ("rates", _) => errors.push(rates_not_a_mapping(index)),
                ("startup_fee_per_capacity", fee) => match fee.as_str().map(str::parse::<Dkk>) {
                    Some(Ok(fee)) => variant.startup_fee_per_capacity = Some(fee),
                    Some(Err(e)) => errors.push(Problem::at(at, &e)),
                    None => errors.push(Problem::new(
                        at,
                        Rule::GrStartup,
                        "an amount is written as text, such as \"10000.00\" (a JSON number could be a float)",
                        "et beløb skrives som tekst, fx \"10000.00\" (et JSON-tal kunne være et kommatal)",
                    )),
                },
                ("clawback_on_transfer", Value::Bool(policy)) => variant.clawback_on_transfer = Some(*policy),
                ("clawback_on_transfer", _) => errors.push(policy_not_bool(index)),
                (other, _) => errors.push(unknown_key(index, &quote(other), Some(other))),
            }
        }
        variant
    }

    /// The variants as the JSON [`Variant::list_from_json`] reads (keys a variant does not set
    /// left out).
    pub fn list_to_json(variants: &[Variant]) -> String {
        serde_json::to_string(variants).unwrap_or_default()
    }
}

impl Serialize for Variant {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let set = usize::from(!self.rates.is_empty())
            + usize::from(self.startup_fee_per_capacity.is_some())
            + usize::from(self.clawback_on_transfer.is_some());
        let mut map = serializer.serialize_map(Some(set))?;
        if !self.rates.is_empty() {
            let rates: std::collections::BTreeMap<String, &Rate> =
                self.rates.iter().map(|(year, rate)| (year.to_string(), rate)).collect();
            map.serialize_entry("rates", &rates)?;
        }
        if let Some(fee) = &self.startup_fee_per_capacity {
            map.serialize_entry("startup_fee_per_capacity", fee)?;
        }
        if let Some(policy) = &self.clawback_on_transfer {
            map.serialize_entry("clawback_on_transfer", policy)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Variant {
    /// One variant, checked as [`Variant::list_from_json`] checks each (the first problem is
    /// the error).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let Value::Object(keys) = value else { return Err(serde::de::Error::custom(not_a_mapping(0).message_en)) };
        let mut errors = ValidationErrors::new();
        let variant = Variant::from_object(0, &keys, &mut errors);
        match errors.problems().first() {
            Some(first) => Err(serde::de::Error::custom(&first.message_en)),
            None => Ok(variant),
        }
    }
}
