//! The sweep's `report.html`: the interactive cost-versus-latency frontier (every point with
//! its 95% confidence intervals as whiskers on both axes, the Pareto frontier joined, the
//! recommended point marked, the SLO's latency limit as a line), the SLO's outcome, the
//! heatmaps and the frontier as static charts (when drawn), and the table of every point.
//! Built from what [`super::output::finalize`] computed; it names the sweep and base files
//! by file name only, so shards merged elsewhere give the same page.

use super::output::RECOMMENDED_AWS;
use super::record::Metric;
use super::slo::{check, Recommendation};
use super::stats::PointStats;
use super::text::fmt_figure;
use super::Sweep;
use crate::report::charts::ChartFile;
use crate::report::html::Page;
use crate::report::interactive::{
    color, completed_share, fmt_share, Axis, ChartSet, ChartSpec, ErrorBars, Mark, Series, Style,
    Table, Unit,
};
use std::io;
use std::path::Path;

/// The report's file name in the sweep's output folder.
pub const REPORT_HTML: &str = "report.html";

/// The static chart files a sweep writes, as `(stem, title)`, in report order.
pub const STATIC_CHARTS: [(&str, &str); 3] = [
    (
        "heatmap_latency",
        "Heatmap: mean latency over the two swept fields",
    ),
    (
        "heatmap_cost",
        "Heatmap: mean cost over the two swept fields",
    ),
    (
        "frontier",
        "Cost vs latency: every point, the Pareto frontier and the recommended point",
    ),
];

/// What the page shows.
pub struct SweepReport<'a> {
    /// The sweep.
    pub sweep: &'a Sweep,
    /// One entry per point.
    pub stats: &'a [PointStats],
    /// Pareto-optimal points, cheapest first.
    pub frontier: &'a [usize],
    /// The SLO's outcome, when one was given.
    pub recommendation: Option<&'a Recommendation>,
    /// Whether `recommended-aws/` was written.
    pub aws_written: bool,
    /// The static charts written beside the page.
    pub charts: &'a [ChartFile],
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The share of requests completed at a point (mean completed ÷ mean arrived).
fn point_completed_share(s: &PointStats) -> Option<f64> {
    let (c, a) = (s.get(Metric::Completed).mean?, s.get(Metric::Arrived).mean?);
    completed_share(c, a)
}

fn share_text(s: &PointStats) -> String {
    point_completed_share(s).map_or_else(|| "n/a".into(), fmt_share)
}

/// The page.
pub fn sweep_page(r: &SweepReport) -> io::Result<String> {
    let sweep = r.sweep;
    let name = sweep.latency_metric.name();
    let last = sweep.seed(sweep.replications.saturating_sub(1));
    let seeds = if last == sweep.base_seed {
        format!("seed {last}")
    } else {
        format!("seeds {}..{last}", sweep.base_seed)
    };
    let mut page = Page::new(
        &format!("scalesim sweep: {}", sweep.name),
        &format!(
            "{} points × {} replication(s), {seeds}; sweep file {}, base scenario {}",
            sweep.points.len(),
            sweep.replications,
            file_name(&sweep.file),
            file_name(&sweep.base_file),
        ),
    );
    page.paragraph(&format!(
        "Each point is the base scenario with the swept fields set; its figures are the mean \
         over its replications and the 95% confidence interval of that mean (Student t). The \
         Pareto frontier holds the points that no other point beats on both mean cost and \
         mean {name} latency. Every number, unrounded, is in sweep.csv beside this page."
    ));
    outcome(&mut page, r);
    page.interactive("Cost and latency", &frontier_charts(r));
    let heatmaps: Vec<&ChartFile> = r
        .charts
        .iter()
        .filter(|c| c.title.starts_with("Heatmap"))
        .collect();
    if !heatmaps.is_empty() {
        page.heading("Heatmaps");
        page.paragraph(
            "One cell per grid point, coloured by its mean; each cell is labelled with both means.",
        );
        for c in heatmaps {
            page.chart(c)?;
        }
    }
    page.heading("Every point");
    let (header, rows) = table_rows(r);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    page.table(&header, &rows, true);
    let others: Vec<&ChartFile> = r
        .charts
        .iter()
        .filter(|c| !c.title.starts_with("Heatmap"))
        .collect();
    if !others.is_empty() {
        page.heading("Static charts");
        page.paragraph("The chart files beside this page, for documents and slides.");
        for c in others {
            page.chart(c)?;
        }
    }
    Ok(page.finish())
}

/// The SLO's outcome in words.
fn outcome(page: &mut Page, r: &SweepReport) {
    let Some(rec) = r.recommendation else {
        page.paragraph(
            "No SLO was given, so no point is recommended: give one with --slo (e.g. \
             --slo 'p99<=15m,expired_rate<=0.01') or `slo` in the sweep file.",
        );
        return;
    };
    page.heading("Recommendation");
    let basis = if r.sweep.replications > 1 {
        "at the upper end of its 95% confidence interval"
    } else {
        "on its single replication (no interval)"
    };
    page.paragraph(&format!(
        "SLO {}: each constraint judged {basis}. {} of {} points meet it.",
        rec.slo,
        rec.meeting,
        r.sweep.points.len()
    ));
    let describe = |i: usize| {
        let s = &r.stats[i];
        let checks: Vec<String> = rec
            .slo
            .constraints
            .iter()
            .map(|c| {
                let k = check(s, c);
                format!("{} {}", c.text, if k.ok { "met" } else { "missed" })
            })
            .collect();
        format!(
            "point {i} ({}): cost {}, {} latency {}, {} completed; {}",
            r.sweep.points[i].label,
            fmt_figure(Metric::CostUsd, s.get(Metric::CostUsd)),
            r.sweep.latency_metric.name(),
            fmt_figure(
                r.sweep.latency_metric.metric(),
                s.get(r.sweep.latency_metric.metric())
            ),
            share_text(s),
            checks.join(", ")
        )
    };
    match rec.chosen {
        Some(i) => {
            let aws = if r.aws_written {
                format!(" Its AWS CLI JSON is in {RECOMMENDED_AWS}/ beside this page.")
            } else {
                String::new()
            };
            page.paragraph(&format!("Recommended: {}.{aws}", describe(i)));
        }
        None => {
            page.paragraph("No point meets the SLO. The closest:");
            let rows: Vec<(String, String)> = rec
                .closest
                .iter()
                .map(|&i| (format!("point {i}"), describe(i)))
                .collect();
            page.key_values(&rows);
        }
    }
}

/// The frontier chart: x the mean latency statistic, y the mean cost, both from 0.
fn frontier_charts(r: &SweepReport) -> ChartSet {
    let sweep = r.sweep;
    let lat = sweep.latency_metric.metric();
    let name = sweep.latency_metric.name();
    let chosen = r.recommendation.and_then(|x| x.chosen);
    // Points with both means, by latency (then cost, then index) for the x column.
    let mut shown: Vec<&PointStats> = r
        .stats
        .iter()
        .filter(|s| {
            s.get(lat).mean.is_some_and(f64::is_finite)
                && s.get(Metric::CostUsd).mean.is_some_and(f64::is_finite)
        })
        .collect();
    let mean = |s: &PointStats, m: Metric| s.get(m).mean.unwrap_or(f64::NAN);
    shown.sort_by(|a, b| {
        mean(a, lat)
            .total_cmp(&mean(b, lat))
            .then(mean(a, Metric::CostUsd).total_cmp(&mean(b, Metric::CostUsd)))
            .then(a.point.cmp(&b.point))
    });
    let only = |keep: &dyn Fn(&PointStats) -> bool| -> Vec<f64> {
        shown
            .iter()
            .map(|s| {
                if keep(s) {
                    mean(s, Metric::CostUsd)
                } else {
                    f64::NAN
                }
            })
            .collect()
    };
    let ends = |m: Metric, hi: bool| -> Vec<f64> {
        shown
            .iter()
            .map(|s| {
                let v = s.get(m);
                (if hi { v.hi } else { v.lo }).unwrap_or(f64::NAN)
            })
            .collect()
    };
    let mut all = Series::new(
        "points (mean, 95% CI)",
        "#7f7f7f",
        Style::Points,
        only(&|_| true),
    );
    all.labels = shown
        .iter()
        .map(|s| {
            format!(
                "point {} ({}): {name} {}, cost {}, {} completed",
                s.point,
                sweep.points[s.point].label,
                fmt_figure(lat, s.get(lat)),
                fmt_figure(Metric::CostUsd, s.get(Metric::CostUsd)),
                share_text(s)
            )
        })
        .collect();
    all.err = Some(ErrorBars {
        x_lo: ends(lat, false).into(),
        x_hi: ends(lat, true).into(),
        y_lo: ends(Metric::CostUsd, false).into(),
        y_hi: ends(Metric::CostUsd, true).into(),
    });
    let mut front = Series::new(
        "Pareto frontier",
        color(0),
        Style::Line,
        only(&|s| r.frontier.contains(&s.point)),
    );
    front.width = 2.0;
    let mut series = vec![all, front];
    if let Some(rec) = r.recommendation {
        let mut best = Series::new(
            format!("recommended for {}", rec.slo),
            color(2),
            Style::Points,
            only(&|s| chosen == Some(s.point)),
        );
        best.width = 14.0;
        series.push(best);
    }
    let marks: Vec<Mark> = r
        .recommendation
        .map(|rec| {
            rec.slo
                .constraints
                .iter()
                .filter(|c| c.metric.over_completed() == lat)
                .map(|c| Mark {
                    axis: "x",
                    value: c.limit,
                    label: format!("SLO {}", c.text),
                    color: color(1).to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let left_out = r.stats.len() - shown.len();
    let mut hint = String::from(
        "Whiskers: the 95% confidence interval of each mean, on both axes. Down and left is \
         better. Drag to zoom, double-click to reset; hover a point for its parameters. Click \
         a legend entry to hide it.",
    );
    if left_out > 0 {
        hint.push_str(&format!(
            " {left_out} point(s) without a completed request are left out (see the table)."
        ));
    }
    ChartSet {
        groups: Vec::new(),
        charts: vec![ChartSpec {
            id: "frontier".into(),
            title: format!("Mean cost vs mean {name} latency"),
            hint,
            x: Axis::linear(format!("mean {name} latency"), Unit::Duration, true),
            y: vec![Axis::linear("mean cost (USD)", Unit::Usd, true)],
            tables: vec![Table {
                x: shown
                    .iter()
                    .map(|s| mean(s, lat))
                    .collect::<Vec<_>>()
                    .into(),
                series,
            }],
            marks,
            sync: None,
            pan: false,
            height: 420,
        }],
    }
}

/// The table of every point.
fn table_rows(r: &SweepReport) -> (Vec<String>, Vec<Vec<String>>) {
    let lat = r.sweep.latency_metric.metric();
    let name = r.sweep.latency_metric.name();
    let chosen = r.recommendation.and_then(|x| x.chosen);
    let mut header: Vec<String> = [
        "point",
        "parameters",
        "replications",
        "cost (mean [95% CI])",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.push(format!("{name} latency (mean [95% CI])"));
    header.extend(["completed", "expired rate", "Pareto"].map(String::from));
    if r.recommendation.is_some() {
        header.push("SLO".into());
    }
    let rows = r
        .stats
        .iter()
        .map(|s| {
            let mut row = vec![
                s.point.to_string(),
                r.sweep.points[s.point].label.clone(),
                s.replications.to_string(),
                fmt_figure(Metric::CostUsd, s.get(Metric::CostUsd)),
                fmt_figure(lat, s.get(lat)),
                share_text(s),
                fmt_figure(Metric::ExpiredRate, s.get(Metric::ExpiredRate)),
                if r.frontier.contains(&s.point) {
                    "yes"
                } else {
                    ""
                }
                .to_string(),
            ];
            if let Some(rec) = r.recommendation {
                let met = rec.slo.constraints.iter().all(|c| check(s, c).ok);
                row.push(
                    match (chosen == Some(s.point), met) {
                        (true, _) => "recommended",
                        (false, true) => "met",
                        (false, false) => "missed",
                    }
                    .to_string(),
                );
            }
            row
        })
        .collect();
    (header, rows)
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
