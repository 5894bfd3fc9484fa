//! Inference components (spec 6.2–6.4) in the AWS layer: the fixtures in
//! `tests/fixtures/aws/ic` (the SageMaker guide's and the re:Invent blog's recipe) import to
//! the expected [`AasSpec`], every mapping and mismatch is reported with its file and path,
//! `spec::validate` knows which metrics each platform publishes, and exports round-trip.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::cli_alarm::PutMetricAlarm;
use super::cli_json::{parse_json, PutScalingPolicy, RegisterScalableTarget};
use super::cli_json_tests::norm;
use super::export::{export, readme, ExportFile};
use super::import::tests::{has, invalid};
use super::import::{import, import_for, AwsCliJsonSpec, Imported};
use super::metric::{ComparisonOperator, Statistic, TreatMissingData};
use super::spec::{self, AasSpec, AlarmSpec, StepScalingSpec, StepSpec, TargetTrackingSpec};
use super::step::{AdjustmentType, MetricAggregationType};
use super::target::{ImportedTarget, ScalableTarget};
use crate::error::InputError;
use crate::metrics::EndpointMetric;
use crate::platform::PlatformKind;
use crate::time::Duration;

const REG: &str = "01-register-scalable-target.json";
const TT: &str = "02-put-scaling-policy-invocations-per-copy.json";
const STEP: &str = "03-put-scaling-policy-scale-out-from-zero.json";
const DOC: &str = "04-put-metric-alarm-no-capacity-doc.json";
const BLOG: &str = "04-put-metric-alarm-no-capacity-blog.json";
const IC: &str = "llama3-8b-ic";
const RT: PlatformKind = PlatformKind::SagemakerRealtime;
const ASYNC: PlatformKind = PlatformKind::SagemakerAsync;

fn ic_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws/ic")
}

fn files(alarm: &str) -> AwsCliJsonSpec {
    AwsCliJsonSpec {
        register_scalable_target: REG.into(),
        put_scaling_policy: vec![TT.into(), STEP.into()],
        put_metric_alarm: vec![alarm.into()],
        put_scheduled_action: vec![],
        cooldown_clock: Default::default(),
    }
}

fn ic_target() -> ScalableTarget {
    ScalableTarget::InferenceComponent { name: IC.into() }
}

fn secs(s: f64) -> Duration {
    Duration::from_secs(s)
}

/// Import the fixtures (with the `alarm` file) after `edit` has changed their JSON.
fn import_edited(
    alarm: &str,
    platform: Option<PlatformKind>,
    edit: impl FnOnce(&mut Value),
) -> Result<Imported, InputError> {
    let mut values = json!({});
    for name in [REG, TT, STEP, alarm] {
        let text = std::fs::read_to_string(ic_dir().join(name)).unwrap();
        values[name] = serde_json::from_str(&text).unwrap();
    }
    edit(&mut values);
    let dir = tempfile::tempdir().unwrap();
    for (name, v) in values.as_object().unwrap() {
        std::fs::write(dir.path().join(name), v.to_string()).unwrap();
    }
    match platform {
        Some(p) => import_for(&files(alarm), dir.path(), p),
        None => import(&files(alarm), dir.path()),
    }
}

/// Spec 6.3 and 6.4 (the guide's alarm) in TOML form.
fn expected_spec() -> AasSpec {
    AasSpec {
        target_tracking: vec![TargetTrackingSpec {
            policy_name: "llama3-8b-ic-target-tracking".into(),
            metric_name: "InvocationsPerCopy".into(),
            statistic: Statistic::Sum,
            target_value: 1.0,
            scale_out_cooldown: secs(300.0),
            scale_in_cooldown: secs(300.0),
            disable_scale_in: false,
            alarm_high: None,
            alarm_low: None,
        }],
        step_scaling: vec![StepScalingSpec {
            policy_name: "llama3-8b-ic-step-scaling".into(),
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: vec![StepSpec {
                metric_interval_lower_bound: Some(0.0),
                metric_interval_upper_bound: None,
                scaling_adjustment: 1,
            }],
            min_adjustment_magnitude: None,
            cooldown: secs(60.0),
            metric_aggregation_type: MetricAggregationType::Maximum,
            alarm: AlarmSpec {
                alarm_name: Some("llama3-8b-ic-no-capacity".into()),
                metric_name: "NoCapacityInvocationFailures".into(),
                statistic: Statistic::Sum,
                period: secs(60.0),
                evaluation_periods: 1,
                datapoints_to_alarm: Some(1),
                threshold: 1.0,
                comparison_operator: ComparisonOperator::GreaterThanThreshold,
                treat_missing_data: TreatMissingData::Missing,
            },
        }],
        imported_target: Some(ImportedTarget {
            file: REG.into(),
            target: ic_target(),
        }),
        ..AasSpec::default()
    }
}

fn validate(spec: &AasSpec, platform: PlatformKind) -> (spec::AasConfig, Vec<String>) {
    let rid = ic_target().resource_id();
    spec::validate(spec, "policy", &rid, platform, 0, 86_400.0).unwrap_or_else(|e| panic!("{e:?}"))
}

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
