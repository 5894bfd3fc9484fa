//! The cost-versus-latency chart: one labelled point per variant, p99 latency against cost,
//! so the trade-off between policies reads at a glance (down and left is better). A variant
//! that loses requests is drawn as a red ring and its label says how many it lost: its
//! latency only counts the requests it kept.

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
    /// Share of arrived requests lost (expired, failed or rejected); `None` when unknown.
    pub lost_share: Option<f64>,
}

/// Room under the chart for the note on lost requests.
pub(crate) const NOTE_HEIGHT: u32 = 26;

/// Red: the ring and label of a point that loses requests.
pub(crate) const LOSS: RGBColor = RGBColor(0xd6, 0x27, 0x28);

/// `23 % lost` for a share of 0.23 (`0.4 % lost`, `<0.1 % lost` for small ones); `None`
/// when nothing (or an unknown share) was lost.
pub fn loss_label(lost_share: Option<f64>) -> Option<String> {
    let share = lost_share.filter(|s| s.is_finite() && *s > 0.0)?;
    let pct = share * 100.0;
    Some(if pct < 0.1 {
        "<0.1 % lost".to_string()
    } else if pct < 9.95 {
        format!("{pct:.1} % lost")
    } else {
        format!("{pct:.0} % lost")
    })
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
        (1000, 650 + NOTE_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let (root, note) = root.split_vertically(650);
        let root = &root;
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
            let mut label = format!("{} (${:.2}, p99 {}", p.name, p.cost_usd, fmt_secs(p.p99_s));
            let lost = loss_label(p.lost_share);
            if let Some(lost) = &lost {
                label.push_str(", ");
                label.push_str(lost);
            }
            label.push(')');
            let text = Text::new(label, offset, font_in(14, c).pos(Pos::new(h, VPos::Bottom)));
            let (a, b) = point_marker(c, 6, lost.is_some());
            EmptyElement::at((p.p99_s, p.cost_usd)) + a + b + text
        }))?;
        if self
            .points
            .iter()
            .any(|p| loss_label(p.lost_share).is_some())
        {
            note.draw(&Text::new(
                "red ring: the variant loses requests (its latency counts only those it kept)",
                (95, 4),
                font_in(13, LOSS),
            ))?;
        }
        Ok(())
    }
}

/// A circle around a point, in pixels from it.
pub(crate) type Dot = Circle<(i32, i32), i32>;

/// The two circles of a point: a filled dot of `radius` px (and an empty second circle),
/// or — when the variant loses requests — a hollow red ring around a small dot of the
/// variant's colour. Composed by the caller with `EmptyElement::at(p) + a + b + label`.
pub(crate) fn point_marker(c: RGBColor, radius: i32, loses: bool) -> (Dot, Dot) {
    if loses {
        (
            Circle::new((0, 0), radius + 2, LOSS.stroke_width(3)),
            Circle::new((0, 0), 3, c.filled()),
        )
    } else {
        (
            Circle::new((0, 0), radius, c.filled()),
            Circle::new((0, 0), 0, TRANSPARENT.filled()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_labels_round_by_size_and_skip_nothing_lost() {
        assert_eq!(loss_label(Some(0.23)).as_deref(), Some("23 % lost"));
        assert_eq!(loss_label(Some(0.004)).as_deref(), Some("0.4 % lost"));
        assert_eq!(loss_label(Some(0.0004)).as_deref(), Some("<0.1 % lost"));
        assert_eq!(loss_label(Some(1.0)).as_deref(), Some("100 % lost"));
        assert_eq!(loss_label(Some(0.0)), None);
        assert_eq!(loss_label(None), None);
        assert_eq!(loss_label(Some(f64::NAN)), None);
    }
}
