//! The `[policy] kind = "application_auto_scaling"` section of a scenario, and its
//! validation into [`AasConfig`], the form the simulated Application Auto Scaling runs.
//!
//! The metrics a policy may use are the ones its platform publishes
//! ([`EndpointMetric::published_by`]): the backlog metrics of an asynchronous endpoint, or
//! the per-copy metrics of a real-time endpoint with inference components (spec 3.1, 6).
//! Any other name is a warning (the alarm never has data, as in AWS), not an error.
//!
//! Field names are the AWS API names in snake_case (`TargetValue` → `target_value`,
//! `MetricIntervalLowerBound` → `metric_interval_lower_bound`), so a user who knows the
//! AWS JSON can read the TOML, and `scalesim export-aws` maps one onto the other. Cooldowns
//! and periods are durations with units. Validation reuses the AWS rules of `step`,
//! `alarm` and `target_tracking`; their AWS-named issue paths are rewritten to the TOML
//! paths.

use super::alarm::AlarmConfig;
use super::cron::Cron;
use super::metric::{ComparisonOperator, Statistic, TreatMissingData};
use super::schedule::{parse_timestamp, Schedule};
use super::step::{AdjustmentType, MetricAggregationType, StepAdjustment, StepPolicy};
use super::target::ImportedTarget;
use super::target_tracking::{hidden_alarms_with_statistic, TargetTrackingConfig};
use crate::error::Issue;
use crate::metrics::EndpointMetric;
use crate::platform::PlatformKind;
use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// When a cooldown starts counting (spec 1.9, an [I] rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CooldownClock {
    /// When the scaling activity completes (new instances InService). Default (spec 1.9).
    #[default]
    ActivityComplete,
    /// When the scaling request is made.
    Request,
}

/// `SuspendedState` of the scalable target (spec 7.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspendedSpec {
    /// `DynamicScalingInSuspended`: policies may not scale in.
    #[serde(default)]
    pub dynamic_scaling_in_suspended: bool,
    /// `DynamicScalingOutSuspended`: policies may not scale out.
    #[serde(default)]
    pub dynamic_scaling_out_suspended: bool,
    /// `ScheduledScalingSuspended`: scheduled actions do not run.
    #[serde(default)]
    pub scheduled_scaling_suspended: bool,
}

/// Application Auto Scaling on the endpoint's variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AasSpec {
    /// When cooldowns start (default `activity_complete`).
    #[serde(default)]
    pub cooldown_clock: CooldownClock,
    /// Suspended scaling.
    #[serde(default)]
    pub suspended_state: SuspendedSpec,
    /// Target tracking policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_tracking: Vec<TargetTrackingSpec>,
    /// Step scaling policies, each with the alarm that invokes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_scaling: Vec<StepScalingSpec>,
    /// Scheduled actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scheduled_actions: Vec<ScheduledActionSpec>,
    /// [I] spec 1.2: periods (and datapoints) of a target tracking AlarmHigh (default 3).
    #[serde(default = "three")]
    pub tt_high_evaluation_periods: u32,
    /// [I] spec 1.3: periods (and datapoints) of a target tracking AlarmLow (default 15).
    #[serde(default = "fifteen")]
    pub tt_low_evaluation_periods: u32,
    /// [I] spec 1.3: AlarmLow threshold as a fraction of TargetValue (default 0.9).
    #[serde(default = "point_nine")]
    pub tt_low_threshold_factor: f64,
    /// [I] spec 1.5: the capacity C in `ceil(C·M/T)`: `in_service` (default) or `desired`.
    #[serde(default)]
    pub tt_current_capacity: CurrentCapacity,
    /// [I] spec 1.10: refuse a change while the previous one is in progress (default true).
    #[serde(default = "yes")]
    pub refuse_while_updating: bool,
    /// [I] spec 7.3: the alarm evaluation range is N + this many periods (default 2).
    #[serde(default = "two")]
    pub alarm_evaluation_range_extra: u32,
    /// Set by the `aws_cli_json` import: the scalable target of the JSON and its file, so
    /// that the scenario can be checked against it. Not part of the TOML.
    #[serde(skip)]
    pub imported_target: Option<ImportedTarget>,
}

impl Default for AasSpec {
    fn default() -> Self {
        AasSpec {
            cooldown_clock: CooldownClock::default(),
            suspended_state: SuspendedSpec::default(),
            target_tracking: Vec::new(),
            step_scaling: Vec::new(),
            scheduled_actions: Vec::new(),
            tt_high_evaluation_periods: three(),
            tt_low_evaluation_periods: fifteen(),
            tt_low_threshold_factor: point_nine(),
            tt_current_capacity: CurrentCapacity::default(),
            refuse_while_updating: yes(),
            alarm_evaluation_range_extra: two(),
            imported_target: None,
        }
    }
}

/// Which capacity target tracking multiplies the metric by (spec 1.5, an open question).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CurrentCapacity {
    /// Instances InService (default; what AAS emulators use).
    #[default]
    InService,
    /// The desired capacity (counts pending instances).
    Desired,
}

fn two() -> u32 {
    2
}
fn three() -> u32 {
    3
}
fn fifteen() -> u32 {
    15
}
fn point_nine() -> f64 {
    0.9
}
fn yes() -> bool {
    true
}

fn default_cooldown() -> Duration {
    Duration::from_secs(300.0)
}
fn default_period() -> Duration {
    Duration::from_secs(60.0)
}
fn default_tt_metric() -> String {
    EndpointMetric::ApproximateBacklogSizePerInstance
        .name()
        .to_string()
}
fn average() -> Statistic {
    Statistic::Average
}

/// A target tracking policy (`TargetTrackingScalingPolicyConfiguration`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetTrackingSpec {
    /// `PolicyName`.
    pub policy_name: String,
    /// The tracked metric (a customized metric in AWS/SageMaker with the target's dimension,
    /// or on an inference component `InvocationsPerCopy` with `Sum` /
    /// `ConcurrentRequestsPerCopy` with `Average`, the predefined metrics; default
    /// `ApproximateBacklogSizePerInstance`).
    #[serde(default = "default_tt_metric")]
    pub metric_name: String,
    /// Its statistic (default `Average`).
    #[serde(default = "average")]
    pub statistic: Statistic,
    /// `TargetValue`.
    pub target_value: f64,
    /// `ScaleOutCooldown` (default 300s).
    #[serde(default = "default_cooldown")]
    pub scale_out_cooldown: Duration,
    /// `ScaleInCooldown` (default 300s).
    #[serde(default = "default_cooldown")]
    pub scale_in_cooldown: Duration,
    /// `DisableScaleIn`.
    #[serde(default)]
    pub disable_scale_in: bool,
    /// The hidden AlarmHigh as AWS really created it (read from `describe-alarms` by
    /// `import-aws`); a field left out takes scalesim's default (spec 1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_high: Option<HiddenAlarmSpec>,
    /// The hidden AlarmLow as AWS really created it; a field left out takes scalesim's
    /// default (spec 1.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_low: Option<HiddenAlarmSpec>,
}

/// What `describe-alarms` shows of a hidden target tracking alarm: every field optional,
/// each replacing the default it names.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HiddenAlarmSpec {
    /// `AlarmName` (the real one carries AWS's uuid; default: a deterministic one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_name: Option<String>,
    /// `Period` (a multiple of 60s; default 60s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Duration>,
    /// `EvaluationPeriods` (default `tt_high_evaluation_periods` / `tt_low_evaluation_periods`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_periods: Option<u32>,
    /// `DatapointsToAlarm` (default: the evaluation periods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<u32>,
    /// `Threshold` (default TargetValue for AlarmHigh, `tt_low_threshold_factor` ×
    /// TargetValue for AlarmLow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

impl HiddenAlarmSpec {
    /// Apply the fields given to `alarm`, reporting impossible values under `path`.
    fn apply(&self, alarm: &mut AlarmConfig, path: &str, issues: &mut Vec<Issue>) {
        if let Some(name) = &self.alarm_name {
            if name.trim().is_empty() {
                issues.push(Issue::new(
                    format!("{path}.alarm_name"),
                    "must not be empty",
                ));
            } else {
                alarm.name = name.clone();
            }
        }
        if let Some(p) = self.period {
            let s = p.secs();
            if (60.0..=86_400.0).contains(&s) && s % 60.0 == 0.0 {
                alarm.period_s = s as u32;
            } else {
                issues.push(Issue::new(
                    format!("{path}.period"),
                    format!("{p} must be a multiple of 60s, at most 1d (endpoint metrics are 1-minute metrics)"),
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
        if !(1..=1440).contains(&alarm.evaluation_periods) {
            issues.push(Issue::new(
                format!("{path}.evaluation_periods"),
                format!(
                    "{} is out of range: allowed 1 to 1440",
                    alarm.evaluation_periods
                ),
            ));
        } else if !(1..=alarm.evaluation_periods).contains(&alarm.datapoints_to_alarm) {
            issues.push(Issue::new(
                format!("{path}.datapoints_to_alarm"),
                format!(
                    "{} is out of range: allowed 1 to evaluation_periods ({})",
                    alarm.datapoints_to_alarm, alarm.evaluation_periods
                ),
            ));
        }
        if let Some(t) = self.threshold {
            if t.is_finite() {
                alarm.threshold = t;
            } else {
                issues.push(Issue::new(
                    format!("{path}.threshold"),
                    "must be a finite number",
                ));
            }
        }
    }
}

/// One step (`StepAdjustment`): bounds relative to the alarm threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// `MetricIntervalLowerBound` (absent = −∞).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    /// `MetricIntervalUpperBound` (absent = +∞).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    /// `ScalingAdjustment`.
    pub scaling_adjustment: i64,
}

/// A step scaling policy (`StepScalingPolicyConfiguration`) and its alarm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepScalingSpec {
    /// `PolicyName`.
    pub policy_name: String,
    /// `AdjustmentType`.
    pub adjustment_type: AdjustmentType,
    /// `StepAdjustments`.
    pub step_adjustments: Vec<StepSpec>,
    /// `MinAdjustmentMagnitude` (PercentChangeInCapacity only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    /// `Cooldown` (default 300s).
    #[serde(default = "default_cooldown")]
    pub cooldown: Duration,
    /// `MetricAggregationType` (default `Average`).
    #[serde(default)]
    pub metric_aggregation_type: MetricAggregationType,
    /// The CloudWatch alarm whose `AlarmActions` invoke this policy.
    pub alarm: AlarmSpec,
}

/// A CloudWatch metric alarm on one of the endpoint's metrics (`PutMetricAlarm`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlarmSpec {
    /// `AlarmName` (default `<policy_name>-alarm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_name: Option<String>,
    /// `MetricName` (namespace AWS/SageMaker, dimension EndpointName, or
    /// InferenceComponentName on a real-time endpoint with inference components).
    pub metric_name: String,
    /// `Statistic` (default `Average`).
    #[serde(default = "average")]
    pub statistic: Statistic,
    /// `Period` (a multiple of 60s; default 60s). `NoCapacityInvocationFailures` also takes
    /// 10s, 20s or 30s (the AWS blog recipe, spec 6.4), evaluated per minute with a warning.
    #[serde(default = "default_period")]
    pub period: Duration,
    /// `EvaluationPeriods` (N).
    pub evaluation_periods: u32,
    /// `DatapointsToAlarm` (M, default N).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datapoints_to_alarm: Option<u32>,
    /// `Threshold`.
    pub threshold: f64,
    /// `ComparisonOperator`.
    pub comparison_operator: ComparisonOperator,
    /// `TreatMissingData` (default `missing`).
    #[serde(default)]
    pub treat_missing_data: TreatMissingData,
}

/// A scheduled action (`PutScheduledAction`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledActionSpec {
    /// `ScheduledActionName`.
    pub scheduled_action_name: String,
    /// `Schedule`: `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` or `cron(…)`, in UTC.
    pub schedule: String,
    /// `StartTime` (ISO 8601), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// `EndTime` (ISO 8601), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// `ScalableTargetAction.MinCapacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<u32>,
    /// `ScalableTargetAction.MaxCapacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_capacity: Option<u32>,
}

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

fn relocate(prefix: &str, issues: Vec<Issue>) -> impl Iterator<Item = Issue> + '_ {
    issues.into_iter().map(move |mut i| {
        i.path = toml_path(prefix, &i.path);
        i
    })
}

fn whole_seconds(issues: &mut Vec<Issue>, path: &str, d: Duration, max_s: f64) -> u32 {
    let s = d.secs();
    if !(0.0..=max_s).contains(&s) || s.fract() != 0.0 {
        issues.push(Issue::new(
            path,
            format!(
                "{d} must be a whole number of seconds between 0s and {}",
                Duration::from_secs(max_s)
            ),
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

/// The published metric called `name`, or `None` (with a warning, or an issue when empty).
fn endpoint_metric(
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<String>,
    path: &str,
    name: &str,
    platform: PlatformKind,
) -> Option<EndpointMetric> {
    let published = EndpointMetric::published_by(platform);
    let known = EndpointMetric::from_name(name);
    let m = known.filter(|m| published.contains(m));
    if m.is_none() {
        let list: Vec<&str> = published.iter().map(|m| m.name()).collect();
        let list = list.join(", ");
        if name.trim().is_empty() {
            issues.push(Issue::new(path, format!("is empty; use one of {list}")));
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
            warnings.push(format!(
                "{path}: {name:?} is not published by {}{whose}; it publishes {list}. This alarm \
                 will never have data, so its policy never acts",
                publisher(platform)
            ));
        }
    }
    m
}

/// Validate `spec` (at TOML path `prefix`, normally `policy`). `resource_id` names the
/// hidden alarms (`endpoint/<ep>/variant/<v>` or `inference-component/<name>`, see
/// [`super::target::ScalableTarget`]); `platform` decides which metrics exist
/// ([`EndpointMetric::published_by`]); `start_unix_s` anchors schedules; `horizon_s` is used
/// for warnings.
pub fn validate(
    spec: &AasSpec,
    prefix: &str,
    resource_id: &str,
    platform: PlatformKind,
    start_unix_s: i64,
    horizon_s: f64,
) -> Result<(AasConfig, Vec<String>), Vec<Issue>> {
    let mut issues = Vec::new();
    let mut warnings = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut unique = |issues: &mut Vec<Issue>, path: String, name: &str| {
        if name.trim().is_empty() {
            issues.push(Issue::new(path, "must not be empty"));
        } else if names.iter().any(|n| n == name) {
            issues.push(Issue::new(
                path,
                format!("{name:?} is used twice; names must be unique"),
            ));
        } else {
            names.push(name.to_string());
        }
    };

    let mut target_tracking = Vec::new();
    for (i, tt) in spec.target_tracking.iter().enumerate() {
        let p = format!("{prefix}.target_tracking[{i}]");
        unique(&mut issues, format!("{p}.policy_name"), &tt.policy_name);
        let metric = endpoint_metric(
            &mut issues,
            &mut warnings,
            &format!("{p}.metric_name"),
            &tt.metric_name,
            platform,
        );
        let config = TargetTrackingConfig {
            target_value: tt.target_value,
            scale_out_cooldown_s: whole_seconds(
                &mut issues,
                &format!("{p}.scale_out_cooldown"),
                tt.scale_out_cooldown,
                86_400.0,
            ),
            scale_in_cooldown_s: whole_seconds(
                &mut issues,
                &format!("{p}.scale_in_cooldown"),
                tt.scale_in_cooldown,
                86_400.0,
            ),
            disable_scale_in: tt.disable_scale_in,
        };
        issues.extend(relocate(&p, config.validate()));
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
            h.apply(&mut high, &format!("{p}.alarm_high"), &mut issues);
        }
        match (&tt.alarm_low, &mut low) {
            (Some(l), Some(low)) => l.apply(low, &format!("{p}.alarm_low"), &mut issues),
            (Some(_), None) => issues.push(Issue::new(
                format!("{p}.alarm_low"),
                "the policy has disable_scale_in = true, so AWS creates no AlarmLow; remove this table",
            )),
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
        if !(1..=1440).contains(&periods) {
            issues.push(Issue::new(
                format!("{prefix}.{field}"),
                format!("{periods} is out of range: allowed 1 to 1440"),
            ));
        }
    }
    if !(spec.tt_low_threshold_factor > 0.0 && spec.tt_low_threshold_factor <= 1.0) {
        issues.push(Issue::new(
            format!("{prefix}.tt_low_threshold_factor"),
            format!(
                "{} is out of range: allowed (0, 1]",
                spec.tt_low_threshold_factor
            ),
        ));
    }
    if spec.alarm_evaluation_range_extra > 60 {
        issues.push(Issue::new(
            format!("{prefix}.alarm_evaluation_range_extra"),
            format!(
                "{} is out of range: allowed 0 to 60",
                spec.alarm_evaluation_range_extra
            ),
        ));
    }

    let mut step = Vec::new();
    for (i, sp) in spec.step_scaling.iter().enumerate() {
        let p = format!("{prefix}.step_scaling[{i}]");
        unique(&mut issues, format!("{p}.policy_name"), &sp.policy_name);
        let cooldown_s =
            whole_seconds(&mut issues, &format!("{p}.cooldown"), sp.cooldown, 86_400.0);
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
        .map_err(|e| issues.extend(relocate(&p, e)))
        .ok();
        let a = &sp.alarm;
        let ap = format!("{p}.alarm");
        let metric = endpoint_metric(
            &mut issues,
            &mut warnings,
            &format!("{ap}.metric_name"),
            &a.metric_name,
            platform,
        );
        let mut period_s = a.period.secs();
        let no_capacity = EndpointMetric::from_name(&a.metric_name)
            == Some(EndpointMetric::NoCapacityInvocationFailures);
        if no_capacity && [10.0, 20.0, 30.0].contains(&period_s) {
            // The AWS blog recipe (spec 6.4) alarms on 30-s periods; scalesim publishes
            // the metric once a minute, so the alarm is evaluated on 1-minute datapoints.
            warnings.push(format!(
                "{ap}.period: {} is a high-resolution period; scalesim publishes \
                 NoCapacityInvocationFailures once a minute, so alarm {:?} is evaluated on \
                 1-minute datapoints (each counts the failures of a whole minute; it may go \
                 into ALARM up to {} later than in AWS)",
                a.period,
                a.alarm_name
                    .clone()
                    .unwrap_or_else(|| format!("{}-alarm", sp.policy_name)),
                Duration::from_secs(60.0 - period_s)
            ));
            period_s = 60.0;
        } else if !(period_s >= 60.0 && period_s % 60.0 == 0.0 && period_s <= 86_400.0) {
            let also = if no_capacity {
                " (or 10s, 20s or 30s, evaluated per minute)"
            } else {
                ""
            };
            issues.push(Issue::new(
                format!("{ap}.period"),
                format!("{} is not allowed: endpoint metrics are 1-minute metrics (spec 0.2), so use 60s or a multiple of it, up to 1d{also}", a.period),
            ));
        }
        let alarm = AlarmConfig {
            name: a
                .alarm_name
                .clone()
                .unwrap_or_else(|| format!("{}-alarm", sp.policy_name)),
            evaluation_periods: a.evaluation_periods,
            datapoints_to_alarm: a.datapoints_to_alarm.unwrap_or(a.evaluation_periods),
            threshold: a.threshold,
            comparison: a.comparison_operator,
            treat_missing: a.treat_missing_data,
            statistic: a.statistic,
            period_s: period_s.clamp(0.0, 86_400.0) as u32,
        };
        issues.extend(relocate(&ap, alarm.validate()));
        if period_s * f64::from(a.evaluation_periods) > 86_400.0 {
            issues.push(Issue::new(
                format!("{ap}.evaluation_periods"),
                "period × evaluation_periods must be at most 1 day (86,400 s)",
            ));
        }
        if let Some(policy) = policy {
            step.push(StepConfig {
                name: sp.policy_name.clone(),
                policy,
                alarm,
                metric,
            });
        }
    }

    let mut scheduled = Vec::new();
    for (i, sa) in spec.scheduled_actions.iter().enumerate() {
        let p = format!("{prefix}.scheduled_actions[{i}]");
        unique(
            &mut issues,
            format!("{p}.scheduled_action_name"),
            &sa.scheduled_action_name,
        );
        let to_sim = |unix: f64| unix - start_unix_s as f64;
        let time = |issues: &mut Vec<Issue>, field: &str, t: &Option<String>| {
            t.as_ref().and_then(|t| {
                parse_timestamp(t)
                    .map(to_sim)
                    .map_err(|e| issues.push(Issue::new(format!("{p}.{field}"), e)))
                    .ok()
            })
        };
        let start_s = time(&mut issues, "start_time", &sa.start_time);
        let end_s = time(&mut issues, "end_time", &sa.end_time);
        if sa.min_capacity.is_none() && sa.max_capacity.is_none() {
            issues.push(Issue::new(&p, "set min_capacity, max_capacity or both"));
        }
        if let (Some(lo), Some(hi)) = (sa.min_capacity, sa.max_capacity) {
            if lo > hi {
                issues.push(Issue::new(
                    format!("{p}.min_capacity"),
                    format!("{lo} is greater than max_capacity ({hi})"),
                ));
            }
        }
        let when = match Schedule::parse(&sa.schedule) {
            Err(e) => {
                issues.push(Issue::new(format!("{p}.schedule"), e));
                None
            }
            Ok(Schedule::At(dt)) => {
                let at = to_sim(dt.unix_seconds() as f64);
                if at < 0.0 || at >= horizon_s {
                    warnings.push(format!(
                        "{p}.schedule: {} is outside the simulated time; it never runs",
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
                    issues.push(Issue::new(format!("{p}.schedule"), e));
                    None
                }
                Ok(cron) => {
                    if !cron.fires_within(start_unix_s, 8) {
                        issues.push(Issue::new(
                            format!("{p}.schedule"),
                            format!(
                                "{} never fires (checked 8 years from the start time)",
                                sa.schedule
                            ),
                        ));
                    } else if cron
                        .next_at_or_after(start_unix_s, start_unix_s + horizon_s as i64)
                        .is_none()
                    {
                        warnings.push(format!(
                            "{p}.schedule: {} does not fire within the horizon",
                            sa.schedule
                        ));
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

    if spec.target_tracking.is_empty()
        && spec.step_scaling.is_empty()
        && spec.scheduled_actions.is_empty()
    {
        warnings.push(format!("{prefix}: no target tracking, step scaling or scheduled action; capacity never changes"));
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok((
        AasConfig {
            cooldown_clock: spec.cooldown_clock,
            suspended: spec.suspended_state,
            target_tracking,
            step,
            scheduled,
            start_unix_s,
            tt_current_capacity: spec.tt_current_capacity,
            refuse_while_updating: spec.refuse_while_updating,
            alarm_evaluation_range_extra: spec.alarm_evaluation_range_extra as usize,
        },
        warnings,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_paths_become_toml_paths() {
        assert_eq!(
            toml_path(
                "policy.step_scaling[0]",
                "StepAdjustments[1].MetricIntervalLowerBound"
            ),
            "policy.step_scaling[0].step_adjustments[1].metric_interval_lower_bound"
        );
        assert_eq!(toml_path("p", "TargetValue"), "p.target_value");
        assert_eq!(toml_path("p", ""), "p");
    }
}
