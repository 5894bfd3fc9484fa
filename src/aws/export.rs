//! `scalesim export-aws`: the TOML form [`AasSpec`] (with the capacity bounds and the
//! scalable target — an endpoint variant or an inference component, [`ScalableTarget`]) as
//! the JSON files the AWS CLI takes with `--cli-input-json` (docs/aws-semantics.md §2.7, §3.11, §5,
//! §6.2–6.4), and a README listing the commands in order.
//!
//! Owns the scaling-policy ARN form, which `import` reads back (the AWS names of the
//! scalable targets are in `target`, re-exported here). Every file is one request struct of
//! `cli_json` / `cli_alarm` written with `serde_json::to_string_pretty`, so field names and
//! types are exactly AWS's; durations become integer seconds. Order:
//! `register-scalable-target`, `put-scaling-policy` (target tracking, then step),
//! `put-metric-alarm` (one per step policy), `put-scheduled-action`.
//!
//! # Interpretations
//! * The policy section is expected to be valid (`spec::validate`); values out of the AWS integer
//!   ranges are clamped rather than reported.
//! * A target tracking policy on an inference component that tracks `InvocationsPerCopy`
//!   with statistic `Sum` or `ConcurrentRequestsPerCopy` with `Average` is written as the
//!   matching `PredefinedMetricSpecification` (`SageMakerInferenceComponentInvocationsPerCopy`,
//!   `SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution`; the inverse of
//!   the import's [I] mapping). A metric named by a predefined metric type (e.g. imported
//!   `SageMakerVariantInvocationsPerInstance`) is written as that
//!   `PredefinedMetricSpecification`; any other metric as a `CustomizedMetricSpecification`
//!   on `AWS/SageMaker` with the target's dimension (`EndpointName` or
//!   `InferenceComponentName`). Alarms get the same dimension.
//! * An alarm without `alarm_name` is named `<policy_name>-alarm` (as `spec` does); its
//!   `AlarmActions` holds a placeholder ARN with [`POLICY_ID_PLACEHOLDER`] where the policy
//!   id goes, to be replaced by the `PolicyARN` that `put-scaling-policy` returns.
//! * `DisableScaleIn` and `SuspendedState` are written only when something is true;
//!   `RoleARN` is left out (AAS then uses its service-linked role).

use serde::Serialize;

use super::cli_alarm::PutMetricAlarm;
use super::cli_json::{
    CustomizedMetricSpecification, PolicyType, PredefinedMetricSpecification, PutScalingPolicy,
    PutScheduledAction, RegisterScalableTarget, ScalableTargetAction, StepAdjustment,
    StepScalingPolicyConfiguration, SuspendedState, TargetTrackingScalingPolicyConfiguration,
    Timestamp, PREDEFINED_METRIC_TYPES,
};
use super::spec::{AasSpec, StepScalingSpec, TargetTrackingSpec};
pub use super::target::{
    ScalableTarget, ENDPOINT_DIMENSION, IC_DIMENSION, IC_SCALABLE_DIMENSION, METRIC_NAMESPACE,
    SCALABLE_DIMENSION, SERVICE_NAMESPACE,
};
use crate::time::Duration;

/// What precedes the policy name at the end of a scaling-policy ARN.
pub const POLICY_NAME_MARKER: &str = ":policyName/";
/// Stands for the policy id in exported alarm actions; AWS rejects it until replaced.
pub const POLICY_ID_PLACEHOLDER: &str = "<POLICY-ID>";

/// One file to give the AWS CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// File name, e.g. `02-put-scaling-policy-backlog-tt.json`.
    pub name: String,
    /// The command that uses it, e.g. `aws application-autoscaling put-scaling-policy
    /// --cli-input-json file://02-put-scaling-policy-backlog-tt.json`.
    pub aws_command: String,
    /// The request, pretty-printed, with a trailing newline.
    pub json: String,
}

/// `endpoint/<endpoint>/variant/<variant>` (docs/aws-semantics.md §3.11).
pub fn resource_id(endpoint: &str, variant: &str) -> String {
    ScalableTarget::Variant {
        endpoint: endpoint.into(),
        variant: variant.into(),
    }
    .resource_id()
}

/// The ARN of step policy `policy` of the scalable target `resource_id`, with
/// [`POLICY_ID_PLACEHOLDER`] as its id.
pub fn placeholder_policy_arn(
    region: &str,
    account_id: &str,
    resource_id: &str,
    policy: &str,
) -> String {
    let rid = resource_id;
    format!(
        "arn:aws:autoscaling:{region}:{account_id}:scalingPolicy:{POLICY_ID_PLACEHOLDER}:\
         resource/{SERVICE_NAMESPACE}/{rid}{POLICY_NAME_MARKER}{policy}"
    )
}

/// The policy name and (if present) the `resource/…` part of an Application Auto Scaling
/// policy ARN; `None` for other ARNs (SNS topics, EC2 actions, …).
pub fn policy_of_arn(arn: &str) -> Option<(&str, Option<&str>)> {
    let mut fields = arn.splitn(4, ':');
    let (Some("arn"), Some(_), Some("autoscaling")) = (fields.next(), fields.next(), fields.next())
    else {
        return None;
    };
    let (head, name) = arn.rsplit_once(POLICY_NAME_MARKER)?;
    Some((name, head.split_once(":resource/").map(|(_, r)| r)))
}

fn int(v: i64) -> i32 {
    v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

fn secs(d: Duration) -> i32 {
    int(d.secs().round() as i64)
}

/// Collects numbered files.
struct Files(Vec<ExportFile>);

impl Files {
    /// Add `request` for `aws <service> <command>`, named after `label`.
    fn push(
        &mut self,
        service: &str,
        command: &str,
        label: Option<&str>,
        request: &impl Serialize,
    ) {
        let slug: String = label
            .map(|l| {
                let s: String = l
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                            c
                        } else {
                            '-'
                        }
                    })
                    .take(64)
                    .collect();
                format!("-{s}")
            })
            .unwrap_or_default();
        let name = format!("{:02}-{command}{slug}.json", self.0.len() + 1);
        let json = serde_json::to_string_pretty(request)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
        self.0.push(ExportFile {
            aws_command: format!("aws {service} {command} --cli-input-json file://{name}"),
            name,
            json: json + "\n",
        });
    }
}

/// The AWS CLI requests that set up `spec` on `target` (an endpoint variant or an inference
/// component), with capacity bounds `[min_capacity, max_capacity]`. `region` and
/// `account_id` go into the placeholder policy ARNs of the alarms.
pub fn export(
    spec: &AasSpec,
    target: &ScalableTarget,
    min_capacity: u32,
    max_capacity: u32,
    region: &str,
    account_id: &str,
) -> Vec<ExportFile> {
    let rid = target.resource_id();
    let dimension = target.scalable_dimension();
    let aas = "application-autoscaling";
    let mut files = Files(Vec::new());
    let s = spec.suspended_state;
    let any = s.dynamic_scaling_in_suspended
        || s.dynamic_scaling_out_suspended
        || s.scheduled_scaling_suspended;
    let register = RegisterScalableTarget {
        service_namespace: SERVICE_NAMESPACE.into(),
        resource_id: rid.clone(),
        scalable_dimension: dimension.into(),
        min_capacity: Some(int(i64::from(min_capacity))),
        max_capacity: Some(int(i64::from(max_capacity))),
        role_arn: None,
        suspended_state: any.then_some(SuspendedState {
            dynamic_scaling_in_suspended: Some(s.dynamic_scaling_in_suspended),
            dynamic_scaling_out_suspended: Some(s.dynamic_scaling_out_suspended),
            scheduled_scaling_suspended: Some(s.scheduled_scaling_suspended),
        }),
        tags: None,
    };
    files.push(aas, "register-scalable-target", None, &register);
    let policy = |name: &str, policy_type| PutScalingPolicy {
        policy_name: name.to_string(),
        service_namespace: SERVICE_NAMESPACE.into(),
        resource_id: rid.clone(),
        scalable_dimension: dimension.into(),
        policy_type: Some(policy_type),
        step_scaling_policy_configuration: None,
        target_tracking_scaling_policy_configuration: None,
        predictive_scaling_policy_configuration: None,
    };
    for tt in &spec.target_tracking {
        let request = PutScalingPolicy {
            target_tracking_scaling_policy_configuration: Some(tt_config(tt, target)),
            ..policy(&tt.policy_name, PolicyType::TargetTrackingScaling)
        };
        files.push(aas, "put-scaling-policy", Some(&tt.policy_name), &request);
    }
    for sp in &spec.step_scaling {
        let request = PutScalingPolicy {
            step_scaling_policy_configuration: Some(step_config(sp)),
            ..policy(&sp.policy_name, PolicyType::StepScaling)
        };
        files.push(aas, "put-scaling-policy", Some(&sp.policy_name), &request);
    }
    for sp in &spec.step_scaling {
        let arn = placeholder_policy_arn(region, account_id, &rid, &sp.policy_name);
        let alarm = alarm(sp, target, arn);
        files.push(
            "cloudwatch",
            "put-metric-alarm",
            Some(&alarm.alarm_name),
            &alarm,
        );
    }
    for sa in &spec.scheduled_actions {
        let cap = |c: Option<u32>| c.map(|c| int(i64::from(c)));
        let request = PutScheduledAction {
            service_namespace: SERVICE_NAMESPACE.into(),
            schedule: Some(sa.schedule.clone()),
            timezone: None,
            scheduled_action_name: sa.scheduled_action_name.clone(),
            resource_id: rid.clone(),
            scalable_dimension: SCALABLE_DIMENSION.into(),
            start_time: sa.start_time.clone().map(Timestamp::Text),
            end_time: sa.end_time.clone().map(Timestamp::Text),
            scalable_target_action: Some(ScalableTargetAction {
                min_capacity: cap(sa.min_capacity),
                max_capacity: cap(sa.max_capacity),
            }),
        };
        files.push(
            aas,
            "put-scheduled-action",
            Some(&sa.scheduled_action_name),
            &request,
        );
    }
    files.0
}

/// The `PredefinedMetricType` that `tt` is written as on `target`, if any.
fn predefined_type(tt: &TargetTrackingSpec, target: &ScalableTarget) -> Option<String> {
    let ic = match target {
        ScalableTarget::InferenceComponent { .. } => {
            super::target::ic_predefined_type(&tt.metric_name, tt.statistic)
        }
        ScalableTarget::Variant { .. } => None,
    };
    ic.map(str::to_string).or_else(|| {
        PREDEFINED_METRIC_TYPES
            .contains(&tt.metric_name.as_str())
            .then(|| tt.metric_name.clone())
    })
}

fn tt_config(
    tt: &TargetTrackingSpec,
    target: &ScalableTarget,
) -> TargetTrackingScalingPolicyConfiguration {
    let predefined = predefined_type(tt, target);
    TargetTrackingScalingPolicyConfiguration {
        target_value: tt.target_value,
        customized_metric_specification: predefined.is_none().then(|| {
            CustomizedMetricSpecification {
                metric_name: Some(tt.metric_name.clone()),
                namespace: Some(METRIC_NAMESPACE.into()),
                dimensions: Some(target.metric_dimensions()),
                statistic: Some(tt.statistic),
                unit: None,
                metrics: None,
            }
        }),
        predefined_metric_specification: predefined.map(|t| PredefinedMetricSpecification {
            predefined_metric_type: t,
            resource_label: None,
        }),
        scale_out_cooldown: Some(secs(tt.scale_out_cooldown)),
        scale_in_cooldown: Some(secs(tt.scale_in_cooldown)),
        disable_scale_in: tt.disable_scale_in.then_some(true),
    }
}

fn step_config(sp: &StepScalingSpec) -> StepScalingPolicyConfiguration {
    StepScalingPolicyConfiguration {
        adjustment_type: Some(sp.adjustment_type),
        step_adjustments: Some(
            sp.step_adjustments
                .iter()
                .map(|s| StepAdjustment {
                    metric_interval_lower_bound: s.metric_interval_lower_bound,
                    metric_interval_upper_bound: s.metric_interval_upper_bound,
                    scaling_adjustment: int(s.scaling_adjustment),
                })
                .collect(),
        ),
        min_adjustment_magnitude: sp.min_adjustment_magnitude.map(int),
        cooldown: Some(secs(sp.cooldown)),
        metric_aggregation_type: Some(sp.metric_aggregation_type),
    }
}

fn alarm(sp: &StepScalingSpec, target: &ScalableTarget, arn: String) -> PutMetricAlarm {
    let a = &sp.alarm;
    let rid = target.resource_id();
    PutMetricAlarm {
        alarm_name: a
            .alarm_name
            .clone()
            .unwrap_or_else(|| format!("{}-alarm", sp.policy_name)),
        alarm_description: Some(format!(
            "Invokes step scaling policy {} of {rid} (exported by scalesim)",
            sp.policy_name
        )),
        actions_enabled: None,
        ok_actions: None,
        alarm_actions: Some(vec![arn]),
        insufficient_data_actions: None,
        metric_name: Some(a.metric_name.clone()),
        namespace: Some(METRIC_NAMESPACE.into()),
        statistic: Some(a.statistic),
        extended_statistic: None,
        dimensions: Some(target.metric_dimensions()),
        period: Some(secs(a.period)),
        unit: None,
        evaluation_periods: int(i64::from(a.evaluation_periods)),
        datapoints_to_alarm: a.datapoints_to_alarm.map(|m| int(i64::from(m))),
        threshold: Some(a.threshold),
        comparison_operator: a.comparison_operator,
        treat_missing_data: Some(a.treat_missing_data),
        evaluate_low_sample_count_percentile: None,
        metrics: None,
        tags: None,
        threshold_metric_id: None,
    }
}

#[path = "export_readme.rs"]
mod readme_text;
pub use readme_text::readme;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_arns_are_built_and_read_back() {
        let rid = resource_id("ep", "AllTraffic");
        let arn = placeholder_policy_arn("us-east-1", "123456789012", &rid, "p 1");
        assert_eq!(arn, "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:<POLICY-ID>:resource/sagemaker/endpoint/ep/variant/AllTraffic:policyName/p 1");
        assert_eq!(
            policy_of_arn(&arn),
            Some(("p 1", Some("sagemaker/endpoint/ep/variant/AllTraffic")))
        );
        assert_eq!(
            policy_of_arn("arn:aws-cn:autoscaling:r:a:scalingPolicy:x:policyName/q"),
            Some(("q", None))
        );
        assert_eq!(
            policy_of_arn("arn:aws:sns:us-east-1:123456789012:ops"),
            None
        );
        assert_eq!(
            policy_of_arn("arn:aws:autoscaling:r:a:autoScalingGroup:x"),
            None
        );
    }

    #[test]
    fn file_names_are_numbered_and_safe() {
        let mut files = Files(Vec::new());
        files.push(
            "cloudwatch",
            "put-metric-alarm",
            Some("a/b c:ü"),
            &serde_json::json!({}),
        );
        files.push(
            "application-autoscaling",
            "register-scalable-target",
            None,
            &1,
        );
        assert_eq!(files.0[0].name, "01-put-metric-alarm-a-b-c--.json");
        assert_eq!(files.0[1].name, "02-register-scalable-target.json");
        assert_eq!(files.0[1].json, "1\n");
        assert_eq!(
            files.0[0].aws_command,
            "aws cloudwatch put-metric-alarm --cli-input-json file://01-put-metric-alarm-a-b-c--.json"
        );
    }
}
