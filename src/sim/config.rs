//! The engine's input, validated: the endpoint, capacity, metrics and arrivals of one run
//! ([`SimConfig`]). Built by `crate::scenario`; read-only during the run.

use crate::cost::BillFrom;
use crate::distribution::cold_start::ColdStart;
use crate::distribution::Dist;
use crate::endpoint::fleet::ScaleInMode;
use crate::metrics::minute::{PerInstanceDenominator, TtFromZero};
use crate::platform::PlatformConfig;
use crate::time::{SimDuration, SimTime};
use crate::workload::ArrivalModel;

/// The endpoint's settings, validated.
#[derive(Debug, Clone)]
pub struct EndpointConfig {
    /// Instance type name (for reports).
    pub instance_type: String,
    /// USD per instance-hour.
    pub price_per_instance_hour: f64,
    /// Requests one instance processes at once.
    pub max_concurrent_invocations_per_instance: u32,
    /// Longest a request may wait in the queue.
    pub request_ttl: SimDuration,
    /// Longest a request may be processed; beyond it, it fails at the timeout.
    pub invocation_timeout: SimDuration,
    /// What happens to busy instances on scale-in.
    pub scale_in_mode: ScaleInMode,
    /// When billing starts.
    pub bill_from: BillFrom,
    /// Cold start of a new instance (for inference components: of a new model copy, once
    /// its host is ready).
    pub cold_start: ColdStart,
    /// The platform: admission, dispatch, hosts, client retries.
    pub platform: PlatformConfig,
}

/// Capacity bounds and the capacity at time 0 (those instances start InService).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacityConfig {
    /// Instances InService at time 0 (clamped into [min, max]).
    pub initial: u32,
    /// Minimum capacity.
    pub min: u32,
    /// Maximum capacity.
    pub max: u32,
}

/// How metrics are sampled and published.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricsConfig {
    /// Interval between gauge samples within a minute.
    pub sample_interval: SimDuration,
    /// Delay from the end of a minute until its datapoint reaches the policy.
    pub publish_delay: SimDuration,
    /// ApproximateBacklogSizePerInstance at zero InService instances.
    pub tt_from_zero: TtFromZero,
    /// What ApproximateBacklogSizePerInstance divides by.
    pub per_instance_denominator: PerInstanceDenominator,
}

/// Everything the engine needs, validated. Cheap to clone (traces are shared).
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Scenario name (for reports).
    pub name: String,
    /// Simulated duration; arrivals at or after it are not generated.
    pub horizon: SimTime,
    /// Leading part of the run left out of every statistic (zero: none). A whole number of
    /// minutes, shorter than the horizon.
    pub warmup: SimDuration,
    /// Arrival sources.
    pub arrivals: Vec<ArrivalModel>,
    /// Service-time distribution; `None` when every source carries per-request service.
    pub service: Option<Dist>,
    /// Endpoint settings.
    pub endpoint: EndpointConfig,
    /// Capacity.
    pub capacity: CapacityConfig,
    /// Metrics.
    pub metrics: MetricsConfig,
}
