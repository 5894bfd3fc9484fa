//! Unit tests of KEDA's ScaledObject: the tick period, activation and cooldown at the
//! 0 ↔ 1 step, the request-rate metric, the validation of its settings.

use super::*;
use crate::error::Issues;
use crate::policy::CapacityView;

/// A fleet whose pods are ready as soon as they are desired.
struct Fleet {
    desired: u32,
    min: u32,
    max: u32,
}

impl Fleet {
    /// One tick at `t_s` with `queued` waiting and `in_flight` busy; applies the
    /// action and returns it.
    fn tick(
        &mut self,
        p: &mut KedaPolicy,
        t_s: u64,
        queued: u32,
        in_flight: u32,
    ) -> Option<(u32, String)> {
        let period = p.tick_period().unwrap();
        let input = LiveInput {
            now: SimTime::from_secs(t_s),
            interval: period,
            capacity: CapacityView {
                desired: self.desired,
                min: self.min,
                max: self.max,
                in_service: self.desired,
                ..Default::default()
            },
            queued,
            in_flight,
            mean_in_flight: f64::from(in_flight),
            mean_queued: f64::from(queued),
            arrivals: 0,
            slots_per_instance: 1,
        };
        let mut out = Vec::new();
        p.on_tick(&input, &mut out);
        assert!(out.len() <= 1, "{out:?}");
        out.into_iter().next().map(|a| match a {
            ScalingAction::SetDesired { desired, cause } => {
                self.desired = desired.clamp(self.min, self.max);
                (desired, cause)
            }
            other => panic!("unexpected {other:?}"),
        })
    }
}

fn spec(text: &str) -> KedaSpec {
    let s: KedaSpec = toml::from_str(text).unwrap();
    let issues = Issues::collected_at("policy", |at| s.validate(at));
    assert!(issues.is_empty(), "{issues:?}");
    s
}

#[test]
fn tick_period_is_gcd_of_poll_and_sync() {
    let p = KedaPolicy::new(&KedaSpec::default());
    assert_eq!(p.tick_period(), Some(SimDuration::from_secs(15)));
    let p = KedaPolicy::new(&spec("polling_interval = \"20s\""));
    assert_eq!(p.tick_period(), Some(SimDuration::from_secs(5)));
}

#[test]
fn activation_only_above_threshold() {
    let mut p = KedaPolicy::new(&spec("activation_threshold = 2.0"));
    let mut f = Fleet {
        desired: 0,
        min: 0,
        max: 10,
    };
    // Polls at 30 s, 60 s; the 15 s and 45 s ticks are HPA syncs (disabled at 0).
    assert_eq!(f.tick(&mut p, 15, 9, 0), None);
    assert_eq!(f.tick(&mut p, 30, 2, 0), None, "2 is not above 2");
    assert_eq!(f.tick(&mut p, 45, 9, 0), None, "not a poll; HPA off at 0");
    let (d, cause) = f.tick(&mut p, 60, 3, 0).unwrap();
    assert_eq!(d, 1);
    assert!(cause.starts_with("keda: activation"), "{cause}");
    // With minReplicaCount 2, activation goes to 2.
    let mut p = KedaPolicy::new(&KedaSpec::default());
    let mut f = Fleet {
        desired: 0,
        min: 2,
        max: 10,
    };
    assert_eq!(f.tick(&mut p, 30, 1, 0).map(|a| a.0), Some(2));
}

#[test]
fn cooldown_only_for_the_step_to_zero() {
    let s = spec("[hpa.scale_down]\nstabilization_window = \"0s\"");
    let mut p = KedaPolicy::new(&s);
    let mut f = Fleet {
        desired: 4,
        min: 0,
        max: 10,
    };
    // 2 in flight on 4 pods (target 1): the HPA scales 4 → 2 at its first sync, while
    // the trigger stays active.
    let (d, cause) = f.tick(&mut p, 15, 0, 2).unwrap();
    assert_eq!(d, 2);
    assert!(cause.starts_with("hpa: keda backlog 2"), "{cause}");
    assert_eq!(f.tick(&mut p, 30, 0, 2), None, "active poll, HPA at target");
    // Idle from 31 s: the last active poll was at 30 s. The HPA still scales 2 → 1
    // (minReplicas 1) but KEDA waits for 30 + 300 < now.
    let mut steps = Vec::new();
    for t in (45..=400).step_by(15) {
        if let Some((d, _)) = f.tick(&mut p, t, 0, 0) {
            steps.push((t, d));
        }
    }
    assert_eq!(steps, [(45, 1), (360, 0)]);
}

#[test]
fn min_replica_count_one_never_goes_to_zero() {
    let mut p = KedaPolicy::new(&KedaSpec::default());
    let mut f = Fleet {
        desired: 1,
        min: 1,
        max: 10,
    };
    for t in (15..=3600).step_by(15) {
        assert_eq!(f.tick(&mut p, t, 0, 0), None, "t = {t}");
    }
    // And with minReplicaCount 0 the same idle fleet goes to 0 after 300 s (strictly
    // after 0 + 300 s: the poll at 330 s).
    let mut p = KedaPolicy::new(&KedaSpec::default());
    let mut f = Fleet {
        desired: 1,
        min: 0,
        max: 10,
    };
    let mut steps = Vec::new();
    for t in (15..=600).step_by(15) {
        if let Some((d, _)) = f.tick(&mut p, t, 0, 0) {
            steps.push((t, d));
        }
    }
    assert_eq!(steps, [(330, 0)]);
}

#[test]
fn request_rate_over_the_window() {
    let mut p = KedaPolicy::new(&spec("metric = \"request_rate\"\ntarget = 0.5"));
    let at = |t: u64, arrivals: u64| LiveInput {
        now: SimTime::from_secs(t),
        interval: SimDuration::from_secs(15),
        capacity: CapacityView {
            desired: 0,
            max: 10,
            ..Default::default()
        },
        queued: 0,
        in_flight: 0,
        mean_in_flight: 0.0,
        mean_queued: 0.0,
        arrivals,
        slots_per_instance: 1,
    };
    let mut out = Vec::new();
    p.on_tick(&at(15, 30), &mut out);
    assert!(out.is_empty(), "15 s is not a poll");
    p.on_tick(&at(30, 0), &mut out);
    // 30 arrivals over the 30 s seen so far: 1 per second > 0 → activation.
    assert!(matches!(
        out[..],
        [ScalingAction::SetDesired { desired: 1, .. }]
    ));
    assert!((p.metric_value(&at(30, 0)) - 1.0).abs() < 1e-12);
    // Four more ticks: the 15 s sample leaves the 60 s window at 75 s.
    for t in [45, 60, 75] {
        p.record(&at(t, 0));
    }
    assert_eq!(p.metric_value(&at(75, 0)), 0.0);
}

#[test]
fn validate_names_fields() {
    let s: KedaSpec = toml::from_str(
        "polling_interval = \"0s\"\nactivation_threshold = -1.0\ntarget = 0.0\n\
         [hpa]\ntolerance = -1.0\n[hpa.scale_up]\npolicies = [{ type = \"pods\", value = 0 }]",
    )
    .unwrap();
    let paths: Vec<String> = Issues::collected_at("policy", |at| s.validate(at))
        .into_iter()
        .map(|i| i.path)
        .collect();
    assert_eq!(
        paths,
        [
            "policy.polling_interval",
            "policy.activation_threshold",
            "policy.target",
            "policy.hpa.tolerance",
            "policy.hpa.scale_up.policies[0].value",
        ]
    );
    let d: KedaSpec = toml::from_str("").unwrap();
    assert_eq!(d, KedaSpec::default());
    let back: KedaSpec = toml::from_str(&toml::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
    assert!(toml::from_str::<KedaSpec>("polling = \"30s\"").is_err());
}
