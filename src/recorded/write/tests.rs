//! Tests of writing a simulated run as AWS CLI outputs: shapes, order, paging, timestamps,
//! agreement with the trace and with the scenario's alarms, determinism, refusals.

use super::*;
use crate::aws::alarm::AlarmState;
use crate::scenario::from_text;
use crate::sim::observer::{ActivityStatus, Outcome};
use crate::sim::Simulation;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// AWS's scale-from-zero recipe (target tracking + a step policy on
/// HasBacklogWithoutCapacity) under bursts, with two scheduled actions, short TTL and
/// timeout so that requests also expire and fail.
const SCENARIO: &str = r#"
name = "write-test"
seed = 3
horizon = "6h"

[[arrivals]]
kind = "poisson"
rate_per_s = 0.002

[[arrivals]]
kind = "burst"
at = "50m"
count = 60
every = "2h"

[service]
kind = "lognormal"
mean = "45s"
cv = 0.6

[endpoint]
name = "my-endpoint"
instance_type = "ml.g4dn.xlarge"
request_ttl = "10m"
invocation_timeout = "90s"

[endpoint.cold_start]
provisioning = { kind = "uniform", min = "60s", max = "120s" }
model_load = { kind = "deterministic", value = "60s" }

[capacity]
min = 0
max = 4

[policy]
kind = "application_auto_scaling"

[[policy.target_tracking]]
policy_name = "backlog-target-tracking"
metric_name = "ApproximateBacklogSizePerInstance"
target_value = 5.0
scale_in_cooldown = "600s"
scale_out_cooldown = "300s"

[[policy.step_scaling]]
policy_name = "scale-from-zero"
adjustment_type = "ChangeInCapacity"
metric_aggregation_type = "Average"
cooldown = "300s"
step_adjustments = [{ metric_interval_lower_bound = 0.0, scaling_adjustment = 1 }]

[policy.step_scaling.alarm]
alarm_name = "has-backlog-without-capacity"
metric_name = "HasBacklogWithoutCapacity"
statistic = "Average"
period = "60s"
evaluation_periods = 2
datapoints_to_alarm = 2
threshold = 1.0
comparison_operator = "GreaterThanOrEqualToThreshold"
treat_missing_data = "missing"

[[policy.scheduled_actions]]
scheduled_action_name = "warm-at-three"
schedule = "cron(20 3 * * ? *)"
min_capacity = 2

[[policy.scheduled_actions]]
scheduled_action_name = "cold-at-four"
schedule = "cron(0 4 * * ? *)"
min_capacity = 0
"#;

fn scenario(text: &str, overrides: &[&str]) -> Scenario {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    from_text(text, Path::new("t.toml"), Path::new("."), &overrides).expect("valid scenario")
}

fn run(sc: &Scenario) -> RunTrace {
    let sim = Simulation::new(&sc.sim, sc.seed(), sc.build_policy());
    let mut trace = RunTrace::new(sim.alarm_names(), true);
    sim.run(&mut trace);
    trace
}

/// 2024-01-01T00:00:00Z, the default `start_time`.
const START: UtcMicros = UtcMicros(1_704_067_200_000_000);

struct Written {
    _dir: tempfile::TempDir,
    files: Vec<PathBuf>,
}

impl Written {
    fn names(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    fn path(&self, name: &str) -> &Path {
        self.files
            .iter()
            .find(|f| f.file_name().is_some_and(|n| n == name))
            .unwrap_or_else(|| panic!("{name} not written: {:?}", self.names()))
    }

    fn json(&self, name: &str) -> Value {
        let text = std::fs::read_to_string(self.path(name)).unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The files `<stem>-page-<n>.json`, in page order.
    fn pages(&self, stem: &str) -> Vec<Value> {
        (1..)
            .map(|n| format!("{stem}-page-{n}.json"))
            .take_while(|n| self.files.iter().any(|f| f.ends_with(n)))
            .map(|n| self.json(&n))
            .collect()
    }
}

fn write(sc: &Scenario, trace: &RunTrace, opts: &WriteOptions) -> Written {
    let dir = tempfile::tempdir().unwrap();
    let rec = SimulatedRecord {
        scenario: sc,
        start: START,
        trace,
    };
    let files = write_record(dir.path(), &rec, opts).expect("written");
    Written { _dir: dir, files }
}

fn with_notifications() -> WriteOptions {
    WriteOptions {
        notifications: true,
        ..WriteOptions::default()
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not a list"))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not text: {v}"))
}

/// An ISO timestamp as UTC microseconds.
fn micros(v: &Value) -> i64 {
    match v {
        Value::String(t) => chrono::DateTime::parse_from_rfc3339(t)
            .unwrap_or_else(|e| panic!("{t}: {e}"))
            .timestamp_micros(),
        Value::Number(n) => (n.as_f64().unwrap() * 1e6).round() as i64,
        other => panic!("not a timestamp: {other}"),
    }
}

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

/// Every change of state of every alarm of the trace, oldest first.
fn trace_transitions(trace: &RunTrace) -> Vec<(i64, String, &'static str, &'static str)> {
    let mut out = Vec::new();
    for (i, name) in trace.alarm_names.iter().enumerate() {
        let mut state = AlarmState::InsufficientData;
        for m in &trace.minutes {
            let now = m.alarms[i];
            if now != state {
                let at = START.0 + (m.record.minute as i64 + 1) * 60_000_000;
                out.push((at, name.clone(), state.as_str(), now.as_str()));
                state = now;
            }
        }
    }
    out
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

#[test]
fn activities_are_the_trace_newest_first() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let opts = WriteOptions::default();
    let w = write(&sc, &trace, &opts);
    let doc = w.json("describe-scaling-activities.json");
    let rec = SimulatedRecord {
        scenario: &sc,
        start: START,
        trace: &trace,
    };
    assert_eq!(
        doc,
        scaling_activities(&rec, &opts),
        "the file is scaling_activities()"
    );
    let items = list(&doc, "ScalingActivities");
    let listed: Vec<_> = trace
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::NotScaled || a.from != a.to)
        .collect();
    assert!(listed.len() >= 2, "the scenario should scale");
    assert_eq!(items.len(), listed.len());
    let starts: Vec<i64> = items.iter().map(|a| micros(&a["StartTime"])).collect();
    assert!(starts.windows(2).all(|p| p[0] >= p[1]), "newest first");
    let mut ids: Vec<&str> = items.iter().map(|a| s(a, "ActivityId")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), items.len(), "ids are unique");
    let count = |status: &str| items.iter().filter(|a| a["StatusCode"] == status).count();
    let of = |status: ActivityStatus| listed.iter().filter(|a| a.status == status).count();
    assert_eq!(count("Successful"), of(ActivityStatus::Successful));
    assert_eq!(count("InProgress"), of(ActivityStatus::InProgress));
    assert_eq!(count("Failed"), of(ActivityStatus::NotScaled));
    for a in items {
        assert_eq!(a["ServiceNamespace"], "sagemaker");
        assert_eq!(a["ResourceId"], "endpoint/my-endpoint/variant/AllTraffic");
        let cause = s(a, "Cause");
        assert!(
            cause.starts_with("monitor alarm ") || cause.starts_with("scheduled action name "),
            "{cause}"
        );
        match s(a, "StatusCode") {
            "Failed" => {
                assert_eq!(
                    a["Description"],
                    "Attempting to scale due to alarm triggered"
                );
                let code = s(&a["NotScaledReasons"][0], "Code");
                let codes = [
                    "AlreadyAtMaxCapacity",
                    "AlreadyAtMinCapacity",
                    "AlreadyAtDesiredCapacity",
                    "TargetServicePutResourceAsUnscalable",
                    "AutoScalingAnticipatedFlapping",
                ];
                assert!(codes.contains(&code), "{code}");
                assert!(a["NotScaledReasons"][0]["CurrentCapacity"].is_u64());
            }
            "InProgress" => assert!(a.get("EndTime").is_none()),
            _ => {
                let n = s(a, "Description")
                    .strip_prefix("Setting desired instance count to ")
                    .and_then(|d| d.strip_suffix('.'))
                    .unwrap();
                assert_eq!(
                    s(a, "StatusMessage"),
                    format!(
                        "Successfully set desired instance count to {n}. Change \
                         successfully fulfilled by sagemaker."
                    )
                );
                assert!(micros(&a["EndTime"]) >= micros(&a["StartTime"]));
            }
        }
    }
    assert!(items
        .iter()
        .any(|a| s(a, "Cause").contains("scheduled action name warm-at-three")));
}

/// Each result of a `get-metric-data` output: label → (timestamps, values).
fn results(doc: &Value) -> BTreeMap<String, (Vec<i64>, Vec<f64>)> {
    list(doc, "MetricDataResults")
        .iter()
        .map(|r| {
            let t = list(r, "Timestamps").iter().map(micros).collect();
            let v = list(r, "Values")
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            (s(r, "Label").to_string(), (t, v))
        })
        .collect()
}

#[test]
fn metric_data_is_newest_first_with_only_real_datapoints() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &WriteOptions::default());
    let queries = w.json("get-metric-data-queries.json");
    let queries = queries.as_array().unwrap();
    let data = w.json("get-metric-data.json");
    assert_eq!(keys(&data), ["Messages", "MetricDataResults"]);
    let out = list(&data, "MetricDataResults");
    assert_eq!(queries.len(), out.len());
    for (q, r) in queries.iter().zip(out) {
        assert_eq!(q["Id"], r["Id"]);
        assert_eq!(q["Label"], r["Label"]);
        assert_eq!(r["StatusCode"], "Complete");
        let id = s(q, "Id");
        assert!(id.starts_with(|c: char| c.is_ascii_lowercase()), "{id}");
        let stat = &q["MetricStat"];
        assert_eq!(stat["Period"], 60);
        assert_eq!(stat["Metric"]["Namespace"], "AWS/SageMaker");
        assert_eq!(
            s(q, "Label"),
            format!("{} {}", s(&stat["Metric"], "MetricName"), s(stat, "Stat"))
        );
        assert_eq!(q["ReturnData"], true);
    }
    let results = results(&data);
    for (label, (t, v)) in &results {
        assert_eq!(t.len(), v.len(), "{label}");
        assert!(t.windows(2).all(|p| p[0] > p[1]), "{label}: newest first");
        assert!(
            t.iter().all(|t| (t - START.0) % 60_000_000 == 0),
            "{label}: minute starts"
        );
        if label.ends_with(" Sum") {
            assert!(v.iter().all(|&v| v > 0.0), "{label}: no zero datapoint");
        }
    }
    let minutes = trace.minutes.len();
    assert_eq!(results["ApproximateBacklogSize Average"].0.len(), minutes);
    let total = |f: fn(&crate::metrics::minute::MinuteCounts) -> u64| -> f64 {
        trace
            .minutes
            .iter()
            .map(|m| f(&m.record.counts) as f64)
            .sum()
    };
    let sum = |label: &str| results[label].1.iter().sum::<f64>();
    assert_eq!(sum("InvocationsProcesssed Sum"), total(|c| c.completed));
    assert_eq!(sum("ExpiredRequests Sum"), total(|c| c.expired));
    assert_eq!(sum("InvocationFailures Sum"), total(|c| c.failed));
    assert!(
        total(|c| c.expired) > 0.0 && total(|c| c.failed) > 0.0,
        "the scenario should expire and fail requests"
    );
    let busy = trace
        .minutes
        .iter()
        .filter(|m| m.record.counts.completed > 0)
        .count();
    assert_eq!(results["ModelLatency Average"].0.len(), busy);
    assert_eq!(sum("ModelLatency SampleCount"), total(|c| c.completed));
    // ModelLatency is in microseconds, TotalProcessingTime in milliseconds.
    let m = trace
        .minutes
        .iter()
        .rev()
        .find(|m| m.requests.service.is_some())
        .unwrap();
    let service = m.requests.service.unwrap();
    assert!((results["ModelLatency Maximum"].1[0] - service.maximum * 1e6).abs() < 1e-3);
    let latency = m.requests.latency.unwrap();
    let avg = results["TotalProcessingTime Average"].1[0];
    assert!((avg - latency.average() * 1e3).abs() < 1e-6);
}

#[test]
fn pages_split_every_list_without_losing_or_repeating_anything() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let whole = write(&sc, &trace, &WriteOptions::default());
    let size = 7;
    let paged = write(
        &sc,
        &trace,
        &WriteOptions {
            page_size: Some(size),
            ..WriteOptions::default()
        },
    );
    let pages = paged.pages("get-metric-data");
    let longest = trace.minutes.len();
    assert_eq!(pages.len(), longest.div_ceil(size));
    let mut merged: BTreeMap<String, (Vec<i64>, Vec<f64>)> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        let last = i + 1 == pages.len();
        assert_eq!(page.get("NextToken").is_none(), last, "page {}", i + 1);
        for r in list(page, "MetricDataResults") {
            assert_eq!(
                r["StatusCode"],
                if last { "Complete" } else { "PartialData" }
            );
            assert!(list(r, "Values").len() <= size);
        }
        for (label, (t, v)) in results(page) {
            let e = merged.entry(label).or_default();
            e.0.extend(t);
            e.1.extend(v);
        }
    }
    assert_eq!(merged, results(&whole.json("get-metric-data.json")));

    for (stem, key) in [
        ("describe-scaling-activities", "ScalingActivities"),
        ("describe-alarm-history", "AlarmHistoryItems"),
    ] {
        let all = whole.json(&format!("{stem}.json"));
        let all = list(&all, key);
        let pages = paged.pages(stem);
        assert_eq!(pages.len(), all.len().div_ceil(size).max(1), "{stem}");
        let mut joined = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(page.get("NextToken").is_none(), i + 1 == pages.len());
            assert!(list(page, key).len() <= size);
            joined.extend(list(page, key).iter().cloned());
        }
        assert_eq!(&joined, all, "{stem}");
    }
    assert!(paged
        .names()
        .iter()
        .all(|n| !n.ends_with("get-metric-data.json")));
}

#[test]
fn timestamps_come_in_both_styles() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let iso = write(
        &sc,
        &trace,
        &WriteOptions {
            timestamps: TimestampStyle::Iso8601 {
                offset_minutes: 480,
            },
            ..WriteOptions::default()
        },
    );
    let epoch = write(
        &sc,
        &trace,
        &WriteOptions {
            timestamps: TimestampStyle::EpochSeconds,
            ..WriteOptions::default()
        },
    );
    let ep = iso.json("describe-endpoint.json");
    assert_eq!(ep["CreationTime"], "2023-12-31T08:00:00+08:00");
    let ep = epoch.json("describe-endpoint.json");
    assert_eq!(ep["CreationTime"].as_f64(), Some(1_703_980_800.0));
    for (name, key, field) in [
        (
            "describe-scaling-activities.json",
            "ScalingActivities",
            "StartTime",
        ),
        (
            "describe-alarm-history.json",
            "AlarmHistoryItems",
            "Timestamp",
        ),
    ] {
        let a = iso.json(name);
        let b = epoch.json(name);
        let (a, b) = (list(&a, key), list(&b, key));
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!(s(x, field).ends_with("+08:00"), "{}", x[field]);
            let n = y[field].as_f64().unwrap();
            assert_eq!(((n * 1000.0).round() / 1000.0), n, "3 decimals at most");
            assert!(
                (micros(&x[field]) - micros(&y[field])).abs() <= 500,
                "same instant"
            );
        }
    }
    let data = epoch.json("get-metric-data.json");
    let t = &list(&data, "MetricDataResults")[0]["Timestamps"];
    assert!(t[0].is_f64() || t[0].is_u64());
    // Notifications are always ISO UTC with milliseconds.
    let n = write(
        &sc,
        &trace,
        &WriteOptions {
            timestamps: TimestampStyle::EpochSeconds,
            notifications: true,
            ..WriteOptions::default()
        },
    );
    let text = std::fs::read_to_string(n.path("notifications.jsonl")).unwrap();
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let t = s(&first, "eventTime");
    assert!(
        t.ends_with('Z') && t.len() == "2024-01-01T00:00:00.000Z".len(),
        "{t}"
    );
}

#[test]
fn notifications_are_the_finished_requests_in_order() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &with_notifications());
    let text = std::fs::read_to_string(w.path("notifications.jsonl")).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let requests = trace.requests.as_ref().unwrap();
    let count = |o: Outcome| requests.iter().filter(|r| r.outcome == o).count();
    assert_eq!(
        lines.len(),
        count(Outcome::Completed) + count(Outcome::Failed)
    );
    let failed: Vec<&Value> = lines
        .iter()
        .filter(|n| n["invocationStatus"] == "Failed")
        .collect();
    assert_eq!(failed.len(), count(Outcome::Failed));
    assert!(!failed.is_empty());
    for f in failed {
        assert!(s(f, "failureReason").starts_with("ClientError: "));
        assert!(f.get("responseParameters").is_none());
    }
    let times: Vec<&str> = lines.iter().map(|n| s(n, "eventTime")).collect();
    assert!(
        times.windows(2).all(|p| p[0] <= p[1]),
        "in order of completion"
    );
    let n = &lines[0];
    assert_eq!(n["eventSource"], "aws:sagemaker");
    assert_eq!(n["eventName"], "InferenceResult");
    assert_eq!(n["eventVersion"], "1.0");
    assert_eq!(n["awsRegion"], "us-east-1");
    assert_eq!(n["requestParameters"]["endpointName"], "my-endpoint");
    assert!(s(n, "receivedTime") <= s(n, "eventTime"));
    let done = lines
        .iter()
        .find(|n| n["invocationStatus"] == "Completed")
        .unwrap();
    let out = s(&done["responseParameters"], "outputLocation");
    assert!(out.starts_with("s3://") && out.ends_with(&format!("{}.out", s(done, "inferenceId"))));
}

#[test]
fn notifications_need_the_requests() {
    let sc = scenario(SCENARIO, &["horizon=\"30m\""]);
    let sim = Simulation::new(&sc.sim, 1, sc.build_policy());
    let mut trace = RunTrace::new(sim.alarm_names(), false);
    sim.run(&mut trace);
    let dir = tempfile::tempdir().unwrap();
    let rec = SimulatedRecord {
        scenario: &sc,
        start: START,
        trace: &trace,
    };
    let e = write_record(dir.path(), &rec, &with_notifications()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("notifications"), "{e}");
}

#[test]
fn two_writes_give_identical_bytes() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let opts = WriteOptions {
        page_size: Some(50),
        notifications: true,
        ..WriteOptions::default()
    };
    let a = write(&sc, &trace, &opts);
    let b = write(&sc, &trace, &opts);
    assert_eq!(a.names(), b.names());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
}

#[test]
fn refuses_a_platform_other_than_an_asynchronous_endpoint() {
    let text = "horizon = \"10m\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.5\n\
                [service]\nkind = \"exponential\"\nmean = \"1s\"\n\
                [platform]\nkind = \"keep_alive\"\nkeep_alive = \"600s\"\n";
    let sc = scenario(text, &[]);
    let trace = run(&sc);
    let dir = tempfile::tempdir().unwrap();
    let rec = SimulatedRecord {
        scenario: &sc,
        start: START,
        trace: &trace,
    };
    let e = write_record(&dir.path().join("out"), &rec, &WriteOptions::default()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    assert!(
        e.to_string().contains("keep_alive") && e.to_string().contains("sagemaker_async"),
        "{e}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn a_policy_other_than_application_auto_scaling_leaves_only_the_target() {
    let text = "horizon = \"20m\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 0.5\n\
                [service]\nkind = \"exponential\"\nmean = \"1s\"\n\
                [capacity]\ninitial = 2\nmin = 1\nmax = 3\n";
    let sc = scenario(text, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &WriteOptions::default());
    let names = w.names();
    assert!(names.contains(&"describe-scalable-targets.json".to_string()));
    for absent in [
        "describe-scaling-policies.json",
        "describe-scheduled-actions.json",
        "describe-alarms.json",
        "describe-alarm-history.json",
    ] {
        assert!(!names.contains(&absent.to_string()), "{absent}");
    }
    let t = w.json("describe-scalable-targets.json");
    assert_eq!(list(&t, "ScalableTargets")[0]["MaxCapacity"], 3);
}

#[test]
fn the_readers_recover_what_was_written() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &with_notifications());
    let dir = w.files[0].parent().unwrap();
    let r = crate::recorded::load(dir, &Default::default()).expect("readable");
    assert_eq!(r.endpoint_name.as_deref(), Some("my-endpoint"));
    assert_eq!(r.alarms.len(), 3);
    assert_eq!(r.alarm_history.len(), trace_transitions(&trace).len());
    let listed = trace
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::NotScaled || a.from != a.to)
        .count();
    assert_eq!(r.activities.len(), listed);
    let series = r
        .series("ApproximateBacklogSize", "Average")
        .expect("backlog series");
    assert_eq!(series.points.len(), trace.minutes.len());
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}
