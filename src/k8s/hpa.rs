//! The Kubernetes Horizontal Pod Autoscaler (`autoscaling/v2`), as a pure state machine.
//!
//! Owns [`HpaSpec`] (the `[policy] kind = "hpa"` section), [`HpaBehaviorSpec`] (tolerance,
//! sync period and the `behavior` scaling rules, reused by KEDA), [`HpaPolicy`] and the
//! controller core that KEDA embeds.
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

use super::{
    ceil_count, check_duration, check_number, check_positive_duration, field_path, is_multiple,
    num, reading,
};
use crate::error::Issue;
use crate::policy::{LiveInput, ScalingAction, ScalingPolicy};
use crate::time::{Duration, SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// Longest stabilization window Kubernetes accepts (one hour).
const MAX_WINDOW_S: f64 = 3600.0;
/// Longest scaling-policy period Kubernetes accepts (30 minutes).
const MAX_POLICY_PERIOD_S: f64 = 1800.0;
/// Longest sync period accepted here.
const MAX_SYNC_S: f64 = 3600.0;

/// The metric an [`HpaSpec`] scales on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HpaMetric {
    /// Pods metric (AverageValue): mean `in_flight + queued` per ready pod over the sync
    /// interval — a queue-aware concurrency. Default.
    #[default]
    Concurrency,
    /// Resource-style utilization (AverageUtilization, percent): busy slots over the ready
    /// pods' slots, like CPU; at most 100.
    Utilization,
    /// External metric (AverageValue): total `in_flight + queued` (mean over the interval)
    /// against `target` per pod.
    Backlog,
}

impl HpaMetric {
    /// The name used in scenario files and cause strings.
    pub fn name(self) -> &'static str {
        match self {
            HpaMetric::Concurrency => "concurrency",
            HpaMetric::Utilization => "utilization",
            HpaMetric::Backlog => "backlog",
        }
    }

    /// The target used when `target` is not set: 70 (percent) for `utilization`, else 1.
    pub fn default_target(self) -> f64 {
        match self {
            HpaMetric::Utilization => 70.0,
            HpaMetric::Concurrency | HpaMetric::Backlog => 1.0,
        }
    }
}

/// `selectPolicy` of a scaling direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectPolicy {
    /// The policy allowing the biggest change (default).
    #[default]
    Max,
    /// The policy allowing the smallest change.
    Min,
    /// No scaling in this direction.
    Disabled,
}

/// `type` of a scaling policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalingPolicyType {
    /// `value` pods per period.
    Pods,
    /// `value` percent of the replicas at the start of the period, per period.
    Percent,
}

/// One `HPAScalingPolicy`: at most `value` pods or percent per `period`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HpaScalingPolicy {
    /// `pods` or `percent` (required).
    #[serde(rename = "type")]
    pub kind: ScalingPolicyType,
    /// Pods or percent allowed per period (required, > 0).
    pub value: u32,
    /// The period (default "15s"; more than 0s, at most 30m).
    #[serde(default = "fifteen_s")]
    pub period: Duration,
}

impl HpaScalingPolicy {
    fn new(kind: ScalingPolicyType, value: u32, period_s: f64) -> HpaScalingPolicy {
        HpaScalingPolicy {
            kind,
            value,
            period: Duration::from_secs(period_s),
        }
    }
}

/// `behavior.scaleUp`. Defaults: window "0s", `max` of [percent 100 per 15s, pods 4 per
/// 15s].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleUpRules {
    /// Past recommendations considered when scaling up (default "0s"; 0s to 1h).
    #[serde(default = "zero_s")]
    pub stabilization_window: Duration,
    /// Which policy applies (default `max`).
    #[serde(default)]
    pub select_policy: SelectPolicy,
    /// Rate limits (default [percent 100 per 15s, pods 4 per 15s]; at least one).
    #[serde(default = "default_up_policies")]
    pub policies: Vec<HpaScalingPolicy>,
}

impl Default for ScaleUpRules {
    fn default() -> Self {
        ScaleUpRules {
            stabilization_window: zero_s(),
            select_policy: SelectPolicy::Max,
            policies: default_up_policies(),
        }
    }
}

/// `behavior.scaleDown`. Defaults: window "300s", `max` of [percent 100 per 15s].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDownRules {
    /// Past recommendations considered when scaling down (default "300s"; 0s to 1h).
    #[serde(default = "three_hundred_s")]
    pub stabilization_window: Duration,
    /// Which policy applies (default `max`).
    #[serde(default)]
    pub select_policy: SelectPolicy,
    /// Rate limits (default [percent 100 per 15s]; at least one).
    #[serde(default = "default_down_policies")]
    pub policies: Vec<HpaScalingPolicy>,
}

impl Default for ScaleDownRules {
    fn default() -> Self {
        ScaleDownRules {
            stabilization_window: three_hundred_s(),
            select_policy: SelectPolicy::Max,
            policies: default_down_policies(),
        }
    }
}

fn zero_s() -> Duration {
    Duration::from_secs(0.0)
}
fn fifteen_s() -> Duration {
    Duration::from_secs(15.0)
}
fn three_hundred_s() -> Duration {
    Duration::from_secs(300.0)
}
fn default_tolerance() -> f64 {
    0.1
}
fn default_up_policies() -> Vec<HpaScalingPolicy> {
    vec![
        HpaScalingPolicy::new(ScalingPolicyType::Percent, 100, 15.0),
        HpaScalingPolicy::new(ScalingPolicyType::Pods, 4, 15.0),
    ]
}
fn default_down_policies() -> Vec<HpaScalingPolicy> {
    vec![HpaScalingPolicy::new(ScalingPolicyType::Percent, 100, 15.0)]
}

/// The HPA controller settings without the metric: tolerance, sync period and behaviour.
/// `[policy.hpa]` of a KEDA scenario; the same fields sit directly in [`HpaSpec`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HpaBehaviorSpec {
    /// No change while `|ratio − 1| ≤ tolerance` (default 0.1; 0 or more).
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Time between syncs; the first is at `sync_period` (default "15s").
    #[serde(default = "fifteen_s")]
    pub sync_period: Duration,
    /// Scale-up behaviour.
    #[serde(default)]
    pub scale_up: ScaleUpRules,
    /// Scale-down behaviour.
    #[serde(default)]
    pub scale_down: ScaleDownRules,
}

impl Default for HpaBehaviorSpec {
    fn default() -> Self {
        HpaBehaviorSpec {
            tolerance: default_tolerance(),
            sync_period: fifteen_s(),
            scale_up: ScaleUpRules::default(),
            scale_down: ScaleDownRules::default(),
        }
    }
}

impl HpaBehaviorSpec {
    /// Every problem, named by its dotted path under `path` (e.g. `policy.hpa`).
    pub fn validate(&self, path: &str) -> Vec<Issue> {
        let mut issues = Vec::new();
        check_number(
            &mut issues,
            field_path(path, "tolerance"),
            self.tolerance,
            |v| v >= 0.0,
            "allowed 0 or more (e.g. 0.1 for 10 %)",
        );
        super::check_period(
            &mut issues,
            field_path(path, "sync_period"),
            self.sync_period,
            MAX_SYNC_S,
        );
        let up = field_path(path, "scale_up");
        let down = field_path(path, "scale_down");
        validate_rules(
            &mut issues,
            &up,
            self.scale_up.stabilization_window,
            &self.scale_up.policies,
        );
        validate_rules(
            &mut issues,
            &down,
            self.scale_down.stabilization_window,
            &self.scale_down.policies,
        );
        issues
    }
}

fn validate_rules(
    issues: &mut Vec<Issue>,
    path: &str,
    window: Duration,
    policies: &[HpaScalingPolicy],
) {
    check_duration(
        issues,
        field_path(path, "stabilization_window"),
        window,
        0.0,
        MAX_WINDOW_S,
    );
    if policies.is_empty() {
        issues.push(Issue::new(
            field_path(path, "policies"),
            "must list at least one policy, e.g. [{ type = \"percent\", value = 100, period = \"15s\" }]",
        ));
    }
    for (i, p) in policies.iter().enumerate() {
        let pp = format!("{}[{i}]", field_path(path, "policies"));
        if p.value == 0 {
            issues.push(Issue::new(
                field_path(&pp, "value"),
                "0 is not allowed: the number of pods or percent per period must be more than 0",
            ));
        }
        check_positive_duration(
            issues,
            field_path(&pp, "period"),
            p.period,
            MAX_POLICY_PERIOD_S,
        );
    }
}

/// `[policy] kind = "hpa"`: a HorizontalPodAutoscaler on one metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HpaSpec {
    /// `concurrency` (default), `utilization` or `backlog`.
    #[serde(default)]
    pub metric: HpaMetric,
    /// Target per pod (> 0): requests for `concurrency` and `backlog`, percent for
    /// `utilization`. Default: 1 for `concurrency` and `backlog`, 70 for `utilization`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// No change while `|ratio − 1| ≤ tolerance` (default 0.1; 0 or more).
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Time between syncs; the first is at `sync_period` (default "15s").
    #[serde(default = "fifteen_s")]
    pub sync_period: Duration,
    /// Scale-up behaviour.
    #[serde(default)]
    pub scale_up: ScaleUpRules,
    /// Scale-down behaviour.
    #[serde(default)]
    pub scale_down: ScaleDownRules,
}

impl Default for HpaSpec {
    fn default() -> Self {
        let b = HpaBehaviorSpec::default();
        HpaSpec {
            metric: HpaMetric::default(),
            target: None,
            tolerance: b.tolerance,
            sync_period: b.sync_period,
            scale_up: b.scale_up,
            scale_down: b.scale_down,
        }
    }
}

impl HpaSpec {
    /// The target in use (`target`, or the metric's default).
    pub fn target_value(&self) -> f64 {
        self.target.unwrap_or(self.metric.default_target())
    }

    /// The controller settings (everything but the metric).
    pub fn behavior(&self) -> HpaBehaviorSpec {
        HpaBehaviorSpec {
            tolerance: self.tolerance,
            sync_period: self.sync_period,
            scale_up: self.scale_up.clone(),
            scale_down: self.scale_down.clone(),
        }
    }

    /// Every problem, named by its dotted path under `path` (normally `policy`).
    pub fn validate(&self, path: &str) -> Vec<Issue> {
        let mut issues = Vec::new();
        if let Some(t) = self.target {
            let allowed = match self.metric {
                HpaMetric::Utilization => "allowed more than 0 (percent of busy slots, e.g. 70)",
                _ => "allowed more than 0 (requests per pod, e.g. 1)",
            };
            check_number(
                &mut issues,
                field_path(path, "target"),
                t,
                |v| v > 0.0,
                allowed,
            );
        }
        issues.extend(self.behavior().validate(path));
        issues
    }
}

/// One scaling policy, resolved.
#[derive(Debug, Clone, Copy)]
struct Rule {
    kind: ScalingPolicyType,
    value: i64,
    period: SimDuration,
}

/// One direction's behaviour, resolved.
#[derive(Debug, Clone)]
struct Rules {
    window: SimDuration,
    select: SelectPolicy,
    policies: Vec<Rule>,
}

impl Rules {
    fn new(window: Duration, select: SelectPolicy, policies: &[HpaScalingPolicy]) -> Rules {
        Rules {
            window: window.to_sim(),
            select,
            policies: policies
                .iter()
                .map(|p| Rule {
                    kind: p.kind,
                    value: i64::from(p.value),
                    period: p.period.to_sim(),
                })
                .collect(),
        }
    }

    fn longest_period(&self) -> SimDuration {
        self.policies
            .iter()
            .map(|p| p.period)
            .max()
            .unwrap_or_default()
    }
}

/// A past scale change (`timestampedScaleEvent`).
#[derive(Debug, Clone, Copy)]
struct ScaleEvent {
    at: SimTime,
    change: i64,
    outdated: bool,
}

/// `t` is strictly after `now − d` (Go `t.After(now.Add(-d))`), without going below 0.
fn younger_than(t: SimTime, d: SimDuration, now: SimTime) -> bool {
    t.0.saturating_add(d.0) > now.0
}

/// `t` is strictly before `now − d` (Go `t.Before(now.Add(-d))`).
fn older_than(t: SimTime, d: SimDuration, now: SimTime) -> bool {
    t.0.saturating_add(d.0) < now.0
}

/// `getReplicasChangePerPeriod`: the changes of events younger than `period`.
fn change_in_period(events: &[ScaleEvent], period: SimDuration, now: SimTime) -> i64 {
    events
        .iter()
        .filter(|e| younger_than(e.at, period, now))
        .map(|e| e.change)
        .sum()
}

/// A replica proposal from a metric, with a description for the cause string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Proposal {
    /// Proposed replicas.
    pub(crate) replicas: u32,
    /// What the metric read, e.g. `concurrency 3.2/1`.
    pub(crate) what: String,
}

/// The HPA controller for one target: recommendation history, scale events, behaviour.
#[derive(Debug, Clone)]
pub(crate) struct HpaController {
    tolerance: f64,
    sync: SimDuration,
    up: Rules,
    down: Rules,
    /// `None` until the first sync records the initial recommendation.
    recommendations: Option<Vec<(SimTime, u32)>>,
    up_events: Vec<ScaleEvent>,
    down_events: Vec<ScaleEvent>,
}

impl HpaController {
    /// A controller with these settings (validated beforehand).
    pub(crate) fn new(b: &HpaBehaviorSpec) -> HpaController {
        HpaController {
            tolerance: reading(b.tolerance),
            sync: SimDuration(b.sync_period.to_sim().0.max(1)),
            up: Rules::new(
                b.scale_up.stabilization_window,
                b.scale_up.select_policy,
                &b.scale_up.policies,
            ),
            down: Rules::new(
                b.scale_down.stabilization_window,
                b.scale_down.select_policy,
                &b.scale_down.policies,
            ),
            recommendations: None,
            up_events: Vec::new(),
            down_events: Vec::new(),
        }
    }

    /// Time between syncs (at least 1 µs).
    pub(crate) fn sync_period(&self) -> SimDuration {
        self.sync
    }

    /// The tolerance.
    pub(crate) fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// One sync (`reconcileAutoscaler`) at `now` with `current` replicas; `proposal` reads
    /// the metric (`None`: no metric, nothing happens). Returns the new replica count and
    /// the cause when it changes.
    pub(crate) fn reconcile(
        &mut self,
        now: SimTime,
        current: u32,
        min_replicas: u32,
        max_replicas: u32,
        proposal: impl FnOnce() -> Option<Proposal>,
    ) -> Option<(u32, String)> {
        self.recommendations
            .get_or_insert_with(|| vec![(now, current)]);
        let min = min_replicas.max(1);
        let max = max_replicas.max(min);
        if current == 0 {
            return None;
        }
        let (desired, cause) = if current > max {
            (
                max,
                format!("hpa: {current} replicas above max {max} → {max}"),
            )
        } else if current < min {
            (
                min,
                format!("hpa: {current} replicas below minReplicas {min} → {min}"),
            )
        } else {
            let p = proposal()?;
            let stabilized = self.stabilize(now, current, p.replicas);
            let limited = self.rate_limit(now, current, stabilized, min, max);
            (limited, cause(&p, stabilized, limited))
        };
        if desired == current {
            return None;
        }
        self.store_event(now, current, desired);
        Some((desired, cause))
    }

    /// `stabilizeRecommendationWithBehaviors`.
    fn stabilize(&mut self, now: SimTime, current: u32, desired: u32) -> u32 {
        let (uw, dw) = (self.up.window, self.down.window);
        let recs = self.recommendations.get_or_insert_with(Vec::new);
        let (mut up, mut down) = (desired, desired);
        let mut obsolete = None;
        for (i, &(t, r)) in recs.iter().enumerate() {
            if younger_than(t, uw, now) {
                up = up.min(r);
            }
            if younger_than(t, dw, now) {
                down = down.max(r);
            }
            if older_than(t, uw, now) && older_than(t, dw, now) {
                obsolete = Some(i);
            }
        }
        match obsolete {
            Some(i) => recs[i] = (now, desired),
            None => recs.push((now, desired)),
        }
        current.max(up).min(down)
    }

    /// `convertDesiredReplicasWithBehaviorRate`, then clamped to `[min, max]`.
    fn rate_limit(&self, now: SimTime, current: u32, desired: u32, min: u32, max: u32) -> u32 {
        let cur = i64::from(current);
        let d = i64::from(desired);
        let out = if desired > current {
            let limit = self.scale_up_limit(now, cur).max(cur);
            d.min(i64::from(max).min(limit))
        } else if desired < current {
            let limit = self.scale_down_limit(now, cur).min(cur);
            d.max(i64::from(min).max(limit))
        } else {
            d
        };
        out.clamp(i64::from(min), i64::from(max)) as u32
    }

    /// `calculateScaleUpLimitWithScalingRules`.
    fn scale_up_limit(&self, now: SimTime, current: i64) -> i64 {
        let pick: fn(i64, i64) -> i64 = match self.up.select {
            SelectPolicy::Disabled => return current,
            SelectPolicy::Min => i64::min,
            SelectPolicy::Max => i64::max,
        };
        let mut result = if self.up.select == SelectPolicy::Min {
            i64::MAX
        } else {
            i64::MIN
        };
        for p in &self.up.policies {
            let start = self.period_start(now, current, p.period);
            let proposed = match p.kind {
                ScalingPolicyType::Pods => start.saturating_add(p.value),
                ScalingPolicyType::Percent => {
                    (start as f64 * (1.0 + p.value as f64 / 100.0)).ceil() as i64
                }
            };
            result = pick(result, proposed);
        }
        result
    }

    /// `calculateScaleDownLimitWithBehaviors`.
    fn scale_down_limit(&self, now: SimTime, current: i64) -> i64 {
        let pick: fn(i64, i64) -> i64 = match self.down.select {
            SelectPolicy::Disabled => return current,
            SelectPolicy::Min => i64::max,
            SelectPolicy::Max => i64::min,
        };
        let mut result = if self.down.select == SelectPolicy::Min {
            i64::MIN
        } else {
            i64::MAX
        };
        for p in &self.down.policies {
            let start = self.period_start(now, current, p.period);
            let proposed = match p.kind {
                ScalingPolicyType::Pods => start.saturating_sub(p.value),
                ScalingPolicyType::Percent => {
                    (start as f64 * (1.0 - p.value as f64 / 100.0)).trunc() as i64
                }
            };
            result = pick(result, proposed);
        }
        result
    }

    /// `periodStartReplicas = current − added + removed` within `period`.
    fn period_start(&self, now: SimTime, current: i64, period: SimDuration) -> i64 {
        current - change_in_period(&self.up_events, period, now)
            + change_in_period(&self.down_events, period, now)
    }

    /// `storeScaleEvent` with `markScaleEventsOutdated`.
    fn store_event(&mut self, now: SimTime, prev: u32, new: u32) {
        let (events, longest, change) = if new > prev {
            (&mut self.up_events, self.up.longest_period(), new - prev)
        } else {
            (
                &mut self.down_events,
                self.down.longest_period(),
                prev - new,
            )
        };
        for e in events.iter_mut() {
            if older_than(e.at, longest, now) {
                e.outdated = true;
            }
        }
        let event = ScaleEvent {
            at: now,
            change: i64::from(change),
            outdated: false,
        };
        match events.iter().rposition(|e| e.outdated) {
            Some(i) => events[i] = event,
            None => events.push(event),
        }
    }
}

/// "hpa: concurrency 3.2/1 → 5 (proposed 6, rate-limited)".
fn cause(p: &Proposal, stabilized: u32, limited: u32) -> String {
    let mut notes = Vec::new();
    if stabilized != p.replicas {
        notes.push(format!(
            "proposed {}, stabilized to {stabilized}",
            p.replicas
        ));
    }
    if limited != stabilized {
        notes.push(format!("rate-limited from {stabilized}"));
    }
    if notes.is_empty() {
        format!("hpa: {} → {limited}", p.what)
    } else {
        format!("hpa: {} → {limited} ({})", p.what, notes.join("; "))
    }
}

/// `calcPlainMetricReplicas` / `GetResourceReplicas` with `ready` pods sharing `ready_total`
/// and `unready` pods (no missing-metric pods). `ready` must be > 0.
pub(crate) fn plain_metric_replicas(
    current: u32,
    ready: u32,
    unready: u32,
    ready_total: f64,
    target: f64,
    tolerance: f64,
) -> u32 {
    let ready_f = f64::from(ready.max(1));
    let ratio = ready_total / ready_f / target;
    if !(unready > 0 && ratio > 1.0) {
        if (1.0 - ratio).abs() <= tolerance {
            return current;
        }
        return ceil_count(ratio * ready_f);
    }
    let pods = ready_f + f64::from(unready);
    let new_ratio = ready_total / pods / target;
    if (1.0 - new_ratio).abs() <= tolerance || new_ratio < 1.0 {
        return current;
    }
    let replicas = ceil_count(new_ratio * pods);
    if replicas < current {
        return current;
    }
    replicas
}

/// `GetExternalPerPodMetricReplicas`: `usage` in total against `target` per pod, with
/// `pods` replicas in status.
pub(crate) fn external_per_pod_replicas(pods: u32, usage: f64, target: f64, tol: f64) -> u32 {
    if pods == 0 {
        return ceil_count(usage / target);
    }
    let ratio = usage / (target * f64::from(pods));
    if (1.0 - ratio).abs() > tol {
        ceil_count(usage / target)
    } else {
        pods
    }
}

/// Pods that exist (ready or starting); the desired count when there are none yet.
pub(crate) fn status_replicas(input: &LiveInput) -> u32 {
    let c = input.capacity;
    match c.in_service.saturating_add(c.pending) {
        0 => c.desired,
        n => n,
    }
}

/// The proposal of `metric` at `target` for this input (`None`: no ready pod to measure).
fn metric_proposal(
    metric: HpaMetric,
    target: f64,
    tol: f64,
    input: &LiveInput,
) -> Option<Proposal> {
    let c = input.capacity;
    let ready = c.in_service;
    let total = reading(input.mean_in_flight) + reading(input.mean_queued);
    match metric {
        HpaMetric::Concurrency => {
            if ready == 0 {
                return None;
            }
            let replicas = plain_metric_replicas(c.desired, ready, c.pending, total, target, tol);
            let per_pod = total / f64::from(ready);
            Some(Proposal {
                replicas,
                what: format!("concurrency {}/{}", num(per_pod), num(target)),
            })
        }
        HpaMetric::Utilization => {
            if ready == 0 {
                return None;
            }
            let slots = f64::from(ready) * f64::from(input.slots_per_instance.max(1));
            let util = (reading(input.mean_in_flight) / slots * 100.0).min(100.0);
            let replicas = plain_metric_replicas(
                c.desired,
                ready,
                c.pending,
                util * f64::from(ready),
                target,
                tol,
            );
            Some(Proposal {
                replicas,
                what: format!("utilization {}%/{}%", num(util), num(target)),
            })
        }
        HpaMetric::Backlog => {
            let replicas = external_per_pod_replicas(status_replicas(input), total, target, tol);
            Some(Proposal {
                replicas,
                what: format!("backlog {} (target {}/pod)", num(total), num(target)),
            })
        }
    }
}

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
mod tests {
    use super::*;
    use crate::policy::CapacityView;

    /// A sync input at `t_s` seconds: `desired` replicas, `ready` of them ready, `pending`
    /// starting, `load` = mean in flight + queued over the interval (all counted in flight).
    fn input(t_s: u64, desired: u32, ready: u32, pending: u32, load: f64) -> LiveInput {
        LiveInput {
            now: SimTime::from_secs(t_s),
            interval: SimDuration::from_secs(15),
            capacity: CapacityView {
                desired,
                min: 0,
                max: 100,
                pending,
                in_service: ready,
                ..Default::default()
            },
            queued: 0,
            in_flight: load as u32,
            mean_in_flight: load,
            mean_queued: 0.0,
            arrivals: 0,
            slots_per_instance: 1,
        }
    }

    fn tick(p: &mut HpaPolicy, i: LiveInput) -> Option<u32> {
        let mut out = Vec::new();
        p.on_tick(&i, &mut out);
        assert!(out.len() <= 1);
        out.into_iter().next().map(|a| match a {
            ScalingAction::SetDesired { desired, cause } => {
                assert!(cause.starts_with("hpa: "), "{cause}");
                desired
            }
            other => panic!("unexpected {other:?}"),
        })
    }

    fn spec(toml_text: &str) -> HpaSpec {
        let s: HpaSpec = toml::from_str(toml_text).unwrap();
        assert!(
            s.validate("policy").is_empty(),
            "{:?}",
            s.validate("policy")
        );
        s
    }

    #[test]
    fn formula_is_ceil_of_current_times_metric_over_target() {
        let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
        // 3 ready pods at 2.0 each (6 in total), target 1 → ceil(3·2/1) = 6.
        assert_eq!(tick(&mut p, input(15, 3, 3, 0, 6.0)), Some(6));
        // Target 4 (utilization-free plain metric): 8 pods at 1.0 → ceil(8·1/4) = 2 after
        // the 300 s window has gone (no stabilization window here).
        let s = spec("target = 4.0\n[scale_down]\nstabilization_window = \"0s\"");
        let mut p = HpaPolicy::new(&s, 1);
        assert_eq!(tick(&mut p, input(15, 8, 8, 0, 8.0)), Some(2));
    }

    #[test]
    fn tolerance_keeps_small_deviations() {
        let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
        // 10 pods, ratio 1.05: within 0.1 → no change.
        assert_eq!(tick(&mut p, input(15, 10, 10, 0, 10.5)), None);
        // Ratio 1.15 → ceil(11.5) = 12.
        assert_eq!(tick(&mut p, input(30, 10, 10, 0, 11.5)), Some(12));
    }

    #[test]
    fn default_scale_up_limit_from_one_pod_is_five_per_15s() {
        let s = spec("sync_period = \"5s\"");
        let mut p = HpaPolicy::new(&s, 1);
        // 1 pod at 20 → proposal 20; limit max(ceil(1·2), 1+4) = 5.
        assert_eq!(tick(&mut p, input(5, 1, 1, 0, 20.0)), Some(5));
        // 5 s later the +4 is still inside both 15 s periods: start = 5 − 4 = 1 → limit 5.
        assert_eq!(tick(&mut p, input(10, 5, 5, 0, 20.0)), None);
        assert_eq!(tick(&mut p, input(15, 5, 5, 0, 20.0)), None);
        // At 20 s the event (at 5 s) is not after 20 − 15: start 5 → max(10, 9) = 10.
        assert_eq!(tick(&mut p, input(20, 5, 5, 0, 20.0)), Some(10));
    }

    #[test]
    fn scale_down_stabilization_holds_the_max_for_300s() {
        let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
        // First sync at 15 s: 4 pods exactly at target → recommendation 4.
        assert_eq!(tick(&mut p, input(15, 4, 4, 0, 4.0)), None);
        // Then idle: proposal 0, but the max over the last 300 s is 4.
        for t in (30..=300).step_by(15) {
            assert_eq!(tick(&mut p, input(t, 4, 4, 0, 0.0)), None, "t = {t}");
        }
        // At 315 s the 15 s recommendations are not after 315 − 300: down to minReplicas 1
        // (percent 100 allows trunc(4·0) = 0, clamped to 1).
        assert_eq!(tick(&mut p, input(315, 4, 4, 0, 0.0)), Some(1));
    }

    #[test]
    fn scale_down_percent_limits() {
        let no_window = "[scale_down]\nstabilization_window = \"0s\"\n";
        // Default 100 % per 15 s: 8 pods at 0.25 → ceil(2) = 2 in one step.
        let mut p = HpaPolicy::new(&spec(no_window), 1);
        assert_eq!(tick(&mut p, input(15, 8, 8, 0, 2.0)), Some(2));
        // 50 % per 15 s: at most trunc(8·0.5) = 4.
        let s = format!("{no_window}policies = [{{ type = \"percent\", value = 50 }}]");
        let mut p = HpaPolicy::new(&spec(&s), 1);
        assert_eq!(tick(&mut p, input(15, 8, 8, 0, 2.0)), Some(4));
        // 15 s later the previous −4 is outside the period (not after 30 − 15): 4 → 2.
        assert_eq!(tick(&mut p, input(30, 4, 4, 0, 1.0)), Some(2));
        // Pods policy: 2 per 60 s from 8 → 6, and then nothing for the rest of the minute.
        let s =
            format!("{no_window}policies = [{{ type = \"pods\", value = 2, period = \"60s\" }}]");
        let mut p = HpaPolicy::new(&spec(&s), 1);
        assert_eq!(tick(&mut p, input(15, 8, 8, 0, 2.0)), Some(6));
        assert_eq!(tick(&mut p, input(30, 6, 6, 0, 1.5)), None);
        assert_eq!(tick(&mut p, input(75, 6, 6, 0, 1.5)), Some(4));
    }

    #[test]
    fn select_policy_min_and_disabled() {
        // Min: from 1 pod, min(ceil(1·2), 1+4) = 2.
        let mut p = HpaPolicy::new(&spec("[scale_up]\nselect_policy = \"min\""), 1);
        assert_eq!(tick(&mut p, input(15, 1, 1, 0, 20.0)), Some(2));
        // Disabled: no scale up at all.
        let mut p = HpaPolicy::new(&spec("[scale_up]\nselect_policy = \"disabled\""), 1);
        assert_eq!(tick(&mut p, input(15, 1, 1, 0, 20.0)), None);
        // Scale down disabled; scale down with min selects the smaller change:
        // policies 50 % (→ 4) and 1 pod (→ 7) → 7.
        let s = "[scale_down]\nstabilization_window = \"0s\"\nselect_policy = \"disabled\"";
        let mut p = HpaPolicy::new(&spec(s), 1);
        assert_eq!(tick(&mut p, input(15, 8, 8, 0, 0.0)), None);
        let s = "[scale_down]\nstabilization_window = \"0s\"\nselect_policy = \"min\"\n\
                 policies = [{ type = \"percent\", value = 50 }, { type = \"pods\", value = 1 }]";
        let mut p = HpaPolicy::new(&spec(s), 1);
        assert_eq!(tick(&mut p, input(15, 8, 8, 0, 0.0)), Some(7));
    }

    #[test]
    fn unready_pods_damp_scale_up() {
        let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
        // 2 ready + 2 starting, 4.2 in total: ratio 2.1 on ready pods (→ 5 ignoring the
        // starting ones), but 4.2/4 = 1.05 counting them at 0: within tolerance → keep 4.
        assert_eq!(tick(&mut p, input(15, 4, 2, 2, 4.2)), None);
        // 2.6 in total: ratio 1.3 would give ceil(2.6) = 3 (a scale *down* from 4);
        // counting starting pods at 0 gives 0.65: direction reversed → keep 4.
        assert_eq!(tick(&mut p, input(30, 4, 2, 2, 2.6)), None);
        // 2 ready + 1 starting, 5 in total: 5/3 = 1.67 → ceil(1.67·3) = 5.
        assert_eq!(tick(&mut p, input(45, 3, 2, 1, 5.0)), Some(5));
    }

    #[test]
    fn disabled_at_zero_replicas_and_needs_ready_pods() {
        let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
        assert_eq!(tick(&mut p, input(15, 0, 0, 0, 50.0)), None);
        // 2 replicas, none ready: no pod metric.
        assert_eq!(tick(&mut p, input(30, 2, 0, 2, 50.0)), None);
        // Not a sync instant (sync every 15 s): nothing.
        assert_eq!(tick(&mut p, input(40, 1, 1, 0, 50.0)), None);
    }

    #[test]
    fn min_replicas_is_at_least_one_and_raises_current() {
        let mut p = HpaPolicy::new(&HpaSpec::default(), 3);
        assert_eq!(tick(&mut p, input(15, 2, 2, 0, 0.0)), Some(3));
        let mut p = HpaPolicy::new(&spec("[scale_down]\nstabilization_window = \"0s\""), 0);
        assert_eq!(tick(&mut p, input(15, 3, 3, 0, 0.0)), Some(1));
    }

    #[test]
    fn utilization_and_backlog_metrics() {
        // 4 pods with 2 slots each, 6 busy on average: 75 % against 50 % → ceil(4·1.5) = 6.
        let s = spec("metric = \"utilization\"\ntarget = 50.0");
        let mut p = HpaPolicy::new(&s, 1);
        let mut i = input(15, 4, 4, 0, 6.0);
        i.slots_per_instance = 2;
        assert_eq!(tick(&mut p, i), Some(6));
        // Default utilization target 70: 100 % busy on 2 pods → ceil(2·100/70) = 3.
        let s = spec("metric = \"utilization\"");
        assert_eq!(s.target_value(), 70.0);
        let mut p = HpaPolicy::new(&s, 1);
        assert_eq!(tick(&mut p, input(15, 2, 2, 0, 9.0)), Some(3));
        // Backlog: 9 in total on 2 pods, target 2 per pod: ratio 2.25 → ceil(9/2) = 5.
        let s = spec("metric = \"backlog\"\ntarget = 2.0");
        let mut p = HpaPolicy::new(&s, 1);
        assert_eq!(tick(&mut p, input(15, 2, 2, 0, 9.0)), Some(5));
        // Backlog does not need ready pods: 1 pod starting, 3 waiting → 3.
        let mut p = HpaPolicy::new(&spec("metric = \"backlog\""), 1);
        assert_eq!(tick(&mut p, input(15, 1, 0, 1, 3.0)), Some(3));
    }

    #[test]
    fn calculators_match_upstream_edge_cases() {
        assert_eq!(external_per_pod_replicas(0, 0.0, 1.0, 0.1), 0);
        assert_eq!(external_per_pod_replicas(0, 2.5, 1.0, 0.1), 3);
        assert_eq!(external_per_pod_replicas(4, 4.2, 1.0, 0.1), 4);
        assert_eq!(plain_metric_replicas(5, 5, 0, 0.0, 1.0, 0.1), 0);
        assert_eq!(plain_metric_replicas(5, 5, 0, 5.4, 1.0, 0.1), 5);
        assert_eq!(plain_metric_replicas(5, 5, 0, 5.6, 1.0, 0.1), 6);
    }

    #[test]
    fn defaults_and_round_trip() {
        let s: HpaSpec = toml::from_str("").unwrap();
        assert_eq!(s, HpaSpec::default());
        assert_eq!(s.sync_period, Duration::from_secs(15.0));
        assert_eq!(
            s.scale_down.stabilization_window,
            Duration::from_secs(300.0)
        );
        assert_eq!(s.scale_up.policies.len(), 2);
        let text = toml::to_string(&s).unwrap();
        let back: HpaSpec = toml::from_str(&text).unwrap();
        assert_eq!(back, s);
        assert!(toml::from_str::<HpaSpec>("targett = 1.0").is_err());
        assert!(toml::from_str::<HpaSpec>("sync_period = 15").is_err());
    }

    #[test]
    fn validate_names_fields() {
        let s: HpaSpec = toml::from_str(
            "target = 0.0\ntolerance = -0.5\nsync_period = \"0s\"\n\
             [scale_up]\nstabilization_window = \"2h\"\npolicies = []\n\
             [scale_down]\npolicies = [{ type = \"pods\", value = 0, period = \"1h\" }]",
        )
        .unwrap();
        let issues = s.validate("policy");
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "policy.target",
                "policy.tolerance",
                "policy.sync_period",
                "policy.scale_up.stabilization_window",
                "policy.scale_up.policies",
                "policy.scale_down.policies[0].value",
                "policy.scale_down.policies[0].period",
            ]
        );
        assert!(issues[0].message.contains("more than 0"), "{}", issues[0]);
        assert!(issues[3].message.contains("0s to 1h"), "{}", issues[3]);
        let nan = HpaSpec {
            tolerance: f64::NAN,
            target: Some(f64::INFINITY),
            ..Default::default()
        };
        assert_eq!(nan.validate("").len(), 2);
    }
}
