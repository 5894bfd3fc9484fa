//! Exporting for an inference component: the fixtures round-trip, other per-copy policies
//! export as customized metrics with the component dimension, and the README shows the
//! component's setup and checks.

use super::*;

/// Write `files` to a temporary folder and import them, listed by command.
fn reimport(files: &[ExportFile]) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = files_of(files);
    for f in files {
        std::fs::write(dir.path().join(&f.name), &f.json).unwrap();
    }
    spec.cooldown_clock = Default::default();
    import_for(&spec, dir.path(), RT).unwrap()
}

fn files_of(files: &[ExportFile]) -> AwsCliJsonSpec {
    let mut spec = AwsCliJsonSpec {
        register_scalable_target: String::new(),
        put_scaling_policy: vec![],
        put_metric_alarm: vec![],
        put_scheduled_action: vec![],
        cooldown_clock: Default::default(),
    };
    for f in files {
        match f.aws_command.split(' ').nth(2) {
            Some("register-scalable-target") => spec.register_scalable_target = f.name.clone(),
            Some("put-scaling-policy") => spec.put_scaling_policy.push(f.name.clone()),
            Some("put-metric-alarm") => spec.put_metric_alarm.push(f.name.clone()),
            Some("put-scheduled-action") => spec.put_scheduled_action.push(f.name.clone()),
            other => panic!("unexpected command {other:?}"),
        }
    }
    spec
}

fn without_origin(spec: AasSpec) -> AasSpec {
    AasSpec {
        imported_target: None,
        ..spec
    }
}

#[test]
fn export_writes_the_fixtures_and_round_trips() {
    let imp = import(&files(BLOG), &ic_dir()).unwrap();
    let files = export(&imp.spec, &ic_target(), 0, 2, "us-east-1", "123456789012");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "01-register-scalable-target.json",
            "02-put-scaling-policy-llama3-8b-ic-target-tracking.json",
            "03-put-scaling-policy-llama3-8b-ic-step-scaling.json",
            "04-put-metric-alarm-llama3-8b-ic-no-capacity.json",
        ]
    );
    for f in &files {
        let issues = match f.aws_command.split(' ').nth(2).unwrap() {
            "register-scalable-target" => parse_json::<RegisterScalableTarget>(&f.json)
                .unwrap()
                .validate(),
            "put-scaling-policy" => parse_json::<PutScalingPolicy>(&f.json).unwrap().validate(),
            _ => parse_json::<PutMetricAlarm>(&f.json).unwrap().validate(),
        };
        assert!(issues.is_empty(), "{}: {issues:?}", f.name);
    }
    // Each request is the fixture's, up to the alarm's description and policy id.
    for (f, fixture) in files.iter().zip([REG, TT, STEP, BLOG]) {
        let read = |t: &str| norm(serde_json::from_str::<Value>(t).unwrap());
        let mut fix = read(&std::fs::read_to_string(ic_dir().join(fixture)).unwrap());
        let mut exp = read(&f.json);
        for v in [&mut fix, &mut exp] {
            let o = v.as_object_mut().unwrap();
            o.remove("AlarmDescription");
            o.remove("AlarmActions");
        }
        assert_eq!(fix, exp, "{fixture}");
    }
    let arn = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:<POLICY-ID>:resource/sagemaker/inference-component/llama3-8b-ic:policyName/llama3-8b-ic-step-scaling";
    assert!(files[3].json.contains(arn), "{}", files[3].json);
    let back = reimport(&files);
    assert_eq!(back.target, ic_target());
    assert_eq!(without_origin(back.spec), without_origin(imp.spec));
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}

#[test]
fn other_per_copy_policies_export_as_customized_metrics_with_the_component_dimension() {
    let mut spec = without_origin(expected_spec());
    let mut second = spec.target_tracking[0].clone();
    second.policy_name = "concurrency".into();
    (second.metric_name, second.statistic) =
        ("ConcurrentRequestsPerCopy".into(), Statistic::Average);
    let mut third = second.clone();
    third.policy_name = "invocations-average".into();
    (third.metric_name, third.statistic) = ("InvocationsPerCopy".into(), Statistic::Average);
    spec.target_tracking.extend([second, third]);
    let files = export(&spec, &ic_target(), 0, 4, "us-east-1", "123456789012");
    let tt = |i: usize| -> Value {
        serde_json::from_str::<Value>(&files[i].json).unwrap()
            ["TargetTrackingScalingPolicyConfiguration"]
            .clone()
    };
    assert_eq!(
        tt(2)["PredefinedMetricSpecification"],
        json!({"PredefinedMetricType": "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution"})
    );
    assert_eq!(
        tt(3)["CustomizedMetricSpecification"],
        json!({
            "MetricName": "InvocationsPerCopy",
            "Namespace": "AWS/SageMaker",
            "Dimensions": [{"Name": "InferenceComponentName", "Value": "llama3-8b-ic"}],
            "Statistic": "Average"
        })
    );
    let alarm: Value = serde_json::from_str(&files[5].json).unwrap();
    assert_eq!(
        alarm["Dimensions"],
        json!([{"Name": "InferenceComponentName", "Value": "llama3-8b-ic"}])
    );
    let back = reimport(&files);
    assert_eq!(without_origin(back.spec), spec);
    // The same policies on an endpoint variant: customized, with EndpointName.
    let variant = ScalableTarget::Variant {
        endpoint: "ep".into(),
        variant: "AllTraffic".into(),
    };
    let files = export(&spec, &variant, 0, 4, "us-east-1", "123456789012");
    assert!(!files[1].json.contains("Predefined"), "{}", files[1].json);
    assert!(
        files[1].json.contains("\"EndpointName\""),
        "{}",
        files[1].json
    );
}

#[test]
fn readme_of_an_inference_component_shows_its_setup_and_checks() {
    let imp = import(&files(DOC), &ic_dir()).unwrap();
    let files = export(&imp.spec, &ic_target(), 0, 2, "us-east-1", "123456789012");
    let text = readme(&files, "ic");
    for needle in [
        "component `llama3-8b-ic` on it; both must be InService",
        "1. `aws application-autoscaling register-scalable-target --cli-input-json file://01-register-scalable-target.json`",
        "aws application-autoscaling describe-scalable-targets --service-namespace sagemaker --resource-ids inference-component/llama3-8b-ic",
        "aws application-autoscaling describe-scaling-activities --service-namespace sagemaker --resource-id inference-component/llama3-8b-ic",
        "aws sagemaker describe-inference-component --inference-component-name llama3-8b-ic",
        "`NoCapacityInvocationFailures` (dimension `InferenceComponentName`)",
        "`04-put-metric-alarm-llama3-8b-ic-no-capacity.json`: the `PolicyARN` returned by `03-put-scaling-policy-llama3-8b-ic-step-scaling.json`",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from\n{text}");
    }
    // An endpoint variant's README keeps its wording and checks its own ResourceId.
    let variant = ScalableTarget::Variant {
        endpoint: "ep".into(),
        variant: "AllTraffic".into(),
    };
    let files = export(&imp.spec, &variant, 0, 2, "us-east-1", "123456789012");
    let text = readme(&files, "v");
    assert!(
        text.contains("Create the endpoint first (it must be InService),\nthen run these commands"),
        "{text}"
    );
    assert!(
        text.contains("--resource-id endpoint/ep/variant/AllTraffic"),
        "{text}"
    );
    assert!(!text.contains("inference"), "{text}");
}
