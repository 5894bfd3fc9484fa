//! `import-aws`, `backtest`, `calibrate` and `record-aws` from the command line, on the
//! hand-made fixtures in `tests/fixtures/aws-record/` and on the shipped example
//! `scenarios/aws-export-example/`. This module holds the helpers the parts share.

mod backtest_and_record_aws;
mod import_aws;
mod shipped_example;

use std::path::Path;
use std::process::Output;

use crate::common::{assert_exit, assert_success, root, run, stderr, stdout};

const FIX: &str = "tests/fixtures/aws-record";

fn import(paths: &[&str], out: &Path) -> Output {
    let mut args = vec!["import-aws"];
    args.extend_from_slice(paths);
    args.extend(["--out", out.to_str().unwrap()]);
    run(&args)
}

/// The scenario without its comments (which name the files read).
fn values(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}
