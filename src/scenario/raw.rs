//! The scenario file as written: serde structures with defaults, nothing validated yet.
//!
//! The whole file ([`RawScenario`]) and the sections without an owner of their own (the
//! platform and client, variants). Each other section's raw form lives with its
//! validation: `[endpoint]` in [`super::endpoint`], `[capacity]` in [`super::capacity`],
//! `[metrics]` in [`super::metrics`], `[policy]` in [`super::policy`] (its Application
//! Auto Scaling form in [`crate::aws::spec`]), `[[arrivals]]` in [`crate::workload`],
//! `[service]` in [`crate::distribution::service`]; they are re-exported here.
//!
//! Every struct rejects unknown fields, so a misspelt key is an error that names it.
//! Durations are strings with units ("10m"). Defaults follow docs/aws-semantics.md; each is
//! documented in the README's scenario reference.

pub use super::capacity::RawCapacity;
pub use super::endpoint::RawEndpoint;
pub use super::metrics::RawMetrics;
pub use super::policy::PolicySpec;
use crate::distribution::service::ServiceSpec;
use crate::time::Duration;
use crate::workload::ArrivalSpec;
use serde::{Deserialize, Serialize};

pub use crate::platform::keep_alive::{AtLimitSpec, RawKeepAlive};
pub use crate::platform::sagemaker_realtime::RawRealtime;
pub use crate::platform::RawPlatform;

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Name used for the output folder and in reports (default: the file name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Seed of every random stream (default 1); `--seed` overrides it.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Simulated duration.
    pub horizon: Duration,
    /// Leading part of the run left out of every statistic (default 0: none); whole minutes.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub warmup: Duration,
    /// UTC wall-clock time of simulation time 0, for `cron()`/`at()` schedules
    /// (ISO 8601; default 2024-01-01T00:00:00Z, a Monday).
    #[serde(default = "default_start_time")]
    pub start_time: String,
    /// Arrival sources; their requests are merged.
    pub arrivals: Vec<ArrivalSpec>,
    /// Service time of one request on one instance.
    pub service: ServiceSpec,
    /// The serving platform (default: a SageMaker asynchronous endpoint).
    #[serde(default)]
    pub platform: RawPlatform,
    /// How clients retry refused requests.
    #[serde(default)]
    pub client: RawClient,
    /// The endpoint.
    #[serde(default)]
    pub endpoint: RawEndpoint,
    /// Capacity bounds.
    #[serde(default)]
    pub capacity: RawCapacity,
    /// Metric sampling and publication.
    #[serde(default)]
    pub metrics: RawMetrics,
    /// The scaling policy.
    #[serde(default)]
    pub policy: PolicySpec,
    /// Variants for `scalesim compare`: named sets of field overrides of this scenario
    /// (see [`crate::scenario::variants`]). Ignored by `run`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<RawVariant>,
}

/// `[[variants]]`: one named variant of the scenario for `scalesim compare`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    /// Name of the variant (its output folder and label in the charts and tables).
    pub name: String,
    /// Free text shown in the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Field overrides by quoted dotted path, exactly like `--set`:
    /// `{ "capacity.min" = 1, "policy" = { kind = "fixed" } }` (a table value replaces the
    /// whole field; unquoted dotted keys are refused, see `scenario::variants`).
    #[serde(default)]
    pub set: toml::Table,
}

/// `[client]`: retries of refused requests (defaults: no retry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClient {
    /// Attempts in all, the first included (default 1: no retry).
    #[serde(default = "one")]
    pub max_attempts: u32,
    /// Wait before the second attempt (default 1s).
    #[serde(default = "default_backoff")]
    pub backoff: Duration,
    /// Growth of the wait per retry (default 2).
    #[serde(default = "default_multiplier")]
    pub backoff_multiplier: f64,
    /// Longest wait between attempts (default 60s).
    #[serde(default = "default_max_backoff")]
    pub max_backoff: Duration,
}

impl Default for RawClient {
    fn default() -> Self {
        RawClient {
            max_attempts: 1,
            backoff: default_backoff(),
            backoff_multiplier: default_multiplier(),
            max_backoff: default_max_backoff(),
        }
    }
}

fn default_backoff() -> Duration {
    Duration::from_secs(1.0)
}
fn default_multiplier() -> f64 {
    2.0
}
fn default_max_backoff() -> Duration {
    Duration::from_secs(60.0)
}

fn is_zero(d: &Duration) -> bool {
    d.secs() == 0.0
}

fn default_seed() -> u64 {
    1
}

fn default_start_time() -> String {
    "2024-01-01T00:00:00Z".into()
}

fn one() -> u32 {
    1
}
