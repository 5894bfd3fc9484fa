//! Unit tests of the Knative Pod Autoscaler: the decider's windows and panic mode, scale to
//! zero through the PodAutoscaler states and the activator.

use super::*;
use crate::error::Issues;
use crate::policy::CapacityView;

/// Pods that are ready as soon as they are desired; ticks every 2 s.
struct Fleet {
    desired: u32,
    min: u32,
    t: u64,
}

impl Fleet {
    fn new(desired: u32) -> Fleet {
        Fleet {
            desired,
            min: 0,
            t: 0,
        }
    }

    /// The next tick with concurrency `conc`; applies and returns the new count.
    fn tick(&mut self, p: &mut KnativePolicy, conc: f64) -> Option<u32> {
        self.t += 2;
        let input = self.input(conc);
        let mut out = Vec::new();
        p.on_tick(&input, &mut out);
        assert!(out.len() <= 1, "{out:?}");
        out.into_iter().next().map(|a| match a {
            ScalingAction::SetDesired { desired, cause } => {
                assert!(cause.starts_with("knative: "), "{cause}");
                self.desired = desired;
                desired
            }
            other => panic!("unexpected {other:?}"),
        })
    }

    fn input(&self, conc: f64) -> LiveInput {
        LiveInput {
            now: SimTime::from_secs(self.t),
            interval: SimDuration::from_secs(2),
            capacity: CapacityView {
                desired: self.desired,
                min: self.min,
                max: 1000,
                in_service: self.desired,
                ..Default::default()
            },
            queued: 0,
            in_flight: conc as u32,
            mean_in_flight: conc,
            mean_queued: 0.0,
            arrivals: 0,
            slots_per_instance: 1,
        }
    }

    /// Ticks until `until_s`, returning `(time, new count)` of every change.
    fn run(&mut self, p: &mut KnativePolicy, until_s: u64, conc: f64) -> Vec<(u64, u32)> {
        let mut changes = Vec::new();
        while self.t < until_s {
            if let Some(n) = self.tick(p, conc) {
                changes.push((self.t, n));
            }
        }
        changes
    }
}

fn spec(text: &str) -> KnativeSpec {
    let s: KnativeSpec = toml::from_str(text).unwrap();
    let issues = Issues::collected_at("policy", |at| s.validate(at));
    assert!(issues.is_empty(), "{issues:?}");
    s
}

#[test]
fn steady_concurrency_gives_ceil_of_value_over_target_times_utilization() {
    // 3.5 in flight, containerConcurrency 1, utilization 0.7 → 3.5 / 0.7 = 5 pods.
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut f = Fleet::new(4);
    let changes = f.run(&mut p, 300, 3.5);
    assert_eq!(changes, [(2, 5)]);
    assert_eq!(f.desired, 5);
}

#[test]
fn panic_on_a_burst_within_one_tick() {
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut f = Fleet::new(1);
    assert_eq!(f.run(&mut p, 100, 0.5), []);
    // Burst of 21 for one tick: the stable window (30 ticks) gives
    // ceil(((29·0.5 + 21)/30)/0.7) = ceil(1.69) = 2, the panic window (3 ticks)
    // ceil(((0.5 + 0.5 + 21)/3)/0.7) = ceil(10.48) = 11 ≥ 2 × 1 ready → panic → 11.
    assert_eq!(f.tick(&mut p, 21.0), Some(11));
    let burst_at = f.t;
    // No scale down while panicking: the panic window holds nothing over the threshold
    // after the burst, but the count stays at 11 until panic ends, strictly after
    // burst + 60 s (the next tick, 62 s later). Then at most halving per tick.
    let changes = f.run(&mut p, burst_at + 80, 0.5);
    assert_eq!(
        changes,
        [(burst_at + 62, 5), (burst_at + 64, 2), (burst_at + 66, 1)]
    );
}

#[test]
fn scale_down_at_most_halves_per_tick_and_starts_in_panic() {
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut f = Fleet::new(10);
    // 10 ready pods at the start: panic mode holding 10 until strictly after 0 + 60 s,
    // i.e. the tick at 62 s; then 10 → floor(10/2) = 5 → 2 → 1.
    let changes = f.run(&mut p, 120, 0.5);
    assert_eq!(changes, [(62, 5), (64, 2), (66, 1)]);
}

#[test]
fn scale_to_zero_after_stable_window_and_grace_without_burst_capacity() {
    let mut p = KnativePolicy::new(&spec("target_burst_capacity = 0.0"));
    let mut f = Fleet::new(1);
    assert_eq!(f.run(&mut p, 100, 0.5), []);
    // Idle from 100 s: the stable average is 0 from 160 s (the last busy tick, ending
    // at 100 s, leaves the 60 s window): the PA goes inactive, the activator enters the
    // path, and the last pod goes after the 30 s grace period.
    assert_eq!(f.run(&mut p, 300, 0.0), [(190, 0)]);
}

#[test]
fn scale_to_zero_fast_path_when_the_activator_is_already_in_the_path() {
    // Default burst capacity 211 > 1 pod × 1: the activator has been in the path all
    // along, so the grace period is over; the pod goes one tick after inactivation.
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut f = Fleet::new(1);
    assert_eq!(f.run(&mut p, 100, 0.5), []);
    assert_eq!(f.run(&mut p, 300, 0.0), [(162, 0)]);
    // The pod retention period still holds the last pod: inactive at 160 s + 60 s.
    let mut p = KnativePolicy::new(&spec("scale_to_zero_pod_retention_period = \"60s\""));
    let mut f = Fleet::new(1);
    assert_eq!(f.run(&mut p, 100, 0.5), []);
    assert_eq!(f.run(&mut p, 300, 0.0), [(220, 0)]);
}

#[test]
fn scale_down_delay_keeps_the_max_of_the_window() {
    let mut p = KnativePolicy::new(&spec("scale_down_delay = \"20s\""));
    let mut f = Fleet::new(1);
    assert_eq!(f.run(&mut p, 100, 0.5), []);
    assert_eq!(f.tick(&mut p, 21.0), Some(11));
    let burst_at = f.t;
    // Panic ends at burst + 62 s, but the delay window still holds 11 recorded up to
    // burst + 60 s; the first count below 11 is allowed 20 s after that.
    let changes = f.run(&mut p, burst_at + 120, 0.5);
    assert_eq!(changes[0], (burst_at + 80, 5));
}

#[test]
fn activator_pokes_at_zero_only() {
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut f = Fleet::new(0);
    let mut out = Vec::new();
    let mut input = f.input(0.0);
    input.interval = SimDuration::ZERO;
    input.queued = 1;
    p.on_demand_without_capacity(&input, &mut out);
    assert!(matches!(
        &out[..],
        [ScalingAction::SetDesired { desired: 1, cause }] if cause.contains("activator")
    ));
    out.clear();
    f.desired = 1;
    let mut input = f.input(0.0);
    input.capacity.in_service = 0;
    p.on_demand_without_capacity(&input, &mut out);
    assert!(out.is_empty(), "a pod is already coming");
}

#[test]
fn activating_with_nothing_to_do_waits_for_the_activation_timeout() {
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut out = Vec::new();
    let f = Fleet::new(0);
    p.on_demand_without_capacity(&f.input(0.0), &mut out);
    // One pod wanted but never ready, no concurrency: no decision until 610 s.
    let mut changes = Vec::new();
    let mut current = 1;
    for t in (2..=700).step_by(2) {
        let mut input = f.input(0.0);
        input.now = SimTime::from_secs(t);
        input.capacity.desired = current;
        out.clear();
        p.on_tick(&input, &mut out);
        if let [ScalingAction::SetDesired { desired, cause }] = &out[..] {
            assert!(cause.contains("activation timed out"), "{cause}");
            current = *desired;
            changes.push((t, *desired));
        }
    }
    assert_eq!(changes, [(612, 0)]);
}

#[test]
fn target_is_container_concurrency_or_capped_annotation() {
    let p = KnativePolicy::new(&KnativeSpec::default());
    assert_eq!(p.targets(1), (1.0, 0.7));
    assert_eq!(p.targets(10), (10.0, 7.0));
    let p = KnativePolicy::new(&spec("target = 4.0\ntarget_utilization = 0.5"));
    assert_eq!(p.targets(10), (4.0, 2.0));
    assert_eq!(p.targets(2), (2.0, 1.0));
}

#[test]
fn min_capacity_blocks_scale_to_zero() {
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut f = Fleet::new(1);
    f.min = 1;
    assert_eq!(f.run(&mut p, 600, 0.0), []);
}

/// Pods with a cold start, as the trace sees them: a pod is ready `cold_s` after it is
/// asked for; scale-in takes pods that are not ready first (as a ReplicaSet does).
/// Ticks every 2 s; `conc` is the concurrency offered (requests in flight or buffered).
struct Cluster {
    t: u64,
    cold_s: u64,
    slots: u32,
    ready_at: Vec<u64>,
}

impl Cluster {
    fn new(cold_s: u64) -> Cluster {
        Cluster {
            t: 0,
            cold_s,
            slots: 2,
            ready_at: Vec::new(),
        }
    }

    fn desired(&self) -> u32 {
        self.ready_at.len() as u32
    }

    fn ready(&self) -> u32 {
        self.ready_at.iter().filter(|&&r| r <= self.t).count() as u32
    }

    fn input(&self, conc: f64, interval_s: u64) -> LiveInput {
        let ready = self.ready();
        let served = conc.min(f64::from(ready * self.slots));
        LiveInput {
            now: SimTime::from_secs(self.t),
            interval: SimDuration::from_secs(interval_s),
            capacity: CapacityView {
                desired: self.desired(),
                min: 0,
                max: 12,
                in_service: ready,
                pending: self.desired() - ready,
                ..Default::default()
            },
            queued: (conc - served).ceil() as u32,
            in_flight: served.ceil() as u32,
            mean_in_flight: served,
            mean_queued: conc - served,
            arrivals: 0,
            slots_per_instance: self.slots,
        }
    }

    fn apply(&mut self, out: Vec<ScalingAction>) -> Option<u32> {
        assert!(out.len() <= 1, "{out:?}");
        let ScalingAction::SetDesired { desired, cause } = out.into_iter().next()? else {
            panic!("unexpected action");
        };
        assert!(cause.starts_with("knative: "), "{cause}");
        let n = desired as usize;
        while self.ready_at.len() < n {
            self.ready_at.push(self.t + self.cold_s);
        }
        // Not-ready pods go first, the newest first.
        self.ready_at.sort_unstable();
        self.ready_at.truncate(n);
        Some(desired)
    }

    /// A request finds no ready pod (the activator).
    fn poke(&mut self, p: &mut KnativePolicy, conc: f64) -> Option<u32> {
        let mut out = Vec::new();
        p.on_demand_without_capacity(&self.input(conc, 0), &mut out);
        self.apply(out)
    }

    fn tick(&mut self, p: &mut KnativePolicy, conc: f64) -> Option<u32> {
        self.t += 2;
        let mut out = Vec::new();
        p.on_tick(&self.input(conc, 2), &mut out);
        self.apply(out)
    }

    /// Ticks until `until_s` with the concurrency `load(t)`, returning every change.
    fn run(
        &mut self,
        p: &mut KnativePolicy,
        until_s: u64,
        load: impl Fn(u64) -> f64,
    ) -> Vec<(u64, u32)> {
        let mut changes = Vec::new();
        while self.t < until_s {
            if let Some(n) = self.tick(p, load(self.t + 2)) {
                changes.push((self.t, n));
            }
        }
        changes
    }
}

#[test]
fn load_after_idle_at_zero_is_averaged_over_the_observed_buckets_only() {
    // Nothing ready and nothing buffered for 10 min: upstream records nothing (the
    // scraper skips a revision without ready pods, the activator reports only
    // revisions with requests), so the windows restart with the first request instead
    // of averaging it with 10 min of zeros nobody observed.
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut c = Cluster::new(300);
    assert_eq!(c.run(&mut p, 600, |_| 0.0), []);
    assert_eq!(c.poke(&mut p, 3.0), Some(1));
    // 3 buffered, target 2 × 0.7: the panic (and stable) value is 3 → ceil(3 / 1.4) = 3
    // at once (the old model saw (0 + 0 + 3) / 3 = 1 in the panic window → 1 pod).
    assert_eq!(c.tick(&mut p, 3.0), Some(3));
    // Without panic the stable window decides: 1 buffered request → 1 pod, and
    // 2 → ceil(2 / 1.4) = 2 pods on the first tick, not after 40 s of dilution.
    let mut p = KnativePolicy::new(&spec("panic_threshold_percentage = 1000.0"));
    let mut c = Cluster::new(300);
    assert_eq!(c.run(&mut p, 600, |_| 0.0), []);
    assert_eq!(c.poke(&mut p, 2.0), Some(1));
    assert_eq!(c.tick(&mut p, 2.0), Some(2));
}

#[test]
fn pending_pods_without_metrics_keep_the_last_decision() {
    // Requests buffered for 30 s while the pods start, then they give up (client
    // timeout); the pods take 700 s. With nothing ready and nothing buffered upstream
    // has no data: the decider keeps its last count (`ScaleValid = false`), so neither
    // the decider nor the activation timeout (610 s) take the pending pods away.
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut c = Cluster::new(700);
    assert_eq!(c.poke(&mut p, 3.0), Some(1));
    let changes = c.run(&mut p, 698, |t| if t <= 30 { 3.0 } else { 0.0 });
    assert_eq!(changes, [(2, 3)]);
    assert_eq!(c.ready(), 0);
    assert_eq!(c.desired(), 3);
    // The pods come up idle: zeros are observed from then on, and the revision scales
    // down and to zero as usual (see the scale-to-zero tests).
    let changes = c.run(&mut p, 1000, |_| 0.0);
    assert_eq!(changes.last().map(|&(_, n)| n), Some(0), "{changes:?}");
}

#[test]
fn loaded_revision_with_pending_pods_is_never_scaled_to_zero_nor_inactive() {
    // The trace's shape: bursts of requests with gaps shorter than the stable window,
    // all pods pending for 300 s (ready = 0) and later only a few ready.
    let load = |t: u64| match t % 50 {
        0..=9 => 8.0,
        10..=19 => 0.5,
        _ => 0.0,
    };
    for cold in [300, 700] {
        let mut p = KnativePolicy::new(&KnativeSpec::default());
        let mut c = Cluster::new(cold);
        assert_eq!(c.poke(&mut p, 8.0), Some(1));
        while c.t < 1500 {
            let n = c.tick(&mut p, load(c.t + 2));
            assert_ne!(n, Some(0), "scaled to zero at {} (cold {cold})", c.t);
            assert!(
                !matches!(p.pa, Some(PaState::Inactive(_))),
                "inactive at {} (cold {cold})",
                c.t
            );
        }
    }
}

#[test]
fn scale_to_zero_takes_a_stable_window_without_requests_even_with_pods_pending() {
    // Trace, 1454-1534 s: 1 pod ready, 11 pending, then no request for 66 s. The
    // stable average is 0 only a full window after the last request; upstream then
    // marks the PA inactive and (the activator already in the path, burst capacity
    // 211) removes every pod at the next reconcile, pending ones included.
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut c = Cluster::new(30);
    assert_eq!(c.poke(&mut p, 1.0), Some(1));
    assert_eq!(c.run(&mut p, 100, |_| 1.0), []);
    c.cold_s = 300;
    let changes = c.run(&mut p, 110, |_| 20.0);
    assert_eq!(changes, [(102, 6), (104, 10), (106, 12)]);
    assert_eq!((c.ready(), c.desired()), (1, 12));
    // The last request ends at 110 s. With 1 pod ready the panic window stays over the
    // threshold until 114 s; panic ends strictly after 114 + 60 s, at 176 s, when the
    // stable window (116-176 s) is all zeros: 0 → the PA goes inactive at 176 s, and
    // every pod goes at 178 s.
    let changes = c.run(&mut p, 200, |_| 0.0);
    assert_eq!(changes, [(178, 0)]);
}

#[test]
fn scale_down_is_bounded_by_half_the_ready_pods_per_tick() {
    // Trace, 1412-1420 s: 12 ready pods, stable ≈ 1.6 → ceil(1.6 / 1.4) = 2, but each
    // decision keeps floor(ready / max_scale_down_rate): 12 → 6 → 3 → 2 at consecutive
    // 2 s ticks, as upstream (the bound is relative to the ready pods at each decision).
    let mut p = KnativePolicy::new(&KnativeSpec::default());
    let mut c = Cluster::new(30);
    assert_eq!(c.poke(&mut p, 40.0), Some(1));
    c.run(&mut p, 40, |_| 40.0);
    assert_eq!((c.ready(), c.desired()), (12, 12));
    // Panic was last extended at 40 s (ceil(40 / 1.4) = 29 ≥ 2 × 12 ready); it ends at
    // 102 s, when the stable window holds only the 1.6 that followed.
    let changes = c.run(&mut p, 200, |_| 1.6);
    assert_eq!(changes, [(102, 6), (104, 3), (106, 2)]);
}

#[test]
fn validate_names_fields() {
    let s: KnativeSpec = toml::from_str(
        "target = 0.0\ntarget_utilization = 1.5\nstable_window = \"2s\"\n\
         panic_window_percentage = 0.0\npanic_threshold_percentage = 100.0\n\
         max_scale_up_rate = 1.0\nmax_scale_down_rate = 0.5\n\
         scale_to_zero_grace_period = \"1s\"\nscale_down_delay = \"2h\"\n\
         tick_interval = \"0s\"\ntarget_burst_capacity = -2.0",
    )
    .unwrap();
    let paths: Vec<String> = Issues::collected_at("policy", |at| s.validate(at))
        .into_iter()
        .map(|i| i.path)
        .collect();
    assert_eq!(
        paths,
        [
            "policy.target",
            "policy.target_utilization",
            "policy.panic_window_percentage",
            "policy.panic_threshold_percentage",
            "policy.max_scale_up_rate",
            "policy.max_scale_down_rate",
            "policy.stable_window",
            "policy.scale_to_zero_grace_period",
            "policy.scale_down_delay",
            "policy.tick_interval",
            "policy.target_burst_capacity",
        ]
    );
    let d: KnativeSpec = toml::from_str("").unwrap();
    assert_eq!(d, KnativeSpec::default());
    let back: KnativeSpec = toml::from_str(&toml::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
    let nan = KnativeSpec {
        max_scale_down_rate: f64::NAN,
        ..Default::default()
    };
    assert_eq!(Issues::collected_at("", |at| nan.validate(at)).len(), 1);
}
