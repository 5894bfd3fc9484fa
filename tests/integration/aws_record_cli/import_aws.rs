//! `import-aws` on the fixtures: CLI v1 and v2 exports import to the same commented
//! scenario, and bad exports name the file and the JSON path.

use super::*;

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
