//! Unit tests of the Horizontal Pod Autoscaler: the replica calculator, stabilization, the
//! behaviour rate limits and the validation of its settings.

use super::replicas::plain_metric_replicas;
use super::*;
use crate::error::Issues;
use crate::policy::CapacityView;
use crate::time::{Duration, SimTime};

/// A sync input at `t_s` seconds: `desired` replicas, `ready` of them ready, `pending`
/// starting, `load` = mean in flight + queued over the interval (all counted in flight).
fn input(t_s: u64, desired: u32, ready: u32, pending: u32, load: f64) -> LiveInput {
    LiveInput {
        now: SimTime::from_secs(t_s),
        interval: SimDuration::from_secs(15),
        capacity: CapacityView {
            desired,
            min: 0,
            max: 100,
            pending,
            in_service: ready,
            ..Default::default()
        },
        queued: 0,
        in_flight: load as u32,
        mean_in_flight: load,
        mean_queued: 0.0,
        arrivals: 0,
        slots_per_instance: 1,
    }
}

fn tick(p: &mut HpaPolicy, i: LiveInput) -> Option<u32> {
    let mut out = Vec::new();
    p.on_tick(&i, &mut out);
    assert!(out.len() <= 1);
    out.into_iter().next().map(|a| match a {
        ScalingAction::SetDesired { desired, cause } => {
            assert!(cause.starts_with("hpa: "), "{cause}");
            desired
        }
        other => panic!("unexpected {other:?}"),
    })
}

fn spec(toml_text: &str) -> HpaSpec {
    let s: HpaSpec = toml::from_str(toml_text).unwrap();
    let issues = Issues::collected_at("policy", |at| s.validate(at));
    assert!(issues.is_empty(), "{issues:?}");
    s
}

#[test]
fn formula_is_ceil_of_current_times_metric_over_target() {
    let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
    // 3 ready pods at 2.0 each (6 in total), target 1 → ceil(3·2/1) = 6.
    assert_eq!(tick(&mut p, input(15, 3, 3, 0, 6.0)), Some(6));
    // Target 4 (utilization-free plain metric): 8 pods at 1.0 → ceil(8·1/4) = 2 after
    // the 300 s window has gone (no stabilization window here).
    let s = spec("target = 4.0\n[scale_down]\nstabilization_window = \"0s\"");
    let mut p = HpaPolicy::new(&s, 1);
    assert_eq!(tick(&mut p, input(15, 8, 8, 0, 8.0)), Some(2));
}

#[test]
fn tolerance_keeps_small_deviations() {
    let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
    // 10 pods, ratio 1.05: within 0.1 → no change.
    assert_eq!(tick(&mut p, input(15, 10, 10, 0, 10.5)), None);
    // Ratio 1.15 → ceil(11.5) = 12.
    assert_eq!(tick(&mut p, input(30, 10, 10, 0, 11.5)), Some(12));
}

#[test]
fn default_scale_up_limit_from_one_pod_is_five_per_15s() {
    let s = spec("sync_period = \"5s\"");
    let mut p = HpaPolicy::new(&s, 1);
    // 1 pod at 20 → proposal 20; limit max(ceil(1·2), 1+4) = 5.
    assert_eq!(tick(&mut p, input(5, 1, 1, 0, 20.0)), Some(5));
    // 5 s later the +4 is still inside both 15 s periods: start = 5 − 4 = 1 → limit 5.
    assert_eq!(tick(&mut p, input(10, 5, 5, 0, 20.0)), None);
    assert_eq!(tick(&mut p, input(15, 5, 5, 0, 20.0)), None);
    // At 20 s the event (at 5 s) is not after 20 − 15: start 5 → max(10, 9) = 10.
    assert_eq!(tick(&mut p, input(20, 5, 5, 0, 20.0)), Some(10));
}

#[test]
fn scale_down_stabilization_holds_the_max_for_300s() {
    let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
    // First sync at 15 s: 4 pods exactly at target → recommendation 4.
    assert_eq!(tick(&mut p, input(15, 4, 4, 0, 4.0)), None);
    // Then idle: proposal 0, but the max over the last 300 s is 4.
    for t in (30..=300).step_by(15) {
        assert_eq!(tick(&mut p, input(t, 4, 4, 0, 0.0)), None, "t = {t}");
    }
    // At 315 s the 15 s recommendations are not after 315 − 300: down to minReplicas 1
    // (percent 100 allows trunc(4·0) = 0, clamped to 1).
    assert_eq!(tick(&mut p, input(315, 4, 4, 0, 0.0)), Some(1));
}

#[test]
fn scale_down_percent_limits() {
    let no_window = "[scale_down]\nstabilization_window = \"0s\"\n";
    // Default 100 % per 15 s: 8 pods at 0.25 → ceil(2) = 2 in one step.
    let mut p = HpaPolicy::new(&spec(no_window), 1);
    assert_eq!(tick(&mut p, input(15, 8, 8, 0, 2.0)), Some(2));
    // 50 % per 15 s: at most trunc(8·0.5) = 4.
    let s = format!("{no_window}policies = [{{ type = \"percent\", value = 50 }}]");
    let mut p = HpaPolicy::new(&spec(&s), 1);
    assert_eq!(tick(&mut p, input(15, 8, 8, 0, 2.0)), Some(4));
    // 15 s later the previous −4 is outside the period (not after 30 − 15): 4 → 2.
    assert_eq!(tick(&mut p, input(30, 4, 4, 0, 1.0)), Some(2));
    // Pods policy: 2 per 60 s from 8 → 6, and then nothing for the rest of the minute.
    let s = format!("{no_window}policies = [{{ type = \"pods\", value = 2, period = \"60s\" }}]");
    let mut p = HpaPolicy::new(&spec(&s), 1);
    assert_eq!(tick(&mut p, input(15, 8, 8, 0, 2.0)), Some(6));
    assert_eq!(tick(&mut p, input(30, 6, 6, 0, 1.5)), None);
    assert_eq!(tick(&mut p, input(75, 6, 6, 0, 1.5)), Some(4));
}

#[test]
fn select_policy_min_and_disabled() {
    // Min: from 1 pod, min(ceil(1·2), 1+4) = 2.
    let mut p = HpaPolicy::new(&spec("[scale_up]\nselect_policy = \"min\""), 1);
    assert_eq!(tick(&mut p, input(15, 1, 1, 0, 20.0)), Some(2));
    // Disabled: no scale up at all.
    let mut p = HpaPolicy::new(&spec("[scale_up]\nselect_policy = \"disabled\""), 1);
    assert_eq!(tick(&mut p, input(15, 1, 1, 0, 20.0)), None);
    // Scale down disabled; scale down with min selects the smaller change:
    // policies 50 % (→ 4) and 1 pod (→ 7) → 7.
    let s = "[scale_down]\nstabilization_window = \"0s\"\nselect_policy = \"disabled\"";
    let mut p = HpaPolicy::new(&spec(s), 1);
    assert_eq!(tick(&mut p, input(15, 8, 8, 0, 0.0)), None);
    let s = "[scale_down]\nstabilization_window = \"0s\"\nselect_policy = \"min\"\n\
             policies = [{ type = \"percent\", value = 50 }, { type = \"pods\", value = 1 }]";
    let mut p = HpaPolicy::new(&spec(s), 1);
    assert_eq!(tick(&mut p, input(15, 8, 8, 0, 0.0)), Some(7));
}

#[test]
fn unready_pods_damp_scale_up() {
    let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
    // 2 ready + 2 starting, 4.2 in total: ratio 2.1 on ready pods (→ 5 ignoring the
    // starting ones), but 4.2/4 = 1.05 counting them at 0: within tolerance → keep 4.
    assert_eq!(tick(&mut p, input(15, 4, 2, 2, 4.2)), None);
    // 2.6 in total: ratio 1.3 would give ceil(2.6) = 3 (a scale *down* from 4);
    // counting starting pods at 0 gives 0.65: direction reversed → keep 4.
    assert_eq!(tick(&mut p, input(30, 4, 2, 2, 2.6)), None);
    // 2 ready + 1 starting, 5 in total: 5/3 = 1.67 → ceil(1.67·3) = 5.
    assert_eq!(tick(&mut p, input(45, 3, 2, 1, 5.0)), Some(5));
}

#[test]
fn disabled_at_zero_replicas_and_needs_ready_pods() {
    let mut p = HpaPolicy::new(&HpaSpec::default(), 1);
    assert_eq!(tick(&mut p, input(15, 0, 0, 0, 50.0)), None);
    // 2 replicas, none ready: no pod metric.
    assert_eq!(tick(&mut p, input(30, 2, 0, 2, 50.0)), None);
    // Not a sync instant (sync every 15 s): nothing.
    assert_eq!(tick(&mut p, input(40, 1, 1, 0, 50.0)), None);
}

#[test]
fn min_replicas_is_at_least_one_and_raises_current() {
    let mut p = HpaPolicy::new(&HpaSpec::default(), 3);
    assert_eq!(tick(&mut p, input(15, 2, 2, 0, 0.0)), Some(3));
    let mut p = HpaPolicy::new(&spec("[scale_down]\nstabilization_window = \"0s\""), 0);
    assert_eq!(tick(&mut p, input(15, 3, 3, 0, 0.0)), Some(1));
}

#[test]
fn utilization_and_backlog_metrics() {
    // 4 pods with 2 slots each, 6 busy on average: 75 % against 50 % → ceil(4·1.5) = 6.
    let s = spec("metric = \"utilization\"\ntarget = 50.0");
    let mut p = HpaPolicy::new(&s, 1);
    let mut i = input(15, 4, 4, 0, 6.0);
    i.slots_per_instance = 2;
    assert_eq!(tick(&mut p, i), Some(6));
    // Default utilization target 70: 100 % busy on 2 pods → ceil(2·100/70) = 3.
    let s = spec("metric = \"utilization\"");
    assert_eq!(s.target_value(), 70.0);
    let mut p = HpaPolicy::new(&s, 1);
    assert_eq!(tick(&mut p, input(15, 2, 2, 0, 9.0)), Some(3));
    // Backlog: 9 in total on 2 pods, target 2 per pod: ratio 2.25 → ceil(9/2) = 5.
    let s = spec("metric = \"backlog\"\ntarget = 2.0");
    let mut p = HpaPolicy::new(&s, 1);
    assert_eq!(tick(&mut p, input(15, 2, 2, 0, 9.0)), Some(5));
    // Backlog does not need ready pods: 1 pod starting, 3 waiting → 3.
    let mut p = HpaPolicy::new(&spec("metric = \"backlog\""), 1);
    assert_eq!(tick(&mut p, input(15, 1, 0, 1, 3.0)), Some(3));
}

#[test]
fn calculators_match_upstream_edge_cases() {
    assert_eq!(external_per_pod_replicas(0, 0.0, 1.0, 0.1), 0);
    assert_eq!(external_per_pod_replicas(0, 2.5, 1.0, 0.1), 3);
    assert_eq!(external_per_pod_replicas(4, 4.2, 1.0, 0.1), 4);
    assert_eq!(plain_metric_replicas(5, 5, 0, 0.0, 1.0, 0.1), 0);
    assert_eq!(plain_metric_replicas(5, 5, 0, 5.4, 1.0, 0.1), 5);
    assert_eq!(plain_metric_replicas(5, 5, 0, 5.6, 1.0, 0.1), 6);
}

#[test]
fn defaults_and_round_trip() {
    let s: HpaSpec = toml::from_str("").unwrap();
    assert_eq!(s, HpaSpec::default());
    assert_eq!(s.sync_period, Duration::from_secs(15.0));
    assert_eq!(
        s.scale_down.stabilization_window,
        Duration::from_secs(300.0)
    );
    assert_eq!(s.scale_up.policies.len(), 2);
    let text = toml::to_string(&s).unwrap();
    let back: HpaSpec = toml::from_str(&text).unwrap();
    assert_eq!(back, s);
    assert!(toml::from_str::<HpaSpec>("targett = 1.0").is_err());
    assert!(toml::from_str::<HpaSpec>("sync_period = 15").is_err());
}

#[test]
fn validate_names_fields() {
    let s: HpaSpec = toml::from_str(
        "target = 0.0\ntolerance = -0.5\nsync_period = \"0s\"\n\
         [scale_up]\nstabilization_window = \"2h\"\npolicies = []\n\
         [scale_down]\npolicies = [{ type = \"pods\", value = 0, period = \"1h\" }]",
    )
    .unwrap();
    let issues = Issues::collected_at("policy", |at| s.validate(at));
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "policy.target",
            "policy.tolerance",
            "policy.sync_period",
            "policy.scale_up.stabilization_window",
            "policy.scale_up.policies",
            "policy.scale_down.policies[0].value",
            "policy.scale_down.policies[0].period",
        ]
    );
    assert!(issues[0].message.contains("more than 0"), "{}", issues[0]);
    assert!(issues[3].message.contains("0s to 1h"), "{}", issues[3]);
    let nan = HpaSpec {
        tolerance: f64::NAN,
        target: Some(f64::INFINITY),
        ..Default::default()
    };
    assert_eq!(Issues::collected_at("", |at| nan.validate(at)).len(), 2);
}
