//! The same files whatever the number of threads, after resuming an interrupted sweep, and
//! from shards (by flag and by scheduler environment) merged.

use super::*;

#[test]
fn outputs_do_not_depend_on_the_number_of_threads() {
    let (dir, file) = setup();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    ok(&[
        "sweep",
        arg(&file),
        "--out",
        arg(&one),
        "--jobs",
        "1",
        "--slo",
        "p99<=30m",
    ]);
    let stdout = full(&file, &two);
    assert!(
        stdout.contains("Pareto frontier") && stdout.contains("recommended"),
        "{stdout}"
    );
    assert_same_files(&one, &two, &FINAL_FILES);
    assert_same_files(
        &one,
        &two,
        &["recommended-aws/01-register-scalable-target.json"],
    );
    for chart in ["frontier.svg", "heatmap_latency.svg", "heatmap_cost.svg"] {
        assert!(one.join(chart).exists(), "{chart}");
    }
    // The report embeds the three charts, the frontier's data and every point's row.
    let html = String::from_utf8(read(&one.join("report.html"))).expect("utf-8");
    assert_eq!(
        html.matches("<svg").count(),
        3,
        "heatmaps and frontier inline"
    );
    assert!(html.contains("data-chart=\"frontier\""));
    assert!(html.contains("Recommended: point "), "the SLO's outcome");
    assert_eq!(html.matches("<tr><td>").count(), 4, "one row per point");
    let bare = String::from_utf8(read(&two.join("report.html"))).expect("utf-8");
    assert!(!bare.contains("<svg") && bare.contains("data-chart=\"frontier\""));
    let mut r = csv::Reader::from_path(one.join("sweep.csv")).expect("csv");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header[..5],
        [
            "point",
            "label",
            "replications",
            "policy.target_tracking[0].target_value",
            "capacity.min"
        ]
    );
    for col in [
        "cost_usd_mean",
        "p99_latency_s_ci95_lo",
        "expired_rate_ci95_hi",
    ] {
        assert!(header.iter().any(|h| h == col), "{col}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[1][4], "1");
    assert_eq!(&rows[2][3], "4.0");
    let jsonl = String::from_utf8(read(&one.join("points.jsonl"))).expect("utf-8");
    assert_eq!(jsonl.lines().count(), 12);
    assert!(jsonl
        .lines()
        .next()
        .is_some_and(|l| l.starts_with("{\"run\":0,\"point\":0")));
}

#[test]
fn resuming_an_interrupted_sweep_gives_the_same_files() {
    let (dir, file) = setup();
    let whole = dir.path().join("whole");
    full(&file, &whole);
    let jsonl = String::from_utf8(read(&whole.join("points.jsonl"))).expect("utf-8");
    let lines: Vec<&str> = jsonl.lines().collect();
    // Interrupted: runs in another order, some missing, the last line cut short.
    let cut = dir.path().join("cut");
    std::fs::create_dir_all(&cut).expect("mkdir");
    std::fs::copy(whole.join("manifest.json"), cut.join("manifest.json")).expect("copy");
    let partial = format!(
        "{}\n{}\n{}\n{}",
        lines[7],
        lines[2],
        lines[0],
        &lines[5][..lines[5].len() / 2]
    );
    std::fs::write(cut.join("points.jsonl"), partial).expect("write");
    ok(&[
        "sweep",
        arg(&file),
        "--out",
        arg(&cut),
        "--resume",
        "--slo",
        "p99<=30m",
        "--no-charts",
    ]);
    assert_same_files(&whole, &cut, &FINAL_FILES);
    assert_same_files(&whole, &cut, &["report.html"]);

    // Finished runs are kept, not run again: a changed figure shows in the results.
    let tampered = dir.path().join("tampered");
    std::fs::create_dir_all(&tampered).expect("mkdir");
    std::fs::copy(whole.join("manifest.json"), tampered.join("manifest.json")).expect("copy");
    let first = lines[0].replacen("\"cost_usd\":", "\"cost_usd\":12345", 1);
    std::fs::write(tampered.join("points.jsonl"), format!("{first}\n")).expect("write");
    ok(&[
        "sweep",
        arg(&file),
        "--out",
        arg(&tampered),
        "--resume",
        "--no-charts",
        "-q",
    ]);
    // Run again, the run would clash with the kept record (an error): it was kept as is.
    let kept = String::from_utf8(read(&tampered.join("points.jsonl"))).expect("utf-8");
    assert!(kept.contains("\"cost_usd\":12345"), "{kept}");
    assert_eq!(kept.lines().count(), 12);

    // A folder of another sweep is refused.
    std::fs::write(&file, SWEEP.replace("[1.0, 4.0]", "[1.0, 5.0]")).expect("edit");
    let o = scalesim_env(&["sweep", arg(&file), "--out", arg(&cut), "--resume"], &[]);
    expect_exit(&o, 2, "sweep --resume of another sweep's folder");
    assert!(stderr(&o).contains("different sweep"), "{}", stderr(&o));
}

#[test]
fn shards_by_flag_and_by_environment_merge_into_the_unsharded_files() {
    let (dir, file) = setup();
    let whole = dir.path().join("whole");
    full(&file, &whole);
    let (s0, s1, merged) = (
        dir.path().join("s0"),
        dir.path().join("s1"),
        dir.path().join("merged"),
    );
    let out0 = ok(&[
        "sweep",
        arg(&file),
        "--shard",
        "0/2",
        "--out",
        arg(&s0),
        "--jobs",
        "1",
    ]);
    assert!(out0.contains("shard 0/2: 6 of 12 runs"), "{out0}");
    assert!(
        !s0.join("sweep.csv").exists(),
        "a shard writes no final file"
    );
    let k8s = [("JOB_COMPLETION_INDEX", "1")];
    ok_env(
        &["sweep", arg(&file), "--shard-count", "2", "--out", arg(&s1)],
        &k8s,
    );
    let manifest = String::from_utf8(read(&s1.join("manifest.json"))).expect("utf-8");
    assert!(manifest.contains("\"shard\": \"1/2\""), "{manifest}");

    // One shard alone is not the whole sweep.
    let o = scalesim_env(&["merge", arg(&s0), "--out", arg(&merged)], &[]);
    expect_exit(&o, 2, "merge of one shard");
    assert!(
        stderr(&o).contains("6 of 12 runs are missing"),
        "{}",
        stderr(&o)
    );

    let slurm = [
        ("SLURM_ARRAY_TASK_ID", "0"),
        ("SLURM_ARRAY_TASK_COUNT", "1"),
    ];
    ok_env(
        &[
            "merge",
            arg(&s0),
            arg(&s1),
            "--out",
            arg(&merged),
            "--slo",
            "p99<=30m",
            "--no-charts",
        ],
        &slurm,
    );
    assert_same_files(&whole, &merged, &FINAL_FILES);
    assert_same_files(&whole, &merged, &["report.html"]);
    assert_same_files(&whole, &merged, &["recommended-aws/README.md"]);
}
