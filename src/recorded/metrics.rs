//! CloudWatch metric data: `get-metric-data` (with or without the query file that names
//! each result's metric, statistic and period) and `get-metric-statistics`, merged into one
//! [`MetricSeries`] per (metric, statistic).
//!
//! Owns reading those outputs ([`parse_queries`], [`parse_metric_data`],
//! [`parse_statistics`]), the table of asynchronous-endpoint metrics and the Labels that
//! name them ([`parse_label`]); the query files are read in `metric_queries` (re-exported
//! here); `series.rs` matches results to queries and merges pages.

use super::json::{self, Obj};
use super::{Origin, UtcMicros};
use crate::error::Issue;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The metrics of a SageMaker asynchronous endpoint (namespace `AWS/SageMaker`), each
/// with the statistic it is normally read with (`Sum` for the counts).
pub const ASYNC_METRICS: &[(&str, &str)] = &[
    ("ApproximateBacklogSize", "Average"),
    ("ApproximateBacklogSizePerInstance", "Average"),
    ("ApproximateAgeOfOldestRequest", "Average"),
    ("HasBacklogWithoutCapacity", "Average"),
    ("InvocationsProcesssed", "Sum"),
    ("ExpiredRequests", "Sum"),
    ("InvocationFailures", "Sum"),
    ("RequestDownloadFailures", "Sum"),
    ("ResponseUploadFailures", "Sum"),
    ("NotificationFailures", "Sum"),
    ("TimeInBacklog", "Average"),
    ("RequestDownloadLatency", "Average"),
    ("ResponseUploadLatency", "Average"),
    ("ModelLatency", "Average"),
    ("TotalProcessingTime", "Average"),
];

/// AWS's spelling of a metric name: `InvocationsProcessed` (two s) is read as
/// `InvocationsProcesssed` (three s, as AWS publishes it).
pub fn canonical_metric(name: &str) -> &str {
    if name == "InvocationsProcessed" {
        "InvocationsProcesssed"
    } else {
        name
    }
}

/// The entry of [`ASYNC_METRICS`] for `name` (either spelling of InvocationsProcesssed).
pub fn async_metric(name: &str) -> Option<(&'static str, &'static str)> {
    let name = canonical_metric(name);
    ASYNC_METRICS.iter().copied().find(|(m, _)| *m == name)
}

/// A statistic as written in a Label: one of [`STATISTICS`] (any case), or a percentile
/// `pNN` / `pNN.N` from 0 to 100; in CloudWatch's spelling.
pub fn parse_stat(s: &str) -> Option<String> {
    if let Some(name) = STATISTICS.iter().find(|n| n.eq_ignore_ascii_case(s)) {
        return Some((*name).to_string());
    }
    let digits = s.strip_prefix('p').or_else(|| s.strip_prefix('P'))?;
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let ok = !int.is_empty()
        && int.len() <= 3
        && all_digits(int)
        && frac.len() <= 2
        && all_digits(frac)
        && !(digits.ends_with('.'));
    let value: f64 = digits.parse().ok()?;
    (ok && value <= 100.0).then(|| format!("p{digits}"))
}

/// The metric and statistic a `get-metric-data` Label names: `<Metric>`,
/// `<Metric> <Stat>`, `<Metric>_<Stat>` or `<Metric>:<Stat>` (metric of
/// [`ASYNC_METRICS`]).
pub fn parse_label(label: &str) -> Option<(&'static str, Option<String>)> {
    let label = label.trim();
    if let Some((m, _)) = async_metric(label) {
        return Some((m, None));
    }
    for sep in [' ', '_', ':'] {
        if let Some((m, s)) = label.rsplit_once(sep) {
            if let (Some((m, _)), Some(s)) = (async_metric(m.trim()), parse_stat(s.trim())) {
                return Some((m, Some(s)));
            }
        }
    }
    None
}

pub use super::metric_queries::{dimension, parse_queries, Query, QueryFile, QuerySpec, StatQuery};
/// One `MetricDataResults[*]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct DataResult {
    /// `MetricDataResults[i]`.
    pub path: String,
    /// `Id`.
    pub id: String,
    /// `Label`.
    pub label: Option<String>,
    /// `StatusCode`.
    pub status: Option<String>,
    /// `Messages` as `Code: Value`.
    pub messages: Vec<String>,
    /// `(Timestamps[j], Values[j])`, in the file's order.
    pub points: Vec<(UtcMicros, f64)>,
}

/// A `get-metric-data` output (one page).
#[derive(Debug, Clone, PartialEq)]
pub struct DataOutput {
    /// The file.
    pub file: PathBuf,
    /// `MetricDataResults`.
    pub results: Vec<DataResult>,
    /// `NextToken`: more pages follow.
    pub next_token: Option<String>,
    /// Top-level `Messages` as `Code: Value`.
    pub messages: Vec<String>,
}

/// The `StatusCode`s of a metric data result.
pub const STATUS_CODES: &[&str] = &["Complete", "PartialData", "InternalError", "Forbidden"];

fn messages(o: &Obj<'_>, issues: &mut Vec<Issue>) -> Vec<String> {
    o.list("Messages", issues)
        .into_iter()
        .filter_map(|(path, v)| {
            let m = Obj::of(v, path, issues)?;
            let code = m.str("Code", issues).unwrap_or("");
            let value = m.str("Value", issues).unwrap_or("");
            Some(format!("{code}: {value}"))
        })
        .collect()
}

/// A `get-metric-data` output.
pub fn parse_metric_data(file: &Path, doc: &Value, issues: &mut Vec<Issue>) -> DataOutput {
    let mut out = DataOutput {
        file: file.to_path_buf(),
        results: Vec::new(),
        next_token: None,
        messages: Vec::new(),
    };
    let Some(top) = Obj::of(doc, "", issues) else {
        return out;
    };
    out.next_token = top.str("NextToken", issues).map(str::to_string);
    out.messages = messages(&top, issues);
    for (path, v) in top.req_list("MetricDataResults", issues) {
        if let Some(r) = Obj::of(v, path, issues).and_then(|o| data_result(&o, issues)) {
            out.results.push(r);
        }
    }
    out
}

fn data_result(o: &Obj<'_>, issues: &mut Vec<Issue>) -> Option<DataResult> {
    let before = issues.len();
    let id = o.req_str("Id", issues);
    let status = o.str("StatusCode", issues);
    if let Some(s) = status.filter(|s| !STATUS_CODES.contains(s)) {
        issues.push(Issue::new(
            o.path_of("StatusCode"),
            format!(
                "{} is not a StatusCode; expected Complete, PartialData, InternalError or \
                 Forbidden",
                json::shown(s)
            ),
        ));
    }
    let times = o.req_list("Timestamps", issues);
    let values = o.req_list("Values", issues);
    if times.len() != values.len() {
        issues.push(Issue::new(
            o.path_of("Values"),
            format!(
                "{} values for {} Timestamps: each timestamp needs the value at the same \
                 position",
                values.len(),
                times.len()
            ),
        ));
    }
    let mut points = Vec::with_capacity(times.len());
    for ((tp, t), (vp, v)) in times.iter().zip(values.iter()) {
        let t = json::parse_time_value(t).map_err(|m| issues.push(Issue::new(tp.clone(), m)));
        let v = v.as_f64().ok_or_else(|| {
            issues.push(Issue::new(
                vp.clone(),
                format!("expected a number, found {}", json::type_name(v)),
            ))
        });
        if let (Ok(t), Ok(v)) = (t, v) {
            points.push((t, v));
        }
    }
    let result = DataResult {
        path: o.path.clone(),
        id: id.unwrap_or_default().to_string(),
        label: o.str("Label", issues).map(str::to_string),
        status: status.map(str::to_string),
        messages: messages(o, issues),
        points,
    };
    (issues.len() == before).then_some(result)
}

/// A `get-metric-statistics` output: the metric (`Label`) and one list of
/// `(timestamp, value, index in Datapoints)` per statistic key found.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsOutput {
    /// The file.
    pub file: PathBuf,
    /// `Label`: the metric name, in AWS's spelling.
    pub metric: String,
    /// Statistic (`Average`, ..., or an `ExtendedStatistics` key) → datapoints.
    pub series: BTreeMap<String, Vec<(UtcMicros, f64, usize)>>,
}

/// A `get-metric-statistics` output (datapoints in any order). An empty `Datapoints`
/// gets a warning.
pub fn parse_statistics(
    file: &Path,
    doc: &Value,
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<String>,
) -> StatsOutput {
    let mut out = StatsOutput {
        file: file.to_path_buf(),
        metric: String::new(),
        series: BTreeMap::new(),
    };
    let Some(top) = Obj::of(doc, "", issues) else {
        return out;
    };
    out.metric = canonical_metric(top.req_str("Label", issues).unwrap_or_default()).to_string();
    let datapoints = top.req_list("Datapoints", issues);
    if datapoints.is_empty() && top.has("Datapoints") {
        warnings.push(format!(
            "{}: Datapoints: empty (no data of {} in the time range asked); ignored",
            file.display(),
            json::quote(&out.metric)
        ));
    }
    for (j, (path, v)) in datapoints.into_iter().enumerate() {
        let Some(dp) = Obj::of(v, path, issues) else {
            continue;
        };
        datapoint(&dp, j, &mut out.series, issues);
    }
    out
}

type StatPoints = BTreeMap<String, Vec<(UtcMicros, f64, usize)>>;

fn datapoint(dp: &Obj<'_>, j: usize, series: &mut StatPoints, issues: &mut Vec<Issue>) {
    let Some(t) = dp.req_time("Timestamp", issues) else {
        return;
    };
    let mut found = false;
    for stat in STATISTICS {
        if let Some(v) = dp.f64(stat, issues) {
            series
                .entry((*stat).to_string())
                .or_default()
                .push((t, v, j));
            found = true;
        }
    }
    if let Some(ext) = dp.obj("ExtendedStatistics", issues) {
        for (k, v) in ext.map {
            match v.as_f64() {
                Some(v) => {
                    series.entry(k.clone()).or_default().push((t, v, j));
                    found = true;
                }
                None => issues.push(Issue::new(
                    ext.path_of(k),
                    format!("expected a number, found {}", json::type_name(v)),
                )),
            }
        }
    }
    if !found {
        issues.push(Issue::new(
            dp.path.clone(),
            "a datapoint with no statistic (Average, Sum, Minimum, Maximum, SampleCount or \
             ExtendedStatistics)",
        ));
    }
}
