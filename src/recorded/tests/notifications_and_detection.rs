//! In-memory async-inference notifications (bare, in SNS or SQS, as lines or a list) and
//! the detection of every file's kind by its content.

use super::*;

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
