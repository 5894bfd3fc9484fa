//! `import-aws`, `backtest`, `calibrate` and `record-aws` from the command line, on the
//! hand-made fixtures in `tests/fixtures/aws-record/` and on the shipped example
//! `scenarios/aws-export-example/`.

use std::path::Path;
use std::process::Output;

use crate::common::{assert_exit, assert_success, run, stderr, stdout};

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

#[test]
fn cli_v1_and_v2_exports_import_to_the_same_commented_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("v1"), tmp.path().join("v2"));
    let o = import(&[&format!("{FIX}/v1")], &a);
    assert_success(&o);
    let o2 = import(&[&format!("{FIX}/v2")], &b);
    assert_success(&o2);
    assert_eq!(
        values(&a.join("scenario.toml")),
        values(&b.join("scenario.toml"))
    );
    let text = std::fs::read_to_string(a.join("scenario.toml")).unwrap();
    // Every value says where it came from.
    for (comment, value) in [
        (
            "describe-endpoint-config.json: ProductionVariants[0].InstanceType",
            "instance_type = \"ml.g5.xlarge\"",
        ),
        ("ScalableTargets[0].MaxCapacity", "max = 5"),
        ("receivedTime of 17 SNS notifications", "[[arrivals]]"),
        (
            "HasBacklogWithoutCapacity Maximum was above 0",
            "initial = 0",
        ),
        ("fewer than the 3 needed for a fit", "[endpoint.cold_start"),
        ("scalesim calibrate` can settle it", "metric_delay = \"1m\""),
        (
            "describe-alarms.json: MetricAlarms[1]",
            "[policy.target_tracking.alarm_high]",
        ),
    ] {
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with(value))
            .unwrap_or_else(|| panic!("no {value} in\n{text}"));
        let above: Vec<&str> = lines[..at]
            .iter()
            .rev()
            .take_while(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches('#').trim())
            .collect();
        let joined = above.into_iter().rev().collect::<Vec<_>>().join(" ");
        assert!(
            joined.contains(comment),
            "{value} lacks {comment:?}: {joined}"
        );
    }
    // 17 arrivals, one per notification, in ISO time.
    let csv = std::fs::read_to_string(a.join("arrivals.csv")).unwrap();
    assert_eq!(csv.lines().count(), 18, "{csv}");
    assert!(
        csv.starts_with("received_time\n2024-08-14T05:50:12"),
        "{csv}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("import-report.json")).unwrap()).unwrap();
    assert_eq!(report["requests"], 17);
    assert_eq!(report["endpoint"], "my-async-ep");
    // It runs as it is.
    let run = run(&[
        "run",
        a.join("scenario.toml").to_str().unwrap(),
        "--no-charts",
        "--quiet",
        "--out",
        tmp.path().join("run").to_str().unwrap(),
    ]);
    assert_success(&run);
}

#[test]
fn bad_exports_name_the_file_and_the_json_path() {
    let tmp = tempfile::tempdir().unwrap();
    let v1 = format!("{FIX}/v1");
    // A truncated file: a syntax error with its line and column, exit 2.
    let o = import(
        &[&v1, &format!("{FIX}/bad/truncated-describe-alarms.json")],
        tmp.path(),
    );
    assert_exit(&o, 2);
    let e = stderr(&o);
    assert!(e.contains("truncated-describe-alarms.json:"), "{e}");
    // Warnings name the file and the JSON path, and the rest is imported.
    for (file, says) in [
        ("other-endpoint-metric-data.json", "MetricDataResults[0]"),
        ("policy-other-resource.json", "ScalingPolicies[1]"),
        ("partial-data-alone.json", "PartialData"),
    ] {
        let out = tmp.path().join(file);
        let mut paths = vec![v1.clone(), format!("{FIX}/bad/{file}")];
        if file == "other-endpoint-metric-data.json" {
            paths.push(format!("{FIX}/bad/other-endpoint-metric-queries.json"));
        }
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let o = import(&refs, &out);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains(&format!("warning: {FIX}/bad/{file}")) && e.contains(says),
            "{file}: {e}"
        );
        assert!(out.join("scenario.toml").exists());
    }
    // A folder with files that are not AWS output: warnings; named on its own: exit 2.
    let o = import(&[&format!("{FIX}/mixed")], &tmp.path().join("mixed"));
    let e = stderr(&o);
    assert!(e.contains("unknown.json: not an AWS CLI output"), "{e}");
    let o = import(
        &[&format!("{FIX}/mixed/unknown.json")],
        &tmp.path().join("u"),
    );
    assert_exit(&o, 2);
    // A record with no metric and no notification covers no time.
    let o = import(
        &[&format!("{FIX}/mixed/describe-endpoint.json")],
        &tmp.path().join("e"),
    );
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("get-metric-data"), "{}", stderr(&o));
    // Something that is not a regular file: a socket the test makes.
    let socket = tmp.path().join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let o = import(&[socket.to_str().unwrap()], &tmp.path().join("n"));
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

#[test]
fn backtest_writes_its_figures_and_the_simulated_activities_in_aws_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let imp = tmp.path().join("imp");
    assert!(import(&[&format!("{FIX}/v1")], &imp).status.success());
    let out = tmp.path().join("bt");
    let o = run(&[
        "backtest",
        imp.join("scenario.toml").to_str().unwrap(),
        "--against",
        &format!("{FIX}/v1"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_success(&o);
    let text = stdout(&o);
    for line in [
        "scaling events matched within ±2 min",
        "capacity, mean absolute error",
        "instance-hours",
        "ApproximateBacklogSize (Average)",
        "alarm state changes matched",
        "score",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    let csv = std::fs::read_to_string(out.join("backtest.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("minute,time,recorded_desired,simulated_desired"),
        "{header}"
    );
    assert!(header.contains(
        "recorded_ApproximateBacklogSize_Average,simulated_ApproximateBacklogSize_Average"
    ));
    assert_eq!(csv.lines().count(), 1 + 50);
    let width = header.split(',').count();
    assert!(csv.lines().all(|l| l.split(',').count() == width));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("backtest.json")).unwrap()).unwrap();
    assert_eq!(json["figures"]["events_recorded"], 3);
    assert!(json["figures"]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(json["minutes"], 50);
    let acts: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("simulated-scaling-activities.json")).unwrap(),
    )
    .unwrap();
    let list = acts["ScalingActivities"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().any(|a| a["Description"]
        .as_str()
        .unwrap()
        .starts_with("Setting desired instance count to")));
    assert!(out.join("backtest.svg").exists());
    // Pointed at another time, it says so.
    let o = run(&[
        "backtest",
        "scenarios/steady-poisson.toml",
        "--against",
        &format!("{FIX}/v1"),
        "--out",
        tmp.path().join("x").to_str().unwrap(),
    ]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("no datapoint in that window"),
        "{}",
        stderr(&o)
    );
}

const EXAMPLE: &str = "scenarios/aws-export-example";

#[test]
fn the_shipped_example_is_what_its_source_scenario_records() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rec");
    // The command in the source scenario's header and the example's README.
    let source = std::fs::read_to_string("scenarios/aws-export-example-source.toml")
        .unwrap_or_else(|_| {
            std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("scenarios/aws-export-example-source.toml"),
            )
            .unwrap()
        });
    let command: String = source
        .lines()
        .skip_while(|l| !l.starts_with("#   scalesim record-aws"))
        .take_while(|l| l.starts_with('#') && !l.trim_end().eq("#"))
        .map(|l| {
            l.trim_start_matches('#')
                .trim()
                .trim_end_matches('\\')
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut args: Vec<String> = command
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect();
    let at = args.iter().position(|a| a == "--out").unwrap();
    args[at + 1] = out.to_str().unwrap().to_string();
    args.push("--quiet".into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&refs);
    assert!(o.status.success(), "{command}: {}", stderr(&o));
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let mut names: Vec<String> = std::fs::read_dir(&shipped)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() > 8, "{names:?}");
    for name in &names {
        let a = std::fs::read(shipped.join(name)).unwrap();
        let b = std::fs::read(out.join(name)).unwrap_or_else(|_| panic!("{name} not written"));
        assert!(
            a == b,
            "{EXAMPLE}/{name} differs from what `{command}` writes; rerun it"
        );
    }
}

/// The output lines the README shows after `$ <command start>` (up to the end of its code
/// block), without those that name output paths or elide with `…`.
fn readme_output(command_start: &str) -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("$ {command_start}")))
        .unwrap_or_else(|| panic!("the README shows no `$ {command_start}`"));
    lines[at + 1..]
        .iter()
        .skip_while(|l| l.starts_with("    "))
        .take_while(|l| !l.starts_with("```"))
        .filter(|l| !l.contains("output/") && !l.contains('…'))
        .map(|l| l.to_string())
        .collect()
}

fn assert_shows(readme: &[String], out: &str, what: &str) {
    assert!(!readme.is_empty(), "{what}: nothing to compare");
    for line in readme {
        assert!(
            out.contains(line.as_str()),
            "README's {what} shows {line:?}, the command prints:\n{out}"
        );
    }
}

#[test]
fn the_walk_through_import_calibrate_backtest_as_the_readme_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let imp = tmp.path().join("imp");
    let o = import(&[EXAMPLE], &imp);
    assert_success(&o);
    assert_shows(
        &readme_output("scalesim import-aws"),
        &stdout(&o),
        "import-aws",
    );
    let scenario = imp.join("scenario.toml");
    let o = run(&[
        "calibrate",
        scenario.to_str().unwrap(),
        "--against",
        EXAMPLE,
        "--out",
        tmp.path().join("cal").to_str().unwrap(),
    ]);
    assert_success(&o);
    assert_shows(
        &readme_output("scalesim calibrate"),
        &stdout(&o),
        "calibrate",
    );
    let cal: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("cal/calibration.json")).unwrap())
            .unwrap();
    let best = |key: &str| {
        cal["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == key)
            .map(|p| {
                (
                    p["best"].as_str().unwrap().to_string(),
                    p["settled"].as_bool().unwrap(),
                )
            })
            .unwrap()
    };
    // The hidden settings of scenarios/aws-export-example-source.toml.
    assert_eq!(best("metrics.sample_interval").0, "\"1m\"");
    assert_eq!(best("metrics.metric_delay"), ("\"2m\"".into(), true));
    assert_eq!(
        best("policy.tt_current_capacity"),
        ("\"desired\"".into(), true)
    );
    assert_eq!(best("policy.cooldown_clock"), ("\"request\"".into(), true));
    assert_eq!(best("policy.refuse_while_updating"), ("false".into(), true));
    let calibrated = imp.join("scenario-calibrated.toml");
    let ctext = std::fs::read_to_string(&calibrated).unwrap();
    assert!(
        ctext.contains("# calibrated by scalesim calibrate (was \"1m\")"),
        "{ctext}"
    );
    let backtest = |s: &Path| {
        let out = tmp.path().join(s.file_stem().unwrap());
        let o = run(&[
            "backtest",
            s.to_str().unwrap(),
            "--against",
            EXAMPLE,
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_success(&o);
        let j: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("backtest.json")).unwrap()).unwrap();
        (j["figures"].clone(), stdout(&o))
    };
    let (before, text) = backtest(&scenario);
    assert_shows(
        &readme_output("scalesim backtest output/bursty-async-ep-import/scenario.toml"),
        &text,
        "backtest",
    );
    let (after, text) = backtest(&calibrated);
    assert_shows(
        &readme_output("scalesim backtest output/bursty-async-ep-import/scenario-calibrated.toml"),
        &text,
        "calibrated backtest",
    );
    assert!(after["score"].as_f64().unwrap() < 0.5 * before["score"].as_f64().unwrap());
    assert!(
        after["events_matched_share"].as_f64().unwrap() > 0.95,
        "{after}"
    );
    // Step 5: compare policies on the calibrated traffic.
    let o = run(&[
        "compare",
        calibrated.to_str().unwrap(),
        "--variant",
        "as-is:capacity.min=0",
        "--variant",
        "one-warm:capacity.min=1,capacity.initial=1",
        "--variant",
        "target-3:policy.target_tracking[0].target_value=3.0",
        "--no-charts",
        "--out",
        tmp.path().join("cmp").to_str().unwrap(),
    ]);
    assert_success(&o);
    let shown: Vec<String> = readme_output("scalesim compare output/bursty-async-ep-import")
        .into_iter()
        .map(|l| l.trim_end_matches(" …").trim_end().to_string())
        .collect();
    let text = stdout(&o);
    for line in shown.iter().skip(1) {
        // Each variant's row starts as the README shows it.
        assert!(
            text.lines().any(|l| l.starts_with(line.as_str())),
            "{line:?} in\n{text}"
        );
    }
}

#[test]
fn record_aws_refuses_other_platforms_and_unknown_series() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&[
        "record-aws",
        "scenarios/keep-alive-simfaas.toml",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert_exit(&o, 2);
    let o = run(&[
        "record-aws",
        "scenarios/scale-from-zero-recipe.toml",
        "--metric",
        "Nope:Average",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("ApproximateBacklogSize:Average"));
    let o = run(&[
        "record-aws",
        "scenarios/scale-from-zero-recipe.toml",
        "--timestamps",
        "iso+25:00",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert_exit(&o, 2);
}
