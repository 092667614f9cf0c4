//! FORMAT: garbage of any size is read in memory bounded by a small multiple of its size, and
//! the problems kept are bounded. Measured with a counting allocator (this test binary's own),
//! never with a clock. It lives beside the benchmarks: a counting allocator needs `unsafe`,
//! which the core forbids in its own tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use klynge::reconcile::{Dialect, Statement};
use klynge::{Scenario, ScenarioTables, ValidationErrors};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the layout is the caller's, passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The tests measure one at a time: the counters are the process's.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The peak of bytes in use above those in use before `work`, and its result.
fn peak_of<T>(work: impl FnOnce() -> T) -> (usize, T) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = work();
    (PEAK.load(Ordering::Relaxed) - before, result)
}

/// Rows of garbage: every cell a bad value, about `bytes` of them.
fn garbage_rows(header: &str, row: &str, bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 100);
    text.push_str(header);
    while text.len() < bytes {
        text.push_str(row);
    }
    text
}

const MB: usize = 1 << 20;

#[test]
fn format_a_few_megabytes_of_bad_patients_keep_memory_bounded_and_the_list_short() {
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let patients = garbage_rows("ydernummer,year,count\n", "x1,yy,zz\n", 4 * MB);
    let tables = ScenarioTables {
        clusters: Some("id,founded\nk,2020-01-01\n"),
        practices: Some("ydernummer,capacities\n000001,1\n"),
        memberships: Some("ydernummer,cluster,joined\n000001,k,2020-01-01\n"),
        patients: Some(&patients),
        ..ScenarioTables::default()
    };
    let (peak, result) = peak_of(|| Scenario::from_tables(&tables));
    let errors: ValidationErrors = result.unwrap_err();
    assert!(peak < 4 * MB, "peak {peak} bytes for {} bytes of input", patients.len());
    assert!(errors.problems().len() <= ValidationErrors::LISTED + 1);
    let all = errors.all();
    assert!(all.iter().any(|p| p.message_en.contains("stopped after 10000 problems")), "the stop is said");
}

#[test]
fn format_a_few_megabytes_of_bad_json_keep_memory_bounded() {
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let item = r#"{"ydernummer": "x", "year": "y", "count": -1},"#;
    let mut json = String::from(r#"{"clusters": [], "practices": [], "memberships": [], "patients": ["#);
    while json.len() < 4 * MB {
        json.push_str(item);
    }
    json.push_str(r#"{"ydernummer": "x", "year": "y", "count": -1}]}"#);
    let (peak, result) = peak_of(|| Scenario::from_json(&json));
    let errors = result.unwrap_err();
    assert!(peak < 8 * MB, "peak {peak} bytes for {} bytes of input", json.len());
    assert!(errors.problems().len() <= ValidationErrors::LISTED);
    assert!(errors.len() > 100_000, "every problem is counted: {}", errors.len());
}

#[test]
fn format_a_few_megabytes_of_bad_statement_rows_keep_memory_bounded() {
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let text = garbage_rows("date,amount\n", "soon,many\n", 4 * MB);
    let (peak, result) = peak_of(|| Statement::from_csv(&text, Dialect::Standard, Some("k".parse().unwrap())));
    assert!(result.is_err());
    assert!(peak < 4 * MB, "peak {peak} bytes for {} bytes of input", text.len());
}
