//! The latency chart: two panels on the same log latency axis, one curve per variant. Left,
//! the CDF (the body: where most requests are); right, the tail — the share of requests
//! slower than x (1 − CDF) on a log axis down to 10⁻³ or 10⁻⁴ as the sample allows, with
//! guide lines at p50, p99 and p99.9 — where policies that scale from zero differ. The
//! legend is a strip above the panels, each variant with its p50, p99 and p99.9.

use super::data::{ccdf_floor, ccdf_series, cdf_series};
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
const WIDTH: u32 = 1400;
const PANELS_HEIGHT: u32 = 600;
const LEGEND_LINE: u32 = 22;

/// The latency distribution of one variant.
#[derive(Debug, Clone, PartialEq)]
pub struct LatencyCurve {
    /// Variant name (legend label).
    pub name: String,
    /// (latency in s, fraction of requests ≤ it), as from `DurationStats::cdf_points`.
    pub points: Vec<(f64, f64)>,
    /// Requests in the distribution (sets how deep the tail panel goes).
    pub count: u64,
    /// Median latency (s).
    pub p50_s: f64,
    /// 99th percentile latency (s).
    pub p99_s: f64,
    /// 99.9th percentile latency (s).
    pub p999_s: f64,
}

impl LatencyCurve {
    /// The marked percentiles: (name, share of requests at or below, latency).
    fn marks(&self) -> [(&'static str, f64, f64); 3] {
        [
            ("p50", 0.5, self.p50_s),
            ("p99", 0.99, self.p99_s),
            ("p99.9", 0.999, self.p999_s),
        ]
    }
}

/// Draw the latency distributions of `curves` (at least one) to `path`: the CDF and the
/// tail, side by side on a log-scale x "latency (s)", p50, p99 and p99.9 marked on each
/// curve and listed in the legend. A curve without points is listed but draws nothing.
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
    // The tail goes as deep as the largest sample allows.
    let floor = curves
        .iter()
        .map(|c| ccdf_floor(c.count))
        .fold(1e-2, f64::min);
    let tails = curves
        .iter()
        .map(|c| ccdf_series(&c.points, floor, MAX_POINTS))
        .collect();
    render(
        &Cdf {
            curves,
            prepared,
            tails,
            floor,
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
        .chain(
            curves
                .iter()
                .flat_map(|c| c.marks().into_iter().map(|m| m.2)),
        )
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
    tails: Vec<Vec<(f64, f64)>>,
    floor: f64,
    lo: f64,
    hi: f64,
}

impl Figure for Cdf<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, PANELS_HEIGHT + self.legend_height())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let (legend, panels) = root.split_vertically(self.legend_height());
        self.legend(&legend)?;
        let (body, tail) = panels.split_horizontally(WIDTH * 2 / 5);
        self.body(&body)?;
        self.tail(&tail)?;
        Ok(())
    }
}

impl Cdf<'_> {
    fn legend_height(&self) -> u32 {
        let lines = u32::try_from(self.curves.len()).unwrap_or(u32::MAX);
        44u32.saturating_add(LEGEND_LINE.saturating_mul(lines))
    }

    /// Title, then one line per variant: its colour, name and percentiles.
    fn legend<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        area.draw(&Text::new(
            "Latency of completed requests: the body (CDF) and the tail (share slower than x)",
            (20, 12),
            font(20),
        ))?;
        for (i, curve) in self.curves.iter().enumerate() {
            let c = color(i);
            let y = 44 + LEGEND_LINE as i32 * i as i32 + LEGEND_LINE as i32 / 2;
            area.draw(&PathElement::new([(24, y), (54, y)], c.stroke_width(3)))?;
            let values: Vec<String> = curve
                .marks()
                .iter()
                .map(|(what, _, x)| format!("{what} {}", fmt_secs(*x)))
                .collect();
            let text = if curve.count == 0 {
                format!("{}: no completed request", curve.name)
            } else {
                format!(
                    "{}: {} ({} requests)",
                    curve.name,
                    values.join(" · "),
                    curve.count
                )
            };
            area.draw(&Text::new(
                text,
                (64, y),
                font_in(15, BLACK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    }

    fn clamp(&self, x: f64) -> f64 {
        x.clamp(self.lo, self.hi)
    }

    fn body<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let mut chart = ChartBuilder::on(area)
            .caption("Body: fraction of requests ≤ x", font(17))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d((self.lo..self.hi).log_scale(), 0.0..1.02)?;
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
        for (i, (curve, pts)) in self.curves.iter().zip(&self.prepared).enumerate() {
            let c = color(i);
            // The CDF is 0 below the first value: start with that jump (which is also what
            // makes a one-point curve visible).
            let jump = pts.first().map(|&(x, _)| (self.clamp(x), 0.0));
            let line = jump
                .into_iter()
                .chain(pts.iter().map(|&(x, y)| (self.clamp(x), y)));
            chart.draw_series(LineSeries::new(line, c.stroke_width(2)))?;
            if pts.is_empty() {
                continue;
            }
            let dots = curve.marks()[..2]
                .iter()
                .filter(|m| m.2.is_finite())
                .map(|&(_, y, x)| Circle::new((self.clamp(x), y), 4, c.filled()))
                .collect::<Vec<_>>();
            chart.draw_series(dots)?;
        }
        Ok(())
    }

    fn tail<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let mut chart = ChartBuilder::on(area)
            .caption("Tail: share of requests slower than x (log)", font(17))
            .margin(15)
            .margin_right(70)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(
                (self.lo..self.hi).log_scale(),
                (self.floor..1.0).log_scale(),
            )?;
        chart
            .configure_mesh()
            .x_desc("latency (s)")
            .y_desc("share of requests slower than x")
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .label_style(font(14))
            .axis_desc_style(font(16))
            .light_line_style(BLACK.mix(0.04))
            .draw()?;
        // Guide lines where the percentiles are read: 1 − q.
        let guide = BLACK.mix(0.35);
        for (what, q) in [("p50", 0.5), ("p99", 0.99), ("p99.9", 0.999)] {
            let share = 1.0 - q;
            if share < self.floor {
                continue;
            }
            chart.draw_series(std::iter::once(PathElement::new(
                [(self.lo, share), (self.hi, share)],
                guide.stroke_width(1),
            )))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((self.hi, share))
                    + Text::new(
                        what,
                        (6, 0),
                        font_in(13, RGBColor(0x55, 0x55, 0x55))
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    ),
            ))?;
        }
        for (i, (curve, pts)) in self.curves.iter().zip(&self.tails).enumerate() {
            let c = color(i);
            // Everything is slower than 0: start at share 1 just before the first value.
            let start = pts.first().map(|&(x, _)| (self.clamp(x), 1.0));
            let line = start
                .into_iter()
                .chain(pts.iter().map(|&(x, y)| (self.clamp(x), y)));
            chart.draw_series(LineSeries::new(line, c.stroke_width(2)))?;
            if pts.is_empty() {
                continue;
            }
            let dots = curve
                .marks()
                .iter()
                .filter(|m| m.2.is_finite() && 1.0 - m.1 >= self.floor)
                .map(|&(_, q, x)| Circle::new((self.clamp(x), 1.0 - q), 4, c.filled()))
                .collect::<Vec<_>>();
            chart.draw_series(dots)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(points: Vec<(f64, f64)>, p50: f64, p99: f64) -> LatencyCurve {
        LatencyCurve {
            name: "c".into(),
            count: points.len() as u64,
            points,
            p50_s: p50,
            p99_s: p99,
            p999_s: p99,
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
