//! The backtest chart: what AWS recorded against what scalesim simulated, on one time axis.
//! Top panel: desired capacity, recorded (black) and simulated (blue), with the scaling
//! events of each as markers (▲ out, ▼ in). Bottom panel: `ApproximateBacklogSize`,
//! recorded and simulated. Series longer than the width are min/max downsampled so that no
//! spike disappears.

use super::data::downsample_minmax;
use super::render::{font, render, steps, tick, upper_bound, Figure, TimeAxis};
use super::{ChartError, ChartFormat};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

const MAX_POINTS: usize = 2400;
const WIDTH: u32 = 1400;
const HEIGHT: u32 = 760;
const RECORDED: RGBColor = RGBColor(0x22, 0x22, 0x22);
const SIMULATED: RGBColor = RGBColor(0x1f, 0x77, 0xb4);

/// What the overlay draws, per minute of the window.
#[derive(Debug, Clone, Default)]
pub struct OverlaySeries {
    /// Title (scenario and window).
    pub title: String,
    /// Minute starts, seconds from the window's start.
    pub time_s: Vec<f64>,
    /// Recorded desired capacity at the end of each minute.
    pub recorded_capacity: Vec<f64>,
    /// Simulated desired capacity.
    pub simulated_capacity: Vec<f64>,
    /// Recorded backlog (NaN where no datapoint).
    pub recorded_backlog: Vec<f64>,
    /// Simulated backlog.
    pub simulated_backlog: Vec<f64>,
    /// Recorded scaling events: (seconds, new capacity, scale-out).
    pub recorded_events: Vec<(f64, f64, bool)>,
    /// Simulated scaling events.
    pub simulated_events: Vec<(f64, f64, bool)>,
    /// Name of the backlog statistic drawn (e.g. `Average`).
    pub backlog_statistic: String,
}

/// Draw `s` to `path`.
pub fn overlay(s: &OverlaySeries, path: &Path, format: ChartFormat) -> Result<(), ChartError> {
    if s.time_s.is_empty() {
        return Err(ChartError::NoData("the backtest window has no minute"));
    }
    let end_s = s.time_s.last().copied().unwrap_or(0.0) + 60.0;
    let axis = TimeAxis::for_horizon(end_s);
    render(
        &Overlay {
            s,
            axis,
            x_max: axis.to_unit(end_s),
        },
        path,
        format,
    )
}

struct Overlay<'a> {
    s: &'a OverlaySeries,
    axis: TimeAxis,
    x_max: f64,
}

impl Figure for Overlay<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let root = root.titled(&self.s.title, font(20))?;
        let (top, bottom) = root.split_vertically(HEIGHT / 2 - 10);
        self.capacity(&top)?;
        self.backlog(&bottom)
    }
}

fn finite_pairs(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    // Split at missing values so that gaps stay gaps.
    let mut runs = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for (x, y) in xs.iter().zip(ys) {
        if y.is_finite() {
            cur.push((*x, *y));
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

type Panel<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl Overlay<'_> {
    /// One panel over the window, from 0 to `y_max`, with its axes drawn.
    fn panel<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        caption: &str,
        y_desc: &str,
        y_max: f64,
    ) -> Result<Panel<'a, DB>, ChartError> {
        let mut chart = ChartBuilder::on(area)
            .caption(caption, font(16))
            .margin(10)
            .margin_right(30)
            .x_label_area_size(36)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..self.x_max, 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .x_desc(self.axis.label)
            .y_desc(y_desc)
            .label_style(font(13))
            .axis_desc_style(font(14))
            .light_line_style(TRANSPARENT)
            .draw()?;
        Ok(chart)
    }

    fn xs(&self) -> Vec<f64> {
        self.s
            .time_s
            .iter()
            .map(|t| self.axis.to_unit(t + 60.0))
            .collect()
    }

    fn capacity<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError> {
        let y_max = upper_bound(
            self.s
                .recorded_capacity
                .iter()
                .chain(&self.s.simulated_capacity),
        )
        .max(1.5);
        let mut chart = self.panel(area, "desired capacity (instances)", "instances", y_max)?;
        let xs = self.xs();
        let x_end = self.x_max;
        for (label, ys, c, w) in [
            (
                "recorded (AWS activities)",
                &self.s.recorded_capacity,
                RECORDED,
                3,
            ),
            ("simulated", &self.s.simulated_capacity, SIMULATED, 2),
        ] {
            let pts = steps(&downsample_minmax(&xs, ys, MAX_POINTS), x_end);
            chart
                .draw_series(LineSeries::new(pts, c.stroke_width(w)))?
                .label(label)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], c.stroke_width(w)));
        }
        for (events, c, dy) in [
            (&self.s.recorded_events, RECORDED, 0.0),
            (&self.s.simulated_events, SIMULATED, 0.08 * y_max),
        ] {
            let pts: Vec<(f64, f64, bool)> = events
                .iter()
                .map(|&(t, v, out)| (self.axis.to_unit(t), v + dy, out))
                .filter(|p| (0.0..=self.x_max).contains(&p.0))
                .collect();
            chart.draw_series(
                pts.iter()
                    .filter(|p| p.2)
                    .map(|p| TriangleMarker::new((p.0, p.1), 5, c.filled())),
            )?;
            chart.draw_series(pts.iter().filter(|p| !p.2).map(|p| {
                EmptyElement::at((p.0, p.1))
                    + Polygon::new(vec![(-5, -4), (5, -4), (0, 5)], c.filled())
            }))?;
        }
        chart
            .configure_series_labels()
            .label_font(font(13))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .position(SeriesLabelPosition::UpperLeft)
            .draw()?;
        Ok(())
    }

    fn backlog<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let y_max = upper_bound(
            self.s
                .recorded_backlog
                .iter()
                .chain(&self.s.simulated_backlog),
        );
        let caption = format!(
            "ApproximateBacklogSize ({}, requests)",
            self.s.backlog_statistic
        );
        let mut chart = self.panel(area, &caption, "requests", y_max)?;
        let xs = self.xs();
        for (label, ys, c, w) in [
            (
                "recorded (CloudWatch)",
                &self.s.recorded_backlog,
                RECORDED,
                2,
            ),
            ("simulated", &self.s.simulated_backlog, SIMULATED, 1),
        ] {
            let mut first = true;
            for run in finite_pairs(&xs, ys) {
                let xs: Vec<f64> = run.iter().map(|p| p.0).collect();
                let ys: Vec<f64> = run.iter().map(|p| p.1).collect();
                let series = chart.draw_series(LineSeries::new(
                    downsample_minmax(&xs, &ys, MAX_POINTS),
                    c.stroke_width(w),
                ))?;
                if first {
                    series.label(label).legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 18, y)], c.stroke_width(w))
                    });
                    first = false;
                }
            }
        }
        chart
            .configure_series_labels()
            .label_font(font(13))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .position(SeriesLabelPosition::UpperLeft)
            .draw()?;
        Ok(())
    }
}
