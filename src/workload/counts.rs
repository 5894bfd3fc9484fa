//! Request counts per interval (e.g. a per-minute CloudWatch `Sum` export).
//!
//! Owns the `counts` arrival kind: a CSV with one row per interval giving the interval's
//! start time and how many requests arrived in it. Each interval `[start, start + interval)`
//! is filled according to [`Spread`]:
//!
//! * `uniform` (default): exactly N arrivals at iid uniform times, in sorted order. They are
//!   generated already sorted, one at a time, from the order statistics of the uniform
//!   distribution (given the k-th smallest u, the next is u + (1 − u)(1 − e^(−E/m)), E ~ Exp(1),
//!   m = arrivals left), so a run needs no buffer and no sort, whatever N is.
//! * `poisson`: a Poisson process with rate N / interval inside the interval (mean N).
//!
//! Rows out of time order are sorted (stable) with a warning, as for traces; missing
//! intervals mean no requests (CloudWatch omits empty periods); rows closer together than
//! one interval are an error because their intervals would overlap. Counts must be
//! non-negative whole numbers (`12` or `12.0`). Counts carry no per-request service time.

use super::csvfile::{check_file_fields, CsvFile, Disorder};
use super::timefmt::default_time_format;
use super::{check_duration, BuildError, LoadContext};
use crate::error::Issue;
use crate::rng::SimRng;
use crate::time::{Duration, SimDuration, SimTime};
use rand::RngExt;
use rand_distr::Exp1;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A `counts` arrival source: a CSV with a header row and one row per interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountsSpec {
    /// The CSV file, relative to the scenario file's folder.
    pub path: String,
    /// Column holding each interval's start time.
    pub time_column: String,
    /// Column holding each interval's request count.
    pub count_column: String,
    /// Format of `time_column`, as for traces (default `"%Y-%m-%d %H:%M:%S%.f"`).
    #[serde(default = "default_time_format")]
    pub time_format: String,
    /// Length of each interval (e.g. `"1m"`).
    pub interval: Duration,
    /// How arrivals are placed inside an interval (default `uniform`).
    #[serde(default)]
    pub spread: Spread,
    /// Timestamp (same format) that becomes simulation time 0; default the earliest row.
    #[serde(default)]
    pub origin: Option<String>,
}

/// How a counts source places an interval's arrivals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Spread {
    /// Exactly N arrivals at iid uniform times in the interval, in sorted order.
    #[default]
    Uniform,
    /// A Poisson process with rate N / interval inside the interval (N on average).
    Poisson,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    start_us: u64,
    count: u64,
}

#[derive(Debug)]
struct CountsData {
    /// Sorted, at least one interval apart, non-empty.
    buckets: Vec<Bucket>,
    interval_us: u64,
    total: u64,
}

/// A loaded counts file.
#[derive(Debug, Clone)]
pub(crate) struct CountsModel {
    data: Arc<CountsData>,
    spread: Spread,
}

/// A count field: a non-negative whole number, possibly written with a zero fraction.
fn parse_count(text: &str) -> Option<u64> {
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    let v: f64 = text.parse().ok()?;
    (v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9.0e15).then_some(v as u64)
}

impl CountsModel {
    /// Validate `spec` and, if it and the earlier `issues` are clean, load the file.
    /// `Ok(None)` means issues were pushed.
    pub(crate) fn build(
        spec: &CountsSpec,
        path: &str,
        ctx: &LoadContext,
        issues: &mut Vec<Issue>,
        warnings: &mut Vec<String>,
    ) -> Result<Option<Self>, BuildError> {
        let fields = check_file_fields(
            &spec.path,
            &spec.time_column,
            &spec.time_format,
            spec.origin.as_deref(),
            path,
            issues,
        );
        if spec.count_column.trim().is_empty() {
            issues.push(Issue::new(
                format!("{path}.count_column"),
                "must name the CSV column that holds the request counts",
            ));
        }
        let interval_us = check_duration(issues, format!("{path}.interval"), spec.interval, true);
        let (Some((format, origin)), Some(interval_us)) = (fields, interval_us) else {
            return Ok(None);
        };
        if !issues.is_empty() {
            return Ok(None);
        }

        let mut csv = CsvFile::open(ctx.base_dir, &spec.path)?;
        let time_col = csv.column(&spec.time_column)?;
        let count_col = csv.column(&spec.count_column)?;
        let origin = origin.or(format.is_offset().then_some(0));
        // (time on the format's axis, count, file line)
        let mut rows: Vec<(i64, u64, u64)> = Vec::new();
        let mut disorder = Disorder::default();
        let mut rec = csv::StringRecord::new();
        while let Some(line) = csv.next_row(&mut rec)? {
            let text = csv.field(&rec, time_col, &spec.time_column, line)?;
            let t = format
                .parse(text)
                .map_err(|m| csv.row_error(line, Some(&spec.time_column), m))?;
            if origin.is_some_and(|o| t < o) {
                let message = format!("{text:?} is before the origin; rows must be at or after it");
                return Err(csv.row_error(line, Some(&spec.time_column), message).into());
            }
            let text = csv.field(&rec, count_col, &spec.count_column, line)?;
            let Some(count) = parse_count(text) else {
                let message = format!(
                    "not a non-negative whole number of requests (e.g. 12 or 12.0): {text:?}"
                );
                return Err(csv
                    .row_error(line, Some(&spec.count_column), message)
                    .into());
            };
            disorder.see(t, line);
            rows.push((t, count, line));
        }
        if rows.is_empty() {
            let message =
                "no data rows after the header; a counts file needs at least one interval";
            return Err(csv.row_error(1, None, message.into()).into());
        }
        if disorder.any() {
            rows.sort_by_key(|r| r.0);
            warnings.extend(disorder.warning(&csv.file));
        }
        let origin = origin.unwrap_or(rows[0].0);
        let mut buckets: Vec<Bucket> = Vec::with_capacity(rows.len());
        let mut prev_line = 0;
        for &(t, count, line) in &rows {
            let start_us = (i128::from(t) - i128::from(origin)) as u64;
            if let Some(prev) = buckets.last() {
                if start_us < prev.start_us.saturating_add(interval_us) {
                    let message = format!(
                        "this interval starts {} s after the one at line {prev_line}, less than \
                         the interval ({}); rows must be at least one interval apart",
                        (start_us - prev.start_us) as f64 / 1e6,
                        spec.interval
                    );
                    return Err(csv.row_error(line, Some(&spec.time_column), message).into());
                }
            }
            buckets.push(Bucket { start_us, count });
            prev_line = line;
        }
        let total = buckets.iter().fold(0u64, |a, b| a.saturating_add(b.count));
        let data = CountsData {
            buckets,
            interval_us,
            total,
        };
        Ok(Some(CountsModel {
            data: Arc::new(data),
            spread: spec.spread,
        }))
    }

    pub(crate) fn stream(&self) -> CountsStream {
        CountsStream {
            data: Arc::clone(&self.data),
            spread: self.spread,
            interval_s: SimDuration(self.data.interval_us).as_secs_f64(),
            bucket: 0,
            started: false,
            left: 0,
            pos: 0.0,
        }
    }

    /// Total count / end of the last interval.
    pub(crate) fn mean_rate_per_s(&self) -> f64 {
        self.data.total as f64 / self.end().as_secs_f64()
    }

    /// End of the last interval (exclusive: no arrival comes at or after it).
    fn end(&self) -> SimTime {
        let last = self.data.buckets.last().map_or(0, |b| b.start_us);
        SimTime(last.saturating_add(self.data.interval_us))
    }

    /// The latest time an arrival can have: just before the end of the last interval.
    pub(crate) fn last_time(&self) -> SimTime {
        SimTime(self.end().0.saturating_sub(1))
    }
}

/// Per-run state: current interval and position inside it.
#[derive(Debug, Clone)]
pub(crate) struct CountsStream {
    data: Arc<CountsData>,
    spread: Spread,
    interval_s: f64,
    bucket: usize,
    /// Whether the current interval's state has been set up.
    started: bool,
    /// Uniform: arrivals left in the interval. Poisson: the interval's count (only its
    /// being non-zero matters; the Poisson draw ends at the end of the interval).
    left: u64,
    /// Uniform: fraction of the interval reached (0..=1); Poisson: seconds into the interval.
    pos: f64,
}

impl CountsStream {
    pub(crate) fn next(&mut self, rng: &mut SimRng) -> Option<SimTime> {
        loop {
            let b = *self.data.buckets.get(self.bucket)?;
            if !self.started {
                self.started = true;
                self.left = b.count;
                self.pos = 0.0;
            }
            if self.left > 0 {
                let e: f64 = rng.sample(Exp1);
                let offset_s = match self.spread {
                    Spread::Uniform => {
                        let step = -(-e / self.left as f64).exp_m1();
                        self.pos += (1.0 - self.pos) * step;
                        self.left -= 1;
                        Some(self.pos * self.interval_s)
                    }
                    Spread::Poisson => {
                        self.pos += e * self.interval_s / b.count as f64;
                        (self.pos < self.interval_s).then_some(self.pos)
                    }
                };
                if let Some(s) = offset_s {
                    let offset = SimDuration::from_secs_f64(s).0.min(self.data.interval_us);
                    return Some(SimTime(b.start_us.saturating_add(offset)));
                }
            }
            self.bucket += 1;
            self.started = false;
        }
    }
}

#[cfg(test)]
#[path = "counts_tests.rs"]
mod tests;
