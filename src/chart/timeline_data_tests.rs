//! Tests of the timeline's picks (`timeline_data.rs`).

use super::*;
use crate::chart::data::ScalingMark;

const HIDDEN_HIGH: &str = "TargetTracking-endpoint/my-ep/variant/AllTraffic-AlarmHigh-\
                           1b2c3d4e-0000-4000-8000-123456789abc";
const HIDDEN_LOW: &str = "TargetTracking-endpoint/my-ep/variant/AllTraffic-AlarmLow-\
                          1b2c3d4e-0000-4000-8000-123456789abc";

/// A run of `minutes` minutes with `arrivals(minute)` requests each minute.
fn run(minutes: u64, arrivals: impl Fn(u64) -> f64) -> RunSeries {
    let mut s = RunSeries::new("r");
    for m in 0..minutes {
        s.time_s.push(m as f64 * MINUTE_S);
        s.arrivals.push(arrivals(m));
        s.pending.push(0.0);
    }
    s
}

fn mark(time_s: f64, from: u32, to: u32, settled_s: Option<f64>) -> ScalingMark {
    ScalingMark {
        time_s,
        from,
        to,
        settled_s,
    }
}

fn day(scaling_events: usize, arrivals: f64) -> DayActivity {
    DayActivity {
        scaling_events,
        arrivals,
    }
}

#[test]
fn day_activity_counts_events_and_arrivals_per_day() {
    let mut a = run(3 * 1440, |m| if m / 1440 == 1 { 2.0 } else { 1.0 });
    a.actions = vec![
        mark(100.0, 0, 1, None),
        mark(DAY_S + 5.0, 1, 0, None),
        mark(2.0 * DAY_S + 1.0, 0, 2, None),
        mark(2.0 * DAY_S + 9.0, 2, 0, None),
    ];
    // A second variant: same arrivals, more events on day 1.
    let mut b = run(3 * 1440, |m| if m / 1440 == 1 { 2.0 } else { 1.0 });
    b.actions = vec![
        mark(DAY_S + 60.0, 0, 1, None),
        mark(DAY_S + 600.0, 1, 0, None),
    ];
    let days = day_activity(&[&a, &b]);
    assert_eq!(days, vec![day(1, 1440.0), day(3, 2880.0), day(2, 1440.0)]);
    assert!(day_activity(&[]).is_empty());
}

#[test]
fn the_zoom_day_has_the_most_events_then_requests_then_comes_first() {
    assert_eq!(
        pick_day(&[day(1, 50.0), day(4, 10.0), day(2, 90.0)]),
        Some((1, ZoomReason::MostScalingEvents))
    );
    // Equal events: the busier day.
    assert_eq!(
        pick_day(&[day(4, 10.0), day(4, 30.0), day(1, 90.0)]),
        Some((1, ZoomReason::MostScalingEvents))
    );
    // Nothing scaled: the busiest day.
    assert_eq!(
        pick_day(&[day(0, 10.0), day(0, 30.0), day(0, 20.0)]),
        Some((1, ZoomReason::MostRequests))
    );
    // Full ties: the earliest, deterministically.
    assert_eq!(
        pick_day(&[day(2, 5.0), day(2, 5.0), day(2, 5.0)]),
        Some((0, ZoomReason::MostScalingEvents))
    );
    assert_eq!(pick_day(&[]), None);
}

#[test]
fn short_runs_get_no_zoom_and_long_ones_a_titled_day() {
    let short = run(36 * 60, |_| 1.0);
    assert_eq!(zoom_day(&[&short]), None, "1.5 days: the overview suffices");
    let mut week = run(7 * 1440, |m| if m / 1440 == 5 { 3.0 } else { 1.0 });
    let z = zoom_day(&[&week]).expect("a week has a zoom day");
    assert_eq!((z.day, z.days, z.reason), (5, 7, ZoomReason::MostRequests));
    assert_eq!(z.title(), "Day 6 of 7 (120–144 h): most requests (4320)");
    assert_eq!((z.start_s(), z.end_s()), (5.0 * DAY_S, 6.0 * DAY_S));
    week.actions = vec![mark(3.0 * DAY_S + 1.0, 0, 1, None)];
    let z = zoom_day(&[&week]).expect("zoom");
    assert_eq!(z.day, 3);
    assert_eq!(z.title(), "Day 4 of 7 (72–96 h): most scaling events (1)");
    assert_eq!(zoom_day(&[]), None);
}

#[test]
fn hidden_alarms_are_called_high_and_low_with_their_policy() {
    assert_eq!(
        short_alarm_name(HIDDEN_HIGH, Some("backlog-tt"), 30),
        "High · backlog-tt"
    );
    assert_eq!(
        short_alarm_name(HIDDEN_LOW, Some("backlog-tt"), 30),
        "Low · backlog-tt"
    );
    assert_eq!(short_alarm_name(HIDDEN_HIGH, None, 30), "High");
    assert_eq!(
        short_alarm_name(HIDDEN_HIGH, Some("a-very-long-policy-name"), 12),
        "High · a-ve…"
    );
    // A user's alarm keeps its name, cut when long; "AlarmHigh" alone does not make it
    // a hidden alarm.
    assert_eq!(short_alarm_name("queue-deep", None, 18), "queue-deep");
    assert_eq!(
        short_alarm_name("my-step-AlarmHigh-alarm-for-the-queue", Some("p"), 18),
        "my-step-AlarmHigh…"
    );
    assert_eq!(ellipsize("ééééé", 3), "éé…");
    assert_eq!(ellipsize("abc", 3), "abc");
    assert_eq!(ellipsize("abc", 0), "…");
}

#[test]
fn alarm_labels_use_the_owners_of_the_run() {
    let mut r = RunSeries::new("r");
    r.alarm_owners = vec![(HIDDEN_LOW.to_string(), "tt".to_string())];
    assert_eq!(alarm_label(&r, HIDDEN_LOW, 18), "Low · tt");
    assert_eq!(alarm_label(&r, HIDDEN_HIGH, 18), "High");
}

#[test]
fn cold_starts_join_scale_outs_and_pending_minutes() {
    let mut r = run(10, |_| 0.0);
    // Pending at the end of minutes 2 and 3 (a launch outside any activity) and 8.
    r.pending = vec![0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0];
    r.actions = vec![
        mark(130.0, 0, 2, Some(200.0)), // inside the pending minutes
        mark(300.0, 2, 0, Some(300.0)), // a scale-in: no cold start
        mark(330.0, 0, 1, Some(350.0)), // short: between minute ends
        mark(530.0, 1, 2, None),        // still launching at the end
    ];
    assert_eq!(
        cold_start_spans(&r),
        vec![(120.0, 240.0), (330.0, 350.0), (480.0, 600.0)]
    );
    assert!(cold_start_spans(&RunSeries::new("empty")).is_empty());
}
