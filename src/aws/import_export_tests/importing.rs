//! Importing: the fixtures give the documented recipe, and every cross-file mistake,
//! unknown field, syntax error and unsimulated setting is reported with its file and path.

use super::*;

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
