//! `[policy] kind = "aws_cli_json"`: read the JSON files a user gives the AWS CLI
//! (`--cli-input-json`) and turn them into the TOML form [`AasSpec`] (docs/aws-semantics.md §2.7,
//! §3.11, §5).
//!
//! Owns [`AwsCliJsonSpec`] (the scenario section naming the files) and [`import`]. Every
//! file is parsed with [`parse_json`] (unknown fields and syntax errors carry line and
//! column) and checked with its request's own `validate()`; the issues keep the AWS field
//! paths (`StepScalingPolicyConfiguration.StepAdjustments[0].ScalingAdjustment`); reading
//! the requests is in `import_source.rs`. Then the files are checked against each other:
//! every request names the registered scalable target, every step policy is invoked by
//! exactly one alarm (matched by the `:policyName/<name>` suffix of the ARNs in
//! `AlarmActions`), every alarm invokes a known step policy.
//!
//! # Interpretations
//! * Two kinds of `sagemaker` target are simulated ([`ScalableTarget`]): an endpoint
//!   variant (`endpoint/<endpoint>/variant/<variant>`,
//!   `sagemaker:variant:DesiredInstanceCount`, asynchronous endpoint, docs/aws-semantics.md §3.11)
//!   and an inference component (`inference-component/<name>`,
//!   `sagemaker:inference-component:DesiredCopyCount`, real-time endpoint, docs/aws-semantics.md
//!   §6.2). The result remembers which ([`Imported::target`], [`AasSpec::imported_target`]); a
//!   scenario whose `[platform]` does not fit is an error naming the file, the JSON path
//!   and what to change ([`import_for`] reports it in the JSON file; with [`import`] the
//!   scenario validation reports it).
//! * An inference component's `endpoint_name` is its name and its `variant_name` is
//!   `AllTraffic` (the JSON names no endpoint; neither is part of its ResourceId).
//! * Absent TT cooldowns and step `Cooldown` become 300 s (docs/aws-semantics.md §1.8, §2.6).
//! * [I] `PredefinedMetricSpecification` on an inference component:
//!   `SageMakerInferenceComponentInvocationsPerCopy` becomes metric `InvocationsPerCopy` with
//!   statistic `Sum` (invocations per copy per minute, the statistic AWS documents for the
//!   per-instance/per-copy invocation metrics), and
//!   `SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution` becomes
//!   `ConcurrentRequestsPerCopy` with statistic `Average` (a gauge of 10-s samples). The
//!   HighResolution metric is evaluated at 1-minute granularity here (its hidden alarms use
//!   1-minute datapoints, 3 of 3 and 15 of 15, where AWS scales out after about a minute,
//!   docs/aws-semantics.md §1.4), with a warning. A variant metric on an inference component, or an
//!   inference-component metric on a variant, is an error.
//! * On an endpoint variant, a `PredefinedMetricSpecification` keeps the predefined type as
//!   the metric name, with a warning: asynchronous endpoints do not publish it
//!   (docs/aws-semantics.md §3.1), so the policy never acts.
//! * An alarm with `ActionsEnabled: false` never invokes its policy in AWS, but AasSpec
//!   cannot express that: the policy is kept (simulated as enabled) with a warning.
//! * `AlarmActions` ARNs that are not Application Auto Scaling policies (SNS topics, ...)
//!   are ignored with a warning; `OKActions`/`InsufficientDataActions` are ignored.
//! * Alarms must be on `AWS/SageMaker` with the single dimension of the target's metrics
//!   (`EndpointName` = the endpoint, docs/aws-semantics.md §3.1, or `InferenceComponentName` = the
//!   component, docs/aws-semantics.md §6.4) and a Period that is a multiple of 60 s
//!   (docs/aws-semantics.md §0.2). Alarms on `NoCapacityInvocationFailures` may also use Period 10,
//!   20 or 30 (the AWS blog's recipe uses 30, docs/aws-semantics.md §6.4): they are evaluated on
//!   the 1-minute datapoints scalesim publishes, with a warning from `spec::validate`. Target
//!   tracking metrics elsewhere only warn.
//! * `RoleARN`, `Tags`, `Unit`, `AlarmDescription` and `Timezone` = `UTC`/`Etc/UTC` are
//!   accepted and have no effect. Epoch-second `StartTime`/`EndTime` become ISO-8601 text.
//! * When several files have problems, the first one (in the order register, policies,
//!   alarms, scheduled actions) is reported with all of its issues.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::cli_json::{parse_json, RegisterScalableTarget, StepScalingPolicyConfiguration};
use super::spec::{AasSpec, AlarmSpec, CooldownClock, SuspendedSpec};
use super::target::{ImportedTarget, ScalableTarget};
use crate::error::{InputError, Issue};
use crate::platform::PlatformKind;
use crate::time::Duration;

/// `[policy] kind = "aws_cli_json"`: the JSON files the user gives the AWS CLI (paths
/// relative to the scenario file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsCliJsonSpec {
    /// `aws application-autoscaling register-scalable-target --cli-input-json file://…`.
    pub register_scalable_target: String,
    /// `put-scaling-policy` files, in the order they are run.
    #[serde(default)]
    pub put_scaling_policy: Vec<String>,
    /// `aws cloudwatch put-metric-alarm` files (one per step policy).
    #[serde(default)]
    pub put_metric_alarm: Vec<String>,
    /// `put-scheduled-action` files.
    #[serde(default)]
    pub put_scheduled_action: Vec<String>,
    /// When cooldowns start (not in the JSON; default `activity_complete`).
    #[serde(default)]
    pub cooldown_clock: CooldownClock,
}

/// What the files say.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The policies, alarms and scheduled actions in TOML form.
    pub spec: AasSpec,
    /// `MinCapacity` of the scalable target.
    pub min_capacity: u32,
    /// `MaxCapacity` of the scalable target.
    pub max_capacity: u32,
    /// `<endpoint>` of `ResourceId` (an inference component's name).
    pub endpoint_name: String,
    /// `<variant>` of `ResourceId` (`AllTraffic` for an inference component).
    pub variant_name: String,
    /// The scalable target: an endpoint variant or an inference component.
    pub target: ScalableTarget,
    /// Things that are valid but probably not what the user wants, `file: message`.
    pub warnings: Vec<String>,
}

/// Every request of one scalable target, in the order AWS would run them.
#[derive(Debug, Clone, PartialEq)]
pub struct Requests {
    /// `register-scalable-target`.
    pub register: RequestSource,
    /// `put-scaling-policy`, in order.
    pub policies: Vec<RequestSource>,
    /// `put-metric-alarm` (one per step policy).
    pub alarms: Vec<RequestSource>,
    /// `put-scheduled-action`.
    pub scheduled: Vec<RequestSource>,
    /// When cooldowns start (not in the JSON).
    pub cooldown_clock: CooldownClock,
}

/// A step policy waiting for its alarm.
struct PendingStep {
    /// Index of its file in `Ctx::srcs`.
    file: usize,
    name: String,
    config: StepScalingPolicyConfiguration,
    /// Alarms that invoke it: (file index, alarm or `None` if invalid).
    alarms: Vec<(usize, Option<AlarmSpec>)>,
}

/// State while importing: the scalable target, every file read so far, the result.
struct Ctx {
    reg: RegisterScalableTarget,
    target: ScalableTarget,
    srcs: Vec<Src>,
    /// The name of every policy read, valid or not.
    policies: Vec<String>,
    steps: Vec<PendingStep>,
    spec: AasSpec,
    warnings: Vec<String>,
}

/// Import the AWS CLI JSON files named by `files`, resolving them from `base_dir`. The
/// scalable target may be an endpoint variant or an inference component; the caller checks
/// it against the scenario's platform (see [`import_for`]).
pub fn import(files: &AwsCliJsonSpec, base_dir: &Path) -> Result<Imported, InputError> {
    import_with(files, base_dir, None)
}

/// [`import`] for a scenario on `platform`: a scalable target of the other kind (an
/// inference component on an asynchronous endpoint, an endpoint variant on a real-time
/// endpoint) is an error in the `register_scalable_target` file that says what to change.
pub fn import_for(
    files: &AwsCliJsonSpec,
    base_dir: &Path,
    platform: PlatformKind,
) -> Result<Imported, InputError> {
    import_with(files, base_dir, Some(platform))
}

fn import_with(
    files: &AwsCliJsonSpec,
    base_dir: &Path,
    platform: Option<PlatformKind>,
) -> Result<Imported, InputError> {
    let sources = |names: &[String]| -> Vec<RequestSource> {
        names.iter().map(|n| file_source(base_dir, n)).collect()
    };
    let requests = Requests {
        register: file_source(base_dir, &files.register_scalable_target),
        policies: sources(&files.put_scaling_policy),
        alarms: sources(&files.put_metric_alarm),
        scheduled: sources(&files.put_scheduled_action),
        cooldown_clock: files.cooldown_clock,
    };
    import_requests(&requests, platform)
}

/// Import `requests` (from files or from `describe-*` outputs). With `platform`, a scalable
/// target of the other kind is an error in the register request that says what to change.
pub fn import_requests(
    requests: &Requests,
    platform: Option<PlatformKind>,
) -> Result<Imported, InputError> {
    let (mut src, reg) = load::<RegisterScalableTarget>(&requests.register)?;
    src.issues = reg.validate();
    let parsed = ScalableTarget::parse(
        &reg.service_namespace,
        &reg.resource_id,
        &reg.scalable_dimension,
    );
    let target = match parsed {
        Ok(t) => Some(t),
        // A malformed ResourceId is reported by `validate()` already.
        Err(issue) => {
            if !src.issues.iter().any(|i| i.path == issue.path) {
                src.issues.push(issue);
            }
            None
        }
    };
    if let Some(msg) = target
        .as_ref()
        .zip(platform)
        .and_then(|(t, p)| t.platform_mismatch(p))
    {
        src.issues.push(Issue::new("ScalableDimension", msg));
    }
    let (Some(min), Some(max), Some(target), true) = (
        reg.min_capacity,
        reg.max_capacity,
        target,
        src.issues.is_empty(),
    ) else {
        return Err(invalid(src));
    };
    let s = reg.suspended_state.unwrap_or_default();
    let suspended_state = SuspendedSpec {
        dynamic_scaling_in_suspended: s.dynamic_scaling_in_suspended.unwrap_or(false),
        dynamic_scaling_out_suspended: s.dynamic_scaling_out_suspended.unwrap_or(false),
        scheduled_scaling_suspended: s.scheduled_scaling_suspended.unwrap_or(false),
    };
    let spec = AasSpec {
        cooldown_clock: requests.cooldown_clock,
        suspended_state,
        imported_target: Some(ImportedTarget {
            file: requests.register.name.clone(),
            target: target.clone(),
        }),
        ..AasSpec::default()
    };
    let (policies, steps, warnings) = (Vec::new(), Vec::new(), Vec::new());
    let srcs = vec![src];
    let mut cx = Ctx {
        reg,
        target,
        srcs,
        policies,
        steps,
        spec,
        warnings,
    };
    for req in &requests.policies {
        cx.policy(req)?;
    }
    for req in &requests.alarms {
        cx.alarm(req)?;
    }
    cx.resolve_steps();
    for req in &requests.scheduled {
        cx.scheduled(req)?;
    }
    if let Some(i) = cx.srcs.iter().position(|s| !s.issues.is_empty()) {
        return Err(invalid(cx.srcs.swap_remove(i)));
    }
    let (endpoint_name, variant_name) = match &cx.target {
        ScalableTarget::Variant { endpoint, variant } => (endpoint.clone(), variant.clone()),
        ScalableTarget::InferenceComponent { name } => (name.clone(), "AllTraffic".to_string()),
    };
    Ok(Imported {
        spec: cx.spec,
        min_capacity: min.max(0) as u32,
        max_capacity: max.max(0) as u32,
        endpoint_name,
        variant_name,
        target: cx.target,
        warnings: cx.warnings,
    })
}

/// An AWS cooldown in seconds, 300 when absent (docs/aws-semantics.md §1.8, §2.6).
fn secs_or_300(c: Option<i32>) -> Duration {
    Duration::from_secs(f64::from(c.unwrap_or(300)))
}

impl Ctx {
    /// Report fields of a request that name another scalable target than the registered one.
    fn check_target(&self, issues: &mut Vec<Issue>, ns: &str, resource_id: &str, dim: &str) {
        let reg = &self.reg;
        for (field, ours, theirs) in [
            ("ServiceNamespace", ns, &reg.service_namespace),
            ("ResourceId", resource_id, &reg.resource_id),
            ("ScalableDimension", dim, &reg.scalable_dimension),
        ] {
            if ours != theirs {
                let file = &self.srcs[0].name;
                let msg =
                    format!("{ours:?} differs from the scalable target's {theirs:?} ({file})");
                issues.push(Issue::new(field, msg));
            }
        }
    }
}

#[path = "import_source.rs"]
mod source;
use source::{file_source, invalid, load, Src};
pub use source::{RequestBody, RequestSource};

#[path = "import_alarm.rs"]
mod alarm;
#[path = "import_policy.rs"]
mod policy;
#[path = "import_scheduled.rs"]
mod scheduled;

#[cfg(test)]
#[path = "import_export_tests/mod.rs"]
pub(super) mod tests;
