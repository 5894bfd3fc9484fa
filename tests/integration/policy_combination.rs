//! Several policies on one target acting in the same minute: AWS applies the one that gives
//! the largest capacity, for scale-out and scale-in alike (docs/aws-semantics.md §1.12).

use crate::common::*;
use scalesim::sim::observer::ActivityStatus;

/// 200 requests at 10 s; target tracking (target 1, max 50) and a step policy that sets
/// ExactCapacity 1 while there is a backlog and no capacity, with `refuse_while_updating`
/// off so that both act while the 50 instances are still Pending.
const TWO_POLICIES: &str = r#"
name = "tt-and-exact-step"
seed = 1
horizon = "1h"
[[arrivals]]
kind = "burst"
at = "10s"
count = 200
[service]
kind = "deterministic"
value = "5s"
[endpoint]
request_ttl = "6h"
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "10m" }
[capacity]
min = 0
max = 50
[policy]
kind = "application_auto_scaling"
refuse_while_updating = false
[[policy.target_tracking]]
policy_name = "tt"
metric_name = "ApproximateBacklogSizePerInstance"
target_value = 1.0
[[policy.step_scaling]]
policy_name = "exact-one"
adjustment_type = "ExactCapacity"
metric_aggregation_type = "Average"
cooldown = "0s"
step_adjustments = [{ metric_interval_lower_bound = 0.0, scaling_adjustment = 1 }]
[policy.step_scaling.alarm]
alarm_name = "has-backlog-without-capacity"
metric_name = "HasBacklogWithoutCapacity"
statistic = "Average"
period = "60s"
evaluation_periods = 1
datapoints_to_alarm = 1
threshold = 1.0
comparison_operator = "GreaterThanOrEqualToThreshold"
treat_missing_data = "missing"
"#;

#[test]
fn the_largest_capacity_wins_when_target_tracking_holds_at_max() {
    let sc = scenario(TWO_POLICIES);
    let (_, c) = run_collect(&sc);
    let changes: Vec<(f64, u32, u32)> = c
        .activities
        .iter()
        .filter(|a| a.status != ActivityStatus::NotScaled)
        .map(|a| (s(a.start), a.from, a.to))
        .collect();
    // The step policy acts first (one datapoint), target tracking two minutes later.
    let to_max = changes
        .iter()
        .find(|c| c.2 == 50)
        .copied()
        .unwrap_or_else(|| panic!("target tracking scales out to max: {changes:?}"));
    // While target tracking is in alarm at max capacity it holds 50: the step policy's
    // ExactCapacity 1 is the smaller capacity and must not scale in while the 50 start.
    let flips: Vec<_> = changes
        .iter()
        .filter(|&&(t, from, to)| to < from && t > to_max.0 && t < to_max.0 + 600.0)
        .collect();
    assert!(
        flips.is_empty(),
        "no scale-in while target tracking holds at 50: {changes:?}"
    );
}
