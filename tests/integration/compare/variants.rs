//! Variants: from the command line (replacing the file's, keeping bracketed commas), every
//! variant sees the same requests, and platforms compare on the same trace.

use super::*;

#[test]
fn command_line_variants_replace_the_files_and_keep_bracketed_commas() {
    let (dir, file) = setup(SCENARIO);
    let out = dir.path().join("out");
    let cold = r#"cold:endpoint.cold_start={ provisioning = { kind = "deterministic", value = "30s" }, model_load = { kind = "deterministic", value = "1m" } },capacity.max=3"#;
    let stdout = ok(&[
        "compare",
        arg(&file),
        "--out",
        arg(&out),
        "--variant",
        "plain",
        "--variant",
        cold,
        "--set",
        "horizon=\"3h\"",
    ]);
    assert!(!stdout.contains("warm"), "file variants replaced: {stdout}");
    let (_, rows) = read_csv(&out.join("compare.csv"));
    let names: Vec<&str> = rows.iter().map(|r| r["variant"].as_str()).collect();
    assert_eq!(names, ["plain", "cold"]);
    assert_eq!(rows[0]["arrived"], rows[1]["arrived"]);
    assert!(!out.join("warm").exists());
    let html = std::fs::read_to_string(out.join("report.html")).expect("report");
    assert!(
        html.contains(&escape(r#"value = "30s" }"#)),
        "override shown"
    );
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("cold/summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(
        s["horizon_s"],
        3.0 * 3600.0,
        "--set applies to every variant"
    );
}

#[test]
fn every_variant_sees_the_same_requests() {
    let (dir, file) = setup(SCENARIO);
    let out = dir.path().join("out");
    ok(&[
        "compare",
        arg(&file),
        "--out",
        arg(&out),
        "--requests",
        "--no-charts",
        "-q",
        "--seed",
        "11",
    ]);
    let arrivals = |variant: &str| arrivals_by_id(&out.join(variant));
    let zero = arrivals("zero");
    assert!(zero.len() > 100);
    assert_eq!(zero, arrivals("warm"));
    assert_eq!(zero, arrivals("fixed"));
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("warm/summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(s["seed"], 11);
}

/// The shipped cross-platform comparison: every platform sees the same requests of the
/// real trace, and each shows its own mechanism (refusals on real-time inference
/// components, one cold start per new keep-alive instance, machines under copies).
#[test]
fn platforms_compare_on_the_same_trace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/compare-platforms.toml"
    );
    ok(&[
        "compare",
        file,
        "--out",
        arg(&out),
        "--requests",
        "--no-charts",
        "-q",
    ]);
    let (_, rows) = read_csv(&out.join("compare.csv"));
    let names: Vec<&str> = rows.iter().map(|r| r["variant"].as_str()).collect();
    assert_eq!(
        names,
        [
            "sagemaker-async",
            "sagemaker-realtime",
            "keda",
            "knative",
            "keep-alive"
        ]
    );
    let ids = |variant: &str| arrivals_by_id(&out.join(variant));
    let base = ids("sagemaker-async");
    assert_eq!(base.len(), 8819, "the whole trace, each request once");
    for name in &names[1..] {
        assert_eq!(base, ids(name), "{name} sees other requests");
    }
    let summary = |variant: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join(variant).join("summary.json")).unwrap())
            .unwrap()
    };
    let rt = summary("sagemaker-realtime");
    assert_eq!(rt["platform"], "sagemaker_realtime");
    assert!(
        rt["no_capacity_failures"].as_u64().unwrap() > 0,
        "refused at 0 copies"
    );
    let ka = summary("keep-alive");
    assert_eq!(ka["platform"], "keep_alive");
    assert!(ka["cold_starts"].as_u64().unwrap() >= 1);
    for (name, platform) in [("keda", "kubernetes"), ("knative", "kubernetes")] {
        assert_eq!(summary(name)["platform"], platform);
    }
    for r in &rows {
        assert_eq!(num(r, "arrived"), 8819.0);
    }
}
