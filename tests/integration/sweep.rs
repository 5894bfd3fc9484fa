//! `scalesim sweep` and `scalesim merge` through the binary: outputs that do not depend on
//! the number of threads, resuming after an interruption, shards (by flag and by scheduler
//! environment) merged into the unsharded files, the SLO recommendation and its AWS CLI
//! JSON, and exit code 2 on mistakes.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{arg, expect_exit, expect_success, output_of, scalesim, stderr, stdout};

/// A small scale-to-zero endpoint under target tracking.
const BASE: &str = r#"
name = "tiny"
seed = 21
horizon = "3h"

[[arrivals]]
kind = "poisson"
rate_per_s = 0.02

[service]
kind = "exponential"
mean = "30s"

[endpoint]
name = "tiny-endpoint"
instance_type = "ml.m5.xlarge"

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
scale_in_cooldown = "300s"
"#;

/// 2 × 2 grid, 3 replications: 12 runs.
const SWEEP: &str = r#"
base = "base.toml"
replications = 3
[grid]
"policy.target_tracking[0].target_value" = [1.0, 4.0]
"capacity.min" = [0, 1]
"#;

const FINAL_FILES: [&str; 5] = [
    "sweep.csv",
    "pareto.csv",
    "points.jsonl",
    "recommendation.json",
    "manifest.json",
];

const SCHEDULER_VARS: [&str; 5] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_COUNT",
    "JOB_COMPLETION_INDEX",
    "AWS_BATCH_JOB_ARRAY_INDEX",
];

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("base.toml"), BASE).expect("base");
    let file = dir.path().join("sweep.toml");
    std::fs::write(&file, SWEEP).expect("sweep");
    (dir, file)
}

/// Run `scalesim args…` with `env` set and no batch scheduler's variables inherited.
fn scalesim_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = scalesim();
    c.args(args);
    for v in SCHEDULER_VARS {
        c.env_remove(v);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    output_of(&mut c)
}

#[track_caller]
fn ok_env(args: &[&str], env: &[(&str, &str)]) -> String {
    let o = scalesim_env(args, env);
    expect_success(&o, &format!("scalesim {args:?} with {env:?}"));
    stdout(&o)
}

#[track_caller]
fn ok(args: &[&str]) -> String {
    ok_env(args, &[])
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn assert_same_files(a: &Path, b: &Path, names: &[&str]) {
    for n in names {
        assert!(
            read(&a.join(n)) == read(&b.join(n)),
            "{n} differs between {a:?} and {b:?}"
        );
    }
}

/// Runs a full sweep with `--jobs 2` and an SLO into `dir/name`.
fn full(file: &Path, out: &Path) -> String {
    ok(&[
        "sweep",
        arg(file),
        "--out",
        arg(out),
        "--jobs",
        "2",
        "--slo",
        "p99<=30m",
        "--no-charts",
    ])
}

#[test]
fn outputs_do_not_depend_on_the_number_of_threads() {
    let (dir, file) = setup();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    ok(&[
        "sweep",
        arg(&file),
        "--out",
        arg(&one),
        "--jobs",
        "1",
        "--slo",
        "p99<=30m",
    ]);
    let stdout = full(&file, &two);
    assert!(
        stdout.contains("Pareto frontier") && stdout.contains("recommended"),
        "{stdout}"
    );
    assert_same_files(&one, &two, &FINAL_FILES);
    assert_same_files(
        &one,
        &two,
        &["recommended-aws/01-register-scalable-target.json"],
    );
    for chart in ["frontier.svg", "heatmap_latency.svg", "heatmap_cost.svg"] {
        assert!(one.join(chart).exists(), "{chart}");
    }
    // The report embeds the three charts, the frontier's data and every point's row.
    let html = String::from_utf8(read(&one.join("report.html"))).expect("utf-8");
    assert_eq!(
        html.matches("<svg").count(),
        3,
        "heatmaps and frontier inline"
    );
    assert!(html.contains("data-chart=\"frontier\""));
    assert!(html.contains("Recommended: point "), "the SLO's outcome");
    assert_eq!(html.matches("<tr><td>").count(), 4, "one row per point");
    let bare = String::from_utf8(read(&two.join("report.html"))).expect("utf-8");
    assert!(!bare.contains("<svg") && bare.contains("data-chart=\"frontier\""));
    let mut r = csv::Reader::from_path(one.join("sweep.csv")).expect("csv");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header[..5],
        [
            "point",
            "label",
            "replications",
            "policy.target_tracking[0].target_value",
            "capacity.min"
        ]
    );
    for col in [
        "cost_usd_mean",
        "p99_latency_s_ci95_lo",
        "expired_rate_ci95_hi",
    ] {
        assert!(header.iter().any(|h| h == col), "{col}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[1][4], "1");
    assert_eq!(&rows[2][3], "4.0");
    let jsonl = String::from_utf8(read(&one.join("points.jsonl"))).expect("utf-8");
    assert_eq!(jsonl.lines().count(), 12);
    assert!(jsonl
        .lines()
        .next()
        .is_some_and(|l| l.starts_with("{\"run\":0,\"point\":0")));
}

#[test]
fn resuming_an_interrupted_sweep_gives_the_same_files() {
    let (dir, file) = setup();
    let whole = dir.path().join("whole");
    full(&file, &whole);
    let jsonl = String::from_utf8(read(&whole.join("points.jsonl"))).expect("utf-8");
    let lines: Vec<&str> = jsonl.lines().collect();
    // Interrupted: runs in another order, some missing, the last line cut short.
    let cut = dir.path().join("cut");
    std::fs::create_dir_all(&cut).expect("mkdir");
    std::fs::copy(whole.join("manifest.json"), cut.join("manifest.json")).expect("copy");
    let partial = format!(
        "{}\n{}\n{}\n{}",
        lines[7],
        lines[2],
        lines[0],
        &lines[5][..lines[5].len() / 2]
    );
    std::fs::write(cut.join("points.jsonl"), partial).expect("write");
    ok(&[
        "sweep",
        arg(&file),
        "--out",
        arg(&cut),
        "--resume",
        "--slo",
        "p99<=30m",
        "--no-charts",
    ]);
    assert_same_files(&whole, &cut, &FINAL_FILES);
    assert_same_files(&whole, &cut, &["report.html"]);

    // Finished runs are kept, not run again: a changed figure shows in the results.
    let tampered = dir.path().join("tampered");
    std::fs::create_dir_all(&tampered).expect("mkdir");
    std::fs::copy(whole.join("manifest.json"), tampered.join("manifest.json")).expect("copy");
    let first = lines[0].replacen("\"cost_usd\":", "\"cost_usd\":12345", 1);
    std::fs::write(tampered.join("points.jsonl"), format!("{first}\n")).expect("write");
    ok(&[
        "sweep",
        arg(&file),
        "--out",
        arg(&tampered),
        "--resume",
        "--no-charts",
        "-q",
    ]);
    // Run again, the run would clash with the kept record (an error): it was kept as is.
    let kept = String::from_utf8(read(&tampered.join("points.jsonl"))).expect("utf-8");
    assert!(kept.contains("\"cost_usd\":12345"), "{kept}");
    assert_eq!(kept.lines().count(), 12);

    // A folder of another sweep is refused.
    std::fs::write(&file, SWEEP.replace("[1.0, 4.0]", "[1.0, 5.0]")).expect("edit");
    let o = scalesim_env(&["sweep", arg(&file), "--out", arg(&cut), "--resume"], &[]);
    expect_exit(&o, 2, "sweep --resume of another sweep's folder");
    assert!(stderr(&o).contains("different sweep"), "{}", stderr(&o));
}

#[test]
fn shards_by_flag_and_by_environment_merge_into_the_unsharded_files() {
    let (dir, file) = setup();
    let whole = dir.path().join("whole");
    full(&file, &whole);
    let (s0, s1, merged) = (
        dir.path().join("s0"),
        dir.path().join("s1"),
        dir.path().join("merged"),
    );
    let out0 = ok(&[
        "sweep",
        arg(&file),
        "--shard",
        "0/2",
        "--out",
        arg(&s0),
        "--jobs",
        "1",
    ]);
    assert!(out0.contains("shard 0/2: 6 of 12 runs"), "{out0}");
    assert!(
        !s0.join("sweep.csv").exists(),
        "a shard writes no final file"
    );
    let k8s = [("JOB_COMPLETION_INDEX", "1")];
    ok_env(
        &["sweep", arg(&file), "--shard-count", "2", "--out", arg(&s1)],
        &k8s,
    );
    let manifest = String::from_utf8(read(&s1.join("manifest.json"))).expect("utf-8");
    assert!(manifest.contains("\"shard\": \"1/2\""), "{manifest}");

    // One shard alone is not the whole sweep.
    let o = scalesim_env(&["merge", arg(&s0), "--out", arg(&merged)], &[]);
    expect_exit(&o, 2, "merge of one shard");
    assert!(
        stderr(&o).contains("6 of 12 runs are missing"),
        "{}",
        stderr(&o)
    );

    let slurm = [
        ("SLURM_ARRAY_TASK_ID", "0"),
        ("SLURM_ARRAY_TASK_COUNT", "1"),
    ];
    ok_env(
        &[
            "merge",
            arg(&s0),
            arg(&s1),
            "--out",
            arg(&merged),
            "--slo",
            "p99<=30m",
            "--no-charts",
        ],
        &slurm,
    );
    assert_same_files(&whole, &merged, &FINAL_FILES);
    assert_same_files(&whole, &merged, &["report.html"]);
    assert_same_files(&whole, &merged, &["recommended-aws/README.md"]);
}

#[test]
fn the_recommendation_is_exported_exactly_as_export_aws_does() {
    let (dir, file) = setup();
    let out = dir.path().join("out");
    full(&file, &out);
    let rec: serde_json::Value =
        serde_json::from_slice(&read(&out.join("recommendation.json"))).expect("json");
    assert_eq!(rec["met"], true);
    let overrides: Vec<String> = rec["recommended"]["overrides"]
        .as_array()
        .expect("overrides")
        .iter()
        .map(|v| v.as_str().expect("text").to_string())
        .collect();
    let aws = dir.path().join("aws");
    let base = dir.path().join("base.toml");
    let mut args = vec!["export-aws", arg(&base), "--out", arg(&aws)];
    for o in &overrides {
        args.extend(["--set", o.as_str()]);
    }
    ok(&args);
    let names: Vec<String> = std::fs::read_dir(&aws)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() >= 3, "{names:?}");
    for n in &names {
        assert_same_files(&aws, &out.join("recommended-aws"), &[n.as_str()]);
    }
}

/// The shipped keep-alive sweep recommends a point, but a keep-alive platform has no AWS
/// scaling: no `recommended-aws/`, and `recommendation.json` says so with a null.
#[test]
fn a_recommendation_off_sagemaker_writes_no_aws_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/sweep-keep-alive.toml"
    );
    let stdout = ok(&["sweep", file, "--out", arg(&out), "--slo", "p99<=10s"]);
    assert!(stdout.contains("recommended: point"), "{stdout}");
    assert!(!stdout.contains("its AWS CLI JSON"), "{stdout}");
    let rec: serde_json::Value =
        serde_json::from_slice(&read(&out.join("recommendation.json"))).expect("json");
    assert_eq!(rec["met"], true);
    assert!(rec["aws_cli_json"].is_null(), "{rec}");
    assert!(!out.join("recommended-aws").exists());
}

#[test]
fn an_slo_no_point_meets_is_said_clearly_with_the_closest_points() {
    let (dir, file) = setup();
    let out = dir.path().join("out");
    let stdout = ok(&[
        "sweep",
        arg(&file),
        "--out",
        arg(&out),
        "--slo",
        "p99<=1s,expired_rate<=0",
    ]);
    assert!(stdout.contains("no point meets the SLO"), "{stdout}");
    let rec: serde_json::Value =
        serde_json::from_slice(&read(&out.join("recommendation.json"))).expect("json");
    assert_eq!(rec["met"], false);
    assert_eq!(rec["closest"].as_array().map(Vec::len), Some(3));
    assert!(!out.join("recommended-aws").exists());
    let html = String::from_utf8(read(&out.join("report.html"))).expect("utf-8");
    assert!(
        html.contains("No point meets the SLO. The closest:"),
        "report says so"
    );
    assert!(!html.contains("Recommended: point"));
}

#[test]
fn mistakes_exit_2_and_say_what_is_allowed() {
    let (dir, file) = setup();
    let out = dir.path().join("out");
    for (args, expect) in [
        (vec!["--slo", "p95<=1m"], "p50, p90, p99"),
        (vec!["--slo", "p99<=15"], "unit"),
        (vec!["--shard", "2/2"], "0 to 1"),
        (vec!["--shard-count", "3"], "--shard I/3"),
    ] {
        let mut a = vec!["sweep", arg(&file), "--out", arg(&out)];
        a.extend(args.iter().copied());
        let o = scalesim_env(&a, &[]);
        expect_exit(&o, 2, &format!("{args:?}"));
        let err = stderr(&o);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    let o = scalesim_env(
        &["sweep", arg(&file)],
        &[("AWS_BATCH_JOB_ARRAY_INDEX", "1")],
    );
    expect_exit(&o, 2, "a batch array index without --shard-count");
    assert!(stderr(&o).contains("--shard-count"), "{}", stderr(&o));
    std::fs::write(&file, SWEEP.replace("[0, 1]", "[0, 9]")).expect("edit");
    let o = scalesim_env(&["sweep", arg(&file), "--out", arg(&out)], &[]);
    expect_exit(&o, 2, "a point that does not load");
    let err = stderr(&o);
    assert!(
        err.contains("point 1 (") && err.contains("capacity.min=9"),
        "{err}"
    );
}

#[test]
fn the_shipped_sweep_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweep-target-tracking.toml");
    let s = scalesim::sweep::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.grid.len(), 2, "a two-parameter grid has heatmaps");
    assert!(s.replications > 1);
}
