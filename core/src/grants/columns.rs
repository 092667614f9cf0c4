//! A grant report as Arrow columns: the buffers of the Arrow columnar format, in one byte
//! vector, so that a binding can hand them to an Arrow library (pyarrow in the Python package)
//! without making a value object per cell.
//!
//! The columns are FORMAT.md's fields in [`FLAT_COLUMNS`] order: money as `decimal128` in
//! exact øre (scale 2), rates as `decimal128` with scale 6 (GR-RATE allows at most 6
//! decimals, so the rescaling is exact), dates as `date32`, counts as `int32`, ydernumre as
//! UTF-8 strings, and the cluster, kind, rule and payer as dictionaries of UTF-8 values.
//! Every value is the report's own, converted; nothing here decides a value.
//!
//! ```
//! use klynge::grants::{ArrowColumns, ArrowType, FLAT_COLUMNS};
//!
//! let report = klynge::sample::national().grants(2022, 2022)?;
//! let ArrowColumns { bytes, columns } = report.arrow_columns();
//! assert_eq!(columns.iter().map(|c| c.name).collect::<Vec<_>>(), FLAT_COLUMNS);
//!
//! // The amount of line 0, in øre, read back from its decimal128 column.
//! let amount = &columns[12];
//! assert_eq!(amount.data_type, ArrowType::Decimal128 { precision: 28, scale: 2 });
//! let first: [u8; 16] = bytes[amount.data.start..][..16].try_into().unwrap();
//! assert_eq!(i128::from_le_bytes(first), report.line(0).unwrap().amount.ore());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::ops::Range;

use super::parameters::Payer;
use super::report::{FLAT_COLUMNS, GrantReport, LineKind, PENDING};
use crate::calendar::days_in_year;
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

/// A report's lines as Arrow columns, made by [`GrantReport::arrow_columns`]: every column's
/// buffers in one byte vector, and where each lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrowColumns<'a> {
    /// The buffers of every column, one after the other. Each starts on a 64-byte boundary of
    /// memory, Arrow's recommended alignment, as long as the vector is not moved or grown.
    pub bytes: Vec<u8>,
    /// The columns, in [`FLAT_COLUMNS`] order.
    pub columns: Vec<ArrowColumn<'a>>,
}

/// One column of [`ArrowColumns`]: its type and where its buffers lie in
/// [`ArrowColumns::bytes`].
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
    /// `None` when no row is null. Columns with the same nulls may share one bitmap.
    pub validity: Option<Range<usize>>,
    /// [`ArrowType::Utf8`] only: the offsets buffer.
    pub offsets: Option<Range<usize>>,
    /// The values (for a dictionary, the indices).
    pub data: Range<usize>,
    /// [`ArrowType::Dictionary`] only: the values the indices point into, in order of first
    /// appearance.
    pub values: Vec<&'a str>,
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
    /// The bytes [`GrantReport::arrow_columns`] takes at most: every column's buffers, each
    /// with room to start on an aligned address.
    pub fn arrow_len(&self) -> usize {
        let rows = self.len();
        let per_column = LAYOUT.iter().map(|(kind, width)| {
            let offsets = if *kind == ArrowType::Utf8 { 4 * (rows + 1) + ALIGNMENT } else { 0 };
            width * rows + rows.div_ceil(8) + 2 * ALIGNMENT + offsets
        });
        per_column.sum()
    }

    /// The report's lines as Arrow columns, in [`FLAT_COLUMNS`] order, all in one byte
    /// vector: a binding hands it to an Arrow library (pyarrow in the Python package) as it is.
    ///
    /// The vector is filled by appending, a buffer at a time. The report keeps its lines one
    /// vector a field, in the form these columns need, so most columns are a copy of their
    /// field; only the ydernumre (each practice's digits, made once), the dictionaries'
    /// indices and the per-year rates are looked up row by row. The six columns that only
    /// annual grants have share one validity bitmap.
    pub fn arrow_columns(&self) -> ArrowColumns<'_> {
        let lines = self.line_columns();
        let rows = self.len();
        // The fields only an annual grant has are null on the other lines; capacities the
        // other way round. The bitmap is made once for the seven columns, and stored once for
        // the six (capacities gets its complement).
        let annual = bitmap(&lines.kind, LineKind::is_annual);
        let annuals = count_valid(&annual);
        // Each annual grant's slot in the per-year tables of rates and days in the year
        // (`grant_year - first`); the other lines point past the years, at zeros.
        let first = self.first_year();
        let no_year = u16::try_from(self.last_year() - first + 1).unwrap_or(u16::MAX);
        let year_slot = |(kind, year): (&LineKind, &i16)| match u16::try_from(i32::from(*year) - first) {
            Ok(slot) if kind.is_annual() => slot,
            _ => no_year,
        };
        let years: Vec<u16> = lines.kind.iter().zip(&lines.grant_year).map(year_slot).collect();
        let mut out = Appender { bytes: Vec::with_capacity(self.arrow_len()) };
        let mut columns = Vec::with_capacity(FLAT_COLUMNS.len());
        let mut annual_span: Option<Range<usize>> = None;
        for (name, (data_type, width)) in FLAT_COLUMNS.iter().zip(LAYOUT) {
            let mut column = ArrowColumn {
                name,
                data_type,
                len: rows,
                nulls: 0,
                validity: None,
                offsets: None,
                data: 0..0,
                values: Vec::new(),
            };
            match *name {
                "cluster" => {
                    column.data = out.append_each(&lines.cluster, u32::to_le_bytes);
                    column.values = self.clusters().iter().map(|c| c.as_str()).collect();
                }
                "ydernummer" => {
                    // Six digits each: the offsets are 0, 6, 12, ... The bindings refuse a
                    // report whose columns pass 2 GiB; the bound keeps every offset an i32
                    // anyway (and lets the compiler make many at once).
                    let width = i32::try_from(width).unwrap_or(i32::MAX);
                    let last_row = i32::MAX.checked_div(width).unwrap_or(0);
                    let offset = |row: i32| (row.min(last_row) * width).to_le_bytes();
                    let ends = i32::try_from(rows + 1).unwrap_or(i32::MAX);
                    column.offsets = Some(out.append((0..ends).map(offset)));
                    // Each practice's digits are made once, then looked up per row.
                    let digits: Vec<[u8; 6]> = self.practices().iter().map(|y| y.digits()).collect();
                    let digits = |practice: u32| digits.get(practice as usize).copied().unwrap_or_default();
                    column.data = out.append_each(&lines.practice, digits);
                }
                "kind" => (column.data, column.values) = out.dictionary(&lines.kind, LineKind::as_str),
                "grant_year" => {
                    column.data = out.append_each(&lines.grant_year, |year| i32::from(year).to_le_bytes());
                }
                "rule" => (column.data, column.values) = out.dictionary(&lines.rule, Rule::id),
                "period_from" => column.data = out.append_each(&lines.from, |day| day.to_le_bytes()),
                "period_until" => column.data = out.append_each(&lines.until, i32::to_le_bytes),
                "patients" => column.data = out.append_each(&lines.patients, int32),
                "rate" => {
                    let rates = per_year(self, |year| self.rate(year).map_or([0; 16], rate_micros));
                    let rate = |slot: u16| rates.get(usize::from(slot)).copied().unwrap_or_default();
                    column.data = out.append_each(&years, rate);
                }
                "days" => {
                    // A fee's period is stored as 0 to 0: no days.
                    let days = |(from, until): (&i32, &i32)| until.wrapping_sub(*from).to_le_bytes();
                    column.data = out.append(lines.from.iter().zip(&lines.until).map(days));
                }
                "days_in_year" => {
                    let days = per_year(self, |year| i32::from(days_in_year(year)).to_le_bytes());
                    let days = |slot: u16| days.get(usize::from(slot)).copied().unwrap_or_default();
                    column.data = out.append_each(&years, days);
                }
                "capacities" => {
                    column.data = out.append_each(&lines.capacities, |c| i32::from(c).to_le_bytes());
                }
                "amount" => column.data = out.append_each(&lines.amount, |ore| ore.to_le_bytes()),
                "payer" => (column.data, column.values) = out.dictionary(&lines.payer, Payer::as_str),
                "due" => {
                    let day = |day: i32| if day == PENDING { 0 } else { day }.to_le_bytes();
                    column.data = out.append_each(&lines.due, day);
                }
                _ => {}
            }
            // The columns with nulls, and their validity bitmaps.
            let validity = match *name {
                "period_from" | "period_until" | "patients" | "rate" | "days" | "days_in_year" => {
                    // One bitmap, shared by the six columns.
                    let span = annual_span.get_or_insert_with(|| out.append_each(&annual, |bits| [bits]));
                    Some((rows - annuals, span.clone()))
                }
                "capacities" => {
                    // The complement of the annual grants' bitmap; the bits past the last row
                    // stay clear.
                    let span = out.append_each(&annual, |bits| [!bits]);
                    if let Some(last) = out.bytes.last_mut()
                        && !rows.is_multiple_of(8)
                    {
                        *last &= (1u8 << (rows % 8)) - 1;
                    }
                    Some((annuals, span))
                }
                "due" => {
                    let due = bitmap(&lines.due, |day| day != PENDING);
                    Some((rows - count_valid(&due), out.append_each(&due, |bits| [bits])))
                }
                _ => None,
            };
            if let Some((nulls, span)) = validity
                && nulls > 0
            {
                column.nulls = nulls;
                column.validity = Some(span);
            }
            columns.push(column);
        }
        ArrowColumns { bytes: out.bytes, columns }
    }
}

/// Counts are bounded far below `i32::MAX` (MEM-PATIENTS, MEM-CAPACITY).
fn int32(value: u32) -> [u8; 4] {
    i32::try_from(value).unwrap_or(i32::MAX).to_le_bytes()
}

/// A rate in millionths of a krone; GR-RATE allows at most 6 decimals, so this is exact.
fn rate_micros(rate: crate::money::Rate) -> [u8; 16] {
    let mut value = rate.value();
    value.rescale(6);
    value.mantissa().to_le_bytes()
}

/// A value for each of the report's grant years, in order, and a zero value after them (for the
/// lines that are not annual grants).
fn per_year<const W: usize>(report: &GrantReport, value: impl Fn(i32) -> [u8; W]) -> Vec<[u8; W]> {
    let mut values: Vec<[u8; W]> = (report.first_year()..=report.last_year()).map(value).collect();
    values.push([0; W]);
    values
}

/// The validity bitmap of `values`, a byte at a time: bit `i % 8` of byte `i / 8` is set when
/// `valid` holds for row `i`.
fn bitmap<T: Copy>(values: &[T], valid: impl Fn(T) -> bool) -> Vec<u8> {
    // Eight rows a byte, gathered in a register; whole groups of eight first, where the
    // compiler tests the eight at once.
    let byte =
        |group: &[T]| group.iter().enumerate().fold(0u8, |byte, (bit, value)| byte | u8::from(valid(*value)) << bit);
    let groups = values.chunks_exact(8);
    let rest = groups.remainder();
    let mut bitmap: Vec<u8> = groups.map(byte).collect();
    if !rest.is_empty() {
        bitmap.push(byte(rest));
    }
    bitmap
}

/// The rows a validity bitmap marks valid.
fn count_valid(bitmap: &[u8]) -> usize {
    bitmap.iter().map(|bits| bits.count_ones() as usize).sum()
}

/// Builds [`ArrowColumns::bytes`], buffer after buffer.
struct Appender {
    bytes: Vec<u8>,
}

impl Appender {
    /// Pads the vector to an `ALIGNMENT` boundary of memory, where the next buffer starts.
    /// `arrow_len` reserves room for every buffer, so the vector is not moved while it is
    /// filled (were it moved, the buffers would still be right, only not aligned).
    fn align(&mut self) -> usize {
        // The address only decides the padding; no pointer is made from it.
        let end = (self.bytes.as_ptr() as usize).wrapping_add(self.bytes.len());
        let pad = (ALIGNMENT - end % ALIGNMENT) % ALIGNMENT;
        self.bytes.resize(self.bytes.len() + pad, 0);
        self.bytes.len()
    }

    /// Appends `values`, `W` bytes each, as an aligned buffer; says where it lies. The buffer
    /// is zeroed first, then written while it is still in the cache.
    fn append<const W: usize>(&mut self, values: impl ExactSizeIterator<Item = [u8; W]>) -> Range<usize> {
        let start = self.align();
        self.bytes.resize(start + W * values.len(), 0);
        let buffer = self.bytes.get_mut(start..).unwrap_or_default();
        for (slot, value) in buffer.chunks_exact_mut(W).zip(values) {
            slot.copy_from_slice(&value);
        }
        start..self.bytes.len()
    }

    /// Appends `value` of each of `source`, `W` bytes each, as an aligned buffer; says where
    /// it lies. [`Appender::append`] for a column made from one field: the values are made a
    /// block at a time on the stack, then copied on, so the buffer is written once, not zeroed
    /// first (measured: the 16-byte columns take about a fifth less time).
    fn append_each<T: Copy, const W: usize>(
        &mut self,
        source: &[T],
        mut value: impl FnMut(T) -> [u8; W],
    ) -> Range<usize> {
        /// Values a block: at most 1 KiB.
        const BLOCK: usize = 64;
        let start = self.align();
        let mut block = [[0u8; W]; BLOCK];
        for rows in source.chunks(BLOCK) {
            for (slot, row) in block.iter_mut().zip(rows) {
                *slot = value(*row);
            }
            self.bytes.extend_from_slice(block.get(..rows.len()).unwrap_or_default().as_flattened());
        }
        start..self.bytes.len()
    }

    /// Appends a dictionary column's int32 indices; says where they lie and gives the values
    /// they point into, in order of first appearance.
    ///
    /// The keys are found first, then each row's index is read from a table, with no branch a
    /// row. The keys are looked for in the first rows only (a report's first cluster usually
    /// has every kind of line); should a later row hold another key, the whole column is
    /// scanned for keys and the indices written again.
    fn dictionary<K: Ordinal>(
        &mut self,
        keys: &[K],
        text: impl Fn(K) -> &'static str,
    ) -> (Range<usize>, Vec<&'static str>) {
        /// Rows looked at for keys before the table is tried.
        const FIRST_ROWS: usize = 4096;
        /// A key not in the table: no index is this large.
        const ABSENT: u32 = u32::MAX;
        let mut order = Vec::new();
        let mut seen = [false; 256];
        let mut find_keys = |rows: &[K], order: &mut Vec<K>| {
            for key in rows {
                if let Some(seen) = seen.get_mut(usize::from(key.ordinal()))
                    && !*seen
                {
                    *seen = true;
                    order.push(*key);
                    if order.len() == K::COUNT {
                        return;
                    }
                }
            }
        };
        find_keys(keys.get(..FIRST_ROWS).unwrap_or(keys), &mut order);
        let start = self.bytes.len();
        let span = loop {
            let mut index_of = [ABSENT; 256];
            for (index, key) in order.iter().enumerate() {
                if let Some(slot) = index_of.get_mut(usize::from(key.ordinal())) {
                    *slot = u32::try_from(index).unwrap_or(ABSENT);
                }
            }
            // The indices or-ed together: below 256 unless a row's key was absent.
            let mut all = 0;
            let index = |key: &K| {
                let index = index_of.get(usize::from(key.ordinal())).copied().unwrap_or(ABSENT);
                all |= index;
                index.to_le_bytes()
            };
            let span = self.append(keys.iter().map(index));
            if all < 256 || order.len() == K::COUNT {
                break span;
            }
            self.bytes.truncate(start);
            find_keys(keys, &mut order);
        };
        (span, order.into_iter().map(text).collect())
    }
}

/// The keys a dictionary column can hold, numbered from 0.
trait Ordinal: Copy {
    /// How many keys there are.
    const COUNT: usize;

    fn ordinal(self) -> u8;
}

impl Ordinal for LineKind {
    const COUNT: usize = 3;

    fn ordinal(self) -> u8 {
        self as u8
    }
}

impl Ordinal for Rule {
    const COUNT: usize = Rule::ALL.len();

    fn ordinal(self) -> u8 {
        self as u8
    }
}

impl Ordinal for Payer {
    const COUNT: usize = 2;

    fn ordinal(self) -> u8 {
        self as u8
    }
}

// Every key's ordinal fits a byte.
const _: () = assert!(Rule::ALL.len() <= 256);

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
        let ArrowColumns { bytes: buffer, columns } = report.arrow_columns();
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
        // A null row's value is zero (Arrow leaves it undefined; here it is never garbage).
        for column in columns.iter().filter(|c| c.data_type == ArrowType::Int32 || c.data_type == ArrowType::Date32) {
            for row in (0..report.len()).filter(|row| !valid(&buffer, column, *row)) {
                assert_eq!(i32_at(&buffer, &column.data, row), 0, "{} row {row}", column.name);
            }
        }
        assert!(columns.iter().all(|c| nulls(c) == c.nulls));
        // The bits past the last row are clear.
        assert_ne!(report.len() % 8, 0, "the sample's last bitmap byte is partly used");
        for column in columns.iter().filter(|c| c.validity.is_some()) {
            let last = *buffer.get(column.validity.as_ref().unwrap().end - 1).unwrap();
            assert_eq!(last >> (report.len() % 8), 0, "{}", column.name);
        }
        // The annual grants' six columns share one bitmap.
        let shared: Vec<_> = [from, until, patients, rate, days, in_year].iter().map(|c| c.validity.clone()).collect();
        assert!(shared.iter().all(|v| *v == shared[0]));
        assert!(due.nulls > 0 && capacities.nulls > 0, "the sample has pending lines and annual grants");
    }

    #[test]
    fn an_empty_report_has_empty_columns() {
        let report = crate::sample::national().grants(1990, 1990).unwrap();
        assert!(report.is_empty());
        let columns = report.arrow_columns().columns;
        assert!(columns.iter().all(|c| c.len == 0 && c.nulls == 0 && c.data.is_empty() && c.validity.is_none()));
        // One offset, 0, for no strings.
        assert_eq!(columns.get(1).and_then(|c| c.offsets.clone()).map(|o| o.len()), Some(4));
    }

    #[test]
    fn the_columns_fit_the_room_reserved_so_every_buffer_stays_aligned() {
        let scenario = crate::sample::national();
        for (first, last) in [(2018, 2026), (2018, 2018), (2022, 2022), (2025, 2026)] {
            let report = scenario.grants(first, last).unwrap();
            let ArrowColumns { bytes, columns } = report.arrow_columns();
            assert!(bytes.len() <= report.arrow_len(), "{first}-{last}");
            for column in &columns {
                let spans = [Some(&column.data), column.validity.as_ref(), column.offsets.as_ref()];
                for span in spans.into_iter().flatten() {
                    assert_eq!(bytes.as_ptr().wrapping_add(span.start) as usize % ALIGNMENT, 0, "{}", column.name);
                }
            }
        }
    }

    fn indices(bytes: &[u8], span: &Range<usize>) -> Vec<i32> {
        bytes.get(span.clone()).unwrap().chunks_exact(4).map(|b| i32::from_le_bytes(b.try_into().unwrap())).collect()
    }

    #[test]
    fn a_dictionary_key_first_seen_late_in_a_long_column_gets_its_index() {
        // The first rows hold one key only; the table made from them lacks the late key, so the
        // column is scanned again and rewritten.
        let mut keys = vec![LineKind::AnnualGrant; 5000];
        keys.push(LineKind::Clawback);
        keys.push(LineKind::AnnualGrant);
        let mut out = Appender { bytes: Vec::new() };
        let (span, values) = out.dictionary(&keys, LineKind::as_str);
        assert_eq!(values, ["annual_grant", "clawback"]);
        let written = indices(&out.bytes, &span);
        assert_eq!(written.len(), keys.len());
        assert!(written.iter().zip(&keys).all(|(i, k)| values[*i as usize] == k.as_str()));
    }

    #[test]
    fn dictionary_values_come_in_order_of_first_appearance() {
        use Rule::{GrAnnualPlo, GrAnnualRegional, GrClawback, GrStartup};
        let keys = [GrClawback, GrAnnualPlo, GrClawback, GrStartup, GrAnnualRegional, GrStartup];
        let mut out = Appender { bytes: Vec::new() };
        let (span, values) = out.dictionary(&keys, Rule::id);
        assert_eq!(values, ["GR-CLAWBACK", "GR-ANNUAL-PLO", "GR-STARTUP", "GR-ANNUAL-REGIONAL"]);
        assert_eq!(indices(&out.bytes, &span), [0, 1, 0, 2, 3, 2]);
    }
}
