//! Alarm requests (`PutMetricAlarm`) of an import: each alarm's checks against the target's
//! metrics, and the matching of step policies with the alarms that invoke them.

use super::{load, secs_or_300, Ctx, RequestSource};
use crate::aws::cli_alarm::PutMetricAlarm;
use crate::aws::cli_json::StepAdjustment;
use crate::aws::export::{policy_of_arn, POLICY_NAME_MARKER};
use crate::aws::spec::{AlarmSpec, StepScalingSpec, StepSpec};
use crate::aws::target::{ScalableTarget, IC_DIMENSION, METRIC_NAMESPACE, SERVICE_NAMESPACE};
use crate::error::{InputError, Issue};
use crate::metrics::EndpointMetric;
use crate::time::Duration;

/// `[{"Name": "<name>", "Value": "<value>"}]`, the target's metric dimension as JSON.
fn dims_json(target: &ScalableTarget) -> String {
    let (name, value) = target.metric_dimension();
    format!("[{{\"Name\": \"{name}\", \"Value\": \"{value}\"}}]")
}

/// What the target's metric dimension is, for messages.
fn dims_what(target: &ScalableTarget) -> &'static str {
    match target {
        ScalableTarget::Variant { .. } => "the dimension of the asynchronous endpoint's metrics",
        ScalableTarget::InferenceComponent { .. } => {
            "the dimension of the inference component's metrics"
        }
    }
}

impl Ctx {
    pub(super) fn alarm(&mut self, req: &RequestSource) -> Result<(), InputError> {
        let (mut src, a) = load::<PutMetricAlarm>(req)?;
        let name = req.name.as_str();
        let file = self.srcs.len();
        // `None` if the alarm has issues; its policy then does not report a missing alarm.
        let alarm = self.alarm_spec(&mut src.issues, &a);
        let ours = format!("{SERVICE_NAMESPACE}/{}", self.reg.resource_id);
        let mut invoked = 0;
        for (i, arn) in a.alarm_actions.iter().flatten().enumerate() {
            let path = format!("AlarmActions[{i}]");
            let Some((policy, resource)) = policy_of_arn(arn) else {
                self.warnings.push(format!(
                    "{name}: {path}: {arn:?} is not an Application Auto Scaling policy ARN; \
                     scalesim ignores it"
                ));
                continue;
            };
            invoked += 1;
            let other = resource.filter(|r| *r != ours);
            let step = self.steps.iter_mut().find(|s| s.name == policy);
            let msg = if let Some(s) = step {
                if !s.alarms.iter().any(|(f, _)| *f == file) {
                    s.alarms
                        .push((file, alarm.clone().filter(|_| other.is_none())));
                }
                match other {
                    None => continue,
                    Some(r) => {
                        format!("names a policy of {r:?}, not of the scalable target {ours:?}")
                    }
                }
            } else if self
                .spec
                .target_tracking
                .iter()
                .any(|t| t.policy_name == policy)
            {
                format!(
                    "invokes target tracking policy {policy:?}; only step policies are invoked \
                     by user alarms (target tracking creates its own)"
                )
            } else if self.policies.iter().any(|n| n == policy) {
                continue; // that policy's file has issues of its own
            } else {
                let known: Vec<&str> = self.steps.iter().map(|s| s.name.as_str()).collect();
                let known = if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                };
                format!(
                    "invokes policy {policy:?}, which no put_scaling_policy file defines \
                     (step policies: {known})"
                )
            };
            src.issues.push(Issue::new(path, msg));
        }
        if invoked == 0 {
            let msg = format!(
                "invokes no scaling policy; list the ARN of a step policy \
                 (…{POLICY_NAME_MARKER}<PolicyName>)"
            );
            src.issues.push(Issue::new("AlarmActions", msg));
        }
        if a.actions_enabled == Some(false) {
            self.warnings.push(format!(
                "{name}: ActionsEnabled is false, so in AWS this alarm invokes no policy; \
                 scalesim simulates it as enabled (to simulate without it, leave this file \
                 and its policy's file out)"
            ));
        }
        self.srcs.push(src);
        Ok(())
    }

    /// The alarm in TOML form, or `None` with the issues that prevent simulating it.
    fn alarm_spec(&self, issues: &mut Vec<Issue>, a: &PutMetricAlarm) -> Option<AlarmSpec> {
        issues.extend(a.to_alarm_config().err().unwrap_or_default());
        if a.metric_name.is_some() && a.namespace.as_deref() != Some(METRIC_NAMESPACE) {
            let msg = format!(
                "must be {METRIC_NAMESPACE}: scalesim simulates only the endpoint's metrics"
            );
            issues.push(Issue::new("Namespace", msg));
        }
        if a.metric_name.is_some() && !self.target.is_metric_dimensions(a.dimensions.as_deref()) {
            let mut msg = format!(
                "must be {}, {}",
                dims_json(&self.target),
                dims_what(&self.target)
            );
            let names: Vec<&str> = a
                .dimensions
                .iter()
                .flatten()
                .map(|d| d.name.as_str())
                .collect();
            match self.target {
                ScalableTarget::Variant { .. } if names.contains(&IC_DIMENSION) => {
                    msg += &format!(
                        "; {IC_DIMENSION} is the dimension of an inference component's \
                         metrics, but the scalable target in {} is an endpoint variant",
                        self.srcs[0].name
                    );
                }
                ScalableTarget::InferenceComponent { .. } if names.contains(&"EndpointName") => {
                    msg += &format!(
                        "; EndpointName is the dimension of an asynchronous endpoint's metrics, \
                         but the scalable target in {} is an inference component",
                        self.srcs[0].name
                    );
                }
                _ => {}
            }
            issues.push(Issue::new("Dimensions", msg));
        }
        let no_capacity =
            a.metric_name.as_deref() == Some(EndpointMetric::NoCapacityInvocationFailures.name());
        let high_res_ok = |p: i32| no_capacity && matches!(p, 10 | 20 | 30);
        if let Some(p) = a
            .period
            .filter(|p| (*p < 60 || p % 60 != 0) && !high_res_ok(*p))
        {
            let msg = format!(
                "{p} is not simulated: endpoint metrics are 1-minute metrics (docs/aws-semantics.md §0.2); \
                 use 60 or a multiple of it (alarms on NoCapacityInvocationFailures may also \
                 use 10, 20 or 30, evaluated per minute)"
            );
            issues.push(Issue::new("Period", msg));
        }
        let (Some(metric_name), Some(statistic), Some(period), Some(threshold), true) = (
            a.metric_name.clone(),
            a.statistic,
            a.period,
            a.threshold,
            issues.is_empty(),
        ) else {
            return None;
        };
        Some(AlarmSpec {
            alarm_name: Some(a.alarm_name.clone()),
            metric_name,
            statistic,
            period: Duration::from_secs(f64::from(period)),
            evaluation_periods: a.evaluation_periods.max(1) as u32,
            datapoints_to_alarm: a.datapoints_to_alarm.map(|m| m.max(1) as u32),
            threshold,
            comparison_operator: a.comparison_operator,
            treat_missing_data: a.treat_missing_data.unwrap_or_default(),
        })
    }

    /// Give every step policy its alarm, or report why it has none.
    pub(super) fn resolve_steps(&mut self) {
        for s in std::mem::take(&mut self.steps) {
            let (c, name) = (&s.config, &s.name);
            let msg = match (&s.alarms[..], c.adjustment_type) {
                ([(_, Some(alarm))], Some(adjustment_type)) => {
                    let step = |a: &StepAdjustment| StepSpec {
                        metric_interval_lower_bound: a.metric_interval_lower_bound,
                        metric_interval_upper_bound: a.metric_interval_upper_bound,
                        scaling_adjustment: i64::from(a.scaling_adjustment),
                    };
                    let spec = StepScalingSpec {
                        policy_name: s.name.clone(),
                        adjustment_type,
                        step_adjustments: c.step_adjustments.iter().flatten().map(step).collect(),
                        min_adjustment_magnitude: c.min_adjustment_magnitude.map(i64::from),
                        cooldown: secs_or_300(c.cooldown),
                        metric_aggregation_type: c.metric_aggregation_type.unwrap_or_default(),
                        alarm: alarm.clone(),
                    };
                    self.spec.step_scaling.push(spec);
                    continue;
                }
                // An invalid alarm reports its own issues.
                ([_], _) => continue,
                ([], _) => format!(
                    "step policy {name:?} has no alarm: add a put_metric_alarm file whose \
                     AlarmActions lists its ARN (…{POLICY_NAME_MARKER}{name})"
                ),
                (many, _) => {
                    let files: Vec<&str> = many
                        .iter()
                        .map(|(f, ..)| self.srcs[*f].name.as_str())
                        .collect();
                    format!(
                        "step policy {name:?} is invoked by {} alarms ({}); scalesim needs \
                         exactly one",
                        many.len(),
                        files.join(", ")
                    )
                }
            };
            self.srcs[s.file].issues.push(Issue::new("PolicyName", msg));
        }
    }
}
