//! The warm-up: a scenario's `warmup` leaves the start of the run out of every statistic.
//! Requests count by arrival time; cost, instance-hours, time at zero and fleet events count
//! from the warm-up end; the observer sees nothing from before it. Every figure here is
//! computed by hand.

use crate::common::*;
use scalesim::sim::observer::ActivityStatus;

/// Scale to zero with a 7.5-minute cold start and a burst of five 60-second requests every
/// 30 minutes, at 30 s and 1830 s (the timeline of `hand_computed::STORY`, twice).
///
/// Cycle 1: minute 0's backlog is published at 120 s and the policy launches an instance;
/// it is InService at 570 s and finishes the five requests at 630, 690, 750, 810, 870 s;
/// the fifth idle minute is published at 1260 s, when it scales in. Cycle 2 is the same
/// 1800 s later: launch at 1920 s, InService at 2370 s, finishes at 2430..2670 s (latencies
/// 600, 660, 720, 780, 840 s), scale-in at 3060 s.
const TWO_CYCLES: &str = r#"
horizon = "1h"
[[arrivals]]
kind = "burst"
at = "30s"
count = 5
every = "30m"
[service]
kind = "deterministic"
value = "60s"
[endpoint]
instance_type = "ml.g5.xlarge"
price_per_instance_hour = 1.2
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
fn without_warmup_both_cycles_count() {
    let (sum, c) = run_collect(&scenario(TWO_CYCLES));
    let finishes: Vec<f64> = by_id(&c).iter().map(|r| s(r.finish)).collect();
    assert_eq!(
        finishes,
        vec![630.0, 690.0, 750.0, 810.0, 870.0, 2430.0, 2490.0, 2550.0, 2610.0, 2670.0]
    );
    assert_eq!(sum.warmup_s, 0.0);
    assert_eq!((sum.requests.arrived, sum.cold_starts), (10, 2));
    assert_eq!(sum.cold_start_waits, 10);
    assert!((sum.instance_hours * 3600.0 - 2.0 * 1140.0).abs() < 1e-6);
}

#[test]
fn a_ten_minute_warmup_leaves_out_the_first_cold_start_and_its_requests() {
    let sc = scenario_with(TWO_CYCLES, &["warmup=\"10m\""]);
    let (sum, c) = run_collect(&sc);
    assert_eq!(sum.warmup_s, 600.0);
    // The first burst arrived at 30 s, before the warm-up end (600 s): it is counted
    // nowhere, although it finishes after it. The second burst is.
    let r = &sum.requests;
    assert_eq!(
        (r.arrived, r.completed, r.expired, r.in_system_at_end),
        (5, 5, 0, 0)
    );
    assert_eq!(sum.cold_start_waits, 5);
    assert_eq!(sum.latency_s.mean, Some(720.0));
    assert_eq!(sum.latency_s.p50, Some(720.0));
    assert_eq!(sum.latency_s.p99, Some(840.0));
    assert_eq!(sum.latency_s.max, Some(840.0));
    assert_eq!(sum.latency_s.quantile_relative_error, 0.0);
    // The first cold start (launched at 120 s) and scale-out are in the warm-up; both
    // scale-ins (1260 s, 3060 s) and the second scale-out (1920 s) are after it.
    assert_eq!(sum.cold_starts, 1);
    assert_eq!((sum.scale_out_events, sum.scale_in_events), (1, 2));
    // Billed from the warm-up end: [600, 1260) + [1920, 3060) = 660 + 1140 s.
    assert!((sum.instance_hours * 3600.0 - 1800.0).abs() < 1e-6);
    assert!((sum.cost_usd - 0.5 * 1.2).abs() < 1e-9);
    // Busy: [600, 870) + [2370, 2670) = 270 + 300 s.
    assert!((sum.busy_instance_hours * 3600.0 - 570.0).abs() < 1e-6);
    // Of the 3000 s measured, at zero [1260, 1920) and [3060, 3600): 1200 s.
    assert!((sum.time_at_zero_fraction - 0.4).abs() < 1e-12);
    assert!((sum.mean_instances - 0.6).abs() < 1e-12);
    // The observer saw only what came after the warm-up.
    let ids: Vec<u64> = by_id(&c).iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![5, 6, 7, 8, 9]);
    let acts: Vec<(f64, ActivityStatus)> = c
        .activities
        .iter()
        .map(|a| (s(a.start), a.status))
        .collect();
    assert_eq!(
        acts,
        vec![
            (1260.0, ActivityStatus::Successful),
            (1920.0, ActivityStatus::Successful),
            (3060.0, ActivityStatus::Successful)
        ]
    );
    assert_eq!(c.minutes.len(), 50);
    assert_eq!(c.minutes[0].minute, 10);
    // The cumulative cost starts at the warm-up end: minute 10 holds 60 billed seconds.
    assert!((c.minutes[0].cost_usd - 60.0 / 3600.0 * 1.2).abs() < 1e-12);
    assert!((c.minutes[49].cost_usd - sum.cost_usd).abs() < 1e-12);
    let arrivals: u64 = c.minutes.iter().map(|m| m.counts.arrivals).sum();
    assert_eq!(arrivals, 5);
}

#[test]
fn a_request_arriving_at_the_warmup_end_counts() {
    // Bursts at 60 s and 1860 s: a 1-minute warm-up ends on the first one, which counts
    // (the warm-up end is the first measured instant); a 2-minute one leaves it out.
    let at = |warmup: &str| {
        let sc = scenario_with(
            TWO_CYCLES,
            &["arrivals[0].at=\"60s\"", &format!("warmup=\"{warmup}\"")],
        );
        run_collect(&sc).0
    };
    assert_eq!(at("1m").requests.arrived, 10);
    assert_eq!(at("2m").requests.arrived, 5);
    let none = run_collect(&scenario_with(TWO_CYCLES, &["warmup=\"59m\""])).0;
    assert_eq!(none.requests.arrived, 0);
    assert_eq!(none.latency_s.p99, None, "no request completed");
}
