//! Tiny scenarios whose every latency and instance-second is computed by hand.

use crate::common::*;
use scalesim::policy::{PolicyInput, ScalingAction, ScalingPolicy};
use scalesim::sim::observer::{ActivityStatus, Collect, Outcome};
use scalesim::sim::summary::RunSummary;
use scalesim::sim::Simulation;

const FIXED_ONE: &str = r#"
horizon = "1h"
[[arrivals]]
kind = "burst"
at = "0s"
count = 3
[service]
kind = "deterministic"
value = "10s"
[endpoint]
instance_type = "ml.m5.xlarge"
[capacity]
initial = 1
min = 1
max = 1
"#;

#[test]
fn one_instance_serves_a_burst_one_after_another() {
    let (sum, c) = run_collect(&scenario(FIXED_ONE));
    let r = by_id(&c);
    let latencies: Vec<f64> = r.iter().map(|r| s(r.finish) - s(r.arrival)).collect();
    assert_eq!(latencies, vec![10.0, 20.0, 30.0]);
    let waits: Vec<f64> = r.iter().map(|r| s(r.start.unwrap())).collect();
    assert_eq!(waits, vec![0.0, 10.0, 20.0]);
    assert_eq!(sum.latency_s.mean, Some(20.0));
    assert_eq!(sum.latency_s.max, Some(30.0));
    // One instance InService from 0 to the 1 h horizon, billed from launch.
    assert_eq!(sum.instance_hours, 1.0);
    assert!((sum.busy_instance_hours - 30.0 / 3600.0).abs() < 1e-12);
    assert!((sum.cost_usd - 0.23).abs() < 1e-12);
    assert_eq!(sum.cold_start_waits, 0);
}

#[test]
fn concurrency_two_runs_two_at_once() {
    let sc = scenario_with(
        FIXED_ONE,
        &["endpoint.max_concurrent_invocations_per_instance=2"],
    );
    let (_, c) = run_collect(&sc);
    let latencies: Vec<f64> = by_id(&c).iter().map(|r| s(r.finish)).collect();
    assert_eq!(latencies, vec![10.0, 10.0, 20.0]);
}

#[test]
fn ttl_expires_a_request_that_waits_too_long() {
    let sc = scenario_with(
        FIXED_ONE,
        &["service.value=\"50s\"", "endpoint.request_ttl=\"60s\""],
    );
    let (sum, c) = run_collect(&sc);
    let r = by_id(&c);
    assert_eq!(r[0].outcome, Outcome::Completed);
    assert_eq!(
        s(r[1].start.unwrap()),
        50.0,
        "starts before its TTL runs out"
    );
    assert_eq!(r[2].outcome, Outcome::Expired);
    assert_eq!(s(r[2].finish), 60.0, "expires at arrival + TTL");
    assert_eq!((sum.requests.completed, sum.requests.expired), (2, 1));
}

#[test]
fn invocation_timeout_fails_at_the_timeout() {
    let sc = scenario_with(
        FIXED_ONE,
        &[
            "service.value=\"20s\"",
            "endpoint.invocation_timeout=\"15s\"",
        ],
    );
    let (sum, c) = run_collect(&sc);
    let r = by_id(&c);
    assert!(r.iter().all(|r| r.outcome == Outcome::Failed));
    let finishes: Vec<f64> = r.iter().map(|r| s(r.finish)).collect();
    assert_eq!(finishes, vec![15.0, 30.0, 45.0]);
    assert_eq!(sum.requests.failed, 3);
    assert_eq!(
        sum.latency_s.mean, None,
        "latency is over completed requests only: none completed, so none"
    );
}

/// Idle endpoint at zero; 5 requests at t = 30 s; idle-timeout policy; 7.5-minute cold start.
///
/// Minute 0 ([0, 60)) has backlog 5 from t = 30 s. Its datapoint is published at 60 + 60 s
/// delay = 120 s, when the policy scales out. The instance is InService at 120 + 450 =
/// 570 s and serves the five 60-second requests one after another: finishes at 630, 690,
/// 750, 810, 870 s. Minute 14 ([840, 900)) still has backlog, minutes 15..19 are idle; the
/// fifth idle minute (19) is published at 19·60 + 60 + 60 = 1260 s and the policy scales
/// in then. Billed from launch: 1260 − 120 = 1140 instance-seconds. (Cold start:
/// 2 min provisioning + 10 GB ÷ 50 MB/s = 200 s image pull + 2 min 10 s model load = 450 s.)
const STORY: &str = r#"
horizon = "1h"
[[arrivals]]
kind = "burst"
at = "30s"
count = 5
[service]
kind = "deterministic"
value = "60s"
[endpoint]
instance_type = "ml.g5.xlarge"
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "2m" }
image_pull = { image_size_gb = 10.0, bandwidth_mb_per_s = 50.0 }
model_load = { kind = "deterministic", value = "2m10s" }
[capacity]
min = 0
max = 1
[metrics]
metric_delay = "60s"
[policy]
kind = "idle_timeout"
idle_timeout = "5m"
active_instances = 1
"#;

#[test]
fn scale_from_zero_timeline_is_exact() {
    let (sum, c) = run_collect(&scenario(STORY));
    let finishes: Vec<f64> = by_id(&c).iter().map(|r| s(r.finish)).collect();
    assert_eq!(finishes, vec![630.0, 690.0, 750.0, 810.0, 870.0]);
    assert_eq!(sum.latency_s.max, Some(840.0));
    assert_eq!(sum.cold_start_waits, 5);
    assert!((sum.instance_hours * 3600.0 - 1140.0).abs() < 1e-6);
    assert!((sum.busy_instance_hours * 3600.0 - 300.0).abs() < 1e-6);
    let acts: Vec<(f64, Option<f64>, u32, u32, ActivityStatus)> = c
        .activities
        .iter()
        .map(|a| (s(a.start), a.end.map(s), a.from, a.to, a.status))
        .collect();
    assert_eq!(
        acts,
        vec![
            (120.0, Some(570.0), 0, 1, ActivityStatus::Successful),
            (1260.0, Some(1260.0), 1, 0, ActivityStatus::Successful)
        ]
    );
    assert_eq!((sum.scale_out_events, sum.scale_in_events), (1, 1));
    // Zero instances from 0 to 120 s and from 1260 s to the 3600 s horizon.
    let zero = (120.0 + 3600.0 - 1260.0) / 3600.0;
    assert!((sum.time_at_zero_fraction - zero).abs() < 1e-12);
}

#[test]
fn bill_from_in_service_excludes_the_cold_start() {
    let sc = scenario_with(STORY, &["endpoint.bill_from=\"in_service\""]);
    let (sum, _) = run_collect(&sc);
    assert!((sum.instance_hours * 3600.0 - (1260.0 - 570.0)).abs() < 1e-6);
}

/// A policy that sets the desired capacity at given times (for engine tests).
#[derive(Debug)]
pub struct Scripted(pub Vec<(f64, u32)>);

impl ScalingPolicy for Scripted {
    fn on_minute(&mut self, input: &PolicyInput<'_>, actions: &mut Vec<ScalingAction>) {
        for &(at, desired) in &self.0 {
            if s(input.now) == at {
                actions.push(ScalingAction::SetDesired {
                    desired,
                    cause: format!("script at {at}s"),
                });
            }
        }
    }
}

const TWO_BUSY: &str = r#"
horizon = "1h"
[[arrivals]]
kind = "burst"
at = "0s"
count = 2
[service]
kind = "deterministic"
value = "10m"
[endpoint]
instance_type = "ml.m5.xlarge"
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "10m" }
[capacity]
initial = 2
min = 0
max = 2
"#;

fn run_script(mode: &str) -> (RunSummary, Collect) {
    let sc = scenario_with(TWO_BUSY, &[&format!("endpoint.scale_in_mode=\"{mode}\"")]);
    let mut c = Collect::default();
    let policy = Box::new(Scripted(vec![(120.0, 0), (180.0, 1)]));
    let sum = Simulation::new(&sc.sim, 1, policy).run(&mut c);
    assert_conservation(&sum);
    (sum, c)
}

/// Two instances each busy with a 10-minute request are scaled in at 120 s, and one
/// instance is asked for at 180 s (cold start 10 min, InService at 780 s).
#[test]
fn drain_finishes_work_before_stopping() {
    let (sum, c) = run_script("drain");
    assert!(by_id(&c).iter().all(|r| s(r.finish) == 600.0));
    // Draining instances: 0..600 each; the new one: 180..3600.
    assert!((sum.instance_hours * 3600.0 - (1200.0 + 3420.0)).abs() < 1e-6);
}

#[test]
fn kill_requeue_puts_work_back_at_the_head() {
    let (sum, c) = run_script("kill_requeue");
    let r = by_id(&c);
    let starts: Vec<f64> = r.iter().map(|r| s(r.start.unwrap())).collect();
    assert_eq!(starts, vec![780.0, 1380.0], "requeued in arrival order");
    assert_eq!(s(r[1].finish), 1980.0);
    // Killed at 120 s: 2 × 120; the new one: 180..3600.
    assert!((sum.instance_hours * 3600.0 - (240.0 + 3420.0)).abs() < 1e-6);
}
