//! Scheduled actions at run time (docs/aws-semantics.md §1.8, §7.8): which of a target's `at()`,
//! `rate()` and `cron()` actions are due at a minute, in the engine's integer time.
//!
//! Owns [`ScheduledRun`], one per validated [`ScheduledConfig`]. The validated config
//! states its times in seconds from the simulation start (`aws::spec`); they are turned
//! into [`SimTime`] once, here, rounded to the nearest microsecond like every conversion
//! (`crate::time`). A time before the start counts as the start; an action whose end time
//! is before the start never runs.
//!
//! Rules: an action runs only between its start and end times (inclusive); `at()` runs
//! once, at the first minute at or after its time; `rate()` runs at its first time and
//! then every period (at least a minute), catching up at most once when minutes were
//! skipped; `cron()` runs on every matching UTC minute.

use super::cron::Cron;
use super::spec::{ScheduledConfig, When};
use crate::time::{SimDuration, SimTime};

/// When an action runs, in simulation time.
#[derive(Debug, Clone)]
enum Due {
    /// Once, at the first minute at or after this time.
    At(SimTime),
    /// At `next`, then every `period`.
    Rate {
        /// The next run.
        next: SimTime,
        /// At least one minute.
        period: SimDuration,
    },
    /// On matching minutes (UTC).
    Cron(Cron),
}

/// One scheduled action and what is left of it.
#[derive(Debug, Clone)]
pub(super) struct ScheduledRun {
    /// The action as validated (its name and new bounds).
    pub(super) config: ScheduledConfig,
    due: Due,
    start: SimTime,
    end: Option<SimTime>,
    done: bool,
}

/// Seconds from the simulation start as a time; before the start is the start.
fn sim_time(secs: f64) -> SimTime {
    SimTime::ZERO.after(SimDuration::from_secs_f64(secs))
}

impl ScheduledRun {
    /// The action of `config`, not yet run.
    pub(super) fn new(config: &ScheduledConfig) -> ScheduledRun {
        let due = match &config.when {
            When::At(t) => Due::At(sim_time(*t)),
            When::Rate { first_s, period_s } => Due::Rate {
                next: sim_time(*first_s),
                period: SimDuration::from_secs_f64(*period_s).max(SimDuration::from_mins(1)),
            },
            When::Cron(cron) => Due::Cron(cron.clone()),
        };
        ScheduledRun {
            config: config.clone(),
            due,
            start: config.start_s.map_or(SimTime::ZERO, sim_time),
            end: config.end_s.map(sim_time),
            done: config.end_s.is_some_and(|t| t < 0.0),
        }
    }

    /// Whether the action runs at the minute `now`, whose UTC time is `unix_minute`
    /// (seconds since 1970). Call once per minute, in order.
    pub(super) fn due(&mut self, now: SimTime, unix_minute: i64) -> bool {
        if self.done || now < self.start || self.end.is_some_and(|end| now > end) {
            return false;
        }
        match &mut self.due {
            Due::At(t) => {
                self.done = now >= *t;
                self.done
            }
            Due::Rate { next, period } => {
                let due = now >= *next;
                while *next <= now {
                    *next = next.after(*period);
                }
                due
            }
            Due::Cron(cron) => cron.matches(unix_minute),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(when: When, start_s: Option<f64>, end_s: Option<f64>) -> ScheduledRun {
        ScheduledRun::new(&ScheduledConfig {
            name: "a".into(),
            when,
            start_s,
            end_s,
            min: Some(1),
            max: None,
        })
    }

    fn minutes_due(mut run: ScheduledRun, minutes: u64) -> Vec<u64> {
        (0..minutes)
            .filter(|&m| run.due(SimTime::from_secs(m * 60), m as i64 * 60))
            .collect()
    }

    #[test]
    fn at_runs_once_at_the_first_minute_at_or_after_its_time() {
        assert_eq!(minutes_due(action(When::At(90.0), None, None), 6), [2]);
        assert_eq!(minutes_due(action(When::At(-30.0), None, None), 3), [0]);
    }

    #[test]
    fn rate_runs_every_period_of_at_least_a_minute_between_start_and_end() {
        let rate = |period_s| When::Rate {
            first_s: 60.0,
            period_s,
        };
        assert_eq!(
            minutes_due(action(rate(120.0), None, None), 8),
            [1, 3, 5, 7]
        );
        assert_eq!(minutes_due(action(rate(10.0), None, None), 4), [1, 2, 3]);
        assert_eq!(
            minutes_due(action(rate(60.0), Some(150.0), Some(240.0)), 8),
            [3, 4]
        );
    }

    #[test]
    fn an_action_that_ended_before_the_start_never_runs() {
        assert!(minutes_due(action(When::At(0.0), None, Some(-1.0)), 3).is_empty());
        assert_eq!(minutes_due(action(When::At(0.0), None, Some(0.0)), 3), [0]);
    }
}
