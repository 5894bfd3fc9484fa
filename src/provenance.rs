//! Where a result came from: the scalesim version, the git commit and build date it was
//! built from (recorded by `build.rs`), and for each run its seed, when it ran and how long
//! it took, written as `run.json` beside the outputs.
//!
//! The wall-clock facts live only in `run.json` and `report.html`: every other file of a
//! run is byte-identical for the same scenario and seed, and names the version and the seed
//! itself.

use serde::Serialize;
use std::path::Path;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The crate version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The git commit it was built from (`unknown` outside a git checkout).
pub const COMMIT: &str = env!("SCALESIM_COMMIT");
/// The build date, `YYYY-MM-DD` (UTC).
pub const BUILD_DATE: &str = env!("SCALESIM_BUILD_DATE");

/// `0.1.0 (commit 0123abcd4567, built 2026-12-02)`, for `--version` and reports.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SCALESIM_COMMIT"),
    ", built ",
    env!("SCALESIM_BUILD_DATE"),
    ")"
);

/// `run.json`: what produced the files in a folder, and when.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    /// The command (`run`, `compare`, `sweep`, ...).
    pub command: String,
    /// The scenario or sweep file.
    pub input: String,
    /// The seed (the base seed for compare and sweeps).
    pub seed: u64,
    /// scalesim's version.
    pub scalesim_version: String,
    /// The git commit of the build.
    pub commit: String,
    /// The build date.
    pub build_date: String,
    /// When the command started, ISO 8601 UTC.
    pub started_at: String,
    /// Wall-clock seconds from start to the files written.
    pub wall_clock_s: f64,
}

/// A clock started when a command begins.
#[derive(Debug, Clone, Copy)]
pub struct Started {
    at: SystemTime,
    clock: Instant,
}

impl Started {
    /// Now. The only reading of the wall clock in scalesim: it goes to `run.json`, never
    /// into a simulation or another output file.
    #[allow(clippy::disallowed_methods)]
    pub fn now() -> Started {
        Started {
            at: SystemTime::now(),
            clock: Instant::now(),
        }
    }

    /// The record of a command on `input` with `seed`, finished now.
    pub fn info(&self, command: &str, input: &Path, seed: u64) -> RunInfo {
        let secs = self
            .at
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        RunInfo {
            command: command.to_string(),
            input: input.display().to_string(),
            seed,
            scalesim_version: VERSION.to_string(),
            commit: COMMIT.to_string(),
            build_date: BUILD_DATE.to_string(),
            started_at: iso_utc(secs),
            wall_clock_s: (self.clock.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        }
    }
}

impl RunInfo {
    /// Write `dir/run.json` atomically.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let mut json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        json.push(b'\n');
        crate::report::atomic::write_atomic(&dir.join("run.json"), &json)
    }

    /// One line for reports: `scalesim 0.1.0 (commit …, built …), seed 7, started …, took 1.2 s`.
    pub fn line(&self) -> String {
        format!(
            "scalesim {} (commit {}, built {}), seed {}, started {}, took {}",
            self.scalesim_version,
            self.commit,
            self.build_date,
            self.seed,
            self.started_at,
            crate::time::human_duration(self.wall_clock_s)
        )
    }
}

/// `2026-12-02T18:04:05Z` from Unix seconds.
fn iso_utc(unix_s: f64) -> String {
    let total = unix_s.floor() as i64;
    let (days, rem) = (total.div_euclid(86_400), total.rem_euclid(86_400));
    let (year, month, day) = crate::civil::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_civil_utc() {
        assert_eq!(iso_utc(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400.0), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_796_234_645.9), "2026-12-02T18:04:05Z");
    }

    #[test]
    fn the_long_version_names_commit_and_date() {
        assert!(LONG_VERSION.starts_with(VERSION));
        assert!(LONG_VERSION.contains(COMMIT) && LONG_VERSION.contains(BUILD_DATE));
        assert_eq!(BUILD_DATE.len(), 10);
        let info = Started::now().info("run", Path::new("s.toml"), 7);
        assert!(info.wall_clock_s >= 0.0 && info.line().contains("seed 7"));
    }
}
