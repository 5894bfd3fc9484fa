//! Alarms carry the settings the simulation evaluated (hidden ones as the scenario set
//! them), and the alarm history is the trace's transitions, newest first.

use super::*;

#[test]
fn alarms_carry_the_settings_the_simulation_evaluated() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &WriteOptions::default());
    let PolicyConfig::ApplicationAutoScaling(aas) = &sc.policy else {
        panic!("an AAS scenario")
    };
    let policies = w.json("describe-scaling-policies.json");
    let arn_of = |name: &str| -> String {
        let p = list(&policies, "ScalingPolicies")
            .iter()
            .find(|p| p["PolicyName"] == name)
            .unwrap();
        s(p, "PolicyARN").to_string()
    };
    let alarms = w.json("describe-alarms.json");
    let alarms = list(&alarms, "MetricAlarms");
    let by_name = |name: &str| alarms.iter().find(|a| a["AlarmName"] == name).unwrap();
    let tt = &aas.target_tracking[0];
    let step = &aas.step[0];
    let expected = [
        (&tt.high, &tt.name, true),
        (tt.low.as_ref().unwrap(), &tt.name, true),
        (&step.alarm, &step.name, false),
    ];
    for (config, policy, hidden) in expected {
        let a = by_name(&config.name);
        assert_eq!(a["Period"], config.period_s);
        assert_eq!(a["EvaluationPeriods"], config.evaluation_periods);
        assert_eq!(a["DatapointsToAlarm"], config.datapoints_to_alarm);
        assert_eq!(a["Threshold"].as_f64(), Some(config.threshold));
        assert_eq!(
            a["ComparisonOperator"],
            serde_json::to_value(config.comparison).unwrap()
        );
        assert_eq!(
            a["Statistic"],
            serde_json::to_value(config.statistic).unwrap()
        );
        assert_eq!(a["TreatMissingData"], "missing");
        assert_eq!(a["Namespace"], "AWS/SageMaker");
        assert_eq!(
            a["Dimensions"],
            serde_json::json!([{ "Name": "EndpointName", "Value": "my-endpoint" }])
        );
        assert_eq!(a["ActionsEnabled"], true);
        assert_eq!(a["AlarmActions"], serde_json::json!([arn_of(policy)]));
        assert_eq!(
            s(a, "AlarmArn"),
            format!(
                "arn:aws:cloudwatch:us-east-1:123456789012:alarm:{}",
                config.name
            )
        );
        let description = a["AlarmDescription"].as_str().unwrap_or("");
        assert_eq!(
            description
                == format!(
                    "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {}.",
                    arn_of(policy)
                ),
            hidden
        );
        // The state at the end of the run, as the trace says.
        let i = trace
            .alarm_names
            .iter()
            .position(|n| *n == config.name)
            .unwrap();
        let state = trace.minutes.last().unwrap().alarms[i];
        assert_eq!(a["StateValue"], state.as_str());
        assert!(a.get("StateUpdatedTimestamp").is_some() && a.get("StateReason").is_some());
    }
    assert_eq!(
        by_name(&tt.high.name)["MetricName"],
        "ApproximateBacklogSizePerInstance"
    );
    assert_eq!(by_name(&tt.high.name)["Threshold"].as_f64(), Some(5.0));
    assert_eq!(by_name(&tt.high.name)["EvaluationPeriods"], 3);
    assert_eq!(
        by_name(&tt.low.as_ref().unwrap().name)["EvaluationPeriods"],
        15
    );
    assert_eq!(
        by_name(&step.alarm.name)["MetricName"],
        "HasBacklogWithoutCapacity"
    );
}

#[test]
fn hidden_alarms_set_in_the_scenario_are_written_as_set() {
    let text = SCENARIO.replace(
        "scale_out_cooldown = \"300s\"\n",
        "scale_out_cooldown = \"300s\"\n\
         alarm_high = { evaluation_periods = 5, datapoints_to_alarm = 4, period = \"120s\", \
         threshold = 6.5 }\n\
         alarm_low = { alarm_name = \"my-low\", evaluation_periods = 10, threshold = 2.0 }\n",
    );
    let sc = scenario(&text, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &WriteOptions::default());
    let alarms = w.json("describe-alarms.json");
    let alarms = list(&alarms, "MetricAlarms");
    let high = alarms
        .iter()
        .find(|a| s(a, "AlarmName").contains("-AlarmHigh-"))
        .unwrap();
    assert_eq!(
        (
            &high["Period"],
            &high["EvaluationPeriods"],
            &high["DatapointsToAlarm"]
        ),
        (
            &serde_json::json!(120),
            &serde_json::json!(5),
            &serde_json::json!(4)
        )
    );
    assert_eq!(high["Threshold"].as_f64(), Some(6.5));
    let low = alarms.iter().find(|a| a["AlarmName"] == "my-low").unwrap();
    assert_eq!(low["EvaluationPeriods"], 10);
    assert_eq!(low["DatapointsToAlarm"], 10);
    assert_eq!(low["Threshold"].as_f64(), Some(2.0));
    assert_eq!(low["ComparisonOperator"], "LessThanThreshold");
    let policies = w.json("describe-scaling-policies.json");
    let tt = &list(&policies, "ScalingPolicies")[0];
    assert_eq!(list(tt, "Alarms")[1]["AlarmName"], "my-low");
    let history = w.json("describe-alarm-history.json");
    let items = list(&history, "AlarmHistoryItems");
    assert_eq!(
        history_transitions(items).len(),
        trace_transitions(&trace).len()
    );
}

fn history_transitions(items: &[Value]) -> Vec<(i64, String, &'static str, &'static str)> {
    let state = |v: &Value| match v["stateValue"].as_str().unwrap() {
        "OK" => AlarmState::Ok,
        "ALARM" => AlarmState::Alarm,
        _ => AlarmState::InsufficientData,
    };
    items
        .iter()
        .map(|h| {
            assert_eq!(h["AlarmType"], "MetricAlarm");
            assert_eq!(h["HistoryItemType"], "StateUpdate");
            let data: Value = serde_json::from_str(s(h, "HistoryData")).unwrap();
            assert_eq!(data["version"], "1.0");
            let (from, to) = (state(&data["oldState"]), state(&data["newState"]));
            assert_eq!(
                s(h, "HistorySummary"),
                format!("Alarm updated from {} to {}", from.as_str(), to.as_str())
            );
            (
                micros(&h["Timestamp"]),
                s(h, "AlarmName").to_string(),
                from.as_str(),
                to.as_str(),
            )
        })
        .collect()
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

#[test]
fn alarm_history_is_the_trace_newest_first() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &WriteOptions::default());
    let doc = w.json("describe-alarm-history.json");
    let items = list(&doc, "AlarmHistoryItems");
    let written = history_transitions(items);
    let expected = trace_transitions(&trace);
    assert!(
        expected.iter().any(|t| t.3 == "ALARM"),
        "the scenario should raise an alarm"
    );
    assert!(written.windows(2).all(|p| p[0].0 >= p[1].0), "newest first");
    assert_eq!(sorted(written.clone()), sorted(expected));
    // The reasons count the datapoints the alarm saw: an ALARM has at least M breaching.
    for h in items {
        let data: Value = serde_json::from_str(s(h, "HistoryData")).unwrap();
        let reason = data["newState"]["stateReason"].as_str().unwrap();
        match data["newState"]["stateValue"].as_str().unwrap() {
            "INSUFFICIENT_DATA" => assert!(reason.starts_with("Insufficient Data: "), "{reason}"),
            _ => assert!(reason.starts_with("Threshold Crossed: "), "{reason}"),
        }
    }
}
