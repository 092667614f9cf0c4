//! A grant report as Arrow columns: the buffers of the Arrow columnar format, written into one
//! byte buffer the caller provides, so that a binding can hand them to an Arrow library
//! (pyarrow in the Python package) without making a value object per cell.
//!
//! The columns are FORMAT.md's fields in [`FLAT_COLUMNS`] order: money as `decimal128` in
//! exact øre (scale 2), rates as `decimal128` with scale 6 (GR-RATE allows at most 6
//! decimals, so the rescaling is exact), dates as `date32`, counts as `int32`, ydernumre as
//! UTF-8 strings, and the cluster, kind, rule and payer as dictionaries of UTF-8 values.
//! Every value comes from the [`CompactLine`] accessors; nothing here decides a value.
//!
//! ```
//! use klynge::grants::{ArrowType, FLAT_COLUMNS};
//!
//! let report = klynge::sample::national().grants(2022, 2022)?;
//! let mut buffer = vec![0u8; report.arrow_len()];
//! let columns = report.write_arrow(&mut buffer)?;
//! assert_eq!(columns.iter().map(|c| c.name).collect::<Vec<_>>(), FLAT_COLUMNS);
//!
//! // The amount of line 0, in øre, read back from its decimal128 column.
//! let amount = &columns[12];
//! assert_eq!(amount.data_type, ArrowType::Decimal128 { precision: 28, scale: 2 });
//! let bytes: [u8; 16] = buffer[amount.data.start..][..16].try_into().unwrap();
//! assert_eq!(i128::from_le_bytes(bytes), report.line(0).unwrap().amount.ore());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::ops::Range;

use super::parameters::Payer;
use super::report::{CompactLine, FLAT_COLUMNS, GrantReport, LineKind};
use crate::rule::Rule;

/// The Arrow data type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrowType {
    /// 32-bit signed integers, little-endian.
    Int32,
    /// Days since 1970-01-01 as 32-bit signed integers.
    Date32,
    /// 128-bit little-endian two's-complement integers of `10^-scale`.
    Decimal128 {
        /// Significant digits.
        precision: u8,
        /// Decimal places.
        scale: i8,
    },
    /// UTF-8 strings: `len + 1` int32 offsets into the data.
    Utf8,
    /// int32 indices into [`ArrowColumn::values`], UTF-8 strings.
    Dictionary,
}

/// One column written by [`GrantReport::write_arrow`]: its type and where its buffers lie in
/// the caller's buffer. Each buffer starts on a 64-byte boundary of memory, Arrow's
/// recommended alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrowColumn<'a> {
    /// The column's name, from [`FLAT_COLUMNS`].
    pub name: &'static str,
    /// How the data buffer is to be read.
    pub data_type: ArrowType,
    /// Rows: the report's lines.
    pub len: usize,
    /// Rows without a value.
    pub nulls: usize,
    /// The validity bitmap (bit `i % 8` of byte `i / 8` set when row `i` has a value);
    /// `None` when no row is null.
    pub validity: Option<Range<usize>>,
    /// [`ArrowType::Utf8`] only: the offsets buffer.
    pub offsets: Option<Range<usize>>,
    /// The values (for a dictionary, the indices).
    pub data: Range<usize>,
    /// [`ArrowType::Dictionary`] only: the values the indices point into, in order of first
    /// appearance.
    pub values: Vec<&'a str>,
}

/// The caller's buffer is shorter than [`GrantReport::arrow_len`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the Arrow buffer holds {given} bytes; the report's columns need {needed}")]
pub struct ArrowBufferTooSmall {
    /// Bytes needed.
    pub needed: usize,
    /// Bytes given.
    pub given: usize,
}

/// Where Arrow wants buffers to start.
const ALIGNMENT: usize = 64;

/// The column types and value widths in [`FLAT_COLUMNS`] order.
const LAYOUT: [(ArrowType, usize); 15] = {
    const AMOUNT: ArrowType = ArrowType::Decimal128 { precision: 28, scale: 2 };
    const RATE: ArrowType = ArrowType::Decimal128 { precision: 28, scale: 6 };
    use ArrowType::{Date32, Dictionary, Int32, Utf8};
    [
        (Dictionary, 4), // cluster
        (Utf8, 6),       // ydernummer: six digits each
        (Dictionary, 4), // kind
        (Int32, 4),      // grant_year
        (Dictionary, 4), // rule
        (Date32, 4),     // period_from
        (Date32, 4),     // period_until
        (Int32, 4),      // patients
        (RATE, 16),      // rate
        (Int32, 4),      // days
        (Int32, 4),      // days_in_year
        (Int32, 4),      // capacities
        (AMOUNT, 16),    // amount
        (Dictionary, 4), // payer
        (Date32, 4),     // due
    ]
};

impl GrantReport {
    /// The bytes [`GrantReport::write_arrow`] needs: every column's buffers, each with room
    /// to start on an aligned address.
    pub fn arrow_len(&self) -> usize {
        let rows = self.len();
        let per_column = LAYOUT.iter().map(|(kind, width)| {
            let offsets = if *kind == ArrowType::Utf8 { 4 * (rows + 1) + ALIGNMENT } else { 0 };
            width * rows + rows.div_ceil(8) + 2 * ALIGNMENT + offsets
        });
        per_column.sum()
    }

    /// Writes the report's lines as Arrow columns into `buffer` and says where each column's
    /// buffers are, in [`FLAT_COLUMNS`] order. `buffer` must hold [`GrantReport::arrow_len`]
    /// bytes; its contents are overwritten where the columns lie.
    pub fn write_arrow<'a>(&'a self, buffer: &mut [u8]) -> Result<Vec<ArrowColumn<'a>>, ArrowBufferTooSmall> {
        Ok(self.arrow_tasks(buffer)?.into_iter().map(ArrowTask::run).collect())
    }

    /// [`GrantReport::write_arrow`] as one task a column, in [`FLAT_COLUMNS`] order, for a
    /// caller that spreads them over threads: each task owns its column's part of `buffer` and
    /// can run on any thread, in any order. Running them all writes what `write_arrow` writes.
    ///
    /// ```
    /// let report = klynge::sample::national().grants(2022, 2022)?;
    /// let mut buffer = vec![0u8; report.arrow_len()];
    /// let columns: Vec<_> = std::thread::scope(|scope| {
    ///     let tasks = report.arrow_tasks(&mut buffer)?;
    ///     let running: Vec<_> = tasks.into_iter().map(|task| scope.spawn(|| task.run())).collect();
    ///     Ok::<_, klynge::grants::ArrowBufferTooSmall>(running.into_iter().map(|r| r.join().unwrap()).collect())
    /// })?;
    /// let mut again = vec![0u8; report.arrow_len()];
    /// for (threaded, one_by_one) in columns.iter().zip(report.write_arrow(&mut again)?) {
    ///     assert_eq!((threaded.name, threaded.nulls), (one_by_one.name, one_by_one.nulls));
    ///     assert_eq!(buffer[threaded.data.clone()], again[one_by_one.data.clone()]);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn arrow_tasks<'a, 'b>(&'a self, buffer: &'b mut [u8]) -> Result<Vec<ArrowTask<'a, 'b>>, ArrowBufferTooSmall> {
        let needed = self.arrow_len();
        if buffer.len() < needed {
            return Err(ArrowBufferTooSmall { needed, given: buffer.len() });
        }
        let rows = self.len();
        let mut carver = Carver { rest: buffer, at: 0 };
        let mut tasks = Vec::with_capacity(FLAT_COLUMNS.len());
        for (name, (data_type, width)) in FLAT_COLUMNS.iter().zip(LAYOUT) {
            let (validity, validity_span) = carver.take(rows.div_ceil(8));
            let mut offsets = (data_type == ArrowType::Utf8).then(|| carver.take(4 * (rows + 1)));
            let (data, data_span) = carver.take(width * rows);
            if let Some((offsets, _)) = &mut offsets {
                // The strings here are all `width` bytes long (ydernumre: six digits), so the
                // offsets are 0, width, 2 × width, ...
                for (offset, end) in offsets.chunks_exact_mut(4).zip((0usize..).step_by(width)) {
                    offset.copy_from_slice(&index32(end));
                }
            }
            let column = ArrowColumn {
                name,
                data_type,
                len: rows,
                nulls: 0,
                validity: Some(validity_span),
                offsets: offsets.map(|(_, span)| span),
                data: data_span,
                values: Vec::new(),
            };
            tasks.push(ArrowTask { report: self, column, writer: Writer::new(self, name), data, validity });
        }
        Ok(tasks)
    }
}

/// The writing of one column of [`GrantReport::write_arrow`], made by
/// [`GrantReport::arrow_tasks`]: `Send`, so it can run on another thread.
pub struct ArrowTask<'a, 'b> {
    report: &'a GrantReport,
    column: ArrowColumn<'a>,
    writer: Writer,
    data: &'b mut [u8],
    validity: &'b mut [u8],
}

impl<'a> ArrowTask<'a, '_> {
    /// The column this task writes.
    pub fn name(&self) -> &'static str {
        self.column.name
    }

    /// Writes the column's buffers and says where they lie.
    pub fn run(self) -> ArrowColumn<'a> {
        let ArrowTask { report, mut column, mut writer, data, validity } = self;
        column.nulls = writer.write(report.compact_lines(), Out { data, validity });
        column.values = writer.values(report);
        if column.nulls == 0 {
            column.validity = None;
        }
        column
    }
}

impl fmt::Debug for ArrowTask<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArrowTask").field("column", &self.column.name).finish_non_exhaustive()
    }
}

/// Counts are bounded far below `i32::MAX` (MEM-PATIENTS, MEM-CAPACITY, calendar days).
fn int32(value: u32) -> [u8; 4] {
    i32::try_from(value).unwrap_or(i32::MAX).to_le_bytes()
}

fn index32(value: usize) -> [u8; 4] {
    i32::try_from(value).unwrap_or(i32::MAX).to_le_bytes()
}

/// A rate in millionths of a krone; GR-RATE allows at most 6 decimals, so this is exact.
fn rate_micros(rate: crate::money::Rate) -> [u8; 16] {
    let mut value = rate.value();
    value.rescale(6);
    value.mantissa().to_le_bytes()
}

/// Hands out consecutive, non-overlapping parts of the caller's buffer, each starting on an
/// `ALIGNMENT` boundary of memory.
struct Carver<'b> {
    rest: &'b mut [u8],
    /// Where `rest` starts in the buffer.
    at: usize,
}

impl<'b> Carver<'b> {
    /// The next `len` bytes and where they lie; `arrow_len` leaves room for every part.
    fn take(&mut self, len: usize) -> (&'b mut [u8], Range<usize>) {
        let rest = std::mem::take(&mut self.rest);
        // The address only decides the padding; no pointer is made from it.
        let pad = (ALIGNMENT - (rest.as_ptr() as usize) % ALIGNMENT) % ALIGNMENT;
        let (_, rest) = rest.split_at_mut(pad.min(rest.len()));
        let (part, rest) = rest.split_at_mut(len.min(rest.len()));
        let start = self.at + pad;
        self.at = start + part.len();
        self.rest = rest;
        (part, start..start + len)
    }
}

/// How each column of [`FLAT_COLUMNS`] gets its values from the [`CompactLine`] accessors, with
/// what it keeps while it goes.
enum Writer {
    Cluster,
    Ydernummer,
    Kind(Dictionary<LineKind>),
    GrantYear,
    Rule(Dictionary<Rule>),
    PeriodFrom,
    PeriodUntil,
    Patients,
    /// One rate a grant year from `first`, converted once.
    Rate {
        first: i32,
        rates: Vec<Option<[u8; 16]>>,
    },
    Days,
    DaysInYear,
    Capacities,
    Amount,
    Payer(Dictionary<Payer>),
    Due,
    /// Not a name of FLAT_COLUMNS: writes nothing. (The tests read back every column.)
    Unknown,
}

impl Writer {
    fn new(report: &GrantReport, name: &str) -> Self {
        match name {
            "cluster" => Writer::Cluster,
            "ydernummer" => Writer::Ydernummer,
            "kind" => Writer::Kind(Dictionary::new()),
            "grant_year" => Writer::GrantYear,
            "rule" => Writer::Rule(Dictionary::new()),
            "period_from" => Writer::PeriodFrom,
            "period_until" => Writer::PeriodUntil,
            "patients" => Writer::Patients,
            "rate" => {
                let (first, last) = (report.first_year(), report.last_year());
                Writer::Rate { first, rates: (first..=last).map(|year| report.rate(year).map(rate_micros)).collect() }
            }
            "days" => Writer::Days,
            "days_in_year" => Writer::DaysInYear,
            "capacities" => Writer::Capacities,
            "amount" => Writer::Amount,
            "payer" => Writer::Payer(Dictionary::new()),
            "due" => Writer::Due,
            _ => Writer::Unknown,
        }
    }

    /// Writes the rows of `lines`; returns how many are null.
    fn write(&mut self, lines: &[CompactLine], out: Out<'_>) -> usize {
        match self {
            Writer::Cluster => out.dense(lines, |l| index32(l.cluster_index())),
            Writer::Ydernummer => out.dense(lines, |l| l.ydernummer().digits()),
            Writer::Kind(kinds) => out.dense(lines, |l| kinds.index(l.kind())),
            Writer::GrantYear => out.dense(lines, |l| l.grant_year().to_le_bytes()),
            Writer::Rule(rules) => out.dense(lines, |l| rules.index(l.rule())),
            Writer::PeriodFrom => out.nullable(lines, |l| l.period_epoch_days().map(|(from, _)| from.to_le_bytes())),
            Writer::PeriodUntil => out.nullable(lines, |l| l.period_epoch_days().map(|(_, until)| until.to_le_bytes())),
            Writer::Patients => out.nullable(lines, |l| l.patients().map(int32)),
            Writer::Rate { first, rates } => out.nullable(lines, |l| {
                let index = l.rate_year().and_then(|year| usize::try_from(year - *first).ok())?;
                rates.get(index).copied().flatten()
            }),
            Writer::Days => out.nullable(lines, |l| l.days().map(int32)),
            Writer::DaysInYear => out.nullable(lines, |l| l.days_in_year().map(|d| int32(d.into()))),
            Writer::Capacities => out.nullable(lines, |l| l.capacities().map(|c| int32(c.into()))),
            Writer::Amount => out.dense(lines, |l| l.amount().ore().to_le_bytes()),
            Writer::Payer(payers) => out.dense(lines, |l| payers.index(l.payer())),
            Writer::Due => out.nullable(lines, |l| l.due_epoch_day().map(i32::to_le_bytes)),
            Writer::Unknown => 0,
        }
    }

    /// A dictionary column's values, in the order of its indices.
    fn values(self, report: &GrantReport) -> Vec<&str> {
        match self {
            Writer::Cluster => report.clusters().iter().map(|c| c.as_str()).collect(),
            Writer::Kind(kinds) => kinds.values(LineKind::as_str),
            Writer::Rule(rules) => rules.values(|r| r.id()),
            Writer::Payer(payers) => payers.values(|p| p.as_str()),
            _ => Vec::new(),
        }
    }
}

/// A column's data and validity buffers.
struct Out<'b> {
    data: &'b mut [u8],
    validity: &'b mut [u8],
}

impl Out<'_> {
    /// A column without nulls, `W` bytes a row; returns 0, its nulls.
    fn dense<const W: usize>(self, lines: &[CompactLine], mut value: impl FnMut(&CompactLine) -> [u8; W]) -> usize {
        for (line, slot) in lines.iter().zip(self.data.chunks_exact_mut(W)) {
            slot.copy_from_slice(&value(line));
        }
        0
    }

    /// A column whose `None` rows are null (and zeros); returns the number of nulls.
    fn nullable<const W: usize>(
        self,
        lines: &[CompactLine],
        mut value: impl FnMut(&CompactLine) -> Option<[u8; W]>,
    ) -> usize {
        let mut valid = 0;
        let groups = lines.chunks(8).zip(self.data.chunks_mut(8 * W)).zip(self.validity.iter_mut());
        for ((group, out), bits) in groups {
            // The group's bits are gathered in a register and stored once: setting them in
            // memory row by row would chain every row on the one before.
            let mut byte = 0u8;
            for (bit, (line, slot)) in group.iter().zip(out.chunks_exact_mut(W)).enumerate() {
                match value(line) {
                    Some(bytes) => {
                        slot.copy_from_slice(&bytes);
                        byte |= 1 << bit;
                    }
                    None => slot.fill(0),
                }
            }
            *bits = byte;
            valid += byte.count_ones() as usize;
        }
        lines.len() - valid
    }
}

/// The keys a dictionary column can hold, numbered from 0.
trait Ordinal: Copy {
    fn ordinal(self) -> usize;
}

impl Ordinal for LineKind {
    fn ordinal(self) -> usize {
        self as usize
    }
}

impl Ordinal for Rule {
    fn ordinal(self) -> usize {
        self as usize
    }
}

impl Ordinal for Payer {
    fn ordinal(self) -> usize {
        self as usize
    }
}

/// A dictionary column's keys in order of first appearance, and each key's index, looked up
/// by its ordinal: one load a row, whatever the order of the keys.
struct Dictionary<K> {
    keys: Vec<K>,
    /// By ordinal: the index, `None` for a key not seen yet.
    index_of: Vec<Option<[u8; 4]>>,
}

impl<K: Ordinal> Dictionary<K> {
    fn new() -> Self {
        Dictionary { keys: Vec::new(), index_of: Vec::new() }
    }

    /// The index of `key`, which gets the next one if it is new.
    #[inline]
    fn index(&mut self, key: K) -> [u8; 4] {
        match self.index_of.get(key.ordinal()) {
            Some(Some(index)) => *index,
            _ => self.add(key),
        }
    }

    #[cold]
    fn add(&mut self, key: K) -> [u8; 4] {
        let index = index32(self.keys.len());
        self.keys.push(key);
        let ordinal = key.ordinal();
        if self.index_of.len() <= ordinal {
            self.index_of.resize(ordinal + 1, None);
        }
        if let Some(slot) = self.index_of.get_mut(ordinal) {
            *slot = Some(index);
        }
        index
    }

    fn values(self, text: impl Fn(K) -> &'static str) -> Vec<&'static str> {
        self.keys.into_iter().map(text).collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn i32_at(buffer: &[u8], range: &Range<usize>, row: usize) -> i32 {
        let bytes = buffer.get(range.start + 4 * row..range.start + 4 * row + 4).unwrap();
        i32::from_le_bytes(bytes.try_into().unwrap())
    }

    fn valid(buffer: &[u8], column: &ArrowColumn<'_>, row: usize) -> bool {
        column.validity.as_ref().is_none_or(|v| buffer.get(v.start + row / 8).unwrap() & (1 << (row % 8)) != 0)
    }

    #[test]
    fn gr_explain_arrow_columns_hold_every_field_of_every_line() {
        let report = crate::sample::national().grants(2018, 2026).unwrap();
        let mut buffer = vec![0xAAu8; report.arrow_len()];
        let columns = report.write_arrow(&mut buffer).unwrap();
        for column in &columns {
            assert_eq!(column.len, report.len());
            for range in [Some(&column.data), column.validity.as_ref(), column.offsets.as_ref()].into_iter().flatten() {
                assert_eq!(buffer.as_ptr().wrapping_add(range.start) as usize % ALIGNMENT, 0, "{}", column.name);
                assert!(range.end <= buffer.len());
            }
        }
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let date = |c: &ArrowColumn<'_>, row| {
            valid(&buffer, c, row).then(|| epoch + chrono::Days::new(i32_at(&buffer, &c.data, row) as u64))
        };
        let int = |c: &ArrowColumn<'_>, row| valid(&buffer, c, row).then(|| i32_at(&buffer, &c.data, row));
        let dict = |c: &ArrowColumn<'_>, row| c.values.get(i32_at(&buffer, &c.data, row) as usize).unwrap().to_string();
        let decimal = |c: &ArrowColumn<'_>, row: usize| {
            let bytes = buffer.get(c.data.start + 16 * row..c.data.start + 16 * row + 16).unwrap();
            valid(&buffer, c, row).then(|| i128::from_le_bytes(bytes.try_into().unwrap()))
        };
        let [
            cluster,
            yder,
            kind,
            year,
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
        ] = &columns[..]
        else {
            panic!("15 columns")
        };
        let offsets = yder.offsets.clone().unwrap();
        for (row, line) in report.lines().enumerate() {
            assert_eq!(dict(cluster, row), line.cluster.as_str());
            let (start, end) = (i32_at(&buffer, &offsets, row) as usize, i32_at(&buffer, &offsets, row + 1) as usize);
            assert_eq!(
                buffer.get(yder.data.start + start..yder.data.start + end).unwrap(),
                line.ydernummer.to_string().as_bytes()
            );
            assert_eq!(dict(kind, row), line.kind.as_str());
            assert_eq!(int(year, row), Some(line.grant_year));
            assert_eq!(dict(rule, row), line.rule.id());
            assert_eq!(date(from, row), line.period.map(|p| p.from));
            assert_eq!(date(until, row), line.period.map(|p| p.until));
            assert_eq!(int(patients, row), line.patients.map(|p| p as i32));
            assert_eq!(
                decimal(rate, row).map(|micros| rust_decimal::Decimal::from_i128_with_scale(micros, 6)),
                line.rate.map(|r| r.value())
            );
            assert_eq!(int(days, row), line.days.map(|d| d as i32));
            assert_eq!(int(in_year, row), line.days_in_year.map(i32::from));
            assert_eq!(int(capacities, row), line.capacities.map(i32::from));
            assert_eq!(decimal(amount, row), Some(line.amount.ore()));
            assert_eq!(dict(payer, row), line.payer.as_str());
            assert_eq!(date(due, row), line.due);
        }
        let nulls = |c: &ArrowColumn<'_>| (0..report.len()).filter(|row| !valid(&buffer, c, *row)).count();
        assert!(columns.iter().all(|c| nulls(c) == c.nulls));
        assert!(due.nulls > 0 && capacities.nulls > 0, "the sample has pending lines and annual grants");
    }

    #[test]
    fn an_empty_report_writes_empty_columns() {
        let report = crate::sample::national().grants(1990, 1990).unwrap();
        assert!(report.is_empty());
        let mut buffer = vec![0u8; report.arrow_len()];
        let columns = report.write_arrow(&mut buffer).unwrap();
        assert!(columns.iter().all(|c| c.len == 0 && c.nulls == 0 && c.data.is_empty()));
        assert_eq!(columns.get(1).and_then(|c| c.offsets.clone()).map(|o| o.len()), Some(4));
    }

    #[test]
    fn a_short_buffer_is_an_error_and_left_untouched() {
        let report = crate::sample::national().grants(2022, 2022).unwrap();
        let mut buffer = vec![7u8; report.arrow_len() - 1];
        let error = report.write_arrow(&mut buffer).unwrap_err();
        assert_eq!(error, ArrowBufferTooSmall { needed: report.arrow_len(), given: buffer.len() });
        assert!(buffer.iter().all(|b| *b == 7));
    }
}
