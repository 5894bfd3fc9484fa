//! The command line: exit codes, messages, files.

use crate::common::{assert_exit, assert_success, root, run, stderr};

#[test]
fn help_lists_the_commands() {
    let o = run(&["--help"]);
    assert_success(&o);
    let text = String::from_utf8_lossy(&o.stdout);
    for cmd in ["run", "validate"] {
        assert!(text.contains(cmd), "{text}");
    }
}

#[test]
fn run_writes_summary_with_the_documented_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let o = run(&[
        "run",
        "scenarios/steady-poisson.toml",
        "--set",
        "horizon=\"1h\"",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_success(&o);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains("p99") && table.contains("completed ("),
        "{table}"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    for key in [
        "/scenario",
        "/seed",
        "/horizon_s",
        "/requests/arrived",
        "/requests/completed",
        "/requests/expired",
        "/requests/failed",
        "/requests/in_system_at_end",
        "/latency_s/mean",
        "/latency_s/p50",
        "/latency_s/p90",
        "/latency_s/p99",
        "/latency_s/max",
        "/latency_all_s/p99",
        "/shares/completed",
        "/shares/lost",
        "/queue_wait_s/mean",
        "/queue_wait_s/p50",
        "/queue_wait_s/p99",
        "/queue_wait_s/max",
        "/cold_start_waits",
        "/instance_hours",
        "/cost_usd",
        "/cost_per_1k_requests_usd",
        "/scale_out_events",
        "/scale_in_events",
        "/time_at_zero_fraction",
    ] {
        assert!(v.pointer(key).is_some(), "summary.json lacks {key}");
    }
    assert_eq!(v["horizon_s"], 3600.0);
    assert!(
        !out.join("requests.csv").exists(),
        "requests.csv only with --requests"
    );
    let ts = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    assert_eq!(
        ts.lines().count(),
        1 + 60,
        "a header and one row per minute"
    );
}

#[test]
fn a_bad_value_exits_2_naming_file_line_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.toml");
    std::fs::write(
        &bad,
        "horizon = \"1h\"\n\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = -2.0\n\n[service]\nkind = \"exponential\"\nmean = \"1s\"\n\n[capacity]\nmin = 3\nmax = 1\n",
    )
    .unwrap();
    let o = run(&["validate", bad.to_str().unwrap()]);
    assert_exit(&o, 2);
    let e = stderr(&o);
    assert!(e.contains("bad.toml"), "{e}");
    assert!(
        e.contains("line 5, column 1: arrivals[0].rate_per_s"),
        "{e}"
    );
    assert!(e.contains("line 12, column 1: capacity.min"), "{e}");
}

#[test]
fn an_unknown_field_exits_2_and_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("typo.toml");
    std::fs::write(
        &bad,
        "horizon = \"1h\"\n[[arrivals]]\nkind = \"poisson\"\nrate_per_s = 1.0\n[service]\nkind = \"exponential\"\nmean = \"1s\"\n[endpoint]\nrequest_tll = \"1h\"\n",
    )
    .unwrap();
    let o = run(&["run", bad.to_str().unwrap()]);
    assert_exit(&o, 2);
    let e = stderr(&o);
    assert!(
        e.contains("typo.toml:9:1") && e.contains("request_tll"),
        "{e}"
    );
}

#[test]
fn a_bad_set_exits_2() {
    let o = run(&[
        "validate",
        "scenarios/steady-poisson.toml",
        "--set",
        "arrivals[5].rate_per_s=1",
    ]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("out of range"), "{}", stderr(&o));
}

#[test]
fn validate_prints_the_normalised_scenario_with_defaults() {
    let o = run(&["validate", "scenarios/steady-poisson.toml"]);
    assert_success(&o);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("request_ttl = \"6h\""), "{text}");
    assert!(text.contains("price_per_instance_hour = 1.408"), "{text}");
    let again: toml::Table = text.parse().expect("normalised output is TOML");
    assert_eq!(again["name"].as_str(), Some("steady-poisson"));
}

#[test]
fn an_unwritable_output_folder_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("sub");
    let o = run(&[
        "run",
        "scenarios/steady-poisson.toml",
        "--set",
        "horizon=\"1m\"",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("output folder"), "{}", stderr(&o));
}

#[test]
fn every_shipped_scenario_validates() {
    let mut validated = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let p = entry.unwrap().path();
        let sweep_file = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("sweep-"));
        if p.extension().is_some_and(|e| e == "toml") && !sweep_file {
            let o = run(&["validate", p.to_str().unwrap()]);
            assert!(o.status.success(), "{}: {}", p.display(), stderr(&o));
            validated += 1;
        }
    }
    assert!(validated >= 10, "only {validated} shipped scenarios found");
}

#[test]
fn a_bad_value_from_set_is_named_without_a_file_line() {
    let o = run(&[
        "validate",
        "scenarios/steady-poisson.toml",
        "--set",
        "arrivals[0].rate_per_s=-1",
    ]);
    assert_exit(&o, 2);
    let e = stderr(&o);
    assert!(e.contains("  - arrivals[0].rate_per_s:"), "{e}");
}

#[test]
fn the_flagship_scenario_exports_a_complete_aws_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("aws");
    let o = run(&[
        "export-aws",
        "scenarios/async-scale-to-zero.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_success(&o);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join(name)).unwrap()).unwrap()
    };
    let tt = read("02-put-scaling-policy-backlog-per-instance.json");
    assert_eq!(tt["PolicyType"], "TargetTrackingScaling", "{names:?}");
    let metric = &tt["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"];
    assert_eq!(metric["MetricName"], "ApproximateBacklogSizePerInstance");
    let step = read("03-put-scaling-policy-scale-from-zero.json");
    assert_eq!(step["PolicyType"], "StepScaling");
    let alarm = read("04-put-metric-alarm-async-scale-to-zero-has-backlog-without-capacity.json");
    assert_eq!(alarm["MetricName"], "HasBacklogWithoutCapacity");
    assert_eq!(alarm["AlarmActions"].as_array().map(Vec::len), Some(1));
    // idle_timeout, which AWS does not have, is only a variant, and says so.
    let text = std::fs::read_to_string(root().join("scenarios/async-scale-to-zero.toml")).unwrap();
    assert!(text.contains("name = \"idle-timeout-not-aws\""));
    assert!(text.contains("NOT an AWS feature"));
}

#[test]
fn version_names_the_commit_and_the_build_date() {
    let o = run(&["--version"]);
    assert_success(&o);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.starts_with(&format!("scalesim {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(
        text.contains("(commit ") && text.contains(", built 20"),
        "{text}"
    );
}

#[test]
fn json_prints_the_summary_for_scripts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let o = run(&[
        "run",
        "scenarios/steady-poisson.toml",
        "--set",
        "horizon=\"1h\"",
        "--no-charts",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_success(&o);
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(printed, written);
}

#[test]
fn a_warmup_is_stated_in_summary_json_and_the_run_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let o = run(&[
        "run",
        "scenarios/mm1-percentiles.toml",
        "--set",
        "horizon=\"3h\"",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_success(&o);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains("statistics exclude the first 1h (warm-up)"),
        "{table}"
    );
    assert!(table.contains("exact (nearest rank)"), "{table}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(v["warmup_s"], 3600.0);
    assert_eq!(v["latency_s"]["quantile_relative_error"], 0.0);
    let ts = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    assert_eq!(ts.lines().count(), 1 + 120, "the minutes after the warm-up");
    assert!(
        ts.lines().nth(1).unwrap().starts_with("60,3600"),
        "{ts:.200}"
    );
}
