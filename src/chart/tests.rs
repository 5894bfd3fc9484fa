//! Tests of the drawing functions: every chart for one and three runs, in SVG and PNG,
//! and degenerate inputs (empty runs, zeros, a single point) that must not panic.

use super::*;
use crate::metrics::histogram::DurationStats;
use crate::metrics::minute::MinuteCounts;
use crate::sim::observer::{ActivityRecord, ActivityStatus, MinuteRecord};
use crate::time::{SimDuration, SimTime};
use std::path::Path;

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
const NAMES: [&str; 3] = ["always-on", "idle-timeout", "target <tracking> & co"];

/// A synthetic run of `minutes` minutes: a daily-ish wave of traffic, capacity following
/// it, a scale-out and a scale-in, and two alarms.
fn run(name: &str, minutes: u64, seed: u64) -> RunSeries {
    let mut s = RunSeries::new(name);
    let mut cost = 0.0;
    for m in 0..minutes {
        let wave = ((m + seed * 17) as f64 / 90.0).sin().max(0.0);
        let desired = if wave > 0.2 { 2 } else { 0 };
        cost += f64::from(desired) * 1.408 / 60.0;
        s.push_minute(&MinuteRecord {
            minute: m,
            counts: MinuteCounts {
                arrivals: (wave * 40.0) as u64,
                ..MinuteCounts::default()
            },
            queued: (wave * 25.0) as u32,
            in_flight: desired,
            desired,
            pending: u32::from(m % 50 < 10 && desired > 0),
            in_service: desired,
            draining: 0,
            machines: 0,
            cost_usd: cost,
            metrics: [None; crate::metrics::METRIC_COUNT],
        });
        s.push_alarm_states(&[("backlog-high", wave > 0.8), ("backlog-zero", wave == 0.0)]);
    }
    for (start, from, to) in [(600, 0, 2), (3000, 2, 0)] {
        s.push_activity(&ActivityRecord {
            start: SimTime::from_secs(start),
            end: None,
            cause: "test".into(),
            from,
            to,
            status: ActivityStatus::Successful,
            not_scaled_reason: None,
        });
    }
    s
}

fn latency(name: &str, scale_us: u64) -> LatencyCurve {
    let mut stats = DurationStats::new();
    for i in 0..5_000u64 {
        stats.record(SimDuration(scale_us + (i * i * 31) % (scale_us * 100)));
    }
    LatencyCurve {
        name: name.into(),
        points: stats.cdf_points(),
        count: stats.count(),
        p50_s: stats.quantile_secs(0.5),
        p99_s: stats.quantile_secs(0.99),
        p999_s: stats.quantile_secs(0.999),
    }
}

/// Check the written file; return the SVG text (empty for PNG).
fn check_file(path: &Path, format: ChartFormat) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    assert!(!bytes.is_empty(), "{} is empty or missing", path.display());
    match format {
        ChartFormat::Png => {
            assert!(bytes.starts_with(PNG_MAGIC), "not a PNG");
            String::new()
        }
        ChartFormat::Svg => {
            let text = String::from_utf8(bytes).unwrap_or_default();
            assert!(text.starts_with("<svg"), "not an SVG");
            assert!(text.contains(r#"font-family="DejaVu Sans, sans-serif""#));
            text
        }
    }
}

/// Number of `<polyline` elements drawn in `rgb` (as plotters writes it, `#RRGGBB`).
fn polylines_in(svg: &str, rgb: &str) -> usize {
    svg.split("<polyline")
        .skip(1)
        .filter(|el| {
            el.split('>')
                .next()
                .unwrap_or("")
                .contains(&format!("stroke=\"{rgb}\""))
        })
        .count()
}

/// The SVG escaping plotters applies to text.
fn escaped(name: &str) -> String {
    name.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn runs(n: usize, minutes: u64) -> Vec<RunSeries> {
    NAMES
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, name)| run(name, minutes, i as u64))
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

const FORMATS: [ChartFormat; 2] = [ChartFormat::Svg, ChartFormat::Png];

/// Text as plotters writes a whole text element.
fn text(label: &str) -> String {
    format!("\n{}\n", escaped(label))
}

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

#[test]
fn latency_cdf_for_one_and_three_curves() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [1, 3] {
        let curves: Vec<LatencyCurve> = NAMES
            .iter()
            .take(n)
            .zip([1_000, 10_000, 100_000])
            .map(|(name, scale)| latency(name, scale))
            .collect();
        for format in FORMATS {
            let path = dir.path().join(format!("cdf-{n}.{}", format.extension()));
            latency_cdf(&curves, &path, format).expect("cdf");
            let svg = check_file(&path, format);
            if format == ChartFormat::Png {
                continue;
            }
            for name in NAMES.iter().take(n) {
                assert!(svg.contains(&escaped(name)), "legend {name}");
            }
            assert_eq!(svg.matches(&text("latency (s)")).count(), 2);
            assert!(svg.contains("fraction of requests ≤ x"));
            assert!(svg.contains("share of requests slower than x"));
            // Each variant's percentiles in the legend strip; guide lines in the tail.
            assert_eq!(svg.matches(" · p99.9 ").count(), n);
            for guide in ["p50", "p99", "p99.9"] {
                assert_eq!(svg.matches(&text(guide)).count(), 1, "{guide}");
            }
            for rgb in ["#1F77B4", "#FF7F0E", "#2CA02C"].iter().take(n) {
                assert_eq!(polylines_in(&svg, rgb), 3, "body, tail and legend in {rgb}");
            }
            // 5000 requests: the tail goes down to 10⁻⁴.
            assert!(svg.contains(&text("0.001")));
        }
    }
}

#[test]
fn cost_vs_p99_for_one_and_three_points() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [1, 3] {
        let points: Vec<CostPoint> = NAMES
            .iter()
            .take(n)
            .enumerate()
            .map(|(i, name)| CostPoint {
                name: name.to_string(),
                cost_usd: 3.0 + 10.0 * i as f64,
                p99_s: 600.0 / (1.0 + i as f64),
                lost_share: Some(if i == 1 { 0.23 } else { 0.0 }),
            })
            .collect();
        for format in FORMATS {
            let path = dir
                .path()
                .join(format!("scatter-{n}.{}", format.extension()));
            cost_vs_p99(&points, &path, format).expect("scatter");
            let svg = check_file(&path, format);
            if format == ChartFormat::Png {
                continue;
            }
            for name in NAMES.iter().take(n) {
                assert!(svg.contains(&escaped(name)), "label {name}");
            }
            assert!(svg.contains("p99 latency (s)") && svg.contains("cost (USD)"));
            // A losing variant: a red ring and its loss in the label.
            let losing = n > 1;
            assert_eq!(svg.matches("<circle").count(), n + usize::from(losing));
            assert_eq!(
                svg.matches(r##"stroke="#D62728""##).count(),
                usize::from(losing)
            );
            assert_eq!(svg.contains("p99 5m00s, 23 % lost)"), losing);
        }
    }
}

#[test]
fn hourly_chart_for_one_and_three_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [1, 3] {
        let runs = runs(n, 600);
        let refs: Vec<&RunSeries> = runs.iter().collect();
        for format in FORMATS {
            let path = dir
                .path()
                .join(format!("hourly-{n}.{}", format.extension()));
            hourly_chart(&refs, &path, format).expect("hourly");
            let svg = check_file(&path, format);
            if format == ChartFormat::Png {
                continue;
            }
            for name in NAMES.iter().take(n) {
                assert_eq!(svg.matches(&escaped(name)).count(), 2, "legend {name}");
            }
            for label in ["cost (USD/h)", "requests (per h)"] {
                assert!(svg.contains(label), "{label}");
            }
            assert_eq!(svg.matches("time (h)").count(), 2);
            // Two panels, each run once in the plot and once in the legend.
            for rgb in ["#1F77B4", "#FF7F0E", "#2CA02C"].iter().take(n) {
                assert_eq!(polylines_in(&svg, rgb), 4, "lines in {rgb}");
            }
        }
    }
}

#[test]
fn nothing_to_draw_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.svg");
    let svg = ChartFormat::Svg;
    assert!(matches!(
        timeline(&[], &path, svg),
        Err(ChartError::NoData(_))
    ));
    assert!(matches!(
        hourly_chart(&[], &path, svg),
        Err(ChartError::NoData(_))
    ));
    assert!(matches!(
        latency_cdf(&[], &path, svg),
        Err(ChartError::NoData(_))
    ));
    assert!(matches!(
        cost_vs_p99(&[], &path, svg),
        Err(ChartError::NoData(_))
    ));
    assert!(!path.exists());
}

#[test]
fn degenerate_data_draws_without_panicking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = RunSeries::new("empty");
    let zeros = {
        let mut s = run("zeros", 0, 0);
        for m in 0..30 {
            s.time_s.push(f64::from(m) * 60.0);
            for v in [
                &mut s.backlog,
                &mut s.desired,
                &mut s.pending,
                &mut s.in_service,
                &mut s.arrivals,
                &mut s.cost_usd,
            ] {
                v.push(0.0);
            }
        }
        s
    };
    let single = run("single", 1, 0);
    let curves = [
        LatencyCurve {
            name: "no requests".into(),
            points: Vec::new(),
            count: 0,
            p50_s: 0.0,
            p99_s: 0.0,
            p999_s: 0.0,
        },
        LatencyCurve {
            name: "zero latency".into(),
            points: vec![(0.0, 0.5), (1e-6, 1.0)],
            count: 2,
            p50_s: 0.0,
            p99_s: 1e-6,
            p999_s: 1e-6,
        },
        LatencyCurve {
            name: "one value".into(),
            points: vec![(2.0, 1.0)],
            count: 1,
            p50_s: 2.0,
            p99_s: f64::NAN,
            p999_s: f64::INFINITY,
        },
    ];
    let points = [
        CostPoint {
            name: "zero".into(),
            cost_usd: 0.0,
            p99_s: 0.0,
            lost_share: Some(f64::NAN),
        },
        CostPoint {
            name: "nan".into(),
            cost_usd: f64::NAN,
            p99_s: f64::INFINITY,
            lost_share: Some(f64::NAN),
        },
        CostPoint {
            name: "negative".into(),
            cost_usd: -1.0,
            p99_s: -2.0,
            lost_share: Some(f64::NAN),
        },
    ];
    for format in FORMATS {
        let ext = format.extension();
        for (i, set) in [
            vec![&empty],
            vec![&zeros],
            vec![&single],
            vec![&empty, &single],
        ]
        .iter()
        .enumerate()
        {
            let path = dir.path().join(format!("timeline-{i}.{ext}"));
            timeline(set, &path, format).expect("degenerate timeline draws");
            check_file(&path, format);
            let path = dir.path().join(format!("hourly-{i}.{ext}"));
            hourly_chart(set, &path, format).expect("degenerate hourly draws");
            check_file(&path, format);
        }
        for k in 0..curves.len() {
            let path = dir.path().join(format!("cdf-{k}.{ext}"));
            latency_cdf(&curves[k..=k], &path, format).expect("degenerate cdf draws");
            check_file(&path, format);
        }
        let path = dir.path().join(format!("cdf-all.{ext}"));
        latency_cdf(&curves, &path, format).expect("degenerate cdfs draw");
        let path = dir.path().join(format!("scatter.{ext}"));
        cost_vs_p99(&points, &path, format).expect("degenerate scatter draws");
        check_file(&path, format);
    }
}

#[test]
fn unwritable_destination_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run("r", 10, 0);
    for format in FORMATS {
        let path = dir
            .path()
            .join("missing")
            .join(format!("t.{}", format.extension()));
        assert!(timeline(&[&r], &path, format).is_err());
    }
}

#[test]
fn format_names_and_extensions() {
    use clap::ValueEnum;
    assert_eq!(ChartFormat::default(), ChartFormat::Svg);
    assert_eq!(ChartFormat::Svg.extension(), "svg");
    assert_eq!(ChartFormat::Png.extension(), "png");
    assert_eq!(ChartFormat::from_str("png", true), Ok(ChartFormat::Png));
    assert_eq!(
        serde_json::to_string(&ChartFormat::Png).ok().as_deref(),
        Some("\"png\"")
    );
    let back: Result<ChartFormat, _> = serde_json::from_str("\"svg\"");
    assert_eq!(back.ok(), Some(ChartFormat::Svg));
}
