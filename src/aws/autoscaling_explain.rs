//! Explanations of [`AutoScaling`]'s minute evaluations (for `scalesim explain` and the
//! report's "Why did it scale?"): every alarm with its evaluation range, M-of-N count and
//! state; each policy's proposal and why; the cooldowns left; the winning proposal; and,
//! when nothing was asked for, the reason (see `crate::policy::decision`). Built only while
//! explanations are recorded; it reads the evaluation and changes nothing.

use super::{AutoScaling, MetricAlarm, Wish};
use crate::aws::alarm::AlarmState;
use crate::aws::target_tracking::{Combined, PolicyKind};
use crate::policy::decision::{
    AlarmCheck, AlarmRole, Datapoint, Direction, Explanation, ProposalCheck, ProposalWhy, Reason,
    Winner,
};
use crate::policy::PolicyInput;
use crate::time::SimTime;

/// What an explanation needs from before the minute's datapoints arrive.
pub(super) struct Before {
    states: Vec<AlarmState>,
    scale_out_left_s: Option<f64>,
    scale_in_left_s: Option<f64>,
}

impl AutoScaling {
    /// The alarm states and cooldowns at the start of the evaluation at `now`.
    pub(super) fn explain_start(&self, now: SimTime) -> Before {
        let left_s = |until: SimTime| until.since(now).as_secs_f64();
        Before {
            states: self.alarms().map(|a| a.alarm.state()).collect(),
            scale_out_left_s: self.cooldowns.scale_out_until(now).map(left_s),
            scale_in_left_s: self.cooldowns.scale_in_until(now).map(left_s),
        }
    }

    /// Every alarm with the name of its policy and its role, in `alarms()` order.
    fn alarm_roles(&self) -> Vec<(&MetricAlarm, &str, AlarmRole)> {
        let mut out = Vec::new();
        for t in &self.tt {
            out.push((&t.high, t.name.as_str(), AlarmRole::High));
            if let Some(low) = &t.low {
                out.push((low, t.name.as_str(), AlarmRole::Low));
            }
        }
        for s in &self.steps {
            out.push((&s.alarm, s.name.as_str(), AlarmRole::Step));
        }
        out
    }

    /// The explanation of the evaluation that produced `wishes`, `combined` and `verdict`.
    pub(super) fn explain_minute(
        &self,
        input: &PolicyInput<'_>,
        before: Before,
        wishes: &[Wish],
        combined: Combined,
        verdict: Option<Reason>,
    ) -> Explanation {
        let roles = self.alarm_roles();
        let alarms: Vec<AlarmCheck> = roles
            .iter()
            .zip(&before.states)
            .map(|((a, policy, role), previous)| a.check(policy, *role, *previous))
            .collect();
        let names = self
            .tt
            .iter()
            .map(|t| t.name.as_str())
            .chain(self.steps.iter().map(|s| s.name.as_str()));
        let proposals: Vec<ProposalCheck> = wishes
            .iter()
            .zip(names)
            .map(|(w, policy)| ProposalCheck {
                policy: policy.to_string(),
                kind: w.kind,
                alarm: w.alarm.and_then(|i| alarms.get(i)).map(|a| a.name.clone()),
                capacity: w.capacity,
                computed: w.computed,
                why: w.why,
            })
            .collect();
        let winner = match combined {
            Combined::ScaleOut(c) => Some((c, Direction::Out)),
            Combined::ScaleIn(c) => Some((c, Direction::In)),
            Combined::NoChange => None,
        }
        .and_then(|(c, direction)| {
            proposals
                .iter()
                .find(|p| p.capacity == Some(c))
                .map(|p| Winner {
                    policy: p.policy.clone(),
                    capacity: c,
                    direction,
                })
        });
        let verdict = match verdict {
            Some(Reason::NoProposal) => Some(why_nothing(
                input.capacity.desired,
                &alarms,
                &proposals,
                before.scale_out_left_s,
            )),
            v => v,
        };
        Explanation {
            alarms,
            proposals,
            scale_out_cooldown_left_s: before.scale_out_left_s,
            scale_in_cooldown_left_s: before.scale_in_left_s,
            winner,
            verdict,
        }
    }
}

/// Why the policies together proposed no change to `desired`.
fn why_nothing(
    desired: u32,
    alarms: &[AlarmCheck],
    proposals: &[ProposalCheck],
    scale_out_left_s: Option<f64>,
) -> Reason {
    if alarms.iter().all(|a| a.state != AlarmState::Alarm) {
        return Reason::NoAlarmInAlarm;
    }
    let scale_in_wanted = proposals
        .iter()
        .any(|p| p.kind == PolicyKind::TargetTracking && p.capacity.is_some_and(|c| c < desired));
    if scale_in_wanted {
        return Reason::ScaleInNotAgreed;
    }
    if proposals
        .iter()
        .any(|p| matches!(p.why, ProposalWhy::CountedInCooldown { .. }))
    {
        return Reason::ScaleOutCooldown {
            left_s: scale_out_left_s.unwrap_or(0.0),
        };
    }
    proposals
        .iter()
        .find_map(|p| match p.why {
            ProposalWhy::Refused(r) | ProposalWhy::AlreadyMet { reason: r } => Some(Reason::Aws(r)),
            _ => None,
        })
        .unwrap_or(Reason::NoProposal)
}

impl MetricAlarm {
    /// This alarm after its latest evaluation, `previous` being its state before.
    fn check(&self, policy: &str, role: AlarmRole, previous: AlarmState) -> AlarmCheck {
        let cfg = self.alarm.config();
        let used = self.alarm.recent_values().len();
        let period = self.period_minutes as u64;
        let last = self.last_minute.unwrap_or(0);
        let mut real_seen = 0;
        let mut datapoints: Vec<Datapoint> = self
            .alarm
            .range_values()
            .rev()
            .enumerate()
            .map(|(age, value)| {
                let evaluated = value.is_some() && real_seen < used;
                real_seen += usize::from(value.is_some());
                Datapoint {
                    minute: last.saturating_sub(age as u64 * period + (period - 1)),
                    value,
                    breaching: value.is_some_and(|x| cfg.comparison.breaches(x, cfg.threshold)),
                    evaluated,
                }
            })
            .collect();
        datapoints.reverse();
        let breaching = datapoints
            .iter()
            .filter(|d| d.evaluated && d.breaching)
            .count() as u32;
        AlarmCheck {
            name: cfg.name.clone(),
            policy: policy.to_string(),
            role,
            metric: self.metric.map(|m| m.name()),
            statistic: cfg.statistic,
            comparison: cfg.comparison,
            threshold: cfg.threshold,
            evaluation_periods: cfg.evaluation_periods,
            datapoints_to_alarm: cfg.datapoints_to_alarm,
            period_s: cfg.period_s,
            datapoints,
            breaching,
            evaluated: used as u32,
            basis: self.basis,
            state: self.alarm.state(),
            previous,
        }
    }
}
