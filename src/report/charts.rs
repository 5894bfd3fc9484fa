//! The four charts of a run or a comparison, written side by side in the output folder:
//! `timeline`, `latency_cdf`, `cost_vs_p99` and `hourly` (`.svg` or `.png`).

use super::recorder::ChartRecorder;
use crate::chart::{self, ChartFormat, RunSeries};
use crate::sim::summary::RunSummary;
use std::path::{Path, PathBuf};

/// The chart files, as `(file stem, title)`, in report order.
pub const CHARTS: [(&str, &str); 4] = [
    (
        "timeline",
        "Timeline: backlog, capacity, scaling actions and alarms",
    ),
    ("latency_cdf", "Latency distribution (completed requests)"),
    ("cost_vs_p99", "Cost vs p99 latency"),
    ("hourly", "Cost and requests per hour"),
];

/// One chart written to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFile {
    /// Title for the report.
    pub title: &'static str,
    /// Where it was written.
    pub path: PathBuf,
}

/// What [`write_charts`] did: the files written, and a message per chart that failed.
#[derive(Debug, Default)]
pub struct ChartsWritten {
    /// Charts written, in [`CHARTS`] order.
    pub files: Vec<ChartFile>,
    /// `"<stem>: <error>"` for each chart that could not be drawn or written.
    pub errors: Vec<String>,
}

/// Draw every chart of `runs` (one per variant, in order) into `dir` in `format`. A chart
/// that fails does not stop the others.
pub fn write_charts(
    dir: &Path,
    runs: &[(&ChartRecorder, &RunSummary)],
    format: ChartFormat,
) -> ChartsWritten {
    let series: Vec<&RunSeries> = runs.iter().map(|(r, _)| &r.series).collect();
    let curves: Vec<chart::LatencyCurve> = runs.iter().map(|(r, _)| r.latency_curve()).collect();
    let points: Vec<chart::CostPoint> = runs.iter().map(|(r, s)| r.cost_point(s)).collect();
    let mut out = ChartsWritten::default();
    for (stem, title) in CHARTS {
        let path = dir.join(format!("{stem}.{}", format.extension()));
        let result = match stem {
            "timeline" => chart::timeline(&series, &path, format),
            "latency_cdf" => chart::latency_cdf(&curves, &path, format),
            "cost_vs_p99" => chart::cost_vs_p99(&points, &path, format),
            _ => chart::hourly_chart(&series, &path, format),
        };
        match result {
            Ok(()) => out.files.push(ChartFile { title, path }),
            Err(e) => out.errors.push(format!("{stem}: {e}")),
        }
    }
    out
}
