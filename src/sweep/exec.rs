//! Running a sweep's runs in parallel on a local rayon pool of `jobs` threads.
//!
//! Each run is independent (its own [`Simulation`], no shared state), so the runs go to the
//! pool in any order; every finished run is handed to a callback at once (the driver appends
//! it to `points.jsonl`). Results never depend on the number of threads: a run's figures
//! depend only on its point and seed, and the final files are sorted by run index.

use super::record::RunRecord;
use super::Sweep;
use crate::report::progress::{horizon_minutes, Progress};
use crate::sim::Simulation;
use rayon::prelude::*;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Run `run` of `sweep` (point run ÷ R, replication run mod R) to its horizon.
pub fn run_one(sweep: &Sweep, run: u64) -> RunRecord {
    let (point, replication) = sweep.run_of(run);
    let sc = &sweep.points[point].scenario;
    let summary = Simulation::new(&sc.sim, sweep.seed(replication), sc.build_policy()).run(&mut ());
    RunRecord::new(run, point, replication, &summary)
}

/// The default `--jobs`: the available parallelism (1 if unknown).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Run `runs` (indices into `sweep`, each < `sweep.runs()`) on a pool of `jobs` threads,
/// calling `on_done` with each record as soon as its run finishes (from the worker thread),
/// and moving `progress` by each run's simulated minutes. Stops at the first error of
/// `on_done` (runs under way finish; their records are passed on).
pub fn execute<F>(
    sweep: &Sweep,
    runs: &[u64],
    jobs: usize,
    progress: &Progress,
    stop: Option<&AtomicBool>,
    on_done: F,
) -> io::Result<()>
where
    F: Fn(RunRecord) -> io::Result<()> + Sync,
{
    execute_with(sweep, runs, jobs, progress, stop, run_one, on_done)
}

/// [`execute`] with another job per run: `run(sweep, run)` gives what `on_done` receives
/// (`calibrate` runs a backtest of each point instead of a plain run).
pub fn execute_with<R, J, F>(
    sweep: &Sweep,
    runs: &[u64],
    jobs: usize,
    progress: &Progress,
    stop: Option<&AtomicBool>,
    run: J,
    on_done: F,
) -> io::Result<()>
where
    J: Fn(&Sweep, u64) -> R + Sync,
    F: Fn(R) -> io::Result<()> + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("scalesim-sweep-{i}"))
        .build()
        .map_err(|e| io::Error::other(format!("cannot start {jobs} worker threads: {e}")))?;
    let total = runs.len();
    let done = Mutex::new((0usize, 0u64));
    pool.install(|| {
        runs.par_iter().with_max_len(1).try_for_each(|&r| {
            // After an interruption, runs not yet started are skipped (and stay pending).
            if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
                return Ok(());
            }
            let record = run(sweep, r);
            let (point, _) = sweep.run_of(r);
            let minutes = horizon_minutes(sweep.points[point].scenario.sim.horizon.as_secs_f64());
            let result = on_done(record);
            if let Ok(mut d) = done.lock() {
                let label = format!("run {}/{total}", d.0 + 1);
                progress.tracker(d.1, minutes, &label).finish();
                d.0 += 1;
                d.1 += minutes;
            }
            result
        })
    })
}

/// Simulated minutes of `runs` (the progress bar's length).
pub fn total_minutes(sweep: &Sweep, runs: &[u64]) -> u64 {
    runs.iter()
        .map(|&r| {
            let (point, _) = sweep.run_of(r);
            horizon_minutes(sweep.points[point].scenario.sim.horizon.as_secs_f64())
        })
        .sum()
}
