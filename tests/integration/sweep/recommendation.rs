//! The SLO recommendation: exported exactly as `export-aws` does, no AWS JSON off
//! SageMaker, and an SLO no point meets said clearly with the closest points.

use super::*;

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
