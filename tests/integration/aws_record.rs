//! The round trip that checks `import-aws`, `backtest` and `calibrate` without an AWS
//! account: simulate an endpoint whose hidden settings are known, write what AWS would have
//! recorded of it (`recorded::write`), read that back (`recorded::load`), import it, and
//! calibrate: the settings the record can tell apart must come back as they were, the
//! others must be reported as not settled, and the backtest of the true endpoint must be
//! perfect while a wrong setting scores clearly worse.

use scalesim::backtest;
use scalesim::calibrate::{self, Calibration, Search};
use scalesim::importer::{self, ImportOptions};
use scalesim::recorded::write::{write_record, SimulatedRecord, TimestampStyle, WriteOptions};
use scalesim::recorded::{self, LoadOptions, Recorded};
use scalesim::scenario::{self, Scenario};
use scalesim::sim::trace::RunTrace;
use scalesim::sim::Simulation;
use scalesim::time::parse_duration_secs;
use std::path::Path;

/// The endpoint of `scenarios/aws-export-example-source.toml` (its seed aside).
const TRUTH: &str = r#"
name = "roundtrip-ep"
seed = 5
horizon = "14d"
start_time = "2026-11-02T00:00:00Z"

[[arrivals]]
kind = "schedule"
period = "1d"
steps = [
  { at = "0h", rate_per_s = 0.0 },
  { at = "9h", rate_per_s = 0.08 },
  { at = "9h30m", rate_per_s = 0.0 },
  { at = "14h", rate_per_s = 0.05 },
  { at = "14h20m", rate_per_s = 0.0 },
]

[service]
kind = "lognormal"
mean = "40s"
cv = 0.6

[endpoint]
name = "roundtrip-ep"
instance_type = "ml.g5.xlarge"
max_concurrent_invocations_per_instance = 2

[endpoint.cold_start]
provisioning = { kind = "lognormal", mean = "6m", cv = 0.15 }

[capacity]
min = 0
max = 8

[policy]
kind = "application_auto_scaling"

[[policy.target_tracking]]
policy_name = "backlog-per-instance"
metric_name = "ApproximateBacklogSizePerInstance"
target_value = 1.5
scale_out_cooldown = "300s"
scale_in_cooldown = "600s"

[[policy.step_scaling]]
policy_name = "scale-from-zero"
adjustment_type = "ChangeInCapacity"
cooldown = "300s"
step_adjustments = [{ metric_interval_lower_bound = 0.0, scaling_adjustment = 1 }]

[policy.step_scaling.alarm]
alarm_name = "roundtrip-ep-has-backlog-without-capacity"
metric_name = "HasBacklogWithoutCapacity"
statistic = "Average"
period = "60s"
evaluation_periods = 2
threshold = 1.0
comparison_operator = "GreaterThanOrEqualToThreshold"
"#;

/// The hidden settings of one truth.
struct Truth {
    sample_interval: &'static str,
    metric_delay: &'static str,
    tt_current_capacity: &'static str,
    cooldown_clock: &'static str,
    refuse_while_updating: bool,
    cold_start_mean_s: f64,
}

impl Truth {
    fn overrides(&self) -> Vec<String> {
        vec![
            format!("metrics.sample_interval=\"{}\"", self.sample_interval),
            format!("metrics.metric_delay=\"{}\"", self.metric_delay),
            format!("policy.tt_current_capacity=\"{}\"", self.tt_current_capacity),
            format!("policy.cooldown_clock=\"{}\"", self.cooldown_clock),
            format!("policy.refuse_while_updating={}", self.refuse_while_updating),
            format!(
                "endpoint.cold_start={{ provisioning = {{ kind = \"lognormal\", mean = \"{}s\", cv = 0.15 }} }}",
                self.cold_start_mean_s
            ),
        ]
    }
}

/// The hidden settings of the shipped example (`scenarios/aws-export-example-source.toml`).
const EXAMPLE: Truth = Truth {
    sample_interval: "1m",
    metric_delay: "2m",
    tt_current_capacity: "desired",
    cooldown_clock: "request",
    refuse_while_updating: false,
    cold_start_mean_s: 360.0,
};

fn truth_scenario(dir: &Path, t: &Truth) -> Scenario {
    let path = dir.join("truth.toml");
    std::fs::write(&path, TRUTH).unwrap();
    scenario::load(&path, &t.overrides()).unwrap_or_else(|e| panic!("{e}"))
}

/// Write the record of `sc` (run with its seed) into `dir/record`, as CLI v2 prints it in
/// +08:00 with pages of 1000, and read it back.
fn record(sc: &Scenario, dir: &Path, notifications: bool) -> (Recorded, std::path::PathBuf) {
    let window = backtest::window_of(sc).unwrap();
    let sim = Simulation::new(&sc.sim, sc.seed(), sc.build_policy());
    let mut trace = RunTrace::new(sim.alarm_names(), notifications);
    sim.run(&mut trace);
    let out = dir.join("record");
    let opts = WriteOptions {
        timestamps: TimestampStyle::Iso8601 {
            offset_minutes: 480,
        },
        page_size: Some(1000),
        notifications,
        ..WriteOptions::default()
    };
    let rec = SimulatedRecord {
        scenario: sc,
        start: window.start,
        trace: &trace,
    };
    write_record(&out, &rec, &opts).unwrap();
    let loaded = recorded::load(&out, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    (loaded, out)
}

fn import(rec: &Recorded, dir: &Path) -> Scenario {
    let imported =
        importer::import(rec, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let path = importer::write(&dir.join("imported"), &imported).unwrap();
    scenario::load(&path, &[]).unwrap()
}

/// Simulate the truth `t`, record it (with the notifications or not), import the record
/// and calibrate the imported scenario against it.
fn recover(t: &Truth, notifications: bool) -> (Scenario, Recorded, Calibration) {
    let dir = tempfile::tempdir().unwrap();
    let truth = truth_scenario(dir.path(), t);
    let (rec, _) = record(&truth, dir.path(), notifications);
    let sc = import(&rec, dir.path());
    let c = calibrated(&sc, &rec);
    (sc, rec, c)
}

fn calibrated(sc: &Scenario, rec: &Recorded) -> Calibration {
    calibrate::calibrate(&Search {
        scenario: sc,
        recorded: rec,
        jobs: 2,
        replications: 3,
        progress: false,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn best<'a>(c: &'a Calibration, key: &str) -> (&'a str, bool) {
    let p = c
        .profiles
        .iter()
        .find(|p| p.key == key)
        .unwrap_or_else(|| panic!("no knob {key}"));
    (p.best.trim_matches('"'), p.settled)
}

/// The cold start's mean in a calibrated value `{ provisioning = { ..., mean = "378.785s", ... } }`.
fn cold_mean(c: &Calibration) -> f64 {
    let (v, _) = best(c, "endpoint.cold_start");
    let i = v.find("mean = \"").expect("a mean") + "mean = \"".len();
    let rest = &v[i..];
    rest[..rest.find('s').unwrap()].parse().unwrap()
}

/// Check the recovered settings; `settles` lists the keys this record must settle.
fn check(t: &Truth, c: &Calibration, settles: &[&str]) {
    let expect = [
        ("metrics.sample_interval", t.sample_interval.to_string()),
        ("metrics.metric_delay", t.metric_delay.to_string()),
        (
            "policy.tt_current_capacity",
            t.tt_current_capacity.to_string(),
        ),
        ("policy.cooldown_clock", t.cooldown_clock.to_string()),
        (
            "policy.refuse_while_updating",
            t.refuse_while_updating.to_string(),
        ),
    ];
    for (key, value) in &expect {
        let (got, settled) = best(c, key);
        let same = got == value
            || matches!(
                (parse_duration_secs(got), parse_duration_secs(value)),
                (Ok(a), Ok(b)) if a == b
            );
        if settles.contains(key) {
            assert!(
                settled,
                "{key} should be settled by this record: {:?}",
                c.profiles
            );
            assert!(same, "{key}: calibrated {got}, truth {value}");
        } else if settled {
            assert!(same, "{key} settled on {got}, truth {value}");
        }
        // Not told apart: the default stays, whatever the truth.
    }
    let mean = cold_mean(c);
    let err = (mean - t.cold_start_mean_s).abs() / t.cold_start_mean_s;
    assert!(
        err < 0.15,
        "cold start {mean} s, truth {} s",
        t.cold_start_mean_s
    );
    assert!(
        c.best_score < c.initial_score,
        "{} vs {}",
        c.best_score,
        c.initial_score
    );
}

#[test]
fn calibrate_recovers_the_hidden_settings_of_the_shipped_example() {
    let t = EXAMPLE;
    let (_, _, c) = recover(&t, false);
    check(
        &t,
        &c,
        &[
            "metrics.metric_delay",
            "policy.tt_current_capacity",
            "policy.refuse_while_updating",
        ],
    );
}

#[test]
fn calibrate_recovers_defaults_with_exact_arrivals() {
    let t = Truth {
        sample_interval: "10s",
        metric_delay: "0s",
        tt_current_capacity: "in_service",
        cooldown_clock: "activity_complete",
        refuse_while_updating: false,
        cold_start_mean_s: 240.0,
    };
    // With the notifications the arrivals are the exact trace.
    let (sc, rec, c) = recover(&t, true);
    assert!(!rec.notifications.is_empty());
    assert!(matches!(
        sc.raw.arrivals[0],
        scalesim::workload::ArrivalSpec::Trace(_)
    ));
    check(
        &t,
        &c,
        &["metrics.metric_delay", "policy.refuse_while_updating"],
    );
}

#[test]
fn settings_hidden_behind_refusal_are_reported_as_not_settled() {
    let t = Truth {
        sample_interval: "30s",
        metric_delay: "3m",
        tt_current_capacity: "desired",
        cooldown_clock: "request",
        refuse_while_updating: true,
        cold_start_mean_s: 480.0,
    };
    let (sc, _, c) = recover(&t, false);
    // The record's SampleCount measured the sample interval.
    assert_eq!(sc.raw.metrics.sample_interval.secs(), 30.0);
    check(
        &t,
        &c,
        &["metrics.metric_delay", "policy.refuse_while_updating"],
    );
    // While a change in progress refuses the next one, which capacity target tracking
    // multiplies by and when the cooldown starts make no difference here: the record
    // cannot settle them, and calibrate says so.
    for key in ["policy.tt_current_capacity", "policy.cooldown_clock"] {
        assert!(!best(&c, key).1, "{key} should not be settled");
    }
}

#[test]
fn the_true_endpoint_backtests_perfectly_and_a_wrong_setting_clearly_worse() {
    let dir = tempfile::tempdir().unwrap();
    let t = EXAMPLE;
    let truth = truth_scenario(dir.path(), &t);
    let (rec, _) = record(&truth, dir.path(), false);
    let exact = backtest::run(&truth, &rec, truth.seed()).unwrap();
    let f = &exact.comparison.figures;
    assert_eq!(f.events_matched, f.events_recorded);
    assert_eq!(f.events_simulated, f.events_recorded);
    assert!(f.events_recorded > 10);
    assert_eq!(f.capacity_mae, 0.0);
    assert!(f.score < 1e-9, "{f:?}");
    assert_eq!(f.alarms.as_ref().and_then(|a| a.share), Some(1.0));
    let mut overrides = t.overrides();
    overrides.push("metrics.metric_delay=\"0s\"".into());
    let wrong = scenario::load(&dir.path().join("truth.toml"), &overrides).unwrap();
    let off = backtest::run(&wrong, &rec, wrong.seed()).unwrap();
    let g = &off.comparison.figures;
    assert!(g.score > 0.5, "{g:?}");
    assert!(g.mean_lag_s.unwrap() < -30.0, "decisions come early: {g:?}");
}
