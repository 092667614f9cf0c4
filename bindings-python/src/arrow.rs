//! A grant report as a pandas DataFrame of Arrow-backed columns.
//!
//! The core writes every column's Arrow buffers into one byte vector
//! ([`klynge::GrantReport::arrow_columns`], without the GIL); numpy takes the vector over
//! without copying it, pyarrow takes zero-copy slices of it, and pandas wraps the arrays. No
//! Python object is made per cell. Conversion only: no rule logic here.

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList};

use klynge::GrantReport;
use klynge::grants::{ArrowColumn, ArrowColumns, ArrowType, FLAT_COLUMNS};

/// The pyarrow and pandas objects every frame is made with, looked up once per process.
struct Kit {
    from_buffers: Py<PyAny>,
    dictionary_from_buffers: Py<PyAny>,
    py_buffer: Py<PyAny>,
    int32: Py<PyAny>,
    date32: Py<PyAny>,
    string: Py<PyAny>,
    /// `dictionary<int32, string>`.
    dictionary: Py<PyAny>,
    extension_array: Py<PyAny>,
}

impl Kit {
    fn get(py: Python<'_>, pa: &Bound<'_, PyModule>, pandas: &Bound<'_, PyModule>) -> PyResult<&'static Kit> {
        static KIT: PyOnceLock<Kit> = PyOnceLock::new();
        KIT.get_or_try_init(py, || {
            let kind = |name: &str| pa.getattr(name)?.call0().map(Bound::unbind);
            Ok(Kit {
                from_buffers: pa.getattr("Array")?.getattr("from_buffers")?.unbind(),
                dictionary_from_buffers: pa.getattr("DictionaryArray")?.getattr("from_buffers")?.unbind(),
                py_buffer: pa.getattr("py_buffer")?.unbind(),
                int32: kind("int32")?,
                date32: kind("date32")?,
                string: kind("string")?,
                dictionary: pa.getattr("dictionary")?.call1((kind("int32")?, kind("string")?))?.unbind(),
                extension_array: pandas.getattr("arrays")?.getattr("ArrowExtensionArray")?.unbind(),
            })
        })
    }
}

/// pyarrow's constructors and the shared buffer, for one frame.
struct Arrow<'py> {
    pa: Bound<'py, PyModule>,
    kit: &'static Kit,
    buffer: Bound<'py, PyAny>,
}

impl<'py> Arrow<'py> {
    /// A zero-copy slice of the shared buffer, or `None` for an absent buffer.
    fn slice(&self, span: Option<&std::ops::Range<usize>>) -> PyResult<Bound<'py, PyAny>> {
        match span {
            Some(span) => self.buffer.call_method1("slice", (span.start, span.len())),
            None => Ok(self.pa.py().None().into_bound(self.pa.py())),
        }
    }

    /// The pyarrow array of one column.
    fn array(&self, column: &ArrowColumn<'_>) -> PyResult<Bound<'py, PyAny>> {
        let py = self.pa.py();
        let kit = self.kit;
        let validity = self.slice(column.validity.as_ref())?;
        let data = self.slice(Some(&column.data))?;
        let (kind, buffers) = match column.data_type {
            ArrowType::Dictionary => {
                let buffers = PyList::new(py, [validity, data])?;
                let values = self.dictionary(&column.values)?;
                let arguments = (kit.dictionary.bind(py), column.len, buffers, values, column.nulls);
                return kit.dictionary_from_buffers.bind(py).call1(arguments);
            }
            ArrowType::Int32 => (kit.int32.bind(py).clone(), vec![validity, data]),
            ArrowType::Date32 => (kit.date32.bind(py).clone(), vec![validity, data]),
            ArrowType::Decimal128 { precision, scale } => {
                (self.pa.getattr("decimal128")?.call1((precision, scale))?, vec![validity, data])
            }
            ArrowType::Utf8 => {
                (kit.string.bind(py).clone(), vec![validity, self.slice(column.offsets.as_ref())?, data])
            }
        };
        kit.from_buffers.bind(py).call1((kind, column.len, PyList::new(py, buffers)?, column.nulls))
    }

    /// The string array of a dictionary's values. Small dictionaries (kinds, rules, payers:
    /// the same few values report after report) are made once per process and shared, as
    /// pyarrow's arrays are immutable; a cluster dictionary is made each time.
    fn dictionary(&self, values: &[&str]) -> PyResult<Bound<'py, PyAny>> {
        /// Dictionaries of at most this many values are kept, up to `KEPT` of them.
        const SMALL: usize = 16;
        const KEPT: usize = 64;
        static KEPT_ARRAYS: std::sync::Mutex<Vec<(Vec<String>, Py<PyAny>)>> = std::sync::Mutex::new(Vec::new());
        let py = self.pa.py();
        if values.len() > SMALL {
            return self.strings(values);
        }
        let same = |kept: &[String]| kept.iter().map(String::as_str).eq(values.iter().copied());
        // The lock is never held while Python runs, so another thread cannot wait for it
        // while holding the GIL this thread needs.
        let found =
            KEPT_ARRAYS.lock().ok().and_then(|kept| kept.iter().find(|(k, _)| same(k)).map(|(_, a)| a.clone_ref(py)));
        if let Some(array) = found {
            return Ok(array.into_bound(py));
        }
        let array = self.strings(values)?;
        if let Ok(mut kept) = KEPT_ARRAYS.lock()
            && kept.len() < KEPT
        {
            kept.push((values.iter().map(|v| v.to_string()).collect(), array.clone().unbind()));
        }
        Ok(array)
    }

    /// A string array of a dictionary's `values` (a few to a few thousand), from buffers made
    /// here: cheaper than pyarrow reading a list of Python strings.
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
        let py_buffer = self.kit.py_buffer.bind(py);
        let offsets = py_buffer.call1((PyBytes::new(py, &offsets),))?;
        let text = py_buffer.call1((PyBytes::new(py, &text),))?;
        let buffers = PyList::new(py, [py.None().into_bound(py), offsets, text])?;
        self.kit.from_buffers.bind(py).call1((self.kit.string.bind(py), values.len(), buffers, 0))
    }
}

/// The report's lines as a pandas DataFrame with Arrow-backed columns, in FORMAT's order.
pub fn report_frame<'py>(
    report: &GrantReport,
    pa: &Bound<'py, PyModule>,
    pandas: &Bound<'py, PyModule>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = pa.py();
    // Arrow's offsets and pyarrow's lengths are 32-bit here: refuse what would not fit.
    i32::try_from(report.arrow_len())
        .map_err(|_| PyOverflowError::new_err("the report is too large for one DataFrame (2 GiB of columns)"))?;
    let ArrowColumns { bytes, columns } = py.detach(|| report.arrow_columns());
    // numpy takes the vector as it is (no copy) and frees it when the last pyarrow slice of it
    // goes; read-only, as Arrow's buffers are.
    let bytes = numpy::PyArray1::from_vec(py, bytes);
    let read_only = PyDict::new(py);
    read_only.set_item("write", false)?;
    bytes.call_method("setflags", (), Some(&read_only))?;
    let kit = Kit::get(py, pa, pandas)?;
    let arrow = Arrow { pa: pa.clone(), kit, buffer: kit.py_buffer.bind(py).call1((bytes,))? };
    let extension_array = kit.extension_array.bind(py);
    let arrays = columns.iter().map(|c| extension_array.call1((arrow.array(c)?,))).collect::<PyResult<Vec<_>>>()?;
    data_frame(pandas, arrays, report.len())
}

/// A DataFrame of the FLAT_COLUMNS `arrays`, `rows` long. pandas 3 has a public, low-level
/// `pandas.api.internals.create_dataframe_from_blocks` (made for pyarrow) that takes the arrays
/// as they are, where the constructor inspects each column again and costs as much as the rest
/// of `to_pandas`. Our arrays meet its assumptions: extension arrays of equal length, one
/// block a column. A pandas without it gets the public constructor, and the same frame.
fn data_frame<'py>(
    pandas: &Bound<'py, PyModule>,
    arrays: Vec<Bound<'py, PyAny>>,
    rows: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let py = pandas.py();
    let from_blocks = py.import("pandas.api.internals").and_then(|m| m.getattr("create_dataframe_from_blocks"));
    let Ok(from_blocks) = from_blocks else {
        let columns = PyDict::new(py);
        for (name, array) in FLAT_COLUMNS.iter().zip(&arrays) {
            columns.set_item(name, array)?;
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("copy", false)?;
        return pandas.getattr("DataFrame")?.call((columns,), Some(&kwargs));
    };
    // pandas takes ~50 µs to make an Index of 15 names (it infers their dtype), so it is made
    // once; each frame gets its own view, so that renaming one frame's columns
    // (`frame.columns.name = ...`) cannot touch another's.
    static COLUMNS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let columns = COLUMNS.get_or_try_init(py, || pandas.getattr("Index")?.call1((FLAT_COLUMNS,)).map(Bound::unbind))?;
    // Block i is column i: placements [[0], [1], ...], made once (pandas only reads them).
    static PLACEMENTS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
    let placements = PLACEMENTS.get_or_try_init(py, || {
        let count = i64::try_from(FLAT_COLUMNS.len()).unwrap_or(i64::MAX);
        let placements = py.import("numpy")?.getattr("arange")?.call1((count,))?.call_method1("reshape", (count, 1))?;
        (0..FLAT_COLUMNS.len()).map(|i| placements.get_item(i).map(Bound::unbind)).collect::<PyResult<Vec<_>>>()
    })?;
    let blocks =
        arrays.into_iter().zip(placements).map(|(array, placement)| (array, placement.bind(py))).collect::<Vec<_>>();
    let kwargs = PyDict::new(py);
    kwargs.set_item("index", pandas.getattr("RangeIndex")?.call1((rows,))?)?;
    kwargs.set_item("columns", columns.bind(py).call_method0("view")?)?;
    from_blocks.call((blocks,), Some(&kwargs))
}
