//! Tests of `target_tracking` (docs/aws-semantics.md §1.1–1.7, §1.12–1.14).

use super::*;
use crate::aws::alarm::{Alarm, AlarmState};

const RID: &str = "endpoint/ep/variant/AllTraffic";

#[test]
fn spec_1_5_vector() {
    // C=4, T=5: M=4.4 → 4 (not scaled), M=3 → 3, M=0 → MinCapacity.
    assert_eq!(proposed_capacity(4, 4.4, 5.0, 1, 10), 4);
    assert_eq!(proposed_capacity(4, 3.0, 5.0, 1, 10), 3);
    assert_eq!(proposed_capacity(4, 0.0, 5.0, 1, 10), 1);
    assert_eq!(proposed_capacity(4, 0.0, 5.0, 0, 10), 0); // docs/aws-semantics.md §1.7: straight to 0
    let cfg = TargetTrackingConfig::new(5.0);
    // 4.4 < 0.9·5 = 4.5, so AlarmLow is the one that fires.
    assert_eq!(
        decide(4, 4.4, &cfg, 1, 10, TtAlarm::Low),
        TtDecision::NotScaled(NotScaledReason::AlreadyAtDesiredCapacity)
    );
    assert_eq!(
        decide(4, 3.0, &cfg, 1, 10, TtAlarm::Low),
        TtDecision::ScaleTo(3)
    );
    assert_eq!(
        decide(4, 0.0, &cfg, 1, 10, TtAlarm::Low),
        TtDecision::ScaleTo(1)
    );
}

#[test]
fn scale_out_rounds_up() {
    // "adding 1.5 instances ... we round up and add two" (docs/aws-semantics.md §1.5): 3·7.5/5 =
    // 4.5 → 5.
    assert_eq!(proposed_capacity(3, 7.5, 5.0, 1, 10), 5);
    // Float noise does not add an instance: 3·0.1/0.1 is 3.0000000000000004 in f64.
    let (c, m, t) = (3.0_f64, 0.1_f64, 0.1_f64);
    assert!(c * m / t > 3.0);
    assert_eq!(proposed_capacity(3, 0.1, 0.1, 0, 100), 3);
    let cfg = TargetTrackingConfig::new(5.0);
    assert_eq!(
        decide(3, 7.5, &cfg, 1, 10, TtAlarm::High),
        TtDecision::ScaleTo(5)
    );
    assert_eq!(
        decide(10, 7.5, &cfg, 1, 10, TtAlarm::High),
        TtDecision::NotScaled(NotScaledReason::AlreadyAtMaxCapacity)
    );
    assert_eq!(
        decide(1, 0.0, &cfg, 1, 10, TtAlarm::Low),
        TtDecision::NotScaled(NotScaledReason::AlreadyAtMinCapacity)
    );
    // AlarmHigh never scales in, even if the formula says fewer.
    assert_eq!(
        decide(4, 1.0, &cfg, 1, 10, TtAlarm::High),
        TtDecision::NotScaled(NotScaledReason::AlreadyAtDesiredCapacity)
    );
}

#[test]
fn from_zero_uses_backlog_as_metric() {
    // docs/aws-semantics.md §1.6: C=0, backlog 5, T=1 → 5, clamped to MaxCapacity.
    assert_eq!(proposed_capacity(0, 5.0, 1.0, 0, 10), 5);
    assert_eq!(proposed_capacity(0, 5.0, 1.0, 0, 3), 3);
    assert_eq!(proposed_capacity(0, 2.5, 1.0, 0, 10), 3);
    let cfg = TargetTrackingConfig::new(1.0);
    assert_eq!(
        decide(0, 5.0, &cfg, 0, 3, TtAlarm::High),
        TtDecision::ScaleTo(3)
    );
}

#[test]
fn undefined_inputs_propose_no_change() {
    assert_eq!(proposed_capacity(4, f64::NAN, 5.0, 1, 10), 4);
    assert_eq!(proposed_capacity(4, 3.0, 0.0, 1, 10), 4);
    assert_eq!(proposed_capacity(4, 3.0, -1.0, 1, 10), 4);
    assert_eq!(proposed_capacity(40, 3.0, f64::NAN, 1, 10), 10);
    assert_eq!(proposed_capacity(4, 1e300, 1e-300, 1, 10), 10);
    assert!(!TargetTrackingConfig::new(0.0).validate().is_empty());
    assert!(TargetTrackingConfig::new(0.5).validate().is_empty());
}

#[test]
fn disable_scale_in_never_removes_capacity() {
    // docs/aws-semantics.md §1.13, §1.3: no AlarmLow, and a Low invocation is refused.
    let mut cfg = TargetTrackingConfig::new(5.0);
    cfg.disable_scale_in = true;
    let (_, low) = hidden_alarms("p", RID, &cfg);
    assert!(low.is_none());
    assert!(matches!(
        decide(4, 0.0, &cfg, 0, 10, TtAlarm::Low),
        TtDecision::NotScaled(_)
    ));
}

#[test]
fn hidden_alarms_match_spec_1_1_to_1_3() {
    let cfg = TargetTrackingConfig::new(50.0);
    let (high, low) = hidden_alarms("my-policy", RID, &cfg);
    let low = low.expect("AlarmLow exists when scale-in is enabled");
    assert!(high
        .name
        .starts_with("TargetTracking-endpoint/ep/variant/AllTraffic-AlarmHigh-"));
    assert!(low
        .name
        .starts_with("TargetTracking-endpoint/ep/variant/AllTraffic-AlarmLow-"));
    let uuid = high.name.rsplit("AlarmHigh-").next().unwrap();
    assert_eq!(uuid.len(), 36);
    assert_eq!(uuid, low.name.rsplit("AlarmLow-").next().unwrap());
    // Deterministic per policy, different across policies.
    assert_eq!(hidden_alarms("my-policy", RID, &cfg).0.name, high.name);
    assert_ne!(hidden_alarms("other", RID, &cfg).0.name, high.name);
    assert_eq!(
        (
            high.evaluation_periods,
            high.datapoints_to_alarm,
            high.period_s
        ),
        (3, 3, 60)
    );
    assert_eq!(high.comparison, ComparisonOperator::GreaterThanThreshold);
    assert_eq!(high.threshold, 50.0);
    assert_eq!(high.treat_missing, TreatMissingData::Missing);
    assert_eq!(
        (
            low.evaluation_periods,
            low.datapoints_to_alarm,
            low.period_s
        ),
        (15, 15, 60)
    );
    assert_eq!(low.comparison, ComparisonOperator::LessThanThreshold);
    assert_eq!(low.threshold, 45.0); // ECS 50 → 45
    assert_eq!(low.treat_missing, TreatMissingData::Missing);
    assert!(high.validate().is_empty() && low.validate().is_empty());
    let (h, _) = hidden_alarms_with_statistic("p", RID, &cfg, Statistic::Maximum);
    assert_eq!(h.statistic, Statistic::Maximum);
}

#[test]
fn alarm_high_needs_three_minutes_above_target() {
    let (high, _) = hidden_alarms("p", RID, &TargetTrackingConfig::new(5.0));
    let mut a = Alarm::new(high);
    let s: Vec<_> = [6.0, 6.0, 6.0]
        .iter()
        .map(|v| a.evaluate(Some(*v)).state)
        .collect();
    assert_eq!(
        s,
        [
            AlarmState::InsufficientData,
            AlarmState::InsufficientData,
            AlarmState::Alarm
        ]
    );
    assert_eq!(a.latest_value(), Some(6.0));
}

fn tt(capacity: Option<u32>) -> Proposal {
    Proposal {
        kind: PolicyKind::TargetTracking,
        scale_in_enabled: true,
        capacity,
    }
}

fn step(capacity: Option<u32>) -> Proposal {
    Proposal {
        kind: PolicyKind::Step,
        scale_in_enabled: true,
        capacity,
    }
}

#[test]
fn combine_spec_1_12() {
    // +3 vs +200% at capacity 10 → 30.
    assert_eq!(
        combine(10, &[step(Some(13)), step(Some(30))]),
        Combined::ScaleOut(30)
    );
    // Scale out if any policy is ready, even while another wants to scale in.
    assert_eq!(
        combine(10, &[tt(Some(12)), tt(Some(5))]),
        Combined::ScaleOut(12)
    );
    // Scale in only when all scale-in-enabled TT policies agree; the largest capacity wins.
    assert_eq!(combine(10, &[tt(Some(8)), tt(None)]), Combined::NoChange);
    assert_eq!(
        combine(10, &[tt(Some(8)), tt(Some(10))]),
        Combined::NoChange
    );
    assert_eq!(
        combine(10, &[tt(Some(8)), tt(Some(9))]),
        Combined::ScaleIn(9)
    );
    // A TT policy with scale-in disabled does not block, and cannot scale in itself.
    let no_in = Proposal {
        scale_in_enabled: false,
        ..tt(None)
    };
    assert_eq!(combine(10, &[tt(Some(8)), no_in]), Combined::ScaleIn(8));
    let no_in_low = Proposal {
        scale_in_enabled: false,
        ..tt(Some(2))
    };
    assert_eq!(combine(10, &[no_in_low]), Combined::NoChange);
    // A step scale-in is not blocked by TT (docs/aws-semantics.md §1.12, §7.6).
    assert_eq!(
        combine(10, &[tt(None), step(Some(7))]),
        Combined::ScaleIn(7)
    );
    assert_eq!(combine(10, &[]), Combined::NoChange);
    assert_eq!(combine(10, &[tt(Some(10))]), Combined::NoChange);
}

#[test]
fn combine_the_largest_capacity_wins_for_scale_in_too() {
    // Target tracking holding the current capacity (AlarmHigh at max) outranks a
    // simultaneous step scale-in to ExactCapacity 1: 50 is the largest capacity.
    assert_eq!(
        combine(50, &[tt(Some(50)), step(Some(1))]),
        Combined::NoChange
    );
    // So does a step policy that sets exactly the current capacity.
    assert_eq!(
        combine(10, &[step(Some(10)), step(Some(7))]),
        Combined::NoChange
    );
    // Two step scale-ins: the larger capacity wins.
    assert_eq!(
        combine(10, &[step(Some(4)), step(Some(7))]),
        Combined::ScaleIn(7)
    );
    // A TT policy with scale-in disabled that would go lower neither blocks nor acts.
    let no_in_low = Proposal {
        scale_in_enabled: false,
        ..tt(Some(2))
    };
    assert_eq!(
        combine(10, &[no_in_low, step(Some(7))]),
        Combined::ScaleIn(7)
    );
}
