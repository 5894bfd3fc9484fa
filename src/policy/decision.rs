//! The record of one policy evaluation (a "decision"): what each alarm saw, what each
//! policy proposed, which proposal won, and what became of it.
//!
//! The engine makes a [`Decision`] at every minute boundary when an observer asks for them
//! (`Observer::wants_decisions`); otherwise nothing here is built. The capacity and the
//! [`DecisionResult`] come from the engine; the [`Explanation`] (alarms, proposals,
//! cooldowns, the winner and why nothing changed) from policies that can explain
//! themselves (Application Auto Scaling). Other policies leave it `None`.
//!
//! Reasons for no change ([`Reason`]) are AWS's `NotScaledReasons` codes where AWS has one
//! (`AlreadyAtMaxCapacity`, `AlreadyAtMinCapacity`, `AlreadyAtDesiredCapacity`, and the
//! refusal while the endpoint is updating); the others (no alarm in ALARM, a cooldown, a
//! scale-in not every target tracking policy agrees to, suspended scaling) are scalesim's
//! own names for situations AWS logs no code for.

use super::{AlarmState, CapacityView, NotScaledReason};
pub use crate::aws::alarm::Basis;
pub use crate::aws::cooldown::Direction;
use crate::aws::metric::{ComparisonOperator, Statistic};
pub use crate::aws::target_tracking::PolicyKind;
use crate::time::SimTime;

/// One minute-boundary evaluation of the policy. See the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// When the policy ran (the end of `minute`).
    pub time: SimTime,
    /// The minute that had just closed.
    pub minute: u64,
    /// Capacity as the policy saw it.
    pub before: CapacityView,
    /// Requests queued or in flight at `time`.
    pub backlog: u32,
    /// Desired capacity after the policy's actions.
    pub desired_after: u32,
    /// Minimum capacity after the policy's actions (scheduled actions change it).
    pub min_after: u32,
    /// Maximum capacity after the policy's actions.
    pub max_after: u32,
    /// What the policy can say about its evaluation, if it can explain itself.
    pub explanation: Option<Explanation>,
    /// What became of it.
    pub result: DecisionResult,
}

/// Whether desired capacity changed.
#[derive(Debug, Clone, PartialEq)]
pub enum DecisionResult {
    /// Desired capacity changed (the first change's `from`, the last change's `to`).
    Scaled {
        /// Desired capacity before.
        from: u32,
        /// Desired capacity after.
        to: u32,
        /// Who asked (alarm and policy, or scheduled action).
        cause: String,
    },
    /// Desired capacity stayed.
    Unchanged {
        /// Why.
        reason: Reason,
    },
}

/// Why desired capacity did not change. See the module docs for which names are AWS's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// An AWS `NotScaledReasons` code (or the refusal while updating).
    Aws(NotScaledReason),
    /// No alarm that invokes a policy is in ALARM (scalesim's name).
    NoAlarmInAlarm,
    /// A scale-out no larger than the running scale-out cooldown allows (scalesim's name).
    ScaleOutCooldown {
        /// Seconds of cooldown left.
        left_s: f64,
    },
    /// A scale-in during the scale-in cooldown (scalesim's name).
    ScaleInCooldown {
        /// Seconds of cooldown left.
        left_s: f64,
    },
    /// A scale-in some target tracking policy with scale-in enabled does not agree to
    /// (scalesim's name; see `aws::target_tracking::combine`).
    ScaleInNotAgreed,
    /// Dynamic scaling in this direction is suspended (scalesim's name).
    Suspended {
        /// The direction that was wanted.
        direction: Direction,
    },
    /// A policy was invoked but proposed no change (no step matched, no datapoint).
    NoProposal,
    /// The policy asked for nothing and says nothing more (policies that do not explain
    /// themselves).
    NothingRequested,
}

impl Reason {
    /// The code: AWS's where it has one, else scalesim's.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Aws(r) => r.code(),
            Reason::NoAlarmInAlarm => "NoAlarmInAlarm",
            Reason::ScaleOutCooldown { .. } => "ScaleOutCooldown",
            Reason::ScaleInCooldown { .. } => "ScaleInCooldown",
            Reason::ScaleInNotAgreed => "ScaleInNotAgreed",
            Reason::Suspended { .. } => "ScalingSuspended",
            Reason::NoProposal => "NoProposal",
            Reason::NothingRequested => "NothingRequested",
        }
    }

    /// Whether [`Reason::code`] is an AWS code (`NotScaledReasons` of
    /// describe-scaling-activities) rather than scalesim's own name.
    pub fn is_aws_code(&self) -> bool {
        matches!(self, Reason::Aws(_))
    }
}

/// What a policy that explains itself reports of one evaluation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explanation {
    /// Every alarm, after this minute's datapoints.
    pub alarms: Vec<AlarmCheck>,
    /// One entry per scaling policy.
    pub proposals: Vec<ProposalCheck>,
    /// Seconds of scale-out cooldown left when the evaluation began (`None`: none running).
    pub scale_out_cooldown_left_s: Option<f64>,
    /// Seconds of scale-in cooldown left when the evaluation began.
    pub scale_in_cooldown_left_s: Option<f64>,
    /// The proposal that won the combination of policies, if any.
    pub winner: Option<Winner>,
    /// Why the policy asked for no change (`None`: it asked for the winner's capacity).
    pub verdict: Option<Reason>,
}

/// Which alarm of which policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlarmRole {
    /// A target tracking policy's AlarmHigh (scale-out).
    High,
    /// A target tracking policy's AlarmLow (scale-in).
    Low,
    /// The alarm of a step scaling policy.
    Step,
}

/// One alarm after this minute's evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmCheck {
    /// The full alarm name.
    pub name: String,
    /// The policy it invokes.
    pub policy: String,
    /// Its role in that policy.
    pub role: AlarmRole,
    /// The endpoint metric it watches (`None`: a metric scalesim does not publish).
    pub metric: Option<&'static str>,
    /// The statistic per period.
    pub statistic: Statistic,
    /// How datapoints are compared with the threshold.
    pub comparison: ComparisonOperator,
    /// The threshold.
    pub threshold: f64,
    /// N.
    pub evaluation_periods: u32,
    /// M.
    pub datapoints_to_alarm: u32,
    /// The period, seconds.
    pub period_s: u32,
    /// The evaluation range, oldest first (periods not yet published are absent).
    pub datapoints: Vec<Datapoint>,
    /// Breaching datapoints among those evaluated.
    pub breaching: u32,
    /// Real datapoints evaluated.
    pub evaluated: u32,
    /// Which rule decided the state.
    pub basis: Basis,
    /// The state after this evaluation.
    pub state: AlarmState,
    /// The state before this minute's datapoints.
    pub previous: AlarmState,
}

/// One period of an alarm's evaluation range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Datapoint {
    /// The first minute of the period.
    pub minute: u64,
    /// The value (`None`: no datapoint).
    pub value: Option<f64>,
    /// The value breaches the threshold.
    pub breaching: bool,
    /// The evaluation used it.
    pub evaluated: bool,
}

/// What one policy proposed this minute.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalCheck {
    /// Policy name.
    pub policy: String,
    /// Its kind.
    pub kind: PolicyKind,
    /// The alarm in ALARM that invoked it (full name), if any.
    pub alarm: Option<String>,
    /// The capacity it put forward for combination (`None`: nothing).
    pub capacity: Option<u32>,
    /// The capacity its formula gave before clamping to `[min, max]`, when invoked.
    pub computed: Option<i64>,
    /// Why `capacity` is what it is.
    pub why: ProposalWhy,
}

/// Why a policy proposed what it did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProposalWhy {
    /// None of its alarms is in ALARM.
    NotInvoked,
    /// It proposes `capacity`.
    Proposed,
    /// Its result does not move desired capacity in its alarm's direction (desired is
    /// already there, or the bound stops it).
    AlreadyMet {
        /// The AWS code that fits (`AlreadyAtMaxCapacity`, `AlreadyAtMinCapacity` or
        /// `AlreadyAtDesiredCapacity`).
        reason: NotScaledReason,
    },
    /// During a scale-out cooldown a step applies to the capacity before the activity
    /// that started it, and that gives no more than desired capacity already is
    /// (see `aws::cooldown`).
    CountedInCooldown {
        /// The capacity the step was applied to.
        base: u32,
    },
    /// Target tracking refused with this AWS reason (see `aws::target_tracking::decide`).
    Refused(NotScaledReason),
    /// No step matches `value − threshold` (step scaling).
    NoStep {
        /// The aggregated value.
        value: f64,
    },
    /// The alarm has no datapoint to act on.
    NoDatapoints,
}

/// The proposal that won.
#[derive(Debug, Clone, PartialEq)]
pub struct Winner {
    /// Policy name.
    pub policy: String,
    /// The capacity.
    pub capacity: u32,
    /// Scale-out or scale-in.
    pub direction: Direction,
}

/// Which AWS code fits a result that leaves desired capacity where it is: the bound that
/// stopped an `unclamped` result, else `AlreadyAtDesiredCapacity`.
pub fn already_reason(unclamped: i64, min: u32, max: u32) -> NotScaledReason {
    if unclamped > i64::from(max) {
        NotScaledReason::AlreadyAtMaxCapacity
    } else if unclamped < i64::from(min) {
        NotScaledReason::AlreadyAtMinCapacity
    } else {
        NotScaledReason::AlreadyAtDesiredCapacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_their_source() {
        let aws = Reason::Aws(NotScaledReason::AlreadyAtMinCapacity);
        assert_eq!(aws.code(), "AlreadyAtMinCapacity");
        assert!(aws.is_aws_code());
        let ours = Reason::ScaleInCooldown { left_s: 30.0 };
        assert_eq!(ours.code(), "ScaleInCooldown");
        assert!(!ours.is_aws_code());
    }

    #[test]
    fn the_bound_that_stopped_a_result_names_the_reason() {
        assert_eq!(
            already_reason(5, 0, 1),
            NotScaledReason::AlreadyAtMaxCapacity
        );
        assert_eq!(
            already_reason(-1, 0, 1),
            NotScaledReason::AlreadyAtMinCapacity
        );
        assert_eq!(
            already_reason(1, 0, 1),
            NotScaledReason::AlreadyAtDesiredCapacity
        );
    }
}
