//! A grant report as a pandas DataFrame of Arrow-backed columns.
//!
//! The core writes every column's Arrow buffers into one Python `bytes` object
//! ([`klynge::GrantReport::arrow_tasks`], a large report's columns on a few threads, without
//! the GIL); pyarrow takes zero-copy slices of it, and pandas wraps the arrays. No Python
//! object is made per cell. Conversion only: no rule logic here.

use pyo3::exceptions::{PyOverflowError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList};

use klynge::GrantReport;
use klynge::grants::{ArrowColumn, ArrowTask, ArrowType, FLAT_COLUMNS};

/// pyarrow's constructors and the shared buffer, for one frame.
struct Arrow<'py> {
    pa: Bound<'py, PyModule>,
    from_buffers: Bound<'py, PyAny>,
    buffer: Bound<'py, PyAny>,
}

impl<'py> Arrow<'py> {
    fn kind(&self, name: &str) -> PyResult<Bound<'py, PyAny>> {
        self.pa.getattr(name)?.call0()
    }

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
        let validity = self.slice(column.validity.as_ref())?;
        let data = self.slice(Some(&column.data))?;
        let (kind, buffers) = match column.data_type {
            ArrowType::Int32 | ArrowType::Dictionary => (self.kind("int32")?, vec![validity, data]),
            ArrowType::Date32 => (self.kind("date32")?, vec![validity, data]),
            ArrowType::Decimal128 { precision, scale } => {
                (self.pa.getattr("decimal128")?.call1((precision, scale))?, vec![validity, data])
            }
            ArrowType::Utf8 => (self.kind("string")?, vec![validity, self.slice(column.offsets.as_ref())?, data]),
        };
        let array = self.from_buffers.call1((kind, column.len, PyList::new(py, buffers)?, column.nulls))?;
        if column.data_type != ArrowType::Dictionary {
            return Ok(array);
        }
        // The indices were written with their values, so they are in range: pyarrow need not
        // check them again.
        let kwargs = PyDict::new(py);
        kwargs.set_item("safe", false)?;
        let from_arrays = self.pa.getattr("DictionaryArray")?.getattr("from_arrays")?;
        from_arrays.call((array, self.dictionary(&column.values)?), Some(&kwargs))
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
        let py_buffer = self.pa.getattr("py_buffer")?;
        let offsets = py_buffer.call1((PyBytes::new(py, &offsets),))?;
        let text = py_buffer.call1((PyBytes::new(py, &text),))?;
        let buffers = PyList::new(py, [py.None().into_bound(py), offsets, text])?;
        self.from_buffers.call1((self.kind("string")?, values.len(), buffers, 0))
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
    let mut written = None;
    let bytes = PyBytes::new_with(py, report.arrow_len(), |buffer| {
        // The bytes object is ours alone until this function returns it: no Python code sees
        // the buffer while the threads write it.
        written = Some(py.detach(|| write_columns(report, buffer)));
        Ok(())
    })?;
    let columns = written.ok_or_else(|| PyRuntimeError::new_err("the Arrow columns were not written"))??;
    let arrow = Arrow {
        pa: pa.clone(),
        from_buffers: pa.getattr("Array")?.getattr("from_buffers")?,
        buffer: pa.getattr("py_buffer")?.call1((bytes,))?,
    };
    let extension_array = pandas.getattr("arrays")?.getattr("ArrowExtensionArray")?;
    let arrays = columns.iter().map(|c| extension_array.call1((arrow.array(c)?,))).collect::<PyResult<Vec<_>>>()?;
    data_frame(pandas, arrays, report.len())
}

/// Reports shorter than this are written on the calling thread alone: starting a thread costs
/// about what writing 2,000 lines does.
const PARALLEL_FROM: usize = 8192;

/// At most this many threads write one report: fifteen columns of unequal cost, and a thread
/// started for each call, leave little to gain beyond four.
const MAX_THREADS: usize = 4;

/// The threads to write a large report with: the machine's (or the process's cgroup's) cores,
/// up to [`MAX_THREADS`]. Asked once: on Linux the answer is read from the cgroup files.
fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from).min(MAX_THREADS))
}

/// The report's Arrow columns in `buffer`, in FLAT_COLUMNS order. A large report's columns are
/// dealt out in turn to the calling thread and up to three threads started for the call (the
/// columns' costs differ, dealing them in turn evens the shares); a thread that cannot be
/// started leaves its share to the calling thread.
fn write_columns<'a>(report: &'a GrantReport, buffer: &mut [u8]) -> PyResult<Vec<ArrowColumn<'a>>> {
    let too_small = |e: klynge::grants::ArrowBufferTooSmall| PyRuntimeError::new_err(e.to_string());
    let threads = threads();
    if report.len() < PARALLEL_FROM || threads < 2 {
        return report.write_arrow(buffer).map_err(too_small);
    }
    let mut shares: Vec<Vec<(usize, ArrowTask<'a, '_>)>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, task) in report.arrow_tasks(buffer).map_err(too_small)?.into_iter().enumerate() {
        if let Some(share) = shares.get_mut(i % threads) {
            share.push((i, task));
        }
    }
    let run =
        |share: Vec<(usize, ArrowTask<'a, '_>)>| share.into_iter().map(|(i, task)| (i, task.run())).collect::<Vec<_>>();
    let mut columns = std::thread::scope(|scope| {
        let mut shares = shares.into_iter();
        let own = shares.next().unwrap_or_default();
        let mut left = Vec::new();
        let mut helpers = Vec::new();
        for share in shares {
            // The share goes to the thread once it runs, so that a failed start keeps it here.
            let (sender, receiver) = std::sync::mpsc::channel();
            let started =
                std::thread::Builder::new().spawn_scoped(scope, move || run(receiver.recv().unwrap_or_default()));
            match started {
                Ok(helper) => match sender.send(share) {
                    Ok(()) => helpers.push(helper),
                    Err(unsent) => left.push(unsent.0),
                },
                Err(_) => left.push(share),
            }
        }
        let mut columns = run(own);
        columns.extend(left.into_iter().flat_map(run));
        for helper in helpers {
            columns
                .extend(helper.join().map_err(|_| PyRuntimeError::new_err("a thread writing Arrow columns failed"))?);
        }
        Ok::<_, PyErr>(columns)
    })?;
    columns.sort_unstable_by_key(|(i, _)| *i);
    Ok(columns.into_iter().map(|(_, column)| column).collect())
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
    // Block i is column i: placements [[0], [1], ...].
    let count = i64::try_from(arrays.len()).unwrap_or(i64::MAX);
    let placements = py.import("numpy")?.getattr("arange")?.call1((count,))?.call_method1("reshape", (count, 1))?;
    let blocks = arrays
        .into_iter()
        .enumerate()
        .map(|(i, array)| Ok((array, placements.get_item(i)?)))
        .collect::<PyResult<Vec<_>>>()?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("index", pandas.getattr("RangeIndex")?.call1((rows,))?)?;
    kwargs.set_item("columns", columns.bind(py).call_method0("view")?)?;
    from_blocks.call((blocks,), Some(&kwargs))
}
