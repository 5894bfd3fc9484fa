//! One run's block of the timeline over one time window: a caption with the window's
//! counts, the backlog panel, the instances panel (in service and pending as stacked areas,
//! desired and billed machines as lines) and the event lanes (scale out, scale in, cold
//! start, one lane per alarm under its short name). Used for the whole run and for the
//! zoom day alike; the layout (`timeline.rs`) places the blocks, and the lanes are drawn by
//! `timeline_lanes.rs`.

use super::data::{downsample_minmax, RunSeries, MINUTE_S};
use super::render::{font, steps, tick, upper_bound};
use super::timeline_data::{cold_start_spans, ZoomDay, DAY_S};
use super::ChartError;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

#[path = "timeline_lanes.rs"]
mod lanes;
use lanes::draw_lanes;

/// Points per series actually drawn (min/max downsampled beyond this).
const MAX_POINTS: usize = 2000;
const CAPTION_HEIGHT: u32 = 24;
const BACKLOG_HEIGHT: u32 = 120;
const INSTANCES_HEIGHT: u32 = 100;
const LANE_HEIGHT: u32 = 15;
const X_AXIS_HEIGHT: u32 = 40;
/// Room under a block, before the next run's.
const GAP: u32 = 8;
/// Left label area: wide enough for lane names in the whole-run column.
const LABELS_WIDE: u32 = 150;
const LABELS_NARROW: u32 = 56;
/// Longest lane name (characters) that fits the wide label area.
const LANE_NAME_CHARS: usize = 18;

pub(crate) const BACKLOG: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub(crate) const DESIRED: RGBColor = RGBColor(0x1f, 0x77, 0xb4);
pub(crate) const PENDING: RGBColor = RGBColor(0xff, 0x7f, 0x0e);
pub(crate) const IN_SERVICE: RGBColor = RGBColor(0x2c, 0xa0, 0x2c);
pub(crate) const MACHINES: RGBColor = RGBColor(0x8c, 0x56, 0x4b);
/// Opaque fills of the instance areas (light tints of the line colours), so that stacked
/// areas keep their colours.
const PENDING_FILL: RGBColor = RGBColor(0xff, 0xbb, 0x78);
const IN_SERVICE_FILL: RGBColor = RGBColor(0x98, 0xdf, 0x8a);
pub(crate) const ZOOM_SHADE: RGBColor = RGBColor(0xff, 0xe0, 0x66);
const SCALE_OUT: RGBColor = RGBColor(0xd6, 0x27, 0x28);
const SCALE_IN: RGBColor = RGBColor(0x17, 0xbe, 0xcf);
const ALARM: RGBColor = RGBColor(0x94, 0x67, 0xbd);

/// The lane colours: scale out, scale in, cold start, alarm.
pub(crate) fn lane_colors() -> [RGBColor; 4] {
    [SCALE_OUT, SCALE_IN, PENDING, ALARM]
}

/// A time window and how its axis reads.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Window {
    start_s: f64,
    end_s: f64,
    /// Seconds per axis unit, and the axis origin (s).
    secs_per_unit: f64,
    origin_s: f64,
    label: String,
    /// Hours of a day, labelled as clock times.
    clock: bool,
}

impl Window {
    /// The whole run `[0, end_s)`: in days from two days on, hours from 3 h, else minutes.
    pub fn overview(end_s: f64) -> Window {
        let (secs_per_unit, label) = if end_s >= 2.0 * DAY_S {
            (DAY_S, "time (days)")
        } else if end_s >= 3.0 * 3600.0 {
            (3600.0, "time (h)")
        } else {
            (60.0, "time (min)")
        };
        Window {
            start_s: 0.0,
            end_s,
            secs_per_unit,
            origin_s: 0.0,
            label: label.into(),
            clock: false,
        }
    }

    /// The zoom day, in hours of that day.
    pub fn day(z: &ZoomDay) -> Window {
        Window {
            start_s: z.start_s(),
            end_s: z.end_s(),
            secs_per_unit: 3600.0,
            origin_s: z.start_s(),
            label: format!("time of day {} (h)", z.day + 1),
            clock: true,
        }
    }

    fn x(&self, t_s: f64) -> f64 {
        let t = t_s.clamp(self.start_s, self.end_s);
        (t - self.origin_s) / self.secs_per_unit
    }

    fn range(&self) -> Range<f64> {
        self.x(self.start_s)..self.x(self.end_s)
    }

    fn contains(&self, t_s: f64) -> bool {
        (self.start_s..self.end_s).contains(&t_s)
    }

    fn tick_label(&self, v: f64) -> String {
        if self.clock && v.fract() == 0.0 {
            format!("{v:02.0}:00")
        } else {
            tick(v)
        }
    }

    /// At most this many x ticks: every 2 h of a day, whole days (or 5) over weeks.
    fn tick_count(&self) -> usize {
        if self.clock {
            13
        } else if self.secs_per_unit == DAY_S {
            8
        } else {
            12
        }
    }
}

/// Beyond this many changes of desired capacity in a window, its lines would merge into a
/// solid block (a few pixels apart on a panel about 650 px wide).
const DENSE_CHANGES: usize = 150;

/// How many times `desired` changes within `idx`.
fn desired_changes(desired: &[f64], idx: &Range<usize>) -> usize {
    desired
        .get(idx.clone())
        .unwrap_or(&[])
        .windows(2)
        .filter(|w| w[0] != w[1])
        .count()
}

/// Lanes of a run: scale out, scale in, cold start, then one per alarm.
fn lane_count(run: &RunSeries) -> usize {
    3 + run.alarms.len()
}

/// Height of a run's block.
pub(crate) fn block_height(run: &RunSeries) -> u32 {
    let lanes = u32::try_from(lane_count(run)).unwrap_or(u32::MAX);
    (CAPTION_HEIGHT + BACKLOG_HEIGHT + INSTANCES_HEIGHT + X_AXIS_HEIGHT + GAP)
        .saturating_add(LANE_HEIGHT.saturating_mul(lanes))
}

/// The run's gauges in `w`, at the end of their minute, as (axis x, value) per series.
struct Gauges {
    x_end: f64,
    xs: Vec<f64>,
    idx: Range<usize>,
}

impl Gauges {
    fn new(run: &RunSeries, w: &Window) -> Gauges {
        // From the last minute ending at or before the window's start (the state it opens
        // with) to the last minute ending inside it.
        let first = run
            .time_s
            .iter()
            .rposition(|t| t + MINUTE_S <= w.start_s)
            .unwrap_or(0);
        let last = run
            .time_s
            .iter()
            .rposition(|t| t + MINUTE_S <= w.end_s)
            .map_or(0, |i| i + 1);
        let idx = first..last.max(first);
        let xs = run.time_s[idx.clone()]
            .iter()
            .map(|t| w.x(t + MINUTE_S))
            .collect();
        Gauges {
            x_end: w.x(run.end_s()),
            xs,
            idx,
        }
    }

    fn points(&self, ys: &[f64]) -> Vec<(f64, f64)> {
        let ys = ys.get(self.idx.clone()).unwrap_or(&[]);
        downsample_minmax(&self.xs, ys, MAX_POINTS)
    }

    fn step_points(&self, ys: &[f64]) -> Vec<(f64, f64)> {
        steps(&self.points(ys), self.x_end)
    }
}

/// Draw `run` over `w` on `area`: caption, backlog, instances and lanes. `shade` is a span
/// (s) to highlight (the zoom day, on the whole-run block); `wide` gives the lanes their
/// names (the whole-run column) or leaves them to the row's left block.
pub(crate) fn draw_block<DB: DrawingBackend>(
    run: &RunSeries,
    area: &DrawingArea<DB, Shift>,
    w: &Window,
    shade: Option<(f64, f64)>,
    wide: bool,
) -> Result<(), ChartError> {
    let (caption, rest) = area.split_vertically(CAPTION_HEIGHT);
    let (backlog, rest) = rest.split_vertically(BACKLOG_HEIGHT);
    let (instances, rest) = rest.split_vertically(INSTANCES_HEIGHT);
    let (lanes, _) = rest.split_vertically(rest.dim_in_pixel().1.saturating_sub(GAP));
    caption.draw(&Text::new(caption_text(run, w, wide), (14, 5), font(15)))?;
    let labels = if wide { LABELS_WIDE } else { LABELS_NARROW };
    let gauges = Gauges::new(run, w);
    let shade = shade.map(|(s, e)| (w.x(s), w.x(e)));

    // Backlog: an area, so that short spikes stay visible.
    let y_max = upper_bound(run.backlog.get(gauges.idx.clone()).unwrap_or(&[]).iter());
    let mut chart = panel(&backlog, w, labels, 0.0..y_max)?;
    mesh(&mut chart, w, "backlog")?;
    shade_span(&mut chart, shade, y_max)?;
    chart.draw_series(
        AreaSeries::new(gauges.points(&run.backlog), 0.0, BACKLOG.mix(0.25))
            .border_style(BACKLOG.stroke_width(1)),
    )?;

    // Instances: pending stacked on in service, desired and billed machines as lines.
    let active: Vec<f64> = run
        .in_service
        .iter()
        .zip(&run.pending)
        .map(|(s, p)| s + p)
        .collect();
    let slice = |v: &[f64]| v.get(gauges.idx.clone()).unwrap_or(&[]).to_vec();
    let mut tops = slice(&active);
    tops.extend(slice(&run.desired));
    if run.machines_differ() {
        tops.extend(slice(&run.machines));
    }
    let y_max = upper_bound(&tops).max(1.2);
    let mut chart = panel(&instances, w, labels, 0.0..y_max)?;
    mesh(&mut chart, w, "instances")?;
    // Over weeks, capacity changes hundreds of times: then the overview draws the areas
    // without borders and leaves the desired line to the zoom day, where it reads.
    let dense = desired_changes(&run.desired, &gauges.idx) > DENSE_CHANGES;
    for (ys, fill, line) in [
        (&active, PENDING_FILL, PENDING),
        (&run.in_service, IN_SERVICE_FILL, IN_SERVICE),
    ] {
        let border = if dense { TRANSPARENT } else { line.to_rgba() };
        chart.draw_series(
            AreaSeries::new(gauges.step_points(ys), 0.0, fill.filled())
                .border_style(border.stroke_width(1)),
        )?;
    }
    // Thin: a cold start is only a few pixels wide, and a thick line would hide its area.
    if !dense {
        chart.draw_series(LineSeries::new(
            gauges.step_points(&run.desired),
            DESIRED.stroke_width(1),
        ))?;
    }
    shade_span(&mut chart, shade, y_max)?;
    if run.machines_differ() {
        chart.draw_series(LineSeries::new(
            gauges.step_points(&run.machines),
            MACHINES.stroke_width(2),
        ))?;
    }

    draw_lanes(run, &lanes, w, labels, wide, shade)
}

/// The caption: on the whole-run block the run's name and totals, on the zoom block the
/// day's counts.
fn caption_text(run: &RunSeries, w: &Window, wide: bool) -> String {
    let outs = run
        .actions
        .iter()
        .filter(|m| m.to > m.from && w.contains(m.time_s))
        .count();
    let ins = run
        .actions
        .iter()
        .filter(|m| m.to < m.from && w.contains(m.time_s))
        .count();
    let colds = cold_start_spans(run)
        .iter()
        .filter(|(s, e)| *e > w.start_s && *s < w.end_s)
        .count();
    let counts = format!("{outs} scale-outs, {ins} scale-ins, {colds} cold starts");
    if wide {
        format!("{}: {counts}", run.name)
    } else {
        format!("{}, this day: {counts}", run.name)
    }
}

type Panel<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A panel over the window with a linear y range and no x labels (the lanes under it
/// carry the time axis).
fn panel<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    w: &Window,
    labels: u32,
    y: Range<f64>,
) -> Result<Panel<'a, DB>, ChartError> {
    let chart = ChartBuilder::on(area)
        .margin_left(6)
        .margin_right(18)
        .margin_top(4)
        .x_label_area_size(0)
        .y_label_area_size(labels)
        .build_cartesian_2d(w.range(), y)?;
    Ok(chart)
}

/// Grid lines at the x ticks, `desc` on the y axis (instances: whole numbers only).
fn mesh<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    w: &Window,
    desc: &str,
) -> Result<(), ChartError> {
    let integral = |v: &f64| {
        if v.fract() == 0.0 {
            tick(*v)
        } else {
            String::new()
        }
    };
    let plain = |v: &f64| tick(*v);
    let y_label: &dyn Fn(&f64) -> String = if desc == "instances" {
        &integral
    } else {
        &plain
    };
    chart
        .configure_mesh()
        .x_labels(w.tick_count())
        .y_labels(4)
        .y_label_formatter(y_label)
        .y_desc(desc)
        .label_style(font(12))
        .axis_desc_style(font(13))
        .light_line_style(TRANSPARENT)
        .bold_line_style(BLACK.mix(0.07))
        .draw()?;
    Ok(())
}

fn shade_span<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    shade: Option<(f64, f64)>,
    y_max: f64,
) -> Result<(), ChartError> {
    if let Some((x0, x1)) = shade {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x0, 0.0), (x1, y_max)],
            ZOOM_SHADE.mix(0.3).filled(),
        )))?;
    }
    Ok(())
}
