//! The policy seam: how a scaling policy sees the endpoint and what it may decide.
//!
//! Every policy — a fixed fleet, the idle-timeout policy, Application Auto Scaling (target
//! tracking, step scaling, scheduled actions) and, later, other platforms' autoscalers — is
//! a [`ScalingPolicy`]. Once per simulated minute the engine hands it the metric
//! datapoints published since the last call and a [`CapacityView`]; the policy answers with
//! [`ScalingAction`]s. The engine applies them through the [`target::ScalableTarget`]
//! guard, which enforces `[min, max]` and records each outcome as a scaling activity. A
//! policy never touches instances directly and does no I/O.
//!
//! Autoscalers that read the serving layer directly rather than CloudWatch (Kubernetes HPA,
//! KEDA, Knative) ask for a tick of their own with [`ScalingPolicy::tick_period`]; at each
//! tick the engine hands them a [`LiveInput`]: the state now and time averages since the
//! previous tick. Knative's activator is [`ScalingPolicy::on_demand_without_capacity`],
//! called when a request arrives while nothing is InService.
//!
//! A policy may explain its minute evaluations ([`decision::Explanation`]): the engine
//! turns that on with [`ScalingPolicy::record_explanations`] only when an observer wants
//! decisions, and takes each one with [`ScalingPolicy::take_explanation`].

pub mod decision;
pub mod idle_timeout;
pub mod keep_alive;
pub mod target;

pub use crate::aws::alarm::AlarmState;
use crate::metrics::MetricMinute;
use crate::time::{SimDuration, SimTime};
use serde::{Deserialize, Serialize};

/// The capacity of the endpoint as a policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CapacityView {
    /// Desired instance count of the scalable target.
    pub desired: u32,
    /// Scalable target minimum.
    pub min: u32,
    /// Scalable target maximum.
    pub max: u32,
    /// Instances still cold-starting.
    pub pending: u32,
    /// Instances serving.
    pub in_service: u32,
    /// Instances draining before they stop.
    pub draining: u32,
    /// A capacity change is still in progress (instances pending): the endpoint is
    /// `Updating` (docs/aws-semantics.md §1.10).
    pub updating: bool,
    /// When the most recent capacity change completed (all its instances InService).
    pub settled_at: Option<SimTime>,
}

/// What the engine hands a policy each minute.
#[derive(Debug, Clone, Copy)]
pub struct PolicyInput<'a> {
    /// The current simulated time (a whole minute).
    pub now: SimTime,
    /// Datapoints published since the previous call, oldest first (may be empty, e.g. while
    /// the publication delay has not yet passed).
    pub published: &'a [MetricMinute],
    /// Current capacity.
    pub capacity: CapacityView,
}

/// The serving layer as an autoscaler that reads it directly sees it at a tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiveInput {
    /// The current simulated time.
    pub now: SimTime,
    /// Time since the previous tick (at the first tick: since time 0). Zero when the input
    /// comes from [`ScalingPolicy::on_demand_without_capacity`] between ticks.
    pub interval: SimDuration,
    /// Current capacity (`desired` is the replica count, `in_service` the ready pods).
    pub capacity: CapacityView,
    /// Requests waiting for a slot now (queued, or buffered by an activator).
    pub queued: u32,
    /// Requests being processed now.
    pub in_flight: u32,
    /// Time average of requests in flight over the interval (equals `in_flight` when the
    /// interval is zero).
    pub mean_in_flight: f64,
    /// Time average of requests waiting over the interval (equals `queued` when the
    /// interval is zero).
    pub mean_queued: f64,
    /// Requests that arrived during the interval.
    pub arrivals: u64,
    /// Requests one instance (pod) processes at once.
    pub slots_per_instance: u32,
}

/// Why a requested change did not change capacity (AWS `NotScaledReasons` codes,
/// docs/aws-semantics.md §1.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotScaledReason {
    /// The proposal is above the maximum and capacity is already there.
    AlreadyAtMaxCapacity,
    /// The proposal is below the minimum and capacity is already there.
    AlreadyAtMinCapacity,
    /// The proposal equals the current desired capacity.
    AlreadyAtDesiredCapacity,
    /// The endpoint is updating and refuses changes until the last one completes.
    TargetServicePutResourceAsUnscalable,
    /// Scaling in would likely trigger an immediate scale-out.
    AutoScalingAnticipatedFlapping,
}

impl NotScaledReason {
    /// The AWS code.
    pub fn code(self) -> &'static str {
        match self {
            NotScaledReason::AlreadyAtMaxCapacity => "AlreadyAtMaxCapacity",
            NotScaledReason::AlreadyAtMinCapacity => "AlreadyAtMinCapacity",
            NotScaledReason::AlreadyAtDesiredCapacity => "AlreadyAtDesiredCapacity",
            NotScaledReason::TargetServicePutResourceAsUnscalable => {
                "TargetServicePutResourceAsUnscalable"
            }
            NotScaledReason::AutoScalingAnticipatedFlapping => "AutoScalingAnticipatedFlapping",
        }
    }
}

/// A decision of a policy.
#[derive(Debug, Clone, PartialEq)]
pub enum ScalingAction {
    /// Set the desired capacity (the guard clamps it to `[min, max]`).
    SetDesired {
        /// Proposed capacity.
        desired: u32,
        /// Who asked and why (alarm, policy or schedule name).
        cause: String,
    },
    /// Change the scalable target's bounds (scheduled actions); the guard re-clamps desired.
    SetBounds {
        /// New minimum, if it changes.
        min: Option<u32>,
        /// New maximum, if it changes.
        max: Option<u32>,
        /// Who asked.
        cause: String,
    },
    /// The policy considered scaling and did not (logged as a not-scaled activity).
    NotScaled {
        /// Who considered it.
        cause: String,
        /// Why not.
        reason: NotScaledReason,
    },
}

/// A scaling policy. See the module docs.
pub trait ScalingPolicy: std::fmt::Debug + Send {
    /// Decide, once per minute, given what has been published. Default: nothing.
    fn on_minute(&mut self, _input: &PolicyInput<'_>, _actions: &mut Vec<ScalingAction>) {}

    /// How often [`Self::on_tick`] runs (ticks at `k·period` from time 0, after the minute
    /// boundary of the same instant); `None` (default) for no ticks.
    fn tick_period(&self) -> Option<SimDuration> {
        None
    }

    /// Decide at a tick, reading the serving layer directly. Default: nothing.
    fn on_tick(&mut self, _input: &LiveInput, _actions: &mut Vec<ScalingAction>) {}

    /// A request arrived while no instance is InService (Knative's activator pokes the
    /// autoscaler). Called once per such arrival, after it is queued. Default: nothing.
    fn on_demand_without_capacity(
        &mut self,
        _input: &LiveInput,
        _actions: &mut Vec<ScalingAction>,
    ) {
    }

    /// Names of the alarms this policy evaluates, in the order of [`Self::alarm_states`].
    fn alarm_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// The state of each alarm after the latest [`Self::on_minute`].
    fn alarm_states(&self, _out: &mut Vec<AlarmState>) {}

    /// Keep an [`decision::Explanation`] of each [`Self::on_minute`] (off unless asked).
    /// Default: the policy does not explain itself.
    fn record_explanations(&mut self, _on: bool) {}

    /// The explanation of the latest [`Self::on_minute`], when recording. Default: none.
    fn take_explanation(&mut self) -> Option<decision::Explanation> {
        None
    }
}

/// Keeps the initial capacity for the whole run.
#[derive(Debug, Default)]
pub struct FixedCapacity;

impl ScalingPolicy for FixedCapacity {}
