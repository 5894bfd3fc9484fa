//! Tests of writing a simulated run as AWS CLI outputs, one module per concern: shapes,
//! alarms, activities and metrics, paging and timestamps, notifications, determinism and
//! refusals. This module holds the scenario and the helpers they share.

mod activities_and_metrics;
mod alarms;
mod determinism_and_refusals;
mod notifications;
mod paging_and_timestamps;
mod shapes;

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
