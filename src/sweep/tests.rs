//! Unit tests of the sweep: grid expansion and point naming, validation messages, common
//! random numbers, the confidence interval on hand-made numbers (and its percentile error),
//! and `points.jsonl` reading.

use super::exec::run_one;
use super::record::{parse_records, sort_dedup, to_jsonl, Metric, RunRecord};
use super::stats::{aggregate, mean_ci, t975};
use super::*;
use crate::error::InputError;
use std::path::Path;

/// A small scale-to-zero endpoint under target tracking: 3 hours of Poisson traffic.
pub const BASE: &str = r#"
name = "tiny"
seed = 11
horizon = "3h"

[[arrivals]]
kind = "poisson"
rate_per_s = 0.02

[service]
kind = "exponential"
mean = "30s"

[endpoint.cold_start]
provisioning = { kind = "deterministic", value = "3m" }

[capacity]
min = 0
max = 3

[policy]
kind = "application_auto_scaling"

[[policy.target_tracking]]
policy_name = "tt"
target_value = 1.0
"#;

/// A folder with `base.toml` ([`BASE`]) and the sweep `text` as `sweep.toml`, loaded.
fn sweep_in(text: &str) -> (tempfile::TempDir, Result<Sweep, InputError>) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("base.toml"), BASE).expect("write base");
    let file = dir.path().join("sweep.toml");
    std::fs::write(&file, text).expect("write sweep");
    let s = load(&file);
    (dir, s)
}

fn ok(text: &str) -> (tempfile::TempDir, Sweep) {
    let (d, s) = sweep_in(text);
    (d, s.unwrap_or_else(|e| panic!("sweep invalid: {e}")))
}

fn err(text: &str) -> String {
    match sweep_in(text).1 {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn grid_expands_in_written_order_last_key_fastest_then_points() {
    let (_d, s) = ok(r#"
base = "base.toml"
replications = 2
[grid]
"policy.target_tracking[0].target_value" = [1.0, 5.0]
capacity.min = [0, 1, 2]
[[points]]
set = { "endpoint.max_concurrent_invocations_per_instance" = 2 }
[[points]]
set = { "policy" = { kind = "fixed" }, "capacity.initial" = 1 }
"#);
    assert_eq!(s.name, "sweep");
    assert_eq!(s.points.len(), 2 * 3 + 2);
    assert_eq!(s.runs(), 16);
    assert_eq!(s.grid_points(), 6);
    assert_eq!(
        s.params,
        vec![
            "policy.target_tracking[0].target_value",
            "capacity.min",
            "endpoint.max_concurrent_invocations_per_instance",
            "policy",
            "capacity.initial"
        ]
    );
    let labels: Vec<&str> = s.points.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels[0],
        "policy.target_tracking[0].target_value=1.0, capacity.min=0"
    );
    assert_eq!(
        labels[1],
        "policy.target_tracking[0].target_value=1.0, capacity.min=1"
    );
    assert_eq!(
        labels[3],
        "policy.target_tracking[0].target_value=5.0, capacity.min=0"
    );
    assert_eq!(
        labels[6],
        "endpoint.max_concurrent_invocations_per_instance=2"
    );
    assert_eq!(s.points[5].short_label, "target_value=5.0, min=2");
    assert_eq!(s.points[5].scenario.sim.capacity.min, 2);
    // An explicit point shows the value its scenario gives the grid's fields.
    assert_eq!(s.points[6].values[..3], ["1.0", "0", "2"]);
    assert_eq!(s.points[7].values[3], "{ kind = \"fixed\" }");
    assert!(matches!(
        s.points[7].scenario.policy,
        crate::scenario::PolicyConfig::Fixed
    ));
    assert_eq!(s.points[7].scenario.sim.capacity.initial, 1);
    assert_eq!((s.run_of(5), s.seed(1)), ((2, 1), 12));
}

#[test]
fn fixed_set_applies_to_every_point_and_the_hash_follows_the_runs() {
    let text = "base = \"base.toml\"\nset = { \"horizon\" = \"1h\", seed = 5 }\n[grid]\n\"capacity.max\" = [1, 2]\n";
    let (_d, s) = ok(text);
    assert_eq!(s.base_seed, 5);
    assert!(s
        .points
        .iter()
        .all(|p| p.scenario.sim.horizon.as_secs_f64() == 3600.0));
    assert_eq!(
        s.points[0].overrides,
        vec!["horizon=\"1h\"", "seed=5", "capacity.max=1"]
    );
    let (_d2, same) = ok(&format!("latency_metric = \"max\"\n{text}"));
    assert_eq!(
        same.hash, s.hash,
        "the frontier's metric does not change the runs"
    );
    let (_d3, other) = ok(&text.replace("[1, 2]", "[1, 3]"));
    assert_ne!(other.hash, s.hash);
}

#[test]
fn invalid_points_are_named_with_their_parameters() {
    let e = err("base = \"base.toml\"\n[grid]\n\"capacity.max\" = [2, 0]\n\"endpoint.request_ttl\" = [\"1h\", \"1s\"]\n");
    assert!(e.contains("sweep.toml"), "{e}");
    assert!(
        e.contains("point 1 (capacity.max=2, endpoint.request_ttl=1s)"),
        "{e}"
    );
    assert!(
        e.contains("point 2 (capacity.max=0, endpoint.request_ttl=1h)"),
        "{e}"
    );
    assert!(!e.contains("point 0 "), "{e}");
}

#[test]
fn sweep_file_mistakes_say_what_is_allowed() {
    let e = err("base = \"base.toml\"\nreplicatons = 3\n[grid]\n\"capacity.max\" = [1]\n");
    assert!(
        e.contains("sweep.toml:2:1") && e.contains("replicatons"),
        "{e}"
    );
    let e = err("base = \"base.toml\"\n[grid]\n\"capacity.max\" = 2\n");
    assert!(e.contains("non-empty list"), "{e}");
    let e = err("base = \"base.toml\"\n");
    assert!(e.contains("nothing to sweep"), "{e}");
    let e = err("base = \"base.toml\"\n[grid]\nseed = [1, 2]\n");
    assert!(e.contains("common random numbers"), "{e}");
    let e = err("base = \"base.toml\"\nslo = \"p99<10m\"\n[grid]\n\"capacity.max\" = [1]\n");
    assert!(e.contains("slo") && e.contains("METRIC<=LIMIT"), "{e}");
    let e = err("base = \"missing.toml\"\n[grid]\n\"capacity.max\" = [1]\n");
    assert!(
        e.contains("missing.toml") && e.contains("cannot read"),
        "{e}"
    );
    let e = err("base = \"base.toml\"\nreplications = 0\n[grid]\n\"capacity.max\" = [1]\n");
    assert!(e.contains("replications") && e.contains("1 to"), "{e}");
}

#[test]
fn every_point_of_a_replication_sees_the_same_arrivals() {
    let (_d, s) = ok("base = \"base.toml\"\nreplications = 2\n[grid]\n\"policy.target_tracking[0].target_value\" = [0.5, 4.0]\n\"capacity.min\" = [0, 1]\n");
    let arrived = |point: usize, rep: u64| run_one(&s, point as u64 * 2 + rep).figures.arrived;
    let rep0: Vec<u64> = (0..4).map(|p| arrived(p, 0)).collect();
    let rep1: Vec<u64> = (0..4).map(|p| arrived(p, 1)).collect();
    assert!(rep0.iter().all(|&a| a == rep0[0]), "{rep0:?}");
    assert!(rep1.iter().all(|&a| a == rep1[0]), "{rep1:?}");
    assert_ne!(rep0[0], rep1[0], "replications use different seeds");
    let costs: Vec<f64> = (0..4)
        .map(|p| run_one(&s, p * 2).figures.cost_usd)
        .collect();
    assert!(
        costs.windows(2).any(|w| w[0] != w[1]),
        "the policy matters: {costs:?}"
    );
}

#[test]
fn confidence_interval_on_hand_made_numbers() {
    let c = mean_ci(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    // s = sqrt(2.5), t(0.975, 4) = 2.776445, half width = t * s / sqrt(5).
    let half = 2.776445 * 2.5f64.sqrt() / 5f64.sqrt();
    assert_eq!(c.n, 5);
    assert_eq!(c.mean, Some(3.0));
    assert!((c.lo.unwrap() - (3.0 - half)).abs() < 1e-12);
    assert!((c.hi.unwrap() - (3.0 + half)).abs() < 1e-12);
    assert!((half - 1.963243).abs() < 1e-6);
    let one = mean_ci(&[7.0]);
    assert_eq!((one.mean, one.lo, one.hi), (Some(7.0), None, None));
    assert_eq!(mean_ci(&[]).mean, None);
    let flat = mean_ci(&[2.0, 2.0]);
    assert_eq!((flat.lo, flat.hi), (Some(2.0), Some(2.0)));
    assert_eq!(t975(1), 12.706205);
    assert!(t975(0).is_nan());
    for (df, exact) in [
        (31, 2.039513),
        (40, 2.021075),
        (60, 2.000298),
        (120, 1.979930),
    ] {
        assert!((t975(df) - exact).abs() < 2e-6, "df {df}: {}", t975(df));
    }
    assert!(t975(30) > t975(31) && t975(1000) > 1.959964);
}

#[test]
fn records_round_trip_and_a_cut_short_last_line_is_dropped() {
    let (_d, s) = ok("base = \"base.toml\"\nreplications = 2\nset = { horizon = \"30m\" }\n[grid]\n\"capacity.min\" = [0, 1]\n");
    let recs: Vec<RunRecord> = (0..4).map(|r| run_one(&s, r)).collect();
    let text = to_jsonl(&recs);
    let path = Path::new("points.jsonl");
    let (back, cut) = parse_records(&text, path, &s).unwrap();
    assert_eq!((back, cut), (recs.clone(), false));
    let cut_text = &text[..text.len() - 20];
    let (back, cut) = parse_records(cut_text, path, &s).unwrap();
    assert_eq!((back.len(), cut), (3, true));
    let broken = text.replacen("{\"run\":1", "{\"run\":x", 1);
    let e = parse_records(&broken, path, &s).unwrap_err().to_string();
    assert!(e.contains("row 2"), "{e}");
    let unknown = text.replacen("{\"run\":1", "{\"rnu\":0,\"run\":1", 1);
    let e = parse_records(&unknown, path, &s).unwrap_err().to_string();
    assert!(
        e.contains("row 2") && e.contains("unknown field `rnu`"),
        "{e}"
    );
    let foreign = text.replacen("\"seed\":11", "\"seed\":99", 1);
    assert!(parse_records(&foreign, path, &s).is_err());
    let mut shuffled = recs.clone();
    shuffled.reverse();
    shuffled.push(recs[0].clone());
    assert_eq!(sort_dedup(shuffled).unwrap(), recs);
    let mut clash = recs.clone();
    let mut other = recs[0].clone();
    other.figures.cost_usd = -1.0;
    clash.push(other);
    assert!(sort_dedup(clash).is_err());
    let stats = aggregate(2, &recs);
    assert_eq!(stats[1].replications, 2);
    assert_eq!(stats[1].get(Metric::Arrived).n, 2);
}

#[test]
fn percentile_intervals_include_the_stated_error_and_never_have_zero_width() {
    use crate::metrics::histogram::HISTOGRAM_RELATIVE_ERROR as E;
    let (_d, s) = ok("base = \"base.toml\"\nreplications = 10\nset = { horizon = \"30m\" }\n[grid]\n\"capacity.min\" = [0]\n");
    let base = run_one(&s, 0);
    let reps = |p90: &dyn Fn(u32) -> f64, error: f64| -> Vec<RunRecord> {
        (0..10u32)
            .map(|i| {
                let mut r = RunRecord {
                    run: u64::from(i),
                    replication: i,
                    ..base.clone()
                };
                r.figures.p90_latency_s = Some(p90(i));
                r.figures.latency_quantile_relative_error = error;
                r.figures.cost_usd = 1.0;
                r
            })
            .collect()
    };
    // The issue's case: ten replications whose histogram p90 all landed on 4.620287.
    let same = aggregate(1, &reps(&|_| 4.620287, E));
    let p90 = same[0].get(Metric::P90Latency);
    let half = 4.620287 * E;
    assert!(half > 0.0);
    assert!((p90.lo.unwrap() - (4.620287 - half)).abs() < 1e-12);
    assert!((p90.hi.unwrap() - (4.620287 + half)).abs() < 1e-12);
    assert!((p90.measurement_error - half).abs() < 1e-15);
    // Exact percentiles carry no error: identical values give a zero-width interval.
    let exact = aggregate(1, &reps(&|_| 4.620287, 0.0));
    let p90 = exact[0].get(Metric::P90Latency);
    assert!(p90.hi.unwrap() - p90.lo.unwrap() < 1e-12, "{p90:?}");
    // With spread, the error is added to the Student-t half-width (mean of eᵢ·vᵢ).
    let values = |i: u32| 4.0 + f64::from(i) / 10.0;
    let spread = aggregate(1, &reps(&values, E));
    let plain = mean_ci(&(0..10).map(values).collect::<Vec<_>>());
    let got = spread[0].get(Metric::P90Latency);
    let error = 4.45 * E;
    assert!((got.hi.unwrap() - (plain.hi.unwrap() + error)).abs() < 1e-12);
    assert!((got.lo.unwrap() - (plain.lo.unwrap() - error)).abs() < 1e-12);
    // Figures measured exactly are untouched.
    assert_eq!(spread[0].get(Metric::CostUsd), mean_ci(&[1.0; 10]));
    assert_eq!(spread[0].get(Metric::MaxLatency).measurement_error, 0.0);
    // One replication: no interval, and the SLO judges the value plus its error.
    let one = aggregate(1, &reps(&|_| 4.620287, E)[..1]);
    let p90 = one[0].get(Metric::P90Latency);
    assert_eq!((p90.lo, p90.hi), (None, None));
    assert!((p90.upper_or_mean().unwrap() - (4.620287 + half)).abs() < 1e-12);
}

#[test]
fn records_without_a_stated_percentile_error_read_as_the_old_histogram() {
    let (_d, s) = ok("base = \"base.toml\"\nreplications = 1\nset = { horizon = \"30m\" }\n[grid]\n\"capacity.min\" = [0]\n");
    let rec = run_one(&s, 0);
    assert_eq!(
        rec.figures.latency_quantile_relative_error, 0.0,
        "a few requests: exact"
    );
    let line = rec.to_line();
    let old = line.replace(",\"latency_quantile_relative_error\":0.0", "");
    assert_ne!(old, line);
    let (back, _) = parse_records(&format!("{old}\n"), Path::new("points.jsonl"), &s).unwrap();
    assert_eq!(back[0].figures.latency_quantile_relative_error, 0.01);
}
