//! In-memory scaling activities and metric data: every error and warning names the file and
//! the JSON path; pages, labels, query files, statistics, and the desired counts read from
//! activity descriptions.

use super::*;

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
fn desired_counts_are_read_only_from_desired_count_descriptions() {
    use crate::recorded::scaling::parse_desired;
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
