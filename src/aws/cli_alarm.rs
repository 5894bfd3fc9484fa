//! CloudWatch `PutMetricAlarm` as the AWS CLI takes it (docs/aws-semantics.md §5.5, §0.1, §7.1).
//!
//! Owns the serde struct of the `put-metric-alarm --cli-input-json` request with the exact
//! AWS names (`OKActions`, `DatapointsToAlarm`, ...), unknown fields rejected; its
//! validation against the bounds of docs/aws-semantics.md §5.5 (string lengths, ≤ 5 actions per
//! list, ≤ 30 dimensions, valid `Period` values, `Period × EvaluationPeriods` limits,
//! `DatapointsToAlarm ≤ EvaluationPeriods`, `MetricName` xor `Metrics`, `Statistic` xor
//! `ExtendedStatistic`); and the conversion to the [`AlarmConfig`] the simulator evaluates.
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
use super::fields::{
    check_finite, check_len, check_one_of, check_one_returning, check_opt_len, check_period,
    check_query_id, index, join,
};
use super::metric::{ComparisonOperator, Statistic, TreatMissingData};
pub use super::names::STANDARD_UNITS;
use crate::error::Issue;

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

fn check_dimensions(v: &mut Vec<Issue>, path: &str, dims: &[MetricDimension]) {
    if dims.len() > 30 {
        v.push(Issue::new(
            path,
            format!("at most 30 dimensions are allowed (got {})", dims.len()),
        ));
    }
    for (i, d) in dims.iter().enumerate() {
        check_len(v, &join(&index(path, i), "Name"), &d.name, 1, 255);
        check_len(v, &join(&index(path, i), "Value"), &d.value, 1, 1024);
    }
}

impl PutMetricAlarm {
    /// Every violated bound of docs/aws-semantics.md §5.5.
    pub fn validate(&self) -> Vec<Issue> {
        let mut v = Vec::new();
        check_len(&mut v, "AlarmName", &self.alarm_name, 1, 255);
        check_opt_len(
            &mut v,
            "AlarmDescription",
            self.alarm_description.as_ref(),
            0,
            1024,
        );
        for (name, list) in [
            ("OKActions", &self.ok_actions),
            ("AlarmActions", &self.alarm_actions),
            ("InsufficientDataActions", &self.insufficient_data_actions),
        ] {
            let list = list.as_deref().unwrap_or_default();
            if list.len() > 5 {
                v.push(Issue::new(
                    name,
                    format!("at most 5 actions are allowed (got {})", list.len()),
                ));
            }
            for (i, arn) in list.iter().enumerate() {
                check_len(&mut v, &index(name, i), arn, 1, 1024);
            }
        }
        match (&self.metric_name, &self.metrics) {
            (Some(_), Some(_)) => v.push(Issue::new(
                "Metrics",
                "give either MetricName or Metrics, not both",
            )),
            (None, None) => v.push(Issue::new(
                "MetricName",
                "one of MetricName or Metrics is required",
            )),
            (Some(name), None) => self.validate_single_metric(&mut v, name),
            (None, Some(queries)) => self.validate_math(&mut v, queries),
        }
        check_opt_len(
            &mut v,
            "ExtendedStatistic",
            self.extended_statistic.as_ref(),
            1,
            255,
        );
        if let Some(u) = &self.unit {
            check_one_of(&mut v, "Unit", u, STANDARD_UNITS);
        }
        let n = self.evaluation_periods;
        if n < 1 {
            v.push(Issue::new(
                "EvaluationPeriods",
                format!("must be at least 1 (got {n})"),
            ));
        }
        if let Some(m) = self.datapoints_to_alarm {
            if m < 1 || m > n.max(1) {
                v.push(Issue::new(
                    "DatapointsToAlarm",
                    format!("must be between 1 and EvaluationPeriods ({n}) (got {m})"),
                ));
            }
        }
        if let Some(p) = self.period.filter(|&p| p > 0 && n > 0) {
            let window = i64::from(p) * i64::from(n);
            let limit = if p < 3600 { 86_400 } else { 604_800 };
            if window > limit {
                v.push(Issue::new(
                    "EvaluationPeriods",
                    format!("Period x EvaluationPeriods is {window} s; the limit is {limit} s for a Period of {p} s"),
                ));
            }
        }
        match self.threshold {
            Some(t) => check_finite(&mut v, "Threshold", t),
            None => v.push(Issue::new(
                "Threshold",
                "is required for a static-threshold alarm",
            )),
        }
        if self.threshold_metric_id.is_some() {
            v.push(Issue::new(
                "ThresholdMetricId",
                "is only for anomaly-detection operators, which are not supported",
            ));
        }
        if let Some(e) = &self.evaluate_low_sample_count_percentile {
            check_one_of(
                &mut v,
                "EvaluateLowSampleCountPercentile",
                e,
                &["evaluate", "ignore"],
            );
        }
        for (i, t) in self.tags.iter().flatten().enumerate() {
            check_len(&mut v, &join(&index("Tags", i), "Key"), &t.key, 1, 128);
            check_len(&mut v, &join(&index("Tags", i), "Value"), &t.value, 0, 256);
        }
        v
    }

    fn validate_single_metric(&self, v: &mut Vec<Issue>, name: &str) {
        check_len(v, "MetricName", name, 1, 255);
        match &self.namespace {
            None => v.push(Issue::new("Namespace", "is required with MetricName")),
            Some(ns) => {
                check_len(v, "Namespace", ns, 1, 255);
                if ns.starts_with(':') {
                    v.push(Issue::new("Namespace", "must not start with ':'"));
                }
            }
        }
        match (&self.statistic, &self.extended_statistic) {
            (Some(_), Some(_)) => v.push(Issue::new(
                "ExtendedStatistic",
                "give either Statistic or ExtendedStatistic, not both",
            )),
            (None, None) => v.push(Issue::new(
                "Statistic",
                "one of Statistic or ExtendedStatistic is required with MetricName",
            )),
            _ => {}
        }
        match self.period {
            None => v.push(Issue::new("Period", "is required with MetricName")),
            Some(p) => check_period(v, "Period", p),
        }
        check_dimensions(
            v,
            "Dimensions",
            self.dimensions.as_deref().unwrap_or_default(),
        );
    }

    fn validate_math(&self, v: &mut Vec<Issue>, queries: &[MetricDataQuery]) {
        let single = [
            ("Namespace", self.namespace.is_some()),
            ("Statistic", self.statistic.is_some()),
            ("ExtendedStatistic", self.extended_statistic.is_some()),
            ("Dimensions", self.dimensions.is_some()),
            ("Period", self.period.is_some()),
        ];
        for (name, present) in single {
            if present {
                v.push(Issue::new(name, "is not allowed together with Metrics"));
            }
        }
        if queries.is_empty() {
            v.push(Issue::new("Metrics", "must contain at least one query"));
        }
        for (i, q) in queries.iter().enumerate() {
            let qp = index("Metrics", i);
            check_query_id(v, &join(&qp, "Id"), &q.id);
            check_opt_len(v, &join(&qp, "AccountId"), q.account_id.as_ref(), 1, 255);
            if let Some(p) = q.period {
                check_period(v, &join(&qp, "Period"), p);
            }
            match (&q.metric_stat, &q.expression) {
                (Some(ms), None) => {
                    let mp = join(&qp, "MetricStat");
                    check_period(v, &join(&mp, "Period"), ms.period);
                    check_len(v, &join(&mp, "Stat"), &ms.stat, 1, 255);
                    check_opt_len(
                        v,
                        &join(&mp, "Metric.MetricName"),
                        ms.metric.metric_name.as_ref(),
                        1,
                        255,
                    );
                    check_opt_len(
                        v,
                        &join(&mp, "Metric.Namespace"),
                        ms.metric.namespace.as_ref(),
                        1,
                        255,
                    );
                    let dims = ms.metric.dimensions.as_deref().unwrap_or_default();
                    check_dimensions(v, &join(&mp, "Metric.Dimensions"), dims);
                }
                (None, Some(e)) => check_len(v, &join(&qp, "Expression"), e, 1, 2048),
                _ => v.push(Issue::new(
                    qp,
                    "give exactly one of MetricStat or Expression",
                )),
            }
        }
        check_one_returning(v, "Metrics", queries.iter().map(|q| q.return_data));
    }

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
