//! Tests of the chart data layer (`data.rs`).

use super::*;
use crate::metrics::histogram::DurationStats;
use crate::metrics::minute::MinuteCounts;
use crate::time::{SimDuration, SimTime};

fn minute(m: u64, arrivals: u64, queued: u32, desired: u32, cost: f64) -> MinuteRecord {
    MinuteRecord {
        minute: m,
        counts: MinuteCounts {
            arrivals,
            ..MinuteCounts::default()
        },
        queued,
        in_flight: 1,
        desired,
        pending: 2,
        in_service: 3,
        draining: 0,
        machines: 5,
        cost_usd: cost,
        metrics: [None; crate::metrics::METRIC_COUNT],
    }
}

fn activity(start_s: u64, from: u32, to: u32, status: ActivityStatus) -> ActivityRecord {
    ActivityRecord {
        start: SimTime::from_secs(start_s),
        end: None,
        cause: "test".into(),
        from,
        to,
        status,
        not_scaled_reason: None,
    }
}

#[test]
fn push_minute_fills_every_vector() {
    let mut s = RunSeries::new("a");
    s.push_minute(&minute(0, 5, 7, 1, 0.5));
    s.push_minute(&minute(1, 6, 0, 2, 1.25));
    assert_eq!(s.name, "a");
    assert_eq!(s.time_s, vec![0.0, 60.0]);
    assert_eq!(s.backlog, vec![8.0, 1.0]);
    assert_eq!(s.desired, vec![1.0, 2.0]);
    assert_eq!(s.pending, vec![2.0, 2.0]);
    assert_eq!(s.in_service, vec![3.0, 3.0]);
    assert_eq!(s.arrivals, vec![5.0, 6.0]);
    assert_eq!(s.cost_usd, vec![0.5, 1.25]);
    assert_eq!(s.end_s(), 120.0);
}

#[test]
fn push_activity_keeps_only_changes() {
    let mut s = RunSeries::new("a");
    s.push_activity(&activity(60, 0, 1, ActivityStatus::Successful));
    s.push_activity(&activity(120, 1, 1, ActivityStatus::Successful));
    s.push_activity(&activity(180, 1, 2, ActivityStatus::NotScaled));
    s.push_activity(&activity(240, 1, 0, ActivityStatus::InProgress));
    assert_eq!(
        s.actions,
        vec![
            ScalingMark {
                time_s: 60.0,
                from: 0,
                to: 1,
                settled_s: None,
            },
            ScalingMark {
                time_s: 240.0,
                from: 1,
                to: 0,
                settled_s: None,
            },
        ]
    );
}

#[test]
fn observer_hooks_feed_the_series() {
    let mut s = RunSeries::new("obs");
    let obs: &mut dyn Observer = &mut s;
    obs.on_minute(&minute(0, 1, 0, 0, 0.0));
    obs.on_activity(&activity(30, 0, 1, ActivityStatus::Successful));
    assert_eq!(s.time_s.len(), 1);
    assert_eq!(s.actions.len(), 1);
}

#[test]
fn alarm_tracks_are_created_and_stay_aligned() {
    let mut s = RunSeries::new("a");
    s.push_alarm_states(&[("high", true), ("low", false)]);
    s.push_alarm_states(&[("high", false), ("low", true)]);
    // A new alarm appears, one disappears for a minute.
    s.push_alarm_states(&[("low", true), ("extra", true)]);
    let names: Vec<&str> = s.alarms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["high", "low", "extra"]);
    assert_eq!(s.alarms[0].in_alarm, vec![true, false, false]);
    assert_eq!(s.alarms[1].in_alarm, vec![false, true, true]);
    assert_eq!(s.alarms[2].in_alarm, vec![false, false, true]);
}

#[test]
fn downsampling_keeps_extremes_order_and_bound() {
    let n = 10_000;
    let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let mut y: Vec<f64> = (0..n).map(|i| ((i as f64) * 0.37).sin() * 10.0).collect();
    y[4321] = 1000.0; // a single-minute spike
    y[777] = -55.0;
    for max_points in [2, 3, 100, 2000, 9999] {
        let d = downsample_minmax(&x, &y, max_points);
        assert!(d.len() <= max_points, "{} > {max_points}", d.len());
        assert!(d.windows(2).all(|w| w[0].0 < w[1].0), "time order");
        assert!(d.contains(&(4321.0, 1000.0)), "max kept at {max_points}");
        assert!(d.contains(&(777.0, -55.0)), "min kept at {max_points}");
    }
}

#[test]
fn downsampling_short_and_degenerate_inputs() {
    let x = [0.0, 1.0, 2.0];
    let y = [5.0, 6.0, 7.0];
    assert_eq!(
        downsample_minmax(&x, &y, 3),
        vec![(0.0, 5.0), (1.0, 6.0), (2.0, 7.0)]
    );
    assert_eq!(downsample_minmax(&x, &y, 1), vec![(2.0, 7.0)]);
    assert!(downsample_minmax(&x, &y, 0).is_empty());
    assert!(downsample_minmax(&[], &[], 10).is_empty());
    // Mismatched lengths: the extra x is ignored.
    assert_eq!(downsample_minmax(&x, &y[..2], 10).len(), 2);
    // All equal: one point per bucket, still bounded.
    let flat = vec![0.0; 1000];
    let xs: Vec<f64> = (0..1000).map(f64::from).collect();
    let d = downsample_minmax(&xs, &flat, 10);
    assert!(!d.is_empty() && d.len() <= 10);
}

#[test]
fn hourly_sums_equal_totals() {
    let mut s = RunSeries::new("h");
    let mut cost = 0.0;
    // 150 minutes: two full hours and a half hour.
    for m in 0..150u64 {
        cost += if m < 60 { 0.01 } else { 0.03 };
        s.push_minute(&minute(m, m % 7, 0, 1, cost));
    }
    let rows = hourly(&s);
    assert_eq!(
        rows.iter().map(|r| r.hour).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    let requests: f64 = rows.iter().map(|r| r.requests).sum();
    assert_eq!(requests, s.arrivals.iter().sum::<f64>());
    let total_cost: f64 = rows.iter().map(|r| r.cost_usd).sum();
    assert!((total_cost - cost).abs() < 1e-9);
    assert!((rows[0].cost_usd - 0.6).abs() < 1e-9);
    assert!((rows[1].cost_usd - 1.8).abs() < 1e-9);
    assert!((rows[2].cost_usd - 0.9).abs() < 1e-9);
    assert!(hourly(&RunSeries::new("empty")).is_empty());
}

#[test]
fn cdf_ends_at_one_is_monotone_and_bounded() {
    let mut stats = DurationStats::new();
    for i in 0..50_000u64 {
        stats.record(SimDuration(1 + (i * i * 7919) % 900_000_000));
    }
    let raw = stats.cdf_points();
    assert!(raw.len() > 200);
    for max_points in [2, 50, 200, 100_000] {
        let c = cdf_series(&raw, max_points);
        assert!(c.len() <= max_points);
        assert_eq!(c.first(), raw.first());
        assert_eq!(c.last().map(|p| p.1), Some(1.0));
        assert!(c.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
    }
}

#[test]
fn cdf_drops_non_positive_latencies() {
    let pts = [
        (0.0, 0.1),
        (-1.0, 0.2),
        (f64::NAN, 0.3),
        (0.5, 0.6),
        (2.0, 1.0),
    ];
    assert_eq!(cdf_series(&pts, 10), vec![(0.5, 0.6), (2.0, 1.0)]);
    assert_eq!(cdf_series(&pts, 1), vec![(2.0, 1.0)]);
    assert!(cdf_series(&[], 10).is_empty());
}

#[test]
fn alarm_spans_exact() {
    let t: Vec<f64> = (0..8).map(|m| f64::from(m) * 60.0).collect();
    let on = [true, true, false, false, true, false, true, true];
    assert_eq!(
        alarm_spans(&t, &on),
        vec![(0.0, 120.0), (240.0, 300.0), (360.0, 480.0)]
    );
    assert!(alarm_spans(&t, &[false; 8]).is_empty());
    assert_eq!(alarm_spans(&t, &[true; 8]), vec![(0.0, 480.0)]);
    assert!(alarm_spans(&[], &[]).is_empty());
    // Mismatched lengths use the common prefix.
    assert_eq!(alarm_spans(&t[..2], &on), vec![(0.0, 120.0)]);
}

#[test]
fn machines_are_drawn_only_when_they_differ_from_the_capacity() {
    let mut r = RunSeries::new("r");
    r.push_minute(&minute(0, 1, 0, 5, 0.0));
    assert!(
        !r.machines_differ(),
        "5 machines = 2 pending + 3 in service"
    );
    let mut hosts = minute(1, 1, 0, 5, 0.0);
    hosts.machines = 2;
    r.push_minute(&hosts);
    assert!(r.machines_differ(), "2 hosts under 5 copies");
    assert_eq!(r.machines, vec![5.0, 2.0]);
}

#[test]
fn ccdf_points_are_one_minus_the_cdf_down_to_the_floor() {
    let cdf = [(0.0, 0.1), (1.0, 0.5), (2.0, 0.9), (4.0, 0.999), (8.0, 1.0)];
    let tail = ccdf_series(&cdf, 1e-3, 100);
    // Zero latency dropped; the last point (share 0) ends on the floor.
    let xs: Vec<f64> = tail.iter().map(|p| p.0).collect();
    assert_eq!(xs, vec![1.0, 2.0, 4.0, 8.0]);
    for (got, want) in tail.iter().map(|p| p.1).zip([0.5, 0.1, 1e-3, 1e-3]) {
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }
    // A bad floor falls back to 1e-4.
    assert_eq!(ccdf_series(&[(1.0, 1.0)], f64::NAN, 10), vec![(1.0, 1e-4)]);
    assert!(ccdf_series(&[], 1e-3, 10).is_empty());
}

#[test]
fn ccdf_merges_points_on_the_same_spot_and_keeps_the_last() {
    // A real distribution: many buckets close together.
    let mut stats = DurationStats::new();
    for i in 0..20_000u64 {
        stats.record(SimDuration(1_000 + (i * i * 37) % 50_000_000));
    }
    let cdf = stats.cdf_points();
    let tail = ccdf_series(&cdf, ccdf_floor(stats.count()), 400);
    assert!(tail.len() <= 400 && tail.len() > 20, "{}", tail.len());
    assert_eq!(tail.last().map(|p| p.0), cdf.last().map(|p| p.0));
    assert_eq!(tail.last().map(|p| p.1), Some(1e-4));
    // Share of requests slower than x never increases with x.
    assert!(tail.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 <= w[0].1));
}

#[test]
fn ccdf_floor_follows_the_sample_size() {
    assert_eq!(ccdf_floor(0), 1e-2);
    assert_eq!(ccdf_floor(50), 1e-2);
    assert_eq!(ccdf_floor(500), 1e-3);
    assert_eq!(ccdf_floor(1_000), 1e-3);
    assert_eq!(ccdf_floor(5_000), 1e-4);
    assert_eq!(ccdf_floor(10_000_000), 1e-4);
}

#[test]
fn nice_ticks_are_round_and_inside_the_range() {
    assert_eq!(
        nice_ticks(0.0, 10.0, 6),
        vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    );
    assert_eq!(nice_ticks(3.2, 97.0, 6), vec![20.0, 40.0, 60.0, 80.0]);
    assert_eq!(nice_ticks(0.12, 0.5, 5), vec![0.2, 0.3, 0.4, 0.5]);
    assert_eq!(nice_ticks(141.0, 143.0, 3), vec![141.0, 142.0, 143.0]);
    assert_eq!(nice_ticks(7.0, 7.0, 5), vec![7.0]);
    assert!(nice_ticks(1.0, 0.0, 5).is_empty());
    assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
    for (lo, hi) in [(0.0013, 0.0191), (-5.0, 17.0), (312.0, 1040.0)] {
        let t = nice_ticks(lo, hi, 6);
        assert!((2..=6).contains(&t.len()), "{lo}..{hi}: {t:?}");
        assert!(t.iter().all(|v| (lo..=hi).contains(v)), "{t:?}");
    }
}
