//! Tests of the drawing functions: every chart for one and three runs, in SVG and PNG,
//! and degenerate inputs (empty runs, zeros, a single point) that must not panic. This
//! module holds the synthetic runs and the file checks the parts share.

mod errors_and_degenerate;
mod latency_cost_hourly;
mod timeline;

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
