//! Arrow arrays as another library hands them over (FORMAT): text columns whose offsets and
//! bytes are anything, invalid UTF-8 and offsets out of range included, read as a scenario's
//! tables and as a statement. Each is refused with its table, row and column, never read.
#![no_main]

use std::sync::Arc;

use arrow_array::{ArrayRef, Int32Array, RecordBatch, make_array};
use arrow_buffer::Buffer;
use arrow_data::ArrayDataBuilder;
use arrow_schema::DataType;
use klynge::reconcile::Statement;
use klynge::{Scenario, ScenarioBatches};
use libfuzzer_sys::fuzz_target;

/// A text column from fuzz bytes: a row count, one offset per row and one more (each a byte,
/// shifted so that some are negative), and the values' bytes, none of it checked.
fn text_column(bytes: &[u8]) -> ArrayRef {
    let rows = usize::from(bytes.first().copied().unwrap_or(0) % 8);
    let offsets: Vec<i32> = (0..=rows).map(|i| i32::from(bytes.get(1 + i).copied().unwrap_or(0)) - 4).collect();
    let values = bytes.get(rows + 2..).unwrap_or_default();
    // SAFETY: this is the producer the reader must not trust: a library across the Arrow C
    // interface can hand over exactly such arrays. The buffers have the lengths the array type
    // needs (rows + 1 offsets), so building the array itself reads nothing out of bounds.
    let data = unsafe {
        ArrayDataBuilder::new(DataType::Utf8)
            .len(rows)
            .add_buffer(Buffer::from_slice_ref(&offsets))
            .add_buffer(Buffer::from_slice_ref(values))
            .build_unchecked()
    };
    make_array(data)
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> Option<RecordBatch> {
    RecordBatch::try_from_iter(columns).ok()
}

fn ints(value: i32, rows: usize) -> ArrayRef {
    Arc::new(Int32Array::from(vec![value; rows]))
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let (a, b, c) =
        (parts.next().unwrap_or_default(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let (ydernummer, year, text) = (text_column(a), text_column(b), text_column(c));
    let rows = |column: &ArrayRef| column.len();

    // The patients table with fuzzed text columns; the other tables are valid.
    let clusters =
        batch(vec![("id", text_column(b"\x01\x04\x05k")), ("founded", text_column(b"\x01\x04\x0e2021-01-01"))]);
    let practices = batch(vec![("ydernummer", text_column(b"\x01\x04\x0a000001")), ("capacities", ints(1, 1))]);
    let memberships = batch(vec![
        ("ydernummer", text_column(b"\x01\x04\x0a000001")),
        ("cluster", text_column(b"\x01\x04\x05k")),
        ("joined", text_column(b"\x01\x04\x0e2021-01-01")),
    ]);
    let same = rows(&ydernummer) == rows(&year);
    let patients = same
        .then(|| {
            batch(vec![("ydernummer", ydernummer.clone()), ("year", year), ("count", ints(10, rows(&ydernummer)))])
        })
        .flatten();
    if let (Some(clusters), Some(practices), Some(memberships), Some(patients)) =
        (clusters, practices, memberships, patients)
    {
        let (clusters, practices, memberships, patients) = ([clusters], [practices], [memberships], [patients]);
        let tables = ScenarioBatches {
            clusters: Some(&clusters),
            practices: Some(&practices),
            memberships: Some(&memberships),
            patients: Some(&patients),
            ..ScenarioBatches::default()
        };
        if let Ok(scenario) = Scenario::from_record_batches(&tables) {
            klynge_fuzz::compute(&scenario, &klynge::Parameters::official());
        }
    }

    // A statement whose date, amount and text columns are fuzzed.
    if rows(&ydernummer) == rows(&text)
        && let Some(statement) = batch(vec![("date", ydernummer.clone()), ("amount", ydernummer), ("text", text)])
    {
        let _ = Statement::from_record_batches(&[statement], Some("k".parse().expect("a cluster id")));
    }
});
