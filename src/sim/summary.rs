//! The run summary: what `summary.json` holds. Plain data, filled by the engine; flattened
//! into one [`SummaryRow`] for the tables of `compare` and `sweep` (`summary_row.rs`).
//!
//! Lost requests are never hidden: next to the latency of completed requests stand the
//! shares of requests completed and lost ([`RequestShares`]), and the percentiles over
//! every request that ended ([`AllRequestsLatency`]), in which a lost request counts as
//! one that never finished. A statistic with no request behind it is `None` (JSON null),
//! never 0.
//! With a warm-up (`warmup_s` > 0) every figure leaves out the first `warmup_s` seconds:
//! requests count by arrival time, time-based figures and fleet events from the warm-up end.
//! Percentiles are nearest-rank values, exact or within `quantile_relative_error`
//! (`crate::metrics::histogram`).

use crate::metrics::histogram::DurationStats;
use serde::Serialize;

#[path = "summary_row.rs"]
mod row;
pub use row::{Figure, SummaryRow};

/// Request counts (arrived = completed + expired + failed + rejected + in_system_at_end),
/// over the requests that arrived after the warm-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct RequestCounts {
    /// Requests that arrived before the horizon.
    pub arrived: u64,
    /// Requests processed within the invocation timeout.
    pub completed: u64,
    /// Requests that waited past the TTL.
    pub expired: u64,
    /// Requests that hit the invocation timeout.
    pub failed: u64,
    /// Requests refused for lack of capacity on their last attempt (the client gave up).
    pub rejected: u64,
    /// Requests still queued, processing or waiting to retry at the horizon.
    pub in_system_at_end: u64,
}

impl RequestCounts {
    /// Requests lost: expired, failed or rejected.
    pub fn lost(&self) -> u64 {
        self.expired + self.failed + self.rejected
    }

    /// Requests that ended, well or not: completed or lost (not those still in the
    /// system at the horizon, whose outcome is unknown).
    pub fn ended(&self) -> u64 {
        self.completed + self.lost()
    }

    /// `n` as a share of `arrived` requests; null when none arrived.
    pub fn share_of(n: u64, arrived: u64) -> Option<f64> {
        (arrived > 0).then(|| n as f64 / arrived as f64)
    }

    /// Each outcome as a share of the requests that arrived.
    pub fn shares(&self) -> RequestShares {
        let of = |n: u64| RequestCounts::share_of(n, self.arrived);
        RequestShares {
            completed: of(self.completed),
            lost: of(self.lost()),
            expired: of(self.expired),
            failed: of(self.failed),
            rejected: of(self.rejected),
            in_system_at_end: of(self.in_system_at_end),
        }
    }
}

/// Outcomes as fractions of the requests that arrived (0 to 1); null when none arrived.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct RequestShares {
    /// Completed ÷ arrived.
    pub completed: Option<f64>,
    /// (Expired + failed + rejected) ÷ arrived.
    pub lost: Option<f64>,
    /// Expired ÷ arrived.
    pub expired: Option<f64>,
    /// Failed ÷ arrived.
    pub failed: Option<f64>,
    /// Rejected ÷ arrived.
    pub rejected: Option<f64>,
    /// Still in the system at the horizon ÷ arrived.
    pub in_system_at_end: Option<f64>,
}

/// Latency statistics in seconds, arrival to completion, over completed requests; each
/// is null when no request completed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct LatencySummary {
    /// Mean.
    pub mean: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 99th percentile.
    pub p99: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
    /// Largest relative error of p50, p90 and p99: 0 when they are exact (at most
    /// `EXACT_LIMIT` values), else the histogram's bound. Mean and max are always exact.
    pub quantile_relative_error: f64,
}

impl LatencySummary {
    /// The summary of `stats` (all null when it is empty).
    pub fn of(stats: &DurationStats) -> LatencySummary {
        if stats.count() == 0 {
            return LatencySummary::default();
        }
        LatencySummary {
            mean: Some(stats.mean_secs()),
            p50: Some(stats.quantile_secs(0.5)),
            p90: Some(stats.quantile_secs(0.9)),
            p99: Some(stats.quantile_secs(0.99)),
            max: Some(stats.max_secs()),
            quantile_relative_error: stats.relative_error(),
        }
    }
}

/// Latency percentiles in seconds over every request that ended, completed or lost, with
/// a lost request counted as one that never finished: the p99 is the time within which
/// 99 % of the requests completed. Null when the percentile falls among the lost requests
/// (more than 1 % lost, for the p99) or when no request ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct AllRequestsLatency {
    /// Median.
    pub p50: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 99th percentile.
    pub p99: Option<f64>,
}

impl AllRequestsLatency {
    /// From the latency of completed requests and the count of lost ones.
    pub fn of(completed: &DurationStats, lost: u64) -> AllRequestsLatency {
        let done = completed.count();
        let ended = done + lost;
        let at = |q: f64| -> Option<f64> {
            if done == 0 {
                return None;
            }
            // The q-quantile of all ended requests is the one of rank ⌈q·ended⌉; the
            // lost ones rank last, so it is a completed one when that rank ≤ done.
            let rank = (q * ended as f64).ceil().max(1.0);
            (rank <= done as f64).then(|| completed.quantile_secs(rank / done as f64))
        };
        AllRequestsLatency {
            p50: at(0.5),
            p90: at(0.9),
            p99: at(0.99),
        }
    }
}

/// Queue-wait statistics in seconds, arrival to start, over started requests; each is null
/// when no request started.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct WaitSummary {
    /// Mean.
    pub mean: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 99th percentile.
    pub p99: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
    /// Largest relative error of p50 and p99 (0: exact).
    pub quantile_relative_error: f64,
}

impl WaitSummary {
    /// The summary of `stats` (all null when it is empty).
    pub fn of(stats: &DurationStats) -> WaitSummary {
        let l = LatencySummary::of(stats);
        WaitSummary {
            mean: l.mean,
            p50: l.p50,
            p99: l.p99,
            max: l.max,
            quantile_relative_error: l.quantile_relative_error,
        }
    }
}

/// Everything `summary.json` reports about one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    /// Scenario name.
    pub scenario: String,
    /// Seed of the run.
    pub seed: u64,
    /// Simulated horizon in seconds.
    pub horizon_s: f64,
    /// Seconds at the start left out of every statistic (0: no warm-up).
    pub warmup_s: f64,
    /// Request counts.
    pub requests: RequestCounts,
    /// Request outcomes as shares of the requests that arrived.
    pub shares: RequestShares,
    /// Latency of completed requests (s).
    pub latency_s: LatencySummary,
    /// Latency percentiles over every request that ended, a lost one counting as never
    /// finished (s).
    pub latency_all_s: AllRequestsLatency,
    /// Queue wait of started requests (s).
    pub queue_wait_s: WaitSummary,
    /// Requests that had to wait for a cold start: they arrived while no instance was
    /// InService, were refused for lack of capacity, or (keep-alive) waited for a new
    /// instance.
    pub cold_start_waits: u64,
    /// Instances (inference components: model copies) launched after time 0 (after the
    /// warm-up, with one).
    pub cold_starts: u64,
    /// Attempts refused for lack of capacity (NoCapacityInvocationFailures, or throttles).
    pub no_capacity_failures: u64,
    /// Retries the clients sent.
    pub retries: u64,
    /// Time-average number of billed machines (instances, or hosts under copies).
    pub mean_instances: f64,
    /// Billed instance-hours.
    pub instance_hours: f64,
    /// Instance-hours with at least one request in flight (for inference components:
    /// copy-hours, at most copies per instance × `instance_hours`).
    pub busy_instance_hours: f64,
    /// Billed cost (USD).
    pub cost_usd: f64,
    /// Cost per 1000 completed requests (USD); null when none completed.
    pub cost_per_1k_requests_usd: Option<f64>,
    /// Successful increases of desired capacity.
    pub scale_out_events: u64,
    /// Successful decreases of desired capacity.
    pub scale_in_events: u64,
    /// Fraction of the measured time (warm-up end to horizon) with no instance running
    /// (pending, in service or draining).
    pub time_at_zero_fraction: f64,
    /// The platform modelled (`sagemaker_async`, `sagemaker_realtime`, `keep_alive`,
    /// `kubernetes`).
    pub platform: String,
    /// Instance type.
    pub instance_type: String,
    /// Price used (USD per instance-hour).
    pub price_per_instance_hour: f64,
    /// Version of scalesim that produced this.
    pub scalesim_version: String,
}

impl RunSummary {
    /// What a reader of this run's figures must be told: no request completed (every
    /// latency is null), or some were lost (the latencies are over completed ones only).
    pub fn warnings(&self) -> Vec<String> {
        let r = &self.requests;
        let mut out = Vec::new();
        if r.arrived > 0 && r.completed == 0 {
            out.push(format!(
                "no request completed ({} arrived, {} lost, {} still in the system at the \
                 end): every latency is null",
                r.arrived,
                r.lost(),
                r.in_system_at_end
            ));
        } else if r.lost() > 0 {
            out.push(format!(
                "{} of {} requests ({:.1} %) were lost ({} expired, {} failed, {} rejected); \
                 latencies are over completed requests only, and \"p99, all requests\" counts \
                 the lost ones as never finished",
                r.lost(),
                r.arrived,
                self.shares.lost.unwrap_or(0.0) * 100.0,
                r.expired,
                r.failed,
                r.rejected
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimDuration;

    fn stats(secs: impl Iterator<Item = u64>) -> DurationStats {
        let mut s = DurationStats::new();
        for v in secs {
            s.record(SimDuration::from_secs_f64(v as f64));
        }
        s
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() <= 0.01 * b)
    }

    #[test]
    fn lost_requests_rank_last_in_the_percentiles_over_all_requests() {
        // 98 completed in 1 s, 2 s, … 98 s; 2 lost.
        let done = stats(1..=98);
        let all = AllRequestsLatency::of(&done, 2);
        assert!(close(all.p50, 50.0), "{all:?}");
        assert!(close(all.p90, 90.0), "{all:?}");
        assert_eq!(all.p99, None, "the 99th of 100 requests was lost");
        // With none lost it is the ordinary percentile.
        let none_lost = AllRequestsLatency::of(&done, 0);
        assert_eq!(none_lost.p99, Some(done.quantile_secs(0.99)));
        assert!(close(none_lost.p99, 98.0));
        // Nothing completed: nothing to say.
        assert_eq!(
            AllRequestsLatency::of(&DurationStats::new(), 5),
            AllRequestsLatency::default()
        );
    }

    #[test]
    fn shares_and_nulls_when_nothing_completed() {
        let counts = RequestCounts {
            arrived: 10,
            completed: 0,
            expired: 6,
            failed: 1,
            rejected: 1,
            in_system_at_end: 2,
        };
        let s = counts.shares();
        assert_eq!(s.lost, Some(0.8));
        assert_eq!(s.completed, Some(0.0));
        assert_eq!(s.in_system_at_end, Some(0.2));
        assert_eq!(RequestCounts::default().shares(), RequestShares::default());
        let l = LatencySummary::of(&DurationStats::new());
        let json = serde_json::to_value(l).unwrap();
        assert!(json["p99"].is_null() && json["mean"].is_null(), "{json}");
    }
}
