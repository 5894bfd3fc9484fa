//! AWS behaviour, independent of the engine: CloudWatch alarms and Application Auto Scaling.
//!
//! The rules are pure (no global state, no hash maps, no panics on input data) and implement
//! the behaviour documented rule by rule in `docs/aws-semantics.md` (cited as `§N.N`) and
//! summarised in the README under `[policy]` ("What it does each minute, rule by rule") and
//! its `[I]` settings table; each file documents the rules it implements and its
//! interpretations.
//!
//! I/O: one file reads from disk, `import.rs`, which reads the AWS CLI JSON files a scenario
//! with `[policy] kind = "aws_cli_json"` names (`std::fs::read_to_string`; called by
//! `crate::scenario` while loading, never by the engine). `export.rs` only builds the
//! files' text (`scalesim export-aws` writes them). Among the tests, `ic_tests.rs` and
//! `import_export_tests.rs` read the fixtures in `tests/fixtures/aws`. Everything else here
//! does no I/O.
//!
//! | module | owns | `docs/aws-semantics.md` |
//! |---|---|---|
//! | [`metric`] | statistics, comparison operators, TreatMissingData, per-period sets | §5.3, §5.5, §7.3 |
//! | [`alarm`] | alarm state and M-of-N evaluation with missing data | §0.1, §0.3, §7.1–7.4 |
//! | [`step`] | step scaling: validation, step selection, new capacity, aggregation | §2.2–2.5, §5.4 |
//! | [`target_tracking`] | TT hidden alarms, `ceil(C·M/T)`, decisions, multi-policy combination | §1.1–1.7, §1.12–1.14 |
//! | [`cooldown`] | scale-out / scale-in cooldown state machine for both policy types | §1.8, §1.9, §2.6 |
//! | `scheduled` | which scheduled actions are due at a minute (run time of [`spec::ScheduledConfig`]) | §1.8, §7.8 |
//! | [`cli_json`] | AAS CLI request shapes (`RegisterScalableTarget`, `PutScalingPolicy`, `PutScheduledAction`) and their bounds | §5.1–5.4, §3.11 |
//! | [`cli_alarm`] | CloudWatch `PutMetricAlarm` shape and bounds | §5.5 |
//! | [`schedule`] | `at()`/`rate()`/`cron()` schedules and ISO-8601 timestamps | §5 (PutScheduledAction) |
//! | [`target`] | the scalable target per platform: endpoint variant or inference component, its ids, dimensions and predefined metrics | §3.11, §6.2–6.4 |
//!
//! Time is the engine's: [`crate::time::SimTime`] and [`crate::time::SimDuration`], integer
//! microseconds. Seconds appear only at the edges: AWS's whole-second fields as parsed,
//! the validated policy section's schedule times (`spec`), and the seconds left of a cooldown in an
//! explanation.
//!
//! Data flow for one policy invocation, as the engine is expected to wire it:
//! metric value per period → [`Alarm::evaluate`] → while in ALARM (every minute,
//! docs/aws-semantics.md §0.3) → step: [`StepPolicy::evaluate`] on [`Alarm::recent_values`] from
//! [`Cooldowns::scale_out_base`]; TT: [`target_tracking::decide`] on [`Alarm::latest_value`]
//! → [`target_tracking::combine`] across policies → clamp to `[Min, Max]` →
//! [`Cooldowns::check`] → new desired capacity.

pub mod alarm;
pub mod autoscaling;
pub mod cli_alarm;
pub mod cli_json;
pub mod cooldown;
pub mod cron;
pub mod export;
mod fields;
pub mod import;
pub mod metric;
mod names;
pub mod schedule;
mod scheduled;
pub mod spec;
pub mod step;
pub mod target;
pub mod target_tracking;

#[cfg(test)]
mod cli_alarm_tests;
#[cfg(test)]
mod cli_json_tests;
#[cfg(test)]
mod cli_policy_tests;
#[cfg(test)]
mod ic_tests;

pub use alarm::{Alarm, AlarmConfig, AlarmState, Evaluation};
pub use cli_alarm::PutMetricAlarm;
pub use cli_json::{
    parse_json, PutScalingPolicy, PutScheduledAction, RegisterScalableTarget,
    StepScalingPolicyConfiguration, TargetTrackingScalingPolicyConfiguration,
};
pub use cooldown::{BlockReason, CooldownVerdict, Cooldowns, Direction};
pub use metric::{ComparisonOperator, Statistic, StatisticSet, TreatMissingData};
pub use schedule::Schedule;
pub use step::{aggregate, AdjustmentType, MetricAggregationType, StepAdjustment, StepPolicy};
pub use target_tracking::{
    combine, hidden_alarms, proposed_capacity, Combined, NotScaledReason, PolicyKind, Proposal,
    TargetTrackingConfig, TtAlarm, TtDecision,
};
