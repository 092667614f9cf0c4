//! Tables out, the ecosystem's way (feature `arrow`): a grant report, its totals and a
//! comparison as Arrow record batches, which pyarrow, polars, DuckDB and Parquet writers take
//! as they are.
//!
//! Money is `decimal128` in exact øre (scale 2), rates `decimal128` with scale 6 (a rate has
//! at most 6 decimals, GR-RATE), dates `date32`, counts `int32`, and the few distinct texts
//! (cluster, kind, rule, payer, region) dictionary-encoded. Every value is the report's own,
//! converted; nothing here decides a value. Fields that do not apply to a line's kind are
//! null, as in docs/formats.md.
//!
//! ```
//! let report = klynge::sample::national().grants(2022, 2022)?;
//! let batch = report.to_record_batch()?;
//! assert_eq!(batch.num_rows(), report.len());
//! let names: Vec<&str> = batch.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
//! assert_eq!(names, klynge::arrow::REPORT_COLUMNS);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::{Arc, LazyLock};

use arrow_array::types::{ArrowDictionaryKeyType, Date32Type, Int8Type, Int32Type};
use arrow_array::{
    ArrayRef, ArrowPrimitiveType, Decimal128Array, DictionaryArray, PrimitiveArray, RecordBatch, StringArray,
};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;

use crate::geography::Region;
use crate::grants::line::PENDING;
use crate::grants::storage::{ANNUAL_GRANT_CODE, KINDS, PAYERS, RULES, region_code};
use crate::grants::{ComparisonRow, GrantReport};

pub use crate::grants::REPORT_COLUMNS;

/// Money: exact øre.
pub const MONEY: DataType = DataType::Decimal128(28, 2);
/// A rate per patient: up to 6 decimals (GR-RATE).
pub const RATE: DataType = DataType::Decimal128(28, 6);

/// `dictionary<key, string>`.
fn dictionary(key: DataType) -> DataType {
    DataType::Dictionary(Box::new(key), Box::new(DataType::Utf8))
}

static REPORT_SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        Field::new("cluster", dictionary(DataType::Int32), false),
        Field::new("cluster_name", dictionary(DataType::Int32), true),
        Field::new("region", dictionary(DataType::Int8), true),
        Field::new("ydernummer", dictionary(DataType::Int32), false),
        Field::new("kind", dictionary(DataType::Int8), false),
        Field::new("grant_year", DataType::Int32, false),
        Field::new("rule", dictionary(DataType::Int8), false),
        Field::new("period_from", DataType::Date32, true),
        Field::new("period_until", DataType::Date32, true),
        Field::new("patients", DataType::Int32, true),
        Field::new("rate", RATE, true),
        Field::new("days", DataType::Int32, true),
        Field::new("days_in_year", DataType::Int32, true),
        Field::new("capacities", DataType::Int32, true),
        Field::new("amount", MONEY, false),
        Field::new("payer", dictionary(DataType::Int8), false),
        Field::new("due", DataType::Date32, true),
    ]))
});

/// The schema of [`GrantReport::to_record_batch`].
pub fn report_schema() -> SchemaRef {
    Arc::clone(&REPORT_SCHEMA)
}

/// A dictionary column whose `keys` index `values`.
fn dictionary_column<K: ArrowDictionaryKeyType>(
    keys: ScalarBuffer<K::Native>,
    nulls: Option<NullBuffer>,
    values: impl IntoIterator<Item = Option<impl AsRef<str>>>,
) -> Result<ArrayRef, ArrowError> {
    let values: StringArray = values.into_iter().collect();
    let keys = PrimitiveArray::<K>::try_new(keys, nulls)?;
    Ok(Arc::new(DictionaryArray::<K>::try_new(keys, Arc::new(values))?))
}

/// A primitive column.
fn primitive<T: ArrowPrimitiveType>(
    values: ScalarBuffer<T::Native>,
    nulls: Option<NullBuffer>,
) -> Result<ArrayRef, ArrowError> {
    Ok(Arc::new(PrimitiveArray::<T>::try_new(values, nulls)?))
}

/// A `decimal128` column of `data_type`'s precision and scale.
fn decimal(
    values: ScalarBuffer<i128>,
    nulls: Option<NullBuffer>,
    data_type: &DataType,
) -> Result<ArrayRef, ArrowError> {
    let DataType::Decimal128(precision, scale) = data_type else {
        return Err(ArrowError::InvalidArgumentError(format!("{data_type} is not a decimal128 type")));
    };
    Ok(Arc::new(Decimal128Array::try_new(values, nulls)?.with_precision_and_scale(*precision, *scale)?))
}

/// The nulls of a column whose row `i` is valid where `valid(i)`; `None` when every row is.
fn nulls(len: usize, valid: impl FnMut(usize) -> bool) -> Option<NullBuffer> {
    Some(NullBuffer::new(BooleanBuffer::collect_bool(len, valid))).filter(|n| n.null_count() > 0)
}

impl GrantReport {
    /// The lines as one Arrow record batch with the columns [`REPORT_COLUMNS`] (see the module
    /// docs for the types). Most columns are the report's own stored fields, shared and not
    /// copied: a report stores its lines one column a field, in Arrow's layout. Only the rate,
    /// the days, the days of the year, the regions and the validity bitmaps are made here.
    ///
    /// Errors only if Arrow refused the arrays it is given, which the tests rule out.
    pub fn to_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        let lines = self.line_columns();
        let rows = self.len();
        let clusters = self.clusters();
        // The fields only an annual grant has are null on the other lines; capacities the other
        // way round.
        let annual = BooleanBuffer::collect_bool(rows, |i| lines.kind.get(i) == Some(&ANNUAL_GRANT_CODE));
        let not_annual = Some(NullBuffer::new(!&annual)).filter(|n| n.null_count() > 0);
        let annual = Some(NullBuffer::new(annual)).filter(|n| n.null_count() > 0);
        let due = nulls(rows, |i| lines.due.get(i).is_some_and(|d| *d != PENDING));

        // The cluster's name: its keys are the cluster's own, null where a cluster has none.
        let names: Vec<Option<&str>> = (0..clusters.len()).map(|c| self.cluster_name(c)).collect();
        let named = |c: &i32| usize::try_from(*c).ok().and_then(|c| names.get(c)).is_some_and(Option::is_some);
        let name_nulls = if names.iter().all(Option::is_some) {
            None
        } else {
            nulls(rows, |i| lines.cluster.get(i).is_some_and(named))
        };
        // The region: a key per cluster, looked up per line.
        let regions: Vec<Option<i8>> = (0..clusters.len()).map(|c| self.cluster_region(c).map(region_code)).collect();
        let region_of = |c: &i32| usize::try_from(*c).ok().and_then(|c| regions.get(c)).copied().flatten();
        let region_keys: ScalarBuffer<i8> = lines.cluster.iter().map(|c| region_of(c).unwrap_or(0)).collect();
        let region_nulls = if regions.iter().all(Option::is_some) {
            None
        } else {
            nulls(rows, |i| lines.cluster.get(i).and_then(region_of).is_some())
        };

        // Per grant year, from the first: an annual line's rate in millionths of a krone, and
        // the days of its year.
        let first = self.first_year();
        let years: Vec<(i128, i32)> = (first..=self.last_year())
            .map(|year| {
                let rate = self.rate(year).map_or(0, |r| {
                    let mut value = r.value();
                    value.rescale(6);
                    value.mantissa()
                });
                (rate, i32::from(crate::dates::days_in_year(year)))
            })
            .collect();
        let of_year =
            |year: &i32| years.get(usize::try_from(year - first).unwrap_or(usize::MAX)).copied().unwrap_or((0, 0));
        // Six ASCII digits a practice, in one buffer.
        let digits: Vec<u8> = self.practices().iter().flat_map(|y| y.digits()).collect();
        let lengths = std::iter::repeat_n(6, self.practices().len());
        let ydernumre = StringArray::try_new(OffsetBuffer::from_lengths(lengths), Buffer::from_vec(digits), None)?;

        // The dictionary columns (Arrow checks every key), then the others.
        let dictionaries = || -> Result<[ArrayRef; 7], ArrowError> {
            Ok([
                dictionary_column::<Int32Type>(lines.cluster.clone(), None, clusters.iter().map(|c| Some(c.as_str())))?,
                dictionary_column::<Int32Type>(lines.cluster.clone(), name_nulls, names)?,
                dictionary_column::<Int8Type>(region_keys, region_nulls, Region::ALL.iter().map(|r| Some(r.name())))?,
                Arc::new(DictionaryArray::<Int32Type>::try_new(
                    PrimitiveArray::new(lines.practice.clone(), None),
                    Arc::new(ydernumre),
                )?),
                dictionary_column::<Int8Type>(lines.kind.clone(), None, KINDS.iter().map(|k| Some(k.as_str())))?,
                dictionary_column::<Int8Type>(lines.rule.clone(), None, RULES.iter().map(|r| Some(r.id())))?,
                dictionary_column::<Int8Type>(lines.payer.clone(), None, PAYERS.iter().map(|p| Some(p.as_str())))?,
            ])
        };
        let values = || -> Result<[ArrayRef; 10], ArrowError> {
            Ok([
                primitive::<Int32Type>(lines.grant_year.clone(), None)?,
                primitive::<Date32Type>(lines.from.clone(), annual.clone())?,
                primitive::<Date32Type>(lines.until.clone(), annual.clone())?,
                primitive::<Int32Type>(lines.patients.clone(), annual.clone())?,
                decimal(lines.grant_year.iter().map(|y| of_year(y).0).collect(), annual.clone(), &RATE)?,
                primitive::<Int32Type>(
                    lines.from.iter().zip(lines.until.iter()).map(|(f, u)| u.saturating_sub(*f)).collect(),
                    annual.clone(),
                )?,
                primitive::<Int32Type>(lines.grant_year.iter().map(|y| of_year(y).1).collect(), annual.clone())?,
                primitive::<Int32Type>(lines.capacities.clone(), not_annual.clone())?,
                decimal(lines.amount.clone(), None, &MONEY)?,
                primitive::<Date32Type>(lines.due.clone(), due.clone())?,
            ])
        };
        let [cluster, cluster_name, region, ydernummer, kind, rule, payer] = dictionaries()?;
        let [grant_year, from, until, patients, rate, days, days_in_year, capacities, amount, due] = values()?;
        let columns = vec![
            cluster,
            cluster_name,
            region,
            ydernummer,
            kind,
            grant_year,
            rule,
            from,
            until,
            patients,
            rate,
            days,
            days_in_year,
            capacities,
            amount,
            payer,
            due,
        ];
        // Which computation made the report, as the schema's metadata (docs/formats.md).
        let schema = match self.provenance() {
            Some(p) => Arc::new(
                report_schema().as_ref().clone().with_metadata(
                    [
                        ("klynge_version".to_owned(), p.klynge_version.clone()),
                        ("parameters_fingerprint".to_owned(), p.parameters_fingerprint.clone()),
                    ]
                    .into_iter()
                    .collect(),
                ),
            ),
            None => report_schema(),
        };
        RecordBatch::try_new(schema, columns)
    }

    /// The totals as one Arrow record batch: `cluster`, `cluster_name`, `region`,
    /// `grant_year`, `paid`, `repaid`, `net`, `pending` (money as `decimal128`; `net` counts
    /// the pending lines, `pending` is their part of it).
    pub fn totals_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        let totals: Vec<_> = self.totals().collect();
        let index = |id: &crate::ids::ClusterId| self.clusters().iter().position(|c| c == id);
        let cluster_of: Vec<Option<usize>> = totals.iter().map(|t| index(t.cluster)).collect();
        let schema = Arc::new(Schema::new(vec![
            Field::new("cluster", DataType::Utf8, false),
            Field::new("cluster_name", DataType::Utf8, true),
            Field::new("region", DataType::Utf8, true),
            Field::new("grant_year", DataType::Int32, false),
            Field::new("paid", MONEY, false),
            Field::new("repaid", MONEY, false),
            Field::new("net", MONEY, false),
            Field::new("pending", MONEY, false),
        ]));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(totals.iter().map(|t| Some(t.cluster.as_str())).collect::<StringArray>()),
            Arc::new(cluster_of.iter().map(|c| c.and_then(|c| self.cluster_name(c))).collect::<StringArray>()),
            Arc::new(
                cluster_of
                    .iter()
                    .map(|c| c.and_then(|c| self.cluster_region(c)).map(Region::name))
                    .collect::<StringArray>(),
            ),
            primitive::<Int32Type>(totals.iter().map(|t| t.grant_year).collect(), None)?,
            decimal(totals.iter().map(|t| t.paid.ore()).collect(), None, &MONEY)?,
            decimal(totals.iter().map(|t| t.repaid.ore()).collect(), None, &MONEY)?,
            decimal(totals.iter().map(|t| t.net.ore()).collect(), None, &MONEY)?,
            decimal(totals.iter().map(|t| t.pending.ore()).collect(), None, &MONEY)?,
        ];
        RecordBatch::try_new(schema, columns)
    }
}

/// The rows of a comparison as one Arrow record batch: `cluster`, `grant_year`, `baseline`,
/// `other`, `difference` (money as `decimal128`).
pub fn comparison_record_batch(rows: &[ComparisonRow]) -> Result<RecordBatch, ArrowError> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("cluster", DataType::Utf8, false),
        Field::new("grant_year", DataType::Int32, false),
        Field::new("baseline", MONEY, false),
        Field::new("other", MONEY, false),
        Field::new("difference", MONEY, false),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(rows.iter().map(|r| Some(r.cluster.as_str())).collect::<StringArray>()),
        primitive::<Int32Type>(rows.iter().map(|r| r.grant_year).collect(), None)?,
        decimal(rows.iter().map(|r| r.baseline.ore()).collect(), None, &MONEY)?,
        decimal(rows.iter().map(|r| r.other.ore()).collect(), None, &MONEY)?,
        decimal(rows.iter().map(|r| r.difference.ore()).collect(), None, &MONEY)?,
    ];
    RecordBatch::try_new(schema, columns)
}

impl crate::calendar::Calendar {
    /// The events as one Arrow record batch: `date`, `cluster`, `kind`, `ydernummer`, `amount`,
    /// `reason` (English), `payer`, `window_from`, `window_until`, `rule`, `text_en`, `text_da`,
    /// in CAL-EVENTS' order.
    pub fn to_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        use crate::calendar::Language;
        use crate::dates::epoch_day;
        let events = self.events();
        let schema = Arc::new(Schema::new(vec![
            Field::new("date", DataType::Date32, false),
            Field::new("cluster", DataType::Utf8, false),
            Field::new("kind", DataType::Utf8, false),
            Field::new("ydernummer", DataType::Utf8, true),
            Field::new("amount", MONEY, true),
            Field::new("reason", DataType::Utf8, true),
            Field::new("payer", DataType::Utf8, true),
            Field::new("window_from", DataType::Date32, true),
            Field::new("window_until", DataType::Date32, true),
            Field::new("rule", DataType::Utf8, false),
            Field::new("text_en", DataType::Utf8, false),
            Field::new("text_da", DataType::Utf8, false),
        ]));
        let rows = events.len();
        let amounts = nulls(rows, |i| events.get(i).is_some_and(|e| e.amount.is_some()));
        let windows = nulls(rows, |i| events.get(i).is_some_and(|e| e.window.is_some()));
        let strings = |f: &dyn Fn(&crate::calendar::CalendarEvent) -> Option<String>| -> ArrayRef {
            Arc::new(events.iter().map(f).collect::<StringArray>())
        };
        let columns: Vec<ArrayRef> = vec![
            primitive::<Date32Type>(events.iter().map(|e| epoch_day(e.date)).collect(), None)?,
            strings(&|e| Some(e.cluster.to_string())),
            strings(&|e| Some(e.kind.as_str().to_owned())),
            strings(&|e| e.ydernummer.map(|y| y.to_string())),
            decimal(events.iter().map(|e| e.amount.map_or(0, |a| a.ore())).collect(), amounts, &MONEY)?,
            strings(&|e| e.reason.as_ref().map(|r| r.text(Language::English))),
            strings(&|e| e.payer.map(|p| p.as_str().to_owned())),
            primitive::<Date32Type>(
                events.iter().map(|e| e.window.map_or(0, |w| epoch_day(w.0))).collect(),
                windows.clone(),
            )?,
            primitive::<Date32Type>(events.iter().map(|e| e.window.map_or(0, |w| epoch_day(w.1))).collect(), windows)?,
            strings(&|e| Some(e.rule.id().to_owned())),
            strings(&|e| Some(e.text_en.clone())),
            strings(&|e| Some(e.text_da.clone())),
        ];
        RecordBatch::try_new(schema, columns)
    }
}

impl crate::reconcile::Reconciliation {
    /// One row per expected transfer with its status (matched, difference, missing,
    /// not_yet_due), then one per booking that settled nothing (unexpected): `status`,
    /// `cluster`, `direction`, `payer`, `due`, `window_from`, `window_until`, `expected`,
    /// `lines` (how many report lines the transfer sums), `booked_row`, `booked_date`,
    /// `booked`, `difference`, `text`. Money as `decimal128`; `expected` is positive either
    /// way, `booked` signed as on the statement.
    pub fn to_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        use crate::dates::epoch_day;
        let rows = self.rows();
        let n = rows.len();
        let schema = Arc::new(Schema::new(vec![
            Field::new("status", DataType::Utf8, false),
            Field::new("cluster", DataType::Utf8, false),
            Field::new("direction", DataType::Utf8, false),
            Field::new("payer", DataType::Utf8, true),
            Field::new("due", DataType::Date32, true),
            Field::new("window_from", DataType::Date32, true),
            Field::new("window_until", DataType::Date32, true),
            Field::new("expected", MONEY, true),
            Field::new("lines", DataType::Int32, true),
            Field::new("booked_row", DataType::Int32, true),
            Field::new("booked_date", DataType::Date32, true),
            Field::new("booked", MONEY, true),
            Field::new("difference", MONEY, true),
            Field::new("text", DataType::Utf8, true),
        ]));
        let has_expected = nulls(n, |i| rows.get(i).is_some_and(|r| r.expected.is_some()));
        let has_booked = nulls(n, |i| rows.get(i).is_some_and(|r| r.booked.is_some()));
        let has_difference = nulls(n, |i| rows.get(i).is_some_and(|r| r.difference.is_some()));
        let strings = |f: &dyn Fn(&crate::reconcile::Row<'_>) -> Option<String>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<StringArray>())
        };
        let expected_day = |f: &dyn Fn(&crate::reconcile::ExpectedTransfer) -> NaiveDate| -> ScalarBuffer<i32> {
            rows.iter().map(|r| r.expected.map_or(0, |e| epoch_day(f(e)))).collect()
        };
        let index = |v: usize| i32::try_from(v).unwrap_or(i32::MAX);
        let columns: Vec<ArrayRef> = vec![
            strings(&|r| Some(r.status.as_str().to_owned())),
            strings(&|r| r.expected.map(|e| e.cluster.to_string()).or_else(|| r.booked.map(|b| b.cluster.to_string()))),
            strings(&|r| {
                let direction = r
                    .expected
                    .map(|e| e.direction)
                    .or_else(|| r.booked.map(|b| crate::reconcile::Direction::of(b.amount)));
                direction.map(|d| d.as_str().to_owned())
            }),
            strings(&|r| {
                r.expected.map(|e| e.payer).or_else(|| r.booked.and_then(|b| b.payer)).map(|p| p.as_str().to_owned())
            }),
            primitive::<Date32Type>(expected_day(&|e| e.due), has_expected.clone())?,
            primitive::<Date32Type>(expected_day(&|e| e.window.0), has_expected.clone())?,
            primitive::<Date32Type>(expected_day(&|e| e.window.1), has_expected.clone())?,
            decimal(
                rows.iter().map(|r| r.expected.map_or(0, |e| e.amount.ore())).collect(),
                has_expected.clone(),
                &MONEY,
            )?,
            primitive::<Int32Type>(
                rows.iter().map(|r| r.expected.map_or(0, |e| index(e.lines.len()))).collect(),
                has_expected,
            )?,
            primitive::<Int32Type>(
                rows.iter().map(|r| r.booked.map_or(0, |b| index(b.row))).collect(),
                has_booked.clone(),
            )?,
            primitive::<Date32Type>(
                rows.iter().map(|r| r.booked.map_or(0, |b| epoch_day(b.date))).collect(),
                has_booked.clone(),
            )?,
            decimal(rows.iter().map(|r| r.booked.map_or(0, |b| b.amount.ore())).collect(), has_booked, &MONEY)?,
            decimal(rows.iter().map(|r| r.difference.map_or(0, |d| d.ore())).collect(), has_difference, &MONEY)?,
            strings(&|r| r.booked.and_then(|b| b.text.clone())),
        ];
        RecordBatch::try_new(schema, columns)
    }
}

impl crate::grants::Sweep {
    /// The rows as one Arrow record batch: `variant`, `cluster` (dictionary-encoded),
    /// `grant_year`, `paid`, `repaid`, `net`, `pending` (money as `decimal128`), by variant,
    /// cluster and grant year.
    pub fn to_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        let schema = Arc::new(Schema::new(vec![
            Field::new("variant", DataType::Int32, false),
            Field::new("cluster", dictionary(DataType::Int32), false),
            Field::new("grant_year", DataType::Int32, false),
            Field::new("paid", MONEY, false),
            Field::new("repaid", MONEY, false),
            Field::new("net", MONEY, false),
            Field::new("pending", MONEY, false),
        ]));
        let rows = self.len();
        let (mut variant, mut cluster, mut year) =
            (Vec::with_capacity(rows), Vec::with_capacity(rows), Vec::with_capacity(rows));
        let (mut paid, mut repaid, mut net, mut pending) =
            (Vec::with_capacity(rows), Vec::with_capacity(rows), Vec::with_capacity(rows), Vec::with_capacity(rows));
        for row in self.rows() {
            variant.push(i32::try_from(row.variant).unwrap_or(i32::MAX));
            cluster.push(i32::try_from(row.cluster).unwrap_or(i32::MAX));
            year.push(row.grant_year);
            paid.push(i128::from(row.paid_ore));
            repaid.push(i128::from(row.repaid_ore));
            net.push(i128::from(row.paid_ore) - i128::from(row.repaid_ore));
            pending.push(i128::from(row.pending_ore));
        }
        let columns: Vec<ArrayRef> = vec![
            primitive::<Int32Type>(variant.into(), None)?,
            dictionary_column::<Int32Type>(cluster.into(), None, self.clusters().iter().map(|c| Some(c.as_str())))?,
            primitive::<Int32Type>(year.into(), None)?,
            decimal(paid.into(), None, &MONEY)?,
            decimal(repaid.into(), None, &MONEY)?,
            decimal(net.into(), None, &MONEY)?,
            decimal(pending.into(), None, &MONEY)?,
        ];
        RecordBatch::try_new(schema, columns)
    }
}

impl crate::ledger::Ledger {
    /// LED-ENTRIES as one Arrow record batch: `cluster`, `date`, `direction`, `kind`, `amount`,
    /// `balance`, `line`, `row`, `payee`, `overdraft` (money as `decimal128`).
    pub fn entries_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        ledger_batch(&self.entries, false)
    }

    /// LED-PLAN as one Arrow record batch: the entries' columns without `overdraft`, with
    /// `covered` (boolean), `shortfall` and `covered_from`.
    pub fn plan_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        ledger_batch(&self.plan, true)
    }

    /// LED-YEAR as one Arrow record batch: `cluster`, `year`, `opening`, `in_startup_fee`,
    /// `in_annual_grant`, `out_clawback`, `out_refund`, `out_meeting`, `out_honorarium`,
    /// `out_consultant`, `out_other`, `closing`.
    pub fn years_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        let years = &self.years;
        let mut fields = vec![Field::new("cluster", DataType::Utf8, false), Field::new("year", DataType::Int32, false)];
        let names = [
            "opening",
            "in_startup_fee",
            "in_annual_grant",
            "out_clawback",
            "out_refund",
            "out_meeting",
            "out_honorarium",
            "out_consultant",
            "out_other",
            "closing",
        ];
        fields.extend(names.iter().map(|n| Field::new(*n, MONEY, false)));
        let money = |f: &dyn Fn(&crate::ledger::YearSummary) -> crate::money::Dkk| {
            decimal(years.iter().map(|y| f(y).ore()).collect(), None, &MONEY)
        };
        let out = |i: usize| move |y: &crate::ledger::YearSummary| y.out.get(i).copied().unwrap_or_default();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(years.iter().map(|y| Some(y.cluster.as_str())).collect::<StringArray>()),
            primitive::<Int32Type>(years.iter().map(|y| y.year).collect(), None)?,
            money(&|y| y.opening)?,
            money(&|y| y.startup_fees)?,
            money(&|y| y.annual_grants)?,
            money(&out(0))?,
            money(&out(1))?,
            money(&out(2))?,
            money(&out(3))?,
            money(&out(4))?,
            money(&out(5))?,
            money(&|y| y.closing)?,
        ];
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
    }
}

/// Entries (booked or planned) as one record batch.
fn ledger_batch(entries: &[crate::ledger::Entry], plan: bool) -> Result<RecordBatch, ArrowError> {
    use crate::dates::epoch_day;
    let n = entries.len();
    let int = |f: &dyn Fn(&crate::ledger::Entry) -> Option<usize>| -> Result<ArrayRef, ArrowError> {
        let valid = nulls(n, |i| entries.get(i).is_some_and(|e| f(e).is_some()));
        let values = entries.iter().map(|e| f(e).map_or(0, |v| i32::try_from(v).unwrap_or(i32::MAX))).collect();
        primitive::<Int32Type>(values, valid)
    };
    let money = |f: &dyn Fn(&crate::ledger::Entry) -> Option<crate::money::Dkk>| -> Result<ArrayRef, ArrowError> {
        let valid = nulls(n, |i| entries.get(i).is_some_and(|e| f(e).is_some()));
        decimal(entries.iter().map(|e| f(e).map_or(0, |d| d.ore())).collect(), valid, &MONEY)
    };
    let mut fields = vec![
        Field::new("cluster", DataType::Utf8, false),
        Field::new("date", DataType::Date32, false),
        Field::new("direction", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("amount", MONEY, false),
        Field::new("balance", MONEY, false),
        Field::new("line", DataType::Int32, true),
        Field::new("row", DataType::Int32, true),
        Field::new("payee", DataType::Utf8, true),
    ];
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(entries.iter().map(|e| Some(e.cluster.as_str())).collect::<StringArray>()),
        primitive::<Date32Type>(entries.iter().map(|e| epoch_day(e.date)).collect(), None)?,
        Arc::new(entries.iter().map(|e| Some(e.direction.as_str())).collect::<StringArray>()),
        Arc::new(entries.iter().map(|e| Some(e.kind.as_str())).collect::<StringArray>()),
        money(&|e| Some(e.amount))?,
        money(&|e| Some(e.balance))?,
        int(&|e| e.line)?,
        int(&|e| e.row)?,
        Arc::new(entries.iter().map(|e| e.payee.as_deref()).collect::<StringArray>()),
    ];
    if plan {
        fields.push(Field::new("covered", DataType::Boolean, true));
        fields.push(Field::new("shortfall", MONEY, true));
        fields.push(Field::new("covered_from", DataType::Date32, true));
        columns.push(Arc::new(entries.iter().map(|e| e.covered).collect::<arrow_array::BooleanArray>()));
        columns.push(money(&|e| e.shortfall)?);
        let valid = nulls(n, |i| entries.get(i).is_some_and(|e| e.covered_from.is_some()));
        columns.push(primitive::<Date32Type>(
            entries.iter().map(|e| e.covered_from.map_or(0, epoch_day)).collect(),
            valid,
        )?);
    } else {
        fields.push(Field::new("overdraft", MONEY, true));
        columns.push(money(&|e| e.overdraft)?);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

impl crate::grants::Adjustments {
    /// ADJ-* as one Arrow record batch, one row per adjustment: `cluster`, `ydernummer`, `kind`,
    /// `grant_year`, `paid`, `owed`, `difference`, `payer`, `settled_now` (the sum of its
    /// settlements), `causes` (their names, space-separated), `text_en`, `text_da`.
    pub fn to_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        let rows = &self.adjustments;
        let strings = |f: &dyn Fn(&crate::grants::Adjustment) -> String| -> ArrayRef {
            Arc::new(rows.iter().map(|a| Some(f(a))).collect::<StringArray>())
        };
        let money = |f: &dyn Fn(&crate::grants::Adjustment) -> crate::money::Dkk| {
            decimal(rows.iter().map(|a| f(a).ore()).collect(), None, &MONEY)
        };
        let schema = Arc::new(Schema::new(vec![
            Field::new("cluster", DataType::Utf8, false),
            Field::new("ydernummer", DataType::Utf8, false),
            Field::new("kind", DataType::Utf8, false),
            Field::new("grant_year", DataType::Int32, false),
            Field::new("paid", MONEY, false),
            Field::new("owed", MONEY, false),
            Field::new("difference", MONEY, false),
            Field::new("payer", DataType::Utf8, false),
            Field::new("settled_now", MONEY, false),
            Field::new("causes", DataType::Utf8, false),
            Field::new("text_en", DataType::Utf8, false),
            Field::new("text_da", DataType::Utf8, false),
        ]));
        let columns: Vec<ArrayRef> = vec![
            strings(&|a| a.cluster.to_string()),
            strings(&|a| a.ydernummer.to_string()),
            strings(&|a| a.kind.as_str().to_owned()),
            primitive::<Int32Type>(rows.iter().map(|a| a.grant_year).collect(), None)?,
            money(&|a| a.paid)?,
            money(&|a| a.owed)?,
            money(&|a| a.difference)?,
            strings(&|a| a.payer.as_str().to_owned()),
            money(&|a| a.settled.iter().map(|s| s.amount).sum())?,
            strings(&|a| a.causes.iter().map(|c| c.cause.as_str()).collect::<Vec<_>>().join(" ")),
            strings(&|a| a.text_en()),
            strings(&|a| a.text_da()),
        ];
        RecordBatch::try_new(schema, columns)
    }
}

impl crate::registry::member_list::MemberList {
    /// MEM-LIST: the member list as one Arrow record batch, columns as
    /// [`MEMBER_LIST_COLUMNS`](crate::MEMBER_LIST_COLUMNS): texts `utf8` (null where not
    /// given), `capacities` `int32`, `joined` and `left` `date32`.
    pub fn to_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        use crate::dates::epoch_day;
        let rows = self.rows();
        let schema = Arc::new(Schema::new(vec![
            Field::new("ydernummer", DataType::Utf8, false),
            Field::new("name", DataType::Utf8, true),
            Field::new("address", DataType::Utf8, true),
            Field::new("email", DataType::Utf8, true),
            Field::new("capacities", DataType::Int32, false),
            Field::new("joined", DataType::Date32, false),
            Field::new("left", DataType::Date32, true),
            Field::new("reason", DataType::Utf8, true),
        ]));
        let strings = |f: &dyn Fn(&crate::registry::member_list::MemberRow) -> Option<String>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<StringArray>())
        };
        let left = nulls(rows.len(), |i| rows.get(i).is_some_and(|r| r.left.is_some()));
        let columns: Vec<ArrayRef> = vec![
            strings(&|r| Some(r.ydernummer.to_string())),
            strings(&|r| r.name.clone()),
            strings(&|r| r.address.clone()),
            strings(&|r| r.email.as_ref().map(ToString::to_string)),
            primitive::<Int32Type>(rows.iter().map(|r| i32::from(r.capacities.get())).collect(), None)?,
            primitive::<Date32Type>(rows.iter().map(|r| epoch_day(r.joined)).collect(), None)?,
            primitive::<Date32Type>(rows.iter().map(|r| r.left.map_or(0, epoch_day)).collect(), left)?,
            strings(&|r| r.reason.map(|reason| reason.as_str().to_owned())),
        ];
        RecordBatch::try_new(schema, columns)
    }
}
