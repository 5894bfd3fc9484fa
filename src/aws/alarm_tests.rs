//! Tests of `alarm` (docs/aws-semantics.md §7.2–7.4): the CloudWatch missing-data tables written in
//! the notation of docs/aws-semantics.md §7.3 (newest right; `X` breaching, `0` not breaching, `-`
//! missing).

use super::*;
use crate::aws::metric::TreatMissingData::{Breaching, Ignore, Missing, NotBreaching};

/// Expected outcome of one table cell.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Exp {
    Ok,
    Alarm,
    Insufficient,
    /// "Retain current state".
    Keep,
}

const TREATS: [TreatMissingData; 4] = [Missing, Ignore, Breaching, NotBreaching];

fn config(n: u32, m: u32, treat: TreatMissingData) -> AlarmConfig {
    AlarmConfig {
        name: "t".into(),
        evaluation_periods: n,
        datapoints_to_alarm: m,
        threshold: 1.0,
        comparison: ComparisonOperator::GreaterThanOrEqualToThreshold,
        treat_missing: treat,
        statistic: Statistic::Average,
        period_s: 60,
    }
}

/// `"0 X -"` → values (threshold 1, `>=`): `X` = 2.0, `0` = 0.0, `-` = missing.
fn parse(row: &str) -> Vec<Option<f64>> {
    row.split_whitespace()
        .map(|t| match t {
            "X" => Some(2.0),
            "0" => Some(0.0),
            "-" => None,
            other => panic!("bad token {other:?} in test row"),
        })
        .collect()
}

/// Feed `prefix` then `row` into a fresh N=3 alarm; return (state before the last
/// evaluation, state after it).
fn run(prefix: &str, row: &str, m: u32, treat: TreatMissingData) -> (AlarmState, AlarmState) {
    let mut alarm = Alarm::new(config(3, m, treat));
    let mut values = parse(prefix);
    values.extend(parse(row));
    let (last, rest) = values.split_last().expect("non-empty row");
    for v in rest {
        alarm.evaluate(*v);
    }
    let before = alarm.state();
    let after = alarm.evaluate(*last).state;
    (before, after)
}

/// Check one table row for all four TreatMissingData options, from a fresh alarm and from
/// alarms that were OK or in ALARM before the row arrived.
fn check_row(row: &str, m: u32, expected: [Exp; 4]) {
    for prefix in ["", "0 0 0 0 0", "X X X X X"] {
        for (treat, exp) in TREATS.iter().zip(expected) {
            let (before, after) = run(prefix, row, m, *treat);
            let want = match exp {
                Exp::Ok => AlarmState::Ok,
                Exp::Alarm => AlarmState::Alarm,
                Exp::Insufficient => AlarmState::InsufficientData,
                Exp::Keep => before,
            };
            assert_eq!(
                after, want,
                "row {row:?} (M={m}, N=3) treat={treat:?} prefix={prefix:?}: expected {exp:?}"
            );
        }
    }
}

use Exp::{Alarm as A, Insufficient as I, Keep as K, Ok as O};

#[test]
fn spec_7_3_rows_three_of_three() {
    // Columns: missing, ignore, breaching, notBreaching.
    check_row("0 - X - X", 3, [O, O, O, O]);
    check_row("- - - - -", 3, [I, K, A, O]);
    check_row("0 X X - X", 3, [A, A, A, A]);
    check_row("- - X - -", 3, [A, K, A, O]);
}

#[test]
fn spec_7_4_premature_alarm_guard() {
    // `- - - - X` and `- - - X -` do not alarm with `missing` (docs/aws-semantics.md §7.4).
    check_row("- - - - X", 3, [I, K, A, O]);
    check_row("- - - X -", 3, [I, K, A, O]);
    // The oldest breaching point is >= M periods old and everything newer is missing.
    check_row("X - - - -", 3, [A, K, A, O]);
    let (_, s) = run("", "- X - - -", 3, Missing);
    assert_eq!(s, AlarmState::Alarm);
    // A newer non-breaching point defeats the guard.
    check_row("- X - 0 -", 3, [O, O, O, O]);
}

#[test]
fn cloudwatch_guide_rows_with_one_real_point() {
    check_row("0 - - - -", 3, [O, O, O, O]);
    check_row("- - - - 0", 3, [O, O, O, O]);
}

#[test]
fn two_of_three_rows() {
    check_row("0 - X - X", 2, [A, A, A, A]);
    check_row("0 0 X 0 X", 2, [A, A, A, A]);
    check_row("0 - X - -", 2, [O, O, A, O]);
    check_row("- - - - 0", 2, [O, O, A, O]);
    check_row("- - - - X", 2, [I, K, A, O]);
    check_row("- - X - -", 2, [A, K, A, O]);
}

#[test]
fn m_of_n_breaches_need_not_be_consecutive() {
    // docs/aws-semantics.md §7.2: 2 of 3 with a non-breaching point between the breaches.
    let mut a = Alarm::new(config(3, 2, Missing));
    let states: Vec<_> = parse("0 0 X 0 X X 0 0")
        .into_iter()
        .map(|v| a.evaluate(v).state)
        .collect();
    use AlarmState::{Alarm as AL, Ok as OK};
    assert_eq!(states, vec![OK, OK, OK, OK, AL, AL, AL, OK]);
    // 3 of 5, scattered.
    let mut a = Alarm::new(config(5, 3, Missing));
    for v in parse("X 0 X 0") {
        a.evaluate(v);
    }
    assert_eq!(a.state(), AlarmState::Ok);
    assert_eq!(a.evaluate(Some(2.0)).state, AlarmState::Alarm);
}

#[test]
fn transitions_from_insufficient_data() {
    // docs/aws-semantics.md §7.1: a new alarm starts INSUFFICIENT_DATA.
    let mut a = Alarm::new(config(3, 3, Missing));
    assert_eq!(a.state(), AlarmState::InsufficientData);
    // No data keeps it there.
    let e = a.evaluate(None);
    assert_eq!((e.state, e.changed), (AlarmState::InsufficientData, false));
    // One non-breaching point is enough for OK.
    let e = a.evaluate(Some(0.0));
    assert_eq!(
        (e.state, e.previous, e.changed),
        (AlarmState::Ok, AlarmState::InsufficientData, true)
    );

    // Breaching points: INSUFFICIENT_DATA until three real ones (TT AlarmHigh, 3 of 3).
    let mut a = Alarm::new(config(3, 3, Missing));
    let s: Vec<_> = (0..3).map(|_| a.evaluate(Some(2.0))).collect();
    assert_eq!(s[0].state, AlarmState::InsufficientData);
    assert_eq!(s[1].state, AlarmState::InsufficientData);
    assert_eq!((s[2].state, s[2].changed), (AlarmState::Alarm, true));
    assert_eq!(s[2].basis, Basis::RealPoints);

    // notBreaching / breaching decide at once from no data at all.
    let mut a = Alarm::new(config(3, 3, NotBreaching));
    assert_eq!(a.evaluate(None).state, AlarmState::Ok);
    let mut a = Alarm::new(config(3, 3, Breaching));
    assert_eq!(a.evaluate(None).state, AlarmState::Alarm);
    // ignore keeps INSUFFICIENT_DATA while only breaching points are too few.
    let mut a = Alarm::new(config(3, 3, Ignore));
    assert_eq!(a.evaluate(Some(2.0)).state, AlarmState::InsufficientData);
    assert_eq!(a.evaluate(Some(0.0)).state, AlarmState::Ok);
}

#[test]
fn back_to_insufficient_data_when_metric_stops() {
    let mut a = Alarm::new(config(3, 3, Missing));
    for v in parse("0 0 0") {
        a.evaluate(v);
    }
    // `0 0 0 - -`, `0 0 - - -`, `0 - - - -` stay OK; `- - - - -` is INSUFFICIENT_DATA.
    let s: Vec<_> = (0..5).map(|_| a.evaluate(None).state).collect();
    assert_eq!(s[..4], [AlarmState::Ok; 4]);
    assert_eq!(s[4], AlarmState::InsufficientData);
}

#[test]
fn keep_means_the_state_before_the_evaluation() {
    let (before, after) = run("X X X X X", "- - X - -", 3, Ignore);
    assert_eq!((before, after), (AlarmState::Alarm, AlarmState::Alarm));
    let (before, after) = run("0 0 0 0 0", "- - X - -", 3, Ignore);
    assert_eq!((before, after), (AlarmState::Ok, AlarmState::Ok));
}

#[test]
fn scaling_action_runs_every_evaluation_in_alarm() {
    // docs/aws-semantics.md §0.3: re-invoked each minute while in ALARM, not only on the
    // transition.
    let mut a = Alarm::new(config(2, 2, Missing));
    let e: Vec<_> = (0..4).map(|_| a.evaluate(Some(5.0))).collect();
    assert!(!e[0].invokes_scaling_action());
    assert!(e[1].invokes_scaling_action() && e[1].changed);
    assert!(e[2].invokes_scaling_action() && !e[2].changed);
    assert!(e[3].invokes_scaling_action());
}

#[test]
fn recent_and_latest_values() {
    let mut a = Alarm::new(config(3, 3, Missing));
    for v in [Some(0.0), Some(5.0), Some(6.0), None, Some(7.0)] {
        a.evaluate(v);
    }
    assert_eq!(a.recent_values(), &[5.0, 6.0, 7.0]);
    assert_eq!(a.latest_value(), Some(7.0));
    let e = a.evaluate(None);
    // Range `5 6 - 7 -`: still three real points.
    assert_eq!(e.datapoints, vec![5.0, 6.0, 7.0]);
    assert_eq!(a.latest_value(), Some(7.0));
    // Fewer than N real points: all of them are used.
    let mut a = Alarm::new(config(3, 3, Missing));
    a.evaluate(Some(3.0));
    a.evaluate(None);
    a.evaluate(Some(4.0));
    assert_eq!(a.recent_values(), &[3.0, 4.0]);
}

#[test]
fn nan_is_missing_and_statistic_sets_reduce() {
    let mut a = Alarm::new(config(1, 1, Missing));
    assert_eq!(
        a.evaluate(Some(f64::NAN)).state,
        AlarmState::InsufficientData
    );
    let mut cfg = config(1, 1, Missing);
    cfg.statistic = Statistic::Maximum;
    let mut a = Alarm::new(cfg);
    let set = StatisticSet::from_values(&[0.0, 0.0, 3.0]).unwrap(); // average 1, max 3
    let e = a.evaluate_stats(Some(&set));
    assert_eq!(
        (e.state, e.datapoints.clone()),
        (AlarmState::Alarm, vec![3.0])
    );
    assert_eq!(a.evaluate_stats(None).state, AlarmState::Alarm); // `3 -` 1-of-1 guard
}

#[test]
fn evaluate_range_replaces_history() {
    let mut a = Alarm::new(config(3, 3, Missing));
    let e = a.evaluate_range(&parse("0 0 0 0 0 - - X - -"));
    assert_eq!(
        (e.state, e.basis),
        (AlarmState::Alarm, Basis::OldestBreaching)
    );
}

#[test]
fn updating_config_keeps_state() {
    let mut a = Alarm::new(config(2, 2, Missing));
    a.evaluate(Some(2.0));
    a.evaluate(Some(2.0));
    assert_eq!(a.state(), AlarmState::Alarm);
    let mut cfg = config(2, 2, Missing);
    cfg.threshold = 10.0;
    a.update_config(cfg);
    assert_eq!(a.state(), AlarmState::Alarm);
    assert_eq!(a.evaluate(Some(2.0)).state, AlarmState::Ok);
}

#[test]
fn config_validation_and_cadence() {
    let mut c = config(3, 4, Missing);
    c.threshold = f64::NAN;
    c.period_s = 0;
    let paths: Vec<_> = c.validate().into_iter().map(|i| i.path).collect();
    assert_eq!(paths, ["DatapointsToAlarm", "Threshold", "Period"]);
    assert!(config(3, 3, Missing).validate().is_empty());
    let mut c = config(3, 3, Missing);
    assert_eq!(c.evaluation_interval_s(), 60);
    c.period_s = 10;
    assert_eq!(c.evaluation_interval_s(), 10);
    // Invalid counts do not panic.
    let mut a = Alarm::new(config(0, 0, Missing));
    a.evaluate(None);
}

#[test]
fn state_serializes_as_aws_names() {
    let s = serde_json::to_string(&[
        AlarmState::Ok,
        AlarmState::Alarm,
        AlarmState::InsufficientData,
    ])
    .unwrap();
    assert_eq!(s, r#"["OK","ALARM","INSUFFICIENT_DATA"]"#);
}
