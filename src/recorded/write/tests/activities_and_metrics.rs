//! Scaling activities are the trace's, newest first; metric data is newest first with only
//! the datapoints the simulation had.

use super::*;

#[test]
fn activities_are_the_trace_newest_first() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let opts = WriteOptions::default();
    let w = write(&sc, &trace, &opts);
    let doc = w.json("describe-scaling-activities.json");
    let rec = SimulatedRecord {
        scenario: &sc,
        start: START,
        trace: &trace,
    };
    assert_eq!(
        doc,
        scaling_activities(&rec, &opts),
        "the file is scaling_activities()"
    );
    let items = list(&doc, "ScalingActivities");
    let listed: Vec<_> = trace
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::NotScaled || a.from != a.to)
        .collect();
    assert!(listed.len() >= 2, "the scenario should scale");
    assert_eq!(items.len(), listed.len());
    let starts: Vec<i64> = items.iter().map(|a| micros(&a["StartTime"])).collect();
    assert!(starts.windows(2).all(|p| p[0] >= p[1]), "newest first");
    let mut ids: Vec<&str> = items.iter().map(|a| s(a, "ActivityId")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), items.len(), "ids are unique");
    let count = |status: &str| items.iter().filter(|a| a["StatusCode"] == status).count();
    let of = |status: ActivityStatus| listed.iter().filter(|a| a.status == status).count();
    assert_eq!(count("Successful"), of(ActivityStatus::Successful));
    assert_eq!(count("InProgress"), of(ActivityStatus::InProgress));
    assert_eq!(count("Failed"), of(ActivityStatus::NotScaled));
    for a in items {
        assert_eq!(a["ServiceNamespace"], "sagemaker");
        assert_eq!(a["ResourceId"], "endpoint/my-endpoint/variant/AllTraffic");
        let cause = s(a, "Cause");
        assert!(
            cause.starts_with("monitor alarm ") || cause.starts_with("scheduled action name "),
            "{cause}"
        );
        match s(a, "StatusCode") {
            "Failed" => {
                assert_eq!(
                    a["Description"],
                    "Attempting to scale due to alarm triggered"
                );
                let code = s(&a["NotScaledReasons"][0], "Code");
                let codes = [
                    "AlreadyAtMaxCapacity",
                    "AlreadyAtMinCapacity",
                    "AlreadyAtDesiredCapacity",
                    "TargetServicePutResourceAsUnscalable",
                    "AutoScalingAnticipatedFlapping",
                ];
                assert!(codes.contains(&code), "{code}");
                assert!(a["NotScaledReasons"][0]["CurrentCapacity"].is_u64());
            }
            "InProgress" => assert!(a.get("EndTime").is_none()),
            _ => {
                let n = s(a, "Description")
                    .strip_prefix("Setting desired instance count to ")
                    .and_then(|d| d.strip_suffix('.'))
                    .unwrap();
                assert_eq!(
                    s(a, "StatusMessage"),
                    format!(
                        "Successfully set desired instance count to {n}. Change \
                         successfully fulfilled by sagemaker."
                    )
                );
                assert!(micros(&a["EndTime"]) >= micros(&a["StartTime"]));
            }
        }
    }
    assert!(items
        .iter()
        .any(|a| s(a, "Cause").contains("scheduled action name warm-at-three")));
}

#[test]
fn metric_data_is_newest_first_with_only_real_datapoints() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let w = write(&sc, &trace, &WriteOptions::default());
    let queries = w.json("get-metric-data-queries.json");
    let queries = queries.as_array().unwrap();
    let data = w.json("get-metric-data.json");
    assert_eq!(keys(&data), ["Messages", "MetricDataResults"]);
    let out = list(&data, "MetricDataResults");
    assert_eq!(queries.len(), out.len());
    for (q, r) in queries.iter().zip(out) {
        assert_eq!(q["Id"], r["Id"]);
        assert_eq!(q["Label"], r["Label"]);
        assert_eq!(r["StatusCode"], "Complete");
        let id = s(q, "Id");
        assert!(id.starts_with(|c: char| c.is_ascii_lowercase()), "{id}");
        let stat = &q["MetricStat"];
        assert_eq!(stat["Period"], 60);
        assert_eq!(stat["Metric"]["Namespace"], "AWS/SageMaker");
        assert_eq!(
            s(q, "Label"),
            format!("{} {}", s(&stat["Metric"], "MetricName"), s(stat, "Stat"))
        );
        assert_eq!(q["ReturnData"], true);
    }
    let results = results(&data);
    for (label, (t, v)) in &results {
        assert_eq!(t.len(), v.len(), "{label}");
        assert!(t.windows(2).all(|p| p[0] > p[1]), "{label}: newest first");
        assert!(
            t.iter().all(|t| (t - START.0) % 60_000_000 == 0),
            "{label}: minute starts"
        );
        if label.ends_with(" Sum") {
            assert!(v.iter().all(|&v| v > 0.0), "{label}: no zero datapoint");
        }
    }
    let minutes = trace.minutes.len();
    assert_eq!(results["ApproximateBacklogSize Average"].0.len(), minutes);
    let total = |f: fn(&crate::metrics::minute::MinuteCounts) -> u64| -> f64 {
        trace
            .minutes
            .iter()
            .map(|m| f(&m.record.counts) as f64)
            .sum()
    };
    let sum = |label: &str| results[label].1.iter().sum::<f64>();
    assert_eq!(sum("InvocationsProcesssed Sum"), total(|c| c.completed));
    assert_eq!(sum("ExpiredRequests Sum"), total(|c| c.expired));
    assert_eq!(sum("InvocationFailures Sum"), total(|c| c.failed));
    assert!(
        total(|c| c.expired) > 0.0 && total(|c| c.failed) > 0.0,
        "the scenario should expire and fail requests"
    );
    let busy = trace
        .minutes
        .iter()
        .filter(|m| m.record.counts.completed > 0)
        .count();
    assert_eq!(results["ModelLatency Average"].0.len(), busy);
    assert_eq!(sum("ModelLatency SampleCount"), total(|c| c.completed));
    // ModelLatency is in microseconds, TotalProcessingTime in milliseconds.
    let m = trace
        .minutes
        .iter()
        .rev()
        .find(|m| m.requests.service.is_some())
        .unwrap();
    let service = m.requests.service.unwrap();
    assert!((results["ModelLatency Maximum"].1[0] - service.maximum * 1e6).abs() < 1e-3);
    let latency = m.requests.latency.unwrap();
    let avg = results["TotalProcessingTime Average"].1[0];
    assert!((avg - latency.average() * 1e3).abs() < 1e-6);
}
