//! The validated form of `[policy] kind = "application_auto_scaling"`: what the simulated
//! Application Auto Scaling runs ([`AasConfig`]), built by [`super::validate`].

use super::{CooldownClock, CurrentCapacity, SuspendedSpec};
use crate::aws::alarm::AlarmConfig;
use crate::aws::cron::Cron;
use crate::aws::step::StepPolicy;
use crate::aws::target_tracking::TargetTrackingConfig;
use crate::metrics::EndpointMetric;

/// A validated target tracking policy with its hidden alarms.
#[derive(Debug, Clone)]
pub struct TtConfig {
    /// Policy name.
    pub name: String,
    /// The metric, or `None` if the endpoint does not publish it (the alarm never has data).
    pub metric: Option<EndpointMetric>,
    /// Settings.
    pub config: TargetTrackingConfig,
    /// AlarmHigh (3 of 3 > T).
    pub high: AlarmConfig,
    /// AlarmLow (15 of 15 < 0.9 T), absent with DisableScaleIn.
    pub low: Option<AlarmConfig>,
}

/// A validated step policy with its alarm.
#[derive(Debug, Clone)]
pub struct StepConfig {
    /// Policy name.
    pub name: String,
    /// The policy.
    pub policy: StepPolicy,
    /// The alarm that invokes it.
    pub alarm: AlarmConfig,
    /// The alarm's metric, or `None` if the endpoint does not publish it.
    pub metric: Option<EndpointMetric>,
}

/// When a scheduled action runs, in simulation seconds.
#[derive(Debug, Clone)]
pub enum When {
    /// Once, at this time.
    At(f64),
    /// Every `period_s` from `first_s`.
    Rate {
        /// First run.
        first_s: f64,
        /// Period.
        period_s: f64,
    },
    /// On matching minutes (UTC).
    Cron(Cron),
}

/// A validated scheduled action.
#[derive(Debug, Clone)]
pub struct ScheduledConfig {
    /// Name.
    pub name: String,
    /// When it runs.
    pub when: When,
    /// Not before this simulation time.
    pub start_s: Option<f64>,
    /// Not after this simulation time.
    pub end_s: Option<f64>,
    /// New minimum capacity.
    pub min: Option<u32>,
    /// New maximum capacity.
    pub max: Option<u32>,
}

/// Application Auto Scaling as the simulator runs it.
#[derive(Debug, Clone)]
pub struct AasConfig {
    /// When cooldowns start.
    pub cooldown_clock: CooldownClock,
    /// Suspended scaling.
    pub suspended: SuspendedSpec,
    /// Target tracking policies.
    pub target_tracking: Vec<TtConfig>,
    /// Step policies.
    pub step: Vec<StepConfig>,
    /// Scheduled actions.
    pub scheduled: Vec<ScheduledConfig>,
    /// Unix time (s) of simulation time 0, for cron and at() schedules.
    pub start_unix_s: i64,
    /// C in `ceil(C·M/T)`.
    pub tt_current_capacity: CurrentCapacity,
    /// Refuse changes while Updating.
    pub refuse_while_updating: bool,
    /// Evaluation range = N + this.
    pub alarm_evaluation_range_extra: usize,
}
