//! A grant report as Arrow arrays, made into a pandas DataFrame of Arrow-backed columns.
//!
//! Every column's buffers are laid out in one Python `bytes` object, written block by block
//! (each block of lines stays in cache while all fifteen columns read it), and pyarrow takes
//! zero-copy slices of it; no Python object is made per cell. Money is `decimal128` (exact
//! øre), rates `decimal128` with 6 places, dates `date32`, ydernumre strings, the other
//! repeated strings dictionary-encoded. Conversion only: every value comes from the core's
//! accessors, no rule logic here.

use chrono::{Datelike, NaiveDate};
use pyo3::exceptions::{PyOverflowError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList};

use klynge::grants::{CompactLine, FLAT_COLUMNS};
use klynge::{GrantReport, LineKind};

/// Where Arrow wants buffers to start (and what pyarrow allocates to).
const ALIGNMENT: usize = 64;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01, Arrow's `date32` epoch.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn date32(date: NaiveDate) -> [u8; 4] {
    (date.num_days_from_ce() - EPOCH_DAYS_FROM_CE).to_le_bytes()
}

fn int32(value: u32) -> [u8; 4] {
    i32::try_from(value).unwrap_or(i32::MAX).to_le_bytes()
}

fn index32(value: usize) -> [u8; 4] {
    i32::try_from(value).unwrap_or(i32::MAX).to_le_bytes()
}

/// A column's place in the shared buffer: `start..start + len`.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: usize,
    len: usize,
}

/// Hands out consecutive, aligned, non-overlapping parts of the shared buffer.
struct Carver<'a> {
    rest: &'a mut [u8],
    /// Where `rest` starts in the buffer.
    at: usize,
    /// Set when a part could not be given in full (the buffer was sized too small).
    short: bool,
}

impl<'a> Carver<'a> {
    /// The next `len` bytes, starting at an `ALIGNMENT` boundary of memory.
    fn take(&mut self, len: usize) -> (&'a mut [u8], Span) {
        let rest = std::mem::take(&mut self.rest);
        let pad = (ALIGNMENT - (rest.as_ptr() as usize) % ALIGNMENT) % ALIGNMENT;
        let (_, rest) = rest.split_at_mut(pad.min(rest.len()));
        self.short |= rest.len() < len;
        let (part, rest) = rest.split_at_mut(len.min(rest.len()));
        let span = Span { start: self.at + pad, len };
        self.at += pad + part.len();
        self.rest = rest;
        (part, span)
    }
}

/// One fixed-width column being written row by row: `W` bytes a value, a validity bit a row.
struct Column<'a, const W: usize> {
    slots: std::slice::ChunksExactMut<'a, u8>,
    validity: std::slice::IterMut<'a, u8>,
    /// The validity bits of the current group of 8 rows, kept out of memory until complete.
    bits: u8,
    nulls: usize,
    spans: (Span, Span),
}

impl<'a, const W: usize> Column<'a, W> {
    fn carve(carver: &mut Carver<'a>, rows: usize) -> Self {
        let (data, data_span) = carver.take(rows * W);
        let (validity, validity_span) = carver.take(rows.div_ceil(8));
        let slots = data.chunks_exact_mut(W);
        Column { slots, validity: validity.iter_mut(), bits: 0, nulls: 0, spans: (data_span, validity_span) }
    }

    /// Writes the next row, bit `bit` of its group; `None` is null and leaves the zeros the
    /// buffer starts with.
    #[inline(always)]
    fn put(&mut self, bit: u32, value: Option<[u8; W]>) {
        match (self.slots.next(), value) {
            (Some(slot), Some(value)) => {
                slot.copy_from_slice(&value);
                self.bits |= 1 << bit;
            }
            (_, None) => self.nulls += 1,
            (None, Some(_)) => {}
        }
    }

    /// Stores the validity bits of a finished group of 8 rows (or the last, shorter one).
    #[inline(always)]
    fn end_group(&mut self) {
        if let Some(byte) = self.validity.next() {
            *byte = self.bits;
        }
        self.bits = 0;
    }

    fn done(&self) -> Filled {
        Filled { data: self.spans.0, validity: self.spans.1, nulls: self.nulls }
    }
}

/// A written column: its data and validity spans and how many rows are null.
#[derive(Debug, Clone, Copy, Default)]
struct Filled {
    data: Span,
    validity: Span,
    nulls: usize,
}

/// The last key and its value: neighbouring lines mostly share their dates (lines come sorted
/// by cluster, year and practice), and a comparison is cheaper than the calendar arithmetic.
struct Memo<K, V>(Option<(K, V)>);

impl<K: Eq + Copy, V: Copy> Memo<K, V> {
    fn get(&mut self, key: K, value: impl FnOnce() -> V) -> V {
        match self.0 {
            Some((last, value)) if last == key => value,
            _ => {
                let value = value();
                self.0 = Some((key, value));
                value
            }
        }
    }
}

fn memo<K, V>() -> Memo<K, V> {
    Memo(None)
}

/// The distinct values of a small enum column in order of first appearance. Few values, and
/// mostly the one of the line before (lines come sorted by cluster, year and practice), so a
/// look at the last value and then a short scan beat any hash.
struct Dictionary<K> {
    values: Vec<K>,
    last: Option<(K, usize)>,
}

impl<K: Eq + Copy> Dictionary<K> {
    fn new() -> Self {
        Dictionary { values: Vec::new(), last: None }
    }

    fn index(&mut self, key: K) -> [u8; 4] {
        let index = match self.last {
            Some((last, index)) if last == key => index,
            _ => {
                let index = self.values.iter().position(|v| *v == key).unwrap_or_else(|| {
                    self.values.push(key);
                    self.values.len() - 1
                });
                self.last = Some((key, index));
                index
            }
        };
        index32(index)
    }
}

/// The columns in FLAT_COLUMNS order: where each one's buffers sit, plus the ydernummer
/// strings' offsets and the dictionaries' values.
struct Layout {
    /// True when the buffer was too small for every column (a bug, reported as an error).
    short: bool,
    columns: [Filled; 15],
    ydernummer_offsets: Span,
    kinds: Vec<&'static str>,
    rules: Vec<&'static str>,
    payers: Vec<&'static str>,
}

/// Fixed widths of the columns in FLAT_COLUMNS order, as `write_columns` carves them.
const WIDTHS: [usize; 15] = [4, 6, 4, 4, 4, 4, 4, 4, 16, 4, 4, 4, 16, 4, 4];

/// The bytes `write_columns` needs for `rows` lines: each column's data and validity, and the
/// ydernummer strings' offsets, each with room to align.
fn buffer_size(rows: usize) -> usize {
    let parts = WIDTHS.iter().flat_map(|w| [w * rows, rows.div_ceil(8)]).chain([4 * (rows + 1)]);
    parts.map(|len| len + ALIGNMENT).sum()
}

/// Writes every column of `report` into `buffer` (zeroed, `buffer_size` long), in the order
/// and widths of `WIDTHS`.
fn write_columns(report: &GrantReport, buffer: &mut [u8]) -> Layout {
    let lines = report.compact_lines();
    let rows = lines.len();
    let mut carver = Carver { rest: buffer, at: 0, short: false };
    let mut cluster = Column::<4>::carve(&mut carver, rows);
    let mut ydernummer = Column::<6>::carve(&mut carver, rows);
    let mut kind = Column::<4>::carve(&mut carver, rows);
    let mut grant_year = Column::<4>::carve(&mut carver, rows);
    let mut rule = Column::<4>::carve(&mut carver, rows);
    let mut period_from = Column::<4>::carve(&mut carver, rows);
    let mut period_until = Column::<4>::carve(&mut carver, rows);
    let mut patients = Column::<4>::carve(&mut carver, rows);
    let mut rate = Column::<16>::carve(&mut carver, rows);
    let mut days = Column::<4>::carve(&mut carver, rows);
    let mut days_in_year = Column::<4>::carve(&mut carver, rows);
    let mut capacities = Column::<4>::carve(&mut carver, rows);
    let mut amount = Column::<16>::carve(&mut carver, rows);
    let mut payer = Column::<4>::carve(&mut carver, rows);
    let mut due = Column::<4>::carve(&mut carver, rows);
    let (offsets, ydernummer_offsets) = carver.take(4 * (rows + 1));

    // A rate has at most 6 decimals (GR-RATE), so rescaling to 6 is exact; one per grant year.
    let first_year = report.first_year();
    let rates: Vec<Option<[u8; 16]>> = (first_year..=report.last_year())
        .map(|year| {
            report.rate(year).map(|rate| {
                let mut value = rate.value();
                value.rescale(6);
                value.mantissa().to_le_bytes()
            })
        })
        .collect();
    // Only annual grants carry a rate (FORMAT.md).
    let rate_of = |l: &CompactLine| {
        let year = usize::try_from(l.grant_year() - first_year).ok().filter(|_| l.kind() == LineKind::AnnualGrant)?;
        rates.get(year).copied().flatten()
    };
    let (mut kinds, mut rules, mut payers) = (Dictionary::new(), Dictionary::new(), Dictionary::new());
    let (mut froms, mut untils, mut dues, mut spans) = (memo(), memo(), memo(), memo());

    // One pass, a row at a time: each line is read once and its fields written to every
    // column while it is at hand.
    for group in lines.chunks(8) {
        for (bit, l) in (0..).zip(group) {
            cluster.put(bit, Some(index32(l.cluster_index())));
            ydernummer.put(bit, Some(l.ydernummer().digits()));
            kind.put(bit, Some(kinds.index(l.kind())));
            grant_year.put(bit, Some(l.grant_year().to_le_bytes()));
            rule.put(bit, Some(rules.index(l.rule())));
            let period = l.period();
            period_from.put(bit, period.map(|p| froms.get(p.from, || date32(p.from))));
            period_until.put(bit, period.map(|p| untils.get(p.until, || date32(p.until))));
            patients.put(bit, l.patients().map(int32));
            rate.put(bit, rate_of(l));
            days.put(bit, spans.get(period, || l.days().map(int32)));
            days_in_year.put(bit, l.days_in_year().map(|d| int32(d.into())));
            capacities.put(bit, l.capacities().map(|c| int32(c.into())));
            amount.put(bit, Some(l.amount().ore().to_le_bytes()));
            payer.put(bit, Some(payers.index(l.payer())));
            due.put(bit, l.due().map(|d| dues.get(d, || date32(d))));
        }
        cluster.end_group();
        ydernummer.end_group();
        kind.end_group();
        grant_year.end_group();
        rule.end_group();
        period_from.end_group();
        period_until.end_group();
        patients.end_group();
        rate.end_group();
        days.end_group();
        days_in_year.end_group();
        capacities.end_group();
        amount.end_group();
        payer.end_group();
        due.end_group();
    }
    // Every ydernummer is 6 bytes, so the strings' offsets are 0, 6, 12, ...
    for (offset, end) in offsets.chunks_exact_mut(4).zip((0usize..).step_by(6)) {
        offset.copy_from_slice(&index32(end));
    }

    Layout {
        short: carver.short,
        columns: [
            cluster.done(),
            ydernummer.done(),
            kind.done(),
            grant_year.done(),
            rule.done(),
            period_from.done(),
            period_until.done(),
            patients.done(),
            rate.done(),
            days.done(),
            days_in_year.done(),
            capacities.done(),
            amount.done(),
            payer.done(),
            due.done(),
        ],
        ydernummer_offsets,
        kinds: kinds.values.iter().map(|k| k.as_str()).collect(),
        rules: rules.values.iter().map(|r| r.id()).collect(),
        payers: payers.values.iter().map(|p| p.as_str()).collect(),
    }
}

/// pyarrow's constructors and the shared buffer, for one frame.
struct Arrow<'py> {
    pa: Bound<'py, PyModule>,
    from_buffers: Bound<'py, PyAny>,
    buffer: Bound<'py, PyAny>,
    rows: usize,
}

impl<'py> Arrow<'py> {
    fn kind(&self, name: &str) -> PyResult<Bound<'py, PyAny>> {
        self.pa.getattr(name)?.call0()
    }

    fn slice(&self, span: Span) -> PyResult<Bound<'py, PyAny>> {
        self.buffer.call_method1("slice", (span.start, span.len))
    }

    /// The validity buffer of a column, `None` when no row is null.
    fn validity(&self, column: Filled) -> PyResult<Bound<'py, PyAny>> {
        let py = self.pa.py();
        if column.nulls == 0 { Ok(py.None().into_bound(py)) } else { self.slice(column.validity) }
    }

    fn fixed(&self, kind: Bound<'py, PyAny>, column: Filled) -> PyResult<Bound<'py, PyAny>> {
        let buffers = PyList::new(self.pa.py(), [self.validity(column)?, self.slice(column.data)?])?;
        self.from_buffers.call1((kind, self.rows, buffers, column.nulls))
    }

    fn text(&self, column: Filled, offsets: Span) -> PyResult<Bound<'py, PyAny>> {
        let buffers =
            PyList::new(self.pa.py(), [self.validity(column)?, self.slice(offsets)?, self.slice(column.data)?])?;
        self.from_buffers.call1((self.kind("string")?, self.rows, buffers, column.nulls))
    }

    /// A string array of `values`, none null, from buffers made here (cheaper than pyarrow
    /// reading a list of Python strings).
    fn strings(&self, values: &[&str]) -> PyResult<Bound<'py, PyAny>> {
        let py = self.pa.py();
        let mut offsets = Vec::with_capacity(4 * (values.len() + 1));
        let mut text = Vec::new();
        offsets.extend_from_slice(&0i32.to_le_bytes());
        for value in values {
            text.extend_from_slice(value.as_bytes());
            let end =
                i32::try_from(text.len()).map_err(|_| PyOverflowError::new_err("dictionary values exceed 2 GiB"))?;
            offsets.extend_from_slice(&end.to_le_bytes());
        }
        let py_buffer = self.pa.getattr("py_buffer")?;
        let buffers = PyList::new(
            py,
            [
                py.None().into_bound(py),
                py_buffer.call1((PyBytes::new(py, &offsets),))?,
                py_buffer.call1((PyBytes::new(py, &text),))?,
            ],
        )?;
        self.from_buffers.call1((self.kind("string")?, values.len(), buffers, 0))
    }

    /// A dictionary-encoded string column: `indices` (int32) into `values`.
    fn dictionary(&self, indices: Filled, values: &[&str]) -> PyResult<Bound<'py, PyAny>> {
        let py = self.pa.py();
        let values = self.strings(values)?;
        // The indices were made with the values, so they are in range: no need to check again.
        let kwargs = PyDict::new(py);
        kwargs.set_item("safe", false)?;
        let from_arrays = self.pa.getattr("DictionaryArray")?.getattr("from_arrays")?;
        from_arrays.call((self.fixed(self.kind("int32")?, indices)?, values), Some(&kwargs))
    }
}

/// The report's lines as a pandas DataFrame with Arrow-backed columns, in FORMAT's order.
pub fn report_frame<'py>(
    report: &GrantReport,
    pa: &Bound<'py, PyModule>,
    pandas: &Bound<'py, PyModule>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = pa.py();
    let rows = report.len();
    let too_big = || PyOverflowError::new_err("the report is too large for one Arrow column (2 GiB)");
    i32::try_from(rows.checked_mul(16).ok_or_else(too_big)?).map_err(|_| too_big())?;
    let mut layout = None;
    // `new_with` hands over zeroed memory: a null's slot is already zeros.
    let bytes = PyBytes::new_with(py, buffer_size(rows), |buffer| {
        layout = Some(write_columns(report, buffer));
        Ok(())
    })?;
    let layout = layout
        .filter(|l| !l.short)
        .ok_or_else(|| PyRuntimeError::new_err("klynge bug: the Arrow columns did not fit their buffer"))?;
    let arrow = Arrow {
        pa: pa.clone(),
        from_buffers: pa.getattr("Array")?.getattr("from_buffers")?,
        buffer: pa.getattr("py_buffer")?.call1((bytes,))?,
        rows,
    };
    let int = || arrow.kind("int32");
    let date = || arrow.kind("date32");
    let decimal = |scale: u8| pa.getattr("decimal128")?.call1((28, scale));
    let clusters: Vec<&str> = report.clusters().iter().map(|c| c.as_str()).collect();
    let [
        cluster,
        ydernummer,
        kind,
        grant_year,
        rule,
        from,
        until,
        patients,
        rate,
        days,
        in_year,
        capacities,
        amount,
        payer,
        due,
    ] = layout.columns;
    let arrays = [
        arrow.dictionary(cluster, &clusters)?,
        arrow.text(ydernummer, layout.ydernummer_offsets)?,
        arrow.dictionary(kind, &layout.kinds)?,
        arrow.fixed(int()?, grant_year)?,
        arrow.dictionary(rule, &layout.rules)?,
        arrow.fixed(date()?, from)?,
        arrow.fixed(date()?, until)?,
        arrow.fixed(int()?, patients)?,
        arrow.fixed(decimal(6)?, rate)?,
        arrow.fixed(int()?, days)?,
        arrow.fixed(int()?, in_year)?,
        arrow.fixed(int()?, capacities)?,
        arrow.fixed(decimal(2)?, amount)?,
        arrow.dictionary(payer, &layout.payers)?,
        arrow.fixed(date()?, due)?,
    ];
    let extension_array = pandas.getattr("arrays")?.getattr("ArrowExtensionArray")?;
    let arrays = arrays.into_iter().map(|a| extension_array.call1((a,))).collect::<PyResult<Vec<_>>>()?;
    data_frame(pandas, arrays, rows)
}

/// A DataFrame of the FLAT_COLUMNS `arrays`, `rows` long. pandas' own `DataFrame._from_arrays`
/// (what `DataFrame.from_records` uses) takes the arrays as they are, where the public
/// constructor inspects each column again and costs more than the rest of `to_pandas`; it is
/// private, so if it is missing or refuses, the public constructor makes the same frame.
fn data_frame<'py>(
    pandas: &Bound<'py, PyModule>,
    arrays: Vec<Bound<'py, PyAny>>,
    rows: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let py = pandas.py();
    let frame = pandas.getattr("DataFrame")?;
    let names = PyList::new(py, FLAT_COLUMNS)?;
    let fast = || -> PyResult<Bound<'py, PyAny>> {
        // pandas takes ~50 µs to make an Index of 15 names (it infers their dtype), so it is
        // made once; each frame gets its own view, so that renaming one frame's columns
        // (`frame.columns.name = ...`) cannot touch another's.
        static COLUMNS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let columns = COLUMNS.get_or_try_init(py, || pandas.getattr("Index")?.call1((&names,)).map(Bound::unbind))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("columns", columns.bind(py).call_method0("view")?)?;
        kwargs.set_item("index", pandas.getattr("RangeIndex")?.call1((rows,))?)?;
        kwargs.set_item("verify_integrity", false)?;
        frame.getattr("_from_arrays")?.call((PyList::new(py, &arrays)?,), Some(&kwargs))
    };
    fast().or_else(|_| {
        let columns = PyDict::new(py);
        for (name, array) in FLAT_COLUMNS.iter().zip(&arrays) {
            columns.set_item(name, array)?;
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("copy", false)?;
        frame.call((columns,), Some(&kwargs))
    })
}
