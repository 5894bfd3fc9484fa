//! `scalesim sweep` and `scalesim merge` through the binary: outputs that do not depend on
//! the number of threads, resuming after an interruption, shards (by flag and by scheduler
//! environment) merged into the unsharded files, the SLO recommendation and its AWS CLI
//! JSON, and exit code 2 on mistakes. This module holds the test sweep and the helpers the
//! parts share.

mod mistakes;
mod recommendation;
mod same_files;

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
