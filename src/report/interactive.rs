//! The data model of the report's interactive charts: a [`ChartSet`] of [`ChartSpec`]s,
//! serialised to JSON for `assets/report/report.js`, which draws them with uPlot. Each chart
//! is a list of [`Table`]s (one x column and its series, e.g. one per variant) that the
//! script aligns on x. Numbers are written compactly (integers without `.0`, six significant
//! digits otherwise, `null` for a missing value) so a week of minutes stays small; the
//! JSON is escaped for a `<script>` element by [`super::html::json_for_script`].
//!
//! This module knows nothing about runs or sweeps: `run_charts` and the sweep report build
//! the specs.

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

/// Colours of the variants (and of the sweep's series), in order, repeating.
pub const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
];

/// The colour of the `i`-th variant.
pub fn color(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Completed ÷ arrived: the share of requests whose latency the charts show, `None` when
/// none arrived. The one place the report computes it.
pub fn completed_share(completed: f64, arrived: f64) -> Option<f64> {
    (arrived > 0.0 && completed.is_finite()).then(|| completed / arrived)
}

/// A share as a percentage for a legend: `99.2%`, `100%` (all), `>99.99%` (not quite all),
/// `0.05%`.
pub fn fmt_share(share: f64) -> String {
    let pct = 100.0 * share;
    if pct == 100.0 || pct == 0.0 {
        format!("{pct:.0}%")
    } else if pct >= 99.995 {
        ">99.99%".to_string()
    } else if pct >= 99.95 {
        format!("{pct:.2}%")
    } else if pct >= 1.0 {
        format!("{pct:.1}%")
    } else {
        format!("{pct:.2}%")
    }
}

/// Every interactive chart of a page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChartSet {
    /// Groups the reader can switch on and off together (the variants), each a checkbox;
    /// empty for a single run.
    pub groups: Vec<String>,
    /// The charts, in page order.
    pub charts: Vec<ChartSpec>,
}

/// How the script formats the numbers of an axis (ticks and hover values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Seconds since the start of the run, as `2d 03:15`.
    Elapsed,
    /// A duration in seconds, as `350 ms`, `12.3 s`, `5m 20s`.
    Duration,
    /// US dollars.
    Usd,
    /// A count (requests, instances).
    Count,
    /// A fraction, shown as a percentage.
    Share,
}

/// One axis.
#[derive(Debug, Clone, Serialize)]
pub struct Axis {
    /// Axis title.
    pub label: String,
    /// Number format.
    pub unit: Unit,
    /// Logarithmic (base 10); every value on it must be positive.
    pub log: bool,
    /// The range starts at 0 (linear axes only).
    pub from_zero: bool,
}

impl Axis {
    /// A linear axis.
    pub fn linear(label: impl Into<String>, unit: Unit, from_zero: bool) -> Axis {
        Axis {
            label: label.into(),
            unit,
            log: false,
            from_zero,
        }
    }

    /// A log axis.
    pub fn log(label: impl Into<String>, unit: Unit) -> Axis {
        Axis {
            label: label.into(),
            unit,
            log: true,
            from_zero: false,
        }
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Straight segments between points.
    Line,
    /// A step function: each value holds over the interval that ends at its x (a value at
    /// the end of a minute covers that minute).
    Step,
    /// Markers only.
    Points,
}

/// Whiskers around each point of a series: the ends of an interval on x and on y (NaN: no
/// whisker on that axis for that point).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ErrorBars {
    /// Lower ends on x.
    pub x_lo: Nums,
    /// Upper ends on x.
    pub x_hi: Nums,
    /// Lower ends on y.
    pub y_lo: Nums,
    /// Upper ends on y.
    pub y_hi: Nums,
}

/// One series of a table.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// The group (variant) it belongs to, for the on/off switches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Index into [`ChartSpec::y`].
    pub axis: usize,
    /// CSS colour.
    pub color: String,
    /// Dashed line.
    pub dash: bool,
    /// Line width (CSS px); marker size for [`Style::Points`].
    pub width: f64,
    /// How it is drawn.
    pub style: Style,
    /// One value per row of its table (NaN: no value).
    pub y: Nums,
    /// Text shown with the hovered value, one per row (empty: none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// Whiskers, one per row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub err: Option<ErrorBars>,
}

impl Series {
    /// A series with no group, labels or whiskers.
    pub fn new(label: impl Into<String>, color: &str, style: Style, y: Vec<f64>) -> Series {
        Series {
            label: label.into(),
            group: None,
            axis: 0,
            color: color.to_string(),
            dash: false,
            width: if style == Style::Points { 7.0 } else { 1.5 },
            style,
            y: Nums(y),
            labels: Vec::new(),
            err: None,
        }
    }

    /// The same, in `group`.
    pub fn in_group(mut self, group: &str) -> Series {
        self.group = Some(group.to_string());
        self
    }
}

/// An x column and the series measured on it. Its x values are ascending.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The x values.
    pub x: Nums,
    /// The series, each with one value per x.
    pub series: Vec<Series>,
}

/// A straight line across the plot at one value, e.g. an SLO limit.
#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    /// `"x"` (a vertical line) or `"y"` (a horizontal one, on the first y axis).
    pub axis: &'static str,
    /// Where.
    pub value: f64,
    /// Text drawn beside it.
    pub label: String,
    /// CSS colour.
    pub color: String,
}

/// One chart.
#[derive(Debug, Clone, Serialize)]
pub struct ChartSpec {
    /// Stable identifier (the `data-chart` attribute of its figure).
    pub id: String,
    /// Caption.
    pub title: String,
    /// A line under the chart telling how to read and handle it.
    pub hint: String,
    /// The x axis.
    pub x: Axis,
    /// One or two y axes (the second is drawn on the right).
    pub y: Vec<Axis>,
    /// The data.
    pub tables: Vec<Table>,
    /// Lines at fixed values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
    /// Charts with the same key zoom, pan and hover together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync: Option<String>,
    /// Shift-drag pans along x (drag always zooms; double-click resets).
    pub pan: bool,
    /// Plot height in CSS pixels.
    pub height: u32,
}

impl ChartSpec {
    /// Every series label, in order (what the script reports after drawing).
    pub fn series_labels(&self) -> Vec<&str> {
        self.tables
            .iter()
            .flat_map(|t| t.series.iter().map(|s| s.label.as_str()))
            .collect()
    }
}

/// Numbers for the JSON: integers without a fraction, others rounded to six significant
/// digits, non-finite as `null`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Nums(pub Vec<f64>);

impl Nums {
    /// Number of values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<f64>> for Nums {
    fn from(v: Vec<f64>) -> Nums {
        Nums(v)
    }
}

impl Serialize for Nums {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for &v in &self.0 {
            if !v.is_finite() {
                seq.serialize_element(&Option::<f64>::None)?;
            } else if v.fract() == 0.0 && v.abs() < 9.0e15 {
                seq.serialize_element(&(v as i64))?;
            } else {
                seq.serialize_element(&round_significant(v, 6))?;
            }
        }
        seq.end()
    }
}

/// `v` rounded to `digits` significant decimal digits.
pub fn round_significant(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let exponent = v.abs().log10().floor() as i32;
    let shift = digits - 1 - exponent;
    if shift > 300 {
        v
    } else if shift >= 0 {
        let p = 10f64.powi(shift);
        (v * p).round() / p
    } else {
        let p = 10f64.powi(-shift);
        (v / p).round() * p
    }
}

/// Thin a long minute grid for the page: up to `max_rows` rows are kept as they are; a
/// longer grid is cut into equal buckets of consecutive rows, each written as two rows (at
/// the bucket's first x and at its middle x) that hold, for every series separately, its
/// smallest and largest value in the bucket in the order they occurred — so peaks and
/// troughs survive and every series keeps the same x column. Series shorter than `x` are
/// padded with NaN.
pub fn thin_aligned(x: &[f64], ys: &[&[f64]], max_rows: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = x.len();
    let value = |y: &[f64], i: usize| y.get(i).copied().unwrap_or(f64::NAN);
    if n <= max_rows.max(2) {
        let cols = ys.iter().map(|y| (0..n).map(|i| value(y, i)).collect());
        return (x.to_vec(), cols.collect());
    }
    let buckets = (max_rows / 2).max(1);
    let size = n.div_ceil(buckets);
    let mut out_x = Vec::with_capacity(2 * buckets);
    let mut out_y: Vec<Vec<f64>> = vec![Vec::with_capacity(2 * buckets); ys.len()];
    let mut start = 0;
    while start < n {
        let end = (start + size).min(n);
        let two = end - start > 1;
        out_x.push(x[start]);
        if two {
            out_x.push(x[start + (end - start) / 2]);
        }
        for (col, y) in out_y.iter_mut().zip(ys) {
            let (mut imin, mut imax) = (start, start);
            for i in start..end {
                let v = value(y, i);
                if v < value(y, imin) || value(y, imin).is_nan() {
                    imin = i;
                }
                if v > value(y, imax) || value(y, imax).is_nan() {
                    imax = i;
                }
            }
            let (first, second) = (imin.min(imax), imin.max(imax));
            col.push(value(y, first));
            if two {
                col.push(value(y, second));
            }
        }
        start = end;
    }
    (out_x, out_y)
}

#[cfg(test)]
#[path = "interactive_tests.rs"]
mod tests;
