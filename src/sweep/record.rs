//! One run's figures ([`RunRecord`], a line of `points.jsonl`), the metrics a sweep
//! summarises ([`Metric`]), and `points.jsonl`.
//!
//! `points.jsonl` holds one JSON object per finished run, appended and flushed as each run
//! finishes, in completion order; when a sweep (or a merge) completes it is rewritten in
//! run order. Reading tolerates a last line cut short by an interruption (it is dropped:
//! that run is simply not finished); any other bad line is an error naming its line.

use super::Sweep;
use crate::error::InputError;
use crate::sim::summary::{RunSummary, SummaryRow};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One finished run of one point: a line of `points.jsonl`, the run's indices then its
/// [`SummaryRow`] (latencies `null` when no request completed). Reading rejects unknown
/// fields ([`parse_records`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Run index: point × replications + replication.
    pub run: u64,
    /// Point index.
    pub point: usize,
    /// Replication, from 0.
    pub replication: u32,
    /// The run's figures (its seed is the base seed + replication).
    #[serde(flatten)]
    pub figures: SummaryRow,
}

impl RunRecord {
    /// The record of run `run` (point `point`, replication `replication`).
    pub fn new(run: u64, point: usize, replication: u32, s: &RunSummary) -> RunRecord {
        RunRecord {
            run,
            point,
            replication,
            figures: s.row(),
        }
    }

    /// The value of `m` in this run (None: a latency with no completed request). A
    /// latency over all requests whose percentile request was lost is infinite: it misses
    /// every limit.
    pub fn value(&self, m: Metric) -> Option<f64> {
        let f = &self.figures;
        let lost = f.lost();
        let all = |v: Option<f64>| Some(v.unwrap_or(f64::INFINITY));
        let rate = |n: u64| {
            Some(if f.arrived == 0 {
                0.0
            } else {
                n as f64 / f.arrived as f64
            })
        };
        match m {
            Metric::CostUsd => Some(f.cost_usd),
            Metric::InstanceHours => Some(f.instance_hours),
            Metric::MeanLatency => f.mean_latency_s,
            Metric::P50Latency => f.p50_latency_s,
            Metric::P90Latency => f.p90_latency_s,
            Metric::P99Latency => f.p99_latency_s,
            Metric::MaxLatency => f.max_latency_s,
            Metric::P50LatencyAll => all(f.p50_latency_all_s),
            Metric::P90LatencyAll => all(f.p90_latency_all_s),
            Metric::P99LatencyAll => all(f.p99_latency_all_s),
            Metric::MaxLatencyAll => all(f.max_latency_s.filter(|_| lost == 0)),
            Metric::LostRate => rate(lost),
            Metric::ExpiredRate => rate(f.expired),
            Metric::FailedRate => rate(f.failed),
            Metric::RejectedRate => rate(f.rejected),
            Metric::ColdStartWaits => Some(f.cold_start_waits as f64),
            Metric::ScaleOutEvents => Some(f.scale_out_events as f64),
            Metric::ScaleInEvents => Some(f.scale_in_events as f64),
            Metric::TimeAtZero => Some(f.time_at_zero_fraction),
            Metric::Arrived => Some(f.arrived as f64),
            Metric::Completed => Some(f.completed as f64),
        }
    }

    /// The largest error of this run's value of `m` from how it was measured (not from
    /// sampling): value × the quantile error for p50/p90/p99, 0 for every other metric
    /// (exact). None where the value is.
    pub fn measurement_error(&self, m: Metric) -> Option<f64> {
        let v = self.value(m)?;
        Some(if m.is_quantile() {
            v.abs() * self.figures.latency_quantile_relative_error
        } else {
            0.0
        })
    }

    /// The JSON line (no newline).
    pub fn to_line(&self) -> String {
        // Plain numbers and strings only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A figure summarised across replications (a column group of `sweep.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Billed cost (USD).
    CostUsd,
    /// Billed instance-hours.
    InstanceHours,
    /// Mean latency (s).
    MeanLatency,
    /// Median latency (s).
    P50Latency,
    /// 90th percentile latency (s).
    P90Latency,
    /// 99th percentile latency (s).
    P99Latency,
    /// Maximum latency (s).
    MaxLatency,
    /// Median over all requests, a lost one counting as never finished (s).
    P50LatencyAll,
    /// 90th percentile over all requests (s).
    P90LatencyAll,
    /// 99th percentile over all requests (s).
    P99LatencyAll,
    /// Maximum over all requests: infinite when any was lost (s).
    MaxLatencyAll,
    /// (Expired + failed + rejected) ÷ arrived.
    LostRate,
    /// Expired ÷ arrived.
    ExpiredRate,
    /// Failed ÷ arrived.
    FailedRate,
    /// Rejected ÷ arrived.
    RejectedRate,
    /// Requests that arrived while no instance was InService.
    ColdStartWaits,
    /// Scale-out events.
    ScaleOutEvents,
    /// Scale-in events.
    ScaleInEvents,
    /// Fraction of the horizon at zero instances.
    TimeAtZero,
    /// Requests that arrived.
    Arrived,
    /// Requests completed.
    Completed,
}

impl Metric {
    /// Every metric, in `sweep.csv` column order.
    pub const ALL: [Metric; 21] = [
        Metric::CostUsd,
        Metric::InstanceHours,
        Metric::MeanLatency,
        Metric::P50Latency,
        Metric::P90Latency,
        Metric::P99Latency,
        Metric::MaxLatency,
        Metric::P50LatencyAll,
        Metric::P90LatencyAll,
        Metric::P99LatencyAll,
        Metric::MaxLatencyAll,
        Metric::LostRate,
        Metric::ExpiredRate,
        Metric::FailedRate,
        Metric::RejectedRate,
        Metric::ColdStartWaits,
        Metric::ScaleOutEvents,
        Metric::ScaleInEvents,
        Metric::TimeAtZero,
        Metric::Arrived,
        Metric::Completed,
    ];

    /// Column stem: `<stem>_mean`, `<stem>_ci95_lo`, `<stem>_ci95_hi`.
    pub fn column(self) -> &'static str {
        match self {
            Metric::CostUsd => "cost_usd",
            Metric::InstanceHours => "instance_hours",
            Metric::MeanLatency => "mean_latency_s",
            Metric::P50Latency => "p50_latency_s",
            Metric::P90Latency => "p90_latency_s",
            Metric::P99Latency => "p99_latency_s",
            Metric::MaxLatency => "max_latency_s",
            Metric::P50LatencyAll => "p50_latency_all_s",
            Metric::P90LatencyAll => "p90_latency_all_s",
            Metric::P99LatencyAll => "p99_latency_all_s",
            Metric::MaxLatencyAll => "max_latency_all_s",
            Metric::LostRate => "lost_rate",
            Metric::ExpiredRate => "expired_rate",
            Metric::FailedRate => "failed_rate",
            Metric::RejectedRate => "rejected_rate",
            Metric::ColdStartWaits => "cold_start_waits",
            Metric::ScaleOutEvents => "scale_out_events",
            Metric::ScaleInEvents => "scale_in_events",
            Metric::TimeAtZero => "time_at_zero_fraction",
            Metric::Arrived => "arrived",
            Metric::Completed => "completed",
        }
    }

    /// Position in [`Metric::ALL`].
    pub fn position(self) -> usize {
        Metric::ALL.iter().position(|m| *m == self).unwrap_or(0)
    }

    /// A latency percentile (exact, or within the stated quantile error).
    pub fn is_quantile(self) -> bool {
        matches!(
            self,
            Metric::P50Latency | Metric::P90Latency | Metric::P99Latency
        )
    }

    /// The same statistic over completed requests only (`P99LatencyAll` → `P99Latency`);
    /// itself for the others.
    pub fn over_completed(self) -> Metric {
        match self {
            Metric::P50LatencyAll => Metric::P50Latency,
            Metric::P90LatencyAll => Metric::P90Latency,
            Metric::P99LatencyAll => Metric::P99Latency,
            Metric::MaxLatencyAll => Metric::MaxLatency,
            m => m,
        }
    }

    /// A latency in seconds (printed as a duration).
    pub fn is_latency(self) -> bool {
        matches!(
            self,
            Metric::MeanLatency
                | Metric::P50Latency
                | Metric::P90Latency
                | Metric::P99Latency
                | Metric::MaxLatency
                | Metric::P50LatencyAll
                | Metric::P90LatencyAll
                | Metric::P99LatencyAll
                | Metric::MaxLatencyAll
        )
    }
}

/// The latency statistic of the Pareto frontier (`latency_metric` in the sweep file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LatencyMetric {
    /// Median.
    P50,
    /// 90th percentile.
    P90,
    /// 99th percentile (default).
    #[default]
    P99,
    /// Maximum.
    Max,
}

impl LatencyMetric {
    /// The metric it names.
    pub fn metric(self) -> Metric {
        match self {
            LatencyMetric::P50 => Metric::P50Latency,
            LatencyMetric::P90 => Metric::P90Latency,
            LatencyMetric::P99 => Metric::P99Latency,
            LatencyMetric::Max => Metric::MaxLatency,
        }
    }

    /// `p50`, `p90`, `p99` or `max`.
    pub fn name(self) -> &'static str {
        match self {
            LatencyMetric::P50 => "p50",
            LatencyMetric::P90 => "p90",
            LatencyMetric::P99 => "p99",
            LatencyMetric::Max => "max",
        }
    }
}

/// The records of `points.jsonl` text (from `file`), each checked against `sweep`. Returns
/// them in file order and whether a cut-short last line was dropped.
pub fn parse_records(
    text: &str,
    file: &Path,
    sweep: &Sweep,
) -> Result<(Vec<RunRecord>, bool), InputError> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let complete = line.ends_with('\n');
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        let fail = |message: String| InputError::Row {
            file: file.to_path_buf(),
            row: i as u64 + 1,
            field: None,
            message,
        };
        let object: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(body) {
            Ok(o) => o,
            Err(_) if !complete && i + 1 == lines.len() => return Ok((out, true)),
            Err(e) => return Err(fail(format!("not a run record: {e}"))),
        };
        let rec = record_of(object).map_err(fail)?;
        let (point, replication) = sweep.run_of(rec.run);
        if rec.run >= sweep.runs()
            || rec.point != point
            || rec.replication != replication
            || rec.figures.seed != sweep.seed(replication)
        {
            return Err(fail(format!(
                "run {} (point {}, replication {}, seed {}) does not belong to this sweep of {} \
                 points × {} replications from seed {}",
                rec.run,
                rec.point,
                rec.replication,
                rec.figures.seed,
                sweep.points.len(),
                sweep.replications,
                sweep.base_seed
            )));
        }
        out.push(rec);
    }
    Ok((out, false))
}

/// The record a `points.jsonl` object holds; an error names a field it does not know
/// (serde cannot deny unknown fields through the flattened [`SummaryRow`], so this compares
/// the object's keys with those the record writes back: every field is always written).
fn record_of(object: serde_json::Map<String, serde_json::Value>) -> Result<RunRecord, String> {
    let rec: RunRecord = serde_json::from_value(serde_json::Value::Object(object.clone()))
        .map_err(|e| format!("not a run record: {e}"))?;
    let known = serde_json::to_value(&rec).map_err(|e| e.to_string())?;
    match object.keys().find(|k| known.get(k.as_str()).is_none()) {
        Some(k) => Err(format!("not a run record: unknown field `{k}`")),
        None => Ok(rec),
    }
}

/// Sort `records` by run index and drop exact duplicates; two different records of the
/// same run are an error (they cannot come from the same sweep).
pub fn sort_dedup(mut records: Vec<RunRecord>) -> Result<Vec<RunRecord>, String> {
    records.sort_by_key(|r| r.run);
    let mut out: Vec<RunRecord> = Vec::with_capacity(records.len());
    for r in records {
        match out.last() {
            Some(last) if last.run == r.run => {
                if *last != r {
                    return Err(format!(
                        "run {} appears twice with different results (folders of different sweeps or \
                         versions?)",
                        r.run
                    ));
                }
            }
            _ => out.push(r),
        }
    }
    Ok(out)
}

/// The `points.jsonl` text of `records` (one line each, in the given order).
pub fn to_jsonl(records: &[RunRecord]) -> String {
    let mut s = String::new();
    for r in records {
        s.push_str(&r.to_line());
        s.push('\n');
    }
    s
}
