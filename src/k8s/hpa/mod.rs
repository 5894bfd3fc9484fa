//! The Kubernetes Horizontal Pod Autoscaler (`autoscaling/v2`), as a pure state machine.
//!
//! Owns [`HpaSpec`] (the `[policy] kind = "hpa"` section), [`HpaBehaviorSpec`] (tolerance,
//! sync period and the `behavior` scaling rules, reused by KEDA), [`HpaPolicy`] and the
//! controller core that KEDA embeds.
//!
//! This file holds [`HpaPolicy`]; [`spec`] the section and its metric; [`behavior`] the
//! shared behaviour rules; [`controller`] the sync (stabilization, rate limits);
//! [`replicas`] the replica calculator.
//!
//! # What one sync does (every `sync_period`, the first at `sync_period`)
//!
//! Following `reconcileAutoscaler` in
//! <https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/podautoscaler/horizontal.go>:
//!
//! 1. The first sync records the current replica count as the initial recommendation
//!    (`recordInitialRecommendation`).
//! 2. At 0 replicas the HPA is disabled and does nothing ("ScalingDisabled").
//! 3. Replicas above max go to max, below `minReplicas` go to `minReplicas` (no
//!    stabilization, no rate limit). `minReplicas` is `max(1, capacity.min)`.
//! 4. Otherwise the metric gives a proposal (`replica_calculator.go`, same repository):
//!    * `concurrency` — a Pods metric, AverageValue: the mean of `in_flight + queued` over
//!      the sync interval, divided among the ready pods (`calcPlainMetricReplicas`).
//!    * `utilization` — like CPU utilization (`GetResourceReplicas`): busy slots as a
//!      percentage of the ready pods' slots, `mean_in_flight / (ready·slots) · 100`,
//!      at most 100.
//!    * `backlog` — an External metric, AverageValue (`GetExternalPerPodMetricReplicas`):
//!      the total `in_flight + queued` (mean over the interval) against `target` per pod.
//!
//!    For the two pod metrics: `ratio = (metric per ready pod) / target`; with no ready pod
//!    there is no metric and nothing happens. Without unready pods, or when
//!    `ratio ≤ 1`: `|ratio − 1| ≤ tolerance` keeps the current replicas, otherwise
//!    `ceil(ratio × ready)`. When scaling up with unready (pending) pods, they are counted
//!    as pods using 0 and the ratio recomputed over `ready + unready`; if that falls within
//!    tolerance or reverses the direction, the current replicas are kept; otherwise
//!    `ceil(new_ratio × (ready + unready))`, kept at current if that reverses direction.
//!    For `backlog`: `ratio = total / (target × pods)` with `pods` = ready + pending; within
//!    tolerance the proposal is `pods`, otherwise `ceil(total / target)`.
//! 5. `normalizeDesiredReplicasWithBehaviors`: stabilization
//!    (`stabilizeRecommendationWithBehaviors`): `up` = the minimum of the proposal and the
//!    recommendations younger than the scale-up window, `down` = the maximum of the
//!    proposal and those younger than the scale-down window; the result is the current
//!    count raised to `up` and lowered to `down`; the raw proposal is recorded. Then rate
//!    limits (`convertDesiredReplicasWithBehaviorRate`): for each policy,
//!    `periodStartReplicas = current − added + removed` over scale events younger than its
//!    period; scale up allows `start + value` (Pods) or `ceil(start × (1 + value/100))`
//!    (Percent), the policies combined by `max` (selectPolicy Max), `min` (Min) or not at
//!    all (Disabled: no scale up); scale down allows `start − value` or
//!    `trunc(start × (1 − value/100))`, combined by `min` (Max: the biggest change), `max`
//!    (Min) or none (Disabled); a limit never goes past the current count; the result is
//!    clamped to `[minReplicas, max]`.
//! 6. A change is applied and stored as a scale event (`storeScaleEvent`, replacing an
//!    event older than the direction's longest policy period, as upstream).
//!
//! Defaults are the `autoscaling/v2` ones (`pkg/apis/autoscaling/v2/defaults.go`, and the
//! `HPAScalingRules` API reference): tolerance 0.1 (`--horizontal-pod-autoscaler-tolerance`),
//! sync period 15 s (`--horizontal-pod-autoscaler-sync-period`); scale up: window 0 s,
//! Max of {100 % per 15 s, 4 pods per 15 s}; scale down: window 300 s
//! (`--horizontal-pod-autoscaler-downscale-stabilization`), 100 % per 15 s.
//!
//! # Simplified
//!
//! One metric per HPA (upstream takes the max over several); exact floating-point metric
//! values, not milli-quantities, and no metrics-server scrape lag; a pod is either ready
//! (`in_service`) or unready (`pending`): no missing-metric pods, no CPU initialization
//! period, draining pods not counted; one `tolerance` for both directions (the per-direction
//! tolerance of Kubernetes 1.33 is not modelled); syncs exactly every `sync_period` (no
//! work-queue jitter); the `behavior` path is always used (the legacy path without
//! `behavior`, limit `max(2·current, 4)`, is not modelled); a change the engine's guard
//! refuses is still remembered as a scale event.

use super::is_multiple;
use crate::policy::{LiveInput, ScalingAction, ScalingPolicy};
use crate::time::SimDuration;

mod behavior;
mod controller;
mod replicas;
mod spec;

pub use behavior::{
    HpaBehaviorSpec, HpaScalingPolicy, ScaleDownRules, ScaleUpRules, ScalingPolicyType,
    SelectPolicy,
};
pub(crate) use controller::{HpaController, Proposal};
use replicas::metric_proposal;
pub(crate) use replicas::{external_per_pod_replicas, status_replicas};
pub use spec::{HpaMetric, HpaSpec};
/// The HorizontalPodAutoscaler as a [`ScalingPolicy`]: ticks every `sync_period`.
#[derive(Debug)]
pub struct HpaPolicy {
    metric: HpaMetric,
    target: f64,
    min_replicas: u32,
    ctl: HpaController,
}

impl HpaPolicy {
    /// An HPA from a validated spec; `min_replicas` is the scenario's `capacity.min` (the
    /// HPA uses `max(1, min_replicas)`, as `minReplicas` cannot be 0 here).
    pub fn new(spec: &HpaSpec, min_replicas: u32) -> HpaPolicy {
        HpaPolicy {
            metric: spec.metric,
            target: spec.target_value(),
            min_replicas: min_replicas.max(1),
            ctl: HpaController::new(&spec.behavior()),
        }
    }
}

impl ScalingPolicy for HpaPolicy {
    fn tick_period(&self) -> Option<SimDuration> {
        Some(self.ctl.sync_period())
    }

    fn on_tick(&mut self, input: &LiveInput, actions: &mut Vec<ScalingAction>) {
        if !is_multiple(input.now, self.ctl.sync_period().0) {
            return;
        }
        let (metric, target, tol) = (self.metric, self.target, self.ctl.tolerance());
        let c = input.capacity;
        let changed = self
            .ctl
            .reconcile(input.now, c.desired, self.min_replicas, c.max, || {
                metric_proposal(metric, target, tol, input)
            });
        if let Some((desired, cause)) = changed {
            actions.push(ScalingAction::SetDesired { desired, cause });
        }
    }
}

#[cfg(test)]
mod tests;
