//! `[policy]`: its raw form as written ([`PolicySpec`], one variant per kind of policy) and
//! its validation into [`PolicyConfig`], from which each run builds a fresh policy. The
//! Application Auto Scaling section itself is validated by [`crate::aws::spec`]; the
//! Kubernetes autoscalers by [`crate::k8s`].

use super::aws_import::Resolved;
use crate::aws::autoscaling::AutoScaling;
use crate::aws::import::AwsCliJsonSpec;
use crate::aws::spec::{AasConfig, AasSpec};
use crate::error::Issues;
use crate::k8s::{HpaPolicy, HpaSpec, KedaPolicy, KedaSpec, KnativePolicy, KnativeSpec};
use crate::platform::PlatformKind;
use crate::policy::idle_timeout::IdleTimeout;
use crate::policy::{FixedCapacity, ScalingPolicy};
use crate::time::Duration;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The longest horizon accepted (about 10 years); also the longest idle timeout.
pub const MAX_HORIZON_S: f64 = 3.2e8;

/// `[policy]`: the scaling policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PolicySpec {
    /// Keep the initial capacity.
    #[default]
    Fixed,
    /// Scale out to `active_instances` on backlog; scale in to min after `idle_timeout`
    /// without backlog.
    IdleTimeout {
        /// Time without backlog before scaling in (default 5m).
        #[serde(default = "default_idle_timeout")]
        idle_timeout: Duration,
        /// Capacity while there is work (default 1).
        #[serde(default = "one")]
        active_instances: u32,
    },
    /// Application Auto Scaling written in TOML: target tracking, step scaling with
    /// CloudWatch alarms, scheduled actions.
    ApplicationAutoScaling(AasSpec),
    /// Application Auto Scaling read from the JSON files given to the AWS CLI
    /// (`--cli-input-json`); shown as `application_auto_scaling` once loaded.
    AwsCliJson(AwsCliJsonSpec),
    /// The Kubernetes Horizontal Pod Autoscaler (`[platform] kind = "kubernetes"`).
    Hpa(HpaSpec),
    /// A KEDA ScaledObject (HPA plus scale to and from zero).
    Keda(KedaSpec),
    /// The Knative Pod Autoscaler (KPA) with its activator.
    Knative(KnativeSpec),
}

impl PolicySpec {
    /// Whether this is a Kubernetes autoscaler (HPA, KEDA, Knative).
    pub fn is_kubernetes(&self) -> bool {
        matches!(
            self,
            PolicySpec::Hpa(_) | PolicySpec::Keda(_) | PolicySpec::Knative(_)
        )
    }

    /// Whether this is Application Auto Scaling (TOML or AWS CLI JSON).
    pub fn is_aws(&self) -> bool {
        matches!(
            self,
            PolicySpec::ApplicationAutoScaling(_) | PolicySpec::AwsCliJson(_)
        )
    }
}

fn default_idle_timeout() -> Duration {
    Duration::from_secs(300.0)
}
fn one() -> u32 {
    1
}

/// The validated scaling policy of a scenario.
#[derive(Debug, Clone)]
pub enum PolicyConfig {
    /// Keep the initial capacity.
    Fixed,
    /// The idle-timeout rule.
    IdleTimeout {
        /// Seconds without backlog before scaling in.
        idle_timeout_s: f64,
        /// Capacity while there is work.
        active_instances: u32,
    },
    /// Simulated Application Auto Scaling.
    ApplicationAutoScaling(Arc<AasConfig>),
    /// The Kubernetes HPA, with its minReplicas.
    Hpa(Arc<HpaSpec>, u32),
    /// KEDA on top of HPA.
    Keda(Arc<KedaSpec>),
    /// The Knative Pod Autoscaler.
    Knative(Arc<KnativeSpec>),
}

impl PolicyConfig {
    /// A fresh policy for one run.
    pub fn build(&self) -> Box<dyn ScalingPolicy> {
        match self {
            PolicyConfig::Fixed => Box::new(FixedCapacity),
            PolicyConfig::IdleTimeout {
                idle_timeout_s,
                active_instances,
            } => Box::new(IdleTimeout::new(*idle_timeout_s, *active_instances)),
            PolicyConfig::ApplicationAutoScaling(config) => Box::new(AutoScaling::new(config)),
            PolicyConfig::Hpa(spec, min_replicas) => Box::new(HpaPolicy::new(spec, *min_replicas)),
            PolicyConfig::Keda(spec) => Box::new(KedaPolicy::new(spec)),
            PolicyConfig::Knative(spec) => Box::new(KnativePolicy::new(spec)),
        }
    }
}

/// What the policy's validation needs from the other sections.
pub struct PolicyContext<'a> {
    /// The scenario's name (the default endpoint and inference component name).
    pub name: &'a str,
    /// The platform the policy scales.
    pub platform: PlatformKind,
    /// Capacity bounds after the platform's say.
    pub min: u32,
    /// Maximum capacity.
    pub max: u32,
    /// Unix time (s) of simulation time 0.
    pub start_unix_s: i64,
    /// The horizon in seconds (for warnings).
    pub horizon_s: f64,
}

/// Check the policy of `scenario`; `None` when it has issues that leave nothing to run.
pub fn validate_policy(
    scenario: Resolved,
    cx: &PolicyContext,
    issues: &mut Issues,
) -> Option<PolicyConfig> {
    match &scenario.raw.policy {
        PolicySpec::Fixed => Some(PolicyConfig::Fixed),
        PolicySpec::IdleTimeout {
            idle_timeout,
            active_instances,
        } => {
            let mut at = issues.at("policy");
            at.field("idle_timeout")
                .duration_in(*idle_timeout, 1.0, MAX_HORIZON_S);
            if *active_instances == 0 || *active_instances > cx.max {
                at.field("active_instances").push(format!(
                    "{active_instances} must be between 1 and capacity.max ({})",
                    cx.max
                ));
            }
            Some(PolicyConfig::IdleTimeout {
                idle_timeout_s: idle_timeout.secs(),
                active_instances: *active_instances,
            })
        }
        PolicySpec::ApplicationAutoScaling(_) | PolicySpec::AwsCliJson(_) => {
            let Some(spec) = scenario.aas_spec() else {
                issues
                    .at("policy.kind")
                    .push("aws_cli_json must be imported before validation (internal error)");
                return None;
            };
            // The scalable target: the endpoint variant, or on a real-time endpoint the
            // inference component (docs/aws-semantics.md §3.11, §6.2); an imported target must fit
            // the platform.
            let (target, target_issues) = crate::aws::target::scenario_target(
                cx.platform,
                scenario.endpoint_name().unwrap_or(cx.name),
                scenario.variant_name(),
                scenario.inference_component_name(),
                cx.name,
                spec.imported_target.as_ref(),
            );
            issues.extend(target_issues);
            crate::aws::spec::validate_into(
                spec,
                &mut issues.at("policy"),
                &target.resource_id(),
                cx.platform,
                cx.start_unix_s,
                cx.horizon_s,
            )
            .map(|config| PolicyConfig::ApplicationAutoScaling(Arc::new(config)))
        }
        PolicySpec::Hpa(spec) => {
            spec.validate(&mut issues.at("policy"));
            if cx.min == 0 {
                issues.at("capacity.min").push(
                    "is 0, but the HPA needs at least 1 replica (it is disabled at 0); use [policy] kind = \"keda\" or \"knative\" to scale to zero",
                );
            }
            Some(PolicyConfig::Hpa(Arc::new(spec.clone()), cx.min.max(1)))
        }
        PolicySpec::Keda(spec) => {
            spec.validate(&mut issues.at("policy"));
            Some(PolicyConfig::Keda(Arc::new(spec.clone())))
        }
        PolicySpec::Knative(spec) => {
            spec.validate(&mut issues.at("policy"));
            Some(PolicyConfig::Knative(Arc::new(spec.clone())))
        }
    }
}
