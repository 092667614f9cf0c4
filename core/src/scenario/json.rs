//! Scenario JSON (docs/formats.md), read in one pass straight into typed items.
//!
//! The reader is a set of serde visitors: the parser hands each value over as it meets it, and
//! each item is checked and built where it stands, without a JSON tree in between, so reading
//! holds little more than the scenario itself. Every value is taken whatever its JSON type
//! ([`Raw`]), so a wrong type is a problem with its path, like any other, and reading goes
//! on: a scenario gets *every* problem in one pass. Only broken JSON syntax stops the reader.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::items::{Clusters, Collected, Kind, Memberships, Patients, PolicyKind, Practices, Rates, field_index};
use super::read::{Item, Origin, Problems, Raw, Section};
use crate::problem::{Problem, quote};
use crate::rule::Rule;

/// The top-level fields, in docs/formats.md's order.
pub(crate) const TOP: &[&str] = &["clusters", "practices", "memberships", "patients", "rates", "policy"];

/// What the JSON reader found: the items, and every problem with them.
pub(crate) struct Read {
    pub(crate) collected: Collected,
    pub(crate) problems: Problems,
}

/// Reads scenario JSON from any serde deserializer (a JSON parser, or a JSON value); `Err`
/// only for broken syntax, with the parser's error.
pub(crate) fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Read, D::Error> {
    let mut read = Read { collected: Collected::default(), problems: Problems::default() };
    Top { out: &mut read.collected, problems: &mut read.problems }.deserialize(deserializer)?;
    Ok(read)
}

/// Reads scenario JSON text: the fast path where it can (`fast_json.rs`), otherwise the careful
/// reader.
pub(crate) fn read_text(text: &str) -> Result<Read, Problem> {
    match super::fast_json::read(text) {
        Some(read) => Ok(read),
        None => read_text_carefully(text),
    }
}

/// Reads scenario JSON text with serde_json; broken syntax is one FORMAT problem saying where.
pub(crate) fn read_text_carefully(text: &str) -> Result<Read, Problem> {
    let mut parser = serde_json::Deserializer::from_str(text);
    let read = read(&mut parser).and_then(|read| parser.end().map(|()| read));
    read.map_err(|e| Problem::new("", Rule::Format, format!("not valid JSON: {e}"), format!("ikke gyldig JSON: {e}")))
}

/// A key of an object: one of the expected fields, or another (quoted, at most a short prefix).
enum Key {
    Known(usize),
    Unknown(String),
}

struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, key: &str) -> Result<Key, E> {
        Ok(match field_index(self.0, key) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(truncated(key)),
        })
    }
}

/// At most a short prefix of a key, for its problem's path and message.
fn truncated(key: &str) -> String {
    match key.char_indices().nth(64) {
        Some((cut, _)) => key.get(..cut).unwrap_or_default().to_owned(),
        None => key.to_owned(),
    }
}

/// Implements the visits of every JSON type that a visitor does not take as a call of
/// `self.other(found)`, which records a problem; the value is read past.
macro_rules! other_types {
    ($($skip:ident)*) => {
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> { Ok(self.other(Raw::Bool(v))) }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> { Ok(self.other(Raw::Int(v))) }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> { Ok(self.other(Raw::Int(i64::try_from(v).unwrap_or(i64::MAX)))) }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> { Ok(self.other(Raw::Float(v))) }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> { Ok(self.other(Raw::Text(Cow::Borrowed("")))) }
        fn visit_unit<E>(self) -> Result<Self::Value, E> { Ok(self.other(Raw::Null)) }
        fn visit_none<E>(self) -> Result<Self::Value, E> { Ok(self.other(Raw::Null)) }
        other_types!(@skip $($skip)*);
    };
    (@skip) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(self.other(Raw::Other("an array")))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(self.other(Raw::Other("an object")))
        }
    };
    (@skip seq) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(self.other(Raw::Other("an object")))
        }
    };
    (@skip map) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(self.other(Raw::Other("an array")))
        }
    };
}

/// A problem with a value of the wrong JSON type at `path`.
fn wrong_type(
    problems: &mut Problems,
    key: (Section, usize, usize),
    path: String,
    expected: (&str, &str),
    found: &Raw<'_>,
) {
    let (en, da) = match found {
        Raw::Absent | Raw::Null => ("null", "null"),
        Raw::Bool(_) => ("a boolean", "en sandhedsværdi"),
        Raw::Int(_) | Raw::Float(_) => ("a number", "et tal"),
        Raw::Text(_) | Raw::Cell(_) => ("a string", "en tekst"),
        Raw::Other("an array") => ("an array", "en liste"),
        Raw::Other(_) => ("an object", "et objekt"),
        Raw::Date(_) | Raw::Decimal(_) => ("a value", "en værdi"),
    };
    problems.push(
        key,
        Problem::new(
            path,
            Rule::Format,
            format!("expected {}, found {en}", expected.0),
            format!("forventede {}, fandt {da}", expected.1),
        ),
    );
}

/// The scenario object.
struct Top<'c> {
    out: &'c mut Collected,
    problems: &'c mut Problems,
}

impl Top<'_> {
    fn other(self, found: Raw<'_>) {
        wrong_type(self.problems, (Section::Top, 0, 0), String::new(), ("an object", "et objekt"), &found);
    }
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scenario object")
    }

    other_types!(map);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = [false; 6];
        let Top { out, problems } = self;
        while let Some(key) = map.next_key_seed(KeySeed(TOP))? {
            let index = match key {
                Key::Known(index) => index,
                Key::Unknown(name) => {
                    let (path, rank) = (Origin::Json.field(Section::Top, 0, &name), 0);
                    let expected = TOP.join(", ");
                    problems.push(
                        (Section::Top, 0, rank),
                        Problem::new(
                            path,
                            Rule::Format,
                            format!("unknown field {}; expected one of {expected}", quote(&name)),
                            format!("ukendt felt {}; forventede et af {expected}", quote(&name)),
                        ),
                    );
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if let Some(seen) = seen.get_mut(index) {
                if *seen {
                    let name = TOP.get(index).copied().unwrap_or("");
                    problems.push(
                        (Section::Top, 0, index + 1),
                        Problem::new(
                            name,
                            Rule::Format,
                            format!("the field {name:?} is given twice"),
                            format!("feltet {name:?} er angivet to gange"),
                        ),
                    );
                }
                *seen = true;
            }
            let (out, problems) = (&mut *out, &mut *problems);
            match index {
                0 => map.next_value_seed(List::<Clusters> { out, problems, required: true, kind: PhantomData })?,
                1 => map.next_value_seed(List::<Practices> { out, problems, required: true, kind: PhantomData })?,
                2 => map.next_value_seed(List::<Memberships> { out, problems, required: true, kind: PhantomData })?,
                3 => map.next_value_seed(List::<Patients> { out, problems, required: true, kind: PhantomData })?,
                4 => map.next_value_seed(List::<Rates> { out, problems, required: false, kind: PhantomData })?,
                _ => map.next_value_seed(Object::<PolicyKind> {
                    out,
                    problems,
                    index: 0,
                    optional: true,
                    kind: PhantomData,
                })?,
            }
        }
        for (index, name) in TOP.iter().enumerate().take(4) {
            if !seen.get(index).copied().unwrap_or(true) {
                problems.push(
                    (Section::Top, 0, index + 1),
                    Problem::new(*name, Rule::Format, "this field is required", "feltet skal udfyldes"),
                );
            }
        }
        Ok(())
    }
}

/// A list of items of kind `K`.
struct List<'c, K> {
    out: &'c mut Collected,
    problems: &'c mut Problems,
    /// A required list may not be null.
    required: bool,
    kind: PhantomData<K>,
}

impl<K: Kind> List<'_, K> {
    fn other(self, found: Raw<'_>) {
        if found == Raw::Null && !self.required {
            return;
        }
        let path = Origin::Json.section(K::SECTION);
        wrong_type(self.problems, (Section::Top, 0, K::SECTION as usize), path, ("an array", "en liste"), &found);
    }
}

impl<'de, K: Kind> DeserializeSeed<'de> for List<'_, K> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, K: Kind> Visitor<'de> for List<'_, K> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    other_types!(seq);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let List { out, problems, .. } = self;
        let mut index = 0;
        loop {
            let item =
                Object::<K> { out: &mut *out, problems: &mut *problems, index, optional: false, kind: PhantomData };
            if seq.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }
}

/// One item of kind `K`: an object whose fields are read as they come.
struct Object<'c, K> {
    out: &'c mut Collected,
    problems: &'c mut Problems,
    index: usize,
    /// An optional object (the policy) may be null.
    optional: bool,
    kind: PhantomData<K>,
}

impl<K: Kind> Object<'_, K> {
    fn other(self, found: Raw<'_>) {
        if found == Raw::Null && self.optional {
            return;
        }
        let path = Origin::Json.item(K::SECTION, self.index);
        wrong_type(self.problems, (K::SECTION, self.index, 0), path, ("an object", "et objekt"), &found);
    }
}

impl<'de, K: Kind> DeserializeSeed<'de> for Object<'_, K> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, K: Kind> Visitor<'de> for Object<'_, K> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    other_types!(map);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Object { out, problems, index, .. } = self;
        let mut item = Item::new(K::FIELDS, Origin::Json, K::SECTION, index, problems);
        while let Some(key) = map.next_key_seed(KeySeed(K::FIELDS))? {
            match key {
                Key::Known(field) => {
                    let value = map.next_value_seed(RawSeed)?;
                    item.set(field, value);
                }
                Key::Unknown(name) => {
                    item.unknown(&name);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        K::build(&mut item, out);
        Ok(())
    }
}

/// A field's value, whatever its JSON type.
struct RawSeed;

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = Raw<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RawSeed {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(i64::try_from(v).map_or(Raw::Other("a number too large"), Raw::Int))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Raw<'de>, E> {
        Ok(i64::try_from(v).map_or(Raw::Other("a number too large"), Raw::Int))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Raw<'de>, E> {
        Ok(i64::try_from(v).map_or(Raw::Other("a number too large"), Raw::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Raw<'de>, E> {
        Ok(Raw::Float(v))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Text(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Raw<'de>, E> {
        Ok(Raw::Text(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }

    fn visit_none<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Raw::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Raw::Other("an object"))
    }
}
