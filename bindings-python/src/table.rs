//! `klynge.Table`, and how every table of klynge goes out: an Arrow record batch made in the
//! core, handed over through the Arrow PyCapsule interface (`__arrow_c_stream__`), so that
//! pyarrow, polars and DuckDB read it as it is, money as exact `decimal128` and dates as
//! `date32`; and a pandas DataFrame of Arrow-backed columns made from it. Conversion only: no
//! rule logic here.

use std::sync::Arc;

use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::Field;
use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCapsule, PyDict, PyTuple};
use pyo3_arrow::ffi::{ArrayIterator, to_array_pycapsules, to_stream_pycapsule};

/// The struct field of a batch's rows, as the C interfaces pass a batch.
fn row_field(batch: &RecordBatch) -> Arc<Field> {
    Arc::new(
        Field::new_struct("", batch.schema_ref().fields().clone(), false)
            .with_metadata(batch.schema_ref().metadata().clone()),
    )
}

/// A record batch made in the core, as a Python error where Arrow refused it.
pub fn made(batch: Result<RecordBatch, arrow_schema::ArrowError>) -> PyResult<RecordBatch> {
    batch.map_err(|e| {
        crate::exceptions::problem_error(klynge::Problem::new(
            "",
            klynge::Rule::Format,
            format!("the Arrow table could not be made: {e}"),
            format!("Arrow-tabellen kunne ikke laves: {e}"),
        ))
    })
}

/// `__arrow_c_stream__` of one batch: a capsule holding an Arrow C stream.
pub fn stream_capsule<'py>(
    py: Python<'py>,
    batch: &RecordBatch,
    requested_schema: Option<Bound<'py, PyCapsule>>,
) -> PyResult<Bound<'py, PyCapsule>> {
    let field = row_field(batch);
    let rows: Arc<dyn Array> = Arc::new(StructArray::from(batch.clone()));
    let reader = Box::new(ArrayIterator::new(std::iter::once(Ok(rows)), field));
    Ok(to_stream_pycapsule(py, reader, requested_schema)?)
}

/// The batch as a `pyarrow.RecordBatch`, through the C data interface (one array, no stream).
fn import_batch<'py>(
    py: Python<'py>,
    pyarrow: &Bound<'py, PyModule>,
    batch: &RecordBatch,
) -> PyResult<Bound<'py, PyAny>> {
    let rows = StructArray::from(batch.clone());
    let capsules = to_array_pycapsules(py, row_field(batch), &rows, None)?;
    pyarrow.getattr("RecordBatch")?.call_method1("_import_from_c_capsule", capsules)
}

fn pyarrow(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pyarrow")
        .map_err(|_| PyImportError::new_err("this needs pyarrow: pip install pyarrow (klynge itself does not)"))
}

/// The batch as a `pyarrow.Table`.
pub fn to_pyarrow<'py>(py: Python<'py>, batch: &RecordBatch) -> PyResult<Bound<'py, PyAny>> {
    let pyarrow = pyarrow(py)?;
    let batch = import_batch(py, &pyarrow, batch)?;
    pyarrow.getattr("Table")?.call_method1("from_batches", ([batch],))
}

/// The batch as a polars DataFrame, read through the stream interface.
pub fn to_polars<'py>(py: Python<'py>, table: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let polars = py
        .import("polars")
        .map_err(|_| PyImportError::new_err("to_polars needs polars: pip install polars (klynge itself does not)"))?;
    polars.getattr("DataFrame")?.call1((table,))
}

/// The batch's columns as Python lists by name: money and rates as `decimal.Decimal`, dates as
/// `datetime.date`, texts as `str`, counts as `int`, a missing value as `None`.
pub fn python_columns<'py>(py: Python<'py>, batch: &RecordBatch) -> PyResult<Bound<'py, PyDict>> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Decimal128Type, Int32Type, Int64Type};
    use arrow_schema::DataType;
    use pyo3::IntoPyObjectExt;
    let columns = PyDict::new(py);
    for (field, column) in batch.schema_ref().fields().iter().zip(batch.columns()) {
        let column = column.as_ref();
        let value = |row: usize| -> PyResult<Py<PyAny>> {
            if column.is_null(row) {
                return Ok(py.None());
            }
            match column.data_type() {
                DataType::Utf8 => column.as_string_opt::<i32>().map(|a| a.value(row)).into_py_any(py),
                DataType::Int32 => column.as_primitive_opt::<Int32Type>().map(|a| a.value(row)).into_py_any(py),
                DataType::Int64 => column.as_primitive_opt::<Int64Type>().map(|a| a.value(row)).into_py_any(py),
                DataType::Boolean => column.as_boolean_opt().map(|a| a.value(row)).into_py_any(py),
                DataType::Date32 => {
                    let day = column.as_primitive_opt::<Date32Type>().map(|a| a.value(row));
                    day.and_then(klynge::dates::from_epoch_day).into_py_any(py)
                }
                DataType::Decimal128(_, scale) => {
                    let units = column.as_primitive_opt::<Decimal128Type>().map(|a| a.value(row));
                    let scale = u32::try_from(*scale).unwrap_or(0);
                    units.and_then(|u| rust_decimal::Decimal::try_from_i128_with_scale(u, scale).ok()).into_py_any(py)
                }
                DataType::Dictionary(_, _) => {
                    // Our dictionaries are of texts; anything else is shown as Arrow writes it.
                    let text = arrow_cast::display::ArrayFormatter::try_new(column, &Default::default())
                        .map(|f| f.value(row).to_string())
                        .unwrap_or_default();
                    text.into_py_any(py)
                }
                other => format!("{other}").into_py_any(py),
            }
        };
        let values = (0..batch.num_rows()).map(value).collect::<PyResult<Vec<_>>>()?;
        columns.set_item(field.name(), values)?;
    }
    Ok(columns)
}

/// The batch as a pandas DataFrame whose columns are Arrow-backed (`pd.ArrowDtype`): cells read
/// back as `decimal.Decimal` and `datetime.date`, and nothing is converted per cell.
///
/// pandas 3 has a public, low-level `pandas.api.internals.create_dataframe_from_blocks` (made
/// for pyarrow) that takes the arrays as they are, where the constructor inspects each column
/// again and costs as much as the rest; a pandas without it gets the public constructor and
/// the same frame.
pub fn to_pandas<'py>(py: Python<'py>, batch: &RecordBatch) -> PyResult<Bound<'py, PyAny>> {
    let pandas = py
        .import("pandas")
        .map_err(|_| PyImportError::new_err("to_pandas needs pandas: pip install pandas (klynge itself does not)"))?;
    let Ok(pyarrow) = py.import("pyarrow") else {
        // Without pyarrow: the same values as Python objects (Decimal, date, str, int, None).
        return pandas.getattr("DataFrame")?.call1((python_columns(py, batch)?,));
    };
    let imported = import_batch(py, &pyarrow, batch)?;
    let names: Vec<String> = batch.schema_ref().fields().iter().map(|f| f.name().clone()).collect();
    let extension_array = pandas.getattr("arrays")?.getattr("ArrowExtensionArray")?;
    let arrays = imported
        .getattr("columns")?
        .try_iter()?
        .map(|column| extension_array.call1((column?,)))
        .collect::<PyResult<Vec<_>>>()?;
    let from_blocks = py.import("pandas.api.internals").and_then(|m| m.getattr("create_dataframe_from_blocks"));
    let Ok(from_blocks) = from_blocks else {
        let columns = PyDict::new(py);
        for (name, array) in names.iter().zip(&arrays) {
            columns.set_item(name, array)?;
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("copy", false)?;
        return pandas.getattr("DataFrame")?.call((columns,), Some(&kwargs));
    };
    // Block i is column i: placements [[0], [1], ...], made once per process for up to 32
    // columns (pandas only reads them).
    static PLACEMENTS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
    const MOST: usize = 32;
    let placements = PLACEMENTS.get_or_try_init(py, || {
        let count = i64::try_from(MOST).unwrap_or(0);
        let placements = py.import("numpy")?.getattr("arange")?.call1((count,))?.call_method1("reshape", (count, 1))?;
        (0..MOST).map(|i| placements.get_item(i).map(Bound::unbind)).collect::<PyResult<Vec<_>>>()
    })?;
    let blocks = arrays
        .into_iter()
        .enumerate()
        .map(|(i, array)| {
            let placement = match placements.get(i) {
                Some(p) => p.bind(py).clone(),
                None => py.import("numpy")?.getattr("array")?.call1(([i],))?,
            };
            Ok(PyTuple::new(py, [array, placement])?.into_any())
        })
        .collect::<PyResult<Vec<_>>>()?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("index", pandas.getattr("RangeIndex")?.call1((batch.num_rows(),))?)?;
    kwargs.set_item("columns", column_index(&pandas, names)?)?;
    from_blocks.call((blocks,), Some(&kwargs))
}

/// A pandas Index of column names. pandas infers the names' dtype on making one, which costs
/// more than the rest of a small frame, so each distinct list of names is made once per process; each frame gets its own
/// view, so that renaming one frame's columns cannot touch another's.
fn column_index<'py>(pandas: &Bound<'py, PyModule>, names: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
    static MADE: std::sync::Mutex<Vec<(Vec<String>, Py<PyAny>)>> = std::sync::Mutex::new(Vec::new());
    /// The tables of klynge have a handful of column lists.
    const KEPT: usize = 32;
    let py = pandas.py();
    // The lock is never held while Python runs, so another thread cannot wait for it while
    // holding the GIL this thread needs.
    let found = MADE.lock().ok().and_then(|made| made.iter().find(|(n, _)| *n == names).map(|(_, i)| i.clone_ref(py)));
    let index = match found {
        Some(index) => index.into_bound(py),
        None => {
            let index = pandas.getattr("Index")?.call1((names.clone(),))?;
            if let Ok(mut made) = MADE.lock()
                && made.len() < KEPT
            {
                made.push((names, index.clone().unbind()));
            }
            index
        }
    };
    index.call_method0("view")
}

/// A result that goes out as a table: its record batch (made in the core) and the caption of
/// its notebook view. [`tabular!`] gives such a class the Arrow interface, `to_arrow`,
/// `to_polars`, `to_pandas` and `_repr_html_`, the same for every one.
pub trait Tabular {
    /// The table, as one record batch.
    fn batch(&self, py: Python<'_>) -> PyResult<RecordBatch>;
    /// What the table is, in a line: `GrantReport 2022–2026: 1,234 lines`.
    fn caption(&self) -> String;
}

/// The most rows a notebook view shows; the rest are counted.
const HTML_ROWS: usize = 20;

/// A notebook view of `batch`: its caption, its column names and its first rows, each cell as
/// Arrow writes it (exact decimals, ISO dates); escaped.
pub fn html(caption: &str, batch: &RecordBatch) -> String {
    use arrow_cast::display::{ArrayFormatter, FormatOptions};
    let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let options = FormatOptions::default().with_null("");
    let formatters: Vec<Option<ArrayFormatter<'_>>> =
        batch.columns().iter().map(|c| ArrayFormatter::try_new(c.as_ref(), &options).ok()).collect();
    let mut out = format!("<div><strong>{}</strong><table><thead><tr>", escape(caption));
    for field in batch.schema_ref().fields() {
        out.push_str(&format!("<th>{}</th>", escape(field.name())));
    }
    out.push_str("</tr></thead><tbody>");
    for row in 0..batch.num_rows().min(HTML_ROWS) {
        out.push_str("<tr>");
        for formatter in &formatters {
            let cell = formatter.as_ref().map(|f| f.value(row).to_string()).unwrap_or_default();
            out.push_str(&format!("<td>{}</td>", escape(&cell)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if batch.num_rows() > HTML_ROWS {
        out.push_str(&format!("<p>… and {} more rows</p>", batch.num_rows() - HTML_ROWS));
    }
    out.push_str("</div>");
    out
}

/// The Arrow interface (`__arrow_c_stream__`), `to_arrow`, `to_polars`, `to_pandas` and the
/// notebook view (`_repr_html_`) of a [`Tabular`] class: one definition for every table-like
/// result.
macro_rules! tabular {
    ($ty:ty) => {
        #[pymethods]
        impl $ty {
            /// The Arrow PyCapsule interface: the table as an Arrow C stream (money as exact
            /// `decimal128`, dates as `date32`), for `pyarrow.table(t)`, `polars.DataFrame(t)`,
            /// DuckDB.
            #[pyo3(signature = (requested_schema=None))]
            fn __arrow_c_stream__<'py>(
                &self,
                py: Python<'py>,
                requested_schema: Option<Bound<'py, pyo3::types::PyCapsule>>,
            ) -> PyResult<Bound<'py, pyo3::types::PyCapsule>> {
                crate::table::stream_capsule(py, &crate::table::Tabular::batch(self, py)?, requested_schema)
            }

            /// The table as a `pyarrow.Table`.
            fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                crate::table::to_pyarrow(py, &crate::table::Tabular::batch(self, py)?)
            }

            /// The table as a polars DataFrame.
            fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
                crate::table::to_polars(slf.py(), slf.as_any())
            }

            /// The table as a pandas DataFrame of Arrow-backed columns (`pd.ArrowDtype`): cells
            /// read back as `decimal.Decimal` and `datetime.date`; needs pandas and pyarrow.
            fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                crate::table::to_pandas(py, &crate::table::Tabular::batch(self, py)?)
            }

            /// The notebook view: the caption and the first rows.
            fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
                let batch = crate::table::Tabular::batch(self, py)?;
                Ok(crate::table::html(&crate::table::Tabular::caption(self), &batch))
            }
        }
    };
}
pub(crate) use tabular;

/// A table of results (totals, a comparison, a calendar, a reconciliation, a sweep): read it
/// with `pyarrow.table(t)`, `polars.DataFrame(t)`, `duckdb.sql("select * from t")`, or call
/// `to_pandas()`, `to_polars()`, `to_arrow()`. Money stays exact (`decimal128`).
#[pyclass(frozen, module = "klynge", name = "Table")]
pub struct Table(pub RecordBatch);

impl Tabular for Table {
    fn batch(&self, _: Python<'_>) -> PyResult<RecordBatch> {
        Ok(self.0.clone())
    }

    fn caption(&self) -> String {
        format!("Table: {} rows", self.0.num_rows())
    }
}

tabular!(Table);

#[pymethods]
impl Table {
    /// A table from a `pyarrow.Table` of one batch (what pickling stores).
    #[staticmethod]
    fn _from_arrow(table: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut batches = crate::conversion::record_batches(table, "table")?;
        match (batches.pop(), batches.is_empty()) {
            (Some(batch), true) => Ok(Table(batch)),
            _ => Err(crate::exceptions::problem_error(klynge::Problem::new(
                "table",
                klynge::Rule::Format,
                "a pickled klynge table holds one Arrow batch",
                "en picklet klynge-tabel rummer én Arrow-batch",
            ))),
        }
    }

    /// Pickles as its Arrow table (pyarrow pickles it).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyAny>,))> {
        let arrow = to_pyarrow(slf.py(), &slf.get().0)?;
        Ok((slf.get_type().getattr("_from_arrow")?, (arrow,)))
    }

    /// The column names.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.0.schema_ref().fields().iter().map(|f| f.name().clone()).collect()
    }

    fn __len__(&self) -> usize {
        self.0.num_rows()
    }

    fn __repr__(&self) -> String {
        format!("Table(rows={}, columns={:?})", self.0.num_rows(), self.column_names())
    }
}
