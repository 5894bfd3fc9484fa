//! CloudWatch metric data: `get-metric-data` (with or without the query file that names
//! each result's metric, statistic and period) and `get-metric-statistics`, merged into one
//! [`MetricSeries`] per (metric, statistic).

use super::{Origin, UtcMicros};

/// One metric's datapoints for one statistic, sorted by time, one value per timestamp.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricSeries {
    /// `MetricName`, e.g. `ApproximateBacklogSize`.
    pub metric: String,
    /// The statistic: `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, or an
    /// extended one such as `p99`.
    pub stat: String,
    /// Period of the datapoints, seconds (from the query, else the smallest spacing of the
    /// timestamps, at least 60).
    pub period_s: u32,
    /// `Dimensions` as (`Name`, `Value`) when the query file or the request gives them.
    pub dimensions: Vec<(String, String)>,
    /// `(timestamp, value)`: the timestamp is the start of the period.
    pub points: Vec<(UtcMicros, f64)>,
    /// Every place the datapoints were read.
    pub origins: Vec<Origin>,
    /// How the metric or statistic was inferred when no query file named it (e.g. "from
    /// the Label; statistic assumed Average"), for the import report.
    pub assumption: Option<String>,
}

impl MetricSeries {
    /// The value at exactly `t`, if recorded.
    pub fn at(&self, t: UtcMicros) -> Option<f64> {
        self.points
            .binary_search_by_key(&t, |p| p.0)
            .ok()
            .map(|i| self.points[i].1)
    }

    /// First and last timestamps.
    pub fn span(&self) -> Option<(UtcMicros, UtcMicros)> {
        Some((self.points.first()?.0, self.points.last()?.0))
    }
}

/// The statistics CloudWatch names (`Statistic` of `get-metric-statistics`, `Stat` of a
/// query); extended statistics (`p99`, `tm90`, ...) are accepted as written.
pub const STATISTICS: &[&str] = &["Average", "Sum", "Minimum", "Maximum", "SampleCount"];
