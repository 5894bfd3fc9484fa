//! Application Auto Scaling in the engine: the user's story, the scale-from-zero recipe,
//! the Updating refusal, scheduled actions, alarm columns and the AWS CLI JSON round trip.

use crate::common::*;
use scalesim::policy::{AlarmState, NotScaledReason};
use scalesim::scenario;
use scalesim::sim::observer::{ActivityStatus, Collect};
use std::path::Path;

fn load(path: &str, overrides: &[&str]) -> scalesim::scenario::Scenario {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    scenario::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(path),
        &overrides,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn changes(c: &Collect) -> Vec<(f64, u32, u32)> {
    c.activities
        .iter()
        .filter(|a| a.status != ActivityStatus::NotScaled)
        .map(|a| (s(a.start), a.from, a.to))
        .collect()
}

/// Requests arrive at 0:30. ApproximateBacklogSizePerInstance at 0 instances is the backlog
/// (5; minute 0 averages 2.5 over its six 10-s samples). AlarmHigh needs 3 of 3 datapoints
/// above 1: minutes 0, 1, 2. Minute 2 ends at 3:00 and is published at 4:00 (60 s delay):
/// ALARM, and target tracking proposes ceil(5/1) = 5, clamped to max 1. The instance
/// launches at 4:00 and is InService 7 min later at 11:00 (1 m + 12 GB ÷ 50 MB/s + 2 m).
/// It serves the five 30-s requests one after another: 11:30, 12:00, 12:30, 13:00, 13:30.
/// The first took 11:30 − 0:30 = 11 minutes. The backlog per instance averages 0.5 in
/// minute 13 (three samples of 1, then three of 0): the first of 15 minutes below 0.9.
/// Minute 27 closes the 15 of 15 at 28:00, published at 29:00: scale in to 0.
#[test]
fn the_users_story_timeline() {
    let sc = load("scenarios/async-scale-to-zero-story.toml", &[]);
    let (sum, c) = run_collect(&sc);
    let finishes: Vec<f64> = by_id(&c).iter().map(|r| s(r.finish)).collect();
    assert_eq!(finishes, vec![690.0, 720.0, 750.0, 780.0, 810.0]);
    assert_eq!(
        by_id(&c)[0]
            .finish
            .since(by_id(&c)[0].arrival)
            .as_secs_f64(),
        660.0
    );
    assert_eq!(changes(&c), vec![(240.0, 0, 1), (1740.0, 1, 0)]);
    let out = &c.activities[0];
    assert_eq!(
        out.end.map(s),
        Some(660.0),
        "InService 10.5 min after the requests"
    );
    assert!(out.cause.contains("AlarmHigh"), "{}", out.cause);
    let scale_in = c
        .activities
        .iter()
        .find(|a| a.to == 0 && a.from == 1)
        .unwrap();
    assert!(scale_in.cause.contains("AlarmLow"), "{}", scale_in.cause);
    assert!((sum.instance_hours * 3600.0 - (1740.0 - 240.0)).abs() < 1e-6);
    assert_eq!(sum.cold_start_waits, 5);
}

#[test]
fn alarm_states_are_reported_every_minute() {
    let sc = load("scenarios/async-scale-to-zero-story.toml", &[]);
    let names = scalesim::sim::Simulation::new(&sc.sim, 1, sc.build_policy()).alarm_names();
    assert_eq!(names.len(), 2);
    assert!(names[0]
        .starts_with("TargetTracking-endpoint/my-async-endpoint/variant/AllTraffic-AlarmHigh-"));
    let (_, c) = run_collect(&sc);
    assert_eq!(c.alarms.len(), c.minutes.len());
    let high: Vec<AlarmState> = c.alarms.iter().map(|a| a[0]).collect();
    // At 3:00 only minutes 0 and 1 are published: too few to alarm (docs/aws-semantics.md §7.4).
    assert_eq!(high[2], AlarmState::InsufficientData);
    assert_eq!(high[3], AlarmState::Alarm, "evaluated at 4:00");
    // Row m holds the states after the evaluation at the end of minute m.
    let low: Vec<AlarmState> = c.alarms.iter().map(|a| a[1]).collect();
    assert_eq!(low[28], AlarmState::Alarm, "evaluated at 29:00");
    assert_eq!(low[27], AlarmState::Ok);
}

const SPARSE: &str = "scenarios/scale-from-zero-recipe.toml";

/// One request at 0:30. HasBacklogWithoutCapacity averages 0.5 in minute 0 and 1 in minutes
/// 1 and 2; 2 of 2 ≥ 1 first holds with minute 2, published at 4:00: the step policy adds
/// one instance then. Target tracking alone (target 5) never sees more than 5 waiting.
#[test]
fn the_scale_from_zero_step_policy_is_what_leaves_zero() {
    let one_request = [
        "horizon=\"1h\"",
        "arrivals=[{ kind = \"burst\", at = \"30s\", count = 1 }]",
    ];
    let (_, with) = run_collect(&load(SPARSE, &one_request));
    let first = changes(&with)[0];
    assert_eq!(first, (240.0, 0, 1));
    assert!(with.activities[0].cause.contains("scale-from-zero"));
    let mut tt_only = one_request.to_vec();
    tt_only.push("policy.step_scaling=[]");
    let (sum, without) = run_collect(&load(SPARSE, &tt_only));
    assert!(
        changes(&without).is_empty(),
        "target tracking alone stays at 0"
    );
    assert_eq!(sum.requests.in_system_at_end, 1);
}

#[test]
fn the_recipe_cuts_tail_latency_on_sparse_traffic() {
    let (with, _) = run_collect(&load(SPARSE, &[]));
    let (without, _) = run_collect(&load(SPARSE, &["policy.step_scaling=[]"]));
    assert_eq!(
        with.requests.arrived, without.requests.arrived,
        "same requests"
    );
    assert!(
        with.latency_s.p99.unwrap() * 5.0 < without.latency_s.p99.unwrap_or(f64::INFINITY)
            || without.requests.expired > 0,
        "recipe p99 {:?} vs target tracking only p99 {:?} (expired {})",
        with.latency_s.p99,
        without.latency_s.p99,
        without.requests.expired
    );
}

/// 2 requests at 0:30: minute 0 averages exactly 1 per instance (three samples of 2, three
/// of 0), which is not > 1, so AlarmHigh's 3 of 3 is minutes 1–3, published at 5:00: scale
/// to 2, InService at 12:00. 6 more requests at 5:00: minute 5's datapoint (8) reaches the
/// policy at 7:00 and proposes 5, but the endpoint is still Updating: refused with
/// TargetServicePutResourceAsUnscalable (logged once), retried each minute. The update
/// completes at 12:00; at 13:00 a larger scale-out (2 → 5) goes ahead despite the scale-out
/// cooldown, and while that update runs another proposal is refused (a new episode).
#[test]
fn an_updating_endpoint_refuses_changes_until_the_last_completes() {
    let sc = load(
        "scenarios/async-scale-to-zero-story.toml",
        &[
            "capacity.max=5",
            "arrivals=[{ kind = \"burst\", at = \"30s\", count = 2 }, { kind = \"burst\", at = \"5m\", count = 6 }]",
        ],
    );
    let (_, c) = run_collect(&sc);
    let refused: Vec<f64> = c
        .activities
        .iter()
        .filter(|a| {
            a.not_scaled_reason == Some(NotScaledReason::TargetServicePutResourceAsUnscalable)
        })
        .map(|a| s(a.start))
        .collect();
    assert_eq!(refused[0], 420.0, "first refused at 7:00");
    assert!(
        refused
            .iter()
            .all(|&t| (420.0..720.0).contains(&t) || (780.0..1200.0).contains(&t)),
        "{refused:?}"
    );
    assert_eq!(changes(&c)[..2], [(300.0, 0, 2), (780.0, 2, 5)]);
    assert_eq!(
        c.activities
            .iter()
            .find(|a| a.to == 5)
            .and_then(|a| a.end)
            .map(s),
        Some(1200.0)
    );
    // Never a scale-in from AlarmHigh while instances are pending.
    assert!(changes(&c)
        .iter()
        .all(|&(t, from, to)| to > from || t >= 1200.0));
}

#[test]
fn scheduled_actions_set_bounds_on_cron_and_can_be_suspended() {
    let text = r#"
horizon = "1d"
start_time = "2024-01-01T00:00:00Z"
[[arrivals]]
kind = "burst"
at = "23h"
count = 1
[service]
kind = "deterministic"
value = "1s"
[endpoint]
instance_type = "ml.m5.xlarge"
[capacity]
min = 0
max = 3
[policy]
kind = "application_auto_scaling"
[[policy.scheduled_actions]]
scheduled_action_name = "weekday-morning"
schedule = "cron(0 8 ? * MON-FRI *)"
min_capacity = 2
[[policy.scheduled_actions]]
scheduled_action_name = "evening"
schedule = "cron(30 18 * * ? *)"
min_capacity = 0
max_capacity = 1
"#;
    let (_, c) = run_collect(&scenario(text));
    let ch: Vec<(f64, u32, u32, String)> = c
        .activities
        .iter()
        .map(|a| (s(a.start), a.from, a.to, a.cause.clone()))
        .collect();
    assert_eq!(ch[0].0..=ch[0].0, 28_800.0..=28_800.0, "{ch:?}");
    assert_eq!((ch[0].1, ch[0].2), (0, 2));
    assert!(ch[0].3.contains("weekday-morning"));
    assert_eq!(
        (ch[1].0, ch[1].1, ch[1].2),
        (66_600.0, 2, 1),
        "max 1 clamps desired"
    );
    let suspended = scenario_with(
        text,
        &["policy.suspended_state.scheduled_scaling_suspended=true"],
    );
    let (_, c) = run_collect(&suspended);
    assert!(c.activities.is_empty());
}

#[test]
fn a_cron_that_never_fires_is_an_error() {
    let sc = scenario::from_text(
        "horizon = \"1d\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 1.0\n[service]\nkind = \"exponential\"\nmean = \"1s\"\n[policy]\nkind = \"application_auto_scaling\"\n[[policy.scheduled_actions]]\nscheduled_action_name = \"feb30\"\nschedule = \"cron(0 0 30 2 ? *)\"\nmin_capacity = 1\n",
        Path::new("x.toml"),
        Path::new("."),
        &[],
    );
    let e = sc.unwrap_err().to_string();
    assert!(
        e.contains("policy.scheduled_actions[0].schedule") && e.contains("never fires"),
        "{e}"
    );
}

#[test]
fn export_then_import_reproduces_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let aws = tmp.path().join("aws");
    run_ok(&["export-aws", SPARSE, "--out", arg(&aws)]);
    let mut names: Vec<String> = std::fs::read_dir(&aws)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let find = |part: &str| -> Vec<String> {
        names
            .iter()
            .filter(|n| n.contains(part))
            .map(|n| format!("aws/{n}"))
            .collect()
    };
    assert_eq!(find("register-scalable-target").len(), 1);
    assert_eq!(find("put-scaling-policy").len(), 2);
    assert_eq!(find("put-metric-alarm").len(), 1);
    // The original scenario with its policy replaced by the exported JSON files.
    let original = std::fs::read_to_string(root().join(SPARSE)).unwrap();
    let head = &original[..original.find("[capacity]").unwrap()];
    let quote = |v: Vec<String>| {
        format!(
            "[{}]",
            v.iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let text = format!(
        "{head}[policy]\nkind = \"aws_cli_json\"\nregister_scalable_target = {:?}\nput_scaling_policy = {}\nput_metric_alarm = {}\n",
        find("register-scalable-target")[0],
        quote(find("put-scaling-policy")),
        quote(find("put-metric-alarm")),
    );
    let imported = scenario::from_text(&text, &tmp.path().join("imported.toml"), tmp.path(), &[])
        .unwrap_or_else(|e| panic!("{e}"));
    let a = load(SPARSE, &[]);
    assert_eq!(
        (imported.sim.capacity.min, imported.sim.capacity.max),
        (0, 5)
    );
    let (sa, ca) = run_collect(&a);
    let (sb, cb) = run_collect(&imported);
    assert_eq!(sa.latency_s, sb.latency_s);
    assert_eq!(sa.instance_hours, sb.instance_hours);
    assert_eq!(changes(&ca), changes(&cb));
}

/// The [I] settings change the timeline the way they say.
#[test]
fn inferred_rules_are_settings() {
    let story = "scenarios/async-scale-to-zero-story.toml";
    // AlarmHigh 1 of 1: minute 0 (average 2.5 > 1) is published at 2:00.
    let (_, c) = run_collect(&load(story, &["policy.tt_high_evaluation_periods=1"]));
    assert_eq!(changes(&c)[0], (120.0, 0, 1));
    // A longer evaluation range does not change a 3-of-3 alarm on full data.
    let (_, c) = run_collect(&load(story, &["policy.alarm_evaluation_range_extra=5"]));
    assert_eq!(changes(&c)[0], (240.0, 0, 1));
    // AlarmLow 5 of 5: minutes 13..17, published at 19:00.
    let (_, c) = run_collect(&load(story, &["policy.tt_low_evaluation_periods=5"]));
    assert_eq!(changes(&c)[1], (1140.0, 1, 0));
    // The request clock starts the cooldown at 4:00, not at 11:00; nothing else to scale
    // here, so the timeline is the same.
    let (_, c) = run_collect(&load(story, &["policy.cooldown_clock=\"request\""]));
    assert_eq!(changes(&c), vec![(240.0, 0, 1), (1740.0, 1, 0)]);
    // With pending instances in the denominator: max 2, so two instances are pending from
    // 4:00 to 11:00 and minute 5 averages 5 / 2 = 2.5 instead of the whole backlog, 5.
    let (_, c) = run_collect(&load(
        story,
        &[
            "capacity.max=2",
            "metrics.per_instance_denominator=\"in_service_and_pending\"",
        ],
    ));
    assert_eq!(c.minutes[5].metrics[1].unwrap().average(), 2.5);
    let (_, c) = run_collect(&load(story, &["capacity.max=2"]));
    assert_eq!(
        c.minutes[5].metrics[1].unwrap().average(),
        5.0,
        "0 InService: the backlog"
    );
    // Without the Updating refusal, the second scale-out is not refused.
    let two_bursts = "arrivals=[{ kind = \"burst\", at = \"30s\", count = 2 }, { kind = \"burst\", at = \"5m\", count = 6 }]";
    let (_, c) = run_collect(&load(
        story,
        &[
            "capacity.max=5",
            two_bursts,
            "policy.refuse_while_updating=false",
        ],
    ));
    assert!(c.activities.iter().all(
        |a| a.not_scaled_reason != Some(NotScaledReason::TargetServicePutResourceAsUnscalable)
    ));
    assert_eq!(
        changes(&c)[1],
        (420.0, 2, 5),
        "goes ahead while the first is pending"
    );
}

#[test]
fn disable_scale_in_keeps_the_instance_and_drops_alarm_low() {
    let sc = load(
        "scenarios/async-scale-to-zero-story.toml",
        &["policy.target_tracking[0].disable_scale_in=true"],
    );
    let names = scalesim::sim::Simulation::new(&sc.sim, 1, sc.build_policy()).alarm_names();
    assert_eq!(names.len(), 1, "no AlarmLow: {names:?}");
    let (sum, c) = run_collect(&sc);
    assert_eq!(changes(&c), vec![(240.0, 0, 1)]);
    assert_eq!(sum.scale_in_events, 0);
}
