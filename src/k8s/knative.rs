//! The Knative Pod Autoscaler (KPA), with scale to zero and the activator.
//!
//! Owns [`KnativeSpec`] (the `[policy] kind = "knative"` section) and [`KnativePolicy`]:
//! the decider (stable and panic windows), the PodAutoscaler's Active / Activating /
//! Inactive state, the ServerlessService's proxy mode (activator in the request path) and
//! the scale-to-zero rule.
//!
//! # The decider, every `tick_interval`
//!
//! Following `Scale` in
//! <https://github.com/knative/serving/blob/main/pkg/autoscaler/scaling/autoscaler.go>:
//! observed concurrency is `mean_in_flight + mean_queued` of each tick (requests buffered
//! by the activator count). A tick is an observation only when upstream would have
//! recorded one: a pod is ready (the scraper skips a revision without ready pods) or
//! requests are in flight or buffered (the activator reports only revisions with requests);
//! otherwise nothing is recorded. The stable value is the time average of the observations
//! over `stable_window`, the panic value over `stable_window × panic_window_percentage /
//! 100`, each kept like `TimedFloat64Buckets` (`aggregation/bucketing.go`): averaged from
//! the first observation to the latest one within the window, gaps in between counting as
//! 0, and restarted by an observation after a whole window without any (so after an idle
//! spell at zero pods the first requests are not diluted by zeros nobody observed). With
//! no observation in the stable window the decider has no data (`ErrNoData`): it decides
//! nothing and its last count stands. With `ready = max(1, ready pods)` and the target
//! `tv = max(0.01, target × target_utilization)`:
//!
//! * `dspc = ceil(stable / tv)`, `dppc = ceil(panic / tv)`, each clamped to
//!   `[floor(ready / max_scale_down_rate), ceil(max_scale_up_rate × ready)]`;
//! * panic starts (or is extended, `panicTime = now`) when `dppc / ready ≥
//!   panic_threshold_percentage / 100` (unclamped `dppc`), and ends when it is not and
//!   `panicTime + stable_window` is strictly before now;
//! * panicking: desired = `max(stable, panic)`, never below the highest desired of this
//!   panic (`maxPanicPods`); otherwise desired = the stable count;
//! * `scale_down_delay > 0`: desired = the maximum desired over the last
//!   `scale_down_delay` (`max.TimeWindow`);
//! * excess burst capacity `floor(ready pods × target − target_burst_capacity − panic)`
//!   (0 when the burst capacity is 0, −1 when it is −1).
//!
//! At the first tick the KPA starts in panic when more than one pod is ready, holding
//! that count (`newAutoscaler`: "we always start in the panic mode").
//!
//! # Scale to zero
//!
//! Following `handleScaleToZero` in
//! <https://github.com/knative/serving/blob/main/pkg/reconciler/autoscaling/kpa/scaler.go>
//! and `computeActiveCondition` / the SKS mode in `kpa.go` (same folder): the decider's
//! count is first bounded to `[capacity.min, capacity.max]`; when it is 0:
//!
//! * PA Active (a pod ready and wanted) for at least `stable_window`: do not scale, mark
//!   the PA Inactive now (the activator goes into the path: SKS proxy mode);
//!   Active for less: scale to 1 for the rest of the window.
//! * PA Inactive: scale to 0 when it has been inactive for `max(grace, retention)`
//!   (`scale_to_zero_grace_period`, `scale_to_zero_pod_retention_period`); otherwise, if
//!   the retention period has not passed, wait; otherwise scale to 0 as soon as the SKS
//!   has been in proxy mode for the grace period ("fast path").
//!   The SKS is in proxy mode when the KPA wants 0 or the excess burst capacity is
//!   negative — with the default `target_burst_capacity` 211 that is almost always, so
//!   the grace period is usually already over when the PA goes inactive and the last pod
//!   goes one tick later. With `target_burst_capacity = 0` the activator only enters the
//!   path at inactivation and the rule is: 0 after `stable_window` of zero concurrency,
//!   then `max(grace, retention)`.
//! * PA Activating (wanted, not ready): 0 only after the activation timeout (progress
//!   deadline 600 s + 10 s); otherwise no decision. Before any decision (no data yet) an
//!   Activating PA is handled as a count of `capacity.min`, like `applyBounds(min, max, -1)`.
//!
//! A revision with requests in flight or buffered has a positive stable value, hence a
//! count of at least 1: it is never marked inactive nor scaled to zero. A scale to zero
//! needs a whole `stable_window` without any request (and no panic), pending pods or not.
//!
//! The activator: a request arriving with no pod InService at 0 replicas pokes the KPA,
//! which scales to 1 at once ([`ScalingPolicy::on_demand_without_capacity`], cause
//! `knative: activator`).
//!
//! Defaults are Knative's `config-autoscaler`: `container-concurrency-target-percentage`
//! 70, `stable-window` 60 s, `panic-window-percentage` 10, `panic-threshold-percentage`
//! 200, `max-scale-up-rate` 1000, `max-scale-down-rate` 2, `scale-to-zero-grace-period`
//! 30 s, `scale-to-zero-pod-retention-period` 0 s, `scale-down-delay` 0 s,
//! `target-burst-capacity` 211, decider tick 2 s. The target per pod, as in
//! `ResolveMetricTarget`, is `containerConcurrency` (= the instance's slots, always set
//! here), or `target` capped at it when given.
//!
//! # Simplified
//!
//! Concurrency only (no RPS metric); the metric buckets are the ticks (upstream: 1 s
//! scrapes of the pods, bucketed per second); the scaler reconciles at every decider tick
//! rather than on decider changes and re-enqueue timers, so state changes land on tick
//! boundaries; networking is instantaneous (the activator probe succeeds as soon as the SKS
//! is in proxy mode); no initial scale, activation scale or min-scale-dependent activation
//! threshold beyond `max(1, capacity.min)`; the metric values are not rounded to 6 digits;
//! once the latest observation leaves the stable window there is no data (upstream's 1 s
//! buckets give one more evaluation at 0 exactly a window after it).

use super::{ceil_count, check_duration, check_number, field_path, is_multiple, num, reading};
use crate::error::Issue;
use crate::policy::{LiveInput, ScalingAction, ScalingPolicy};
use crate::time::{Duration, SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Smallest target per pod (`autoscaling.TargetMin`).
const TARGET_MIN: f64 = 0.01;
/// Progress deadline (600 s) plus Knative's 10 s activation timeout buffer.
const ACTIVATION_TIMEOUT: SimDuration = SimDuration::from_secs(610);

fn d(s: f64) -> Duration {
    Duration::from_secs(s)
}
fn default_utilization() -> f64 {
    0.7
}
fn default_stable_window() -> Duration {
    d(60.0)
}
fn default_panic_window_percentage() -> f64 {
    10.0
}
fn default_panic_threshold_percentage() -> f64 {
    200.0
}
fn default_max_scale_up_rate() -> f64 {
    1000.0
}
fn default_max_scale_down_rate() -> f64 {
    2.0
}
fn default_grace() -> Duration {
    d(30.0)
}
fn zero_s() -> Duration {
    d(0.0)
}
fn default_tick() -> Duration {
    d(2.0)
}
fn default_tbc() -> f64 {
    211.0
}

/// `[policy] kind = "knative"`: the Knative Pod Autoscaler on concurrency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnativeSpec {
    /// Soft concurrency target per pod (`autoscaling.knative.dev/target`); capped at the
    /// instance's slots (`containerConcurrency`). Default: the slots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Fraction of the target to aim at (`container-concurrency-target-percentage` / 100;
    /// default 0.7; more than 0, at most 1).
    #[serde(default = "default_utilization")]
    pub target_utilization: f64,
    /// Window of the stable average (default "60s"; 6s to 1h).
    #[serde(default = "default_stable_window")]
    pub stable_window: Duration,
    /// Panic window as a percentage of the stable window (default 10; 1 to 100).
    #[serde(default = "default_panic_window_percentage")]
    pub panic_window_percentage: f64,
    /// Panic when the panic-window count reaches this percentage of the ready pods
    /// (default 200; 110 to 1000).
    #[serde(default = "default_panic_threshold_percentage")]
    pub panic_threshold_percentage: f64,
    /// At most this many times the ready pods per decision (default 1000; more than 1).
    #[serde(default = "default_max_scale_up_rate")]
    pub max_scale_up_rate: f64,
    /// At least the ready pods divided by this per decision (default 2; more than 1).
    #[serde(default = "default_max_scale_down_rate")]
    pub max_scale_down_rate: f64,
    /// Longest wait for the activator before removing the last pod (default "30s"; 6s to
    /// 1h).
    #[serde(default = "default_grace")]
    pub scale_to_zero_grace_period: Duration,
    /// Least time the last pod stays after the PA goes inactive (default "0s"; 0s to 1h).
    #[serde(default = "zero_s")]
    pub scale_to_zero_pod_retention_period: Duration,
    /// Scale down to the maximum desired count over this window (default "0s"; 0s to 1h).
    #[serde(default = "zero_s")]
    pub scale_down_delay: Duration,
    /// Time between decisions (default "2s"; more than 0s, at most the stable window).
    #[serde(default = "default_tick")]
    pub tick_interval: Duration,
    /// Spare concurrency to keep before taking the activator out of the path (default 211;
    /// 0 = only at zero pods, −1 = always in the path).
    #[serde(default = "default_tbc")]
    pub target_burst_capacity: f64,
}

impl Default for KnativeSpec {
    fn default() -> Self {
        KnativeSpec {
            target: None,
            target_utilization: default_utilization(),
            stable_window: default_stable_window(),
            panic_window_percentage: default_panic_window_percentage(),
            panic_threshold_percentage: default_panic_threshold_percentage(),
            max_scale_up_rate: default_max_scale_up_rate(),
            max_scale_down_rate: default_max_scale_down_rate(),
            scale_to_zero_grace_period: default_grace(),
            scale_to_zero_pod_retention_period: zero_s(),
            scale_down_delay: zero_s(),
            tick_interval: default_tick(),
            target_burst_capacity: default_tbc(),
        }
    }
}

/// A numeric field: name, value, what is allowed (as a test and in words).
type NumberRule = (&'static str, f64, fn(f64) -> bool, &'static str);

impl KnativeSpec {
    /// Every problem, named by its dotted path under `path` (normally `policy`).
    pub fn validate(&self, path: &str) -> Vec<Issue> {
        let mut issues = Vec::new();
        let p = |f: &str| field_path(path, f);
        if let Some(t) = self.target {
            let allowed = "allowed 0.01 or more (requests per pod)";
            check_number(&mut issues, p("target"), t, |x| x >= TARGET_MIN, allowed);
        }
        for (f, x, ok, allowed) in self.numbers() {
            check_number(&mut issues, p(f), x, ok, allowed);
        }
        for (f, d, min_s, max_s) in self.durations() {
            check_duration(&mut issues, p(f), d, min_s, max_s);
        }
        let max_tick = self.stable_window.secs().clamp(0.0, 3600.0);
        super::check_period(
            &mut issues,
            p("tick_interval"),
            self.tick_interval,
            max_tick,
        );
        let tbc = self.target_burst_capacity;
        let allowed = "allowed -1 (activator always in the path) or 0 or more";
        check_number(
            &mut issues,
            p("target_burst_capacity"),
            tbc,
            |x| x == -1.0 || x >= 0.0,
            allowed,
        );
        issues
    }

    /// The numeric fields with their rules (Knative's `config-autoscaler` validation).
    fn numbers(&self) -> [NumberRule; 5] {
        [
            (
                "target_utilization",
                self.target_utilization,
                |x| x > 0.0 && x <= 1.0,
                "allowed more than 0, at most 1 (e.g. 0.7)",
            ),
            (
                "panic_window_percentage",
                self.panic_window_percentage,
                |x| (1.0..=100.0).contains(&x),
                "allowed 1 to 100",
            ),
            (
                "panic_threshold_percentage",
                self.panic_threshold_percentage,
                |x| (110.0..=1000.0).contains(&x),
                "allowed 110 to 1000",
            ),
            (
                "max_scale_up_rate",
                self.max_scale_up_rate,
                |x| x > 1.0,
                "allowed more than 1",
            ),
            (
                "max_scale_down_rate",
                self.max_scale_down_rate,
                |x| x > 1.0,
                "allowed more than 1",
            ),
        ]
    }

    /// The duration fields with their ranges in seconds.
    fn durations(&self) -> [(&'static str, Duration, f64, f64); 4] {
        [
            ("stable_window", self.stable_window, 6.0, 3600.0),
            (
                "scale_to_zero_grace_period",
                self.scale_to_zero_grace_period,
                6.0,
                3600.0,
            ),
            (
                "scale_to_zero_pod_retention_period",
                self.scale_to_zero_pod_retention_period,
                0.0,
                3600.0,
            ),
            ("scale_down_delay", self.scale_down_delay, 0.0, 3600.0),
        ]
    }
}

/// The PodAutoscaler's `Active` condition, with when it last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PaState {
    /// Active=Unknown: wanted but no pod ready yet.
    Activating(SimTime),
    /// Active=True.
    Active(SimTime),
    /// Active=False.
    Inactive(SimTime),
}

/// One tick's observed concurrency.
#[derive(Debug, Clone, Copy)]
struct Sample {
    end: SimTime,
    span: SimDuration,
    value: f64,
}

impl Sample {
    fn start(&self) -> u64 {
        self.end.0.saturating_sub(self.span.0)
    }
}

/// The observations of one window, like upstream's `TimedFloat64Buckets`: averaged from the
/// first observation (`firstWrite`) to the latest (`lastWrite`) within the window, gaps in
/// between counting as 0; restarted when an observation follows a whole window without any.
#[derive(Debug)]
struct Window {
    length: SimDuration,
    samples: VecDeque<Sample>,
    /// Start of the first observation since the last restart.
    first: Option<SimTime>,
    /// End of the latest observation.
    last: Option<SimTime>,
}

impl Window {
    fn new(length: SimDuration) -> Window {
        Window {
            length,
            samples: VecDeque::new(),
            first: None,
            last: None,
        }
    }

    /// Record an observation (samples arrive in time order).
    fn record(&mut self, s: Sample) {
        let start = s.start();
        let restart = self
            .last
            .is_some_and(|last| start.saturating_sub(last.0) >= self.length.0);
        if restart {
            self.samples.clear();
            self.first = None;
        }
        self.first.get_or_insert(SimTime(start));
        self.last = Some(s.end);
        self.samples.push_back(s);
        while let Some(f) = self.samples.front() {
            if f.end.0.saturating_add(self.length.0) <= s.end.0 {
                self.samples.pop_front();
            } else {
                break;
            }
        }
    }

    /// `WindowAverage`: the time average from `max(now − length, first)` to the latest
    /// observation; `None` when nothing was observed within the window (`IsEmpty`).
    fn average(&self, now: SimTime) -> Option<f64> {
        let (first, last) = (self.first?, self.last?);
        let from = now.0.saturating_sub(self.length.0).max(first.0);
        let to = last.0.min(now.0);
        if to <= from {
            return None;
        }
        let weighted: f64 = self
            .samples
            .iter()
            .map(|s| {
                let part = s.end.0.min(to).saturating_sub(s.start().max(from));
                s.value * part as f64
            })
            .sum();
        Some(weighted / (to - from) as f64)
    }
}

/// What the decider said at a tick.
#[derive(Debug, Clone, Copy)]
struct Decision {
    desired: u32,
    stable: f64,
    panic: f64,
    panicking: bool,
    excess_burst_capacity: f64,
}

/// The decider's window settings.
#[derive(Debug, Clone, Copy)]
struct Windows {
    stable: SimDuration,
    delay: SimDuration,
}

/// The Knative Pod Autoscaler as a [`ScalingPolicy`]: ticks every `tick_interval`.
#[derive(Debug)]
pub struct KnativePolicy {
    target: Option<f64>,
    utilization: f64,
    panic_threshold: f64,
    max_up: f64,
    max_down: f64,
    grace: SimDuration,
    retention: SimDuration,
    tick: SimDuration,
    burst: f64,
    windows: Windows,
    stable: Window,
    panic: Window,
    /// The decider's latest valid decision (`Decider.Status`); `None` before any data.
    last: Option<Decision>,
    delayed: VecDeque<(SimTime, u32)>,
    panic_time: Option<SimTime>,
    max_panic_pods: u32,
    pa: Option<PaState>,
    proxy_since: Option<SimTime>,
}

impl KnativePolicy {
    /// The KPA from a validated spec (the target per pod is resolved at each tick from
    /// `slots_per_instance`).
    pub fn new(spec: &KnativeSpec) -> KnativePolicy {
        let stable = spec.stable_window.to_sim();
        let panic_s = spec.stable_window.secs() * spec.panic_window_percentage / 100.0;
        KnativePolicy {
            target: spec.target,
            utilization: spec.target_utilization,
            panic_threshold: spec.panic_threshold_percentage / 100.0,
            max_up: spec.max_scale_up_rate,
            max_down: spec.max_scale_down_rate,
            grace: spec.scale_to_zero_grace_period.to_sim(),
            retention: spec.scale_to_zero_pod_retention_period.to_sim(),
            tick: SimDuration(spec.tick_interval.to_sim().0.max(1)),
            burst: spec.target_burst_capacity,
            windows: Windows {
                stable,
                delay: spec.scale_down_delay.to_sim(),
            },
            stable: Window::new(stable),
            panic: Window::new(SimDuration::from_secs_f64(panic_s)),
            last: None,
            delayed: VecDeque::new(),
            panic_time: None,
            max_panic_pods: 0,
            pa: None,
            proxy_since: None,
        }
    }

    /// `(total, target)`: the concurrency per pod (`containerConcurrency`, or `target`
    /// capped at it) and the value aimed at, `max(0.01, total × utilization)`.
    fn targets(&self, slots: u32) -> (f64, f64) {
        let cc = f64::from(slots.max(1));
        let total = self.target.map_or(cc, |t| t.min(cc));
        (total, (total * self.utilization).max(TARGET_MIN))
    }

    /// The first tick: the PA's state and the start-in-panic rule of `newAutoscaler`.
    fn start(&mut self, input: &LiveInput) {
        let c = input.capacity;
        self.pa = Some(if c.in_service >= active_threshold(c.min) {
            PaState::Active(SimTime::ZERO)
        } else if c.desired > 0 {
            PaState::Activating(SimTime::ZERO)
        } else {
            PaState::Inactive(SimTime::ZERO)
        });
        if self.pa.is_some_and(|s| matches!(s, PaState::Inactive(_))) {
            self.proxy_since = Some(SimTime::ZERO);
        }
        if c.in_service > 1 {
            self.panic_time = Some(SimTime::ZERO);
        }
        self.max_panic_pods = c.in_service;
    }

    /// Keep this tick's concurrency when upstream would have observed it: a pod is ready
    /// (scraped, even at 0) or requests are in flight or buffered (the activator's reports).
    fn record(&mut self, input: &LiveInput) {
        if input.interval.0 == 0 {
            return;
        }
        let value = reading(input.mean_in_flight) + reading(input.mean_queued);
        if input.capacity.in_service == 0 && value == 0.0 {
            return;
        }
        let sample = Sample {
            end: input.now,
            span: input.interval,
            value,
        };
        self.stable.record(sample);
        self.panic.record(sample);
    }

    /// The decider (`autoscaler.Scale`); `None` without data (`ErrNoData`: nothing
    /// observed within the stable window), which leaves the panic state untouched.
    fn decide(&mut self, now: SimTime, ready_pods: u32, slots: u32) -> Option<Decision> {
        let (total, tv) = self.targets(slots);
        let ready = f64::from(ready_pods.max(1));
        let stable = self.stable.average(now)?;
        let panic = self.panic.average(now).unwrap_or(0.0);
        let max_up = (self.max_up * ready).ceil();
        let max_down = (ready / self.max_down).floor();
        let dspc = (stable / tv).ceil();
        let dppc = (panic / tv).ceil();
        let stable_pods = ceil_count(dspc.max(max_down).min(max_up));
        let panic_pods = ceil_count(dppc.max(max_down).min(max_up));
        self.update_panic(now, dppc / ready >= self.panic_threshold);
        let mut desired = stable_pods;
        if self.panic_time.is_some() {
            self.max_panic_pods = self.max_panic_pods.max(desired.max(panic_pods));
            desired = self.max_panic_pods;
        }
        desired = self.delay(now, desired);
        let excess_burst_capacity = if self.burst == 0.0 {
            0.0
        } else if self.burst > 0.0 {
            (f64::from(ready_pods) * total - self.burst - panic).floor()
        } else {
            -1.0
        };
        Some(Decision {
            desired,
            stable,
            panic,
            panicking: self.panic_time.is_some(),
            excess_burst_capacity,
        })
    }

    /// The excess burst capacity before any decision (`createScaler`: one pod's worth).
    fn initial_excess_burst_capacity(&self, slots: u32) -> f64 {
        if self.burst == 0.0 || self.burst == -1.0 {
            self.burst
        } else {
            self.targets(slots).0 - self.burst
        }
    }

    /// Enter, extend or leave panic mode.
    fn update_panic(&mut self, now: SimTime, over_threshold: bool) {
        if over_threshold {
            self.panic_time = Some(now);
        } else if let Some(t) = self.panic_time {
            if t.after(self.windows.stable) < now {
                self.panic_time = None;
                self.max_panic_pods = 0;
            }
        }
    }

    /// `scale_down_delay`: the maximum desired count over the delay window.
    fn delay(&mut self, now: SimTime, desired: u32) -> u32 {
        let w = self.windows.delay.0;
        if w == 0 {
            return desired;
        }
        self.delayed.push_back((now, desired));
        while let Some(&(t, _)) = self.delayed.front() {
            if t.0.saturating_add(w) <= now.0 {
                self.delayed.pop_front();
            } else {
                break;
            }
        }
        self.delayed
            .iter()
            .map(|&(_, n)| n)
            .max()
            .unwrap_or(desired)
    }

    /// `handleScaleToZero`: `(want, apply)`; `want = None` is "unknown" (no decision).
    fn scale_to_zero(&self, now: SimTime, desired: u32) -> (Option<u32>, bool) {
        if desired != 0 {
            return (Some(desired), true);
        }
        match self.pa.unwrap_or(PaState::Inactive(SimTime::ZERO)) {
            PaState::Activating(since) => {
                if now.since(since) > ACTIVATION_TIMEOUT {
                    (Some(0), true)
                } else {
                    (None, false)
                }
            }
            PaState::Active(since) => {
                if now.since(since) >= self.windows.stable {
                    (Some(0), false)
                } else {
                    (Some(1), true)
                }
            }
            PaState::Inactive(since) => (Some(0), self.inactive_can_scale(now, since)),
        }
    }

    /// The Active=False branch: has the PA been inactive (and the activator in the path)
    /// long enough for the last pod to go?
    fn inactive_can_scale(&self, now: SimTime, since: SimTime) -> bool {
        let activator_in_path = self.burst == -1.0 || self.proxy_since.is_some();
        if !activator_in_path {
            return false;
        }
        let inactive_for = now.since(since);
        if inactive_for >= self.grace.max(self.retention) {
            return true;
        }
        if self.retention.0 > 0 && inactive_for < self.retention {
            return false;
        }
        let proxy_for = self.proxy_since.map_or(SimDuration::ZERO, |t| now.since(t));
        proxy_for >= self.grace
    }

    /// `computeActiveCondition` and the SKS mode, after the scaler decided `want`.
    fn update_state(&mut self, now: SimTime, want: Option<u32>, input: &LiveInput, ebc: f64) {
        let c = input.capacity;
        let state = self.pa.unwrap_or(PaState::Inactive(SimTime::ZERO));
        let inactive = matches!(state, PaState::Inactive(_));
        let wanted = want.is_some_and(|w| w > 0);
        self.pa = Some(if want == Some(0) {
            if inactive {
                state
            } else {
                PaState::Inactive(now)
            }
        } else if !wanted && inactive {
            state
        } else if c.in_service < active_threshold(c.min) {
            match state {
                PaState::Activating(_) => state,
                _ => PaState::Activating(now),
            }
        } else {
            match state {
                PaState::Active(_) => state,
                _ => PaState::Active(now),
            }
        });
        let now_inactive = matches!(self.pa, Some(PaState::Inactive(_)));
        let proxy = want == Some(0) || ebc < 0.0 || (want.is_none() && now_inactive);
        if !proxy {
            self.proxy_since = None;
        } else if self.proxy_since.is_none() {
            self.proxy_since = Some(now);
        }
    }
}

/// Ready pods needed for the PA to be Active (`activeThreshold`): `max(1, min-scale)`.
fn active_threshold(min: u32) -> u32 {
    min.max(1)
}

/// The cause of a change the decider asked for.
fn decision_cause(d: &Decision, tv: f64, want: u32) -> String {
    if want == 1 && d.desired == 0 {
        return "knative: no traffic, keeping 1 pod until active for a stable window".into();
    }
    let (mode, value) = if d.panicking {
        ("panic", d.panic.max(d.stable))
    } else {
        ("stable", d.stable)
    };
    format!(
        "knative: {mode} concurrency {} (target {}/pod) → {want}",
        num(value),
        num(tv)
    )
}

impl ScalingPolicy for KnativePolicy {
    fn tick_period(&self) -> Option<SimDuration> {
        Some(self.tick)
    }

    fn on_tick(&mut self, input: &LiveInput, actions: &mut Vec<ScalingAction>) {
        if !is_multiple(input.now, self.tick.0) {
            return;
        }
        if self.pa.is_none() {
            self.start(input);
        }
        self.record(input);
        let c = input.capacity;
        let now = input.now;
        let fresh = self.decide(now, c.in_service, input.slots_per_instance);
        if fresh.is_some() {
            self.last = fresh;
        }
        let decision = self.last;
        let ebc = decision.map_or_else(
            || self.initial_excess_burst_capacity(input.slots_per_instance),
            |d| d.excess_burst_capacity,
        );
        // No decision yet (`DesiredScale = -1`): nothing to do, except for an Activating
        // PA, whose unknown count is bounded up to the minimum (`applyBounds`).
        let activating = matches!(self.pa, Some(PaState::Activating(_)));
        let desired = decision.map(|d| d.desired).or(activating.then_some(0));
        let bounded = desired.map(|d| match c.max {
            0 => d.max(c.min),
            max => d.clamp(c.min.min(max), max),
        });
        let state_before = self.pa;
        let (want, apply) = bounded.map_or((None, false), |b| self.scale_to_zero(now, b));
        self.update_state(now, want, input, ebc);
        let Some(w) = want.filter(|&w| apply && w != c.desired) else {
            return;
        };
        let tv = self.targets(input.slots_per_instance).1;
        let cause = match (w, fresh, decision) {
            (0, _, _) => zero_cause(state_before, now),
            (_, Some(d), _) => decision_cause(&d, tv, w),
            (_, None, Some(d)) => format!(
                "knative: no metrics (no ready pod, no request), last decision {} → {w}",
                d.desired
            ),
            (_, None, None) => format!("knative: no metrics yet, min-scale → {w}"),
        };
        actions.push(ScalingAction::SetDesired { desired: w, cause });
    }

    fn on_demand_without_capacity(&mut self, input: &LiveInput, actions: &mut Vec<ScalingAction>) {
        if input.capacity.desired != 0 {
            return;
        }
        self.pa = Some(PaState::Activating(input.now));
        actions.push(ScalingAction::SetDesired {
            desired: 1,
            cause: "knative: activator (request with no pod)".into(),
        });
    }
}

/// The cause of a scale to zero.
fn zero_cause(state: Option<PaState>, now: SimTime) -> String {
    match state {
        Some(PaState::Activating(_)) => "knative: activation timed out → 0".into(),
        Some(PaState::Inactive(since)) => format!(
            "knative: scale to zero (inactive for {})",
            Duration::from_secs(now.since(since).as_secs_f64())
        ),
        _ => "knative: scale to zero".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert!(
            s.validate("policy").is_empty(),
            "{:?}",
            s.validate("policy")
        );
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
        let paths: Vec<String> = s.validate("policy").into_iter().map(|i| i.path).collect();
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
        assert_eq!(nan.validate("").len(), 1);
    }
}
