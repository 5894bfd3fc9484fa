//! The HPA controller core (`horizontal.go`) that [`super::HpaPolicy`] and KEDA embed: the
//! recommendation history and stabilization, the behaviour rate limits over the scale
//! events, and the cause text of a change.

use super::{HpaBehaviorSpec, HpaScalingPolicy, ScalingPolicyType, SelectPolicy};
use crate::k8s::reading;
use crate::time::{Duration, SimDuration, SimTime};

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
