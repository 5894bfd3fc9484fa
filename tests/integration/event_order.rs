//! The order of work at one instant, as documented in `sim::event`.

use crate::common::*;
use crate::hand_computed::Scripted;
use scalesim::metrics::EndpointMetric;
use scalesim::sim::observer::Collect;
use scalesim::sim::Simulation;

fn bursts(at: &[&str], horizon: &str) -> String {
    let mut t = format!(
        "horizon = \"{horizon}\"\n[service]\nkind = \"deterministic\"\nvalue = \"5s\"\n\
         [endpoint]\ninstance_type = \"ml.m5.xlarge\"\n[endpoint.cold_start]\n\
         [capacity]\nmin = 0\nmax = 1\n"
    );
    for a in at {
        t.push_str(&format!(
            "[[arrivals]]\nkind = \"burst\"\nat = \"{a}\"\ncount = 1\n"
        ));
    }
    t
}

#[test]
fn an_arrival_on_a_minute_boundary_belongs_to_the_next_minute() {
    let (_, c) = run_collect(&scenario(&bursts(&["60s"], "3m")));
    let arrivals: Vec<u64> = c.minutes.iter().map(|m| m.counts.arrivals).collect();
    assert_eq!(arrivals, vec![0, 1, 0]);
}

#[test]
fn a_sample_sees_the_state_after_events_at_its_instant() {
    // Samples every 10 s at 0, 10, ..., 50; the request arriving at 30 s is seen by the
    // samples at 30, 40 and 50 s: HasBacklogWithoutCapacity averages 3/6.
    let (_, c) = run_collect(&scenario(&bursts(&["30s"], "1m")));
    let m = c.minutes[0].metrics;
    let i = EndpointMetric::ALL
        .iter()
        .position(|&x| x == EndpointMetric::HasBacklogWithoutCapacity)
        .unwrap();
    assert_eq!(m[i].unwrap().average(), 0.5);
}

#[test]
fn the_horizon_is_exclusive() {
    let (sum, _) = run_collect(&scenario(&bursts(&["59.999999s", "60s"], "1m")));
    assert_eq!(sum.requests.arrived, 1);
}

#[test]
fn boundary_work_comes_first_then_queue_events_in_fifo_order() {
    // At exactly 60 s: the minute boundary runs the policy, which launches an instance with
    // a zero cold start (its InstanceReady is queued at 60 s). The arrival at 60 s was
    // queued at time 0, before that InstanceReady, so it is handled first: it finds no
    // instance InService (a cold-start wait) and is queued; then the instance comes up and
    // serves it at once.
    let sc = scenario(&bursts(&["60s"], "5m"));
    let mut c = Collect::default();
    let sum = Simulation::new(&sc.sim, 1, Box::new(Scripted(vec![(60.0, 1)]))).run(&mut c);
    let r = c.requests[0];
    assert!(
        r.cold_wait,
        "arrival handled before the InstanceReady queued after it"
    );
    assert_eq!(
        s(r.start.unwrap()),
        60.0,
        "instance launched at the boundary serves it"
    );
    assert_eq!(sum.queue_wait_s.max, Some(0.0));
    assert_eq!(c.activities[0].start, r.arrival);
}
