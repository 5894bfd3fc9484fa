//! What each policy of [`AutoScaling`](super::AutoScaling) proposes at a minute (its
//! wish): target tracking's `ceil(C·M/T)` from the alarm in ALARM
//! (docs/aws-semantics.md §1.5, §1.6), a step policy's adjustment from its aggregated
//! datapoints (docs/aws-semantics.md §2.2–2.5), and why a policy proposes nothing.

use super::{secs, AutoScaling, Wish};
use crate::aws::spec::CurrentCapacity;
use crate::aws::step::{aggregate, clamp_capacity, AdjustmentType};
use crate::aws::target_tracking::{decide, proposed_capacity, PolicyKind, TtAlarm, TtDecision};
use crate::policy::decision::{already_reason, ProposalWhy};
use crate::policy::{NotScaledReason, PolicyInput};
use crate::time::{SimDuration, SimTime};

impl AutoScaling {
    pub(super) fn wishes(
        &self,
        input: &PolicyInput<'_>,
        now: SimTime,
        out: &mut Vec<Wish>,
        refusals: &mut Vec<(String, NotScaledReason)>,
    ) {
        let cap = input.capacity;
        let mut alarm_index = 0;
        for t in &self.tt {
            let mut wish = Wish {
                kind: PolicyKind::TargetTracking,
                scale_in_enabled: !t.config.disable_scale_in,
                capacity: None,
                cooldown: SimDuration::ZERO,
                cause: String::new(),
                alarm: None,
                computed: None,
                why: ProposalWhy::NotInvoked,
                holds_current: false,
            };
            for (alarm, which, cooldown) in [
                (Some(&t.high), TtAlarm::High, t.config.scale_out_cooldown_s),
                (t.low.as_ref(), TtAlarm::Low, t.config.scale_in_cooldown_s),
            ] {
                let index = alarm_index;
                alarm_index += usize::from(alarm.is_some());
                let Some(a) = alarm.filter(|a| a.in_alarm()) else {
                    continue;
                };
                let m = a.alarm.latest_value().unwrap_or(f64::NAN);
                let cause = format!(
                    "monitor alarm {} in state ALARM triggered policy {}",
                    a.alarm.config().name,
                    t.name
                );
                let c = match self.tt_current_capacity {
                    CurrentCapacity::InService => cap.in_service,
                    CurrentCapacity::Desired => cap.desired,
                };
                let unclamped =
                    i64::from(proposed_capacity(c, m, t.config.target_value, 0, u32::MAX));
                if wish.capacity.is_none() {
                    wish.alarm = Some(index);
                    wish.computed = Some(unclamped);
                }
                match decide(c, m, &t.config, cap.min, cap.max, which) {
                    // AlarmHigh only ever scales out and AlarmLow only in, measured against
                    // the desired capacity (pending instances already count).
                    TtDecision::ScaleTo(c)
                        if (which == TtAlarm::High && c <= cap.desired)
                            || (which == TtAlarm::Low && c >= cap.desired) =>
                    {
                        wish.holds_current |= which == TtAlarm::High;
                        if wish.capacity.is_none() {
                            wish.why = ProposalWhy::AlreadyMet {
                                reason: already_reason(unclamped, cap.min, cap.max),
                            };
                        }
                    }
                    TtDecision::ScaleTo(c) => {
                        wish.capacity = Some(c);
                        wish.cooldown = secs(cooldown);
                        wish.cause = cause;
                        wish.why = ProposalWhy::Proposed;
                    }
                    TtDecision::NotScaled(r) => {
                        wish.holds_current |= which == TtAlarm::High;
                        if wish.capacity.is_none() {
                            wish.why = ProposalWhy::Refused(r);
                        }
                        refusals.push((cause, r));
                    }
                }
            }
            out.push(wish);
        }
        for s in &self.steps {
            let index = alarm_index;
            alarm_index += 1;
            let mut wish = Wish {
                kind: PolicyKind::Step,
                scale_in_enabled: true,
                capacity: None,
                cooldown: secs(s.policy.cooldown_s()),
                cause: String::new(),
                alarm: None,
                computed: None,
                why: ProposalWhy::NotInvoked,
                holds_current: false,
            };
            if !s.alarm.in_alarm() {
                // A step policy without a proposal changes nothing in `combine`.
                out.push(wish);
                continue;
            }
            wish.alarm = Some(index);
            let base = self.cooldowns.scale_out_base(now, cap.desired);
            let cfg = s.alarm.alarm.config();
            let cause = format!(
                "monitor alarm {} in state ALARM triggered policy {}",
                cfg.name, s.name
            );
            let recent = s.alarm.alarm.recent_values();
            let Some(value) = aggregate(recent, s.policy.aggregation()) else {
                wish.why = ProposalWhy::NoDatapoints;
                out.push(wish);
                continue;
            };
            let Some(step) = s.policy.select(value - cfg.threshold) else {
                wish.why = ProposalWhy::NoStep { value };
                out.push(wish);
                continue;
            };
            let Some(unclamped) = s.policy.evaluate(base, recent, cfg.threshold) else {
                wish.why = ProposalWhy::NoDatapoints;
                out.push(wish);
                continue;
            };
            let c = clamp_capacity(unclamped, cap.min, cap.max);
            // A positive adjustment only scales out, a negative one only in (a step on a
            // scale-out alarm never removes capacity); ExactCapacity goes either way.
            let exact = s.policy.adjustment_type() == AdjustmentType::ExactCapacity;
            let consistent = exact
                || (step.scaling_adjustment > 0 && c > cap.desired)
                || (step.scaling_adjustment < 0 && c < cap.desired);
            wish.capacity = consistent.then_some(c);
            wish.cause = cause;
            wish.computed = Some(unclamped);
            wish.why = if consistent && c != cap.desired {
                ProposalWhy::Proposed
            } else if base < cap.desired && step.scaling_adjustment > 0 {
                // During a scale-out cooldown the step applies to the capacity before it.
                ProposalWhy::CountedInCooldown { base }
            } else {
                ProposalWhy::AlreadyMet {
                    reason: already_reason(unclamped, cap.min, cap.max),
                }
            };
            out.push(wish);
        }
    }
}
