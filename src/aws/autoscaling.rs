//! Simulated Application Auto Scaling: the [`ScalingPolicy`] that runs target tracking,
//! step scaling and scheduled actions on the endpoint, rule by rule.
//!
//! Once a minute (docs/aws-semantics.md §0.1, §7.5) the engine hands over the datapoints published
//! since the last minute. Each alarm — the two hidden alarms of every target tracking policy
//! (docs/aws-semantics.md §1.2, §1.3) and the alarm of every step policy — evaluates each new
//! datapoint in order. Then, for this minute:
//!
//! 1. **Scheduled actions** due at this minute set MinCapacity/MaxCapacity, ignoring
//!    cooldowns (docs/aws-semantics.md §1.8), unless `ScheduledScalingSuspended` (§7.8).
//! 2. **Every alarm in ALARM invokes its policy again** (docs/aws-semantics.md §0.3): a TT
//!    AlarmHigh proposes `ceil(C·M/T)` with C the InService capacity and M the alarm's newest
//!    datapoint (docs/aws-semantics.md §1.5; at C = 0 the metric is the whole backlog, §1.6);
//!    AlarmLow proposes the same but only below C; a step policy aggregates the alarm's datapoints,
//!    picks the step for `value − threshold` and adjusts the desired capacity (§2.2–2.5).
//! 3. **Combination** (docs/aws-semantics.md §1.12): scale out if any policy proposes more than the
//!    desired capacity; scale in only if every TT policy with scale-in enabled agrees (step
//!    scale-ins are not blocked by TT); the largest capacity wins.
//! 4. **Cooldowns** (§1.8, §2.6): during a scale-out cooldown only a larger scale-out goes
//!    ahead (capacity already added counts); a scale-in cooldown blocks scale-ins and a
//!    scale-out ends it. The clock starts when the activity completes or at the request
//!    (`cooldown_clock`, §1.9).
//! 5. **Updating** (§1.10): while a capacity change is still in progress the endpoint
//!    refuses another one; the refusal is logged as `TargetServicePutResourceAsUnscalable`
//!    and the alarm, still in ALARM, retries next minute.
//!
//! Not-scaled outcomes are reported as activities, once per change of (policy, reason),
//! not every minute.
//!
//! On request ([`ScalingPolicy::record_explanations`]) each minute's evaluation is also
//! explained (alarms, proposals, cooldowns, the winner, why nothing changed): see
//! `autoscaling_explain.rs`.
//!
//! Parts: this file runs the minute (steps 1, 3, 4, 5); `autoscaling_alarm.rs` feeds each
//! alarm its metric; `autoscaling_wishes.rs` computes each policy's proposal (step 2);
//! `scheduled.rs` decides which scheduled actions are due. Time is the engine's integer
//! [`SimTime`]; AWS's whole-second cooldowns become [`SimDuration`]s here.

use super::alarm::AlarmState;
use super::cooldown::{CooldownVerdict, Cooldowns, Direction};
use super::scheduled::ScheduledRun;
use super::spec::{AasConfig, CooldownClock, CurrentCapacity};
use super::target_tracking::{combine, Combined, PolicyKind, Proposal};
use crate::policy::decision::{Explanation, ProposalWhy, Reason};
use crate::policy::{NotScaledReason, PolicyInput, ScalingAction, ScalingPolicy};
use crate::time::{SimDuration, SimTime, MICROS_PER_SEC};

#[path = "autoscaling_alarm.rs"]
mod alarm_feed;
#[path = "autoscaling_explain.rs"]
mod explain;
#[path = "autoscaling_wishes.rs"]
mod wishes;

use alarm_feed::MetricAlarm;

#[derive(Debug)]
struct TtRuntime {
    name: String,
    config: super::target_tracking::TargetTrackingConfig,
    high: MetricAlarm,
    low: Option<MetricAlarm>,
}

#[derive(Debug)]
struct StepRuntime {
    name: String,
    policy: super::step::StepPolicy,
    alarm: MetricAlarm,
}

/// A scale-out or scale-in whose cooldown starts when its activity completes.
#[derive(Debug, Clone, Copy)]
struct AwaitingCompletion {
    direction: Direction,
    cooldown: SimDuration,
    from: u32,
    to: u32,
    requested: SimTime,
}

/// The simulated Application Auto Scaling of one scalable target. See the module docs.
#[derive(Debug)]
pub struct AutoScaling {
    cooldown_clock: CooldownClock,
    tt_current_capacity: CurrentCapacity,
    refuse_while_updating: bool,
    suspended: super::spec::SuspendedSpec,
    start_unix_s: i64,
    tt: Vec<TtRuntime>,
    steps: Vec<StepRuntime>,
    scheduled: Vec<ScheduledRun>,
    cooldowns: Cooldowns,
    awaiting: Option<AwaitingCompletion>,
    last_not_scaled: Vec<(String, NotScaledReason)>,
    not_scaled_now: Vec<(String, NotScaledReason)>,
    /// Explain each minute (`record_explanations`), and the latest explanation.
    explaining: bool,
    explanation: Option<Explanation>,
}

/// One policy's wish this minute (one per policy, in `tt` then `steps` order).
struct Wish {
    kind: PolicyKind,
    scale_in_enabled: bool,
    capacity: Option<u32>,
    cooldown: SimDuration,
    cause: String,
    /// For explanations: the invoking alarm's index in `alarms()` order, the formula's
    /// unclamped result, and why `capacity` is what it is.
    alarm: Option<usize>,
    computed: Option<i64>,
    why: ProposalWhy,
    /// A target tracking policy in AlarmHigh that does not scale (its capacity is already
    /// met, or it is at max) holds the current capacity: in [`combine`] that outranks any
    /// smaller proposal, so a simultaneous step scale-in does not go through (§1.12).
    holds_current: bool,
}

/// A cooldown of AWS's whole seconds.
fn secs(s: u32) -> SimDuration {
    SimDuration::from_secs(u64::from(s))
}

impl AutoScaling {
    /// Start with every alarm in INSUFFICIENT_DATA and no cooldown.
    pub fn new(config: &AasConfig) -> AutoScaling {
        let extra = config.alarm_evaluation_range_extra;
        AutoScaling {
            tt_current_capacity: config.tt_current_capacity,
            refuse_while_updating: config.refuse_while_updating,
            cooldown_clock: config.cooldown_clock,
            suspended: config.suspended,
            start_unix_s: config.start_unix_s,
            tt: config
                .target_tracking
                .iter()
                .map(|t| TtRuntime {
                    name: t.name.clone(),
                    config: t.config.clone(),
                    high: MetricAlarm::new(t.high.clone(), t.metric, extra),
                    low: t.low.clone().map(|l| MetricAlarm::new(l, t.metric, extra)),
                })
                .collect(),
            steps: config
                .step
                .iter()
                .map(|s| StepRuntime {
                    name: s.name.clone(),
                    policy: s.policy.clone(),
                    alarm: MetricAlarm::new(s.alarm.clone(), s.metric, extra),
                })
                .collect(),
            scheduled: config.scheduled.iter().map(ScheduledRun::new).collect(),
            cooldowns: Cooldowns::new(),
            awaiting: None,
            last_not_scaled: Vec::new(),
            not_scaled_now: Vec::new(),
            explaining: false,
            explanation: None,
        }
    }

    fn alarms(&self) -> impl Iterator<Item = &MetricAlarm> {
        self.tt
            .iter()
            .flat_map(|t| std::iter::once(&t.high).chain(t.low.as_ref()))
            .chain(self.steps.iter().map(|s| &s.alarm))
    }

    fn not_scaled(
        &mut self,
        cause: String,
        reason: NotScaledReason,
        actions: &mut Vec<ScalingAction>,
    ) {
        let key = (cause.clone(), reason);
        if !self.last_not_scaled.contains(&key) {
            actions.push(ScalingAction::NotScaled {
                cause: cause.clone(),
                reason,
            });
        }
        self.not_scaled_now.push(key);
    }

    fn run_schedules(&mut self, now: SimTime, actions: &mut Vec<ScalingAction>) {
        let unix_minute = self.start_unix_s + (now.0 / MICROS_PER_SEC) as i64;
        for s in &mut self.scheduled {
            let due = s.due(now, unix_minute);
            let c = &s.config;
            if due && !self.suspended.scheduled_scaling_suspended {
                actions.push(ScalingAction::SetBounds {
                    min: c.min,
                    max: c.max,
                    cause: format!("scheduled action name {} was triggered", c.name),
                });
            }
        }
    }
}

impl ScalingPolicy for AutoScaling {
    fn on_minute(&mut self, input: &PolicyInput<'_>, actions: &mut Vec<ScalingAction>) {
        let now = input.now;
        let cap = input.capacity;
        if let Some(a) = self.awaiting {
            if !cap.updating && cap.settled_at.is_some_and(|t| t >= a.requested) {
                let at = cap.settled_at.unwrap_or(now);
                self.record(a.direction, at, a.cooldown, a.from, a.to);
                self.awaiting = None;
            }
        }
        let before = self.explaining.then(|| self.explain_start(now));
        for m in input.published {
            for t in &mut self.tt {
                t.high.push(m);
                if let Some(l) = &mut t.low {
                    l.push(m);
                }
            }
            for s in &mut self.steps {
                s.alarm.push(m);
            }
        }
        self.run_schedules(now, actions);

        self.not_scaled_now.clear();
        let mut wishes = Vec::new();
        let mut refusals = Vec::new();
        self.wishes(input, now, &mut wishes, &mut refusals);
        for (cause, reason) in refusals {
            self.not_scaled(cause, reason, actions);
        }
        let proposals: Vec<Proposal> = wishes
            .iter()
            .map(|w| Proposal {
                kind: w.kind,
                scale_in_enabled: w.scale_in_enabled,
                capacity: w.capacity.or(w.holds_current.then_some(cap.desired)),
            })
            .collect();
        let combined = combine(cap.desired, &proposals);
        let verdict = self.act_on(input, combined, &wishes, actions);
        if let Some(before) = before {
            self.explanation = Some(self.explain_minute(input, before, &wishes, combined, verdict));
        }
        self.last_not_scaled = std::mem::take(&mut self.not_scaled_now);
    }

    fn alarm_names(&self) -> Vec<String> {
        self.alarms()
            .map(|a| a.alarm.config().name.clone())
            .collect()
    }

    fn alarm_states(&self, out: &mut Vec<AlarmState>) {
        out.extend(self.alarms().map(|a| a.alarm.state()));
    }

    fn record_explanations(&mut self, on: bool) {
        self.explaining = on;
        self.explanation = None;
    }

    fn take_explanation(&mut self) -> Option<Explanation> {
        self.explanation.take()
    }
}

impl AutoScaling {
    /// Apply the combined decision through suspension, cooldowns and the updating rule.
    /// `None` when it asked for a new desired capacity, else why not (for explanations;
    /// `NoProposal` when the policies proposed nothing, which the explanation refines).
    fn act_on(
        &mut self,
        input: &PolicyInput<'_>,
        combined: Combined,
        wishes: &[Wish],
        actions: &mut Vec<ScalingAction>,
    ) -> Option<Reason> {
        use super::cooldown::BlockReason;
        let now = input.now;
        let cap = input.capacity;
        let suspended = &self.suspended;
        let (direction, target) = match combined {
            Combined::ScaleOut(c) if !suspended.dynamic_scaling_out_suspended => {
                (Direction::Out, c)
            }
            Combined::ScaleIn(c) if !suspended.dynamic_scaling_in_suspended => (Direction::In, c),
            Combined::ScaleOut(_) => {
                return Some(Reason::Suspended {
                    direction: Direction::Out,
                })
            }
            Combined::ScaleIn(_) => {
                return Some(Reason::Suspended {
                    direction: Direction::In,
                })
            }
            Combined::NoChange => return Some(Reason::NoProposal),
        };
        // The policy whose proposal won gives the cause and the cooldown.
        let winner = wishes
            .iter()
            .find(|w| w.capacity == Some(target))
            .map(|w| (w.cause.clone(), w.cooldown))
            .unwrap_or_default();
        let new_desired = match self
            .cooldowns
            .check_directed(now, direction, cap.desired, target)
        {
            CooldownVerdict::Proceed { new_desired } => new_desired,
            CooldownVerdict::Blocked { reason } => {
                return Some(match reason {
                    BlockReason::ScaleOutCooldown { until } => Reason::ScaleOutCooldown {
                        left_s: until.since(now).as_secs_f64(),
                    },
                    BlockReason::ScaleInCooldown { until } => Reason::ScaleInCooldown {
                        left_s: until.since(now).as_secs_f64(),
                    },
                    BlockReason::NoChange => Reason::Aws(NotScaledReason::AlreadyAtDesiredCapacity),
                })
            }
        };
        if cap.updating && self.refuse_while_updating {
            let refusal = NotScaledReason::TargetServicePutResourceAsUnscalable;
            self.not_scaled(winner.0, refusal, actions);
            return Some(Reason::Aws(refusal));
        }
        actions.push(ScalingAction::SetDesired {
            desired: new_desired,
            cause: winner.0,
        });
        match self.cooldown_clock {
            CooldownClock::Request => {
                self.record(direction, now, winner.1, cap.desired, new_desired)
            }
            CooldownClock::ActivityComplete => {
                self.awaiting = Some(AwaitingCompletion {
                    direction,
                    cooldown: winner.1,
                    from: cap.desired,
                    to: new_desired,
                    requested: input.now,
                });
            }
        }
        None
    }

    fn record(
        &mut self,
        direction: Direction,
        at: SimTime,
        cooldown: SimDuration,
        from: u32,
        to: u32,
    ) {
        match direction {
            Direction::Out => self.cooldowns.record_scale_out(at, cooldown, from, to),
            Direction::In => self.cooldowns.record_scale_in(at, cooldown),
        }
    }
}
