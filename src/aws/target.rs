//! The scalable target that Application Auto Scaling acts on, per platform (docs/aws-semantics.md
//! §3.11, §6.2).
//!
//! A SageMaker asynchronous endpoint scales a production variant's instances
//! (`endpoint/<endpoint>/variant/<variant>`, `sagemaker:variant:DesiredInstanceCount`, metrics
//! with dimension `EndpointName`); a real-time endpoint with inference components scales a
//! component's model copies (`inference-component/<name>`,
//! `sagemaker:inference-component:DesiredCopyCount`, metrics with dimension
//! `InferenceComponentName`). [`ScalableTarget`] carries one or the other and gives the
//! AWS names that `export`, `import` and the hidden target tracking alarms use.
//!
//! # Interpretations
//! * [I] The two predefined inference-component metrics of target tracking map onto the
//!   per-minute metrics scalesim publishes ([`IC_PREDEFINED_METRICS`]):
//!   `SageMakerInferenceComponentInvocationsPerCopy` → `InvocationsPerCopy` with statistic
//!   `Sum` (the predefined metric counts invocations per copy per minute, like
//!   `SageMakerVariantInvocationsPerInstance`, whose documented statistic is Sum), and
//!   `SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution` →
//!   `ConcurrentRequestsPerCopy` with statistic `Average` (a gauge sampled every 10 s).
//! * [I] The HighResolution metric is evaluated at 1-minute granularity: its hidden alarms
//!   use 1-minute datapoints (AlarmHigh 3 of 3, AlarmLow 15 of 15 by default), where AWS
//!   reacts after about 1 minute to scale out and uses 90 10-second points to scale in
//!   (docs/aws-semantics.md §1.4).
//! * An imported policy remembers the scalable target of its JSON ([`ImportedTarget`]), so
//!   that a scenario whose `[platform]` does not fit it is an error naming the file, and
//!   the component's name in the JSON is the one simulated and exported.

use super::cli_json::MetricDimension;
use crate::error::Issue;
use crate::metrics::{EndpointMetric, Statistic};
use crate::platform::PlatformKind;

/// The only service namespace simulated.
pub const SERVICE_NAMESPACE: &str = "sagemaker";
/// The scalable dimension of an endpoint variant's instances (docs/aws-semantics.md §3.11).
pub const SCALABLE_DIMENSION: &str = "sagemaker:variant:DesiredInstanceCount";
/// The scalable dimension of an inference component's copies (docs/aws-semantics.md §6.2).
pub const IC_SCALABLE_DIMENSION: &str = "sagemaker:inference-component:DesiredCopyCount";
/// The CloudWatch namespace of the endpoint metrics (docs/aws-semantics.md §3.1).
pub const METRIC_NAMESPACE: &str = "AWS/SageMaker";
/// The dimension of the asynchronous-endpoint metrics (docs/aws-semantics.md §3.1).
pub const ENDPOINT_DIMENSION: &str = "EndpointName";
/// The dimension of the inference-component metrics (docs/aws-semantics.md §6.4).
pub const IC_DIMENSION: &str = "InferenceComponentName";

/// The predefined target tracking metrics of an inference component and the metric and
/// statistic scalesim tracks for each (an [I] mapping, see the module doc).
pub const IC_PREDEFINED_METRICS: [(&str, EndpointMetric, Statistic); 2] = [
    (
        "SageMakerInferenceComponentInvocationsPerCopy",
        EndpointMetric::InvocationsPerCopy,
        Statistic::Sum,
    ),
    (
        "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
        EndpointMetric::ConcurrentRequestsPerCopy,
        Statistic::Average,
    ),
];

/// The metric and statistic of an inference component's `PredefinedMetricType`.
pub fn ic_predefined_metric(predefined_type: &str) -> Option<(EndpointMetric, Statistic)> {
    IC_PREDEFINED_METRICS
        .iter()
        .find(|(t, ..)| *t == predefined_type)
        .map(|&(_, m, s)| (m, s))
}

/// The `PredefinedMetricType` that tracks `metric_name` with `statistic` on an inference
/// component, if there is one.
pub fn ic_predefined_type(metric_name: &str, statistic: Statistic) -> Option<&'static str> {
    IC_PREDEFINED_METRICS
        .iter()
        .find(|(_, m, s)| m.name() == metric_name && *s == statistic)
        .map(|(t, ..)| *t)
}

/// What Application Auto Scaling scales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScalableTarget {
    /// A production variant's instances (asynchronous endpoint, docs/aws-semantics.md §3.11).
    Variant {
        /// Endpoint name.
        endpoint: String,
        /// Variant name.
        variant: String,
    },
    /// An inference component's model copies (real-time endpoint, docs/aws-semantics.md §6.2).
    InferenceComponent {
        /// Inference component name.
        name: String,
    },
}

impl ScalableTarget {
    /// `endpoint/<endpoint>/variant/<variant>` or `inference-component/<name>`.
    pub fn resource_id(&self) -> String {
        match self {
            ScalableTarget::Variant { endpoint, variant } => {
                format!("endpoint/{endpoint}/variant/{variant}")
            }
            ScalableTarget::InferenceComponent { name } => format!("inference-component/{name}"),
        }
    }

    /// `ScalableDimension`.
    pub fn scalable_dimension(&self) -> &'static str {
        match self {
            ScalableTarget::Variant { .. } => SCALABLE_DIMENSION,
            ScalableTarget::InferenceComponent { .. } => IC_SCALABLE_DIMENSION,
        }
    }

    /// The name and value of the CloudWatch dimension of the target's metrics.
    pub fn metric_dimension(&self) -> (&'static str, &str) {
        match self {
            ScalableTarget::Variant { endpoint, .. } => (ENDPOINT_DIMENSION, endpoint),
            ScalableTarget::InferenceComponent { name } => (IC_DIMENSION, name),
        }
    }

    /// `[{Name: EndpointName, Value: <endpoint>}]` or
    /// `[{Name: InferenceComponentName, Value: <name>}]`.
    pub fn metric_dimensions(&self) -> Vec<MetricDimension> {
        let (name, value) = self.metric_dimension();
        vec![MetricDimension {
            name: name.to_string(),
            value: value.to_string(),
        }]
    }

    /// Whether `dims` is exactly the target's metric dimension.
    pub fn is_metric_dimensions(&self, dims: Option<&[MetricDimension]>) -> bool {
        let (name, value) = self.metric_dimension();
        matches!(dims, Some([d]) if d.name == name && d.value == value)
    }

    /// The platform that has this kind of target.
    pub fn platform(&self) -> PlatformKind {
        match self {
            ScalableTarget::Variant { .. } => PlatformKind::SagemakerAsync,
            ScalableTarget::InferenceComponent { .. } => PlatformKind::SagemakerRealtime,
        }
    }

    /// The target named by a `RegisterScalableTarget`, or the issue that says why scalesim
    /// cannot simulate it (the request's own `validate()` reports malformed ids).
    pub fn parse(
        namespace: &str,
        resource_id: &str,
        dimension: &str,
    ) -> Result<ScalableTarget, Issue> {
        let parts: Vec<&str> = resource_id.split('/').collect();
        let supported = || {
            format!(
                "scalesim simulates SageMaker endpoint variants ({SCALABLE_DIMENSION:?}, ResourceId \
                 endpoint/<endpoint>/variant/<variant>, asynchronous endpoints) and inference \
                 components ({IC_SCALABLE_DIMENSION:?}, ResourceId inference-component/<name>, \
                 real-time endpoints) only: use ServiceNamespace {SERVICE_NAMESPACE:?} and one \
                 of these"
            )
        };
        if namespace != SERVICE_NAMESPACE {
            return Err(Issue::new("ServiceNamespace", supported()));
        }
        match (dimension, &parts[..]) {
            (SCALABLE_DIMENSION, ["endpoint", e, "variant", v]) if !e.is_empty() && !v.is_empty() => {
                Ok(ScalableTarget::Variant {
                    endpoint: e.to_string(),
                    variant: v.to_string(),
                })
            }
            (IC_SCALABLE_DIMENSION, ["inference-component", n]) if !n.is_empty() => {
                Ok(ScalableTarget::InferenceComponent {
                    name: n.to_string(),
                })
            }
            (SCALABLE_DIMENSION, _) => Err(Issue::new(
                "ResourceId",
                format!("{resource_id:?} must have the form endpoint/<endpoint>/variant/<variant> for {SCALABLE_DIMENSION}"),
            )),
            (IC_SCALABLE_DIMENSION, _) => Err(Issue::new(
                "ResourceId",
                format!("{resource_id:?} must have the form inference-component/<name> for {IC_SCALABLE_DIMENSION}"),
            )),
            _ => Err(Issue::new("ScalableDimension", supported())),
        }
    }

    /// Why a scenario on `platform` cannot use this target (the message says what to
    /// change), or `None` when it fits. Platforms that Application Auto Scaling does not
    /// scale at all are reported by the platform check, not here.
    pub fn platform_mismatch(&self, platform: PlatformKind) -> Option<String> {
        let rid = self.resource_id();
        match (self, platform) {
            (ScalableTarget::InferenceComponent { name }, PlatformKind::SagemakerAsync) => {
                Some(format!(
                    "{IC_SCALABLE_DIMENSION} (ResourceId {rid}) scales an inference component's \
                     model copies, but the scenario models an asynchronous endpoint; set \
                     [platform] kind = \"sagemaker_realtime\" (the component's name, {name:?}, \
                     comes from the ResourceId), or register \
                     endpoint/<endpoint>/variant/<variant> with ScalableDimension \
                     {SCALABLE_DIMENSION} in every file"
                ))
            }
            (ScalableTarget::Variant { .. }, PlatformKind::SagemakerRealtime) => Some(format!(
                "{SCALABLE_DIMENSION} (ResourceId {rid}) scales a production variant's \
                 instances, but [platform] kind = \"sagemaker_realtime\" scales an inference \
                 component's copies; register ResourceId inference-component/<name> with \
                 ScalableDimension {IC_SCALABLE_DIMENSION} (the same in every \
                 put-scaling-policy and put-scheduled-action file, and alarm Dimensions \
                 [{{\"Name\": \"{IC_DIMENSION}\", \"Value\": \"<name>\"}}]), or set [platform] \
                 kind = \"sagemaker_async\""
            )),
            _ => None,
        }
    }
}

/// The scalable target an `aws_cli_json` import read, and the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTarget {
    /// The `register_scalable_target` file, as the scenario names it.
    pub file: String,
    /// Its target.
    pub target: ScalableTarget,
}

/// The scalable target of a scenario on `platform`: the endpoint variant
/// (`endpoint`/`variant`), or for a real-time endpoint the inference component, named by
/// the imported JSON, else by `inference_component` (`platform.inference_component_name`),
/// else `scenario_name`. With an imported target, also the issues that make the scenario
/// disagree with its JSON (paths are scenario paths; messages name the JSON file).
pub fn scenario_target(
    platform: PlatformKind,
    endpoint: &str,
    variant: &str,
    inference_component: Option<&str>,
    scenario_name: &str,
    imported: Option<&ImportedTarget>,
) -> (ScalableTarget, Vec<Issue>) {
    let mut issues = Vec::new();
    if let Some(i) = imported {
        if let Some(msg) = i.target.platform_mismatch(platform) {
            issues.push(Issue::new(
                "policy.register_scalable_target",
                format!("{}: ScalableDimension: {msg}", i.file),
            ));
        }
    }
    let target = match platform {
        PlatformKind::SagemakerRealtime => {
            let from_json = imported.and_then(|i| match &i.target {
                ScalableTarget::InferenceComponent { name } => Some((i.file.as_str(), name)),
                ScalableTarget::Variant { .. } => None,
            });
            if let (Some(ours), Some((file, theirs))) = (inference_component, from_json) {
                if ours != theirs {
                    issues.push(Issue::new(
                        "platform.inference_component_name",
                        format!(
                            "{ours:?} differs from the inference component {theirs:?} of \
                             ResourceId in {file}; remove it from the scenario or make the two \
                             agree"
                        ),
                    ));
                }
            }
            let name = from_json
                .map(|(_, n)| n.as_str())
                .or(inference_component)
                .unwrap_or(scenario_name);
            ScalableTarget::InferenceComponent {
                name: name.to_string(),
            }
        }
        _ => ScalableTarget::Variant {
            endpoint: endpoint.to_string(),
            variant: variant.to_string(),
        },
    };
    (target, issues)
}

#[cfg(test)]
#[path = "target_tests.rs"]
mod tests;
