//! Every file is written in the shape AWS prints it.

use super::*;

#[test]
fn writes_every_file_in_the_shape_aws_prints() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &with_notifications());
    assert_eq!(
        w.names(),
        [
            "describe-endpoint-config.json",
            "describe-endpoint.json",
            "describe-scalable-targets.json",
            "describe-scaling-policies.json",
            "describe-scheduled-actions.json",
            "describe-alarms.json",
            "describe-alarm-history.json",
            "describe-scaling-activities.json",
            "get-metric-data-queries.json",
            "get-metric-data.json",
            "notifications.jsonl",
            "README.md",
        ]
    );
    let text = std::fs::read_to_string(w.path("describe-endpoint.json")).unwrap();
    assert!(
        text.starts_with("{\n    \"") && text.ends_with("}\n"),
        "4-space indent, newline"
    );

    let config = w.json("describe-endpoint-config.json");
    assert_eq!(s(&config, "EndpointConfigName"), "my-endpoint-config");
    let variant = &list(&config, "ProductionVariants")[0];
    assert_eq!(s(variant, "InstanceType"), "ml.g4dn.xlarge");
    assert_eq!(s(variant, "VariantName"), "AllTraffic");
    assert_eq!(variant["InitialInstanceCount"], 1);
    let client = &config["AsyncInferenceConfig"]["ClientConfig"];
    assert_eq!(client["MaxConcurrentInvocationsPerInstance"], 1);
    assert!(config["AsyncInferenceConfig"]["OutputConfig"]["NotificationConfig"].is_object());

    let ep = w.json("describe-endpoint.json");
    assert_eq!(
        keys(&ep),
        [
            "AsyncInferenceConfig",
            "CreationTime",
            "EndpointArn",
            "EndpointConfigName",
            "EndpointName",
            "EndpointStatus",
            "LastModifiedTime",
            "ProductionVariants"
        ]
    );
    assert_eq!(s(&ep, "EndpointStatus"), "InService");
    assert_eq!(micros(&ep["CreationTime"]), START.0 - 86_400_000_000);
    let last = &trace.minutes.last().unwrap().record;
    let pv = &list(&ep, "ProductionVariants")[0];
    assert_eq!(pv["CurrentInstanceCount"], last.in_service);
    assert_eq!(pv["DesiredInstanceCount"], last.desired);

    let targets = w.json("describe-scalable-targets.json");
    let t = &list(&targets, "ScalableTargets")[0];
    assert_eq!(
        s(t, "ResourceId"),
        "endpoint/my-endpoint/variant/AllTraffic"
    );
    assert_eq!(
        s(t, "ScalableDimension"),
        "sagemaker:variant:DesiredInstanceCount"
    );
    assert_eq!(
        (t["MinCapacity"].as_u64(), t["MaxCapacity"].as_u64()),
        (Some(0), Some(4))
    );
    assert_eq!(t["SuspendedState"]["ScheduledScalingSuspended"], false);
    assert!(s(t, "ScalableTargetARN").starts_with("arn:aws:application-autoscaling:us-east-1:"));
    assert!(s(t, "RoleARN").starts_with("arn:aws:iam::123456789012:role/"));

    let policies = w.json("describe-scaling-policies.json");
    let policies = list(&policies, "ScalingPolicies");
    assert_eq!(policies.len(), 2);
    for p in policies {
        let name = s(p, "PolicyName");
        let arn = s(p, "PolicyARN");
        assert!(
            arn.starts_with("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:")
                && arn.ends_with(&format!(
                    ":resource/sagemaker/endpoint/my-endpoint/variant/AllTraffic:policyName/{name}"
                )),
            "{arn}"
        );
        assert!(!arn.contains("<POLICY-ID>"));
        assert!(p.get("CreationTime").is_some());
    }
    let tt = policies
        .iter()
        .find(|p| p["PolicyType"] == "TargetTrackingScaling")
        .unwrap();
    let tt_alarms: Vec<&str> = list(tt, "Alarms")
        .iter()
        .map(|a| s(a, "AlarmName"))
        .collect();
    assert_eq!(tt_alarms.len(), 2);
    assert!(tt_alarms[0]
        .starts_with("TargetTracking-endpoint/my-endpoint/variant/AllTraffic-AlarmHigh-"));
    assert!(tt_alarms[1].contains("-AlarmLow-"));
    let step = policies
        .iter()
        .find(|p| p["PolicyType"] == "StepScaling")
        .unwrap();
    assert_eq!(
        list(step, "Alarms")[0]["AlarmName"],
        "has-backlog-without-capacity"
    );
    assert_eq!(
        list(step, "Alarms")[0]["AlarmARN"],
        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:has-backlog-without-capacity"
    );

    let actions = w.json("describe-scheduled-actions.json");
    let actions = list(&actions, "ScheduledActions");
    assert_eq!(actions.len(), 2);
    assert_eq!(s(&actions[0], "Schedule"), "cron(20 3 * * ? *)");
    assert!(s(&actions[0], "ScheduledActionARN").contains(":scheduledActionName/warm-at-three"));
    assert_eq!(actions[0]["ScalableTargetAction"]["MinCapacity"], 2);

    let alarms = w.json("describe-alarms.json");
    assert_eq!(keys(&alarms), ["CompositeAlarms", "MetricAlarms"]);
    assert_eq!(list(&alarms, "MetricAlarms").len(), 3);

    let readme = std::fs::read_to_string(w.path("README.md")).unwrap();
    assert!(readme.contains("not real"), "{readme}");
    assert!(readme.contains("write-test") && readme.contains("seed: 3"));
    assert!(readme.contains("aws cloudwatch get-metric-data"));
    assert!(readme.contains("`describe-scaling-activities.json`"));
}
