//! The interactive charts of a run or comparison report, built from each variant's
//! [`ChartRecorder`] and [`RunSummary`]: the timeline in two synced panels (backlog;
//! desired and InService capacity), the latency tail (share of completed requests at least
//! as slow as x, log–log) and cost against p99 latency. One colour and one on/off switch per
//! variant.

use super::interactive::{color, fmt_share, Axis, ChartSet, ChartSpec, Series, Style, Table, Unit};
use super::recorder::ChartRecorder;
use crate::chart::data::MINUTE_S;
use crate::sim::summary::RunSummary;

/// Rows per variant on the timeline: a month of minutes (43,200) is thinned to this many,
/// a week (10,080) is kept whole.
pub const MAX_TIMELINE_ROWS: usize = 12_000;
/// Points per variant on the latency tail.
pub const MAX_TAIL_POINTS: usize = 1_500;

/// The charts of `runs` (one per variant, in order). With more than one run, each
/// variant is a group that can be switched off.
pub fn run_charts(runs: &[(&ChartRecorder, &RunSummary)]) -> ChartSet {
    let names: Vec<&str> = runs.iter().map(|(r, _)| r.series.name.as_str()).collect();
    ChartSet {
        groups: if runs.len() > 1 {
            names.iter().map(|n| n.to_string()).collect()
        } else {
            Vec::new()
        },
        charts: vec![
            backlog(runs),
            capacity(runs),
            latency_tail(runs),
            cost_vs_p99(runs),
        ],
    }
}

/// The legend text of a variant where latency is shown: its name and share completed.
fn latency_label(name: &str, s: &RunSummary) -> String {
    match s.shares.completed {
        Some(share) => format!("{name} ({} completed)", fmt_share(share)),
        None => format!("{name} (no request arrived)"),
    }
}

/// Each variant's minute grid (end of each minute) and the chosen series on it, thinned.
fn minute_tables(
    runs: &[(&ChartRecorder, &RunSummary)],
    series: impl Fn(usize, &str, &ChartRecorder, Vec<Vec<f64>>) -> Vec<Series>,
    columns: impl Fn(&ChartRecorder) -> Vec<&[f64]>,
) -> Vec<Table> {
    runs.iter()
        .enumerate()
        .map(|(i, (rec, _))| {
            let x: Vec<f64> = rec.series.time_s.iter().map(|t| t + MINUTE_S).collect();
            let (x, ys) = super::interactive::thin_aligned(&x, &columns(rec), MAX_TIMELINE_ROWS);
            Table {
                x: x.into(),
                series: series(i, &rec.series.name, rec, ys),
            }
        })
        .collect()
}

fn time_axis() -> Axis {
    Axis::linear("time since start (d hh:mm)", Unit::Elapsed, false)
}

const TIMELINE_HINT: &str = "Values at the end of each minute. Drag to zoom in on a time \
    range, Shift-drag to pan, double-click to zoom out; the two panels move together. Hover \
    for values; click a legend entry to hide it.";

fn backlog(runs: &[(&ChartRecorder, &RunSummary)]) -> ChartSpec {
    let tables = minute_tables(
        runs,
        |i, name, _, mut ys| {
            vec![Series::new(name, color(i), Style::Line, ys.remove(0)).in_group(name)]
        },
        |rec| vec![rec.series.backlog.as_slice()],
    );
    ChartSpec {
        id: "timeline-backlog".into(),
        title: "Timeline: backlog (requests queued or in flight)".into(),
        hint: TIMELINE_HINT.into(),
        x: time_axis(),
        y: vec![Axis::linear("requests", Unit::Count, true)],
        tables,
        marks: Vec::new(),
        sync: Some("timeline".into()),
        pan: true,
        height: 260,
    }
}

fn capacity(runs: &[(&ChartRecorder, &RunSummary)]) -> ChartSpec {
    let tables = minute_tables(
        runs,
        |i, name, _, mut ys| {
            let in_service = ys.pop().unwrap_or_default();
            let desired = ys.pop().unwrap_or_default();
            let mut d = Series::new(format!("{name} desired"), color(i), Style::Step, desired)
                .in_group(name);
            d.dash = true;
            let mut s = Series::new(
                format!("{name} in service"),
                color(i),
                Style::Step,
                in_service,
            )
            .in_group(name);
            s.width = 2.5;
            vec![d, s]
        },
        |rec| {
            vec![
                rec.series.desired.as_slice(),
                rec.series.in_service.as_slice(),
            ]
        },
    );
    ChartSpec {
        id: "timeline-capacity".into(),
        title: "Timeline: capacity (desired, dashed; InService, solid)".into(),
        hint: TIMELINE_HINT.into(),
        x: time_axis(),
        y: vec![Axis::linear("instances", Unit::Count, true)],
        tables,
        marks: Vec::new(),
        sync: Some("timeline".into()),
        pan: true,
        height: 220,
    }
}

/// `(latency, share of completed requests at least that slow)` from CDF points `(x, F(x))`:
/// the share at a point is 1 − F of the point before (1 at the first), so it stays positive
/// for a log axis down to the slowest request. Thinned to about `max_points`, keeping the
/// first and last and every point that moves far enough on either log axis.
pub fn tail_points(cdf: &[(f64, f64)], max_points: usize) -> Vec<(f64, f64)> {
    let mut all = Vec::with_capacity(cdf.len());
    let mut before = 0.0;
    for &(x, f) in cdf {
        let share = 1.0 - before;
        before = f;
        if x > 0.0 && x.is_finite() && share > 0.0 {
            all.push((x, share));
        }
    }
    if all.len() <= max_points || all.len() < 3 {
        return all;
    }
    let span = |v: fn(&(f64, f64)) -> f64| {
        let (lo, hi) = all
            .iter()
            .map(|p| v(p).log10())
            .fold((f64::MAX, f64::MIN), |(a, b), l| (a.min(l), b.max(l)));
        (hi - lo).max(1e-9)
    };
    // Half the budget for each axis: a step of span / (max_points / 2) on either.
    let per_axis = (max_points / 2).max(1) as f64;
    let (dx, dy) = (span(|p| p.0) / per_axis, span(|p| p.1) / per_axis);
    let mut kept = vec![all[0]];
    for &p in &all[1..all.len() - 1] {
        let last = kept[kept.len() - 1];
        if (p.0.log10() - last.0.log10()).abs() >= dx || (p.1.log10() - last.1.log10()).abs() >= dy
        {
            kept.push(p);
        }
    }
    kept.push(all[all.len() - 1]);
    kept
}

fn latency_tail(runs: &[(&ChartRecorder, &RunSummary)]) -> ChartSpec {
    let tables = runs
        .iter()
        .enumerate()
        .map(|(i, (rec, summary))| {
            let name = rec.series.name.as_str();
            let pts = tail_points(&rec.latency.cdf_points(), MAX_TAIL_POINTS);
            Table {
                x: pts.iter().map(|p| p.0).collect::<Vec<_>>().into(),
                series: vec![Series::new(
                    latency_label(name, summary),
                    color(i),
                    Style::Step,
                    pts.iter().map(|p| p.1).collect(),
                )
                .in_group(name)],
            }
        })
        .collect();
    ChartSpec {
        id: "latency-tail".into(),
        title: "Latency tail: share of completed requests at least this slow".into(),
        hint: "Both axes logarithmic: the right end of each curve is the slowest request, \
               the height at 1% is where p99 lies. Drag to zoom, double-click to reset."
            .into(),
        x: Axis::log("latency, arrival to completion", Unit::Duration),
        y: vec![Axis::log("share ≥ latency", Unit::Share)],
        tables,
        marks: Vec::new(),
        sync: None,
        pan: false,
        height: 300,
    }
}

fn cost_vs_p99(runs: &[(&ChartRecorder, &RunSummary)]) -> ChartSpec {
    let tables = runs
        .iter()
        .enumerate()
        .map(|(i, (rec, summary))| {
            let name = rec.series.name.as_str();
            let mut point = Series::new(
                latency_label(name, summary),
                color(i),
                Style::Points,
                vec![summary.cost_usd],
            )
            .in_group(name);
            point.width = 11.0;
            Table {
                x: vec![summary.latency_s.p99.unwrap_or(f64::NAN)].into(),
                series: vec![point],
            }
        })
        .collect();
    ChartSpec {
        id: "cost-p99".into(),
        title: "Cost vs p99 latency (down and left is better)".into(),
        hint: "One point per variant. Hover a point for its cost and p99.".into(),
        x: Axis::linear("p99 latency of completed requests", Unit::Duration, true),
        y: vec![Axis::linear("cost (USD)", Unit::Usd, true)],
        tables,
        marks: Vec::new(),
        sync: None,
        pan: false,
        height: 300,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_starts_at_one_and_ends_at_the_slowest_requests_share() {
        // 4 requests: 1 s, 2 s, 2 s, 8 s.
        let cdf = [(1.0, 0.25), (2.0, 0.75), (8.0, 1.0)];
        assert_eq!(
            tail_points(&cdf, 100),
            vec![(1.0, 1.0), (2.0, 0.75), (8.0, 0.25)]
        );
    }

    #[test]
    fn thinned_tail_keeps_both_ends_and_stays_within_budget() {
        let n = 100_000;
        let cdf: Vec<(f64, f64)> = (1..=n)
            .map(|i| (0.01 * i as f64, i as f64 / n as f64))
            .collect();
        let full = tail_points(&cdf, usize::MAX);
        let thin = tail_points(&cdf, 1_000);
        assert!(thin.len() <= 1_100 && thin.len() >= 500, "{}", thin.len());
        assert_eq!(thin.first(), full.first());
        assert_eq!(thin.last(), full.last());
        assert!(thin.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 > w[1].1));
        // The far tail (the slowest 0.1%) keeps points, not only the last one.
        assert!(thin.iter().filter(|p| p.1 < 1e-3).count() >= 50);
    }
}
