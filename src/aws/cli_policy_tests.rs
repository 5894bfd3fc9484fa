//! Tests of the PutScalingPolicy bounds of `cli_json` (docs/aws-semantics.md §2.4, §5.2–5.4).

use super::cli_json_tests::*;
use crate::aws::cli_json::*;
use serde_json::{json, Value};

#[test]
fn put_scaling_policy_bounds() {
    let check = |edit: fn(&mut Value)| issues_of(put_policy(), edit, PutScalingPolicy::validate);
    const SC: &str = "StepScalingPolicyConfiguration";
    has(
        &check(|v| v["PolicyName"] = json!("")),
        "PolicyName: must be between 1 and 256",
    );
    has(
        &check(|v| v["PolicyName"] = json!("p".repeat(257))),
        "PolicyName: must be between 1 and 256",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("PolicyType");
        }),
        "PolicyType: is required",
    );
    has(
        &check(|v| {
            v.as_object_mut()
                .unwrap()
                .remove("StepScalingPolicyConfiguration");
        }),
        "StepScalingPolicyConfiguration: is required with PolicyType StepScaling",
    );
    has(
        &check(|v| v["TargetTrackingScalingPolicyConfiguration"] = json!({"TargetValue": 1})),
        "TargetTrackingScalingPolicyConfiguration: is not allowed with PolicyType StepScaling",
    );
    has(
        &check(|v| v["PolicyType"] = json!("PredictiveScaling")),
        "PredictiveScaling is only available for ECS",
    );
    has(
        &check(|v| {
            v[SC].as_object_mut().unwrap().remove("AdjustmentType");
        }),
        "StepScalingPolicyConfiguration.AdjustmentType: is required",
    );
    has(
        &check(|v| v[SC]["StepAdjustments"] = json!([])),
        "StepScalingPolicyConfiguration.StepAdjustments: at least one",
    );
    has(
        &check(|v| {
            v[SC]["StepAdjustments"] = json!((0..21).map(|i| json!({"MetricIntervalLowerBound": i, "MetricIntervalUpperBound": i + 1, "ScalingAdjustment": 1})).collect::<Vec<_>>())
        }),
        "StepScalingPolicyConfiguration.StepAdjustments: at most 20",
    );
    has(
        &check(
            |v| v[SC]["StepAdjustments"] = json!([{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}, {"MetricIntervalLowerBound": -5, "ScalingAdjustment": 1}]),
        ),
        "StepScalingPolicyConfiguration.StepAdjustments[1].MetricIntervalLowerBound: is negative",
    );
    has(
        &check(|v| v[SC]["Cooldown"] = json!(-1)),
        "StepScalingPolicyConfiguration.Cooldown: must be at least 0",
    );
    has(&check(|v| v[SC]["MinAdjustmentMagnitude"] = json!(2)), "StepScalingPolicyConfiguration.MinAdjustmentMagnitude: is only allowed with AdjustmentType PercentChangeInCapacity");
    assert!(check(|v| v[SC]["AdjustmentType"] = json!("ExactCapacity")).is_empty());
    let mut v = put_policy();
    v[SC]["StepAdjustments"][0]["ScalingAdjustment"] = json!(1.5);
    assert!(
        parse_json::<PutScalingPolicy>(&v.to_string()).is_err(),
        "ScalingAdjustment is an integer"
    );
}

#[test]
fn target_tracking_bounds() {
    let check = |edit: fn(&mut Value)| issues_of(tt_policy(), edit, PutScalingPolicy::validate);
    const T: &str = "TargetTrackingScalingPolicyConfiguration";
    const C: &str = "CustomizedMetricSpecification";
    has(
        &check(|v| v[T]["TargetValue"] = json!(1e200)),
        "TargetTrackingScalingPolicyConfiguration.TargetValue: must be between -2^360 and 2^360",
    );
    has(
        &check(|v| v[T]["ScaleInCooldown"] = json!(-5)),
        "TargetTrackingScalingPolicyConfiguration.ScaleInCooldown: must be at least 0",
    );
    has(
        &check(|v| {
            v[T]["PredefinedMetricSpecification"] =
                json!({"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"})
        }),
        "not both",
    );
    has(
        &check(|v| {
            v[T].as_object_mut().unwrap().remove(C);
        }),
        "one of TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification or",
    );
    has(
        &check(|v| {
            v[T].as_object_mut().unwrap().remove(C);
            v[T]["PredefinedMetricSpecification"] = json!({"PredefinedMetricType": "Backlog"});
        }),
        "PredefinedMetricSpecification.PredefinedMetricType: \"Backlog\" is not a valid value",
    );
    has(
        &check(|v| {
            v[T].as_object_mut().unwrap().remove(C);
            v[T]["PredefinedMetricSpecification"] =
                json!({"PredefinedMetricType": "ALBRequestCountPerTarget"});
        }),
        "ResourceLabel: is required with ALBRequestCountPerTarget",
    );
    has(
        &check(|v| {
            v[T].as_object_mut().unwrap().remove(C);
            v[T]["PredefinedMetricSpecification"] = json!({"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance", "ResourceLabel": "x"});
        }),
        "ResourceLabel: is only allowed with ALBRequestCountPerTarget",
    );
    has(
        &check(|v| {
            v[T][C].as_object_mut().unwrap().remove("Namespace");
        }),
        "CustomizedMetricSpecification.Namespace: is required unless Metrics",
    );
    has(
        &check(|v| {
            v[T][C].as_object_mut().unwrap().remove("Statistic");
        }),
        "CustomizedMetricSpecification.Statistic: is required unless Metrics",
    );
    has(
        &check(|v| v[T][C]["Metrics"] = json!([{"Id": "m1", "Expression": "m1*2"}])),
        "CustomizedMetricSpecification.MetricName: is not allowed together with Metrics",
    );
    let math = |v: &mut Value, q: Value| {
        v["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"] =
            json!({ "Metrics": q })
    };
    let m = "CustomizedMetricSpecification.Metrics";
    let run = |q: Value| {
        let mut v = tt_policy();
        math(&mut v, q);
        issues_of(v, |_| {}, PutScalingPolicy::validate)
    };
    let stat = json!({"Metric": {"MetricName": "ApproximateBacklogSize", "Namespace": "AWS/SageMaker"}, "Stat": "Average"});
    assert!(run(json!([{"Id": "b", "MetricStat": stat, "ReturnData": false}, {"Id": "e", "Expression": "FILL(b, REPEAT)"}])).is_empty());
    has(
        &run(json!([{"Id": "B", "MetricStat": stat}])),
        &format!("{m}[0].Id: \"B\" is not a valid Id"),
    );
    has(
        &run(json!([{"Id": "b", "MetricStat": stat, "Expression": "b"}])),
        &format!("{m}[0]: give exactly one of Expression or MetricStat"),
    );
    has(
        &run(json!([{"Id": "b", "MetricStat": stat}, {"Id": "e", "Expression": "b"}])),
        "exactly one query must have ReturnData true",
    );
    has(
        &run(json!([{"Id": "e", "Expression": ""}])),
        &format!("{m}[0].Expression: must be between 1 and 2048"),
    );
    // The simulator's formula needs a positive target.
    let neg: TargetTrackingScalingPolicyConfiguration =
        parse_json(r#"{"TargetValue":-1,"PredefinedMetricSpecification":{"PredefinedMetricType":"SageMakerVariantInvocationsPerInstance"}}"#).unwrap();
    assert!(neg.validate().is_empty());
    assert_eq!(neg.to_config().unwrap_err()[0].path, "TargetValue");
}
