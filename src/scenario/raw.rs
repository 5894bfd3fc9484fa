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
use crate::k8s::{HpaSpec, KedaSpec, KnativeSpec};
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

/// `[platform]`: what serves the requests. See `crate::platform` and `docs/platforms/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawPlatform {
    /// A SageMaker asynchronous endpoint: requests queue while there is no capacity.
    #[default]
    SagemakerAsync,
    /// A SageMaker real-time endpoint with inference components (spec section 6): the
    /// scalable target counts model copies (`[capacity]`), copies sit on instances under
    /// ManagedInstanceScaling, and requests are refused while no copy is InService.
    SagemakerRealtime(RawRealtime),
    /// Lambda / Cloud Run style: a request that finds no idle instance gets a new one, and
    /// an idle instance is kept for `keep_alive`. `[capacity]` and `[policy]` do not apply.
    KeepAlive(RawKeepAlive),
    /// A Kubernetes Deployment; `[policy]` is `hpa`, `keda` or `knative` (or `fixed`).
    /// Requests queue in front of the pods (a queue, or Knative's activator).
    Kubernetes,
}

/// `[platform] kind = "sagemaker_realtime"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRealtime {
    /// Name of the inference component (for AWS resource ids; default: the scenario name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference_component_name: Option<String>,
    /// Model copies one instance holds (from the component's accelerator and memory
    /// requirements; default 1).
    #[serde(default = "one")]
    pub copies_per_instance: u32,
    /// ManagedInstanceScaling MinInstanceCount (default 0).
    #[serde(default)]
    pub min_instance_count: u32,
    /// ManagedInstanceScaling MaxInstanceCount (default: enough instances for
    /// `capacity.max` copies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_instance_count: Option<u32>,
    /// Time to provision a new instance before a copy can load on it (default 105s, the
    /// re:Invent 2024 blog's 1.75 min; spec 4.2). The copy's own load time is
    /// `[endpoint] cold_start`.
    #[serde(default = "default_instance_launch")]
    pub instance_launch: Duration,
    /// How long an instance without copies is kept before it is released (default 10m,
    /// spec 6.6).
    #[serde(default = "default_release_delay")]
    pub instance_release_delay: Duration,
}

impl Default for RawRealtime {
    fn default() -> Self {
        RawRealtime {
            inference_component_name: None,
            copies_per_instance: 1,
            min_instance_count: 0,
            max_instance_count: None,
            instance_launch: default_instance_launch(),
            instance_release_delay: default_release_delay(),
        }
    }
}

fn default_instance_launch() -> Duration {
    Duration::from_secs(105.0)
}
fn default_release_delay() -> Duration {
    Duration::from_secs(600.0)
}

/// `[platform] kind = "keep_alive"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeepAlive {
    /// How long an idle instance is kept (default 10m).
    #[serde(default = "default_keep_alive")]
    pub keep_alive: Duration,
    /// Instances kept warm for the whole run (provisioned concurrency; default 0).
    #[serde(default)]
    pub provisioned_instances: u32,
    /// Most instances at once (reserved concurrency / max instances; default 1000).
    #[serde(default = "default_max_instances")]
    pub max_instances: u32,
    /// A request at the cap: `queue` (default) or `reject`.
    #[serde(default)]
    pub at_limit: AtLimitSpec,
}

impl Default for RawKeepAlive {
    fn default() -> Self {
        RawKeepAlive {
            keep_alive: default_keep_alive(),
            provisioned_instances: 0,
            max_instances: default_max_instances(),
            at_limit: AtLimitSpec::default(),
        }
    }
}

fn default_keep_alive() -> Duration {
    Duration::from_secs(600.0)
}
fn default_max_instances() -> u32 {
    1000
}

/// What a keep-alive request does at the instance cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AtLimitSpec {
    /// Wait in the queue for a free slot.
    #[default]
    Queue,
    /// Be refused (throttled); the client may retry.
    Reject,
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
    /// The Kubernetes Horizontal Pod Autoscaler (`[platform] kind = "kubernetes"`).
    Hpa(HpaSpec),
    /// A KEDA ScaledObject (HPA plus scale to and from zero).
    Keda(KedaSpec),
    /// The Knative Pod Autoscaler (KPA) with its activator.
    Knative(KnativeSpec),
}

impl PolicySpec {
    /// Whether this is a Kubernetes autoscaler (HPA, KEDA, Knative).
    pub fn is_kubernetes(&self) -> bool {
        matches!(
            self,
            PolicySpec::Hpa(_) | PolicySpec::Keda(_) | PolicySpec::Knative(_)
        )
    }

    /// Whether this is Application Auto Scaling (TOML or AWS CLI JSON).
    pub fn is_aws(&self) -> bool {
        matches!(
            self,
            PolicySpec::ApplicationAutoScaling(_) | PolicySpec::AwsCliJson(_)
        )
    }
}

fn default_idle_timeout() -> Duration {
    Duration::from_secs(300.0)
}
