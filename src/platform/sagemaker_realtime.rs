//! SageMaker real-time endpoint with inference components (docs/aws-semantics.md §6,
//! `docs/platforms/sagemaker-realtime.md`).
//!
//! The scalable unit is a model copy; copies sit on instances (hosts) under
//! ManagedInstanceScaling ([`crate::endpoint::hosts::Hosts`]), and the hosts are what is
//! billed. While no copy is InService a request is refused (NoCapacityInvocationFailures,
//! docs/aws-semantics.md §6.5) and the client may retry; otherwise it queues. A new copy loads once
//! its host is ready; a host that loses its last copy is released `release_delay` later if it is
//! still empty. Publishes the per-copy metrics.

use super::{Admit, AfterStop, Fired, PlatformEvent, PlatformRules, Timers, ValidationContext};
use crate::cost::Billing;
use crate::endpoint::fleet::{Fleet, InstanceRef, StoppedInstance};
use crate::endpoint::hosts::{HostRef, Hosts};
use crate::error::Issues;
use crate::metrics::EndpointMetric;
use crate::scenario::raw::PolicySpec;
use crate::time::{Duration, SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// The metrics an inference component publishes.
pub const PUBLISHED: &[EndpointMetric] = &EndpointMetric::INFERENCE_COMPONENT;

/// The shortest `[endpoint] request_ttl`: here it is how long a client waits in a queue, so
/// any positive time is allowed.
pub const MIN_REQUEST_TTL_S: f64 = 0.001;

/// `[platform] kind = "sagemaker_realtime"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRealtime {
    /// Name of the inference component (for AWS resource ids; default: the scenario name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference_component_name: Option<String>,
    /// Model copies one instance holds (from the component's accelerator and memory
    /// requirements; default 1).
    #[serde(default = "one")]
    pub copies_per_instance: u32,
    /// ManagedInstanceScaling MinInstanceCount (default 0).
    #[serde(default)]
    pub min_instance_count: u32,
    /// ManagedInstanceScaling MaxInstanceCount (default: enough instances for
    /// `capacity.max` copies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_instance_count: Option<u32>,
    /// Time to provision a new instance before a copy can load on it (default 105s, the
    /// re:Invent 2024 blog's 1.75 min; docs/aws-semantics.md §4.2). The copy's own load time is
    /// `[endpoint] cold_start`.
    #[serde(default = "default_instance_launch")]
    pub instance_launch: Duration,
    /// How long an instance without copies is kept before it is released (default 10m,
    /// docs/aws-semantics.md §6.6).
    #[serde(default = "default_release_delay")]
    pub instance_release_delay: Duration,
}

impl Default for RawRealtime {
    fn default() -> Self {
        RawRealtime {
            inference_component_name: None,
            copies_per_instance: 1,
            min_instance_count: 0,
            max_instance_count: None,
            instance_launch: default_instance_launch(),
            instance_release_delay: default_release_delay(),
        }
    }
}

fn one() -> u32 {
    1
}
fn default_instance_launch() -> Duration {
    Duration::from_secs(105.0)
}
fn default_release_delay() -> Duration {
    Duration::from_secs(600.0)
}

/// Instances carrying inference-component copies (SageMaker ManagedInstanceScaling,
/// docs/aws-semantics.md §6.1, §6.6). The fleet's units are then copies; hosts are what is billed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SagemakerRealtime {
    /// Copies one instance holds.
    pub copies_per_host: u32,
    /// ManagedInstanceScaling MinInstanceCount.
    pub min_hosts: u32,
    /// ManagedInstanceScaling MaxInstanceCount.
    pub max_hosts: u32,
    /// Time to provision a new instance before a copy can load on it.
    pub launch: SimDuration,
    /// How long an instance without copies is kept before it is released.
    pub release_delay: SimDuration,
}

/// The hosts under the copies, and the host of each fleet slot.
#[derive(Debug)]
pub struct RealtimeHosts {
    settings: SagemakerRealtime,
    hosts: Hosts,
    copy_host: Vec<Option<HostRef>>,
}

impl RealtimeHosts {
    /// No host yet.
    pub fn new(settings: SagemakerRealtime) -> RealtimeHosts {
        RealtimeHosts {
            settings,
            hosts: Hosts::new(
                settings.copies_per_host,
                settings.min_hosts,
                settings.max_hosts,
            ),
            copy_host: Vec::new(),
        }
    }

    /// Record the host of fleet slot `slot`, growing the table as slots are added.
    fn set_host(&mut self, slot: u32, host: Option<HostRef>) {
        let i = slot as usize;
        if self.copy_host.len() <= i {
            self.copy_host.resize(i + 1, None);
        }
        self.copy_host[i] = host;
    }
}

impl PlatformRules for RealtimeHosts {
    #[inline]
    fn admit(&self, fleet: &Fleet) -> Admit {
        if fleet.counts().in_service == 0 {
            Admit::Refuse { cold: true }
        } else {
            Admit::Queue {
                cold: false,
                poke_policy: false,
            }
        }
    }

    fn initial_unit(&mut self, unit: InstanceRef) {
        let placed = self
            .hosts
            .place(SimTime::ZERO, SimDuration::ZERO)
            .map(|p| p.host);
        self.set_host(unit.slot, placed);
    }

    fn initial_done(&mut self) {
        while self.hosts.live() < self.settings.min_hosts {
            self.hosts.launch(SimTime::ZERO, SimTime::ZERO);
        }
    }

    fn place_unit(
        &mut self,
        now: SimTime,
        launch: impl FnOnce() -> InstanceRef,
    ) -> Option<(InstanceRef, SimTime)> {
        let p = self.hosts.place(now, self.settings.launch)?;
        let unit = launch();
        self.set_host(unit.slot, Some(p.host));
        Some((unit, p.host_ready_at))
    }

    fn unit_stopped(
        &mut self,
        stopped: &StoppedInstance,
        now: SimTime,
        timers: &mut impl Timers,
    ) -> AfterStop {
        let host = self
            .copy_host
            .get_mut(stopped.slot as usize)
            .and_then(Option::take);
        let Some(host) = host else {
            return AfterStop::Nothing;
        };
        if let Some(epoch) = self.hosts.remove_copy(host) {
            timers.schedule(
                now.after(self.settings.release_delay),
                PlatformEvent::HostRelease { host, epoch },
            );
        }
        AfterStop::Refill
    }

    fn on_event(
        &mut self,
        event: PlatformEvent,
        _fleet: &mut Fleet,
        now: SimTime,
        _timers: &mut impl Timers,
    ) -> Fired {
        match event {
            PlatformEvent::HostRelease { host, epoch } => self
                .hosts
                .release_if_idle(host, epoch, now)
                .map_or(Fired::Nothing, Fired::MachineStopped),
            PlatformEvent::IdleExpiry(_) => Fired::Nothing,
        }
    }

    fn machines(&self, _fleet: &Fleet) -> u32 {
        self.hosts.live()
    }

    fn billed_micros(&self, billing: &Billing, _fleet: &Fleet, now: SimTime) -> u128 {
        billing.billed_micros(now, self.hosts.running(now))
    }
}

/// Policies a real-time endpoint does not take.
pub fn policy_mismatch(policy: &PolicySpec) -> Option<String> {
    if matches!(policy, PolicySpec::IdleTimeout { .. }) {
        return Some(
            "idle_timeout reads ApproximateBacklogSize, which a real-time endpoint does not publish (and refused requests never queue), so it would never leave zero; use kind = \"application_auto_scaling\" with a step policy on NoCapacityInvocationFailures"
                .into(),
        );
    }
    super::sagemaker_async::policy_mismatch(policy)
}

/// Validate `[platform] kind = "sagemaker_realtime"` given `capacity.max` (in copies).
pub fn validate(
    rt: &RawRealtime,
    ctx: &ValidationContext,
    issues: &mut Issues,
) -> SagemakerRealtime {
    let (cap_max, max_units) = (ctx.cap_max, ctx.max_units);
    let mut at = issues.at("platform");
    let per = rt.copies_per_instance;
    at.field("copies_per_instance").count_in(per, 1, 1000);
    let per = per.max(1);
    let max_hosts = rt
        .max_instance_count
        .unwrap_or(cap_max.div_ceil(per).max(1));
    at.field("max_instance_count")
        .count_in(max_hosts, 1, max_units);
    if rt.min_instance_count > max_hosts {
        at.field("min_instance_count").push(format!(
            "{} is more than platform.max_instance_count ({max_hosts})",
            rt.min_instance_count
        ));
    }
    if u64::from(cap_max) > u64::from(max_hosts) * u64::from(per) {
        at.issues().at("capacity").field("max").push(format!(
            "{cap_max} copies do not fit on platform.max_instance_count ({max_hosts}) × platform.copies_per_instance ({per}) instances"
        ));
    }
    let launch = rt.instance_launch;
    at.field("instance_launch")
        .duration_in(launch, 0.0, 3_600.0);
    let delay = rt.instance_release_delay;
    at.field("instance_release_delay")
        .duration_in(delay, 0.0, 86_400.0);
    SagemakerRealtime {
        copies_per_host: per,
        min_hosts: rt.min_instance_count,
        max_hosts,
        launch: launch.to_sim(),
        release_delay: delay.to_sim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoTimers(Vec<(SimTime, PlatformEvent)>);
    impl Timers for NoTimers {
        fn schedule(&mut self, at: SimTime, event: PlatformEvent) {
            self.0.push((at, event));
        }
    }

    fn settings() -> SagemakerRealtime {
        SagemakerRealtime {
            copies_per_host: 2,
            min_hosts: 0,
            max_hosts: 1,
            launch: SimDuration::from_secs(100),
            release_delay: SimDuration::from_secs(600),
        }
    }

    #[test]
    fn refuses_at_zero_and_bills_hosts_not_copies() {
        let mut p = RealtimeHosts::new(settings());
        let mut fleet = Fleet::new(1);
        assert_eq!(p.admit(&fleet), Admit::Refuse { cold: true });
        let now = SimTime::ZERO;
        let (a, ready) = p.place_unit(now, || fleet.launch(now)).expect("room");
        assert_eq!(ready, now.after(SimDuration::from_secs(100)));
        let (_b, _) = p.place_unit(now, || fleet.launch(now)).expect("room");
        assert!(
            p.place_unit(now, || fleet.launch(now)).is_none(),
            "one host of 2 copies"
        );
        assert_eq!(fleet.counts().active(), 2);
        assert_eq!(p.machines(&fleet), 1);
        let stopped = StoppedInstance {
            slot: a.slot,
            launched_at: now,
            in_service_at: None,
            stopped_at: now,
        };
        let mut timers = NoTimers(Vec::new());
        assert_eq!(
            p.unit_stopped(&stopped, now, &mut timers),
            AfterStop::Refill
        );
        assert!(timers.0.is_empty(), "the host still has a copy");
    }

    #[test]
    fn a_copy_count_that_does_not_fit_is_an_issue() {
        let ctx = ValidationContext {
            cap_max: 3,
            max_units: 100,
            capacity_written: true,
        };
        let raw = RawRealtime {
            max_instance_count: Some(1),
            ..RawRealtime::default()
        };
        let mut collected = crate::error::Issues::new();
        validate(&raw, &ctx, &mut collected);
        let issues = collected.into_issues();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].path, "capacity.max");
    }
}
