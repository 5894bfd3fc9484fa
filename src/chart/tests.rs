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
        p50_s: stats.quantile_secs(0.5),
        p99_s: stats.quantile_secs(0.99),
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
                assert!(svg.contains(&escaped(name)), "panel title {name}");
            }
            for label in [
                "time (h)",
                "requests (backlog)",
                "instances",
                "backlog-high in ALARM",
            ] {
                assert_eq!(svg.matches(label).count(), n, "{label}");
            }
            for label in ["scale out", "scale in", "in service", "pending", "desired"] {
                assert_eq!(svg.matches(&format!("\n{label}\n")).count(), n, "{label}");
            }
            // Per panel, each line once in the plot and once in the legend.
            for rgb in ["#333333", "#1F77B4", "#FF7F0E", "#2CA02C"] {
                assert_eq!(polylines_in(&svg, rgb), 2 * n, "lines in {rgb}");
            }
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
            assert!(svg.contains("latency (s)"));
            assert!(svg.contains("fraction of requests ≤ x"));
            assert_eq!(svg.matches("\np50 ").count(), n);
            assert_eq!(svg.matches("\np99 ").count(), n);
            for rgb in ["#1F77B4", "#FF7F0E", "#2CA02C"].iter().take(n) {
                assert_eq!(polylines_in(&svg, rgb), 2, "curve + legend in {rgb}");
            }
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
            assert_eq!(svg.matches("<circle").count(), n);
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
            p50_s: 0.0,
            p99_s: 0.0,
        },
        LatencyCurve {
            name: "zero latency".into(),
            points: vec![(0.0, 0.5), (1e-6, 1.0)],
            p50_s: 0.0,
            p99_s: 1e-6,
        },
        LatencyCurve {
            name: "one value".into(),
            points: vec![(2.0, 1.0)],
            p50_s: 2.0,
            p99_s: f64::NAN,
        },
    ];
    let points = [
        CostPoint {
            name: "zero".into(),
            cost_usd: 0.0,
            p99_s: 0.0,
        },
        CostPoint {
            name: "nan".into(),
            cost_usd: f64::NAN,
            p99_s: f64::INFINITY,
        },
        CostPoint {
            name: "negative".into(),
            cost_usd: -1.0,
            p99_s: -2.0,
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
