//! The CLI v1 fixtures of `tests/fixtures/aws-record/v1`: every kind of file, the endpoint,
//! scaling objects, activities and metrics merged from pages, alarms and notifications.

use super::*;

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
