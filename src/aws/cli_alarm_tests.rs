//! Tests of the PutMetricAlarm bounds of `cli_alarm` (docs/aws-semantics.md §5.5) and the
//! PutScheduledAction bounds of `cli_json`.

use super::cli_json_tests::*;
use crate::aws::cli_alarm::PutMetricAlarm;
use crate::aws::cli_json::*;
use serde_json::{json, Value};

#[test]
fn put_metric_alarm_bounds() {
    let check = |edit: fn(&mut Value)| issues_of(recipe_alarm(), edit, PutMetricAlarm::validate);
    has(
        &check(|v| v["AlarmName"] = json!("")),
        "AlarmName: must be between 1 and 255",
    );
    has(
        &check(|v| v["AlarmDescription"] = json!("d".repeat(1025))),
        "AlarmDescription: must be at most 1024",
    );
    has(
        &check(|v| v["AlarmActions"] = json!(vec![POLICY_ARN; 6])),
        "AlarmActions: at most 5 actions",
    );
    has(
        &check(|v| v["OKActions"] = json!([""])),
        "OKActions[0]: must be between 1 and 1024",
    );
    has(
        &check(|v| v["Metrics"] = json!([{"Id": "e", "Expression": "1"}])),
        "give either MetricName or Metrics",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("MetricName");
        }),
        "MetricName: one of MetricName or Metrics is required",
    );
    has(
        &check(|v| v["Period"] = json!(45)),
        "Period: must be 10, 20, 30 or a multiple of 60 seconds (got 45)",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("Period");
        }),
        "Period: is required with MetricName",
    );
    has(
        &check(|v| {
            v["EvaluationPeriods"] = json!(1441);
            v["DatapointsToAlarm"] = json!(1);
        }),
        "the limit is 86400 s",
    );
    has(
        &check(|v| {
            v["Period"] = json!(3600);
            v["EvaluationPeriods"] = json!(169);
            v["DatapointsToAlarm"] = json!(1);
        }),
        "the limit is 604800 s",
    );
    has(
        &check(|v| v["DatapointsToAlarm"] = json!(3)),
        "DatapointsToAlarm: must be between 1 and EvaluationPeriods (2) (got 3)",
    );
    has(
        &check(|v| v["EvaluationPeriods"] = json!(0)),
        "EvaluationPeriods: must be at least 1",
    );
    has(
        &check(|v| v["ExtendedStatistic"] = json!("p90")),
        "give either Statistic or ExtendedStatistic",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("Statistic");
        }),
        "Statistic: one of Statistic or ExtendedStatistic is required",
    );
    has(
        &check(|v| v["Dimensions"] = json!(vec![json!({"Name": "n", "Value": "v"}); 31])),
        "Dimensions: at most 30",
    );
    has(
        &check(|v| v["Dimensions"][0]["Value"] = json!("v".repeat(1025))),
        "Dimensions[0].Value: must be between 1 and 1024",
    );
    has(
        &check(|v| v["Unit"] = json!("Requests")),
        "Unit: \"Requests\" is not a valid value",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("Threshold");
        }),
        "Threshold: is required",
    );
    has(
        &check(|v| v["ThresholdMetricId"] = json!("ad1")),
        "ThresholdMetricId: is only for anomaly-detection",
    );
    has(
        &check(|v| v["Namespace"] = json!(":x")),
        "Namespace: must not start with ':'",
    );
    has(
        &check(|v| v["EvaluateLowSampleCountPercentile"] = json!("sometimes")),
        "EvaluateLowSampleCountPercentile",
    );
    has(
        &check(|v| v["Tags"] = json!([{"Key": "", "Value": "v"}])),
        "Tags[0].Key: must be between 1 and 128",
    );
    let math = |v: &mut Value| {
        for k in ["MetricName", "Dimensions", "Period"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v["Metrics"] = json!([
            {"Id": "m", "MetricStat": {"Metric": {"MetricName": "ApproximateBacklogSize", "Namespace": "AWS/SageMaker"}, "Period": 90, "Stat": "Average"}},
            {"Id": "e", "Expression": "FILL(m, 0)"}
        ]);
    };
    let found = issues_of(recipe_alarm(), math, PutMetricAlarm::validate);
    has(&found, "Namespace: is not allowed together with Metrics");
    has(&found, "Statistic: is not allowed together with Metrics");
    has(
        &found,
        "Metrics[0].MetricStat.Period: must be 10, 20, 30 or a multiple of 60",
    );
    has(
        &found,
        "Metrics: exactly one query must have ReturnData true (omitted counts as true); 2 do",
    );
    // Valid but not simulated.
    let mut v = recipe_alarm();
    v.as_object_mut().unwrap().remove("Statistic");
    v["ExtendedStatistic"] = json!("p90");
    let req: PutMetricAlarm = parse_json(&v.to_string()).unwrap();
    assert!(req.validate().is_empty());
    assert_eq!(
        req.to_alarm_config().unwrap_err()[0].path,
        "ExtendedStatistic"
    );
}

#[test]
fn put_scheduled_action_bounds() {
    let check = |edit: fn(&mut Value)| issues_of(scheduled(), edit, PutScheduledAction::validate);
    has(
        &check(|v| v["ScheduledActionName"] = json!("a/b")),
        "ScheduledActionName: must not contain ':', '/', '|'",
    );
    has(
        &check(|v| v["ScheduledActionName"] = json!(" a")),
        "nor start or end with a space",
    );
    has(
        &check(|v| v["ScheduledActionName"] = json!("n".repeat(257))),
        "ScheduledActionName: must be between 1 and 256",
    );
    has(
        &check(|v| v["Schedule"] = json!("at(2026-13-01T00:00:00)")),
        "Schedule: invalid at() schedule",
    );
    has(
        &check(|v| v["Schedule"] = json!("rate(5 fortnights)")),
        "Schedule: invalid rate() schedule",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("Schedule");
        }),
        "Schedule: is required",
    );
    has(
        &check(|v| v["EndTime"] = json!("2025-12-31T00:00:00Z")),
        "EndTime: must be later than StartTime",
    );
    has(
        &check(|v| v["StartTime"] = json!("soon")),
        "StartTime: \"soon\" is not an ISO-8601 timestamp",
    );
    has(
        &check(|v| v["ScalableTargetAction"] = json!({})),
        "ScalableTargetAction: give MinCapacity, MaxCapacity or both",
    );
    has(
        &check(|v| v["ScalableTargetAction"] = json!({"MinCapacity": 3, "MaxCapacity": 2})),
        "ScalableTargetAction.MinCapacity: must be <= MaxCapacity (2)",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("ScalableTargetAction");
        }),
        "ScalableTargetAction: is required",
    );
    let mut v = scheduled();
    v["StartTime"] = json!(true);
    assert!(parse_json::<PutScheduledAction>(&v.to_string())
        .unwrap_err()
        .message
        .contains("ISO-8601"));
    let at = |v: &mut Value| v["Schedule"] = json!("at(2026-03-01T08:00:00)");
    assert!(issues_of(scheduled(), at, PutScheduledAction::validate).is_empty());
}
