//! Same seed, same bytes; policy changes never change the requests (common random numbers).

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::run_success;

fn run_to(dir: &Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        "scenarios/async-scale-to-zero.toml",
        "--requests",
        "--quiet",
        "--set",
        "horizon=\"2d\"",
        "--out",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run_success(&args);
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn same_seed_gives_byte_identical_files_and_another_seed_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    run_to(&a, &[]);
    run_to(&b, &[]);
    run_to(&c, &["--seed", "43"]);
    let (mut fa, mut fb, fc) = (files(&a), files(&b), files(&c));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        vec![
            "activities.csv",
            "cost_vs_p99.svg",
            "hourly.svg",
            "latency_cdf.svg",
            "report.html",
            "requests.csv",
            "run.json",
            "summary.json",
            "timeline.svg",
            "timeseries.csv"
        ],
        "run files, the four charts and the report"
    );
    // run.json alone records when the run happened and how long it took.
    let info: serde_json::Value = serde_json::from_slice(&fa["run.json"]).unwrap();
    for key in [
        "scalesim_version",
        "commit",
        "build_date",
        "seed",
        "started_at",
        "wall_clock_s",
    ] {
        assert!(!info[key].is_null(), "run.json has {key}: {info}");
    }
    assert_eq!(info["seed"], 42);
    fa.remove("run.json");
    fb.remove("run.json");
    assert!(fa == fb, "same seed, different bytes");
    assert_ne!(fa["requests.csv"], fc["requests.csv"]);
}

/// (id, arrival_s, service_s) of every request, sorted by id.
fn request_stream(dir: &Path) -> Vec<(u64, String, String)> {
    let mut rdr = csv::Reader::from_path(dir.join("requests.csv")).unwrap();
    let mut v: Vec<(u64, String, String)> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].parse().unwrap(), r[1].to_string(), r[5].to_string())
        })
        .collect();
    v.sort_by_key(|x| x.0);
    v
}

#[test]
fn changing_a_policy_field_leaves_the_requests_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run_to(&a, &[]);
    run_to(
        &b,
        &[
            "--set",
            "policy.target_tracking[0].target_value=4.0",
            "--set",
            "endpoint.max_concurrent_invocations_per_instance=2",
        ],
    );
    let (sa, sb) = (request_stream(&a), request_stream(&b));
    assert!(sa.len() > 100);
    // Requests still in the system at the horizon have no row; compare the common prefix.
    let n = sa.len().min(sb.len());
    assert!(n + 20 > sa.len().max(sb.len()));
    assert_eq!(sa[..n], sb[..n]);
    // ...while the outcome did change.
    assert_ne!(
        std::fs::read(a.join("summary.json")).unwrap(),
        std::fs::read(b.join("summary.json")).unwrap()
    );
}
