//! A grant report as Arrow arrays, turned into a pandas DataFrame by pyarrow: the buffers are
//! laid out here in one pass over the lines, so no Python object is made per cell. Money is
//! `decimal128` (exact øre), rates `decimal128` with 6 places, dates `date32`, repeated strings
//! dictionary-encoded. Conversion only; no rule logic.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{Datelike, NaiveDate};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use klynge::GrantReport;
use klynge::grants::FLAT_COLUMNS;

/// The values and validity bitmap of one fixed-width column.
struct Column {
    data: Vec<u8>,
    validity: Vec<u8>,
    nulls: usize,
}

impl Column {
    fn new(width: usize, rows: usize) -> Self {
        Column { data: Vec::with_capacity(width * rows), validity: vec![0; rows.div_ceil(8)], nulls: 0 }
    }

    /// Appends row `row`: `Some(bytes)` is valid, `None` is null (zeros of `width`).
    fn push(&mut self, row: usize, value: Option<&[u8]>, width: usize) {
        match value {
            Some(bytes) => {
                self.data.extend_from_slice(bytes);
                if let Some(byte) = self.validity.get_mut(row / 8) {
                    *byte |= 1 << (row % 8);
                }
            }
            None => {
                self.data.extend(std::iter::repeat_n(0u8, width));
                self.nulls += 1;
            }
        }
    }
}

/// Dictionary indices for repeated strings, keyed by the value itself so that each distinct
/// value is formatted once; the last hit is cached (lines come grouped by cluster).
struct Dictionary<K> {
    indices: Vec<u8>,
    values: Vec<String>,
    known: HashMap<K, i32>,
    last: Option<(K, i32)>,
}

impl<K: Hash + Eq + Copy> Dictionary<K> {
    fn new(rows: usize) -> Self {
        Dictionary { indices: Vec::with_capacity(4 * rows), values: Vec::new(), known: HashMap::new(), last: None }
    }

    fn push(&mut self, key: K, text: impl FnOnce() -> String) {
        let index = match self.last {
            Some((last, index)) if last == key => index,
            _ => {
                let next = i32::try_from(self.values.len()).unwrap_or(i32::MAX);
                let index = *self.known.entry(key).or_insert_with(|| {
                    self.values.push(text());
                    next
                });
                self.last = Some((key, index));
                index
            }
        };
        self.indices.extend_from_slice(&index.to_le_bytes());
    }
}

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01, Arrow's `date32` epoch.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn days_since_epoch(date: NaiveDate) -> [u8; 4] {
    (date.num_days_from_ce() - EPOCH_DAYS_FROM_CE).to_le_bytes()
}

/// The report's lines as a pandas DataFrame with Arrow-backed columns, in FORMAT's order.
pub fn report_frame<'py>(
    report: &GrantReport,
    pa: &Bound<'py, PyModule>,
    pandas: &Bound<'py, PyModule>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = pa.py();
    let n = report.len();
    let mut clusters: Dictionary<&str> = Dictionary::new(n);
    let mut ydernumre: Dictionary<klynge::Ydernummer> = Dictionary::new(n);
    let mut kinds: Dictionary<klynge::LineKind> = Dictionary::new(n);
    let mut rules: Dictionary<klynge::Rule> = Dictionary::new(n);
    let mut payers: Dictionary<klynge::Payer> = Dictionary::new(n);
    let mut year = Column::new(4, n);
    let mut period_from = Column::new(4, n);
    let mut period_until = Column::new(4, n);
    let mut patients = Column::new(4, n);
    let mut rate = Column::new(16, n);
    let mut days = Column::new(4, n);
    let mut days_in_year = Column::new(4, n);
    let mut capacities = Column::new(4, n);
    let mut amount = Column::new(16, n);
    let mut due = Column::new(4, n);
    for (row, l) in report.lines().enumerate() {
        clusters.push(l.cluster.as_str(), || l.cluster.to_string());
        ydernumre.push(l.ydernummer, || l.ydernummer.to_string());
        kinds.push(l.kind, || l.kind.as_str().to_owned());
        rules.push(l.rule, || l.rule.id().to_owned());
        payers.push(l.payer, || l.payer.as_str().to_owned());
        year.push(row, Some(&l.grant_year.to_le_bytes()), 4);
        period_from.push(row, l.period.map(|p| days_since_epoch(p.from)).as_ref().map(|b| &b[..]), 4);
        period_until.push(row, l.period.map(|p| days_since_epoch(p.until)).as_ref().map(|b| &b[..]), 4);
        let int = |v: Option<u32>| v.map(|v| i32::try_from(v).unwrap_or(i32::MAX).to_le_bytes());
        patients.push(row, int(l.patients).as_ref().map(|b| &b[..]), 4);
        // A rate has at most 6 decimals (GR-RATE), so rescaling to 6 is exact.
        let micro = l.rate.map(|r| {
            let mut v = r.value();
            v.rescale(6);
            v.mantissa().to_le_bytes()
        });
        rate.push(row, micro.as_ref().map(|b| &b[..]), 16);
        days.push(row, int(l.days).as_ref().map(|b| &b[..]), 4);
        days_in_year.push(row, int(l.days_in_year.map(u32::from)).as_ref().map(|b| &b[..]), 4);
        capacities.push(row, int(l.capacities.map(u32::from)).as_ref().map(|b| &b[..]), 4);
        amount.push(row, Some(&l.amount.ore().to_le_bytes()), 16);
        due.push(row, l.due.map(days_since_epoch).as_ref().map(|b| &b[..]), 4);
    }

    let array = pa.getattr("Array")?.getattr("from_buffers")?;
    let py_buffer = pa.getattr("py_buffer")?;
    let fixed = |kind: Bound<'py, PyAny>, column: Column| -> PyResult<Bound<'py, PyAny>> {
        let validity = if column.nulls == 0 {
            py.None().into_bound(py)
        } else {
            py_buffer.call1((PyBytes::new(py, &column.validity),))?
        };
        let data = py_buffer.call1((PyBytes::new(py, &column.data),))?;
        array.call1((kind, n, PyList::new(py, [validity, data])?, column.nulls))
    };
    let dictionary = |indices: Vec<u8>, values: Vec<String>| -> PyResult<Bound<'py, PyAny>> {
        let indices = array.call1((
            pa.getattr("int32")?.call0()?,
            n,
            PyList::new(py, [py.None().into_bound(py), py_buffer.call1((PyBytes::new(py, &indices),))?])?,
        ))?;
        let values = pa.getattr("array")?.call1((values, pa.getattr("string")?.call0()?))?;
        pa.getattr("DictionaryArray")?.getattr("from_arrays")?.call1((indices, values))
    };
    let int32 = || pa.getattr("int32")?.call0();
    let date32 = || pa.getattr("date32")?.call0();
    let decimal = |scale: u8| pa.getattr("decimal128")?.call1((28, scale));
    let cluster = dictionary(clusters.indices, clusters.values)?;
    let ydernummer = dictionary(ydernumre.indices, ydernumre.values)?;
    let kind = dictionary(kinds.indices, kinds.values)?;
    let rule = dictionary(rules.indices, rules.values)?;
    let payer = dictionary(payers.indices, payers.values)?;
    let arrays = [
        cluster,
        ydernummer,
        kind,
        fixed(int32()?, year)?,
        rule,
        fixed(date32()?, period_from)?,
        fixed(date32()?, period_until)?,
        fixed(int32()?, patients)?,
        fixed(decimal(6)?, rate)?,
        fixed(int32()?, days)?,
        fixed(int32()?, days_in_year)?,
        fixed(int32()?, capacities)?,
        fixed(decimal(2)?, amount)?,
        payer,
        fixed(date32()?, due)?,
    ];
    let table = PyDict::new(py);
    for (name, array) in FLAT_COLUMNS.iter().zip(arrays) {
        table.set_item(name, array)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("types_mapper", pandas.getattr("ArrowDtype")?)?;
    pa.getattr("table")?.call1((table,))?.call_method("to_pandas", (), Some(&kwargs))
}
