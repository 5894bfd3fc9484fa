//! Decision records and answers on hand-checkable runs.

use super::answer::{decision_answer, request_answer, request_of_interest, Context};
use super::log::ExplainLog;
use super::output;
use crate::policy::decision::{Decision, DecisionResult, ProposalWhy, Reason};
use crate::policy::{AlarmState, NotScaledReason};
use crate::scenario::{self, Scenario};
use crate::sim::observer::Collect;
use crate::sim::Simulation;
use crate::time::{SimDuration, SimTime};
use std::path::Path;

fn scenario(text: &str) -> Scenario {
    scenario::from_text(text, Path::new("t.toml"), Path::new("."), &[])
        .unwrap_or_else(|e| panic!("{e}"))
}

fn mins(m: u64) -> SimTime {
    SimTime(m * 60_000_000)
}

/// Every decision of a run of `sc`.
fn decisions(sc: &Scenario) -> Vec<Decision> {
    let mut log = ExplainLog::new(SimTime::ZERO, SimDuration(u64::MAX / 4));
    Simulation::new(&sc.sim, sc.seed(), sc.build_policy()).run(&mut log);
    log.decisions
}

fn at(ds: &[Decision], minute: u64) -> &Decision {
    ds.iter()
        .find(|d| d.time == mins(minute))
        .unwrap_or_else(|| panic!("no decision at minute {minute}"))
}

fn reason(d: &Decision) -> Reason {
    match d.result {
        DecisionResult::Unchanged { reason } => reason,
        DecisionResult::Scaled { .. } => panic!("scaled at {:?}", d.time),
    }
}

fn scaled_to(d: &Decision) -> (u32, u32) {
    match d.result {
        DecisionResult::Scaled { from, to, .. } => (from, to),
        DecisionResult::Unchanged { reason } => panic!("unchanged at {:?}: {reason:?}", d.time),
    }
}

const ONE_REQUEST_AT_30S: &str = r#"
horizon = "20m"
[[arrivals]]
kind = "burst"
at = "30s"
count = 1
[service]
kind = "deterministic"
value = "1h"
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "10m" }
[capacity]
initial = 0
min = 0
max = 3
[metrics]
metric_delay = "60s"
"#;

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

/// The user's story: after 300 s idle the endpoint goes to 0 (a step scale-in on 5 of 5
/// idle minutes, published at 6:00); 5 requests arrive at 10:30 and wait for an instance:
/// HasBacklogWithoutCapacity of minute 10 is published at 12:00 (1 of 1 → ALARM, +1); the
/// instance takes 9 min (InService at 21:00); the 30-s requests run one after another, the
/// first done at 21:30, 11 min after it arrived.
#[test]
fn the_users_story_explained_at_the_first_arrival() {
    let sc = scenario(
        r#"
horizon = "40m"
[[arrivals]]
kind = "burst"
at = "10m30s"
count = 5
[service]
kind = "deterministic"
value = "30s"
[endpoint]
max_concurrent_invocations_per_instance = 1
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "9m" }
[capacity]
initial = 1
min = 0
max = 1
[metrics]
metric_delay = "60s"
[policy]
kind = "application_auto_scaling"
[[policy.step_scaling]]
policy_name = "idle-to-zero"
adjustment_type = "ExactCapacity"
step_adjustments = [{ metric_interval_upper_bound = 0.0, scaling_adjustment = 0 }]
[policy.step_scaling.alarm]
alarm_name = "idle-5-minutes"
metric_name = "ApproximateBacklogSize"
statistic = "Maximum"
evaluation_periods = 5
threshold = 0.5
comparison_operator = "LessThanThreshold"
[[policy.step_scaling]]
policy_name = "from-zero"
adjustment_type = "ChangeInCapacity"
step_adjustments = [{ metric_interval_lower_bound = 0.0, scaling_adjustment = 1 }]
[policy.step_scaling.alarm]
alarm_name = "backlog-without-capacity"
metric_name = "HasBacklogWithoutCapacity"
statistic = "Maximum"
evaluation_periods = 1
threshold = 1.0
comparison_operator = "GreaterThanOrEqualToThreshold"
"#,
    );
    let mut collect = Collect::default();
    Simulation::new(&sc.sim, 1, sc.build_policy()).run(&mut collect);
    let mut finishes: Vec<f64> = collect
        .requests
        .iter()
        .map(|r| r.finish.as_secs_f64())
        .collect();
    finishes.sort_by(f64::total_cmp);
    assert_eq!(finishes, vec![1290.0, 1320.0, 1350.0, 1380.0, 1410.0]);

    let arrival = SimTime(630_000_000);
    let log = output::run(&sc, 1, arrival, SimDuration::from_secs_f64(600.0));
    let ds = &log.scalings;
    assert_eq!(
        ds.iter()
            .map(|d| (d.time, scaled_to(d)))
            .collect::<Vec<_>>(),
        vec![(mins(6), (1, 0)), (mins(12), (0, 1))],
        "to 0 after 5 idle minutes, back to 1 for the requests"
    );
    let r = request_of_interest(&log).expect("a request waits at 10:30");
    assert_eq!((r.id, r.arrival), (0, arrival));
    let ctx = Context {
        publish_delay_s: 60.0,
        concurrency: 1,
        refuses_without_capacity: false,
    };
    let text = request_answer(r, &log, &ctx).expect("it waited");
    for part in [
        "the request that arrived at 0:10:30 waited 10m30s and took 11m in all",
        "no instance was InService when it arrived (desired 0)",
        "backlog-without-capacity needs 1 of 1 datapoints >= 1 of HasBacklogWithoutCapacity (Maximum), each published 1m after its minute ends",
        "it was ALARM at 0:12:00, 1m30s after it arrived, and desired went 0 → 1",
        "the new instance took 9m to start (InService at 0:21:00)",
    ] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }
    // The last request started 2 min after the instance came up: it waited behind four.
    let last = log
        .requests
        .iter()
        .find(|r| r.id == 4)
        .expect("kept: waiting at 10:30");
    let text = request_answer(last, &log, &ctx).expect("it waited");
    assert!(
        text.contains("waited 12m30s and took 13m in all")
            && text.contains("then it started 2m later: earlier requests went first (1 at a time"),
        "{text}"
    );
}

#[test]
fn explaining_changes_nothing_in_the_run() {
    let sc = scenario(&format!(
        "{ONE_REQUEST_AT_30S}{}",
        r#"
[policy]
kind = "application_auto_scaling"
[[policy.target_tracking]]
policy_name = "tt"
target_value = 1.0
"#
    ));
    let run = |explain: bool| {
        let log = ExplainLog::new(mins(5), SimDuration::from_secs_f64(600.0));
        let mut tee = crate::report::tee::Tee(Collect::default(), log);
        let summary = if explain {
            Simulation::new(&sc.sim, 7, sc.build_policy()).run(&mut tee)
        } else {
            Simulation::new(&sc.sim, 7, sc.build_policy()).run(&mut tee.0)
        };
        assert_eq!(tee.1.decisions.is_empty(), !explain);
        let c = tee.0;
        (
            format!("{summary:?}"),
            c.requests,
            c.minutes,
            c.activities,
            c.alarms,
        )
    };
    assert_eq!(run(false), run(true));
}

/// Explaining 1:00 with a 1-minute window needs the run up to 2:00 (and until the
/// requests of the minute after 1:00 have left): a day of traffic stops after minutes.
#[test]
fn the_log_stops_the_run_once_it_has_what_it_needs() {
    let sc = scenario(
        "horizon = \"1d\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 1.0\n\
         [service]\nkind = \"deterministic\"\nvalue = \"100ms\"\n[capacity]\ninitial = 1\n\
         min = 1\nmax = 1\n",
    );
    let mut log = ExplainLog::new(mins(1), SimDuration::from_secs_f64(60.0));
    let summary = Simulation::new(&sc.sim, 1, sc.build_policy()).run(&mut log);
    assert_eq!(
        log.decisions.iter().map(|d| d.time).collect::<Vec<_>>(),
        vec![mins(1), mins(2)]
    );
    let arrived = summary.requests.arrived;
    assert!(
        (60..400).contains(&arrived),
        "stopped after a few minutes, not a day: {arrived} arrivals"
    );
    // Every request of the minute after 1:00 was kept, and had left.
    let expected = log
        .requests
        .iter()
        .filter(|r| r.arrival >= mins(1) && r.arrival < mins(2))
        .count();
    assert!(
        expected > 20,
        "about 60 requests in that minute, got {expected}"
    );
    // Without an explaining policy, decisions carry no explanation and nothing requested.
    assert!(log.decisions.iter().all(|d| d.explanation.is_none()
        && matches!(
            d.result,
            DecisionResult::Unchanged {
                reason: Reason::NothingRequested
            }
        )));
}

/// A policy that does not explain itself: the answer comes from the scaling activity. The
/// idle-timeout policy sees minute 0's backlog at 2:00 (60-s delay) and scales out; the
/// instance takes 5 min.
#[test]
fn a_wait_under_a_policy_without_explanations() {
    let sc = scenario(
        r#"
horizon = "20m"
[[arrivals]]
kind = "burst"
at = "30s"
count = 1
[service]
kind = "deterministic"
value = "10s"
[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "5m" }
[capacity]
initial = 0
min = 0
max = 1
[metrics]
metric_delay = "60s"
[policy]
kind = "idle_timeout"
idle_timeout = "10m"
"#,
    );
    let log = output::run(
        &sc,
        1,
        SimTime(30_000_000),
        SimDuration::from_secs_f64(60.0),
    );
    let r = request_of_interest(&log).expect("the request");
    let ctx = Context {
        publish_delay_s: 60.0,
        concurrency: 1,
        refuses_without_capacity: false,
    };
    let text = request_answer(r, &log, &ctx).expect("it waited");
    assert_eq!(
        text,
        "the request that arrived at 0:00:30 waited 6m30s and took 6m40s in all: no instance \
         was InService when it arrived (desired 0); desired went 0 → 1 at 0:02:00, 1m30s after \
         it arrived (idle-timeout: backlog > 0); the new instance took 5m to start (InService \
         at 0:07:00)"
    );
}
