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
mod tests {
    use super::*;
    use crate::error::InputError;
    use crate::workload::csvfile::test_util::{dir_with, row_error};
    use crate::workload::{ArrivalModel, ArrivalSpec};
    use std::path::Path;

    fn spec(file: &str, column: &str, format: Option<&str>) -> TraceSpec {
        TraceSpec {
            path: file.into(),
            time_column: column.into(),
            time_format: format.map_or_else(default_time_format, str::to_string),
            origin: None,
            speedup: None,
        }
    }

    fn load(
        dir: &Path,
        spec: &TraceSpec,
        cols: Option<&ServiceColumns>,
    ) -> Result<(Vec<super::super::Arrival>, Vec<String>), BuildError> {
        let ctx = LoadContext {
            base_dir: dir,
            service_columns: cols,
        };
        let (model, warnings) = ArrivalModel::build(&ArrivalSpec::Trace(spec.clone()), "a", &ctx)?;
        let mut rng = crate::rng::stream_rng(0, crate::rng::Stream::Arrivals, 0);
        let mut s = model.stream();
        let arrivals = std::iter::from_fn(|| s.next_arrival(&mut rng)).collect();
        Ok((arrivals, warnings))
    }

    fn times(dir: &Path, spec: &TraceSpec) -> Vec<u64> {
        let (arrivals, _) = load(dir, spec, None).unwrap();
        arrivals.iter().map(|a| a.time.0).collect()
    }

    #[test]
    fn default_format_with_seven_fraction_digits() {
        let d = dir_with(
            "t.csv",
            "TIMESTAMP,ContextTokens\n2023-11-16 18:17:03.9799600,4808\n\
             2023-11-16 18:17:04.0319600,3180\n2023-11-16 18:17:05,1\n",
        );
        assert_eq!(
            times(d.path(), &spec("t.csv", "TIMESTAMP", None)),
            [0, 52_000, 1_020_040]
        );
    }

    #[test]
    fn epoch_formats_origin_and_speedup() {
        let d = dir_with("e.csv", "t\n1700000010.5\n1700000012\n");
        let mut s = spec("e.csv", "t", Some("epoch_s"));
        assert_eq!(times(d.path(), &s), [0, 1_500_000]);
        let ctx = LoadContext {
            base_dir: d.path(),
            service_columns: None,
        };
        let (m, _) = ArrivalModel::build(&ArrivalSpec::Trace(s.clone()), "a", &ctx).unwrap();
        assert_eq!(
            (m.mean_rate_per_s(), m.last_time()),
            (2.0 / 1.5, Some(SimTime(1_500_000)))
        );
        s.origin = Some("1700000000".into());
        assert_eq!(times(d.path(), &s), [10_500_000, 12_000_000]);
        s.speedup = Some(2.0);
        assert_eq!(times(d.path(), &s), [5_250_000, 6_000_000]);
        s.origin = Some("1700000011".into());
        let (row, field, message) = row_error(load(d.path(), &s, None).unwrap_err());
        assert_eq!((row, field.as_deref()), (2, Some("t")));
        assert!(message.contains("before the origin"), "{message}");

        let d = dir_with("m.csv", "ms\n1700000000250\n1700000001000\n");
        assert_eq!(
            times(d.path(), &spec("m.csv", "ms", Some("epoch_ms"))),
            [0, 750_000]
        );
        let d = dir_with("o.csv", "at\n2.5\n7\n");
        assert_eq!(
            times(d.path(), &spec("o.csv", "at", Some("offset_s"))),
            [2_500_000, 7_000_000]
        );
    }

    #[test]
    fn unsorted_rows_are_sorted_with_a_warning() {
        let d = dir_with("u.csv", "t,n\n5,a\n3,b\n9,c\n3,d\n");
        let s = spec("u.csv", "t", Some("offset_s"));
        let cols = ServiceColumns {
            base_s: 0.0,
            per_unit_s: vec![],
        };
        let (arrivals, warnings) = load(d.path(), &s, Some(&cols)).unwrap();
        let t: Vec<u64> = arrivals.iter().map(|a| a.time.0 / 1_000_000).collect();
        assert_eq!(t, [3, 3, 5, 9]);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("2 row(s)") && warnings[0].contains("line 3"),
            "{warnings:?}"
        );
    }

    #[test]
    fn empty_trace_is_an_error() {
        let d = dir_with("h.csv", "TIMESTAMP,ContextTokens\n");
        let (row, _, message) =
            row_error(load(d.path(), &spec("h.csv", "TIMESTAMP", None), None).unwrap_err());
        assert_eq!(row, 1);
        assert!(message.contains("no data rows"), "{message}");
        let d = dir_with("z.csv", "");
        assert!(load(d.path(), &spec("z.csv", "TIMESTAMP", None), None).is_err());
    }

    #[test]
    fn bad_row_names_line_and_field() {
        let d = dir_with(
            "b.csv",
            "TIMESTAMP,x\n2023-11-16 18:17:03.1,1\n\n2023-13-16 18:17:04,2\n",
        );
        let (row, field, message) =
            row_error(load(d.path(), &spec("b.csv", "TIMESTAMP", None), None).unwrap_err());
        assert_eq!(row, 4, "blank line 3 still counts");
        assert_eq!(field.as_deref(), Some("TIMESTAMP"));
        assert!(
            message.starts_with("not a time in format \"%Y-%m-%d %H:%M:%S%.f\": \"2023-13-16"),
            "{message}"
        );
    }

    #[test]
    fn missing_column_lists_columns() {
        let d = dir_with("c.csv", "TIMESTAMP,ContextTokens\n2023-11-16 18:17:03,1\n");
        let (row, field, message) =
            row_error(load(d.path(), &spec("c.csv", "time", None), None).unwrap_err());
        assert_eq!((row, field.as_deref()), (1, Some("time")));
        assert!(
            message.contains("\"TIMESTAMP\", \"ContextTokens\""),
            "{message}"
        );
        let e = load(d.path(), &spec("nope.csv", "t", None), None).unwrap_err();
        assert!(
            matches!(e, BuildError::Input(InputError::Read { .. })),
            "{e:?}"
        );
    }

    #[test]
    fn spec_issues_are_collected() {
        let mut s = spec("", "", Some("%Q"));
        s.speedup = Some(0.0);
        let Err(BuildError::Invalid(issues)) = load(Path::new("."), &s, None) else {
            panic!("expected issues")
        };
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            ["a.path", "a.time_column", "a.time_format", "a.speedup"]
        );
        let mut s = spec("x.csv", "t", Some("offset_s"));
        s.origin = Some("0".into());
        assert!(matches!(
            load(Path::new("."), &s, None),
            Err(BuildError::Invalid(_))
        ));
    }

    #[test]
    fn service_columns_give_exact_per_row_service() {
        let d = dir_with("s.csv", "t,ctx,gen\n0,1000,10\n1,0,0\n2,2500,4\n");
        let s = spec("s.csv", "t", Some("offset_s"));
        let cols = ServiceColumns {
            base_s: 0.25,
            per_unit_s: vec![("ctx".into(), 0.0001), ("gen".into(), 0.02)],
        };
        let (arrivals, _) = load(d.path(), &s, Some(&cols)).unwrap();
        let services: Vec<Option<u64>> = arrivals.iter().map(|a| a.service.map(|d| d.0)).collect();
        assert_eq!(services, [Some(550_000), Some(250_000), Some(580_000)]);

        let d = dir_with("s.csv", "t,ctx,gen\n0,1000,10\n1,lots,0\n");
        let (row, field, _) = row_error(load(d.path(), &s, Some(&cols)).unwrap_err());
        assert_eq!((row, field.as_deref()), (3, Some("ctx")));
        let neg = ServiceColumns {
            base_s: -1.0,
            per_unit_s: vec![("gen".into(), 0.01)],
        };
        let (row, field, message) = row_error(load(d.path(), &s, Some(&neg)).unwrap_err());
        assert_eq!((row, field), (2, None));
        assert!(message.contains(">= 0"), "{message}");
        let missing = ServiceColumns {
            base_s: 0.0,
            per_unit_s: vec![("tokens".into(), 1.0)],
        };
        let (row, field, _) = row_error(load(d.path(), &s, Some(&missing)).unwrap_err());
        assert_eq!((row, field.as_deref()), (1, Some("tokens")));
    }
}
