//! The serving platforms scalesim models: the list of them, and the one interface the
//! engine drives them through ([`PlatformRules`]).
//!
//! A platform decides what the scaling policy does not:
//! - **admission** ([`PlatformRules::admit`]): what happens to a request that finds no
//!   capacity. It waits in a queue, binds to a Pending instance, gets a new instance of its
//!   own, or is refused (the client may retry, [`ClientRetry`]);
//! - **units** ([`PlatformRules::place_unit`], [`PlatformRules::unit_stopped`],
//!   [`PlatformRules::unit_free`]): where a new unit of capacity goes, what happens when one
//!   stops, and whether an idle one is released by the platform itself (keep-alive);
//! - **what is billed** ([`PlatformRules::machines`], [`PlatformRules::billed_micros`]):
//!   the units, or the hosts under them;
//! - **scale-in order** ([`PlatformRules::cancels_pending_first`]) and **which metrics are
//!   published** ([`PlatformKind::published_metrics`]).
//!
//! The interface and the types that cross it are in `rules.rs`. One file per platform
//! holds its settings, its raw `[platform]` section, its validation and its rules. This
//! file holds the lists: [`PlatformKind`], [`RawPlatform`],
//! [`Platform`] (validated settings) and [`PlatformState`] (the run-time state the engine
//! owns), each matched in one place, so calls are static. Adding a platform touches its
//! own file, these lists and its page in `docs/platforms/`; see `docs/platforms/README.md`,
//! "Adding a platform". The engine (`crate::sim`) never names a platform.

pub mod client;
pub mod keep_alive;
pub mod kubernetes;
mod rules;
pub mod sagemaker_async;
pub mod sagemaker_realtime;

pub use client::ClientRetry;
pub use keep_alive::{AtLimit, KeepAlive};
pub use rules::{Admit, AfterStop, Fired, PlatformEvent, PlatformRules, Timers};
pub use sagemaker_realtime::SagemakerRealtime;

use crate::cost::Billing;
use crate::endpoint::fleet::{Fleet, InstanceRef, StoppedInstance};
use crate::error::Issues;
use crate::metrics::EndpointMetric;
use crate::scenario::raw::PolicySpec;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

/// Which platform a scenario models (for reports and for which metrics are published).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlatformKind {
    /// SageMaker asynchronous endpoint (the default).
    #[default]
    SagemakerAsync,
    /// SageMaker real-time endpoint with inference components (docs/aws-semantics.md §6).
    SagemakerRealtime,
    /// Lambda / Cloud Run style: an instance per request that finds none idle, kept warm.
    KeepAlive,
    /// A Kubernetes Deployment (scaled by HPA, KEDA or Knative).
    Kubernetes,
}

impl PlatformKind {
    /// The scenario-file name of the platform.
    pub fn name(self) -> &'static str {
        match self {
            PlatformKind::SagemakerAsync => "sagemaker_async",
            PlatformKind::SagemakerRealtime => "sagemaker_realtime",
            PlatformKind::KeepAlive => "keep_alive",
            PlatformKind::Kubernetes => "kubernetes",
        }
    }

    /// The metrics the platform publishes (the `timeseries.csv` metric columns).
    pub fn published_metrics(self) -> &'static [EndpointMetric] {
        match self {
            PlatformKind::SagemakerAsync => sagemaker_async::PUBLISHED,
            PlatformKind::SagemakerRealtime => sagemaker_realtime::PUBLISHED,
            PlatformKind::KeepAlive => keep_alive::PUBLISHED,
            PlatformKind::Kubernetes => kubernetes::PUBLISHED,
        }
    }
}

/// `[platform]`: what serves the requests. See `docs/platforms/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawPlatform {
    /// A SageMaker asynchronous endpoint: requests queue while there is no capacity.
    #[default]
    SagemakerAsync,
    /// A SageMaker real-time endpoint with inference components (docs/aws-semantics.md §6): the
    /// scalable target counts model copies (`[capacity]`), copies sit on instances under
    /// ManagedInstanceScaling, and requests are refused while no copy is InService.
    SagemakerRealtime(sagemaker_realtime::RawRealtime),
    /// Lambda / Cloud Run style: a request that finds no idle instance gets a new one, and
    /// an idle instance is kept for `keep_alive`. `[capacity]` and `[policy]` do not apply.
    KeepAlive(keep_alive::RawKeepAlive),
    /// A Kubernetes Deployment; `[policy]` is `hpa`, `keda` or `knative` (or `fixed`).
    /// Requests queue in front of the pods (a queue, or Knative's activator).
    Kubernetes,
}

/// A platform's validated settings.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Platform {
    /// See [`sagemaker_async`].
    #[default]
    SagemakerAsync,
    /// See [`sagemaker_realtime`].
    SagemakerRealtime(SagemakerRealtime),
    /// See [`keep_alive`].
    KeepAlive(KeepAlive),
    /// See [`kubernetes`].
    Kubernetes,
}

/// The platform as the engine needs it: its settings and the client's retries.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PlatformConfig {
    /// Which platform, with its settings.
    pub platform: Platform,
    /// Client retries of refused requests.
    pub retry: ClientRetry,
}

impl PlatformConfig {
    /// Which platform.
    pub fn kind(&self) -> PlatformKind {
        match self.platform {
            Platform::SagemakerAsync => PlatformKind::SagemakerAsync,
            Platform::SagemakerRealtime(_) => PlatformKind::SagemakerRealtime,
            Platform::KeepAlive(_) => PlatformKind::KeepAlive,
            Platform::Kubernetes => PlatformKind::Kubernetes,
        }
    }

    /// Whether a request is refused while no unit is InService (and then waits for a cold
    /// start, retrying), rather than queued.
    pub fn refuses_without_capacity(&self) -> bool {
        matches!(self.platform, Platform::SagemakerRealtime(_))
    }
}

/// A platform's run-time state, owned by the engine's endpoint.
#[derive(Debug)]
pub enum PlatformState {
    /// See [`sagemaker_async`].
    SagemakerAsync(sagemaker_async::SagemakerAsync),
    /// See [`sagemaker_realtime`].
    SagemakerRealtime(sagemaker_realtime::RealtimeHosts),
    /// See [`keep_alive`].
    KeepAlive(keep_alive::KeepAliveFleet),
    /// See [`kubernetes`].
    Kubernetes(kubernetes::Kubernetes),
}

impl PlatformState {
    /// The state at time 0 of a platform with settings `platform`.
    pub fn new(platform: &Platform) -> PlatformState {
        match platform {
            Platform::SagemakerAsync => {
                PlatformState::SagemakerAsync(sagemaker_async::SagemakerAsync)
            }
            Platform::SagemakerRealtime(s) => {
                PlatformState::SagemakerRealtime(sagemaker_realtime::RealtimeHosts::new(*s))
            }
            Platform::KeepAlive(k) => PlatformState::KeepAlive(keep_alive::KeepAliveFleet::new(*k)),
            Platform::Kubernetes => PlatformState::Kubernetes(kubernetes::Kubernetes),
        }
    }
}

/// Call `$call` on whichever platform `$state` is (static dispatch).
macro_rules! each {
    ($state:expr, $p:ident => $call:expr) => {
        match $state {
            PlatformState::SagemakerAsync($p) => $call,
            PlatformState::SagemakerRealtime($p) => $call,
            PlatformState::KeepAlive($p) => $call,
            PlatformState::Kubernetes($p) => $call,
        }
    };
}

impl PlatformRules for PlatformState {
    fn cancels_pending_first(&self) -> bool {
        each!(self, p => p.cancels_pending_first())
    }
    #[inline]
    fn admit(&self, fleet: &Fleet) -> Admit {
        each!(self, p => p.admit(fleet))
    }
    #[inline]
    fn scales_itself(&self) -> bool {
        each!(self, p => p.scales_itself())
    }
    fn initial_unit(&mut self, unit: InstanceRef) {
        each!(self, p => p.initial_unit(unit))
    }
    fn initial_done(&mut self) {
        each!(self, p => p.initial_done())
    }
    #[inline]
    fn place_unit(
        &mut self,
        now: SimTime,
        launch: impl FnOnce() -> InstanceRef,
    ) -> Option<(InstanceRef, SimTime)> {
        each!(self, p => p.place_unit(now, launch))
    }
    #[inline]
    fn unit_stopped(
        &mut self,
        stopped: &StoppedInstance,
        now: SimTime,
        timers: &mut impl Timers,
    ) -> AfterStop {
        each!(self, p => p.unit_stopped(stopped, now, timers))
    }
    #[inline]
    fn unit_free(
        &mut self,
        unit: InstanceRef,
        fleet: &mut Fleet,
        now: SimTime,
        timers: &mut impl Timers,
    ) {
        each!(self, p => p.unit_free(unit, fleet, now, timers))
    }
    fn on_event(
        &mut self,
        event: PlatformEvent,
        fleet: &mut Fleet,
        now: SimTime,
        timers: &mut impl Timers,
    ) -> Fired {
        each!(self, p => p.on_event(event, fleet, now, timers))
    }
    #[inline]
    fn machines(&self, fleet: &Fleet) -> u32 {
        each!(self, p => p.machines(fleet))
    }
    fn billed_micros(&self, billing: &Billing, fleet: &Fleet, now: SimTime) -> u128 {
        each!(self, p => p.billed_micros(billing, fleet, now))
    }
}

/// What validation of `[platform]` needs from the rest of the scenario.
#[derive(Debug, Clone, Copy)]
pub struct ValidationContext {
    /// `capacity.max` as written (or its default).
    pub cap_max: u32,
    /// The most units any scenario may have.
    pub max_units: u32,
    /// Whether the scenario writes any of `[capacity]`.
    pub capacity_written: bool,
}

/// A validated `[platform]`, and the capacity bounds it imposes.
#[derive(Debug, Clone, Copy)]
pub struct Validated {
    /// The settings.
    pub platform: Platform,
    /// `(initial, min, max)` to use instead of `[capacity]`, when the platform decides it.
    pub capacity: Option<(u32, u32, u32)>,
}

impl RawPlatform {
    /// The shortest `[endpoint] request_ttl` the platform allows, in seconds.
    pub fn min_request_ttl_s(&self) -> f64 {
        match self {
            RawPlatform::SagemakerAsync => sagemaker_async::MIN_REQUEST_TTL_S,
            RawPlatform::SagemakerRealtime(_) => sagemaker_realtime::MIN_REQUEST_TTL_S,
            RawPlatform::KeepAlive(_) => keep_alive::MIN_REQUEST_TTL_S,
            RawPlatform::Kubernetes => kubernetes::MIN_REQUEST_TTL_S,
        }
    }
}

/// Why `policy` does not fit `raw`'s platform, as the message of an issue on `policy.kind`.
pub fn policy_mismatch(raw: &RawPlatform, policy: &PolicySpec) -> Option<String> {
    match raw {
        RawPlatform::SagemakerAsync => sagemaker_async::policy_mismatch(policy),
        RawPlatform::SagemakerRealtime(_) => sagemaker_realtime::policy_mismatch(policy),
        RawPlatform::KeepAlive(_) => keep_alive::policy_mismatch(policy),
        RawPlatform::Kubernetes => kubernetes::policy_mismatch(policy),
    }
}

/// Validate `raw`, adding what is wrong and what is ignored to `issues`.
pub fn validate(raw: &RawPlatform, ctx: &ValidationContext, issues: &mut Issues) -> Validated {
    let (platform, capacity) = match raw {
        RawPlatform::SagemakerAsync => (Platform::SagemakerAsync, None),
        RawPlatform::SagemakerRealtime(rt) => (
            Platform::SagemakerRealtime(sagemaker_realtime::validate(rt, ctx, issues)),
            None,
        ),
        RawPlatform::KeepAlive(k) => {
            let (settings, capacity) = keep_alive::validate(k, ctx, issues);
            (Platform::KeepAlive(settings), Some(capacity))
        }
        RawPlatform::Kubernetes => (Platform::Kubernetes, None),
    };
    Validated { platform, capacity }
}
