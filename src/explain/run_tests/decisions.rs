//! The decision records of hand-checkable runs: a step policy's 3 of 5 alarm, a cooldown
//! that blocks a scale-out, and a scale-in already at the minimum of 0.

use super::*;

/// HasBacklogWithoutCapacity (Maximum) is 1 from minute 0 on: the request waits from 0:30
/// and no instance comes before 14:00. Minute k is published at (k + 2) min. With M-of-N =
/// 3 of 5 and `missing`, one or two breaching datapoints are too few and too recent
/// (INSUFFICIENT_DATA at 2:00 and 3:00); the third, at 4:00, makes ALARM and the step
/// adds one instance.
#[test]
fn step_policy_three_of_five() {
    let sc = scenario(&format!(
        "{ONE_REQUEST_AT_30S}{}",
        r#"
[policy]
kind = "application_auto_scaling"
[[policy.step_scaling]]
policy_name = "from-zero"
adjustment_type = "ChangeInCapacity"
step_adjustments = [{ metric_interval_lower_bound = 0.0, scaling_adjustment = 1 }]
[policy.step_scaling.alarm]
alarm_name = "backlog-without-capacity"
metric_name = "HasBacklogWithoutCapacity"
statistic = "Maximum"
evaluation_periods = 5
datapoints_to_alarm = 3
threshold = 1.0
comparison_operator = "GreaterThanOrEqualToThreshold"
"#
    ));
    let ds = decisions(&sc);
    let alarm = |m: u64| {
        at(&ds, m)
            .explanation
            .as_ref()
            .expect("AAS explains")
            .alarms[0]
            .clone()
    };
    assert!(alarm(1).datapoints.is_empty(), "nothing published at 1:00");
    let a3 = alarm(3);
    assert_eq!(a3.state, AlarmState::InsufficientData);
    assert_eq!((a3.breaching, a3.evaluated), (2, 2));
    assert_eq!(
        a3.datapoints.iter().map(|p| p.minute).collect::<Vec<_>>(),
        vec![0, 1]
    );
    assert_eq!(reason(at(&ds, 3)), Reason::NoAlarmInAlarm);
    let a4 = alarm(4);
    assert_eq!(a4.state, AlarmState::Alarm);
    assert_eq!(a4.previous, AlarmState::InsufficientData);
    assert_eq!((a4.breaching, a4.evaluated), (3, 3));
    assert!(a4
        .datapoints
        .iter()
        .all(|p| p.value == Some(1.0) && p.breaching));
    assert_eq!((a4.datapoints_to_alarm, a4.evaluation_periods), (3, 5));
    let d4 = at(&ds, 4);
    let e4 = d4.explanation.as_ref().expect("explained");
    assert_eq!(e4.proposals[0].capacity, Some(1));
    assert_eq!(e4.proposals[0].why, ProposalWhy::Proposed);
    assert_eq!(e4.winner.as_ref().map(|w| w.capacity), Some(1));
    assert_eq!(scaled_to(d4), (0, 1));
    let text = decision_answer(d4);
    assert!(
        text.starts_with("scale-out at 0:04:00: desired 0 → 1, because backlog-without-capacity is ALARM (3 of 3 datapoints >= 1; ALARM needs 3 of 5)"),
        "{text}"
    );
}

/// A step of +1 with a 300-s cooldown started at the request: at 1:00 the alarm (1 of 1,
/// backlog >= 1, published without delay) adds one instance (InService at 1:30). At 2:00
/// the step is applied to the capacity before the cooldown began (0), giving 1: no more
/// than desired, so nothing changes with 4 min of cooldown left; the next instance comes at
/// 6:00, when the cooldown has ended.
#[test]
fn cooldown_blocks_a_step_scale_out() {
    let sc = scenario(
        r#"
horizon = "10m"
[[arrivals]]
kind = "burst"
at = "10s"
count = 10
[service]
kind = "deterministic"
value = "1h"
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "30s" }
[capacity]
initial = 0
min = 0
max = 3
[metrics]
metric_delay = "0s"
[policy]
kind = "application_auto_scaling"
cooldown_clock = "request"
[[policy.step_scaling]]
policy_name = "plus-one"
adjustment_type = "ChangeInCapacity"
cooldown = "300s"
step_adjustments = [{ metric_interval_lower_bound = 0.0, scaling_adjustment = 1 }]
[policy.step_scaling.alarm]
metric_name = "ApproximateBacklogSize"
statistic = "Maximum"
evaluation_periods = 1
threshold = 1.0
comparison_operator = "GreaterThanOrEqualToThreshold"
"#,
    );
    let ds = decisions(&sc);
    assert_eq!(scaled_to(at(&ds, 1)), (0, 1));
    let d2 = at(&ds, 2);
    assert_eq!(reason(d2), Reason::ScaleOutCooldown { left_s: 240.0 });
    let e2 = d2.explanation.as_ref().expect("explained");
    assert_eq!(e2.scale_out_cooldown_left_s, Some(240.0));
    assert_eq!(
        e2.proposals[0].why,
        ProposalWhy::CountedInCooldown { base: 0 }
    );
    assert_eq!(e2.proposals[0].computed, Some(1));
    assert_eq!(
        reason(at(&ds, 5)),
        Reason::ScaleOutCooldown { left_s: 60.0 }
    );
    assert_eq!(scaled_to(at(&ds, 6)), (1, 2));
    let text = decision_answer(d2);
    assert!(
        text.contains("the scale-out cooldown has 4m left"),
        "{text}"
    );
    assert!(text.contains("[scalesim's name ScaleOutCooldown"), "{text}");
}

/// No requests at all: the scale-in alarm (backlog < 0.5, 1 of 1) is in ALARM from the
/// first datapoint (2:00), and its −1 step gives −1 at capacity 0 = min:
/// AlreadyAtMinCapacity, AWS's own code.
#[test]
fn already_at_min_capacity_at_zero() {
    let sc = scenario(
        r#"
horizon = "5m"
[[arrivals]]
kind = "burst"
at = "1h"
count = 1
[service]
kind = "deterministic"
value = "1s"
[capacity]
initial = 0
min = 0
max = 2
[policy]
kind = "application_auto_scaling"
[[policy.step_scaling]]
policy_name = "scale-in"
adjustment_type = "ChangeInCapacity"
step_adjustments = [{ metric_interval_upper_bound = 0.0, scaling_adjustment = -1 }]
[policy.step_scaling.alarm]
metric_name = "ApproximateBacklogSize"
statistic = "Maximum"
evaluation_periods = 1
threshold = 0.5
comparison_operator = "LessThanThreshold"
"#,
    );
    let ds = decisions(&sc);
    assert_eq!(reason(at(&ds, 1)), Reason::NoAlarmInAlarm);
    let d = at(&ds, 2);
    assert_eq!(
        reason(d),
        Reason::Aws(NotScaledReason::AlreadyAtMinCapacity)
    );
    let p = &d.explanation.as_ref().expect("explained").proposals[0];
    assert_eq!(p.computed, Some(-1));
    assert_eq!(p.capacity, None);
    let text = decision_answer(d);
    assert!(
        text.contains("scale-in asks for -1, but desired is already at the minimum 0 [AWS NotScaledReason AlreadyAtMinCapacity]"),
        "{text}"
    );
}
