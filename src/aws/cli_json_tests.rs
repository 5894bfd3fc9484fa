//! Tests of `cli_json` and `cli_alarm` (docs/aws-semantics.md §2.7, §5): fixtures, the §2.7 recipe,
//! unknown fields, RegisterScalableTarget bounds and round trips. Policy bounds are in
//! `cli_policy_tests`, alarm and scheduled-action bounds in `cli_alarm_tests`.

use crate::aws::alarm::{Alarm, AlarmState};
use crate::aws::cli_alarm::PutMetricAlarm;
use crate::aws::cli_json::*;
use crate::aws::metric::TreatMissingData;
use crate::error::Issue;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

/// The 2.7 scale-from-zero step policy, exactly as in the SageMaker guide.
pub(super) const RECIPE_POLICY: &str = r#"{"AdjustmentType":"ChangeInCapacity","MetricAggregationType":"Average","Cooldown":300,"StepAdjustments":[{"MetricIntervalLowerBound":0,"ScalingAdjustment":1}]}"#;

pub(super) const POLICY_ARN: &str = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d:resource/sagemaker/endpoint/my-endpoint/variant/AllTraffic:policyName/HasBacklogWithoutCapacity-ScalingPolicy";

/// The 2.7 alarm as `put-metric-alarm --cli-input-json`.
pub(super) fn recipe_alarm() -> Value {
    json!({
        "AlarmName": "step_scaling_policy_alarm_name",
        "MetricName": "HasBacklogWithoutCapacity",
        "Namespace": "AWS/SageMaker",
        "Statistic": "Average",
        "Dimensions": [{"Name": "EndpointName", "Value": "my-endpoint"}],
        "Period": 60,
        "EvaluationPeriods": 2,
        "DatapointsToAlarm": 2,
        "Threshold": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "TreatMissingData": "missing",
        "AlarmActions": [POLICY_ARN]
    })
}

pub(super) fn put_policy() -> Value {
    json!({
        "PolicyName": "HasBacklogWithoutCapacity-ScalingPolicy",
        "ServiceNamespace": "sagemaker",
        "ResourceId": "endpoint/my-endpoint/variant/AllTraffic",
        "ScalableDimension": "sagemaker:variant:DesiredInstanceCount",
        "PolicyType": "StepScaling",
        "StepScalingPolicyConfiguration": serde_json::from_str::<Value>(RECIPE_POLICY).unwrap()
    })
}

pub(super) fn tt_policy() -> Value {
    json!({
        "PolicyName": "backlog-tt",
        "ServiceNamespace": "sagemaker",
        "ResourceId": "endpoint/my-endpoint/variant/AllTraffic",
        "ScalableDimension": "sagemaker:variant:DesiredInstanceCount",
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration": {
            "TargetValue": 5.0,
            "CustomizedMetricSpecification": {
                "MetricName": "ApproximateBacklogSizePerInstance",
                "Namespace": "AWS/SageMaker",
                "Dimensions": [{"Name": "EndpointName", "Value": "my-endpoint"}],
                "Statistic": "Average"
            },
            "ScaleInCooldown": 600,
            "ScaleOutCooldown": 120
        }
    })
}

pub(super) fn register() -> Value {
    json!({
        "ServiceNamespace": "sagemaker",
        "ResourceId": "endpoint/my-endpoint/variant/AllTraffic",
        "ScalableDimension": "sagemaker:variant:DesiredInstanceCount",
        "MinCapacity": 0,
        "MaxCapacity": 5,
        "RoleARN": "arn:aws:iam::123456789012:role/aas",
        "SuspendedState": {"DynamicScalingInSuspended": false},
        "Tags": {"team": "ml"}
    })
}

pub(super) fn scheduled() -> Value {
    json!({
        "ServiceNamespace": "sagemaker",
        "ScheduledActionName": "weekday-morning",
        "ResourceId": "endpoint/my-endpoint/variant/AllTraffic",
        "ScalableDimension": "sagemaker:variant:DesiredInstanceCount",
        "Schedule": "cron(0 8 ? * MON-FRI *)",
        "Timezone": "Europe/Berlin",
        "StartTime": "2026-01-01T00:00:00Z",
        "EndTime": 1798761600,
        "ScalableTargetAction": {"MinCapacity": 1, "MaxCapacity": 5}
    })
}

/// Parse `v` after applying `edit`, then validate; return the issues as `path: message`.
pub(super) fn issues_of<T: DeserializeOwned>(
    mut v: Value,
    edit: impl FnOnce(&mut Value),
    validate: fn(&T) -> Vec<Issue>,
) -> Vec<String> {
    edit(&mut v);
    let t: T = parse_json(&v.to_string()).unwrap_or_else(|e| panic!("does not parse: {e}"));
    validate(&t).iter().map(|i| i.to_string()).collect()
}

pub(super) fn has(found: &[String], needle: &str) {
    assert!(
        found.iter().any(|s| s.contains(needle)),
        "no issue containing {needle:?} in {found:#?}"
    );
}

pub(super) fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(v: Value) {
    let t: T = parse_json(&v.to_string()).unwrap();
    let text = serde_json::to_string(&t).unwrap();
    assert!(
        !text.contains("null"),
        "absent fields must be skipped: {text}"
    );
    assert_eq!(parse_json::<T>(&text).unwrap(), t);
    assert_eq!(
        norm(serde_json::from_str(&text).unwrap()),
        norm(v),
        "same JSON back"
    );
}

/// JSON with every number as a double, so `0` and `0.0` compare equal.
pub(super) fn norm(v: Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(a) => Value::Array(a.into_iter().map(norm).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, norm(v))).collect()),
        other => other,
    }
}

#[test]
fn spec_2_7_recipe_parses_validates_and_runs() {
    let cfg: StepScalingPolicyConfiguration = parse_json(RECIPE_POLICY).unwrap();
    assert!(cfg.validate().is_empty());
    let policy = cfg.to_policy().unwrap();
    assert_eq!(policy.cooldown_s(), 300);
    let req: PutScalingPolicy = parse_json(&put_policy().to_string()).unwrap();
    assert!(req.validate().is_empty(), "{:?}", req.validate());

    let alarm_req: PutMetricAlarm = parse_json(&recipe_alarm().to_string()).unwrap();
    assert!(
        alarm_req.validate().is_empty(),
        "{:?}",
        alarm_req.validate()
    );
    let cfg = alarm_req.to_alarm_config().unwrap();
    assert_eq!(
        (
            cfg.evaluation_periods,
            cfg.datapoints_to_alarm,
            cfg.period_s
        ),
        (2, 2, 60)
    );
    assert_eq!(cfg.treat_missing, TreatMissingData::Missing);
    // Two whole minutes with average 1 are needed; a partial first minute (0.5) is not enough.
    let mut alarm = Alarm::new(cfg);
    let states: Vec<_> = [0.0, 0.5, 1.0, 1.0]
        .iter()
        .map(|v| alarm.evaluate(Some(*v)).state)
        .collect();
    assert_eq!(
        states,
        [
            AlarmState::Ok,
            AlarmState::Ok,
            AlarmState::Ok,
            AlarmState::Alarm
        ]
    );
    // The policy takes 0 → 1.
    assert_eq!(policy.evaluate(0, alarm.recent_values(), 1.0), Some(1));
}

#[test]
fn other_requests_validate_and_convert() {
    let r: RegisterScalableTarget = parse_json(&register().to_string()).unwrap();
    assert!(r.validate().is_empty(), "{:?}", r.validate());
    let p: PutScalingPolicy = parse_json(&tt_policy().to_string()).unwrap();
    assert!(p.validate().is_empty(), "{:?}", p.validate());
    let tt = p
        .target_tracking_scaling_policy_configuration
        .unwrap()
        .to_config()
        .unwrap();
    assert_eq!(
        (
            tt.target_value,
            tt.scale_out_cooldown_s,
            tt.scale_in_cooldown_s,
            tt.disable_scale_in
        ),
        (5.0, 120, 600, false)
    );
    let s: PutScheduledAction = parse_json(&scheduled().to_string()).unwrap();
    assert!(s.validate().is_empty(), "{:?}", s.validate());
    let pre: TargetTrackingScalingPolicyConfiguration = parse_json(
        r#"{"TargetValue":1,"PredefinedMetricSpecification":{"PredefinedMetricType":"SageMakerInferenceComponentInvocationsPerCopy"}}"#,
    )
    .unwrap();
    let c = pre.to_config().unwrap();
    assert_eq!((c.scale_out_cooldown_s, c.scale_in_cooldown_s), (300, 300)); // docs/aws-semantics.md §1.8 defaults
}

#[test]
fn unknown_fields_are_rejected_by_name() {
    let mut v = put_policy();
    v["PolicyARN"] = json!("x");
    let e = parse_json::<PutScalingPolicy>(&v.to_string()).unwrap_err();
    assert!(e.message.contains("unknown field `PolicyARN`"), "{e}");
    assert!(e.line_col.is_some());
    let e = parse_json::<StepScalingPolicyConfiguration>(
        r#"{"AdjustmentType":"ChangeInCapacity","StepAdjustments":[{"LowerBound":0,"ScalingAdjustment":1}]}"#,
    )
    .unwrap_err();
    assert!(e.message.contains("unknown field `LowerBound`"), "{e}");
    // Casing matters: RoleArn is not RoleARN.
    let mut v = register();
    v["RoleArn"] = v["RoleARN"].take();
    v.as_object_mut().unwrap().remove("RoleARN");
    assert!(parse_json::<RegisterScalableTarget>(&v.to_string())
        .unwrap_err()
        .message
        .contains("RoleArn"));
    // Enum values are checked while parsing.
    let mut v = recipe_alarm();
    v["TreatMissingData"] = json!("NotBreaching");
    assert!(parse_json::<PutMetricAlarm>(&v.to_string())
        .unwrap_err()
        .message
        .contains("notBreaching"));
    let mut v = recipe_alarm();
    v["ComparisonOperator"] = json!("GreaterThanUpperThreshold");
    assert!(parse_json::<PutMetricAlarm>(&v.to_string()).is_err());
}

#[test]
fn register_scalable_target_bounds() {
    let check =
        |edit: fn(&mut Value)| issues_of(register(), edit, RegisterScalableTarget::validate);
    has(
        &check(|v| v["ServiceNamespace"] = json!("sagemakr")),
        "ServiceNamespace: \"sagemakr\" is not a valid value",
    );
    has(
        &check(|v| v["ResourceId"] = json!("")),
        "ResourceId: must be between 1 and 1600",
    );
    has(
        &check(|v| v["ScalableDimension"] = json!("sagemaker:variant:Count")),
        "ScalableDimension: \"sagemaker:variant:Count\" is not a valid value",
    );
    has(
        &check(|v| v["ScalableDimension"] = json!("ecs:service:DesiredCount")),
        "does not belong to ServiceNamespace",
    );
    has(
        &check(|v| v["ResourceId"] = json!("endpoint/my-endpoint")),
        "must have the form endpoint/<endpoint>/variant/<variant>",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("MinCapacity");
        }),
        "MinCapacity: is required when registering",
    );
    has(
        &check(|v| {
            v.as_object_mut().unwrap().remove("MaxCapacity");
        }),
        "MaxCapacity: is required",
    );
    has(
        &check(|v| v["MinCapacity"] = json!(-1)),
        "MinCapacity: must be at least 0",
    );
    has(
        &check(|v| v["MinCapacity"] = json!(6)),
        "MinCapacity: must be <= MaxCapacity (5)",
    );
    has(
        &check(|v| v["RoleARN"] = json!("a".repeat(1601))),
        "RoleARN: must be between 1 and 1600",
    );
    has(
        &check(|v| v["Tags"] = json!({"k": "v".repeat(257)})),
        "Tags.k: must be at most 256",
    );
    let ic = |v: &mut Value| {
        v["ScalableDimension"] = json!("sagemaker:inference-component:DesiredCopyCount");
        v["ResourceId"] = json!("endpoint/x/variant/y");
    };
    has(
        &issues_of(register(), ic, RegisterScalableTarget::validate),
        "inference-component/<name>",
    );
}

#[test]
fn serialize_parse_round_trips() {
    round_trip::<RegisterScalableTarget>(register());
    round_trip::<PutScalingPolicy>(put_policy());
    round_trip::<PutScalingPolicy>(tt_policy());
    round_trip::<PutScheduledAction>(scheduled());
    let mut alarm = recipe_alarm();
    alarm["OKActions"] = json!([POLICY_ARN]);
    alarm["Tags"] = json!([{"Key": "k", "Value": ""}]);
    round_trip::<PutMetricAlarm>(alarm);
    round_trip::<StepScalingPolicyConfiguration>(serde_json::from_str(RECIPE_POLICY).unwrap());
    let text = serde_json::to_string(
        &parse_json::<RegisterScalableTarget>(&register().to_string()).unwrap(),
    )
    .unwrap();
    assert!(text.contains("\"RoleARN\"") && text.contains("\"ResourceId\""));
}
