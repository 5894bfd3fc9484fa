//! What every chart shares: the embedded font, the colours, axis-range helpers, and
//! [`render`], which runs a figure on the SVG or PNG backend and writes the file atomically.

use super::{ChartError, ChartFormat};
use crate::report::atomic::write_atomic;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The font family every chart uses. Registered with plotters under this exact name for
/// PNG (ab_glyph); written as-is into SVG `font-family`, where it is a CSS list ending in
/// the generic `sans-serif`.
pub(crate) const FONT: &str = "DejaVu Sans, sans-serif";

/// DejaVu Sans (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`).
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Register the embedded font with plotters' font table. Idempotent: registering again
/// replaces the entry with the same font, so every chart simply calls it first.
pub(crate) fn ensure_font() -> Result<(), ChartError> {
    plotters::style::register_font(FONT, FontStyle::Normal, DEJAVU_SANS)
        .map_err(|_| ChartError::Font("embedded DejaVu Sans is not a valid font".into()))
}

/// Ten distinct colours (Tableau 10), one per run or curve, cycling.
const PALETTE: [RGBColor; 10] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x17, 0xbe, 0xcf),
];

/// The colour of the `i`-th run or curve.
pub(crate) fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// A text style of the chart font at `size` px.
pub(crate) fn font(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().into()
}

/// A text style of the chart font at `size` px in colour `c`.
pub(crate) fn font_in(size: u32, c: RGBColor) -> TextStyle<'static> {
    let mut style = font(size);
    // Set directly: `TextStyle::color` ties the colour reference to the font lifetime.
    style.color = c.to_backend_color();
    style
}

/// An upper bound for a linear axis from 0: 10% above the largest finite value, 1 when
/// there is nothing positive to show.
pub(crate) fn upper_bound<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    let max = values
        .into_iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    if max > 0.0 {
        max * 1.1
    } else {
        1.0
    }
}

/// Unit of a time axis: hours for long runs, minutes below 3 h.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TimeAxis {
    /// Seconds per axis unit.
    pub secs_per_unit: f64,
    /// Axis description.
    pub label: &'static str,
}

impl TimeAxis {
    /// The unit for a horizon of `end_s` seconds.
    pub fn for_horizon(end_s: f64) -> TimeAxis {
        if end_s >= 3.0 * 3600.0 {
            TimeAxis::HOURS
        } else {
            TimeAxis {
                secs_per_unit: 60.0,
                label: "time (min)",
            }
        }
    }

    /// Hours, whatever the horizon.
    pub const HOURS: TimeAxis = TimeAxis {
        secs_per_unit: 3600.0,
        label: "time (h)",
    };

    /// `secs` in axis units.
    pub fn to_unit(self, secs: f64) -> f64 {
        secs / self.secs_per_unit
    }
}

/// Step shape ("value holds until the next point") through `points`, ending at `x_end`.
pub(crate) fn steps(points: &[(f64, f64)], x_end: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() * 2 + 1);
    for (i, &(x, y)) in points.iter().enumerate() {
        out.push((x, y));
        let next_x = points.get(i + 1).map_or(x_end.max(x), |p| p.0);
        out.push((next_x, y));
    }
    out
}

/// An axis tick label: four significant digits at most, without trailing zeros
/// (`0.0005`, `2.5`, `25`, `2500`).
pub(crate) fn tick(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs().log10().floor();
    let decimals = (3.0 - magnitude).clamp(0.0, 12.0) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A duration on a chart, as everywhere else: [`crate::time::human_duration`].
pub(crate) fn fmt_secs(s: f64) -> String {
    crate::time::human_duration(s)
}

/// An axis of `n` cells of width 1 over [0, n), with a tick at each cell's centre (also for
/// one cell, where plotters' integer ranges would be empty).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cells(pub usize);

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

/// A figure that can draw itself on any plotters backend.
pub(crate) trait Figure {
    /// Size in pixels.
    fn size(&self) -> (u32, u32);
    /// Draw on the (white-filled) root area.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>;
}

/// Draw `fig` and write it to `path` in `format`, atomically.
pub(crate) fn render(
    fig: &impl Figure,
    path: &Path,
    format: ChartFormat,
) -> Result<(), ChartError> {
    // Plotters is not supposed to panic on the data we give it (ranges are kept finite and
    // non-empty), but a chart is never worth losing a run's other outputs: turn any panic
    // inside it into an error.
    catch_unwind(AssertUnwindSafe(|| {
        ensure_font()?;
        match format {
            ChartFormat::Svg => render_svg(fig, path),
            ChartFormat::Png => render_png(fig, path),
        }
    }))
    .unwrap_or_else(|_| Err(ChartError::Draw("plotters panicked while drawing".into())))
}

fn draw_on<DB: DrawingBackend>(
    fig: &impl Figure,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), ChartError> {
    root.fill(&WHITE)?;
    fig.draw(root)?;
    root.present()?;
    Ok(())
}

fn render_svg(fig: &impl Figure, path: &Path) -> Result<(), ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, fig.size()).into_drawing_area();
        draw_on(fig, &root)?;
    }
    write_atomic(path, svg.as_bytes()).map_err(|source| ChartError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// A temporary PNG beside the destination (the encoder picks the format from the
/// extension, so it keeps `.png`); removed unless renamed into place.
struct TempPng(PathBuf);

impl Drop for TempPng {
    fn drop(&mut self) {
        // Already renamed on success, so this only cleans up after a failure.
        let _ = std::fs::remove_file(&self.0);
    }
}

fn render_png(fig: &impl Figure, path: &Path) -> Result<(), ChartError> {
    let name = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chart".into());
    let tmp = TempPng(path.with_file_name(format!(".{name}.tmp-{}.png", std::process::id())));
    {
        let root = BitMapBackend::new(&tmp.0, fig.size()).into_drawing_area();
        draw_on(fig, &root)?;
    }
    std::fs::rename(&tmp.0, path).map_err(|source| ChartError::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_handle_degenerate_values() {
        assert_eq!(upper_bound(&[]), 1.0);
        assert_eq!(upper_bound(&[0.0, -3.0, f64::NAN]), 1.0);
        assert!((upper_bound(&[2.0, 10.0]) - 11.0).abs() < 1e-12);
        assert_eq!(TimeAxis::for_horizon(3600.0).label, "time (min)");
        assert_eq!(TimeAxis::for_horizon(3.0 * 3600.0), TimeAxis::HOURS);
        assert_eq!(
            steps(&[(0.0, 1.0), (1.0, 2.0)], 3.0),
            vec![(0.0, 1.0), (1.0, 1.0), (1.0, 2.0), (3.0, 2.0)]
        );
        assert_eq!(tick(0.0005), "0.0005");
        assert_eq!(tick(0.30000000000000004), "0.3");
        assert_eq!(tick(2.5), "2.5");
        assert_eq!(tick(25.0), "25");
        assert_eq!(tick(2500.0), "2500");
        assert_eq!(tick(0.001), "0.001");
        assert_eq!(tick(-1.5), "-1.5");
        assert_eq!(tick(0.0), "0");
        assert_eq!(fmt_secs(0.25), "250 ms");
        assert_eq!(fmt_secs(2.5), "2.50 s");
        assert_eq!(fmt_secs(612.4), "10m12s");
        assert_eq!(fmt_secs(2e-6), "2.00 µs");
        assert_eq!(fmt_secs(0.0), "0 s");
        assert!(ensure_font().is_ok());
        assert!(ensure_font().is_ok());
    }
}
