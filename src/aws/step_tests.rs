//! Tests of `step` (docs/aws-semantics.md §2.2–2.6).

use super::*;
use crate::aws::alarm::{Alarm, AlarmConfig, AlarmState};
use crate::aws::metric::{ComparisonOperator, Statistic, TreatMissingData};

fn step(lower: Option<f64>, upper: Option<f64>, a: i64) -> StepAdjustment {
    StepAdjustment {
        lower,
        upper,
        scaling_adjustment: a,
    }
}

/// The scale-out policy of the AWS step-scaling example (docs/aws-semantics.md §2.5): [0,10) +0%,
/// [10,20) +10%, [20,+inf) +30%.
fn scale_out() -> StepPolicy {
    let steps = vec![
        step(Some(0.0), Some(10.0), 0),
        step(Some(10.0), Some(20.0), 10),
        step(Some(20.0), None, 30),
    ];
    StepPolicy::validate(
        AdjustmentType::PercentChangeInCapacity,
        steps,
        None,
        None,
        None,
    )
    .unwrap()
}

/// The scale-in policy of the same example: (-10,0] 0%, (-20,-10] -10%, (-inf,-20] -30%.
fn scale_in() -> StepPolicy {
    let steps = vec![
        step(Some(-10.0), Some(0.0), 0),
        step(Some(-20.0), Some(-10.0), -10),
        step(None, Some(-20.0), -30),
    ];
    StepPolicy::validate(
        AdjustmentType::PercentChangeInCapacity,
        steps,
        None,
        None,
        None,
    )
    .unwrap()
}

fn policy(t: AdjustmentType, mag: Option<i64>) -> StepPolicy {
    StepPolicy::validate(t, vec![step(Some(0.0), None, 1)], mag, None, None).unwrap()
}

#[test]
fn spec_2_5_vector_through_two_policies() {
    // Threshold 50 for both alarms; 10 →(60) 11 →(70) 14 →(40) 13 →(30) 10.
    let (out, inn) = (scale_out(), scale_in());
    let mut c = 10u32;
    for (metric, want) in [(60.0, 11), (70.0, 14), (40.0, 13), (30.0, 10)] {
        let d: f64 = metric - 50.0;
        let policy = if d >= 0.0 { &out } else { &inn };
        let s = policy.select(d).expect("a step matches");
        c = clamp_capacity(policy.new_capacity(c, s.scaling_adjustment), 0, 100);
        assert_eq!(c, want, "metric {metric}");
    }
}

#[test]
fn spec_2_5_vector_through_alarms() {
    // Two alarms (1 of 1, Period 60): the upper (>= 50) invokes the scale-out policy, the
    // lower (<= 50) the scale-in policy; each aggregates the alarm's datapoints
    // (docs/aws-semantics.md §2.2).
    let alarm = |name: &str, op| AlarmConfig {
        name: name.into(),
        evaluation_periods: 1,
        datapoints_to_alarm: 1,
        threshold: 50.0,
        comparison: op,
        treat_missing: TreatMissingData::Missing,
        statistic: Statistic::Average,
        period_s: 60,
    };
    let mut high = Alarm::new(alarm(
        "high",
        ComparisonOperator::GreaterThanOrEqualToThreshold,
    ));
    let mut low = Alarm::new(alarm("low", ComparisonOperator::LessThanOrEqualToThreshold));
    let (out, inn) = (scale_out(), scale_in());
    let mut c = 10u32;
    let mut seen = Vec::new();
    for metric in [60.0, 70.0, 40.0, 30.0] {
        for (a, p) in [(&mut high, &out), (&mut low, &inn)] {
            if a.evaluate(Some(metric)).state == AlarmState::Alarm {
                if let Some(n) = p.evaluate(c, a.recent_values(), a.config().threshold) {
                    c = clamp_capacity(n, 0, 100);
                }
            }
        }
        seen.push(c);
    }
    assert_eq!(seen, [11, 14, 13, 10]);
}

#[test]
fn percent_rounding() {
    let p = policy(AdjustmentType::PercentChangeInCapacity, None);
    assert_eq!(p.new_capacity(10, 127), 22); // +12.7 → +12 (> 1 rounds down)
    assert_eq!(p.new_capacity(3, 10), 4); // +0.3 → +1
    assert_eq!(p.new_capacity(10, 10), 11); // exactly +1
    assert_eq!(p.new_capacity(3, -10), 2); // -0.3 → -1
    assert_eq!(p.new_capacity(10, -10), 9); // exactly -1
    assert_eq!(p.new_capacity(10, -67), 4); // -6.7 → -6 (toward zero)
    assert_eq!(p.new_capacity(13, -30), 10); // -3.9 → -3
    assert_eq!(p.new_capacity(0, 50), 0); // nothing to scale
    assert_eq!(p.new_capacity(u32::MAX, i64::MAX), i64::MAX); // saturates, no panic
}

#[test]
fn min_adjustment_magnitude() {
    let p = policy(AdjustmentType::PercentChangeInCapacity, Some(2));
    assert_eq!(p.new_capacity(4, 25), 6); // 25% of 4 = 1 → 2 (docs/aws-semantics.md §2.5)
    assert_eq!(p.new_capacity(10, 50), 15); // already larger than the magnitude
    assert_eq!(p.new_capacity(4, -25), 2); // scale-in by at least 2
    assert_eq!(p.new_capacity(0, 25), 2); // interpretation: also from capacity 0
    assert_eq!(p.new_capacity(4, 0), 4); // a zero adjustment stays zero
}

#[test]
fn change_and_exact_capacity() {
    let p = policy(AdjustmentType::ChangeInCapacity, None);
    assert_eq!(p.new_capacity(3, 5), 8);
    assert_eq!(p.new_capacity(3, -5), -2); // the caller clamps
    assert_eq!(clamp_capacity(-2, 1, 10), 1);
    assert_eq!(clamp_capacity(20, 1, 10), 10);
    let p = policy(AdjustmentType::ExactCapacity, None);
    assert_eq!(p.new_capacity(3, 5), 5);
}

#[test]
fn inclusive_exclusive_bounds() {
    let (out, inn) = (scale_out(), scale_in());
    let adj = |p: &StepPolicy, d: f64| p.select(d).map(|s| s.scaling_adjustment);
    // d >= 0: lower inclusive, upper exclusive.
    assert_eq!(adj(&out, 0.0), Some(0));
    assert_eq!(adj(&out, 9.999), Some(0));
    assert_eq!(adj(&out, 10.0), Some(10));
    assert_eq!(adj(&out, 20.0), Some(30));
    assert_eq!(adj(&out, -0.001), None);
    // d < 0: lower exclusive, upper inclusive.
    assert_eq!(adj(&inn, -0.5), Some(0));
    assert_eq!(adj(&inn, -10.0), Some(-10));
    assert_eq!(adj(&inn, -10.001), Some(-10));
    assert_eq!(adj(&inn, -20.0), Some(-30));
    // Interpretation: d = 0 counts as above the threshold, so (-10, 0] does not match it.
    assert_eq!(adj(&inn, 0.0), None);
    // The 2.7 recipe: one step [0, +inf) +1.
    let recipe = policy(AdjustmentType::ChangeInCapacity, None);
    assert_eq!(adj(&recipe, 0.0), Some(1));
    assert_eq!(adj(&recipe, -0.1), None);
    assert_eq!(recipe.evaluate(0, &[1.0, 1.0], 1.0), Some(1));
    assert_eq!(recipe.evaluate(0, &[], 1.0), None);
}

#[test]
fn defaults_and_aggregation() {
    let p = policy(AdjustmentType::ChangeInCapacity, None);
    assert_eq!(p.cooldown_s(), 300);
    assert_eq!(p.aggregation(), MetricAggregationType::Average);
    let v = [1.0, 4.0, f64::NAN, 7.0];
    assert_eq!(aggregate(&v, MetricAggregationType::Average), Some(4.0));
    assert_eq!(aggregate(&v, MetricAggregationType::Minimum), Some(1.0));
    assert_eq!(aggregate(&v, MetricAggregationType::Maximum), Some(7.0));
    assert_eq!(aggregate(&[], MetricAggregationType::Maximum), None);
}

/// The issues for one step list, as `path: message` strings.
fn issues(t: AdjustmentType, steps: Vec<StepAdjustment>, mag: Option<i64>) -> Vec<String> {
    match StepPolicy::validate(t, steps, mag, None, None) {
        Ok(_) => Vec::new(),
        Err(v) => v.iter().map(|i| i.to_string()).collect(),
    }
}

fn has(found: &[String], needle: &str) {
    assert!(
        found.iter().any(|s| s.contains(needle)),
        "no issue containing {needle:?} in {found:#?}"
    );
}

#[test]
fn validation_rules_of_spec_2_4() {
    use AdjustmentType::*;
    let c = ChangeInCapacity;
    has(&issues(c, vec![], None), "StepAdjustments: at least one");
    let many: Vec<_> = (0..21)
        .map(|i| step(Some(i as f64), Some(i as f64 + 1.0), 1))
        .collect();
    has(&issues(c, many, None), "at most 20");
    has(&issues(c, vec![step(None, None, 1)], None), "StepAdjustments[0]: MetricIntervalLowerBound and MetricIntervalUpperBound cannot both be null");
    has(
        &issues(
            c,
            vec![step(Some(5.0), Some(5.0), 1), step(Some(5.0), None, 1)],
            None,
        ),
        "StepAdjustments[0].MetricIntervalUpperBound: must be greater than",
    );
    has(
        &issues(
            c,
            vec![
                step(None, Some(-5.0), 1),
                step(None, Some(0.0), 1),
                step(Some(0.0), None, 1),
            ],
            None,
        ),
        "only one step may have a null MetricIntervalLowerBound (steps [0, 1] do)",
    );
    has(
        &issues(
            c,
            vec![step(Some(0.0), None, 1), step(Some(5.0), None, 1)],
            None,
        ),
        "only one step may have a null MetricIntervalUpperBound",
    );
    has(
        &issues(c, vec![step(Some(-5.0), None, 1)], None),
        "StepAdjustments[0].MetricIntervalLowerBound: is negative, so another step must have a null MetricIntervalLowerBound",
    );
    has(
        &issues(c, vec![step(None, Some(5.0), 1)], None),
        "StepAdjustments[0].MetricIntervalUpperBound: is positive, so another step must have a null MetricIntervalUpperBound",
    );
    has(
        &issues(
            c,
            vec![step(Some(0.0), Some(10.0), 1), step(Some(5.0), None, 2)],
            None,
        ),
        "step 0 [0, 10] overlaps step 1 [5, +inf]",
    );
    has(
        &issues(
            c,
            vec![step(Some(10.0), None, 2), step(Some(0.0), Some(5.0), 1)],
            None,
        ),
        "gap between step 1 [0, 5] and step 0 [10, +inf]: no step covers (5, 10)",
    );
    has(
        &issues(ExactCapacity, vec![step(Some(0.0), None, -1)], None),
        "StepAdjustments[0].ScalingAdjustment: must be >= 0 with ExactCapacity",
    );
    has(
        &issues(c, vec![step(Some(0.0), None, 1)], Some(2)),
        "MinAdjustmentMagnitude: is only allowed with AdjustmentType PercentChangeInCapacity",
    );
    has(
        &issues(
            PercentChangeInCapacity,
            vec![step(Some(0.0), None, 1)],
            Some(0),
        ),
        "MinAdjustmentMagnitude: must be at least 1",
    );
    has(
        &issues(c, vec![step(Some(f64::NAN), None, 1)], None),
        "StepAdjustments[0].MetricIntervalLowerBound: must be a finite number",
    );
}

#[test]
fn valid_configurations_pass() {
    assert!(issues(
        AdjustmentType::PercentChangeInCapacity,
        scale_out().steps().to_vec(),
        Some(1)
    )
    .is_empty());
    assert!(issues(
        AdjustmentType::PercentChangeInCapacity,
        scale_in().steps().to_vec(),
        None
    )
    .is_empty());
    // Steps on both sides of the threshold, in any order.
    let both = vec![
        step(Some(0.0), None, 2),
        step(None, Some(-10.0), -2),
        step(Some(-10.0), Some(0.0), 0),
    ];
    assert!(issues(AdjustmentType::ChangeInCapacity, both, None).is_empty());
    // Paths can be prefixed for a whole request.
    let v = validate_steps(
        AdjustmentType::ChangeInCapacity,
        &[step(None, None, 1)],
        None,
        "StepScalingPolicyConfiguration",
    );
    assert_eq!(
        v[0].path,
        "StepScalingPolicyConfiguration.StepAdjustments[0]"
    );
}
