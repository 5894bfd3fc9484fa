//! What the engine reports while it runs, and the [`Observer`] that receives it.
//!
//! The engine does no I/O: per-request rows, per-minute rows and scaling activities go to
//! an observer (the CLI's writes CSV files; tests collect them in memory). Every hook has
//! a no-op default, so `()` is the observer that keeps nothing.
//!
//! Policy decisions ([`Decision`]) are built only for an observer whose
//! [`Observer::wants_decisions`] says so; an observer may also end the run early
//! ([`Observer::keep_running`]).

use crate::metrics::minute::MinuteCounts;
use crate::metrics::StatisticSet;
pub use crate::policy::decision::Decision;
use crate::policy::{AlarmState, NotScaledReason};
use crate::time::{SimDuration, SimTime};
use serde::Serialize;

/// How a request left the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Processed within the invocation timeout.
    Completed,
    /// Waited longer than the request TTL and left the queue.
    Expired,
    /// Processing would have run past the invocation timeout; failed at the timeout.
    Failed,
    /// Refused for lack of capacity on its last attempt (the client gave up).
    Rejected,
}

/// One request that left the system.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequestRecord {
    /// Arrival sequence number.
    pub id: u64,
    /// Arrival time.
    pub arrival: SimTime,
    /// Processing start (None if it expired in the queue).
    pub start: Option<SimTime>,
    /// Completion, failure or expiry time.
    pub finish: SimTime,
    /// Processing time it needed (seconds), whether or not it got it.
    pub service_s: f64,
    /// How it ended.
    pub outcome: Outcome,
    /// It arrived while no instance was InService.
    pub cold_wait: bool,
}

/// The state of the endpoint over one minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinuteRecord {
    /// Minute index (covers `[60·minute, 60·minute + 60)` s).
    pub minute: u64,
    /// Events counted in the minute.
    pub counts: MinuteCounts,
    /// Requests waiting at the end of the minute.
    pub queued: u32,
    /// Requests processing at the end of the minute.
    pub in_flight: u32,
    /// Desired capacity at the end of the minute (before the policy acts).
    pub desired: u32,
    /// Instances pending at the end of the minute.
    pub pending: u32,
    /// Instances in service at the end of the minute.
    pub in_service: u32,
    /// Instances draining at the end of the minute.
    pub draining: u32,
    /// Billed machines at the end of the minute (instances; for inference components the
    /// hosts under the copies).
    pub machines: u32,
    /// Cumulative cost at the end of the minute (USD).
    pub cost_usd: f64,
    /// The metric datapoints computed for this minute, in `EndpointMetric::ALL` order.
    pub metrics: [Option<StatisticSet>; crate::metrics::METRIC_COUNT],
}

/// Status of a scaling activity (docs/aws-semantics.md §1.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ActivityStatus {
    /// Capacity reached the new desired value.
    Successful,
    /// Still under way when the run ended.
    InProgress,
    /// Considered and not applied (see the reason).
    NotScaled,
}

/// One scaling activity, like a `describe-scaling-activities` record.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRecord {
    /// When it was requested.
    pub start: SimTime,
    /// When capacity reached the new value (scale-out: all new instances InService).
    pub end: Option<SimTime>,
    /// Which policy, alarm or schedule caused it.
    pub cause: String,
    /// Desired capacity before.
    pub from: u32,
    /// Desired capacity after.
    pub to: u32,
    /// Outcome.
    pub status: ActivityStatus,
    /// Why it did not scale, for not-scaled records.
    pub not_scaled_reason: Option<NotScaledReason>,
}

/// Receives what the engine reports. All hooks default to doing nothing.
pub trait Observer {
    /// A request left the system.
    fn on_request(&mut self, _r: &RequestRecord) {}
    /// The policy's alarm states for `minute` (in the order of its `alarm_names`), reported
    /// just before that minute's [`Observer::on_minute`].
    fn on_alarms(&mut self, _minute: u64, _states: &[AlarmState]) {}
    /// A minute closed.
    fn on_minute(&mut self, _m: &MinuteRecord) {}
    /// A scaling activity ended (or was refused).
    fn on_activity(&mut self, _a: &ActivityRecord) {}
    /// Whether to build a [`Decision`] at every minute boundary for
    /// [`Observer::on_decision`]. Default: no (the engine then builds none).
    fn wants_decisions(&self) -> bool {
        false
    }
    /// The policy ran at a minute boundary (after that minute's [`Observer::on_minute`]
    /// and the activities its actions caused). Only when [`Observer::wants_decisions`].
    fn on_decision(&mut self, _d: &Decision) {}
    /// Asked after each minute boundary at `now`: `false` ends the run there (the summary
    /// then covers only what was simulated). Default: run to the horizon.
    fn keep_running(&self, _now: SimTime) -> bool {
        true
    }
}

impl Observer for () {}

/// Passes to `inner` only what happened after the warm-up end `from`: requests that arrived
/// at or after it, minutes (and their alarm states) that start at or after it, and scaling
/// activities requested at or after it. With `from` = 0 it passes everything.
pub struct AfterWarmup<'a, O: Observer> {
    inner: &'a mut O,
    from: SimTime,
}

impl<'a, O: Observer> AfterWarmup<'a, O> {
    /// Filter what reaches `inner`.
    pub fn new(inner: &'a mut O, from: SimTime) -> AfterWarmup<'a, O> {
        AfterWarmup { inner, from }
    }

    fn minute_counts(&self, minute: u64) -> bool {
        SimTime::ZERO.after(SimDuration::from_mins(minute)) >= self.from
    }
}

impl<O: Observer> Observer for AfterWarmup<'_, O> {
    fn on_request(&mut self, r: &RequestRecord) {
        if r.arrival >= self.from {
            self.inner.on_request(r);
        }
    }
    fn on_alarms(&mut self, minute: u64, states: &[AlarmState]) {
        if self.minute_counts(minute) {
            self.inner.on_alarms(minute, states);
        }
    }
    fn on_minute(&mut self, m: &MinuteRecord) {
        if self.minute_counts(m.minute) {
            self.inner.on_minute(m);
        }
    }
    fn on_activity(&mut self, a: &ActivityRecord) {
        if a.start >= self.from {
            self.inner.on_activity(a);
        }
    }
    // Decisions explain the run rather than measure it: they pass during the warm-up too,
    // so that `explain` can answer for any time.
    fn wants_decisions(&self) -> bool {
        self.inner.wants_decisions()
    }
    fn on_decision(&mut self, d: &Decision) {
        self.inner.on_decision(d);
    }
    fn keep_running(&self, now: SimTime) -> bool {
        self.inner.keep_running(now)
    }
}

/// Keeps everything in memory (for tests and small runs).
#[derive(Debug, Default)]
pub struct Collect {
    /// Every request record, in the order they left.
    pub requests: Vec<RequestRecord>,
    /// Every minute.
    pub minutes: Vec<MinuteRecord>,
    /// Every activity.
    pub activities: Vec<ActivityRecord>,
    /// Alarm states per minute.
    pub alarms: Vec<Vec<AlarmState>>,
}

impl Observer for Collect {
    fn on_request(&mut self, r: &RequestRecord) {
        self.requests.push(*r);
    }
    fn on_alarms(&mut self, _minute: u64, states: &[AlarmState]) {
        self.alarms.push(states.to_vec());
    }
    fn on_minute(&mut self, m: &MinuteRecord) {
        self.minutes.push(*m);
    }
    fn on_activity(&mut self, a: &ActivityRecord) {
        self.activities.push(a.clone());
    }
}
