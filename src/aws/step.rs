//! Step scaling policies (docs/aws-semantics.md §2.2–2.6, §5.4).
//!
//! Owns [`StepPolicy`]: a validated step scaling configuration (the AWS rules of
//! docs/aws-semantics.md §2.4), step selection for `d = aggregated value − alarm threshold` with
//! the inclusive/exclusive bound rules of §2.3, the new-capacity arithmetic of §2.5 (percent
//! rounding, `MinAdjustmentMagnitude`), and [`aggregate`] (`MetricAggregationType`, §2.2).
//! Cooldowns (§2.6) are in `cooldown`; the alarm that triggers the policy is in `alarm`.
//!
//! # Interpretations
//! * `d = 0` counts as "above the threshold" (docs/aws-semantics.md §2.3 "if d >= 0"): lower bound
//!   inclusive, upper exclusive. So a scale-in step `(-10, 0]` does **not** match `d = 0`.
//! * No matching step → no action (docs/aws-semantics.md §2.4, inferred).
//! * Percent changes are computed exactly in integers: `C·a/100` with the rounding of 2.5.
//!   `MinAdjustmentMagnitude` raises a non-zero percent adjustment's |delta| to at least the
//!   magnitude in the adjustment's direction, also when `C·a/100` is 0 (capacity 0).
//! * A single step never needs both neighbours: steps need not cover the whole line
//!   (e.g. the §2.7 recipe has only `[0, +inf)`), but must be contiguous (no gaps).

use serde::{Deserialize, Serialize};

use super::fields::{index, join};
use crate::error::Issue;

/// Default `Cooldown` of a step policy, seconds (docs/aws-semantics.md §2.6, §5.4).
pub const DEFAULT_STEP_COOLDOWN_S: u32 = 300;
/// Most step adjustments in one policy (docs/aws-semantics.md §2.4).
pub const MAX_STEPS: usize = 20;

/// How a step's `ScalingAdjustment` changes capacity (docs/aws-semantics.md §2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AdjustmentType {
    /// `C + a`.
    ChangeInCapacity,
    /// `a`.
    ExactCapacity,
    /// `C + round(C·a/100)`.
    PercentChangeInCapacity,
}

/// How AAS aggregates the alarm's recent datapoints (docs/aws-semantics.md §2.2; null → `Average`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum MetricAggregationType {
    /// Mean.
    #[default]
    Average,
    /// Lowest.
    Minimum,
    /// Highest.
    Maximum,
}

/// One step: bounds relative to the alarm threshold (`None` = infinite) and the adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StepAdjustment {
    /// `MetricIntervalLowerBound` (`None` = −∞).
    pub lower: Option<f64>,
    /// `MetricIntervalUpperBound` (`None` = +∞).
    pub upper: Option<f64>,
    /// `ScalingAdjustment`.
    pub scaling_adjustment: i64,
}

impl StepAdjustment {
    /// Whether `d` falls in this step (docs/aws-semantics.md §2.3): for `d >= 0` the lower bound is
    /// inclusive and the upper exclusive; for `d < 0` the lower is exclusive and the upper
    /// inclusive.
    pub fn contains(&self, d: f64) -> bool {
        let lo = self.lower.unwrap_or(f64::NEG_INFINITY);
        let hi = self.upper.unwrap_or(f64::INFINITY);
        if d >= 0.0 {
            lo <= d && d < hi
        } else {
            lo < d && d <= hi
        }
    }
}

/// A validated step scaling policy (docs/aws-semantics.md §5.4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepPolicy {
    adjustment_type: AdjustmentType,
    steps: Vec<StepAdjustment>,
    min_adjustment_magnitude: Option<i64>,
    cooldown_s: u32,
    aggregation: MetricAggregationType,
}

impl StepPolicy {
    /// Validate against every rule of docs/aws-semantics.md §2.4 and build the policy. `cooldown_s`
    /// defaults to 300 and `aggregation` to `Average`. Issue paths use the AWS field names
    /// (`StepAdjustments[1].MetricIntervalLowerBound`).
    pub fn validate(
        adjustment_type: AdjustmentType,
        steps: Vec<StepAdjustment>,
        min_adjustment_magnitude: Option<i64>,
        cooldown_s: Option<u32>,
        aggregation: Option<MetricAggregationType>,
    ) -> Result<StepPolicy, Vec<Issue>> {
        let issues = validate_steps(adjustment_type, &steps, min_adjustment_magnitude, "");
        if !issues.is_empty() {
            return Err(issues);
        }
        Ok(StepPolicy {
            adjustment_type,
            steps,
            min_adjustment_magnitude,
            cooldown_s: cooldown_s.unwrap_or(DEFAULT_STEP_COOLDOWN_S),
            aggregation: aggregation.unwrap_or_default(),
        })
    }

    /// `AdjustmentType`.
    pub fn adjustment_type(&self) -> AdjustmentType {
        self.adjustment_type
    }
    /// The steps, in the order given.
    pub fn steps(&self) -> &[StepAdjustment] {
        &self.steps
    }
    /// `MinAdjustmentMagnitude`.
    pub fn min_adjustment_magnitude(&self) -> Option<i64> {
        self.min_adjustment_magnitude
    }
    /// `Cooldown`, seconds.
    pub fn cooldown_s(&self) -> u32 {
        self.cooldown_s
    }
    /// `MetricAggregationType`.
    pub fn aggregation(&self) -> MetricAggregationType {
        self.aggregation
    }

    /// The step for `d = aggregated value − threshold` (docs/aws-semantics.md §2.3), or `None` (no
    /// action).
    pub fn select(&self, d: f64) -> Option<&StepAdjustment> {
        self.steps.iter().find(|s| s.contains(d))
    }

    /// The new capacity for `current` and a step's `adjustment`, before clamping to
    /// `[MinCapacity, MaxCapacity]` (docs/aws-semantics.md §2.5). Never panics; saturates on
    /// overflow.
    pub fn new_capacity(&self, current: u32, adjustment: i64) -> i64 {
        let c = i64::from(current);
        match self.adjustment_type {
            AdjustmentType::ChangeInCapacity => c.saturating_add(adjustment),
            AdjustmentType::ExactCapacity => adjustment,
            AdjustmentType::PercentChangeInCapacity => {
                let mut delta = percent_delta(current, adjustment);
                if let Some(mag) = self.min_adjustment_magnitude {
                    if adjustment != 0 && delta.abs() < mag {
                        delta = adjustment.signum() * mag;
                    }
                }
                c.saturating_add(delta)
            }
        }
    }

    /// Everything AAS does when the alarm invokes the policy (docs/aws-semantics.md §2.2):
    /// aggregate the alarm's recent datapoints, subtract the threshold, pick the step and compute
    /// the new capacity (unclamped). `None` when there are no datapoints or no step matches.
    pub fn evaluate(&self, current: u32, datapoints: &[f64], threshold: f64) -> Option<i64> {
        let value = aggregate(datapoints, self.aggregation)?;
        let step = self.select(value - threshold)?;
        Some(self.new_capacity(current, step.scaling_adjustment))
    }
}

/// `C·a/100` rounded per docs/aws-semantics.md §2.5: > 1 down, (0, 1] → 1, [−1, 0) → −1, < −1
/// toward zero.
fn percent_delta(current: u32, percent: i64) -> i64 {
    let p = i128::from(current) * i128::from(percent);
    let delta = if p > 100 {
        p / 100
    } else if p > 0 {
        1
    } else if p == 0 {
        0
    } else if p >= -100 {
        -1
    } else {
        -((-p) / 100)
    };
    delta.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Clamp an unclamped capacity to `[min, max]`.
pub fn clamp_capacity(capacity: i64, min: u32, max: u32) -> u32 {
    capacity.clamp(i64::from(min), i64::from(max.max(min))) as u32
}

/// Aggregate datapoints (docs/aws-semantics.md §2.2); NaN values are skipped; `None` when nothing
/// is left.
pub fn aggregate(values: &[f64], how: MetricAggregationType) -> Option<f64> {
    let mut it = values.iter().copied().filter(|v| !v.is_nan());
    let first = it.next()?;
    let (mut sum, mut n, mut lo, mut hi) = (first, 1.0, first, first);
    for v in it {
        sum += v;
        n += 1.0;
        lo = lo.min(v);
        hi = hi.max(v);
    }
    Some(match how {
        MetricAggregationType::Average => sum / n,
        MetricAggregationType::Minimum => lo,
        MetricAggregationType::Maximum => hi,
    })
}

/// Every docs/aws-semantics.md §2.4 problem with a set of step adjustments, with paths under
/// `prefix` (e.g. `StepScalingPolicyConfiguration`), naming steps by their index in the input.
pub fn validate_steps(
    adjustment_type: AdjustmentType,
    steps: &[StepAdjustment],
    min_adjustment_magnitude: Option<i64>,
    prefix: &str,
) -> Vec<Issue> {
    let mut v = Vec::new();
    let list = join(prefix, "StepAdjustments");
    let at = |i: usize, field: &str| join(&index(&list, i), field);
    let show = |s: &StepAdjustment| show_interval(s);

    if steps.is_empty() {
        v.push(Issue::new(
            &list,
            "at least one step adjustment is required",
        ));
    }
    if steps.len() > MAX_STEPS {
        v.push(Issue::new(
            &list,
            format!(
                "at most {MAX_STEPS} step adjustments are allowed (got {})",
                steps.len()
            ),
        ));
    }
    let mut finite = true;
    for (i, s) in steps.iter().enumerate() {
        for (b, name) in [
            (s.lower, "MetricIntervalLowerBound"),
            (s.upper, "MetricIntervalUpperBound"),
        ] {
            if b.is_some_and(|x| !x.is_finite()) {
                finite = false;
                v.push(Issue::new(
                    at(i, name),
                    "must be a finite number (omit it for an infinite bound)",
                ));
            }
        }
        match (s.lower, s.upper) {
            (None, None) => v.push(Issue::new(
                index(&list, i),
                "MetricIntervalLowerBound and MetricIntervalUpperBound cannot both be null in one step",
            )),
            (Some(lo), Some(hi)) if hi <= lo => v.push(Issue::new(
                at(i, "MetricIntervalUpperBound"),
                format!("must be greater than MetricIntervalLowerBound ({lo}) (got {hi})"),
            )),
            _ => {}
        }
        if adjustment_type == AdjustmentType::PercentChangeInCapacity && s.scaling_adjustment < -100
        {
            v.push(Issue::new(
                at(i, "ScalingAdjustment"),
                format!(
                    "{}% would remove more than all capacity: a PercentChangeInCapacity step must be -100 or more",
                    s.scaling_adjustment
                ),
            ));
        }
        if adjustment_type == AdjustmentType::ExactCapacity && s.scaling_adjustment < 0 {
            v.push(Issue::new(
                at(i, "ScalingAdjustment"),
                format!(
                    "must be >= 0 with ExactCapacity (got {})",
                    s.scaling_adjustment
                ),
            ));
        }
    }
    let null_lower: Vec<usize> = (0..steps.len())
        .filter(|&i| steps[i].lower.is_none())
        .collect();
    let null_upper: Vec<usize> = (0..steps.len())
        .filter(|&i| steps[i].upper.is_none())
        .collect();
    if null_lower.len() > 1 {
        v.push(Issue::new(
            &list,
            format!(
                "only one step may have a null MetricIntervalLowerBound (steps {null_lower:?} do)"
            ),
        ));
    }
    if null_upper.len() > 1 {
        v.push(Issue::new(
            &list,
            format!(
                "only one step may have a null MetricIntervalUpperBound (steps {null_upper:?} do)"
            ),
        ));
    }
    if null_lower.is_empty() {
        if let Some(i) = steps.iter().position(|s| s.lower.is_some_and(|x| x < 0.0)) {
            v.push(Issue::new(
                at(i, "MetricIntervalLowerBound"),
                "is negative, so another step must have a null MetricIntervalLowerBound (-infinity)",
            ));
        }
    }
    if null_upper.is_empty() {
        if let Some(i) = steps.iter().position(|s| s.upper.is_some_and(|x| x > 0.0)) {
            v.push(Issue::new(
                at(i, "MetricIntervalUpperBound"),
                "is positive, so another step must have a null MetricIntervalUpperBound (+infinity)",
            ));
        }
    }
    if finite {
        // Overlaps and gaps between neighbours ordered by lower bound.
        let mut order: Vec<usize> = (0..steps.len()).collect();
        let key = |i: usize| steps[i].lower.unwrap_or(f64::NEG_INFINITY);
        order.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
        for w in order.windows(2) {
            let (a, b) = (w[0], w[1]);
            if steps[a].lower.is_none() && steps[b].lower.is_none() {
                continue; // already reported: two null lower bounds
            }
            let a_hi = steps[a].upper.unwrap_or(f64::INFINITY);
            let b_lo = key(b);
            if a_hi > b_lo {
                v.push(Issue::new(
                    &list,
                    format!(
                        "step {a} {} overlaps step {b} {}",
                        show(&steps[a]),
                        show(&steps[b])
                    ),
                ));
            } else if a_hi < b_lo {
                v.push(Issue::new(
                    &list,
                    format!(
                        "gap between step {a} {} and step {b} {}: no step covers ({a_hi}, {b_lo})",
                        show(&steps[a]),
                        show(&steps[b])
                    ),
                ));
            }
        }
    }
    if let Some(mag) = min_adjustment_magnitude {
        let path = join(prefix, "MinAdjustmentMagnitude");
        if adjustment_type != AdjustmentType::PercentChangeInCapacity {
            v.push(Issue::new(
                &path,
                format!("is only allowed with AdjustmentType PercentChangeInCapacity (got {adjustment_type:?})"),
            ));
        } else if mag < 1 {
            v.push(Issue::new(&path, format!("must be at least 1 (got {mag})")));
        }
    }
    v
}

fn show_interval(s: &StepAdjustment) -> String {
    let lo = s.lower.map_or("-inf".to_string(), |x| x.to_string());
    let hi = s.upper.map_or("+inf".to_string(), |x| x.to_string());
    format!("[{lo}, {hi}]")
}

#[cfg(test)]
#[path = "step_tests.rs"]
mod tests;
