//! CloudWatch metrics: `get-metric-data-queries.json` (the `--metric-data-queries` file)
//! and `get-metric-data.json` (its output, newest first as AWS returns by default), or
//! with a page size `get-metric-data-page-<n>.json`.
//!
//! Which minutes have a datapoint follows CloudWatch: the backlog metrics wherever the
//! simulation published one; the per-variant counts (`InvocationsProcesssed`,
//! `ExpiredRequests`, `InvocationFailures`) only in minutes with at least one event; the
//! latencies only in minutes in which requests completed. A request counts in the minute
//! it finished (see `sim::trace`).

use super::{ids, number, page_name, Ctx, Out};
use crate::aws::export::{ENDPOINT_DIMENSION, METRIC_NAMESPACE};
use crate::metrics::minute::MinuteCounts;
use crate::metrics::{EndpointMetric, Statistic, StatisticSet};
use crate::recorded::UtcMicros;
use crate::sim::trace::{RequestMinute, TraceMinute};
use serde_json::{json, Map, Value};
use std::io;

/// Where a series' values come from.
#[derive(Clone, Copy)]
enum Source {
    /// An endpoint metric's datapoint.
    Endpoint(EndpointMetric),
    /// A count of the minute, by metric name (a datapoint only when > 0; the statistic is
    /// `Sum`).
    Count(&'static str, fn(&MinuteCounts) -> u64),
    /// Statistics in seconds of the requests that completed, by metric name, times this
    /// factor (to µs or ms).
    Requests(
        &'static str,
        fn(&RequestMinute) -> Option<StatisticSet>,
        f64,
    ),
}

/// One series written.
#[derive(Clone, Copy)]
struct Series {
    /// Query `Id` (lowercase first).
    id: &'static str,
    /// `Stat`.
    stat: Statistic,
    /// Dimensions EndpointName + VariantName (else EndpointName alone).
    per_variant: bool,
    source: Source,
}

const fn endpoint(id: &'static str, m: EndpointMetric, stat: Statistic) -> Series {
    Series {
        id,
        stat,
        per_variant: false,
        source: Source::Endpoint(m),
    }
}

const fn count(id: &'static str, metric: &'static str, f: fn(&MinuteCounts) -> u64) -> Series {
    Series {
        id,
        stat: Statistic::Sum,
        per_variant: true,
        source: Source::Count(metric, f),
    }
}

const fn requests(
    id: &'static str,
    metric: &'static str,
    stat: Statistic,
    f: fn(&RequestMinute) -> Option<StatisticSet>,
    factor: f64,
) -> Series {
    Series {
        id,
        stat,
        per_variant: true,
        source: Source::Requests(metric, f, factor),
    }
}

fn completed(c: &MinuteCounts) -> u64 {
    c.completed
}
fn expired(c: &MinuteCounts) -> u64 {
    c.expired
}
fn failed(c: &MinuteCounts) -> u64 {
    c.failed
}
fn service(r: &RequestMinute) -> Option<StatisticSet> {
    r.service
}
fn wait(r: &RequestMinute) -> Option<StatisticSet> {
    r.wait
}
fn latency(r: &RequestMinute) -> Option<StatisticSet> {
    r.latency
}

const MICROS: f64 = 1e6;
const MILLIS: f64 = 1e3;

/// Every series, in query order.
const SERIES: [Series; 18] = {
    use EndpointMetric as M;
    use Statistic as S;
    [
        endpoint("backlog_avg", M::ApproximateBacklogSize, S::Average),
        endpoint("backlog_max", M::ApproximateBacklogSize, S::Maximum),
        endpoint("backlog_min", M::ApproximateBacklogSize, S::Minimum),
        endpoint("backlog_samples", M::ApproximateBacklogSize, S::SampleCount),
        endpoint(
            "backlog_per_instance_avg",
            M::ApproximateBacklogSizePerInstance,
            S::Average,
        ),
        endpoint(
            "oldest_age_max",
            M::ApproximateAgeOfOldestRequest,
            S::Maximum,
        ),
        endpoint(
            "oldest_age_avg",
            M::ApproximateAgeOfOldestRequest,
            S::Average,
        ),
        endpoint(
            "backlog_without_capacity_avg",
            M::HasBacklogWithoutCapacity,
            S::Average,
        ),
        count("processed_sum", "InvocationsProcesssed", completed),
        count("expired_sum", "ExpiredRequests", expired),
        count("failures_sum", "InvocationFailures", failed),
        requests(
            "model_latency_avg",
            "ModelLatency",
            S::Average,
            service,
            MICROS,
        ),
        requests(
            "model_latency_samples",
            "ModelLatency",
            S::SampleCount,
            service,
            MICROS,
        ),
        requests(
            "model_latency_max",
            "ModelLatency",
            S::Maximum,
            service,
            MICROS,
        ),
        requests(
            "time_in_backlog_avg",
            "TimeInBacklog",
            S::Average,
            wait,
            MICROS,
        ),
        requests(
            "time_in_backlog_samples",
            "TimeInBacklog",
            S::SampleCount,
            wait,
            MICROS,
        ),
        requests(
            "total_processing_time_avg",
            "TotalProcessingTime",
            S::Average,
            latency,
            MILLIS,
        ),
        requests(
            "total_processing_time_samples",
            "TotalProcessingTime",
            S::SampleCount,
            latency,
            MILLIS,
        ),
    ]
};

impl Series {
    /// `MetricName`.
    fn metric(&self) -> &'static str {
        match self.source {
            Source::Endpoint(m) => m.name(),
            Source::Count(name, _) | Source::Requests(name, ..) => name,
        }
    }

    /// `<MetricName> <Stat>`.
    /// `Metric:Statistic`, how [`WriteOptions::metrics`](super::WriteOptions) names it.
    fn key(&self) -> String {
        format!("{}:{}", self.metric(), stat_name(self.stat))
    }

    fn label(&self) -> String {
        format!("{} {}", self.metric(), stat_name(self.stat))
    }

    /// The value of minute `m`, if it has a datapoint.
    fn value(&self, m: &TraceMinute) -> Option<f64> {
        let v = match self.source {
            Source::Endpoint(metric) => m.record.metrics[metric.index()]?.get(self.stat),
            Source::Count(_, f) => Some(f(&m.record.counts)).filter(|&n| n > 0)? as f64,
            Source::Requests(_, f, factor) => {
                let set = f(&m.requests)?;
                match self.stat {
                    Statistic::SampleCount => set.sample_count,
                    s => set.get(s) * factor,
                }
            }
        };
        v.is_finite().then_some(v)
    }

    /// `Dimensions`.
    fn dimensions(&self, cx: &Ctx<'_>) -> Value {
        let mut d = vec![json!({ "Name": ENDPOINT_DIMENSION, "Value": cx.endpoint })];
        if self.per_variant {
            d.push(json!({ "Name": "VariantName", "Value": cx.variant }));
        }
        Value::Array(d)
    }
}

/// `Average`, `Sum`, ...
fn stat_name(s: Statistic) -> &'static str {
    match s {
        Statistic::Average => "Average",
        Statistic::Minimum => "Minimum",
        Statistic::Maximum => "Maximum",
        Statistic::Sum => "Sum",
        Statistic::SampleCount => "SampleCount",
    }
}

/// Every series the writer knows, as `Metric:Statistic`.
pub fn metric_series() -> Vec<String> {
    SERIES.iter().map(Series::key).collect()
}

/// The series `cx` asks for.
fn chosen(cx: &Ctx<'_>) -> Vec<Series> {
    SERIES
        .iter()
        .filter(|s| {
            cx.opts
                .metrics
                .as_ref()
                .is_none_or(|only| only.iter().any(|k| *k == s.key()))
        })
        .copied()
        .collect()
}

/// Write the query file and the output (one file or pages).
pub(super) fn write(cx: &Ctx<'_>, out: &mut Out<'_>) -> io::Result<()> {
    let cmd = cx.commands();
    out.json(
        "get-metric-data-queries.json",
        &queries(cx),
        &cmd.metric_queries(),
    )?;
    let results = results(cx);
    let Some(size) = cx.opts.page_size else {
        let doc = page_doc(cx, &results, 0, usize::MAX, None);
        return out.json("get-metric-data.json", &doc, &cmd.metric_data());
    };
    let size = size.max(1);
    let longest = results.iter().map(|(_, p)| p.len()).max().unwrap_or(0);
    let pages = longest.div_ceil(size).max(1);
    for page in 0..pages {
        let token = (page + 1 < pages).then(|| ids::next_token("get-metric-data", page + 1));
        let doc = page_doc(cx, &results, page * size, size, token);
        out.json(
            &page_name("get-metric-data", page + 1),
            &doc,
            &cmd.metric_data(),
        )?;
    }
    Ok(())
}

/// The `--metric-data-queries` list.
fn queries(cx: &Ctx<'_>) -> Value {
    let list: Vec<Value> = chosen(cx)
        .iter()
        .map(|s| {
            json!({
                "Id": s.id,
                "MetricStat": {
                    "Metric": {
                        "Namespace": METRIC_NAMESPACE,
                        "MetricName": s.metric(),
                        "Dimensions": s.dimensions(cx),
                    },
                    "Period": 60,
                    "Stat": stat_name(s.stat),
                },
                "Label": s.label(),
                "ReturnData": true,
            })
        })
        .collect();
    Value::Array(list)
}

/// Each series with its datapoints, newest first.
fn results(cx: &Ctx<'_>) -> Vec<(Series, Vec<(UtcMicros, f64)>)> {
    chosen(cx)
        .iter()
        .map(|s| {
            let points = cx
                .trace()
                .minutes
                .iter()
                .rev()
                .filter_map(|m| Some((cx.minute_start(m.record.minute), s.value(m)?)))
                .collect();
            (*s, points)
        })
        .collect()
}

/// One output document: of every result, the datapoints `[from, from + len)`; with a
/// token, results say `PartialData`.
fn page_doc(
    cx: &Ctx<'_>,
    results: &[(Series, Vec<(UtcMicros, f64)>)],
    from: usize,
    len: usize,
    token: Option<String>,
) -> Value {
    let status = if token.is_some() {
        "PartialData"
    } else {
        "Complete"
    };
    let list: Vec<Value> = results
        .iter()
        .map(|(s, points)| {
            let page = points.iter().skip(from).take(len);
            let (times, values): (Vec<Value>, Vec<Value>) = page
                .filter_map(|&(t, v)| Some((t, number(v)?)))
                .map(|(t, v)| (cx.time(t), v))
                .unzip();
            json!({
                "Id": s.id,
                "Label": s.label(),
                "Timestamps": times,
                "Values": values,
                "StatusCode": status,
            })
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("MetricDataResults".into(), Value::Array(list));
    if let Some(t) = token {
        doc.insert("NextToken".into(), Value::String(t));
    }
    doc.insert("Messages".into(), json!([]));
    Value::Object(doc)
}
