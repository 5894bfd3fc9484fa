//! Scaling-policy requests (`PutScalingPolicy`) of an import: target tracking becomes a
//! [`TargetTrackingSpec`](super::TargetTrackingSpec); a step policy waits for its alarm.

use super::{load, secs_or_300, Ctx, PendingStep, RequestSource, Src};
use crate::aws::cli_json::{PutScalingPolicy, TargetTrackingScalingPolicyConfiguration};
use crate::aws::spec::TargetTrackingSpec;
use crate::aws::target::{
    ic_predefined_metric, ScalableTarget, IC_PREDEFINED_METRICS, METRIC_NAMESPACE,
};
use crate::error::{InputError, Issue};
use crate::metrics::Statistic;

impl Ctx {
    pub(super) fn policy(&mut self, req: &RequestSource) -> Result<(), InputError> {
        let (mut src, p) = load::<PutScalingPolicy>(req)?;
        src.issues = p.validate();
        self.check_target(
            &mut src.issues,
            &p.service_namespace,
            &p.resource_id,
            &p.scalable_dimension,
        );
        let file = self.srcs.len();
        self.policies.push(p.policy_name.clone());
        if src.issues.is_empty() {
            if let Some(tt) = &p.target_tracking_scaling_policy_configuration {
                if let Some(t) = self.tt_spec(&mut src, p.policy_name, tt) {
                    self.spec.target_tracking.push(t);
                }
            } else if let Some(config) = p.step_scaling_policy_configuration {
                let alarms = Vec::new();
                self.steps.push(PendingStep {
                    file,
                    name: p.policy_name,
                    config,
                    alarms,
                });
            }
        }
        self.srcs.push(src);
        Ok(())
    }

    fn tt_spec(
        &mut self,
        src: &mut Src,
        policy_name: String,
        tt: &TargetTrackingScalingPolicyConfiguration,
    ) -> Option<TargetTrackingSpec> {
        const TT: &str = "TargetTrackingScalingPolicyConfiguration";
        let (issues, file) = (&mut src.issues, &src.name);
        for mut i in tt.to_config().err().unwrap_or_default() {
            i.path = format!("{TT}.{}", i.path);
            issues.push(i);
        }
        let pre = tt.predefined_metric_specification.as_ref();
        let (metric_name, statistic) = match (pre, &tt.customized_metric_specification) {
            (Some(p), _) => {
                let t = &p.predefined_metric_type;
                let path = format!("{TT}.PredefinedMetricSpecification.PredefinedMetricType");
                let reg = &self.srcs[0].name;
                let ic_types: Vec<&str> = IC_PREDEFINED_METRICS.iter().map(|m| m.0).collect();
                let ic_types = ic_types.join(" or ");
                match (&self.target, ic_predefined_metric(t)) {
                    (ScalableTarget::InferenceComponent { .. }, Some((metric, stat))) => {
                        if t.ends_with("HighResolution") {
                            self.warnings.push(format!(
                                "{file}: {path}: {t} is a high-resolution (10-second) metric; \
                                 scalesim evaluates it at 1-minute granularity, so the \
                                 policy's AlarmHigh needs 3 one-minute datapoints (AWS: about \
                                 1 minute) and its AlarmLow 15 (AWS: 90 10-second datapoints)"
                            ));
                        }
                        (metric.name().to_string(), stat)
                    }
                    (ScalableTarget::Variant { .. }, Some(_)) => {
                        issues.push(Issue::new(
                            path,
                            format!(
                                "{t} is an inference component's metric, but the scalable \
                                 target in {reg} is an endpoint variant; on an asynchronous \
                                 endpoint track ApproximateBacklogSizePerInstance with a \
                                 CustomizedMetricSpecification, or register \
                                 inference-component/<name> with ScalableDimension \
                                 sagemaker:inference-component:DesiredCopyCount on a \
                                 real-time endpoint ([platform] kind = \"sagemaker_realtime\")"
                            ),
                        ));
                        (t.clone(), Statistic::Average)
                    }
                    (ScalableTarget::Variant { .. }, None) if t.starts_with("SageMakerVariant") => {
                        self.warnings.push(format!(
                            "{file}: {path}: asynchronous endpoints do not publish {t} (docs/aws-semantics.md §3.1), \
                             so this policy never scales; track ApproximateBacklogSizePerInstance \
                             with a CustomizedMetricSpecification instead"
                        ));
                        (t.clone(), Statistic::Average)
                    }
                    (ScalableTarget::Variant { .. }, None) => {
                        issues.push(Issue::new(
                            path,
                            format!("{t} is not a SageMaker variant metric"),
                        ));
                        (t.clone(), Statistic::Average)
                    }
                    (ScalableTarget::InferenceComponent { .. }, None) => {
                        let what = if t.starts_with("SageMakerVariant") {
                            "a production variant's metric"
                        } else {
                            "not a SageMaker inference component metric"
                        };
                        issues.push(Issue::new(
                            path,
                            format!(
                                "{t} is {what}, but the scalable target in {reg} is an \
                                 inference component; use {ic_types}"
                            ),
                        ));
                        (t.clone(), Statistic::Average)
                    }
                }
            }
            (None, Some(c)) => {
                let path = format!("{TT}.CustomizedMetricSpecification");
                if c.metrics.is_some() {
                    let msg = "metric math is not simulated; track one metric with MetricName, \
                               Namespace, Dimensions and Statistic";
                    issues.push(Issue::new(format!("{path}.Metrics"), msg));
                }
                let ns = c.namespace.as_deref().unwrap_or_default();
                if ns != METRIC_NAMESPACE {
                    self.warnings.push(format!(
                        "{file}: {path}.Namespace: {ns:?} is not {METRIC_NAMESPACE}; scalesim \
                         simulates only the endpoint's metrics and uses {METRIC_NAMESPACE}"
                    ));
                }
                if !self.target.is_metric_dimensions(c.dimensions.as_deref()) {
                    let (dim, value) = self.target.metric_dimension();
                    let whose = match self.target {
                        ScalableTarget::Variant { .. } => "endpoint's",
                        ScalableTarget::InferenceComponent { .. } => "inference component's",
                    };
                    self.warnings.push(format!(
                        "{file}: {path}.Dimensions: not {dim} = {value}; scalesim uses the \
                         {whose} metric"
                    ));
                }
                let stat = c.statistic.unwrap_or(Statistic::Average);
                (c.metric_name.clone().unwrap_or_default(), stat)
            }
            (None, None) => return None,
        };
        issues.is_empty().then(|| TargetTrackingSpec {
            policy_name,
            metric_name,
            statistic,
            target_value: tt.target_value,
            scale_out_cooldown: secs_or_300(tt.scale_out_cooldown),
            scale_in_cooldown: secs_or_300(tt.scale_in_cooldown),
            disable_scale_in: tt.disable_scale_in.unwrap_or(false),
            alarm_high: None,
            alarm_low: None,
        })
    }
}
