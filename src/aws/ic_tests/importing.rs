//! Importing the inference-component fixtures: the guide's and the blog's alarms, metric
//! mappings, metrics of the wrong target, alarm dimensions, and what `spec::validate`
//! accepts on each platform.

use super::*;

#[test]
fn guide_recipe_imports_as_copies_of_the_inference_component() {
    let imp = import(&files(DOC), &ic_dir()).unwrap();
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    assert_eq!((imp.min_capacity, imp.max_capacity), (0, 2));
    assert_eq!(imp.target, ic_target());
    assert_eq!(
        (imp.endpoint_name.as_str(), imp.variant_name.as_str()),
        (IC, "AllTraffic")
    );
    assert_eq!(imp.spec, expected_spec());
    let (cfg, warnings) = validate(&imp.spec, RT);
    assert!(warnings.is_empty(), "{warnings:?}");
    let tt = &cfg.target_tracking[0];
    assert_eq!(tt.metric, Some(EndpointMetric::InvocationsPerCopy));
    assert_eq!(tt.high.statistic, Statistic::Sum);
    assert!(
        tt.high
            .name
            .starts_with("TargetTracking-inference-component/llama3-8b-ic-AlarmHigh-"),
        "{}",
        tt.high.name
    );
    let step = &cfg.step[0];
    assert_eq!(
        step.metric,
        Some(EndpointMetric::NoCapacityInvocationFailures)
    );
    assert_eq!(step.alarm.period_s, 60);
    // The same files for an asynchronous endpoint: a clear error in the register file.
    assert!(import_for(&files(DOC), &ic_dir(), RT).is_ok());
    let (file, issues) = invalid(import_for(&files(DOC), &ic_dir(), ASYNC));
    assert_eq!(file, REG);
    has(&issues, "ScalableDimension: sagemaker:inference-component:DesiredCopyCount (ResourceId inference-component/llama3-8b-ic) scales an inference component's model copies, but the scenario models an asynchronous endpoint; set [platform] kind = \"sagemaker_realtime\"");
}

#[test]
fn blog_alarm_with_30_second_periods_is_accepted_and_evaluated_per_minute() {
    let imp = import(&files(BLOG), &ic_dir()).unwrap();
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let a = &imp.spec.step_scaling[0].alarm;
    assert_eq!(
        (a.statistic, a.period, a.comparison_operator),
        (
            Statistic::Maximum,
            secs(30.0),
            ComparisonOperator::GreaterThanOrEqualToThreshold
        )
    );
    let (cfg, warnings) = validate(&imp.spec, RT);
    assert_eq!(cfg.step[0].alarm.period_s, 60, "evaluated per minute");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    has(&warnings, "policy.step_scaling[0].alarm.period: 30s is a high-resolution period; scalesim publishes NoCapacityInvocationFailures once a minute, so alarm \"llama3-8b-ic-no-capacity\" is evaluated on 1-minute datapoints");
    // Other high-resolution periods and metrics stay errors.
    let (file, issues) = invalid(import_edited(BLOG, None, |v| {
        v[BLOG]["MetricName"] = json!("InvocationsPerCopy")
    }));
    assert_eq!(file, BLOG);
    has(&issues, "Period: 30 is not simulated");
    let mut spec = imp.spec.clone();
    spec.step_scaling[0].alarm.metric_name = "ConcurrentRequestsPerCopy".into();
    let rid = ic_target().resource_id();
    let err = spec::validate(&spec, "policy", &rid, RT, 0, 86_400.0).unwrap_err();
    assert_eq!(err[0].path, "policy.step_scaling[0].alarm.period");
    // 10 and 20 s are high resolution too.
    let imp = import_edited(BLOG, None, |v| v[BLOG]["Period"] = json!(10)).unwrap();
    assert_eq!(validate(&imp.spec, RT).0.step[0].alarm.period_s, 60);
}

#[test]
fn concurrent_requests_high_resolution_maps_to_the_average_gauge_with_a_warning() {
    let imp = import_edited(DOC, None, |v| {
        v[TT]["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"] = json!({
            "PredefinedMetricType": "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution"
        });
        v[TT]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] = json!(5);
    })
    .unwrap();
    let tt = &imp.spec.target_tracking[0];
    assert_eq!(
        (tt.metric_name.as_str(), tt.statistic, tt.target_value),
        ("ConcurrentRequestsPerCopy", Statistic::Average, 5.0)
    );
    assert_eq!(imp.warnings.len(), 1, "{:?}", imp.warnings);
    has(&imp.warnings, "02-put-scaling-policy-invocations-per-copy.json: TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType: SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution is a high-resolution (10-second) metric; scalesim evaluates it at 1-minute granularity");
    let (cfg, _) = validate(&imp.spec, RT);
    assert_eq!(
        cfg.target_tracking[0].metric,
        Some(EndpointMetric::ConcurrentRequestsPerCopy)
    );
}

#[test]
fn variant_metrics_on_a_component_and_component_metrics_on_a_variant_are_errors() {
    let (file, issues) = invalid(import_edited(DOC, None, |v| {
        v[TT]["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"] =
            json!({"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"});
    }));
    assert_eq!(file, TT);
    has(&issues, "TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType: SageMakerVariantInvocationsPerInstance is a production variant's metric, but the scalable target in 01-register-scalable-target.json is an inference component; use SageMakerInferenceComponentInvocationsPerCopy or SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution");
    let (_, issues) = invalid(import_edited(DOC, None, |v| {
        v[TT]["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"] =
            json!({"PredefinedMetricType": "ECSServiceAverageCPUUtilization"});
    }));
    has(
        &issues,
        "ECSServiceAverageCPUUtilization is not a SageMaker inference component metric",
    );
    // The component's predefined metric on an endpoint variant (the async fixtures).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws");
    let tt_file = "02-put-scaling-policy-backlog-tt.json";
    let mut tt: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(tt_file)).unwrap()).unwrap();
    tt["TargetTrackingScalingPolicyConfiguration"] = json!({
        "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerInferenceComponentInvocationsPerCopy"},
        "TargetValue": 1
    });
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(dir.join(REG), tmp.path().join(REG)).unwrap();
    std::fs::write(tmp.path().join(tt_file), tt.to_string()).unwrap();
    let spec = AwsCliJsonSpec {
        register_scalable_target: REG.into(),
        put_scaling_policy: vec![tt_file.into()],
        put_metric_alarm: vec![],
        put_scheduled_action: vec![],
        cooldown_clock: Default::default(),
    };
    let (file, issues) = invalid(import(&spec, tmp.path()));
    assert_eq!(file, tt_file);
    has(&issues, "SageMakerInferenceComponentInvocationsPerCopy is an inference component's metric, but the scalable target in 01-register-scalable-target.json is an endpoint variant");
    has(&issues, "[platform] kind = \"sagemaker_realtime\"");
    // And the variant target on a real-time endpoint, reported in the register file.
    spec_without_policies_on(&dir, RT);
}

/// The async fixtures' register file alone, imported for `platform` (a real-time endpoint).
fn spec_without_policies_on(dir: &Path, platform: PlatformKind) {
    let spec = AwsCliJsonSpec {
        register_scalable_target: REG.into(),
        put_scaling_policy: vec![],
        put_metric_alarm: vec![],
        put_scheduled_action: vec![],
        cooldown_clock: Default::default(),
    };
    let (file, issues) = invalid(import_for(&spec, dir, platform));
    assert_eq!(file, REG);
    has(&issues, "ScalableDimension: sagemaker:variant:DesiredInstanceCount (ResourceId endpoint/my-endpoint/variant/AllTraffic) scales a production variant's instances, but [platform] kind = \"sagemaker_realtime\" scales an inference component's copies; register ResourceId inference-component/<name> with ScalableDimension sagemaker:inference-component:DesiredCopyCount");
    assert!(import_for(&spec, dir, ASYNC).is_ok());
}

#[test]
fn alarm_dimensions_must_be_the_targets() {
    let (file, issues) = invalid(import_edited(DOC, None, |v| {
        v[DOC]["Dimensions"] = json!([{"Name": "EndpointName", "Value": "my-endpoint"}])
    }));
    assert_eq!(file, DOC);
    has(&issues, "Dimensions: must be [{\"Name\": \"InferenceComponentName\", \"Value\": \"llama3-8b-ic\"}], the dimension of the inference component's metrics; EndpointName is the dimension of an asynchronous endpoint's metrics, but the scalable target in 01-register-scalable-target.json is an inference component");
    let (_, issues) = invalid(import_edited(DOC, None, |v| {
        v[DOC]["Dimensions"][0]["Value"] = json!("other-ic")
    }));
    has(
        &issues,
        "Dimensions: must be [{\"Name\": \"InferenceComponentName\", \"Value\": \"llama3-8b-ic\"}]",
    );
    // A customized TT metric with other dimensions only warns (scalesim uses the component's).
    let imp = import_edited(DOC, None, |v| {
        v[TT]["TargetTrackingScalingPolicyConfiguration"] = json!({
            "TargetValue": 2,
            "CustomizedMetricSpecification": {
                "MetricName": "InvocationsPerCopy", "Namespace": "AWS/SageMaker",
                "Dimensions": [{"Name": "EndpointName", "Value": "x"}], "Statistic": "Average"
            }
        });
    })
    .unwrap();
    has(&imp.warnings, "CustomizedMetricSpecification.Dimensions: not InferenceComponentName = llama3-8b-ic; scalesim uses the inference component's metric");
    assert_eq!(imp.spec.target_tracking[0].statistic, Statistic::Average);
}

#[test]
fn an_alarm_on_an_inference_component_metric_of_a_variant_says_why() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws");
    let alarm_file = "04-put-metric-alarm-has-backlog-without-capacity.json";
    let step_file = "03-put-scaling-policy-scale-from-zero.json";
    let mut alarm: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(alarm_file)).unwrap()).unwrap();
    alarm["Dimensions"] = json!([{"Name": "InferenceComponentName", "Value": "my-endpoint"}]);
    let tmp = tempfile::tempdir().unwrap();
    for f in [REG, step_file] {
        std::fs::copy(dir.join(f), tmp.path().join(f)).unwrap();
    }
    std::fs::write(tmp.path().join(alarm_file), alarm.to_string()).unwrap();
    let spec = AwsCliJsonSpec {
        register_scalable_target: REG.into(),
        put_scaling_policy: vec![step_file.into()],
        put_metric_alarm: vec![alarm_file.into()],
        put_scheduled_action: vec![],
        cooldown_clock: Default::default(),
    };
    let (file, issues) = invalid(import(&spec, tmp.path()));
    assert_eq!(file, alarm_file);
    has(&issues, "Dimensions: must be [{\"Name\": \"EndpointName\", \"Value\": \"my-endpoint\"}], the dimension of the asynchronous endpoint's metrics; InferenceComponentName is the dimension of an inference component's metrics, but the scalable target in 01-register-scalable-target.json is an endpoint variant");
}

#[test]
fn spec_validation_knows_what_each_platform_publishes() {
    let mut spec = expected_spec();
    spec.target_tracking[0].metric_name = "ApproximateBacklogSizePerInstance".into();
    let (cfg, warnings) = validate(&spec, RT);
    assert_eq!(cfg.target_tracking[0].metric, None, "never has data");
    assert_eq!(warnings, vec!["policy.target_tracking[0].metric_name: \"ApproximateBacklogSizePerInstance\" is not published by a real-time endpoint with inference components (it is an asynchronous endpoint's metric); it publishes NoCapacityInvocationFailures, InvocationsPerCopy, ConcurrentRequestsPerCopy. This alarm will never have data, so its policy never acts".to_string()]);
    // The component's metrics on an asynchronous endpoint.
    let (cfg, warnings) = validate(&expected_spec(), ASYNC);
    assert_eq!(cfg.target_tracking[0].metric, None);
    assert_eq!(cfg.step[0].metric, None);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    has(&warnings, "policy.step_scaling[0].alarm.metric_name: \"NoCapacityInvocationFailures\" is not published by an asynchronous endpoint (it is an inference component's metric); it publishes ApproximateBacklogSize, ApproximateBacklogSizePerInstance, ApproximateAgeOfOldestRequest, HasBacklogWithoutCapacity.");
    // Unknown names warn; empty names are errors listing the platform's metrics.
    spec.target_tracking[0].metric_name = "CPUUtilization".into();
    let (_, warnings) = validate(&spec, RT);
    has(&warnings, "\"CPUUtilization\" is not published by a real-time endpoint with inference components; it publishes NoCapacityInvocationFailures");
    spec.target_tracking[0].metric_name = " ".into();
    let rid = ic_target().resource_id();
    let err = spec::validate(&spec, "policy", &rid, RT, 0, 86_400.0).unwrap_err();
    assert_eq!(err[0].path, "policy.target_tracking[0].metric_name");
    assert_eq!(
        err[0].message,
        "is empty; use one of NoCapacityInvocationFailures, InvocationsPerCopy, ConcurrentRequestsPerCopy"
    );
}
