//! The cost-versus-latency chart: one labelled point per variant, p99 latency against cost,
//! so the trade-off between policies reads at a glance (down and left is better).

use super::render::{color, fmt_secs, font, font_in, render, tick, upper_bound, Figure};
use super::{ChartError, ChartFormat};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// One variant's cost and tail latency.
#[derive(Debug, Clone, PartialEq)]
pub struct CostPoint {
    /// Variant name (the point's label).
    pub name: String,
    /// Total cost of the run (USD).
    pub cost_usd: f64,
    /// 99th percentile latency (s).
    pub p99_s: f64,
}

/// Draw `points` (at least one) as a labelled scatter to `path`: x "p99 latency (s)",
/// y "cost (USD)", both from 0. Points with a non-finite coordinate are left out.
pub fn cost_vs_p99(
    points: &[CostPoint],
    path: &Path,
    format: ChartFormat,
) -> Result<(), ChartError> {
    if points.is_empty() {
        return Err(ChartError::NoData("cost vs p99 needs at least one point"));
    }
    render(&Scatter { points }, path, format)
}

struct Scatter<'a> {
    points: &'a [CostPoint],
}

impl Figure for Scatter<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 650)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let finite: Vec<(usize, &CostPoint)> = self
            .points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.cost_usd.is_finite() && p.p99_s.is_finite())
            .collect();
        // Extra room on the right and top for the labels.
        let x_max = upper_bound(finite.iter().map(|(_, p)| &p.p99_s)) * 1.05;
        let y_max = upper_bound(finite.iter().map(|(_, p)| &p.cost_usd)) * 1.05;
        let mut chart = ChartBuilder::on(root)
            .caption("Cost vs tail latency", font(22))
            .margin(15)
            .margin_right(30)
            .x_label_area_size(45)
            .y_label_area_size(75)
            .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .x_desc("p99 latency (s)")
            .y_desc("cost (USD)")
            .label_style(font(14))
            .axis_desc_style(font(16))
            .light_line_style(BLACK.mix(0.04))
            .draw()?;
        chart.draw_series(finite.into_iter().map(|(i, p)| {
            let c = color(i);
            // Labels go right of their point, or left of it in the right part of the plot.
            let (offset, h) = if p.p99_s > 0.6 * x_max {
                ((-9, -4), HPos::Right)
            } else {
                ((9, -4), HPos::Left)
            };
            let label = format!("{} (${:.2}, p99 {})", p.name, p.cost_usd, fmt_secs(p.p99_s));
            EmptyElement::at((p.p99_s, p.cost_usd))
                + Circle::new((0, 0), 6, c.filled())
                + Text::new(label, offset, font_in(14, c).pos(Pos::new(h, VPos::Bottom)))
        }))?;
        Ok(())
    }
}
