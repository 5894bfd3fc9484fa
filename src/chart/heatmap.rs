//! A heatmap of a two-parameter sweep: one cell per grid point, the first parameter down
//! the side, the second along the bottom, each cell coloured by a value (light = low,
//! dark = high) and labelled with its figures. Missing values are grey cells.

use super::render::{font, font_in, render, Figure};
use super::{ChartError, ChartFormat};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
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
}

/// Draw `h` to `path`. Needs at least one value on each axis and one value per cell.
pub fn heatmap(h: &Heatmap, path: &Path, format: ChartFormat) -> Result<(), ChartError> {
    let cells = h.x_values.len() * h.y_values.len();
    if cells == 0 || h.values.len() != cells || h.labels.len() != cells {
        return Err(ChartError::NoData(
            "a heatmap needs one value and one label per cell",
        ));
    }
    render(&Map(h), path, format)
}

struct Map<'a>(&'a Heatmap);

/// An axis of `n` cells of width 1 over [0, n), with a tick at each cell's centre (also for
/// one cell, where plotters' integer ranges would be empty).
#[derive(Debug, Clone, Copy)]
struct Cells(usize);

impl Ranged for Cells {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let n = self.0.max(1) as f64;
        limit.0 + (v / n * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, _hint: H) -> Vec<f64> {
        (0..self.0).map(|i| i as f64 + 0.5).collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        0.0..self.0.max(1) as f64
    }
}

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

impl Figure for Map<'_> {
    fn size(&self) -> (u32, u32) {
        let nx = self.0.x_values.len() as u32;
        ((220 + 140 * nx).clamp(600, 1600), 700)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
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
                let lines: Vec<&str> = h.labels[i].split('\n').collect();
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
        }
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
