//! A scenario from Arrow record batches (feature `arrow`): the tables of docs/formats.md "Tables
//! instead of JSON" as a dataframe library holds them (pandas through pyarrow, polars,
//! pyarrow tables), read column by column without a value object per cell.
//!
//! A column may hold the field as text (as in a CSV file) or natively: whole numbers of any
//! integer type, booleans, dates (`date32`, `date64`), timestamps at midnight (pandas'
//! `Timestamp`), decimals, dictionary-encoded strings (pandas' categoricals). Null, NaN and NaT
//! are null where a field may be null. A float that is exactly a whole number counts as one
//! (pandas makes an integer column float when it has a missing value); money (a rate) is never
//! taken from a float. Every problem names its table, row (from 1) and
//! column: `memberships:12:joined`.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use rust_decimal::Decimal;

use super::items::{Clusters, Collected, Kind, Memberships, Patients, PolicyKind, Practices, Rates, field_index};
use super::read::{Item, Origin, Problems, Raw};
use crate::dates::from_epoch_day;
use crate::problem::{Problem, quote};
use crate::rule::Rule;

/// The record batches of each table of a scenario; `None` where there is no such table.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScenarioBatches<'a> {
    /// The clusters (required).
    pub clusters: Option<&'a [RecordBatch]>,
    /// The practices (required).
    pub practices: Option<&'a [RecordBatch]>,
    /// The memberships (required).
    pub memberships: Option<&'a [RecordBatch]>,
    /// The patient counts (required).
    pub patients: Option<&'a [RecordBatch]>,
    /// Rates that add to or override the built-ins (optional).
    pub rates: Option<&'a [RecordBatch]>,
    /// The policy: one row (optional).
    pub policy: Option<&'a [RecordBatch]>,
}

/// Reads every table of `batches`, collecting every problem.
pub(crate) fn read(batches: &ScenarioBatches<'_>) -> (Collected, Problems) {
    let mut out = Collected::default();
    let mut problems = Problems::default();
    table::<Clusters>(batches.clusters, true, &mut out, &mut problems);
    table::<Practices>(batches.practices, true, &mut out, &mut problems);
    table::<Memberships>(batches.memberships, true, &mut out, &mut problems);
    table::<Patients>(batches.patients, true, &mut out, &mut problems);
    table::<Rates>(batches.rates, false, &mut out, &mut problems);
    table::<PolicyKind>(batches.policy, false, &mut out, &mut problems);
    (out, problems)
}

fn table<K: Kind>(batches: Option<&[RecordBatch]>, needed: bool, out: &mut Collected, problems: &mut Problems) {
    let name = K::SECTION.name();
    let header = |problems: &mut Problems, rank: usize, path: String, en: String, da: String| {
        problems.push((K::SECTION, 0, rank), Problem::new(path, Rule::Format, en, da));
    };
    let Some(batches) = batches else {
        if needed {
            header(problems, 0, name.to_owned(), "the table is missing".into(), "tabellen mangler".into());
        }
        return;
    };
    let Some(schema) = batches.first().map(RecordBatch::schema) else {
        if needed {
            header(
                problems,
                0,
                name.to_owned(),
                "the table has no columns".into(),
                "tabellen har ingen kolonner".into(),
            );
        }
        return;
    };
    if batches.iter().any(|b| b.schema() != schema) {
        header(
            problems,
            0,
            name.to_owned(),
            "the table's batches differ in their columns".into(),
            "tabellens dele har forskellige kolonner".into(),
        );
        return;
    }
    let mut columns: Vec<(usize, usize)> = Vec::new();
    let mut complete = true;
    for (column, field) in schema.fields().iter().enumerate() {
        match field_index(K::FIELDS, field.name().trim()) {
            Some(index) if columns.iter().any(|(_, f)| *f == index) => {
                complete = false;
                header(
                    problems,
                    index + 1,
                    format!("{name}:0:{}", field.name()),
                    format!("the column {} appears twice", field.name()),
                    format!("kolonnen {} optræder to gange", field.name()),
                );
            }
            Some(index) => columns.push((column, index)),
            None => {
                let expected = K::FIELDS.join(", ");
                header(
                    problems,
                    0,
                    format!("{name}:0:{}", quote(field.name()).trim_matches('"')),
                    format!("unknown column {}; expected columns among {expected}", quote(field.name())),
                    format!("ukendt kolonne {}; forventede kolonner blandt {expected}", quote(field.name())),
                );
            }
        }
    }
    for required in super::tables::required(K::SECTION) {
        let index = field_index(K::FIELDS, required).unwrap_or(0);
        if !columns.iter().any(|(_, f)| *f == index) {
            complete = false;
            header(
                problems,
                index + 1,
                format!("{name}:0:{required}"),
                format!("the column {required} is required"),
                format!("kolonnen {required} skal være der"),
            );
        }
    }
    if !complete {
        return;
    }
    let mut bad = false;
    for batch in batches {
        for (column, _) in &columns {
            let Some(array) = batch.columns().get(*column) else { continue };
            if let Err((row, en, da)) = check_array(array.as_ref()) {
                let field = schema.fields().get(*column).map_or("", |f| f.name().as_str());
                let path = match row {
                    Some(row) => Origin::Frames.field(K::SECTION, row, field),
                    None => format!("{name}:{}", quote(field).trim_matches('"')),
                };
                problems.push((K::SECTION, row.unwrap_or(0), 0), Problem::new(path, Rule::Format, en, da));
                bad = true;
            }
        }
    }
    if bad {
        out.incomplete.push(K::SECTION);
        return;
    }
    let mut index = 0;
    for batch in batches {
        let cells: Vec<(Cells<'_>, usize)> =
            columns.iter().filter_map(|(c, f)| Some((Cells::new(batch.columns().get(*c)?.as_ref()), *f))).collect();
        for row in 0..batch.num_rows() {
            let mut item = Item::new(K::FIELDS, Origin::Frames, K::SECTION, index, problems);
            for (column, field) in &cells {
                item.set(*field, column.raw(row));
            }
            K::build(&mut item, out);
            index += 1;
        }
    }
}

/// FORMAT: an array handed over by another library (a dataframe's, through the Arrow C
/// interface) is checked in full before any value is read: its offsets, lengths and, for
/// text, that every value is UTF-8. Nothing is trusted that the reader would otherwise read as
/// it is. The error gives the row (from 0) where it can be told, and messages in English and
/// Danish.
pub(crate) fn check_array(array: &dyn Array) -> Result<(), (Option<usize>, String, String)> {
    let data = array.to_data();
    let Err(error) = data.validate_full() else { return Ok(()) };
    let row = match array.data_type() {
        DataType::Utf8 => first_invalid_text(&data, 4),
        DataType::LargeUtf8 => first_invalid_text(&data, 8),
        _ => None,
    };
    let what = crate::problem::quote(&error.to_string());
    Err((
        row,
        format!("the column's Arrow data is invalid (such as text that is not UTF-8): {what}"),
        format!("kolonnens Arrow-data er ugyldige (fx tekst, der ikke er UTF-8): {what}"),
    ))
}

/// The first row of a text array whose bytes are not UTF-8 (or whose offsets do not fit), read
/// from the raw buffers without making a `&str` of anything unchecked; offsets of `width` bytes.
fn first_invalid_text(data: &arrow_data::ArrayData, width: usize) -> Option<usize> {
    let offsets = data.buffers().first()?.as_slice();
    let values = data.buffers().get(1)?.as_slice();
    let offset = |i: usize| -> Option<usize> {
        let start = i.checked_add(data.offset())?.checked_mul(width)?;
        let bytes = offsets.get(start..start.checked_add(width)?)?;
        match width {
            4 => usize::try_from(i32::from_le_bytes(bytes.try_into().ok()?)).ok(),
            _ => usize::try_from(i64::from_le_bytes(bytes.try_into().ok()?)).ok(),
        }
    };
    (0..data.len()).find(|&row| {
        let text = offset(row).zip(offset(row + 1)).and_then(|(from, to)| values.get(from..to));
        !data.is_null(row) && text.is_none_or(|bytes| std::str::from_utf8(bytes).is_err())
    })
}

/// One column of a batch, ready to give each row's value as a [`Raw`].
pub(crate) enum Cells<'a> {
    Null,
    Bool(&'a arrow_array::BooleanArray),
    /// Whole numbers of any integer type, widened; `None` for a null row.
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Text(&'a dyn Array),
    Date(Vec<Option<i32>>),
    /// Days since 1970, and whether the value had a time of day.
    Timestamp(Vec<Option<(i64, bool)>>),
    Decimal(&'a arrow_array::Decimal128Array, u32),
    Dictionary(Vec<Option<usize>>, Box<Cells<'a>>),
    /// Timestamps in a timezone whose offsets this reader does not know.
    UnknownZone,
    Other,
}

impl<'a> Cells<'a> {
    pub(crate) fn new(array: &'a dyn Array) -> Self {
        fn ints<'a, T: arrow_array::ArrowPrimitiveType>(
            array: &'a dyn Array,
            to: impl Fn(T::Native) -> i64,
        ) -> Cells<'a> {
            Cells::Int(array.as_primitive::<T>().iter().map(|v| v.map(&to)).collect())
        }
        match array.data_type() {
            DataType::Null => Cells::Null,
            DataType::Boolean => Cells::Bool(array.as_boolean()),
            DataType::Int8 => ints::<Int8Type>(array, i64::from),
            DataType::Int16 => ints::<Int16Type>(array, i64::from),
            DataType::Int32 => ints::<Int32Type>(array, i64::from),
            DataType::Int64 => ints::<Int64Type>(array, |v| v),
            DataType::UInt8 => ints::<UInt8Type>(array, i64::from),
            DataType::UInt16 => ints::<UInt16Type>(array, i64::from),
            DataType::UInt32 => ints::<UInt32Type>(array, i64::from),
            DataType::UInt64 => ints::<UInt64Type>(array, |v| i64::try_from(v).unwrap_or(i64::MAX)),
            DataType::Float32 => {
                Cells::Float(array.as_primitive::<Float32Type>().iter().map(|v| v.map(f64::from)).collect())
            }
            DataType::Float64 => Cells::Float(array.as_primitive::<Float64Type>().iter().collect()),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Cells::Text(array),
            DataType::Date32 => Cells::Date(array.as_primitive::<Date32Type>().iter().collect()),
            DataType::Date64 => Cells::Timestamp(
                array.as_primitive::<Date64Type>().iter().map(|v| v.map(|ms| split_day(ms, 86_400_000))).collect(),
            ),
            DataType::Timestamp(unit, zone) => {
                let per_second: i64 = match unit {
                    TimeUnit::Second => 1,
                    TimeUnit::Millisecond => 1_000,
                    TimeUnit::Microsecond => 1_000_000,
                    TimeUnit::Nanosecond => 1_000_000_000,
                };
                let per_day = 86_400 * per_second;
                let Some(offsets) = zone_offsets(zone.as_deref()) else { return Cells::UnknownZone };
                // A timestamp with a timezone is an instant: its date is the date where its
                // local time is midnight, under one of the zone's offsets (Danish time is +1 or
                // +2 hours, a fixed offset is itself).
                let local = |t: i64| {
                    offsets
                        .iter()
                        .map(|hours| split_day(t.saturating_add(hours * 3_600 * per_second), per_day))
                        .find(|(_, timed)| !timed)
                        .unwrap_or_else(|| {
                            split_day(
                                t.saturating_add(offsets.first().copied().unwrap_or(0) * 3_600 * per_second),
                                per_day,
                            )
                        })
                };
                let values = timestamps(array).into_iter().map(|v| v.map(local)).collect();
                Cells::Timestamp(values)
            }
            DataType::Decimal128(_, scale) => match u32::try_from(*scale) {
                Ok(scale) if scale <= 28 => Cells::Decimal(array.as_primitive(), scale),
                _ => Cells::Other,
            },
            DataType::Dictionary(_, _) => match array.as_any_dictionary_opt() {
                Some(dictionary) if !dictionary.values().is_empty() => {
                    let keys = dictionary.normalized_keys();
                    let valid = |i: usize| dictionary.is_valid(i);
                    let keys = keys.into_iter().enumerate().map(|(i, k)| valid(i).then_some(k)).collect();
                    Cells::Dictionary(keys, Box::new(Cells::new(dictionary.values().as_ref())))
                }
                _ => Cells::Null,
            },
            _ => Cells::Other,
        }
    }

    /// Row `row`'s value.
    pub(crate) fn raw(&self, row: usize) -> Raw<'a> {
        match self {
            Cells::Null => Raw::Null,
            Cells::Bool(array) => match row < array.len() && array.is_valid(row) {
                true => Raw::Bool(array.value(row)),
                false => Raw::Null,
            },
            Cells::Int(values) => values.get(row).copied().flatten().map_or(Raw::Null, Raw::Int),
            Cells::Float(values) => match values.get(row).copied().flatten() {
                None => Raw::Null,
                Some(x) if x.is_nan() => Raw::Null,
                Some(x) => Raw::Float(x),
            },
            Cells::Text(array) => match text(*array, row) {
                None | Some("") => Raw::Null,
                Some(cell) => Raw::Cell(cell),
            },
            Cells::Date(values) => match values.get(row).copied().flatten() {
                None => Raw::Null,
                Some(day) => from_epoch_day(day).map_or(Raw::Other("a date out of range"), Raw::Date),
            },
            Cells::Timestamp(values) => match values.get(row).copied().flatten() {
                None => Raw::Null,
                Some((_, true)) => Raw::Other("a time of day"),
                Some((day, false)) => i32::try_from(day)
                    .ok()
                    .and_then(from_epoch_day)
                    .map_or(Raw::Other("a date out of range"), Raw::Date),
            },
            Cells::Decimal(array, scale) => match row < array.len() && array.is_valid(row) {
                true => Decimal::try_from_i128_with_scale(array.value(row), *scale)
                    .map_or(Raw::Other("a number too large"), Raw::Decimal),
                false => Raw::Null,
            },
            Cells::Dictionary(keys, values) => match keys.get(row).copied().flatten() {
                Some(key) => values.raw(key),
                None => Raw::Null,
            },
            Cells::UnknownZone => Raw::Other(UNKNOWN_ZONE),
            Cells::Other => Raw::Other("a value of another type"),
        }
    }
}

/// What a timestamp in a timezone the reader does not know is called in a message.
pub(crate) const UNKNOWN_ZONE: &str = "a timestamp in a timezone other than UTC, Danish time or a fixed offset (give dates, or timestamps without a timezone)";

/// The offsets from UTC, in hours, that a timestamp's timezone may have: none for naive
/// timestamps and UTC, the offset itself for a fixed one (`+01:00`), one or two hours for Danish
/// time (`Europe/Copenhagen`, `CET`); `None` for any other zone, which this reader does not know
/// (its timestamps are refused as "a value of another type": give dates instead).
fn zone_offsets(zone: Option<&str>) -> Option<Vec<i64>> {
    let Some(zone) = zone else { return Some(vec![0]) };
    match zone {
        "UTC" | "Z" | "Etc/UTC" | "GMT" | "+00:00" | "-00:00" => return Some(vec![0]),
        "Europe/Copenhagen" | "CET" | "Europe/Berlin" | "Europe/Oslo" | "Europe/Stockholm" => return Some(vec![1, 2]),
        _ => {}
    }
    let (sign, rest) = match zone.as_bytes().first() {
        Some(b'+') => (1, zone.get(1..)?),
        Some(b'-') => (-1, zone.get(1..)?),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "00"));
    let (hours, minutes): (i64, i64) = (hours.parse().ok()?, minutes.parse().ok()?);
    // Offsets of whole hours only: a date at local midnight needs no finer one here.
    (minutes == 0 && hours <= 14).then(|| vec![sign * hours])
}

/// A timestamp as whole days since 1970 and whether it had a time of day too.
fn split_day(value: i64, per_day: i64) -> (i64, bool) {
    (value.div_euclid(per_day), value.rem_euclid(per_day) != 0)
}

/// The values of a timestamp column of any unit, `None` where null.
fn timestamps(array: &dyn Array) -> Vec<Option<i64>> {
    use arrow_array::types::{
        TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
    };
    match array.data_type() {
        DataType::Timestamp(TimeUnit::Second, _) => array.as_primitive::<TimestampSecondType>().iter().collect(),
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            array.as_primitive::<TimestampMillisecondType>().iter().collect()
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            array.as_primitive::<TimestampMicrosecondType>().iter().collect()
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            array.as_primitive::<TimestampNanosecondType>().iter().collect()
        }
        _ => Vec::new(),
    }
}

/// Row `row` of a string column of any of Arrow's three string layouts; `None` where null.
fn text(array: &dyn Array, row: usize) -> Option<&str> {
    if row >= array.len() || array.is_null(row) {
        return None;
    }
    match array.data_type() {
        DataType::Utf8 => Some(array.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Some(array.as_string::<i64>().value(row)),
        DataType::Utf8View => Some(array.as_string_view().value(row)),
        _ => None,
    }
}
