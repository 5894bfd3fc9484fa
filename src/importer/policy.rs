//! The endpoint's scaling as AWS holds it: `describe-scalable-targets`,
//! `describe-scaling-policies`, `describe-scheduled-actions` and the user's step alarms of
//! `describe-alarms`, read as the requests that created them (`crate::aws::import`), plus
//! the hidden target tracking alarms with their real settings.
//!
//! Each `describe-*` object keeps only the members its request takes (the state AWS adds —
//! `PolicyARN`, `CreationTime`, `StateValue`, ... — is dropped), then goes through the same
//! checks as a `--cli-input-json` file, so an error names the file and the JSON path of the
//! object (`describe-scaling-policies.json: ScalingPolicies[1].StepScalingPolicyConfiguration
//! .StepAdjustments[0]...`).
//!
//! Hidden alarms: a target tracking policy's `Alarms` name its AlarmHigh and AlarmLow. When
//! `describe-alarms` holds them, their `AlarmName`, and any `Period`, `EvaluationPeriods`,
//! `DatapointsToAlarm` or `Threshold` that differs from scalesim's defaults (3 of 3 above
//! the target, 15 of 15 below 0.9 × target, 60 s), go into the scenario's `alarm_high` /
//! `alarm_low`, and each difference is reported.

use crate::aws::export::policy_of_arn;
use crate::aws::import::{import_requests, RequestBody, RequestSource, Requests};
use crate::aws::spec::{AasSpec, CooldownClock, HiddenAlarmSpec, TargetTrackingSpec};
use crate::aws::target_tracking::LOW_ALARM_FACTOR;
use crate::error::InputError;
use crate::platform::PlatformKind;
use crate::recorded::alarms::{AlarmRecord, HiddenRole};
use crate::recorded::{Origin, RawItem, Recorded};
use crate::time::Duration;
use serde_json::Value;

/// Members of `RegisterScalableTarget`.
const TARGET_FIELDS: &[&str] = &[
    "ServiceNamespace",
    "ResourceId",
    "ScalableDimension",
    "MinCapacity",
    "MaxCapacity",
    "RoleARN",
    "SuspendedState",
];
/// Members of `PutScalingPolicy`.
const POLICY_FIELDS: &[&str] = &[
    "PolicyName",
    "ServiceNamespace",
    "ResourceId",
    "ScalableDimension",
    "PolicyType",
    "StepScalingPolicyConfiguration",
    "TargetTrackingScalingPolicyConfiguration",
];
/// Members of `PutMetricAlarm` that matter to a simulated alarm.
const ALARM_FIELDS: &[&str] = &[
    "AlarmName",
    "AlarmDescription",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
    "Metrics",
    "ThresholdMetricId",
];
/// Members of `PutScheduledAction`.
const SCHEDULE_FIELDS: &[&str] = &[
    "ServiceNamespace",
    "ScheduledActionName",
    "ResourceId",
    "ScalableDimension",
    "Schedule",
    "Timezone",
    "StartTime",
    "EndTime",
    "ScalableTargetAction",
];

/// What the record says of the endpoint's scaling.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedScaling {
    /// The policies in TOML form (`None` without a scalable target: the scenario keeps a
    /// fixed capacity).
    pub spec: Option<AasSpec>,
    /// `MinCapacity`.
    pub min_capacity: Option<u32>,
    /// `MaxCapacity`.
    pub max_capacity: Option<u32>,
    /// Where the scalable target was read.
    pub target_origin: Option<Origin>,
    /// Where each policy was read, by policy name.
    pub policy_origins: Vec<(String, Origin)>,
    /// Where each hidden or step alarm was read, by alarm name.
    pub alarm_origins: Vec<(String, Origin)>,
    /// Where each scheduled action was read, by name.
    pub schedule_origins: Vec<(String, Origin)>,
    /// Differences between AWS's real settings and scalesim's defaults (each one used).
    pub differences: Vec<String>,
    /// Things the user should know.
    pub warnings: Vec<String>,
}

fn keep_fields(item: &RawItem, fields: &[&str]) -> RequestSource {
    let value = match &item.value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| fields.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    };
    RequestSource {
        name: item.origin.describe(),
        file: item.origin.file.clone(),
        prefix: item.origin.path.clone(),
        body: RequestBody::Value(value),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn u32_of(v: &Value, key: &str) -> Option<u32> {
    v.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

/// Read the scaling of `rec` (see the module docs).
pub fn import_scaling(rec: &Recorded) -> Result<ImportedScaling, InputError> {
    let mut out = ImportedScaling {
        spec: None,
        min_capacity: None,
        max_capacity: None,
        target_origin: None,
        policy_origins: Vec::new(),
        alarm_origins: Vec::new(),
        schedule_origins: Vec::new(),
        differences: Vec::new(),
        warnings: Vec::new(),
    };
    let variant_targets: Vec<&RawItem> = rec
        .scalable_targets
        .iter()
        .filter(|t| {
            str_of(&t.value, "ScalableDimension") == Some("sagemaker:variant:DesiredInstanceCount")
        })
        .collect();
    let Some(target) = variant_targets.last() else {
        if !rec.scaling_policies.is_empty() {
            out.warnings.push(
                "the scaling policies are ignored: without `describe-scalable-targets` their \
                 capacity bounds are unknown; save its output too"
                    .into(),
            );
        }
        return Ok(out);
    };
    if variant_targets.len() > 1 {
        out.warnings.push(format!(
            "{} scalable targets of the variant; the last read ({}) is used",
            variant_targets.len(),
            target.origin.describe()
        ));
    }
    out.min_capacity = u32_of(&target.value, "MinCapacity");
    out.max_capacity = u32_of(&target.value, "MaxCapacity");
    out.target_origin = Some(target.origin.clone());

    let mut policies = Vec::new();
    let mut step_names = Vec::new();
    for p in &rec.scaling_policies {
        let name = str_of(&p.value, "PolicyName")
            .unwrap_or_default()
            .to_string();
        match str_of(&p.value, "PolicyType") {
            Some("PredictiveScaling") => {
                out.warnings.push(format!(
                    "{}: predictive scaling is not simulated; policy {name:?} ignored",
                    p.origin.describe()
                ));
                continue;
            }
            Some("StepScaling") => step_names.push(name.clone()),
            _ => {}
        }
        out.policy_origins.push((name, p.origin.clone()));
        policies.push(keep_fields(p, POLICY_FIELDS));
    }
    let mut alarms = Vec::new();
    for a in &rec.alarms {
        if a.hidden_role().is_some() {
            continue;
        }
        let invokes_step = a.alarm_actions.iter().any(|arn| {
            policy_of_arn(arn).is_some_and(|(name, _)| step_names.iter().any(|s| s == name))
        });
        if invokes_step {
            out.alarm_origins.push((a.name.clone(), a.origin.clone()));
            alarms.push(keep_fields(
                &RawItem {
                    origin: a.origin.clone(),
                    value: a.raw.clone(),
                },
                ALARM_FIELDS,
            ));
        } else {
            out.warnings.push(format!(
                "{}: alarm {:?} invokes no step policy of this endpoint; ignored",
                a.origin.describe(),
                a.name
            ));
        }
    }
    let mut scheduled = Vec::new();
    for s in &rec.scheduled_actions {
        let name = str_of(&s.value, "ScheduledActionName").unwrap_or_default();
        out.schedule_origins
            .push((name.to_string(), s.origin.clone()));
        scheduled.push(keep_fields(s, SCHEDULE_FIELDS));
    }
    let requests = Requests {
        register: keep_fields(target, TARGET_FIELDS),
        policies,
        alarms,
        scheduled,
        cooldown_clock: CooldownClock::default(),
    };
    let imported = import_requests(&requests, Some(PlatformKind::SagemakerAsync))?;
    out.warnings.extend(imported.warnings);
    let mut spec = imported.spec;
    spec.imported_target = None;
    for tt in &mut spec.target_tracking {
        hidden_alarms_of(rec, tt, &mut out);
    }
    out.spec = Some(spec);
    Ok(out)
}

/// The hidden alarms of `tt` from `describe-alarms`, into `tt.alarm_high` / `alarm_low`.
fn hidden_alarms_of(rec: &Recorded, tt: &mut TargetTrackingSpec, out: &mut ImportedScaling) {
    let Some(policy) = rec
        .scaling_policies
        .iter()
        .find(|p| str_of(&p.value, "PolicyName") == Some(tt.policy_name.as_str()))
    else {
        return;
    };
    let names: Vec<&str> = policy
        .value
        .get("Alarms")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| str_of(x, "AlarmName")).collect())
        .unwrap_or_default();
    for role in [HiddenRole::High, HiddenRole::Low] {
        let found = rec
            .alarms
            .iter()
            .find(|a| a.hidden_role() == Some(role) && names.contains(&a.name.as_str()));
        let what = match role {
            HiddenRole::High => "AlarmHigh",
            HiddenRole::Low => "AlarmLow",
        };
        let Some(alarm) = found else {
            let listed = names.iter().any(|n| n.contains(&format!("-{what}-")));
            if listed || role == HiddenRole::High {
                out.warnings.push(format!(
                    "the {what} of target tracking policy {:?} is not in any describe-alarms \
                     output; scalesim's defaults are used for it (save `aws cloudwatch \
                     describe-alarms --alarm-name-prefix TargetTracking-` to read the real one)",
                    tt.policy_name
                ));
            }
            continue;
        };
        if role == HiddenRole::Low && tt.disable_scale_in {
            out.warnings.push(format!(
                "{}: policy {:?} has DisableScaleIn, so its AlarmLow never acts; ignored",
                alarm.origin.describe(),
                tt.policy_name
            ));
            continue;
        }
        out.alarm_origins
            .push((alarm.name.clone(), alarm.origin.clone()));
        let spec = compare_hidden(alarm, role, tt, out);
        match role {
            HiddenRole::High => tt.alarm_high = Some(spec),
            HiddenRole::Low => tt.alarm_low = Some(spec),
        }
    }
}

/// The real settings of a hidden alarm that differ from scalesim's defaults (and its name),
/// with each difference reported.
fn compare_hidden(
    alarm: &AlarmRecord,
    role: HiddenRole,
    tt: &TargetTrackingSpec,
    out: &mut ImportedScaling,
) -> HiddenAlarmSpec {
    let (what, default_n, default_threshold, default_op) = match role {
        HiddenRole::High => ("AlarmHigh", 3, tt.target_value, "GreaterThanThreshold"),
        HiddenRole::Low => (
            "AlarmLow",
            15,
            LOW_ALARM_FACTOR * tt.target_value,
            "LessThanThreshold",
        ),
    };
    let mut spec = HiddenAlarmSpec {
        alarm_name: Some(alarm.name.clone()),
        ..HiddenAlarmSpec::default()
    };
    let mut differs = |field: &str, real: String, default: String| {
        out.differences.push(format!(
            "{}: {field} of the {what} of policy {:?} is {real}; scalesim's default is {default}; \
             the real value is used",
            alarm.origin.describe(),
            tt.policy_name
        ));
    };
    if let Some(p) = alarm.period_s.filter(|p| *p != 60) {
        differs("Period", p.to_string(), "60".into());
        spec.period = Some(Duration::from_secs(f64::from(p)));
    }
    let n = alarm.evaluation_periods.unwrap_or(default_n);
    if n != default_n {
        differs("EvaluationPeriods", n.to_string(), default_n.to_string());
        spec.evaluation_periods = Some(n);
    }
    if let Some(m) = alarm.datapoints_to_alarm.filter(|m| *m != n) {
        differs(
            "DatapointsToAlarm",
            m.to_string(),
            format!("{n} (= EvaluationPeriods)"),
        );
        spec.datapoints_to_alarm = Some(m);
    }
    if let Some(t) = alarm
        .threshold
        .filter(|t| (t - default_threshold).abs() > 1e-9 * default_threshold.abs().max(1.0))
    {
        differs("Threshold", t.to_string(), default_threshold.to_string());
        spec.threshold = Some(t);
    }
    if let Some(op) = alarm
        .comparison_operator
        .as_deref()
        .filter(|op| *op != default_op)
    {
        out.warnings.push(format!(
            "{}: ComparisonOperator of the {what} is {op}; scalesim simulates {default_op}",
            alarm.origin.describe()
        ));
    }
    if let Some(m) = alarm
        .metric_name
        .as_deref()
        .filter(|m| *m != tt.metric_name)
    {
        out.warnings.push(format!(
            "{}: the {what} watches {m}, but policy {:?} tracks {}; scalesim follows the policy",
            alarm.origin.describe(),
            tt.policy_name,
            tt.metric_name
        ));
    }
    spec
}
