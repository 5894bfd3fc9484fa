//! Tests of `import` and `export` (spec 2.7, 3.11, 5): the fixtures in `tests/fixtures/aws`
//! (the SageMaker asynchronous-endpoint recipe) import to the expected [`AasSpec`], exports
//! validate and round-trip, and every cross-file mistake is reported with its file and path.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::*;
use crate::aws::cli_alarm::PutMetricAlarm;
use crate::aws::cli_json::{PutScalingPolicy, PutScheduledAction, RegisterScalableTarget};
use crate::aws::cli_json_tests::norm;
use crate::aws::export::{export, readme, ExportFile, ScalableTarget, POLICY_ID_PLACEHOLDER};
use crate::aws::metric::{ComparisonOperator, TreatMissingData};
use crate::aws::spec::{self, ScheduledActionSpec, StepScalingSpec, StepSpec, TargetTrackingSpec};
use crate::aws::step::{AdjustmentType, MetricAggregationType};
use crate::metrics::Statistic;

const REG: &str = "01-register-scalable-target.json";
const TT: &str = "02-put-scaling-policy-backlog-tt.json";
const STEP: &str = "03-put-scaling-policy-scale-from-zero.json";
const ALARM: &str = "04-put-metric-alarm-has-backlog-without-capacity.json";
const WARM: &str = "05-put-scheduled-action-weekday-warm.json";
const COLD: &str = "06-put-scheduled-action-weekday-cold.json";

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws")
}

fn fixture_files() -> AwsCliJsonSpec {
    let s = |v: &[&str]| v.iter().map(|f| f.to_string()).collect();
    AwsCliJsonSpec {
        register_scalable_target: REG.into(),
        put_scaling_policy: s(&[TT, STEP]),
        put_metric_alarm: s(&[ALARM]),
        put_scheduled_action: s(&[WARM, COLD]),
        cooldown_clock: CooldownClock::default(),
    }
}

/// Import the fixtures after `edit` has changed their JSON (by file name) or the file list.
fn import_edited(
    edit: impl FnOnce(&mut Value, &mut AwsCliJsonSpec),
) -> Result<Imported, InputError> {
    let mut files = fixture_files();
    let mut values = json!({});
    for name in [REG, TT, STEP, ALARM, WARM, COLD] {
        let text = std::fs::read_to_string(fixture_dir().join(name)).unwrap();
        values[name] = serde_json::from_str(&text).unwrap();
    }
    edit(&mut values, &mut files);
    let texts: Vec<(String, String)> = values
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect();
    import_texts(&texts, &files)
}

fn import_texts(
    texts: &[(String, String)],
    files: &AwsCliJsonSpec,
) -> Result<Imported, InputError> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in texts {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    import(files, dir.path())
}

/// The file and `path: message` issues of an `Invalid` error.
pub(crate) fn invalid(r: Result<Imported, InputError>) -> (String, Vec<String>) {
    match r {
        Err(InputError::Invalid { file, issues }) => {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            (name, issues.iter().map(|i| i.to_string()).collect())
        }
        other => panic!("expected InputError::Invalid, got {other:?}"),
    }
}

/// Assert that one of `found` contains `needle`.
pub(crate) fn has(found: &[String], needle: &str) {
    assert!(
        found.iter().any(|s| s.contains(needle)),
        "no {needle:?} in {found:#?}"
    );
}

fn secs(s: f64) -> Duration {
    Duration::from_secs(s)
}

fn variant(endpoint: &str, variant: &str) -> ScalableTarget {
    ScalableTarget::Variant {
        endpoint: endpoint.into(),
        variant: variant.into(),
    }
}

/// `spec` as imported from `file` for `target`.
fn imported_from(mut spec: AasSpec, file: &str, target: ScalableTarget) -> AasSpec {
    spec.imported_target = Some(ImportedTarget {
        file: file.into(),
        target,
    });
    spec
}

/// What the fixtures say, in TOML form.
fn expected_spec() -> AasSpec {
    let scheduled = |name: &str, cron: &str, min| ScheduledActionSpec {
        scheduled_action_name: name.into(),
        schedule: cron.into(),
        start_time: None,
        end_time: None,
        min_capacity: Some(min),
        max_capacity: None,
    };
    AasSpec {
        cooldown_clock: CooldownClock::ActivityComplete,
        suspended_state: SuspendedSpec::default(),
        target_tracking: vec![TargetTrackingSpec {
            policy_name: "Invocations-ScalingPolicy".into(),
            metric_name: "ApproximateBacklogSizePerInstance".into(),
            statistic: Statistic::Average,
            target_value: 5.0,
            scale_out_cooldown: secs(300.0),
            scale_in_cooldown: secs(600.0),
            disable_scale_in: false,
            alarm_high: None,
            alarm_low: None,
        }],
        step_scaling: vec![StepScalingSpec {
            policy_name: "HasBacklogWithoutCapacity-ScalingPolicy".into(),
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: vec![StepSpec {
                metric_interval_lower_bound: Some(0.0),
                metric_interval_upper_bound: None,
                scaling_adjustment: 1,
            }],
            min_adjustment_magnitude: None,
            cooldown: secs(300.0),
            metric_aggregation_type: MetricAggregationType::Average,
            alarm: AlarmSpec {
                alarm_name: Some("my-endpoint-HasBacklogWithoutCapacity".into()),
                metric_name: "HasBacklogWithoutCapacity".into(),
                statistic: Statistic::Average,
                period: secs(60.0),
                evaluation_periods: 2,
                datapoints_to_alarm: Some(2),
                threshold: 1.0,
                comparison_operator: ComparisonOperator::GreaterThanOrEqualToThreshold,
                treat_missing_data: TreatMissingData::Missing,
            },
        }],
        scheduled_actions: vec![
            scheduled("weekday-warm", "cron(0 8 ? * MON-FRI *)", 1),
            scheduled("weekday-cold", "cron(0 18 ? * MON-FRI *)", 0),
        ],
        ..AasSpec::default()
    }
}

#[test]
fn fixtures_import_to_the_documented_recipe() {
    let imp = import(&fixture_files(), &fixture_dir()).unwrap();
    assert_eq!((imp.min_capacity, imp.max_capacity), (0, 5));
    assert_eq!(
        (imp.endpoint_name.as_str(), imp.variant_name.as_str()),
        ("my-endpoint", "AllTraffic")
    );
    assert_eq!(imp.target, variant("my-endpoint", "AllTraffic"));
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    let target = variant("my-endpoint", "AllTraffic");
    assert_eq!(imp.spec, imported_from(expected_spec(), REG, target));
    // The simulator accepts it as it stands (2026-01-05 is a Monday).
    let rid = "endpoint/my-endpoint/variant/AllTraffic";
    let (cfg, warnings) = spec::validate(
        &imp.spec,
        "policy",
        rid,
        PlatformKind::SagemakerAsync,
        1_767_571_200,
        7.0 * 86_400.0,
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        (
            cfg.target_tracking.len(),
            cfg.step.len(),
            cfg.scheduled.len()
        ),
        (1, 1, 2)
    );
}

/// Write `files` to a temporary folder and import them, listed by command.
fn import_export(files: &[ExportFile], clock: CooldownClock) -> Imported {
    let mut spec = AwsCliJsonSpec {
        register_scalable_target: String::new(),
        put_scaling_policy: vec![],
        put_metric_alarm: vec![],
        put_scheduled_action: vec![],
        cooldown_clock: clock,
    };
    for f in files {
        let list = match f.aws_command.split(' ').nth(2) {
            Some("register-scalable-target") => {
                spec.register_scalable_target = f.name.clone();
                continue;
            }
            Some("put-scaling-policy") => &mut spec.put_scaling_policy,
            Some("put-metric-alarm") => &mut spec.put_metric_alarm,
            Some("put-scheduled-action") => &mut spec.put_scheduled_action,
            other => panic!("unexpected command {other:?}"),
        };
        list.push(f.name.clone());
    }
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.name.clone(), f.json.clone()))
        .collect();
    import_texts(&texts, &spec).unwrap()
}

/// Every exported request parses as its AWS shape and passes its own `validate()`.
fn assert_valid(files: &[ExportFile]) {
    for f in files {
        assert!(f.json.ends_with("}\n"), "{}", f.name);
        assert!(f
            .aws_command
            .ends_with(&format!("--cli-input-json file://{}", f.name)));
        let issues = match f.aws_command.split(' ').nth(2).unwrap() {
            "register-scalable-target" => parse_json::<RegisterScalableTarget>(&f.json)
                .unwrap()
                .validate(),
            "put-scaling-policy" => parse_json::<PutScalingPolicy>(&f.json).unwrap().validate(),
            "put-metric-alarm" => parse_json::<PutMetricAlarm>(&f.json).unwrap().validate(),
            "put-scheduled-action" => parse_json::<PutScheduledAction>(&f.json)
                .unwrap()
                .validate(),
            other => panic!("unexpected command {other}"),
        };
        assert!(issues.is_empty(), "{}: {issues:?}", f.name);
    }
}

#[test]
fn export_of_the_fixtures_is_valid_aws_json_and_round_trips() {
    let imp = import(&fixture_files(), &fixture_dir()).unwrap();
    let target = variant("my-endpoint", "AllTraffic");
    let files = export(&imp.spec, &target, 0, 5, "eu-west-1", "111122223333");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "01-register-scalable-target.json",
            "02-put-scaling-policy-Invocations-ScalingPolicy.json",
            "03-put-scaling-policy-HasBacklogWithoutCapacity-ScalingPolicy.json",
            "04-put-metric-alarm-my-endpoint-HasBacklogWithoutCapacity.json",
            "05-put-scheduled-action-weekday-warm.json",
            "06-put-scheduled-action-weekday-cold.json",
        ]
    );
    assert_eq!(
        files[3].aws_command,
        "aws cloudwatch put-metric-alarm --cli-input-json file://04-put-metric-alarm-my-endpoint-HasBacklogWithoutCapacity.json"
    );
    assert_valid(&files);
    // The requests are the fixtures' (the alarm differs only in description and ARN).
    let same = |exported: &ExportFile, fixture: &str| {
        let read = |t: &str| serde_json::from_str::<Value>(t).unwrap();
        let mut fix = read(&std::fs::read_to_string(fixture_dir().join(fixture)).unwrap());
        let mut exp = read(&exported.json);
        for v in [&mut fix, &mut exp] {
            if let Some(o) = v.as_object_mut() {
                o.remove("AlarmDescription");
                o.remove("AlarmActions");
            }
        }
        // Numbers compare as doubles (the fixture writes 0 where serde writes 0.0).
        assert_eq!(norm(fix), norm(exp), "{fixture}");
    };
    for (f, fixture) in files.iter().zip([REG, TT, STEP, ALARM, WARM, COLD]) {
        same(f, fixture);
    }
    let arn = "arn:aws:autoscaling:eu-west-1:111122223333:scalingPolicy:<POLICY-ID>:resource/sagemaker/endpoint/my-endpoint/variant/AllTraffic:policyName/HasBacklogWithoutCapacity-ScalingPolicy";
    assert!(files[3].json.contains(arn), "{}", files[3].json);
    let back = import_export(&files, CooldownClock::ActivityComplete);
    let files_reg = files[0].name.clone();
    assert_eq!(
        back,
        Imported {
            warnings: vec![],
            spec: imported_from(imp.spec.clone(), &files_reg, target),
            ..imp
        }
    );
}

#[test]
fn a_spec_using_every_field_round_trips() {
    let mut spec = expected_spec();
    spec.cooldown_clock = CooldownClock::Request;
    spec.suspended_state.scheduled_scaling_suspended = true;
    let tt = &mut spec.target_tracking[0];
    (tt.statistic, tt.disable_scale_in, tt.scale_out_cooldown) =
        (Statistic::Maximum, true, secs(60.0));
    let mut second = spec.target_tracking[0].clone();
    (second.policy_name, second.metric_name) =
        ("age".into(), "ApproximateAgeOfOldestRequest".into());
    spec.target_tracking.push(second);
    let sp = &mut spec.step_scaling[0];
    sp.adjustment_type = AdjustmentType::PercentChangeInCapacity;
    sp.min_adjustment_magnitude = Some(2);
    sp.metric_aggregation_type = MetricAggregationType::Maximum;
    sp.cooldown = secs(0.0);
    sp.step_adjustments = vec![
        StepSpec {
            metric_interval_lower_bound: Some(0.0),
            metric_interval_upper_bound: Some(10.5),
            scaling_adjustment: 50,
        },
        StepSpec {
            metric_interval_lower_bound: Some(10.5),
            metric_interval_upper_bound: None,
            scaling_adjustment: 200,
        },
    ];
    let a = &mut sp.alarm;
    (a.datapoints_to_alarm, a.period, a.treat_missing_data) =
        (None, secs(120.0), TreatMissingData::NotBreaching);
    (a.statistic, a.threshold) = (Statistic::Maximum, 0.5);
    let s = &mut spec.scheduled_actions[0];
    s.schedule = "at(2026-03-02T06:00:00)".into();
    (s.start_time, s.end_time) = (
        Some("2026-03-01T00:00:00Z".into()),
        Some("2026-04-01T00:00:00Z".into()),
    );
    s.max_capacity = Some(3);
    let files = export(
        &spec,
        &variant("ep", "v1"),
        1,
        12,
        "us-east-1",
        "123456789012",
    );
    assert_valid(&files);
    let back = import_export(&files, CooldownClock::Request);
    assert_eq!((back.min_capacity, back.max_capacity), (1, 12));
    assert_eq!(
        (back.endpoint_name.as_str(), back.variant_name.as_str()),
        ("ep", "v1")
    );
    assert_eq!(
        back.spec.imported_target.unwrap().target,
        variant("ep", "v1")
    );
    assert_eq!(
        AasSpec {
            imported_target: None,
            ..back.spec
        },
        spec
    );
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}

#[test]
fn unnamed_alarms_and_predefined_metrics_export_as_aws_expects() {
    let mut spec = expected_spec();
    spec.step_scaling[0].alarm.alarm_name = None;
    spec.target_tracking[0].metric_name = "SageMakerVariantInvocationsPerInstance".into();
    let target = variant("my-endpoint", "AllTraffic");
    let files = export(&spec, &target, 0, 5, "us-east-1", "123456789012");
    assert_valid(&files);
    assert!(files[1]
        .json
        .contains("\"PredefinedMetricType\": \"SageMakerVariantInvocationsPerInstance\""));
    assert_eq!(
        files[3].name,
        "04-put-metric-alarm-HasBacklogWithoutCapacity-ScalingPolicy-alarm.json"
    );
    let back = import_export(&files, CooldownClock::ActivityComplete);
    assert_eq!(back.spec.target_tracking, spec.target_tracking);
    assert_eq!(
        back.spec.step_scaling[0].alarm.alarm_name.as_deref(),
        Some("HasBacklogWithoutCapacity-ScalingPolicy-alarm")
    );
}

#[test]
fn readme_lists_the_commands_in_order_and_explains_the_policy_arn() {
    let imp = import(&fixture_files(), &fixture_dir()).unwrap();
    let target = variant("my-endpoint", "AllTraffic");
    let files = export(&imp.spec, &target, 0, 5, "us-east-1", "123456789012");
    let text = readme(&files, "scale-from-zero");
    assert!(text.starts_with("# AWS CLI setup for scenario `scale-from-zero`"));
    let mut at = 0;
    for (i, f) in files.iter().enumerate() {
        let line = format!("{}. `{}`", i + 1, f.aws_command);
        let pos = text
            .find(&line)
            .unwrap_or_else(|| panic!("{line:?} missing from\n{text}"));
        assert!(pos > at, "commands out of order");
        at = pos;
    }
    assert!(text.contains(POLICY_ID_PLACEHOLDER) && text.contains("PolicyARN"));
    assert!(text.contains(
        "`04-put-metric-alarm-my-endpoint-HasBacklogWithoutCapacity.json`: the `PolicyARN` returned by `03-put-scaling-policy-HasBacklogWithoutCapacity-ScalingPolicy.json`"
    ), "{text}");
    let no_alarms = readme(&files[..2], "tt");
    assert!(!no_alarms.contains(POLICY_ID_PLACEHOLDER));
}

#[test]
fn alarm_invoking_an_unknown_policy_is_reported_in_the_alarm_file() {
    let (file, issues) = invalid(import_edited(|v, f| {
        let mut extra = v[ALARM].clone();
        let arn = extra["AlarmActions"][0]
            .as_str()
            .unwrap()
            .replace("HasBacklogWithoutCapacity-ScalingPolicy", "typo");
        extra["AlarmActions"] = json!(["arn:aws:sns:us-east-1:123456789012:ops", arn]);
        v["07-alarm.json"] = extra;
        f.put_metric_alarm.push("07-alarm.json".into());
    }));
    assert_eq!(file, "07-alarm.json");
    has(
        &issues,
        "AlarmActions[1]: invokes policy \"typo\", which no put_scaling_policy file defines",
    );
    has(
        &issues,
        "(step policies: HasBacklogWithoutCapacity-ScalingPolicy)",
    );
}

#[test]
fn step_policy_without_alarm_names_the_arn_to_reference() {
    let (file, issues) = invalid(import_edited(|_, f| f.put_metric_alarm.clear()));
    assert_eq!(file, STEP);
    has(
        &issues,
        "PolicyName: step policy \"HasBacklogWithoutCapacity-ScalingPolicy\" has no alarm",
    );
    has(
        &issues,
        "AlarmActions lists its ARN (…:policyName/HasBacklogWithoutCapacity-ScalingPolicy)",
    );
    // Two alarms for one policy are one too many.
    let (file, issues) = invalid(import_edited(|v, f| {
        let mut twin = v[ALARM].clone();
        twin["AlarmName"] = json!("twin");
        v["07-twin.json"] = twin;
        f.put_metric_alarm.push("07-twin.json".into());
    }));
    assert_eq!(file, STEP);
    has(
        &issues,
        &format!("is invoked by 2 alarms ({ALARM}, 07-twin.json)"),
    );
}

#[test]
fn requests_for_another_target_are_reported_naming_both() {
    let (file, issues) = invalid(import_edited(|v, _| {
        v[TT]["ResourceId"] = json!("endpoint/other/variant/AllTraffic")
    }));
    assert_eq!(file, TT);
    has(&issues, "ResourceId: \"endpoint/other/variant/AllTraffic\" differs from the scalable target's \"endpoint/my-endpoint/variant/AllTraffic\"");
    let (file, issues) = invalid(import_edited(|v, _| {
        let arn = v[ALARM]["AlarmActions"][0]
            .as_str()
            .unwrap()
            .replace("my-endpoint/", "other/");
        v[ALARM]["AlarmActions"] = json!([arn]);
    }));
    assert_eq!(file, ALARM);
    has(
        &issues,
        "AlarmActions[0]: names a policy of \"sagemaker/endpoint/other/variant/AllTraffic\"",
    );
    let (file, issues) = invalid(import_edited(|v, _| {
        v[REG]["ScalableDimension"] = json!("sagemaker:variant:DesiredProvisionedConcurrency")
    }));
    assert_eq!(file, REG);
    has(
        &issues,
        "ScalableDimension: scalesim simulates SageMaker endpoint variants",
    );
    has(&issues, "and inference components");
}

#[test]
fn unknown_fields_and_syntax_errors_carry_line_and_column() {
    let r = import_edited(|v, _| {
        v[TT]["TargetTrackingScalingPolicyConfiguration"]["TargetValu"] = json!(5)
    });
    let Err(InputError::Syntax { file, message, .. }) = r else {
        panic!("{r:?}")
    };
    assert!(file.ends_with(TT));
    assert!(message.contains("unknown field `TargetValu`"), "{message}");
    assert!(!message.contains(" at line "), "{message}");
    let text = "{\n  \"ServiceNamespace\": \"sagemaker\"\n  \"ResourceId\": \"x\"\n}\n".to_string();
    let r = import_texts(&[(REG.into(), text)], &fixture_files());
    let Err(
        e @ InputError::Syntax {
            line: 3, column: 3, ..
        },
    ) = r
    else {
        panic!("{r:?}")
    };
    assert!(
        e.to_string()
            .contains("01-register-scalable-target.json:3:3: expected `,` or `}`"),
        "{e}"
    );
    let empty = tempfile::tempdir().unwrap();
    let r = import(&fixture_files(), &empty.path().join("missing"));
    assert!(matches!(r, Err(InputError::Read { .. })), "{r:?}");
}

#[test]
fn predefined_invocation_metric_is_kept_with_a_warning() {
    let imp = import_edited(|v, _| {
        let c = &mut v[TT]["TargetTrackingScalingPolicyConfiguration"];
        c.as_object_mut()
            .unwrap()
            .remove("CustomizedMetricSpecification");
        c["PredefinedMetricSpecification"] =
            json!({"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"});
    })
    .unwrap();
    assert_eq!(
        imp.spec.target_tracking[0].metric_name,
        "SageMakerVariantInvocationsPerInstance"
    );
    assert_eq!(imp.warnings.len(), 1, "{:?}", imp.warnings);
    has(&imp.warnings, "02-put-scaling-policy-backlog-tt.json: TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType: asynchronous endpoints do not publish SageMakerVariantInvocationsPerInstance");
}

#[test]
fn what_scalesim_does_not_simulate_is_reported() {
    let (file, issues) = invalid(import_edited(|v, _| {
        let c =
            &mut v[TT]["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"];
        *c = json!({"Metrics": [{"Id": "m1", "Expression": "FILL(m2, REPEAT)", "ReturnData": true}]});
    }));
    assert_eq!(file, TT);
    has(
        &issues,
        "CustomizedMetricSpecification.Metrics: metric math is not simulated",
    );
    let (file, issues) = invalid(import_edited(|v, _| {
        (v[ALARM]["Namespace"], v[ALARM]["Period"]) = (json!("Custom"), json!(30));
        v[ALARM]["Dimensions"][0]["Name"] = json!("VariantName");
    }));
    assert_eq!(file, ALARM);
    has(&issues, "Namespace: must be AWS/SageMaker");
    has(
        &issues,
        "Dimensions: must be [{\"Name\": \"EndpointName\", \"Value\": \"my-endpoint\"}], the dimension of the asynchronous endpoint's metrics",
    );
    has(&issues, "Period: 30 is not simulated");
    let (file, issues) = invalid(import_edited(|v, _| {
        v[WARM]["Timezone"] = json!("Europe/Berlin")
    }));
    assert_eq!(file, WARM);
    has(
        &issues,
        "Timezone: \"Europe/Berlin\" is not supported: scalesim evaluates schedules in UTC",
    );
    let (file, issues) = invalid(import_edited(|v, _| {
        let step_arn = v[ALARM]["AlarmActions"][0].as_str().unwrap().to_string();
        let tt_arn = step_arn.replace(
            "HasBacklogWithoutCapacity-ScalingPolicy",
            "Invocations-ScalingPolicy",
        );
        v[ALARM]["AlarmActions"] = json!([step_arn, tt_arn]);
    }));
    assert_eq!(file, ALARM);
    has(
        &issues,
        "AlarmActions[1]: invokes target tracking policy \"Invocations-ScalingPolicy\"",
    );
}

#[test]
fn disabled_alarm_actions_and_epoch_times_are_handled() {
    let imp = import_edited(|v, _| {
        v[ALARM]["ActionsEnabled"] = json!(false);
        (v[WARM]["StartTime"], v[WARM]["EndTime"]) =
            (json!(1_767_571_200), json!("2026-02-01T00:00:00Z"));
        v[REG]["SuspendedState"] = json!({"DynamicScalingInSuspended": true});
    })
    .unwrap();
    assert_eq!(imp.spec.step_scaling, expected_spec().step_scaling);
    has(
        &imp.warnings,
        "04-put-metric-alarm-has-backlog-without-capacity.json: ActionsEnabled is false",
    );
    let s = &imp.spec.scheduled_actions[0];
    assert_eq!(s.start_time.as_deref(), Some("2026-01-05T00:00:00Z"));
    assert_eq!(s.end_time.as_deref(), Some("2026-02-01T00:00:00Z"));
    assert!(imp.spec.suspended_state.dynamic_scaling_in_suspended);
    assert!(!imp.spec.suspended_state.dynamic_scaling_out_suspended);
}
