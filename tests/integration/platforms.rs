//! Hand-computed timelines of the platforms beyond SageMaker async: refusal and client
//! retries, copies on hosts with a release delay, keep-alive instances (newest idle first,
//! expiry, the cap), and the tick seam used by the Kubernetes autoscalers.

use crate::common::{assert_conservation, by_id, run_collect, scenario, scenario_with};
use crate::hand_computed::Scripted;
use scalesim::metrics::EndpointMetric;
use scalesim::policy::{LiveInput, ScalingAction, ScalingPolicy};
use scalesim::sim::observer::{Collect, Outcome};
use scalesim::sim::Simulation;
use scalesim::time::{SimDuration, SimTime};
use std::sync::{Arc, Mutex};

fn s(t: SimTime) -> f64 {
    t.as_secs_f64()
}

const REALTIME: &str = r#"
horizon = "1h"
[[arrivals]]
kind = "burst"
at = "10s"
count = 1
[service]
kind = "deterministic"
value = "10s"
[platform]
kind = "sagemaker_realtime"
instance_launch = "105s"
instance_release_delay = "10m"
[client]
max_attempts = 3
backoff = "5s"
backoff_multiplier = 2.0
[endpoint]
instance_type = "ml.g5.xlarge"
request_ttl = "60s"
[endpoint.cold_start]
model_load = { kind = "deterministic", value = "100s" }
[capacity]
min = 0
max = 1
"#;

/// At zero copies every attempt is refused: at 10 s, 15 s (backoff 5 s) and 25 s (10 s);
/// the third is the last, so the request is rejected at 25 s.
#[test]
fn refused_attempts_are_retried_with_backoff_then_rejected() {
    let (sum, c) = run_collect(&scenario(REALTIME));
    assert_eq!(sum.no_capacity_failures, 3);
    assert_eq!(sum.retries, 2);
    assert_eq!(sum.requests.rejected, 1);
    assert_eq!(sum.cold_start_waits, 1);
    let r = by_id(&c);
    assert_eq!(r[0].outcome, Outcome::Rejected);
    assert_eq!((s(r[0].arrival), s(r[0].finish)), (10.0, 25.0));
    let m0 = &c.minutes[0];
    assert_eq!(m0.counts.rejected, 3);
    let failures = m0.metrics[EndpointMetric::NoCapacityInvocationFailures.index()].unwrap();
    assert_eq!(failures.sum, 3.0);
    assert!(
        c.minutes[1].metrics[EndpointMetric::InvocationsPerCopy.index()].is_none(),
        "no copy, no InvocationsPerCopy datapoint"
    );
}

/// A copy asked for at 60 s needs a new instance (105 s) and then its own load (100 s):
/// InService at 265 s. The client retries every 30 s, so the attempt at 270 s is served
/// and completes at 280 s. The copy goes at 600 s; its instance is released 10 minutes
/// later, at 1200 s, so 60 s → 1200 s is billed.
#[test]
fn a_copy_waits_for_its_host_and_the_host_is_released_after_the_delay() {
    let sc = scenario_with(
        REALTIME,
        &[
            "client.max_attempts=20",
            "client.backoff=\"30s\"",
            "client.backoff_multiplier=1.0",
            "arrivals[0].at=\"0s\"",
        ],
    );
    let mut c = Collect::default();
    let policy = Box::new(Scripted(vec![(60.0, 1), (600.0, 0)]));
    let sum = Simulation::new(&sc.sim, 1, policy).run(&mut c);
    assert_conservation(&sum);
    let r = by_id(&c);
    assert_eq!(r[0].outcome, Outcome::Completed);
    assert_eq!((s(r[0].start.unwrap()), s(r[0].finish)), (270.0, 280.0));
    assert_eq!(sum.no_capacity_failures, 9, "attempts at 0, 30, ..., 240 s");
    assert!((sum.instance_hours * 3600.0 - 1140.0).abs() < 1e-6);
    let machines: Vec<u32> = c.minutes.iter().map(|m| m.machines).collect();
    assert_eq!(machines[0], 0);
    assert_eq!(machines[1], 1, "the host is launched at 60 s");
    assert_eq!(machines[19], 1, "kept until 1200 s");
    assert_eq!(machines[20], 0);
}

const KEEP_ALIVE: &str = r#"
horizon = "1h"
[[arrivals]]
kind = "burst"
at = "0s"
count = 2
[[arrivals]]
kind = "burst"
at = "50s"
count = 1
[[arrivals]]
kind = "burst"
at = "120s"
count = 1
[service]
kind = "deterministic"
value = "10s"
[platform]
kind = "keep_alive"
keep_alive = "100s"
[endpoint]
instance_type = "function"
price_per_instance_hour = 1.0
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "5s" }
"#;

/// Two requests at 0 s get two new instances (A, B; ready at 5 s, idle from 15 s). The
/// request at 50 s takes the newest idle one (B, freed last), so A expires at 115 s; the
/// one at 120 s finds B still warm (idle since 60 s), and B expires 100 s after 130 s.
#[test]
fn keep_alive_takes_the_newest_idle_instance_and_releases_after_the_keep_alive() {
    let (sum, c) = run_collect(&scenario(KEEP_ALIVE));
    let latencies: Vec<f64> = by_id(&c)
        .iter()
        .map(|r| s(r.finish) - s(r.arrival))
        .collect();
    assert_eq!(latencies, vec![15.0, 15.0, 10.0, 10.0]);
    assert_eq!(sum.cold_starts, 2);
    assert_eq!(sum.cold_start_waits, 2);
    assert_eq!((sum.scale_out_events, sum.scale_in_events), (2, 2));
    // A: 0 → 115 s; B: 0 → 230 s.
    assert!((sum.instance_hours * 3600.0 - 345.0).abs() < 1e-6);
}

/// One instance at most and no keep-alive: a burst of three waits for the single cold
/// start, then runs one after another; the instance goes as soon as it is idle.
#[test]
fn keep_alive_at_its_cap_queues_or_refuses() {
    let text = KEEP_ALIVE.replace("count = 2", "count = 3");
    let queue = scenario_with(
        &text,
        &[
            "platform.max_instances=1",
            "platform.keep_alive=\"0s\"",
            "arrivals[1].at=\"2h\"",
            "arrivals[2].at=\"2h\"",
        ],
    );
    let (sum, c) = run_collect(&queue);
    let finish: Vec<f64> = by_id(&c).iter().map(|r| s(r.finish)).collect();
    assert_eq!(finish, vec![15.0, 25.0, 35.0]);
    assert_eq!(sum.cold_starts, 1);
    assert!((sum.instance_hours * 3600.0 - 35.0).abs() < 1e-6);

    let reject = scenario_with(
        &text,
        &[
            "platform.max_instances=1",
            "platform.at_limit=\"reject\"",
            "arrivals[1].at=\"2h\"",
            "arrivals[2].at=\"2h\"",
        ],
    );
    let (sum, c) = run_collect(&reject);
    assert_eq!(sum.requests.completed, 1);
    assert_eq!(sum.requests.rejected, 2);
    let outcomes: Vec<Outcome> = by_id(&c).iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        vec![Outcome::Completed, Outcome::Rejected, Outcome::Rejected]
    );
}

/// Records what it sees at each tick; asks for one instance when a request finds none.
#[derive(Debug, Default)]
struct Recorder {
    ticks: Arc<Mutex<Vec<LiveInput>>>,
}

impl ScalingPolicy for Recorder {
    fn tick_period(&self) -> Option<SimDuration> {
        Some(SimDuration::from_secs(15))
    }
    fn on_tick(&mut self, input: &LiveInput, _actions: &mut Vec<ScalingAction>) {
        self.ticks.lock().unwrap().push(*input);
    }
    fn on_demand_without_capacity(&mut self, input: &LiveInput, actions: &mut Vec<ScalingAction>) {
        if input.capacity.desired == 0 {
            actions.push(ScalingAction::SetDesired {
                desired: 1,
                cause: "activator".into(),
            });
        }
    }
}

/// A request at 10 s finds no instance: the activator hook launches one at once (cold
/// start 5 s), so it runs 15 s → 25 s. Ticks every 15 s see time averages since the
/// previous tick: in flight 0..15 s → 0; 15..30 s → 10/15; queued 0..15 s → 5/15.
#[test]
fn ticks_see_time_averages_and_the_activator_launches_at_once() {
    let sc = scenario(
        r#"
horizon = "2m"
[[arrivals]]
kind = "burst"
at = "10s"
count = 1
[service]
kind = "deterministic"
value = "10s"
[platform]
kind = "kubernetes"
[endpoint]
instance_type = "pod"
price_per_instance_hour = 1.0
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "5s" }
[capacity]
min = 0
max = 1
"#,
    );
    let recorder = Recorder::default();
    let ticks = recorder.ticks.clone();
    let mut c = Collect::default();
    let sum = Simulation::new(&sc.sim, 1, Box::new(recorder)).run(&mut c);
    assert_conservation(&sum);
    let r = by_id(&c);
    assert_eq!((s(r[0].start.unwrap()), s(r[0].finish)), (15.0, 25.0));
    let ticks = ticks.lock().unwrap();
    let at: Vec<f64> = ticks.iter().map(|t| s(t.now)).collect();
    assert_eq!(
        at,
        vec![15.0, 30.0, 45.0, 60.0, 75.0, 90.0, 105.0, 120.0],
        "the horizon tick too"
    );
    assert!((ticks[0].mean_queued - 5.0 / 15.0).abs() < 1e-9);
    assert_eq!(ticks[0].mean_in_flight, 0.0);
    assert_eq!(ticks[0].arrivals, 1);
    assert_eq!(
        (ticks[0].queued, ticks[0].in_flight),
        (1, 0),
        "the tick at 15 s comes before the instance-ready event at 15 s"
    );
    assert!((ticks[1].mean_in_flight - 10.0 / 15.0).abs() < 1e-9);
    assert_eq!(ticks[1].capacity.in_service, 1);
    assert_eq!(ticks[2].mean_in_flight, 0.0);
}

/// Two requests per instance: of a burst of three, the first launches instance A, the
/// second takes A's other slot while A is still starting, the third launches B. All three
/// wait for a cold start and start at 5 s.
#[test]
fn keep_alive_fills_the_slots_of_a_starting_instance_before_launching_another() {
    let sc = scenario_with(
        KEEP_ALIVE,
        &[
            "arrivals[0].count=3",
            "arrivals[1].at=\"2h\"",
            "arrivals[2].at=\"2h\"",
            "endpoint.max_concurrent_invocations_per_instance=2",
        ],
    );
    let (sum, c) = run_collect(&sc);
    assert_eq!(sum.cold_starts, 2);
    assert_eq!(sum.cold_start_waits, 3);
    let starts: Vec<f64> = by_id(&c).iter().map(|r| s(r.start.unwrap())).collect();
    assert_eq!(starts, vec![5.0, 5.0, 5.0]);
    // Both idle from 15 s, released at 115 s.
    assert!((sum.instance_hours * 3600.0 - 230.0).abs() < 1e-6);
}

/// Two copies on at most two hosts, both busy with 30-minute requests from 5 min. A
/// scheduled action takes copies 2 → 1 at 10 min (one busy copy drains, keeping its host
/// full) and back to 2 at 12 min: no host has room, so the copy waits for the draining one
/// to leave at 35 min, then loads on its host (60 s) and takes the last request at 36 min.
#[test]
fn a_copy_without_room_is_launched_when_a_host_frees_up() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/drain-host.toml"
    ))
    .expect("fixture");
    let (_, c) = run_collect(&scenario(&text));
    let starts: Vec<f64> = by_id(&c)
        .iter()
        .map(|r| s(r.start.unwrap()) / 60.0)
        .collect();
    assert_eq!(starts, vec![5.0, 5.0, 35.0, 36.0]);
    let in_service: Vec<u32> = c.minutes[34..40].iter().map(|m| m.in_service).collect();
    assert_eq!(in_service, vec![1, 1, 2, 2, 2, 2]);
}

/// Policies that cannot work on a platform are refused with what to use instead.
#[test]
fn a_policy_that_cannot_work_on_the_platform_is_an_error() {
    for (overrides, needle) in [
        (
            vec!["policy={kind=\"idle_timeout\"}"],
            "NoCapacityInvocationFailures",
        ),
        (
            vec![
                "platform={kind=\"keep_alive\"}",
                "policy={kind=\"idle_timeout\"}",
            ],
            "keep_alive scales per request",
        ),
        (
            vec!["policy={kind=\"knative\"}"],
            "set [platform] kind = \"kubernetes\"",
        ),
        (
            vec![
                "platform={kind=\"kubernetes\"}",
                "policy={kind=\"keda\", polling_interval=\"1ms\"}",
            ],
            "whole number of seconds",
        ),
    ] {
        let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
        let err = scalesim::scenario::from_text(
            REALTIME,
            std::path::Path::new("p.toml"),
            std::path::Path::new("."),
            &overrides,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(needle), "{overrides:?}: {err}");
    }
}
