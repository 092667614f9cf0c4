//! A second core: one helper thread for the whole process, to which reading a long scenario
//! gives half of its work (the second half of the longest list, then the compilation while
//! this thread cross-checks).
//!
//! The helper is a rayon pool of one thread, started at the first long read and kept: a
//! thread started for each call lands on the caller's own core about half of the time (the
//! scheduler places it there), and the two halves then run one after the other, while a
//! thread that waits for work is woken on the core that is free. A forked process (Python's
//! multiprocessing) has no threads but the one that forked: the pool is its parent's, so it
//! starts its own (the process id tells).

use std::sync::{Arc, Mutex};

/// The helper thread of this process (see the module's documentation).
pub(crate) struct Helper {
    pool: Arc<rayon::ThreadPool>,
}

/// The process's pool, and the process it was started in.
static POOL: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = Mutex::new(None);

/// The helper, started where it is not yet; `None` where no thread can be started, or where
/// another thread is just now fetching it (the work is then done on the calling thread alone).
pub(crate) fn helper() -> Option<Helper> {
    // Never waited for: a lock held when the process forked would never be released.
    let mut slot = POOL.try_lock().ok()?;
    let process = std::process::id();
    if let Some((started_in, pool)) = slot.as_ref()
        && *started_in == process
    {
        return Some(Helper { pool: Arc::clone(pool) });
    }
    let pool =
        Arc::new(rayon::ThreadPoolBuilder::new().num_threads(1).thread_name(|_| "klynge-helper".into()).build().ok()?);
    // A pool from before a fork has no thread in this process: it is left as it is (dropping
    // it would signal threads that are not here).
    if let Some(parents) = slot.replace((process, Arc::clone(&pool))) {
        std::mem::forget(parents);
    }
    Some(Helper { pool })
}

impl Helper {
    /// Runs `theirs` on the helper thread while `ours` runs on this one; returns when both
    /// are done. Were `theirs` to panic (nothing in this crate does), the panic would reach
    /// this thread when both are done, as a scoped thread's does. `theirs`'s result is always
    /// there when this returns; it comes as an `Option` because nothing here may unwrap, and
    /// the callers do the work themselves where it is not.
    pub(crate) fn join<A: Send, B>(
        &self,
        theirs: impl FnOnce() -> A + Send,
        ours: impl FnOnce() -> B,
    ) -> (Option<A>, B) {
        let mut done = None;
        let ours = self.pool.in_place_scope(|scope| {
            scope.spawn(|_| done = Some(theirs()));
            ours()
        });
        (done, ours)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn both_halves_run_and_borrow_the_callers_data() {
        let words = ["to".to_owned(), "kerner".to_owned()];
        let helper = helper().unwrap();
        let (theirs, ours) = helper.join(|| words.iter().map(String::len).sum::<usize>(), || words.len());
        assert_eq!((theirs, ours), (Some(8), 2));
        // The same thread serves the next call.
        let names = |_: ()| std::thread::current().name().map(str::to_owned);
        let (first, _) = helper.join(|| names(()), || ());
        let (second, _) = super::helper().unwrap().join(|| names(()), || ());
        assert_eq!(first, Some(Some("klynge-helper".to_owned())));
        assert_eq!(first, second);
    }

    #[test]
    fn the_halves_talk_while_they_run() {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let (_, received) = helper().unwrap().join(move || sender.send(42).unwrap(), move || receiver.recv().unwrap());
        assert_eq!(received, 42);
    }
}
