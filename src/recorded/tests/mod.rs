//! Tests of reading AWS CLI outputs, one module per concern: the timestamp parser, labels
//! and names, the fixtures of `tests/fixtures/aws-record/` (CLI v1 and v2, pages, bad and
//! partial exports), in-memory files for each error and warning, and inputs that must never
//! panic. This module holds the helpers they share.

mod activities_and_metrics;
mod alarms_and_endpoints;
mod bad_exports;
mod cli_v1_and_v2;
mod fixtures_v1;
mod labels_and_names;
mod no_panics;
mod notifications_and_detection;
mod timestamps;

use super::json::{format_utc, parse_time_str, parse_time_value};
use super::load::{is_skipped, load_inputs, read_limited, Input};
use super::metrics::{parse_label, parse_stat};
use super::notifications::InvocationStatus;
use super::scaling::{ActivityStatus, Trigger};
use super::*;
use crate::error::InputError;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const EP: &str = "my-async-ep";

// ---------------------------------------------------------------------------------------
// helpers

/// A fixture path; fails if the fixture is missing.
fn fixture(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aws-record")
        .join(rel);
    assert!(p.exists(), "fixture {} is missing", p.display());
    p
}

fn load_ok(rels: &[&str]) -> Recorded {
    let paths: Vec<PathBuf> = rels.iter().map(|r| fixture(r)).collect();
    match load_paths(&paths, &LoadOptions::default()) {
        Ok(r) => r,
        Err(e) => panic!("loading {rels:?} failed: {e}"),
    }
}

fn load_err(rels: &[&str]) -> InputError {
    let paths: Vec<PathBuf> = rels.iter().map(|r| fixture(r)).collect();
    match load_paths(&paths, &LoadOptions::default()) {
        Ok(r) => panic!("loading {rels:?} should fail; got {} files", r.files.len()),
        Err(e) => e,
    }
}

fn t(s: &str) -> UtcMicros {
    parse_time_str(s).unwrap_or_else(|e| panic!("{e}"))
}

/// Files held in memory, each named on its own.
fn mem_with(files: &[(&str, &str)], opts: &LoadOptions) -> Result<Recorded, InputError> {
    let inputs = files
        .iter()
        .map(|(name, text)| Input {
            path: PathBuf::from(name),
            explicit: true,
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let first = files
        .first()
        .map(|f| PathBuf::from(f.0))
        .unwrap_or_default();
    load_inputs(inputs, &first, opts, Vec::new())
}

fn mem(files: &[(&str, &str)]) -> Result<Recorded, InputError> {
    mem_with(files, &LoadOptions::default())
}

fn mem_ok(files: &[(&str, &str)]) -> Recorded {
    mem(files).unwrap_or_else(|e| panic!("{e}"))
}

/// The issues of an `Invalid` error, as `path: message`.
fn issues_of(e: &InputError, file: &str) -> Vec<String> {
    match e {
        InputError::Invalid { file: f, issues } => {
            assert_eq!(f, Path::new(file), "error in the wrong file: {e}");
            issues.iter().map(|i| i.to_string()).collect()
        }
        other => panic!("expected Invalid for {file}, got {other}"),
    }
}

fn mem_issues(files: &[(&str, &str)], file: &str) -> Vec<String> {
    match mem(files) {
        Ok(_) => panic!("{file} should be invalid"),
        Err(e) => issues_of(&e, file),
    }
}

fn has(list: &[String], needle: &str) -> bool {
    list.iter().any(|w| w.contains(needle))
}

fn assert_has(list: &[String], needle: &str) {
    assert!(
        has(list, needle),
        "no entry contains {needle:?} in {list:#?}"
    );
}
