//! CloudWatch `PutMetricAlarm` as the AWS CLI takes it (docs/aws-semantics.md §5.5, §0.1, §7.1).
//!
//! Owns the serde struct of the `put-metric-alarm --cli-input-json` request with the exact
//! AWS names (`OKActions`, `DatapointsToAlarm`, ...), unknown fields rejected; its
//! validation against the bounds of docs/aws-semantics.md §5.5 (string lengths, ≤ 5 actions per
//! list, ≤ 30 dimensions, valid `Period` values, `Period × EvaluationPeriods` limits,
//! `DatapointsToAlarm ≤ EvaluationPeriods`, `MetricName` xor `Metrics`, `Statistic` xor
//! `ExtendedStatistic`, in `cli_alarm_validate.rs`); and the conversion to the
//! [`AlarmConfig`] the simulator evaluates.
//!
//! # Interpretations
//! * Only the four static-threshold `ComparisonOperator`s parse; the anomaly-band
//!   operators are rejected at parse time (with the list of accepted values).
//! * `Threshold` is required (it is optional in AWS only for anomaly-detection alarms).
//! * [`PutMetricAlarm::to_alarm_config`] supports single-metric alarms with a plain
//!   `Statistic`; metric math and percentiles are valid requests but are reported as not
//!   simulated.

use serde::{Deserialize, Serialize};

use super::alarm::AlarmConfig;
use super::cli_json::MetricDimension;
use super::metric::{ComparisonOperator, Statistic, TreatMissingData};
pub use super::names::STANDARD_UNITS;
use crate::error::Issue;

#[path = "cli_alarm_validate.rs"]
mod validate;

/// `PutMetricAlarm` (docs/aws-semantics.md §5.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutMetricAlarm {
    /// 1..255.
    pub alarm_name: String,
    /// 0..1024.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_description: Option<String>,
    /// Default true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions_enabled: Option<bool>,
    /// ≤ 5 ARNs.
    #[serde(rename = "OKActions", skip_serializing_if = "Option::is_none")]
    pub ok_actions: Option<Vec<String>>,
    /// ≤ 5 ARNs (e.g. the step policy's ARN).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarm_actions: Option<Vec<String>>,
    /// ≤ 5 ARNs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insufficient_data_actions: Option<Vec<String>>,
    /// 1..255; xor `Metrics`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// 1..255, e.g. `AWS/SageMaker`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Xor `ExtendedStatistic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistic: Option<Statistic>,
    /// A percentile such as `p90`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_statistic: Option<String>,
    /// ≤ 30.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<MetricDimension>>,
    /// Seconds: 10, 20, 30 or a multiple of 60.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<i32>,
    /// A `StandardUnit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// N, >= 1.
    pub evaluation_periods: i32,
    /// M, 1..=N, default N.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<i32>,
    /// Required for static thresholds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Static-threshold operators only.
    pub comparison_operator: ComparisonOperator,
    /// Default `missing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treat_missing_data: Option<TreatMissingData>,
    /// `evaluate` or `ignore` (percentiles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluate_low_sample_count_percentile: Option<String>,
    /// Metric math; xor `MetricName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<MetricDataQuery>>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// Anomaly-detection band id (not supported with static operators).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_metric_id: Option<String>,
}

/// A `{Key, Value}` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    /// 1..128.
    pub key: String,
    /// 0..256.
    pub value: String,
}

/// CloudWatch `MetricDataQuery`: `MetricStat` xor `Expression`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricDataQuery {
    /// 1..255, lowercase letter first.
    pub id: String,
    /// A metric to fetch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<MetricStat>,
    /// Metric math, 1..2048.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// Label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Default true; exactly one query returns data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_data: Option<bool>,
    /// Seconds (for expressions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<i32>,
    /// Cross-account source, 1..255.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// CloudWatch `MetricStat`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricStat {
    /// The metric.
    pub metric: Metric,
    /// Seconds.
    pub period: i32,
    /// e.g. `Average`, `p90`.
    pub stat: String,
    /// A `StandardUnit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// CloudWatch `Metric`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Metric {
    /// Namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Metric name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// Dimensions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<MetricDimension>>,
}

impl PutMetricAlarm {
    /// The alarm settings the simulator evaluates (`DatapointsToAlarm` defaults to N,
    /// `TreatMissingData` to `missing`). Errors for invalid requests and for valid ones that
    /// are not simulated (metric math, `ExtendedStatistic`).
    pub fn to_alarm_config(&self) -> Result<AlarmConfig, Vec<Issue>> {
        let mut issues = self.validate();
        if self.metrics.is_some() {
            issues.push(Issue::new(
                "Metrics",
                "metric-math alarms are not simulated; alarm on a single metric",
            ));
        }
        if self.extended_statistic.is_some() {
            issues.push(Issue::new(
                "ExtendedStatistic",
                "percentile alarms are not simulated; use Statistic",
            ));
        }
        let (Some(statistic), Some(period), Some(threshold), true) = (
            self.statistic,
            self.period,
            self.threshold,
            issues.is_empty(),
        ) else {
            return Err(issues);
        };
        let n = self.evaluation_periods.max(1) as u32;
        Ok(AlarmConfig {
            name: self.alarm_name.clone(),
            evaluation_periods: n,
            datapoints_to_alarm: self.datapoints_to_alarm.map_or(n, |m| m.max(1) as u32),
            threshold,
            comparison: self.comparison_operator,
            treat_missing: self.treat_missing_data.unwrap_or_default(),
            statistic,
            period_s: period.max(1) as u32,
        })
    }
}
