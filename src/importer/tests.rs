//! Tests of the estimates on records built in memory.
// Records are built up field by field, as each test needs them.
#![allow(clippy::field_reassign_with_default)]

use super::*;
use crate::recorded::metrics::MetricSeries;
use crate::recorded::scaling::{parse_cause, Activity, ActivityStatus};
use crate::recorded::{Origin, UtcMicros};

const T0: i64 = 1_709_510_400; // 2024-03-04T00:00:00Z

fn at(min: i64) -> UtcMicros {
    UtcMicros::from_secs(T0 + 60 * min)
}

fn origin() -> Origin {
    Origin {
        file: "f.json".into(),
        path: "X".into(),
    }
}

fn series(metric: &str, stat: &str, points: &[(i64, f64)]) -> MetricSeries {
    MetricSeries {
        metric: metric.into(),
        stat: stat.into(),
        period_s: 60,
        dimensions: Vec::new(),
        points: points.iter().map(|&(m, v)| (at(m), v)).collect(),
        origins: vec![origin()],
        assumption: None,
    }
}

fn activity(start_min: i64, end_s: Option<i64>, to: u32, cause: &str) -> Activity {
    Activity {
        origin: origin(),
        activity_id: format!("a{start_min}"),
        resource_id: "endpoint/e/variant/AllTraffic".into(),
        scalable_dimension: "sagemaker:variant:DesiredInstanceCount".into(),
        description: format!("Setting desired instance count to {to}."),
        cause: cause.into(),
        trigger: parse_cause(cause),
        start: at(start_min),
        end: end_s.map(|s| UtcMicros::from_secs(T0 + 60 * start_min + s)),
        status: ActivityStatus::Successful,
        status_message: None,
        desired: Some(to),
        not_scaled: Vec::new(),
    }
}

#[test]
fn arrivals_from_metrics_add_what_left_and_the_backlog_change() {
    // One gauge sample a minute, at its start: the average of minute m is the backlog at
    // the start of m. Minute 0: 3 arrive. Minute 1: 2 processed and 1 expires (the backlog
    // falls by 3): none arrived. Minute 2: 4 arrive and are processed within it.
    let mut rec = Recorded::default();
    rec.metrics = vec![
        series("InvocationsProcesssed", "Sum", &[(1, 2.0), (2, 4.0)]),
        series("ExpiredRequests", "Sum", &[(1, 1.0)]),
        series(
            "ApproximateBacklogSize",
            "Average",
            &[(0, 0.0), (1, 3.0), (2, 0.0), (3, 0.0)],
        ),
    ];
    let w = Window::new(at(0), at(4));
    let a = arrivals::from_metrics(&rec, &w, 60).unwrap();
    assert_eq!(a.kind, ArrivalsKind::Counts { period_s: 60 });
    // Minute 3 had nothing at all: no row.
    assert_eq!(counts(&a), vec![3, 0, 4]);
    assert_eq!(a.requests, 7);
    assert!(
        a.notes.iter().any(|n| n.contains("InvocationFailures")),
        "{:?}",
        a.notes
    );
}

fn counts(a: &arrivals::Arrivals) -> Vec<u64> {
    a.csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn the_backlog_average_stands_for_the_middle_of_its_samples() {
    // Samples every 10 s: a minute's average stands for 25 s into it. The backlog goes
    // from 0 (minute 0) to 6 (minute 1, the last): at the end of minute 0 it is
    // 0 + 35/60 × 6 = 3.5, so 3.5 arrive in minute 0 and 2.5 in minute 1; rounded on the
    // running total, 4 then 2.
    let mut rec = Recorded::default();
    rec.metrics = vec![
        series("InvocationsProcesssed", "Sum", &[]),
        series("ApproximateBacklogSize", "Average", &[(0, 0.0), (1, 6.0)]),
    ];
    let a = arrivals::from_metrics(&rec, &Window::new(at(0), at(2)), 10).unwrap();
    assert_eq!(counts(&a), vec![4, 2]);
}

#[test]
fn negative_estimates_are_taken_from_later_periods() {
    let mut rec = Recorded::default();
    // The backlog rises to 2.5 then falls to 0 while 1 is processed: −1.5, then 2 processed.
    rec.metrics = vec![
        series("InvocationsProcesssed", "Sum", &[(1, 1.0), (2, 2.0)]),
        series(
            "ApproximateBacklogSize",
            "Average",
            &[(0, 0.0), (1, 2.5), (2, 0.0)],
        ),
    ];
    let w = Window::new(at(0), at(3));
    let a = arrivals::from_metrics(&rec, &w, 60).unwrap();
    // Running totals 2.5, 1, 3 → rounded 3, 1, 3: counts 3, 0, 0.
    assert_eq!(counts(&a), vec![3, 0, 0]);
    assert_eq!(a.requests, 3);
}

#[test]
fn no_counts_metric_is_a_clear_error() {
    let rec = Recorded::default();
    let e = arrivals::from_metrics(&rec, &Window::new(at(0), at(1)), 60).unwrap_err();
    assert!(
        e.contains("InvocationsProcesssed") && e.contains("notifications"),
        "{e}"
    );
}

#[test]
fn service_mean_is_weighted_and_cv_comes_from_the_scatter() {
    let mut rec = Recorded::default();
    // 12 minutes: averages alternating 9 and 11 s (µs) with 4 requests each.
    let avg: Vec<(i64, f64)> = (0..12)
        .map(|m| (m, if m % 2 == 0 { 9e6 } else { 11e6 }))
        .collect();
    let n: Vec<(i64, f64)> = (0..12).map(|m| (m, 4.0)).collect();
    rec.metrics = vec![
        series("ModelLatency", "Average", &avg),
        series("ModelLatency", "SampleCount", &n),
    ];
    let fit = service::fit(&rec).unwrap();
    assert!((fit.mean_s - 10.0).abs() < 1e-9);
    // s² = Σ 4·1² / 11 = 48/11; cv = sqrt(48/11)/10.
    assert!(
        (fit.cv - (48.0_f64 / 11.0).sqrt() / 10.0).abs() < 1e-9,
        "{}",
        fit.cv
    );
    assert!(fit.source.contains("assumption"), "{}", fit.source);
}

#[test]
fn service_cv_from_percentiles_when_exported() {
    let mut rec = Recorded::default();
    let sigma: f64 = 0.5;
    let ratio = (1.281_551_565_545 * sigma).exp();
    rec.metrics = vec![
        series("ModelLatency", "Average", &[(0, 5e6)]),
        series("ModelLatency", "p50", &[(0, 4e6)]),
        series("ModelLatency", "p90", &[(0, 4e6 * ratio)]),
    ];
    let fit = service::fit(&rec).unwrap();
    assert!(
        (fit.cv - (sigma * sigma).exp_m1().sqrt()).abs() < 1e-9,
        "{}",
        fit.cv
    );
}

#[test]
fn capacity_starts_from_the_last_activity_before_the_window() {
    let mut rec = Recorded::default();
    let high = "monitor alarm TargetTracking-endpoint/e/variant/AllTraffic-AlarmHigh-x in state ALARM triggered policy tt";
    let low = "monitor alarm TargetTracking-endpoint/e/variant/AllTraffic-AlarmLow-x in state ALARM triggered policy tt";
    rec.activities = vec![
        activity(-30, Some(400), 2, high),
        activity(10, Some(30), 0, low),
        activity(50, Some(420), 1, high),
        activity(80, Some(300), 3, high),
    ];
    let w = Window::new(at(0), at(120));
    let c = RecordedCapacity::from_record(&rec, &w, Some(0));
    assert_eq!(c.initial, 2);
    assert!(c.initial_source.contains("before the window"));
    assert_eq!(
        c.changes.iter().map(|c| (c.from, c.to)).collect::<Vec<_>>(),
        vec![(2, 0), (0, 1), (1, 3)]
    );
    let per = c.per_minute_desired(&w);
    assert_eq!(
        (per[9], per[10], per[49], per[50], per[80]),
        (2, 0, 0, 1, 3)
    );
    // 2 for 10 min, 0 for 40, 1 for 30, 3 for 40: (20 + 30 + 120) / 60 h.
    assert!((c.instance_hours(&w) - 170.0 / 60.0).abs() < 1e-9);
    // Cold-start samples: scale-outs 0 → 1 (420 s) and 1 → 3 (300 s, 2 instances); the
    // first (before the window, from unknown) is not a scale-out sample.
    let s = cold_start::samples(&c.all_changes);
    assert_eq!(s, vec![(420.0, 1), (300.0, 2)]);
}

#[test]
fn capacity_at_start_from_metrics_or_a_stated_guess() {
    let high = "monitor alarm step-alarm in state ALARM triggered policy scale-from-zero";
    let mut rec = Recorded::default();
    rec.activities = vec![activity(20, Some(300), 1, high)];
    rec.metrics = vec![series(
        "HasBacklogWithoutCapacity",
        "Average",
        &[(5, 0.0), (6, 0.5)],
    )];
    let w = Window::new(at(0), at(60));
    let c = RecordedCapacity::from_record(&rec, &w, Some(0));
    assert_eq!(c.initial, 0);
    assert!(c.initial_source.contains("HasBacklogWithoutCapacity"));
    rec.metrics = vec![
        series("ApproximateBacklogSize", "Average", &[(3, 6.0)]),
        series("ApproximateBacklogSizePerInstance", "Average", &[(3, 2.0)]),
    ];
    let c = RecordedCapacity::from_record(&rec, &w, Some(0));
    assert_eq!(c.initial, 3);
    rec.metrics.clear();
    let c = RecordedCapacity::from_record(&rec, &w, Some(1));
    assert_eq!(c.initial, 1);
    assert!(c.initial_source.contains("guess"), "{}", c.initial_source);
}

#[test]
fn cold_start_needs_three_clean_scale_outs() {
    let high = "monitor alarm a in state ALARM triggered policy p";
    let mut rec = Recorded::default();
    rec.activities = vec![
        activity(0, Some(400), 1, high),
        activity(30, Some(60), 0, high),
        activity(60, Some(440), 1, high),
        // Overlapped by the next activity (which starts before it ends): left out.
        activity(90, Some(900), 2, high),
        activity(95, Some(500), 3, high),
    ];
    let w = Window::new(at(0), at(200));
    let c = RecordedCapacity::from_record(&rec, &w, Some(0));
    let fit = cold_start::fit(&c.all_changes);
    assert_eq!(fit.samples, vec![(400.0, 1), (440.0, 1), (500.0, 1)]);
    let mean = fit.mean_s.unwrap();
    assert!((400.0..500.0).contains(&mean), "{mean}");
    rec.activities.truncate(3);
    let c = RecordedCapacity::from_record(&rec, &w, Some(0));
    let fit = cold_start::fit(&c.all_changes);
    assert!(fit.mean_s.is_none());
    assert!(fit.source.contains("fewer than the 3"), "{}", fit.source);
}
