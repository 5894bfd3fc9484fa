//! Exporting: the files are valid AWS CLI JSON that imports back to the same spec, for the
//! fixtures and for a spec using every field, and the README lists the commands in order.

use super::*;

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
