//! Validation of the scheduled actions of `[policy] kind = "application_auto_scaling"`:
//! unique names, `StartTime`/`EndTime`, the capacity they set, and `Schedule` (`at()`,
//! `rate()`, `cron()`), with warnings for schedules that never run within the horizon.

use super::validate::UniqueNames;
use super::{AasSpec, ScheduledConfig, When};
use crate::aws::cron::Cron;
use crate::aws::schedule::{parse_timestamp, Schedule};
use crate::error::At;

/// Every valid scheduled action of `spec`, with issues and warnings under `at`
/// (`…scheduled_actions[i]`); names must differ from the policies' (`names`).
pub(super) fn validate_scheduled(
    spec: &AasSpec,
    at: &mut At,
    names: &mut UniqueNames,
    start_unix_s: i64,
    horizon_s: f64,
) -> Vec<ScheduledConfig> {
    let mut scheduled = Vec::new();
    for (i, sa) in spec.scheduled_actions.iter().enumerate() {
        let mut p = at.index("scheduled_actions", i);
        names.check(
            &mut p.field("scheduled_action_name"),
            &sa.scheduled_action_name,
        );
        let to_sim = |unix: f64| unix - start_unix_s as f64;
        let mut time = |field: &str, t: &Option<String>| {
            t.as_ref().and_then(|t| {
                parse_timestamp(t)
                    .map(to_sim)
                    .map_err(|e| p.field(field).push(e))
                    .ok()
            })
        };
        let start_s = time("start_time", &sa.start_time);
        let end_s = time("end_time", &sa.end_time);
        if sa.min_capacity.is_none() && sa.max_capacity.is_none() {
            p.push("set min_capacity, max_capacity or both");
        }
        if let (Some(lo), Some(hi)) = (sa.min_capacity, sa.max_capacity) {
            if lo > hi {
                p.field("min_capacity")
                    .push(format!("{lo} is greater than max_capacity ({hi})"));
            }
        }
        let mut schedule = p.field("schedule");
        let when = match Schedule::parse(&sa.schedule) {
            Err(e) => {
                schedule.push(e);
                None
            }
            Ok(Schedule::At(dt)) => {
                let at = to_sim(dt.unix_seconds() as f64);
                if at < 0.0 || at >= horizon_s {
                    schedule.warn(format!(
                        "{} is outside the simulated time; it never runs",
                        sa.schedule
                    ));
                }
                Some(When::At(at))
            }
            Ok(s @ Schedule::Rate { .. }) => Some(When::Rate {
                first_s: start_s.unwrap_or(0.0).max(0.0),
                period_s: s.rate_period_s().unwrap_or(60) as f64,
            }),
            Ok(Schedule::Cron { fields }) => match Cron::parse(&fields.join(" ")) {
                Err(e) => {
                    schedule.push(e);
                    None
                }
                Ok(cron) => {
                    if !cron.fires_within(start_unix_s, 8) {
                        schedule.push(format!(
                            "{} never fires (checked 8 years from the start time)",
                            sa.schedule
                        ));
                    } else if cron
                        .next_at_or_after(start_unix_s, start_unix_s + horizon_s as i64)
                        .is_none()
                    {
                        schedule.warn(format!("{} does not fire within the horizon", sa.schedule));
                    }
                    Some(When::Cron(cron))
                }
            },
        };
        if let Some(when) = when {
            scheduled.push(ScheduledConfig {
                name: sa.scheduled_action_name.clone(),
                when,
                start_s,
                end_s,
                min: sa.min_capacity,
                max: sa.max_capacity,
            });
        }
    }
    scheduled
}
