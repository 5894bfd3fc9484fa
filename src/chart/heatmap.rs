//! A heatmap of a two-parameter sweep: one cell per grid point, the first parameter down
//! the side, the second along the bottom, each cell coloured by a value (light = low,
//! dark = high) and labelled with its figures, with a colour scale of round values on the
//! right. Missing values are grey cells. Given an SLO, the cells that meet it are outlined
//! together (a thick line between meeting and failing cells) and ticked.

use super::data::nice_ticks;
use super::render::{fmt_secs, font, font_in, render, tick, Cells, Figure};
use super::{ChartError, ChartFormat};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// What a heatmap shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// Chart title.
    pub title: String,
    /// Name of the parameter along the bottom.
    pub x_label: String,
    /// Name of the parameter down the side.
    pub y_label: String,
    /// The bottom parameter's values, left to right.
    pub x_values: Vec<String>,
    /// The side parameter's values, bottom to top.
    pub y_values: Vec<String>,
    /// Colour values, row by row: cell (x, y) is `values[y * x_values.len() + x]`.
    pub values: Vec<Option<f64>>,
    /// Cell labels in the same order; lines separated by `\n`.
    pub labels: Vec<String>,
    /// What the colour stands for (the colour scale's title), e.g. `p99 latency`.
    pub scale_label: String,
    /// How the colour scale writes its values.
    pub unit: ValueUnit,
    /// The SLO, when one was given: which cells meet it.
    pub slo: Option<HeatmapSlo>,
}

/// How a heatmap's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueUnit {
    /// Seconds (`850 ms`, `2.50 s`, `612 s`).
    Seconds,
    /// US dollars (`$12.5`).
    Usd,
}

impl ValueUnit {
    fn format(self, v: f64) -> String {
        match self {
            ValueUnit::Seconds => fmt_secs(v),
            ValueUnit::Usd => format!("${}", tick(v)),
        }
    }
}

/// The SLO on a heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapSlo {
    /// As written (`p99<=15m`).
    pub text: String,
    /// Per cell, in the order of `values`: whether the point meets every constraint.
    pub meets: Vec<bool>,
}

/// The outline of the cells that meet the SLO in an `nx` × `ny` grid (cell (x, y) is
/// `meets[y * nx + x]`): every cell edge with a meeting cell on one side and a failing
/// cell or the grid's border on the other, as `[(x0, y0), (x1, y1)]` in cell units. Cells
/// missing from `meets` count as failing.
pub fn slo_outline(nx: usize, ny: usize, meets: &[bool]) -> Vec<[(f64, f64); 2]> {
    let ok = |x: isize, y: isize| {
        x >= 0
            && y >= 0
            && (x as usize) < nx
            && (y as usize) < ny
            && meets.get(y as usize * nx + x as usize) == Some(&true)
    };
    let mut edges = Vec::new();
    for y in 0..ny as isize {
        for x in 0..nx as isize {
            if !ok(x, y) {
                continue;
            }
            let (x0, y0, x1, y1) = (x as f64, y as f64, x as f64 + 1.0, y as f64 + 1.0);
            if !ok(x - 1, y) {
                edges.push([(x0, y0), (x0, y1)]);
            }
            if !ok(x + 1, y) {
                edges.push([(x1, y0), (x1, y1)]);
            }
            if !ok(x, y - 1) {
                edges.push([(x0, y0), (x1, y0)]);
            }
            if !ok(x, y + 1) {
                edges.push([(x0, y1), (x1, y1)]);
            }
        }
    }
    edges
}

/// Draw `h` to `path`. Needs at least one value on each axis and one value per cell.
pub fn heatmap(h: &Heatmap, path: &Path, format: ChartFormat) -> Result<(), ChartError> {
    let cells = h.x_values.len() * h.y_values.len();
    let slo_cells = h.slo.as_ref().map_or(cells, |s| s.meets.len());
    if cells == 0 || h.values.len() != cells || h.labels.len() != cells || slo_cells != cells {
        return Err(ChartError::NoData(
            "a heatmap needs one value, one label (and one SLO verdict) per cell",
        ));
    }
    render(&Map(h), path, format)
}

struct Map<'a>(&'a Heatmap);

/// Light yellow → teal → dark purple (viridis ends), by `t` in [0, 1].
fn shade(t: f64) -> RGBColor {
    let stops = [
        (253.0, 231.0, 37.0),
        (33.0, 145.0, 140.0),
        (68.0, 1.0, 84.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (a, b, u) = if t < 0.5 {
        (stops[0], stops[1], t * 2.0)
    } else {
        (stops[1], stops[2], t * 2.0 - 1.0)
    };
    let mix = |x: f64, y: f64| (x + (y - x) * u).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Width of the colour scale strip on the right.
const SCALE_WIDTH: u32 = 150;
/// Height of the SLO note under the grid.
const NOTE_HEIGHT: u32 = 30;

impl Figure for Map<'_> {
    fn size(&self) -> (u32, u32) {
        let nx = self.0.x_values.len() as u32;
        let note = if self.0.slo.is_some() { NOTE_HEIGHT } else { 0 };
        ((220 + 140 * nx).clamp(600, 1600) + SCALE_WIDTH, 700 + note)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let (w, _) = self.size();
        let (root, scale_area) = root.split_horizontally(w - SCALE_WIDTH);
        let root = match &self.0.slo {
            Some(slo) => {
                let (grid, note) = root.split_vertically(700);
                note.draw(&Text::new(
                    format!(
                        "Thick outline, ✓: the points that meet the SLO {} (upper end of the 95% interval)",
                        slo.text
                    ),
                    (20, 4),
                    font(14),
                ))?;
                grid
            }
            None => root,
        };
        self.draw_grid(&root)?;
        self.draw_scale(&scale_area)
    }
}

impl Map<'_> {
    /// The finite values' range, `None` without any.
    fn range(&self) -> Option<(f64, f64)> {
        let finite = self.0.values.iter().flatten().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
        (lo <= hi).then_some((lo, hi))
    }

    /// The colour scale: a vertical bar from low (bottom, light) to high (top, dark) with
    /// round values, titled with what the colour stands for.
    fn draw_scale<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError> {
        let h = self.0;
        let (top, bottom, x0, x1) = (90, 600, 12, 36);
        area.draw(&Text::new(h.scale_label.clone(), (x0, top - 30), font(14)))?;
        let Some((lo, hi)) = self.range() else {
            area.draw(&Text::new("no values", (x0, top), font(13)))?;
            return Ok(());
        };
        const SLICES: i32 = 64;
        let span = bottom - top;
        for k in 0..SLICES {
            let (y_hi, y_lo) = (bottom - span * (k + 1) / SLICES, bottom - span * k / SLICES);
            let t = (f64::from(k) + 0.5) / f64::from(SLICES);
            area.draw(&Rectangle::new([(x0, y_hi), (x1, y_lo)], shade(t).filled()))?;
        }
        area.draw(&Rectangle::new([(x0, top), (x1, bottom)], BLACK.mix(0.5)))?;
        let ticks = if hi > lo {
            nice_ticks(lo, hi, 7)
        } else {
            vec![lo]
        };
        for v in ticks {
            let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            let y = bottom - (t * f64::from(span)).round() as i32;
            area.draw(&PathElement::new([(x1, y), (x1 + 5, y)], BLACK))?;
            area.draw(&Text::new(
                h.unit.format(v),
                (x1 + 8, y),
                font_in(13, BLACK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    }

    fn draw_grid<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError> {
        let h = self.0;
        let (nx, ny) = (h.x_values.len() as i32, h.y_values.len() as i32);
        let finite: Vec<f64> = h
            .values
            .iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let scale = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        let mut chart = ChartBuilder::on(root)
            .caption(&h.title, font(20))
            .margin(15)
            .margin_right(30)
            .x_label_area_size(55)
            .y_label_area_size(110)
            .build_cartesian_2d(Cells(nx as usize), Cells(ny as usize))?;
        let name = |values: &[String], v: &f64| {
            values
                .get(v.max(0.0).floor() as usize)
                .cloned()
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(h.x_values.len())
            .y_labels(h.y_values.len())
            .x_label_formatter(&|v| name(&h.x_values, v))
            .y_label_formatter(&|v| name(&h.y_values, v))
            .x_desc(h.x_label.as_str())
            .y_desc(h.y_label.as_str())
            .label_style(font(14))
            .axis_desc_style(font(16))
            .draw()?;
        let grey = RGBColor(0xdd, 0xdd, 0xdd);
        for y in 0..ny {
            for x in 0..nx {
                let i = (y * nx + x) as usize;
                let value = h.values[i].filter(|v| v.is_finite());
                let fill = value.map_or(grey, |v| shade(scale(v)));
                chart.draw_series(std::iter::once(Rectangle::new(
                    [
                        (f64::from(x), f64::from(y)),
                        (f64::from(x + 1), f64::from(y + 1)),
                    ],
                    fill.filled(),
                )))?;
                let dark = value.is_some_and(|v| scale(v) > 0.45);
                let ink = if dark { WHITE } else { BLACK };
                let meets = h.slo.as_ref().is_some_and(|s| s.meets[i]);
                let mut lines: Vec<&str> = h.labels[i].split('\n').collect();
                if meets {
                    lines.push("✓ meets SLO");
                }
                let n = lines.len() as i32;
                chart.draw_series(lines.iter().enumerate().map(|(k, line)| {
                    let dy = (2 * k as i32 - (n - 1)) * 9;
                    EmptyElement::at((f64::from(x) + 0.5, f64::from(y) + 0.5))
                        + Text::new(
                            line.to_string(),
                            (0, dy),
                            font_in(14, ink).pos(Pos::new(HPos::Center, VPos::Center)),
                        )
                }))?;
            }
        }
        if let Some(slo) = &h.slo {
            let edges = slo_outline(nx as usize, ny as usize, &slo.meets);
            chart.draw_series(
                edges
                    .into_iter()
                    .map(|e| PathElement::new(e, BLACK.stroke_width(4))),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_run_light_to_dark() {
        let light = shade(0.0);
        let dark = shade(1.0);
        assert_eq!(light, RGBColor(253, 231, 37));
        assert_eq!(dark, RGBColor(68, 1, 84));
        assert_eq!(shade(f64::NAN), light);
        let lum = |c: RGBColor| u32::from(c.0) + u32::from(c.1) + u32::from(c.2);
        assert!(lum(shade(0.25)) > lum(shade(0.75)));
    }

    fn map(nx: usize, ny: usize) -> Heatmap {
        let n = nx * ny;
        Heatmap {
            title: "t".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            x_values: (0..nx).map(|i| i.to_string()).collect(),
            y_values: (0..ny).map(|i| format!("v{i}")).collect(),
            values: (0..n).map(|i| (i != 1).then_some(i as f64)).collect(),
            labels: (0..n).map(|i| format!("cell {i}\nline 2")).collect(),
            scale_label: "mean cost".into(),
            unit: ValueUnit::Usd,
            slo: None,
        }
    }

    #[test]
    fn the_slo_outline_closes_around_the_meeting_cells() {
        // 3 × 2, meeting cells marked M:  row 1: . M M   row 0: . . M
        let meets = [false, false, true, false, true, true];
        let edges = slo_outline(3, 2, &meets);
        let has = |a: (f64, f64), b: (f64, f64)| edges.contains(&[a, b]);
        // Between the meeting (1,1) and failing (0,1) cells, and (1,1) over (1,0).
        assert!(has((1.0, 1.0), (1.0, 2.0)));
        assert!(has((1.0, 1.0), (2.0, 1.0)));
        // The grid border of meeting cells.
        assert!(has((3.0, 0.0), (3.0, 1.0)) && has((2.0, 2.0), (3.0, 2.0)));
        // No edge between two meeting cells.
        assert!(!has((2.0, 1.0), (2.0, 2.0)) && !has((2.0, 1.0), (3.0, 1.0)));
        // The region's perimeter: 8 unit edges.
        assert_eq!(edges.len(), 8);
        assert_eq!(slo_outline(2, 2, &[true; 4]).len(), 8);
        assert!(slo_outline(2, 2, &[false; 4]).is_empty());
        assert_eq!(slo_outline(2, 1, &[true]).len(), 4, "missing verdicts fail");
    }

    #[test]
    fn the_colour_scale_and_the_slo_are_drawn() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = map(3, 2);
        h.values = (0..6).map(|i| Some(100.0 + 20.0 * i as f64)).collect();
        h.slo = Some(HeatmapSlo {
            text: "p99<=15m".into(),
            meets: vec![false, false, true, false, true, true],
        });
        h.unit = ValueUnit::Seconds;
        let path = dir.path().join("slo.svg");
        heatmap(&h, &path, ChartFormat::Svg).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("mean cost"), "scale title");
        for v in ["1m40s", "2m20s", "3m20s"] {
            assert!(
                svg.contains(&format!(">{v}<")) || svg.contains(&format!("\n{v}\n")),
                "{v}"
            );
        }
        assert_eq!(svg.matches("✓ meets SLO").count(), 3);
        assert!(svg.contains("the SLO p99&lt;=15m"));
        h.slo.as_mut().unwrap().meets.pop();
        assert!(heatmap(&h, &path, ChartFormat::Svg).is_err());
    }

    #[test]
    fn draws_one_cell_to_many_and_rejects_mismatched_cells() {
        let dir = tempfile::tempdir().unwrap();
        for (nx, ny, format) in [(1, 1, ChartFormat::Svg), (3, 2, ChartFormat::Png)] {
            let path = dir.path().join(format!("h{nx}{ny}.{}", format.extension()));
            heatmap(&map(nx, ny), &path, format).unwrap();
            assert!(std::fs::metadata(&path).unwrap().len() > 0);
        }
        let svg = std::fs::read_to_string(dir.path().join("h11.svg")).unwrap();
        assert!(svg.contains("cell 0") && svg.contains("line 2"));
        let mut bad = map(2, 2);
        bad.values.pop();
        assert!(heatmap(&bad, &dir.path().join("bad.svg"), ChartFormat::Svg).is_err());
    }
}
