//! The timeline chart for one and three runs, and long runs: a week gets an overview and a
//! zoom on its busiest day, a month stays small.

use super::*;

#[test]
fn timeline_for_one_and_three_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [1, 3] {
        let runs = runs(n, 600);
        let refs: Vec<&RunSeries> = runs.iter().collect();
        for format in FORMATS {
            let path = dir
                .path()
                .join(format!("timeline-{n}.{}", format.extension()));
            timeline(&refs, &path, format).expect("timeline");
            let svg = check_file(&path, format);
            if format == ChartFormat::Png {
                continue;
            }
            for name in NAMES.iter().take(n) {
                assert!(svg.contains(&escaped(name)), "caption {name}");
            }
            // Per run: each axis once, each lane named once (scale out and in are in the
            // legend too).
            for label in [
                "time (h)",
                "backlog",
                "instances",
                "cold start",
                "backlog-high",
                "backlog-zero",
            ] {
                assert_eq!(svg.matches(&text(label)).count(), n, "{label}");
            }
            for label in ["scale out", "scale in"] {
                assert_eq!(svg.matches(&text(label)).count(), n + 1, "{label}");
            }
            // The legend strip, once, outside the panels.
            for label in [
                "backlog (requests)",
                "in service",
                "pending (launching)",
                "desired",
                "cold start (launch → in service)",
                "alarm in ALARM",
            ] {
                assert_eq!(svg.matches(&text(label)).count(), 1, "legend {label}");
            }
            // Ten hours: the overview alone.
            assert!(svg.contains(&text("Whole run: 10 h")) && !svg.contains("Day "));
            // Per run the backlog's border; the desired line, and its legend swatch.
            assert_eq!(polylines_in(&svg, "#333333"), n, "backlog lines");
            assert_eq!(polylines_in(&svg, "#1F77B4"), n + 1, "desired lines");
        }
    }
    // Under 3 h the axis is in minutes.
    let short = run("short", 120, 0);
    let path = dir.path().join("short.svg");
    timeline(&[&short], &path, ChartFormat::Svg).expect("short timeline");
    assert!(check_file(&path, ChartFormat::Svg).contains("time (min)"));
    let mut left = files_in(dir.path());
    left.retain(|f| f.starts_with('.'));
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

const HIGH: &str = "TargetTracking-endpoint/ep/variant/AllTraffic-AlarmHigh-0000";

/// A run of `days` days whose day `busy` has twelve extra scale-outs and scale-ins, with a
/// target tracking hidden alarm owned by `tt-policy`.
fn long_run(name: &str, days: u64, busy: u64) -> RunSeries {
    let mut s = run(name, days * 1440, 0);
    for k in 0..12 {
        let at = busy * 86_400 + 3_600 * k;
        for (start, from, to) in [(at, 0, 2), (at + 1_200, 2, 0)] {
            s.push_activity(&ActivityRecord {
                start: SimTime::from_secs(start),
                end: Some(SimTime::from_secs(start + 600)),
                cause: "test".into(),
                from,
                to,
                status: ActivityStatus::Successful,
                not_scaled_reason: None,
            });
        }
    }
    let minutes = s.time_s.len();
    s.alarms.push(AlarmTrack {
        name: HIGH.into(),
        in_alarm: (0..minutes).map(|m| m % 700 < 30).collect(),
    });
    s.alarm_owners = vec![(HIGH.into(), "tt-policy".into())];
    s
}

#[test]
fn a_week_gets_an_overview_and_a_zoom_on_its_busiest_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = [long_run("a", 7, 4), long_run("b", 7, 4)];
    let refs: Vec<&RunSeries> = runs.iter().collect();
    for format in FORMATS {
        let path = dir.path().join(format!("week.{}", format.extension()));
        timeline(&refs, &path, format).expect("week timeline");
        let svg = check_file(&path, format);
        if format == ChartFormat::Png {
            continue;
        }
        // 2 runs × (12 + 12) extra events on day 5.
        assert!(svg.contains(&text("Whole run: 7 days (the zoom day shaded)")));
        assert!(svg.contains(&text("Day 5 of 7 (96–120 h): most scaling events (48)")));
        assert_eq!(svg.matches(&text("time (days)")).count(), 2);
        assert_eq!(svg.matches(&text("time of day 5 (h)")).count(), 2);
        // The hidden alarm's lane, under its short name; its long name never shows.
        assert_eq!(svg.matches(&text("High · tt-policy")).count(), 2);
        assert!(!svg.contains("AlarmHigh"));
        assert!(svg.contains("\na, this day: 12 scale-outs, 12 scale-ins, "));
        // The zoom axis reads as clock times.
        assert!(svg.contains(&text("06:00")) && svg.contains(&text("24:00")));
    }
}

#[test]
fn a_month_stays_small_and_zooms_on_one_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let month = long_run("month", 30, 17);
    let path = dir.path().join("month.svg");
    timeline(&[&month], &path, ChartFormat::Svg).expect("month timeline");
    let svg = check_file(&path, ChartFormat::Svg);
    assert!(svg.contains(&text("Whole run: 30 days (the zoom day shaded)")));
    assert!(svg.contains("Day 18 of 30 (408–432 h)"));
    // 43,200 minutes, drawn from a few thousand points per line.
    assert!(svg.len() < 1_500_000, "{} bytes", svg.len());
    let path = dir.path().join("month.png");
    timeline(&[&month], &path, ChartFormat::Png).expect("month png");
    check_file(&path, ChartFormat::Png);
}
