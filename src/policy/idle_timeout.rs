//! The idle-timeout policy: the simplest scale-to-zero rule.
//!
//! When a published minute shows any backlog (Maximum of ApproximateBacklogSize > 0) and
//! desired capacity is below `active_instances`, it scales out to `active_instances`. When
//! the backlog has been zero in every published minute for `idle_timeout` (rounded up to
//! whole minutes), it scales in to the minimum. It sees the same delayed per-minute
//! datapoints as every other policy.

use super::{PolicyInput, ScalingAction, ScalingPolicy};
use crate::metrics::EndpointMetric;

/// See the module docs.
#[derive(Debug)]
pub struct IdleTimeout {
    idle_minutes_needed: u64,
    active_instances: u32,
    idle_minutes: u64,
}

impl IdleTimeout {
    /// Scale in after `idle_timeout_s` without backlog; scale out to `active_instances`.
    pub fn new(idle_timeout_s: f64, active_instances: u32) -> IdleTimeout {
        IdleTimeout {
            idle_minutes_needed: (idle_timeout_s / 60.0).ceil().max(1.0) as u64,
            active_instances,
            idle_minutes: 0,
        }
    }
}

impl ScalingPolicy for IdleTimeout {
    fn on_minute(&mut self, input: &PolicyInput<'_>, actions: &mut Vec<ScalingAction>) {
        let mut busy_now = false;
        for m in input.published {
            let backlog_max = m
                .get(EndpointMetric::ApproximateBacklogSize)
                .map_or(0.0, |s| s.maximum);
            if backlog_max > 0.0 {
                self.idle_minutes = 0;
                busy_now = true;
            } else {
                self.idle_minutes += 1;
                busy_now = false;
            }
        }
        let cap = input.capacity;
        if busy_now && cap.desired < self.active_instances {
            actions.push(ScalingAction::SetDesired {
                desired: self.active_instances,
                cause: "idle-timeout: backlog > 0".into(),
            });
        } else if !input.published.is_empty()
            && self.idle_minutes >= self.idle_minutes_needed
            && cap.desired > cap.min
        {
            actions.push(ScalingAction::SetDesired {
                desired: cap.min,
                cause: format!("idle-timeout: no backlog for {} min", self.idle_minutes),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{MetricMinute, StatisticSet};
    use crate::policy::CapacityView;
    use crate::time::SimTime;

    fn minute(m: u64, backlog_max: f64) -> MetricMinute {
        let s = StatisticSet {
            sample_count: 6.0,
            sum: backlog_max,
            minimum: 0.0,
            maximum: backlog_max,
        };
        MetricMinute::new(m, [Some(s); crate::metrics::METRIC_COUNT])
    }

    fn run(p: &mut IdleTimeout, m: u64, backlog: f64, desired: u32) -> Vec<ScalingAction> {
        let pubs = [minute(m, backlog)];
        let input = PolicyInput {
            now: SimTime::from_secs(60 * (m + 1)),
            published: &pubs,
            capacity: CapacityView {
                desired,
                min: 0,
                max: 4,
                ..Default::default()
            },
        };
        let mut out = vec![];
        p.on_minute(&input, &mut out);
        out
    }

    #[test]
    fn scales_out_on_backlog_and_in_after_timeout() {
        let mut p = IdleTimeout::new(300.0, 2);
        let a = run(&mut p, 0, 3.0, 0);
        assert!(matches!(
            a[..],
            [ScalingAction::SetDesired { desired: 2, .. }]
        ));
        for m in 1..5 {
            assert!(
                run(&mut p, m, 0.0, 2).is_empty(),
                "minute {m}: not idle long enough"
            );
        }
        let a = run(&mut p, 5, 0.0, 2);
        assert!(matches!(
            a[..],
            [ScalingAction::SetDesired { desired: 0, .. }]
        ));
    }
}
