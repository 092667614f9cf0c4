//! ID-KOMMUNE: the 98 Danish municipalities and the 5 regions.
//!
//! The table is compiled in (`geography_data.rs`, generated from `core/data/municipalities.csv`).
//! Look a municipality up by its 3-digit code or by name; names match case-insensitively and
//! regardless of `aa`/`å`, `ae`/`æ`, `oe`/`ø`, hyphens and a trailing "Kommune", so `Aarhus`,
//! `Århus`, `Høje-Taastrup` and `hoeje taastrup kommune` all find their municipality.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::problem::{Explain, quote};
use crate::rule::Rule;

#[path = "geography_data.rs"]
mod data;

/// A text is not a municipality or region.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GeographyError {
    /// ID-KOMMUNE: no municipality has this code or name (quoted, at most a short prefix).
    #[error("no Danish municipality has the code or name {0}")]
    UnknownMunicipality(String),
    /// ID-KOMMUNE: no region has this code or name (quoted, at most a short prefix).
    #[error("no Danish region has the code or name {0}")]
    UnknownRegion(String),
    /// ID-KOMMUNE: where a scenario names a municipality, it gives its 3-digit code (quoted, at
    /// most a short prefix).
    #[error("{0} is not a 3-digit municipality code")]
    NotACode(String),
}

impl Explain for GeographyError {
    fn rule(&self) -> Rule {
        Rule::IdKommune
    }

    fn message_en(&self) -> String {
        self.to_string()
    }

    fn message_da(&self) -> String {
        match self {
            GeographyError::UnknownMunicipality(text) => format!("ingen dansk kommune har koden eller navnet {text}"),
            GeographyError::UnknownRegion(text) => format!("ingen dansk region har koden eller navnet {text}"),
            GeographyError::NotACode(text) => format!("{text} er ikke en 3-cifret kommunekode"),
        }
    }
}

/// Folds a place name for comparison: lower case, `å`/`æ`/`ø` spelled out, hyphens as spaces,
/// no trailing "kommune".
fn fold(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut folded = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'å' => folded.push_str("aa"),
            'æ' => folded.push_str("ae"),
            'ø' => folded.push_str("oe"),
            '-' | '_' => folded.push(' '),
            c => folded.push(c),
        }
    }
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = match words.split_last() {
        Some((&"kommune", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

/// One of the 5 Danish regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    /// Region Nordjylland (1081).
    Nordjylland,
    /// Region Midtjylland (1082).
    Midtjylland,
    /// Region Syddanmark (1083).
    Syddanmark,
    /// Region Hovedstaden (1084).
    Hovedstaden,
    /// Region Sjælland (1085).
    Sjaelland,
}

impl Region {
    /// The five regions, by code.
    pub const ALL: [Region; 5] =
        [Region::Nordjylland, Region::Midtjylland, Region::Syddanmark, Region::Hovedstaden, Region::Sjaelland];

    /// The 4-digit region code, 1081 to 1085.
    pub fn code(self) -> u16 {
        match self {
            Region::Nordjylland => 1081,
            Region::Midtjylland => 1082,
            Region::Syddanmark => 1083,
            Region::Hovedstaden => 1084,
            Region::Sjaelland => 1085,
        }
    }

    /// The official name, e.g. `"Region Sjælland"`.
    pub fn name(self) -> &'static str {
        match self {
            Region::Nordjylland => "Region Nordjylland",
            Region::Midtjylland => "Region Midtjylland",
            Region::Syddanmark => "Region Syddanmark",
            Region::Hovedstaden => "Region Hovedstaden",
            Region::Sjaelland => "Region Sjælland",
        }
    }

    /// The ISO 3166-2 code, e.g. `"DK-85"`.
    pub fn iso_3166_2(self) -> &'static str {
        match self {
            Region::Nordjylland => "DK-81",
            Region::Midtjylland => "DK-82",
            Region::Syddanmark => "DK-83",
            Region::Hovedstaden => "DK-84",
            Region::Sjaelland => "DK-85",
        }
    }

    /// The municipalities of this region, by code.
    pub fn municipalities(self) -> impl Iterator<Item = Municipality> {
        Municipality::all().filter(move |m| m.region() == self)
    }
}

impl FromStr for Region {
    type Err = GeographyError;

    /// A region by code (`"1085"`), ISO code (`"DK-85"`) or name (`"Region Sjælland"`, `"sjaelland"`).
    fn from_str(s: &str) -> Result<Self, GeographyError> {
        let text = s.trim();
        let folded = fold(text);
        Region::ALL
            .into_iter()
            .find(|r| {
                text == r.code().to_string()
                    || text.eq_ignore_ascii_case(r.iso_3166_2())
                    || folded == fold(r.name())
                    || Some(folded.as_str()) == fold(r.name()).strip_prefix("region ")
            })
            .ok_or_else(|| GeographyError::UnknownRegion(quote(s)))
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Region {
    /// As the 4-digit region code.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|e: GeographyError| serde::de::Error::custom(format_args!("[{}] {e}", e.rule())))
    }
}

/// One of the 98 Danish municipalities (ID-KOMMUNE).
///
/// ```
/// use klynge::{Municipality, Region};
/// let aarhus: Municipality = "Århus".parse()?;
/// assert_eq!(aarhus.code(), 751);
/// assert_eq!(aarhus.name(), "Aarhus");
/// assert_eq!(aarhus.region(), Region::Midtjylland);
/// assert_eq!("751".parse::<Municipality>()?, aarhus);
/// # Ok::<(), klynge::GeographyError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Municipality(&'static (u16, &'static str, Region));

impl Municipality {
    /// All 98 municipalities, by code.
    pub fn all() -> impl Iterator<Item = Municipality> {
        data::MUNICIPALITIES.iter().map(Municipality)
    }

    fn entry(self) -> (u16, &'static str, Region) {
        *self.0
    }

    /// The municipality with this 3-digit code.
    pub fn from_code(code: u16) -> Result<Self, GeographyError> {
        Municipality::all()
            .find(|m| m.code() == code)
            .ok_or_else(|| GeographyError::UnknownMunicipality(quote(&format!("{code:03}"))))
    }

    /// The 3-digit municipality code, e.g. 461 for Odense.
    pub fn code(self) -> u16 {
        self.entry().0
    }

    /// The name as the official table writes it, e.g. `"Høje-Taastrup"`.
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    /// The region the municipality belongs to.
    pub fn region(self) -> Region {
        self.entry().2
    }
}

impl FromStr for Municipality {
    type Err = GeographyError;

    /// By 3-digit code (`"461"`) or by name (`"Odense"`, `"odense kommune"`). A name is also
    /// found in the genitive that "… Kommune" takes or without it, when the table has the
    /// other form: "Nordfyn" and "Nordfyns Kommune" for the table's "Nordfyns", "Københavns
    /// Kommune" for "København".
    fn from_str(s: &str) -> Result<Self, GeographyError> {
        let text = s.trim();
        if !text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()) {
            let code = text.bytes().fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'));
            return Municipality::from_code(code).map_err(|_| GeographyError::UnknownMunicipality(quote(s)));
        }
        let folded = fold(text);
        let genitive = format!("{folded}s");
        let stem = folded.strip_suffix('s').unwrap_or(&folded);
        Municipality::all()
            .find(|m| fold(m.name()) == folded)
            .or_else(|| Municipality::all().find(|m| fold(m.name()) == genitive || fold(m.name()) == stem))
            .ok_or_else(|| GeographyError::UnknownMunicipality(quote(s)))
    }
}

impl fmt::Display for Municipality {
    /// The name; [`Municipality::code`] gives the code that serde writes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for Municipality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Municipality({} {})", self.code(), self.name())
    }
}

impl Serialize for Municipality {
    /// As the 3-digit code, as docs/formats.md writes it.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Municipality {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|e: GeographyError| serde::de::Error::custom(format_args!("[{}] {e}", e.rule())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_kommune_table_matches_the_csv() {
        let csv = include_str!("../data/municipalities.csv");
        let mut rows = 0;
        for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let fields: Vec<&str> = line.split(',').collect();
            let m = Municipality::from_code(fields[0].parse().unwrap()).unwrap();
            assert_eq!(m.name(), fields[1]);
            assert_eq!(m.region().code().to_string(), fields[2]);
            assert_eq!(m.region().name(), fields[3]);
            rows += 1;
        }
        assert_eq!(rows, 98);
        assert_eq!(Municipality::all().count(), 98);
    }

    #[test]
    fn id_kommune_regions_match_the_csv() {
        let csv = include_str!("../data/regions.csv");
        for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let fields: Vec<&str> = line.split(',').collect();
            let region: Region = fields[0].parse().unwrap();
            assert_eq!(region.name(), fields[1]);
            assert_eq!(region.iso_3166_2(), fields[2]);
        }
        assert_eq!(Region::ALL.iter().map(|r| r.municipalities().count()).sum::<usize>(), 98);
    }

    #[test]
    fn id_kommune_looks_up_by_code_and_name_alike() {
        let hoeje: Municipality = "Høje-Taastrup".parse().unwrap();
        assert_eq!("Høje Taastrup".parse::<Municipality>().unwrap(), hoeje);
        assert_eq!("hoeje-taastrup kommune".parse::<Municipality>().unwrap(), hoeje);
        assert_eq!("169".parse::<Municipality>().unwrap(), hoeje);
        assert_eq!("Aarhus".parse::<Municipality>().unwrap(), "ÅRHUS".parse().unwrap());
        assert_eq!("Læsø".parse::<Municipality>().unwrap().region(), Region::Nordjylland);
        assert!("Atlantis".parse::<Municipality>().is_err());
        assert!("999".parse::<Municipality>().is_err());
        assert_eq!("".parse::<Municipality>().unwrap_err().rule(), Rule::IdKommune);
        assert_eq!("sjaelland".parse::<Region>().unwrap(), Region::Sjaelland);
        assert_eq!("DK-81".parse::<Region>().unwrap(), Region::Nordjylland);
    }

    #[test]
    fn id_kommune_names_are_found_with_and_without_the_genitive_s() {
        let nordfyn = Municipality::from_code(480).unwrap();
        for name in ["Nordfyns", "Nordfyn", "nordfyn kommune", "Nordfyns Kommune"] {
            assert_eq!(name.parse::<Municipality>().unwrap(), nordfyn, "{name}");
        }
        assert_eq!("Københavns Kommune".parse::<Municipality>().unwrap().code(), 101);
        assert_eq!("Stevns".parse::<Municipality>().unwrap().code(), 336);
        assert!("Nordfy".parse::<Municipality>().is_err());
        // Every form of every name finds that municipality and no other.
        for m in Municipality::all() {
            let name = fold(m.name());
            let stem = name.strip_suffix('s').unwrap_or(&name).to_owned();
            for form in [name.clone(), format!("{name}s"), stem] {
                assert_eq!(form.parse::<Municipality>().unwrap(), m, "{form}");
            }
        }
    }

    #[test]
    fn id_kommune_folded_names_are_unique() {
        let mut names: Vec<String> = Municipality::all().map(|m| fold(m.name())).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 98);
    }

    #[test]
    fn id_kommune_serialises_as_code() {
        let odense: Municipality = "Odense".parse().unwrap();
        assert_eq!(serde_json::to_string(&odense).unwrap(), "\"461\"");
        assert_eq!(serde_json::from_str::<Municipality>("\"461\"").unwrap(), odense);
        assert!(serde_json::from_str::<Municipality>("\"000\"").is_err());
    }
}
