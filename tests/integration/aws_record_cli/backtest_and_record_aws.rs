//! `backtest` writes its figures and the simulated activities in AWS shape; `record-aws`
//! refuses other platforms and unknown series.

use super::*;

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
