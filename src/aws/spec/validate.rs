//! Validation of `[policy] kind = "application_auto_scaling"` into [`AasConfig`]: target
//! tracking policies with their hidden alarms, step policies with their alarms, the `[I]`
//! settings; scheduled actions are in [`super::scheduled`]. The AWS rules of `step`,
//! `alarm` and `target_tracking` are reused; their AWS-named issue paths are rewritten to
//! the TOML paths.

use super::scheduled::validate_scheduled;
use super::{AasConfig, AasSpec, HiddenAlarmSpec, StepConfig, TtConfig};
use crate::aws::alarm::AlarmConfig;
use crate::aws::step::{StepAdjustment, StepPolicy};
use crate::aws::target_tracking::{hidden_alarms_with_statistic, TargetTrackingConfig};
use crate::error::{At, Issue, Issues};
use crate::metrics::EndpointMetric;
use crate::platform::PlatformKind;
use crate::time::Duration;

/// Validate `spec` (at TOML path `prefix`, normally `policy`): the config and the warnings,
/// or every issue. See [`validate_into`].
pub fn validate(
    spec: &AasSpec,
    prefix: &str,
    resource_id: &str,
    platform: PlatformKind,
    start_unix_s: i64,
    horizon_s: f64,
) -> Result<(AasConfig, Vec<String>), Vec<Issue>> {
    let mut issues = Issues::new();
    let config = validate_into(
        spec,
        &mut issues.at(prefix),
        resource_id,
        platform,
        start_unix_s,
        horizon_s,
    );
    match (issues.finish(), config) {
        (Ok(warnings), Some(config)) => Ok((config, warnings)),
        (Err(crate::error::BuildError::Invalid(issues)), _) => Err(issues),
        _ => Err(Vec::new()),
    }
}

/// Validate `spec`, with issues and warnings under `at` (normally `policy`).
/// `resource_id` names the hidden alarms (`endpoint/<ep>/variant/<v>` or
/// `inference-component/<name>`, see [`crate::aws::target::ScalableTarget`]); `platform`
/// decides which metrics exist ([`PlatformKind::published_metrics`]); `start_unix_s` anchors
/// schedules; `horizon_s` is used for warnings. `None` when `spec` has issues.
pub fn validate_into(
    spec: &AasSpec,
    at: &mut At,
    resource_id: &str,
    platform: PlatformKind,
    start_unix_s: i64,
    horizon_s: f64,
) -> Option<AasConfig> {
    let before = at.issues().issue_count();
    let mut names = UniqueNames::default();

    let mut target_tracking = Vec::new();
    for (i, tt) in spec.target_tracking.iter().enumerate() {
        let mut p = at.index("target_tracking", i);
        names.check(&mut p.field("policy_name"), &tt.policy_name);
        let metric = endpoint_metric(&mut p.field("metric_name"), &tt.metric_name, platform);
        let config = TargetTrackingConfig {
            target_value: tt.target_value,
            scale_out_cooldown_s: whole_seconds(
                &mut p.field("scale_out_cooldown"),
                tt.scale_out_cooldown,
                86_400.0,
            ),
            scale_in_cooldown_s: whole_seconds(
                &mut p.field("scale_in_cooldown"),
                tt.scale_in_cooldown,
                86_400.0,
            ),
            disable_scale_in: tt.disable_scale_in,
        };
        extend_aws(&mut p, config.validate());
        let (mut high, mut low) =
            hidden_alarms_with_statistic(&tt.policy_name, resource_id, &config, tt.statistic);
        high.evaluation_periods = spec.tt_high_evaluation_periods;
        high.datapoints_to_alarm = spec.tt_high_evaluation_periods;
        if let Some(low) = &mut low {
            low.evaluation_periods = spec.tt_low_evaluation_periods;
            low.datapoints_to_alarm = spec.tt_low_evaluation_periods;
            low.threshold = spec.tt_low_threshold_factor * tt.target_value;
        }
        if let Some(h) = &tt.alarm_high {
            h.apply(&mut high, &mut p.field("alarm_high"));
        }
        match (&tt.alarm_low, &mut low) {
            (Some(l), Some(low)) => l.apply(low, &mut p.field("alarm_low")),
            (Some(_), None) => p.field("alarm_low").push(
                "the policy has disable_scale_in = true, so AWS creates no AlarmLow; remove this table",
            ),
            _ => {}
        }
        target_tracking.push(TtConfig {
            name: tt.policy_name.clone(),
            metric,
            config,
            high,
            low,
        });
    }

    for (field, periods) in [
        (
            "tt_high_evaluation_periods",
            spec.tt_high_evaluation_periods,
        ),
        ("tt_low_evaluation_periods", spec.tt_low_evaluation_periods),
    ] {
        at.field(field).count_in(periods, 1, 1440);
    }
    if !(spec.tt_low_threshold_factor > 0.0 && spec.tt_low_threshold_factor <= 1.0) {
        at.field("tt_low_threshold_factor").push(format!(
            "{} is out of range: allowed (0, 1]",
            spec.tt_low_threshold_factor
        ));
    }
    at.field("alarm_evaluation_range_extra")
        .count_in(spec.alarm_evaluation_range_extra, 0, 60);

    let mut step = Vec::new();
    for (i, sp) in spec.step_scaling.iter().enumerate() {
        let mut p = at.index("step_scaling", i);
        names.check(&mut p.field("policy_name"), &sp.policy_name);
        let cooldown_s = whole_seconds(&mut p.field("cooldown"), sp.cooldown, 86_400.0);
        let steps: Vec<StepAdjustment> = sp
            .step_adjustments
            .iter()
            .map(|s| StepAdjustment {
                lower: s.metric_interval_lower_bound,
                upper: s.metric_interval_upper_bound,
                scaling_adjustment: s.scaling_adjustment,
            })
            .collect();
        let policy = StepPolicy::validate(
            sp.adjustment_type,
            steps,
            sp.min_adjustment_magnitude,
            Some(cooldown_s),
            Some(sp.metric_aggregation_type),
        )
        .map_err(|e| extend_aws(&mut p, e))
        .ok();
        let (alarm, metric) = step_alarm(sp, &mut p.field("alarm"), platform);
        if let Some(policy) = policy {
            step.push(StepConfig {
                name: sp.policy_name.clone(),
                policy,
                alarm,
                metric,
            });
        }
    }

    let scheduled = validate_scheduled(spec, at, &mut names, start_unix_s, horizon_s);

    if spec.target_tracking.is_empty()
        && spec.step_scaling.is_empty()
        && spec.scheduled_actions.is_empty()
    {
        at.warn("no target tracking, step scaling or scheduled action; capacity never changes");
    }
    if at.issues().issue_count() > before {
        return None;
    }
    Some(AasConfig {
        cooldown_clock: spec.cooldown_clock,
        suspended: spec.suspended_state,
        target_tracking,
        step,
        scheduled,
        start_unix_s,
        tt_current_capacity: spec.tt_current_capacity,
        refuse_while_updating: spec.refuse_while_updating,
        alarm_evaluation_range_extra: spec.alarm_evaluation_range_extra as usize,
    })
}

/// The alarm of step policy `sp`, checked at `at` (`…step_scaling[i].alarm`), and its
/// metric when the platform publishes it.
fn step_alarm(
    sp: &super::StepScalingSpec,
    at: &mut At,
    platform: PlatformKind,
) -> (AlarmConfig, Option<EndpointMetric>) {
    let a = &sp.alarm;
    let alarm_name = || {
        a.alarm_name
            .clone()
            .unwrap_or_else(|| format!("{}-alarm", sp.policy_name))
    };
    let metric = endpoint_metric(&mut at.field("metric_name"), &a.metric_name, platform);
    let mut period_s = a.period.secs();
    let no_capacity = EndpointMetric::from_name(&a.metric_name)
        == Some(EndpointMetric::NoCapacityInvocationFailures);
    if no_capacity && [10.0, 20.0, 30.0].contains(&period_s) {
        // The AWS blog recipe (docs/aws-semantics.md §6.4) alarms on 30-s periods; scalesim
        // publishes the metric once a minute, so the alarm is evaluated on 1-minute datapoints.
        at.field("period").warn(format!(
            "{} is a high-resolution period; scalesim publishes \
             NoCapacityInvocationFailures once a minute, so alarm {:?} is evaluated on \
             1-minute datapoints (each counts the failures of a whole minute; it may go \
             into ALARM up to {} later than in AWS)",
            a.period,
            alarm_name(),
            Duration::from_secs(60.0 - period_s)
        ));
        period_s = 60.0;
    } else if !(period_s >= 60.0 && period_s % 60.0 == 0.0 && period_s <= 86_400.0) {
        let also = if no_capacity {
            " (or 10s, 20s or 30s, evaluated per minute)"
        } else {
            ""
        };
        at.field("period").push(format!("{} is not allowed: endpoint metrics are 1-minute metrics (docs/aws-semantics.md §0.2), so use 60s or a multiple of it, up to 1d{also}", a.period));
    }
    let alarm = AlarmConfig {
        name: alarm_name(),
        evaluation_periods: a.evaluation_periods,
        datapoints_to_alarm: a.datapoints_to_alarm.unwrap_or(a.evaluation_periods),
        threshold: a.threshold,
        comparison: a.comparison_operator,
        treat_missing: a.treat_missing_data,
        statistic: a.statistic,
        period_s: period_s.clamp(0.0, 86_400.0) as u32,
    };
    extend_aws(at, alarm.validate());
    if period_s * f64::from(a.evaluation_periods) > 86_400.0 {
        at.field("evaluation_periods")
            .push("period × evaluation_periods must be at most 1 day (86,400 s)");
    }
    (alarm, metric)
}

impl HiddenAlarmSpec {
    /// Apply the fields given to `alarm`, reporting impossible values under `at`.
    fn apply(&self, alarm: &mut AlarmConfig, at: &mut At) {
        if let Some(name) = &self.alarm_name {
            if at.field("alarm_name").not_empty(name) {
                alarm.name = name.clone();
            }
        }
        if let Some(p) = self.period {
            let s = p.secs();
            if (60.0..=86_400.0).contains(&s) && s % 60.0 == 0.0 {
                alarm.period_s = s as u32;
            } else {
                at.field("period").push(format!(
                    "{p} must be a multiple of 60s, at most 1d (endpoint metrics are 1-minute metrics)"
                ));
            }
        }
        if let Some(n) = self.evaluation_periods {
            alarm.evaluation_periods = n;
            alarm.datapoints_to_alarm = n;
        }
        if let Some(m) = self.datapoints_to_alarm {
            alarm.datapoints_to_alarm = m;
        }
        if at
            .field("evaluation_periods")
            .count_in(alarm.evaluation_periods, 1, 1440)
            && !(1..=alarm.evaluation_periods).contains(&alarm.datapoints_to_alarm)
        {
            at.field("datapoints_to_alarm").push(format!(
                "{} is out of range: allowed 1 to evaluation_periods ({})",
                alarm.datapoints_to_alarm, alarm.evaluation_periods
            ));
        }
        if let Some(t) = self.threshold {
            if t.is_finite() {
                alarm.threshold = t;
            } else {
                at.field("threshold").push("must be a finite number");
            }
        }
    }
}

/// The names of policies and scheduled actions seen so far: each must be unique.
#[derive(Default)]
pub(super) struct UniqueNames(Vec<String>);

impl UniqueNames {
    /// An issue at `at` when `name` is empty or was seen before.
    pub(super) fn check(&mut self, at: &mut At, name: &str) {
        if !at.not_empty(name) {
            return;
        }
        if self.0.iter().any(|n| n == name) {
            at.push(format!("{name:?} is used twice; names must be unique"));
        } else {
            self.0.push(name.to_string());
        }
    }
}

/// Turn `StepAdjustments[1].MetricIntervalLowerBound` into
/// `step_adjustments[1].metric_interval_lower_bound` under `prefix`.
fn toml_path(prefix: &str, aws_path: &str) -> String {
    let mut out = String::with_capacity(aws_path.len() + 8);
    let mut prev_lower = false;
    for ch in aws_path.chars() {
        if ch.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
            prev_lower = false;
        } else {
            prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
            out.push(ch);
        }
    }
    match (prefix.is_empty(), out.is_empty()) {
        (true, _) => out,
        (_, true) => prefix.to_string(),
        _ => format!("{prefix}.{out}"),
    }
}

/// Add `issues` found by an AWS rule (AWS-named paths) under `at`.
fn extend_aws(at: &mut At, issues: Vec<Issue>) {
    let prefix = at.path().to_string();
    at.issues().extend(issues.into_iter().map(|mut i| {
        i.path = toml_path(&prefix, &i.path);
        i
    }));
}

/// `d` in whole seconds, or an issue at `at` (and 0) unless it is a whole number of
/// seconds in `[0, max_s]`.
fn whole_seconds(at: &mut At, d: Duration, max_s: f64) -> u32 {
    let s = d.secs();
    if !(0.0..=max_s).contains(&s) || s.fract() != 0.0 {
        at.push(format!(
            "{d} must be a whole number of seconds between 0s and {}",
            Duration::from_secs(max_s)
        ));
        return 0;
    }
    s as u32
}

/// What publishes the metrics of `platform`, for messages.
fn publisher(platform: PlatformKind) -> &'static str {
    match platform {
        PlatformKind::SagemakerRealtime => "a real-time endpoint with inference components",
        _ => "an asynchronous endpoint",
    }
}

/// The published metric called `name` (checked at `at`), or `None`: with a warning, or an
/// issue when the name is empty.
fn endpoint_metric(at: &mut At, name: &str, platform: PlatformKind) -> Option<EndpointMetric> {
    let published = platform.published_metrics();
    let known = EndpointMetric::from_name(name);
    let m = known.filter(|m| published.contains(m));
    if m.is_none() {
        let list: Vec<&str> = published.iter().map(|m| m.name()).collect();
        let list = list.join(", ");
        if name.trim().is_empty() {
            at.push(format!("is empty; use one of {list}"));
        } else {
            let whose = match known {
                Some(EndpointMetric::NoCapacityInvocationFailures)
                | Some(EndpointMetric::InvocationsPerCopy)
                | Some(EndpointMetric::ConcurrentRequestsPerCopy) => {
                    " (it is an inference component's metric)"
                }
                Some(_) => " (it is an asynchronous endpoint's metric)",
                None => "",
            };
            at.warn(format!(
                "{name:?} is not published by {}{whose}; it publishes {list}. This alarm \
                 will never have data, so its policy never acts",
                publisher(platform)
            ));
        }
    }
    m
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
