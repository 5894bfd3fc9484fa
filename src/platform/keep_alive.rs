//! Keep-alive platforms, Lambda / Cloud Run style (`docs/platforms/keep-alive.md`).
//!
//! A request takes the newest idle slot (free slots are a stack, so the most recently freed
//! goes first and older idle instances run out their keep-alive); else a slot not yet
//! promised on a Pending instance; else a new instance is launched for it and the request
//! waits for that cold start; at the instance cap it queues or is refused (`at_limit`).
//! The platform scales itself: no `[policy]` sizes it, every launch and release is a scale
//! event, and when an idle instance is released is the keep-alive rule's decision
//! ([`crate::policy::keep_alive`]). Instances are billed; the backlog metrics are recorded.

use super::{Admit, Fired, PlatformEvent, PlatformRules, Timers, ValidationContext};
use crate::endpoint::fleet::{Fleet, InstanceRef};
use crate::error::Issues;
use crate::metrics::EndpointMetric;
use crate::policy::keep_alive::{rule_for, KeepAliveRule};
use crate::scenario::raw::PolicySpec;
use crate::time::{Duration, SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// The metrics recorded for a keep-alive platform (the backlog metrics).
pub const PUBLISHED: &[EndpointMetric] = &EndpointMetric::ASYNC;

/// The shortest `[endpoint] request_ttl`: here it is how long a client waits in a queue, so
/// any positive time is allowed.
pub const MIN_REQUEST_TTL_S: f64 = 0.001;

/// `[platform] kind = "keep_alive"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeepAlive {
    /// How long an idle instance is kept (default 10m).
    #[serde(default = "default_keep_alive")]
    pub keep_alive: Duration,
    /// Instances kept warm for the whole run (provisioned concurrency; default 0).
    #[serde(default)]
    pub provisioned_instances: u32,
    /// Most instances at once (reserved concurrency / max instances; default 1000).
    #[serde(default = "default_max_instances")]
    pub max_instances: u32,
    /// A request at the cap: `queue` (default) or `reject`.
    #[serde(default)]
    pub at_limit: AtLimitSpec,
}

impl Default for RawKeepAlive {
    fn default() -> Self {
        RawKeepAlive {
            keep_alive: default_keep_alive(),
            provisioned_instances: 0,
            max_instances: default_max_instances(),
            at_limit: AtLimitSpec::default(),
        }
    }
}

fn default_keep_alive() -> Duration {
    Duration::from_secs(600.0)
}
fn default_max_instances() -> u32 {
    1000
}

/// What a keep-alive request does at the instance cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AtLimitSpec {
    /// Wait in the queue for a free slot.
    #[default]
    Queue,
    /// Be refused (throttled); the client may retry.
    Reject,
}

/// A keep-alive request that finds every instance busy and the instance cap reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AtLimit {
    /// It waits in the FIFO queue for the next free slot (Cloud Run, Lambda async).
    #[default]
    Queue,
    /// It is refused (throttled, like a synchronous Lambda invoke); the client may retry.
    Reject,
}

/// The keep-alive platform's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeepAlive {
    /// How long an idle instance is kept before it is released (τ).
    pub keep_alive: SimDuration,
    /// Instances never released (provisioned concurrency / min instances).
    pub provisioned: u32,
    /// Most instances at once (reserved concurrency / max instances).
    pub max_instances: u32,
    /// What a request does at the cap.
    pub at_limit: AtLimit,
}

/// A keep-alive platform at run time: its settings and its release rule.
#[derive(Debug)]
pub struct KeepAliveFleet {
    settings: KeepAlive,
    rule: Box<dyn KeepAliveRule>,
}

impl KeepAliveFleet {
    /// The platform with the rule its settings ask for.
    pub fn new(settings: KeepAlive) -> KeepAliveFleet {
        KeepAliveFleet {
            settings,
            rule: rule_for(&settings),
        }
    }
}

impl PlatformRules for KeepAliveFleet {
    fn admit(&self, fleet: &Fleet) -> Admit {
        if fleet.has_free_slot() {
            Admit::Queue {
                cold: false,
                poke_policy: false,
            }
        } else if fleet.has_open_pending() {
            Admit::BindToPending
        } else if fleet.counts().active() < self.settings.max_instances {
            Admit::Launch
        } else if self.settings.at_limit == AtLimit::Queue {
            Admit::Queue {
                cold: fleet.counts().in_service == 0,
                poke_policy: false,
            }
        } else {
            Admit::Refuse { cold: false }
        }
    }

    fn scales_itself(&self) -> bool {
        true
    }

    /// Queue an expiry check of `unit` if it is idle now and none is queued.
    fn unit_free(
        &mut self,
        unit: InstanceRef,
        fleet: &mut Fleet,
        now: SimTime,
        timers: &mut impl Timers,
    ) {
        if let Some(since) = fleet.idle_since(unit) {
            if fleet.arm_expiry(unit) {
                let at = self.rule.release_at(since).max(now);
                timers.schedule(at, PlatformEvent::IdleExpiry(unit));
            }
        }
    }

    /// An expiry check: if the instance is due, release it when the rule says so; if it was
    /// used since the check was queued and is idle again, check again at its new expiry.
    fn on_event(
        &mut self,
        event: PlatformEvent,
        fleet: &mut Fleet,
        now: SimTime,
        timers: &mut impl Timers,
    ) -> Fired {
        let PlatformEvent::IdleExpiry(unit) = event else {
            return Fired::Nothing;
        };
        fleet.disarm_expiry(unit);
        let Some(since) = fleet.idle_since(unit) else {
            return Fired::Nothing; // busy: it queues a check when it is idle again
        };
        if self.rule.release_at(since) > now {
            self.unit_free(unit, fleet, now, timers);
            return Fired::Nothing;
        }
        if !self.rule.release_at_expiry(fleet.counts().active()) {
            return Fired::Nothing;
        }
        fleet
            .stop_if_idle(unit, now)
            .map_or(Fired::Nothing, Fired::UnitReleased)
    }
}

/// A keep-alive platform sizes itself.
pub fn policy_mismatch(policy: &PolicySpec) -> Option<String> {
    (!matches!(policy, PolicySpec::Fixed)).then(|| {
        "keep_alive scales per request by itself; remove [policy] or set kind = \"fixed\"".into()
    })
}

/// Validate `[platform] kind = "keep_alive"`; also the capacity it implies, `(initial, min,
/// max)` = `(provisioned, provisioned, max_instances)`.
pub fn validate(
    k: &RawKeepAlive,
    ctx: &ValidationContext,
    issues: &mut Issues,
) -> (KeepAlive, (u32, u32, u32)) {
    let mut at = issues.at("platform");
    at.field("keep_alive")
        .duration_in(k.keep_alive, 0.0, 86_400.0 * 7.0);
    at.field("max_instances")
        .count_in(k.max_instances, 1, ctx.max_units);
    if k.provisioned_instances > k.max_instances {
        at.field("provisioned_instances").push(format!(
            "{} is more than platform.max_instances ({})",
            k.provisioned_instances, k.max_instances
        ));
    }
    if ctx.capacity_written {
        issues.warn(
            "[capacity] is ignored with [platform] kind = \"keep_alive\": instances come and go per request, between platform.provisioned_instances and platform.max_instances"
                ,
        );
    }
    let settings = KeepAlive {
        keep_alive: k.keep_alive.to_sim(),
        provisioned: k.provisioned_instances,
        max_instances: k.max_instances.max(1),
        at_limit: match k.at_limit {
            AtLimitSpec::Queue => AtLimit::Queue,
            AtLimitSpec::Reject => AtLimit::Reject,
        },
    };
    let provisioned = k.provisioned_instances.min(k.max_instances);
    (settings, (provisioned, provisioned, k.max_instances.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Queue(Vec<(SimTime, PlatformEvent)>);
    impl Timers for Queue {
        fn schedule(&mut self, at: SimTime, event: PlatformEvent) {
            self.0.push((at, event));
        }
    }

    #[test]
    fn launches_per_request_and_releases_after_tau_down_to_provisioned() {
        let settings = KeepAlive {
            keep_alive: SimDuration::from_secs(60),
            provisioned: 0,
            max_instances: 1,
            at_limit: AtLimit::Reject,
        };
        let mut p = KeepAliveFleet::new(settings);
        let mut fleet = Fleet::new(1);
        assert_eq!(p.admit(&fleet), Admit::Launch);
        let t0 = SimTime::ZERO;
        let unit = fleet.launch(t0);
        fleet.mark_in_service(unit, t0);
        let mut timers = Queue(Vec::new());
        p.unit_free(unit, &mut fleet, t0, &mut timers);
        let due = t0.after(SimDuration::from_secs(60));
        assert_eq!(timers.0, vec![(due, PlatformEvent::IdleExpiry(unit))]);
        let fired = p.on_event(
            PlatformEvent::IdleExpiry(unit),
            &mut fleet,
            due,
            &mut timers,
        );
        assert!(matches!(fired, Fired::UnitReleased(_)), "{fired:?}");
        assert_eq!(fleet.counts().active(), 0);
    }

    #[test]
    fn refuses_at_the_cap_when_told_to() {
        let settings = KeepAlive {
            keep_alive: SimDuration::from_secs(60),
            provisioned: 0,
            max_instances: 1,
            at_limit: AtLimit::Reject,
        };
        let p = KeepAliveFleet::new(settings);
        let mut fleet = Fleet::new(1);
        let unit = fleet.launch(SimTime::ZERO);
        fleet.mark_in_service(unit, SimTime::ZERO);
        fleet.start_bound(unit, SimTime::ZERO);
        let r = crate::endpoint::Request {
            id: 0,
            arrival: SimTime::ZERO,
            attempt_at: SimTime::ZERO,
            service: SimDuration::from_secs(1),
            cold_wait: false,
            attempts: 1,
        };
        fleet.start(r, SimTime::ZERO);
        assert_eq!(p.admit(&fleet), Admit::Refuse { cold: false });
    }
}
