//! Tests of reading AWS CLI outputs: the timestamp parser, the fixtures of
//! `tests/fixtures/aws-record/` (CLI v1 and v2, pages, bad and partial exports), in-memory
//! files for each error and warning, and inputs that must never panic.

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

// ---------------------------------------------------------------------------------------
// timestamps

#[test]
fn timestamps_in_every_form_are_utc_micros() {
    let base = 1_723_614_756_102_000; // 2024-08-14T05:52:36.102Z
    for s in [
        "2024-08-14T05:52:36.102Z",
        "2024-08-14T05:52:36.102z",
        "2024-08-14T05:52:36.102000Z",
        "2024-08-14T05:52:36.102000000Z",
        "2024-08-14T05:52:36.102999Z",
        "2024-08-14T13:52:36.102000+08:00",
        "2024-08-14T13:52:36.102+0800",
        "2024-08-14T13:52:36.102+08",
        "2024-08-14T00:52:36.102000-05:00",
        "2024-08-14T11:22:36.102+05:30",
        "2024-08-14T05:52:36.102",
        "2024-08-14 05:52:36.102",
        "2024-08-14T05:52:36,102Z",
        "  2024-08-14T05:52:36.102Z ",
        "1723614756.102",
        "1723614756.102000",
    ] {
        let want = if s.contains(".102999") {
            base + 999
        } else {
            base
        };
        assert_eq!(t(s), UtcMicros(want), "{s}");
    }
    assert_eq!(t("2024-08-14T05:52Z"), UtcMicros::from_secs(1_723_614_720));
    assert_eq!(
        t("2024-08-14T05:52:36Z"),
        UtcMicros::from_secs(1_723_614_756)
    );
    assert_eq!(t("2024-08-14T05:52:36.1Z").0 % 1_000_000, 100_000);
    assert_eq!(t("2024-08-14T05:52:36.123456789Z").0 % 1_000_000, 123_456);
    assert_eq!(t("1970-01-01T00:00:00Z"), UtcMicros(0));
    assert_eq!(
        t("2024-02-29T00:00:00Z"),
        UtcMicros::from_secs(1_709_164_800)
    );
    assert_eq!(
        t("2000-03-01T00:00:00+00:00"),
        UtcMicros::from_secs(951_868_800)
    );
    assert_eq!(t("1723614756"), UtcMicros::from_secs(1_723_614_756));
    // An offset crosses the date line.
    assert_eq!(
        t("2024-08-14T02:00:00+08:00"),
        t("2024-08-13T18:00:00Z"),
        "offset applied"
    );
}

#[test]
fn timestamps_as_json_numbers() {
    let n = |v: serde_json::Value| parse_time_value(&v);
    assert_eq!(
        n(serde_json::json!(1723614756.102)),
        Ok(UtcMicros(1_723_614_756_102_000))
    );
    assert_eq!(
        n(serde_json::json!(1462575838.171)),
        Ok(UtcMicros(1_462_575_838_171_000))
    );
    assert_eq!(
        n(serde_json::json!(1723614756)),
        Ok(UtcMicros::from_secs(1_723_614_756))
    );
    assert_eq!(n(serde_json::json!(0)), Ok(UtcMicros(0)));
    assert!(n(serde_json::json!(-1)).is_err());
    assert!(n(serde_json::json!(-1.5)).is_err());
    assert!(n(serde_json::json!(1e300)).is_err());
    assert!(n(serde_json::json!(u64::MAX)).is_err());
    let ms = n(serde_json::json!(1723614756102u64)).unwrap_err();
    assert!(ms.contains("epoch milliseconds"), "{ms}");
    let b = n(serde_json::json!(true)).unwrap_err();
    assert!(b.contains("found true/false"), "{b}");
    assert!(n(serde_json::json!(null)).is_err());
}

#[test]
fn bad_timestamps_say_what_is_wrong() {
    for (s, why) in [
        ("", "empty"),
        ("yesterday", "digits of the year"),
        ("2024-13-01T00:00:00Z", "month 13 is not 1 to 12"),
        ("2023-02-29T00:00:00Z", "day 29 is not 1 to 28 in 2023-02"),
        ("2024-04-31T00:00:00Z", "day 31 is not 1 to 30"),
        ("2024-08-14T24:00:00Z", "hour 24"),
        ("2024-08-14T05:60:00Z", "minute 60"),
        ("2024-08-14T05:52:61Z", "second 61"),
        ("2024-08-14T05:52:36.Z", "1 to 9 fractional digits"),
        (
            "2024-08-14T05:52:36.1234567890Z",
            "1 to 9 fractional digits",
        ),
        ("2024-08-14T05:52:36+25:00", "offset 25:00"),
        ("2024-08-14T05:52:36+08:0", "offset minutes"),
        ("2024-08-14T05:52:36Z junk", "unexpected text"),
        ("2024-08-14", "'T' and a time of day"),
        ("2024-08-14T05", "':' after the hour"),
        ("2024-08-14T05:52:36ZZ", "unexpected text"),
        ("２０２４-08-14T05:52:36Z", "non-ASCII"),
        ("1.2.3", "not a decimal number"),
        ("-5", "negative"),
        ("999999999999999", "out of range"),
        ("1723614756102", "epoch milliseconds"),
    ] {
        let e = parse_time_str(s).expect_err(s);
        assert!(e.contains(why), "{s:?}: {e}");
        assert!(e.contains("expected epoch seconds"), "{s:?}: {e}");
    }
}

#[test]
fn utc_text_is_exact_and_reads_back() {
    assert_eq!(format_utc(UtcMicros(0)), "1970-01-01T00:00:00Z");
    assert_eq!(
        format_utc(UtcMicros(1_723_614_756_102_000)),
        "2024-08-14T05:52:36.102Z"
    );
    assert_eq!(
        format_utc(UtcMicros(1_723_614_756_102_001)),
        "2024-08-14T05:52:36.102001Z"
    );
    assert_eq!(
        format_utc(t("2024-02-29T23:59:59Z")),
        "2024-02-29T23:59:59Z"
    );
}

proptest! {
    #[test]
    fn any_text_parses_or_errs_without_panic(s in "\\PC{0,40}") {
        let _ = parse_time_str(&s);
    }

    #[test]
    fn iso_like_text_never_panics(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(\\.[0-9]{0,11})?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?") {
        let _ = parse_time_str(&s);
    }

    #[test]
    fn utc_text_round_trips(us in 0i64..253_402_000_000_000_000) {
        let text = format_utc(UtcMicros(us));
        prop_assert_eq!(parse_time_str(&text), Ok(UtcMicros(us)));
        let secs = us / 1_000_000;
        let offset = chrono_free_offset_text(secs);
        prop_assert_eq!(parse_time_str(&offset), Ok(UtcMicros::from_secs(secs)));
    }
}

/// `secs` as local time at +08:00 with the offset written, without chrono.
fn chrono_free_offset_text(secs: i64) -> String {
    let shifted = format_utc(UtcMicros::from_secs(secs + 8 * 3600));
    format!("{}+08:00", shifted.trim_end_matches('Z'))
}

// ---------------------------------------------------------------------------------------
// labels, statistics, names

#[test]
fn labels_name_a_metric_and_maybe_a_statistic() {
    assert_eq!(
        parse_label("ApproximateBacklogSize"),
        Some(("ApproximateBacklogSize", None))
    );
    assert_eq!(
        parse_label("InvocationsProcessed"),
        Some(("InvocationsProcesssed", None))
    );
    for (label, stat) in [
        ("ApproximateBacklogSize Maximum", "Maximum"),
        ("ApproximateBacklogSize_Average", "Average"),
        ("ApproximateBacklogSize:sum", "Sum"),
        ("TotalProcessingTime p99", "p99"),
        ("TotalProcessingTime p99.9", "p99.9"),
        ("ModelLatency:SampleCount", "SampleCount"),
    ] {
        let (_, s) = parse_label(label).unwrap_or_else(|| panic!("{label}"));
        assert_eq!(s.as_deref(), Some(stat), "{label}");
    }
    for bad in [
        "Backlog per instance",
        "CPUUtilization",
        "ApproximateBacklogSize Median",
        "ApproximateBacklogSize p101",
        "",
    ] {
        assert_eq!(parse_label(bad), None, "{bad}");
    }
    assert_eq!(parse_stat("P50").as_deref(), Some("p50"));
    assert_eq!(parse_stat("p"), None);
    assert_eq!(parse_stat("p9."), None);
}

#[test]
fn readme_and_dot_files_are_skipped() {
    for skipped in [
        "README",
        "README.md",
        "readme.txt",
        "ReadMe.tar.gz",
        ".DS_Store",
        ".x.json",
    ] {
        assert!(is_skipped(skipped), "{skipped}");
    }
    for kept in [
        "READMEs.json",
        "my-readme.json",
        "policies.json",
        "notREADME.md",
    ] {
        assert!(!is_skipped(kept), "{kept}");
    }
}

// ---------------------------------------------------------------------------------------
// the fixtures: CLI v1

#[test]
fn v1_folder_reads_every_kind_of_file() {
    let r = load_ok(&["v1"]);
    let kinds: Vec<FileKind> = r.files.iter().map(|f| f.1).collect();
    use FileKind::*;
    assert_eq!(
        kinds,
        [
            DescribeAlarmHistory,
            DescribeAlarmHistory,
            DescribeAlarms,
            DescribeEndpointConfig,
            DescribeEndpoint,
            DescribeScalableTargets,
            DescribeScalingActivities,
            DescribeScalingActivities,
            DescribeScalingPolicies,
            DescribeScheduledActions,
            GetMetricData,
            GetMetricData,
            GetMetricData,
            GetMetricData,
            MetricDataQueries,
            GetMetricStatistics,
            GetMetricStatistics,
            Notifications,
        ]
    );
    // Sorted path order.
    let names: Vec<String> = r
        .files
        .iter()
        .map(|f| f.0.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    assert_eq!(r.endpoint_name.as_deref(), Some(EP));
    assert_eq!(r.variant_name.as_deref(), Some("AllTraffic"));
}

#[test]
fn v1_endpoint_and_config() {
    let r = load_ok(&["v1"]);
    let e = r.endpoint.as_ref().expect("describe-endpoint");
    assert_eq!(e.name, EP);
    assert_eq!(e.status.as_deref(), Some("InService"));
    assert_eq!(
        e.config_name.as_deref(),
        Some("my-async-ep-config-2024-08-01")
    );
    assert_eq!(e.max_concurrent_invocations_per_instance, Some(1));
    assert_eq!(e.creation_time, Some(t("2024-08-01T09:12:33.412Z")));
    assert_eq!(e.last_modified_time, Some(t("2024-08-14T06:34:02.330Z")));
    assert_eq!(e.variants.len(), 1);
    assert_eq!(e.variants[0].name, "AllTraffic");
    assert_eq!(e.variants[0].current_instance_count, Some(0));
    assert_eq!(
        e.arn.as_deref().and_then(endpoint::arn_region),
        Some("us-east-1")
    );
    let c = &r.endpoint_configs;
    assert_eq!(c.len(), 1);
    assert!(c[0].is_async);
    assert_eq!(
        c[0].variants[0].instance_type.as_deref(),
        Some("ml.g5.xlarge")
    );
    assert_eq!(c[0].variants[0].initial_instance_count, Some(1));
    assert_eq!(c[0].max_concurrent_invocations_per_instance, Some(1));
    assert_eq!(c[0].creation_time, Some(t("2024-08-01T09:10:05.118Z")));
}

#[test]
fn v1_scaling_objects_are_kept_with_utc_times() {
    let r = load_ok(&["v1"]);
    assert_eq!(r.scalable_targets.len(), 1);
    let target = &r.scalable_targets[0];
    assert_eq!(target.value["MinCapacity"], 0);
    assert_eq!(target.value["MaxCapacity"], 5);
    assert_eq!(target.value["CreationTime"], "2024-08-01T09:30:12.250Z");
    assert_eq!(target.origin.path, "ScalableTargets[0]");
    let names: Vec<&str> = r
        .scaling_policies
        .iter()
        .map(|p| p.value["PolicyName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Backlog-ScalingPolicy",
            "HasBacklogWithoutCapacity-ScalingPolicy"
        ]
    );
    assert_eq!(r.scaling_policies[1].origin.path, "ScalingPolicies[1]");
    let tt = &r.scaling_policies[0].value["TargetTrackingScalingPolicyConfiguration"];
    assert_eq!(tt["TargetValue"], 5.0);
    assert_eq!(
        tt["CustomizedMetricSpecification"]["MetricName"],
        "ApproximateBacklogSizePerInstance"
    );
    let actions: Vec<(&str, &serde_json::Value)> = r
        .scheduled_actions
        .iter()
        .map(|a| {
            (
                a.value["ScheduledActionName"].as_str().unwrap(),
                &a.value["StartTime"],
            )
        })
        .collect();
    assert_eq!(actions[0].0, "weekday-warm");
    assert_eq!(actions[0].1, "2024-08-05T00:00:00Z");
    assert_eq!(actions[1].0, "weekday-cold");
    assert!(actions[1].1.is_null());
}

#[test]
fn v1_activities_merged_from_two_pages_oldest_first() {
    let r = load_ok(&["v1"]);
    let a = &r.activities;
    // 2 + 3 on the pages, one repeated.
    assert_eq!(a.len(), 4);
    let starts: Vec<UtcMicros> = a.iter().map(|a| a.start).collect();
    assert_eq!(
        starts,
        [
            t("2024-08-14T05:52:36.102Z"),
            t("2024-08-14T06:05:21.633Z"),
            t("2024-08-14T06:28:24.518Z"),
            t("2024-08-14T06:35:24.009Z"),
        ]
    );
    assert_eq!(
        a.iter().map(|a| a.desired).collect::<Vec<_>>(),
        [Some(1), Some(4), Some(0), None]
    );
    assert_eq!(a[0].end, Some(t("2024-08-14T06:00:41.877Z")));
    assert_eq!(a[0].status, ActivityStatus::Successful);
    assert_eq!(
        a[0].trigger,
        Trigger::Alarm {
            alarm: "my-async-ep-HasBacklogWithoutCapacity".into(),
            policy: "HasBacklogWithoutCapacity-ScalingPolicy".into()
        }
    );
    assert!(a[1]
        .status_message
        .as_deref()
        .unwrap()
        .starts_with("Successfully set desired instance count to 4."));
    match &a[2].trigger {
        Trigger::Alarm { alarm, policy } => {
            assert!(alarm.contains("-AlarmLow-"));
            assert_eq!(policy, "Backlog-ScalingPolicy");
        }
        other => panic!("{other:?}"),
    }
    let not = &a[3];
    assert_eq!(not.status, ActivityStatus::Failed);
    assert_eq!(not.not_scaled.len(), 1);
    assert_eq!(not.not_scaled[0].code, "AlreadyAtMinCapacity");
    assert_eq!(not.not_scaled[0].current_capacity, Some(0));
    assert_eq!(not.not_scaled[0].min_capacity, Some(0));
    assert_eq!(not.not_scaled[0].max_capacity, None);
    // The repeated activity is kept from the first page read.
    assert!(a[2]
        .origin
        .file
        .ends_with("describe-scaling-activities-page1.json"));
    assert_eq!(a[2].origin.path, "ScalingActivities[1]");
}

#[test]
fn v1_alarms_and_their_history() {
    let r = load_ok(&["v1"]);
    assert_eq!(r.alarms.len(), 3);
    let high = r
        .alarms
        .iter()
        .find(|a| a.hidden_role() == Some(alarms::HiddenRole::High))
        .expect("AlarmHigh");
    assert_eq!(high.period_s, Some(60));
    assert_eq!(high.evaluation_periods, Some(3));
    assert_eq!(high.datapoints_to_alarm, Some(3));
    assert_eq!(high.threshold, Some(5.0));
    assert_eq!(
        high.comparison_operator.as_deref(),
        Some("GreaterThanThreshold")
    );
    assert_eq!(high.statistic.as_deref(), Some("Average"));
    assert_eq!(high.endpoint(), Some(EP));
    assert!(high.raw["StateReasonData"]
        .as_str()
        .unwrap()
        .contains("recentDatapoints"));
    assert_eq!(
        high.raw["StateUpdatedTimestamp"],
        "2024-08-14T06:14:21.006Z"
    );
    let low = r
        .alarms
        .iter()
        .find(|a| a.hidden_role() == Some(alarms::HiddenRole::Low))
        .expect("AlarmLow");
    assert_eq!(
        (low.evaluation_periods, low.datapoints_to_alarm),
        (Some(15), Some(15))
    );
    assert_eq!(low.threshold, Some(4.5));
    assert_eq!(low.state.as_deref(), Some("ALARM"));
    let step = r
        .alarms
        .iter()
        .find(|a| a.hidden_role().is_none())
        .expect("step alarm");
    assert_eq!(
        step.metric_name.as_deref(),
        Some("HasBacklogWithoutCapacity")
    );
    assert_eq!(step.treat_missing_data.as_deref(), Some("missing"));
    assert_eq!(step.actions_enabled, Some(true));
    assert!(step.alarm_actions[0].ends_with(":policyName/HasBacklogWithoutCapacity-ScalingPolicy"));

    let h = &r.alarm_history;
    // 5 StateUpdate items (one on both pages); Action and ConfigurationUpdate skipped.
    assert_eq!(h.len(), 5);
    let summary: Vec<(UtcMicros, &str, &str)> = h
        .iter()
        .map(|x| (x.time, x.from.as_str(), x.to.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (t("2024-08-14T05:52:35.218Z"), "OK", "ALARM"),
            (t("2024-08-14T06:02:34.907Z"), "ALARM", "OK"),
            (t("2024-08-14T06:05:20.412Z"), "OK", "ALARM"),
            (t("2024-08-14T06:14:21.006Z"), "ALARM", "OK"),
            (t("2024-08-14T06:28:23.771Z"), "OK", "ALARM"),
        ]
    );
    assert_eq!(h[0].alarm, "my-async-ep-HasBacklogWithoutCapacity");
    assert!(h[4].alarm.contains("-AlarmLow-"));
}

#[test]
fn v1_metric_pages_merged_and_sorted() {
    let r = load_ok(&["v1"]);
    let names: Vec<(&str, &str)> = r
        .metrics
        .iter()
        .map(|s| (s.metric.as_str(), s.stat.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("ApproximateAgeOfOldestRequest", "Maximum"),
            ("ApproximateBacklogSize", "Average"),
            ("ApproximateBacklogSizePerInstance", "Average"),
            ("HasBacklogWithoutCapacity", "Maximum"),
            ("InvocationsProcesssed", "Sum"),
            ("ModelLatency", "Average"),
            ("ModelLatency", "Maximum"),
            ("ModelLatency", "Minimum"),
            ("ModelLatency", "SampleCount"),
            ("TotalProcessingTime", "p50"),
            ("TotalProcessingTime", "p99"),
        ]
    );
    let backlog = r.series("ApproximateBacklogSize", "Average").unwrap();
    // 05:46 to 06:35 over three pages; page 2 repeats one minute of page 1.
    assert_eq!(backlog.points.len(), 50);
    assert!(backlog
        .points
        .windows(2)
        .all(|w| w[1].0 .0 - w[0].0 .0 == 60_000_000));
    assert_eq!(
        backlog.span(),
        Some((t("2024-08-14T05:46:00Z"), t("2024-08-14T06:35:00Z")))
    );
    assert_eq!(backlog.at(t("2024-08-14T05:51:00Z")), Some(5.0));
    assert_eq!(backlog.at(t("2024-08-14T05:49:00Z")), Some(0.0));
    assert_eq!(backlog.period_s, 60);
    assert_eq!(backlog.assumption, None);
    assert_eq!(
        backlog.dimensions,
        [("EndpointName".to_string(), EP.to_string())]
    );
    assert_eq!(backlog.origins.len(), 3);
    assert_eq!(backlog.origins[0].path, "MetricDataResults[0]");
    // The Label "Backlog per instance" names nothing; the query file does.
    let per = r
        .series("ApproximateBacklogSizePerInstance", "Average")
        .unwrap();
    assert_eq!(per.points.len(), 35);
    assert_eq!(per.points[0], (t("2024-08-14T06:01:00Z"), 5.0));
    assert_eq!(per.at(t("2024-08-14T06:00:00Z")), None);
    // The statistic is the query's (Maximum), not the metric's usual one.
    let hb = r.series("HasBacklogWithoutCapacity", "Maximum").unwrap();
    assert_eq!(hb.at(t("2024-08-14T05:50:00Z")), Some(1.0));
    assert_eq!(hb.at(t("2024-08-14T06:01:00Z")), Some(0.0));
    assert!(r.series("HasBacklogWithoutCapacity", "Average").is_none());
}

#[test]
fn v1_metrics_without_query_file_are_read_from_the_label() {
    let r = load_ok(&["v1"]);
    let p = r.series("InvocationsProcesssed", "Sum").unwrap();
    assert_eq!(
        p.assumption.as_deref(),
        Some(
            "statistic not in the file (no query file matched Id \"processed\"); assumed Sum \
             from the Label; period 60 s inferred from the spacing of the timestamps (no \
             query file gave it)"
        )
    );
    assert_eq!(p.period_s, 60);
    assert!(p.dimensions.is_empty());
    // Missing minutes stay missing.
    assert_eq!(p.points.len(), 12);
    for m in ["06:02", "06:07", "06:12"] {
        assert_eq!(p.at(t(&format!("2024-08-14T{m}:00Z"))), None, "{m}");
    }
    assert_eq!(p.at(t("2024-08-14T06:14:00Z")), Some(4.0));
    assert_eq!(p.points.iter().map(|x| x.1).sum::<f64>(), 17.0);
    let age = r
        .series("ApproximateAgeOfOldestRequest", "Maximum")
        .unwrap();
    assert!(age.assumption.as_deref().unwrap().starts_with(
        "metric and statistic read from the Label \"ApproximateAgeOfOldestRequest Maximum\""
    ));
    assert!(age.points.windows(2).all(|w| w[0].0 < w[1].0));
}

#[test]
fn v1_metric_statistics_in_any_order() {
    let r = load_ok(&["v1"]);
    let p99 = r.series("TotalProcessingTime", "p99").unwrap();
    let p50 = r.series("TotalProcessingTime", "p50").unwrap();
    assert_eq!(p99.points.len(), 12);
    assert!(p99.points.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    assert_eq!(
        p99.span(),
        Some((t("2024-08-14T06:01:00Z"), t("2024-08-14T06:15:00Z")))
    );
    assert_eq!(p99.at(t("2024-08-14T06:02:00Z")), None);
    assert_eq!(p99.period_s, 60);
    assert!(p50
        .points
        .iter()
        .zip(&p99.points)
        .all(|(a, b)| a.0 == b.0 && a.1 <= b.1));
    assert!(p99
        .assumption
        .as_deref()
        .unwrap()
        .contains("inferred from the spacing"));
    assert_eq!(r.stats_of("TotalProcessingTime"), ["p50", "p99"]);
}

#[test]
fn v1_notifications_sorted_and_unwrapped() {
    let r = load_ok(&["v1"]);
    let n = &r.notifications;
    assert_eq!(n.len(), 17);
    assert!(n.windows(2).all(|w| w[0].received <= w[1].received));
    assert_eq!(n[0].received, t("2024-08-14T05:50:12.311Z"));
    assert_eq!(n[0].event, t("2024-08-14T06:01:56.877Z"));
    // Line 4 was in its SNS envelope.
    assert_eq!(n[3].received, t("2024-08-14T05:50:33.517Z"));
    assert_eq!(n[3].endpoint_name.as_deref(), Some(EP));
    let failed: Vec<_> = n
        .iter()
        .filter(|x| x.status == InvocationStatus::Failed)
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]
        .failure_reason
        .as_deref()
        .unwrap()
        .contains("CUDA out of memory"));
    assert!(n.iter().all(|x| x.inference_id.is_some()));
}

// ---------------------------------------------------------------------------------------
// CLI v1 and v2 read alike

/// `r` without the places things were read (file names differ between the folders).
fn content(r: &Recorded) -> String {
    let mut r = r.clone();
    let blank = |o: &mut Origin| {
        o.file = PathBuf::new();
    };
    r.files.iter_mut().for_each(|f| {
        f.0 = PathBuf::from(f.0.file_name().unwrap());
    });
    if let Some(e) = r.endpoint.as_mut() {
        blank(&mut e.origin);
    }
    r.endpoint_configs
        .iter_mut()
        .for_each(|c| blank(&mut c.origin));
    for list in [
        &mut r.scalable_targets,
        &mut r.scaling_policies,
        &mut r.scheduled_actions,
    ] {
        list.iter_mut().for_each(|i| blank(&mut i.origin));
    }
    r.alarms.iter_mut().for_each(|a| blank(&mut a.origin));
    r.alarm_history
        .iter_mut()
        .for_each(|h| blank(&mut h.origin));
    r.activities.iter_mut().for_each(|a| blank(&mut a.origin));
    r.metrics
        .iter_mut()
        .for_each(|s| s.origins.iter_mut().for_each(blank));
    format!("{r:#?}")
}

#[test]
fn cli_v1_and_v2_exports_read_the_same() {
    let v1 = load_ok(&["v1"]);
    let v2 = load_ok(&["v2"]);
    // The files differ (epoch numbers and Z against +08:00 / -05:00 offsets)...
    let raw1 =
        std::fs::read_to_string(fixture("v1/describe-scaling-activities-page2.json")).unwrap();
    let raw2 =
        std::fs::read_to_string(fixture("v2/describe-scaling-activities-page2.json")).unwrap();
    assert!(raw1.contains("1723614756.102"));
    assert!(raw2.contains("2024-08-14T00:52:36.102000-05:00"));
    let m2 = std::fs::read_to_string(fixture("v2/metric-data-page1.json")).unwrap();
    assert!(m2.contains("+08:00"));
    // ... what they say does not.
    let (a, b) = (content(&v1), content(&v2));
    if a != b {
        let diff = a
            .lines()
            .zip(b.lines())
            .find(|(x, y)| x != y)
            .map(|(x, y)| format!("v1: {x}\nv2: {y}"));
        panic!("v1 and v2 differ:\n{}", diff.unwrap_or_default());
    }
}

// ---------------------------------------------------------------------------------------
// bad and partial exports

#[test]
fn a_truncated_file_is_a_syntax_error_with_its_position() {
    let e = load_err(&["bad/truncated-describe-alarms.json"]);
    match &e {
        InputError::Syntax {
            file,
            line,
            column,
            message,
        } => {
            assert!(file.ends_with("truncated-describe-alarms.json"));
            assert!(*line > 1 && *column > 1, "{line}:{column}");
            assert!(message.starts_with("EOF while parsing"), "{message}");
            assert!(!message.contains(" at line "), "{message}");
        }
        other => panic!("{other}"),
    }
    // Beside good files it stops the load as well.
    let paths = [fixture("v1"), fixture("bad/truncated-describe-alarms.json")];
    assert!(matches!(
        load_paths(&paths, &LoadOptions::default()),
        Err(InputError::Syntax { .. })
    ));
}

#[test]
fn metrics_of_another_endpoint_are_dropped_with_a_warning() {
    let r = load_ok(&[
        "v1",
        "bad/other-endpoint-metric-queries.json",
        "bad/other-endpoint-metric-data.json",
    ]);
    assert_eq!(r.endpoint_name.as_deref(), Some(EP));
    let w: Vec<&String> = r
        .warnings
        .iter()
        .filter(|w| w.contains("other-ep"))
        .collect();
    assert_eq!(w.len(), 1, "{:#?}", r.warnings);
    assert!(w[0].contains("other-endpoint-metric-data.json: MetricDataResults[0]: Id \"o1\""));
    assert!(w[0].contains("EndpointName \"other-ep\", not this endpoint's (\"my-async-ep\")"));
    assert!(w[0].contains("other-endpoint-metric-queries.json: [0].MetricStat.Metric.Dimensions"));
    assert!(w[0].ends_with("; ignored"));
    // o1 is ApproximateBacklogSize of other-ep: the series keeps only my-async-ep's 50.
    assert_eq!(
        r.series("ApproximateBacklogSize", "Average")
            .unwrap()
            .points
            .len(),
        50
    );
    // o2 (ModelLatency of this endpoint, 300 s) gives way to v1's 1-minute ModelLatency,
    // with a warning: one series has one period.
    let ml = r.series("ModelLatency", "Average").unwrap();
    assert_eq!(ml.period_s, 60);
    assert_eq!(ml.points.len(), 11);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("other-endpoint-metric-data.json")
            && w.contains(
                "ModelLatency Average has 300-second datapoints here and 60-second ones"
            )));
    // Alone beside a file without ModelLatency, o2 is kept with its period and dimensions.
    let alone = load_ok(&[
        "v1/describe-endpoint.json",
        "bad/other-endpoint-metric-queries.json",
        "bad/other-endpoint-metric-data.json",
    ]);
    let ml = alone.series("ModelLatency", "Average").unwrap();
    assert_eq!(ml.period_s, 300);
    assert_eq!(ml.points.len(), 3);
    assert_eq!(ml.points[0].0, t("2024-08-14T06:00:00Z"));
    assert_eq!(ml.dimensions.len(), 2);
    assert_eq!(ml.assumption, None);
}

#[test]
fn policies_of_other_resources_are_dropped_with_a_warning() {
    let r = load_ok(&["v1", "bad/policy-other-resource.json"]);
    // The duplicate of v1's target tracking policy is merged silently.
    assert_eq!(r.scaling_policies.len(), 2);
    assert_eq!(r.warnings.len(), 2, "{:#?}", r.warnings);
    assert!(r.warnings[0].ends_with(
        "policy-other-resource.json: ScalingPolicies[1]: ResourceId \
         \"endpoint/other-ep/variant/AllTraffic\" is not this endpoint's \
         (\"endpoint/my-async-ep/variant/AllTraffic\"); ignored"
    ));
    assert!(r.warnings[1].contains("policy-other-resource.json: ScalingPolicies[2]: ResourceId \"inference-component/my-ic-1\" is an inference component"));
}

#[test]
fn a_partial_page_alone_warns_to_fetch_the_next() {
    let r = load_ok(&["bad/partial-data-alone.json"]);
    assert_eq!(r.warnings.len(), 1, "{:#?}", r.warnings);
    let w = &r.warnings[0];
    assert!(w.contains("partial-data-alone.json: MetricDataResults[0].StatusCode: PartialData and no further page of Id \"b1\" was found; the series may stop early (rerun get-metric-data with --next-token eyJwYWdlIjoiMiIsInF1ZXJ5IjoiYjEifQ== and save that page too)"), "{w}");
    let s = r.series("ApproximateBacklogSize", "Maximum").unwrap();
    assert_eq!(s.points.len(), 3);
    assert_eq!(s.points[0], (t("2024-08-14T06:23:00Z"), 1.0));
    // With the v1 pages, whose Ids differ, the warning stays.
    let r = load_ok(&["v1", "bad/partial-data-alone.json"]);
    assert_eq!(r.warnings.len(), 1, "{:#?}", r.warnings);
}

#[test]
fn a_second_value_for_a_datapoint_keeps_the_first_and_warns_once() {
    let r = load_ok(&["v1", "bad/conflicting-metric-page.json"]);
    assert_eq!(r.warnings.len(), 1, "{:#?}", r.warnings);
    let w = &r.warnings[0];
    assert!(
        w.contains("conflicting-metric-page.json: MetricDataResults[0].Timestamps[0]: InvocationsProcesssed Sum at 2024-08-14T06:06:00.000Z is 3 here and 1 in"),
        "{w}"
    );
    assert!(
        w.contains("metric-data-by-label.json; kept the first"),
        "{w}"
    );
    let p = r.series("InvocationsProcesssed", "Sum").unwrap();
    assert_eq!(p.at(t("2024-08-14T06:05:00Z")), Some(1.0));
    assert_eq!(p.at(t("2024-08-14T06:06:00Z")), Some(1.0));
    assert_eq!(p.points.len(), 12);
    assert_eq!(p.origins.len(), 2);
}

#[test]
fn a_folder_skips_what_it_cannot_read_with_warnings() {
    let r = load_ok(&["mixed"]);
    assert_eq!(r.files.len(), 1);
    assert_eq!(r.files[0].1, FileKind::DescribeEndpoint);
    assert_eq!(r.warnings.len(), 2, "{:#?}", r.warnings);
    assert!(r.warnings[0].contains("not-json.txt: not an AWS CLI output scalesim reads (not JSON: it begins \"SCALINGACTIVITIES"));
    assert!(r.warnings[0].ends_with("; ignored"));
    assert!(r.warnings[1].contains("unknown.json: not an AWS CLI output scalesim reads (its top-level keys (Account, Arn, UserId) are those of no output it knows); ignored"));
    // README and dot files are not even mentioned.
    assert!(!has(&r.warnings, "ReadMe"));
    assert!(!has(&r.warnings, "editor-backup"));
}

#[test]
fn a_file_named_on_its_own_must_be_readable() {
    for (rel, why) in [
        (
            "mixed/unknown.json",
            "its top-level keys (Account, Arn, UserId)",
        ),
        ("mixed/not-json.txt", "not JSON"),
    ] {
        let e = load_err(&[rel]);
        let text = e.to_string();
        assert!(text.contains(rel), "{text}");
        assert!(
            text.contains(&format!("not an AWS CLI output scalesim reads ({why}")),
            "{text}"
        );
        assert!(text.contains("aws cloudwatch get-metric-data"), "{text}");
    }
}

#[test]
fn subfolders_are_not_read() {
    let r = load_ok(&[""]);
    assert!(r.files.is_empty());
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
}

#[cfg(unix)]
#[test]
fn a_socket_is_refused_before_it_is_opened() {
    // A socket the test makes stands for every file that is not a regular one.
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let e = load_paths(&[socket.clone()], &LoadOptions::default()).unwrap_err();
    let text = e.to_string();
    assert!(text.contains(&socket.display().to_string()), "{text}");
    assert!(text.contains("not a regular file"), "{text}");
}

#[test]
fn files_above_the_limit_are_refused() {
    let p = fixture("v1/describe-endpoint.json");
    assert!(read_limited(&p, 100_000).is_ok());
    let text = read_limited(&p, 100).unwrap_err().to_string();
    assert!(text.contains("describe-endpoint.json"), "{text}");
    assert!(text.contains("larger than 100 bytes"), "{text}");
    assert_eq!(load::MAX_FILE_BYTES, 1 << 30);
}

#[test]
fn a_missing_path_is_a_read_error() {
    let e = load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws-record/nope"),
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, InputError::Read { .. }), "{e}");
}

// ---------------------------------------------------------------------------------------
// in-memory files: every error and warning names the file and the JSON path

const ACTIVITY: &str = r#"{"ActivityId": "a1", "ServiceNamespace": "sagemaker",
    "ResourceId": "endpoint/my-async-ep/variant/AllTraffic",
    "ScalableDimension": "sagemaker:variant:DesiredInstanceCount",
    "Description": "Setting desired instance count to 2.",
    "Cause": "monitor alarm A in state ALARM triggered policy P",
    "StartTime": 1723614756.102, "StatusCode": "Successful"}"#;

fn activities(items: &[&str]) -> String {
    format!("{{\"ScalingActivities\": [{}]}}", items.join(","))
}

#[test]
fn activity_problems_are_issues_at_their_path() {
    let bad_time = ACTIVITY.replace("1723614756.102", "\"2024-13-01T00:00:00Z\"");
    let bad_status = ACTIVITY.replace("Successful", "Done");
    let missing = ACTIVITY.replace("\"ActivityId\": \"a1\",", "");
    let text = activities(&[ACTIVITY, &bad_time, &bad_status, &missing, "3"]);
    let issues = mem_issues(&[("act.json", &text)], "act.json");
    assert_has(&issues, "ScalingActivities[1].StartTime: \"2024-13-01T00:00:00Z\" is not a timestamp: month 13 is not 1 to 12");
    assert_has(&issues, "ScalingActivities[2].StatusCode: \"Done\" is not a StatusCode of a scaling activity; expected Pending, InProgress, Successful, Overridden, Unfulfilled or Failed");
    assert_has(&issues, "ScalingActivities[3].ActivityId: missing");
    assert_has(
        &issues,
        "ScalingActivities[4]: expected an object, found a number",
    );
    assert_eq!(issues.len(), 4, "{issues:#?}");
    let e = mem(&[("act.json", &text)]).unwrap_err().to_string();
    assert!(e.starts_with("act.json: 4 problem(s):"), "{e}");
}

#[test]
fn activity_times_are_read_in_any_form() {
    let iso = ACTIVITY.replace("1723614756.102", "\"2024-08-14T13:52:36.102+0800\"");
    let r = mem_ok(&[("a.json", &activities(&[&iso]))]);
    assert_eq!(r.activities[0].start, t("2024-08-14T05:52:36.102Z"));
    assert_eq!(r.activities[0].desired, Some(2));
    assert_eq!(r.activities[0].end, None);
}

fn metric_data(results: &str) -> String {
    format!("{{\"MetricDataResults\": [{results}], \"Messages\": []}}")
}

#[test]
fn timestamps_and_values_must_pair_up() {
    let text = metric_data(
        r#"{"Id": "m1", "Label": "ApproximateBacklogSize",
            "Timestamps": ["2024-08-14T06:01:00Z", "2024-08-14T06:00:00Z"], "Values": [1.0],
            "StatusCode": "Complete"},
           {"Id": "m2", "Label": "ApproximateBacklogSize",
            "Timestamps": ["2024-08-14T06:01:00Z", "soon"], "Values": [1.0, "x"],
            "StatusCode": "Complete"}"#,
    );
    let issues = mem_issues(&[("md.json", &text)], "md.json");
    assert_has(
        &issues,
        "MetricDataResults[0].Values: 1 values for 2 Timestamps",
    );
    assert_has(
        &issues,
        "MetricDataResults[1].Timestamps[1]: \"soon\" is not a timestamp",
    );
    assert_has(
        &issues,
        "MetricDataResults[1].Values[1]: expected a number, found a string",
    );
}

#[test]
fn sub_minute_data_is_refused() {
    let text = metric_data(
        r#"{"Id": "m1", "Label": "ApproximateBacklogSize",
            "Timestamps": ["2024-08-14T06:00:20Z", "2024-08-14T06:00:10Z", "2024-08-14T06:00:00Z"],
            "Values": [1.0, 2.0, 3.0], "StatusCode": "Complete"}"#,
    );
    let issues = mem_issues(&[("hr.json", &text)], "hr.json");
    assert_has(&issues, "MetricDataResults[0].Timestamps: ApproximateBacklogSize Average: datapoints 10 s apart are sub-minute data; scalesim reads 1-minute or coarser data");
    let queries = r#"[{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "AWS/SageMaker",
        "MetricName": "ApproximateBacklogSize"}, "Period": 10, "Stat": "Average"}},
        {"Id": "m2", "MetricStat": {"Metric": {"Namespace": "AWS/SageMaker",
        "MetricName": "ApproximateBacklogSize"}, "Period": 90, "Stat": "Maximum"}}]"#;
    let issues = mem_issues(&[("q.json", queries)], "q.json");
    assert_has(&issues, "[0].MetricStat.Period: 10 s is sub-minute data: scalesim reads 1-minute or coarser data; use a Period of 60 (or a multiple of 60)");
    assert_has(
        &issues,
        "[1].MetricStat.Period: 90 s is not a multiple of 60",
    );
    let stats = r#"{"Label": "ModelLatency", "Datapoints": [
        {"Timestamp": "2024-08-14T06:00:30Z", "Average": 2.0},
        {"Timestamp": "2024-08-14T06:00:00Z", "Average": 1.0}]}"#;
    let issues = mem_issues(&[("s.json", stats)], "s.json");
    assert_has(
        &issues,
        "Datapoints: ModelLatency Average: datapoints 30 s apart",
    );
}

#[test]
fn status_codes_warn() {
    let text = metric_data(
        r#"{"Id": "m1", "Label": "ApproximateBacklogSize", "Timestamps": [], "Values": [],
            "StatusCode": "Forbidden", "Messages": [{"Code": "Forbidden", "Value": "User is not authorized"}]},
           {"Id": "m2", "Label": "ApproximateBacklogSize", "Timestamps": [], "Values": [],
            "StatusCode": "InternalError"}"#,
    );
    let r = mem_ok(&[("st.json", &text)]);
    assert_eq!(
        r.warnings,
        [
            "st.json: MetricDataResults[0].StatusCode: Forbidden (Forbidden: User is not authorized); the datapoints of Id \"m1\" may be missing",
            "st.json: MetricDataResults[1].StatusCode: InternalError; the datapoints of Id \"m2\" may be missing",
        ]
    );
    assert!(r.metrics.is_empty(), "no points: no series");
    let bad = metric_data(r#"{"Id": "m1", "Timestamps": [], "Values": [], "StatusCode": "Done"}"#);
    let issues = mem_issues(&[("st.json", &bad)], "st.json");
    assert_has(&issues, "MetricDataResults[0].StatusCode: \"Done\" is not a StatusCode; expected Complete, PartialData, InternalError or Forbidden");
}

#[test]
fn pages_of_one_command_continue_a_partial_result() {
    let page = |token: &str, ts: &str, v: f64, status: &str| {
        format!(
            r#"{{"MetricDataResults": [{{"Id": "m1", "Label": "ApproximateBacklogSize",
            "Timestamps": ["{ts}"], "Values": [{v}], "StatusCode": "{status}"}}]{token}}}"#
        )
    };
    let p1 = page(
        ", \"NextToken\": \"t2\"",
        "2024-08-14T06:01:00Z",
        2.0,
        "PartialData",
    );
    let p2 = page("", "2024-08-14T06:00:00Z", 1.0, "Complete");
    let r = mem_ok(&[("p1.json", &p1), ("p2.json", &p2)]);
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    let s = r.series("ApproximateBacklogSize", "Average").unwrap();
    assert_eq!(
        s.points,
        [
            (t("2024-08-14T06:00:00Z"), 1.0),
            (t("2024-08-14T06:01:00Z"), 2.0)
        ]
    );
    let r = mem_ok(&[("p1.json", &p1)]);
    assert_has(&r.warnings, "--next-token t2");
    // One datapoint: the period is assumed, and said.
    assert!(r.metrics[0]
        .assumption
        .as_deref()
        .unwrap()
        .contains("period assumed 60 s"));
}

#[test]
fn labels_that_name_no_metric_are_skipped() {
    let text = metric_data(
        r#"{"Id": "c1", "Label": "CPUUtilization", "Timestamps": ["2024-08-14T06:00:00Z"],
            "Values": [12.5], "StatusCode": "Complete"},
           {"Id": "c2", "Timestamps": ["2024-08-14T06:00:00Z"], "Values": [1.0],
            "StatusCode": "Complete"}"#,
    );
    let r = mem_ok(&[("l.json", &text)]);
    assert!(r.metrics.is_empty());
    assert_eq!(r.warnings.len(), 2);
    assert!(r.warnings[0].starts_with("l.json: MetricDataResults[0].Label: \"CPUUtilization\" names no metric of a SageMaker asynchronous endpoint and no query file has Id \"c1\"; ignored"));
    assert!(r.warnings[1]
        .starts_with("l.json: MetricDataResults[1]: no Label and no query file with Id \"c2\""));
}

const QUERIES_AB: &str = r#"{"MetricDataQueries": [
    {"Id": "a", "MetricStat": {"Metric": {"Namespace": "AWS/SageMaker", "MetricName": "InvocationsProcessed",
      "Dimensions": [{"Name": "EndpointName", "Value": "my-async-ep"}, {"Name": "VariantName", "Value": "AllTraffic"}]},
      "Period": 300, "Stat": "Sum"}, "Label": "processed"},
    {"Id": "e", "Expression": "a / 5", "Label": "per minute"}],
    "StartTime": "2024-08-14T06:00:00Z", "EndTime": "2024-08-14T07:00:00Z"}"#;

fn ab_output(label: &str) -> String {
    metric_data(&format!(
        r#"{{"Id": "a", "Label": "{label}", "Timestamps": ["2024-08-14T06:05:00Z", "2024-08-14T06:00:00Z"],
            "Values": [10.0, 5.0], "StatusCode": "Complete"}},
           {{"Id": "e", "Label": "per minute", "Timestamps": ["2024-08-14T06:05:00Z"],
            "Values": [2.0], "StatusCode": "Complete"}}"#
    ))
}

#[test]
fn a_cli_input_json_request_names_the_results() {
    let r = mem_ok(&[
        ("req.json", QUERIES_AB),
        ("out.json", &ab_output("processed")),
    ]);
    assert_eq!(r.files[0].1, FileKind::MetricDataQueries);
    let s = r
        .series("InvocationsProcesssed", "Sum")
        .expect("alias stored as AWS spells it");
    assert_eq!(s.period_s, 300);
    assert_eq!(s.assumption, None);
    assert_eq!(s.points.len(), 2);
    assert_eq!(r.metrics.len(), 1, "the Expression result is not read");
    assert_eq!(
        r.warnings,
        ["req.json: MetricDataQueries[1]: Id \"e\" is metric math (Expression \"a / 5\"); scalesim reads MetricStat queries only, so its results are ignored"]
    );
}

#[test]
fn query_files_with_the_same_ids_are_told_apart_by_labels_or_refused() {
    let other = QUERIES_AB.replace("\"processed\"", "\"other label\"");
    // The Labels say which file the output was run with.
    let r = mem_ok(&[
        ("q1.json", QUERIES_AB),
        ("q2.json", &other.replace("\"Sum\"", "\"Average\"")),
        ("out.json", &ab_output("processed")),
    ]);
    assert!(r.series("InvocationsProcesssed", "Sum").is_some());
    // They do not: ask for unique Ids.
    let issues = mem_issues(
        &[
            ("q1.json", QUERIES_AB),
            ("q2.json", QUERIES_AB),
            ("out.json", &ab_output("processed")),
        ],
        "out.json",
    );
    assert_has(
        &issues,
        "MetricDataResults: its Ids (a, e) are in 2 query files (q1.json, q2.json)",
    );
    assert_has(
        &issues,
        "give the queries of each get-metric-data command unique Ids",
    );
}

#[test]
fn query_problems_are_issues() {
    let q = r#"[{"Id": "m1", "MetricStat": {"Period": 60}},
               {"Id": "m1", "MetricStat": {"Metric": {"MetricName": "ModelLatency"}, "Period": 60, "Stat": "Average"}},
               {"Id": "m1", "MetricStat": {"Metric": {"MetricName": "ModelLatency"}, "Period": 60, "Stat": "Average"}}]"#;
    let issues = mem_issues(&[("q.json", q)], "q.json");
    assert_has(&issues, "[0].MetricStat.Metric: missing");
    assert_has(&issues, "[0].MetricStat.Stat: missing");
    assert_has(
        &issues,
        "[2].Id: \"m1\" is also the Id of [1]; CloudWatch requires unique Ids",
    );
}

#[test]
fn metric_statistics_need_timestamps_and_numbers() {
    let s = r#"{"Label": "ModelLatency", "Datapoints": [
        {"Average": 1.0},
        {"Timestamp": "2024-08-14T06:00:00Z", "ExtendedStatistics": {"p99": "high"}},
        {"Timestamp": "2024-08-14T06:01:00Z", "Unit": "Microseconds"}]}"#;
    let issues = mem_issues(&[("s.json", s)], "s.json");
    assert_has(&issues, "Datapoints[0].Timestamp: missing");
    assert_has(
        &issues,
        "Datapoints[1].ExtendedStatistics.p99: expected a number, found a string",
    );
    assert_has(&issues, "Datapoints[2]: a datapoint with no statistic");
    let empty = r#"{"Label": "ModelLatency", "Datapoints": []}"#;
    let r = mem_ok(&[("e.json", empty)]);
    assert_eq!(
        r.warnings,
        ["e.json: Datapoints: empty (no data of \"ModelLatency\" in the time range asked); ignored"]
    );
}

#[test]
fn alarm_history_data_must_be_the_json_aws_prints() {
    let item = |data: &str| {
        format!(
            r#"{{"AlarmName": "A", "AlarmType": "MetricAlarm", "Timestamp": "2024-08-14T06:00:00Z",
            "HistoryItemType": "StateUpdate", "HistorySummary": "Alarm updated from OK to ALARM",
            "HistoryData": {}}}"#,
            serde_json::Value::String(data.into())
        )
    };
    let good = item(
        r#"{"version":"1.0","oldState":{"stateValue":"OK"},"newState":{"stateValue":"ALARM"}}"#,
    );
    let broken = item(r#"{"version":"1.0","oldState":{"stateValue":"OK"#);
    let no_new = item(r#"{"version":"1.0","oldState":{"stateValue":"OK"}}"#);
    let odd = item(r#"{"oldState":{"stateValue":"OK"},"newState":{"stateValue":"RED"}}"#);
    let text = format!("{{\"AlarmHistoryItems\": [{good}, {broken}, {no_new}, {odd}]}}");
    let issues = mem_issues(&[("h.json", &text)], "h.json");
    assert_has(
        &issues,
        "AlarmHistoryItems[1].HistoryData: not valid JSON (EOF while parsing a string)",
    );
    assert_has(
        &issues,
        "AlarmHistoryItems[2].HistoryData: has no newState.stateValue",
    );
    assert_has(&issues, "AlarmHistoryItems[3].HistoryData: newState.stateValue \"RED\" is not OK, ALARM or INSUFFICIENT_DATA");
    assert_eq!(issues.len(), 3, "{issues:#?}");
    let r = mem_ok(&[(
        "h.json",
        &format!("{{\"AlarmHistoryItems\": [{good}, {good}]}}"),
    )]);
    assert_eq!(r.alarm_history.len(), 1, "a duplicate is dropped");
    assert_eq!(r.alarm_history[0].origin.path, "AlarmHistoryItems[0]");
}

#[test]
fn composite_alarms_and_other_endpoints_alarms() {
    let alarms = r#"{"MetricAlarms": [
        {"AlarmName": "mine", "MetricName": "HasBacklogWithoutCapacity", "ExtendedStatistic": "p90",
         "Dimensions": [{"Name": "EndpointName", "Value": "my-async-ep"}], "Period": 60},
        {"AlarmName": "theirs", "MetricName": "HasBacklogWithoutCapacity",
         "Dimensions": [{"Name": "EndpointName", "Value": "other-ep"}]},
        {"AlarmName": "TargetTracking-endpoint/other-ep/variant/AllTraffic-AlarmHigh-1"}],
        "CompositeAlarms": [{"AlarmName": "c"}]}"#;
    let history = r#"{"AlarmHistoryItems": [
        {"AlarmName": "theirs", "Timestamp": "2024-08-14T06:00:00Z", "HistoryItemType": "StateUpdate",
         "HistoryData": "{\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"},
        {"AlarmName": "TargetTracking-endpoint/other-ep/variant/AllTraffic-AlarmLow-2", "Timestamp": "2024-08-14T06:01:00Z", "HistoryItemType": "StateUpdate",
         "HistoryData": "{\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"},
        {"AlarmName": "mine", "Timestamp": "2024-08-14T06:02:00Z", "HistoryItemType": "StateUpdate",
         "HistoryData": "{\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"}]}"#;
    let opts = LoadOptions {
        endpoint: Some(EP.into()),
    };
    let r = mem_with(&[("al.json", alarms), ("hi.json", history)], &opts).unwrap();
    assert_eq!(r.alarms.len(), 1);
    assert_eq!(r.alarms[0].statistic.as_deref(), Some("p90"));
    assert_eq!(r.alarm_history.len(), 1);
    assert_eq!(r.alarm_history[0].alarm, "mine");
    assert_eq!(
        r.warnings,
        [
            "al.json: CompositeAlarms: 1 composite alarm(s) ignored; scalesim reads metric alarms (MetricAlarms)",
            "al.json: MetricAlarms[1]: alarm \"theirs\" watches endpoint \"other-ep\" (dimension EndpointName), not this endpoint (\"my-async-ep\"); ignored",
            "al.json: MetricAlarms[2]: alarm \"TargetTracking-endpoint/other-ep/variant/AllTraffic-AlarmHigh-1\" watches endpoint \"other-ep\" (its name), not this endpoint (\"my-async-ep\"); ignored",
            "hi.json: AlarmHistoryItems[0]: alarm \"theirs\" is not of this endpoint (\"my-async-ep\"); its history is ignored (2 history items of other endpoints in this file)",
        ]
    );
    // Without --endpoint the alarms name two endpoints.
    let e = mem(&[("al.json", alarms)]).unwrap_err().to_string();
    assert!(e.contains("these files record several endpoints: \"my-async-ep\" (al.json: MetricAlarms[0]), \"other-ep\" (al.json: MetricAlarms[1]); choose one with --endpoint NAME"), "{e}");
}

fn endpoint_json(name: &str, modified: &str, count: u32) -> String {
    format!(
        r#"{{"EndpointName": "{name}", "EndpointArn": "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/{name}",
        "EndpointConfigName": "{name}-config", "EndpointStatus": "InService",
        "ProductionVariants": [{{"VariantName": "AllTraffic", "CurrentInstanceCount": {count}, "DesiredInstanceCount": {count}}}],
        "CreationTime": 1722503553.412, "LastModifiedTime": "{modified}"}}"#
    )
}

#[test]
fn the_endpoint_is_chosen_or_asked_for() {
    let a = endpoint_json("ep-a", "2024-08-14T06:00:00Z", 1);
    let b = endpoint_json("ep-b", "2024-08-14T06:00:00Z", 1);
    let e = mem(&[("a.json", &a), ("b.json", &b)]).unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("a.json: 1 problem(s):"), "{text}");
    assert!(text.contains("several endpoints: \"ep-a\" (a.json), \"ep-b\" (b.json); choose one with --endpoint NAME"), "{text}");
    let opts = LoadOptions {
        endpoint: Some("ep-b".into()),
    };
    let r = mem_with(&[("a.json", &a), ("b.json", &b)], &opts).unwrap();
    assert_eq!(r.endpoint.as_ref().unwrap().name, "ep-b");
    assert_eq!(r.variant_name.as_deref(), Some("AllTraffic"));
    assert_eq!(
        r.warnings,
        ["a.json: EndpointName \"ep-a\" is not this endpoint (\"ep-b\"); ignored"]
    );
    // An --endpoint no file names.
    let opts = LoadOptions {
        endpoint: Some("ep-z".into()),
    };
    let r = mem_with(&[("a.json", &a)], &opts).unwrap();
    assert_has(
        &r.warnings,
        "--endpoint \"ep-z\": no file records this endpoint (they record \"ep-a\")",
    );
    assert!(r.endpoint.is_none());
}

#[test]
fn the_later_describe_endpoint_is_kept() {
    let old = endpoint_json("ep-a", "2024-08-14T06:00:00Z", 1);
    let new = endpoint_json("ep-a", "2024-08-14T14:30:00+08:00", 3);
    for files in [
        [("1.json", &old), ("2.json", &new)],
        [("1.json", &new), ("2.json", &old)],
    ] {
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let r = mem_ok(&files);
        let e = r.endpoint.unwrap();
        assert_eq!(e.variants[0].current_instance_count, Some(3));
        assert_eq!(e.last_modified_time, Some(t("2024-08-14T06:30:00Z")));
        assert_eq!(r.warnings.len(), 1);
        assert_has(&r.warnings, "kept the one modified last");
    }
    // The same output twice: no warning.
    let r = mem_ok(&[("1.json", &old), ("2.json", &old)]);
    assert!(r.warnings.is_empty());
}

#[test]
fn the_endpoint_comes_from_the_scalable_target() {
    let targets = r#"{"ScalableTargets": [
        {"ServiceNamespace": "sagemaker", "ResourceId": "endpoint/ep-t/variant/blue",
         "ScalableDimension": "sagemaker:variant:DesiredInstanceCount", "MinCapacity": 0,
         "MaxCapacity": 2, "CreationTime": 1722504612.25},
        {"ServiceNamespace": "sagemaker", "ResourceId": "inference-component/ic-1",
         "ScalableDimension": "sagemaker:inference-component:DesiredCopyCount", "MinCapacity": 0,
         "MaxCapacity": 2, "CreationTime": 1722504600}]}"#;
    let policies = r#"{"ScalingPolicies": [
        {"PolicyName": "p", "ResourceId": "endpoint/ep-t/variant/green", "ScalableDimension": "sagemaker:variant:DesiredInstanceCount"}]}"#;
    let r = mem_ok(&[("t.json", targets), ("p.json", policies)]);
    assert_eq!(r.endpoint_name.as_deref(), Some("ep-t"));
    assert_eq!(r.variant_name.as_deref(), Some("blue"));
    assert_eq!(r.scalable_targets.len(), 1);
    assert_eq!(r.scaling_policies.len(), 0);
    assert_eq!(r.warnings.len(), 2, "{:#?}", r.warnings);
    assert_has(&r.warnings, "t.json: ScalableTargets[1]: ResourceId \"inference-component/ic-1\" is an inference component; scalesim reads the variants of asynchronous endpoints (endpoint/<name>/variant/<variant>); ignored");
    assert_has(&r.warnings, "p.json: ScalingPolicies[0]: ResourceId \"endpoint/ep-t/variant/green\" is not this endpoint's (\"endpoint/ep-t/variant/blue\"); ignored");
    let missing = r#"{"ScalingPolicies": [{"PolicyName": "p"}]}"#;
    let issues = mem_issues(&[("m.json", missing)], "m.json");
    assert_eq!(issues, ["ScalingPolicies[0].ResourceId: missing: the AWS CLI always prints this member (a string)"]);
}

#[test]
fn different_versions_of_a_policy_keep_the_later() {
    let p = |target: f64, created: &str| {
        format!(
            r#"{{"ScalingPolicies": [{{"PolicyName": "tt", "ResourceId": "endpoint/e/variant/v",
            "ScalableDimension": "sagemaker:variant:DesiredInstanceCount", "PolicyType": "TargetTrackingScaling",
            "TargetTrackingScalingPolicyConfiguration": {{"TargetValue": {target}}}, "CreationTime": {created}}}]}}"#
        )
    };
    let r = mem_ok(&[
        ("new.json", &p(7.0, "1723614756")),
        ("old.json", &p(5.0, "1722504612")),
    ]);
    assert_eq!(r.scaling_policies.len(), 1);
    assert_eq!(
        r.scaling_policies[0].value["TargetTrackingScalingPolicyConfiguration"]["TargetValue"],
        7.0
    );
    assert_eq!(
        r.warnings,
        ["old.json: ScalingPolicies[0]: the same scaling policy differs in new.json: ScalingPolicies[0]; kept that one"]
    );
    let bad = p(5.0, "\"last week\"");
    let issues = mem_issues(&[("b.json", &bad)], "b.json");
    assert_has(
        &issues,
        "ScalingPolicies[0].CreationTime: \"last week\" is not a timestamp",
    );
}

#[test]
fn endpoint_config_and_describe_endpoint_problems() {
    let cfg = r#"{"EndpointConfigName": "c", "ProductionVariants": [
        {"VariantName": "AllTraffic", "InstanceType": "ml.g5.xlarge", "InitialInstanceCount": -1,
         "InstancePools": [{"InstanceType": "ml.g5.2xlarge", "Priority": 2}, {"InstanceType": "ml.g5.xlarge", "Priority": 1}]},
        {"ModelName": "m"}]}"#;
    let issues = mem_issues(&[("c.json", cfg)], "c.json");
    assert_has(&issues, "ProductionVariants[0].InitialInstanceCount: expected a whole number from 0 to 4294967295, found -1");
    assert_has(&issues, "ProductionVariants[1].VariantName: missing");
    let ok = cfg
        .replace("-1", "2")
        .replace(",\n        {\"ModelName\": \"m\"}", "");
    let r = mem_ok(&[("c.json", &ok)]);
    let v = &r.endpoint_configs[0].variants[0];
    assert_eq!(v.initial_instance_count, Some(2));
    assert_eq!(
        v.instance_pools,
        [
            ("ml.g5.xlarge".to_string(), 1),
            ("ml.g5.2xlarge".to_string(), 2)
        ]
    );
    assert!(!r.endpoint_configs[0].is_async);
    let ep = endpoint_json("e", "not a time", 1);
    let issues = mem_issues(&[("e.json", &ep)], "e.json");
    assert_has(
        &issues,
        "LastModifiedTime: \"not a time\" is not a timestamp",
    );
}

#[test]
fn the_endpoints_config_is_kept_and_others_dropped() {
    let ep = endpoint_json("e", "2024-08-14T06:00:00Z", 1);
    let cfg = |name: &str| {
        format!(
            r#"{{"EndpointConfigName": "{name}", "ProductionVariants": [{{"VariantName": "AllTraffic"}}]}}"#
        )
    };
    let r = mem_ok(&[
        ("e.json", &ep),
        ("c1.json", &cfg("e-config")),
        ("c2.json", &cfg("old-config")),
    ]);
    assert_eq!(r.endpoint_configs.len(), 1);
    assert_eq!(r.endpoint_configs[0].name, "e-config");
    assert_eq!(
        r.warnings,
        ["c2.json: EndpointConfigName \"old-config\" is not the config of endpoint \"e\" (e-config); ignored"]
    );
}

const NOTE: &str = r#"{"awsRegion":"us-east-1","eventTime":"2024-08-14T06:01:56.877Z","receivedTime":"2024-08-14T05:50:12.311Z","invocationStatus":"Completed","requestParameters":{"endpointName":"my-async-ep"},"inferenceId":"i1","eventVersion":"1.0","eventSource":"aws:sagemaker","eventName":"InferenceResult"}"#;

fn envelope(inner: &str) -> String {
    serde_json::json!({"Type": "Notification", "MessageId": "x", "Message": inner}).to_string()
}

#[test]
fn notifications_bare_in_sns_or_sqs_as_lines_or_a_list() {
    let later = NOTE
        .replace("05:50:12.311", "05:40:00.000")
        .replace("\"i1\"", "\"i0\"");
    let sns = envelope(&later);
    let sqs = serde_json::json!({"MessageId": "m", "ReceiptHandle": "r", "Body": envelope(&NOTE.replace("\"i1\"", "\"i2\""))}).to_string();
    let lines = format!("{NOTE}\n\n{sns}\r\n{sqs}\n");
    let r = mem_ok(&[("n.jsonl", &lines)]);
    assert_eq!(r.files[0].1, FileKind::Notifications);
    assert_eq!(r.notifications.len(), 3);
    assert_eq!(r.notifications[0].inference_id.as_deref(), Some("i0"));
    assert_eq!(r.notifications[0].received, t("2024-08-14T05:40:00Z"));
    let ids: Vec<_> = r
        .notifications
        .iter()
        .map(|n| n.inference_id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["i0", "i1", "i2"]);
    // A JSON list, and one object alone, and a duplicate delivery.
    let list = format!("[{NOTE}, {NOTE}]");
    let r = mem_ok(&[("n.json", &list)]);
    assert_eq!(r.notifications.len(), 1);
    let r = mem_ok(&[("n.json", NOTE)]);
    assert_eq!(r.notifications.len(), 1);
}

#[test]
fn bad_notification_lines_are_issues_at_their_line() {
    let bad_time = NOTE.replace("2024-08-14T06:01:56.877Z", "later");
    let bad_status = NOTE.replace("Completed", "Done");
    let bad_inner = envelope(&NOTE.replace("receivedTime", "received"));
    let lines = format!("{NOTE}\n{bad_time}\n\n{bad_status}\n{{not json\n{bad_inner}\n");
    let issues = mem_issues(&[("n.jsonl", &lines)], "n.jsonl");
    assert_eq!(issues.len(), 4, "{issues:#?}");
    assert_has(&issues, "line 2.eventTime: \"later\" is not a timestamp");
    assert_has(
        &issues,
        "line 4.invocationStatus: \"Done\" is not Completed or Failed",
    );
    assert_has(
        &issues,
        "line 5: not valid JSON at column 2: key must be a string",
    );
    assert_has(&issues, "line 6.Message.receivedTime: missing");
    let garbled = envelope("{oops");
    let issues = mem_issues(&[("n.jsonl", &format!("{NOTE}\n{garbled}\n"))], "n.jsonl");
    assert_has(&issues, "line 2.Message: not a JSON notification");
}

#[test]
fn notifications_of_other_endpoints_are_dropped() {
    let other = NOTE.replace("my-async-ep", "other-ep");
    let lines = format!("{NOTE}\n{other}\n{other}\n");
    let opts = LoadOptions {
        endpoint: Some(EP.into()),
    };
    let r = mem_with(&[("n.jsonl", &lines)], &opts).unwrap();
    assert_eq!(r.notifications.len(), 1);
    assert_eq!(
        r.warnings,
        ["n.jsonl: line 2: requestParameters.endpointName \"other-ep\" is not this endpoint (\"my-async-ep\"); ignored (2 notifications of other endpoints in this file)"]
    );
}

#[test]
fn detection_is_by_content() {
    for (text, kind) in [
        (
            r#"{"ScalingPolicies": []}"#,
            FileKind::DescribeScalingPolicies,
        ),
        (
            r#"{"ScalableTargets": []}"#,
            FileKind::DescribeScalableTargets,
        ),
        (
            r#"{"ScheduledActions": []}"#,
            FileKind::DescribeScheduledActions,
        ),
        (
            r#"{"ScalingActivities": []}"#,
            FileKind::DescribeScalingActivities,
        ),
        (r#"{"CompositeAlarms": []}"#, FileKind::DescribeAlarms),
        (
            r#"{"AlarmHistoryItems": []}"#,
            FileKind::DescribeAlarmHistory,
        ),
        (r#"{"MetricDataResults": []}"#, FileKind::GetMetricData),
        (r#"{"MetricDataQueries": []}"#, FileKind::MetricDataQueries),
        (
            r#"[{"Id": "e", "Expression": "1"}]"#,
            FileKind::MetricDataQueries,
        ),
        (
            r#"{"Label": "ModelLatency", "Datapoints": []}"#,
            FileKind::GetMetricStatistics,
        ),
        (
            r#"{"EndpointConfigName": "c", "ProductionVariants": []}"#,
            FileKind::DescribeEndpointConfig,
        ),
        (
            "\u{feff}{\"ScalingPolicies\": []}",
            FileKind::DescribeScalingPolicies,
        ),
    ] {
        match detect::classify(text) {
            detect::Classified::Known(k, _) => assert_eq!(k, kind, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    for (text, why) in [
        ("", "the file is empty"),
        ("  \n ", "the file is empty"),
        ("[]", "an empty JSON list"),
        ("[1, 2]", "a JSON list whose first item is neither"),
        ("42", "a JSON document that is a number"),
        ("{}", "its top-level keys (none)"),
        (
            "{\"EndpointConfigName\": \"c\", \"ProductionVariants\": [], \"EndpointName\": \"e\"}",
            "top-level keys",
        ),
        ("id,time\n1,2\n", "not JSON: it begins \"id,time"),
    ] {
        match detect::classify(text) {
            detect::Classified::Unknown(w) => assert!(w.contains(why), "{text}: {w}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    assert!(matches!(
        detect::classify("{\"a\": 1"),
        detect::Classified::Syntax(_)
    ));
    let two = "{\"ScalingPolicies\": []}\n{\"ScalingPolicies\": []}\n";
    let e = mem(&[("two.json", two)]).unwrap_err().to_string();
    assert!(
        e.starts_with("two.json:2:1: trailing characters after the end of the JSON document"),
        "{e}"
    );
    let bin = Input {
        path: "b.bin".into(),
        explicit: false,
        bytes: vec![0xff, 0xfe, 0x00],
    };
    let r = load_inputs(
        vec![bin],
        Path::new("b.bin"),
        &LoadOptions::default(),
        Vec::new(),
    )
    .unwrap();
    assert_eq!(
        r.warnings,
        ["b.bin: not an AWS CLI output scalesim reads (not UTF-8 text); ignored"]
    );
}

// ---------------------------------------------------------------------------------------
// no input panics

/// Every fixture file of `dir`, with its bytes.
fn fixture_files(dir: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(fixture(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    out.sort();
    assert!(out.len() > 10, "fixtures of {dir} missing");
    out
}

fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Recorded, InputError> {
    let input = Input {
        path: path.to_path_buf(),
        explicit: true,
        bytes: bytes.to_vec(),
    };
    load_inputs(vec![input], path, &LoadOptions::default(), Vec::new())
}

#[test]
fn every_truncation_of_a_fixture_is_an_error_not_a_panic() {
    for (path, bytes) in fixture_files("v2") {
        assert!(load_bytes(&path, &bytes).is_ok(), "{}", path.display());
        let lines = path.extension().is_some_and(|e| e == "jsonl");
        let end = bytes
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        for cut in 0..=end {
            let r = load_bytes(&path, &bytes[..cut]);
            // A JSON document cut short is never valid; JSON lines cut at a line end are.
            if !lines {
                assert!(r.is_err(), "{} cut at {cut} loaded", path.display());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_panic(file in 0usize..17, at in 0usize..20_000, byte in any::<u8>(), n in 1usize..4) {
        let files = fixture_files("v1");
        let (path, bytes) = &files[file % files.len()];
        let mut bytes = bytes.clone();
        for k in 0..n {
            let i = (at + k * 7919) % bytes.len();
            bytes[i] = byte.wrapping_add(k as u8);
        }
        let _ = load_bytes(path, &bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        let text = v.to_string();
        let _ = load_bytes(Path::new("x.json"), text.as_bytes());
        for key in ["ScalingActivities", "MetricDataResults", "MetricAlarms", "AlarmHistoryItems", "Datapoints", "MetricDataQueries", "ScalingPolicies"] {
            let wrapped = serde_json::json!({ key: v.clone(), "Label": "ModelLatency" }).to_string();
            let _ = load_bytes(Path::new("x.json"), wrapped.as_bytes());
        }
    }
}

/// Arbitrary JSON made of the names and values of the AWS shapes.
fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let key = prop::sample::select(vec![
        "Id",
        "Label",
        "Timestamps",
        "Values",
        "StatusCode",
        "MetricStat",
        "Metric",
        "MetricName",
        "Period",
        "Stat",
        "Timestamp",
        "Average",
        "ExtendedStatistics",
        "AlarmName",
        "HistoryData",
        "HistoryItemType",
        "ActivityId",
        "ResourceId",
        "StartTime",
        "Dimensions",
        "Name",
        "Value",
        "receivedTime",
        "eventTime",
        "invocationStatus",
        "Type",
        "Message",
        "Body",
    ]);
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "2024-08-14T06:00:00Z",
            "1723614756.102",
            "StateUpdate",
            "PartialData",
            "Complete",
            "p99",
            "Average",
            "endpoint/my-async-ep/variant/AllTraffic",
            "Notification",
            "{",
            "{\"oldState\":{\"stateValue\":\"OK\"}}",
            "m1",
            "",
        ])
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|m| {
                serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

#[test]
fn desired_counts_are_read_only_from_desired_count_descriptions() {
    use super::scaling::parse_desired;
    assert_eq!(
        parse_desired("Setting desired instance count to 48."),
        Some(48)
    );
    assert_eq!(parse_desired("Setting desired copy count to 0."), Some(0));
    assert_eq!(
        parse_desired("Attempting to scale due to alarm triggered"),
        None
    );
    assert_eq!(
        parse_desired("Setting min capacity to 1 and max capacity to 5"),
        None
    );
    assert_eq!(
        parse_desired("Setting desired instance count to many."),
        None
    );
}
