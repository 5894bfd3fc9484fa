//! The scenario file as written: serde structures with defaults, nothing validated yet.
//!
//! Every struct rejects unknown fields, so a misspelt key is an error that names it.
//! Durations are strings with units ("10m"). Defaults follow the spec; each is documented
//! in the README's scenario reference.

use crate::aws::import::AwsCliJsonSpec;
use crate::aws::spec::AasSpec;
use crate::cost::BillFrom;
use crate::dist::cold_start::ColdStartSpec;
use crate::dist::service::ServiceSpec;
use crate::endpoint::fleet::ScaleInMode;
use crate::metrics::minute::{PerInstanceDenominator, TtFromZero};
use crate::time::Duration;
use crate::workload::ArrivalSpec;
use serde::{Deserialize, Serialize};

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
    /// UTC wall-clock time of simulation time 0, for `cron()`/`at()` schedules
    /// (ISO 8601; default 2024-01-01T00:00:00Z, a Monday).
    #[serde(default = "default_start_time")]
    pub start_time: String,
    /// Arrival sources; their requests are merged.
    pub arrivals: Vec<ArrivalSpec>,
    /// Service time of one request on one instance.
    pub service: ServiceSpec,
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

fn default_seed() -> u64 {
    1
}

fn default_start_time() -> String {
    "2024-01-01T00:00:00Z".into()
}

/// `[endpoint]`: the SageMaker asynchronous endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    /// Endpoint name, for AWS resource ids and exported JSON (default: the scenario name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Production variant name (default `AllTraffic`).
    #[serde(default = "default_variant")]
    pub variant_name: String,
    /// Instance type; its price comes from the built-in table unless set below.
    #[serde(default = "default_instance_type")]
    pub instance_type: String,
    /// USD per instance-hour (overrides the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_instance_hour: Option<f64>,
    /// Requests one instance processes at once (1..=1000).
    #[serde(default = "one")]
    pub max_concurrent_invocations_per_instance: u32,
    /// Longest wait in the queue before a request expires (60s..6h, default 6h).
    #[serde(default = "default_ttl")]
    pub request_ttl: Duration,
    /// Longest processing time before a request fails (1s..1h, default 900s).
    #[serde(default = "default_timeout")]
    pub invocation_timeout: Duration,
    /// Busy instances on scale-in: `drain` (default) or `kill_requeue`.
    #[serde(default)]
    pub scale_in_mode: ScaleInMode,
    /// Billing starts at `launch` (default) or `in_service`.
    #[serde(default)]
    pub bill_from: BillFrom,
    /// Cold-start stages of a new instance.
    #[serde(default)]
    pub cold_start: ColdStartSpec,
}

impl Default for RawEndpoint {
    fn default() -> Self {
        RawEndpoint {
            name: None,
            variant_name: default_variant(),
            instance_type: default_instance_type(),
            price_per_instance_hour: None,
            max_concurrent_invocations_per_instance: 1,
            request_ttl: default_ttl(),
            invocation_timeout: default_timeout(),
            scale_in_mode: ScaleInMode::default(),
            bill_from: BillFrom::default(),
            cold_start: ColdStartSpec::default(),
        }
    }
}

fn default_variant() -> String {
    "AllTraffic".into()
}

fn default_instance_type() -> String {
    "ml.g5.xlarge".into()
}
fn one() -> u32 {
    1
}
fn default_ttl() -> Duration {
    Duration::from_secs(21_600.0)
}
fn default_timeout() -> Duration {
    Duration::from_secs(900.0)
}

/// `[capacity]`: bounds of the scalable target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawCapacity {
    /// Instances InService at time 0 (default: min).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<u32>,
    /// Minimum capacity (default 0; with `aws_cli_json`, MinCapacity from the JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Maximum capacity (default 1; with `aws_cli_json`, MaxCapacity from the JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// `[metrics]`: how the endpoint's CloudWatch metrics are sampled and published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetrics {
    /// Interval between gauge samples within a minute (default 10s).
    #[serde(default = "default_sample_interval")]
    pub sample_interval: Duration,
    /// Delay from the end of a minute until its datapoint reaches the policy (spec 0.2,
    /// `metric_delay_s`; default 60s).
    #[serde(default = "default_metric_delay")]
    pub metric_delay: Duration,
    /// ApproximateBacklogSizePerInstance at 0 InService instances (spec 1.6):
    /// `backlog_as_metric` (default) or `no_data`.
    #[serde(default)]
    pub tt_from_zero: TtFromZero,
    /// What ApproximateBacklogSizePerInstance divides by (spec 3.2): `in_service`
    /// (default) or `in_service_and_pending`.
    #[serde(default)]
    pub per_instance_denominator: PerInstanceDenominator,
}

impl Default for RawMetrics {
    fn default() -> Self {
        RawMetrics {
            sample_interval: default_sample_interval(),
            metric_delay: default_metric_delay(),
            tt_from_zero: TtFromZero::default(),
            per_instance_denominator: PerInstanceDenominator::default(),
        }
    }
}

fn default_sample_interval() -> Duration {
    Duration::from_secs(10.0)
}
fn default_metric_delay() -> Duration {
    Duration::from_secs(60.0)
}

/// `[policy]`: the scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PolicySpec {
    /// Keep the initial capacity.
    #[default]
    Fixed,
    /// Scale out to `active_instances` on backlog; scale in to min after `idle_timeout`
    /// without backlog.
    IdleTimeout {
        /// Time without backlog before scaling in (default 5m).
        #[serde(default = "default_idle_timeout")]
        idle_timeout: Duration,
        /// Capacity while there is work (default 1).
        #[serde(default = "one")]
        active_instances: u32,
    },
    /// Application Auto Scaling written in TOML: target tracking, step scaling with
    /// CloudWatch alarms, scheduled actions.
    ApplicationAutoScaling(AasSpec),
    /// Application Auto Scaling read from the JSON files given to the AWS CLI
    /// (`--cli-input-json`); normalised to `application_auto_scaling` on load.
    AwsCliJson(AwsCliJsonSpec),
}

fn default_idle_timeout() -> Duration {
    Duration::from_secs(300.0)
}
