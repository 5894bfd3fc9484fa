//! [`HpaBehaviorSpec`]: tolerance, sync period and the `behavior` scale-up / scale-down rules
//! (stabilization window, select policy, rate-limit policies), with Kubernetes' defaults and
//! limits and their validation. Shared with KEDA's embedded HPA.

use crate::error::At;
use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// Longest stabilization window Kubernetes accepts (one hour).
const MAX_WINDOW_S: f64 = 3600.0;
/// Longest scaling-policy period Kubernetes accepts (30 minutes).
const MAX_POLICY_PERIOD_S: f64 = 1800.0;
/// Longest sync period accepted here.
const MAX_SYNC_S: f64 = 3600.0;

/// `selectPolicy` of a scaling direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectPolicy {
    /// The policy allowing the biggest change (default).
    #[default]
    Max,
    /// The policy allowing the smallest change.
    Min,
    /// No scaling in this direction.
    Disabled,
}

/// `type` of a scaling policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalingPolicyType {
    /// `value` pods per period.
    Pods,
    /// `value` percent of the replicas at the start of the period, per period.
    Percent,
}

/// One `HPAScalingPolicy`: at most `value` pods or percent per `period`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HpaScalingPolicy {
    /// `pods` or `percent` (required).
    #[serde(rename = "type")]
    pub kind: ScalingPolicyType,
    /// Pods or percent allowed per period (required, > 0).
    pub value: u32,
    /// The period (default "15s"; more than 0s, at most 30m).
    #[serde(default = "fifteen_s")]
    pub period: Duration,
}

impl HpaScalingPolicy {
    fn new(kind: ScalingPolicyType, value: u32, period_s: f64) -> HpaScalingPolicy {
        HpaScalingPolicy {
            kind,
            value,
            period: Duration::from_secs(period_s),
        }
    }
}

/// `behavior.scaleUp`. Defaults: window "0s", `max` of [percent 100 per 15s, pods 4 per
/// 15s].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleUpRules {
    /// Past recommendations considered when scaling up (default "0s"; 0s to 1h).
    #[serde(default = "zero_s")]
    pub stabilization_window: Duration,
    /// Which policy applies (default `max`).
    #[serde(default)]
    pub select_policy: SelectPolicy,
    /// Rate limits (default [percent 100 per 15s, pods 4 per 15s]; at least one).
    #[serde(default = "default_up_policies")]
    pub policies: Vec<HpaScalingPolicy>,
}

impl Default for ScaleUpRules {
    fn default() -> Self {
        ScaleUpRules {
            stabilization_window: zero_s(),
            select_policy: SelectPolicy::Max,
            policies: default_up_policies(),
        }
    }
}

/// `behavior.scaleDown`. Defaults: window "300s", `max` of [percent 100 per 15s].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDownRules {
    /// Past recommendations considered when scaling down (default "300s"; 0s to 1h).
    #[serde(default = "three_hundred_s")]
    pub stabilization_window: Duration,
    /// Which policy applies (default `max`).
    #[serde(default)]
    pub select_policy: SelectPolicy,
    /// Rate limits (default [percent 100 per 15s]; at least one).
    #[serde(default = "default_down_policies")]
    pub policies: Vec<HpaScalingPolicy>,
}

impl Default for ScaleDownRules {
    fn default() -> Self {
        ScaleDownRules {
            stabilization_window: three_hundred_s(),
            select_policy: SelectPolicy::Max,
            policies: default_down_policies(),
        }
    }
}

fn zero_s() -> Duration {
    Duration::from_secs(0.0)
}
pub(super) fn fifteen_s() -> Duration {
    Duration::from_secs(15.0)
}
fn three_hundred_s() -> Duration {
    Duration::from_secs(300.0)
}
pub(super) fn default_tolerance() -> f64 {
    0.1
}
fn default_up_policies() -> Vec<HpaScalingPolicy> {
    vec![
        HpaScalingPolicy::new(ScalingPolicyType::Percent, 100, 15.0),
        HpaScalingPolicy::new(ScalingPolicyType::Pods, 4, 15.0),
    ]
}
fn default_down_policies() -> Vec<HpaScalingPolicy> {
    vec![HpaScalingPolicy::new(ScalingPolicyType::Percent, 100, 15.0)]
}

/// The HPA controller settings without the metric: tolerance, sync period and behaviour.
/// `[policy.hpa]` of a KEDA scenario; the same fields sit directly in [`HpaSpec`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HpaBehaviorSpec {
    /// No change while `|ratio − 1| ≤ tolerance` (default 0.1; 0 or more).
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Time between syncs; the first is at `sync_period` (default "15s").
    #[serde(default = "fifteen_s")]
    pub sync_period: Duration,
    /// Scale-up behaviour.
    #[serde(default)]
    pub scale_up: ScaleUpRules,
    /// Scale-down behaviour.
    #[serde(default)]
    pub scale_down: ScaleDownRules,
}

impl Default for HpaBehaviorSpec {
    fn default() -> Self {
        HpaBehaviorSpec {
            tolerance: default_tolerance(),
            sync_period: fifteen_s(),
            scale_up: ScaleUpRules::default(),
            scale_down: ScaleDownRules::default(),
        }
    }
}

impl HpaBehaviorSpec {
    /// Every problem, as issues at `at` (e.g. `policy.hpa`) and its sub-fields.
    pub fn validate(&self, at: &mut At) {
        at.field("tolerance").number_where(
            self.tolerance,
            |v| v >= 0.0,
            "allowed 0 or more (e.g. 0.1 for 10 %)",
        );
        at.field("sync_period")
            .period_in_whole_seconds(self.sync_period, MAX_SYNC_S);
        validate_rules(
            &mut at.field("scale_up"),
            self.scale_up.stabilization_window,
            &self.scale_up.policies,
        );
        validate_rules(
            &mut at.field("scale_down"),
            self.scale_down.stabilization_window,
            &self.scale_down.policies,
        );
    }
}

/// The issues of one scaling direction's rules, at `at` (`….scale_up` or `….scale_down`).
fn validate_rules(at: &mut At, window: Duration, policies: &[HpaScalingPolicy]) {
    at.field("stabilization_window")
        .duration_in(window, 0.0, MAX_WINDOW_S);
    if policies.is_empty() {
        at.field("policies").push(
            "must list at least one policy, e.g. [{ type = \"percent\", value = 100, period = \"15s\" }]",
        );
    }
    for (i, p) in policies.iter().enumerate() {
        let mut at = at.index("policies", i);
        if p.value == 0 {
            at.field("value").push(
                "0 is not allowed: the number of pods or percent per period must be more than 0",
            );
        }
        at.field("period")
            .positive_duration_up_to(p.period, MAX_POLICY_PERIOD_S);
    }
}
