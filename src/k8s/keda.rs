//! KEDA: a `ScaledObject` that owns the 0 ↔ 1 step, on top of an HPA for 1 ↔ max.
//!
//! Owns [`KedaSpec`] (the `[policy] kind = "keda"` section) and [`KedaPolicy`].
//!
//! # Rules
//!
//! Following `RequestScale`, `scaleFromZeroOrIdle` and `scaleToZeroOrIdle` in
//! <https://github.com/kedacore/keda/blob/main/pkg/scaling/executor/scale_scaledobjects.go>:
//! every `polling_interval` KEDA reads its trigger's metric; the trigger is active when
//! `metric > activation_threshold` (the scalers' `IsActive`, e.g. the SQS scaler's
//! `activationQueueLength`).
//!
//! * Active: `lastActiveTime = now`; at 0 replicas scale to `max(1, minReplicaCount)`
//!   (`minReplicaCount` = `capacity.min`), cause `keda: activation`.
//! * Not active, replicas > 0, `minReplicaCount == 0`: scale to 0 once
//!   `lastActiveTime + cooldown_period` is strictly before now (cause `keda: cooldown`).
//!   The simulation starts with `lastActiveTime = 0` (upstream, a nil `lastActiveTime`
//!   uses `initialCooldownPeriod`, default 0; here the start counts as activity).
//! * Otherwise KEDA leaves the replicas to the HPA it created: an `autoscaling/v2` HPA
//!   (see [`super::hpa`]) with `minReplicas = max(1, minReplicaCount)` on KEDA's
//!   External metric with an AverageValue target (`target` per pod), read when the HPA
//!   syncs (every `hpa.sync_period`): `ratio = metric / (target × pods)`, within
//!   tolerance keep `pods`, else `ceil(metric / target)`, then the HPA's stabilization and
//!   rate limits. The HPA is disabled at 0 replicas, so 0 → 1 is KEDA's alone, and 1 → 0
//!   only happens through the cooldown.
//!
//! Metrics (`metric`): `backlog` — requests waiting + in flight now, like an SQS queue's
//! visible + in-flight messages (default); `queued` — waiting only; `request_rate` —
//! arrivals per second over the last `rate_window`, like the KEDA HTTP add-on.
//!
//! Defaults: `pollingInterval` 30 s, `cooldownPeriod` 300 s, activation threshold 0, target
//! 1 per pod (KEDA docs, `ScaledObject` spec); the HPA part uses the `autoscaling/v2`
//! defaults of [`super::hpa::HpaBehaviorSpec`].
//!
//! # Simplified
//!
//! One trigger; no fallback, pause, idle replica count or `initialCooldownPeriod`; the
//! metric is exact and read at the poll/sync instant (no metrics-adapter cache); polls and
//! syncs fall exactly on multiples of their periods (ticks every `gcd` of the two); at an
//! instant where KEDA itself scales, the HPA sync is skipped (upstream the two race);
//! `minReplicaCount > 0` below-minimum corrections are left to the engine's guard; KEDA
//! does not set HPA `behavior` unless asked, which upstream means the legacy HPA path
//! (`max(2·current, 4)` scale-up limit) — here the `autoscaling/v2` defaults apply;
//! `request_rate` is the arrivals of the ticks inside the window divided by the time they
//! cover (less than `rate_window` during the first window).

use super::hpa::Proposal;
use super::hpa::{external_per_pod_replicas, status_replicas, HpaBehaviorSpec, HpaController};
use super::{gcd, is_multiple, num, reading};
use crate::error::At;
use crate::policy::{LiveInput, ScalingAction, ScalingPolicy};
use crate::time::{Duration, SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The metric of a KEDA trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KedaMetric {
    /// Requests waiting + in flight now (SQS visible + in-flight messages). Default.
    #[default]
    Backlog,
    /// Requests waiting now.
    Queued,
    /// Arrivals per second over `rate_window` (KEDA HTTP add-on).
    RequestRate,
}

impl KedaMetric {
    /// The name used in scenario files and cause strings.
    pub fn name(self) -> &'static str {
        match self {
            KedaMetric::Backlog => "backlog",
            KedaMetric::Queued => "queued",
            KedaMetric::RequestRate => "request_rate",
        }
    }
}

fn thirty_s() -> Duration {
    Duration::from_secs(30.0)
}
fn sixty_s() -> Duration {
    Duration::from_secs(60.0)
}
fn three_hundred_s() -> Duration {
    Duration::from_secs(300.0)
}
fn one() -> f64 {
    1.0
}

/// `[policy] kind = "keda"`: a `ScaledObject` with one trigger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KedaSpec {
    /// Time between polls of the trigger (default "30s").
    #[serde(default = "thirty_s")]
    pub polling_interval: Duration,
    /// Time without activity before scaling to 0 (default "300s"; 0s to 7d).
    #[serde(default = "three_hundred_s")]
    pub cooldown_period: Duration,
    /// The trigger is active when the metric is above this (default 0; 0 or more).
    #[serde(default)]
    pub activation_threshold: f64,
    /// `backlog` (default), `queued` or `request_rate`.
    #[serde(default)]
    pub metric: KedaMetric,
    /// Window of `request_rate` (default "60s").
    #[serde(default = "sixty_s")]
    pub rate_window: Duration,
    /// Target per pod of the HPA's AverageValue (default 1; more than 0).
    #[serde(default = "one")]
    pub target: f64,
    /// The HPA's tolerance, sync period and behaviour (default: the `autoscaling/v2`
    /// defaults).
    #[serde(default)]
    pub hpa: HpaBehaviorSpec,
}

impl Default for KedaSpec {
    fn default() -> Self {
        KedaSpec {
            polling_interval: thirty_s(),
            cooldown_period: three_hundred_s(),
            activation_threshold: 0.0,
            metric: KedaMetric::default(),
            rate_window: sixty_s(),
            target: one(),
            hpa: HpaBehaviorSpec::default(),
        }
    }
}

impl KedaSpec {
    /// Every problem, as issues at `at` (normally `policy`) and its sub-fields.
    pub fn validate(&self, at: &mut At) {
        at.field("polling_interval")
            .period_in_whole_seconds(self.polling_interval, 3600.0);
        at.field("cooldown_period")
            .duration_in(self.cooldown_period, 0.0, 7.0 * 86_400.0);
        at.field("activation_threshold").number_where(
            self.activation_threshold,
            |v| v >= 0.0,
            "allowed 0 or more (the trigger is active above it)",
        );
        at.field("rate_window")
            .positive_duration_up_to(self.rate_window, 3600.0);
        at.field("target").number_where(
            self.target,
            |v| v > 0.0,
            "allowed more than 0 (metric per pod, e.g. 1)",
        );
        self.hpa.validate(&mut at.field("hpa"));
    }
}

/// Arrivals seen in one tick.
#[derive(Debug, Clone, Copy)]
struct RateSample {
    end: SimTime,
    span: SimDuration,
    arrivals: u64,
}

/// KEDA with its HPA as a [`ScalingPolicy`]: ticks every `gcd(polling_interval,
/// hpa.sync_period)`.
#[derive(Debug)]
pub struct KedaPolicy {
    poll: SimDuration,
    cooldown: SimDuration,
    threshold: f64,
    metric: KedaMetric,
    rate_window: SimDuration,
    target: f64,
    hpa: HpaController,
    last_active: SimTime,
    rates: VecDeque<RateSample>,
}

impl KedaPolicy {
    /// KEDA from a validated spec. `minReplicaCount` is read from `capacity.min` at each
    /// tick.
    pub fn new(spec: &KedaSpec) -> KedaPolicy {
        KedaPolicy {
            poll: SimDuration(spec.polling_interval.to_sim().0.max(1)),
            cooldown: spec.cooldown_period.to_sim(),
            threshold: spec.activation_threshold,
            metric: spec.metric,
            rate_window: SimDuration(spec.rate_window.to_sim().0.max(1)),
            target: spec.target,
            hpa: HpaController::new(&spec.hpa),
            last_active: SimTime::ZERO,
            rates: VecDeque::new(),
        }
    }

    /// Record this tick's arrivals and forget those outside the rate window.
    fn record(&mut self, input: &LiveInput) {
        if input.interval.0 > 0 {
            self.rates.push_back(RateSample {
                end: input.now,
                span: input.interval,
                arrivals: input.arrivals,
            });
        }
        let w = self.rate_window.0;
        while let Some(s) = self.rates.front() {
            if s.end.0.saturating_add(w) <= input.now.0 {
                self.rates.pop_front();
            } else {
                break;
            }
        }
    }

    /// The trigger's metric now.
    fn metric_value(&self, input: &LiveInput) -> f64 {
        match self.metric {
            KedaMetric::Backlog => f64::from(input.queued) + f64::from(input.in_flight),
            KedaMetric::Queued => f64::from(input.queued),
            KedaMetric::RequestRate => {
                let micros: u64 = self.rates.iter().map(|s| s.span.0).sum();
                let n: u64 = self.rates.iter().map(|s| s.arrivals).sum();
                if micros == 0 {
                    0.0
                } else {
                    n as f64 / SimDuration(micros).as_secs_f64()
                }
            }
        }
    }

    /// A poll of the trigger (`RequestScale`); the change KEDA makes, if any.
    fn poll(&mut self, input: &LiveInput, value: f64) -> Option<(u32, String)> {
        let c = input.capacity;
        let name = self.metric.name();
        if value > self.threshold {
            self.last_active = input.now;
            if c.desired == 0 {
                let to = c.min.max(1);
                return Some((
                    to,
                    format!(
                        "keda: activation ({name} {} > {})",
                        num(value),
                        num(self.threshold)
                    ),
                ));
            }
            return None;
        }
        let cooled = self.last_active.after(self.cooldown) < input.now;
        if c.desired > 0 && c.min == 0 && cooled {
            let idle = input.now.since(self.last_active).as_secs_f64();
            return Some((
                0,
                format!(
                    "keda: cooldown ({name} {} ≤ {} for {})",
                    num(value),
                    num(self.threshold),
                    Duration::from_secs(idle)
                ),
            ));
        }
        None
    }
}

impl ScalingPolicy for KedaPolicy {
    fn tick_period(&self) -> Option<SimDuration> {
        Some(SimDuration(
            gcd(self.poll.0, self.hpa.sync_period().0).max(1),
        ))
    }

    fn on_tick(&mut self, input: &LiveInput, actions: &mut Vec<ScalingAction>) {
        self.record(input);
        let value = reading(self.metric_value(input));
        let mut keda_acted = false;
        if is_multiple(input.now, self.poll.0) {
            if let Some((desired, cause)) = self.poll(input, value) {
                actions.push(ScalingAction::SetDesired { desired, cause });
                keda_acted = true;
            }
        }
        if keda_acted || !is_multiple(input.now, self.hpa.sync_period().0) {
            return;
        }
        let c = input.capacity;
        let (target, tol) = (self.target, self.hpa.tolerance());
        let name = self.metric.name();
        let pods = status_replicas(input);
        let changed = self.hpa.reconcile(input.now, c.desired, c.min, c.max, || {
            Some(Proposal {
                replicas: external_per_pod_replicas(pods, value, target, tol),
                what: format!("keda {name} {} (target {}/pod)", num(value), num(target)),
            })
        });
        if let Some((desired, cause)) = changed {
            actions.push(ScalingAction::SetDesired { desired, cause });
        }
    }
}

#[cfg(test)]
#[path = "keda_tests.rs"]
mod tests;
