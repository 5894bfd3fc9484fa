//! Validation of a `put-metric-alarm` request ([`PutMetricAlarm::validate`]) against the
//! bounds of docs/aws-semantics.md §5.5: string lengths, at most 5 actions per list and 30
//! dimensions, valid `Period` values, the `Period × EvaluationPeriods` limits,
//! `DatapointsToAlarm ≤ EvaluationPeriods`, `MetricName` xor `Metrics`, `Statistic` xor
//! `ExtendedStatistic`. Every rule reports an [`Issue`] with an AWS-named path.

use super::{MetricDataQuery, PutMetricAlarm, STANDARD_UNITS};
use crate::aws::cli_json::MetricDimension;
use crate::aws::fields::{
    check_finite, check_len, check_one_of, check_one_returning, check_opt_len, check_period,
    check_query_id, index, join,
};
use crate::error::Issue;

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
}
