//! In-memory alarms, alarm history, endpoints, endpoint configs and policies: which endpoint
//! the record is of, which version is kept, and the problems reported at their path.

use super::*;

#[test]
fn alarm_history_data_must_be_the_json_aws_prints() {
    let item = |data: &str| {
        format!(
            r#"{{"AlarmName": "A", "AlarmType": "MetricAlarm", "Timestamp": "2024-08-14T06:00:00Z",
            "HistoryItemType": "StateUpdate", "HistorySummary": "Alarm updated from OK to ALARM",
            "HistoryData": {}}}"#,
            serde_json::Value::String(data.into())
        )
    };
    let good = item(
        r#"{"version":"1.0","oldState":{"stateValue":"OK"},"newState":{"stateValue":"ALARM"}}"#,
    );
    let broken = item(r#"{"version":"1.0","oldState":{"stateValue":"OK"#);
    let no_new = item(r#"{"version":"1.0","oldState":{"stateValue":"OK"}}"#);
    let odd = item(r#"{"oldState":{"stateValue":"OK"},"newState":{"stateValue":"RED"}}"#);
    let text = format!("{{\"AlarmHistoryItems\": [{good}, {broken}, {no_new}, {odd}]}}");
    let issues = mem_issues(&[("h.json", &text)], "h.json");
    assert_has(
        &issues,
        "AlarmHistoryItems[1].HistoryData: not valid JSON (EOF while parsing a string)",
    );
    assert_has(
        &issues,
        "AlarmHistoryItems[2].HistoryData: has no newState.stateValue",
    );
    assert_has(&issues, "AlarmHistoryItems[3].HistoryData: newState.stateValue \"RED\" is not OK, ALARM or INSUFFICIENT_DATA");
    assert_eq!(issues.len(), 3, "{issues:#?}");
    let r = mem_ok(&[(
        "h.json",
        &format!("{{\"AlarmHistoryItems\": [{good}, {good}]}}"),
    )]);
    assert_eq!(r.alarm_history.len(), 1, "a duplicate is dropped");
    assert_eq!(r.alarm_history[0].origin.path, "AlarmHistoryItems[0]");
}

#[test]
fn composite_alarms_and_other_endpoints_alarms() {
    let alarms = r#"{"MetricAlarms": [
        {"AlarmName": "mine", "MetricName": "HasBacklogWithoutCapacity", "ExtendedStatistic": "p90",
         "Dimensions": [{"Name": "EndpointName", "Value": "my-async-ep"}], "Period": 60},
        {"AlarmName": "theirs", "MetricName": "HasBacklogWithoutCapacity",
         "Dimensions": [{"Name": "EndpointName", "Value": "other-ep"}]},
        {"AlarmName": "TargetTracking-endpoint/other-ep/variant/AllTraffic-AlarmHigh-1"}],
        "CompositeAlarms": [{"AlarmName": "c"}]}"#;
    let history = r#"{"AlarmHistoryItems": [
        {"AlarmName": "theirs", "Timestamp": "2024-08-14T06:00:00Z", "HistoryItemType": "StateUpdate",
         "HistoryData": "{\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"},
        {"AlarmName": "TargetTracking-endpoint/other-ep/variant/AllTraffic-AlarmLow-2", "Timestamp": "2024-08-14T06:01:00Z", "HistoryItemType": "StateUpdate",
         "HistoryData": "{\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"},
        {"AlarmName": "mine", "Timestamp": "2024-08-14T06:02:00Z", "HistoryItemType": "StateUpdate",
         "HistoryData": "{\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"}]}"#;
    let opts = LoadOptions {
        endpoint: Some(EP.into()),
    };
    let r = mem_with(&[("al.json", alarms), ("hi.json", history)], &opts).unwrap();
    assert_eq!(r.alarms.len(), 1);
    assert_eq!(r.alarms[0].statistic.as_deref(), Some("p90"));
    assert_eq!(r.alarm_history.len(), 1);
    assert_eq!(r.alarm_history[0].alarm, "mine");
    assert_eq!(
        r.warnings,
        [
            "al.json: CompositeAlarms: 1 composite alarm(s) ignored; scalesim reads metric alarms (MetricAlarms)",
            "al.json: MetricAlarms[1]: alarm \"theirs\" watches endpoint \"other-ep\" (dimension EndpointName), not this endpoint (\"my-async-ep\"); ignored",
            "al.json: MetricAlarms[2]: alarm \"TargetTracking-endpoint/other-ep/variant/AllTraffic-AlarmHigh-1\" watches endpoint \"other-ep\" (its name), not this endpoint (\"my-async-ep\"); ignored",
            "hi.json: AlarmHistoryItems[0]: alarm \"theirs\" is not of this endpoint (\"my-async-ep\"); its history is ignored (2 history items of other endpoints in this file)",
        ]
    );
    // Without --endpoint the alarms name two endpoints.
    let e = mem(&[("al.json", alarms)]).unwrap_err().to_string();
    assert!(e.contains("these files record several endpoints: \"my-async-ep\" (al.json: MetricAlarms[0]), \"other-ep\" (al.json: MetricAlarms[1]); choose one with --endpoint NAME"), "{e}");
}

fn endpoint_json(name: &str, modified: &str, count: u32) -> String {
    format!(
        r#"{{"EndpointName": "{name}", "EndpointArn": "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/{name}",
        "EndpointConfigName": "{name}-config", "EndpointStatus": "InService",
        "ProductionVariants": [{{"VariantName": "AllTraffic", "CurrentInstanceCount": {count}, "DesiredInstanceCount": {count}}}],
        "CreationTime": 1722503553.412, "LastModifiedTime": "{modified}"}}"#
    )
}

#[test]
fn the_endpoint_is_chosen_or_asked_for() {
    let a = endpoint_json("ep-a", "2024-08-14T06:00:00Z", 1);
    let b = endpoint_json("ep-b", "2024-08-14T06:00:00Z", 1);
    let e = mem(&[("a.json", &a), ("b.json", &b)]).unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("a.json: 1 problem(s):"), "{text}");
    assert!(text.contains("several endpoints: \"ep-a\" (a.json), \"ep-b\" (b.json); choose one with --endpoint NAME"), "{text}");
    let opts = LoadOptions {
        endpoint: Some("ep-b".into()),
    };
    let r = mem_with(&[("a.json", &a), ("b.json", &b)], &opts).unwrap();
    assert_eq!(r.endpoint.as_ref().unwrap().name, "ep-b");
    assert_eq!(r.variant_name.as_deref(), Some("AllTraffic"));
    assert_eq!(
        r.warnings,
        ["a.json: EndpointName \"ep-a\" is not this endpoint (\"ep-b\"); ignored"]
    );
    // An --endpoint no file names.
    let opts = LoadOptions {
        endpoint: Some("ep-z".into()),
    };
    let r = mem_with(&[("a.json", &a)], &opts).unwrap();
    assert_has(
        &r.warnings,
        "--endpoint \"ep-z\": no file records this endpoint (they record \"ep-a\")",
    );
    assert!(r.endpoint.is_none());
}

#[test]
fn the_later_describe_endpoint_is_kept() {
    let old = endpoint_json("ep-a", "2024-08-14T06:00:00Z", 1);
    let new = endpoint_json("ep-a", "2024-08-14T14:30:00+08:00", 3);
    for files in [
        [("1.json", &old), ("2.json", &new)],
        [("1.json", &new), ("2.json", &old)],
    ] {
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let r = mem_ok(&files);
        let e = r.endpoint.unwrap();
        assert_eq!(e.variants[0].current_instance_count, Some(3));
        assert_eq!(e.last_modified_time, Some(t("2024-08-14T06:30:00Z")));
        assert_eq!(r.warnings.len(), 1);
        assert_has(&r.warnings, "kept the one modified last");
    }
    // The same output twice: no warning.
    let r = mem_ok(&[("1.json", &old), ("2.json", &old)]);
    assert!(r.warnings.is_empty());
}

#[test]
fn the_endpoint_comes_from_the_scalable_target() {
    let targets = r#"{"ScalableTargets": [
        {"ServiceNamespace": "sagemaker", "ResourceId": "endpoint/ep-t/variant/blue",
         "ScalableDimension": "sagemaker:variant:DesiredInstanceCount", "MinCapacity": 0,
         "MaxCapacity": 2, "CreationTime": 1722504612.25},
        {"ServiceNamespace": "sagemaker", "ResourceId": "inference-component/ic-1",
         "ScalableDimension": "sagemaker:inference-component:DesiredCopyCount", "MinCapacity": 0,
         "MaxCapacity": 2, "CreationTime": 1722504600}]}"#;
    let policies = r#"{"ScalingPolicies": [
        {"PolicyName": "p", "ResourceId": "endpoint/ep-t/variant/green", "ScalableDimension": "sagemaker:variant:DesiredInstanceCount"}]}"#;
    let r = mem_ok(&[("t.json", targets), ("p.json", policies)]);
    assert_eq!(r.endpoint_name.as_deref(), Some("ep-t"));
    assert_eq!(r.variant_name.as_deref(), Some("blue"));
    assert_eq!(r.scalable_targets.len(), 1);
    assert_eq!(r.scaling_policies.len(), 0);
    assert_eq!(r.warnings.len(), 2, "{:#?}", r.warnings);
    assert_has(&r.warnings, "t.json: ScalableTargets[1]: ResourceId \"inference-component/ic-1\" is an inference component; scalesim reads the variants of asynchronous endpoints (endpoint/<name>/variant/<variant>); ignored");
    assert_has(&r.warnings, "p.json: ScalingPolicies[0]: ResourceId \"endpoint/ep-t/variant/green\" is not this endpoint's (\"endpoint/ep-t/variant/blue\"); ignored");
    let missing = r#"{"ScalingPolicies": [{"PolicyName": "p"}]}"#;
    let issues = mem_issues(&[("m.json", missing)], "m.json");
    assert_eq!(issues, ["ScalingPolicies[0].ResourceId: missing: the AWS CLI always prints this member (a string)"]);
}

#[test]
fn different_versions_of_a_policy_keep_the_later() {
    let p = |target: f64, created: &str| {
        format!(
            r#"{{"ScalingPolicies": [{{"PolicyName": "tt", "ResourceId": "endpoint/e/variant/v",
            "ScalableDimension": "sagemaker:variant:DesiredInstanceCount", "PolicyType": "TargetTrackingScaling",
            "TargetTrackingScalingPolicyConfiguration": {{"TargetValue": {target}}}, "CreationTime": {created}}}]}}"#
        )
    };
    let r = mem_ok(&[
        ("new.json", &p(7.0, "1723614756")),
        ("old.json", &p(5.0, "1722504612")),
    ]);
    assert_eq!(r.scaling_policies.len(), 1);
    assert_eq!(
        r.scaling_policies[0].value["TargetTrackingScalingPolicyConfiguration"]["TargetValue"],
        7.0
    );
    assert_eq!(
        r.warnings,
        ["old.json: ScalingPolicies[0]: the same scaling policy differs in new.json: ScalingPolicies[0]; kept that one"]
    );
    let bad = p(5.0, "\"last week\"");
    let issues = mem_issues(&[("b.json", &bad)], "b.json");
    assert_has(
        &issues,
        "ScalingPolicies[0].CreationTime: \"last week\" is not a timestamp",
    );
}

#[test]
fn endpoint_config_and_describe_endpoint_problems() {
    let cfg = r#"{"EndpointConfigName": "c", "ProductionVariants": [
        {"VariantName": "AllTraffic", "InstanceType": "ml.g5.xlarge", "InitialInstanceCount": -1,
         "InstancePools": [{"InstanceType": "ml.g5.2xlarge", "Priority": 2}, {"InstanceType": "ml.g5.xlarge", "Priority": 1}]},
        {"ModelName": "m"}]}"#;
    let issues = mem_issues(&[("c.json", cfg)], "c.json");
    assert_has(&issues, "ProductionVariants[0].InitialInstanceCount: expected a whole number from 0 to 4294967295, found -1");
    assert_has(&issues, "ProductionVariants[1].VariantName: missing");
    let ok = cfg
        .replace("-1", "2")
        .replace(",\n        {\"ModelName\": \"m\"}", "");
    let r = mem_ok(&[("c.json", &ok)]);
    let v = &r.endpoint_configs[0].variants[0];
    assert_eq!(v.initial_instance_count, Some(2));
    assert_eq!(
        v.instance_pools,
        [
            ("ml.g5.xlarge".to_string(), 1),
            ("ml.g5.2xlarge".to_string(), 2)
        ]
    );
    assert!(!r.endpoint_configs[0].is_async);
    let ep = endpoint_json("e", "not a time", 1);
    let issues = mem_issues(&[("e.json", &ep)], "e.json");
    assert_has(
        &issues,
        "LastModifiedTime: \"not a time\" is not a timestamp",
    );
}

#[test]
fn the_endpoints_config_is_kept_and_others_dropped() {
    let ep = endpoint_json("e", "2024-08-14T06:00:00Z", 1);
    let cfg = |name: &str| {
        format!(
            r#"{{"EndpointConfigName": "{name}", "ProductionVariants": [{{"VariantName": "AllTraffic"}}]}}"#
        )
    };
    let r = mem_ok(&[
        ("e.json", &ep),
        ("c1.json", &cfg("e-config")),
        ("c2.json", &cfg("old-config")),
    ]);
    assert_eq!(r.endpoint_configs.len(), 1);
    assert_eq!(r.endpoint_configs[0].name, "e-config");
    assert_eq!(
        r.warnings,
        ["c2.json: EndpointConfigName \"old-config\" is not the config of endpoint \"e\" (e-config); ignored"]
    );
}
