//! Control: the scaling policy, the scalable-target guard in front of it, the scaling
//! activities still open, the policy's ticks and alarm states, and the decision records.
//!
//! The policy proposes; [`Control::apply`] passes each proposal through the
//! [`ScalableTarget`] (which enforces `[min, max]`), records what it did as a scaling
//! activity (or a NotScaled one) and returns the capacity change for the engine to carry
//! out on the endpoint. Activities complete when no unit is Pending any more
//! ([`Control::settle`]).

use super::decisions::Applied;
use super::observer::{ActivityRecord, ActivityStatus, Observer};
use super::ticks::TickState;
use super::CapacityConfig;
use crate::endpoint::fleet::FleetCounts;
use crate::policy::target::{Change, ScalableTarget};
use crate::policy::{AlarmState, CapacityView, PolicyInput, ScalingAction, ScalingPolicy};
use crate::time::SimTime;

/// A capacity change still in progress.
struct OpenActivity {
    start: SimTime,
    cause: String,
    change: Change,
}

/// The control side of one run.
pub(super) struct Control {
    pub(super) target: ScalableTarget,
    pub(super) policy: Box<dyn ScalingPolicy>,
    actions: Vec<ScalingAction>,
    open: Vec<OpenActivity>,
    settled_at: Option<SimTime>,
    alarm_states: Vec<AlarmState>,
    /// The policy's own ticks, if it asks for them.
    pub(super) ticks: Option<TickState>,
    /// Decision records are wanted.
    pub(super) explain: bool,
    /// What the actions of the current minute did (only while `explain`).
    pub(super) applied: Vec<Applied>,
}

impl Control {
    /// `policy` in front of a target with the bounds and initial capacity of `cap`.
    pub(super) fn new(cap: &CapacityConfig, policy: Box<dyn ScalingPolicy>) -> Control {
        let ticks = policy.tick_period().map(TickState::new);
        Control {
            target: ScalableTarget::new(cap.min, cap.max, cap.initial),
            policy,
            actions: Vec::new(),
            open: Vec::new(),
            settled_at: None,
            alarm_states: Vec::new(),
            ticks,
            explain: false,
            applied: Vec::new(),
        }
    }

    /// Keep decision records (the policy explains its evaluations).
    pub(super) fn explain_decisions(&mut self) {
        self.explain = true;
        self.policy.record_explanations(true);
    }

    /// The capacity as a policy sees it, with the fleet's counts `c`.
    pub(super) fn capacity_view(&self, c: FleetCounts) -> CapacityView {
        CapacityView {
            desired: self.target.desired(),
            min: self.target.min(),
            max: self.target.max(),
            pending: c.pending,
            in_service: c.in_service,
            draining: c.draining,
            updating: !self.open.is_empty(),
            settled_at: self.settled_at,
        }
    }

    /// Let `decide` fill the policy's actions; returns them to apply, then give them back
    /// with [`Control::restore`] (the buffer is reused).
    pub(super) fn decide(
        &mut self,
        decide: impl FnOnce(&mut dyn ScalingPolicy, &mut Vec<ScalingAction>),
    ) -> Vec<ScalingAction> {
        let mut actions = std::mem::take(&mut self.actions);
        actions.clear();
        decide(self.policy.as_mut(), &mut actions);
        actions
    }

    /// The policy's minute evaluation at a boundary; also takes its alarm states.
    pub(super) fn on_minute(&mut self, input: &PolicyInput<'_>) -> Vec<ScalingAction> {
        let actions = self.decide(|p, a| p.on_minute(input, a));
        self.alarm_states.clear();
        self.policy.alarm_states(&mut self.alarm_states);
        self.applied.clear();
        actions
    }

    /// The alarm states of the last minute evaluation.
    pub(super) fn alarm_states(&self) -> &[AlarmState] {
        &self.alarm_states
    }

    /// Give back the action buffer.
    pub(super) fn restore(&mut self, actions: Vec<ScalingAction>) {
        self.actions = actions;
    }

    /// Pass `action` through the scalable target now: the change of desired capacity to
    /// carry out, with its cause (the activity is then open), or `None`.
    pub(super) fn apply<'a, O: Observer>(
        &mut self,
        action: &'a ScalingAction,
        now: SimTime,
        obs: &mut O,
    ) -> Option<(Change, &'a str)> {
        let not_scaled = |cause: &str, from, to, reason| ActivityRecord {
            start: now,
            end: Some(now),
            cause: cause.to_string(),
            from,
            to,
            status: ActivityStatus::NotScaled,
            not_scaled_reason: Some(reason),
        };
        let (change, cause) = match action {
            ScalingAction::SetDesired { desired, cause } => match self.target.propose(*desired) {
                Ok(change) => (change, cause),
                Err(reason) => {
                    obs.on_activity(&not_scaled(cause, self.target.desired(), *desired, reason));
                    self.note_refusal(reason);
                    return None;
                }
            },
            ScalingAction::SetBounds { min, max, cause } => {
                (self.target.set_bounds(*min, *max)?, cause)
            }
            ScalingAction::NotScaled { cause, reason } => {
                let desired = self.target.desired();
                obs.on_activity(&not_scaled(cause, desired, desired, *reason));
                return None;
            }
        };
        self.note_change(change, cause);
        self.open.push(OpenActivity {
            start: now,
            cause: cause.clone(),
            change,
        });
        Some((change, cause))
    }

    /// With no unit `pending` any more, the open activities complete now.
    pub(super) fn settle<O: Observer>(&mut self, now: SimTime, pending: u32, obs: &mut O) {
        if pending > 0 || self.open.is_empty() {
            return;
        }
        self.settled_at = Some(now);
        for a in self.open.drain(..) {
            obs.on_activity(&ActivityRecord {
                start: a.start,
                end: Some(now),
                cause: a.cause,
                from: a.change.from,
                to: a.change.to,
                status: ActivityStatus::Successful,
                not_scaled_reason: None,
            });
        }
    }

    /// The run ends: report the activities still in progress.
    pub(super) fn finish<O: Observer>(&mut self, obs: &mut O) {
        for a in self.open.drain(..) {
            obs.on_activity(&ActivityRecord {
                start: a.start,
                end: None,
                cause: a.cause,
                from: a.change.from,
                to: a.change.to,
                status: ActivityStatus::InProgress,
                not_scaled_reason: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::FixedCapacity;
    use crate::sim::observer::Collect;

    #[test]
    fn proposals_pass_the_target_and_activities_settle() {
        let cap = CapacityConfig {
            initial: 1,
            min: 0,
            max: 3,
        };
        let mut c = Control::new(&cap, Box::new(FixedCapacity));
        let mut obs = Collect::default();
        let t = SimTime::ZERO;
        let up = ScalingAction::SetDesired {
            desired: 3,
            cause: "up".into(),
        };
        let (change, cause) = c.apply(&up, t, &mut obs).expect("a change");
        assert_eq!((change.from, change.to, cause), (1, 3, "up"));
        assert!(c.capacity_view(FleetCounts::default()).updating);
        let same = ScalingAction::SetDesired {
            desired: 3,
            cause: "again".into(),
        };
        assert!(c.apply(&same, t, &mut obs).is_none());
        c.settle(t, 1, &mut obs);
        assert!(
            c.capacity_view(FleetCounts::default()).updating,
            "still pending"
        );
        c.settle(t, 0, &mut obs);
        assert!(!c.capacity_view(FleetCounts::default()).updating);
        let statuses: Vec<_> = obs.activities.iter().map(|a| a.status).collect();
        assert_eq!(statuses.last(), Some(&ActivityStatus::Successful));
    }
}
