//! `describe-endpoint` and `describe-endpoint-config` (the shapes of `docs/aws-record.md`,
//! sections `aws sagemaker describe-endpoint` and `describe-endpoint-config`): the records
//! and their reading ([`parse_endpoint`],
//! [`parse_endpoint_config`]).

use super::json::Obj;
use super::{Origin, UtcMicros};
use crate::error::Issue;
use serde_json::Value;
use std::path::Path;

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

/// `AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance` of `o`.
fn max_concurrent(o: &Obj<'_>, issues: &mut Vec<Issue>) -> Option<u32> {
    o.obj("AsyncInferenceConfig", issues)?
        .obj("ClientConfig", issues)?
        .u32("MaxConcurrentInvocationsPerInstance", issues)
}

fn origin(file: &Path) -> Origin {
    Origin {
        file: file.to_path_buf(),
        path: String::new(),
    }
}

/// A `describe-endpoint` output.
pub fn parse_endpoint(file: &Path, doc: &Value, issues: &mut Vec<Issue>) -> Option<Endpoint> {
    let o = Obj::of(doc, "", issues)?;
    let before = issues.len();
    let name = o.req_str("EndpointName", issues);
    let mut variants = Vec::new();
    for (path, v) in o.list("ProductionVariants", issues) {
        let Some(p) = Obj::of(v, path, issues) else {
            continue;
        };
        let name = p.req_str("VariantName", issues);
        let state = VariantState {
            name: name.unwrap_or_default().to_string(),
            current_instance_count: p.u32("CurrentInstanceCount", issues),
            desired_instance_count: p.u32("DesiredInstanceCount", issues),
            instance_type: p.str("InstanceType", issues).map(str::to_string),
        };
        variants.push(state);
    }
    let endpoint = Endpoint {
        origin: origin(file),
        name: name.unwrap_or_default().to_string(),
        arn: o.str("EndpointArn", issues).map(str::to_string),
        config_name: o.str("EndpointConfigName", issues).map(str::to_string),
        status: o.str("EndpointStatus", issues).map(str::to_string),
        variants,
        max_concurrent_invocations_per_instance: max_concurrent(&o, issues),
        creation_time: o.time("CreationTime", issues),
        last_modified_time: o.time("LastModifiedTime", issues),
    };
    (issues.len() == before).then_some(endpoint)
}

/// A `describe-endpoint-config` output.
pub fn parse_endpoint_config(
    file: &Path,
    doc: &Value,
    issues: &mut Vec<Issue>,
) -> Option<EndpointConfig> {
    let o = Obj::of(doc, "", issues)?;
    let before = issues.len();
    let name = o.req_str("EndpointConfigName", issues);
    let variants = o
        .req_list("ProductionVariants", issues)
        .into_iter()
        .filter_map(|(path, v)| variant_config(&Obj::of(v, path, issues)?, issues))
        .collect();
    let config = EndpointConfig {
        origin: origin(file),
        name: name.unwrap_or_default().to_string(),
        arn: o.str("EndpointConfigArn", issues).map(str::to_string),
        variants,
        is_async: o.has("AsyncInferenceConfig"),
        max_concurrent_invocations_per_instance: max_concurrent(&o, issues),
        metric_publish_frequency_s: o
            .obj("MetricsConfig", issues)
            .and_then(|m| m.u32("MetricPublishFrequencyInSeconds", issues)),
        creation_time: o.time("CreationTime", issues),
    };
    (issues.len() == before).then_some(config)
}

fn variant_config(p: &Obj<'_>, issues: &mut Vec<Issue>) -> Option<VariantConfig> {
    let name = p.req_str("VariantName", issues)?;
    let mut pools = Vec::new();
    for (path, v) in p.list("InstancePools", issues) {
        let Some(pool) = Obj::of(v, path, issues) else {
            continue;
        };
        let t = pool.req_str("InstanceType", issues);
        let priority = pool.u32("Priority", issues);
        if let (Some(t), Some(priority)) = (t, priority) {
            pools.push((t.to_string(), priority));
        }
    }
    pools.sort_by_key(|(_, priority)| *priority);
    let managed = p
        .obj("ManagedInstanceScaling", issues)
        .map(|m| ManagedInstanceScaling {
            status: m.str("Status", issues).map(str::to_string),
            min_instance_count: m.u32("MinInstanceCount", issues),
            max_instance_count: m.u32("MaxInstanceCount", issues),
        });
    Some(VariantConfig {
        name: name.to_string(),
        instance_type: p.str("InstanceType", issues).map(str::to_string),
        initial_instance_count: p.u32("InitialInstanceCount", issues),
        instance_pools: pools,
        managed_instance_scaling: managed,
        model_name: p.str("ModelName", issues).map(str::to_string),
    })
}
