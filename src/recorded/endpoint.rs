//! `describe-endpoint` and `describe-endpoint-config` (the shapes of `docs/aws-record.md`
//! section "Endpoint").

use super::{Origin, UtcMicros};

/// One production variant of `describe-endpoint-config`.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantConfig {
    /// `VariantName`.
    pub name: String,
    /// `InstanceType` (absent for serverless variants).
    pub instance_type: Option<String>,
    /// `InitialInstanceCount`.
    pub initial_instance_count: Option<u32>,
    /// `InstancePools[*]`: (`InstanceType`, `Priority`), by priority.
    pub instance_pools: Vec<(String, u32)>,
    /// `ManagedInstanceScaling` (`Status`, `MinInstanceCount`, `MaxInstanceCount`) if present.
    pub managed_instance_scaling: Option<ManagedInstanceScaling>,
    /// `ModelName`.
    pub model_name: Option<String>,
}

/// `ManagedInstanceScaling` of a variant.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedInstanceScaling {
    /// `Status` (`ENABLED` / `DISABLED`).
    pub status: Option<String>,
    /// `MinInstanceCount`.
    pub min_instance_count: Option<u32>,
    /// `MaxInstanceCount`.
    pub max_instance_count: Option<u32>,
}

/// `describe-endpoint-config`.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointConfig {
    /// Where it was read.
    pub origin: Origin,
    /// `EndpointConfigName`.
    pub name: String,
    /// `EndpointConfigArn` (gives the region).
    pub arn: Option<String>,
    /// `ProductionVariants`.
    pub variants: Vec<VariantConfig>,
    /// `AsyncInferenceConfig` is present: an asynchronous endpoint.
    pub is_async: bool,
    /// `AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance`.
    pub max_concurrent_invocations_per_instance: Option<u32>,
    /// `MetricsConfig.MetricPublishFrequencyInSeconds`.
    pub metric_publish_frequency_s: Option<u32>,
    /// `CreationTime`.
    pub creation_time: Option<UtcMicros>,
}

/// One production variant of `describe-endpoint`.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantState {
    /// `VariantName`.
    pub name: String,
    /// `CurrentInstanceCount`.
    pub current_instance_count: Option<u32>,
    /// `DesiredInstanceCount`.
    pub desired_instance_count: Option<u32>,
    /// `InstanceType` when the endpoint prints it (`CurrentServerlessConfig` etc. ignored).
    pub instance_type: Option<String>,
}

/// `describe-endpoint`.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Where it was read.
    pub origin: Origin,
    /// `EndpointName`.
    pub name: String,
    /// `EndpointArn` (gives the region and account).
    pub arn: Option<String>,
    /// `EndpointConfigName`.
    pub config_name: Option<String>,
    /// `EndpointStatus`.
    pub status: Option<String>,
    /// `ProductionVariants`.
    pub variants: Vec<VariantState>,
    /// `AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance`.
    pub max_concurrent_invocations_per_instance: Option<u32>,
    /// `CreationTime`.
    pub creation_time: Option<UtcMicros>,
    /// `LastModifiedTime`.
    pub last_modified_time: Option<UtcMicros>,
}

/// The region of an ARN (`arn:aws:sagemaker:<region>:<account>:...`).
pub fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}
