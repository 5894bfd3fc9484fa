//! The summary row: a run's figures flattened into one record of named columns, the one
//! shape in which `compare.csv`/`compare.json` and the sweep's `points.jsonl`/`sweep.csv`
//! see a run. [`RunSummary::row`] is the only place that flattens a [`RunSummary`]; the
//! files pick their columns from it by name ([`SummaryRow::figure`]).
//!
//! A latency with no request behind it is `None` here, so it is null in JSON and an empty
//! cell in CSV in every file, never 0.

use super::{RequestCounts, RunSummary};
use serde::{Deserialize, Serialize};

/// One run's flat figures. Serialized in this field order (the order of `points.jsonl`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// Seed of the run.
    pub seed: u64,
    /// Requests that arrived.
    pub arrived: u64,
    /// Requests completed.
    pub completed: u64,
    /// Requests that expired in the queue.
    pub expired: u64,
    /// Requests that hit the invocation timeout.
    pub failed: u64,
    /// Requests refused on their last attempt (real-time inference components, keep-alive
    /// at its cap). Absent from records written before it existed: 0.
    #[serde(default)]
    pub rejected: u64,
    /// Billed cost (USD).
    pub cost_usd: f64,
    /// Billed instance-hours.
    pub instance_hours: f64,
    /// Mean latency of completed requests (s).
    pub mean_latency_s: Option<f64>,
    /// Median latency of completed requests (s).
    pub p50_latency_s: Option<f64>,
    /// 90th percentile latency of completed requests (s).
    pub p90_latency_s: Option<f64>,
    /// 99th percentile latency of completed requests (s).
    pub p99_latency_s: Option<f64>,
    /// Maximum latency of completed requests (s).
    pub max_latency_s: Option<f64>,
    /// Median over every request that ended, a lost one counting as never finished (s);
    /// null when the median request was lost or none ended.
    #[serde(default)]
    pub p50_latency_all_s: Option<f64>,
    /// 90th percentile over every request that ended (s); null when more than 10 % were
    /// lost or none ended.
    #[serde(default)]
    pub p90_latency_all_s: Option<f64>,
    /// 99th percentile over every request that ended (s); null when more than 1 % were
    /// lost or none ended.
    #[serde(default)]
    pub p99_latency_all_s: Option<f64>,
    /// Largest relative error of the p50/p90/p99 latencies: 0 when exact, else the
    /// histogram's bound (`metrics::histogram`). Records written before it was stated
    /// read as 0.01, the bound of the histogram used then.
    #[serde(default = "legacy_quantile_relative_error")]
    pub latency_quantile_relative_error: f64,
    /// Requests that had to wait for a cold start.
    pub cold_start_waits: u64,
    /// Successful increases of desired capacity.
    pub scale_out_events: u64,
    /// Successful decreases of desired capacity.
    pub scale_in_events: u64,
    /// Fraction of the measured time with no instance running.
    pub time_at_zero_fraction: f64,
}

/// The quantile error of records without the field: the 2-digit histogram's 1 %.
fn legacy_quantile_relative_error() -> f64 {
    0.01
}

/// One figure of a [`SummaryRow`], as a file writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// A count.
    Count(u64),
    /// A number that is always there.
    Number(f64),
    /// A number that may be missing (null, an empty CSV cell).
    Maybe(Option<f64>),
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Figure::Count(n) => s.serialize_u64(n),
            Figure::Number(v) => s.serialize_f64(v),
            Figure::Maybe(v) => v.serialize(s),
        }
    }
}

impl RunSummary {
    /// This run's figures as one flat row.
    pub fn row(&self) -> SummaryRow {
        let (r, l, all) = (&self.requests, &self.latency_s, &self.latency_all_s);
        SummaryRow {
            seed: self.seed,
            arrived: r.arrived,
            completed: r.completed,
            expired: r.expired,
            failed: r.failed,
            rejected: r.rejected,
            cost_usd: self.cost_usd,
            instance_hours: self.instance_hours,
            mean_latency_s: l.mean,
            p50_latency_s: l.p50,
            p90_latency_s: l.p90,
            p99_latency_s: l.p99,
            max_latency_s: l.max,
            p50_latency_all_s: all.p50,
            p90_latency_all_s: all.p90,
            p99_latency_all_s: all.p99,
            latency_quantile_relative_error: l.quantile_relative_error,
            cold_start_waits: self.cold_start_waits,
            scale_out_events: self.scale_out_events,
            scale_in_events: self.scale_in_events,
            time_at_zero_fraction: self.time_at_zero_fraction,
        }
    }
}

impl SummaryRow {
    /// Requests lost: expired, failed or rejected.
    pub fn lost(&self) -> u64 {
        self.expired + self.failed + self.rejected
    }

    /// `n` as a share of the requests that arrived (as in [`RequestCounts::shares`]);
    /// null when none arrived.
    pub fn share(&self, n: u64) -> Option<f64> {
        RequestCounts::share_of(n, self.arrived)
    }

    /// The figure named `column` (a field name, or `completed_share` / `lost_share`);
    /// `None` for a name the row does not have.
    pub fn figure(&self, column: &str) -> Option<Figure> {
        use Figure::{Count, Maybe, Number};
        Some(match column {
            "seed" => Count(self.seed),
            "arrived" => Count(self.arrived),
            "completed" => Count(self.completed),
            "expired" => Count(self.expired),
            "failed" => Count(self.failed),
            "rejected" => Count(self.rejected),
            "completed_share" => Maybe(self.share(self.completed)),
            "lost_share" => Maybe(self.share(self.lost())),
            "cost_usd" => Number(self.cost_usd),
            "instance_hours" => Number(self.instance_hours),
            "mean_latency_s" => Maybe(self.mean_latency_s),
            "p50_latency_s" => Maybe(self.p50_latency_s),
            "p90_latency_s" => Maybe(self.p90_latency_s),
            "p99_latency_s" => Maybe(self.p99_latency_s),
            "max_latency_s" => Maybe(self.max_latency_s),
            "p50_latency_all_s" => Maybe(self.p50_latency_all_s),
            "p90_latency_all_s" => Maybe(self.p90_latency_all_s),
            "p99_latency_all_s" => Maybe(self.p99_latency_all_s),
            "latency_quantile_relative_error" => Number(self.latency_quantile_relative_error),
            "cold_start_waits" => Count(self.cold_start_waits),
            "scale_out_events" => Count(self.scale_out_events),
            "scale_in_events" => Count(self.scale_in_events),
            "time_at_zero_fraction" => Number(self.time_at_zero_fraction),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_serialized_field_is_a_figure_and_a_missing_latency_is_null() {
        let row = SummaryRow {
            seed: 1,
            arrived: 4,
            completed: 0,
            expired: 3,
            failed: 1,
            rejected: 0,
            cost_usd: 2.5,
            instance_hours: 1.0,
            mean_latency_s: None,
            p50_latency_s: None,
            p90_latency_s: None,
            p99_latency_s: None,
            max_latency_s: None,
            p50_latency_all_s: None,
            p90_latency_all_s: None,
            p99_latency_all_s: None,
            latency_quantile_relative_error: 0.0,
            cold_start_waits: 0,
            scale_out_events: 0,
            scale_in_events: 0,
            time_at_zero_fraction: 1.0,
        };
        let json = serde_json::to_value(&row).unwrap();
        let object = json.as_object().unwrap();
        for (name, value) in object {
            let figure = row.figure(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(&serde_json::to_value(figure).unwrap(), value, "{name}");
        }
        assert!(json["p99_latency_s"].is_null());
        assert_eq!(row.figure("lost_share"), Some(Figure::Maybe(Some(1.0))));
        assert_eq!(row.figure("no_such_column"), None);
    }
}
