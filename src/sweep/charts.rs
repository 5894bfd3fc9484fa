//! The sweep's charts: `frontier` (cost against the latency statistic, every point, the
//! Pareto frontier and the recommended point) and, for a grid of exactly two parameters,
//! `heatmap_latency` and `heatmap_cost` (one cell per grid point, coloured by the mean
//! latency statistic or the mean cost, each cell labelled with both, with a colour scale,
//! and, given an SLO, the points that meet it outlined). A point that loses requests is
//! marked on the frontier.

use super::entries::short_key;
use super::record::Metric;
use super::slo::{check, Recommendation};
use super::stats::PointStats;
use super::Sweep;
use crate::chart::frontier::{cost_vs_latency, SweepPoint};
use crate::chart::heatmap::{heatmap, Heatmap, HeatmapSlo, ValueUnit};
use crate::chart::ChartFormat;
use crate::time::human_duration;
use std::path::Path;

/// The chart files (stems) a sweep may write.
pub const SWEEP_CHARTS: [&str; 3] = ["frontier", "heatmap_latency", "heatmap_cost"];

/// A latency for a label or a table: [`human_duration`] (`never` for a percentile request
/// that was lost).
pub fn fmt_latency(s: f64) -> String {
    human_duration(s)
}

/// The mean share of arrived requests a point lost (expired, failed or rejected); `None`
/// when it is not known.
pub fn lost_share(s: &PointStats) -> Option<f64> {
    s.get(Metric::LostRate).mean
}

/// Draw the charts into `out` in `format`; returns a message per chart that failed.
pub fn write_charts(
    sweep: &Sweep,
    stats: &[PointStats],
    frontier: &[usize],
    rec: Option<&Recommendation>,
    out: &Path,
    format: ChartFormat,
) -> Vec<String> {
    let lat = sweep.latency_metric.metric();
    let name = sweep.latency_metric.name();
    let chosen = rec.and_then(|r| r.chosen);
    let mean = |s: &PointStats, m: Metric| s.get(m).mean.unwrap_or(f64::NAN);
    let points: Vec<SweepPoint> = stats
        .iter()
        .map(|s| SweepPoint {
            label: sweep.points[s.point].short_label.clone(),
            cost_usd: mean(s, Metric::CostUsd),
            latency_s: mean(s, lat),
            on_frontier: frontier.contains(&s.point),
            recommended: chosen == Some(s.point),
            lost_share: lost_share(s),
        })
        .collect();
    let mut errors = Vec::new();
    let path = |stem: &str| out.join(format!("{stem}.{}", format.extension()));
    if let Err(e) = cost_vs_latency(&points, name, &path("frontier"), format) {
        errors.push(format!("frontier: {e}"));
    }
    if let [(y_key, y_values), (x_key, x_values)] = sweep.grid.as_slice() {
        let cells = x_values.len() * y_values.len();
        let grid_stats = &stats[..cells.min(stats.len())];
        let labels: Vec<String> = grid_stats
            .iter()
            .map(|s| {
                format!(
                    "{name} {}\n${:.2}",
                    fmt_latency(mean(s, lat)),
                    mean(s, Metric::CostUsd)
                )
            })
            .collect();
        let slo = rec.map(|r| HeatmapSlo {
            text: r.slo.text.clone(),
            meets: grid_stats
                .iter()
                .map(|s| r.slo.constraints.iter().all(|c| check(s, c).ok))
                .collect(),
        });
        // Grid points run with the first key slowest: row = first key, column = second.
        for (stem, metric, what, unit) in [
            (
                "heatmap_latency",
                lat,
                format!("{name} latency"),
                ValueUnit::Seconds,
            ),
            (
                "heatmap_cost",
                Metric::CostUsd,
                "cost".to_string(),
                ValueUnit::Usd,
            ),
        ] {
            let h = Heatmap {
                title: format!(
                    "Mean {what} by {} and {}",
                    short_key(y_key),
                    short_key(x_key)
                ),
                x_label: x_key.clone(),
                y_label: y_key.clone(),
                x_values: x_values.clone(),
                y_values: y_values.clone(),
                values: grid_stats.iter().map(|s| s.get(metric).mean).collect(),
                labels: labels.clone(),
                scale_label: format!("mean {what}"),
                unit,
                slo: slo.clone(),
            };
            if let Err(e) = heatmap(&h, &path(stem), format) {
                errors.push(format!("{stem}: {e}"));
            }
        }
    }
    errors
}
