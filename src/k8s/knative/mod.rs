//! The Knative Pod Autoscaler (KPA), with scale to zero and the activator.
//!
//! Owns [`KnativeSpec`] (the `[policy] kind = "knative"` section) and [`KnativePolicy`]:
//! the decider (stable and panic windows), the PodAutoscaler's Active / Activating /
//! Inactive state, the ServerlessService's proxy mode (activator in the request path) and
//! the scale-to-zero rule.
//!
//! This file holds the policy's state and its tick; [`spec`] the section, its defaults
//! and validation; [`window`] the averaging windows; [`decider`] the desired count;
//! [`scale_to_zero`] the PodAutoscaler and ServerlessService states.
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

use super::{is_multiple, num, reading};
use crate::policy::{LiveInput, ScalingAction, ScalingPolicy};
use crate::time::{SimDuration, SimTime};
use std::collections::VecDeque;

mod decider;
mod scale_to_zero;
mod spec;
mod window;

use decider::{Decision, Windows};
use scale_to_zero::{active_threshold, zero_cause, PaState};
pub use spec::KnativeSpec;
use window::{Sample, Window};

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

#[cfg(test)]
mod tests;
