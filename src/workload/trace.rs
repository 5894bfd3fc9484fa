//! Replayed request traces: one timestamp per request.
//!
//! Owns the `trace` arrival kind and [`ServiceColumns`] (per-request service time computed
//! from numeric columns of the same rows). The file is read once when the model is built;
//! the times (and service times) live behind an `Arc` and each run walks them by index.
//!
//! Choices: times are shifted so that `origin` (default: the earliest timestamp in the file,
//! or 0 for `offset_s`) is simulation time 0, then divided by `speedup`. Rows out of time
//! order are sorted (stably, so equal times keep file order) and reported in the warnings
//! instead of being rejected, because real exports are often merged from several logs.
//! A trace with no data rows is an error.

use super::csvfile::{check_file_fields, CsvFile, Disorder};
use super::timefmt::default_time_format;
use super::{BuildError, LoadContext};
use crate::error::Issue;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A `trace` arrival source: a CSV file with a header row and one row per request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceSpec {
    /// The CSV file, relative to the scenario file's folder.
    pub path: String,
    /// Column holding each request's arrival timestamp.
    pub time_column: String,
    /// A chrono strftime pattern (naive, read as UTC) or `epoch_s`, `epoch_ms`, `epoch_us`,
    /// `offset_s`. Default `"%Y-%m-%d %H:%M:%S%.f"`.
    #[serde(default = "default_time_format")]
    pub time_format: String,
    /// Timestamp (same format) that becomes simulation time 0; default the earliest in the
    /// file. Not allowed with `offset_s`.
    #[serde(default)]
    pub origin: Option<String>,
    /// Replay speed factor: offsets from the origin are divided by it (default 1, finite > 0).
    #[serde(default)]
    pub speedup: Option<f64>,
}

/// Per-request service time read from trace columns:
/// `service = base_s + Σ coefficient × column value`, in seconds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceColumns {
    /// Fixed part, seconds.
    pub base_s: f64,
    /// (column name, seconds per unit of that column).
    pub per_unit_s: Vec<(String, f64)>,
}

#[derive(Debug)]
struct TraceData {
    /// Arrival times, non-decreasing, non-empty.
    times: Vec<SimTime>,
    /// Service time per request (same order), when service columns were given.
    services: Option<Vec<SimDuration>>,
}

/// A loaded trace.
#[derive(Debug, Clone)]
pub(crate) struct TraceModel {
    data: Arc<TraceData>,
}

impl TraceModel {
    /// Validate `spec` and, if it and the earlier `issues` are clean, load the file.
    /// `Ok(None)` means issues were pushed.
    pub(crate) fn build(
        spec: &TraceSpec,
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
        let speedup = spec.speedup.unwrap_or(1.0);
        if !(speedup.is_finite() && speedup > 0.0) {
            issues.push(Issue::new(
                format!("{path}.speedup"),
                format!("must be a finite number > 0 (got {speedup}); 2 replays twice as fast"),
            ));
        }
        if let Some(cols) = ctx.service_columns {
            let finite = cols.base_s.is_finite() && cols.per_unit_s.iter().all(|c| c.1.is_finite());
            if !finite {
                issues.push(Issue::new(
                    path,
                    "the service model's base and per-column coefficients must be finite",
                ));
            }
        }
        let Some((format, origin)) = fields else {
            return Ok(None);
        };
        if !issues.is_empty() {
            return Ok(None);
        }

        let mut csv = CsvFile::open(ctx.base_dir, &spec.path)?;
        let time_col = csv.column(&spec.time_column)?;
        let mut service_cols = Vec::new();
        if let Some(cols) = ctx.service_columns {
            for (name, coef) in &cols.per_unit_s {
                service_cols.push((csv.column(name)?, name.as_str(), *coef));
            }
        }
        let origin = origin.or(format.is_offset().then_some(0));
        let mut raw: Vec<i64> = Vec::new();
        let mut services: Vec<SimDuration> = Vec::new();
        let mut disorder = Disorder::default();
        let mut rec = csv::StringRecord::new();
        while let Some(line) = csv.next_row(&mut rec)? {
            let text = csv.field(&rec, time_col, &spec.time_column, line)?;
            let t = format
                .parse(text)
                .map_err(|m| csv.row_error(line, Some(&spec.time_column), m))?;
            if let Some(o) = origin.filter(|o| t < *o) {
                let what = match &spec.origin {
                    Some(text) => format!("the origin {text:?}"),
                    None => "the simulation start (offset 0)".to_string(),
                };
                let message = format!(
                    "{text:?} is {} s before {what}; every time must be at or after it",
                    (i128::from(o) - i128::from(t)) as f64 / 1e6
                );
                return Err(csv.row_error(line, Some(&spec.time_column), message).into());
            }
            disorder.see(t, line);
            raw.push(t);
            if let Some(cols) = ctx.service_columns {
                let mut secs = cols.base_s;
                for &(index, name, coef) in &service_cols {
                    let text = csv.field(&rec, index, name, line)?;
                    let value = text.parse::<f64>().ok().filter(|v| v.is_finite());
                    let Some(value) = value else {
                        let message = format!(
                            "not a number: {text:?}; this column is an input \
                                               of the service time (base + coefficient × value)"
                        );
                        return Err(csv.row_error(line, Some(name), message).into());
                    };
                    secs += coef * value;
                }
                if !(secs.is_finite() && secs >= 0.0) {
                    let message = format!(
                        "the service time base_s + Σ coefficient × column = {secs} s; it must be \
                         finite and >= 0"
                    );
                    return Err(csv.row_error(line, None, message).into());
                }
                services.push(SimDuration::from_secs_f64(secs));
            }
        }
        if raw.is_empty() {
            let message = "no data rows after the header; a trace needs at least one request";
            return Err(csv.row_error(1, None, message.into()).into());
        }
        if disorder.any() {
            let mut order: Vec<usize> = (0..raw.len()).collect();
            order.sort_by_key(|&i| raw[i]);
            raw = order.iter().map(|&i| raw[i]).collect();
            if !services.is_empty() {
                services = order.iter().map(|&i| services[i]).collect();
            }
            warnings.extend(disorder.warning(&csv.file));
        }
        let origin = origin.unwrap_or(raw[0]);
        let times = raw
            .iter()
            .map(|&t| {
                // t >= origin here, so the difference fits in u64.
                let offset = (i128::from(t) - i128::from(origin)) as u64;
                if speedup == 1.0 {
                    SimTime(offset)
                } else {
                    SimTime((offset as f64 / speedup).round() as u64)
                }
            })
            .collect();
        let data = TraceData {
            times,
            services: ctx.service_columns.map(|_| services),
        };
        Ok(Some(TraceModel {
            data: Arc::new(data),
        }))
    }

    pub(crate) fn stream(&self) -> TraceStream {
        TraceStream {
            data: Arc::clone(&self.data),
            next: 0,
        }
    }

    /// Arrivals per second of simulated time up to the last arrival; 0 when every arrival
    /// is at time 0 (no span to divide by; an infinite rate would poison sizing checks).
    pub(crate) fn mean_rate_per_s(&self) -> f64 {
        let span = self.last_time().as_secs_f64();
        if span > 0.0 {
            self.data.times.len() as f64 / span
        } else {
            0.0
        }
    }

    pub(crate) fn last_time(&self) -> SimTime {
        self.data.times.last().copied().unwrap_or(SimTime::ZERO)
    }
}

/// Per-run state: index of the next request.
#[derive(Debug, Clone)]
pub(crate) struct TraceStream {
    data: Arc<TraceData>,
    next: usize,
}

impl TraceStream {
    #[inline]
    pub(crate) fn next(&mut self) -> Option<super::Arrival> {
        let i = self.next;
        let time = *self.data.times.get(i)?;
        self.next += 1;
        let service = self.data.services.as_ref().and_then(|s| s.get(i).copied());
        Some(super::Arrival { time, service })
    }
}

#[cfg(test)]
#[path = "trace_tests.rs"]
mod tests;
