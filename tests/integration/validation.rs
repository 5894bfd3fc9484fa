//! Every value the robustness issue lists is checked before the run starts, with a message
//! that names the field and says what is allowed.

use scalesim::scenario;
use std::path::Path;

const BASE: &str = r#"
horizon = "1h"
[[arrivals]]
kind = "poisson"
rate_per_s = 1.0
[service]
kind = "exponential"
mean = "1s"
[endpoint]
instance_type = "ml.m5.xlarge"
[capacity]
min = 0
max = 2
"#;

/// The load error for BASE with `overrides`, as text.
fn error(overrides: &[&str]) -> String {
    let o: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    match scenario::from_text(BASE, Path::new("v.toml"), Path::new("."), &o) {
        Ok(_) => panic!("{overrides:?} was accepted"),
        Err(e) => e.to_string(),
    }
}

fn assert_names(overrides: &[&str], field: &str, words: &str) {
    let e = error(overrides);
    assert!(e.contains(field) && e.contains(words), "{overrides:?}: {e}");
}

#[test]
fn negative_nan_and_infinite_rates_durations_and_prices() {
    assert_names(
        &["arrivals[0].rate_per_s=-1.0"],
        "arrivals[0].rate_per_s",
        "> 0",
    );
    assert_names(
        &["arrivals[0].rate_per_s=nan"],
        "arrivals[0].rate_per_s",
        "",
    );
    assert_names(
        &["arrivals[0].rate_per_s=inf"],
        "arrivals[0].rate_per_s",
        "",
    );
    assert_names(
        &["service.mean=\"-1s\""],
        "overrides: service.mean",
        "invalid duration",
    );
    assert_names(
        &["endpoint.price_per_instance_hour=-0.5"],
        "price_per_instance_hour",
        "USD",
    );
    assert_names(
        &["endpoint.price_per_instance_hour=nan"],
        "price_per_instance_hour",
        "finite",
    );
    assert_names(
        &["endpoint.request_ttl=\"10s\""],
        "endpoint.request_ttl",
        "allowed 1m to 6h",
    );
}

#[test]
fn min_above_max_and_max_zero_with_arrivals() {
    assert_names(
        &["capacity.min=3"],
        "capacity.min",
        "greater than capacity.max",
    );
    assert_names(
        &["capacity.max=0"],
        "capacity.max",
        "no request could ever be served",
    );
}

#[test]
fn zero_or_negative_horizon() {
    assert_names(&["horizon=\"0s\""], "horizon", "greater than 0");
    assert_names(
        &["horizon=\"-1h\""],
        "overrides: horizon",
        "expected a number",
    );
}

#[test]
fn empty_trace_is_an_error_and_unsorted_or_late_rows_warn() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.csv"), "t\n").unwrap();
    std::fs::write(dir.path().join("unsorted.csv"), "t\n3\n1\n7200\n").unwrap();
    let with = |file: &str| {
        format!(
            "{}\n[[arrivals]]\nkind = \"trace\"\npath = \"{file}\"\ntime_column = \"t\"\ntime_format = \"offset_s\"\n",
            BASE.replace("[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 1.0\n", "")
        )
    };
    let e = scenario::from_text(
        &with("empty.csv"),
        &dir.path().join("s.toml"),
        dir.path(),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("empty.csv"), "{e}");
    let sc = scenario::from_text(
        &with("unsorted.csv"),
        &dir.path().join("s.toml"),
        dir.path(),
        &[],
    )
    .unwrap();
    let w = sc.warnings.join("\n");
    assert!(
        w.contains("sort"),
        "unsorted rows are sorted with a warning: {w}"
    );
    assert!(
        w.contains("beyond the horizon"),
        "rows past the horizon warn: {w}"
    );
}

#[test]
fn percent_adjustments_out_of_range() {
    let text = format!(
        "{BASE}[policy]\nkind = \"application_auto_scaling\"\n[[policy.step_scaling]]\npolicy_name = \"down\"\nadjustment_type = \"PercentChangeInCapacity\"\nstep_adjustments = [{{ metric_interval_upper_bound = 0.0, scaling_adjustment = -150 }}]\n[policy.step_scaling.alarm]\nmetric_name = \"ApproximateBacklogSize\"\nevaluation_periods = 1\nthreshold = 1.0\ncomparison_operator = \"LessThanThreshold\"\n"
    );
    let e = scenario::from_text(&text, Path::new("p.toml"), Path::new("."), &[])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("policy.step_scaling[0].step_adjustments[0].scaling_adjustment")
            && e.contains("-100 or more"),
        "{e}"
    );
}

#[test]
fn cron_that_never_fires() {
    let text = format!(
        "{BASE}[policy]\nkind = \"application_auto_scaling\"\n[[policy.scheduled_actions]]\nscheduled_action_name = \"never\"\nschedule = \"cron(0 0 31 4 ? *)\"\nmin_capacity = 1\n"
    );
    let e = scenario::from_text(&text, Path::new("c.toml"), Path::new("."), &[])
        .unwrap_err()
        .to_string();
    assert!(e.contains("never fires"), "{e}");
}

#[test]
fn sizes_that_would_exhaust_memory_are_refused_before_allocating() {
    // 10^12 requests: 1e6 per second for 1e6 seconds.
    assert_names(
        &["arrivals[0].rate_per_s=1000000.0", "horizon=\"12d\""],
        "arrivals",
        "requests over the horizon",
    );
    // 10^7 instances.
    assert_names(
        &["capacity.max=10000000"],
        "capacity.max",
        "more than scalesim simulates",
    );
}

#[test]
fn warmup_is_whole_minutes_shorter_than_the_horizon() {
    assert_names(&["warmup=\"90s\""], "warmup", "whole number of minutes");
    assert_names(
        &["warmup=\"1h\""],
        "warmup",
        "shorter than the horizon (1h)",
    );
    assert_names(&["warmup=\"2h\""], "warmup", "shorter than the horizon");
    assert_names(&["warmup=\"-1m\""], "warmup", "");
}

#[test]
fn a_zero_horizon_is_one_issue_that_says_what_to_write() {
    let e = error(&["horizon=\"0s\""]);
    assert_eq!(e.matches("horizon:").count(), 1, "{e}");
    assert!(e.contains("must be greater than 0"), "{e}");
}
