//! Tests of the comparison rows, files and table.

use super::*;
use crate::sim::summary::{AllRequestsLatency, LatencySummary, RequestCounts, WaitSummary};

fn summary(cost: f64, p99: f64) -> RunSummary {
    summary_with(cost, p99, 0)
}

/// 100 arrived, `lost` of them expired, the rest completed.
fn summary_with(cost: f64, p99: f64, lost: u64) -> RunSummary {
    let requests = RequestCounts {
        arrived: 100,
        completed: 100 - lost,
        expired: lost,
        failed: 0,
        rejected: 0,
        in_system_at_end: 0,
    };
    RunSummary {
        scenario: "s".into(),
        seed: 1,
        horizon_s: 3600.0,
        warmup_s: 0.0,
        requests,
        shares: requests.shares(),
        latency_s: LatencySummary {
            mean: Some(p99 / 3.0),
            p50: Some(p99 / 4.0),
            p90: Some(p99 / 2.0),
            p99: Some(p99),
            max: Some(p99 * 2.0),
            quantile_relative_error: 0.0,
        },
        latency_all_s: AllRequestsLatency {
            p50: Some(p99 / 4.0),
            p90: Some(p99 / 2.0),
            p99: (lost <= 1).then_some(p99),
        },
        queue_wait_s: WaitSummary::default(),
        cold_start_waits: 3,
        cold_starts: 2,
        no_capacity_failures: 0,
        retries: 0,
        mean_instances: 0.5,
        instance_hours: cost / 1.5,
        busy_instance_hours: 0.5,
        cost_usd: cost,
        cost_per_1k_requests_usd: None,
        scale_out_events: 2,
        scale_in_events: 1,
        time_at_zero_fraction: 0.5,
        platform: "sagemaker_async".into(),
        instance_type: "ml.m5.xlarge".into(),
        price_per_instance_hour: 1.5,
        scalesim_version: "0".into(),
    }
}

#[test]
fn baseline_deltas_are_zero_and_others_are_differences() {
    let (a, b, c) = (summary(10.0, 4.0), summary(15.0, 1.0), summary(10.0, 4.0));
    let r = rows(&[("a", &a), ("b", &b), ("c", &c)]);
    assert_eq!(r.len(), 3);
    assert_eq!((r[0].delta_cost_usd, r[0].delta_cost_pct), (0.0, Some(0.0)));
    assert_eq!(r[0].delta_p99_latency_s, Some(0.0));
    assert_eq!(
        (r[1].delta_cost_usd, r[1].delta_cost_pct),
        (5.0, Some(50.0))
    );
    assert_eq!(
        (r[1].delta_p99_latency_s, r[1].delta_p99_latency_pct),
        (Some(-3.0), Some(-75.0))
    );
    assert_eq!(r[2].delta_cost_pct, Some(0.0));
    assert_eq!(r[1].figures.p90_latency_s, Some(0.5));
    assert!(rows(&[]).is_empty());
}

#[test]
fn percentages_of_a_zero_baseline_are_missing() {
    let (a, b) = (summary(0.0, 0.0), summary(2.0, 1.0));
    let r = rows(&[("a", &a), ("b", &b)]);
    assert_eq!(r[0].delta_cost_pct, None);
    assert_eq!(r[1].delta_cost_pct, None);
    assert_eq!(r[1].delta_cost_usd, 2.0);
    let cells = r[1].cells();
    assert_eq!(cells.len(), COMPARE_COLUMNS.len());
    let pct = COMPARE_COLUMNS
        .iter()
        .position(|c| *c == "delta_cost_pct")
        .expect("column");
    assert_eq!(cells[pct], "", "missing value is an empty cell");
}

#[test]
fn files_have_the_documented_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (summary(10.0, 4.0), summary(12.5, 2.0));
    let r = rows(&[("a", &a), ("b", &b)]);
    write_files(dir.path(), &r).expect("written");
    let csv = std::fs::read_to_string(dir.path().join("compare.csv")).expect("csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(COMPARE_COLUMNS.join(",").as_str()));
    assert!(lines
        .next()
        .is_some_and(|l| l.starts_with("a,100,100,0,0,0,1,0,10,")));
    assert_eq!(lines.count(), 1);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("compare.json")).expect("json"))
            .expect("valid JSON");
    let list = json.as_array().expect("a list of rows");
    assert_eq!(list.len(), 2);
    let keys: Vec<&str> = list[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = COMPARE_COLUMNS.to_vec();
    expected.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, expected);
    assert_eq!(list[1]["delta_cost_pct"], 25.0);
}

#[test]
fn table_aligns_and_marks_the_baseline() {
    let (a, b) = (summary(10.0, 4.0), summary(8.0, 5.0));
    let r = rows(&[("scale-to-zero", &a), ("min-one", &b)]);
    let text = render_table(&r, TableWidth::Wide);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("variant") && lines[0].contains("Δ p99"));
    assert!(lines[1].contains("baseline"));
    assert!(lines[2].contains("-$2.00 (-20.0%)"), "{text}");
    assert!(lines[2].contains("+1.00 s (+25.0%)"), "{text}");
    let narrow = render_table(&r, TableWidth::Narrow);
    assert!(
        narrow.lines().nth(2).unwrap().contains("-20.0%"),
        "{narrow}"
    );
}

#[test]
fn a_variant_that_loses_requests_is_marked_and_its_shares_shown() {
    let (a, b) = (summary(10.0, 4.0), summary_with(7.0, 3.0, 23));
    let r = rows(&[("async", &a), ("realtime", &b)]);
    assert!(!r[0].loses_requests() && r[1].loses_requests());
    assert_eq!(r[1].figures.share(r[1].figures.lost()), Some(0.23));
    assert_eq!(r[1].figures.share(r[1].figures.completed), Some(0.77));
    assert_eq!(r[1].figures.p99_latency_all_s, None);
    for width in [TableWidth::Narrow, TableWidth::Wide] {
        let text = render_table(&r, width);
        let line = text.lines().nth(2).unwrap();
        assert!(
            line.contains(&format!("realtime{LOSES_REQUESTS_MARK}")),
            "{text}"
        );
        assert!(line.contains("23.0 %") && line.contains("77.0 %") && line.contains("never"));
        assert!(text.contains(LOSES_REQUESTS_NOTE[0]), "{text}");
        assert!(!text.lines().nth(1).unwrap().contains(LOSES_REQUESTS_MARK));
    }
}

#[test]
fn the_narrow_table_fits_100_columns() {
    let s = summary_with(1234.56, 1234.5, 23);
    let names = ["sagemaker-realtime", "a-rather-long-name", "keep-alive"];
    let runs: Vec<(&str, &RunSummary)> = names.iter().map(|n| (*n, &s)).collect();
    let text = render_table(&rows(&runs), TableWidth::Narrow);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    let wide = render_table(&rows(&runs), TableWidth::Wide);
    assert!(wide.lines().next().unwrap().chars().count() > 100);
}

#[test]
fn no_completed_request_leaves_empty_cells_not_zeros() {
    let mut s = summary(1.0, 1.0);
    s.requests.completed = 0;
    s.requests.expired = 100;
    s.latency_s = LatencySummary::default();
    s.latency_all_s = AllRequestsLatency::default();
    let r = rows(&[("none", &s)]);
    let cells = r[0].cells();
    let p99 = COMPARE_COLUMNS
        .iter()
        .position(|c| *c == "p99_latency_s")
        .unwrap();
    assert_eq!(cells[p99], "");
    let json = serde_json::to_value(&r[0]).unwrap();
    assert!(json["p99_latency_s"].is_null() && json["delta_p99_latency_s"].is_null());
}

#[test]
fn every_column_is_a_figure_of_the_summary_row_or_a_delta() {
    let r = rows(&[("a", &summary(10.0, 4.0))]);
    let deltas = [
        "delta_cost_usd",
        "delta_cost_pct",
        "delta_p99_latency_s",
        "delta_p99_latency_pct",
    ];
    for c in &COMPARE_COLUMNS[1..] {
        assert!(
            deltas.contains(c) || r[0].figures.figure(c).is_some(),
            "{c} is neither a delta nor a figure of SummaryRow"
        );
    }
    // compare.json keeps the column order.
    let text = serde_json::to_string(&r[0]).unwrap();
    let positions: Vec<usize> = COMPARE_COLUMNS
        .iter()
        .map(|c| text.find(&format!("\"{c}\":")).expect("column"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}
