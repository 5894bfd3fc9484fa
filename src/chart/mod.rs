//! Charts of one run or of several variants side by side, as SVG or PNG.
//!
//! ```text
//! engine ──Observer──▶ data::RunSeries (per minute: backlog, capacity, arrivals, cost;
//!                                       scaling marks; alarm states)
//!                          │ pure preparation (data.rs, timeline_data.rs): downsample_minmax,
//!                          │ hourly, cdf/ccdf series, alarm spans, zoom day, short alarm
//!                          │ names, cold starts, colour-scale ticks — unit-tested without plotters
//!                          ▼
//!   timeline · latency_cdf · cost_vs_p99 · hourly_chart  ──plotters──▶ file.svg / file.png
//! ```
//!
//! Drawing needs no system library: PNG text is rasterised by `ab_glyph` from the DejaVu
//! Sans font embedded in the binary (`assets/fonts/`), registered with plotters before
//! every chart; SVG text names `DejaVu Sans, sans-serif`, so a viewer without DejaVu falls
//! back to its generic sans-serif font. Files are written atomically (temporary file, then
//! rename), like every other output. The drawing functions never panic on odd data (empty
//! runs, all zeros, zero latency on the log axis): they draw what there is or return a
//! [`ChartError`].

pub mod cdf;
pub mod data;
pub mod frontier;
pub mod heatmap;
pub mod hourly;
pub mod overlay;
mod render;
pub mod scatter;
pub mod timeline;
pub mod timeline_data;
mod timeline_panels;

pub use cdf::{latency_cdf, LatencyCurve};
pub use data::{AlarmTrack, HourRow, RunSeries, ScalingMark};
pub use hourly::hourly_chart;
pub use scatter::{cost_vs_p99, CostPoint};
pub use timeline::timeline;

use std::path::PathBuf;

/// Output format of a chart.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum ChartFormat {
    /// Scalable vector graphics (text left to the viewer's fonts).
    #[default]
    Svg,
    /// Portable network graphics (text rasterised with the embedded font).
    Png,
}

impl ChartFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }
}

/// Why a chart could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// Nothing was given to draw (e.g. no runs at all).
    #[error("nothing to chart: {0}")]
    NoData(&'static str),
    /// The embedded font could not be registered with plotters.
    #[error("chart font: {0}")]
    Font(String),
    /// Plotters failed while drawing (message of its error).
    #[error("drawing chart: {0}")]
    Draw(String),
    /// The chart file could not be written.
    #[error("{}: cannot write chart: {source}", path.display())]
    Io {
        /// The chart file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for ChartError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> ChartError {
        ChartError::Draw(e.to_string())
    }
}

#[cfg(test)]
mod tests;
