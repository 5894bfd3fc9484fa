//! The timeline chart: one panel per run, stacked on a shared time axis, with the backlog,
//! the capacity (desired, pending, in service), scaling actions as markers and the spans
//! where an alarm was in ALARM shaded.

use super::data::{alarm_spans, downsample_minmax, RunSeries, MINUTE_S};
use super::render::{font, render, steps, tick, upper_bound, Figure, TimeAxis};
use super::{ChartError, ChartFormat};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Points per series actually drawn (min/max downsampled beyond this).
const MAX_POINTS: usize = 2000;
const WIDTH: u32 = 1400;
const PANEL_HEIGHT: u32 = 340;

const BACKLOG: RGBColor = RGBColor(0x33, 0x33, 0x33);
const DESIRED: RGBColor = RGBColor(0x1f, 0x77, 0xb4);
const PENDING: RGBColor = RGBColor(0xff, 0x7f, 0x0e);
const IN_SERVICE: RGBColor = RGBColor(0x2c, 0xa0, 0x2c);
const MACHINES: RGBColor = RGBColor(0x8c, 0x56, 0x4b);
const ACTION: RGBColor = RGBColor(0xd6, 0x27, 0x28);
/// Alarm shading colours, one per alarm of a run (cycling).
const ALARM: [RGBColor; 5] = [
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x17, 0xbe, 0xcf),
    RGBColor(0x8c, 0x56, 0x4b),
];

/// Draw the timeline of `runs` (at least one) to `path`: one panel per run, titled with
/// its name, all on the same time range (hours, or minutes when the longest run is under
/// 3 h). Gauges are drawn at the end of their minute; capacity as steps.
pub fn timeline(runs: &[&RunSeries], path: &Path, format: ChartFormat) -> Result<(), ChartError> {
    if runs.is_empty() {
        return Err(ChartError::NoData("timeline needs at least one run"));
    }
    let end_s = runs.iter().map(|r| r.end_s()).fold(MINUTE_S, f64::max);
    let axis = TimeAxis::for_horizon(end_s);
    let fig = Timeline {
        runs,
        axis,
        x_max: axis.to_unit(end_s),
    };
    render(&fig, path, format)
}

struct Timeline<'a> {
    runs: &'a [&'a RunSeries],
    axis: TimeAxis,
    x_max: f64,
}

impl Figure for Timeline<'_> {
    fn size(&self) -> (u32, u32) {
        let panels = u32::try_from(self.runs.len()).unwrap_or(u32::MAX);
        (WIDTH, PANEL_HEIGHT.saturating_mul(panels))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let areas = root.split_evenly((self.runs.len(), 1));
        for (run, area) in self.runs.iter().zip(&areas) {
            self.panel(run, area)?;
        }
        Ok(())
    }
}

impl Timeline<'_> {
    fn panel<DB: DrawingBackend>(
        &self,
        run: &RunSeries,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError> {
        // Scaling actions inside the time range, at the new desired capacity.
        let marks: Vec<(f64, f64, bool)> = run
            .actions
            .iter()
            .map(|m| (self.axis.to_unit(m.time_s), f64::from(m.to), m.to > m.from))
            .filter(|&(x, _, _)| (0.0..=self.x_max).contains(&x))
            .collect();
        // Requests on the left axis, instances on the right one, so that a large backlog does
        // not flatten the capacity lines.
        let y_max = upper_bound(run.backlog.iter());
        let instances_max = upper_bound(
            run.desired
                .iter()
                .chain(&run.pending)
                .chain(&run.in_service)
                .chain(&run.machines)
                .chain(marks.iter().map(|m| &m.1)),
        );
        let mut chart = ChartBuilder::on(area)
            .caption(&run.name, font(20))
            .margin(10)
            .margin_right(30)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .right_y_label_area_size(60)
            .build_cartesian_2d(0.0..self.x_max, 0.0..y_max)?
            .set_secondary_coord(0.0..self.x_max, 0.0..instances_max);
        chart
            .configure_mesh()
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .x_desc(self.axis.label)
            .y_desc("requests (backlog)")
            .label_style(font(14))
            .axis_desc_style(font(16))
            .light_line_style(TRANSPARENT)
            .draw()?;
        chart
            .configure_secondary_axes()
            .y_label_formatter(&|v| tick(*v))
            .y_desc("instances")
            .label_style(font(14))
            .axis_desc_style(font(16))
            .draw()?;

        // Alarm shading first, so the lines stay on top.
        for (k, track) in run.alarms.iter().enumerate() {
            let c = ALARM[k % ALARM.len()];
            let spans = alarm_spans(&run.time_s, &track.in_alarm);
            chart
                .draw_series(spans.into_iter().map(|(s, e)| {
                    let (x0, x1) = (self.axis.to_unit(s), self.axis.to_unit(e));
                    Rectangle::new([(x0, 0.0), (x1, y_max)], c.mix(0.15).filled())
                }))?
                .label(format!("{} in ALARM", track.name))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 18, y + 6)], c.mix(0.3).filled())
                });
        }

        // Gauges are the state at the end of their minute.
        let xs: Vec<f64> = run
            .time_s
            .iter()
            .map(|t| self.axis.to_unit(t + MINUTE_S))
            .collect();
        let x_end = self.axis.to_unit(run.end_s());
        let mut capacity = vec![
            ("in service", &run.in_service, IN_SERVICE, 3),
            ("pending", &run.pending, PENDING, 2),
            ("desired", &run.desired, DESIRED, 1),
        ];
        if run.machines_differ() {
            capacity.push(("billed machines", &run.machines, MACHINES, 2));
        }
        for (label, ys, c, width) in capacity {
            let pts = steps(&downsample_minmax(&xs, ys, MAX_POINTS), x_end);
            chart
                .draw_secondary_series(LineSeries::new(pts, c.stroke_width(width)))?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], c.stroke_width(width))
                });
        }
        let backlog = downsample_minmax(&xs, &run.backlog, MAX_POINTS);
        chart
            .draw_series(LineSeries::new(backlog, BACKLOG.stroke_width(1)))?
            .label("backlog (requests)")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BACKLOG.stroke_width(1)));

        // ▲ scale out, ▼ scale in.
        let outs: Vec<(f64, f64)> = marks.iter().filter(|m| m.2).map(|m| (m.0, m.1)).collect();
        let ins: Vec<(f64, f64)> = marks.iter().filter(|m| !m.2).map(|m| (m.0, m.1)).collect();
        if !outs.is_empty() {
            chart
                .draw_secondary_series(
                    outs.into_iter()
                        .map(|p| TriangleMarker::new(p, 5, ACTION.filled())),
                )?
                .label("scale out")
                .legend(|(x, y)| TriangleMarker::new((x + 9, y), 5, ACTION.filled()));
        }
        if !ins.is_empty() {
            chart
                .draw_secondary_series(
                    ins.into_iter()
                        .map(|p| EmptyElement::at(p) + down_triangle()),
                )?
                .label("scale in")
                .legend(|(x, y)| EmptyElement::at((x + 9, y)) + down_triangle());
        }

        chart
            .configure_series_labels()
            .label_font(font(14))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .position(SeriesLabelPosition::UpperRight)
            .draw()?;
        Ok(())
    }
}

/// A downward triangle (scale in) around its anchor, the mirror of `TriangleMarker`.
fn down_triangle() -> Polygon<(i32, i32)> {
    Polygon::new(vec![(-5, -4), (5, -4), (0, 5)], ACTION.filled())
}
