//! The latency CDF chart: one curve per variant on a log latency axis, with its p50 and
//! p99 marked and labelled.

use super::data::cdf_series;
use super::render::{color, fmt_secs, font, font_in, render, tick, Figure};
use super::{ChartError, ChartFormat};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Points per curve actually drawn.
const MAX_POINTS: usize = 2000;
/// Smallest latency the log axis shows (1 µs, the histogram's resolution); zero or
/// negative latencies are clamped up to the axis minimum.
const MIN_LATENCY_S: f64 = 1e-6;

/// The latency distribution of one variant.
#[derive(Debug, Clone, PartialEq)]
pub struct LatencyCurve {
    /// Variant name (legend label).
    pub name: String,
    /// (latency in s, fraction of requests ≤ it), as from `DurationStats::cdf_points`.
    pub points: Vec<(f64, f64)>,
    /// Median latency (s).
    pub p50_s: f64,
    /// 99th percentile latency (s).
    pub p99_s: f64,
}

/// Draw the latency CDFs of `curves` (at least one) to `path`: log-scale x "latency (s)",
/// y "fraction of requests ≤ x", p50 and p99 marked on each curve. A curve without
/// points is listed in the legend but draws nothing.
pub fn latency_cdf(
    curves: &[LatencyCurve],
    path: &Path,
    format: ChartFormat,
) -> Result<(), ChartError> {
    if curves.is_empty() {
        return Err(ChartError::NoData("latency CDF needs at least one curve"));
    }
    let prepared: Vec<Vec<(f64, f64)>> = curves
        .iter()
        .map(|c| cdf_series(&c.points, MAX_POINTS))
        .collect();
    let (lo, hi) = x_range(curves, &prepared);
    render(
        &Cdf {
            curves,
            prepared,
            lo,
            hi,
        },
        path,
        format,
    )
}

/// A log-axis range covering every point and marker, at least one decade wide.
fn x_range(curves: &[LatencyCurve], prepared: &[Vec<(f64, f64)>]) -> (f64, f64) {
    let xs = prepared
        .iter()
        .flatten()
        .map(|p| p.0)
        .chain(curves.iter().flat_map(|c| [c.p50_s, c.p99_s]))
        .filter(|x| x.is_finite() && *x > 0.0);
    let (min, max) = xs.fold((f64::INFINITY, 0.0_f64), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    if max <= 0.0 {
        return (1e-3, 1e3);
    }
    let (mut lo, mut hi) = (min.max(MIN_LATENCY_S) / 1.5, max.max(MIN_LATENCY_S) * 1.5);
    if hi / lo < 10.0 {
        let mid = (lo * hi).sqrt();
        lo = mid / 10f64.sqrt();
        hi = mid * 10f64.sqrt();
    }
    (lo, hi)
}

struct Cdf<'a> {
    curves: &'a [LatencyCurve],
    prepared: Vec<Vec<(f64, f64)>>,
    lo: f64,
    hi: f64,
}

impl Figure for Cdf<'_> {
    fn size(&self) -> (u32, u32) {
        (1100, 650)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let mut chart = ChartBuilder::on(root)
            .caption("Latency distribution", font(22))
            .margin(15)
            .margin_right(30)
            .x_label_area_size(45)
            .y_label_area_size(65)
            .build_cartesian_2d((self.lo..self.hi).log_scale(), 0.0..1.05)?;
        chart
            .configure_mesh()
            .x_desc("latency (s)")
            .y_desc("fraction of requests ≤ x")
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .label_style(font(14))
            .axis_desc_style(font(16))
            .light_line_style(BLACK.mix(0.04))
            .draw()?;

        let clamp = |x: f64| x.clamp(self.lo, self.hi);
        for (i, (curve, pts)) in self.curves.iter().zip(&self.prepared).enumerate() {
            let c = color(i);
            // The CDF is 0 below the first value: start with that jump (which is also what
            // makes a one-point curve visible).
            let jump = pts.first().map(|&(x, _)| (clamp(x), 0.0));
            let line = jump
                .into_iter()
                .chain(pts.iter().map(|&(x, y)| (clamp(x), y)));
            chart
                .draw_series(LineSeries::new(line, c.stroke_width(2)))?
                .label(&curve.name)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], c.stroke_width(2)));
            if pts.is_empty() {
                continue;
            }
            for (what, x, y) in [("p50", curve.p50_s, 0.5), ("p99", curve.p99_s, 0.99)] {
                if !x.is_finite() {
                    continue;
                }
                // Placed at the clamped value, labelled with the true one.
                let label = format!("{what} {}", fmt_secs(x));
                let x = clamp(x);
                let (offset, pos) = self.label_place(x, what == "p99", i);
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x, y))
                        + Circle::new((0, 0), 4, c.filled())
                        + Text::new(label, offset, font_in(14, c).pos(pos)),
                ))?;
            }
        }
        chart
            .configure_series_labels()
            .label_font(font(14))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .position(SeriesLabelPosition::LowerRight)
            .draw()?;
        Ok(())
    }
}

impl Cdf<'_> {
    /// Where a percentile label goes relative to its marker at `x`: p50 to the right and
    /// p99 above-left (the curve runs below-left of it), swapped near the axis ends so
    /// labels stay inside the plot. The `i`-th curve's labels are moved down by `i` lines so
    /// that curves with close percentiles do not print over each other.
    fn label_place(&self, x: f64, p99: bool, i: usize) -> ((i32, i32), Pos) {
        let along = (x / self.lo).ln() / (self.hi / self.lo).ln();
        let left = if along > 0.75 {
            true
        } else if along < 0.25 {
            false
        } else {
            p99
        };
        let v = if p99 { VPos::Bottom } else { VPos::Center };
        let stagger = i32::try_from(i).unwrap_or(0).saturating_mul(17);
        let dy = if p99 { -2 } else { 0 } + stagger;
        if left {
            ((-7, dy), Pos::new(HPos::Right, v))
        } else {
            ((7, dy), Pos::new(HPos::Left, v))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(points: Vec<(f64, f64)>, p50: f64, p99: f64) -> LatencyCurve {
        LatencyCurve {
            name: "c".into(),
            points,
            p50_s: p50,
            p99_s: p99,
        }
    }

    #[test]
    fn x_range_is_positive_and_wide_enough() {
        let empty = [curve(vec![], 0.0, 0.0)];
        assert_eq!(x_range(&empty, &[vec![]]), (1e-3, 1e3));
        let single = [curve(vec![(2.0, 1.0)], 2.0, 2.0)];
        let (lo, hi) = x_range(&single, &[vec![(2.0, 1.0)]]);
        assert!(lo > 0.0 && lo < 2.0 && hi > 2.0 && hi / lo >= 9.99);
        let zero = [curve(vec![(0.5, 1.0)], 0.0, -1.0)];
        let (lo, _) = x_range(&zero, &[vec![(0.5, 1.0)]]);
        assert!(lo > 0.0);
    }
}
