//! Application Auto Scaling requests as the AWS CLI takes them (docs/aws-semantics.md §5.1–5.4,
//! §3.11).
//!
//! Owns serde structs for the `--cli-input-json` shapes of `RegisterScalableTarget`,
//! `PutScalingPolicy` (with `TargetTrackingScalingPolicyConfiguration` and
//! `StepScalingPolicyConfiguration`, which the CLI also takes alone via `file://`) and
//! `PutScheduledAction`, with the exact AWS PascalCase names (`RoleARN`, `ResourceId`, ...),
//! unknown fields rejected, and absent optional fields left out when serializing. Each
//! `validate` returns every violated AWS bound as an [`Issue`] whose path uses the AWS names
//! (`StepScalingPolicyConfiguration.StepAdjustments[1].MetricIntervalLowerBound`).
//! `PutMetricAlarm` is in `cli_alarm`; shared metric shapes are here.
//!
//! # Interpretations
//! * Requests are validated as *creates* (the simulator registers each object once), so
//!   fields AWS requires only on create (`MinCapacity`, `MaxCapacity`, `PolicyType`,
//!   `AdjustmentType`, `Schedule`, `ScalableTargetAction`) are reported when absent.
//! * Negative cooldowns and capacities are reported although botocore declares no minimum.
//! * For `sagemaker`, the `ResourceId` must match the dimension's form (docs/aws-semantics.md
//!   §3.11): `endpoint/<endpoint>/variant/<variant>` or `inference-component/<name>`.
//! * `PredictiveScalingPolicyConfiguration` is parsed as opaque JSON and reported as
//!   unsupported (AWS offers it for ECS only, docs/aws-semantics.md §5.2).

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::fields::{
    check_finite, check_len, check_min_i64, check_one_of, check_one_returning, check_opt_len,
    check_query_id, index, join, require,
};
use super::metric::Statistic;
pub use super::names::{PREDEFINED_METRIC_TYPES, SCALABLE_DIMENSIONS, SERVICE_NAMESPACES};
use super::schedule::{parse_timestamp, Schedule};
use super::step::{self, AdjustmentType, MetricAggregationType, StepPolicy};
use super::target_tracking::{TargetTrackingConfig, DEFAULT_TT_COOLDOWN_S};
use crate::error::Issue;

/// 2^360, the magnitude bound of `TargetValue` (docs/aws-semantics.md §5.3).
const TARGET_VALUE_BOUND: f64 = 2.348_542_582_773_833_2e108;

/// Parse one request from JSON text; syntax errors, wrong types and unknown fields become
/// an [`Issue`] carrying the line and column.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, Issue> {
    serde_json::from_str(text).map_err(|e| {
        let mut issue = Issue::new("", e.to_string());
        issue.line_col = Some((e.line(), e.column()));
        issue
    })
}

/// `RegisterScalableTarget` (docs/aws-semantics.md §5.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RegisterScalableTarget {
    /// e.g. `sagemaker`.
    pub service_namespace: String,
    /// e.g. `endpoint/<endpoint>/variant/<variant>` (1..1600).
    pub resource_id: String,
    /// e.g. `sagemaker:variant:DesiredInstanceCount`.
    pub scalable_dimension: String,
    /// Required on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<i32>,
    /// Required on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_capacity: Option<i32>,
    /// 1..1600.
    #[serde(rename = "RoleARN", skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Suspension flags (docs/aws-semantics.md §7.8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspended_state: Option<SuspendedState>,
    /// Tag map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
}

/// `SuspendedState` (docs/aws-semantics.md §5.1, §7.8); each flag defaults to false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SuspendedState {
    /// Blocks policy scale-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic_scaling_in_suspended: Option<bool>,
    /// Blocks policy scale-out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic_scaling_out_suspended: Option<bool>,
    /// Blocks scheduled actions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_scaling_suspended: Option<bool>,
}

/// `PolicyType` (docs/aws-semantics.md §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyType {
    /// Step scaling.
    StepScaling,
    /// Target tracking.
    TargetTrackingScaling,
    /// Predictive scaling (ECS only; not supported here).
    PredictiveScaling,
}

/// `PutScalingPolicy` (docs/aws-semantics.md §5.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutScalingPolicy {
    /// 1..256.
    pub policy_name: String,
    /// e.g. `sagemaker`.
    pub service_namespace: String,
    /// 1..1600.
    pub resource_id: String,
    /// e.g. `sagemaker:variant:DesiredInstanceCount`.
    pub scalable_dimension: String,
    /// Required on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_type: Option<PolicyType>,
    /// With `StepScaling`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_scaling_policy_configuration: Option<StepScalingPolicyConfiguration>,
    /// With `TargetTrackingScaling`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tracking_scaling_policy_configuration:
        Option<TargetTrackingScalingPolicyConfiguration>,
    /// With `PredictiveScaling` (kept opaque).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predictive_scaling_policy_configuration: Option<serde_json::Value>,
}

/// `StepScalingPolicyConfiguration` (docs/aws-semantics.md §5.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StepScalingPolicyConfiguration {
    /// Required on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<AdjustmentType>,
    /// 1..20 steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_adjustments: Option<Vec<StepAdjustment>>,
    /// Percent only, >= 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i32>,
    /// Seconds, default 300.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i32>,
    /// Null → Average.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<MetricAggregationType>,
}

/// `StepAdjustment` (docs/aws-semantics.md §5.4); bounds are relative to the alarm threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StepAdjustment {
    /// Null = −∞.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    /// Null = +∞.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    /// Required integer.
    pub scaling_adjustment: i32,
}

/// `TargetTrackingScalingPolicyConfiguration` (docs/aws-semantics.md §5.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingScalingPolicyConfiguration {
    /// T.
    pub target_value: f64,
    /// A predefined metric, xor
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    /// a customized one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<CustomizedMetricSpecification>,
    /// Seconds (default 300 for SageMaker).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_out_cooldown: Option<i32>,
    /// Seconds (default 300 for SageMaker).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_in_cooldown: Option<i32>,
    /// Default false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_scale_in: Option<bool>,
}

/// `PredefinedMetricSpecification`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PredefinedMetricSpecification {
    /// One of [`PREDEFINED_METRIC_TYPES`].
    pub predefined_metric_type: String,
    /// 1..1023, only with `ALBRequestCountPerTarget`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

/// `CustomizedMetricSpecification`: `MetricName` + `Namespace` + `Statistic`, xor `Metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CustomizedMetricSpecification {
    /// Metric name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// e.g. `AWS/SageMaker`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Dimensions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<MetricDimension>>,
    /// Statistic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistic: Option<Statistic>,
    /// Unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Metric math queries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<TargetTrackingMetricDataQuery>>,
}

/// A metric dimension `{Name, Value}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricDimension {
    /// e.g. `EndpointName`.
    pub name: String,
    /// e.g. the endpoint's name.
    pub value: String,
}

/// `TargetTrackingMetricDataQuery`: `Expression` xor `MetricStat`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingMetricDataQuery {
    /// Metric math, 1..2048.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// 1..255, lowercase letter first.
    pub id: String,
    /// Label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A metric to fetch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<TargetTrackingMetricStat>,
    /// Default true; exactly one query returns data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_data: Option<bool>,
}

/// `TargetTrackingMetricStat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingMetricStat {
    /// The metric.
    pub metric: TargetTrackingMetric,
    /// Statistic, e.g. `Average` or `p90`.
    pub stat: String,
    /// Unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// `TargetTrackingMetric`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingMetric {
    /// Dimensions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<MetricDimension>>,
    /// Metric name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// Namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `PutScheduledAction`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutScheduledAction {
    /// e.g. `sagemaker`.
    pub service_namespace: String,
    /// `at(...)`, `cron(...)` or `rate(...)`; required on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// IANA zone name (default UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// 1..256, no `:`, `/`, `|`, control characters or surrounding spaces.
    pub scheduled_action_name: String,
    /// 1..1600.
    pub resource_id: String,
    /// e.g. `sagemaker:variant:DesiredInstanceCount`.
    pub scalable_dimension: String,
    /// When a recurring schedule starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Timestamp>,
    /// When it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    /// The new bounds; required on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scalable_target_action: Option<ScalableTargetAction>,
}

/// `ScalableTargetAction`: at least one of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScalableTargetAction {
    /// New MinCapacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<i32>,
    /// New MaxCapacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_capacity: Option<i32>,
}

/// A CLI timestamp: ISO-8601 text or epoch seconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Timestamp {
    /// Seconds since the Unix epoch.
    Epoch(f64),
    /// ISO-8601 text, e.g. `2026-01-31T08:00:00Z`.
    Text(String),
}

impl Timestamp {
    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> Result<f64, String> {
        match self {
            Timestamp::Epoch(s) if s.is_finite() => Ok(*s),
            Timestamp::Epoch(s) => Err(format!("{s} is not a time")),
            Timestamp::Text(t) => parse_timestamp(t),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => Ok(Timestamp::Text(s)),
            serde_json::Value::Number(n) => n
                .as_f64()
                .map(Timestamp::Epoch)
                .ok_or_else(|| D::Error::custom("bad number")),
            other => Err(D::Error::custom(format!(
                "expected an ISO-8601 timestamp string or epoch seconds, got {other}"
            ))),
        }
    }
}

#[path = "cli_json_tt.rs"]
mod tt;
#[path = "cli_json_validate.rs"]
mod validate;
