//! Parameter sweeps: run a base scenario at every point of a grid (or a list) of field
//! values, with replications, on every core; summarise each point with means and 95%
//! confidence intervals, find the cost/latency Pareto frontier, and recommend the cheapest
//! point that meets an SLO.
//!
//! ```text
//! sweep.toml ──spec::load──▶ Sweep { points (each a validated Scenario), replications }
//!     run r of point p = run index p·R + r, seed = base seed + r (common random numbers)
//!          │ exec: rayon pool of --jobs threads, a shard's slice (run % N == I)
//!          ▼ one JSON line per finished run, appended and flushed (record)
//!     DIR/points.jsonl ──driver: all finished runs, sorted by run index──▶ stats (mean, CI)
//!          ▼ output
//!     sweep.csv · pareto.csv · frontier chart · heatmaps · report.html · recommendation.json ·
//!     recommended-aws/
//! ```
//!
//! Nothing here depends on the number of threads or on wall-clock time: the final files are
//! computed from the records read back from `points.jsonl`, sorted by run index, so a
//! resumed sweep and merged shards give the same bytes as one uninterrupted run.
//!
//! Modules: [`spec`] (the sweep file, grid expansion, validation; `entries` flattens its
//! tables), [`record`] (one run's figures, `points.jsonl`), [`manifest`] (`manifest.json`),
//! [`stats`] (mean and Student-t interval), [`pareto`], [`slo`] (constraints and the
//! recommendation), [`shard`] (cluster slices), [`exec`] (parallel runs), [`driver`] (sweep,
//! resume, merge), [`output`] (final files), [`charts`], [`report`] (`report.html`), [`text`]
//! (the stdout summary).

pub mod charts;
pub mod driver;
mod entries;
pub mod exec;
pub mod manifest;
pub mod output;
pub mod pareto;
pub mod record;
pub mod report;
pub mod shard;
pub mod slo;
pub mod spec;
pub mod stats;
pub mod text;

pub use driver::{merge, run_sweep, Finished, SweepOptions, SweepOutcome};
pub use entries::{short_key, value_text};
pub use record::{LatencyMetric, Metric, RunRecord};
pub use shard::{select_shard, Shard, ShardEnv};
pub use slo::Slo;
pub use spec::{from_text, load};

use crate::scenario::Scenario;
use std::path::PathBuf;

/// One point of a sweep: the base scenario with some fields set.
#[derive(Debug, Clone)]
pub struct Point {
    /// Position in the sweep (grid points first, then `[[points]]`), from 0.
    pub index: usize,
    /// `key=value` of the swept fields this point sets, joined by `, ` (`base` if none).
    pub label: String,
    /// The same with each key shortened to its last segment (for chart labels).
    pub short_label: String,
    /// One cell per [`Sweep::params`] column: the value this point gives that field.
    pub values: Vec<String>,
    /// Every `KEY=VALUE` override applied to the base scenario (the sweep's `set`, then the
    /// point's own), as `--set` takes them.
    pub overrides: Vec<String>,
    /// The point's scenario, loaded and validated.
    pub scenario: Scenario,
}

/// A loaded, validated sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The sweep file.
    pub file: PathBuf,
    /// Name (the sweep file's stem unless it sets `name`): the default output folder.
    pub name: String,
    /// The base scenario file.
    pub base_file: PathBuf,
    /// Independent replications of every point (seeds base seed + 0, 1, ...).
    pub replications: u32,
    /// Seed of replication 0: the base scenario's (after the sweep's `set`).
    pub base_seed: u64,
    /// Latency statistic of the Pareto frontier and the charts.
    pub latency_metric: LatencyMetric,
    /// The SLO written in the sweep file, if any (`--slo` replaces it).
    pub slo: Option<Slo>,
    /// Swept field paths, one column each in the CSV files: grid keys as written, then
    /// keys first set by `[[points]]`.
    pub params: Vec<String>,
    /// The grid's keys and their number of values (the grid points come first).
    pub grid: Vec<(String, Vec<String>)>,
    /// Every point, in index order.
    pub points: Vec<Point>,
    /// Fingerprint of everything that decides the runs' results (each point's normalised
    /// scenario, the seeds): shards and resumed runs must agree on it.
    pub hash: String,
    /// Scenario warnings, once each.
    pub warnings: Vec<String>,
}

impl Sweep {
    /// Number of runs: points × replications.
    pub fn runs(&self) -> u64 {
        self.points.len() as u64 * u64::from(self.replications)
    }

    /// The point and replication of run `run`.
    pub fn run_of(&self, run: u64) -> (usize, u32) {
        let r = u64::from(self.replications.max(1));
        ((run / r) as usize, (run % r) as u32)
    }

    /// The seed of replication `replication` (the same for every point).
    pub fn seed(&self, replication: u32) -> u64 {
        self.base_seed.wrapping_add(u64::from(replication))
    }

    /// Number of points that come from the grid (the first ones).
    pub fn grid_points(&self) -> usize {
        if self.grid.is_empty() {
            0
        } else {
            self.grid.iter().map(|(_, v)| v.len()).product()
        }
    }
}

#[cfg(test)]
mod tests;
