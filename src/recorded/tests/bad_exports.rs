//! Bad and partial exports on disk: syntax errors with their position, data of other
//! endpoints and resources dropped with a warning, partial pages, unreadable, special and
//! oversized files, missing paths.

use super::*;

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
    let e = load_paths(std::slice::from_ref(&socket), &LoadOptions::default()).unwrap_err();
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
