//! The sweep's cost-versus-latency chart: every point of a parameter sweep in grey, the
//! Pareto frontier (points nothing beats on both cost and latency) in colour, joined and
//! labelled, and the recommended point ringed. Down and left is better. A point that
//! loses requests is a red ring, its label saying how many it lost.

use super::render::{color, font, font_in, render, tick, upper_bound, Figure};
use super::scatter::{loss_label, point_marker, LOSS, NOTE_HEIGHT};
use super::{ChartError, ChartFormat};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// Short label (drawn for frontier points).
    pub label: String,
    /// Mean cost (USD).
    pub cost_usd: f64,
    /// Mean of the latency statistic (s).
    pub latency_s: f64,
    /// On the Pareto frontier.
    pub on_frontier: bool,
    /// The point recommended for the SLO.
    pub recommended: bool,
    /// Mean share of arrived requests lost (expired, failed or rejected); `None` when
    /// unknown.
    pub lost_share: Option<f64>,
}

/// Draw `points` (at least one) to `path`: x `latency_label` in seconds, y cost (USD), both
/// from 0. Points with a non-finite coordinate are left out.
pub fn cost_vs_latency(
    points: &[SweepPoint],
    latency_label: &str,
    path: &Path,
    format: ChartFormat,
) -> Result<(), ChartError> {
    if points.is_empty() {
        return Err(ChartError::NoData(
            "the frontier chart needs at least one point",
        ));
    }
    render(
        &Frontier {
            points,
            latency_label,
        },
        path,
        format,
    )
}

struct Frontier<'a> {
    points: &'a [SweepPoint],
    latency_label: &'a str,
}

impl Figure for Frontier<'_> {
    fn size(&self) -> (u32, u32) {
        (1100, 700 + NOTE_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let (root, note) = root.split_vertically(700);
        let root = &root;
        let finite: Vec<&SweepPoint> = self
            .points
            .iter()
            .filter(|p| p.cost_usd.is_finite() && p.latency_s.is_finite())
            .collect();
        let x_max = upper_bound(finite.iter().map(|p| &p.latency_s)) * 1.05;
        let y_max = upper_bound(finite.iter().map(|p| &p.cost_usd)) * 1.05;
        let mut chart = ChartBuilder::on(root)
            .caption(
                format!(
                    "Cost vs {} latency: the Pareto frontier",
                    self.latency_label
                ),
                font(22),
            )
            .margin(15)
            .margin_right(30)
            .x_label_area_size(45)
            .y_label_area_size(75)
            .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .x_desc(format!(
                "{} latency (s), mean over replications",
                self.latency_label
            ))
            .y_desc("cost (USD), mean")
            .label_style(font(14))
            .axis_desc_style(font(16))
            .light_line_style(BLACK.mix(0.04))
            .draw()?;
        let grey = RGBColor(0x9a, 0x9a, 0x9a);
        chart.draw_series(finite.iter().filter(|p| !p.on_frontier).map(|p| {
            let lost = loss_label(p.lost_share);
            let text = Text::new(
                lost.clone().unwrap_or_default(),
                (9, 4),
                font_in(11, LOSS).pos(Pos::new(HPos::Left, VPos::Top)),
            );
            let (a, b) = point_marker(grey, 4, lost.is_some());
            EmptyElement::at((p.latency_s, p.cost_usd)) + a + b + text
        }))?;
        let mut front: Vec<&SweepPoint> =
            finite.iter().copied().filter(|p| p.on_frontier).collect();
        front.sort_by(|a, b| a.latency_s.total_cmp(&b.latency_s));
        let c = color(0);
        chart.draw_series(LineSeries::new(
            front.iter().map(|p| (p.latency_s, p.cost_usd)),
            c.stroke_width(2),
        ))?;
        // Points at the same place share one label.
        let mut labelled: Vec<(&SweepPoint, usize)> = Vec::new();
        for p in &front {
            match labelled.last_mut() {
                Some((q, n)) if q.latency_s == p.latency_s && q.cost_usd == p.cost_usd => *n += 1,
                _ => labelled.push((p, 0)),
            }
        }
        chart.draw_series(labelled.iter().map(|&(p, same)| {
            let (offset, h) = if p.latency_s > 0.6 * x_max {
                ((-9, -4), HPos::Right)
            } else {
                ((9, -4), HPos::Left)
            };
            let mut label = p.label.clone();
            if same > 0 {
                label.push_str(&format!(" (+{same} alike)"));
            }
            let lost = loss_label(p.lost_share);
            if let Some(lost) = &lost {
                label.push_str(&format!(", {lost}"));
            }
            let text = Text::new(label, offset, font_in(12, c).pos(Pos::new(h, VPos::Bottom)));
            let (a, b) = point_marker(c, 6, lost.is_some());
            EmptyElement::at((p.latency_s, p.cost_usd)) + a + b + text
        }))?;
        if finite.iter().any(|p| loss_label(p.lost_share).is_some()) {
            note.draw(&Text::new(
                "red ring: the point loses requests (its latency counts only those it kept)",
                (95, 4),
                font_in(13, LOSS),
            ))?;
        }
        let red = color(3);
        chart.draw_series(finite.iter().filter(|p| p.recommended).map(|p| {
            EmptyElement::at((p.latency_s, p.cost_usd))
                + Circle::new((0, 0), 11, red.stroke_width(3))
                + Text::new(
                    "recommended",
                    (9, 6),
                    font_in(13, red).pos(Pos::new(HPos::Left, VPos::Top)),
                )
        }))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(label: &str, cost_usd: f64, latency_s: f64, on_frontier: bool) -> SweepPoint {
        SweepPoint {
            label: label.into(),
            cost_usd,
            latency_s,
            on_frontier,
            recommended: label == "b",
            lost_share: (label == "a").then_some(0.23),
        }
    }

    #[test]
    fn draws_the_frontier_with_shared_labels_and_odd_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.svg");
        let points = [
            pt("a", 10.0, 600.0, true),
            pt("b", 20.0, 60.0, true),
            pt("c", 20.0, 60.0, true),
            pt("d", 30.0, 700.0, false),
            pt("e", f64::NAN, 1.0, false),
        ];
        cost_vs_latency(&points, "p99", &path, ChartFormat::Svg).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("b (+1 alike)") && svg.contains("recommended"));
        assert!(svg.contains("a, 23 % lost") && svg.contains("red ring"));
        assert!(!svg.contains(">c<"));
        assert!(cost_vs_latency(&[], "p99", &path, ChartFormat::Svg).is_err());
        let zero = [pt("z", 0.0, 0.0, true)];
        cost_vs_latency(&zero, "max", &dir.path().join("z.png"), ChartFormat::Png).unwrap();
    }
}
