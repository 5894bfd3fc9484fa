//! The event lanes under a run's panels in the timeline: scale out and scale in as ticks,
//! cold starts and each alarm's time in ALARM as bars, named on the left in the wide
//! (whole-run) block. A child of `timeline_panels.rs`, which lays out the block.

use super::{
    lane_count, Window, ALARM, LANE_NAME_CHARS, PENDING, SCALE_IN, SCALE_OUT, X_AXIS_HEIGHT,
    ZOOM_SHADE,
};
use crate::chart::data::{alarm_spans, RunSeries};
use crate::chart::render::{font, Cells};
use crate::chart::timeline_data::{alarm_label, cold_start_spans};
use crate::chart::ChartError;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The event lanes, top to bottom: scale out, scale in, cold start, each alarm. Named on
/// the left in the wide block.
pub(super) fn draw_lanes<DB: DrawingBackend>(
    run: &RunSeries,
    area: &DrawingArea<DB, Shift>,
    w: &Window,
    labels: u32,
    wide: bool,
    shade: Option<(f64, f64)>,
) -> Result<(), ChartError> {
    let n = lane_count(run);
    let mut names = vec![
        "scale out".to_string(),
        "scale in".into(),
        "cold start".into(),
    ];
    names.extend(
        run.alarms
            .iter()
            .map(|t| alarm_label(run, &t.name, LANE_NAME_CHARS)),
    );
    let mut chart = ChartBuilder::on(area)
        .margin_left(6)
        .margin_right(18)
        .x_label_area_size(X_AXIS_HEIGHT)
        .y_label_area_size(labels)
        .build_cartesian_2d(w.range(), Cells(n))?;
    let lane_name = |v: &f64| {
        let from_bottom = v.max(0.0).floor() as usize;
        match (wide, n.checked_sub(from_bottom + 1)) {
            (true, Some(k)) => names.get(k).cloned().unwrap_or_default(),
            _ => String::new(),
        }
    };
    let x_label = |v: &f64| w.tick_label(*v);
    chart
        .configure_mesh()
        .x_labels(w.tick_count())
        .y_labels(n)
        .x_label_formatter(&x_label)
        .y_label_formatter(&lane_name)
        .set_tick_mark_size(LabelAreaPosition::Left, 0)
        .x_desc(w.label.as_str())
        .label_style(font(12))
        .axis_desc_style(font(13))
        .light_line_style(TRANSPARENT)
        .bold_line_style(BLACK.mix(0.07))
        .draw()?;
    if let Some((x0, x1)) = shade {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x0, 0.0), (x1, n as f64)],
            ZOOM_SHADE.mix(0.35).filled(),
        )))?;
    }
    // Lane k from the top spans [n − 1 − k, n − k].
    let lane = |k: usize| (n - 1 - k) as f64;
    let width = if wide { 1 } else { 2 };
    for (k, out) in [(0, true), (1, false)] {
        let c = if out { SCALE_OUT } else { SCALE_IN };
        let y = lane(k);
        chart.draw_series(
            run.actions
                .iter()
                .filter(|m| (m.to > m.from) == out && w.contains(m.time_s))
                .map(|m| {
                    let x = w.x(m.time_s);
                    PathElement::new([(x, y + 0.15), (x, y + 0.85)], c.stroke_width(width))
                }),
        )?;
    }
    let spans = |list: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
        list.into_iter()
            .filter(|(s, e)| *e > w.start_s && *s < w.end_s)
            .map(|(s, e)| (w.x(s), w.x(e)))
            .collect()
    };
    let mut span_lanes = vec![(2, spans(cold_start_spans(run)), PENDING)];
    for (i, track) in run.alarms.iter().enumerate() {
        span_lanes.push((
            3 + i,
            spans(alarm_spans(&run.time_s, &track.in_alarm)),
            ALARM,
        ));
    }
    for (k, list, c) in span_lanes {
        let y = lane(k);
        // A filled bar, and a line at its start so that a span thinner than a pixel shows.
        chart.draw_series(list.iter().map(|&(x0, x1)| {
            Rectangle::new([(x0, y + 0.2), (x1, y + 0.8)], c.mix(0.8).filled())
        }))?;
        chart.draw_series(
            list.iter().map(|&(x0, _)| {
                PathElement::new([(x0, y + 0.2), (x0, y + 0.8)], c.stroke_width(1))
            }),
        )?;
    }
    Ok(())
}
