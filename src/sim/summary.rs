//! The run summary: what `summary.json` holds. Plain data, filled by the engine.
//!
//! With a warm-up (`warmup_s` > 0) every figure leaves out the first `warmup_s` seconds:
//! requests count by arrival time, time-based figures and fleet events from the warm-up end.
//! Percentiles are nearest-rank values, exact or within `quantile_relative_error`
//! (`crate::metrics::histogram`).

use serde::Serialize;

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

/// Latency statistics in seconds, arrival to completion, over completed requests.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct LatencySummary {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Maximum.
    pub max: f64,
    /// Largest relative error of p50, p90 and p99: 0 when they are exact (at most
    /// `EXACT_LIMIT` values), else the histogram's bound. Mean and max are always exact.
    pub quantile_relative_error: f64,
}

/// Queue-wait statistics in seconds, arrival to start, over started requests.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct WaitSummary {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Maximum.
    pub max: f64,
    /// Largest relative error of p50 and p99 (0: exact).
    pub quantile_relative_error: f64,
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
    /// Latency of completed requests (s).
    pub latency_s: LatencySummary,
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
