//! `scalesim explain`: the story's answers, times as durations or timestamps, JSON for
//! scripts, usage errors (exit 2), and the report's "Why did it scale?".

use crate::common::{run_fails, run_ok};

const STORY: &str = "scenarios/async-scale-to-zero-story.toml";

#[test]
fn explains_why_the_first_request_of_the_story_waited() {
    let text = run_ok(&["explain", STORY, "--at", "30s"]);
    for line in [
        "  time     queue  des  in  pend  A1         A2          proposed  result",
        "  0:04:00      5    0   0     0  ALARM 3/3  OK 0/15     1*        0 → 1",
        "  0:05:00      5    1   0     1  ALARM 3/3  OK 0/15     -         AlreadyAtMaxCapacity",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    let answer = text
        .split("answer: ")
        .find(|a| a.starts_with("the request"))
        .unwrap_or_else(|| panic!("no request answer in\n{text}"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for part in [
        "the request that arrived at 0:00:30 waited 10m30s and took 11m in all",
        "no instance was InService when it arrived (desired 0)",
        "High backlog-per-instance needs 3 of 3 datapoints > 1 of ApproximateBacklogSizePerInstance (Average), each published 1m after its minute ends",
        "it was ALARM at 0:04:00, 3m30s after it arrived, and desired went 0 → 1",
        "the new instance took 7m to start (InService at 0:11:00)",
    ] {
        assert!(answer.contains(part), "missing {part:?} in {answer}");
    }
    assert!(
        text.lines().all(|l| l.chars().count() <= 100),
        "a line is wider than 100 columns:\n{text}"
    );
}

#[test]
fn explains_the_scale_in_and_marks_its_minute() {
    let text = run_ok(&["explain", STORY, "--at", "29m", "--window", "2m"]);
    assert!(text.contains("\n> 0:29:00 "), "{text}");
    assert_eq!(
        text.matches("\n  0:").count() + text.matches("\n> 0:").count(),
        5,
        "{text}"
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("answer: scale-in at 0:29:00: desired 1 → 0, because Low backlog-per-instance is ALARM (15 of 15 datapoints < 0.9; ALARM needs 15 of 15)"),
        "{flat}"
    );
    let earlier = run_ok(&["explain", STORY, "--at", "20m", "--window", "0s"]);
    let flat = earlier.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("answer: no change at 0:20:00: desired stays 1 (1 InService, 0 pending), because no alarm is in ALARM: High backlog-per-instance is OK (0 of 3 datapoints > 1; ALARM needs 3 of 3); Low backlog-per-instance is OK (6 of 15 datapoints < 0.9; ALARM needs 15 of 15) [scalesim's name NoAlarmInAlarm"),
        "{flat}"
    );
}

#[test]
fn a_timestamp_reads_against_the_start_time_and_overrides_apply() {
    let by_duration = run_ok(&["explain", STORY, "--at", "4m"]);
    let by_timestamp = run_ok(&["explain", STORY, "--at", "2024-01-01T00:04:00Z"]);
    assert_eq!(by_duration, by_timestamp);
    let bigger = run_ok(&[
        "explain",
        STORY,
        "--at",
        "4m",
        "--set",
        "capacity.max=3",
        "--seed",
        "9",
    ]);
    assert!(bigger.contains("(seed 9)"), "{bigger}");
    assert!(
        bigger
            .lines()
            .any(|l| l.starts_with("> 0:04:00") && l.ends_with("3*        0 → 3")),
        "{bigger}"
    );
}

#[test]
fn json_lists_every_decision_with_full_alarm_names() {
    let text = run_ok(&["explain", STORY, "--at", "4m", "--window", "1m", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let list = v.as_array().expect("a list of records");
    let times: Vec<f64> = list.iter().filter_map(|d| d["time_s"].as_f64()).collect();
    assert_eq!(times, vec![180.0, 240.0, 300.0]);
    let d = &list[1];
    assert_eq!(d["result"], "scaled");
    assert_eq!(
        (d["desired"].as_u64(), d["desired_after"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(d["winner_policy"], "backlog-per-instance");
    let high = &d["alarms"][0];
    let name = high["name"].as_str().expect("name");
    assert!(
        name.starts_with("TargetTracking-") && name.contains("-AlarmHigh-"),
        "{name}"
    );
    assert_eq!(high["short_name"], "High backlog-per-instance");
    assert_eq!(high["state"], "ALARM");
    assert_eq!(high["previous_state"], "INSUFFICIENT_DATA");
    let values: Vec<f64> = high["datapoints"]
        .as_array()
        .expect("datapoints")
        .iter()
        .filter_map(|p| p["value"].as_f64())
        .collect();
    assert_eq!(values, vec![2.5, 5.0, 5.0]);
    assert_eq!(d["proposals"][0]["computed"], 5);
    assert_eq!(d["proposals"][0]["capacity"], 1);
    let later = &list[2];
    assert_eq!(later["reason"], "AlreadyAtMaxCapacity");
    assert_eq!(later["reason_source"], "aws");
    assert_eq!(list[0]["reason"], "NoAlarmInAlarm");
    assert_eq!(list[0]["reason_source"], "scalesim");
}

#[test]
fn a_bad_time_is_a_usage_error() {
    for (at, says) in [
        ("soon", "neither a duration from the start"),
        ("2h", "beyond the horizon (45m)"),
        ("2023-12-31T23:00:00Z", "before the scenario's start_time"),
    ] {
        let err = run_fails(&["explain", STORY, "--at", at], 2);
        assert!(
            err.contains("--at") && err.contains(says),
            "--at {at}: {err}"
        );
    }
    let err = run_fails(&["explain", STORY, "--at", "4m", "--window", "ten"], 2);
    assert!(err.contains("--window"), "{err}");
}

#[test]
fn the_run_report_explains_each_scaling_decision() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("o");
    let out_s = out.to_str().expect("utf-8 path");
    run_ok(&["run", STORY, "--no-charts", "--quiet", "--out", out_s]);
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(html.contains("<summary>Why did it scale? (2 scaling decisions)</summary>"));
    assert!(
        html.contains("scale-out at 0:04:00: desired 0 → 1"),
        "scale-out explained"
    );
    assert!(
        html.contains("scale-in at 0:29:00: desired 1 → 0"),
        "scale-in explained"
    );
    assert!(html.contains("<td><strong>0 → 1</strong></td>"));
}

#[test]
fn the_readme_example_is_what_the_command_prints() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README.md");
    let command = "scalesim explain scenarios/async-scale-to-zero-story.toml --at 4m --window 3m";
    let shown: Vec<&str> = readme
        .lines()
        .skip_while(|l| *l != format!("$ {command}"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert!(
        shown.len() > 20,
        "the README shows no `$ {command}` example"
    );
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let printed = run_ok(&args);
    assert_eq!(shown, printed.lines().collect::<Vec<_>>());
}
