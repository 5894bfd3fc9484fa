//! The timeline chart: per run (variant), the backlog, the instances in a panel of their
//! own under it, and lanes of events (scale-outs, scale-ins, cold starts, each alarm in
//! ALARM under its short name). Left, the whole run (min/max downsampled, so spikes
//! survive; the zoom day shaded); right, for runs longer than a day and a half, the same
//! panels for one day chosen automatically (the most eventful, see `timeline_data.rs`).
//! The legend is a strip above the panels, never over the data. When capacity changes
//! hundreds of times in the overview, its desired line is left to the zoom day (the
//! instance areas and the scale-out/in lanes carry the overview).
//!
//! ```text
//!  title + legend strip
//!  Whole run: 7 days                 │ Day 4 of 7 (72–96 h): most scaling events (41)
//!  run A  backlog ────────────────── │ backlog ────────
//!         instances ──────────────── │ instances ──────
//!         lanes: scale out/in, cold  │ lanes
//!  run B  ...                        │ ...
//! ```

use super::data::{RunSeries, MINUTE_S};
use super::render::{font, font_in, render, Figure};
use super::timeline_data::{zoom_day, ZoomDay, DAY_S};
use super::timeline_panels::{block_height, draw_block, Window, BACKLOG, DESIRED, IN_SERVICE};
use super::timeline_panels::{lane_colors, MACHINES, PENDING, ZOOM_SHADE};
use super::{ChartError, ChartFormat};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

const WIDTH: u32 = 1400;
/// Title and legend strip.
const LEGEND_HEIGHT: u32 = 64;
/// Column headers (whole run, zoom day).
const HEADER_HEIGHT: u32 = 28;
/// Width of the overview column when there is a zoom column.
const OVERVIEW_WIDTH: u32 = 820;

/// Draw the timeline of `runs` (at least one) to `path`: for each run the whole-run
/// panels, and beside them the zoom day's when the longest run is over 1.5 days. All runs
/// share the time range and the zoom day, so variants line up.
pub fn timeline(runs: &[&RunSeries], path: &Path, format: ChartFormat) -> Result<(), ChartError> {
    if runs.is_empty() {
        return Err(ChartError::NoData("timeline needs at least one run"));
    }
    let end_s = runs.iter().map(|r| r.end_s()).fold(MINUTE_S, f64::max);
    let zoom = zoom_day(runs);
    let fig = Timeline {
        runs,
        overview: Window::overview(end_s),
        zoom: zoom.map(|z| (z, Window::day(&z))),
        end_s,
    };
    render(&fig, path, format)
}

struct Timeline<'a> {
    runs: &'a [&'a RunSeries],
    overview: Window,
    zoom: Option<(ZoomDay, Window)>,
    end_s: f64,
}

impl Figure for Timeline<'_> {
    fn size(&self) -> (u32, u32) {
        let blocks: u32 = self.runs.iter().map(|r| block_height(r)).sum();
        (WIDTH, LEGEND_HEIGHT + HEADER_HEIGHT + blocks)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let (legend, rest) = root.split_vertically(LEGEND_HEIGHT);
        self.legend(&legend)?;
        let (header, mut rest) = rest.split_vertically(HEADER_HEIGHT);
        let (left_header, right_header) = match self.zoom {
            Some(_) => header.split_horizontally(OVERVIEW_WIDTH),
            None => header.split_horizontally(WIDTH),
        };
        left_header.draw(&Text::new(self.overview_title(), (14, 6), font(17)))?;
        if let Some((z, _)) = &self.zoom {
            right_header.draw(&Text::new(z.title(), (14, 6), font(17)))?;
        }
        let shade = self.zoom.as_ref().map(|(z, _)| (z.start_s(), z.end_s()));
        for run in self.runs {
            let (block, below) = rest.split_vertically(block_height(run));
            rest = below;
            match &self.zoom {
                Some((_, window)) => {
                    let (left, right) = block.split_horizontally(OVERVIEW_WIDTH);
                    draw_block(run, &left, &self.overview, shade, true)?;
                    draw_block(run, &right, window, None, false)?;
                }
                None => draw_block(run, &block, &self.overview, None, true)?,
            }
        }
        Ok(())
    }
}

impl Timeline<'_> {
    fn overview_title(&self) -> String {
        let end = self.end_s;
        let length = if end >= 2.0 * DAY_S {
            format!("{:.0} days", end / DAY_S)
        } else if end >= 3.0 * 3600.0 {
            format!("{:.0} h", end / 3600.0)
        } else {
            format!("{:.0} min", end / 60.0)
        };
        let tail = if self.zoom.is_some() {
            " (the zoom day shaded)"
        } else {
            ""
        };
        format!("Whole run: {length}{tail}")
    }

    /// The title and one row of legend items, each a swatch and its text.
    fn legend<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        area.draw(&Text::new(
            "Timeline: backlog, instances and scaling events of each variant",
            (14, 8),
            font(20),
        ))?;
        let [out, scale_in, cold, alarm] = lane_colors();
        let mut items: Vec<(Swatch, &str)> = vec![
            (Swatch::Area(BACKLOG), "backlog (requests)"),
            (Swatch::Area(IN_SERVICE), "in service"),
            (Swatch::Area(PENDING), "pending (launching)"),
            (Swatch::Line(DESIRED), "desired"),
        ];
        if self.runs.iter().any(|r| r.machines_differ()) {
            items.push((Swatch::Line(MACHINES), "billed machines"));
        }
        items.extend([
            (Swatch::Tick(out), "scale out"),
            (Swatch::Tick(scale_in), "scale in"),
            (Swatch::Area(cold), "cold start (launch → in service)"),
            (Swatch::Area(alarm), "alarm in ALARM"),
        ]);
        if self.zoom.is_some() {
            items.push((Swatch::Area(ZOOM_SHADE), "zoom day"));
        }
        let y = 46;
        let mut x = 16;
        for (swatch, text) in items {
            swatch.draw(area, x, y)?;
            area.draw(&Text::new(
                text,
                (x + 24, y),
                font_in(14, BLACK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            // DejaVu Sans at 14 px: about 7.5 px a character.
            x += 24 + text.chars().count() as i32 * 15 / 2 + 18;
        }
        Ok(())
    }
}

/// A legend swatch.
enum Swatch {
    Area(RGBColor),
    Line(RGBColor),
    Tick(RGBColor),
}

impl Swatch {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        x: i32,
        y: i32,
    ) -> Result<(), ChartError> {
        match *self {
            Swatch::Area(c) => area.draw(&Rectangle::new(
                [(x, y - 6), (x + 18, y + 6)],
                c.mix(0.55).filled(),
            ))?,
            Swatch::Line(c) => {
                area.draw(&PathElement::new([(x, y), (x + 18, y)], c.stroke_width(2)))?
            }
            Swatch::Tick(c) => {
                for dx in [4, 9, 14] {
                    area.draw(&PathElement::new(
                        [(x + dx, y - 6), (x + dx, y + 6)],
                        c.stroke_width(2),
                    ))?;
                }
            }
        }
        Ok(())
    }
}
