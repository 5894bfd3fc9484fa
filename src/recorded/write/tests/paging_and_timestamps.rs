//! Pages split every list without losing or repeating anything, and timestamps come in
//! both styles the AWS CLI prints.

use super::*;

#[test]
fn pages_split_every_list_without_losing_or_repeating_anything() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let whole = write(&sc, &trace, &WriteOptions::default());
    let size = 7;
    let paged = write(
        &sc,
        &trace,
        &WriteOptions {
            page_size: Some(size),
            ..WriteOptions::default()
        },
    );
    let pages = paged.pages("get-metric-data");
    let longest = trace.minutes.len();
    assert_eq!(pages.len(), longest.div_ceil(size));
    let mut merged: BTreeMap<String, (Vec<i64>, Vec<f64>)> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        let last = i + 1 == pages.len();
        assert_eq!(page.get("NextToken").is_none(), last, "page {}", i + 1);
        for r in list(page, "MetricDataResults") {
            assert_eq!(
                r["StatusCode"],
                if last { "Complete" } else { "PartialData" }
            );
            assert!(list(r, "Values").len() <= size);
        }
        for (label, (t, v)) in results(page) {
            let e = merged.entry(label).or_default();
            e.0.extend(t);
            e.1.extend(v);
        }
    }
    assert_eq!(merged, results(&whole.json("get-metric-data.json")));

    for (stem, key) in [
        ("describe-scaling-activities", "ScalingActivities"),
        ("describe-alarm-history", "AlarmHistoryItems"),
    ] {
        let all = whole.json(&format!("{stem}.json"));
        let all = list(&all, key);
        let pages = paged.pages(stem);
        assert_eq!(pages.len(), all.len().div_ceil(size).max(1), "{stem}");
        let mut joined = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(page.get("NextToken").is_none(), i + 1 == pages.len());
            assert!(list(page, key).len() <= size);
            joined.extend(list(page, key).iter().cloned());
        }
        assert_eq!(&joined, all, "{stem}");
    }
    assert!(paged
        .names()
        .iter()
        .all(|n| !n.ends_with("get-metric-data.json")));
}

#[test]
fn timestamps_come_in_both_styles() {
    let sc = scenario(SCENARIO, &[]);
    let trace = run(&sc);
    let iso = write(
        &sc,
        &trace,
        &WriteOptions {
            timestamps: TimestampStyle::Iso8601 {
                offset_minutes: 480,
            },
            ..WriteOptions::default()
        },
    );
    let epoch = write(
        &sc,
        &trace,
        &WriteOptions {
            timestamps: TimestampStyle::EpochSeconds,
            ..WriteOptions::default()
        },
    );
    let ep = iso.json("describe-endpoint.json");
    assert_eq!(ep["CreationTime"], "2023-12-31T08:00:00+08:00");
    let ep = epoch.json("describe-endpoint.json");
    assert_eq!(ep["CreationTime"].as_f64(), Some(1_703_980_800.0));
    for (name, key, field) in [
        (
            "describe-scaling-activities.json",
            "ScalingActivities",
            "StartTime",
        ),
        (
            "describe-alarm-history.json",
            "AlarmHistoryItems",
            "Timestamp",
        ),
    ] {
        let a = iso.json(name);
        let b = epoch.json(name);
        let (a, b) = (list(&a, key), list(&b, key));
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!(s(x, field).ends_with("+08:00"), "{}", x[field]);
            let n = y[field].as_f64().unwrap();
            assert_eq!(((n * 1000.0).round() / 1000.0), n, "3 decimals at most");
            assert!(
                (micros(&x[field]) - micros(&y[field])).abs() <= 500,
                "same instant"
            );
        }
    }
    let data = epoch.json("get-metric-data.json");
    let t = &list(&data, "MetricDataResults")[0]["Timestamps"];
    assert!(t[0].is_f64() || t[0].is_u64());
    // Notifications are always ISO UTC with milliseconds.
    let n = write(
        &sc,
        &trace,
        &WriteOptions {
            timestamps: TimestampStyle::EpochSeconds,
            notifications: true,
            ..WriteOptions::default()
        },
    );
    let text = std::fs::read_to_string(n.path("notifications.jsonl")).unwrap();
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let t = s(&first, "eventTime");
    assert!(
        t.ends_with('Z') && t.len() == "2024-01-01T00:00:00.000Z".len(),
        "{t}"
    );
}
