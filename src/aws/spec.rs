//! The `[policy] kind = "application_auto_scaling"` section of a scenario, and its
//! validation into [`AasConfig`], the form the simulated Application Auto Scaling runs.
//!
//! The metrics a policy may use are the ones its platform publishes
//! ([`crate::platform::PlatformKind::published_metrics`]): the backlog metrics of an asynchronous endpoint, or
//! the per-copy metrics of a real-time endpoint with inference components (docs/aws-semantics.md
//! §3.1, §6). Any other name is a warning (the alarm never has data, as in AWS), not an error.
//!
//! Field names are the AWS API names in snake_case (`TargetValue` → `target_value`,
//! `MetricIntervalLowerBound` → `metric_interval_lower_bound`), so a user who knows the
//! AWS JSON can read the TOML, and `scalesim export-aws` maps one onto the other. Cooldowns
//! and periods are durations with units.
//!
//! This file holds the section as written; `spec/config.rs` the validated form
//! ([`AasConfig`]); `spec/validate.rs` the validation of the policies and their alarms,
//! which reuses the AWS rules of `step`, `alarm` and `target_tracking` (their AWS-named
//! issue paths are rewritten to the TOML paths); `spec/scheduled.rs` the validation of
//! scheduled actions.

mod config;
mod scheduled;
mod validate;

pub use config::{AasConfig, ScheduledConfig, StepConfig, TtConfig, When};
pub use validate::{validate, validate_into};

use super::metric::{ComparisonOperator, Statistic, TreatMissingData};
use super::step::{AdjustmentType, MetricAggregationType};
use super::target::ImportedTarget;
use crate::metrics::EndpointMetric;
use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// When a cooldown starts counting (docs/aws-semantics.md §1.9, an [I] rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CooldownClock {
    /// When the scaling activity completes (new instances InService). Default
    /// (docs/aws-semantics.md §1.9).
    #[default]
    ActivityComplete,
    /// When the scaling request is made.
    Request,
}

/// `SuspendedState` of the scalable target (docs/aws-semantics.md §7.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspendedSpec {
    /// `DynamicScalingInSuspended`: policies may not scale in.
    #[serde(default)]
    pub dynamic_scaling_in_suspended: bool,
    /// `DynamicScalingOutSuspended`: policies may not scale out.
    #[serde(default)]
    pub dynamic_scaling_out_suspended: bool,
    /// `ScheduledScalingSuspended`: scheduled actions do not run.
    #[serde(default)]
    pub scheduled_scaling_suspended: bool,
}

/// Application Auto Scaling on the endpoint's variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AasSpec {
    /// When cooldowns start (default `activity_complete`).
    #[serde(default)]
    pub cooldown_clock: CooldownClock,
    /// Suspended scaling.
    #[serde(default)]
    pub suspended_state: SuspendedSpec,
    /// Target tracking policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_tracking: Vec<TargetTrackingSpec>,
    /// Step scaling policies, each with the alarm that invokes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_scaling: Vec<StepScalingSpec>,
    /// Scheduled actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scheduled_actions: Vec<ScheduledActionSpec>,
    /// [I] docs/aws-semantics.md §1.2: periods (and datapoints) of a target tracking AlarmHigh
    /// (default 3).
    #[serde(default = "three")]
    pub tt_high_evaluation_periods: u32,
    /// [I] docs/aws-semantics.md §1.3: periods (and datapoints) of a target tracking AlarmLow
    /// (default 15).
    #[serde(default = "fifteen")]
    pub tt_low_evaluation_periods: u32,
    /// [I] docs/aws-semantics.md §1.3: AlarmLow threshold as a fraction of TargetValue (default
    /// 0.9).
    #[serde(default = "point_nine")]
    pub tt_low_threshold_factor: f64,
    /// [I] docs/aws-semantics.md §1.5: the capacity C in `ceil(C·M/T)`: `in_service` (default) or
    /// `desired`.
    #[serde(default)]
    pub tt_current_capacity: CurrentCapacity,
    /// [I] docs/aws-semantics.md §1.10: refuse a change while the previous one is in progress
    /// (default true).
    #[serde(default = "yes")]
    pub refuse_while_updating: bool,
    /// [I] docs/aws-semantics.md §7.3: the alarm evaluation range is N + this many periods (default
    /// 2).
    #[serde(default = "two")]
    pub alarm_evaluation_range_extra: u32,
    /// Set by the `aws_cli_json` import: the scalable target of the JSON and its file, so
    /// that the scenario can be checked against it. Not part of the TOML.
    #[serde(skip)]
    pub imported_target: Option<ImportedTarget>,
}

impl Default for AasSpec {
    fn default() -> Self {
        AasSpec {
            cooldown_clock: CooldownClock::default(),
            suspended_state: SuspendedSpec::default(),
            target_tracking: Vec::new(),
            step_scaling: Vec::new(),
            scheduled_actions: Vec::new(),
            tt_high_evaluation_periods: three(),
            tt_low_evaluation_periods: fifteen(),
            tt_low_threshold_factor: point_nine(),
            tt_current_capacity: CurrentCapacity::default(),
            refuse_while_updating: yes(),
            alarm_evaluation_range_extra: two(),
            imported_target: None,
        }
    }
}

/// Which capacity target tracking multiplies the metric by (docs/aws-semantics.md §1.5, an open
/// question).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CurrentCapacity {
    /// Instances InService (default; what AAS emulators use).
    #[default]
    InService,
    /// The desired capacity (counts pending instances).
    Desired,
}

fn two() -> u32 {
    2
}
fn three() -> u32 {
    3
}
fn fifteen() -> u32 {
    15
}
fn point_nine() -> f64 {
    0.9
}
fn yes() -> bool {
    true
}

fn default_cooldown() -> Duration {
    Duration::from_secs(300.0)
}
fn default_period() -> Duration {
    Duration::from_secs(60.0)
}
fn default_tt_metric() -> String {
    EndpointMetric::ApproximateBacklogSizePerInstance
        .name()
        .to_string()
}
fn average() -> Statistic {
    Statistic::Average
}

/// A target tracking policy (`TargetTrackingScalingPolicyConfiguration`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetTrackingSpec {
    /// `PolicyName`.
    pub policy_name: String,
    /// The tracked metric (a customized metric in AWS/SageMaker with the target's dimension,
    /// or on an inference component `InvocationsPerCopy` with `Sum` /
    /// `ConcurrentRequestsPerCopy` with `Average`, the predefined metrics; default
    /// `ApproximateBacklogSizePerInstance`).
    #[serde(default = "default_tt_metric")]
    pub metric_name: String,
    /// Its statistic (default `Average`).
    #[serde(default = "average")]
    pub statistic: Statistic,
    /// `TargetValue`.
    pub target_value: f64,
    /// `ScaleOutCooldown` (default 300s).
    #[serde(default = "default_cooldown")]
    pub scale_out_cooldown: Duration,
    /// `ScaleInCooldown` (default 300s).
    #[serde(default = "default_cooldown")]
    pub scale_in_cooldown: Duration,
    /// `DisableScaleIn`.
    #[serde(default)]
    pub disable_scale_in: bool,
    /// The hidden AlarmHigh as AWS really created it (read from `describe-alarms` by
    /// `import-aws`); a field left out takes scalesim's default (docs/aws-semantics.md §1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_high: Option<HiddenAlarmSpec>,
    /// The hidden AlarmLow as AWS really created it; a field left out takes scalesim's
    /// default (docs/aws-semantics.md §1.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_low: Option<HiddenAlarmSpec>,
}

/// What `describe-alarms` shows of a hidden target tracking alarm: every field optional,
/// each replacing the default it names.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HiddenAlarmSpec {
    /// `AlarmName` (the real one carries AWS's uuid; default: a deterministic one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_name: Option<String>,
    /// `Period` (a multiple of 60s; default 60s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Duration>,
    /// `EvaluationPeriods` (default `tt_high_evaluation_periods` / `tt_low_evaluation_periods`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_periods: Option<u32>,
    /// `DatapointsToAlarm` (default: the evaluation periods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<u32>,
    /// `Threshold` (default TargetValue for AlarmHigh, `tt_low_threshold_factor` ×
    /// TargetValue for AlarmLow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// One step (`StepAdjustment`): bounds relative to the alarm threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// `MetricIntervalLowerBound` (absent = −∞).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    /// `MetricIntervalUpperBound` (absent = +∞).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    /// `ScalingAdjustment`.
    pub scaling_adjustment: i64,
}

/// A step scaling policy (`StepScalingPolicyConfiguration`) and its alarm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepScalingSpec {
    /// `PolicyName`.
    pub policy_name: String,
    /// `AdjustmentType`.
    pub adjustment_type: AdjustmentType,
    /// `StepAdjustments`.
    pub step_adjustments: Vec<StepSpec>,
    /// `MinAdjustmentMagnitude` (PercentChangeInCapacity only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    /// `Cooldown` (default 300s).
    #[serde(default = "default_cooldown")]
    pub cooldown: Duration,
    /// `MetricAggregationType` (default `Average`).
    #[serde(default)]
    pub metric_aggregation_type: MetricAggregationType,
    /// The CloudWatch alarm whose `AlarmActions` invoke this policy.
    pub alarm: AlarmSpec,
}

/// A CloudWatch metric alarm on one of the endpoint's metrics (`PutMetricAlarm`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlarmSpec {
    /// `AlarmName` (default `<policy_name>-alarm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_name: Option<String>,
    /// `MetricName` (namespace AWS/SageMaker, dimension EndpointName, or
    /// InferenceComponentName on a real-time endpoint with inference components).
    pub metric_name: String,
    /// `Statistic` (default `Average`).
    #[serde(default = "average")]
    pub statistic: Statistic,
    /// `Period` (a multiple of 60s; default 60s). `NoCapacityInvocationFailures` also takes
    /// 10s, 20s or 30s (the AWS blog recipe, docs/aws-semantics.md §6.4), evaluated per minute with
    /// a warning.
    #[serde(default = "default_period")]
    pub period: Duration,
    /// `EvaluationPeriods` (N).
    pub evaluation_periods: u32,
    /// `DatapointsToAlarm` (M, default N).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<u32>,
    /// `Threshold`.
    pub threshold: f64,
    /// `ComparisonOperator`.
    pub comparison_operator: ComparisonOperator,
    /// `TreatMissingData` (default `missing`).
    #[serde(default)]
    pub treat_missing_data: TreatMissingData,
}

/// A scheduled action (`PutScheduledAction`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledActionSpec {
    /// `ScheduledActionName`.
    pub scheduled_action_name: String,
    /// `Schedule`: `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` or `cron(…)`, in UTC.
    pub schedule: String,
    /// `StartTime` (ISO 8601), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// `EndTime` (ISO 8601), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// `ScalableTargetAction.MinCapacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<u32>,
    /// `ScalableTargetAction.MaxCapacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_capacity: Option<u32>,
}
