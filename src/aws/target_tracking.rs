//! Target tracking policies (docs/aws-semantics.md §1.1–1.7, §1.12–1.14).
//!
//! Owns the TT configuration ([`TargetTrackingConfig`]), the two hidden alarms AAS creates
//! for a TT policy ([`hidden_alarms`], docs/aws-semantics.md §1.1–1.3), the new-capacity formula
//! ([`proposed_capacity`], §1.5–1.7), the per-alarm decision with its "not scaled" reason
//! ([`decide`], §1.5, §1.13, §1.14), and how simultaneous proposals of several policies on one
//! target combine ([`combine`], §1.12). Cooldowns (§1.8, §1.9) are in `cooldown`.
//!
//! # Interpretations
//! * The AWS formula is not published; `ceil(C·M/T)` is docs/aws-semantics.md §1.5 (inferred). A
//!   product within 1e-9 (relative) of an integer is taken as that integer, so float noise such as
//!   `3.0000000000000004` does not add an instance.
//! * `C = 0` (docs/aws-semantics.md §1.6): the caller passes the total backlog as `M`, and `C` is
//!   taken as 1, giving `ceil(B/T)`. A non-finite metric or a target `<= 0` proposes no change.
//! * The hidden alarms' uuid suffix is derived deterministically from the policy name and
//!   resource id (FNV-1a), so runs are reproducible; AWS uses a random uuid.
//! * The hidden alarms use the metric's statistic, `Average` unless told otherwise.
//! * A step policy's proposal in [`combine`] is never blocked by TT (docs/aws-semantics.md §1.12,
//!   §7.6); its scale-in is taken even when TT policies are not ready to scale in.

pub use crate::policy::NotScaledReason;
use serde::{Deserialize, Serialize};

use super::alarm::AlarmConfig;
use super::metric::{ComparisonOperator, Statistic, TreatMissingData};
use crate::error::Issue;

/// Default `ScaleOutCooldown` / `ScaleInCooldown` for SageMaker variants, seconds
/// (docs/aws-semantics.md §1.8).
pub const DEFAULT_TT_COOLDOWN_S: u32 = 300;
/// AlarmLow threshold as a fraction of the target value (docs/aws-semantics.md §1.3).
pub const LOW_ALARM_FACTOR: f64 = 0.9;

/// A target tracking policy's settings (docs/aws-semantics.md §5.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetTrackingConfig {
    /// `TargetValue` (T).
    pub target_value: f64,
    /// `ScaleOutCooldown`, seconds (default 300).
    pub scale_out_cooldown_s: u32,
    /// `ScaleInCooldown`, seconds (default 300).
    pub scale_in_cooldown_s: u32,
    /// `DisableScaleIn` (default false, docs/aws-semantics.md §1.13).
    pub disable_scale_in: bool,
}

impl TargetTrackingConfig {
    /// A config with the SageMaker defaults: 300-s cooldowns, scale-in enabled.
    pub fn new(target_value: f64) -> TargetTrackingConfig {
        TargetTrackingConfig {
            target_value,
            scale_out_cooldown_s: DEFAULT_TT_COOLDOWN_S,
            scale_in_cooldown_s: DEFAULT_TT_COOLDOWN_S,
            disable_scale_in: false,
        }
    }

    /// The formula of docs/aws-semantics.md §1.5 needs a finite, positive target.
    pub fn validate(&self) -> Vec<Issue> {
        if self.target_value.is_finite() && self.target_value > 0.0 {
            Vec::new()
        } else {
            vec![Issue::new(
                "TargetValue",
                format!(
                    "must be a finite number greater than 0 (got {})",
                    self.target_value
                ),
            )]
        }
    }
}

/// The names AAS gives the two hidden alarms (docs/aws-semantics.md §1.1):
/// `TargetTracking-<ResourceId>-AlarmHigh-<uuid>` and `...-AlarmLow-<uuid>`.
pub fn hidden_alarm_names(policy_name: &str, resource_id: &str) -> (String, String) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in policy_name.bytes().chain([0]).chain(resource_id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let g = h.rotate_left(29).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let uuid = format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        h >> 32,
        (h >> 16) & 0xffff,
        h & 0xfff,
        (g >> 52) & 0xfff,
        g & 0xffff_ffff_ffff
    );
    (
        format!("TargetTracking-{resource_id}-AlarmHigh-{uuid}"),
        format!("TargetTracking-{resource_id}-AlarmLow-{uuid}"),
    )
}

/// The two hidden alarms with the `Average` statistic; see [`hidden_alarms_with_statistic`].
pub fn hidden_alarms(
    policy_name: &str,
    resource_id: &str,
    cfg: &TargetTrackingConfig,
) -> (AlarmConfig, Option<AlarmConfig>) {
    hidden_alarms_with_statistic(policy_name, resource_id, cfg, Statistic::Average)
}

/// The two hidden alarms (docs/aws-semantics.md §1.2, §1.3): AlarmHigh = 3 of 3 periods of 60 s
/// `GreaterThanThreshold` T; AlarmLow = 15 of 15 `LessThanThreshold` 0.9·T; both
/// TreatMissingData `missing`. AlarmLow is not created when `DisableScaleIn` is true.
pub fn hidden_alarms_with_statistic(
    policy_name: &str,
    resource_id: &str,
    cfg: &TargetTrackingConfig,
    statistic: Statistic,
) -> (AlarmConfig, Option<AlarmConfig>) {
    let (high_name, low_name) = hidden_alarm_names(policy_name, resource_id);
    let alarm = |name: String, n: u32, op, threshold| AlarmConfig {
        name,
        evaluation_periods: n,
        datapoints_to_alarm: n,
        threshold,
        comparison: op,
        treat_missing: TreatMissingData::Missing,
        statistic,
        period_s: 60,
    };
    let high = alarm(
        high_name,
        3,
        ComparisonOperator::GreaterThanThreshold,
        cfg.target_value,
    );
    let low = (!cfg.disable_scale_in).then(|| {
        alarm(
            low_name,
            15,
            ComparisonOperator::LessThanThreshold,
            LOW_ALARM_FACTOR * cfg.target_value,
        )
    });
    (high, low)
}

/// `ceil(C·M/T)` clamped to `[min, max]` (docs/aws-semantics.md §1.5). With `current = 0` the
/// caller passes the backlog as `metric` and the result is `ceil(B/T)` (docs/aws-semantics.md
/// §1.6). A non-finite metric or a target that is not positive proposes `current` (clamped).
pub fn proposed_capacity(current: u32, metric: f64, target: f64, min: u32, max: u32) -> u32 {
    let max = max.max(min);
    match raw_proposal(current, metric, target) {
        Some(p) => p.clamp(f64::from(min), f64::from(max)) as u32,
        None => current.clamp(min, max),
    }
}

/// The unclamped `ceil(C·M/T)`, or `None` when it is undefined.
fn raw_proposal(current: u32, metric: f64, target: f64) -> Option<f64> {
    if !metric.is_finite() || !target.is_finite() || target <= 0.0 {
        return None;
    }
    let c = f64::from(current.max(1));
    let x = c * metric / target;
    let r = x.round();
    let v = if r.is_finite() && (x - r).abs() <= 1e-9 * r.abs().max(1.0) {
        r
    } else {
        x.ceil()
    };
    (!v.is_nan()).then_some(v) // an overflow to ±inf clamps to Max/Min
}

/// Which hidden alarm invoked the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TtAlarm {
    /// AlarmHigh: may only scale out.
    High,
    /// AlarmLow: may only scale in.
    Low,
}

/// The outcome of a TT alarm invoking its policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TtDecision {
    /// Set the desired capacity to this value (still subject to cooldowns).
    ScaleTo(u32),
    /// No change, with the reason AAS would log.
    NotScaled(NotScaledReason),
}

/// docs/aws-semantics.md §1.5: AlarmHigh scales out only if the proposal exceeds `current`;
/// AlarmLow scales in only if it is below `current` and scale-in is enabled (§1.13). Returns the
/// reason otherwise.
pub fn decide(
    current: u32,
    metric: f64,
    cfg: &TargetTrackingConfig,
    min: u32,
    max: u32,
    alarm: TtAlarm,
) -> TtDecision {
    use NotScaledReason::*;
    let raw = raw_proposal(current, metric, cfg.target_value);
    let proposed = proposed_capacity(current, metric, cfg.target_value, min, max);
    let c = f64::from(current);
    match alarm {
        TtAlarm::High if proposed > current => TtDecision::ScaleTo(proposed),
        TtAlarm::High if raw.is_some_and(|r| r > c) => TtDecision::NotScaled(AlreadyAtMaxCapacity),
        TtAlarm::High => TtDecision::NotScaled(AlreadyAtDesiredCapacity),
        TtAlarm::Low if cfg.disable_scale_in => TtDecision::NotScaled(AlreadyAtDesiredCapacity),
        TtAlarm::Low if proposed < current => TtDecision::ScaleTo(proposed),
        TtAlarm::Low if raw.is_some_and(|r| r < c) => TtDecision::NotScaled(AlreadyAtMinCapacity),
        TtAlarm::Low => TtDecision::NotScaled(AlreadyAtDesiredCapacity),
    }
}

/// The kind of policy behind a [`Proposal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyKind {
    /// A target tracking policy.
    TargetTracking,
    /// A step scaling policy.
    Step,
}

/// What one policy on a target would do right now (input to [`combine`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Policy type.
    pub kind: PolicyKind,
    /// For TT: `!DisableScaleIn`. Ignored for step policies.
    pub scale_in_enabled: bool,
    /// The capacity this policy would set, or `None` when it is not triggered.
    pub capacity: Option<u32>,
}

/// The combined decision for a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Combined {
    /// Scale out to this capacity.
    ScaleOut(u32),
    /// Scale in to this capacity.
    ScaleIn(u32),
    /// Leave the capacity alone.
    NoChange,
}

/// docs/aws-semantics.md §1.12: several policies on one target. Among the proposals that may
/// proceed, the largest capacity wins, for scale-out and scale-in alike (e.g. +3 vs +200% at
/// capacity 10 → 30):
/// - scale out if any policy proposes more than `current`;
/// - otherwise, a proposal of exactly `current` (a target tracking policy in AlarmHigh that
///   holds the capacity, or a step policy setting it) is the largest: no change;
/// - otherwise scale in, to the largest of the step scale-ins (never blocked by TT) and,
///   only if every scale-in-enabled TT policy proposes less than `current`, the TT ones.
pub fn combine(current: u32, proposals: &[Proposal]) -> Combined {
    let out = proposals
        .iter()
        .filter_map(|p| p.capacity)
        .filter(|&c| c > current)
        .max();
    if let Some(c) = out {
        return Combined::ScaleOut(c);
    }
    if proposals.iter().any(|p| p.capacity == Some(current)) {
        return Combined::NoChange;
    }
    let tt_ready = proposals
        .iter()
        .filter(|p| p.kind == PolicyKind::TargetTracking && p.scale_in_enabled)
        .all(|p| p.capacity.is_some_and(|c| c < current));
    let allowed = |p: &&Proposal| match p.kind {
        PolicyKind::Step => true,
        PolicyKind::TargetTracking => p.scale_in_enabled && tt_ready,
    };
    let inn = proposals
        .iter()
        .filter(allowed)
        .filter_map(|p| p.capacity)
        .filter(|&c| c < current)
        .max();
    match inn {
        Some(c) => Combined::ScaleIn(c),
        None => Combined::NoChange,
    }
}

#[cfg(test)]
#[path = "target_tracking_tests.rs"]
mod tests;
