//! The answers: the user's story explained at its first arrival, explaining changes nothing
//! in the run, the log stops the run once it has what it needs, and a wait under a policy
//! that gives no explanations.

use super::*;

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
